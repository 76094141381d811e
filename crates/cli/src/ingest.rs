//! `newsgraph ingest`: analyze articles and store them in SQLite.

use crate::analyze::for_each_batch;
use crate::InputArgs;
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph_doc::ArticleJson;
use newsgraph_store::{IngestStats, Store};
use std::io::IsTerminal;
use std::path::Path;

pub fn run(input: &InputArgs, db: &Path, batch: usize) -> anyhow::Result<bool> {
    // The store's error names the path and the problem on one line.
    let mut store = Store::open(db)?;
    // A spinner only on a terminal: logs and CI get the summary line alone.
    let progress = if std::io::stderr().is_terminal() {
        let p = ProgressBar::new_spinner();
        p.set_style(
            ProgressStyle::with_template("{spinner} {pos} articles stored ({per_sec}) {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        p
    } else {
        ProgressBar::hidden()
    };
    let mut total = IngestStats::default();
    let stats = for_each_batch(input, batch, |docs| {
        let rows: Vec<ArticleJson> = docs
            .iter()
            .map(|d| ArticleJson::from_document(d, true))
            .collect();
        // Each batch is one transaction: a kill mid-batch loses that batch
        // only, and every stored article has all of its rows.
        let s = store.ingest(&rows)?;
        total.inserted += s.inserted;
        total.skipped += s.skipped;
        progress.inc(docs.len() as u64);
        Ok(())
    })?;
    progress.finish_and_clear();
    eprintln!(
        "ingested {} new article(s) into {} ({} already stored, {} skipped, {} failed)",
        total.inserted,
        db.display(),
        total.skipped,
        stats.skipped,
        stats.failed
    );
    Ok(stats.failed == 0)
}
