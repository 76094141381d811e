//! The document model every newsgraph stage reads and writes.
//!
//! One [`Article`] owns one text buffer. Everything found in it — tokens,
//! sentences, paragraphs, entities, quotes, times, places, events, warnings —
//! is a [`Span`] (byte offsets) into that buffer, never a copy, so every fact
//! can be traced back to the exact words it came from. Offsets are fixed once
//! the article is built: stages add layers, they never edit the text.
//!
//! This crate does no I/O and has no dependency on models or dictionaries.

pub mod article;
pub mod layers;
pub mod output;
pub mod tags;
pub mod words;

pub use article::{Article, ArticleBuilder, Published, PublishedBasis};
pub use layers::*;
pub use output::{ArticleJson, CharOffsets};
pub use tags::{Deprel, Upos};

/// A half-open byte range `[start, end)` into an article's text.
///
/// Byte offsets keep slicing O(1); the JSON contract speaks in Unicode scalar
/// (character) offsets, which [`CharOffsets`] converts to at output time.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One token: its span and the annotations the tagger, lemmatizer and parser
/// give it. Tag and label fields index the tables in [`tags`], which keeps a
/// token small and `Copy`-free of heap data except the lemma.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Token {
    pub span: Span,
    /// Index into [`tags::UPOS`].
    pub upos: u8,
    /// Index into [`tags::XPOS`].
    pub xpos: u8,
    /// Dictionary form, lower-cased except for proper nouns. Empty until the
    /// lemmatizer runs.
    pub lemma: String,
    /// Index of the head token within the whole document, or `None` for a
    /// sentence root (and before the parser runs).
    pub head: Option<u32>,
    /// Index into [`tags::DEPRELS`].
    pub deprel: u8,
}

impl Token {
    /// The POS tag as a type (the stored index read through [`tags::Upos`]).
    pub fn upos_tag(&self) -> tags::Upos {
        tags::Upos::from_index(self.upos)
    }
    /// The dependency relation as a type (through [`tags::Deprel`]).
    pub fn deprel_tag(&self) -> tags::Deprel {
        tags::Deprel::from_index(self.deprel)
    }
}

/// A sentence: its span and the half-open range of token indexes it holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub token_start: u32,
    pub token_end: u32,
}

impl Sentence {
    pub fn token_range(&self) -> std::ops::Range<usize> {
        self.token_start as usize..self.token_end as usize
    }
    pub fn n_tokens(&self) -> usize {
        (self.token_end - self.token_start) as usize
    }
}

/// An article with all the layers the pipeline has added to it.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub article: Article,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub times: Vec<TimeExpr>,
    pub places: Vec<Place>,
    pub events: Vec<Event>,
    pub warnings: Vec<Warning>,
    /// Which sentences later stages read the parse of; empty until the
    /// pipeline's plan stage runs.
    pub parse_plan: ParsePlan,
}

impl Document {
    pub fn new(article: Article) -> Document {
        Document {
            article,
            ..Document::default()
        }
    }
    pub fn text(&self) -> &str {
        &self.article.text
    }
    /// The text a span covers. Spans come from this document, so an
    /// out-of-range span is a bug in a stage; it yields "" rather than a panic
    /// because no input should be able to crash a run.
    pub fn span_text(&self, span: Span) -> &str {
        self.article.text.get(span.range()).unwrap_or("")
    }
    pub fn token_text(&self, token_idx: usize) -> &str {
        self.span_text(self.tokens[token_idx].span)
    }
    /// Index of the sentence holding `token_idx`.
    pub fn sentence_of_token(&self, token_idx: usize) -> Option<usize> {
        let t = token_idx as u32;
        let i = self.sentences.partition_point(|s| s.token_end <= t);
        (i < self.sentences.len() && self.sentences[i].token_start <= t).then_some(i)
    }
    /// Index of the paragraph holding byte offset `pos`.
    pub fn paragraph_of(&self, pos: u32) -> Option<usize> {
        let paras = &self.article.paragraphs;
        let i = paras.partition_point(|p| p.end <= pos);
        (i < paras.len() && paras[i].start <= pos).then_some(i)
    }
    /// Tokens whose spans lie inside `span`, as an index range.
    pub fn tokens_in(&self, span: Span) -> std::ops::Range<usize> {
        let a = self.tokens.partition_point(|t| t.span.start < span.start);
        let b = self.tokens.partition_point(|t| t.span.end <= span.end);
        a..b.max(a)
    }
}

/// `text[start..end]` in brackets with up to `before` / `after` bytes of its
/// surroundings, on one line: how the evaluations show a miss to a reader.
/// Offsets are widened to character boundaries, so any byte offsets are safe.
pub fn marked_context(text: &str, start: usize, end: usize, before: usize, after: usize) -> String {
    let end = end.min(text.len());
    let start = start.min(end);
    let mut a = start.saturating_sub(before);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + after).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    let (mut s, mut e) = (start, end);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    format!("{}[{}]{}", &text[a..s], &text[s..e], &text[e..b]).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_relations() {
        let a = Span::new(2, 8);
        assert!(a.contains(Span::new(3, 5)));
        assert!(!a.contains(Span::new(1, 5)));
        assert!(a.overlaps(Span::new(7, 9)));
        assert!(!a.overlaps(Span::new(8, 9)));
        assert_eq!(a.cover(Span::new(7, 12)), Span::new(2, 12));
    }

    #[test]
    fn token_lookup() {
        let article = ArticleBuilder::new("t")
            .paragraph("One two. Three.")
            .build();
        let mut doc = Document::new(article);
        for (s, e) in [(0, 3), (4, 7), (7, 8), (9, 14), (14, 15)] {
            doc.tokens.push(Token {
                span: Span::new(s, e),
                ..Token::default()
            });
        }
        doc.sentences.push(Sentence {
            span: Span::new(0, 8),
            token_start: 0,
            token_end: 3,
        });
        doc.sentences.push(Sentence {
            span: Span::new(9, 15),
            token_start: 3,
            token_end: 5,
        });
        assert_eq!(doc.sentence_of_token(4), Some(1));
        assert_eq!(doc.sentence_of_token(2), Some(0));
        assert_eq!(doc.sentence_of_token(9), None);
        assert_eq!(doc.tokens_in(Span::new(4, 14)), 1..4);
        assert_eq!(doc.token_text(3), "Three");
    }

    #[test]
    fn marked_context_brackets_the_span_on_one_line_at_char_boundaries() {
        let text = "Café in\nZürich, then Genève.";
        let start = text.find("Zürich").unwrap();
        let end = start + "Zürich".len();
        assert_eq!(marked_context(text, start, end, 5, 3), "é in [Zürich], t");
        // Offsets inside a character, or past the end, are widened or clamped, not a panic.
        let _ = marked_context(text, 4, 200, 1, 1);
        assert_eq!(marked_context("", 3, 9, 5, 5), "[]");
    }
}
