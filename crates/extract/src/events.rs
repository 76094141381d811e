//! Events: who did what to whom, coded in CAMEO (with QuadClass, Goldstein
//! and PLOVER) from the dependency parse, with actor codes.
//!
//! Reads `tokens` (with tags, lemmas and the UD parse), `sentences`,
//! `entities`, `times`, `quotes` and the publication date; writes `events`
//! and sets `Entity::actor` for the entities it can code. Steps:
//!
//! 1. [`actors`]: entities get actor codes from the dictionaries (dated by the
//!    publication date) or from their roles and affiliations.
//! 2. Discards: a sentence with a discard phrase is skipped; a story discard
//!    (sports, entertainment) skips the article. So is a sentence where no
//!    actor more than a bare role ("police": `---COP`) can be found
//!    ([`sentences_to_code`]): every event kept has one.
//!    These are decided without the parse, so the pipeline parses only the
//!    sentences left (see `crate::plan_parse`) and codes them
//!    ([`run_planned`]).
//! 3. [`coder`]: each sentence's verbs are coded against the PETRARCH-2 verb
//!    patterns and combined (transformations, PICO, negation, reported
//!    speech); see that module for the rules. Event nouns with both actors
//!    in their own phrase ("talks between A and B") are coded by
//!    [`nominal`].
//! 4. Each event gets its tables (QuadClass, Goldstein, PLOVER), its date
//!    (a full date in its sentence, else the publication date), modality
//!    cues, the sentence as evidence, and identical events are merged.
//!
//! There is no fallback code: a verb the dictionary does not know codes
//! nothing. No I/O here; the evaluations on the PETRARCH, PLOVER, CASE 2021
//! and NGEC sets are `newsgraph-eval`'s.

mod actors;
mod args;
mod coder;
#[cfg(test)]
pub(crate) mod conllu;
pub mod features;
mod nominal;
mod patterns;
mod raw;
pub mod scorer;
mod senses;
mod setting;
mod speech;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_actors;
#[cfg(test)]
mod tests_coder;
#[cfg(test)]
mod tests_speech;
mod tree;

use chrono::{Datelike, NaiveDate};
use newsgraph_dict::Dictionaries;
use newsgraph_doc::{Deprel, Document, Event, Modality, Span, TimexType};
use tree::Tree;

/// Codes the events of a document (see the module header), deciding
/// itself which sentences to code: for a caller without the pipeline's
/// parse plan.
pub fn run(doc: &mut Document, dicts: &Dictionaries) {
    code_entities(doc, dicts);
    let to_code = sentences_to_code(doc, dicts);
    let events = code_events(doc, dicts, &to_code);
    doc.events.extend(events.into_iter().map(|(e, _)| e));
}

/// Steps 3 and 4 of [`run`] for a document whose entities have their
/// codes ([`code_entities`]), coding the sentences its parse plan marks
/// (`doc.parse_plan.code`, from [`sentences_to_code`] through
/// `crate::plan_parse`: worked out once for both the parse step and
/// this). A document without a plan codes nothing.
pub fn run_planned(doc: &mut Document, dicts: &Dictionaries) {
    let events = code_events(doc, dicts, &doc.parse_plan.code);
    doc.events.extend(events.into_iter().map(|(e, _)| e));
}

/// The events [`run_planned`] codes for an analyzed document (its parse
/// and plan in place), each with the features its confidence was scored
/// from: for training the scorer. `doc.events` is not read or changed.
pub fn scored_events(doc: &Document, dicts: &Dictionaries) -> Vec<(Event, features::Features)> {
    code_events(doc, dicts, &doc.parse_plan.code)
}

