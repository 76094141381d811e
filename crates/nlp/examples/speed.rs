//! Development driver: one-core speed of the tagger, lemmatizer and parser
//! on the words of a CoNLL-U file (gold tokenization), and model load time.
//! The criterion bench in `benches/` measures the same on a built-in text.
//!
//! Times are this thread's CPU time (Linux `/proc/thread-self/schedstat`),
//! so a busy shared machine does not distort them; elsewhere, wall time.
//!
//! Usage: [SPEED_MODELS=DIR] cargo run --release -p newsgraph-nlp --example speed -- [GOLD.conllu]

use newsgraph_nlp::conllu;
use newsgraph_nlp::parser::{word_value, ParseScratch, ParseToken};
use newsgraph_nlp::tagger::TagScratch;
use newsgraph_nlp::Models;
use std::path::Path;
use std::time::Instant;

/// A stopwatch over thread CPU time where the OS reports it.
struct Clock(Instant, Option<u64>);

fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

impl Clock {
    fn start() -> Clock {
        Clock(Instant::now(), cpu_ns())
    }
    fn secs(&self) -> f64 {
        match (self.1, cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => self.0.elapsed().as_secs_f64(),
        }
    }
}

fn main() {
    let gold = std::env::args().nth(1).unwrap_or_else(|| {
        let data = std::env::var("NEWSGRAPH_SHARED").unwrap_or_else(|_| "../shared/data".into());
        format!("{data}/ud_english_ewt/en_ewt-ud-dev.conllu")
    });
    let t0 = Clock::start();
    // SPEED_MODELS=DIR measures model files from DIR (before/after runs
    // from one binary); the load time is then the files' load, not the
    // embedded one.
    let models = match std::env::var_os("SPEED_MODELS") {
        Some(dir) => Models::load(Path::new(&dir)).expect("models in SPEED_MODELS load"),
        None => Models::embedded().expect("embedded models load"),
    };
    println!("load: {:.1} ms", t0.secs() * 1e3);
    let sentences = conllu::read_file(Path::new(&gold)).expect("gold file");
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let n: usize = words.iter().map(Vec::len).sum();
    // SPEED_REPS=1 for a short run under callgrind.
    let reps: usize = std::env::var("SPEED_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut scratch = TagScratch::default();
    let mut tags = Vec::new();
    let mut all_tags = Vec::new();
    let t0 = Clock::start();
    for r in 0..reps {
        for w in &words {
            models.tagger.tag(w, &mut scratch, &mut tags);
            if r == 0 {
                all_tags.push(tags.clone());
            }
        }
    }
    let secs = t0.secs();
    println!("tagger: {:.0} tokens/s", (n * reps) as f64 / secs);
    let t0 = Clock::start();
    let mut k = 0usize;
    for _ in 0..reps {
        for (w, t) in words.iter().zip(&all_tags) {
            for (w, &(_, x)) in w.iter().zip(t) {
                k += models.lemmatizer.lemmatize(w, x).len();
            }
        }
    }
    let secs = t0.secs();
    println!("lemmatizer: {:.0} tokens/s ({k})", (n * reps) as f64 / secs);
    let mut buf = String::new();
    let inputs: Vec<Vec<ParseToken>> = words
        .iter()
        .zip(&all_tags)
        .map(|(w, t)| {
            w.iter()
                .zip(t)
                .map(|(w, &(u, x))| ParseToken {
                    word: word_value(w, &mut buf),
                    tag: ((u as u32) << 8) | x as u32,
                })
                .collect()
        })
        .collect();
    let mut ps = ParseScratch::default();
    let (mut heads, mut labels) = (Vec::new(), Vec::new());
    // A digest of every tag, head and label, so a speed change that also
    // changes an output shows up at once.
    let mut digest = 0xcbf2_9ce4_8422_2325u64;
    let mut fold = |v: u64| digest = (digest ^ v).wrapping_mul(0x0000_0100_0000_01B3);
    let t0 = Clock::start();
    for r in 0..reps {
        for inp in &inputs {
            models.parser.parse(inp, &mut ps, &mut heads, &mut labels);
            if r == 0 {
                for (t, (h, l)) in inp.iter().zip(heads.iter().zip(&labels)) {
                    fold(t.tag as u64);
                    fold(h.map_or(u64::MAX, u64::from));
                    fold(*l as u64);
                }
            }
        }
    }
    let secs = t0.secs();
    println!("parser: {:.0} tokens/s", (n * reps) as f64 / secs);
    println!("output digest (tags, heads, labels): {digest:016x}");
}
