//! Speed of the embedded recognizer on one thread: model load time, and
//! tokens per second of `NerModel::recognize` over tokenized BBC articles
//! (tokenizing excluded). Reports wall-clock and CPU-time rates: on a shared
//! machine the CPU-time rate (this process's user+system time, from
//! `/proc/self/stat`) is the one-core speed.
//!
//! ```text
//! cargo run --release -p newsgraph-nlp --example ner_bench -- [BBC_DIR] [ROUNDS] [MODEL_FILE]
//! ```
//! Prints a skip note when the articles are absent.

use newsgraph_doc::{ArticleBuilder, Document};
use newsgraph_nlp::ner::NerModel;
use newsgraph_nlp::tokenize::tokenize_document;
use std::path::PathBuf;
use std::time::Instant;

/// This process's CPU time in seconds (Linux), or None elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesized command name; utime and stime are
    // fields 14 and 15 of the whole line, in clock ticks (100 per second
    // on Linux).
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map_or_else(
        || {
            PathBuf::from(
                std::env::var("NEWSGRAPH_SHARED").unwrap_or_else(|_| "../shared/data".into()),
            )
            .join("news/bbc")
        },
        PathBuf::from,
    );
    let rounds: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3);
    let t0 = Instant::now();
    let model = match args.get(2) {
        Some(path) => NerModel::load(std::path::Path::new(path)),
        None => NerModel::embedded(),
    };
    let model = match model {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!("model load: {:.0} ms", t0.elapsed().as_secs_f64() * 1e3);
    let mut docs = Vec::new();
    for topic in ["business", "entertainment", "politics", "sport", "tech"] {
        let Ok(entries) = std::fs::read_dir(dir.join(topic)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let mut b =
                ArticleBuilder::new(p.display().to_string()).title(lines.next().unwrap_or(""));
            for l in lines {
                b = b.paragraph(l);
            }
            let mut doc = Document::new(b.build());
            tokenize_document(&mut doc);
            docs.push(doc);
        }
    }
    if docs.is_empty() {
        eprintln!("skip: no articles under {}", dir.display());
        return;
    }
    let n_tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let mut best = 0f64;
    for round in 1..=rounds {
        let t = Instant::now();
        let c0 = cpu_seconds();
        let mut n_names = 0;
        for d in &docs {
            n_names += model.recognize(d).len();
        }
        let rate = n_tokens as f64 / t.elapsed().as_secs_f64();
        let cpu = match (c0, cpu_seconds()) {
            (Some(a), Some(b)) if b > a => n_tokens as f64 / (b - a),
            _ => rate,
        };
        best = best.max(cpu);
        println!(
            "round {round}: {} articles, {n_tokens} tokens, {n_names} names, {rate:.0} tokens/s wall, {cpu:.0} tokens/s CPU",
            docs.len()
        );
    }
    println!("best: {best:.0} tokens per CPU-second (one thread)");
}
