//! Review tests: judgements leave out, correct and survive, and travel as
//! a file; a version-6 file reads and upgrades.

use crate::counts::store_tests::{article, fixture, temp_store};
use crate::reviews::{Judgement, Verdict};
use crate::{CountBy, CountPer, EventOrder, EventQuery, Store};
use newsgraph_dict::cameo::CameoTable;

fn cameo() -> CameoTable {
    newsgraph_dict::embedded_cameo().unwrap()
}

fn listed(store: &Store, cameo: &CameoTable) -> Vec<(String, Option<String>)> {
    store
        .events(&EventQuery::default(), EventOrder::Code, 100, 0, cameo)
        .unwrap()
        .events
        .into_iter()
        .map(|e| {
            (
                format!(
                    "{}>{}:{}",
                    e.source.unwrap_or_default(),
                    e.target.unwrap_or_default(),
                    e.code
                ),
                e.review,
            )
        })
        .collect()
}

fn wrong() -> Judgement {
    Judgement {
        verdict: Some(Verdict::Wrong),
        ..Judgement::default()
    }
}

#[test]
fn a_wrong_event_leaves_every_read_and_survives_reingest() {
    let (mut store, _) = temp_store("reviews-wrong");
    let arts = fixture();
    store.ingest(&arts).unwrap();
    let cameo = cameo();
    let bravo = &arts[1].id;
    // Bravo's second event (RUS>USA 111) is wrong.
    store.review(bravo, 1, &wrong(), &cameo).unwrap();
    let events = listed(&store, &cameo);
    assert!(
        !events.iter().any(|(k, _)| k == "RUS>USA:111"),
        "{events:?}"
    );
    assert_eq!(events.len(), 5);
    let none = |_: &str| None;
    let t = store
        .count_events(
            &EventQuery::default(),
            CountBy::Dyad,
            CountPer::Week,
            &cameo,
            &none,
        )
        .unwrap();
    assert!(t.rows.iter().all(|r| r.key != "RUS,USA"), "{:?}", t.rows);
    let exported: usize = store
        .export_articles(None)
        .unwrap()
        .iter()
        .map(|a| a.events.len())
        .sum();
    assert_eq!(exported, 5);
    let n_events = store
        .counts()
        .unwrap()
        .into_iter()
        .find(|(t, _)| *t == "events");
    assert_eq!(n_events, Some(("events", 5)));
    // The article's own list keeps it, marked, so it can be undone.
    let detail = store.article(bravo, &cameo).unwrap().unwrap();
    assert_eq!(detail.events[1].review.as_deref(), Some("wrong"));

    // Ingesting the same articles again changes nothing.
    store.ingest(&fixture()).unwrap();
    assert_eq!(listed(&store, &cameo).len(), 5);
    assert!(store.clear_review(bravo, 1).unwrap());
    assert_eq!(listed(&store, &cameo).len(), 6);
    assert!(!store.clear_review(bravo, 1).unwrap());
}

