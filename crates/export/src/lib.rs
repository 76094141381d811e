//! Exports the store: GDELT 2.0 Events (61 columns), Mentions (16) and GKG
//! 2.1 (27) as tab-separated rows, JSON Lines, CSV, and Parquet behind the
//! `parquet` feature (those three GDELT tables typed, plus articles,
//! entities, quotes and places tables; [`ParquetTable`]). Layouts follow
//! GDELT's codebooks as observed in real rows (see `docs/gdelt-export.md`);
//! [`grammar`] checks rows against them.
//!
//! Tone, themes and amounts are computed from the stored article text at
//! export time ([`text`]), so improving them needs no re-ingest. Geography
//! comes from the stored places, completed from the embedded gazetteer
//! (FIPS codes, ADM1, GDELT geo type). The same event reported by several
//! articles becomes one Events row with one Mentions row per article.
//!
//! Reads the database only; writes nothing but `out` (or, for
//! [`export_parquet_dir`], the table files in its directory).

pub mod counts;
pub mod gdelt;
pub mod grammar;
mod load;
#[cfg(feature = "parquet")]
pub mod parquet_file;
mod plain;
pub mod quotes;
pub mod text;

use newsgraph_store::Store;
use std::path::{Path, PathBuf};

/// Output formats of `newsgraph export --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    GdeltEvents,
    GdeltMentions,
    GdeltGkg,
    Jsonl,
    Csv,
    Parquet,
}

impl ExportFormat {
    /// The `--format` names, in the order help and errors list them.
    pub const NAMES: [&'static str; 6] = [
        "gdelt-events",
        "gdelt-mentions",
        "gdelt-gkg",
        "jsonl",
        "csv",
        "parquet",
    ];

    /// Parses the `--format` value: `gdelt-events`, `gdelt-mentions`,
    /// `gdelt-gkg`, `jsonl`, `csv`, `parquet`.
    pub fn parse(s: &str) -> Option<ExportFormat> {
        Some(match s {
            "gdelt-events" => ExportFormat::GdeltEvents,
            "gdelt-mentions" => ExportFormat::GdeltMentions,
            "gdelt-gkg" => ExportFormat::GdeltGkg,
            "jsonl" => ExportFormat::Jsonl,
            "csv" => ExportFormat::Csv,
            "parquet" => ExportFormat::Parquet,
            _ => return None,
        })
    }
}

/// The tables of the Parquet export, one file each (`<name>.parquet`).
/// Events, Mentions and Gkg are the GDELT tables with GDELT's column names
/// and types; the others are newsgraph's own facts, joined on `article_id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParquetTable {
    Events,
    Mentions,
    Gkg,
    Articles,
    Entities,
    Quotes,
    Places,
}

impl ParquetTable {
    /// Every table, in the order `export_parquet_dir` writes them.
    pub const ALL: [ParquetTable; 7] = [
        ParquetTable::Events,
        ParquetTable::Mentions,
        ParquetTable::Gkg,
        ParquetTable::Articles,
        ParquetTable::Entities,
        ParquetTable::Quotes,
        ParquetTable::Places,
    ];

    /// `events`, `mentions`, `gkg`, `articles`, `entities`, `quotes`, `places`.
    pub fn name(self) -> &'static str {
        match self {
            ParquetTable::Events => "events",
            ParquetTable::Mentions => "mentions",
            ParquetTable::Gkg => "gkg",
            ParquetTable::Articles => "articles",
            ParquetTable::Entities => "entities",
            ParquetTable::Quotes => "quotes",
            ParquetTable::Places => "places",
        }
    }

    /// Parses a table name (`--table`).
    pub fn parse(s: &str) -> Option<ParquetTable> {
        ParquetTable::ALL.into_iter().find(|t| t.name() == s)
    }

    /// `<name>.parquet`.
    pub fn file_name(self) -> String {
        format!("{}.parquet", self.name())
    }
}

/// Which rows to export. Dates are `YYYY-MM-DD`, inclusive, on the event
/// date (articles: publication date). `actor` is a CAMEO code prefix of
/// either actor, `code` a CAMEO root ("04") or full code ("042"), `source`
/// the publisher name.
#[derive(Clone, Debug, Default)]
pub struct ExportFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    pub actor: Option<String>,
    pub code: Option<String>,
    pub source: Option<String>,
    /// Only event mentions whose confidence is at least this (those stored
    /// without one are left out).
    pub min_confidence: Option<f32>,
    /// Only these event mentions, as (article id, idx): the events a
    /// caller selected with the store's own event filter
    /// ([`Store::event_keys`], the events view's filters), so a download
    /// holds exactly the events on screen. Articles without one are left
    /// out.
    pub events: Option<std::collections::HashSet<(String, i64)>>,
}

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportStats {
    pub articles: usize,
    /// Events: the event mentions of one event (same actors, root code and
    /// place, at most a day apart) merged, as GDELT's Events table counts.
    pub events: usize,
    /// Event mentions: one per event coded in an article, as the database,
    /// `query events`, the API and the page count.
    pub mentions: usize,
    pub rows: usize,
}

