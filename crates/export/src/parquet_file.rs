//! Parquet export: the GDELT 2.0 Events / Mentions / GKG 2.1 tables and
//! newsgraph's own articles / entities / quotes / places tables, one Parquet
//! file per table (docs/gdelt-export.md).
//!
//! # Layout
//!
//! * The GDELT tables have GDELT's column names and order and the types of
//!   GDELT's published schema (`GDELT_2.0_*_Column_Labels_Header_Row_Sep2016`,
//!   the BigQuery tables): `INTEGER` → INT64, `FLOAT` → DOUBLE, `STRING` →
//!   UTF-8 BYTE_ARRAY. So `SQLDATE`, `DATEADDED`, `EventTimeDate` and GKG
//!   `DATE` stay `YYYYMMDD[HHMMSS]` integers and CAMEO codes stay strings
//!   (`"042"`), as code written against GDELT expects. Values are the TSV
//!   export's own fields (the same row functions make both), and an empty
//!   TSV field is a null, as in GDELT's BigQuery tables.
//! * The newsgraph tables use Parquet's logical types: `published` is a
//!   DATE, `ingested_at` a TIMESTAMP(MILLIS, UTC), offsets and counts INT64,
//!   coordinates and tone DOUBLE, text UTF-8. Offsets are character
//!   (Unicode scalar) offsets into the stored article text, as everywhere
//!   in the export; `article_id` joins them, and `articles.identifier` is
//!   the `SOURCEURL` / `MentionIdentifier` / `DocumentIdentifier` of the
//!   GDELT tables.
//!
//! * The Events and Mentions tables carry, after GDELT's columns, the
//!   evidence of the row ([`EVIDENCE_COLUMNS`]; the Events row's is its
//!   first mention's): GDELT's layout is kept column for column, and a row
//!   still says which article, sentence and people it came from.
//!
//! Every column is OPTIONAL. Files are written with the `parquet` crate's
//! column writer (no Arrow: its crates would more than double the build),
//! Snappy compressed, dictionary encoded where that pays, in row groups of at most
//! [`ROW_GROUP_ROWS`] rows.

use crate::gdelt::{
    actor_name, batch_time, events_row, gkg_row, identifier, mentions_row, merge_events,
};
use crate::load::{ArticleRec, EventRec};
use crate::text::{self, Tone};
use crate::{ExportError, ExportStats, ParquetTable};
use chrono::{NaiveDate, NaiveDateTime};
use newsgraph_geo::Gazetteer;
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

/// Rows per row group: large enough for efficient scans, small enough that
/// a reader never needs the whole file in memory.
pub const ROW_GROUP_ROWS: usize = 100_000;

/// The Parquet type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// INT64.
    Int,
    /// DOUBLE.
    Float,
    /// BYTE_ARRAY annotated STRING (UTF-8).
    Str,
    /// INT32 annotated DATE: days since 1970-01-01.
    Date,
    /// INT64 annotated TIMESTAMP(MILLIS, adjusted to UTC).
    Timestamp,
}

impl Kind {
    fn schema_line(self, name: &str) -> String {
        match self {
            Kind::Int => format!("optional int64 {name};"),
            Kind::Float => format!("optional double {name};"),
            Kind::Str => format!("optional binary {name} (STRING);"),
            Kind::Date => format!("optional int32 {name} (DATE);"),
            Kind::Timestamp => format!("optional int64 {name} (TIMESTAMP(MILLIS,true));"),
        }
    }

    fn fits(self, v: &Value) -> bool {
        matches!(
            (self, v),
            (Kind::Int, Value::Int(_))
                | (Kind::Float, Value::Float(_))
                | (Kind::Str, Value::Str(_))
                | (Kind::Date, Value::Date(_))
                | (Kind::Timestamp, Value::Timestamp(_))
        )
    }

    /// A TSV field as a value of this kind; empty (or unparsable) is null.
    fn parse(self, field: &str) -> Value {
        if field.is_empty() {
            return Value::Null;
        }
        match self {
            Kind::Int => field.parse().map_or(Value::Null, Value::Int),
            Kind::Float => field.parse().map_or(Value::Null, Value::Float),
            Kind::Str => Value::Str(field.to_string()),
            Kind::Date => date(Some(field)),
            Kind::Timestamp => timestamp(field),
        }
    }
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Float(f64),
    Str(String),
    /// Days since 1970-01-01.
    Date(i32),
    /// Milliseconds since 1970-01-01T00:00:00Z.
    Timestamp(i64),
}

