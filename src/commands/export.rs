//! `daybook export QUERY`: the matching messages as JSON, JSON lines, CSV,
//! Markdown or a self-contained HTML page.

use std::io::Write;
use std::path::Path;

use super::{MessageJson, Outcome};
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::model::{Archive, Day, Message};
use crate::query::{self, Matcher};

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
            refuse_archive_file(archive, path)?;
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

/// daybook never writes into an archive: refuse an output that is one of its files.
fn refuse_archive_file(archive: &Archive, path: &Path) -> Result<()> {
    let Ok(target) = std::fs::canonicalize(path) else {
        return Ok(());
    };
    if archive
        .files
        .iter()
        .any(|f| std::fs::canonicalize(&f.path).is_ok_and(|p| p == target))
    {
        return Err(Error::Usage(format!(
            "{}: is a file of the archive; daybook never writes into an archive",
            path.display()
        )));
    }
    Ok(())
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
            for m in messages() {
                let fields = [
                    m.date.as_str(),
                    m.time.as_str(),
                    m.channel,
                    m.speaker,
                    m.body,
                ];
                let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                write!(out, "{}\r\n", line.join(","))?;
            }
        }
        ExportFormat::Markdown => markdown(archive, groups, &args.query, out)?,
        ExportFormat::Html => html(archive, groups, &args.query, out)?,
    }
    Ok(())
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
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
            archive.channel_name(day)
        )?;
        for m in msgs {
            let speaker = super::show::speaker_label(archive.speakers.name(m.speaker));
            let body = day.body(m);
            let mut lines = body.lines();
            writeln!(
                out,
                "- **{}** {}: {}",
                m.time,
                md_escape(&speaker),
                lines.next().unwrap_or("")
            )?;
            for l in lines {
                writeln!(out, "  {l}")?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

fn md_escape(s: &str) -> String {
    s.chars().fold(String::with_capacity(s.len()), |mut o, c| {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\') {
            o.push('\\');
        }
        o.push(c);
        o
    })
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
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>daybook export: {}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<h1>daybook export: {}</h1>\n<p class=\"meta\">{} on {}</p>\n",
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
            writeln!(
                out,
                "<div class=\"msg\"><time>{}</time> <b style=\"color:hsl({hue},55%,40%)\">{}</b><p>{}</p></div>",
                m.time,
                html_escape(&super::show::speaker_label(name)),
                html_escape(day.body(m)).replace('\n', "<br>")
            )?;
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</body>\n</html>")
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222;background:#fdfdfb}
h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.meta,.channel,time{color:#888;font-weight:normal}.msg{margin:.3em 0}.msg p{margin:0 0 0 6.5em;white-space:normal;overflow-wrap:anywhere}
time{font-family:ui-monospace,monospace;font-size:.9em}.msg b{display:inline-block;min-width:0}
@media(prefers-color-scheme:dark){body{color:#ddd;background:#1b1b1b}h2{border-color:#444}}";
