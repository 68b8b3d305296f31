//! Meta's mojibake: "Download your information" writes every string's UTF-8
//! bytes as if each byte were a Latin-1 character, so that `’` arrives as
//! `\u00e2\u0080\u0099` and 😭 as `\u00f0\u009f\u0098\u00ad`. After JSON
//! decoding, each string is turned back into bytes and read as UTF-8 —
//! per string, and only when that can be right: every character is in
//! Latin-1 and the bytes are valid UTF-8. A string holding a character
//! beyond Latin-1 (`“`, `你`) was written correctly and is kept, as is one
//! whose bytes are not UTF-8 (`café` written right).

use std::borrow::Cow;

/// `s` repaired, or as it is when it needs no repair or cannot be one.
pub fn repair(s: Cow<'_, str>) -> Cow<'_, str> {
    match repaired(&s) {
        Some(r) => Cow::Owned(r),
        None => s,
    }
}

/// The repaired string, when `s` is mojibake that repairs.
pub fn repaired(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let mut bytes = Vec::with_capacity(s.len());
    for c in s.chars() {
        let b = u8::try_from(u32::from(c)).ok()?;
        bytes.push(b);
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        repair(Cow::Borrowed(s)).into_owned()
    }

    #[test]
    fn mojibake_is_repaired() {
        assert_eq!(fix("I\u{e2}\u{80}\u{99}m"), "I’m");
        assert_eq!(fix("caf\u{c3}\u{a9}"), "café");
        assert_eq!(fix("\u{f0}\u{9f}\u{98}\u{ad}"), "😭");
        assert_eq!(fix("\u{e4}\u{bd}\u{a0}\u{e5}\u{a5}\u{bd}"), "你好");
    }

    #[test]
    fn what_was_written_right_is_kept() {
        for s in [
            "plain",
            "café",
            "“quoted”",
            "你好",
            "😭",
            "naïve ©",
            "",
            "\u{80}",
        ] {
            assert_eq!(fix(s), s);
        }
        // Mojibake beside a character beyond Latin-1 is not repaired.
        assert_eq!(fix("\u{c3}\u{a9}“"), "\u{c3}\u{a9}“");
        assert!(matches!(repair(Cow::Borrowed("ascii")), Cow::Borrowed(_)));
    }
}
