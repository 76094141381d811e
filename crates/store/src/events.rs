//! The event reads behind `newsgraph serve`: the typed event filter
//! ([`EventQuery`]) and the SQL it becomes, and the events page, timeline
//! and dyad network under it. Values arrive checked (the server parses the
//! query string); here they become `?` placeholders only.

use crate::read::{placeholders, string_list};
use crate::rows::*;
use crate::{Result, Store, StoreError};
use newsgraph_dict::cameo::CameoTable;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Row};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The event filters. Actor codes match as prefixes (`USA` matches
/// `USAGOV`), except `dyad`, which names exact codes as the network does.
/// Codes are expected upper-case (CAMEO actor codes: letters, digits, `-`).
#[derive(Clone, Debug, Default)]
pub struct EventQuery {
    /// Actor code prefix of the source or the target.
    pub actor: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    /// (source, target), exact codes.
    pub dyad: Option<(String, String)>,
    /// A CAMEO code prefix of 2 to 4 digits.
    pub code: Option<String>,
    /// A CAMEO root code, two digits.
    pub root: Option<String>,
    /// QuadClasses 1–4; empty: any.
    pub quad: Vec<u8>,
    /// A PLOVER event type, matched through the codes that map to it.
    pub plover: Option<String>,
    /// `YYYY-MM-DD`, inclusive, on the event date.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The event place name, exact, case-insensitive.
    pub place: Option<String>,
    /// Modalities; empty: any.
    pub modality: Vec<String>,
    /// One article's events.
    pub article: Option<String>,
    /// Full-text search words over the events' articles (title and text),
    /// every one required, as the articles list searches; empty: none.
    pub search: Vec<String>,
    /// Only events whose confidence is at least this (events stored
    /// without one are left out).
    pub min_confidence: Option<f32>,
}

/// The sort orders of [`Store::events`], each with a stable tie-break so
/// pages do not overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EventOrder {
    #[default]
    DateDesc,
    DateAsc,
    GoldsteinDesc,
    GoldsteinAsc,
    Code,
    Source,
    Target,
}

impl EventOrder {
    fn sql(self) -> &'static str {
        match self {
            EventOrder::DateDesc => "e.date DESC, e.article_id, e.idx",
            EventOrder::DateAsc => "e.date ASC, e.article_id, e.idx",
            EventOrder::GoldsteinDesc => "e.goldstein DESC, e.date DESC, e.article_id, e.idx",
            EventOrder::GoldsteinAsc => "e.goldstein ASC, e.date DESC, e.article_id, e.idx",
            EventOrder::Code => "e.code ASC, e.date DESC, e.article_id, e.idx",
            EventOrder::Source => "e.source ASC, e.date DESC, e.article_id, e.idx",
            EventOrder::Target => "e.target ASC, e.date DESC, e.article_id, e.idx",
        }
    }
}

/// The event columns every event read selects, in [`event_record`]'s
/// order; the article title comes along for lists.
/// `{quad}` stands for [`Store::quad_sql`] (see [`Store::event_select`]).
const EVENT_SELECT: &str = "SELECT e.article_id, e.idx, e.source, e.target, e.code, e.root_code, \
     {quad}, e.goldstein, e.date, e.place, e.modality, e.modality_cues, e.text, e.start, \
     e.end, (SELECT a.title FROM articles a WHERE a.id = e.article_id), {confidence}, e.review \
     FROM {events} e";

