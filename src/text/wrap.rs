//! CJK-aware line breaking into byte ranges; the rules are documented on
//! [`wrap`].
//!
//! One greedy pass over the clusters of each hard line. Two break candidates
//! are kept as running positions with the width that follows them: the last
//! soft break (spaces, CJK) and the last place where a hard break would keep
//! kinsoku. On overflow the line ends at the soft candidate, else at the
//! hard one, else right before the overflowing cluster, so no cluster is
//! looked at twice and the cost is linear.

use std::ops::Range;

use super::clusters::Clusters;

/// Splits `text` into display lines at most `width` columns wide and returns
/// them as byte ranges of `text`, so callers can slice, style and highlight
/// without copying. A `width` of 0 is treated as 1.
///
/// The rules, applied greedily (each line takes as much as fits):
///
/// - widths are [`grapheme_width`](super::grapheme_width) over extended
///   grapheme clusters, and a cluster is never split;
/// - `\n` is a hard break and belongs to no line; every hard line gives at
///   least one line, so `""` gives `[0..0]`, `"a\n"` two lines and
///   `"a\n\nb"` three;
/// - a line may break between two CJK characters (Han, kana, Hangul, CJK
///   symbols and full-width forms, emoji, anything two columns wide), between
///   a CJK character and a Latin word, after CJK punctuation, and at a run of
///   spaces (U+0020 or the ideographic space U+3000), which is dropped: it
///   belongs to neither line. Latin words (and other runs without such a
///   break) stay whole;
/// - kinsoku: a line does not start with closing punctuation
///   (`，。、！？；：）」』】》〉〕…‥・ー`, small kana, `’”`, ASCII `,.;:!?)]}`
///   and the like) nor end with opening punctuation (`（「『【《〈〔“‘［｛`,
///   ASCII `([{`), even across spaces: the break moves back to the previous
///   allowed place, which brings the preceding character down with the
///   closing mark, or the opening mark down with what follows;
/// - a run with no allowed break that is wider than the line (a long URL)
///   breaks hard before the cluster that overflows, moved back where that
///   keeps kinsoku; when nothing keeps it (`"好。"` at width 2) the break is
///   made anyway, and a cluster wider than the line is a line of its own;
/// - a WeChat emoji code (`[捂脸]`, `[OK]`: see [`emoji_code_len`]) is
///   one unit, like the emoji it stands for: a line may break before or
///   after it (kinsoku permitting), never inside it, unless the code alone
///   is wider than the line;
/// - leading spaces of a hard line are kept as indentation (a break may
///   follow them); spaces are dropped only at a soft break, including spaces
///   that hang past the end of the last line. A text that fits is one line
///   with all its spaces.
///
/// The ranges are increasing, do not overlap and lie on cluster boundaries
/// (`\r\n` aside: `\n` always breaks); what lies between them is only `\n`
/// and the spaces dropped at soft breaks. No line is empty unless its hard
/// line is.
///
/// ```
/// use daybook::text::wrap;
/// let text = "各大佬都出来给区块链站台，但是谁也没说";
/// let lines: Vec<&str> = wrap(text, 10).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(lines, ["各大佬都出", "来给区块链", "站台，但是", "谁也没说"]);
///
/// let text = "hello world\n\nbye";
/// let lines: Vec<&str> = wrap(text, 8).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(lines, ["hello", "world", "", "bye"]);
/// ```
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    wrap_into(text, width, &mut out);
    out
}

/// Like [`wrap`], but appends the lines to `out`, so that one vector can be
/// reused across many texts (clear it first to keep only this text's lines).
///
/// ```
/// use daybook::text::wrap_into;
/// let mut lines = Vec::new();
/// wrap_into("ab cd", 2, &mut lines);
/// wrap_into("ef", 2, &mut lines);
/// assert_eq!(lines, [0..2, 3..5, 0..2]);
/// ```
pub fn wrap_into(text: &str, width: usize, out: &mut Vec<Range<usize>>) {
    let width = width.max(1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
        wrap_line(text, start..nl, width, out);
        start = nl + 1;
    }
    wrap_line(text, start..text.len(), width, out);
}

/// The longest WeChat emoji code name, in characters (`[Facepalm]`).
pub const MAX_EMOJI_CODE_CHARS: usize = 10;

