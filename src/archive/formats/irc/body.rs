//! What follows the time on an IRC log line: a message (`<nick> text`), a
//! notice (`-nick- text`), an action (`* nick waves`, Textual's `• nick:
//! text`), an event (joins, parts, quits, nick and mode changes, kicks,
//! topics, in each client's words) or another line of the client's own.
//!
//! Clients share prefixes: `*` is an action in irssi and ZNC but an event
//! in mIRC and HexChat, `***` and `-!-` mark events, `-->` `<--` `--`
//! joins, parts and notices. An event is recognised by its words (`has
//! joined`, `Quits:`, `is now known as` …) whatever the prefix, so `* bob
//! has joined #chan` is a join and `* bob waves` an action.

/// A line after its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body<'a> {
    /// `<nick> text`.
    Message { nick: &'a str, text: &'a str },
    /// `-nick- text`: a notice, read as a message of its sender.
    Notice { nick: &'a str, text: &'a str },
    /// `* nick text`.
    Action { nick: &'a str, text: &'a str },
    /// A join, part, quit … of `actor`.
    Event { actor: &'a str, event: Event<'a> },
    /// Anything else: a line of the client's own (`*** You connected`,
    /// `-!- Irssi: …`); `marked` when it had an event prefix (`***`,
    /// `-!-`, `-->` …, or a WeeChat column), so it is IRC for sure.
    Info { text: &'a str, marked: bool },
}

impl Body<'_> {
    /// Whether the line is surely IRC (for detection): all but unmarked
    /// other lines.
    pub fn is_evidence(&self) -> bool {
        !matches!(self, Body::Info { marked: false, .. })
    }
}

/// What happened, in an event line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event<'a> {
    /// Joined the channel (named when the line names it).
    Join {
        channel: &'a str,
    },
    Part {
        channel: &'a str,
        reason: &'a str,
    },
    Quit {
        reason: &'a str,
    },
    Nick {
        new: &'a str,
    },
    Mode {
        modes: &'a str,
    },
    Kick {
        victim: &'a str,
        reason: &'a str,
    },
    Topic {
        topic: &'a str,
    },
}

impl Event<'_> {
    /// The event as the text of a system message whose speaker is the
    /// actor: `joined #chan`, `quit (Ping timeout)`, `is now known as x`.
    pub fn text(&self) -> String {
        let with = |s: &mut String, sep: &str, part: &str| {
            if !part.is_empty() {
                s.push_str(sep);
                s.push_str(part);
            }
        };
        let reason = |s: &mut String, r: &str| {
            if !r.is_empty() {
                s.push_str(" (");
                s.push_str(r);
                s.push(')');
            }
        };
        let mut s = String::new();
        match *self {
            Event::Join { channel } => {
                s.push_str("joined");
                with(&mut s, " ", channel);
            }
            Event::Part { channel, reason: r } => {
                s.push_str("left");
                with(&mut s, " ", channel);
                reason(&mut s, r);
            }
            Event::Quit { reason: r } => {
                s.push_str("quit");
                reason(&mut s, r);
            }
            Event::Nick { new } => {
                s.push_str("is now known as ");
                s.push_str(new);
            }
            Event::Mode { modes } => {
                s.push_str("sets mode ");
                s.push_str(modes);
            }
            Event::Kick { victim, reason: r } => {
                s.push_str("kicked ");
                s.push_str(victim);
                reason(&mut s, r);
            }
            Event::Topic { topic } => {
                s.push_str("changed the topic to: ");
                s.push_str(topic);
            }
        }
        s
    }
}

/// The longest nick read, in bytes (IRC's are at most 30 or so; bridges
/// make longer ones).
const MAX_NICK: usize = 64;
/// The longest `<nick!user@host>` read, in bytes.
const MAX_MASK: usize = 256;

