//! Dates of a WhatsApp file: which number is the day, decided once per
//! file from all its dates, and the calendar date each header names.
//!
//! A date whose first number has three or four digits is year-first
//! (`2019/01/31`). The others are day/month/year or month/day/year, and a
//! single line cannot tell (`3/6/18`), so the file decides ([`OrderVotes`]):
//!
//! 1. a first number above 12 is a vote for day first, a second above 12
//!    for month first; the side with votes (the more votes, when both have
//!    some) wins, and the other side's dates are impossible;
//! 2. with no such number, the order under which the dates go back in
//!    time less often, line after line, wins (exports are mostly sorted);
//! 3. still tied: day first when the dates are written with dots or
//!    dashes, or with leading zeros (`05/03/2020`, as day-first locales
//!    write them), else month first (`3/5/20`, as en-US writes).
//!
//! Years: two digits are 2000 and after; `BE` (and a four-digit year of
//! 2400 or more, as Thai phones write without the suffix) is the Buddhist
//! era, 543 years ahead; `R`, `H` and `S` before the year are the Japanese
//! eras Reiwa, Heisei and Shōwa. A year outside 1970–2199 is impossible.

use chrono::{Datelike, NaiveDate};

use super::header::{Era, RawDate};

/// Which number of a day-and-month date is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    DayFirst,
    MonthFirst,
}

/// The evidence of one file's dates about their order.
#[derive(Debug, Clone, Default)]
pub struct OrderVotes {
    day_first: usize,
    month_first: usize,
    /// Steps back in time between consecutive dates under each order.
    back_day_first: usize,
    back_month_first: usize,
    last_day_first: Option<(i32, u32, u32)>,
    last_month_first: Option<(i32, u32, u32)>,
    dotted: bool,
    padded: bool,
}

impl OrderVotes {
    /// Counts one date.
    pub fn add(&mut self, date: &RawDate) {
        if date.year_first() {
            return;
        }
        let [a, b, _] = date.parts.map(u32::from);
        if a > 12 && b <= 12 {
            self.day_first += 1;
        } else if b > 12 && a <= 12 {
            self.month_first += 1;
        }
        if let Some(year) = year(date) {
            let df = (year, b, a);
            let mf = (year, a, b);
            if self.last_day_first.is_some_and(|l| df < l) {
                self.back_day_first += 1;
            }
            if self.last_month_first.is_some_and(|l| mf < l) {
                self.back_month_first += 1;
            }
            self.last_day_first = Some(df);
            self.last_month_first = Some(mf);
        }
        self.dotted |= date.sep != b'/';
        self.padded |= date.padded;
    }

    /// The order the evidence points to.
    pub fn decide(&self) -> Order {
        use std::cmp::Ordering::{Greater, Less};
        match self.day_first.cmp(&self.month_first) {
            Greater => return Order::DayFirst,
            Less => return Order::MonthFirst,
            std::cmp::Ordering::Equal if self.day_first > 0 => return Order::DayFirst,
            std::cmp::Ordering::Equal => {}
        }
        let tie_day_first = self.dotted || self.padded;
        match self.back_day_first.cmp(&self.back_month_first) {
            Less => Order::DayFirst,
            std::cmp::Ordering::Equal if tie_day_first => Order::DayFirst,
            _ => Order::MonthFirst,
        }
    }
}

/// The year a date names, or `None` when it is impossible.
pub fn year(date: &RawDate) -> Option<i32> {
    let n = i32::from(date.parts[if date.year_first() { 0 } else { 2 }]);
    let digits = date.digits[if date.year_first() { 0 } else { 2 }];
    let year = match date.era {
        Era::Japanese(start) => i32::from(start) + n,
        Era::Buddhist => n - 543,
        Era::Common if digits <= 2 => 2000 + n,
        Era::Common if digits == 3 => return None,
        Era::Common if n >= 2400 => n - 543,
        Era::Common => n,
    };
    (1970..2200).contains(&year).then_some(year)
}

/// The calendar date of `date` read in `order`, or `None` when it is impossible.
pub fn resolve(date: &RawDate, order: Order) -> Option<NaiveDate> {
    let year = year(date)?;
    let [a, b, c] = date.parts.map(u32::from);
    let (month, day) = if date.year_first() {
        (b, c)
    } else {
        match order {
            Order::DayFirst => (b, a),
            Order::MonthFirst => (a, b),
        }
    };
    NaiveDate::from_ymd_opt(year, month, day).filter(|d| d.year() == year)
}

