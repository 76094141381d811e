//! Trains the NER model on CoNLL-2003 and scores it on the development and
//! test sets (the same counts as `newsgraph eval ner`, without its speed).
//!
//! ```text
//! cargo run --release -p newsgraph-nlp --example ner_train -- \
//!     [DATA_DIR=$NEWSGRAPH_SHARED/conll2003, else ../shared/data/conll2003] \
//!     [OUT=models/ner-v3.bin] [SEED=1]
//! ```
//! Prints a skip note when the data is absent (it is research-only and never
//! committed).

use newsgraph_nlp::ner::{read_conll, score_documents, train_ner, NerModel};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map_or_else(
        || {
            PathBuf::from(
                std::env::var("NEWSGRAPH_SHARED").unwrap_or_else(|_| "../shared/data".into()),
            )
            .join("conll2003")
        },
        PathBuf::from,
    );
    let out = PathBuf::from(
        args.get(1)
            .map(String::as_str)
            .unwrap_or("models/ner-v3.bin"),
    );
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let (train, dev, test) = (
        dir.join("eng.train"),
        dir.join("eng.testa"),
        dir.join("eng.testb"),
    );
    if !train.exists() {
        eprintln!(
            "skip: {} not found (CoNLL-2003 is not shipped)",
            train.display()
        );
        return;
    }
    match train_ner(&train, Some(&dev), &out, seed) {
        Ok(report) => println!("{report}"),
        Err(e) => {
            eprintln!("training failed: {e}");
            std::process::exit(1);
        }
    }
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!("model {} ({:.1} MB)", out.display(), size as f64 / 1e6);
    let model = match NerModel::load(&out) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot load {}: {e}", out.display());
            std::process::exit(1);
        }
    };
    for f in [&dev, &test] {
        match read_conll(f) {
            Ok(docs) => println!(
                "{}: {}",
                f.display(),
                score_documents(&model, &docs).report()
            ),
            Err(e) => eprintln!("{e}"),
        }
    }
}
