//! Event-coding tests over hand-written parses (our own sentences; no
//! corpus text). Each fixture line is `form lemma UPOS XPOS head deprel`.

use super::conllu::document_from_conllu;
use super::run;
use chrono::NaiveDate;
use newsgraph_dict::Dictionaries;
use newsgraph_doc::{Document, Entity, EntityType, Mention, MentionKind, Modality, Span};
use std::sync::OnceLock;

fn dicts() -> &'static Dictionaries {
    static D: OnceLock<Dictionaries> = OnceLock::new();
    D.get_or_init(|| Dictionaries::embedded().expect("dictionaries"))
}

fn parse(fixture: &str, date: (i32, u32, u32)) -> Document {
    let mut conllu = String::new();
    for block in fixture.split("\n\n") {
        for (k, line) in block.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let c: Vec<&str> = line.split_whitespace().collect();
            conllu.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_\n",
                k + 1,
                c[0],
                c[1],
                c[2],
                c[3],
                c[4],
                c[5]
            ));
        }
        conllu.push('\n');
    }
    document_from_conllu(&conllu, NaiveDate::from_ymd_opt(date.0, date.1, date.2))
}

fn triples(doc: &Document) -> Vec<String> {
    let mut v: Vec<String> = doc
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e.source.as_deref().unwrap_or("---"),
                e.target.as_deref().unwrap_or("---"),
                e.code
            )
        })
        .collect();
    v.sort();
    v
}

fn check(fixture: &str, date: (i32, u32, u32), expected: &[&str]) -> Document {
    let mut doc = parse(fixture, date);
    run(&mut doc, dicts());
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(triples(&doc), want, "{}", doc.text());
    doc
}

const D2016: (i32, u32, u32) = (2016, 6, 1);

#[test]
fn active_clause() {
    let doc = check(
        "Russia Russia PROPN NNP 2 nsubj\nattacked attack VERB VBD 0 root\nUkraine Ukraine PROPN NNP 2 obj\n. . PUNCT . 2 punct",
        D2016,
        &["RUS UKR 190"],
    );
    let e = &doc.events[0];
    assert_eq!(e.quad_class, 4);
    assert_eq!(e.plover.as_deref(), Some("ASSAULT"));
    assert_eq!(e.date, NaiveDate::from_ymd_opt(2016, 6, 1));
    assert_eq!(doc.span_text(e.evidence), "Russia attacked Ukraine .");
    assert!(e.pattern.is_some());
}

#[test]
fn passive_clause() {
    check(
        "Ukraine Ukraine PROPN NNP 3 nsubj:pass\nwas be AUX VBD 3 aux:pass\nattacked attack VERB VBN 0 root\nby by ADP IN 5 case\nRussia Russia PROPN NNP 3 obl:agent\n. . PUNCT . 3 punct",
        D2016,
        &["RUS UKR 190"],
    );
}

#[test]
fn negation_turns_cooperation_into_rejection_and_drops_conflict() {
    check(
        "Russia Russia PROPN NNP 2 nsubj\nprovided provide VERB VBD 0 root\nsupport support NOUN NN 2 obj\nto to ADP IN 5 case\nSyria Syria PROPN NNP 2 obl\n. . PUNCT . 2 punct",
        D2016,
        &["RUS SYR 051"],
    );
    check(
        "Russia Russia PROPN NNP 4 nsubj\ndid do AUX VBD 4 aux\nnot not PART RB 4 advmod\nprovide provide VERB VB 0 root\nsupport support NOUN NN 4 obj\nto to ADP IN 7 case\nSyria Syria PROPN NNP 4 obl\n. . PUNCT . 4 punct",
        D2016,
        &["RUS SYR 120"],
    );
    check(
        "Russia Russia PROPN NNP 4 nsubj\ndid do AUX VBD 4 aux\nnot not PART RB 4 advmod\nattack attack VERB VB 0 root\nUkraine Ukraine PROPN NNP 4 obj\n. . PUNCT . 4 punct",
        D2016,
        &[],
    );
}

#[test]
fn transformations_say_attack() {
    // The speaker claims its own attack: 015; accuses another: 112.
    check(
        "France France PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\nit it PRON PRP 4 nsubj\nattacked attack VERB VBD 2 ccomp\nSyria Syria PROPN NNP 4 obj",
        D2016,
        &["FRA SYR 015"],
    );
    check(
        "France France PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\nRussia Russia PROPN NNP 4 nsubj\nattacked attack VERB VBD 2 ccomp\nUkraine Ukraine PROPN NNP 4 obj",
        D2016,
        &["FRA RUS 112"],
    );
}

