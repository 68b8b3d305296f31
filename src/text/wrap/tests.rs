// One-element vectors of ranges are meant: one line.
#![allow(clippy::single_range_in_vec_init)]

use super::*;
use crate::text::width::{grapheme_width, width};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// The lines of `text` wrapped at `w`, as slices.
fn lines(text: &str, w: usize) -> Vec<&str> {
    wrap(text, w).into_iter().map(|r| &text[r]).collect()
}

const BLOCKCHAIN: &str = "各大佬都出来给区块链站台，但是谁也没说出个能落地的可实用的应用场景出来";

// ---------------------------------------------------------------- classes

#[test]
fn kinsoku_tables() {
    let class = |c: char| {
        let g = c.to_string();
        classify(&g, grapheme_width(&g))
    };
    let no_start = "，。、！？；：）」』】》〉〕…‥・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ）］｝〞’”．,.;:!?)]}";
    for c in no_start.chars() {
        assert!(class(c).no_start(), "{c}");
        assert!(!class(c).no_end(), "{c}");
    }
    for c in "（「『【《〈〔“‘［｛([{".chars() {
        assert!(class(c).no_end(), "{c}");
        assert!(!class(c).no_start(), "{c}");
    }
    for c in "中𠀀あアｱ한，😂☺❤".chars() {
        assert!(!class(c).alpha(), "{c}");
    }
    for c in "aZ9-/éжא".chars() {
        assert_eq!(class(c), Class::Alpha, "{c}");
    }
    assert_eq!(classify(" ", 1), Class::Space);
    assert_eq!(classify("\u{3000}", 2), Class::Space);
    // A space carrying a combining mark is content, not a space.
    assert_eq!(classify(" \u{301}", 1), Class::Alpha);
}

// ---------------------------------------------------------------- Chinese

#[test]
fn chinese_width_10() {
    assert_eq!(
        lines(BLOCKCHAIN, 10),
        [
            "各大佬都出",
            "来给区块链",
            "站台，但是",
            "谁也没说出",
            "个能落地的",
            "可实用的应",
            "用场景出来"
        ]
    );
}

#[test]
fn chinese_odd_width_leaves_a_column_free() {
    assert_eq!(lines(BLOCKCHAIN, 11), lines(BLOCKCHAIN, 10));
}

#[test]
fn chinese_width_20() {
    assert_eq!(
        lines(BLOCKCHAIN, 20),
        [
            "各大佬都出来给区块链",
            "站台，但是谁也没说出",
            "个能落地的可实用的应",
            "用场景出来"
        ]
    );
}

#[test]
fn chinese_comma_never_starts_a_line() {
    // At 12 and 24 columns the comma falls at a line start: the character
    // before it comes down with it.
    assert_eq!(
        lines(BLOCKCHAIN, 12),
        [
            "各大佬都出来",
            "给区块链站",
            "台，但是谁也",
            "没说出个能落",
            "地的可实用的",
            "应用场景出来"
        ]
    );
    assert_eq!(
        lines(BLOCKCHAIN, 24),
        [
            "各大佬都出来给区块链站",
            "台，但是谁也没说出个能落",
            "地的可实用的应用场景出来"
        ]
    );
    for w in 4..=80 {
        for line in lines(BLOCKCHAIN, w) {
            assert!(!line.starts_with('，'), "width {w}: {line:?}");
        }
    }
}

#[test]
fn chinese_brackets_and_quotes() {
    // 《 never ends a line: it comes down with 区.
    assert_eq!(
        lines("我们说《区块链》好", 8),
        ["我们说", "《区块", "链》好"]
    );
    // ” and 。 never start one: 界 comes down.
    assert_eq!(
        lines("他说：“你好，世界。”然后走了。", 10),
        ["他说：“你", "好，世", "界。”然后", "走了。"]
    );
    assert_eq!(
        lines("他说：“你好，世界。”然后走了。", 11),
        ["他说：“你", "好，世界。”", "然后走了。"]
    );
    assert_eq!(
        lines("（注：这是一个注释）", 8),
        ["（注：这", "是一个注", "释）"]
    );
    assert_eq!(
        lines("他说：「我们走吧」。", 6),
        ["他说：", "「我们", "走", "吧」。"]
    );
}

// ---------------------------------------------------------------- Japanese

