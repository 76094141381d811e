//! Time expressions and the publication date.
//!
//! [`run`] fills `doc.times` with TIMEX3-normalized expressions (type DATE /
//! TIME / DURATION / SET, value, mod), each a span into the article text.
//! Relative expressions ("tomorrow", "last Friday", "two days ago") are
//! resolved against the publication date; when the input did not give one
//! it is first inferred from the text ([`infer`]) and recorded with its
//! evidence. Disagreements (a weekday that does not fit its date, a
//! copyright year that contradicts the text) become warnings.
//!
//! The recognizer is rule-based over its own small tokenization ([`lex`]):
//! rules in [`grammar`] propose matches at each token and the longest wins.
//! It reads only `doc.article`, so it runs before or without the tokenizer.

mod calendar;
mod grammar;
mod infer;
mod lex;

use chrono::NaiveDate;
use newsgraph_doc::{Document, PublishedBasis, Span, TimeExpr, Warning};

/// Finds and normalizes time expressions, and infers the publication date
/// when the reader did not find one.
///
/// Reads `doc.article`; writes `doc.times`, `doc.article.published` (only
/// when its basis is `Unknown`) and appends to `doc.warnings`.
pub fn run(doc: &mut Document) {
    let text = &doc.article.text;
    let toks = lex::tokenize(text);
    let published = &mut doc.article.published;
    if published.basis == PublishedBasis::Unknown
        || published.date.is_none() && published.basis == PublishedBasis::Inferred
    {
        let inf = infer::infer(text, &toks, doc.article.copyright_year);
        if inf.year.is_some() {
            published.basis = PublishedBasis::Inferred;
            published.date = inf.date;
        }
        published.evidence.extend(inf.evidence);
        doc.warnings.extend(inf.warnings);
    } else if let (Some(d), Some(cy)) = (published.date, doc.article.copyright_year) {
        // A copyright year before the publication year cannot be right.
        if cy < infer::year_of(d) {
            doc.warnings.push(Warning::new(
                "date_conflict",
                format!("copyright line says {cy} but the article is dated {d}"),
                Vec::new(),
            ));
        }
    }
    let anchor = doc.article.published.date;
    let (times, warnings) = recognize_tokens(text, &toks, anchor);
    doc.times = times;
    doc.warnings.extend(warnings);
}

/// Recognizes and normalizes the time expressions in `text`, resolving
/// relative ones against `anchor`. Returns the expressions in text order
/// and the warnings (weekday mismatches) found on the way.
pub fn recognize(text: &str, anchor: Option<NaiveDate>) -> (Vec<TimeExpr>, Vec<Warning>) {
    let toks = lex::tokenize(text);
    recognize_tokens(text, &toks, anchor)
}

fn recognize_tokens(
    text: &str,
    toks: &[lex::Tok],
    anchor: Option<NaiveDate>,
) -> (Vec<TimeExpr>, Vec<Warning>) {
    let hits = grammar::Scanner::new(toks, anchor).scan();
    let span_of = |h: &grammar::Hit| Span::new(toks[h.start].start, toks[h.end - 1].end);
    let mut times: Vec<TimeExpr> = Vec::with_capacity(hits.len());
    let mut warnings = Vec::new();
    let mut i = 0;
    while i < hits.len() {
        let h = &hits[i];
        if let Some((wd, d)) = h.weekday_clash {
            warnings.push(Warning::new(
                "weekday_mismatch",
                format!(
                    "'{}' names a {} but {d} is a {}",
                    &text[span_of(h).range()],
                    lex::WEEKDAY_NAMES[(wd.clamp(1, 7) - 1) as usize],
                    calendar::weekday_name(d)
                ),
                vec![span_of(h)],
            ));
        }
        // "tomorrow, Wednesday 13th September": one expression when the
        // apposition agrees with the deictic word, a warning when it does not.
        if let Some(next) = hits.get(i + 1) {
            let comma_between = next.start == h.end + 1 && toks[h.end].lower == ",";
            if h.deictic && comma_between && next.explicit && h.end - h.start == 1 {
                match (h.day, next.day) {
                    (Some(a), Some(b)) if a == b => {
                        times.push(TimeExpr {
                            span: Span::new(toks[h.start].start, toks[next.end - 1].end),
                            timex_type: next.ty,
                            value: next.value.clone(),
                            modifier: next.modifier.map(str::to_string),
                        });
                        i += 2;
                        continue;
                    }
                    (Some(a), Some(b)) => warnings.push(Warning::new(
                        "date_conflict",
                        format!(
                            "'{}' is {a} counted from the publication date, but the text says '{}' ({b})",
                            &text[span_of(h).range()],
                            &text[span_of(next).range()]
                        ),
                        vec![span_of(h), span_of(next)],
                    )),
                    _ => {}
                }
            }
        }
        times.push(TimeExpr {
            span: span_of(h),
            timex_type: h.ty,
            value: h.value.clone(),
            modifier: h.modifier.map(str::to_string),
        });
        i += 1;
    }
    (times, warnings)
}

#[cfg(test)]
mod tests;
