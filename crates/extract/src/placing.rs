//! Event places: which of the article's places an event happened at.
//!
//! Runs after geocoding. An event takes the place named inside its evidence
//! clause; among several, one that is not just an actor's own country wins
//! (that country is usually the actor, "Russia agreed …", not where it
//! happened), then the earlier mention. Events with no place in their clause keep none
//! rather than guessing from elsewhere in the article.

use newsgraph_doc::Document;

pub fn run(doc: &mut Document) {
    let choices: Vec<Option<String>> = doc
        .events
        .iter()
        .map(|e| {
            if e.place.is_some() {
                return e.place.clone();
            }
            // Actor codes begin with the actor's country ("RUSGOV"): a place
            // that only names an actor's own country is a weaker choice.
            let actor_countries: Vec<&str> = [&e.source, &e.target]
                .into_iter()
                .flatten()
                .filter_map(|c| c.get(..3))
                .collect();
            doc.places
                .iter()
                .filter_map(|p| {
                    let first = p
                        .mentions
                        .iter()
                        .filter(|m| e.evidence.contains(**m))
                        .min()?;
                    let names_actor_country = p.country.as_deref().is_some_and(|c| {
                        actor_countries.contains(&c) && p.name.split_whitespace().count() <= 3
                    });
                    Some((names_actor_country, first.start, p.name.clone()))
                })
                .min()
                .map(|(_, _, name)| name)
        })
        .collect();
    for (e, place) in doc.events.iter_mut().zip(choices) {
        e.place = place;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_doc::{ArticleBuilder, Event, Place, Span};

    #[test]
    fn events_take_the_place_in_their_clause() {
        let mut d = Document::new(
            ArticleBuilder::new("t")
                .paragraph("Troops clashed with protesters in Mosul. Talks resumed later.")
                .build(),
        );
        let text = d.text().to_string();
        let mosul = text.find("Mosul").unwrap();
        d.places.push(Place {
            name: "Mosul".into(),
            country: Some("IRQ".into()),
            lat: Some(36.3),
            lon: Some(43.1),
            geonames_id: Some(99072),
            mentions: vec![Span::new(mosul, mosul + 5)],
            ..Place::default()
        });
        let first_end = text.find("Talks").unwrap() - 1;
        d.events.push(Event {
            code: "145".into(),
            evidence: Span::new(0, first_end),
            ..Event::default()
        });
        d.events.push(Event {
            code: "040".into(),
            evidence: Span::new(first_end + 1, text.len()),
            ..Event::default()
        });
        run(&mut d);
        assert_eq!(d.events[0].place.as_deref(), Some("Mosul"));
        assert_eq!(d.events[1].place, None);
    }
}
