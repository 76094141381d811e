//! `newsgraph counts`: events per period and group (dyad-week tables), as
//! a table, JSON, CSV or Parquet. The store groups and merges
//! (`newsgraph_store::counts`); the export crate adds tone and writes the
//! file forms (`newsgraph_export::counts`).

use crate::query::{actor_arg, check_range, code_arg, date_arg};
use newsgraph_export::counts::{self as table, ToneCache};
use newsgraph_store::{values, CountBy, CountPer, EventQuery, Store};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct CountsArgs {
    /// The database to read (opened read-only).
    #[arg(long, default_value = "newsgraph.db")]
    db: PathBuf,
    /// Group by dyad (source,target), actor (an event counts under each of
    /// its actors), root (CAMEO root code), quad (QuadClass), plover
    /// (PLOVER event type) or place.
    #[arg(long, value_parser = by_arg)]
    by: CountBy,
    /// Period: day, week (ISO, from Monday) or month; rows are named by
    /// their first day.
    #[arg(long, value_parser = per_arg, default_value = "week")]
    per: CountPer,
    /// Actor code prefix, matched on source or target (e.g. RUS, USAGOV).
    #[arg(long, value_parser = actor_arg)]
    actor: Option<String>,
    /// CAMEO root code ("04") or code prefix ("042").
    #[arg(long, value_parser = code_arg)]
    code: Option<String>,
    /// asserted, attributed, anonymous, hedged, expected or negated.
    #[arg(long, value_parser = modality_arg)]
    modality: Option<String>,
    /// Events dated on or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = date_arg)]
    from: Option<String>,
    /// Events dated on or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = date_arg)]
    to: Option<String>,
    /// Only events whose confidence is at least this (0–1).
    #[arg(long, value_name = "0-1", value_parser = crate::confidence_arg)]
    min_confidence: Option<f32>,
    /// The whole table as one JSON object (as `GET /api/counts` sends it).
    #[arg(long, conflicts_with_all = ["csv", "parquet"])]
    json: bool,
    /// CSV with a header row.
    #[arg(long, conflicts_with = "parquet")]
    csv: bool,
    /// Write the table as a Parquet file here instead of printing it.
    #[arg(long, value_name = "FILE")]
    parquet: Option<PathBuf>,
}

fn by_arg(v: &str) -> Result<CountBy, String> {
    CountBy::parse(v)
}

fn per_arg(v: &str) -> Result<CountPer, String> {
    CountPer::parse(v)
}

fn modality_arg(v: &str) -> Result<String, String> {
    values::modality(v)
}

pub fn run(args: &CountsArgs) -> anyhow::Result<bool> {
    check_range(&args.from, &args.to)?;
    let q = EventQuery {
        actor: args.actor.clone(),
        code: args.code.clone().filter(|c| c.len() > 2),
        root: args.code.clone().filter(|c| c.len() == 2),
        modality: args.modality.iter().cloned().collect(),
        from: args.from.clone(),
        to: args.to.clone(),
        min_confidence: args.min_confidence,
        ..EventQuery::default()
    };
    let store = Store::open_read_only(&args.db)?;
    let cameo = newsgraph_dict::embedded_cameo()?;
    let t = table::table(&store, &q, args.by, args.per, &cameo, &ToneCache::default())?;
    if let Some(path) = &args.parquet {
        let mut file =
            std::fs::File::create(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        table::write_parquet(&t, &mut file)?;
        eprintln!("{} rows written to {}", t.rows.len(), path.display());
    } else {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let written = if args.json {
            serde_json::to_writer(&mut out, &t)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
                .and_then(|()| out.flush())
        } else if args.csv {
            table::write_csv(&t, &mut out)
        } else {
            print_table(&t, &mut out)
        };
        match written {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(true),
            other => other?,
        }
    }
    if !args.json {
        notes(&t, args.from.is_some() || args.to.is_some());
    }
    Ok(true)
}

/// Says on stderr what the rows do not show: undated events and events
/// without the grouping's key.
fn notes(t: &newsgraph_store::rows::CountTable, ranged: bool) {
    if t.n_undated > 0 {
        if ranged {
            eprintln!(
                "note: --from/--to left out {} undated event mention(s)",
                t.n_undated
            );
        } else {
            eprintln!(
                "note: {} event mention(s) have no date; their rows have an empty period",
                t.n_undated
            );
        }
    }
    if t.n_unkeyed > 0 {
        eprintln!(
            "note: {} event(s) have no {} and are in no row",
            t.n_unkeyed,
            match t.by.as_str() {
                "dyad" => "source or target",
                "actor" => "actor",
                "plover" => "PLOVER type",
                "place" => "place",
                other => other,
            }
        );
    }
}

fn print_table(t: &newsgraph_store::rows::CountTable, out: &mut dyn Write) -> std::io::Result<()> {
    let header = [
        "PERIOD", "KEY", "EVENTS", "MENTIONS", "ARTICLES", "GS SUM", "GS MEAN", "TONE", "LABEL",
    ];
    let cells: Vec<[String; 9]> = t
        .rows
        .iter()
        .map(|r| {
            [
                r.period.clone().unwrap_or_else(|| "undated".into()),
                r.key.clone(),
                r.n_events.to_string(),
                r.n_mentions.to_string(),
                r.n_articles.to_string(),
                format!("{:.1}", r.goldstein_sum),
                format!("{:.2}", r.goldstein_mean),
                r.tone_mean.map(|x| format!("{x:.2}")).unwrap_or_default(),
                r.label.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count()).min(40);
        }
    }
    let line = |row: Vec<String>| -> String {
        row.iter()
            .zip(&widths)
            .map(|(c, w)| {
                let c: String = c.chars().take(*w).collect();
                format!("{c:<w$}")
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(
        out,
        "{}",
        line(header.iter().map(|h| h.to_string()).collect())
    )?;
    for row in cells {
        writeln!(out, "{}", line(row.to_vec()))?;
    }
    writeln!(
        out,
        "({} rows, {} events by {} per {})",
        t.rows.len(),
        t.n_events,
        t.by,
        t.per
    )?;
    out.flush()
}
