//! The generator's messages as a Slack workspace export: `users.json`
//! (every speaker, plus a bot), `channels.json` (four channels), and each
//! generated day as one channel's `YYYY-MM-DD.json` (day `d` goes to
//! channel `d % 4`), in the shape of a modern export: most messages with
//! the sender's `user_profile` and a `rich_text` block repeating the text,
//! mentions as `<@U…>`, links as `<url>`, WeChat emoji codes as Slack
//! short names, images as `files`, and some threads (replies naming their
//! parent by `thread_ts`, the parent with its reply count), reactions,
//! edits, joins and bot posts. Times are read as UTC+8 and written as
//! `ts`. The total number of messages is the configuration's, exactly.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use chrono::NaiveTime;

use super::{GenMessage, Generator, Rng};

/// Bumped whenever the written export changes.
pub const VERSION: u32 = 1;

const CHANNELS: &[(&str, &str, &str)] = &[
    ("C0GENERAL", "general", "Company-wide news and questions"),
    ("C0PAYMENTS", "payments", "支付、清算与合规"),
    ("C0TECH", "tech", "Code, deploys and incidents"),
    ("C0RANDOM", "random", "其他话题 🍵"),
];

const TEAM: &str = "T0DAYBOOK";
const BOT: &str = "B0DEPLOY";
/// The offset of the generated times from UTC, in seconds.
const OFFSET: i64 = 8 * 3600;
/// A stream of the generator's random numbers not used by the day files.
const STREAM_SLACK: u64 = 101;

/// WeChat emoji codes and the Slack short names that stand for them.
const EMOJI: &[(&str, &str)] = &[
    ("强", "+1"),
    ("OK", "ok_hand"),
    ("捂脸", "face_palm"),
    ("微笑", "slightly_smiling_face"),
    ("偷笑", "smirk"),
    ("呲牙", "grin"),
    ("握手", "handshake"),
    ("抱拳", "pray"),
    ("玫瑰", "rose"),
    ("鼓掌", "clap"),
    ("憨笑", "smile"),
    ("大哭", "sob"),
    ("流泪", "cry"),
    ("奸笑", "smiling_imp"),
    ("机智", "nerd_face"),
    ("耶", "v"),
    ("拳头", "punch"),
    ("爱心", "heart"),
    ("庆祝", "tada"),
    ("红包", "red_envelope"),
];

const REACTIONS: &[&str] = &[
    "+1",
    "heart",
    "joy",
    "eyes",
    "tada",
    "pray",
    "white_check_mark",
    "rocket",
    "partyparrot",
];

/// Writes the export into `dir`; returns the bytes written.
pub fn write_export(g: &Generator, dir: &Path) -> io::Result<u64> {
    let cfg = g.config();
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
    write("users.json", &users(g))?;
    write("channels.json", &channels(g))?;
    let nicks = Nicks::new(g);
    for day in 0..cfg.days {
        let (_, name, _) = CHANNELS[day % CHANNELS.len()];
        let date = cfg.date(day);
        let msgs = g.messages_of_day(day);
        let mut rng = Rng::for_stream(cfg.seed, STREAM_SLACK, day as u64);
        let text = day_file(g, &nicks, &msgs, date, &mut rng);
        write(&format!("{name}/{}.json", date.format("%Y-%m-%d")), &text)?;
    }
    Ok(bytes)
}

fn user_id(i: usize) -> String {
    format!("U{:07X}", 0x0010_0000 + i)
}

/// A user name of ASCII letters, as Slack's handles are.
fn handle(i: usize) -> String {
    format!("user{i}")
}

fn users(g: &Generator) -> String {
    let mut s = String::from("[\n");
    for i in 0..g.speaker_count() {
        let (display, _) = g.speaker_names(i);
        let _ = write!(
            s,
            "    {{\n        \"id\": \"{}\",\n        \"team_id\": \"{TEAM}\",\n        \"name\": \"{}\",\n        \"deleted\": false,\n        \"real_name\": {},\n        \"tz\": \"Asia/Shanghai\",\n        \"tz_offset\": 28800,\n        \"profile\": {{\n            \"real_name\": {},\n            \"display_name\": {},\n            \"image_72\": \"https://avatars.example.org/{}.png\"\n        }},\n        \"is_bot\": false\n    }},\n",
            user_id(i),
            handle(i),
            json_str(display),
            json_str(display),
            json_str(display),
            user_id(i)
        );
    }
    let _ = write!(
        s,
        "    {{\n        \"id\": \"U0DEPLOYBOT\",\n        \"team_id\": \"{TEAM}\",\n        \"name\": \"deploybot\",\n        \"real_name\": \"Deploy Bot\",\n        \"profile\": {{\"real_name\": \"Deploy Bot\", \"display_name\": \"\", \"bot_id\": \"{BOT}\"}},\n        \"is_bot\": true\n    }}\n]\n"
    );
    s
}

