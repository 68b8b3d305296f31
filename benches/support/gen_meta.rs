//! The generator's messages as Meta "Download your information" exports:
//! Facebook Messenger (`your_facebook_activity/messages/inbox/…`) or
//! Instagram (`your_instagram_activity/messages/inbox/…`). Every 50 days
//! are one group chat, written newest first as `message_1.json`,
//! `message_2.json` … of at most 10,000 messages each, pretty-printed
//! with every string's UTF-8 bytes escaped as Latin-1 (`\u00e6\u0094…`),
//! as Meta writes them. Images become `photos`, some links `Share`s, and
//! a few messages are stickers, calls, members added, unsent messages;
//! some have reactions. Times are read as UTC+8 and written as
//! `timestamp_ms`. The total number of messages is the configuration's,
//! exactly.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use chrono::NaiveTime;

use super::{GenMessage, Generator, Rng};

/// Bumped whenever the written export changes.
pub const VERSION: u32 = 1;

/// Days of one chat.
const DAYS_PER_CHAT: usize = 50;
/// Messages of one `message_N.json`, as Meta splits them.
const PER_FILE: usize = 10_000;
/// The offset of the generated times from UTC, in seconds.
const OFFSET: i64 = 8 * 3600;
/// A stream of the generator's random numbers not used by the day files.
const STREAM_META: u64 = 102;

const TITLES: &[&str] = &[
    "支付清算交流群 💳",
    "Fintech Friends 🚀",
    "区块链技术讨论",
    "Weekend hikes ⛰️",
];

const REACTIONS: &[&str] = &["👍", "❤️", "😆", "😮", "😢", "🔥"];

/// Writes the export into `dir`; returns the bytes written.
pub fn write_export(g: &Generator, dir: &Path, instagram: bool) -> io::Result<u64> {
    let cfg = g.config();
    let root = if instagram {
        "your_instagram_activity"
    } else {
        "your_facebook_activity"
    };
    let mut bytes = 0u64;
    for chat in 0..cfg.days.div_ceil(DAYS_PER_CHAT) {
        let days = chat * DAYS_PER_CHAT..((chat + 1) * DAYS_PER_CHAT).min(cfg.days);
        let folder = format!(
            "groupchat{chat}_{:016}",
            4_815_162_342u64 + chat as u64 * 7919
        );
        let rel = format!("{root}/messages/inbox/{folder}");
        let mut msgs = Vec::new();
        let mut speakers = vec![false; g.speaker_count()];
        for day in days {
            let date = cfg.date(day);
            let midnight = date.and_time(NaiveTime::MIN).and_utc().timestamp() - OFFSET;
            let mut rng = Rng::for_stream(cfg.seed, STREAM_META, day as u64);
            let day_msgs = g.messages_of_day(day);
            for (k, m) in day_msgs.iter().enumerate() {
                speakers[m.speaker] = true;
                let ms = (midnight + i64::from(m.time)) * 1000 + (k % 1000) as i64;
                msgs.push(message(g, m, ms, &rel, &day_msgs, &mut rng));
            }
        }
        msgs.reverse();
        let participants: Vec<String> = (0..g.speaker_count())
            .filter(|&i| speakers[i])
            .map(|i| {
                format!(
                    "    {{\n      \"name\": {}\n    }}",
                    meta_str(g.speaker_names(i).0)
                )
            })
            .collect();
        let title = format!("{} {}", TITLES[chat % TITLES.len()], chat + 1);
        for (n, part) in msgs.chunks(PER_FILE).enumerate() {
            let mut s = String::with_capacity(part.iter().map(String::len).sum::<usize>() + 4096);
            let _ = write!(
                s,
                "{{\n  \"participants\": [\n{}\n  ],\n  \"messages\": [\n{}\n  ],\n  \"title\": {},\n  \"is_still_participant\": true,\n  \"thread_path\": \"inbox/{folder}\",\n  \"magic_words\": [],\n  \"image\": {{\n    \"uri\": \"{rel}/photos/group.png\",\n    \"creation_timestamp\": 1500000000\n  }},\n  \"joinable_mode\": {{\n    \"mode\": 1,\n    \"link\": \"\"\n  }}\n}}",
                participants.join(",\n"),
                part.join(",\n"),
                meta_str(&title)
            );
            let path = dir.join(&rel).join(format!("message_{}.json", n + 1));
            std::fs::create_dir_all(path.parent().expect("a folder"))?;
            std::fs::write(&path, &s)?;
            bytes += s.len() as u64;
        }
    }
    Ok(bytes)
}

