//! Shows the geocoding stage on its own (no NER: capitalized runs only):
//! gazetteer load time and the places of one article. Its accuracy on GUM
//! is `newsgraph eval places` (crates/eval).
//!
//! `cargo run --release -p newsgraph-geo --example geo_show -- [ARTICLE.txt]`

use newsgraph_doc::{ArticleBuilder, Document};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let t = Instant::now();
    let gaz = match newsgraph_geo::Gazetteer::embedded() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!(
        "gazetteer: {} entries, {} names, loaded in {:.1} ms",
        gaz.len(),
        gaz.n_names(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    if let Some(path) = args.get(1) {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let mut b = ArticleBuilder::new(path.as_str());
                for p in text.split('\n') {
                    b.push_paragraph(p);
                }
                let mut doc = Document::new(b.build());
                let t = Instant::now();
                newsgraph_geo::run(&mut doc, &gaz);
                println!("{path}: {:.2} ms", t.elapsed().as_secs_f64() * 1000.0);
                for p in &doc.places {
                    let surf: Vec<&str> = p.mentions.iter().map(|m| doc.span_text(*m)).collect();
                    println!(
                        "  {:<20} {:<4} {:>9.4} {:>9.4} {:<9} {:?}",
                        p.name,
                        p.country.as_deref().unwrap_or("-"),
                        p.lat.unwrap_or(f64::NAN),
                        p.lon.unwrap_or(f64::NAN),
                        p.geonames_id.map_or("-".into(), |g| g.to_string()),
                        surf
                    );
                }
                for w in doc.warnings.iter().filter(|w| w.kind.starts_with("place")) {
                    println!("  warning {}: {}", w.kind, w.message);
                }
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
