//! `newsgraph eval times --tempeval DIR`: TempEval-3 evaluation of the time
//! recognizer. Reads TimeML `.tml` files, strips the tags to get the text
//! and the gold TIMEX3 spans, runs [`newsgraph_extract::times::recognize`] with the document creation time (DCT) as the
//! publication date, and scores extents and values the way the TempEval-3
//! scorer does:
//!
//! - strict extent: same start and end; relaxed extent: any overlap
//!   (one-to-one, first come first served);
//! - value and type F1 are attribute F1 over relaxed matches: P = matches
//!   with the right attribute / system expressions, R = the same / gold
//!   expressions.
//!
//! The official scorer matches on its own tokens; matching on characters
//! gives the same pairs except where a tag splits a token, which TimeML
//! does not allow.

use crate::{Prf, Report, Scale};
use chrono::NaiveDate;
use newsgraph_extract::times::recognize;
use std::fmt::Write as _;
use std::path::Path;

/// One gold TIMEX3 from a `.tml` file.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub timex_type: String,
    pub value: String,
}

/// A `.tml` file with its tags removed.
#[derive(Clone, Debug, PartialEq)]
pub struct TmlDoc {
    pub name: String,
    pub dct: Option<NaiveDate>,
    pub text: String,
    pub timexes: Vec<GoldTimex>,
}

/// Parses one TimeML document. Only `<DCT>` and the TIMEX3 tags inside
/// `<TEXT>` are read; all other tags are dropped from the text.
pub fn parse_tml(name: &str, xml: &str) -> Result<TmlDoc, String> {
    let dct = xml
        .find("<DCT>")
        .and_then(|p| {
            attr(
                &xml[p..xml[p..].find('>').map_or(p, |q| p + q + 200).min(xml.len())],
                "value",
            )
        })
        .and_then(|v| {
            v.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        });
    let body_start = xml
        .find("<TEXT>")
        .ok_or_else(|| format!("{name}: no <TEXT>"))?
        + "<TEXT>".len();
    let body_end = xml[body_start..]
        .find("</TEXT>")
        .map(|e| body_start + e)
        .ok_or_else(|| format!("{name}: no </TEXT>"))?;
    let body = &xml[body_start..body_end];
    let mut text = String::with_capacity(body.len());
    let mut timexes = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find(['<', '&']) {
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('&') {
            let semi = rest.find(';').filter(|&s| s <= 8).unwrap_or(0);
            let decoded = match &rest[..=semi] {
                "&amp;" => "&",
                "&lt;" => "<",
                "&gt;" => ">",
                "&quot;" => "\"",
                "&apos;" => "'",
                _ => "&",
            };
            text.push_str(decoded);
            rest = &rest[if decoded == "&" && semi == 0 {
                1
            } else {
                semi + 1
            }..];
            continue;
        }
        let gt = rest
            .find('>')
            .ok_or_else(|| format!("{name}: unclosed tag"))?;
        let tag = &rest[1..gt];
        if tag.starts_with("TIMEX3") {
            let t = attr(tag, "type").unwrap_or_default();
            let v = attr(tag, "value").unwrap_or_default();
            open = Some((text.len(), t, v));
        } else if tag.starts_with("/TIMEX3") {
            if let Some((start, timex_type, value)) = open.take() {
                timexes.push(GoldTimex {
                    start,
                    end: text.len(),
                    timex_type,
                    value,
                });
            }
        }
        rest = &rest[gt + 1..];
    }
    text.push_str(rest);
    Ok(TmlDoc {
        name: name.to_string(),
        dct,
        text,
        timexes,
    })
}

fn attr(tag: &str, key: &str) -> Option<String> {
    let pat = format!("{key}=\"");
    let mut from = 0;
    while let Some(p) = tag[from..].find(&pat) {
        let at = from + p;
        // Make sure "value" does not match the tail of "xvalue".
        if at == 0 || tag.as_bytes()[at - 1].is_ascii_whitespace() {
            let s = at + pat.len();
            return tag[s..].find('"').map(|e| tag[s..s + e].to_string());
        }
        from = at + pat.len();
    }
    None
}

