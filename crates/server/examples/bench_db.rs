//! `cargo run --release -p newsgraph-server --example bench_db -- OUT.db [N]`:
//! a synthetic database shaped like the BBC corpus ingested (N articles,
//! default 2,226), for benchmarking the server without the models.
//!
//! Each article gets ~3,000 characters of generated text, 15 entities with 3
//! mentions, 5 quotes, 8 times, 3 places and 12 events whose actors, CAMEO
//! codes, dates (2004–2005), places and modalities are drawn from fixed lists
//! by a seeded generator, so two runs write the same database. The counts per
//! article are deliberately above what the pipeline finds in news text, so
//! the measured latencies err on the slow side.

use newsgraph_doc::{
    ArticleBuilder, ArticleJson, Document, Entity, EntityType, Event, Mention, MentionKind,
    Modality, Place, Published, PublishedBasis, Quote, QuoteKind, Span, TimeExpr,
};
use newsgraph_store::Store;
use std::path::PathBuf;

const ACTORS: &[&str] = &[
    "USA", "USAGOV", "USAMIL", "GBR", "GBRGOV", "GBRBUS", "FRA", "FRAGOV", "DEU", "DEUGOV", "RUS",
    "RUSGOV", "CHN", "CHNGOV", "IRN", "IRNGOV", "IRQ", "IRQMIL", "ISR", "PSE", "JPN", "IND", "PAK",
    "AFG", "EUR", "IGOUNO", "BUS", "GOV", "COP", "JUD", "MED", "LAB", "EDU",
];
const CODES: &[(&str, u8, f32)] = &[
    ("010", 1, 0.0),
    ("012", 1, -0.1),
    ("020", 1, 3.0),
    ("030", 1, 4.0),
    ("036", 1, 4.0),
    ("040", 1, 1.0),
    ("042", 1, 1.9),
    ("043", 1, 2.8),
    ("046", 1, 7.0),
    ("051", 2, 3.4),
    ("057", 2, 8.0),
    ("061", 2, 6.4),
    ("071", 2, 7.4),
    ("090", 3, -2.0),
    ("111", 3, -2.0),
    ("112", 3, -2.0),
    ("120", 3, -4.0),
    ("130", 3, -4.4),
    ("138", 3, -7.0),
    ("141", 4, -6.5),
    ("145", 4, -7.5),
    ("163", 4, -8.0),
    ("173", 4, -5.0),
    ("190", 4, -10.0),
    ("193", 4, -10.0),
];
const PLACES: &[(&str, &str, f64, f64)] = &[
    ("London", "GBR", 51.51, -0.13),
    ("Washington", "USA", 38.9, -77.04),
    ("Paris", "FRA", 48.85, 2.35),
    ("Berlin", "DEU", 52.52, 13.4),
    ("Moscow", "RUS", 55.75, 37.62),
    ("Beijing", "CHN", 39.9, 116.4),
    ("Tehran", "IRN", 35.69, 51.39),
    ("Baghdad", "IRQ", 33.34, 44.4),
    ("Jerusalem", "ISR", 31.77, 35.21),
    ("Tokyo", "JPN", 35.68, 139.69),
    ("Delhi", "IND", 28.61, 77.21),
    ("Kabul", "AFG", 34.53, 69.17),
    ("Brussels", "BEL", 50.85, 4.35),
    ("Manchester", "GBR", 53.48, -2.24),
    ("New York", "USA", 40.71, -74.0),
    ("Geneva", "CHE", 46.2, 6.14),
];
const WORDS: &[&str] = &[
    "the",
    "government",
    "said",
    "minister",
    "talks",
    "market",
    "shares",
    "election",
    "police",
    "economy",
    "growth",
    "company",
    "report",
    "vote",
    "court",
    "security",
    "prices",
    "deal",
    "officials",
    "on",
    "in",
    "with",
    "after",
    "before",
    "a",
    "new",
    "plan",
    "rise",
    "fall",
];
const MODALITIES: &[Modality] = &[
    Modality::Asserted,
    Modality::Asserted,
    Modality::Asserted,
    Modality::Attributed,
    Modality::Hedged,
    Modality::Expected,
    Modality::Anonymous,
    Modality::Negated,
];
const NAMES: &[&str] = &[
    "Tony Blair",
    "Gordon Brown",
    "George Bush",
    "Jacques Chirac",
    "Vladimir Putin",
    "Hu Jintao",
    "Kofi Annan",
    "Michael Howard",
    "Charles Kennedy",
    "Alan Greenspan",
];

