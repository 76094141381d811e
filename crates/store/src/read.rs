//! The typed reads behind `newsgraph serve`: statistics, code lists, article
//! search, one article with its layers, places and one entity across
//! articles (events are in [`crate::events`]). Each returns a record of
//! [`crate::rows`]; filters arrive typed and checked, and become SQL with
//! `?` placeholders only, so no caller writes SQL against the schema.

use crate::rows::*;
use crate::{like_escape, Result, Store, StoreError, QUOTE_KIND_SQL};
use newsgraph_dict::cameo::CameoTable;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Row};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which entity [`Store::entity_profile`] shows.
#[derive(Clone, Debug, PartialEq)]
pub enum EntityWanted {
    /// A corpus entity by its key: every entity row linked to it.
    Key(String),
    /// One name as written (of one type, if given).
    Name {
        name: String,
        entity_type: Option<String>,
    },
}

impl EntityWanted {
    /// The SQL condition on an `entities` row aliased `en` selecting the
    /// entity's rows, and its arguments.
    pub(crate) fn condition(&self) -> (String, Vec<Value>) {
        match self {
            EntityWanted::Key(k) => (
                "(en.article_id, en.idx) IN (SELECT l.article_id, l.entity_idx \
                 FROM entity_aliases al JOIN entity_links l ON l.key = al.key WHERE al.entity = ?1)"
                    .into(),
                vec![Value::Text(k.clone())],
            ),
            EntityWanted::Name { name, entity_type } => {
                let mut args = vec![Value::Text(name.clone())];
                let mut cond = String::from("en.name = ?1");
                if let Some(t) = entity_type {
                    cond.push_str(" AND en.type = ?2");
                    args.push(Value::Text(t.clone()));
                }
                (cond, args)
            }
        }
    }
}

