//! [`Article`]: one news article's text buffer and its metadata, as a reader
//! produced it, before any analysis.
//!
//! The text buffer holds the title, the standfirst and the body paragraphs,
//! separated by blank lines, so that names in a headline or standfirst can be
//! pointed at like any other words (a standfirst that contradicts the body is
//! something users want flagged). Boilerplate such as copyright lines is not
//! part of the buffer; readers move what it tells (the publisher) into fields.

use crate::Span;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the publication date was established.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PublishedBasis {
    /// The input said so: a metadata field, a `<meta>` tag, JSON-LD, a `published` key.
    Metadata,
    /// Inferred from the text (weekday + date pairs, years, copyright lines).
    Inferred,
    /// Given by the user for articles whose input carried no date
    /// (`newsgraph ingest --published`); the text is not searched for one.
    Given,
    /// Nothing to go on.
    #[default]
    Unknown,
}

impl PublishedBasis {
    pub fn as_str(&self) -> &'static str {
        match self {
            PublishedBasis::Metadata => "metadata",
            PublishedBasis::Inferred => "inferred",
            PublishedBasis::Given => "given",
            PublishedBasis::Unknown => "unknown",
        }
    }
}

/// The publication date and how it was found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub date: Option<NaiveDate>,
    pub basis: PublishedBasis,
    /// Human-readable reasons, e.g. `meta article:published_time=2023-09-12T08:00:00Z`.
    pub evidence: Vec<String>,
}

/// One article: a text buffer plus what the reader learned about it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    /// Stable hash of the whitespace-normalized text: the same article read
    /// twice, from any format, has the same id.
    pub id: String,
    /// Title, standfirst and paragraphs joined by blank lines.
    pub text: String,
    pub title: Option<Span>,
    pub standfirst: Option<Span>,
    /// Body paragraphs, in order; each is a span into `text`.
    pub paragraphs: Vec<Span>,
    /// Publisher or site name.
    pub source: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    pub published: Published,
    /// Year from a copyright line, kept as evidence for date inference.
    pub copyright_year: Option<i32>,
    /// Where the article came from: a path, `path:line` for JSON Lines, `-` for stdin.
    pub origin: String,
}

impl Article {
    pub fn title_text(&self) -> Option<&str> {
        self.title.and_then(|s| self.text.get(s.range()))
    }
    pub fn standfirst_text(&self) -> Option<&str> {
        self.standfirst.and_then(|s| self.text.get(s.range()))
    }
}

/// Builds an [`Article`] from its parts, laying out the text buffer and
/// computing the id.
#[derive(Clone, Debug, Default)]
pub struct ArticleBuilder {
    origin: String,
    title: Option<String>,
    standfirst: Option<String>,
    paragraphs: Vec<String>,
    source: Option<String>,
    byline: Option<String>,
    url: Option<String>,
    published: Published,
    copyright_year: Option<i32>,
}

impl ArticleBuilder {
    pub fn new(origin: impl Into<String>) -> ArticleBuilder {
        ArticleBuilder {
            origin: origin.into(),
            ..ArticleBuilder::default()
        }
    }
    pub fn title(mut self, title: impl Into<String>) -> Self {
        let t = clean_block(&title.into());
        self.title = (!t.is_empty()).then_some(t);
        self
    }
    pub fn standfirst(mut self, standfirst: impl Into<String>) -> Self {
        let t = clean_block(&standfirst.into());
        self.standfirst = (!t.is_empty()).then_some(t);
        self
    }
    /// Adds a body paragraph; blank paragraphs are dropped.
    pub fn paragraph(mut self, para: impl AsRef<str>) -> Self {
        self.push_paragraph(para.as_ref());
        self
    }
    pub fn push_paragraph(&mut self, para: &str) {
        let t = clean_block(para);
        if !t.is_empty() {
            self.paragraphs.push(t);
        }
    }
    pub fn source(mut self, source: Option<String>) -> Self {
        self.source = source.filter(|s| !s.trim().is_empty());
        self
    }
    pub fn byline(mut self, byline: Option<String>) -> Self {
        self.byline = byline.filter(|s| !s.trim().is_empty());
        self
    }
    pub fn url(mut self, url: Option<String>) -> Self {
        self.url = url.filter(|s| !s.trim().is_empty());
        self
    }
    pub fn published(mut self, published: Published) -> Self {
        self.published = published;
        self
    }
    pub fn copyright_year(mut self, year: Option<i32>) -> Self {
        self.copyright_year = year;
        self
    }
    /// True when the article would have no words at all.
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.standfirst.is_none() && self.paragraphs.is_empty()
    }

    pub fn build(self) -> Article {
        let mut text = String::new();
        let push = |block: &str, text: &mut String| -> Span {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(block);
            Span::new(start, text.len())
        };
        let title = self.title.as_deref().map(|t| push(t, &mut text));
        let standfirst = self.standfirst.as_deref().map(|t| push(t, &mut text));
        let paragraphs = self.paragraphs.iter().map(|p| push(p, &mut text)).collect();
        Article {
            id: article_id(&text),
            text,
            title,
            standfirst,
            paragraphs,
            source: self.source,
            byline: self.byline,
            url: self.url,
            published: self.published,
            copyright_year: self.copyright_year,
            origin: self.origin,
        }
    }
}

/// Collapses runs of whitespace (including newlines inside a block) to one
/// space and drops control characters, so a block is one line of clean text.
fn clean_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{feff}' {
            pending_space = !out.is_empty();
        } else if c.is_control() {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The article id: 16 hex digits of a 128-bit FNV-1a hash over the text with
/// whitespace collapsed. FNV is written out here because the id is a stored
/// key and must never change with a dependency upgrade.
pub fn article_id(text: &str) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    let mut feed = |b: u8| {
        h ^= b as u128;
        h = h.wrapping_mul(PRIME);
    };
    let mut in_space = false;
    for word in text.split_whitespace() {
        if in_space {
            feed(b' ');
        }
        for &b in word.as_bytes() {
            feed(b);
        }
        in_space = true;
    }
    format!("{:016x}", (h >> 64) as u64 ^ h as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_spans() {
        let a = ArticleBuilder::new("x")
            .title("A  title\n")
            .standfirst("Stand first.")
            .paragraph("Para one.")
            .paragraph("   ")
            .paragraph("Para\ttwo.")
            .build();
        assert_eq!(a.text, "A title\n\nStand first.\n\nPara one.\n\nPara two.");
        assert_eq!(a.title_text(), Some("A title"));
        assert_eq!(a.standfirst_text(), Some("Stand first."));
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(&a.text[a.paragraphs[1].range()], "Para two.");
    }

    #[test]
    fn id_ignores_whitespace_layout() {
        assert_eq!(article_id("a b\n\nc"), article_id(" a  b c "));
        assert_ne!(article_id("a b c"), article_id("a b d"));
        assert_eq!(article_id("a b c").len(), 16);
    }
}