fn channels(g: &Generator) -> String {
    let members: Vec<String> = (0..g.speaker_count())
        .map(|i| format!("\"{}\"", user_id(i)))
        .collect();
    let mut s = String::from("[\n");
    for (k, (id, name, purpose)) in CHANNELS.iter().enumerate() {
        let _ = write!(
            s,
            "    {{\n        \"id\": \"{id}\",\n        \"name\": \"{name}\",\n        \"created\": 1500000000,\n        \"creator\": \"{}\",\n        \"is_archived\": false,\n        \"is_general\": {},\n        \"members\": [{}],\n        \"topic\": {{\"value\": \"\", \"creator\": \"\", \"last_set\": 0}},\n        \"purpose\": {{\"value\": {}, \"creator\": \"{}\", \"last_set\": 1500000000}}\n    }}{}\n",
            user_id(0),
            k == 0,
            members.join(", "),
            json_str(purpose),
            user_id(0),
            if k + 1 < CHANNELS.len() { "," } else { "" }
        );
    }
    s.push_str("]\n");
    s
}

/// Speakers by the nickname others mention, longest first.
struct Nicks(Vec<(String, usize)>);

impl Nicks {
    fn new(g: &Generator) -> Self {
        let mut v: Vec<(String, usize)> = (0..g.speaker_count())
            .map(|i| (g.speaker_names(i).1.to_owned(), i))
            .collect();
        v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Nicks(v)
    }

    /// The speaker whose nickname starts `s`, and its length.
    fn at(&self, s: &str) -> Option<(usize, usize)> {
        self.0
            .iter()
            .find(|(n, _)| s.starts_with(n.as_str()))
            .map(|(n, i)| (*i, n.len()))
    }
}

/// A piece of a message.
enum Tok {
    Text(String),
    User(usize),
    Link(String),
    Emoji(&'static str),
    Bold(String),
}

/// The body as pieces, and the images it shows (as files).
fn tokens(body: &str, nicks: &Nicks, rng: &mut Rng) -> (Vec<Tok>, Vec<String>) {
    let mut toks = Vec::new();
    let mut images = Vec::new();
    let mut text = String::new();
    let mut rest = body;
    let emoji: HashMap<&str, &str> = EMOJI.iter().copied().collect();
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("![") {
            if let Some(close) = rest.find("](") {
                if let Some(end) = rest[close..].find(')') {
                    images.push(rest[close + 2..close + end].to_owned());
                    rest = &rest[close + end + 1..];
                    continue;
                }
            }
        }
        if c == '@' {
            if let Some((i, len)) = nicks.at(&rest[1..]) {
                flush(&mut toks, &mut text);
                toks.push(Tok::User(i));
                rest = &rest[1 + len..];
                continue;
            }
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || !c.is_ascii() || c == '，')
                .unwrap_or(rest.len());
            flush(&mut toks, &mut text);
            toks.push(Tok::Link(rest[..end].to_owned()));
            rest = &rest[end..];
            continue;
        }
        if c == '[' {
            if let Some(end) = rest.find(']') {
                if let Some(name) = emoji.get(&rest[1..end]) {
                    flush(&mut toks, &mut text);
                    toks.push(Tok::Emoji(name));
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut toks, &mut text);
    // Now and then a word in bold.
    if rng.chance(0.05) {
        if let Some(Tok::Text(t)) = toks.first_mut() {
            if let Some((head, tail)) = t.split_once(' ') {
                if !head.is_empty() && !head.contains(['*', '_', '~', '`']) {
                    let (head, tail) = (head.to_owned(), format!(" {tail}"));
                    toks[0] = Tok::Bold(head);
                    toks.insert(1, Tok::Text(tail));
                }
            }
        }
    }
    (toks, images)
}

fn flush(toks: &mut Vec<Tok>, text: &mut String) {
    if !text.is_empty() {
        toks.push(Tok::Text(std::mem::take(text)));
    }
}

/// The pieces as Slack's `text`: entities escaped, markup added.
fn mrkdwn(toks: &[Tok]) -> String {
    let mut s = String::new();
    for t in toks {
        match t {
            Tok::Text(x) => escape_into(&mut s, x),
            Tok::Bold(x) => {
                s.push('*');
                escape_into(&mut s, x);
                s.push('*');
            }
            Tok::User(i) => {
                let _ = write!(s, "<@{}>", user_id(*i));
            }
            Tok::Link(u) => {
                s.push('<');
                escape_into(&mut s, u);
                s.push('>');
            }
            Tok::Emoji(e) => {
                let _ = write!(s, ":{e}:");
            }
        }
    }
    s
}

fn escape_into(s: &mut String, x: &str) {
    for c in x.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            c => s.push(c),
        }
    }
}

