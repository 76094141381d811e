//! Place-like words with odd punctuation must resolve or be dropped, never
//! loop: "U.." once recursed without end looking for "U...", "U....", …
//! (found by the PETRARCH unit-test eval, which aborted on a stack overflow).

use newsgraph_doc::{ArticleBuilder, Document};
use newsgraph_geo::{run, Gazetteer};

fn resolve(text: &str) -> Document {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let mut doc = Document::new(ArticleBuilder::new("t").paragraph(text).build());
    run(&mut doc, &gaz);
    doc
}

#[test]
fn trailing_dots_do_not_recurse() {
    for text in [
        "Officials from U.. met in Paris.",
        "The envoy flew to U.S.. on Monday.",
        "A.B.. and U.K... signed nothing.",
        "They met in U........ today.",
    ] {
        let doc = resolve(text);
        // Paris still resolves beside the odd word, so the run finished normally.
        if text.contains("Paris") {
            assert!(
                doc.places.iter().any(|p| p.name == "Paris"),
                "Paris lost in {text:?}"
            );
        }
    }
}

#[test]
fn one_missing_final_dot_is_still_restored() {
    let doc = resolve("Troops from the U.S and France arrived.");
    assert!(
        doc.places
            .iter()
            .any(|p| p.country.as_deref() == Some("USA")),
        "U.S without its final dot should still be the United States: {:?}",
        doc.places.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
}
