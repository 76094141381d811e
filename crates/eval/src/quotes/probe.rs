//! `newsgraph eval quotes --probe FILE`: speakers on the team's own quote
//! probe set (`data/gold/quotes/`, format and guidelines in its README).
//!
//! Each line is one short passage with its gold quotes: a piece of the
//! quoted or reported words (`text`), the speaker's canonical name (or the
//! description as written when the passage never names one) and the kind
//! (`direct`, `indirect`, `mixed`). A gold quote is *found* when a predicted
//! quote covers at least half of that piece (a prediction of the gold kind
//! is preferred, then the shortest); its speaker is *right* when the
//! predicted speaker is the gold one, compared without case, determiners,
//! honorifics and punctuation, and allowing a title in front ("Foreign
//! Minister Raimonds Ozols" for "Raimonds Ozols"). Speaker accuracy is over
//! all gold quotes, so a missed quote counts as a wrong speaker.
//!
//! A predicted speaker (on any quote of a passage) is *invalid* when it is
//! none of the passage's gold speakers and none of the names and
//! descriptions the passage lists as also able to speak (`also_valid`):
//! a place, a date, an abstract noun, a pronoun left unresolved or a
//! fragment. The count of those is the figure that must stay at zero.

use crate::{ratio, Report, Scale};
use newsgraph_doc::{ArticleBuilder, Document, QuoteKind, Span};
use newsgraph_pipeline::Pipeline;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The team's probe set, compiled in so `eval quotes` and `eval all` score it
/// from any install.
pub const BUILT_IN: &str = include_str!("../../../../data/gold/quotes/probe.jsonl");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Passage {
    id: String,
    #[serde(default)]
    tags: Vec<String>,
    title: Option<String>,
    paragraphs: Vec<String>,
    quotes: Vec<GoldQuote>,
    #[serde(default)]
    also_valid: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldQuote {
    text: String,
    speaker: String,
    kind: String,
}

/// Reads a probe file: one passage a line, blank lines skipped. `name`
/// labels errors, which name the line and the problem.
fn parse(name: &str, text: &str) -> Result<Vec<Passage>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let p: Passage =
            serde_json::from_str(line).map_err(|e| format!("{name}:{}: {e}", n + 1))?;
        let body = p.paragraphs.join("\n\n");
        for q in &p.quotes {
            if !matches!(q.kind.as_str(), "direct" | "indirect" | "mixed") {
                return Err(format!(
                    "{name}:{}: passage {}: kind {:?} is not direct, indirect or mixed",
                    n + 1,
                    p.id,
                    q.kind
                ));
            }
            if q.text.is_empty() || !body.contains(&q.text) {
                return Err(format!(
                    "{name}:{}: passage {}: quote text {:?} is not in its paragraphs",
                    n + 1,
                    p.id,
                    q.text
                ));
            }
        }
        out.push(p);
    }
    if out.is_empty() {
        return Err(format!("{name}: no passages"));
    }
    Ok(out)
}

/// Lowercase words of a speaker name without punctuation, leading
/// determiners and honorifics.
fn normalize(s: &str) -> Vec<String> {
    let cleaned: String = s
        .replace('’', "'")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<String> = cleaned.split_whitespace().map(str::to_string).collect();
    while words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "the" | "a" | "an"))
    {
        words.remove(0);
    }
    words.retain(|w| {
        !matches!(
            w.as_str(),
            "mr" | "mrs" | "ms" | "dr" | "lord" | "sir" | "dame"
        )
    });
    words
}

