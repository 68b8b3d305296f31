//! The lines of a LINE export that are not message text: the title line
//! (the chat's name, in each UI language), day lines (`Mon, 8/19/2019`,
//! `Mo., 19.8.2019`, `2019/08/19(月)`, `2026/1/30周五`, `2025.12.10
//! Wednesday`) and the time that starts a message (`11:28`, `上午09:32`,
//! `午後07:04`, `07:04PM`).

use chrono::NaiveDate;

use crate::model::TimeOfDay;

/// The chat's name from an export's first line (or a file's stem):
/// `Chat history with Alice`, `Chat history in "Group"`, `[LINE] Chat mit
/// Solo`, `[LINE] Aliceとのトーク履歴`, `[LINE] 与Alice的聊天记录` …; any
/// other line that starts with `[LINE]` names the chat with the rest.
pub fn title(line: &str) -> Option<String> {
    const BEFORE: &[&str] = &[
        "Chat history with ",
        "Chat history in ",
        "Chat with ",
        "Chat mit ",
        "Chat in ",
        "与",
        "與",
    ];
    const AFTER: &[&str] = &["とのトーク履歴", "のトーク履歴", "的聊天记录", "的聊天記錄"];
    let line = line.trim();
    let (tagged, rest) = match line.strip_prefix("[LINE]") {
        Some(r) => (true, r.trim_start()),
        None => (false, line),
    };
    let mut name = None;
    for p in BEFORE {
        if let Some(r) = rest.strip_prefix(p) {
            // `与…` and `與…` only with their ending.
            let r = match *p {
                "与" => r.strip_suffix("的聊天记录"),
                "與" => r.strip_suffix("的聊天記錄"),
                _ => Some(r),
            };
            if let Some(r) = r {
                name = Some(r);
                break;
            }
        }
    }
    if name.is_none() && tagged {
        name = Some(
            AFTER
                .iter()
                .find_map(|s| rest.strip_suffix(s))
                .unwrap_or(rest),
        );
    }
    let name = name?.trim();
    let name = strip_quotes(name);
    (!name.is_empty()).then(|| name.to_owned())
}

/// `"Group"` → `Group`, `「Group」` → `Group`.
fn strip_quotes(s: &str) -> &str {
    for (open, close) in [('"', '"'), ('「', '」'), ('“', '”')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.is_empty() {
                return inner;
            }
        }
    }
    s
}

/// A day line, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayLine {
    /// Year first: `2019/08/19(月)`, `2025.12.10 Wednesday`.
    Ymd(i32, u32, u32),
    /// A weekday, then `a/b/yyyy`: month first in English, day first in
    /// some other languages; decided once per file ([`Order`]).
    Slashed(u32, u32, i32),
    /// A weekday, then `d.m.yyyy` (German).
    Dotted(u32, u32, i32),
}

/// How a file writes `a/b/yyyy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    MonthFirst,
    DayFirst,
}

impl Order {
    /// The order of a file's slashed day lines: day first when more of
    /// them have a first number that cannot be a month than a second one,
    /// else month first (as English writes it). (Counting, not any one
    /// line, decides: a date typed in a message looks like a day line.)
    pub fn of<'a>(days: impl Iterator<Item = DayLine> + 'a) -> Order {
        let (mut first_big, mut second_big) = (0usize, 0usize);
        for d in days {
            if let DayLine::Slashed(a, b, _) = d {
                first_big += usize::from(a > 12);
                second_big += usize::from(b > 12);
            }
        }
        if first_big > second_big {
            Order::DayFirst
        } else {
            Order::MonthFirst
        }
    }
}

impl DayLine {
    /// The date, or `None` when there is no such day.
    pub fn date(self, order: Order) -> Option<NaiveDate> {
        match self {
            DayLine::Ymd(y, m, d) | DayLine::Dotted(d, m, y) => NaiveDate::from_ymd_opt(y, m, d),
            DayLine::Slashed(a, b, y) => match order {
                Order::MonthFirst => NaiveDate::from_ymd_opt(y, a, b),
                Order::DayFirst => NaiveDate::from_ymd_opt(y, b, a),
            },
        }
    }
}

/// Reads `n` ASCII digits (at least one, at most `max`) at the start of `s`.
fn digits(s: &str, max: usize) -> Option<(u32, &str)> {
    let len = s
        .bytes()
        .take(max + 1)
        .take_while(u8::is_ascii_digit)
        .count();
    if len == 0 || len > max {
        return None;
    }
    Some((s[..len].parse().ok()?, &s[len..]))
}

