//! Who said what as a table (issue 24, item 3): the quotes a
//! [`newsgraph_store::QuoteQuery`] selects, as CSV or Parquet, one row per
//! quote with its speaker, cue, kind, offsets and article — what the page's
//! Quotes view shows, for pandas or a spreadsheet.

use crate::ExportError;
use newsgraph_store::rows::QuoteRow;
use std::io::Write;

/// The columns, in order, of both formats.
pub const COLUMNS: [&str; 10] = [
    "published",
    "speaker",
    "cue",
    "kind",
    "text",
    "article_id",
    "title",
    "idx",
    "start",
    "end",
];

/// RFC 4180 CSV with a header line.
pub fn write_csv(rows: &[QuoteRow], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", COLUMNS.join(","))?;
    for r in rows {
        let cells = [
            r.published.clone().unwrap_or_default(),
            r.speaker.clone().unwrap_or_default(),
            r.cue.clone().unwrap_or_default(),
            r.kind.clone(),
            r.text.clone(),
            r.article_id.clone(),
            r.title.clone().unwrap_or_default(),
            r.idx.to_string(),
            r.start.to_string(),
            r.end.to_string(),
        ];
        let line: Vec<String> = cells.iter().map(|c| crate::plain::csv_field(c)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    out.flush()
}

/// One Parquet file (`published` a DATE, offsets INT64, the rest strings).
pub fn write_parquet(rows: &[QuoteRow], out: &mut dyn Write) -> Result<(), ExportError> {
    #[cfg(feature = "parquet")]
    {
        use crate::parquet_file::{self, Kind, Table, Value};
        let kinds = [
            Kind::Date,
            Kind::Str,
            Kind::Str,
            Kind::Str,
            Kind::Str,
            Kind::Str,
            Kind::Str,
            Kind::Int,
            Kind::Int,
            Kind::Int,
        ];
        let mut table = Table {
            columns: COLUMNS
                .iter()
                .zip(kinds)
                .map(|(n, k)| (n.to_string(), k))
                .collect(),
            rows: Vec::new(),
        };
        for r in rows {
            table.rows.push(vec![
                parquet_file::date(r.published.as_deref()),
                r.speaker.as_deref().into(),
                r.cue.as_deref().into(),
                Some(r.kind.as_str()).into(),
                Some(r.text.as_str()).into(),
                Some(r.article_id.as_str()).into(),
                r.title.as_deref().into(),
                Value::Int(r.idx),
                Value::Int(r.start),
                Value::Int(r.end),
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
        let _ = (rows, out);
        Err(ExportError::FeatureMissing("parquet"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(speaker: Option<&str>, text: &str) -> QuoteRow {
        QuoteRow {
            article_id: "a1".into(),
            cue: Some("said".into()),
            end: 20,
            idx: 0,
            kind: "direct".into(),
            published: Some("2024-03-14".into()),
            speaker: speaker.map(str::to_string),
            start: 4,
            text: text.into(),
            title: Some("Talks, again".into()),
        }
    }

    #[test]
    fn csv_quotes_fields_that_need_it() {
        let mut out = Vec::new();
        write_csv(
            &[
                row(Some("Ana Silva"), "we will \"share\", she said"),
                row(None, "x"),
            ],
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "2024-03-14,Ana Silva,said,direct,\"we will \"\"share\"\", she said\",a1,\"Talks, again\",0,4,20"
        );
        assert!(lines[2].starts_with("2024-03-14,,said,"));
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_is_a_parquet_file() {
        let mut out = Vec::new();
        write_parquet(&[row(Some("Ana Silva"), "x")], &mut out).unwrap();
        assert_eq!(&out[..4], b"PAR1");
        assert_eq!(&out[out.len() - 4..], b"PAR1");
    }
}
