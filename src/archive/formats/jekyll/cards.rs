//! What the WeChat exporter wrote for shares, red packets, files and
//! system messages, read back as what they are.
//!
//! The exporter writes a shared link as a body of two lines, `[title` and
//! `](target)`; in 2019 it wrapped them in HTML table markup, the title
//! becoming `<a href="URL" target="_blank">TITLE</a></td></tr>` and the
//! target `<tr style=…><td …>wxid_…` (the sender's id). Red packets, shared
//! files and system notices take the same shape with other targets:
//!
//! | body | read as |
//! |---|---|
//! | `[title` / `](https://…)` | a link card: the title, the URL |
//! | `[<a href="URL">TITLE</a></td></tr>` / `](<tr …>wxid_…)` | a link card: the anchor's text, its `href` |
//! | `[恭喜发财，大吉大利 查看红包…` / `](…)`, `[微信红包` / `](https://wxapp.tenpay.com/…)` | a red packet with its greeting |
//! | `[年报.pdf` / `]()`, `[文件:年报.pdf]` | a file |
//! | `[title` / `]()` | a share whose link was left out |
//! | `[…` / `](<sysmsg …>)`, `](<?xml …?>)`, `](wxid_…:)`, a body `<?xml …?>` or `wxid_…:` | a system message whose content is not in the export |
//! | `wxid_…: text` | the text, without the sender's id before it |
//!
//! Only whole bodies are read this way; a link inside a sentence stays a
//! link span. Every string kept (a title, a greeting, a file name) is a
//! contiguous piece of the decoded body, so that text a search finds in
//! the model is text the raw file holds (the search fast path relies on
//! it, see `archive::scan`); the markup, the target and the sender's id are
//! never shown.

use crate::model::{AttachmentKind, host, is_url};

/// What a message body turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape<'a> {
    /// An attachment and nothing else: the body becomes empty.
    Card {
        kind: AttachmentKind,
        name: &'a str,
        target: &'a str,
    },
    /// A system message whose content the export left out.
    System,
    /// Text after a sender's id (`wxid_…: `): the body is what follows
    /// the first `skip` bytes.
    Text { skip: usize },
}

/// The button text WeChat writes after a red packet's greeting.
const OPEN_RED_PACKET: &str = "查看红包";
/// The title WeChat gives a red packet without a greeting.
const RED_PACKET: &str = "微信红包";
/// The host of red packets' links.
const RED_PACKET_HOST: &str = "wxapp.tenpay.com";

/// Whether raw bytes of a message could be read as a card or a system
/// placeholder: they hold `](`, `查看红包`, `[文件`, `<?xml` or `wxid_`. A
/// message that does not is never changed by [`shape`], whatever its
/// entities.
pub(crate) fn may_be_card(raw: &[u8]) -> bool {
    use memchr::memmem::Finder;
    // Built once: a search asks this of every message it counts unparsed.
    static MARKS: std::sync::LazyLock<[Finder<'static>; 5]> = std::sync::LazyLock::new(|| {
        [
            Finder::new(b"]("),
            Finder::new(OPEN_RED_PACKET.as_bytes()),
            Finder::new("[文件".as_bytes()),
            Finder::new(b"<?xml"),
            Finder::new(b"wxid_"),
        ]
    });
    MARKS.iter().any(|f| f.find(raw).is_some())
}

/// Reads a whole (decoded, sanitised) body as a card or a system
/// placeholder; `None` when it is neither, and stays as it is.
pub(crate) fn shape(body: &str) -> Option<Shape<'_>> {
    let t = crate::text::trim(body);
    if t.is_empty() {
        return None;
    }
    if let Some(len) = sender_id_len(t) {
        let rest = &t[len..];
        if rest.trim().is_empty() {
            return Some(Shape::System);
        }
        if rest.starts_with(char::is_whitespace) {
            let lead = body.len() - body.trim_start().len();
            let skip = lead + len + (rest.len() - rest.trim_start().len());
            return Some(Shape::Text { skip });
        }
    }
    // (memchr: `str::contains` reads the body a word at a time, and every
    // body is read here.)
    if memchr::memchr(b'\n', t.as_bytes()).is_none() {
        if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            if let Some(name) = file_label(inner) {
                return Some(file(name, ""));
            }
        }
        if is_xml_declaration(t) {
            return Some(Shape::System);
        }
        let plain = strip_table_tail(t);
        if let Some(greeting) = plain.strip_suffix(OPEN_RED_PACKET) {
            if greeting.is_empty() || greeting.ends_with([' ', '\u{3000}']) {
                return Some(red_packet(greeting.trim(), ""));
            }
        }
    }
    share(t)
}

