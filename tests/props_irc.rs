//! Property tests of the IRC parser: on arbitrary bytes, and on logs built
//! from pieces of every client's lines (times of every form, day markers,
//! nicks with mode prefixes, events in each client's words, mIRC codes,
//! bytes that are not UTF-8, line endings, hostile characters), it never
//! panics and what it returns keeps the invariants of
//! `tests/support/irc_invariants.rs` (shared with the fuzz target
//! `parse_irc`). The regression tests at the end are inputs that failed.

#[path = "support/irc_invariants.rs"]
mod irc_invariants;

use irc_invariants::check_irc;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// File names: dated and not, channels, WeeChat, no extension.
const NAMES: &[&str] = &[
    "#chan_20200101.log",
    "2020-02-29.log",
    "#chan.log",
    "irc.libera.#c.weechatlog",
    "#c",
    "notes.txt",
    "x_20201231.log",
];

const FRAGMENTS: &[&[u8]] = &[
    b"[12:00] ",
    b"[23:59:59] ",
    b"[00:00:01] ",
    b"[99:99] ",
    b"[24:00:00] ",
    b"12:00 ",
    b"23:59 ",
    b"00:01 ",
    b"2020-01-01T10:00:00  ",
    b"2020-02-30T10:00:00  ",
    b"[2021-04-22T10:01:04+0200] ",
    b"[2021-04-22T10:01:04-99:99] ",
    b"[2021-04-22T10:01:04.5Z] ",
    b"2018-01-22 10:00:00\t",
    b"[2014-01-01 00:00:00] ",
    b"Jan 22 10:00:00 ",
    b"Dec 31 23:59:59 ",
    b"Feb 30 10:00:00 ",
    b"[14 Jan 10:36] ",
    b"[02-Feb-2004 14:18:55] ",
    b"1075917300 ",
    b"9999999999 ",
    b"--- Log opened Mon Jan 22 10:00:00 2018\n",
    b"--- Day changed Tue Jan 23 2018\n",
    b"--- Day changed garbage\n",
    b"--- Log closed Tue Jan 23 10:00:00 2018\n",
    b"**** BEGIN LOGGING AT Sun Dec 31 22:00:00 2023\n",
    b"Session Start: Fri Aug 16 18:00:00 2019\n",
    b"Session Ident: #c\n",
    b"<@nick> ",
    b"<+v> ",
    b"< pad> ",
    b"<nick!user@host> -",
    b"<>",
    b"<",
    b">",
    b"* nick waves",
    b"* ",
    b"*** Joins: n (u@h)",
    b"*** Quits n (Quit: bye)",
    b"*** Parts: n (u@h) ()",
    b"*** a is now known as b",
    b"*** a sets mode: +o b",
    b"*** b was kicked by a (r)",
    b"*** a changes topic to 'x'",
    b"-!- n [u@h] has joined #c",
    b"-!- mode/#c [+o x] by y",
    b"-!- x changed the topic of #c to: t",
    b"-->\tn (~u@h) has joined #c",
    b"<--\tn has quit (x)",
    b"--\tMode #c [+v n] by o",
    b" *\tn acts",
    b"\tmsg",
    b"-notice- ",
    b"-n(u@h)- ",
    b"\xe2\x80\xa2 n: act",
    b"n (h@x) joined the channel",
    b"n kicked m from the channel (r)",
    b"\x02bold\x02",
    b"\x0304,12colour\x03",
    b"\x03",
    b"\x04FF00FF",
    b"\x0f",
    b"\x1d\x1f\x1e\x11\x16",
    b"\x01ACTION waves\x01",
    b"https://example.org/a?b=c ",
    b"@mention ",
    b"caf\xe9 ",
    b"\x9a",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    "长消息 🎉 ".as_bytes(),
    "\u{301}\u{301}\u{301}\u{301}".as_bytes(),
    "\u{202e}".as_bytes(),
    b"\x1b[2J",
    b"\x00",
    b"\x7f",
    b"\t",
    b" ",
    b"  ",
    b"\n",
    b"\r\n",
    b"\r",
    b"text ",
    b"x",
];

fn log() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(FRAGMENTS).prop_map(<[u8]>::to_vec),
            1 => prop::collection::vec(any::<u8>(), 0..12),
            1 => any::<String>().prop_map(String::into_bytes),
        ],
        0..80,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_keep_the_invariants(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for name in NAMES {
            check_irc(name, &bytes);
        }
    }

    #[test]
    fn logs_of_irc_pieces_keep_the_invariants(bytes in log(), name in prop::sample::select(NAMES)) {
        check_irc(name, &bytes);
    }

    #[test]
    fn a_log_of_good_lines_loses_none(
        lines in prop::collection::vec(
            (0u32..24, 0u32..60, prop::sample::select(&["<a> hi", "* b waves", "*** Joins: c (u@h)", "<@d> \x02yo\x02 https://x.y"][..])),
            1..40,
        )
    ) {
        let mut text = String::new();
        for (h, m, body) in &lines {
            text.push_str(&format!("[{h:02}:{m:02}] {body}\n"));
        }
        let parsed = check_irc("#c_20200101.log", text.as_bytes());
        prop_assert_eq!(parsed.message_count(), lines.len());
        prop_assert!(parsed
            .diagnostics
            .iter()
            .all(|d| d.severity == daybook::model::Severity::Note));
    }
}

// Regression tests: inputs that once failed.

/// Found by cargo-fuzz: a U+2028 inside a line became a line break in the
/// body; IRC bodies are one line, the separator is shown as ␤.
#[test]
fn a_line_separator_inside_a_line_stays_in_one_line() {
    for name in NAMES {
        let p = check_irc(
            name,
            "[2021-04-22T06:32:00+0200] <crumb> a\u{2028}b\u{2029}c\u{85}d\n".as_bytes(),
        );
        let d = &p.days[0];
        assert_eq!(d.body(&d.messages[0]), "a␤b␤c␤d");
    }
}

#[test]
fn empty_and_blank_inputs() {
    for input in [&b""[..], b"\n", b"\r\n\r\n", b"   \t", b"\xef\xbb\xbf"] {
        for name in NAMES {
            let p = check_irc(name, input);
            assert_eq!(p.message_count(), 0);
        }
    }
}

/// Found by the property tests: a Unix time of ten digits overflowed.
#[test]
fn a_ten_digit_unix_time() {
    for name in NAMES {
        check_irc(name, b"9999999999 ");
        check_irc(name, b"9999999999 <a> far in the future\n");
    }
}

/// Found by the fuzzer: an empty action text is no part of the line, and
/// its styles' offsets were taken from the line all the same.
#[test]
fn an_empty_text_after_styles() {
    for name in NAMES {
        check_irc(name, b"[10:00] * \x02n\x02");
        check_irc(name, b"[10:00] -n- \x1f");
        check_irc(name, b"2019-10-19T05:05:00  * \x1dx\x1d\n");
    }
}

/// Found by the fuzzer: a WeeChat action whose nick ran into a tab.
#[test]
fn an_action_nick_ends_at_a_tab() {
    for name in NAMES {
        check_irc(name, b"2023-09-10 08:46:00\t *\tp45:00\t-->\tpear joined\n");
    }
}
