//! `newsgraph eval quotes --meantime DIR`: scores speakers against the speech
//! events of MEANTIME (Wikinews, CAT XML).
//!
//! MEANTIME marks speech as an event mention (pred "say", "announce", …) with
//! a PropBank Arg0 (the speaker mention) and Arg1 (the head of the content,
//! not its full extent). So the comparison is: a gold speech event with both
//! arguments (content also via an SLINK to the reported event) counts as found when newsgraph has a quote whose cue is that
//! event's token; the content is right when the quote's span holds the Arg1
//! head; the speaker is right when newsgraph's speaker words overlap the Arg0
//! mention, or its canonical name shares a word with the Arg0 entity's
//! descriptor (coreference: "he" → "Steve Jobs").
//!
//! The text is rebuilt from the tokens ([`crate::meantime_text`], the text
//! the event gold set's MEANTIME offsets index too).

use crate::meantime_text::{self, attr, unescape, Token};
use crate::{Report, Scale};
use newsgraph_doc::Span;
use newsgraph_extract::cues;
use newsgraph_pipeline::Pipeline;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;

struct GoldSpeech {
    cue: Vec<usize>,
    speaker: Vec<usize>,
    speaker_name: String,
    content: Vec<usize>,
}

#[derive(Default)]
struct Tally {
    gold: usize,
    found: usize,
    with_content: usize,
    content: usize,
    speaker: usize,
}