/// `[title` newline `](target)`, or on one line, as the whole body.
fn share(t: &str) -> Option<Shape<'_>> {
    if !t.starts_with('[') || !t.ends_with(')') {
        return None;
    }
    let close = t.rfind("](")?;
    let title = &t[1..close];
    let target = &t[close + 2..t.len() - 1];
    // The title holds no line break but the one before `](`; the target none.
    let title = title.strip_suffix('\n').unwrap_or(title);
    if title.contains('\n') || target.contains('\n') {
        return None;
    }
    let target = target.trim();
    let table = starts_with_ignore_case(target, "<tr") || starts_with_ignore_case(target, "<td");
    if !table && (starts_with_ignore_case(target, "<sysmsg") || is_xml_declaration(target)) {
        return Some(Shape::System);
    }
    // A target that is neither a URL, nor table markup, nor empty is an id
    // (`wxid_…:`) standing for content the export left out.
    if !table && !target.is_empty() && !is_url(target) {
        return Some(Shape::System);
    }
    let mut title = strip_table_tail(title.trim());
    let mut url = (!table && is_url(target)).then_some(target);
    if let Some((href, text)) = anchor(title) {
        title = text.trim();
        if is_url(href) {
            url = Some(href);
        }
    }
    let url = url.unwrap_or("");
    if let Some(greeting) = title.strip_suffix(OPEN_RED_PACKET) {
        return Some(red_packet(greeting.trim(), url));
    }
    if title == RED_PACKET || host(url) == Some(RED_PACKET_HOST) {
        return Some(red_packet(title, url));
    }
    if let Some(name) = file_label(title) {
        return Some(file(name, url));
    }
    if url.is_empty() {
        if title.is_empty() {
            return Some(Shape::System);
        }
        if looks_like_file(title) {
            return Some(file(title, ""));
        }
    }
    Some(Shape::Card {
        kind: AttachmentKind::LinkCard,
        name: title,
        target: url,
    })
}

fn file<'a>(name: &'a str, target: &'a str) -> Shape<'a> {
    Shape::Card {
        kind: AttachmentKind::File,
        name,
        target,
    }
}

/// A red packet; its greeting may be empty (nothing is made up for it).
fn red_packet<'a>(greeting: &'a str, target: &'a str) -> Shape<'a> {
    Shape::Card {
        kind: AttachmentKind::RedPacket,
        name: greeting,
        target,
    }
}

/// The length of a sender's id and its colon at the start of `s`
/// (`wxid_0a1b2c:`), if one is there.
fn sender_id_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("wxid_")?;
    let id = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        .count();
    ((1..=40).contains(&id) && rest.as_bytes().get(id) == Some(&b':')).then_some(5 + id + 1)
}

/// `文件:NAME` or `文件：NAME` → `NAME`.
fn file_label(s: &str) -> Option<&str> {
    let rest = s.trim().strip_prefix("文件")?;
    let name = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('：'))?
        .trim();
    (!name.is_empty()).then_some(name)
}

