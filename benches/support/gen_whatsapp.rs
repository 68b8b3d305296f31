//! The generator's archive as WhatsApp "Export chat" files: the same days,
//! speakers, times and texts as the reference format's (CJK, English,
//! emoji, links, @mentions, long paragraphs, multi-line messages), written
//! the way WhatsApp writes them.
//!
//! Every [`DAYS_PER_CHAT`] consecutive days are one chat, one file, in one
//! of three layouts in turn: Android en-GB (`DD/MM/YYYY, HH:MM - `, LF),
//! iOS en-US (`[M/D/YY, h:mm:ss AM] `, U+202F before the day-half, CRLF,
//! U+200E before the app's strings, `_chat.txt` in a folder named after the
//! chat) and Android en-US 12-hour (`M/D/YY, h:mm PM - `). Each starts with
//! the encryption notice, dated later than what follows, as real exports
//! of older chats do. WeChat emoji codes become emoji; image lines become
//! media placeholders or attached files; a few messages become system
//! lines (joins, leaves, calls), deletions, edits, locations and markup.
//! The archive holds exactly `days * msgs_per_day` messages.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{Cumulative, DayGen, GenConfig, Generator, Rng, STREAM_DAY, gen_times};

/// Days of one chat file.
pub const DAYS_PER_CHAT: usize = 50;

/// Stream of the WhatsApp-only choices, apart from the text's.
const STREAM_WHATSAPP: u64 = 6;

/// The layout of a chat file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    AndroidGb,
    Ios,
    AndroidUs,
}

/// Emoji for WeChat's codes, picked by the code.
const EMOJI: &[&str] = &[
    "👍", "😂", "🙏", "😅", "🤝", "😊", "😁", "🤔", "😭", "👏", "🎉", "❤️", "🔥", "😉", "🙈", "👌",
];

/// Names of the chats.
const CHAT_NAMES: &[&str] = &[
    "支付技术交流群",
    "Payments Guild",
    "清结算讨论组",
    "Open Banking 🇪🇺",
    "风控与合规",
    "Fintech Friday",
];

/// How many chat files the archive has.
pub fn chats(cfg: &GenConfig) -> usize {
    cfg.days.div_ceil(DAYS_PER_CHAT).max(1)
}

/// One chat file as written: its path relative to the archive and its bytes.
pub struct ChatFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Generator {
    /// Chat `chat` (0-based) as a WhatsApp export.
    pub fn whatsapp_chat(&self, chat: usize) -> ChatFile {
        let layout = match chat % 3 {
            0 => Layout::AndroidGb,
            1 => Layout::Ios,
            _ => Layout::AndroidUs,
        };
        let name = format!("{} {}", CHAT_NAMES[chat % CHAT_NAMES.len()], chat + 1);
        let first = chat * DAYS_PER_CHAT;
        let last = ((chat + 1) * DAYS_PER_CHAT).min(self.cfg.days);
        let mut w = Writer {
            layout,
            out: String::with_capacity((last - first) * self.cfg.msgs_per_day * 120),
            rng: Rng::for_stream(self.cfg.seed, STREAM_WHATSAPP, chat as u64),
            media: 0,
        };
        let mut notice = true;
        for day in first..last {
            self.whatsapp_day(day, &mut w, &mut notice, &name);
        }
        let path = match layout {
            Layout::Ios => format!("WhatsApp Chat - {name}/_chat.txt"),
            _ => format!("WhatsApp Chat with {name}.txt"),
        };
        let bytes = match layout {
            Layout::Ios => w.out.replace('\n', "\r\n").into_bytes(),
            _ => w.out.into_bytes(),
        };
        ChatFile { path, bytes }
    }

    /// The messages of day `day`, as the reference format's day file has
    /// them, written into `w`.
    fn whatsapp_day(&self, day: usize, w: &mut Writer, notice: &mut bool, chat: &str) {
        let date = self.cfg.date(day);
        let n = self.counts[day];
        let mut rng = Rng::for_stream(self.cfg.seed, STREAM_DAY, day as u64);
        let mut weights = self.weights.clone();
        for _ in 0..3 {
            let i = rng.below(weights.len());
            weights[i] *= rng.uniform(3.0, 12.0);
        }
        let speakers = Cumulative::new(&weights);
        let times = gen_times(&mut rng, n);
        let mut g = DayGen {
            rng,
            vocab: &self.vocab,
            date,
            ymd: date.format("%Y-%m-%d").to_string(),
            ymd8: date.format("%Y%m%d").to_string(),
            ym: date.format("%Y%m").to_string(),
        };
        let mut recent: Vec<&str> = Vec::with_capacity(13);
        let mut prev: Option<usize> = None;
        let mut body = String::new();
        for &t in &times {
            let mut s = speakers.pick(&mut g.rng);
            if let Some(p) = prev
                && g.rng.chance(0.22)
            {
                s = p;
            }
            let speaker = &self.speakers[s];
            body.clear();
            g.body(&mut body, t, &recent, &speaker.nick);
            if std::mem::take(notice) {
                // Dated a few days later, as exports of older chats are.
                w.notice(date + chrono::Days::new(3), t, chat);
            } else {
                w.message(date, t, &speaker.display, &body);
            }
            prev = Some(s);
            if !recent.contains(&speaker.nick.as_str()) {
                recent.push(&speaker.nick);
                if recent.len() > 12 {
                    recent.remove(0);
                }
            }
        }
    }
}

