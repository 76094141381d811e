//! `cargo run --release -p newsgraph-server --example bench -- ADDR [N]`:
//! latency of the API on loopback, as recorded in docs/bench-server.md.
//!
//! One keep-alive HTTP/1.1 connection sends N requests per query, one at a
//! time (the latency a page sees, not throughput), after a short warm-up;
//! prints p50/p95/p99 and the largest per query. Plain std networking keeps
//! the measurement free of a client library's own overhead.
//!
//! Given the server's PID as a third argument, it also reports the server's
//! CPU time per request (from `/proc/PID/stat`): on a shared, loaded machine
//! wall-clock latency mostly measures the scheduler, CPU time does not.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const QUERIES: &[(&str, &str)] = &[
    ("events, newest first", "/api/events?limit=50"),
    ("events by actor", "/api/events?actor=USA&limit=50"),
    ("events by dyad", "/api/events?dyad=USA,GBR&limit=50"),
    (
        "events by root + quad",
        "/api/events?root=19&quad=4&limit=50",
    ),
    ("events by PLOVER", "/api/events?plover=CONSULT&limit=50"),
    (
        "events by date range",
        "/api/events?from=2005-01-01&to=2005-03-31&sort=-goldstein&limit=50",
    ),
    ("events deep page", "/api/events?offset=5000&limit=50"),
    ("timeline by actor", "/api/timeline?actor=GBR"),
    ("network (100 edges)", "/api/network"),
    ("places", "/api/places"),
    ("article search", "/api/articles?q=election&limit=20"),
];

fn request(stream: &mut BufReader<TcpStream>, path: &str) -> std::io::Result<(u16, usize)> {
    write!(
        stream.get_mut(),
        "GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: keep-alive\r\n\r\n"
    )?;
    let mut line = String::new();
    stream.read_line(&mut line)?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut len = 0usize;
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    stream.read_exact(&mut body)?;
    Ok((status, len))
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// User + system CPU time of a process, in milliseconds (Linux only).
fn cpu_ms(pid: Option<u32>) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid?)).ok()?;
    // Fields after the parenthesized command name; utime and stime are the
    // 14th and 15th fields overall, in clock ticks (100 per second).
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8080".into());
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(200);
    let pid: Option<u32> = args.next().map(|s| s.parse()).transpose()?;
    let mut stream = BufReader::new(TcpStream::connect(&addr)?);
    stream.get_ref().set_nodelay(true)?;
    println!("| query | path | bytes | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/req |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let mut all = Vec::new();
    for (name, path) in QUERIES {
        let mut bytes = 0;
        for _ in 0..5 {
            request(&mut stream, path)?;
        }
        let mut times = Vec::with_capacity(n);
        let cpu_before = cpu_ms(pid);
        for _ in 0..n {
            let t = Instant::now();
            let (status, len) = request(&mut stream, path)?;
            times.push(t.elapsed());
            anyhow::ensure!(status == 200, "{path}: HTTP {status}");
            bytes = len;
        }
        let cpu = match (cpu_before, cpu_ms(pid)) {
            (Some(a), Some(b)) => format!("{:.2}", (b - a) / n as f64),
            _ => "-".into(),
        };
        times.sort();
        all.extend_from_slice(&times);
        println!(
            "| {name} | `{path}` | {bytes} | {:.2} | {:.2} | {:.2} | {:.2} | {cpu} |",
            pct(&times, 0.5),
            pct(&times, 0.95),
            pct(&times, 0.99),
            pct(&times, 1.0)
        );
    }
    all.sort();
    println!(
        "| **all** | | | {:.2} | {:.2} | {:.2} | {:.2} | |",
        pct(&all, 0.5),
        pct(&all, 0.95),
        pct(&all, 0.99),
        pct(&all, 1.0)
    );
    Ok(())
}
