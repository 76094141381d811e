//! Acts done in words (issue 19): judgements said of an actor (reported,
//! quoted, or "called …"), attacks in words between one country's rivals,
//! pronoun speakers, and the British actors of 1997–2010 politics news.
//! Our own sentences; each fixture line is `form lemma UPOS XPOS head
//! deprel`.

use super::tests::{dicts, parse, triples};
use super::{actor_code, run};
use chrono::NaiveDate;
use newsgraph_doc::{Document, Entity, EntityType, Mention, MentionKind, Quote, QuoteKind, Span};

const D2005: (i32, u32, u32) = (2005, 3, 1);

fn coded(fixture: &str) -> Vec<String> {
    let mut doc = parse(fixture, D2005);
    run(&mut doc, dicts());
    triples(&doc)
}

/// Adds a person whose one mention spans tokens `a..=b`.
fn person(doc: &mut Document, name: &str, actor: Option<&str>, a: usize, b: usize) -> usize {
    doc.entities.push(Entity {
        name: name.into(),
        entity_type: EntityType::Person,
        actor: actor.map(str::to_string),
        roles: Vec::new(),
        affiliations: Vec::new(),
        mentions: vec![Mention {
            span: Span::new(
                doc.tokens[a].span.start as usize,
                doc.tokens[b].span.end as usize,
            ),
            kind: MentionKind::Name,
        }],
    });
    doc.entities.len() - 1
}

/// A story about Britain ("Blair met Brown and Straw .", three GBRGOV
/// people, tokens 0–5) followed by the sentence `rest` (from token 6).
fn british_story(rest: &str) -> Document {
    let fixture = format!(
        "Blair Blair PROPN NNP 2 nsubj\nmet meet VERB VBD 0 root\n\
         Brown Brown PROPN NNP 2 obj\nand and CCONJ CC 5 cc\nStraw Straw PROPN NNP 3 conj\n\
         . . PUNCT . 2 punct\n\n{rest}"
    );
    let mut doc = parse(&fixture, D2005);
    person(&mut doc, "Blair", Some("GBRGOV"), 0, 0);
    person(&mut doc, "Brown", Some("GBRGOV"), 2, 2);
    person(&mut doc, "Straw", Some("GBRGOV"), 4, 4);
    doc
}

#[test]
fn british_front_benchers_and_shadows_are_coded_by_date() {
    let on = |y, m| NaiveDate::from_ymd_opt(y, m, 1);
    let d = dicts();
    let code = |p: &str, date| actor_code(d, p, date);
    assert_eq!(
        code("Michael Howard", on(2005, 3)).as_deref(),
        Some("GBROPP")
    );
    assert_eq!(
        code("Michael Howard", on(1995, 3)).as_deref(),
        Some("GBRGOV")
    );
    assert_eq!(
        code("Charles Kennedy", on(2004, 6)).as_deref(),
        Some("GBROPP")
    );
    // The entry replaces Phoenix's, which knew only the later office.
    assert_eq!(
        code("David Cameron", on(2005, 3)).as_deref(),
        Some("GBROPP")
    );
    assert_eq!(
        code("David Cameron", on(2012, 3)).as_deref(),
        Some("GBRGOV")
    );
    assert_eq!(code("Liam Fox", on(2004, 6)).as_deref(), Some("GBROPP"));
    assert_eq!(
        code("the shadow home secretary", on(2005, 3)).as_deref(),
        Some("---OPP")
    );
    assert_eq!(
        code("the home secretary", on(2005, 3)).as_deref(),
        Some("---GOV")
    );
}

