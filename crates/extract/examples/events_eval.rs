//! Runs the event evaluations (`newsgraph_extract::events::eval_events`)
//! with the same stages the pipeline runs before events, so the coder can be
//! measured from raw text without a dependency on the pipeline crate.
//!
//! Usage: `cargo run --release -p newsgraph-extract --example events_eval [SHARED_DATA_DIR]`
//! (default `/work/shared/data`; prints a skip note when it is absent).
//! With `--article FILE` it analyzes one text file and prints its events.

use newsgraph_dict::Dictionaries;
use newsgraph_doc::{Article, ArticleBuilder, Document};
use newsgraph_nlp::models::Models;
use newsgraph_nlp::ner::NerModel;
use newsgraph_nlp::tokenize;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dicts = match Dictionaries::embedded() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("dictionaries: {e}");
            std::process::exit(2);
        }
    };
    // Without models (they are being retrained) the from-text numbers are
    // meaningless, but the gold-parse numbers still are.
    let models = Models::embedded()
        .map_err(|e| eprintln!("note: no parser models ({e}); from-text results are void"))
        .ok();
    // NEWSGRAPH_EVAL_NO_NER=1 codes actors from the dictionaries alone, to
    // see what the entity stage adds or costs.
    let ner = NerModel::embedded()
        .ok()
        .filter(|_| std::env::var_os("NEWSGRAPH_EVAL_NO_NER").is_none())
        .ok_or("disabled or not loadable")
        .map_err(|e| eprintln!("note: no NER model ({e})"))
        .ok();
    let pipeline = |article: Article| -> Document {
        let mut doc = Document::new(article);
        tokenize::tokenize_document(&mut doc);
        if let Some(m) = &models {
            m.annotate(&mut doc);
        }
        if let Some(n) = &ner {
            newsgraph_extract::entities::run(&mut doc, n);
        }
        newsgraph_extract::times::run(&mut doc);
        newsgraph_extract::quotes::run(&mut doc);
        doc
    };
    if args.first().map(String::as_str) == Some("--article") {
        let path = args.get(1).cloned().unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut b = ArticleBuilder::new(path);
        // One paragraph a line, as in the shared examples.
        for para in text.lines() {
            b.push_paragraph(para);
        }
        let mut article = b.build();
        if let Some(d) = args.get(2).and_then(|d| d.parse().ok()) {
            article.published.date = Some(d);
        }
        let mut doc = pipeline(article);
        newsgraph_extract::events::run(&mut doc, &dicts);
        if let Ok(word) = std::env::var("NEWSGRAPH_EVENTS_DEBUG") {
            // Prints the parse of sentences holding the given word.
            for s in &doc.sentences {
                if !doc.span_text(s.span).contains(word.as_str()) {
                    continue;
                }
                for i in s.token_range() {
                    let t = &doc.tokens[i];
                    println!(
                        "  {i} {} {} {} {:?} {}",
                        doc.token_text(i),
                        t.lemma,
                        newsgraph_doc::tags::upos_name(t.upos),
                        t.head,
                        newsgraph_doc::tags::deprel_name(t.deprel)
                    );
                }
            }
        }
        for e in &doc.entities {
            if e.actor.is_some() || std::env::var_os("NEWSGRAPH_EVENTS_DEBUG").is_some() {
                println!(
                    "entity {} [{}] roles {:?}",
                    e.name,
                    e.actor.as_deref().unwrap_or(""),
                    e.roles
                );
            }
        }
        for e in &doc.events {
            println!(
                "{} -> {} {} {:?} ({} | {}) {:?} {:?} :: {}",
                e.source.as_deref().unwrap_or("---"),
                e.target.as_deref().unwrap_or("---"),
                e.code,
                e.plover,
                e.source_name.as_deref().unwrap_or(""),
                e.target_name.as_deref().unwrap_or(""),
                e.modality,
                e.pattern,
                doc.span_text(e.evidence)
            );
        }
        return;
    }
    let root = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/data"));
    // `annotate` parses every sentence, as the unit tests need.
    match newsgraph_extract::events::eval_events(&dicts, &root, &pipeline, &pipeline) {
        Ok(report) => print!("{report}"),
        Err(e) => {
            eprintln!("events eval: {e}");
            std::process::exit(1);
        }
    }
}
