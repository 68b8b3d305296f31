//! Property tests of the parser, the wrapper, the sanitiser and the query
//! parser through the public API: none panics on arbitrary input, and the
//! invariants in tests/support/invariants.rs (shared with the fuzz targets
//! in fuzz/) hold. Inputs are arbitrary strings and strings built from
//! fragments that look like what each part reads (headers, front matter,
//! entities, escapes, CJK punctuation, qualifiers), which reach far more of
//! the code than random text does.
//!
//! The regression tests at the end are inputs the fuzzers found.

#[path = "support/invariants.rs"]
mod invariants;

use std::sync::OnceLock;

use daybook::model::Archive;
use invariants::{check_parse, check_query, check_sanitize, check_wrap};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// The bundled sample, loaded once, for matching queries against.
fn sample() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE.get_or_init(daybook::archive::load_embedded)
}

/// Pieces of day files: headers real and fake, front matter, separators,
/// line endings, markup the span finder reads, and hostile characters.
const DAY_FRAGMENTS: &[&str] = &[
    "---\n",
    "---\r\n",
    "> 12:34:56  张三  \n",
    "> 06:47:30  李小胖  \n",
    "> 23:59:59    \n",
    "> 25:61:99  B  \n",
    "> 12:34:56 伪装\n",
    "> 00:00:00\n",
    "> 1",
    "> 12:3",
    "   \n",
    "\n",
    "\r\n",
    "\r",
    "  \n",
    "date:       2018-01-22 12:00:00\n",
    "title:      \"2018-01-22-WeChat\"\n",
    "tag:\t\t  [chat]\n",
    "author: \"x\n",
    "a: &a [1, 2]\n",
    "b: *a\n",
    "[[{",
    "&amp;amp;",
    "&amp;#160;",
    "&#x1F600;",
    "&lt;",
    "[强]",
    "[捂脸]",
    "![2018-01-22 07:18:33](http://static.cocolian.cn/img/1.png) ",
    "[标题\n",
    "](http://x.cn/a)",
    "[",
    "](",
    "]()",
    ")",
    "&lt;/td&gt;&lt;/tr&gt;",
    "](&lt;tr style='height:25pt'&gt;&lt;td x:str&gt;wxid_ab12)",
    "[&amp;lt;a href=&amp;quot;http://x.cn/s?a=1&amp;amp;b=2&amp;quot;&amp;gt;标题&amp;lt;/a&amp;gt;",
    "恭喜发财 查看红包",
    "[微信红包\n](https://wxapp.tenpay.com/x?s=1)",
    "[年报.pdf\n]()",
    "[文件:清单.xlsx]",
    "](&amp;lt;sysmsg type=&amp;quot;x&amp;quot;&amp;gt;)",
    "<?xml version=\"1.0\"?>",
    "wxid_ab12:",
    "wxid_ab12: ",
    "\n   \n",
    "http://example.com/a?b=c",
    "@Bison-联想金融-北京 ",
    "@名字?",
    "@x\u{2005}",
    "\u{feff}",
    "\u{1b}[2J",
    "\u{1b}]0;t\u{7}",
    "\u{9b}",
    "\u{85}",
    "\u{2028}",
    "\u{202e}",
    "\u{0}",
    "\t",
    "\u{3000}",
    "\u{301}\u{301}\u{301}\u{301}\u{301}",
    "👨\u{200d}👩\u{200d}👧",
    "各大佬都出来给区块链站台，",
    "hello world ",
    "x",
];

fn day_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(DAY_FRAGMENTS).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

/// Pieces of display text for the wrapper and the sanitiser.
const TEXT_FRAGMENTS: &[&str] = &[
    " ",
    "  ",
    "\u{3000}",
    "\n",
    "\r\n",
    "\t",
    "a",
    "word",
    "longlonglonglongword",
    "中",
    "文字",
    "，",
    "。",
    "」",
    "「",
    "（",
    "）",
    "…",
    "ー",
    "ぁ",
    "한국어",
    "“",
    "”",
    "(",
    ")",
    ",",
    ".",
    "!",
    "😀",
    "👨\u{200d}👩\u{200d}👧",
    "1\u{fe0f}\u{20e3}",
    "🇨🇳",
    "e\u{301}",
    "\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{ad}",
    "\u{1b}[31m",
    "\u{7}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{9d}",
    "\u{202e}",
    "\u{2066}",
    "\u{2028}",
    "\u{2029}",
    "\u{1160}",
    "\u{ff21}",
    "𠀀",
];

