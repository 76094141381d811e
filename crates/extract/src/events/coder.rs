//! Coding one parsed sentence: verbs → clauses → events.
//!
//! For each verb the coder finds its source (the subject; the `by` agent of a
//! passive; for a verb with no subject of its own, the controller: the
//! object of "ask X to …", else the subject of the verb above), its target
//! (the object, else the first coded prepositional phrase, or where a
//! pattern's `+` falls) and its code: the heaviest matching pattern of the
//! verb's blocks, else the verb's own code, else its block's. No pattern, no
//! code: nothing is invented.
//!
//! Verbs of verbs are then combined, innermost first: the dictionary's
//! transformations ("a says that a attacks b" = 015), PICO composition ("A
//! wants to [help B]" = 033, "A asked B to [help C]" = 023), negation ("not
//! provide support" = 121), refusals ("refused to meet B" = 125; refusing
//! an attack is no event), obligations ("X said Y must Z" is X's demand on
//! Y, 10x) and reported speech (the inner event of "X said Y attacked Z" is
//! kept, attributed to X's statement). A demand, appeal or threat with no
//! object is addressed to the subject of its that-clause, and a coded verb
//! with no object takes the object of its to-clause ("threatened to cut
//! off electricity to B"). A compound subject
//! or object gives one event per pair; a compound subject with no target
//! ("the US, Russia and Switzerland met") gives events among its members.
//!
//! The combinations are two ordered tables of small rules: [`CLAUSE_RULES`]
//! decide for an inner clause as a whole (an uncoded obligation, a
//! refusal), else each inner event goes to the first of [`EVENT_RULES`]
//! that applies. A rule reports whether the outer verb's own events are
//! superseded by what it emitted ([`Fired`]), so no rule steers another
//! through shared state.

use super::actors::{code_heads, person_pronoun_code};
use super::args::{
    misparsed_main_verb, nested, np_head, passive_agent, prep_of, subject_heads, target_candidates,
};
use super::nominal::code_nouns;
use super::patterns::{match_pattern, summary, Item};
use super::raw::{Actor, RawEvent};
use super::senses;
use super::speech;
use super::tree::Tree;
use chrono::NaiveDate;
use newsgraph_dict::{CodePair, Dictionaries, Transformation};
use newsgraph_doc::{Deprel, QuoteKind, Upos};
use std::collections::HashMap;

/// A transformed event: source, target, code.
type Dyad = (Actor, Option<Actor>, String);

/// What the coder knows about one verb.
#[derive(Clone, Debug, Default)]
struct Clause {
    code: CodePair,
    pattern: String,
    block: Option<u32>,
    sources: Vec<Actor>,
    targets: Vec<Actor>,
    /// True when the subject is the clause's own (not inherited).
    own_subject: bool,
    /// True when the own subject is a pronoun ("he", "it", "they").
    pronoun_subject: bool,
    negated: bool,
}

/// CAMEO's rejection of a cooperative act, where PICO has no negation:
/// refusing to meet or negotiate = 125, to mediate = 126, to cooperate
/// materially or give aid = 121, to yield = 124 (release 1243, allow
/// international involvement 1245, de-escalate 1246), anything else
/// cooperative = 120. Hostile acts have none.
fn refusal_code(inner: &str) -> Option<&'static str> {
    let base = inner.get(..3).unwrap_or(inner);
    Some(match base {
        "045" => "126",
        "084" => "1243",
        "086" => "1245",
        "087" => "1246",
        _ => match root2(inner) {
            4 => "125",
            6 | 7 => "121",
            8 => "124",
            3 | 5 => "120",
            _ => return None,
        },
    })
}

/// Is verb `v` under an obligation ("must", "should"), directly or through
/// the word its to-clause hangs on ("must be ready to mediate")?
fn obliged(tree: &Tree, v: usize) -> bool {
    let must = |i: usize| {
        tree.children(i)
            .iter()
            .any(|&a| tree.base_rel(a) == Deprel::Aux && matches!(tree.upper(a), "MUST" | "SHOULD"))
    };
    must(v) || (tree.base_rel(v) == Deprel::Xcomp && tree.head(v).is_some_and(must))
}

/// CAMEO's demand (10), what "X said Y must …" amounts to.
const DEMAND: &str = "100";

/// Verbs whose `to`-clause names what the subject would not do.
const REFUSALS: &[&str] = &["REFUSE", "DECLINE", "REJECT"];

const REPORT_BLOCKS: &[&str] = &["SAY", "CLAIM", "ANNOUNCE", "STATE", "TELL", "REPORT"];
fn is_verbish(tree: &Tree, i: usize) -> bool {
    tree.upos(i) == Upos::Verb
}

fn is_pronoun(tree: &Tree, i: usize) -> bool {
    tree.upos(i) == Upos::Pron
}

fn negated(tree: &Tree, v: usize) -> bool {
    tree.children(v).iter().any(|&c| {
        matches!(tree.upper(c), "NOT" | "N'T" | "NEVER" | "N’T")
            && matches!(
                tree.base_rel(c),
                Deprel::Advmod | Deprel::Aux | Deprel::Discourse
            )
    })
}

/// The tokens that stand for `v`'s clause in pattern matching.
fn clause_items(
    dicts: &Dictionaries,
    tree: &Tree,
    v: usize,
    subjects: &[usize],
) -> (Vec<Item>, Vec<Item>) {
    let clausal = |c: usize| {
        matches!(
            tree.base_rel(c),
            Deprel::Ccomp
                | Deprel::Xcomp
                | Deprel::Advcl
                | Deprel::Parataxis
                | Deprel::Csubj
                | Deprel::Punct
                | Deprel::Acl
        ) || tree.deprel(c) == Deprel::Conj && is_verbish(tree, c)
    };
    let mut pre_toks: Vec<usize> = Vec::new();
    let mut post_toks: Vec<usize> = Vec::new();
    for &s in subjects {
        if tree.head(s) == Some(v) || tree.deprel(s) == Deprel::Conj {
            pre_toks.extend(tree.subtree_where(s, &clausal));
        }
    }
    for &c in tree.children(v) {
        let rel = tree.deprel(c);
        match tree.base_rel(c) {
            Deprel::Nsubj | Deprel::Csubj if rel != Deprel::NsubjPass => {}
            Deprel::Aux | Deprel::Advmod if c < v => pre_toks.push(c),
            Deprel::Obj
            | Deprel::Iobj
            | Deprel::Obl
            | Deprel::Compound
            | Deprel::Nmod
            | Deprel::Dep
            | Deprel::Advmod => post_toks.extend(tree.subtree_where(c, &clausal)),
            Deprel::Nsubj => post_toks.extend(tree.subtree_where(c, &clausal)),
            _ => {}
        }
    }
    pre_toks.sort_unstable();
    pre_toks.dedup();
    post_toks.sort_unstable();
    post_toks.dedup();
    let ix = dicts.verbs.index();
    let item = |i: usize| {
        Item::new(
            ix,
            i,
            tree.upper(i),
            tree.lemma(i),
            tree.deprel(i) == Deprel::Case,
        )
    };
    let keep = |i: &usize| tree.upos(*i) != Upos::Punct && tree.upos(*i) != Upos::Det;
    (
        pre_toks.into_iter().filter(keep).map(item).collect(),
        post_toks.into_iter().filter(keep).map(item).collect(),
    )
}

/// Does a multi-word verb's remainder ("FOR" in ASK_FOR) follow the verb?
fn rest_matches(tree: &Tree, v: usize, rest: &[String]) -> bool {
    let mut pos = v + 1;
    for w in rest {
        let found = (pos..(pos + 3).min(tree.end)).find(|&k| tree.upper(k) == *w);
        match found {
            Some(k) => pos = k + 1,
            None => return false,
        }
    }
    true
}