/// The events of the sentences `to_code` marks, merged, each scored
/// ([`scorer`]) and with the features it was scored from.
fn code_events(
    doc: &Document,
    dicts: &Dictionaries,
    to_code: &[bool],
) -> Vec<(Event, features::Features)> {
    let date = doc.article.published.date;
    let actor_date = setting::actor_date(doc, dicts);
    let home = setting::home_country(doc);
    type Found = (
        usize,
        raw::RawEvent,
        (Modality, Vec<String>),
        features::Features,
    );
    let mut found: Vec<Found> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        if !to_code.get(si).copied().unwrap_or(false) {
            continue;
        }
        let tree = Tree::new(doc, s.token_start as usize, s.token_end as usize);
        for mut e in coder::code_sentence(dicts, &tree, actor_date) {
            let role_before = (
                e.source.code.starts_with("---"),
                e.target.as_ref().is_some_and(|t| t.code.starts_with("---")),
            );
            if !setting::settle(&mut e, home.as_deref()) {
                continue;
            }
            // Two actors the article's country could not place ("a woman
            // told reporters" in a story about no one country) say nothing
            // about political actors, nor does a person nothing places
            // (`---` with no role: no country, no office).
            let unplaced = |c: &str| c == "---";
            if (e.source.code.starts_with("---")
                && e.target.as_ref().is_none_or(|t| t.code.starts_with("---")))
                || unplaced(&e.source.code)
                || e.target.as_ref().is_some_and(|t| unplaced(&t.code))
            {
                continue;
            }
            let cue = e.reported_by.map(|v| tree.upper(v).to_lowercase());
            // The verb's own sentence is nearly always this one, whose tree
            // is at hand.
            let modality = match doc.sentence_of_token(e.verb) {
                Some(vs) if vs == si => modality(&tree, &e, cue),
                _ => modality_elsewhere(doc, &e, cue),
            };
            let context = features::Context {
                tree: &tree,
                raw: &e,
                modality: modality.0,
                role_before,
                home: home.as_deref(),
                sentence: si,
            };
            let f = features::features(doc, &context);
            found.push((si, e, modality, f));
        }
    }
    // Counts over all the article's events: how crowded the sentence is,
    // and how often the article codes the same dyad and code.
    let counts: Vec<(usize, usize)> = found
        .iter()
        .map(|(si, e, ..)| {
            let in_sentence = found.iter().filter(|(sj, ..)| sj == si).count();
            let mentions = found
                .iter()
                .filter(|(_, o, ..)| {
                    o.code == e.code
                        && o.source.code == e.source.code
                        && o.target.as_ref().map(|t| &t.code) == e.target.as_ref().map(|t| &t.code)
                })
                .count();
            (in_sentence, mentions)
        })
        .collect();
    let scorer = scorer::embedded();
    let mut events: Vec<(Event, features::Features)> = Vec::new();
    for ((si, raw, (modality, cues), mut feats), (in_sentence, mentions)) in
        found.into_iter().zip(counts)
    {
        features::add_counts(&mut feats, in_sentence, mentions);
        let Some(sentence) = doc.sentences.get(si) else {
            continue;
        };
        let event_date = event_day(doc, sentence.span, raw.verb).or(date);
        let info = dicts.cameo.get(&raw.code);
        let plover = dicts.cameo.plover(&raw.code);
        // PLOVER's AGREE is also the act of agreeing or promising itself.
        let intended = modality == Modality::Expected
            || doc
                .tokens
                .get(raw.verb)
                .is_some_and(|t| COMMIT_VERBS.contains(&t.lemma.to_uppercase().as_str()));
        let event = Event {
            source: Some(raw.source.code.clone()),
            target: raw.target.as_ref().map(|t| t.code.clone()),
            code: raw.code.clone(),
            quad_class: info.map_or(newsgraph_dict::cameo::quad_class(&raw.code), |i| {
                i.quad_class
            }),
            goldstein: info.map_or(0.0, |i| i.goldstein),
            date: event_date,
            place: None,
            modality,
            modality_cues: cues,
            evidence: sentence.span,
            plover: plover.map(|p| plover_event(&p.event, intended).to_string()),
            plover_mode: plover.and_then(|p| (!p.mode.is_empty()).then(|| p.mode.clone())),
            pattern: Some(raw.pattern.clone()),
            source_name: Some(raw.source.name.clone()),
            target_name: raw.target.as_ref().map(|t| t.name.clone()),
            confidence: scorer.score(&feats),
        };
        // The same dyad, code and date said twice in one article is one
        // event, as sure as its surest mention.
        let dup = events.iter_mut().find(|(e, _)| {
            e.source == event.source
                && e.target == event.target
                && e.code == event.code
                && e.date == event.date
        });
        // (The first mention keeps its features, so what the scorer is
        // trained on does not depend on the scorer in use.)
        match dup {
            Some((e, _)) => e.confidence = e.confidence.max(event.confidence),
            None => events.push((event, feats)),
        }
    }
    events
}

/// A bare four-digit year ("1991").
fn year_of(phrase: &str) -> Option<i32> {
    (phrase.len() == 4 && phrase.bytes().all(|b| b.is_ascii_digit()))
        .then(|| phrase.parse().ok())
        .flatten()
}

