//! WhatsApp's text markup: `*bold*`, `_italic_`, `~strike~`, `` `code` ``
//! and ```` ```monospace``` ````, read the way the app shows it (markers
//! gone, the text styled).
//!
//! A marker opens where the character before it is not a letter or digit
//! and the one after it is not a space; it closes, on the same line, where
//! the character before it is not a space and the one after it is not a
//! letter or digit; the text between is not empty. A style does not nest
//! in itself; code holds no other style. Markers inside links are text.
//! Triple backticks may span lines.
//!
//! Linear in the text: each marker character has the list of the places
//! it could close, and a cursor into it that only moves forward.

use crate::model::Style;

/// A piece of the text as read: text to show, or where a style starts or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    Text(&'a str),
    Start(Style),
    End(Style),
}

const MARKERS: [u8; 4] = [b'*', b'_', b'~', b'`'];

fn style_of(c: u8) -> Style {
    match c {
        b'*' => Style::Bold,
        b'_' => Style::Italic,
        b'~' => Style::Strike,
        _ => Style::Code,
    }
}

fn marker_index(c: u8) -> Option<usize> {
    MARKERS.iter().position(|&m| m == c)
}

/// Whether `text` may hold markup at all (a quick test).
pub fn has_markup(text: &str) -> bool {
    next_marker(text.as_bytes(), 0).is_some()
}

/// The first marker character at or after `from`.
fn next_marker(b: &[u8], from: usize) -> Option<usize> {
    let rest = b.get(from..)?;
    let three = memchr::memchr3(b'*', b'_', b'~', rest);
    let tick = memchr::memchr(b'`', &rest[..three.unwrap_or(rest.len())]);
    tick.or(three).map(|i| from + i)
}

/// The events of `text`, in order; their `Text`s put together are `text`
/// without the markers that were read.
pub fn parse(text: &str) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    if !has_markup(text) {
        if !text.is_empty() {
            out.push(Event::Text(text));
        }
        return out;
    }
    // Triple backticks first: they may span lines.
    let mut rest = 0;
    let mut search = 0;
    let ticks = memchr::memchr(b'`', text.as_bytes()).is_some();
    while let Some(open) = find(text, "```", search).filter(|_| ticks) {
        let Some(close) = find(text, "```", open + 3) else {
            break;
        };
        if close == open + 3 {
            search = open + 3;
            continue;
        }
        lines(text, rest, open, &mut out);
        out.push(Event::Start(Style::Code));
        out.push(Event::Text(&text[open + 3..close]));
        out.push(Event::End(Style::Code));
        rest = close + 3;
        search = rest;
    }
    lines(text, rest, text.len(), &mut out);
    out
}

fn find(text: &str, pat: &str, from: usize) -> Option<usize> {
    memchr::memmem::find(text.as_bytes().get(from..)?, pat.as_bytes()).map(|i| from + i)
}

/// The events of `text[lo..hi]`, line by line.
fn lines<'a>(text: &'a str, lo: usize, hi: usize, out: &mut Vec<Event<'a>>) {
    let mut start = lo;
    while start < hi {
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..hi]).map_or(hi, |i| start + i);
        line(&text[start..end], out);
        if end < hi {
            out.push(Event::Text("\n"));
        }
        start = end + 1;
    }
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// One line's events.
fn line<'a>(s: &'a str, out: &mut Vec<Event<'a>>) {
    if s.is_empty() {
        return;
    }
    let b = s.as_bytes();
    let Some(first) = next_marker(b, 0) else {
        out.push(Event::Text(s));
        return;
    };
    let links = links(s);
    // Sorted and apart: a binary search finds the one that could hold `i`.
    let in_link = |i: usize| {
        let k = links.partition_point(|r| r.end <= i);
        links.get(k).is_some_and(|r| r.contains(&i))
    };
    // Where each marker may close.
    let mut closers: [Vec<usize>; 4] = Default::default();
    let mut any = false;
    let mut at = Some(first);
    while let Some(i) = at {
        at = next_marker(b, i + 1);
        let c = b[i];
        let Some(k) = marker_index(c) else { continue };
        if in_link(i) {
            continue;
        }
        let (before, after) = (s[..i].chars().next_back(), s[i + 1..].chars().next());
        if !is_space(before) && before != Some(char::from(c)) && !is_word(after) {
            closers[k].push(i);
            any = true;
        }
    }
    if !any {
        out.push(Event::Text(s));
        return;
    }
    let mut cursors = [0usize; 4];
    let mut reader = Reader {
        s,
        closers: &closers,
        cursors: &mut cursors,
        in_link: &in_link,
        out,
    };
    reader.range(0, s.len(), 0);
}

