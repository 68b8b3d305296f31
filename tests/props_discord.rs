//! Property tests of the Discord format (`DiscordChatExporter` JSON, TXT and
//! CSV) through the public interface: no input makes it panic, and what it
//! returns keeps the invariants in tests/support/invariants.rs (shared
//! with the fuzz target `parse_discord`). Inputs are arbitrary text,
//! exports built from fragments of the format's markup (markdown marks,
//! raw mentions, escapes, hostile characters), and such exports cut short
//! or with bytes spliced in.

#[path = "support/invariants.rs"]
mod invariants;

use std::path::Path;

use daybook::archive::formats::{ParseContext, Parsed, discord};
use daybook::model::Zone;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

fn parse(name: &str, text: &str) -> Parsed {
    let ctx = ParseContext {
        path: Path::new(name),
        folder: Path::new(""),
        zone: Zone::parse("UTC").unwrap(),
    };
    let parsed = discord::FORMAT.parse(text.as_bytes(), &ctx);
    invariants::check_parsed_lines(text, &parsed);
    parsed
}

/// Pieces of message content: Discord markdown, raw references, links,
/// and what a hostile file holds.
const CONTENT: &[&str] = &[
    "*",
    "**",
    "***",
    "_",
    "__",
    "___",
    "~~",
    "||",
    "`",
    "``",
    "```",
    "```rust\n",
    "\\*",
    "\\",
    "<@123>",
    "<@!42>",
    "<#7>",
    "<@&9>",
    "<:pepe:123>",
    "<a:dance:45>",
    "<t:1618953630:R>",
    "<t:99999999999999999999>",
    "</deploy:1>",
    "<https://a.example/x_y>",
    "<",
    ">",
    "<@",
    "[label](https://a.example/(b))",
    "[",
    "](",
    "https://a.example/a_b*c",
    "http://",
    "@here",
    " ",
    "\n",
    "\r\n",
    "word",
    "snake_case",
    "中文",
    "日本語の",
    "한국어",
    "😀",
    "👍🏽",
    "e\u{301}",
    "\u{200b}",
    "\u{feff}",
    "\u{1b}[31m",
    "\u{7}",
    "\u{0}",
    "\u{85}",
    "\u{202e}",
    "\u{e0041}",
    "\t",
    "\"",
    "'",
];

fn content() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CONTENT), 0..24).prop_map(|v| v.concat())
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Ann".to_owned()),
        Just("Deleted User".to_owned()),
        Just(String::new()),
        content(),
    ]
}

/// One message object, with what DCE writes around the content.
fn message() -> impl Strategy<Value = (String, String, String, u32, u8)> {
    (content(), name(), name(), 0u32..86_400 * 3, 0u8..6)
}

fn render(
    i: usize,
    (content, name, nick, secs, extra): &(String, String, String, u32, u8),
) -> String {
    let fraction = if *extra == 0 {
        String::new()
    } else {
        format!(".{}", "9".repeat(usize::from(*extra)))
    };
    let time = format!(
        "2024-05-{:02}T{:02}:{:02}:{:02}{fraction}+0{}:00",
        1 + secs / 86_400,
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60,
        extra % 3
    );
    let json = |s: &str| serde_json::to_string(s).unwrap();
    let kinds = ["Default", "Reply", "GuildMemberJoin", "Call", "7", "Nope"];
    let mut m = format!(
        "{{\"id\": \"{i}\", \"type\": \"{}\", \"timestamp\": \"{time}\", \"content\": {}, \"author\": {{\"id\": \"{}\", \"name\": {}, \"nickname\": {}, \"roles\": [{{\"id\": \"9\", \"name\": {}}}]}}, \"mentions\": [{{\"id\": \"123\", \"name\": {}}}]",
        kinds[usize::from(*extra)],
        json(content),
        i % 3,
        json(name),
        json(nick),
        json(nick),
        json(name),
    );
    if extra % 2 == 1 {
        m.push_str(&format!(
            ", \"attachments\": [{{\"url\": {}, \"fileName\": {}, \"fileSizeBytes\": {}}}], \"reactions\": [{{\"emoji\": {{\"id\": \"\", \"name\": {}}}, \"count\": {extra}}}], \"reference\": {{\"messageId\": \"{}\"}}, \"embeds\": [{{\"title\": {}, \"url\": {}}}], \"stickers\": [{{\"name\": {}, \"sourceUrl\": \"media\\\\s.png\"}}]",
            json(content),
            json(name),
            secs,
            json(nick),
            i.saturating_sub(1),
            json(content),
            json(name),
            json(nick),
        ));
    }
    m.push('}');
    m
}

