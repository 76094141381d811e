//! `newsgraph ingest`: analyze articles and store them in SQLite.
//!
//! The summary counts every input item once: new, already stored,
//! duplicate within this run (the same text twice in the input), skipped
//! (not English) or failed, plus the files of the input directories that
//! were not read. On a terminal, a bar shows the same count against the
//! total when it is known beforehand (see [`count_items`]).
//!
//! What the input does not say can be given ([`Given`]): a publisher and a
//! publication date for the articles that lack one, and tags (a collection
//! or folder name) stored with every article of the run.

use crate::analyze::{for_each_batch, RunStats};
use crate::InputArgs;
use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use newsgraph_doc::ArticleJson;
use newsgraph_store::Store;
use std::collections::HashSet;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

/// What the user tells ingest about the articles.
#[derive(clap::Args, Clone, Default)]
pub struct Given {
    /// Publisher for the articles whose input names none (an input's own
    /// source is kept).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Publication date (YYYY-MM-DD) for the articles whose input carries
    /// none, recorded with basis "given"; the text is then not searched for
    /// a date, and relative times ("yesterday") resolve against this one.
    #[arg(long, value_name = "DATE", value_parser = published_arg)]
    pub published: Option<chrono::NaiveDate>,
    /// A tag stored with every article of this run (e.g. the folder name),
    /// for `query articles --tag`; repeat for several. Articles already
    /// stored get the tag too.
    #[arg(long = "tag", value_name = "NAME", value_parser = tag_arg)]
    pub tags: Vec<String>,
}

fn published_arg(v: &str) -> Result<chrono::NaiveDate, String> {
    let d = newsgraph_store::values::date(v)?;
    chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| format!("'{v}': {e}"))
}

fn tag_arg(v: &str) -> Result<String, String> {
    newsgraph_store::values::tag(v)
}

impl Given {
    /// Fills what the reader left empty.
    fn apply(&self, a: &mut newsgraph_doc::Article) {
        if a.source.is_none() {
            a.source.clone_from(&self.source);
        }
        if let Some(d) = self.published {
            if a.published.date.is_none() {
                a.published.date = Some(d);
                a.published.basis = newsgraph_doc::PublishedBasis::Given;
                a.published
                    .evidence
                    .push(format!("given at ingest: --published {d}"));
            }
        }
    }
}

/// What one ingest run did with its articles.
#[derive(Default, Debug)]
struct Stored {
    inserted: usize,
    /// In the database before this run.
    already: usize,
    /// The same article earlier in this run's input.
    duplicates: usize,
}

pub fn run(input: &InputArgs, db: &Path, batch: usize, given: &Given) -> anyhow::Result<bool> {
    // An existing database is opened now, so a bad one fails before the
    // models load; a new one is created with the first batch, so an input
    // without articles leaves no empty database behind.
    let mut store = if db.exists() {
        Some(Store::open(db)?)
    } else {
        Store::check_can_create(db)?;
        None
    };
    let progress = progress_bar(&input.paths);
    let mut stored = Stored::default();
    let mut seen: HashSet<String> = HashSet::new();
    let apply = |a: &mut newsgraph_doc::Article| given.apply(a);
    let stats = for_each_batch(input, batch, &progress, &apply, |docs| {
        let mut rows = Vec::with_capacity(docs.len());
        for d in &docs {
            let row = ArticleJson::from_document(d, true);
            if seen.insert(row.id.clone()) {
                rows.push(row);
            } else {
                stored.duplicates += 1;
            }
        }
        if store.is_none() {
            store = Some(Store::open(db)?);
        }
        if let Some(store) = store.as_mut() {
            // Each batch is one transaction: a kill mid-batch loses that
            // batch only, and every stored article has all of its rows.
            let s = store.ingest_tagged(&rows, &given.tags)?;
            stored.inserted += s.inserted;
            stored.already += s.skipped;
        }
        Ok(())
    })?;
    progress.finish_and_clear();
    if let Some(line) = stats.not_read_line(input.verbose) {
        eprintln!("note: {line}");
    }
    if stats.articles == 0 {
        anyhow::bail!("{}", no_articles(&stats, db, store.is_some()));
    }
    eprintln!("{}", summary(&stats, &stored, db));
    Ok(stats.failed == 0)
}