#[test]
fn a_speaker_judges_who_the_judging_clause_names() {
    // "Labour said the Tories were hypocritical ."
    let said = |word: &str, lemma: &str, neg: bool| {
        let not = if neg {
            "not not PART RB 7 advmod\n"
        } else {
            ""
        };
        let head = if neg { 7 } else { 6 };
        let fixture = format!(
            "Labour Labour PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\nthe the DET DT 4 det\n\
             Tories Tory PROPN NNPS {head} nsubj\nwere be AUX VBD {head} cop\n{not}\
             {word} {lemma} ADJ JJ 2 ccomp\n. . PUNCT . 2 punct"
        );
        coded(&fixture)
    };
    assert_eq!(
        said("hypocritical", "hypocritical", false),
        ["GBRGOV GBROPP 111"]
    );
    assert_eq!(said("right", "right", false), ["GBRGOV GBROPP 051"]);
    // Answering a judgement is not passing one.
    assert!(said("wrong", "wrong", true).is_empty());
    // A misdeed said of another is criticism; denied, it is not.
    let failed = |neg: bool| {
        let head = if neg { 7 } else { 6 };
        let not = if neg {
            "not not PART RB 7 advmod\n"
        } else {
            ""
        };
        let fixture = format!(
            "Labour Labour PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\nthe the DET DT 4 det\n\
             Tories Tory PROPN NNPS {head} nsubj\nhad have AUX VBD {head} aux\n{not}\
             failed fail VERB VBN 2 ccomp\n. . PUNCT . 2 punct"
        );
        coded(&fixture)
    };
    assert_eq!(failed(false), ["GBRGOV GBROPP 111"]);
    assert!(failed(true).is_empty());
    // A word that describes without judging codes nothing.
    assert!(said("tired", "tired", false).is_empty());
}

#[test]
fn calling_a_plan_a_name_judges_its_owner() {
    // "The Tories called Labour's plan unworkable ." (the adjective as the
    // verb's xcomp, and as a misparsed amod after the object).
    let xcomp =
        "The the DET DT 2 det\nTories Tory PROPN NNPS 3 nsubj\ncalled call VERB VBD 0 root\n\
        Labour Labour PROPN NNP 6 nmod:poss\n's 's PART POS 4 case\nplan plan NOUN NN 3 obj\n\
        unworkable unworkable ADJ JJ 3 xcomp\n. . PUNCT . 3 punct";
    assert_eq!(coded(xcomp), ["GBROPP GBRGOV 111"]);
    let amod = xcomp.replace("unworkable ADJ JJ 3 xcomp", "unworkable ADJ JJ 6 amod");
    assert_eq!(coded(&amod), ["GBROPP GBRGOV 111"]);
    // "called Labour's plan yesterday": a call, no judgement.
    let plain =
        "The the DET DT 2 det\nTories Tory PROPN NNPS 3 nsubj\ncalled call VERB VBD 0 root\n\
        Labour Labour PROPN NNP 3 obj\nyesterday yesterday NOUN NN 3 obl:tmod\n. . PUNCT . 3 punct";
    assert!(
        coded(plain).iter().all(|e| !e.ends_with(" 111")),
        "{:?}",
        coded(plain)
    );
}

#[test]
fn rivals_attack_each_other_in_words() {
    let fixture =
        "The the DET DT 2 det\nTories Tory PROPN NNPS 3 nsubj\nattacked attack VERB VBD 0 root\n\
        Labour Labour PROPN NNP 3 obj\n. . PUNCT . 3 punct";
    assert_eq!(coded(fixture), ["GBROPP GBRGOV 111"]);
    // A verb the dictionary leaves uncoded here ("slammed": a crash) is
    // criticism between rivals, and nothing between others.
    let slam = fixture.replace("attacked attack", "slammed slam");
    assert_eq!(coded(&slam), ["GBROPP GBRGOV 111"]);
    let car = "The the DET DT 2 det\ncar car NOUN NN 3 nsubj\nslammed slam VERB VBD 0 root\n\
        Labour Labour PROPN NNP 3 obj\n. . PUNCT . 3 punct";
    assert!(coded(car).is_empty(), "{:?}", coded(car));
    // Two countries: an attack stays an attack.
    let war = "Russia Russia PROPN NNP 2 nsubj\nattacked attack VERB VBD 0 root\n\
        Ukraine Ukraine PROPN NNP 2 obj\n. . PUNCT . 2 punct";
    assert_eq!(coded(war), ["RUS UKR 190"]);
}

