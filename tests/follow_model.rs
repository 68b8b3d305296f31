//! The follower on its own (`daybook::archive::follow`): what a refresh
//! reads again after appends, new, truncated, replaced and deleted files,
//! half-written lines held back, and the watcher (notifications and
//! polling) delivering an append. In temporary folders.

use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use daybook::archive::follow::{Changed, Follower, SETTLE, added, watch, watch_polling};
use daybook::archive::{Options, Progress};
use daybook::model::Archive;

const HEAD: &str = "---\ntitle: \"2024-03-01\"\ndate: 2024-03-01 12:00:00\n---\n";

fn bodies(a: &Archive) -> Vec<String> {
    a.days
        .iter()
        .flat_map(|d| d.messages.iter().map(|m| d.body(m).to_string()))
        .collect()
}

/// Each message's date with its body.
fn dated(a: &Archive) -> Vec<(String, String)> {
    a.days
        .iter()
        .flat_map(|d| {
            d.messages
                .iter()
                .map(|m| (d.date.to_string(), d.body(m).to_string()))
        })
        .collect()
}

fn fresh(paths: &[PathBuf]) -> Vec<String> {
    bodies(&daybook::archive::load(paths).expect("load"))
}

fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open");
    f.write_all(text.as_bytes()).expect("write");
}

#[test]
fn appended_new_and_deleted_files_follow_a_fresh_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let room = dir.path().join("room");
    std::fs::create_dir(&room).unwrap();
    let day = room.join("2024-03-01.md");
    std::fs::write(&day, format!("{HEAD}> 09:00:00  ann\n\none\n")).unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let (mut f, a) = Follower::load(&paths, &Options::default(), &Progress::default()).unwrap();
    assert_eq!(bodies(&a), vec!["one"]);
    let t = Instant::now();
    assert!(f.refresh(&Changed::All, t).is_none(), "nothing changed");

    append(&day, "\n> 09:01:00  bob\n\ntwo\n");
    let u = f
        .refresh(&Changed::Files(vec![day.clone()]), t)
        .expect("grew");
    assert_eq!(bodies(&u.archive), vec!["one", "two"]);
    assert_eq!(bodies(&u.archive), fresh(&paths));
    assert_eq!(u.archive.speakers.len(), 2);

    let next = room.join("2024-03-02.md");
    std::fs::write(
        &next,
        HEAD.replace("03-01", "03-02") + "> 10:00:00  cy\n\nthree\n",
    )
    .unwrap();
    // An unknown path means a walk.
    let u = f
        .refresh(&Changed::Files(vec![next.clone()]), t)
        .expect("new file");
    assert_eq!(bodies(&u.archive), vec!["one", "two", "three"]);
    assert_eq!(u.archive.days.len(), 2);

    std::fs::remove_file(&day).unwrap();
    let u = f.refresh(&Changed::All, t).expect("deleted");
    assert_eq!(bodies(&u.archive), vec!["three"]);
    assert_eq!(u.notes.len(), 1);
    assert!(
        u.notes[0].message.contains("deleted while followed"),
        "{:?}",
        u.notes
    );
    assert!(
        u.archive
            .diagnostics
            .iter()
            .any(|d| d.message.contains("deleted while followed"))
    );
}

#[test]
fn a_half_written_line_is_held_back_until_complete_or_settled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let day = dir.path().join("2024-03-01.md");
    std::fs::write(&day, format!("{HEAD}> 09:00:00  ann\n\none\n")).unwrap();
    let paths = vec![day.clone()];
    let (mut f, _) = Follower::load(&paths, &Options::default(), &Progress::default()).unwrap();
    let t = Instant::now();
    append(&day, "\n> 09:01:00  bob\n\ntw");
    let u = f
        .refresh(&Changed::Files(vec![day.clone()]), t)
        .expect("grew");
    // The header is whole, its body not yet: the message is not shown.
    assert_eq!(bodies(&u.archive), vec!["one"]);
    assert_eq!(f.next_settle(), Some(t + SETTLE));
    append(&day, "o\n");
    let u = f
        .refresh(&Changed::Files(vec![day.clone()]), t)
        .expect("completed");
    assert_eq!(bodies(&u.archive), vec!["one", "two"]);
    assert_eq!(f.next_settle(), None);

    // A file that stays without a final newline is read whole once still.
    append(&day, "\n> 09:02:00  cy\n\nthree");
    let u = f
        .refresh(&Changed::Files(vec![day.clone()]), t)
        .expect("grew");
    assert!(!bodies(&u.archive).contains(&"three".to_string()));
    let u = f
        .refresh(&Changed::Files(Vec::new()), t + SETTLE)
        .expect("settled");
    assert_eq!(bodies(&u.archive), vec!["one", "two", "three"]);
    assert!(f.refresh(&Changed::All, t + SETTLE * 2).is_none());
}

