//! Slack's message markup ("mrkdwn") into what a reader sees.
//!
//! - `<…>` sequences: `<@U123>` / `<@U123|name>` (a user), `<#C123|general>`
//!   (a channel), `<!here>`, `<!channel>`, `<!everyone>`,
//!   `<!subteam^S123|@team>`, `<!date^…|fallback>`, `<https://url|label>`,
//!   `<mailto:a@b.c>`: mentions and links as spans, with names from the
//!   export. Slack escapes a literal `<` as `&lt;`, so a `<` starts one.
//! - `&lt;`, `&gt;` and `&amp;`, the only entities Slack writes, decoded.
//! - `*bold*`, `_italic_`, `~strike~`, `` `code` `` and ```` ```blocks``` ````:
//!   the markers removed and the text styled. A marker opens at the start of
//!   a word (after a space, a punctuation mark or the start) and closes on
//!   the same line before the end of a word; otherwise it is text, so
//!   `snake_case` and `2*3*4` stay as written.
//! - `:emoji:` short names as emoji where known, else kept as code, both as
//!   emoji spans.

use std::borrow::Cow;

use super::names::{self, Names};
use crate::archive::formats::MessageBuilder;
use crate::model::Style;

/// How far a closing marker or a `>` is looked for, in bytes.
const MAX_LOOKAHEAD: usize = 4096;
/// The longest emoji short name.
const MAX_EMOJI_NAME: usize = 64;

/// Appends the mrkdwn `s` to the message's body.
pub(super) fn render(m: &mut MessageBuilder<'_, '_>, s: &str, names: &mut Names<'_>) {
    let mut r = Renderer {
        s,
        b: s.as_bytes(),
        open: Vec::new(),
        plain: 0,
    };
    r.run(m, names, 0, s.len());
}

/// Appends plain text (Block Kit `plain_text`): entities are not decoded,
/// emoji codes are.
pub(super) fn render_plain(m: &mut MessageBuilder<'_, '_>, s: &str) {
    let b = s.as_bytes();
    let mut at = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b':', &b[i..]) {
        let c = i + off;
        if let Some((end, name, tone)) = emoji_at(s, c) {
            if let Some(shown) = names::emoji(name, tone) {
                m.text(&s[at..c]);
                m.emoji(&shown, name);
                at = end;
                i = end;
                continue;
            }
        }
        i = c + 1;
    }
    m.text(&s[at..]);
}

struct Renderer<'s> {
    s: &'s str,
    b: &'s [u8],
    /// Open styles: the style, its marker, where it closes, where its text starts in the body.
    open: Vec<(Style, u8, usize, usize)>,
    /// Start of the text not yet appended.
    plain: usize,
}

