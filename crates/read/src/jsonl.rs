//! JSON Lines: one article per line, streamed.
//!
//! Each line is an object with a required string `text` and optional string
//! (or null) `title`, `url`, `published`, `source` and `byline`; other keys
//! are ignored. Blank lines in `text` separate paragraphs. A bad line (not
//! JSON, not an object, no `text`, a field of the wrong type, too long) is
//! reported with its line number and the next line is read. Lines are read
//! with a bounded buffer: an over-long line is skipped without being held in
//! memory.

use crate::dates::parse_date;
use crate::input::decode_lossy;
use crate::text::build_body;
use crate::ReadError;
use newsgraph_doc::{ArticleBuilder, Published, PublishedBasis};
use serde_json::{Map, Value};
use std::io::{self, BufRead};

/// Outcome of reading one line.
enum Line {
    Eof,
    Complete,
    /// Longer than the limit; the rest of it was consumed and dropped.
    TooLong,
}

/// Reads up to and including the next `\n` into `buf` (without it), storing
/// at most `max` bytes.
fn read_line_bounded(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(match (any, too_long) {
                (false, _) => Line::Eof,
                (true, true) => Line::TooLong,
                (true, false) => Line::Complete,
            });
        }
        any = true;
        let (piece, used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        if !too_long {
            if buf.len() + piece.len() > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(piece);
            }
        }
        reader.consume(used);
        if done {
            return Ok(if too_long {
                Line::TooLong
            } else {
                Line::Complete
            });
        }
    }
}

/// Streams articles from JSON Lines; `origin` is the file (lines become
/// `origin:LINE`). An I/O error ends the stream after reporting it.
pub fn read_lines(
    origin: &str,
    reader: &mut dyn BufRead,
    max: usize,
    map_io: &dyn Fn(io::Error) -> ReadError,
    emit: &mut dyn FnMut(Result<ArticleBuilder, ReadError>),
) {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        line_no += 1;
        buf.clear();
        let line_origin = || format!("{origin}:{line_no}");
        match read_line_bounded(reader, &mut buf, max) {
            Ok(Line::Eof) => break,
            Ok(Line::TooLong) => emit(Err(ReadError::TooLarge {
                origin: line_origin(),
                max,
            })),
            Ok(Line::Complete) => {
                let bytes = if line_no == 1 {
                    buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf)
                } else {
                    &buf
                };
                let text = match std::str::from_utf8(bytes) {
                    Ok(s) => std::borrow::Cow::Borrowed(s),
                    Err(_) => std::borrow::Cow::Owned(decode_lossy(bytes)),
                };
                if text.trim().is_empty() {
                    continue;
                }
                emit(parse_line(&line_origin(), &text));
            }
            Err(e) => {
                emit(Err(map_io(e)));
                break;
            }
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// An optional string field: absent or null is `None`; any other non-string
/// is an error naming the field and the type found.
fn opt_str(map: &Map<String, Value>, key: &str, origin: &str) -> Result<Option<String>, ReadError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ReadError::Field {
            origin: origin.to_string(),
            message: format!("field `{key}` must be a string, found {}", type_name(other)),
        }),
    }
}

fn parse_line(origin: &str, line: &str) -> Result<ArticleBuilder, ReadError> {
    let value: Value = serde_json::from_str(line.trim()).map_err(|e| ReadError::Json {
        origin: origin.to_string(),
        message: e.to_string(),
    })?;
    let Value::Object(map) = value else {
        return Err(ReadError::Field {
            origin: origin.to_string(),
            message: format!("expected a JSON object, found {}", type_name(&value)),
        });
    };
    let text = opt_str(&map, "text", origin)?.ok_or_else(|| ReadError::Field {
        origin: origin.to_string(),
        message: "missing required field `text`".to_string(),
    })?;
    let fields = ArticleFields {
        text,
        title: opt_str(&map, "title", origin)?,
        url: opt_str(&map, "url", origin)?,
        published: opt_str(&map, "published", origin)?,
        source: opt_str(&map, "source", origin)?,
        byline: opt_str(&map, "byline", origin)?,
    };
    builder_from_fields(origin, "jsonl", fields)
}

/// The parts of one article given as values rather than a file: a JSON
/// line's fields, or the Python package's `analyze(text, title=…)`.
#[derive(Clone, Debug, Default)]
pub struct ArticleFields {
    /// The body: blank lines separate paragraphs.
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// A date in any form [`parse_date`] reads; anything else leaves the
    /// article undated, with the value in the evidence.
    pub published: Option<String>,
    pub source: Option<String>,
    pub byline: Option<String>,
}

/// Lays out `fields` as one article the way a JSON line is read: the body
/// split into paragraphs, boilerplate (a copyright line) removed and its
/// publisher kept as the source when none is given. `origin` names the
/// article in errors; `via` names where the date came from in its evidence
/// (`"jsonl"`: "jsonl published=2023-09-12").
pub fn builder_from_fields(
    origin: &str,
    via: &str,
    fields: ArticleFields,
) -> Result<ArticleBuilder, ReadError> {
    let ArticleFields {
        text,
        title,
        url,
        published,
        source,
        byline,
    } = fields;
    let mut builder = ArticleBuilder::new(origin);
    if let Some(t) = title {
        builder = builder.title(t);
    }
    let (builder, boiler) = build_body(builder, &text);
    if builder.is_empty() {
        return Err(ReadError::NoText {
            origin: origin.to_string(),
        });
    }
    let published = match published {
        Some(p) => {
            let shown: String = p.chars().take(100).collect();
            match parse_date(&p) {
                Some(date) => Published {
                    date: Some(date),
                    basis: PublishedBasis::Metadata,
                    evidence: vec![format!("{via} published={shown}")],
                },
                None => Published {
                    date: None,
                    basis: PublishedBasis::Unknown,
                    evidence: vec![format!("{via} published={shown} (not a date)")],
                },
            }
        }
        None => Published::default(),
    };
    Ok(builder
        .url(url)
        .source(source.or(boiler.source))
        .byline(byline)
        .published(published)
        .copyright_year(boiler.copyright_year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let data = b"short\nthis line is too long\nok\nlast-no-newline";
        let mut r: &[u8] = data;
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            buf.clear();
            match read_line_bounded(&mut r, &mut buf, 10).unwrap() {
                Line::Eof => break,
                Line::TooLong => got.push("<too long>".to_string()),
                Line::Complete => got.push(String::from_utf8(buf.clone()).unwrap()),
            }
        }
        assert_eq!(got, ["short", "<too long>", "ok", "<too long>"]);
    }
}