/// Reads `rest`, what follows the time of a line laid out as
/// [`Layout::Plain`](super::stamp::Layout::Plain).
pub(crate) fn plain(rest: &str) -> Body<'_> {
    let r = rest.trim_start_matches(' ');
    let marked = |text| Body::Info { text, marked: true };
    if r.starts_with('<') {
        if let Some(m) = angle(r) {
            return m;
        }
    }
    if r.starts_with('*') {
        let stars = r.bytes().take_while(|&c| c == b'*').count();
        if let Some(after) = sep_after(r, stars) {
            return as_event(after).unwrap_or_else(|| {
                if stars == 1 && !is_client_line(after) {
                    action(after)
                } else {
                    marked(after)
                }
            });
        }
    }
    if r.starts_with(['-', '<']) {
        for prefix in ["-!-", "-->", "<--", "---", "--"] {
            if r.starts_with(prefix) {
                if let Some(after) = sep_after(r, prefix.len()) {
                    return as_event(after).unwrap_or_else(|| marked(after));
                }
            }
        }
        if let Some(n) = notice(r) {
            return n;
        }
    }
    if let Some(text) = r.strip_prefix("\u{2022} ") {
        // Textual: `• nick: text`.
        if let Some((nick, text)) = text.split_once(": ") {
            let nick = clean_nick(nick);
            if is_nick(nick) {
                return Body::Action { nick, text };
            }
        }
    }
    // Textual writes events with no prefix at all.
    as_event(r).unwrap_or(Body::Info {
        text: r,
        marked: false,
    })
}

/// Reads `rest` of a WeeChat line: `prefix⇥text`.
pub(crate) fn weechat(rest: &str) -> Body<'_> {
    let Some((prefix, text)) = rest.split_once('\t') else {
        return Body::Info {
            text: rest,
            marked: false,
        };
    };
    match prefix.trim() {
        "--" if text.starts_with("Notice(") => {
            weechat_notice(text).unwrap_or(Body::Info { text, marked: true })
        }
        "-->" | "<--" | "--" => as_event(text).unwrap_or(Body::Info { text, marked: true }),
        "*" => action(text),
        "" | "=!=" => Body::Info { text, marked: true },
        nick => {
            let nick = clean_nick(nick);
            if is_nick(nick) {
                Body::Message { nick, text }
            } else {
                Body::Info { text, marked: true }
            }
        }
    }
}

/// WeeChat's `Notice(nick): text` and `Notice(nick) -> #chan: text`.
fn weechat_notice(text: &str) -> Option<Body<'_>> {
    let (nick, rest) = text.strip_prefix("Notice(")?.split_once(')')?;
    let rest = match rest.strip_prefix(" -> ") {
        Some(r) => r.split_once(": ")?.1,
        None => rest.strip_prefix(": ")?,
    };
    let nick = clean_nick(nick);
    is_nick(nick).then_some(Body::Notice { nick, text: rest })
}

/// The text after a prefix of `len` bytes and its separator (a space or
/// a tab), or `""` when the line ends there.
fn sep_after(r: &str, len: usize) -> Option<&str> {
    match r.as_bytes().get(len) {
        None => Some(""),
        Some(b' ' | b'\t') => Some(r[len + 1..].trim_start_matches([' ', '\t'])),
        Some(_) => None,
    }
}

/// `<nick> text`, `<@nick>⇥text`, `< nick> text`, `<nick!user@host> -text`.
fn angle(r: &str) -> Option<Body<'_>> {
    let close = r.as_bytes()[1..]
        .iter()
        .take(MAX_MASK)
        .position(|&c| c == b'>' || c == b'<')?
        + 1;
    if r.as_bytes()[close] != b'>' {
        return None;
    }
    let inner = &r[1..close];
    let nick = clean_nick(inner);
    if !is_nick(nick) {
        return None;
    }
    let after = &r[close + 1..];
    let mut text = after
        .strip_prefix(' ')
        .or_else(|| after.strip_prefix('\t'))
        .unwrap_or(after);
    // dircproxy marks each line seen (`-`) or unseen (`+`) after a full
    // `nick!user@host`.
    if inner.bytes().any(|c| c == b'!') {
        if let Some(t) = text.strip_prefix(['-', '+']) {
            text = t;
        }
    }
    // A raw CTCP ACTION, as some loggers keep it.
    if let Some(action) = text.strip_prefix("\u{1}ACTION") {
        let action = action.strip_prefix(' ').unwrap_or(action);
        return Some(Body::Action {
            nick,
            text: action.strip_suffix('\u{1}').unwrap_or(action),
        });
    }
    Some(Body::Message { nick, text })
}

