//! `daybook export QUERY`: the matching messages as JSON, JSON lines, CSV,
//! Markdown or a self-contained HTML page.
//!
//! Exports are opened by other programs, so archive text is made harmless
//! for each: CSV fields that a spreadsheet would run as a formula get a
//! leading `'` ([`csv_field`]), Markdown escapes HTML, links and block
//! markup ([`md_text`]), and HTML escapes every string ([`html_escape`]).
//! An output path inside the archive is refused ([`refuse_archive_path`]).

mod guard;

use std::io::Write;

use super::{MessageJson, Outcome};
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::model::{Archive, Day, Flags, Message, MessageKind, Style};
use crate::present::rare;
use crate::query::{self, Matcher};
pub use guard::refuse_archive_path;

/// The messages `query` matches, grouped by day, in archive order.
fn matching<'a>(archive: &'a Archive, matcher: &Matcher<'_>) -> Vec<(&'a Day, Vec<&'a Message>)> {
    archive
        .days
        .iter()
        .filter(|d| matcher.matches_day(d))
        .map(|d| {
            (
                d,
                d.messages
                    .iter()
                    .filter(|m| matcher.matches(d, m))
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, m)| !m.is_empty())
        .collect()
}

pub fn run(archive: &Archive, args: &ExportArgs, out: &mut impl Write) -> Result<Outcome> {
    let q = query::parse(&args.query).map_err(|e| Error::query(&args.query, e))?;
    let matcher = Matcher::new(&q, archive);
    let groups = matching(archive, &matcher);
    let count: usize = groups.iter().map(|(_, m)| m.len()).sum();
    match &args.output {
        Some(path) => {
            refuse_archive_path(&args.paths.paths, path)?;
            let file = std::fs::File::create(path).map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
            let mut w = std::io::BufWriter::new(file);
            write(archive, &groups, args, &mut w)?;
            w.flush().map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
        }
        None => write(archive, &groups, args, out)?,
    }
    Ok(if count > 0 {
        Outcome::Success
    } else {
        Outcome::NotFound
    })
}

fn write(
    archive: &Archive,
    groups: &[(&Day, Vec<&Message>)],
    args: &ExportArgs,
    out: &mut impl Write,
) -> Result<()> {
    let messages = || {
        groups
            .iter()
            .flat_map(|(d, ms)| ms.iter().map(move |m| MessageJson::new(archive, d, m)))
    };
    match args.format {
        ExportFormat::Json => {
            let all: Vec<MessageJson> = messages().collect();
            serde_json::to_writer_pretty(&mut *out, &all).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        ExportFormat::Jsonl => {
            for m in messages() {
                serde_json::to_writer(&mut *out, &m).map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
        }
        ExportFormat::Csv => {
            writeln!(out, "date,time,channel,speaker,body")?;
            let texts = groups
                .iter()
                .flat_map(|(d, ms)| ms.iter().map(|m| text(d, m)));
            for (m, text) in messages().zip(texts) {
                let fields = [
                    m.date.as_str(),
                    m.time.as_str(),
                    m.channel,
                    m.speaker,
                    &text,
                ];
                let line: Vec<String> =
                    fields.iter().map(|f| csv_field(f, !args.csv_raw)).collect();
                write!(out, "{}\r\n", line.join(","))?;
            }
        }
        ExportFormat::Markdown => markdown(archive, groups, &args.query, out)?,
        ExportFormat::Html => html(archive, groups, &args.query, out)?,
    }
    Ok(())
}

/// A message's text in CSV, Markdown and HTML: `[system]` before a system
/// message, the body, then each attachment on a line of its own with its
/// whole target (`[link] title · host <URL>`).
fn text<'a>(day: &'a Day, m: &Message) -> std::borrow::Cow<'a, str> {
    crate::present::with_cards(day, m, std::borrow::Cow::Borrowed(day.body(m)), true)
}

