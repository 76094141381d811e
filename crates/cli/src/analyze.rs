//! `newsgraph analyze`, and the read → analyze-in-parallel → ordered-output
//! driver that `ingest` shares.

use crate::InputArgs;
use anyhow::Context;
use indicatif::ProgressBar;
use newsgraph_doc::{tags, ArticleJson, Document, EntityType, Event};
use newsgraph_pipeline::Pipeline;
use newsgraph_read::{NotArticle, ReadItem, ReadOptions};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;

/// Counts of what happened to the inputs.
#[derive(Default, Debug)]
pub struct RunStats {
    pub articles: usize,
    /// Read but not analyzed (not English).
    pub skipped: usize,
    pub failed: usize,
    /// Files in the directories that were not read, per reason.
    pub not_articles: BTreeMap<NotArticle, usize>,
}

impl RunStats {
    /// Items the readers produced: one per article, skipped article or
    /// failed input. A progress bar's position counts the same.
    pub fn items(&self) -> usize {
        self.articles + self.skipped + self.failed
    }

    /// "2 file(s) in the input were not read: 1 × .pdf is not an article
    /// format, …", or None when every file was read.
    pub fn not_read_line(&self, verbose: bool) -> Option<String> {
        let n: usize = self.not_articles.values().sum();
        if n == 0 {
            return None;
        }
        let reasons: Vec<String> = self
            .not_articles
            .iter()
            .map(|(why, k)| format!("{k} × {why}"))
            .collect();
        Some(format!(
            "{n} file(s) in the input directories were not read: {}{}",
            reasons.join("; "),
            if verbose {
                ""
            } else {
                " (--verbose names them)"
            }
        ))
    }
}

/// The pipeline with the user's dictionaries, and the worker pool that runs it
/// (`threads` of `None` means one per core): what `analyze`, `ingest` and
/// `code` all start with.
pub(crate) fn load_pipeline_and_workers(
    dicts: &[std::path::PathBuf],
    threads: Option<usize>,
) -> anyhow::Result<(Pipeline, rayon::ThreadPool)> {
    // The parse dump (a debugging aid) needs every sentence parsed.
    let pipeline = Pipeline::load_with(dicts)
        .map_err(anyhow::Error::msg)?
        .parse_everything(show_parse());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    Ok((pipeline, pool))
}

/// Reads every input, analyzes articles `batch` at a time in parallel, and
/// calls `sink` with each batch's documents in input order. Read errors are
/// reported on stderr, one line each, and the run carries on. `progress`
/// advances by one per item ([`RunStats::items`]): skipped and failed inputs
/// at once, articles once their batch went through `sink`. `prepare` sees
/// each article as read, before its analysis (`ingest --published` dates
/// undated ones there, so relative times resolve against the given date).
pub fn for_each_batch(
    input: &InputArgs,
    batch: usize,
    progress: &ProgressBar,
    prepare: &dyn Fn(&mut newsgraph_doc::Article),
    mut sink: impl FnMut(Vec<Document>) -> anyhow::Result<()>,
) -> anyhow::Result<RunStats> {
    let (pipeline, pool) = load_pipeline_and_workers(&input.dicts, input.threads)?;
    let opts = ReadOptions {
        max_article_bytes: input.max_article_bytes,
        english_only: !input.all_languages,
    };
    let batch = batch.max(1);
    let mut stats = RunStats::default();
    let mut pending = Vec::with_capacity(batch);
    let mut sink_error: Option<anyhow::Error> = None;
    let mut flush = |pending: &mut Vec<newsgraph_doc::Article>,
                     sink_error: &mut Option<anyhow::Error>| {
        if pending.is_empty() || sink_error.is_some() {
            pending.clear();
            return;
        }
        let articles = std::mem::take(pending);
        let docs: Vec<Document> = pool.install(|| {
            articles
                .into_par_iter()
                .map(|a| {
                    let mut doc = pipeline.analyze(a);
                    crate::keep_confident(&pipeline, &mut doc, input.min_confidence);
                    doc
                })
                .collect()
        });
        let n = docs.len() as u64;
        match sink(docs) {
            Ok(()) => progress.inc(n),
            Err(e) => *sink_error = Some(e),
        }
    };
    newsgraph_read::read_paths(&input.paths, &opts, &mut |item| match item {
        ReadItem::Article(mut a) => {
            stats.articles += 1;
            prepare(&mut a);
            pending.push(a);
            if pending.len() >= batch {
                flush(&mut pending, &mut sink_error);
            }
        }
        ReadItem::Skipped { origin, reason } => {
            stats.skipped += 1;
            progress.inc(1);
            progress.suspend(|| eprintln!("note: skipped {origin}: {reason}"));
        }
        ReadItem::Error(e) => {
            stats.failed += 1;
            progress.inc(1);
            progress.suspend(|| eprintln!("newsgraph: {e}"));
        }
        ReadItem::NotArticle { origin, reason } => {
            if input.verbose {
                progress.suspend(|| eprintln!("note: not read {origin}: {reason}"));
            }
            *stats.not_articles.entry(reason).or_default() += 1;
        }
    });
    flush(&mut pending, &mut sink_error);
    match sink_error {
        Some(e) => Err(e),
        None => Ok(stats),
    }
}

