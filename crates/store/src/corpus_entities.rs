//! Corpus entities (schema version 8, issue 24 item 4): one entity per
//! real-world actor across articles and spellings.
//!
//! An article's entity rows are per article: "US", "U.S." and "United
//! States" are three rows in three articles, and `entity_names` keeps them
//! apart because it groups by the name as written. Here every entity row
//! gets a *link key* from the row alone (and its article's places), so
//! re-ingesting or reordering articles never changes it:
//! - a place the gazetteer resolved (a place of the article whose mention
//!   overlaps the entity's): a country (GeoNames feature `PCL…`) is
//!   `country:<ISO code>` whatever the spelling ("US", "America", "United
//!   States"), another place `place:<GeoNames id>` — the place, not the
//!   actor code, since the actor dictionary codes "London" as `GBR` too;
//! - an unresolved GPE or LOC coded with a three-letter country code and
//!   written as an abbreviation ("U.S.", "UK"): `country:<code>`;
//! - an intergovernmental organization (actor code `IGO…`): `actor:<code>`;
//! - anything else: `<type>:<normalized name>` — case, diacritics,
//!   punctuation and a leading "the" folded; for a person also courtesy
//!   titles and offices ("Mr", "Prime Minister") and middle initials.
//!
//! A surname alone (`person:blair`, from "Blair" or "Mr Blair" in an
//! article that never gives the full name) is then joined to the one full
//! name of the corpus ending in that surname — when one full name holds at
//! least [`SURNAME_SHARE`] of the articles of all full names ending so, and
//! their actor codes (where both have one) name the same country. That
//! step needs the corpus, so every ingest batch, in its transaction, redoes
//! it for the surname groups its new keys fall in (`refresh`):
//! `entity_aliases` maps every link key to its corpus entity, and
//! `corpus_entities` holds each corpus entity's totals (articles counted
//! once however many of its keys an article has), recomputed for the
//! entities the batch touched, so the entity list reads one small table.

use crate::rows::{CorpusEntityList, CorpusEntityRow};
use crate::EntityFilter;
use newsgraph_doc::output::ArticleJson;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use std::collections::{BTreeSet, HashMap, HashSet};

pub(crate) const CORPUS_SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS entity_links (
    article_id TEXT NOT NULL, entity_idx INTEGER NOT NULL, key TEXT NOT NULL,
    n_mentions INTEGER NOT NULL, geonames_id INTEGER, surname TEXT,
    PRIMARY KEY (article_id, entity_idx)
);
CREATE INDEX IF NOT EXISTS entity_links_key ON entity_links(key);
CREATE INDEX IF NOT EXISTS entity_links_surname ON entity_links(surname) WHERE surname IS NOT NULL;
CREATE TABLE IF NOT EXISTS entity_aliases (key TEXT PRIMARY KEY, entity TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entity_aliases_entity ON entity_aliases(entity);
CREATE TABLE IF NOT EXISTS corpus_entities (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, actor TEXT,
    geonames_id INTEGER, n_articles INTEGER NOT NULL, n_mentions INTEGER NOT NULL,
    names TEXT NOT NULL, roles TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corpus_entities_rank ON corpus_entities(n_articles DESC, name);
"#;

/// The share of the articles of all full names ending in a surname that
/// one full name must hold for the surname alone to be taken as it: "Blair"
/// is Tony Blair in a corpus where he has most of the Blair articles, and
/// stays apart where two Blairs are about as common.
pub const SURNAME_SHARE: f64 = 0.75;

/// What a link key is computed from: one entity row of an article.
pub(crate) struct EntityInput<'a> {
    pub name: &'a str,
    pub entity_type: &'a str,
    pub actor: Option<&'a str>,
    pub spans: Vec<(i64, i64)>,
}

/// A place of the article: its GeoNames id, its country code when it is
/// a country itself, and its mention spans.
pub(crate) struct PlaceInput {
    pub geonames_id: Option<i64>,
    /// ISO 3166 alpha-3, for a place whose GeoNames feature is a country
    /// (`PCLI`, `PCLD`, …). Unknown (None) for places read back from a
    /// file of schema 7 or earlier, which did not keep the feature code.
    pub country: Option<String>,
    pub spans: Vec<(i64, i64)>,
}

/// Courtesy titles and offices that may precede a person's name; folded
/// away so "Mr Blair", "Prime Minister Tony Blair" and "Tony Blair" key
/// alike. Multi-word offices are matched word by word from the start.
const PERSON_TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "baroness",
    "baron",
    "president",
    "prime",
    "minister",
    "chancellor",
    "secretary",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "general",
    "gen",
    "col",
    "colonel",
    "capt",
    "captain",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "rev",
    "reverend",
    "judge",
    "justice",
    "professor",
    "prof",
    "mayor",
    "chairman",
    "chief",
    "executive",
    "foreign",
    "home",
    "deputy",
    "vice",
    "premier",
    "ambassador",
    "st",
];