/// The byte ranges of `http://` and `https://` links in a line (to the next space).
fn links(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = find(s, "http", from) {
        let rest = &s[i..];
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(char::is_whitespace).map_or(s.len(), |e| i + e);
            out.push(i..end);
            from = end;
        } else {
            from = i + 4;
        }
    }
    out
}

struct Reader<'a, 'o, 'c, F: Fn(usize) -> bool> {
    s: &'a str,
    closers: &'c [Vec<usize>; 4],
    cursors: &'c mut [usize; 4],
    in_link: &'c F,
    out: &'o mut Vec<Event<'a>>,
}

impl<F: Fn(usize) -> bool> Reader<'_, '_, '_, F> {
    /// The events of `s[lo..hi]` inside the styles of `open` (a bit per marker).
    fn range(&mut self, lo: usize, hi: usize, open: u8) {
        let b = self.s.as_bytes();
        let mut plain = lo;
        let mut i = lo;
        while i < hi {
            let c = b[i];
            if let Some(k) = marker_index(c).filter(|&k| open & (1 << k) == 0) {
                if let Some(close) = self.closer(k, i, hi) {
                    if plain < i {
                        self.out.push(Event::Text(&self.s[plain..i]));
                    }
                    let style = style_of(c);
                    self.out.push(Event::Start(style));
                    if c == b'`' {
                        self.out.push(Event::Text(&self.s[i + 1..close]));
                    } else {
                        self.range(i + 1, close, open | (1 << k));
                    }
                    self.out.push(Event::End(style));
                    i = close + 1;
                    plain = i;
                    continue;
                }
            }
            i += 1;
        }
        if plain < hi {
            self.out.push(Event::Text(&self.s[plain..hi]));
        }
    }

    /// Where the marker `k` at `i` closes before `hi`, if it opens there.
    fn closer(&mut self, k: usize, i: usize, hi: usize) -> Option<usize> {
        if (self.in_link)(i) {
            return None;
        }
        let c = char::from(MARKERS[k]);
        let before = self.s[..i].chars().next_back();
        let after = self.s[i + 1..].chars().next();
        if is_word(before) || is_space(after) || after == Some(c) {
            return None;
        }
        let list = &self.closers[k];
        let cur = &mut self.cursors[k];
        while *cur < list.len() && list[*cur] <= i + 1 {
            *cur += 1;
        }
        list.get(*cur).copied().filter(|&q| q < hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text shown, with `[B]…[/B]` around styled parts.
    fn show(text: &str) -> String {
        let mut s = String::new();
        for e in parse(text) {
            match e {
                Event::Text(t) => s.push_str(t),
                Event::Start(st) => s.push_str(&format!("[{st:?}]")),
                Event::End(st) => s.push_str(&format!("[/{st:?}]")),
            }
        }
        s
    }

    #[test]
    fn the_four_styles_and_code_blocks() {
        assert_eq!(
            show("a _it_ and *bold* and ~gone~ and `mono` ok"),
            "a [Italic]it[/Italic] and [Bold]bold[/Bold] and [Strike]gone[/Strike] and [Code]mono[/Code] ok"
        );
        assert_eq!(show("*_both_*"), "[Bold][Italic]both[/Italic][/Bold]");
        assert_eq!(
            show("```let x = *y*;\nz```"),
            "[Code]let x = *y*;\nz[/Code]"
        );
        assert_eq!(
            show("say *hi*, then _go_."),
            "say [Bold]hi[/Bold], then [Italic]go[/Italic]."
        );
    }

    #[test]
    fn what_is_not_markup() {
        for t in [
            "2*3*4",
            "snake_case_name",
            "One**",
            "* not bold *",
            "*open only",
            "a * b * c",
            "**",
            "_",
            "see https://x.org/a_b_c_ and https://y.org/*z*",
            "line *one\ntwo* lines",
            "``````",
            "mail me_at_home",
        ] {
            assert_eq!(show(t), t, "{t:?}");
        }
    }

    #[test]
    fn events_cover_the_text_and_many_markers_stay_linear() {
        let text = "x*y ".repeat(20_000) + "_b_ *c*";
        let shown = show(&text);
        assert!(shown.ends_with("[Italic]b[/Italic] [Bold]c[/Bold]"));
        let evil = "*x_".repeat(30_000);
        assert_eq!(show(&evil), evil);
        let pairs = "*x* ".repeat(30_000);
        assert_eq!(show(&pairs), "[Bold]x[/Bold] ".repeat(30_000));
    }
}
