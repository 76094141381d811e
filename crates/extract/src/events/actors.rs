//! Actor coding: which CAMEO actor code a noun phrase or an entity has.
//!
//! A phrase is read as upper-case words and scanned left to right for the
//! longest dictionary name at each position, actors before agents of the
//! same length. The result composes one actor code with one agent code:
//! "Russian Foreign Minister" = `RUS` + `~GOV` = `RUSGOV`; an agent alone
//! gives `---GOV`. The article's date picks among dated codes, so an
//! office-holder is coded for the office they held then.
//!
//! Entities are coded from their names first; people no dictionary knows are
//! coded from the roles and affiliations the article gives them ("Dmitry
//! Peskov, the Press Secretary of the President of the Russian Federation"
//! → `RUSGOV`). Noun phrases that fall inside an entity mention take the
//! entity's code, so a surname later in the text inherits it.

use super::args::prep_of;
use super::raw::Actor;
use super::tree::Tree;
use crate::quotes::speaker::{entity_gender, Gender};
use chrono::NaiveDate;
use newsgraph_dict::{ActorDict, AgentCode, Dictionaries};
use newsgraph_doc::{Deprel, Document, Entity, EntityType, MentionKind, Upos};

/// Relations that stay inside a noun phrase when it is coded.
fn np_rel(tree: &Tree, c: usize) -> bool {
    match tree.deprel(c) {
        Deprel::Compound
        | Deprel::Flat
        | Deprel::Amod
        | Deprel::NmodPoss
        | Deprel::Det
        | Deprel::Nummod
        | Deprel::Case
        | Deprel::NmodDesc
        | Deprel::CompoundPrt => true,
        // "Secretary of State", "President of the Russian Federation";
        // other prepositions ("troops in Syria") name a place, not the actor.
        Deprel::Nmod => tree
            .children(c)
            .iter()
            .any(|&k| tree.deprel(k) == Deprel::Case && tree.upper(k) == "OF"),
        _ => false,
    }
}

/// The tokens of the noun phrase headed by `head`.
pub(crate) fn np_tokens(tree: &Tree, head: usize) -> Vec<usize> {
    tree.subtree_where(head, &|c| !np_rel(tree, c))
}

/// Dictionary words, kept as one string: the words joined by single spaces
/// (the form dictionary phrases are written in), so any run of words is a
/// slice of it and needs no building.
#[derive(Clone, Debug, Default)]
pub(crate) struct Words {
    text: String,
    /// Byte range of each word in `text`.
    spans: Vec<(u32, u32)>,
}

