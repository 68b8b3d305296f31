//! What a WhatsApp message's text is: words someone wrote, or one of the
//! strings the app writes in its place (a media placeholder, an attached
//! file, a deletion, a location, a call, a poll, the encryption notice),
//! in the phone's language.
//!
//! The app's strings are matched loosely (marks and spaces around them
//! ignored, a final full stop optional) and only where they stand alone:
//! a placeholder is the whole first line, a deletion the whole text, the
//! edited marker the end of the last line. Strings of languages not in
//! the tables below stay text, except on iOS, which marks the strings it
//! writes with U+200E or U+200F: an unknown marked string is a system
//! message there.

use std::borrow::Cow;

use crate::model::AttachmentKind;

/// What the text of a message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content<'a> {
    /// Words someone wrote (maybe with WhatsApp's markup): `text` itself.
    Text,
    /// A deleted message: the marker, without its marks.
    Deleted(&'a str),
    /// Media or a file; the caption (lines after the placeholder) is the body.
    Media {
        kind: AttachmentKind,
        /// A document's name, or the file's name.
        name: Cow<'a, str>,
        /// The file's name in the export, when it was exported with it.
        file: Option<&'a str>,
        caption: &'a str,
    },
    /// A shared location: a venue's name (maybe empty) and a map link.
    Location { name: Cow<'a, str>, url: &'a str },
    /// A poll: its question and options, one line each.
    Poll {
        question: &'a str,
        options: Vec<&'a str>,
    },
    /// A view-once photo or video (Android writes `null`).
    ViewOnce,
    /// A call, the encryption notice, or another line the app wrote: the
    /// text without its marks.
    System(Cow<'a, str>),
}

/// Edited markers, written at the end of an edited message's last line.
const EDITED: &[&str] = &[
    "<This message was edited>",
    "<Diese Nachricht wurde bearbeitet>",
    "<Questo messaggio è stato modificato>",
    "<Este mensaje fue editado>",
    "<Ce message a été modifié>",
    "<Mensagem editada>",
    "<Dit bericht is bewerkt>",
    "<Сообщение изменено>",
];

/// Whole-text strings (after trimming marks, spaces and a final full stop).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exact {
    Deleted,
    /// A media placeholder, then maybe a caption.
    Omitted(AttachmentKind),
    ViewOnce,
}

