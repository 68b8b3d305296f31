//! The generator's hostile mode: our own catalogue of what an archive from
//! someone else can hold to hurt a reader, for the tests that check that
//! daybook reports it, never panics and never lets it reach a terminal.
//!
//! A hostile archive is a normal one (the same days, speakers and text) with:
//!
//! - **fragments in about 4% of body lines**: terminal escape sequences that
//!   would clear the screen, retitle the window, write the clipboard (OSC
//!   52), ask the terminal to answer (device status, DCS), or draw a link
//!   (OSC 8); C0 controls (NUL, BEL, backspace, vertical tab, form feed,
//!   DEL), a lone CR; C1 controls (U+009B CSI, U+0085 NEL); bidi overrides
//!   and isolates around "harmless" text; zero-width characters; stacks of
//!   combining marks; emoji ZWJ families and flags; right-to-left text; a
//!   line and a paragraph separator; tabs; an 8,000-character word with no
//!   break; HTML, markdown and CSV-formula traps; escapes spelled as HTML
//!   entities (`&#27;[2J`, `&#x202E;`) and entities escaped many times;
//! - **odd structure here and there**: a message at an impossible time
//!   (`> 25:61:99  `), a body line that looks like a header but has one
//!   space (`> 12:34:56 text`), a header whose time goes back, a message
//!   without its blank separator lines, a body of blanks only;
//! - **speakers with hostile names**: coloured and screen-clearing, right to
//!   left, buried under combining marks, an emoji family, a tab, double
//!   spaces, a name that is itself a header, a 300-character name, a name of
//!   spaces only, query-language look-alikes;
//! - **line endings and byte-order marks**: about 5% of files in CRLF and,
//!   independently, 5% starting with a UTF-8 BOM;
//! - **special day files**, each replacing one whole day, in the order of
//!   [`SPECIAL_KINDS`] (an archive of fewer than twice as many days as kinds
//!   gets the first half as many kinds as it has days).
//!
//! Everything is a pure function of the [`GenConfig`](super::GenConfig).

use std::fmt::Write as _;

use super::{DayFile, GenConfig, Rng, STREAM_HOSTILE, STREAM_SPECIALS, SpeakerName};

/// What a special day file is.
pub type Special = &'static str;

/// The special day files, most important first, each with what it holds.
pub const SPECIAL_KINDS: &[(Special, &str)] = &[
    ("empty", "a file of 0 bytes"),
    ("frontmatter_only", "front matter and no message"),
    ("no_frontmatter", "messages and no front matter"),
    (
        "invalid_utf8",
        "bytes that are not UTF-8 in some bodies: FF FE, an overlong C0 AF, a surrogate ED A0 80, \
         a lone continuation byte, a cut sequence, F8 and F4 90 lead bytes, GBK and Latin-1 text",
    ),
    (
        "huge_line",
        "one message whose body is a single line of `huge_line_bytes` bytes",
    ),
    (
        "truncated",
        "cut off in the middle of a body line (and of a character), no final newline",
    ),
    (
        "unclosed_frontmatter",
        "front matter whose closing `---` is missing",
    ),
    ("mixed_eol", "LF, CRLF and lone CR line endings in one file"),
    ("crlf", "CRLF line endings throughout"),
    ("bom", "a UTF-8 byte-order mark"),
    (
        "yaml_bomb",
        "front matter whose anchors and aliases would expand to millions of nodes",
    ),
    ("yaml_deep", "front matter nested 400 levels deep"),
    ("binary", "NUL-filled binary data under a day file's name"),
    ("utf16", "the day in UTF-16LE with a byte-order mark"),
    (
        "odd_headers",
        "headers at impossible times, going back in time, with three spaces, a tab, no speaker, \
         no body, and body lines that look like headers",
    ),
];

/// Names that make trouble, added to the speakers of a hostile archive.
const HOSTILE_NAMES: &[&str] = &[
    "\u{1b}[31m红色\u{1b}[0m的名字",
    "\u{1b}[2J\u{1b}[H清屏者",
    "\u{1b}]0;改了标题\u{7}",
    "\u{202e}emanresu\u{202c}",
    "\u{2067}עברית\u{2069} 混排",
    "Ze\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}\u{309}\u{30a}\u{30b}\u{30c}\u{30d}\u{30e}\u{30f}\u{310}\u{311}\u{312}\u{313}\u{314}\u{315}lgo",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦一家人",
    "制表\t符",
    "双  空格  名字",
    "> 12:00:00  名字像消息头",
    "from:所有人",
    "-减号开头",
    "\u{3000}全角空格\u{3000}",
    "   ",
];

