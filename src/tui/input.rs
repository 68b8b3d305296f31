//! Terminal input: the bytes read from the terminal, turned into key,
//! mouse and paste events.
//!
//! crossterm 0.29's own reader misses input in two ways that matter here: it
//! reads at most 1 KiB per wake-up of an edge-triggered epoll, so the rest
//! of a paste waits for the next key, and it has no timeout for an escape
//! sequence that never ends, so `ESC [ ?` swallows every key up to the next
//! letter. This parser is fed everything the reader thread read, however
//! much, and knows when each byte came: a sequence left incomplete for
//! [`ESC_TIMEOUT`] is resolved (a lone `ESC` is the Escape key, a stray
//! prefix is dropped), so keys flow again. Bracketed paste
//! (`ESC [200~ … ESC [201~`) becomes one [`Event::Paste`].
//!
//! Pure: no I/O, the time is passed in, so every case is unit-tested.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// How long an incomplete escape sequence may wait for its next byte
/// before it is resolved: a lone `ESC` becomes the Escape key, a longer
/// prefix is dropped. Terminals send a sequence in one write; 50 ms also
/// covers a slow link.
pub const ESC_TIMEOUT: Duration = Duration::from_millis(50);

/// How long a bracketed paste may go without a byte before what arrived
/// is taken as the whole paste (its end marker was lost).
pub const PASTE_TIMEOUT: Duration = Duration::from_millis(500);

/// The longest escape sequence kept waiting for its end; anything longer
/// is not one a terminal sends and is dropped.
const MAX_SEQUENCE: usize = 64;

/// The most bytes one paste keeps (16 MiB); the rest is dropped.
const MAX_PASTE: usize = 16 << 20;

const ESC: u8 = 0x1b;
const PASTE_END: &[u8] = b"\x1b[201~";

/// Turns terminal input bytes into events.
#[derive(Debug, Default)]
pub struct Parser {
    /// Bytes not yet turned into an event (an incomplete sequence or character).
    pending: Vec<u8>,
    /// When the newest pending byte arrived.
    since: Option<Instant>,
    /// Inside a bracketed paste: the text so far.
    paste: Option<Vec<u8>>,
    events: VecDeque<Event>,
}

/// What the bytes at the front of the input are.
#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    /// An event, and how many bytes it took.
    Event(Event, usize),
    /// Bytes that mean nothing to daybook (an unknown sequence), to drop.
    Skip(usize),
    /// The start of a bracketed paste, and its length.
    PasteStart(usize),
    /// The start of something that needs more bytes.
    Incomplete,
}

impl Parser {
    pub fn new() -> Parser {
        Parser::default()
    }

