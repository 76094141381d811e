//! Every export format on a small store of two invented articles that
//! report the same meeting, checked with the row grammars.

use super::*;
use newsgraph_doc::output::ArticleJson;
use newsgraph_doc::{
    ArticleBuilder, Document, Entity, EntityType, Event, Mention, MentionKind, Place, Published,
    PublishedBasis, Quote, Span, TimeExpr,
};

pub(crate) fn article(origin: &str, source: &str, body: &str, date: &str) -> Document {
    let a = ArticleBuilder::new(origin)
        .title("Leaders meet in Vladivostok")
        .paragraph(body)
        .source(Some(source.into()))
        .url(Some(format!("https://{source}/{origin}")))
        .published(Published {
            date: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            basis: PublishedBasis::Metadata,
            evidence: vec![],
        })
        .build();
    let mut d = Document::new(a);
    let text = d.article.text.clone();
    let find = |s: &str| {
        let i = text.find(s).unwrap_or(0);
        Span::new(i, i + s.len())
    };
    d.places.push(Place {
        name: "Vladivostok".into(),
        country: Some("RUS".into()),
        lat: Some(43.10562),
        lon: Some(131.87353),
        geonames_id: Some(2013348),
        mentions: vec![find("Vladivostok")],
        ..Place::default()
    });
    // The source actor by name: the coder codes entities, and the exports
    // name an event's actors from them.
    d.entities.push(Entity {
        name: "Kim Song".into(),
        entity_type: EntityType::Person,
        actor: Some("PRKGOV".into()),
        roles: vec![],
        affiliations: vec![],
        mentions: vec![Mention {
            span: find("visited"),
            kind: MentionKind::Name,
        }],
    });
    d.events.push(Event {
        source: Some("PRKGOV".into()),
        target: Some("RUSGOV".into()),
        code: "042".into(),
        quad_class: 1,
        goldstein: 1.9,
        date: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        place: Some("Vladivostok".into()),
        evidence: find("visited"),
        ..Event::default()
    });
    d.quotes.push(Quote {
        span: find("talks went well"),
        cue: Some("said".into()),
        ..Quote::default()
    });
    d.times.push(TimeExpr {
        span: find("Tuesday"),
        value: Some(date.into()),
        ..TimeExpr::default()
    });
    d
}

pub(crate) fn store() -> (Store, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "newsgraph-export-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("t.db");
    let _ = std::fs::remove_file(&path);
    let mut s = Store::open(&path).expect("open store");
    let a = article("a1", "example.org", "The envoy visited Vladivostok on Tuesday; 12 people were killed nearby. \"The talks went well,\" he said.", "2023-09-12");
    let mut b = article("b1", "example.net", "Officials visited Vladivostok on Tuesday, a family of three said. \"The talks went well,\" a source said.", "2023-09-13");
    // One sure report and one unsure (the scorer's confidences).
    let mut a = a;
    a.events[0].confidence = 0.62;
    b.events[0].confidence = 0.24;
    s.ingest(&[
        ArticleJson::from_document(&a, true),
        ArticleJson::from_document(&b, true),
    ])
    .expect("ingest");
    (s, dir)
}

fn run(format: ExportFormat, filter: &ExportFilter) -> (String, ExportStats) {
    let (s, dir) = store();
    let mut out = Vec::new();
    let stats = export(&s, format, filter, &mut out).expect("export");
    drop(s);
    let _ = std::fs::remove_dir_all(dir);
    (String::from_utf8(out).expect("utf-8"), stats)
}

#[test]
fn events_merge_across_articles_and_pass_the_grammar() {
    let (out, stats) = run(ExportFormat::GdeltEvents, &ExportFilter::default());
    assert_eq!(stats.events, 1, "{out}");
    assert_eq!(out.lines().count(), 1);
    for row in out.lines() {
        grammar::check_events_row(row).unwrap_or_else(|e| panic!("{e}\n{row}"));
    }
    let c: Vec<&str> = out.lines().next().unwrap().split('\t').collect();
    assert_eq!((c[1], c[4]), ("20230912", "2023.6904"));
    assert_eq!((c[5], c[7], c[12]), ("PRKGOV", "PRK", "GOV"));
    assert_eq!((c[31], c[32], c[33]), ("2", "2", "2"));
    assert_eq!((c[51], c[53], c[54]), ("4", "RS", "RS59"));
    assert_eq!(c[35], "1");
    assert_eq!(c[37], "KN");
}

