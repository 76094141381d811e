//! Development driver: trains the tagger/lemmatizer and/or the parser on UD
//! English EWT + GUM (train files concatenated, both dev files reported) from
//! the shared data (GUM without the genres of `GUM_SKIP_DOCS`, whose texts are
//! non-commercial or of unstated licence) (`NEWSGRAPH_SHARED`, else
//! ../shared/data) and prints the reports. The CLI
//! (`newsgraph train tagger|parser`) calls the same functions.
//!
//! Usage: cargo run --release -p newsgraph-nlp --example train_dev -- [tagger|parser|all] [OUT_DIR] [EPOCHS]

use newsgraph_nlp::train::GUM_SKIP_DOCS;
use newsgraph_nlp::{train_parser, train_tagger, TrainConfig};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map(String::as_str).unwrap_or("all");
    let out = PathBuf::from(args.get(2).map(String::as_str).unwrap_or("models"));
    let epochs = args.get(3).and_then(|e| e.parse().ok());
    let shared = PathBuf::from(
        std::env::var("NEWSGRAPH_SHARED").unwrap_or_else(|_| "../shared/data".into()),
    );
    let ewt = shared.join("ud_english_ewt");
    let gum = shared.join("ud_english_gum");
    let cfg = TrainConfig {
        // NEWSGRAPH_TRAIN_FILE overrides the training files (experiments).
        train: match std::env::var_os("NEWSGRAPH_TRAIN_FILE") {
            Some(f) => vec![PathBuf::from(f)],
            None => vec![
                ewt.join("en_ewt-ud-train.conllu"),
                gum.join("en_gum-ud-train.conllu"),
            ],
        },
        dev: vec![
            ewt.join("en_ewt-ud-dev.conllu"),
            gum.join("en_gum-ud-dev.conllu"),
        ],
        out,
        epochs,
        seed: 1,
        skip_docs: GUM_SKIP_DOCS.iter().map(|d| d.to_string()).collect(),
    };
    if what == "tagger" || what == "all" {
        match train_tagger(&cfg) {
            Ok(r) => print!("{r}"),
            Err(e) => eprintln!("error: {e}"),
        }
    }
    if what == "parser" || what == "all" {
        match train_parser(&cfg) {
            Ok(r) => print!("{r}"),
            Err(e) => eprintln!("error: {e}"),
        }
    }
}
