//! The single vocabulary of the interface: every key binding, every line of
//! the help screen and every branch of [`crate::tui::update`] is an
//! [`Action`].

use std::fmt;

macro_rules! actions {
    ($($variant:ident => $name:literal, $short:literal, $help:literal;)*) => {
        /// Something the user asked for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($variant,)*
        }

        impl Action {
            /// Every action, in the order the help screen lists them.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// A word or two for the hint line.
            pub fn short(self) -> &'static str {
                match self {
                    $(Action::$variant => $short,)*
                }
            }

            /// What it does, for the help screen.
            pub fn help(self) -> &'static str {
                match self {
                    $(Action::$variant => $help,)*
                }
            }

            /// The action named `name` in a keymap file.
            pub fn from_name(name: &str) -> Option<Action> {
                match name {
                    $($name => Some(Action::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

actions! {
    Quit => "quit", "quit", "quit";
    Help => "help", "help", "show or hide this help";
    FocusNext => "focus_next", "focus", "switch focus between the day list and the messages";
    FocusDays => "focus_days", "days", "focus the day list";
    FocusMessages => "focus_messages", "messages", "focus the messages";
    Down => "down", "down", "move down";
    Up => "up", "up", "move up";
    PageDown => "page_down", "page down", "page down";
    PageUp => "page_up", "page up", "page up";
    HalfPageDown => "half_page_down", "half page down", "half a page down";
    HalfPageUp => "half_page_up", "half page up", "half a page up";
    First => "first", "first", "go to the first day or message";
    Last => "last", "last", "go to the last day or message";
    NextDay => "next_day", "next day", "next day";
    PrevDay => "prev_day", "prev day", "previous day";
    NextMonth => "next_month", "next month", "next month";
    PrevMonth => "prev_month", "prev month", "start of this month, then previous month";
    NextChannel => "next_channel", "next channel", "next channel, on the same date or the nearest";
    PrevChannel => "prev_channel", "prev channel", "previous channel, on the same date or the nearest";
    PickChannel => "pick_channel", "channels", "list the channels and go to one";
    GoToDate => "go_to_date", "date", "go to a date (2018-01-22, 01-22, 2018-03, 2018, -3, +3)";
    Search => "search", "search", "search and filter with the query language";
    NextMatch => "next_match", "next match", "next match, across days";
    PrevMatch => "prev_match", "prev match", "previous match, across days";
    PickSpeakers => "pick_speakers", "speakers", "filter by speakers";
    ToggleFilter => "toggle_filter", "filter", "show only matches, or all messages with matches marked";
    ClearFilter => "clear_filter", "clear", "clear the search and speaker filter";
    ToggleDayList => "toggle_day_list", "day list", "show or hide the day list";
    ToggleSystem => "toggle_system", "system", "show or hide system messages";
    Copy => "copy", "copy", "copy the selected message to the clipboard (OSC 52)";
    CopyDay => "copy_day", "copy day", "copy the whole day as text";
    Open => "open", "open", "open the selected message's web link, image or card";
    GoToParent => "go_to_parent", "parent", "go to the message the selected one replies to";
    Bookmark => "bookmark", "mark", "bookmark the selected message, or remove its bookmark";
    Bookmarks => "bookmarks", "bookmarks", "list bookmarks across days and jump to one";
    Stats => "stats", "stats", "statistics of the archive under the current filter";
    Follow => "follow", "follow", "follow the archive as it grows; jump to new messages";
    Suspend => "suspend", "suspend", "suspend to the shell (fg comes back)";
    Expand => "expand", "show all", "show all of a long message, or its first screens";
    Delete => "delete", "delete", "delete";
    Submit => "submit", "apply", "apply";
    Cancel => "cancel", "cancel", "cancel";
    Toggle => "toggle", "select", "select or unselect";
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(!a.help().is_empty());
        }
        assert_eq!(Action::from_name("nope"), None);
    }
}
