//! A deterministic generator of synthetic WeChat-style day files.
//!
//! Normal mode writes one Jekyll markdown file per day in the
//! reference format (front matter, then `> HH:MM:SS  Speaker  ` headers,
//! three-space separator lines and bodies ending in two spaces), with the
//! same texture: sentences assembled from a small part-of-speech grammar
//! over a payments/fintech vocabulary with English tech words, short
//! replies, about 1% long paragraphs of 500 to 12000 characters, WeChat
//! emoji codes, @mentions of recent speakers, image lines, URLs, shared
//! files and article titles, English and mixed messages, multi-line bodies
//! (about 2.4%), empty bodies (about 0.3%), Zipf-like speakers and bursty,
//! strictly increasing times.
//!
//! The word lists are in `vocab.rs` (earlier words are more frequent); the
//! names speakers are made of are invented. The output is a pure function of
//! [`GenConfig`]: each day has its own stream (`SplitMix64`) seeded from
//! `(seed, day index)`.
//!
//! With [`GenConfig::hostile`] the archive is also nasty, in the ways
//! `hostile.rs` describes: escape sequences, controls and bidi characters
//! in bodies and names, broken encodings, huge lines, odd headers, YAML
//! bombs, and special day files (empty, binary, truncated, …) listed by
//! [`write_archive_report`].
//!
//! With [`GenConfig::format`] set to [`GenFormat::Slack`] the same
//! messages are written as a Slack workspace export instead (see
//! `gen_slack.rs`): channels, users, threads, reactions, files, bots and
//! joins; with [`GenFormat::Discord`], as `DiscordChatExporter` JSON
//! exports (see `gen_discord.rs`): channels of one guild in `[part N]`
//! files, replies, reactions, attachments, previews, edits, joins and pins.
//! [`GenFormat::Messenger`] and [`GenFormat::Instagram`] write them
//! as Meta's JSON exports (`gen_meta.rs`), [`GenFormat::Line`] as LINE's
//! text exports (`gen_line.rs`), [`GenFormat::Telegram`] as one Telegram
//! Desktop export, `result.json` (see `gen_telegram.rs`). With
//! [`GenFormat::Irc`] they are written as IRC logs (see `gen_irc.rs`): ZNC,
//! irssi, WeeChat and Supybot logs of four channels, with joins, quits,
//! actions, nick and mode changes, mIRC codes and mode prefixes.
//!
//! Shared by `benches/daybook.rs`, `examples/gen_archive.rs` and the tests
//! through `#[path]` modules; only `std` and `chrono`.

#![allow(
    dead_code,
    reason = "included by both the bench and the example, each uses a part"
)]

#[path = "gen_discord.rs"]
pub mod discord;
#[path = "gen_line.rs"]
mod gen_line;
#[path = "gen_meta.rs"]
mod gen_meta;
#[path = "hostile.rs"]
mod hostile;
#[path = "gen_irc.rs"]
mod irc;
#[path = "gen_slack.rs"]
mod slack;
#[path = "gen_telegram.rs"]
mod telegram;
#[path = "vocab.rs"]
pub mod vocab;
#[path = "gen_whatsapp.rs"]
pub mod whatsapp;

#[allow(
    unused_imports,
    reason = "each includer uses a part: the example the kinds, the tests the type"
)]
pub use hostile::{SPECIAL_KINDS, Special};

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Datelike, Days, NaiveDate};

use vocab::{
    ARTICLE_SITES, CITIES, CLAUSES_PER_SENTENCE, EN_NAMES, EN_SENTENCES, END_PUNCT, ENUM_PREFIX,
    FILE_EXTS, GIVEN, HOUR_PROFILE, LOWER_ALNUM, MIXED_SENTENCES, NICK_CJK, NOUN, ORGS,
    PARAGRAPH_SEPS, PINYIN, POS_KEYS, REPOS, ROLES, SHORT_REPLIES, SURNAMES, TEMPLATES,
    TOKEN_CHARS, WECHAT_EMOJI,
};

/// What to generate. The output is a pure function of these fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenConfig {
    /// Number of consecutive days, one file each.
    pub days: usize,
    /// Average messages per day; the archive holds exactly `days * msgs_per_day`.
    pub msgs_per_day: usize,
    /// Number of distinct speakers.
    pub speakers: usize,
    pub seed: u64,
    /// The first day.
    pub start: NaiveDate,
    /// The dates of the days, in order, instead of `days` days from `start`
    /// (empty: consecutive days). `days` must be its length.
    pub dates: Vec<NaiveDate>,
    /// Also write nasty input (see `hostile.rs`).
    pub hostile: bool,
    /// The size in bytes of the one-line body of the `huge_line` special day.
    pub huge_line_bytes: usize,
    /// The export format written.
    pub format: GenFormat,
}

/// The export format the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GenFormat {
    /// The reference format: one Jekyll day post per day.
    #[default]
    Jekyll,
    /// A Slack workspace export: each day one channel's day file.
    Slack,
    /// WhatsApp "Export chat" files, one per chat of several days
    /// (`gen_whatsapp.rs`).
    WhatsApp,
    /// `DiscordChatExporter` JSON exports, laid out as the layout says.
    Discord(discord::Layout),
    /// Facebook Messenger's JSON export: every 50 days one chat.
    Messenger,
    /// Instagram's JSON export, as Messenger's below `your_instagram_activity/`.
    Instagram,
    /// LINE's text export: every 50 days one chat file.
    Line,
    /// A Telegram Desktop export of the whole account: one `result.json`.
    Telegram,
    /// IRC logs: each day one channel's, in one of four clients' formats.
    Irc,
}

