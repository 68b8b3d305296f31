//! The generator's messages written as `DiscordChatExporter` JSON exports,
//! for the benchmarks and for trying the reader on something large.
//!
//! The days of the archive are dealt out to a few channels of one guild
//! (day `i` to channel `i % channels`); each channel's messages are
//! written in `[part N]` files of at most `part_size` messages, as DCE
//! partitions a large export, indented as DCE writes them and with every
//! field it writes for a message (author with roles and avatar,
//! attachments, embeds, stickers, reactions with their users, mentions,
//! references). The text is the reference format's, made Discord's:
//! image lines become attachments, `@nick` mentions become `<@id>` with
//! the user in `mentions`, a few messages get `**bold**` or `` `code` ``,
//! link previews, replies, reactions, edits, joins and pins. Times carry
//! the exporter's offset (`+08:00`) and milliseconds. The output is a pure
//! function of the configuration, like the rest of the generator.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use super::{GenMessage, Generator, Rng};

/// Bumped whenever the Discord output changes, so cached archives are rebuilt.
pub const VERSION: u32 = 1;

/// The stream of the Discord-only choices (replies, reactions …).
const STREAM_DISCORD: u64 = 6;

/// How the messages are laid out into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Channels the days are dealt out to.
    pub channels: usize,
    /// Messages per `[part N]` file.
    pub part_size: usize,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            channels: 4,
            part_size: 10_000,
        }
    }
}

const GUILD_ID: u64 = 1_000_000_000_000_000_001;
const CHANNEL_ID: u64 = 1_100_000_000_000_000_000;
const MESSAGE_ID: u64 = 1_200_000_000_000_000_000;
const USER_ID: u64 = 1_300_000_000_000_000_000;
const CHANNEL_NAMES: &[&str] = &["综合", "payments", "区块链", "off-topic", "公告", "dev"];
const REACTIONS: &[&str] = &["👍", "😂", "❤️", "🎉", "🤔", "👀", "🙏", "🔥"];

/// The file names and bytes written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiscordWritten {
    pub files: Vec<String>,
    pub bytes: u64,
    pub messages: usize,
}

/// Writes the archive of `generator` as Discord exports into `dir`
/// (created if missing), one thread per channel.
pub fn write_discord(
    generator: &Generator,
    layout: Layout,
    dir: &Path,
) -> io::Result<DiscordWritten> {
    std::fs::create_dir_all(dir)?;
    let channels = layout.channels.max(1);
    let results: Vec<io::Result<DiscordWritten>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..channels)
            .map(|c| scope.spawn(move || write_channel(generator, layout, c, dir)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a writer thread"))
            .collect()
    });
    let mut all = DiscordWritten::default();
    for r in results {
        let w = r?;
        all.files.extend(w.files);
        all.bytes += w.bytes;
        all.messages += w.messages;
    }
    all.files.sort();
    Ok(all)
}

/// One channel's files.
fn write_channel(
    generator: &Generator,
    layout: Layout,
    channel: usize,
    dir: &Path,
) -> io::Result<DiscordWritten> {
    let cfg = generator.config();
    let channels = layout.channels.max(1);
    let name = channel_name(channel);
    let id = CHANNEL_ID + channel as u64;
    let mut w = Writer {
        generator,
        rng: Rng::for_stream(cfg.seed, STREAM_DISCORD, channel as u64),
        channel_id: id,
        next_id: MESSAGE_ID + (channel as u64) * 100_000_000,
        recent: Vec::new(),
        out: String::new(),
        in_part: 0,
    };
    let mut written = DiscordWritten::default();
    let mut part = 1;
    let file_name = |part: usize| {
        let p = if part == 1 {
            String::new()
        } else {
            format!(" [part {part}]")
        };
        format!("Bench Guild - Text Channels - {name} [{id}]{p}.json")
    };
    w.start(&name);
    for day in (channel..cfg.days).step_by(channels) {
        let date = cfg.date(day);
        for m in generator.messages_of_day(day) {
            if w.in_part == layout.part_size.max(1) {
                let text = w.finish();
                written.bytes += text.len() as u64;
                std::fs::write(dir.join(file_name(part)), text)?;
                written.files.push(file_name(part));
                part += 1;
                w.start(&name);
            }
            w.message(date, &m);
            written.messages += 1;
        }
    }
    let text = w.finish();
    written.bytes += text.len() as u64;
    std::fs::write(dir.join(file_name(part)), text)?;
    written.files.push(file_name(part));
    Ok(written)
}

fn channel_name(i: usize) -> String {
    let base = CHANNEL_NAMES[i % CHANNEL_NAMES.len()];
    if i < CHANNEL_NAMES.len() {
        base.to_owned()
    } else {
        format!("{base}-{}", i / CHANNEL_NAMES.len() + 1)
    }
}

/// A JSON string literal (non-ASCII kept as it is, as DCE writes it).
fn q(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Writer<'g> {
    generator: &'g Generator,
    rng: Rng,
    channel_id: u64,
    next_id: u64,
    /// Ids of recent messages, for replies and pins.
    recent: Vec<u64>,
    out: String,
    in_part: usize,
}

