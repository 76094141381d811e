//! SQLite storage for analyzed articles: the schema, ingest and queries.
//!
//! One database file holds every layer of every article, with the character
//! offsets of the JSON contract, so a row can always be traced back to its
//! words in `articles.text`. Ingest is idempotent (the article id is a hash of
//! its text, and an id already stored is skipped) and atomic per batch: a
//! batch is one transaction, so a killed process leaves either all of an
//! article's rows or none. WAL mode lets readers (the server) read while one
//! writer ingests; a second writer waits up to the busy timeout.
//!
//! Schema (version [`SCHEMA_VERSION`], in `meta.schema_version`):
//! - `articles(rowid, id UNIQUE, title, source, url, byline, origin, published,
//!   published_basis, published_evidence JSON, text, ingested_at)` with the FTS5
//!   index `articles_fts(title, text)` sharing its rowid;
//! - `entities(article_id, idx, name, type, actor, roles JSON, affiliations JSON)`,
//!   `mentions(article_id, entity_idx, start, end, text)`;
//! - `quotes`, `times`, `places`, `events`, `warnings`, each keyed by
//!   `(article_id, idx)` with `start`/`end` character offsets; a place the
//!   gazetteer lacks keeps the GeoNames id of the place holding it in
//!   `places.contained_in` (added in version 2);
//! - `entity_names(name, type, actor, n_articles, n_mentions, roles JSON)`:
//!   per entity (name, type), the totals over all articles, kept at ingest
//!   (added in version 3, with a case-insensitive index on `entities.actor`;
//!   see `entity_names.rs`).
//! - Version 4 corrected `events.quad_class` to GDELT's table (roots 05, 09
//!   and 14 had been classed one step too far); no column changed.
//! - Version 5 (issue 22) renamed the quote kind `partial` to `mixed`
//!   (`quotes.kind` is `direct`, `indirect` or `mixed`); no column changed.
//! - Version 6 added `events.confidence` (the event scorer's, 0–1; NULL for
//!   rows stored before it).
//! - Version 7 (issue 24) added `reviews`, an analyst's judgements of
//!   events, keyed by article id, evidence span and the codes judged, and
//!   applied to every read of events (see `reviews.rs`).
//!
//! - Version 8 (issue 24) added corpus entities: `entity_links(article_id,
//!   entity_idx, key, n_mentions, geonames_id)` gives every entity row a key
//!   computed from the row alone, `entity_aliases(key, entity)` maps each key
//!   to its corpus entity, and `corpus_entities(key, name, type, actor,
//!   geonames_id, n_articles, n_mentions, names JSON, roles JSON)` holds each
//!   one's totals; the last two are recomputed in every ingest batch's
//!   transaction (see `corpus_entities.rs`).
//!
//! - `article_tags(article_id, tag)`: the tags given at ingest (`--tag`).
//!   Added without a version change: every writable open creates it if
//!   missing, and a read of a file without it finds no tagged article.
//!
//! A file of an earlier version is upgraded in place when opened for
//! writing. A version-3 or -4 file opened read-only is read as it is: a
//! version-3 file's QuadClass is derived from the root code in every query
//! ([`Store::quad_sql`]), and every quote kind read maps `partial` to
//! `mixed` ([`QUOTE_KIND_SQL`]), so a reader never shows the old values.
//! A version-3, 4 or 5 file read as it is has no confidence, read as NULL
//! ([`Store::confidence_sql`]).
//!
//! Reads go through typed methods only ([`read`], [`events`],
//! [`export_rows`], and the `query_*` methods of `newsgraph query`), each
//! returning records of [`rows`]; no caller sees the connection, so a
//! schema change is checked by the compiler wherever its rows are used.

mod corpus_entities;
pub mod counts;
mod entity_names;
pub mod events;
pub mod export_rows;
pub mod quotes;
pub mod read;
pub mod reviews;
pub mod rows;
pub mod search;
pub mod values;

pub use corpus_entities::{fold_name, person_name, SURNAME_SHARE};
pub use counts::{CountBy, CountPer};
pub use events::{EventOrder, EventQuery};
pub use quotes::QuoteQuery;
pub use read::{ArticleSearch, EntityWanted, PlaceQuery};
pub use search::ArticleSort;