impl GenFormat {
    /// The format called `name` (`jekyll`, `slack`, `whatsapp`, `discord`,
    /// `messenger`, `instagram`, `line`, `telegram`, `irc`).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "jekyll" | "wechat" | "reference" => Some(GenFormat::Jekyll),
            "slack" => Some(GenFormat::Slack),
            "whatsapp" => Some(GenFormat::WhatsApp),
            "discord" | "dce" => Some(GenFormat::Discord(discord::Layout::default())),
            "messenger" | "facebook" => Some(GenFormat::Messenger),
            "instagram" => Some(GenFormat::Instagram),
            "line" => Some(GenFormat::Line),
            "telegram" => Some(GenFormat::Telegram),
            "irc" => Some(GenFormat::Irc),
            _ => None,
        }
    }
}

impl Default for GenConfig {
    /// The Python generator's defaults: 30 days of 200 messages, 120 speakers.
    fn default() -> Self {
        Self {
            days: 30,
            msgs_per_day: 200,
            speakers: 120,
            seed: 1,
            start: NaiveDate::from_ymd_opt(2018, 1, 22).expect("valid date"),
            dates: Vec::new(),
            hostile: false,
            huge_line_bytes: 5 << 20,
            format: GenFormat::Jekyll,
        }
    }
}

impl GenConfig {
    /// A short name that changes whenever the output would.
    pub fn key(&self) -> String {
        let mut key = format!(
            "v{GENERATOR_VERSION}-d{}-m{}-k{}-s{}-{}",
            self.days, self.msgs_per_day, self.speakers, self.seed, self.start
        );
        if !self.dates.is_empty() {
            let list: String = self
                .dates
                .iter()
                .map(|d| d.format("%Y%m%d").to_string())
                .collect();
            let _ = write!(key, "-dates{:016x}", fnv(&list));
        }
        if self.hostile {
            let _ = write!(key, "-hostile{}", self.huge_line_bytes);
        }
        match self.format {
            GenFormat::Jekyll
            | GenFormat::WhatsApp
            | GenFormat::Discord(_)
            | GenFormat::Telegram
            | GenFormat::Irc => {}
            GenFormat::Slack => {
                let _ = write!(key, "-slack{}", slack::VERSION);
            }
            GenFormat::Messenger => {
                let _ = write!(key, "-messenger{}", gen_meta::VERSION);
            }
            GenFormat::Instagram => {
                let _ = write!(key, "-instagram{}", gen_meta::VERSION);
            }
            GenFormat::Line => {
                let _ = write!(key, "-line{}", gen_line::VERSION);
            }
        }
        if self.format == GenFormat::WhatsApp {
            key.push_str("-whatsapp");
        }
        if self.format == GenFormat::Irc {
            let _ = write!(key, "-irc{}", irc::VERSION);
        }
        if self.format == GenFormat::Telegram {
            key.push_str("-telegram");
        }
        if let GenFormat::Discord(layout) = self.format {
            let _ = write!(
                key,
                "-discord{}-c{}-p{}",
                discord::VERSION,
                layout.channels,
                layout.part_size
            );
        }
        key
    }

    /// The date of day `day` (0-based).
    pub fn date(&self, day: usize) -> NaiveDate {
        self.dates
            .get(day)
            .copied()
            .unwrap_or_else(|| self.start + Days::new(day as u64))
    }

    /// Total number of messages the archive holds.
    pub fn messages(&self) -> usize {
        self.days * self.msgs_per_day
    }
}

/// Bumped whenever the generated text changes, so cached archives are rebuilt.
pub const GENERATOR_VERSION: u32 = 2;

/// FNV-1a, for keys.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The file name and contents of day `day` (0-based) of the archive.
///
/// Builds the speaker table and the day sizes each time; to render many
/// days, build a [`Generator`] once.
pub fn day_file(cfg: &GenConfig, day: usize) -> (String, String) {
    Generator::new(cfg).day_file(day)
}

/// Writes every day file of the archive into `dir` (created if missing;
/// other files are left alone), on all cores. Returns the bytes written.
pub fn write_archive(cfg: &GenConfig, dir: &Path) -> io::Result<u64> {
    write_archive_report(cfg, dir).map(|w| w.bytes)
}

/// What [`write_archive_report`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub bytes: u64,
    /// The special day files of a hostile archive: file name and kind, by date.
    pub specials: Vec<(String, Special)>,
    /// Files written with CRLF line endings, and with a byte-order mark.
    pub crlf: usize,
    pub bom: usize,
}