/// `-nick- text` (ZNC, irssi), `-nick(user@host)- text`.
fn notice(r: &str) -> Option<Body<'_>> {
    let inner = r.strip_prefix('-')?;
    let end = inner
        .find("- ")
        .or_else(|| inner.strip_suffix('-').map(str::len))?;
    let nick = clean_nick(&inner[..end]);
    let nick = nick.split(['(', ':']).next().unwrap_or(nick);
    if !is_nick(nick) {
        return None;
    }
    let text = inner.get(end + 2..).unwrap_or("");
    Some(Body::Notice { nick, text })
}

/// Lines mIRC and HexChat write with the `*` of actions: `* Now talking
/// in #chan`, `* Topic is '…'`, `* Disconnected`.
fn is_client_line(s: &str) -> bool {
    const STARTS: &[&str] = &[
        "Now talking",
        "Topic is ",
        "Topic for ",
        "Set by ",
        "Disconnected",
        "Attempting to rejoin",
        "Rejoined channel",
        "Retrieving ",
        "Connecting to ",
        "Connected.",
        "Looking up ",
        "You are now known as",
        "You're now known as",
        "You have joined",
        "You have left",
        "You were kicked",
    ];
    STARTS.iter().any(|p| s.starts_with(p))
}

/// `nick does something`.
fn action(after: &str) -> Body<'_> {
    let (nick, text) = after.split_once([' ', '\t']).unwrap_or((after, ""));
    let nick = clean_nick(nick);
    if !is_nick(nick) {
        return Body::Info {
            text: after,
            marked: true,
        };
    }
    Body::Action { nick, text }
}

/// The nick in `s` without padding, mode prefixes (`@`, `+`, `%`, `~`,
/// `&`) or `!user@host`.
pub(crate) fn clean_nick(s: &str) -> &str {
    // Byte by byte: a nick is a few bytes, too short for a searcher to pay
    // for itself (every one of these characters is ASCII, so the cuts fall
    // between characters).
    let b = s.as_bytes();
    let blank = |c: &u8| matches!(c, b' ' | b'\t');
    let end = b.iter().rposition(|c| !blank(c)).map_or(0, |i| i + 1);
    let after_blanks = b[..end].iter().position(|c| !blank(c)).unwrap_or(end);
    let start = b[after_blanks..end]
        .iter()
        .position(|c| !matches!(c, b'@' | b'+' | b'%' | b'~' | b'&'))
        .map_or(end, |i| after_blanks + i);
    let b = &b[start..end];
    let len = b.iter().position(|&c| c == b'!').unwrap_or(b.len());
    &s[start..start + len]
}

/// Whether `s` can be a nick: not empty, not too long, no blank or angle
/// bracket.
fn is_nick(s: &str) -> bool {
    // Byte by byte: a nick is a few bytes (and these characters ASCII).
    !s.is_empty()
        && s.len() <= MAX_NICK
        && !s.bytes().any(|c| matches!(c, b' ' | b'\t' | b'<' | b'>'))
}

/// `s` read as an event.
fn as_event(s: &str) -> Option<Body<'_>> {
    event(s).map(|(actor, event)| Body::Event { actor, event })
}

/// A channel name: `#chan`, `&chan`, `!chan`, `+chan`.
fn is_channel(s: &str) -> bool {
    s.len() > 1 && s.starts_with(['#', '&', '!', '+']) && !s.contains(' ')
}

/// The first word of `s` and what follows it (after its spaces).
fn word(s: &str) -> (&str, &str) {
    match s.split_once(' ') {
        Some((w, rest)) => (w, rest.trim_start_matches(' ')),
        None => (s, ""),
    }
}

/// `s` after a user-and-host part: `(user@host)`, `[user@host]` or
/// `<nick!user@host>`, if it starts with one (a bracket without an `@` is
/// a reason, not a host).
fn skip_host(s: &str) -> &str {
    let close = match s.as_bytes().first() {
        Some(b'(') => ')',
        Some(b'[') => ']',
        Some(b'<') => '>',
        _ => return s,
    };
    match s.find(close) {
        Some(end) if s[..end].contains('@') => s[end + 1..].trim_start_matches(' '),
        _ => s,
    }
}

/// A reason in brackets (`(Ping timeout)`, `[Leaving]`), or nothing.
fn reason(s: &str) -> Option<&str> {
    let s = s.trim_end();
    if s.is_empty() {
        return Some("");
    }
    let inner = s
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| s.strip_prefix('[').and_then(|r| r.strip_suffix(']')))?;
    Some(inner.trim())
}

