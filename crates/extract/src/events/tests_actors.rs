//! Actor-side tests (issue 19): the era of an undated article, the home
//! country of roles without one, parties coded by their side, and events
//! with one actor on both sides. Our own sentences and made-up people and
//! countries (`XXX`, `YYY` in a small overlay dictionary), no corpus text.

use super::raw::{Actor, RawEvent};
use super::setting::{country_of, settle};
use super::tests::{dicts, parse};
use super::{actor_code, run};
use chrono::NaiveDate;
use newsgraph_dict::Dictionaries;
use newsgraph_doc::{Document, Entity, EntityType, Mention, MentionKind, Span};

/// The shipped dictionaries plus made-up office-holders with dated codes.
fn overlay() -> Dictionaries {
    let mut d = dicts().clone();
    d.actors.add_text(
        "ANN_ROE_\n [XXXGOVEDU 20000101-20031231]\n [XXXGOV 20040101-20061231]\n [XXXELI]\n\
         BOB_POE_\n [YYYGOV 20030101-20071231]\n [YYYELI]\n",
        true,
    );
    d
}

/// Adds a named entity whose mentions are the given token ranges.
fn entity(
    doc: &mut Document,
    name: &str,
    ty: EntityType,
    actor: Option<&str>,
    toks: &[(usize, usize)],
) {
    let mentions = toks
        .iter()
        .map(|&(a, b)| Mention {
            span: Span::new(
                doc.tokens[a].span.start as usize,
                doc.tokens[b].span.end as usize,
            ),
            kind: MentionKind::Name,
        })
        .collect();
    doc.entities.push(Entity {
        name: name.into(),
        entity_type: ty,
        actor: actor.map(str::to_string),
        roles: Vec::new(),
        affiliations: Vec::new(),
        mentions,
    });
}

fn triples(doc: &Document) -> Vec<String> {
    let mut v: Vec<String> = doc
        .events
        .iter()
        .map(|e| {
            let side = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
            format!("{} {} {}", side(&e.source), side(&e.target), e.code)
        })
        .collect();
    v.sort();
    v
}

const MET: &str = "Ann Ann PROPN NNP 3 nsubj\nRoe Roe PROPN NNP 1 flat\n\
    met meet VERB VBD 0 root\nBob Bob PROPN NNP 3 obj\nPoe Poe PROPN NNP 4 flat\n. . PUNCT . 3 punct";

#[test]
fn undated_article_takes_the_era_its_office_holders_share() {
    let d = overlay();
    let mut doc = parse(MET, (2000, 1, 1));
    doc.article.published.date = None;
    entity(&mut doc, "Ann Roe", EntityType::Person, None, &[(0, 1)]);
    entity(&mut doc, "Bob Poe", EntityType::Person, None, &[(3, 4)]);
    run(&mut doc, &d);
    // Both in office only in 2004–2006 (Ann Roe's second role): not their
    // latest roles (ELI), nor Ann Roe's first.
    assert_eq!(doc.entities[0].actor.as_deref(), Some("XXXGOV"));
    assert_eq!(doc.entities[1].actor.as_deref(), Some("YYYGOV"));
    assert_eq!(triples(&doc), ["XXXGOV YYYGOV 040"]);
    // The event keeps no date: the era only reads the dictionaries.
    assert!(doc.events.iter().all(|e| e.date.is_none()));
}

#[test]
fn a_stated_role_picks_the_period_and_one_name_alone_does_not() {
    let d = overlay();
    let undated = |roles: Vec<String>| {
        let mut doc = parse(MET, (2000, 1, 1));
        doc.article.published.date = None;
        entity(&mut doc, "Ann Roe", EntityType::Person, None, &[(0, 1)]);
        doc.entities[0].roles = roles;
        super::code_entities(&mut doc, &d);
        doc.entities[0].actor.clone()
    };
    assert_eq!(
        undated(vec!["foreign minister".into()]).as_deref(),
        Some("XXXGOV")
    );
    // No role and nobody else: too little to date the article by, so the
    // dictionary's default (the latest role) stands.
    assert_eq!(undated(Vec::new()).as_deref(), Some("XXXELI"));
}

#[test]
fn roles_without_a_country_take_the_home_country() {
    // "Ministers criticized Ann Roe ." in an article about country XXX.
    let fixture = "Ministers minister NOUN NNS 2 nsubj\ncriticized criticize VERB VBD 0 root\n\
        Ann Ann PROPN NNP 2 obj\nRoe Roe PROPN NNP 3 flat\n. . PUNCT . 2 punct";
    let mut doc = parse(fixture, (2016, 6, 1));
    entity(
        &mut doc,
        "Ann Roe",
        EntityType::Person,
        Some("XXXOPP"),
        &[(2, 3), (2, 3), (2, 3)],
    );
    let mut home = doc.clone();
    run(&mut home, dicts());
    assert_eq!(triples(&home), ["XXXGOV XXXOPP 111"]);
    // Two countries as often named: no home country, the role stays `---`.
    entity(
        &mut doc,
        "Yland",
        EntityType::Gpe,
        Some("YYY"),
        &[(4, 4), (4, 4), (4, 4)],
    );
    run(&mut doc, dicts());
    assert_eq!(triples(&doc), ["---GOV XXXOPP 111"]);
}