/// What the verb dictionary says about one verb in its clause.
struct VerbCode {
    code: CodePair,
    /// The pattern (or verb/block) as written, for provenance.
    text: String,
    block: u32,
    /// Where the pattern's `+` and `$` fell, if it has them.
    target: Option<usize>,
    source: Option<usize>,
}

/// The code of verb `v`.
fn verb_code(dicts: &Dictionaries, tree: &Tree, v: usize, subjects: &[usize]) -> Option<VerbCode> {
    let verbs = &dicts.verbs;
    let mut forms: Vec<_> = verbs.forms(tree.lemma(v)).iter().collect();
    for f in verbs.forms(tree.upper(v)) {
        if !forms.contains(&f) {
            forms.push(f);
        }
    }
    // A lemma the dictionary does not know may be the lemmatizer's slip
    // ("telephoned" → "telephon"): try the regular stems of the surface form.
    if forms.is_empty() && is_verbish(tree, v) {
        for stem in regular_stems(tree.upper(v)) {
            forms.extend(verbs.forms(&stem));
            if !forms.is_empty() {
                break;
            }
        }
    }
    let forms: Vec<_> = forms
        .into_iter()
        .filter(|f| rest_matches(tree, v, &f.rest))
        .collect();
    // A multi-word verb that matched is more specific than the bare verb.
    let best_form = forms
        .iter()
        .max_by_key(|f| (f.rest.len(), std::cmp::Reverse(f.block)))
        .copied()?;
    let mut best: Option<(usize, VerbCode)> = None;
    let mut blocks: Vec<u32> = forms.iter().map(|f| f.block).collect();
    blocks.dedup();
    // The clause's words, only for a verb the dictionary knows.
    let (pre, post) = clause_items(dicts, tree, v, subjects);
    let ix = verbs.index();
    let have = (summary(&pre), summary(&post));
    for b in blocks {
        let Some(block) = verbs.blocks.get(b as usize) else {
            continue;
        };
        for (pat, indexed) in block.patterns.iter().zip(ix.patterns(b as usize)) {
            if let Some(m) = match_pattern(ix, indexed, &pre, &post, &have) {
                // Any matching pattern beats the verb's default, even one
                // that only places the target ("- * + [code]").
                if best.as_ref().is_none_or(|(w, ..)| m.weight > *w) {
                    best = Some((
                        m.weight,
                        VerbCode {
                            code: pat.code.clone(),
                            text: pat.text.clone(),
                            block: best_form.block,
                            target: m.target,
                            source: m.source,
                        },
                    ));
                }
            }
        }
    }
    let block = best_form.block;
    if let Some((_, vc)) = best {
        return Some(vc);
    }
    let name = verbs
        .blocks
        .get(block as usize)
        .map_or("", |b| b.name.as_str());
    let (code, how) = match &best_form.code {
        Some(c) => (c.clone(), "verb"),
        None => (
            verbs
                .blocks
                .get(block as usize)
                .map(|b| b.code.clone())
                .unwrap_or_default(),
            "block",
        ),
    };
    let text = format!("{how} {} in --- {name} ---", tree.lemma(v));
    Some(VerbCode {
        code,
        text,
        block,
        target: None,
        source: None,
    })
}

/// Candidate base forms of a regularly inflected verb (upper case), most
/// likely first: PHONED → PHONE, PHONED; STOPPED → STOP; TRIES → TRY.
fn regular_stems(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (suffix, adds) in [
        ("IED", &["Y"][..]),
        ("IES", &["Y"][..]),
        ("ING", &["E", ""][..]),
        ("ED", &["E", ""][..]),
        ("ES", &["", "E"][..]),
        ("S", &[""][..]),
    ] {
        let Some(stem) = word.strip_suffix(suffix).filter(|s| s.len() >= 2) else {
            continue;
        };
        for add in adds {
            out.push(format!("{stem}{add}"));
        }
        // A doubled final consonant: STOPPED → STOP.
        let b = stem.as_bytes();
        if b.len() >= 3
            && b[b.len() - 1] == b[b.len() - 2]
            && !b"AEIOUSLZ".contains(&b[b.len() - 1])
        {
            out.push(stem[..stem.len() - 1].to_string());
        }
        break;
    }
    out
}

fn analyze(dicts: &Dictionaries, tree: &Tree, v: usize, date: Option<NaiveDate>) -> Clause {
    let (subj, own) = subject_heads(tree, v, 0);
    let mut clause = Clause {
        own_subject: own,
        pronoun_subject: own && subj.iter().any(|&s| is_pronoun(tree, s)),
        negated: negated(tree, v),
        ..Clause::default()
    };
    clause.sources = code_heads(dicts, tree, &subj, date, true);
    let mut pattern_target = None;
    if let Some(vc) = verb_code(dicts, tree, v, &subj) {
        clause.code = vc.code;
        clause.pattern = vc.text;
        clause.block = Some(vc.block);
        pattern_target = vc.target.map(|t| np_head(tree, t));
        // A pattern's `$` names the source where the clause has none
        // ("was criticized over its dispute with $").
        if clause.sources.is_empty() {
            if let Some(t) = vc.source.map(|t| np_head(tree, t)) {
                clause.sources = code_heads(dicts, tree, &tree.conjuncts(t), date, true);
            }
        }
    }
    // An idiom, a sports result, a market or weather report: another
    // sense of the verb, which codes nothing (see `senses`).
    if !clause.code.is_null() && senses::other_sense(tree, v, &subj) {
        clause.code = CodePair::default();
        clause.pattern.clear();
    }
    // "attacked the government's plans", "hit out at the decision": the
    // attack is in words, criticism (111), not an assault.
    let conflict = clause
        .code
        .forward
        .as_deref()
        .is_some_and(|k| matches!(root2(k), 17..=20));
    // A verb of force the dictionary leaves uncoded in this use ("slammed
    // the decision": SLAM is a crash there) is read the same way.
    let uncoded = clause.code.is_null();
    if (conflict || uncoded) && speech::verbal_attack(tree, v, tree.child_rel(v, Deprel::Obj)) {
        clause.code = CodePair {
            forward: Some(speech::CRITICISM.to_string()),
            reverse: None,
        };
        clause.pattern = format!("{} + in words", clause.pattern);
    }
    // An uncoded verb of force aimed at a person may still be a rival's
    // attack in words ("Trump slammed Clinton"): decided once the target
    // is known, below; anything else stays uncoded.
    let tentative = clause.code.is_null() && speech::verbal_attack_verb(tree, v);
    if tentative {
        clause.code = CodePair {
            forward: Some(speech::CRITICISM.to_string()),
            reverse: None,
        };
        clause.pattern = format!("verb {}", tree.lemma(v));
    }
    // Targets only ever serve a clause's own code (its events, their
    // negation and composition); a verb that codes nothing needs none.
    if clause.code.is_null() {
        return clause;
    }
    let agent = passive_agent(tree, v);
    let mut cands = Vec::new();
    if let Some(t) = pattern_target {
        cands.push(t);
    }
    cands.extend(target_candidates(tree, v, agent));
    let deep: Vec<usize> = cands.iter().flat_map(|&c| nested(tree, c)).collect();
    cands.extend(deep);
    // The first candidate that names a country or organization wins; a
    // role noun alone ("military exercises" = ---MIL) only if none does.
    let mut fallback = Vec::new();
    for c in cands {
        if subj.contains(&c) {
            continue;
        }
        let coded = code_heads(dicts, tree, &tree.conjuncts(c), date, false);
        if coded.iter().any(|a| !a.code.starts_with("---")) {
            clause.targets = coded;
            break;
        }
        if fallback.is_empty() {
            fallback = coded;
        }
    }
    if clause.targets.is_empty() {
        clause.targets = fallback;
    }
    // "The Tories attacked Labour", "Fox blasts Blair": one country's
    // parties and office-holders attack each other in words, never with
    // arms; the fight is criticism (111).
    let conflict = clause
        .code
        .forward
        .as_deref()
        .is_some_and(|k| matches!(root2(k), 17..=20));
    if (conflict || tentative)
        && speech::verbal_attack_verb(tree, v)
        && speech::political_rivals(&clause.sources, &clause.targets)
    {
        clause.code = CodePair {
            forward: Some(speech::CRITICISM.to_string()),
            reverse: None,
        };
        clause.pattern = format!("{} + between rivals", clause.pattern);
    } else if tentative {
        clause.code = CodePair::default();
        clause.pattern.clear();
        clause.targets.clear();
        return clause;
    }
    // "demanded that B forsake its programme", "urged that B …": an appeal,
    // demand, criticism, rejection or threat is addressed to the subject
    // of its that-clause when it has no object. When the inner verb codes
    // an event the two are composed later and this one is dropped.
    let addressed = clause
        .code
        .forward
        .as_deref()
        .is_some_and(|k| matches!(root2(k), 2 | 10..=13));
    if clause.targets.is_empty() && addressed {
        if let Some(s) = tree
            .children(v)
            .iter()
            .find(|&&k| tree.base_rel(k) == Deprel::Ccomp)
            .and_then(|&k| tree.child_rel(k, Deprel::Nsubj))
        {
            clause.targets = code_heads(dicts, tree, &tree.conjuncts(s), date, false);
        }
    }
    // "threatened to cut off electricity to B", "offered to mediate in B":
    // a coded verb with no object of its own is aimed at the object of its
    // to-clause. (When the to-clause codes an event itself, the two are
    // composed and this event is dropped.)
    if clause.targets.is_empty() && clause.code.forward.is_some() {
        if let Some(k) = tree.child_rel(v, Deprel::Xcomp) {
            let mut cands = target_candidates(tree, k, passive_agent(tree, k));
            let deep: Vec<usize> = cands.iter().flat_map(|&c| nested(tree, c)).collect();
            cands.extend(deep);
            for c in cands {
                let coded = code_heads(dicts, tree, &tree.conjuncts(c), date, false);
                if coded.iter().any(|a| !a.code.starts_with("---")) {
                    clause.targets = coded;
                    break;
                }
            }
        }
    }
    clause
}