/// Phoenix's discard list drops every sentence naming a year from 1914 to
/// 2014, meant for retrospectives ("In 1991, Iraq invaded Kuwait"). A year
/// that names a thing ("a 1991 water-sharing accord", "the 2005 election")
/// or is the article's own year or the one before dates no retrospective:
/// the sentence is kept for what it reports now.
fn year_keeps_sentence(words: &actors::Words, i: usize, year: i32, now: Option<i32>) -> bool {
    let attributive = i > 0
        && matches!(
            words.get(i - 1).to_lowercase().as_str(),
            "a" | "an" | "the" | "its" | "his" | "her" | "their" | "our" | "this" | "that"
        );
    attributive || now.is_some_and(|n| year >= n - 1)
}

/// `Some(true)`: discard the story; `Some(false)`: the sentence.
fn discard(dicts: &Dictionaries, tree: &Tree, now: Option<i32>) -> Option<bool> {
    let toks: Vec<usize> = (tree.start..tree.end).collect();
    let words = actors::words_of(tree, &toks);
    let max = dicts.discards.max_words().min(8);
    let mut result = None;
    for i in 0..words.len() {
        // Only as far as some phrase starting with this word reaches: most
        // words start none, and their position costs one look-up.
        let reach = dicts
            .discards
            .max_words_from(words.get(i))
            .min(max)
            .min(words.len() - i);
        for len in 1..=reach {
            let phrase = words.phrase(i, len);
            if year_of(phrase).is_some_and(|y| year_keeps_sentence(&words, i, y, now)) {
                continue;
            }
            match dicts.discards.get(phrase) {
                Some(true) => return Some(true),
                Some(false) => result = Some(false),
                None => {}
            }
        }
    }
    result
}

/// The day of the event of `verb`: of a time expression in the verb's own
/// clause, else in a clause above it ("On Monday, X said Y attacked Z"),
/// else none (the caller takes the publication date). A day in a clause
/// beside or below it is another event's ("Last week, Molina urged
/// Argentina …, a request Buenos Aires rejected on Monday": Monday is the
/// rejection's), and an own time coarser than a day ("last week") takes no
/// other clause's day. Without a parse, the sentence's first day.
fn event_day(doc: &Document, span: Span, verb: usize) -> Option<NaiveDate> {
    let up = |i: usize| doc.tokens.get(i)?.head.map(|h| h as usize);
    let is_verb = |i: usize| {
        doc.tokens
            .get(i)
            .is_some_and(|t| t.upos_tag() == newsgraph_doc::Upos::Verb)
    };
    let governing_verb = |mut i: usize| {
        for _ in 0..64 {
            i = up(i)?;
            if is_verb(i) {
                return Some(i);
            }
        }
        None
    };
    let mut above = Vec::new();
    let mut a = verb;
    for _ in 0..64 {
        match up(a) {
            Some(h) => {
                above.push(h);
                a = h;
            }
            None => break,
        }
    }
    let day = |t: &newsgraph_doc::TimeExpr| {
        t.value
            .as_deref()
            .and_then(|v| NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok())
    };
    let mut inherited = None;
    for t in doc
        .times
        .iter()
        .filter(|t| t.timex_type == TimexType::Date && span.contains(t.span))
    {
        let first = doc.tokens_in(t.span).next();
        let g = first.and_then(governing_verb);
        match g {
            Some(g) if g == verb => return day(t),
            Some(g) if above.contains(&g) => inherited = inherited.or_else(|| day(t)),
            Some(_) => {}
            // No parse to tell clauses apart.
            None => inherited = inherited.or_else(|| day(t)),
        }
    }
    inherited
}

/// Words whose `to`-clause is an intention or commitment, not a deed.
const INTENT_HEADS: &[&str] = &[
    "AGREE",
    "PROMISE",
    "PLEDGE",
    "VOW",
    "OFFER",
    "PLAN",
    "INTEND",
    "DECIDE",
    "WILLING",
    "READY",
    "PREPARED",
    "PREPARE",
    "COMMIT",
    "COMMITTED",
    "THREATEN",
    "EXPECT",
];

/// Verbs of agreeing or promising: their event is an intention.
const COMMIT_VERBS: &[&str] = &["AGREE", "PROMISE", "PLEDGE", "VOW", "OFFER", "COMMIT"];

/// PLOVER's event type for an event that is announced or intended rather
/// than done. PLOVER (like CAMEO 03 and 13) files a future cooperative act
/// ("X will send aid", "X agreed to withdraw") under AGREE and a future
/// coercive or violent act ("X will impose sanctions") under THREATEN; the
/// CAMEO code itself stays the dictionary's, as in PETRARCH.
fn plover_event(event: &str, intended: bool) -> &str {
    if !intended {
        return event;
    }
    match event {
        "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" | "CONCEDE" | "RETREAT" => "AGREE",
        "PROTEST" | "SANCTION" | "MOBILIZE" | "COERCE" | "ASSAULT" => "THREATEN",
        e => e,
    }
}