    /// Takes in `bytes` read at `now`.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) {
        if self.deadline().is_some_and(|d| d <= now) {
            self.expire(now);
        }
        if bytes.is_empty() {
            return;
        }
        self.since = Some(now);
        if let Some(paste) = &mut self.paste {
            // The end marker may begin in what came before.
            let from = paste.len().saturating_sub(PASTE_END.len() - 1);
            paste.extend_from_slice(bytes);
            self.end_paste_if_complete(from);
            return;
        }
        self.pending.extend_from_slice(bytes);
        self.parse_pending();
    }

    /// When [`Parser::expire`] has something to resolve, if ever.
    pub fn deadline(&self) -> Option<Instant> {
        let since = self.since?;
        if self.paste.is_some() {
            Some(since + PASTE_TIMEOUT)
        } else if self.pending.is_empty() {
            None
        } else {
            Some(since + ESC_TIMEOUT)
        }
    }

    /// Resolves what has waited past its deadline at `now`: a lone `ESC` is
    /// the Escape key; an incomplete sequence or character is dropped, and
    /// the bytes after its first one are read again; a paste whose end never
    /// came is taken as it is.
    pub fn expire(&mut self, now: Instant) {
        if self.deadline().is_none_or(|d| d > now) {
            return;
        }
        if let Some(paste) = self.paste.take() {
            self.push_paste(&paste);
            self.since = None;
            return;
        }
        if self.pending == [ESC] {
            self.pending.clear();
            self.events.push_back(key(KeyCode::Esc, KeyModifiers::NONE));
        } else if self.pending.first() == Some(&ESC) {
            // A stray prefix (`ESC [ ?`, `ESC O`): drop it whole.
            self.pending.clear();
        } else if !self.pending.is_empty() {
            // A character cut short: drop its first byte and read on.
            self.pending.remove(0);
            self.parse_pending();
            if !self.pending.is_empty() {
                self.pending.clear();
            }
        }
        self.since = None;
    }

    /// The next event, if one is ready.
    pub fn next_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn parse_pending(&mut self) {
        let mut at = 0;
        while at < self.pending.len() {
            match parse(&self.pending[at..]) {
                Parsed::Event(event, n) => {
                    self.events.push_back(event);
                    at += n;
                }
                Parsed::Skip(n) => at += n,
                Parsed::PasteStart(n) => {
                    at += n;
                    self.paste = Some(self.pending[at..].to_vec());
                    self.pending.clear();
                    self.end_paste_if_complete(0);
                    return;
                }
                Parsed::Incomplete => break,
            }
        }
        self.pending.drain(..at);
    }

    /// Ends the paste at its end marker, if it has come (looking from byte
    /// `from` on), and reads on after it.
    fn end_paste_if_complete(&mut self, from: usize) {
        let Some(paste) = &mut self.paste else { return };
        let from = from.min(paste.len());
        let Some(end) = memchr::memmem::find(&paste[from..], PASTE_END).map(|i| from + i) else {
            if paste.len() > MAX_PASTE + PASTE_END.len() {
                // Keep the tail, where the end marker may be arriving.
                let keep = paste.len() - PASTE_END.len();
                paste.drain(MAX_PASTE..keep);
            }
            return;
        };
        let rest = paste.split_off(end + PASTE_END.len());
        paste.truncate(end);
        let text = std::mem::take(paste);
        self.paste = None;
        self.push_paste(&text);
        self.pending = rest;
        self.parse_pending();
    }

    fn push_paste(&mut self, bytes: &[u8]) {
        let bytes = &bytes[..bytes.len().min(MAX_PASTE)];
        let text = String::from_utf8_lossy(bytes).into_owned();
        self.events.push_back(Event::Paste(text));
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

/// Parses the front of `b` (not empty).
fn parse(b: &[u8]) -> Parsed {
    match b[0] {
        ESC => match b.get(1) {
            None => Parsed::Incomplete,
            Some(b'[') => parse_csi(b),
            Some(b'O') => match b.get(2) {
                None => Parsed::Incomplete,
                Some(&c) => match ss3(c) {
                    Some(code) => Parsed::Event(key(code, KeyModifiers::NONE), 3),
                    None => Parsed::Skip(3),
                },
            },
            Some(&ESC) => Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
            Some(_) => match parse(&b[1..]) {
                // Alt and a key: the terminal sends ESC first.
                Parsed::Event(Event::Key(mut k), n) => {
                    k.modifiers |= KeyModifiers::ALT;
                    Parsed::Event(Event::Key(k), n + 1)
                }
                Parsed::Incomplete => Parsed::Incomplete,
                // ESC before something that is not a key: Escape, then that.
                _ => Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
            },
        },
        b'\r' => Parsed::Event(key(KeyCode::Enter, KeyModifiers::NONE), 1),
        b'\t' => Parsed::Event(key(KeyCode::Tab, KeyModifiers::NONE), 1),
        0x7f => Parsed::Event(key(KeyCode::Backspace, KeyModifiers::NONE), 1),
        0 => Parsed::Event(key(KeyCode::Char(' '), KeyModifiers::CONTROL), 1),
        c @ 0x01..=0x1a => Parsed::Event(
            key(KeyCode::Char((c - 1 + b'a') as char), KeyModifiers::CONTROL),
            1,
        ),
        c @ 0x1c..=0x1f => Parsed::Event(
            key(
                KeyCode::Char((c - 0x1c + b'4') as char),
                KeyModifiers::CONTROL,
            ),
            1,
        ),
        _ => parse_char(b),
    }
}

/// A UTF-8 character; an invalid byte is skipped.
fn parse_char(b: &[u8]) -> Parsed {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Parsed::Skip(1),
    };
    if b.len() < len {
        // A cut-off character, unless a byte so far already cannot belong.
        return if b[1..].iter().all(|&x| (0x80..0xc0).contains(&x)) {
            Parsed::Incomplete
        } else {
            Parsed::Skip(1)
        };
    }
    match std::str::from_utf8(&b[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => {
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            Parsed::Event(key(KeyCode::Char(c), modifiers), len)
        }
        None => Parsed::Skip(1),
    }
}

/// `ESC O x`: keys of the application cursor mode.
fn ss3(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(1 + c - b'P'),
        _ => return None,
    })
}

