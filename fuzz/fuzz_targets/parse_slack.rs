//! The Slack parser on arbitrary bytes: as a lone day file, and as the day
//! files of a whole export (read through an in-memory folder). No panic,
//! and what it returns is consistent and safe (`check_parsed`).

#![no_main]

use std::path::Path;

use daybook::archive::formats::{ParseContext, slack};
use daybook::model::Zone;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let lines = 1 + data.iter().filter(|&&b| b == b'\n').count() as u32;
    let ctx = ParseContext {
        path: Path::new("standup/2020-09-13.json"),
        folder: Path::new("standup"),
        zone: Zone::parse("+05:30").unwrap(),
    };
    invariants::check_parsed(&slack::FORMAT.parse(data, &ctx), lines);
    let folder = invariants::MemFolder::new(vec![
        (
            "users.json".into(),
            br#"[{"id":"U1","name":"ann"},{"id":"U2","profile":{"display_name":"Bo"}}]"#.to_vec(),
        ),
        ("channels.json".into(), br#"[{"id":"C1","name":"general"}]"#.to_vec()),
        ("general/2020-09-13.json".into(), data.to_vec()),
        ("teams/t/general/2020-09-14.json".into(), data.to_vec()),
    ]);
    let ctx = ParseContext {
        path: Path::new("export"),
        folder: Path::new("export"),
        zone: Zone::parse("UTC").unwrap(),
    };
    invariants::check_parsed(&slack::FORMAT.parse_folder(&folder, &ctx), lines);
});
