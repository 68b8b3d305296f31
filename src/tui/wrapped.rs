//! The selected day's messages as the pane shows them: each message's
//! displayed text with its styled parts, and its wrapped lines, made once
//! per day, width and display settings and kept, so that drawing a frame
//! wraps nothing. A filter change only restyles (search hits); it does not
//! wrap again.
//!
//! A reply gets one more row above its body, quoting its parent (made here
//! too, once per day), and its body is wrapped [`THREAD_INDENT`] columns
//! narrower, to be drawn indented. A forwarded message gets a row above
//! that (`↪ forwarded from …`), and one with reactions a row below its
//! body (see [`rare`]).
//!
//! One message may not cost more than a few screens: a message whose
//! wrapped text is longer than [`Caps::rows`] shows its first rows and
//! then a row saying how much is left (`… 12,345 more lines`). Wrapping
//! stops there, after reading little more of the text than those rows
//! hold, so a 50 MB message costs what its first screens cost. The
//! `expand` key shows the whole of the selected message; `daybook show`
//! prints everything.

use std::collections::HashSet;
use std::ops::Range;

use super::display::{Display, Part, display};
use crate::model::{Archive, Flags};
use crate::present::rare;
use crate::settings::EmojiMode;
use crate::text::wrap_into;

/// How far a thread reply's body is indented, in columns.
pub const THREAD_INDENT: usize = 2;

/// The line above a reply: `↳ 2021-03-01 Anna: Morning…` (the parent's
/// date when it is on another day), or that its parent is missing (see
/// [`rare::quote`]); `None` for a message that replies to nothing.
pub fn thread_line(archive: &Archive, day: usize, message: usize) -> Option<String> {
    let d = archive.days.get(day)?;
    if rare::rows_before(d, message) == 0 {
        return None;
    }
    rare::quote(archive, d, message).map(|l| l.text)
}

/// A message's first screens are shown; this many screens at most.
pub const MESSAGE_SCREENS: usize = 3;
/// The fewest rows a long message shows, however small the screen.
pub const MIN_MESSAGE_ROWS: usize = 30;

/// How much of each message may be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caps {
    /// Rows a message shows before its `… more` row.
    pub rows: usize,
    /// Messages of the day shown whole (indexes into the day's messages).
    pub whole: HashSet<u32>,
}

impl Caps {
    /// The caps for a pane `height` rows high.
    pub fn for_height(height: usize, whole: HashSet<u32>) -> Caps {
        Caps {
            rows: (height * MESSAGE_SCREENS).max(MIN_MESSAGE_ROWS),
            whole,
        }
    }
}

/// What a cut message leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct More {
    /// Lines of the text (between line breaks) that the rest touches.
    pub lines: usize,
    /// Characters in the rest.
    pub chars: usize,
}

impl More {
    /// `… 12,345 more lines`, or `… 4,998,017 more characters` for a cut
    /// that is all one line.
    pub fn label(self) -> String {
        if self.lines > 1 {
            format!("… {} more lines", grouped(self.lines))
        } else {
            format!("… {} more characters", grouped(self.chars))
        }
    }
}

/// `12345` as `12,345`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One message of the day, laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Laid<'a> {
    /// The displayed text and its styled parts (those in the shown lines).
    pub shown: Display<'a>,
    /// Its lines, as indexes into [`Wrapped::lines`].
    pub lines: Range<usize>,
    /// What is not shown, when the message is cut.
    pub more: Option<More>,
    /// For a thread reply, the row above its body naming its parent (see
    /// [`thread_line`]); its body is then indented by [`THREAD_INDENT`].
    pub thread: Option<String>,
    /// For a forwarded message, the row above it all (`↪ forwarded from …`).
    pub forwarded: Option<String>,
    /// The row below the body listing its reactions (`👍 3  ❤ 1`).
    pub reactions: Option<String>,
    /// The parts that are not hits (links, mentions, emoji, image markers):
    /// they never overlap, so their ends grow with their starts.
    marks: Vec<(Range<usize>, Part)>,
    /// The search hits, by start, and `reach[i]`, the furthest end of the
    /// hits up to `i` (hits may overlap).
    hits: Vec<Range<usize>>,
    reach: Vec<usize>,
}

