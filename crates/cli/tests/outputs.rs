//! Issue 23 on the `newsgraph` binary: the event counts are named (item 2)
//! and `query` says when it cut a list and pages through it (item 5). The
//! article is written here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const ARTICLE: &str = "Ministers meet over the river\n\n\
    Chile and Argentina agreed on Monday to share the water of the river, \
    the foreign minister of Peru said in Santiago.\n\n\
    \"We will work together,\" Ana Silva told reporters in Lima.\n";

/// A database holding one article, in a fresh directory.
fn fixture_db(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("newsgraph-outputs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("input")).unwrap();
    std::fs::write(dir.join("input/river.txt"), ARTICLE).unwrap();
    let db = dir.join("news.db");
    let out = bin()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(dir.join("input"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, db)
}

fn query(db: &Path, args: &[&str]) -> Output {
    let out = bin()
        .args(["query", "entities", "--json", "--db"])
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

#[test]
fn issue_23_query_says_when_it_cuts_and_pages() {
    let (dir, db) = fixture_db("paging");
    let all = query(&db, &["--limit", "0"]);
    let all_rows: Vec<String> = text(&all.stdout).lines().map(str::to_string).collect();
    assert!(
        all_rows.len() >= 3,
        "the fixture has several entities: {all_rows:?}"
    );
    assert!(
        !text(&all.stderr).contains("note:"),
        "{}",
        text(&all.stderr)
    );

    let first = query(&db, &["--limit", "1"]);
    assert_eq!(text(&first.stdout).lines().count(), 1);
    let note = text(&first.stderr);
    assert!(
        note.contains("more entities match") && note.contains("--offset 1"),
        "{note}"
    );

    let second = query(&db, &["--limit", "1", "--offset", "1"]);
    assert_eq!(text(&second.stdout).trim(), all_rows[1]);

    let last = query(
        &db,
        &[
            "--limit",
            "1",
            "--offset",
            &(all_rows.len() - 1).to_string(),
        ],
    );
    assert_eq!(text(&last.stdout).trim(), all_rows[all_rows.len() - 1]);
    assert!(
        !text(&last.stderr).contains("note:"),
        "the last page is not cut"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn issue_23_export_names_events_and_event_mentions() {
    let (dir, db) = fixture_db("counts");
    let out = bin()
        .args(["export", "--format", "csv", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(dir.join("events.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = text(&out.stderr);
    assert!(
        summary.contains("event(s) merged from") && summary.contains("event mention(s)"),
        "{summary}"
    );
    let table = bin()
        .args(["query", "events", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let stdout = text(&table.stdout);
    assert!(
        stdout.trim_end().ends_with("event mentions)")
            || stdout.trim_end().ends_with("event mention)"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