/// Article search for [`Store::article_page`]. Dates are `YYYY-MM-DD`,
/// inclusive, on the publication date.
#[derive(Clone, Debug, Default)]
pub struct ArticleSearch {
    /// The full-text search, split at whitespace, in the syntax of
    /// [`crate::search`]; empty: no search.
    pub words: Vec<String>,
    /// None: best match first with a search, else newest first.
    pub sort: Option<crate::ArticleSort>,
    pub source: Option<String>,
    /// A tag given at ingest (`ingest --tag`).
    pub tag: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// Filters for [`Store::places`]: a name substring, an ISO3 country, the
/// articles' publication dates, one article.
#[derive(Clone, Debug, Default)]
pub struct PlaceQuery {
    pub name: Option<String>,
    pub country: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub article: Option<String>,
    pub limit: usize,
}

/// Character offset → byte offset table for one text, so stored character
/// spans can be sliced.
pub(crate) struct CharIndex<'a> {
    text: &'a str,
    bytes: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    pub(crate) fn new(text: &'a str) -> CharIndex<'a> {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { text, bytes }
    }

    /// The text of a character span; empty when the span is out of range
    /// (a database written by another tool may hold anything).
    pub(crate) fn slice(&self, start: i64, end: i64) -> &'a str {
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

/// A JSON list-of-strings column; `None` when it does not parse.
pub(crate) fn string_list(r: &Row, idx: usize) -> rusqlite::Result<Option<Vec<String>>> {
    let s: String = r.get(idx)?;
    Ok(serde_json::from_str(&s).ok())
}

/// `?, ?, ?` for an IN list.
pub(crate) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

impl Store {
    /// Row counts, the publication date range and the 100 busiest sources.
    pub fn stats(&self) -> Result<Stats> {
        let counts = self
            .counts()?
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect();
        let c = &self.conn;
        let (first, last) = c
            .query_row(
                "SELECT min(published), max(published) FROM articles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(self.err())?;
        let mut stmt = c
            .prepare_cached(
                "SELECT source, count(*) FROM articles WHERE source IS NOT NULL \
                 GROUP BY source ORDER BY count(*) DESC, source LIMIT 100",
            )
            .map_err(self.err())?;
        let sources = stmt
            .query_map([], |r| {
                Ok(SourceCount {
                    source: r.get(0)?,
                    n_articles: r.get(1)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(Stats {
            counts,
            published: DateRange { first, last },
            sources,
        })
    }

    /// The CAMEO codes stored with their event counts, labelled from
    /// `cameo`, and the PLOVER event types they map to.
    pub fn codes(&self, cameo: &CameoTable) -> Result<CodeList> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT code, count(*) FROM {} e GROUP BY code ORDER BY code",
                self.events_from()
            ))
            .map_err(self.err())?;
        let rows: Vec<(String, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        let mut plover: BTreeMap<String, i64> = BTreeMap::new();
        let codes = rows
            .into_iter()
            .map(|(code, n)| {
                let pl = cameo.plover(&code).map(|p| p.event.clone());
                if let Some(pl) = &pl {
                    *plover.entry(pl.clone()).or_default() += n;
                }
                CodeCount {
                    label: cameo.get(&code).map(|i| i.label.clone()),
                    quad_class: newsgraph_dict::cameo::quad_class(&code),
                    plover: pl,
                    n_events: n,
                    code,
                }
            })
            .collect();
        let plover = plover
            .into_iter()
            .map(|(event, n_events)| PloverCount { event, n_events })
            .collect();
        Ok(CodeList { codes, plover })
    }

    /// One page of articles, best match first with a search, else newest
    /// first, unless `f.sort` says otherwise.
    pub fn article_page(&self, f: &ArticleSearch) -> Result<ArticlePage> {
        let mut from_sql = String::from(" FROM articles a");
        let mut conds: Vec<&str> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let searching = !f.words.is_empty();
        let sort = crate::ArticleSort::resolve(f.sort, searching).map_err(StoreError::BadQuery)?;
        let lead = if searching {
            from_sql.push_str(" JOIN articles_fts ON articles_fts.rowid = a.rowid");
            conds.push("articles_fts MATCH ?");
            let query = crate::search::fts_query(&f.words.join(" "))
                .map_err(|e| StoreError::BadQuery(format!("search: {e}")))?;
            args.push(Value::Text(query));
            "snippet(articles_fts, 1, '', '', '…', 24)"
        } else {
            "substr(a.text, 1, 240)"
        };
        if let Some(s) = &f.source {
            conds.push("a.source = ?");
            args.push(Value::Text(s.clone()));
        }
        if let Some(t) = &f.tag {
            conds.push(self.tag_cond()?);
            args.push(Value::Text(t.clone()));
        }
        if let Some(d) = &f.from {
            conds.push("a.published >= ?");
            args.push(Value::Text(d.clone()));
        }
        if let Some(d) = &f.to {
            conds.push("a.published <= ?");
            args.push(Value::Text(d.clone()));
        }
        if !conds.is_empty() {
            from_sql.push_str(" WHERE ");
            from_sql.push_str(&conds.join(" AND "));
        }
        let c = &self.conn;
        let total: i64 = c
            .query_row(
                &format!("SELECT count(*){from_sql}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )
            .map_err(self.search_err())?;
        let order = sort.order_sql();
        let sql = format!(
            "SELECT a.id, a.title, a.source, a.published, a.published_basis, a.origin, \
             (SELECT count(*) FROM {} e WHERE e.article_id = a.id), {lead}\
             {from_sql} ORDER BY {order} LIMIT {} OFFSET {}",
            self.events_from(),
            f.limit,
            f.offset
        );
        let mut stmt = c.prepare_cached(&sql).map_err(self.err())?;
        let articles = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(ArticleSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    source: r.get(2)?,
                    published: r.get(3)?,
                    published_basis: r.get(4)?,
                    origin: r.get(5)?,
                    n_events: r.get(6)?,
                    snippet: r.get(7)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.search_err())?;
        Ok(ArticlePage {
            articles,
            limit: f.limit,
            offset: f.offset,
            total,
        })
    }

    /// One article with its text and every layer; `None` when no article
    /// has this id.
    pub fn article(&self, id: &str, cameo: &CameoTable) -> Result<Option<ArticleDetail>> {
        let c = &self.conn;
        let head = c
            .query_row(
                "SELECT id, title, source, url, byline, origin, published, published_basis, \
                 published_evidence, text FROM articles WHERE id = ?1",
                [id],
                |r| {
                    Ok(ArticleDetail {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        source: r.get(2)?,
                        url: r.get(3)?,
                        byline: r.get(4)?,
                        origin: r.get(5)?,
                        published: PublishedDetail {
                            date: r.get(6)?,
                            basis: r.get(7)?,
                            evidence: string_list(r, 8)?,
                        },
                        text: r.get(9)?,
                        entities: Vec::new(),
                        events: Vec::new(),
                        places: Vec::new(),
                        quotes: Vec::new(),
                        times: Vec::new(),
                        warnings: Vec::new(),
                    })
                },
            )
            .optional()
            .map_err(self.err())?;
        let Some(mut a) = head else {
            return Ok(None);
        };
        a.entities = self.article_entities(id)?;
        a.quotes = self.query_list(
            &format!("SELECT idx, start, end, text, {QUOTE_KIND_SQL}, speaker, cue FROM quotes WHERE article_id = ?1 ORDER BY idx"),
            id,
            |r| {
                Ok(QuoteDetail {
                    idx: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    text: r.get(3)?,
                    kind: r.get(4)?,
                    speaker: r.get(5)?,
                    cue: r.get(6)?,
                })
            },
        )?;
        a.times = self.query_list(
            "SELECT idx, start, end, text, type, value, mod FROM times WHERE article_id = ?1 ORDER BY idx",
            id,
            |r| {
                Ok(TimeDetail {
                    idx: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    text: r.get(3)?,
                    timex_type: r.get(4)?,
                    value: r.get(5)?,
                    modifier: r.get(6)?,
                })
            },
        )?;
        let chars = CharIndex::new(&a.text);
        a.places = self.query_list(
            "SELECT idx, name, country, lat, lon, geonames_id, mentions, contained_in FROM places \
             WHERE article_id = ?1 ORDER BY idx",
            id,
            |r| {
                let spans: Vec<(i64, i64)> =
                    serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default();
                Ok(PlaceDetail {
                    idx: r.get(0)?,
                    name: r.get(1)?,
                    country: r.get(2)?,
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                    geonames_id: r.get(5)?,
                    mentions: spans
                        .into_iter()
                        .map(|(start, end)| SpanRecord {
                            start,
                            end,
                            text: chars.slice(start, end).to_string(),
                        })
                        .collect(),
                    contained_in: r.get(7)?,
                })
            },
        )?;
        a.events = self.article_events(id, cameo)?;
        a.warnings = self.query_list(
            "SELECT idx, kind, message, spans FROM warnings WHERE article_id = ?1 ORDER BY idx",
            id,
            |r| {
                let spans: Vec<(i64, i64, String)> =
                    serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default();
                Ok(WarningDetail {
                    idx: r.get(0)?,
                    kind: r.get(1)?,
                    message: r.get(2)?,
                    spans: spans
                        .into_iter()
                        .map(|(start, end, text)| SpanRecord { start, end, text })
                        .collect(),
                })
            },
        )?;
        Ok(Some(a))
    }

    /// The rows of `sql`, whose one parameter is `arg`, mapped by `f`.
    pub(crate) fn query_list<T>(
        &self,
        sql: &str,
        arg: &str,
        f: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(self.err())?;
        let rows = stmt
            .query_map([arg], f)
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(rows)
    }

    fn article_entities(&self, id: &str) -> Result<Vec<EntityDetail>> {
        let mut mentions: HashMap<i64, Vec<SpanRecord>> = HashMap::new();
        let rows = self.query_list(
            "SELECT entity_idx, start, end, text FROM mentions WHERE article_id = ?1 ORDER BY start",
            id,
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    SpanRecord {
                        start: r.get(1)?,
                        end: r.get(2)?,
                        text: r.get(3)?,
                    },
                ))
            },
        )?;
        for (idx, m) in rows {
            mentions.entry(idx).or_default().push(m);
        }
        let key = if self.no_corpus_entities {
            "NULL"
        } else {
            "(SELECT al.entity FROM entity_links l JOIN entity_aliases al ON al.key = l.key \
             WHERE l.article_id = e.article_id AND l.entity_idx = e.idx)"
        };
        self.query_list(
            &format!(
                "SELECT e.idx, e.name, e.type, e.actor, e.roles, e.affiliations, {key} FROM entities e \
                 WHERE e.article_id = ?1 ORDER BY e.idx"
            ),
            id,
            |r| {
                let idx: i64 = r.get(0)?;
                Ok(EntityDetail {
                    idx,
                    name: r.get(1)?,
                    entity_type: r.get(2)?,
                    actor: r.get(3)?,
                    roles: string_list(r, 4)?,
                    affiliations: string_list(r, 5)?,
                    key: r.get(6)?,
                    mentions: mentions.remove(&idx).unwrap_or_default(),
                })
            },
        )
    }

    /// Places with their mention, article and event counts, most-covered
    /// first.
    pub fn places(&self, f: &PlaceQuery) -> Result<PlaceList> {
        let mut conds: Vec<&str> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(n) = &f.name {
            conds.push("p.name LIKE ? ESCAPE '\\'");
            args.push(Value::Text(format!("%{}%", like_escape(n))));
        }
        if let Some(c) = &f.country {
            conds.push("p.country = ?");
            args.push(Value::Text(c.clone()));
        }
        if let Some(d) = &f.from {
            conds.push("a.published >= ?");
            args.push(Value::Text(d.clone()));
        }
        if let Some(d) = &f.to {
            conds.push("a.published <= ?");
            args.push(Value::Text(d.clone()));
        }
        if let Some(a) = &f.article {
            conds.push("p.article_id = ?");
            args.push(Value::Text(a.clone()));
        }
        let where_sql = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        let c = &self.conn;
        let sql = format!(
            "SELECT p.name, p.country, avg(p.lat), avg(p.lon), count(DISTINCT p.article_id), \
             sum(json_array_length(p.mentions)) FROM places p JOIN articles a ON a.id = p.article_id\
             {where_sql} GROUP BY p.name, p.country ORDER BY count(DISTINCT p.article_id) DESC, p.name \
             LIMIT {}",
            f.limit
        );
        let mut stmt = c.prepare_cached(&sql).map_err(self.err())?;
        let mut places: Vec<PlaceSummary> = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(PlaceSummary {
                    name: r.get(0)?,
                    country: r.get(1)?,
                    lat: r.get(2)?,
                    lon: r.get(3)?,
                    n_articles: r.get(4)?,
                    n_mentions: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
                    n_events: 0,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        // Event counts per place name in one grouped pass, rather than a
        // subquery per place.
        let mut stmt = c
            .prepare_cached(&format!(
                "SELECT place, count(*) FROM {} e WHERE place IS NOT NULL GROUP BY place",
                self.events_from()
            ))
            .map_err(self.err())?;
        let n_events: HashMap<String, i64> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        for p in &mut places {
            p.n_events = n_events.get(&p.name).copied().unwrap_or(0);
        }
        Ok(PlaceList { places })
    }

    /// One entity across articles: its codes and roles, a page (`limit`
    /// from `offset`) of the articles naming it, of its mentions in context
    /// and of the quotes attributed to it, and the first
    /// [`ENTITY_EVENTS_MAX`] events whose evidence mentions it, with their
    /// timeline; each list's total is given, so a cut list says so. `None`
    /// when no entity is found.
    pub fn entity_profile(
        &self,
        wanted: &EntityWanted,
        (limit, offset): (usize, usize),
        cameo: &CameoTable,
    ) -> Result<Option<EntityProfile>> {
        let c = &self.conn;
        let (cond, args) = wanted.condition();
        let cond = cond.as_str();
        let corpus = match wanted {
            EntityWanted::Key(k) => {
                self.require_corpus_entities()?;
                match crate::corpus_entities::get(c, k).map_err(self.err())? {
                    Some(row) => Some(row),
                    None => return Ok(None),
                }
            }
            EntityWanted::Name { .. } => None,
        };

        let mut stmt = c
            .prepare_cached(&format!(
                "SELECT en.type, en.actor, en.roles, en.affiliations, en.article_id, en.name FROM entities en \
                 WHERE {cond}"
            ))
            .map_err(self.err())?;
        let mut types = BTreeSet::new();
        let mut actors = BTreeSet::new();
        let mut roles = BTreeSet::new();
        let mut affiliations = BTreeSet::new();
        let mut articles = BTreeSet::new();
        let mut names = BTreeSet::new();
        let rows: Vec<(String, Option<String>, String, String, String, String)> = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        for (t, a, ro, af, art, name) in rows {
            types.insert(t);
            actors.extend(a);
            roles.extend(serde_json::from_str::<Vec<String>>(&ro).unwrap_or_default());
            affiliations.extend(serde_json::from_str::<Vec<String>>(&af).unwrap_or_default());
            articles.insert(art);
            names.insert(name);
        }
        if articles.is_empty() {
            return Ok(None);
        }

        let mut article_page = self.query_args(
            &format!(
                "SELECT a.id, a.title, a.published, \
                 sum((SELECT count(*) FROM mentions m WHERE m.article_id = en.article_id AND m.entity_idx = en.idx)) \
                 FROM entities en JOIN articles a ON a.id = en.article_id WHERE {cond} \
                 GROUP BY a.id ORDER BY a.published DESC, a.id LIMIT {} OFFSET {offset}",
                limit + 1
            ),
            &args,
            |r| {
                Ok(EntityArticle {
                    article_id: r.get(0)?,
                    title: r.get(1)?,
                    published: r.get(2)?,
                    n_mentions: r.get(3)?,
                })
            },
        )?;
        if article_page.len() > limit {
            article_page.truncate(limit);
        }

        let mut stmt = c
            .prepare_cached(&format!(
                "SELECT m.article_id, a.title, a.published, m.start, m.end, m.text, \
                 substr(a.text, max(m.start - 80, 0) + 1, min(m.start, 80) + (m.end - m.start) + 80), \
                 min(m.start, 80) FROM mentions m \
                 JOIN entities en ON en.article_id = m.article_id AND en.idx = m.entity_idx \
                 JOIN articles a ON a.id = m.article_id WHERE {cond} \
                 ORDER BY a.published DESC, m.article_id, m.start LIMIT {} OFFSET {offset}",
                limit + 1
            ))
            .map_err(self.err())?;
        let mut mentions: Vec<EntityMention> = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(EntityMention {
                    article_id: r.get(0)?,
                    title: r.get(1)?,
                    published: r.get(2)?,
                    start: r.get(3)?,
                    end: r.get(4)?,
                    text: r.get(5)?,
                    context: r.get(6)?,
                    context_offset: r.get(7)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;

        let n_mentions = self.page_total(
            &mut mentions,
            (limit, offset),
            &format!(
                "SELECT count(*) FROM mentions m JOIN entities en \
                 ON en.article_id = m.article_id AND en.idx = m.entity_idx \
                 WHERE {cond}"
            ),
            &args,
        )?;

        // A quote's speaker is the name of its speaker entity in that
        // article; a corpus entity's quotes are those of any of its rows.
        let (quote_cond, quote_args) = match wanted {
            EntityWanted::Name { name, .. } => (
                "q.speaker = ?1".to_string(),
                vec![Value::Text(name.clone())],
            ),
            EntityWanted::Key(_) => (
                format!(
                    "EXISTS (SELECT 1 FROM entities en WHERE en.article_id = q.article_id \
                     AND en.name = q.speaker AND {cond})"
                ),
                args.clone(),
            ),
        };
        let mut quotes = self.query_args(
            &format!(
                "SELECT q.article_id, a.title, a.published, q.start, q.end, q.text, {QUOTE_KIND_SQL}, q.cue \
                 FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {quote_cond} \
                 ORDER BY a.published DESC, q.article_id, q.idx LIMIT {} OFFSET {offset}",
                limit + 1
            ),
            &quote_args,
            |r| {
                Ok(EntityQuote {
                    article_id: r.get(0)?,
                    title: r.get(1)?,
                    published: r.get(2)?,
                    start: r.get(3)?,
                    end: r.get(4)?,
                    text: r.get(5)?,
                    kind: r.get(6)?,
                    cue: r.get(7)?,
                })
            },
        )?;

        let n_quotes = self.page_total(
            &mut quotes,
            (limit, offset),
            &format!("SELECT count(*) FROM quotes q WHERE {quote_cond}"),
            &quote_args,
        )?;

        let (events, n_events) = self.entity_events(&args, cond, cameo)?;
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
        let timeline = days
            .into_iter()
            .map(|(d, (co, cf))| EntityDay {
                date: d.to_string(),
                n: co + cf,
                cooperative: co,
                conflictual: cf,
            })
            .collect();
        let (key, name, names) = match corpus {
            Some(row) => (Some(row.key), row.name, row.names),
            None => {
                let EntityWanted::Name { name, .. } = wanted else {
                    unreachable!("a key's profile has its corpus row")
                };
                (None, name.clone(), names.into_iter().collect())
            }
        };
        Ok(Some(EntityProfile {
            key,
            name,
            names,
            types,
            actors,
            roles,
            affiliations,
            n_articles: articles.len(),
            articles: article_page,
            limit,
            offset,
            n_mentions,
            mentions,
            n_quotes,
            quotes,
            n_events,
            events,
            timeline,
        }))
    }

    /// Rows of `sql`, whose parameters are `args`.
    fn query_args<T>(
        &self,
        sql: &str,
        args: &[Value],
        f: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(self.err())?;
        stmt.query_map(params_from_iter(args.iter()), f)
            .and_then(Iterator::collect)
            .map_err(self.err())
    }

    /// The total behind a page read with one row more than `limit`: without
    /// that extra row the page is the end, so the total follows from it;
    /// with it, the row is dropped and `count_sql` counts every match.
    fn page_total<T>(
        &self,
        page: &mut Vec<T>,
        (limit, offset): (usize, usize),
        count_sql: &str,
        args: &[Value],
    ) -> Result<i64> {
        if page.len() <= limit {
            if !page.is_empty() || offset == 0 {
                return Ok((offset + page.len()) as i64);
            }
        } else {
            page.truncate(limit);
        }
        self.conn
            .query_row(count_sql, params_from_iter(args.iter()), |r| r.get(0))
            .map_err(self.err())
    }
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
}
