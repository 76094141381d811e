//! Malformed and hostile requests against a real server on loopback (issue
//! 10): huge bodies, bad JSON, bad query parameters, path traversal, broken
//! HTTP and slow clients. Each gets a 4xx, or has its connection closed by a
//! timeout, and none of them disturbs a normal client polling the API at the
//! same time ([`Prober`]).
//!
//! Requests are written as raw bytes over `std::net::TcpStream`, so nothing
//! between the test and the server normalizes a path or fixes a header.
//! The server runs with short timeouts ([`limits`]) so the slow-client test
//! takes seconds; `newsgraph serve` uses the same code with the defaults.

use newsgraph_doc::{ArticleBuilder, ArticleJson, Document};
use newsgraph_read::{Format, ReadItem, ReadOptions};
use newsgraph_server::{router_with, serve_connections, Analysis, Analyzer, AppState, Limits};
use newsgraph_store::Store;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const TOKEN: &str = "malformed-test-token";

/// Short limits, so that timeouts show within the test's run.
fn limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(2),
        ..Limits::default()
    }
}

/// Slack for a loaded CI machine: a normal request must answer within this
/// even while the hostile clients run, and a timeout must fire within its
/// limit plus this.
const PROMPT: Duration = Duration::from_secs(2);

/// The real reader on the body, without the models: enough to exercise bad
/// JSON Lines, binary bodies and empty articles end to end.
struct ReadOnlyAnalyzer;

impl Analyzer for ReadOnlyAnalyzer {
    fn analyze(&self, origin: &str, bytes: &[u8], format: Format) -> Analysis {
        let opts = ReadOptions {
            max_article_bytes: newsgraph_server::MAX_BODY_BYTES,
            english_only: false,
        };
        let mut out = Analysis::default();
        newsgraph_read::read_bytes(origin, bytes, format, &opts, &mut |item| match item {
            ReadItem::Article(a) => out
                .articles
                .push(ArticleJson::from_document(&Document::new(a), true)),
            ReadItem::Skipped { origin, reason } => {
                out.problems.push(format!("{origin}: {reason}"))
            }
            // Only a directory walk passes files over; kept for completeness.
            ReadItem::NotArticle { origin, reason } => {
                out.problems.push(format!("{origin}: {reason}"))
            }
            ReadItem::Error(e) => out.problems.push(e.to_string()),
        });
        out
    }
}

/// A server on an ephemeral loopback port over a small fixture database,
/// stopped on drop.
struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(name: &str) -> Server {
        let dir =
            std::env::temp_dir().join(format!("newsgraph-malformed-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("t.db");
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
        }
        let docs: Vec<ArticleJson> = (0..20)
            .map(|i| {
                let a = ArticleBuilder::new(format!("fixture:{i}"))
                    .title(format!("Water talks, day {i}"))
                    .paragraph(format!(
                        "Ministers met for the {i}th time to discuss the shared river."
                    ))
                    .source(Some("Test Wire".into()))
                    .build();
                ArticleJson::from_document(&Document::new(a), true)
            })
            .collect();
        Store::open(&db).unwrap().ingest(&docs).unwrap();
        let state = AppState::new_writable(&db)
            .unwrap()
            .with_writes(TOKEN.into(), Arc::new(ReadOnlyAnalyzer));
        let limits = limits();
        let app = router_with(state, &limits);
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let addr = std_listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
                serve_connections(listener, app, &limits, async {
                    let _ = stopped.await;
                })
                .await;
            });
        });
        Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A response as read off the wire; `status` is 0 when the server closed
/// the connection without answering.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
    elapsed: Duration,
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// Reads until the server closes the connection (every request here asks
/// for `Connection: close`), tolerating a reset after the response.
fn read_reply(mut s: TcpStream, started: Instant) -> Reply {
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                assert!(
                    e.kind() != std::io::ErrorKind::WouldBlock
                        && e.kind() != std::io::ErrorKind::TimedOut,
                    "no reply within 20 s"
                );
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .strip_prefix("HTTP/1.1 ")
        .and_then(|r| r.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
        elapsed: started.elapsed(),
    }
}