/// The length in bytes of the WeChat emoji code at the start of `s`
/// (`[强]`, `[捂脸]`, `[OK]`, `[Facepalm]`: `[`, one to
/// [`MAX_EMOJI_CODE_CHARS`] letters, `]`), if one starts there.
///
/// ```
/// use daybook::text::emoji_code_len;
/// assert_eq!(emoji_code_len("[捂脸]好"), Some(8));
/// assert_eq!(emoji_code_len("[OK]"), Some(4));
/// assert_eq!(emoji_code_len("[1]"), None);
/// assert_eq!(emoji_code_len("[a b]"), None);
/// ```
pub fn emoji_code_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('[')?;
    for (chars, (i, c)) in rest.char_indices().enumerate() {
        if c == ']' {
            return (chars > 0).then_some(i + 2);
        }
        if chars >= MAX_EMOJI_CODE_CHARS || !c.is_alphabetic() {
            return None;
        }
    }
    None
}

/// Line-breaking class of a cluster, from its first character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// U+0020 or U+3000 alone: a break that is dropped at a line end.
    Space,
    /// CJK and emoji: a break is allowed on both sides.
    Ideo,
    /// CJK opening punctuation: no break after.
    Open,
    /// CJK closing punctuation and small kana: no break before.
    Close,
    /// Latin and everything else: no break inside a run of these.
    Alpha,
    /// An opening bracket or quote inside Latin text: `(`, `“` …
    AlphaOpen,
    /// Closing or trailing punctuation inside Latin text: `,`, `)`, `”` …
    AlphaClose,
}

impl Class {
    fn no_start(self) -> bool {
        matches!(self, Class::Close | Class::AlphaClose)
    }

    fn no_end(self) -> bool {
        matches!(self, Class::Open | Class::AlphaOpen)
    }

    fn alpha(self) -> bool {
        matches!(self, Class::Alpha | Class::AlphaOpen | Class::AlphaClose)
    }
}

/// A break between `prev` and `next` keeps kinsoku.
fn kinsoku_ok(prev: Class, next: Class) -> bool {
    !prev.no_end() && !next.no_start()
}

/// A soft break is allowed between `prev` and `next` (neither is a space).
fn break_allowed(prev: Class, next: Class) -> bool {
    kinsoku_ok(prev, next) && !(prev.alpha() && next.alpha())
}

/// Classifies a cluster of display width `w`.
fn classify(g: &str, w: usize) -> Class {
    let Some(c) = g.chars().next() else {
        return Class::Alpha;
    };
    if c.is_ascii() {
        return match c {
            ' ' if g.len() == 1 => Class::Space,
            ')' | ']' | '}' | ',' | '.' | ';' | ':' | '!' | '?' => Class::AlphaClose,
            '(' | '[' | '{' => Class::AlphaOpen,
            _ => Class::Alpha,
        };
    }
    match c {
        '\u{3000}' if g.len() == c.len_utf8() => Class::Space,
        _ if is_closing(c) => Class::Close,
        _ if is_opening(c) => Class::Open,
        '’' | '”' => Class::AlphaClose,
        '‘' | '“' => Class::AlphaOpen,
        // Zero width space: a break opportunity by definition.
        '\u{200B}' => Class::Ideo,
        _ if w >= 2 => Class::Ideo,
        // Narrow emoji and symbols, halfwidth katakana.
        '\u{2300}'..='\u{23FF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{1F000}'..='\u{1FAFF}'
        | '\u{FF66}'..='\u{FF9F}' => Class::Ideo,
        _ => Class::Alpha,
    }
}

/// CJK characters that do not start a line: closing brackets and
/// punctuation, prolonged sound and iteration marks, small kana (hiragana,
/// katakana, halfwidth).
#[rustfmt::skip]
fn is_closing(c: char) -> bool {
    matches!(c,
        '，' | '。' | '、' | '！' | '？' | '；' | '：' | '．' | '）' | '］' | '｝'
        | '」' | '』' | '】' | '》' | '〉' | '〕' | '〗' | '〙' | '〛' | '〞' | '〟' | '｠'
        | '…' | '‥' | '・' | 'ー' | '‼' | '⁇' | '⁈' | '⁉'
        | '々' | '〻' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' | '゛' | '゜'
        | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ'
        | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
        | '\u{31F0}'..='\u{31FF}'
        | '｡' | '｣' | '､' | '･' | '\u{FF67}'..='\u{FF70}'
    )
}

/// CJK characters that do not end a line: opening brackets.
#[rustfmt::skip]
fn is_opening(c: char) -> bool {
    matches!(c,
        '（' | '［' | '｛' | '「' | '『' | '【' | '《' | '〈' | '〔' | '〖' | '〘' | '〚' | '〝'
        | '｟' | '｢'
    )
}

