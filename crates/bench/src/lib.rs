//! Shared pieces of the speed measurements: where the BBC corpus is, reading
//! it, running the pipeline one stage at a time with a clock around each
//! stage, and reading the process's peak memory.
//!
//! The stages timed are the pipeline's own list (`Pipeline::stages`), so a
//! per-stage figure is always of the calls `Pipeline::analyze` makes, in
//! its order, whatever stages it gains.

use newsgraph_doc::{Article, Document};
use newsgraph_pipeline::Pipeline;
use newsgraph_read::{ReadItem, ReadOptions};
use std::path::PathBuf;
use std::time::Duration;

/// The shared data directory: `NEWSGRAPH_SHARED` when set, else
/// `../shared/data` beside the repository (the layout of the project's
/// machines), found from this crate's source directory at build time.
pub fn shared_data_dir() -> PathBuf {
    std::env::var_os("NEWSGRAPH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// The BBC News corpus (2,225 articles in five topic folders):
/// `NEWSGRAPH_BBC` when set, else `news/bbc` in the shared data directory
/// ([`shared_data_dir`]).
pub fn bbc_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSGRAPH_BBC")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared_data_dir().join("news/bbc"));
    dir.is_dir().then_some(dir)
}

/// The five topic folders of the BBC corpus, in a fixed order.
pub fn bbc_paths(dir: &std::path::Path) -> Vec<PathBuf> {
    ["business", "entertainment", "politics", "sport", "tech"]
        .iter()
        .map(|t| dir.join(t))
        .filter(|p| p.is_dir())
        .collect()
}

/// Reads articles from `paths` (up to `limit`), dropping errors and skips.
pub fn read_articles(paths: &[PathBuf], limit: usize) -> Vec<Article> {
    let mut articles = Vec::new();
    newsgraph_read::read_paths(paths, &ReadOptions::default(), &mut |item| {
        if let ReadItem::Article(a) = item {
            if articles.len() < limit {
                articles.push(a);
            }
        }
    });
    articles
}

/// The pipeline's stage names, in the order they run (`tag` is the tagger
/// and lemmatizer; `parse` parses the sentences `plan` names; crates/nlp's
/// own bench times the models alone).
pub fn stage_names(pipeline: &Pipeline) -> Vec<&'static str> {
    pipeline.stages().map(|s| s.name()).collect()
}

/// Runs every stage of `pipeline` over one article, adding each stage's CPU
/// time (this thread's) to `clock`, indexed like [`stage_names`] (a
/// shorter `clock` is grown with zeros).
pub fn run_stages(pipeline: &Pipeline, article: Article, clock: &mut Vec<Duration>) -> Document {
    clock.resize(clock.len().max(pipeline.stages().len()), Duration::ZERO);
    let mut doc = Document::new(article);
    let mut lap = thread_cpu();
    for (stage, spent) in pipeline.stages().zip(clock.iter_mut()) {
        stage.run(&mut doc);
        let now = thread_cpu();
        *spent += now - lap;
        lap = now;
    }
    doc
}

/// CPU time this thread has run (`/proc/thread-self/schedstat`, in ns).
/// On a shared, oversubscribed machine wall time mostly measures the other
/// tenants; CPU time is what a stage costs. Zero where unavailable.
pub fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// CPU time of the whole process, all threads (`/proc/self/stat` utime +
/// stime, 10 ms ticks). Zero where unavailable.
pub fn process_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the parenthesized command name; utime and stime are the
    // 14th and 15th fields overall, so the 12th and 13th after it.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Peak resident memory of this process in MiB (`VmHWM`), where the
/// platform reports it.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Keeps mimalloc's peak memory near glibc's. mimalloc v3 holds freed pages
/// for a second before returning them; purging at once kept the peak RSS
/// of model loading at glibc's level (with `no_thp`, see Cargo.toml, which
/// stops it from asking for transparent huge pages: those alone added ~45 MiB
/// to a one-article run). Call first thing in `main`.
pub fn tune_allocator() {
    // Option number of `mi_option_purge_delay` in `mi_option_e` (mimalloc.h,
    // v3, as pinned in Cargo.lock); libmimalloc-sys does not name it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mi_option_set only stores an integer in mimalloc's option
    // table; it takes no pointers and is safe to call at any time.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_doc::ArticleBuilder;

    #[test]
    fn timing_the_stages_changes_no_output() {
        let pipeline = Pipeline::load().expect("embedded models load");
        let article = ArticleBuilder::new("t")
            .title("Police arrest three after Paris blast")
            .paragraph(
                "Police in Paris arrested three men on Tuesday after a bomb exploded near \
                 the station, officials said. \"We will find them,\" the minister said.",
            )
            .build();
        let mut clock = Vec::new();
        let staged = run_stages(&pipeline, article.clone(), &mut clock);
        assert_eq!(clock.len(), stage_names(&pipeline).len());
        let whole = pipeline.analyze(article);
        let json = |d: &Document| {
            serde_json::to_string(&newsgraph_doc::ArticleJson::from_document(d, false)).unwrap()
        };
        assert_eq!(json(&staged), json(&whole));
        assert!(!staged.tokens.is_empty());
    }

    #[test]
    fn peak_rss_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_mib().is_some_and(|m| m > 0.0));
        }
    }
}
