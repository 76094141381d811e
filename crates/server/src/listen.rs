//! The accept loop: HTTP/1.1 connections with the limits that keep one
//! client from hurting the others.
//!
//! `axum::serve` sets no timer on hyper, so it has no header-read timeout: a
//! client that opens a connection and sends its headers one byte a minute
//! (or nothing at all) holds a task and a file descriptor for ever. Here each
//! connection gets [`Limits::header_read_timeout`] to deliver a complete
//! request head, idle keep-alive connections included, and at most
//! [`Limits::max_connections`] are served at once (the next waits in the
//! kernel's accept queue), so slow clients cannot use up the descriptors.
//! A request whose head arrived is bounded by the router's own limits
//! (body size, [`Limits::request_timeout`]).

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

/// The per-connection and per-request limits.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Time a client has to send a whole request head (request line and
    /// headers), counted from the first wait for it; an idle keep-alive
    /// connection is closed after this too.
    pub header_read_timeout: Duration,
    /// Time from a request's head to its response, body upload included:
    /// past it the client gets 408.
    pub request_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Largest request body, in bytes (413 past it).
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: crate::REQUEST_TIMEOUT,
            // Far below the usual descriptor limit (1024 at the least), and
            // far above what one person's browser opens (six per host).
            max_connections: 512,
            max_body_bytes: crate::MAX_BODY_BYTES,
        }
    }
}

/// Largest request head in bytes; a longer one gets 431. A URL of the API
/// is a few hundred bytes; hyper's default would be about 400 kB.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Longest wait for open connections to finish after `shutdown` resolves.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` resolves, then stops
/// accepting, lets requests in flight finish (for up to 10 s) and returns.
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of descriptors or a connection reset before it
                    // was accepted: both pass, so wait a little and go on
                    // rather than spin or stop serving.
                    eprintln!("warning: accepting a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let conn =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let mut stop_rx = stop_rx.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                // A failed connection (timeout, reset, malformed head) has
                // already been answered or closed; nothing to report.
                _ = conn.as_mut() => return,
                _ = stop_rx.changed() => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        });
    }
    let _ = stop_tx.send(true);
    // Every connection holds a permit until it ends.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, permits.acquire_many(all)).await;
}
