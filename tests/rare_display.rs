//! The shared display of what few messages have, on an archive built in
//! memory with the formats' builder (as any format's parser builds it):
//! the one-line quote of a reply's parent and the key that jumps to it
//! (also across days), a parent that is missing, forwarded-from, edited,
//! reactions, style spans, and system and action messages; in the
//! interface (whole screens on ratatui's `TestBackend`), in `show`, in
//! `show --json` and in the exports.

use std::path::Path;
use std::sync::LazyLock;

use chrono::NaiveDate;
use clap::Parser;
use daybook::archive::formats::{Builder, Loc, ParseContext, jekyll};
use daybook::cli::Cli;
use daybook::config::Config;
use daybook::model::{Archive, AttachmentKind, Flags, MessageKind, Style, TimeOfDay, Zone};
use daybook::tui::App;
use daybook::tui::keymap::{Key, Keymap};
use daybook::tui::theme::{Theme, Variant};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Modifier;

/// Two days of one chat. Day one: a question. Day two: a reply to it
/// (with bold and code), a forwarded and edited message replying to a
/// message that is not in the archive, with reactions, a system message,
/// an action, and a reply to the system message.
fn build() -> Archive {
    let ctx = ParseContext {
        path: Path::new("chat.json"),
        folder: Path::new(""),
        zone: Zone::Local,
    };
    let mut b = Builder::new(jekyll::FORMAT, &ctx);
    let chat = b.chat("c", Some("Garden club"));
    let ann = b.speaker("Ann", Loc::Line(1));
    let bob = b.speaker("Bob", Loc::Line(1));
    let d1 = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
    let d2 = NaiveDate::from_ymd_opt(2024, 5, 2).unwrap();
    let t = |h, m| TimeOfDay::from_hms(h, m, 0).unwrap();
    {
        let mut m = b.message(chat, d1, t(9, 0), ann, Loc::Line(1));
        m.text("Who brings the seedlings on Saturday?");
        m.id("10");
    }
    {
        let mut m = b.message(chat, d2, t(8, 0), bob, Loc::Line(2));
        m.text("I do, ");
        m.styled(Style::Bold, "twelve trays");
        m.text(" of ");
        m.styled(Style::Code, "tomato-7");
        m.id("11").reply_to("10");
    }
    {
        let mut m = b.message(chat, d2, t(8, 1), ann, Loc::Line(3));
        m.text("Frost warning for tonight");
        m.id("12")
            .reply_to("3")
            .forwarded_from(Some("Weather desk"))
            .reaction("👍", 3)
            .reaction("🌱", 1)
            .flag(Flags::EDITED);
    }
    {
        let mut m = b.message(chat, d2, t(8, 2), ann, Loc::Line(4));
        m.text("pinned a message");
        m.kind(MessageKind::System).id("13").reply_to("12");
    }
    {
        let mut m = b.message(chat, d2, t(8, 3), bob, Loc::Line(5));
        m.text("waters the beds");
        m.kind(MessageKind::Action).id("14");
    }
    {
        let mut m = b.message(chat, d2, t(8, 4), bob, Loc::Line(6));
        m.attachment(AttachmentKind::Image, "", "photos/beds.jpg", None);
        m.id("15");
    }
    daybook::archive::from_parsed([b.finish()])
}

static ARCHIVE: LazyLock<Archive> = LazyLock::new(build);

fn app(w: u16, h: u16) -> App<'static> {
    let mut app = App::new(
        &ARCHIVE,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, w, h),
    );
    // The app starts on the last day, first message.
    assert_eq!(app.current_day().unwrap().date.to_string(), "2024-05-02");
    app.selected = 0;
    app
}

fn key(app: &mut App<'_>, spec: &str) {
    let k = Key::parse(spec).unwrap();
    app.on_key(KeyEvent::new(k.code, k.modifiers | KeyModifiers::NONE));
}

fn draw(app: &App<'_>) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().buffer().clone()
}