/// [`write_archive`], also saying which special files a hostile archive got.
pub fn write_archive_report(cfg: &GenConfig, dir: &Path) -> io::Result<Written> {
    std::fs::create_dir_all(dir)?;
    if cfg.format == GenFormat::Telegram {
        return telegram::write_export(cfg, &dir.join("result.json")).map(|w| Written {
            bytes: w.bytes,
            specials: Vec::new(),
            crlf: 0,
            bom: 0,
        });
    }
    let generator = Generator::new(cfg);
    if cfg.format == GenFormat::Irc {
        return irc::write_logs(&generator, dir).map(|bytes| Written {
            bytes,
            specials: Vec::new(),
            crlf: 0,
            bom: 0,
        });
    }
    let other = match cfg.format {
        GenFormat::Jekyll
        | GenFormat::WhatsApp
        | GenFormat::Discord(_)
        | GenFormat::Telegram
        | GenFormat::Irc => None,
        GenFormat::Slack => Some(slack::write_export(&generator, dir)),
        GenFormat::Messenger => Some(gen_meta::write_export(&generator, dir, false)),
        GenFormat::Instagram => Some(gen_meta::write_export(&generator, dir, true)),
        GenFormat::Line => Some(gen_line::write_export(&generator, dir)),
    };
    if let Some(written) = other {
        return written.map(|bytes| Written {
            bytes,
            specials: Vec::new(),
            crlf: 0,
            bom: 0,
        });
    }
    if cfg.format == GenFormat::WhatsApp {
        return write_whatsapp(&generator, dir);
    }
    if let GenFormat::Discord(layout) = cfg.format {
        return discord::write_discord(&generator, layout, dir).map(|w| Written {
            bytes: w.bytes,
            specials: Vec::new(),
            crlf: 0,
            bom: 0,
        });
    }
    let next = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    let crlf = AtomicUsize::new(0);
    let bom = AtomicUsize::new(0);
    let error: Mutex<Option<io::Error>> = Mutex::new(None);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(cfg.days.max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let day = next.fetch_add(1, Ordering::Relaxed);
                    if day >= cfg.days || error.lock().expect("not poisoned").is_some() {
                        break;
                    }
                    let file = generator.day_bytes(day);
                    match std::fs::write(dir.join(&file.name), &file.bytes) {
                        Ok(()) => {
                            bytes.fetch_add(file.bytes.len(), Ordering::Relaxed);
                            crlf.fetch_add(usize::from(file.crlf), Ordering::Relaxed);
                            bom.fetch_add(usize::from(file.bom), Ordering::Relaxed);
                        }
                        Err(e) => {
                            error.lock().expect("not poisoned").get_or_insert(e);
                            break;
                        }
                    }
                }
            });
        }
    });
    match error.into_inner().expect("not poisoned") {
        Some(e) => Err(e),
        None => Ok(Written {
            bytes: bytes.into_inner() as u64,
            specials: generator
                .specials
                .iter()
                .map(|&(day, kind)| (generator.file_name(day), kind))
                .collect(),
            crlf: crlf.into_inner(),
            bom: bom.into_inner(),
        }),
    }
}

/// [`write_archive_report`] for WhatsApp: one file per chat, on all cores.
fn write_whatsapp(generator: &Generator, dir: &Path) -> io::Result<Written> {
    let chats = whatsapp::chats(&generator.cfg);
    let next = AtomicUsize::new(0);
    let written: Mutex<(u64, usize)> = Mutex::new((0, 0));
    let error: Mutex<Option<io::Error>> = Mutex::new(None);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(chats);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let chat = next.fetch_add(1, Ordering::Relaxed);
                    if chat >= chats || error.lock().expect("not poisoned").is_some() {
                        break;
                    }
                    let file = generator.whatsapp_chat(chat);
                    let path = dir.join(&file.path);
                    let result = path
                        .parent()
                        .map_or(Ok(()), std::fs::create_dir_all)
                        .and_then(|()| std::fs::write(&path, &file.bytes));
                    match result {
                        Ok(()) => {
                            let mut w = written.lock().expect("not poisoned");
                            w.0 += file.bytes.len() as u64;
                            w.1 += usize::from(file.path.ends_with("_chat.txt"));
                        }
                        Err(e) => {
                            error.lock().expect("not poisoned").get_or_insert(e);
                            break;
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = error.into_inner().expect("not poisoned") {
        return Err(e);
    }
    let (bytes, crlf) = written.into_inner().expect("not poisoned");
    Ok(Written {
        bytes,
        specials: Vec::new(),
        crlf,
        bom: 0,
    })
}

/// One day file as written: its name, bytes and what was done to it.
#[derive(Debug, Clone)]
pub struct DayFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub special: Option<Special>,
    pub crlf: bool,
    pub bom: bool,
}

/// Everything shared by the days of one archive: vocabulary, speakers and
/// day sizes. Cheap to build (well under a millisecond for 500 speakers).
#[derive(Debug)]
pub struct Generator {
    cfg: GenConfig,
    vocab: Vocab,
    speakers: Vec<SpeakerName>,
    /// Base activity of each speaker (Zipf-like over a shuffled order).
    weights: Vec<f64>,
    /// Messages of each day; they add up to `days * msgs_per_day`.
    counts: Vec<usize>,
    /// Days replaced by a special file (hostile mode), by day index.
    specials: Vec<(usize, Special)>,
}

#[derive(Debug, Clone)]
struct SpeakerName {
    /// As written in headers.
    display: String,
    /// The longer group nickname others @mention.
    nick: String,
}

impl Generator {
    pub fn new(cfg: &GenConfig) -> Self {
        assert!(
            cfg.dates.is_empty() || cfg.dates.len() == cfg.days,
            "GenConfig::dates must hold `days` dates"
        );
        let (mut speakers, mut weights) = make_speakers(cfg.speakers, cfg.seed);
        let mut specials = Vec::new();
        if cfg.hostile {
            hostile::add_speakers(&mut speakers, &mut weights);
            specials = hostile::place_specials(cfg);
        }
        Self {
            cfg: cfg.clone(),
            vocab: Vocab::new(),
            speakers,
            weights,
            counts: day_counts(cfg),
            specials,
        }
    }

    /// The file name of day `day`.
    pub fn file_name(&self, day: usize) -> String {
        format!("{}-chat.markdown", self.cfg.date(day).format("%Y-%m-%d"))
    }

    /// Day `day` as written: in hostile mode roughened, or replaced by its
    /// special file.
    pub fn day_bytes(&self, day: usize) -> DayFile {
        let (name, text) = self.day_file(day);
        if !self.cfg.hostile {
            return DayFile {
                name,
                bytes: text.into_bytes(),
                special: None,
                crlf: false,
                bom: false,
            };
        }
        let special = self
            .specials
            .iter()
            .find(|&&(d, _)| d == day)
            .map(|&(_, kind)| kind);
        let speakers: Vec<&str> = self.speakers.iter().map(|s| s.display.as_str()).collect();
        hostile::day(&self.cfg, day, name, text, special, &speakers)
    }

    /// Number of messages of day `day`.
    pub fn day_messages(&self, day: usize) -> usize {
        self.counts[day]
    }

    /// The file name and contents of day `day` (0-based).
    pub fn day_file(&self, day: usize) -> (String, String) {
        let date = self.cfg.date(day);
        let ymd = date.format("%Y-%m-%d").to_string();
        let name = format!("{ymd}-chat.markdown");
        let n = self.counts[day];
        let mut rng = Rng::for_stream(self.cfg.seed, STREAM_DAY, day as u64);

        // Each day has a few talkative speakers of its own.
        let mut weights = self.weights.clone();
        for _ in 0..3 {
            let i = rng.below(weights.len());
            weights[i] *= rng.uniform(3.0, 12.0);
        }
        let speakers = Cumulative::new(&weights);
        let times = gen_times(&mut rng, n);

        let mut out = String::with_capacity(n * 200 + 200);
        let _ = write!(
            out,
            "---\nlayout:     source \ntitle:      \"{ymd}-WeChat\"\n\
             date:       {ymd} 12:00:00\nauthor:     PaymentGroup\n\
             lines:      {n} \ntag:\t\t  [chat]\n---\n"
        );
        let mut g = DayGen {
            rng,
            vocab: &self.vocab,
            date,
            ymd,
            ymd8: date.format("%Y%m%d").to_string(),
            ym: date.format("%Y%m").to_string(),
        };
        // Nicknames of the last few distinct speakers, for @mentions.
        let mut recent: Vec<&str> = Vec::with_capacity(13);
        let mut prev: Option<usize> = None;
        for &t in &times {
            let mut s = speakers.pick(&mut g.rng);
            if let Some(p) = prev
                && g.rng.chance(0.22)
            {
                s = p;
            }
            let speaker = &self.speakers[s];
            let _ = write!(out, "> {}  {}  \n   \n", Hms(t), speaker.display);
            g.body(&mut out, t, &recent, &speaker.nick);
            out.push_str("   \n");
            prev = Some(s);
            if !recent.contains(&speaker.nick.as_str()) {
                recent.push(&speaker.nick);
                if recent.len() > 12 {
                    recent.remove(0);
                }
            }
        }
        (name, out)
    }
}

/// One generated message, for writers of other formats: its second of
/// the day, its speaker (an index) and its body as a reader sees it, lines
/// joined by `\n` (an image is its markdown, `![alt](url)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenMessage {
    pub time: u32,
    pub speaker: usize,
    pub body: String,
}

