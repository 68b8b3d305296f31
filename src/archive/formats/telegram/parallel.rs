//! Reading a big `messages` array on all cores.
//!
//! Telegram Desktop pretty-prints its export with one space per level and
//! never writes a raw line break inside a string, so the items of a
//! `messages` array are separated by `},\n` + the items' indent + `{`, and
//! the array ends with `\n` + indent + `}\n` + one space less + `]`: both
//! found with a substring search, without reading the JSON. [`split`] cuts
//! the array into parts of about [`PART_BYTES`] at such separators;
//! [`read_part`] reads one part into events (messages and problems, with
//! lines counted from the part's start), on any thread. The parser puts
//! the events into its builder in order, so the result is exactly what
//! reading the array in one go gives. An array laid out otherwise (another
//! indent, everything on one line) or small is read in one go.

use std::ops::Range;

use memchr::memmem;

use super::json::{Mark, Reader};
use super::message::{Msg, MsgReader, WrongType};
use super::{Item, read_item};

/// About how big a part is.
pub const PART_BYTES: usize = 1 << 20;

/// How many parts are read on all cores while the parts read before them
/// are put into the builder. Each batch ends with the cores waiting for
/// its slowest part: with two parts per core, a 617 MB export loaded in
/// 1.31–1.41 s on 2 cores, with 64 parts in 1.17–1.24 s, for about 75 MB
/// more memory at the peak (900 MB instead of 825 MB).
pub const BATCH_PARTS: usize = 64;

/// How many parts a batch has here: [`BATCH_PARTS`], or more on many cores.
pub fn batch_parts() -> usize {
    BATCH_PARTS.max(rayon::current_num_threads() * 4)
}

/// Arrays smaller than this are read in one go.
pub const MIN_BYTES: usize = 4 << 20;

/// A `messages` array cut into parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte ranges of the parts: each is whole items and their commas,
    /// from an item's `{` to an item's `}`.
    pub parts: Vec<Range<usize>>,
    /// The line the first part starts on.
    pub first_line: u32,
    /// Where the array's `]` is.
    pub close: usize,
}

/// Cuts the array whose `[` the reader just passed (`at`) into parts, when
/// it is laid out as Telegram lays it out and big enough to be worth it.
pub fn split(text: &str, at: Mark) -> Option<Split> {
    let b = text.as_bytes();
    let start = at.pos;
    // `\n` and the items' indent, then the first item's `{`.
    let rest = b.get(start..)?;
    if rest.first() != Some(&b'\n') {
        return None;
    }
    let indent = rest[1..].iter().take_while(|&&c| c == b' ').count();
    let first = start + 1 + indent;
    if indent == 0 || b.get(first) != Some(&b'{') {
        return None;
    }
    let pad = " ".repeat(indent);
    let end_pat = format!("\n{pad}}}\n{}]", &pad[1..]);
    let close_at = find_first(&b[first..], end_pat.as_bytes())? + first;
    // The last item ends after its `}`; the `]` ends the pattern.
    let items_end = close_at + 1 + indent + 1;
    let close = close_at + end_pat.len() - 1;
    if items_end - first < MIN_BYTES {
        return None;
    }
    let sep = format!("}},\n{pad}{{");
    let finder = memmem::Finder::new(sep.as_bytes());
    let mut parts = Vec::new();
    let mut pos = first;
    while pos < items_end {
        let target = pos + PART_BYTES;
        if target >= items_end {
            parts.push(pos..items_end);
            break;
        }
        let Some(i) = finder.find(&b[target..items_end]) else {
            parts.push(pos..items_end);
            break;
        };
        let brace = target + i;
        parts.push(pos..brace + 1);
        pos = brace + sep.len() - 1;
    }
    Some(Split {
        parts,
        first_line: at.line + 1,
        close,
    })
}

/// Where `needle` first occurs in `hay`: searched in slices on all cores
/// when `hay` is big (the end of a 600 MB array is a pass over all of it).
pub fn find_first(hay: &[u8], needle: &[u8]) -> Option<usize> {
    use rayon::prelude::*;
    const SLICE: usize = 16 << 20;
    if hay.len() <= 2 * SLICE || needle.is_empty() {
        return memmem::find(hay, needle);
    }
    let finder = memmem::Finder::new(needle);
    (0..hay.len().div_ceil(SLICE))
        .into_par_iter()
        .find_map_first(|i| {
            let start = i * SLICE;
            // Slices overlap by the needle's length less one, so that an
            // occurrence across a cut is found in the slice it starts in.
            let end = (start + SLICE + needle.len() - 1).min(hay.len());
            finder.find(&hay[start..end]).map(|at| start + at)
        })
}

/// What one item of a part gave, with lines counted from the part's start.
#[derive(Debug)]
pub struct Event<'a> {
    pub msg: Msg<'a>,
    pub wrong: Vec<WrongType>,
    pub item: Item,
}

/// One part, read.
#[derive(Debug)]
pub struct Part<'a> {
    /// Its items, in order, up to the first one that did not end inside it.
    pub events: Vec<Event<'a>>,
    /// Line breaks in the part.
    pub newlines: u32,
    /// `\xHH` escapes and other escapes that are not JSON in the items of
    /// `events`: how many, and the line of the first.
    pub hex_escapes: (usize, u32),
    pub bad_escapes: (usize, u32),
    /// When an item did not end inside the part (a raw line break inside
    /// a string made the cut fall inside it): where reading must go on in
    /// one pass, after the last item read.
    pub resume: Option<Resume>,
}

/// Where to go on reading after a part whose cut was wrong: a byte offset
/// and line from the part's start, and whether an item was read before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    pub pos: usize,
    pub line: u32,
    pub after_item: bool,
}

