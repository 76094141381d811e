//! Quote layouts, one small original fixture each. Documents are tokenized
//! but not tagged, with entities added by hand, so these tests pin the quote
//! logic itself rather than the models.

use super::*;
use newsgraph_doc::{ArticleBuilder, Entity, EntityType, Mention, MentionKind};
use newsgraph_nlp::tokenize::tokenize_document;

/// Builds a tokenized document; `people` are (canonical name, surface forms).
fn doc(paragraphs: &[&str], people: &[(&str, &[&str])]) -> Document {
    let mut b = ArticleBuilder::new("test").title("Test headline");
    for p in paragraphs {
        b.push_paragraph(p);
    }
    let mut doc = Document::new(b.build());
    tokenize_document(&mut doc);
    for (name, forms) in people {
        let mut mentions = Vec::new();
        for form in *forms {
            let text = doc.text();
            for (i, _) in text.match_indices(form) {
                mentions.push(Mention {
                    span: Span::new(i, i + form.len()),
                    kind: MentionKind::Name,
                });
            }
        }
        doc.entities.push(Entity {
            name: name.to_string(),
            entity_type: EntityType::Person,
            actor: None,
            roles: vec![],
            affiliations: vec![],
            mentions,
        });
    }
    run(&mut doc);
    doc
}

fn said(doc: &Document) -> Vec<(String, String)> {
    doc.quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Indirect)
        .map(|q| {
            (
                doc.span_text(q.span).to_string(),
                q.speaker.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn speaker_after_quote() {
    let d = doc(
        &["\"We will build the bridge before the winter comes,\" Maria Lopez said."],
        &[("Maria Lopez", &["Maria Lopez"])],
    );
    assert_eq!(
        said(&d),
        vec![(
            "We will build the bridge before the winter comes,".into(),
            "Maria Lopez".into()
        )]
    );
    assert_eq!(d.quotes[0].cue.as_deref(), Some("said"));
}

#[test]
fn inverted_cue_and_curly_marks() {
    let d = doc(
        &["“The harvest is lost for this year,” said Pedro Alves, a farmer."],
        &[("Pedro Alves", &["Pedro Alves"])],
    );
    assert_eq!(said(&d)[0].1, "Pedro Alves");
}

#[test]
fn speaker_before_quote_with_colon() {
    let d = doc(
        &[
            "Anna Berg, the mayor of the town, declared: \"The schools will reopen on time.\"",
            "Berg continued: \"Nobody will be left behind by this plan.\"",
        ],
        &[("Anna Berg", &["Anna Berg", "Berg"])],
    );
    let s = said(&d);
    assert_eq!(s.len(), 2);
    assert!(s.iter().all(|(_, sp)| sp == "Anna Berg"), "{s:?}");
    assert_eq!(d.quotes[1].cue.as_deref(), Some("continued"));
}

#[test]
fn pronoun_speaker_resolves_to_last_person() {
    let d = doc(
        &["Omar Haddad left the meeting early. \"I have nothing more to add today,\" he said."],
        &[("Omar Haddad", &["Omar Haddad"])],
    );
    assert_eq!(said(&d)[0].1, "Omar Haddad");
}

#[test]
fn split_quote_and_own_paragraph_inherit_speaker() {
    let d = doc(
        &[
            "\"The plan is ready,\" Lina Park said, \"and it will be published next week.\"",
            "\"There is no reason to wait any longer than that.\"",
        ],
        &[("Lina Park", &["Lina Park"])],
    );
    let s = said(&d);
    assert_eq!(s.len(), 3, "{s:?}");
    assert!(s.iter().all(|(_, sp)| sp == "Lina Park"), "{s:?}");
}

#[test]
fn quote_running_over_paragraphs() {
    let d = doc(
        &[
            "Tom Reed said: \"We have doubled the fund since we were elected.",
            "\"We are going to double it again by the end of the decade.\"",
        ],
        &[("Tom Reed", &["Tom Reed"])],
    );
    let s = said(&d);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!(s[1].1, "Tom Reed");
    assert!(s[0].0.ends_with("elected."), "{s:?}");
}

#[test]
fn scare_quotes_are_not_speech_but_partial_quotes_are() {
    let d = doc(
        &["The so-called \"reform\" was delayed again by the committee."],
        &[],
    );
    assert!(said(&d).is_empty(), "{:?}", said(&d));
    let d = doc(
        &["Ines Cruz described the embargo as \"a relic\" in her speech."],
        &[("Ines Cruz", &["Ines Cruz"])],
    );
    let q: Vec<_> = d
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Mixed)
        .collect();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker.as_deref(), Some("Ines Cruz"));
}

#[test]
fn according_to_is_indirect_speech() {
    let d = doc(
        &["According to a senior official, the border will close at midnight."],
        &[],
    );
    let q: Vec<_> = d
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Indirect)
        .collect();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker.as_deref(), Some("a senior official"));
    assert_eq!(d.span_text(q[0].span), "the border will close at midnight");
}