const EXACT: &[(&str, Exact)] = &[
    // Deleted, by the sender and by you.
    ("This message was deleted", Exact::Deleted),
    ("You deleted this message", Exact::Deleted),
    ("Diese Nachricht wurde gelöscht", Exact::Deleted),
    ("Du hast diese Nachricht gelöscht", Exact::Deleted),
    ("Данное сообщение удалено", Exact::Deleted),
    ("Вы удалили данное сообщение", Exact::Deleted),
    ("Tato zpráva byla odstraněna", Exact::Deleted),
    ("Tuto zprávu jste odstranil/a", Exact::Deleted),
    ("このメッセージは削除されました", Exact::Deleted),
    ("このメッセージを削除しました", Exact::Deleted),
    ("تم حذف هذه الرسالة", Exact::Deleted),
    ("أنت حذفت هذه الرسالة", Exact::Deleted),
    ("Se eliminó este mensaje", Exact::Deleted),
    ("Eliminaste este mensaje", Exact::Deleted),
    ("Ce message a été supprimé", Exact::Deleted),
    ("Vous avez supprimé ce message", Exact::Deleted),
    ("Questo messaggio è stato eliminato", Exact::Deleted),
    ("Hai eliminato questo messaggio", Exact::Deleted),
    ("Mensagem apagada", Exact::Deleted),
    ("Você apagou esta mensagem", Exact::Deleted),
    ("Dit bericht is verwijderd", Exact::Deleted),
    ("Je hebt dit bericht verwijderd", Exact::Deleted),
    // Android, exported without media: the kind is not said.
    ("<Media omitted>", Exact::Omitted(AttachmentKind::Other)),
    (
        "<Medien ausgeschlossen>",
        Exact::Omitted(AttachmentKind::Other),
    ),
    ("<Média vynechány>", Exact::Omitted(AttachmentKind::Other)),
    ("<Без медиафайлов>", Exact::Omitted(AttachmentKind::Other)),
    (
        "<Multimedia omitido>",
        Exact::Omitted(AttachmentKind::Other),
    ),
    ("<Médias omis>", Exact::Omitted(AttachmentKind::Other)),
    ("<省略影音内容>", Exact::Omitted(AttachmentKind::Other)),
    ("<Media weggelaten>", Exact::Omitted(AttachmentKind::Other)),
    ("<Media omessi>", Exact::Omitted(AttachmentKind::Other)),
    // iOS, exported without media.
    ("image omitted", Exact::Omitted(AttachmentKind::Image)),
    ("video omitted", Exact::Omitted(AttachmentKind::Video)),
    ("audio omitted", Exact::Omitted(AttachmentKind::Audio)),
    ("sticker omitted", Exact::Omitted(AttachmentKind::Sticker)),
    ("GIF omitted", Exact::Omitted(AttachmentKind::Image)),
    (
        "Contact card omitted",
        Exact::Omitted(AttachmentKind::Contact),
    ),
    ("document omitted", Exact::Omitted(AttachmentKind::File)),
    ("Bild weggelassen", Exact::Omitted(AttachmentKind::Image)),
    ("Video weggelassen", Exact::Omitted(AttachmentKind::Video)),
    ("Audio weggelassen", Exact::Omitted(AttachmentKind::Audio)),
    (
        "Sticker weggelassen",
        Exact::Omitted(AttachmentKind::Sticker),
    ),
    ("GIF weggelassen", Exact::Omitted(AttachmentKind::Image)),
    (
        "Kontaktkarte ausgelassen",
        Exact::Omitted(AttachmentKind::Contact),
    ),
    ("Dokument weggelassen", Exact::Omitted(AttachmentKind::File)),
    (
        "画像は含まれていません",
        Exact::Omitted(AttachmentKind::Image),
    ),
    (
        "ビデオは含まれていません",
        Exact::Omitted(AttachmentKind::Video),
    ),
    (
        "音声は含まれていません",
        Exact::Omitted(AttachmentKind::Audio),
    ),
    (
        "スタンプは含まれていません",
        Exact::Omitted(AttachmentKind::Sticker),
    ),
    (
        "GIFは含まれていません",
        Exact::Omitted(AttachmentKind::Image),
    ),
    (
        "連絡先カードを省略",
        Exact::Omitted(AttachmentKind::Contact),
    ),
    (
        "ドキュメントは含まれていません",
        Exact::Omitted(AttachmentKind::File),
    ),
    ("لم يتم إدراج الصورة", Exact::Omitted(AttachmentKind::Image)),
    (
        "لم يتم إدراج الفيديوهات",
        Exact::Omitted(AttachmentKind::Video),
    ),
    (
        "لم يتم إدراج المقاطع الصوتية",
        Exact::Omitted(AttachmentKind::Audio),
    ),
    ("تم حذف الملصقات", Exact::Omitted(AttachmentKind::Sticker)),
    (
        "لم يتم إدراج صورة GIF",
        Exact::Omitted(AttachmentKind::Image),
    ),
    (
        "لم يتم إدراج بطاقة جهة اتصال",
        Exact::Omitted(AttachmentKind::Contact),
    ),
    ("لم يتم إدراج المستند", Exact::Omitted(AttachmentKind::File)),
    // Android's view-once media.
    ("null", Exact::ViewOnce),
];

/// iOS's placeholders of documents (in [`EXACT`] too), which follow the
/// document's name on their line.
const DOCUMENT_OMITTED: &[&str] = &[
    "document omitted",
    "Dokument weggelassen",
    "ドキュメントは含まれていません",
    "لم يتم إدراج المستند",
];

/// Calls: the line starts with one of these and then ends, or goes on
/// with `, ` and a duration.
const CALLS: &[&str] = &[
    "Missed voice call",
    "Missed video call",
    "Missed group voice call",
    "Missed group video call",
    "Voice call",
    "Video call",
    "Group voice call",
    "Group video call",
    "Zmeškaný hovor",
    "Zmeškaný videohovor",
    "Пропущенный аудиозвонок",
    "Пропущенный видеозвонок",
    "Аудиозвонок",
    "Видеозвонок",
    "Verpasster Sprachanruf",
    "Verpasster Videoanruf",
    "Sprachanruf",
    "Videoanruf",
];

