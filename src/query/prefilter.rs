//! A test of raw file bytes that every message a query matches passes, for
//! [`crate::archive::scan`]: searches parse only the messages that pass it.

use memchr::memmem;
use regex::bytes::{Regex, RegexBuilder};
use unicode_width::UnicodeWidthChar;

use super::fuzzy::FuzzyPattern;
use super::items::{Item, Query, TermMode};
use crate::archive::{RawFilter, Spread};

/// The positive terms of a query, compiled for raw bytes.
pub struct Prefilter {
    /// Every positive substring term; the first is the anchor.
    needles: Vec<RawNeedle>,
    fuzzy: Vec<FuzzyPattern>,
    wide: bool,
    /// Whether the query tests nothing of a message but `needles`, none with whitespace.
    exact: bool,
    /// The anchor (the first needle) as a spread, when it is matched byte for byte.
    spread: Option<Spread>,
    /// Whether every needle is matched byte for byte and made of
    /// characters that are not ASCII (see [`RawFilter::sure_when_risky`]).
    wide_chars_only: bool,
}

impl std::fmt::Debug for Prefilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefilter")
            .field("needles", &self.needles.len())
            .field("fuzzy", &self.fuzzy.len())
            .field("wide", &self.wide)
            .field("exact", &self.exact)
            .field("spread", &self.spread.is_some())
            .field("wide_chars_only", &self.wide_chars_only)
            .finish()
    }
}

impl Prefilter {
    /// The prefilter of `query`, or `None` when it has no positive text term
    /// or a term that raw bytes cannot stand for (one holding a control,
    /// zero-width or replacement character: see [`crate::archive::scan`]).
    pub fn new(query: &Query) -> Option<Self> {
        let mut filter = Self {
            needles: Vec::new(),
            fuzzy: Vec::new(),
            wide: false,
            exact: true,
            spread: None,
            wide_chars_only: true,
        };
        for item in query.items() {
            let t = match item {
                Item::Term(t) => t,
                Item::From { .. } | Item::Has { .. } | Item::Is { .. } => {
                    filter.exact = false;
                    continue;
                }
                _ => continue,
            };
            if t.negated || t.mode == TermMode::Fuzzy || t.text.chars().any(char::is_whitespace) {
                filter.exact = false;
            }
            if t.negated {
                continue;
            }
            if t.text.is_empty() || !t.text.chars().all(raw_safe) {
                return None;
            }
            filter.wide |= t
                .text
                .chars()
                .any(|c| matches!(c, ' ' | '[' | ']' | 'P' | 'p' | '\\'));
            match t.mode {
                TermMode::Substring => {
                    let needle = RawNeedle::new(&t.text);
                    if filter.needles.is_empty() && matches!(needle, RawNeedle::Bytes(_)) {
                        filter.spread = Spread::new(&t.text);
                    }
                    filter.wide_chars_only &= matches!(needle, RawNeedle::Bytes(_))
                        && !t.text.chars().any(|c| c.is_ascii());
                    filter.needles.push(needle);
                }
                TermMode::Fuzzy => filter.fuzzy.push(FuzzyPattern::new(&t.text)),
            }
        }
        (!filter.needles.is_empty() || !filter.fuzzy.is_empty()).then_some(filter)
    }
}

impl RawFilter for Prefilter {
    fn has_anchor(&self) -> bool {
        !self.needles.is_empty()
    }

    fn next_anchor(&self, bytes: &[u8], from: usize) -> Option<usize> {
        self.needles.first()?.find_at(bytes, from)
    }

    fn could_match(&self, body: &[u8]) -> bool {
        self.needles.iter().all(|n| n.is_in(body))
            && self.fuzzy.iter().all(|f| f.could_match_bytes(body))
    }

    fn wide_risk(&self) -> bool {
        self.wide
    }

    fn exact(&self) -> bool {
        self.exact && self.fuzzy.is_empty()
    }

    fn spread(&self) -> Option<&Spread> {
        self.spread.as_ref()
    }

    fn sure_when_risky(&self) -> bool {
        self.exact() && !self.needles.is_empty() && self.wide_chars_only
    }
}

/// Whether a character of a term is the same in raw bytes and in a
/// sanitised body: not a control, not zero-width (combining marks and
/// joiners, which the sanitiser may drop next to), not U+FFFD or a control
/// picture (which the decoder and the sanitiser make).
fn raw_safe(c: char) -> bool {
    !c.is_control()
        && c.width().is_some_and(|w| w > 0)
        && !matches!(c,
            '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{1160}'..='\u{11FF}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{206F}'
            | '\u{2400}'..='\u{2426}'
            | '\u{3164}'
            | '\u{D7B0}'..='\u{D7FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFF}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}')
}

/// A substring term on raw bytes, with the matcher's smart case.
enum RawNeedle {
    Bytes(Box<memmem::Finder<'static>>),
    Folded(Regex),
}

impl RawNeedle {
    fn new(text: &str) -> Self {
        let has_case = text
            .chars()
            .any(|c| c.is_lowercase() || c.is_uppercase() || c.to_uppercase().ne(c.to_lowercase()));
        if !super::is_case_sensitive(text) && has_case {
            if let Ok(re) = RegexBuilder::new(&regex::escape(text))
                .case_insensitive(true)
                .build()
            {
                return RawNeedle::Folded(re);
            }
        }
        RawNeedle::Bytes(Box::new(memmem::Finder::new(text.as_bytes()).into_owned()))
    }

    fn is_in(&self, hay: &[u8]) -> bool {
        match self {
            RawNeedle::Bytes(f) => f.find(hay).is_some(),
            RawNeedle::Folded(re) => re.is_match(hay),
        }
    }

    /// The start of the first occurrence at or after `from`.
    fn find_at(&self, hay: &[u8], from: usize) -> Option<usize> {
        match self {
            RawNeedle::Bytes(f) => f.find(hay.get(from..)?).map(|i| from + i),
            RawNeedle::Folded(re) => re.find_at(hay, from).map(|m| m.start()),
        }
    }
}