#[test]
fn a_judgement_inside_a_quotation_is_its_speakers() {
    // Michael Howard spoke . / " Labour is a shambles . " (a direct quote
    // the quote finder gave to Michael Howard).
    let fixture = "Michael Michael PROPN NNP 3 nsubj\nHoward Howard PROPN NNP 1 flat\n\
        spoke speak VERB VBD 0 root\n. . PUNCT . 3 punct\n\n\
        Labour Labour PROPN NNP 4 nsubj\nis be AUX VBZ 4 cop\na a DET DT 4 det\n\
        shambles shambles NOUN NN 0 root\n. . PUNCT . 4 punct";
    let mut doc = parse(fixture, D2005);
    let howard = person(&mut doc, "Michael Howard", Some("GBROPP"), 0, 1);
    let mut quoted = doc.clone();
    quoted.quotes.push(Quote {
        span: Span::new(
            quoted.tokens[4].span.start as usize,
            quoted.tokens[8].span.end as usize,
        ),
        kind: QuoteKind::Direct,
        speaker: Some("Michael Howard".into()),
        speaker_entity: Some(howard),
        ..Quote::default()
    });
    run(&mut quoted, dicts());
    assert_eq!(triples(&quoted), ["GBROPP GBRGOV 111"]);
    // The writer's own words judge for nobody.
    run(&mut doc, dicts());
    assert!(triples(&doc).is_empty(), "{:?}", triples(&doc));
}

#[test]
fn a_pronoun_speaker_is_the_person_last_named() {
    // "Tessa Jowell spoke . She accused the Tories ."
    let fixture = |other: bool| {
        let middle = if other {
            "met meet VERB VBD 0 root\nAnn Ann PROPN NNP 3 obj\n"
        } else {
            "spoke speak VERB VBD 0 root\n"
        };
        format!(
            "Tessa Tessa PROPN NNP 3 nsubj\nJowell Jowell PROPN NNP 1 flat\n{middle}. . PUNCT . 3 punct\n\n\
             She she PRON PRP 2 nsubj\naccused accuse VERB VBD 0 root\nthe the DET DT 4 det\n\
             Tories Tory PROPN NNPS 2 obj\n. . PUNCT . 2 punct"
        )
    };
    let mut doc = parse(&fixture(false), D2005);
    person(&mut doc, "Tessa Jowell", Some("GBRGOV"), 0, 1);
    run(&mut doc, dicts());
    assert_eq!(triples(&doc), ["GBRGOV GBROPP 112"]);
    // A nearer woman the dictionaries do not know is the antecedent; in an
    // article about no one country nothing places her: no event.
    let mut doc = parse(&fixture(true), D2005);
    person(&mut doc, "Tessa Jowell", Some("GBRGOV"), 0, 1);
    person(&mut doc, "Ann", None, 3, 3);
    run(&mut doc, dicts());
    assert!(triples(&doc).is_empty(), "{:?}", triples(&doc));
}

#[test]
fn a_pronoun_skips_a_person_of_the_other_gender() {
    // "Tessa Jowell met Mr Howard . She accused the Tories ." ("Mr" makes
    // Howard male, so "she" is Tessa Jowell.)
    let fixture =
        "Tessa Tessa PROPN NNP 3 nsubj\nJowell Jowell PROPN NNP 1 flat\nmet meet VERB VBD 0 root\n\
        Mr Mr PROPN NNP 3 obj\nHoward Howard PROPN NNP 4 flat\n. . PUNCT . 3 punct\n\n\
        She she PRON PRP 2 nsubj\naccused accuse VERB VBD 0 root\nthe the DET DT 4 det\n\
        Tories Tory PROPN NNPS 2 obj\n. . PUNCT . 2 punct";
    let mut doc = parse(fixture, D2005);
    person(&mut doc, "Tessa Jowell", Some("GBRGOV"), 0, 1);
    person(&mut doc, "Howard", Some("GBROPP"), 4, 4);
    run(&mut doc, dicts());
    let got = triples(&doc);
    assert!(got.contains(&"GBRGOV GBROPP 112".to_string()), "{got:?}");
}

