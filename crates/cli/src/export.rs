//! `newsgraph export`: the database as GDELT 2.0 Events / Mentions / GKG
//! tables, JSON Lines or CSV (formats in docs/gdelt-export.md).

use anyhow::Context;
use newsgraph_export::{ExportFilter, ExportFormat};
use newsgraph_store::Store;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ExportArgs {
    /// gdelt-events, gdelt-mentions, gdelt-gkg, jsonl, csv or parquet.
    #[arg(long)]
    format: String,
    #[arg(long, default_value = "newsgraph.db")]
    db: PathBuf,
    /// Write here instead of stdout.
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Events on or after this date (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Events on or before this date (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Actor code prefix on either side (e.g. RUS).
    #[arg(long)]
    actor: Option<String>,
    /// CAMEO code or root code.
    #[arg(long)]
    code: Option<String>,
    /// Publisher, as stored.
    #[arg(long)]
    source: Option<String>,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<bool> {
    let format = ExportFormat::parse(&args.format)
        .with_context(|| format!("unknown export format {:?}", args.format))?;
    if !args.db.exists() {
        anyhow::bail!(
            "{}: no such database (run `newsgraph ingest` first)",
            args.db.display()
        );
    }
    let store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let filter = ExportFilter {
        from: args.from.clone(),
        to: args.to.clone(),
        actor: args.actor.clone(),
        code: args.code.clone(),
        source: args.source.clone(),
    };
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let stats = newsgraph_export::export(&store, format, &filter, &mut out)?;
    out.flush()?;
    eprintln!(
        "exported {} row(s): {} article(s), {} event(s), {} mention(s)",
        stats.rows, stats.articles, stats.events, stats.mentions
    );
    Ok(true)
}
