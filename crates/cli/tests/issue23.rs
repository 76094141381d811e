//! Regression tests for issue 23 ("one truth in every output"), run on the
//! `newsgraph` binary: reads that never write, clear open errors, what
//! ingest skips, its summary, help texts and dictionary errors. Every
//! fixture is written here.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsgraph-i23-{}-{name}", std::process::id()));
    if dir.exists() {
        set_mode(&dir, 0o755);
        let _ = std::fs::remove_dir_all(&dir);
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn set_mode(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("newsgraph runs");
    assert!(out.status.code().is_some(), "killed by a signal");
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const ARTICLE: &str = "Ministers meet over the river\n\n\
    Chile and Argentina agreed on Monday to share the water of the river, \
    the foreign minister said in Santiago.\n\n\
    \"We will work together,\" she told reporters.\n";

/// A database holding one article, closed, in `dir/news.db`.
fn fixture_db(dir: &Path) -> PathBuf {
    let input = dir.join("input");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("river.txt"), ARTICLE).unwrap();
    let db = dir.join("news.db");
    let out = run(bin().arg("ingest").arg("--db").arg(&db).arg(&input));
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_dir_all(&input).unwrap();
    db
}

/// Files in `dir` other than the database itself.
fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "news.db")
        .collect();
    names.sort();
    names
}

/// The binary run as another user (`nobody`) when the tests run as root,
/// so the database is "owned by another user" and permissions apply: root
/// may write any file, whatever its mode.
fn reader() -> Command {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    let mut cmd = bin();
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if root {
        cmd.uid(65534).gid(65534);
    }
    cmd
}

/// `query`, `export` and `serve` on `db`, each of which must work.
fn read_commands_work(db: &Path, out_dir: &Path) {
    set_mode(out_dir, 0o777);
    let out = run(reader()
        .args(["query", "articles", "--json", "--db"])
        .arg(db));
    assert!(out.status.success(), "query: {}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let out = run(reader().args(["query", "events", "--db"]).arg(db));
    assert!(out.status.success(), "query events: {}", stderr(&out));

    let out = run(reader()
        .args(["export", "--format", "jsonl", "--db"])
        .arg(db)
        .arg("-o")
        .arg(out_dir.join("all.jsonl")));
    assert!(out.status.success(), "export: {}", stderr(&out));

    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut server = reader()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let answer = loop {
        if let Ok(Some(status)) = server.try_wait() {
            let mut err = String::new();
            server
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("serve exited ({status}): {err}");
        }
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            s.write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut text = String::new();
            let _ = s.read_to_string(&mut text);
            break text;
        }
        assert!(Instant::now() < deadline, "serve did not start");
        std::thread::sleep(Duration::from_millis(100));
    };
    // Stop the child started here as Ctrl-C would (SIGINT to its own pid),
    // so it closes its connections; kill it only if that fails.
    let stopped = Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    if !stopped {
        let _ = server.kill();
    }
    let _ = server.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"articles\":1"), "{answer}");
}

#[test]
fn issue_23_reads_work_on_a_read_only_file_and_leave_nothing() {
    let dir = temp_dir("ro-file");
    let db = fixture_db(&dir);
    assert_eq!(beside(&dir), Vec::<String>::new(), "ingest tidied up");
    set_mode(&db, 0o444);
    let out_dir = temp_dir("ro-file-out");
    read_commands_work(&db, &out_dir);
    assert_eq!(beside(&dir), Vec::<String>::new(), "no -wal/-shm left");
    set_mode(&db, 0o644);
}

#[test]
fn issue_23_reads_work_in_a_read_only_directory_and_leave_nothing() {
    let dir = temp_dir("ro-dir");
    let db = fixture_db(&dir);
    set_mode(&dir, 0o555);
    let out_dir = temp_dir("ro-dir-out");
    read_commands_work(&db, &out_dir);
    set_mode(&dir, 0o755);
    assert_eq!(beside(&dir), Vec::<String>::new(), "no -wal/-shm left");
}