/// What `analyze` prints per article.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Report,
    Json,
    Conllu,
}

impl Output {
    pub fn pick(json: bool, conllu: bool) -> Output {
        match (json, conllu) {
            (true, _) => Output::Json,
            (_, true) => Output::Conllu,
            _ => Output::Report,
        }
    }
}

pub fn run(input: &InputArgs, output: Output, with_text: bool) -> anyhow::Result<bool> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // The report keeps every event and lists those below the minimum
    // confidence apart, so a reader sees what the threshold left out.
    let min = input
        .min_confidence
        .unwrap_or_else(newsgraph_pipeline::default_min_confidence);
    let report_input;
    let input = if output == Output::Report {
        report_input = InputArgs {
            min_confidence: Some(0.0),
            ..input.clone()
        };
        &report_input
    } else {
        input
    };
    let stats = for_each_batch(input, 32, &ProgressBar::hidden(), &|_| {}, |docs| {
        for doc in &docs {
            match output {
                Output::Json => {
                    let j = ArticleJson::from_document(doc, with_text);
                    serde_json::to_writer(&mut out, &j)?;
                    writeln!(out)?;
                }
                Output::Conllu => write_conllu(&mut out, doc)?,
                Output::Report => write_report(&mut out, doc, min)?,
            }
        }
        out.flush()?;
        Ok(())
    });
    let stats = match stats {
        Ok(s) => s,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if is_broken_pipe(&e) => return Ok(true),
        Err(e) => return Err(e),
    };
    if let Some(line) = stats.not_read_line(input.verbose) {
        eprintln!("note: {line}");
    }
    if stats.articles == 0 && stats.failed == 0 && stats.skipped == 0 {
        eprintln!("newsgraph: no articles found in the given inputs");
        return Ok(false);
    }
    Ok(stats.failed == 0)
}

pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        || e.downcast_ref::<serde_json::Error>()
            .and_then(|j| j.io_error_kind())
            .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
}

