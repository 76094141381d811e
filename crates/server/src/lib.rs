//! `newsgraph serve`: a JSON API over one SQLite store and an offline web page.
//!
//! The server is read-only unless started with `allow_writes`; then the two
//! write routes (`POST /api/analyze`, `POST /api/ingest`) also need the token
//! as `Authorization: Bearer TOKEN`. Every read is a parameterized SELECT on a
//! pooled connection, run on tokio's blocking pool so a slow query never
//! stalls the event loop. Static files are compiled into the binary and
//! looked up by exact name ([`assets`]), so no request can reach the file
//! system. Bad parameters get a 4xx with a JSON `{"error": "…"}` body
//! ([`ApiError`]).
//!
//! The analysis itself sits behind the [`Analyzer`] trait: `serve` plugs in
//! the real pipeline, while tests plug in a stub and need no models.

mod api;
mod assets;
mod error;
mod export;
mod filter;
mod host;
mod listen;
mod pool;
mod write;

pub use error::ApiError;
pub use host::AllowedHosts;
pub use listen::{serve_connections, Limits};
pub use write::{Analysis, Analyzer, PipelineAnalyzer};

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use newsgraph_dict::cameo::CameoTable;
use pool::Pool;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// Largest request body accepted, in bytes. An article is rarely over 100 KB;
/// 4 MiB leaves room for a JSON Lines batch while bounding memory per request.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Longest a request may take before the client gets 408. Analysis of a
/// pasted article takes well under a second; this only stops runaway work.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// What `newsgraph serve` was asked to do.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Enables `POST /api/analyze` and `POST /api/ingest`.
    pub allow_writes: bool,
    /// Bearer token for the write routes. With writes allowed and no token
    /// given, one is generated and printed on stderr.
    pub token: Option<String>,
    /// Host names accepted besides loopback and the bound address (a
    /// reverse proxy's name); see [`AllowedHosts`].
    pub allowed_hosts: Vec<String>,
}

/// Shared by every request: the connection pool, the CAMEO table and, when
/// writes are allowed, the token and the analyzer.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
    writes: Option<Arc<Writes>>,
    hosts: Arc<AllowedHosts>,
}

struct Inner {
    pool: Pool,
    cameo: CameoTable,
    /// Article tones for `/api/counts`, computed once per article.
    tones: newsgraph_export::counts::ToneCache,
}

struct Writes {
    token: String,
    analyzer: Arc<dyn Analyzer>,
}

impl AppState {
    /// A read-only state over the existing database at `db`: opened read-only
    /// (see [`newsgraph_store::Store::open_read_only`]), so a database this
    /// user may not write is served, and nothing is written beside it.
    pub fn new(db: &Path) -> anyhow::Result<AppState> {
        AppState::with_pool(Pool::open(db, false)?)
    }

    /// A state over the database at `db` opened for writing (created if
    /// missing, so an empty database serves an empty page); the write
    /// routes need it ([`AppState::with_writes`]).
    pub fn new_writable(db: &Path) -> anyhow::Result<AppState> {
        AppState::with_pool(Pool::open(db, true)?)
    }

    fn with_pool(pool: Pool) -> anyhow::Result<AppState> {
        // The CAMEO labels and the PLOVER mapping are compiled in; without
        // them events still show, only unlabelled.
        let cameo = match newsgraph_dict::Dictionaries::embedded() {
            Ok(d) => d.cameo,
            Err(e) => {
                eprintln!("warning: CAMEO/PLOVER tables unavailable: {e}");
                CameoTable::default()
            }
        };
        Ok(AppState {
            inner: Arc::new(Inner {
                pool,
                cameo,
                tones: Default::default(),
            }),
            writes: None,
            hosts: Arc::new(AllowedHosts::default()),
        })
    }

    /// Enables the write routes behind `token`, analyzing with `analyzer`.
    /// On a state from [`AppState::new`] the routes answer, but every
    /// ingest fails: the connections are read-only.
    pub fn with_writes(mut self, token: String, analyzer: Arc<dyn Analyzer>) -> AppState {
        self.writes = Some(Arc::new(Writes { token, analyzer }));
        self
    }

    /// Answers requests naming these hosts (loopback names by default).
    pub fn with_allowed_hosts(mut self, hosts: AllowedHosts) -> AppState {
        self.hosts = Arc::new(hosts);
        self
    }

    fn pool(&self) -> &Pool {
        &self.inner.pool
    }

    fn cameo(&self) -> &CameoTable {
        &self.inner.cameo
    }

    fn tones(&self) -> &newsgraph_export::counts::ToneCache {
        &self.inner.tones
    }
}

/// Every route, with the default limits ([`Limits`]), the Host check and
/// the security headers.
pub fn router(state: AppState) -> Router {
    router_with(state, &Limits::default())
}

