//! Store tests: round trip, idempotent re-ingest, filters, version check.

use super::*;
use newsgraph_doc::{
    ArticleBuilder, Document, Entity, EntityType, Event, Mention, MentionKind, Modality, Quote,
    Span, TimeExpr,
};

fn doc(title: &str, body: &str, date: Option<&str>, code: &str) -> ArticleJson {
    let mut published = newsgraph_doc::Published::default();
    if let Some(d) = date {
        published.date = d.parse().ok();
        published.basis = newsgraph_doc::PublishedBasis::Metadata;
    }
    let article = ArticleBuilder::new("test")
        .title(title)
        .paragraph(body)
        .source(Some("Test Wire".into()))
        .published(published)
        .build();
    let mut doc = Document::new(article);
    let body_start = doc.article.paragraphs[0].start as usize;
    doc.entities.push(Entity {
        name: "Ana Silva".into(),
        entity_type: EntityType::Person,
        actor: Some("BRAGOV".into()),
        roles: vec!["minister".into()],
        affiliations: vec![],
        mentions: vec![Mention {
            span: Span::new(body_start, body_start + 9),
            kind: MentionKind::Name,
        }],
    });
    doc.quotes.push(Quote {
        span: Span::new(body_start, body_start + 4),
        speaker: Some("Ana Silva".into()),
        ..Quote::default()
    });
    doc.times.push(TimeExpr {
        span: Span::new(body_start + 10, body_start + 15),
        value: Some("2024-01-02".into()),
        ..TimeExpr::default()
    });
    doc.events.push(Event {
        source: Some("BRAGOV".into()),
        target: Some("ARG".into()),
        code: code.into(),
        quad_class: 1,
        goldstein: 3.0,
        date: date.and_then(|d| d.parse().ok()),
        modality: Modality::Hedged,
        evidence: Span::new(body_start, body_start + body.len()),
        ..Event::default()
    });
    ArticleJson::from_document(&doc, true)
}

fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "newsgraph-store-test-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn round_trip_and_idempotent_reingest() {
    let path = temp_db("roundtrip");
    let mut store = Store::open(&path).unwrap();
    let a = doc(
        "Talks in Brasilia",
        "Ana Silva met envoys on Tuesday about trade.",
        Some("2024-01-02"),
        "042",
    );
    let b = doc(
        "Dispute flares",
        "Ana Silva rejected the offer of talks again.",
        Some("2024-02-10"),
        "120",
    );
    let stats = store.ingest(&[a, b]).unwrap();
    assert_eq!(
        stats,
        IngestStats {
            inserted: 2,
            skipped: 0
        }
    );
    let before = store.counts().unwrap();

    let again = doc(
        "Talks in Brasilia",
        "Ana Silva met envoys on Tuesday about trade.",
        Some("2024-01-02"),
        "042",
    );
    let stats = store.ingest(&[again]).unwrap();
    assert_eq!(
        stats,
        IngestStats {
            inserted: 0,
            skipped: 1
        }
    );
    assert_eq!(
        store.counts().unwrap(),
        before,
        "re-ingest must change nothing"
    );

    let all = store.query_articles(&ArticleFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0].title.as_deref(),
        Some("Dispute flares"),
        "newest first"
    );

    let hits = store
        .query_articles(&ArticleFilter {
            search: Some("envoys".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].title.as_deref(), Some("Talks in Brasilia"));

    let ranged = store
        .query_articles(&ArticleFilter {
            from: Some("2024-02-01".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ranged.len(), 1);

    let ev = store
        .query_events(&EventFilter {
            code: Some("12".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].code, "120");
    assert_eq!(ev[0].modality, "hedged");
    let ev = store
        .query_events(&EventFilter {
            actor: Some("BRA".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ev.len(), 2);
    let ev = store
        .query_events(&EventFilter {
            actor: Some("USA".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(ev.is_empty());

    let ents = store
        .query_entity_names(&EntityFilter {
            name: Some("silva".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ents.len(), 1);
    assert_eq!(ents[0].n_articles, 2);
    assert_eq!(ents[0].n_mentions, 2);
    assert_eq!(ents[0].roles, vec!["minister".to_string()]);
}

#[test]
fn stored_offsets_point_at_the_text() {
    let path = temp_db("offsets");
    let mut store = Store::open(&path).unwrap();
    let a = doc(
        "Ünïcode “title”",
        "Ana Silva met envoys on Tuesday about trade.",
        None,
        "042",
    );
    store.ingest(&[a]).unwrap();
    let (text, start, end, mention): (String, i64, i64, String) = store
        .conn
        .query_row(
            "SELECT a.text, m.start, m.end, m.text FROM mentions m JOIN articles a ON a.id = m.article_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let sliced: String = text
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect();
    assert_eq!(sliced, mention);
    assert_eq!(mention, "Ana Silva");
}

#[test]
fn search_syntax_cannot_break_queries() {
    let path = temp_db("fts");
    let mut store = Store::open(&path).unwrap();
    store
        .ingest(&[doc("Talks", "envoys met", Some("2024-01-05"), "042")])
        .unwrap();
    // FTS5 syntax outside words and phrases is quoted away.
    for q in ["a*b(c)", "col:val", "^envoys", "envoys -met", "{title}: x"] {
        store
            .query_articles(&ArticleFilter {
                search: Some(q.into()),
                ..Default::default()
            })
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    // Malformed searches are a one-line BadQuery, never a database error.
    for q in [
        "  ",
        "\"unbalanced",
        "AND OR NOT",
        "envoys OR",
        "NOT envoys",
        "(envoys",
    ] {
        let err = store
            .query_articles(&ArticleFilter {
                search: Some(q.into()),
                ..Default::default()
            })
            .expect_err(q);
        assert!(matches!(err, StoreError::BadQuery(_)), "{q}: {err}");
        assert!(!err.to_string().contains('\n'), "{q}: {err}");
    }
}

/// Issue 23, item 13: phrases, OR, NOT and NEAR work; results are ranked by
/// relevance with a snippet, or by date when asked.
#[test]
fn issue_23_search_syntax_ranks_and_snips() {
    let path = temp_db("fts-syntax");
    let mut store = Store::open(&path).unwrap();
    store
        .ingest(&[
            doc(
                "Pay rise for parents",
                "Maternity pay will rise, and maternity pay rules change for maternity leave.",
                Some("2024-01-01"),
                "042",
            ),
            doc(
                "Ferry talks",
                "The pay of ferry crews and maternity leave were not discussed.",
                Some("2024-03-01"),
                "042",
            ),
            doc(
                "Strike called",
                "Walkout by crews over pay; a strike was called at the port.",
                Some("2024-02-01"),
                "042",
            ),
        ])
        .unwrap();
    let titles = |search: &str, sort: Option<ArticleSort>| -> Vec<String> {
        store
            .query_articles(&ArticleFilter {
                search: Some(search.into()),
                sort,
                ..Default::default()
            })
            .unwrap_or_else(|e| panic!("{search}: {e}"))
            .into_iter()
            .map(|r| r.title.unwrap_or_default())
            .collect()
    };
    // A phrase: the ferry article has both words, not together.
    assert_eq!(titles("\"maternity pay\"", None), ["Pay rise for parents"]);
    assert_eq!(titles("maternity pay", None).len(), 2);
    // OR is an operator, not a word.
    assert_eq!(titles("strike OR ferry", None).len(), 2);
    assert_eq!(titles("pay NOT ferry", None).len(), 2);
    assert_eq!(titles("NEAR(walkout strike, 8)", None), ["Strike called"]);
    assert!(titles("NEAR(walkout port, 2)", None).is_empty());
    // Relevance: three mentions of maternity beat one.
    assert_eq!(titles("maternity", None)[0], "Pay rise for parents");
    assert_eq!(
        titles("maternity", Some(ArticleSort::Newest))[0],
        "Ferry talks"
    );
    assert_eq!(
        titles("pay", Some(ArticleSort::Oldest)),
        ["Pay rise for parents", "Strike called", "Ferry talks"]
    );
    let rows = store
        .query_articles(&ArticleFilter {
            search: Some("walkout".into()),
            ..Default::default()
        })
        .unwrap();
    let snippet = rows[0].snippet.as_deref().unwrap_or_default();
    assert!(snippet.contains("[Walkout]"), "{snippet}");
    let page = store
        .article_page(&ArticleSearch {
            words: vec!["\"maternity".into(), "pay\"".into()],
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    assert!(store
        .query_articles(&ArticleFilter {
            sort: Some(ArticleSort::Relevance),
            ..Default::default()
        })
        .is_err());
}

#[test]
fn refuses_other_schema_versions() {
    let path = temp_db("version");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'", [])
        .unwrap();
    drop(conn);
    let err = Store::open(&path).err().expect("must refuse");
    let msg = err.to_string();
    assert!(
        msg.contains("99") && msg.contains(&SCHEMA_VERSION.to_string()),
        "{msg}"
    );
}

fn contained_place(a: &mut ArticleJson) {
    a.places.push(newsgraph_doc::output::PlaceJson {
        name: "Old Quarter".into(),
        country: Some("BRA".into()),
        lat: None,
        lon: None,
        geonames_id: None,
        mentions: vec![],
        feature_class: None,
        feature_code: None,
        fips: None,
        adm1: None,
        contained_in: Some(3_448_439),
    });
}

fn stored_containers(path: &Path) -> Vec<Option<i64>> {
    let conn = Connection::open(path).unwrap();
    let mut q = conn
        .prepare("SELECT contained_in FROM places ORDER BY article_id, idx")
        .unwrap();
    let rows = q.query_map([], |r| r.get(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

#[test]
fn keeps_the_place_that_holds_an_unknown_place() {
    let path = temp_db("contained");
    let mut store = Store::open(&path).unwrap();
    let mut a = doc("T", "Ana Silva spoke.", None, "010");
    contained_place(&mut a);
    store.ingest(&[a]).unwrap();
    drop(store);
    assert_eq!(stored_containers(&path), vec![Some(3_448_439)]);
}

#[test]
fn upgrades_a_version_1_file_in_place() {
    let path = temp_db("upgrade");
    let mut store = Store::open(&path).unwrap();
    store
        .ingest(&[doc("Old", "Ana Silva spoke.", None, "010")])
        .unwrap();
    drop(store);
    // Make the file what version 1 wrote: no contained_in column.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "ALTER TABLE places DROP COLUMN contained_in; \
         ALTER TABLE events DROP COLUMN confidence; \
         UPDATE meta SET value='1' WHERE key='schema_version';",
    )
    .unwrap();
    drop(conn);
    let mut store = Store::open(&path).expect("a version-1 file opens");
    let mut b = doc("New", "Ana Silva spoke again.", None, "010");
    contained_place(&mut b);
    assert_eq!(store.ingest(&[b]).unwrap().inserted, 1);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let v: String = conn
        .query_row(
            "SELECT value FROM meta WHERE key='schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION.to_string());
    let n: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "the stored article survives the upgrade");
    assert!(stored_containers(&path).contains(&Some(3_448_439)));
}

/// An entity list row: name, type, actor, articles, mentions, roles.
type Listed = (String, String, Option<String>, i64, i64, Vec<String>);

/// The entity list as the old per-request query computed it: grouping
/// every entity row and counting every mention.
fn grouped_entities(path: &Path) -> Vec<Listed> {
    let conn = Connection::open(path).unwrap();
    let mut q = conn
        .prepare(
            "SELECT name, type, max(actor), count(DISTINCT en.article_id), \
             (SELECT count(*) FROM mentions m JOIN entities e2 \
               ON m.article_id=e2.article_id AND m.entity_idx=e2.idx \
               WHERE e2.name=en.name AND e2.type=en.type), \
             group_concat(DISTINCT roles) FROM entities en \
             GROUP BY name, type ORDER BY count(DISTINCT en.article_id) DESC, name, type",
        )
        .unwrap();
    let rows = q
        .query_map([], |r| {
            let roles: Option<String> = r.get(5)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                merge_role_lists(roles.as_deref()),
            ))
        })
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

fn listed_entities(store: &Store) -> Vec<Listed> {
    store
        .query_entity_names(&EntityFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| {
            (
                e.name,
                e.entity_type,
                e.actor,
                e.n_articles,
                e.n_mentions,
                e.roles,
            )
        })
        .collect()
}

/// Articles whose entities differ in actor, roles and mentions, over two
/// batches, one article naming the same entity twice.
fn varied_articles() -> Vec<ArticleJson> {
    let mut a = doc(
        "A",
        "Ana Silva met envoys on Tuesday about trade.",
        None,
        "042",
    );
    let mut b = doc("B", "Ana Silva and Ana Silva spoke again.", None, "010");
    b.entities[0].actor = None;
    b.entities[0].roles = vec!["envoy".into(), "minister".into()];
    let twice = newsgraph_doc::output::EntityJson {
        name: b.entities[0].name.clone(),
        entity_type: b.entities[0].entity_type,
        actor: Some("BRAZZZ".into()),
        roles: vec![],
        affiliations: vec![],
        mentions: vec![],
    };
    b.entities.push(twice);
    let mut c = doc("C", "Ana Silva spoke a third time.", None, "010");
    c.entities[0].actor = Some("ARGGOV".into());
    c.entities[0].roles = vec![];
    let m = &a.entities[0].mentions[0];
    let again = newsgraph_doc::output::SpanJson {
        text: m.text.clone(),
        start: m.start,
        end: m.end,
    };
    a.entities[0].mentions.push(again);
    vec![a, b, c]
}

#[test]
fn entity_totals_equal_the_grouped_rows() {
    let path = temp_db("totals");
    let mut store = Store::open(&path).unwrap();
    let arts = varied_articles();
    store.ingest(&arts[..2]).unwrap();
    store.ingest(&arts[1..]).unwrap();
    let listed = listed_entities(&store);
    assert_eq!(listed, grouped_entities(&path));
    assert_eq!(listed[0].3, 3, "{listed:?}");
    assert_eq!(listed[0].2.as_deref(), Some("BRAZZZ"));
    // The actor filter groups the matching rows only.
    let coded = store
        .query_entity_names(&EntityFilter {
            actor: Some("bra".into()),
            ..EntityFilter::default()
        })
        .unwrap();
    assert_eq!(coded.len(), 1);
    assert_eq!(coded[0].n_articles, 2, "{coded:?}");
    assert_eq!(coded[0].n_mentions, listed[0].4);
}

#[test]
fn upgrades_a_version_2_file_in_place() {
    let path = temp_db("upgrade2");
    let mut store = Store::open(&path).unwrap();
    let arts = varied_articles();
    store.ingest(&arts[..2]).unwrap();
    drop(store);
    // Make the file what version 2 wrote: no entity totals.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE entity_names; \
         ALTER TABLE events DROP COLUMN confidence; \
         UPDATE meta SET value='2' WHERE key='schema_version';",
    )
    .unwrap();
    drop(conn);
    let mut store = Store::open(&path).expect("a version-2 file opens");
    assert_eq!(listed_entities(&store), grouped_entities(&path));
    store.ingest(&arts[2..]).unwrap();
    assert_eq!(listed_entities(&store), grouped_entities(&path));
    let v: String = store
        .conn
        .query_row(
            "SELECT value FROM meta WHERE key='schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION.to_string());
}

/// The 20 CAMEO roots, one event each, and the QuadClass GDELT gives them.
fn one_event_per_root() -> (ArticleJson, Vec<(String, i64)>) {
    let mut a = doc(
        "Every root",
        "Ana Silva met envoys on Tuesday about trade.",
        Some("2024-01-02"),
        "010",
    );
    let expected: Vec<(String, i64)> = (1..=20)
        .map(|r| {
            let quad = match r {
                1..=5 => 1,
                6..=9 => 2,
                10..=14 => 3,
                _ => 4,
            };
            (format!("{r:02}0"), quad)
        })
        .collect();
    a.events = expected
        .iter()
        .flat_map(|(code, _)| {
            let mut one = doc(
                "x",
                "Ana Silva met envoys on Tuesday about trade.",
                Some("2024-01-02"),
                code,
            );
            // A wrong class in the JSON: the code decides.
            one.events[0].quad_class = 9;
            one.events
        })
        .collect();
    (a, expected)
}

/// (code, QuadClass) of every event as `newsgraph query` reads them.
fn queried_quads(store: &Store) -> Vec<(String, i64)> {
    let mut got: Vec<(String, i64)> = store
        .query_events(&EventFilter {
            limit: Some(100),
            ..EventFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| (e.code, e.quad_class))
        .collect();
    got.sort();
    got
}

fn stored_quads(path: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT code, quad_class FROM events ORDER BY code")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    rows
}

/// Make the file what version 3 wrote: roots 05, 09 and 14 one class on.
fn make_version_3(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "UPDATE events SET quad_class = CASE root_code \
           WHEN '05' THEN 2 WHEN '09' THEN 3 WHEN '14' THEN 4 ELSE quad_class END; \
         ALTER TABLE events DROP COLUMN confidence; \
         UPDATE meta SET value='3' WHERE key='schema_version';",
    )
    .unwrap();
}

#[test]
fn issue_23_quad_class_of_every_root_is_stored_and_queried() {
    let path = temp_db("quad-roots");
    let mut store = Store::open(&path).unwrap();
    let (a, expected) = one_event_per_root();
    store.ingest(&[a]).unwrap();
    assert_eq!(stored_quads(&path), expected);
    assert_eq!(queried_quads(&store), expected);
    let filtered = store
        .events(
            &EventQuery {
                quad: vec![1],
                ..EventQuery::default()
            },
            EventOrder::Code,
            100,
            0,
            &newsgraph_dict::cameo::CameoTable::default(),
        )
        .unwrap();
    let codes: Vec<&str> = filtered.events.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["010", "020", "030", "040", "050"]);
}

#[test]
fn issue_23_version_3_quad_classes_read_right_and_upgrade() {
    let path = temp_db("quad-v3");
    let mut store = Store::open(&path).unwrap();
    let (a, expected) = one_event_per_root();
    store.ingest(&[a]).unwrap();
    drop(store);
    make_version_3(&path);
    assert_ne!(stored_quads(&path), expected, "the fixture is version 3");

    // Read-only: nothing written, the right classes read (rows, filter,
    // timeline).
    let reader = Store::open_read_only(&path).expect("a version-3 file reads");
    assert_eq!(queried_quads(&reader), expected);
    let cameo = newsgraph_dict::cameo::CameoTable::default();
    let q = EventQuery {
        quad: vec![3],
        ..EventQuery::default()
    };
    let page = reader.events(&q, EventOrder::Code, 100, 0, &cameo).unwrap();
    let codes: Vec<&str> = page.events.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["100", "110", "120", "130", "140"]);
    let all = EventQuery::default();
    let day = &reader.timeline(&all, &cameo).unwrap().days[0];
    assert_eq!((day.cooperative, day.conflictual), (9, 11));
    drop(reader);
    assert_ne!(stored_quads(&path), expected, "a reader wrote the file");

    // Writable: upgraded in place.
    let store = Store::open(&path).unwrap();
    assert_eq!(stored_quads(&path), expected);
    let v: String = store
        .conn
        .query_row(
            "SELECT value FROM meta WHERE key='schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION.to_string());
}

#[test]
fn issue_23_goldstein_reads_as_its_one_decimal() {
    let path = temp_db("goldstein");
    let mut store = Store::open(&path).unwrap();
    let mut a = doc(
        "Grumbles",
        "Ana Silva met envoys on Tuesday about trade.",
        Some("2024-01-02"),
        "012",
    );
    a.events[0].goldstein = -0.3;
    store.ingest(&[a]).unwrap();
    let rows = store.query_events(&EventFilter::default()).unwrap();
    assert_eq!(serde_json::to_string(&rows[0].goldstein).unwrap(), "-0.3");
    // A file written before the rounding (the f32 widened) reads the same.
    store
        .conn
        .execute("UPDATE events SET goldstein = ?1", [f64::from(-0.3f32)])
        .unwrap();
    let rows = store.query_events(&EventFilter::default()).unwrap();
    assert_eq!(serde_json::to_string(&rows[0].goldstein).unwrap(), "-0.3");
    let page = store
        .events(
            &EventQuery::default(),
            EventOrder::Code,
            10,
            0,
            &newsgraph_dict::cameo::CameoTable::default(),
        )
        .unwrap();
    assert_eq!(
        serde_json::to_string(&page.events[0].goldstein).unwrap(),
        "-0.3"
    );
}

#[test]
fn issue_22_version_4_partial_quotes_read_and_upgrade_as_mixed() {
    let path = temp_db("quote-kind-v4");
    let mut store = Store::open(&path).unwrap();
    let mut a = doc("Quoted", "Ana Silva said it was a relic.", None, "010");
    a.quotes[0].kind = "mixed";
    let id = a.id.clone();
    store.ingest(&[a]).unwrap();
    drop(store);
    // What version 4 wrote.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE quotes SET kind = 'partial'; ALTER TABLE events DROP COLUMN confidence; \
         UPDATE meta SET value='4' WHERE key='schema_version';",
    )
    .unwrap();
    drop(conn);
    let stored = |path: &Path| -> String {
        Connection::open(path)
            .unwrap()
            .query_row("SELECT kind FROM quotes", [], |r| r.get(0))
            .unwrap()
    };
    let cameo = newsgraph_dict::cameo::CameoTable::default();
    let reader = Store::open_read_only(&path).expect("a version-4 file reads");
    let art = reader.article(&id, &cameo).unwrap().unwrap();
    assert_eq!(art.quotes[0].kind, "mixed");
    drop(reader);
    assert_eq!(stored(&path), "partial", "a reader wrote the file");
    let store = Store::open(&path).unwrap();
    assert_eq!(stored(&path), "mixed");
    let v: String = store
        .conn
        .query_row(
            "SELECT value FROM meta WHERE key='schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION.to_string());
}

/// Two events of one article, sure (0.8) and unsure (0.2).
fn sure_and_unsure(title: &str) -> ArticleJson {
    let article = ArticleBuilder::new("test")
        .title(title)
        .paragraph("Ana Silva met envoys on Tuesday about trade.")
        .build();
    let mut d = Document::new(article);
    let body = d.article.paragraphs[0];
    for (code, confidence) in [("040", 0.8), ("190", 0.2)] {
        d.events.push(Event {
            source: Some("BRAGOV".into()),
            target: Some("ARG".into()),
            code: code.into(),
            evidence: Span::new(body.start as usize, body.end as usize),
            confidence,
            ..Event::default()
        });
    }
    ArticleJson::from_document(&d, true)
}

fn codes_at(store: &Store, min: Option<f32>) -> Vec<(String, Option<f64>)> {
    let q = EventQuery {
        min_confidence: min,
        ..EventQuery::default()
    };
    let cameo = newsgraph_dict::cameo::CameoTable::default();
    let page = store.events(&q, EventOrder::Code, 100, 0, &cameo).unwrap();
    page.events
        .into_iter()
        .map(|e| (e.code, e.confidence))
        .collect()
}

#[test]
fn confidences_are_stored_and_filtered() {
    let path = temp_db("confidence");
    let mut store = Store::open(&path).unwrap();
    store.ingest(&[sure_and_unsure("Talks")]).unwrap();
    assert_eq!(
        codes_at(&store, None),
        [
            ("040".to_string(), Some(0.8)),
            ("190".to_string(), Some(0.2))
        ]
    );
    // A stored 0.2 passes a minimum of 0.2 (two decimals both sides).
    assert_eq!(codes_at(&store, Some(0.2)).len(), 2);
    assert_eq!(codes_at(&store, Some(0.5)).len(), 1);
    assert_eq!(codes_at(&store, Some(0.9)).len(), 0);
    let rows = store
        .query_events(&EventFilter {
            min_confidence: Some(0.5),
            ..EventFilter::default()
        })
        .unwrap();
    let got: Vec<(&str, Option<f64>)> = rows
        .iter()
        .map(|r| (r.code.as_str(), r.confidence))
        .collect();
    assert_eq!(got, [("040", Some(0.8))]);
    let exported = store.export_articles(None).unwrap();
    let confs: Vec<Option<f64>> = exported[0].events.iter().map(|e| e.confidence).collect();
    assert_eq!(confs, [Some(0.8), Some(0.2)]);
}

#[test]
fn a_version_5_file_reads_without_confidence_and_upgrades_to_null() {
    let path = temp_db("confidence-v5");
    let mut store = Store::open(&path).unwrap();
    store.ingest(&[sure_and_unsure("Talks")]).unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "ALTER TABLE events DROP COLUMN confidence; \
         UPDATE meta SET value='5' WHERE key='schema_version';",
    )
    .unwrap();
    drop(conn);
    // Read as it is: no confidence, and a minimum keeps nothing.
    let reader = Store::open_read_only(&path).expect("a version-5 file reads");
    assert_eq!(
        codes_at(&reader, None),
        [("040".to_string(), None), ("190".to_string(), None)]
    );
    assert!(codes_at(&reader, Some(0.1)).is_empty());
    drop(reader);
    // Upgraded in place: the old rows get NULL, new rows their value.
    let mut store = Store::open(&path).unwrap();
    store.ingest(&[sure_and_unsure("More talks")]).unwrap();
    let mut all = codes_at(&store, None);
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(
        all,
        [
            ("040".to_string(), None),
            ("040".to_string(), Some(0.8)),
            ("190".to_string(), None),
            ("190".to_string(), Some(0.2)),
        ]
    );
    let v: String = store
        .conn
        .query_row(
            "SELECT value FROM meta WHERE key='schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION.to_string());
}