#[test]
fn issue_23_reads_of_a_writable_database_leave_nothing() {
    let dir = temp_dir("rw");
    let db = fixture_db(&dir);
    let out_dir = temp_dir("rw-out");
    read_commands_work(&db, &out_dir);
    assert_eq!(beside(&dir), Vec::<String>::new(), "no -wal/-shm left");
}

/// One line, naming the path once, saying `problem`.
fn one_clear_line(out: &Output, path: &Path, problem: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    let err = stderr(out);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    let shown = path.display().to_string();
    assert_eq!(err.matches(&shown).count(), 1, "path once: {err}");
    assert!(err.contains(problem), "says {problem:?}: {err}");
}

#[test]
fn issue_23_open_error_missing_directory() {
    let dir = temp_dir("err-nodir");
    let db = dir.join("no/such/dir/news.db");
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let out = run(bin()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(dir.join("a.txt")));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("does not exist"), "{err}");
    assert!(err.contains("no/such/dir"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let out = run(bin().args(["query", "articles", "--db"]).arg(&db));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

#[test]
fn issue_23_open_error_not_a_database() {
    let dir = temp_dir("err-notdb");
    let text = dir.join("notes.db");
    std::fs::write(&text, "these are my notes, not a database\n".repeat(50)).unwrap();
    for args in [
        &["query", "articles"][..],
        &["export", "--format", "csv"][..],
    ] {
        let out = run(bin().args(args).arg("--db").arg(&text));
        one_clear_line(&out, &text, "not a newsgraph database");
    }
    // Another program's SQLite file is not written into.
    let other = dir.join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute("CREATE TABLE birds (name TEXT)", []).unwrap();
    drop(conn);
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let out = run(bin()
        .arg("ingest")
        .arg("--db")
        .arg(&other)
        .arg(dir.join("a.txt")));
    one_clear_line(&out, &other, "not a newsgraph database");
    let out = run(bin().args(["query", "articles", "--db"]).arg(&other));
    one_clear_line(&out, &other, "not a newsgraph database");
    let conn = rusqlite::Connection::open(&other).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "no newsgraph table added");
}

#[test]
fn issue_23_open_error_newer_schema_version() {
    let dir = temp_dir("err-version");
    let db = fixture_db(&dir);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'", [])
        .unwrap();
    drop(conn);
    let out = run(bin().args(["query", "articles", "--db"]).arg(&db));
    one_clear_line(&out, &db, "newer newsgraph");
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let out = run(bin()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(dir.join("a.txt")));
    one_clear_line(&out, &db, "newer newsgraph");
}

#[test]
fn issue_23_open_error_permission() {
    let dir = temp_dir("err-perm");
    let db = fixture_db(&dir);
    set_mode(&db, 0o444);
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let out = run(bin()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(dir.join("a.txt")));
    one_clear_line(&out, &db, "permission denied");
    set_mode(&db, 0o644);
}

#[test]
fn issue_23_open_error_missing_database() {
    let dir = temp_dir("err-missing");
    let db = dir.join("missing.db");
    for args in [
        &["query", "articles"][..],
        &["export", "--format", "csv"][..],
    ] {
        let out = run(bin().args(args).arg("--db").arg(&db));
        one_clear_line(&out, &db, "no such database");
    }
    assert!(!db.exists(), "a read creates no database");
}

/// A second article, different text from [`ARTICLE`].
const OTHER: &str = "Farmers protest over prices\n\n\
    Farmers in Lyon blocked roads on Tuesday to protest against low milk prices, \
    the union said.\n";

#[test]
fn issue_23_ingest_of_an_empty_directory_is_an_error_and_creates_nothing() {
    let dir = temp_dir("empty-input");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let db = dir.join("news.db");
    let out = run(bin().arg("ingest").arg("--db").arg(&db).arg(&input));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no articles to ingest"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("was not created"), "{}", stderr(&out));
    assert_eq!(beside(&dir), vec!["in".to_string()], "no database file");
    assert!(!db.exists());
}

#[test]
fn issue_23_ingest_of_only_pdfs_says_what_was_skipped() {
    let dir = temp_dir("pdf-input");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a.pdf"), "%PDF-1.4 not really").unwrap();
    std::fs::write(input.join("b.PDF"), "%PDF-1.4 not really").unwrap();
    let db = dir.join("news.db");
    let out = run(bin().arg("ingest").arg("--db").arg(&db).arg(&input));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("2 × .pdf is not an article format"), "{err}");
    assert!(err.contains("no articles to ingest"), "{err}");
    assert!(!db.exists());
}

