//! WARC 1.0/1.1 files (`.warc`, `.warc.gz`), as Common Crawl's CC-NEWS
//! writes them: one `response` record per fetched page, its block an HTTP
//! response (status line, headers, blank line) whose payload is the HTML.
//!
//! Records are streamed one at a time: the record header is read line by
//! line, then exactly `Content-Length` bytes of block, so memory stays at one
//! record whatever the file size. A `.warc.gz` is a series of gzip members
//! (one per record); the shared gunzip layer in `lib.rs` already reads
//! concatenated members, so this module only ever sees plain WARC.
//!
//! What becomes an article: a `response` record whose HTTP payload is HTML
//! (by `Content-Type`, or by sniffing when the header is missing). Its
//! `WARC-Target-URI` becomes the article URL (the address actually fetched,
//! which is what GDELT's SOURCEURL records). The page's own date metadata
//! wins; when the page has none, `WARC-Date` (the fetch time, which for a
//! news crawl is within hours of publication) is used with basis
//! `Metadata` and evidence naming it. `request`, `metadata`, `warcinfo` and
//! other records are passed over silently; a response that is not HTML
//! (an image, a PDF, a redirect) is reported as skipped, not as an error.
//!
//! The record header format is small enough to parse here (WARC 1.1 §4–5:
//! version line, `Name: value` lines, CRLF, block, CRLF CRLF), which keeps
//! the reader free of another dependency and lets it bound every line.
//! Lines are accepted with LF as well as CRLF, since hand-made WARC files
//! often have bare LFs.

use crate::dates::parse_date;
use crate::html::build_html_article;
use crate::input::decode_lossy;
use crate::ReadError;
use newsgraph_doc::{Article, PublishedBasis};
use std::io::{self, BufRead, Read};

/// Longest record-header or HTTP-header line kept; longer ones are cut
/// (a header line longer than this is garbage, not a reason to stop).
const MAX_HEADER_LINE: usize = 16 * 1024;
/// Most header lines in one record or HTTP response before the record is
/// judged corrupt.
const MAX_HEADER_LINES: usize = 512;

/// The record-header fields this reader uses.
#[derive(Default, Debug)]
struct RecordHeader {
    record_type: String,
    target_uri: Option<String>,
    date: Option<String>,
    content_type: String,
    content_length: Option<u64>,
}

/// Reads one line (without its `\r\n` or `\n`), keeping at most
/// [`MAX_HEADER_LINE`] bytes. `Ok(None)` at end of input.
fn read_header_line(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<Option<()>> {
    line.clear();
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(()));
        }
        any = true;
        let (piece, used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        line.extend_from_slice(&piece[..piece.len().min(room)]);
        reader.consume(used);
        if done {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(()));
        }
    }
}

/// Splits `Name: value`, trimming both.
fn split_field(line: &[u8]) -> Option<(String, String)> {
    let text = String::from_utf8_lossy(line);
    let (name, value) = text.split_once(':')?;
    Some((name.trim().to_ascii_lowercase(), value.trim().to_string()))
}

/// Outcome of looking for the next record header.
enum Next {
    Record(RecordHeader),
    Eof,
    /// Bytes that do not start a WARC record: the rest of the file cannot be
    /// framed, so reading stops after reporting it.
    Corrupt(String),
}