/// A date as written, for diagnostics (`31/02/2020`).
pub fn show(date: &RawDate) -> String {
    let sep = char::from(date.sep);
    let [a, b, c] = date.parts;
    let era = match date.era {
        Era::Common => "",
        Era::Buddhist => " BE",
        Era::Japanese(_) => " (Japanese era)",
    };
    format!("{a}{sep}{b}{sep}{c}{era}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::formats::whatsapp::header;

    fn raw(line: &str) -> RawDate {
        header::parse(line).expect("a header").date
    }

    fn order(lines: &[&str]) -> Order {
        let mut v = OrderVotes::default();
        for l in lines {
            v.add(&raw(l));
        }
        v.decide()
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn a_number_above_twelve_decides() {
        let lines = ["3/6/18, 10:00 - A: x", "20/6/18, 10:00 - A: x"];
        assert_eq!(order(&lines), Order::DayFirst);
        let lines = ["3/6/18, 10:00 - A: x", "6/20/18, 10:00 - A: x"];
        assert_eq!(order(&lines), Order::MonthFirst);
        // Both: the majority, here day first.
        let lines = [
            "13/6/18, 10:00 - A: x",
            "14/6/18, 10:00 - A: x",
            "6/20/18, 10:00 - A: x",
        ];
        assert_eq!(order(&lines), Order::DayFirst);
        assert_eq!(resolve(&raw(lines[2]), Order::DayFirst), None);
    }

    #[test]
    fn sorted_dates_decide_when_numbers_cannot() {
        // 1 Feb, 1 Mar, 2 Mar day first; 2 Jan, 3 Jan, 3 Feb month first:
        // both sorted. Then 5 Mar / 3 May: only month first keeps order.
        let lines = [
            "01/02/20, 10:00 - A: x",
            "01/03/20, 10:00 - A: x",
            "03/01/20, 10:00 - A: x",
        ];
        assert_eq!(order(&lines), Order::MonthFirst);
        let lines = [
            "1/2/20, 10:00 - A: x",
            "2/1/20, 10:00 - A: x",
            "3/1/20, 10:00 - A: x",
            "1/2/20, 10:00 - A: x",
        ];
        // Day first: 1 Feb, 2 Jan (back), 3 Jan, 1 Feb: one step back;
        // month first: 2 Jan, 1 Feb, 1 Mar, 2 Jan (back): one step back.
        // Tied, no leading zeros, slashes: month first.
        assert_eq!(order(&lines), Order::MonthFirst);
        assert_eq!(order(&["12/9/20, 23:55 - A: x"]), Order::MonthFirst);
        assert_eq!(order(&["12.9.20, 23:55 - A: x"]), Order::DayFirst);
        assert_eq!(order(&["01/09/2020, 23:55 - A: x"]), Order::DayFirst);
    }

    #[test]
    fn years_in_every_calendar() {
        let df = Order::DayFirst;
        assert_eq!(resolve(&raw("27/3/22, 10:00 - A: x"), df), ymd(2022, 3, 27));
        assert_eq!(
            resolve(&raw("[3/27/2565 BE, 21:41:35] A: x"), Order::MonthFirst),
            ymd(2022, 3, 27)
        );
        assert_eq!(
            resolve(&raw("27/3/2565, 10:00 - A: x"), df),
            ymd(2022, 3, 27)
        );
        assert_eq!(
            resolve(&raw("[3/27/R4, 21:41:35] A: x"), Order::MonthFirst),
            ymd(2022, 3, 27)
        );
        assert_eq!(
            resolve(&raw("[3/27/H30, 21:41:35] A: x"), Order::MonthFirst),
            ymd(2018, 3, 27)
        );
        assert_eq!(
            resolve(&raw("2019/01/31, 10:00 - A: x"), df),
            ymd(2019, 1, 31)
        );
        assert_eq!(
            resolve(&raw("2019-01-31, 10:00 - A: x"), Order::MonthFirst),
            ymd(2019, 1, 31)
        );
    }

    #[test]
    fn impossible_dates() {
        let df = Order::DayFirst;
        for line in [
            "31/02/2020, 10:00 - A: x",
            "0/1/2020, 10:00 - A: x",
            "1/0/2020, 10:00 - A: x",
            "45/45/45, 10:00 - A: x",
            "1/1/1900, 10:00 - A: x",
            "1/1/0000, 10:00 - A: x",
            "2020/13/01, 10:00 - A: x",
            "1/1/999, 10:00 - A: x",
        ] {
            assert_eq!(resolve(&raw(line), df), None, "{line}");
        }
        assert_eq!(show(&raw("31/02/2020, 10:00 - A: x")), "31/2/2020");
    }
}
