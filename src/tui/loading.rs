//! The interface before the whole archive is loaded: it shows the first
//! day (see [`crate::archive::first_day`]) while the rest loads on another
//! thread, and keys that need the whole archive say so instead of acting
//! on the part that is in.
//!
//! Keys that work on the day shown work: moving and scrolling in the
//! messages, help, quit, copying, opening links, showing a long message
//! whole, hiding system messages or the day list, focus, suspend, and
//! `Esc` (there is no filter to clear yet). Keys that
//! go to other days, search or filter, list or count across the archive,
//! bookmark (a bookmark names its channel, which is only known for sure
//! once every channel is in) or start following are refused with the
//! load's progress. Moving in the day list is refused too: it holds only
//! the day shown until the whole archive is in.

use super::action::Action;
use super::app::{App, Focus};

/// How far the load of the whole archive is, as last looked at by the loop
/// (from the loader's [`crate::archive::Progress`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loading {
    /// Files read and parsed so far.
    pub files_done: usize,
    /// Files found (0 until the walk is over).
    pub files_total: usize,
    /// Bytes read so far.
    pub bytes: usize,
}

impl Loading {
    /// The progress in words: `37% · 740/2000 files · 68.1 MB`.
    pub fn describe(&self) -> String {
        let mb = self.bytes as f64 / 1e6;
        if self.files_total == 0 {
            return "finding the files".to_string();
        }
        let pct = (self.files_done * 100 / self.files_total).min(100);
        format!(
            "{pct}% · {}/{} files · {mb:.1} MB",
            self.files_done, self.files_total
        )
    }
}

/// Whether `action`, in the normal mode with `focus`, needs the whole
/// archive; see the module documentation.
pub fn needs_archive(action: Action, focus: Focus) -> bool {
    match action {
        Action::NextDay
        | Action::PrevDay
        | Action::NextMonth
        | Action::PrevMonth
        | Action::NextChannel
        | Action::PrevChannel
        | Action::PickChannel
        | Action::GoToDate
        | Action::Search
        | Action::NextMatch
        | Action::PrevMatch
        | Action::PickSpeakers
        | Action::ToggleFilter
        | Action::GoToParent
        | Action::Bookmark
        | Action::Bookmarks
        | Action::Stats
        | Action::Follow => true,
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::HalfPageDown
        | Action::HalfPageUp
        | Action::First
        | Action::Last => focus == Focus::Days,
        Action::Quit
        | Action::Help
        | Action::ClearFilter
        | Action::FocusNext
        | Action::FocusDays
        | Action::FocusMessages
        | Action::ToggleDayList
        | Action::ToggleSystem
        | Action::Copy
        | Action::CopyDay
        | Action::Open
        | Action::Suspend
        | Action::Expand
        | Action::Delete
        | Action::Submit
        | Action::Cancel
        | Action::Toggle => false,
    }
}

impl App<'_> {
    /// While the archive loads, refuses an action of the normal mode that
    /// needs all of it, saying so with the progress; whether it refused.
    pub fn refused_while_loading(&mut self, action: Action) -> bool {
        let Some(loading) = self.loading else {
            return false;
        };
        if self.popup.is_some() || !needs_archive(action, self.focus) {
            return false;
        }
        // What needs the whole archive only from the day list is moving in it.
        let what = if needs_archive(action, Focus::Messages) {
            action.short()
        } else {
            "the day list"
        };
        self.say(&format!(
            "still loading the archive ({}): {what} needs all of it",
            loading.describe()
        ));
        true
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;

    use super::*;
    use crate::archive::load_embedded;
    use crate::model::Archive;
    use crate::tui::app::Popup;
    use crate::tui::effects::Effect;
    use crate::tui::keymap::Keymap;
    use crate::tui::theme::{Theme, Variant};

    fn loading_app(archive: &Archive) -> App<'_> {
        let mut app = App::new(
            archive,
            Keymap::default_map(),
            Theme::new(Variant::Mono),
            Rect::new(0, 0, 100, 30),
        );
        app.loading = Some(Loading {
            files_done: 3,
            files_total: 40,
            bytes: 1_250_000,
        });
        app
    }

    fn press(app: &mut App<'_>, code: KeyCode) {
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    fn said(app: &App<'_>) -> String {
        app.notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default()
    }

    #[test]
    fn keys_that_need_the_whole_archive_say_it_is_loading() {
        let archive = load_embedded();
        let mut app = loading_app(&archive);
        let day = app.day;
        for (key, what) in [
            (KeyCode::Char('/'), "search"),
            (KeyCode::Char(']'), "next day"),
            (KeyCode::Char('['), "prev day"),
            (KeyCode::Char(':'), "date"),
            (KeyCode::Char('@'), "speakers"),
            (KeyCode::Char('n'), "next match"),
            (KeyCode::Char('m'), "mark"),
            (KeyCode::Char('\''), "bookmarks"),
            (KeyCode::Char('F'), "follow"),
        ] {
            press(&mut app, key);
            assert_eq!(
                said(&app),
                format!(
                    "still loading the archive (7% · 3/40 files · 1.2 MB): {what} needs all of it"
                ),
                "{key:?}"
            );
            assert_eq!(app.popup, None, "{key:?}");
            assert_eq!(app.day, day, "{key:?}");
        }
        assert!(app.bookmarks.is_empty());
        assert!(app.effects.is_empty());
        assert!(!app.filter.is_active());
        // The day list's moves, once it has the focus.
        press(&mut app, KeyCode::Tab);
        assert_eq!(app.focus, Focus::Days);
        press(&mut app, KeyCode::Char('k'));
        assert!(
            said(&app).ends_with("the day list needs all of it"),
            "{}",
            said(&app)
        );
        assert_eq!(app.day, day);
    }

    #[test]
    fn keys_on_the_day_shown_work() {
        let archive = load_embedded();
        let mut app = loading_app(&archive);
        let last = archive.days.len() - 1;
        // The reference day is long: to it, then down its messages.
        app.select_day(last);
        assert_eq!(app.selected, 0);
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(app.selected, 2);
        assert_eq!(app.notice, None);
        press(&mut app, KeyCode::Char('G'));
        assert_eq!(app.selected, app.pane.visible.len() - 1);
        press(&mut app, KeyCode::Char('y'));
        assert!(matches!(app.effects.as_slice(), [Effect::Copy(_)]));
        press(&mut app, KeyCode::Char('?'));
        assert!(matches!(app.popup, Some(Popup::Help { .. })));
        // Help scrolls and closes as ever.
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.popup, None);
        press(&mut app, KeyCode::Char('q'));
        assert!(app.quit);
        assert_eq!(app.day, last);
    }

    #[test]
    fn once_loaded_nothing_is_refused() {
        let archive = load_embedded();
        let mut app = loading_app(&archive);
        app.loading = None;
        press(&mut app, KeyCode::Char('/'));
        assert!(matches!(app.popup, Some(Popup::Prompt(_))));
    }

    #[test]
    fn the_progress_in_words() {
        let l = Loading::default();
        assert_eq!(l.describe(), "finding the files");
        let l = Loading {
            files_done: 2000,
            files_total: 2000,
            bytes: 182_000_000,
        };
        assert_eq!(l.describe(), "100% · 2000/2000 files · 182.0 MB");
    }
}
