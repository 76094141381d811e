//! The Parquet export read back with the `parquet` crate's own reader:
//! schemas, types, row counts against the store, and every GDELT cell
//! against the TSV export of the same store.

use super::*;
use crate::parquet_file::{
    Kind, Table, Value, EVIDENCE_COLUMNS, MENTION_CODE_COLUMNS, ROW_GROUP_ROWS,
};
use crate::tests::store;
use parquet::basic::{LogicalType, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use std::fs::File;

/// A column's kind as the file declares it.
fn kind_of(c: &parquet::schema::types::ColumnDescriptor) -> Option<Kind> {
    Some(match (c.physical_type(), c.logical_type_ref()) {
        (PhysicalType::INT64, Some(LogicalType::Timestamp { .. })) => Kind::Timestamp,
        (PhysicalType::INT64, None) => Kind::Int,
        (PhysicalType::DOUBLE, None) => Kind::Float,
        (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)) => Kind::Str,
        (PhysicalType::INT32, Some(LogicalType::Date)) => Kind::Date,
        _ => return None,
    })
}

/// (columns, rows) of a Parquet file.
type ReadBack = (Vec<(String, Kind)>, Vec<Vec<Field>>);

fn read(path: &Path) -> ReadBack {
    let reader = SerializedFileReader::new(File::open(path).expect("open")).expect("parquet");
    let schema = reader.metadata().file_metadata().schema_descr();
    let columns = schema
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), kind_of(c).expect("known column type")))
        .collect();
    let rows = reader
        .get_row_iter(None)
        .expect("rows")
        .map(|r| {
            r.expect("row")
                .get_column_iter()
                .map(|(_, f)| f.clone())
                .collect()
        })
        .collect();
    (columns, rows)
}

/// A cell as the TSV export writes it ("" for null).
fn as_tsv(f: &Field) -> String {
    match f {
        Field::Null => String::new(),
        Field::Long(x) => x.to_string(),
        Field::Str(s) => s.clone(),
        Field::Double(x) => text::fmt_float(*x),
        other => panic!("unexpected GDELT cell {other:?}"),
    }
}

fn same_float(tsv: &str, parquet: &Field) -> bool {
    match parquet {
        Field::Double(x) => tsv.parse::<f64>().ok() == Some(*x),
        _ => false,
    }
}

fn count(s: &Store, table: &str) -> usize {
    s.counts()
        .expect("count")
        .into_iter()
        .find(|(t, _)| *t == table)
        .map_or(0, |(_, n)| n as usize)
}

fn tmp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "newsgraph-parquet-{tag}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn every_table_reads_back_with_the_store_row_counts() {
    let (s, db_dir) = store();
    let dir = tmp_dir("all");
    let written = export_parquet_dir(&s, &ExportFilter::default(), &dir).expect("export");
    assert_eq!(written.len(), ParquetTable::ALL.len());
    let expected = |t: ParquetTable| match t {
        ParquetTable::Events => 1,
        ParquetTable::Mentions => 2,
        ParquetTable::Gkg | ParquetTable::Articles => count(&s, "articles"),
        ParquetTable::Entities => count(&s, "entities"),
        ParquetTable::Quotes => count(&s, "quotes"),
        ParquetTable::Places => count(&s, "places"),
    };
    for (table, path, stats) in &written {
        assert_eq!(path, &dir.join(table.file_name()));
        let (columns, rows) = read(path);
        assert_eq!(rows.len(), expected(*table), "{table:?}");
        assert_eq!(stats.rows, rows.len(), "{table:?}");
        // GDELT's columns, then the evidence (and, in Mentions, the codes).
        let n_columns = match table {
            ParquetTable::Events => 61 + 11,
            ParquetTable::Mentions => 16 + 11 + 3,
            ParquetTable::Gkg => 27,
            _ => columns.len(),
        };
        assert_eq!(columns.len(), n_columns, "{table:?}");
    }
    // Nothing but the table files is left behind.
    assert_eq!(
        std::fs::read_dir(&dir).expect("dir").count(),
        ParquetTable::ALL.len()
    );
    drop(s);
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(db_dir);
}

