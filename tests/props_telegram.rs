//! Property tests of the Telegram parser: on arbitrary bytes, and on
//! export-shaped text assembled from fragments (keys of every kind, values
//! of the right and the wrong type, escapes valid and not, Telegram's
//! `\xHH`, controls, CJK, deep brackets) and cut anywhere, it never panics
//! and what it returns keeps the invariants of `tests/support/parsed.rs`
//! (shared with the fuzz target `parse_telegram`).

#[path = "support/parsed.rs"]
mod parsed;

use daybook::archive::formats::telegram;
use daybook::model::Zone;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// Values a field may hold, well-typed or not.
const VALUES: &[&str] = &[
    "\"plain text\"",
    "\"1700000000\"",
    "1700000000",
    "-3",
    "1.5e3",
    "null",
    "true",
    "[]",
    "{}",
    "\"\"",
    "\"a\\nb\\tc\\\\\\\"\"",
    "\"\\u00e9\\ud83d\\ude00\\u2028\\ud800\"",
    "\"\\x0c\\x1b[2J\\x00\"",
    "\"\\q\\x4\"",
    "\"各大佬都出来给区块链站台\"",
    "\"\u{1b}]0;title\u{7}\u{202e}evil\"",
    "\"(File not included. Change data exporting settings to download.)\"",
    "[\"a \", {\"type\": \"bold\", \"text\": \"b\"}, {\"type\": \"text_link\", \"text\": \"c\", \"href\": \"https://x.example\"}]",
    "[{\"type\": \"mention\", \"text\": \"@who\"}, {\"type\": \"link\", \"text\": \"x.example\"}]",
    "[{\"type\": \"code\"}, 5, null, [1]]",
    "[{\"type\": \"emoji\", \"count\": 2, \"emoji\": \"👍\"}, {\"type\": \"paid\"}]",
    "{\"first_name\": \"A\", \"phone_number\": 5}",
    "{\"latitude\": 59.9, \"longitude\": \"10.7\"}",
    "{\"question\": \"Q?\", \"answers\": [{\"text\": \"A\", \"voters\": 2}, 7]}",
    "[\"Carol\", null, 3]",
    "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
    "{\"a\": {\"b\": {\"c\": [1, 2, {\"d\": null}]}}}",
];

/// Keys of a message, known and not.
const KEYS: &[&str] = &[
    "id",
    "type",
    "date",
    "date_unixtime",
    "edited",
    "from",
    "author",
    "actor",
    "action",
    "text",
    "text_entities",
    "reply_to_message_id",
    "reply_to_peer_id",
    "forwarded_from",
    "saved_from",
    "photo",
    "photo_file_size",
    "file",
    "file_name",
    "file_size",
    "media_type",
    "sticker_emoji",
    "duration_seconds",
    "contact_information",
    "location_information",
    "poll",
    "reactions",
    "members",
    "message_id",
    "title",
    "unknown_key",
];

const TYPES: &[&str] = &["\"message\"", "\"service\"", "\"unsupported\"", "\"other\""];
const ACTIONS: &[&str] = &[
    "\"pin_message\"",
    "\"phone_call\"",
    "\"invite_members\"",
    "\"create_group\"",
    "\"some_new_action\"",
];

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        (prop::sample::select(KEYS), prop::sample::select(VALUES))
            .prop_map(|(k, v)| format!("\"{k}\": {v}")),
        prop::sample::select(TYPES).prop_map(|t| format!("\"type\": {t}")),
        prop::sample::select(ACTIONS).prop_map(|a| format!("\"action\": {a}")),
        (0u32..40).prop_map(|n| format!("\"id\": {n}")),
        (0u32..40).prop_map(|n| format!("\"reply_to_message_id\": {n}")),
        (1_600_000_000i64..1_700_000_000).prop_map(|t| format!("\"date_unixtime\": \"{t}\"")),
        "[a-z ]{0,12}".prop_map(|s| format!("\"from\": \"{s}\"")),
    ]
}

fn message() -> impl Strategy<Value = String> {
    prop::collection::vec(field(), 0..8)
        .prop_map(|fs| format!("{{\n   {}\n  }}", fs.join(",\n   ")))
}

/// A single chat or an account export of such messages, maybe cut short
/// and maybe with a stray byte dropped in.
fn export() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(message(), 0..12),
        any::<bool>(),
        prop::option::of(any::<prop::sample::Index>()),
        prop::option::of((any::<prop::sample::Index>(), any::<u8>())),
    )
        .prop_map(|(msgs, full, cut, stray)| {
            let list = msgs.join(",\n");
            let text = if full {
                format!(
                    "{{\n \"about\": \"x\",\n \"chats\": {{\n  \"list\": [\n   {{\"name\": \"A\", \"type\": \"personal_chat\", \"id\": 1, \"messages\": [\n{list}\n]}}\n  ]\n }},\n \"left_chats\": {{\"list\": [{{\"messages\": [{list}]}}]}}\n}}\n"
                )
            } else {
                format!(
                    "{{\n \"name\": \"T\",\n \"type\": \"private_group\",\n \"id\": 1,\n \"messages\": [\n{list}\n ]\n}}\n"
                )
            };
            let mut bytes = text.into_bytes();
            if let Some((at, b)) = stray {
                let i = at.index(bytes.len() + 1);
                bytes.insert(i, b);
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            bytes
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn telegram_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        parsed::check_format(telegram::FORMAT, "result.json", &bytes, Zone::parse("UTC").unwrap());
    }

    #[test]
    fn telegram_on_export_like_text(bytes in export()) {
        for zone in ["UTC", "Asia/Kathmandu"] {
            parsed::check_format(telegram::FORMAT, "x/result.json", &bytes, Zone::parse(zone).unwrap());
        }
    }
}

/// Well-formed exports lose no message: every message with a date is kept.
#[test]
fn every_dated_message_of_a_well_formed_export_loads() {
    let mut msgs = Vec::new();
    for i in 0..50 {
        msgs.push(format!(
            "{{\"id\": {i}, \"type\": \"message\", \"date_unixtime\": \"{}\", \"from\": \"S{}\", \"text\": \"m{i}\"}}",
            1_600_000_000 + i * 5000,
            i % 7
        ));
    }
    let text = format!(
        "{{\"name\": \"T\", \"type\": \"private_group\", \"id\": 1, \"messages\": [{}]}}",
        msgs.join(",")
    );
    let a = parsed::check_format(
        telegram::FORMAT,
        "r.json",
        text.as_bytes(),
        Zone::parse("UTC").unwrap(),
    );
    assert_eq!(a.message_count(), 50);
    assert_eq!(a.speakers.len(), 7);
    assert!(a.diagnostics.is_empty());
}