/// Writes the lines of one chat file.
struct Writer {
    layout: Layout,
    out: String,
    rng: Rng,
    /// Media files so far, for their numbers.
    media: usize,
}

impl Writer {
    /// The header of a line at second `t` of `date`, up to the name.
    fn header(&mut self, date: NaiveDate, t: u32) {
        let (h, m, s) = (t / 3600, t / 60 % 60, t % 60);
        let (y, mo, d) = (date.year(), date.month(), date.day());
        let half = |h: u32| {
            (
                if h == 0 {
                    12
                } else if h > 12 {
                    h - 12
                } else {
                    h
                },
                if h < 12 { "AM" } else { "PM" },
            )
        };
        let _ = match self.layout {
            Layout::AndroidGb => write!(self.out, "{d:02}/{mo:02}/{y}, {h:02}:{m:02} - "),
            Layout::Ios => {
                let (h12, ap) = half(h);
                write!(
                    self.out,
                    "[{mo}/{d}/{:02}, {h12}:{m:02}:{s:02}\u{202f}{ap}] ",
                    y % 100
                )
            }
            Layout::AndroidUs => {
                let (h12, ap) = half(h);
                write!(
                    self.out,
                    "{mo}/{d}/{:02}, {h12}:{m:02}\u{202f}{ap} - ",
                    y % 100
                )
            }
        };
    }

    /// The encryption notice.
    fn notice(&mut self, date: NaiveDate, t: u32, chat: &str) {
        let text = "Messages and calls are end-to-end encrypted. No one outside of this chat, \
                    not even WhatsApp, can read or listen to them.";
        self.header(date, t);
        if self.layout == Layout::Ios {
            let _ = writeln!(self.out, "{chat}: \u{200e}{text}");
        } else {
            let _ = writeln!(self.out, "{text} Tap to learn more.");
        }
    }

    fn ios(&self) -> bool {
        self.layout == Layout::Ios
    }

    /// One message of `name` at second `t` of `date`, whose text is `body`
    /// as the reference format's generator wrote it (lines ending in two
    /// spaces).
    fn message(&mut self, date: NaiveDate, t: u32, name: &str, body: &str) {
        let lrm = if self.ios() { "\u{200e}" } else { "" };
        if self.ios() && body.starts_with("![") {
            // iOS marks the lines of media, before the header too.
            self.out.push('\u{200e}');
        }
        self.header(date, t);
        let r = self.rng.f64();
        if r < 0.002 {
            let _ = writeln!(self.out, "{name} joined using this group's invite link");
            return;
        }
        if r < 0.003 {
            let _ = writeln!(self.out, "{name} left");
            return;
        }
        if r < 0.006 {
            let _ = writeln!(self.out, "{name}: {lrm}Missed voice call");
            return;
        }
        if r < 0.011 {
            let _ = writeln!(self.out, "{name}: {lrm}This message was deleted");
            return;
        }
        if r < 0.013 {
            let (lat, lon) = (30.0 + self.rng.f64() * 10.0, 110.0 + self.rng.f64() * 10.0);
            let label = if self.ios() {
                "\u{200e}Location"
            } else {
                "location"
            };
            let _ = writeln!(
                self.out,
                "{name}: {label}: https://maps.google.com/?q={lat:.6},{lon:.6}"
            );
            return;
        }
        let _ = write!(self.out, "{name}: ");
        let text = body.trim_end_matches('\n');
        if text.trim().is_empty() {
            // WhatsApp sends no empty message.
            self.out.push_str("👍\n");
            return;
        }
        let edited = self.rng.chance(0.01);
        let bold = self.rng.chance(0.01);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            let line = line.strip_suffix("  ").unwrap_or(line);
            if line.starts_with("![") {
                self.media(date, t);
                continue;
            }
            if bold && i == 0 {
                self.out.push('*');
                emoji_codes(&mut self.out, line.trim());
                self.out.push('*');
            } else {
                emoji_codes(&mut self.out, line);
            }
        }
        if edited {
            let _ = write!(self.out, " {lrm}<This message was edited>");
        }
        self.out.push('\n');
    }

    /// A photo: attached, or omitted from an export without media.
    fn media(&mut self, date: NaiveDate, t: u32) {
        self.media += 1;
        let with_media = self.rng.chance(0.5);
        let (y, mo, d) = (date.year(), date.month(), date.day());
        let _ = match (self.layout, with_media) {
            (Layout::Ios, true) => write!(
                self.out,
                "\u{200e}<attached: {:08}-PHOTO-{y}-{mo:02}-{d:02}-{:02}-{:02}-{:02}.jpg>",
                self.media,
                t / 3600,
                t / 60 % 60,
                t % 60
            ),
            (Layout::Ios, false) => write!(self.out, "\u{200e}image omitted"),
            (_, true) => write!(
                self.out,
                "IMG-{y}{mo:02}{d:02}-WA{:04}.jpg (file attached)",
                self.media % 10_000
            ),
            (_, false) => write!(self.out, "<Media omitted>"),
        };
    }
}

/// Appends `line` with WeChat's emoji codes (`[强]`) as emoji.
fn emoji_codes(out: &mut String, line: &str) {
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open..].find(']') else {
            break;
        };
        let code = &rest[open + 1..open + len];
        if code.is_empty() || code.chars().count() > 10 || code.contains(['(', ' ', '/']) {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        out.push_str(&rest[..open]);
        let k = code
            .bytes()
            .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
        out.push_str(EMOJI[k % EMOJI.len()]);
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
}
