//! The generator's messages as LINE text exports: every 50 days are one
//! group chat, one file each, in English (`Chat history in "…"`, `Mon,
//! 8/19/2019`, 24-hour times), Japanese (`[LINE] …のトーク履歴`,
//! `2019/08/19(月)`, `午前9:05`) or Chinese (`[LINE] …的聊天记录`,
//! `2026/1/30周五`, `上午09:32`) in turn, as `HH:MM<TAB>name<TAB>text` lines
//! with multi-line texts going on below. Images become `[Photo]` (and its
//! translations), and a few lines are stickers, calls, members joining
//! and unsent messages. The total number of messages is the
//! configuration's, exactly.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use chrono::Datelike;

use super::{Generator, Rng};

/// Bumped whenever the written export changes.
pub const VERSION: u32 = 1;

/// Days of one chat.
const DAYS_PER_CHAT: usize = 50;
/// A stream of the generator's random numbers not used by the day files.
const STREAM_LINE: u64 = 103;

const TITLES: &[&str] = &["支付清算交流群", "Fintech Friends", "区块链技术讨论"];

/// A UI language's words.
struct Lang {
    /// The file's name and first line for a group called `{}`.
    title: fn(&str) -> String,
    saved: &'static str,
    day: fn(chrono::NaiveDate) -> String,
    time: fn(u32) -> String,
    photo: &'static str,
    sticker: &'static str,
    joined: &'static str,
    unsent: &'static str,
    call: &'static str,
}

const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

fn twelve(t: u32, am: &str, pm: &str, pad: bool) -> String {
    let (h, m) = (t / 3600, t / 60 % 60);
    let half = if h < 12 { am } else { pm };
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    if pad {
        format!("{half}{h12:02}:{m:02}")
    } else {
        format!("{half}{h12}:{m:02}")
    }
}

const LANGS: &[Lang] = &[
    Lang {
        title: |g| format!("Chat history in \"{g}\""),
        saved: "Saved on: 1/30/2026, 22:11",
        day: |d| {
            format!(
                "{}, {}/{}/{}",
                WEEKDAYS_EN[d.weekday().num_days_from_monday() as usize],
                d.month(),
                d.day(),
                d.year()
            )
        },
        time: |t| format!("{:02}:{:02}", t / 3600, t / 60 % 60),
        photo: "[Photo]",
        sticker: "[Sticker]",
        joined: "joined the group.",
        unsent: "unsent a message.",
        call: "☎ Call time",
    },
    Lang {
        title: |g| format!("[LINE] {g}のトーク履歴"),
        saved: "保存日時：2026/01/30 22:11",
        day: |d| {
            format!(
                "{}/{:02}/{:02}({})",
                d.year(),
                d.month(),
                d.day(),
                WEEKDAYS_JA[d.weekday().num_days_from_monday() as usize]
            )
        },
        time: |t| twelve(t, "午前", "午後", false),
        photo: "[写真]",
        sticker: "[スタンプ]",
        joined: "がグループに参加しました。",
        unsent: "がメッセージの送信を取り消しました",
        call: "☎ 通話時間",
    },
    Lang {
        title: |g| format!("[LINE] {g}的聊天记录"),
        saved: "保存日期：2026/1/30 22:11",
        day: |d| {
            format!(
                "{}/{}/{}{}",
                d.year(),
                d.month(),
                d.day(),
                WEEKDAYS_ZH[d.weekday().num_days_from_monday() as usize]
            )
        },
        time: |t| twelve(t, "上午", "下午", true),
        photo: "[照片]",
        sticker: "[贴图]",
        joined: "加入了群组。",
        unsent: "撤回了一条消息",
        call: "☎ 通话时长",
    },
];

/// Writes the export into `dir`; returns the bytes written.
pub fn write_export(g: &Generator, dir: &Path) -> io::Result<u64> {
    let cfg = g.config();
    let mut bytes = 0u64;
    std::fs::create_dir_all(dir)?;
    for chat in 0..cfg.days.div_ceil(DAYS_PER_CHAT) {
        let lang = &LANGS[chat % LANGS.len()];
        let group = format!("{} {}", TITLES[chat % TITLES.len()], chat + 1);
        let title = (lang.title)(&group);
        let mut s = String::new();
        if chat % LANGS.len() == 0 {
            s.push('\u{feff}');
        }
        let _ = write!(s, "{title}\n{}\n", lang.saved);
        let days = chat * DAYS_PER_CHAT..((chat + 1) * DAYS_PER_CHAT).min(cfg.days);
        for day in days {
            let mut rng = Rng::for_stream(cfg.seed, STREAM_LINE, day as u64);
            let _ = write!(s, "\n{}\n", (lang.day)(cfg.date(day)));
            for m in g.messages_of_day(day) {
                let who = g.speaker_names(m.speaker).0;
                let time = (lang.time)(m.time);
                let kind = rng.f64();
                if kind < 0.005 {
                    let _ = writeln!(s, "{time}\t\t{who}{}{}", sep(lang), lang.joined);
                } else if kind < 0.009 {
                    let _ = writeln!(s, "{time}\t\t{who}{}{}", sep(lang), lang.unsent);
                } else if kind < 0.013 {
                    let secs = rng.range(5, 3600);
                    let _ = writeln!(
                        s,
                        "{time}\t{who}\t{} {}:{:02}",
                        lang.call,
                        secs / 60,
                        secs % 60
                    );
                } else if kind < 0.025 {
                    let _ = writeln!(s, "{time}\t{who}\t{}", lang.sticker);
                } else if m.body.trim_start().starts_with("![") {
                    let _ = writeln!(s, "{time}\t{who}\t{}", lang.photo);
                } else {
                    let _ = write!(s, "{time}\t{who}\t");
                    for (i, l) in m.body.split('\n').enumerate() {
                        if i > 0 {
                            s.push('\n');
                        }
                        s.push_str(&guard(l));
                    }
                    s.push('\n');
                }
            }
        }
        let name = format!("{}.txt", title.replace('"', ""));
        std::fs::write(dir.join(&name), &s)?;
        bytes += s.len() as u64;
    }
    Ok(bytes)
}

/// English puts a space between a name and what they did.
fn sep(lang: &Lang) -> &'static str {
    if lang.photo == "[Photo]" { " " } else { "" }
}

/// A line of a text as written: tabs (which LINE's lines use between
/// fields) as spaces, and a line that would read as a day line
/// (`2019/08/19…`) indented, so that every message stays one.
fn guard(l: &str) -> String {
    let l = l.replace('\t', " ");
    let b = l.as_bytes();
    if b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'/' | b'.' | b'-') {
        format!(" {l}")
    } else {
        l
    }
}
