//! `daybook speakers`: who wrote, how much, and when.

use std::io::Write;

use serde::Serialize;

use super::Outcome;
use crate::cli::SpeakersArgs;
use crate::error::Result;
use crate::model::{Archive, SpeakerId};
use crate::query::speaker_scores;

#[derive(Serialize)]
struct SpeakerJson<'a> {
    name: &'a str,
    messages: u32,
    first_day: Option<String>,
    last_day: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<i64>,
}

pub fn run(archive: &Archive, args: &SpeakersArgs, out: &mut impl Write) -> Result<Outcome> {
    let ranked: Vec<(SpeakerId, Option<i64>)> = if let Some(q) = &args.fuzzy {
        speaker_scores(archive, q)
            .into_iter()
            .map(|(id, score, _)| (id, Some(score)))
            .collect()
    } else {
        {
            let mut all: Vec<(SpeakerId, Option<i64>)> = archive
                .speakers
                .iter()
                .filter(|(_, s)| s.messages > 0)
                .map(|(id, _)| (id, None))
                .collect();
            all.sort_by(|a, b| {
                let (sa, sb) = (archive.speakers.get(a.0), archive.speakers.get(b.0));
                sb.messages.cmp(&sa.messages).then(sa.name.cmp(&sb.name))
            });
            all
        }
    };
    if args.json {
        let rows: Vec<SpeakerJson> = ranked
            .iter()
            .map(|&(id, score)| {
                let s = archive.speakers.get(id);
                SpeakerJson {
                    name: &s.name,
                    messages: s.messages,
                    first_day: s.first_day.map(|d| d.to_string()),
                    last_day: s.last_day.map(|d| d.to_string()),
                    score,
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    let mw = ranked
        .iter()
        .map(|&(id, _)| archive.speakers.get(id).messages.to_string().len())
        .max()
        .unwrap_or(1);
    for &(id, _) in &ranked {
        let s = archive.speakers.get(id);
        let d = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "-".repeat(10), |d| d.to_string());
        writeln!(
            out,
            "{:>mw$}  {}  {}  {}",
            s.messages,
            d(s.first_day),
            d(s.last_day),
            super::show::speaker_label(&s.name)
        )?;
    }
    Ok(if ranked.is_empty() && args.fuzzy.is_some() {
        Outcome::NotFound
    } else {
        Outcome::Success
    })
}
