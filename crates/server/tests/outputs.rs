//! Issue 23: one record says the same thing in every output. A fixture of
//! our own (one article with an event for each of the 20 CAMEO roots, a
//! second reporting one of them) is stored once and read back through the
//! store's `query` read, the API the page draws from, and every export
//! `/api/export` serves.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use newsgraph_doc::{
    ArticleBuilder, ArticleJson, Document, Entity, EntityType, Event, Mention, MentionKind,
    Modality, Place, Published, PublishedBasis, Quote, QuoteKind, Span,
};
use newsgraph_server::{router, AppState};
use newsgraph_store::{EventFilter, Store};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tower::ServiceExt;

/// GDELT's QuadClass of root `r`, written out here rather than read from
/// the code under test.
fn gdelt_quad(r: u32) -> i64 {
    match r {
        1..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        _ => 4,
    }
}

fn find(doc: &Document, needle: &str) -> Span {
    let start = doc.text().find(needle).expect("fixture text");
    Span::new(start, start + needle.len())
}

fn article(origin: &str, title: &str, body: &str) -> Document {
    let a = ArticleBuilder::new(origin)
        .title(title)
        .paragraph(body)
        .source(Some("Test Wire".into()))
        .url(Some(format!("https://example.org/{origin}")))
        .published(Published {
            date: "2024-03-01".parse().ok(),
            basis: PublishedBasis::Metadata,
            ..Published::default()
        })
        .build();
    Document::new(a)
}

/// Article "roots": the 20 events (code `RR0`, Goldstein −0.3, QuadClass
/// deliberately wrong in the JSON), at a place whose latitude is 42.8333.
fn fixtures() -> Vec<ArticleJson> {
    let mut a = article(
        "roots",
        "Envoys meet in Pristina",
        "Serbia and Kosovo traded offers in Pristina on Friday. Ana Silva said “one”, “two” and “three”.",
    );
    a.entities.push(Entity {
        name: "Ana Silva".into(),
        entity_type: EntityType::Person,
        actor: Some("SRBGOV".into()),
        roles: vec![],
        affiliations: vec![],
        mentions: vec![Mention {
            span: find(&a, "Ana Silva"),
            kind: MentionKind::Name,
        }],
    });
    for q in ["one", "two", "three"] {
        a.quotes.push(Quote {
            span: find(&a, q),
            kind: QuoteKind::Direct,
            speaker: Some("Ana Silva".into()),
            cue: Some("said".into()),
            ..Quote::default()
        });
    }
    a.places.push(Place {
        name: "Pristina".into(),
        country: Some("SRB".into()),
        lat: Some(42.8333),
        lon: Some(21.1667),
        mentions: vec![find(&a, "Pristina on")],
        ..Place::default()
    });
    for r in 1..=20 {
        a.events.push(Event {
            source: Some("SRB".into()),
            target: Some("KSV".into()),
            code: format!("{r:02}0"),
            quad_class: 9,
            goldstein: -0.3,
            date: "2024-03-01".parse().ok(),
            place: Some("Pristina".into()),
            // One hedged event, for "download what I see".
            modality: if r == 5 {
                Modality::Hedged
            } else {
                Modality::Asserted
            },
            evidence: find(&a, "Serbia and Kosovo traded offers in Pristina on Friday."),
            ..Event::default()
        });
    }
    vec![ArticleJson::from_document(&a, true)]
}

fn setup(name: &str) -> (Router, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "newsgraph-server-outputs-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    Store::open(&path).unwrap().ingest(&fixtures()).unwrap();
    (router(AppState::new(&path).unwrap()), path)
}

