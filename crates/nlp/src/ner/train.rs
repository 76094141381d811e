//! Training and scoring of the two-stage recognizer on CoNLL-2003 files.
//!
//! Training is reproducible: documents are visited in an order drawn from a
//! seeded generator, and nothing else is random. Steps:
//! 1. 5-fold jackknife: for each fold, a first-stage model trained on the
//!    other folds labels it, giving honest first-stage labels for all of the
//!    training data;
//! 2. the first stage proper, on all training documents;
//! 3. the second stage, on the training documents with their jackknifed
//!    first-stage labels.
//!
//! With a dev file, each stage keeps its best pass on it.

use super::conll::{self, ConllDocument};
use super::features::{sentence_features, DocContext, Resources, SentenceFeatures};
use super::model::{self, labels_to_spans, Trainer, Weights};
use super::resources;
use crate::NlpError;
use std::path::Path;
use std::time::Instant;

/// Passes over the training data per stage.
const EPOCHS: usize = 12;
const FOLDS: usize = 5;
/// Passes for the jackknife models (no dev selection there).
const FOLD_EPOCHS: usize = 8;

/// A small seeded generator (xorshift64*) so training is reproducible
/// without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Labels one article's sentences with one or both stages.
pub(crate) fn tag(
    stage1: &Weights,
    stage2: Option<&Weights>,
    res: &Resources,
    sentences: &[Vec<&str>],
) -> Vec<Vec<u8>> {
    let ctx = DocContext::new(sentences.iter().flatten().copied());
    let mut base: Vec<SentenceFeatures> = sentences
        .iter()
        .map(|w| sentence_features(w, res, &ctx))
        .collect();
    // The second stage starts from the same fresh article state: a copy
    // costs less than collecting the article's words again.
    let fresh = stage2.map(|_| ctx.clone());
    let first = stage1.tag_prepared(sentences, &mut base, ctx, None);
    match (stage2, fresh) {
        (Some(w), Some(fresh)) => w.tag_prepared(sentences, &mut base, fresh, Some(&first)),
        _ => first,
    }
}

fn words_of(doc: &ConllDocument) -> Vec<Vec<&str>> {
    doc.iter()
        .map(|s| s.words.iter().map(|w| w.as_str()).collect())
        .collect()
}

/// Entity-level scores of a model on documents. Set `NEWSGRAPH_NER_ERRORS`
/// to list every sentence with an error on stderr, for error analysis.
pub(crate) fn evaluate(
    stage1: &Weights,
    stage2: Option<&Weights>,
    res: &Resources,
    docs: &[ConllDocument],
) -> conll::Scores {
    evaluate_with(&|sentences| tag(stage1, stage2, res, sentences), docs)
}

/// Labels every sentence of one article (BILOU labels per token).
pub(crate) type Labeller<'a> = dyn Fn(&[Vec<&str>]) -> Vec<Vec<u8>> + 'a;

/// [`evaluate`] with any labeller of an article's sentences.
pub(crate) fn evaluate_with(labeler: &Labeller, docs: &[ConllDocument]) -> conll::Scores {
    let show = std::env::var_os("NEWSGRAPH_NER_ERRORS").is_some();
    let mut scores = conll::Scores::default();
    for doc in docs {
        let sentences = words_of(doc);
        let labels = labeler(&sentences);
        for (s, l) in doc.iter().zip(&labels) {
            let pred = labels_to_spans(l);
            if show && pred != s.entities {
                let fmt = |v: &[(usize, usize, usize)]| {
                    v.iter()
                        .map(|&(a, b, t)| {
                            format!("[{} {}]", s.words[a..b].join(" "), model::CONLL_TYPES[t])
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                eprintln!(
                    "S: {}\n  gold: {}\n  pred: {}",
                    s.words.join(" "),
                    fmt(&s.entities),
                    fmt(&pred)
                );
            }
            scores.add(&s.entities, &pred, s.words.len());
        }
    }
    scores
}

type TrainDoc<'a> = Vec<(Vec<&'a str>, Vec<u8>)>;

/// Trains one stage; returns the kept weights and its report lines.
#[allow(clippy::too_many_arguments)]
fn train_stage(
    name: &str,
    res: &Resources,
    docs: &[TrainDoc],
    inputs: Option<&[Vec<Vec<u8>>]>,
    dev: Option<(&[ConllDocument], Option<&Weights>)>,
    epochs: usize,
    rng: &mut Rng,
    report: &mut String,
) -> Weights {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut trainer = Trainer::new();
    let mut best: Option<(f64, usize, Weights)> = None;
    for epoch in 1..=epochs {
        let t0 = Instant::now();
        rng.shuffle(&mut order);
        let errors: usize = order
            .iter()
            .map(|&d| trainer.train_document(res, &docs[d], inputs.map(|x| x[d].as_slice())))
            .sum();
        let avg = trainer.averaged(res.fingerprint());
        let mut line = format!(
            "{name} epoch {epoch:2}: token errors {errors}, features {}",
            avg.n_features()
        );
        let f1 = match dev {
            Some((dev_docs, first)) => {
                let (s1, s2) = match first {
                    Some(first) => (first, Some(&avg)),
                    None => (&avg, None),
                };
                let f1 = evaluate(s1, s2, res, dev_docs).overall().2;
                line.push_str(&format!(", dev F1 {f1:.2}"));
                f1
            }
            None => epoch as f64,
        };
        line.push_str(&format!(", {:.1}s\n", t0.elapsed().as_secs_f64()));
        eprint!("{line}");
        report.push_str(&line);
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, epoch, avg));
        }
    }
    match best {
        Some((f1, epoch, w)) => {
            report.push_str(&format!("{name}: kept epoch {epoch} (score {f1:.2})\n"));
            w
        }
        None => trainer.averaged(res.fingerprint()),
    }
}

