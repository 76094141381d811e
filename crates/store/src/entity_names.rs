//! `entity_names`: one row per entity (name, type) across all articles,
//! with its article and mention counts, its highest actor code and its
//! roles — what `GROUP BY name, type` over `entities` and `mentions` gives,
//! kept up to date at ingest (schema version 3).
//!
//! The entity list (`newsgraph query entities`, `/api/entities`) ranks
//! every (name, type) by the articles naming it; computed per request that
//! meant grouping every entity row and counting every mention, ~0.4 s of
//! CPU on the BBC database. Articles are only ever added whole (an id
//! already stored is skipped), so the totals only grow, and adding an
//! article's entities to them is exact: the counts add, the actor is the
//! larger code (as SQL's `max`, which ignores NULL), the roles are the union.

use crate::{EntityFilter, EntityRow};
use newsgraph_doc::output::ArticleJson;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use std::collections::{BTreeSet, HashMap};

/// The totals of one (name, type) over some articles.
#[derive(Debug, Default)]
struct Totals {
    actor: Option<String>,
    n_articles: i64,
    n_mentions: i64,
    roles: BTreeSet<String>,
    /// The last article counted, so an article naming the same entity
    /// twice counts once (rows arrive grouped by article).
    last_article: String,
}

impl Totals {
    fn add(&mut self, article: &str, actor: Option<&str>, roles: &[String], n_mentions: i64) {
        if self.n_articles == 0 || self.last_article != article {
            self.n_articles += 1;
            self.last_article = article.to_string();
        }
        if actor.is_some() && actor > self.actor.as_deref() {
            self.actor = actor.map(str::to_string);
        }
        self.roles.extend(roles.iter().cloned());
        self.n_mentions += n_mentions;
    }
}

type Key = (String, String);

/// Adds newly stored articles' entities to the totals.
pub(crate) fn add_articles(conn: &Connection, articles: &[&ArticleJson]) -> rusqlite::Result<()> {
    let mut totals: HashMap<Key, Totals> = HashMap::new();
    for a in articles {
        for e in &a.entities {
            totals
                .entry((e.name.clone(), e.entity_type.to_string()))
                .or_default()
                .add(&a.id, e.actor.as_deref(), &e.roles, e.mentions.len() as i64);
        }
    }
    merge(conn, totals)
}

/// Recomputes the totals from `entities` and `mentions`, for a file
/// written before the table existed.
pub(crate) fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM entity_names", [])?;
    let mut stmt = conn.prepare(
        "SELECT e.article_id, e.name, e.type, e.actor, e.roles, \
         (SELECT count(*) FROM mentions m WHERE m.article_id = e.article_id AND m.entity_idx = e.idx) \
         FROM entities e ORDER BY e.article_id, e.idx",
    )?;
    let mut totals: HashMap<Key, Totals> = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let article: String = r.get(0)?;
        let roles: Vec<String> = serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default();
        totals.entry((r.get(1)?, r.get(2)?)).or_default().add(
            &article,
            r.get::<_, Option<String>>(3)?.as_deref(),
            &roles,
            r.get(5)?,
        );
    }
    merge(conn, totals)
}

/// Adds `totals` to the stored rows.
fn merge(conn: &Connection, totals: HashMap<Key, Totals>) -> rusqlite::Result<()> {
    let mut get = conn.prepare_cached(
        "SELECT actor, n_articles, n_mentions, roles FROM entity_names WHERE name = ?1 AND type = ?2",
    )?;
    let mut put = conn.prepare_cached(
        "INSERT OR REPLACE INTO entity_names(name, type, actor, n_articles, n_mentions, roles) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for ((name, entity_type), mut t) in totals {
        let stored = get
            .query_row(params![name, entity_type], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .optional()?;
        if let Some((actor, n_articles, n_mentions, roles)) = stored {
            t.actor = t.actor.max(actor);
            t.n_articles += n_articles;
            t.n_mentions += n_mentions;
            t.roles
                .extend(serde_json::from_str::<Vec<String>>(&roles).unwrap_or_default());
        }
        let roles = serde_json::to_string(&t.roles).unwrap_or_else(|_| "[]".into());
        put.execute(params![
            name,
            entity_type,
            t.actor,
            t.n_articles,
            t.n_mentions,
            roles
        ])?;
    }
    Ok(())
}

/// Entities by name substring, type and actor-code prefix, most-covered
/// first (ties by name, then type).
///
/// Without an actor filter every filter is on the (name, type) key, so the
/// totals answer directly. An actor filter selects entity rows before they
/// are grouped (an entity coded `GBR` in some articles and uncoded in
/// others counts only the coded articles), so it groups the matching rows;
/// the mention count stays that of all the entity's mentions, as it always
/// was. The actor prefix is a case-insensitive LIKE, which SQLite answers
/// from the `COLLATE NOCASE` index on `entities.actor` (schema version 3).
pub(crate) fn query(conn: &Connection, f: &EntityFilter) -> rusqlite::Result<Vec<EntityRow>> {
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(n) = &f.name {
        conds.push("name LIKE ? ESCAPE '\\'");
        args.push(Value::Text(format!("%{}%", crate::like_escape(n))));
    }
    if let Some(t) = &f.entity_type {
        conds.push("type = ?");
        args.push(Value::Text(t.to_uppercase()));
    }
    let limit = f.limit.unwrap_or(100);
    let sql = if let Some(a) = &f.actor {
        conds.push("actor LIKE ? ESCAPE '\\'");
        args.push(Value::Text(format!("{}%", crate::like_escape(a))));
        format!(
            "SELECT g.name, g.type, g.actor, g.n_articles, \
             (SELECT t.n_mentions FROM entity_names t WHERE t.name = g.name AND t.type = g.type), \
             g.roles FROM (SELECT name, type, max(actor) AS actor, \
             count(DISTINCT article_id) AS n_articles, group_concat(DISTINCT roles) AS roles \
             FROM entities WHERE {} GROUP BY name, type \
             ORDER BY count(DISTINCT article_id) DESC, name, type LIMIT {limit}) g \
             ORDER BY g.n_articles DESC, g.name, g.type",
            conds.join(" AND ")
        )
    } else {
        let where_sql = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        format!(
            "SELECT name, type, actor, n_articles, n_mentions, roles FROM entity_names{where_sql} \
             ORDER BY n_articles DESC, name, type LIMIT {limit}"
        )
    };
    let grouped = f.actor.is_some();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
        let roles: Option<String> = r.get(5)?;
        Ok(EntityRow {
            name: r.get(0)?,
            entity_type: r.get(1)?,
            actor: r.get(2)?,
            n_articles: r.get(3)?,
            n_mentions: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
            roles: if grouped {
                crate::merge_role_lists(roles.as_deref())
            } else {
                roles
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default()
            },
        })
    })?;
    rows.collect()
}