static NULL: Value = Value::Null;

impl From<Option<&str>> for Value {
    fn from(s: Option<&str>) -> Value {
        s.map_or(Value::Null, |s| Value::Str(s.to_string()))
    }
}

/// `YYYY-MM-DD` (or a longer string starting with one) as a DATE.
pub(crate) fn date(s: Option<&str>) -> Value {
    s.and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok())
        .and_then(|d| NaiveDate::from_ymd_opt(1970, 1, 1).map(|e| (d - e).num_days()))
        .and_then(|n| i32::try_from(n).ok())
        .map_or(Value::Null, Value::Date)
}

/// `YYYY-MM-DDTHH:MM:SSZ` (the store's ingest time) as a TIMESTAMP.
fn timestamp(s: &str) -> Value {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ").map_or(Value::Null, |t| {
        Value::Timestamp(t.and_utc().timestamp_millis())
    })
}

/// A table before writing: named, typed columns and rows of values.
pub struct Table {
    pub columns: Vec<(String, Kind)>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    fn new(columns: &[(&str, Kind)]) -> Table {
        Table {
            columns: columns.iter().map(|(n, k)| (n.to_string(), *k)).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row of TSV fields, typed by the columns.
    fn push_fields(&mut self, fields: &[String]) {
        let row = self
            .columns
            .iter()
            .zip(fields)
            .map(|((_, k), f)| k.parse(f))
            .collect();
        self.rows.push(row);
    }
}

// GDELT 2.0 Events, Mentions and GKG 2.1 columns with the types of GDELT's
// published schema (INTEGER, FLOAT, STRING).
const I: Kind = Kind::Int;
const F: Kind = Kind::Float;
const S: Kind = Kind::Str;

fn geo_columns(prefix: &str) -> Vec<(String, Kind)> {
    [
        ("Type", I),
        ("FullName", S),
        ("CountryCode", S),
        ("ADM1Code", S),
        ("ADM2Code", S),
        ("Lat", F),
        ("Long", F),
        ("FeatureID", S),
    ]
    .iter()
    .map(|(n, k)| (format!("{prefix}Geo_{n}"), *k))
    .collect()
}

fn actor_columns(prefix: &str) -> Vec<(String, Kind)> {
    [
        "Code",
        "Name",
        "CountryCode",
        "KnownGroupCode",
        "EthnicCode",
        "Religion1Code",
        "Religion2Code",
        "Type1Code",
        "Type2Code",
        "Type3Code",
    ]
    .iter()
    .map(|n| (format!("{prefix}{n}"), S))
    .collect()
}

/// The 61 GDELT 2.0 Events columns.
pub fn events_columns() -> Vec<(String, Kind)> {
    let mut c: Vec<(String, Kind)> = [
        ("GLOBALEVENTID", I),
        ("SQLDATE", I),
        ("MonthYear", I),
        ("Year", I),
        ("FractionDate", F),
    ]
    .iter()
    .map(|(n, k)| (n.to_string(), *k))
    .collect();
    c.extend(actor_columns("Actor1"));
    c.extend(actor_columns("Actor2"));
    c.extend(
        [
            ("IsRootEvent", I),
            ("EventCode", S),
            ("EventBaseCode", S),
            ("EventRootCode", S),
            ("QuadClass", I),
            ("GoldsteinScale", F),
            ("NumMentions", I),
            ("NumSources", I),
            ("NumArticles", I),
            ("AvgTone", F),
        ]
        .iter()
        .map(|(n, k)| (n.to_string(), *k)),
    );
    c.extend(geo_columns("Actor1"));
    c.extend(geo_columns("Actor2"));
    c.extend(geo_columns("Action"));
    c.push(("DATEADDED".into(), I));
    c.push(("SOURCEURL".into(), S));
    c
}

/// newsgraph's columns after GDELT's in the Events and Mentions tables: the
/// event mention's article, its evidence (character offsets into the
/// article text, and the words), the entity names of its actors and its
/// modality and confidence (null for events stored before confidences were
/// kept), and whether an analyst reviewed it (`Reviewed`: `right` or
/// `corrected`, codes shown corrected; null when not reviewed; events judged
/// wrong are not exported). Mentions also get the actor and event codes,
/// which GDELT keeps in the Events table only.
pub const EVIDENCE_COLUMNS: [(&str, Kind); 11] = [
    ("ArticleId", S),
    ("ArticleTitle", S),
    ("ArticleUrl", S),
    ("EvidenceStart", I),
    ("EvidenceEnd", I),
    ("EvidenceText", S),
    ("Actor1EntityName", S),
    ("Actor2EntityName", S),
    ("Modality", S),
    ("EventConfidence", F),
    ("Reviewed", S),
];

/// The codes a Mentions row adds after [`EVIDENCE_COLUMNS`].
pub const MENTION_CODE_COLUMNS: [(&str, Kind); 3] =
    [("Actor1Code", S), ("Actor2Code", S), ("EventCode", S)];

/// The [`EVIDENCE_COLUMNS`] cells of one event mention.
fn evidence_cells(a: &ArticleRec, e: &EventRec) -> Vec<Value> {
    vec![
        Some(a.id.as_str()).into(),
        a.title.as_deref().into(),
        a.url.as_deref().into(),
        Value::Int(e.start),
        Value::Int(e.end),
        Some(e.text.as_str()).into(),
        actor_name(a, e, e.source.as_deref()).into(),
        actor_name(a, e, e.target.as_deref()).into(),
        Some(e.modality.as_str()).into(),
        e.confidence.map_or(Value::Null, Value::Float),
        e.review.as_deref().into(),
    ]
}

/// The 16 GDELT 2.0 Mentions columns.
pub const MENTIONS_COLUMNS: [(&str, Kind); 16] = [
    ("GLOBALEVENTID", I),
    ("EventTimeDate", I),
    ("MentionTimeDate", I),
    ("MentionType", I),
    ("MentionSourceName", S),
    ("MentionIdentifier", S),
    ("SentenceID", I),
    ("Actor1CharOffset", I),
    ("Actor2CharOffset", I),
    ("ActionCharOffset", I),
    ("InRawText", I),
    ("Confidence", I),
    ("MentionDocLen", I),
    ("MentionDocTone", F),
    ("MentionDocTranslationInfo", S),
    ("Extras", S),
];

/// The 27 GDELT GKG 2.1 columns: sub-field grammars stay strings.
pub const GKG_COLUMNS: [(&str, Kind); 27] = [
    ("GKGRECORDID", S),
    ("DATE", I),
    ("SourceCollectionIdentifier", I),
    ("SourceCommonName", S),
    ("DocumentIdentifier", S),
    ("Counts", S),
    ("V2Counts", S),
    ("Themes", S),
    ("V2Themes", S),
    ("Locations", S),
    ("V2Locations", S),
    ("Persons", S),
    ("V2Persons", S),
    ("Organizations", S),
    ("V2Organizations", S),
    ("V2Tone", S),
    ("Dates", S),
    ("GCAM", S),
    ("SharingImage", S),
    ("RelatedImages", S),
    ("SocialImageEmbeds", S),
    ("SocialVideoEmbeds", S),
    ("Quotations", S),
    ("AllNames", S),
    ("Amounts", S),
    ("TranslationInfo", S),
    ("Extras", S),
];

/// One row per article.
pub const ARTICLES_COLUMNS: [(&str, Kind); 18] = [
    ("article_id", S),
    ("title", S),
    ("source", S),
    ("url", S),
    ("origin", S),
    ("identifier", S),
    ("published", Kind::Date),
    ("ingested_at", Kind::Timestamp),
    ("n_chars", I),
    ("word_count", I),
    ("tone", F),
    ("positive", F),
    ("negative", F),
    ("n_entities", I),
    ("n_quotes", I),
    ("n_places", I),
    ("n_events", I),
    ("text", S),
];

/// One row per entity of an article.
pub const ENTITIES_COLUMNS: [(&str, Kind); 8] = [
    ("article_id", S),
    ("entity_idx", I),
    ("name", S),
    ("type", S),
    ("actor", S),
    ("n_mentions", I),
    ("first_start", I),
    ("first_end", I),
];

/// One row per quote.
pub const QUOTES_COLUMNS: [(&str, Kind); 8] = [
    ("article_id", S),
    ("quote_idx", I),
    ("start", I),
    ("end", I),
    ("kind", S),
    ("speaker", S),
    ("cue", S),
    ("text", S),
];

/// One row per place of an article.
pub const PLACES_COLUMNS: [(&str, Kind); 12] = [
    ("article_id", S),
    ("place_idx", I),
    ("name", S),
    ("country", S),
    ("fips_country", S),
    ("adm1", S),
    ("geonames_id", I),
    ("lat", F),
    ("lon", F),
    ("n_mentions", I),
    ("first_start", I),
    ("contained_in", I),
];

/// Appends cells to the last row (the GDELT fields pushed just before).
fn extend_last(t: &mut Table, cells: Vec<Value>) {
    if let Some(row) = t.rows.last_mut() {
        row.extend(cells);
    }
}

fn int(n: usize) -> Value {
    Value::Int(n as i64)
}

/// Builds one table from the loaded articles.
pub fn build(articles: &[ArticleRec], gaz: &Gazetteer, table: ParquetTable) -> Table {
    let tones: HashMap<&str, Tone> = articles
        .iter()
        .map(|a| (a.id.as_str(), text::tone(&a.text)))
        .collect();
    match table {
        ParquetTable::Events => {
            let mut columns = events_columns();
            columns.extend(EVIDENCE_COLUMNS.iter().map(|(n, k)| (n.to_string(), *k)));
            let mut t = Table {
                columns,
                rows: Vec::new(),
            };
            for (i, m) in merge_events(articles).iter().enumerate() {
                t.push_fields(&events_row(gaz, (i + 1) as u64, m, &tones));
                let (a, e) = m.first;
                extend_last(&mut t, evidence_cells(a, e));
            }
            t
        }
        ParquetTable::Mentions => {
            let mut t = Table::new(&MENTIONS_COLUMNS);
            t.columns.extend(
                EVIDENCE_COLUMNS
                    .iter()
                    .chain(&MENTION_CODE_COLUMNS)
                    .map(|(n, k)| (n.to_string(), *k)),
            );
            for (i, m) in merge_events(articles).iter().enumerate() {
                for (a, e) in &m.mentions {
                    let tone = tones.get(a.id.as_str()).copied().unwrap_or_default();
                    t.push_fields(&mentions_row(
                        (i + 1) as u64,
                        &batch_time(m.first.0),
                        a,
                        e,
                        tone,
                    ));
                    let mut cells = evidence_cells(a, e);
                    cells.extend([
                        e.source.as_deref().into(),
                        e.target.as_deref().into(),
                        Some(e.code.as_str()).into(),
                    ]);
                    extend_last(&mut t, cells);
                }
            }
            t
        }
        ParquetTable::Gkg => {
            let mut t = Table::new(&GKG_COLUMNS);
            for (i, a) in articles.iter().enumerate() {
                let tone = tones.get(a.id.as_str()).copied().unwrap_or_default();
                t.push_fields(&gkg_row(gaz, a, i + 1, tone));
            }
            t
        }
        ParquetTable::Articles => {
            let mut t = Table::new(&ARTICLES_COLUMNS);
            for a in articles {
                let tone = tones.get(a.id.as_str()).copied().unwrap_or_default();
                t.rows.push(vec![
                    Some(a.id.as_str()).into(),
                    a.title.as_deref().into(),
                    a.source.as_deref().into(),
                    a.url.as_deref().into(),
                    a.origin.as_deref().into(),
                    Some(identifier(a).as_str()).into(),
                    date(a.published.as_deref()),
                    timestamp(&a.ingested_at),
                    int(a.text.chars().count()),
                    int(tone.word_count),
                    Value::Float(tone.tone),
                    Value::Float(tone.positive),
                    Value::Float(tone.negative),
                    int(a.entities.len()),
                    int(a.quotes.len()),
                    int(a.places.len()),
                    int(a.events.len()),
                    Some(a.text.as_str()).into(),
                ]);
            }
            t
        }
        ParquetTable::Entities => {
            let mut t = Table::new(&ENTITIES_COLUMNS);
            for a in articles {
                for (i, e) in a.entities.iter().enumerate() {
                    let first = e.mentions.first();
                    t.rows.push(vec![
                        Some(a.id.as_str()).into(),
                        int(i),
                        Some(e.name.as_str()).into(),
                        Some(e.entity_type.as_str()).into(),
                        e.actor.as_deref().into(),
                        int(e.mentions.len()),
                        first.map_or(Value::Null, |m| Value::Int(m.0)),
                        first.map_or(Value::Null, |m| Value::Int(m.1)),
                    ]);
                }
            }
            t
        }
        ParquetTable::Quotes => {
            let mut t = Table::new(&QUOTES_COLUMNS);
            for a in articles {
                for (i, q) in a.quotes.iter().enumerate() {
                    t.rows.push(vec![
                        Some(a.id.as_str()).into(),
                        int(i),
                        Value::Int(q.start),
                        Value::Int(q.end),
                        Some(q.kind.as_str()).into(),
                        q.speaker.as_deref().into(),
                        q.cue.as_deref().into(),
                        Some(q.text.as_str()).into(),
                    ]);
                }
            }
            t
        }
        ParquetTable::Places => {
            let mut t = Table::new(&PLACES_COLUMNS);
            for a in articles {
                for (i, p) in a.places.iter().enumerate() {
                    let geo = crate::gdelt::place_geo(gaz, p).filter(|g| g.0.geo_type > 0);
                    let fips = geo.as_ref().map(|g| g.0.country.as_str());
                    let adm1 = geo.as_ref().map(|g| g.0.adm1.as_str());
                    t.rows.push(vec![
                        Some(a.id.as_str()).into(),
                        int(i),
                        Some(p.name.as_str()).into(),
                        p.country.as_deref().into(),
                        fips.filter(|s| !s.is_empty()).into(),
                        adm1.filter(|s| !s.is_empty()).into(),
                        p.geonames_id.map_or(Value::Null, Value::Int),
                        p.lat.map_or(Value::Null, Value::Float),
                        p.lon.map_or(Value::Null, Value::Float),
                        int(p.mentions.len()),
                        p.mentions.first().map_or(Value::Null, |m| Value::Int(m.0)),
                        p.contained_in.map_or(Value::Null, Value::Int),
                    ]);
                }
            }
            t
        }
    }
}

/// The stats of a written table: `rows` is its row count.
pub fn stats(articles: &[ArticleRec], table: &Table) -> ExportStats {
    let merged = merge_events(articles);
    ExportStats {
        articles: articles.len(),
        events: merged.len(),
        mentions: merged.iter().map(|m| m.mentions.len()).sum(),
        rows: table.rows.len(),
    }
}

fn parquet_err(e: ParquetError) -> ExportError {
    ExportError::Parquet(e.to_string())
}

/// Writes `table` as one Parquet file to `out`.
pub fn write<W: Write + Send>(table: &Table, out: W) -> Result<(), ExportError> {
    let message = format!(
        "message newsgraph {{ {} }}",
        table
            .columns
            .iter()
            .map(|(n, k)| k.schema_line(n))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let schema = Arc::new(parse_message_type(&message).map_err(parquet_err)?);
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("newsgraph {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut writer =
        SerializedFileWriter::new(out, schema, Arc::new(props)).map_err(parquet_err)?;
    for chunk in table.rows.chunks(ROW_GROUP_ROWS) {
        let mut group = writer.next_row_group().map_err(parquet_err)?;
        for (j, (_, kind)) in table.columns.iter().enumerate() {
            let Some(mut col) = group.next_column().map_err(parquet_err)? else {
                break;
            };
            let cells = chunk.iter().map(|r| r.get(j).unwrap_or(&NULL));
            // A cell of another kind than its column is written as a null,
            // so levels and values always agree.
            let def: Vec<i16> = cells.clone().map(|v| i16::from(kind.fits(v))).collect();
            match kind {
                Kind::Int | Kind::Timestamp => {
                    let vals: Vec<i64> = cells
                        .filter_map(|v| match v {
                            Value::Int(x) if *kind == Kind::Int => Some(*x),
                            Value::Timestamp(x) if *kind == Kind::Timestamp => Some(*x),
                            _ => None,
                        })
                        .collect();
                    col.typed::<Int64Type>()
                        .write_batch(&vals, Some(&def), None)
                        .map_err(parquet_err)?;
                }
                Kind::Date => {
                    let vals: Vec<i32> = cells
                        .filter_map(|v| match v {
                            Value::Date(x) => Some(*x),
                            _ => None,
                        })
                        .collect();
                    col.typed::<Int32Type>()
                        .write_batch(&vals, Some(&def), None)
                        .map_err(parquet_err)?;
                }
                Kind::Float => {
                    let vals: Vec<f64> = cells
                        .filter_map(|v| match v {
                            Value::Float(x) => Some(*x),
                            _ => None,
                        })
                        .collect();
                    col.typed::<DoubleType>()
                        .write_batch(&vals, Some(&def), None)
                        .map_err(parquet_err)?;
                }
                Kind::Str => {
                    let vals: Vec<ByteArray> = cells
                        .filter_map(|v| match v {
                            Value::Str(s) => Some(ByteArray::from(s.as_str())),
                            _ => None,
                        })
                        .collect();
                    col.typed::<ByteArrayType>()
                        .write_batch(&vals, Some(&def), None)
                        .map_err(parquet_err)?;
                }
            }
            col.close().map_err(parquet_err)?;
        }
        group.close().map_err(parquet_err)?;
    }
    writer.close().map_err(parquet_err)?;
    Ok(())
}
