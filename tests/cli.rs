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
    daybook_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, &[])
}

/// Runs `daybook ARGS` in `dir` with the environment cleared but for `env`;
/// the default config file is looked for where there is none, so that the
/// config of whoever runs the tests never counts.
fn daybook_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(args)
        .env_clear()
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("run daybook")
}

/// A folder that does not exist: no default config file.
const NO_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/no-config-here");

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
            .starts_with("95  2018-01-10  2018-02-02  Vesper"),
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
    assert!(out.starts_with("1 channel, 15 days, 693 messages"), "{out}");
    assert!(out.contains("  189  2018-01-22 Mon  seeds"), "{out}");
    assert!(
        out.contains("Messages by hour")
            && out.contains("Top speakers")
            && out.contains("Busiest days")
    );
    let o = daybook(&["stats", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["messages"], 693);
    assert_eq!(
        v["by_hour"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .sum::<u64>(),
        693
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
    has("notes.txt", 1, "note: not a chat file");
    has("index.md", 1, "note: not a chat file");
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
    let o = daybook(&["export", "on:2018-01-22", "--format", "csv", "--csv-raw"]);
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
    // Without --csv-raw, bodies that a spreadsheet would run as a formula
    // (`@mention` …) get a leading quote, and nothing else changes.
    let o = daybook(&["export", "on:2018-01-22", "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    let guarded: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let mut quoted = 0;
    for (g, raw) in guarded.iter().zip(&rows) {
        if raw[4].starts_with(['=', '+', '-', '@']) {
            quoted += 1;
            assert_eq!(g[4].strip_prefix('\''), Some(&raw[4]));
        } else {
            assert_eq!(&g[4], &raw[4]);
        }
    }
    assert!(quoted > 0);
    let jsonl = daybook(&["export", "on:2018-01-22", "--format", "jsonl"]);
    assert_eq!(stdout(&jsonl).lines().count(), 189);
}

#[test]
fn export_html_escapes_every_string_and_markdown_groups_by_day() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ndate: 2018-06-01 12:00:00\n---\n> 09:00:00  <script>alert(1)</script>  \n   \n<img src=x onerror=alert(2)> & \"quotes\"  \n   \n";
    std::fs::write(dir.path().join("2018-06-01-chat.markdown"), text).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out_file = out_dir.path().join("out.html");
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

// ---------------------------------------------------------------------------
// The command line as a person types it
// ---------------------------------------------------------------------------

/// Writes `text` as a config file in a fresh folder; returns both.
fn config_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

#[test]
fn global_options_work_before_the_command() {
    let o = daybook(&["--color", "never", "days"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("2018-01-22  Mon  seeds  189 messages"));
    let o = daybook(&["--color", "always", "search", "区块链 on:2018-01-22"]);
    assert!(
        stdout(&o).contains("\x1b[1;31m区块链\x1b[0m"),
        "{}",
        stdout(&o)
    );
    let (_dir, cfg) = config_file("time_format = \"%H:%M\"\n");
    let o = daybook(&["--config", &cfg, "show", "2018-01-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("\n06:47  李小胖"), "{}", stdout(&o));
    // And after it, as before.
    let o = daybook(&["show", "2018-01-22", "--config", &cfg]);
    assert!(stdout(&o).contains("\n06:47  李小胖"), "{}", stdout(&o));
}

#[test]
fn a_mistyped_command_is_named_and_a_folder_named_like_one_is_reachable() {
    let o = daybook(&["serach", "支付"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        "daybook: serach: no such command, file or folder; did you mean 'search'?\n"
    );
    let o = daybook(&["dyas"]);
    assert!(
        stderr(&o).contains("did you mean 'days'?"),
        "{}",
        stderr(&o)
    );
    // Not every missing path is a command.
    let o = daybook(&["no-such-archive"]);
    assert_eq!(
        stderr(&o),
        "daybook: no-such-archive: no such file or folder\n"
    );

    let tmp = tempfile::tempdir().unwrap();
    let days = tmp.path().join("days");
    std::fs::create_dir(&days).unwrap();
    std::fs::write(
        days.join("2020-02-02-chat.markdown"),
        "---\ndate: 2020-02-02 12:00:00\n---\n> 09:00:00  甲  \n   \n你好  \n",
    )
    .unwrap();
    let o = daybook_in(tmp.path(), &["./days"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "2020-02-02  Sun  days  1 message   1 speaker\n");
    // Written bare, it is the command (on the bundled sample).
    let o = daybook_in(tmp.path(), &["days"], &[]);
    assert!(
        stdout(&o).contains("  seeds  189 messages"),
        "{}",
        stdout(&o)
    );
    let o = daybook_in(tmp.path(), &["days", "days"], &[]);
    assert!(
        stdout(&o).starts_with("2020-02-02  Sun  days"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn queries_that_begin_with_a_dash_are_queries() {
    let all = daybook(&["search", "on:2018-01-22", "--count"]);
    assert_eq!(stdout(&all).trim(), "189");
    let o = daybook(&["search", "-has:image on:2018-01-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("Usage"), "{out}");
    let images = daybook(&["search", "has:image on:2018-01-22", "--count"]);
    let images: usize = stdout(&images).trim().parse().unwrap();
    assert!(images > 0);
    assert_eq!(out.lines().count(), 189 - images, "{out}");
    assert!(out.lines().all(|l| !l.contains("](http")), "{out}");
    // A CJK word after the dash (clap would read `-区` as a short option).
    let o = daybook(&["search", "-区块链 on:2018-01-22", "--count"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "187");
    let o = daybook(&["search", "-区块链 二维码", fixture("cjk").to_str().unwrap()]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    // Options still work, before and after the query.
    let o = daybook(&["search", "-c", "-区块链 on:2018-01-22"]);
    assert_eq!(stdout(&o).trim(), "187");
    let o = daybook(&["export", "-from:Ark on:2018-01-22", "-f", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).lines().count(),
        1 + 189 - 2,
        "a header and every row but Ark's two"
    );
}

#[test]
fn the_config_file_shapes_what_commands_print() {
    let (_dir, cfg) = config_file(
        "time_format = \"%H:%M\"\nemoji = \"unicode\"\ngroup_minutes = 0\n\
         [colors]\ntimestamp = 244\ntitle = \"blue\"\nhit = \"#ff0000\"\nspeakers = [1]\n",
    );
    let o = daybook(&["--config", &cfg, "show", "2018-01-22", "--width", "100"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("06:57  Wall-E  ") && out.contains("👍"),
        "{out}"
    );
    assert!(!out.contains("[强]"), "emoji codes shown as emoji:\n{out}");
    let o = daybook(&["--config", &cfg, "search", "区块链 on:2018-01-22"]);
    assert!(
        stdout(&o).starts_with("2018-01-22 08:26  Emerson: "),
        "{}",
        stdout(&o)
    );
    let o = daybook(&[
        "--config",
        &cfg,
        "--color",
        "always",
        "search",
        "强 on:2018-01-22",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("\x1b[38;5;244m2018-01-22 06:57\x1b[0m"),
        "{out:?}"
    );
    assert!(out.contains("\x1b[1;38;5;1mWall-E\x1b[0m"), "{out:?}");
    assert!(
        out.contains("\x1b[1;30;48;2;255;0;0m👍\x1b[0m"),
        "the hit inside an emoji code marks its emoji: {out:?}"
    );
    let o = daybook(&["--config", &cfg, "--color", "always", "show", "2018-01-22"]);
    assert!(
        stdout(&o).starts_with("\x1b[1;34m2018-01-22 Monday"),
        "{}",
        stdout(&o)
    );
    // DAYBOOK_CONFIG names it too.
    let o = daybook_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["show", "2018-01-22"],
        &[("DAYBOOK_CONFIG", &cfg)],
    );
    assert!(stdout(&o).contains("\n06:47  李小胖"), "{}", stdout(&o));
}

#[test]
fn a_bad_config_is_an_error_with_file_and_line_for_every_command() {
    let cases = [
        (
            "theme = \"dark\"\nfont = \"big\"\n",
            ":2: unknown field `font`",
        ),
        ("[colors]\n\nhit = \"blurple\"\n", ":3: "),
        ("time_format = \"%Y\"\n", ":1: time_format"),
        ("theme = \n", ":1: "),
        (
            "[keys.normal]\n\"x\" = \"quit\"\n\"y\" = \"fly\"\n",
            ":3: in [keys.normal]: \"y\": unknown action \"fly\"; the actions are: quit, help,",
        ),
        (
            "[keys.nope]\n\"x\" = \"quit\"\n",
            ":2: in [keys.nope]: unknown section",
        ),
    ];
    let sample = fixture("cjk");
    let sample = sample.to_str().unwrap();
    for (text, want) in cases {
        let (_dir, cfg) = config_file(text);
        for args in [
            vec!["days"],
            vec!["days", sample],
            vec!["show", "2018-01-22"],
            vec!["search", "x"],
            vec!["search", "x", sample],
            vec!["speakers"],
            vec!["stats"],
            vec!["check"],
            vec!["export", ""],
            vec!["man"],
            vec!["completions", "bash"],
            vec![],
        ] {
            let mut argv = vec!["--config", cfg.as_str()];
            argv.extend(&args);
            let o = daybook(&argv);
            assert_eq!(o.status.code(), Some(2), "{args:?} with {text:?}");
            assert!(o.stdout.is_empty(), "{args:?}: {}", stdout(&o));
            let err = stderr(&o);
            assert!(
                err.starts_with(&format!("daybook: {cfg}{want}")),
                "{args:?} with {text:?}: {err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
    let o = daybook(&["--config", "no/such/config.toml", "days"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "daybook: no/such/config.toml: no such file\n");
}

#[test]
fn show_json_for_a_date_of_several_channels_is_an_array() {
    let o = daybook(&[
        "show",
        "2019-03-01",
        fixture("cjk").to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let days = v.as_array().expect("an array");
    let channels: Vec<&str> = days
        .iter()
        .map(|d| d["channel"].as_str().unwrap())
        .collect();
    assert_eq!(channels, ["teamjp", "teamkr"]);
    assert!(
        days.iter()
            .all(|d| d["date"] == "2019-03-01" && d["messages"].as_array().is_some())
    );
    // One channel asked for: one object.
    let o = daybook(&[
        "show",
        "2019-03-01",
        fixture("cjk").to_str().unwrap(),
        "--json",
        "--channel",
        "kr",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["channel"], "teamkr");
}

/// A day whose speakers have long names in several scripts.
fn long_names_archive() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let chan = tmp.path().join("长名字的频道-a-channel-with-a-long-name");
    std::fs::create_dir(&chan).unwrap();
    let names = [
        "胡桥-资邦金服-产品总监-上海浦东新区陆家嘴",
        "Bartholomew Featherstonehaugh-Cholmondeley",
        "👩‍👩‍👧‍👦家族群管理员🎉🎉🎉🎉🎉🎉",
        "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}",
        "ｆｕｌｌｗｉｄｔｈ\u{200b}ｎａｍｅ\u{200d}ｗｉｔｈ\u{200b}ｚｅｒｏ",
        "A",
        "",
        "한국어이름이아주길어요정말로길어요",
    ];
    let mut text = String::from("---\ndate: 2020-03-03 12:00:00\n---\n");
    for (i, name) in names.iter().cycle().take(40).enumerate() {
        text.push_str(&format!(
            "> 10:{:02}:{:02}  {name}  \n   \n第{i}条：支付清算的对账文件👍🏽在T+1早上给，Ｆｕｌｌｗｉｄｔｈ text and a https://example.com/a/very/long/link/that/goes/on  \n   \n",
            i / 60,
            i % 60
        ));
    }
    std::fs::write(chan.join("2020-03-03-chat.markdown"), text).unwrap();
    tmp
}

#[test]
fn show_width_holds_for_every_line() {
    let long = long_names_archive();
    let cases: Vec<(String, String)> = vec![
        ("2018-01-22".into(), String::new()),
        ("2020-03-03".into(), long.path().to_str().unwrap().into()),
    ];
    for (date, path) in &cases {
        for width in (20..=60).chain([80, 100, 120, 200]) {
            let w = width.to_string();
            let mut args = vec!["show", date.as_str(), "--width", &w];
            if !path.is_empty() {
                args.push(path);
            }
            let o = daybook(&args);
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
            for line in stdout(&o).lines() {
                assert!(
                    daybook::text::width(line) <= width,
                    "{args:?}: {} columns: {line:?}",
                    daybook::text::width(line)
                );
            }
        }
    }
    let o = daybook(&[
        "show",
        "2020-03-03",
        long.path().to_str().unwrap(),
        "--width",
        "60",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("  胡桥-资邦金服-…  第0条"),
        "cut with an ellipsis:\n{out}"
    );
    assert!(out.contains("  A  ") || out.contains("  A       "), "{out}");
    let o = daybook(&["show", "2018-01-22", "--width", "19"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("20 is the least"), "{}", stderr(&o));
}

#[test]
fn input_that_is_no_archive_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let text = tmp.path().join("passwd");
    std::fs::write(&text, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    let (empty, text) = (empty.to_str().unwrap(), text.to_str().unwrap());
    let cases = [
        (
            "README.md",
            "README.md: not a chat archive: not a chat file daybook reads (`daybook check README.md` says why)",
        ),
        (empty, "not a chat archive: no files in it"),
        (text, "not a chat archive: not a chat file daybook reads"),
        #[cfg(unix)]
        (
            "/dev/null",
            "/dev/null: not a chat archive: not a chat file daybook reads",
        ),
    ];
    for (path, want) in cases {
        for args in [
            vec!["days", path],
            vec!["stats", path],
            vec!["speakers", path],
            vec!["show", "2018-01-22", path],
            vec!["search", "支付", path],
            vec!["search", "from:x", path],
            vec!["search", "支付", path, "--count"],
            vec!["export", "", path],
            vec![path],
        ] {
            let o = daybook(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(o.stdout.is_empty(), "{args:?}: {}", stdout(&o));
            assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
            assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
        }
        let o = daybook(&["check", path]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("not a chat archive"), "{}", stderr(&o));
    }
}

#[test]
fn counts_agree_and_plurals_are_english() {
    let dir = fixture("hostile");
    let d = dir.to_str().unwrap();
    let days = stdout(&daybook(&["days", d]));
    let n = days.lines().count();
    assert!(days.contains("hostile  0 messages  0 speakers"), "{days}");
    assert!(days.contains("hostile  1 message   1 speaker\n"), "{days}");
    let json: serde_json::Value =
        serde_json::from_slice(&daybook(&["days", d, "--json"]).stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), n);
    let stats = stdout(&daybook(&["stats", d]));
    assert!(
        stats.starts_with(&format!("1 channel, {n} days, ")),
        "{n} days listed:\n{stats}"
    );
    let stats: serde_json::Value =
        serde_json::from_slice(&daybook(&["stats", d, "--json"]).stdout).unwrap();
    assert_eq!(stats["days"], n);
    let check = daybook(&["check", d]);
    assert!(
        stderr(&check).starts_with(&format!("{n} days, ")),
        "{}",
        stderr(&check)
    );
    let out = stdout(&check);
    assert!(
        out.contains(&format!(
            "{d}/2018-03-14-frontmatter-only.markdown:1: note: no messages (the day is listed with 0 messages)"
        )),
        "{out}"
    );

    // A day file whose front matter claims lines it does not hold.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("2018-05-05-chat.markdown"),
        "---\ndate: 2018-05-05 12:00:00\nlines:      760 \n---\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("2018-05-06-chat.markdown"),
        "---\ndate: 2018-05-06 12:00:00\n---\n> 09:00:00  甲  \n   \n一  \n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("2018-05-07-chat.markdown"), "").unwrap();
    let t = tmp.path().to_str().unwrap();
    let o = daybook(&["check", t]);
    assert_eq!(
        stdout(&o),
        format!(
            "{t}/2018-05-05-chat.markdown:1: warning: no messages, though the front matter says `lines: 760`; the day is empty\n\
             {t}/2018-05-07-chat.markdown:1: error: empty file\n"
        )
    );
    assert_eq!(
        stderr(&o),
        "2 days, 1 message; 1 error, 1 warning, 0 notes\n"
    );
    let o = daybook(&["stats", t]);
    assert!(
        stdout(&o).starts_with("1 channel, 2 days, 1 message, 1 speaker, 2018-05-05 to 2018-05-06"),
        "{}",
        stdout(&o)
    );
    let o = daybook(&["show", "2018-05-06", t]);
    assert!(
        stdout(&o).contains(" · 1 message · 1 speaker\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_manual_covers_queries_keys_files_environment_and_exit_status() {
    let o = daybook(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let man = stdout(&o);
    for section in [
        ".SH \"QUERY LANGUAGE\"",
        ".SH \"KEYS\"",
        ".SH \"EXIT STATUS\"",
        ".SH \"ENVIRONMENT\"",
        ".SH \"FILES\"",
        ".SH \"EXAMPLES\"",
    ] {
        assert!(man.contains(section), "no {section}");
    }
    for needle in [
        "from:NAME",
        "has:image",
        "on:DATE",
        "DAYBOOK_CONFIG",
        "DAYBOOK_STATE",
        "NO_COLOR",
        "config.toml",
        "state.json",
        "time_format",
        "next_day",
        "pick_speakers",
        "Ctrl\\-d",
        "\\fB0\\fR",
        "\\fB1\\fR",
        "\\fB2\\fR",
        "./days",
    ] {
        assert!(man.contains(needle), "the manual lacks {needle:?}");
    }
    // ASCII only (groff reads it without a preprocessor; ↓ is \[u2193]).
    assert!(man.is_ascii(), "{man}");
    assert!(man.contains("\\[u2193]"), "the arrow keys");
    // Every line that starts with a dot is a request, never text.
    for line in man.lines().filter(|l| l.starts_with('.')) {
        let request = line[1..].split_whitespace().next().unwrap_or("");
        assert!(
            [
                "TH", "SH", "SS", "TP", "PP", "IP", "RS", "RE", "br", "B", "I", "sp", "ie", "el",
                "nf", "fi", "in", "ti", "EX", "EE"
            ]
            .contains(&request)
                || request.starts_with('\\'),
            "{line:?}"
        );
    }
    let o = daybook(&["--help"]);
    assert!(
        stdout(&o).contains("Exit status: 0 on success"),
        "{}",
        stdout(&o)
    );
}
