//! The write routes: paste-and-analyze (`POST /api/analyze`) and ingest
//! (`POST /api/ingest`).
//!
//! Both exist only when the server was started with writes allowed, and both
//! need `Authorization: Bearer TOKEN`: a page on another site can make the
//! browser send a POST to loopback, but it cannot know the token. The body is
//! the article itself (text, HTML, or JSON Lines), bounded by
//! [`crate::MAX_BODY_BYTES`]. The analysis sits behind [`Analyzer`] so tests
//! can use a stub instead of the models.

use crate::filter::Params;
use crate::{ApiError, AppState};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use newsgraph_doc::ArticleJson;
use newsgraph_read::{Format, ReadItem, ReadOptions};
use serde_json::{json, Value as JsonValue};
use std::sync::Arc;

/// What analyzing one request body produced.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Articles in the JSON contract, with their text.
    pub articles: Vec<ArticleJson>,
    /// One line per input that could not be read, or was skipped on purpose.
    pub problems: Vec<String>,
}

/// Reads and analyzes a request body. Implementations must not panic on any
/// input; odd input gives problems, not errors.
pub trait Analyzer: Send + Sync {
    fn analyze(&self, origin: &str, bytes: &[u8], format: Format) -> Analysis;
}

/// The real analyzer: `newsgraph-read` then the full pipeline.
pub struct PipelineAnalyzer {
    pipeline: newsgraph_pipeline::Pipeline,
    opts: ReadOptions,
}

impl PipelineAnalyzer {
    /// Loads the models compiled into the binary.
    pub fn load() -> anyhow::Result<PipelineAnalyzer> {
        let pipeline = newsgraph_pipeline::Pipeline::load().map_err(anyhow::Error::msg)?;
        Ok(PipelineAnalyzer {
            pipeline,
            opts: ReadOptions {
                max_article_bytes: crate::MAX_BODY_BYTES,
                // A pasted article is analyzed even when the language guess
                // says otherwise: the person asked for it.
                english_only: false,
            },
        })
    }
}

impl Analyzer for PipelineAnalyzer {
    fn analyze(&self, origin: &str, bytes: &[u8], format: Format) -> Analysis {
        let mut out = Analysis::default();
        newsgraph_read::read_bytes(origin, bytes, format, &self.opts, &mut |item| match item {
            ReadItem::Article(a) => {
                let mut doc = self.pipeline.analyze(a);
                // As `analyze`, `ingest` and `code` do by default: events the
                // scorer puts below its threshold are mostly wrong, and a
                // pasted article stored with them would count them.
                let min = self.pipeline.min_confidence();
                doc.events.retain(|e| e.confidence >= min);
                out.articles.push(ArticleJson::from_document(&doc, true));
            }
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

/// A token for a server started with writes and no `--token`: 128 bits from
/// the OS-seeded hasher keys, which is enough to stop guessing over HTTP.
pub fn generate_token() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.write_u32(std::process::id());
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// Equal-time comparison, so the response time does not reveal how much of
/// a guessed token was right.
fn same_token(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The analyzer, when writes are on and the request carries the token.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<Arc<dyn Analyzer>, ApiError> {
    let Some(writes) = &state.writes else {
        return Err(ApiError {
            status: StatusCode::FORBIDDEN,
            message: "writes are disabled: start the server with --allow-writes".into(),
        });
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(t) if same_token(t.as_bytes(), writes.token.as_bytes()) => Ok(writes.analyzer.clone()),
        Some(_) => Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "wrong token".into(),
        }),
        None => Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "missing 'Authorization: Bearer TOKEN' header".into(),
        }),
    }
}

/// The input format: `?format=` wins, then the Content-Type, else text.
fn format_of(p: &Params, headers: &HeaderMap) -> Result<Format, ApiError> {
    if let Some(f) = p.get("format") {
        return match f {
            "text" => Ok(Format::Text),
            "html" => Ok(Format::Html),
            "jsonl" => Ok(Format::JsonLines),
            _ => Err(ApiError::bad(format!(
                "'format' must be text, html or jsonl, got '{f}'"
            ))),
        };
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Ok(if ct.starts_with("text/html") {
        Format::Html
    } else if ct.contains("json") {
        // application/json, application/jsonl, application/x-ndjson: one
        // JSON object is a valid JSON Lines body, and reading it as text
        // would analyze the braces and keys as prose.
        Format::JsonLines
    } else {
        Format::Text
    })
}

async fn run(
    state: AppState,
    headers: HeaderMap,
    p: Params,
    req: Request,
    store: bool,
) -> Result<Json<JsonValue>, ApiError> {
    let analyzer = authorize(&state, &headers)?;
    // Only now is the body read: a client without the token cannot make the
    // server receive (and hold) up to the body limit. Over the limit (413)
    // or unreadable, it still gets a JSON error.
    let body = Bytes::from_request(req, &()).await.map_err(|e| ApiError {
        status: e.status(),
        message: e.body_text(),
    })?;
    let format = format_of(&p, &headers)?;
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ApiError::bad("the request body is empty: send the article"));
    }
    let state2 = state.clone();
    tokio::task::spawn_blocking(move || {
        let analysis = analyzer.analyze("pasted", &body, format);
        let stored = if store && !analysis.articles.is_empty() {
            let stats = state2.pool().with_mut(|s| {
                s.ingest(&analysis.articles)
                    .map_err(|e| ApiError::internal("storing articles", e))
            })?;
            Some(json!(stats))
        } else {
            None
        };
        let status = if analysis.articles.is_empty() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        if status != StatusCode::OK {
            let why = analysis.problems.join("; ");
            return Err(ApiError {
                status,
                message: if why.is_empty() {
                    "no article found in the body".into()
                } else {
                    format!("no article found in the body: {why}")
                },
            });
        }
        Ok(Json(json!({
            "articles": analysis.articles,
            "problems": analysis.problems,
            "stored": stored,
        })))
    })
    .await
    .map_err(|e| ApiError::internal("analysis task", e))?
}

