//! The bundled tagger, lemmatizer and parser, loaded together, and the calls
//! that annotate a tokenized [`Document`]: everything at once
//! ([`Models::annotate`]), or tags first and the parse of chosen sentences
//! later ([`Models::tag`], [`Models::parse_where`]), as the pipeline does.
//!
//! The committed model files in `models/` are compiled into the binary with
//! `include_bytes!`, so a fresh clone works without the training corpora.

use crate::lemma::Lemmatizer;
use crate::parser::{word_value, ParseScratch, ParseToken, Parser};
use crate::tagger::{TagScratch, Tagger};
use crate::NlpError;
use newsgraph_doc::Document;
use std::path::Path;

/// File names inside a model directory.
pub const TAGGER_FILE: &str = "tagger.bin";
pub const LEMMA_FILE: &str = "lemma.bin";
pub const PARSER_FILE: &str = "parser.bin";

/// Sentences longer than this are parsed in consecutive chunks, whose roots
/// attach to the first chunk's root. Parsing is linear anyway; the cap keeps
/// per-sentence memory bounded and stops run-on "sentences" (tables, lists)
/// from producing one giant tree.
pub const MAX_PARSE_TOKENS: usize = 250;

/// The committed model files, compiled in (public so the benches can time
/// each model's load on its own).
pub static EMBEDDED_TAGGER: &[u8] = include_bytes!("../../../models/tagger.bin");
pub static EMBEDDED_LEMMA: &[u8] = include_bytes!("../../../models/lemma.bin");
pub static EMBEDDED_PARSER: &[u8] = include_bytes!("../../../models/parser.bin");

/// The models the pipeline runs on every article.
pub struct Models {
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
}

/// Reusable per-call buffers.
#[derive(Default)]
struct Scratch {
    tag: TagScratch,
    parse: ParseScratch,
    tags: Vec<(u8, u8)>,
    ptoks: Vec<ParseToken>,
    heads: Vec<Option<u32>>,
    labels: Vec<u8>,
    buf: String,
}

impl Models {
    /// Loads the models compiled into the binary (the committed files in
    /// `models/`).
    pub fn embedded() -> Result<Models, NlpError> {
        Models::from_bytes(EMBEDDED_TAGGER, EMBEDDED_LEMMA, EMBEDDED_PARSER)
    }

