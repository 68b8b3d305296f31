//! The generator's Telegram mode: the same days, speakers and message
//! bodies as the reference format's archive, written as one Telegram
//! Desktop "Export Telegram data" `result.json` (the account layout, with
//! `personal_information` and the chats under `chats.list`), pretty-printed
//! as tdesktop writes it (one space per level).
//!
//! Each day goes to one of [`CHATS`] chats in turn. Bodies become
//! `text`/`text_entities` with links and mentions as entities and some
//! bold; image lines become photos (a few "not included"); and on top, in
//! fixed proportions: replies to earlier messages of the day (and a few to
//! messages older than the export), service messages (joins, pins, calls,
//! invitations), reactions, edits and forwards. Times are the day's local
//! times at UTC+8, written as `date` and `date_unixtime`.

use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::Path;

use super::{Cumulative, DayGen, GenConfig, Generator, Hms, Rng, STREAM_DAY, gen_times};

/// The chats the days are spread over.
pub const CHATS: usize = 4;

/// The random stream of the Telegram extras (replies, reactions …), apart
/// from the day's own, so that bodies are those of the reference archive.
const STREAM_TELEGRAM: u64 = 6;

/// The offset of the writers' local time from UTC, in seconds.
const OFFSET: i64 = 8 * 3600;

/// What [`write_export`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TelegramWritten {
    pub bytes: u64,
    pub messages: usize,
    pub chats: usize,
}

/// The name of the chat of day `day`.
fn chat_name(i: usize) -> &'static str {
    [
        "支付技术交流群",
        "Payments Dev",
        "区块链 & Fintech",
        "周末读书会",
    ][i % CHATS]
}

