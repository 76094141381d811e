//! Modality: how far the article stands behind each event.
//!
//! The event coder sets a first modality from the verb's own auxiliaries
//! ("will", "may", "reportedly"). This stage refines it from the wider
//! context the coder does not see: hedging words anywhere in the clause
//! ("alleged", "rumoured", "it has been predicted"), the quote or reported
//! speech the event sits in (attributed to a named speaker, or to an
//! anonymous one: "an anonymous official source", "sources said"), and
//! expectation ("is expected to", "plans to").
//!
//! When several apply, the strongest reservation wins, in this order:
//! negated > hedged > anonymous > attributed > expected > asserted. All cue
//! words found are kept as evidence.
//!
//! No public lexicon covers news sourcing cues (see ../shared/data/speech
//! SOURCES.md), so the lists below are newsgraph's own; they are documented
//! in docs/modality.md.

use newsgraph_doc::{Document, Modality, QuoteKind, Span};

/// Single words that hedge the claim they modify.
const HEDGE_WORDS: &[&str] = &[
    "alleged",
    "allegedly",
    "reportedly",
    "rumoured",
    "rumored",
    "rumour",
    "rumours",
    "rumor",
    "rumors",
    "purportedly",
    "supposedly",
    "apparently",
    "unconfirmed",
    "unverified",
    "possibly",
    "possible",
    "perhaps",
    "likely",
    "unlikely",
    "probably",
    "suspected",
    "reported",
    "claimed",
    "speculation",
    "speculated",
    "may",
    "might",
    "could",
    "seemingly",
    // A condition: "if a deal were to take place, Kim would seek aid" is
    // not reported as happening.
    "if",
];

/// Multi-word hedges, matched on lower-cased text.
const HEDGE_PHRASES: &[&str] = &[
    "it has been predicted",
    "it is predicted",
    "it is thought",
    "it is believed",
    "it is understood",
    "it is claimed",
    "is thought to",
    "are thought to",
    "is believed to",
    "are believed to",
    "is said to",
    "are said to",
    "is understood to",
    "is reported to",
    "are reported to",
    "is alleged to",
    "are alleged to",
    "is rumoured to",
    "are rumoured to",
    "is rumored to",
    "according to reports",
    "if confirmed",
];

/// Words marking an unnamed source.
const ANONYMOUS_PHRASES: &[&str] = &[
    "anonymous",
    "anonymity",
    "unnamed",
    "unidentified source",
    "sources said",
    "sources say",
    "sources told",
    "a source",
    "one source",
    "sources close to",
    "sources familiar",
    "people familiar",
    "person familiar",
    "asked not to be named",
    "declined to be named",
    "declined to be identified",
    "not authorised to speak",
    "not authorized to speak",
    "insiders",
    "an official said",
    "officials said",
];

/// Expectation and plans.
const EXPECTED_PHRASES: &[&str] = &[
    "is expected to",
    "are expected to",
    "was expected to",
    "were expected to",
    "is set to",
    "are set to",
    "is due to",
    "are due to",
    "plans to",
    "plan to",
    "planned to",
    "intends to",
    "is scheduled to",
    "are scheduled to",
    "is to",
    "are to",
    "will",
    "shall",
    "is going to",
    "are going to",
    "yet to be",
];

const NEGATION_WORDS: &[&str] = &["not", "n't", "never", "no"];

fn rank(m: Modality) -> u8 {
    match m {
        Modality::Asserted => 0,
        Modality::Expected => 1,
        Modality::Attributed => 2,
        Modality::Anonymous => 3,
        Modality::Hedged => 4,
        Modality::Negated => 5,
    }
}

/// The stronger of two modalities, in the order documented above.
pub fn stronger(a: Modality, b: Modality) -> Modality {
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// Words of `text`, lower-cased, with punctuation trimmed.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”')
    })
    .map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase()
    })
    .filter(|w| !w.is_empty())
    .collect()
}

/// Phrase match on word boundaries over the lower-cased word list.
fn find_phrases<'a>(ws: &[String], phrases: &[&'a str]) -> Vec<&'a str> {
    let joined = format!(" {} ", ws.join(" "));
    phrases
        .iter()
        .copied()
        .filter(|p| joined.contains(&format!(" {p} ")))
        .collect()
}