fn screen(app: &App<'_>) -> String {
    let buf = draw(app);
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip == 0 {
                line.push_str(cell.symbol());
            }
            skip = skip
                .max(unicode_width::UnicodeWidthStr::width(cell.symbol()))
                .saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn selected(app: &App<'_>) -> (String, String) {
    let day = app.current_day().unwrap();
    let m = &day.messages[app.pane.visible[app.selected] as usize];
    (day.date.to_string(), day.body(m).to_string())
}

#[test]
fn the_interface_shows_quotes_forwards_reactions_and_kinds() {
    let a = app(90, 16);
    let s = screen(&a);
    insta::assert_snapshot!("rare_display_day", s);
    for want in [
        // A parent on another day is named with its date; a reply's body
        // (and its reactions) are indented under the quote.
        "08:00:00 Bob   ↳ 2024-05-01 Ann: Who brings the seedlings on Satu",
        "                 I do, twelve trays of tomato-7",
        "08:01:00 Ann   ↪ forwarded from Weather desk",
        "               ↳ a reply to a message not in this archive (id 3)",
        "                 Frost warning for tonight (edited)",
        "                 👍 3  🌱 1",
        "08:02:00 Ann   ↳ Ann: Frost warning for tonight",
        "                 [system] pinned a message",
        "08:03:00 * Bob waters the beds",
    ] {
        assert!(s.contains(want), "{want:?} not in\n{s}");
    }
}

#[test]
fn style_spans_and_kinds_are_drawn_with_their_styles() {
    let a = app(90, 16);
    let buf = draw(&a);
    let row = (0..buf.area.height)
        .find(|&y| {
            (0..buf.area.width).any(|x| buf[(x, y)].symbol() == "t") && {
                let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
                line.contains("twelve trays")
            }
        })
        .expect("the styled line is on screen");
    let line: String = (0..buf.area.width)
        .map(|x| buf[(x, row)].symbol())
        .collect();
    let col = |needle: &str| line.find(needle).unwrap() as u16;
    assert!(buf[(col("twelve"), row)].modifier.contains(Modifier::BOLD));
    assert!(!buf[(col("I do"), row)].modifier.contains(Modifier::BOLD));
    // The system message is dimmed, the edited mark too.
    let sys = (0..buf.area.height)
        .find(|&y| {
            let l: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            l.contains("pinned a message")
        })
        .unwrap();
    let l: String = (0..buf.area.width)
        .map(|x| buf[(x, sys)].symbol())
        .collect();
    assert!(
        buf[(l.find("pinned").unwrap() as u16, sys)]
            .modifier
            .contains(Modifier::DIM)
    );
}

#[test]
fn r_jumps_to_the_parent_across_days_and_says_when_it_cannot() {
    let mut a = app(90, 16);
    // A reply whose parent is on the day before.
    key(&mut a, "r");
    assert_eq!(
        selected(&a),
        (
            "2024-05-01".into(),
            "Who brings the seedlings on Saturday?".into()
        )
    );
    assert!(a.notice.as_ref().unwrap().text.contains("replies to"));
    // Not a reply.
    key(&mut a, "r");
    assert_eq!(
        a.notice.as_ref().unwrap().text,
        "the selected message is not a reply"
    );
    // A parent that is not in the archive.
    key(&mut a, "]");
    key(&mut a, "j");
    assert_eq!(selected(&a).1, "Frost warning for tonight");
    key(&mut a, "r");
    assert_eq!(
        a.notice.as_ref().unwrap().text,
        "message 3 is not in this archive"
    );
    assert_eq!(selected(&a).1, "Frost warning for tonight");
    // The system message replies to the one before it.
    key(&mut a, "j");
    key(&mut a, "r");
    assert_eq!(selected(&a).1, "Frost warning for tonight");
}

#[test]
fn the_jump_shows_a_parent_hidden_by_the_filter() {
    let mut a = app(90, 16);
    a.set_filter("tomato").unwrap();
    key(&mut a, "f");
    assert_eq!(a.pane.visible.len(), 1);
    key(&mut a, "r");
    assert_eq!(selected(&a).0, "2024-05-01");
    assert_eq!(
        selected(&a).1,
        "Who brings the seedlings on Saturday?",
        "the parent is shown although it does not match"
    );
}

fn run(args: &[&str]) -> String {
    let mut argv = vec!["daybook", "--color", "never"];
    argv.extend_from_slice(args);
    let cli = Cli::parse_from(argv);
    let config = Config::from_cli(&cli);
    let mut out = Vec::new();
    match &cli.command {
        Some(daybook::cli::Command::Show(a)) => {
            daybook::commands::show::run(&ARCHIVE, a, &config, &mut out).unwrap();
        }
        Some(daybook::cli::Command::Export(a)) => {
            daybook::commands::export::run(&ARCHIVE, a, &mut out).unwrap();
        }
        _ => unreachable!(),
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn show_writes_the_same_lines_around_bodies() {
    let out = run(&["show", "2024-05-02", "--width", "80"]);
    let want = "\
2024-05-02 Thursday · Garden club · 5 messages · 2 speakers

08:00:00  Bob    ↳ 2024-05-01 Ann: Who brings the seedlings on Saturday?
                 I do, twelve trays of tomato-7
08:01:00  Ann    ↪ forwarded from Weather desk
                 ↳ a reply to a message not in this archive (id 3)
                 Frost warning for tonight (edited)
                 👍 3  🌱 1
08:02:00  Ann    ↳ Ann: Frost warning for tonight
                 [system] pinned a message
08:03:00  * Bob  waters the beds
08:04:00  Bob    [photo] beds.jpg
";
    assert_eq!(out, want);
}

#[test]
fn show_json_carries_kind_reply_forward_edit_reactions_and_styles() {
    let out = run(&["show", "2024-05-02", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let m = &v["messages"];
    assert!(m[0].get("kind").is_none(), "a plain message has no kind");
    assert_eq!(m[0]["id"], "11");
    assert_eq!(m[0]["reply_to"]["id"], "10");
    assert_eq!(m[0]["reply_to"]["found"], true);
    assert_eq!(m[0]["reply_to"]["date"], "2024-05-01");
    assert_eq!(m[0]["reply_to"]["speaker"], "Ann");
    assert_eq!(
        m[0]["reply_to"]["excerpt"],
        "Who brings the seedlings on Saturday?"
    );
    let body = m[0]["body"].as_str().unwrap();
    let styles: Vec<(String, &str)> = m[0]["styles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            (s["style"].as_str().unwrap().to_owned(), &body[a..b])
        })
        .collect();
    assert_eq!(
        styles,
        vec![
            ("bold".to_owned(), "twelve trays"),
            ("code".to_owned(), "tomato-7")
        ]
    );
    assert_eq!(m[1]["reply_to"]["found"], false);
    assert!(m[1]["reply_to"].get("excerpt").is_none());
    assert_eq!(m[1]["forwarded"], true);
    assert_eq!(m[1]["forwarded_from"], "Weather desk");
    assert_eq!(m[1]["edited"], true);
    assert_eq!(m[1]["reactions"][0]["emoji"], "👍");
    assert_eq!(m[1]["reactions"][0]["count"], 3);
    assert_eq!(m[2]["kind"], "system");
    assert_eq!(m[3]["kind"], "action");
    // Plain messages carry none of the optional fields.
    assert!(m[3].get("edited").is_none() && m[3].get("reply_to").is_none());
}

#[test]
fn exports_show_quotes_styles_and_kinds() {
    let md = run(&["export", "on:2024-05-02", "--format", "markdown"]);
    for want in [
        "- **08:00:00** Bob: _↳ 2024-05-01 Ann: Who brings the seedlings on Saturday?_\n  I do, twelve trays of tomato-7\n",
        "- **08:01:00** Ann: _↪ forwarded from Weather desk_\n  _↳ a reply to a message not in this archive \\(id 3\\)_\n  Frost warning for tonight \\(edited\\)\n  👍 3  🌱 1\n",
        "- **08:02:00** Ann: _↳ Ann: Frost warning for tonight_\n  \\[system\\] pinned a message\n",
        "- **08:03:00** \\* Bob waters the beds\n",
    ] {
        assert!(md.contains(want), "{want:?} not in\n{md}");
    }
    let html = run(&["export", "on:2024-05-02", "--format", "html"]);
    for want in [
        "<p>I do, <b>twelve trays</b> of <code>tomato-7</code></p>",
        "<div class=\"quote\">↳ 2024-05-01 Ann: Who brings the seedlings on Saturday?</div>",
        "<p>[system] pinned a message</p>",
        "<p>[photo] beds.jpg",
        "<span class=\"edited\">(edited)</span>",
        "<div class=\"reactions\">👍 3  🌱 1</div>",
        "<div class=\"msg system\">",
        "<div class=\"msg action\"><time>08:03:00</time> <b style=",
        ">* Bob</b>",
    ] {
        assert!(html.contains(want), "{want:?} not in\n{html}");
    }
    let jsonl = run(&["export", "on:2024-05-02"]);
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["reply_to"]["found"], true);
}
