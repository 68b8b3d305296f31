//! The statistics view: totals (and each app's, when there are several), a
//! calendar heatmap of messages per day by year, top speakers and messages
//! by hour of day, under the current filter.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::put;
use crate::present::plural;
use crate::query::stats::Stats;
use crate::speaker::label as speaker_label;
use crate::text::{truncate, width};
use crate::tui::app::App;

/// Shades of the heatmap, from no messages to the busiest days.
const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];
/// Heights of the hour bars, in eighths.
const BARS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// The lines of the view, each a list of (text, style) runs.
type Lines = Vec<Vec<(String, Style)>>;

/// Where the view goes in `area`: all of it but a margin of one cell.
fn popup_area(area: Rect) -> Rect {
    Rect::new(
        area.x + 1.min(area.width),
        area.y + 1.min(area.height),
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

/// The largest useful scroll of the view on a screen of `area`.
pub fn max_scroll(app: &App<'_>, area: Rect) -> usize {
    let inner = Block::bordered().inner(popup_area(area));
    let Some((_, stats)) = &app.stats else {
        return 0;
    };
    lines(app, stats, usize::from(inner.width))
        .len()
        .saturating_sub(usize::from(inner.height))
}

pub fn render(app: &App<'_>, scroll: usize, area: Rect, buf: &mut Buffer) {
    let popup = popup_area(area);
    Clear.render(popup, buf);
    let what = if app.filter.is_active() {
        format!(" Statistics · {} ", app.filter.text)
    } else {
        " Statistics · every message ".to_string()
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(app.theme.border(true))
        .title(crate::text::sanitize_line(&what).into_owned())
        .title_style(app.theme.title);
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.is_empty() {
        return;
    }
    let Some((_, stats)) = &app.stats else {
        put(
            buf,
            inner.x + 1,
            inner.y,
            "counting…",
            usize::from(inner.width),
            app.theme.dim,
        );
        return;
    };
    let lines = lines(app, stats, usize::from(inner.width));
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + i as u16;
        let mut x = inner.x + 1;
        for (text, style) in line {
            x = put(
                buf,
                x,
                y,
                text,
                usize::from(inner.right().saturating_sub(x)),
                *style,
            );
        }
    }
}

/// Everything the view shows, laid out for `w` columns.
fn lines(app: &App<'_>, s: &Stats, w: usize) -> Lines {
    let t = &app.theme;
    let plain = Style::new();
    let mut out: Lines = Vec::new();
    let span = match (s.first, s.last) {
        (Some(f), Some(l)) => format!(", {f} to {l}"),
        _ => String::new(),
    };
    let system = if s.system > 0 {
        format!(" and {}", plural(s.system, "system message"))
    } else {
        String::new()
    };
    out.push(vec![(
        format!(
            "{}{system} on {} by {} in {}{span}",
            plural(s.messages, "message"),
            plural(s.days, "day"),
            plural(s.speakers, "speaker"),
            plural(s.channels, "channel")
        ),
        t.title,
    )]);
    out.push(vec![]);

    // The same totals per app, when there are several.
    if s.by_app.len() > 1 {
        out.push(vec![("By app".into(), t.title)]);
        for line in crate::present::by_app_lines(s) {
            out.push(vec![(line, plain)]);
        }
        out.push(vec![]);
    }

    // Calendar heatmap, one block of seven rows per year.
    let max_day = s.per_date.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let scale = Scale::new(s.per_date.iter().map(|&(_, n)| n));
    let years: Vec<i32> = {
        let mut y: Vec<i32> = s.per_date.iter().map(|(d, _)| d.year()).collect();
        y.dedup();
        y
    };
    let counts: std::collections::HashMap<NaiveDate, usize> = s.per_date.iter().copied().collect();
    for year in years {
        out.push(vec![
            (format!("{year}"), t.month),
            ("   ".into(), plain),
            (month_ruler(), t.dim),
        ]);
        for (wd, name) in ["Mon", "   ", "Wed", "   ", "Fri", "   ", "Sun"]
            .iter()
            .enumerate()
        {
            let mut row = vec![(format!("{name:<7}"), t.dim)];
            let mut cells = String::new();
            let Some(jan1) = NaiveDate::from_ymd_opt(year, 1, 1) else {
                continue;
            };
            let offset = i64::from(jan1.weekday().num_days_from_monday());
            for week in 0..54i64 {
                let day = week * 7 + wd as i64 - offset;
                let date = jan1 + chrono::Duration::days(day);
                if day < 0 || date.year() != year {
                    cells.push(' ');
                    continue;
                }
                let n = counts.get(&date).copied().unwrap_or(0);
                cells.push_str(SHADES[scale.shade(n)]);
            }
            row.push((
                cells,
                t.link.remove_modifier(ratatui::style::Modifier::UNDERLINED),
            ));
            out.push(row);
        }
        out.push(vec![]);
    }
    out.push(vec![
        ("less ".into(), t.dim),
        (
            SHADES.concat(),
            t.link.remove_modifier(ratatui::style::Modifier::UNDERLINED),
        ),
        (" more".into(), t.dim),
    ]);
    let mut key = vec![("messages a day:".to_string(), t.dim)];
    for (shade, (lo, hi)) in scale.ranges(s.per_date.iter().map(|&(_, n)| n)) {
        let range = if lo == hi {
            format!("{lo}")
        } else {
            format!("{lo}–{hi}")
        };
        key.push((" ".into(), plain));
        key.push((
            SHADES[shade].to_string(),
            t.link.remove_modifier(ratatui::style::Modifier::UNDERLINED),
        ));
        key.push((format!(" {range}"), t.dim));
    }
    if max_day > 0 {
        out.push(key);
    }
    out.push(vec![]);

    // Messages by hour of day.
    out.push(vec![("Messages by hour of day".into(), t.title)]);
    let max_h = s.by_hour.iter().copied().max().unwrap_or(0);
    for level in (0..4).rev() {
        let mut row = String::new();
        for &n in &s.by_hour {
            let eighths = if max_h == 0 {
                0
            } else {
                (n * 32).div_ceil(max_h)
            };
            let here = eighths.saturating_sub(level * 8).min(8);
            row.push_str(BARS[here]);
            row.push_str(BARS[here]);
            row.push(' ');
        }
        out.push(vec![(row, t.key)]);
    }
    out.push(vec![(
        (0..24).fold(String::new(), |mut s, h| {
            s.push_str(&format!("{h:02} "));
            s
        }),
        t.dim,
    )]);
    out.push(vec![]);

    // Top speakers with bars.
    out.push(vec![("Top speakers".into(), t.title)]);
    let top = s.top_speakers.first().map_or(0, |&(_, n)| n);
    let name_w = s
        .top_speakers
        .iter()
        .map(|&(id, _)| width(&speaker_label(app.archive.speakers.name(id))).min(20))
        .max()
        .unwrap_or(0);
    let bar_w = w.saturating_sub(name_w + 12).min(50);
    for &(id, n) in &s.top_speakers {
        let name = app.archive.speakers.name(id);
        let label = speaker_label(name);
        let (shown, sw) = truncate(&label, 20);
        out.push(vec![
            (
                format!("{shown}{}", " ".repeat(name_w.saturating_sub(sw) + 1)),
                t.speaker(name),
            ),
            (format!("{n:>6} "), plain),
            (crate::present::bar(n, top, bar_w), t.key),
        ]);
    }
    out.push(vec![]);
    out.push(vec![("Busiest days".into(), t.title)]);
    for &(d, n) in &s.busiest_days {
        let day = &app.archive.days[d];
        out.push(vec![(
            format!(
                "{} {}  {n:>6}  {}",
                day.date,
                day.date.format("%a"),
                app.archive.channel_name(day)
            ),
            plain,
        )]);
    }
    out
}

/// The heatmap's scale: quartiles of the days that have messages, so that
/// a few very busy days do not wash every other day out to the palest
/// shade. The busiest day is always the darkest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scale {
    /// The largest count of shades 1, 2 and 3.
    bounds: [usize; 3],
    max: usize,
}

impl Scale {
    fn new(counts: impl Iterator<Item = usize>) -> Scale {
        let mut busy: Vec<usize> = counts.filter(|&n| n > 0).collect();
        busy.sort_unstable();
        let at = |q: usize| busy.get((busy.len() * q / 4).saturating_sub(1)).copied();
        Scale {
            bounds: [at(1).unwrap_or(0), at(2).unwrap_or(0), at(3).unwrap_or(0)],
            max: busy.last().copied().unwrap_or(0),
        }
    }

    /// The shade of a day with `n` messages: 0 for none, up to 4.
    fn shade(self, n: usize) -> usize {
        if n == 0 {
            0
        } else if n >= self.max {
            4
        } else {
            1 + self.bounds.iter().filter(|&&b| n > b).count()
        }
    }

    /// The fewest and most messages of the days each used shade stands for.
    fn ranges(self, counts: impl Iterator<Item = usize>) -> Vec<(usize, (usize, usize))> {
        let mut ranges: [Option<(usize, usize)>; 5] = [None; 5];
        for n in counts.filter(|&n| n > 0) {
            let r = &mut ranges[self.shade(n)];
            *r = Some(r.map_or((n, n), |(lo, hi)| (lo.min(n), hi.max(n))));
        }
        ranges
            .iter()
            .enumerate()
            .filter_map(|(s, r)| r.map(|r| (s, r)))
            .collect()
    }
}

/// Month initials over the 54 week columns.
fn month_ruler() -> String {
    let mut s = String::new();
    for week in 0..54 {
        let m = week * 12 / 54;
        let first_week_of_month = week == 0 || (week - 1) * 12 / 54 != m;
        s.push(if first_week_of_month {
            ['J', 'F', 'M', 'A', 'M', 'J', 'J', 'A', 'S', 'O', 'N', 'D'][m]
        } else {
            ' '
        });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::Scale;

    #[test]
    fn a_skewed_archive_uses_every_shade() {
        // Like real group chats: most days quiet, a few very busy.
        let days = [
            2, 4, 5, 7, 9, 11, 14, 16, 20, 23, 26, 29, 30, 34, 36, 38, 41, 46, 48, 61, 72, 76, 85,
            87, 88, 101, 118, 134, 184, 189, 221, 237, 689,
        ];
        let scale = Scale::new(days.iter().copied());
        let shades: Vec<usize> = days.iter().map(|&n| scale.shade(n)).collect();
        for s in 1..=4 {
            let n = shades.iter().filter(|&&x| x == s).count();
            assert!(n >= 6, "shade {s} is used by {n} days: {shades:?}");
        }
        // A linear scale put all but five of them in the palest shade.
        assert_eq!(days.iter().filter(|&&n| n * 4 <= 689).count(), 28);
        assert_eq!(scale.shade(0), 0);
        assert_eq!(scale.shade(689), 4);
        // Shades grow with the count.
        for w in days.windows(2) {
            assert!(scale.shade(w[0]) <= scale.shade(w[1]));
        }
        let ranges = scale.ranges(days.iter().copied());
        assert_eq!(ranges.first(), Some(&(1, (2, 16))));
        assert_eq!(ranges.last().map(|r| r.1.1), Some(689));
    }

    #[test]
    fn equal_days_are_all_the_darkest() {
        let scale = Scale::new([3, 3, 3].into_iter());
        assert_eq!(scale.shade(3), 4);
        assert_eq!(scale.ranges([3, 3, 3].into_iter()), [(4, (3, 3))]);
        let empty = Scale::new(std::iter::empty());
        assert_eq!(empty.shade(0), 0);
    }
}
