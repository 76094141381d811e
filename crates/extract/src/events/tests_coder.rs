//! Tests of the verb and clause side of the coder (issue 19): the senses
//! that code nothing, speech acts, wanted and threatened acts, and odd
//! parses. Sentences written for these tests; each fixture line is `form
//! lemma UPOS XPOS head deprel`.

use super::run;
use super::tests::{dicts, parse, triples};

/// `source target code` of each event of a one-sentence fixture.
fn coded(fixture: &str) -> Vec<String> {
    let mut doc = parse(fixture, (2016, 6, 1));
    run(&mut doc, dicts());
    triples(&doc)
}

#[test]
fn struck_a_tone_is_no_attack() {
    let got = coded("Chile Chile PROPN NNP 2 nsubj\nstruck strike VERB VBD 0 root\na a DET DT 5 det\nfirmer firm ADJ JJR 5 amod\ntone tone NOUN NN 2 obj\nwith with ADP IN 7 case\nPeru Peru PROPN NNP 2 obl\n. . PUNCT . 2 punct");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_national_team_result_is_no_event() {
    let got = coded("Spain Spain PROPN NNP 2 nsubj\nbeat beat VERB VBD 0 root\nItaly Italy PROPN NNP 2 obj\n3-1 3-1 NUM CD 2 obj\nin in ADP IN 6 case\nMadrid Madrid PROPN NNP 2 obl\n. . PUNCT . 2 punct");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn telling_the_media_codes_nothing() {
    let got = coded("Germany Germany PROPN NNP 2 nsubj\ntold tell VERB VBD 0 root\nreporters reporter NOUN NNS 2 obj\nthat that SCONJ IN 7 mark\nthe the DET DT 6 det\neconomy economy NOUN NN 7 nsubj\ngrew grow VERB VBD 2 ccomp\n. . PUNCT . 2 punct");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_reduced_relative_misparse_keeps_its_direction() {
    // Root noun "minister", verb hung on it as acl, object as obl:agent
    // with no "by": the minister condemned Korea, not the reverse.
    let got = coded("Japan Japan PROPN NNP 4 nmod:poss\n's 's PART POS 1 case\nforeign foreign ADJ JJ 4 amod\nminister minister NOUN NN 0 root\ncondemned condemn VERB VBN 4 acl\nChina China PROPN NNP 5 obl:agent\n. . PUNCT . 4 punct");
    assert_eq!(got, vec!["JPNGOV CHN 111"], "{got:?}");
}

#[test]
fn a_threat_is_not_the_act() {
    let got = coded("Chad Chad PROPN NNP 2 nsubj\nthreatened threaten VERB VBD 0 root\nto to PART TO 4 mark\nexpel expel VERB VB 2 xcomp\nthe the DET DT 7 det\nSudanese Sudanese ADJ JJ 7 amod\nambassador ambassador NOUN NN 4 obj\n. . PUNCT . 2 punct");
    assert!(
        !got.is_empty()
            && got
                .iter()
                .all(|e| e.split(' ').nth(2).is_some_and(|c| c.starts_with("13"))),
        "{got:?}"
    );
}

#[test]
fn a_plan_to_meet_is_an_intention() {
    let got = coded("Peru Peru PROPN NNP 2 nsubj\nplans plan VERB VBZ 0 root\nto to PART TO 4 mark\nmeet meet VERB VB 2 xcomp\nChile Chile PROPN NNP 4 obj\n. . PUNCT . 2 punct");
    assert_eq!(got, vec!["PER CHL 036"], "{got:?}");
}

#[test]
fn denying_ones_own_attack_is_a_denial() {
    let got = coded("Egypt Egypt PROPN NNP 2 nsubj\ndenied deny VERB VBD 0 root\nthat that SCONJ IN 6 mark\nit it PRON PRP 6 nsubj\nhad have AUX VBD 6 aux\nattacked attack VERB VBN 2 ccomp\nLibya Libya PROPN NNP 6 obj\n. . PUNCT . 2 punct");
    assert_eq!(got, vec!["EGY LBY 016"], "{got:?}");
}

#[test]
fn saying_a_policy_was_a_mistake_is_criticism() {
    let got = coded("Kenya Kenya PROPN NNP 2 nsubj\nsaid say VERB VBD 0 root\nUganda Uganda PROPN NNP 5 nmod:poss\n's 's PART POS 3 case\npolicy policy NOUN NN 8 nsubj\nwas be AUX VBD 8 cop\na a DET DT 8 det\nmistake mistake NOUN NN 2 ccomp\n. . PUNCT . 2 punct");
    assert_eq!(got, vec!["KEN UGA 111"], "{got:?}");
}

#[test]
fn attacking_a_plan_is_criticism() {
    let got = coded("Norway Norway PROPN NNP 2 nsubj\nattacked attack VERB VBD 0 root\nSweden Sweden PROPN NNP 5 nmod:poss\n's 's PART POS 3 case\nplans plan NOUN NNS 2 obj\n. . PUNCT . 2 punct");
    assert_eq!(got, vec!["NOR SWE 111"], "{got:?}");
}

#[test]
fn calling_on_an_actor_to_act_is_an_appeal_to_it() {
    let got = coded("Japan Japan PROPN NNP 2 nsubj\ncalled call VERB VBD 0 root\non on ADP IN 4 case\nChina China PROPN NNP 2 obl\nto to PART TO 6 mark\nhalt halt VERB VB 2 xcomp\nthe the DET DT 8 det\nexercises exercise NOUN NNS 6 obj\n. . PUNCT . 2 punct");
    assert!(
        !got.is_empty() && got.iter().all(|e| e.starts_with("JPN CHN 02")),
        "{got:?}"
    );
}

#[test]
fn pleading_with_b_to_act_appeals_to_b() {
    // "with" names the one asked after "plead": the appeal goes to Cuba,
    // and Cuba, not the pleader, is who would keep the promise.
    let got = coded("Mexico Mexico PROPN NNP 2 nsubj\npleaded plead VERB VBD 0 root\nwith with ADP IN 4 case\nCuba Cuba PROPN NNP 2 obl\nto to PART TO 6 mark\nkeep keep VERB VB 2 xcomp\nits its PRON PRP$ 8 nmod:poss\npromise promise NOUN NN 6 obj\n. . PUNCT . 2 punct");
    assert!(got.iter().any(|e| e.starts_with("MEX CUB 02")), "{got:?}");
    assert!(!got.iter().any(|e| e.starts_with("MEX ---")), "{got:?}");
}

#[test]
fn help_is_not_given_to_whom_it_is_aimed_against() {
    // "Chad supplied arms for the war against Sudan": military aid, but
    // not to Sudan.
    let got = coded("Chad Chad PROPN NNP 2 nsubj\nsupplied supply VERB VBD 0 root\narms arm NOUN NNS 2 obj\nfor for ADP IN 6 case\nthe the DET DT 6 det\nwar war NOUN NN 2 obl\nagainst against ADP IN 8 case\nSudan Sudan PROPN NNP 6 nmod\n. . PUNCT . 2 punct");
    assert!(!got.iter().any(|e| e.contains(" SDN ")), "{got:?}");
}

#[test]
fn a_promise_not_to_act_is_no_rejection() {
    // "Peru urged Chile to keep its promise not to sell arms to Bolivia.":
    // the appeal is coded; the negated infinitive on "promise" is the
    // promise's content, not Chile refusing anything.
    let got = coded("Peru Peru PROPN NNP 2 nsubj\nurged urge VERB VBD 0 root\nChile Chile PROPN NNP 2 obj\nto to PART TO 5 mark\nkeep keep VERB VB 2 xcomp\nits its PRON PRP$ 7 nmod:poss\npromise promise NOUN NN 5 obj\nnot not PART RB 10 advmod\nto to PART TO 10 mark\nsell sell VERB VB 7 acl\narms arm NOUN NNS 10 obj\nto to ADP IN 13 case\nBolivia Bolivia PROPN NNP 10 obl\n. . PUNCT . 2 punct");
    assert!(
        got.iter()
            .all(|e| !e.ends_with(" 120") && !e.ends_with(" 121")),
        "{got:?}"
    );
    assert!(got.iter().any(|e| e.starts_with("PER CHL 02")), "{got:?}");
}

#[test]
fn a_subject_parsed_as_apposition_of_a_fronted_time_noun() {
    // "Last week, Russia's president, Vladimir Putin, urged Chile to talk."
    // with the subject hung on "week" as appositions and no nsubj.
    let got = coded("Last last ADJ JJ 2 amod\nweek week NOUN NN 11 obl:unmarked\n, , PUNCT , 6 punct\nRussia Russia PROPN NNP 6 nmod:poss\n's 's PART POS 4 case\npresident president NOUN NN 2 appos\n, , PUNCT , 8 punct\nVladimir Vladimir PROPN NNP 6 appos\nPutin Putin PROPN NNP 8 flat\n, , PUNCT , 2 punct\nurged urge VERB VBD 0 root\nChile Chile PROPN NNP 11 iobj\nto to PART TO 14 mark\ntalk talk VERB VB 11 advcl\n. . PUNCT . 11 punct");
    assert!(
        got.iter().any(|e| e.starts_with("RUSGOV CHL 02")),
        "{got:?}"
    );
}

#[test]
fn an_event_takes_the_day_of_its_own_clause() {
    // "Peru urged Chile to act, a request Bolivia rejected on Monday.":
    // Monday is the rejection's day, not the appeal's.
    let mut doc = parse("Peru Peru PROPN NNP 2 nsubj\nurged urge VERB VBD 0 root\nChile Chile PROPN NNP 2 iobj\nto to PART TO 5 mark\nact act VERB VB 2 advcl\n, , PUNCT , 8 punct\na a DET DT 8 det\nrequest request NOUN NN 2 obj\nBolivia Bolivia PROPN NNP 10 nsubj\nrejected reject VERB VBD 8 acl:relcl\non on ADP IN 12 case\nMonday Monday PROPN NNP 10 obl\n. . PUNCT . 2 punct", (2016, 6, 1));
    let monday = doc.tokens[11].span;
    doc.times.push(newsgraph_doc::TimeExpr {
        span: monday,
        timex_type: newsgraph_doc::TimexType::Date,
        value: Some("2016-05-30".into()),
        modifier: None,
    });
    run(&mut doc, dicts());
    let appeal = doc
        .events
        .iter()
        .find(|e| e.code.starts_with("02"))
        .expect("the appeal is coded");
    assert_eq!(appeal.date, chrono::NaiveDate::from_ymd_opt(2016, 6, 1));
}

#[test]
fn a_company_beating_rivals_and_a_cricket_tally_are_no_events() {
    let got = coded("Turkish Turkish ADJ JJ 2 amod\nAirlines Airlines PROPN NNPS 3 nsubj\nbeat beat VERB VBD 0 root\nits its PRON PRP$ 5 nmod:poss\nrivals rival NOUN NNS 3 obj\n. . PUNCT . 3 punct");
    assert!(got.is_empty(), "{got:?}");
    let got = coded("Australia Australia PROPN NNP 2 nsubj\nhit hit VERB VBD 0 root\nIndia India PROPN NNP 2 obj\nfor for ADP IN 6 case\n400 400 NUM CD 6 nummod\nruns run NOUN NNS 2 obl\n. . PUNCT . 2 punct");
    assert!(got.is_empty(), "{got:?}");
}
