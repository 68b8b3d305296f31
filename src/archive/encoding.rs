//! Turning a file's bytes into text: UTF-8 (with or without a BOM, or with
//! several: tools that add one without looking leave two), UTF-16 and
//! UTF-32 with a BOM, and the GB18030/GBK of older Chinese exports, detected
//! and decoded with `encoding_rs` (UTF-32, which it leaves out, by hand).
//! Anything else is read as UTF-8, lossily.

use std::borrow::Cow;

/// How the bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
    Gb18030,
    /// UTF-8 with invalid sequences replaced by U+FFFD.
    Utf8Lossy {
        /// Offset of the first invalid byte.
        first_invalid: usize,
        /// How many invalid sequences there were.
        invalid: usize,
    },
}

impl Encoding {
    /// Whether this is an encoding other than UTF-8 (valid or not).
    pub fn is_legacy(self) -> bool {
        !matches!(self, Self::Utf8 | Self::Utf8Lossy { .. })
    }
}

/// Whether `bytes` are UTF-16, UTF-32 or GB18030 rather than UTF-8 (valid
/// or not): the raw-byte search must then decode the file whole.
///
/// Without a UTF-16 or UTF-32 byte-order mark only GB18030 is possible,
/// and [`decode`] takes it only when the whole of `bytes` reads as GB18030
/// without a single error. UTF-8 text with Chinese in it breaks that within
/// its first lines (a run of an odd number of three-byte characters before
/// a space, digit or line break), so an error in the first
/// [`GB18030_PROBE_BYTES`] answers without the pass over the whole file
/// that validating it as UTF-8 costs.
pub fn is_legacy(bytes: &[u8]) -> bool {
    if !has_wide_bom(bytes) && gb18030_error_within(bytes, GB18030_PROBE_BYTES) {
        return false;
    }
    simdutf8::basic::from_utf8(bytes).is_err() && decode(bytes).1.is_legacy()
}

/// How much of a file [`is_legacy`] reads as GB18030 before it validates
/// the whole file instead.
pub const GB18030_PROBE_BYTES: usize = 4096;

/// Whether reading `bytes` as GB18030 meets an error within its first
/// `limit` bytes: a decoding error there is one in the whole (the decoder
/// reads in one direction), so the whole is not GB18030.
///
/// Only the shape of the byte sequences is checked (a lead byte 81–FE, then
/// 40–7E or 80–FE, or 30–39 and two more bytes 81–FE and 30–39; a lone
/// 80 is the euro sign), which is what UTF-8 text breaks; the decoder may
/// find more errors, which the whole-file check in [`is_legacy`] then
/// meets. Much cheaper than decoding (no table lookups).
fn gb18030_error_within(bytes: &[u8], limit: usize) -> bool {
    let end = bytes.len().min(limit);
    // Only the end of the whole input may leave a character unfinished.
    let last = end == bytes.len();
    let mut i = 0;
    while i < end {
        let lead = bytes[i];
        if lead <= 0x80 {
            i += 1;
            continue;
        }
        if lead == 0xFF {
            return true;
        }
        let at = |k: usize| (i + k < end).then(|| bytes[i + k]);
        match at(1) {
            None => return last,
            Some(0x40..=0x7E | 0x80..=0xFE) => i += 2,
            Some(0x30..=0x39) => {
                match at(2) {
                    None => return last,
                    Some(0x81..=0xFE) => {}
                    Some(_) => return true,
                }
                match at(3) {
                    None => return last,
                    Some(0x30..=0x39) => i += 4,
                    Some(_) => return true,
                }
            }
            Some(_) => return true,
        }
    }
    false
}

/// The length of the UTF-8 byte-order marks at the start of `bytes`: one,
/// or several where a tool added one without looking (a second BOM would
/// otherwise be text, and hide the front matter after it).
pub fn utf8_boms(bytes: &[u8]) -> usize {
    let mut n = 0;
    while bytes[n..].starts_with(b"\xEF\xBB\xBF") {
        n += 3;
    }
    n
}

