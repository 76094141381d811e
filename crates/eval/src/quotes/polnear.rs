//! `newsgraph eval quotes`: scores the quote stage against PolNeAR (BRAT
//! standoff attribution annotations over political news).
//!
//! Comparison happens in "non-whitespace character" coordinates — the
//! number of non-whitespace characters before an offset — because newsgraph
//! rebuilds an article's text (collapsing whitespace, joining blocks with
//! blank lines) while PolNeAR offsets point into the raw file. Both texts
//! hold the same non-whitespace characters in the same order, so the mapping
//! is exact.
//!
//! Direct quotes: every contiguous fragment of a gold `Content` span that
//! opens with a quotation mark; quoted phrases inside the writer's sentence are not scored, and a
//! mixed quote spanning a reported clause is scored as indirect. A predicted direct quote matches a
//! gold fragment when, with marks, punctuation and spaces trimmed from both,
//! their overlap covers at least 90% of each (strict: identical). Speaker
//! accuracy is over matched quotes whose gold attribution names a source: the
//! predicted speaker words overlap the gold source span, or the predicted
//! canonical name shares a capitalized word with the gold source text.
//!
//! Indirect speech: gold `Content` spans with no quotation marks, matched to
//! predicted indirect quotes by overlap ≥ 50% of each.

use crate::{ratio, Prf, Report, Scale};
use newsgraph_doc::{Article, ArticleBuilder, CharOffsets, Document, QuoteKind};
use newsgraph_pipeline::Pipeline;
use std::collections::HashMap;
use std::path::Path;

#[derive(Default)]
struct Tally {
    gold: usize,
    pred: usize,
    matched: usize,
    strict: usize,
    speaker_total: usize,
    speaker_correct: usize,
}

impl Tally {
    fn prf(&self) -> Prf {
        Prf::from_counts(self.matched, self.pred, self.gold)
    }
}

/// A gold span in non-whitespace coordinates, with its text.
#[derive(Clone, Debug)]
pub(crate) struct GoldSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

pub(crate) struct GoldAttribution {
    pub content: Vec<GoldSpan>,
    pub source: Option<GoldSpan>,
    pub cue: Option<GoldSpan>,
}

/// Scores the pipeline's quotes on the `split` (`train`, `dev`, `test`) of
/// the PolNeAR directory `dir`. Metrics, in percent: `polnear_{direct,
/// indirect}_{precision,recall,f1}`, `…_strict_match` and
/// `…_speaker_accuracy`.
pub fn evaluate(pipeline: &Pipeline, dir: &Path, split: &str) -> Result<Report, String> {
    let mut direct = Tally::default();
    let mut indirect = Tally::default();
    let mut n_articles = 0;
    for_each_article(dir, split, |stem, raw, gold| {
        let mut doc = pipeline.analyze(article_from_raw(stem, raw));
        // `NEWSGRAPH_EVAL_REPORTED=rules|model` scores one way of finding
        // reported speech alone (the pipeline uses both).
        requote(&mut doc);
        score_article(&doc, gold, &mut direct, &mut indirect);
        n_articles += 1;
    })?;
    let mut report = Report::new("quotes");
    let mut out = format!("PolNeAR {split}: {n_articles} articles\n");
    for (label, t) in [("direct", &direct), ("indirect", &indirect)] {
        let prf = t.prf();
        let (p, r, f) = (prf.precision(), prf.recall(), prf.f1());
        report.prf(&format!("polnear_{label}"), &prf, Scale::Percent);
        report.metric(
            format!("polnear_{label}_strict_match"),
            100.0 * ratio(t.strict, t.matched),
            Scale::Percent,
        );
        report.metric(
            format!("polnear_{label}_speaker_accuracy"),
            100.0 * ratio(t.speaker_correct, t.speaker_total),
            Scale::Percent,
        );
        out.push_str(&format!(
            "{label:<9} gold {:>5}  pred {:>5}  P {:>5.1}  R {:>5.1}  F1 {:>5.1}  strict-match {:>5.1}%  speaker acc {:>5.1}% ({}/{})\n",
            t.gold,
            t.pred,
            100.0 * p,
            100.0 * r,
            100.0 * f,
            100.0 * ratio(t.strict, t.matched),
            100.0 * ratio(t.speaker_correct, t.speaker_total),
            t.speaker_correct,
            t.speaker_total
        ));
    }
    report.text = out;
    Ok(report)
}