/// One [`EVENT_SELECT`] row, labelled from `cameo`.
fn event_record(r: &Row, cameo: &CameoTable) -> rusqlite::Result<EventRecord> {
    let code: String = r.get(4)?;
    let plover = cameo.plover(&code);
    Ok(EventRecord {
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
        goldstein: crate::goldstein_decimal(r.get(7)?),
        date: r.get(8)?,
        place: r.get(9)?,
        modality: r.get(10)?,
        modality_cues: string_list(r, 11)?,
        text: r.get(12)?,
        start: r.get(13)?,
        end: r.get(14)?,
        article_title: r.get(15)?,
        confidence: r.get(16)?,
        review: r.get(17)?,
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `cond` added to a WHERE clause that may be empty.
fn and(where_sql: &str, cond: &str) -> String {
    if where_sql.is_empty() {
        format!(" WHERE {cond}")
    } else {
        format!("{where_sql} AND {cond}")
    }
}

impl Store {
    /// [`EVENT_SELECT`] with this file's QuadClass expression, over the
    /// reviewed events ([`Store::events_from`]).
    fn event_select(&self) -> String {
        EVENT_SELECT
            .replace("{quad}", &self.quad_sql("e"))
            .replace("{confidence}", &self.confidence_sql("e"))
            .replace("{events}", &self.events_from())
    }

    /// The WHERE clause (empty or starting with " WHERE ") over events
    /// aliased `e`, and its arguments.
    pub(crate) fn event_where(
        &self,
        q: &EventQuery,
        cameo: &CameoTable,
    ) -> Result<(String, Vec<Value>)> {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let text = |s: &str| Value::Text(s.to_string());
        // Code prefixes as ranges rather than LIKE: a range is cheaper per
        // row and can use an index on the column where one exists. Codes are
        // ASCII letters, digits and '-', all sorting below '~'.
        if let Some(a) = &q.actor {
            conds.push(
                "((e.source >= ? AND e.source < ?) OR (e.target >= ? AND e.target < ?))".into(),
            );
            for _ in 0..2 {
                args.push(text(a));
                args.push(text(&format!("{a}~")));
            }
        }
        if let Some(s) = &q.source {
            conds.push("e.source >= ? AND e.source < ?".into());
            args.push(text(s));
            args.push(text(&format!("{s}~")));
        }
        if let Some(t) = &q.target {
            conds.push("e.target >= ? AND e.target < ?".into());
            args.push(text(t));
            args.push(text(&format!("{t}~")));
        }
        if let Some((s, t)) = &q.dyad {
            conds.push("e.source = ? AND e.target = ?".into());
            args.push(text(s));
            args.push(text(t));
        }
        if let Some(c) = &q.code {
            // The root condition lets SQLite use the (root_code, code) index.
            conds.push("e.root_code = ? AND e.code LIKE ?".into());
            args.push(text(c.get(..2).unwrap_or(c)));
            args.push(text(&format!("{c}%")));
        }
        if let Some(r) = &q.root {
            conds.push("e.root_code = ?".into());
            args.push(text(r));
        }
        if !q.quad.is_empty() {
            conds.push(format!(
                "{} IN ({})",
                self.quad_sql("e"),
                placeholders(q.quad.len())
            ));
            args.extend(q.quad.iter().map(|&n| Value::Integer(n.into())));
        }
        if let Some(pl) = &q.plover {
            // The store keeps CAMEO codes only; PLOVER follows from them by
            // the longest-prefix table, so match the codes that map to it.
            let codes = self.codes_for_plover(cameo, pl)?;
            if codes.is_empty() {
                conds.push("0".into());
            } else {
                // The roots too, so the (root_code, code) index applies.
                let mut roots: Vec<String> = codes
                    .iter()
                    .filter_map(|c| c.get(..2))
                    .map(str::to_string)
                    .collect();
                roots.dedup();
                conds.push(format!(
                    "e.root_code IN ({}) AND e.code IN ({})",
                    placeholders(roots.len()),
                    placeholders(codes.len())
                ));
                args.extend(roots.into_iter().map(Value::Text));
                args.extend(codes.into_iter().map(Value::Text));
            }
        }
        if let Some(f) = &q.from {
            conds.push("e.date >= ?".into());
            args.push(text(f));
        }
        if let Some(t) = &q.to {
            conds.push("e.date <= ?".into());
            args.push(text(t));
        }
        if let Some(pl) = &q.place {
            conds.push("e.place = ? COLLATE NOCASE".into());
            args.push(text(pl));
        }
        if !q.modality.is_empty() {
            conds.push(format!(
                "e.modality IN ({})",
                placeholders(q.modality.len())
            ));
            args.extend(q.modality.iter().map(|m| text(m)));
        }
        if let Some(min) = q.min_confidence {
            conds.push(format!("{} >= ?", self.confidence_sql("e")));
            args.push(Value::Real(crate::confidence_decimal(min)));
        }
        if let Some(a) = &q.article {
            conds.push("e.article_id = ?".into());
            args.push(text(a));
        }
        if !q.search.is_empty() {
            conds.push(
                "e.article_id IN (SELECT a.id FROM articles a JOIN articles_fts \
                 ON articles_fts.rowid = a.rowid WHERE articles_fts MATCH ?)"
                    .into(),
            );
            let query = crate::search::fts_query(&q.search.join(" "))
                .map_err(|e| StoreError::BadQuery(format!("search: {e}")))?;
            args.push(text(&query));
        }
        let mut sql = String::new();
        if !conds.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conds.join(" AND "));
        }
        Ok((sql, args))
    }

    /// The distinct event codes stored whose PLOVER event is `plover`.
    fn codes_for_plover(&self, cameo: &CameoTable, plover: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT DISTINCT code FROM {} e ORDER BY code",
                self.events_from()
            ))
            .map_err(self.err())?;
        let codes: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(codes
            .into_iter()
            .filter(|code| cameo.plover(code).is_some_and(|p| p.event == plover))
            .collect())
    }

    /// One page of the events matching `q` in `order`; `total` counts all
    /// matches.
    pub fn events(
        &self,
        q: &EventQuery,
        order: EventOrder,
        limit: usize,
        offset: usize,
        cameo: &CameoTable,
    ) -> Result<EventPage> {
        let (where_sql, args) = self.event_where(q, cameo)?;
        let c = &self.conn;
        let total: i64 = c
            .query_row(
                &format!("SELECT count(*) FROM {} e{where_sql}", self.events_from()),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )
            .map_err(self.err())?;
        // Page over keys first, so the sort and the skipped rows carry
        // only the sort keys, not every column of every matching event.
        let order = order.sql();
        let sql = format!(
            "{} WHERE (e.article_id, e.idx) IN (SELECT e.article_id, e.idx FROM {} e{where_sql} \
             ORDER BY {order} LIMIT {limit} OFFSET {offset}) ORDER BY {order}",
            self.event_select(),
            self.events_from()
        );
        let mut stmt = c.prepare_cached(&sql).map_err(self.err())?;
        let events = stmt
            .query_map(params_from_iter(args.iter()), |r| event_record(r, cameo))
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(EventPage {
            events,
            limit,
            offset,
            total,
        })
    }

    /// The (article id, idx) of every event mention matching `q`: what an
    /// export of "the events I see" keeps.
    pub fn event_keys(&self, q: &EventQuery, cameo: &CameoTable) -> Result<HashSet<(String, i64)>> {
        let (where_sql, args) = self.event_where(q, cameo)?;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT e.article_id, e.idx FROM {} e{where_sql}",
                self.events_from()
            ))
            .map_err(self.err())?;
        let keys = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(keys)
    }

    /// One article's events in order, those judged wrong too (`review`
    /// says so), so the article view can show and undo a judgement.
    pub(crate) fn article_events(&self, id: &str, cameo: &CameoTable) -> Result<Vec<EventRecord>> {
        let all = EVENT_SELECT
            .replace("{quad}", &self.quad_sql("e"))
            .replace("{confidence}", &self.confidence_sql("e"))
            .replace("{events}", &self.events_all_from());
        self.query_list(
            &format!("{all} WHERE e.article_id = ?1 ORDER BY e.idx"),
            id,
            |r| event_record(r, cameo),
        )
    }

    /// The first [`ENTITY_EVENTS_MAX`] events whose evidence contains a
    /// mention of the entity whose rows `entity_cond` selects (on `en`,
    /// with `args`; [`crate::read::EntityWanted::condition`]), by date, and
    /// how many there are in all: actor codes are shared by many people,
    /// mentions are not.
    pub(crate) fn entity_events(
        &self,
        args: &[Value],
        entity_cond: &str,
        cameo: &CameoTable,
    ) -> Result<(Vec<EventRecord>, i64)> {
        let matching = format!(
            " WHERE EXISTS (SELECT 1 FROM mentions m JOIN entities en \
             ON en.article_id = m.article_id AND en.idx = m.entity_idx \
             WHERE m.article_id = e.article_id AND {entity_cond} \
             AND m.start < e.end AND m.end > e.start) \
             AND e.article_id IN (SELECT article_id FROM entities en WHERE {entity_cond})"
        );
        // One more than shown says whether the list is cut; only then is
        // the whole set counted.
        let sql = format!(
            "{}{matching} ORDER BY e.date, e.article_id, e.idx LIMIT {}",
            self.event_select(),
            ENTITY_EVENTS_MAX + 1
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let mut events: Vec<EventRecord> = stmt
            .query_map(params_from_iter(args.iter()), |r| event_record(r, cameo))
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        if events.len() <= ENTITY_EVENTS_MAX {
            let n = events.len() as i64;
            return Ok((events, n));
        }
        events.truncate(ENTITY_EVENTS_MAX);
        let n = self
            .conn
            .query_row(
                &format!("SELECT count(*) FROM {} e{matching}", self.events_from()),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )
            .map_err(self.err())?;
        Ok((events, n))
    }

    /// Events per day under `q` (up to 20,000 days), with the mean
    /// Goldstein score.
    pub fn timeline(&self, q: &EventQuery, cameo: &CameoTable) -> Result<Timeline> {
        let (where_sql, args) = self.event_where(q, cameo)?;
        let sql = format!(
            "SELECT e.date, count(*), sum({quad} <= 2), sum({quad} >= 3), avg(e.goldstein) \
             FROM {} e{} GROUP BY e.date ORDER BY e.date LIMIT 20000",
            self.events_from(),
            and(&where_sql, "e.date IS NOT NULL"),
            quad = self.quad_sql("e")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let days = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(TimelineDay {
                    date: r.get(0)?,
                    n: r.get(1)?,
                    cooperative: r.get(2)?,
                    conflictual: r.get(3)?,
                    mean_goldstein: round2(r.get(4)?),
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(Timeline { days })
    }

    /// The dyad network under `q`: one edge per (source, target) with its
    /// count and mean Goldstein score, the `limit` busiest edges; nodes are
    /// the actor codes on them, labelled with the name most often coded so.
    pub fn network(&self, q: &EventQuery, limit: usize, cameo: &CameoTable) -> Result<Network> {
        let (where_sql, args) = self.event_where(q, cameo)?;
        let sql = format!(
            "SELECT e.source, e.target, count(*), avg(e.goldstein), sum({quad} <= 2), \
             sum({quad} >= 3) FROM {events} e{} GROUP BY e.source, e.target \
             ORDER BY count(*) DESC, e.source, e.target LIMIT {limit}",
            and(&where_sql, "e.source IS NOT NULL AND e.target IS NOT NULL"),
            quad = self.quad_sql("e"),
            events = self.events_from()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let edges: Vec<NetworkEdge> = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(NetworkEdge {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    n_events: r.get(2)?,
                    mean_goldstein: round2(r.get(3)?),
                    cooperative: r.get(4)?,
                    conflictual: r.get(5)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        let mut nodes: BTreeMap<String, i64> = BTreeMap::new();
        for e in &edges {
            *nodes.entry(e.source.clone()).or_default() += e.n_events;
            if e.source != e.target {
                *nodes.entry(e.target.clone()).or_default() += e.n_events;
            }
        }
        let mut labels = self.actor_labels(nodes.keys())?;
        let nodes = nodes
            .into_iter()
            .map(|(id, n_events)| NetworkNode {
                label: labels.remove(&id),
                id,
                n_events,
            })
            .collect();
        Ok(Network { edges, nodes })
    }

    /// For each actor code, the entity name most often coded with it.
    fn actor_labels<'a>(
        &self,
        codes: impl Iterator<Item = &'a String>,
    ) -> Result<HashMap<String, String>> {
        let codes: Vec<Value> = codes.map(|c| Value::Text(c.clone())).collect();
        let mut out: HashMap<String, (String, i64)> = HashMap::new();
        // SQLite limits the number of parameters per statement; chunk the list.
        for chunk in codes.chunks(500) {
            let sql = format!(
                "SELECT actor, name, count(*) FROM entities WHERE actor IN ({}) GROUP BY actor, name",
                placeholders(chunk.len())
            );
            let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
            let rows: Vec<(String, String, i64)> = stmt
                .query_map(params_from_iter(chunk.iter()), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .and_then(Iterator::collect)
                .map_err(self.err())?;
            for (actor, name, n) in rows {
                let best = out.entry(actor).or_insert((String::new(), 0));
                if n > best.1 || (n == best.1 && name < best.0) {
                    *best = (name, n);
                }
            }
        }
        Ok(out.into_iter().map(|(k, (name, _))| (k, name)).collect())
    }
}
