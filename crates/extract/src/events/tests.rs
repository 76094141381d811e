//! Event-coding tests over hand-written parses (our own sentences; no
//! corpus text). Each fixture line is `form lemma UPOS XPOS head deprel`.

use super::conllu::{conllu_sentence, document_from_conllu};
use super::run;
use chrono::NaiveDate;
use newsgraph_dict::Dictionaries;
use newsgraph_doc::{Document, Entity, EntityType, Mention, MentionKind, Modality, Span};
use std::sync::OnceLock;

pub(super) fn dicts() -> &'static Dictionaries {
    static D: OnceLock<Dictionaries> = OnceLock::new();
    D.get_or_init(|| Dictionaries::embedded().expect("dictionaries"))
}

pub(super) fn parse(fixture: &str, date: (i32, u32, u32)) -> Document {
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

/// `source target code` of each event, sorted (shared with `tests_coder`).
pub(super) fn triples(doc: &Document) -> Vec<String> {
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

#[test]
fn refusing_to_meet_is_rejecting_and_refusing_to_attack_is_nothing() {
    check(
        "Israel Israel PROPN NNP 2 nsubj\nrefused refuse VERB VBD 0 root\nto to PART TO 4 mark\nmeet meet VERB VB 2 xcomp\nJordan Jordan PROPN NNP 4 obj\n. . PUNCT . 2 punct",
        D2016,
        &["ISR JOR 125"],
    );
    check(
        "Israel Israel PROPN NNP 2 nsubj\nrefused refuse VERB VBD 0 root\nto to PART TO 4 mark\nattack attack VERB VB 2 xcomp\nJordan Jordan PROPN NNP 4 obj\n. . PUNCT . 2 punct",
        D2016,
        &[],
    );
}

#[test]
fn said_someone_must_is_a_demand() {
    // "Russia said Sudan must return the helicopter": an uncoded inner verb
    // still makes Russia's demand on Sudan.
    check(
        "Russia Russia PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\nSudan Sudan PROPN NNP 5 nsubj\nmust must AUX MD 5 aux\nreturn return VERB VB 2 ccomp\nthe the DET DT 7 det\nhelicopter helicopter NOUN NN 5 obj\n. . PUNCT . 2 punct",
        D2016,
        &["RUS SDN 100"],
    );
}

#[test]
fn demand_addressed_to_the_subject_of_its_that_clause() {
    check(
        "France France PROPN NNP 2 nsubj\ndemanded demand VERB VBD 0 root\nthat that SCONJ IN 5 mark\nIran Iran PROPN NNP 5 nsubj\nforsake forsake VERB VB 2 ccomp\nits its PRON PRP$ 7 nmod:poss\nprogramme programme NOUN NN 5 obj\n. . PUNCT . 2 punct",
        D2016,
        &["FRA IRN 100"],
    );
}

#[test]
fn threat_aimed_at_the_object_of_its_to_clause() {
    // "cut off" is not coded; the threat is still aimed at Armenia.
    check(
        "Iran Iran PROPN NNP 2 nsubj\nthreatened threaten VERB VBD 0 root\nto to PART TO 4 mark\ncut cut VERB VB 2 xcomp\noff off ADP RP 4 compound:prt\nelectricity electricity NOUN NN 4 obj\nto to ADP IN 8 case\nArmenia Armenia PROPN NNP 4 obl\n. . PUNCT . 2 punct",
        D2016,
        &["IRN ARM 130"],
    );
}

#[test]
fn event_nouns_need_both_sides_and_a_real_event() {
    // "Talks between Russia and Ukraine resumed": both ways, 046.
    check(
        "Talks talk NOUN NNS 6 nsubj\nbetween between ADP IN 3 case\nRussia Russia PROPN NNP 1 nmod\nand and CCONJ CC 5 cc\nUkraine Ukraine PROPN NNP 3 conj\nresumed resume VERB VBD 0 root\n. . PUNCT . 6 punct",
        D2016,
        &["RUS UKR 046", "UKR RUS 046"],
    );
    // "Russia's invasion of Ukraine continued": the possessor acts.
    check(
        "Russia Russia PROPN NNP 3 nmod:poss\n's 's PART POS 1 case\ninvasion invasion NOUN NN 6 nsubj\nof of ADP IN 5 case\nUkraine Ukraine PROPN NNP 3 nmod\ncontinued continue VERB VBD 0 root\n. . PUNCT . 6 punct",
        D2016,
        &["RUS UKR 192"],
    );
    // Called for, not held; and a noun with only one side codes nothing.
    check(
        "France France PROPN NNP 2 nsubj\ncalled call VERB VBD 0 root\nfor for ADP IN 4 case\ntalks talk NOUN NNS 2 obl\nbetween between ADP IN 6 case\nIsrael Israel PROPN NNP 4 nmod\nand and CCONJ CC 8 cc\nJordan Jordan PROPN NNP 6 conj\n. . PUNCT . 2 punct",
        D2016,
        &["FRA ISR 036", "FRA JOR 036"],
    );
    check(
        "The the DET DT 2 det\ninvasion invasion NOUN NN 3 nsubj\nfailed fail VERB VBD 0 root\n. . PUNCT . 3 punct",
        D2016,
        &[],
    );
}

#[test]
fn unknown_lemma_falls_back_to_regular_stems() {
    // A lemmatizer slip ("telephon") still finds TELEPHONE.
    check(
        "France France PROPN NNP 2 nsubj\ntelephoned telephon VERB VBD 0 root\nIran Iran PROPN NNP 2 obj\n. . PUNCT . 2 punct",
        D2016,
        // CALL is [041:041] in CAMEO.2.0: a call is coded both ways.
        &["FRA IRN 041", "IRN FRA 041"],
    );
}

#[test]
fn intended_events_are_plover_agree_or_threaten() {
    let doc = check(
        "Finland Finland PROPN NNP 3 nsubj\nwill will AUX MD 3 aux\ngive give VERB VB 0 root\nTanzania Tanzania PROPN NNP 3 iobj\naid aid NOUN NN 3 obj\n. . PUNCT . 3 punct",
        D2016,
        &["FIN TZA 070"],
    );
    assert_eq!(doc.events[0].plover.as_deref(), Some("AGREE"));
    assert_eq!(doc.events[0].modality, Modality::Expected);
}

#[test]
fn light_verb_subject_does_the_noun_event() {
    // "France undertook a trip to Iran": the subject of "undertook" makes
    // the trip.
    check(
        "France France PROPN NNP 2 nsubj\nundertook undertake VERB VBD 0 root\na a DET DT 4 det\ntrip trip NOUN NN 2 obj\nto to ADP IN 6 case\nIran Iran PROPN NNP 4 nmod\n. . PUNCT . 2 punct",
        D2016,
        &["FRA IRN 042"],
    );
    // When the verb dictionary codes the phrase itself, that event stands
    // alone (CAMEO.2.0 has MAKE … TRIP = 036).
    check(
        "France France PROPN NNP 2 nsubj\nmade make VERB VBD 0 root\na a DET DT 4 det\ntrip trip NOUN NN 2 obj\nto to ADP IN 6 case\nIran Iran PROPN NNP 4 nmod\n. . PUNCT . 2 punct",
        D2016,
        &["FRA IRN 036"],
    );
}

#[test]
fn only_sentences_that_can_name_an_actor_are_coded() {
    let doc = parse(
        "Russia Russia PROPN NNP 2 nsubj\nattacked attack VERB VBD 0 root\nUkraine Ukraine PROPN NNP 2 obj\n. . PUNCT . 2 punct\n\n\
         The the DET DT 2 det\nweather weather NOUN NN 4 nsubj\nwas be AUX VBD 4 cop\nmild mild ADJ JJ 0 root\n. . PUNCT . 4 punct\n\n\
         We we PRON PRP 3 nsubj\nwill will AUX MD 3 aux\nsee see VERB VB 0 root\n. . PUNCT . 3 punct\n\n\
         Those that DET DT 2 det\nfunds fund NOUN NNS 3 nsubj\nfell fall VERB VBD 0 root\n. . PUNCT . 3 punct",
        D2016,
    );
    // An actor's name, no name at all, a first-person pronoun (a quote's
    // speaker), and a control for the glued case below.
    assert_eq!(
        super::sentences_to_code(&doc, dicts()),
        [true, false, true, false]
    );

    // "Russia-backed" is one dictionary word, RUSSIA-BACKED, in the
    // sentence, but a noun phrase holding only "Russia" reads RUSSIA.
    let glued = conllu_sentence(&[
        ("Russia", "Russia", "PROPN", "NNP", 3, "compound", true),
        ("-", "-", "PUNCT", "HYPH", 3, "punct", true),
        ("backed", "back", "VERB", "VBN", 4, "amod", false),
        ("funds", "fund", "NOUN", "NNS", 5, "nsubj", false),
        ("fell", "fall", "VERB", "VBD", 0, "root", false),
    ]);
    let doc = document_from_conllu(&glued, None);
    assert_eq!(super::sentences_to_code(&doc, dicts()), [true]);

    // A coded entity's mention makes a sentence with no dictionary name
    // codable: its surname codes the noun phrase.
    let mut doc = parse(
        "Smith Smith PROPN NNP 2 nsubj\nleft leave VERB VBD 0 root\n. . PUNCT . 2 punct",
        D2016,
    );
    assert_eq!(super::sentences_to_code(&doc, dicts()), [false]);
    doc.entities.push(Entity {
        name: "John Smith".into(),
        entity_type: EntityType::Person,
        actor: Some("USAGOV".into()),
        roles: Vec::new(),
        affiliations: Vec::new(),
        mentions: vec![Mention {
            span: Span::new(0, 5),
            kind: MentionKind::Name,
        }],
    });
    assert_eq!(super::sentences_to_code(&doc, dicts()), [true]);
}

#[test]
fn a_story_discard_leaves_no_sentence_to_code() {
    let doc = parse(
        "Russia Russia PROPN NNP 2 nsubj\nattacked attack VERB VBD 0 root\nUkraine Ukraine PROPN NNP 2 obj\n. . PUNCT . 2 punct\n\n\
         Andre Andre PROPN NNP 2 compound\nAgassi Agassi PROPN NNP 3 nsubj\nwon win VERB VBD 0 root\n. . PUNCT . 3 punct",
        D2016,
    );
    assert_eq!(super::sentences_to_code(&doc, dicts()), [false, false]);
}

#[test]
fn a_year_drops_a_retrospective_sentence_but_not_a_dated_thing() {
    // Written for this test; the article is dated 2016.
    let doc = parse(
        "In in ADP IN 2 case\n1991 1991 NUM CD 4 obl\n, , PUNCT , 4 punct\nIraq Iraq PROPN NNP 5 nsubj\ninvaded invade VERB VBD 0 root\nKuwait Kuwait PROPN NNP 5 obj\n. . PUNCT . 5 punct\n\n\
         Russia Russia PROPN NNP 2 nsubj\nthreatened threaten VERB VBD 0 root\nthe the DET DT 5 det\n1991 1991 NUM CD 5 nummod\naccord accord NOUN NN 2 obj\nwith with ADP IN 7 case\nUkraine Ukraine PROPN NNP 5 nmod\n. . PUNCT . 2 punct\n\n\
         Russia Russia PROPN NNP 2 nsubj\nattacked attack VERB VBD 0 root\nUkraine Ukraine PROPN NNP 2 obj\nin in ADP IN 5 case\n2015 2015 NUM CD 2 obl\n. . PUNCT . 2 punct",
        D2016,
    );
    assert_eq!(super::sentences_to_code(&doc, dicts()), [false, true, true]);
}

#[test]
fn part_of_a_glued_run_can_start_an_actor_name() {
    // "al-Qaeda-linked": AL-QAEDA starts a dictionary name (AL-QAEDA IN
    // IRAQ) that a noun phrase holding only "al-Qaeda" could go on to.
    let joined = conllu_sentence(&[
        ("al", "al", "PROPN", "NNP", 3, "compound", true),
        ("-", "-", "PUNCT", "HYPH", 3, "punct", true),
        ("Qaeda", "Qaeda", "PROPN", "NNP", 5, "compound", true),
        ("-", "-", "PUNCT", "HYPH", 5, "punct", true),
        ("linked", "link", "VERB", "VBN", 6, "amod", false),
        ("attacks", "attack", "NOUN", "NNS", 7, "nsubj", false),
        ("rose", "rise", "VERB", "VBD", 0, "root", false),
    ]);
    let doc = document_from_conllu(&joined, None);
    assert_eq!(super::sentences_to_code(&doc, dicts()), [true]);
    // The same words apart name nothing.
    let apart = conllu_sentence(&[
        ("linked", "link", "VERB", "VBN", 2, "amod", false),
        ("attacks", "attack", "NOUN", "NNS", 3, "nsubj", false),
        ("rose", "rise", "VERB", "VBD", 0, "root", false),
    ]);
    let doc = document_from_conllu(&apart, None);
    assert_eq!(super::sentences_to_code(&doc, dicts()), [false]);
}
