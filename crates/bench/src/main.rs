//! `newsgraph-bench`: whole-program speed figures on a real corpus.
//!
//! ```text
//! newsgraph-bench throughput [--threads 1,2] [--limit N] [--newsgraph BIN] [--json] [PATH...]
//! newsgraph-bench gen-jsonl N > articles.jsonl
//! ```
//!
//! `throughput` reads the inputs (default: the BBC corpus, see
//! `newsgraph_bench::bbc_dir`), then reports, all in one process so the
//! ratios share one machine state: model load time; read rate; each
//! stage's share on one thread; end-to-end articles/s and tokens/s at each
//! thread count (rayon batches of 64, as the CLI does); SQLite ingest rate;
//! peak RSS. With `--newsgraph BIN` it also times the binary's start-up
//! (`analyze` of a one-sentence article, best of 5 runs).
//!
//! `gen-jsonl` writes N short, distinct synthetic articles, for checking that
//! memory stays flat on a million-article stream (`/usr/bin/time -v
//! newsgraph analyze --json big.jsonl`).
//!
//! Timings are wall clock on a shared machine: compare ratios from one run,
//! never absolute figures from different runs.

use newsgraph_bench::{
    bbc_dir, bbc_paths, peak_rss_mib, process_cpu, read_articles, run_stages, stage_names,
};
use newsgraph_doc::{Article, ArticleJson, Document};
use newsgraph_pipeline::Pipeline;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The same allocator as the `newsgraph` binary (mimalloc), so the figures
/// here are the figures of what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    newsgraph_bench::tune_allocator();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("throughput") => throughput(&args[1..]),
        Some("gen-jsonl") => gen_jsonl(&args[1..]),
        _ => Err(
            "usage: newsgraph-bench throughput [--threads 1,2] [--limit N] [--newsgraph BIN] \
             [--json] [PATH...]\n       newsgraph-bench gen-jsonl N"
                .to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsgraph-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    threads: Vec<usize>,
    limit: usize,
    newsgraph: Option<PathBuf>,
    json: bool,
    paths: Vec<PathBuf>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        threads: vec![1, 2],
        limit: usize::MAX,
        newsgraph: None,
        json: false,
        paths: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--threads" => {
                o.threads = value()?
                    .split(',')
                    .map(|t| {
                        t.trim()
                            .parse()
                            .map_err(|_| format!("bad thread count {t}"))
                    })
                    .collect::<Result<_, _>>()?
            }
            "--limit" => o.limit = value()?.parse().map_err(|_| "bad --limit")?,
            "--newsgraph" => o.newsgraph = Some(PathBuf::from(value()?)),
            "--json" => o.json = true,
            _ if a.starts_with("--") => return Err(format!("unknown flag {a}")),
            _ => o.paths.push(PathBuf::from(a)),
        }
    }
    if o.paths.is_empty() {
        let dir = bbc_dir().ok_or(
            "no inputs given and the BBC corpus is absent (set NEWSGRAPH_BBC or pass paths)",
        )?;
        o.paths = bbc_paths(&dir);
    }
    Ok(o)
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64().max(1e-9)
}

/// The `--json` report: one flat object of figures.
type Report = serde_json::Map<String, serde_json::Value>;

fn put(report: &mut Report, key: &str, value: serde_json::Value) {
    report.insert(key.to_string(), value);
}