impl Renderer<'_> {
    fn flush(&mut self, m: &mut MessageBuilder<'_, '_>, to: usize) {
        if to > self.plain {
            m.text(&decode(&self.s[self.plain..to]));
        }
        self.plain = to;
    }

    fn run(
        &mut self,
        m: &mut MessageBuilder<'_, '_>,
        names: &mut Names<'_>,
        from: usize,
        to: usize,
    ) {
        let mut i = from;
        self.plain = from;
        while i < to {
            let c = self.b[i];
            match c {
                b'<' => {
                    if let Some(end) = self.angle_end(i, to) {
                        self.flush(m, i);
                        control(m, &self.s[i + 1..end], names);
                        i = end + 1;
                        self.plain = i;
                        continue;
                    }
                }
                b':' => {
                    if let Some((end, name, tone)) = emoji_at(&self.s[..to], i) {
                        if let Some(shown) = names::emoji(name, tone) {
                            self.flush(m, i);
                            m.emoji(&shown, name);
                            i = end;
                            self.plain = i;
                            continue;
                        }
                    }
                }
                b'`' => {
                    if let Some(next) = self.code(m, names, i, to) {
                        i = next;
                        self.plain = i;
                        continue;
                    }
                }
                b'*' | b'_' | b'~' => {
                    if let Some(&(style, marker, close, start)) = self.open.last() {
                        if close == i && marker == c {
                            self.flush(m, i);
                            let end = m.body().len();
                            m.style(style, start..end);
                            self.open.pop();
                            i += 1;
                            self.plain = i;
                            continue;
                        }
                    }
                    if let Some(close) = self.opener(i, to) {
                        self.flush(m, i);
                        let style = match c {
                            b'*' => Style::Bold,
                            b'_' => Style::Italic,
                            _ => Style::Strike,
                        };
                        let start = m.body().len();
                        self.open.push((style, c, close, start));
                        i += 1;
                        self.plain = i;
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.flush(m, to);
    }

    /// The `>` that closes a `<` at `i`, on the same line.
    fn angle_end(&self, i: usize, to: usize) -> Option<usize> {
        let window = &self.b[i + 1..to.min(i + 1 + MAX_LOOKAHEAD)];
        let end = i + 1 + memchr::memchr3(b'>', b'<', b'\n', window)?;
        (self.b[end] == b'>' && end > i + 1).then_some(end)
    }

    /// A code span or block at `i`: appends it styled and returns where
    /// it ends, or `None` when the backticks are text.
    fn code(
        &mut self,
        m: &mut MessageBuilder<'_, '_>,
        names: &mut Names<'_>,
        i: usize,
        to: usize,
    ) -> Option<usize> {
        let s = &self.s[..to];
        if s[i..].starts_with("```") {
            let inner = i + 3;
            let close = inner + s[inner..].find("```")?;
            self.flush(m, i);
            // A line break right inside the fences is the fences' own.
            let mut a = inner;
            if s[a..close].starts_with('\n') {
                a += 1;
            }
            let mut z = close;
            if z > a && s[..z].ends_with('\n') {
                z -= 1;
            }
            let start = m.body().len();
            literal(m, &s[a..z], names);
            let end = m.body().len();
            m.style(Style::Code, start..end);
            return Some(close + 3);
        }
        let window = &self.b[i + 1..to.min(i + 1 + MAX_LOOKAHEAD)];
        let close = i + 1 + memchr::memchr2(b'`', b'\n', window)?;
        if self.b[close] != b'`' || close == i + 1 {
            return None;
        }
        self.flush(m, i);
        let start = m.body().len();
        literal(m, &s[i + 1..close], names);
        let end = m.body().len();
        m.style(Style::Code, start..end);
        Some(close + 1)
    }

    /// Where the style marker at `i` closes, if it opens one.
    fn opener(&self, i: usize, to: usize) -> Option<usize> {
        let b = self.b;
        let c = b[i];
        if i > 0 && (is_word(b[i - 1]) || b[i - 1] == c) {
            return None;
        }
        let next = *b.get(i + 1).filter(|_| i + 1 < to)?;
        if next.is_ascii_whitespace() || next == c {
            return None;
        }
        // Inner styles close before outer ones.
        let limit = self.open.last().map_or(to, |o| o.2);
        let mut j = i + 1;
        let end = limit.min(i + 1 + MAX_LOOKAHEAD);
        while j < end {
            match b[j] {
                b'\n' => return None,
                b'<' => {
                    if let Some(e) = self.angle_end(j, to) {
                        j = e + 1;
                        continue;
                    }
                }
                b'`' => {
                    let w = &b[j + 1..end];
                    if let Some(k) = memchr::memchr2(b'`', b'\n', w) {
                        if b[j + 1 + k] == b'`' {
                            j += k + 2;
                            continue;
                        }
                    }
                }
                x if x == c => {
                    let before = b[j - 1];
                    let after = b.get(j + 1).filter(|_| j + 1 < to);
                    if j > i + 1
                        && !before.is_ascii_whitespace()
                        && after.is_none_or(|&a| !is_word(a) && a != c)
                    {
                        return Some(j);
                    }
                }
                _ => {}
            }
            j += 1;
        }
        None
    }
}

/// Code text: `<…>` sequences and entities resolved, nothing else.
fn literal(m: &mut MessageBuilder<'_, '_>, s: &str, names: &mut Names<'_>) {
    let b = s.as_bytes();
    let mut at = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + off;
        let window = &b[lt + 1..b.len().min(lt + 1 + MAX_LOOKAHEAD)];
        match memchr::memchr3(b'>', b'<', b'\n', window) {
            Some(k) if window[k] == b'>' && k > 0 => {
                m.text(&decode(&s[at..lt]));
                control(m, &s[lt + 1..lt + 1 + k], names);
                i = lt + k + 2;
                at = i;
            }
            _ => i = lt + 1,
        }
    }
    m.text(&decode(&s[at..]));
}

/// An ASCII letter, digit or underscore: a marker next to one is text.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// An emoji code `:name:` (with an optional `:skin-tone-N:`) at `i`:
/// where it ends, the name and the tone.
fn emoji_at(s: &str, i: usize) -> Option<(usize, &str, Option<&str>)> {
    let b = s.as_bytes();
    let start = i + 1;
    let window = &b[start..b.len().min(start + MAX_EMOJI_NAME + 1)];
    let len = memchr::memchr(b':', window)?;
    let name = &s[start..start + len];
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"_+-'".contains(&c))
        && !name.bytes().all(|c| c.is_ascii_digit());
    if !valid {
        return None;
    }
    let mut end = start + len + 1;
    let mut tone = None;
    if s[end..].starts_with(":skin-tone-") && s.len() >= end + 13 && s.as_bytes()[end + 12] == b':'
    {
        tone = Some(&s[end + 1..end + 12]);
        end += 13;
    }
    Some((end, name, tone))
}

/// A `<…>` sequence (without its brackets).
fn control(m: &mut MessageBuilder<'_, '_>, inner: &str, names: &mut Names<'_>) {
    let (head, label) = match inner.split_once('|') {
        Some((h, l)) => (h, Some(decode(l))),
        None => (inner, None),
    };
    let label = label.filter(|l| !l.is_empty());
    if let Some(id) = head.strip_prefix('@') {
        let name = match &label {
            Some(l) => l.trim_start_matches('@').to_owned(),
            None => names.user(id).into_owned(),
        };
        m.mention(&format!("@{name}"), &name);
    } else if let Some(id) = head.strip_prefix('#') {
        let name = match &label {
            Some(l) => l.to_string(),
            None => names.channel(id).to_owned(),
        };
        m.mention(&format!("#{name}"), &name);
    } else if let Some(special) = head.strip_prefix('!') {
        let (kind, rest) = special.split_once('^').unwrap_or((special, ""));
        match kind {
            "here" | "channel" | "everyone" | "group" => {
                m.mention(&format!("@{kind}"), kind);
            }
            "subteam" => {
                let name =
                    label.map_or_else(|| rest.to_owned(), |l| l.trim_start_matches('@').to_owned());
                m.mention(&format!("@{name}"), &name);
            }
            _ => {
                // `<!date^…|fallback>` and the like: the fallback text.
                m.text(label.as_deref().unwrap_or(kind));
            }
        }
    } else if looks_like_url(head) {
        let url = decode(head);
        let shown = match &label {
            Some(l) => l.clone(),
            None => Cow::Owned(url.strip_prefix("mailto:").unwrap_or(&url).to_owned()),
        };
        m.link(&shown, &url);
    } else {
        m.text(&decode(&format!("<{inner}>")));
    }
}

/// `scheme:…` with a scheme of letters (`https:`, `mailto:`, `tel:`).
fn looks_like_url(s: &str) -> bool {
    s.split_once(':').is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && !rest.is_empty()
            && scheme
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'.' || c == b'-')
            && scheme.as_bytes()[0].is_ascii_alphabetic()
    })
}

/// `&lt;`, `&gt;` and `&amp;` decoded (the only entities Slack writes).
pub(super) fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (c, n) = if tail.starts_with("&lt;") {
            ('<', 4)
        } else if tail.starts_with("&gt;") {
            ('>', 4)
        } else if tail.starts_with("&amp;") {
            ('&', 5)
        } else {
            ('&', 1)
        };
        out.push(c);
        rest = &tail[n..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}
