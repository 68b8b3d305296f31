//! The WhatsApp parser on arbitrary bytes, decoded as the loader decodes
//! them (lossy UTF-8): no panic, and what it returns is consistent and
//! safe (`check_parsed_lines`, shared with tests/props_whatsapp.rs).

#![no_main]

use std::path::Path;

use daybook::archive::formats::{ParseContext, whatsapp};
use daybook::model::Zone;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // As an Android export named after its chat, and as iOS's `_chat.txt`.
    for name in ["WhatsApp Chat with X.txt", "_chat.txt"] {
        let path = Path::new("WhatsApp Chat - X.zip").join(name);
        let ctx = ParseContext {
            path: &path,
            folder: Path::new("WhatsApp Chat - X.zip"),
            zone: Zone::Local,
        };
        let parsed = whatsapp::FORMAT.parse(text.as_bytes(), &ctx);
        invariants::check_parsed_lines(text.strip_prefix('\u{feff}').unwrap_or(&text), &parsed);
    }
});
