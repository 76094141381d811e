//! Sums NER model files (several seeds) into one ensemble model file.
//!
//! ```text
//! cargo run --release -p newsgraph-nlp --example ner_merge -- OUT MODEL...
//! ```

use newsgraph_nlp::ner::NerModel;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, inputs)) = args.split_first() else {
        eprintln!("usage: ner_merge OUT MODEL...");
        std::process::exit(2);
    };
    let files: Vec<Vec<u8>> = inputs
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .collect();
    let meta = format!("sum of {}", inputs.join(", "));
    match NerModel::merge_files(&files, &meta) {
        Ok(bytes) => std::fs::write(out, bytes).unwrap_or_else(|e| panic!("{out}: {e}")),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