/// `text` after its byte-order marks (see [`utf8_boms`]).
pub fn skip_boms(text: &str) -> &str {
    text.trim_start_matches('\u{feff}')
}

/// Whether `bytes` start with a UTF-16 or UTF-32 byte-order mark: text full
/// of zero bytes that is text all the same.
pub fn has_wide_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xff\xfe")
        || bytes.starts_with(b"\xfe\xff")
        || bytes.starts_with(b"\0\0\xfe\xff")
}

/// Whether `rest` (after a UTF-32 BOM) looks like UTF-32: whole code units,
/// each a Unicode scalar value or close to one, at the start.
fn looks_utf32(rest: &[u8], little: bool) -> bool {
    rest.len() % 4 == 0
        && rest
            .chunks_exact(4)
            .take(128)
            .all(|u| unit(u, little) <= 0x10_FFFF)
}

fn unit(u: &[u8], little: bool) -> u32 {
    let b = [u[0], u[1], u[2], u[3]];
    if little {
        u32::from_le_bytes(b)
    } else {
        u32::from_be_bytes(b)
    }
}

/// UTF-32 without its BOM; a unit that is no scalar value becomes U+FFFD.
fn decode_utf32(rest: &[u8], little: bool) -> String {
    let mut out = String::with_capacity(rest.len() / 2);
    out.extend(
        rest.chunks_exact(4)
            .map(|u| char::from_u32(unit(u, little)).unwrap_or('\u{FFFD}')),
    );
    if rest.len() % 4 != 0 {
        out.push('\u{FFFD}');
    }
    out
}