fn throughput(args: &[String]) -> Result<(), String> {
    let o = parse_options(args)?;
    let mut report = Report::new();

    // Each part's load alone, one after the other on this thread, before
    // the whole pipeline loads (in parallel) below.
    let parts = Pipeline::time_each_part(&newsgraph_bench::thread_cpu)?;
    let line: Vec<String> = parts
        .iter()
        .map(|(name, d)| format!("{name} {:.0}", d.as_secs_f64() * 1e3))
        .collect();
    println!("model load by part, CPU ms: {}", line.join(", "));
    put(
        &mut report,
        "load_parts_cpu_ms",
        serde_json::Value::Object(
            parts
                .iter()
                .map(|(name, d)| (name.to_string(), (d.as_secs_f64() * 1e3).into()))
                .collect(),
        ),
    );

    let start = Instant::now();
    let pipeline = Pipeline::load()?;
    let load = start.elapsed();
    println!(
        "model load (in process): {:.0} ms",
        load.as_secs_f64() * 1e3
    );
    put(&mut report, "load_ms", (load.as_secs_f64() * 1e3).into());

    if let Some(bin) = &o.newsgraph {
        let ms = startup_ms(bin)?;
        println!("start-up (`newsgraph analyze` of one sentence, best of 5): {ms:.0} ms");
        put(&mut report, "startup_ms", ms.into());
    }

    let start = Instant::now();
    let articles = read_articles(&o.paths, o.limit);
    let read = start.elapsed();
    if articles.is_empty() {
        return Err("no articles read".into());
    }
    let n = articles.len();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    println!(
        "read: {n} articles, {:.1} MB of text in {:.2} s = {:.0} articles/s",
        bytes as f64 / 1e6,
        secs(read),
        n as f64 / secs(read)
    );
    put(&mut report, "articles", n.into());
    put(
        &mut report,
        "read_articles_per_s",
        (n as f64 / secs(read)).into(),
    );

    let (docs, n_tokens) = per_stage(&pipeline, &articles, &mut report);
    end_to_end(&pipeline, &articles, &o.threads, n_tokens, &mut report)?;
    store_rate(&docs, &mut report)?;

    if let Some(mib) = peak_rss_mib() {
        println!("peak RSS (whole run, all articles and documents held): {mib:.0} MiB");
        put(&mut report, "peak_rss_mib", mib.into());
    }
    if o.json {
        println!("{}", serde_json::Value::Object(report));
    }
    Ok(())
}

/// One thread, stage by stage: each stage's CPU time over all articles, as
/// a table and in `report`. Returns the documents and their token count.
fn per_stage(
    pipeline: &Pipeline,
    articles: &[Article],
    report: &mut Report,
) -> (Vec<Document>, usize) {
    // The pipeline's own list of stages.
    let names = stage_names(pipeline);
    let mut clock = vec![Duration::ZERO; names.len()];
    let mut n_tokens = 0usize;
    let n = articles.len();
    let mut docs = Vec::with_capacity(n);
    for a in articles.iter().cloned() {
        let doc = run_stages(pipeline, a, &mut clock);
        n_tokens += doc.tokens.len();
        docs.push(doc);
    }
    let total: Duration = clock.iter().sum();
    println!("\none thread, per stage, CPU time ({n_tokens} tokens):");
    println!(
        "  {:<10} {:>8} {:>6} {:>12} {:>13}",
        "stage", "seconds", "share", "articles/s", "tokens/s"
    );
    let mut stages = serde_json::Map::new();
    for (name, d) in names.iter().zip(clock) {
        // Below a millisecond the rate is noise (and infinite at zero).
        if d < Duration::from_millis(1) {
            println!(
                "  {name:<10} {:>8.2} {:>5.1}% {:>12} {:>13}",
                0.0, 0.0, "-", "-"
            );
            continue;
        }
        println!(
            "  {:<10} {:>8.2} {:>5.1}% {:>12.0} {:>13.0}",
            name,
            d.as_secs_f64(),
            100.0 * d.as_secs_f64() / secs(total),
            n as f64 / secs(d),
            n_tokens as f64 / secs(d)
        );
        stages.insert(name.to_string(), (n_tokens as f64 / secs(d)).into());
    }
    println!(
        "  {:<10} {:>8.2} {:>6} {:>12.0} {:>13.0}",
        "all",
        secs(total),
        "",
        n as f64 / secs(total),
        n_tokens as f64 / secs(total)
    );
    put(report, "tokens", n_tokens.into());
    put(report, "stage_tokens_per_s", stages.into());
    // How much the parse step saves by parsing only what is read (the
    // plan each document carries).
    let parsed_tokens: usize = docs
        .iter()
        .map(|d| {
            d.sentences
                .iter()
                .zip(&d.parse_plan.parse)
                .filter(|(_, w)| **w)
                .map(|(s, _)| s.token_range().len())
                .sum::<usize>()
        })
        .sum();
    println!(
        "  (parse: {parsed_tokens} of {n_tokens} tokens, {:.1}%, in sentences quotes or events read)",
        100.0 * parsed_tokens as f64 / n_tokens.max(1) as f64
    );
    put(report, "parsed_tokens", parsed_tokens.into());
    (docs, n_tokens)
}