async fn body(app: &Router, uri: &str) -> (StatusCode, String) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn json(app: &Router, uri: &str) -> Value {
    let (status, text) = body(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{uri}: {e}: {text}"))
}

/// (code, QuadClass) pairs of JSON events.
fn pairs<'a>(events: impl Iterator<Item = &'a Value>) -> BTreeMap<String, i64> {
    events
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_string(),
                e["quad_class"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn expected() -> BTreeMap<String, i64> {
    (1..=20)
        .map(|r| (format!("{r:02}0"), gdelt_quad(r)))
        .collect()
}

#[tokio::test]
async fn issue_23_quad_class_of_every_root_in_every_output() {
    let (app, path) = setup("quad");
    let want = expected();

    // The database as `newsgraph query` reads it.
    let store = Store::open_read_only(&path).unwrap();
    let rows = store
        .query_events(&EventFilter {
            limit: Some(100),
            ..EventFilter::default()
        })
        .unwrap();
    let queried: BTreeMap<String, i64> = rows.into_iter().map(|e| (e.code, e.quad_class)).collect();
    assert_eq!(queried, want, "query");

    // The API, and so the page, which shows the API's quad_class.
    let events = json(&app, "/api/events?limit=100").await;
    assert_eq!(
        pairs(events["events"].as_array().unwrap().iter()),
        want,
        "/api/events"
    );
    let id = events["events"][0]["article_id"]
        .as_str()
        .unwrap()
        .to_string();
    let detail = json(&app, &format!("/api/articles/{id}")).await;
    assert_eq!(
        pairs(detail["events"].as_array().unwrap().iter()),
        want,
        "article page"
    );
    let codes = json(&app, "/api/codes").await;
    assert_eq!(
        pairs(codes["codes"].as_array().unwrap().iter()),
        want,
        "/api/codes"
    );
    for r in 1..=20u32 {
        let quad = gdelt_quad(r);
        let v = json(&app, &format!("/api/events?quad={quad}&root={r:02}")).await;
        assert_eq!(v["total"], 1, "quad filter {quad} on root {r:02}");
    }

    // JSON Lines export.
    let (_, jsonl) = body(&app, "/api/export?format=jsonl").await;
    let line: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(
        pairs(line["events"].as_array().unwrap().iter()),
        want,
        "jsonl"
    );

    // CSV export: header names the columns.
    let (_, csv) = body(&app, "/api/export?format=csv").await;
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (code_col, quad_col) = (col("code"), col("quad_class"));
    let from_csv: BTreeMap<String, i64> = lines
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[code_col].to_string(), c[quad_col].parse().unwrap())
        })
        .collect();
    assert_eq!(from_csv, want, "csv");

    // GDELT events: EventCode is column 26, QuadClass 29.
    let (_, tsv) = body(&app, "/api/export?format=gdelt-events").await;
    let from_gdelt: BTreeMap<String, i64> = tsv
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[26].to_string(), c[29].parse().unwrap())
        })
        .collect();
    assert_eq!(from_gdelt, want, "gdelt-events");
}