impl<'a> Laid<'a> {
    fn new(
        shown: Display<'a>,
        lines: Range<usize>,
        more: Option<More>,
        thread: Option<String>,
    ) -> Self {
        let mut laid = Laid {
            shown,
            lines,
            more,
            thread,
            forwarded: None,
            reactions: None,
            marks: Vec::new(),
            hits: Vec::new(),
            reach: Vec::new(),
        };
        laid.index_parts();
        laid
    }

    fn index_parts(&mut self) {
        self.marks.clear();
        self.hits.clear();
        for (r, p) in &self.shown.parts {
            if *p == Part::Hit {
                self.hits.push(r.clone());
            } else {
                self.marks.push((r.clone(), *p));
            }
        }
        let mut far = 0;
        self.reach = self
            .hits
            .iter()
            .map(|r| {
                far = far.max(r.end);
                far
            })
            .collect();
    }

    /// Rows the message takes: the forwarded and thread rows, its lines
    /// (one at least), the `more` row and the reactions row.
    pub fn rows(&self) -> usize {
        self.rows_above()
            + self.lines.len().max(1)
            + usize::from(self.more.is_some())
            + usize::from(self.reactions.is_some())
    }

    /// Rows above the body: the forwarded row and the thread row.
    pub fn rows_above(&self) -> usize {
        usize::from(self.forwarded.is_some()) + usize::from(self.thread.is_some())
    }

    /// How far the body is indented: [`THREAD_INDENT`] for a thread reply.
    pub fn indent(&self) -> usize {
        if self.thread.is_some() {
            THREAD_INDENT
        } else {
            0
        }
    }

    /// The styled parts that overlap `line` (a byte range of the displayed
    /// text), found by binary search: a message with a million hits draws a
    /// line in the time of the parts on it.
    pub fn parts_near(&self, line: &Range<usize>) -> Vec<(Range<usize>, Part)> {
        let overlaps =
            |r: &Range<usize>| r.start < line.end.max(line.start + 1) && r.end > line.start;
        let from = self.marks.partition_point(|(r, _)| r.end <= line.start);
        let mut out: Vec<(Range<usize>, Part)> = self.marks[from..]
            .iter()
            .take_while(|(r, _)| r.start < line.end.max(line.start + 1))
            .filter(|(r, _)| overlaps(r))
            .cloned()
            .collect();
        let end = self
            .hits
            .partition_point(|r| r.start < line.end.max(line.start + 1));
        let start = self.reach[..end].partition_point(|&far| far <= line.start);
        out.extend(
            self.hits[start..end]
                .iter()
                .filter(|r| overlaps(r))
                .map(|r| (r.clone(), Part::Hit)),
        );
        out
    }
}

/// What a layout was made for: when this changes, the text is wrapped again.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    day: usize,
    width: usize,
    emoji: EmojiMode,
    caps: Caps,
}

/// The day's messages laid out; see the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wrapped<'a> {
    key: Option<Key>,
    /// Every message of the day, in order.
    pub messages: Vec<Laid<'a>>,
    /// The lines of all messages, as byte ranges of each one's displayed text.
    pub lines: Vec<Range<usize>>,
    /// How many times text was wrapped (each message of a day counts once).
    pub wraps: usize,
}

