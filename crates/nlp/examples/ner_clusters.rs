//! Induces the NER word clusters from unlabeled news text and writes
//! `models/ner-clusters-v1.bin` (format in `crates/nlp/src/ner/clusters.rs`).
//!
//! ```text
//! cargo run --release -p newsgraph-nlp --example ner_clusters -- [OUT] [SHARED_DATA_DIR]
//! ```
//! Corpus: the BBC News articles, the PolNeAR article texts and the words of
//! CoNLL-2003 `eng.train` (the test sets are not read). Prints a skip note
//! when the data is absent.

use newsgraph_nlp::ner::clusters::induce_clusters;
use newsgraph_nlp::tokenize::tokenize_text;
use std::path::{Path, PathBuf};

fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            text_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = PathBuf::from(
        args.first()
            .map(String::as_str)
            .unwrap_or("models/ner-clusters-v1.bin"),
    );
    let data = args.get(1).map_or_else(
        || {
            PathBuf::from(
                std::env::var("NEWSGRAPH_SHARED").unwrap_or_else(|_| "../shared/data".into()),
            )
        },
        PathBuf::from,
    );
    let mut files = Vec::new();
    text_files(&data.join("news/bbc"), &mut files);
    for split in ["train", "dev", "test"] {
        text_files(
            &data.join("quotes/polnear").join(split).join("text"),
            &mut files,
        );
    }
    let conll = data.join("conll2003/eng.train");
    if files.is_empty() || !conll.exists() {
        eprintln!("skip: corpora not found under {}", data.display());
        return;
    }
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let tok = tokenize_text(&text);
        for r in &tok.sentences {
            sentences.push(
                tok.tokens[r.clone()]
                    .iter()
                    .map(|s| text[s.range()].to_string())
                    .collect(),
            );
        }
    }
    let conll_text = std::fs::read_to_string(&conll).unwrap_or_default();
    let mut cur = Vec::new();
    for line in conll_text.lines() {
        match line.split_whitespace().next() {
            None | Some("-DOCSTART-") => {
                if !cur.is_empty() {
                    sentences.push(std::mem::take(&mut cur));
                }
            }
            Some(w) => cur.push(w.to_string()),
        }
    }
    if !cur.is_empty() {
        sentences.push(cur);
    }
    let n_tokens: usize = sentences.iter().map(|s| s.len()).sum();
    eprintln!(
        "{} files, {} sentences, {n_tokens} tokens",
        files.len(),
        sentences.len()
    );
    let t0 = std::time::Instant::now();
    let bytes = induce_clusters(&sentences, 1);
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
    eprintln!(
        "wrote {} ({} bytes) in {:.0}s",
        out.display(),
        bytes.len(),
        t0.elapsed().as_secs_f64()
    );
}