/// The final line: every item of the input once, summing to the bar's
/// count.
fn summary(stats: &RunStats, stored: &Stored, db: &Path) -> String {
    format!(
        "ingested {} new article(s) into {} ({} already stored, {} duplicate(s) within this run, \
         {} skipped, {} failed; {} input item(s) in all)",
        stored.inserted,
        db.display(),
        stored.already,
        stored.duplicates,
        stats.skipped,
        stats.failed,
        stats.items()
    )
}

/// Why there was nothing to ingest, for the error line.
fn no_articles(stats: &RunStats, db: &Path, existed: bool) -> String {
    let n_not_read: usize = stats.not_articles.values().sum();
    let mut seen = Vec::new();
    if stats.skipped > 0 {
        seen.push(format!("{} skipped", stats.skipped));
    }
    if stats.failed > 0 {
        seen.push(format!("{} failed", stats.failed));
    }
    if n_not_read > 0 {
        seen.push(format!("{n_not_read} file(s) not read"));
    }
    let seen = if seen.is_empty() {
        "the input holds no article files".to_string()
    } else {
        seen.join(", ")
    };
    let db_note = if existed {
        format!("{} is unchanged", db.display())
    } else {
        format!("{} was not created", db.display())
    };
    format!("no articles to ingest ({seen}); {db_note}")
}

/// A bar with total, percentage and ETA when [`count_items`] knows the
/// total, a counting spinner otherwise; hidden when stderr is not a
/// terminal (logs and CI get the summary line alone).
fn progress_bar(paths: &[PathBuf]) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    // Whole articles per second: decimals of a rate are noise.
    let rate = |state: &ProgressState, w: &mut dyn std::fmt::Write| {
        let _ = write!(w, "{:.0}/s", state.per_sec());
    };
    match count_items(paths) {
        Some(total) => {
            let p = ProgressBar::new(total);
            p.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} input items {percent}% ({rate}, ETA {eta})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .with_key("rate", rate),
            );
            p
        }
        None => {
            let p = ProgressBar::new_spinner();
            p.set_style(
                ProgressStyle::with_template("{spinner} {pos} input items ({rate})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner())
                    .with_key("rate", rate),
            );
            p
        }
    }
}

/// The number of input items (articles, or inputs that fail or are
/// skipped) the paths will give, when it is cheap to know: one per text or
/// HTML file, one per non-blank line of an uncompressed JSON Lines file.
/// None for stdin, gzipped JSON Lines and WARC, whose article count is only
/// known by decompressing or parsing them.
pub(crate) fn count_items(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0u64;
    for file in newsgraph_read::list_files(paths)? {
        if newsgraph_read::is_single_article_file(&file) {
            total += 1;
            continue;
        }
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let jsonl = [".jsonl", ".ndjson", ".json"]
            .iter()
            .any(|e| name.ends_with(e));
        if !jsonl {
            return None;
        }
        // Counting lines reads the file once more, at disk speed: far
        // quicker than analysing it.
        let f = std::fs::File::open(&file).ok()?;
        let mut lines = 0u64;
        for line in std::io::BufReader::new(f).split(b'\n') {
            if !line.ok()?.iter().all(u8::is_ascii_whitespace) {
                lines += 1;
            }
        }
        total += lines;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_23_counts_items_before_reading() {
        let dir = std::env::temp_dir().join(format!("newsgraph-count-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.txt"), "A\n\nbody").unwrap();
        std::fs::write(dir.join("sub/b.html"), "<p>x</p>").unwrap();
        std::fs::write(dir.join("README.txt"), "about").unwrap();
        std::fs::write(dir.join("c.pdf"), "%PDF").unwrap();
        std::fs::write(
            dir.join("d.jsonl"),
            "{\"text\":\"a\"}\n\n{\"text\":\"b\"}\n",
        )
        .unwrap();
        assert_eq!(count_items(std::slice::from_ref(&dir)), Some(4));
        std::fs::write(dir.join("e.jsonl.gz"), "x").unwrap();
        assert_eq!(count_items(std::slice::from_ref(&dir)), None);
        assert_eq!(count_items(&[PathBuf::from("-")]), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