/// A name that ends in a file extension: `年报.pdf`, `slides.pptx`.
fn looks_like_file(s: &str) -> bool {
    let Some((stem, ext)) = s.rsplit_once('.') else {
        return false;
    };
    !stem.trim().is_empty()
        && (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && ext.bytes().any(|b| b.is_ascii_alphabetic())
}

/// `<?xml …?>`.
fn is_xml_declaration(s: &str) -> bool {
    starts_with_ignore_case(s, "<?xml") && s.ends_with("?>")
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// `s` without the closing table tags the 2019 exporter left at its end
/// (`…</td></tr>`) and the spaces before them.
fn strip_table_tail(s: &str) -> &str {
    // The tags end the body: comparing its last bytes needs no search
    // through it (a search from the end showed in profiles of the load).
    let mut s = s.trim_end();
    loop {
        let Some(at) = s.len().checked_sub(5) else {
            return s;
        };
        let tail = &s.as_bytes()[at..];
        if !(tail.eq_ignore_ascii_case(b"</td>") || tail.eq_ignore_ascii_case(b"</tr>")) {
            return s;
        }
        s = s[..at].trim_end();
    }
}

/// `<a … href="URL" …>TEXT</a>` at the start of `s`: the URL and the text.
fn anchor(s: &str) -> Option<(&str, &str)> {
    if !(starts_with_ignore_case(s, "<a ") || starts_with_ignore_case(s, "<a\t")) {
        return None;
    }
    let end_of_tag = s.find('>')?;
    let tag = &s[..end_of_tag];
    let at = tag.to_ascii_lowercase().find("href=")? + 5;
    let value = &tag[at..];
    let href = match value.chars().next()? {
        q @ ('"' | '\'') => value[1..].split(q).next()?,
        _ => value.split([' ', '\t']).next()?,
    };
    let rest = &s[end_of_tag + 1..];
    let lower = rest.to_ascii_lowercase();
    let text = lower.rfind("</a>").map_or(rest, |i| &rest[..i]);
    Some((href.trim(), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(body: &str) -> (AttachmentKind, String, String) {
        match shape(body) {
            Some(Shape::Card { kind, name, target }) => (kind, name.into(), target.into()),
            other => panic!("{body:?}: {other:?}"),
        }
    }

    use AttachmentKind::{File, LinkCard, RedPacket};

    #[test]
    fn two_line_shares_are_link_cards() {
        assert_eq!(
            card(
                "[一只猫的自白：花瓶是我推倒的\n](http://mp.weixin.qq.com/s?__biz=QQ==&mid=1&idx=1#rd)"
            ),
            (
                LinkCard,
                "一只猫的自白：花瓶是我推倒的".into(),
                "http://mp.weixin.qq.com/s?__biz=QQ==&mid=1&idx=1#rd".into()
            )
        );
        assert_eq!(
            card("[Read me](https://example.org/a_(b))"),
            (
                LinkCard,
                "Read me".into(),
                "https://example.org/a_(b)".into()
            )
        );
    }

    #[test]
    fn table_shares_take_the_anchor() {
        let body = "[<a href=\"https://news.example.cn/a/1.html?from=dubbo\" target=\"_blank\">?猫咪新闻：花瓶又碎了</a></td></tr>\n](<tr style='mso-height-source:userset;height:25.00pt'><td class=xl24  style='border-bottom:.5pt solid black;' x:str>wxid_abcdefg12)";
        assert_eq!(
            card(body),
            (
                LinkCard,
                "?猫咪新闻：花瓶又碎了".into(),
                "https://news.example.cn/a/1.html?from=dubbo".into()
            )
        );
        let single =
            "[<a href='http://x.example/p' target=_blank>Hi</a></td></tr>\n](<tr><td x:str>bob)";
        assert_eq!(
            card(single),
            (LinkCard, "Hi".into(), "http://x.example/p".into())
        );
    }

    #[test]
    fn red_packets() {
        let table = "[新春快乐，万事如意 查看红包</td></tr>\n](<tr style='height:25.00pt'><td class=xl24 x:str>wxid_q1w2e3r4]]>)";
        assert_eq!(
            card(table),
            (RedPacket, "新春快乐，万事如意".into(), String::new())
        );
        let link =
            "[微信红包\n](https://wxapp.tenpay.com/mmpayhb/wxhb_personalreceive?sendid=1&sign=abc)";
        assert_eq!(
            card(link),
            (
                RedPacket,
                "微信红包".into(),
                "https://wxapp.tenpay.com/mmpayhb/wxhb_personalreceive?sendid=1&sign=abc".into()
            )
        );
        assert_eq!(
            card("大吉大利 查看红包"),
            (RedPacket, "大吉大利".into(), String::new())
        );
        assert_eq!(card("查看红包"), (RedPacket, String::new(), String::new()));
        assert_eq!(shape("快去查看红包"), None, "a sentence, not a red packet");
    }

    #[test]
    fn files() {
        assert_eq!(
            card("[季度报告2019.pdf\n]()"),
            (File, "季度报告2019.pdf".into(), String::new())
        );
        assert_eq!(
            card("[文件:会议纪要.docx]"),
            (File, "会议纪要.docx".into(), String::new())
        );
        assert_eq!(
            card("[文件：清单.xlsx]"),
            (File, "清单.xlsx".into(), String::new())
        );
        assert_eq!(
            card("[一篇没有链接的文章\n]()"),
            (LinkCard, "一篇没有链接的文章".into(), String::new())
        );
    }

    #[test]
    fn system_placeholders() {
        for body in [
            "[1234567890@chatroom:\n](<sysmsg type=\"sysmsgtemplate\">)",
            "[somebody:](<?xml version=\"1.0\"?>)",
            "[    wxid_zyx987:\n](<?xml version=\"1.0\"?>)",
            "[\n](wxid_abc123xyz:)",
            "[\n]()",
            "<?xml version=\"1.0\"?>",
            "wxid_abc123:",
        ] {
            assert_eq!(shape(body), Some(Shape::System), "{body:?}");
        }
    }

    #[test]
    fn a_sender_id_before_text_is_dropped() {
        assert_eq!(shape("wxid_abc123: 你好"), Some(Shape::Text { skip: 13 }));
        let body = "wxid_abc123:\n第一行\n第二行";
        let Some(Shape::Text { skip }) = shape(body) else {
            panic!()
        };
        assert_eq!(&body[skip..], "第一行\n第二行");
        assert_eq!(shape("wxid_:x"), None);
        assert_eq!(shape("wxid_abc:x"), None, "not an id followed by text");
        assert_eq!(shape("我的 wxid_abc123: 加我"), None);
    }

    #[test]
    fn everything_else_stays_as_it_is() {
        for body in [
            "[强]",
            "[捂脸][憨笑]",
            "![2019-01-01 10:00:00](http://img.example.cn/a.png)",
            "看这个 [链接](http://x.cn)",
            "[链接](http://x.cn) 不错",
            "第一行\n[标题\n](http://x.cn)",
            "[a\nb\n](http://x.cn)",
            "[1] 列表",
            "",
            "<?xml version=\"1.0\"?> 之后的话",
        ] {
            assert_eq!(shape(body), None, "{body:?}");
        }
    }

    #[test]
    fn only_raw_text_with_a_marker_can_change() {
        assert!(may_be_card(b"[x\n]()"));
        assert!(may_be_card("大吉 查看红包".as_bytes()));
        assert!(may_be_card("[文件:a.pdf]".as_bytes()));
        assert!(may_be_card(b"<?xml version=\"1.0\"?>"));
        assert!(may_be_card(b"wxid_abc: hi"));
        assert!(!may_be_card("普通的一句话 [强]".as_bytes()));
    }
}
