//! Evaluates a NER model file (default: the embedded one) on CoNLL files.
//!
//! ```text
//! cargo run --release -p newsgraph-eval --example ner_eval -- [--model FILE] FILE...
//! ```

use newsgraph_nlp::ner::NerModel;
use std::path::Path;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let model = if args.first().is_some_and(|a| a == "--model") && args.len() > 1 {
        let path = args.remove(1);
        args.remove(0);
        NerModel::load(Path::new(&path))
    } else {
        NerModel::embedded()
    };
    let model = match model {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for f in &args {
        if !Path::new(f).exists() {
            eprintln!("skip: {f} not found");
            continue;
        }
        match newsgraph_eval::ner::evaluate(&model, Path::new(f)) {
            Ok(r) => println!("{}", r.text),
            Err(e) => eprintln!("{e}"),
        }
    }
}
