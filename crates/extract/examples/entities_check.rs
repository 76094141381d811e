//! Consistency check of the entities stage on real articles (no gold
//! labels exist for them): per article, a person named with first and last
//! name should be one PERSON entity with that canonical name. It counts
//! and lists:
//!
//! - `split`: a one-word PERSON entity equal to the last word of a fuller
//!   PERSON entity in the same article (a surname that failed to join);
//! - `duplicate`: two PERSON entities with the same canonical name;
//! - `mistyped`: a non-PERSON entity that looks like "First Last" (first
//!   word a known first name, last a known surname, all capitalized).
//!
//! ```text
//! cargo run --release -p newsgraph-extract --example entities_check -- DIR_OR_FILE...
//! ```

use newsgraph_doc::{ArticleBuilder, Document, EntityType};
use newsgraph_nlp::ner::gazetteer::{list, Gazetteer};
use newsgraph_nlp::ner::NerModel;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let Ok(entries) = std::fs::read_dir(p) else {
            return;
        };
        let mut v: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        v.sort();
        for q in v {
            files(&q, out);
        }
    } else if p.extension().is_some_and(|e| e == "txt") {
        out.push(p.to_path_buf());
    }
}

fn main() {
    let ner = match NerModel::embedded() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let gaz = Gazetteer::embedded();
    let mut paths = Vec::new();
    for a in std::env::args().skip(1) {
        files(Path::new(&a), &mut paths);
    }
    if paths.is_empty() {
        eprintln!("skip: no articles given or found");
        return;
    }
    let (mut n_people, mut split, mut duplicate, mut mistyped) = (0, 0, 0, 0);
    for path in &paths {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let mut b =
            ArticleBuilder::new(path.display().to_string()).title(lines.next().unwrap_or(""));
        for l in lines {
            b = b.paragraph(l);
        }
        let mut doc = Document::new(b.build());
        newsgraph_nlp::tokenize::tokenize_document(&mut doc);
        newsgraph_extract::entities::run(&mut doc, &ner);
        let people: Vec<&str> = doc
            .entities
            .iter()
            .filter(|e| e.entity_type == EntityType::Person)
            .map(|e| e.name.as_str())
            .collect();
        n_people += people.len();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for p in &people {
            *seen.entry(p).or_default() += 1;
        }
        for (p, c) in &seen {
            if *c > 1 {
                duplicate += c - 1;
                println!("duplicate {}: {p}", path.display());
            }
        }
        for p in &people {
            if p.split_whitespace().count() == 1
                && people.iter().any(|q| {
                    q.split_whitespace().count() > 1 && q.split_whitespace().last() == Some(p)
                })
            {
                split += 1;
                println!("split {}: {p}", path.display());
            }
        }
        for e in doc
            .entities
            .iter()
            .filter(|e| e.entity_type != EntityType::Person)
        {
            let w: Vec<&str> = e.name.split_whitespace().collect();
            if w.len() == 2
                && w.iter()
                    .all(|x| x.chars().next().is_some_and(char::is_uppercase))
                && gaz.flags(&w[..1]) & list::FIRST_NAME != 0
                && gaz.flags(&w[1..]) & list::SURNAME != 0
                && gaz.flags(&w) & (list::PLACE | list::COUNTRY | list::ORG) == 0
            {
                mistyped += 1;
                println!(
                    "mistyped {}: {} {}",
                    path.display(),
                    e.entity_type.as_str(),
                    e.name
                );
            }
        }
    }
    println!(
        "{} articles, {n_people} PERSON entities: split {split}, duplicate {duplicate}, possibly mistyped {mistyped}",
        paths.len()
    );
}