/// Modality of the claim in `span` (a clause or sentence), from its words
/// and from the quotes of the document that contain it.
pub fn classify(doc: &Document, span: Span) -> (Modality, Vec<String>) {
    let ws = words(doc.span_text(span));
    let mut modality = Modality::Asserted;
    let mut cues: Vec<String> = Vec::new();
    let add = |m: Modality, cue: &str, modality: &mut Modality, cues: &mut Vec<String>| {
        *modality = stronger(*modality, m);
        if !cues.iter().any(|c| c == cue) {
            cues.push(cue.to_string());
        }
    };
    for p in find_phrases(&ws, EXPECTED_PHRASES) {
        if noun_plans(&ws, p) {
            continue;
        }
        add(Modality::Expected, p, &mut modality, &mut cues);
    }
    // A quote or reported speech holding the claim attributes it.
    for q in &doc.quotes {
        if !(q.span.overlaps(span) && overlap_len(q.span, span) * 2 >= span.len().min(q.span.len()))
        {
            continue;
        }
        let speaker = q.speaker.as_deref().unwrap_or("").to_lowercase();
        let speaker_words = words(&speaker);
        let anon = !find_phrases(&speaker_words, ANONYMOUS_PHRASES).is_empty()
            || speaker_words
                .iter()
                .any(|w| w == "source" || w == "sources");
        // "Molina urged Argentina to release water": the urging is the
        // event and the article asserts it; only what a reporting verb
        // carries ("said that …", "according to …") is the speaker's claim.
        if q.kind == QuoteKind::Indirect && q.cue.as_deref().is_some_and(is_speech_act_cue) {
            continue;
        }
        let cue = q.cue.clone().unwrap_or_else(|| "quoted".into());
        if anon || (q.speaker.is_none() && q.kind == QuoteKind::Indirect) {
            add(
                Modality::Anonymous,
                &format!("{cue} ({speaker})"),
                &mut modality,
                &mut cues,
            );
        } else if q.speaker.is_some() {
            add(Modality::Attributed, &cue, &mut modality, &mut cues);
        }
    }
    for p in find_phrases(&ws, ANONYMOUS_PHRASES) {
        add(Modality::Anonymous, p, &mut modality, &mut cues);
    }
    for p in find_phrases(&ws, HEDGE_PHRASES) {
        add(Modality::Hedged, p, &mut modality, &mut cues);
    }
    for w in &ws {
        if HEDGE_WORDS.contains(&w.as_str()) {
            add(Modality::Hedged, w, &mut modality, &mut cues);
        }
    }
    (modality, cues)
}

/// Is every occurrence of `phrase` ("plans to") the noun "plans" in a
/// phrase like "arrived with plans to attend" or "his plan to visit"? The
/// plan is then the subject's, about a later act, and does not make the
/// clause's own verb expected.
fn noun_plans(ws: &[String], phrase: &str) -> bool {
    if !matches!(phrase, "plans to" | "plan to") {
        return false;
    }
    let first = phrase.split(' ').next().unwrap_or("");
    let mut seen = false;
    for (i, w) in ws.iter().enumerate() {
        if w != first || ws.get(i + 1).is_none_or(|n| n != "to") {
            continue;
        }
        seen = true;
        let before = i.checked_sub(1).map(|j| ws[j].as_str());
        if !matches!(
            before,
            Some("with" | "the" | "his" | "her" | "its" | "their" | "our" | "a" | "no" | "of")
        ) {
            return false;
        }
    }
    seen
}

/// A cue that is itself an act toward someone (an appeal, an accusation, a
/// warning, a rejection), not a verb that only reports words.
fn is_speech_act_cue(cue: &str) -> bool {
    const ACTS: &[&str] = &[
        "urg",
        "call",
        "accus",
        "warn",
        "demand",
        "ask",
        "critici",
        "condemn",
        "prais",
        "reject",
        "den",
        "threat",
        "appeal",
        "plead",
        "blam",
        "attack",
        "welcom",
        "dismiss",
        "thank",
        "congratulat",
        "apologi",
        "promis",
        "pledg",
        "vow",
    ];
    let first = cue.split_whitespace().next().unwrap_or("").to_lowercase();
    ACTS.iter().any(|a| first.starts_with(a))
}

fn overlap_len(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start)) as usize
}