#[test]
fn mentions_one_row_per_article() {
    let (out, stats) = run(ExportFormat::GdeltMentions, &ExportFilter::default());
    assert_eq!(stats.mentions, 2);
    let ids: Vec<&str> = out.lines().map(|r| r.split('\t').next().unwrap()).collect();
    assert_eq!(ids, ["1", "1"]);
    for row in out.lines() {
        grammar::check_mentions_row(row).unwrap_or_else(|e| panic!("{e}\n{row}"));
    }
}

#[test]
fn gkg_rows_pass_the_grammar_with_tone_themes_amounts() {
    let (out, stats) = run(ExportFormat::GdeltGkg, &ExportFilter::default());
    assert_eq!(stats.rows, 2);
    for row in out.lines() {
        grammar::check_gkg_row(row).unwrap_or_else(|e| panic!("{e}\n{row}"));
    }
    let first: Vec<&str> = out.lines().next().unwrap().split('\t').collect();
    assert!(
        first[5].starts_with("KILL#12#people#4#Vladivostok"),
        "{}",
        first[5]
    );
    assert!(first[10].contains("#2013348#"), "{}", first[10]);
    assert!(first[24].contains("12,people,"), "{}", first[24]);
    assert!(first[16].starts_with("3#9#12#2023#"), "{}", first[16]);
    assert!(first[22].contains("|said|talks went well"), "{}", first[22]);
    assert!(first[26].starts_with("<PAGE_TITLE>"));
}

#[test]
fn filters_and_plain_formats() {
    let f = ExportFilter {
        actor: Some("USA".into()),
        ..ExportFilter::default()
    };
    let (out, stats) = run(ExportFormat::GdeltEvents, &f);
    assert_eq!((out.as_str(), stats.events), ("", 0));
    let f = ExportFilter {
        from: Some("2023-09-13".into()),
        ..ExportFilter::default()
    };
    let (_, stats) = run(ExportFormat::Jsonl, &f);
    assert_eq!(stats.articles, 1);
    let (out, _) = run(ExportFormat::Jsonl, &ExportFilter::default());
    for l in out.lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json line");
        assert!(v["tone"]["word_count"].as_u64().unwrap() > 5);
    }
    let (out, stats) = run(ExportFormat::Csv, &ExportFilter::default());
    assert_eq!(stats.events, 1);
    assert_eq!(grammar::parse_csv(&out).len(), 2);
    #[cfg(not(feature = "parquet"))]
    assert!(matches!(
        export(
            &store().0,
            ExportFormat::Parquet,
            &ExportFilter::default(),
            &mut Vec::new()
        ),
        Err(ExportError::FeatureMissing(_))
    ));
}

#[test]
fn a_place_inside_a_known_place_exports_at_the_holder() {
    let gaz = newsgraph_geo::Gazetteer::embedded().expect("gazetteer");
    let inside = crate::load::PlaceRec {
        name: "Old Quarter".into(),
        country: Some("RUS".into()),
        contained_in: Some(2013348),
        ..Default::default()
    };
    let (g, lat, lon) = crate::gdelt::place_geo(&gaz, &inside).expect("located");
    assert_eq!((g.country.as_str(), g.adm1.as_str()), ("RS", "RS59"));
    assert!(
        g.full_name.starts_with("Old Quarter, Vladivostok"),
        "{}",
        g.full_name
    );
    assert!((lat - 43.1).abs() < 0.1 && (lon - 131.9).abs() < 0.1);
    // Without the holder, only the country is known, and its full name
    // keeps GDELT's comma-separated form.
    let loose = crate::load::PlaceRec {
        contained_in: None,
        ..inside
    };
    let (g, _, _) = crate::gdelt::place_geo(&gaz, &loose).expect("located");
    assert_eq!(g.geo_type, 1);
    assert_eq!(g.full_name, "Old Quarter, Russia");
}

