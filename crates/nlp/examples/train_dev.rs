//! Development driver: trains the tagger/lemmatizer and/or the parser on UD
//! English EWT from the shared data (`NEWSGRAPH_SHARED`, else
//! ../shared/data) and prints the reports. The CLI
//! (`newsgraph train tagger|parser`) calls the same functions.
//!
//! Usage: cargo run --release -p newsgraph-nlp --example train_dev -- [tagger|parser|all] [OUT_DIR] [EPOCHS]

use newsgraph_nlp::{train_parser, train_tagger, TrainConfig};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map(String::as_str).unwrap_or("all");
    let out = PathBuf::from(args.get(2).map(String::as_str).unwrap_or("models"));
    let epochs = args.get(3).and_then(|e| e.parse().ok());
    let data = PathBuf::from(
        std::env::var("NEWSGRAPH_SHARED").unwrap_or_else(|_| "../shared/data".into()),
    )
    .join("ud_english_ewt");
    let cfg = TrainConfig {
        // NEWSGRAPH_TRAIN_FILE overrides the training file (experiments).
        train: std::env::var_os("NEWSGRAPH_TRAIN_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| data.join("en_ewt-ud-train.conllu")),
        dev: Some(data.join("en_ewt-ud-dev.conllu")),
        out,
        epochs,
        seed: 1,
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