/// Android's `NAME (file attached)` labels.
const FILE_ATTACHED: &[&str] = &[
    "(file attached)",
    "(Datei angehängt)",
    "(файл добавлен)",
    "(soubor byl přiložen)",
    "(archivo adjunto)",
    "(file allegato)",
    "(fichier joint)",
    "(arquivo anexado)",
    "(bestand bijgevoegd)",
];

/// Whether `c` is a mark WhatsApp writes around its strings.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{feff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether `c` is a space WhatsApp writes (U+00A0, U+202F included).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// `s` without marks and spaces at either end.
pub fn trim_marks(s: &str) -> &str {
    s.trim_matches(|c| is_mark(c) || is_space(c))
}

/// `s` without any marks, borrowed when it has none.
pub fn strip_marks(s: &str) -> Cow<'_, str> {
    if has_mark(s) {
        Cow::Owned(s.chars().filter(|&c| !is_mark(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether `s` holds a mark. By bytes: every mark starts with 0xE2, 0xD8
/// or 0xEF, which most text (Latin, CJK, emoji) has few of.
pub fn has_mark(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr3_iter(0xE2, 0xD8, 0xEF, b).any(|i| super::header::mark_len(b, i) > 0)
}

/// `text` without an edited marker at its end, if it had one.
pub fn strip_edited(text: &str) -> Option<&str> {
    let t = text.trim_end_matches(|c| is_mark(c) || is_space(c));
    if !t.ends_with('>') {
        return None;
    }
    EDITED.iter().find_map(|m| {
        let before = t.strip_suffix(m)?;
        // The marker may carry marks inside: `<‎This message was edited>`.
        Some(before.trim_end_matches(|c| is_mark(c) || is_space(c)))
    })
}

/// The longest string of [`EXACT`], in bytes.
const EXACT_MAX: usize = 64;

/// [`EXACT`] by length, for a lookup of a few comparisons.
fn exact_by_len() -> &'static [Vec<(&'static str, Exact)>] {
    static TABLE: std::sync::OnceLock<Vec<Vec<(&'static str, Exact)>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![Vec::new(); EXACT_MAX + 1];
        for &(s, e) in EXACT {
            table[s.len()].push((s, e));
        }
        table
    })
}

/// The exact string `t` is, ignoring a final full stop.
fn exact(t: &str) -> Option<Exact> {
    if t.len() > EXACT_MAX + 8 {
        return None;
    }
    let t = t.strip_suffix(['.', '。']).unwrap_or(t);
    let find = |t: &str| {
        exact_by_len()
            .get(t.len())?
            .iter()
            .find(|(s, _)| *s == t)
            .map(|&(_, e)| e)
    };
    // iOS used to write `<‎image omitted>`.
    find(t).or_else(|| {
        let bare = trim_marks(t.strip_prefix('<')?.strip_suffix('>')?);
        find(bare)
    })
}

/// What `text` (a message's text after its sender's name, line endings
/// `\n`, the edited marker already removed) is. `ios`: the file is of the
/// iOS family, whose app strings are marked.
pub fn classify(text: &str, ios: bool) -> Content<'_> {
    let (first, more) = match memchr::memchr(b'\n', text.as_bytes()) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let t = trim_marks(first);
    if let Some(e) = exact(t) {
        match e {
            Exact::Deleted if more.is_empty() => return Content::Deleted(t),
            Exact::ViewOnce if more.is_empty() && !ios => return Content::ViewOnce,
            Exact::Omitted(kind) => {
                return Content::Media {
                    kind,
                    name: Cow::Borrowed(""),
                    file: None,
                    caption: more,
                };
            }
            _ => {}
        }
    }
    if let Some(media) = attached(t, more) {
        return media;
    }
    if let Some(media) = document_omitted(t, more) {
        return media;
    }
    if more.is_empty() {
        if let Some(location) = location(t) {
            return location;
        }
        if is_call(t) {
            return Content::System(strip_marks(t));
        }
    } else if let Some(venue) = android_venue(text) {
        return venue;
    }
    if let Some(poll) = poll(first, more) {
        return poll;
    }
    if is_encryption_notice(t) || (ios && starts_with_mark(first)) {
        return Content::System(strip_marks(trim_marks(text)));
    }
    Content::Text
}

