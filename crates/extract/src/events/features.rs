//! What the coder knows about an event it emits, as named features for the
//! confidence scorer ([`super::scorer`]): how the code was found (a
//! dictionary pattern, a verb's or block's default, an event noun, a
//! combination of verbs), its CAMEO root, how far the article stands behind
//! it, how each actor was found (a coded entity, a pronoun, a role that
//! took the article's home country, a nationality adjective, a possessive)
//! and the sentence around it (in a quote, its length, how many events it
//! gave, negation and conditional cues).
//!
//! Read after the coder, from the event, the sentence's tree and the
//! document, so the coder's own files only carry what it already knows.
//! Numeric features are scaled to about 0–1 so one regularization fits all.

use super::raw::{Actor, RawEvent};
use super::setting::country_of;
use super::tree::Tree;
use newsgraph_doc::{Deprel, Document, Modality, Upos};

/// Every feature name the scorer may weigh, in a fixed order (the model
/// file names them; a name outside this list is refused at load).
pub const FEATURES: &[&str] = &[
    // How the code was found.
    "pattern_dict",
    "pattern_verb_default",
    "pattern_block_default",
    "pattern_noun",
    "pattern_transformation",
    "pattern_combined",
    "combo_not",
    "combo_refuse",
    "combo_must",
    "combo_deny",
    "combo_disapproval",
    "combo_in_words",
    "code_specific",
    // The CAMEO root.
    "root_01",
    "root_02",
    "root_03",
    "root_04",
    "root_05",
    "root_06",
    "root_07",
    "root_08",
    "root_09",
    "root_10",
    "root_11",
    "root_12",
    "root_13",
    "root_14",
    "root_15",
    "root_16",
    "root_17",
    "root_18",
    "root_19",
    "root_20",
    // How far the article stands behind it (the modality stage's reading).
    "mod_attributed",
    "mod_anonymous",
    "mod_hedged",
    "mod_expected",
    "mod_negated",
    "reported",
    "negated",
    // The actors.
    "src_entity",
    "src_pronoun",
    "src_first_person",
    "src_role_home",
    "src_role_none",
    "src_nat_adj",
    "src_possessive",
    "src_propn",
    "src_country_only",
    "src_non_country",
    "src_home",
    "src_in_quote",
    "src_dependent",
    "src_distance",
    "tgt_missing",
    "tgt_entity",
    "tgt_pronoun",
    "tgt_first_person",
    "tgt_role_home",
    "tgt_role_none",
    "tgt_nat_adj",
    "tgt_possessive",
    "tgt_propn",
    "tgt_country_only",
    "tgt_non_country",
    "tgt_home",
    "tgt_in_quote",
    "tgt_dependent",
    "tgt_distance",
    "same_country",
    // The sentence.
    "verb_in_quote",
    "verb_not_verb",
    "first_sentence",
    "sentence_length",
    "sentence_events",
    "mentions",
    "negation_cue",
    "conditional_cue",
    "question",
];

/// Named feature values of one event; features left out are 0.
pub type Features = Vec<(&'static str, f32)>;

/// The groups features are chosen in when the scorer is trained (a whole
/// group enters the model or none of it; see `newsgraph-eval`'s
/// `event_scorer`).
pub const GROUPS: &[&str] = &[
    "root", "pattern", "modality", "source", "target", "sentence",
];

/// The group of a feature of [`FEATURES`].
pub fn group(name: &str) -> &'static str {
    if name.starts_with("root_") {
        "root"
    } else if name.starts_with("pattern_") || name.starts_with("combo_") || name == "code_specific"
    {
        "pattern"
    } else if name.starts_with("mod_") || name == "reported" || name == "negated" {
        "modality"
    } else if name.starts_with("src_") {
        "source"
    } else if name.starts_with("tgt_") || name == "same_country" {
        "target"
    } else {
        "sentence"
    }
}

