//! Test helpers: parses stated by hand in CoNLL-U, read by newsgraph's one
//! CoNLL-U reader (`newsgraph_nlp::conllu`) into a parsed [`Document`].

use newsgraph_doc::Document;
use newsgraph_nlp::conllu::{self, Labels};

/// One document holding every sentence of `text` as one paragraph, dated
/// `date`; malformed CoNLL-U gives an empty document.
pub(crate) fn document_from_conllu(text: &str, date: Option<chrono::NaiveDate>) -> Document {
    let sentences = conllu::parse_with(text, Labels::Ud1AsUd2).unwrap_or_default();
    let mut doc = conllu::document(&sentences);
    doc.article.published.date = date;
    doc
}

/// A sentence in CoNLL-U for tests (our own words), `SpaceAfter=No` where
/// asked: `words` are `(form, lemma, upos, xpos, head, deprel, joined to
/// the next)`.
pub(crate) type ConlluWord<'a> = (&'a str, &'a str, &'a str, &'a str, u32, &'a str, bool);

pub(crate) fn conllu_sentence(words: &[ConlluWord]) -> String {
    let mut out = String::new();
    for (k, (form, lemma, upos, xpos, head, rel, joined)) in words.iter().enumerate() {
        let misc = if *joined { "SpaceAfter=No" } else { "_" };
        out.push_str(&format!(
            "{}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t{misc}\n",
            k + 1
        ));
    }
    out.push('\n');
    out
}