#[test]
fn gdelt_tables_hold_the_tsv_fields_with_gdelt_types() {
    let (s, db_dir) = store();
    let dir = tmp_dir("gdelt");
    export_parquet_dir(&s, &ExportFilter::default(), &dir).expect("export");
    for (table, format) in [
        (ParquetTable::Events, ExportFormat::GdeltEvents),
        (ParquetTable::Mentions, ExportFormat::GdeltMentions),
        (ParquetTable::Gkg, ExportFormat::GdeltGkg),
    ] {
        let mut tsv = Vec::new();
        export(&s, format, &ExportFilter::default(), &mut tsv).expect("tsv");
        let tsv = String::from_utf8(tsv).expect("utf-8");
        let (columns, rows) = read(&dir.join(table.file_name()));
        assert_eq!(tsv.lines().count(), rows.len(), "{table:?}");
        for (line, row) in tsv.lines().zip(&rows) {
            let fields: Vec<&str> = line.split('\t').collect();
            let extra = match table {
                ParquetTable::Events => EVIDENCE_COLUMNS.len(),
                ParquetTable::Mentions => EVIDENCE_COLUMNS.len() + MENTION_CODE_COLUMNS.len(),
                _ => 0,
            };
            assert_eq!(fields.len() + extra, row.len());
            for (((name, kind), field), cell) in columns.iter().zip(&fields).zip(row) {
                if *kind == Kind::Float && !field.is_empty() {
                    assert!(same_float(field, cell), "{name}: {field} vs {cell:?}");
                } else {
                    assert_eq!(*field, as_tsv(cell), "{table:?} {name}");
                }
            }
        }
    }
    // GDELT's published types: ids and dates INTEGER, codes STRING.
    let (columns, rows) = read(&dir.join("events.parquet"));
    let col = |name: &str| columns.iter().position(|c| c.0 == name).expect(name);
    assert_eq!(columns[col("SQLDATE")].1, Kind::Int);
    assert_eq!(rows[0][col("SQLDATE")], Field::Long(20230912));
    assert_eq!(rows[0][col("EventCode")], Field::Str("042".into()));
    assert_eq!(rows[0][col("EventRootCode")], Field::Str("04".into()));
    assert_eq!(rows[0][col("GoldsteinScale")], Field::Double(1.9));
    assert_eq!(rows[0][col("NumArticles")], Field::Long(2));
    assert_eq!(rows[0][col("Actor1Code")], Field::Str("PRKGOV".into()));
    assert_eq!(rows[0][col("Actor1EthnicCode")], Field::Null);
    assert_eq!(
        rows[0][col("ActionGeo_CountryCode")],
        Field::Str("RS".into())
    );
    assert_eq!(rows[0][col("DATEADDED")], Field::Long(20230912000000));
    drop(s);
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(db_dir);
}

#[test]
fn newsgraph_tables_use_dates_timestamps_and_offsets() {
    let (s, db_dir) = store();
    let dir = tmp_dir("own");
    export_parquet_dir(&s, &ExportFilter::default(), &dir).expect("export");
    let (columns, rows) = read(&dir.join("articles.parquet"));
    let col = |name: &str| columns.iter().position(|c| c.0 == name).expect(name);
    assert_eq!(columns[col("published")].1, Kind::Date);
    assert_eq!(columns[col("ingested_at")].1, Kind::Timestamp);
    // 2023-09-12 is day 19612 of the Unix epoch.
    assert_eq!(rows[0][col("published")], Field::Date(19612));
    assert!(
        matches!(rows[0][col("ingested_at")], Field::TimestampMillis(t) if t > 1_600_000_000_000)
    );
    assert_eq!(
        rows[0][col("identifier")],
        Field::Str("https://example.org/a1".into())
    );
    assert!(matches!(&rows[0][col("text")], Field::Str(t) if t.contains("Vladivostok")));

    let (columns, rows) = read(&dir.join("places.parquet"));
    let col = |name: &str| columns.iter().position(|c| c.0 == name).expect(name);
    assert_eq!(rows[0][col("name")], Field::Str("Vladivostok".into()));
    assert_eq!(rows[0][col("geonames_id")], Field::Long(2013348));
    assert_eq!(rows[0][col("fips_country")], Field::Str("RS".into()));
    assert_eq!(rows[0][col("lat")], Field::Double(43.10562));

    let (columns, rows) = read(&dir.join("quotes.parquet"));
    let col = |name: &str| columns.iter().position(|c| c.0 == name).expect(name);
    assert_eq!(rows[0][col("cue")], Field::Str("said".into()));
    let Field::Str(article) = &read(&dir.join("articles.parquet")).1[0][17] else {
        panic!("text column")
    };
    let (Field::Long(start), Field::Long(end)) = (&rows[0][col("start")], &rows[0][col("end")])
    else {
        panic!("offsets")
    };
    let quoted: String = article
        .chars()
        .skip(*start as usize)
        .take((end - start) as usize)
        .collect();
    assert_eq!(rows[0][col("text")], Field::Str(quoted));
    drop(s);
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(db_dir);
}

