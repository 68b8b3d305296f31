//! What the interface asks of the outside world, carried out by the loop
//! between frames so that `update` stays free of I/O: the clipboard (OSC 52),
//! opening a URL, saving what is remembered between runs.

use std::process::{Command, Stdio};

/// Something for the loop to do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put text on the clipboard.
    Copy(String),
    /// Open a URL with the platform's opener.
    Open(String),
    /// Write the state file (bookmarks changed).
    SaveState,
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes that put `text` on the clipboard: OSC 52, which terminals
/// honour over SSH too. Inside tmux the sequence is also sent wrapped in
/// tmux's passthrough, for tmux set to pass it on rather than keep it.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let seq = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    if in_tmux {
        format!("{seq}\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
    } else {
        seq
    }
}

/// The command that opens `url`, started without a shell; only http and
/// https URLs are opened.
pub fn opener(url: &str) -> Option<Command> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://"))
        || url.chars().any(char::is_control)
    {
        return None;
    }
    let mut cmd = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("explorer");
        c.arg(url);
        c.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        return Some(c);
    } else {
        Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    Some(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), enc);
        }
        assert_eq!(base64("中文".as_bytes()), "5Lit5paH");
    }

    #[test]
    fn osc52_bytes() {
        assert_eq!(osc52("hi 中文", false), "\x1b]52;c;aGkg5Lit5paH\x07");
        assert_eq!(
            osc52("hi", true),
            "\x1b]52;c;aGk=\x07\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
    }

    #[test]
    fn only_web_urls_are_opened() {
        assert!(opener("http://static.cocolian.cn/img/a.png").is_some());
        assert!(opener("HTTPS://example.com").is_some());
        assert!(opener("file:///etc/passwd").is_none());
        assert!(opener("wxid_abc").is_none());
        assert!(opener("http://x\u{1b}]0;t\u{7}").is_none());
        let cmd = opener("https://example.com/a b").unwrap();
        assert_eq!(
            cmd.get_args().collect::<Vec<_>>(),
            vec!["https://example.com/a b"]
        );
    }
}