#[test]
fn corrections_apply_and_the_review_file_round_trips() {
    let (mut store, _) = temp_store("reviews-correct");
    let arts = fixture();
    store.ingest(&arts).unwrap();
    let cameo = cameo();
    let alpha = &arts[0].id;
    let fix = Judgement {
        code: Some("036".into()),
        target: Some("RUSGOV".into()),
        note: Some("the ministry, not the country".into()),
        ..Judgement::default()
    };
    let r = store.review(alpha, 0, &fix, &cameo).unwrap();
    assert_eq!(r.verdict, Verdict::Right, "a correction is right");
    store
        .review(
            alpha,
            1,
            &Judgement {
                verdict: Some(Verdict::Right),
                ..Judgement::default()
            },
            &cameo,
        )
        .unwrap();
    store.review(&arts[2].id, 0, &wrong(), &cameo).unwrap();
    let events = listed(&store, &cameo);
    assert!(
        events.contains(&("USA>RUSGOV:036".into(), Some("corrected".into()))),
        "{events:?}"
    );
    assert!(
        events.contains(&("USA>RUS:042".into(), Some("right".into()))),
        "{events:?}"
    );
    // Refusals: wrong with a correction, nothing at all, a bad code.
    let both = Judgement {
        verdict: Some(Verdict::Wrong),
        code: Some("036".into()),
        ..Judgement::default()
    };
    assert!(store.review(alpha, 0, &both, &cameo).is_err());
    assert!(store
        .review(alpha, 0, &Judgement::default(), &cameo)
        .is_err());
    let bad = Judgement {
        code: Some("9x".into()),
        ..Judgement::default()
    };
    assert!(store.review(alpha, 0, &bad, &cameo).is_err());
    assert!(store.review(alpha, 9, &wrong(), &cameo).is_err());

    // The file: gold events for the right ones, every judgement in full.
    let file = store.review_file().unwrap();
    let a = file.iter().find(|l| &l.article_id == alpha).unwrap();
    assert_eq!(a.events.len(), 2);
    assert!(a
        .events
        .iter()
        .any(|e| e.code == "036" && e.target == "RUSGOV"));
    assert!(a.text.as_deref().unwrap().contains("Sentence number 0"));
    let c = file.iter().find(|l| l.article_id == arts[2].id).unwrap();
    assert!(c.events.is_empty(), "a wrong event is no gold event");
    assert_eq!(c.reviews[0].verdict, Verdict::Wrong);
    let json: Vec<String> = file
        .iter()
        .map(|l| serde_json::to_string(l).unwrap())
        .collect();

    // Another database with the same articles analyzed again: the file
    // brings every judgement over.
    let (mut other, _) = temp_store("reviews-import");
    other.ingest(&fixture()).unwrap();
    let lines: Vec<_> = json
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(other.import_reviews(&lines, &cameo).unwrap(), 3);
    assert_eq!(listed(&other, &cameo), listed(&store, &cameo));
    assert_eq!(other.reviews().unwrap(), store.reviews().unwrap());
}

#[test]
fn a_judgement_is_of_its_span_and_codes() {
    // Re-analysis that codes the same sentence differently makes a new
    // event: the judgement of the old one does not carry over to it.
    let (mut store, _) = temp_store("reviews-recoded");
    let cameo = cameo();
    let before = article("Delta", &[("USA", "RUS", "042", Some("2024-01-02"), None)]);
    store.ingest(std::slice::from_ref(&before)).unwrap();
    store.review(&before.id, 0, &wrong(), &cameo).unwrap();
    let mut review = store.reviews().unwrap();
    review[0].judged.code = "043".into();
    let (mut other, _) = temp_store("reviews-recoded-2");
    other.ingest(&[before]).unwrap();
    let line = crate::reviews::ReviewFileLine {
        article_id: review[0].article_id.clone(),
        title: None,
        published: None,
        text: None,
        events: vec![],
        reviews: review,
    };
    other.import_reviews(&[line], &cameo).unwrap();
    assert_eq!(
        listed(&other, &cameo).len(),
        1,
        "judged 043, the event is 042"
    );
}

#[test]
fn a_version_6_file_reads_without_reviews_and_upgrades() {
    let (mut store, path) = temp_store("reviews-v6");
    store.ingest(&fixture()).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE reviews; UPDATE meta SET value = '6' WHERE key = 'schema_version';",
    )
    .unwrap();
    drop(conn);
    let cameo = cameo();
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(listed(&reader, &cameo).len(), 6);
    assert!(reader.reviews().unwrap().is_empty());
    drop(reader);
    let mut writer = Store::open(&path).unwrap();
    let id = fixture()[0].id.clone();
    writer.review(&id, 0, &wrong(), &cameo).unwrap();
    assert_eq!(listed(&writer, &cameo).len(), 5);
}
