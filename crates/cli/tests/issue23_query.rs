//! Regression tests for issue 23's small things a user trips on in `ingest`
//! and `query` (items 8 and 13), run on the `newsgraph` binary: what a date
//! filter leaves out, dates, publishers and tags given at ingest, and
//! full-text search. Every fixture is written here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsgraph-i23q-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("newsgraph runs");
    assert!(out.status.code().is_some(), "killed by a signal");
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Two undated plain-text articles, written for these tests.
const PAY: &str = "Parents win longer maternity pay\n\n\
    The government said on Tuesday that statutory maternity pay will rise next year, \
    a change unions had sought for a decade.\n\n\
    Employers said the pay of new parents would cost small firms more.\n";
const FERRY: &str = "Ferry crossing reopens after storm\n\n\
    The ferry between the two islands sailed again on Friday after the storm, \
    and the harbour master said the pay of crews was not in dispute.\n";

/// The two articles in `dir/input/`.
fn input(dir: &Path) -> PathBuf {
    let input = dir.join("input");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("pay.txt"), PAY).unwrap();
    std::fs::write(input.join("ferry.txt"), FERRY).unwrap();
    input
}

fn ingest(db: &Path, input: &Path, extra: &[&str]) {
    let out = run(bin()
        .arg("ingest")
        .arg("--db")
        .arg(db)
        .args(extra)
        .arg(input));
    assert!(out.status.success(), "{}", stderr(&out));
}

fn query_json(db: &Path, args: &[&str]) -> (Vec<serde_json::Value>, String) {
    let out = run(bin()
        .args(["query", "articles", "--json", "--db"])
        .arg(db)
        .args(args));
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (rows, stderr(&out))
}

/// Item 8: a date filter over undated articles says what it left out, and
/// `ingest --published/--source/--tag` fill what the input lacks.
#[test]
fn issue_23_date_filter_names_undated_and_ingest_gives_dates() {
    let dir = temp_dir("given");
    let input = input(&dir);

    let db = dir.join("plain.db");
    ingest(&db, &input, &[]);
    let (rows, note) = query_json(&db, &["--search", "maternity", "--from", "2005-01-01"]);
    assert!(rows.is_empty());
    assert!(
        note.contains("left out 1 undated article(s)"),
        "no note: {note}"
    );
    let (_, note) = query_json(&db, &["--from", "2005-01-01"]);
    assert!(note.contains("left out 2 undated"), "{note}");

    let db = dir.join("given.db");
    ingest(
        &db,
        &input,
        &[
            "--published",
            "2005-03-01",
            "--source",
            "Test Wire",
            "--tag",
            "wire",
            "--tag",
            "spring",
        ],
    );
    let (rows, note) = query_json(&db, &["--search", "maternity", "--from", "2005-01-01"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(!note.contains("undated"), "{note}");
    assert_eq!(rows[0]["published"], "2005-03-01");
    assert_eq!(rows[0]["published_basis"], "given");
    assert_eq!(rows[0]["source"], "Test Wire");
    let (rows, _) = query_json(&db, &["--tag", "spring"]);
    assert_eq!(rows.len(), 2);
    let (rows, _) = query_json(&db, &["--tag", "autumn"]);
    assert!(rows.is_empty());

    // Tagging again adds the tag to articles already stored.
    ingest(&db, &input, &["--tag", "autumn"]);
    let (rows, _) = query_json(&db, &["--tag", "autumn"]);
    assert_eq!(rows.len(), 2);

    // A bad date is refused by name.
    let out = run(bin()
        .args(["ingest", "--published", "2005-02-30", "--db"])
        .arg(dir.join("bad.db"))
        .arg(&input));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--published"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Item 13: phrases and OR are FTS5 syntax, results come best match first
/// with the matching passage, and a malformed search is one line.
#[test]
fn issue_23_search_phrases_or_and_snippets() {
    let dir = temp_dir("search");
    let input = input(&dir);
    let db = dir.join("news.db");
    ingest(&db, &input, &[]);
    // Both articles hold "pay"; only one holds the phrase.
    let (rows, _) = query_json(&db, &["--search", "pay"]);
    assert_eq!(rows.len(), 2);
    let (rows, _) = query_json(&db, &["--search", "\"maternity pay\""]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let snippet = rows[0]["snippet"].as_str().unwrap_or_default();
    assert!(snippet.contains("[maternity"), "{snippet}");
    let (rows, _) = query_json(&db, &["--search", "maternity OR ferry"]);
    assert_eq!(rows.len(), 2);
    let (rows, _) = query_json(&db, &["--search", "NEAR(ferry storm, 3)"]);
    assert_eq!(rows.len(), 1);
    // Relevance: the article saying "pay" three times comes first.
    let (rows, _) = query_json(&db, &["--search", "pay"]);
    assert_eq!(rows[0]["title"], "Parents win longer maternity pay");

    let table = run(bin()
        .args(["query", "articles", "--search", "ferry", "--db"])
        .arg(&db));
    let text = stdout(&table);
    assert!(
        text.lines().next().unwrap_or("").contains("MATCH"),
        "{text}"
    );
    assert!(
        text.contains("[ferry]") || text.contains("[Ferry]"),
        "{text}"
    );

    for bad in ["\"maternity pay", "pay OR", "NOT pay"] {
        let out = run(bin()
            .args(["query", "articles", "--search", bad, "--db"])
            .arg(&db));
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = stderr(&out);
        assert_eq!(err.trim_end().lines().count(), 1, "{bad}: {err}");
        assert!(err.contains("search:"), "{bad}: {err}");
        assert!(!err.contains("database error"), "{bad}: {err}");
    }
    let out = run(bin()
        .args(["query", "articles", "--sort", "relevance", "--db"])
        .arg(&db));
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