fn root2(code: &str) -> u8 {
    code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0)
}

fn block_is(dicts: &Dictionaries, block: Option<u32>, name: &str) -> bool {
    match (block, dicts.verbs.block_of(name)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The events of one clause on its own (before verb-of-verb combination).
fn own_events(v: usize, c: &Clause) -> Vec<RawEvent> {
    let mut out = Vec::new();
    let mut push = |s: &Actor, t: Option<&Actor>, code: &Option<String>| {
        if let Some(code) = code {
            if t.is_some_and(|t| t.code == s.code) {
                return;
            }
            let mut ev = RawEvent::new(v, s.clone(), t.cloned(), code.clone(), c.pattern.clone());
            ev.negated = c.negated;
            out.push(ev);
        }
    };
    // Only a subject of the clause's own meets among itself; an inherited
    // compound ("A and B will meet in C to discuss") already has its event.
    let cooperative = c.code.forward.as_deref().is_some_and(|k| root2(k) <= 8);
    let reciprocal = c.targets.is_empty() && c.sources.len() > 1 && c.own_subject && cooperative;
    for s in &c.sources {
        if reciprocal {
            for t in c.sources.iter().filter(|t| t.tok != s.tok) {
                push(s, Some(t), &c.code.forward);
            }
            continue;
        }
        if c.targets.is_empty() {
            push(s, None, &c.code.forward);
        }
        for t in &c.targets {
            push(s, Some(t), &c.code.forward);
            push(t, Some(s), &c.code.reverse);
        }
    }
    out
}

/// Applies the dictionary's transformations to outer clause `o` (verb `ov`)
/// and one inner event; returns the transformed events.
fn transform(
    dicts: &Dictionaries,
    o: &Clause,
    inner: &RawEvent,
    inner_clause: &Clause,
) -> Option<(Vec<Dyad>, String)> {
    for t in &dicts.verbs.transformations {
        if !block_is(dicts, o.block, &t.outer_verb) || !inner_matches(dicts, t, inner) {
            continue;
        }
        let mut out = Vec::new();
        // A speaker with no country ("officials said") is a source of
        // news, not a party to it.
        for a in o.sources.iter().filter(|a| !a.code.starts_with("---")) {
            let mut vars: HashMap<&str, Actor> = HashMap::new();
            vars.insert(t.outer_source.as_str(), a.clone());
            // The inner subject is "the same actor" when it is the outer
            // one, a pronoun, or left implicit ("wants to attack").
            let same = !inner_clause.own_subject
                || inner_clause.pronoun_subject
                || inner.source.code == a.code;
            let ok_source = match t.inner_source.as_str() {
                "_" => !inner_clause.own_subject,
                "." => true,
                x if x == t.outer_source => same,
                x => {
                    if !same {
                        vars.insert(x, inner.source.clone());
                    }
                    !same
                }
            };
            if !ok_source {
                continue;
            }
            match (t.inner_target.as_str(), &inner.target) {
                (".", _) => {}
                (x, Some(tg)) if !vars.contains_key(x) => {
                    vars.insert(x, tg.clone());
                }
                _ => continue,
            }
            let (Some(src), tgt) = (
                vars.get(t.out_source.as_str()).cloned(),
                vars.get(t.out_target.as_str()).cloned(),
            ) else {
                continue;
            };
            let code = if t.out_code == "Q" {
                inner.code.clone()
            } else {
                t.out_code.clone()
            };
            out.push((src, tgt, code));
        }
        if !out.is_empty() {
            return Some((out, t.text.clone()));
        }
    }
    None
}

fn inner_matches(dicts: &Dictionaries, t: &Transformation, inner: &RawEvent) -> bool {
    if t.inner_verb == "Q" {
        return true;
    }
    let Some(b) = dicts.verbs.block_of(&t.inner_verb) else {
        return false;
    };
    let Some(code) = dicts
        .verbs
        .blocks
        .get(b as usize)
        .and_then(|bl| bl.code.forward.clone())
        .or_else(|| {
            dicts
                .verbs
                .forms(&t.inner_verb)
                .iter()
                .find_map(|f| f.code.as_ref().and_then(|c| c.forward.clone()))
        })
    else {
        return false;
    };
    // Upstream names a verb for its whole class: ATTACK stands for the
    // material-conflict roots, ASSASSINATE for 18x.
    let (a, b2) = (root2(&code), root2(&inner.code));
    a == b2 || (a >= 18 && b2 >= 18)
}

/// Codes one sentence: its clauses, combined innermost first, then its
/// event nouns.
pub(crate) fn code_sentence(
    dicts: &Dictionaries,
    tree: &Tree,
    date: Option<NaiveDate>,
) -> Vec<RawEvent> {
    let verbs = clause_heads(tree);
    let clauses = analyze_clauses(dicts, tree, &verbs, date);
    // Innermost first: deeper verbs are combined before their governors.
    let mut order = verbs.clone();
    order.sort_by_key(|&v| std::cmp::Reverse(depth(tree, v)));
    let mut events: HashMap<usize, Vec<RawEvent>> = HashMap::new();
    let empty = Clause::default();
    for &v in &order {
        let c = clauses.get(&v).unwrap_or(&empty);
        let mine = code_verb(dicts, tree, v, c, &clauses, &mut events, date);
        events.insert(v, mine);
    }
    let mut out: Vec<RawEvent> = Vec::new();
    for v in verbs {
        if let Some(list) = events.remove(&v) {
            out.extend(list);
        }
    }
    for e in quoted_judgements(dicts, tree, date) {
        let known = out.iter().any(|o| {
            o.source.code == e.source.code
                && o.code == e.code
                && o.target.as_ref().map(|t| &t.code) == e.target.as_ref().map(|t| &t.code)
        });
        if !known {
            out.push(e);
        }
    }
    // Event nouns, unless a verb already coded the same dyad ("held talks
    // with B" is the verb's event when the verb dictionary knows it).
    for e in code_nouns(dicts, tree, date) {
        let known = out.iter().any(|o| {
            o.source.code == e.source.code
                && o.target.as_ref().map(|t| &t.code) == e.target.as_ref().map(|t| &t.code)
        });
        if !known {
            out.push(e);
        }
    }
    // "supplying arms for the war against B": a cooperative act (roots
    // 01–09) is not done *to* the actor a phrase inside its argument is
    // aimed against; who it helps is not said, so the event keeps no target
    // rather than the wrong one. (An "against" right on the verb is left to
    // the dictionary's patterns.)
    for e in &mut out {
        let opposed = e.target.as_ref().is_some_and(|t| {
            prep_of(tree, t.tok) == Some("AGAINST") && tree.head(t.tok) != Some(e.verb)
        });
        if opposed && root2(&e.code) <= 9 {
            e.target = None;
        }
    }
    out.retain(|e| codable(tree, e));
    // Self-events say nothing, nor does an unplaced actor acting on no one.
    // (Events between two unplaced actors wait for the article's home
    // country: `events::run_planned` drops those it cannot place.)
    out.retain(|e| e.target.as_ref().is_none_or(|t| t.code != e.source.code));
    out.retain(|e| !(e.source.code.starts_with("---") && e.target.is_none()));
    out
}

/// Is a coded event one the guidelines code (docs/events-guidelines.md
/// §1)? Not a bare statement (010: "X said the economy was strong"), not
/// a statement, appeal or other act in words toward the medium it was
/// said to ("told BBC News", "told reporters"), and not a national team's
/// result ("Spain beat Italy").
fn codable(tree: &Tree, e: &RawEvent) -> bool {
    if e.code == "010" {
        return false;
    }
    let verbal = matches!(root2(&e.code), 1..=13 | 16);
    if verbal && e.target.as_ref().is_some_and(|t| is_media(&t.code)) {
        return false;
    }
    !(matches!(root2(&e.code), 17..=20) && senses::team_result(tree.lemma(e.verb), &e.source.code))
}

/// Does an actor code have the media role (`MED`, `GBRMED`, `---MED`)?
fn is_media(code: &str) -> bool {
    let roles = if code.len().is_multiple_of(3) {
        code
    } else {
        ""
    };
    (0..roles.len() / 3).any(|i| roles.get(i * 3..i * 3 + 3) == Some("MED"))
}

/// The tokens that head a clause, in sentence order: verbs, and adjectives
/// or nouns with a clause of their own.
fn clause_heads(tree: &Tree) -> Vec<usize> {
    // A participle before its noun ("the visiting king", "the ruling
    // party") describes the noun; it is not a clause of its own.
    let prenominal = |i: usize| {
        matches!(tree.base_rel(i), Deprel::Acl | Deprel::Amod)
            && tree.head(i).is_some_and(|h| h > i)
            && misparsed_main_verb(tree, i).is_none()
    };
    (tree.start..tree.end)
        .filter(|&i| (is_verbish(tree, i) || has_clausal_child(tree, i)) && !prenominal(i))
        .collect()
}

/// Every clause analyzed, with pronoun subjects resolved.
fn analyze_clauses(
    dicts: &Dictionaries,
    tree: &Tree,
    verbs: &[usize],
    date: Option<NaiveDate>,
) -> HashMap<usize, Clause> {
    let mut clauses: HashMap<usize, Clause> = HashMap::new();
    for &v in verbs {
        clauses.insert(v, analyze(dicts, tree, v, date));
    }
    // A pronoun subject of a subordinate clause that nothing else resolved
    // refers back to the subject above it: "France said it attacked".
    let mut top_down = verbs.to_vec();
    top_down.sort_by_key(|&v| depth(tree, v));
    for &v in &top_down {
        let inherit = clauses
            .get(&v)
            .is_some_and(|c| c.pronoun_subject && c.sources.is_empty());
        if !inherit
            || !matches!(
                tree.base_rel(v),
                Deprel::Ccomp | Deprel::Xcomp | Deprel::Advcl | Deprel::Conj
            )
        {
            continue;
        }
        let from = tree
            .head(v)
            .and_then(|h| clauses.get(&h))
            .map(|h| h.sources.clone())
            .unwrap_or_default();
        if let Some(c) = clauses.get_mut(&v) {
            c.sources = from;
        }
    }
    // "She accused the Tories …", "He said Labour was wrong": a person
    // pronoun nothing above resolved stands for the person last named
    // (or the quote's speaker it names). Only for acts in words, where the
    // speaker is the actor: elsewhere a misread antecedent would invent a
    // deed.
    for &v in verbs {
        let Some(c) = clauses.get_mut(&v) else {
            continue;
        };
        if !c.pronoun_subject || !c.sources.is_empty() || !in_words(dicts, tree, v, c) {
            continue;
        }
        let subj =
            tree.children(v).iter().copied().find(|&s| {
                tree.deprel(s) == Deprel::Nsubj && matches!(tree.upper(s), "HE" | "SHE")
            });
        if let Some(s) = subj {
            if let Some(code) = person_pronoun_code(tree.doc, s) {
                c.sources = vec![Actor {
                    code,
                    name: tree.upper(s).to_string(),
                    tok: s,
                }];
            }
        }
    }
    clauses
}

/// Is clause `c` of verb `v` an act done in words: a statement that can
/// carry a judgement or a demand (a reporting or speech verb), or an
/// appeal, praise, demand, criticism, rejection or threat?
fn in_words(dicts: &Dictionaries, tree: &Tree, v: usize, c: &Clause) -> bool {
    REPORT_BLOCKS.iter().any(|b| block_is(dicts, c.block, b))
        || speech::SPEECH_VERBS.contains(&tree.lemma(v))
        || c.code
            .forward
            .as_deref()
            .is_some_and(|k| matches!(root2(k), 1 | 2 | 5 | 10..=13))
}

/// The events of verb `v` (clause `c`), combined with the events already
/// coded for its inner clauses, which it takes out of `events`.
fn code_verb(
    dicts: &Dictionaries,
    tree: &Tree,
    v: usize,
    c: &Clause,
    clauses: &HashMap<usize, Clause>,
    events: &mut HashMap<usize, Vec<RawEvent>>,
    date: Option<NaiveDate>,
) -> Vec<RawEvent> {
    let mut mine = if c.negated && negated_content(tree, v) {
        Vec::new()
    } else if c.negated {
        negated_events(dicts, v, c)
    } else {
        own_events(v, c)
    };
    let empty = Clause::default();
    let mut outer_superseded = false;
    for &k in tree.children(v) {
        let Some((rel, purpose)) = inner_link(tree, k) else {
            continue;
        };
        // The inner clause with its conjoined verbs: "claimed that ISIL
        // had attacked Iraq and taken Mosul".
        let mut inner = Vec::new();
        for j in tree.conjuncts(k) {
            if j == k || is_verbish(tree, j) {
                inner.extend(events.remove(&j).unwrap_or_default());
            }
        }
        let reporting = REPORT_BLOCKS.iter().any(|b| block_is(dicts, c.block, b))
            || c.code.forward.as_deref().is_some_and(|x| root2(x) == 1);
        if rel == Deprel::Ccomp
            && (reporting || speech::SPEECH_VERBS.contains(&tree.lemma(v)))
            && !c.negated
        {
            mine.extend(disapproval(dicts, tree, v, c, k, date));
        }
        let link = Link {
            dicts,
            tree,
            v,
            outer: c,
            k,
            // A non-verbal clause head has no analysis of its own.
            inner: clauses.get(&k).unwrap_or(&empty),
            rel,
            purpose,
            reporting,
        };
        outer_superseded |= combine(&link, inner, &mut mine).supersedes_outer;
    }
    if !c.negated && speech::DENIALS.contains(&tree.lemma(v)) {
        mine.extend(denied_report(dicts, tree, v, c, events, date));
    }
    // "called the plan unworkable" judges the plan's owner; it is no
    // telephone call (CALL's own code).
    let called = called_judgement(dicts, tree, v, c, date);
    if !called.is_empty() {
        outer_superseded = true;
        mine.extend(called);
    }
    if outer_superseded {
        mine.retain(|e| e.verb != v || e.reported_by.is_some() || e.pattern.contains(" + "));
    }
    // Without a target only material conflict (a protest, a mobilization,
    // an attack whose victim is unnamed) is an event; a statement,
    // an appeal or a promise to no one is not. A verb of many senses
    // ("took over", "hit out") or one coded only by its block's default
    // needs a target to be read as an act.
    mine.retain(|e| {
        e.target.is_some()
            || (matches!(root2(&e.code), 14 | 15 | 17..=20)
                && !senses::POLYSEMOUS.contains(&tree.lemma(e.verb))
                && !(root2(&e.code) >= 17
                    && e.pattern.starts_with("block ")
                    && !e.pattern.contains(" + ")))
    });
    mine
}

/// "its promise not to sell weapons", "the commitments Pyongyang made to not
/// provide arms": a negated infinitive that spells out what a noun (a
/// promise, a commitment, a request), directly or through a relative
/// clause on it, says. Nobody refuses anything here; the noun's own verb
/// ("keep", "abide by") is what the sentence reports.
fn negated_content(tree: &Tree, v: usize) -> bool {
    let infinitive = tree
        .children(v)
        .iter()
        .any(|&m| tree.deprel(m) == Deprel::Mark && tree.upper(m) == "TO");
    let Some(h) = tree.head(v) else {
        return false;
    };
    infinitive
        && (matches!(tree.upos(h), Upos::Noun | Upos::Propn) || tree.base_rel(h) == Deprel::Acl)
}

/// "would not provide support": a rejection of the same content (PICO
/// negation); a negated act with no rejection (an attack) is no event.
fn negated_events(dicts: &Dictionaries, v: usize, c: &Clause) -> Vec<RawEvent> {
    let Some(code) = c.code.forward.as_deref().and_then(|k| dicts.pico.negate(k)) else {
        return Vec::new();
    };
    let neg = Clause {
        code: CodePair {
            forward: Some(code),
            reverse: None,
        },
        pattern: format!("not + {}", c.pattern),
        ..c.clone()
    };
    own_events(v, &neg)
}

/// The relation of child `k` when it is an inner clause its governor
/// combines with, and whether it is a purpose clause: "asked Obama to
/// help Iran" parsed with an infinitival advcl is combined like an xcomp
/// when the outer verb is an appeal, intention or demand, otherwise left
/// alone.
fn inner_link(tree: &Tree, k: usize) -> Option<(Deprel, bool)> {
    let rel = tree.base_rel(k);
    let purpose = rel == Deprel::Advcl
        && tree
            .children(k)
            .iter()
            .any(|&m| tree.deprel(m) == Deprel::Mark && tree.upper(m) == "TO");
    (matches!(rel, Deprel::Ccomp | Deprel::Xcomp) || purpose).then_some((rel, purpose))
}

/// An outer clause and one of its inner clauses, as the combination rules
/// see them.
struct Link<'a, 't> {
    dicts: &'a Dictionaries,
    tree: &'a Tree<'t>,
    /// The outer verb and its clause.
    v: usize,
    outer: &'a Clause,
    /// The inner clause's head and its clause.
    k: usize,
    inner: &'a Clause,
    /// The inner clause's base relation (`ccomp`, `xcomp` or `advcl`).
    rel: Deprel,
    /// An infinitival `advcl` taken as a to-clause.
    purpose: bool,
    /// The outer verb reports speech (a SAY-like block or a 01 code).
    reporting: bool,
}

/// What a combination rule did, when it applied.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Fired {
    /// The outer verb's own events are superseded by the combined ones:
    /// only events of other verbs, reported ones and combinations
    /// (" + " in their pattern) are kept for it.
    supersedes_outer: bool,
}

impl Fired {
    const KEEPS_OUTER: Fired = Fired {
        supersedes_outer: false,
    };
    const SUPERSEDES_OUTER: Fired = Fired {
        supersedes_outer: true,
    };
}

/// A rule over the whole inner clause (its events, possibly none). `None`
/// when it does not apply; when it does, no later rule sees the clause.
type ClauseRule = fn(&Link, &[RawEvent], &mut Vec<RawEvent>) -> Option<Fired>;

/// A rule over one inner event. `None` when it does not apply; when it
/// does, no later rule sees the event.
type EventRule = fn(&Link, &RawEvent, &mut Vec<RawEvent>) -> Option<Fired>;

/// The clause rules, tried in order.
const CLAUSE_RULES: &[ClauseRule] = &[denial, uncoded_obligation, refusal];

/// The event rules, tried in order on each inner event; the last always
/// applies.
const EVENT_RULES: &[EventRule] = &[
    threat,
    transformation,
    composition,
    intention,
    purpose_kept,
    reported_obligation,
    reported_or_kept,
];

/// Combines an inner clause's events with the outer clause: the first
/// clause rule that applies decides for all of them, else each event goes
/// to the first event rule that applies.
fn combine(link: &Link, inner: Vec<RawEvent>, mine: &mut Vec<RawEvent>) -> Fired {
    if let Some(fired) = CLAUSE_RULES
        .iter()
        .find_map(|rule| rule(link, &inner, mine))
    {
        return fired;
    }
    let mut supersedes_outer = false;
    for ev in &inner {
        if let Some(fired) = EVENT_RULES.iter().find_map(|rule| rule(link, ev, mine)) {
            supersedes_outer |= fired.supersedes_outer;
        }
    }
    Fired { supersedes_outer }
}

/// "X said Y must hand over Z" with an uncoded inner verb is still X's
/// demand on Y (see [`reported_obligation`] for the coded case). Applies to
/// every inner clause with no events, so the event rules never see one.
fn uncoded_obligation(link: &Link, inner: &[RawEvent], mine: &mut Vec<RawEvent>) -> Option<Fired> {
    if !inner.is_empty() {
        return None;
    }
    let (c, ic) = (link.outer, link.inner);
    if !(link.reporting
        && link.rel == Deprel::Ccomp
        && obliged(link.tree, link.k)
        && ic.own_subject)
    {
        return Some(Fired::KEEPS_OUTER);
    }
    let mut fired = Fired::KEEPS_OUTER;
    for s in &c.sources {
        for t in ic.sources.iter().filter(|t| t.code != s.code) {
            let pattern = format!("{} + must", c.pattern);
            let ev = RawEvent::new(
                link.v,
                s.clone(),
                Some(t.clone()),
                DEMAND.to_string(),
                pattern,
            );
            mine.push(ev);
            fired = Fired::SUPERSEDES_OUTER;
        }
    }
    Some(fired)
}

/// "refused to meet B", "declined to send troops": the inner event did not
/// happen. Refusing a cooperative act is rejecting it (the same PICO
/// negation as "did not meet", else [`refusal_code`]); refusing a hostile
/// one is no event.
fn refusal(link: &Link, inner: &[RawEvent], mine: &mut Vec<RawEvent>) -> Option<Fired> {
    if link.rel != Deprel::Xcomp || !REFUSALS.contains(&link.tree.lemma(link.v)) {
        return None;
    }
    let c = link.outer;
    for ev in inner {
        let Some(code) = link
            .dicts
            .pico
            .negate(&ev.code)
            .or_else(|| refusal_code(&ev.code).map(str::to_string))
        else {
            continue;
        };
        let sources = if c.sources.is_empty() {
            vec![ev.source.clone()]
        } else {
            c.sources.clone()
        };
        for s in sources {
            let pattern = format!("refuse + {}", ev.pattern);
            mine.push(RawEvent::new(
                link.v,
                s,
                ev.target.clone(),
                code.clone(),
                pattern,
            ));
        }
    }
    Some(Fired::SUPERSEDES_OUTER)
}

/// The dictionary's transformations ("a says that a attacks b" = 015): the
/// transformed events belong to the inner verb, reported by the outer one.
/// A purpose clause is not a complement the dictionary describes.
fn transformation(link: &Link, ev: &RawEvent, mine: &mut Vec<RawEvent>) -> Option<Fired> {
    if link.purpose {
        return None;
    }
    let (list, text) = transform(link.dicts, link.outer, ev, link.inner)?;
    for (s, t, code) in list {
        let mut out = RawEvent::new(link.k, s, t, code, text.clone());
        out.reported_by = Some(link.v);
        mine.push(out);
    }
    Some(Fired::SUPERSEDES_OUTER)
}

/// PICO composition: "A wants to [help B]" = 033, "A asked B to [help C]"
/// = 023, the appeal going to the controller. Not for reporting verbs
/// (reported speech is kept, not composed), and a purpose clause composes
/// only with an appeal, intention or demand.
fn composition(link: &Link, ev: &RawEvent, mine: &mut Vec<RawEvent>) -> Option<Fired> {
    let (c, pico) = (link.outer, &link.dicts.pico);
    let code = c
        .code
        .forward
        .as_deref()
        .filter(|_| !link.reporting)
        .filter(|o| {
            !link.purpose
                || matches!(
                    pico.value(o).map(|v| v & 0xF000),
                    Some(0x2000 | 0x3000 | 0x4000)
                )
        })
        .and_then(|o| pico.compose(o, &ev.code))?;
    let tree = link.tree;
    // "called on B to …", "appealed to B to …": the asked actor in an
    // oblique is the controller too.
    let controller = tree
        .child_rel(link.v, Deprel::Obj)
        .or_else(|| tree.child_rel(link.v, Deprel::Iobj))
        .or_else(|| super::args::asked_in_oblique(tree, link.v));
    let target = if (link.rel == Deprel::Xcomp || link.purpose) && controller.is_some() {
        c.targets.first().cloned().or(ev.target.clone())
    } else {
        ev.target.clone()
    };
    let sources = c.sources.iter().cloned();
    for s in sources.chain((c.sources.is_empty()).then(|| ev.source.clone())) {
        let pattern = format!("{} + {}", c.pattern, ev.pattern);
        mine.push(RawEvent::new(
            link.v,
            s,
            target.clone(),
            code.clone(),
            pattern,
        ));
    }
    Some(Fired::SUPERSEDES_OUTER)
}

/// A purpose clause that did not compose ("met in C to discuss trade") is
/// an event of its own, kept as coded.
fn purpose_kept(link: &Link, ev: &RawEvent, mine: &mut Vec<RawEvent>) -> Option<Fired> {
    if !link.purpose {
        return None;
    }
    mine.push(ev.clone());
    Some(Fired::KEEPS_OUTER)
}

/// "X said Y must Z": not Y's deed but X's demand on Y (CAMEO 10, composed
/// with Z as for "X demanded that Y Z"). A pronoun subject is the speaker's
/// own obligation, not a demand.
fn reported_obligation(link: &Link, ev: &RawEvent, mine: &mut Vec<RawEvent>) -> Option<Fired> {
    if !link.reporting || !obliged(link.tree, ev.verb) || link.inner.pronoun_subject {
        return None;
    }
    let c = link.outer;
    let code = link
        .dicts
        .pico
        .compose(DEMAND, &ev.code)
        .unwrap_or_else(|| DEMAND.to_string());
    for s in c.sources.iter().filter(|s| s.code != ev.source.code) {
        let pattern = format!("{} + must {}", c.pattern, ev.pattern);
        let target = Some(ev.source.clone());
        mine.push(RawEvent::new(
            link.v,
            s.clone(),
            target,
            code.clone(),
            pattern,
        ));
    }
    Some(Fired::SUPERSEDES_OUTER)
}

/// Reported speech: "he said Y attacked Z" keeps Y's event, attributed to
/// the statement; a pronoun subject is the speaker. Any other inner event
/// is kept as it is. A reporting verb, and a verb with a to-clause ("tried
/// to attack"), is superseded by what it governs.
fn reported_or_kept(link: &Link, ev: &RawEvent, mine: &mut Vec<RawEvent>) -> Option<Fired> {
    let mut ev = ev.clone();
    if link.reporting {
        if link.inner.pronoun_subject {
            if let Some(s) = link.outer.sources.first() {
                ev.source = s.clone();
            }
        }
        ev.reported_by = Some(link.v);
    }
    mine.push(ev);
    Some(Fired {
        supersedes_outer: link.reporting || link.rel == Deprel::Xcomp,
    })
}

/// "Egypt denied that it had attacked Libya": the denied act did not
/// happen as far as the speaker says; the speaker's denial of its own act
/// is CAMEO 016 (deny responsibility) toward the act's target, and a denial
/// of another's act is no event of either.
fn denial(link: &Link, inner: &[RawEvent], mine: &mut Vec<RawEvent>) -> Option<Fired> {
    if link.rel != Deprel::Ccomp || !speech::DENIALS.contains(&link.tree.lemma(link.v)) {
        return None;
    }
    let (c, ic) = (link.outer, link.inner);
    for ev in inner {
        let own = !ic.own_subject
            || ic.pronoun_subject
            || c.sources.iter().any(|s| s.code == ev.source.code);
        if !own {
            continue;
        }
        let sources = if c.sources.is_empty() {
            vec![ev.source.clone()]
        } else {
            c.sources.clone()
        };
        for s in sources {
            let pattern = format!("{} + deny {}", c.pattern, ev.pattern);
            mine.push(RawEvent::new(
                link.v,
                s,
                ev.target.clone(),
                "016".to_string(),
                pattern,
            ));
        }
    }
    Some(Fired::SUPERSEDES_OUTER)
}

/// Nouns naming what others say an actor did, which a denial rejects.
const REPORT_NOUNS: &[&str] = &[
    "REPORT",
    "CLAIM",
    "ALLEGATION",
    "ACCUSATION",
    "CHARGE",
    "SUGGESTION",
    "RUMOUR",
    "RUMOR",
    "STORY",
];

/// "The government denied reports that Brown would oust Milburn", "he
/// denied a report that he planned to appeal to the kidnappers": a denial
/// of what is reported is CAMEO 016 (deny responsibility) by the subject,
/// toward the target of its own reported act or toward the actor the
/// report accuses; the reported act itself did not happen as far as the
/// sentence says, so its events are consumed here.
fn denied_report(
    dicts: &Dictionaries,
    tree: &Tree,
    v: usize,
    c: &Clause,
    events: &mut HashMap<usize, Vec<RawEvent>>,
    date: Option<NaiveDate>,
) -> Vec<RawEvent> {
    let Some(report) = tree
        .child_rel(v, Deprel::Obj)
        .filter(|&o| REPORT_NOUNS.contains(&tree.lemma(o)))
    else {
        return Vec::new();
    };
    let Some(k) = tree
        .children(report)
        .iter()
        .copied()
        .find(|&k| matches!(tree.base_rel(k), Deprel::Acl | Deprel::Ccomp))
    else {
        return Vec::new();
    };
    let mut inner = Vec::new();
    for j in tree.conjuncts(k) {
        inner.extend(events.remove(&j).unwrap_or_default());
    }
    let mut targets: Vec<Actor> = inner
        .iter()
        .filter_map(|e| {
            let own = c.sources.iter().any(|s| s.code == e.source.code);
            if own {
                e.target.clone()
            } else {
                Some(e.source.clone())
            }
        })
        .collect();
    if targets.is_empty() {
        if let Some(s) = tree
            .child_rel(k, Deprel::Nsubj)
            .filter(|&s| !is_pronoun(tree, s))
        {
            targets = code_heads(dicts, tree, &tree.conjuncts(s), date, false);
        }
    }
    targets.dedup_by(|a, b| a.code == b.code);
    let mut out = Vec::new();
    for s in &c.sources {
        for t in &targets {
            out.push(RawEvent::new(
                v,
                s.clone(),
                Some(t.clone()),
                "016".to_string(),
                format!("{} + deny report", c.pattern),
            ));
        }
    }
    out
}

/// "Mali threatened to expel the ambassador": a threat (13x by the act
/// threatened), never the act itself, whatever the dictionary composes.
fn threat(link: &Link, ev: &RawEvent, mine: &mut Vec<RawEvent>) -> Option<Fired> {
    let threatening = speech::THREATS.contains(&link.tree.lemma(link.v))
        || link
            .outer
            .code
            .forward
            .as_deref()
            .is_some_and(|k| root2(k) == 13);
    if !threatening || !(link.rel == Deprel::Xcomp || link.purpose) {
        return None;
    }
    emit_wanted(link, ev, speech::threat_code(&ev.code), "threaten", mine);
    Some(Fired::SUPERSEDES_OUTER)
}

/// "plans to meet B", "vowed to cut aid": what PICO did not compose is
/// still only intended (03x, or a threat for a hostile act), never done.
fn intention(link: &Link, ev: &RawEvent, mine: &mut Vec<RawEvent>) -> Option<Fired> {
    if !speech::INTENTIONS.contains(&link.tree.lemma(link.v)) || link.rel != Deprel::Xcomp {
        return None;
    }
    emit_wanted(link, ev, speech::intention_code(&ev.code), "intend", mine);
    Some(Fired::SUPERSEDES_OUTER)
}

/// The outer speaker's threat or intention of inner event `ev`, toward the
/// inner event's target.
fn emit_wanted(link: &Link, ev: &RawEvent, code: &str, how: &str, mine: &mut Vec<RawEvent>) {
    let c = link.outer;
    let sources = if c.sources.is_empty() {
        vec![ev.source.clone()]
    } else {
        c.sources.clone()
    };
    for s in sources {
        let pattern = format!("{} + {how} {}", c.pattern, ev.pattern);
        mine.push(RawEvent::new(
            link.v,
            s,
            ev.target.clone(),
            code.to_string(),
            pattern,
        ));
    }
}

/// "X said Y's plan was a mistake" (criticism, 111), "X said Y was right
/// to …" (praise, 051), "X said Y had failed / lied" (a misdeed alleged:
/// criticism): the speaker's judgement of whoever the judging clause's
/// subject names.
fn disapproval(
    dicts: &Dictionaries,
    tree: &Tree,
    v: usize,
    c: &Clause,
    k: usize,
    date: Option<NaiveDate>,
) -> Vec<RawEvent> {
    // "said Labour had abused the public's trust and the Tories had
    // failed": each conjoined clause judges its own subject.
    let mut out = Vec::new();
    for j in tree.conjuncts(k) {
        let Some(subj) = tree
            .child_rel(j, Deprel::Nsubj)
            .filter(|&s| !is_pronoun(tree, s))
        else {
            continue;
        };
        let code = speech::judgement(tree, j).or_else(|| {
            (!negated(tree, j) && speech::misdeed(tree, j)).then_some(speech::CRITICISM)
        });
        let Some(code) = code else {
            continue;
        };
        let targets = judged_actors(dicts, tree, subj, date);
        out.extend(judged(
            v,
            &c.sources,
            &targets,
            code,
            &c.pattern,
            tree.lemma(j),
        ));
    }
    out
}

/// The actors a judgement is of: those the judged phrase names, else its
/// possessor's ("Mr Bell's comments were irresponsible", "called Labour's
/// plan unworkable" judge Mr Bell and Labour, whose words and deeds they
/// are).
fn judged_actors(
    dicts: &Dictionaries,
    tree: &Tree,
    judged: usize,
    date: Option<NaiveDate>,
) -> Vec<Actor> {
    let heads = tree.conjuncts(judged);
    let actors = code_heads(dicts, tree, &heads, date, false);
    if !actors.is_empty() {
        return actors;
    }
    let owners: Vec<usize> = heads
        .iter()
        .filter_map(|&h| tree.child_rel(h, Deprel::NmodPoss))
        .filter(|&o| !is_pronoun(tree, o))
        .collect();
    code_heads(dicts, tree, &owners, date, false)
}

/// One judgement event per speaker and judged actor (never of oneself).
fn judged(
    v: usize,
    speakers: &[Actor],
    targets: &[Actor],
    code: &str,
    pattern: &str,
    word: &str,
) -> Vec<RawEvent> {
    let how = if code == speech::CRITICISM {
        "disapproval"
    } else {
        "approval"
    };
    let mut out = Vec::new();
    for s in speakers {
        for t in targets.iter().filter(|t| t.code != s.code) {
            out.push(RawEvent::new(
                v,
                s.clone(),
                Some(t.clone()),
                code.to_string(),
                format!("{pattern} + {how} {word}"),
            ));
        }
    }
    out
}

/// Judgements made inside a quotation whose speaker the quote finder named
/// ("'Labour's plan is a shambles,' said Mr Howard"; "… is a disgrace," he
/// added): the quote's speaker judges the actor a judging predicate's
/// subject names, as if the speech verb governed it. Predicates a speech
/// verb governs in this sentence are [`disapproval`]'s.
fn quoted_judgements(dicts: &Dictionaries, tree: &Tree, date: Option<NaiveDate>) -> Vec<RawEvent> {
    let doc = tree.doc;
    if doc.quotes.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for k in tree.start..tree.end {
        // Cheap tests first: most tokens are no judging predicate.
        let Some(code) = speech::judgement(tree, k) else {
            continue;
        };
        let Some(subj) = tree
            .child_rel(k, Deprel::Nsubj)
            .filter(|&s| !is_pronoun(tree, s))
        else {
            continue;
        };
        let governed = tree.base_rel(k) == Deprel::Ccomp
            && tree
                .head(k)
                .is_some_and(|h| speech::SPEECH_VERBS.contains(&tree.lemma(h)));
        if governed {
            continue;
        }
        let Some(span) = doc.tokens.get(k).map(|t| t.span) else {
            continue;
        };
        let Some(speaker) = doc
            .quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Direct && q.span.contains(span))
            .find_map(|q| {
                let e = q.speaker_entity?;
                let code = doc.entities.get(e)?.actor.clone()?;
                Some(Actor {
                    code,
                    name: doc.entities.get(e)?.name.to_uppercase(),
                    tok: k,
                })
            })
        else {
            continue;
        };
        let targets = judged_actors(dicts, tree, subj, date);
        out.extend(judged(
            k,
            std::slice::from_ref(&speaker),
            &targets,
            code,
            "quote",
            tree.lemma(k),
        ));
    }
    out
}