/// What the stage knows of one event beyond the coder's [`RawEvent`].
pub(crate) struct Context<'a> {
    pub tree: &'a Tree<'a>,
    pub raw: &'a RawEvent,
    /// The coder's modality, before the modality stage refines it.
    pub modality: Modality,
    /// Whether the source / target was a bare role (`---…`) before the
    /// article's home country was given to it.
    pub role_before: (bool, bool),
    pub home: Option<&'a str>,
    /// Index of the sentence the event was coded in.
    pub sentence: usize,
}

/// The features of one event known when it is coded; [`add_counts`] adds
/// those that need every event of the article.
pub(crate) fn features(doc: &Document, c: &Context) -> Features {
    let mut f: Features = Vec::with_capacity(32);
    let raw = c.raw;
    pattern_features(&raw.pattern, &mut f);
    let code = raw.code.as_str();
    if let Some(root) = code.get(..2).and_then(|r| root_name(r)) {
        f.push((root, 1.0));
    }
    if code.len() >= 3 && !code.ends_with('0') {
        f.push(("code_specific", 1.0));
    }
    // As the modality stage will read it: the coder's modality, made
    // stronger by cues in the sentence and the quotes holding it.
    let span = c
        .tree
        .doc
        .sentences
        .get(c.sentence)
        .map(|s| s.span)
        .unwrap_or_default();
    let modality = if c.modality == Modality::Negated {
        Modality::Negated
    } else {
        crate::modality::stronger(c.modality, crate::modality::classify(doc, span).0)
    };
    let m = match modality {
        Modality::Asserted => None,
        Modality::Attributed => Some("mod_attributed"),
        Modality::Anonymous => Some("mod_anonymous"),
        Modality::Hedged => Some("mod_hedged"),
        Modality::Expected => Some("mod_expected"),
        Modality::Negated => Some("mod_negated"),
    };
    if let Some(m) = m {
        f.push((m, 1.0));
    }
    if raw.reported_by.is_some() {
        f.push(("reported", 1.0));
    }
    if raw.negated {
        f.push(("negated", 1.0));
    }
    actor_features(doc, c, &raw.source, c.role_before.0, Side::Source, &mut f);
    match &raw.target {
        Some(t) => actor_features(doc, c, t, c.role_before.1, Side::Target, &mut f),
        None => f.push(("tgt_missing", 1.0)),
    }
    let sc = country_of(&raw.source.code);
    if sc.is_some() && sc == raw.target.as_ref().and_then(|t| country_of(&t.code)) {
        f.push(("same_country", 1.0));
    }
    sentence_features(doc, c, &mut f);
    f
}

/// The features that count events: how many events the sentence gave
/// (`in_sentence`, this one included) and how often the article coded
/// this dyad and code (`mentions`).
pub(crate) fn add_counts(f: &mut Features, in_sentence: usize, mentions: usize) {
    f.push((
        "sentence_events",
        scaled_log(in_sentence.saturating_sub(1), 3.0),
    ));
    f.push(("mentions", scaled_log(mentions.saturating_sub(1), 3.0)));
}

/// `ln(1 + n) / scale`, at most 1.
fn scaled_log(n: usize, scale: f32) -> f32 {
    ((n as f32).ln_1p() / scale).min(1.0)
}

fn root_name(root: &str) -> Option<&'static str> {
    let n: usize = root.parse().ok()?;
    if !(1..=20).contains(&n) {
        return None;
    }
    let first = FEATURES.iter().position(|f| *f == "root_01")?;
    FEATURES.get(first + n - 1).copied()
}