#[test]
fn japanese() {
    assert_eq!(
        lines(
            "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。",
            12
        ),
        [
            "吾輩は猫であ",
            "る。名前はま",
            "だ無い。どこ",
            "で生れたかと",
            "んと見当がつ",
            "かぬ。"
        ]
    );
    assert_eq!(
        lines("「ちょっと待って」と言った。", 10),
        ["「ちょっと", "待って」と", "言った。"]
    );
}

#[test]
fn japanese_small_kana_stay_with_the_previous_character() {
    // っ and 」 cannot start a line.
    assert_eq!(
        lines("「ちょっと待って」と言った。", 9),
        ["「ちょっ", "と待っ", "て」と", "言った。"]
    );
    assert_eq!(
        lines("キャッシュ、ショッピング。", 6),
        ["キャッ", "シュ、", "ショッ", "ピン", "グ。"]
    );
    // Prolonged sound mark and middle dot: ヒ comes down with ー.
    assert_eq!(
        lines("コーヒー・ブレイク", 6),
        ["コー", "ヒー・", "ブレイ", "ク"]
    );
    // At 4 columns "ヒー・" cannot stay together, so one rule gives way.
    assert_eq!(
        lines("コーヒー・ブレイク", 4),
        ["コー", "ヒー", "・ブ", "レイ", "ク"]
    );
}

// ---------------------------------------------------------------- Korean

#[test]
fn korean() {
    let text = "대한민국의 수도는 서울입니다. 한국어 줄바꿈 테스트";
    assert_eq!(
        lines(text, 12),
        [
            "대한민국의",
            "수도는 서울",
            "입니다. 한국",
            "어 줄바꿈 테",
            "스트"
        ]
    );
    assert_eq!(
        lines(text, 9),
        [
            "대한민국",
            "의 수도는",
            "서울입니",
            "다. 한국",
            "어 줄바꿈",
            "테스트"
        ]
    );
    assert_eq!(lines("안녕 하세요", 6), ["안녕", "하세요"]);
}

// ---------------------------------------------------------------- mixed and Latin

const WECHAT: &str =
    "公众号的先撤销了，大家可以访问 http://wechat.lixf.cn/2018/01/15/wechat93/ 来阅读原文。";

#[test]
fn mixed_latin_and_cjk() {
    assert_eq!(
        lines(WECHAT, 30),
        [
            "公众号的先撤销了，大家可以访问",
            "http://wechat.lixf.cn/2018/01/",
            "15/wechat93/ 来阅读原文。"
        ]
    );
    assert_eq!(
        lines(WECHAT, 80),
        [
            "公众号的先撤销了，大家可以访问 http://wechat.lixf.cn/2018/01/15/wechat93/ 来阅读",
            "原文。"
        ]
    );
    assert_eq!(lines(WECHAT, 100), [WECHAT]);
    assert_eq!(
        lines("中文English混排text测试", 8),
        ["中文", "English", "混排text", "测试"]
    );
    assert_eq!(
        lines("中文，English混排。", 8),
        ["中文，", "English", "混排。"]
    );
    // ASCII punctuation does not start a line after CJK either.
    assert_eq!(lines("我们好,", 6), ["我们", "好,"]);
}

#[test]
fn long_url_breaks_hard() {
    assert_eq!(
        lines(
            "see https://example.com/a/very/long/path/that/does/not/fit?q=1 ok",
            20
        ),
        [
            "see",
            "https://example.com/",
            "a/very/long/path/tha",
            "t/does/not/fit?q=1",
            "ok"
        ]
    );
    assert_eq!(
        lines("http://wechat.lixf.cn/2018/01/15/wechat93/", 10),
        ["http://wec", "hat.lixf.c", "n/2018/01/", "15/wechat9", "3/"]
    );
    // A word that overflows into a closing mark brings its last letter down.
    assert_eq!(
        lines("verylongword，好的", 6),
        ["verylo", "ngwor", "d，好", "的"]
    );
}

#[test]
fn latin_words() {
    assert_eq!(
        lines("hello world foo   bar", 5),
        ["hello", "world", "foo", "bar"]
    );
    assert_eq!(lines("the quick brown fox", 10), ["the quick", "brown fox"]);
    assert_eq!(lines("don’t stop", 5), ["don’t", "stop"]);
    assert_eq!(lines("(hello) [world]", 7), ["(hello)", "[world]"]);
}

// ---------------------------------------------------------------- clusters

