//! Bytes in: opening inputs, gzip, UTF-16, bounded reads, text decoding and
//! directory walking.
//!
//! Decoding choices (like ripgrep's `BinaryDetection`, made explicit):
//! - A UTF-8 byte-order mark is dropped. A UTF-16 byte-order mark (LE or BE)
//!   switches to a streaming UTF-16 → UTF-8 transcoder; unpaired surrogates
//!   become U+FFFD.
//! - Any NUL byte, or more than 5% control characters, means binary: the input
//!   is reported as an error, not guessed at. (UTF-16 without a BOM is full of
//!   NULs and is therefore reported as binary.)
//! - Invalid UTF-8 in otherwise textual input is decoded lossily, each invalid
//!   byte read as Windows-1252. Real news text with stray bytes is nearly
//!   always Latin-1/Windows-1252 (the BBC corpus has a `£` as byte 0xA3), so
//!   this recovers the intended character where U+FFFD would lose it.
//!
//! Size: every article is read with `Read::take(max + 1)`, so a 200 MB line
//! costs at most `max + 1` bytes of memory before it is rejected.

use crate::ReadError;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Bytes examined to choose gzip, UTF-16 and the format.
pub const HEAD_BYTES: usize = 8192;

/// Reads up to `n` bytes (fewer only at end of input).
pub fn read_head(reader: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n.min(HEAD_BYTES));
    reader.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Reads a whole article, failing with [`ReadError::TooLarge`] as soon as more
/// than `max` bytes have arrived.
pub fn read_bounded(
    reader: &mut dyn Read,
    origin: &str,
    max: usize,
    map_io: &dyn Fn(io::Error) -> ReadError,
) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    let limit = (max as u64).saturating_add(1);
    reader.take(limit).read_to_end(&mut buf).map_err(map_io)?;
    if buf.len() > max {
        return Err(ReadError::TooLarge {
            origin: origin.to_string(),
            max,
        });
    }
    Ok(buf)
}

pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// `Some(big_endian)` when the input starts with a UTF-16 byte-order mark.
pub fn utf16_bom(head: &[u8]) -> Option<bool> {
    match head {
        [0xff, 0xfe, ..] => Some(false),
        [0xfe, 0xff, ..] => Some(true),
        _ => None,
    }
}

/// Streaming UTF-16 → UTF-8 transcoder, so UTF-16 JSON Lines stay streamed.
/// The byte-order mark must still be at the front of `inner`; it is dropped.
pub struct Utf16Reader<R> {
    inner: R,
    big_endian: bool,
    /// Undecoded input: an odd trailing byte or a high surrogate whose pair
    /// has not arrived yet.
    pending: Vec<u8>,
    out: Vec<u8>,
    out_pos: usize,
    started: bool,
    eof: bool,
}

impl<R: Read> Utf16Reader<R> {
    pub fn new(inner: R, big_endian: bool) -> Self {
        Utf16Reader {
            inner,
            big_endian,
            pending: Vec::new(),
            out: Vec::new(),
            out_pos: 0,
            started: false,
            eof: false,
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 8192];
        while self.out_pos >= self.out.len() && !self.eof {
            let n = self.inner.read(&mut chunk)?;
            if n == 0 {
                self.eof = true;
            }
            self.pending.extend_from_slice(&chunk[..n]);
            if !self.started && self.pending.len() >= 2 {
                self.pending.drain(..2);
                self.started = true;
            }
            let mut n_units = self.pending.len() / 2;
            let unit_at = |p: &[u8], i: usize| -> u16 {
                let pair = [p[2 * i], p[2 * i + 1]];
                if self.big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            };
            // Keep a trailing high surrogate back until its partner arrives.
            if !self.eof && n_units > 0 {
                let last = unit_at(&self.pending, n_units - 1);
                if (0xd800..0xdc00).contains(&last) {
                    n_units -= 1;
                }
            }
            let units: Vec<u16> = (0..n_units).map(|i| unit_at(&self.pending, i)).collect();
            self.pending.drain(..2 * n_units);
            if self.eof && !self.pending.is_empty() {
                // An odd final byte cannot be a character.
                self.pending.clear();
                self.out.extend_from_slice("\u{fffd}".as_bytes());
            }
            self.out.drain(..self.out_pos);
            self.out_pos = 0;
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or('\u{fffd}');
                let mut b = [0u8; 4];
                self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_pos >= self.out.len() {
            self.out.clear();
            self.out_pos = 0;
            self.fill()?;
        }
        let avail = &self.out[self.out_pos..];
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// Characters 0x80-0x9F of Windows-1252; the five undefined slots map to the
/// C1 control of the same number, which the binary check then counts.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9f => CP1252_HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Decodes UTF-8, reading each invalid byte as Windows-1252.
pub fn decode_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|&b| cp1252(b)));
    }
    out
}