/// Calls `f` with each article of PolNeAR's `split` (its name, raw text and
/// gold attributions, one annotator per article: the first in sorted
/// order), in sorted order.
pub(crate) fn for_each_article(
    dir: &Path,
    split: &str,
    mut f: impl FnMut(&str, &str, &[GoldAttribution]),
) -> Result<(), String> {
    let text_dir = dir.join(split).join("text");
    let ann_dir = dir.join(split).join("attributions");
    let mut names: Vec<_> = std::fs::read_dir(&text_dir)
        .map_err(|e| format!("{}: {e}", text_dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut anns: Vec<String> = std::fs::read_dir(&ann_dir)
        .map_err(|e| format!("{}: {e}", ann_dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    anns.sort();
    for name in &names {
        let stem = name.trim_end_matches(".txt");
        let Some(ann) = anns.iter().find(|a| a.starts_with(&format!("{stem}_"))) else {
            continue;
        };
        let raw =
            std::fs::read_to_string(text_dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
        let ann_text =
            std::fs::read_to_string(ann_dir.join(ann)).map_err(|e| format!("{ann}: {e}"))?;
        let gold = parse_ann(&ann_text, &raw);
        f(stem, &raw, &gold);
    }
    Ok(())
}

/// Re-runs the quote stage when the environment asks for another way of
/// finding reported speech: `NEWSGRAPH_EVAL_REPORTED=rules|model|both`
/// (the pipeline's way is `quotes::PIPELINE_REPORTED`) and `NEWSGRAPH_EVAL_CUE_MODEL=FILE` (a
/// cue model file instead of the embedded one, to choose among trained
/// models without rebuilding).
pub(crate) fn requote(doc: &mut Document) {
    use newsgraph_extract::quotes::{cue_model, run_with, Reported};
    use std::sync::OnceLock;
    static MODEL: OnceLock<Option<cue_model::CueModel>> = OnceLock::new();
    let model = MODEL.get_or_init(|| {
        let path = std::env::var_os("NEWSGRAPH_EVAL_CUE_MODEL")?;
        let read = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| cue_model::CueModel::parse(&text));
        read.map_err(|e| {
            eprintln!("NEWSGRAPH_EVAL_CUE_MODEL {path:?}: {e}; the embedded model is used")
        })
        .ok()
    });
    let way = match std::env::var("NEWSGRAPH_EVAL_REPORTED").as_deref() {
        Ok("rules") => Some(Reported::Rules),
        Ok("model") => Some(Reported::Model),
        Ok("both") => Some(Reported::Both),
        _ => None,
    };
    if way.is_none() && model.is_none() {
        return;
    }
    let model = model.as_ref().unwrap_or_else(cue_model::embedded);
    run_with(doc, way.unwrap_or(Reported::Both), model);
}

/// Blocks separated by blank lines; the first is the title.
pub(crate) fn article_from_raw(origin: &str, raw: &str) -> Article {
    let mut blocks = raw.split("\n\n").map(str::trim).filter(|b| !b.is_empty());
    let mut b = ArticleBuilder::new(origin);
    if let Some(t) = blocks.next() {
        b = b.title(t);
    }
    for p in blocks {
        b.push_paragraph(p);
    }
    b.build()
}

/// Non-whitespace character index of every char offset in `text`
/// (one entry per char, plus one for the end).
pub(crate) fn nonws_index(text: &str) -> Vec<usize> {
    let mut idx = Vec::with_capacity(text.len() + 1);
    let mut n = 0;
    for c in text.chars() {
        idx.push(n);
        if !c.is_whitespace() && !c.is_control() && c != '\u{feff}' {
            n += 1;
        }
    }
    idx.push(n);
    idx
}

/// A BRAT text-bound annotation: its label and its (possibly discontinuous)
/// character ranges.
type LabeledRanges = (String, Vec<(usize, usize)>);

fn parse_ann(ann: &str, raw: &str) -> Vec<GoldAttribution> {
    let chars: Vec<char> = raw.chars().collect();
    let nonws = nonws_index(raw);
    let mut spans: HashMap<&str, LabeledRanges> = HashMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut parts = line.split('\t');
        let (Some(id), Some(body)) = (parts.next(), parts.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let mut words = body.splitn(2, ' ');
            let label = words.next().unwrap_or("");
            let ranges: Vec<(usize, usize)> = words
                .next()
                .unwrap_or("")
                .split(';')
                .filter_map(|r| {
                    let mut it = r.split_whitespace().filter_map(|x| x.parse::<usize>().ok());
                    Some((it.next()?, it.next()?))
                })
                .filter(|&(s, e)| s < e && e <= chars.len())
                .collect();
            spans.insert(id, (label.to_string(), ranges));
        } else if id.starts_with('E') {
            events.push(body.to_string());
        }
    }
    let to_gold = |(s, e): (usize, usize)| GoldSpan {
        start: nonws[s],
        end: nonws[e],
        text: chars[s..e].iter().collect(),
    };
    let mut out = Vec::new();
    for ev in events {
        let mut content = Vec::new();
        let mut source = None;
        let mut cue = None;
        for arg in ev.split_whitespace() {
            let Some((role, tid)) = arg.split_once(':') else {
                continue;
            };
            let Some((_, ranges)) = spans.get(tid) else {
                continue;
            };
            match role {
                "Content" => content.extend(ranges.iter().map(|&r| to_gold(r))),
                "Source" => {
                    if let (Some(first), Some(last)) = (ranges.first(), ranges.last()) {
                        source = Some(to_gold((first.0, last.1)));
                    }
                }
                "Cue" => {
                    if let (Some(first), Some(last)) = (ranges.first(), ranges.last()) {
                        cue = Some(to_gold((first.0, last.1)));
                    }
                }
                _ => {}
            }
        }
        if !content.is_empty() {
            out.push(GoldAttribution {
                content,
                source,
                cue,
            });
        }
    }
    out
}

const MARKS: &[char] = &['"', '“', '”', '‘', '’', '\'', '«', '»'];

/// A direct-quote fragment opens with a quotation mark; content that only
/// embeds a quoted phrase ("called it “rigged”") is reported speech.
pub(crate) fn is_quoted(text: &str) -> bool {
    text.trim().starts_with(MARKS)
}

/// Trims marks, punctuation and spaces in non-ws coordinates: returns the
/// (start, end) after dropping such characters from both ends.
fn trimmed(start: usize, text: &str) -> (usize, usize) {
    let junk = |c: char| {
        MARKS.contains(&c)
            || c.is_whitespace()
            || matches!(c, ',' | '.' | ':' | ';' | '!' | '?' | '—' | '–' | '-')
    };
    let visible: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let lead = visible.iter().take_while(|&&c| junk(c)).count();
    let trail = visible.iter().rev().take_while(|&&c| junk(c)).count();
    let len = visible.len();
    if lead + trail >= len {
        return (start, start);
    }
    (start + lead, start + len - trail)
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// `NEWSGRAPH_EVAL_DEBUG=1` prints every miss, for error analysis.
fn debug() -> bool {
    std::env::var_os("NEWSGRAPH_EVAL_DEBUG").is_some()
}

fn score_article(
    doc: &Document,
    gold: &[GoldAttribution],
    direct: &mut Tally,
    indirect: &mut Tally,
) {
    let text = doc.text();
    let nonws = nonws_index(text);
    // Byte offset -> char offset -> non-ws index.
    let offsets = CharOffsets::new(text);
    let to_nonws = |b: u32| nonws[offsets.char_of(text, b)];

    struct Pred {
        span: (usize, usize),
        speaker_span: Option<(usize, usize)>,
        speaker: Option<String>,
        cue: Option<String>,
        used: bool,
    }
    let mut preds_direct = Vec::new();
    let mut preds_indirect = Vec::new();
    for q in &doc.quotes {
        // A mixed quote whose span is the quoted words (opening right after
        // a quotation mark) is a direct fragment to PolNeAR; one spanning
        // the reported clause is indirect content.
        let after_mark = text
            .get(..q.span.start as usize)
            .and_then(|t| t.trim_end().chars().next_back())
            .is_some_and(|c| MARKS.contains(&c));
        let s = to_nonws(q.span.start);
        let p = Pred {
            span: trimmed(s, doc.span_text(q.span)),
            speaker_span: q
                .speaker_span
                .map(|sp| (to_nonws(sp.start), to_nonws(sp.end))),
            speaker: q.speaker.clone(),
            cue: q.cue.clone(),
            used: false,
        };
        match q.kind {
            QuoteKind::Direct => preds_direct.push(p),
            QuoteKind::Indirect => preds_indirect.push(p),
            QuoteKind::Mixed if !after_mark => preds_indirect.push(p),
            // A quoted phrase inside reported speech that the quote stage
            // found no clause for: gold content spans the whole clause, so
            // it is scored with neither.
            QuoteKind::Mixed => {}
        }
    }
    if debug() {
        for q in doc.quotes.iter().filter(|q| q.kind == QuoteKind::Direct) {
            eprintln!("PRED {:?} <- {:?}", doc.span_text(q.span), q.speaker);
        }
    }
    direct.pred += preds_direct.len();
    indirect.pred += preds_indirect.len();
    for g in gold {
        for frag in &g.content {
            let quoted = is_quoted(&frag.text);
            let (tally, preds, min_cover) = if quoted {
                (&mut *direct, &mut preds_direct, 0.9)
            } else {
                (&mut *indirect, &mut preds_indirect, 0.5)
            };
            let gspan = trimmed(frag.start, &frag.text);
            if gspan.0 >= gspan.1 {
                continue;
            }
            tally.gold += 1;
            let glen = (gspan.1 - gspan.0) as f64;
            let best = preds
                .iter_mut()
                .filter(|p| !p.used && p.span.1 > p.span.0)
                .map(|p| {
                    let o = overlap(p.span, gspan) as f64;
                    let plen = (p.span.1 - p.span.0) as f64;
                    ((o / glen).min(o / plen), p)
                })
                .filter(|(cover, _)| *cover >= min_cover)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let Some((_, p)) = best else {
                if debug() {
                    eprintln!(
                        "MISS {}: {:?}",
                        if quoted { "direct" } else { "indirect" },
                        frag.text
                    );
                }
                continue;
            };
            p.used = true;
            tally.matched += 1;
            if p.span == gspan {
                tally.strict += 1;
            }
            if let Some(src) = &g.source {
                tally.speaker_total += 1;
                let by_span = p
                    .speaker_span
                    .is_some_and(|sp| overlap(sp, (src.start, src.end)) > 0);
                let by_name = p.speaker.as_deref().is_some_and(|name| {
                    name.split_whitespace()
                        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                        .any(|w| {
                            src.text
                                .split_whitespace()
                                .any(|g| g.trim_matches(|c: char| !c.is_alphanumeric()) == w)
                        })
                });
                if by_span || by_name {
                    tally.speaker_correct += 1;
                } else if debug() {
                    eprintln!(
                        "SPEAKER gold {:?} pred {:?} for {:?}",
                        src.text, p.speaker, frag.text
                    );
                }
            }
        }
    }
    if debug() {
        for p in preds_direct.iter().filter(|p| !p.used) {
            let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
            let s: String = chars
                .get(p.span.0..p.span.1)
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            eprintln!("EXTRA direct: {s:?}");
        }
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        for p in preds_indirect.iter() {
            let s: String = chars
                .get(p.span.0..p.span.1)
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            eprintln!(
                "INDIRECT {} cue {:?} content {s:?}",
                if p.used { "right" } else { "wrong" },
                p.cue.as_deref().unwrap_or("").to_lowercase()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_spans_map_to_nonwhitespace_coordinates() {
        let raw = "Title here.\n\n“We will go,” Ann Lee said.\n";
        let start = raw.chars().position(|c| c == '“').unwrap();
        let end = start + "“We will go,”".chars().count();
        let src_start = end + 1;
        let ann = format!(
            "T1\tContent {start} {end}\t“We will go,”\nT2\tSource {src_start} {}\tAnn Lee\nT3\tCue 0 1\tx\nE1\tAttribution:T3 Content:T1 Source:T2\n",
            src_start + 7
        );
        let gold = parse_ann(&ann, raw);
        assert_eq!(gold.len(), 1);
        assert_eq!(gold[0].content[0].text, "“We will go,”");
        assert!(is_quoted(&gold[0].content[0].text));
        let (s, e) = trimmed(gold[0].content[0].start, &gold[0].content[0].text);
        // "Title here." is 10 non-ws chars; the quote's words "Wewillgo" are 8.
        assert_eq!((s, e), (11, 19));
        assert_eq!(gold[0].source.as_ref().unwrap().text, "Ann Lee");
    }

    #[test]
    fn article_rebuild_keeps_nonwhitespace_text() {
        let raw = "A  title\n\nPara one\nstill one.\n\n\nPara two.";
        let a = article_from_raw("x", raw);
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(strip(&a.text), strip(raw));
    }
}