/// The pieces as a `rich_text` block.
fn rich_text(toks: &[Tok], block_id: &str) -> String {
    let mut els = Vec::new();
    for t in toks {
        els.push(match t {
            Tok::Text(x) => format!("{{\"type\": \"text\", \"text\": {}}}", json_str(x)),
            Tok::Bold(x) => format!(
                "{{\"type\": \"text\", \"text\": {}, \"style\": {{\"bold\": true}}}}",
                json_str(x)
            ),
            Tok::User(i) => format!("{{\"type\": \"user\", \"user_id\": \"{}\"}}", user_id(*i)),
            Tok::Link(u) => format!("{{\"type\": \"link\", \"url\": {}}}", json_str(u)),
            Tok::Emoji(e) => format!("{{\"type\": \"emoji\", \"name\": \"{e}\"}}"),
        });
    }
    format!(
        "[{{\"type\": \"rich_text\", \"block_id\": \"{block_id}\", \"elements\": [{{\"type\": \"rich_text_section\", \"elements\": [{}]}}]}}]",
        els.join(", ")
    )
}

/// A message as written: its fields in order, some filled in later (a
/// parent learns its replies).
struct Out {
    ts: String,
    fields: String,
    thread_ts: Option<String>,
    replies: Vec<(usize, String)>,
}

