//! Invariants every fuzz target (and the reliability regression tests, which
//! include this file by path) asserts on whatever the readers and the
//! pipeline return. A violated invariant panics, and libFuzzer records the
//! input as a crash: beyond "does not panic", these catch spans that point
//! outside the text or into the middle of a UTF-8 character, which
//! `Document::span_text` would otherwise hide by returning "".

#![allow(dead_code)]

use newsgraph_doc::{Article, ArticleJson, Document, Span};
use newsgraph_read::{Format, ReadItem, ReadOptions};

/// Read options for fuzzing: a small article limit keeps each run fast and
/// also exercises the too-large path; all languages, so that the language
/// filter does not hide most random inputs from the later layers.
pub fn fuzz_options() -> ReadOptions {
    ReadOptions {
        max_article_bytes: 256 * 1024,
        english_only: false,
    }
}

/// Reads `bytes` as `format` and checks every article produced. Returns the
/// articles so a caller can go on to analyze them.
pub fn read_and_check(bytes: &[u8], format: Format) -> Vec<Article> {
    let mut articles = Vec::new();
    newsgraph_read::read_bytes(
        "fuzz",
        bytes,
        format,
        &fuzz_options(),
        &mut |item| match item {
            ReadItem::Article(a) => {
                check_article(&a);
                articles.push(a);
            }
            ReadItem::Skipped { reason, .. } => assert_one_line(&reason),
            ReadItem::NotArticle { reason, .. } => assert_one_line(&reason.to_string()),
            ReadItem::Error(e) => assert_one_line(&e.to_string()),
        },
    );
    articles
}

/// Errors and notes are printed one per line, so they must be one line.
pub fn assert_one_line(message: &str) {
    assert!(!message.is_empty(), "empty message");
    assert!(!message.contains('\n'), "multi-line message: {message:?}");
}

fn assert_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(
        text.get(span.start as usize..span.end as usize).is_some(),
        "{what}: span {span:?} is outside the text or not on a character boundary (text is {} bytes)",
        text.len()
    );
}

/// Every span an article carries lies inside its text, on character boundaries.
pub fn check_article(a: &Article) {
    assert!(!a.id.is_empty(), "article without an id");
    for s in a.title.iter().chain(a.standfirst.iter()) {
        assert_span(&a.text, *s, "title/standfirst");
    }
    for p in &a.paragraphs {
        assert_span(&a.text, *p, "paragraph");
    }
}

/// Every span of every layer lies inside the text on character boundaries,
/// token and sentence indexes are in range, and the JSON conversion (which
/// maps byte offsets to character offsets) and serialization succeed.
pub fn check_document(doc: &Document) {
    let text = doc.text();
    check_article(&doc.article);
    for t in &doc.tokens {
        assert_span(text, t.span, "token");
    }
    for s in &doc.sentences {
        assert_span(text, s.span, "sentence");
        assert!(s.token_start <= s.token_end, "sentence tokens reversed");
        assert!(
            s.token_end as usize <= doc.tokens.len(),
            "sentence token range past the end"
        );
    }
    for e in &doc.entities {
        for m in &e.mentions {
            assert_span(text, m.span, "entity mention");
        }
    }
    for q in &doc.quotes {
        assert_span(text, q.span, "quote");
        for s in q.speaker_span.iter().chain(q.cue_span.iter()) {
            assert_span(text, *s, "quote speaker/cue");
        }
        if let Some(i) = q.speaker_entity {
            assert!(i < doc.entities.len(), "quote speaker_entity out of range");
        }
    }
    for t in &doc.times {
        assert_span(text, t.span, "time");
    }
    for p in &doc.places {
        for s in &p.mentions {
            assert_span(text, *s, "place mention");
        }
    }
    for e in &doc.events {
        assert_span(text, e.evidence, "event evidence");
    }
    for w in &doc.warnings {
        for s in &w.spans {
            assert_span(text, *s, "warning");
        }
    }
    let json = ArticleJson::from_document(doc, true);
    serde_json::to_string(&json).expect("article JSON serializes");
}