/// Scores the pipeline's quotes on the MEANTIME CAT XML files below `dir`.
/// Metrics, in percent: `meantime_found`, `meantime_content` and
/// `meantime_speaker_accuracy`.
pub fn evaluate(pipeline: &Pipeline, dir: &Path) -> Result<Report, String> {
    let files = crate::corpus::files_with_extension(dir, "xml")?;
    if files.is_empty() {
        return Err(format!("{}: no MEANTIME .xml files", dir.display()));
    }
    let mut t = Tally::default();
    for f in &files {
        let xml = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let Some((tokens, gold)) = parse(&xml) else {
            continue;
        };
        // The text rebuilt from the tokens, and where each token is in it.
        let (article, offsets) = meantime_text::article(&f.display().to_string(), &tokens);
        let mut doc = pipeline.analyze(article);
        super::polnear::requote(&mut doc);
        let cover = |idx: &[usize]| -> Option<Span> {
            let spans: Vec<Span> = idx
                .iter()
                .filter_map(|&i| offsets.get(i).copied())
                .collect();
            let first = *spans.first()?;
            Some(spans.iter().fold(first, |a, b| a.cover(*b)))
        };
        for g in &gold {
            t.gold += 1;
            let (Some(cue), Some(speaker)) = (cover(&g.cue), cover(&g.speaker)) else {
                continue;
            };
            let content = cover(&g.content);
            let Some(q) = doc
                .quotes
                .iter()
                .find(|q| q.cue_span.is_some_and(|c| c.overlaps(cue)))
            else {
                // `NEWSGRAPH_EVAL_DEBUG=1`: each missed speech event, its cue
                // and sentence, for error analysis.
                if std::env::var_os("NEWSGRAPH_EVAL_DEBUG").is_some() {
                    let sentence = doc
                        .sentence_of_token(doc.tokens.partition_point(|t| t.span.end <= cue.start))
                        .map_or("", |s| doc.span_text(doc.sentences[s].span));
                    eprintln!("MISS meantime {:?}: {sentence}", doc.span_text(cue));
                }
                continue;
            };
            t.found += 1;
            if let Some(content) = content {
                t.with_content += 1;
                if q.span.overlaps(content) {
                    t.content += 1;
                }
            }
            let by_span = q.speaker_span.is_some_and(|s| s.overlaps(speaker));
            let by_name = q.speaker.as_deref().is_some_and(|name| {
                name.split_whitespace()
                    .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .any(|w| g.speaker_name.split_whitespace().any(|d| d == w))
            });
            if by_span || by_name {
                t.speaker += 1;
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let mut report = Report::new("quotes");
    report.metric("meantime_found", pct(t.found, t.gold), Scale::Percent);
    report.metric(
        "meantime_content",
        pct(t.content, t.with_content),
        Scale::Percent,
    );
    report.metric(
        "meantime_speaker_accuracy",
        pct(t.speaker, t.found),
        Scale::Percent,
    );
    report.text = format!(
        "MEANTIME speech events ({} docs): gold {} with a speaker (Arg0)\n\
         found (a quote on the cue) {:.1}% ({}/{})\n\
         content holds the Arg1/SLINK head {:.1}% of found with content ({}/{})\n\
         speaker accuracy {:.1}% of found ({}/{})\n",
        files.len(),
        t.gold,
        pct(t.found, t.gold),
        t.found,
        t.gold,
        pct(t.content, t.with_content),
        t.content,
        t.with_content,
        pct(t.speaker, t.found),
        t.speaker,
        t.found
    );
    Ok(report)
}

/// Tokens in t_id order, and the gold speech events.
fn parse(xml: &str) -> Option<(Vec<Token>, Vec<GoldSpeech>)> {
    // Mentions may be self-closing (no anchors), so the body is optional.
    let mention_re = Regex::new(
        r"(?s)<(ENTITY_MENTION|EVENT_MENTION) ([^>]*?)(?:/>|>(.*?)</(?:ENTITY_MENTION|EVENT_MENTION)>)",
    )
    .ok()?;
    let anchor_re = Regex::new(r#"<token_anchor t_id="(\d+)"/>"#).ok()?;
    let entity_re = Regex::new(r"<ENTITY ([^>]*)/>").ok()?;
    let rel_re = Regex::new(r#"(?s)<(HAS_PARTICIPANT|REFERS_TO|SLINK)([^>]*)>\s*<source m_id="(\d+)"/>\s*<target m_id="(\d+)"/>"#).ok()?;

    let tokens = meantime_text::tokens(xml)?;
    // Anchors name tokens by t_id; the gold works with positions in t_id order.
    let index: HashMap<u32, usize> = tokens.iter().enumerate().map(|(i, t)| (t.id, i)).collect();

    let mut mention_tokens: HashMap<String, Vec<usize>> = HashMap::new();
    let mut event_pred: HashMap<String, String> = HashMap::new();
    for c in mention_re.captures_iter(xml) {
        let a = c.get(2)?.as_str();
        let Some(id) = attr(a, "m_id") else { continue };
        let toks: Vec<usize> = anchor_re
            .captures_iter(c.get(3).map_or("", |m| m.as_str()))
            .filter_map(|x| x.get(1)?.as_str().parse::<u32>().ok())
            .filter_map(|t| index.get(&t).copied())
            .collect();
        if c.get(1)?.as_str() == "EVENT_MENTION" {
            event_pred.insert(id.to_string(), attr(a, "pred").unwrap_or("").to_string());
        }
        mention_tokens.insert(id.to_string(), toks);
    }
    let mut descriptors: HashMap<String, String> = HashMap::new();
    for c in entity_re.captures_iter(xml) {
        let a = c.get(1)?.as_str();
        if let (Some(id), Some(d)) = (attr(a, "m_id"), attr(a, "TAG_DESCRIPTOR")) {
            descriptors.insert(id.to_string(), unescape(d));
        }
    }
    let mut arg0: HashMap<String, String> = HashMap::new();
    let mut arg1: HashMap<String, String> = HashMap::new();
    let mut refers: HashMap<String, String> = HashMap::new();
    let mut slink: HashMap<String, String> = HashMap::new();
    for c in rel_re.captures_iter(xml) {
        let (kind, attrs) = (c.get(1)?.as_str(), c.get(2)?.as_str());
        let (src, tgt) = (
            c.get(3)?.as_str().to_string(),
            c.get(4)?.as_str().to_string(),
        );
        if kind == "REFERS_TO" {
            refers.insert(src, tgt);
        } else if kind == "SLINK" {
            // Reported content is often a subordinated event, not an Arg1.
            slink.entry(src).or_insert(tgt);
        } else {
            match attr(attrs, "sem_role") {
                Some("Arg0") => {
                    arg0.insert(src, tgt);
                }
                Some("Arg1") => {
                    arg1.insert(src, tgt);
                }
                _ => {}
            }
        }
    }
    let mut gold = Vec::new();
    for (ev, pred) in &event_pred {
        if pred.is_empty() || !cues::is_speech_cue(pred, pred) {
            continue;
        }
        let Some(sp) = arg0.get(ev) else { continue };
        let ct = arg1.get(ev).or_else(|| slink.get(ev));
        let name = refers
            .get(sp)
            .and_then(|inst| descriptors.get(inst))
            .cloned()
            .unwrap_or_default();
        gold.push(GoldSpeech {
            cue: mention_tokens.get(ev).cloned().unwrap_or_default(),
            speaker: mention_tokens.get(sp).cloned().unwrap_or_default(),
            speaker_name: name,
            content: ct
                .and_then(|c| mention_tokens.get(c))
                .cloned()
                .unwrap_or_default(),
        });
    }
    Some((tokens, gold))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tokens_speech_events_and_speakers() {
        let xml = r#"<Document>
<token number="0" sentence="0" t_id="1">Title</token>
<token number="0" sentence="1" t_id="2">Ann</token>
<token number="1" sentence="1" t_id="3">said</token>
<token number="2" sentence="1" t_id="4">sales</token>
<token number="3" sentence="1" t_id="5">rose</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="2"/></ENTITY_MENTION>
<EVENT_MENTION m_id="2" pred="say"><token_anchor t_id="3"/></EVENT_MENTION>
<EVENT_MENTION m_id="3" pred="rise"><token_anchor t_id="5"/></EVENT_MENTION>
<ENTITY TAG_DESCRIPTOR="Ann Lee" ent_type="PER" m_id="9"/>
</Markables>
<Relations>
<HAS_PARTICIPANT r_id="1" sem_role="Arg0"><source m_id="2"/><target m_id="1"/></HAS_PARTICIPANT>
<HAS_PARTICIPANT r_id="2" sem_role="Arg1"><source m_id="2"/><target m_id="3"/></HAS_PARTICIPANT>
<REFERS_TO r_id="3"><source m_id="1"/><target m_id="9"/></REFERS_TO>
</Relations></Document>"#;
        let (tokens, gold) = parse(xml).unwrap();
        assert_eq!(tokens.len(), 5);
        assert_eq!(gold.len(), 1);
        assert_eq!(gold[0].cue, vec![2]);
        assert_eq!(gold[0].speaker, vec![1]);
        assert_eq!(gold[0].content, vec![4]);
        assert_eq!(gold[0].speaker_name, "Ann Lee");
    }
}
