//! Development driver: evaluates models on a UD CoNLL-U file, with gold
//! tokenization and from raw text. The CLI (`newsgraph eval ud`) calls the
//! same function.
//!
//! Usage: cargo run --release -p newsgraph-nlp --example eval_ud -- [MODEL_DIR|embedded] [GOLD.conllu]

use newsgraph_nlp::{eval_ud, Models};
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map(String::as_str).unwrap_or("embedded");
    let gold = args
        .get(2)
        .map(String::as_str)
        .unwrap_or("/work/shared/data/ud_english_ewt/en_ewt-ud-test.conllu");
    let t0 = Instant::now();
    let models = if dir == "embedded" {
        Models::embedded()
    } else {
        Models::load(Path::new(dir))
    };
    let models = match models {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "models loaded in {:.1} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    match eval_ud(&models, Path::new(gold)) {
        Ok(r) => print!("{r}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
