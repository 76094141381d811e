//! The read-only JSON routes. Each handler checks its parameters
//! ([`Params`], [`EventQuery`]), then runs parameterized SQL on a pooled
//! connection in tokio's blocking pool. Offsets in every response are the
//! character offsets of the JSON contract (`docs/json-contract.md`), as the
//! store keeps them.

use crate::filter::{event_order, placeholders, EventQuery, Params, EVENT_KEYS, PAGE_KEYS};
use crate::{ApiError, AppState};
use axum::extract::{Path, State};
use axum::Json;
use newsgraph_dict::cameo::CameoTable;
use newsgraph_store::{EntityFilter, Store};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Row};
use serde::Serialize;
use serde_json::{json, Value as JsonValue};
use std::collections::{BTreeMap, HashMap};

type ApiResult = Result<Json<JsonValue>, ApiError>;

/// Runs `f` on a pooled connection off the async threads.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store, &CameoTable) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || state.pool().with(|store| f(store, state.cameo())))
        .await
        .map_err(|e| ApiError::internal("query task", e))?
}

pub async fn not_found() -> ApiError {
    ApiError::not_found("no such route; see /api/openapi.json")
}

/// Row counts, the date range and the sources, for the page's header and
/// filter menus.
pub async fn stats(State(state): State<AppState>, p: Params) -> ApiResult {
    p.check_known(&[])?;
    blocking(&state, |store, _| {
        let counts: BTreeMap<&str, i64> = store
            .counts()
            .map_err(|e| ApiError::internal("counting rows", e))?
            .into_iter()
            .collect();
        let c = store.connection();
        let (first, last): (Option<String>, Option<String>) = c.query_row(
            "SELECT min(published), max(published) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut stmt = c.prepare_cached(
            "SELECT source, count(*) FROM articles WHERE source IS NOT NULL \
             GROUP BY source ORDER BY count(*) DESC, source LIMIT 100",
        )?;
        let sources = stmt
            .query_map([], |r| {
                Ok(json!({"source": r.get::<_, String>(0)?, "n_articles": r.get::<_, i64>(1)?}))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Json(json!({
            "counts": counts,
            "published": {"first": first, "last": last},
            "sources": sources,
        })))
    })
    .await
}

/// The CAMEO codes and PLOVER event types present, with labels, for the
/// filter menus.
pub async fn codes(State(state): State<AppState>, p: Params) -> ApiResult {
    p.check_known(&[])?;
    blocking(&state, |store, cameo| {
        let mut stmt = store
            .connection()
            .prepare_cached("SELECT code, count(*) FROM events GROUP BY code ORDER BY code")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut plover: BTreeMap<String, i64> = BTreeMap::new();
        let codes: Vec<JsonValue> = rows
            .iter()
            .map(|(code, n)| {
                let pl = cameo.plover(code).map(|p| p.event.clone());
                if let Some(pl) = &pl {
                    *plover.entry(pl.clone()).or_default() += n;
                }
                json!({
                    "code": code,
                    "label": cameo.get(code).map(|i| i.label.clone()),
                    "quad_class": newsgraph_dict::cameo::quad_class(code),
                    "plover": pl,
                    "n_events": n,
                })
            })
            .collect();
        let plover: Vec<JsonValue> = plover
            .into_iter()
            .map(|(event, n)| json!({"event": event, "n_events": n}))
            .collect();
        Ok(Json(json!({"codes": codes, "plover": plover})))
    })
    .await
}

const ARTICLE_KEYS: &[&str] = &["q", "source", "from", "to"];

/// Article search: full text (`q`, every word must occur), `source`, and a
/// publication date range; newest first, or best match first with `q`.
pub async fn articles(State(state): State<AppState>, p: Params) -> ApiResult {
    p.check_known(&[ARTICLE_KEYS, PAGE_KEYS])?;
    let search = p.text("q")?.map(|q| fts_query(&q)).transpose()?;
    let source = p.text("source")?;
    let from = p.date("from")?;
    let to = p.date("to")?;
    let (limit, offset) = p.page(50)?;
    blocking(&state, move |store, _| {
        let mut from_sql = String::from(" FROM articles a");
        let mut conds: Vec<&str> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let lead = if let Some(q) = &search {
            from_sql.push_str(" JOIN articles_fts ON articles_fts.rowid = a.rowid");
            conds.push("articles_fts MATCH ?");
            args.push(Value::Text(q.clone()));
            "snippet(articles_fts, 1, '', '', '…', 24)"
        } else {
            "substr(a.text, 1, 240)"
        };
        if let Some(s) = &source {
            conds.push("a.source = ?");
            args.push(Value::Text(s.clone()));
        }
        if let Some(f) = &from {
            conds.push("a.published >= ?");
            args.push(Value::Text(f.clone()));
        }
        if let Some(t) = &to {
            conds.push("a.published <= ?");
            args.push(Value::Text(t.clone()));
        }
        if !conds.is_empty() {
            from_sql.push_str(" WHERE ");
            from_sql.push_str(&conds.join(" AND "));
        }
        let c = store.connection();
        let total: i64 = c.query_row(
            &format!("SELECT count(*){from_sql}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let order = if search.is_some() {
            "rank, a.rowid"
        } else {
            "a.published DESC, a.rowid DESC"
        };
        let sql = format!(
            "SELECT a.id, a.title, a.source, a.published, a.published_basis, a.origin, \
             (SELECT count(*) FROM events e WHERE e.article_id = a.id), {lead}\
             {from_sql} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        );
        let mut stmt = c.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(json!({
                    "id": r.get::<_, String>(0)?,
                    "title": r.get::<_, Option<String>>(1)?,
                    "source": r.get::<_, Option<String>>(2)?,
                    "published": r.get::<_, Option<String>>(3)?,
                    "published_basis": r.get::<_, String>(4)?,
                    "origin": r.get::<_, Option<String>>(5)?,
                    "n_events": r.get::<_, i64>(6)?,
                    "snippet": r.get::<_, Option<String>>(7)?,
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Json(json!({
            "total": total, "limit": limit, "offset": offset, "articles": rows,
        })))
    })
    .await
}

/// Turns search words into an FTS5 query that cannot be a syntax error: each
/// word quoted, all required.
fn fts_query(q: &str) -> Result<String, ApiError> {
    let words: Vec<String> = q
        .split_whitespace()
        .take(32)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if words.is_empty() {
        return Err(ApiError::bad("'q' has no words"));
    }
    Ok(words.join(" "))
}

/// Character offset → byte offset table for one text, so stored character
/// spans can be sliced.
struct CharIndex<'a> {
    text: &'a str,
    bytes: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> CharIndex<'a> {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { text, bytes }
    }

    /// The text of a character span; empty when the span is out of range
    /// (a database written by another tool may hold anything).
    fn slice(&self, start: i64, end: i64) -> &'a str {
        let at = |i: i64| {
            usize::try_from(i)
                .ok()
                .and_then(|i| self.bytes.get(i).copied())
        };
        match (at(start), at(end)) {
            (Some(s), Some(e)) if s <= e => self.text.get(s..e).unwrap_or(""),
            _ => "",
        }
    }
}

fn json_col(r: &Row, idx: usize) -> rusqlite::Result<JsonValue> {
    let s: String = r.get(idx)?;
    Ok(serde_json::from_str(&s).unwrap_or(JsonValue::Null))
}

/// One article with its text and every layer, spans in character offsets.
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult {
    p.check_known(&[])?;
    if id.len() > 64 {
        return Err(ApiError::bad("article id too long"));
    }
    blocking(&state, move |store, cameo| {
        let c = store.connection();
        let head = c.query_row(
            "SELECT id, title, source, url, byline, origin, published, published_basis, \
             published_evidence, text FROM articles WHERE id = ?1",
            [&id],
            |r| {
                Ok((
                    json!({
                        "id": r.get::<_, String>(0)?,
                        "title": r.get::<_, Option<String>>(1)?,
                        "source": r.get::<_, Option<String>>(2)?,
                        "url": r.get::<_, Option<String>>(3)?,
                        "byline": r.get::<_, Option<String>>(4)?,
                        "origin": r.get::<_, Option<String>>(5)?,
                        "published": {
                            "date": r.get::<_, Option<String>>(6)?,
                            "basis": r.get::<_, String>(7)?,
                            "evidence": json_col(r, 8)?,
                        },
                    }),
                    r.get::<_, String>(9)?,
                ))
            },
        );
        let (mut out, text) = match head {
            Ok(h) => h,
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                return Err(ApiError::not_found(format!("no article with id '{id}'")))
            }
            Err(e) => return Err(e.into()),
        };
        let chars = CharIndex::new(&text);

        let mut mentions: HashMap<i64, Vec<JsonValue>> = HashMap::new();
        let mut stmt = c.prepare_cached(
            "SELECT entity_idx, start, end, text FROM mentions WHERE article_id = ?1 ORDER BY start",
        )?;
        let rows = stmt.query_map([&id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                json!({"start": r.get::<_, i64>(1)?, "end": r.get::<_, i64>(2)?, "text": r.get::<_, String>(3)?}),
            ))
        })?;
        for row in rows {
            let (idx, m) = row?;
            mentions.entry(idx).or_default().push(m);
        }
        let mut stmt = c.prepare_cached(
            "SELECT idx, name, type, actor, roles, affiliations FROM entities \
             WHERE article_id = ?1 ORDER BY idx",
        )?;
        let entities = stmt
            .query_map([&id], |r| {
                let idx: i64 = r.get(0)?;
                Ok(json!({
                    "idx": idx,
                    "name": r.get::<_, String>(1)?,
                    "type": r.get::<_, String>(2)?,
                    "actor": r.get::<_, Option<String>>(3)?,
                    "roles": json_col(r, 4)?,
                    "affiliations": json_col(r, 5)?,
                    "mentions": mentions.get(&idx).cloned().unwrap_or_default(),
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let mut stmt = c.prepare_cached(
            "SELECT idx, start, end, text, kind, speaker, cue FROM quotes WHERE article_id = ?1 ORDER BY idx",
        )?;
        let quotes = stmt
            .query_map([&id], |r| {
                Ok(json!({
                    "idx": r.get::<_, i64>(0)?, "start": r.get::<_, i64>(1)?, "end": r.get::<_, i64>(2)?,
                    "text": r.get::<_, String>(3)?, "kind": r.get::<_, String>(4)?,
                    "speaker": r.get::<_, Option<String>>(5)?, "cue": r.get::<_, Option<String>>(6)?,
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let mut stmt = c.prepare_cached(
            "SELECT idx, start, end, text, type, value, mod FROM times WHERE article_id = ?1 ORDER BY idx",
        )?;
        let times = stmt
            .query_map([&id], |r| {
                Ok(json!({
                    "idx": r.get::<_, i64>(0)?, "start": r.get::<_, i64>(1)?, "end": r.get::<_, i64>(2)?,
                    "text": r.get::<_, String>(3)?, "type": r.get::<_, String>(4)?,
                    "value": r.get::<_, Option<String>>(5)?, "mod": r.get::<_, Option<String>>(6)?,
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let mut stmt = c.prepare_cached(
            "SELECT idx, name, country, lat, lon, geonames_id, mentions, contained_in FROM places \
             WHERE article_id = ?1 ORDER BY idx",
        )?;
        let places = stmt
            .query_map([&id], |r| {
                let spans: Vec<(i64, i64)> =
                    serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default();
                let mentions: Vec<JsonValue> = spans
                    .iter()
                    .map(|&(s, e)| json!({"start": s, "end": e, "text": chars.slice(s, e)}))
                    .collect();
                Ok(json!({
                    "idx": r.get::<_, i64>(0)?, "name": r.get::<_, String>(1)?,
                    "country": r.get::<_, Option<String>>(2)?, "lat": r.get::<_, Option<f64>>(3)?,
                    "lon": r.get::<_, Option<f64>>(4)?, "geonames_id": r.get::<_, Option<i64>>(5)?,
                    "mentions": mentions, "contained_in": r.get::<_, Option<i64>>(7)?,
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let sql = format!("{EVENT_SELECT} WHERE e.article_id = ?1 ORDER BY e.idx");
        let mut stmt = c.prepare_cached(&sql)?;
        let events = stmt
            .query_map([&id], |r| EventOut::from_row(r, cameo))?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let mut stmt = c.prepare_cached(
            "SELECT idx, kind, message, spans FROM warnings WHERE article_id = ?1 ORDER BY idx",
        )?;
        let warnings = stmt
            .query_map([&id], |r| {
                let spans: Vec<(i64, i64, String)> =
                    serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default();
                let spans: Vec<JsonValue> = spans
                    .into_iter()
                    .map(|(s, e, t)| json!({"start": s, "end": e, "text": t}))
                    .collect();
                Ok(json!({
                    "idx": r.get::<_, i64>(0)?, "kind": r.get::<_, String>(1)?,
                    "message": r.get::<_, String>(2)?, "spans": spans,
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        if let Some(obj) = out.as_object_mut() {
            obj.insert("text".into(), JsonValue::String(text.clone()));
            obj.insert("entities".into(), entities.into());
            obj.insert("quotes".into(), quotes.into());
            obj.insert("times".into(), times.into());
            obj.insert("places".into(), places.into());
            obj.insert("events".into(), json!(events));
            obj.insert("warnings".into(), warnings.into());
        }
        Ok(Json(out))
    })
    .await
}

/// The event columns every event route selects, in [`EventOut::from_row`]'s
/// order; the article title comes along for lists.
const EVENT_SELECT: &str = "SELECT e.article_id, e.idx, e.source, e.target, e.code, e.root_code, \
     e.quad_class, e.goldstein, e.date, e.place, e.modality, e.modality_cues, e.text, e.start, \
     e.end, (SELECT a.title FROM articles a WHERE a.id = e.article_id) FROM events e";

/// One event as the API returns it: the stored row plus the CAMEO label and
/// the PLOVER event derived from the code.
#[derive(Serialize, Debug)]
pub struct EventOut {
    pub article_id: String,
    pub idx: i64,
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: String,
    pub root_code: String,
    pub label: Option<String>,
    pub quad_class: i64,
    pub goldstein: f64,
    pub date: Option<String>,
    pub place: Option<String>,
    pub modality: String,
    pub modality_cues: JsonValue,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    pub text: String,
    pub start: i64,
    pub end: i64,
    pub article_title: Option<String>,
}

impl EventOut {
    fn from_row(r: &Row, cameo: &CameoTable) -> rusqlite::Result<EventOut> {
        let code: String = r.get(4)?;
        let plover = cameo.plover(&code);
        Ok(EventOut {
            article_id: r.get(0)?,
            idx: r.get(1)?,
            source: r.get(2)?,
            target: r.get(3)?,
            label: cameo.get(&code).map(|i| i.label.clone()),
            plover: plover.map(|p| p.event.clone()),
            plover_mode: plover.map(|p| p.mode.clone()).filter(|m| !m.is_empty()),
            code,
            root_code: r.get(5)?,
            quad_class: r.get(6)?,
            goldstein: r.get(7)?,
            date: r.get(8)?,
            place: r.get(9)?,
            modality: r.get(10)?,
            modality_cues: json_col(r, 11)?,
            text: r.get(12)?,
            start: r.get(13)?,
            end: r.get(14)?,
            article_title: r.get(15)?,
        })
    }
}

/// Events with every filter, a sort and a page; `total` counts all matches.
pub async fn events(State(state): State<AppState>, p: Params) -> ApiResult {
    p.check_known(&[EVENT_KEYS, PAGE_KEYS, &["sort"]])?;
    let q = EventQuery::parse(&p)?;
    let order = event_order(&p)?;
    let (limit, offset) = p.page(100)?;
    blocking(&state, move |store, cameo| {
        let (where_sql, args) = q.where_sql(store, cameo)?;
        let c = store.connection();
        let total: i64 = c.query_row(
            &format!("SELECT count(*) FROM events e{where_sql}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        // Page over row ids first, so the sort and the skipped rows carry
        // only the sort keys, not every column of every matching event.
        let sql = format!(
            "{EVENT_SELECT} WHERE e.rowid IN (SELECT e.rowid FROM events e{where_sql} \
             ORDER BY {order} LIMIT {limit} OFFSET {offset}) ORDER BY {order}"
        );
        let mut stmt = c.prepare_cached(&sql)?;
        let events = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                EventOut::from_row(r, cameo)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Json(json!({
            "total": total, "limit": limit, "offset": offset, "events": events,
        })))
    })
    .await
}

/// `cond` added to a WHERE clause that may be empty.
fn and(where_sql: &str, cond: &str) -> String {
    if where_sql.is_empty() {
        format!(" WHERE {cond}")
    } else {
        format!("{where_sql} AND {cond}")
    }
}

/// Events per day under the event filters, split into cooperative
/// (QuadClass 1–2) and conflictual (3–4), with the mean Goldstein score.
pub async fn timeline(State(state): State<AppState>, p: Params) -> ApiResult {
    p.check_known(&[EVENT_KEYS])?;
    let q = EventQuery::parse(&p)?;
    blocking(&state, move |store, cameo| {
        let (where_sql, args) = q.where_sql(store, cameo)?;
        let sql = format!(
            "SELECT e.date, count(*), sum(e.quad_class <= 2), sum(e.quad_class >= 3), avg(e.goldstein) \
             FROM events e{} GROUP BY e.date ORDER BY e.date LIMIT 20000",
            and(&where_sql, "e.date IS NOT NULL")
        );
        let mut stmt = store.connection().prepare_cached(&sql)?;
        let days = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(json!({
                    "date": r.get::<_, String>(0)?,
                    "n": r.get::<_, i64>(1)?,
                    "cooperative": r.get::<_, i64>(2)?,
                    "conflictual": r.get::<_, i64>(3)?,
                    "mean_goldstein": round2(r.get::<_, f64>(4)?),
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Json(json!({ "days": days })))
    })
    .await
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The dyad network under the event filters: one edge per (source, target)
/// with its count and mean Goldstein score, the `limit` busiest edges; nodes
/// are the actor codes on them, labelled with the name most often coded so.
pub async fn network(State(state): State<AppState>, p: Params) -> ApiResult {
    p.check_known(&[EVENT_KEYS, &["limit"]])?;
    let q = EventQuery::parse(&p)?;
    let limit = p.number("limit", 100, crate::filter::MAX_LIMIT)?.max(1);
    blocking(&state, move |store, cameo| {
        let (where_sql, args) = q.where_sql(store, cameo)?;
        let sql = format!(
            "SELECT e.source, e.target, count(*), avg(e.goldstein), sum(e.quad_class <= 2), \
             sum(e.quad_class >= 3) FROM events e{} GROUP BY e.source, e.target \
             ORDER BY count(*) DESC, e.source, e.target LIMIT {limit}",
            and(&where_sql, "e.source IS NOT NULL AND e.target IS NOT NULL")
        );
        let c = store.connection();
        let mut stmt = c.prepare_cached(&sql)?;
        let edges = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, f64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut nodes: BTreeMap<String, i64> = BTreeMap::new();
        for (s, t, n, ..) in &edges {
            *nodes.entry(s.clone()).or_default() += n;
            if s != t {
                *nodes.entry(t.clone()).or_default() += n;
            }
        }
        let labels = actor_labels(store, nodes.keys())?;
        let nodes: Vec<JsonValue> = nodes
            .into_iter()
            .map(|(code, n)| json!({"id": code, "label": labels.get(&code), "n_events": n}))
            .collect();
        let edges: Vec<JsonValue> = edges
            .into_iter()
            .map(|(s, t, n, g, co, cf)| {
                json!({"source": s, "target": t, "n_events": n, "mean_goldstein": round2(g),
                       "cooperative": co, "conflictual": cf})
            })
            .collect();
        Ok(Json(json!({"nodes": nodes, "edges": edges})))
    })
    .await
}

/// For each actor code, the entity name most often coded with it.
fn actor_labels<'a>(
    store: &Store,
    codes: impl Iterator<Item = &'a String>,
) -> Result<HashMap<String, String>, ApiError> {
    let codes: Vec<Value> = codes.map(|c| Value::Text(c.clone())).collect();
    let mut out: HashMap<String, (String, i64)> = HashMap::new();
    // SQLite limits the number of parameters per statement; chunk the list.
    for chunk in codes.chunks(500) {
        let sql = format!(
            "SELECT actor, name, count(*) FROM entities WHERE actor IN ({}) GROUP BY actor, name",
            placeholders(chunk.len())
        );
        let mut stmt = store.connection().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(chunk.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (actor, name, n) = row?;
            let best = out.entry(actor).or_insert((String::new(), 0));
            if n > best.1 || (n == best.1 && name < best.0) {
                *best = (name, n);
            }
        }
    }
    Ok(out.into_iter().map(|(k, (name, _))| (k, name)).collect())
}

const PLACE_KEYS: &[&str] = &["q", "country", "from", "to", "article"];

/// Places with their mention, article and event counts; `from`/`to` filter
/// on the articles' publication dates.
pub async fn places(State(state): State<AppState>, p: Params) -> ApiResult {
    p.check_known(&[PLACE_KEYS, &["limit"]])?;
    let name = p.text("q")?;
    let country = p.text("country")?.map(|c| c.to_ascii_uppercase());
    let from = p.date("from")?;
    let to = p.date("to")?;
    let article = p.text("article")?;
    let limit = p.number("limit", 500, 5000)?.max(1);
    blocking(&state, move |store, _| {
        let mut conds: Vec<&str> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(n) = &name {
            conds.push("p.name LIKE ? ESCAPE '\\'");
            args.push(Value::Text(format!("%{}%", like_escape(n))));
        }
        if let Some(c) = &country {
            conds.push("p.country = ?");
            args.push(Value::Text(c.clone()));
        }
        if let Some(f) = &from {
            conds.push("a.published >= ?");
            args.push(Value::Text(f.clone()));
        }
        if let Some(t) = &to {
            conds.push("a.published <= ?");
            args.push(Value::Text(t.clone()));
        }
        if let Some(a) = &article {
            conds.push("p.article_id = ?");
            args.push(Value::Text(a.clone()));
        }
        let where_sql = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        let c = store.connection();
        let sql = format!(
            "SELECT p.name, p.country, avg(p.lat), avg(p.lon), count(DISTINCT p.article_id), \
             sum(json_array_length(p.mentions)) FROM places p JOIN articles a ON a.id = p.article_id\
             {where_sql} GROUP BY p.name, p.country ORDER BY count(DISTINCT p.article_id) DESC, p.name \
             LIMIT {limit}"
        );
        let mut stmt = c.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<f64>>(2)?,
                    r.get::<_, Option<f64>>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Event counts per place name in one grouped pass, rather than a
        // subquery per place (events.place has no index).
        let mut stmt = c.prepare_cached(
            "SELECT place, count(*) FROM events WHERE place IS NOT NULL GROUP BY place",
        )?;
        let n_events: HashMap<String, i64> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let places: Vec<JsonValue> = rows
            .into_iter()
            .map(|(name, country, lat, lon, n_articles, n_mentions)| {
                json!({
                    "name": name, "country": country, "lat": lat, "lon": lon,
                    "n_articles": n_articles, "n_mentions": n_mentions.unwrap_or(0),
                    "n_events": n_events.get(&name).copied().unwrap_or(0),
                })
            })
            .collect();
        Ok(Json(json!({ "places": places })))
    })
    .await
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Entities by name substring, type and actor-code prefix, most-covered
/// first.
pub async fn entities(State(state): State<AppState>, p: Params) -> ApiResult {
    p.check_known(&[&["name", "type", "actor", "limit"]])?;
    let filter = EntityFilter {
        name: p.text("name")?,
        entity_type: p.entity_type("type")?,
        actor: p.text("actor")?,
        limit: Some(p.number("limit", 100, crate::filter::MAX_LIMIT)?.max(1)),
    };
    blocking(&state, move |store, _| {
        let rows = store
            .query_entities(&filter)
            .map_err(|e| ApiError::internal("entity query", e))?;
        Ok(Json(json!({ "entities": rows })))
    })
    .await
}

/// One entity across articles: its codes and roles, its mentions in
/// context, the quotes attributed to it, and the events whose evidence
/// mentions it, with a per-day timeline of those events.
pub async fn entity(State(state): State<AppState>, p: Params) -> ApiResult {
    p.check_known(&[&["name", "type"]])?;
    let Some(name) = p.text("name")? else {
        return Err(ApiError::bad("'name' is required"));
    };
    let etype = p.entity_type("type")?;
    blocking(&state, move |store, cameo| {
        let c = store.connection();
        let type_cond = if etype.is_some() { " AND en.type = ?2" } else { "" };
        let args: Vec<Value> = std::iter::once(Value::Text(name.clone()))
            .chain(etype.clone().map(Value::Text))
            .collect();

        let mut stmt = c.prepare_cached(&format!(
            "SELECT en.type, en.actor, en.roles, en.affiliations, en.article_id FROM entities en \
             WHERE en.name = ?1{type_cond}"
        ))?;
        let mut types = std::collections::BTreeSet::new();
        let mut actors = std::collections::BTreeSet::new();
        let mut roles = std::collections::BTreeSet::new();
        let mut affiliations = std::collections::BTreeSet::new();
        let mut articles = std::collections::BTreeSet::new();
        let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for row in rows {
            let (t, a, ro, af, art) = row?;
            types.insert(t);
            actors.extend(a);
            roles.extend(serde_json::from_str::<Vec<String>>(&ro).unwrap_or_default());
            affiliations.extend(serde_json::from_str::<Vec<String>>(&af).unwrap_or_default());
            articles.insert(art);
        }
        if articles.is_empty() {
            return Err(ApiError::not_found(format!("no entity named '{name}'")));
        }

        let mut stmt = c.prepare_cached(&format!(
            "SELECT m.article_id, a.title, a.published, m.start, m.end, m.text, \
             substr(a.text, max(m.start - 80, 0) + 1, min(m.start, 80) + (m.end - m.start) + 80), \
             min(m.start, 80) FROM mentions m \
             JOIN entities en ON en.article_id = m.article_id AND en.idx = m.entity_idx \
             JOIN articles a ON a.id = m.article_id WHERE en.name = ?1{type_cond} \
             ORDER BY a.published DESC, m.article_id, m.start LIMIT 200"
        ))?;
        let mentions = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(json!({
                    "article_id": r.get::<_, String>(0)?, "title": r.get::<_, Option<String>>(1)?,
                    "published": r.get::<_, Option<String>>(2)?, "start": r.get::<_, i64>(3)?,
                    "end": r.get::<_, i64>(4)?, "text": r.get::<_, String>(5)?,
                    "context": r.get::<_, String>(6)?, "context_offset": r.get::<_, i64>(7)?,
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let mut stmt = c.prepare_cached(
            "SELECT q.article_id, a.title, a.published, q.start, q.end, q.text, q.kind, q.cue \
             FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker = ?1 \
             ORDER BY a.published DESC, q.article_id, q.idx LIMIT 200",
        )?;
        let quotes = stmt
            .query_map([&name], |r| {
                Ok(json!({
                    "article_id": r.get::<_, String>(0)?, "title": r.get::<_, Option<String>>(1)?,
                    "published": r.get::<_, Option<String>>(2)?, "start": r.get::<_, i64>(3)?,
                    "end": r.get::<_, i64>(4)?, "text": r.get::<_, String>(5)?,
                    "kind": r.get::<_, String>(6)?, "cue": r.get::<_, Option<String>>(7)?,
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        // An event belongs to the entity when its evidence contains one of
        // the entity's mentions: actor codes are shared by many people.
        let sql = format!(
            "{EVENT_SELECT} WHERE EXISTS (SELECT 1 FROM mentions m JOIN entities en \
             ON en.article_id = m.article_id AND en.idx = m.entity_idx \
             WHERE m.article_id = e.article_id AND en.name = ?1{type_cond} \
             AND m.start < e.end AND m.end > e.start) \
             AND e.article_id IN (SELECT article_id FROM entities en WHERE en.name = ?1{type_cond}) \
             ORDER BY e.date, e.article_id, e.idx LIMIT 1000"
        );
        let mut stmt = c.prepare_cached(&sql)?;
        let events = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                EventOut::from_row(r, cameo)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut days: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
        for e in &events {
            if let Some(d) = &e.date {
                let day = days.entry(d.as_str()).or_default();
                if e.quad_class <= 2 {
                    day.0 += 1;
                } else {
                    day.1 += 1;
                }
            }
        }
        let timeline: Vec<JsonValue> = days
            .into_iter()
            .map(|(d, (co, cf))| json!({"date": d, "n": co + cf, "cooperative": co, "conflictual": cf}))
            .collect();
        Ok(Json(json!({
            "name": name,
            "types": types, "actors": actors, "roles": roles, "affiliations": affiliations,
            "n_articles": articles.len(),
            "mentions": mentions, "quotes": quotes, "events": events, "timeline": timeline,
        })))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_slices_and_never_panics() {
        let text = "é “Ab” c";
        let ci = CharIndex::new(text);
        assert_eq!(ci.slice(3, 5), "Ab");
        assert_eq!(ci.slice(0, 1), "é");
        assert_eq!(ci.slice(5, 3), "");
        assert_eq!(ci.slice(-1, 2), "");
        assert_eq!(ci.slice(0, 99), "");
    }

    #[test]
    fn fts_query_quotes_words() {
        assert_eq!(
            fts_query("water \"talks").unwrap(),
            "\"water\" \"\"\"talks\""
        );
        assert!(fts_query("   ").is_err());
    }
}