/// Refines every event's modality from its evidence clause and the quotes
/// around it, keeping what the coder already found.
pub fn run(doc: &mut Document) {
    let refined: Vec<(Modality, Vec<String>)> = doc
        .events
        .iter()
        .map(|e| {
            let (m, cues) = classify(doc, e.evidence);
            // Negation is the coder's call: it sees which verb "not" modifies.
            let negated = e.modality == Modality::Negated
                || e.modality_cues
                    .iter()
                    .any(|c| NEGATION_WORDS.contains(&c.as_str()));
            let mut all = e.modality_cues.clone();
            for c in cues {
                if !all.contains(&c) {
                    all.push(c);
                }
            }
            let m = if negated {
                Modality::Negated
            } else {
                stronger(e.modality, m)
            };
            (m, all)
        })
        .collect();
    for (e, (m, cues)) in doc.events.iter_mut().zip(refined) {
        e.modality = m;
        e.modality_cues = cues;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_doc::{ArticleBuilder, Quote};

    fn doc_of(text: &str) -> Document {
        Document::new(ArticleBuilder::new("t").paragraph(text).build())
    }

    fn whole(doc: &Document) -> Span {
        Span::new(0, doc.text().len())
    }

    #[test]
    fn hedges_anonymity_and_expectation() {
        let d = doc_of("The summit is rumoured to take place on Friday.");
        let (m, cues) = classify(&d, whole(&d));
        assert_eq!(m, Modality::Hedged);
        assert!(cues.contains(&"is rumoured to".to_string()), "{cues:?}");

        let d = doc_of("According to an anonymous official, the convoy left at dawn.");
        assert_eq!(classify(&d, whole(&d)).0, Modality::Anonymous);

        let d = doc_of("The ministers are expected to sign the accord.");
        assert_eq!(classify(&d, whole(&d)).0, Modality::Expected);

        let d = doc_of("The ministers signed the accord.");
        assert_eq!(classify(&d, whole(&d)), (Modality::Asserted, vec![]));

        let d = doc_of("It has been predicted that the two men will discuss a deal.");
        let (m, cues) = classify(&d, whole(&d));
        assert_eq!(m, Modality::Hedged, "hedge outranks expectation");
        assert!(cues.contains(&"will".to_string()));
    }

    #[test]
    fn an_appeal_in_indirect_speech_is_asserted() {
        let mut d = doc_of("The minister urged Peru to release the water.");
        let all = whole(&d);
        d.quotes.push(Quote {
            span: Span::new(19, all.end as usize - 1),
            kind: QuoteKind::Indirect,
            speaker: Some("The minister".into()),
            cue: Some("urged".into()),
            ..Quote::default()
        });
        assert_eq!(classify(&d, all).0, Modality::Asserted);
        d.quotes[0].cue = Some("said".into());
        assert_eq!(classify(&d, all).0, Modality::Attributed);
    }

    #[test]
    fn a_plan_held_is_not_the_act_expected_and_a_condition_hedges() {
        let d = doc_of("The envoy arrived in Lima with plans to attend a summit.");
        assert_eq!(classify(&d, whole(&d)).0, Modality::Asserted);
        let d = doc_of("The envoy plans to attend a summit in Lima.");
        assert_eq!(classify(&d, whole(&d)).0, Modality::Expected);
        let d = doc_of("If the talks were to fail, Peru would recall its ambassador.");
        assert_eq!(classify(&d, whole(&d)).0, Modality::Hedged);
    }

    #[test]
    fn quotes_attribute_the_claims_inside_them() {
        let mut d = doc_of("\"We will close the border tonight,\" the minister said.");
        let span = Span::new(1, 31);
        d.quotes.push(Quote {
            span,
            speaker: Some("Ana Lima".into()),
            cue: Some("said".into()),
            ..Quote::default()
        });
        let (m, cues) = classify(&d, span);
        assert_eq!(m, Modality::Attributed);
        assert!(cues.contains(&"said".to_string()));

        d.quotes[0].speaker = Some("a source close to the talks".into());
        assert_eq!(classify(&d, span).0, Modality::Anonymous);
    }

    #[test]
    fn run_keeps_the_coders_negation() {
        let mut d = doc_of("Officials reportedly did not meet the envoy.");
        d.events.push(newsgraph_doc::Event {
            code: "036".into(),
            modality: Modality::Negated,
            modality_cues: vec!["not".into()],
            evidence: whole(&d),
            ..Default::default()
        });
        run(&mut d);
        assert_eq!(d.events[0].modality, Modality::Negated);
        assert!(d.events[0]
            .modality_cues
            .contains(&"reportedly".to_string()));
    }
}
