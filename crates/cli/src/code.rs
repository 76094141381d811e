//! `newsgraph code --jsonl`: a filter from articles as JSON Lines on stdin
//! to records as JSON Lines on stdout, for Spark's `RDD.pipe` and other
//! stream processors.
//!
//! Contract (what a pipe caller relies on):
//! - One output line per input article, in input order, each a JSON object.
//!   An analyzed article is the `analyze --json` record
//!   (docs/json-contract.md). An input line that gave no article becomes
//!   `{"origin": "-:LINE", "error": "..."}` or `{"origin": ..., "skipped":
//!   "..."}`: a bad line never stops the stream, so one malformed article
//!   cannot fail a whole Spark partition. Blank lines, and an empty stdin
//!   (an empty partition), produce nothing.
//! - Streaming: lines are read, analyzed `--batch` at a time in parallel
//!   and written as each batch finishes, so memory is bounded by the batch
//!   and Spark sees output while input is still arriving.
//! - A panic inside the analysis of one article is caught and becomes that
//!   article's error record (Spark would otherwise retry the whole task and
//!   fail the job on a deterministic input).
//! - The exit status is success whenever stdin was read to its end, even if
//!   some records are errors: the errors are data, and a non-zero exit makes
//!   `RDD.pipe` fail the task.

use anyhow::Context;
use newsgraph_doc::{Article, ArticleJson};
use newsgraph_pipeline::Pipeline;
use newsgraph_read::{ReadError, ReadItem, ReadOptions};
use rayon::prelude::*;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// Flags of `newsgraph code`.
#[derive(clap::Args, Clone, Debug)]
pub struct CodeArgs {
    /// Read articles as JSON Lines on stdin and write one record per article
    /// as JSON Lines on stdout (the only mode so far; required so that other
    /// modes can be added without changing what existing pipelines mean).
    #[arg(long, required = true)]
    pub jsonl: bool,
    /// Articles analyzed together in parallel before their records are written.
    #[arg(long, default_value_t = 32)]
    pub batch: usize,
    /// Worker threads (default: all cores; give 1 when Spark already runs
    /// one task per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Largest article accepted, in bytes; larger lines become error records.
    #[arg(long, default_value_t = 5_000_000)]
    pub max_article_bytes: usize,
    /// Analyze articles in any language instead of skipping non-English ones.
    #[arg(long)]
    pub all_languages: bool,
    /// Include the article text in each record as "text".
    #[arg(long)]
    pub with_text: bool,
    /// Your own actor or verb dictionary (PETRARCH format); repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Keep only events whose confidence is at least this (0–1; default: the
    /// event scorer's; 0 keeps every event).
    #[arg(long, value_name = "0-1", value_parser = crate::confidence_arg)]
    pub min_confidence: Option<f32>,
}

/// One input item awaiting output, in input order.
enum Pending {
    Article(Box<Article>),
    Record(serde_json::Value),
}

/// Runs the filter; `Ok(true)` when stdin was read to the end.
pub fn run(args: &CodeArgs) -> anyhow::Result<bool> {
    let (pipeline, pool) = crate::analyze::load_pipeline_and_workers(&args.dicts, args.threads)?;
    let opts = ReadOptions {
        max_article_bytes: args.max_article_bytes,
        english_only: !args.all_languages,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let batch = args.batch.max(1);
    let mut pending: Vec<Pending> = Vec::with_capacity(batch);
    let mut n_articles = 0usize;
    let mut write_error: Option<std::io::Error> = None;
    let mut flush = |pending: &mut Vec<Pending>, write_error: &mut Option<std::io::Error>| {
        let items = std::mem::take(pending);
        if write_error.is_some() || items.is_empty() {
            return;
        }
        let lines: Vec<String> = pool.install(|| {
            items
                .into_par_iter()
                .map(|item| match item {
                    Pending::Article(a) => {
                        analyze_line(&pipeline, *a, args.with_text, args.min_confidence)
                    }
                    Pending::Record(v) => v.to_string(),
                })
                .collect()
        });
        let result = lines
            .iter()
            .try_for_each(|line| writeln!(out, "{line}"))
            .and_then(|()| out.flush());
        if let Err(e) = result {
            *write_error = Some(e);
        }
    };
    let stdin = [PathBuf::from("-")];
    newsgraph_read::read_paths(&stdin, &opts, &mut |item| {
        let record = match item {
            ReadItem::Article(a) => {
                n_articles += 1;
                Pending::Article(Box::new(a))
            }
            // Empty stdin is an empty Spark partition, not a bad article.
            ReadItem::Error(ReadError::Empty { .. }) => return,
            ReadItem::Skipped { origin, reason } => {
                Pending::Record(serde_json::json!({ "origin": origin, "skipped": reason }))
            }
            // Stdin is never walked as a directory; kept for completeness.
            ReadItem::NotArticle { origin, reason } => Pending::Record(
                serde_json::json!({ "origin": origin, "skipped": reason.to_string() }),
            ),
            ReadItem::Error(e) => {
                Pending::Record(serde_json::json!({ "origin": e.origin(), "error": e.to_string() }))
            }
        };
        pending.push(record);
        if pending.len() >= batch {
            flush(&mut pending, &mut write_error);
        }
    });
    flush(&mut pending, &mut write_error);
    match write_error {
        // The consumer closed the pipe: its choice, not a failure.
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(true),
        Some(e) => Err(e).context("writing records to stdout"),
        None => {
            if n_articles == 0 {
                eprintln!("newsgraph code: no articles on stdin");
            }
            Ok(true)
        }
    }
}

/// The record line for one article, or its error record if analysis panicked.
fn analyze_line(
    pipeline: &Pipeline,
    article: Article,
    with_text: bool,
    min_confidence: Option<f32>,
) -> String {
    let origin = article.origin.clone();
    let analyzed = catch_unwind(AssertUnwindSafe(|| {
        let mut doc = pipeline.analyze(article);
        crate::keep_confident(pipeline, &mut doc, min_confidence);
        serde_json::to_string(&ArticleJson::from_document(&doc, with_text))
    }));
    match analyzed {
        Ok(Ok(line)) => line,
        Ok(Err(e)) => {
            serde_json::json!({ "origin": origin, "error": format!("{origin}: {e}") }).to_string()
        }
        Err(_) => serde_json::json!({
            "origin": origin,
            "error": format!("{origin}: internal error while analyzing (please report)"),
        })
        .to_string(),
    }
}