/// A small seeded generator (splitmix64): reproducible without a crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
}

fn article(i: usize, rng: &mut Rng) -> ArticleJson {
    // Sentences of generated words, each starting with a name or a place so
    // entity and place mentions have words to point at.
    let mut body = String::new();
    let mut anchors: Vec<(usize, &str)> = Vec::new();
    while body.len() < 3000 {
        let head: &str = if rng.next() & 1 == 0 {
            rng.pick::<&str>(NAMES)
        } else {
            rng.pick(PLACES).0
        };
        anchors.push((body.len(), head));
        body.push_str(head);
        for _ in 0..(8 + rng.next() % 12) {
            body.push(' ');
            body.push_str(rng.pick::<&str>(WORDS));
        }
        body.push_str(". ");
    }
    let day = (rng.next() % 730) as i64;
    let date = chrono::NaiveDate::from_ymd_opt(2004, 1, 1).map(|d| d + chrono::Duration::days(day));
    let published = Published {
        date,
        basis: PublishedBasis::Inferred,
        ..Published::default()
    };
    let art = ArticleBuilder::new(format!("synthetic/{i:04}.txt"))
        .title(format!("Synthetic story {i}"))
        .paragraph(body.trim_end())
        .source(Some("Synthetic BBC".into()))
        .published(published)
        .build();
    let mut doc = Document::new(art);
    let offset = doc.article.paragraphs[0].start as usize;
    let span = |at: usize, len: usize| Span::new(offset + at, offset + at + len);
    for (k, name) in NAMES.iter().enumerate().take(15) {
        let mentions: Vec<Mention> = anchors
            .iter()
            .filter(|(_, a)| a == name)
            .take(3)
            .map(|&(at, a)| Mention {
                span: span(at, a.len()),
                kind: MentionKind::Name,
            })
            .collect();
        if mentions.is_empty() {
            continue;
        }
        doc.entities.push(Entity {
            name: name.to_string(),
            entity_type: EntityType::Person,
            actor: Some(ACTORS[k % ACTORS.len()].to_string()),
            roles: vec!["leader".into()],
            affiliations: vec![],
            mentions,
        });
    }
    for (at, a) in anchors.iter().take(5) {
        doc.quotes.push(Quote {
            span: span(*at, 40.min(body.len() - at)),
            kind: QuoteKind::Indirect,
            speaker: Some(a.to_string()),
            cue: Some("said".into()),
            ..Quote::default()
        });
    }
    for (at, a) in anchors.iter().skip(5).take(8) {
        doc.times.push(TimeExpr {
            span: span(*at, a.len()),
            value: date.map(|d| d.to_string()),
            ..TimeExpr::default()
        });
    }
    for _ in 0..3 {
        let &(name, country, lat, lon) = rng.pick(PLACES);
        let mentions = anchors
            .iter()
            .filter(|(_, a)| *a == name)
            .map(|&(at, a)| span(at, a.len()))
            .collect();
        doc.places.push(Place {
            name: name.into(),
            country: Some(country.into()),
            lat: Some(lat),
            lon: Some(lon),
            mentions,
            ..Place::default()
        });
    }
    for (at, _) in anchors.iter().take(12) {
        let &(code, quad, goldstein) = rng.pick(CODES);
        let event_date = date.map(|d| d - chrono::Duration::days((rng.next() % 3) as i64));
        doc.events.push(Event {
            source: Some(rng.pick(ACTORS).to_string()),
            target: Some(rng.pick(ACTORS).to_string()),
            code: code.into(),
            quad_class: quad,
            goldstein,
            date: event_date,
            place: Some(rng.pick(PLACES).0.into()),
            modality: *rng.pick(MODALITIES),
            evidence: span(*at, 60.min(body.len() - at)),
            ..Event::default()
        });
    }
    ArticleJson::from_document(&doc, true)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "bench.db".into()));
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2226);
    let mut store = Store::open(&out)?;
    let mut rng = Rng(42);
    let batch: Vec<ArticleJson> = (0..n).map(|i| article(i, &mut rng)).collect();
    for chunk in batch.chunks(256) {
        store.ingest(chunk)?;
    }
    for (table, rows) in store.counts()? {
        println!("{table}\t{rows}");
    }
    Ok(())
}
