//! Discord's message markup, read into what a reader should see.
//!
//! `**bold**`, `*italic*` / `_italic_`, `***both***`, `__underline__`
//! (its marks dropped: the model has no underline), `~~strike~~`,
//! `||spoiler||`, `` `code` `` and fenced code blocks become style spans
//! over the text without their marks; `\*` escapes. Raw references are
//! resolved: `<@id>` and `<@!id>` to `@name` (from the message's
//! `mentions` and the authors seen), `<#id>` to `#channel`, `<@&id>` to
//! `@role`, `<:name:id>` and `<a:name:id>` to `:name:`, `<t:unix:style>`
//! to a date in the reader's zone, `</command:id>` to `/command`;
//! `[label](url)` and `<url>` are links. Unknown ids read `@user:ID`,
//! `#channel:ID`, `@role:ID`.
//!
//! The work is linear in the content: tokens first, then emphasis marks
//! paired with a stack (an unpaired mark stays as written), then the
//! tokens go into the message builder in order.

use std::borrow::Cow;

use crate::archive::formats::MessageBuilder;
use crate::model::{Style, Zone};

/// Names for the ids that raw references carry.
pub(super) trait Names {
    /// The name shown for the user `id`.
    fn user(&self, id: &str) -> Option<Cow<'_, str>>;
    /// The name of the channel `id`.
    fn channel(&self, id: &str) -> Option<Cow<'_, str>>;
    /// The name of the role `id`.
    fn role(&self, id: &str) -> Option<Cow<'_, str>>;
    /// The zone `<t:…>` timestamps are shown in.
    fn zone(&self) -> Zone;
}

/// Whether `content` holds nothing this module would change (nearly all
/// messages), so that it can be stored as plain text.
pub(super) fn is_plain(content: &str) -> bool {
    !content
        .bytes()
        .any(|c| matches!(c, b'*' | b'_' | b'~' | b'|' | b'`' | b'<' | b'[' | b'\\'))
}

/// Appends `content` to the message: its text, links, mentions and styles.
pub(super) fn append(m: &mut MessageBuilder<'_, '_>, content: &str, names: &dyn Names) {
    if content.len() > MAX_MARKUP || is_plain(content) {
        m.text_with_spans(content);
        return;
    }
    let mut tokens = tokenize(content, names);
    pair(&mut tokens);
    emit(m, &tokens);
}

/// An emphasis mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// `*` or `_`.
    Italic,
    /// `**`.
    Bold,
    /// `***`.
    BoldItalic,
    /// `__`.
    Underline,
    /// `___`.
    UnderlineItalic,
    /// `~~`.
    Strike,
    /// `||`.
    Spoiler,
}

