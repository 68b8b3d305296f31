//! `daybook search` reading only what the query needs
//! (`commands::search::run_paths`) prints exactly what a search over the
//! whole model prints (`commands::open` then `commands::search::run`):
//! stdout, the report of unreadable files on stderr, and the outcome, for
//! every output mode, on the fixtures, on hand-made hostile files and on a
//! generated archive.

#[path = "support/files.rs"]
mod files;
use files::zip_dir;
#[path = "../benches/support/gen.rs"]
#[allow(clippy::pedantic)]
mod generator;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;
use daybook::cli::{Cli, Command};
use daybook::commands::{self, Outcome, search};
use daybook::config::Config;
use daybook::model::Severity;

/// Output modes tried for every query.
const MODES: &[&[&str]] = &[
    &[],
    &["--count"],
    &["--json"],
    &["--context", "1"],
    &["--json", "--context", "2"],
    &["--count", "--json"],
];

type Run = (Result<Outcome, String>, String, String);

fn cli(query: &str, paths: &[PathBuf], mode: &[&str]) -> Cli {
    let mut argv: Vec<String> = vec!["daybook".into(), "search".into()];
    argv.push("--color".into());
    argv.push("never".into());
    argv.push("--".into());
    argv.push(query.into());
    argv.extend(paths.iter().map(|p| p.display().to_string()));
    let mut cli = Cli::parse_from(&argv);
    if let Some(Command::Search(a)) = &mut cli.command {
        let flags = Cli::parse_from(
            ["daybook", "search", "x"]
                .iter()
                .copied()
                .chain(mode.iter().copied()),
        );
        if let Some(Command::Search(f)) = flags.command {
            a.count = f.count;
            a.json = f.json;
            a.context = f.context;
        }
    }
    cli
}

/// The search over the whole model.
fn full(cli: &Cli) -> Run {
    let Some(Command::Search(args)) = &cli.command else {
        unreachable!()
    };
    let config = Config::from_cli(cli);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let result = commands::open(&args.paths.paths).and_then(|archive| {
        let errors = archive
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 0 {
            let files = if errors == 1 { "file" } else { "files" };
            writeln!(
                err,
                "daybook: {errors} {files} could not be read as days; `daybook check` lists them"
            )?;
        }
        search::run(&archive, args, &config, &mut out)
    });
    (
        result.map_err(|e| e.to_string()),
        String::from_utf8(out).expect("utf-8"),
        String::from_utf8(err).expect("utf-8"),
    )
}

/// The search reading only what it needs.
fn fast(cli: &Cli) -> Run {
    let Some(Command::Search(args)) = &cli.command else {
        unreachable!()
    };
    let config = Config::from_cli(cli);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let result = search::run_paths(&args.paths.paths, args, &config, &mut out, &mut err);
    (
        result.map_err(|e| e.to_string()),
        String::from_utf8(out).expect("utf-8"),
        String::from_utf8(err).expect("utf-8"),
    )
}

/// Output modes for the cheaper checks.
const FEW_MODES: &[&[&str]] = &[&["--count"], &["--json", "--context", "1"]];

/// Checks every query in every mode; returns how many runs printed something.
fn check(paths: &[PathBuf], queries: &[&str]) -> usize {
    check_modes(paths, queries, MODES)
}

