//! Tests of the recognizer's public surface: type refinement and, when the
//! committed model is present, loading it and recognizing names.

use super::*;
use newsgraph_doc::Document;

#[test]
fn refine_types_from_heads_and_gazetteers() {
    let gaz = Gazetteer::embedded();
    assert_eq!(refine_type(gaz, 2, &["Russia"]), EntityType::Gpe);
    assert_eq!(refine_type(gaz, 2, &["Vladivostok"]), EntityType::Gpe);
    assert_eq!(refine_type(gaz, 2, &["Primorsky", "Krai"]), EntityType::Gpe);
    assert_eq!(refine_type(gaz, 2, &["Zzyzx", "Valley"]), EntityType::Loc);
    assert_eq!(refine_type(gaz, 3, &["North", "Korean"]), EntityType::Norp);
    assert_eq!(refine_type(gaz, 3, &["Russians"]), EntityType::Norp);
    assert_eq!(
        refine_type(gaz, 1, &["Eastern", "Economic", "Forum"]),
        EntityType::Event
    );
    assert_eq!(
        refine_type(gaz, 2, &["Vostochny", "Cosmodrome"]),
        EntityType::Fac
    );
    assert_eq!(refine_type(gaz, 3, &["Olympics"]), EntityType::Misc);
    assert_eq!(refine_type(gaz, 0, &["Kim"]), EntityType::Person);
}

fn doc_of(text: &str) -> Document {
    let article = newsgraph_doc::ArticleBuilder::new("test")
        .paragraph(text)
        .build();
    let mut doc = Document::new(article);
    crate::tokenize::tokenize_document(&mut doc);
    doc
}

#[test]
fn embedded_model_loads_and_recognizes() {
    let model = NerModel::embedded().expect("the committed model loads");
    assert!(model.meta().contains("CoNLL") || model.meta().contains("train"));
    let doc = doc_of("Russian President Vladimir Putin met Angela Merkel in Berlin on Tuesday.");
    let found: Vec<(String, EntityType)> = model
        .recognize(&doc)
        .iter()
        .map(|s| (doc.span_text(s.span).to_string(), s.entity_type))
        .collect();
    assert!(
        found.contains(&("Vladimir Putin".to_string(), EntityType::Person)),
        "{found:?}"
    );
    assert!(
        found.contains(&("Angela Merkel".to_string(), EntityType::Person)),
        "{found:?}"
    );
    assert!(
        found.contains(&("Berlin".to_string(), EntityType::Gpe)),
        "{found:?}"
    );
    assert!(
        found.contains(&("Russian".to_string(), EntityType::Norp)),
        "{found:?}"
    );
}

#[test]
fn odd_input_does_not_panic() {
    let model = NerModel::embedded().expect("the committed model loads");
    for text in [
        "",
        "   ",
        "((((",
        "ÉÉÉ ÉÉÉ 'S 's",
        "a\u{0}b",
        "MR MR MR II III",
    ] {
        let doc = doc_of(text);
        let _ = model.recognize(&doc);
    }
    // Tokens but no sentences.
    let mut doc = doc_of("Kim met Putin.");
    doc.sentences.clear();
    assert!(!model.recognize(&doc).is_empty());
    assert!(NerModel::from_bytes(b"NGNERwts").is_err());
}

#[test]
fn both_stages_in_one_table_label_as_the_stages_do_alone() {
    // The committed model's two stages, decoded each from its own table and
    // from the joined one: the labels must not differ anywhere.
    let mut r = ByteReader::new("NER", EMBEDDED);
    let first = Weights::read(&mut r).expect("first stage");
    let second = Weights::read(&mut r).expect("second stage");
    let mut r = ByteReader::new("NER", EMBEDDED);
    let blocks = [
        Block::read(&mut r).expect("first block"),
        Block::read(&mut r).expect("second block"),
    ];
    let res = resources().expect("resources");
    let stages = Stages::from_blocks(&blocks[0], &blocks[1]);
    let text = "Chile and Argentina opened talks on Monday. Elena Vargas, the Foreign \
                Minister of Chile, met Tomás Rivera in Buenos Aires. \"We came to listen,\" \
                Vargas said. The Andes water accord of 1991 may be suspended, officials in \
                Santiago said, while the United Nations and the European Union watched. \
                Vargas flew home on Friday.";
    let doc = doc_of(text);
    let sentences: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| s.token_range().map(|i| doc.token_text(i)).collect())
        .collect();
    let alone = train::tag(&first, Some(&second), &res, &sentences);
    assert_eq!(stages.tag_document(&res, &sentences), alone);
    assert!(alone.iter().flatten().any(|&l| l != 0), "some names found");
}
