//! End-to-end tests of the `newsgraph` binary: analyze, ingest, query, and
//! bad input. Each test works in its own temporary directory.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> PathBuf {
    repo_root().join("examples/andes-water-talks.txt")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsgraph-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("newsgraph runs");
    assert!(
        out.status.code().is_some(),
        "killed by a signal: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Every span object must slice the text to its own "text".
fn check_spans(v: &Value, text: &[char]) {
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e), Some(Value::String(t))) = (
                m.get("start").and_then(Value::as_u64),
                m.get("end").and_then(Value::as_u64),
                m.get("text"),
            ) {
                let sliced: String = text[s as usize..e as usize].iter().collect();
                assert_eq!(&sliced, t, "span {s}..{e}");
            }
            m.values().for_each(|x| check_spans(x, text));
        }
        Value::Array(a) => a.iter().for_each(|x| check_spans(x, text)),
        _ => {}
    }
}

#[test]
fn analyze_json_follows_the_contract() {
    let out = run(bin()
        .args(["analyze", "--json", "--with-text"])
        .arg(example()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    for key in [
        "id",
        "title",
        "source",
        "published",
        "entities",
        "quotes",
        "times",
        "places",
        "events",
        "warnings",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    for key in ["date", "basis", "evidence"] {
        assert!(d["published"].get(key).is_some(), "missing published.{key}");
    }
    assert_eq!(d["source"], "Southern Cone Wire");
    assert!(d["title"]
        .as_str()
        .unwrap()
        .starts_with("Chile and Argentina"));
    let text: Vec<char> = d["text"].as_str().unwrap().chars().collect();
    assert!(
        !d["text"].as_str().unwrap().contains("Copyright"),
        "copyright line is not body text"
    );
    // Each span's text is exactly what its offsets point at, entities and all.
    let top_level_text = d["text"].clone();
    let mut without_text = d.clone();
    without_text.as_object_mut().unwrap().remove("text");
    check_spans(&without_text, &text);
    assert!(top_level_text.is_string());
    // Quotes are found and attributed.
    let quotes = d["quotes"].as_array().unwrap();
    assert!(quotes.iter().any(|q| q["kind"] == "direct"), "{quotes:?}");
    for e in d["entities"].as_array().unwrap() {
        for key in ["name", "type", "actor", "roles", "mentions"] {
            assert!(e.get(key).is_some(), "entity missing {key}");
        }
    }
}

#[test]
fn analyze_report_is_readable() {
    let out = run(bin().arg("analyze").arg(example()));
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("Chile and Argentina open talks"));
    assert!(s.contains("source:    Southern Cone Wire"));
    assert!(s.contains("QUOTES"));
}

#[test]
fn same_article_twice_has_the_same_id() {
    let dir = temp_dir("sameid");
    let text = std::fs::read_to_string(example()).unwrap();
    let jsonl = serde_json::json!({"text": text.lines().skip(2).take(11).collect::<Vec<_>>().join("\n\n"), "title": text.lines().next().unwrap()});
    std::fs::write(dir.join("a.jsonl"), format!("{jsonl}\n{jsonl}\n")).unwrap();
    let out = run(bin().args(["analyze", "--json"]).arg(dir.join("a.jsonl")));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], docs[1]["id"]);
}

#[test]
fn ingest_query_round_trip_and_reingest_is_idempotent() {
    let dir = temp_dir("ingest");
    let db = dir.join("t.db");
    let out = run(bin().arg("ingest").arg("--db").arg(&db).arg(example()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let counts = |db: &Path| -> Vec<i64> {
        let conn = rusqlite::Connection::open(db).unwrap();
        [
            "articles", "entities", "mentions", "quotes", "times", "events", "warnings",
        ]
        .iter()
        .map(|t| {
            conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
    };
    let before = counts(&db);
    assert_eq!(before[0], 1);
    assert!(before[3] > 0, "quotes stored");

    let out = run(bin().arg("ingest").arg("--db").arg(&db).arg(example()));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 already stored"));
    assert_eq!(counts(&db), before, "re-ingest changes nothing");

    let out = run(bin()
        .args([
            "query", "articles", "--json", "--search", "glaciers", "--db",
        ])
        .arg(&db));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["title"]
        .as_str()
        .unwrap()
        .starts_with("Chile and Argentina"));

    let out = run(bin()
        .args(["query", "articles", "--json", "--search", "volcano", "--db"])
        .arg(&db));
    assert!(json_lines(&out).is_empty());

    let out = run(bin().args(["query", "articles", "--db"]).arg(&db));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("TITLE") && table.contains("(1 row)"),
        "{table}"
    );

    let out = run(bin()
        .args(["query", "events", "--from", "not-a-date", "--db"])
        .arg(&db));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--from") && err.contains("not a calendar date"),
        "{err}"
    );
}

#[test]
fn query_without_a_database_is_a_clear_error() {
    let dir = temp_dir("nodb");
    let out = run(bin()
        .args(["query", "articles", "--db"])
        .arg(dir.join("missing.db")));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such database"));
}

#[test]
fn bad_inputs_are_reported_and_the_run_carries_on() {
    let dir = temp_dir("bad");
    std::fs::write(
        dir.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 7, 255].repeat(50),
    )
    .unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(dir.join("broken.jsonl"), "{\"text\": \"A short fine article about the weather in the hills today.\"}\n{not json\n{\"title\": 3}\n").unwrap();
    std::fs::write(
        dir.join("truncated.txt.gz"),
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2],
    )
    .unwrap();
    std::fs::write(
        dir.join("nobody.html"),
        "<html><head><title>x</title></head></html>",
    )
    .unwrap();
    let good = dir.join("zz-good.txt");
    std::fs::copy(example(), &good).unwrap();

    let db = dir.join("t.db");
    let out = run(bin().arg("ingest").arg("--db").arg(&db).arg(&dir));
    assert_eq!(out.status.code(), Some(1), "failures give exit status 1");
    let err = String::from_utf8_lossy(&out.stderr);
    for name in ["binary.txt", "empty.txt", "truncated.txt.gz", "nobody.html"] {
        assert!(err.contains(name), "no error naming {name}: {err}");
    }
    assert!(
        err.contains("broken.jsonl:2"),
        "JSONL errors name the line: {err}"
    );
    for line in err.lines() {
        assert!(!line.contains("panicked"), "{err}");
    }
    // The good inputs were still stored.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "{err}");
}