#[test]
fn verb_of_verb_composition() {
    // want (intend) + help (aid) = 033.
    check(
        "Germany Germany PROPN NNP 2 nsubj\nwants want VERB VBZ 0 root\nto to PART TO 4 mark\nhelp help VERB VB 2 xcomp\nGreece Greece PROPN NNP 4 obj",
        D2016,
        &["DEU GRC 033"],
    );
    // ask X to help Y: an appeal for aid addressed to X.
    check(
        "France France PROPN NNP 2 nsubj\nasked ask VERB VBD 0 root\nGermany Germany PROPN NNP 2 obj\nto to PART TO 5 mark\nhelp help VERB VB 2 xcomp\nGreece Greece PROPN NNP 5 obj",
        D2016,
        &["FRA DEU 023"],
    );
}

#[test]
fn compound_actors() {
    check(
        "Russia Russia PROPN NNP 4 nsubj\nand and CCONJ CC 3 cc\nChina China PROPN NNP 1 conj\nattacked attack VERB VBD 0 root\nJapan Japan PROPN NNP 4 obj",
        D2016,
        &["CHN JPN 190", "RUS JPN 190"],
    );
    // A compound subject with no target meets among itself.
    check(
        "Russia Russia PROPN NNP 4 nsubj\nand and CCONJ CC 3 cc\nChina China PROPN NNP 1 conj\nmet meet VERB VBD 0 root",
        D2016,
        &["CHN RUS 040", "RUS CHN 040"],
    );
}

#[test]
fn agents_compose_with_countries() {
    check(
        "Russian Russian ADJ JJ 2 amod\ntroops troop NOUN NNS 3 nsubj\nattacked attack VERB VBD 0 root\nUkrainian Ukrainian ADJ JJ 5 amod\nsoldiers soldier NOUN NNS 3 obj",
        D2016,
        &["RUSMIL UKRMIL 190"],
    );
}

#[test]
fn dated_office_holders() {
    let fixture = "Vladimir Vladimir PROPN NNP 3 nsubj\nPutin Putin PROPN NNP 1 flat\nattacked attack VERB VBD 0 root\nGeorgia Georgia PROPN NNP 3 obj";
    check(fixture, (2012, 6, 1), &["RUSGOV GEO 190"]);
    check(fixture, (1995, 6, 1), &["RUSELI GEO 190"]);
}

#[test]
fn people_coded_from_roles_and_surnames_inherit() {
    // "Smith, the Russian presidential spokesman, ..." — the entity layer
    // gives the role; a later "Smith" mention is the same entity.
    let mut doc = parse(
        "Smith Smith PROPN NNP 2 nsubj\ncriticized criticize VERB VBD 0 root\nJapan Japan PROPN NNP 2 obj",
        D2016,
    );
    doc.entities.push(Entity {
        name: "Ivan Smith".into(),
        entity_type: EntityType::Person,
        actor: None,
        roles: vec!["spokesman".into()],
        affiliations: vec!["the Kremlin".into()],
        mentions: vec![Mention {
            span: Span::new(0, 5),
            kind: MentionKind::Name,
        }],
    });
    run(&mut doc, dicts());
    assert_eq!(doc.entities[0].actor.as_deref(), Some("RUSGOV"));
    assert_eq!(triples(&doc), vec!["RUSGOV JPN 111".to_string()]);
}

#[test]
fn reported_events_are_attributed() {
    let doc = check(
        "Officials official NOUN NNS 2 nsubj\nsaid say VERB VBD 0 root\nRussia Russia PROPN NNP 4 nsubj\nvisited visit VERB VBD 2 ccomp\nChina China PROPN NNP 4 obj",
        D2016,
        &["CHN RUS 043", "RUS CHN 042"],
    );
    assert!(doc
        .events
        .iter()
        .all(|e| e.modality == Modality::Attributed));
}