/// True when the text is mostly control characters (beyond tab, newline,
/// carriage return and form feed).
fn mostly_control(text: &str) -> bool {
    let mut n_chars = 0usize;
    let mut n_control = 0usize;
    for c in text.chars() {
        n_chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            n_control += 1;
        }
    }
    n_control * 20 > n_chars
}

/// Bytes of one article (already gunzipped and UTF-16-transcoded) to text.
pub fn decode_text(origin: &str, bytes: &[u8]) -> Result<String, ReadError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(ReadError::Binary {
            origin: origin.to_string(),
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => decode_lossy(bytes),
    };
    if text.trim().is_empty() {
        return Err(ReadError::Empty {
            origin: origin.to_string(),
        });
    }
    if mostly_control(&text) {
        return Err(ReadError::Binary {
            origin: origin.to_string(),
        });
    }
    Ok(text)
}

/// File name extensions of article formats, each also read with `.gz`.
pub const ARTICLE_EXTENSIONS: &[&str] = &[
    ".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".warc",
];

/// Extensions that hold one article per file, so counting files counts
/// articles (JSON Lines and WARC hold many).
const SINGLE_ARTICLE_EXTENSIONS: &[&str] = &[".txt", ".text", ".html", ".htm", ".xhtml"];

/// Names (before the first `.`, any case) of the files a collection keeps
/// about itself. Found in a directory, they are not articles: a corpus
/// folder's `README.TXT` describes the corpus, it does not report news.
/// Named on the command line, they are read like any file.
pub const COLLECTION_FILE_NAMES: &[&str] = &[
    "README",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "CHANGELOG",
    "CHANGES",
    "NOTICE",
    "AUTHORS",
    "CONTRIBUTORS",
    "SOURCES",
    "CITATION",
    "MANIFEST",
];

/// Why a file in a directory was not read.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NotArticle {
    /// The extension is not an article format (the lower-case extension,
    /// with its dot, or "" for none).
    Format { extension: String },
    /// A README, LICENSE or the like ([`COLLECTION_FILE_NAMES`]).
    CollectionFile,
}

impl std::fmt::Display for NotArticle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotArticle::Format { extension } if extension.is_empty() => {
                write!(f, "no extension, so not an article format")
            }
            NotArticle::Format { extension } => write!(f, "{extension} is not an article format"),
            NotArticle::CollectionFile => {
                write!(
                    f,
                    "a collection's own file (README, LICENSE, …), not an article"
                )
            }
        }
    }
}

/// What a directory walk makes of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    Article,
    /// Hidden (`.name`): not read and not reported, like `.git` or
    /// `.DS_Store`, which every folder may hold.
    Hidden,
    NotArticle(NotArticle),
}

/// Classifies a file found in a directory by its name. Explicitly named
/// files are always read; inside directories only known article extensions
/// (optionally gzipped) are, so images and PDFs are not reported as binary
/// errors by the thousand, but counted as passed over.
pub fn classify_file(path: &Path) -> FileKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.starts_with('.') {
        return FileKind::Hidden;
    }
    let bare = name.strip_suffix(".gz").unwrap_or(&name);
    if !ARTICLE_EXTENSIONS.iter().any(|ext| bare.ends_with(ext)) {
        let extension = match bare.rsplit_once('.') {
            Some((_, e)) => format!(".{e}"),
            None => String::new(),
        };
        return FileKind::NotArticle(NotArticle::Format { extension });
    }
    let stem = bare.split('.').next().unwrap_or("").to_ascii_uppercase();
    if COLLECTION_FILE_NAMES.contains(&stem.as_str()) {
        return FileKind::NotArticle(NotArticle::CollectionFile);
    }
    FileKind::Article
}