/// An optional channel, then an optional reason.
fn channel_reason(s: &str) -> Option<(&str, &str)> {
    let (first, rest) = word(s);
    if is_channel(first) {
        Some((first, reason(rest)?))
    } else {
        Some(("", reason(s)?))
    }
}

/// A topic as written, without the quotes some clients put around it.
fn unquote(s: &str) -> &str {
    for q in ['\'', '"'] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// An event line, in any client's words: its actor and what happened.
pub(crate) fn event(s: &str) -> Option<(&str, Event<'_>)> {
    let s = s.trim_matches([' ', '\t']);
    // ZNC: `Joins: nick (ident@host)`, `Parts: …`, `Quits: … (reason)`.
    for word_ in ["Joins", "Parts", "Quits"] {
        if let Some(r) = s.strip_prefix(word_) {
            let r = r.strip_prefix(':').unwrap_or(r);
            if let Some(r) = r.strip_prefix(' ') {
                let (nick, r) = word(r.trim_start());
                let nick = clean_nick(nick);
                if !is_nick(nick) {
                    return None;
                }
                let reason = reason(skip_host(r))?;
                let event = match word_ {
                    "Joins" => Event::Join { channel: "" },
                    "Parts" => Event::Part {
                        channel: "",
                        reason,
                    },
                    _ => Event::Quit { reason },
                };
                return Some((nick, event));
            }
        }
    }
    // irssi `mode/#chan [+o x] by y`, WeeChat `Mode #chan [+o x] by y`.
    if let Some(r) = s.strip_prefix("mode/").or_else(|| s.strip_prefix("Mode ")) {
        let (_, r) = word(r);
        let r = r.strip_prefix('[')?;
        let (modes, by) = r.split_once("] by ")?;
        let actor = clean_nick(by);
        return is_nick(actor).then_some((actor, Event::Mode { modes }));
    }
    let (subject, rest) = word(s);
    let subject = clean_nick(subject);
    if !is_nick(subject) || subject.ends_with(':') {
        return None;
    }
    let r = skip_host(rest);
    phrase(subject, r)
}

/// The words after an event's subject (and host).
fn phrase<'a>(subject: &'a str, r: &'a str) -> Option<(&'a str, Event<'a>)> {
    let ev = |e| Some((subject, e));
    // Joins.
    for p in ["has joined", "joined"] {
        if let Some(t) = strip_words(r, p) {
            if t.is_empty() || t == "the channel" || is_channel(t) {
                let channel = if is_channel(t) { t } else { "" };
                return ev(Event::Join { channel });
            }
        }
    }
    // Quits (before parts: Textual's `left IRC (…)` is a quit).
    for p in ["has quit IRC", "has quit", "left IRC", "Quit", "quit"] {
        if let Some(t) = strip_words(r, p) {
            if let Some(reason) = reason(t) {
                return ev(Event::Quit { reason });
            }
        }
    }
    // Parts.
    for p in ["has left", "left the channel", "left"] {
        if let Some(t) = strip_words(r, p) {
            if let Some((channel, reason)) = channel_reason(t) {
                return ev(Event::Part { channel, reason });
            }
        }
    }
    // Nick changes.
    for p in ["is now known as", "changed nick to"] {
        if let Some(t) = strip_words(r, p) {
            let new = clean_nick(t);
            if is_nick(new) {
                return ev(Event::Nick { new });
            }
        }
    }
    // Modes.
    for p in ["sets mode:", "sets mode", "set mode:", "set mode"] {
        if let Some(t) = strip_words(r, p) {
            if !t.is_empty() {
                return ev(Event::Mode { modes: t });
            }
        }
    }
    // Kicks, seen from the victim: `x was kicked by y (reason)`,
    // `x was kicked from #chan by y [reason]`.
    if let Some(t) = strip_words(r, "was kicked") {
        let t = strip_words(t, "from").map_or(t, |t| word(t).1);
        let t = strip_words(t, "by")?;
        let (kicker, t) = word(t);
        let kicker = clean_nick(kicker);
        let reason = reason(t)?;
        return is_nick(kicker).then_some((
            kicker,
            Event::Kick {
                victim: subject,
                reason,
            },
        ));
    }
    // Kicks, seen from the kicker: `y kicked x from the channel (reason)`,
    // `y has kicked x from #chan (reason)`, `y has kicked x (reason)`.
    for p in ["has kicked", "kicked"] {
        if let Some(t) = strip_words(r, p) {
            let (victim, t) = word(t);
            let victim = clean_nick(victim);
            let t = strip_words(t, "from the channel")
                .or_else(|| strip_words(t, "from").map(|t| word(t).1))
                .unwrap_or(t);
            if let Some(reason) = reason(t) {
                if is_nick(victim) {
                    return ev(Event::Kick { victim, reason });
                }
            }
        }
    }
    // Topics.
    for p in [
        "changes topic to",
        "has changed the topic to:",
        "changed the topic to:",
        "changed the topic to",
        "changed topic to",
    ] {
        if let Some(t) = strip_words(r, p) {
            return ev(Event::Topic { topic: unquote(t) });
        }
    }
    for p in ["changed the topic of", "has changed topic for"] {
        if let Some(t) = strip_words(r, p) {
            let (_channel, t) = word(t);
            let topic = if let Some(t) = strip_words(t, "to:").or_else(|| strip_words(t, "to")) {
                t
            } else if let Some(t) = strip_words(t, "from") {
                // WeeChat: `from "old" to "new"`.
                t.rsplit_once(" to ").map(|(_, new)| new)?
            } else {
                return None;
            };
            return ev(Event::Topic {
                topic: unquote(topic),
            });
        }
    }
    None
}