/// Pieces inserted into body lines.
const FRAGMENTS: &[&str] = &[
    "\u{1b}[2J\u{1b}[H",
    "\u{1b}[31;1;5m闪烁的红字\u{1b}[0m",
    "\u{1b}[?1049h",
    "\u{1b}[10A\u{1b}[K",
    "\u{1b}]0;窗口标题被改\u{7}",
    "\u{1b}]52;c;cm0gLXJmIH4=\u{7}",
    "\u{1b}]8;;https://example.invalid/\u{1b}\\点我\u{1b}]8;;\u{1b}\\",
    "\u{1b}[6n",
    "\u{1b}P+q544e\u{1b}\\",
    "\u{9b}32m",
    "\u{85}",
    "\u{0}",
    "\u{7}\u{7}\u{7}",
    "\u{8}\u{8}\u{8}抹掉",
    "\u{b}\u{c}",
    "\u{7f}",
    "\r",
    "\t缩进\t",
    "\u{202e}gnp.exe\u{202c}",
    "\u{2066}\u{2067}隔离\u{2069}\u{2069}",
    "\u{200f}",
    "零\u{200b}宽\u{200c}字\u{200d}符\u{feff}",
    "a\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}\u{309}\u{30a}\u{30b}\u{30c}\u{30d}\u{30e}\u{30f}\u{310}\u{311}\u{312}\u{313}\u{314}\u{315}\u{316}\u{317}\u{318}\u{319}\u{31a}",
    "👩\u{200d}👩\u{200d}👧\u{200d}👦🇨🇳🏳\u{fe0f}\u{200d}🌈1\u{fe0f}\u{20e3}👍🏿",
    "مرحبا بالعالم",
    "𠀀𠀁𪚥",
    "\u{2028}\u{2029}",
    "\u{a0}\u{3000}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
    "[[[[[[[[[[",
    "![](javascript:alert(3))",
    "[点这里](data:text/html,<script>alert(4)</script>)",
    "&#27;[2J&#x1b;]0;实体\u{7}",
    "&#x202E;实体反转",
    "&amp;amp;amp;amp;lt;b&amp;amp;gt;",
    "$(rm -rf ~) `id` %s%n%x",
    "@所有人\u{2005}",
];

/// Adds the hostile speakers, each about as active as a middling regular.
pub fn add_speakers(speakers: &mut Vec<SpeakerName>, weights: &mut Vec<f64>) {
    let mut sorted = weights.clone();
    sorted.sort_by(f64::total_cmp);
    let middling = sorted.get(sorted.len() / 2).copied().unwrap_or(1.0);
    let long: String = "很长的名字".repeat(60);
    for name in HOSTILE_NAMES.iter().map(|s| (*s).to_string()).chain([long]) {
        speakers.push(SpeakerName {
            display: name.clone(),
            nick: name,
        });
        weights.push(middling);
    }
}

/// The days that get special files: distinct, chosen by the seed.
pub fn place_specials(cfg: &GenConfig) -> Vec<(usize, Special)> {
    let kinds = SPECIAL_KINDS.len().min(cfg.days / 2);
    let mut days: Vec<usize> = (0..cfg.days).collect();
    let mut rng = Rng::for_stream(cfg.seed, STREAM_SPECIALS, 0);
    rng.shuffle(&mut days);
    let mut out: Vec<(usize, Special)> = days
        .into_iter()
        .zip(SPECIAL_KINDS.iter().map(|&(k, _)| k))
        .take(kinds)
        .collect();
    out.sort_unstable();
    out
}

/// Day `day` of a hostile archive, from its normal `text`.
pub fn day(
    cfg: &GenConfig,
    day: usize,
    name: String,
    text: String,
    special: Option<Special>,
    speakers: &[&str],
) -> DayFile {
    let mut rng = Rng::for_stream(cfg.seed, STREAM_HOSTILE, day as u64);
    let mut file = DayFile {
        name,
        bytes: Vec::new(),
        special,
        crlf: false,
        bom: false,
    };
    let Some(kind) = special else {
        let rough = roughen(&mut rng, &text, speakers);
        file.crlf = rng.chance(0.05);
        file.bom = rng.chance(0.05);
        file.bytes = finish(rough, file.crlf, file.bom);
        return file;
    };
    let (front, body) = split_front_matter(&text);
    file.bytes = match kind {
        "empty" => Vec::new(),
        "frontmatter_only" => front.as_bytes().to_vec(),
        "no_frontmatter" => body.as_bytes().to_vec(),
        "invalid_utf8" => invalid_utf8(&mut rng, &text),
        "huge_line" => huge_line(&text, cfg.huge_line_bytes),
        "truncated" => truncated(&mut rng, &text),
        "unclosed_frontmatter" => {
            let open = front.strip_suffix("---\n").unwrap_or(front);
            format!("{open}{body}").into_bytes()
        }
        "mixed_eol" => mixed_eol(&mut rng, &text),
        "crlf" => {
            file.crlf = true;
            finish(text, true, false)
        }
        "bom" => {
            file.bom = true;
            finish(text, false, true)
        }
        "yaml_bomb" => format!("{}{body}", yaml_bomb(front)).into_bytes(),
        "yaml_deep" => {
            let deep = format!("deep: {}x{}\n", "[".repeat(400), "]".repeat(400));
            format!("{}{body}", insert_in_front_matter(front, &deep)).into_bytes()
        }
        "binary" => binary(&mut rng),
        "utf16" => {
            let mut bytes = vec![0xff, 0xfe];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }
        "odd_headers" => odd_headers(front, speakers).into_bytes(),
        other => unreachable!("unknown special kind {other}"),
    };
    file
}

