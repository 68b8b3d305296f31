//! The reference format's parser, line by line and file by file.

use super::*;
use crate::model::{AttachmentKind, SpanKind};

const REFERENCE: &str = include_str!("../../../../seeds/2018-01-22-chat.markdown");

fn parse(name: &str, text: &str) -> ParsedDay {
    parse_day(Path::new(name), text)
}

fn bodies(day: &ParsedDay) -> Vec<&str> {
    day.messages
        .iter()
        .map(|m| &day.text[m.body.range()])
        .collect()
}

fn speaker(day: &ParsedDay, i: usize) -> &str {
    &day.speakers[day.messages[i].speaker.index()]
}

const FM: &str = "---\nlayout:     source \ntitle:      \"2019-02-04-WeChat\"\ndate:       2019-02-04 12:00:00\nauthor:     None\nlines:      23 \ntag:       [chat]\n---\n";

#[test]
fn reference_day() {
    let day = parse("2018-01-22-chat.markdown", REFERENCE);
    assert_eq!(day.messages.len(), 189);
    assert_eq!(day.date, NaiveDate::from_ymd_opt(2018, 1, 22));
    let first = &day.messages[0];
    assert_eq!(first.time.to_string(), "06:47:30");
    assert_eq!(speaker(&day, 0), "李小胖");
    assert_eq!(bodies(&day)[0], "20180112-265号文解读");
    assert_eq!(first.line, 9);
    assert_eq!(day.messages[188].time.to_string(), "22:09:01");
    assert_eq!(bodies(&day)[188], "深圳+1");
    assert_eq!(day.front_matter.title.as_deref(), Some("2018-01-22-WeChat"));
    assert_eq!(day.front_matter.author.as_deref(), Some("PaymentGroup"));
    assert_eq!(day.front_matter.tags, vec!["chat"]);
    // serde_yaml takes the tabs after `tag:` as separation: nothing to report.
    assert!(day.diagnostics.is_empty(), "{:?}", day.diagnostics);
}

#[test]
fn reference_day_spans() {
    let day = parse("2018-01-22-chat.markdown", REFERENCE);
    let kinds = |i: usize| -> Vec<SpanKind> {
        day.spans[day.messages[i].spans.range()]
            .iter()
            .map(|s| s.kind)
            .collect()
    };
    assert_eq!(kinds(1), vec![SpanKind::Emoji]);
    assert_eq!(kinds(2), vec![SpanKind::Image]);
    assert_eq!(kinds(3), vec![SpanKind::Emoji, SpanKind::Emoji]);
    assert_eq!(kinds(6), vec![SpanKind::Mention]);
    assert_eq!(kinds(8), vec![SpanKind::Link]);
    let s = day.spans[day.messages[8].spans.range()][0];
    assert_eq!(
        &day.text[s.target.range()],
        "http://wechat.lixf.cn/2018/01/15/wechat93/"
    );
}

#[test]
fn speaker_is_everything_after_the_time_trimmed() {
    let text = format!(
        "{FM}> 10:00:00  韩涛  融汇支付 渠道  \n   \nhi  \n   \n>   10:00:01 x\n> 10:00:02   三空格  \n   \nok  \n   \n> 10:00:03  尾空格   \n   \n  \n   \n"
    );
    let day = parse("2019-02-04-chat.markdown", &text);
    assert_eq!(day.messages.len(), 3);
    assert_eq!(speaker(&day, 0), "韩涛  融汇支付 渠道");
    assert_eq!(speaker(&day, 1), "三空格");
    assert_eq!(speaker(&day, 2), "尾空格");
    assert_eq!(bodies(&day)[0], "hi\n\n>   10:00:01 x");
    assert_eq!(bodies(&day)[2], "");
}

#[test]
fn empty_speakers_and_bodies() {
    let text = format!(
        "{FM}> 21:11:58    \n> 21:11:58    \n> 21:12:00\n> 21:12:01  Named  \n   \n> 21:12:02  Ws  \n   \n \t \u{3000}  \n   \n"
    );
    let day = parse("2019-02-04-chat.markdown", &text);
    assert_eq!(day.messages.len(), 5);
    assert_eq!(speaker(&day, 0), "");
    assert_eq!(day.messages[0].speaker, day.messages[2].speaker);
    assert_eq!(speaker(&day, 3), "Named");
    assert!(bodies(&day).iter().all(|b| b.is_empty()));
    assert!(day.diagnostics.is_empty(), "{:?}", day.diagnostics);
}