impl Words {
    pub fn from_strings(words: &[String]) -> Words {
        let mut out = Words::default();
        for w in words {
            out.push(w);
        }
        out
    }
    fn push(&mut self, w: &str) {
        if !self.spans.is_empty() {
            self.text.push(' ');
        }
        let start = self.text.len() as u32;
        self.text.push_str(w);
        self.spans.push((start, self.text.len() as u32));
    }
    /// Appends to the last word (there is one).
    fn glue(&mut self, w: &str) {
        self.text.push_str(w);
        if let Some(last) = self.spans.last_mut() {
            last.1 = self.text.len() as u32;
        }
    }
    pub fn len(&self) -> usize {
        self.spans.len()
    }
    pub fn get(&self, i: usize) -> &str {
        let (a, b) = self.spans[i];
        &self.text[a as usize..b as usize]
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
    /// Words `i..i + len` joined by single spaces (`len` >= 1).
    pub fn phrase(&self, i: usize, len: usize) -> &str {
        &self.text[self.spans[i].0 as usize..self.spans[i + len - 1].1 as usize]
    }
    /// Every word, joined by single spaces.
    pub fn joined(&self) -> &str {
        &self.text
    }
}

/// Upper-case words of a token list: tokens written without a space between
/// them form one word ("Ki-moon", "U.S."), and a possessive `'s` is dropped.
pub(crate) fn words_of(tree: &Tree, toks: &[usize]) -> Words {
    let mut words = Words {
        text: String::with_capacity(toks.len() * 8),
        spans: Vec::with_capacity(toks.len()),
    };
    let mut glue = false;
    for (k, &i) in toks.iter().enumerate() {
        if left_out(tree, i) {
            glue = false;
            continue;
        }
        let w = tree.upper(i);
        if glue && words.len() > 0 {
            words.glue(w);
        } else {
            words.push(w);
        }
        let next = toks.get(k + 1).copied();
        glue = next == Some(i + 1) && tree.joined_to_next(i);
    }
    words
}

/// Whether token `i` is no part of any dictionary word: a possessive `'s`,
/// or punctuation other than the hyphen and full stop inside names.
fn left_out(tree: &Tree, i: usize) -> bool {
    let w = tree.upper(i);
    matches!(w, "'S" | "’S" | "'" | "’") || (tree.upos(i) == Upos::Punct && w != "-" && w != ".")
}

/// Whether some noun phrase of the sentence `tree` could get an actor code
/// from [`code_np`] that is more than a role (a code not starting `---`):
/// a scan of the whole sentence, its words as [`words_of`] forms them and
/// also token by token, finds an actor name (an agent name alone, "police",
/// "the minister", gives only `---…` codes); or a capital's name is there
/// (THE left out, as `code_np` does); or a first-person pronoun, which may
/// stand for a quote's speaker. An entity's code is the other source of
/// such actors; see [`sentences_with_coded_entities`]. The coder keeps no
/// event without one (`code_sentence` drops those whose source and target
/// are both bare roles).
///
/// Read without the parse, so the pipeline can leave unparsed the sentences
/// where this is false. It is the coder's own condition except in two rare
/// cases it does not cover: a name whose words a noun phrase holds with a
/// gap between them (a left-out modifier in the middle), and a name of
/// several words whose second or later word is part of a run of tokens
/// written without spaces. (A sentence naming no actor otherwise is
/// what either case needs; none of the 2,225 BBC articles has one.)
pub(crate) fn may_name_actor(dicts: &Dictionaries, tree: &Tree, date: Option<NaiveDate>) -> bool {
    let all: Vec<usize> = (tree.start..tree.end).collect();
    if all
        .iter()
        .any(|&i| matches!(tree.upper(i), "WE" | "I" | "US" | "ME"))
    {
        return true;
    }
    let glued = words_of(tree, &all);
    if names_actor(dicts, &glued, date) {
        return true;
    }
    // Token by token: a noun phrase may hold part of a glued run. Only
    // worth a second scan when some tokens were glued.
    let kept = all.iter().filter(|&&i| !left_out(tree, i)).count();
    if kept > glued.len() {
        let mut tokens = Words::default();
        for &i in all.iter().filter(|&&i| !left_out(tree, i)) {
            tokens.push(tree.upper(i));
        }
        if names_actor(dicts, &tokens, date) || glued_part_starts_name(dicts, tree) {
            return true;
        }
    }
    let bare = Words::from_strings(
        &glued
            .iter()
            .filter(|w| *w != "THE")
            .map(str::to_string)
            .collect::<Vec<_>>(),
    );
    // `code_np` looks a capital up as the whole bare phrase, of any length.
    has_name(&dicts.capitals, &bare, date, usize::MAX)
}

/// Longest run of glued tokens whose parts are checked one by one; a
/// longer run (a URL, a table row) is taken to start a name.
const MAX_GLUED_RUN: usize = 12;

/// Whether some part of two or more tokens of a longer glued run
/// ("al-Qaeda" of "al-Qaeda-linked", a word a noun phrase can hold when it
/// leaves out the rest) starts an actor name. Runs, parts and single
/// tokens are what [`may_name_actor`] scans otherwise.
fn glued_part_starts_name(dicts: &Dictionaries, tree: &Tree) -> bool {
    let starts = |w: &str| dicts.actors.max_words_from(w) > 0;
    let mut part = String::new();
    let mut i = tree.start;
    while i < tree.end {
        if left_out(tree, i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < tree.end && tree.joined_to_next(j) && !left_out(tree, j + 1) {
            j += 1;
        }
        if j + 1 - i > MAX_GLUED_RUN {
            return true;
        }
        for a in i..=j {
            part.clear();
            part.push_str(tree.upper(a));
            for b in a + 1..=j {
                part.push_str(tree.upper(b));
                if !(a == i && b == j) && starts(&part) {
                    return true;
                }
            }
        }
        i = j + 1;
    }
    false
}

/// Whether [`scan`] could find an actor name (not an agent's) in `words`:
/// every span it might look up as an actor, stopping at the first name
/// found. (The scan skips only spans after a name it has found, or where an
/// agent of the same length wins, and then it has found a name or this
/// tries more than it does.)
fn names_actor(dicts: &Dictionaries, words: &Words, date: Option<NaiveDate>) -> bool {
    // An empty word changes how a scan builds phrases (see `scan`): not
    // worth reasoning about for so rare a case.
    if words.iter().any(str::is_empty) {
        return true;
    }
    let max = dicts
        .actors
        .max_words()
        .max(dicts.agents.max_words())
        .min(8);
    has_name(&dicts.actors, words, date, max)
}

/// Whether some run of up to `max_len` of `words` is a name `dict` codes
/// on `date`.
fn has_name(dict: &ActorDict, words: &Words, date: Option<NaiveDate>, max_len: usize) -> bool {
    (0..words.len()).any(|i| {
        let reach = max_len
            .min(words.len() - i)
            .min(dict.max_words_from(words.get(i)));
        (1..=reach).any(|len| dict.code(words.phrase(i, len), date).is_some())
    })
}

/// Per sentence of `doc`, whether a mention of an entity with an actor code
/// covers one of its tokens (the entity's code then codes a noun phrase
/// there; see `entity_code`).
pub(crate) fn sentences_with_coded_entities(doc: &Document) -> Vec<bool> {
    let mut out = vec![false; doc.sentences.len()];
    for e in doc.entities.iter().filter(|e| actor_of(e).is_some()) {
        for m in &e.mentions {
            for t in doc.tokens_in(m.span) {
                if let Some(slot) = doc.sentence_of_token(t).and_then(|s| out.get_mut(s)) {
                    *slot = true;
                }
            }
        }
    }
    out
}

/// Splits free text (a role, an affiliation) into dictionary words.
pub(crate) fn words_of_text(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')')
        .map(|w| {
            let w = w.trim_matches(|c: char| c == '"' || c == '“' || c == '”');
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            w.to_uppercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// What a scan of a phrase found.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Found {
    pub actor: Option<String>,
    pub agent: Option<AgentCode>,
}

impl Found {
    /// The composed code, or `None` when nothing was found.
    pub fn code(&self) -> Option<String> {
        match (&self.actor, &self.agent) {
            (Some(a), Some(g)) if g.prefix => Some(format!("{}{}", g.code, a)),
            // "Tory leader", "Labour spokesman": a party already coded
            // with its side keeps it; a generic office adds nothing.
            (Some(a), Some(g))
                if g.code == "GOV" && a.len() >= 6 && super::setting::country_of(a).is_some() =>
            {
                Some(a.clone())
            }
            (Some(a), Some(g)) if !a.ends_with(&g.code) && !a.contains(&g.code) => {
                Some(format!("{a}{}", g.code))
            }
            (Some(a), _) => Some(a.clone()),
            (None, Some(g)) => Some(format!("---{}", g.code)),
            (None, None) => None,
        }
    }
}

/// Longest-match scan of `words` against the actor and agent dictionaries.
pub(crate) fn scan(dicts: &Dictionaries, words: &Words, date: Option<NaiveDate>) -> Found {
    let mut found = Found::default();
    let max = dicts
        .actors
        .max_words()
        .max(dicts.agents.max_words())
        .min(8);
    // An empty word adds no text and no space to a candidate (see
    // `candidate`): the rare list with one is read word by word.
    let has_empty = words.iter().any(str::is_empty);
    let mut buf = String::new();
    let mut i = 0;
    while i < words.len() {
        let mut step = 1;
        // Only spans some name starting with this word could fill. (After
        // an empty word the phrase starts at the next one: no shortcut.)
        let first = words.get(i);
        let (agent_reach, actor_reach) = if first.is_empty() {
            (max, max)
        } else {
            (
                dicts.agents.max_words_from(first),
                dicts.actors.max_words_from(first),
            )
        };
        let reach = max.min(words.len() - i).min(agent_reach.max(actor_reach));
        for len in (1..=reach).rev() {
            let phrase = candidate(words, i, len, has_empty, &mut buf);
            // A role noun is read as an agent even where an actor list has
            // the same word ("Senate" is also the US Senate there).
            if let Some(agent) = (len <= agent_reach)
                .then(|| dicts.agents.get(phrase))
                .flatten()
            {
                // The last agent is the head noun in English phrases.
                found.agent = Some(agent.clone());
                step = len;
                break;
            }
            if let Some(code) = (len <= actor_reach)
                .then(|| dicts.actors.code(phrase, date))
                .flatten()
            {
                // A more specific code (a person's `RUSGOV` over the
                // nationality `RUS` in "Russian President Putin") wins.
                if found.actor.as_ref().is_none_or(|a| code.len() > a.len()) {
                    found.actor = Some(code);
                }
                step = len;
                break;
            }
        }
        i += step;
    }
    found
}

/// Words `i..i + len` as a scan looks them up: joined by spaces, where an
/// empty word adds nothing, not even a space, until some text has come.
fn candidate<'w>(
    words: &'w Words,
    i: usize,
    len: usize,
    has_empty: bool,
    buf: &'w mut String,
) -> &'w str {
    if !has_empty {
        return words.phrase(i, len);
    }
    buf.clear();
    for w in words.iter().skip(i).take(len) {
        if !buf.is_empty() {
            buf.push(' ');
        }
        buf.push_str(w);
    }
    buf
}

/// Codes every actor in a list of heads (conjuncts included by callers).
pub(crate) fn code_heads(
    dicts: &Dictionaries,
    tree: &Tree,
    heads: &[usize],
    date: Option<NaiveDate>,
    acting: bool,
) -> Vec<Actor> {
    let mut out = Vec::new();
    for &h in heads {
        let base = code_np(dicts, tree, h, date, acting);
        // "soldiers from Gondor", "the ambassadors of A, B and C": a role
        // noun takes its country from the phrase that places it, one actor
        // per conjunct.
        let agent_only = base.as_ref().is_none_or(|(c, _)| c.starts_with("---"));
        let place_of = |h: usize| {
            tree.children(h).iter().copied().find(|&c| {
                tree.base_rel(c) == Deprel::Nmod
                    && matches!(prep_of(tree, c), Some("OF" | "FROM" | "IN"))
                    && (agent_only || tree.conjuncts(c).len() > 1)
            })
        };
        // "lawmakers and officials in A and B": the place phrase hangs on
        // one conjunct but places them all.
        let placed = place_of(h).or_else(|| {
            heads
                .iter()
                .filter(|&&o| o != h && agent_only)
                .find_map(|&o| place_of(o))
        });
        if let (Some(nm), Some((code, _))) = (placed, &base) {
            let agent = code.get(code.len().min(3)..).unwrap_or("");
            let agent = if code.starts_with("---") { agent } else { "" };
            let mut many = Vec::new();
            for c in tree.conjuncts(nm) {
                if let Some((place, name)) = code_np(dicts, tree, c, date, false) {
                    if place.starts_with("---") {
                        continue;
                    }
                    let code = if place.len() == 3 {
                        format!("{place}{agent}")
                    } else {
                        place
                    };
                    // Each its own actor ("officials from A and B" are two
                    // sides of a meeting), so each keeps its own token.
                    many.push(Actor { code, name, tok: c });
                }
            }
            if !many.is_empty() {
                out.extend(many);
                continue;
            }
        }
        if let Some((code, name)) = base {
            out.push(Actor { code, name, tok: h });
            continue;
        }
        // "dozens of protesters", "a group of MPs": a head that names no
        // actor but a quantity of one is coded by what it counts.
        if PARTITIVES.contains(&tree.lemma(h).to_uppercase().as_str()) {
            let of = tree.children(h).iter().copied().find(|&c| {
                tree.base_rel(c) == Deprel::Nmod && matches!(prep_of(tree, c), Some("OF"))
            });
            for c in of.map(|nm| tree.conjuncts(nm)).unwrap_or_default() {
                if let Some((code, name)) = code_np(dicts, tree, c, date, acting) {
                    out.push(Actor { code, name, tok: c });
                }
            }
        }
    }
    out
}

/// Heads that count or group what their `of` phrase names.
const PARTITIVES: &[&str] = &[
    "DOZEN",
    "DOZENS",
    "HUNDREDS",
    "THOUSANDS",
    "MILLIONS",
    "SCORES",
    "GROUP",
    "NUMBER",
    "MEMBER",
    "HUNDRED",
    "THOUSAND",
    "SOME",
    "MANY",
    "SEVERAL",
    "MOST",
    "ALL",
    "BOTH",
    "BAND",
    "CROWD",
];

/// The actor code of the noun phrase headed by `head`: an entity's code
/// when the head lies in one of its mentions, else a dictionary scan. An
/// `acting` phrase (a subject) that is just a capital's name stands for its
/// government ("Washington said"); elsewhere a capital is its country.
///
/// A sentence is coded with one date, so the tree remembers the result.
pub(crate) fn code_np(
    dicts: &Dictionaries,
    tree: &Tree,
    head: usize,
    date: Option<NaiveDate>,
    acting: bool,
) -> Option<(String, String)> {
    tree.np_code(head, acting, || {
        code_np_uncached(dicts, tree, head, date, acting)
    })
}

fn code_np_uncached(
    dicts: &Dictionaries,
    tree: &Tree,
    head: usize,
    date: Option<NaiveDate>,
    acting: bool,
) -> Option<(String, String)> {
    let toks = np_tokens(tree, head);
    let words = words_of(tree, &toks);
    let name = words.joined().to_string();
    // (A capital is one or two words: most phrases start with no capital's
    // first word, and need no bare form built.)
    let bare_first = words.iter().find(|w| *w != "THE").unwrap_or("");
    if acting && dicts.capitals.max_words_from(bare_first) > 0 {
        let bare = words
            .iter()
            .filter(|w| *w != "THE")
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(code) = dicts.capitals.code(&bare, date) {
            return Some((code, name));
        }
    }
    let mut found = scan(dicts, &words, date);
    // "We urge ..." inside a quotation: the speaker's side.
    if matches!(tree.upper(head), "WE" | "I" | "US" | "ME") {
        if let Some(code) = quote_speaker_code(tree.doc, head) {
            return Some((code, name));
        }
    }
    // A person nothing places yields to what the phrase's own words say
    // ("President Lula" is a government even when the name is unknown).
    if let Some(code) = entity_code(tree, head).filter(|c| c != UNPLACED || found.code().is_none())
    {
        // "Russian troops" inside an entity "Russian" keeps the agent.
        if let Some(g) = &found.agent {
            if code.len() == 3 {
                return Some((format!("{code}{}", g.code), name));
            }
        }
        return Some((code, name));
    }
    // "the Kim Dynasty", "Putin's spokesman": a named entity inside the
    // phrase places it when the dictionaries do not.
    if found.actor.is_none() {
        if let Some(code) = toks.iter().find_map(|&t| {
            (t != head)
                .then(|| entity_code(tree, t))
                .flatten()
                // A person nothing places names the phrase only as
                // its head's own name ("Lord Scarman" headed by a
                // title the recognizer left out).
                .filter(|c| {
                    c != UNPLACED || (tree.deprel(t) == Deprel::Flat && tree.head(t) == Some(head))
                })
        }) {
            found.actor = Some(code.get(..3).unwrap_or(&code).to_string());
            if found.agent.is_none() && code.len() > 3 {
                found.actor = Some(code);
            }
        }
    }
    found.code().map(|c| (c, name))
}

/// How many sentences back a third-person pronoun's antecedent may be.
const PRONOUN_REACH: usize = 2;

/// The actor code of the person a third-person pronoun at token `i` stands
/// for: the speaker the quote finder resolved it to when it names a
/// quote's speaker ("…, she said"), else the last person named before it
/// within [`PRONOUN_REACH`] sentences whose gender, when the article shows
/// it, agrees ("she" is not Mr Howard), if that person has a code. A nearer
/// person without a code is the antecedent too: then it codes nothing.
pub(crate) fn person_pronoun_code(doc: &Document, i: usize) -> Option<String> {
    let span = doc.tokens.get(i)?.span;
    if let Some(q) = doc
        .quotes
        .iter()
        .find(|q| q.speaker_span.is_some_and(|s| s.contains(span)))
    {
        return doc.entities.get(q.speaker_entity?)?.actor.clone();
    }
    let gender = match doc.token_text(i).to_ascii_lowercase().as_str() {
        "he" | "him" => Gender::Male,
        _ => Gender::Female,
    };
    let si = doc.sentence_of_token(i)?;
    let from = doc
        .sentences
        .get(si.saturating_sub(PRONOUN_REACH))?
        .span
        .start;
    let (mut best, mut at) = (None, from);
    for (ei, e) in doc.entities.iter().enumerate() {
        if e.entity_type != EntityType::Person {
            continue;
        }
        // Mentions are sorted by span: the last one before the pronoun.
        let k = e.mentions.partition_point(|m| m.span.start < span.start);
        let Some(m) = e.mentions[..k]
            .iter()
            .rev()
            .find(|m| m.kind != MentionKind::Pronoun)
        else {
            continue;
        };
        // (Gender last: it reads the article, and few persons get here.)
        if m.span.start >= at && entity_gender(doc, ei).is_none_or(|g| g == gender) {
            at = m.span.start;
            best = Some(e);
        }
    }
    actor_of(best?)
}

/// The actor code of the speaker of the quotation holding token `i`.
fn quote_speaker_code(doc: &Document, i: usize) -> Option<String> {
    let span = doc.tokens.get(i)?.span;
    doc.quotes
        .iter()
        .filter(|q| q.span.contains(span))
        .find_map(|q| doc.entities.get(q.speaker_entity?)?.actor.clone())
}

/// The actor code of the entity whose mention covers token `i`.
fn entity_code(tree: &Tree, i: usize) -> Option<String> {
    let e = tree.entity_of(i, || coded_entity(tree.doc, i))?;
    actor_of(tree.doc.entities.get(e)?)
}

/// An entity's actor code; a person the dictionaries and the article's
/// roles cannot place is still an actor, of a country not known here
/// (`---`, which the article's home country settles: [`super::setting`]).
/// A careful coder codes "Mr Hockney called on ..." as an event of a
/// person of the story's country even when no role is given.
fn actor_of(e: &Entity) -> Option<String> {
    e.actor
        .clone()
        .or_else(|| (e.entity_type == EntityType::Person).then(|| UNPLACED.to_string()))
}

/// The actor code of a person nothing places.
const UNPLACED: &str = "---";

/// The first entity with an actor code whose mention covers token `i`.
fn coded_entity(doc: &Document, i: usize) -> Option<usize> {
    let span = doc.tokens.get(i)?.span;
    doc.entities.iter().position(|e| {
        if e.actor.is_none() && e.entity_type != EntityType::Person {
            return false;
        }
        // Mentions are sorted by span (an `Entity` invariant), so only those
        // starting at or just before the token can hold it: a binary search
        // keeps this linear in article length instead of scanning every
        // mention for every noun head.
        let k = e.mentions.partition_point(|m| m.span.start <= span.start);
        let hit = e.mentions[k.saturating_sub(2)..k]
            .iter()
            .any(|m| m.span.contains(span));
        hit
    })
}

/// Sets `Entity::actor` for every entity the dictionaries or its roles can
/// code. An actor code already set (by a user or an earlier pass) is kept.
pub(crate) fn code_entities(doc: &mut Document, dicts: &Dictionaries, date: Option<NaiveDate>) {
    let text = doc.article.text.clone();
    for e in &mut doc.entities {
        if e.actor.is_some() || matches!(e.entity_type, EntityType::Event | EntityType::Misc) {
            continue;
        }
        let mut names = vec![e.name.clone()];
        for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            if let Some(t) = text.get(m.span.range()) {
                if !names.iter().any(|n| n == t) {
                    names.push(t.to_string());
                }
            }
        }
        // A whole name that is a dictionary entry ("North Korea", even when
        // the entity's canonical name is a longer official form) comes first;
        // then a scan of the name, which must find an actor, and for a
        // person also a role: nobody is coded from a word inside their name.
        // A person's one-word mention ("Suleiman") is not looked up whole:
        // it may be somebody else's dictionary entry.
        let person = e.entity_type == EntityType::Person;
        let whole = names
            .iter()
            .map(|n| words_of_text(n))
            .filter(|w| !person || w.len() > 1)
            .find_map(|w| dicts.actors.code(&w.join(" "), date))
            .or_else(|| {
                names.iter().find_map(|n| {
                    let f = scan(dicts, &Words::from_strings(&words_of_text(n)), date);
                    let ok = f.actor.is_some() && (!person || f.agent.is_some());
                    ok.then(|| f.code()).flatten()
                })
            });
        if whole.is_some() {
            e.actor = whole;
            continue;
        }
        // Roles and affiliations: "Press Secretary" + "the Kremlin".
        let mut found = Found::default();
        for part in e.roles.iter().chain(&e.affiliations) {
            let f = scan(dicts, &Words::from_strings(&words_of_text(part)), date);
            if found
                .actor
                .as_ref()
                .is_none_or(|a| f.actor.as_ref().is_some_and(|b| b.len() > a.len()))
                && f.actor.is_some()
            {
                found.actor = f.actor;
            }
            if found.agent.is_none() {
                found.agent = f.agent;
            }
        }
        if found.actor.is_some() {
            e.actor = found.code();
        }
    }
    // "the Kim Dynasty", "the Bush administration": an organization named
    // after a coded person of the article is that person's side.
    let people: Vec<(Vec<String>, String)> = doc
        .entities
        .iter()
        .filter(|e| e.entity_type == EntityType::Person)
        .filter_map(|e| Some((words_of_text(&e.name), e.actor.clone()?)))
        .collect();
    for e in &mut doc.entities {
        if e.actor.is_some() || e.entity_type == EntityType::Person {
            continue;
        }
        let words = words_of_text(&e.name);
        if words.len() < 2 {
            continue;
        }
        e.actor = people
            .iter()
            .find(|(name, _)| words.iter().any(|w| w.len() > 2 && name.contains(w)))
            .map(|(_, code)| code.clone());
    }
}
