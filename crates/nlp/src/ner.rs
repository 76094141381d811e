//! Named-entity recognizer: finds names in a tokenized [`Document`] and types
//! them PERSON, ORG, GPE, LOC, NORP, FAC, EVENT or MISC.
//!
//! The model is a two-stage averaged perceptron over BILOU labels, decoded
//! with a small beam and trained as a structured perceptron (`model.rs`
//! documents the decoding and file format; `train.rs` the training), trained
//! on CoNLL-2003's four types with features meant to carry beyond Reuters
//! 1996: word shape, affixes, a context window, runs of capitalized words,
//! gazetteers ([`gazetteer`]), word clusters induced from unlabeled news
//! ([`clusters`]), the wire desk of the story ("SOCCER - ...") and
//! article-level history; the second stage also sees what
//! the first said about the same words elsewhere in the article. It needs
//! only tokens and sentences, so it runs before or without the tagger (POS
//! features were left out: CoNLL's POS column comes from another tagger, and
//! the recognizer must work when ours has not run). The finer output types
//! come from rules over the CoNLL type ([`refine_type`]): a LOC on a
//! gazetteer of countries, cities or admin regions is a GPE, a MISC that is a
//! demonym is NORP, and head words such as "Airport" or "Summit" make FAC and
//! EVENT.

pub mod clusters;
mod conll;
mod features;
pub mod gazetteer;
mod model;
mod train;

use crate::perceptron::ByteReader;
use crate::NlpError;
use clusters::Clusters;
pub use conll::{read_conll, ConllDocument, ConllSentence, Scores as ConllScores};
use features::Resources;
use gazetteer::{list, Gazetteer};
use model::{labels_to_spans, Block, Stages, Weights};
use newsgraph_doc::{Document, EntityType, Span};
use std::path::Path;
pub use train::train_ner;

/// The model compiled into the binary (see `models/NER.md`).
static EMBEDDED: &[u8] = include_bytes!("../../../models/ner-v3.bin");
/// The word clusters compiled into the binary (see [`clusters`]).
static EMBEDDED_CLUSTERS: &[u8] = include_bytes!("../../../models/ner-clusters-v1.bin");

/// The compiled-in word clusters, parsed once per process.
fn embedded_clusters() -> Result<&'static Clusters, NlpError> {
    static CLUSTERS: std::sync::OnceLock<Result<Clusters, String>> = std::sync::OnceLock::new();
    CLUSTERS
        .get_or_init(|| Clusters::from_bytes(EMBEDDED_CLUSTERS).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| model_error(format!("word clusters: {e}")))
}

fn resources() -> Result<Resources<'static>, NlpError> {
    Ok(Resources {
        gaz: Gazetteer::embedded(),
        clusters: embedded_clusters()?,
    })
}

/// A damaged NER model or resource file.
fn model_error(message: String) -> NlpError {
    NlpError::Model {
        model: "NER".into(),
        message,
    }
}

/// One recognized name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NerSpan {
    pub span: Span,
    pub entity_type: EntityType,
}

/// A trained recognizer.
pub struct NerModel {
    labeler: Labeler,
    /// The training report of the model's last stage.
    meta: String,
    res: Resources<'static>,
}

/// A model's weights, as inference reads them.
enum Labeler {
    /// A one-stage model.
    One(Weights),
    /// A two-stage model, both stages in one table (see [`Stages`]).
    Two(Stages),
}

impl NerModel {
    /// The model committed in `models/ner-v3.bin`, compiled into the binary.
    pub fn embedded() -> Result<NerModel, NlpError> {
        NerModel::from_bytes(EMBEDDED)
    }