/// Trains a model on a CoNLL-2003 file and writes it to `out`; returns the
/// training report. With `dev`, each stage keeps the pass that scores best
/// there. The same data and seed give the same model byte for byte.
pub fn train_ner(
    train: &Path,
    dev: Option<&Path>,
    out: &Path,
    seed: u64,
) -> Result<String, NlpError> {
    let res = resources()?;
    let train_docs = conll::read_conll(train)?;
    let dev_docs = dev.map(conll::read_conll).transpose()?;
    let docs: Vec<TrainDoc> = train_docs
        .iter()
        .map(|d| {
            d.iter()
                .map(|s| {
                    let words: Vec<&str> = s.words.iter().map(|w| w.as_str()).collect();
                    let labels = conll::bilou_labels(words.len(), &s.entities);
                    (words, labels)
                })
                .collect()
        })
        .collect();
    let n_tokens: usize = docs.iter().flatten().map(|(w, _)| w.len()).sum();
    if n_tokens == 0 {
        return Err(NlpError::NoData {
            path: train.display().to_string(),
        });
    }
    let mut report = format!(
        "newsgraph NER (format v{}): two-stage structured perceptron, BILOU, beam {}\n\
         train {} ({} documents, {n_tokens} tokens), seed {seed}\n",
        model::FORMAT_VERSION,
        model::BEAM,
        train.display(),
        docs.len()
    );
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    // 1. Jackknifed first-stage labels for the training documents.
    let t0 = Instant::now();
    let mut shuffled: Vec<usize> = (0..docs.len()).collect();
    rng.shuffle(&mut shuffled);
    let mut jack: Vec<Vec<Vec<u8>>> = vec![Vec::new(); docs.len()];
    for fold in 0..FOLDS {
        let held: Vec<usize> = shuffled.iter().copied().skip(fold).step_by(FOLDS).collect();
        let kept: Vec<TrainDoc> = shuffled
            .iter()
            .copied()
            .filter(|d| !held.contains(d))
            .map(|d| docs[d].clone())
            .collect();
        let mut quiet = String::new();
        let w = train_stage(
            "fold",
            &res,
            &kept,
            None,
            None,
            FOLD_EPOCHS,
            &mut rng,
            &mut quiet,
        );
        for &d in &held {
            let words: Vec<Vec<&str>> = docs[d].iter().map(|(w, _)| w.clone()).collect();
            jack[d] = w.tag_document(&res, &words, None);
        }
    }
    report.push_str(&format!(
        "jackknife: {FOLDS} folds in {:.1}s\n",
        t0.elapsed().as_secs_f64()
    ));
    // 2. First stage.
    let dev1 = dev_docs.as_deref().map(|d| (d, None));
    let stage1 = train_stage(
        "stage 1",
        &res,
        &docs,
        None,
        dev1,
        EPOCHS,
        &mut rng,
        &mut report,
    );
    // 3. Second stage.
    let dev2 = dev_docs.as_deref().map(|d| (d, Some(&stage1)));
    let mut stage2 = train_stage(
        "stage 2",
        &res,
        &docs,
        Some(&jack),
        dev2,
        EPOCHS,
        &mut rng,
        &mut report,
    );
    if let (Some(dev), Some(dev_docs)) = (dev, &dev_docs) {
        report.push_str(&format!("dev {}: ", dev.display()));
        report.push_str(&evaluate(&stage1, Some(&stage2), &res, dev_docs).report());
    }
    stage2.meta = report.clone();
    let mut bytes = Vec::new();
    stage1.write(&mut bytes);
    stage2.write(&mut bytes);
    std::fs::write(out, bytes).map_err(|e| NlpError::Io {
        path: out.display().to_string(),
        source: e,
    })?;
    Ok(report)
}