impl Mark {
    fn styles(self) -> &'static [Style] {
        match self {
            Mark::Italic | Mark::UnderlineItalic => &[Style::Italic],
            Mark::Bold => &[Style::Bold],
            Mark::BoldItalic => &[Style::Bold, Style::Italic],
            Mark::Underline => &[],
            Mark::Strike => &[Style::Strike],
            Mark::Spoiler => &[Style::Spoiler],
        }
    }

    /// A distinct small number per mark and character (`*` and `_`
    /// italics do not pair with each other).
    fn slot(self, star: bool) -> usize {
        let base = match self {
            Mark::Italic => 0,
            Mark::Bold => 1,
            Mark::BoldItalic => 2,
            Mark::Underline => 3,
            Mark::UnderlineItalic => 4,
            Mark::Strike => 5,
            Mark::Spoiler => 6,
        };
        if star && self == Mark::Italic {
            7
        } else {
            base
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'s> {
    /// Text in which bare URLs and `@mentions` are found.
    Text(&'s str),
    /// Text kept as it is.
    Literal(Cow<'s, str>),
    /// An emphasis mark: its text (kept when unpaired), what it is, what
    /// it may do, and whether it was paired.
    Mark {
        text: &'s str,
        mark: Mark,
        star: bool,
        open: bool,
        close: bool,
        paired: Pairing,
    },
    Code(&'s str),
    Link {
        label: Cow<'s, str>,
        url: &'s str,
    },
    Mention {
        label: String,
        target: Cow<'s, str>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pairing {
    No,
    Opens,
    Closes,
}

/// The longest label of a `[label](url)` link, in bytes.
const MAX_LABEL: usize = 512;
/// The longest URL of a link, and of a `<url>`, in bytes.
const MAX_URL: usize = 2048;
/// The longest id or name inside `<…>`, in bytes.
const MAX_REF: usize = 128;
/// Content longer than this is kept as plain text: no real message is
/// (Discord allows 4,000 characters), and the tokens of a hostile one
/// would cost memory.
pub(super) const MAX_MARKUP: usize = 64 * 1024;

/// Where the next closing byte of each kind is, so that a content full of
/// unclosed `<`, `[` or backticks is still read in linear time.
struct Ahead<'s> {
    b: &'s [u8],
    /// The next `>` and `]` at or after some position (`usize::MAX`: none).
    gt: Option<usize>,
    bracket: Option<usize>,
    /// From here on there is no closing fence.
    no_fence_from: usize,
    /// For a run length, the position from which no run of that length follows.
    no_run_from: Vec<(usize, usize)>,
}

impl<'s> Ahead<'s> {
    fn new(b: &'s [u8]) -> Self {
        Ahead {
            b,
            gt: None,
            bracket: None,
            no_fence_from: usize::MAX,
            no_run_from: Vec::new(),
        }
    }

    fn next(cache: &mut Option<usize>, b: &[u8], c: u8, from: usize) -> Option<usize> {
        match *cache {
            Some(p) if p == usize::MAX || p >= from => {}
            _ => *cache = Some(memchr::memchr(c, &b[from..]).map_or(usize::MAX, |o| from + o)),
        }
        cache.filter(|&p| p != usize::MAX)
    }

    fn gt(&mut self, from: usize) -> Option<usize> {
        Self::next(&mut self.gt, self.b, b'>', from)
    }

    fn bracket(&mut self, from: usize) -> Option<usize> {
        Self::next(&mut self.bracket, self.b, b']', from)
    }
}

fn tokenize<'s>(s: &'s str, names: &dyn Names) -> Vec<Token<'s>> {
    let b = s.as_bytes();
    let mut ahead = Ahead::new(b);
    let mut out: Vec<Token<'s>> = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let flush = |out: &mut Vec<Token<'s>>, from: usize, to: usize| {
        if to > from {
            out.push(Token::Text(&s[from..to]));
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                flush(&mut out, text_start, i);
                out.push(Token::Literal(Cow::Borrowed(&s[i + 1..i + 2])));
                i += 2;
                text_start = i;
            }
            b'`' => {
                let run = run_len(b, i, b'`');
                if let Some((inner, end)) = code(s, i, run, &mut ahead) {
                    flush(&mut out, text_start, i);
                    out.push(Token::Code(inner));
                    i = end;
                    text_start = i;
                } else {
                    i += run;
                }
            }
            b'*' | b'_' | b'~' | b'|' => {
                let run = run_len(b, i, c);
                let mark = match (c, run) {
                    (b'*' | b'_', 1) => Some(Mark::Italic),
                    (b'*', 2) => Some(Mark::Bold),
                    (b'*', 3) => Some(Mark::BoldItalic),
                    (b'_', 2) => Some(Mark::Underline),
                    (b'_', 3) => Some(Mark::UnderlineItalic),
                    (b'~', 2) => Some(Mark::Strike),
                    (b'|', 2) => Some(Mark::Spoiler),
                    _ => None,
                };
                if let Some(mark) = mark {
                    let before = s[..i].chars().next_back();
                    let after = s[i + run..].chars().next();
                    let mut open = after.is_some_and(|a| !a.is_whitespace());
                    let mut close = before.is_some_and(|p| !p.is_whitespace());
                    if c == b'_' {
                        // snake_case_names are not italics.
                        open &= !before.is_some_and(char::is_alphanumeric);
                        close &= !after.is_some_and(char::is_alphanumeric);
                    }
                    if open || close {
                        flush(&mut out, text_start, i);
                        out.push(Token::Mark {
                            text: &s[i..i + run],
                            mark,
                            star: c == b'*',
                            open,
                            close,
                            paired: Pairing::No,
                        });
                        text_start = i + run;
                    }
                }
                i += run;
            }
            b'<' => {
                if let Some((token, end)) = angle(s, i, names, &mut ahead) {
                    flush(&mut out, text_start, i);
                    out.push(token);
                    i = end;
                    text_start = i;
                } else {
                    i += 1;
                }
            }
            b'[' => {
                if let Some((token, end)) = masked_link(s, i, &mut ahead) {
                    flush(&mut out, text_start, i);
                    out.push(token);
                    i = end;
                    text_start = i;
                } else {
                    i += 1;
                }
            }
            b'h' => {
                // A bare URL is one piece: its `_` and `*` are not marks.
                i = url_end(b, i, usize::MAX).unwrap_or(i + 1);
            }
            _ => i += 1,
        }
    }
    flush(&mut out, text_start, b.len());
    out
}

fn run_len(b: &[u8], i: usize, c: u8) -> usize {
    b[i..].iter().take_while(|&&x| x == c).count()
}

/// The end of a bare `http(s)://` URL at `i` (of at most `max` bytes
/// after the scheme), as the span finder reads it.
fn url_end(b: &[u8], i: usize, max: usize) -> Option<usize> {
    let rest = &b[i..];
    let scheme = if rest.starts_with(b"https://") {
        8
    } else if rest.starts_with(b"http://") {
        7
    } else {
        return None;
    };
    if i > 0 && b[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let len = rest[scheme..]
        .iter()
        .take(max)
        .take_while(|&&c| c.is_ascii_graphic() && !matches!(c, b'<' | b'>' | b'"' | b'\'' | b'`'))
        .count();
    Some(i + scheme + len)
}

/// Inline code or a fenced block opened by `run` backticks at `i`: its
/// text and where it ends.
fn code<'s>(s: &'s str, i: usize, run: usize, ahead: &mut Ahead<'_>) -> Option<(&'s str, usize)> {
    let b = s.as_bytes();
    let start = i + run;
    if run >= 3 {
        if start >= ahead.no_fence_from {
            return None;
        }
        let Some(off) = memchr::memmem::find(&b[start..], b"```") else {
            ahead.no_fence_from = start;
            return None;
        };
        let close = start + off;
        let mut inner = &s[start..close];
        // A language name on the opening line is not part of the code.
        if let Some(nl) = inner.find('\n') {
            let first = &inner[..nl];
            if first
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'#' | b'-' | b'_' | b'.'))
            {
                inner = &inner[nl + 1..];
            }
        }
        let inner = inner.strip_suffix('\n').unwrap_or(inner);
        let end = close + run_len(b, close, b'`').min(run);
        return (!inner.is_empty()).then_some((inner, end));
    }
    // Inline: the next run of exactly `run` backticks.
    if ahead
        .no_run_from
        .iter()
        .any(|&(len, from)| len == run && start >= from)
    {
        return None;
    }
    let mut j = start;
    while let Some(off) = memchr::memchr(b'`', &b[j..]) {
        let at = j + off;
        let len = run_len(b, at, b'`');
        if len == run {
            let inner = &s[start..at];
            let trimmed = if inner.len() > 2 && inner.starts_with(' ') && inner.ends_with(' ') {
                &inner[1..inner.len() - 1]
            } else {
                inner
            };
            return (!trimmed.is_empty()).then_some((trimmed, at + len));
        }
        j = at + len;
    }
    ahead.no_run_from.push((run, start));
    None
}