    /// Loads `tagger.bin`, `lemma.bin` and `parser.bin` from `dir`.
    pub fn load(dir: &Path) -> Result<Models, NlpError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| NlpError::Io {
                path: path.display().to_string(),
                source: e,
            })
        };
        Models::from_bytes(&read(TAGGER_FILE)?, &read(LEMMA_FILE)?, &read(PARSER_FILE)?)
    }

    /// Loads the three models from their files' bytes. The parser (the
    /// largest table) is built on a second thread while the tagger and the
    /// lemmatizer load on this one: start-up time, not total work, is what
    /// a one-article run waits for.
    pub fn from_bytes(tagger: &[u8], lemma: &[u8], parser: &[u8]) -> Result<Models, NlpError> {
        let (tagger, lemmatizer, parser) = std::thread::scope(|scope| {
            let parser = scope.spawn(|| Parser::from_bytes(parser));
            let tagger = Tagger::from_bytes(tagger);
            let lemmatizer = Lemmatizer::from_bytes(lemma);
            // A panic while loading is a bug here, not bad input: pass it on.
            let parser = parser
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (tagger, lemmatizer, parser)
        });
        Ok(Models {
            tagger: tagger?,
            lemmatizer: lemmatizer?,
            parser: parser?,
        })
    }

    /// Tags (upos, xpos), lemmatizes and parses (head, deprel) every
    /// sentence of `doc` in place. `doc.tokens` (spans) and `doc.sentences`
    /// must already be filled by the tokenizer; tokens outside any sentence
    /// are left as they are.
    pub fn annotate(&self, doc: &mut Document) {
        self.tag(doc);
        self.parse_where(doc, |_| true);
    }

    /// Tags and lemmatizes every sentence of `doc` in place, without
    /// parsing (see [`Models::parse_where`]).
    pub fn tag(&self, doc: &mut Document) {
        let mut scratch = Scratch::default();
        for si in 0..doc.sentences.len() {
            let (start, end) = token_bounds(doc, si);
            self.tag_range(doc, start, end, &mut scratch);
        }
    }

    /// Parses the tagged sentences whose index `wanted` accepts, in place;
    /// the others keep no head (`Token::head` is `None`). Parsing is most of
    /// the cost of annotation, and the pipeline reads the parse of only
    /// some sentences (see `newsgraph_extract::plan_parse`).
    pub fn parse_where(&self, doc: &mut Document, wanted: impl Fn(usize) -> bool) {
        let mut scratch = Scratch::default();
        for si in 0..doc.sentences.len() {
            if wanted(si) {
                let (start, end) = token_bounds(doc, si);
                self.parse_range(doc, start, end, &mut scratch);
            }
        }
    }

    fn tag_range(&self, doc: &mut Document, start: usize, end: usize, s: &mut Scratch) {
        if start >= end {
            return;
        }
        let text = &doc.article.text;
        let words: Vec<&str> = doc.tokens[start..end]
            .iter()
            .map(|t| text.get(t.span.range()).unwrap_or(""))
            .collect();
        self.tagger.tag(&words, &mut s.tag, &mut s.tags);
        let lemmas: Vec<String> = words
            .iter()
            .zip(&s.tags)
            .map(|(w, &(_, xpos))| self.lemmatizer.lemmatize(w, xpos))
            .collect();
        for (k, lemma) in lemmas.into_iter().enumerate() {
            let tok = &mut doc.tokens[start + k];
            let (upos, xpos) = s.tags[k];
            tok.upos = upos;
            tok.xpos = xpos;
            tok.lemma = lemma;
        }
    }

    /// Parses tokens `start..end` (one tagged sentence).
    fn parse_range(&self, doc: &mut Document, start: usize, end: usize, s: &mut Scratch) {
        if start >= end {
            return;
        }
        let text = &doc.article.text;
        s.ptoks.clear();
        for t in &doc.tokens[start..end] {
            s.ptoks.push(ParseToken {
                word: word_value(text.get(t.span.range()).unwrap_or(""), &mut s.buf),
                tag: ((t.upos as u32) << 8) | t.xpos as u32,
            });
        }
        let mut first_root: Option<u32> = None;
        let mut chunk_start = 0;
        let n = end - start;
        while chunk_start < n {
            let chunk_end = (chunk_start + MAX_PARSE_TOKENS).min(n);
            self.parser.parse(
                &s.ptoks[chunk_start..chunk_end],
                &mut s.parse,
                &mut s.heads,
                &mut s.labels,
            );
            for (k, (&h, &l)) in s.heads.iter().zip(&s.labels).enumerate() {
                let tok = &mut doc.tokens[start + chunk_start + k];
                match h {
                    Some(h) => {
                        tok.head = Some((start + chunk_start) as u32 + h);
                        tok.deprel = l;
                    }
                    None => match first_root {
                        // A later chunk's root hangs off the first one.
                        Some(r) => {
                            tok.head = Some(r);
                            tok.deprel = newsgraph_doc::Deprel::Parataxis.index();
                        }
                        None => {
                            tok.head = None;
                            tok.deprel = l;
                            first_root = Some((start + chunk_start + k) as u32);
                        }
                    },
                }
            }
            chunk_start = chunk_end;
        }
    }
}

/// The token range of sentence `si`, clamped to the document's tokens.
fn token_bounds(doc: &Document, si: usize) -> (usize, usize) {
    let n_tokens = doc.tokens.len();
    let s = &doc.sentences[si];
    let start = (s.token_start as usize).min(n_tokens);
    let end = (s.token_end as usize).clamp(start, n_tokens);
    (start, end)
}