fn display_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(TEXT_FRAGMENTS).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

/// Pieces of queries: qualifiers known and unknown, quotes, escapes,
/// negation, dates good and bad.
const QUERY_FRAGMENTS: &[&str] = &[
    " ",
    "\u{3000}",
    "\t",
    "\"",
    "\\",
    "\\\"",
    "-",
    "~",
    "-~",
    "from:",
    "FROM:",
    "in:",
    "on:",
    "after:",
    "before:",
    "has:",
    "foo:",
    "http://",
    "12:30",
    "二维码:扫",
    "2018",
    "2018-01",
    "2018-01-22",
    "2018/1/2",
    "2018-13",
    "2018-02-30",
    "-1",
    "99999",
    "image",
    "link",
    "mention",
    "emoji",
    "nope",
    "ark",
    "Ark",
    "李小胖",
    "区块链",
    "a",
    "\"a b\"",
    "\u{1b}",
    "\u{0}",
    "\u{301}",
    "😀",
];

fn query_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(QUERY_FRAGMENTS).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parse_day_on_arbitrary_strings(text in any::<String>()) {
        check_parse("2018-01-22-chat.markdown", &text);
    }

    #[test]
    fn parse_day_on_day_like_text(text in day_text()) {
        check_parse("2018-01-22-chat.markdown", &text);
        check_parse("notes", &text);
    }

    /// Arbitrary bytes, decoded as the loader decodes them.
    #[test]
    fn parse_day_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check_parse("2018-01-22-chat.markdown", &String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn wrap_keeps_its_rules(text in display_text(), width in 0usize..48) {
        let clean = daybook::text::sanitize(&text);
        check_wrap(&clean, width);
    }

    #[test]
    fn wrap_does_not_panic_on_raw_text(text in any::<String>(), width in 0usize..300) {
        let _ = daybook::text::wrap(&text, width);
        check_wrap(&daybook::text::sanitize(&text), width);
    }

    #[test]
    fn sanitize_is_safe_and_idempotent(text in display_text()) {
        check_sanitize(&text);
    }

    #[test]
    fn sanitize_on_arbitrary_strings(text in any::<String>()) {
        check_sanitize(&text);
    }

    #[test]
    fn query_parser_on_query_like_text(text in query_text()) {
        let archive = (text.len() <= 64).then(sample);
        check_query(&text, archive);
    }

    #[test]
    fn query_parser_on_arbitrary_strings(text in any::<String>()) {
        check_query(&text, None);
    }
}

/// Grapheme clusters wider than two columns, and their neighbours.
const WIDE_FRAGMENTS: &[&str] = &[
    "\u{1100}\u{1100}\u{1100}\u{1100}\u{1100}\u{1100}",
    "\u{1100}\u{1100}\u{1161}\u{11a8}",
    "\u{1100}가",
    "\u{a960}\u{a960}\u{a960}",
    "\u{600}\u{600}\u{600}x",
    "\u{17d8}",
    "स्त्र",
    "क्\u{200d}ष्\u{200d}त्र",
    "ｶﾞﾊﾟ",
    "a🏽🏽",
    "🇨🇳🇯",
    "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
    "👨\u{200d}👩\u{200d}👧",
    "中文",
    "word ",
    " ",
    "\n",
];

fn wide_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WIDE_FRAGMENTS), 1..30).prop_map(|v| v.concat())
}