/// Decodes `bytes`, saying which encoding it took.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    // A UTF-16 BOM, followed by what looks like UTF-16: chat logs have
    // ASCII headers, so many zero bytes. (Stray FF FE bytes are not enough.)
    let utf16 = |rest: &[u8]| {
        let head = &rest[..rest.len().min(512)];
        rest.len() % 2 == 0 && memchr::memchr_iter(0, head).count() * 10 >= head.len()
    };
    // UTF-32 first: its little-endian BOM starts like UTF-16's.
    if let Some(rest) = bytes
        .strip_prefix(b"\xff\xfe\0\0")
        .filter(|r| looks_utf32(r, true))
    {
        return (Cow::Owned(decode_utf32(rest, true)), Encoding::Utf32Le);
    }
    if let Some(rest) = bytes
        .strip_prefix(b"\0\0\xfe\xff")
        .filter(|r| looks_utf32(r, false))
    {
        return (Cow::Owned(decode_utf32(rest, false)), Encoding::Utf32Be);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe").filter(|r| utf16(r)) {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return (text, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff").filter(|r| utf16(r)) {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return (text, Encoding::Utf16Be);
    }
    let err = match std::str::from_utf8(bytes) {
        Ok(s) => return (Cow::Borrowed(s), Encoding::Utf8),
        Err(e) => e,
    };
    // Mostly invalid as UTF-8 but clean as GB18030: an old Chinese export.
    let (mut valid_multibyte, mut invalid_bytes, mut invalid) = (0usize, 0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().len() - chunk.valid().bytes().filter(u8::is_ascii).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            invalid_bytes += chunk.invalid().len();
        }
    }
    if invalid_bytes > valid_multibyte {
        if let Some(text) =
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
        {
            return (text, Encoding::Gb18030);
        }
    }
    (
        String::from_utf8_lossy(bytes),
        Encoding::Utf8Lossy {
            first_invalid: err.valid_up_to(),
            invalid,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed() {
        let (t, e) = decode("你好".as_bytes());
        assert_eq!((t.as_ref(), e), ("你好", Encoding::Utf8));
        assert!(matches!(t, Cow::Borrowed(_)));
    }

    #[test]
    fn utf16_with_a_bom() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                "> 09:00:00  张三\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(
            decode(&le),
            (Cow::Owned("> 09:00:00  张三\n".into()), Encoding::Utf16Le)
        );
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(
                "---\n> 09:00:00  二维码\n"
                    .encode_utf16()
                    .flat_map(u16::to_be_bytes),
            )
            .collect();
        assert_eq!(
            decode(&be),
            (
                Cow::Owned("---\n> 09:00:00  二维码\n".into()),
                Encoding::Utf16Be
            )
        );
    }

    #[test]
    fn utf32_with_a_bom_is_not_taken_for_utf16() {
        let text = "---\ndate: 2018-04-05\n---\n> 09:00:00  张三\n\n二维码 😂\n";
        let le: Vec<u8> = [0xff, 0xfe, 0, 0]
            .into_iter()
            .chain(text.chars().flat_map(|c| u32::from(c).to_le_bytes()))
            .collect();
        assert_eq!(decode(&le), (Cow::Owned(text.into()), Encoding::Utf32Le));
        let be: Vec<u8> = [0, 0, 0xfe, 0xff]
            .into_iter()
            .chain(text.chars().flat_map(|c| u32::from(c).to_be_bytes()))
            .collect();
        assert_eq!(decode(&be), (Cow::Owned(text.into()), Encoding::Utf32Be));
        assert!(is_legacy(&le) && is_legacy(&be));
        assert!(has_wide_bom(&le) && has_wide_bom(&be));
        // A unit past U+10FFFF is no UTF-32: then it is UTF-16 after all.
        let mut odd = vec![0xff, 0xfe, 0, 0];
        odd.extend_from_slice(&[0x3e, 0, 0x20, 0]);
        odd.extend_from_slice(&[0, 0, 0x20, 0x7f]);
        assert_eq!(decode(&odd).1, Encoding::Utf16Le);
        // A surrogate is replaced.
        let mut bad = vec![0xff, 0xfe, 0, 0];
        bad.extend_from_slice(&0xD800u32.to_le_bytes());
        bad.extend_from_slice(&u32::from('a').to_le_bytes());
        assert_eq!(decode(&bad).0, "\u{fffd}a");
    }

    #[test]
    fn repeated_utf8_boms() {
        assert_eq!(utf8_boms(b"\xEF\xBB\xBF"), 3);
        assert_eq!(utf8_boms(b"\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF-"), 9);
        assert_eq!(utf8_boms(b"\xEF\xBB"), 0);
        assert_eq!(skip_boms("\u{feff}\u{feff}---"), "---");
        assert_eq!(skip_boms("---\u{feff}"), "---\u{feff}");
    }

    #[test]
    fn gbk_files_are_detected() {
        let (bytes, _, _) =
            encoding_rs::GBK.encode("> 09:00:00  张三\n   \n二维码支付，大家好！\n");
        let (text, enc) = decode(&bytes);
        assert_eq!(enc, Encoding::Gb18030);
        assert_eq!(text, "> 09:00:00  张三\n   \n二维码支付，大家好！\n");
    }

    /// [`is_legacy`] as it reads without the GB18030 probe: UTF-8
    /// validation, then the whole decode.
    fn legacy_by_decoding(bytes: &[u8]) -> bool {
        std::str::from_utf8(bytes).is_err() && decode(bytes).1.is_legacy()
    }

    #[test]
    fn chinese_utf8_is_told_from_gb18030_in_its_first_line() {
        let utf8 =
            "---\ndate: 2018-04-05\n---\n> 09:00:00  张三\n\n扫一下二维码付款。\n".repeat(200);
        assert!(utf8.len() > GB18030_PROBE_BYTES);
        assert!(gb18030_error_within(utf8.as_bytes(), 128));
        assert!(!is_legacy(utf8.as_bytes()));
        // GBK past the probe, and UTF-8 that stays clean GB18030 through it
        // (ASCII, and pairs of three-byte characters before letters).
        let day = "> 09:00:00  张三\n   \n二维码支付，大家好！\n".repeat(200);
        let (gbk, _, _) = encoding_rs::GBK.encode(&day);
        assert!(gbk.len() > GB18030_PROBE_BYTES);
        assert!(is_legacy(&gbk) && legacy_by_decoding(&gbk));
        let clean = format!("{}张三a\n", "plain ascii line\n".repeat(400));
        assert!(!gb18030_error_within(clean.as_bytes(), GB18030_PROBE_BYTES));
        assert!(!is_legacy(clean.as_bytes()));
        // Four-byte sequences and the euro sign are GB18030 too.
        let (four, _, _) = encoding_rs::GB18030.encode("二维码😀€\u{80}ÿ");
        let four = [&*four, b"\x80 x"].concat();
        assert!(!gb18030_error_within(&four, GB18030_PROBE_BYTES));
        assert!(
            encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(&four)
                .is_some()
        );
        // Cut inside a GBK character: an error only at the very end.
        let mut cut = gbk[..GB18030_PROBE_BYTES / 2].to_vec();
        cut.push(0xB6);
        assert_eq!(is_legacy(&cut), legacy_by_decoding(&cut));
    }

    proptest::proptest! {
        #[test]
        fn the_probe_never_changes_the_answer(
            parts in proptest::collection::vec(
                (proptest::prop_oneof![
                    proptest::string::string_regex("[a-z0-9 \n:>]{0,40}").unwrap(),
                    proptest::string::string_regex("[张三二维码付款，！“”…\u{200b}😀]{0,12}").unwrap(),
                ], 0u8..4),
                0..400,
            ),
            raw in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
        ) {
            // Each part is written as UTF-8, as GBK, or as raw bytes.
            let mut bytes = Vec::new();
            for (text, how) in &parts {
                match how {
                    0 | 1 => bytes.extend_from_slice(text.as_bytes()),
                    2 => bytes.extend_from_slice(&encoding_rs::GBK.encode(text).0),
                    _ => bytes.extend_from_slice(&raw),
                }
            }
            proptest::prop_assert_eq!(is_legacy(&bytes), legacy_by_decoding(&bytes));
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let gbk = encoding_rs::GBK.encode(&text).0.into_owned();
            proptest::prop_assert_eq!(is_legacy(&gbk), legacy_by_decoding(&gbk));
            let gb18030 = encoding_rs::GB18030.encode(&text).0.into_owned();
            proptest::prop_assert_eq!(is_legacy(&gb18030), legacy_by_decoding(&gb18030));
            // An error the probe finds anywhere is one the decoder finds.
            for input in [&bytes, &gbk, &gb18030] {
                for limit in [1, 7, 64, input.len()] {
                    if gb18030_error_within(input, limit) {
                        proptest::prop_assert!(encoding_rs::GB18030
                            .decode_without_bom_handling_and_without_replacement(input)
                            .is_none());
                    }
                }
            }
        }
    }

    #[test]
    fn stray_bom_bytes_are_not_utf16() {
        let mut bytes = b"\xff\xfe".to_vec();
        bytes.extend_from_slice("中文聊天记录\n".as_bytes());
        assert!(matches!(
            decode(&bytes).1,
            Encoding::Utf8Lossy {
                first_invalid: 0,
                ..
            }
        ));
    }

    #[test]
    fn a_stray_bad_line_in_utf8_stays_utf8() {
        let mut bytes = "第一行正常的中文内容，足够长。\n".repeat(3).into_bytes();
        let at = bytes.len();
        bytes.extend_from_slice(b"\xff\xfe bad\n");
        let (text, enc) = decode(&bytes);
        assert_eq!(
            enc,
            Encoding::Utf8Lossy {
                first_invalid: at,
                invalid: 2
            }
        );
        assert!(text.contains('\u{fffd}'));
    }
}
