//! Name mentions: the recognizer's spans made ready for clustering.
//!
//! CoNLL-trained recognizers leave titles out of person names ("Mr [Straw]")
//! but sometimes take them in, and stop before regnal numbers ("King
//! [Charles] III"). Here a person name loses any leading title (kept as the
//! mention's title), gains a following roman numeral, and loses a trailing
//! possessive; the words just before it are read for a title, a role noun
//! and a nationality ("Russian President Vladimir Putin",
//! "North Korean leader Kim Jong-un", "Russia's Sergei Lavrov").

use newsgraph_doc::{Document, EntityType, Span};
use newsgraph_nlp::ner::gazetteer::{list, Gazetteer};
use newsgraph_nlp::ner::NerSpan;
use std::ops::Range;

/// One name in the text.
#[derive(Clone, Debug)]
pub(crate) struct NameMention {
    pub span: Span,
    pub tokens: Range<usize>,
    pub entity_type: EntityType,
    /// The name's words, possessive dropped: ["Kim", "Jong-un"].
    pub words: Vec<String>,
    /// A title or role just before the name: "King", "Foreign Minister".
    pub title: Option<String>,
    /// Country code and name of a nationality word before the name.
    pub nationality: Option<(String, String)>,
    /// The span of the premodifiers (title, nationality), if any.
    pub premod: Option<Span>,
}

/// True for a roman numeral used as a regnal number ("II", "XIV").
pub(crate) fn is_regnal(word: &str) -> bool {
    !word.is_empty() && word.len() <= 5 && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

fn is_possessive(word: &str) -> bool {
    matches!(word, "'s" | "’s" | "'" | "’" | "'S")
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// The longest phrase of at most 4 tokens ending just before `end` (and not
/// before `floor`) whose flags intersect `want`; returns its start.
fn phrase_before(words: &[&str], floor: usize, end: usize, gaz: &Gazetteer, want: u16) -> Option<usize> {
    (1..=4.min(end.saturating_sub(floor)))
        .rev()
        .map(|len| end - len)
        .find(|&s| gaz.flags(&words[s..end]) & want != 0)
}

/// The longest phrase of at most 3 tokens starting at `start` (and ending
/// before `limit`) whose flags intersect `want`; returns its end.
fn phrase_at(words: &[&str], start: usize, limit: usize, gaz: &Gazetteer, want: u16) -> Option<usize> {
    (1..=3.min(limit.saturating_sub(start)))
        .rev()
        .map(|len| start + len)
        .find(|&e| gaz.flags(&words[start..e]) & want != 0)
}

/// Builds the mentions from the recognizer's spans, in text order.
pub(crate) fn build(doc: &Document, spans: &[NerSpan], gaz: &Gazetteer) -> Vec<NameMention> {
    let words: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
    let mut out: Vec<NameMention> = Vec::new();
    for ns in spans {
        let r = doc.tokens_in(ns.span);
        if r.is_empty() {
            continue;
        }
        let sent = doc.sentence_of_token(r.start).map(|s| doc.sentences[s].token_range());
        let sent = sent.unwrap_or(0..words.len());
        let (mut start, mut end) = (r.start, r.end);
        let mut title = None;
        let mut premod_start = None;
        while end > start && is_possessive(words[end - 1]) {
            end -= 1;
        }
        if ns.entity_type == EntityType::Person {
            // A title inside the span ("President Putin" tagged whole).
            if let Some(e) = phrase_at(&words, start, end, gaz, list::TITLE | list::HONORIFIC) {
                if e < end && starts_upper(words[start]) {
                    title = Some(words[start..e].join(" "));
                    premod_start = Some(start);
                    start = e;
                }
            }
            if end < sent.end && is_regnal(words[end]) {
                end += 1;
            }
            // A title or role noun just before the name.
            if title.is_none() {
                let want = list::TITLE | list::HONORIFIC | list::ROLE;
                if let Some(s) = phrase_before(&words, sent.start, start, gaz, want) {
                    let t = &words[s..start];
                    // Lower-case words are role nouns ("leader Kim"); a title
                    // must be capitalized, or "general" in "the general Kim"
                    // would read as a rank.
                    if gaz.flags(t) & list::ROLE != 0 || starts_upper(t[0]) {
                        title = Some(t.join(" "));
                        premod_start = Some(s);
                    }
                }
            }
        }
        if end <= start {
            continue;
        }
        // A nationality or country (with possessive) before the name or title.
        let mut nationality = None;
        if matches!(ns.entity_type, EntityType::Person | EntityType::Org) {
            let mut k = premod_start.unwrap_or(start);
            if k > sent.start && is_possessive(words[k - 1]) {
                k -= 1;
            }
            if let Some(s) = phrase_before(&words, sent.start, k, gaz, list::DEMONYM | list::COUNTRY) {
                if let Some(code) = gaz.country_code(&words[s..k]) {
                    let country = gaz.country_name(code).unwrap_or(code).to_string();
                    nationality = Some((code.to_string(), country));
                    premod_start = Some(s);
                }
            }
        }
        let span = doc.tokens[start].span.cover(doc.tokens[end - 1].span);
        let premod = premod_start.map(|s| doc.tokens[s].span.cover(doc.tokens[start - 1].span));
        out.push(NameMention {
            span,
            tokens: start..end,
            entity_type: ns.entity_type,
            words: words[start..end].iter().map(|w| w.to_string()).collect(),
            title,
            nationality,
            premod,
        });
    }
    out.sort_by_key(|m| m.span);
    out.dedup_by(|a, b| a.span.overlaps(b.span));
    out
}