impl<'a> Wrapped<'a> {
    /// Lays out day number `index` of `archive` at `width` with `hits`
    /// (search hits per message of the day, body offsets): wraps only when
    /// the day, width, emoji mode or caps changed since the last call, and
    /// otherwise only restyles. Hits beyond what a cut message shows are
    /// dropped.
    pub fn update(
        &mut self,
        archive: &'a Archive,
        index: usize,
        hits: &[Vec<Range<usize>>],
        width: usize,
        emoji: EmojiMode,
        caps: &Caps,
    ) {
        let day = &archive.days[index];
        let key = Key {
            day: index,
            width,
            emoji,
            caps: caps.clone(),
        };
        let rewrap = self.key.as_ref() != Some(&key) || self.messages.len() != day.messages.len();
        if rewrap {
            self.messages.clear();
            self.lines.clear();
        }
        let mut scratch = Vec::new();
        for (i, msg) in day.messages.iter().enumerate() {
            let no_hits = Vec::new();
            let hits = hits.get(i).unwrap_or(&no_hits);
            if rewrap {
                let mut shown = display(day, msg, hits, emoji);
                let thread = thread_line(archive, index, i);
                let width = if thread.is_some() {
                    width.saturating_sub(THREAD_INDENT).max(1)
                } else {
                    width
                };
                let start = self.lines.len();
                let cap = (!caps.whole.contains(&(i as u32))).then_some(caps.rows);
                let more = wrap_capped(&shown.text, width, cap, &mut scratch);
                self.lines.append(&mut scratch);
                let lines = start..self.lines.len();
                trim_parts(&mut shown, self.lines[lines.clone()].last());
                let mut laid = Laid::new(shown, lines, more, thread);
                if msg.flags.has(Flags::FORWARDED) {
                    laid.forwarded = day.forwarded_from(i).map(rare::forwarded);
                }
                laid.reactions = rare::reactions(day, i);
                self.messages.push(laid);
                self.wraps += 1;
            } else {
                let laid = &mut self.messages[i];
                if laid.shown.parts.iter().all(|(_, p)| *p != Part::Hit) && hits.is_empty() {
                    continue;
                }
                let mut shown = display(day, msg, hits, emoji);
                trim_parts(&mut shown, self.lines[laid.lines.clone()].last());
                laid.shown = shown;
                laid.index_parts();
            }
        }
        self.key = Some(key);
    }

    /// The lines of message `i` of the day.
    pub fn lines_of(&self, i: usize) -> &[Range<usize>] {
        self.messages
            .get(i)
            .map_or(&[], |m| &self.lines[m.lines.clone()])
    }

    /// The end, in its displayed text, of what message `i` shows; `None`
    /// when it shows all of it.
    pub fn shown_end(&self, i: usize) -> Option<usize> {
        let m = self.messages.get(i)?;
        m.more?;
        self.lines[m.lines.clone()].last().map(|r| r.end)
    }
}

/// Drops the styled parts of a cut message that lie beyond its last shown line.
fn trim_parts(shown: &mut Display<'_>, last: Option<&Range<usize>>) {
    let Some(last) = last else { return };
    if last.end < shown.text.len() {
        shown.parts.retain(|(r, _)| r.start < last.end);
    }
}

