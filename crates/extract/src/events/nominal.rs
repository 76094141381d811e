//! Events named by a noun: "talks between A and B", "B's visit to C", "air
//! strikes by A on B", "Russia's invasion of Ukraine". The verb coder only
//! sees verbs, so "held talks with" is coded there but "the talks between
//! A and B" were lost.
//!
//! An event noun from `nouns.newsgraph.txt` codes an event only when its
//! own dependents give both sides: a source (a `by` phrase, a possessor, a
//! nationality or country modifier, an agent-role `of` phrase, or the
//! subject of a light verb: "A held talks with B") and a
//! target (`to`/`on`/`against`/`with`/`into`, a patient-role `of` phrase),
//! or two parties joined by `between`. A noun that is cancelled, refused,
//! proposed or asked for ("called for talks between A and B") is not an
//! event that happened, and codes nothing; so does a negated one.

use super::actors::code_heads;
use super::args::prep_of;
use super::raw::{Actor, RawEvent};
use super::tree::Tree;
use chrono::NaiveDate;
use newsgraph_dict::{Dictionaries, NounRole};
use newsgraph_doc::{Deprel, Upos};

/// Governing verbs under which the noun's event did not (yet) happen.
const NOT_DONE: &[&str] = &[
    "CANCEL",
    "POSTPONE",
    "DELAY",
    "SUSPEND",
    "REJECT",
    "DENY",
    "OPPOSE",
    "PREVENT",
    "AVOID",
    "BLOCK",
    "HALT",
    "COLLAPSE",
    "FAIL",
    "SCRAP",
    "ABANDON",
    "REFUSE",
    "CALL",
    "URGE",
    "DEMAND",
    "PROPOSE",
    "SUGGEST",
    "SEEK",
    "WANT",
    "HOPE",
    "PLAN",
    "OFFER",
    "FEAR",
    "THREATEN",
    "WARN",
    "CONDEMN",
    "DENOUNCE",
    "CRITICIZE",
    "CRITICISE",
    "END",
    "STOP",
    "RULE",
    "DISCUSS",
    "PREPARE",
];

/// Verbs that only carry an event noun: "held talks", "launched an attack".
const LIGHT_VERBS: &[&str] = &[
    "HOLD",
    "LAUNCH",
    "CONDUCT",
    "BEGIN",
    "START",
    "STAGE",
    "MOUNT",
    "CARRY",
    "PAY",
    "MAKE",
    "IMPOSE",
    "OPEN",
    "RESUME",
    "RENEW",
    "UNDERTAKE",
    "GIVE",
    "PROVIDE",
    "SEND",
];

fn not_done(tree: &Tree, n: usize) -> bool {
    let negated = |i: usize| {
        tree.children(i)
            .iter()
            .any(|&c| matches!(tree.upper(c), "NO" | "NOT" | "N'T" | "NEVER" | "WITHOUT"))
    };
    if negated(n) {
        return true;
    }
    // The noun's governor, through a preposition ("calls for talks").
    match tree.head(n) {
        Some(h) => {
            NOT_DONE.contains(&tree.lemma(h))
                || negated(h)
                || tree.children(h).iter().any(|&c| {
                    tree.base_rel(c) == Deprel::Aux
                        && matches!(tree.upper(c), "WILL" | "WOULD" | "MAY")
                })
        }
        None => false,
    }
}

/// The nominal events of one sentence.
pub(crate) fn code_nouns(
    dicts: &Dictionaries,
    tree: &Tree,
    date: Option<NaiveDate>,
) -> Vec<RawEvent> {
    let mut out = Vec::new();
    if dicts.nouns.is_empty() {
        return out;
    }
    for n in tree.start..tree.end {
        if !matches!(tree.upos(n), Upos::Noun | Upos::Propn) {
            continue;
        }
        let entries = {
            let by_form = dicts.nouns.get(tree.upper(n));
            if by_form.is_empty() {
                dicts.nouns.get(tree.lemma(n))
            } else {
                by_form
            }
        };
        let compounds: Vec<&str> = tree
            .children(n)
            .iter()
            .filter(|&&c| tree.deprel(c) == Deprel::Compound)
            .map(|&c| tree.upper(c))
            .collect();
        let Some(entry) = entries
            .iter()
            .find(|e| e.modifier.as_deref().is_none_or(|m| compounds.contains(&m)))
        else {
            continue;
        };
        if not_done(tree, n) {
            continue;
        }
        let (mut sources, mut targets, mut parties) = (Vec::new(), Vec::new(), Vec::new());
        let mut of_phrase = None;
        for &c in tree.children(n) {
            let rel = tree.deprel(c);
            let heads = tree.conjuncts(c);
            match (rel, prep_of(tree, c)) {
                (Deprel::NmodPoss, _) => {
                    sources.extend(code_heads(dicts, tree, &heads, date, true))
                }
                (Deprel::Nmod, Some("BY")) => {
                    sources.extend(code_heads(dicts, tree, &heads, date, true))
                }
                (Deprel::Nmod, Some("BETWEEN" | "AMONG")) => {
                    parties.extend(code_heads(dicts, tree, &heads, date, true))
                }
                (Deprel::Nmod, Some("TO" | "ON" | "AGAINST" | "WITH" | "INTO" | "UPON")) => {
                    targets.extend(code_heads(dicts, tree, &heads, date, false))
                }
                (Deprel::Nmod, Some("OF")) => of_phrase = Some(heads),
                (Deprel::Amod | Deprel::Compound, _)
                    if Some(tree.upper(c)) != entry.modifier.as_deref() =>
                {
                    // "Israeli strikes", "US sanctions": a country word.
                    if let Some(a) = code_heads(dicts, tree, &[c], date, true)
                        .into_iter()
                        .find(|a| !a.code.starts_with("---"))
                    {
                        sources.push(a);
                    }
                }
                _ => {}
            }
        }
        // "A held talks with B", "A launched an attack on B": the subject of
        // a light verb whose object is the event noun does the event.
        if sources.is_empty() && parties.is_empty() && tree.base_rel(n) == Deprel::Obj {
            if let Some(h) = tree
                .head(n)
                .filter(|&h| LIGHT_VERBS.contains(&tree.lemma(h)))
            {
                if let Some(s) = tree.child_rel(h, Deprel::Nsubj) {
                    sources.extend(code_heads(dicts, tree, &tree.conjuncts(s), date, true));
                }
            }
        }
        if let Some(heads) = of_phrase {
            let of = code_heads(dicts, tree, &heads, date, false);
            if entry.role == NounRole::Patient || !sources.is_empty() {
                targets.extend(of);
            } else {
                sources.extend(of);
            }
        }
        let pattern = format!("noun {} [{}]", tree.upper(n), entry.code);
        let mut push = |s: &Actor, t: &Actor| {
            if s.code != t.code {
                out.push(RawEvent::new(
                    n,
                    s.clone(),
                    Some(t.clone()),
                    entry.code.clone(),
                    pattern.clone(),
                ));
            }
        };
        if entry.role == NounRole::Mutual {
            // "talks between A and B", "A's talks with B": both ways.
            parties.extend(sources);
            parties.extend(targets);
            for (i, a) in parties.iter().enumerate() {
                for b in parties.iter().skip(i + 1) {
                    push(a, b);
                    push(b, a);
                }
            }
        } else {
            for s in &sources {
                for t in &targets {
                    push(s, t);
                }
            }
        }
    }
    out
}