#[test]
fn multi_line_bodies_keep_inner_blank_lines() {
    let text = format!(
        "{FM}> 09:00:00  A  \n   \n1、第一  \n  \n2、第二  \n   \n> 09:00:01  B  \n   \n[第一行\n第二行](http://x.example/a)  \n   \n"
    );
    let day = parse("2019-02-04-chat.markdown", &text);
    assert_eq!(
        bodies(&day),
        vec!["1、第一\n\n2、第二", "[第一行\n第二行](http://x.example/a)"]
    );
    let link = day.spans[day.messages[1].spans.range()][0];
    assert_eq!(link.kind, SpanKind::Link);
    assert_eq!(&day.text[link.target.range()], "http://x.example/a");
}

/// The attachments of a parsed day, as (message, kind, name, target).
fn cards(day: &ParsedDay) -> Vec<(usize, AttachmentKind, &str, &str)> {
    day.rare
        .extras
        .iter()
        .flat_map(|e| {
            day.rare.attachments[e.attachments.range()]
                .iter()
                .map(move |a| (e.message as usize, a))
        })
        .map(|(m, a)| {
            (
                m,
                a.kind,
                &day.text[a.name.range()],
                &day.text[a.target.range()],
            )
        })
        .collect()
}

#[test]
fn shares_red_packets_files_and_placeholders_become_cards() {
    let text = format!(
        "{FM}> 09:00:00  A  \n   \n[一只猫的自白\n](http://mp.example.cn/s?__biz=QQ==&amp;amp;amp;mid=7&amp;amp;amp;idx=1#rd)  \n   \n\
         > 09:00:01  wxid_abc  \n   \n[&amp;lt;a href=&amp;quot;https://news.example.cn/a/1.html?from=dubbo&amp;quot; target=&amp;quot;_blank&amp;quot;&amp;gt;猫咪新闻&amp;lt;/a&amp;gt;&lt;/td&gt;&lt;/tr&gt;\n](&lt;tr style='height:25.00pt'&gt;&lt;td class=xl24 x:str&gt;wxid_abc)  \n   \n\
         > 09:00:02  B  \n   \n[新春快乐 查看红包&lt;/td&gt;&lt;/tr&gt;\n](&lt;tr style='height:25.00pt'&gt;&lt;td x:str&gt;wxid_b]]&gt;)  \n   \n\
         > 09:00:03  B  \n   \n[季度报告.pdf\n]()  \n   \n\
         > 09:00:04  群  \n   \n[123@chatroom:\n](&amp;lt;sysmsg type=&amp;quot;sysmsgtemplate&amp;quot;&amp;gt;)  \n   \n\
         > 09:00:05  C  \n   \n[强] 收到  \n   \n"
    );
    let day = parse("2019-02-04-chat.markdown", &text);
    assert_eq!(day.messages.len(), 6);
    assert_eq!(bodies(&day), vec!["", "", "", "", "", "[强] 收到"]);
    assert_eq!(
        cards(&day),
        vec![
            (
                0,
                AttachmentKind::LinkCard,
                "一只猫的自白",
                "http://mp.example.cn/s?__biz=QQ==&mid=7&idx=1#rd"
            ),
            (
                1,
                AttachmentKind::LinkCard,
                "猫咪新闻",
                "https://news.example.cn/a/1.html?from=dubbo"
            ),
            (2, AttachmentKind::RedPacket, "新春快乐", ""),
            (3, AttachmentKind::File, "季度报告.pdf", ""),
        ]
    );
    let kinds: Vec<MessageKind> = day.messages.iter().map(|m| m.kind).collect();
    assert_eq!(kinds[4], MessageKind::System);
    assert!(
        kinds
            .iter()
            .enumerate()
            .all(|(i, &k)| i == 4 || k == MessageKind::Message)
    );
    assert!(day.messages[..4].iter().all(|m| m.flags.has(Flags::EXTRA)));
    assert!(!day.messages[4].flags.has(Flags::EXTRA));
    // No span of the markup survives; the last message keeps its emoji.
    assert!(day.messages[..5].iter().all(|m| m.spans.is_empty()));
    assert_eq!(day.messages[5].spans.len(), 1);
    assert!(day.diagnostics.is_empty(), "{:?}", day.diagnostics);
}

