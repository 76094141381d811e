//! Roles, affiliations and description mentions, read from the words around
//! names.
//!
//! Patterns, each a general construction of news English:
//! - premodifiers: "Foreign Minister Sergei Lavrov", "Russian President
//!   Vladimir Putin", "Russia's Sergei Lavrov" (read in [`super::mentions`]);
//! - apposition after a name: "Dmitry Peskov, the Press Secretary of the
//!   President of the Russian Federation," → role and the places and
//!   organizations named in it; a possessor ("Choe Son-hui, Kim's Foreign
//!   Minister,") passes its country on;
//! - apposition before a name: "The White House's National Security Council
//!   spokesperson, Adrienne Watson,";
//! - relative clause: "Michael Madden, who works at the Stimson Centre as an
//!   expert in …" → affiliation and role;
//! - definite descriptions: "the North Korean leader", "the Russian
//!   dictator" → a description mention of the person the article ties to
//!   that country (preferring one with that role), and "the spokesperson"
//!   when exactly one person has that role.

use super::mentions::{hyphenated_role, NameMention};
use super::Cluster;
use newsgraph_doc::{Document, EntityType, Span};
use newsgraph_nlp::ner::gazetteer::{list, Gazetteer};

/// Tokens that end an apposition.
fn is_boundary(w: &str) -> bool {
    matches!(
        w,
        "," | "."
            | ";"
            | ":"
            | "\""
            | "“"
            | "”"
            | "("
            | ")"
            | "!"
            | "?"
            | "–"
            | "—"
            | "'"
            | "‘"
            | "’"
    )
}

/// Words after which an apposition cannot go on: a conjunction or a
/// relative pronoun starts a new clause or a new noun phrase.
fn is_clause_break(w: &str) -> bool {
    matches!(
        w,
        "and" | "or" | "but" | "who" | "which" | "that" | "said" | "says" | "told"
    )
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "the" | "a" | "an" | "its" | "his" | "her" | "their" | "our"
    )
}

fn is_possessive(w: &str) -> bool {
    matches!(w, "'s" | "’s" | "'" | "’")
}

const MAX_APPOSITION: usize = 16;

struct Ctx<'a> {
    doc: &'a Document,
    words: Vec<&'a str>,
    ms: &'a [NameMention],
    /// Mention index starting at each token, if any.
    starts_at: Vec<Option<usize>>,
    /// Cluster of each mention.
    of: Vec<usize>,
    gaz: &'a Gazetteer,
}

