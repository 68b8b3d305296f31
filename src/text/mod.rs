//! Text for the terminal: display width, sanitising and CJK-aware wrapping.
//!
//! Small pure functions over `&str`, with no terminal types, shared by the
//! interface and the subcommands:
//!
//! - [`width`], [`grapheme_width`], [`truncate`], [`ellipsize`], [`pad_right`] and
//!   [`padded`] measure and fit text in display columns over grapheme
//!   clusters, as terminals draw it (a CJK character is two columns,
//!   a combining mark none, a control character is not drawn);
//! - [`sanitize`], [`sanitize_line`] and [`is_clean`] neutralise what an
//!   untrusted archive could use against a terminal: control and escape
//!   characters become visible pictures (`␛`, `␇`), bidi overrides and tag
//!   characters are removed and stacks of combining marks are cut down to
//!   four; [`sanitize_into`] appends to a buffer without a copy of its own,
//!   and a [`Sanitizer`] appends a text that arrives in pieces as if it
//!   were sanitised whole;
//! - [`trim`] is `str::trim`, quicker on the usual text whose ends are
//!   visible;
//! - [`is_ignorable`] and its helpers name the zero-width characters that
//!   search looks through inside words (`abc` finds `a\u{200B}bc`);
//! - [`wrap`] and [`wrap_into`] break text into lines of a given width as
//!   byte ranges, following Chinese and Japanese line-breaking rules
//!   (kinsoku: no line starts with `，` or `」`, none ends with `「`).
//!
//! Sanitise first, then measure and wrap the sanitised text: the width of a
//! control character is zero, but its picture takes a column.

mod clusters;
mod ignorable;
mod sanitize;
mod trim;
mod width;
mod wrap;

pub use ignorable::{
    find_feff, find_hidden, find_hidden_rare, find_ignorable, hidden_at, is_ignorable,
    map_ignorable, strip_ignorable,
};
pub use sanitize::{Sanitizer, is_clean, sanitize, sanitize_into, sanitize_line};
pub use trim::{may_start_space, trim};
pub use width::{
    Padded, cell_symbol, cells, ellipsize, grapheme_width, pad_right, padded, truncate, width,
};
pub use wrap::{MAX_EMOJI_CODE_CHARS, emoji_code_len, wrap, wrap_into};