/// Folds a name: lower case, Latin diacritics removed, every run of other
/// characters one space ("U.S." → "us", "Chávez" → "chavez").
pub fn fold_name(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.chars() {
        // Dots and apostrophes join ("U.S.", "O'Neill"); other marks split.
        if c == '.' || c == '\'' || c == '’' {
            continue;
        }
        let c = strip_accent(c);
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

fn strip_accent(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'À'..='Å' => 'A',
        'ç' => 'c',
        'Ç' => 'C',
        'è'..='ë' => 'e',
        'È'..='Ë' => 'E',
        'ì'..='ï' => 'i',
        'Ì'..='Ï' => 'I',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ò'..='ö' | 'ø' => 'o',
        'Ò'..='Ö' | 'Ø' => 'O',
        'ù'..='ü' => 'u',
        'Ù'..='Ü' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        _ => c,
    }
}

/// A person's name as keyed: folded, titles at the front and single-letter
/// middle initials dropped ("Mr George W. Bush" → "george bush"); the
/// folded name when nothing would be left.
pub fn person_name(name: &str) -> String {
    let folded = fold_name(name);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let start = words
        .iter()
        .position(|w| !PERSON_TITLES.contains(w))
        .unwrap_or(words.len());
    let rest = &words[start..];
    let kept: Vec<&str> = rest
        .iter()
        .enumerate()
        .filter(|(i, w)| !(w.len() == 1 && *i > 0 && *i + 1 < rest.len()))
        .map(|(_, w)| *w)
        .collect();
    if kept.is_empty() {
        folded
    } else {
        kept.join(" ")
    }
}

/// A three-letter country code (CAMEO's ISO-3166 alpha-3 actors).
fn is_country_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// The link key of one entity row (see the module header), and the
/// GeoNames id it was keyed by, if any.
pub(crate) fn link_key(e: &EntityInput, places: &[PlaceInput]) -> (String, Option<i64>) {
    let overlapping_place = places.iter().find(|p| {
        p.geonames_id.is_some()
            && p.spans
                .iter()
                .any(|&(ps, pe)| e.spans.iter().any(|&(s, en)| ps < en && s < pe))
    });
    match e.entity_type {
        "GPE" | "LOC" => {
            if let Some(p) = overlapping_place {
                if let Some(c) = p.country.as_deref().filter(|c| is_country_code(c)) {
                    return (format!("country:{c}"), p.geonames_id);
                }
                return (
                    format!("place:{}", p.geonames_id.unwrap_or_default()),
                    p.geonames_id,
                );
            }
            // Unresolved: an abbreviation coded with a country ("U.S.",
            // "UK") is that country; a longer name may be a town the
            // dictionary codes with its country, so it keeps its name.
            let folded = fold_name(e.name);
            if let Some(code) = e.actor.filter(|c| is_country_code(c)) {
                if folded.len() <= 3 && !folded.contains(' ') {
                    return (format!("country:{code}"), None);
                }
            }
        }
        "ORG" => {
            if let Some(code) = e.actor.filter(|c| c.starts_with("IGO") && c.len() > 3) {
                return (format!("actor:{code}"), None);
            }
        }
        _ => {}
    }
    let name = if e.entity_type == "PERSON" {
        person_name(e.name)
    } else {
        let folded = fold_name(e.name);
        folded
            .strip_prefix("the ")
            .map(str::to_string)
            .unwrap_or(folded)
    };
    (format!("{}:{name}", e.entity_type.to_lowercase()), None)
}

/// One link to write: the entity row, its key, its mention count.
struct Link {
    idx: i64,
    key: String,
    n_mentions: i64,
    geonames_id: Option<i64>,
}

fn write_links(conn: &Connection, article_id: &str, links: &[Link]) -> rusqlite::Result<()> {
    let mut put = conn.prepare_cached(
        "INSERT OR REPLACE INTO entity_links(article_id, entity_idx, key, n_mentions, geonames_id, surname) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for l in links {
        put.execute(params![
            article_id,
            l.idx,
            l.key,
            l.n_mentions,
            l.geonames_id,
            surname(&l.key)
        ])?;
    }
    Ok(())
}

/// Links newly stored articles' entities (the batch's transaction); the
/// keys linked, for [`refresh`].
pub(crate) fn add_articles(
    conn: &Connection,
    articles: &[&ArticleJson],
) -> rusqlite::Result<BTreeSet<String>> {
    let mut keys = BTreeSet::new();
    for a in articles {
        let places: Vec<PlaceInput> = a
            .places
            .iter()
            .map(|p| PlaceInput {
                geonames_id: p.geonames_id.map(|g| g as i64),
                country: p
                    .feature_code
                    .as_deref()
                    .filter(|f| f.starts_with("PCL"))
                    .and(p.country.clone()),
                spans: p
                    .mentions
                    .iter()
                    .map(|m| (m.start as i64, m.end as i64))
                    .collect(),
            })
            .collect();
        let links: Vec<Link> = a
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let input = EntityInput {
                    name: &e.name,
                    entity_type: e.entity_type,
                    actor: e.actor.as_deref(),
                    spans: e
                        .mentions
                        .iter()
                        .map(|m| (m.start as i64, m.end as i64))
                        .collect(),
                };
                let (key, geonames_id) = link_key(&input, &places);
                Link {
                    idx: i as i64,
                    key,
                    n_mentions: e.mentions.len() as i64,
                    geonames_id,
                }
            })
            .collect();
        write_links(conn, &a.id, &links)?;
        keys.extend(links.into_iter().map(|l| l.key));
    }
    Ok(keys)
}