#[test]
fn entities_tabs_and_full_width_spaces() {
    let text = format!(
        "{FM}> 09:00:00  A & B  \n   \nR&amp;amp;D&amp;#160;x\tY  \n   \n> 09:00:01  C  \n   \n\u{3000}\u{3000}本文  \n   \n"
    );
    let day = parse("2019-02-04-chat.markdown", &text);
    assert_eq!(speaker(&day, 0), "A & B");
    assert_eq!(bodies(&day)[0], "R&D\u{a0}x Y");
    assert_eq!(bodies(&day)[1], "\u{3000}\u{3000}本文");
}

#[test]
fn line_endings_and_bom() {
    let lf = format!("{FM}> 09:00:00  A  \n   \n你好  \n   \n> 09:00:01  B  \n   \nbye  \n");
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let cr = lf.replace('\n', "\r");
    let endings = ["\n", "\r\n", "\r"];
    let mut mixed = String::new();
    for (i, l) in lf.split_inclusive('\n').enumerate() {
        mixed.push_str(l.trim_end_matches('\n'));
        mixed.push_str(endings[i % 3]);
    }
    let want = parse("2019-02-04-chat.markdown", &lf);
    for text in [&crlf, &cr, &mixed] {
        let day = parse("2019-02-04-chat.markdown", text);
        assert_eq!(bodies(&day), bodies(&want));
        assert_eq!(
            day.messages.iter().map(|m| m.line).collect::<Vec<_>>(),
            vec![9, 13]
        );
        assert_eq!(day.date, want.date);
    }
}

#[test]
fn impossible_and_backward_times_and_look_alikes() {
    let text = format!(
        "{FM}> 12:00:00  A  \n   \n> 12:34:56 伪装的消息头  \n   \n> 25:61:99  B  \n   \nx  \n   \n> 11:00:00  C  \n   \ny  \n"
    );
    let day = parse("2019-02-04-chat.markdown", &text);
    assert_eq!(day.messages.len(), 3);
    assert_eq!(bodies(&day)[0], "> 12:34:56 伪装的消息头");
    assert_eq!(day.messages[1].time, TimeOfDay::UNKNOWN);
    let lines: Vec<(u32, &str)> = day
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0].0, 11);
    assert!(lines[0].1.contains("looks like a message header"));
    assert_eq!(lines[1].0, 13);
    assert!(lines[1].1.contains("impossible time 25:61:99"));
    assert_eq!(lines[2].0, 17);
    assert!(
        lines[2]
            .1
            .contains("time goes back from 12:00:00 (line 9) to 11:00:00")
    );
}

#[test]
fn dates_from_front_matter_file_name_or_title() {
    let no_fm = "> 09:00:00  A  \n   \nx  \n";
    assert_eq!(
        parse("2018-03-04-chat.markdown", no_fm).date,
        NaiveDate::from_ymd_opt(2018, 3, 4)
    );
    assert_eq!(parse("chat.markdown", no_fm).date, None);
    let titled = "---\ntitle: \"2018-05-06-WeChat\"\n---\n> 09:00:00  A  \n";
    assert_eq!(
        parse("chat.markdown", titled).date,
        NaiveDate::from_ymd_opt(2018, 5, 6)
    );
    let day = parse("2018-01-01-chat.markdown", FM);
    assert_eq!(day.date, NaiveDate::from_ymd_opt(2019, 2, 4));
    assert_eq!(day.diagnostics.len(), 1);
    assert!(
        day.diagnostics[0]
            .message
            .contains("file name says 2018-01-01")
    );
}

#[test]
fn front_matter_only_and_unclosed() {
    let day = parse("2019-02-04-chat.markdown", FM);
    assert!(day.has_front_matter);
    assert!(day.messages.is_empty());
    assert!(day.diagnostics.is_empty());
    let unclosed = "---\ntitle: x\ndate: 2019-02-04 12:00:00\n> 09:00:00  A  \n   \nhi  \n";
    let day = parse("2019-02-04-chat.markdown", unclosed);
    assert_eq!(day.messages.len(), 1);
    assert_eq!(day.front_matter.title.as_deref(), Some("x"));
    assert!(day.diagnostics[0].message.contains("never closed"));
}