#[test]
fn issue_23_readme_in_a_corpus_folder_is_not_an_article() {
    let dir = temp_dir("readme");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("001.txt"), ARTICLE).unwrap();
    std::fs::write(input.join("README.TXT"), OTHER).unwrap();
    std::fs::write(input.join("LICENSE"), "All rights reserved.\n").unwrap();
    let db = dir.join("news.db");
    let out = run(bin()
        .args(["ingest", "--verbose", "--db"])
        .arg(&db)
        .arg(&input));
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("ingested 1 new article(s)"), "{err}");
    assert!(
        err.contains("2 file(s) in the input directories were not read"),
        "{err}"
    );
    assert!(err.contains("README.TXT: a collection's own file"), "{err}");
    assert!(err.contains("LICENSE: no extension"), "{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let titles: Vec<String> = conn
        .prepare("SELECT title FROM articles")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(titles, vec!["Ministers meet over the river".to_string()]);
    // Without --verbose: the counts, not the names.
    let out = run(bin().arg("ingest").arg("--db").arg(&db).arg(&input));
    let err = stderr(&out);
    assert!(!err.contains("README.TXT"), "{err}");
    assert!(err.contains("--verbose names them"), "{err}");
}

#[test]
fn issue_23_ingest_summary_separates_duplicates_from_stored() {
    let dir = temp_dir("summary");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a.txt"), ARTICLE).unwrap();
    let db = dir.join("news.db");
    let out = run(bin()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(input.join("a.txt")));
    assert!(out.status.success(), "{}", stderr(&out));
    // a.txt is stored; b.txt is new; c.txt repeats b.txt within the run.
    std::fs::write(input.join("b.txt"), OTHER).unwrap();
    std::fs::write(input.join("c.txt"), OTHER).unwrap();
    let out = run(bin().arg("ingest").arg("--db").arg(&db).arg(&input));
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let summary = err.lines().last().unwrap();
    assert_eq!(
        summary,
        format!(
            "ingested 1 new article(s) into {} (1 already stored, 1 duplicate(s) within this run, \
             0 skipped, 0 failed; 3 input item(s) in all)",
            db.display()
        )
    );
    assert!(
        !err.contains("/s"),
        "no progress output off a terminal: {err}"
    );
}

#[test]
fn issue_23_malformed_dictionary_line_is_reported() {
    let dir = temp_dir("dict");
    let dict = dir.join("mine.txt");
    std::fs::write(
        &dict,
        "# my actors\nATLANTIS_ [ATL]\n+ATLANTEAN_\nBROKEN_ [ATL\nEMPTY_ []\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let out = run(bin()
        .args(["analyze", "--dict"])
        .arg(&dict)
        .arg(dir.join("a.txt")));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let shown = dict.display().to_string();
    assert!(
        err.contains(&format!("{shown}:4: a '[' without its ']'")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{shown}:5: empty [] (no code)")),
        "{err}"
    );
    assert!(err.contains("2 malformed line(s)"), "{err}");
    // The good part alone loads.
    std::fs::write(&dict, "# my actors\nATLANTIS_ [ATL]\n+ATLANTEAN_\n").unwrap();
    let out = run(bin()
        .args(["analyze", "--dict"])
        .arg(&dict)
        .arg(dir.join("a.txt")));
    assert!(out.status.success(), "{}", stderr(&out));
}
