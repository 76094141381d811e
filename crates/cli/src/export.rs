//! `newsgraph export`: the database as GDELT 2.0 Events / Mentions / GKG
//! tables, JSON Lines, CSV or Parquet (formats in docs/gdelt-export.md).

use anyhow::Context;
use newsgraph_export::{ExportFilter, ExportFormat, ParquetTable};
use newsgraph_store::Store;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ExportArgs {
    /// gdelt-events, gdelt-mentions, gdelt-gkg, jsonl, csv or parquet
    /// (any case).
    #[arg(long, value_parser = format_arg)]
    format: ExportFormat,
    /// The database to read (opened read-only).
    #[arg(long, default_value = "newsgraph.db")]
    db: PathBuf,
    /// Write here instead of stdout. With --format parquet and no --table:
    /// the directory that gets one <table>.parquet file per table.
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Parquet only: write just this table (events, mentions, gkg,
    /// articles, entities, quotes, places) to --out FILE or stdout.
    #[arg(long)]
    table: Option<String>,
    /// On or after this date (YYYY-MM-DD): events by their own date,
    /// articles by their publication date.
    #[arg(long, value_parser = crate::query::date_arg)]
    from: Option<String>,
    /// Events dated on or before this date (YYYY-MM-DD), as --from.
    #[arg(long, value_parser = crate::query::date_arg)]
    to: Option<String>,
    /// Actor code prefix on either side (e.g. RUS).
    #[arg(long, value_parser = crate::query::actor_arg)]
    actor: Option<String>,
    /// CAMEO code or root code.
    #[arg(long, value_parser = crate::query::code_arg)]
    code: Option<String>,
    /// Publisher, as stored.
    #[arg(long)]
    source: Option<String>,
    /// Only events whose confidence is at least this (0–1); events stored
    /// before confidences were kept (schema < 6) have none and are left out.
    #[arg(long, value_name = "0-1", value_parser = crate::confidence_arg)]
    min_confidence: Option<f32>,
}

/// `--format`, in any case; a refusal lists the formats.
fn format_arg(v: &str) -> Result<ExportFormat, String> {
    let names = ExportFormat::NAMES;
    let name = newsgraph_store::values::one_of(v, &names, str::to_ascii_lowercase)?;
    ExportFormat::parse(&name).ok_or_else(|| format!("'{v}' is not an export format"))
}

pub fn run(args: &ExportArgs) -> anyhow::Result<bool> {
    crate::query::check_range(&args.from, &args.to)?;
    let format = args.format;
    let parquet = format == ExportFormat::Parquet;
    let table = match &args.table {
        Some(_) if !parquet => anyhow::bail!("--table applies to --format parquet only"),
        Some(name) => Some(
            ParquetTable::parse(&name.to_ascii_lowercase()).with_context(|| {
                format!(
                    "unknown table {name:?} (one of {})",
                    ParquetTable::ALL.map(ParquetTable::name).join(", ")
                )
            })?,
        ),
        None => None,
    };
    if parquet && table.is_none() {
        match &args.out {
            None => anyhow::bail!(
                "--format parquet writes one file per table: give --out DIR for every table, \
                 or --table NAME [--out FILE] for one"
            ),
            Some(dir) if dir.extension().is_some_and(|e| e == "parquet") && !dir.is_dir() => {
                anyhow::bail!(
                    "{}: without --table, --out is a directory; for one table give \
                     --table events --out {}",
                    dir.display(),
                    dir.display()
                )
            }
            Some(_) => {}
        }
    }
    if parquet && args.out.is_none() && std::io::stdout().is_terminal() {
        anyhow::bail!("not writing Parquet to a terminal: give --out FILE or redirect stdout");
    }
    // Read-only: exporting works on a database this user may not write and
    // leaves no file beside it. The store's error names the path once.
    let store = Store::open_read_only(&args.db)?;
    let filter = ExportFilter {
        from: args.from.clone(),
        to: args.to.clone(),
        actor: args.actor.clone(),
        code: args.code.clone(),
        source: args.source.clone(),
        min_confidence: args.min_confidence,
        ..ExportFilter::default()
    };
    if parquet && table.is_none() {
        let dir = args.out.as_deref().unwrap_or(Path::new("."));
        return export_parquet_dir(&store, &filter, dir);
    }
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let stats = match table {
        Some(t) => newsgraph_export::export_parquet_table(&store, t, &filter, &mut out)?,
        None => newsgraph_export::export(&store, format, &filter, &mut out)?,
    };
    out.flush()?;
    eprintln!(
        "exported {} row(s): {} article(s), {}",
        stats.rows,
        stats.articles,
        events_and_mentions(&stats)
    );
    Ok(true)
}

/// `--format parquet --out DIR`: every table, one file each.
fn export_parquet_dir(store: &Store, filter: &ExportFilter, dir: &Path) -> anyhow::Result<bool> {
    let written = newsgraph_export::export_parquet_dir(store, filter, dir)?;
    for (_, path, stats) in &written {
        eprintln!("wrote {} ({} row(s))", path.display(), stats.rows);
    }
    if let Some((_, _, stats)) = written.first() {
        eprintln!(
            "exported {} article(s), {} as {} Parquet table(s) in {}",
            stats.articles,
            events_and_mentions(stats),
            written.len(),
            dir.display()
        );
    }
    Ok(true)
}

/// The two event counts, named: `query events`, the API and the page count
/// event mentions (one per article reporting an event); the GDELT and CSV
/// exports merge them into events.
fn events_and_mentions(stats: &newsgraph_export::ExportStats) -> String {
    format!(
        "{} event(s) merged from {} event mention(s)",
        stats.events, stats.mentions
    )
}
