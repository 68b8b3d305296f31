//! What a log's file name says: its channel and its date.
//!
//! Clients name logs after the channel and often the day: ZNC
//! `$NETWORK/$WINDOW/2020-06-12.log` (the channel is the folder) or, in
//! old versions, `net_#chan_20200612.log`; irssi `#chan.log` or
//! `#chan_20180122.log`; Supybot `#chan.2019-10-19.log`; mIRC
//! `#chan.network.log`; WeeChat `irc.network.#chan.weechatlog`.

use std::ops::Range;

use chrono::NaiveDate;

/// Extensions a log's name may end with, taken off before reading it.
pub(crate) const EXTENSIONS: &[&str] = &["log", "txt", "text", "weechatlog"];

/// The first date in `s` (`YYYY-MM-DD`, `YYYY_MM_DD`, `YYYY.MM.DD` or
/// `YYYYMMDD`, not inside a longer number, a year from 1980 to 2199) and
/// where it is.
pub(crate) fn date_in(s: &str) -> Option<(NaiveDate, Range<usize>)> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let num =
        |r: Range<usize>| -> u32 { b[r].iter().fold(0, |v, &c| v * 10 + u32::from(c - b'0')) };
    for i in 0..b.len() {
        if !digit(i) || (i > 0 && digit(i - 1)) || !(0..4).all(|k| digit(i + k)) {
            continue;
        }
        let year = num(i..i + 4) as i32;
        if !(1980..=2199).contains(&year) {
            continue;
        }
        let sep = b.get(i + 4).copied();
        let (m, d, end) = match sep {
            Some(c @ (b'-' | b'_' | b'.'))
                if digit(i + 5)
                    && digit(i + 6)
                    && b.get(i + 7) == Some(&c)
                    && digit(i + 8)
                    && digit(i + 9) =>
            {
                (num(i + 5..i + 7), num(i + 8..i + 10), i + 10)
            }
            Some(_) if (4..8).all(|k| digit(i + k)) => {
                (num(i + 4..i + 6), num(i + 6..i + 8), i + 8)
            }
            _ => continue,
        };
        if digit(end) {
            continue;
        }
        if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
            return Some((date, i..end));
        }
    }
    None
}

/// The chat a log file belongs to: a key that is the same for every file
/// of one channel in one folder, and the channel's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChatName {
    pub key: String,
    pub name: String,
}

/// The chat of the file `file_name` in the folder `folder` (shown as
/// `folder_path`).
pub(crate) fn chat_name(file_name: &str, folder: &str, folder_path: &str) -> ChatName {
    let mut stem = file_name;
    let mut weechat = false;
    while let Some((s, ext)) = stem.rsplit_once('.') {
        let ext = ext.to_ascii_lowercase();
        if s.is_empty() || !EXTENSIONS.contains(&ext.as_str()) {
            break;
        }
        weechat |= ext == "weechatlog";
        stem = s;
    }
    let mut network = "";
    let mut name = stem;
    if weechat {
        // `plugin.network.buffer` (the buffer may hold dots).
        let mut parts = stem.splitn(3, '.');
        if let (Some(_), Some(net), Some(buffer)) = (parts.next(), parts.next(), parts.next()) {
            network = net;
            name = buffer;
        }
    } else if let Some(at) = stem.find(['#', '&']) {
        // `#chan.network` (mIRC): the channel ends at the first dot.
        name = &stem[at..];
        if let Some(dot) = name.find('.') {
            if dot > 1 && date_in(&name[..dot]).is_none() {
                network = &name[dot + 1..];
                name = &name[..dot];
            }
        }
    }
    let name = without_date(name);
    let name = if name.is_empty() {
        if folder.is_empty() {
            without_date(stem)
        } else {
            folder
        }
    } else {
        name
    };
    let name = if name.is_empty() { file_name } else { name };
    let network = without_date(network);
    ChatName {
        key: format!("{folder_path}\u{1f}{network}\u{1f}{name}"),
        name: name.to_owned(),
    }
}

fn trim_separators(s: &str) -> &str {
    s.trim_matches(['_', '-', '.', ' '])
}

/// `s` without its date and the separators beside it: what comes before
/// the date, else what comes after it.
fn without_date(s: &str) -> &str {
    match date_in(s) {
        Some((_, r)) => {
            let before = trim_separators(&s[..r.start]);
            if before.is_empty() {
                trim_separators(&s[r.end..])
            } else {
                before
            }
        }
        None => trim_separators(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_in_names() {
        for (name, want) in [
            ("2020-06-12.log", Some(date(2020, 6, 12))),
            ("#qtox_20160624.log.txt", Some(date(2016, 6, 24))),
            ("#chan.2019-10-19.log", Some(date(2019, 10, 19))),
            ("x__2005-01-09-test2.log", Some(date(2005, 1, 9))),
            ("net_#c_2018_01_22.log", Some(date(2018, 1, 22))),
            ("#chan.log", None),
            ("#c_201606240.log", None),
            ("#c_20161324.log", None),
            ("#c_1234-01-01.log", None),
            ("2020-06-1.log", None),
            ("2016-02-30.log", None),
            ("x2020-06-12.log", Some(date(2020, 6, 12))),
        ] {
            assert_eq!(date_in(name).map(|(d, _)| d), want, "{name}");
        }
    }

    #[test]
    fn channels_from_names_and_folders() {
        for (file, folder, want) in [
            ("#qtox_20160624.log.txt", "logs", "#qtox"),
            (
                "qTox__qtox-irc-logs__#qtox_20160624.log.txt",
                "irc",
                "#qtox",
            ),
            (
                "averne__switchdev-irc-log__2020-06-12.log",
                "irc",
                "averne__switchdev-irc-log",
            ),
            ("2020-06-12.log", "#switchbrew", "#switchbrew"),
            ("2020-06-12.log", "", "2020-06-12.log"),
            ("#chan.2019-10-19.log", "x", "#chan"),
            ("#chan.libera.log", "x", "#chan"),
            ("irc.libera.#rust.weechatlog", "logs", "#rust"),
            ("irc.libera.#python.de.weechatlog", "logs", "#python.de"),
            ("irc.libera.alice.weechatlog", "logs", "alice"),
            ("#chan", "x", "#chan"),
            ("alice_20180122.log", "x", "alice"),
            ("x__2005-01-09-test2.log", "irc", "x"),
            ("20180122-extra.log", "f", "extra"),
        ] {
            assert_eq!(chat_name(file, folder, folder).name, want, "{file}");
        }
        // Per-day files of one channel in one folder are one chat; the same
        // channel on another network or in another folder is another.
        let key = |f: &str, dir: &str| chat_name(f, "d", dir).key;
        assert_eq!(key("#c_20180122.log", "a"), key("#c_20180123.log", "a"));
        assert_eq!(key("#c.2018-01-22.log", "a"), key("#c_20180123.log", "a"));
        assert_ne!(key("#c_20180122.log", "a"), key("#c_20180122.log", "b"));
        assert_ne!(
            key("irc.one.#c.weechatlog", "a"),
            key("irc.two.#c.weechatlog", "a")
        );
    }
}