/// Whether a file of this name holds exactly one article (text or HTML,
/// gzipped or not).
pub fn is_single_article_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bare = name.strip_suffix(".gz").unwrap_or(&name);
    SINGLE_ARTICLE_EXTENSIONS
        .iter()
        .any(|ext| bare.ends_with(ext))
}

/// One entry of a directory walk.
#[derive(Debug)]
pub enum Walked {
    /// A file to read.
    File(PathBuf),
    /// A file passed over, and why.
    NotArticle(PathBuf, NotArticle),
}

/// Depth-first, sorted directory walk yielding article files, and the files
/// it passes over, one at a time.
/// Only one directory listing per level is held in memory. Symbolic links to
/// directories are not followed, so link cycles cannot loop.
pub struct DirWalk {
    /// Per open directory: its remaining entries, sorted in reverse so the
    /// next one is popped from the end.
    stack: Vec<Vec<PathBuf>>,
}

impl DirWalk {
    pub fn new(root: &Path) -> Result<DirWalk, ReadError> {
        let entries = sorted_entries(root)?;
        Ok(DirWalk {
            stack: vec![entries],
        })
    }
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, ReadError> {
    let io_err = |source| ReadError::Io {
        origin: dir.display().to_string(),
        source,
    };
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_err)? {
        entries.push(entry.map_err(io_err)?.path());
    }
    entries.sort();
    entries.reverse();
    Ok(entries)
}

impl Iterator for DirWalk {
    type Item = Result<Walked, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let top = self.stack.last_mut()?;
            let Some(path) = top.pop() else {
                self.stack.pop();
                continue;
            };
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                let hidden = path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if hidden {
                    continue;
                }
                match sorted_entries(&path) {
                    Ok(entries) => self.stack.push(entries),
                    Err(e) => return Some(Err(e)),
                }
            } else {
                match classify_file(&path) {
                    FileKind::Article => return Some(Ok(Walked::File(path))),
                    FileKind::Hidden => {}
                    FileKind::NotArticle(why) => return Some(Ok(Walked::NotArticle(path, why))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_both_orders_and_split_surrogates() {
        let text = "Kim 🚆 Putin, naïve";
        for big_endian in [false, true] {
            let mut bytes: Vec<u8> = if big_endian {
                vec![0xfe, 0xff]
            } else {
                vec![0xff, 0xfe]
            };
            for u in text.encode_utf16() {
                let pair = if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            // A reader handing out one byte at a time splits every pair.
            struct OneByte<'a>(&'a [u8]);
            impl Read for OneByte<'_> {
                fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                    match (self.0.split_first(), buf.is_empty()) {
                        (Some((&b, rest)), false) => {
                            buf[0] = b;
                            self.0 = rest;
                            Ok(1)
                        }
                        _ => Ok(0),
                    }
                }
            }
            let mut out = String::new();
            Utf16Reader::new(OneByte(&bytes), big_endian)
                .read_to_string(&mut out)
                .unwrap();
            assert_eq!(out, text);
        }
    }

    #[test]
    fn lossy_decode_reads_windows_1252() {
        assert_eq!(decode_lossy(b"a \xa3100m \x93q\x94"), "a £100m “q”");
        assert_eq!(decode_text("x", b"\xef\xbb\xbfhi").unwrap(), "hi");
        assert!(matches!(
            decode_text("x", b"a\0b"),
            Err(ReadError::Binary { .. })
        ));
        assert!(matches!(
            decode_text("x", b" \n\t "),
            Err(ReadError::Empty { .. })
        ));
        assert!(matches!(
            decode_text("x", b"\x01\x02\x03abc"),
            Err(ReadError::Binary { .. })
        ));
    }

    #[test]
    fn bounded_read_stops_at_limit() {
        let mut endless = io::repeat(b'a');
        let err = read_bounded(&mut endless, "big", 1000, &|source| ReadError::Io {
            origin: "big".into(),
            source,
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "big: article exceeds 1000 bytes");
    }
}
