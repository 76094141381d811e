//! `newsgraph-linearity`: does analysis time grow linearly with article
//! size? (issue 10; the table in RELIABILITY.md).
//!
//! ```text
//! cargo run --release -p newsgraph-bench --bin linearity -- [--max-bytes N] [--text synthetic|bbc] [--reps R]
//! ```
//!
//! Builds one article at 1×, 2×, 4×, … its base size (about 1 kB) up to
//! `--max-bytes` (default 5,000,000), reads it with the text reader (the
//! article limit raised to fit) and analyses it one stage at a time
//! ([`newsgraph_bench::run_stages`]), best of `--reps` runs for articles
//! under 100 kB and one run above. Prints CPU time per input byte in total
//! and per stage: a stage whose ns/byte climbs with size is super-linear.
//!
//! `synthetic` (the default) is the reliability test's article: the same
//! five people, five places and one speaker throughout, so an article of
//! 5 MB names each of them tens of thousands of times, which is where a
//! stage comparing mentions pairwise turns quadratic. `bbc` concatenates
//! BBC articles (real, varied text) to the same sizes.

#[path = "../../../../tests/badinput/corpus.rs"]
mod corpus;

use newsgraph_bench::{peak_rss_mib, run_stages, stage_names, thread_cpu};
use newsgraph_doc::Article;
use newsgraph_pipeline::Pipeline;
use newsgraph_read::{Format, ReadItem, ReadOptions};
use std::process::ExitCode;
use std::time::Duration;

/// The same allocator as the `newsgraph` binary (mimalloc).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The reliability test's scaled article (crates/cli/tests/reliability.rs,
/// `scaled_article`): 8 paragraphs and one quoted sentence per scale unit.
fn synthetic(scale: usize) -> String {
    corpus::article_text("Budget talks", 8 * scale)
        + &(0..scale)
            .map(|i| {
                format!(
                    "\"We will not accept cuts,\" said Maria Lopez on March {}, 2023.\n\n",
                    1 + i % 28
                )
            })
            .collect::<String>()
}

/// BBC articles, title and paragraphs, one after another until `bytes`.
fn bbc(texts: &[String], bytes: usize) -> String {
    let mut out = String::from("News digest\n\n");
    for t in texts.iter().cycle() {
        if out.len() >= bytes {
            break;
        }
        out.push_str(t);
        out.push_str("\n\n");
    }
    out
}

fn read(text: &str) -> Result<Article, String> {
    let opts = ReadOptions {
        max_article_bytes: text.len() + 1024,
        english_only: false,
    };
    let mut out = Err("no article read".to_string());
    newsgraph_read::read_bytes(
        "linearity.txt",
        text.as_bytes(),
        Format::Text,
        &opts,
        &mut |item| match item {
            ReadItem::Article(a) => out = Ok(a),
            ReadItem::Skipped { reason, .. } => out = Err(reason.to_string()),
            ReadItem::Error(e) => out = Err(e.to_string()),
            ReadItem::NotArticle { reason, .. } => out = Err(reason.to_string()),
        },
    );
    out
}

fn main() -> ExitCode {
    newsgraph_bench::tune_allocator();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("linearity: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut max_bytes = 5_000_000usize;
    let mut kind = "synthetic".to_string();
    let mut reps = 3usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--max-bytes" => max_bytes = value()?.parse().map_err(|_| "bad --max-bytes")?,
            "--text" => kind = value()?,
            "--reps" => reps = value()?.parse().map_err(|_| "bad --reps")?,
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    let bbc_texts: Vec<String> = if kind == "bbc" {
        let dir = newsgraph_bench::bbc_dir().ok_or("BBC corpus not found (NEWSGRAPH_BBC)")?;
        newsgraph_bench::read_articles(&newsgraph_bench::bbc_paths(&dir), 3000)
            .into_iter()
            .map(|a| a.text)
            .collect()
    } else if kind == "synthetic" {
        Vec::new()
    } else {
        return Err(format!("--text must be synthetic or bbc, got {kind}"));
    };
    let base_bytes = synthetic(1).len();
    let pipeline = Pipeline::load().map_err(|e| e.to_string())?;
    // Warm up lazy tables and caches.
    run_stages(&pipeline, read(&synthetic(1))?, &mut Vec::new());

    println!("text: {kind}; CPU time of this thread, ns per input byte");
    print!(
        "{:>6} {:>10} {:>10} {:>8}",
        "scale", "bytes", "total ms", "ns/B"
    );
    for s in stage_names(&pipeline) {
        print!(" {s:>9}");
    }
    println!(" {:>8}", "peak MB");
    let mut scale = 1usize;
    let mut rows: Vec<(usize, f64)> = Vec::new();
    loop {
        let text = if kind == "bbc" {
            bbc(&bbc_texts, base_bytes * scale)
        } else {
            synthetic(scale)
        };
        if text.len() > max_bytes * 11 / 10 {
            break;
        }
        let article = read(&text)?;
        let bytes = article.text.len();
        let runs = if bytes < 100_000 { reps.max(1) } else { 1 };
        let mut best: Option<(Duration, Vec<Duration>)> = None;
        for _ in 0..runs {
            let mut clock = Vec::new();
            let t = thread_cpu();
            let doc = run_stages(&pipeline, article.clone(), &mut clock);
            let spent = thread_cpu() - t;
            drop(doc);
            if best.as_ref().is_none_or(|(b, _)| spent < *b) {
                best = Some((spent, clock));
            }
        }
        let (total, clock) = best.ok_or("no run")?;
        let per_byte = |d: Duration| d.as_nanos() as f64 / bytes as f64;
        print!(
            "{:>5}× {bytes:>10} {:>10.1} {:>8.0}",
            scale,
            total.as_secs_f64() * 1e3,
            per_byte(total)
        );
        for d in clock {
            print!(" {:>9.0}", per_byte(d));
        }
        println!(" {:>8.0}", peak_rss_mib().unwrap_or(0.0));
        rows.push((bytes, per_byte(total)));
        if text.len() >= max_bytes {
            break;
        }
        // Powers of two, then one step to the limit itself.
        let next = scale * 2;
        scale = if base_bytes * next > max_bytes && text.len() < max_bytes * 9 / 10 {
            max_bytes / base_bytes
        } else {
            next
        };
    }
    // The first rows are too short for the clock (it ticks in milliseconds
    // on some kernels); compare from 50 kB up.
    let first = rows.iter().find(|r| r.0 >= 50_000 && r.1 > 0.0);
    if let (Some(first), Some(last)) = (first, rows.last()) {
        println!(
            "ns/byte at {} bytes is {:.2}× that at {} bytes (1.00 = linear)",
            last.0,
            last.1 / first.1,
            first.0
        );
    }
    Ok(())
}