/// `ESC [ …`: parameters, intermediates and a final byte (ECMA-48), or the
/// X10 mouse report `ESC [ M` and three bytes.
fn parse_csi(b: &[u8]) -> Parsed {
    if b.get(2) == Some(&b'M') {
        return if b.len() < 6 {
            Parsed::Incomplete
        } else {
            x10_mouse(&b[3..6]).map_or(Parsed::Skip(6), |e| Parsed::Event(e, 6))
        };
    }
    let mut i = 2;
    while i < b.len() {
        match b[i] {
            0x20..=0x3f => i += 1,
            0x40..=0x7e => return csi(&b[2..i], b[i], i + 1),
            // Not a sequence a terminal sends: drop what came so far and
            // read this byte as itself.
            _ => return Parsed::Skip(i),
        }
        if i > MAX_SEQUENCE {
            return Parsed::Skip(i);
        }
    }
    Parsed::Incomplete
}

/// A complete CSI sequence with parameter bytes `params` and final byte `f`,
/// `len` bytes long.
fn csi(params: &[u8], f: u8, len: usize) -> Parsed {
    let text = std::str::from_utf8(params).unwrap_or("");
    if let Some(sgr) = text.strip_prefix('<') {
        return sgr_mouse(sgr, f).map_or(Parsed::Skip(len), |e| Parsed::Event(e, len));
    }
    let numbers: Vec<u16> = text.split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let first = numbers.first().copied().unwrap_or(0);
    let modifiers = numbers.get(1).map_or(KeyModifiers::NONE, |&m| modifiers(m));
    let code = match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => return Parsed::Event(key(KeyCode::BackTab, KeyModifiers::SHIFT), len),
        b'P' | b'Q' | b'S' if first <= 1 => KeyCode::F(1 + f - b'P'),
        b'R' if first <= 1 && numbers.len() <= 2 => KeyCode::F(3),
        b'M' | b'm' if numbers.len() == 3 => {
            // urxvt's mouse report: `ESC [ b ; x ; y M`.
            let report = [numbers[0].saturating_sub(32), numbers[1], numbers[2]];
            return mouse(report, f == b'm').map_or(Parsed::Skip(len), |e| Parsed::Event(e, len));
        }
        b'~' => match first {
            200 => return Parsed::PasteStart(len),
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            n @ 11..=15 => KeyCode::F((n - 10) as u8),
            n @ 17..=21 => KeyCode::F((n - 11) as u8),
            n @ 23..=24 => KeyCode::F((n - 12) as u8),
            _ => return Parsed::Skip(len),
        },
        // Focus, cursor and mode reports, a paste end without a start, and
        // whatever else: nothing to do.
        _ => return Parsed::Skip(len),
    };
    Parsed::Event(key(code, modifiers), len)
}

/// The modifiers of a key sequence's second parameter (1 + bits).
fn modifiers(m: u16) -> KeyModifiers {
    let bits = m.saturating_sub(1);
    let mut out = KeyModifiers::NONE;
    if bits & 1 != 0 {
        out |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        out |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        out |= KeyModifiers::CONTROL;
    }
    out
}

/// SGR mouse: `ESC [ < b ; x ; y M` (press) or `m` (release).
fn sgr_mouse(params: &str, f: u8) -> Option<Event> {
    if f != b'M' && f != b'm' {
        return None;
    }
    let mut it = params.split(';').map(|p| p.parse::<u16>().ok());
    let report = [it.next()??, it.next()??, it.next()??];
    mouse(report, f == b'm')
}

/// X10 mouse: three bytes, each 32 more than its value.
fn x10_mouse(b: &[u8]) -> Option<Event> {
    let v = |x: u8| u16::from(x.saturating_sub(32));
    let (button, x, y) = (v(b[0]), v(b[1]), v(b[2]));
    mouse([button, x, y], false)
}