/// Reads the items of `text[range]`.
pub fn read_part(text: &str, range: Range<usize>) -> Part<'_> {
    let part = &text[range];
    let newlines = memchr::memchr_iter(b'\n', part.as_bytes()).count() as u32;
    let mut r = Reader::new(part);
    let mut mr = MsgReader::default();
    let mut events = Vec::with_capacity(part.len() / 600 + 1);
    let mut first = true;
    // After the last item read whole: where, and the escapes counted.
    let mut good = (
        Resume {
            pos: 0,
            line: 1,
            after_item: false,
        },
        (0, 0),
        (0, 0),
    );
    let resume = loop {
        if r.at_end() {
            break None;
        }
        // A stray `]`, or an item that runs past the part's end: the part
        // was not cut where it should have been.
        if !matches!(r.item(&mut first), Ok(true)) {
            break Some(good);
        }
        let mut msg = Msg::default();
        let Ok(item) = read_item(&mut r, &mut mr, &mut msg) else {
            break Some(good);
        };
        events.push(Event {
            msg,
            wrong: std::mem::take(&mut mr.wrong),
            item,
        });
        let at = r.mark();
        good = (
            Resume {
                pos: at.pos,
                line: at.line,
                after_item: true,
            },
            (r.hex_escapes, r.first_hex_escape),
            (r.bad_escapes, r.first_bad_escape),
        );
    };
    let (hex_escapes, bad_escapes) = match resume {
        Some((_, hex, bad)) => (hex, bad),
        None => (
            (r.hex_escapes, r.first_hex_escape),
            (r.bad_escapes, r.first_bad_escape),
        ),
    };
    Part {
        events,
        newlines,
        hex_escapes,
        bad_escapes,
        resume: resume.map(|(at, _, _)| at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A single chat of `n` messages laid out as Telegram lays them out.
    fn export(n: usize) -> String {
        let mut s = String::from(
            "{\n \"name\": \"T\",\n \"type\": \"private_group\",\n \"id\": 1,\n \"messages\": [\n",
        );
        for i in 0..n {
            if i > 0 {
                s.push_str(",\n");
            }
            s.push_str(&format!(
                "  {{\n   \"id\": {i},\n   \"type\": \"message\",\n   \"date_unixtime\": \"{}\",\n   \"from\": \"S{}\",\n   \"text\": [\n    \"part \",\n    {{\n     \"type\": \"bold\",\n     \"text\": \"{i} }},\\n  {{\"\n    }}\n   ]\n  }}",
                1_600_000_000 + i * 60,
                i % 5
            ));
        }
        s.push_str("\n ]\n}\n");
        s
    }

    fn at_messages(text: &str) -> Mark {
        let mut r = Reader::new(text);
        r.start();
        r.object().unwrap();
        let mut first = true;
        while let Some(k) = r.key(&mut first).unwrap() {
            if k == "messages" {
                r.array().unwrap();
                return r.mark();
            }
            r.skip().unwrap();
        }
        unreachable!()
    }

    #[test]
    fn parts_are_whole_items_and_cover_the_array() {
        let text = export(40_000);
        let at = at_messages(&text);
        let split = split(&text, at).expect("big enough");
        assert!(split.parts.len() > 4, "{}", split.parts.len());
        assert_eq!(&text[split.close..=split.close], "]");
        assert_eq!(split.first_line, 6);
        let lines: Vec<&str> = text.lines().collect();
        let mut ids = Vec::new();
        let mut line = split.first_line;
        for (k, r) in split.parts.iter().enumerate() {
            assert_eq!(&text[r.start..=r.start], "{");
            assert_eq!(&text[r.end - 1..r.end], "}");
            if k > 0 {
                assert_eq!(&text[split.parts[k - 1].end..r.start], ",\n  ");
            }
            let part = read_part(&text, r.clone());
            assert_eq!(part.resume, None);
            for e in &part.events {
                assert!(matches!(e.item, Item::Message), "{:?}", e.item);
                assert!(e.wrong.is_empty());
                // Lines from the part's start, shifted as the parser shifts them.
                assert_eq!(lines[(e.msg.line + line - 2) as usize], "  {");
                ids.push(e.msg.id.as_deref().unwrap().parse::<usize>().unwrap());
            }
            line += part.newlines + 1;
        }
        assert_eq!(ids, (0..40_000).collect::<Vec<_>>());
        assert_eq!(lines[line as usize - 1], " ]");
    }

    #[test]
    fn the_first_occurrence_is_found_across_slices() {
        let mut hay = vec![b'.'; 50 << 20];
        assert_eq!(find_first(&hay, b"ab"), None);
        // Across the first cut, then also earlier and later: the first wins.
        let cut = 16 << 20;
        hay[cut - 1] = b'a';
        hay[cut] = b'b';
        hay[40 << 20] = b'a';
        hay[(40 << 20) + 1] = b'b';
        assert_eq!(find_first(&hay, b"ab"), Some(cut - 1));
        hay[5] = b'a';
        hay[6] = b'b';
        assert_eq!(find_first(&hay, b"ab"), Some(5));
        assert_eq!(find_first(&hay[..100], b"ab"), Some(5));
        assert_eq!(find_first(&hay, b""), Some(0));
    }

    #[test]
    fn small_or_other_layouts_are_read_in_one_go() {
        let text = export(100);
        assert_eq!(split(&text, at_messages(&text)), None);
        let compact = export(40_000).replace("\n ", "").replace('\n', "");
        assert_eq!(split(&compact, at_messages(&compact)), None);
        // No end where it should be: read in one go.
        let cut = export(40_000);
        let cut = &cut[..cut.len() - 10];
        assert_eq!(split(cut, at_messages(cut)), None);
    }
}