#[test]
fn invalid_yaml_is_read_leniently_with_a_warning() {
    let text = "---\ntitle: \"2018-01-22-WeChat\ndate: 2018-01-22 12:00:00\n\tauthor: x\n---\n> 09:00:00  A  \n";
    let day = parse("chat.markdown", text);
    assert_eq!(day.date, NaiveDate::from_ymd_opt(2018, 1, 22));
    assert_eq!(day.messages.len(), 1);
    assert_eq!(day.diagnostics.len(), 1, "{:?}", day.diagnostics);
    assert!(day.diagnostics[0].message.contains("not valid YAML"));
}

#[test]
fn text_before_the_first_header_is_reported() {
    let text = format!("{FM}stray  \nmore  \n> 09:00:00  A  \n");
    let day = parse("2019-02-04-chat.markdown", &text);
    assert_eq!(day.diagnostics.len(), 1);
    assert_eq!(day.diagnostics[0].line, 9);
    assert!(
        day.diagnostics[0]
            .message
            .contains("2 lines of text before the first message")
    );
}

#[test]
fn escape_sequences_are_reported_with_their_line_and_capped() {
    let mut text = format!("{FM}> 09:00:00  \u{1b}[31mRed  \n   \nplain\ttab  \n   \n");
    for i in 0..12 {
        text.push_str(&format!(
            "> 09:00:{i:02}  A  \n   \nclean line\nclear\u{1b}[2J  \n   \n"
        ));
    }
    let day = parse("2019-02-04-chat.markdown", &text);
    let lines: Vec<(u32, &str)> = day
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(lines[0].0, 9, "the speaker's name on the header line");
    assert!(
        lines[0]
            .1
            .starts_with("the speaker's name: escape sequences")
    );
    // The tab alone is not reported; each message's second body line is.
    assert_eq!(lines[1].0, 16);
    assert_eq!(lines.len(), 1 + 10 + 1, "{lines:?}");
    assert!(
        lines[11].1.starts_with("2 more messages from here on"),
        "{lines:?}"
    );
}

#[test]
fn control_characters_are_sanitised_in_the_model() {
    let text = format!(
        "{FM}> 09:00:00  \u{1b}[31mRed\u{1b}[0m  \n   \n\u{1b}]0;title\u{7}x\u{202e}abc\u{0}  \n"
    );
    let day = parse("2019-02-04-chat.markdown", &text);
    assert!(!day.speakers[0].contains('\u{1b}'));
    let body = bodies(&day)[0];
    assert!(
        !body.chars().any(|c| c.is_control() && c != '\n'),
        "{body:?}"
    );
    assert!(!body.contains('\u{202e}'));
}

#[test]
fn a_day_parsed_after_a_larger_one_is_the_same_and_holds_no_spare_room() {
    // The thread's message and span buffers carry over from day to day:
    // what a day gets must not depend on what the thread parsed before,
    // and it gets exactly its own length.
    let small = format!("{FM}> 10:00:00  Ann  \n\nhi @Bob see [x](http://a.example)  \n\n");
    let alone = std::thread::spawn({
        let small = small.clone();
        move || {
            let day = parse("2019-02-04-chat.md", &small);
            (day.messages, day.spans, day.text)
        }
    })
    .join()
    .unwrap();
    let big = parse("2018-01-22-chat.markdown", REFERENCE);
    assert!(big.messages.len() > 100);
    assert_eq!(big.messages.capacity(), big.messages.len());
    assert_eq!(big.spans.capacity(), big.spans.len());
    let after = parse("2019-02-04-chat.md", &small);
    assert_eq!(
        (
            after.messages.clone(),
            after.spans.clone(),
            after.text.clone()
        ),
        alone
    );
    assert_eq!(after.messages.capacity(), 1);
    assert_eq!(after.spans.capacity(), after.spans.len());
    assert!(!after.spans.is_empty());
}

#[test]
fn speakers_in_runs_and_back_again_keep_their_ids() {
    let mut text = String::new();
    for (i, who) in ["Ann", "Ann", "Bob", "Ann", "Bob", "Bob", "Cy", "Ann"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!("> 10:00:0{i}  {who}  \n\nmessage {i}\n\n"));
    }
    let day = parse("2020-01-01-chat.md", &text);
    let ids: Vec<u32> = day.messages.iter().map(|m| m.speaker.0).collect();
    assert_eq!(ids, [0, 0, 1, 0, 1, 1, 2, 0]);
    let names: Vec<&str> = day.speakers.iter().collect();
    assert_eq!(names, ["Ann", "Bob", "Cy"]);
    assert!(day.diagnostics.is_empty(), "{:?}", day.diagnostics);
}
