//! The generator's messages as IRC logs of four channels on one network,
//! each in another client's format (day `d` goes to channel `d % 4`):
//!
//! | channel | client | files |
//! |---|---|---|
//! | `#payments` | ZNC | `znc/libera/#payments/YYYY-MM-DD.log` |
//! | `#general` | irssi | `irclogs/libera/#general.log`, one growing file with day markers |
//! | `#tech` | WeeChat | `weechat/irc.libera.#tech.weechatlog`, one growing file |
//! | `#random` | Supybot | `supybot/#random.YYYY-MM-DD.log` |
//!
//! Speakers get ASCII nicks (some with `@` or `+`); a mention that opens a
//! message becomes IRC's `nick: `; an image becomes its link; a body of
//! several lines, or longer than an IRC line, becomes several lines of the
//! same speaker at the same time, as clients send them. Among the lines:
//! joins before a speaker's first word of the day, quits, parts, actions,
//! nick and mode changes, topics, and a bot whose notices carry mIRC bold
//! and colour codes. Each day has exactly as many lines as the day file
//! has messages (what does not fit is left out), so the logs hold the
//! configuration's number of messages.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::vocab::{EN_NAMES, PINYIN};
use super::{GenMessage, Generator, Rng};

/// Bumped whenever the written logs change.
pub const VERSION: u32 = 2;

/// A stream of the generator's random numbers not used by the day files.
const STREAM_IRC: u64 = 102;

/// The longest text of one line, in bytes (clients split longer ones).
const MAX_TEXT: usize = 400;

const CHANNELS: [&str; 4] = ["#payments", "#general", "#tech", "#random"];

const QUITS: &[&str] = &[
    "Ping timeout: 240 seconds",
    "Quit: Leaving",
    "Remote host closed the connection",
    "Read error: Connection reset by peer",
    "Quit: 下班了 👋",
    "Client Quit",
];

/// Writes the logs into `dir`; returns the bytes written.
pub fn write_logs(g: &Generator, dir: &Path) -> io::Result<u64> {
    let cfg = g.config();
    let nicks = Nicks::new(g);
    let mut bytes = 0u64;
    let mut write = |rel: &str, text: &str| -> io::Result<()> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&p, text)?;
        bytes += text.len() as u64;
        Ok(())
    };
    let mut irssi = String::new();
    let mut weechat = String::new();
    for day in 0..cfg.days {
        let date = cfg.date(day);
        let msgs = g.messages_of_day(day);
        let mut rng = Rng::for_stream(cfg.seed, STREAM_IRC, day as u64);
        let channel = CHANNELS[day % CHANNELS.len()];
        let lines = day_lines(&nicks, &msgs, channel, &mut rng);
        let ymd = date.format("%Y-%m-%d");
        match day % CHANNELS.len() {
            0 => {
                let mut s = String::with_capacity(lines.len() * 90);
                for l in &lines {
                    znc(&mut s, l);
                }
                write(&format!("znc/libera/{channel}/{ymd}.log"), &s)?;
            }
            1 => {
                if irssi.is_empty() {
                    let _ = writeln!(
                        irssi,
                        "--- Log opened {} 00:00:00 {}",
                        date.format("%a %b %d"),
                        date.year()
                    );
                } else {
                    let _ = writeln!(irssi, "--- Day changed {}", date.format("%a %b %d %Y"));
                }
                for l in &lines {
                    irssi_line(&mut irssi, l, channel);
                }
            }
            2 => {
                for l in &lines {
                    weechat_line(&mut weechat, l, date, channel);
                }
            }
            _ => {
                let mut s = String::with_capacity(lines.len() * 90);
                for l in &lines {
                    supybot(&mut s, l, date, channel);
                }
                write(&format!("supybot/{channel}.{ymd}.log"), &s)?;
            }
        }
    }
    if !irssi.is_empty() {
        let last = cfg.date(cfg.days - 1);
        let _ = writeln!(
            irssi,
            "--- Log closed {} 23:59:59 {}",
            last.format("%a %b %d"),
            last.year()
        );
        write("irclogs/libera/#general.log", &irssi)?;
    }
    if !weechat.is_empty() {
        write("weechat/irc.libera.#tech.weechatlog", &weechat)?;
    }
    Ok(bytes)
}

/// Speakers' IRC nicks, and their mode prefixes.
struct Nicks {
    irc: Vec<String>,
    modes: Vec<&'static str>,
    /// The nickname others mention (as the day files write it), longest
    /// first, with its speaker.
    mentioned: Vec<(String, usize)>,
}

