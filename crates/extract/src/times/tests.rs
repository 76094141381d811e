//! Tests for the time recognizer and publication-date inference, on small
//! hand-written sentences; the TempEval-3 and example-article evals skip
//! with a note when /work/shared is absent.

use super::*;
use newsgraph_doc::{ArticleBuilder, Published};
use std::path::Path;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn tempeval_eval() {
    let dir = std::env::var("TEMPEVAL_DIR").unwrap_or_else(|_| "/work/shared/data/tempeval3/Evaluation/te3-platinum".into());
    let dir = Path::new(&dir);
    if !dir.exists() {
        eprintln!("skip: {} not found", dir.display());
        return;
    }
    let mut errors = String::new();
    let s = tempeval::score_dir(dir, Some(&mut errors)).unwrap();
    if std::env::var("TEMPEVAL_ERRORS").is_ok() {
        eprintln!("{errors}");
    }
    eprintln!("{}", tempeval::report(&s));
    assert!(s.value().2 >= 75.0, "value F1 below the floor");
}