#[test]
fn user_overlay_codes_new_actor_and_verb() {
    let dir = std::env::temp_dir().join(format!("ng-events-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let actors = dir.join("actors.txt");
    std::fs::write(&actors, "ZORGLAND_ [ZRG]\n").unwrap();
    let verbs = dir.join("verbs.txt");
    std::fs::write(&verbs, "--- ZAP [---] ---\nZAP\n- * + [1711]\n").unwrap();
    let d = Dictionaries::embedded()
        .unwrap()
        .with_user_overlay(&[actors, verbs])
        .unwrap();
    let mut doc = parse(
        "Zorgland Zorgland PROPN NNP 2 nsubj\nzapped zap VERB VBD 0 root\nRussia Russia PROPN NNP 2 obj",
        D2016,
    );
    run(&mut doc, &d);
    assert_eq!(triples(&doc), vec!["ZRG RUS 1711".to_string()]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_verb_codes_nothing() {
    check(
        "Russia Russia PROPN NNP 2 nsubj\nflorbled florble VERB VBD 0 root\nUkraine Ukraine PROPN NNP 2 obj",
        D2016,
        &[],
    );
}

#[test]
fn identical_events_are_merged() {
    let doc = check(
        "Russia Russia PROPN NNP 2 nsubj\nattacked attack VERB VBD 0 root\nUkraine Ukraine PROPN NNP 2 obj\n. . PUNCT . 2 punct\n\nRussia Russia PROPN NNP 2 nsubj\nattacked attack VERB VBD 0 root\nUkraine Ukraine PROPN NNP 2 obj",
        D2016,
        &["RUS UKR 190"],
    );
    assert_eq!(doc.sentences.len(), 2);
}

#[test]
fn broken_parses_do_not_panic() {
    let mut doc = parse(
        "a a NOUN NN 2 nsubj\nb b VERB VBD 3 root\nc c VERB VBD 2 ccomp\nd d NOUN NN 9 obj",
        D2016,
    );
    // A cycle and heads outside the sentence.
    doc.tokens[1].head = Some(2);
    doc.tokens[2].head = Some(1);
    doc.tokens[3].head = Some(4000);
    run(&mut doc, dicts());
    let mut empty = Document::default();
    run(&mut empty, dicts());
    assert!(empty.events.is_empty());
}

#[test]
fn first_person_in_a_quote_is_the_speaker() {
    let mut doc = parse(
        "We we PRON PRP 2 nsubj\nurge urge VERB VBP 0 root\nRussia Russia PROPN NNP 2 obj\nto to PART TO 5 mark\nnegotiate negotiate VERB VB 2 xcomp",
        D2016,
    );
    doc.entities.push(Entity {
        name: "Jane Roe".into(),
        entity_type: EntityType::Person,
        actor: Some("USAGOV".into()),
        roles: Vec::new(),
        affiliations: Vec::new(),
        mentions: Vec::new(),
    });
    let all = Span::new(0, doc.text().len());
    doc.quotes.push(newsgraph_doc::Quote {
        span: all,
        speaker_entity: Some(0),
        ..Default::default()
    });
    run(&mut doc, dicts());
    let t = triples(&doc);
    assert!(
        !t.is_empty() && t.iter().all(|e| e.starts_with("USAGOV RUS 02")),
        "{t:?}"
    );
}

#[test]
fn reported_clause_with_a_non_verbal_head_does_not_panic() {
    // "said (that) the deal [was] good and Russia attacked Ukraine": the
    // ccomp head is an adjective whose conjunct is a coded verb.
    let mut doc = parse(
        "France France PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\ngood good ADJ JJ 2 ccomp\nand and CCONJ CC 6 cc\nRussia Russia PROPN NNP 6 nsubj\nattacked attack VERB VBD 3 conj\nUkraine Ukraine PROPN NNP 6 obj",
        D2016,
    );
    run(&mut doc, dicts());
    assert!(!doc.events.is_empty());
}

#[test]
fn random_parses_never_panic() {
    // A small deterministic generator: arbitrary heads (cycles, self-loops,
    // out of range) and labels over dictionary words.
    let words = [
        "Russia", "said", "it", "attacked", "Ukraine", "and", "not", "to", "help", "the",
        "Kremlin", "by", "with", "troops", "urge", "we",
    ];
    let rels = newsgraph_doc::tags::DEPRELS;
    let upos = [
        "PROPN", "VERB", "PRON", "ADP", "NOUN", "PART", "ADJ", "CCONJ", "DET",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..300 {
        let len = 1 + next(14);
        let mut conllu = String::new();
        for k in 0..len {
            let w = words[next(words.len())];
            conllu.push_str(&format!(
                "{}\t{w}\t{}\t{}\tXX\t_\t{}\t{}\t_\t_\n",
                k + 1,
                w.to_lowercase(),
                upos[next(upos.len())],
                next(len + 3),
                rels[next(rels.len())]
            ));
        }
        let mut doc = document_from_conllu(&conllu, NaiveDate::from_ymd_opt(2016, 1, 1));
        if let Some(t) = doc.tokens.first_mut() {
            t.head = Some(next(50) as u32);
        }
        run(&mut doc, dicts());
    }
}
