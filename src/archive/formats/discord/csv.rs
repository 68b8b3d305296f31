//! DCE's CSV export: a header `AuthorID,Author,Date,Content,Attachments,Reactions`,
//! then one quoted record per message (quotes doubled, line breaks kept
//! inside quotes). `Date` is in the round-trip `o` format
//! (`2023-09-23T13:15:48.3790000+03:00`), or in version 2.42 the locale's
//! short date and time; attachments are URLs joined by commas, reactions
//! `👍 (2),😂 (1)`. The file does not name its channel: the chat takes the
//! name DCE gives the file (`Guild - Category - channel [id].csv`).

use std::borrow::Cow;

use super::dates::{self, Local, Stamp};
use super::markdown;
use super::plain::NoNames;
use super::{
    ChannelInfo, DIRECT, attachment_kind, channel_id_of, file_name_of, is_system_text, local_path,
    names_of, without_discriminator,
};
use crate::archive::formats::{Builder, Loc, Parsed};
use crate::model::{MessageKind, Severity, Zone};

/// What the CSV export lacks that the JSON export has.
pub(super) const LOSES: &str = "a DiscordChatExporter CSV export: it has no channel name (taken from the file name), message ids, replies, edits, embeds, stickers or nicknames, and system messages are known only by their text; the JSON export keeps all of them";

/// One record: its first line and its fields.
struct Record<'a> {
    line: u32,
    fields: Vec<Cow<'a, str>>,
}

/// Reads a CSV export into `b`.
pub(super) fn parse(text: &str, zone: Zone, mut b: Builder<'_>) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (records, broken) = records(text);
    if let Some(line) = broken {
        b.diag(
            Loc::Line(line),
            Severity::Warning,
            "a quoted field that never ends (cut short?); the records before it are read",
        );
    }
    let Some((header, rows)) = records.split_first() else {
        b.diag(Loc::Line(1), Severity::Error, "an empty CSV file");
        return b.finish();
    };
    let names: Vec<&str> = header.fields.iter().map(|f| f.trim()).collect();
    if names.len() < 4
        || !names[..4]
            .iter()
            .zip(["AuthorID", "Author", "Date", "Content"])
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
    {
        b.diag(
            Loc::Line(1),
            Severity::Error,
            format!(
                "not a DiscordChatExporter CSV export: its header is not `{}`",
                super::CSV_HEADER
            ),
        );
        return b.finish();
    }
    b.diag(Loc::Line(1), Severity::Note, LOSES);
    // Locale dates (version 2.42) are read in one order, decided from all.
    let locals: Vec<Local> = rows
        .iter()
        .filter_map(|r| r.fields.get(2))
        .filter(|d| dates::iso(d).is_none())
        .filter_map(|d| dates::local(d))
        .collect();
    let order = if locals.is_empty() {
        None
    } else if let Some((o, guessed)) = dates::order(&locals) {
        if guessed {
            b.diag(
                Loc::Line(1),
                Severity::Note,
                format!(
                    "no date here has a day above 12, so they are read as {}",
                    o.describe()
                ),
            );
        }
        Some(o)
    } else {
        b.diag(
                Loc::Line(1),
                Severity::Warning,
                "the dates are written both day first and month first; those in the locale's format are not read",
            );
        None
    };
    let chat = chat_of(&mut b);
    let nonames = NoNames(zone);
    let mut bad = 0usize;
    for r in rows {
        let f = |i: usize| r.fields.get(i).map_or("", |s| s.as_ref());
        if r.fields.len() == 1 && f(0).trim().is_empty() {
            continue; // a blank line
        }
        let stamp = dates::iso(f(2)).or_else(|| {
            let (d, t) = dates::local(f(2))?.resolve(order?)?;
            Some(Stamp::Naive(d, t))
        });
        let Some((date, time)) = stamp.and_then(|s| s.local(zone)) else {
            bad += 1;
            if bad <= super::Cap::MAX {
                b.diag(
                    Loc::Line(r.line),
                    Severity::Warning,
                    format!(
                        "`Date` {:?} is not a date and time; the record is skipped",
                        crate::text::sanitize_line(&f(2).chars().take(40).collect::<String>())
                    ),
                );
            }
            continue;
        };
        let speaker = b.speaker(without_discriminator(f(1).trim()), Loc::Line(r.line));
        let mut m = b.message(chat, date, time, speaker, Loc::Line(r.line));
        let content = f(3);
        if is_system_text(content) {
            m.kind(MessageKind::System);
            m.text(content);
        } else {
            markdown::append(&mut m, content, &nonames);
        }
        for url in split_urls(f(4)) {
            m.attachment(
                attachment_kind(url),
                file_name_of(url),
                &local_path(url),
                None,
            );
        }
        for item in f(5).split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (emoji, n) = match item.rsplit_once(" (") {
                Some((e, n)) => (e, n.strip_suffix(')').and_then(|n| n.parse().ok())),
                None => (item, None),
            };
            m.reaction(emoji, n.unwrap_or(1));
        }
    }
    if bad > super::Cap::MAX {
        b.diag(
            Loc::Line(1),
            Severity::Warning,
            format!(
                "{} more records with a `Date` that is not a date were skipped",
                bad - super::Cap::MAX
            ),
        );
    }
    b.finish()
}

