//! The dates `DiscordChatExporter` writes: ISO 8601 with an offset in JSON
//! (and in CSV's round-trip `o` format), and the exporter's locale's short
//! date and time in the plain-text export (and in CSV of version 2.42):
//! `6/12/2024 7:33 PM` (en-US), `12/06/2024 19:33` (en-GB, fr),
//! `12.06.2024 19:33` (de, ru), `2024/06/12 19:33` (ja, zh),
//! `2024-06-12 7:33 p.m.` (en-CA), `2024. 6. 12. 오후 7:33` (ko), and the
//! old default `12-Jun-24 07:33 PM`.

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::{TimeOfDay, Zone};

/// A moment as an export wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stamp {
    /// With an offset: seconds since the Unix epoch.
    Instant(i64),
    /// Without one: shown as written.
    Naive(NaiveDate, TimeOfDay),
}

impl Stamp {
    /// The date and time of day a reader in `zone` sees.
    pub fn local(self, zone: Zone) -> Option<(NaiveDate, TimeOfDay)> {
        match self {
            Stamp::Instant(t) => zone.local(t),
            Stamp::Naive(d, t) => Some((d, t)),
        }
    }
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0')))
}

/// `2018-05-20T16:09:44.209+00:00`: any number of fraction digits (or
/// none), an offset of `Z`, `±HH:MM`, `±HHMM` or `±HH` (or none: naive);
/// `T` or a space between date and time.
pub(super) fn iso(s: &str) -> Option<Stamp> {
    let b = s.trim().as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)?;
    let (h, m, sec) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    // A leap second reads as the second before it.
    let time = TimeOfDay::from_hms(h, m, sec.min(59))?;
    let mut rest = &b[19..];
    if let Some(r) = rest.strip_prefix(b".").or_else(|| rest.strip_prefix(b",")) {
        let digits = r.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        rest = &r[digits..];
    }
    let offset = match rest {
        [] => return Some(Stamp::Naive(date, time)),
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (oh, om) = match tail {
                [a, b2] => (num(&[*a, *b2])?, 0),
                [a, b2, b':', c, d] | [a, b2, c, d] => (num(&[*a, *b2])?, num(&[*c, *d])?),
                _ => return None,
            };
            if oh > 18 || om > 59 {
                return None;
            }
            let secs = i64::from(oh * 3600 + om * 60);
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    let naive = NaiveDateTime::new(date, chrono::NaiveTime::from_hms_opt(h, m, sec.min(59))?);
    Some(Stamp::Instant(naive.and_utc().timestamp() - offset))
}

