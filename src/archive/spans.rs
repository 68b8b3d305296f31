//! Finding the parts of a body that the interface styles: images, links,
//! bare URLs, @mentions and WeChat emoji codes.

use crate::model::{Range32, Span, SpanKind};

/// The longest @mention name, in chars, when no terminator is found sooner.
const MAX_MENTION_CHARS: usize = 40;
/// The longest link title or target searched for, in bytes.
const MAX_LINK_BYTES: usize = 4096;

/// Appends the spans of `body` to `out`, sorted by start, not overlapping.
/// Offsets are relative to `body` plus `base`.
pub fn find(body: &str, out: &mut Vec<Span>) {
    let bytes = body.as_bytes();
    let first = out.len();
    let mut i = 0;
    while let Some(off) = memchr::memchr3(b'[', b'@', b'h', &bytes[i..]) {
        let at = i + off;
        let found = match bytes[at] {
            b'[' => {
                if at > i && bytes[at - 1] == b'!' {
                    bracket(body, at - 1, SpanKind::Image)
                } else {
                    bracket(body, at, SpanKind::Link).or_else(|| emoji(body, at))
                }
            }
            b'@' => mention(body, at),
            _ => url(body, at),
        };
        match found {
            Some(span) => {
                i = span.range.end as usize;
                out.push(span);
            }
            None => i = at + 1,
        }
    }
    debug_assert!(
        out[first..]
            .windows(2)
            .all(|w| w[0].range.end <= w[1].range.start)
    );
}

/// Appends the spans of plain text (no markup): bare URLs and @mentions.
/// Offsets are relative to `body`.
pub fn find_plain(body: &str, out: &mut Vec<Span>) {
    let bytes = body.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr2(b'@', b'h', &bytes[i..]) {
        let at = i + off;
        let found = if bytes[at] == b'@' {
            mention(body, at)
        } else {
            url(body, at)
        };
        match found {
            Some(span) => {
                i = span.range.end as usize;
                out.push(span);
            }
            None => i = at + 1,
        }
    }
}

fn span(kind: SpanKind, start: usize, end: usize, t_start: usize, t_end: usize) -> Span {
    Span {
        kind,
        range: Range32::new(start, end),
        target: Range32::new(t_start, t_end),
    }
}

/// `[title](target)` or `![alt](url)`, where the title may run over a
/// newline (the exporter writes shares as `[title` newline `](target)`).
fn bracket(body: &str, start: usize, kind: SpanKind) -> Option<Span> {
    let open = if kind == SpanKind::Image {
        start + 2
    } else {
        start + 1
    };
    let bytes = body.as_bytes();
    // Titles and targets are searched for in a bounded window, so that a
    // long body full of brackets stays linear.
    let window = bytes.get(open..)?;
    let window = &window[..window.len().min(MAX_LINK_BYTES)];
    let close = open + memchr::memchr(b']', window)?;
    // A title holds at most one newline.
    if bytes.get(close + 1) != Some(&b'(')
        || memchr::memchr_iter(b'\n', &bytes[open..close]).count() > 1
    {
        return None;
    }
    let t_start = close + 2;
    let t_window = &bytes[t_start..bytes.len().min(t_start + MAX_LINK_BYTES)];
    let mut depth = 0usize;
    let mut end = None;
    for (i, b) in t_window.iter().enumerate() {
        match b {
            b'\n' => break,
            b'(' => depth += 1,
            b')' if depth == 0 => {
                end = Some(t_start + i);
                break;
            }
            b')' => depth -= 1,
            _ => {}
        }
    }
    let t_end = end?;
    Some(span(kind, start, t_end + 1, t_start, t_end))
}

/// `[强]`, `[捂脸]`, `[OK]`: a short run of letters in brackets (the same
/// codes the wrapper keeps whole: [`crate::text::emoji_code_len`]).
fn emoji(body: &str, start: usize) -> Option<Span> {
    let len = crate::text::emoji_code_len(&body[start..])?;
    let end = start + len;
    Some(span(SpanKind::Emoji, start, end, start + 1, end - 1))
}

/// `@name` up to its terminator: a U+2005 or other space, a `?` the
/// exporter left where the U+2005 was lost, or punctuation.
fn mention(body: &str, start: usize) -> Option<Span> {
    // `user@example.com` is an address, not a mention.
    if start > 0 && body.as_bytes()[start - 1].is_ascii_alphanumeric() {
        return None;
    }
    let name_start = start + 1;
    let mut end = name_start;
    for (chars, (i, c)) in body[name_start..].char_indices().enumerate() {
        if chars >= MAX_MENTION_CHARS
            || c.is_whitespace()
            || matches!(
                c,
                '?' | '？'
                    | '，'
                    | ','
                    | '。'
                    | '：'
                    | ':'
                    | '@'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '「'
                    | '」'
            )
        {
            break;
        }
        end = name_start + i + c.len_utf8();
    }
    (end > name_start).then(|| span(SpanKind::Mention, start, end, name_start, end))
}