impl Generator {
    /// The configuration.
    pub fn config(&self) -> &GenConfig {
        &self.cfg
    }

    /// Speaker `i`'s display name and the nickname others mention.
    pub fn speaker_names(&self, i: usize) -> (&str, &str) {
        let s = &self.speakers[i];
        (&s.display, &s.nick)
    }

    /// Number of speakers.
    pub fn speaker_count(&self) -> usize {
        self.speakers.len()
    }

    /// The messages of day `day`: the same times, speakers and texts as its
    /// day file, without the reference format's markup of lines.
    pub fn messages_of_day(&self, day: usize) -> Vec<GenMessage> {
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
        let mut out = Vec::with_capacity(n);
        let mut block = String::new();
        for &t in &times {
            let mut s = speakers.pick(&mut g.rng);
            if let Some(p) = prev
                && g.rng.chance(0.22)
            {
                s = p;
            }
            let speaker = &self.speakers[s];
            block.clear();
            g.body(&mut block, t, &recent, &speaker.nick);
            let body = block
                .split('\n')
                .map(|l| {
                    l.strip_suffix("  ")
                        .or_else(|| l.strip_suffix(' '))
                        .unwrap_or(l)
                })
                .collect::<Vec<_>>()
                .join("\n");
            out.push(GenMessage {
                time: t,
                speaker: s,
                body: body.trim_end_matches('\n').to_owned(),
            });
            prev = Some(s);
            if !recent.contains(&speaker.nick.as_str()) {
                recent.push(&speaker.nick);
                if recent.len() > 12 {
                    recent.remove(0);
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

const STREAM_DAY: u64 = 1;
const STREAM_SPEAKERS: u64 = 2;
const STREAM_DAYS: u64 = 3;
/// The damage done to a day in hostile mode, apart from its text.
const STREAM_HOSTILE: u64 = 4;
/// Which days get special files.
const STREAM_SPECIALS: u64 = 5;

/// `SplitMix64`: tiny, fast, and good enough for synthetic text.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// An independent stream for `(seed, stream, index)`.
    pub fn for_stream(seed: u64, stream: u64, index: u64) -> Self {
        let mut r = Self(seed ^ 0x6A09_E667_F3BC_C908);
        let a = r.next_u64();
        let mut r = Self(a ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let b = r.next_u64();
        Self(b ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n`; `n` must not be 0.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// [`Rng::pick`] for word lists.
    pub fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// Exponential with rate `lambda`.
    pub fn expo(&mut self, lambda: f64) -> f64 {
        -(1.0 - self.f64()).ln() / lambda
    }

    /// Log-normal: `exp(N(mu, sigma))` (Box-Muller).
    pub fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        (mu + sigma * z).exp()
    }

    /// Pareto with shape `alpha` and minimum 1.
    pub fn pareto(&mut self, alpha: f64) -> f64 {
        1.0 / (1.0 - self.f64()).powf(1.0 / alpha)
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Cumulative weights for weighted choice by binary search.
#[derive(Debug, Clone)]
struct Cumulative(Vec<f64>);

impl Cumulative {
    fn new(weights: &[f64]) -> Self {
        let mut total = 0.0;
        Self(
            weights
                .iter()
                .map(|w| {
                    total += w;
                    total
                })
                .collect(),
        )
    }

    /// Zipf-like weights `1 / (rank + offset)^s` for `n` ranks.
    fn zipf(n: usize, s: f64, offset: f64) -> Self {
        Self::new(&zipf_weights(n, s, offset))
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        let total = *self.0.last().expect("non-empty weights");
        let x = rng.f64() * total;
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }
}

fn zipf_weights(n: usize, s: f64, offset: f64) -> Vec<f64> {
    (0..n).map(|i| 1.0 / (i as f64 + offset).powf(s)).collect()
}

/// A list with Zipf-like frequencies by position.
#[derive(Debug)]
struct Words {
    words: Vec<&'static str>,
    cum: Cumulative,
}

impl Words {
    fn new(words: Vec<&'static str>, s: f64, offset: f64) -> Self {
        let cum = Cumulative::zipf(words.len(), s, offset);
        Self { words, cum }
    }

    fn pick(&self, rng: &mut Rng) -> &'static str {
        self.words[self.cum.pick(rng)]
    }
}

/// Picks from `items` with the given integer weights.
fn weighted<T: Copy>(rng: &mut Rng, items: &[(u32, T)]) -> T {
    let total: u32 = items.iter().map(|&(w, _)| w).sum();
    let mut x = rng.below(total as usize) as u32;
    for &(w, item) in items {
        if x < w {
            return item;
        }
        x -= w;
    }
    items[items.len() - 1].1
}

/// Seconds of the day as `HH:MM:SS`.
struct Hms(u32);

impl std::fmt::Display for Hms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = self.0;
        write!(f, "{:02}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
    }
}

/// Seconds of the day as `HHMMSS`.
struct HmsCompact(u32);

impl std::fmt::Display for HmsCompact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = self.0;
        write!(f, "{:02}{:02}{:02}", t / 3600, t / 60 % 60, t % 60)
    }
}

// ---------------------------------------------------------------------------
// Vocabulary (fixed, independent of the seed; the lists are in vocab.rs)
// ---------------------------------------------------------------------------

/// A piece of a clause template.
#[derive(Debug, Clone, Copy)]
enum Part {
    Literal(&'static str),
    /// A word from list `Vocab::pos[i]`.
    Slot(usize),
}

/// The vocabulary tables, parsed once per [`Generator`].
#[derive(Debug)]
struct Vocab {
    pos: Vec<Words>,
    templates: Vec<Vec<Part>>,
    template_weights: Cumulative,
    short: Words,
    /// `[强]` and friends.
    emoji: Vec<String>,
    emoji_weights: Cumulative,
    pinyin: Vec<&'static str>,
}

impl Vocab {
    fn new() -> Self {
        let pos = POS_KEYS
            .iter()
            .map(|(_, list)| Words::new(list.split_whitespace().collect(), 0.9, 3.0))
            .collect();
        let templates = TEMPLATES.iter().map(|&(_, t)| parse_template(t)).collect();
        let weights: Vec<f64> = TEMPLATES.iter().map(|&(w, _)| f64::from(w)).collect();
        let emoji: Vec<String> = WECHAT_EMOJI
            .split_whitespace()
            .map(|e| format!("[{e}]"))
            .collect();
        let emoji_weights = Cumulative::zipf(emoji.len(), 1.1, 1.0);
        Self {
            pos,
            templates,
            template_weights: Cumulative::new(&weights),
            short: Words::new(SHORT_REPLIES.split('|').map(str::trim).collect(), 0.7, 2.0),
            emoji,
            emoji_weights,
            pinyin: PINYIN.split_whitespace().collect(),
        }
    }
}

fn parse_template(t: &'static str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = t;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let key = after.chars().next().expect("slot key");
            let index = POS_KEYS
                .iter()
                .position(|&(k, _)| k == key)
                .expect("known slot");
            parts.push(Part::Slot(index));
            rest = &after[key.len_utf8() + 1..];
        } else {
            let end = rest.find('{').unwrap_or(rest.len());
            parts.push(Part::Literal(&rest[..end]));
            rest = &rest[end..];
        }
    }
    parts
}

// ---------------------------------------------------------------------------
// Speakers and day sizes
// ---------------------------------------------------------------------------

/// The name lists speakers are made from.
struct NameParts {
    surnames: Vec<char>,
    given: Vec<char>,
    nick_cjk: Vec<&'static str>,
    en_names: Vec<&'static str>,
    pinyin: Vec<&'static str>,
    orgs: Vec<&'static str>,
    roles: Vec<&'static str>,
    cities: Vec<&'static str>,
}

impl NameParts {
    fn new() -> Self {
        Self {
            surnames: SURNAMES.chars().collect(),
            given: GIVEN.chars().collect(),
            nick_cjk: NICK_CJK.split_whitespace().collect(),
            en_names: EN_NAMES.split_whitespace().collect(),
            pinyin: PINYIN.split_whitespace().collect(),
            orgs: ORGS.split_whitespace().collect(),
            roles: ROLES.split_whitespace().collect(),
            cities: CITIES.split_whitespace().collect(),
        }
    }

    /// A surname and `given_len` given-name characters.
    fn chinese(&self, rng: &mut Rng, given_len: usize) -> String {
        let mut name = String::new();
        name.push(*rng.pick(&self.surnames));
        for _ in 0..given_len {
            name.push(*rng.pick(&self.given));
        }
        name
    }

    /// `base` with an organisation, often a role and a city: "Bison-联想金融-副总裁-北京".
    fn with_org(&self, rng: &mut Rng, base: &str) -> String {
        let sep = weighted(rng, &[(70, "-"), (10, "－"), (8, "_"), (12, " ")]);
        let mut parts = vec![base, rng.word(&self.orgs)];
        if rng.chance(0.7) {
            parts.push(rng.word(&self.roles));
        }
        if rng.chance(0.7) {
            parts.push(rng.word(&self.cities));
        }
        parts.join(sep)
    }

    /// A display name: Chinese names, nicknames, English and pinyin
    /// handles, mixed names and names with organisation suffixes.
    fn display_name(&self, rng: &mut Rng) -> String {
        let kind = rng.f64();
        if kind < 0.33 {
            let given_len = *rng.pick(&[1, 2, 2]);
            self.chinese(rng, given_len)
        } else if kind < 0.43 {
            if rng.chance(0.6) {
                rng.word(&self.nick_cjk).to_owned()
            } else {
                rng.pick(&self.given).to_string()
            }
        } else if kind < 0.66 {
            let mut name = rng.word(&self.en_names).to_owned();
            if rng.chance(0.15) {
                let _ = write!(name, "{}", rng.range(1, 99));
            }
            name
        } else if kind < 0.76 {
            let syllables = *rng.pick(&[1, 2, 2, 3]);
            let mut name: String = (0..syllables).map(|_| rng.word(&self.pinyin)).collect();
            if rng.chance(0.2) {
                let _ = write!(name, "{}", rng.range(1, 2000));
            }
            if rng.chance(0.15) {
                name = name.to_uppercase();
            }
            name
        } else if kind < 0.81 {
            let surname = *rng.pick(&self.surnames);
            let given_len = *rng.pick(&[1, 2]);
            let given: String = (0..given_len).map(|_| *rng.pick(&self.given)).collect();
            let shape = rng.f64();
            if shape < 0.4 {
                let english = rng.word(&self.en_names);
                let pinyin = capitalize(rng.word(&self.pinyin));
                format!("{english} {pinyin} {surname}{given}")
            } else if shape < 0.7 {
                let middle = rng.word(&["null", "Wa", "Jr", "X", "007", "2B"]);
                format!("{surname}{middle}{given}")
            } else {
                let tail = rng.word(&[".doc", ".pdf", "~", "✨", "🍀", "（勿扰）", "@支付"]);
                format!("{surname}{given}{tail}")
            }
        } else {
            let base = if rng.chance(0.5) {
                self.chinese(rng, 2)
            } else {
                let i = rng.below(self.en_names.len() + self.nick_cjk.len());
                self.en_names
                    .get(i)
                    .copied()
                    .unwrap_or_else(|| self.nick_cjk[i - self.en_names.len()])
                    .to_owned()
            };
            self.with_org(rng, &base)
        }
    }
}

/// `count` distinct speakers, all invented, and their base activity,
/// Zipf-like over a shuffled order. (No "我": in a real export that is the
/// account that exported it, a real person.)
fn make_speakers(count: usize, seed: u64) -> (Vec<SpeakerName>, Vec<f64>) {
    let mut rng = Rng::for_stream(seed, STREAM_SPEAKERS, 0);
    let parts = NameParts::new();
    let mut out = Vec::with_capacity(count);
    let mut seen = HashSet::new();
    let mut tries = 0;
    while out.len() < count {
        tries += 1;
        let mut display = parts.display_name(&mut rng);
        if tries > 50 * count + 1000 {
            let _ = write!(display, "{}", out.len());
        }
        if display.is_empty() || !seen.insert(display.clone()) {
            continue;
        }
        let shape = rng.f64();
        let nick = if shape < 0.6 {
            if display.chars().count() < 12 {
                parts.with_org(&mut rng, &display)
            } else {
                display.clone()
            }
        } else if shape < 0.75 {
            format!("{display}-{}", rng.word(&parts.cities))
        } else {
            display.clone()
        };
        out.push(SpeakerName { display, nick });
    }

    let mut order: Vec<usize> = (0..out.len()).collect();
    rng.shuffle(&mut order);
    let zipf = zipf_weights(out.len(), 1.05, 1.5);
    let mut weights = vec![0.0; out.len()];
    for (rank, &i) in order.iter().enumerate() {
        weights[i] = zipf[rank];
    }
    (out, weights)
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

/// Messages per day: log-normal spread, about 8% tiny days and 1% huge ones,
/// quieter weekends; exactly `days * msgs_per_day` in all, each day at least 1.
fn day_counts(cfg: &GenConfig) -> Vec<usize> {
    let days = cfg.days;
    let mut rng = Rng::for_stream(cfg.seed, STREAM_DAYS, 0);
    let weights: Vec<f64> = (0..days)
        .map(|i| {
            let r = rng.f64();
            let mut x = if r < 0.08 {
                rng.uniform(0.002, 0.04)
            } else if r < 0.09 {
                rng.uniform(8.0, 15.0)
            } else {
                rng.lognormal(0.0, 0.7)
            };
            let date = cfg.date(i);
            if date.weekday().number_from_monday() >= 6 {
                x *= 0.45;
            }
            x
        })
        .collect();
    let total = cfg.messages();
    let sum: f64 = weights.iter().sum();
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|x| ((x * total as f64 / sum).round() as usize).max(1))
        .collect();
    // Settle the rounding on the larger days, keeping every day at least 1.
    let mut order: Vec<usize> = (0..days).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
    let sum: usize = counts.iter().sum();
    let (mut missing, mut extra) = (total.saturating_sub(sum), sum.saturating_sub(total));
    let mut j = 0;
    while (missing > 0 || extra > 0) && days > 0 && j <= 100 * days + 1000 {
        let i = order[j % days];
        let step = (counts[i] / 10).max(1);
        if missing > 0 {
            let step = step.min(missing);
            counts[i] += step;
            missing -= step;
        } else if counts[i] > 1 {
            let step = step.min(extra).min(counts[i] - 1);
            counts[i] -= step;
            extra -= step;
        }
        j += 1;
    }
    counts
}

/// `n` strictly increasing seconds of the day, in bursts, heavier in office
/// hours and evenings. Only a day with more messages than seconds left
/// before midnight repeats 23:59:59.
fn gen_times(rng: &mut Rng, n: usize) -> Vec<u32> {
    const LAST: u64 = 86_399;
    let bursts = n / 14 + 1;
    let hours = Cumulative::new(&HOUR_PROFILE);
    let centers: Vec<u64> = (0..bursts)
        .map(|_| hours.pick(rng) as u64 * 3600 + rng.below(3600) as u64)
        .collect();
    let mut per = vec![0usize; bursts];
    for _ in 0..n {
        per[rng.below(bursts)] += 1;
    }
    let mut ts = Vec::with_capacity(n);
    for (b, &count) in per.iter().enumerate() {
        let mut t = centers[b];
        for _ in 0..count {
            t += 1 + rng.expo(0.03) as u64;
            ts.push(t);
        }
    }
    ts.sort_unstable();
    // A day that spills past midnight is squeezed back into the day.
    if let (Some(&first), Some(&last)) = (ts.first(), ts.last())
        && last > LAST
    {
        let span = last - first;
        let lo = first.min(LAST.saturating_sub(n as u64));
        let room = LAST - lo;
        for t in &mut ts {
            *t = match ((*t - first) * room).checked_div(span) {
                Some(offset) => lo + offset,
                None => (*t).min(LAST),
            };
        }
    }
    let mut prev: Option<u64> = None;
    ts.into_iter()
        .map(|t| {
            let t = match prev {
                Some(p) if t <= p => (p + 1).min(LAST),
                _ => t,
            };
            prev = Some(t);
            t as u32
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Message bodies
// ---------------------------------------------------------------------------

/// Builds the messages of one day with one private random stream.
struct DayGen<'a> {
    rng: Rng,
    vocab: &'a Vocab,
    date: NaiveDate,
    /// `YYYY-MM-DD`, `YYYYMMDD` and `YYYYMM`.
    ymd: String,
    ymd8: String,
    ym: String,
}

impl DayGen<'_> {
    fn clause(&mut self, out: &mut String) {
        let v = self.vocab;
        let t = v.template_weights.pick(&mut self.rng);
        for part in &v.templates[t] {
            match *part {
                Part::Literal(s) => out.push_str(s),
                Part::Slot(i) => out.push_str(v.pos[i].pick(&mut self.rng)),
            }
        }
    }

    fn nouns(&mut self, out: &mut String, k: usize) {
        for _ in 0..k {
            out.push_str(self.vocab.pos[NOUN].pick(&mut self.rng));
        }
    }

    fn emoji(&mut self, out: &mut String) {
        let i = self.vocab.emoji_weights.pick(&mut self.rng);
        out.push_str(&self.vocab.emoji[i]);
    }

    /// One to five clauses, end punctuation, sometimes emoji.
    fn sentence_into(&mut self, out: &mut String, clauses: Option<usize>) {
        let n = clauses.unwrap_or_else(|| weighted(&mut self.rng, CLAUSES_PER_SENTENCE));
        let sep = if self.rng.chance(0.85) {
            "，"
        } else {
            *self.rng.pick(&["、", " ", "；", ",", "  "])
        };
        for i in 0..n {
            if i > 0 {
                out.push_str(sep);
            }
            self.clause(out);
        }
        out.push_str(weighted(&mut self.rng, END_PUNCT));
        if self.rng.chance(0.1) {
            let k = *self.rng.pick(&[1, 1, 2, 3]);
            for _ in 0..k {
                self.emoji(out);
            }
        }
    }

    /// At least `min_chars` characters of clauses and punctuation.
    fn paragraph(&mut self, out: &mut String, min_chars: usize) {
        if self.rng.chance(0.3) {
            out.push_str("\u{3000}\u{3000}");
        }
        let mut n = 0;
        while n < min_chars {
            let start = out.len();
            if self.rng.chance(0.15) {
                out.push_str(self.rng.word(ENUM_PREFIX));
            }
            for _ in 0..=(min_chars - n) / 7 {
                self.clause(out);
                out.push_str(weighted(&mut self.rng, PARAGRAPH_SEPS));
            }
            n += out[start..].chars().count();
        }
        if out.ends_with('，') {
            out.truncate(out.len() - '，'.len_utf8());
            out.push('。');
        }
    }

    fn mention(&mut self, out: &mut String, nick: &str) {
        out.push('@');
        out.push_str(nick);
        out.push_str(weighted(
            &mut self.rng,
            &[(60, " "), (30, "?"), (5, "  "), (5, "")],
        ));
    }

    fn token(&mut self, out: &mut String, alphabet: &[u8], len: usize) {
        for _ in 0..len {
            out.push(char::from(*self.rng.pick(alphabet)));
        }
    }

    fn url(&mut self, out: &mut String) {
        let (year, month, day) = (self.date.year(), self.date.month(), self.date.day());
        let number = self.rng.range(1, 99_999);
        let _ = match self.rng.below(9) {
            0 => write!(
                out,
                "http://wechat.example.org/{year}/{month:02}/{day:02}/wechat{number}/"
            ),
            1 => {
                out.push_str("https://mp.weixin.qq.com/s/");
                self.token(out, TOKEN_CHARS, 22);
                Ok(())
            }
            2 => {
                let user = self.rng.word(&self.vocab.pinyin);
                let repo = self.rng.word(REPOS);
                write!(out, "https://github.com/{user}/{repo}")
            }
            3 => write!(
                out,
                "http://www.pbc.gov.cn/zhengwugongkai/{number}/index.html"
            ),
            4 => {
                let hex = self.rng.next_u64() >> 16;
                write!(out, "https://www.jianshu.com/p/{hex:012x}")
            }
            5 => write!(out, "https://zhuanlan.zhihu.com/p/{number}"),
            6 => {
                let repo = self.rng.word(REPOS);
                write!(out, "https://www.example.com/docs/{repo}?id={number}")
            }
            7 => write!(out, "https://www.coalaip.org/"),
            _ => {
                out.push_str("http://t.cn/");
                self.token(out, LOWER_ALNUM, 6);
                Ok(())
            }
        };
    }

    /// Appends the body block of a message posted at second `t`: its lines
    /// with their line endings.
    fn body(&mut self, out: &mut String, t: u32, recent: &[&str], own: &str) {
        const END: &str = "  \n";
        let r = self.rng.f64();
        if r < 0.27 {
            // A short reply, sometimes with emoji.
            out.push_str(self.vocab.short.pick(&mut self.rng));
            if self.rng.chance(0.12) {
                let k = *self.rng.pick(&[1, 1, 3]);
                for _ in 0..k {
                    self.emoji(out);
                }
            }
        } else if r < 0.35 {
            // Emoji only.
            let k = weighted(&mut self.rng, &[(70, 1), (15, 2), (12, 3), (3, 4)]);
            if self.rng.chance(0.7) {
                let i = self.vocab.emoji_weights.pick(&mut self.rng);
                for _ in 0..k {
                    out.push_str(&self.vocab.emoji[i]);
                }
            } else {
                for _ in 0..k {
                    self.emoji(out);
                }
            }
        } else if r < 0.66 {
            self.sentence_into(out, None);
        } else if r < 0.735 {
            let len = self.rng.range(80, 300);
            self.paragraph(out, len);
        } else if r < 0.747 {
            // The long tail: 500 to 12000 characters.
            let len = ((self.rng.pareto(1.6) * 500.0) as usize).min(12_000);
            self.paragraph(out, len);
        } else if r < 0.83 {
            self.mention_body(out, recent, own);
        } else if r < 0.875 {
            self.english(out);
        } else if r < 0.91 {
            // An image line ends in one space.
            let _ = writeln!(
                out,
                "![{} {}](http://img.example.cn/img/{}/{}_{}.png) ",
                self.ymd,
                Hms(t),
                self.ym,
                self.ymd8,
                HmsCompact(t)
            );
            return;
        } else if r < 0.93 {
            let v = self.rng.f64();
            if v < 0.4 {
                self.url(out);
            } else if v < 0.8 {
                self.sentence_into(out, None);
                out.push(' ');
                self.url(out);
                out.push(' ');
            } else {
                self.clause(out);
                self.url(out);
            }
        } else if r < 0.945 {
            self.shared_file(out);
        } else if r < 0.97 {
            self.multi_line(out);
            return;
        } else if r < 0.973 {
            // An empty body: just the two spaces.
        } else {
            let n = *self.rng.pick(&[1, 2]);
            self.sentence_into(out, Some(n));
        }
        out.push_str(END);
    }

    fn mention_body(&mut self, out: &mut String, recent: &[&str], own: &str) {
        let nick = if recent.is_empty() {
            own
        } else {
            *self.rng.pick(recent)
        };
        if nick == own {
            self.sentence_into(out, None);
            return;
        }
        let v = self.rng.f64();
        if v < 0.78 {
            self.mention(out, nick);
            self.sentence_into(out, None);
        } else if v < 0.93 {
            self.sentence_into(out, None);
            out.push_str(" @");
            out.push_str(nick);
        } else {
            let other = *self.rng.pick(recent);
            self.clause(out);
            self.mention(out, nick);
            self.mention(out, other);
            self.sentence_into(out, None);
        }
    }

    fn english(&mut self, out: &mut String) {
        if self.rng.chance(0.5) {
            out.push_str(self.rng.word(EN_SENTENCES));
        } else if self.rng.chance(0.6) {
            out.push_str(self.rng.word(MIXED_SENTENCES));
        } else {
            let en = self.rng.word(EN_SENTENCES);
            if self.rng.chance(0.5) {
                self.clause(out);
                out.push('，');
                out.push_str(en);
            } else {
                out.push_str(en);
                out.push(' ');
                self.sentence_into(out, None);
            }
        }
    }

    /// A shared file name or an article title.
    fn shared_file(&mut self, out: &mut String) {
        if self.rng.chance(0.5) {
            let k = self.rng.range(2, 5);
            self.nouns(out, k);
            let year = self.date.year();
            let month = self.rng.range(1, 12);
            let m2 = self.rng.range(1, 12);
            let d2 = self.rng.range(1, 28);
            let ext = self.rng.word(FILE_EXTS);
            let _ = write!(
                out,
                "{year}年{month}月版（中文）{}.{m2}.{d2}{ext}",
                year - 1
            );
        } else {
            let k = self.rng.range(1, 3);
            self.nouns(out, k);
            self.clause(out);
            out.push_str(" - ");
            out.push_str(self.rng.word(ARTICLE_SITES));
        }
    }

    /// Several lines: numbered items, English, links, an empty line inside.
    fn multi_line(&mut self, out: &mut String) {
        let n = weighted(
            &mut self.rng,
            &[(30, 2), (25, 3), (15, 4), (10, 5), (8, 6), (7, 8), (5, 12)],
        );
        for i in 0..n {
            let v = self.rng.f64();
            if v < 0.08 && i > 0 && i < n - 1 {
                // An empty line inside the body.
            } else if v < 0.3 {
                out.push_str(ENUM_PREFIX[i % 9]);
                self.sentence_into(out, None);
            } else if v < 0.4 {
                out.push_str(self.rng.word(EN_SENTENCES));
            } else if v < 0.45 {
                self.url(out);
            } else {
                self.sentence_into(out, None);
            }
            out.push_str("  \n");
        }
    }
}