/// Is the predicted speaker the gold one? Equal once normalized, or the gold
/// name with a title in front.
fn same_speaker(pred: &str, gold: &str) -> bool {
    let (p, g) = (normalize(pred), normalize(gold));
    !g.is_empty() && (p == g || (p.len() > g.len() && p.ends_with(&g)))
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

#[derive(Default)]
struct Tally {
    gold: usize,
    found: usize,
    kind_right: usize,
    speaker_right: usize,
}

/// Scores the pipeline on probe passages read from `text` (`name` labels
/// errors and the report). Metrics: `probe_found`, `probe_speaker_accuracy`
/// (and per kind `probe_{direct,indirect,mixed}_speaker_accuracy`),
/// `probe_kind_accuracy` and `probe_valid_speakers` (percent), and
/// `probe_invalid_speakers` (count).
pub fn evaluate_text(pipeline: &Pipeline, name: &str, text: &str) -> Result<Report, String> {
    let passages = parse(name, text)?;
    let debug = std::env::var_os("NEWSGRAPH_EVAL_DEBUG").is_some();
    let mut all = Tally::default();
    let mut by_kind: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_tag: BTreeMap<String, Tally> = BTreeMap::new();
    let mut invalid = 0usize;
    let mut predicted = 0usize;
    let mut misses = String::new();
    for p in &passages {
        let mut b = ArticleBuilder::new(p.id.clone());
        if let Some(t) = &p.title {
            b = b.title(t.clone());
        }
        for para in &p.paragraphs {
            b.push_paragraph(para);
        }
        let mut doc = pipeline.analyze(b.build());
        super::polnear::requote(&mut doc);
        let valid: Vec<&str> = p
            .quotes
            .iter()
            .map(|q| q.speaker.as_str())
            .chain(p.also_valid.iter().map(String::as_str))
            .collect();
        for q in &doc.quotes {
            let Some(sp) = q.speaker.as_deref() else {
                continue;
            };
            predicted += 1;
            if !valid.iter().any(|v| same_speaker(sp, v)) {
                invalid += 1;
                let _ = writeln!(
                    misses,
                    "INVALID {}: {sp:?} for {:?}",
                    p.id,
                    doc.span_text(q.span)
                );
            }
        }
        for g in &p.quotes {
            let outcome = score_quote(&doc, g);
            let add = |t: &mut Tally| {
                t.gold += 1;
                if let Some((kind_ok, speaker_ok)) = outcome {
                    t.found += 1;
                    t.kind_right += usize::from(kind_ok);
                    t.speaker_right += usize::from(speaker_ok);
                }
            };
            add(&mut all);
            add(by_kind.entry(kind_static(&g.kind)).or_default());
            for tag in &p.tags {
                add(by_tag.entry(tag.clone()).or_default());
            }
            match outcome {
                None => {
                    let _ = writeln!(misses, "MISSED {} ({}): {:?}", p.id, g.kind, g.text);
                }
                Some((_, false)) => {
                    let pred = best_match(&doc, g).and_then(|i| doc.quotes[i].speaker.clone());
                    let _ = writeln!(
                        misses,
                        "SPEAKER {}: gold {:?} pred {pred:?} for {:?}",
                        p.id, g.speaker, g.text
                    );
                }
                Some((false, true)) => {
                    let pred = best_match(&doc, g).map(|i| kind_name(doc.quotes[i].kind));
                    let _ = writeln!(
                        misses,
                        "KIND {}: gold {} pred {} for {:?}",
                        p.id,
                        g.kind,
                        pred.unwrap_or("-"),
                        g.text
                    );
                }
                Some((true, true)) => {}
            }
        }
    }
    if debug {
        eprint!("{misses}");
    }
    let pct = |a: usize, b: usize| 100.0 * ratio(a, b);
    let mut report = Report::new("quotes");
    report.metric("probe_found", pct(all.found, all.gold), Scale::Percent);
    report.metric(
        "probe_speaker_accuracy",
        pct(all.speaker_right, all.gold),
        Scale::Percent,
    );
    for (kind, t) in &by_kind {
        report.metric(
            format!("probe_{kind}_speaker_accuracy"),
            pct(t.speaker_right, t.gold),
            Scale::Percent,
        );
    }
    report.metric(
        "probe_kind_accuracy",
        pct(all.kind_right, all.found),
        Scale::Percent,
    );
    report.metric("probe_invalid_speakers", invalid as f64, Scale::Count);
    // The same as a share, so a floor can guard it.
    report.metric(
        "probe_valid_speakers",
        pct(predicted - invalid, predicted),
        Scale::Percent,
    );
    let mut out = format!(
        "Quote probe {name}: {} passages, {} gold quotes\n\
         found {:.1}% ({}/{})  speaker right {:.1}% of gold ({}/{})  kind right {:.1}% of found ({}/{})\n\
         invalid speakers {invalid} of {predicted} predicted speakers\n",
        passages.len(),
        all.gold,
        pct(all.found, all.gold),
        all.found,
        all.gold,
        pct(all.speaker_right, all.gold),
        all.speaker_right,
        all.gold,
        pct(all.kind_right, all.found),
        all.kind_right,
        all.found,
    );
    for (label, rows) in [
        (
            "kind",
            by_kind
                .iter()
                .map(|(k, t)| (k.to_string(), t))
                .collect::<Vec<_>>(),
        ),
        ("tag", by_tag.iter().map(|(k, t)| (k.clone(), t)).collect()),
    ] {
        for (k, t) in rows {
            let _ = writeln!(
                out,
                "  {label} {k:<16} gold {:>3}  found {:>3}  speaker right {:>3} ({:.0}%)",
                t.gold,
                t.found,
                t.speaker_right,
                pct(t.speaker_right, t.gold)
            );
        }
    }
    report.text = out;
    Ok(report)
}

fn kind_static(kind: &str) -> &'static str {
    match kind {
        "indirect" => "indirect",
        "mixed" => "mixed",
        _ => "direct",
    }
}

