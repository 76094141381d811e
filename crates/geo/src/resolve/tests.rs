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

/// Adds one named entity mention of `ty` over the first occurrence of `name`.
fn with_entity(d: &mut Document, name: &str, ty: EntityType) {
    let a = d.text().find(name).unwrap();
    d.entities.push(Entity {
        name: name.into(),
        entity_type: ty,
        actor: None,
        roles: vec![],
        affiliations: vec![],
        mentions: vec![Mention {
            span: Span::new(a, a + name.len()),
            kind: MentionKind::Name,
        }],
    });
}

#[test]
fn short_forms_of_countries_and_states() {
    check(
        "Officials in the U.S. and the UK agreed. America and Britain signed.",
        &[
            ("U.S.", "United States", "USA"),
            ("UK", "United Kingdom", "GBR"),
            ("America", "United States", "USA"),
            ("Britain", "United Kingdom", "GBR"),
        ],
    );
    // "U.S" that lost its last dot is still the country.
    check(
        "He blamed the U.S government.",
        &[("U.S", "United States", "USA")],
    );
    // AP state abbreviations after a town.
    check(
        "She wrote from Eau Claire, Wis. and from Tulsa, Okla. last year.",
        &[
            ("Eau Claire", "Eau Claire", "USA"),
            ("Wis.", "Wisconsin", "USA"),
            ("Tulsa", "Tulsa", "USA"),
            ("Okla.", "Oklahoma", "USA"),
        ],
    );
}

#[test]
fn postal_codes_only_as_qualifiers() {
    check("OK, we will go.", &[]);
    check(
        "The road runs near Vinita, OK to the border.",
        &[("OK", "Oklahoma", "USA")],
    );
}

#[test]
fn designators_belong_to_the_name() {
    let mut d = doc("The Government of the Republic of Albania met the State of Texas.");
    run(&mut d, gaz());
    let got = places(&d);
    assert!(
        got.contains(&("Republic of Albania".into(), "Albania".into(), "ALB".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("State of Texas".into(), "Texas".into(), "USA".into())),
        "{got:?}"
    );
    check(
        "Envoys of the Democratic Republic of Congo arrived.",
        &[(
            "Democratic Republic of Congo",
            "Democratic Republic of the Congo",
            "COD",
        )],
    );
}

#[test]
fn places_inside_organization_names_with_the_entity_layer() {
    let text = "She studied in England at Durham University and watched the Boston Red Sox.";
    let mut d = doc(text);
    with_entity(&mut d, "Durham University", EntityType::Org);
    with_entity(&mut d, "Boston Red Sox", EntityType::Org);
    run(&mut d, gaz());
    let names: Vec<&str> = d.places.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["England", "Durham", "Boston"], "{:?}", d.places);
    // A person's name still vetoes the place inside it.
    let mut d = doc("Jack London wrote novels.");
    with_entity(&mut d, "Jack London", EntityType::Person);
    run(&mut d, gaz());
    assert!(d.places.is_empty(), "{:?}", d.places);
}

#[test]
fn mistyped_interjections_are_not_kept_as_places() {
    let mut d = doc("Mhm. That sounds right.");
    with_entity(&mut d, "Mhm", EntityType::Gpe);
    run(&mut d, gaz());
    assert!(d.places.is_empty(), "{:?}", d.places);
    // A place name the gazetteer lacks, after a preposition, is kept.
    let mut d = doc("Troops reached Zzyzxville near Russia.");
    with_entity(&mut d, "Zzyzxville", EntityType::Gpe);
    run(&mut d, gaz());
    let p = d.places.iter().find(|p| p.name == "Zzyzxville").unwrap();
    assert_eq!(p.country.as_deref(), Some("RUS"));
    assert_eq!(p.contained_in, Some(2017370));
}

#[test]
fn one_sense_per_article_and_small_towns_in_a_named_state() {
    // Sentence-initial "York" alone would be rejected; the mid-sentence
    // mention settles it.
    check(
        "York is old. Many tourists visit York.",
        &[("York", "York", "GBR"), ("York", "York", "GBR")],
    );
    // A town under the 100,000 floor is kept when its state is named.
    check(
        "Fort Lee sits on the river in New Jersey.",
        &[
            ("Fort Lee", "Fort Lee", "USA"),
            ("New Jersey", "New Jersey", "USA"),
        ],
    );
}

