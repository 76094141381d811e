//! Finding a verb's arguments in the UD parse: its subject (own, passive
//! agent, or inherited from a controlling verb), its target candidates in
//! order of preference, and the noun-phrase heads nested inside them.
//!
//! These rules are where UD conventions meet PETRARCH's source/target
//! notions; the coder ([`super::coder`]) only decides among what they find.

use super::tree::Tree;
use newsgraph_doc::{Deprel, Upos};

const TARGET_PREPS: &[&str] = &[
    "WITH", "AGAINST", "TO", "ON", "AT", "INTO", "TOWARD", "TOWARDS", "FROM", "FOR", "OVER", "OF",
    "BY", "IN", "ABOUT", "BETWEEN", "NEAR",
];

/// A main verb the parser hung on a noun because the sentence looked like
/// a noun phrase: "South Korea's foreign minister condemned North Korea"
/// parsed as "minister [condemned by North Korea]" (root `minister`, verb
/// `acl`, object `obl:agent` with no "by"), or "Turkish drones struck
/// positions" as "drones [struck positions]" (verb `amod` of the object).
/// A past-tense verb with no auxiliary and no "by" agent, under a root noun
/// before it, is then the main verb: returns its subject (the root noun)
/// and its object, if the parse gives one.
pub(super) fn misparsed_main_verb(tree: &Tree, v: usize) -> Option<(usize, Option<usize>)> {
    if tree.upos(v) != Upos::Verb || !matches!(tree.xpos(v), "VBD" | "VBN") {
        return None;
    }
    let root_noun = |r: usize| {
        r < v && tree.head(r).is_none() && matches!(tree.upos(r), Upos::Noun | Upos::Propn)
    };
    let auxiliary = tree.children(v).iter().any(|&c| {
        matches!(
            tree.base_rel(c),
            Deprel::Aux | Deprel::AuxPass | Deprel::Cop
        ) || tree
            .children(c)
            .iter()
            .any(|&k| tree.deprel(k) == Deprel::Case && tree.upper(k) == "BY")
    });
    if auxiliary {
        return None;
    }
    let h = tree.head(v)?;
    match tree.base_rel(v) {
        Deprel::Acl if root_noun(h) => {
            let object = tree.children(v).iter().copied().find(|&c| {
                matches!(tree.deprel(c), Deprel::Obj | Deprel::OblAgent)
                    || (tree.base_rel(c) == Deprel::Obl && prep_of(tree, c).is_none())
            });
            // A headline's passive ("Minister arrested in Kenya") has no
            // object: only a verb with one is read as active.
            object.map(|o| (h, Some(o)))
        }
        Deprel::Amod if h > v && tree.head(h).is_some_and(root_noun) => {
            Some((tree.head(h)?, Some(h)))
        }
        _ => None,
    }
}

/// "Last week, Chile's Minister of Agriculture, Andrés Molina, urged …"
/// parsed with the subject as an apposition of the fronted time noun
/// ("week" obl, "Minister" its appos, "Andrés" the Minister's): a main verb
/// with no subject takes the innermost apposition under a noun before it.
fn subject_in_fronted_apposition(tree: &Tree, v: usize) -> Option<usize> {
    if tree.head(v).is_some() || !matches!(tree.xpos(v), "VBD" | "VBZ" | "VBP") {
        return None;
    }
    tree.children(v).iter().rev().copied().find_map(|c| {
        if c > v
            || !matches!(tree.upos(c), Upos::Noun | Upos::Propn)
            || tree.base_rel(c) != Deprel::Obl
        {
            return None;
        }
        let mut x = c;
        while let Some(a) = tree.child_rel(x, Deprel::Appos).filter(|&a| a < v) {
            x = a;
        }
        (x != c).then_some(x)
    })
}

/// The subject heads of `v` and whether they are its own; passive subjects
/// are not subjects here (they are patients).
pub(super) fn subject_heads(tree: &Tree, v: usize, depth: usize) -> (Vec<usize>, bool) {
    if depth > 6 {
        return (Vec::new(), false);
    }
    if let Some((subject, _)) = misparsed_main_verb(tree, v) {
        return (tree.conjuncts(subject), true);
    }
    // Several subjects of one verb are a list the parser did not chain
    // ("The US, Russia, and Switzerland met" with two nsubj).
    let subjects: Vec<usize> = tree
        .children(v)
        .iter()
        .copied()
        .filter(|&c| tree.deprel(c) == Deprel::Nsubj)
        .flat_map(|c| tree.conjuncts(c))
        .collect();
    if !subjects.is_empty() {
        return (subjects, true);
    }
    if let Some(s) = tree.child_rel(v, Deprel::Csubj) {
        return (tree.conjuncts(s), true);
    }
    if let Some(agent) = passive_agent(tree, v) {
        return (tree.conjuncts(agent), true);
    }
    if tree.child_rel(v, Deprel::NsubjPass).is_some() {
        return (Vec::new(), true);
    }
    if let Some(s) = subject_in_fronted_apposition(tree, v) {
        return (tree.conjuncts(s), true);
    }
    let Some(h) = tree.head(v) else {
        return (Vec::new(), false);
    };
    match tree.base_rel(v) {
        Deprel::Xcomp => {
            // Object control: "asked Obama to help", "wants Putin to attack".
            // The controller is named in the sentence, so it counts as the
            // clause's own subject.
            if let Some(o) = tree
                .child_rel(h, Deprel::Obj)
                .or_else(|| asked_in_oblique(tree, h))
            {
                return (tree.conjuncts(o), true);
            }
            (subject_heads(tree, h, depth + 1).0, false)
        }
        // "Peskov was quoted, responding to ...": the patient of a passive
        // head with no agent is who acts in its participle clause.
        Deprel::Conj | Deprel::Advcl
            if passive_agent(tree, h).is_none()
                && closest(tree, h, Deprel::NsubjPass).is_some() =>
        {
            let p = closest(tree, h, Deprel::NsubjPass).unwrap_or(h);
            (tree.conjuncts(p), false)
        }
        Deprel::Conj | Deprel::Advcl => (subject_heads(tree, h, depth + 1).0, false),
        // "militants attacking the town": the noun is the subject; a past
        // participle ("prisoners jailed in 2007") makes it the patient.
        Deprel::Acl if tree.xpos(v) != "VBN" => (vec![h], false),
        _ => (Vec::new(), false),
    }
}

