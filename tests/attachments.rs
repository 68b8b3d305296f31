//! Attachments and system messages read the same whatever the app: one
//! labelled line per attachment (`[link] title · host`, `[file] name
//! (size)`, `[photo] name` …) in the interface, `show`, `search` and every
//! export format; the whole target in `--json`, in exports, and behind `o`
//! and `y`; `has:` kinds for each; `is:system` and a key that hides system
//! messages. The archive here is built with the shared builder as any
//! format's parser would build it (an app other than WeChat on purpose).

use std::path::Path;

use chrono::NaiveDate;
use clap::Parser;
use daybook::archive::formats::{Builder, Confidence, Format, Loc, ParseContext, Parsed, Probe};
use daybook::cli::{Cli, Command};
use daybook::config::Config;
use daybook::model::{Archive, AttachmentKind, MessageKind, TimeOfDay, Zone};
use daybook::query::{Matcher, parse};
use daybook::tui::App;
use daybook::tui::effects::Effect;
use daybook::tui::keymap::Keymap;
use daybook::tui::theme::{Theme, Variant};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Modifier;

/// A stand-in for a chat app whose exports carry attachments.
struct Messenger;

impl Format for Messenger {
    fn name(&self) -> &'static str {
        "messenger-test"
    }

    fn app(&self) -> &'static str {
        "Telegram"
    }

    fn detect(&self, _: &Probe<'_>) -> Option<Confidence> {
        None
    }

    fn parse(&self, _: &[u8], _: &ParseContext<'_>) -> Parsed {
        Parsed::default()
    }
}

const DATE: &str = "2023-05-01";

/// One day of one chat with every kind of attachment, written in our own
/// words; the link's target carries tracking parameters (`utm_source=dubbo`)
/// that search must not see.
fn archive() -> Archive {
    let ctx = ParseContext {
        path: Path::new("export/result.json"),
        folder: Path::new("export"),
        zone: Zone::Local,
    };
    let mut b = Builder::new(&Messenger, &ctx);
    let chat = b.chat("42", Some("Family"));
    let ann = b.speaker("Ann", Loc::Line(1));
    let bob = b.speaker("Bob", Loc::Line(2));
    let nobody = b.speaker("", Loc::Line(3));
    let date = NaiveDate::parse_from_str(DATE, "%Y-%m-%d").unwrap();
    let at = |m: u32| TimeOfDay::from_hms(9, m, 0).unwrap();
    {
        let mut m = b.message(chat, date, at(0), ann, Loc::Line(10));
        m.text_with_spans("look at this");
        m.attachment(
            AttachmentKind::LinkCard,
            "A cat's confession: why I knocked the vase over",
            "https://news.example.org/cats/1?utm_source=dubbo&share=1",
            None,
        );
    }
    {
        let mut m = b.message(chat, date, at(1), bob, Loc::Line(11));
        m.attachment(
            AttachmentKind::Image,
            "",
            "photos/photo_12@01-05-2023.jpg",
            Some(245_760),
        );
    }
    {
        let mut m = b.message(chat, date, at(2), bob, Loc::Line(12));
        m.text_with_spans("the minutes");
        m.attachment(
            AttachmentKind::File,
            "minutes 2023-05.pdf",
            "files/minutes.pdf",
            Some(2_310_144),
        );
    }
    {
        let mut m = b.message(chat, date, at(3), ann, Loc::Line(13));
        m.attachment(AttachmentKind::Sticker, "😺", "stickers/cat.webp", None);
    }
    {
        let mut m = b.message(chat, date, at(4), ann, Loc::Line(14));
        m.kind(MessageKind::System);
        m.text("Ann pinned a message");
    }
    {
        let mut m = b.message(chat, date, at(5), nobody, Loc::Line(15));
        m.kind(MessageKind::System);
    }
    {
        let mut m = b.message(chat, date, at(6), ann, Loc::Line(16));
        m.attachment(AttachmentKind::RedPacket, "Happy new year", "", None);
    }
    {
        let mut m = b.message(chat, date, at(7), bob, Loc::Line(17));
        m.attachment(AttachmentKind::Voice, "", "voice/audio_1.ogg", Some(12_000));
        m.attachment(
            AttachmentKind::Video,
            "clip.mp4",
            "video/clip.mp4",
            Some(5_000_000),
        );
    }
    {
        let mut m = b.message(chat, date, at(8), bob, Loc::Line(18));
        m.attachment(
            AttachmentKind::LinkCard,
            "a share whose link was lost",
            "",
            None,
        );
    }
    daybook::archive::assemble([b.finish()])
}