/// A bare `http://` or `https://` URL, which ends at whitespace or the
/// first non-ASCII character (URLs are glued to Chinese text).
fn url(body: &str, start: usize) -> Option<Span> {
    let rest = &body.as_bytes()[start..];
    let scheme = if rest.starts_with(b"https://") {
        8
    } else if rest.starts_with(b"http://") {
        7
    } else {
        return None;
    };
    if start > 0 && body.as_bytes()[start - 1].is_ascii_alphanumeric() {
        return None;
    }
    let mut end = start + scheme;
    for &b in &rest[scheme..] {
        if !b.is_ascii_graphic() || matches!(b, b'<' | b'>' | b'"' | b'\'' | b'`') {
            break;
        }
        end += 1;
    }
    // Trailing punctuation belongs to the sentence, not the URL.
    while end > start + scheme
        && matches!(
            body.as_bytes()[end - 1],
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']'
        )
    {
        end -= 1;
    }
    (end > start + scheme).then(|| span(SpanKind::Link, start, end, start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str) -> Vec<(SpanKind, &str, &str)> {
        let mut out = Vec::new();
        find(body, &mut out);
        out.iter()
            .map(|s| (s.kind, &body[s.range.range()], &body[s.target.range()]))
            .collect()
    }

    #[test]
    fn image() {
        let b = "![2018-01-22 07:18:33](http://static.cocolian.cn/img/201801/20180122_071833.png)";
        assert_eq!(
            kinds(b),
            vec![(
                SpanKind::Image,
                b,
                "http://static.cocolian.cn/img/201801/20180122_071833.png"
            )]
        );
    }

    #[test]
    fn emoji_codes() {
        assert_eq!(
            kinds("[强][强]好[捂脸] [OK][Facepalm]"),
            vec![
                (SpanKind::Emoji, "[强]", "强"),
                (SpanKind::Emoji, "[强]", "强"),
                (SpanKind::Emoji, "[捂脸]", "捂脸"),
                (SpanKind::Emoji, "[OK]", "OK"),
                (SpanKind::Emoji, "[Facepalm]", "Facepalm"),
            ]
        );
        assert!(kinds("[1] 列表 [] [a b]").is_empty());
    }

    #[test]
    fn two_line_link() {
        let b = "[8728975701@chatroom:\n](<sysmsg type=\"sysmsgtemplate\">)";
        let got = kinds(b);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, SpanKind::Link);
        assert_eq!(got[0].2, "<sysmsg type=\"sysmsgtemplate\">");
    }

    #[test]
    fn bare_urls_glued_to_chinese() {
        assert_eq!(
            kinds("大家可以访问 http://wechat.lixf.cn/2018/01/15/wechat93/ 来阅读原文。"),
            vec![(
                SpanKind::Link,
                "http://wechat.lixf.cn/2018/01/15/wechat93/",
                "http://wechat.lixf.cn/2018/01/15/wechat93/"
            )]
        );
        assert_eq!(
            kinds("看https://a.cn/x.html，好")[0].1,
            "https://a.cn/x.html"
        );
        assert_eq!(kinds("(see http://a.b/c).")[0].1, "http://a.b/c");
        assert!(kinds("http:// alone").is_empty());
    }

    #[test]
    fn plain_text_has_only_urls_and_mentions() {
        let mut out = Vec::new();
        let b = "[强] ![x](http://a.b/c.png) see https://x.y/z @bo";
        find_plain(b, &mut out);
        let got: Vec<(SpanKind, &str)> =
            out.iter().map(|s| (s.kind, &b[s.range.range()])).collect();
        assert_eq!(
            got,
            vec![
                (SpanKind::Link, "http://a.b/c.png"),
                (SpanKind::Link, "https://x.y/z"),
                (SpanKind::Mention, "@bo")
            ]
        );
    }

    #[test]
    fn mentions() {
        assert_eq!(
            kinds("@ark-滴滴-开发?没有区块链了"),
            vec![(SpanKind::Mention, "@ark-滴滴-开发", "ark-滴滴-开发")]
        );
        assert_eq!(
            kinds("@Bison-联想金融-副总裁-北京\u{2005}你好")[0].2,
            "Bison-联想金融-副总裁-北京"
        );
        assert_eq!(kinds("同问 @阿森 ")[0].2, "阿森");
        assert!(kinds("mail me: a@b.com").is_empty());
        assert!(kinds("@ 空").is_empty());
    }
}
