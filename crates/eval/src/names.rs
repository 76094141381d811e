//! `newsgraph eval names`: person, organization and place names on the
//! team's own modern-news probe set (`data/gold/ner/`, issue 20; format in
//! its README), scored on what users see: the entities' name mentions after
//! the entities stage (title splitting, particles, clustering), not the raw
//! recognizer spans.
//!
//! A gold entity is *right* when a name mention has exactly its span and its
//! class (PER, ORG, LOC = GPE/LOC/FAC, MISC = MISC/EVENT; nationality words,
//! NORP, are neither gold nor counted). A predicted mention that matches no
//! gold span is *spurious* ("Agriculture" from "Minister of Agriculture").
//! A predicted PERSON or ORG mention that is not a gold span and holds a
//! title word ("Minister", "Secretary", "Prince") or runs from office words
//! into a gold person's name ("National Defense Kim") is a *title in a
//! span*: the issue's target is none. Mentions the gold ties by a key (two
//! spellings of one person) must be one entity (*variants merged*); two gold
//! people both found must never be one entity (*wrong merges*).
//!
//! Every figure is reported for the whole set and for its `dev` and `test`
//! halves: the test half was fixed before any tuning and is never tuned on.

use crate::{Report, Scale};
use newsgraph_doc::{ArticleBuilder, Document, EntityType, MentionKind, Span};
use newsgraph_nlp::ner::gazetteer::{list, Gazetteer};
use newsgraph_pipeline::Pipeline;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The team's probe set, compiled in so `eval names` and `eval all` score it
/// from any install.
pub const BUILT_IN: &str = include_str!("../../../data/gold/ner/probe.jsonl");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Passage {
    id: String,
    split: String,
    tag: String,
    text: String,
    entities: Vec<GoldEntity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldEntity {
    /// Character offsets into the passage's text.
    start: usize,
    end: usize,
    text: String,
    #[serde(rename = "type")]
    class: String,
    key: String,
}

/// The class a predicted type is scored as; `None` for nationality words.
fn class_of(t: EntityType) -> Option<&'static str> {
    match t {
        EntityType::Person => Some("PER"),
        EntityType::Org => Some("ORG"),
        EntityType::Gpe | EntityType::Loc | EntityType::Fac => Some("LOC"),
        EntityType::Event | EntityType::Misc => Some("MISC"),
        EntityType::Norp => None,
    }
}

/// Byte offset of character offset `c` in `s` (`None` past the end).
fn byte_at(s: &str, c: usize) -> Option<usize> {
    s.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(s.len()))
        .nth(c)
}

/// Reads a probe file: one passage a line, blank lines skipped; every gold
/// span must hold its text and a known class. `name` labels errors.
fn parse(name: &str, text: &str) -> Result<Vec<Passage>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |msg: String| format!("{name}:{}: {msg}", n + 1);
        let p: Passage = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
        if !matches!(p.split.as_str(), "dev" | "test") {
            return Err(at(format!("split {:?} is not dev or test", p.split)));
        }
        for g in &p.entities {
            let found = byte_at(&p.text, g.start)
                .zip(byte_at(&p.text, g.end))
                .and_then(|(s, e)| p.text.get(s..e));
            if found != Some(g.text.as_str()) {
                return Err(at(format!(
                    "passage {}: entity {:?} is not at {}..{}",
                    p.id, g.text, g.start, g.end
                )));
            }
            if !matches!(g.class.as_str(), "PER" | "ORG" | "LOC" | "MISC") {
                return Err(at(format!(
                    "passage {}: type {:?} is not PER, ORG, LOC or MISC",
                    p.id, g.class
                )));
            }
        }
        out.push(p);
    }
    if out.is_empty() {
        return Err(format!("{name}: no passages"));
    }
    Ok(out)
}

/// The counts of one half (or of one tag).
#[derive(Default, Clone)]
struct Tally {
    gold: usize,
    right: usize,
    predicted: usize,
    spurious: usize,
    titled: usize,
    variant_pairs: usize,
    variants_merged: usize,
    wrong_merges: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.gold += o.gold;
        self.right += o.right;
        self.predicted += o.predicted;
        self.spurious += o.spurious;
        self.titled += o.titled;
        self.variant_pairs += o.variant_pairs;
        self.variants_merged += o.variants_merged;
        self.wrong_merges += o.wrong_merges;
    }
    fn right_pct(&self) -> f64 {
        100.0 * crate::ratio(self.right, self.gold)
    }
    fn precision_pct(&self) -> f64 {
        100.0 * crate::ratio(self.predicted - self.spurious, self.predicted)
    }
}