/// `text` split after its front matter's closing `---` line.
fn split_front_matter(text: &str) -> (&str, &str) {
    let end = text
        .match_indices("\n---\n")
        .next()
        .map_or(0, |(i, _)| i + "\n---\n".len());
    text.split_at(end)
}

/// `front` (ending in `---\n`) with `lines` added before its closing line.
fn insert_in_front_matter(front: &str, lines: &str) -> String {
    let open = front.strip_suffix("---\n").unwrap_or(front);
    format!("{open}{lines}---\n")
}

/// The line kinds of a day file, after its front matter.
fn is_header(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 12
        && line.starts_with("> ")
        && b[4] == b':'
        && b[7] == b':'
        && line.get(10..12) == Some("  ")
}

fn is_separator(line: &str) -> bool {
    line.trim().is_empty()
}

/// A byte offset of `line` on a character boundary, not at its end.
fn boundary(rng: &mut Rng, line: &str) -> usize {
    let bounds: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
    if bounds.is_empty() {
        0
    } else {
        bounds[rng.below(bounds.len())]
    }
}

/// The normal text with fragments and odd structure added.
fn roughen(rng: &mut Rng, text: &str, speakers: &[&str]) -> String {
    let (front, body) = split_front_matter(text);
    let mut out = String::with_capacity(text.len() + 4096);
    out.push_str(front);
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let content = line.trim_end_matches('\n');
        if is_header(content) {
            if rng.chance(0.006) {
                // A message at an impossible time.
                let who = speakers[rng.below(speakers.len())];
                let _ = write!(out, "> 25:61:99  {who}  \n   \n时间不对的消息  \n   \n");
            }
            if rng.chance(0.004) {
                // The clock goes back.
                let _ = write!(out, "> 00:00:01{}", &line[10..]);
            } else if rng.chance(0.004) && lines.get(i + 1).is_some_and(|l| is_separator(l)) {
                // No blank line between the header and the body.
                out.push_str(line);
                i += 2;
                continue;
            } else {
                out.push_str(line);
            }
        } else if !is_separator(content) && !content.is_empty() {
            let mut s = content.to_string();
            if rng.chance(0.04) {
                for _ in 0..rng.range(1, 2) {
                    let at = boundary(rng, &s);
                    s.insert_str(at, FRAGMENTS[rng.below(FRAGMENTS.len())]);
                }
            }
            if rng.chance(0.002) {
                let at = boundary(rng, &s);
                s.insert_str(at, &"长".repeat(8000));
            }
            out.push_str(&s);
            out.push('\n');
            if rng.chance(0.004) {
                out.push_str("> 12:34:56 这行像消息头但只有一个空格  \n");
            }
            if rng.chance(0.002) {
                out.push_str(" \u{3000}\t \n");
            }
        } else {
            out.push_str(line);
        }
        i += 1;
    }
    out
}