fn export(messages: &[(String, String, String, u32, u8)]) -> String {
    let items: Vec<String> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| render(i, m))
        .collect();
    format!(
        "{{\n  \"guild\": {{\"id\": \"1\", \"name\": \"G\"}},\n  \"channel\": {{\"id\": \"2\", \"type\": \"GuildPublicThread\", \"categoryId\": \"3\", \"category\": \"p\", \"name\": \"c\"}},\n  \"messages\": [\n    {}\n  ]\n}}\n",
        items.join(",\n    ")
    )
}

/// A plain-text export of the same messages, with en-US dates.
fn txt(messages: &[(String, String, String, u32, u8)]) -> String {
    let mut out = format!(
        "{}\nGuild: G\nChannel: Cat / c\n{}\n\n",
        "=".repeat(62),
        "=".repeat(62)
    );
    for (content, name, _, secs, extra) in messages {
        let h = secs / 3600 % 24;
        out.push_str(&format!(
            "[5/{}/2024 {}:{:02} {}] {}\n{}\n\n",
            1 + secs / 86_400,
            if h % 12 == 0 { 12 } else { h % 12 },
            secs / 60 % 60,
            if h < 12 { "AM" } else { "PM" },
            name.replace('\n', " "),
            content
        ));
        if extra % 2 == 1 {
            out.push_str("{Attachments}\nmedia\\a.png\n\n{Reactions}\n👍 (2) x\n\n");
        }
    }
    out.push_str(&format!(
        "{}\nExported 1 message(s)\n{}\n",
        "=".repeat(62),
        "=".repeat(62)
    ));
    out
}

/// A CSV export of the same messages.
fn csv(messages: &[(String, String, String, u32, u8)]) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("AuthorID,Author,Date,Content,Attachments,Reactions\n");
    for (i, (content, name, _, secs, _)) in messages.iter().enumerate() {
        out.push_str(&format!(
            "{},{},\"2024-05-{:02}T{:02}:{:02}:{:02}.0000000+00:00\",{},{},{}\n",
            q(&i.to_string()),
            q(name),
            1 + secs / 86_400,
            secs / 3600 % 24,
            secs / 60 % 60,
            secs % 60,
            q(content),
            q("https://a.example/x.png,media\\y.gif"),
            q("👍 (2),x (1)")
        ));
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        for name in ["x.json", "x.txt", "x.csv"] {
            parse(name, &text);
        }
        parse("x.json", &format!("{{\"channel\": {{\"id\": \"1\"}}, \"messages\": [{text}"));
    }

    #[test]
    fn every_message_of_a_whole_export_is_read(messages in prop::collection::vec(message(), 0..12)) {
        let text = export(&messages);
        let p = parse("x.json", &text);
        prop_assert_eq!(p.message_count(), messages.len());
        prop_assert_eq!(p.chats.len(), 1);
        prop_assert_eq!(p.chats[0].parent.as_deref(), Some("3"));
        // TXT: every header is read (content cannot hold a header line: the
        // fragments have no `[`-dated line), CSV: every record.
        let p = parse("x.txt", &txt(&messages));
        prop_assert_eq!(p.message_count(), messages.len());
        let p = parse("x.csv", &csv(&messages));
        prop_assert_eq!(p.message_count(), messages.len());
    }

    #[test]
    fn exports_cut_or_spliced_anywhere_keep_the_invariants(
        messages in prop::collection::vec(message(), 1..8),
        cut in any::<prop::sample::Index>(),
        splice in any::<String>(),
        format in 0usize..3,
    ) {
        let text = match format {
            0 => export(&messages),
            1 => txt(&messages),
            _ => csv(&messages),
        };
        let name = ["x.json", "x.txt", "x.csv"][format];
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let cut_short = &text[..at];
        let p = parse(name, cut_short);
        prop_assert!(p.message_count() <= messages.len());
        let spliced = format!("{}{splice}{}", &text[..at], &text[at..]);
        parse(name, &spliced);
    }
}

/// Inputs that once went wrong.
#[test]
fn regressions() {
    for (name, text) in [
        (
            "x.json",
            "{\"channel\":{},\"messages\":[{\"content\":\"<t:-9223372036854775808>\"}]}",
        ),
        (
            "x.json",
            "{\"channel\":{},\"messages\":[{\"content\":\"```\\n```\"}]}",
        ),
        // Cut right after a comma between messages.
        ("x.json", "{\"channel\":{},\"messages\":[{},"),
        ("x.json", "{\"channel\":{},\"messages\":[{}, "),
        (
            "x.txt",
            "====================\nGuild: G\n[1/1/2020 1:00 AM] \n{Reactions}\n(2) (3)\n",
        ),
        (
            "x.csv",
            "AuthorID,Author,Date,Content\n\"1\",\"a\",\"2020-01-01T00:00:00Z\",\"\"\"\n",
        ),
    ] {
        parse(name, text);
    }
}