/// A mouse event from a report's button code and 1-based column and row.
fn mouse([code, x, y]: [u16; 3], release: bool) -> Option<Event> {
    let (column, row) = (x.checked_sub(1)?, y.checked_sub(1)?);
    let mut modifiers = KeyModifiers::NONE;
    if code & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if code & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if code & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    let button = match code & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if code & 64 != 0 {
        match code & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if code & 32 != 0 {
        if code & 3 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if release || code & 3 == 3 {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    Some(Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(p: &mut Parser) -> Vec<Event> {
        std::iter::from_fn(|| p.next_event()).collect()
    }

    fn keys(bytes: &[u8]) -> Vec<Event> {
        let mut p = Parser::new();
        let now = Instant::now();
        p.feed(bytes, now);
        p.expire(now + ESC_TIMEOUT);
        events(&mut p)
    }

    fn k(code: KeyCode) -> Event {
        key(code, KeyModifiers::NONE)
    }

    fn ch(c: char) -> Event {
        k(KeyCode::Char(c))
    }

    #[test]
    fn plain_keys_and_controls() {
        assert_eq!(keys(b"jk"), vec![ch('j'), ch('k')]);
        assert_eq!(
            keys(b"G"),
            vec![key(KeyCode::Char('G'), KeyModifiers::SHIFT)]
        );
        assert_eq!(
            keys(b"\r\t\x7f"),
            vec![k(KeyCode::Enter), k(KeyCode::Tab), k(KeyCode::Backspace)]
        );
        assert_eq!(
            keys(b"\x03\x1a\x04"),
            vec![
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
                key(KeyCode::Char('z'), KeyModifiers::CONTROL),
                key(KeyCode::Char('d'), KeyModifiers::CONTROL),
            ]
        );
        assert_eq!(
            keys("区块链".as_bytes()),
            vec![ch('区'), ch('块'), ch('链')]
        );
    }

    #[test]
    fn sequences() {
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[H\x1b[4~\x1b[Z\x1b[3~"),
            vec![
                k(KeyCode::Up),
                k(KeyCode::Down),
                k(KeyCode::PageUp),
                k(KeyCode::PageDown),
                k(KeyCode::Home),
                k(KeyCode::End),
                key(KeyCode::BackTab, KeyModifiers::SHIFT),
                k(KeyCode::Delete),
            ]
        );
        assert_eq!(
            keys(b"\x1b[1;5C"),
            vec![key(KeyCode::Right, KeyModifiers::CONTROL)]
        );
        assert_eq!(
            keys(b"\x1bj"),
            vec![key(KeyCode::Char('j'), KeyModifiers::ALT)]
        );
        assert_eq!(keys(b"\x1b[15~"), vec![k(KeyCode::F(5))]);
    }

    #[test]
    fn a_lone_escape_is_the_escape_key_after_the_timeout() {
        let mut p = Parser::new();
        let t = Instant::now();
        p.feed(b"\x1b", t);
        assert_eq!(events(&mut p), vec![]);
        assert_eq!(p.deadline(), Some(t + ESC_TIMEOUT));
        p.expire(t + ESC_TIMEOUT / 2);
        assert_eq!(events(&mut p), vec![]);
        p.expire(t + ESC_TIMEOUT);
        assert_eq!(events(&mut p), vec![k(KeyCode::Esc)]);
        assert_eq!(p.deadline(), None);
        // A key typed after the timeout, before expire ran, still comes after Esc.
        p.feed(b"\x1b", t);
        p.feed(b"j", t + ESC_TIMEOUT * 2);
        assert_eq!(events(&mut p), vec![k(KeyCode::Esc), ch('j')]);
    }

    #[test]
    fn a_stray_escape_prefix_times_out_and_keys_flow_again() {
        // `ESC [ ?` in one read: today's crossterm swallows keys up to the
        // next letter. Here the prefix is dropped once it waited too long.
        let mut p = Parser::new();
        let t = Instant::now();
        p.feed(b"\x1b[?", t);
        assert_eq!(events(&mut p), vec![]);
        p.feed(b"1", t + ESC_TIMEOUT * 3);
        p.feed(b"2j", t + ESC_TIMEOUT * 4);
        assert_eq!(events(&mut p), vec![ch('1'), ch('2'), ch('j')]);
        // The same with the timer firing before the next key.
        p.feed(b"\x1bO", t);
        p.expire(t + ESC_TIMEOUT);
        p.feed(b"q", t + ESC_TIMEOUT * 2);
        assert_eq!(events(&mut p), vec![ch('q')]);
        // A sequence completed in time is still a key.
        p.feed(b"\x1b[", t);
        p.feed(b"B", t + ESC_TIMEOUT / 2);
        assert_eq!(events(&mut p), vec![k(KeyCode::Down)]);
    }

    #[test]
    fn bytes_that_cannot_belong_to_a_sequence_end_it() {
        assert_eq!(keys(b"\x1b[1\rj"), vec![k(KeyCode::Enter), ch('j')]);
        let long: Vec<u8> = [b"\x1b[".as_slice(), &[b'1'; 100], b"j"].concat();
        let got = keys(&long);
        assert_eq!(got.last(), Some(&ch('j')));
    }

    #[test]
    fn a_character_split_across_reads() {
        let mut p = Parser::new();
        let t = Instant::now();
        let bytes = "链".as_bytes();
        p.feed(&bytes[..1], t);
        p.feed(&bytes[1..], t);
        assert_eq!(events(&mut p), vec![ch('链')]);
        // Cut off for good: dropped, and what follows is read.
        p.feed(&bytes[..2], t);
        p.expire(t + ESC_TIMEOUT);
        p.feed(b"x", t + ESC_TIMEOUT);
        assert_eq!(events(&mut p), vec![ch('x')]);
        assert_eq!(keys(b"\xffa"), vec![ch('a')]);
    }

    #[test]
    fn a_bracketed_paste_is_one_event() {
        let mut p = Parser::new();
        let t = Instant::now();
        let mut text = String::new();
        for i in 0..10_000 {
            text.push_str(&format!("t{i} "));
        }
        let mut bytes = b"j\x1b[200~".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes.extend_from_slice(b"\x1b[201~k");
        // In reads of any size, the end marker split between two.
        for chunk in bytes.chunks(1000) {
            p.feed(chunk, t);
        }
        assert_eq!(
            events(&mut p),
            vec![ch('j'), Event::Paste(text.clone()), ch('k')]
        );
        // Controls and escapes inside a paste are text, not keys.
        assert_eq!(
            keys(b"\x1b[200~a\x1b[Ab\r\n\x1b[201~"),
            vec![Event::Paste("a\x1b[Ab\r\n".into())]
        );
    }

    #[test]
    fn a_paste_without_its_end_ends_after_a_pause() {
        let mut p = Parser::new();
        let t = Instant::now();
        p.feed(b"\x1b[200~abc", t);
        assert_eq!(events(&mut p), vec![]);
        assert_eq!(p.deadline(), Some(t + PASTE_TIMEOUT));
        p.feed(b"j", t + PASTE_TIMEOUT * 2);
        assert_eq!(events(&mut p), vec![Event::Paste("abc".into()), ch('j')]);
    }

    #[test]
    fn mouse_reports() {
        let m = |kind, column, row| {
            Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        assert_eq!(
            keys(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;3;4M\x1b[<65;3;4M"),
            vec![
                m(MouseEventKind::Down(MouseButton::Left), 9, 4),
                m(MouseEventKind::Up(MouseButton::Left), 9, 4),
                m(MouseEventKind::ScrollUp, 2, 3),
                m(MouseEventKind::ScrollDown, 2, 3),
            ]
        );
        assert_eq!(
            keys(b"\x1b[M !!"),
            vec![m(MouseEventKind::Down(MouseButton::Left), 0, 0)]
        );
        // A report at column 0 is not one a terminal sends: dropped.
        assert_eq!(keys(b"\x1b[<0;0;0Mj"), vec![ch('j')]);
    }

    #[test]
    fn unknown_sequences_are_dropped_whole() {
        assert_eq!(keys(b"\x1b[?1;2c\x1b[I\x1b[12;40Rq"), vec![ch('q')]);
        assert_eq!(keys(b"\x1b[201~q"), vec![ch('q')]);
    }
}