fn read_record_header(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<Next> {
    // Records are separated by CRLF CRLF; tolerate any number of blank lines.
    loop {
        match read_header_line(reader, line)? {
            None => return Ok(Next::Eof),
            Some(()) if line.iter().all(|b| b.is_ascii_whitespace()) => continue,
            Some(()) => break,
        }
    }
    if !line.starts_with(b"WARC/") {
        let shown = String::from_utf8_lossy(&line[..line.len().min(40)]).into_owned();
        return Ok(Next::Corrupt(format!(
            "expected a WARC record header, found {shown:?}"
        )));
    }
    let mut header = RecordHeader::default();
    for _ in 0..MAX_HEADER_LINES {
        if read_header_line(reader, line)?.is_none() || line.is_empty() {
            return Ok(Next::Record(header));
        }
        let Some((name, value)) = split_field(line) else {
            continue;
        };
        match name.as_str() {
            "warc-type" => header.record_type = value.to_ascii_lowercase(),
            "warc-target-uri" => {
                // WARC 1.0 examples wrap the URI in angle brackets.
                let uri = value.trim_start_matches('<').trim_end_matches('>');
                header.target_uri = Some(uri.to_string()).filter(|u| !u.is_empty());
            }
            "warc-date" => header.date = Some(value),
            "content-type" => header.content_type = value.to_ascii_lowercase(),
            "content-length" => header.content_length = value.parse().ok(),
            _ => {}
        }
    }
    Ok(Next::Corrupt("record header has too many lines".into()))
}

/// What one WARC record gave.
pub enum Record {
    Article(Article),
    /// A response that is not an HTML page: `(origin, reason)`.
    Skipped(String, String),
}

/// Streams the articles in a WARC file. `origin` is the file; each record
/// becomes `origin#N` (N counts records from 1, every type included, so it
/// matches `warcio index` order). An I/O error or unframeable bytes end the
/// stream after being reported; an oversized or non-HTML record is reported
/// and reading goes on.
pub fn read_records(
    origin: &str,
    reader: &mut dyn BufRead,
    max: usize,
    map_io: &dyn Fn(io::Error) -> ReadError,
    emit: &mut dyn FnMut(Result<Record, ReadError>),
) {
    let mut line = Vec::new();
    let mut block = Vec::new();
    let mut n_record = 0usize;
    loop {
        let header = match read_record_header(reader, &mut line) {
            Ok(Next::Record(h)) => h,
            Ok(Next::Eof) => return,
            Ok(Next::Corrupt(message)) => {
                let origin = format!("{origin}#{}", n_record + 1);
                return emit(Err(ReadError::Field { origin, message }));
            }
            Err(e) => return emit(Err(map_io(e))),
        };
        n_record += 1;
        let record_origin = format!("{origin}#{n_record}");
        let Some(length) = header.content_length else {
            let message = "WARC record has no valid Content-Length".to_string();
            return emit(Err(ReadError::Field {
                origin: record_origin,
                message,
            }));
        };
        let wanted = header.record_type == "response"
            && (header.content_type.is_empty() || header.content_type.contains("http"));
        // Blocks that are not articles, or are too big to be one, are read
        // past without being stored.
        if !wanted || length > max as u64 {
            match io::copy(&mut reader.take(length), &mut io::sink()) {
                Ok(n) if n < length => {
                    return emit(Err(map_io(io::ErrorKind::UnexpectedEof.into())));
                }
                Ok(_) => {}
                Err(e) => return emit(Err(map_io(e))),
            }
            if wanted {
                emit(Err(ReadError::TooLarge {
                    origin: record_origin,
                    max,
                }));
            }
            continue;
        }
        block.clear();
        match reader.take(length).read_to_end(&mut block) {
            Ok(n) if (n as u64) < length => {
                return emit(Err(map_io(io::ErrorKind::UnexpectedEof.into())));
            }
            Ok(_) => {}
            Err(e) => return emit(Err(map_io(e))),
        }
        match response_article(&record_origin, &header, &block) {
            Ok(Some(article)) => emit(Ok(Record::Article(article))),
            Ok(None) => {
                let reason = "WARC response is not an HTML page".to_string();
                emit(Ok(Record::Skipped(record_origin, reason)));
            }
            Err(e) => emit(Err(e)),
        }
    }
}

/// The HTTP response inside a record block: headers and payload.
struct HttpResponse<'a> {
    status: Option<u16>,
    content_type: String,
    content_encoding: String,
    chunked: bool,
    payload: &'a [u8],
}

fn parse_http(block: &[u8]) -> HttpResponse<'_> {
    let mut response = HttpResponse {
        status: None,
        content_type: String::new(),
        content_encoding: String::new(),
        chunked: false,
        payload: &[],
    };
    let mut rest = block;
    let mut first = true;
    for _ in 0..MAX_HEADER_LINES {
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            // Headers never ended: no payload.
            return response;
        };
        let line = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
        rest = &rest[end + 1..];
        if line.is_empty() {
            response.payload = rest;
            return response;
        }
        if first {
            first = false;
            let text = String::from_utf8_lossy(line);
            response.status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok());
            continue;
        }
        if let Some((name, value)) = split_field(line) {
            let value = value.to_ascii_lowercase();
            match name.as_str() {
                "content-type" => response.content_type = value,
                "content-encoding" => response.content_encoding = value,
                "transfer-encoding" => response.chunked = value.contains("chunked"),
                _ => {}
            }
        }
    }
    response
}

/// Undoes `Transfer-Encoding: chunked` (Common Crawl removes it, other
/// crawlers keep it). Stops quietly at the first malformed chunk size.
fn dechunk(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len());
    let mut rest = payload;
    while let Some(end) = rest.iter().position(|&b| b == b'\n') {
        let size_line = String::from_utf8_lossy(&rest[..end]);
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else {
            break;
        };
        rest = &rest[end + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    }
    out
}

