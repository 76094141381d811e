//! Exports the store: GDELT 2.0 Events (61 columns), Mentions (16) and GKG
//! 2.1 (27) as tab-separated rows, JSON Lines, CSV, and Parquet behind the
//! `parquet` feature. Layouts follow GDELT's codebooks as observed in real
//! rows (see `docs/gdelt-export.md`); [`grammar`] checks rows against them.
//!
//! Tone, themes and amounts are computed from the stored article text at
//! export time ([`text`]), so improving them needs no re-ingest. Geography
//! comes from the stored places, completed from the embedded gazetteer
//! (FIPS codes, ADM1, GDELT geo type). The same event reported by several
//! articles becomes one Events row with one Mentions row per article.
//!
//! Reads the database only; writes nothing but `out`.

pub mod gdelt;
pub mod grammar;
mod load;
mod plain;
pub mod text;

use newsgraph_store::Store;

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
}

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportStats {
    pub articles: usize,
    /// Events after merging the same event across articles.
    pub events: usize,
    pub mentions: usize,
    pub rows: usize,
}

#[derive(thiserror::Error, Debug)]
pub enum ExportError {
    /// The database could not be read.
    #[error("export: {0}")]
    Store(#[from] newsgraph_store::StoreError),
    /// A query failed.
    #[error("export: database query failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Writing the output failed (a closed pipe, a full disk).
    #[error("export: write failed: {0}")]
    Io(#[from] std::io::Error),
    /// The embedded gazetteer could not be loaded.
    #[error("export: {0}")]
    Geo(#[from] newsgraph_geo::GeoError),
    /// The format needs a cargo feature this binary was built without.
    #[error("export: {0} output needs newsgraph built with `--features parquet`")]
    FeatureMissing(&'static str),
}

/// Writes the filtered store to `out` in `format`.
pub fn export(
    store: &Store,
    format: ExportFormat,
    filter: &ExportFilter,
    out: &mut dyn std::io::Write,
) -> Result<ExportStats, ExportError> {
    let gaz = newsgraph_geo::Gazetteer::embedded()?;
    let data = load::load(store.connection(), filter)?;
    let stats = match format {
        ExportFormat::GdeltEvents | ExportFormat::GdeltMentions | ExportFormat::GdeltGkg => {
            gdelt::write(&data, &gaz, format, out)?
        }
        ExportFormat::Jsonl => plain::jsonl(&data, &gaz, out)?,
        ExportFormat::Csv => plain::csv(&data, &gaz, out)?,
        ExportFormat::Parquet => return Err(ExportError::FeatureMissing("parquet")),
    };
    out.flush()?;
    Ok(stats)
}

#[cfg(test)]
mod tests;