/// End to end at each thread count: wall and CPU rates.
fn end_to_end(
    pipeline: &Pipeline,
    articles: &[Article],
    threads: &[usize],
    n_tokens: usize,
    report: &mut Report,
) -> Result<(), String> {
    let n = articles.len();
    println!("\nend to end (analyze only, batches of 64):");
    let mut base = None;
    for &t in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .map_err(|e| e.to_string())?;
        let start = Instant::now();
        let cpu_start = process_cpu();
        for chunk in articles.chunks(64) {
            let batch: Vec<Article> = chunk.to_vec();
            let out: Vec<Document> =
                pool.install(|| batch.into_par_iter().map(|a| pipeline.analyze(a)).collect());
            std::hint::black_box(out);
        }
        let wall = secs(start.elapsed());
        let cpu = secs(process_cpu().saturating_sub(cpu_start));
        let rate = n_tokens as f64 / wall;
        let speedup = base.map_or(1.0, |b: f64| rate / b);
        base.get_or_insert(rate);
        // On an idle machine cpu/wall is the cores kept busy; well below
        // the thread count means the machine is shared (or workers starve).
        println!(
            "  {t} thread(s): wall {:.2} s, {:.0} articles/s, {:.0} tokens/s, {:.2}× the first; \
             CPU {:.2} s ({:.2} cores busy), {:.0} tokens per CPU-second",
            wall,
            n as f64 / wall,
            rate,
            speedup,
            cpu,
            cpu / wall,
            n_tokens as f64 / cpu
        );
        put(report, &format!("tokens_per_s_{t}t"), rate.into());
        put(
            report,
            &format!("articles_per_s_{t}t"),
            (n as f64 / wall).into(),
        );
        put(
            report,
            &format!("tokens_per_cpu_s_{t}t"),
            (n_tokens as f64 / cpu).into(),
        );
        put(
            report,
            &format!("articles_per_cpu_s_{t}t"),
            (n as f64 / cpu).into(),
        );
    }
    Ok(())
}

/// Store: JSON records and SQLite, as `ingest` does, in batches of 64.
fn store_rate(docs: &[Document], report: &mut Report) -> Result<(), String> {
    let n = docs.len();
    let dir = std::env::temp_dir().join(format!("newsgraph-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("bench.db");
    let start = Instant::now();
    let mut store = newsgraph_store::Store::open(&db).map_err(|e| e.to_string())?;
    for chunk in docs.chunks(64) {
        let rows: Vec<ArticleJson> = chunk
            .iter()
            .map(|d| ArticleJson::from_document(d, true))
            .collect();
        store.ingest(&rows).map_err(|e| e.to_string())?;
    }
    drop(store);
    let stored = secs(start.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "\nstore (records + SQLite, one thread): {:.2} s = {:.0} articles/s",
        stored,
        n as f64 / stored
    );
    put(report, "store_articles_per_s", (n as f64 / stored).into());
    Ok(())
}

/// Best-of-5 wall time of `BIN analyze --json` on a one-sentence file: what
/// a user waits for before the first article (process start, model load).
fn startup_ms(bin: &PathBuf) -> Result<f64, String> {
    let dir = std::env::temp_dir().join(format!("newsgraph-startup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("one.txt");
    std::fs::write(&file, "Police arrested three men in Paris on Tuesday.\n")
        .map_err(|e| e.to_string())?;
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        let out = std::process::Command::new(bin)
            .args(["analyze", "--json", "-j", "1"])
            .arg(&file)
            .output()
            .map_err(|e| format!("running {}: {e}", bin.display()))?;
        if !out.status.success() {
            return Err(format!(
                "{} failed: {}",
                bin.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(best)
}

/// Writes N distinct short articles as JSON Lines to stdout. The counter is
/// in the text so every article has its own id (the store deduplicates).
fn gen_jsonl(args: &[String]) -> Result<(), String> {
    let n: usize = args
        .first()
        .and_then(|s| s.parse().ok())
        .ok_or("gen-jsonl needs a count")?;
    const CITIES: [&str; 6] = ["Paris", "Nairobi", "Lima", "Jakarta", "Kyiv", "Toronto"];
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for i in 0..n {
        let city = CITIES[i % CITIES.len()];
        let line = serde_json::json!({
            "title": format!("Police arrest {} men in {city}", 2 + i % 7),
            "published": "2024-03-05",
            "text": format!(
                "Police in {city} arrested {} men on Tuesday after protesters clashed with \
                 security forces near the parliament, officials said (report {i}).\n\n\
                 \"We will restore order,\" the interior minister told reporters.",
                2 + i % 7
            ),
        });
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}
