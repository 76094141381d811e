//! Tests for the time recognizer and publication-date inference, on small
//! hand-written sentences; the example-article check skips with a note
//! when the shared examples (`../shared/examples` beside the repository,
//! or beside `NEWSGRAPH_SHARED`'s data) are absent.

use super::*;
use newsgraph_doc::{ArticleBuilder, Published};
use std::path::{Path, PathBuf};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Runs the recognizer with `anchor` and compares "text=TYPE value [mod]"
/// lines for every expression found.
fn check(text: &str, anchor: &str, expected: &[&str]) {
    let (times, _) = recognize(text, Some(d(anchor)));
    let got: Vec<String> = times
        .iter()
        .map(|t| {
            let mut s = format!(
                "{}={} {}",
                &text[t.span.range()],
                t.timex_type.as_str(),
                t.value.as_deref().unwrap_or("-")
            );
            if let Some(m) = &t.modifier {
                s.push(' ');
                s.push_str(m);
            }
            s
        })
        .collect();
    assert_eq!(got, expected, "in {text:?}");
}

// A Wednesday, so that weekdays fall on both sides of it.
const ANCHOR: &str = "2023-09-13";

#[test]
fn absolute_dates() {
    check(
        "They met on Wednesday 13th September.",
        ANCHOR,
        &["Wednesday 13th September=DATE 2023-09-13"],
    );
    check(
        "The deal was signed 13 Sept 2023 in Moscow.",
        ANCHOR,
        &["13 Sept 2023=DATE 2023-09-13"],
    );
    check(
        "It opens September 13, 2024.",
        ANCHOR,
        &["September 13, 2024=DATE 2024-09-13"],
    );
    check(
        "Filed on 2023-09-13.",
        ANCHOR,
        &["2023-09-13=DATE 2023-09-13"],
    );
    check(
        "Talks resume in mid-September.",
        ANCHOR,
        &["mid-September=DATE 2023-09 MID"],
    );
    check(
        "Sales fell in May 2010.",
        ANCHOR,
        &["May 2010=DATE 2010-05"],
    );
    check(
        "He said it on Monday, Oct. 26, 1998.",
        ANCHOR,
        &["Monday, Oct. 26, 1998=DATE 1998-10-26"],
    );
    check(
        "The vote was on the 4th of July.",
        ANCHOR,
        &["the 4th of July=DATE 2023-07-04"],
    );
}

#[test]
fn relative_dates() {
    check("The match is today.", ANCHOR, &["today=DATE 2023-09-13"]);
    check(
        "She arrives tomorrow.",
        ANCHOR,
        &["tomorrow=DATE 2023-09-14"],
    );
    check(
        "He left yesterday afternoon.",
        ANCHOR,
        &["yesterday afternoon=TIME 2023-09-12TAF"],
    );
    check(
        "He resigned on Monday.",
        ANCHOR,
        &["Monday=DATE 2023-09-11"],
    );
    check(
        "The summit will open on Friday.",
        ANCHOR,
        &["Friday=DATE 2023-09-15"],
    );
    check(
        "Prices fell last Friday.",
        ANCHOR,
        &["last Friday=DATE 2023-09-08"],
    );
    check(
        "Talks continue next week.",
        ANCHOR,
        &["next week=DATE 2023-W38"],
    );
    check(
        "They met two days ago.",
        ANCHOR,
        &["two days ago=DATE 2023-09-11"],
    );
    check(
        "It happened four years ago.",
        ANCHOR,
        &["four years ago=DATE 2019"],
    );
    check(
        "Earlier this year the plan failed.",
        ANCHOR,
        &["Earlier this year=DATE 2023 START"],
    );
    check("Borders were closed in 2020.", ANCHOR, &["2020=DATE 2020"]);
    check(
        "Sales rose last month and last year.",
        ANCHOR,
        &["last month=DATE 2023-08", "last year=DATE 2022"],
    );
    check(
        "He was elected last May.",
        ANCHOR,
        &["last May=DATE 2023-05"],
    );
    check(
        "He said in August the talks had failed.",
        ANCHOR,
        &["August=DATE 2023-08"],
    );
    check(
        "It will reopen in October.",
        ANCHOR,
        &["October=DATE 2023-10"],
    );
    check("It will close in March.", ANCHOR, &["March=DATE 2024-03"]);
}

