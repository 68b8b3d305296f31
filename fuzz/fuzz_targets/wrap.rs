//! The sanitiser and the wrapper on arbitrary text: sanitised text is safe
//! and stays so, and wrapping it at any width keeps the wrapper's rules.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let Some((&w, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    invariants::check_sanitize(&text);
    let clean = daybook::text::sanitize(&text);
    invariants::check_wrap(&clean, usize::from(w % 64));
    // The raw text too: the wrapper must not panic on what it is not meant to get.
    let _ = daybook::text::wrap(&text, usize::from(w % 64));
});