#[test]
fn a_person_nothing_places_acts_for_the_home_country() {
    // "Blair met Brown and Straw . Ann praised Blair ." Ann is in no
    // dictionary and given no role; in an article about Britain she is a
    // British actor (a careful coder writes GBR), where before she was none.
    let mut doc = british_story(
        "Ann Ann PROPN NNP 2 nsubj\npraised praise VERB VBD 0 root\nBlair Blair PROPN NNP 2 obj\n\
        . . PUNCT . 2 punct",
    );
    person(&mut doc, "Ann", None, 6, 6);
    person(&mut doc, "Blair", Some("GBRGOV"), 8, 8);
    run(&mut doc, dicts());
    let got = triples(&doc);
    assert!(got.contains(&"GBR GBRGOV 051".to_string()), "{got:?}");
}

#[test]
fn a_judgement_of_someones_words_judges_their_owner() {
    // "Blair met Brown and Straw . Howard said Bell 's comments were
    // irresponsible ." Bell is in no dictionary; in an article about
    // Britain his comments judged irresponsible are criticism of a British
    // actor.
    let mut doc = british_story(
        "Howard Howard PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\n\
        Bell Bell PROPN NNP 5 nmod:poss\n's 's PART POS 3 case\n\
        comments comment NOUN NNS 7 nsubj\nwere be AUX VBD 7 cop\n\
        irresponsible irresponsible ADJ JJ 2 ccomp\n. . PUNCT . 2 punct",
    );
    person(&mut doc, "Howard", Some("GBROPP"), 6, 6);
    person(&mut doc, "Bell", None, 8, 8);
    run(&mut doc, dicts());
    let got = triples(&doc);
    assert!(got.contains(&"GBROPP GBR 111".to_string()), "{got:?}");
}

#[test]
fn a_denied_report_is_a_denial_not_the_reported_act() {
    let fixture = |actor: &str| {
        format!(
            "Egypt Egypt PROPN NNP 2 nsubj\ndenied deny VERB VBD 0 root\n\
             reports report NOUN NNS 2 obj\nthat that SCONJ IN 6 mark\n\
             {actor} {actor} PROPN NNP 6 nsubj\nattacked attack VERB VBD 3 acl\n\
             Sudan Sudan PROPN NNP 6 obj\n. . PUNCT . 2 punct"
        )
    };
    // Another's act: the denial is toward the accused; the attack is not
    // coded as having happened.
    assert_eq!(coded(&fixture("Libya")), ["EGY LBY 016"]);
    // Its own act: toward the act's target.
    assert_eq!(coded(&fixture("Egypt")), ["EGY SDN 016"]);
}

#[test]
fn an_attack_told_with_saying_is_in_words_when_a_person_makes_it() {
    // "Mbeki attacked British imperialists , saying they were savages ."
    let fixture = |subject: &str| {
        format!(
            "{subject} {subject} PROPN NNP 2 nsubj\nattacked attack VERB VBD 0 root\n\
             British British ADJ JJ 4 amod\nimperialists imperialist NOUN NNS 2 obj\n\
             , , PUNCT , 6 punct\nsaying say VERB VBG 2 advcl\n\
             they they PRON PRP 9 nsubj\nwere be AUX VBD 9 cop\n\
             savages savage NOUN NNS 6 ccomp\n. . PUNCT . 2 punct"
        )
    };
    let mut doc = parse(&fixture("Mbeki"), D2005);
    person(&mut doc, "Mbeki", Some("ZAFGOV"), 0, 0);
    run(&mut doc, dicts());
    assert_eq!(triples(&doc), ["ZAFGOV GBR 111"]);
    // A country's attack explained by its statement stays an attack.
    let got = coded(&fixture("Russia"));
    assert!(got.iter().all(|t| !t.ends_with(" 111")), "{got:?}");
}