/// Where the gold piece sits in the document's text.
fn gold_span(doc: &Document, g: &GoldQuote) -> Option<Span> {
    let text = doc.text();
    // The title comes first; the gold pieces are in the paragraphs.
    let from = doc
        .article
        .paragraphs
        .first()
        .map_or(0, |s| s.start as usize);
    let at = text.get(from..)?.find(&g.text)? + from;
    Some(Span::new(at, at + g.text.len()))
}

/// The predicted quote that covers at least half the gold piece: one of the
/// gold kind first, then the shortest.
fn best_match(doc: &Document, g: &GoldQuote) -> Option<usize> {
    let gs = gold_span(doc, g)?;
    doc.quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| {
            let o = q
                .span
                .end
                .min(gs.end)
                .saturating_sub(q.span.start.max(gs.start));
            2 * o as usize >= gs.len()
        })
        .min_by_key(|(_, q)| (kind_name(q.kind) != g.kind, q.span.len()))
        .map(|(i, _)| i)
}

/// (kind right, speaker right) for a found gold quote; `None` when missed.
fn score_quote(doc: &Document, g: &GoldQuote) -> Option<(bool, bool)> {
    let q = &doc.quotes[best_match(doc, g)?];
    let speaker_ok = q
        .speaker
        .as_deref()
        .is_some_and(|s| same_speaker(s, &g.speaker));
    Some((kind_name(q.kind) == g.kind, speaker_ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_compare_without_case_determiners_and_titles() {
        assert!(same_speaker("Raimonds Ozols", "Raimonds Ozols"));
        assert!(same_speaker(
            "Foreign Minister Raimonds Ozols",
            "Raimonds Ozols"
        ));
        assert!(same_speaker("Ms Ito", "Ito"));
        assert!(same_speaker(
            "The Colombian government",
            "the Colombian government"
        ));
        assert!(same_speaker(
            "Russia’s foreign ministry",
            "Russia's foreign ministry"
        ));
        assert!(!same_speaker("Ozols", "Raimonds Ozols"));
        assert!(!same_speaker("Kharkiv", "Oleh Marchenko"));
        assert!(!same_speaker("the", "the"));
    }

    #[test]
    fn bad_lines_are_one_line_errors_naming_the_line() {
        let ok = r#"{"id":"a","paragraphs":["“We will win,” Ann Lee said."],"quotes":[{"text":"We will win","speaker":"Ann Lee","kind":"direct"}]}"#;
        assert_eq!(parse("f", ok).unwrap().len(), 1);
        let missing = ok.replace("We will win\",\"speaker", "We lost\",\"speaker");
        let e = parse("f", &missing).unwrap_err();
        assert!(e.starts_with("f:1: passage a:") && !e.contains('\n'), "{e}");
        let kind = ok.replace("\"direct\"", "\"partial\"");
        assert!(parse("f", &kind).unwrap_err().contains("kind"));
        assert!(parse("f", "{nope").unwrap_err().starts_with("f:1:"));
        assert!(parse("f", "\n").is_err());
    }

    #[test]
    fn built_in_probe_parses_with_over_a_hundred_passages() {
        let p = parse("probe.jsonl", BUILT_IN).unwrap();
        assert!(p.len() >= 100, "{}", p.len());
        let mut ids: Vec<&str> = p.iter().map(|x| x.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), p.len(), "passage ids are unique");
    }
}
