//! CoNLL-2003 files: reading them into documents, converting their IOB1
//! tags to the model's BILOU labels, and scoring with conlleval's semantics
//! (an entity counts only when its exact token range and type match).
//!
//! CoNLL-2003 tags are IOB1: `I-X` opens an entity unless the previous token
//! is inside an entity of type X, and `B-X` only separates two adjacent
//! entities of the same type.

use super::model::{label, CONLL_TYPES};
use crate::score::Prf;
use crate::NlpError;
use std::collections::BTreeMap;
use std::path::Path;

/// One sentence: its words and its gold entities `(start, end, type)`.
pub struct ConllSentence {
    pub words: Vec<String>,
    pub entities: Vec<(usize, usize, usize)>,
}

pub type ConllDocument = Vec<ConllSentence>;

/// Reads a CoNLL-2003 file (`WORD POS CHUNK NER` per line, blank line
/// between sentences, `-DOCSTART-` between documents).
pub fn read_conll(path: &Path) -> Result<Vec<ConllDocument>, NlpError> {
    let text = std::fs::read_to_string(path).map_err(|e| NlpError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    parse_conll(&text).map_err(|(line, msg)| NlpError::Format {
        path: path.display().to_string(),
        line,
        message: msg,
    })
}

pub(crate) fn parse_conll(text: &str) -> Result<Vec<ConllDocument>, (usize, String)> {
    let mut docs: Vec<ConllDocument> = vec![Vec::new()];
    let mut words = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let flush = |docs: &mut Vec<ConllDocument>, words: &mut Vec<String>, tags: &mut Vec<String>| {
        if !words.is_empty() {
            let entities = iob1_spans(tags);
            if let Some(d) = docs.last_mut() {
                d.push(ConllSentence {
                    words: std::mem::take(words),
                    entities,
                });
            }
            tags.clear();
        }
    };
    for (line_no, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut docs, &mut words, &mut tags);
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols[0] == "-DOCSTART-" {
            flush(&mut docs, &mut words, &mut tags);
            if docs.last().is_some_and(|d| !d.is_empty()) {
                docs.push(Vec::new());
            }
            continue;
        }
        if cols.len() < 2 {
            return Err((line_no + 1, format!("expected WORD ... TAG, got {line:?}")));
        }
        words.push(cols[0].to_string());
        tags.push(cols[cols.len() - 1].to_string());
    }
    flush(&mut docs, &mut words, &mut tags);
    docs.retain(|d| !d.is_empty());
    Ok(docs)
}

fn type_index(t: &str) -> Option<usize> {
    CONLL_TYPES.iter().position(|c| *c == t)
}

/// Entity spans of an IOB1 (or IOB2) tag sequence; unknown types are dropped.
pub(crate) fn iob1_spans(tags: &[String]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, ty) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
        let continues = prefix == "I" && open.is_some_and(|(_, t)| t == ty);
        if continues {
            continue;
        }
        if let Some((s, t)) = open.take() {
            if let Some(k) = type_index(t) {
                spans.push((s, i, k));
            }
        }
        if prefix == "I" || prefix == "B" {
            open = Some((i, ty));
        }
    }
    if let Some((s, t)) = open {
        if let Some(k) = type_index(t) {
            spans.push((s, tags.len(), k));
        }
    }
    spans
}

/// BILOU labels for a sentence of `n` tokens with the given entities.
pub(crate) fn bilou_labels(n: usize, entities: &[(usize, usize, usize)]) -> Vec<u8> {
    let mut labels = vec![0u8; n];
    for &(s, e, ty) in entities {
        if e <= s || e > n {
            continue;
        }
        if e - s == 1 {
            labels[s] = label(ty, 3);
        } else {
            labels[s] = label(ty, 0);
            for l in &mut labels[s + 1..e - 1] {
                *l = label(ty, 1);
            }
            labels[e - 1] = label(ty, 2);
        }
    }
    labels
}

/// Entity-level counts per type, as conlleval reports them.
#[derive(Default, Clone, Debug)]
pub struct Scores {
    /// type name → its counts
    pub per_type: BTreeMap<&'static str, Prf>,
    pub n_tokens: usize,
}

/// Precision, recall and F1 in percent, as conlleval prints them.
fn percent(s: &Prf) -> (f64, f64, f64) {
    (100.0 * s.precision(), 100.0 * s.recall(), 100.0 * s.f1())
}

impl Scores {
    pub(crate) fn add(
        &mut self,
        gold: &[(usize, usize, usize)],
        pred: &[(usize, usize, usize)],
        n_tokens: usize,
    ) {
        self.n_tokens += n_tokens;
        for &(_, _, t) in gold {
            self.per_type.entry(CONLL_TYPES[t]).or_default().fn_ += 1;
        }
        for p in pred {
            let e = self.per_type.entry(CONLL_TYPES[p.2]).or_default();
            // A correct prediction turns one of the gold misses into a hit.
            if gold.contains(p) {
                e.tp += 1;
                e.fn_ = e.fn_.saturating_sub(1);
            } else {
                e.fp += 1;
            }
        }
    }

    /// The counts over all types.
    pub fn total(&self) -> Prf {
        let mut all = Prf::default();
        for s in self.per_type.values() {
            all += *s;
        }
        all
    }

    /// Overall precision, recall and F1, in percent.
    pub fn overall(&self) -> (f64, f64, f64) {
        percent(&self.total())
    }

    /// The conlleval-style table: overall, then one line per type.
    pub fn report(&self) -> String {
        let (p, r, f) = self.overall();
        let mut out = format!(
            "tokens {}  precision {p:.2}  recall {r:.2}  F1 {f:.2}\n",
            self.n_tokens
        );
        for (t, s) in &self.per_type {
            let (p, r, f) = percent(s);
            let (g, pr) = (s.n_gold(), s.n_predicted());
            out.push_str(&format!(
                "{t:>5}: precision {p:6.2}  recall {r:6.2}  F1 {f:6.2}  (gold {g}, predicted {pr})\n"
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn iob1_follows_conlleval() {
        assert_eq!(
            iob1_spans(&tags("I-PER I-PER O I-LOC")),
            vec![(0, 2, 0), (3, 4, 2)]
        );
        assert_eq!(
            iob1_spans(&tags("I-LOC B-LOC I-ORG")),
            vec![(0, 1, 2), (1, 2, 2), (2, 3, 1)]
        );
        assert_eq!(iob1_spans(&tags("O I-MISC")), vec![(1, 2, 3)]);
    }

    #[test]
    fn parses_documents_and_scores() {
        let text =
            "-DOCSTART- -X- O O\n\nKim NNP I-NP I-PER\nmet VBD I-VP O\nPutin NNP I-NP I-PER\n\n\
                    -DOCSTART- -X- O O\n\nParis NNP I-NP I-LOC\n";
        let docs = parse_conll(text).expect("parses");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0][0].entities, vec![(0, 1, 0), (2, 3, 0)]);
        let mut s = Scores::default();
        s.add(&docs[0][0].entities, &[(0, 1, 0), (2, 3, 1)], 3);
        let (p, r, f) = s.overall();
        assert!((p - 50.0).abs() < 1e-9 && (r - 50.0).abs() < 1e-9 && (f - 50.0).abs() < 1e-9);
        assert_eq!(
            bilou_labels(3, &[(0, 2, 1)]),
            vec![label(1, 0), label(1, 2), 0]
        );
    }
}