/// Draws a day whose speaker and body hold `body` at `w`×`h` and returns
/// the widest cell of the frame (ratatui's own measure of a cell's symbol).
fn widest_cell(body: &str, w: u16, h: u16) -> usize {
    use daybook::tui::App;
    use daybook::tui::keymap::Keymap;
    use daybook::tui::theme::{Theme, Variant};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    let dir = tempfile::tempdir().expect("tempdir");
    let speaker: String = body.lines().next().unwrap_or("").chars().take(12).collect();
    let text = format!(
        "---\ndate: 2018-01-22 12:00:00\n---\n> 10:00:00  {}  \n   \n{body}  \n   \n> 10:01:00  B  \n   \nx{body}  \n   \n",
        speaker.trim()
    );
    std::fs::write(dir.path().join("2018-01-22-chat.markdown"), text).expect("write");
    let archive = daybook::archive::load(&[dir.path().to_path_buf()]).expect("load");
    let area = Rect::new(0, 0, w, h);
    let app = App::new(
        &archive,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        area,
    );
    let mut buf = Buffer::empty(area);
    (&app).render(area, &mut buf);
    // The width ratatui gives each cell when it draws it on a terminal:
    // the width forced on the cell, else its own measure of the symbol
    // (unicode-width, plus a column per halfwidth sound mark).
    buf.content
        .iter()
        .map(|c| {
            if let ratatui::buffer::CellDiffOption::ForcedWidth(w) = c.diff_option {
                return usize::from(w.get());
            }
            let s = c.symbol();
            let marks = s.matches(['\u{ff9e}', '\u{ff9f}']).count();
            unicode_width::UnicodeWidthStr::width(s) + marks
        })
        .max()
        .unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// No cell of the screen is wider than two columns, whatever clusters
    /// a message holds: a wider one would leave stale columns behind.
    #[test]
    fn every_rendered_cell_is_at_most_two_columns(
        body in wide_text(),
        w in 8u16..120,
        h in 3u16..30,
    ) {
        let widest = widest_cell(&body, w, h);
        prop_assert!(widest <= 2, "a cell {widest} columns wide from {body:?} at {w}x{h}");
    }

    #[test]
    fn wrapped_wide_text_fits(body in wide_text(), w in 1usize..40) {
        for r in daybook::text::wrap(&body, w) {
            let line = &body[r];
            prop_assert!(daybook::text::width(line) <= w.max(2), "{line:?} at {w}");
        }
    }
}

#[test]
fn a_run_of_leading_jamo_draws_in_cells_of_two() {
    assert!(widest_cell(&"\u{1100}".repeat(8), 80, 10) <= 2);
}

// Inputs the fuzzers found (fuzz/README.md: how they were run), each kept
// as a regression test of what was wrong with it.

/// `parse_day`: an unclosed front matter whose last line is not YAML, with no
/// final line break; the YAML error was reported on line 5 of a 4-line file.
const FUZZ_UNCLOSED_FRONT_MATTER: &[u8] =
    b"---\ntitle: \"2018-03-17\"\ndate: 2018-03-17 12:00:00\naut03-05 1";

/// `parse_day`: U+2028 and U+2029 (line breaks to YAML, not to daybook) in an
/// unclosed front matter; the YAML error was reported on line 10 of 7.
const FUZZ_LINE_SEPARATORS_IN_FRONT_MATTER: &[u8] = &[
    45, 45, 45, 10, 108, 97, 121, 111, 117, 116, 58, 32, 32, 32, 32, 32, 115, 111, 117, 114, 99,
    101, 32, 10, 116, 105, 116, 108, 101, 58, 32, 32, 32, 32, 32, 32, 34, 50, 56, 57, 53, 50, 48,
    49, 56, 45, 48, 32, 32, 10, 32, 32, 32, 10, 102, 97, 109, 105, 108, 121, 32, 240, 159, 145,
    168, 226, 128, 141, 240, 159, 145, 169, 226, 128, 141, 240, 159, 145, 167, 226, 128, 141, 240,
    159, 145, 166, 32, 114, 97, 105, 110, 98, 111, 119, 32, 240, 159, 143, 179, 239, 184, 143, 226,
    128, 141, 240, 159, 140, 136, 32, 115, 107, 105, 110, 32, 240, 159, 145, 141, 240, 159, 143,
    189, 32, 102, 108, 136, 103, 32, 240, 159, 135, 168, 240, 159, 135, 179, 32, 107, 101, 121, 99,
    97, 112, 32, 49, 239, 184, 143, 226, 131, 163, 32, 35, 239, 184, 143, 226, 131, 163, 32, 32,
    10, 97, 115, 116, 114, 97, 108, 32, 240, 160, 128, 128, 240, 170, 154, 165, 240, 176, 187, 158,
    32, 102, 117, 108, 108, 119, 105, 100, 116, 104, 227, 128, 128, 115, 112, 97, 99, 101, 32, 110,
    98, 115, 112, 194, 160, 120, 32, 32, 10, 115, 101, 112, 115, 226, 128, 168, 108, 105, 110, 101,
    226, 128, 169, 112, 97, 114, 97, 32, 32, 204, 130, 204, 131, 204, 132, 204, 133, 204, 134, 204,
    135, 204, 136, 204, 137, 204, 182, 204, 129, 204, 130, 204, 131, 204, 132, 204, 133, 204, 134,
    204, 135, 204, 136, 45, 45, 45, 204,
];

