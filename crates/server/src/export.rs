//! `GET /api/export`: the export formats of `newsgraph export` as downloads.
//! Parquet is one table per file, so `format=parquet` takes `table`
//! (`events` unless given), like `newsgraph export --format parquet --table`.
//!
//! The export takes every filter of the events view (`/api/events`'s
//! parameters, with their meanings: `source` and `target` are actor codes)
//! plus `publisher`, so a download holds exactly the events on screen
//! ("download what I see"): the store selects the event mentions with the
//! same [`newsgraph_store::EventQuery`] as the view, and the export keeps
//! those.
//!
//! The export is written into memory and sent whole, with a
//! `Content-Disposition: attachment` file name, so an error (a bad filter,
//! a failed query) is still a clean JSON 4xx/5xx rather than a cut-off
//! file. Memory is bounded by the database's size; the request timeout
//! bounds the time.

use crate::filter::{parse_event_query, Params, EVENT_KEYS};
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use newsgraph_export::{ExportError, ExportFilter, ExportFormat, ParquetTable};
use newsgraph_store::{CountBy, CountPer};

const FORMATS: &str = "gdelt-events, gdelt-mentions, gdelt-gkg, jsonl, csv, parquet";

/// (file name, content type) of a format; a Parquet download is named
/// after its table.
fn file_of(format: ExportFormat, table: Option<ParquetTable>) -> (String, &'static str) {
    let (name, content_type) = match format {
        ExportFormat::GdeltEvents => ("newsgraph.export.CSV", "text/tab-separated-values"),
        ExportFormat::GdeltMentions => ("newsgraph.mentions.CSV", "text/tab-separated-values"),
        ExportFormat::GdeltGkg => ("newsgraph.gkg.csv", "text/tab-separated-values"),
        ExportFormat::Jsonl => ("newsgraph.jsonl", "application/x-ndjson"),
        ExportFormat::Csv => ("newsgraph.csv", "text/csv; charset=utf-8"),
        ExportFormat::Parquet => {
            let table = table.unwrap_or(ParquetTable::Events);
            return (
                format!("newsgraph.{}", table.file_name()),
                "application/vnd.apache.parquet",
            );
        }
    };
    (name.to_string(), content_type)
}

pub async fn download(State(state): State<AppState>, p: Params) -> Result<Response, ApiError> {
    p.check_known(&[&["format", "table", "publisher"], EVENT_KEYS])?;
    let name = p.get("format").unwrap_or("");
    let format = ExportFormat::parse(name)
        .ok_or_else(|| ApiError::bad(format!("'format' must be one of {FORMATS}, got '{name}'")))?;
    let table = match (format, p.get("table")) {
        (ExportFormat::Parquet, t) => {
            let t = t.unwrap_or("events");
            Some(ParquetTable::parse(t).ok_or_else(|| {
                let names: Vec<&str> = ParquetTable::ALL.iter().map(|t| t.name()).collect();
                ApiError::bad(format!(
                    "'table' must be one of {}, got '{t}'",
                    names.join(", ")
                ))
            })?)
        }
        (_, Some(_)) => return Err(ApiError::bad("'table' goes with format=parquet only")),
        (_, None) => None,
    };
    let query = parse_event_query(&p)?;
    // Without an event filter every article is exported, those without
    // events too (the GKG and article tables), as `newsgraph export` does.
    let filtered = EVENT_KEYS.iter().any(|k| p.get(k).is_some());
    let mut filter = ExportFilter {
        source: p.text("publisher")?,
        ..ExportFilter::default()
    };
    let state2 = state.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        state2.pool().with(|store| {
            if filtered {
                let keys = store
                    .event_keys(&query, state2.cameo())
                    .map_err(|e| ApiError::internal("event filter", e))?;
                filter.events = Some(keys);
            }
            let mut out = Vec::new();
            let done = match table {
                Some(t) => newsgraph_export::export_parquet_table(store, t, &filter, &mut out),
                None => newsgraph_export::export(store, format, &filter, &mut out),
            };
            match done {
                Ok(_) => Ok(out),
                Err(ExportError::FeatureMissing(f)) => Err(ApiError::bad(format!(
                    "{f} output is not built into this binary"
                ))),
                Err(e) => Err(ApiError::internal("export", e)),
            }
        })
    })
    .await
    .map_err(|e| ApiError::internal("export task", e))??;
    let (file, content_type) = file_of(format, table);
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /api/counts`: events per period and group under the events view's
/// filters (`by`: dyad, actor, root, quad, plover, place; `per`: day, week,
/// month), as JSON, or with `format=csv` or `format=parquet` as a download.
pub async fn counts(State(state): State<AppState>, p: Params) -> Result<Response, ApiError> {
    p.check_known(&[&["by", "per", "format"], EVENT_KEYS])?;
    let by = CountBy::parse(p.get("by").unwrap_or("dyad"))
        .map_err(|e| ApiError::bad(format!("'by': {e}")))?;
    let per = CountPer::parse(p.get("per").unwrap_or("week"))
        .map_err(|e| ApiError::bad(format!("'per': {e}")))?;
    let format = p.get("format").unwrap_or("json").to_string();
    if !["json", "csv", "parquet"].contains(&format.as_str()) {
        return Err(ApiError::bad(format!(
            "'format' must be json, csv or parquet, got '{format}'"
        )));
    }
    let query = parse_event_query(&p)?;
    let state2 = state.clone();
    let table = tokio::task::spawn_blocking(move || {
        state2.pool().with(|store| {
            newsgraph_export::counts::table(store, &query, by, per, state2.cameo(), state2.tones())
                .map_err(|e| ApiError::internal("counts", e))
        })
    })
    .await
    .map_err(|e| ApiError::internal("counts task", e))??;
    let file = format!("newsgraph.counts-{}-{}", by.name(), per.name());
    let (bytes, content_type, name) = match format.as_str() {
        "csv" => {
            let mut out = Vec::new();
            newsgraph_export::counts::write_csv(&table, &mut out)
                .map_err(|e| ApiError::internal("counts csv", e))?;
            (out, "text/csv; charset=utf-8", format!("{file}.csv"))
        }
        "parquet" => {
            let mut out = Vec::new();
            match newsgraph_export::counts::write_parquet(&table, &mut out) {
                Ok(()) => {}
                Err(ExportError::FeatureMissing(f)) => {
                    return Err(ApiError::bad(format!(
                        "{f} output is not built into this binary"
                    )))
                }
                Err(e) => return Err(ApiError::internal("counts parquet", e)),
            }
            (
                out,
                "application/vnd.apache.parquet",
                format!("{file}.parquet"),
            )
        }
        _ => return Ok(axum::Json(table).into_response()),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /api/reviews`: every judgement as the review file (JSON Lines in
/// the gold format of `newsgraph eval events --gold`, plus the judgements;
/// `newsgraph review import` reads it back), as a download.
pub async fn reviews(State(state): State<AppState>, p: Params) -> Result<Response, ApiError> {
    p.check_known(&[])?;
    let state2 = state.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        state2.pool().with(|store| {
            let lines = store
                .review_file()
                .map_err(|e| ApiError::internal("reviews", e))?;
            let mut out = Vec::new();
            for l in &lines {
                serde_json::to_writer(&mut out, l).map_err(|e| ApiError::internal("reviews", e))?;
                out.push(b'\n');
            }
            Ok(out)
        })
    })
    .await
    .map_err(|e| ApiError::internal("reviews task", e))??;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson".to_string()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"newsgraph.reviews.jsonl\"".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}
