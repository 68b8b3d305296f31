//! What the interface asks of the outside world, carried out by the loop
//! between frames so that `update` stays free of I/O: the clipboard (OSC 52),
//! opening a URL, saving what is remembered between runs.

use std::process::{Command, Stdio};

/// Something for the loop to do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put text on the clipboard.
    Copy(String),
    /// Open a URL with `BROWSER` or the platform's opener.
    Open(String),
    /// Write the state file (bookmarks changed).
    SaveState,
    /// Give the terminal back and stop, as Ctrl-Z does in a shell.
    Suspend,
    /// Start following the archive (`F`), when it is not followed yet.
    Follow,
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

/// Whether `url` is one daybook opens: http or https, no control characters.
pub fn openable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(char::is_control)
}

/// The commands that may open `url`, in the order they are tried: each
/// entry of `browser` (the `BROWSER` variable: programs separated by `:`,
/// each with its arguments, `%s` standing for the URL), then the
/// platform's opener (`open` on macOS, `explorer` on Windows, `xdg-open`
/// elsewhere). None for a URL that is not http or https.
pub fn openers(url: &str, browser: Option<&str>) -> Vec<Command> {
    if !openable(url) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in browser.unwrap_or("").split(':') {
        let mut words = entry.split_whitespace();
        let Some(program) = words.next() else {
            continue;
        };
        let mut cmd = Command::new(program);
        let mut placed = false;
        for w in words {
            if w == "%s" {
                cmd.arg(url);
                placed = true;
            } else {
                cmd.arg(w);
            }
        }
        if !placed {
            cmd.arg(url);
        }
        out.push(cmd);
    }
    let platform = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut cmd = Command::new(platform);
    cmd.arg(url);
    out.push(cmd);
    for cmd in &mut out {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
    }
    out
}

/// Starts the first of `commands` that can be started. When none can, the
/// error says which programs were tried and how to give daybook one.
pub fn start_opener(commands: Vec<Command>) -> Result<std::process::Child, String> {
    let mut tried = Vec::new();
    let mut why = Vec::new();
    for mut cmd in commands {
        let program = cmd.get_program().to_string_lossy().into_owned();
        match cmd.spawn() {
            Ok(child) => return Ok(child),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => tried.push(program),
            Err(e) => {
                tried.push(program);
                why.push(e.to_string());
            }
        }
    }
    let why = if why.is_empty() {
        "not found".to_string()
    } else {
        why.join(", ")
    };
    let fix = if cfg!(any(target_os = "macos", windows)) {
        "set BROWSER"
    } else {
        "set BROWSER or install xdg-utils"
    };
    Err(format!(
        "cannot open links: tried {} ({why}); {fix}",
        tried.join(", ")
    ))
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
    fn browser_comes_first_and_takes_the_url_where_asked() {
        let cmds = openers(
            "https://example.com/a",
            Some("firefox --new-tab:w3m %s -dump"),
        );
        let shown: Vec<(String, Vec<String>)> = cmds
            .iter()
            .map(|c| {
                (
                    c.get_program().to_string_lossy().into_owned(),
                    c.get_args()
                        .map(|a| a.to_string_lossy().into_owned())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(shown.len(), 3);
        assert_eq!(shown[0].0, "firefox");
        assert_eq!(shown[0].1, ["--new-tab", "https://example.com/a"]);
        assert_eq!(shown[1].1, ["https://example.com/a", "-dump"]);
        assert_eq!(shown[2].1, ["https://example.com/a"]);
        assert!(openers("file:///etc/passwd", Some("firefox")).is_empty());
        assert_eq!(openers("https://x.cn", Some("")).len(), 1);
    }

    #[test]
    fn no_opener_installed_says_what_was_tried_and_what_to_do() {
        let missing = |name: &str| {
            let mut c = Command::new(name);
            c.arg("https://example.com");
            c
        };
        let err = start_opener(vec![
            missing("daybook-no-such-browser"),
            missing("daybook-no-such-opener"),
        ])
        .unwrap_err();
        assert_eq!(
            err,
            "cannot open links: tried daybook-no-such-browser, daybook-no-such-opener \
             (not found); set BROWSER or install xdg-utils"
        );
    }

    #[test]
    fn only_web_urls_are_opened() {
        assert!(openable("http://static.cocolian.cn/img/a.png"));
        assert!(openable("HTTPS://example.com"));
        assert!(!openable("file:///etc/passwd"));
        assert!(!openable("wxid_abc"));
        assert!(!openable("http://x\u{1b}]0;t\u{7}"));
        assert!(openers("wxid_abc", None).is_empty());
        let cmd = &openers("https://example.com/a b", None)[0];
        assert_eq!(
            cmd.get_args().collect::<Vec<_>>(),
            vec!["https://example.com/a b"]
        );
    }
}