#[test]
fn a_truncated_or_replaced_file_is_read_again_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let day = dir.path().join("2024-03-01.md");
    let two = format!("{HEAD}> 09:00:00  ann\n\none\n\n> 09:01:00  bob\n\ntwo\n");
    std::fs::write(&day, &two).unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let (mut f, _) = Follower::load(&paths, &Options::default(), &Progress::default()).unwrap();
    let t = Instant::now();
    std::fs::write(&day, format!("{HEAD}> 09:00:00  ann\n\nuno\n")).unwrap();
    let u = f
        .refresh(&Changed::Files(vec![day.clone()]), t)
        .expect("truncated");
    assert_eq!(bodies(&u.archive), vec!["uno"]);
    assert!(u.notes[0].message.contains("truncated"), "{:?}", u.notes);
    // Replaced by a rename: another inode.
    let tmp = dir.path().join(".tmp");
    std::fs::write(&tmp, &two).unwrap();
    std::fs::rename(&tmp, &day).unwrap();
    let u = f.refresh(&Changed::All, t).expect("replaced");
    assert_eq!(bodies(&u.archive), vec!["one", "two"]);
    assert!(u.notes[0].message.contains("replaced"), "{:?}", u.notes);
    assert_eq!(bodies(&u.archive), fresh(&paths));
}

#[test]
fn an_appended_whatsapp_chat_holds_back_its_half_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let chat = dir.path().join("WhatsApp Chat with Trail Crew.txt");
    std::fs::write(
        &chat,
        "03/06/2024, 07:10 - Ines Vale: Boots on, leaving now\n",
    )
    .unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let (mut f, a) = Follower::load(&paths, &Options::default(), &Progress::default()).unwrap();
    assert_eq!(a.channels[0].app, "WhatsApp");
    let t = Instant::now();
    append(&chat, "03/06/2024, 07:12 - Theo Park: Wait for m");
    let u = f
        .refresh(&Changed::Files(vec![chat.clone()]), t)
        .expect("grew");
    assert_eq!(bodies(&u.archive), vec!["Boots on, leaving now"]);
    append(
        &chat,
        "e at the gate\n04/06/2024, 06:55 - Ines Vale: Same time today?\n",
    );
    let u = f
        .refresh(&Changed::Files(vec![chat.clone()]), t)
        .expect("grew");
    assert_eq!(
        bodies(&u.archive),
        vec![
            "Boots on, leaving now",
            "Wait for me at the gate",
            "Same time today?"
        ]
    );
    assert_eq!(u.archive.days.len(), 2, "the next date is a day of its own");
    assert_eq!(bodies(&u.archive), fresh(&paths));
    assert_eq!(
        added(&a, &u.archive),
        vec![1, 0],
        "new from the second message of the first day, and the whole second"
    );
}

#[test]
fn an_appended_irc_log_holds_back_its_half_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("#picnic_20240603.log");
    std::fs::write(&log, "[07:10:00] <ines> boots on, leaving now\n").unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let (mut f, a) = Follower::load(&paths, &Options::default(), &Progress::default()).unwrap();
    assert_eq!(a.channels[0].app, "IRC");
    let t = Instant::now();
    append(&log, "[07:12:00] <theo> wait for m");
    let u = f
        .refresh(&Changed::Files(vec![log.clone()]), t)
        .expect("grew");
    assert_eq!(bodies(&u.archive), vec!["boots on, leaving now"]);
    append(
        &log,
        "e at the gate\n[07:13:00] <ines> same time tomorrow?\n",
    );
    let u = f
        .refresh(&Changed::Files(vec![log.clone()]), t)
        .expect("grew");
    assert_eq!(
        bodies(&u.archive),
        vec![
            "boots on, leaving now",
            "wait for me at the gate",
            "same time tomorrow?"
        ]
    );
    assert_eq!(bodies(&u.archive), fresh(&paths));
}

#[test]
fn the_watcher_delivers_an_append() {
    let dir = tempfile::tempdir().expect("tempdir");
    let day = dir.path().join("2024-03-01.md");
    std::fs::write(&day, format!("{HEAD}> 09:00:00  ann\n\none\n")).unwrap();
    let paths = vec![dir.path().to_path_buf()];
    for poll in [false, true] {
        let (f, _) = Follower::load(&paths, &Options::default(), &Progress::default()).unwrap();
        let (tx, rx) = channel();
        let w = if poll {
            // The fallback, as used where notifications are missing.
            watch_polling(f, move |u| tx.send(u).is_ok()).expect("poll")
        } else {
            watch(f, move |u| tx.send(u).is_ok()).expect("watch")
        };
        append(
            &day,
            &format!("\n> 09:0{}:00  bob\n\nmore\n", u8::from(poll) + 1),
        );
        let u = rx.recv_timeout(Duration::from_secs(10)).expect("an update");
        assert!(bodies(&u.archive).iter().any(|b| b == "more"));
        drop(w);
    }
}

