//! Who and what Slack's ids name: users, channels, bots, emoji.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

/// The names an export gives its ids, and those its messages teach.
#[derive(Debug, Default)]
pub(super) struct Directory {
    /// User id → the name shown (from `users.json`); looked up for every
    /// message, so hashed with foldhash rather than `SipHash`.
    pub users: HashMap<String, String, foldhash::fast::RandomState>,
    /// Channel id → its name (from `channels.json` and friends).
    pub channels: HashMap<String, String>,
    /// Whether the export had a `users.json` at all.
    pub has_users: bool,
}

impl Directory {
    /// The name of user `id` in the export (Slackbot, which no
    /// `users.json` lists, by its name).
    pub(super) fn user(&self, id: &str) -> Option<&str> {
        match self.users.get(id) {
            Some(n) => Some(n),
            None if id == "USLACKBOT" => Some("Slackbot"),
            None => None,
        }
    }
}

/// What the messages of one piece of work taught and missed.
#[derive(Debug, Default)]
pub(super) struct Learned {
    /// User id → a name from a message (`user_profile`, a user's
    /// `username`), for users `users.json` does not know.
    pub users: HashMap<String, String>,
    /// Bot id → a name (`bot_profile`, the integration link of a
    /// `bot_add` message).
    pub bots: HashMap<String, String>,
    /// Ids shown as ids: no name was known for them when they were shown.
    pub unknown: BTreeSet<String>,
}

impl Learned {
    pub(super) fn absorb(&mut self, other: Learned) {
        for (k, v) in other.users {
            self.users.entry(k).or_insert(v);
        }
        for (k, v) in other.bots {
            self.bots.entry(k).or_insert(v);
        }
        self.unknown.extend(other.unknown);
    }

    /// The name learned for an id shown as an id, if one was learned later.
    pub(super) fn late_name(&self, id: &str) -> Option<&str> {
        self.users
            .get(id)
            .or_else(|| self.bots.get(id))
            .map(String::as_str)
    }
}

/// Names for one message's rendering: the export's and the learned ones.
pub(super) struct Names<'a> {
    pub dir: &'a Directory,
    pub learned: &'a mut Learned,
}

impl Names<'_> {
    /// The name of user `id`, or the id itself (noted as unknown).
    pub(super) fn user(&mut self, id: &str) -> Cow<'_, str> {
        if let Some(n) = self.dir.user(id) {
            return Cow::Borrowed(n);
        }
        if let Some(n) = self.learned.users.get(id) {
            return Cow::Borrowed(n);
        }
        self.learned.unknown.insert(id.to_owned());
        Cow::Owned(id.to_owned())
    }

    /// The name of channel `id`, or the id itself.
    pub(super) fn channel<'s>(&'s self, id: &'s str) -> &'s str {
        self.dir.channels.get(id).map_or(id, String::as_str)
    }
}

/// Whether `s` looks like a Slack id (`U0BMQB6JE`, `W123`, `B01`): an
/// upper-case letter, then upper-case letters and digits.
pub(super) fn looks_like_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3
        && b[0].is_ascii_uppercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The emoji for a Slack short name (`smile`, `+1`, `thumbsup`), with a
/// skin tone (`skin-tone-2` … `skin-tone-6`) when given.
pub(super) fn emoji(name: &str, tone: Option<&str>) -> Option<String> {
    let name = match name {
        // Slack's own names that GitHub's list spells otherwise.
        "simple_smile" => "slightly_smiling_face",
        "thumbsup" => "+1",
        "thumbsdown" => "-1",
        other => other,
    };
    let e = emojis::get_by_shortcode(name)?;
    let tone = tone.and_then(|t| match t {
        "skin-tone-2" => Some(emojis::SkinTone::Light),
        "skin-tone-3" => Some(emojis::SkinTone::MediumLight),
        "skin-tone-4" => Some(emojis::SkinTone::Medium),
        "skin-tone-5" => Some(emojis::SkinTone::MediumDark),
        "skin-tone-6" => Some(emojis::SkinTone::Dark),
        _ => None,
    });
    Some(
        tone.and_then(|t| e.with_skin_tone(t))
            .unwrap_or(e)
            .as_str()
            .to_owned(),
    )
}

/// A reaction's emoji as shown: the emoji, or `:name:`.
pub(super) fn reaction(name: &str) -> String {
    let (base, tone) = match name.split_once("::") {
        Some((b, t)) => (b, Some(t)),
        None => (name, None),
    };
    emoji(base, tone).unwrap_or_else(|| format!(":{name}:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_names_and_tones() {
        assert_eq!(emoji("smile", None).as_deref(), Some("😄"));
        assert_eq!(emoji("+1", None).as_deref(), Some("👍"));
        assert_eq!(emoji("thumbsup", None).as_deref(), Some("👍"));
        assert_eq!(emoji("wave", Some("skin-tone-3")).as_deref(), Some("👋🏼"));
        assert_eq!(emoji("partyparrot", None), None);
        assert_eq!(reaction("tada"), "🎉");
        assert_eq!(reaction("+1::skin-tone-6"), "👍🏿");
        assert_eq!(reaction("botman"), ":botman:");
    }

    #[test]
    fn ids() {
        assert!(looks_like_id("U0BMQB6JE"));
        assert!(looks_like_id("B0JL6RASU"));
        assert!(!looks_like_id("hamza"));
        assert!(!looks_like_id("U1"));
    }
}