/// `<…>` at `i`: a mention, a custom emoji, a timestamp, a command or a
/// link without preview.
fn angle<'s>(
    s: &'s str,
    i: usize,
    names: &dyn Names,
    ahead: &mut Ahead<'_>,
) -> Option<(Token<'s>, usize)> {
    let close = ahead.gt(i + 1)?;
    if close - i > MAX_URL + 16 {
        return None;
    }
    let inner = &s[i + 1..close];
    let end = close + 1;
    if inner.starts_with("http://") || inner.starts_with("https://") {
        return (!inner.contains(char::is_whitespace)).then_some((
            Token::Link {
                label: Cow::Borrowed(inner),
                url: inner,
            },
            end,
        ));
    }
    if inner.len() > MAX_REF {
        return None;
    }
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
    let mention =
        |label: String, target: Cow<'s, str>| Some((Token::Mention { label, target }, end));
    if let Some(id) = inner.strip_prefix("@&") {
        if !digits(id) {
            return None;
        }
        return match names.role(id) {
            Some(n) => mention(format!("@{n}"), Cow::Owned(n.into_owned())),
            None => mention(format!("@role:{id}"), Cow::Borrowed(id)),
        };
    }
    if let Some(id) = inner.strip_prefix('@') {
        let id = id.strip_prefix('!').unwrap_or(id);
        if !digits(id) {
            return None;
        }
        return match names.user(id) {
            Some(n) => mention(format!("@{n}"), Cow::Owned(n.into_owned())),
            None => mention(format!("@user:{id}"), Cow::Borrowed(id)),
        };
    }
    if let Some(id) = inner.strip_prefix('#') {
        if !digits(id) {
            return None;
        }
        return match names.channel(id) {
            Some(n) => mention(format!("#{n}"), Cow::Owned(n.into_owned())),
            None => mention(format!("#channel:{id}"), Cow::Borrowed(id)),
        };
    }
    if let Some(rest) = inner.strip_prefix("a:").or_else(|| inner.strip_prefix(':')) {
        let (name, id) = rest.rsplit_once(':')?;
        let ok = !name.is_empty()
            && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
            && digits(id);
        return ok.then(|| (Token::Literal(Cow::Owned(format!(":{name}:"))), end));
    }
    if let Some(rest) = inner.strip_prefix("t:") {
        let (unix, style) = rest.split_once(':').unwrap_or((rest, "f"));
        if !digits(unix.strip_prefix('-').unwrap_or(unix)) {
            return None;
        }
        let (date, time) = names.zone().local(unix.parse().ok()?)?;
        let hms = time.to_string();
        let text = match style {
            "t" => hms[..5].to_owned(),
            "T" => hms,
            "d" | "D" => date.to_string(),
            _ => format!("{date} {}", &hms[..5]),
        };
        return Some((Token::Literal(Cow::Owned(text)), end));
    }
    if let Some(rest) = inner.strip_prefix('/') {
        let (name, id) = rest.rsplit_once(':')?;
        return (!name.is_empty() && !name.contains(char::is_whitespace) && digits(id))
            .then(|| (Token::Literal(Cow::Owned(format!("/{name}"))), end));
    }
    None
}