/// Extent and attribute scores over a set of documents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    pub n_docs: usize,
    pub n_gold: usize,
    pub n_system: usize,
    pub strict_matches: usize,
    pub relaxed_matches: usize,
    pub value_correct: usize,
    pub type_correct: usize,
}

/// P, R and F1 in percent.
fn prf(correct: usize, n_system: usize, n_gold: usize) -> (f64, f64, f64) {
    let s = Prf::from_counts(correct, n_system, n_gold);
    (100.0 * s.precision(), 100.0 * s.recall(), 100.0 * s.f1())
}

impl Scores {
    pub fn strict(&self) -> (f64, f64, f64) {
        prf(self.strict_matches, self.n_system, self.n_gold)
    }
    pub fn relaxed(&self) -> (f64, f64, f64) {
        prf(self.relaxed_matches, self.n_system, self.n_gold)
    }
    pub fn value(&self) -> (f64, f64, f64) {
        prf(self.value_correct, self.n_system, self.n_gold)
    }
    pub fn type_(&self) -> (f64, f64, f64) {
        prf(self.type_correct, self.n_system, self.n_gold)
    }
}

/// Scores one parsed document, appending mistakes to `errors` when given.
pub fn score_doc(doc: &TmlDoc, scores: &mut Scores, mut errors: Option<&mut String>) {
    let (sys, _) = recognize(&doc.text, doc.dct);
    scores.n_docs += 1;
    scores.n_gold += doc.timexes.len();
    scores.n_system += sys.len();
    let mut used = vec![false; sys.len()];
    for g in &doc.timexes {
        let hit = sys.iter().enumerate().find(|(k, s)| {
            !used[*k] && (s.span.start as usize) < g.end && g.start < s.span.end as usize
        });
        let gold_text = doc.text.get(g.start..g.end).unwrap_or("");
        match hit {
            Some((k, s)) => {
                used[k] = true;
                scores.relaxed_matches += 1;
                let sys_text = doc.text.get(s.span.range()).unwrap_or("");
                if s.span.start as usize == g.start && s.span.end as usize == g.end {
                    scores.strict_matches += 1;
                }
                let value = s.value.as_deref().unwrap_or("");
                if value == g.value {
                    scores.value_correct += 1;
                }
                if s.timex_type.as_str() == g.timex_type {
                    scores.type_correct += 1;
                }
                if let Some(e) = errors.as_deref_mut() {
                    if value != g.value
                        || s.timex_type.as_str() != g.timex_type
                        || sys_text != gold_text
                    {
                        let _ = writeln!(
                            e,
                            "{}\tWRONG\t{gold_text:?}\t{} {}\tsys {sys_text:?}\t{} {}",
                            doc.name,
                            g.timex_type,
                            g.value,
                            s.timex_type.as_str(),
                            value
                        );
                    }
                }
            }
            None => {
                if let Some(e) = errors.as_deref_mut() {
                    let ctx = newsgraph_doc::marked_context(&doc.text, g.start, g.end, 50, 40);
                    let _ = writeln!(
                        e,
                        "{}\tMISSED\t{gold_text:?}\t{} {}\t{ctx}",
                        doc.name, g.timex_type, g.value
                    );
                }
            }
        }
    }
    if let Some(e) = errors {
        for (k, s) in sys.iter().enumerate() {
            if !used[k] {
                let t = doc.text.get(s.span.range()).unwrap_or("");
                let ctx = newsgraph_doc::marked_context(
                    &doc.text,
                    s.span.start as usize,
                    s.span.end as usize,
                    50,
                    40,
                );
                let _ = writeln!(
                    e,
                    "{}\tSPURIOUS\t{t:?}\t{} {}\t{ctx}",
                    doc.name,
                    s.timex_type.as_str(),
                    s.value.as_deref().unwrap_or("")
                );
            }
        }
    }
}

