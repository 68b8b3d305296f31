//! Property tests of reading a growing file on from where the last read
//! stopped (`Format::read_on`), for each format whose files grow by lines
//! (the reference format, WhatsApp, IRC): a file written in parts that end
//! at line ends, read first from its start and then, after each part, on
//! from the `Resume` the read before gave, shows after every part exactly
//! the messages that reading that much of the file whole shows (same
//! order, times, speakers, bodies, spans, styles, attachments, lines).
//! Where a format cannot read on (its answer is `None`), the file is read
//! whole from its start, as the follower does.

use std::path::Path;

use daybook::archive::formats::{self, Format, ParseContext, Parsed, Resume};
use daybook::model::{Archive, Zone};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 200,
        ..ProptestConfig::default()
    }
}

/// Every message of an archive, one line each, with what a reader sees of
/// it (ranges made relative to the message's body).
fn messages(archive: &Archive) -> Vec<String> {
    let mut out = Vec::new();
    for (i, day) in archive.days.iter().enumerate() {
        let channel = archive.channel_name(day);
        for (k, m) in day.messages.iter().enumerate() {
            let base = m.body.start;
            let spans: Vec<String> = day
                .spans(m)
                .iter()
                .map(|s| format!("{:?}@{}+{}", s.kind, s.range.start - base, s.range.len()))
                .collect();
            let styles: Vec<String> = day
                .styles(k)
                .iter()
                .map(|s| format!("{:?}@{}+{}", s.style, s.range.start - base, s.range.len()))
                .collect();
            let attachments: Vec<String> = day
                .attachments(k)
                .iter()
                .map(|a| {
                    format!(
                        "{:?} {:?} {:?} {:?}",
                        a.kind,
                        day.str(a.name),
                        day.str(a.target),
                        a.size
                    )
                })
                .collect();
            out.push(format!(
                "{channel} {} {} {:?} {:?} {:?} line {} {:?} spans {spans:?} styles {styles:?} attachments {attachments:?} file {} day {i}",
                day.date,
                m.time,
                archive.speakers.name(m.speaker),
                m.kind,
                m.flags,
                m.line,
                day.body(m),
                archive.message_path(day, m).display(),
            ));
        }
    }
    out
}

/// What the follower shows of a file it has read in parts.
struct Following {
    done: Parsed,
    last: Parsed,
    resume: Option<Resume>,
}

impl Following {
    fn shown(&self) -> Parsed {
        let mut p = self.done.clone();
        p.append(self.last.clone());
        p
    }
}

/// Reads `bytes`, the file as it is now, as the follower does after
/// `before`; whether it was read on from where `before` stopped.
fn read(
    format: &dyn Format,
    bytes: &[u8],
    ctx: &ParseContext<'_>,
    before: Option<Following>,
) -> (Following, bool) {
    if let Some(mut f) = before {
        if let Some(resume) = f.resume.as_ref() {
            if let Some(r) = format.read_on(&bytes[resume.offset..], Some(resume), ctx) {
                f.done.append(r.done);
                f.last = r.last;
                f.resume = Some(r.resume);
                return (f, true);
            }
        }
    }
    match format.read_on(bytes, None, ctx) {
        Some(r) => (
            Following {
                done: r.done,
                last: r.last,
                resume: Some(r.resume),
            },
            false,
        ),
        None => (
            Following {
                done: format.parse(bytes, ctx),
                last: Parsed::default(),
                resume: None,
            },
            false,
        ),
    }
}

/// Writes `lines` in parts ending after the lines `cuts`, and checks the
/// messages shown after each part; how many reads were continuations.
fn check(format: &dyn Format, name: &str, lines: &[&str], cuts: &[usize]) -> usize {
    let path = Path::new("logs").join(name);
    let ctx = ParseContext {
        path: &path,
        folder: Path::new("logs"),
        zone: Zone::Local,
    };
    let file: String = lines.iter().flat_map(|l| [l, "\n"]).collect();
    let mut ends: Vec<usize> = cuts
        .iter()
        .map(|&c| {
            lines[..c.min(lines.len())]
                .iter()
                .map(|l| l.len() + 1)
                .sum()
        })
        .collect();
    ends.push(file.len());
    ends.sort_unstable();
    ends.dedup();
    let mut following = None;
    let mut continued = 0;
    for end in ends {
        let bytes = &file.as_bytes()[..end];
        let (f, cont) = read(format, bytes, &ctx, following.take());
        continued += usize::from(cont);
        let whole = messages(&daybook::archive::assemble([format.parse(bytes, &ctx)]));
        let parts = messages(&daybook::archive::assemble([f.shown()]));
        assert_eq!(parts, whole, "after {end} bytes of\n{file}");
        following = Some(f);
    }
    continued
}