#[test]
fn emoji_sequences_are_single_clusters() {
    let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
    assert_eq!(grapheme_width(family), 2);
    assert_eq!(
        lines(&format!("家庭{family}合影{family}"), 4),
        [
            "家庭".to_string(),
            format!("{family}合"),
            format!("影{family}"),
        ]
    );
    assert_eq!(
        lines(&format!("{family}{family}{family}"), 5),
        [format!("{family}{family}"), family.to_string(),]
    );
    assert_eq!(lines("🇨🇳🇯🇵🇺🇸", 4), ["🇨🇳🇯🇵", "🇺🇸"]);
    assert_eq!(lines("👍🏽👍🏽👍🏽", 3), ["👍🏽", "👍🏽", "👍🏽"]);
}

#[test]
fn variation_selectors() {
    assert_eq!(grapheme_width("❤\u{fe0f}"), 2);
    assert_eq!(grapheme_width("☺\u{fe0e}"), 1);
    assert_eq!(
        lines("I ❤\u{fe0f} you ☺\u{fe0e} 好", 4),
        ["I ❤\u{fe0f}", "you", "☺\u{fe0e} 好"]
    );
    assert_eq!(
        lines("❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}", 5),
        ["❤\u{fe0f}❤\u{fe0f}", "❤\u{fe0f}"]
    );
    assert_eq!(
        lines("☺\u{fe0e}☺\u{fe0e}☺\u{fe0e}", 2),
        ["☺\u{fe0e}☺\u{fe0e}", "☺\u{fe0e}"]
    );
}

#[test]
fn combining_marks() {
    assert_eq!(
        lines("cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e", 6),
        ["cafe\u{301}", "cre\u{300}me", "bru\u{302}le\u{301}e"]
    );
    let e = "e\u{301}";
    assert_eq!(lines(&e.repeat(6), 4), [e.repeat(4), e.repeat(2)]);
    // Zalgo: every stack is one cluster, kept whole.
    let zalgo = "Z\u{351}\u{34a}\u{358}\u{35b}\u{334}a\u{489}\u{489}l\u{31e}g\u{330}o";
    assert_eq!(
        lines(zalgo, 3),
        [
            "Z\u{351}\u{34a}\u{358}\u{35b}\u{334}a\u{489}\u{489}l\u{31e}",
            "g\u{330}o"
        ]
    );
}

#[test]
fn zero_width_characters() {
    assert_eq!(
        lines("零\u{200b}宽\u{200b}空格\u{feff}测试", 4),
        ["零\u{200b}宽\u{200b}", "空格\u{feff}", "测试"]
    );
    // A zero width space is a break opportunity between Latin letters.
    assert_eq!(
        lines("a\u{200b}b\u{200b}c\u{200b}d\u{200b}e", 3),
        ["a\u{200b}b\u{200b}c\u{200b}", "d\u{200b}e"]
    );
    assert_eq!(lines("\u{feff}abcdefg", 4), ["\u{feff}abcd", "efg"]);
    // Zero-width clusters never make a line wider, even a full one.
    assert_eq!(lines("ab\u{200b}\u{200b}", 2), ["ab\u{200b}\u{200b}"]);
}

// ---------------------------------------------------------------- spaces

#[test]
fn full_width_space_indent() {
    assert_eq!(
        lines("　　本文主要介绍区块链。　　第二段。", 10),
        ["　　本文主", "要介绍区块", "链。　　第", "二段。"]
    );
    // The ideographic space is dropped at a soft break like a space.
    assert_eq!(lines("第一句。　第二句。", 8), ["第一句。", "第二句。"]);
    assert_eq!(lines("　　　　", 2), ["　", "　", "　", "　"]);
}

#[test]
fn leading_spaces_are_kept_and_soft_break_spaces_dropped() {
    assert_eq!(lines("  code block  ", 6), ["  code", "block"]);
    assert_eq!(lines("    indented", 20), ["    indented"]);
    assert_eq!(lines("word1   word2", 5), ["word1", "word2"]);
    assert_eq!(
        lines("   indented text", 5),
        ["   ", "inden", "ted", "text"]
    );
    // Trailing spaces that fit stay; hanging ones go.
    assert_eq!(lines("ab  ", 4), ["ab  "]);
    assert_eq!(lines("ab   ", 4), ["ab"]);
    assert_eq!(lines("ab cd  ", 7), ["ab cd  "]);
    assert_eq!(lines("ab cd  ", 5), ["ab cd"]);
    assert_eq!(lines("ab cd   ", 4), ["ab", "cd"]);
}