fn starts_with_mark(s: &str) -> bool {
    s.chars().next().is_some_and(is_mark)
}

/// The encryption notice in English (other languages are written without a
/// name on Android and marked on iOS, so they are system lines anyway).
fn is_encryption_notice(t: &str) -> bool {
    (t.starts_with("Messages and calls are end-to-end encrypted")
        || t.starts_with("Messages you send to this"))
        && t.contains("end-to-end encrypt")
}

fn is_call(t: &str) -> bool {
    // `Missed group video call, 120 min` and its translations are short;
    // marks come after the comma only.
    let Some(&first) = t.as_bytes().first() else {
        return false;
    };
    t.len() <= 64
        && CALLS.iter().any(|c| {
            c.as_bytes()[0] == first
                && t.strip_prefix(c).is_some_and(|rest| {
                    let rest = rest.trim_start_matches(is_mark);
                    rest.is_empty() || rest.starts_with(", ")
                })
        })
}

/// `<attached: FILE>` at the end of the first line (iOS, any language:
/// `<allegato: …>`, `<вложение: …>`), the old `FILE <attached>`, or
/// Android's `FILE (file attached)`.
fn attached<'a>(t: &'a str, more: &'a str) -> Option<Content<'a>> {
    if let Some(inner) = t.strip_suffix('>') {
        let open = inner.rfind('<')?;
        let label_and_file = &inner[open + 1..];
        let before = trim_marks(&t[..open]);
        if let Some((label, file)) = label_and_file.split_once(':') {
            let label = trim_marks(label);
            let file = trim_marks(file);
            let is_label = !label.is_empty()
                && label.chars().count() <= 24
                && label.chars().all(|c| c.is_alphabetic() || is_space(c));
            if !is_label || file.is_empty() {
                return None;
            }
            let name = if before.is_empty() {
                Cow::Borrowed(file)
            } else {
                document_name(before)
            };
            return Some(Content::Media {
                kind: kind_of_file(file),
                name,
                file: Some(file),
                caption: more,
            });
        }
        // `2015-08-04-PHOTO-00004762.jpg <‎attached>`
        if trim_marks(label_and_file) == "attached" && looks_like_file(before) {
            return Some(Content::Media {
                kind: kind_of_file(before),
                name: Cow::Borrowed(before),
                file: Some(before),
                caption: more,
            });
        }
        return None;
    }
    if t.ends_with(')') {
        let open = t.rfind(" (")?;
        let (file, label) = (trim_marks(&t[..open]), &t[open + 1..]);
        if looks_like_file(file) && (FILE_ATTACHED.contains(&label) || is_android_media(file)) {
            return Some(Content::Media {
                kind: kind_of_file(file),
                name: Cow::Borrowed(file),
                file: Some(file),
                caption: more,
            });
        }
    }
    None
}

/// iOS's `NAME • ‎2 pages ‎document omitted` (and its translations).
fn document_omitted<'a>(t: &'a str, more: &'a str) -> Option<Content<'a>> {
    // Cheap first: the line ends with a document placeholder.
    if !DOCUMENT_OMITTED.iter().any(|s| t.ends_with(s)) {
        return None;
    }
    // The placeholder is what follows the last mark.
    let at = t.rfind(is_mark)?;
    let tail = trim_marks(&t[at..]);
    let before = trim_marks(&t[..at]);
    if before.is_empty() || exact(tail) != Some(Exact::Omitted(AttachmentKind::File)) {
        return None;
    }
    Some(Content::Media {
        kind: AttachmentKind::File,
        name: document_name(before),
        file: None,
        caption: more,
    })
}

/// A document's name from what iOS writes before its placeholder
/// (`Report.pdf • ‎2 pages`): the name, without the page count.
fn document_name(before: &str) -> Cow<'_, str> {
    let name = match before.find(" • ") {
        Some(i) => trim_marks(&before[..i]),
        None => before,
    };
    strip_marks(name)
}