#[test]
fn description_speakers_are_kept_as_said() {
    let d = doc(
        &["\"We have not seen any of the money yet,\" a spokesman for the union said."],
        &[],
    );
    let s = said(&d);
    assert_eq!(s.len(), 1);
    assert!(
        s[0].1.contains("spokesman") || s[0].1.contains("union"),
        "{s:?}"
    );
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "\"",
        "“”",
        "\"\"\"\"",
        "‘",
        "a \" b \" c \" d",
        "”backwards“ quote",
        "said \"x\" said",
    ] {
        let _ = doc(&[text], &[]);
    }
    let many = "\" ".repeat(10_000);
    let d = doc(&[&many], &[]);
    assert!(d.quotes.len() <= 10_000);
}

#[test]
fn pronoun_after_described_speaker_and_partial_quote() {
    let d = doc(
        &["A farmer, who lives near the dam, told reporters that the river had dried up. She spoke of families who had \"walked for days to find water\"."],
        &[("Omar Haddad", &["Omar Haddad"])],
    );
    let partial: Vec<_> = d
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Mixed)
        .collect();
    assert_eq!(partial.len(), 1, "{:?}", d.quotes);
    assert_eq!(
        partial[0].speaker.as_deref(),
        Some("A farmer, who lives near the dam")
    );
    let indirect: Vec<_> = d
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Indirect)
        .collect();
    assert_eq!(indirect.len(), 1);
    assert_eq!(d.span_text(indirect[0].span), "the river had dried up");
}

#[test]
fn organizations_and_places_speak() {
    let mut d = doc(
        &["\"The decision is final and will not be reviewed,\" the Kremlin said on Monday."],
        &[],
    );
    // An ORG entity for "Kremlin" makes it the speaker, by its canonical name.
    let start = d.text().find("Kremlin").unwrap();
    d.entities.push(Entity {
        name: "Kremlin".into(),
        entity_type: EntityType::Org,
        actor: None,
        roles: vec![],
        affiliations: vec![],
        mentions: vec![Mention {
            span: Span::new(start, start + 7),
            kind: MentionKind::Name,
        }],
    });
    run(&mut d);
    assert_eq!(
        said(&d),
        vec![(
            "The decision is final and will not be reviewed,".into(),
            "Kremlin".into()
        )]
    );

    let d = doc(
        &["Beijing said: \"These measures protect our farmers from unfair competition.\""],
        &[],
    );
    assert_eq!(said(&d)[0].1, "Beijing");
}

#[test]
fn credit_line_names_the_speaker() {
    let d = doc(
        &["“A border is not a wall but a place where neighbours meet.” — Raimonds Ozols, Baltic News Service"],
        &[("Raimonds Ozols", &["Raimonds Ozols"])],
    );
    assert_eq!(said(&d)[0].1, "Raimonds Ozols");
    let d = doc(
        &[
            "“Small islands did not cause this crisis, and we will not pay for it.”",
            "— Tevita Fonua, to a news agency",
        ],
        &[("Tevita Fonua", &["Tevita Fonua"])],
    );
    assert_eq!(said(&d)[0].1, "Tevita Fonua");
}

#[test]
fn pronouns_agree_in_gender() {
    let d = doc(
        &[
            "Mr Tanaka and Ms Ito opened the plant in Nagoya.",
            "“This plant will run on solar power from day one,” Ms Ito said. “It is the future of our whole industry,” he added.",
        ],
        &[("Tanaka", &["Tanaka"]), ("Ito", &["Ito"])],
    );
    let s = said(&d);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!((s[0].1.as_str(), s[1].1.as_str()), ("Ito", "Tanaka"));
}

#[test]
fn a_phrase_that_cannot_speak_gives_way_to_a_name() {
    let d = doc(
        &["The deal, Vargas said, “protects every job at the plant for five years”."],
        &[("Elena Vargas", &["Vargas"])],
    );
    assert_eq!(said(&d)[0].1, "Elena Vargas");
    // No name at all: the quote stays unattributed rather than "In Kharkiv".
    let d = doc(
        &["In Kharkiv, said: “The night was quiet for the first time in a week.”"],
        &[],
    );
    assert!(
        d.quotes.iter().all(|q| q.speaker.is_none()),
        "{:?}",
        d.quotes
    );
}

#[test]
fn descriptions_resolve_to_the_role_holder() {
    let mut d = doc(
        &[
            "Prime Minister Aino Virtanen ruled out an early election on Monday.",
            "“The government has a mandate until 2027 and it will use every day of it,” the prime minister said.",
        ],
        &[("Aino Virtanen", &["Aino Virtanen"])],
    );
    d.entities[0].roles.push("Prime Minister".into());
    run(&mut d);
    assert_eq!(said(&d)[0].1, "Aino Virtanen");
    assert_eq!(d.quotes[0].speaker_entity, Some(0));
    let span = d.quotes[0].speaker_span.unwrap();
    assert_eq!(d.span_text(span), "the prime minister");
}

#[test]
fn a_quote_after_an_attributed_sentence_keeps_its_speaker() {
    let d = doc(
        &["The ministerial code was clear, said Lord Patel. “The rules were broken, and more than once.”"],
        &[("Patel", &["Patel"])],
    );
    assert_eq!(said(&d)[0].1, "Patel");
}