/// The child of `v` with relation `rel` nearest before it (a misparse can
/// give two: "Today, Tuesday, Peskov was quoted").
fn closest(tree: &Tree, v: usize, rel: Deprel) -> Option<usize> {
    let all = tree
        .children(v)
        .iter()
        .copied()
        .filter(|&c| tree.deprel(c) == rel);
    all.clone().filter(|&c| c < v).max().or_else(|| all.min())
}

/// The `by` phrase of a passive verb.
pub(super) fn passive_agent(tree: &Tree, v: usize) -> Option<usize> {
    if misparsed_main_verb(tree, v).is_some() {
        return None;
    }
    let passive = tree.child_rel(v, Deprel::AuxPass).is_some()
        || tree.child_rel(v, Deprel::NsubjPass).is_some()
        || (tree.xpos(v) == "VBN" && tree.base_rel(v) == Deprel::Acl);
    if !passive {
        return None;
    }
    tree.children(v).iter().copied().find(|&c| {
        tree.deprel(c) == Deprel::OblAgent
            || (tree.base_rel(c) == Deprel::Obl
                && tree
                    .children(c)
                    .iter()
                    .any(|&k| tree.deprel(k) == Deprel::Case && tree.upper(k) == "BY"))
    })
}

pub(super) fn prep_of<'t>(tree: &'t Tree, n: usize) -> Option<&'t str> {
    tree.children(n)
        .iter()
        .copied()
        .find(|&k| tree.deprel(k) == Deprel::Case)
        .map(|k| tree.upper(k))
}

/// Candidate target heads in order of preference.
pub(super) fn target_candidates(tree: &Tree, v: usize, agent: Option<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    if tree.child_rel(v, Deprel::AuxPass).is_some() || agent.is_some() {
        if let Some(p) = tree.child_rel(v, Deprel::NsubjPass) {
            out.push(p);
        }
    }
    if tree.base_rel(v) == Deprel::Acl && agent.is_some() {
        if let Some(h) = tree.head(v) {
            out.push(h);
        }
    }
    if let Some((_, Some(object))) = misparsed_main_verb(tree, v) {
        out.push(object);
    }
    for rel in [Deprel::Obj, Deprel::Iobj] {
        if let Some(o) = tree.child_rel(v, rel) {
            out.push(o);
        }
    }
    let mut obls: Vec<(usize, usize)> = Vec::new();
    let mut push_obl = |c: usize| {
        if Some(c) == agent {
            return;
        }
        if let Some(p) = prep_of(tree, c) {
            if let Some(rank) = TARGET_PREPS.iter().position(|x| *x == p) {
                obls.push((rank, c));
            }
        }
    };
    for &c in tree.children(v) {
        if tree.deprel(c) == Deprel::Obl {
            push_obl(c);
        }
    }
    // "evidence against Russia", "a strike against a target".
    for o in out.clone() {
        for &c in tree.children(o) {
            if tree.deprel(c) == Deprel::Nmod {
                push_obl(c);
            }
        }
    }
    obls.sort_by_key(|&(rank, c)| (rank, c));
    out.extend(obls.into_iter().map(|(_, c)| c));
    out
}

/// Noun phrases nested in a candidate ("a resumption of ties with X"),
/// nearest first, for when no direct object or oblique names an actor.
pub(super) fn nested(tree: &Tree, c: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut frontier = vec![c];
    for _ in 0..3 {
        let mut next = Vec::new();
        for n in frontier {
            for &k in tree.children(n) {
                if tree.base_rel(k) == Deprel::Nmod {
                    out.push(k);
                    next.push(k);
                }
            }
        }
        frontier = next;
    }
    out
}

/// Climbs from a token to the head of its noun phrase.
pub(super) fn np_head(tree: &Tree, mut t: usize) -> usize {
    for _ in 0..4 {
        match tree.deprel(t) {
            Deprel::Det
            | Deprel::Amod
            | Deprel::Compound
            | Deprel::Nummod
            | Deprel::Case
            | Deprel::Flat
            | Deprel::NmodPoss => match tree.head(t) {
                Some(h) => t = h,
                None => break,
            },
            _ => break,
        }
    }
    t
}

/// The actor asked in an oblique of an appeal verb, who is the controller of
/// its infinitive like a direct object is: "called on B to …", "appealed to
/// B to …", "pleaded with B to …". "With" names the one asked only after
/// "plead"; elsewhere ("agreed with B to …") the subject acts.
pub(super) fn asked_in_oblique(tree: &Tree, v: usize) -> Option<usize> {
    let plead = tree.lemma(v).eq_ignore_ascii_case("plead");
    tree.children(v).iter().copied().find(|&o| {
        tree.base_rel(o) == Deprel::Obl
            && match prep_of(tree, o) {
                Some("ON" | "UPON" | "TO") => true,
                Some("WITH") => plead,
                _ => false,
            }
    })
}