/// Issue 23, item 2: every format reports the same two counts, named:
/// merged events and event mentions (the JSON Lines export counted its
/// mentions as events, GKG none).
#[test]
fn issue_23_every_format_counts_events_and_event_mentions_alike() {
    for format in [
        ExportFormat::GdeltEvents,
        ExportFormat::GdeltMentions,
        ExportFormat::GdeltGkg,
        ExportFormat::Jsonl,
        ExportFormat::Csv,
    ] {
        let (_, stats) = run(format, &ExportFilter::default());
        assert_eq!((stats.events, stats.mentions), (1, 2), "{format:?}");
    }
}

/// Issue 23, item 4: CSV and JSON Lines event rows carry their evidence;
/// JSON Lines carries the entities and quotes too.
#[test]
fn issue_23_csv_and_jsonl_keep_the_evidence() {
    let (csv, _) = run(ExportFormat::Csv, &ExportFilter::default());
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let cell = |name: &str| row[header.iter().position(|h| *h == name).expect(name)];
    assert_eq!(cell("evidence"), "visited");
    assert_eq!(cell("title"), "Leaders meet in Vladivostok");
    assert_eq!(cell("source_name"), "Kim Song");
    assert_eq!(cell("target_name"), "");
    assert_eq!(cell("modality"), "asserted");
    assert!(cell("url").starts_with("https://"));
    assert!(!cell("first_article").is_empty());
    let (start, end): (usize, usize) = (
        cell("evidence_start").parse().unwrap(),
        cell("evidence_end").parse().unwrap(),
    );
    assert_eq!(end - start, "visited".len());

    let (jsonl, _) = run(ExportFormat::Jsonl, &ExportFilter::default());
    let a: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    let e = &a["events"][0];
    assert_eq!(
        (e["text"].as_str(), e["source_name"].as_str()),
        (Some("visited"), Some("Kim Song"))
    );
    let (s, t) = (e["start"].as_i64().unwrap(), e["end"].as_i64().unwrap());
    assert_eq!(t - s, "visited".len() as i64);
    assert_eq!(a["entities"][0]["name"], "Kim Song");
    assert_eq!(a["entities"][0]["actor"], "PRKGOV");
    assert_eq!(a["quotes"][0]["text"], "talks went well");
    assert_eq!(a["quotes"][0]["cue"], "said");
}

/// GDELT's Confidence is the scorer's in steps of 10; the other formats
/// carry it as it is; a minimum confidence keeps the sure reports only.
#[test]
fn confidence_in_every_format_and_as_a_filter() {
    let (out, _) = run(ExportFormat::GdeltMentions, &ExportFilter::default());
    let conf: Vec<&str> = out
        .lines()
        .map(|r| r.split('\t').nth(11).unwrap())
        .collect();
    assert_eq!(conf, ["60", "20"]);

    let sure = ExportFilter {
        min_confidence: Some(0.5),
        ..ExportFilter::default()
    };
    let (out, stats) = run(ExportFormat::GdeltMentions, &sure);
    assert_eq!((stats.events, stats.mentions), (1, 1), "{out}");
    let (none, stats) = run(
        ExportFormat::GdeltEvents,
        &ExportFilter {
            min_confidence: Some(0.7),
            ..ExportFilter::default()
        },
    );
    assert_eq!((stats.events, none.lines().count()), (0, 0));

    let (csv, _) = run(ExportFormat::Csv, &ExportFilter::default());
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "confidence").unwrap();
    // The merged event: its surest report's.
    assert_eq!(row[at], "0.62");

    let (jsonl, _) = run(ExportFormat::Jsonl, &sure);
    let confs: Vec<f64> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .flat_map(|a| {
            a["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["confidence"].as_f64().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(confs, [0.62]);
}