/// Wraps `text` at `width` into `out` (cleared first), at most `cap` lines
/// when a cap is given; what was left out, if anything.
///
/// A capped wrap reads a prefix of the text, growing it until it holds two
/// lines more than the cap: the greedy wrapper decides each line's end from
/// the text up to the cluster that overflows it, so every line but the
/// last of a prefix is a line of the whole text.
pub fn wrap_capped(
    text: &str,
    width: usize,
    cap: Option<usize>,
    out: &mut Vec<Range<usize>>,
) -> Option<More> {
    out.clear();
    let Some(cap) = cap else {
        wrap_into(text, width, out);
        return None;
    };
    let cap = cap.max(1);
    // A generous guess of the bytes `cap + 2` lines hold.
    let mut budget = (cap + 2).saturating_mul(width.max(1) + 1).saturating_mul(4);
    loop {
        if budget >= text.len() {
            wrap_into(text, width, out);
            break;
        }
        let mut end = budget;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        out.clear();
        wrap_into(&text[..end], width, out);
        if out.len() >= cap + 2 {
            break;
        }
        budget = budget.saturating_mul(4);
    }
    if out.len() <= cap {
        return None;
    }
    let rest = &text[out[cap].start..];
    out.truncate(cap);
    Some(More {
        lines: memchr::memchr_iter(b'\n', rest.as_bytes()).count() + 1,
        chars: rest.chars().count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::wrap;
    use proptest::prelude::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(12_345), "12,345");
        assert_eq!(grouped(4_998_017), "4,998,017");
        assert_eq!(
            More {
                lines: 12_345,
                chars: 1
            }
            .label(),
            "… 12,345 more lines"
        );
        assert_eq!(
            More {
                lines: 1,
                chars: 5_000
            }
            .label(),
            "… 5,000 more characters"
        );
    }

    #[test]
    fn a_long_text_is_cut_after_the_cap() {
        let text = "line\n".repeat(1000);
        let mut out = Vec::new();
        let more = wrap_capped(&text, 20, Some(30), &mut out).expect("cut");
        assert_eq!(out.len(), 30);
        assert_eq!(
            more.lines, 971,
            "970 lines and the empty one after the last break"
        );
        let none = wrap_capped("short", 20, Some(30), &mut out);
        assert_eq!(none, None);
        assert_eq!(out, vec![0..5]);
        // Uncapped: all of it.
        assert_eq!(wrap_capped(&text, 20, None, &mut out), None);
        assert_eq!(out.len(), 1001);
    }

    #[test]
    fn a_huge_line_costs_only_its_first_rows() {
        let text = "x".repeat(5 << 20);
        let mut out = Vec::new();
        let more = wrap_capped(&text, 80, Some(90), &mut out).expect("cut");
        assert_eq!(out.len(), 90);
        assert_eq!(out[89], 89 * 80..90 * 80);
        assert_eq!(more.lines, 1);
        assert_eq!(more.chars, text.len() - 90 * 80);
    }

    #[test]
    fn the_parts_of_a_line_are_found_without_a_scan() {
        let shown = Display {
            text: std::borrow::Cow::Borrowed("0123456789abcdefghij"),
            parts: vec![
                (0..15, Part::Link),
                (2..3, Part::Hit),
                (5..6, Part::Hit),
                (12..13, Part::Hit),
                (16..18, Part::Mention),
            ],
        };
        let laid = Laid::new(shown, 0..0, None, None);
        let near = |r: Range<usize>| {
            laid.parts_near(&r)
                .iter()
                .map(|(r, _)| r.clone())
                .collect::<Vec<_>>()
        };
        // The long link reaches every line it spans.
        assert_eq!(near(10..14), vec![0..15, 12..13]);
        assert_eq!(near(15..20), vec![16..18]);
        assert_eq!(near(18..20), Vec::<Range<usize>>::new());
        assert_eq!(near(0..2), vec![0..15]);
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(
                &[
                    "word ",
                    "中文",
                    "，",
                    "「",
                    "」",
                    "\n",
                    " ",
                    "longlonglongword",
                    "😀",
                    "e\u{301}",
                    "\u{1100}\u{1100}\u{1100}",
                    "http://x.cn/a/b ",
                ][..],
            ),
            0..400,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// A capped wrap gives the first lines of the whole wrap, and says
        /// exactly what it left out.
        #[test]
        fn capped_wrap_is_a_prefix_of_the_whole_wrap(
            s in text(),
            width in 1usize..30,
            cap in 1usize..20,
        ) {
            let whole = wrap(&s, width);
            let mut out = Vec::new();
            let more = wrap_capped(&s, width, Some(cap), &mut out);
            if whole.len() <= cap {
                prop_assert_eq!(&out, &whole);
                prop_assert_eq!(more, None);
            } else {
                prop_assert_eq!(&out[..], &whole[..cap]);
                let rest = &s[whole[cap].start..];
                prop_assert_eq!(more, Some(More {
                    lines: rest.matches('\n').count() + 1,
                    chars: rest.chars().count(),
                }));
            }
        }
    }
}