/// "X called Y's plan unworkable", "called the change pragmatic": a
/// judgement of the object by the subject of CALL (or BRAND, DESCRIBE …
/// AS), the judging word being the object's predicate (`xcomp`).
fn called_judgement(
    dicts: &Dictionaries,
    tree: &Tree,
    v: usize,
    c: &Clause,
    date: Option<NaiveDate>,
) -> Vec<RawEvent> {
    if !matches!(
        tree.lemma(v),
        "CALL" | "BRAND" | "LABEL" | "DESCRIBE" | "DUB"
    ) || c.negated
    {
        return Vec::new();
    }
    let Some(obj) = tree.child_rel(v, Deprel::Obj) else {
        return Vec::new();
    };
    // The predicate hangs on the verb ("called [it] [unworkable]"), or on
    // the object in some parses (an adjective after its noun: "called the
    // plans unworkable"); "described it as a shambles" is an oblique or
    // the object's nmod with "as".
    let pred = tree
        .children(v)
        .iter()
        .chain(tree.children(obj))
        .copied()
        .find(|&p| {
            tree.base_rel(p) == Deprel::Xcomp
                || (tree.deprel(p) == Deprel::Amod && p > obj)
                || (matches!(tree.base_rel(p), Deprel::Obl | Deprel::Nmod)
                    && super::args::prep_of(tree, p) == Some("AS"))
        });
    let Some(pred) = pred else {
        return Vec::new();
    };
    let Some(code) = speech::judging_word(tree, pred) else {
        return Vec::new();
    };
    if is_pronoun(tree, obj) {
        return Vec::new();
    }
    let targets = judged_actors(dicts, tree, obj, date);
    judged(v, &c.sources, &targets, code, &c.pattern, tree.lemma(pred))
}

