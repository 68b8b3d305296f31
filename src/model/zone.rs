use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeZone, Timelike, Utc};

use super::TimeOfDay;

/// The zone that timestamps carrying a zone (Telegram's unixtime, Slack's
/// `ts`, ISO times with an offset) are shown in, and whose midnight starts
/// a day. Naive times (`WhatsApp`, the reference format, IRC) are shown as
/// written, whatever the zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// The system's zone (`TZ`, else `/etc/localtime`).
    #[default]
    Local,
    /// A named zone of the IANA database, such as `Europe/Paris` or `UTC`.
    Named(chrono_tz::Tz),
    /// A fixed offset from UTC, such as `+08:00`.
    Fixed(FixedOffset),
}

impl Zone {
    /// Reads `local`, an IANA name (`Asia/Shanghai`, `UTC`) or an offset
    /// (`+08:00`, `-0500`, `+8`).
    pub fn parse(s: &str) -> Result<Zone, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("local") {
            return Ok(Zone::Local);
        }
        if let Some(offset) = parse_offset(s) {
            return Ok(Zone::Fixed(offset));
        }
        s.parse::<chrono_tz::Tz>().map(Zone::Named).or_else(|_| {
            // IANA names are case-sensitive; accept `utc` or `asia/tokyo` too.
            chrono_tz::Tz::from_str_insensitive(s)
                .map(Zone::Named)
                .map_err(|_| {
                    format!(
                        "unknown time zone {s:?}: use `local`, an IANA name such as `Europe/Paris`, or an offset such as `+08:00`"
                    )
                })
        })
    }

    /// The local date and time of day of a UTC instant, in seconds since
    /// the Unix epoch; `None` when it is out of chrono's range.
    pub fn local(self, unix_seconds: i64) -> Option<(NaiveDate, TimeOfDay)> {
        let utc = DateTime::<Utc>::from_timestamp(unix_seconds, 0)?;
        Some(self.of_utc(&utc))
    }

    /// The local date and time of day of an instant given with an offset
    /// (an ISO 8601 time such as `2018-05-20T16:09:44+07:00`).
    pub fn from_fixed(self, t: &DateTime<FixedOffset>) -> (NaiveDate, TimeOfDay) {
        self.of_utc(&t.with_timezone(&Utc))
    }

    fn of_utc(self, utc: &DateTime<Utc>) -> (NaiveDate, TimeOfDay) {
        let naive = match self {
            Zone::Local => utc.with_timezone(&chrono::Local).naive_local(),
            Zone::Named(tz) => utc.with_timezone(&tz).naive_local(),
            Zone::Fixed(offset) => utc.with_timezone(&offset).naive_local(),
        };
        let time = TimeOfDay::from_hms(naive.hour(), naive.minute(), naive.second())
            .unwrap_or(TimeOfDay::UNKNOWN);
        (naive.date(), time)
    }

    /// The offset from UTC at an instant, in seconds.
    pub fn offset_seconds(self, unix_seconds: i64) -> i32 {
        let Some(utc) = DateTime::<Utc>::from_timestamp(unix_seconds, 0) else {
            return 0;
        };
        match self {
            Zone::Local => chrono::Local
                .offset_from_utc_datetime(&utc.naive_utc())
                .fix()
                .local_minus_utc(),
            Zone::Named(tz) => tz
                .offset_from_utc_datetime(&utc.naive_utc())
                .fix()
                .local_minus_utc(),
            Zone::Fixed(offset) => offset.local_minus_utc(),
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Local => f.write_str("local"),
            Zone::Named(tz) => f.write_str(tz.name()),
            Zone::Fixed(offset) => write!(f, "{offset}"),
        }
    }
}

/// `+08:00`, `-0500`, `+8`, `UTC+8`: an offset of at most 18 hours.
fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s
        .strip_prefix("UTC")
        .or_else(|| s.strip_prefix("GMT"))
        .unwrap_or(s);
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    if h.is_empty() || h.len() > 2 || m.len() > 2 {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if h > 18 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_offsets_and_local() {
        assert_eq!(Zone::parse("local"), Ok(Zone::Local));
        assert_eq!(Zone::parse("UTC").unwrap().to_string(), "UTC");
        assert_eq!(
            Zone::parse("asia/shanghai").unwrap().to_string(),
            "Asia/Shanghai"
        );
        assert_eq!(Zone::parse("+08:00").unwrap().to_string(), "+08:00");
        assert_eq!(Zone::parse("-0530").unwrap().to_string(), "-05:30");
        assert_eq!(Zone::parse("UTC+8").unwrap().to_string(), "+08:00");
        assert!(
            Zone::parse("Mars/Olympus")
                .unwrap_err()
                .contains("unknown time zone")
        );
        assert!(Zone::parse("+25:00").is_err());
    }

    #[test]
    fn day_boundaries_follow_the_zone() {
        // 2019-07-12 16:55:32 UTC.
        let t = 1_562_950_532;
        let at = |z: &str| {
            let (d, t) = Zone::parse(z).unwrap().local(t).unwrap();
            format!("{d} {t}")
        };
        assert_eq!(at("UTC"), "2019-07-12 16:55:32");
        assert_eq!(at("Asia/Tokyo"), "2019-07-13 01:55:32");
        assert_eq!(at("America/New_York"), "2019-07-12 12:55:32");
        assert_eq!(at("-11:00"), "2019-07-12 05:55:32");
        let iso = DateTime::parse_from_rfc3339("2018-05-20T23:09:44+07:00").unwrap();
        let (d, t) = Zone::parse("UTC").unwrap().from_fixed(&iso);
        assert_eq!(format!("{d} {t}"), "2018-05-20 16:09:44");
        assert_eq!(
            Zone::parse("Europe/Paris").unwrap().offset_seconds(t_jan()),
            3600
        );
    }

    fn t_jan() -> i64 {
        1_515_000_000 // 2018-01-03
    }
}