use newsgraph_doc::output::ArticleJson;
use rows::CorpusEntityList;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod open;

/// Bumped on every schema change; [`Store::open`] upgrades files of
/// earlier versions in place and refuses later ones.
pub const SCHEMA_VERSION: i64 = 8;

/// A quote's kind as stored, read with the name of version 5: versions 1–4
/// called a mixed quote `partial`, and a reader of such a file sees
/// `mixed` too.
pub(crate) const QUOTE_KIND_SQL: &str = "CASE kind WHEN 'partial' THEN 'mixed' ELSE kind END";

#[derive(thiserror::Error, Debug)]
pub enum StoreError {
    /// SQLite failed; the path tells which database.
    #[error("{path}: database error: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// The file was written by a different schema version.
    #[error("{path}: schema version {found} is not one this newsgraph reads (it reads version {SCHEMA_VERSION}{hint})", hint = newer_hint(*.found))]
    Version { path: PathBuf, found: i64 },
    /// An old version that only a writable open upgrades.
    #[error("{path}: schema version {found} must be upgraded to version {SCHEMA_VERSION} before it is read, which a read-only open does not do; the next `newsgraph ingest` into it upgrades it")]
    NeedsUpgrade { path: PathBuf, found: i64 },
    /// No file at the path (and the caller only reads).
    #[error("{path}: no such database (run `newsgraph ingest` first)")]
    NotFound { path: PathBuf },
    /// The directory meant to hold the database does not exist.
    #[error("{path}: the directory {dir} does not exist")]
    NoDirectory { path: PathBuf, dir: PathBuf },
    /// The path is something else: a directory, a non-SQLite file, or a
    /// SQLite file of another program.
    #[error("{path}: not a newsgraph database ({why})")]
    NotNewsgraph { path: PathBuf, why: &'static str },
    /// The operating system refused access.
    #[error("{path}: permission denied: {what}")]
    Permission { path: PathBuf, what: String },
    /// Reading the file failed for another reason.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A query filter could not be understood.
    #[error("bad query: {0}")]
    BadQuery(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What to do about a version this build does not read.
fn newer_hint(found: i64) -> &'static str {
    if found > SCHEMA_VERSION {
        "; the file was written by a newer newsgraph, so use that one"
    } else {
        ""
    }
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT, source TEXT, url TEXT, byline TEXT, origin TEXT,
    published TEXT, published_basis TEXT NOT NULL, published_evidence TEXT NOT NULL,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS entities (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    name TEXT NOT NULL, type TEXT NOT NULL, actor TEXT,
    roles TEXT NOT NULL, affiliations TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL, entity_idx INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id, entity_idx);
CREATE TABLE IF NOT EXISTS quotes (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
    kind TEXT NOT NULL, speaker TEXT, cue TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS times (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
    type TEXT NOT NULL, value TEXT, mod TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS places (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    name TEXT NOT NULL, country TEXT, lat REAL, lon REAL, geonames_id INTEGER,
    mentions TEXT NOT NULL, contained_in INTEGER,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS events (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    source TEXT, target TEXT, code TEXT NOT NULL, root_code TEXT NOT NULL,
    quad_class INTEGER NOT NULL, goldstein REAL NOT NULL,
    date TEXT, place TEXT, modality TEXT NOT NULL, modality_cues TEXT NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
    confidence REAL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_code ON events(root_code, code);
CREATE INDEX IF NOT EXISTS events_source ON events(source, date);
CREATE INDEX IF NOT EXISTS events_target ON events(target, date);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source, target, quad_class, goldstein);
CREATE INDEX IF NOT EXISTS events_place ON events(place);
CREATE INDEX IF NOT EXISTS entities_actor ON entities(actor);
CREATE INDEX IF NOT EXISTS entities_actor_nocase ON entities(actor COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS entity_names (
    name TEXT NOT NULL, type TEXT NOT NULL, actor TEXT,
    n_articles INTEGER NOT NULL, n_mentions INTEGER NOT NULL, roles TEXT NOT NULL,
    PRIMARY KEY (name, type)
);
CREATE INDEX IF NOT EXISTS entity_names_rank ON entity_names(n_articles DESC, name, type);
CREATE INDEX IF NOT EXISTS entity_names_type_rank ON entity_names(type, n_articles DESC, name);
CREATE TABLE IF NOT EXISTS article_tags (
    article_id TEXT NOT NULL, tag TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX IF NOT EXISTS article_tags_tag ON article_tags(tag);
CREATE TABLE IF NOT EXISTS warnings (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    kind TEXT NOT NULL, message TEXT NOT NULL, spans TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);
"#;

/// An open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// A version-3 file opened read-only: its stored QuadClass may be wrong,
    /// so reads derive it from the root code.
    derive_quad: bool,
    /// A version-3, 4 or 5 file opened read-only: it has no confidence
    /// column.
    no_confidence: bool,
    /// A version-3 to 6 file opened read-only: it has no reviews table.
    no_reviews: bool,
    /// A version-3 to 7 file opened read-only: it has no corpus entities.
    no_corpus_entities: bool,
}

/// The SQL expression of GDELT's QuadClass of the root code in column
/// `root_col`, built from [`newsgraph_dict::cameo::QUAD_CLASS_ROOTS`] so the
/// database and every output share one table.
pub(crate) fn quad_class_sql(root_col: &str) -> String {
    let mut sql = String::from("(CASE");
    for (first, last, quad) in newsgraph_dict::cameo::QUAD_CLASS_ROOTS {
        sql.push_str(&format!(
            " WHEN {root_col} BETWEEN '{first:02}' AND '{last:02}' THEN {quad}"
        ));
    }
    sql.push_str(" ELSE 0 END)");
    sql
}

/// A Goldstein score as its table writes it (one decimal): the coder keeps
/// it as an `f32`, whose widening to `f64` prints as -0.30000001192092896.
pub fn goldstein_decimal(g: f64) -> f64 {
    (g * 10.0).round() / 10.0
}

/// A confidence as stored and compared: two decimals, as the JSON gives it
/// (an `f32` widened as it is would store 0.3 as 0.30000001192…, which a
/// minimum of 0.3 leaves out).
pub fn confidence_decimal(c: f32) -> f64 {
    (f64::from(c) * 100.0).round() / 100.0
}

/// What one ingest batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestStats {
    pub inserted: usize,
    /// Already in the database: left untouched.
    pub skipped: usize,
}

impl Store {
    /// Opens (creating if needed) the database at `path` for writing.
    /// Readers use [`Store::open_read_only`].
    pub fn open(path: &Path) -> Result<Store> {
        open::check_writable_target(path)?;
        let wrap = |source| open::classify(path, source);
        let conn = Connection::open(path).map_err(wrap)?;
        // A second writer waits for the first instead of failing at once.
        conn.busy_timeout(Duration::from_secs(30)).map_err(wrap)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        )
        .map_err(wrap)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            derive_quad: false,
            no_confidence: false,
            no_reviews: false,
            no_corpus_entities: false,
        };
        store.migrate()?;
        Ok(store)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Creates the schema, or upgrades an earlier version, under the write
    /// lock: IMMEDIATE takes it up front, so two processes opening the same
    /// file never both create or upgrade it, and the version read inside the
    /// lock is the one being upgraded.
    fn migrate(&self) -> Result<()> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE;")
            .map_err(|e| open::classify(&self.path, e))?;
        let done = self.migrate_locked();
        let end = if done.is_ok() { "COMMIT;" } else { "ROLLBACK;" };
        let ended = self.conn.execute_batch(end).map_err(self.err());
        done.and(ended)
    }

    fn migrate_locked(&self) -> Result<()> {
        // A brand-new file has no meta table yet; another program's SQLite
        // file has none either, but has tables, and is left alone.
        let found = open::read_version(&self.conn, &self.path)?;
        if found.is_none() {
            let n_tables: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| open::classify(&self.path, e))?;
            if n_tables > 0 {
                return Err(StoreError::NotNewsgraph {
                    path: self.path.clone(),
                    why: "a SQLite file without newsgraph's tables",
                });
            }
        }
        if let Some(v) = found {
            if !(1..=SCHEMA_VERSION).contains(&v) {
                return Err(StoreError::Version {
                    path: self.path.clone(),
                    found: v,
                });
            }
        }
        let mut upgrade = String::new();
        if found == Some(1) {
            // Version 1 lacked the place that holds a place the gazetteer
            // does not know; the column is added empty, so stored rows
            // keep exporting as they did.
            upgrade.push_str("ALTER TABLE places ADD COLUMN contained_in INTEGER;");
        }
        if found.is_some_and(|v| v < 5) {
            // Versions 1–4 called a mixed quote "partial".
            upgrade.push_str("UPDATE quotes SET kind = 'mixed' WHERE kind = 'partial';");
        }
        if found.is_some_and(|v| v < 4) {
            // Versions 1–3 classed roots 05, 09 and 14 one QuadClass too far;
            // the root code says what it should be.
            upgrade.push_str(&format!(
                "UPDATE events SET quad_class = {};",
                quad_class_sql("root_code")
            ));
        }
        if found.is_some_and(|v| v < 6) {
            // Version 6 added the scorer's confidence; rows stored before
            // it have none (NULL), which no minimum confidence keeps.
            upgrade.push_str("ALTER TABLE events ADD COLUMN confidence REAL;");
        }
        self.conn
            .execute_batch(&format!(
                "{SCHEMA} {} {} {upgrade} INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '{SCHEMA_VERSION}');",
                reviews::REVIEWS_SCHEMA,
                corpus_entities::CORPUS_SCHEMA
            ))
            .map_err(self.err())?;
        if found.is_some_and(|v| v < 3) {
            // Versions 1 and 2 had no entity totals: the table was just
            // created empty, and is filled from the stored entities.
            entity_names::rebuild(&self.conn).map_err(self.err())?;
        }
        if found.is_some_and(|v| v < 8) {
            // Version 8 added corpus entities: every stored entity row is
            // linked, and the corpus entities computed from the links.
            corpus_entities::rebuild_links(&self.conn).map_err(self.err())?;
            corpus_entities::refresh_all(&self.conn).map_err(self.err())?;
        }
        if found.is_some_and(|v| v < SCHEMA_VERSION) {
            self.conn
                .execute(
                    "UPDATE meta SET value=?1 WHERE key='schema_version'",
                    [SCHEMA_VERSION.to_string()],
                )
                .map_err(self.err())?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The QuadClass of an event row aliased `alias` (empty: no alias) in
    /// SQL: the stored column, or for a version-3 file read as it is, the
    /// class derived from the root code.
    pub(crate) fn quad_sql(&self, alias: &str) -> String {
        let dot = if alias.is_empty() { "" } else { "." };
        if self.derive_quad {
            quad_class_sql(&format!("{alias}{dot}root_code"))
        } else {
            format!("{alias}{dot}quad_class")
        }
    }

    /// The confidence of an event row aliased `alias` (empty: no alias) in
    /// SQL: the stored column, or NULL for a version-3, 4 or 5 file read
    /// as it is.
    pub(crate) fn confidence_sql(&self, alias: &str) -> String {
        let dot = if alias.is_empty() { "" } else { "." };
        if self.no_confidence {
            "NULL".into()
        } else {
            format!("{alias}{dot}confidence")
        }
    }

    /// Stores a batch of analyzed articles in one transaction. Articles whose
    /// id is already stored are skipped untouched.
    pub fn ingest(&mut self, batch: &[ArticleJson]) -> Result<IngestStats> {
        self.ingest_tagged(batch, &[])
    }

    /// [`Store::ingest`], and every article of the batch, new or already
    /// stored, gets `tags` (in the same transaction).
    pub fn ingest_tagged(&mut self, batch: &[ArticleJson], tags: &[String]) -> Result<IngestStats> {
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(wrap)?;
        let mut stats = IngestStats::default();
        let mut inserted = Vec::new();
        for a in batch {
            if insert_article(&tx, a).map_err(wrap)? {
                stats.inserted += 1;
                inserted.push(a);
            } else {
                stats.skipped += 1;
            }
        }
        entity_names::add_articles(&tx, &inserted).map_err(wrap)?;
        let keys = corpus_entities::add_articles(&tx, &inserted).map_err(wrap)?;
        corpus_entities::refresh(&tx, &keys).map_err(wrap)?;
        if !tags.is_empty() {
            let mut add = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO article_tags(article_id, tag) VALUES (?1, ?2)",
                )
                .map_err(wrap)?;
            for a in batch {
                for t in tags {
                    add.execute(params![a.id, t]).map_err(wrap)?;
                }
            }
        }
        tx.commit().map_err(wrap)?;
        Ok(stats)
    }

    pub fn contains(&self, article_id: &str) -> Result<bool> {
        self.conn
            .query_row("SELECT 1 FROM articles WHERE id=?1", [article_id], |_| {
                Ok(())
            })
            .optional()
            .map(|o| o.is_some())
            .map_err(self.err())
    }

    /// Row counts per table, for status output and tests.
    pub fn counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let mut out = Vec::new();
        for table in [
            "articles", "entities", "mentions", "quotes", "times", "places", "events", "warnings",
        ] {
            // Events as every read sees them: those judged wrong are gone.
            let from = if table == "events" {
                format!("{} e", self.events_from())
            } else {
                table.to_string()
            };
            let n: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {from}"), [], |r| r.get(0))
                .map_err(self.err())?;
            out.push((table, n));
        }
        Ok(out)
    }

    pub fn query_articles(&self, f: &ArticleFilter) -> Result<Vec<ArticleRow>> {
        let (from_sql, mut conds, mut args) = self.article_conds(f)?;
        let sort =
            ArticleSort::resolve(f.sort, f.search.is_some()).map_err(StoreError::BadQuery)?;
        // The best passage, matched words in [brackets], from the title or
        // the text, whichever matches better.
        let snippet = if f.search.is_some() {
            "snippet(articles_fts, -1, '[', ']', '…', 10)"
        } else {
            "NULL"
        };
        let mut sql = format!(
            "SELECT a.id, a.title, a.source, a.published, a.published_basis, a.origin, \
             (SELECT count(*) FROM {} e WHERE e.article_id=a.id), {snippet}{from_sql}",
            self.events_from()
        );
        push_date_range(&mut conds, &mut args, "a.published", &f.from, &f.to);
        finish_sql(&mut sql, &conds, sort.order_sql(), f.limit);
        let mut stmt = self.conn.prepare(&sql).map_err(self.search_err())?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(ArticleRow {
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
            .map_err(self.search_err())?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(self.search_err())
    }

    /// Like [`Store::err`], but an error FTS5 raised about the search
    /// (which [`search::fts_query`] should have prevented) is a one-line
    /// [`StoreError::BadQuery`] rather than a database error.
    pub(crate) fn search_err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| {
            let text = source.to_string();
            if text.starts_with("fts5:") || text.contains("malformed MATCH") {
                StoreError::BadQuery(format!("search: {text}"))
            } else {
                (self.err())(source)
            }
        }
    }

    /// How many articles the filter's date range left out only because
    /// they have no publication date (0 without a date range), so a reader
    /// can say why a date filter found nothing.
    pub fn undated_articles(&self, f: &ArticleFilter) -> Result<i64> {
        if f.from.is_none() && f.to.is_none() {
            return Ok(0);
        }
        let (from_sql, mut conds, args) = self.article_conds(f)?;
        conds.push("a.published IS NULL".into());
        let sql = format!("SELECT count(*){from_sql} WHERE {}", conds.join(" AND "));
        self.conn
            .query_row(&sql, params_from_iter(args.iter()), |r| r.get(0))
            .map_err(self.search_err())
    }

    /// The FROM clause, conditions and arguments of an article filter, its
    /// date range left out.
    fn article_conds(&self, f: &ArticleFilter) -> Result<(String, Vec<String>, Vec<String>)> {
        let mut from_sql = String::from(" FROM articles a");
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(q) = &f.search {
            from_sql.push_str(" JOIN articles_fts ON articles_fts.rowid = a.rowid");
            conds.push("articles_fts MATCH ?".into());
            args.push(fts_query(q)?);
        }
        if let Some(s) = &f.source {
            conds.push("a.source = ?".into());
            args.push(s.clone());
        }
        if let Some(t) = &f.tag {
            conds.push(self.tag_cond()?.into());
            args.push(t.clone());
        }
        Ok((from_sql, conds, args))
    }

    /// The condition "article `a` has the tag `?`"; a file written before
    /// tags existed has no tagged article (and a read-only open cannot add
    /// the table).
    pub(crate) fn tag_cond(&self) -> Result<&'static str> {
        let has_table = self
            .conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article_tags'",
                [],
                |_| Ok(()),
            )
            .optional()
            .map_err(self.err())?
            .is_some();
        Ok(if has_table {
            "a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)"
        } else {
            "(? IS NULL AND 0)"
        })
    }

    pub fn query_events(&self, f: &EventFilter) -> Result<Vec<EventRow>> {
        let mut sql = format!(
            "SELECT e.article_id, e.idx, e.source, e.target, e.code, {}, e.goldstein, \
             e.date, e.place, e.modality, e.text, e.start, e.end, {}, e.review FROM {} e",
            self.quad_sql("e"),
            self.confidence_sql("e"),
            self.events_from()
        );
        let (conds, args) = event_conds(f, &self.confidence_sql("e"));
        finish_sql(
            &mut sql,
            &conds,
            "e.date DESC, e.article_id, e.idx",
            f.limit,
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(EventRow {
                    article_id: r.get(0)?,
                    idx: r.get(1)?,
                    source: r.get(2)?,
                    target: r.get(3)?,
                    code: r.get(4)?,
                    quad_class: r.get(5)?,
                    goldstein: goldstein_decimal(r.get(6)?),
                    date: r.get(7)?,
                    place: r.get(8)?,
                    modality: r.get(9)?,
                    text: r.get(10)?,
                    start: r.get(11)?,
                    end: r.get(12)?,
                    confidence: r.get(13)?,
                    review: r.get(14)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    /// How many events the filter's date range left out only because they
    /// have no date (0 without a date range).
    pub fn undated_events(&self, f: &EventFilter) -> Result<i64> {
        if f.from.is_none() && f.to.is_none() {
            return Ok(0);
        }
        let undated = EventFilter {
            from: None,
            to: None,
            limit: None,
            ..f.clone()
        };
        let (mut conds, args) = event_conds(&undated, &self.confidence_sql("e"));
        conds.push("e.date IS NULL".into());
        let sql = format!(
            "SELECT count(*) FROM {} e WHERE {}",
            self.events_from(),
            conds.join(" AND ")
        );
        self.conn
            .query_row(&sql, params_from_iter(args.iter()), |r| r.get(0))
            .map_err(self.err())
    }

    /// Entity names as written, by coverage ([`entity_names::query`]).
    pub fn query_entity_names(&self, f: &EntityFilter) -> Result<Vec<EntityRow>> {
        entity_names::query(&self.conn, f).map_err(self.err())
    }

    /// Corpus entities (one per real-world actor across articles and
    /// spellings) by coverage, `f.limit` of them from `offset`
    /// ([`corpus_entities::query`]).
    pub fn query_entities(&self, f: &EntityFilter, offset: usize) -> Result<CorpusEntityList> {
        self.require_corpus_entities()?;
        corpus_entities::query(&self.conn, f, offset).map_err(self.err())
    }

    /// Fails on a file read as it is that has no corpus entities (a
    /// version-3 to 7 file opened read-only).
    pub(crate) fn require_corpus_entities(&self) -> Result<()> {
        if self.no_corpus_entities {
            return Err(StoreError::NeedsUpgrade {
                path: self.path.clone(),
                found: open::read_version(&self.conn, &self.path)?.unwrap_or(0),
            });
        }
        Ok(())
    }
}

/// The conditions and arguments of an event filter, date range included;
/// `confidence` is the SQL of the confidence column ([`Store::confidence_sql`]).
fn event_conds(f: &EventFilter, confidence: &str) -> (Vec<String>, Vec<String>) {
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if let Some(min) = f.min_confidence {
        // As a literal: the other arguments are bound as text, which SQLite
        // would compare with a REAL column as text.
        conds.push(format!("{confidence} >= {}", confidence_decimal(min)));
    }
    if let Some(actor) = &f.actor {
        conds.push("(e.source LIKE ? OR e.target LIKE ?)".into());
        let pat = format!("{}%", like_escape(actor));
        args.push(pat.clone());
        args.push(pat);
    }
    if let Some(code) = &f.code {
        if code.len() == 2 {
            conds.push("e.root_code = ?".into());
        } else {
            conds.push("e.code = ?".into());
        }
        args.push(code.clone());
    }
    if let Some(m) = &f.modality {
        conds.push("e.modality = ?".into());
        args.push(m.clone());
    }
    push_date_range(&mut conds, &mut args, "e.date", &f.from, &f.to);
    if conds.iter().any(|c| c.contains("LIKE")) {
        // LIKE patterns above escape with a backslash.
        for c in conds.iter_mut().filter(|c| c.contains("LIKE")) {
            *c = c.replace("LIKE ?", "LIKE ? ESCAPE '\\'");
        }
    }
    (conds, args)
}

/// Inserts one article and all its layers; false when it was already stored.
fn insert_article(tx: &rusqlite::Transaction, a: &ArticleJson) -> rusqlite::Result<bool> {
    let evidence = serde_json::to_string(&a.published.evidence).unwrap_or_else(|_| "[]".into());
    let n = tx.execute(
        "INSERT OR IGNORE INTO articles(id, title, source, url, byline, origin, published, published_basis, published_evidence, text) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            a.id,
            a.title,
            a.source,
            a.url,
            a.byline,
            a.origin,
            a.published.date,
            a.published.basis,
            evidence,
            a.text.as_deref().unwrap_or(""),
        ],
    )?;
    if n == 0 {
        return Ok(false);
    }
    let rowid = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO articles_fts(rowid, title, text) VALUES (?1, ?2, ?3)",
        params![rowid, a.title, a.text.as_deref().unwrap_or("")],
    )?;
    let json = |v: &dyn erased::Json| v.to_json();
    {
        let mut ent = tx.prepare_cached(
            "INSERT INTO entities(article_id, idx, name, type, actor, roles, affiliations) VALUES (?1,?2,?3,?4,?5,?6,?7)",
        )?;
        let mut men = tx.prepare_cached(
            "INSERT INTO mentions(article_id, entity_idx, start, end, text) VALUES (?1,?2,?3,?4,?5)",
        )?;
        for (i, e) in a.entities.iter().enumerate() {
            ent.execute(params![
                a.id,
                i,
                e.name,
                e.entity_type,
                e.actor,
                json(&e.roles),
                json(&e.affiliations)
            ])?;
            for m in &e.mentions {
                men.execute(params![a.id, i, m.start, m.end, m.text])?;
            }
        }
    }
    {
        let mut q = tx.prepare_cached(
            "INSERT INTO quotes(article_id, idx, start, end, text, kind, speaker, cue) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        )?;
        for (i, x) in a.quotes.iter().enumerate() {
            q.execute(params![
                a.id, i, x.start, x.end, x.text, x.kind, x.speaker, x.cue
            ])?;
        }
    }
    {
        let mut t = tx.prepare_cached(
            "INSERT INTO times(article_id, idx, start, end, text, type, value, mod) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        )?;
        for (i, x) in a.times.iter().enumerate() {
            t.execute(params![
                a.id,
                i,
                x.start,
                x.end,
                x.text,
                x.timex_type,
                x.value,
                x.modifier
            ])?;
        }
    }
    {
        let mut p = tx.prepare_cached(
            "INSERT INTO places(article_id, idx, name, country, lat, lon, geonames_id, mentions, contained_in) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
        )?;
        for (i, x) in a.places.iter().enumerate() {
            let spans: Vec<(usize, usize)> = x.mentions.iter().map(|m| (m.start, m.end)).collect();
            p.execute(params![
                a.id,
                i,
                x.name,
                x.country,
                x.lat,
                x.lon,
                x.geonames_id.map(|g| g as i64),
                json(&spans),
                x.contained_in.map(|g| g as i64)
            ])?;
        }
    }
    {
        let mut ev = tx.prepare_cached(
            "INSERT INTO events(article_id, idx, source, target, code, root_code, quad_class, goldstein, date, place, modality, modality_cues, start, end, text, confidence) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
        )?;
        for (i, x) in a.events.iter().enumerate() {
            let root: String = x.code.chars().take(2).collect();
            ev.execute(params![
                a.id,
                i,
                x.source,
                x.target,
                x.code,
                root,
                // The code decides, whatever the JSON says: one table.
                newsgraph_dict::cameo::quad_class(&x.code),
                goldstein_decimal(f64::from(x.goldstein)),
                x.date,
                x.place,
                x.modality,
                json(&x.modality_cues),
                x.evidence.start,
                x.evidence.end,
                x.evidence.text,
                confidence_decimal(x.confidence)
            ])?;
        }
    }
    {
        let mut w = tx.prepare_cached(
            "INSERT INTO warnings(article_id, idx, kind, message, spans) VALUES (?1,?2,?3,?4,?5)",
        )?;
        for (i, x) in a.warnings.iter().enumerate() {
            let spans: Vec<(usize, usize, &str)> = x
                .spans
                .iter()
                .map(|s| (s.start, s.end, s.text.as_str()))
                .collect();
            w.execute(params![a.id, i, x.kind, x.message, json(&spans)])?;
        }
    }
    Ok(true)
}

/// Serializing to a JSON column through one small trait keeps the insert
/// code free of per-type closures.
mod erased {
    pub trait Json {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).unwrap_or_else(|_| "null".into())
        }
    }
}

/// A user's search as a safe FTS5 query ([`search::fts_query`]).
fn fts_query(q: &str) -> Result<String> {
    search::fts_query(q).map_err(|e| StoreError::BadQuery(format!("search: {e}")))
}

pub(crate) fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn push_date_range(
    conds: &mut Vec<String>,
    args: &mut Vec<String>,
    column: &str,
    from: &Option<String>,
    to: &Option<String>,
) {
    if let Some(f) = from {
        conds.push(format!("{column} >= ?"));
        args.push(f.clone());
    }
    if let Some(t) = to {
        conds.push(format!("{column} <= ?"));
        args.push(t.clone());
    }
}

fn finish_sql(sql: &mut String, conds: &[String], order: &str, limit: Option<usize>) {
    if !conds.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    sql.push_str(&format!(" ORDER BY {order} LIMIT {}", limit.unwrap_or(100)));
}

fn merge_role_lists(concat: Option<&str>) -> Vec<String> {
    // group_concat joins JSON arrays with commas: "[\"a\"],[\"b\"]".
    let Some(s) = concat else { return Vec::new() };
    let mut roles: Vec<String> = serde_json::from_str::<Vec<Vec<String>>>(&format!("[{s}]"))
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

/// Filters for [`Store::query_articles`]; dates are `YYYY-MM-DD`, inclusive.
#[derive(Clone, Debug, Default)]
pub struct ArticleFilter {
    pub search: Option<String>,
    pub source: Option<String>,
    /// A tag given at ingest (`ingest --tag`).
    pub tag: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// None: best match first with a search, else newest first.
    pub sort: Option<ArticleSort>,
    pub limit: Option<usize>,
}

/// Filters for [`Store::query_events`]. `code` of two digits matches a root
/// code ("04"), otherwise the exact code ("042"). `actor` is a code prefix.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    pub actor: Option<String>,
    pub code: Option<String>,
    pub modality: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only events whose confidence is at least this (rows without one,
    /// stored before version 6, are left out).
    pub min_confidence: Option<f32>,
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct EntityFilter {
    pub name: Option<String>,
    pub entity_type: Option<String>,
    pub actor: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ArticleRow {
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub published_basis: String,
    pub origin: Option<String>,
    pub n_events: i64,
    /// With a search: the best-matching passage, matched words in
    /// [brackets]; None without one.
    pub snippet: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EventRow {
    pub article_id: String,
    pub idx: i64,
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: String,
    pub quad_class: i64,
    pub goldstein: f64,
    pub date: Option<String>,
    pub place: Option<String>,
    pub modality: String,
    pub text: String,
    pub start: i64,
    pub end: i64,
    /// The event scorer's confidence; None for rows stored before version 6.
    pub confidence: Option<f64>,
    /// `right` or `corrected` when an analyst reviewed it (events judged
    /// wrong are not listed); None when nobody did.
    pub review: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityRow {
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    pub actor: Option<String>,
    pub n_articles: i64,
    pub n_mentions: i64,
    pub roles: Vec<String>,
}

#[cfg(test)]
mod corpus_entities_tests;
#[cfg(test)]
mod tests;
