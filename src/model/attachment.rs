//! How an attachment reads: its label, its title and a short detail (a
//! link's host, a file's size), the same in every app's archive, for the
//! interface and the commands alike.

use std::borrow::Cow;

use super::{Attachment, AttachmentKind, Day};

impl AttachmentKind {
    /// The label shown in brackets before the attachment: `link`, `file`,
    /// `photo`, `red packet` …
    pub fn label(self) -> &'static str {
        match self {
            AttachmentKind::Image => "photo",
            AttachmentKind::Video => "video",
            AttachmentKind::Audio => "audio",
            AttachmentKind::Voice => "voice message",
            AttachmentKind::Sticker => "sticker",
            AttachmentKind::File => "file",
            AttachmentKind::LinkCard => "link",
            AttachmentKind::RedPacket => "red packet",
            AttachmentKind::Location => "location",
            AttachmentKind::Contact => "contact",
            AttachmentKind::Poll => "poll",
            AttachmentKind::Other => "attachment",
        }
    }
}

/// An attachment as it reads on one line: `[link] title · host`,
/// `[file] name (2.1 MB)`, `[photo] name`, `[red packet] greeting`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card<'a> {
    pub kind: AttachmentKind,
    /// What the attachment is called: its name, or where it leads when it
    /// has none (a link's URL, a file's last path component). May be empty.
    pub title: &'a str,
    /// A link's host or a file's size, when known.
    pub detail: Option<Cow<'a, str>>,
    /// Where it leads, in full: a URL or a path relative to the export.
    pub target: &'a str,
}

impl Card<'_> {
    /// `[link]`, `[file]`, …; a link card that leads nowhere (its target
    /// is empty or not a URL) is a `[share]`.
    pub fn marker(&self) -> String {
        if self.kind == AttachmentKind::LinkCard && !is_url(self.target) {
            return "[share]".to_owned();
        }
        format!("[{}]", self.kind.label())
    }

    /// The card on one line: marker, title, then `· host` or `(size)`.
    pub fn line(&self) -> String {
        let mut s = self.marker();
        for part in [Some(Cow::Borrowed(self.title)), self.detail_text()]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
        {
            s.push(' ');
            s.push_str(&part);
        }
        s
    }

    /// The detail as shown after the title: `· host` or `(size)`.
    pub fn detail_text(&self) -> Option<Cow<'_, str>> {
        let d = self.detail.as_deref()?;
        Some(Cow::Owned(if self.kind == AttachmentKind::LinkCard {
            format!("· {d}")
        } else {
            format!("({d})")
        }))
    }

    /// The card with its full target, for copying: `[link] title <URL>`.
    pub fn full_line(&self) -> String {
        let mut s = self.line();
        if !self.target.is_empty() && self.target != self.title {
            s.push_str(" <");
            s.push_str(self.target);
            s.push('>');
        }
        s
    }

    /// Whether the target is a web address (`http:` or `https:`).
    pub fn is_web(&self) -> bool {
        is_web(self.target)
    }
}

impl Day {
    /// How an attachment of this day reads.
    pub fn card(&self, a: &Attachment) -> Card<'_> {
        let name = self.str(a.name).trim();
        let target = self.str(a.target).trim();
        let web = is_web(target);
        let title = if !name.is_empty() {
            name
        } else if web {
            target
        } else {
            target.rsplit(['/', '\\']).next().unwrap_or(target)
        };
        let detail = match (a.kind, a.size) {
            (AttachmentKind::LinkCard, _) if web && title != target => {
                host(target).map(Cow::Borrowed)
            }
            (_, Some(size)) => Some(Cow::Owned(human_size(size))),
            _ => None,
        };
        Card {
            kind: a.kind,
            title,
            detail,
            target,
        }
    }

    /// The cards of the message at `index`.
    pub fn cards(&self, index: usize) -> impl Iterator<Item = Card<'_>> {
        self.attachments(index).iter().map(|a| self.card(a))
    }
}

/// Whether `s` is an `http:` or `https:` address.
pub fn is_web(s: &str) -> bool {
    let b = s.as_bytes();
    let lower = |n: usize| b.get(..n).map(<[u8]>::to_ascii_lowercase);
    lower(7).is_some_and(|p| p == b"http://") || lower(8).is_some_and(|p| p == b"https://")
}