/// Links every stored entity row, for a file written before version 8.
pub(crate) fn rebuild_links(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM entity_links", [])?;
    let mut spans: HashMap<(String, i64), Vec<(i64, i64)>> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT article_id, entity_idx, start, end FROM mentions")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            spans
                .entry((r.get(0)?, r.get(1)?))
                .or_default()
                .push((r.get(2)?, r.get(3)?));
        }
    }
    let mut places: HashMap<String, Vec<PlaceInput>> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT article_id, geonames_id, mentions FROM places")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let json: String = r.get(2)?;
            places.entry(r.get(0)?).or_default().push(PlaceInput {
                geonames_id: r.get(1)?,
                country: None,
                spans: serde_json::from_str(&json).unwrap_or_default(),
            });
        }
    }
    let mut stmt = conn.prepare(
        "SELECT article_id, idx, name, type, actor FROM entities ORDER BY article_id, idx",
    )?;
    let mut rows = stmt.query([])?;
    let mut current = String::new();
    let mut links: Vec<Link> = Vec::new();
    while let Some(r) = rows.next()? {
        let article: String = r.get(0)?;
        if article != current {
            write_links(conn, &current, &links)?;
            links.clear();
            current = article;
        }
        let idx: i64 = r.get(1)?;
        let name: String = r.get(2)?;
        let entity_type: String = r.get(3)?;
        let actor: Option<String> = r.get(4)?;
        let entity_spans = spans.remove(&(current.clone(), idx)).unwrap_or_default();
        let input = EntityInput {
            name: &name,
            entity_type: &entity_type,
            actor: actor.as_deref(),
            spans: entity_spans,
        };
        let article_places = places.get(&current).map(Vec::as_slice).unwrap_or(&[]);
        let (key, geonames_id) = link_key(&input, article_places);
        links.push(Link {
            idx,
            key,
            n_mentions: input.spans.len() as i64,
            geonames_id,
        });
    }
    write_links(conn, &current, &links)
}

