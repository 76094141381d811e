//! Prints the entities and name warnings found in plain-text articles
//! (first line the title, then one paragraph per line or per blank-line
//! block). Development aid for the entities stage.
//!
//! ```text
//! cargo run --release -p newsgraph-extract --example entities_show -- FILE...
//! ```

use newsgraph_doc::{ArticleBuilder, Document};
use newsgraph_nlp::ner::NerModel;

fn main() {
    let ner = match NerModel::embedded() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read(&path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        let text = String::from_utf8_lossy(&text);
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let mut b = ArticleBuilder::new(path.clone()).title(lines.next().unwrap_or(""));
        for l in lines {
            b = b.paragraph(l);
        }
        let mut doc = Document::new(b.build());
        newsgraph_nlp::tokenize::tokenize_document(&mut doc);
        newsgraph_extract::entities::run(&mut doc, &ner);
        println!("== {path}");
        for e in &doc.entities {
            let forms: Vec<&str> = e.mentions.iter().map(|m| doc.span_text(m.span)).collect();
            println!(
                "{:7} {:35} roles={:?} aff={:?} | {}",
                e.entity_type.as_str(),
                e.name,
                e.roles,
                e.affiliations,
                forms.join(" | ")
            );
        }
        for w in &doc.warnings {
            println!("WARNING {} {}", w.kind, w.message);
        }
    }
}
