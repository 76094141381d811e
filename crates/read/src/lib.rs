//! Readers: turn files, directories, stdin, gzip streams, plain text, HTML,
//! JSON Lines and WARC (Common Crawl) into [`Article`]s, one at a time.
//!
//! Every input goes through the same layers: raw bytes → gunzip (by magic
//! number, so `.gz` needs no flag and concatenated members are read) →
//! UTF-16 transcoding (by byte-order mark) → format (extension, else
//! content) → a format reader. Text and HTML files are one article each and
//! are read with a bounded read; JSON Lines are streamed line by line. Nothing
//! is collected: each [`ReadItem`] goes to the caller's sink as soon as it
//! exists, so memory stays at one article whatever the input size.
//!
//! Bad input never stops a batch and never panics: it becomes one
//! [`ReadItem::Error`] naming the input, and reading goes on. Non-English
//! articles become [`ReadItem::Skipped`]. See `input` for the decoding
//! choices (binary detection, invalid UTF-8, UTF-16).

mod dates;
mod error;
mod html;
mod input;
mod jsonl;
mod text;
mod warc;

pub use dates::parse_date;
pub use error::ReadError;
pub use jsonl::{builder_from_fields, ArticleFields};
pub use newsgraph_doc::Article;
use newsgraph_doc::ArticleBuilder;

pub use input::{
    classify_file, is_single_article_file, FileKind, NotArticle, ARTICLE_EXTENSIONS,
    COLLECTION_FILE_NAMES,
};
use input::{
    decode_text, is_gzip, read_bounded, read_head, utf16_bom, DirWalk, Utf16Reader, Walked,
    HEAD_BYTES,
};
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

/// How to read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Largest article accepted, in bytes of (decompressed) input: a text or
    /// HTML file, or one JSON line. Checked while reading, so a larger input
    /// costs at most this much memory.
    pub max_article_bytes: usize,
    /// Skip articles whose language is reliably detected as not English.
    pub english_only: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_article_bytes: 5 * 1024 * 1024,
            english_only: true,
        }
    }
}

/// One result of reading, in input order.
#[derive(Debug)]
pub enum ReadItem {
    Article(Article),
    /// Not an error: e.g. non-English. `reason` is one line.
    Skipped {
        origin: String,
        reason: String,
    },
    /// One line naming the input and the problem (Display of ReadError).
    Error(ReadError),
    /// A file in a directory that is not read: not an article format, or
    /// a collection's own file such as a README (see [`NotArticle`]).
    NotArticle {
        origin: String,
        reason: NotArticle,
    },
}

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    JsonLines,
    /// WARC 1.0/1.1 (Common Crawl, CC-NEWS): HTML response records; see `warc`.
    Warc,
}

/// Reads every path (file, directory, or "-" for stdin) in order, calling
/// `sink` for each item as it is produced. Directories are walked
/// recursively in sorted order, reading files with article extensions
/// (`.txt`, `.html`, `.htm`, `.jsonl`, `.ndjson`, `.json`, `.warc`, each
/// optionally `.gz`) and passing over hidden entries silently. Other files
/// in a directory, and its README, LICENSE and like files
/// ([`COLLECTION_FILE_NAMES`]), become [`ReadItem::NotArticle`]; a file
/// named directly is always read.
pub fn read_paths(paths: &[PathBuf], opts: &ReadOptions, sink: &mut dyn FnMut(ReadItem)) {
    for path in paths {
        if path.as_os_str() == "-" {
            let stdin = io::stdin();
            read_stream(
                "-",
                Box::new(stdin.lock()),
                Path::new("-"),
                None,
                opts,
                sink,
            );
            continue;
        }
        if path.is_dir() {
            match DirWalk::new(path) {
                Ok(walk) => {
                    for entry in walk {
                        match entry {
                            Ok(Walked::File(file)) => read_file(&file, opts, sink),
                            Ok(Walked::NotArticle(file, reason)) => sink(ReadItem::NotArticle {
                                origin: file.display().to_string(),
                                reason,
                            }),
                            Err(e) => sink(ReadItem::Error(e)),
                        }
                    }
                }
                Err(e) => sink(ReadItem::Error(e)),
            }
        } else {
            read_file(path, opts, sink);
        }
    }
}

/// Reads one in-memory document in a given format (for the HTTP server's
/// paste box and for tests). Gzip and UTF-16 input are decoded as for files.
pub fn read_bytes(
    origin: &str,
    bytes: &[u8],
    format: Format,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(ReadItem),
) {
    read_stream(
        origin,
        Box::new(Cursor::new(bytes)),
        Path::new(origin),
        Some(format),
        opts,
        sink,
    );
}