/// `LABEL: https://maps.google.com/?q=…` (any language, one word), or a
/// venue `NAME (ADDRESS): https://foursquare.com/v/…`.
fn location(t: &str) -> Option<Content<'_>> {
    // A link last, after a space.
    let space = memchr::memrchr(b' ', t.as_bytes())?;
    if !t[space + 1..].starts_with("https://") {
        return None;
    }
    let (label, url) = t.rsplit_once(": ")?;
    let url = trim_marks(url);
    let label = trim_marks(label);
    if url.contains(char::is_whitespace) {
        return None;
    }
    if url.starts_with("https://maps.google.com/?q=") {
        let one_word = !label.is_empty()
            && label.chars().count() <= 30
            && label.chars().all(char::is_alphabetic);
        return one_word.then_some(Content::Location {
            name: Cow::Borrowed(""),
            url,
        });
    }
    if url.starts_with("https://foursquare.com/v/") && !label.is_empty() {
        return Some(Content::Location {
            name: strip_marks(label),
            url,
        });
    }
    None
}

/// Android's venue: its name, its address, then the link, one per line.
fn android_venue(text: &str) -> Option<Content<'_>> {
    let mut lines = text.lines();
    let name = lines.next()?.trim();
    let mut address = lines.next()?.trim();
    let mut url = lines.next().map(str::trim);
    if url.is_none() {
        url = Some(address);
        address = "";
    }
    let url = url?;
    if lines.next().is_some()
        || name.is_empty()
        || !url.starts_with("https://foursquare.com/v/")
        || url.contains(char::is_whitespace)
    {
        return None;
    }
    let name = if address.is_empty() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("{name} ({address})"))
    };
    Some(Content::Location { name, url })
}

/// A poll: a first line of one upper-case word and a colon (`POLL:`,
/// `ENCUESTA:`), the question, then option lines `OPTION: A (1 vote)`.
fn poll<'a>(first: &'a str, more: &'a str) -> Option<Content<'a>> {
    let head = trim_marks(first).strip_suffix(':')?;
    if !is_caps_word(head) {
        return None;
    }
    let mut lines = more.lines();
    let question = trim_marks(lines.next()?);
    let mut options = Vec::new();
    for line in lines {
        let (label, option) = trim_marks(line).split_once(':')?;
        if !is_caps_word(trim_marks(label)) {
            return None;
        }
        options.push(trim_marks(option));
    }
    (!question.is_empty() && !options.is_empty()).then_some(Content::Poll { question, options })
}

fn is_caps_word(s: &str) -> bool {
    s.chars().count() >= 2 && s.chars().all(|c| c.is_alphabetic() && !c.is_lowercase())
}

/// Whether `s` looks like a file name: no line break, a dot before a short extension.
fn looks_like_file(s: &str) -> bool {
    !s.is_empty()
        && !s.contains('\n')
        && s.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(char::is_alphanumeric)
        })
}

/// Android's names for media files: `IMG-20220323-WA0002.jpg`.
fn is_android_media(file: &str) -> bool {
    let b = file.as_bytes();
    b.len() > 16
        && [b"IMG-", b"VID-", b"AUD-", b"PTT-", b"STK-", b"DOC-"]
            .iter()
            .any(|p| b.starts_with(*p))
        && b[4..12].iter().all(u8::is_ascii_digit)
        && b[12..].starts_with(b"-WA")
}

