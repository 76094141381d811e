//! `newsgraph eval ner --conll FILE`: the recognizer against CoNLL-2003,
//! entity-level with conlleval's semantics (an entity counts only when its
//! exact token range and type match). The file reader and the counts are
//! `newsgraph_nlp::ner`'s, which training uses on its development set; this
//! adds the speed and the report.

use crate::{Report, Scale};
use newsgraph_nlp::ner::{read_conll, score_documents, NerModel};
use newsgraph_nlp::NlpError;
use std::path::Path;
use std::time::Instant;

/// Scores `model` on a CoNLL-2003 file: precision, recall and F1 per CoNLL
/// type and overall (metrics `precision`, `recall`, `f1` in percent, and
/// `{type}_f1` per type).
pub fn evaluate(model: &NerModel, file: &Path) -> Result<Report, NlpError> {
    let docs = read_conll(file)?;
    let t0 = Instant::now();
    let scores = score_documents(model, &docs);
    let secs = t0.elapsed().as_secs_f64();
    let tokens_per_sec = scores.n_tokens as f64 / secs.max(1e-9);
    let mut report = Report::new("ner");
    report.text = format!(
        "{}: {}{:.0} tokens/s (one thread, features + decoding)\n",
        file.display(),
        scores.report(),
        tokens_per_sec
    );
    let total = scores.total();
    report.metric("precision", 100.0 * total.precision(), Scale::Percent);
    report.metric("recall", 100.0 * total.recall(), Scale::Percent);
    report.metric("f1", 100.0 * total.f1(), Scale::Percent);
    for (t, s) in &scores.per_type {
        report.metric(format!("{t}_f1"), 100.0 * s.f1(), Scale::Percent);
    }
    report.metric("tokens", scores.n_tokens as f64, Scale::Count);
    report.metric("tokens_per_second", tokens_per_sec, Scale::PerSecond);
    Ok(report)
}
