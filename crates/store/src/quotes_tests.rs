//! Quotes across articles: by speaker, by an entity mentioned inside the
//! quote, by words, by date.

use crate::quotes::QuoteQuery;
use newsgraph_doc::{
    ArticleBuilder, ArticleJson, Document, Entity, EntityType, Mention, MentionKind, Published,
    PublishedBasis, Quote, QuoteKind, Span,
};

fn find(doc: &Document, needle: &str) -> Span {
    let start = doc.text().find(needle).expect("fixture text");
    Span::new(start, start + needle.len())
}

fn article(
    title: &str,
    body: &str,
    date: &str,
    quotes: &[(&str, &str)],
    names: &[&str],
) -> ArticleJson {
    let article = ArticleBuilder::new("test")
        .title(title)
        .paragraph(body)
        .published(Published {
            date: date.parse().ok(),
            basis: PublishedBasis::Metadata,
            ..Published::default()
        })
        .build();
    let mut doc = Document::new(article);
    for name in names {
        let span = find(&doc, name);
        doc.entities.push(Entity {
            name: name.to_string(),
            entity_type: EntityType::Gpe,
            actor: None,
            roles: vec![],
            affiliations: vec![],
            mentions: vec![Mention {
                span,
                kind: MentionKind::Name,
            }],
        });
    }
    for (text, speaker) in quotes {
        let span = find(&doc, text);
        doc.quotes.push(Quote {
            span,
            kind: QuoteKind::Direct,
            speaker: Some(speaker.to_string()),
            cue: Some("said".into()),
            ..Quote::default()
        });
    }
    ArticleJson::from_document(&doc, true)
}

#[test]
fn quotes_by_speaker_mention_words_and_date() {
    let (mut store, _) = crate::counts::store_tests::temp_store("quotes");
    store
        .ingest(&[
            article(
                "Talks",
                "Ana Silva said \"we will talk to Peru soon\" and Chile agreed.",
                "2024-03-01",
                &[("we will talk to Peru soon", "Ana Silva")],
                &["Peru", "Chile"],
            ),
            article(
                "Water",
                "Tomas Rivera said \"the water belongs to everyone\" in Chile.",
                "2024-04-02",
                &[("the water belongs to everyone", "Tomas Rivera")],
                &["Chile"],
            ),
        ])
        .unwrap();
    let texts = |q: QuoteQuery| -> Vec<String> {
        let page = store.quotes(&QuoteQuery { limit: 50, ..q }).unwrap();
        assert_eq!(page.total as usize, page.quotes.len());
        page.quotes.into_iter().map(|r| r.text).collect()
    };
    assert_eq!(texts(QuoteQuery::default()).len(), 2);
    assert_eq!(
        texts(QuoteQuery {
            speaker: Some("silva".into()),
            ..QuoteQuery::default()
        }),
        vec!["we will talk to Peru soon"]
    );
    // Chile is named in both articles but inside neither quote.
    assert!(texts(QuoteQuery {
        mentions: Some("Chile".into()),
        ..QuoteQuery::default()
    })
    .is_empty());
    assert_eq!(
        texts(QuoteQuery {
            mentions: Some("peru".into()),
            ..QuoteQuery::default()
        }),
        vec!["we will talk to Peru soon"]
    );
    assert_eq!(
        texts(QuoteQuery {
            search: Some("WATER".into()),
            from: Some("2024-04-01".into()),
            ..QuoteQuery::default()
        }),
        vec!["the water belongs to everyone"]
    );
    // A LIKE wildcard in the filter is a character, not a wildcard.
    assert!(texts(QuoteQuery {
        speaker: Some("%".into()),
        ..QuoteQuery::default()
    })
    .is_empty());
}
