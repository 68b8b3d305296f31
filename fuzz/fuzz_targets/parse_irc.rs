//! The IRC log parser on arbitrary bytes, under several file names (dated,
//! undated, WeeChat): no panic, and what it returns is consistent and safe
//! (tests/support/irc_invariants.rs, shared with tests/props_irc.rs).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/irc_invariants.rs"]
mod irc_invariants;

fuzz_target!(|data: &[u8]| {
    for name in ["#chan_20200101.log", "#chan.log", "irc.net.#c.weechatlog"] {
        irc_invariants::check_irc(name, data);
    }
});