/// The actor code the dictionaries give a phrase on its own ("the Iraqi
/// army" → `IRQMIL`), dated by `date`, as entities' names are coded: for a
/// caller that checks actor resolution apart from any article.
pub fn actor_code(dicts: &Dictionaries, phrase: &str, date: Option<NaiveDate>) -> Option<String> {
    let words = actors::Words::from_strings(&actors::words_of_text(phrase));
    actors::scan(dicts, &words, date).code()
}

/// Sets the actor code of every entity of `doc` the dictionaries or its
/// roles can code (`Entity::actor`): the first step of [`run`]. The
/// pipeline runs it as a stage of its own, before the parse plan, which
/// reads the codes ([`sentences_to_code`]).
pub fn code_entities(doc: &mut Document, dicts: &Dictionaries) {
    let date = setting::actor_date(doc, dicts);
    actors::code_entities(doc, dicts, date);
}

/// Per sentence of `doc`, whether the coder reads it, decided without the
/// parse: not after a story discard anywhere in the article (which codes
/// nothing at all), nor in a sentence with a sentence discard, nor where no
/// actor more than a bare role can be found — every event kept has one
/// (source or target), and one comes from a coded entity's mention or
/// [`actors::may_name_actor`]. Entities must have their codes
/// ([`code_entities`]).
pub fn sentences_to_code(doc: &Document, dicts: &Dictionaries) -> Vec<bool> {
    let date = setting::actor_date(doc, dicts);
    let now = date.map(|d| d.year());
    let coded = actors::sentences_with_coded_entities(doc);
    let mut out = Vec::with_capacity(doc.sentences.len());
    for (s, coded) in doc.sentences.iter().zip(coded) {
        let tree = Tree::new(doc, s.token_start as usize, s.token_end as usize);
        match discard(dicts, &tree, now) {
            Some(true) => return vec![false; doc.sentences.len()],
            Some(false) => out.push(false),
            None => out.push(coded || actors::may_name_actor(dicts, &tree, date)),
        }
    }
    out
}

/// [`modality`] for an event whose verb is not in the sentence it was coded
/// in; asserted when the verb is in no sentence.
fn modality_elsewhere(
    doc: &Document,
    raw: &raw::RawEvent,
    report_cue: Option<String>,
) -> (Modality, Vec<String>) {
    let Some(sent) = doc
        .sentence_of_token(raw.verb)
        .and_then(|s| doc.sentences.get(s))
    else {
        return (Modality::Asserted, Vec::new());
    };
    let tree = Tree::new(doc, sent.token_start as usize, sent.token_end as usize);
    modality(&tree, raw, report_cue)
}

/// Modality from cue words on the verb (`tree` is the verb's sentence):
/// reported speech is attributed, "reportedly"/"allegedly" hedge,
/// "will"/"would"/"expected to" expect.
fn modality(
    tree: &Tree,
    raw: &raw::RawEvent,
    report_cue: Option<String>,
) -> (Modality, Vec<String>) {
    let mut cues = Vec::new();
    let mut modality = Modality::Asserted;
    let verb = raw.verb;
    // "agreed to withdraw", "is willing to send": the inner event is
    // intended, not done.
    if let Some(h) = tree
        .head(verb)
        .filter(|_| tree.base_rel(verb) == Deprel::Xcomp)
        .filter(|&h| INTENT_HEADS.contains(&tree.lemma(h)))
    {
        modality = Modality::Expected;
        cues.push(format!("{} to", tree.upper(h).to_lowercase()));
    }
    for &c in tree.children(verb) {
        let w = tree.upper(c);
        match w {
            "REPORTEDLY" | "ALLEGEDLY" | "PURPORTEDLY" | "APPARENTLY" => {
                modality = Modality::Hedged;
                cues.push(w.to_lowercase());
            }
            "MAY" | "MIGHT" | "COULD" if modality == Modality::Asserted => {
                modality = Modality::Hedged;
                cues.push(w.to_lowercase());
            }
            "WILL" | "WOULD" | "SHALL" if modality == Modality::Asserted => {
                modality = Modality::Expected;
                cues.push(w.to_lowercase());
            }
            _ => {}
        }
    }
    if let Some(cue) = report_cue {
        if modality == Modality::Asserted {
            modality = Modality::Attributed;
        }
        cues.push(cue);
    }
    (modality, cues)
}
