//! `newsgraph eval ner --conll FILE`: the recognizer against CoNLL-2003,
//! entity-level with conlleval's semantics (an entity counts only when its
//! exact token range and type match). The file reader and the counts are
//! `newsgraph_nlp::ner`'s, which training uses on its development set; this
//! adds the speed and the report.

use crate::{Prf, Report, Scale};
use newsgraph_nlp::ner::{read_conll, score_documents, ConllDocument, NerModel};
use newsgraph_nlp::NlpError;
use std::path::Path;
use std::time::Instant;

/// Scores `model` on a CoNLL-2003 file: precision, recall and F1 per CoNLL
/// type and overall (metrics `precision`, `recall`, `f1` in percent, and
/// `{type}_f1` per type).
pub fn evaluate(model: &NerModel, file: &Path) -> Result<Report, NlpError> {
    let docs = read_conll(file)?;
    Ok(evaluate_docs(model, &file.display().to_string(), "", &docs))
}

/// Scores `model` on documents read elsewhere (GUM, MEANTIME: see
/// [`crate::ner_corpora`]), labelled `name` in the text; every metric's
/// name starts with `prefix`. Besides the four types overall, `plo_f1`
/// scores PER, ORG and LOC alone (MISC left out of gold and predictions),
/// as the corpora's MISC is the least like CoNLL's.
pub fn evaluate_docs(model: &NerModel, name: &str, prefix: &str, docs: &[ConllDocument]) -> Report {
    let t0 = Instant::now();
    let scores = score_documents(model, docs);
    let secs = t0.elapsed().as_secs_f64();
    let tokens_per_sec = scores.n_tokens as f64 / secs.max(1e-9);
    let mut plo = Prf::default();
    for (t, s) in &scores.per_type {
        if *t != "MISC" {
            plo += *s;
        }
    }
    let mut report = Report::new("ner");
    report.text = format!(
        "{name}: {}  PER+ORG+LOC: precision {:.2}  recall {:.2}  F1 {:.2}\n{:.0} tokens/s (one thread, features + decoding)\n",
        scores.report(),
        100.0 * plo.precision(),
        100.0 * plo.recall(),
        100.0 * plo.f1(),
        tokens_per_sec
    );
    let total = scores.total();
    report.metric(
        format!("{prefix}precision"),
        100.0 * total.precision(),
        Scale::Percent,
    );
    report.metric(
        format!("{prefix}recall"),
        100.0 * total.recall(),
        Scale::Percent,
    );
    report.metric(format!("{prefix}f1"), 100.0 * total.f1(), Scale::Percent);
    report.metric(format!("{prefix}plo_f1"), 100.0 * plo.f1(), Scale::Percent);
    for (t, s) in &scores.per_type {
        report.metric(format!("{prefix}{t}_f1"), 100.0 * s.f1(), Scale::Percent);
    }
    report.metric(
        format!("{prefix}tokens"),
        scores.n_tokens as f64,
        Scale::Count,
    );
    report.metric(
        format!("{prefix}tokens_per_second"),
        tokens_per_sec,
        Scale::PerSecond,
    );
    report
}