    /// Loads a model file written by [`train_ner`].
    pub fn load(path: &Path) -> Result<NerModel, NlpError> {
        let bytes = std::fs::read(path).map_err(|e| NlpError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        NerModel::from_bytes(&bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, NlpError> {
        let mut r = ByteReader::new("NER", bytes);
        let first = Block::read(&mut r)?;
        let second = if r.remaining() == 0 {
            None
        } else {
            Some(Block::read(&mut r)?)
        };
        let res = resources()?;
        for b in std::iter::once(&first).chain(second.as_ref()) {
            if b.resource_fingerprint != res.fingerprint() {
                return Err(NlpError::Resources {
                    model: "NER".into(),
                    found: b.resource_fingerprint,
                    built: res.fingerprint(),
                });
            }
        }
        let (labeler, meta) = match second {
            Some(second) => (
                Labeler::Two(Stages::from_blocks(&first, &second)),
                second.meta,
            ),
            None => {
                let meta = first.meta.clone();
                let mut r = ByteReader::new("NER", bytes);
                (Labeler::One(Weights::read(&mut r)?), meta)
            }
        };
        Ok(NerModel { labeler, meta, res })
    }

    /// Sums several model files stage by stage into one (see
    /// `Weights::sum`); returns the new file's bytes.
    pub fn merge_files(files: &[Vec<u8>], meta: &str) -> Result<Vec<u8>, NlpError> {
        let mut firsts = Vec::new();
        let mut seconds = Vec::new();
        for bytes in files {
            let mut r = ByteReader::new("NER", bytes);
            firsts.push(Weights::read(&mut r)?);
            if !r.remaining() == 0 {
                seconds.push(Weights::read(&mut r)?);
            }
        }
        let mut out = Vec::new();
        Weights::sum(&firsts, String::new()).write(&mut out);
        if !seconds.is_empty() {
            Weights::sum(&seconds, meta.to_string()).write(&mut out);
        }
        Ok(out)
    }

    /// The training report stored in the model.
    pub fn meta(&self) -> &str {
        &self.meta
    }

    /// Finds the names in a document, in text order. Reads `doc.tokens` and
    /// `doc.sentences`; without sentences, the tokens are taken as one.
    pub fn recognize(&self, doc: &Document) -> Vec<NerSpan> {
        let ranges: Vec<std::ops::Range<usize>> = if doc.sentences.is_empty() {
            std::iter::once(0..doc.tokens.len()).collect()
        } else {
            doc.sentences
                .iter()
                .map(|s| s.token_range())
                .map(|r| r.start.min(doc.tokens.len())..r.end.min(doc.tokens.len()))
                .collect()
        };
        let sentences: Vec<Vec<&str>> = ranges
            .iter()
            .map(|r| r.clone().map(|i| doc.token_text(i)).collect())
            .collect();
        let spans = self.recognize_words(&sentences);
        let mut out = Vec::new();
        for (r, sent) in ranges.iter().zip(spans) {
            for (s, e, ty) in sent {
                let (Some(first), Some(last)) =
                    (doc.tokens.get(r.start + s), doc.tokens.get(r.start + e - 1))
                else {
                    continue;
                };
                out.push(NerSpan {
                    span: first.span.cover(last.span),
                    entity_type: ty,
                });
            }
        }
        out
    }

    /// BILOU labels of every sentence of one article.
    fn labels(&self, sentences: &[Vec<&str>]) -> Vec<Vec<u8>> {
        match &self.labeler {
            Labeler::One(w) => train::tag(w, None, &self.res, sentences),
            Labeler::Two(stages) => stages.tag_document(&self.res, sentences),
        }
    }

    /// Names in pre-tokenized sentences of one article: per sentence,
    /// `(start, end, type)` in token indexes.
    pub fn recognize_words(&self, sentences: &[Vec<&str>]) -> Vec<Vec<(usize, usize, EntityType)>> {
        let labels = self.labels(sentences);
        labels
            .iter()
            .zip(sentences)
            .map(|(l, words)| {
                labels_to_spans(l)
                    .into_iter()
                    .map(|(s, e, ty)| (s, e, refine_type(self.res.gaz, ty, &words[s..e])))
                    .collect()
            })
            .collect()
    }
}

/// Head words that make a name a facility.
const FAC_HEADS: &[&str] = &[
    "airport",
    "station",
    "cosmodrome",
    "spaceport",
    "bridge",
    "stadium",
    "arena",
    "tower",
    "towers",
    "palace",
    "building",
    "port",
    "harbour",
    "harbor",
    "base",
    "square",
    "street",
    "road",
    "avenue",
    "highway",
    "motorway",
    "tunnel",
    "dam",
    "canal",
    "cathedral",
    "mosque",
    "church",
    "temple",
    "prison",
    "hospital",
    "museum",
    "theatre",
    "theater",
    "hall",
    "castle",
    "kremlin",
    "plant",
    "shipyard",
    "terminal",
    "pipeline",
    "centre",
    "center",
];
/// Head words that make a name an event.
const EVENT_HEADS: &[&str] = &[
    "forum",
    "summit",
    "conference",
    "olympics",
    "games",
    "championship",
    "championships",
    "cup",
    "festival",
    "war",
    "revolution",
    "expo",
    "exhibition",
    "congress",
    "election",
    "elections",
    "tournament",
    "open",
    "grand prix",
    "marathon",
    "world cup",
    "talks",
    "crisis",
    "uprising",
    "massacre",
    "ceasefire",
    "accord",
];
/// Head words of regions with a government.
const GPE_HEADS: &[&str] = &[
    "krai",
    "oblast",
    "province",
    "county",
    "prefecture",
    "governorate",
    "republic",
    "state",
    "city",
    "district",
    "municipality",
    "emirate",
    "kingdom",
];
/// Groups named like nationalities: religions and political movements.
const NORP_WORDS: &[&str] = &[
    "muslim",
    "muslims",
    "christian",
    "christians",
    "jewish",
    "jew",
    "jews",
    "catholic",
    "catholics",
    "protestant",
    "protestants",
    "sunni",
    "shia",
    "shiite",
    "buddhist",
    "hindu",
    "sikh",
    "orthodox",
    "communist",
    "communists",
    "republican",
    "republicans",
    "democrat",
    "democrats",
    "socialist",
    "socialists",
    "conservative",
    "conservatives",
    "labour",
    "tory",
    "tories",
    "liberal",
    "liberals",
    "islamist",
    "islamists",
    "zionist",
    "bolshevik",
    "kurds",
];

/// Maps a CoNLL type (0 PER, 1 ORG, 2 LOC, 3 MISC) and the span's words to
/// the output type.
pub fn refine_type(gaz: &Gazetteer, conll_type: usize, words: &[&str]) -> EntityType {
    let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    let is = |table: &[&str]| table.contains(&last.as_str());
    let flags = gaz.flags(words);
    match conll_type {
        0 => EntityType::Person,
        1 => {
            if words.len() > 1 && is(FAC_HEADS) && !is(&["centre", "center", "hall", "plant"]) {
                EntityType::Fac
            } else if words.len() > 1 && is(EVENT_HEADS) && last != "congress" {
                EntityType::Event
            } else {
                EntityType::Org
            }
        }
        2 => {
            if words.len() > 1 && is(FAC_HEADS) {
                EntityType::Fac
            } else if flags & (list::COUNTRY | list::PLACE) != 0
                || (words.len() > 1 && is(GPE_HEADS))
            {
                EntityType::Gpe
            } else {
                EntityType::Loc
            }
        }
        _ => {
            if flags & list::DEMONYM != 0
                || (words.len() == 1 && NORP_WORDS.contains(&last.as_str()))
            {
                EntityType::Norp
            } else if words.len() > 1 && is(EVENT_HEADS) {
                EntityType::Event
            } else {
                EntityType::Misc
            }
        }
    }
}

/// Entity-level scores of `model` on CoNLL-2003 documents (from
/// [`read_conll`]), with conlleval's semantics: the scorer training uses on
/// its development set, and `newsgraph-eval` on the test set. The model's
/// four CoNLL types are scored before they are refined to GPE, NORP, etc.
pub fn score_documents(model: &NerModel, docs: &[ConllDocument]) -> ConllScores {
    train::evaluate_with(&|sentences| model.labels(sentences), docs)
}

#[cfg(test)]
mod tests;