#[tokio::test]
async fn issue_23_values_print_as_their_tables_write_them() {
    let (app, _path) = setup("floats");
    // Goldstein −0.3 (an f32 in the coder) in the API the page shows.
    let (_, events) = body(&app, "/api/events?limit=1").await;
    assert!(events.contains(r#""goldstein":-0.3,"#), "{events}");
    let (_, jsonl) = body(&app, "/api/export?format=jsonl").await;
    assert!(jsonl.contains(r#""goldstein":-0.3,"#), "{jsonl}");
    // GDELT coordinates at GDELT's 4 decimals, without binary noise;
    // ActionGeo_Lat is column 56 of 61, Goldstein 30.
    let (_, tsv) = body(&app, "/api/export?format=gdelt-events").await;
    let row: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    assert_eq!(
        (row[30], row[56], row[57]),
        ("-0.3", "42.8333", "21.1667"),
        "{tsv}"
    );
}

/// Issue 23, item 2: the API and the page say what they count (event
/// mentions, which the GDELT and CSV exports merge into events).
#[tokio::test]
async fn issue_23_event_counts_are_named() {
    let (app, _path) = setup("counts");
    let spec = json(&app, "/api/openapi.json").await;
    let page = &spec["components"]["schemas"]["EventPage"];
    for text in [
        &page["description"],
        &page["properties"]["total"]["description"],
    ] {
        assert!(text.as_str().unwrap().contains("event mentions"), "{text}");
    }
    let (_, js) = body(&app, "/assets/app.js").await;
    assert!(
        js.contains("${data.total} event mentions"),
        "the events view names its count"
    );
    // The fixture's 20 event mentions are 20 events: different codes.
    let events = json(&app, "/api/events").await;
    assert_eq!(events["total"], 20);
    let (_, csv) = body(&app, "/api/export?format=csv").await;
    assert_eq!(csv.lines().count(), 21);
}

/// CSV rows' codes of an export download.
async fn csv_codes(app: &Router, query: &str) -> Vec<String> {
    let (status, csv) = body(app, &format!("/api/export?format=csv&{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {csv}");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let code = header.iter().position(|h| *h == "code").unwrap();
    lines
        .map(|l| l.split(',').nth(code).unwrap().to_string())
        .collect()
}

/// Issue 23, item 3: `/api/export` takes every filter of the events view,
/// with the events view's meanings, so a download holds what is on screen.
#[tokio::test]
async fn issue_23_export_downloads_what_the_events_view_shows() {
    let (app, _path) = setup("download");
    let view = [
        "modality=hedged",
        "quad=1&modality=hedged",
        "dyad=SRB,KSV&modality=hedged",
        "source=SRB&target=KSV&place=Pristina&from=2024-03-01&to=2024-03-01&modality=hedged",
        "root=05",
        "code=05",
        "actor=KSV&quad=3",
        "plover=CONSULT",
        "source=KSV",
        "from=2024-03-02",
        "q=Pristina%20envoys&quad=2",
        "q=Belgrade",
    ];
    for q in view {
        let shown = json(&app, &format!("/api/events?limit=100&{q}")).await;
        let mut on_screen: Vec<String> = shown["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap().to_string())
            .collect();
        on_screen.sort();
        let mut downloaded = csv_codes(&app, q).await;
        downloaded.sort();
        assert_eq!(downloaded, on_screen, "{q}");
    }
    assert_eq!(csv_codes(&app, "quad=1&modality=hedged").await, ["050"]);
    assert_eq!(csv_codes(&app, "").await.len(), 20);
    assert_eq!(
        csv_codes(&app, "q=Pristina%20envoys&quad=2").await.len(),
        4,
        "search"
    );
    // JSON Lines and GDELT follow the same filter.
    let (_, jsonl) = body(&app, "/api/export?format=jsonl&modality=hedged").await;
    let line: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(line["events"].as_array().unwrap().len(), 1);
    let (_, tsv) = body(&app, "/api/export?format=gdelt-events&quad=4").await;
    assert_eq!(tsv.lines().count(), 6);
    // A filter the view does not know is refused, not ignored.
    let (status, _) = body(&app, "/api/export?format=csv&actr=SRB").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = body(&app, "/api/export?format=csv&publisher=Test%20Wire").await;
    assert_eq!(status, StatusCode::OK);
    // The page passes its filters (all but paging and order) to the links.
    let (_, js) = body(&app, "/assets/app.js").await;
    assert!(js.contains(r#"!["sort", "limit", "offset"].includes(k)"#));
}

#[cfg(feature = "parquet")]
#[tokio::test]
async fn issue_23_export_parquet_through_the_api_with_filters() {
    let (app, _path) = setup("download-parquet");
    for q in ["", "&table=mentions&modality=hedged", "&quad=4"] {
        let (status, file) = body(&app, &format!("/api/export?format=parquet{q}")).await;
        assert_eq!(status, StatusCode::OK, "{q}");
        assert!(file.starts_with("PAR1"), "{q}");
    }
}