impl Nicks {
    fn new(g: &Generator) -> Self {
        let words: Vec<&str> = EN_NAMES
            .split_whitespace()
            .chain(PINYIN.split_whitespace())
            .collect();
        let mut rng = Rng::for_stream(g.config().seed, STREAM_IRC, u64::MAX);
        let irc = (0..g.speaker_count())
            .map(|i| {
                let w = words[i % words.len()];
                match i / words.len() {
                    0 => w.to_owned(),
                    n if n % 2 == 1 => format!("{w}_{n}"),
                    n => format!("{w}{n}"),
                }
            })
            .collect();
        let modes = (0..g.speaker_count())
            .map(|_| match rng.below(20) {
                0 => "@",
                1 | 2 => "+",
                _ => "",
            })
            .collect();
        let mut mentioned: Vec<(String, usize)> = (0..g.speaker_count())
            .map(|i| (g.speaker_names(i).1.to_owned(), i))
            .collect();
        mentioned.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Nicks {
            irc,
            modes,
            mentioned,
        }
    }

    /// The speaker whose nickname starts `s`, and its length.
    fn at(&self, s: &str) -> Option<(usize, usize)> {
        self.mentioned
            .iter()
            .find(|(n, _)| s.starts_with(n.as_str()))
            .map(|(n, i)| (*i, n.len()))
    }
}

/// One line of a log, before a client's layout.
struct Line {
    time: u32,
    nick: String,
    mode: &'static str,
    what: What,
}

enum What {
    Say(String),
    Act(String),
    Notice(String),
    Join,
    Part(String),
    Quit(String),
    Nick(String),
    Mode(String),
    Topic(String),
}

/// The day's messages as log lines: exactly as many as messages.
fn day_lines(nicks: &Nicks, msgs: &[GenMessage], channel: &str, rng: &mut Rng) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(msgs.len() + 8);
    let mut seen = std::collections::HashSet::new();
    let mut last = 0;
    let line = |time, s: usize, what| Line {
        time,
        nick: nicks.irc[s].clone(),
        mode: nicks.modes[s],
        what,
    };
    for m in msgs {
        if out.len() >= msgs.len() {
            break;
        }
        let s = m.speaker;
        if seen.insert(s) && rng.chance(0.3) {
            out.push(line(m.time.saturating_sub(30).max(last), s, What::Join));
        }
        last = m.time;
        let r = rng.f64();
        if r < 0.01 {
            out.push(line(m.time, s, What::Quit(rng.word(QUITS).to_owned())));
            continue;
        } else if r < 0.015 {
            out.push(line(m.time, s, What::Part("再见".to_owned())));
            continue;
        } else if r < 0.018 {
            let new = format!("{}_away", nicks.irc[s]);
            out.push(line(m.time, s, What::Nick(new)));
            continue;
        } else if r < 0.02 {
            let who = &nicks.irc[rng.below(nicks.irc.len())];
            out.push(line(m.time, s, What::Mode(format!("+v {who}"))));
            continue;
        } else if r < 0.021 {
            let topic = format!("{channel} · 今日话题: {}", first_line(&m.body));
            out.push(line(m.time, s, What::Topic(topic)));
            continue;
        } else if r < 0.031 {
            let build = rng.range(1, 9999);
            out.push(Line {
                time: m.time,
                nick: "deploybot".to_owned(),
                mode: "",
                what: What::Notice(format!(
                    "\u{2}build {build}\u{2}: \u{3}03passed\u{f} https://ci.example.org/builds/{build}"
                )),
            });
            continue;
        }
        let text = irc_text(&m.body, nicks);
        let act = r < 0.06;
        // Clients send no empty lines: a blank line between paragraphs
        // is left out (a body of only blank lines stays one empty line).
        let mut parts: Vec<&str> = text
            .split('\n')
            .filter(|p| !p.trim().is_empty())
            .flat_map(split_long)
            .collect();
        if parts.is_empty() {
            parts.push("");
        }
        for part in parts {
            let mut part = part.to_owned();
            if rng.chance(0.02) {
                if let Some(sp) = part.find(' ') {
                    part.insert(sp, '\u{2}');
                    part.insert(0, '\u{2}');
                }
            }
            out.push(line(
                m.time,
                s,
                if act {
                    What::Act(part)
                } else {
                    What::Say(part)
                },
            ));
        }
    }
    out.truncate(msgs.len());
    out
}

fn first_line(s: &str) -> &str {
    let l = s.lines().next().unwrap_or("");
    let mut end = l.len().min(60);
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    &l[..end]
}

/// `s` in pieces of at most [`MAX_TEXT`] bytes, cut on char boundaries.
fn split_long(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while rest.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out.push(rest);
    out
}