/// What a file is, from its exported name (`IMG-…`, `…-PHOTO-…`) or extension.
pub fn kind_of_file(file: &str) -> AttachmentKind {
    let upper = file.to_ascii_uppercase();
    let by_name = [
        ("IMG-", AttachmentKind::Image),
        ("VID-", AttachmentKind::Video),
        ("PTT-", AttachmentKind::Voice),
        ("AUD-", AttachmentKind::Audio),
        ("STK-", AttachmentKind::Sticker),
        ("DOC-", AttachmentKind::File),
    ];
    if let Some(&(_, kind)) = by_name.iter().find(|(p, _)| upper.starts_with(p)) {
        return kind;
    }
    let ios = [
        ("-PHOTO-", AttachmentKind::Image),
        ("-VIDEO-", AttachmentKind::Video),
        ("-AUDIO-", AttachmentKind::Audio),
        ("-STICKER-", AttachmentKind::Sticker),
        ("-GIF-", AttachmentKind::Image),
    ];
    if let Some(&(_, kind)) = ios.iter().find(|(p, _)| upper.contains(p)) {
        return kind;
    }
    let ext = upper.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "JPG" | "JPEG" | "PNG" | "GIF" | "HEIC" | "BMP" => AttachmentKind::Image,
        "WEBP" => AttachmentKind::Sticker,
        "MP4" | "MOV" | "3GP" | "MKV" | "AVI" => AttachmentKind::Video,
        "OPUS" | "OGG" | "M4A" | "MP3" | "AAC" | "AMR" | "WAV" => AttachmentKind::Audio,
        "VCF" => AttachmentKind::Contact,
        _ => AttachmentKind::File,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttachmentKind as K;

    fn media(c: &Content<'_>) -> (K, String, Option<String>, String) {
        match c {
            Content::Media {
                kind,
                name,
                file,
                caption,
            } => (
                *kind,
                name.to_string(),
                file.map(str::to_owned),
                (*caption).to_owned(),
            ),
            other => panic!("not media: {other:?}"),
        }
    }

    #[test]
    fn plain_text_stays_text() {
        for t in [
            "hello",
            "null and void",
            "Voice calls are fun",
            "I wrote <Media omitted> on purpose",
            "see you at 10:30",
            "look (file attached)",
            "a: b",
            "POLL: not a poll",
            "Location: https://example.org",
            "",
        ] {
            assert_eq!(classify(t, false), Content::Text, "{t:?}");
        }
        // Unmarked on iOS is text too; marked Android text is text.
        assert_eq!(classify("hello", true), Content::Text);
        assert_eq!(classify("\u{200e}hello", false), Content::Text);
    }

    #[test]
    fn deletions_in_several_languages() {
        for t in [
            "This message was deleted",
            "\u{200e}You deleted this message.",
            "\u{200e}Diese Nachricht wurde gelöscht.",
            "Вы удалили данное сообщение",
            "\u{200e}このメッセージは削除されました。",
            "\u{200f}تم حذف هذه الرسالة.",
        ] {
            assert!(matches!(classify(t, true), Content::Deleted(_)), "{t:?}");
        }
        assert_eq!(
            classify("\u{200e}You deleted this message.", true),
            Content::Deleted("You deleted this message.")
        );
        // Not alone: text.
        assert_eq!(
            classify("This message was deleted\nno", false),
            Content::Text
        );
    }

    #[test]
    fn placeholders_and_captions() {
        assert_eq!(
            media(&classify(
                "<Media omitted>\nA caption\nover two lines",
                false
            )),
            (
                K::Other,
                String::new(),
                None,
                "A caption\nover two lines".into()
            )
        );
        assert_eq!(media(&classify("\u{200e}image omitted", true)).0, K::Image);
        assert_eq!(
            media(&classify("<\u{200e}video omitted>", true)).0,
            K::Video
        );
        assert_eq!(
            media(&classify("\u{200e}Kontaktkarte ausgelassen", true)).0,
            K::Contact
        );
        assert_eq!(
            media(&classify(
                "Report.pdf • \u{200e}3 pages \u{200e}document omitted",
                true
            )),
            (K::File, "Report.pdf".into(), None, String::new())
        );
        assert_eq!(
            media(&classify("Notes.txt \u{200f}لم يتم إدراج المستند", true)),
            (K::File, "Notes.txt".into(), None, String::new())
        );
    }

    #[test]
    fn attached_files() {
        assert_eq!(
            media(&classify(
                "\u{200e}<attached: 00000012-PHOTO-2021-05-01-10-00-00.jpg>",
                true
            )),
            (
                K::Image,
                "00000012-PHOTO-2021-05-01-10-00-00.jpg".into(),
                Some("00000012-PHOTO-2021-05-01-10-00-00.jpg".into()),
                String::new()
            )
        );
        assert_eq!(
            media(&classify(
                "Plan.pdf • \u{200e}1 page \u{200e}<attached: 00000013-Plan.pdf>",
                true
            )),
            (
                K::File,
                "Plan.pdf".into(),
                Some("00000013-Plan.pdf".into()),
                String::new()
            )
        );
        assert_eq!(
            media(&classify(
                "<\u{200e}allegato: 00000014-AUDIO-2021-05-01-10-00-00.opus>",
                true
            ))
            .0,
            K::Audio
        );
        assert_eq!(
            media(&classify(
                "2015-08-04-PHOTO-00004762.jpg <\u{200e}attached>",
                true
            ))
            .0,
            K::Image
        );
        assert_eq!(
            media(&classify(
                "IMG-20210501-WA0007.jpg (file attached)\nat the beach",
                false
            )),
            (
                K::Image,
                "IMG-20210501-WA0007.jpg".into(),
                Some("IMG-20210501-WA0007.jpg".into()),
                "at the beach".into()
            )
        );
        assert_eq!(
            media(&classify("\u{200e}Card.vcf (файл добавлен)", false)).0,
            K::Contact
        );
        assert_eq!(
            media(&classify(
                "PTT-20210501-WA0001.opus (Datei angehängt)",
                false
            ))
            .0,
            K::Voice
        );
        // An unknown label with a WhatsApp media name is still a file.
        assert_eq!(
            media(&classify("STK-20210501-WA0002.webp (fitxer adjunt)", false)).0,
            K::Sticker
        );
        assert_eq!(classify("<b: >", true), Content::Text);
    }

    #[test]
    fn locations_calls_polls_and_notices() {
        assert_eq!(
            classify("location: https://maps.google.com/?q=1.5,-2.25", false),
            Content::Location {
                name: "".into(),
                url: "https://maps.google.com/?q=1.5,-2.25"
            }
        );
        assert_eq!(
            classify("\u{200e}Standort: https://maps.google.com/?q=1,2", true),
            Content::Location {
                name: "".into(),
                url: "https://maps.google.com/?q=1,2"
            }
        );
        assert_eq!(
            classify(
                "Old Mill (River Rd 1, Town): https://foursquare.com/v/abc",
                true
            ),
            Content::Location {
                name: "Old Mill (River Rd 1, Town)".into(),
                url: "https://foursquare.com/v/abc"
            }
        );
        assert_eq!(
            classify(
                "Old Mill\nRiver Rd 1, Town\nhttps://foursquare.com/v/abc",
                false
            ),
            Content::Location {
                name: "Old Mill (River Rd 1, Town)".into(),
                url: "https://foursquare.com/v/abc"
            }
        );
        assert_eq!(
            classify("Missed voice call", false),
            Content::System("Missed voice call".into())
        );
        assert_eq!(
            classify("\u{200e}Video call, \u{200e}12 min", true),
            Content::System("Video call, 12 min".into())
        );
        assert_eq!(
            classify(
                "\u{200e}POLL:\nLunch?\n\u{200e}OPTION: Soup (1 vote)\n\u{200e}OPTION: Salad (0 votes)",
                true
            ),
            Content::Poll {
                question: "Lunch?",
                options: vec!["Soup (1 vote)", "Salad (0 votes)"]
            }
        );
        assert_eq!(classify("null", false), Content::ViewOnce);
        assert!(matches!(
            classify(
                "Messages and calls are end-to-end encrypted. Tap to learn more.",
                false
            ),
            Content::System(_)
        ));
        assert_eq!(
            classify("\u{200e}Anna changed the group name", true),
            Content::System("Anna changed the group name".into())
        );
    }

    #[test]
    fn edited_markers() {
        assert_eq!(
            strip_edited("fixed it <This message was edited>"),
            Some("fixed it")
        );
        assert_eq!(
            strip_edited("fixed it \u{200e}<This message was edited>\u{200e}"),
            Some("fixed it")
        );
        assert_eq!(
            strip_edited("two\nlines <Este mensaje fue editado>"),
            Some("two\nlines")
        );
        assert_eq!(strip_edited("not <edited>"), None);
        assert_eq!(strip_edited("plain"), None);
    }

    #[test]
    fn kinds_of_files() {
        assert_eq!(kind_of_file("VID-20220327-WA0001.mp4"), K::Video);
        assert_eq!(
            kind_of_file("00000051-GIF-2022-03-27-21-51-57.mp4"),
            K::Image
        );
        assert_eq!(kind_of_file("00000044-STICKER-2022.webp"), K::Sticker);
        assert_eq!(kind_of_file("notes.docx"), K::File);
        assert_eq!(kind_of_file("x.OPUS"), K::Audio);
    }
}