/// How the code was found, from the pattern the coder left as provenance:
/// its first part is the outermost verb's ("X + Y" combines two verbs, and
/// X is then a whole pattern: a default ending "--- NAME ---", a
/// dictionary pattern ending with its "[code]", "not" or "refuse"; a `+`
/// inside a dictionary pattern marks its target).
fn pattern_features(pattern: &str, f: &mut Features) {
    let first = pattern.split(" + ").next().unwrap_or("");
    let combined = first.len() < pattern.len()
        && (first.ends_with("---") || first.ends_with(']') || first == "not" || first == "refuse");
    let kind = if pattern.starts_with('~') {
        "pattern_transformation"
    } else if first.starts_with("noun ") {
        "pattern_noun"
    } else if first.starts_with("verb ") {
        "pattern_verb_default"
    } else if first.starts_with("block ") {
        "pattern_block_default"
    } else if first == "not" {
        "combo_not"
    } else if first == "refuse" {
        "combo_refuse"
    } else {
        "pattern_dict"
    };
    f.push((kind, 1.0));
    if combined {
        f.push(("pattern_combined", 1.0));
    }
    for (cue, name) in [
        (" + must", "combo_must"),
        (" + deny", "combo_deny"),
        (" + disapproval", "combo_disapproval"),
        (" + in words", "combo_in_words"),
    ] {
        if pattern.contains(cue) {
            f.push((name, 1.0));
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Source,
    Target,
}

/// Picks the source's or the target's name of a feature.
fn named(side: Side, src: &'static str, tgt: &'static str) -> &'static str {
    match side {
        Side::Source => src,
        Side::Target => tgt,
    }
}

/// How one actor was found.
fn actor_features(
    doc: &Document,
    c: &Context,
    a: &Actor,
    role_before: bool,
    side: Side,
    f: &mut Features,
) {
    let tree = c.tree;
    let tok = a.tok;
    let mut push =
        |src: &'static str, tgt: &'static str, v: f32| f.push((named(side, src, tgt), v));
    let word = tree.upper(tok);
    if matches!(word, "WE" | "I" | "US" | "ME") {
        push("src_first_person", "tgt_first_person", 1.0);
    } else if tree.upos(tok) == Upos::Pron {
        push("src_pronoun", "tgt_pronoun", 1.0);
    }
    if covered_by_coded_entity(doc, tok) {
        push("src_entity", "tgt_entity", 1.0);
    }
    if a.code.starts_with("---") {
        push("src_role_none", "tgt_role_none", 1.0);
    } else if role_before {
        push("src_role_home", "tgt_role_home", 1.0);
    }
    let kids = tree.children(tok);
    let capital_adj = |k: usize| {
        tree.upos(k) == Upos::Adj
            && doc
                .tokens
                .get(k)
                .is_some_and(|t| doc.span_text(t.span).starts_with(char::is_uppercase))
    };
    if capital_adj(tok)
        || kids
            .iter()
            .any(|&k| tree.base_rel(k) == Deprel::Amod && capital_adj(k))
    {
        push("src_nat_adj", "tgt_nat_adj", 1.0);
    }
    if kids.iter().any(|&k| tree.deprel(k) == Deprel::NmodPoss) {
        push("src_possessive", "tgt_possessive", 1.0);
    }
    if tree.upos(tok) == Upos::Propn {
        push("src_propn", "tgt_propn", 1.0);
    }
    match country_of(&a.code) {
        Some(country) => {
            if a.code.len() == 3 {
                push("src_country_only", "tgt_country_only", 1.0);
            }
            if c.home == Some(country) {
                push("src_home", "tgt_home", 1.0);
            }
        }
        None => push("src_non_country", "tgt_non_country", 1.0),
    }
    if in_quote(doc, tok) {
        push("src_in_quote", "tgt_in_quote", 1.0);
    }
    let verb = c.raw.verb;
    if tree.head(tok) == Some(verb) {
        push("src_dependent", "tgt_dependent", 1.0);
    }
    push(
        "src_distance",
        "tgt_distance",
        scaled_log(tok.abs_diff(verb), 4.0),
    );
}

/// Whether a mention of an entity with an actor code covers token `i`.
fn covered_by_coded_entity(doc: &Document, i: usize) -> bool {
    let Some(span) = doc.tokens.get(i).map(|t| t.span) else {
        return false;
    };
    doc.entities
        .iter()
        .filter(|e| e.actor.is_some())
        .any(|e| e.mentions.iter().any(|m| m.span.contains(span)))
}

/// Whether token `i` lies inside a quotation.
fn in_quote(doc: &Document, i: usize) -> bool {
    let Some(span) = doc.tokens.get(i).map(|t| t.span) else {
        return false;
    };
    doc.quotes.iter().any(|q| q.span.contains(span))
}

/// The sentence around the verb.
fn sentence_features(doc: &Document, c: &Context, f: &mut Features) {
    let tree = c.tree;
    let verb = c.raw.verb;
    if in_quote(doc, verb) {
        f.push(("verb_in_quote", 1.0));
    }
    if tree.contains(verb) && tree.upos(verb) != Upos::Verb {
        f.push(("verb_not_verb", 1.0));
    }
    if c.sentence == 0 {
        f.push(("first_sentence", 1.0));
    }
    f.push((
        "sentence_length",
        scaled_log(tree.end.saturating_sub(tree.start), 4.5),
    ));
    let words = || (tree.start..tree.end).map(|i| tree.upper(i));
    if words().any(|w| matches!(w, "NOT" | "N'T" | "N’T" | "NEVER" | "NO")) {
        f.push(("negation_cue", 1.0));
    }
    if words().any(|w| matches!(w, "IF" | "UNLESS" | "WHETHER")) {
        f.push(("conditional_cue", 1.0));
    }
    if words().any(|w| w == "?") {
        f.push(("question", 1.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_kinds_are_read_from_the_provenance() {
        let kinds = |p: &str| {
            let mut f = Features::new();
            pattern_features(p, &mut f);
            f.into_iter().map(|(n, _)| n).collect::<Vec<_>>()
        };
        assert_eq!(kinds("verb meet in --- MEET ---"), ["pattern_verb_default"]);
        assert_eq!(kinds("noun TALKS [040]"), ["pattern_noun"]);
        assert_eq!(kinds("- * + [040]"), ["pattern_dict"]);
        assert_eq!(kinds("~ a (a b Q) SAY = a b Q"), ["pattern_transformation"]);
        assert_eq!(
            kinds("not + block HELP in --- AID ---"),
            ["combo_not", "pattern_combined"]
        );
        assert_eq!(
            kinds("block SAY in --- EXPLAIN_VERBAL --- + must"),
            ["pattern_block_default", "pattern_combined", "combo_must"]
        );
        assert_eq!(
            kinds("- * (FOR) [020] + - * + [042]"),
            ["pattern_dict", "pattern_combined"]
        );
    }

    #[test]
    fn every_root_has_a_feature_and_every_name_is_listed_once() {
        for r in 1..=20 {
            let name = root_name(&format!("{r:02}")).expect("a root feature");
            assert_eq!(name, format!("root_{r:02}"));
        }
        assert_eq!(root_name("00"), None);
        assert_eq!(root_name("xx"), None);
        for f in FEATURES {
            assert!(GROUPS.contains(&group(f)), "{f}");
        }
        assert_eq!(group("root_11"), "root");
        assert_eq!(group("same_country"), "target");
        assert_eq!(group("mentions"), "sentence");
        let mut names = FEATURES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FEATURES.len());
    }

    #[test]
    fn counts_are_scaled_and_capped() {
        let mut f = Features::new();
        add_counts(&mut f, 1, 1);
        assert_eq!(f, [("sentence_events", 0.0), ("mentions", 0.0)]);
        let mut f = Features::new();
        add_counts(&mut f, 1000, 3);
        assert_eq!(f[0].1, 1.0);
        assert!(f[1].1 > 0.0 && f[1].1 < 1.0);
    }
}