/// `parse_day`: NUL bytes in the front matter's title, which the sanitiser
/// (rightly) turns into three-byte pictures; it broke an invariant of this
/// file that said a title is never longer than its input.
const FUZZ_NUL_IN_TITLE: &[u8] = b"---\rdate:       2018-ce \r\ntitle:      [\"3690-03-05title\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0lf  \r\n   \r\n";

/// The crashing inputs, in the order found.
const FUZZ_PARSE_DAY: &[&[u8]] = &[
    FUZZ_UNCLOSED_FRONT_MATTER,
    FUZZ_LINE_SEPARATORS_IN_FRONT_MATTER,
    FUZZ_NUL_IN_TITLE,
];

#[test]
fn fuzz_regressions_parse_day() {
    for input in FUZZ_PARSE_DAY {
        let text = String::from_utf8_lossy(input);
        check_parse("2018-01-22-chat.markdown", &text);
        check_parse("notes.txt", &text);
    }
}

/// Every diagnostic's line lies within the file.
fn assert_lines_within(input: &[u8]) {
    let text = String::from_utf8_lossy(input);
    let lines = invariants::line_count(&text);
    let day = daybook::archive::parse_day(std::path::Path::new("2018-01-22-chat.markdown"), &text);
    for d in &day.diagnostics {
        assert!(d.line <= lines, "line {} of {lines}: {d}", d.line);
    }
}

#[test]
fn yaml_error_lines_at_the_end_of_the_file() {
    assert_lines_within(FUZZ_UNCLOSED_FRONT_MATTER);
}

#[test]
fn yaml_error_lines_with_line_separators() {
    assert_lines_within(FUZZ_LINE_SEPARATORS_IN_FRONT_MATTER);
    assert_lines_within(
        "---\ntitle: a\u{2028}b\u{2028}c\u{2028}d\u{2028}e\ndate: [\n---\n> 10:00:00  A  \n"
            .as_bytes(),
    );
}

/// `query_parse`: an `in:` value that starts with `//` (quoted, after a
/// space) printed as `-in://…`, which reads back as a term.
const FUZZ_QUERY_SLASHES: &str = "-ni ://////////////////////////////de%x\" -in:\" //////////////in:\" :e%x\" -x\"2018sm/m,n\u{1}\0sm/m,n\u{1}-02e";

#[test]
fn fuzz_regressions_query_parse() {
    check_query(FUZZ_QUERY_SLASHES, Some(sample()));
}

#[test]
fn query_values_starting_with_slashes_round_trip() {
    for input in [FUZZ_QUERY_SLASHES, r#"from:"//x""#, r#"-in:"//x""#] {
        let q = daybook::query::parse(input).expect("parses");
        let printed = q.to_string();
        assert_eq!(
            daybook::query::parse(&printed).as_ref(),
            Ok(&q),
            "{input:?} printed as {printed:?}"
        );
    }
}
