//! Corpus entities through the store: spellings joined across articles,
//! article counts, re-ingest, upgrade from version 7, the profile by key.

use super::*;
use newsgraph_doc::{
    ArticleBuilder, Document, Entity, EntityType, Mention, MentionKind, Place, Quote, Span,
};

/// An article whose body is `body`, with one entity per (name, type,
/// actor), each mentioned where `name` first occurs in the body, and a
/// quote said by the first entity. "United States" and "America" are
/// resolved by the gazetteer to the country (feature PCLI), as the geo
/// stage does; "Leeds" to a town.
fn article(title: &str, body: &str, entities: &[(&str, EntityType, Option<&str>)]) -> ArticleJson {
    let a = ArticleBuilder::new("test")
        .title(title)
        .paragraph(body)
        .source(Some("Test Wire".into()))
        .build();
    let mut doc = Document::new(a);
    let start = doc.article.paragraphs[0].start as usize;
    for (name, t, actor) in entities {
        let at = body.find(name).expect("the name is in the body");
        let chars = body[..at].chars().count();
        doc.entities.push(Entity {
            name: name.to_string(),
            entity_type: *t,
            actor: actor.map(str::to_string),
            roles: vec![],
            affiliations: vec![],
            mentions: vec![Mention {
                span: Span::new(start + chars, start + chars + name.chars().count()),
                kind: MentionKind::Name,
            }],
        });
        let place = match *name {
            "United States" | "America" => Some((6252001, Some("USA"), "PCLI")),
            "Leeds" => Some((2644688, Some("GBR"), "PPLA2")),
            _ => None,
        };
        if let Some((id, country, feature)) = place {
            doc.places.push(Place {
                name: name.to_string(),
                country: country.map(str::to_string),
                geonames_id: Some(id),
                feature_code: Some(feature.into()),
                mentions: vec![Span::new(
                    start + chars,
                    start + chars + name.chars().count(),
                )],
                ..Place::default()
            });
        }
    }
    doc.quotes.push(Quote {
        span: Span::new(start, start + 4),
        speaker: Some(entities[0].0.to_string()),
        ..Quote::default()
    });
    ArticleJson::from_document(&doc, true)
}

fn corpus() -> Vec<ArticleJson> {
    use EntityType::{Gpe, Person};
    vec![
        article(
            "One",
            "Tony Blair flew to the US on Monday.",
            &[
                ("Tony Blair", Person, Some("GBRGOV")),
                ("US", Gpe, Some("USA")),
            ],
        ),
        article(
            "Two",
            "Mr Blair said the U.S. would help.",
            &[
                ("Mr Blair", Person, Some("GBR")),
                ("U.S.", Gpe, Some("USA")),
            ],
        ),
        article(
            "Three",
            "Prime Minister Tony Blair met leaders of the United States.",
            &[
                ("Prime Minister Tony Blair", Person, None),
                ("United States", Gpe, Some("USA")),
            ],
        ),
        article(
            "Four",
            "Cherie Blair visited America.",
            &[
                ("Cherie Blair", Person, None),
                ("America", Gpe, Some("USA")),
            ],
        ),
        article(
            "Five",
            "Tony Blair spoke in Leeds.",
            &[("Tony Blair", Person, None), ("Leeds", Gpe, Some("GBR"))],
        ),
        article(
            "Six",
            "Tony Blair spoke in York.",
            &[("Tony Blair", Person, None)],
        ),
    ]
}

fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "newsgraph-corpus-test-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    let _ = std::fs::remove_file(&path);
    path
}

fn entities(store: &Store, f: EntityFilter) -> Vec<rows::CorpusEntityRow> {
    store.query_entities(&f, 0).unwrap().entities
}

fn by_key<'a>(rows: &'a [rows::CorpusEntityRow], key: &str) -> &'a rows::CorpusEntityRow {
    rows.iter()
        .find(|r| r.key == key)
        .unwrap_or_else(|| panic!("no {key} in {rows:?}"))
}

#[test]
fn spellings_join_across_articles_and_articles_count_once() {
    let path = temp_db("join");
    let mut store = Store::open(&path).unwrap();
    store.ingest(&corpus()).unwrap();
    let rows = entities(&store, EntityFilter::default());
    let us = by_key(&rows, "country:USA");
    assert_eq!(us.n_articles, 4);
    let mut names = us.names.clone();
    names.sort();
    assert_eq!(names, ["America", "U.S.", "US", "United States"]);
    // A town the dictionary codes with its country is the town.
    let leeds = by_key(&rows, "place:2644688");
    assert_eq!((leeds.n_articles, leeds.geonames_id), (1, Some(2644688)));
    // "Mr Blair" (a surname alone) is the corpus's Tony Blair: 4 of the 5
    // articles of full names ending in Blair are his.
    let blair = by_key(&rows, "person:tony blair");
    assert_eq!(blair.n_articles, 5, "{blair:?}");
    assert_eq!(blair.name, "Tony Blair");
    assert!(blair.names.contains(&"Mr Blair".to_string()));
    assert!(!rows.iter().any(|r| r.key == "person:blair"));
    // Cherie Blair stays herself.
    assert_eq!(by_key(&rows, "person:cherie blair").n_articles, 1);
    // Most-covered first.
    assert_eq!(rows[0].key, "person:tony blair");

    // A spelling's substring finds the entity; the type filters.
    let found = entities(
        &store,
        EntityFilter {
            name: Some("u.s.".into()),
            ..EntityFilter::default()
        },
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].key, "country:USA");
    let people = entities(
        &store,
        EntityFilter {
            entity_type: Some("PERSON".into()),
            ..EntityFilter::default()
        },
    );
    assert!(people.iter().all(|r| r.entity_type == "PERSON"));
    assert_eq!(people.len(), 2);

    // Re-ingesting changes nothing; the list is the same.
    let stats = store.ingest(&corpus()).unwrap();
    assert_eq!(stats.inserted, 0);
    assert_eq!(entities(&store, EntityFilter::default()), rows);
}