#[test]
fn closing_mark_after_spaces_still_keeps_kinsoku() {
    assert_eq!(lines("中文 ，好", 6), ["中", "文 ，", "好"]);
    assert_eq!(lines("ab ，", 3), ["a", "b", "，"]);
}

// ---------------------------------------------------------------- narrow

#[test]
fn width_one_puts_each_wide_cluster_alone() {
    assert_eq!(
        lines("你好，世界！", 1),
        ["你", "好", "，", "世", "界", "！"]
    );
    assert_eq!(
        lines("你好，世界！", 2),
        ["你", "好", "，", "世", "界", "！"]
    );
    assert_eq!(
        lines("你好，世界！", 3),
        ["你", "好", "，", "世", "界", "！"]
    );
    assert_eq!(lines("a中b", 1), ["a", "中", "b"]);
    assert_eq!(lines("😂 😂", 1), ["😂", "😂"]);
}

#[test]
fn width_zero_is_one() {
    assert_eq!(lines("abc", 0), ["a", "b", "c"]);
    assert_eq!(wrap("中文", 0), wrap("中文", 1));
}

#[test]
fn impossible_kinsoku_breaks_hard() {
    assert_eq!(lines("「「「「", 4), ["「「", "「「"]);
    assert_eq!(lines("」」」」", 4), ["」」", "」」"]);
    assert_eq!(lines("好。", 2), ["好", "。"]);
}

// ---------------------------------------------------------------- emoji codes

#[test]
fn emoji_codes_are_never_split() {
    // Before: "好好好[捂" / "脸]" (a break between 捂 and 脸).
    assert_eq!(lines("好好好[捂脸]", 10), ["好好好", "[捂脸]"]);
    // Before: "[捂脸][憨" / "笑][捂脸]".
    assert_eq!(
        lines("[捂脸][憨笑][捂脸]", 10),
        ["[捂脸]", "[憨笑]", "[捂脸]"]
    );
    assert_eq!(lines("[捂脸][憨笑][捂脸]", 12), ["[捂脸][憨笑]", "[捂脸]"]);
    // Latin codes, glued to a Latin word.
    assert_eq!(lines("ok[OK][OK]", 4), ["ok", "[OK]", "[OK]"]);
    assert_eq!(lines("nice[Facepalm]", 12), ["nice", "[Facepalm]"]);
    // A closing mark stays with the code before it.
    assert_eq!(
        lines("这篇写得好[捂脸]，我家那只也天天推杯子", 16),
        ["这篇写得好", "[捂脸]，我家那只", "也天天推杯子"]
    );
    // An opening mark stays with the code after it.
    assert_eq!(lines("好好好（[憨笑]）", 10), ["好好好", "（[憨笑]）"]);
    // A code wider than the line has to break.
    assert_eq!(lines("[Facepalm]", 6), ["[Facep", "alm]"]);
    // Against kinsoku rather than inside a code that fits a line.
    assert_eq!(lines("（[Facepalm]", 10), ["（", "[Facepalm]"]);
    assert_eq!(lines("( [Facepalm]", 10), ["(", "[Facepalm]"]);
    // Not a code: too many letters.
    assert_eq!(lines("[abcdefghijk]", 6), ["[abcde", "fghij", "k]"]);
}

#[test]
fn emoji_code_lengths() {
    assert_eq!(emoji_code_len("[强]"), Some(5));
    assert_eq!(emoji_code_len("[Facepalm]x"), Some(10));
    assert_eq!(emoji_code_len("[abcdefghij]"), Some(12));
    assert_eq!(emoji_code_len("[abcdefghijk]"), None);
    for s in ["[]", "[强", "强]", "[a1]", "[ ]", "x[强]"] {
        assert_eq!(emoji_code_len(s), None, "{s}");
    }
}

// ---------------------------------------------------------------- hard breaks

#[test]
fn hard_breaks() {
    assert_eq!(wrap("", 10), [0..0]);
    assert_eq!(wrap("\n", 10), [0..0, 1..1]);
    assert_eq!(lines("a\n\nb", 5), ["a", "", "b"]);
    assert_eq!(wrap("a\n\nb", 5), [0..1, 2..2, 3..4]);
    assert_eq!(lines("a\n", 5), ["a", ""]);
    assert_eq!(
        lines("hello world\n\nbye", 8),
        ["hello", "world", "", "bye"]
    );
    assert_eq!(
        lines("　　第一段\n　　第二段", 6),
        ["　　第", "一段", "　　第", "二段"]
    );
}

