//! Disambiguation cases on hand-built documents (short invented sentences,
//! no corpus text), with and without an entity layer.

use super::*;
use newsgraph_doc::{ArticleBuilder, Entity, Mention};
use std::sync::OnceLock;

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

fn doc(text: &str) -> Document {
    Document::new(ArticleBuilder::new("t").paragraph(text).build())
}

/// (mention text, place name, ISO3) for every place mention.
fn places(d: &Document) -> Vec<(String, String, String)> {
    let mut v = Vec::new();
    for p in &d.places {
        for m in &p.mentions {
            v.push((
                d.span_text(*m).to_string(),
                p.name.clone(),
                p.country.clone().unwrap_or_default(),
            ));
        }
    }
    v.sort();
    v
}

fn check(text: &str, expected: &[(&str, &str, &str)]) {
    let mut d = doc(text);
    run(&mut d, gaz());
    let got = places(&d);
    let mut want: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    want.sort();
    assert_eq!(got, want, "text: {text}");
}

#[test]
fn countries_capitals_and_demonyms() {
    check(
        "Officials in Pyongyang and Moscow met as North Korean envoys flew to Vladivostok.",
        &[
            ("Pyongyang", "Pyongyang", "PRK"),
            ("Moscow", "Moscow", "RUS"),
            ("North Korean", "North Korea", "PRK"),
            ("Vladivostok", "Vladivostok", "RUS"),
        ],
    );
}

#[test]
fn washington_is_the_us_capital_and_us_is_not_in_canada() {
    check(
        "Washington warned the U.S. allies. A Washington-based group said so.",
        &[
            ("Washington", "Washington", "USA"),
            ("Washington", "Washington", "USA"),
            ("U.S.", "United States", "USA"),
        ],
    );
    let mut d = doc("Washington warned Moscow.");
    run(&mut d, gaz());
    assert_eq!(d.places[0].geonames_id, Some(4140963));
}

#[test]
fn possessives_and_regions_inside_countries() {
    let mut d =
        doc("The train reached Khasan Station, the gateway to Russia's Far East from Korea.");
    run(&mut d, gaz());
    let got = places(&d);
    assert!(
        got.contains(&(
            "Khasan Station".into(),
            "Khasan Station".into(),
            "RUS".into()
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&("Russia".into(), "Russia".into(), "RUS".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("Far East".into(), "Far East".into(), "RUS".into())),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|p| p.2 == "IND"),
        "Khasan is not Hassan in India: {got:?}"
    );
    let khasan = d
        .places
        .iter()
        .find(|p| p.name == "Khasan Station")
        .unwrap();
    assert_eq!(khasan.geonames_id, None);
    assert!(d.warnings.iter().any(|w| w.kind == "place_contained"));
}

#[test]
fn khasan_alone_is_not_indian() {
    // An alternate spelling of a foreign town needs that country in context.
    check(
        "Troops gathered at Khasan near the border with China.",
        &[("China", "China", "CHN")],
    );
}

#[test]
fn qualifier_pairs_pick_the_division() {
    // One sense per article: the later bare "Athens" is the one qualified first.
    check(
        "He grew up in Athens, Georgia, far from Athens.",
        &[
            ("Athens", "Athens", "USA"),
            ("Athens", "Athens", "USA"),
            ("Georgia", "Georgia", "USA"),
        ],
    );
}

#[test]
fn bare_athens_is_greek() {
    check("He flew to Athens.", &[("Athens", "Athens", "GRC")]);
}

#[test]
fn country_names_beat_homonyms_and_context_picks_cities() {
    check(
        "Georgia and Armenia signed a pact.",
        &[("Armenia", "Armenia", "ARM"), ("Georgia", "Georgia", "GEO")],
    );
    // Without context Paris is the French capital.
    check("She moved to Paris.", &[("Paris", "Paris", "FRA")]);
}

#[test]
fn names_glued_to_other_names_are_not_places() {
    check("Michael Jordan visited the Stimson Centre on Monday.", &[]);
    check("Reports say the Eastern Economic Forum opened.", &[]);
}

#[test]
fn entity_layer_vetoes_people_and_adds_places() {
    let text = "Paris Hilton flew to Khasan Station with Kim.";
    let mut d = doc(text);
    let span = |s: &str| {
        let a = text.find(s).unwrap();
        Span::new(a, a + s.len())
    };
    let ent = |name: &str, ty| Entity {
        name: name.into(),
        entity_type: ty,
        actor: None,
        roles: vec![],
        affiliations: vec![],
        mentions: vec![Mention {
            span: span(name),
            kind: MentionKind::Name,
        }],
    };
    d.entities.push(ent("Paris Hilton", EntityType::Person));
    d.entities.push(ent("Khasan Station", EntityType::Fac));
    run(&mut d, gaz());
    assert_eq!(d.places.len(), 1, "{:?}", d.places);
    assert_eq!(d.places[0].name, "Khasan Station");
}

#[test]
fn norp_entities_resolve_to_countries_only() {
    let text = "Russian and Ukrainian officials met.";
    let mut d = doc(text);
    d.entities.push(Entity {
        name: "Russian".into(),
        entity_type: EntityType::Norp,
        actor: None,
        roles: vec![],
        affiliations: vec![],
        mentions: vec![Mention {
            span: Span::new(0, 7),
            kind: MentionKind::Name,
        }],
    });
    run(&mut d, gaz());
    let got = places(&d);
    assert_eq!(
        got,
        vec![
            ("Russian".into(), "Russia".into(), "RUS".into()),
            ("Ukrainian".into(), "Ukraine".into(), "UKR".into())
        ]
    );
}

#[test]
fn no_panic_on_odd_text() {
    for t in [
        "",
        "’s",
        "U.S.",
        "A-",
        "Élan's – ’",
        "in , , Georgia,",
        "\u{feff}Paris's",
    ] {
        let mut d = doc(t);
        run(&mut d, gaz());
    }
    // A span outside the text must not panic either.
    let mut d = doc("Paris");
    d.entities.push(Entity {
        name: "X".into(),
        entity_type: EntityType::Gpe,
        actor: None,
        roles: vec![],
        affiliations: vec![],
        mentions: vec![Mention {
            span: Span::new(3, 99),
            kind: MentionKind::Name,
        }],
    });
    run(&mut d, gaz());
}

#[test]
fn a_word_also_written_in_lower_case_is_common() {
    check("Reading is fun. I like reading.", &[]);
    // A city named in capitals more often than the word is written plainly.
    check(
        "Nice is sunny. In Nice we swam. Nice people live in Nice.",
        &[
            ("Nice", "Nice", "FRA"),
            ("Nice", "Nice", "FRA"),
            ("Nice", "Nice", "FRA"),
            ("Nice", "Nice", "FRA"),
        ],
    );
}