#[test]
fn one_table_to_a_stream_and_filters() {
    let (s, db_dir) = store();
    let mut out = Vec::new();
    let stats = export(
        &s,
        ExportFormat::Parquet,
        &ExportFilter::default(),
        &mut out,
    )
    .expect("events as parquet");
    assert_eq!((stats.events, stats.rows), (1, 1));
    assert!(out.starts_with(b"PAR1") && out.ends_with(b"PAR1"));
    let dir = tmp_dir("one");
    std::fs::create_dir_all(&dir).expect("dir");
    // A filter that matches nothing still gives a readable, typed file.
    let f = ExportFilter {
        actor: Some("USA".into()),
        ..ExportFilter::default()
    };
    let mut out = Vec::new();
    let stats = export_parquet_table(&s, ParquetTable::Mentions, &f, &mut out).expect("export");
    assert_eq!(stats.rows, 0);
    let path = dir.join("m.parquet");
    std::fs::write(&path, &out).expect("write");
    let (columns, rows) = read(&path);
    assert_eq!((columns.len(), rows.len()), (30, 0));
    assert_eq!(ParquetTable::parse("quotes"), Some(ParquetTable::Quotes));
    assert_eq!(ParquetTable::parse("export"), None);
    drop(s);
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(db_dir);
}

#[test]
fn large_tables_split_into_row_groups_and_keep_nulls() {
    let n = ROW_GROUP_ROWS + 3;
    let table = Table {
        columns: vec![("n".into(), Kind::Int), ("s".into(), Kind::Str)],
        rows: (0..n)
            .map(|i| {
                vec![
                    if i % 2 == 0 {
                        Value::Int(i as i64)
                    } else {
                        Value::Null
                    },
                    // A cell of the wrong kind is written as a null.
                    if i == 1 {
                        Value::Int(1)
                    } else {
                        Value::Str(format!("r{i}"))
                    },
                ]
            })
            .collect(),
    };
    let dir = tmp_dir("big");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("big.parquet");
    parquet_file::write(&table, File::create(&path).expect("create")).expect("write");
    let reader = SerializedFileReader::new(File::open(&path).expect("open")).expect("parquet");
    assert_eq!(reader.num_row_groups(), 2);
    let (_, rows) = read(&path);
    assert_eq!(rows.len(), n);
    assert_eq!(rows[2], [Field::Long(2), Field::Str("r2".into())]);
    assert_eq!(rows[1], [Field::Null, Field::Null]);
    assert_eq!(rows[n - 1][1], Field::Str(format!("r{}", n - 1)));
    let _ = std::fs::remove_dir_all(dir);
}

/// Issue 23, item 4: Events and Mentions rows carry their evidence (the
/// Mentions table had a start offset and no end, no words).
#[test]
fn issue_23_events_and_mentions_keep_the_evidence() {
    let (s, db_dir) = store();
    let dir = tmp_dir("evidence");
    export_parquet_dir(&s, &ExportFilter::default(), &dir).expect("export");
    for (file, n_rows) in [("events.parquet", 1), ("mentions.parquet", 2)] {
        let (columns, rows) = read(&dir.join(file));
        assert_eq!(rows.len(), n_rows, "{file}");
        let col = |name: &str| columns.iter().position(|c| c.0 == name).expect(name);
        for row in &rows {
            assert_eq!(
                row[col("EvidenceText")],
                Field::Str("visited".into()),
                "{file}"
            );
            let (Field::Long(start), Field::Long(end)) =
                (&row[col("EvidenceStart")], &row[col("EvidenceEnd")])
            else {
                panic!("offsets in {file}")
            };
            assert_eq!(end - start, "visited".chars().count() as i64);
            assert_eq!(
                row[col("ArticleTitle")],
                Field::Str("Leaders meet in Vladivostok".into())
            );
            assert!(matches!(&row[col("ArticleUrl")], Field::Str(u) if u.starts_with("https://")));
            assert!(matches!(&row[col("ArticleId")], Field::Str(_)));
            assert_eq!(
                row[col("Actor1EntityName")],
                Field::Str("Kim Song".into()),
                "{file}"
            );
            assert_eq!(row[col("Actor2EntityName")], Field::Null, "{file}");
            assert_eq!(row[col("Modality")], Field::Str("asserted".into()));
            // The fixture's reports have confidences 0.62 and 0.24.
            assert!(
                matches!(row[col("EventConfidence")], Field::Double(c) if c == 0.62 || c == 0.24),
                "{file}: {:?}",
                row[col("EventConfidence")]
            );
        }
        if file == "mentions.parquet" {
            assert_eq!(rows[0][col("Actor1Code")], Field::Str("PRKGOV".into()));
            assert_eq!(rows[0][col("EventCode")], Field::Str("042".into()));
        }
    }
    drop(s);
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(db_dir);
}