#[test]
fn text_that_fits_is_one_line() {
    for text in ["", "hello   ", "   ", "中文 ", "a b c", "e\u{301}\u{302}"] {
        assert_eq!(wrap(text, 8), [0..text.len()], "{text:?}");
    }
}

#[test]
fn wrap_into_appends() {
    let mut out = vec![7..9];
    wrap_into("ab cd", 2, &mut out);
    wrap_into("中", 4, &mut out);
    assert_eq!(out, [7..9, 0..2, 3..5, 0..3]);
}

// ---------------------------------------------------------------- properties

/// Strings rich in the characters that matter here.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z  \\n]{0,80}",
        "[中文字，。、！？「」（）《》ぁっャー한글😂 a-c\\u{3000}\\n]{0,80}",
        proptest::collection::vec(
            prop_oneof![
                Just("中"),
                Just("文"),
                Just("，"),
                Just("。"),
                Just("「"),
                Just("」"),
                Just("（"),
                Just("）"),
                Just("っ"),
                Just("ー"),
                Just("한"),
                Just(" "),
                Just("\u{3000}"),
                Just("\n"),
                Just("word"),
                Just("http://x.cn/a/b"),
                Just("👨\u{200d}👩\u{200d}👧\u{200d}👦"),
                Just("❤\u{fe0f}"),
                Just("☺\u{fe0e}"),
                Just("e\u{301}"),
                Just("\u{301}"),
                Just("\u{200b}"),
                Just("\u{feff}"),
                Just("ｶﾞ"),
                Just("\u{1100}\u{1100}\u{1100}"),
                Just("\u{600}"),
                Just(","),
                Just("("),
                Just("“"),
                Just("”"),
                Just("\t"),
                Just("\r"),
                Just("[捂脸]"),
                Just("[OK]"),
                Just("[Facepalm]"),
                Just("["),
                Just("]"),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// A cluster that is a lone space or ideographic space.
fn is_space(g: &str) -> bool {
    g == " " || g == "\u{3000}"
}

fn is_dropped(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\n')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn lines_are_ordered_and_lose_nothing(s in text(), w in 1usize..=80) {
        let ranges = wrap(&s, w);
        prop_assert!(!ranges.is_empty());
        // Cell boundaries of each hard line ("\r\n" is one cluster, but
        // `\n` is always a break).
        let mut boundaries = Vec::new();
        let mut hard_start = 0;
        for hard in s.split('\n') {
            boundaries.extend(crate::text::cells(hard).map(|(i, _, _)| hard_start + i));
            boundaries.push(hard_start + hard.len());
            hard_start += hard.len() + 1;
        }
        let mut covered_to = 0;
        for r in &ranges {
            prop_assert!(r.start <= r.end && r.end <= s.len());
            prop_assert!(r.start >= covered_to, "overlap {:?}", ranges);
            prop_assert!(boundaries.contains(&r.start) && boundaries.contains(&r.end));
            let gap = &s[covered_to..r.start];
            prop_assert!(gap.chars().all(is_dropped), "lost {gap:?}");
            covered_to = r.end;
        }
        prop_assert!(s[covered_to..].chars().all(is_dropped));
        // One line at least per hard line.
        prop_assert!(ranges.len() > s.matches('\n').count());
    }

    #[test]
    fn lines_fit(s in text(), w in 1usize..=80) {
        for r in wrap(&s, w) {
            let line = &s[r];
            let single_cell = crate::text::cells(line).filter(|c| c.2 > 0).count() == 1;
            prop_assert!(width(line) <= w || single_cell, "{line:?} at {w}");
            prop_assert!(crate::text::cells(line).all(|c| c.2 <= 2));
            prop_assert!(!line.contains('\n'));
        }
    }

    #[test]
    fn only_empty_hard_lines_give_empty_lines(s in text(), w in 1usize..=80) {
        for r in wrap(&s, w) {
            if r.is_empty() {
                let before_ok = r.start == 0 || s.as_bytes()[r.start - 1] == b'\n';
                let after_ok = r.end == s.len() || s.as_bytes()[r.end] == b'\n';
                prop_assert!(before_ok && after_ok, "empty line at {r:?}");
            }
        }
    }

    #[test]
    fn soft_lines_neither_start_nor_end_with_spaces(s in text(), w in 1usize..=80) {
        let ranges = wrap(&s, w);
        for (i, r) in ranges.iter().enumerate() {
            let line = &s[r.clone()];
            let hard_start = r.start == 0 || s.as_bytes()[r.start - 1] == b'\n';
            let hard_end = r.end == s.len() || s.as_bytes()[r.end] == b'\n';
            let first = line.graphemes(true).next();
            let last = line.graphemes(true).next_back();
            if !hard_start {
                prop_assert!(!first.is_some_and(is_space) || is_indent_piece(&s, r.start),
                    "line {i} {line:?} of {ranges:?}");
            }
            if !hard_end && !line.graphemes(true).all(is_space) {
                prop_assert!(!last.is_some_and(is_space), "line {i} {line:?}");
            }
        }
    }

    #[test]
    fn text_that_fits_is_one_range(s in text(), w in 1usize..=80) {
        if !s.contains('\n') && width(&s) <= w {
            prop_assert_eq!(wrap(&s, w), vec![0..s.len()]);
        }
    }

    #[test]
    fn each_line_rewraps_to_itself(s in text(), w in 1usize..=80) {
        for r in wrap(&s, w) {
            let line = &s[r];
            if width(line) <= w {
                prop_assert_eq!(wrap(line, w), vec![0..line.len()]);
            }
        }
    }

    /// A WeChat emoji code that fits on a line is never split: no line
    /// starts or ends inside it.
    #[test]
    fn emoji_codes_stay_whole(s in text(), w in 1usize..=80) {
        let starts: Vec<usize> = s.grapheme_indices(true).filter(|(_, g)| *g == "[").map(|(i, _)| i).collect();
        let codes: Vec<std::ops::Range<usize>> = starts
            .iter()
            .filter_map(|&i| emoji_code_len(&s[i..]).map(|n| i..i + n))
            .filter(|r| width(&s[r.clone()]) <= w)
            .collect();
        for r in wrap(&s, w) {
            for c in &codes {
                prop_assert!(!(c.start < r.start && r.start < c.end), "{:?} starts inside {:?}: {:?}", r, c, lines(&s, w));
                prop_assert!(!(c.start < r.end && r.end < c.end), "{:?} ends inside {:?}: {:?}", r, c, lines(&s, w));
            }
        }
    }

    #[test]
    fn wrap_into_matches_wrap(s in text(), w in 0usize..=80) {
        let mut out = vec![1..2];
        wrap_into(&s, w, &mut out);
        prop_assert_eq!(&out[1..], &wrap(&s, w)[..]);
    }

    /// Text built of units that can always obey kinsoku at these widths: an
    /// optional opening mark, one to three ideographs, an optional closing
    /// mark (the widest unbreakable unit is six columns).
    #[test]
    fn kinsoku_holds_when_it_can(
        units in proptest::collection::vec(
            ("[「（《“]?", "[中文字한😂]{1,3}", "[，。」）》”っー]?"),
            1..30,
        ),
        w in 6usize..=40,
    ) {
        let s: String = units.into_iter().flat_map(|(a, b, c)| [a, b, c]).collect();
        let ranges = wrap(&s, w);
        for (i, r) in ranges.iter().enumerate() {
            let line = &s[r.clone()];
            let first = line.chars().next().unwrap();
            let last = line.chars().next_back().unwrap();
            if i > 0 {
                prop_assert!(!"，。」）》”っー".contains(first), "{line:?} in {:?}", lines(&s, w));
            }
            if i + 1 < ranges.len() {
                prop_assert!(!"「（《“".contains(last), "{line:?} in {:?}", lines(&s, w));
            }
        }
    }

    /// Greedy: a line is not broken while the next cluster still fits and a
    /// break there would be allowed (checked on plain ideographs).
    #[test]
    fn ideographs_fill_lines(n in 0usize..60, w in 2usize..=40) {
        let s = "字".repeat(n);
        let per_line = w / 2;
        for (i, line) in lines(&s, w).iter().enumerate() {
            let expected = if n == 0 { 0 } else { per_line.min(n - i * per_line) };
            prop_assert_eq!(line.chars().count(), expected);
        }
    }
}

/// Whether the spaces at `at` belong to the indentation of their hard line
/// (a line broken inside a long indentation starts with spaces).
fn is_indent_piece(s: &str, at: usize) -> bool {
    let line_start = s[..at].rfind('\n').map_or(0, |i| i + 1);
    s[line_start..at]
        .chars()
        .all(|c| c == ' ' || c == '\u{3000}')
}
