//! Clustering and warning tests over small hand-written articles.

use super::*;

fn doc_of(text: &str) -> Document {
    let mut b = newsgraph_doc::ArticleBuilder::new("test");
    for p in text.split("\n\n") {
        b = b.paragraph(p);
    }
    let mut doc = Document::new(b.build());
    newsgraph_nlp::tokenize::tokenize_document(&mut doc);
    doc
}