/// Sends `raw` as is and reads the reply.
fn exchange(addr: SocketAddr, raw: &[u8]) -> Reply {
    let started = Instant::now();
    let mut s = connect(addr);
    // The server may answer and close before reading everything (413), so
    // a failed write is not an error here; the reply says what happened.
    let _ = s.write_all(raw);
    read_reply(s, started)
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    exchange(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn post(addr: SocketAddr, target: &str, content_type: &str, body: &[u8]) -> Reply {
    let mut raw = format!(
        "POST {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Authorization: Bearer {TOKEN}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(body);
    exchange(addr, &raw)
}

/// The error message of one of our JSON error bodies.
fn error_message(r: &Reply) -> String {
    let v: serde_json::Value =
        serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not a JSON body ({e}): {r:?}"));
    let msg = v["error"].as_str().unwrap_or_default().to_string();
    assert!(!msg.is_empty(), "no error message: {r:?}");
    msg
}

/// A normal client asking for a page of articles over and over on fresh
/// connections while a test runs; every answer must be a prompt 200.
struct Prober {
    stop: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    thread: JoinHandle<(usize, Duration, Vec<String>)>,
}

/// Normal requests the prober makes at the least, so that some overlap the
/// hostile ones even when those finish in milliseconds.
const MIN_PROBES: usize = 10;

impl Prober {
    fn start(addr: SocketAddr) -> Prober {
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicUsize::new(0));
        let (flag, count) = (stop.clone(), done.clone());
        let thread = std::thread::spawn(move || {
            let (mut n, mut worst, mut failures) = (0, Duration::ZERO, Vec::new());
            while !flag.load(Ordering::Relaxed) {
                let r = get(addr, "/api/articles?limit=5");
                n += 1;
                count.store(n, Ordering::Relaxed);
                worst = worst.max(r.elapsed);
                if r.status != 200 || !r.body.contains("Water talks") {
                    failures.push(format!("{} {:?}", r.status, r.head));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            (n, worst, failures)
        });
        Prober { stop, done, thread }
    }

    /// Stops the prober and checks that every request succeeded promptly.
    fn finish(self, what: &str) {
        let t = Instant::now();
        while self.done.load(Ordering::Relaxed) < MIN_PROBES && t.elapsed() < PROMPT * 10 {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.stop.store(true, Ordering::Relaxed);
        let (n, worst, failures) = self.thread.join().unwrap();
        eprintln!(
            "{what}: {n} normal requests alongside, slowest {:.1} ms",
            worst.as_secs_f64() * 1e3
        );
        assert!(n >= MIN_PROBES, "{what}: the prober made only {n} requests");
        assert!(
            failures.is_empty(),
            "{what}: normal requests failed: {failures:?}"
        );
        assert!(worst < PROMPT, "{what}: a normal request took {worst:?}");
    }
}

/// The server still answers normally, on a fresh connection.
fn assert_alive(addr: SocketAddr) {
    let r = get(addr, "/api/stats");
    assert_eq!(r.status, 200, "{r:?}");
}

#[test]
fn huge_bodies_get_413_without_reading_them() {
    let server = Server::start("huge");
    let addr = server.addr;
    let prober = Prober::start(addr);

    // A declared length over the limit is refused before any of it is read.
    let r = exchange(
        addr,
        format!(
            "POST /api/analyze HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Authorization: Bearer {TOKEN}\r\nContent-Length: 1000000000\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(r.status, 413, "{r:?}");
    assert!(error_message(&r).contains("too large"), "{r:?}");

    // The size is checked before the token, on every route.
    let r = exchange(
        addr,
        b"POST /api/ingest HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
          Content-Length: 1000000000\r\n\r\n",
    );
    assert_eq!(r.status, 413, "{r:?}");
    // Without the token and under the limit: 401, the body unread.
    let r = exchange(
        addr,
        b"POST /api/ingest HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
          Content-Length: 1000\r\n\r\n",
    );
    assert_eq!(r.status, 401, "{r:?}");

    // A chunked body with no declared length is cut off at the limit: the
    // reply comes while the client is still sending.
    let started = Instant::now();
    let mut s = connect(addr);
    s.write_all(
        format!(
            "POST /api/analyze HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Authorization: Bearer {TOKEN}\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    let reader = s.try_clone().unwrap();
    let reply = std::thread::spawn(move || read_reply(reader, started));
    let chunk = format!("10000\r\n{}\r\n", "a".repeat(0x10000));
    let mut sent = 0usize;
    // Up to 64 MiB; the server must answer long before.
    while sent < 64 << 20 {
        if s.write_all(chunk.as_bytes()).is_err() {
            break;
        }
        sent += 0x10000;
    }
    let r = reply.join().unwrap();
    assert_eq!(r.status, 413, "after {sent} bytes: {r:?}");
    assert!(
        sent < 16 << 20,
        "the server read {sent} bytes before refusing"
    );

    // A GET declaring a gigabyte body: refused at once, not waited for.
    let r = exchange(
        addr,
        b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000000\r\n\r\n",
    );
    assert_eq!(r.status, 413, "{r:?}");
    assert!(r.elapsed < PROMPT, "{r:?}");

    prober.finish("huge bodies");
    assert_alive(addr);
}

#[test]
fn bad_bodies_and_bad_json_get_4xx_with_a_message() {
    let server = Server::start("bodies");
    let addr = server.addr;
    let prober = Prober::start(addr);
    let jsonl = "application/jsonl";
    let cases: &[(&str, &str, &[u8], u16, &str)] = &[
        (
            "/api/analyze",
            jsonl,
            b"{\"text\": \"unfinished",
            422,
            "pasted:1",
        ),
        ("/api/analyze", jsonl, b"{\"text\": 5}\n", 422, "pasted:1"),
        (
            "/api/analyze",
            jsonl,
            b"[1, 2, 3]\nnull\n\"text\"\n",
            422,
            "pasted:3",
        ),
        (
            "/api/analyze",
            jsonl,
            b"{\"text\": \"\\ud800\"}",
            422,
            "pasted:1",
        ),
        ("/api/analyze", jsonl, &[b'['; 100_000], 422, "pasted:1"),
        (
            "/api/analyze",
            "application/json",
            b"{\"title\": }",
            422,
            "pasted:1",
        ),
        ("/api/ingest", jsonl, b"{}\n{}\n", 422, "no article"),
        ("/api/analyze", "text/plain", b"  \n\t ", 400, "empty"),
        ("/api/analyze", "text/plain", b"", 400, "empty"),
        (
            "/api/analyze",
            "text/plain",
            &[0u8, 159, 146, 150, 0, 255, 1, 2],
            422,
            "binary",
        ),
        (
            "/api/analyze?format=pdf",
            "text/plain",
            b"Title\n\nBody.",
            400,
            "format",
        ),
        (
            "/api/analyze?store=maybe",
            "text/plain",
            b"Title\n\nBody.",
            400,
            "store",
        ),
        (
            "/api/analyze?stor=true",
            "text/plain",
            b"Title\n\nBody.",
            400,
            "unknown parameter",
        ),
    ];
    let mut wrong = Vec::new();
    for &(target, ct, body, want, says) in cases {
        let r = post(addr, target, ct, body);
        let shown = String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned();
        if r.status != want {
            wrong.push(format!("{target} {ct} {shown:?}: {} {}", r.status, r.body));
            continue;
        }
        let msg = error_message(&r);
        if !msg.contains(says) {
            wrong.push(format!("{target} {ct} {shown:?}: '{msg}' lacks '{says}'"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // One good JSON line among bad ones: analyzed, the bad lines listed.
    let r = post(
        addr,
        "/api/analyze",
        jsonl,
        b"{\"title\": \"Dam\", \"text\": \"The dam opened on Monday.\"}\n{broken\n",
    );
    assert_eq!(r.status, 200, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["articles"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(1), "{v}");
    // A chunked body with a broken chunk size.
    let r = exchange(
        addr,
        format!(
            "POST /api/analyze HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Authorization: Bearer {TOKEN}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"
        )
        .as_bytes(),
    );
    assert!((400..500).contains(&r.status), "{r:?}");
    prober.finish("bad bodies");
    assert_alive(addr);
}

#[test]
fn bad_query_parameters_get_400_with_a_message() {
    let server = Server::start("params");
    let addr = server.addr;
    let prober = Prober::start(addr);
    let long = "x".repeat(300);
    let many = "actor=USA&".repeat(3000);
    let targets = [
        // Wrong types, negative and huge numbers.
        "/api/events?limit=abc".to_string(),
        "/api/events?limit=1.5".into(),
        "/api/events?limit=-1".into(),
        "/api/events?limit=0".into(),
        "/api/events?limit=1001".into(),
        "/api/events?limit=99999999999999999999999999999".into(),
        "/api/articles?offset=-5".into(),
        "/api/articles?offset=18446744073709551616".into(),
        "/api/articles?offset=1e9".into(),
        "/api/places?limit=%2D1".into(),
        "/api/articles?limit=10&limit=x".into(),
        // Invalid dates.
        "/api/events?from=2024-02-30".into(),
        "/api/events?to=2023-02-29".into(),
        "/api/articles?from=2024-13-01".into(),
        "/api/articles?to=0000-00-00".into(),
        "/api/timeline?from=2024-1-1".into(),
        "/api/places?from=99999-01-01".into(),
        "/api/events?from=2024-03-01&to=2024-02-01".into(),
        "/api/events?from=yesterday".into(),
        "/api/events?from=%00".into(),
        // Bad codes and enumerations.
        "/api/events?quad=0".into(),
        "/api/events?quad=1,,2".into(),
        "/api/events?root=00".into(),
        "/api/events?root=-1".into(),
        "/api/events?code=99999".into(),
        "/api/events?code=04%27%20OR%201=1".into(),
        "/api/events?sort=random()".into(),
        "/api/events?modality=asserted,,".into(),
        "/api/network?dyad=,".into(),
        "/api/events?plover=%F0%9F%92%A3".into(),
        format!("/api/events?actor={long}"),
        "/api/entities?type=alien".into(),
        "/api/export?format=exe".into(),
        // Encoding errors, long values, unknown and repeated parameters.
        "/api/events?from=%ZZ".into(),
        format!("/api/articles?q={long}"),
        "/api/articles?q=%22water%20OR%20(".into(),
        "/api/articles?q=water%20OR".into(),
        "/api/articles?sort=best".into(),
        "/api/stats?x=1".into(),
        "/api/timeline?actr=USA".into(),
        format!("/api/events?{many}nope=1"),
        "/api/entity".into(),
        format!("/api/articles/{long}"),
    ];
    let mut wrong = Vec::new();
    for target in &targets {
        let r = get(addr, target);
        let shown = &target[..target.len().min(80)];
        if r.status != 400 {
            wrong.push(format!("{shown}: {} {}", r.status, r.body));
            continue;
        }
        let msg = error_message(&r);
        if msg.len() > 600 {
            wrong.push(format!("{shown}: message too long: {msg}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // The ones that are fine, for contrast: a leap day, the largest page,
    // FTS5 syntax outside ours taken as words, invalid UTF-8 escapes decoded as U+FFFD,
    // a blank search (absent and empty are the same).
    for target in [
        "/api/articles?q=water%FF%FE",
        "/api/articles?q=%20%20",
        "/api/entities?type=gpe&limit=+5",
        "/api/events?from=2024-02-29&limit=1000",
        "/api/articles?offset=1000000000",
        "/api/articles?q=water%20col:val%20%5Ex%20-y",
    ] {
        let r = get(addr, target);
        assert_eq!(r.status, 200, "{target}: {r:?}");
    }
    prober.finish("bad parameters");
    assert_alive(addr);
}

#[test]
fn path_traversal_only_ever_misses() {
    let server = Server::start("paths");
    let addr = server.addr;
    let prober = Prober::start(addr);
    let targets = [
        "/../../../../etc/passwd",
        "/assets/../../Cargo.toml",
        "/assets/../src/lib.rs",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/%2E%2E%2F%2E%2E%2FCargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/..%5c..%5cCargo.toml",
        "/assets/%252e%252e%252fCargo.toml",
        "/assets/%c0%ae%c0%ae/Cargo.toml",
        "/assets/....//....//Cargo.toml",
        "/assets/%2fetc%2fpasswd",
        "/assets//etc/passwd",
        "//etc/passwd",
        "/assets/app.js%00.txt",
        "/assets/app.js/..",
        "/assets/..",
        "/assets/.",
        "/assets/lib.rs",
        "/assets/index.html/../../Cargo.toml",
        "/api/../Cargo.toml",
        "/api/articles/..%2f..%2f..%2fetc%2fpasswd",
        "/api/openapi.json/../../Cargo.toml",
        "/src/lib.rs",
        "/Cargo.toml",
        "/etc/passwd",
        "http://localhost/../Cargo.toml",
    ];
    for target in targets {
        let r = get(addr, target);
        assert!((400..500).contains(&r.status), "{target}: {r:?}");
        for leak in ["[package]", "root:", "[dependencies]", "//!", "pub fn"] {
            assert!(!r.body.contains(leak), "{target} leaked {leak}: {r:?}");
        }
    }
    // Request targets hyper cannot parse at all get its 400.
    for target in ["../Cargo.toml", "..\\Cargo.toml", "*"] {
        let r = get(addr, target);
        assert!((400..500).contains(&r.status), "{target}: {r:?}");
    }
    prober.finish("path traversal");
    assert_alive(addr);
}

#[test]
fn broken_http_gets_4xx_or_a_closed_connection() {
    let server = Server::start("http");
    let addr = server.addr;
    let prober = Prober::start(addr);
    let big_header = format!(
        "GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    let many_headers = format!(
        "GET /api/stats HTTP/1.1\r\nHost: localhost\r\n{}\r\n",
        (0..500)
            .map(|i| format!("X-H{i}: v\r\n"))
            .collect::<String>()
    );
    let long_uri = format!(
        "GET /api/articles?q={} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "a".repeat(200_000)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"HELLO THERE\r\n\r\n".to_vec()),
        ("binary", vec![0, 255, 1, 254, 13, 10, 13, 10]),
        ("bad version", b"GET / HTTP/9.9\r\n\r\n".to_vec()),
        (
            "space in target",
            b"GET /api/stats x HTTP/1.1\r\n\r\n".to_vec(),
        ),
        (
            "bad header",
            b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n".to_vec(),
        ),
        ("200 kB header", big_header.into_bytes()),
        ("500 headers", many_headers.into_bytes()),
        ("200 kB URL", long_uri.into_bytes()),
        (
            "negative length",
            b"POST /api/analyze HTTP/1.1\r\nContent-Length: -1\r\n\r\n".to_vec(),
        ),
        (
            "two lengths",
            b"POST /api/analyze HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                .to_vec(),
        ),
        (
            "HTTP/2 preface",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
        ),
    ];
    for (what, raw) in cases {
        let r = exchange(addr, &raw);
        assert!(
            r.status == 0 || (400..500).contains(&r.status),
            "{what}: {r:?}"
        );
        assert!(r.elapsed < PROMPT * 5, "{what}: {r:?}");
        eprintln!(
            "{what}: {}",
            if r.status == 0 {
                "closed".to_string()
            } else {
                r.status.to_string()
            }
        );
    }
    prober.finish("broken HTTP");
    assert_alive(addr);
}

/// Idle connections, headers sent a byte at a time, a body sent a byte at a
/// time: the first two are closed after the header timeout, the last gets
/// 408 at the request timeout, and a normal client meanwhile is served as
/// usual.
#[test]
fn slow_clients_are_cut_off_and_do_not_block_others() {
    let server = Server::start("slow");
    let addr = server.addr;
    let limits = limits();
    let prober = Prober::start(addr);
    let started = Instant::now();

    // 100 connections that never send a byte.
    let idle: Vec<TcpStream> = (0..100).map(|_| connect(addr)).collect();

    // Slowloris: a request head that never ends, one byte every 50 ms.
    let loris: Vec<JoinHandle<Duration>> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                let t = Instant::now();
                let mut s = connect(addr);
                let _ = s.write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\n");
                for b in b"X-Slow: ".iter().chain(std::iter::repeat(&b'a')) {
                    if s.write_all(&[*b]).is_err() || t.elapsed() > Duration::from_secs(30) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                t.elapsed()
            })
        })
        .collect();

    // A body that trickles in: 408 once the request timeout passes.
    let trickle = std::thread::spawn(move || {
        let t = Instant::now();
        let mut s = connect(addr);
        s.write_all(
            format!(
                "POST /api/analyze HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
                 Authorization: Bearer {TOKEN}\r\nContent-Length: 10000\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
        let reader = s.try_clone().unwrap();
        let reply = std::thread::spawn(move || read_reply(reader, t));
        for _ in 0..10_000 {
            if s.write_all(b"a").is_err() || t.elapsed() > Duration::from_secs(30) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        reply.join().unwrap()
    });

    // Every idle connection is closed by the server, not left open.
    for (i, mut s) in idle.into_iter().enumerate() {
        let mut buf = [0u8; 64];
        match s.read(&mut buf) {
            Ok(0) => {}
            Ok(n) => panic!("idle connection {i} got {n} bytes"),
            Err(e) => assert_eq!(
                e.kind(),
                std::io::ErrorKind::ConnectionReset,
                "idle connection {i} not closed: {e}"
            ),
        }
    }
    let idle_closed = started.elapsed();
    for l in loris {
        let held = l.join().unwrap();
        assert!(
            held < limits.header_read_timeout + PROMPT + Duration::from_secs(1),
            "a byte-a-time header was allowed {held:?}"
        );
    }
    let r = trickle.join().unwrap();
    assert_eq!(r.status, 408, "{r:?}");
    assert!(
        r.elapsed < limits.request_timeout + PROMPT,
        "the trickled body got its 408 after {:?}",
        r.elapsed
    );
    assert!(
        idle_closed < limits.header_read_timeout + PROMPT,
        "idle connections closed only after {idle_closed:?}"
    );
    eprintln!(
        "slow clients: 100 idle closed by {:.1} s, 4 slowloris cut off, trickled body 408 after {:.1} s",
        idle_closed.as_secs_f64(),
        r.elapsed.as_secs_f64()
    );
    prober.finish("slow clients");
    assert_alive(addr);
}