const JEKYLL: &[&str] = &[
    "> 09:00:01  Alice",
    "> 09:05:00  Bob Li",
    "> 23:59:59  张三",
    "> 10:00:00",
    "> 12:00:00 one space: text that looks like a header",
    "hello there",
    "a second line of the same message",
    "",
    "  indented text",
    "see [the page](https://example.org/a) and ![pic](img/1.png)",
    "@Alice 你好 👋🏽 [强]",
    "&amp; &lt;b&gt;",
    "text with a trailing hard break  ",
];

const WHATSAPP: &[&str] = &[
    "12/03/2024, 09:15 - Ana: hi",
    "13/03/2024, 10:00 - Ben: a day-first date",
    "03/04/2024, 11:00 - Ana: either order",
    "3/14/24, 9:00 PM - Ben: a month-first date",
    "31/02/2024, 10:00 - Ana: an impossible date",
    "12/03/2024, 09:16 - Ana joined using this group's invite link",
    "[12/03/2024, 09:15:00] Cy: an iOS line",
    "IMG-20240312-WA0001.jpg (file attached)",
    "a *bold* and _italic_ line",
    "https://example.org/x",
    "a continuation line",
    "",
    "<Media omitted>",
    "This message was deleted",
];

const IRC: &[&str] = &[
    "--- Log opened Mon Jan 22 10:00:00 2018",
    "--- Day changed Tue Jan 23 2018",
    "[10:00] <alice> hi",
    "[23:59] <bob> late",
    "[00:01] <alice> after midnight",
    "[12:00] * alice waves",
    "[12:01] -!- bob [~b@host] has joined #c",
    "[12:02] <@carol> \u{3}4red\u{3} and \u{2}bold\u{2}",
    "not an irc line",
    "",
    "[99:99] <dan> an impossible time",
];

fn file(pool: &'static [&'static str]) -> impl Strategy<Value = (Vec<&'static str>, Vec<usize>)> {
    (
        prop::collection::vec(prop::sample::select(pool), 0..40),
        prop::collection::vec(0usize..40, 0..6),
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn jekyll_reads_on_as_a_whole_read((lines, cuts) in file(JEKYLL), front in any::<bool>()) {
        let mut all = Vec::new();
        if front {
            all.extend(["---", "title: Group chat 2024-03-01", "date: 2024-03-01", "---"]);
        }
        all.extend(lines);
        check(formats::jekyll::FORMAT, "2024-03-01-group.md", &all, &cuts);
    }

    #[test]
    fn whatsapp_reads_on_as_a_whole_read((lines, cuts) in file(WHATSAPP)) {
        check(formats::whatsapp::FORMAT, "WhatsApp Chat with Ana.txt", &lines, &cuts);
    }

    #[test]
    fn irc_reads_on_as_a_whole_read((lines, cuts) in file(IRC)) {
        check(formats::irc::FORMAT, "#chan_20180122.log", &lines, &cuts);
    }
}

/// The continuation is really used: a file that grows message by message
/// is read on, not read whole, in every format.
#[test]
fn growing_files_are_read_on() {
    let jekyll = [
        "---",
        "date: 2024-03-01",
        "---",
        "> 09:00:00  A",
        "one",
        "> 09:01:00  B",
        "two",
        "> 09:02:00  A",
        "three",
    ];
    assert_eq!(
        check(
            formats::jekyll::FORMAT,
            "2024-03-01.md",
            &jekyll,
            &[5, 7, 8]
        ),
        3
    );
    let whatsapp = [
        "13/03/2024, 10:00 - Ben: one",
        "13/03/2024, 10:01 - Ana: two",
        "more of two",
        "14/03/2024, 09:00 - Ben: three",
    ];
    assert_eq!(
        check(
            formats::whatsapp::FORMAT,
            "WhatsApp Chat with Ana.txt",
            &whatsapp,
            &[1, 2, 3]
        ),
        3
    );
    let irc = [
        "--- Day changed Tue Jan 23 2018",
        "[23:59] <bob> late",
        "[00:01] <alice> after midnight",
        "[00:02] <bob> and on",
    ];
    assert_eq!(check(formats::irc::FORMAT, "#chan.log", &irc, &[2, 3]), 2);
}

/// Where new lines change how the start of a WhatsApp file reads (its
/// dates turn out to be month first), the file is read whole again.
#[test]
fn whatsapp_reads_whole_when_the_date_order_changes() {
    let lines = [
        "03/04/2024, 11:00 - Ana: either order",
        "3/14/24, 9:00 PM - Ben: month first",
        "3/14/24, 9:01 PM - Ben: again",
    ];
    // The first part reads as day first (no evidence, dotted or padded
    // dates); the second says month first: no continuation.
    let continued = check(
        formats::whatsapp::FORMAT,
        "WhatsApp Chat with Ana.txt",
        &lines,
        &[1],
    );
    assert_eq!(continued, 0);
}