#[test]
fn a_second_blair_as_common_keeps_the_surname_apart() {
    use EntityType::Person;
    let path = temp_db("apart");
    let mut store = Store::open(&path).unwrap();
    store.ingest(&corpus()).unwrap();
    // Three more articles of Cherie Blair: Tony holds 4 of 8 full-name
    // articles, under the share a surname needs.
    let more: Vec<ArticleJson> = ["Seven", "Eight", "Nine"]
        .iter()
        .map(|t| {
            article(
                t,
                &format!("Cherie Blair opened a school ({t})."),
                &[("Cherie Blair", Person, None)],
            )
        })
        .collect();
    store.ingest(&more).unwrap();
    let rows = entities(&store, EntityFilter::default());
    assert_eq!(by_key(&rows, "person:blair").n_articles, 1);
    assert_eq!(by_key(&rows, "person:tony blair").n_articles, 4);
}

#[test]
fn the_profile_by_key_gathers_every_spelling() {
    let path = temp_db("profile");
    let mut store = Store::open(&path).unwrap();
    store.ingest(&corpus()).unwrap();
    let cameo = newsgraph_dict::embedded_cameo().unwrap();
    let p = store
        .entity_profile(
            &EntityWanted::Key("person:tony blair".into()),
            (2, 0),
            &cameo,
        )
        .unwrap()
        .unwrap();
    assert_eq!(p.key.as_deref(), Some("person:tony blair"));
    assert_eq!(p.n_articles, 5);
    assert_eq!(p.articles.len(), 2, "a page of 2");
    assert_eq!(p.n_mentions, 5);
    // The quote said by "Mr Blair" in article Two is his too.
    assert_eq!(p.n_quotes, 5);
    assert!(store
        .entity_profile(&EntityWanted::Key("person:nobody".into()), (2, 0), &cameo)
        .unwrap()
        .is_none());
    // An article's entities carry their corpus entity.
    let two = &corpus()[1];
    let detail = store.article(&two.id, &cameo).unwrap().unwrap();
    assert_eq!(detail.entities[0].key.as_deref(), Some("person:tony blair"));
    assert_eq!(detail.entities[1].key.as_deref(), Some("country:USA"));
}

#[test]
fn a_version_7_file_gets_its_corpus_entities_on_upgrade() {
    let path = temp_db("upgrade");
    {
        let mut store = Store::open(&path).unwrap();
        store.ingest(&corpus()).unwrap();
    }
    let before = entities(&Store::open(&path).unwrap(), EntityFilter::default());
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE entity_links; DROP TABLE entity_aliases; DROP TABLE corpus_entities; \
             UPDATE meta SET value = '7' WHERE key = 'schema_version';",
        )
        .unwrap();
    }
    // A reader reads the rest and asks for the upgrade for these.
    let reader = Store::open_read_only(&path).unwrap();
    let err = reader
        .query_entities(&EntityFilter::default(), 0)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NeedsUpgrade { found: 7, .. }),
        "{err}"
    );
    let cameo = newsgraph_dict::embedded_cameo().unwrap();
    let first = reader.article(&corpus()[0].id, &cameo).unwrap().unwrap();
    assert!(first.entities[0].key.is_none());
    drop(reader);
    let store = Store::open(&path).unwrap();
    let after = entities(&store, EntityFilter::default());
    // The file did not keep which places are countries, so a country the
    // gazetteer resolved keys by its GeoNames id; everything else is as
    // an ingest into version 8 makes it.
    let us = by_key(&after, "place:6252001");
    assert_eq!(us.n_articles, 2);
    let unresolved = by_key(&after, "country:USA");
    assert_eq!(unresolved.n_articles, 2);
    let same = |k: &str| by_key(&after, k) == by_key(&before, k);
    assert!(same("person:tony blair") && same("person:cherie blair") && same("place:2644688"));
    assert_eq!(after.len(), before.len() + 1);
}

#[test]
fn batch_by_batch_in_any_order_is_the_whole_recomputed() {
    let all = corpus();
    let whole = {
        let path = temp_db("whole");
        let mut store = Store::open(&path).unwrap();
        store.ingest(&all).unwrap();
        entities(&store, EntityFilter::default())
    };
    for (name, order) in [
        ("forward", (0..all.len()).collect::<Vec<_>>()),
        ("backward", (0..all.len()).rev().collect()),
        ("mixed", vec![1, 4, 0, 5, 3, 2]),
    ] {
        let path = temp_db(name);
        let mut store = Store::open(&path).unwrap();
        for i in order {
            store.ingest(&corpus()[i..i + 1]).unwrap();
        }
        assert_eq!(entities(&store, EntityFilter::default()), whole, "{name}");
        // And what an upgrade recomputes from every link.
        drop(store);
        let conn = Connection::open(&path).unwrap();
        corpus_entities::refresh_all(&conn).unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        assert_eq!(
            entities(&store, EntityFilter::default()),
            whole,
            "{name}, recomputed"
        );
    }
}
