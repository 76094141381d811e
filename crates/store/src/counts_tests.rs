//! Counts tests over a small fixture of our own: merged mentions, weeks,
//! undated and unkeyed events, and the date range.

use crate::rows::CountTable;
use crate::{CountBy, CountPer, EventQuery, Store};
use newsgraph_dict::cameo::CameoTable;
use newsgraph_doc::{ArticleBuilder, ArticleJson, Document, Event, Span};

/// One fixture event: (source, target, code, date, place).
pub(crate) type Ev<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);

/// An article whose body has one sentence per event, each event's
/// evidence its own sentence.
pub(crate) fn article(title: &str, events: &[Ev]) -> ArticleJson {
    let sentences: Vec<String> = (0..events.len())
        .map(|i| format!("Sentence number {i} of {title} tells of one event."))
        .collect();
    let body = sentences.join(" ");
    let article = ArticleBuilder::new("test")
        .title(title)
        .paragraph(&body)
        .build();
    let mut doc = Document::new(article);
    let mut at = doc.article.paragraphs[0].start as usize;
    for ((s, t, code, date, place), text) in events.iter().zip(&sentences) {
        doc.events.push(Event {
            source: (!s.is_empty()).then(|| s.to_string()),
            target: (!t.is_empty()).then(|| t.to_string()),
            code: code.to_string(),
            goldstein: if code.starts_with('1') { -4.0 } else { 2.0 },
            date: date.and_then(|d| d.parse().ok()),
            place: place.map(str::to_string),
            evidence: Span::new(at, at + text.len()),
            confidence: 0.9,
            ..Event::default()
        });
        at += text.len() + 1;
    }
    ArticleJson::from_document(&doc, true)
}

pub(crate) fn fixture() -> Vec<ArticleJson> {
    vec![
        // One event told twice in A and once in B, a day apart: merged.
        article(
            "Alpha",
            &[
                ("USA", "RUS", "042", Some("2024-01-02"), Some("Geneva")),
                ("USA", "RUS", "042", Some("2024-01-03"), Some("Geneva")),
            ],
        ),
        article(
            "Bravo",
            &[
                ("USA", "RUS", "043", Some("2024-01-03"), Some("Geneva")),
                ("RUS", "USA", "111", Some("2024-01-09"), None),
            ],
        ),
        article(
            "Charlie",
            &[
                ("USA", "RUS", "042", None, None),
                ("USA", "", "043", Some("2024-01-02"), None),
            ],
        ),
    ]
}

pub(crate) fn temp_store(name: &str) -> (Store, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "newsgraph-store-counts-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    let _ = std::fs::remove_file(&path);
    (Store::open(&path).unwrap(), path)
}

fn tone(id: &str, ids: &[String]) -> Option<f64> {
    match ids.iter().position(|x| x == id) {
        Some(0) => Some(1.0),
        Some(1) => Some(-1.0),
        _ => None,
    }
}

fn rows(t: &CountTable) -> Vec<(Option<&str>, &str, i64, i64, i64)> {
    t.rows
        .iter()
        .map(|r| {
            (
                r.period.as_deref(),
                r.key.as_str(),
                r.n_events,
                r.n_mentions,
                r.n_articles,
            )
        })
        .collect()
}

#[test]
fn dyad_weeks_merge_mentions_and_keep_undated_and_unkeyed() {
    let (mut store, _) = temp_store("dyad");
    let arts = fixture();
    let ids: Vec<String> = arts.iter().map(|a| a.id.clone()).collect();
    store.ingest(&arts).unwrap();
    let dicts = newsgraph_dict::Dictionaries::embedded().unwrap();
    let cameo: &CameoTable = &dicts.cameo;
    let tone = |id: &str| tone(id, &ids);
    let t = store
        .count_events(
            &EventQuery::default(),
            CountBy::Dyad,
            CountPer::Week,
            cameo,
            &tone,
        )
        .unwrap();
    assert_eq!(
        rows(&t),
        vec![
            (Some("2024-01-01"), "USA,RUS", 1, 3, 2),
            (Some("2024-01-08"), "RUS,USA", 1, 1, 1),
            (None, "USA,RUS", 1, 1, 1),
        ]
    );
    let first = &t.rows[0];
    assert_eq!(
        (first.source.as_deref(), first.target.as_deref()),
        (Some("USA"), Some("RUS"))
    );
    // Tone over mentions: A twice (+1), B once (-1).
    assert_eq!(first.tone_mean, Some(0.33));
    assert_eq!((first.goldstein_sum, first.goldstein_mean), (2.0, 2.0));
    assert_eq!(t.rows[1].goldstein_sum, -4.0);
    assert_eq!(t.rows[2].tone_mean, None, "no tone for C");
    assert_eq!((t.n_events, t.n_undated, t.n_unkeyed), (4, 1, 1));

    // A date range leaves the undated rows out but still counts them.
    let q = EventQuery {
        from: Some("2024-01-08".into()),
        ..EventQuery::default()
    };
    let t = store
        .count_events(&q, CountBy::Dyad, CountPer::Week, cameo, &tone)
        .unwrap();
    assert_eq!(rows(&t), vec![(Some("2024-01-08"), "RUS,USA", 1, 1, 1)]);
    assert_eq!(t.n_undated, 1);
}

#[test]
fn every_grouping_and_period_counts() {
    let (mut store, _) = temp_store("groupings");
    store.ingest(&fixture()).unwrap();
    let dicts = newsgraph_dict::Dictionaries::embedded().unwrap();
    let cameo: &CameoTable = &dicts.cameo;
    let none = |_: &str| None;
    let q = EventQuery {
        from: Some("2024-01-01".into()),
        ..EventQuery::default()
    };
    let count = |by, per| store.count_events(&q, by, per, cameo, &none).unwrap();
    // An event counts under each of its actors.
    let t = count(CountBy::Actor, CountPer::Week);
    assert_eq!(
        rows(&t),
        vec![
            (Some("2024-01-01"), "USA", 2, 4, 3),
            (Some("2024-01-01"), "RUS", 1, 3, 2),
            (Some("2024-01-08"), "RUS", 1, 1, 1),
            (Some("2024-01-08"), "USA", 1, 1, 1),
        ]
    );
    let t = count(CountBy::Root, CountPer::Month);
    assert_eq!(
        rows(&t),
        vec![
            (Some("2024-01-01"), "04", 2, 4, 3),
            (Some("2024-01-01"), "11", 1, 1, 1)
        ]
    );
    assert!(t.rows[0].label.is_some(), "a root has its CAMEO label");
    let t = count(CountBy::Quad, CountPer::Month);
    assert_eq!(t.rows[0].label.as_deref(), Some("verbal cooperation"));
    let t = count(CountBy::Place, CountPer::Day);
    assert_eq!(rows(&t), vec![(Some("2024-01-02"), "Geneva", 1, 3, 2)]);
    assert_eq!(t.n_unkeyed, 2, "two events have no place");
    let t = count(CountBy::Plover, CountPer::Day);
    let keys: Vec<&str> = t.rows.iter().map(|r| r.key.as_str()).collect();
    assert!(keys.contains(&"CONSULT"), "{keys:?}");
    // Filters narrow as the events view's do.
    let usa = EventQuery {
        source: Some("RUS".into()),
        ..q.clone()
    };
    let t = store
        .count_events(&usa, CountBy::Dyad, CountPer::Day, cameo, &none)
        .unwrap();
    assert_eq!(rows(&t), vec![(Some("2024-01-09"), "RUS,USA", 1, 1, 1)]);
}