/// Whether `s` is a link a reader can follow: a URL with a scheme
/// (`https://…`, `ftp://…`, `mailto:…`), not a bare id or markup.
pub fn is_url(s: &str) -> bool {
    let s = s.trim();
    if s.len() > 7 && s.as_bytes()[..7].eq_ignore_ascii_case(b"mailto:") {
        return true;
    }
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && !rest.is_empty()
        && !s.contains(char::is_whitespace)
}

/// The host of a URL (`mp.weixin.qq.com` for `http://mp.weixin.qq.com/s?…`),
/// without a user, a port or `www.`.
pub fn host(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.rfind(':') {
        Some(i) if !host.ends_with(']') && host[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            &host[..i]
        }
        _ => host,
    };
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// A size for people: `512 B`, `2.1 KB`, `14 MB`, `1.2 GB` (powers of 1024).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    #[allow(clippy::cast_precision_loss, reason = "a rounded figure for display")]
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if v < 10.0 {
        format!("{v:.1} {}", UNITS[unit])
    } else {
        format!("{v:.0} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Range32;

    fn day_with(parts: &[&str]) -> (Day, Vec<Range32>) {
        let mut day = Day::default();
        let mut ranges = Vec::new();
        for p in parts {
            let start = day.text.len();
            day.text.push_str(p);
            ranges.push(Range32::new(start, day.text.len()));
        }
        (day, ranges)
    }

    #[test]
    fn cards_read_as_labelled_lines() {
        let (day, r) = day_with(&[
            "惹祸了！一只猫的自白",
            "https://mp.weixin.qq.com/s?__biz=X&mid=1#rd",
            "年度报告.pdf",
            "",
            "files/scan 01.png",
        ]);
        let link = Attachment {
            kind: AttachmentKind::LinkCard,
            name: r[0],
            target: r[1],
            size: None,
        };
        assert_eq!(
            day.card(&link).line(),
            "[link] 惹祸了！一只猫的自白 · mp.weixin.qq.com"
        );
        assert_eq!(
            day.card(&link).full_line(),
            "[link] 惹祸了！一只猫的自白 · mp.weixin.qq.com <https://mp.weixin.qq.com/s?__biz=X&mid=1#rd>"
        );
        let file = Attachment {
            kind: AttachmentKind::File,
            name: r[2],
            target: r[3],
            size: Some(2_200_000),
        };
        assert_eq!(day.card(&file).line(), "[file] 年度报告.pdf (2.1 MB)");
        assert_eq!(day.card(&file).full_line(), "[file] 年度报告.pdf (2.1 MB)");
        let photo = Attachment {
            kind: AttachmentKind::Image,
            name: r[3],
            target: r[4],
            size: None,
        };
        assert_eq!(day.card(&photo).line(), "[photo] scan 01.png");
        let bare = Attachment {
            kind: AttachmentKind::LinkCard,
            name: r[3],
            target: r[1],
            size: None,
        };
        assert_eq!(
            day.card(&bare).line(),
            "[link] https://mp.weixin.qq.com/s?__biz=X&mid=1#rd"
        );
        let nothing = Attachment {
            kind: AttachmentKind::Sticker,
            name: r[3],
            target: r[3],
            size: Some(10),
        };
        assert_eq!(day.card(&nothing).line(), "[sticker] (10 B)");
    }

    #[test]
    fn hosts_and_urls() {
        assert_eq!(
            host("http://mp.weixin.qq.com/s?a=1"),
            Some("mp.weixin.qq.com")
        );
        assert_eq!(host("https://www.example.org"), Some("example.org"));
        assert_eq!(host("https://u:p@example.org:8080/x"), Some("example.org"));
        assert_eq!(host("https://[::1]:80/"), Some("[::1]"));
        assert_eq!(host("wxid_abc"), None);
        assert!(is_url("https://a.b/c") && is_url("ftp://x") && is_url("mailto:a@b.c"));
        for s in [
            "",
            "wxid_abc:",
            "<sysmsg type=\"x\">",
            "://x",
            "a b://c",
            "http://",
        ] {
            assert!(!is_url(s), "{s}");
        }
        assert!(is_web("HTTPS://x") && !is_web("ftp://x") && !is_web("http:/"));
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1.0 KB");
        assert_eq!(human_size(15 * 1024 * 1024), "15 MB");
        assert_eq!(human_size(u64::MAX), "16384 PB");
    }
}