/// A log that grows is read from its last message on, not whole: after
/// the first change (read whole), each append costs its own bytes and a
/// little before them; and what is shown is what a fresh load shows, in
/// every format that appends, a message extended by a later line included.
#[test]
fn a_growing_file_is_read_from_its_last_message_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("#long_20240603.log");
    let mut text = String::from("--- Day changed Mon Jun 03 2024\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "[{:02}:{:02}:00] <ines> line {i}\n",
            i / 60 % 24,
            i % 60
        ));
    }
    std::fs::write(&log, &text).unwrap();
    let wa = dir.path().join("WhatsApp Chat with Ana.txt");
    std::fs::write(&wa, "13/03/2024, 10:00 - Ben: one\n").unwrap();
    let day = dir.path().join("room").join("2024-03-01.md");
    std::fs::create_dir(day.parent().unwrap()).unwrap();
    std::fs::write(&day, format!("{HEAD}> 09:00:00  ann\n\none\n")).unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let (mut f, _) = Follower::load(&paths, &Options::default(), &Progress::default()).unwrap();
    let t = Instant::now();
    let size = text.len() as u64;

    append(&log, "[23:59:00] <theo> first append\n");
    let u = f
        .refresh(&Changed::Files(vec![log.clone()]), t)
        .expect("grew");
    assert_eq!(bodies(&u.archive), fresh(&paths));
    assert!(
        f.bytes_read() > size,
        "the first change reads the file whole"
    );
    for i in 0..5 {
        let before = f.bytes_read();
        // Past midnight: the date the log had reached is carried on.
        append(&log, &format!("[00:0{i}:00] <theo> append {i}\n"));
        let u = f
            .refresh(&Changed::Files(vec![log.clone()]), t)
            .expect("grew");
        assert_eq!(
            dated(&u.archive),
            dated(&daybook::archive::load(&paths).expect("load"))
        );
        let cost = f.bytes_read() - before;
        assert!(
            cost < 1024,
            "append {i} read {cost} bytes of a {size}-byte log"
        );
    }

    for (file, lines) in [
        (
            &wa,
            [
                "13/03/2024, 10:01 - Ana: two\n",
                "more of two\n",
                "14/03/2024, 09:00 - Ben: three\n",
            ],
        ),
        (
            &day,
            [
                "\n> 09:01:00  bob\n\ntwo\n",
                "more of two\n",
                "\n> 09:02:00  cy\n\nthree\n",
            ],
        ),
    ] {
        for line in lines {
            append(file, line);
            let u = f
                .refresh(&Changed::Files(vec![file.clone()]), t)
                .expect("grew");
            let (shown, loaded) = (bodies(&u.archive), fresh(&paths));
            assert!(
                shown == loaded,
                "after {line:?}: {:?} != {:?}",
                &shown[3000..],
                &loaded[3000..]
            );
        }
    }
    let a = daybook::archive::load(&paths).expect("load");
    assert_eq!(
        bodies(&a)
            .iter()
            .filter(|b| *b == "two\nmore of two")
            .count(),
        2,
        "{:?}",
        &bodies(&a)[3000..]
    );
}

/// Messenger: a DM's folder and its end-to-end encrypted copy, which share
/// a message, are one channel; rewritten while followed, the encrypted
/// copy stays in that channel and the shared message stays single.
#[test]
fn a_chat_and_its_encrypted_copy_stay_one_channel_while_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("messages/inbox/noor_4455667788");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("message_1.json"),
        r#"{"participants": [{"name": "Noor"}, {"name": "Pia"}], "title": "Noor",
            "messages": [
              {"sender_name": "Pia", "timestamp_ms": 1714557660000, "content": "see you at six"},
              {"sender_name": "Noor", "timestamp_ms": 1714557600000, "content": "dinner?"}
            ]}"#,
    )
    .unwrap();
    let copy = dir.path().join("messages/Noor_2.json");
    let encrypted = |more: &str| {
        format!(
            r#"{{"participants": ["Pia", "Noor"], "threadName": "Noor_2", "messages": [
              {{"senderName": "Pia", "timestamp": 1714557660000, "text": "see you at six", "type": "text"}},
              {{"senderName": "Noor", "timestamp": 1714644000000, "text": "on my way", "type": "text"}}{more}
            ]}}"#
        )
    };
    std::fs::write(&copy, encrypted("")).unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let (mut f, a) = Follower::load(&paths, &Options::default(), &Progress::default()).unwrap();
    let names =
        |a: &Archive| -> Vec<String> { a.channels.iter().map(|c| c.name.clone()).collect() };
    assert_eq!(names(&a), vec!["Noor"]);
    assert_eq!(bodies(&a), vec!["dinner?", "see you at six", "on my way"]);

    std::fs::write(
        &copy,
        encrypted(
            r#", {"senderName": "Pia", "timestamp": 1714644060000, "text": "door code?", "type": "text"}"#,
        ),
    )
    .unwrap();
    let u = f
        .refresh(&Changed::Files(vec![copy.clone()]), Instant::now())
        .expect("rewritten");
    assert_eq!(names(&u.archive), vec!["Noor"]);
    assert_eq!(
        bodies(&u.archive),
        vec!["dinner?", "see you at six", "on my way", "door code?"]
    );
    assert_eq!(bodies(&u.archive), fresh(&paths));
    let pia = u.archive.speakers.find("Pia").unwrap();
    assert_eq!(u.archive.speakers.get(pia).messages, 2);
}
