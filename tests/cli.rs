//! The real binary on fixture folders, with the environment cleared:
//! stdout, stderr and exit status checked together.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn daybook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(args)
        .env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run daybook")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// No byte that could start or be part of a terminal control sequence.
fn assert_no_controls(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (i, c) in text.char_indices() {
        let bad = (c.is_control() && c != '\n')
            || ('\u{80}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(!bad, "control {c:?} at byte {i} in output:\n{text}");
    }
}

#[test]
fn days_on_the_bundled_sample() {
    let o = daybook(&["days"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("2018-01-22  Mon  seeds  189 messages"),
        "{out}"
    );
}

#[test]
fn no_subcommand_prints_the_day_list_when_not_a_terminal() {
    let o = daybook(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("2018-01-22  Mon  seeds  189 messages"));
}

#[test]
fn days_json_has_the_stable_schema() {
    let o = daybook(&["days", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let day = v
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == "2018-01-22")
        .unwrap();
    assert_eq!(day["weekday"], "Mon");
    assert_eq!(day["channel"], "seeds");
    assert_eq!(day["messages"], 189);
    assert!(day["speakers"].as_u64().unwrap() > 30);
}

#[test]
fn show_wraps_to_the_width_in_display_columns() {
    let o = daybook(&["show", "2018-01-22", "--width", "50"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("2018-01-22 Monday · seeds · 189 messages"),
        "{out}"
    );
    assert!(out.contains("06:47:30  李小胖"));
    for line in out.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 50,
            "too wide: {line:?}"
        );
        assert!(!line.starts_with('，'));
    }
    let wide = stdout(&daybook(&["show", "2018-01-22", "--width", "120"]));
    assert!(wide.contains("07:18:33  Ark"));
    assert!(wide.contains("[image] http://static.cocolian.cn/img/201801/20180122_071833.png"));
}

#[test]
fn show_json_round_trips() {
    let o = daybook(&["show", "2018-01-22", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let msgs = v["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 189);
    assert_eq!(msgs[0]["time"], "06:47:30");
    assert_eq!(msgs[0]["speaker"], "李小胖");
    assert_eq!(msgs[0]["body"], "20180112-265号文解读");
    assert_eq!(msgs[2]["spans"][0]["kind"], "image");
}

#[test]
fn show_a_missing_day_names_the_nearest() {
    let o = daybook(&["show", "2018-01-27"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o).trim(),
        "daybook: no day 2018-01-27 in the archive (nearest: 2018-01-25)"
    );
}

#[test]
fn show_asks_for_a_channel_when_the_date_is_ambiguous() {
    let o = daybook(&["show", "2019-03-01", fixture("cjk").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--channel"), "{}", stderr(&o));
    let o = daybook(&[
        "show",
        "2019-03-01",
        fixture("cjk").to_str().unwrap(),
        "--channel",
        "jp",
        "--width",
        "40",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("teamjp"));
    for line in out.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 40,
            "too wide: {line:?}"
        );
        assert!(
            !line.trim_start().starts_with(['、', '。', '」', '！']),
            "kinsoku: {line:?}"
        );
    }
}

#[test]
fn search_marks_matches_and_counts() {
    let o = daybook(&["search", "区块链 on:2018-01-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.lines()
            .all(|l| l.starts_with("2018-01-22 ") && l.contains("区块链")),
        "{out}"
    );
    let colored = daybook(&["search", "区块链 on:2018-01-22", "--color", "always"]);
    assert!(stdout(&colored).contains("\x1b[1;31m区块链\x1b[0m"));
    let count = daybook(&["search", "区块链 on:2018-01-22", "--count"]);
    assert_eq!(stdout(&count).trim(), out.lines().count().to_string());
}

#[test]
fn search_with_qualifiers_and_context() {
    let o = daybook(&["search", "from:Ark has:image on:2018-01-22"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.lines().all(|l| l.contains("  Ark: ![")), "{out}");
    let o = daybook(&["search", "从区块链", "--context", "1"]);
    assert_eq!(o.status.code(), Some(1));
    let o = daybook(&["search", "296号文 on:2018-01-22", "--context", "1"]);
    let out = stdout(&o);
    assert!(out.contains(": 是296号文解读吧？"), "{out}");
    assert!(
        out.lines().any(|l| l.contains("- ")),
        "context lines use '-': {out}"
    );
}

#[test]
fn search_json_lines_carry_match_ranges() {
    let o = daybook(&["search", "296 on:2018-01-22", "--json"]);
    for line in stdout(&o).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let body = v["body"].as_str().unwrap();
        for m in v["matches"].as_array().unwrap() {
            let (s, e) = (
                m[0].as_u64().unwrap() as usize,
                m[1].as_u64().unwrap() as usize,
            );
            assert_eq!(&body[s..e], "296");
        }
    }
}

#[test]
fn a_bad_query_points_at_the_bad_part() {
    let o = daybook(&["search", "ping on:2018-13"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("`2018-13` at column 9"), "{err}");
}

#[test]
fn speakers_ranked_by_count_and_by_fuzzy_score() {
    let o = daybook(&["speakers"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(
        first
            .trim_start()
            .starts_with("75  2018-01-10  2018-02-02  玲"),
        "{first}"
    );
    let o = daybook(&["speakers", "--fuzzy", "ark"]);
    assert_eq!(
        stdout(&o).lines().next().unwrap().split_whitespace().last(),
        Some("Ark")
    );
}

#[test]
fn stats_totals_and_hours() {
    let o = daybook(&["stats"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("1 channel, 15 days, 715 messages"), "{out}");
    assert!(out.contains("  189  2018-01-22 Mon  seeds"), "{out}");
    assert!(
        out.contains("Messages by hour")
            && out.contains("Top speakers")
            && out.contains("Busiest days")
    );
    let o = daybook(&["stats", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["messages"], 715);
    assert_eq!(
        v["by_hour"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .sum::<u64>(),
        715
    );
}

#[test]
fn check_reports_each_malformed_file_with_file_and_line() {
    let dir = fixture("malformed");
    let o = daybook(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "errors make check fail");
    let out = stdout(&o);
    let has = |file: &str, line: u32, what: &str| {
        let prefix = format!("{}:{line}: ", dir.join(file).display());
        assert!(
            out.lines()
                .any(|l| l.starts_with(&prefix) && l.contains(what)),
            "no {prefix}…{what} in\n{out}"
        );
    };
    has("2018-02-01-chat.markdown", 1, "error: empty file");
    has("2018-02-02-chat.markdown", 1, "never closed");
    has("2018-02-03-chat.markdown", 10, "invalid UTF-8 at byte");
    has("2018-02-04-chat.markdown", 12, "impossible time 25:61:99");
    has("2018-02-04-chat.markdown", 16, "time goes back");
    has(
        "2018-02-04-chat.markdown",
        20,
        "looks like a message header",
    );
    has(
        "2018-02-05-chat.markdown",
        1,
        "error: not a text file (PNG image)",
    );
    has("2018-02-07-chat.markdown", 2, "not valid YAML");
    has("notes.txt", 1, "note: not a day file");
    has("index.md", 1, "note: not a day file");
    has(".DS_Store", 1, "note: hidden file");
    assert!(
        !out.contains("2018-02-06"),
        "a clean file has no diagnostics:\n{out}"
    );
    assert!(stderr(&o).contains("errors"));
}

#[test]
fn a_bad_file_never_stops_the_others() {
    let o = daybook(&["days", fixture("malformed").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for d in [
        "2018-02-02",
        "2018-02-03",
        "2018-02-04",
        "2018-02-06",
        "2018-02-07",
    ] {
        assert!(out.contains(d), "{d} missing from\n{out}");
    }
    assert!(stderr(&o).contains("could not be read as days; `daybook check` lists them"));
}

#[test]
fn missing_path_is_one_clear_line() {
    let o = daybook(&["days", "no/such/place"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "daybook: no/such/place: no such file or folder\n"
    );
}

#[test]
fn hostile_text_never_reaches_stdout_raw() {
    let dir = fixture("hostile");
    let d = dir.to_str().unwrap();
    for args in [
        vec!["show", "2018-03-01", d],
        vec!["show", "2018-03-01", d, "--json"],
        vec!["search", "e", d],
        vec!["search", "e", d, "--color", "always"],
        vec!["search", "e", d, "--json"],
        vec!["speakers", d],
        vec!["days", d],
        vec!["check", d],
        vec!["stats", d],
    ] {
        let o = daybook(&args);
        assert!(
            o.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            stderr(&o)
        );
        if args.contains(&"always") {
            // Only our own SGR sequences: strip them and check the rest.
            let s = String::from_utf8(o.stdout.clone()).unwrap();
            let stripped = s
                .replace("\x1b[1;31m", "")
                .replace("\x1b[0m", "")
                .replace("\x1b[2m", "");
            let stripped = regex_lite_strip_speaker(&stripped);
            assert_no_controls(stripped.as_bytes());
        } else {
            assert_no_controls(&o.stdout);
        }
        assert_no_controls(&o.stderr);
    }
}

/// Removes `ESC[1;38;5;Nm`, the speaker colour.
fn regex_lite_strip_speaker(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[1;38;5;") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 9..];
        let m = after.find('m').unwrap();
        rest = &after[m + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn closed_pipe_ends_quietly() {
    use std::io::Read;
    // Far more output than a pipe buffers, so that the writer meets the closed pipe.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("---\ndate: 2018-05-01 12:00:00\n---\n");
    for i in 0..20_000 {
        text.push_str(&format!("> {:02}:{:02}:{:02}  说话人{}  \n   \n第{i}条消息，内容足够长以便填满管道缓冲区。  \n   \n", i / 3600 % 24, i / 60 % 60, i % 60, i % 7));
    }
    std::fs::write(dir.path().join("2018-05-01-chat.markdown"), text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(["show", "2018-05-01", dir.path().to_str().unwrap()])
        .env_clear()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "status {status:?}, stderr {err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn export_csv_and_json_parse_back() {
    let o = daybook(&["export", "on:2018-01-22", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    assert_eq!(
        rdr.headers().unwrap(),
        vec!["date", "time", "channel", "speaker", "body"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 189);
    assert_eq!(&rows[0][1], "06:47:30");
    assert_eq!(&rows[0][3], "李小胖");
    assert_eq!(&rows[0][4], "20180112-265号文解读");
    let json = daybook(&["export", "on:2018-01-22", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 189);
    for (row, m) in rows.iter().zip(arr) {
        assert_eq!(&row[4], m["body"].as_str().unwrap(), "CSV and JSON agree");
    }
    let jsonl = daybook(&["export", "on:2018-01-22", "--format", "jsonl"]);
    assert_eq!(stdout(&jsonl).lines().count(), 189);
}

#[test]
fn export_html_escapes_every_string_and_markdown_groups_by_day() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ndate: 2018-06-01 12:00:00\n---\n> 09:00:00  <script>alert(1)</script>  \n   \n<img src=x onerror=alert(2)> & \"quotes\"  \n   \n";
    std::fs::write(dir.path().join("2018-06-01-chat.markdown"), text).unwrap();
    let out_file = dir.path().join("out.html");
    let o = daybook(&[
        "export",
        "",
        dir.path().to_str().unwrap(),
        "--format",
        "html",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out_file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("<script>") && !html.contains("<img"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;"));
    let md = daybook(&["export", "区块链 on:2018-01-22", "--format", "markdown"]);
    let md = stdout(&md);
    assert!(
        md.starts_with("# daybook export: `区块链 on:2018-01-22`"),
        "{md}"
    );
    assert!(md.contains("## 2018-01-22 Monday · seeds"));
    assert!(md.contains("- **08:26:05** Emerson: @ark-滴滴-开发?没有区块链了"));
}

#[test]
fn export_refuses_to_write_into_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2018-06-01-chat.markdown");
    std::fs::write(
        &file,
        "---\ndate: 2018-06-01 12:00:00\n---\n> 09:00:00  A  \n   \nhi  \n",
    )
    .unwrap();
    let before = std::fs::read(&file).unwrap();
    let o = daybook(&[
        "export",
        "",
        dir.path().to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("never writes into an archive"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = daybook(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        assert!(stdout(&o).contains("daybook"), "{shell}");
    }
    let o = daybook(&["man"]);
    assert!(stdout(&o).contains(".TH daybook 1"));
    for cmd in [
        "days",
        "show",
        "search",
        "speakers",
        "stats",
        "check",
        "export",
        "completions",
        "man",
    ] {
        let o = daybook(&[cmd, "--help"]);
        assert!(
            stdout(&o).contains("Examples:"),
            "{cmd} --help has examples"
        );
    }
}

#[test]
fn gbk_and_utf16_files_are_decoded_with_a_note() {
    let dir = fixture("legacy");
    let d = dir.to_str().unwrap();
    let o = daybook(&["check", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("2018-04-01-chat.markdown:1: note: decoded from GB18030"),
        "{out}"
    );
    assert!(
        out.contains("2018-04-02-chat.markdown:1: note: decoded from UTF-16LE"),
        "{out}"
    );
    assert!(
        out.contains("2018-04-03-chat.markdown:1: note: decoded from UTF-16BE"),
        "{out}"
    );
    let o = daybook(&["show", "2018-04-01", d]);
    assert!(
        stdout(&o).contains("09:00:00  张三  二维码支付，大家早上好！"),
        "{}",
        stdout(&o)
    );
    // The raw-byte search decodes legacy files whole, so it finds what the model holds.
    let o = daybook(&["search", "二维码", d, "--count"]);
    assert_eq!(stdout(&o).trim(), "3");
    let o = daybook(&["search", "from:李四", d, "--count"]);
    assert_eq!(stdout(&o).trim(), "3");
}