#[test]
fn durations() {
    check(
        "His first trip abroad in more than four years.",
        ANCHOR,
        &["more than four years=DURATION P4Y MORE_THAN"],
    );
    check(
        "The 18-month-old war goes on.",
        ANCHOR,
        &["18-month-old=DURATION P18M"],
    );
    check("A 6-year-old boy was found.", ANCHOR, &[]);
    check(
        "The strike lasted three weeks.",
        ANCHOR,
        &["three weeks=DURATION P3W"],
    );
    check(
        "Sales rose over the past two years.",
        ANCHOR,
        &["the past two years=DURATION P2Y"],
    );
    check(
        "He waited half an hour.",
        ANCHOR,
        &["half an hour=DURATION PT30M"],
    );
    check(
        "Prices have risen in recent weeks.",
        ANCHOR,
        &["recent weeks=DURATION PXW"],
    );
    check(
        "It has been nearly a decade.",
        ANCHOR,
        &["nearly a decade=DURATION P10Y LESS_THAN"],
    );
    check(
        "The talks took twenty-five days.",
        ANCHOR,
        &["twenty-five days=DURATION P25D"],
    );
}

#[test]
fn times_of_day_and_parts() {
    check(
        "The polls will close at 8 p.m. on Friday.",
        ANCHOR,
        &["8 p.m.=TIME 2023-09-15T20:00", "Friday=DATE 2023-09-15"],
    );
    check(
        "Kick-off is 15:00 GMT Saturday.",
        ANCHOR,
        &["15:00 GMT Saturday=TIME 2023-09-16T15:00"],
    );
    check(
        "Shots were heard last night.",
        ANCHOR,
        &["last night=TIME 2023-09-12TNI"],
    );
    check(
        "He spoke this morning.",
        ANCHOR,
        &["this morning=TIME 2023-09-13TMO"],
    );
    check(
        "The raid began Friday afternoon, police said.",
        ANCHOR,
        &["Friday afternoon=TIME 2023-09-08TAF"],
    );
}

#[test]
fn seasons_decades_quarters() {
    check(
        "Fighting resumed last summer.",
        "2023-03-15",
        &["last summer=DATE 2022-SU"],
    );
    check(
        "Fighting resumed last summer.",
        ANCHOR,
        &["last summer=DATE 2023-SU"],
    );
    check(
        "Growth slowed in the 1990s.",
        ANCHOR,
        &["the 1990s=DATE 199"],
    );
    check(
        "The late 1970s were hard.",
        ANCHOR,
        &["The late 1970s=DATE 197 END"],
    );
    check("A 20th-century relic.", ANCHOR, &["20th-century=DATE 19"]);
    check(
        "Profit fell in the third quarter.",
        ANCHOR,
        &["the third quarter=DATE 2023-Q3"],
    );
    check(
        "Profit fell in the fourth quarter of 2012.",
        ANCHOR,
        &["the fourth quarter of 2012=DATE 2012-Q4"],
    );
    check(
        "Output rose in the first half of 2022.",
        ANCHOR,
        &["the first half of 2022=DATE 2022-H1"],
    );
    check(
        "They met by the end of the year.",
        ANCHOR,
        &["the end of the year=DATE 2023 END"],
    );
}

#[test]
fn fuzzy_and_sets() {
    check("Prices are now higher.", ANCHOR, &["now=DATE PRESENT_REF"]);
    check("He recently moved.", ANCHOR, &["recently=DATE PAST_REF"]);
    check(
        "Mistakes were made in the past.",
        ANCHOR,
        &["the past=DATE PAST_REF"],
    );
    check(
        "We will win in the future.",
        ANCHOR,
        &["the future=DATE FUTURE_REF"],
    );
    check("It is published daily.", ANCHOR, &["daily=SET P1D"]);
    check("They meet every week.", ANCHOR, &["every week=SET P1W"]);
    check(
        "He runs every morning.",
        ANCHOR,
        &["every morning=SET XXXX-XX-XXTMO"],
    );
}

#[test]
fn not_times() {
    check("Some 2000 troops and 1,500 police were there.", ANCHOR, &[]);
    check("You may go. Theresa May spoke. They march on.", ANCHOR, &[]);
    check("He came second, a second time.", ANCHOR, &[]);
}