/// One message, as an indented JSON object.
fn message(
    g: &Generator,
    m: &GenMessage,
    ms: i64,
    rel: &str,
    day: &[GenMessage],
    rng: &mut Rng,
) -> String {
    let (who, _) = g.speaker_names(m.speaker);
    let mut f = vec![
        format!("\"sender_name\": {}", meta_str(who)),
        format!("\"timestamp_ms\": {ms}"),
    ];
    let other = || {
        g.speaker_names(day[(m.time as usize) % day.len()].speaker)
            .0
    };
    let kind = rng.f64();
    if kind < 0.005 {
        let added = other();
        f.push(format!(
            "\"content\": {}",
            meta_str(&format!("{who} added {added} to the group."))
        ));
        f.push("\"type\": \"Subscribe\"".into());
        f.push(format!("\"users\": [{{\"name\": {}}}]", meta_str(added)));
    } else if kind < 0.01 {
        f.push(format!(
            "\"content\": {}",
            meta_str(&format!("{who} started a call."))
        ));
        f.push("\"type\": \"Call\"".into());
        f.push(format!("\"call_duration\": {}", rng.range(0, 5400)));
    } else if kind < 0.014 {
        f.push("\"is_unsent\": true".into());
    } else if kind < 0.024 {
        f.push(format!(
            "\"sticker\": {{\"uri\": \"your_facebook_activity/messages/stickers_used/{}.png\"}}",
            369_239_263_222_822u64 + rng.below(40) as u64
        ));
    } else if let Some(url) = image(&m.body) {
        let name = url.rsplit('/').next().unwrap_or("photo.png");
        f.push(format!(
            "\"photos\": [{{\"uri\": \"{rel}/photos/{name}\", \"creation_timestamp\": {}}}]",
            ms / 1000
        ));
    } else {
        f.push(format!("\"content\": {}", meta_str(&m.body)));
        if let Some(link) = first_url(&m.body).filter(|_| rng.chance(0.5)) {
            f.push("\"type\": \"Share\"".into());
            f.push(format!("\"share\": {{\"link\": {}}}", meta_str(link)));
        }
    }
    if rng.chance(0.05) {
        let n = rng.range(1, 4);
        let rs: Vec<String> = (0..n)
            .map(|_| {
                format!(
                    "{{\"reaction\": {}, \"actor\": {}}}",
                    meta_str(rng.word(REACTIONS)),
                    meta_str(g.speaker_names(rng.below(g.speaker_count())).0)
                )
            })
            .collect();
        f.push(format!("\"reactions\": [{}]", rs.join(", ")));
    }
    f.push("\"is_geoblocked_for_viewer\": false".into());
    format!("    {{\n      {}\n    }}", f.join(",\n      "))
}

/// The URL of a body that is only an image, `![alt](url)`.
fn image(body: &str) -> Option<&str> {
    let b = body.trim();
    let rest = b.strip_prefix("![")?;
    let (_, rest) = rest.split_once("](")?;
    rest.strip_suffix(')')
}

/// The first `http(s)://` link of a body.
fn first_url(body: &str) -> Option<&str> {
    let start = body.find("http://").or_else(|| body.find("https://"))?;
    let rest = &body[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || !c.is_ascii())
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// `s` as a JSON string the way Meta writes it: ASCII as it is, every
/// other byte of its UTF-8 as a `\u00XX` escape.
fn meta_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2 + 2);
    out.push('"');
    for b in s.bytes() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\u00{b:02x}");
            }
        }
    }
    out.push('"');
    out
}