/// Format sniffing from extension (.txt, .html/.htm, .jsonl/.ndjson/.json,
/// any + .gz) and, failing that, content: markup that opens like a page is
/// HTML, a leading `{` is JSON Lines, anything else is text. `head` is the
/// start of the decompressed, UTF-8 content.
pub fn detect_format(path: &Path, head: &[u8]) -> Format {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "txt" | "text" => return Format::Text,
        "html" | "htm" | "xhtml" => return Format::Html,
        "jsonl" | "ndjson" | "json" => return Format::JsonLines,
        "warc" => return Format::Warc,
        _ => {}
    }
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.starts_with(b"WARC/") {
        return Format::Warc;
    }
    match head.first() {
        Some(b'{') => Format::JsonLines,
        Some(b'<') => {
            let lower = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_lowercase();
            let markers = [
                "<!doctype html",
                "<html",
                "<head",
                "<body",
                "<meta",
                "<title",
                "<article",
                "<div",
                "<p>",
                "<p ",
                "<!--",
            ];
            if markers.iter().any(|m| lower.contains(m)) {
                Format::Html
            } else {
                Format::Text
            }
        }
        _ => Format::Text,
    }
}

/// The files `paths` will read, walking directories as [`read_paths`] does
/// (files passed over are not counted), or None when stdin is among them.
/// For a progress bar's total: a directory listing costs little next to
/// the analysis.
pub fn list_files(paths: &[PathBuf]) -> Option<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            return None;
        }
        if path.is_dir() {
            if let Ok(walk) = DirWalk::new(path) {
                files.extend(walk.filter_map(|e| match e {
                    Ok(Walked::File(f)) => Some(f),
                    _ => None,
                }));
            }
        } else {
            files.push(path.clone());
        }
    }
    Some(files)
}

fn read_file(path: &Path, opts: &ReadOptions, sink: &mut dyn FnMut(ReadItem)) {
    let origin = path.display().to_string();
    match File::open(path) {
        Ok(file) => read_stream(&origin, Box::new(file), path, None, opts, sink),
        Err(source) => sink(ReadItem::Error(ReadError::Io { origin, source })),
    }
}

/// The shared layers: gunzip, UTF-16, format, then the format's reader.
fn read_stream<'a>(
    origin: &str,
    raw: Box<dyn Read + 'a>,
    path: &Path,
    format: Option<Format>,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(ReadItem),
) {
    let mut raw = raw;
    let raw_head = match read_head(&mut raw, HEAD_BYTES) {
        Ok(h) => h,
        Err(source) => {
            let origin = origin.to_string();
            return sink(ReadItem::Error(ReadError::Io { origin, source }));
        }
    };
    let gzipped = is_gzip(&raw_head);
    let map_io = |source: io::Error| {
        let origin = origin.to_string();
        if gzipped {
            ReadError::Gzip { origin, source }
        } else {
            ReadError::Io { origin, source }
        }
    };
    let mut reader: Box<dyn Read + 'a> = Box::new(Cursor::new(raw_head).chain(raw));
    if gzipped {
        reader = Box::new(flate2::read::MultiGzDecoder::new(reader));
    }
    let mut head = match read_head(&mut reader, HEAD_BYTES) {
        Ok(h) => h,
        Err(e) => return sink(ReadItem::Error(map_io(e))),
    };
    if let Some(big_endian) = utf16_bom(&head) {
        let rest = Cursor::new(head).chain(reader);
        reader = Box::new(Utf16Reader::new(rest, big_endian));
        head = match read_head(&mut reader, HEAD_BYTES) {
            Ok(h) => h,
            Err(e) => return sink(ReadItem::Error(map_io(e))),
        };
    }
    let format = format.unwrap_or_else(|| detect_format(path, &head));
    let binary = head.contains(&0);
    let mut reader = Cursor::new(head).chain(reader);
    let max = opts.max_article_bytes;
    let mut emit = |result: Result<ArticleBuilder, ReadError>| match result {
        Ok(builder) => sink(finish(builder, opts)),
        Err(e) => sink(ReadItem::Error(e)),
    };
    match format {
        Format::JsonLines if binary => emit(Err(ReadError::Binary {
            origin: origin.to_string(),
        })),
        Format::JsonLines => {
            let mut lines = BufReader::with_capacity(64 * 1024, reader);
            jsonl::read_lines(origin, &mut lines, max, &map_io, &mut emit);
        }
        // WARC blocks may be binary (images); each record is judged on its own.
        Format::Warc => {
            let mut records = BufReader::with_capacity(64 * 1024, reader);
            let mut emit_record = |result| match result {
                Ok(warc::Record::Article(article)) => sink(finish_article(article, opts)),
                Ok(warc::Record::Skipped(origin, reason)) => {
                    sink(ReadItem::Skipped { origin, reason })
                }
                Err(e) => sink(ReadItem::Error(e)),
            };
            warc::read_records(origin, &mut records, max, &map_io, &mut emit_record);
        }
        Format::Text | Format::Html => {
            let result = read_bounded(&mut reader, origin, max, &map_io)
                .and_then(|bytes| decode_text(origin, &bytes))
                .and_then(|text| match format {
                    Format::Html => html::build_html_article(origin, &text),
                    _ => Ok(text::build_text_article(origin, &text)),
                })
                .and_then(|builder| {
                    if builder.is_empty() {
                        Err(ReadError::NoText {
                            origin: origin.to_string(),
                        })
                    } else {
                        Ok(builder)
                    }
                });
            emit(result);
        }
    }
}