#[test]
fn anaphora_counts_from_the_stated_date() {
    check(
        "The fire broke out on 3 March 2021. The next day it was contained.",
        ANCHOR,
        &[
            "3 March 2021=DATE 2021-03-03",
            "The next day=DATE 2021-03-04",
        ],
    );
}

#[test]
fn weekday_mismatch_is_warned() {
    let (_, warnings) = recognize("The vote is on Tuesday 13 September 2023.", Some(d(ANCHOR)));
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].kind, "weekday_mismatch");
    assert!(
        warnings[0].message.contains("Wednesday"),
        "{}",
        warnings[0].message
    );
    let (_, warnings) = recognize(
        "The vote is on Wednesday 13 September 2023.",
        Some(d(ANCHOR)),
    );
    assert!(warnings.is_empty());
}

#[test]
fn no_panic_on_odd_input() {
    for text in [
        "",
        "-",
        "'",
        "mid-",
        "the",
        "Q",
        "31/02/2023",
        "9999-99-99",
        "May",
        "20 -",
        "a.m.",
        "€ 2000 ’80s",
        "日本 2023年",
    ] {
        let _ = recognize(text, Some(d(ANCHOR)));
        let _ = recognize(text, None);
        let mut doc = article(&[text, "Today, Friday 31 February 2023."], Some(-5));
        run(&mut doc);
    }
    // Every byte boundary of a mixed string.
    let s = "Today, Tuesday 12 September 2023 at 3:07:35 p.m. — the '90s";
    for (i, _) in s.char_indices() {
        let (times, _) = recognize(&s[i..], Some(d(ANCHOR)));
        for t in times {
            assert!(s[i..].get(t.span.range()).is_some());
        }
    }
}

fn article(paragraphs: &[&str], copyright: Option<i32>) -> Document {
    let mut b = ArticleBuilder::new("test")
        .title("A title")
        .copyright_year(copyright);
    for p in paragraphs {
        b.push_paragraph(p);
    }
    Document::new(b.build())
}

#[test]
fn infers_date_from_today_and_weekday_pairs() {
    let mut doc = article(
        &[
            "The summit opens tomorrow, Wednesday 13th September.",
            "In 2020, the government closed its borders.",
            "Today, Tuesday 12 September, the minister spoke.",
        ],
        Some(2024),
    );
    run(&mut doc);
    let p = &doc.article.published;
    assert_eq!(p.basis, PublishedBasis::Inferred);
    assert_eq!(p.date, Some(d("2023-09-12")));
    assert!(
        p.evidence.iter().any(|e| e.contains("2017 and 2023")),
        "{:?}",
        p.evidence
    );
    let conflicts: Vec<_> = doc
        .warnings
        .iter()
        .filter(|w| w.kind == "date_conflict")
        .collect();
    assert_eq!(conflicts.len(), 1, "{:?}", doc.warnings);
    assert!(conflicts[0].message.contains("2024"));
    let tomorrow = doc
        .times
        .iter()
        .find(|t| doc.article.text[t.span.range()].starts_with("tomorrow"))
        .unwrap();
    assert_eq!(tomorrow.value.as_deref(), Some("2023-09-13"));
    assert_eq!(
        &doc.article.text[tomorrow.span.range()],
        "tomorrow, Wednesday 13th September"
    );
}

#[test]
fn ambiguous_weekday_pair_infers_nothing() {
    // Tuesday 12 September holds in 2006, 2017, 2023, ...: nothing else to go on.
    let mut doc = article(&["On Tuesday 12 September the minister spoke."], None);
    run(&mut doc);
    let p = &doc.article.published;
    assert_eq!(p.basis, PublishedBasis::Unknown);
    assert_eq!(p.date, None);
    assert!(
        p.evidence.iter().any(|e| e.contains("ambiguous")),
        "{:?}",
        p.evidence
    );
}