/// The totals of one link key, or of one corpus entity.
#[derive(Default)]
struct Totals {
    articles: HashSet<u32>,
    n_mentions: i64,
    /// Name as written → entity rows naming it so.
    names: HashMap<String, i64>,
    types: HashMap<String, i64>,
    actors: HashMap<String, i64>,
    roles: BTreeSet<String>,
    geonames_id: Option<i64>,
}

/// The most frequent value, ties to the longer then the smaller string,
/// so the choice never depends on hash order.
fn most_common(map: &HashMap<String, i64>) -> Option<&String> {
    map.iter()
        .max_by(|(a, na), (b, nb)| {
            na.cmp(nb)
                .then(a.chars().count().cmp(&b.chars().count()))
                .then(b.cmp(a))
        })
        .map(|(k, _)| k)
}

/// The country an actor code belongs to: its first three letters when
/// they are a country code (`GBRGOV` → `GBR`).
fn actor_country(code: &str) -> Option<&str> {
    code.get(..3).filter(|c| is_country_code(c))
}

/// Which corpus entity each link key belongs to: itself, or for a surname
/// alone the full name it is taken as (see the module header).
fn aliases(keys: &HashMap<String, Totals>) -> HashMap<String, String> {
    // Full person names by their last word.
    let mut by_surname: HashMap<&str, Vec<&str>> = HashMap::new();
    for k in keys.keys() {
        if let Some(name) = k.strip_prefix("person:") {
            if let Some((_, last)) = name.rsplit_once(' ') {
                by_surname.entry(last).or_default().push(k);
            }
        }
    }
    let countries = |t: &Totals| -> BTreeSet<String> {
        t.actors
            .keys()
            .filter_map(|a| actor_country(a).map(str::to_string))
            .collect()
    };
    let mut out = HashMap::new();
    for (k, t) in keys {
        let mut target = k.clone();
        if let Some(name) = k.strip_prefix("person:") {
            if !name.contains(' ') {
                if let Some(full) = by_surname.get(name) {
                    let total: usize = full.iter().map(|f| keys[*f].articles.len()).sum();
                    let best = full
                        .iter()
                        .max_by(|a, b| {
                            keys[**a]
                                .articles
                                .len()
                                .cmp(&keys[**b].articles.len())
                                .then(b.cmp(a))
                        })
                        .copied();
                    if let Some(best) = best {
                        let share = keys[best].articles.len() as f64 / total.max(1) as f64;
                        let (mine, theirs) = (countries(t), countries(&keys[best]));
                        let agree =
                            mine.is_empty() || theirs.is_empty() || !mine.is_disjoint(&theirs);
                        if share >= SURNAME_SHARE && agree {
                            target = best.to_string();
                        }
                    }
                }
            }
        }
        out.insert(k.clone(), target);
    }
    out
}

/// The SQL of the rows totals are made of: one per entity row, grouped by
/// `group` (`l.key` or `al.entity`), selected by `cond`.
fn totals_sql(group: &str, cond: &str) -> String {
    format!(
        "SELECT {group}, l.article_id, e.name, e.type, e.actor, e.roles, l.n_mentions, l.geonames_id \
         FROM entity_links l JOIN entities e ON e.article_id = l.article_id AND e.idx = l.entity_idx \
         JOIN entity_aliases al ON al.key = l.key WHERE {cond}"
    )
}

