//! The counts table (`newsgraph counts`, `GET /api/counts`) with the tone
//! of each event's articles, and its CSV and Parquet forms.
//!
//! The store groups and merges ([`Store::count_events`]); tone is computed here
//! from the stored text ([`text::tone`], GDELT's AvgTone), as the other
//! exports compute it, once per article a request touches. A [`ToneCache`]
//! keeps the tones between requests (the server holds one); the text does
//! not change once stored, so a cached tone never goes stale.
//!
//! Columns, in the CSV's order and the Parquet file's: `period` (DATE in
//! Parquet, `YYYY-MM-DD`, the period's first day; empty/null for undated
//! events), `key`, `label`, `source`, `target`, `n_events`, `n_mentions`,
//! `n_articles`, `goldstein_sum`, `goldstein_mean`, `tone_mean`.

use crate::text;
use crate::ExportError;
use newsgraph_dict::cameo::CameoTable;
use newsgraph_store::rows::CountTable;
use newsgraph_store::{CountBy, CountPer, EventQuery, Store};
use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

/// Article tones by id, shared between requests.
#[derive(Default)]
pub struct ToneCache {
    tones: Mutex<HashMap<String, Option<f64>>>,
}

impl ToneCache {
    /// The tone of article `id`, computed from its stored text the first
    /// time; None for an article not found.
    fn tone(&self, store: &Store, id: &str) -> Option<f64> {
        if let Some(t) = self.tones.lock().ok().and_then(|m| m.get(id).copied()) {
            return t;
        }
        let t = store
            .article_text(id)
            .ok()
            .flatten()
            .map(|s| text::tone(&s).tone);
        if let Ok(mut m) = self.tones.lock() {
            m.insert(id.to_string(), t);
        }
        t
    }
}

/// The counts table of the events matching `q`, with tones.
pub fn table(
    store: &Store,
    q: &EventQuery,
    by: CountBy,
    per: CountPer,
    cameo: &CameoTable,
    cache: &ToneCache,
) -> Result<CountTable, ExportError> {
    let tone = |id: &str| cache.tone(store, id);
    Ok(store.count_events(q, by, per, cameo, &tone)?)
}

/// The column names, in order.
pub const COLUMNS: [&str; 11] = [
    "period",
    "key",
    "label",
    "source",
    "target",
    "n_events",
    "n_mentions",
    "n_articles",
    "goldstein_sum",
    "goldstein_mean",
    "tone_mean",
];

/// The table as CSV with a header row (RFC 4180 quoting).
pub fn write_csv(t: &CountTable, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", COLUMNS.join(","))?;
    for r in &t.rows {
        let cells = [
            r.period.clone().unwrap_or_default(),
            r.key.clone(),
            r.label.clone().unwrap_or_default(),
            r.source.clone().unwrap_or_default(),
            r.target.clone().unwrap_or_default(),
            r.n_events.to_string(),
            r.n_mentions.to_string(),
            r.n_articles.to_string(),
            r.goldstein_sum.to_string(),
            r.goldstein_mean.to_string(),
            r.tone_mean.map(|x| x.to_string()).unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|c| crate::plain::csv_field(c)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    out.flush()
}

/// The table as one Parquet file.
pub fn write_parquet(t: &CountTable, out: &mut dyn Write) -> Result<(), ExportError> {
    #[cfg(feature = "parquet")]
    {
        use crate::parquet_file::{self, Kind, Table, Value};
        let kinds = [
            Kind::Date,
            Kind::Str,
            Kind::Str,
            Kind::Str,
            Kind::Str,
            Kind::Int,
            Kind::Int,
            Kind::Int,
            Kind::Float,
            Kind::Float,
            Kind::Float,
        ];
        let mut table = Table {
            columns: COLUMNS
                .iter()
                .zip(kinds)
                .map(|(n, k)| (n.to_string(), k))
                .collect(),
            rows: Vec::new(),
        };
        for r in &t.rows {
            table.rows.push(vec![
                parquet_file::date(r.period.as_deref()),
                Some(r.key.as_str()).into(),
                r.label.as_deref().into(),
                r.source.as_deref().into(),
                r.target.as_deref().into(),
                Value::Int(r.n_events),
                Value::Int(r.n_mentions),
                Value::Int(r.n_articles),
                Value::Float(r.goldstein_sum),
                Value::Float(r.goldstein_mean),
                r.tone_mean.map_or(Value::Null, Value::Float),
            ]);
        }
        let mut buf = Vec::new();
        parquet_file::write(&table, &mut buf)?;
        out.write_all(&buf)?;
        out.flush()?;
        Ok(())
    }
    #[cfg(not(feature = "parquet"))]
    {
        let _ = (t, out);
        Err(ExportError::FeatureMissing("parquet"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_counts_merge_events_as_the_gdelt_export_does() {
        assert_eq!(
            newsgraph_store::counts::MERGE_WINDOW_DAYS,
            crate::gdelt::MERGE_WINDOW_DAYS
        );
    }
}