/// Analyzes the body; stores the result too with `?store=true`.
pub async fn analyze(
    State(state): State<AppState>,
    headers: HeaderMap,
    p: Params,
    req: Request,
) -> Result<Json<JsonValue>, ApiError> {
    p.check_known(&[&["format", "store"]])?;
    let store = match p.get("store") {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(v) => {
            return Err(ApiError::bad(format!(
                "'store' must be true or false, got '{v}'"
            )))
        }
    };
    run(state, headers, p, req, store).await
}

/// Analyzes the body and stores every article (an id already stored is
/// skipped, as with `newsgraph ingest`).
pub async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    p: Params,
    req: Request,
) -> Result<Json<JsonValue>, ApiError> {
    p.check_known(&[&["format"]])?;
    run(state, headers, p, req, true).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_and_differ() {
        assert!(same_token(b"abc", b"abc"));
        assert!(!same_token(b"abc", b"abd"));
        assert!(!same_token(b"abc", b"ab"));
        let (a, b) = (generate_token(), generate_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}

/// The body of `POST /api/review`: the event (article id and number) and
/// the judgement; `clear: true` removes its judgement instead.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    pub article_id: String,
    pub idx: i64,
    #[serde(default)]
    pub clear: bool,
    #[serde(flatten)]
    pub judgement: newsgraph_store::reviews::Judgement,
}

/// Judges one event (or clears its judgement): writes allowed and the
/// token, as the other write routes.
pub async fn review(
    State(state): State<AppState>,
    headers: HeaderMap,
    p: Params,
    body: Bytes,
) -> Result<Json<JsonValue>, ApiError> {
    p.check_known(&[])?;
    authorize(&state, &headers)?;
    let b: ReviewBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad(format!("the body must be a review: {e}")))?;
    let state2 = state.clone();
    tokio::task::spawn_blocking(move || {
        state2.pool().with_mut(|s| {
            let done = if b.clear {
                s.clear_review(&b.article_id, b.idx)
                    .map(|cleared| json!({ "cleared": cleared }))
            } else {
                s.review(&b.article_id, b.idx, &b.judgement, state2.cameo())
                    .map(|r| json!({ "review": r }))
            };
            done.map_err(|e| match e {
                newsgraph_store::StoreError::BadQuery(m) => ApiError::bad(m),
                other => ApiError::internal("storing the review", other),
            })
        })
    })
    .await
    .map_err(|e| ApiError::internal("review task", e))?
    .map(Json)
}