/// Scores every `.tml` file under `dir` (recursively).
pub fn score_dir(dir: &Path, mut errors: Option<&mut String>) -> Result<Scores, String> {
    let files = crate::corpus::files_with_extension(dir, "tml")?;
    if files.is_empty() {
        return Err(format!("{}: no .tml files", dir.display()));
    }
    let mut scores = Scores::default();
    for f in &files {
        let xml = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let name = f
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let doc = parse_tml(&name, &xml)?;
        score_doc(&doc, &mut scores, errors.as_deref_mut());
    }
    Ok(scores)
}

/// Runs the TempEval-3 evaluation over `dir`: the short report, and P, R
/// and F1 in percent for `strict_extent`, `relaxed_extent`, `value` and
/// `type` (e.g. `value_f1`).
pub fn evaluate(dir: &Path) -> Result<Report, String> {
    let s = score_dir(dir, None)?;
    let mut out = Report::new("times");
    out.text = report(&s);
    for (name, (p, r, f)) in [
        ("strict_extent", s.strict()),
        ("relaxed_extent", s.relaxed()),
        ("value", s.value()),
        ("type", s.type_()),
    ] {
        out.metric(format!("{name}_precision"), p, Scale::Percent);
        out.metric(format!("{name}_recall"), r, Scale::Percent);
        out.metric(format!("{name}_f1"), f, Scale::Percent);
    }
    out.metric("gold", s.n_gold as f64, Scale::Count);
    out.metric("system", s.n_system as f64, Scale::Count);
    Ok(out)
}

/// Formats scores as the text of [`evaluate`]'s report.
pub fn report(s: &Scores) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "docs {}  gold {}  system {}",
        s.n_docs, s.n_gold, s.n_system
    );
    for (name, (p, r, f)) in [
        ("strict extent", s.strict()),
        ("relaxed extent", s.relaxed()),
        ("value", s.value()),
        ("type", s.type_()),
    ] {
        let _ = writeln!(out, "{name:<15} P {p:5.1}  R {r:5.1}  F1 {f:5.1}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn tempeval_tml_parsing() {
        let xml = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-21" functionInDocument="CREATION_TIME">2013-03-21</TIMEX3></DCT>
<TEXT>He was <EVENT eid="e1">told</EVENT> <TIMEX3 tid="t1" type="DATE" value="2013-03-21">Thursday</TIMEX3> &amp; left <TIMEX3 tid="t2" type="DATE" value="2012-05">last May</TIMEX3>.</TEXT></TimeML>"#;
        let doc = parse_tml("x", xml).unwrap();
        assert_eq!(doc.dct, Some(d("2013-03-21")));
        assert_eq!(doc.text, "He was told Thursday & left last May.");
        assert_eq!(doc.timexes.len(), 2);
        assert_eq!(
            &doc.text[doc.timexes[1].start..doc.timexes[1].end],
            "last May"
        );
        let mut s = Scores::default();
        score_doc(&doc, &mut s, None);
        assert_eq!((s.n_gold, s.strict_matches, s.value_correct), (2, 2, 2));
    }

    #[test]
    fn tempeval_eval() {
        let dir = match std::env::var_os("TEMPEVAL_DIR") {
            Some(dir) => std::path::PathBuf::from(dir),
            None => match crate::shared_data() {
                Some(data) => data.join("tempeval3/Evaluation/te3-platinum"),
                None => {
                    eprintln!("skip: no shared data (set NEWSGRAPH_SHARED)");
                    return;
                }
            },
        };
        if !dir.exists() {
            eprintln!("skip: {} not found", dir.display());
            return;
        }
        let mut errors = String::new();
        let s = score_dir(&dir, Some(&mut errors)).unwrap();
        if std::env::var("TEMPEVAL_ERRORS").is_ok() {
            eprintln!("{errors}");
        }
        eprintln!("{}", report(&s));
        assert!(s.value().2 >= 75.0, "value F1 below the floor");
    }
}