impl Ctx<'_> {
    fn span(&self, r: std::ops::Range<usize>) -> Span {
        self.doc.tokens[r.start]
            .span
            .cover(self.doc.tokens[r.end - 1].span)
    }

    /// True when a role or title phrase occurs in the token range.
    fn has_role(&self, r: std::ops::Range<usize>) -> bool {
        r.clone().any(|s| {
            (s + 1..=(s + 3).min(r.end))
                .any(|e| self.gaz.flags(&self.words[s..e]) & (list::ROLE | list::TITLE) != 0)
        })
    }

    fn sentence(&self, tok: usize) -> std::ops::Range<usize> {
        self.doc
            .sentence_of_token(tok)
            .map(|s| self.doc.sentences[s].token_range())
            .unwrap_or(0..self.words.len())
    }

    /// Affiliations named inside a range: places and organizations, and
    /// nationality words.
    fn affiliations_in(
        &self,
        r: std::ops::Range<usize>,
        clusters: &[Cluster],
    ) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for k in r.clone() {
            let Some(mi) = self.starts_at[k] else {
                continue;
            };
            let m = &self.ms[mi];
            if m.tokens.end > r.end {
                continue;
            }
            let c = &clusters[self.of[mi]];
            match m.entity_type {
                EntityType::Gpe | EntityType::Org | EntityType::Fac | EntityType::Loc => {
                    let name_words: Vec<&str> = c.name.iter().map(|w| w.as_str()).collect();
                    let mw: Vec<&str> = m.words.iter().map(|w| w.as_str()).collect();
                    let code = self
                        .gaz
                        .country_code(&mw)
                        .or_else(|| self.gaz.country_code(&name_words));
                    out.push((c.text.clone(), code.map(str::to_string)));
                }
                EntityType::Norp => {
                    let mw: Vec<&str> = m.words.iter().map(|w| w.as_str()).collect();
                    if let Some(code) = self.gaz.country_code(&mw) {
                        let country = self.gaz.country_name(code).unwrap_or(code);
                        out.push((country.to_string(), Some(code.to_string())));
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// Adds roles, affiliations and description mentions to the clusters.
pub(crate) fn describe(
    doc: &Document,
    ms: &[NameMention],
    clusters: &mut [Cluster],
    gaz: &Gazetteer,
) {
    let words: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
    let mut starts_at = vec![None; words.len()];
    for (i, m) in ms.iter().enumerate() {
        if m.tokens.start < starts_at.len() {
            starts_at[m.tokens.start] = Some(i);
        }
    }
    let mut of = vec![0; ms.len()];
    for (c, cl) in clusters.iter().enumerate() {
        for &k in &cl.mentions {
            of[k] = c;
        }
    }
    let cx = Ctx {
        doc,
        words,
        ms,
        starts_at,
        of,
        gaz,
    };
    // Possessors ("Kim's Foreign Minister") pass on their countries once
    // every cluster has its own.
    let mut inherit: Vec<(usize, usize)> = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        if m.entity_type != EntityType::Person {
            continue;
        }
        let c = cx.of[i];
        if let Some(t) = &m.title {
            if m.title_run
                || gaz.phrase_flags(t) & (list::TITLE | list::ROLE) != 0
                || hyphenated_role(t, gaz)
            {
                clusters[c].add_role(t);
            }
        }
        if let Some(a) = &m.affiliation {
            clusters[c].add_affiliation(a, None);
        }
        if let Some((code, country)) = &m.nationality {
            clusters[c].add_affiliation(country, Some(code));
        }
        // An organization or party named right before the title: "Tory
        // co-chairman Liam Fox", "Kremlin spokesman Dmitry Peskov".
        if let Some(p) = m.premod {
            let toks = doc.tokens_in(p);
            let owner = (toks.start.saturating_sub(3)..toks.end)
                .filter_map(|k| cx.starts_at.get(k).copied().flatten())
                .find(|&k| {
                    let o = &ms[k];
                    o.tokens.end <= toks.end
                        && (o.tokens.end == toks.start || p.contains(o.span))
                        && matches!(o.entity_type, EntityType::Org | EntityType::Norp)
                        && gaz
                            .country_code(&o.words.iter().map(|w| w.as_str()).collect::<Vec<_>>())
                            .is_none()
                });
            if let Some(k) = owner {
                let name = clusters[cx.of[k]].text.clone();
                clusters[c].add_affiliation(&name, None);
            }
        }
        after_name(&cx, i, clusters, &mut inherit);
        before_name(&cx, i, clusters);
    }
    for (c, from) in inherit {
        let (names, codes) = (
            clusters[from].affiliations.clone(),
            clusters[from].countries.clone(),
        );
        for code in codes {
            let name = gaz.country_name(&code).map(str::to_string);
            let name = name.or_else(|| names.first().cloned()).unwrap_or_default();
            clusters[c].add_affiliation(&name, Some(&code));
        }
    }
    descriptions(&cx, clusters);
}

/// "NAME, the ROLE of X," and "NAME, who works at ORG as an expert".
fn after_name(cx: &Ctx, i: usize, clusters: &mut [Cluster], inherit: &mut Vec<(usize, usize)>) {
    let m = &cx.ms[i];
    let sent = cx.sentence(m.tokens.start);
    let e = m.tokens.end;
    if e + 1 >= sent.end || cx.words[e] != "," {
        return;
    }
    let a0 = e + 1;
    let c = cx.of[i];
    if cx.words[a0].eq_ignore_ascii_case("who") {
        let mut r1 = a0 + 1;
        while r1 < sent.end && r1 - a0 < 2 * MAX_APPOSITION && !is_boundary(cx.words[r1]) {
            r1 += 1;
        }
        relative_clause(cx, c, a0 + 1..r1, clusters);
        return;
    }
    let mut a1 = a0;
    while a1 < sent.end
        && a1 - a0 < MAX_APPOSITION
        && !is_boundary(cx.words[a1])
        && !is_clause_break(cx.words[a1])
    {
        a1 += 1;
    }
    // An apposition ends at punctuation or a conjunction; running on past
    // the limit means this is a clause, not an apposition.
    if a1 == a0 || (a1 < sent.end && a1 - a0 >= MAX_APPOSITION) {
        return;
    }
    // A list of names ("Choe Son-hui, Jo Chun-ryong") is no apposition.
    if cx.starts_at[a0].is_some_and(|k| {
        cx.ms[k].entity_type == EntityType::Person
            && !is_possessive(cx.words[cx.ms[k].tokens.end.min(a1 - 1)])
    }) {
        return;
    }
    if !cx.has_role(a0..a1) {
        return;
    }
    let mut r0 = a0;
    while r0 < a1 && is_determiner(cx.words[r0]) {
        r0 += 1;
    }
    if let Some(k) = cx.starts_at[r0] {
        let pe = cx.ms[k].tokens.end;
        if pe < a1 && is_possessive(cx.words[pe]) {
            let owner = cx.of[k];
            if clusters[owner].entity_type == EntityType::Person {
                inherit.push((c, owner));
            }
            r0 = pe + 1;
        }
    }
    if r0 >= a1 {
        return;
    }
    for (name, code) in cx.affiliations_in(a0..a1, clusters) {
        clusters[c].add_affiliation(&name, code.as_deref());
    }
    let role = cx.doc.span_text(cx.span(r0..a1)).to_string();
    clusters[c].add_role(&role);
    clusters[c].descriptions.push(cx.span(a0..a1));
}

/// "who works at ORG as an expert in …".
fn relative_clause(cx: &Ctx, c: usize, r: std::ops::Range<usize>, clusters: &mut [Cluster]) {
    for k in r.clone() {
        let w = cx.words[k].to_lowercase();
        if matches!(w.as_str(), "at" | "for" | "with" | "of") {
            // The organization may follow a premodifier ("the Washington-based").
            let org = (k + 1..(k + 6).min(r.end))
                .filter_map(|j| cx.starts_at[j])
                .find(|&mi| matches!(cx.ms[mi].entity_type, EntityType::Org | EntityType::Fac));
            if let Some(mi) = org {
                let name = clusters[cx.of[mi]].text.clone();
                clusters[c].add_affiliation(&name, None);
            }
        }
        if w == "as" {
            let mut s = k + 1;
            while s < r.end && is_determiner(cx.words[s]) {
                s += 1;
            }
            let mut e = s;
            while e < r.end
                && !matches!(
                    cx.words[e].to_lowercase().as_str(),
                    "in" | "at" | "for" | "on" | "with" | "and"
                )
            {
                e += 1;
            }
            if e > s && cx.has_role(s..e) {
                let role = cx.doc.span_text(cx.span(s..e)).to_string();
                clusters[c].add_role(&role);
            }
        }
    }
}

/// "The White House's National Security Council spokesperson, Adrienne Watson,".
fn before_name(cx: &Ctx, i: usize, clusters: &mut [Cluster]) {
    let m = &cx.ms[i];
    let sent = cx.sentence(m.tokens.start);
    let s = m.tokens.start;
    if s < sent.start + 2 || cx.words[s - 1] != "," {
        return;
    }
    let end = s - 1;
    // The head noun right before the comma must be a role.
    let is_role =
        |r: std::ops::Range<usize>| cx.gaz.flags(&cx.words[r]) & (list::ROLE | list::TITLE) != 0;
    let head_is_role = (1..=3.min(end - sent.start)).any(|len| is_role(end - len..end))
        // "Minister of Agriculture", "Secretary of State for Health": a role
        // word, "of", then a capitalized department up to the comma.
        || (sent.start..end.saturating_sub(2)).rev().take(6).any(|k| {
            cx.words[k + 1] == "of"
                && (is_role(k..k + 1) || (k > sent.start && is_role(k - 1..k + 1)))
                && (k + 2..end).all(|j| {
                    matches!(cx.words[j], "and" | "for" | "of" | "the")
                        || cx.words[j].chars().next().is_some_and(|ch| ch.is_uppercase())
                })
        });
    if !head_is_role {
        return;
    }
    let mut b0 = end;
    while b0 > sent.start && end - b0 < MAX_APPOSITION && !is_boundary(cx.words[b0 - 1]) {
        b0 -= 1;
    }
    // "Choe Son-hui, Kim's Foreign Minister, Jo Chun-ryong, …": a
    // description right after a person's name and comma is that person's
    // apposition, not a title for the name that follows it.
    if b0 >= sent.start + 2
        && cx.words[b0 - 1] == ","
        && cx
            .ms
            .iter()
            .any(|p| p.tokens.end == b0 - 1 && p.entity_type == EntityType::Person)
    {
        return;
    }
    // The description starts at its determiner; without one, it must be all
    // name-like words ("Kremlin spokesman, Dmitry Peskov").
    let det = (b0..end).rev().find(|&k| is_determiner(cx.words[k]));
    let mut r0 = match det {
        Some(d) => d + 1,
        None => {
            // Function words inside a title and a possessor's mark are
            // allowed: "Chile's Minister of Agriculture, Andrés Molina".
            let caps = (b0..end - 1).all(|k| {
                is_possessive(cx.words[k])
                    || matches!(cx.words[k], "of" | "for" | "and")
                    || cx.words[k]
                        .chars()
                        .next()
                        .is_some_and(|ch| ch.is_uppercase())
            });
            if !caps {
                return;
            }
            b0
        }
    };
    let d0 = det.unwrap_or(b0);
    if let Some(k) = cx.starts_at[r0] {
        let pe = cx.ms[k].tokens.end;
        if pe < end && is_possessive(cx.words[pe]) {
            r0 = pe + 1;
        }
    }
    if r0 >= end {
        return;
    }
    let c = cx.of[i];
    for (name, code) in cx.affiliations_in(d0..end, clusters) {
        clusters[c].add_affiliation(&name, code.as_deref());
    }
    let role = cx.doc.span_text(cx.span(r0..end)).to_string();
    clusters[c].add_role(&role);
    clusters[c].descriptions.push(cx.span(d0..end));
}

/// "the North Korean leader", "the Russian dictator", "the spokesperson".
fn descriptions(cx: &Ctx, clusters: &mut [Cluster]) {
    let n = cx.words.len();
    for k in 0..n {
        if !cx.words[k].eq_ignore_ascii_case("the") {
            continue;
        }
        let sent = cx.sentence(k);
        let mut j = k + 1;
        // Nationality: a demonym ("North Korean") or a country with "'s".
        let mut code = None;
        for len in (1..=3).rev() {
            if j + len > sent.end {
                continue;
            }
            let p = &cx.words[j..j + len];
            if cx.gaz.flags(p) & list::DEMONYM != 0 {
                code = cx.gaz.country_code(p).map(str::to_string);
                j += len;
                break;
            }
            if cx.gaz.flags(p) & list::COUNTRY != 0
                && j + len < sent.end
                && is_possessive(cx.words[j + len])
            {
                code = cx.gaz.country_code(p).map(str::to_string);
                j += len + 1;
                break;
            }
        }
        // Up to two adjectives, then the role head (1–3 words).
        let mut head = None;
        for skip in 0..=2 {
            let h0 = j + skip;
            if h0 >= sent.end {
                break;
            }
            for len in (1..=3).rev() {
                if h0 + len <= sent.end && cx.gaz.flags(&cx.words[h0..h0 + len]) & list::ROLE != 0 {
                    head = Some(h0..h0 + len);
                    break;
                }
            }
            if head.is_some()
                || cx.words[h0]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_alphabetic())
            {
                break;
            }
        }
        let Some(head) = head else { continue };
        // A name right after is titled by this phrase, not described by it;
        // "of" continues the phrase ("the leader of the opposition").
        if head.end < sent.end {
            let next = cx.words[head.end];
            if cx.starts_at[head.end].is_some() || next.eq_ignore_ascii_case("of") || next == "," {
                continue;
            }
        }
        let span = cx.span(k..head.end);
        if clusters
            .iter()
            .any(|c| c.descriptions.iter().any(|d| d.overlaps(span)))
        {
            continue;
        }
        let role_word = cx.words[head.clone()].join(" ").to_lowercase();
        let has_role = |c: &Cluster| {
            c.roles
                .iter()
                .any(|r| r.to_lowercase().contains(&role_word))
        };
        // A cluster's mentions are in text order (`cluster::cluster` sorts
        // them), so the last one starting before `span` is found by binary
        // search.
        let before = |c: &Cluster| {
            let n = c
                .mentions
                .partition_point(|&m| cx.ms[m].span.start < span.start);
            n.checked_sub(1).map(|n| cx.ms[c.mentions[n]].span.start)
        };
        let people = (0..clusters.len()).filter(|&c| clusters[c].entity_type == EntityType::Person);
        let candidates: Vec<usize> = match &code {
            Some(code) => people
                .filter(|&c| clusters[c].countries.contains(code))
                .collect(),
            None => {
                let with_role: Vec<usize> = people.filter(|&c| has_role(&clusters[c])).collect();
                if with_role.len() == 1 {
                    with_role
                } else {
                    Vec::new()
                }
            }
        };
        let best = candidates.iter().copied().max_by_key(|&c| {
            (
                has_role(&clusters[c]),
                clusters[c].mentions.len(),
                before(&clusters[c]),
            )
        });
        if let Some(c) = best {
            clusters[c].descriptions.push(span);
        }
    }
}