#[test]
fn context_does_not_move_world_cities() {
    // An American article still means Rome, Italy.
    check(
        "The American tourists flew from Texas to Rome.",
        &[
            ("American", "United States", "USA"),
            ("Texas", "Texas", "USA"),
            ("Rome", "Rome", "ITA"),
        ],
    );
}

#[test]
fn coordinated_places_share_a_country() {
    // San Juan alone is Puerto Rico's capital; beside Mendoza, Argentine.
    check(
        "Farmers in Mendoza and San Juan lost their crops.",
        &[
            ("Mendoza", "Mendoza", "ARG"),
            ("San Juan", "San Juan", "ARG"),
        ],
    );
    // Coordination does not move world capitals to their namesakes.
    check(
        "Flights from Paris and London were cancelled.",
        &[("London", "London", "GBR"), ("Paris", "Paris", "FRA")],
    );
}

#[test]
fn contract_codes_are_filled() {
    let mut d = doc("Officials in Vladivostok and Texas spoke.");
    run(&mut d, gaz());
    let v = d.places.iter().find(|p| p.name == "Vladivostok").unwrap();
    assert_eq!(v.feature_class.as_deref(), Some("P"));
    assert_eq!(v.fips.as_deref(), Some("RS"));
    assert_eq!(v.adm1.as_deref(), Some("RS59"));
    let t = d.places.iter().find(|p| p.name == "Texas").unwrap();
    assert_eq!(t.feature_code.as_deref(), Some("ADM1"));
    assert_eq!(t.adm1.as_deref(), Some("USTX"));
}

#[test]
fn a_surname_the_entity_layer_calls_a_place_is_not_a_foreign_town() {
    // "Kim" is a town in Gujarat; the article is about Korea.
    let mut d = doc("Kim met Putin in Vladivostok. The Kim Dynasty rules North Korea.");
    with_entity(&mut d, "Kim", EntityType::Gpe);
    with_entity(&mut d, "Kim Dynasty", EntityType::Org);
    run(&mut d, gaz());
    assert!(
        !d.places.iter().any(|p| p.country.as_deref() == Some("IND")),
        "{:?}",
        d.places
    );
}

/// (text, unresolved, held) of each run candidate, without the entity
/// layer; `holders` are organization names a place may sit in.
fn run_matches(text: &str, holders: &[&str]) -> Vec<(String, bool, bool)> {
    let ws = scan::words(text);
    let holders = holders
        .iter()
        .filter_map(|h| text.find(h).map(|at| Span::new(at, at + h.len())))
        .collect();
    runs::run_candidates(text, &ws, gaz(), &SpanIndex::new(holders))
        .iter()
        .map(|c| {
            (
                text[c.span.range()].to_string(),
                c.unresolved.is_some(),
                c.held,
            )
        })
        .collect()
}

fn owned(expected: &[(&str, bool, bool)]) -> Vec<(String, bool, bool)> {
    expected
        .iter()
        .map(|&(s, u, h)| (s.to_string(), u, h))
        .collect()
}

#[test]
fn run_rules_one_by_one() {
    // A designator before "of" is part of the name ("Republic" alone is
    // a town's name too: accepting it is for later rules).
    let designated = run_matches("They flew to the Republic of Albania today.", &[]);
    assert!(designated.contains(&("Republic of Albania".into(), false, false)));
    assert!(!designated.iter().any(|m| m.0 == "Albania"));
    // After a possessive place, a region word makes the rest of the run a
    // place of its own, located in it.
    assert_eq!(
        run_matches("It lies in Russia's Far East today.", &[]),
        owned(&[("Russia", false, false), ("Far East", true, false)])
    );
    // A run ending in a place noun names a site, with the place inside it.
    assert_eq!(
        run_matches("They landed at Vladivostok Airport today.", &[]),
        owned(&[
            ("Vladivostok", false, false),
            ("Vladivostok Airport", true, false)
        ])
    );
    // A name glued to another capitalized word is part of another name.
    assert_eq!(run_matches("We met Michael Jordan there.", &[]), owned(&[]));
    // A place leading an organization's name is held by it.
    let held = run_matches(
        "She studied at Durham University for a year.",
        &["Durham University"],
    );
    assert!(held.contains(&("Durham".into(), false, true)), "{held:?}");
}