/// `[label](http…)` at `i`; the URL may hold balanced parentheses.
fn masked_link<'s>(s: &'s str, i: usize, ahead: &mut Ahead<'_>) -> Option<(Token<'s>, usize)> {
    let b = s.as_bytes();
    let close = ahead.bracket(i + 1)?;
    if close - i > MAX_LABEL {
        return None;
    }
    let label = &s[i + 1..close];
    if label.is_empty() || label.contains('\n') || b.get(close + 1) != Some(&b'(') {
        return None;
    }
    let url_start = close + 2;
    let end = url_end(b, url_start, MAX_URL)?;
    let mut depth = 0usize;
    let mut url_len = None;
    for (k, &c) in b[url_start..end].iter().enumerate() {
        match c {
            b'(' => depth += 1,
            b')' if depth == 0 => {
                url_len = Some(k);
                break;
            }
            b')' => depth -= 1,
            _ => {}
        }
    }
    let url_len = url_len?;
    let url = &s[url_start..url_start + url_len];
    if url.len() <= "https://".len() {
        return None;
    }
    Some((
        Token::Link {
            label: Cow::Borrowed(label),
            url,
        },
        url_start + url_len + 1,
    ))
}

/// Pairs emphasis marks: a mark that may close pairs with the nearest
/// open mark of its kind; marks opened between them stay as written.
fn pair(tokens: &mut [Token<'_>]) {
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut open_of: [usize; 8] = [0; 8];
    for i in 0..tokens.len() {
        let Token::Mark {
            mark,
            star,
            open,
            close,
            ..
        } = tokens[i]
        else {
            continue;
        };
        let slot = mark.slot(star);
        if close && open_of[slot] > 0 {
            while let Some((j, s)) = stack.pop() {
                open_of[s] -= 1;
                if s == slot {
                    if let Token::Mark { paired, .. } = &mut tokens[j] {
                        *paired = Pairing::Opens;
                    }
                    if let Token::Mark { paired, .. } = &mut tokens[i] {
                        *paired = Pairing::Closes;
                    }
                    break;
                }
            }
        } else if open {
            stack.push((i, slot));
            open_of[slot] += 1;
        }
    }
}

fn emit(m: &mut MessageBuilder<'_, '_>, tokens: &[Token<'_>]) {
    // Where each open mark started in the body, by token index.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Text(s) => {
                m.text_with_spans(s);
            }
            Token::Literal(s) => {
                m.text(s);
            }
            Token::Code(s) => {
                let r = m.text(s);
                m.style(Style::Code, r);
            }
            Token::Link { label, url } => {
                m.link(label, url);
            }
            Token::Mention { label, target } => {
                m.mention(label, target);
            }
            Token::Mark {
                text, mark, paired, ..
            } => match paired {
                Pairing::No => {
                    m.text(text);
                }
                Pairing::Opens => starts.push((i, m.body().len())),
                Pairing::Closes => {
                    // The nearest open mark is this one's pair: pairs nest.
                    if let Some((_, start)) = starts.pop() {
                        let end = m.body().len();
                        for &style in mark.styles() {
                            m.style(style, start..end);
                        }
                    }
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::formats::{Builder, Loc, ParseContext, Parsed};
    use crate::model::{SpanKind, TimeOfDay};
    use chrono::NaiveDate;
    use std::path::Path;

    struct N;
    impl Names for N {
        fn user(&self, id: &str) -> Option<Cow<'_, str>> {
            (id == "1").then_some(Cow::Borrowed("Ann Lee"))
        }
        fn channel(&self, id: &str) -> Option<Cow<'_, str>> {
            (id == "2").then_some(Cow::Borrowed("general"))
        }
        fn role(&self, id: &str) -> Option<Cow<'_, str>> {
            (id == "3").then_some(Cow::Borrowed("mods"))
        }
        fn zone(&self) -> Zone {
            Zone::parse("UTC").unwrap()
        }
    }

    fn parse(content: &str) -> Parsed {
        let ctx = ParseContext {
            path: Path::new("x.json"),
            folder: Path::new(""),
            zone: Zone::Local,
        };
        let mut b = Builder::new(super::super::FORMAT, &ctx);
        let chat = b.chat("c", Some("c"));
        let s = b.speaker("s", Loc::Line(1));
        {
            let mut m = b.message(
                chat,
                NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                TimeOfDay::from_hms(1, 0, 0).unwrap(),
                s,
                Loc::Line(1),
            );
            append(&mut m, content, &N);
        }
        b.finish()
    }

    /// The body, its styles as (style, text) and spans as (kind, text, target).
    #[allow(clippy::type_complexity)]
    fn read(
        content: &str,
    ) -> (
        String,
        Vec<(Style, String)>,
        Vec<(SpanKind, String, String)>,
    ) {
        let p = parse(content);
        let d = &p.days[0];
        let m = &d.messages[0];
        let styles = d
            .styles(0)
            .iter()
            .map(|s| (s.style, d.str(s.range).to_owned()))
            .collect();
        let spans = d
            .spans(m)
            .iter()
            .map(|s| {
                (
                    s.kind,
                    d.str(s.range).to_owned(),
                    d.str(s.target).to_owned(),
                )
            })
            .collect();
        (d.body(m).to_owned(), styles, spans)
    }

    fn body(content: &str) -> String {
        read(content).0
    }

    fn styles(content: &str) -> Vec<(Style, String)> {
        read(content).1
    }

    #[test]
    fn emphasis_becomes_styles_without_marks() {
        assert_eq!(
            read("**bold** and *it* and _it2_ ~~gone~~ ||secret|| `x = 1`"),
            (
                "bold and it and it2 gone secret x = 1".to_owned(),
                vec![
                    (Style::Bold, "bold".to_owned()),
                    (Style::Italic, "it".to_owned()),
                    (Style::Italic, "it2".to_owned()),
                    (Style::Strike, "gone".to_owned()),
                    (Style::Spoiler, "secret".to_owned()),
                    (Style::Code, "x = 1".to_owned()),
                ],
                vec![]
            )
        );
        assert_eq!(
            styles("***both*** __under__ ___ui___"),
            vec![
                (Style::Bold, "both".to_owned()),
                (Style::Italic, "both".to_owned()),
                (Style::Italic, "ui".to_owned()),
            ]
        );
        assert_eq!(body("***both*** __under__ ___ui___"), "both under ui");
        assert_eq!(
            styles("**bold _and italic_ here**"),
            vec![
                (Style::Italic, "and italic".to_owned()),
                (Style::Bold, "bold and italic here".to_owned()),
            ]
        );
    }

    #[test]
    fn unpaired_and_intraword_marks_stay() {
        assert_eq!(read("2 * 3 * 4").0, "2 * 3 * 4");
        assert!(read("2 * 3 * 4").1.is_empty());
        assert_eq!(body("snake_case_name and a_b"), "snake_case_name and a_b");
        assert!(styles("snake_case_name").is_empty());
        assert_eq!(body("**open and never closed"), "**open and never closed");
        assert_eq!(body("a ~ b | c || d"), "a ~ b | c || d");
        assert_eq!(body(r"\*not italic\* \_x\_ \\"), r"*not italic* _x_ \");
        assert!(styles(r"\*not italic\*").is_empty());
        // Crossed marks: the inner one that crosses stays as written.
        assert_eq!(body("**a *b** c*"), "a *b c*");
    }

    #[test]
    fn urls_keep_their_underscores_and_stars() {
        let (b, s, spans) = read("see https://ex.org/a_b_c*d_ now _really_");
        assert_eq!(b, "see https://ex.org/a_b_c*d_ now really");
        assert_eq!(s, vec![(Style::Italic, "really".to_owned())]);
        assert_eq!(spans[0].1, "https://ex.org/a_b_c*d_");
    }

    #[test]
    fn code_blocks_drop_the_language_and_keep_markup_inside() {
        let (b, s, _) = read("look:\n```rust\nlet a = **b**;\n```\ndone");
        assert_eq!(b, "look:\nlet a = **b**;\ndone");
        assert_eq!(s, vec![(Style::Code, "let a = **b**;".to_owned())]);
        assert_eq!(body("``a ` b``"), "a ` b");
        assert_eq!(body("`unclosed"), "`unclosed");
        assert_eq!(body("```\nunclosed block"), "```\nunclosed block");
    }

    #[test]
    fn references_resolve_or_read_plainly() {
        let (b, _, spans) =
            read("hi <@1> and <@!99>, see <#2> <#7>, ping <@&3> <@&4> <:pepe:123> <a:dance:45>");
        assert_eq!(
            b,
            "hi @Ann Lee and @user:99, see #general #channel:7, ping @mods @role:4 :pepe: :dance:"
        );
        let mentions: Vec<(String, String)> = spans.into_iter().map(|(_, l, t)| (l, t)).collect();
        assert_eq!(
            mentions,
            vec![
                ("@Ann Lee".to_owned(), "Ann Lee".to_owned()),
                ("@user:99".to_owned(), "99".to_owned()),
                ("#general".to_owned(), "general".to_owned()),
                ("#channel:7".to_owned(), "7".to_owned()),
                ("@mods".to_owned(), "mods".to_owned()),
                ("@role:4".to_owned(), "4".to_owned()),
            ]
        );
        assert_eq!(
            body(
                "at <t:1618953630:f>, <t:1618953630:t>, <t:1618953630:D>, <t:1618953630> run </deploy:42>"
            ),
            "at 2021-04-20 21:20, 21:20, 2021-04-20, 2021-04-20 21:20 run /deploy"
        );
        assert_eq!(
            body("a <b> <@x> <:bad name:1> <t:x>"),
            "a <b> <@x> <:bad name:1> <t:x>"
        );
    }

    #[test]
    fn links_masked_and_unfurled() {
        let (b, _, spans) =
            read("[the docs](https://ex.org/d_(x)) and <https://ex.org/q?a=1> and [no](link)");
        assert_eq!(b, "the docs and https://ex.org/q?a=1 and [no](link)");
        assert_eq!(
            spans,
            vec![
                (
                    SpanKind::Link,
                    "the docs".to_owned(),
                    "https://ex.org/d_(x)".to_owned()
                ),
                (
                    SpanKind::Link,
                    "https://ex.org/q?a=1".to_owned(),
                    "https://ex.org/q?a=1".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn hostile_markup_is_linear_and_safe() {
        // Unclosed marks of every kind, within the size markup is read at.
        let s = "*a _b ~~c ||d [e <f ".repeat(3_000);
        assert!(s.len() < MAX_MARKUP);
        let (b, _, _) = read(&s);
        assert_eq!(b, s);
        let s = "`a ``b ```c ".repeat(3_000);
        assert!(read(&s).0.len() <= s.len());
        let s = "<@".repeat(10_000) + &"**x** ".repeat(5_000);
        let b = read(&s).0;
        assert!(
            b.starts_with("<@<@") && b.ends_with("x x "),
            "{}",
            &b[b.len() - 20..]
        );
        // Past what any message holds, the markup is kept as written.
        let s = "**x** ".repeat(20_000);
        assert_eq!(read(&s).0, s);
        let (b, _, _) = read("\u{1b}[31m**red**\u{7}");
        assert!(!b.contains('\u{1b}'));
    }
}
