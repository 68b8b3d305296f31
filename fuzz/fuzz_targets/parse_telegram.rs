//! The Telegram parser on arbitrary bytes: no panic, and the pieces and the
//! archive it gives are consistent and safe (tests/support/parsed.rs, shared
//! with tests/props_telegram.rs).

#![no_main]

use daybook::archive::formats::telegram;
use daybook::model::Zone;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/parsed.rs"]
mod parsed;

fuzz_target!(|data: &[u8]| {
    // A zone with a half-hour offset and daylight saving, so that day
    // boundaries move.
    let zone = Zone::parse("Australia/Adelaide").unwrap_or_default();
    parsed::check_format(telegram::FORMAT, "ChatExport/result.json", data, zone);
});