fn day_file(
    g: &Generator,
    nicks: &Nicks,
    msgs: &[GenMessage],
    date: chrono::NaiveDate,
    rng: &mut Rng,
) -> String {
    let midnight = date.and_time(NaiveTime::MIN).and_utc().timestamp() - OFFSET;
    let mut out: Vec<Out> = Vec::with_capacity(msgs.len());
    for (k, m) in msgs.iter().enumerate() {
        let ts = format!("{}.{:06}", midnight + i64::from(m.time), 100 + k);
        let (display, _) = g.speaker_names(m.speaker);
        let uid = user_id(m.speaker);
        let mut f = String::new();
        let kind = rng.f64();
        let mut parent = None;
        if kind < 0.01 {
            let _ = write!(
                f,
                "\"type\": \"message\", \"subtype\": \"channel_join\", \"user\": \"{uid}\", \"text\": \"<@{uid}> has joined the channel\""
            );
        } else if kind < 0.025 {
            let build = rng.range(1, 9999);
            let _ = write!(
                f,
                "\"type\": \"message\", \"subtype\": \"bot_message\", \"bot_id\": \"{BOT}\", \"username\": \"deploy-bot\", \"text\": \"\", \"attachments\": [{{\"fallback\": \"Deployed build {build}\", \"pretext\": \"Deploy *finished*\", \"title\": \"build {build}\", \"title_link\": \"https://ci.example.org/builds/{build}\", \"text\": {}, \"color\": \"36a64f\", \"mrkdwn_in\": [\"text\", \"pretext\"]}}]",
                json_str(&m.body)
            );
        } else {
            let (toks, images) = tokens(&m.body, nicks, rng);
            let text = mrkdwn(&toks);
            let _ = write!(
                f,
                "\"client_msg_id\": \"{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}\", \"type\": \"message\", \"text\": {}, \"user\": \"{uid}\"",
                rng.next_u64() as u32,
                rng.next_u64() as u16,
                rng.below(4096),
                rng.below(4096),
                rng.next_u64() >> 16,
                json_str(&text)
            );
            if !images.is_empty() {
                let files: Vec<String> = images
                    .iter()
                    .enumerate()
                    .map(|(n, url)| {
                        let name = url.rsplit('/').next().unwrap_or("image.png");
                        format!(
                            "{{\"id\": \"F{:09X}\", \"created\": {}, \"name\": {}, \"title\": {}, \"mimetype\": \"image/png\", \"filetype\": \"png\", \"pretty_type\": \"PNG\", \"user\": \"{uid}\", \"mode\": \"hosted\", \"size\": {}, \"url_private\": {}, \"permalink\": \"https://daybook.example.slack.com/files/{uid}/F{:09X}/{name}\"}}",
                            k * 16 + n,
                            midnight + i64::from(m.time),
                            json_str(name),
                            json_str(name),
                            rng.range(10_000, 900_000),
                            json_str(url),
                            k * 16 + n
                        )
                    })
                    .collect();
                let _ = write!(f, ", \"files\": [{}], \"upload\": true", files.join(", "));
            }
            if rng.chance(0.03) {
                let _ = write!(
                    f,
                    ", \"edited\": {{\"user\": \"{uid}\", \"ts\": \"{}.000000\"}}",
                    midnight + i64::from(m.time) + 60
                );
            }
            let _ = write!(
                f,
                ", \"team\": \"{TEAM}\", \"user_team\": \"{TEAM}\", \"source_team\": \"{TEAM}\""
            );
            if rng.chance(0.7) {
                let _ = write!(
                    f,
                    ", \"user_profile\": {{\"avatar_hash\": \"g{:011x}\", \"image_72\": \"https://avatars.example.org/{uid}.png\", \"first_name\": {}, \"real_name\": {}, \"display_name\": {}, \"team\": \"{TEAM}\", \"name\": \"{}\", \"is_restricted\": false, \"is_ultra_restricted\": false}}",
                    rng.next_u64() >> 20,
                    json_str(display),
                    json_str(display),
                    json_str(display),
                    handle(m.speaker)
                );
                let _ = write!(f, ", \"blocks\": {}", rich_text(&toks, &format!("b{k:x}")));
            }
            if rng.chance(0.05) {
                let n = rng.range(1, 3);
                let rs: Vec<String> = (0..n)
                    .map(|_| {
                        let c = rng.range(1, 6);
                        let users: Vec<String> = (0..c)
                            .map(|_| format!("\"{}\"", user_id(rng.below(g.speaker_count()))))
                            .collect();
                        format!(
                            "{{\"name\": \"{}\", \"users\": [{}], \"count\": {c}}}",
                            rng.word(REACTIONS),
                            users.join(", ")
                        )
                    })
                    .collect();
                let _ = write!(f, ", \"reactions\": [{}]", rs.join(", "));
            }
            // A reply to an earlier message of the day that is no reply itself.
            if k > 3 && rng.chance(0.08) {
                let p = k - 1 - rng.below(k.min(20));
                if out[p].thread_ts.as_deref().is_none_or(|t| t == out[p].ts)
                    && !out[p].fields.contains("\"subtype\"")
                {
                    parent = Some(p);
                }
            }
        }
        let mut o = Out {
            ts: ts.clone(),
            fields: f,
            thread_ts: None,
            replies: Vec::new(),
        };
        if let Some(p) = parent {
            o.thread_ts = Some(out[p].ts.clone());
            out[p].thread_ts = Some(out[p].ts.clone());
            out[p].replies.push((m.speaker, ts));
        }
        out.push(o);
    }
    let mut s = String::with_capacity(out.len() * 900);
    s.push_str("[\n");
    for (k, o) in out.iter().enumerate() {
        let _ = write!(s, "    {{{}, \"ts\": \"{}\"", o.fields, o.ts);
        if let Some(t) = &o.thread_ts {
            let _ = write!(s, ", \"thread_ts\": \"{t}\"");
            if o.replies.is_empty() {
                let parent = out.iter().position(|x| &x.ts == t).unwrap_or(0);
                let _ = write!(s, ", \"parent_user_id\": \"{}\"", parent_user(&out[parent]));
            } else {
                let users: Vec<String> = o
                    .replies
                    .iter()
                    .map(|(u, _)| format!("\"{}\"", user_id(*u)))
                    .collect();
                let _ = write!(
                    s,
                    ", \"reply_count\": {}, \"reply_users_count\": {}, \"latest_reply\": \"{}\", \"reply_users\": [{}]",
                    o.replies.len(),
                    users.len(),
                    o.replies.last().map_or("", |r| r.1.as_str()),
                    users.join(", ")
                );
            }
        }
        s.push('}');
        if k + 1 < out.len() {
            s.push(',');
        }
        s.push('\n');
    }
    s.push_str("]\n");
    s
}

/// The `user` field of a written message.
fn parent_user(o: &Out) -> &str {
    o.fields
        .split("\"user\": \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("")
}

/// `s` as a JSON string.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            '/' => out.push_str("\\/"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
