//! The query language, shared by `daybook search` and the interface so both
//! always agree.
//!
//! [`parse`] reads a query into a [`Query`] (or a [`QueryError`] pointing at
//! the problem); [`Matcher`] resolves it once against an
//! [`Archive`](crate::model::Archive) and then tests messages and finds the
//! byte ranges to highlight; [`speaker_scores`] and [`channel_scores`] rank
//! speakers and channels for a fuzzy pattern; [`stats`] counts over the archive or the messages a query matches.
//!
//! # The language
//!
//! A query is a list of items separated by whitespace (the ideographic space
//! `　` counts). A message matches when it matches every item; an empty query
//! matches everything.
//!
//! | Item | Matches messages |
//! |------|------------------|
//! | `二维码`, `"hello world"` | whose text contains it |
//! | `-spam`, `-"bad phrase"` | whose text does not contain it |
//! | `~zhx` | whose text contains the characters in order (fuzzy, as in skim) |
//! | `-~zhx` | whose text does not fuzzy-match |
//! | `from:NAME`, `from:"Name With Spaces"` | written by that speaker |
//! | `-from:NAME` | not written by that speaker |
//! | `in:CHANNEL`, `-in:CHANNEL` | in (not in) a channel whose name contains the text, or of the app named so (`in:whatsapp`), or `APP/NAME` (`in:slack/general`), ignoring case |
//! | `on:DATE` | on a day within that year, month or day |
//! | `after:DATE` | on a day after the end of that period |
//! | `before:DATE` | on a day before the start of that period |
//! | `has:KIND`, `-has:KIND` | with (without) an `image` (or `photo`), a `link`, a `mention`, an `emoji` code, an `attachment` of any kind, a `file`, `video`, `audio`, `voice` message, `sticker`, `redpacket`, `location`, `contact` or `poll` |
//! | `is:system`, `is:action`, `is:message`, and `-is:` | that are (are not) system messages, actions or plain messages |
//!
//! - **Text** is what a reader sees of a message: its body, and the title
//!   of each attachment (a link card's title, a file's name), never the
//!   link targets behind them ([`Day::search_text`](crate::model::Day::search_text)).
//! - **Smart case.** A term with an uppercase letter is case-sensitive;
//!   otherwise case is ignored. Chinese has no case, so it always matches
//!   exactly. This holds for `~fuzzy` terms too (where ignoring case applies
//!   to ASCII letters).
//! - **Quotes.** `"…"` keeps spaces in a term or a qualifier's value; inside
//!   it, `\"` is a quote and `\\` a backslash. A quote in the middle of a word
//!   is an ordinary character.
//! - **`from:`** If some speaker's name equals NAME (ignoring case and
//!   surrounding spaces; `(no name)` is the speaker without a name, as it
//!   is shown), it means exactly the speakers of that name;
//!   otherwise every speaker whose name NAME fuzzy-matches. Several `from:`
//!   are alternatives, as are several `in:`, several `on:` and several
//!   `is:`; `after:`, `before:` and `has:` items are all required. `has:link`
//!   counts only links that lead somewhere (a URL with a scheme), not a
//!   share whose target is an id or was left out.
//! - **Dates** are `2018`, `2018-01` or `2018-01-22`, also written with `/`.
//!   `on:2018-02` is every day of February 2018; `after:2018` starts on
//!   2019-01-01; `before:2018-03` ends on 2018-02-28. Dates cannot be
//!   negated.
//! - **Qualifiers vs. text.** A word like `key:value` whose key is ASCII
//!   letters is a qualifier, and an unknown key is an error; quote it to
//!   search for the text (`"re:hello"`). Words such as `http://…`, `12:30`
//!   or `二维码:扫` are ordinary terms.
//! - **Errors** — an unknown qualifier, an empty value (`from:`), an
//!   impossible date (`on:2018-13`), an unknown `has:` kind, an unclosed
//!   quote, a lone `-` or `~` — carry the byte span they are about;
//!   [`QueryError::render`] draws carets under it.
//!
//! A query prints (`to_string`) in a normalised form that parses back to the
//! same query; each [`Item`] prints on its own as a chip.

mod fuzzy;
mod items;
mod matcher;
mod parse;
mod prefilter;
mod speakers;
pub mod stats;

pub use items::{DateFilter, HasKind, Item, Period, Precision, Query, Term, TermMode, is_name};
pub use matcher::{MAX_HIGHLIGHTS, Marked, Matcher};
pub use parse::{QueryError, parse};
pub use prefilter::Prefilter;
pub use speakers::{channel_scores, speaker_scores};

/// Smart case: whether text with this term must match case exactly, which
/// is when it contains an uppercase letter.
fn is_case_sensitive(text: &str) -> bool {
    text.chars().any(char::is_uppercase)
}