/// True when a word of `text` is a title, rank or honorific ("Minister",
/// "Secretary-General", "Prince"), capitalized as titles are in names.
fn has_title_word(text: &str, gaz: &Gazetteer) -> bool {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .any(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && gaz.flags(&[w]) & (list::TITLE | list::HONORIFIC) != 0
        })
}

/// Scores one analysed passage; misses go to `log`.
fn score(p: &Passage, doc: &Document, gaz: &Gazetteer, log: &mut String) -> Tally {
    let mut t = Tally::default();
    // The passage is the article's only block, so its offsets start where
    // its text does.
    let base = doc.text().find(p.text.as_str()).unwrap_or(0);
    let gold: Vec<(Span, &GoldEntity)> = p
        .entities
        .iter()
        .filter_map(|g| {
            let s = byte_at(&p.text, g.start)?;
            let e = byte_at(&p.text, g.end)?;
            Some((Span::new(base + s, base + e), g))
        })
        .collect();
    // Every predicted name mention: span, class, entity index.
    let mut pred: Vec<(Span, &'static str, usize)> = Vec::new();
    for (ei, e) in doc.entities.iter().enumerate() {
        let Some(class) = class_of(e.entity_type) else {
            continue;
        };
        for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            pred.push((m.span, class, ei));
        }
    }
    t.gold = gold.len();
    // The entity each gold mention was found as.
    let mut found: Vec<Option<usize>> = Vec::with_capacity(gold.len());
    for (span, g) in &gold {
        let hit = pred
            .iter()
            .find(|(s, c, _)| s == span && *c == g.class.as_str());
        found.push(hit.map(|h| h.2));
        if hit.is_some() {
            t.right += 1;
        } else {
            let got: Vec<String> = pred
                .iter()
                .filter(|(s, _, _)| s.overlaps(*span))
                .map(|(s, c, _)| format!("{c} {:?}", doc.span_text(*s)))
                .collect();
            let _ = writeln!(
                log,
                "MISS {} [{}] {} {:?}: got {}",
                p.id,
                p.split,
                g.class,
                g.text,
                if got.is_empty() {
                    "nothing".to_string()
                } else {
                    got.join(", ")
                }
            );
        }
    }
    for (span, class, ei) in &pred {
        t.predicted += 1;
        if gold.iter().any(|(s, _)| s == span) {
            continue;
        }
        t.spurious += 1;
        let text = doc.span_text(*span);
        // A title word inside, or office words glued before a gold
        // person's name ("National Defense Kim").
        let glued = gold
            .iter()
            .any(|(s, g)| g.class == "PER" && span.start < s.start && span.end > s.start);
        let titled = matches!(*class, "PER" | "ORG") && (glued || has_title_word(text, gaz));
        t.titled += usize::from(titled);
        let _ = writeln!(
            log,
            "SPURIOUS {} [{}] {class} {text:?}{} (entity {:?})",
            p.id,
            p.split,
            if titled { " with a title word" } else { "" },
            doc.entities[*ei].name
        );
    }
    // Pairs of gold people both found: one key must be one entity, two
    // keys two entities.
    for i in 0..gold.len() {
        for j in i + 1..gold.len() {
            let (gi, gj) = (gold[i].1, gold[j].1);
            if gi.class != "PER" || gj.class != "PER" {
                continue;
            }
            let same_key = gi.key == gj.key;
            if same_key {
                t.variant_pairs += 1;
            }
            let (Some(a), Some(b)) = (found[i], found[j]) else {
                continue;
            };
            if same_key && a == b {
                t.variants_merged += 1;
            } else if same_key {
                let _ = writeln!(log, "UNMERGED {}: {:?} / {:?}", p.id, gi.text, gj.text);
            } else if a == b && gi.text != gj.text {
                t.wrong_merges += 1;
                let _ = writeln!(log, "WRONG MERGE {}: {:?} + {:?}", p.id, gi.text, gj.text);
            }
        }
    }
    t
}