/// [`text`] with `(edited)` after the body of an edited message, for
/// Markdown (CSV and JSON say it in a field of their own).
fn text_edited<'a>(day: &'a Day, m: &Message) -> std::borrow::Cow<'a, str> {
    if !m.flags.has(Flags::EDITED) {
        return text(day, m);
    }
    let mut body = day.body(m).to_owned();
    if !body.is_empty() {
        body.push(' ');
    }
    body.push_str(rare::EDITED);
    crate::present::with_cards(day, m, std::borrow::Cow::Owned(body), true)
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line
/// break. With `guard`, a field that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return, which a spreadsheet would run as a formula, gets a
/// leading `'` (OWASP's advice against CSV injection), and is then quoted.
pub fn csv_field(s: &str, guard: bool) -> String {
    let formula = guard && s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn markdown(
    archive: &Archive,
    groups: &[(&Day, Vec<&Message>)],
    query: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let title = if query.trim().is_empty() {
        "every message".to_string()
    } else {
        format!("`{}`", query.replace('`', "'"))
    };
    writeln!(out, "# daybook export: {title}\n")?;
    for (day, msgs) in groups {
        writeln!(
            out,
            "## {} {} · {}\n",
            day.date,
            day.date.format("%A"),
            md_text(archive.channel_name(day))
        )?;
        for m in msgs {
            let speaker = rare::label(archive.speakers.name(m.speaker), m.kind);
            let index = day.index_of(m).unwrap_or(0);
            let mut lines: Vec<String> = rare::before(archive, day, index)
                .into_iter()
                .map(|l| format!("_{}_", md_text(&l.text)))
                .collect();
            lines.extend(md_text(&text_edited(day, m)).split('\n').map(str::to_owned));
            lines.extend(
                rare::after(day, index)
                    .into_iter()
                    .map(|l| md_text(&l.text)),
            );
            let sep = if m.kind == MessageKind::Action {
                ""
            } else {
                ":"
            };
            let mut lines = lines.iter();
            writeln!(
                out,
                "- **{}** {}{sep} {}",
                m.time,
                md_text(&speaker),
                lines.next().map_or("", String::as_str)
            )?;
            for l in lines {
                writeln!(out, "  {l}")?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Archive text for Markdown, so that it renders as the text it is and as
/// nothing else: `<`, `>` and `&` become entities (no raw HTML such as
/// `<script>` or `<img onerror>`, no autolinks), and the characters that
/// open links, images, emphasis, code spans and fences, tables and headings
/// are escaped with a backslash (no `[x](javascript:…)`, no fence that
/// swallows the rest of the file). At the start of a line, `-`, `+`, `=` and
/// the `.` or `)` after a number are escaped too (lists, rules, setext
/// headings).
pub fn md_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + s.len() / 8 + 8);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            o.push('\n');
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        o.push_str(&line[..indent]);
        let rest = &line[indent..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        for (j, c) in rest.char_indices() {
            match c {
                '<' => o.push_str("&lt;"),
                '>' => o.push_str("&gt;"),
                '&' => o.push_str("&amp;"),
                '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '|' | '~'
                | '!' => {
                    o.push('\\');
                    o.push(c);
                }
                '-' | '+' | '=' if j == 0 => {
                    o.push('\\');
                    o.push(c);
                }
                '.' if j == digits && digits > 0 => {
                    o.push('\\');
                    o.push(c);
                }
                c => o.push(c),
            }
        }
    }
    o
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn html(
    archive: &Archive,
    groups: &[(&Day, Vec<&Message>)],
    query: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let title = if query.trim().is_empty() {
        "every message".to_string()
    } else {
        query.to_string()
    };
    let count: usize = groups.iter().map(|(_, m)| m.len()).sum();
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>daybook export: {}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<h1>daybook export: {}</h1>\n<p class=\"meta\">{} on {}</p>\n",
        html_escape(&title),
        CSS,
        html_escape(&title),
        super::plural(count, "message"),
        super::plural(groups.len(), "day")
    )?;
    for (day, msgs) in groups {
        writeln!(
            out,
            "<section>\n<h2>{} {} <span class=\"channel\">{}</span></h2>",
            day.date,
            day.date.format("%A"),
            html_escape(archive.channel_name(day))
        )?;
        for m in msgs {
            let name = archive.speakers.name(m.speaker);
            let hue = super::stable_hash(name) % 360;
            let index = day.index_of(m).unwrap_or(0);
            let class = match m.kind {
                MessageKind::Message => "msg",
                MessageKind::Action => "msg action",
                MessageKind::System => "msg system",
            };
            let mut around = String::new();
            for l in rare::before(archive, day, index) {
                around.push_str(&format!(
                    "<div class=\"quote\">{}</div>",
                    html_escape(&l.text)
                ));
            }
            let body = html_body(day, m, index);
            let mut below = String::new();
            for l in rare::after(day, index) {
                below.push_str(&format!(
                    "<div class=\"reactions\">{}</div>",
                    html_escape(&l.text)
                ));
            }
            writeln!(
                out,
                "<div class=\"{class}\"><time>{}</time> <b style=\"color:hsl({hue},55%,40%)\">{}</b>{around}<p>{body}</p>{below}</div>",
                m.time,
                html_escape(&rare::label(name, m.kind)),
            )?;
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</body>\n</html>")
}

/// A message's text as HTML: `[system]` before a system message, the body
/// with its styles ([`html_styled`]), `(edited)`, then its attachments
/// (as [`text`] writes them), escaped, line breaks as `<br>`.
fn html_body(day: &Day, m: &Message, index: usize) -> String {
    let body = day.body(m);
    let full = text(day, m);
    // Where the body sits in the text with the marker and cards around it.
    let at = if body.is_empty() {
        None
    } else {
        full.find(body)
    };
    let mut out = String::new();
    if let Some(at) = at {
        out.push_str(&html_escape(&full[..at]));
        out.push_str(&html_styled(day, m, index));
        if m.flags.has(Flags::EDITED) {
            out.push_str(" <span class=\"edited\">(edited)</span>");
        }
        out.push_str(&html_escape(&full[at + body.len()..]).replace('\n', "<br>"));
    } else {
        out.push_str(&html_escape(&full).replace('\n', "<br>"));
        if m.flags.has(Flags::EDITED) {
            out.push_str(" <span class=\"edited\">(edited)</span>");
        }
    }
    out
}

/// A body as HTML: escaped, with its style spans as `<b>`, `<i>`, `<s>`
/// and `<code>` (each cut between two boundaries is closed before the
/// next, so overlapping styles still nest properly) and line breaks as `<br>`.
fn html_styled(day: &Day, m: &Message, index: usize) -> String {
    let body = day.body(m);
    let base = m.body.start;
    let styles: Vec<(std::ops::Range<usize>, Style)> = day
        .styles(index)
        .iter()
        .filter(|s| s.range.start >= base && s.range.end <= m.body.end)
        .map(|s| {
            (
                (s.range.start - base) as usize..(s.range.end - base) as usize,
                s.style,
            )
        })
        .collect();
    let mut cuts = vec![0, body.len()];
    for (r, _) in &styles {
        cuts.extend([r.start, r.end]);
    }
    cuts.retain(|&c| body.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(body.len() + 16);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let tags: Vec<&str> = styles
            .iter()
            .filter(|(r, _)| r.start <= a && b <= r.end)
            .map(|(_, s)| match s {
                Style::Bold => "b",
                Style::Italic => "i",
                Style::Strike => "s",
                Style::Code => "code",
                Style::Spoiler => "mark",
                Style::Underline => "u",
            })
            .collect();
        for t in &tags {
            out.push_str(&format!("<{t}>"));
        }
        out.push_str(&html_escape(&body[a..b]).replace('\n', "<br>"));
        for t in tags.iter().rev() {
            out.push_str(&format!("</{t}>"));
        }
    }
    out
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222;background:#fdfdfb}
h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.meta,.channel,time,.quote,.edited,.system p{color:#888;font-weight:normal}.quote{margin-left:6.5em;font-size:.9em}.reactions{margin-left:6.5em}.msg{margin:.3em 0}.msg p{margin:0 0 0 6.5em;white-space:normal;overflow-wrap:anywhere}
time{font-family:ui-monospace,monospace;font-size:.9em}.msg b{display:inline-block;min-width:0}
@media(prefers-color-scheme:dark){body{color:#ddd;background:#1b1b1b}h2{border-color:#444}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_that_a_spreadsheet_would_run_get_a_quote() {
        for (raw, guarded) in [
            ("=1+1", "\"'=1+1\""),
            ("+1", "\"'+1\""),
            ("-1", "\"'-1\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("\rx", "\"'\rx\""),
            ("=\"a\",b", "\"'=\"\"a\"\",b\""),
        ] {
            assert_eq!(csv_field(raw, true), guarded, "{raw:?}");
        }
        // Harmless fields are left as they were; raw mode keeps everything.
        assert_eq!(csv_field("a=1", true), "a=1");
        assert_eq!(csv_field("中文", true), "中文");
        assert_eq!(csv_field("a,b", true), "\"a,b\"");
        assert_eq!(csv_field("=1+1", false), "=1+1");
        assert_eq!(csv_field("-1,2", false), "\"-1,2\"");
    }

    #[test]
    fn markdown_text_is_escaped() {
        assert_eq!(md_text("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(md_text("[a](javascript:x)"), "\\[a\\]\\(javascript:x\\)");
        assert_eq!(md_text("```\n~~~"), "\\`\\`\\`\n\\~\\~\\~");
        assert_eq!(
            md_text("- a\n+ b\n= c\n12. d\n3) e"),
            "\\- a\n\\+ b\n\\= c\n12\\. d\n3\\) e"
        );
        // In the middle of a line, - + = . are plain.
        assert_eq!(md_text("a-b+c=d 1. e"), "a-b+c=d 1. e");
        assert_eq!(md_text("  # x"), "  \\# x");
        assert_eq!(md_text("二维码 *强*"), "二维码 \\*强\\*");
    }
}