fn check_modes(paths: &[PathBuf], queries: &[&str], modes: &[&[&str]]) -> usize {
    let mut printed = 0;
    for query in queries {
        for mode in modes {
            let cli = cli(query, paths, mode);
            let want = full(&cli);
            let got = fast(&cli);
            assert_eq!(
                got, want,
                "query {query:?} with {mode:?} on {paths:?}: fast path (left) differs"
            );
            if matches!(want.0, Ok(Outcome::Success)) && !mode.contains(&"--count") {
                printed += 1;
            }
        }
    }
    printed
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

const FM: &str = "---\nlayout:     source \ntitle:      \"2019-02-04-WeChat\"\ndate:       2019-02-04 12:00:00\nauthor:     None\ntag:       [chat]\n---\n";

/// A folder of one day whose messages are `bodies`, a minute apart, from
/// `speakers` speakers in turn.
fn one_day_of(bodies: &[String], speakers: usize) -> tempfile::TempDir {
    let mut day = FM.to_string();
    for (i, b) in bodies.iter().enumerate() {
        day.push_str(&format!(
            "> {:02}:{:02}:00  S{}  \n   \n{b}  \n   \n",
            i / 60,
            i % 60,
            i % speakers
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2019-02-04-chat.markdown"), day).unwrap();
    dir
}

/// Files that exercise what the raw-byte prefilter must not miss.
fn hostile_archive(dir: &Path) {
    let chan = dir.join("hostile");
    let other = dir.join("other").join("_posts");
    std::fs::create_dir_all(&chan).unwrap();
    std::fs::create_dir_all(&other).unwrap();
    let w = |p: PathBuf, b: &[u8]| std::fs::write(p, b).unwrap();
    // Entities that decode into the search terms, and a plain hit.
    w(
        chan.join("2019-02-04-chat.markdown"),
        format!(
            "{FM}> 09:00:00  A  \n   \nERP&amp;amp;电商 &#20108;&#32500;&#30721; A &amp; B  \n   \n> 09:00:01  B  \n   \n扫二维码  \n   \n> 09:00:02  C  \n   \n&amp;lt;b&amp;gt; ping &#x70;ong  \n   \n"
        )
        .as_bytes(),
    );
    // Bidi controls inside a word, tabs, C1 controls, zero-width characters.
    w(
        chan.join("2019-02-05-chat.markdown"),
        "---\ndate: 2019-02-05\n---\n> 10:00:00  Bidi\u{202e}  \n   \n二维\u{202e}码 abc\u{2066}dcba  \n   \n> 10:00:01  Tab  \n   \n列1\t列2 p\ti\tn\tg  \n   \n> 10:00:02  C1  \n   \ncsi\u{9b}31m dcs\u{90}q nel\u{85}end  \n   \n> 10:00:03  Zw  \n   \nzero\u{200b}width e\u{301}\u{301}\u{301}\u{301}\u{301}x  \n".as_bytes(),
    );
    // CRLF, lone CR, a byte-order mark, invalid UTF-8, a look-alike header.
    w(
        chan.join("2019-02-06-chat.markdown"),
        b"\xEF\xBB\xBF---\r\ndate: 2019-02-06\r\n---\r\n> 11:00:00  Crlf  \r\n   \r\n\xE6\x89\xAB\xE4\xBA\x8C\xE7\xBB\xB4\xE7\xA0\x81 crlf  \r\n   \r\n> 11:00:01  Lone  \r   \rlone cr \xFF\xFE ping\r> 12:34:56 not a header \xE4\xBA\x8C\xE7\xBB\xB4\xE7\xA0\x81\r   \r> 11:00:02  Inv\xC3  \n   \n\xE4\xBA \xE4\xBA\x8C\xE7\xBB\xB4\xE7\xA0\x81\n",
    );
    // The front matter's date wins over the file name's; stray text first.
    w(
        chan.join("2019-02-09-chat.markdown"),
        "---\ndate: 2019-03-01 08:00:00\n---\nstray 二维码 line  \n> 08:00:00  Late  \n   \n二维码 in March  \n".as_bytes(),
    );
    // Unclosed front matter ending at a header; no front matter at all.
    w(
        chan.join("2019-02-07-chat.markdown"),
        "---\ntitle: x\n> 09:00:00  A  \n   \n二维码 unclosed  \n".as_bytes(),
    );
    w(
        chan.join("2019-02-08-chat.txt"),
        "> 09:00:00  NoFm  \n   \n二维码 ping  \n".as_bytes(),
    );
    // Invisible characters: tags (removed by the sanitiser) and ignorable
    // zero-width characters (looked through by search) inside words; many
    // occurrences of one word (more than are marked).
    w(
        chan.join("2019-02-13-chat.markdown"),
        format!(
            "{FM}> 09:00:00  Tags\u{e0041}  \n   \ntag\u{e0041}\u{e007f}hidden 二\u{e0030}维码  \n   \n> 09:00:01  Zw  \n   \nsoft\u{ad}hyphen word\u{2060}joiner no\u{feff}break zw\u{200c}nj mongo\u{180e}lian 二\u{200d}维\u{200b}码 Ping\u{200b}Pong  \n   \n> 09:00:02  Many  \n   \n{}  \n   \n> 09:00:03  Tabbed  \n   \nwith\ttab  \n",
            "xq ".repeat(1500)
        )
        .as_bytes(),
    );
    // Two byte-order marks before the front matter (whose date is not the
    // file name's), and UTF-32 in both byte orders.
    w(
        chan.join("2019-02-14-chat.markdown"),
        "\u{feff}\u{feff}---\ndate: 2019-03-02\n---\n> 09:00:00  Bom  \n   \ndoublebom 二维码  \n"
            .as_bytes(),
    );
    let utf32 = "---\ndate: 2019-02-15\n---\n> 09:00:00  Wide  \n   \nutf32 二维码 ping  \n";
    let mut le = vec![0xff, 0xfe, 0, 0];
    le.extend(utf32.chars().flat_map(|c| u32::from(c).to_le_bytes()));
    w(chan.join("2019-02-15-chat.markdown"), &le);
    let mut be = vec![0, 0, 0xfe, 0xff];
    be.extend(
        utf32
            .replace("02-15", "02-16")
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes()),
    );
    w(chan.join("2019-02-16-chat.markdown"), &be);
    // Shares, red packets, files and placeholders without entities (so not
    // "risky"): their raw bytes hold markup and targets that the cards do
    // not show, and a count must not take them for sure matches.
    w(
        chan.join("2019-02-17-chat.markdown"),
        format!(
            "{FM}> 09:00:00  S  \n   \n[无实体的标题 二维码\n](http://x.example.cn/a?ping=1)  \n   \n\
             > 09:00:01  S  \n   \n[一行的标题](http://x.example.cn/b)  \n   \n\
             > 09:00:02  S  \n   \n[二维码清单.pdf\n]()  \n   \n\
             > 09:00:03  S  \n   \n[文件:ping.docx]  \n   \n\
             > 09:00:04  S  \n   \n大吉 查看红包  \n   \n\
             > 09:00:05  S  \n   \n<?xml version=\"1.0\"?>  \n   \n\
             > 09:00:06  S  \n   \n[wxid_ping:\n](wxid_ping:)  \n   \n\
             > 09:00:07  S  \n   \n[没有链接\n]()  \n   \n\
             > 09:00:08  S  \n   \n看 [内联](http://x.example.cn/c) 二维码  \n   \n"
        )
        .as_bytes(),
    );
    // Files that are not days: errors and notes.
    w(chan.join("2019-02-10-chat.markdown"), b"");
    w(
        chan.join("2019-02-11-chat.markdown"),
        b"\x89PNG\r\n\x1a\n\0\0\0",
    );
    w(chan.join("notes.txt"), "二维码 just notes\n".as_bytes());
    w(
        chan.join("README.md"),
        "> 09:00:00  A  \n   \n二维码 no date\n".as_bytes(),
    );
    // A large file whose front matter is past the first 8 KiB, and one with a
    // long front matter.
    let mut big = String::from("> 07:00:00  Big  \n   \n");
    for i in 0..2000 {
        big.push_str(&format!(
            "> 07:{:02}:{:02}  S{}  \n   \n第{i}条 二维码 ping  \n   \n",
            i / 60 % 60,
            i % 60,
            i % 7
        ));
    }
    w(other.join("2019-02-04-big.markdown"), big.as_bytes());
    let mut long_fm = String::from("---\n");
    for i in 0..1000 {
        long_fm.push_str(&format!("k{i}: value {i}\n"));
    }
    long_fm.push_str("date: 2019-01-15\n---\n> 09:00:00  L  \n   \n二维码 long front matter  \n");
    w(other.join("2019-02-12-chat.markdown"), long_fm.as_bytes());
}

const QUERIES: &[&str] = &[
    "二维码",
    "二维码 ping",
    "电商",
    "ERP&电商",
    "A & B",
    "&",
    "<b>",
    "pong",
    "~ping",
    "~二码",
    "~PING",
    "abcdcba",
    "cdcb",
    "\"列1    列2\"",
    "\"p    i\"",
    "[31m",
    "Pq",
    "zerowidth",
    "e\u{301}\u{301}\u{301}\u{301}x",
    "crlf",
    "lone",
    "header",
    "unclosed",
    "march",
    "二维码 on:2019-03",
    "二维码 after:2019-02-05",
    "二维码 before:2019-02-06",
    "二维码 on:2019-02-04 on:2019-02-06",
    "on:2019-02-05",
    "二维码 in:hostile",
    "二维码 -in:hostile",
    "二维码 -ping",
    "-ping",
    "has:mention",
    "二维码 from:a",
    "ping -from:big",
    "nothing-matches-this",
    "二维码 has:link",
    "\"\"",
    "taghidden",
    "softhyphen",
    "wordjoiner",
    "nobreak",
    "zwnj",
    "mongolian",
    "pingpong",
    "PingPong",
    "-pingpong",
    "\"p i\"",
    "\"列1 列2\"",
    "\"with tab\"",
    "xq",
    "\"xq xq\"",
    "utf32",
    "doublebom",
    "二维码 on:2019-03-02",
    "]",
    "](",
    "标题",
    "pdf",
    "ping.docx",
    "文件",
    "查看红包",
    "大吉",
    "xml",
    "wxid",
    "http",
    "x.example",
    "~wxping",
    "has:file",
    "has:redpacket",
    "has:attachment ping",
    "is:system",
    "-is:system ping",
];

/// Queries for the share fixtures (`tests/fixtures/shares`): titles,
/// markup, targets, tracking parameters, ids and kinds.
const SHARE_QUERIES: &[&str] = &[
    "dubbo",
    "~dubbo",
    "猫",
    "纸箱",
    "红包",
    "查看红包",
    "罐头",
    "xlsx",
    "领养",
    "文件",
    "]",
    "](",
    "href",
    "td",
    "tr",
    "wxid",
    "orangecat",
    "mso",
    "sysmsg",
    "chatroom",
    "xml",
    "mp.weixin",
    "weixin",
    "tenpay",
    "http",
    "~mpwx",
    "tabbycat",
    "黄瓜",
    "~wxtab",
    "捂脸",
    "has:link",
    "has:file",
    "has:redpacket",
    "has:attachment",
    "-has:attachment",
    "is:system",
    "-is:system",
    "猫 -is:system",
    "has:link 猫",
    "on:2019 has:link",
];

#[test]
fn share_fixtures() {
    let printed = check(&[fixtures().join("shares")], SHARE_QUERIES);
    assert!(printed > 40, "the queries find something: {printed}");
}

/// A mixed archive (WeChat day files beside a Slack export): `in:` by app
/// and by channel reads the same through the fast path, which reads only
/// the WeChat files, as through the whole model.
#[test]
fn mixed_archive_by_app() {
    let queries = [
        "picnic",
        "picnic in:wechat",
        "picnic -in:wechat",
        "in:slack",
        "in:wechat/family",
        "in:\"Family\" -in:slack",
        "照片 -in:slack",
        "has:link in:wechat",
    ];
    let printed = check(&[fixtures().join("mixed")], &queries);
    assert!(printed > 10, "the queries find something: {printed}");
}

#[test]
fn fixtures_and_seeds() {
    let cases: Vec<Vec<PathBuf>> = vec![
        vec![fixtures().join("malformed")],
        vec![fixtures().join("hostile")],
        vec![fixtures().join("cjk")],
        vec![fixtures()],
        vec![
            fixtures().join("cjk/teamjp"),
            fixtures().join("hostile/2018-03-01-chat.markdown"),
        ],
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")],
    ];
    let queries = [
        "区块链",
        "区块链 on:2018-01-22",
        "ark",
        "Ark",
        "~ark",
        "the",
        "会议",
        "on:2018-02",
        "red",
        "[31m",
        "\"\u{3000}\"",
        "二维码 after:2018-01-20",
        "-the on:2018",
        "has:image",
        "http",
        "ping",
        "日本",
        "in:teamkr 안녕",
    ];
    for paths in cases {
        check_modes(&paths, &queries, FEW_MODES);
    }
    check(&[fixtures()], &queries);
    check_modes(&[fixtures()], QUERIES, FEW_MODES);
}

/// Discord exports (JSON, TXT, CSV; loaded whole by the search) beside
/// reference-format days (read by the fast path), in every output mode.
#[test]
fn discord_exports_beside_reference_days() {
    let discord = fixtures().join("formats/discord");
    let queries = [
        "cover",
        "Piranesi",
        "~piranesi",
        "from:Ana",
        "from:\"chen.w\"",
        "in:general on:2024-06-12",
        "in:\"trip planning\"",
        "has:link",
        "has:mention",
        "-the on:2024-06",
        "第一章",
        "区块链",
        "after:2024-01-01 before:2024-06-12 snacks",
        "nothing-matches-this",
    ];
    let printed = check(&[discord.clone(), fixtures().join("cjk")], &queries);
    assert!(printed > 20, "the queries find something: {printed}");
    check_modes(
        &[discord.join("Book Club - Text Channels - general [1100000000000000001].json")],
        &queries,
        FEW_MODES,
    );
}

/// Telegram exports (loaded whole by the search) beside reference-format
/// days (read by the fast path), in every output mode.
#[test]
fn telegram_exports_beside_reference_days() {
    let telegram = fixtures().join("formats/telegram");
    let queries = [
        "shed",
        "Frost",
        "~frost",
        "from:jonas",
        "from:\"Deleted Account\"",
        "in:allotment on:2023-06-10",
        "has:link",
        "has:mention",
        "-the on:2023-06",
        "日本語",
        "区块链",
        "after:2019-01-01 before:2024-12-31 rota",
        "nothing-matches-this",
    ];
    let printed = check(&[telegram.clone(), fixtures().join("cjk")], &queries);
    assert!(printed > 20, "the queries find something: {printed}");
    check_modes(&[telegram.join("old-export.json")], &queries, FEW_MODES);
}

#[test]
fn hostile_files() {
    let dir = tempfile::tempdir().unwrap();
    hostile_archive(dir.path());
    let printed = check(&[dir.path().to_path_buf()], QUERIES);
    assert!(printed > 50, "the queries find something: {printed}");
    // What hides behind invisible characters and odd byte-order marks is found.
    for (query, count) in [
        ("taghidden", 1),
        ("softhyphen", 1),
        ("wordjoiner", 1),
        ("nobreak", 1),
        ("zwnj", 1),
        ("mongolian", 1),
        ("pingpong", 1),
        ("\"with tab\"", 1),
        ("xq", 1),
        ("utf32", 2),
        ("doublebom", 1),
        ("二维码 on:2019-03-02", 1),
    ] {
        let (outcome, out, _) = full(&cli(query, &[dir.path().to_path_buf()], &["--count"]));
        assert_eq!(outcome, Ok(Outcome::Success), "{query}");
        assert_eq!(out.trim(), count.to_string(), "{query}");
    }
    // A single file as a path, and a missing path.
    check_modes(
        &[dir.path().join("hostile/2019-02-06-chat.markdown")],
        QUERIES,
        FEW_MODES,
    );
    check(&[dir.path().join("missing")], &["二维码", "on:2019-13"]);
}

#[test]
fn generated_archive() {
    let dir = tempfile::tempdir().unwrap();
    let config = generator::GenConfig {
        days: 8,
        msgs_per_day: 200,
        speakers: 60,
        seed: 7,
        ..generator::GenConfig::default()
    };
    generator::write_archive(&config, dir.path()).unwrap();
    let start = config.start;
    let middle = start + chrono::Days::new(5);
    let queries = [
        "二维码".to_string(),
        "支付".to_string(),
        "redis".to_string(),
        "Redis".to_string(),
        "~ping".to_string(),
        "~zf".to_string(),
        "http".to_string(),
        format!("二维码 after:{middle}"),
        format!("支付 on:{middle}"),
        format!("on:{middle}"),
        "二维码 has:link".to_string(),
        "支付 -二维码".to_string(),
        "\"[强]\"".to_string(),
    ];
    let queries: Vec<&str> = queries.iter().map(String::as_str).collect();
    let printed = check(&[dir.path().to_path_buf()], &queries);
    assert!(printed > 20, "the queries find something: {printed}");
}

/// The generator's messages written as IRC logs (`--format irc`) all load
/// as IRC, without a diagnostic, and the search command (which reads IRC
/// through the full load) prints what the search over the model prints.
#[test]
fn generated_irc_logs() {
    let dir = tempfile::tempdir().unwrap();
    let config = generator::GenConfig {
        days: 8,
        msgs_per_day: 150,
        speakers: 60,
        seed: 11,
        format: generator::GenFormat::Irc,
        ..generator::GenConfig::default()
    };
    generator::write_archive(&config, dir.path()).unwrap();
    let archive = daybook::archive::load(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(archive.message_count(), config.messages());
    assert!(archive.diagnostics.is_empty(), "{:?}", archive.diagnostics);
    let mut channels: Vec<(&str, &str)> = archive
        .channels
        .iter()
        .map(|c| (c.app, c.name.as_str()))
        .collect();
    channels.sort_unstable();
    assert_eq!(
        channels,
        [
            ("IRC", "#general"),
            ("IRC", "#payments"),
            ("IRC", "#random"),
            ("IRC", "#tech"),
        ]
    );
    let middle = config.start + chrono::Days::new(5);
    let queries = [
        "二维码".to_string(),
        "redis".to_string(),
        "~ping".to_string(),
        "http".to_string(),
        format!("二维码 after:{middle}"),
        format!("on:{middle}"),
        "is:system".to_string(),
        "is:action".to_string(),
        "has:link".to_string(),
        "in:#tech 支付".to_string(),
    ];
    let queries: Vec<&str> = queries.iter().map(String::as_str).collect();
    let printed = check_modes(&[dir.path().to_path_buf()], &queries, FEW_MODES);
    assert!(printed > 5, "the queries find something: {printed}");
}

/// The fast path applies to the reference format's files on disk only;
/// every other input (here the members of a zip, beside plain files) is
/// loaded whole, and the search stays exactly equivalent.
#[test]
fn files_beside_a_zip_fall_back_to_the_full_load() {
    assert!(daybook::archive::fast_path_applies(
        daybook::archive::formats::reference()
    ));
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("h");
    hostile_archive(&hostile);
    let mixed = dir.path().join("mixed");
    std::fs::create_dir_all(&mixed).unwrap();
    zip_dir(&hostile, &mixed.join("export.zip"));
    for entry in std::fs::read_dir(fixtures().join("cjk/teamjp")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, mixed.join(p.file_name().unwrap())).unwrap();
    }
    let printed = check_modes(std::slice::from_ref(&mixed), QUERIES, FEW_MODES);
    assert!(printed > 20, "the queries find something: {printed}");
    check(
        &[mixed],
        &["区块链", "日本", "in:hostile the", "on:2019-02"],
    );
}

/// WhatsApp exports are not read through the fast path: the search loads
/// them whole and prints what a search over the model prints, beside the
/// reference format's files and on the generator's WhatsApp archive.
#[test]
fn whatsapp_exports_go_through_the_full_load() {
    assert!(!daybook::archive::fast_path_applies(
        daybook::archive::formats::whatsapp::FORMAT
    ));
    let whatsapp = fixtures().join("formats/whatsapp");
    let queries = [
        "the",
        "Lena",
        "from:lena",
        "北门",
        "has:link",
        "on:2023-05",
        "in:hiking -the",
        "~mara",
        "nothing-matches-this",
    ];
    let printed = check_modes(
        &[whatsapp.clone(), fixtures().join("cjk")],
        &queries,
        FEW_MODES,
    );
    assert!(printed > 5, "the queries find something: {printed}");
    check(std::slice::from_ref(&whatsapp), &queries);
    let dir = tempfile::tempdir().unwrap();
    let config = generator::GenConfig {
        days: 6,
        msgs_per_day: 150,
        speakers: 40,
        seed: 11,
        format: generator::GenFormat::WhatsApp,
        ..generator::GenConfig::default()
    };
    generator::write_archive(&config, dir.path()).unwrap();
    let printed = check_modes(
        &[dir.path().to_path_buf()],
        &["二维码", "支付", "~ping", "has:link", "http"],
        FEW_MODES,
    );
    assert!(printed > 4, "the queries find something: {printed}");
}

/// Messenger, Instagram and LINE exports are loaded whole (the fast path
/// is the reference format's): the search over them prints what the full
/// model prints.
#[test]
fn messenger_instagram_and_line_fixtures() {
    let formats = fixtures().join("formats");
    let paths = vec![
        formats.join("messenger"),
        formats.join("instagram"),
        formats.join("line"),
    ];
    let queries = [
        "Hiking",
        "café",
        "大家好",
        "图书馆",
        "has:attachment",
        "has:image on:2023-06-10",
        "is:system",
        "-is:system in:jonas",
        "from:\"Ana Lima\"",
        "from:Yuki has:sticker",
        "~night",
        "Ridge",
        "on:2024",
    ];
    let printed = check(&paths, &queries);
    assert!(printed > 40, "the queries find something: {printed}");
    check_modes(
        &[formats.join("line/Chat history in Study Group.txt")],
        &queries,
        FEW_MODES,
    );
}

/// The generator's Messenger, Instagram and LINE exports (the bench's
/// archives, small): every message loads, nothing is reported, each
/// chat carries its app, and searches over them print what the full
/// model prints.
#[test]
fn generated_messenger_instagram_and_line_exports() {
    use generator::GenFormat;
    for (format, app) in [
        (GenFormat::Messenger, "Messenger"),
        (GenFormat::Instagram, "Instagram"),
        (GenFormat::Line, "LINE"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let config = generator::GenConfig {
            days: 60,
            msgs_per_day: 20,
            speakers: 30,
            seed: 11,
            format,
            ..generator::GenConfig::default()
        };
        generator::write_archive(&config, dir.path()).unwrap();
        let paths = [dir.path().to_path_buf()];
        let archive = daybook::archive::load(&paths).unwrap();
        assert_eq!(archive.message_count(), config.messages(), "{app}");
        assert!(
            archive.diagnostics.is_empty(),
            "{app}: {:?}",
            &archive.diagnostics[..1]
        );
        assert_eq!(archive.channels.len(), 2, "{app}: a chat per 50 days");
        assert!(archive.channels.iter().all(|c| c.app == app), "{app}");
        let printed = check_modes(
            &paths,
            &["支付", "http", "has:attachment", "is:system", "~zf"],
            FEW_MODES,
        );
        assert!(printed >= 4, "{app}: the queries find something: {printed}");
    }
}

/// Terms spread out by characters that decoding, sanitising or search take
/// out: the fast path looks for them from the term's first character and
/// for those characters only in the messages it visits, so every way of
/// spreading a term (and near misses) must give what the full load gives.
#[test]
fn terms_spread_by_removed_characters() {
    const REMOVED: &[char] = &[
        '\u{ad}',
        '\u{61c}',
        '\u{180e}',
        '\u{200b}',
        '\u{200c}',
        '\u{200d}',
        '\u{200e}',
        '\u{200f}',
        '\u{2028}',
        '\u{2029}',
        '\u{202a}',
        '\u{202e}',
        '\u{2060}',
        '\u{2064}',
        '\u{2066}',
        '\u{2069}',
        '\u{feff}',
        '\u{e0001}',
        '\u{e0041}',
        '\u{e007f}',
    ];
    // Neighbours of removed characters that stay.
    const KEPT: &[char] = &[
        '\u{2027}',
        '\u{2065}',
        '\u{201c}',
        '\u{180f}',
        '\u{2030}',
        '\u{e0080}',
    ];
    let mut bodies: Vec<String> = Vec::new();
    for &c in REMOVED.iter().chain(KEPT) {
        bodies.push(format!("扫二{c}维码"));
        bodies.push(format!("二维{c}码 付款"));
        bodies.push(format!("二{c}{c}维{c}码"));
        bodies.push(format!("{c}二维码{c}"));
        bodies.push(format!("二维{c}吗 支{c}付"));
        bodies.push(format!("二{c}维"));
        bodies.push(format!("扫二维码&amp;{c}支付"));
        bodies.push(format!("二{c}&#32500;码"));
        bodies.push(format!("Kaf{c}ka ka{c}fka 二{c}\t维码"));
    }
    bodies.push("二维码 二二维码码 二 维码".into());
    let dir = one_day_of(&bodies, 7);
    let paths = [dir.path().to_path_buf()];
    let printed = check_modes(
        &paths,
        &[
            "二维码",
            "维码",
            "二",
            "码",
            "支付",
            "\"二 维码\"",
            "二维码 支付",
            "-二维码 支付",
            "二维码 from:S3",
            "kafka",
            "Kafka",
            "二维码 ~kf",
        ],
        FEW_MODES,
    );
    assert!(printed >= 8, "the queries find something: {printed}");
    let (_, out, _) = full(&cli("二维码", &paths, &["--count"]));
    assert!(
        out.trim().parse::<usize>().unwrap() > REMOVED.len() * 3,
        "{out}"
    );
}

/// A count takes a message whose raw body holds terms of characters that
/// are not ASCII for a sure match even when it is risky (an entity, a tab,
/// a C1 control, a removed character): decoding never takes such an
/// occurrence away. Terms with ASCII in them are still parsed.
#[test]
fn risky_messages_with_wide_terms_in_their_raw_bytes() {
    let kinds = [
        "&amp;",
        "&lt;",
        "&#20108;",
        "\t",
        "\u{85}",
        "\u{200b}",
        "\u{202e}",
        "\u{feff}",
        "\u{e0041}",
        "\u{2028}",
        "&#x3c;",
    ];
    let mut bodies: Vec<String> = Vec::new();
    for k in kinds {
        bodies.push(format!("{k}二维码"));
        bodies.push(format!("二维码{k}支付"));
        bodies.push(format!("二维{k}码 lt"));
        bodies.push(format!("扫码{k}lt;支付"));
        bodies.push(format!("[二维码{k}](http://x.example.cn/)"));
    }
    let dir = one_day_of(&bodies, 5);
    let paths = [dir.path().to_path_buf()];
    let printed = check_modes(
        &paths,
        &[
            "二维码",
            "二维码 支付",
            "支付",
            "码lt",
            "t;支付",
            "二维码 lt",
            "码",
        ],
        FEW_MODES,
    );
    assert!(printed >= 5, "the queries find something: {printed}");
}