/// The line as a day line, if it is one.
pub fn day_line(line: &str) -> Option<DayLine> {
    let l = line.trim();
    if l.len() > 64 || l.contains('\t') {
        return None;
    }
    year_first(l).or_else(|| weekday_first(l))
}

/// `YYYY/M/D`, `YYYY.M.D` or `YYYY-M-D`, then nothing or a weekday.
fn year_first(l: &str) -> Option<DayLine> {
    let (y, rest) = digits(l, 4)?;
    if y < 1000 {
        return None;
    }
    let sep = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '/' | '.' | '-'))?;
    let (m, rest) = digits(&rest[1..], 2)?;
    let rest = rest.strip_prefix(sep)?;
    let (d, rest) = digits(rest, 2)?;
    // What follows is a weekday, not more of a number or a sentence.
    let rest = rest.trim();
    if rest.starts_with(|c: char| c.is_ascii_digit()) || rest.chars().count() > 16 {
        return None;
    }
    Some(DayLine::Ymd(y as i32, m, d))
}

/// A weekday (`Mon,`, `Mo.,`, `lun.`) then `a/b/yyyy` or `d.m.yyyy`.
fn weekday_first(l: &str) -> Option<DayLine> {
    let (word, rest) = l.split_once(char::is_whitespace)?;
    let word = word.trim_end_matches([',', '.']);
    if word.is_empty() || word.chars().count() > 12 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let date = rest.trim();
    let (a, r) = digits(date, 2)?;
    let sep = r.chars().next().filter(|c| matches!(c, '/' | '.'))?;
    let (b, r) = digits(&r[1..], 2)?;
    let r = r.strip_prefix(sep)?;
    let (y, r) = digits(r, 4)?;
    if y < 1000 || !r.is_empty() {
        return None;
    }
    Some(if sep == '/' {
        DayLine::Slashed(a, b, y as i32)
    } else {
        DayLine::Dotted(a, b, y as i32)
    })
}

/// The time that starts a message line, and the rest of the line after
/// the tab that follows it; [`TimeOfDay::UNKNOWN`] for an impossible time
/// such as `25:61`.
pub fn message_time(line: &str) -> Option<(TimeOfDay, &str)> {
    let (stamp, rest) = split_tab(line)?;
    Some((time(stamp)?, rest))
}

/// `line` cut at its first tab (found with a vectorised search), as
/// `str::split_once('\t')` does.
pub fn split_tab(line: &str) -> Option<(&str, &str)> {
    let i = memchr::memchr(b'\t', line.as_bytes())?;
    Some((&line[..i], &line[i + 1..]))
}