fn cli(args: &[&str]) -> Cli {
    let mut argv = vec!["daybook", "--color", "never"];
    argv.extend_from_slice(args);
    Cli::parse_from(argv)
}

fn show(archive: &Archive, args: &[&str]) -> String {
    let mut argv = vec!["show", DATE];
    argv.extend_from_slice(args);
    let cli = cli(&argv);
    let Some(Command::Show(a)) = &cli.command else {
        unreachable!()
    };
    let mut out = Vec::new();
    daybook::commands::show::run(archive, a, &Config::from_cli(&cli), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn search(archive: &Archive, query: &str, args: &[&str]) -> String {
    let mut argv = vec!["search"];
    argv.extend_from_slice(args);
    argv.extend(["--", query]);
    let cli = cli(&argv);
    let Some(Command::Search(a)) = &cli.command else {
        unreachable!()
    };
    let mut out = Vec::new();
    daybook::commands::search::run(archive, a, &Config::from_cli(&cli), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn export(archive: &Archive, format: &str) -> String {
    let cli = cli(&["export", "", "--format", format]);
    let Some(Command::Export(a)) = &cli.command else {
        unreachable!()
    };
    let mut out = Vec::new();
    daybook::commands::export::run(archive, a, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn count(archive: &Archive, query: &str) -> usize {
    let q = parse(query).unwrap();
    Matcher::new(&q, archive).hits().count()
}

#[test]
fn show_prints_one_labelled_line_per_attachment() {
    let a = archive();
    assert_eq!(
        show(&a, &["--width", "72"]),
        "2023-05-01 Monday · Family · 9 messages · 3 speakers

09:00:00  Ann        look at this
                     [link] A cat's confession: why I knocked the vase
                     over · news.example.org
09:01:00  Bob        [photo] photo_12@01-05-2023.jpg (240 KB)
09:02:00             the minutes
                     [file] minutes 2023-05.pdf (2.2 MB)
09:03:00  Ann        [sticker] 😺
09:04:00  Ann        [system] Ann pinned a message
09:05:00  (no name)  [system] (not in the export)
09:06:00  Ann        [red packet] Happy new year
09:07:00  Bob        [voice message] audio_1.ogg (12 KB)
                     [video] clip.mp4 (4.8 MB)
09:08:00             [share] a share whose link was lost
"
    );
}

#[test]
fn show_json_carries_every_attachment_with_its_whole_target() {
    let a = archive();
    let v: serde_json::Value = serde_json::from_str(&show(&a, &["--json"])).unwrap();
    let m = &v["messages"];
    assert_eq!(m[0]["body"], "look at this");
    assert_eq!(
        m[0]["attachments"],
        serde_json::json!([{
            "kind": "link-card",
            "name": "A cat's confession: why I knocked the vase over",
            "target": "https://news.example.org/cats/1?utm_source=dubbo&share=1"
        }])
    );
    assert_eq!(
        m[1]["attachments"][0],
        serde_json::json!({"kind": "image", "name": "", "target": "photos/photo_12@01-05-2023.jpg", "size": 245_760})
    );
    assert_eq!(m[4]["kind"], "system");
    assert!(m[0].get("kind").is_none(), "a plain message has no kind");
    assert!(m[4].get("attachments").is_none());
    assert_eq!(m[7]["attachments"].as_array().unwrap().len(), 2);
}

#[test]
fn search_sees_titles_never_targets() {
    let a = archive();
    // The tracking parameter and the path are behind the cards, not on them.
    assert_eq!(count(&a, "dubbo"), 0);
    assert_eq!(count(&a, "~dubbo"), 0);
    assert_eq!(count(&a, "utm_source"), 0);
    assert_eq!(count(&a, "minutes.pdf"), 0);
    // Titles and names are what a reader sees.
    assert_eq!(count(&a, "vase"), 1);
    assert_eq!(count(&a, "Vase"), 0, "smart case");
    assert_eq!(count(&a, "minutes"), 1);
    assert_eq!(count(&a, "\"minutes 2023\""), 1);
    assert_eq!(
        count(&a, "photo_12"),
        1,
        "a photo without a name reads as its file"
    );
    assert_eq!(count(&a, "clip"), 1);
    assert_eq!(count(&a, "-vase -minutes"), 7);
    // The hit is marked on the card's line, after the body.
    assert_eq!(
        search(&a, "vase", &[]),
        "2023-05-01 09:00:00  Ann: look at this␤[link] A cat's confession: why I knocked the vase over · news.example.org\n"
    );
    let colour = Cli::parse_from(["daybook", "--color", "always", "search", "vase"]);
    let Some(Command::Search(args)) = &colour.command else {
        unreachable!()
    };
    let mut out = Vec::new();
    daybook::commands::search::run(&a, args, &Config::from_cli(&colour), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("knocked the \u{1b}[1;31mvase\u{1b}[0m over"),
        "{out:?}"
    );
    // JSON lists the match in the attachment's name, and none in the body.
    let v: serde_json::Value =
        serde_json::from_str(search(&a, "vase", &["--json"]).trim()).unwrap();
    assert_eq!(v["matches"], serde_json::json!([]));
    assert_eq!(
        v["attachments"][0]["matches"],
        serde_json::json!([[38, 42]])
    );
    let system = search(&a, "is:system", &[]);
    assert_eq!(
        system,
        "2023-05-01 09:04:00  Ann: [system] Ann pinned a message\n2023-05-01 09:05:00  (no name): [system] (not in the export)\n"
    );
}

#[test]
fn has_kinds_cover_every_attachment() {
    let a = archive();
    for (query, n) in [
        ("has:attachment", 7),
        ("-has:attachment", 2),
        ("has:link", 1),
        ("has:image", 1),
        ("has:photo", 1),
        ("has:file", 1),
        ("has:sticker", 1),
        ("has:redpacket", 1),
        ("has:voice", 1),
        ("has:audio", 1),
        ("has:video", 1),
        ("has:video has:voice", 1),
        ("has:location", 0),
        ("is:system", 2),
        ("-is:system", 7),
        ("is:system is:message", 9),
        ("is:action", 0),
        ("pinned -is:system", 0),
    ] {
        assert_eq!(count(&a, query), n, "{query}");
    }
}

#[test]
fn exports_carry_the_whole_targets() {
    let a = archive();
    let jsonl = export(&a, "jsonl");
    assert!(
        jsonl.contains(r#""target":"https://news.example.org/cats/1?utm_source=dubbo&share=1""#)
    );
    let csv = export(&a, "csv");
    assert!(
        csv.contains("\"look at this\n[link] A cat's confession: why I knocked the vase over · news.example.org <https://news.example.org/cats/1?utm_source=dubbo&share=1>\""),
        "{csv}"
    );
    assert!(csv.contains("[file] minutes 2023-05.pdf (2.2 MB) <files/minutes.pdf>"));
    let md = export(&a, "markdown");
    // Markdown escapes archive text, the cards' included.
    assert!(
        md.contains(
            r"\[photo\] photo\_12@01-05-2023.jpg \(240 KB\) &lt;photos/photo\_12@01-05-2023.jpg&gt;"
        ),
        "{md}"
    );
    let html = export(&a, "html");
    assert!(
        html.contains("[red packet] Happy new year")
            && html
                .contains("&lt;https://news.example.org/cats/1?utm_source=dubbo&amp;share=1&gt;"),
        "{html}"
    );
}

// ---------------------------------------------------------------------------
// The interface

fn app(archive: &Archive, w: u16, h: u16) -> App<'_> {
    App::new(
        archive,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, w, h),
    )
}

fn keys(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn screen(app: &App<'_>) -> String {
    let mut t = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = t.backend().buffer().clone();
    let mut s = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = daybook::text::width(sym).saturating_sub(1);
            s.push_str(sym);
        }
        s.truncate(s.trim_end().len());
        s.push('\n');
    }
    s
}

#[test]
fn snapshot_attachments_in_the_interface() {
    let a = archive();
    let mut app = app(&a, 72, 22);
    keys(&mut app, "/vase\n");
    insta::assert_snapshot!("attachments_72x22", screen(&app));
    // The hit in the card's title is marked (reversed in the mono theme),
    // the label is bold and the host dim.
    let mut t = Terminal::new(TestBackend::new(72, 22)).unwrap();
    t.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let buf = t.backend().buffer().clone();
    let cell = |x: u16, y: u16| buf[(x, y)].clone();
    let row = |y: u16| -> String { (0..72).map(|x| cell(x, y).symbol().to_string()).collect() };
    let find = |y: u16, needle: &str| {
        row(y)
            .find(needle)
            .map(|i| row(y)[..i].chars().count() as u16)
    };
    let vase = find(3, "vase").expect("vase on the third row");
    assert!(cell(vase, 3).modifier.contains(Modifier::REVERSED));
    assert!(!cell(vase - 2, 3).modifier.contains(Modifier::REVERSED));
    let label = find(2, "[link]").unwrap();
    assert!(cell(label, 2).modifier.contains(Modifier::BOLD));
    let host = find(4, "news.example.org").unwrap();
    assert!(cell(host, 4).modifier.contains(Modifier::DIM));
}

#[test]
fn o_opens_a_card_and_y_copies_its_whole_target() {
    let a = archive();
    let mut app = app(&a, 100, 30);
    keys(&mut app, "o");
    assert_eq!(
        app.effects,
        vec![Effect::Open(
            "https://news.example.org/cats/1?utm_source=dubbo&share=1".into()
        )]
    );
    app.effects.clear();
    keys(&mut app, "y");
    assert_eq!(
        app.effects,
        vec![Effect::Copy(
            "2023-05-01 09:00:00 Ann: look at this\n[link] A cat's confession: why I knocked the vase over · news.example.org <https://news.example.org/cats/1?utm_source=dubbo&share=1>".into()
        )]
    );
    // A file of the export is not opened; the notice says where it is.
    app.effects.clear();
    keys(&mut app, "jo");
    assert!(app.effects.is_empty());
    assert_eq!(
        app.notice.as_ref().unwrap().text,
        "not a web link: photos/photo_12@01-05-2023.jpg (y copies the message with it)"
    );
}

#[test]
fn s_hides_and_shows_system_messages() {
    let a = archive();
    let mut app = app(&a, 100, 30);
    assert_eq!(app.pane.visible.len(), 9);
    assert!(screen(&app).contains("[system] Ann pinned a message"));
    keys(&mut app, "s");
    assert_eq!(app.pane.visible.len(), 7);
    let s = screen(&app);
    assert!(!s.contains("[system]"));
    assert!(s.contains("day 1/1 · message 1/9  system hidden"), "{s}");
    assert_eq!(
        app.notice.as_ref().unwrap().text,
        "system messages hidden (2 on this day; s shows them)"
    );
    // Hidden system messages are not matches either.
    keys(&mut app, "/pinned\n");
    assert_eq!(app.pane.hit_count, 0);
    assert_eq!(app.filter.total, 0);
    keys(&mut app, "s");
    assert_eq!(app.pane.visible.len(), 9);
    assert_eq!(app.pane.hit_count, 1);
    assert_eq!(app.filter.total, 1);
}