/// The text as bytes, with CRLF line endings and a BOM if asked.
fn finish(text: String, crlf: bool, bom: bool) -> Vec<u8> {
    let text = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if bom {
        bytes.extend_from_slice(b"\xef\xbb\xbf");
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// Invalid sequences dropped into a few body lines.
fn invalid_utf8(rng: &mut Rng, text: &str) -> Vec<u8> {
    const BAD: &[&[u8]] = &[
        b"\xff\xfe",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        b"\x80",
        b"\xe4\xb8",
        b"\xf8\x88\x80\x80\x80",
        b"\xf4\x90\x80\x80",
        // GBK for 支付 and Latin-1 for café.
        b"\xd6\xa7\xb8\xb6",
        b"caf\xe9",
    ];
    let (front, body) = split_front_matter(text);
    let mut out = front.as_bytes().to_vec();
    let mut placed = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let chosen = !is_header(content)
            && !is_separator(content)
            && (rng.chance(0.15) || placed == 0 && rng.chance(0.5));
        if chosen {
            let at = boundary(rng, content);
            out.extend_from_slice(&content.as_bytes()[..at]);
            out.extend_from_slice(BAD[placed % BAD.len()]);
            out.extend_from_slice(&content.as_bytes()[at..]);
            out.push(b'\n');
            placed += 1;
        } else {
            out.extend_from_slice(line.as_bytes());
        }
    }
    if placed == 0 {
        out.extend_from_slice(b"> 23:59:59  \xff\xfe  \n   \n\xc0\xaf  \n");
    }
    out
}

/// The day with one more message whose body is one line of `bytes` bytes
/// of mixed text, escape sequences included.
fn huge_line(text: &str, bytes: usize) -> Vec<u8> {
    let unit = "很长的一行没有换行，mixed with English words and 数字 12345，";
    let mut line = String::with_capacity(bytes + 64);
    let mut n = 0;
    while line.len() < bytes {
        line.push_str(unit);
        n += 1;
        if n % 4096 == 0 {
            line.push_str("\u{1b}[2J\u{202e}\u{9b}");
        }
    }
    format!("{text}> 23:59:59  一行很长的人  \n   \n{line}  \n   \n").into_bytes()
}

/// The file cut inside a body line, in the middle of a character where
/// one is there to cut.
fn truncated(rng: &mut Rng, text: &str) -> Vec<u8> {
    let (front, _) = split_front_matter(text);
    let starts: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .filter(|&i| {
            i > front.len() && {
                let line = text[i..].lines().next().unwrap_or("");
                !is_header(line) && !is_separator(line) && line.len() > 4
            }
        })
        .collect();
    let Some(&start) = starts.get(rng.below(starts.len().max(1))) else {
        return text.as_bytes()[..text.len() / 2].to_vec();
    };
    let line = text[start..].lines().next().unwrap_or("");
    let cut = (1..line.len())
        .find(|&i| !line.is_char_boundary(i))
        .unwrap_or(line.len() / 2);
    text.as_bytes()[..start + cut].to_vec()
}

/// Each line ending one of LF, CRLF and a lone CR.
fn mixed_eol(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 20);
    for line in text.split_inclusive('\n') {
        match line.strip_suffix('\n') {
            Some(content) => {
                out.extend_from_slice(content.as_bytes());
                out.extend_from_slice(match rng.below(3) {
                    0 => b"\n" as &[u8],
                    1 => b"\r\n",
                    _ => b"\r",
                });
            }
            None => out.extend_from_slice(line.as_bytes()),
        }
    }
    out
}

/// Front matter that a YAML parser expanding aliases would blow up on.
fn yaml_bomb(front: &str) -> String {
    let mut bomb = String::from(
        "a0: &a0 [\"啊\", \"啊\", \"啊\", \"啊\", \"啊\", \"啊\", \"啊\", \"啊\", \"啊\"]\n",
    );
    for level in 1..9 {
        let prev = level - 1;
        let _ = writeln!(
            bomb,
            "a{level}: &a{level} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]"
        );
    }
    insert_in_front_matter(front, &bomb)
}

/// Random bytes, a quarter of them NUL.
fn binary(rng: &mut Rng) -> Vec<u8> {
    (0..4096)
        .map(|_| {
            if rng.chance(0.25) {
                0
            } else {
                (rng.next_u64() & 0xff) as u8
            }
        })
        .collect()
}

/// A short day of strange headers.
fn odd_headers(front: &str, speakers: &[&str]) -> String {
    let who = |i: usize| speakers[i % speakers.len()];
    let mut s = front.to_string();
    let _ = write!(
        s,
        "> 08:00:00  {a}  \n   \n早上好  \n   \n\
         > 25:61:99  {b}  \n   \n二十五点六十一分  \n   \n\
         > 99:99:99  {c}  \n   \n全是九  \n   \n\
         > 23:59:60  {a}  \n   \n闰秒  \n   \n\
         > 09:00:00   {b}  \n   \n三个空格之后的名字  \n   \n\
         > 09:30:00\t{c}  \n   \n制表符分隔  \n   \n\
         > 10:00:00    \n   \n没有名字的人说话  \n   \n\
         > 10:30:00  {a}  \n   \n\
         > 11:00:00  {b}  \n   \n> 11:00:01 一个空格，所以是正文  \n> １２:００:００  全角数字  \n   \n\
         > 07:00:00  {c}  \n   \n时间倒流了  \n   \n\
         > 12:00:00  {a}  \n",
        a = who(1),
        b = who(2),
        c = who(3),
    );
    s
}
