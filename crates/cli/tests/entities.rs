//! Entities across articles and the quotes table on the binary (issue 24,
//! items 3–4): two articles written for this test, analyzed by the real
//! pipeline and ingested, name the same country and the same person under
//! different spellings; `query entities` lists each once with both
//! articles, and `query quotes --csv/--parquet` writes the quotes filtered.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn run(args: &[&str], db: &Path) -> Output {
    let out = bin().args(args).arg("--db").arg(db).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn fixture(name: &str) -> (PathBuf, PathBuf) {
    let dir =
        std::env::temp_dir().join(format!("newsgraph-entities-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "Prime minister visits Washington for trade talks\n\
         Prime Minister Tony Blair flew to the United States on Monday for talks on trade.\n\
         Tony Blair met officials in Washington and said Britain wanted a fair deal with America.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Trade deal with the US is close, says Blair\n\
         Mr Blair said on Tuesday that a trade deal with the US was close.\n\
         \"We are nearly there,\" Mr Blair told reporters in London.\n",
    )
    .unwrap();
    let db = dir.join("news.db");
    let out = bin()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(dir.join("a.txt"))
        .arg(dir.join("b.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, db)
}

fn rows(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn one_entity_per_actor_across_articles_and_spellings() {
    let (dir, db) = fixture("across");
    let all = rows(&run(&["query", "entities", "--json", "--limit", "0"], &db));
    let find = |key: &str| {
        all.iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("no {key} in {all:#?}"))
            .clone()
    };
    let us = find("country:USA");
    assert_eq!(us["n_articles"], 2, "{us}");
    let names: Vec<&str> = us["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"United States") && names.contains(&"US"),
        "{names:?}"
    );
    // "Mr Blair", in an article that never gives his first name, is the
    // corpus's one Blair.
    let blair = find("person:tony blair");
    assert_eq!(blair["n_articles"], 2, "{blair}");
    // Washington (the city) is neither the country nor London.
    let cities: Vec<&serde_json::Value> = all
        .iter()
        .filter(|r| r["key"].as_str().unwrap().starts_with("place:"))
        .collect();
    assert!(cities.iter().all(|r| r["n_articles"] == 1), "{cities:#?}");
    // Any spelling finds it; the text table names the key.
    let found = rows(&run(
        &["query", "entities", "--json", "--name", "united st"],
        &db,
    ));
    assert!(found.iter().any(|r| r["key"] == "country:USA"), "{found:?}");
    let table = run(&["query", "entities", "--type", "person"], &db);
    assert!(String::from_utf8_lossy(&table.stdout).contains("person:tony blair"));
    // Re-ingesting changes nothing.
    let again = bin()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(dir.join("a.txt"))
        .arg(dir.join("b.txt"))
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(
        rows(&run(&["query", "entities", "--json", "--limit", "0"], &db)),
        all
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn quotes_as_csv_and_parquet() {
    let (dir, db) = fixture("quotes");
    let all = rows(&run(&["query", "quotes", "--json", "--limit", "0"], &db));
    let blair = all
        .iter()
        .filter(|q| q["speaker"].as_str().is_some_and(|s| s.contains("Blair")))
        .count();
    assert!(blair > 0, "the fixture's quotes are Blair's: {all:#?}");
    let csv = run(&["query", "quotes", "--speaker", "blair", "--csv"], &db);
    let text = String::from_utf8_lossy(&csv.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "published,speaker,cue,kind,text,article_id,title,idx,start,end"
    );
    assert_eq!(lines.len(), blair + 1, "{text}");
    let file = dir.join("quotes.parquet");
    let out = bin()
        .args(["query", "quotes", "--speaker", "blair", "--parquet"])
        .arg(&file)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    // --csv with --json is a usage error.
    let both = bin()
        .args(["query", "quotes", "--csv", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
