//! Name mentions: the recognizer's spans made ready for clustering.
//!
//! CoNLL-trained recognizers leave titles out of person names ("Mr [Straw]")
//! but sometimes take them in, and stop before regnal numbers ("King
//! [Charles] III"). Here a person name loses any leading title (kept as the
//! mention's title), gains a following roman numeral, and loses a trailing
//! possessive; the words just before it are read for a title, a role noun
//! and a nationality ("Russian President Vladimir Putin",
//! "North Korean leader Kim Jong-un", "Russia's Sergei Lavrov").

use super::cluster::{edit_distance, norm_word};
use super::titles::{self, name_end, TitleRun, PARTICLES};
use newsgraph_doc::{Document, EntityType, Span};
use newsgraph_nlp::ner::gazetteer::{list, Gazetteer};
use newsgraph_nlp::ner::NerSpan;
use std::ops::Range;

/// One name in the text.
#[derive(Clone, Debug)]
pub(crate) struct NameMention {
    pub span: Span,
    /// The name as written (whitespace collapsed): "Democratic People's Republic".
    pub text: String,
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
    /// The title is an office read as a run ("Minister of National
    /// Defense"): a role even though no list holds the phrase.
    pub title_run: bool,
    /// The organization of that office: "Ministry of National Defense".
    pub affiliation: Option<String>,
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
fn phrase_before(
    words: &[&str],
    floor: usize,
    end: usize,
    gaz: &Gazetteer,
    want: u16,
) -> Option<usize> {
    (1..=4.min(end.saturating_sub(floor)))
        .rev()
        .map(|len| end - len)
        .find(|&s| gaz.flags(&words[s..end]) & want != 0)
}

/// The longest phrase of at most 3 tokens starting at `start` (and ending
/// before `limit`) whose flags intersect `want`; returns its end.
fn phrase_at(
    words: &[&str],
    start: usize,
    limit: usize,
    gaz: &Gazetteer,
    want: u16,
) -> Option<usize> {
    (1..=3.min(limit.saturating_sub(start)))
        .rev()
        .map(|len| start + len)
        .find(|&e| gaz.flags(&words[start..e]) & want != 0)
}

/// Heads that end a name of the form "X of Y" ("Democratic People's
/// Republic of Korea", "Bank of England"); the recognizer often stops at "of".
const OF_HEADS: &[&str] = &[
    "republic",
    "kingdom",
    "federation",
    "union",
    "states",
    "emirates",
    "university",
    "bank",
    "ministry",
    "department",
    "institute",
    "college",
    "school",
    "council",
    "commission",
    "court",
    "house",
    "league",
    "association",
    "academy",
    "society",
    "board",
    "chamber",
    "office",
    "museum",
    "church",
    "army",
    "party",
    "secretary",
    "minister",
    "governor",
    "mayor",
    "bishop",
];
/// Heads that make a name of the state kind.
const STATE_HEADS: &[&str] = &["republic", "kingdom", "federation", "states", "emirates"];
/// Heads that make a "person" span a group: "the Kim Dynasty".
const GROUP_HEADS: &[&str] = &[
    "dynasty",
    "family",
    "clan",
    "administration",
    "government",
    "regime",
    "foundation",
    "institute",
    "party",
    "campaign",
    "cabinet",
    "team",
];
/// Party words used like nationalities before a name ("Tory leader").
pub(crate) const PARTY_WORDS: &[&str] = &[
    "Tory",
    "Labour",
    "Conservative",
    "Liberal",
    "Democrat",
    "Democratic",
    "Republican",
    "Green",
    "Socialist",
    "Communist",
    "Lib",
];

/// A hyphenated role: "co-chairman", "vice-president", "ex-minister".
pub(crate) fn hyphenated_role(word: &str, gaz: &Gazetteer) -> bool {
    word.rsplit_once('-').is_some_and(|(_, tail)| {
        !tail.is_empty() && gaz.flags(&[tail]) & (list::ROLE | list::TITLE) != 0
    })
}

/// Lower-case words that can sit inside a name.
const NAME_CONNECTORS: &[&str] = &[
    "of", "de", "da", "del", "der", "di", "du", "van", "von", "la", "le", "al", "el", "bin", "ibn",
    "y", "the", "and", "for", "on", "'s", "’s", "&",
];
/// Words a name span never starts or ends with.
const EDGE_WORDS: &[&str] = &[
    "of", "the", "in", "and", "at", "for", "on", "to", "from", "by", "with", "a", "an", "or",
];

/// Capitalized sentence adverbs a recognizer glues to the name after them
/// ("Later Zelenskyy thanked …").
const LEADING_ADVERBS: &[&str] = &[
    "Later",
    "Earlier",
    "Meanwhile",
    "However",
    "Then",
    "Today",
    "Yesterday",
    "Now",
    "Also",
    "Separately",
    "Instead",
    "Afterwards",
    "Still",
];

fn lower(w: &str) -> String {
    w.to_lowercase()
}

/// Repairs the recognizer's spans with rules that hold for news English:
/// a span never crosses a comma nor starts or ends with a function word;
/// "X of Y" names are joined; a title before a name makes it a person; a
/// "person" ending in "Dynasty" or "Administration" is a group; a span that
/// is exactly a country is a GPE; an unknown name followed by an apposition
/// with a role noun ("Choe Son-hui, Kim's Foreign Minister,") is a person.
fn repair(
    doc: &Document,
    words: &[&str],
    spans: &[NerSpan],
    runs: &[TitleRun],
    gaz: &Gazetteer,
) -> Vec<(Range<usize>, EntityType)> {
    let raw: Vec<(Range<usize>, EntityType)> = spans
        .iter()
        .map(|ns| (doc.tokens_in(ns.span), ns.entity_type))
        .filter(|(r, _)| !r.is_empty())
        .collect();
    // Offices glued to names are split off first (issue 20): what the
    // recognizer made of "Minister of National Defense Kim Yong-hyun" is
    // cut to the name, and pieces of the office are no entities.
    let raw = titles::apply(raw, runs, words, gaz);
    let raw = join_particles(raw, words);
    let mut out: Vec<(Range<usize>, EntityType)> = Vec::new();
    for (r, ty) in raw {
        let mut r = r;
        let ns = NerSpan {
            span: doc.tokens[r.start].span.cover(doc.tokens[r.end - 1].span),
            entity_type: ty,
        };
        if let Some(k) = r.clone().find(|&k| words[k] == ",") {
            r.end = k;
        }
        // Inside a name, lower-case words are connectors ("Bank of
        // England", "Juan de la Cruz"); any other ends it.
        if let Some(k) = r.clone().skip(1).find(|&k| {
            words[k].chars().next().is_some_and(|c| c.is_lowercase())
                && !NAME_CONNECTORS.contains(&words[k])
                && !PARTICLES.contains(&words[k])
        }) {
            r.end = k;
        }
        while !r.is_empty()
            && (EDGE_WORDS.contains(&words[r.start])
                || (r.len() > 1 && LEADING_ADVERBS.contains(&words[r.start])))
        {
            r.start += 1;
        }
        while !r.is_empty() && EDGE_WORDS.contains(&lower(words[r.end - 1]).as_str()) {
            r.end -= 1;
        }
        // "Supreme Leader of North Korea" tagged whole: the office is a
        // role, only what follows "of" is a name.
        if ns.entity_type != EntityType::Person {
            if let Some(k) = r.clone().skip(1).take(3).find(|&k| words[k] == "of") {
                if gaz.flags(&words[r.start..k]) & (list::ROLE | list::TITLE) != 0 && k + 1 < r.end
                {
                    r.start = k + 1;
                    while r.start < r.end && words[r.start].eq_ignore_ascii_case("the") {
                        r.start += 1;
                    }
                }
            }
        }
        // A job title tagged as a name ("Munitions Industry Department
        // Director") describes a person; it is not an entity of its own.
        let titled = !r.is_empty()
            && ns.entity_type != EntityType::Person
            && gaz.flags(&words[r.end - 1..r.end]) & (list::ROLE | list::TITLE) != 0
            && gaz.flags(&words[r.clone()]) & (list::ORG | list::COUNTRY | list::PLACE) == 0;
        if !r.is_empty() && !titled {
            out.push((r, ns.entity_type));
        }
    }
    // "A of (the) B": join when A ends with a head that takes "of".
    let mut joined: Vec<(Range<usize>, EntityType)> = Vec::new();
    for (r, ty) in out {
        if let Some((prev, pty)) = joined.last_mut() {
            let gap = &words[prev.end..r.start.max(prev.end)];
            let of_gap = !gap.is_empty()
                && gap[0] == "of"
                && gap.len() <= 2
                && gap.iter().skip(1).all(|w| *w == "the");
            let head = lower(words[prev.end - 1]);
            if of_gap && *pty != EntityType::Person && OF_HEADS.contains(&head.as_str()) {
                prev.end = r.end;
                if STATE_HEADS.contains(&head.as_str()) {
                    *pty = EntityType::Gpe;
                }
                continue;
            }
        }
        joined.push((r, ty));
    }
    for (r, ty) in joined.iter_mut() {
        let w = &words[r.clone()];
        let first_flags = gaz.flags(&w[..1]);
        let last = lower(w[w.len() - 1]);
        if *ty == EntityType::Person {
            if w.len() > 1 && GROUP_HEADS.contains(&last.as_str()) {
                *ty = EntityType::Org;
            }
            continue;
        }
        // A title inside or right before: "Queen Elizabeth II", "King [Charles III]".
        // "Lord Ashcroft", "Sir Menzies Campbell": an honorific and a
        // capitalized word that is no office ("Lord Chancellor").
        let rest_flags = if w.len() > 1 { gaz.flags(&w[1..2]) } else { 0 };
        let titled_inside = w.len() > 1
            && starts_upper(w[0])
            && starts_upper(w[1])
            && rest_flags & (list::TITLE | list::ROLE) == 0
            && ((first_flags & list::HONORIFIC != 0)
                || (first_flags & list::TITLE != 0
                    && (rest_flags & (list::FIRST_NAME | list::SURNAME) != 0
                        || is_regnal(w[w.len() - 1]))));
        let titled_before = r.start > 0
            && starts_upper(words[r.start - 1])
            && gaz.flags(&words[r.start - 1..r.start]) & (list::TITLE | list::HONORIFIC) != 0
            && (first_flags & (list::FIRST_NAME | list::SURNAME) != 0 || is_regnal(w[w.len() - 1]))
            && gaz.flags(w) & (list::COUNTRY | list::PLACE | list::ORG) == 0;
        if titled_inside || titled_before {
            *ty = EntityType::Person;
            continue;
        }
        if gaz.flags(w) & list::COUNTRY != 0 && gaz.country_code(w).is_some() {
            *ty = EntityType::Gpe;
            continue;
        }
        if matches!(*ty, EntityType::Misc | EntityType::Org)
            && (2..=3).contains(&w.len())
            && w.iter().all(|x| starts_upper(x))
            && gaz.flags(w) & list::ORG == 0
            && appositive_role(words, r.end, gaz)
        {
            *ty = EntityType::Person;
        }
    }
    joined
}

/// Joins names split at a lower-case particle ("Mohammed" "bin" "Salman",
/// "Moqtada" "al" "-" "Sadr"): two spans with only particles between them
/// become one person when either is one; a person followed by a particle
/// and a capitalized word takes them in; a person written right after
/// "al-"/"el-" takes the prefix.
fn join_particles(
    spans: Vec<(Range<usize>, EntityType)>,
    words: &[&str],
) -> Vec<(Range<usize>, EntityType)> {
    let is_particle_gap = |gap: &[&str]| {
        !gap.is_empty()
            && gap.len() <= 3
            && PARTICLES.contains(&gap[0])
            && gap.iter().all(|w| PARTICLES.contains(w) || *w == "-")
    };
    let capitalized = |k: usize| {
        words[k].chars().next().is_some_and(char::is_uppercase)
            && !matches!(words[k], "The" | "A" | "An")
    };
    let mut out: Vec<(Range<usize>, EntityType)> = Vec::with_capacity(spans.len());
    for (mut r, ty) in spans {
        let floor = out.last().map_or(0, |(p, _)| p.end);
        if ty == EntityType::Person {
            // Only across a particle ("[Carlos] dos Santos"): other
            // capitalized words after a name are often the next name or a
            // headline's next word.
            if r.end < words.len() && PARTICLES.contains(&words[r.end]) {
                r.end = name_end(words, r.end, words.len().min(r.end + 4)).max(r.end);
            }
            if r.start >= floor + 2
                && words[r.start - 1] == "-"
                && matches!(words[r.start - 2], "al" | "el")
            {
                r.start -= 2;
            }
            // "Mohammed bin [Salman]": a capitalized word before a particle
            // starts the name (not a title: "Prince bin Salman").
            if r.start >= floor + 2
                && PARTICLES.contains(&words[r.start - 1])
                && capitalized(r.start - 2)
                && !LEADING_ADVERBS.contains(&words[r.start - 2])
            {
                r.start -= 2;
            }
        }
        if let Some((prev, pty)) = out.last_mut() {
            // The gap, or the particle the second span starts with
            // ("[Ali bin Hamad] [al-Marri]").
            let gap = &words[prev.end.min(r.start)..r.start];
            let starts_with_particle = gap.is_empty() && PARTICLES.contains(&words[r.start]);
            // "bin", "ibn" and "bint" only ever join a person's names, so
            // "[Salem] bin [Breik]" is one person whatever the recognizer said.
            let patronymic = matches!(gap.first(), Some(&("bin" | "ibn" | "bint")));
            if prev.end <= r.start
                && (is_particle_gap(gap) || starts_with_particle)
                && (*pty == EntityType::Person || ty == EntityType::Person || patronymic)
            {
                prev.end = r.end;
                *pty = EntityType::Person;
                continue;
            }
        }
        out.push((r, ty));
    }
    out
}

/// True when ", (the|X's) … ROLE" follows position `end` within a clause.
fn appositive_role(words: &[&str], end: usize, gaz: &Gazetteer) -> bool {
    if end >= words.len() || words[end] != "," {
        return false;
    }
    let stop = (end + 1..words.len().min(end + 8))
        .find(|&k| matches!(words[k], "," | "." | ";" | ":" | "\"" | "“" | "”"))
        .unwrap_or(words.len().min(end + 8));
    (end + 1..stop).any(|k| {
        gaz.flags(&words[k..k + 1]) & (list::ROLE | list::TITLE) != 0
            || (k + 2 <= stop && gaz.flags(&words[k..k + 2]) & (list::ROLE | list::TITLE) != 0)
    }) && !full_name_at(words, end + 1, stop, gaz)
}

/// True when a first name followed by a capitalized word starts at `k`:
/// "X, John Smith, …" is a list of names, not an apposition.
fn full_name_at(words: &[&str], k: usize, stop: usize, gaz: &Gazetteer) -> bool {
    k + 1 < stop
        && gaz.flags(&words[k..k + 1]) & list::FIRST_NAME != 0
        && starts_upper(words[k + 1])
}

/// One person's surname in other spellings (issue 20): once an article
/// names "Volodymyr Zelenskyy", a lone "Zelensky" the recognizer missed, or
/// read as an organization, is that person too. A word counts when it equals
/// the last word of a fuller person name, or is one letter from it (five
/// letters or more); places and known organizations keep their type.
fn recover_variants(
    mut ranges: Vec<(Range<usize>, EntityType)>,
    words: &[&str],
    gaz: &Gazetteer,
) -> Vec<(Range<usize>, EntityType)> {
    let surnames: Vec<String> = ranges
        .iter()
        .filter(|(r, ty)| *ty == EntityType::Person && r.len() > 1)
        .map(|(r, _)| norm_word(&name_words(&words[r.clone()]).pop().unwrap_or_default()))
        .filter(|w| w.chars().count() >= 5)
        .collect();
    if surnames.is_empty() {
        return ranges;
    }
    let is_variant = |w: &str| {
        let n = norm_word(w);
        n.chars().count() >= 5
            && surnames
                .iter()
                .any(|s| *s == n || edit_distance(s, &n, 1) <= 1)
    };
    let known = |w: &str| gaz.flags(&[w]) & (list::ORG | list::COUNTRY | list::PLACE) != 0;
    for (r, ty) in ranges.iter_mut() {
        if matches!(*ty, EntityType::Org | EntityType::Misc)
            && r.len() == 1
            && is_variant(words[r.start])
            && !known(words[r.start])
        {
            *ty = EntityType::Person;
        }
    }
    let mut covered = vec![false; words.len()];
    for (r, _) in &ranges {
        covered[r.clone()].iter_mut().for_each(|c| *c = true);
    }
    let mut added = false;
    for (k, w) in words.iter().enumerate() {
        // A word before another name or a role noun modifies it: "Houthi
        // leader Abdul-Malik al-Houthi" is no second mention.
        let next_upper = words.get(k + 1).is_some_and(|n| {
            n.chars().next().is_some_and(char::is_uppercase)
                || gaz.flags(&[n]) & (list::ROLE | list::TITLE) != 0
        });
        if !covered[k]
            && w.chars().next().is_some_and(char::is_uppercase)
            && !next_upper
            && is_variant(w)
            && !known(w)
        {
            ranges.push((k..k + 1, EntityType::Person));
            added = true;
        }
    }
    if added {
        ranges.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    }
    ranges
}

/// The words of a name, a hyphen split off by the tokenizer joined back
/// ("al" "-" "Sadr" → "al-Sadr"), so that "al-Sadr" and "Sadr" share a last
/// word for clustering.
fn name_words(tokens: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut glue = false;
    for (i, t) in tokens.iter().enumerate() {
        if *t == "-" && i > 0 && i + 1 < tokens.len() {
            if let Some(last) = out.last_mut() {
                last.push('-');
                glue = true;
                continue;
            }
        }
        match out.last_mut() {
            Some(last) if glue => last.push_str(t),
            _ => out.push(t.to_string()),
        }
        glue = false;
    }
    out
}

/// Builds the mentions from the recognizer's spans, in text order.
pub(crate) fn build(doc: &Document, spans: &[NerSpan], gaz: &Gazetteer) -> Vec<NameMention> {
    let words: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
    let mut runs: Vec<TitleRun> = Vec::new();
    for sent in &doc.sentences {
        runs.extend(titles::find(&words, sent.token_range(), gaz));
    }
    if !runs.is_empty() {
        let ranges: Vec<(Range<usize>, EntityType)> = spans
            .iter()
            .map(|ns| (doc.tokens_in(ns.span), ns.entity_type))
            .collect();
        titles::anchor_names(&mut runs, &ranges, &words);
    }
    let mut out: Vec<NameMention> = Vec::new();
    let ranges = recover_variants(repair(doc, &words, spans, &runs, gaz), &words, gaz);
    for (r, entity_type) in ranges {
        let run = runs
            .iter()
            .find(|run| run.name.as_ref().is_some_and(|n| n.start == r.start));
        let ns = NerSpan {
            span: doc.tokens[r.start].span.cover(doc.tokens[r.end - 1].span),
            entity_type,
        };
        let sent = doc
            .sentence_of_token(r.start)
            .map(|s| doc.sentences[s].token_range());
        let sent = sent.unwrap_or(0..words.len());
        let (mut start, mut end) = (r.start, r.end);
        let mut title = None;
        let mut premod_start = None;
        while end > start && is_possessive(words[end - 1]) {
            end -= 1;
        }
        if let Some(run) = run.filter(|_| ns.entity_type == EntityType::Person) {
            title = Some(run.title_text.clone());
            premod_start = Some(run.title.start);
            if end < sent.end && is_regnal(words[end]) {
                end += 1;
            }
        } else if ns.entity_type == EntityType::Person {
            // A party or nationality word inside the span ("Tory Lord
            // Campbell") belongs before the name.
            while end - start > 1
                && (gaz.flags(&words[start..start + 1]) & list::DEMONYM != 0
                    || PARTY_WORDS.contains(&words[start]))
            {
                start += 1;
            }
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
                } else if start > sent.start && hyphenated_role(words[start - 1], gaz) {
                    // "co-chairman", "vice-president", "ex-minister".
                    title = Some(words[start - 1].to_string());
                    premod_start = Some(start - 1);
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
            if let Some(s) =
                phrase_before(&words, sent.start, k, gaz, list::DEMONYM | list::COUNTRY)
            {
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
            text: doc
                .span_text(span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            tokens: start..end,
            entity_type: ns.entity_type,
            words: name_words(&words[start..end]),
            title,
            nationality,
            premod,
            title_run: run.is_some(),
            affiliation: run.and_then(|r| r.affiliation.clone()),
        });
    }
    // Overlapping spans (a recognizer gives none, repairs may): the
    // longer one wins.
    out.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    out.dedup_by(|a, b| a.span.overlaps(b.span));
    out
}