/// A locale date and time as written, before the order of its date
/// fields is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Local {
    /// The three date fields in the order written, and the digits of each.
    fields: [u32; 3],
    digits: [u8; 3],
    /// Which field is a month name (`Jun`), if one is.
    month_name: Option<usize>,
    separator: u8,
    hour: u32,
    minute: u32,
    second: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` for a 24-hour clock.
    pm: Option<bool>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Markers of the afternoon and the morning, lower-case.
const PM: &[&str] = &["pm", "p.m.", "p. m.", "下午", "오후", "午後"];
const AM: &[&str] = &["am", "a.m.", "a. m.", "上午", "오전", "午前"];

/// Reads `6/12/2024 7:33 PM` and its kin (see the module documentation);
/// `None` when `s` is not a date and a time.
pub(super) fn local(s: &str) -> Option<Local> {
    let s = s.trim();
    if s.len() > 48 {
        return None;
    }
    let colon = s.find(':')?;
    // The hour: the digits right before the first colon.
    let hour_start = s[..colon]
        .bytes()
        .rposition(|c| !c.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let hour = num(&s.as_bytes()[hour_start..colon])?;
    let after = &s[colon + 1..];
    let min_len = after.bytes().take_while(u8::is_ascii_digit).count();
    if min_len != 2 {
        return None;
    }
    let minute = num(&after.as_bytes()[..2])?;
    let mut rest = &after[2..];
    let mut second = 0;
    if let Some(r) = rest.strip_prefix(':') {
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        if n != 2 {
            return None;
        }
        second = num(&r.as_bytes()[..2])?;
        rest = &r[2..];
    }
    let before = &s[..hour_start];
    // AM/PM, before the time (ko, zh) or after it.
    let lower_rest = rest.trim().to_lowercase();
    let mut date_part = before.trim_end();
    let mut pm = None;
    if lower_rest.is_empty() {
        let lower = date_part.to_lowercase();
        for (list, is_pm) in [(PM, true), (AM, false)] {
            if let Some(m) = list.iter().find(|m| lower.ends_with(*m)) {
                pm = Some(is_pm);
                date_part = date_part[..date_part.len() - m.len()].trim_end();
                break;
            }
        }
    } else {
        pm = Some(marker(&lower_rest)?);
    }
    let date_part = date_part.trim_end_matches([',', ' ']);
    // The date: three fields, numbers or one month name.
    let mut fields = [0u32; 3];
    let mut digits = [0u8; 3];
    let mut month_name = None;
    let mut separator = 0;
    let mut n = 0;
    let bytes = date_part.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_digit() {
            let len = bytes[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 3 || len > 4 {
                return None;
            }
            fields[n] = num(&bytes[i..i + len])?;
            digits[n] = len as u8;
            n += 1;
            i += len;
        } else if c.is_ascii_alphabetic() {
            let len = bytes[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            let word = date_part[i..i + len].to_ascii_lowercase();
            let m = MONTHS.iter().position(|m| word.starts_with(m))?;
            if n == 3 || month_name.is_some() {
                return None;
            }
            fields[n] = m as u32 + 1;
            digits[n] = 2;
            month_name = Some(n);
            n += 1;
            i += len;
        } else if matches!(c, b'/' | b'.' | b'-' | b' ' | b',') {
            if separator == 0 && c != b' ' && c != b',' {
                separator = c;
            }
            i += 1;
        } else {
            // 年, 月, 日 and other letters of a date.
            let ch = date_part[i..].chars().next()?;
            if !matches!(ch, '年' | '月' | '日' | '년' | '월' | '일') {
                return None;
            }
            i += ch.len_utf8();
        }
    }
    if n != 3 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if pm.is_some() && !(1..=12).contains(&hour) {
        return None;
    }
    Some(Local {
        fields,
        digits,
        month_name,
        separator,
        hour,
        minute,
        second,
        pm,
    })
}

fn marker(lower: &str) -> Option<bool> {
    if PM.contains(&lower) {
        Some(true)
    } else if AM.contains(&lower) {
        Some(false)
    } else {
        None
    }
}

/// The order of a file's date fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    Ymd,
    Dmy,
    Mdy,
}

impl Order {
    pub fn describe(self) -> &'static str {
        match self {
            Order::Ymd => "year/month/day",
            Order::Dmy => "day/month/year",
            Order::Mdy => "month/day/year",
        }
    }
}

/// The order that reads every date of a file, decided once from all of
/// them, and whether nothing in them decided it (a guess from the
/// separator and the clock).
pub(super) fn order(dates: &[Local]) -> Option<(Order, bool)> {
    let first = dates.first()?;
    if first.digits[0] == 4 {
        return Some((Order::Ymd, false));
    }
    if let Some(m) = first.month_name {
        return Some((if m == 0 { Order::Mdy } else { Order::Dmy }, false));
    }
    let day_first = dates.iter().any(|d| d.fields[0] > 12);
    let month_first = dates.iter().any(|d| d.fields[1] > 12);
    match (day_first, month_first) {
        (true, false) => Some((Order::Dmy, false)),
        (false, true) => Some((Order::Mdy, false)),
        (true, true) => None,
        // en-US writes `6/12/2024 7:33 PM`; most others put the day first.
        (false, false) => Some((
            if first.separator == b'/' && first.pm.is_some() {
                Order::Mdy
            } else {
                Order::Dmy
            },
            true,
        )),
    }
}

impl Local {
    /// The date and time in `order`.
    pub fn resolve(&self, order: Order) -> Option<(NaiveDate, TimeOfDay)> {
        let [a, b, c] = self.fields;
        let (y, m, d, yd) = match (order, self.month_name) {
            (_, Some(0)) | (Order::Mdy, None) => (c, a, b, self.digits[2]),
            (_, Some(_)) | (Order::Dmy, None) => (c, b, a, self.digits[2]),
            (Order::Ymd, None) => (a, b, c, self.digits[0]),
        };
        let year = if yd <= 2 { 2000 + y } else { y };
        let date = NaiveDate::from_ymd_opt(year as i32, m, d)?;
        let hour = match self.pm {
            Some(true) => self.hour % 12 + 12,
            Some(false) => self.hour % 12,
            None => self.hour,
        };
        Some((date, TimeOfDay::from_hms(hour, self.minute, self.second)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> String {
        match iso(s) {
            Some(Stamp::Instant(t)) => {
                let (d, t) = Zone::parse("UTC").unwrap().local(t).unwrap();
                format!("{d} {t} UTC")
            }
            Some(Stamp::Naive(d, t)) => format!("{d} {t}"),
            None => "none".into(),
        }
    }

    #[test]
    fn iso_times_with_any_fraction_and_offset() {
        assert_eq!(
            at("2018-05-20T16:09:44.209+00:00"),
            "2018-05-20 16:09:44 UTC"
        );
        assert_eq!(
            at("2026-06-24T19:19:57.92+07:00"),
            "2026-06-24 12:19:57 UTC"
        );
        assert_eq!(
            at("2026-06-24T21:07:32.5155894+07:00"),
            "2026-06-24 14:07:32 UTC"
        );
        assert_eq!(
            at("2023-09-23T13:15:48.3790000+03:00"),
            "2023-09-23 10:15:48 UTC"
        );
        assert_eq!(at("2020-01-01T00:30:00-05:30"), "2020-01-01 06:00:00 UTC");
        assert_eq!(at("2020-01-01T00:30:00Z"), "2020-01-01 00:30:00 UTC");
        assert_eq!(at("2020-01-01 00:30:00+0100"), "2019-12-31 23:30:00 UTC");
        assert_eq!(at("2020-01-01T00:30:00"), "2020-01-01 00:30:00");
        for bad in [
            "",
            "2020-13-01T00:00:00Z",
            "2020-01-01T25:00:00Z",
            "2020-01-01T00:00:00+",
            "2020-01-01T00:00:00.Z",
            "yesterday",
            "2020-01-01T00:00:00+1:00",
        ] {
            assert_eq!(at(bad), "none", "{bad}");
        }
    }

    fn read(dates: &[&str]) -> Vec<String> {
        let l: Vec<Local> = dates
            .iter()
            .map(|d| local(d).unwrap_or_else(|| panic!("{d}")))
            .collect();
        let (o, _) = order(&l).unwrap();
        l.iter()
            .map(|d| {
                let (d, t) = d.resolve(o).unwrap();
                format!("{d} {t}")
            })
            .collect()
    }

    #[test]
    fn locale_dates_of_every_shape() {
        assert_eq!(
            read(&["6/12/2024 7:33 PM", "6/13/2024 12:05 AM"]),
            ["2024-06-12 19:33:00", "2024-06-13 00:05:00"]
        );
        assert_eq!(
            read(&["12/06/2024 19:33", "13/06/2024 08:00"]),
            ["2024-06-12 19:33:00", "2024-06-13 08:00:00"]
        );
        assert_eq!(read(&["12.06.2024 19:33"]), ["2024-06-12 19:33:00"]);
        assert_eq!(read(&["2024/06/12 9:33"]), ["2024-06-12 09:33:00"]);
        assert_eq!(read(&["2024-06-12 7:33 p.m."]), ["2024-06-12 19:33:00"]);
        assert_eq!(read(&["2024. 6. 12. 오후 7:33"]), ["2024-06-12 19:33:00"]);
        assert_eq!(read(&["2024/6/12 下午 7:33"]), ["2024-06-12 19:33:00"]);
        assert_eq!(read(&["12-Jun-24 07:33 PM"]), ["2024-06-12 19:33:00"]);
        assert_eq!(read(&["2024年6月12日 19:33"]), ["2024-06-12 19:33:00"]);
        assert_eq!(read(&["12/06/2024 19:33:05"]), ["2024-06-12 19:33:05"]);
        // 12 AM is midnight, 12 PM noon.
        assert_eq!(
            read(&["1/2/2020 12:00 AM", "1/2/2020 12:30 PM"]),
            ["2020-01-02 00:00:00", "2020-01-02 12:30:00"]
        );
    }

    #[test]
    fn the_order_is_decided_once_from_every_date() {
        let l: Vec<Local> = ["3/4/2020 10:00", "25/4/2020 10:00"]
            .iter()
            .map(|d| local(d).unwrap())
            .collect();
        assert_eq!(order(&l), Some((Order::Dmy, false)));
        let l: Vec<Local> = ["3/4/2020 10:00 AM", "4/25/2020 10:00 AM"]
            .iter()
            .map(|d| local(d).unwrap())
            .collect();
        assert_eq!(order(&l), Some((Order::Mdy, false)));
        let l: Vec<Local> = ["3/4/2020 10:00 AM"]
            .iter()
            .map(|d| local(d).unwrap())
            .collect();
        assert_eq!(order(&l), Some((Order::Mdy, true)));
        let l: Vec<Local> = ["3.4.2020 10:00"]
            .iter()
            .map(|d| local(d).unwrap())
            .collect();
        assert_eq!(order(&l), Some((Order::Dmy, true)));
        let l: Vec<Local> = ["13/4/2020 10:00", "4/13/2020 10:00"]
            .iter()
            .map(|d| local(d).unwrap())
            .collect();
        assert_eq!(order(&l), None);
    }

    #[test]
    fn not_dates() {
        for s in [
            "hello",
            "10:00",
            "1/2 10:00",
            "1/2/3/4 10:00",
            "1/2/2020 10:0",
            "1/2/2020 13:00 PM",
            "1/2/2020 10:00 XM",
            "1/2/2020 24:00",
        ] {
            assert!(local(s).is_none(), "{s}");
        }
    }
}