/// Builds the article, or skips it when it is reliably not English.
fn finish(builder: ArticleBuilder, opts: &ReadOptions) -> ReadItem {
    finish_article(builder.build(), opts)
}

/// Skips the article when it is reliably not English.
fn finish_article(article: Article, opts: &ReadOptions) -> ReadItem {
    if opts.english_only {
        if let Some(reason) = not_english(&article.text) {
            return ReadItem::Skipped {
                origin: article.origin,
                reason,
            };
        }
    }
    ReadItem::Article(article)
}

/// Words below which language detection is too unreliable to act on; such
/// short texts count as English.
const MIN_WORDS_FOR_LANGUAGE: usize = 12;
/// Characters sampled for detection: enough to be sure, and detection time
/// grows with length.
const LANGUAGE_SAMPLE_CHARS: usize = 2000;

/// `Some(reason)` when whatlang reliably detects a language other than English.
fn not_english(text: &str) -> Option<String> {
    let end = text
        .char_indices()
        .nth(LANGUAGE_SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    if sample.split_whitespace().count() < MIN_WORDS_FOR_LANGUAGE {
        return None;
    }
    if looks_english(sample) {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if info.lang() == whatlang::Lang::Eng || !info.is_reliable() {
        return None;
    }
    Some(format!(
        "not English: detected {} ({}), confidence {:.2}",
        info.lang().eng_name(),
        info.lang().code(),
        info.confidence()
    ))
}

/// Fast path before whatlang (which costs about half a millisecond per
/// article): English prose is a quarter function words, and other languages
/// share few of these, so a high share settles it.
fn looks_english(sample: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "the", "of", "and", "to", "in", "is", "that", "for", "on", "was", "with", "he", "it", "as",
        "by", "at", "said", "his", "from", "has", "have", "be", "are", "were", "which", "this",
        "but", "not", "they", "will", "would", "been", "their", "its", "an", "who",
    ];
    let mut n_words = 0usize;
    let mut n_function = 0usize;
    for word in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        n_words += 1;
        if word.len() <= 5 && FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(word)) {
            n_function += 1;
        }
    }
    n_words >= MIN_WORDS_FOR_LANGUAGE && n_function * 100 >= n_words * 18
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_word_fast_path_only_accepts_english() {
        let english = "The minister said on Tuesday that the talks with the union would resume \
            next week, and that the government was ready to improve its offer.";
        assert!(looks_english(english));
        for other in [
            "Die Regierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer Energien \
             beschlossen, sagte ein Sprecher in Berlin.",
            "Le gouvernement a annoncé mercredi une nouvelle loi pour soutenir les énergies \
             renouvelables, selon un porte-parole à Paris.",
            "De regering heeft woensdag een nieuwe wet aangenomen om hernieuwbare energie te \
             steunen, zei een woordvoerder in Den Haag.",
            "El gobierno aprobó el miércoles una nueva ley para apoyar las energías renovables, \
             dijo un portavoz en Madrid. La oposición criticó la medida y pidió más tiempo para \
             debatir el proyecto en el Congreso de los Diputados.",
        ] {
            assert!(!looks_english(other), "{other}");
            assert!(not_english(other).is_some(), "{other}");
        }
        assert_eq!(not_english(english), None);
    }
}