#[test]
fn conflicting_weekday_pairs_are_warned() {
    // 12 September is a Tuesday in 2023; "Friday 12 September" is not.
    let mut doc = article(
        &[
            "Today, Tuesday 12 September, talks began.",
            "A letter dated Friday 12 September was read out.",
        ],
        Some(2023),
    );
    run(&mut doc);
    assert_eq!(doc.article.published.date, Some(d("2023-09-12")));
    assert!(
        doc.warnings.iter().any(|w| w.kind == "weekday_mismatch"),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn anniversary_of_a_stated_year() {
    let mut doc = article(
        &[
            "The state was founded in 1948.",
            "It marks its 75th anniversary today.",
        ],
        None,
    );
    run(&mut doc);
    assert_eq!(doc.article.published.basis, PublishedBasis::Inferred);
    assert!(doc
        .article
        .published
        .evidence
        .iter()
        .any(|e| e.contains("75th anniversary of 1948")));
    // A year alone gives no day.
    assert_eq!(doc.article.published.date, None);
}

#[test]
fn metadata_date_is_kept() {
    let mut doc = article(&["It happened yesterday."], None);
    doc.article.published = Published {
        date: Some(d("2013-03-21")),
        basis: PublishedBasis::Metadata,
        evidence: vec!["meta".into()],
    };
    run(&mut doc);
    assert_eq!(doc.article.published.date, Some(d("2013-03-21")));
    assert_eq!(doc.times[0].value.as_deref(), Some("2013-03-20"));
}

/// The shared examples directory: beside `NEWSGRAPH_SHARED` (the shared
/// data directory) or `../shared/examples` beside the repository.
fn shared_examples() -> PathBuf {
    match std::env::var_os("NEWSGRAPH_SHARED") {
        Some(data) => Path::new(&data).join("../examples"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/examples"),
    }
}

/// The example article, read from the shared examples (never a committed
/// copy): title line, standfirst line, one paragraph per line, a copyright
/// line.
#[test]
fn example_article_eval() {
    let path = shared_examples().join("kim-putin-arms-deal.txt");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("skip: {} not found", path.display());
        return;
    };
    let mut lines: Vec<&str> = raw.lines().filter(|l| !l.trim().is_empty()).collect();
    let copyright = lines
        .last()
        .filter(|l| l.contains('©') || l.to_lowercase().contains("copyright"))
        .and_then(|l| {
            l.split(|c: char| !c.is_ascii_digit())
                .filter_map(|w| w.parse::<i32>().ok())
                .find(|y| (1900..2100).contains(y))
        });
    if copyright.is_some() {
        lines.pop();
    }
    let mut b = ArticleBuilder::new(path.display().to_string())
        .title(lines[0])
        .standfirst(lines[1])
        .copyright_year(copyright);
    for p in &lines[2..] {
        b.push_paragraph(p);
    }
    let mut doc = Document::new(b.build());
    run(&mut doc);
    let text = doc.article.text.clone();
    eprintln!("published {:?}", doc.article.published);
    for t in &doc.times {
        eprintln!(
            "  {:?} {} {:?} {:?}",
            &text[t.span.range()],
            t.timex_type.as_str(),
            t.value,
            t.modifier
        );
    }
    for w in &doc.warnings {
        eprintln!("  warning {}: {}", w.kind, w.message);
    }
    assert_eq!(doc.article.published.date, Some(d("2023-09-12")));
    assert_eq!(doc.article.published.basis, PublishedBasis::Inferred);
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.kind == "date_conflict" && w.message.contains("2024")));
    let value_of = |s: &str| {
        doc.times
            .iter()
            .find(|t| text[t.span.range()].contains(s))
            .and_then(|t| t.value.clone())
    };
    assert_eq!(
        value_of("Wednesday 13th September").as_deref(),
        Some("2023-09-13")
    );
    assert_eq!(
        value_of("Monday 11 September").as_deref(),
        Some("2023-09-11")
    );
    let four = doc
        .times
        .iter()
        .find(|t| &text[t.span.range()] == "more than four years")
        .unwrap();
    assert_eq!(
        (four.value.as_deref(), four.modifier.as_deref()),
        (Some("P4Y"), Some("MORE_THAN"))
    );
}

#[test]
fn holidays_and_weekends() {
    check(
        "He was found on Thanksgiving Day.",
        "1999-12-01",
        &["Thanksgiving Day=DATE 1999-11-25"],
    );
    check(
        "Officials said over the weekend that talks failed.",
        ANCHOR,
        &["the weekend=DATE 2023-W36-WE"],
    );
    check(
        "Profit fell in the 1988 third quarter.",
        ANCHOR,
        &["the 1988 third quarter=DATE 1988-Q3"],
    );
    check("The 1988 quarter was weak.", ANCHOR, &["1988=DATE 1988"]);
    check(
        "He said in January that it failed.",
        "1989-12-20",
        &["January=DATE 1990-01"],
    );
}