impl Writer<'_> {
    fn start(&mut self, name: &str) {
        self.out.clear();
        self.in_part = 0;
        let _ = write!(
            self.out,
            "{{\n  \"guild\": {{\n    \"id\": \"{GUILD_ID}\",\n    \"name\": \"Bench Guild\",\n    \"iconUrl\": \"https://cdn.discordapp.com/icons/{GUILD_ID}/a_0f1e2d.png\"\n  }},\n  \"channel\": {{\n    \"id\": \"{}\",\n    \"type\": \"GuildTextChat\",\n    \"categoryId\": \"{}\",\n    \"category\": \"Text Channels\",\n    \"name\": ",
            self.channel_id,
            CHANNEL_ID - 1
        );
        q(&mut self.out, name);
        self.out.push_str(",\n    \"topic\": null\n  },\n  \"dateRange\": {\n    \"after\": null,\n    \"before\": null\n  },\n  \"exportedAt\": \"2026-06-24T21:07:32.5155894+08:00\",\n  \"messages\": [");
    }

    fn finish(&mut self) -> String {
        let _ = write!(self.out, "\n  ],\n  \"messageCount\": {}\n}}", self.in_part);
        std::mem::take(&mut self.out)
    }

    fn user(&mut self, indent: &str, speaker: usize, roles: bool) {
        let (display, _) = self.generator.speaker_names(speaker);
        let uid = USER_ID + speaker as u64;
        let i2 = format!("{indent}  ");
        let _ = write!(
            self.out,
            "{{\n{i2}\"id\": \"{uid}\",\n{i2}\"name\": \"user{speaker}\",\n{i2}\"discriminator\": \"0000\",\n{i2}\"nickname\": "
        );
        q(&mut self.out, display);
        let _ = write!(self.out, ",\n{i2}\"color\": null,\n{i2}\"isBot\": false,\n");
        if roles {
            let _ = write!(
                self.out,
                "{i2}\"roles\": [\n{i2}  {{\n{i2}    \"id\": \"1400000000000000001\",\n{i2}    \"name\": \"成员\",\n{i2}    \"color\": \"#3498DB\",\n{i2}    \"position\": 1\n{i2}  }}\n{i2}],\n"
            );
        }
        let _ = write!(
            self.out,
            "{i2}\"avatarUrl\": \"https://cdn.discordapp.com/avatars/{uid}/{:016x}.png?size=512\"\n{indent}}}",
            uid.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        );
    }

    fn message(&mut self, date: chrono::NaiveDate, m: &GenMessage) {
        let id = self.next_id;
        self.next_id += 1;
        let r = self.rng.f64();
        let (kind, system) = if r < 0.004 {
            ("GuildMemberJoin", Some("Joined the server."))
        } else if r < 0.005 && !self.recent.is_empty() {
            ("ChannelPinnedMessage", Some("Pinned a message."))
        } else {
            ("Default", None)
        };
        let reply = (system.is_none() && !self.recent.is_empty() && self.rng.chance(0.08))
            .then(|| *self.rng.pick(&self.recent));
        let pinned_target = (kind == "ChannelPinnedMessage").then(|| *self.rng.pick(&self.recent));
        let kind = if reply.is_some() { "Reply" } else { kind };
        // The text: the body's lines (an image line becomes an attachment).
        let mut content = String::new();
        let mut image: Option<&str> = None;
        for line in m.body.lines() {
            let line = line.trim_end_matches(' ');
            if line.starts_with("![") && line.ends_with(')') {
                image = line.rfind("](").map(|k| &line[k + 2..line.len() - 1]);
                continue;
            }
            if !content.is_empty() {
                content.push('\n');
            }
            content.push_str(line);
        }
        let mut mentions: Vec<usize> = Vec::new();
        let content = match system {
            Some(s) => s.to_owned(),
            None => self.discordify(&content, &mut mentions),
        };
        let secs = m.time;
        let ms = self.rng.below(1000);
        let stamp = format!(
            "{date}T{:02}:{:02}:{:02}.{ms:03}+08:00",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        let edited = (system.is_none() && self.rng.chance(0.03)).then(|| {
            let later = (secs + 60 + self.rng.below(600) as u32).min(86_399);
            format!(
                "\"{date}T{:02}:{:02}:{:02}.{ms:03}+08:00\"",
                later / 3600,
                later / 60 % 60,
                later % 60
            )
        });
        let i = "      ";
        self.out.push_str(if self.in_part == 0 {
            "\n    {\n"
        } else {
            ",\n    {\n"
        });
        let _ = write!(
            self.out,
            "{i}\"id\": \"{id}\",\n{i}\"type\": \"{kind}\",\n{i}\"timestamp\": \"{stamp}\",\n{i}\"timestampEdited\": {},\n{i}\"callEndedTimestamp\": null,\n{i}\"isPinned\": false,\n{i}\"content\": ",
            edited.as_deref().unwrap_or("null")
        );
        q(&mut self.out, &content);
        let _ = write!(self.out, ",\n{i}\"author\": ");
        self.user(i, m.speaker, true);
        let _ = write!(self.out, ",\n{i}\"attachments\": [");
        if let Some(url) = image {
            let file = url.rsplit('/').next().unwrap_or(url);
            let size = 20_000 + self.rng.below(2_000_000);
            let _ = write!(
                self.out,
                "\n{i}  {{\n{i}    \"id\": \"{}\",\n{i}    \"url\": \"https://cdn.discordapp.com/attachments/{}/{id}/{file}\",\n{i}    \"fileName\": \"{file}\",\n{i}    \"fileSizeBytes\": {size}\n{i}  }}\n{i}",
                id + 7,
                self.channel_id
            );
        }
        let _ = write!(self.out, "],\n{i}\"components\": [],\n{i}\"embeds\": [");
        if system.is_none() && self.rng.chance(0.5) {
            if let Some(url) = content.split_whitespace().find(|w| w.starts_with("http")) {
                let url = url.to_owned();
                let _ = write!(self.out, "\n{i}  {{\n{i}    \"title\": ");
                let title: String = content.chars().take(40).collect();
                q(&mut self.out, title.lines().next().unwrap_or(""));
                let _ = write!(self.out, ",\n{i}    \"url\": ");
                q(&mut self.out, &url);
                let _ = write!(
                    self.out,
                    ",\n{i}    \"timestamp\": null,\n{i}    \"description\": \"\",\n{i}    \"images\": [],\n{i}    \"fields\": [],\n{i}    \"inlineEmojis\": []\n{i}  }}\n{i}"
                );
            }
        }
        let _ = write!(self.out, "],\n{i}\"stickers\": [],\n{i}\"reactions\": [");
        if system.is_none() && self.rng.chance(0.06) {
            let n = self.rng.range(1, 3);
            for k in 0..n {
                let emoji = REACTIONS[(self.rng.below(REACTIONS.len()) + k) % REACTIONS.len()];
                let count = self.rng.range(1, 5);
                let _ = write!(
                    self.out,
                    "{}\n{i}  {{\n{i}    \"emoji\": {{\n{i}      \"id\": \"\",\n{i}      \"name\": \"{emoji}\",\n{i}      \"code\": \"emoji\",\n{i}      \"isAnimated\": false,\n{i}      \"imageUrl\": \"https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg/1f44d.svg\"\n{i}    }},\n{i}    \"count\": {count},\n{i}    \"users\": [",
                    if k == 0 { "" } else { "," }
                );
                for u in 0..count.min(2) {
                    let who = self.rng.below(self.generator.speaker_count());
                    self.out.push_str(if u == 0 { "\n" } else { ",\n" });
                    let _ = write!(self.out, "{i}      ");
                    self.user(&format!("{i}      "), who, false);
                }
                let _ = write!(self.out, "\n{i}    ]\n{i}  }}");
            }
            let _ = write!(self.out, "\n{i}");
        }
        let _ = write!(self.out, "],\n{i}\"mentions\": [");
        for (k, &who) in mentions.iter().enumerate() {
            self.out.push_str(if k == 0 { "\n" } else { ",\n" });
            let _ = write!(self.out, "{i}  ");
            self.user(&format!("{i}  "), who, true);
        }
        if !mentions.is_empty() {
            let _ = write!(self.out, "\n{i}");
        }
        self.out.push(']');
        if let Some(target) = reply.or(pinned_target) {
            let _ = write!(
                self.out,
                ",\n{i}\"reference\": {{\n{i}  \"type\": \"Default\",\n{i}  \"messageId\": \"{target}\",\n{i}  \"channelId\": \"{}\",\n{i}  \"guildId\": \"{GUILD_ID}\"\n{i}}}",
                self.channel_id
            );
        }
        let _ = write!(self.out, ",\n{i}\"inlineEmojis\": []\n    }}");
        self.in_part += 1;
        self.recent.push(id);
        if self.recent.len() > 50 {
            self.recent.remove(0);
        }
    }

    /// The reference format's text made Discord's: `@nick` as `<@id>`
    /// (the user added to `mentions`), and now and then some markdown.
    fn discordify(&mut self, text: &str, mentions: &mut Vec<usize>) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        while let Some(at) = rest.find('@') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            // The longest nickname the text goes on with.
            let found = (0..self.generator.speaker_count())
                .filter(|&s| {
                    let nick = self.generator.speaker_names(s).1;
                    !nick.is_empty() && after.starts_with(nick)
                })
                .max_by_key(|&s| self.generator.speaker_names(s).1.len());
            if let Some(s) = found {
                let _ = write!(out, "<@{}>", USER_ID + s as u64);
                if !mentions.contains(&s) {
                    mentions.push(s);
                }
                rest = &after[self.generator.speaker_names(s).1.len()..];
            } else {
                out.push('@');
                rest = after;
            }
        }
        out.push_str(rest);
        let r = self.rng.f64();
        if r < 0.02 && !out.contains('\n') && !out.is_empty() {
            out = format!("**{out}**");
        } else if r < 0.03 && !out.is_empty() {
            out = format!("```\n{out}\n```");
        } else if r < 0.04 {
            out.push_str(" `cargo test`");
        } else if r < 0.045 {
            out.push_str(" ||剧透||");
        }
        out
    }
}