/// The analysis as CoNLL-U, one block per sentence, for reading the parse
/// the coder worked from. Token offsets go in MISC as `Span=start-end`
/// (byte offsets into the text).
fn write_conllu(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    writeln!(out, "# newdoc id = {}", doc.article.id)?;
    for (n, s) in doc.sentences.iter().enumerate() {
        writeln!(out, "# sent_id = {}", n + 1)?;
        writeln!(out, "# text = {}", doc.span_text(s.span).replace('\n', " "))?;
        let range = s.token_range();
        let parsed = range.clone().any(|i| doc.tokens[i].head.is_some());
        for i in range.clone() {
            let t = &doc.tokens[i];
            let form = doc.span_text(t.span);
            let (head, rel) = match t.head {
                Some(h) => (
                    (h as usize + 1 - range.start).to_string(),
                    t.deprel_tag().as_str(),
                ),
                None if parsed => ("0".to_string(), "root"),
                None => ("_".to_string(), "_"),
            };
            let lemma = if t.lemma.is_empty() { "_" } else { &t.lemma };
            writeln!(
                out,
                "{}\t{form}\t{lemma}\t{}\t{}\t_\t{head}\t{rel}\t_\tSpan={}-{}",
                i + 1 - range.start,
                t.upos_tag().as_str(),
                newsgraph_doc::tags::XPOS
                    .get(t.xpos as usize)
                    .copied()
                    .unwrap_or("_"),
                t.span.start,
                t.span.end,
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The human-readable report: what an analyst wants to see first.
fn write_report(out: &mut impl Write, doc: &Document, min: f32) -> std::io::Result<()> {
    let a = &doc.article;
    writeln!(out, "━━ {}", a.title_text().unwrap_or("(untitled)"))?;
    writeln!(out, "id:        {}  ({})", a.id, a.origin)?;
    if let Some(s) = &a.source {
        writeln!(out, "source:    {s}")?;
    }
    if let Some(u) = &a.url {
        writeln!(out, "url:       {u}")?;
    }
    match a.published.date {
        Some(d) => writeln!(out, "published: {d} ({})", a.published.basis.as_str())?,
        None => writeln!(out, "published: unknown")?,
    }
    for ev in &a.published.evidence {
        writeln!(out, "           · {ev}")?;
    }
    writeln!(
        out,
        "size:      {} paragraphs, {} sentences, {} tokens",
        a.paragraphs.len(),
        doc.sentences.len(),
        doc.tokens.len()
    )?;
    for ty in EntityType::ALL {
        let ents: Vec<_> = doc
            .entities
            .iter()
            .filter(|e| e.entity_type == ty)
            .collect();
        if ents.is_empty() {
            continue;
        }
        writeln!(out, "\n{} ({})", ty.as_str(), ents.len())?;
        for e in ents {
            let mut line = format!("  {}", e.name);
            if !e.roles.is_empty() {
                line.push_str(&format!(" — {}", e.roles.join("; ")));
            }
            if let Some(code) = &e.actor {
                line.push_str(&format!(" [{code}]"));
            }
            line.push_str(&format!("  ×{}", e.mentions.len()));
            writeln!(out, "{line}")?;
        }
    }
    if !doc.quotes.is_empty() {
        writeln!(out, "\nQUOTES ({})", doc.quotes.len())?;
        for q in &doc.quotes {
            writeln!(
                out,
                "  {} ({}): “{}”",
                q.speaker.as_deref().unwrap_or("unknown speaker"),
                q.cue.as_deref().unwrap_or("-"),
                clip(doc.span_text(q.span), 160)
            )?;
        }
    }
    if !doc.times.is_empty() {
        writeln!(out, "\nTIMES ({})", doc.times.len())?;
        for t in &doc.times {
            writeln!(
                out,
                "  {:<32} {} {}{}",
                doc.span_text(t.span),
                t.timex_type.as_str(),
                t.value.as_deref().unwrap_or("?"),
                t.modifier
                    .as_deref()
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default()
            )?;
        }
    }
    if !doc.places.is_empty() {
        writeln!(out, "\nPLACES ({})", doc.places.len())?;
        for p in &doc.places {
            writeln!(out, "  {} {}", p.name, p.country.as_deref().unwrap_or(""))?;
        }
    }
    let (kept, low): (Vec<&Event>, Vec<&Event>) =
        doc.events.iter().partition(|e| e.confidence >= min);
    for (events, heading) in [
        (kept, "EVENTS".to_string()),
        (
            low,
            format!("BELOW THE MINIMUM CONFIDENCE {min:.2} (left out of JSON and the database unless --min-confidence is lowered)"),
        ),
    ] {
        if events.is_empty() {
            continue;
        }
        writeln!(out, "\n{heading} ({})", events.len())?;
        for e in events {
            writeln!(
                out,
                "  {} → {} {} ({}, {}, conf {:.2}) “{}”",
                e.source.as_deref().unwrap_or("?"),
                e.target.as_deref().unwrap_or("?"),
                e.code,
                e.modality.as_str(),
                e.date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".into()),
                e.confidence,
                clip(doc.span_text(e.evidence), 100)
            )?;
        }
    }
    if !doc.warnings.is_empty() {
        writeln!(out, "\nWARNINGS ({})", doc.warnings.len())?;
        for w in &doc.warnings {
            writeln!(out, "  [{}] {}", w.kind, w.message)?;
        }
    }
    if show_parse() {
        write_parse(out, doc)?;
    }
    writeln!(out)?;
    Ok(())
}

/// Whether the text report ends with the parse (`NEWSGRAPH_SHOW_PARSE`).
fn show_parse() -> bool {
    std::env::var_os("NEWSGRAPH_SHOW_PARSE").is_some()
}

/// CoNLL-U-like dump of the tokens, for debugging the models.
fn write_parse(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    for s in &doc.sentences {
        writeln!(out)?;
        for i in s.token_range() {
            let t = &doc.tokens[i];
            let head = t
                .head
                .map(|h| h as usize + 1 - s.token_start as usize)
                .unwrap_or(0);
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                i + 1 - s.token_start as usize,
                doc.span_text(t.span),
                t.lemma,
                tags::upos_name(t.upos),
                tags::xpos_name(t.xpos),
                head,
                tags::deprel_name(t.deprel)
            )?;
        }
    }
    Ok(())
}

fn clip(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        s.chars().take(max_chars).collect::<String>() + "…"
    }
}