fn chat_of(b: &mut Builder<'_>) -> crate::archive::formats::ChatId {
    let path = b.context().path.to_path_buf();
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file
        .rsplit_once('.')
        .map_or(file.as_str(), |(s, _)| s)
        .to_owned();
    let (guild, channel) = names_of(&file).unwrap_or((String::new(), stem));
    let info = ChannelInfo {
        id: channel_id_of(&file).unwrap_or("").to_owned(),
        kind: if guild == DIRECT {
            "DirectTextChat".into()
        } else {
            String::new()
        },
        name: channel,
        ..ChannelInfo::default()
    };
    let name = info.chat_name(&guild);
    let key = info.key(&path.display().to_string());
    b.chat(&key, Some(&name))
}

/// Attachment URLs joined by commas (a comma inside a URL stays when what
/// follows it does not start another URL or export path).
fn split_urls(field: &str) -> Vec<&str> {
    let field = field.trim();
    if field.is_empty() {
        return Vec::new();
    }
    let starts = |s: &str| {
        s.starts_with("http://")
            || s.starts_with("https://")
            || s.starts_with("media")
            || s.contains('\\')
    };
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in field.match_indices(',') {
        let next = field[i + 1..].split(',').next().unwrap_or("").trim_start();
        if starts(next) {
            out.push(field[start..i].trim());
            start = i + 1;
        }
    }
    out.push(field[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// The records of a CSV text (fields borrowed unless they hold doubled
/// quotes), and the line of a quoted field that never ends, if one does.
fn records(text: &str) -> (Vec<Record<'_>>, Option<u32>) {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1u32;
    while i < b.len() {
        let start_line = line;
        let mut fields: Vec<Cow<'_, str>> = Vec::new();
        loop {
            if b.get(i) == Some(&b'"') {
                // Quoted: up to a quote not followed by another.
                let mut j = i + 1;
                let mut doubled = false;
                let end = loop {
                    match memchr::memchr(b'"', &b[j..]) {
                        Some(off) => {
                            let q = j + off;
                            if b.get(q + 1) == Some(&b'"') {
                                doubled = true;
                                j = q + 2;
                            } else {
                                break Some(q);
                            }
                        }
                        None => break None,
                    }
                };
                let Some(end) = end else {
                    return (out, Some(start_line));
                };
                let raw = &text[i + 1..end];
                line += memchr::memchr_iter(b'\n', raw.as_bytes()).count() as u32;
                let crlf = raw.contains('\r');
                fields.push(if doubled || crlf {
                    let mut f = raw.replace("\"\"", "\"");
                    if crlf {
                        f = f.replace("\r\n", "\n");
                    }
                    Cow::Owned(f)
                } else {
                    Cow::Borrowed(raw)
                });
                i = end + 1;
                // Anything up to the delimiter after a closing quote is kept.
                let stop = b[i..]
                    .iter()
                    .position(|&c| matches!(c, b',' | b'\n'))
                    .map_or(b.len(), |p| i + p);
                if stop > i {
                    let extra = text[i..stop].trim_end_matches('\r');
                    if let Some(Cow::Borrowed(f)) = fields.last() {
                        if !extra.is_empty() {
                            let joined = format!("{f}{extra}");
                            *fields.last_mut().expect("a field") = Cow::Owned(joined);
                        }
                    }
                }
                i = stop;
            } else {
                let stop = b[i..]
                    .iter()
                    .position(|&c| matches!(c, b',' | b'\n'))
                    .map_or(b.len(), |p| i + p);
                fields.push(Cow::Borrowed(text[i..stop].trim_end_matches('\r')));
                i = stop;
            }
            match b.get(i) {
                Some(b',') => i += 1,
                Some(b'\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        out.push(Record {
            line: start_line,
            fields,
        });
    }
    (out, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<(u32, Vec<String>)> {
        records(text)
            .0
            .into_iter()
            .map(|r| (r.line, r.fields.into_iter().map(Cow::into_owned).collect()))
            .collect()
    }

    #[test]
    fn quoted_fields_with_quotes_commas_and_line_breaks() {
        assert_eq!(
            fields("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n\"3\",plain\n"),
            vec![
                (1, vec!["a".to_owned(), "b".to_owned()]),
                (2, vec!["x, \"y\"".to_owned(), "two\nlines".to_owned()]),
                (4, vec!["3".to_owned(), "plain".to_owned()]),
            ]
        );
        assert_eq!(records("a\n\"never closed\n").1, Some(2));
        assert_eq!(
            split_urls("https://a.b/x,y.png,https://c.d/z.png, media\\1.png"),
            vec!["https://a.b/x,y.png", "https://c.d/z.png", "media\\1.png"]
        );
    }
}
