//! The names WhatsApp gives its exports, and the chat names in them.
//!
//! Android names the file after the chat, in the phone's language
//! (`WhatsApp Chat with NAME.txt`, `Chat WhatsApp s uživatelem NAME.txt`,
//! `与NAME的 WhatsApp 聊天.txt`); iOS always writes `_chat.txt`, inside
//! `WhatsApp Chat - NAME.zip`. Media files are named `IMG-20220323-WA0002.jpg`
//! (Android) or `00000035-PHOTO-2022-03-27-21-41-55.jpg` (iOS), documents
//! keep their own names.

/// The words around a chat's name in the names of exports: `(before, after)`.
const PATTERNS: &[(&str, &str)] = &[
    ("WhatsApp Chat with ", ""),
    ("WhatsApp Chat - ", ""),
    ("WhatsApp Chat mit ", ""),
    ("WhatsApp-Chat mit ", ""),
    ("WhatsApp-chat met ", ""),
    ("Chat de WhatsApp con ", ""),
    ("Chat WhatsApp con ", ""),
    ("Conversa do WhatsApp com ", ""),
    ("Discussion WhatsApp avec ", ""),
    ("Chat WhatsApp s uživatelem ", ""),
    ("Чат WhatsApp с контактом ", ""),
    ("Чат WhatsApp с ", ""),
    ("与", "的 WhatsApp 聊天"),
    ("", " ile WhatsApp Sohbeti"),
];

/// The file name of iOS's chat file.
pub const IOS_CHAT_FILE: &str = "_chat.txt";

/// `name` without a final `.txt` or `.zip` (any case).
fn stem(name: &str) -> &str {
    for ext in [".txt", ".zip"] {
        if name.len() > ext.len() && name.is_char_boundary(name.len() - ext.len()) {
            let (s, e) = name.split_at(name.len() - ext.len());
            if e.eq_ignore_ascii_case(ext) {
                return s;
            }
        }
    }
    name
}

/// The chat's name in an export's name without its extension
/// (`WhatsApp Chat with Ann` → `Ann`), if it is named like one.
pub fn chat_file_stem(stem: &str) -> Option<String> {
    // Czech and other locales put U+00A0 in the name.
    let spaced = stem.replace(['\u{a0}', '\u{202f}'], " ");
    PATTERNS.iter().find_map(|(before, after)| {
        let name = spaced.strip_prefix(before)?.strip_suffix(after)?.trim();
        (!name.is_empty()).then(|| name.to_owned())
    })
}

/// Whether a file's name is one WhatsApp gives a chat export.
pub fn is_chat_file(name: &str) -> bool {
    let s = stem(name);
    s.len() != name.len()
        && name[s.len()..].eq_ignore_ascii_case(".txt")
        && (name == IOS_CHAT_FILE || chat_file_stem(s).is_some())
}

/// The name of the chat in the file `file` (its name), inside the folder
/// or zip named `folder`: from the file's name, or for `_chat.txt` the
/// folder's; else the file's name without `.txt`.
pub fn chat_name(file: &str, folder: &str) -> String {
    let file = file.rsplit('/').next().unwrap_or(file);
    if file == IOS_CHAT_FILE {
        let folder = stem(folder);
        if folder.is_empty() {
            return "_chat".to_owned();
        }
        return chat_file_stem(folder).unwrap_or_else(|| folder.to_owned());
    }
    let s = stem(file);
    chat_file_stem(s).unwrap_or_else(|| s.to_owned())
}

/// Whether a file beside a chat file may be one of the files it sends:
/// anything but text of the kinds other formats read (a chat export holds
/// photos, videos, voice notes, contact cards and documents of any kind).
pub fn is_media_file(name: &str) -> bool {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    ![
        "txt", "md", "markdown", "json", "jsonl", "csv", "html", "htm", "log",
    ]
    .iter()
    .any(|e| e.eq_ignore_ascii_case(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_names_from_file_and_folder_names() {
        assert_eq!(chat_name("WhatsApp Chat with Ann Lee.txt", "x"), "Ann Lee");
        assert_eq!(chat_name("WhatsApp Chat with Ann (1).txt", "x"), "Ann (1)");
        assert_eq!(
            chat_name("Chat WhatsApp s\u{a0}uživatelem Petr.txt", ""),
            "Petr"
        );
        assert_eq!(chat_name("与小明的 WhatsApp 聊天.txt", ""), "小明");
        assert_eq!(chat_name("Чат WhatsApp с контактом Олег.txt", ""), "Олег");
        assert_eq!(
            chat_name("_chat.txt", "WhatsApp Chat - Family.zip"),
            "Family"
        );
        assert_eq!(chat_name("_chat.txt", "Trip 2022"), "Trip 2022");
        assert_eq!(chat_name("_chat.txt", ""), "_chat");
        assert_eq!(chat_name("holiday.txt", "x"), "holiday");
        assert_eq!(chat_name("notes", "x"), "notes");
    }

    #[test]
    fn chat_files() {
        assert!(is_chat_file("WhatsApp Chat with Ann.txt"));
        assert!(is_chat_file("WhatsApp Chat with Ann.TXT"));
        assert!(is_chat_file("_chat.txt"));
        assert!(!is_chat_file("WhatsApp Chat with Ann.zip"));
        assert!(!is_chat_file("WhatsApp Chat with .txt"));
        assert!(!is_chat_file("chat.txt"));
        assert!(!is_chat_file("x_chat.txt"));
        assert!(is_media_file("IMG-20220323-WA0002.jpg"));
        assert!(is_media_file("Resume.pdf"));
        assert!(is_media_file("README"));
        assert!(!is_media_file("notes.md"));
        assert!(!is_media_file("other.txt"));
    }
}