#[test]
fn parties_are_coded_by_their_side_on_the_date() {
    let on = |y| NaiveDate::from_ymd_opt(y, 6, 1);
    let d = dicts();
    assert_eq!(actor_code(d, "Labour", on(2005)).as_deref(), Some("GBRGOV"));
    assert_eq!(
        actor_code(d, "the Tories", on(2005)).as_deref(),
        Some("GBROPP")
    );
    assert_eq!(
        actor_code(d, "the Tories", on(2015)).as_deref(),
        Some("GBRGOV")
    );
    // A party's leader is the party's side, not a government office.
    assert_eq!(
        actor_code(d, "Tory leader", on(2005)).as_deref(),
        Some("GBROPP")
    );
    assert_eq!(
        actor_code(d, "Russian leader", on(2005)).as_deref(),
        Some("RUSGOV")
    );
}

fn actor(code: &str, name: &str, tok: usize) -> Actor {
    Actor {
        code: code.into(),
        name: name.into(),
        tok,
    }
}

fn event(source: Actor, target: Actor) -> RawEvent {
    RawEvent::new(1, source, Some(target), "040".into(), "test".into())
}

#[test]
fn one_actor_is_never_on_both_sides() {
    let kept = |s: Actor, t: Actor| settle(&mut event(s, t), None);
    // One mention found twice.
    assert!(!kept(actor("XXX", "XLAND", 0), actor("XXX", "XLAND", 0)));
    // A country and its own police from one phrase.
    assert!(!kept(
        actor("XXX", "XLAND POLICE", 0),
        actor("XXXCOP", "XLAND POLICE", 1)
    ));
    // A country meeting itself.
    assert!(!kept(
        actor("XXX", "XLAND", 0),
        actor("XXX", "THE COUNTRY", 3)
    ));
    // A role given the home country that is then the other side's code:
    // two actors (ministers and a minister named), kept.
    let mut e = event(
        actor("---GOV", "MINISTERS", 0),
        actor("XXXGOV", "ANN ROE", 3),
    );
    assert!(settle(&mut e, Some("XXX")));
    assert_eq!(e.source.code, "XXXGOV");
    // Rivals of one country.
    assert!(kept(actor("XXXGOV", "A", 0), actor("XXXOPP", "B", 3)));
}

#[test]
fn country_part_of_codes() {
    assert_eq!(country_of("GBRGOV"), Some("GBR"));
    assert_eq!(country_of("IGOUNO"), None);
    assert_eq!(country_of("---GOV"), None);
    assert_eq!(country_of("MED"), None);
}

#[test]
fn joint_officials_are_two_actors() {
    let fixture = "Officials official NOUN NNS 6 nsubj\nfrom from ADP IN 3 case\n\
        Xton Xton PROPN NNP 1 nmod\nand and CCONJ CC 5 cc\nYton Yton PROPN NNP 3 conj\n\
        held hold VERB VBD 0 root\ntalks talk NOUN NNS 6 obj\nin in ADP IN 9 case\n\
        Zton Zton PROPN NNP 6 obl\n. . PUNCT . 6 punct";
    let mut d = dicts().clone();
    d.capitals
        .add_text("XTON_\n [XXX]\nYTON_\n [YYY]\nZTON_\n [ZZZ]\n", true);
    d.actors
        .add_text("XTON_\n [XXX]\nYTON_\n [YYY]\nZTON_\n [ZZZ]\n", true);
    let mut doc = parse(fixture, (2016, 6, 1));
    run(&mut doc, &d);
    let t = triples(&doc);
    assert!(
        t.iter().any(|e| e.starts_with("XXX") && e.contains(" YYY")),
        "{t:?}"
    );
}

#[test]
fn office_holders_of_the_2020s_follow_the_articles_date() {
    let on = |y, m| NaiveDate::from_ymd_opt(y, m, 1);
    let d = dicts();
    let code = |p: &str, date| actor_code(d, p, date);
    // Phoenix knew Mark Carney only as a central banker.
    assert_eq!(
        code("Mark Carney", on(2010, 6)).as_deref(),
        Some("CANGOVBUS")
    );
    assert_eq!(
        code("Mark Carney", on(2016, 6)).as_deref(),
        Some("GBRGOVBUS")
    );
    assert_eq!(code("Mark Carney", on(2025, 6)).as_deref(), Some("CANGOV"));
    assert_eq!(
        code("Friedrich Merz", on(2024, 6)).as_deref(),
        Some("DEUOPP")
    );
    assert_eq!(
        code("Friedrich Merz", on(2025, 6)).as_deref(),
        Some("DEUGOV")
    );
    assert_eq!(code("Mark Rutte", on(2020, 6)).as_deref(), Some("NLDGOV"));
    assert_eq!(
        code("Mark Rutte", on(2025, 6)).as_deref(),
        Some("IGOWSTNAT")
    );
    assert_eq!(code("Bola Tinubu", on(2024, 6)).as_deref(), Some("NGAGOV"));
    assert_eq!(
        code("Kemi Badenoch", on(2025, 6)).as_deref(),
        Some("GBROPP")
    );
}