/// Writes the whole export to `path` (its folder is created). Days are
/// rendered on all cores in batches and written in order.
pub fn write_export(cfg: &GenConfig, path: &Path) -> io::Result<TelegramWritten> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let generator = Generator::new(&GenConfig {
        hostile: false,
        ..cfg.clone()
    });
    // Message ids: one sequence per chat, in day order.
    let mut first_id = vec![0u64; cfg.days];
    let mut next = [1u64; CHATS];
    for (day, id) in first_id.iter_mut().enumerate() {
        let c = day % CHATS;
        *id = next[c];
        next[c] += generator.day_messages(day) as u64;
    }
    let file = std::fs::File::create(path)?;
    let mut out = io::BufWriter::with_capacity(1 << 20, file);
    let mut bytes = 0u64;
    let mut put = |out: &mut io::BufWriter<std::fs::File>, s: &str| -> io::Result<()> {
        bytes += s.len() as u64;
        out.write_all(s.as_bytes())
    };
    put(
        &mut out,
        "{\n \"about\": \"Here is the data you requested (generated for daybook's benchmarks).\",\n \"personal_information\": {\n  \"user_id\": 7000001,\n  \"first_name\": \"Bench\",\n  \"last_name\": \"Account\",\n  \"phone_number\": \"+00 000 0000\",\n  \"username\": \"@bench\",\n  \"bio\": \"\"\n },\n \"contacts\": {\n  \"about\": \"Contacts.\",\n  \"list\": []\n },\n \"chats\": {\n  \"about\": \"The chats.\",\n  \"list\": [\n",
    )?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut messages = 0;
    for chat in 0..CHATS.min(cfg.days.max(1)) {
        if chat > 0 {
            put(&mut out, ",\n")?;
        }
        put(
            &mut out,
            &format!(
                "   {{\n    \"name\": \"{}\",\n    \"type\": \"private_supergroup\",\n    \"id\": {},\n    \"messages\": [\n",
                chat_name(chat),
                1_500_000_000 + chat
            ),
        )?;
        let days: Vec<usize> = (chat..cfg.days).step_by(CHATS).collect();
        let mut first = true;
        for batch in days.chunks(threads * 4) {
            let rendered: Vec<(String, usize)> = std::thread::scope(|scope| {
                let handles: Vec<_> = batch
                    .chunks(batch.len().div_ceil(threads).max(1))
                    .map(|part| {
                        let generator = &generator;
                        let first_id = &first_id;
                        scope.spawn(move || {
                            part.iter()
                                .map(|&d| render_day(generator, d, first_id[d]))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().expect("a generator thread"))
                    .collect()
            });
            for (text, n) in rendered {
                if text.is_empty() {
                    continue;
                }
                if !first {
                    put(&mut out, ",\n")?;
                }
                first = false;
                put(&mut out, &text)?;
                messages += n;
            }
        }
        put(&mut out, "\n    ]\n   }")?;
    }
    put(&mut out, "\n  ]\n }\n}\n")?;
    out.flush()?;
    Ok(TelegramWritten {
        bytes,
        messages,
        chats: CHATS.min(cfg.days.max(1)),
    })
}

/// Appends `s` as a JSON string as tdesktop writes it: `\"`, `\\`, `\n`,
/// `\r`, `\t`, U+2028/2029 as `\u`, other controls as `\xHH`.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A run of a message's text.
enum Run<'a> {
    Plain(&'a str),
    Link(&'a str),
    Mention(&'a str),
    Bold(&'a str),
}

/// Splits a body into plain text, links (`http…` up to a space) and
/// mentions (`@` up to a space or `?`).
fn runs(body: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut plain = 0;
    let b = body.as_bytes();
    while at < b.len() {
        let rest = &body[at..];
        let kind = if rest.starts_with("http://") || rest.starts_with("https://") {
            1
        } else if b[at] == b'@' && (at == 0 || b[at - 1] == b' ' || b[at - 1] == b'\n') {
            2
        } else {
            0
        };
        if kind == 0 {
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let len = rest
            .find(|c: char| c.is_whitespace() || (kind == 2 && c == '?'))
            .unwrap_or(rest.len());
        if len <= 1 {
            at += 1;
            continue;
        }
        if plain < at {
            out.push(Run::Plain(&body[plain..at]));
        }
        out.push(if kind == 1 {
            Run::Link(&rest[..len])
        } else {
            Run::Mention(&rest[..len])
        });
        at += len;
        plain = at;
    }
    if plain < body.len() {
        out.push(Run::Plain(&body[plain..]));
    }
    out
}

const SERVICE: &[(&str, u32)] = &[
    ("join_group_by_link", 30),
    ("pin_message", 25),
    ("phone_call", 20),
    ("invite_members", 15),
    ("edit_group_title", 5),
    ("group_call", 5),
];

const REACTIONS: &[&str] = &["👍", "❤", "🔥", "😂", "🎉", "🤔", "👏"];

/// One day's messages, as the items of a `messages` array (no trailing
/// comma), and how many.
fn render_day(g: &Generator, day: usize, first_id: u64) -> (String, usize) {
    let cfg = &g.cfg;
    let date = cfg.date(day);
    let n = g.counts[day];
    let mut rng = Rng::for_stream(cfg.seed, STREAM_DAY, day as u64);
    // The speaker weights and times are drawn as the reference day draws them.
    let mut weights = g.weights.clone();
    for _ in 0..3 {
        let i = rng.below(weights.len());
        weights[i] *= rng.uniform(3.0, 12.0);
    }
    let speakers = Cumulative::new(&weights);
    let times = gen_times(&mut rng, n);
    let mut dg = DayGen {
        rng,
        vocab: &g.vocab,
        date,
        ymd: date.format("%Y-%m-%d").to_string(),
        ymd8: date.format("%Y%m%d").to_string(),
        ym: date.format("%Y%m").to_string(),
    };
    let mut extra = Rng::for_stream(cfg.seed, STREAM_TELEGRAM, day as u64);
    let service = Cumulative::new(
        &SERVICE
            .iter()
            .map(|&(_, w)| f64::from(w))
            .collect::<Vec<_>>(),
    );
    let midnight = date
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp()
        - OFFSET;
    let mut out = String::with_capacity(n * 450);
    let mut recent: Vec<&str> = Vec::with_capacity(13);
    let mut prev: Option<usize> = None;
    let mut body = String::new();
    for (k, &t) in times.iter().enumerate() {
        let mut s = speakers.pick(&mut dg.rng);
        if let Some(p) = prev
            && dg.rng.chance(0.22)
        {
            s = p;
        }
        let speaker = &g.speakers[s];
        body.clear();
        dg.body(&mut body, t, &recent, &speaker.nick);
        prev = Some(s);
        if !recent.contains(&speaker.nick.as_str()) {
            recent.push(&speaker.nick);
            if recent.len() > 12 {
                recent.remove(0);
            }
        }
        let id = first_id + k as u64;
        if k > 0 {
            out.push_str(",\n");
        }
        let is_service = extra.chance(0.012);
        let _ = write!(
            out,
            "     {{\n      \"id\": {id},\n      \"type\": \"{}\",\n      \"date\": \"{}T{}\",\n      \"date_unixtime\": \"{}\",\n",
            if is_service { "service" } else { "message" },
            dg.ymd,
            Hms(t),
            midnight + i64::from(t)
        );
        let user = format!("user{}", 1000 + s);
        if is_service {
            out.push_str("      \"actor\": ");
            json_str(&mut out, &speaker.display);
            let _ = write!(out, ",\n      \"actor_id\": \"{user}\",\n");
            let action = SERVICE[service.pick(&mut extra)].0;
            let _ = writeln!(out, "      \"action\": \"{action}\",");
            match action {
                "pin_message" if k > 0 => {
                    let _ = writeln!(
                        out,
                        "      \"message_id\": {},",
                        id - 1 - extra.below(k) as u64
                    );
                }
                "phone_call" | "group_call" => {
                    let _ = writeln!(out, "      \"duration_seconds\": {},", extra.range(5, 3600));
                    out.push_str("      \"discard_reason\": \"hangup\",\n");
                }
                "invite_members" => {
                    let other = &g.speakers[extra.below(g.speakers.len())];
                    out.push_str("      \"members\": [\n       ");
                    json_str(&mut out, &other.display);
                    out.push_str("\n      ],\n");
                }
                "edit_group_title" => {
                    out.push_str("      \"title\": ");
                    json_str(&mut out, chat_name(day % CHATS));
                    out.push_str(",\n");
                }
                _ => {}
            }
            out.push_str("      \"text\": \"\",\n      \"text_entities\": []\n     }");
            continue;
        }
        out.push_str("      \"from\": ");
        json_str(&mut out, &speaker.display);
        let _ = write!(out, ",\n      \"from_id\": \"{user}\",\n");
        if extra.chance(0.02) {
            let _ = writeln!(
                out,
                "      \"edited\": \"{}T{}\",",
                dg.ymd,
                Hms((t + 60).min(86_399))
            );
            let _ = writeln!(
                out,
                "      \"edited_unixtime\": \"{}\",",
                midnight + i64::from(t) + 60
            );
        }
        if extra.chance(0.01) {
            out.push_str("      \"forwarded_from\": ");
            json_str(&mut out, chat_name(day + 1));
            out.push_str(",\n");
        }
        if k > 0 && extra.chance(0.06) {
            let parent = if extra.chance(0.03) {
                // Older than the export.
                first_id.saturating_sub(1 + extra.below(1000) as u64)
            } else {
                id - 1 - extra.below(k.min(40)) as u64
            };
            let _ = writeln!(out, "      \"reply_to_message_id\": {parent},");
        }
        // The body, without the reference format's line-end spaces.
        let mut text = String::with_capacity(body.len());
        for (i, line) in body.lines().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(line.trim_end_matches(' '));
        }
        if text.starts_with("![") {
            let name = format!(
                "photos/photo_{id}@{}_{}.jpg",
                date.format("%d-%m-%Y"),
                Hms(t).to_string().replace(':', "-")
            );
            if extra.chance(0.1) {
                out.push_str("      \"photo\": \"(File not included. Change data exporting settings to download.)\",\n");
            } else {
                out.push_str("      \"photo\": ");
                json_str(&mut out, &name);
                let _ = writeln!(
                    out,
                    ",\n      \"photo_file_size\": {},",
                    extra.range(20_000, 400_000)
                );
            }
            out.push_str("      \"width\": 1280,\n      \"height\": 960,\n");
            text.clear();
        }
        let mut parts = runs(&text);
        if parts.len() == 1 && extra.chance(0.03) {
            if let Run::Plain(p) = parts[0] {
                if let Some((i, _)) = p.char_indices().nth(p.chars().count() / 2) {
                    parts = vec![Run::Plain(&p[..i]), Run::Bold(&p[i..])];
                }
            }
        }
        // `text`: a string when it is one plain run, else an array.
        out.push_str("      \"text\": ");
        match parts.as_slice() {
            [] => out.push_str("\"\""),
            [Run::Plain(p)] => json_str(&mut out, p),
            _ => {
                out.push_str("[\n");
                for (i, r) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(",\n");
                    }
                    match r {
                        Run::Plain(p) => {
                            out.push_str("       ");
                            json_str(&mut out, p);
                        }
                        other => entity(&mut out, other, "       "),
                    }
                }
                out.push_str("\n      ]");
            }
        }
        out.push_str(",\n      \"text_entities\": [");
        for (i, r) in parts.iter().enumerate() {
            out.push_str(if i > 0 { ",\n" } else { "\n" });
            entity(&mut out, r, "       ");
        }
        out.push_str(if parts.is_empty() { "]" } else { "\n      ]" });
        if extra.chance(0.03) {
            out.push_str(",\n      \"reactions\": [");
            let m = extra.range(1, 3);
            for i in 0..m {
                out.push_str(if i > 0 { ",\n" } else { "\n" });
                let _ = write!(
                    out,
                    "       {{\n        \"type\": \"emoji\",\n        \"count\": {},\n        \"emoji\": \"{}\"\n       }}",
                    extra.range(1, 9),
                    REACTIONS[extra.below(REACTIONS.len())]
                );
            }
            out.push_str("\n      ]");
        }
        out.push_str("\n     }");
    }
    (out, n)
}

/// One `text_entities` object.
fn entity(out: &mut String, r: &Run<'_>, indent: &str) {
    let (kind, text) = match *r {
        Run::Plain(t) => ("plain", t),
        Run::Link(t) => ("link", t),
        Run::Mention(t) => ("mention", t),
        Run::Bold(t) => ("bold", t),
    };
    let _ = write!(
        out,
        "{indent}{{\n{indent} \"type\": \"{kind}\",\n{indent} \"text\": "
    );
    json_str(out, text);
    let _ = write!(out, "\n{indent}}}");
}