#[derive(thiserror::Error, Debug)]
pub enum ExportError {
    /// The database could not be read.
    #[error("export: {0}")]
    Store(#[from] newsgraph_store::StoreError),
    /// Writing the output failed (a closed pipe, a full disk).
    #[error("export: write failed: {0}")]
    Io(#[from] std::io::Error),
    /// The embedded gazetteer could not be loaded.
    #[error("export: {0}")]
    Geo(#[from] newsgraph_geo::GeoError),
    /// Writing a Parquet file failed in the Parquet encoder.
    #[error("export: parquet: {0}")]
    Parquet(String),
    /// Creating or writing an output file failed.
    #[error("export: {}: {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The format needs a cargo feature this binary was built without.
    #[error("export: {0} output needs newsgraph built with `--features parquet`")]
    FeatureMissing(&'static str),
}

/// Writes the filtered store to `out` in `format`. Parquet writes the
/// events table; [`export_parquet_table`] and [`export_parquet_dir`] write
/// the others.
pub fn export(
    store: &Store,
    format: ExportFormat,
    filter: &ExportFilter,
    out: &mut dyn std::io::Write,
) -> Result<ExportStats, ExportError> {
    let gaz = newsgraph_geo::Gazetteer::embedded()?;
    let data = load::load(store, filter)?;
    let stats = match format {
        ExportFormat::GdeltEvents | ExportFormat::GdeltMentions | ExportFormat::GdeltGkg => {
            gdelt::write(&data, &gaz, format, out)?
        }
        ExportFormat::Jsonl => plain::jsonl(&data, &gaz, out)?,
        ExportFormat::Csv => plain::csv(&data, &gaz, out)?,
        ExportFormat::Parquet => {
            return export_parquet_table(store, ParquetTable::Events, filter, out)
        }
    };
    out.flush()?;
    Ok(stats)
}

/// Writes one table of the Parquet export to `out` as a whole Parquet file
/// (built in memory first: the encoder needs a `Send` writer). `rows` in
/// the stats is the table's row count.
pub fn export_parquet_table(
    store: &Store,
    table: ParquetTable,
    filter: &ExportFilter,
    out: &mut dyn std::io::Write,
) -> Result<ExportStats, ExportError> {
    #[cfg(feature = "parquet")]
    {
        let gaz = newsgraph_geo::Gazetteer::embedded()?;
        let data = load::load(store, filter)?;
        let t = parquet_file::build(&data, &gaz, table);
        let mut buf = Vec::new();
        parquet_file::write(&t, &mut buf)?;
        out.write_all(&buf)?;
        out.flush()?;
        Ok(parquet_file::stats(&data, &t))
    }
    #[cfg(not(feature = "parquet"))]
    {
        let _ = (store, table, filter, out);
        Err(ExportError::FeatureMissing("parquet"))
    }
}

/// One table of the Parquet export as named, typed columns and rows, for
/// callers that hand it on in memory instead of as a file (the Python
/// package's DataFrames): the same rows and values `export_parquet_table`
/// writes.
#[cfg(feature = "parquet")]
pub fn export_table(
    store: &Store,
    table: ParquetTable,
    filter: &ExportFilter,
) -> Result<parquet_file::Table, ExportError> {
    let gaz = newsgraph_geo::Gazetteer::embedded()?;
    let data = load::load(store, filter)?;
    Ok(parquet_file::build(&data, &gaz, table))
}

/// Writes every table of the Parquet export into `dir` (created if
/// missing) as `<table>.parquet`, reading the store once. Each file is
/// written beside its final name and renamed when complete, so a reader
/// never sees half a file. Returns each table's path and stats.
pub fn export_parquet_dir(
    store: &Store,
    filter: &ExportFilter,
    dir: &Path,
) -> Result<Vec<(ParquetTable, PathBuf, ExportStats)>, ExportError> {
    #[cfg(feature = "parquet")]
    {
        let file_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ExportError::File { path, source }
        };
        std::fs::create_dir_all(dir).map_err(file_err(dir))?;
        let gaz = newsgraph_geo::Gazetteer::embedded()?;
        let data = load::load(store, filter)?;
        let mut written = Vec::new();
        for table in ParquetTable::ALL {
            let path = dir.join(table.file_name());
            let tmp = dir.join(format!(".{}.tmp", table.file_name()));
            let t = parquet_file::build(&data, &gaz, table);
            let file = std::fs::File::create(&tmp).map_err(file_err(&tmp))?;
            let mut w = std::io::BufWriter::new(file);
            let done = parquet_file::write(&t, &mut w)
                .and_then(|()| std::io::Write::flush(&mut w).map_err(file_err(&tmp)));
            drop(w);
            if let Err(e) = done {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
            std::fs::rename(&tmp, &path).map_err(file_err(&path))?;
            written.push((table, path, parquet_file::stats(&data, &t)));
        }
        Ok(written)
    }
    #[cfg(not(feature = "parquet"))]
    {
        let _ = (store, filter, dir);
        Err(ExportError::FeatureMissing("parquet"))
    }
}

#[cfg(all(test, feature = "parquet"))]
mod parquet_tests;
#[cfg(test)]
mod tests;
