//! [`ReadError`]: why one input (a file, a stdin stream, one JSON line) gave
//! no article.
//!
//! Every variant carries the origin (`path`, `path:LINE` or `-`) and its
//! Display is one line, "origin: problem", so the CLI can print it as is and
//! carry on with the next input (ripgrep reports per-file errors the same way).

use std::io;

/// One input that could not be read as an article.
#[derive(thiserror::Error, Debug)]
pub enum ReadError {
    /// The file or stream could not be opened or read.
    #[error("{origin}: {source}")]
    Io {
        origin: String,
        #[source]
        source: io::Error,
    },
    /// Gzip data ended early or is corrupt; articles read before the damage
    /// have already been produced.
    #[error("{origin}: truncated or corrupt gzip data ({source})")]
    Gzip {
        origin: String,
        #[source]
        source: io::Error,
    },
    /// One article (a file, or one JSON line) is larger than
    /// [`crate::ReadOptions::max_article_bytes`]; reading stopped at the limit.
    #[error("{origin}: article exceeds {max} bytes")]
    TooLarge { origin: String, max: usize },
    /// NUL bytes or mostly control characters: not text.
    #[error("{origin}: binary data, not text")]
    Binary { origin: String },
    /// Nothing but whitespace.
    #[error("{origin}: empty input")]
    Empty { origin: String },
    /// HTML in which no article text was found (no `<body>`, or an empty one).
    #[error("{origin}: HTML has no body text")]
    HtmlNoBody { origin: String },
    /// HTML nested so deeply that parsing it would take minutes (parsers and
    /// Readability are quadratic in depth); real pages nest a few dozen levels.
    #[error("{origin}: HTML nested more than {max} levels deep")]
    HtmlTooDeep { origin: String, max: usize },
    /// Text that reduced to nothing once boilerplate was removed.
    #[error("{origin}: no article text")]
    NoText { origin: String },
    /// A JSON line that does not parse.
    #[error("{origin}: malformed JSON: {message}")]
    Json { origin: String, message: String },
    /// A JSON line that parses but lacks `text` or has a field of the wrong type.
    #[error("{origin}: {message}")]
    Field { origin: String, message: String },
}

impl ReadError {
    /// The input this error is about: a path, `path:LINE` or `-`.
    pub fn origin(&self) -> &str {
        match self {
            ReadError::Io { origin, .. }
            | ReadError::Gzip { origin, .. }
            | ReadError::TooLarge { origin, .. }
            | ReadError::Binary { origin }
            | ReadError::Empty { origin }
            | ReadError::HtmlNoBody { origin }
            | ReadError::HtmlTooDeep { origin, .. }
            | ReadError::NoText { origin }
            | ReadError::Json { origin, .. }
            | ReadError::Field { origin, .. } => origin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_naming_origin() {
        let errors = [
            ReadError::Io {
                origin: "a.txt".into(),
                source: io::Error::new(io::ErrorKind::NotFound, "not found"),
            },
            ReadError::TooLarge {
                origin: "a.txt".into(),
                max: 10,
            },
            ReadError::Json {
                origin: "a.txt".into(),
                message: "expected value\nat 1".replace('\n', " "),
            },
        ];
        for e in &errors {
            let s = e.to_string();
            assert!(s.starts_with("a.txt: "), "{s}");
            assert!(!s.contains('\n'), "{s}");
            assert_eq!(e.origin(), "a.txt");
        }
        assert_eq!(errors[1].to_string(), "a.txt: article exceeds 10 bytes");
    }
}