/// Adjectives and nouns can head a clause ("is about to restore").
fn has_clausal_child(tree: &Tree, i: usize) -> bool {
    tree.children(i)
        .iter()
        .any(|&c| matches!(tree.base_rel(c), Deprel::Xcomp | Deprel::Ccomp))
        && tree.child_rel(i, Deprel::Nsubj).is_some()
}

fn depth(tree: &Tree, mut i: usize) -> usize {
    let mut d = 0;
    while let Some(h) = tree.head(i) {
        d += 1;
        i = h;
        if d > tree.end - tree.start {
            break;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    //! One test per combination rule: a sentence only that rule codes, and
    //! the pattern it leaves as provenance.
    use super::super::tests::{dicts, parse};
    use super::super::tree::Tree;
    use super::code_sentence;
    use chrono::NaiveDate;

    /// `source target code | pattern` of each event of the one-sentence
    /// fixture (`form lemma UPOS XPOS head deprel` per line).
    fn coded(fixture: &str) -> Vec<String> {
        let doc = parse(fixture, (2016, 6, 1));
        let tree = Tree::new(&doc, 0, doc.tokens.len());
        let mut out: Vec<String> =
            code_sentence(dicts(), &tree, NaiveDate::from_ymd_opt(2016, 6, 1))
                .iter()
                .map(|e| {
                    let target = e.target.as_ref().map_or("---", |t| t.code.as_str());
                    format!("{} {} {} | {}", e.source.code, target, e.code, e.pattern)
                })
                .collect();
        out.sort();
        out
    }

    #[test]
    fn uncoded_obligation_is_a_demand() {
        let got = coded("Russia Russia PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\nSudan Sudan PROPN NNP 5 nsubj\nmust must AUX MD 5 aux\nreturn return VERB VB 2 ccomp\nthe the DET DT 7 det\nhelicopter helicopter NOUN NN 5 obj");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with("RUS SDN 100 |") && got[0].ends_with(" + must"),
            "{got:?}"
        );
    }

    #[test]
    fn refusal_rejects_cooperation() {
        let got = coded("Israel Israel PROPN NNP 2 nsubj\nrefused refuse VERB VBD 0 root\nto to PART TO 4 mark\nmeet meet VERB VB 2 xcomp\nJordan Jordan PROPN NNP 4 obj");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("ISR JOR 125 | refuse + "), "{got:?}");
        let hostile = coded("Israel Israel PROPN NNP 2 nsubj\nrefused refuse VERB VBD 0 root\nto to PART TO 4 mark\nattack attack VERB VB 2 xcomp\nJordan Jordan PROPN NNP 4 obj");
        assert!(hostile.is_empty(), "{hostile:?}");
    }

    #[test]
    fn transformation_accuses() {
        let got = coded("France France PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\nRussia Russia PROPN NNP 4 nsubj\nattacked attack VERB VBD 2 ccomp\nUkraine Ukraine PROPN NNP 4 obj");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("FRA RUS 112 | "), "{got:?}");
        assert!(
            !got[0].contains(" + "),
            "a transformation, not a composition: {got:?}"
        );
    }

    #[test]
    fn composition_goes_to_the_controller() {
        let got = coded("France France PROPN NNP 2 nsubj\nasked ask VERB VBD 0 root\nGermany Germany PROPN NNP 2 obj\nto to PART TO 5 mark\nhelp help VERB VB 2 xcomp\nGreece Greece PROPN NNP 5 obj");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with("FRA DEU 023 | ") && got[0].contains(" + "),
            "{got:?}"
        );
    }

    #[test]
    fn purpose_clause_that_does_not_compose_is_kept() {
        let got = coded("Russia Russia PROPN NNP 2 nsubj\nsent send VERB VBD 0 root\ntroops troop NOUN NNS 2 obj\nto to PART TO 5 mark\nattack attack VERB VB 2 advcl\nUkraine Ukraine PROPN NNP 5 obj");
        assert!(
            got.iter()
                .any(|e| e.starts_with("RUS UKR 19") && !e.contains(" + ")),
            "{got:?}"
        );
    }

    #[test]
    fn reported_obligation_is_a_demand() {
        let got = coded("Russia Russia PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\nSudan Sudan PROPN NNP 5 nsubj\nmust must AUX MD 5 aux\nmeet meet VERB VB 2 ccomp\nUkraine Ukraine PROPN NNP 5 obj");
        assert!(
            got.iter()
                .any(|e| e.starts_with("RUS SDN 10") && e.contains(" + must ")),
            "{got:?}"
        );
    }

    #[test]
    fn reported_speech_keeps_the_inner_event() {
        let got = coded("Officials official NOUN NNS 2 nsubj\nsaid say VERB VBD 0 root\nRussia Russia PROPN NNP 4 nsubj\nvisited visit VERB VBD 2 ccomp\nChina China PROPN NNP 4 obj");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].starts_with("CHN RUS 043 | ") && got[1].starts_with("RUS CHN 042 | "),
            "{got:?}"
        );
    }
}