/// A body as IRC text: images as their links, mentions as nicks (`nick:`
/// when it opens the message).
fn irc_text(body: &str, nicks: &Nicks) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("![") {
            if let Some(close) = rest.find("](") {
                if let Some(end) = rest[close..].find(')') {
                    out.push_str(&rest[close + 2..close + end]);
                    rest = &rest[close + end + 1..];
                    continue;
                }
            }
        }
        if c == '@' {
            if let Some((i, len)) = nicks.at(&rest[1..]) {
                out.push_str(&nicks.irc[i]);
                if out.len() == nicks.irc[i].len() {
                    out.push(':');
                }
                rest = &rest[1 + len..];
                // The day files end a mention with a space, two, nothing or
                // the `?` the exporter leaves for U+2005; IRC with a space.
                rest = rest.trim_start_matches(' ');
                rest = rest.strip_prefix('?').unwrap_or(rest);
                if !rest.is_empty() {
                    out.push(' ');
                }
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn hms(t: u32) -> (u32, u32, u32) {
    (t / 3600, t / 60 % 60, t % 60)
}

fn host(nick: &str) -> String {
    format!(
        "~{}@{}.users.libera.example",
        nick.to_lowercase(),
        nick.len()
    )
}

fn znc(s: &mut String, l: &Line) {
    let (h, m, sec) = hms(l.time);
    let _ = write!(s, "[{h:02}:{m:02}:{sec:02}] ");
    let n = &l.nick;
    let _ = match &l.what {
        What::Say(t) => writeln!(s, "<{}{n}> {t}", l.mode),
        What::Act(t) => writeln!(s, "* {n} {t}"),
        What::Notice(t) => writeln!(s, "-{n}- {t}"),
        What::Join => writeln!(s, "*** Joins: {n} ({})", host(n)),
        What::Part(r) => writeln!(s, "*** Parts: {n} ({}) ({r})", host(n)),
        What::Quit(r) => writeln!(s, "*** Quits: {n} ({}) ({r})", host(n)),
        What::Nick(new) => writeln!(s, "*** {n} is now known as {new}"),
        What::Mode(m) => writeln!(s, "*** {n} sets mode: {m}"),
        What::Topic(t) => writeln!(s, "*** {n} changes topic to '{t}'"),
    };
}

fn irssi_line(s: &mut String, l: &Line, channel: &str) {
    let (h, m, _) = hms(l.time);
    let _ = write!(s, "{h:02}:{m:02} ");
    let n = &l.nick;
    let mode = if l.mode.is_empty() { " " } else { l.mode };
    let _ = match &l.what {
        What::Say(t) => writeln!(s, "<{mode}{n}> {t}"),
        What::Act(t) => writeln!(s, " * {n} {t}"),
        What::Notice(t) => writeln!(s, "-{n}({}:{channel})- {t}", host(n)),
        What::Join => writeln!(s, "-!- {n} [{}] has joined {channel}", host(n)),
        What::Part(r) => writeln!(s, "-!- {n} [{}] has left {channel} [{r}]", host(n)),
        What::Quit(r) => writeln!(s, "-!- {n} [{}] has quit [{r}]", host(n)),
        What::Nick(new) => writeln!(s, "-!- {n} is now known as {new}"),
        What::Mode(m) => writeln!(s, "-!- mode/{channel} [{m}] by {n}"),
        What::Topic(t) => writeln!(s, "-!- {n} changed the topic of {channel} to: {t}"),
    };
}

fn weechat_line(s: &mut String, l: &Line, date: NaiveDate, channel: &str) {
    let (h, m, sec) = hms(l.time);
    let _ = write!(s, "{} {h:02}:{m:02}:{sec:02}\t", date.format("%Y-%m-%d"));
    let n = &l.nick;
    let _ = match &l.what {
        What::Say(t) => writeln!(s, "{}{n}\t{t}", l.mode),
        What::Act(t) => writeln!(s, " *\t{n} {t}"),
        What::Notice(t) => writeln!(s, "--\tNotice({n}) -> {channel}: {t}"),
        What::Join => writeln!(s, "-->\t{n} ({}) has joined {channel}", host(n)),
        What::Part(r) => writeln!(s, "<--\t{n} ({}) has left {channel} ({r})", host(n)),
        What::Quit(r) => writeln!(s, "<--\t{n} ({}) has quit ({r})", host(n)),
        What::Nick(new) => writeln!(s, "--\t{n} is now known as {new}"),
        What::Mode(m) => writeln!(s, "--\tMode {channel} [{m}] by {n}"),
        What::Topic(t) => writeln!(s, "--\t{n} has changed topic for {channel} to \"{t}\""),
    };
}

fn supybot(s: &mut String, l: &Line, date: NaiveDate, channel: &str) {
    let (h, m, sec) = hms(l.time);
    let _ = write!(s, "{}T{h:02}:{m:02}:{sec:02}  ", date.format("%Y-%m-%d"));
    let n = &l.nick;
    let _ = match &l.what {
        What::Say(t) => writeln!(s, "<{n}> {t}"),
        What::Act(t) => writeln!(s, "* {n} {t}"),
        What::Notice(t) => writeln!(s, "-{n}- {t}"),
        What::Join => writeln!(s, "*** {n} <{n}!{}> has joined {channel}", host(n)),
        What::Part(r) => writeln!(s, "*** {n} <{n}!{}> has left {channel} ({r})", host(n)),
        What::Quit(r) => writeln!(s, "*** {n} <{n}!{}> has quit IRC ({r})", host(n)),
        What::Nick(new) => writeln!(s, "*** {n} is now known as {new}"),
        What::Mode(m) => writeln!(s, "*** {n} sets mode: {m}"),
        What::Topic(t) => writeln!(s, "*** {n} changes topic to \"{t}\""),
    };
}
