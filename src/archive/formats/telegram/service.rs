//! Readable text for Telegram's service messages (`"type": "service"`):
//! what the `actor` did, from the `action` and its fields. The actor is
//! the message's speaker, so the text leaves the name out: `joined
//! Telegram`, `invited Carol and Dan`, `called (56 s, hung up)`.

/// The fields of a service message that its text may use.
#[derive(Debug, Default, Clone)]
pub struct Fields<'a> {
    /// Scalar fields (strings and numbers, as written), by key.
    pub scalars: Vec<(&'a str, String)>,
    /// `members`: the names of the people the action concerns.
    pub members: Vec<String>,
}

impl Fields<'_> {
    pub fn clear(&mut self) {
        self.scalars.clear();
        self.members.clear();
    }

    /// The value of `key`, when present and not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.scalars
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn number(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(super::json::integer)
    }
}

/// `Carol`, `Carol and Dan`, `Carol, Dan and Eve`.
fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `56 s`, `3 min 5 s`, `1 h 2 min`.
pub fn duration(seconds: i64) -> String {
    let s = seconds.max(0);
    match (s / 3600, s / 60 % 60, s % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

fn quoted(s: Option<&str>) -> String {
    s.map_or_else(String::new, |t| format!(" «{t}»"))
}

/// What the actor of a service message did, in words.
pub fn describe(action: &str, f: &Fields<'_>) -> String {
    let members = list(&f.members);
    let title = f.get("title");
    match action {
        "create_group" => {
            let mut s = format!("created the group{}", quoted(title));
            if !members.is_empty() {
                s.push_str(&format!(" with {members}"));
            }
            s
        }
        "create_channel" => format!("created the channel{}", quoted(title)),
        "migrate_to_supergroup" => "turned the group into a supergroup".to_owned(),
        "migrate_from_group" => format!("made this supergroup from the group{}", quoted(title)),
        "edit_group_title" => match title {
            Some(t) => format!("renamed the group to «{t}»"),
            None => "renamed the group".to_owned(),
        },
        "edit_group_photo" => "changed the group's photo".to_owned(),
        "delete_group_photo" => "removed the group's photo".to_owned(),
        "invite_members" => {
            if members.is_empty() {
                "invited members".to_owned()
            } else {
                format!("invited {members}")
            }
        }
        "remove_members" => {
            if members.is_empty() {
                "removed members".to_owned()
            } else {
                format!("removed {members}")
            }
        }
        "join_group_by_link" => match f.get("inviter") {
            Some(i) => format!("joined the group by a link from {i}"),
            None => "joined the group by a link".to_owned(),
        },
        "join_group_by_request" => "joined the group (request approved)".to_owned(),
        "pin_message" => "pinned a message".to_owned(),
        "clear_history" => "cleared the history".to_owned(),
        "joined_telegram" | "contact_sign_up" => "joined Telegram".to_owned(),
        "phone_call" => call("called", f),
        "group_call" => call("started a voice chat", f),
        "group_call_scheduled" => match f.get("schedule_date") {
            Some(d) => format!("scheduled a voice chat for {d}"),
            None => "scheduled a voice chat".to_owned(),
        },
        "invite_to_group_call" => {
            if members.is_empty() {
                "invited members to the voice chat".to_owned()
            } else {
                format!("invited {members} to the voice chat")
            }
        }
        "set_messages_ttl" => match f.number("period_seconds").or_else(|| f.number("period")) {
            Some(0) | None => "turned off auto-delete".to_owned(),
            Some(p) => format!("set messages to auto-delete after {}", ttl(p)),
        },
        "topic_created" => format!("created the topic{}", quoted(title)),
        "topic_edit" => match f.get("new_title") {
            Some(t) => format!("renamed the topic to «{t}»"),
            None => "edited the topic".to_owned(),
        },
        "score_in_game" => match f.get("score") {
            Some(s) => format!("scored {s} in a game"),
            None => "scored in a game".to_owned(),
        },
        "send_payment" | "payment_sent" => match (f.get("amount"), f.get("currency")) {
            (Some(a), Some(c)) => format!("sent a payment of {a} {c}"),
            _ => "sent a payment".to_owned(),
        },
        "take_screenshot" | "screenshot_taken" => "took a screenshot".to_owned(),
        "allow_sending_messages" | "bot_allowed" => "allowed a bot to send messages".to_owned(),
        "send_passport_values" => "sent Telegram Passport values".to_owned(),
        "proximity_reached" => match (f.get("from"), f.get("to"), f.number("distance")) {
            (Some(a), Some(b), Some(d)) => format!("{a} is within {d} m of {b}"),
            _ => "shared a proximity alert".to_owned(),
        },
        "edit_chat_theme" | "set_chat_theme" => match f.get("emoticon") {
            Some(e) => format!("changed the chat theme to {e}"),
            None => "changed the chat theme".to_owned(),
        },
        "suggest_profile_photo" => "suggested a profile photo".to_owned(),
        "boost_apply" => "boosted the group".to_owned(),
        "gift_premium" | "gift_code_prize" | "gift_stars" => "sent a gift".to_owned(),
        "giveaway_launch" => "started a giveaway".to_owned(),
        "giveaway_results" => "announced the giveaway's winners".to_owned(),
        "requested_peer" => "shared a chat".to_owned(),
        "set_chat_wallpaper" | "set_same_chat_wallpaper" => "changed the chat wallpaper".to_owned(),
        "" => "did something the export does not name".to_owned(),
        other => {
            // An action this reader does not know: its name in words.
            let mut s = other.replace('_', " ");
            if let Some(t) = title {
                s.push_str(&format!(" «{t}»"));
            }
            if !members.is_empty() {
                s.push_str(&format!(": {members}"));
            }
            s
        }
    }
}

/// `called (56 s, hung up)`, `called (missed)`.
fn call(what: &str, f: &Fields<'_>) -> String {
    let mut details = Vec::new();
    if let Some(d) = f
        .number("duration_seconds")
        .or_else(|| f.number("duration"))
    {
        if d > 0 {
            details.push(duration(d));
        }
    }
    if let Some(r) = f.get("discard_reason") {
        details.push(
            match r {
                "hangup" => "hung up",
                "missed" => "missed",
                "busy" => "busy",
                "disconnect" => "disconnected",
                other => other,
            }
            .to_owned(),
        );
    }
    if details.is_empty() {
        what.to_owned()
    } else {
        format!("{what} ({})", details.join(", "))
    }
}

/// `1 day`, `1 week`, `1 month`, else a duration.
fn ttl(seconds: i64) -> String {
    match seconds {
        86_400 => "1 day".to_owned(),
        604_800 => "1 week".to_owned(),
        2_592_000 | 2_678_400 => "1 month".to_owned(),
        s if s % 86_400 == 0 => format!("{} days", s / 86_400),
        s => duration(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(scalars: &[(&'static str, &str)], members: &[&str]) -> Fields<'static> {
        Fields {
            scalars: scalars.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            members: members.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    #[test]
    fn actions_read_as_sentences() {
        let none = fields(&[], &[]);
        assert_eq!(describe("joined_telegram", &none), "joined Telegram");
        assert_eq!(
            describe(
                "phone_call",
                &fields(
                    &[("duration_seconds", "56"), ("discard_reason", "hangup")],
                    &[]
                )
            ),
            "called (56 s, hung up)"
        );
        assert_eq!(
            describe("phone_call", &fields(&[("discard_reason", "missed")], &[])),
            "called (missed)"
        );
        assert_eq!(
            describe("invite_members", &fields(&[], &["Carol", "Dan", "Eve"])),
            "invited Carol, Dan and Eve"
        );
        assert_eq!(
            describe(
                "create_group",
                &fields(&[("title", "Allotment")], &["Carol"])
            ),
            "created the group «Allotment» with Carol"
        );
        assert_eq!(
            describe(
                "set_messages_ttl",
                &fields(&[("period_seconds", "604800")], &[])
            ),
            "set messages to auto-delete after 1 week"
        );
        assert_eq!(
            describe("set_messages_ttl", &fields(&[("period_seconds", "0")], &[])),
            "turned off auto-delete"
        );
        assert_eq!(
            describe("topic_created", &fields(&[("title", "Seeds")], &[])),
            "created the topic «Seeds»"
        );
        assert_eq!(
            describe("edit_chat_wallpaper", &none),
            "edit chat wallpaper",
            "an unknown action in words"
        );
        assert_eq!(duration(3725), "1 h 2 min");
        assert_eq!(duration(185), "3 min 5 s");
    }
}
