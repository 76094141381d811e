//! Training the reported-speech cue model (`newsgraph train quote-cues`,
//! [`newsgraph_extract::quotes::cue_model`]) on PolNeAR: every verb outside
//! direct quotes in PolNeAR train is an example, labelled a cue when it lies
//! in the `Cue` span of an attribution whose content is not a quotation
//! (reported speech). The threshold is chosen on PolNeAR dev: the lowest
//! whose cue precision reaches the asked minimum. The test split is never
//! read. Deterministic: articles in sorted order, no sampling.

use crate::quotes::polnear::{article_from_raw, for_each_article, is_quoted, nonws_index};
use crate::{Prf, Report, Scale};
use newsgraph_doc::{CharOffsets, Document, Upos};
use newsgraph_extract::quotes::cue_model::{self, Example};
use newsgraph_pipeline::Pipeline;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::path::Path;

/// Passes of gradient descent.
pub const EPOCHS: usize = 12;

/// A lemma is a candidate when it was a cue at least this often in train…
pub const MIN_CUE_COUNT: usize = 2;
/// … and in at least this share of its verbs.
pub const MIN_CUE_RATE: f64 = 0.05;

/// Thresholds tried on dev.
const THRESHOLDS: [f32; 11] = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];

/// One verb of an article: its lemma, features and label.
struct Candidate {
    lemma: String,
    features: Vec<String>,
    cue: bool,
}

/// The verbs outside direct quotes of every article of `split`, labelled.
/// `pipeline` must parse every sentence (`parse_everything`).
fn candidates(pipeline: &Pipeline, dir: &Path, split: &str) -> Result<Vec<Candidate>, String> {
    let mut out = Vec::new();
    for_each_article(dir, split, |stem, raw, gold| {
        let doc = pipeline.analyze(article_from_raw(stem, raw));
        let cues: Vec<(usize, usize)> = gold
            .iter()
            .filter(|g| g.content.iter().any(|c| !is_quoted(&c.text)))
            .filter_map(|g| g.cue.as_ref().map(|c| (c.start, c.end)))
            .collect();
        label_article(&doc, &cues, &mut out);
    })?;
    Ok(out)
}

fn label_article(doc: &Document, cues: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let text = doc.text();
    let nonws = nonws_index(text);
    let offsets = CharOffsets::new(text);
    let to_nonws = |b: u32| nonws[offsets.char_of(text, b)];
    let quoted = newsgraph_extract::quotes::quoted_spans(doc);
    for (i, t) in doc.tokens.iter().enumerate() {
        if t.upos_tag() != Upos::Verb || quoted.iter().any(|q| q.contains(t.span)) {
            continue;
        }
        let (s, e) = (to_nonws(t.span.start), to_nonws(t.span.end));
        let cue = cues.iter().any(|&(cs, ce)| s < ce && cs < e);
        out.push(Candidate {
            lemma: t.lemma.clone(),
            features: cue_model::cue_features(doc, i),
            cue,
        });
    }
}

/// Trains on PolNeAR train, picks the threshold on dev; returns the model
/// file's text and a report (lemmas, examples, dev precision and recall of
/// cues per threshold).
pub fn train(
    pipeline: &Pipeline,
    polnear: &Path,
    min_precision: f64,
    require_speaker: bool,
    require_clause: bool,
    command: &str,
) -> Result<(String, Report), String> {
    let train = candidates(pipeline, polnear, "train")?;
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for c in &train {
        let e = counts.entry(c.lemma.as_str()).or_default();
        e.0 += usize::from(c.cue);
        e.1 += 1;
    }
    let lemmas: HashSet<String> = counts
        .iter()
        .filter(|(_, &(cue, all))| cue >= MIN_CUE_COUNT && cue as f64 >= MIN_CUE_RATE * all as f64)
        .map(|(l, _)| l.to_string())
        .collect();
    let examples: Vec<Example> = train
        .iter()
        .filter(|c| lemmas.contains(&c.lemma))
        .map(|c| (c.features.clone(), c.cue))
        .collect();
    let n_cues_train = train.iter().filter(|c| c.cue).count();
    let covered = examples.iter().filter(|e| e.1).count();
    let mut model = cue_model::train(&examples, lemmas, EPOCHS, 0.5);
    model.require_speaker = require_speaker;
    model.require_clause = require_clause;

    let dev = candidates(pipeline, polnear, "dev")?;
    let mut text = format!(
        "PolNeAR train: {} verbs, {} cues; {} candidate lemmas cover {} cues ({} examples)\n\
         dev cue precision / recall by threshold (candidates only; recall of all dev cues):\n",
        train.len(),
        n_cues_train,
        model.lemmas.len(),
        covered,
        examples.len()
    );
    let dev_cues = dev.iter().filter(|c| c.cue).count();
    let mut chosen: Option<(f32, Prf)> = None;
    for &t in &THRESHOLDS {
        let (mut tp, mut pred) = (0, 0);
        for c in dev.iter().filter(|c| model.lemmas.contains(&c.lemma)) {
            if model.score(&c.features) >= t {
                pred += 1;
                tp += usize::from(c.cue);
            }
        }
        let prf = Prf::from_counts(tp, pred, dev_cues);
        let _ = writeln!(
            text,
            "  {t:.2}  P {:5.1}  R {:5.1}  F1 {:5.1}",
            100.0 * prf.precision(),
            100.0 * prf.recall(),
            100.0 * prf.f1()
        );
        if chosen.is_none() && prf.precision() >= min_precision {
            chosen = Some((t, prf));
        }
    }
    let (threshold, prf) = chosen.unwrap_or((*THRESHOLDS.last().unwrap_or(&0.8), Prf::default()));
    model.threshold = threshold;
    let _ = writeln!(
        text,
        "threshold {threshold:.2} (the lowest with dev cue precision >= {min_precision:.2})"
    );
    let mut report = Report::new("quote_cues");
    report.prf("dev_cue", &prf, Scale::Fraction);
    report.metric("threshold", f64::from(threshold), Scale::Fraction);
    report.text = text;
    let header = format!(
        "Reported-speech cue model (newsgraph_extract::quotes::cue_model), trained on PolNeAR train\n\
         (a research release with no licence stated: this file holds weights learned from its\n\
         annotations, no text), threshold chosen on PolNeAR dev. Written by: {command}\n\
         dev cue P/R at the threshold: {:.3}/{:.3}",
        prf.precision(),
        prf.recall()
    );
    Ok((model.to_text(&header), report))
}