/// `s` after the words `p` (a whole-word prefix), trimmed.
fn strip_words<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let t = s.strip_prefix(p)?;
    if t.is_empty() {
        return Some("");
    }
    t.strip_prefix(' ').map(|t| t.trim_matches(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clean_nick` as it was written with the standard library's
    /// searchers, before it went byte by byte.
    fn clean_nick_by_chars(s: &str) -> &str {
        let s = s.trim_matches([' ', '\t']);
        let s = s.trim_start_matches(['@', '+', '%', '~', '&']);
        s.split_once('!').map_or(s, |(n, _)| n)
    }

    #[test]
    fn nicks_are_cleaned_byte_by_byte_as_by_characters() {
        // Every string of up to five of these pieces.
        let pieces = [
            " ", "\t", "@", "+", "%", "~", "&", "!", "n", "é", "名", "@ ",
        ];
        let mut all = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = all
                .iter()
                .filter(|s| s.chars().count() < 5)
                .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
                .collect();
            all.extend(longer);
            all.sort();
            all.dedup();
        }
        assert!(all.len() > 10_000, "{}", all.len());
        for s in &all {
            assert_eq!(clean_nick(s), clean_nick_by_chars(s), "{s:?}");
        }
    }

    fn msg<'a>(nick: &'a str, text: &'a str) -> Body<'a> {
        Body::Message { nick, text }
    }

    fn act<'a>(nick: &'a str, text: &'a str) -> Body<'a> {
        Body::Action { nick, text }
    }

    fn ev<'a>(actor: &'a str, event: Event<'a>) -> Body<'a> {
        Body::Event { actor, event }
    }

    fn info(text: &str, marked: bool) -> Body<'_> {
        Body::Info { text, marked }
    }

    #[test]
    fn messages_notices_and_actions() {
        for (rest, want) in [
            ("<@John> Hello", msg("John", "Hello")),
            ("<+voiced> hi", msg("voiced", "hi")),
            ("<~&owner> x", msg("owner", "x")),
            ("< padded> x", msg("padded", "x")),
            ("<Aiste>  two spaces", msg("Aiste", " two spaces")),
            ("<nick>\ttab", msg("nick", "tab")),
            ("<empty>", msg("empty", "")),
            (
                "<nombyte!n=nm@host.net> -hey there",
                msg("nombyte", "hey there"),
            ),
            ("<jsmith!n=js@1.2.3.4> +No clue", msg("jsmith", "No clue")),
            ("<a> <b> quoted", msg("a", "<b> quoted")),
            ("<a> \u{1}ACTION waves\u{1}", act("a", "waves")),
            (
                "-qtox-git-spam- [qTox] zetok closed #3432",
                Body::Notice {
                    nick: "qtox-git-spam",
                    text: "[qTox] zetok closed #3432",
                },
            ),
            (
                "-NickServ(NickServ@services.)- You are now identified",
                Body::Notice {
                    nick: "NickServ",
                    text: "You are now identified",
                },
            ),
            ("* mgedmin tried it", act("mgedmin", "tried it")),
            (" * John waves", act("John", "waves")),
            (
                "* Ben has got gprs working",
                act("Ben", "has got gprs working"),
            ),
            ("* bob has joined the fun", act("bob", "has joined the fun")),
            ("* lonely", act("lonely", "")),
            (
                "\u{2022} sena_kun: still awaits",
                act("sena_kun", "still awaits"),
            ),
        ] {
            assert_eq!(plain(rest), want, "{rest:?}");
        }
    }

    #[test]
    fn events_in_every_clients_words() {
        let join = |c| Event::Join { channel: c };
        let quit = |r| Event::Quit { reason: r };
        let part = |c, r| Event::Part {
            channel: c,
            reason: r,
        };
        for (rest, want) in [
            // ZNC, and the averne variant without the colon.
            ("*** Joins: f10__ (~flo@ )", ev("f10__", join(""))),
            ("*** Joins coggy9", ev("coggy9", join(""))),
            (
                "*** Quits: f10 (~flo@ ) (Read error: Connection reset by peer)",
                ev("f10", quit("Read error: Connection reset by peer")),
            ),
            (
                "*** Quits coggy9 (Quit: Leaving)",
                ev("coggy9", quit("Quit: Leaving")),
            ),
            ("*** Parts: ccsdss (~ray@ ) ()", ev("ccsdss", part("", ""))),
            (
                "*** |Shadow|_ is now known as |Shadow|",
                ev("|Shadow|_", Event::Nick { new: "|Shadow|" }),
            ),
            (
                "*** ChanServ sets mode: +o alice",
                ev("ChanServ", Event::Mode { modes: "+o alice" }),
            ),
            (
                "*** bob was kicked by alice (spam)",
                ev(
                    "alice",
                    Event::Kick {
                        victim: "bob",
                        reason: "spam",
                    },
                ),
            ),
            (
                "*** alice changes topic to 'Release day'",
                ev(
                    "alice",
                    Event::Topic {
                        topic: "Release day",
                    },
                ),
            ),
            // Supybot.
            ("*** ryzaja has quit IRC", ev("ryzaja", quit(""))),
            ("*** mgedmin has joined #pov", ev("mgedmin", join("#pov"))),
            (
                "*** nick <nick!~user@host> has joined #ltsp",
                ev("nick", join("#ltsp")),
            ),
            // irssi.
            (
                "-!- nick [user@host] has joined #chan",
                ev("nick", join("#chan")),
            ),
            (
                "-!- nick [user@host] has left #chan [bye now]",
                ev("nick", part("#chan", "bye now")),
            ),
            (
                "-!- nick [user@host] has quit [Ping timeout]",
                ev("nick", quit("Ping timeout")),
            ),
            (
                "-!- mode/#chan [+o x] by y",
                ev("y", Event::Mode { modes: "+o x" }),
            ),
            (
                "-!- x changed the topic of #chan to: new topic",
                ev("x", Event::Topic { topic: "new topic" }),
            ),
            (
                "-!- x was kicked from #chan by y [flood]",
                ev(
                    "y",
                    Event::Kick {
                        victim: "x",
                        reason: "flood",
                    },
                ),
            ),
            // mIRC and HexChat.
            (
                "* nick (user@host) has joined #chan",
                ev("nick", join("#chan")),
            ),
            (
                "* nick (user@host) Quit (Leaving)",
                ev("nick", quit("Leaving")),
            ),
            (
                "* nick has quit (Client exited)",
                ev("nick", quit("Client exited")),
            ),
            (
                "* y has kicked x from #chan (bye)",
                ev(
                    "y",
                    Event::Kick {
                        victim: "x",
                        reason: "bye",
                    },
                ),
            ),
            (
                "* y has changed the topic to: hello",
                ev("y", Event::Topic { topic: "hello" }),
            ),
            // dircproxy and XChat 2.
            (
                "--> jsmith (n=user@68-246.net) joined the channel",
                ev("jsmith", join("")),
            ),
            ("<-- nick has left #chan", ev("nick", part("#chan", ""))),
            // Textual, without a prefix.
            (
                "MasterDuke (5e00bdd3@raku/developer/masterduke) joined the channel",
                ev("MasterDuke", join("")),
            ),
            (
                "nine (~Snakes@d.cx) left IRC (Quit: Leaving.)",
                ev("nine", quit("Quit: Leaving.")),
            ),
            (
                "ChanServ sets mode +o tyil",
                ev("ChanServ", Event::Mode { modes: "+o tyil" }),
            ),
            (
                "lizmat changed the topic to Perl Sucks!",
                ev(
                    "lizmat",
                    Event::Topic {
                        topic: "Perl Sucks!",
                    },
                ),
            ),
            (
                "tyil kicked lizmat from the channel (lizmat)",
                ev(
                    "tyil",
                    Event::Kick {
                        victim: "lizmat",
                        reason: "lizmat",
                    },
                ),
            ),
            (
                "lizmmat_ is now known as lizmat",
                ev("lizmmat_", Event::Nick { new: "lizmat" }),
            ),
            // The Lounge.
            ("*** x changed nick to y", ev("x", Event::Nick { new: "y" })),
            ("*** x (host@h) quit (bye)", ev("x", quit("bye"))),
        ] {
            assert_eq!(plain(rest), want, "{rest:?}");
        }
    }

    #[test]
    fn other_lines_of_the_client() {
        for (rest, want) in [
            ("*** You connected", info("You connected", true)),
            ("* Now talking in #chan", info("Now talking in #chan", true)),
            (
                "*\tTopic for #chan is: x",
                info("Topic for #chan is: x", true),
            ),
            (
                "-!- Irssi: Join to #chan was synced",
                info("Irssi: Join to #chan was synced", true),
            ),
            ("*** Topic for #chan: x", info("Topic for #chan: x", true)),
            ("some words", info("some words", false)),
            ("", info("", false)),
            (
                "<not a nick because it has a",
                info("<not a nick because it has a", false),
            ),
        ] {
            assert_eq!(plain(rest), want, "{rest:?}");
        }
        assert!(!plain("some words").is_evidence());
        assert!(plain("*** You connected").is_evidence());
    }

    #[test]
    fn weechat_columns() {
        for (rest, want) in [
            ("@nick\tmessage here", msg("nick", "message here")),
            ("nick\t", msg("nick", "")),
            (" *\tnick waves", act("nick", "waves")),
            (
                "-->\tnick (~u@h) has joined #chan",
                ev("nick", Event::Join { channel: "#chan" }),
            ),
            (
                "<--\tnick (~u@h) has quit (Ping timeout)",
                ev(
                    "nick",
                    Event::Quit {
                        reason: "Ping timeout",
                    },
                ),
            ),
            (
                "--\tMode #chan [+v nick] by op",
                ev("op", Event::Mode { modes: "+v nick" }),
            ),
            (
                "--\tx has changed topic for #chan from \"old\" to \"new one\"",
                ev("x", Event::Topic { topic: "new one" }),
            ),
            (
                "--\tNotice(NickServ): hi",
                Body::Notice {
                    nick: "NickServ",
                    text: "hi",
                },
            ),
            (
                "--\tNotice(bot) -> #chan: built",
                Body::Notice {
                    nick: "bot",
                    text: "built",
                },
            ),
            ("--\tNotice(x", info("Notice(x", true)),
            ("=!=\terror", info("error", true)),
            ("no tab", info("no tab", false)),
        ] {
            assert_eq!(weechat(rest), want, "{rest:?}");
        }
    }

    #[test]
    fn event_texts() {
        assert_eq!(Event::Join { channel: "#a" }.text(), "joined #a");
        assert_eq!(Event::Join { channel: "" }.text(), "joined");
        assert_eq!(
            Event::Part {
                channel: "#a",
                reason: "bye"
            }
            .text(),
            "left #a (bye)"
        );
        assert_eq!(Event::Quit { reason: "" }.text(), "quit");
        assert_eq!(Event::Nick { new: "b" }.text(), "is now known as b");
        assert_eq!(Event::Mode { modes: "+o b" }.text(), "sets mode +o b");
        assert_eq!(
            Event::Kick {
                victim: "b",
                reason: ""
            }
            .text(),
            "kicked b"
        );
        assert_eq!(
            Event::Topic { topic: "t" }.text(),
            "changed the topic to: t"
        );
    }
}
