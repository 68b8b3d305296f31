//! What a LINE message's text stands for: media placeholders (`[Photo]`,
//! `[Foto]`, `[写真]` …) as attachments, calls (`☎ …`) as system
//! messages, and unsent messages.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::model::AttachmentKind;

/// Placeholders LINE writes for what it does not export, in the UI
/// languages seen, and what they stand for.
const PLACEHOLDERS: &[(&str, AttachmentKind)] = &[
    ("[Photo]", AttachmentKind::Image),
    ("[Photos]", AttachmentKind::Image),
    ("[Foto]", AttachmentKind::Image),
    ("[照片]", AttachmentKind::Image),
    ("[写真]", AttachmentKind::Image),
    ("[Video]", AttachmentKind::Video),
    ("[视频]", AttachmentKind::Video),
    ("[影片]", AttachmentKind::Video),
    ("[動画]", AttachmentKind::Video),
    ("[Sticker]", AttachmentKind::Sticker),
    ("[贴图]", AttachmentKind::Sticker),
    ("[貼圖]", AttachmentKind::Sticker),
    ("[スタンプ]", AttachmentKind::Sticker),
    ("[File]", AttachmentKind::File),
    ("[文件]", AttachmentKind::File),
    ("[檔案]", AttachmentKind::File),
    ("[ファイル]", AttachmentKind::File),
    ("[Voice message]", AttachmentKind::Voice),
    ("[语音信息]", AttachmentKind::Voice),
    ("[語音訊息]", AttachmentKind::Voice),
    ("[ボイスメッセージ]", AttachmentKind::Voice),
    ("[Location]", AttachmentKind::Location),
    ("[位置]", AttachmentKind::Location),
    ("[位置情報]", AttachmentKind::Location),
];

/// A body that is a placeholder: what it stands for, and the name that
/// follows it (a location's or file's, when one does).
pub fn placeholder(text: &str) -> Option<(AttachmentKind, &str)> {
    let t = text.trim();
    // Every placeholder starts with `[`: most texts are ruled out at once.
    if !t.starts_with('[') {
        return None;
    }
    PLACEHOLDERS.iter().find_map(|&(p, kind)| {
        let rest = t.strip_prefix(p)?;
        if rest.is_empty() {
            return Some((kind, ""));
        }
        // Only places and files carry a name after the placeholder.
        let named = matches!(kind, AttachmentKind::Location | AttachmentKind::File);
        (named && rest.starts_with(char::is_whitespace)).then(|| (kind, rest.trim()))
    })
}

/// A call: LINE writes them as `☎ …` lines (`☎ Missed call`, `☎ Call
/// time 0:25`).
pub fn is_call(text: &str) -> bool {
    text.trim_start().starts_with('☎')
}

/// The notices of an unsent message that may stand anywhere in the text
/// (after the name of who unsent it).
const UNSENT_INSIDE: [&str; 3] = ["送信を取り消しました", "撤回了一条消息", "已收回訊息"];

/// A notice that a message was unsent, in the languages seen.
pub fn is_unsent(text: &str) -> bool {
    // Searchers built once rather than for every message (`str::contains`
    // prepares its search at each call).
    static INSIDE: LazyLock<[Finder<'static>; 3]> =
        LazyLock::new(|| UNSENT_INSIDE.map(Finder::new));
    let t = text.trim();
    t == "Message unsent."
        || t.ends_with(" unsent a message.")
        || INSIDE.iter().any(|f| f.find(t.as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_calls_and_unsent() {
        assert_eq!(placeholder("[Photo]"), Some((AttachmentKind::Image, "")));
        assert_eq!(placeholder(" [Foto] "), Some((AttachmentKind::Image, "")));
        assert_eq!(
            placeholder("[スタンプ]"),
            Some((AttachmentKind::Sticker, ""))
        );
        assert_eq!(
            placeholder("[Location] Tokyo Tower"),
            Some((AttachmentKind::Location, "Tokyo Tower"))
        );
        assert_eq!(placeholder("[Photo] of the lake"), None);
        assert_eq!(placeholder("[Photo]graph"), None);
        assert_eq!(placeholder("a [Photo]"), None);
        assert!(is_call("☎ Missed call"));
        assert!(!is_call("call me ☎"));
        assert!(is_unsent("Alice unsent a message."));
        assert!(is_unsent("アリスがメッセージの送信を取り消しました"));
        assert!(!is_unsent("I unsent it"));
        for notice in UNSENT_INSIDE {
            assert!(is_unsent(notice));
            assert!(is_unsent(&format!("  李明{notice}  ")));
            assert!(!is_unsent(&notice[..notice.len() - 3]));
        }
    }
}