/// A place where the current line may end: the line would be
/// `line_start..end` and the next one would start at `next`. `width` is the
/// width of the clusters from `next` to the current position.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    end: usize,
    next: usize,
    width: usize,
}

/// Wraps one hard line (no `\n` inside `range`) into `out`.
fn wrap_line(text: &str, range: Range<usize>, width: usize, out: &mut Vec<Range<usize>>) {
    // No cluster is wider than its UTF-8 length, so a line that is short in
    // bytes fits (this also covers the empty line).
    if range.len() <= width {
        out.push(range);
        return;
    }
    let base = range.start;
    // The current line starts at `start` and is `line_w` wide so far,
    // counting spaces even when they hang past the edge.
    let mut start = base;
    let mut line_w = 0;
    // Last soft break (at spaces or between CJK) and last place where a hard
    // break keeps kinsoku, on the current line.
    let mut soft: Option<Candidate> = None;
    let mut hard: Option<Candidate> = None;
    // Start of the run of spaces just seen, after some content.
    let mut spaces: Option<usize> = None;
    // Still in the leading spaces of the hard line (kept as indentation).
    let mut indent = true;
    // Class of the last cluster that is not a space.
    let mut prev = Class::Space;
    // The end of the emoji code being read: no break before a cluster
    // that starts before it (the code's first cluster aside).
    let mut glued_until = 0;
    // Where that code starts, and the width of its clusters before the
    // current one.
    let mut code_start = 0;
    let mut code_w = 0;
    let mut code_fits = false;
    // Where the spaces before the code start, if spaces precede it.
    let mut code_run: Option<usize> = None;

    for (offset, g, w) in Clusters::new(&text[range.clone()]) {
        let at = base + offset;
        let glued = at < glued_until;
        let mut class = classify(g, w);
        if glued {
            class = Class::Ideo;
        } else if g == "[" {
            if let Some(len) = emoji_code_len(&text[at..range.end]) {
                glued_until = at + len;
                code_start = at;
                code_w = 0;
                code_fits = super::width(&text[at..at + len]) <= width;
                class = Class::Ideo;
            }
        }

        if class == Class::Space && !indent {
            // Spaces may hang past the edge; the break is decided at the next
            // cluster that is not a space, or at the end of the line.
            spaces.get_or_insert(at);
            line_w += w;
            for c in [&mut soft, &mut hard].into_iter().flatten() {
                c.width += w;
            }
            continue;
        }

        let run = spaces.take();
        if at == code_start && !glued {
            code_run = run;
        }
        if at > start && !glued {
            let here = Candidate {
                end: at,
                next: at,
                width: 0,
            };
            if class == Class::Space {
                // Inside the indentation: only a hard break.
                hard = Some(here);
            } else if indent {
                // Right after the indentation, which is kept.
                if !class.no_start() {
                    soft = Some(here);
                    hard = Some(here);
                }
            } else if let Some(run) = run {
                // After spaces, which the break drops.
                if kinsoku_ok(prev, class) {
                    soft = Some(Candidate { end: run, ..here });
                }
            } else {
                if break_allowed(prev, class) {
                    soft = Some(here);
                }
                if kinsoku_ok(prev, class) {
                    hard = Some(here);
                }
            }
        }
        if class != Class::Space {
            indent = false;
        }

        // Break until the cluster fits or starts the line.
        while line_w + w > width && at > start {
            let candidate = match (soft.take(), hard.take()) {
                (Some(s), h) if s.end > start => {
                    // Keep a hard candidate that lies after the soft break.
                    hard = h.filter(|h| h.next > s.next);
                    s
                }
                (_, Some(h)) if h.end > start => h,
                // Inside a code that fits on a line of its own: break
                // before it, even against kinsoku.
                _ if glued && code_start > start && code_fits => Candidate {
                    end: code_run.unwrap_or(code_start).max(start),
                    next: code_start,
                    width: code_w,
                },
                // Nothing keeps kinsoku: break right here.
                _ => Candidate {
                    end: run.unwrap_or(at),
                    next: at,
                    width: 0,
                },
            };
            out.push(start..candidate.end);
            start = candidate.next;
            line_w = candidate.width;
        }
        line_w += w;
        for c in [&mut soft, &mut hard].into_iter().flatten() {
            c.width += w;
        }
        if (code_start..glued_until).contains(&at) {
            code_w += w;
        }
        prev = class;
    }

    // Trailing spaces stay when they fit, and go when they hang.
    let end = match spaces {
        Some(run) if line_w > width => run,
        _ => range.end,
    };
    out.push(start..end);
}

#[cfg(test)]
mod tests;
