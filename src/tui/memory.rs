//! What the interface remembers between runs: the day and message viewed
//! last and the bookmarks, kept in the state file ([`crate::state`]).
//!
//! A state file that cannot be used is said so once, on the status line,
//! and never written over: a corrupt one is kept aside first, and one that
//! cannot be read (a folder, no permission, too large) is left alone for
//! the whole session. A failure to save is said too, with its reason.

use std::path::PathBuf;

use super::App;
use super::app::Notice;
use crate::state::{Loaded, State};

/// Where what is remembered between runs lives, and this archive's key in it.
#[derive(Debug)]
pub struct Memory {
    path: Option<PathBuf>,
    key: String,
    /// Why the state file must not be written this session, once restoring
    /// found it unusable: what it holds was never read, so writing would lose it.
    blocked: Option<String>,
    /// The last restore found a remembered day that the archive it restored
    /// on does not hold (an archive of the first day only, see
    /// [`super::loading`]): the whole archive restores again.
    missed: bool,
}

impl Memory {
    /// The memory of the archive with `key` in the state file at `path`
    /// (`None`: nothing is remembered).
    pub fn new(path: Option<PathBuf>, key: String) -> Memory {
        Memory {
            path,
            key,
            blocked: None,
            missed: false,
        }
    }

    /// The date of the day viewed last, read without changing anything
    /// (a state file that cannot be used gives `None`; [`Memory::restore`]
    /// says why).
    pub fn last_date(&self) -> Option<chrono::NaiveDate> {
        let state = State::read(self.path.as_ref()?).ok()??;
        let date = state.archives.get(&self.key)?.last_date.as_ref()?;
        date.parse().ok()
    }

    /// Whether the last [`Memory::restore`] did not find the day viewed last.
    pub fn missed(&self) -> bool {
        self.missed
    }

    /// Reopens on the day and message viewed last, with the bookmarks; says
    /// on the status line when the state file could not be used.
    pub fn restore(&mut self, app: &mut App<'_>) {
        self.missed = false;
        let Some(path) = &self.path else { return };
        let state = match State::load(path) {
            Loaded::Ready(state) => state,
            Loaded::SetAside { aside, why } => {
                tell(
                    app,
                    &format!(
                        "{why}; kept it as {} and started a new one",
                        aside.display()
                    ),
                );
                return;
            }
            Loaded::Unusable(why) => {
                let why = why.to_string();
                tell(
                    app,
                    &format!("bookmarks and the last position cannot be kept: {why}"),
                );
                self.blocked = Some(why);
                return;
            }
        };
        let Some(entry) = state.archives.get(&self.key) else {
            return;
        };
        app.bookmarks.clone_from(&entry.bookmarks);
        let (Some(date), Some(channel)) = (&entry.last_date, &entry.last_channel) else {
            return;
        };
        let archive = app.archive;
        let on_date = || {
            archive
                .days
                .iter()
                .enumerate()
                .filter(|(_, d)| d.date.to_string() == *date)
        };
        let mut found = on_date()
            .find(|(_, d)| archive.channel_name(d) == channel)
            .map(|(i, _)| i);
        if found.is_none() && app.loading.is_some() {
            // An archive of the first day names its channels among fewer
            // (`chat` for what the whole archive calls `a/chat`).
            found = on_date()
                .find(|(_, d)| same_channel(channel, archive.channel_name(d)))
                .map(|(i, _)| i);
        }
        self.missed = found.is_none();
        let Some(d) = found else { return };
        app.select_day(d);
        let Some(line) = entry.last_line else { return };
        let day = &app.archive.days[d];
        if let Some(i) = app
            .pane
            .visible
            .iter()
            .position(|&m| day.messages[m as usize].line == line)
        {
            app.selected = i;
            app.keep_selection_in_view();
        }
    }

    /// Records the day and message viewed and the bookmarks. The file is
    /// read again first, so that what other sessions saved for other
    /// archives is kept; an error says why nothing was saved.
    pub fn save(&self, app: &App<'_>) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(why) = &self.blocked {
            return Err(why.clone());
        }
        let (mut state, aside) = match State::load(path) {
            Loaded::Ready(state) => (state, None),
            Loaded::SetAside { aside, .. } => (State::default(), Some(aside)),
            Loaded::Unusable(why) => return Err(why.to_string()),
        };
        let entry = state.archives.entry(self.key.clone()).or_default();
        if let Some(day) = app.current_day() {
            let date = day.date.to_string();
            let name = app.archive.channel_name(day);
            // While the archive loads, the channel restored keeps the name
            // the whole archive gives it.
            let kept = app.loading.is_some()
                && entry.last_date.as_ref() == Some(&date)
                && entry
                    .last_channel
                    .as_deref()
                    .is_some_and(|c| same_channel(c, name));
            if !kept {
                entry.last_channel = Some(name.to_string());
            }
            entry.last_date = Some(date);
            entry.last_line = app
                .pane
                .visible
                .get(app.selected)
                .and_then(|&m| day.messages.get(m as usize))
                .map(|m| m.line);
        }
        entry.bookmarks.clone_from(&app.bookmarks);
        state.write(path).map_err(|e| e.to_string())?;
        match aside {
            // Saved, but the file had been spoilt since it was read: say where it went.
            Some(aside) => Err(format!(
                "the state file was not valid; kept it as {} and saved a new one",
                aside.display()
            )),
            None => Ok(()),
        }
    }

    /// Saves after a change the user made (a bookmark), saying on the status
    /// line when that failed, after what the change itself said.
    pub fn save_or_tell(&self, app: &mut App<'_>) {
        if let Err(why) = self.save(app) {
            let done = app.notice.take().map(|n| n.text);
            let text = match done {
                Some(done) => format!("{done}; not saved: {why}"),
                None => format!("not saved: {why}"),
            };
            tell(app, &text);
        }
    }
}