/// `11:28`, `9:05`, `上午09:32`, `午後 07:04`, `오후 3:20`, `07:04PM`,
/// `7:04 pm`.
pub fn time(stamp: &str) -> Option<TimeOfDay> {
    const MORNING: &[&str] = &["上午", "午前", "오전"];
    const AFTERNOON: &[&str] = &["下午", "午後", "오후"];
    let mut s = stamp.trim();
    if s.len() > 16 {
        return None;
    }
    let mut pm = None;
    if let Some(r) = MORNING.iter().find_map(|p| s.strip_prefix(p)) {
        pm = Some(false);
        s = r.trim_start();
    } else if let Some(r) = AFTERNOON.iter().find_map(|p| s.strip_prefix(p)) {
        pm = Some(true);
        s = r.trim_start();
    }
    let (h, r) = digits(s, 2)?;
    let r = r.strip_prefix(':')?;
    if r.len() < 2 || !r.as_bytes()[..2].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let m: u32 = r[..2].parse().ok()?;
    let r = r[2..].trim_start();
    if pm.is_none() && !r.is_empty() {
        match r.to_ascii_lowercase().replace('.', "").as_str() {
            "am" => pm = Some(false),
            "pm" => pm = Some(true),
            _ => return None,
        }
    } else if !r.is_empty() {
        return None;
    }
    let h = match pm {
        Some(_) if !(1..=12).contains(&h) => return Some(TimeOfDay::UNKNOWN),
        Some(true) => h % 12 + 12,
        Some(false) => h % 12,
        None => h,
    };
    Some(TimeOfDay::from_hms(h, m, 0).unwrap_or(TimeOfDay::UNKNOWN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_every_language() {
        for (line, name) in [
            ("Chat history with Alice", "Alice"),
            ("Chat history in \"GroupChat\"", "GroupChat"),
            ("[LINE] Chat history with Alice", "Alice"),
            ("[LINE] Chat in GroupChat", "GroupChat"),
            ("[LINE] Chat mit Solo", "Solo"),
            ("[LINE] アリスとのトーク履歴", "アリス"),
            ("[LINE] 旅行のトーク履歴", "旅行"),
            ("[LINE] 与小明的聊天记录", "小明"),
            ("[LINE] 家人的聊天记录", "家人"),
            ("[LINE] 與小明的聊天記錄", "小明"),
            ("[LINE] Something else", "Something else"),
        ] {
            assert_eq!(title(line).as_deref(), Some(name), "{line}");
        }
        for line in ["Hello", "与小明", "", "[LINE]", "Chat history with "] {
            assert_eq!(title(line), None, "{line}");
        }
    }

    #[test]
    fn day_lines() {
        let d = |l: &str, o: Order| day_line(l).and_then(|d| d.date(o)).map(|d| d.to_string());
        let m = Order::MonthFirst;
        assert_eq!(d("Mon, 8/19/2019", m).as_deref(), Some("2019-08-19"));
        assert_eq!(d("Mo., 19.8.2019", m).as_deref(), Some("2019-08-19"));
        assert_eq!(d("2019/08/19(月)", m).as_deref(), Some("2019-08-19"));
        assert_eq!(d("2019/08/19（月）", m).as_deref(), Some("2019-08-19"));
        assert_eq!(d("2026/1/30周五", m).as_deref(), Some("2026-01-30"));
        assert_eq!(d("2025.12.10 Wednesday", m).as_deref(), Some("2025-12-10"));
        assert_eq!(d("2025-12-10", m).as_deref(), Some("2025-12-10"));
        assert_eq!(
            d("lun., 19/08/2019", Order::DayFirst).as_deref(),
            Some("2019-08-19")
        );
        assert_eq!(d("Mon, 8/19/2019", Order::DayFirst), None);
        for l in [
            "2019/13/45",
            "2019/08/19 was the day we met at the lake",
            "11:28\tAlice\tHi",
            "Hello, 8/19/2019 is fine",
            "8/19/2019",
            "Mon, 8/19/19",
            "12345/1/1",
            "Mon, 8/19/2019 later",
        ] {
            assert_eq!(d(l, m), None, "{l}");
        }
        let order = Order::of(
            [
                "lun., 19/8/2019",
                "mar., 1/9/2019",
                "Mon, 8/19/2019",
                "mer., 21/8/2019",
            ]
            .iter()
            .filter_map(|l| day_line(l)),
        );
        assert_eq!(order, Order::DayFirst);
        assert_eq!(
            Order::of(
                ["Mon, 8/19/2019", "Tue, 8/1/2019"]
                    .iter()
                    .filter_map(|l| day_line(l))
            ),
            Order::MonthFirst
        );
    }

    #[test]
    fn times() {
        let t = |s: &str| time(s).map(|t| t.to_string());
        assert_eq!(t("11:28").as_deref(), Some("11:28:00"));
        assert_eq!(t("9:05").as_deref(), Some("09:05:00"));
        assert_eq!(t("上午09:32").as_deref(), Some("09:32:00"));
        assert_eq!(t("下午12:05").as_deref(), Some("12:05:00"));
        assert_eq!(t("上午12:05").as_deref(), Some("00:05:00"));
        assert_eq!(t("午後07:04").as_deref(), Some("19:04:00"));
        assert_eq!(t("오후 3:20").as_deref(), Some("15:20:00"));
        assert_eq!(t("07:04PM").as_deref(), Some("19:04:00"));
        assert_eq!(t("7:04 am").as_deref(), Some("07:04:00"));
        assert_eq!(t("25:61").as_deref(), Some("??:??:??"));
        assert_eq!(t("13:00PM").as_deref(), Some("??:??:??"));
        for s in [
            "",
            "1128",
            "11:2",
            "11:28:00x",
            "ab:cd",
            "11:28 later",
            "123:45",
        ] {
            assert_eq!(t(s), None, "{s}");
        }
        assert_eq!(
            message_time("11:28\tAlice\tHi").map(|(t, r)| (t.to_string(), r)),
            Some(("11:28:00".into(), "Alice\tHi"))
        );
    }
}