/// Every route, with the body limit and request timeout of `limits`, the
/// Host check and the security headers.
pub fn router_with(state: AppState, limits: &Limits) -> Router {
    let max_body = limits.max_body_bytes;
    let hosts = state.hosts.clone();
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/openapi.json", get(assets::openapi))
        .route("/api/stats", get(api::stats))
        .route("/api/codes", get(api::codes))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/events", get(api::events))
        .route("/api/timeline", get(api::timeline))
        .route("/api/network", get(api::network))
        .route("/api/counts", get(export::counts))
        .route("/api/places", get(api::places))
        .route("/api/entities", get(api::entities))
        .route("/api/quotes", get(api::quotes))
        .route("/api/entity", get(api::entity))
        .route("/api/export", get(export::download))
        .route("/api/analyze", post(write::analyze))
        .route("/api/ingest", post(write::ingest))
        .route("/api/review", post(write::review))
        .route("/api/reviews", get(export::reviews))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(axum::middleware::from_fn(move |req, next| {
            refuse_declared_large_body(max_body, req, next)
        }))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        // Outermost but for the headers, so a refused Host gets them too
        // and no handler, body limit included, runs for it.
        .layer(axum::middleware::from_fn(move |req, next| {
            refuse_foreign_host(hosts.clone(), req, next)
        }))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Links out of the page (an article's URL) do not tell the site
        // what the analyst was looking at.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // Everything the page needs comes from this server: no CDN, no tiles,
        // no inline script or style (the page has none). `img-src data:`
        // is for the page's empty favicon (`data:,`), which stops the
        // browser asking for /favicon.ico; no other page may frame this one (clickjacking the write form).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
            ),
        ))
        .with_state(state)
}

/// 413 for a request whose `Content-Length` is over the limit, before any
/// handler runs. `DefaultBodyLimit` alone only notices once that much has
/// arrived, so a client declaring a gigabyte and sending it slowly would
/// hold the request until the timeout; a body without a declared length is
/// still cut off at the limit as it streams in.
async fn refuse_declared_large_body(
    max: usize,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(n) if n > max as u64 => ApiError {
            status: axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            message: format!("request body too large: {n} bytes declared, the limit is {max}"),
        }
        .into_response(),
        _ => next.run(req).await,
    }
}

/// 403 for a request whose `Host` is not one this server answers to (DNS
/// rebinding; see [`AllowedHosts`]), with a one-line reason.
async fn refuse_foreign_host(
    hosts: Arc<AllowedHosts>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let refused = match req.headers().get(header::HOST) {
        None => None,
        Some(v) => match v.to_str() {
            Ok(h) if hosts.allows(h) => None,
            Ok(h) => Some(h.chars().take(100).collect::<String>()),
            Err(_) => Some("(not text)".to_string()),
        },
    };
    match refused {
        None => next.run(req).await,
        Some(h) => ApiError {
            status: axum::http::StatusCode::FORBIDDEN,
            message: format!(
                "refused: Host {h:?} is not a name this server answers to \
                 (localhost, 127.0.0.1, [::1]; add a proxy's name with --allowed-host)"
            ),
        }
        .into_response(),
    }
}

/// Runs the server until Ctrl-C. Builds its own tokio runtime.
pub fn serve(cfg: ServeConfig) -> anyhow::Result<()> {
    let state = if cfg.allow_writes {
        AppState::new_writable(&cfg.db)?
    } else {
        AppState::new(&cfg.db)?
    };
    let mut state = state.with_allowed_hosts(AllowedHosts::new(cfg.addr, &cfg.allowed_hosts));
    if cfg.allow_writes {
        let token = match cfg.token.clone().filter(|t| !t.is_empty()) {
            Some(t) => t,
            None => {
                let t = write::generate_token();
                eprintln!("write token: {t}");
                t
            }
        };
        let analyzer = PipelineAnalyzer::load().context("loading the analysis pipeline")?;
        state = state.with_writes(token, Arc::new(analyzer));
    } else if cfg.token.is_some() {
        eprintln!("note: --token has no effect without --allow-writes");
    }
    if !cfg.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {} — reachable from other machines",
            cfg.addr
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the tokio runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(cfg.addr)
            .await
            .with_context(|| format!("binding {}", cfg.addr))?;
        let local = listener.local_addr().unwrap_or(cfg.addr);
        eprintln!(
            "newsgraph serve: http://{local}/ (database {}, writes {})",
            cfg.db.display(),
            if cfg.allow_writes { "on" } else { "off" }
        );
        let limits = Limits::default();
        serve_connections(listener, router_with(state, &limits), &limits, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
        Ok(())
    })
}