/// True when a payload without a usable Content-Type looks like a page.
fn sniff_html(payload: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&payload[..payload.len().min(1024)]).to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|m| head.contains(m))
}

/// The article in one response record; `Ok(None)` when it is not HTML.
fn response_article(
    origin: &str,
    header: &RecordHeader,
    block: &[u8],
) -> Result<Option<Article>, ReadError> {
    let response = parse_http(block);
    if response.status.is_some_and(|s| !(200..300).contains(&s)) {
        return Ok(None);
    }
    let dechunked;
    let mut payload = response.payload;
    if response.chunked {
        dechunked = dechunk(payload);
        payload = &dechunked;
    }
    let gunzipped;
    if matches!(response.content_encoding.as_str(), "gzip" | "x-gzip") {
        let mut out = Vec::new();
        // A payload that claims gzip but is not is read as it stands.
        if flate2::read::MultiGzDecoder::new(payload)
            .read_to_end(&mut out)
            .is_ok()
        {
            gunzipped = out;
            payload = &gunzipped;
        }
    }
    let declared_html = response.content_type.contains("html");
    let undeclared_html = response.content_type.is_empty() && sniff_html(payload);
    if !declared_html && !undeclared_html {
        return Ok(None);
    }
    if payload.contains(&0) {
        return Err(ReadError::Binary {
            origin: origin.to_string(),
        });
    }
    let html = match std::str::from_utf8(payload) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(decode_lossy(payload)),
    };
    let builder = build_html_article(origin, &html)?;
    if builder.is_empty() {
        return Err(ReadError::NoText {
            origin: origin.to_string(),
        });
    }
    let mut article = builder.build();
    if let Some(uri) = &header.target_uri {
        article.url = Some(uri.clone());
    }
    if article.published.date.is_none() {
        if let Some(raw) = &header.date {
            if let Some(date) = parse_date(raw) {
                article.published.date = Some(date);
                article.published.basis = PublishedBasis::Metadata;
                article
                    .published
                    .evidence
                    .push(format!("warc WARC-Date={raw}"));
            }
        }
    }
    Ok(Some(article))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    const PAGE: &str =
        "<!doctype html><html><head><title>Ministers agree budget deal</title></head>\
        <body><article><h1>Ministers agree budget deal</h1>\
        <p>Finance ministers from the eurozone agreed a budget deal in Brussels on Tuesday, \
        after talks that lasted through the night and ended with a compromise on spending.</p>\
        <p>The agreement, which must still be approved by national parliaments, sets limits \
        on deficits for the next three years, officials said after the meeting ended.</p>\
        <p>\"This is a good day for Europe,\" said the chair of the group, speaking to \
        reporters outside the building where the negotiations had taken place.</p>\
        </article></body></html>";

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        write!(
            out,
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2016-08-29T10:15:00Z\r\nWARC-Record-ID: <urn:uuid:x>\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .unwrap();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(content_type: &str, body: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nServer: x\r\n\r\n{body}")
            .into_bytes()
    }

    /// A CC-NEWS-like file: warcinfo, request, HTML response, image response.
    fn sample_warc() -> Vec<u8> {
        let mut warc = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: t\r\n",
        );
        warc.extend(record(
            "request",
            "https://news.example/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "https://news.example/a",
            "application/http; msgtype=response",
            &http("text/html; charset=utf-8", PAGE),
        ));
        warc.extend(record(
            "response",
            "https://news.example/logo.png",
            "application/http; msgtype=response",
            &http("image/png", "\u{1}PNG"),
        ));
        warc
    }

    fn read_all(bytes: &[u8], max: usize) -> (Vec<Article>, Vec<String>, Vec<String>) {
        let (mut articles, mut errors, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
        read_records(
            "t.warc",
            &mut Cursor::new(bytes),
            max,
            &|source| ReadError::Io {
                origin: "t.warc".into(),
                source,
            },
            &mut |r| match r {
                Ok(Record::Article(a)) => articles.push(a),
                Ok(Record::Skipped(origin, _)) => skipped.push(origin),
                Err(e) => errors.push(e.to_string()),
            },
        );
        (articles, errors, skipped)
    }

    #[test]
    fn response_record_becomes_article_with_uri_and_warc_date() {
        let (articles, errors, skipped) = read_all(&sample_warc(), 1 << 20);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(skipped, vec!["t.warc#4".to_string()]);
        assert_eq!(articles.len(), 1);
        let a = &articles[0];
        assert_eq!(a.origin, "t.warc#3");
        assert_eq!(a.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(a.title_text(), Some("Ministers agree budget deal"));
        assert!(a.text.contains("agreed a budget deal in Brussels"));
        assert_eq!(
            a.published.date.map(|d| d.to_string()).as_deref(),
            Some("2016-08-29")
        );
        assert_eq!(a.published.basis, PublishedBasis::Metadata);
        assert_eq!(
            a.published.evidence,
            vec!["warc WARC-Date=2016-08-29T10:15:00Z"]
        );
    }

    #[test]
    fn page_date_beats_fetch_date() {
        let page = PAGE.replace(
            "<title>",
            "<meta property=\"article:published_time\" content=\"2016-08-28T22:00:00Z\"><title>",
        );
        let warc = record(
            "response",
            "https://news.example/b",
            "application/http; msgtype=response",
            &http("text/html", &page),
        );
        let (articles, errors, _) = read_all(&warc, 1 << 20);
        assert!(errors.is_empty(), "{errors:?}");
        let date = articles[0].published.date.map(|d| d.to_string());
        assert_eq!(date.as_deref(), Some("2016-08-28"));
    }

    #[test]
    fn oversized_record_is_reported_and_reading_goes_on() {
        let mut warc = record(
            "response",
            "https://news.example/big",
            "application/http; msgtype=response",
            &http("text/html", &PAGE.repeat(4)),
        );
        warc.extend(sample_warc());
        let (articles, errors, _) = read_all(&warc, PAGE.len() * 2);
        assert_eq!(
            errors,
            vec!["t.warc#1: article exceeds 2002 bytes"
                .replace("2002", &(PAGE.len() * 2).to_string())]
        );
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].origin, "t.warc#4");
    }

    #[test]
    fn truncated_and_garbage_input_is_reported_without_panic() {
        let warc = sample_warc();
        for cut in [10, 100, 300, warc.len() / 2, warc.len() - 5] {
            let (_, errors, _) = read_all(&warc[..cut], 1 << 20);
            assert!(errors.len() <= 1, "{cut}: {errors:?}");
        }
        let (articles, errors, _) = read_all(b"GET / HTTP/1.1\r\n\r\n", 1 << 20);
        assert!(articles.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("expected a WARC record header"),
            "{errors:?}"
        );
        // Arbitrary bytes after a valid header must not panic either.
        let mut bytes = b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n".to_vec();
        bytes.extend((0..40u8).map(|i| i.wrapping_mul(37)));
        read_all(&bytes, 1 << 20);
    }

    #[test]
    fn chunked_and_gzip_payloads_are_decoded() {
        use flate2::write::GzEncoder;
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(PAGE.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let mut body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\
                         Transfer-Encoding: chunked\r\n\r\n"
            .to_vec();
        let (a, b) = gz.split_at(gz.len() / 2);
        for part in [a, b] {
            body.extend(format!("{:x}\r\n", part.len()).into_bytes());
            body.extend_from_slice(part);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"0\r\n\r\n");
        let warc = record("response", "https://x/c", "application/http", &body);
        let (articles, errors, _) = read_all(&warc, 1 << 20);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(articles[0].text.contains("Brussels"));
    }

    #[test]
    fn warc_gz_file_is_found_by_extension_and_read_per_member() {
        use flate2::write::GzEncoder;
        // CC-NEWS gzips each record as its own member.
        let mut file = Vec::new();
        for rec in [
            record(
                "warcinfo",
                "",
                "application/warc-fields",
                b"software: t\r\n",
            ),
            record(
                "response",
                "https://news.example/a",
                "application/http; msgtype=response",
                &http("text/html", PAGE),
            ),
        ] {
            let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&rec).unwrap();
            file.extend(gz.finish().unwrap());
        }
        let dir = std::env::temp_dir().join(format!("newsgraph-warc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("CC-NEWS-20160829.warc.gz");
        std::fs::write(&path, &file).unwrap();
        let mut items = Vec::new();
        crate::read_paths(
            std::slice::from_ref(&dir),
            &crate::ReadOptions::default(),
            &mut |item| items.push(item),
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(items.len(), 1, "{items:?}");
        let crate::ReadItem::Article(a) = &items[0] else {
            panic!("expected an article, got {:?}", items[0]);
        };
        assert!(
            a.origin.ends_with("CC-NEWS-20160829.warc.gz#2"),
            "{}",
            a.origin
        );
        assert_eq!(a.url.as_deref(), Some("https://news.example/a"));
    }
}
