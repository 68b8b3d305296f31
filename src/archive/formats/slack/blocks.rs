//! Block Kit: the `blocks` of a message, when they say more than `text`.
//!
//! Newer exports repeat each message's text as a `rich_text` block, whose
//! elements carry exact styles (no guessing at `*` and `_`), users and
//! channels by id, links, emoji, lists, quotes and code blocks; daybook
//! reads those instead of `text`. Bots and apps (polls, alerts) post
//! `section`, `header` and `context` blocks whose `text` holds the message
//! while the message's own `text` is only the notification's fallback;
//! daybook shows the blocks' text. Interactive parts (buttons, menus) are
//! left out.

use super::json::{Block, ElementStyle, TextField, text};
use super::mrkdwn;
use super::names::{self, Names};
use crate::archive::formats::MessageBuilder;
use crate::model::{AttachmentKind, Style};

/// What the blocks of a message hold, as far as the body goes.
pub(super) fn kind(blocks: &[Block<'_>]) -> Kind {
    let mut layout = false;
    for b in blocks {
        match b.kind() {
            Some("rich_text") => return Kind::RichText,
            Some("section" | "header" | "context") => layout = true,
            _ => {}
        }
    }
    if layout { Kind::Layout } else { Kind::None }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Nothing for the body: read `text`.
    None,
    /// A `rich_text` block: more faithful than `text`.
    RichText,
    /// Layout blocks with text, shown instead of the fallback `text`.
    Layout,
}

/// Appends the body the blocks hold, blocks on lines of their own.
pub(super) fn render(m: &mut MessageBuilder<'_, '_>, blocks: &[Block<'_>], names: &mut Names<'_>) {
    for b in blocks {
        match b.kind() {
            Some("rich_text") => {
                for e in b.elements.iter().flatten() {
                    new_line(m);
                    rich_block(m, e, names);
                }
            }
            Some("section" | "header") => {
                if let Some(t) = &b.text {
                    new_line(m);
                    text_object(m, t, names);
                }
                for f in b.fields.iter().flatten() {
                    if let Some(t) = &f.text {
                        new_line(m);
                        text_object(m, t, names);
                    }
                }
            }
            Some("context") => {
                let mut first = true;
                // Its elements are text objects (and images, left out).
                for e in b.elements.iter().flatten() {
                    let kind = e.kind();
                    let Some(t) = e.text.as_ref().filter(|_| kind != Some("image")) else {
                        continue;
                    };
                    if first {
                        new_line(m);
                        first = false;
                    } else {
                        m.text(" ");
                    }
                    match t {
                        TextField::Plain(s) if kind == Some("mrkdwn") => {
                            mrkdwn::render(m, s.as_str(), names);
                        }
                        TextField::Plain(s) => mrkdwn::render_plain(m, s.as_str()),
                        object @ TextField::Object { .. } => text_object(m, object, names),
                    }
                }
            }
            Some("image") => {
                if let Some(url) = text(b.image_url.as_ref()) {
                    let alt = text(b.alt_text.as_ref()).unwrap_or("");
                    m.attachment(AttachmentKind::Image, alt, url, None);
                }
            }
            _ => {}
        }
    }
}

/// Starts a new line unless the body is empty or already at one.
fn new_line(m: &mut MessageBuilder<'_, '_>) {
    let body = m.body();
    if !body.is_empty() && !body.ends_with('\n') {
        m.text("\n");
    }
}

fn text_object(m: &mut MessageBuilder<'_, '_>, t: &TextField<'_>, names: &mut Names<'_>) {
    match t {
        TextField::Object { mrkdwn: true, text } => mrkdwn::render(m, text.as_str(), names),
        TextField::Object { text, .. } | TextField::Plain(text) => {
            mrkdwn::render_plain(m, text.as_str());
        }
    }
}

/// A block-level element of a `rich_text` block.
fn rich_block(m: &mut MessageBuilder<'_, '_>, e: &Block<'_>, names: &mut Names<'_>) {
    match e.kind() {
        Some("rich_text_list") => {
            let ordered = e.style.is_some_and(|s| s.ordered);
            let indent = "  ".repeat(e.indent.unwrap_or(0).min(8) as usize);
            for (n, item) in e.elements.iter().flatten().enumerate() {
                new_line(m);
                if ordered {
                    m.text(&format!("{indent}{}. ", n + 1));
                } else {
                    m.text(&format!("{indent}• "));
                }
                inline_all(m, item, names, false);
            }
        }
        Some("rich_text_preformatted") => {
            let start = m.body().len();
            inline_all(m, e, names, false);
            let end = m.body().len();
            m.style(Style::Code, start..end);
        }
        Some("rich_text_quote") => {
            m.text("> ");
            inline_all(m, e, names, true);
        }
        _ => inline_all(m, e, names, false),
    }
}

/// The inline elements of `e`; in a quote, each new line is marked `> `.
fn inline_all(m: &mut MessageBuilder<'_, '_>, e: &Block<'_>, names: &mut Names<'_>, quote: bool) {
    for x in e.elements.iter().flatten() {
        inline(m, x, names, quote);
    }
}

/// An inline element of rich text, with its style.
fn inline(m: &mut MessageBuilder<'_, '_>, e: &Block<'_>, names: &mut Names<'_>, quote: bool) {
    let start = m.body().len();
    let plain = |t: &TextField<'_>| match t {
        TextField::Plain(s) | TextField::Object { text: s, .. } => s.as_str().to_owned(),
    };
    match e.kind() {
        Some("text") => {
            if let Some(TextField::Plain(t) | TextField::Object { text: t, .. }) = &e.text {
                let t = t.as_str();
                if quote && t.contains('\n') {
                    m.text(&t.replace('\n', "\n> "));
                } else {
                    m.text(t);
                }
            }
        }
        Some("link") => {
            if let Some(url) = text(e.url.as_ref()) {
                let label = e.text.as_ref().map(plain).filter(|l| !l.is_empty());
                let shown =
                    label.unwrap_or_else(|| url.strip_prefix("mailto:").unwrap_or(url).to_owned());
                m.link(&shown, url);
            }
        }
        Some("user") => {
            if let Some(id) = text(e.user_id.as_ref()) {
                let name = names.user(id).into_owned();
                m.mention(&format!("@{name}"), &name);
            }
        }
        Some("usergroup") => {
            if let Some(id) = text(e.usergroup_id.as_ref()) {
                m.mention(&format!("@{id}"), id);
            }
        }
        Some("channel") => {
            if let Some(id) = text(e.channel_id.as_ref()) {
                let name = names.channel(id).to_owned();
                m.mention(&format!("#{name}"), &name);
            }
        }
        Some("broadcast") => {
            let range = text(e.range.as_ref()).unwrap_or("here");
            m.mention(&format!("@{range}"), range);
        }
        Some("emoji") => {
            if let Some(name) = text(e.name.as_ref()) {
                let shown = text(e.unicode.as_ref())
                    .and_then(unicode_from_hex)
                    .or_else(|| names::emoji(name, None))
                    .unwrap_or_else(|| format!(":{name}:"));
                m.emoji(&shown, name);
            }
        }
        Some("date") => {
            if let Some(f) = text(e.fallback.as_ref()) {
                m.text(f);
            }
        }
        Some("color") => {
            if let Some(v) = text(e.value.as_ref()) {
                m.text(v);
            }
        }
        // Files and canvases are the message's attachments.
        _ => {}
    }
    let end = m.body().len();
    if let Some(s) = e.style {
        apply(m, s, start..end);
    }
}

fn apply(m: &mut MessageBuilder<'_, '_>, s: ElementStyle, r: std::ops::Range<usize>) {
    for (on, style) in [
        (s.bold, Style::Bold),
        (s.italic, Style::Italic),
        (s.strike, Style::Strike),
        (s.code, Style::Code),
    ] {
        if on {
            m.style(style, r.clone());
        }
    }
}

/// `1f44d` or `1f44d-1f3fb` as the emoji it codes.
fn unicode_from_hex(hex: &str) -> Option<String> {
    hex.split('-')
        .map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
        .collect()
}
