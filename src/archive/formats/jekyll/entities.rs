//! Decoding of HTML character references.
//!
//! The WeChat exporter escaped bodies once, and the Jekyll pipeline that
//! carried them escaped some of them again, so real files hold `&amp;amp;`
//! and `&amp;#160;`. Decoding runs until nothing changes, at most
//! [`MAX_ROUNDS`] times, so doubly and triply escaped text reads as it was
//! written.

/// How many layers of escaping are undone at most.
pub const MAX_ROUNDS: usize = 3;

const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("copy", '©'),
    ("reg", '®'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("middot", '·'),
    ("times", '×'),
    ("yen", '¥'),
];

/// Decodes character references in `s`, repeatedly. Returns `None` when `s`
/// holds none (the common case, without allocating).
pub fn decode(s: &str) -> Option<String> {
    let mut out = decode_once(s)?;
    for _ in 1..MAX_ROUNDS {
        match decode_once(&out) {
            Some(next) => out = next,
            None => break,
        }
    }
    Some(out)
}

/// One round of decoding; `None` when nothing was decoded.
fn decode_once(s: &str) -> Option<String> {
    let mut first = memchr::memchr(b'&', s.as_bytes())?;
    let mut out: Option<String> = None;
    let mut copied = 0;
    loop {
        if let Some((c, len)) = reference_at(&s[first..]) {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
            o.push_str(&s[copied..first]);
            o.push(c);
            copied = first + len;
        }
        let from = first + 1;
        match memchr::memchr(b'&', &s.as_bytes()[from..]) {
            Some(i) => first = from + i,
            None => break,
        }
    }
    let mut o = out?;
    o.push_str(&s[copied..]);
    Some(o)
}

/// The character a reference at the start of `s` (which starts with `&`)
/// stands for, and the reference's length in bytes.
fn reference_at(s: &str) -> Option<(char, usize)> {
    let bytes = s.as_bytes();
    let semi = bytes.iter().take(12).position(|&b| b == b';')?;
    let name = &s[1..semi];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            num.parse().ok()?
        };
        char::from_u32(code).unwrap_or('\u{fffd}')
    } else {
        NAMED.iter().find(|(n, _)| *n == name)?.1
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn leaves_plain_text_alone() {
        assert_eq!(decode("没有实体 & 也没有分号"), None);
        assert_eq!(decode("a & b; c"), None);
        assert_eq!(decode("&unknown;"), None);
    }

    #[test]
    fn decodes_single_double_and_triple_escapes() {
        assert_eq!(decode("A &amp; B").unwrap(), "A & B");
        assert_eq!(decode("A &amp;amp; B").unwrap(), "A & B");
        assert_eq!(decode("&amp;amp;amp;").unwrap(), "&");
        assert_eq!(decode("x&amp;#160;y").unwrap(), "x\u{a0}y");
        assert_eq!(decode("&amp;lt;sysmsg&amp;gt;").unwrap(), "<sysmsg>");
        assert_eq!(decode("&lt;td&gt; &amp;quot;").unwrap(), "<td> \"");
    }

    #[test]
    fn decodes_numeric_references() {
        assert_eq!(decode("&#20013;&#x6587;").unwrap(), "中文");
        assert_eq!(decode("&#xD800;").unwrap(), "\u{fffd}");
        assert_eq!(decode("&#27;[2J").unwrap(), "\u{1b}[2J");
        assert_eq!(decode("&#;"), None);
        assert_eq!(decode("&#99999999999;"), None);
    }
}
