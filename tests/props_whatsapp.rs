//! Property tests of the WhatsApp parser: on arbitrary text, and on text
//! built from pieces of chat exports (headers of every layout, names,
//! placeholders, marks, markup, line endings, hostile characters), it never
//! panics and what it returns keeps the invariants every format keeps
//! (`check_parsed_lines` in tests/support/invariants.rs, shared with the
//! fuzz target `parse_whatsapp`).

#[path = "support/invariants.rs"]
mod invariants;

use std::path::Path;

use daybook::archive::formats::{ParseContext, whatsapp};
use daybook::model::Zone;
use invariants::check_parsed_lines;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// Parses `text` as the file `name` and checks the result.
fn check(name: &str, text: &str) {
    let path = Path::new("export").join(name);
    let ctx = ParseContext {
        path: &path,
        folder: Path::new("export"),
        zone: Zone::Local,
    };
    let parsed = whatsapp::FORMAT.parse(text.as_bytes(), &ctx);
    check_parsed_lines(text.strip_prefix('\u{feff}').unwrap_or(text), &parsed);
}

const FRAGMENTS: &[&str] = &[
    "12/9/20, 23:55 - ",
    "23/03/2022, 13:31 - ",
    "3/27/22, 21:41:35 - ",
    "[3/27/22, 21:41:35] ",
    "\u{200e}[3/27/22, 21:41:35] ",
    "[3/27/22 21:41:35] ",
    "[13/11/2025, 12:25:55\u{202f}PM] ",
    "1/4/23, 7:02\u{202f}PM - ",
    "01/20/2019, 11:23 a. m. - ",
    "20/6/2017 8:28 p.\u{a0}m. - ",
    "26/09/2019 à 22:39 - ",
    "13.6.2018 klo 21.25.15 - ",
    "13. 6. 2018. 21:25:15 ",
    "13.06.18 21.25.15: ",
    "2016-06-27, 8:04:08 AM: ",
    "[3/27/2565 BE, 21:41:35] ",
    "[3/27/R4, 21:41:35] ",
    "[٢٧\u{200f}/٣\u{200f}/٢٠٢٢\u{60c} ٩:٤١:٣٥\u{a0}م] ",
    "[2022/03/27 午後9:41:35] ",
    "31/2/21, 10:00 - ",
    "1/4/23, 25:61 - ",
    "[99/99/99, 99:99:99] ",
    "Ann: ",
    "Bo Li: ",
    "~\u{202f}Cy: ",
    "\u{202a}+40\u{a0}521\u{202c}: ",
    "张三: ",
    "X created group \"a: b\"",
    "\u{200e}",
    "\u{200f}",
    "<Media omitted>",
    "\u{200e}image omitted",
    "Doc.pdf • \u{200e}2 pages \u{200e}document omitted",
    "\u{200e}<attached: 00000001-PHOTO-2022-03-27-21-41-55.jpg>",
    "IMG-20220323-WA0002.jpg (file attached)",
    "This message was deleted",
    "\u{200e}You deleted this message.",
    " \u{200e}<This message was edited>",
    "location: https://maps.google.com/?q=1,2",
    "Place (Street 1): https://foursquare.com/v/ab",
    "https://foursquare.com/v/ab",
    "\u{200e}POLL:\n",
    "\u{200e}OPTION: A (1 vote)",
    "Missed voice call",
    "null",
    "*bold*",
    "_it_",
    "~x~",
    "`c`",
    "```\nblock\n```",
    "* _ ~ `",
    "https://example.org/a_b*c",
    "@someone",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\u{1b}[2J",
    "\u{9b}",
    "\u{202e}",
    "\u{0}",
    "\t",
    "\u{301}\u{301}\u{301}\u{301}\u{301}",
    "👨\u{200d}👩\u{200d}👧",
    "各大佬都出来",
    "hello ",
    ": ",
    ":",
    " - ",
    "]",
    "[",
    "x",
];

fn chat_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..80,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn whatsapp_on_arbitrary_strings(text in any::<String>()) {
        check("WhatsApp Chat with X.txt", &text);
    }

    #[test]
    fn whatsapp_on_chat_like_text(text in chat_text()) {
        check("WhatsApp Chat with X.txt", &text);
        check("_chat.txt", &text);
    }

    /// Arbitrary bytes, decoded as the loader decodes them.
    #[test]
    fn whatsapp_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check("chat.txt", &String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn the_fixtures_keep_the_invariants() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/whatsapp");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&p).unwrap();
            check(&p.file_name().unwrap().to_string_lossy(), &text);
            n += 1;
        }
    }
    assert!(n >= 10);
}