#[test]
fn missing_path_is_an_error_not_a_panic() {
    let out = run(bin().args(["analyze", "/nonexistent/newsgraph-test-file.txt"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/newsgraph-test-file.txt"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    use std::io::Write;
    let mut child = bin()
        .args(["analyze", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Storm closes mountain pass\n\nHeavy snow closed the main pass between the two valleys on Sunday, officials said.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["title"], "Storm closes mountain pass");
}

#[test]
fn analyze_prints_the_parse_as_conllu() {
    let out = run(bin().args(["analyze", "--conllu"]).arg(example()));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# newdoc id = "), "{text}");
    assert!(text.contains("# text = Chile and Argentina open talks"));
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert!(rows.len() > 300, "{}", rows.len());
    assert!(rows.iter().all(|r| r.split('\t').count() == 10), "{rows:?}");
    // Sentences the coder reads are parsed: some row has a real head.
    assert!(rows.iter().any(|r| r.split('\t').nth(7) == Some("nsubj")));
}

/// Every event carries a confidence; `--min-confidence` keeps those at or
/// above it (0 keeps all), the report shows it, and a value outside 0–1
/// is a usage error naming it.
#[test]
fn min_confidence_keeps_the_sure_events() {
    let dir = temp_dir("min-confidence");
    let article = dir.join("talks.txt");
    // Written for this test: a criticism (root 11, the surest root on the
    // dev set) and a visit.
    std::fs::write(
        &article,
        "Talks in Paris\n\nFrench President Emmanuel Macron criticised Russia on Monday. \
         The German chancellor visited France on Tuesday.\n",
    )
    .unwrap();
    let events_at = |min: &str| -> Vec<f64> {
        let out = run(bin()
            .args(["analyze", "--json", "--min-confidence", min])
            .arg(&article));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out)[0]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["confidence"].as_f64().expect("a confidence"))
            .collect()
    };
    let all = events_at("0");
    assert!(!all.is_empty(), "the fixture codes an event");
    assert!(all.iter().all(|c| (0.0..=1.0).contains(c)));
    let top = all.iter().copied().fold(0.0, f64::max);
    // The JSON rounds confidences to two decimals: ask just below the top.
    let floor = top - 0.01;
    let sure = events_at(&format!("{floor}"));
    assert!(!sure.is_empty() && sure.len() < all.len() && sure.iter().all(|&c| c >= floor));
    assert!(events_at("1").iter().all(|&c| c >= 1.0));
    let report = run(bin()
        .args(["analyze", "--min-confidence", "0"])
        .arg(&article));
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(text.contains("conf 0."), "{text}");
    // The report lists the events the default minimum leaves out apart.
    let report = run(bin().arg("analyze").arg(&article));
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(text.contains("BELOW THE MINIMUM CONFIDENCE"), "{text}");
    let bad = run(bin()
        .args(["analyze", "--min-confidence", "1.5"])
        .arg(&article));
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("'1.5' is not a confidence"));

    // Stored with every event; queried and exported above a minimum.
    let db = dir.join("t.db");
    let out = run(bin()
        .args(["ingest", "--min-confidence", "0", "--db"])
        .arg(&db)
        .arg(&article));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = |min: &str| -> Vec<Value> {
        let out = run(bin()
            .args(["query", "events", "--json", "--min-confidence", min, "--db"])
            .arg(&db));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out)
    };
    assert_eq!(rows("0").len(), all.len());
    let kept = rows(&format!("{top}"));
    assert!(!kept.is_empty() && kept.len() <= all.len());
    assert!(kept
        .iter()
        .all(|r| r["confidence"].as_f64().unwrap() >= top));
    let csv = run(bin()
        .args(["export", "--format", "csv", "--min-confidence", "1", "--db"])
        .arg(&db));
    assert!(
        csv.status.success(),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&csv.stdout).lines().count(),
        1,
        "header only"
    );
}