/// Scores the pipeline on probe passages read from `text` (`name` labels
/// errors and the report). Metrics, each for all passages and prefixed
/// `dev_` and `test_` for the halves: `entities_right` and `precision`
/// (percent), `spurious`, `titles_in_spans` and `wrong_merges` (counts),
/// `variants_merged` (percent of the gold variant pairs).
pub fn evaluate_text(pipeline: &Pipeline, name: &str, text: &str) -> Result<Report, String> {
    let passages = parse(name, text)?;
    let gaz = Gazetteer::embedded();
    let debug = std::env::var_os("NEWSGRAPH_EVAL_DEBUG").is_some();
    let mut halves: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_tag: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut log = String::new();
    for p in &passages {
        let doc = pipeline.analyze(ArticleBuilder::new(p.id.clone()).paragraph(&p.text).build());
        let t = score(p, &doc, gaz, &mut log);
        halves.entry(p.split.as_str()).or_default().add(&t);
        by_tag.entry(p.tag.as_str()).or_default().add(&t);
    }
    let mut all = Tally::default();
    for t in halves.values() {
        all.add(t);
    }
    let mut report = Report::new("names");
    let mut out = format!(
        "{name}: {} passages, {} gold entities\n",
        passages.len(),
        all.gold
    );
    let _ = writeln!(
        out,
        "{:<14} {:>6} {:>7} {:>6} {:>9} {:>7} {:>9} {:>7}",
        "", "gold", "right%", "prec%", "spurious", "titled", "variants", "wrong"
    );
    let mut row = |label: &str, t: &Tally| {
        let _ = writeln!(
            out,
            "{label:<14} {:>6} {:>7.1} {:>6.1} {:>9} {:>7} {:>5}/{:<3} {:>7}",
            t.gold,
            t.right_pct(),
            t.precision_pct(),
            t.spurious,
            t.titled,
            t.variants_merged,
            t.variant_pairs,
            t.wrong_merges
        );
    };
    row("all", &all);
    for (h, t) in &halves {
        row(h, t);
    }
    for (tag, t) in &by_tag {
        row(&format!("  {tag}"), t);
    }
    for (prefix, t) in std::iter::once(("", &all)).chain(halves.iter().map(|(h, t)| (*h, t))) {
        let p = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}_")
        };
        report.metric(format!("{p}entities_right"), t.right_pct(), Scale::Percent);
        report.metric(format!("{p}precision"), t.precision_pct(), Scale::Percent);
        report.metric(format!("{p}spurious"), t.spurious as f64, Scale::Count);
        report.metric(format!("{p}titles_in_spans"), t.titled as f64, Scale::Count);
        report.metric(
            format!("{p}variants_merged"),
            100.0 * crate::ratio(t.variants_merged, t.variant_pairs),
            Scale::Percent,
        );
        report.metric(
            format!("{p}wrong_merges"),
            t.wrong_merges as f64,
            Scale::Count,
        );
    }
    if debug {
        out.push_str(&log);
    }
    report.text = out;
    Ok(report)
}

/// The built-in probe set.
pub fn evaluate_built_in(pipeline: &Pipeline) -> Result<Report, String> {
    evaluate_text(pipeline, "data/gold/ner/probe.jsonl", BUILT_IN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_errors_naming_the_line() {
        let bad_span = r#"{"id":"x","split":"dev","tag":"t","text":"Ann left.","entities":[{"start":0,"end":4,"text":"Ann","type":"PER","key":"a"}]}"#;
        let e = parse("f.jsonl", bad_span).unwrap_err();
        assert!(e.starts_with("f.jsonl:1:") && e.contains("not at"), "{e}");
        let bad_type = bad_span
            .replace("\"end\":4", "\"end\":3")
            .replace("PER", "PERSON");
        assert!(parse("f", &bad_type).unwrap_err().contains("PERSON"));
        let bad_split = bad_span.replace("dev", "train");
        assert!(parse("f", &bad_split).unwrap_err().contains("train"));
        assert!(parse("f", "\n").unwrap_err().contains("no passages"));
    }

    #[test]
    fn built_in_set_parses_and_has_both_halves() {
        let ps = parse("built-in", BUILT_IN).unwrap();
        assert!(ps.len() >= 150, "{}", ps.len());
        assert!(ps.iter().any(|p| p.split == "test") && ps.iter().any(|p| p.split == "dev"));
    }

    #[test]
    fn character_offsets_become_byte_offsets() {
        assert_eq!(byte_at("Orbán won", 6), Some(7));
        assert_eq!(byte_at("ab", 2), Some(2));
        assert_eq!(byte_at("ab", 3), None);
    }

    #[test]
    fn title_words_are_found_capitalized_only() {
        let gaz = Gazetteer::embedded();
        assert!(has_title_word("Defense Secretary Pete Hegseth", gaz));
        assert!(!has_title_word("Pete Hegseth", gaz));
    }

    #[test]
    fn scores_a_passage_from_the_pipeline() {
        let pipeline = Pipeline::load().unwrap();
        let line = r#"{"id":"t1","split":"test","tag":"t","text":"Angela Merkel visited Paris on Monday.","entities":[{"start":0,"end":13,"text":"Angela Merkel","type":"PER","key":"a"},{"start":22,"end":27,"text":"Paris","type":"LOC","key":"b"}]}"#;
        let r = evaluate_text(&pipeline, "t", line).unwrap();
        let get = |m: &str| r.metrics.iter().find(|x| x.metric == m).unwrap().value;
        assert_eq!(get("test_entities_right"), 100.0, "{}", r.text);
        assert_eq!(get("spurious"), 0.0, "{}", r.text);
    }
}