/// Whether two names can be one channel's, named among more channels and
/// among fewer (`x/chat` and `chat`).
fn same_channel(a: &str, b: &str) -> bool {
    a == b || a.ends_with(&format!("/{b}")) || b.ends_with(&format!("/{a}"))
}

/// Shows an error on the status line.
fn tell(app: &mut App<'_>, text: &str) {
    app.notice = Some(Notice {
        text: crate::text::sanitize_line(text).into_owned(),
        error: true,
    });
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;

    use super::*;
    use crate::archive::load_embedded;
    use crate::model::Archive;
    use crate::tui::keymap::Keymap;
    use crate::tui::theme::{Theme, Variant};

    fn app(archive: &Archive) -> App<'_> {
        App::new(
            archive,
            Keymap::default_map(),
            Theme::new(Variant::Mono),
            Rect::new(0, 0, 100, 30),
        )
    }

    fn press(app: &mut App<'_>, c: char) {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }

    fn memory(path: &Path) -> Memory {
        Memory::new(Some(path.to_path_buf()), "<bundled sample>".into())
    }

    /// The selected message, as date and header line.
    fn selection(app: &App<'_>) -> (String, u32) {
        let day = app.current_day().unwrap();
        let m = app.pane.visible[app.selected] as usize;
        (day.date.to_string(), day.messages[m].line)
    }

    #[test]
    fn reopening_returns_to_the_message() {
        let archive = load_embedded();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut first = app(&archive);
        memory(&path).restore(&mut first);
        // To the long reference day, then far down it.
        for c in ":2018-01-22".chars() {
            press(&mut first, c);
        }
        first.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        for _ in 0..40 {
            press(&mut first, 'j');
        }
        let left = selection(&first);
        assert!(first.selected >= 30, "{}", first.selected);
        memory(&path).save(&first).unwrap();

        let mut second = app(&archive);
        memory(&path).restore(&mut second);
        assert_eq!(selection(&second), left);
        assert_eq!(second.selected, first.selected);
        // The message is on screen.
        let start = second.pane.starts[second.selected];
        assert!(start >= second.scroll && start < second.scroll + second.pane_height());
        assert!(second.notice.is_none());
    }

    #[test]
    fn a_corrupt_state_file_is_kept_aside_and_said_once() {
        let archive = load_embedded();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, b"{\"archives\": {\"<bundled sample>\": {\"bookm").unwrap();
        let mut a = app(&archive);
        let mut mem = memory(&path);
        mem.restore(&mut a);
        let notice = a.notice.clone().expect("a notice");
        assert!(notice.error);
        assert!(notice.text.contains("not valid state"), "{}", notice.text);
        assert!(
            notice.text.contains("state.json.corrupt-"),
            "{}",
            notice.text
        );
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(aside.len(), 1);
        // Bookmarking now saves a new file and leaves the old one as it was.
        press(&mut a, 'm');
        mem.save_or_tell(&mut a);
        assert!(
            a.notice
                .as_ref()
                .is_some_and(|n| !n.error && n.text.starts_with("bookmarked"))
        );
        assert_eq!(
            std::fs::read(&aside[0]).unwrap(),
            b"{\"archives\": {\"<bundled sample>\": {\"bookm"
        );
        let saved = State::read(&path).unwrap().unwrap();
        assert_eq!(saved.archives["<bundled sample>"].bookmarks.len(), 1);
        // The next session reads it without a word.
        let mut b = app(&archive);
        memory(&path).restore(&mut b);
        assert!(b.notice.is_none());
        assert_eq!(b.bookmarks.len(), 1);
    }

    #[test]
    fn an_unusable_state_file_is_never_written() {
        let archive = load_embedded();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(crate::state::MAX_STATE_BYTES + 10).unwrap();
        drop(f);
        let mut a = app(&archive);
        let mut mem = memory(&path);
        mem.restore(&mut a);
        assert!(
            a.notice
                .as_ref()
                .is_some_and(|n| n.error && n.text.contains("more than the"))
        );
        press(&mut a, 'm');
        mem.save_or_tell(&mut a);
        let n = a.notice.clone().unwrap();
        assert!(n.error);
        assert!(n.text.starts_with("bookmarked ("), "{}", n.text);
        assert!(n.text.contains("; not saved: "), "{}", n.text);
        assert_eq!(
            std::fs::metadata(&path).unwrap().len(),
            crate::state::MAX_STATE_BYTES + 10
        );
    }

    #[test]
    fn a_failed_save_says_why() {
        let archive = load_embedded();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut a = app(&archive);
        let mem = memory(&path);
        // The folder turns into a file after the start: nothing can be saved.
        std::fs::create_dir(&path).unwrap();
        press(&mut a, 'm');
        mem.save_or_tell(&mut a);
        let n = a.notice.clone().unwrap();
        assert!(n.error);
        assert!(n.text.contains("not saved: "), "{}", n.text);
        assert!(n.text.contains("not a regular file"), "{}", n.text);

        // A state file that reads (there is none yet) but cannot be written:
        // its temporary file's name is too long for the file system.
        let path = dir.path().join("s".repeat(250));
        let mut a = app(&archive);
        let mut mem = memory(&path);
        mem.restore(&mut a);
        assert!(a.notice.is_none());
        press(&mut a, 'm');
        mem.save_or_tell(&mut a);
        let n = a.notice.clone().unwrap();
        assert!(n.error);
        assert!(n.text.starts_with("bookmarked ("), "{}", n.text);
        assert!(n.text.contains("not saved: "), "{}", n.text);
        assert!(n.text.contains("too long"), "{}", n.text);
        assert!(mem.save(&a).is_err());
    }
}