/// Totals per group of the rows of `sql` ([`totals_sql`]).
fn read_totals(
    conn: &Connection,
    sql: &str,
    args: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<HashMap<String, Totals>> {
    let mut out: HashMap<String, Totals> = HashMap::new();
    // Article ids as small numbers: the sets of articles are unioned.
    let mut article_no: HashMap<String, u32> = HashMap::new();
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(args)?;
    while let Some(r) = rows.next()? {
        let group: String = r.get(0)?;
        let article: String = r.get(1)?;
        let next = article_no.len() as u32;
        let no = *article_no.entry(article).or_insert(next);
        let t = out.entry(group).or_default();
        t.articles.insert(no);
        *t.names.entry(r.get(2)?).or_default() += 1;
        *t.types.entry(r.get(3)?).or_default() += 1;
        if let Some(a) = r.get::<_, Option<String>>(4)? {
            *t.actors.entry(a).or_default() += 1;
        }
        let roles: String = r.get(5)?;
        t.roles
            .extend(serde_json::from_str::<Vec<String>>(&roles).unwrap_or_default());
        t.n_mentions += r.get::<_, i64>(6)?;
        t.geonames_id = min_some(t.geonames_id, r.get(7)?);
    }
    Ok(out)
}

/// The smaller of two optional ids, so the id kept never depends on the
/// order rows are read in.
fn min_some(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// The word a person key is grouped by when surnames are joined: the
/// last word of a full name, or the single word (`person:tony blair` and
/// `person:blair` → `blair`); `None` for other keys.
pub(crate) fn surname(key: &str) -> Option<&str> {
    let name = key.strip_prefix("person:")?;
    Some(name.rsplit_once(' ').map_or(name, |(_, last)| last))
}

/// Writes the corpus entity rows of `entities` (each key's totals), having
/// removed the rows of every key of `gone`.
fn write_entities(
    conn: &Connection,
    gone: &BTreeSet<String>,
    entities: &HashMap<String, Totals>,
) -> rusqlite::Result<()> {
    let mut del = conn.prepare_cached("DELETE FROM corpus_entities WHERE key = ?1")?;
    for k in gone {
        del.execute([k])?;
    }
    let mut put = conn.prepare_cached(
        "INSERT OR REPLACE INTO corpus_entities(key, name, type, actor, geonames_id, n_articles, n_mentions, names, roles) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (key, t) in entities {
        // Every spelling, most-used first.
        let mut names: Vec<(&String, &i64)> = t.names.iter().collect();
        names.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let names: Vec<&String> = names.into_iter().map(|(n, _)| n).collect();
        put.execute(params![
            key,
            most_common(&t.names).cloned().unwrap_or_default(),
            most_common(&t.types).cloned().unwrap_or_default(),
            most_common(&t.actors),
            t.geonames_id,
            t.articles.len() as i64,
            t.n_mentions,
            serde_json::to_string(&names).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(&t.roles).unwrap_or_else(|_| "[]".into()),
        ])?;
    }
    Ok(())
}

/// Recomputes `entity_aliases` and `corpus_entities` from every link (a
/// file upgraded to version 8).
pub(crate) fn refresh_all(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM entity_aliases", [])?;
    conn.execute(
        "INSERT INTO entity_aliases(key, entity) SELECT DISTINCT key, key FROM entity_links",
        [],
    )?;
    let keys: BTreeSet<String> = {
        let mut stmt = conn.prepare("SELECT key FROM entity_aliases")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    conn.execute("DELETE FROM corpus_entities", [])?;
    refresh(conn, &keys)
}

/// Brings `entity_aliases` and `corpus_entities` up to date after the links
/// of `changed` keys were added (in the ingest batch's transaction, so they
/// always agree with the stored articles). Only what the new links can
/// change is recomputed: the keys of their surname groups (whose joining
/// may change) and the corpus entities those keys belonged to or now
/// belong to — so a batch costs what it touches, not the corpus's size.
pub(crate) fn refresh(conn: &Connection, changed: &BTreeSet<String>) -> rusqlite::Result<()> {
    if changed.is_empty() {
        return Ok(());
    }
    // Every key of the surname groups the new keys fall in.
    let mut affected: BTreeSet<String> = changed.clone();
    {
        let mut same =
            conn.prepare_cached("SELECT DISTINCT key FROM entity_links WHERE surname = ?1")?;
        let surnames: BTreeSet<&str> = changed.iter().filter_map(|k| surname(k)).collect();
        for s in surnames {
            let keys = same.query_map([s], |r| r.get::<_, String>(0))?;
            for k in keys {
                affected.insert(k?);
            }
        }
    }
    let list = serde_json::to_string(&affected).unwrap_or_else(|_| "[]".into());
    // Each key's own totals, and the entity each belonged to.
    let mut old_entity: HashMap<String, String> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT key, entity FROM entity_aliases WHERE key IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([&list], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (k, e) = row?;
            old_entity.insert(k, e);
        }
    }
    let mut put_alias =
        conn.prepare_cached("INSERT OR REPLACE INTO entity_aliases(key, entity) VALUES (?1, ?1)")?;
    for k in &affected {
        put_alias.execute([k])?;
    }
    let keys = read_totals(
        conn,
        &totals_sql("l.key", "l.key IN (SELECT value FROM json_each(?1))"),
        &[&list],
    )?;
    let alias = aliases(&keys);
    let mut set_alias =
        conn.prepare_cached("UPDATE entity_aliases SET entity = ?2 WHERE key = ?1")?;
    let mut entities: BTreeSet<String> = old_entity.into_values().collect();
    for (k, e) in &alias {
        if k != e {
            set_alias.execute([k, e])?;
        }
        entities.insert(e.clone());
    }
    let list = serde_json::to_string(&entities).unwrap_or_else(|_| "[]".into());
    let totals = read_totals(
        conn,
        &totals_sql(
            "al.entity",
            "al.entity IN (SELECT value FROM json_each(?1))",
        ),
        &[&list],
    )?;
    write_entities(conn, &entities, &totals)
}

/// Corpus entities by a spelling's substring, type and actor-code prefix,
/// most-covered first (ties by name, then key); `limit` rows from `offset`
/// and the number matching.
pub(crate) fn query(
    conn: &Connection,
    f: &EntityFilter,
    offset: usize,
) -> rusqlite::Result<CorpusEntityList> {
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(n) = &f.name {
        // `names` is a JSON list of every spelling; a substring of one is
        // a substring of the list (quotes and commas are not in a name's
        // search words often enough to matter).
        conds.push("names LIKE ? ESCAPE '\\'");
        args.push(Value::Text(format!("%{}%", crate::like_escape(n))));
    }
    if let Some(t) = &f.entity_type {
        conds.push("type = ?");
        args.push(Value::Text(t.to_uppercase()));
    }
    if let Some(a) = &f.actor {
        conds.push("actor LIKE ? ESCAPE '\\'");
        args.push(Value::Text(format!("{}%", crate::like_escape(a))));
    }
    let where_sql = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    let limit = f.limit.unwrap_or(100);
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM corpus_entities{where_sql}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT key, name, type, actor, geonames_id, n_articles, n_mentions, names, roles \
         FROM corpus_entities{where_sql} ORDER BY n_articles DESC, name, key LIMIT {limit} OFFSET {offset}"
    ))?;
    let entities = stmt
        .query_map(params_from_iter(args.iter()), row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(CorpusEntityList {
        entities,
        limit,
        offset,
        total,
    })
}

/// One corpus entity's row.
pub(crate) fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<CorpusEntityRow>> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT key, name, type, actor, geonames_id, n_articles, n_mentions, names, roles \
         FROM corpus_entities WHERE key = ?1",
        [key],
        row,
    )
    .optional()
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<CorpusEntityRow> {
    let list = |i: usize| -> rusqlite::Result<Vec<String>> {
        Ok(serde_json::from_str(&r.get::<_, String>(i)?).unwrap_or_default())
    };
    Ok(CorpusEntityRow {
        key: r.get(0)?,
        name: r.get(1)?,
        entity_type: r.get(2)?,
        actor: r.get(3)?,
        geonames_id: r.get(4)?,
        n_articles: r.get(5)?,
        n_mentions: r.get(6)?,
        names: list(7)?,
        roles: list(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, t: &str, actor: Option<&str>) -> String {
        let e = EntityInput {
            name,
            entity_type: t,
            actor,
            spans: vec![(0, 2)],
        };
        link_key(&e, &[]).0
    }

    fn place_key(name: &str, actor: Option<&str>, id: i64, country: Option<&str>) -> String {
        let e = EntityInput {
            name,
            entity_type: "GPE",
            actor,
            spans: vec![(0, 5)],
        };
        let places = [PlaceInput {
            geonames_id: Some(id),
            country: country.map(str::to_string),
            spans: vec![(0, 5)],
        }];
        link_key(&e, &places).0
    }

    #[test]
    fn spellings_of_one_country_share_a_key() {
        for n in ["United States", "America", "US"] {
            assert_eq!(
                place_key(n, Some("USA"), 6252001, Some("USA")),
                "country:USA",
                "{n}"
            );
        }
        // Unresolved, an abbreviation coded with a country is that country.
        assert_eq!(key("U.S.", "GPE", Some("USA")), "country:USA");
        assert_eq!(key("UK", "GPE", Some("GBR")), "country:GBR");
        // A city the dictionary codes with its country is the city.
        assert_eq!(
            place_key("London", Some("GBR"), 2643743, None),
            "place:2643743"
        );
        assert_eq!(key("Leeds", "GPE", Some("GBR")), "gpe:leeds");
        assert_eq!(key("Washington", "GPE", Some("USAGOV")), "gpe:washington");
    }

    #[test]
    fn person_titles_and_initials_fold() {
        assert_eq!(person_name("Mr Blair"), "blair");
        assert_eq!(person_name("Prime Minister Tony Blair"), "tony blair");
        assert_eq!(person_name("George W. Bush"), "george bush");
        assert_eq!(person_name("Hugo Chávez"), "hugo chavez");
        // Nothing but a title: the title is the name.
        assert_eq!(person_name("The President"), "the president");
        assert_eq!(key("the United Nations", "ORG", None), "org:united nations");
        assert_eq!(key("UN", "ORG", Some("IGOUNO")), "actor:IGOUNO");
    }

    #[test]
    fn a_place_resolved_by_the_gazetteer_keys_by_its_id() {
        let e = EntityInput {
            name: "Lima",
            entity_type: "GPE",
            actor: None,
            spans: vec![(10, 14)],
        };
        let places = [PlaceInput {
            geonames_id: Some(3936456),
            country: None,
            spans: vec![(10, 14)],
        }];
        assert_eq!(
            link_key(&e, &places),
            ("place:3936456".into(), Some(3936456))
        );
        let far = [PlaceInput {
            geonames_id: Some(3936456),
            country: None,
            spans: vec![(40, 44)],
        }];
        assert_eq!(link_key(&e, &far).0, "gpe:lima");
    }

    fn totals(n_articles: u32, actor: Option<&str>) -> Totals {
        let mut t = Totals {
            articles: (0..n_articles).collect(),
            ..Totals::default()
        };
        if let Some(a) = actor {
            t.actors.insert(a.into(), 1);
        }
        t
    }

    #[test]
    fn a_surname_joins_the_dominant_full_name_when_the_country_agrees() {
        let mut keys = HashMap::new();
        keys.insert("person:tony blair".to_string(), totals(9, Some("GBRGOV")));
        keys.insert("person:cherie blair".to_string(), totals(1, None));
        keys.insert("person:blair".to_string(), totals(4, Some("GBR")));
        keys.insert("person:brown".to_string(), totals(2, None));
        keys.insert("person:gordon brown".to_string(), totals(3, None));
        keys.insert("person:james brown".to_string(), totals(3, None));
        keys.insert("person:bush".to_string(), totals(2, Some("GBR")));
        keys.insert("person:george bush".to_string(), totals(5, Some("USAGOV")));
        let a = aliases(&keys);
        assert_eq!(a["person:blair"], "person:tony blair");
        assert_eq!(a["person:tony blair"], "person:tony blair");
        // Two Browns equally common: the surname stays its own entity.
        assert_eq!(a["person:brown"], "person:brown");
        // A Bush coded British is not the American one.
        assert_eq!(a["person:bush"], "person:bush");
    }
}
