//! The rows the exports are written from: every article with all its
//! layers, read in one pass per table ([`Store::export_articles`]). The
//! export crate filters and formats them; the SQL stays here with the
//! schema. Offsets are the stored character offsets.

use crate::{Result, Store, QUOTE_KIND_SQL};
use rusqlite::params_from_iter;
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct ArticleRec {
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub origin: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub ingested_at: String,
    pub text: String,
    pub entities: Vec<EntityRec>,
    pub places: Vec<PlaceRec>,
    pub quotes: Vec<QuoteRec>,
    pub times: Vec<TimeRec>,
    pub events: Vec<EventRec>,
}

#[derive(Clone, Debug, Default)]
pub struct EntityRec {
    pub name: String,
    pub entity_type: String,
    pub actor: Option<String>,
    /// (start, end) character offsets of name mentions.
    pub mentions: Vec<(i64, i64)>,
}

#[derive(Clone, Debug, Default)]
pub struct PlaceRec {
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonames_id: Option<i64>,
    pub mentions: Vec<(i64, i64)>,
    /// For a place the gazetteer lacks: the GeoNames id of the place the
    /// article puts it in.
    pub contained_in: Option<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct QuoteRec {
    pub start: i64,
    pub end: i64,
    pub text: String,
    /// direct, indirect or mixed.
    pub kind: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct TimeRec {
    pub start: i64,
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct EventRec {
    pub idx: i64,
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: String,
    pub root_code: String,
    pub quad_class: i64,
    pub goldstein: f64,
    pub date: Option<String>,
    pub place: Option<String>,
    pub modality: String,
    pub start: i64,
    pub end: i64,
    /// The evidence: the words from `start` to `end`.
    pub text: String,
    /// The event scorer's confidence; None for rows stored before it.
    pub confidence: Option<f64>,
    /// `right` or `corrected` when an analyst reviewed it; events judged
    /// wrong are not exported.
    pub review: Option<String>,
}

impl Store {
    /// Every article (of one `source`, if given) with its entities and
    /// their mentions, places, quotes, times and events, by publication
    /// date then storage order.
    pub fn export_articles(&self, source: Option<&str>) -> Result<Vec<ArticleRec>> {
        self.read_export_articles(source).map_err(self.err())
    }

    fn read_export_articles(&self, source: Option<&str>) -> rusqlite::Result<Vec<ArticleRec>> {
        let mut sql = String::from(
            "SELECT id, title, source, url, origin, published, ingested_at, text FROM articles",
        );
        let mut conds = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(s) = source {
            conds.push("source = ?");
            args.push(s.to_string());
        }
        if !conds.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conds.join(" AND "));
        }
        sql.push_str(" ORDER BY published, rowid");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut arts: Vec<ArticleRec> = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(ArticleRec {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    source: r.get(2)?,
                    url: r.get(3)?,
                    origin: r.get(4)?,
                    published: r.get(5)?,
                    ingested_at: r.get(6)?,
                    text: r.get(7)?,
                    ..ArticleRec::default()
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let index: HashMap<String, usize> = arts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();

        let mut ents = self.conn.prepare(
            "SELECT article_id, idx, name, type, actor FROM entities ORDER BY article_id, idx",
        )?;
        let mut ent_pos: HashMap<(String, i64), usize> = HashMap::new();
        let rows = ents.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        for row in rows {
            let (aid, idx, name, ty, actor) = row?;
            if let Some(&a) = index.get(&aid) {
                ent_pos.insert((aid, idx), arts[a].entities.len());
                arts[a].entities.push(EntityRec {
                    name,
                    entity_type: ty,
                    actor,
                    mentions: Vec::new(),
                });
            }
        }
        let mut men = self.conn.prepare(
            "SELECT article_id, entity_idx, start, end FROM mentions ORDER BY article_id, start",
        )?;
        for row in men.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })? {
            let (aid, eidx, s, e) = row?;
            if let (Some(&a), Some(&p)) = (index.get(&aid), ent_pos.get(&(aid.clone(), eidx))) {
                arts[a].entities[p].mentions.push((s, e));
            }
        }
        let mut pl = self.conn.prepare("SELECT article_id, name, country, lat, lon, geonames_id, mentions, contained_in FROM places ORDER BY article_id, idx")?;
        for row in pl.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                PlaceRec {
                    name: r.get(1)?,
                    country: r.get(2)?,
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                    geonames_id: r.get(5)?,
                    mentions: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
                    contained_in: r.get(7)?,
                },
            ))
        })? {
            let (aid, p) = row?;
            if let Some(&a) = index.get(&aid) {
                arts[a].places.push(p);
            }
        }
        let mut q = self.conn
            .prepare(&format!("SELECT article_id, start, end, text, {QUOTE_KIND_SQL}, speaker, cue FROM quotes ORDER BY article_id, idx"))?;
        for row in q.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                QuoteRec {
                    start: r.get(1)?,
                    end: r.get(2)?,
                    text: r.get(3)?,
                    kind: r.get(4)?,
                    speaker: r.get(5)?,
                    cue: r.get(6)?,
                },
            ))
        })? {
            let (aid, x) = row?;
            if let Some(&a) = index.get(&aid) {
                arts[a].quotes.push(x);
            }
        }
        let mut t = self
            .conn
            .prepare("SELECT article_id, start, value FROM times ORDER BY article_id, idx")?;
        for row in t.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                TimeRec {
                    start: r.get(1)?,
                    value: r.get(2)?,
                },
            ))
        })? {
            let (aid, x) = row?;
            if let Some(&a) = index.get(&aid) {
                arts[a].times.push(x);
            }
        }
        let mut ev = self.conn.prepare(&format!(
            "SELECT article_id, idx, source, target, code, root_code, {}, goldstein, date, place, modality, start, end, text, {}, review \
             FROM {} e ORDER BY article_id, idx",
            self.quad_sql(""),
            self.confidence_sql(""),
            self.events_from()
        ))?;
        for row in ev.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                EventRec {
                    idx: r.get(1)?,
                    source: r.get(2)?,
                    target: r.get(3)?,
                    code: r.get(4)?,
                    root_code: r.get(5)?,
                    quad_class: r.get(6)?,
                    goldstein: crate::goldstein_decimal(r.get(7)?),
                    date: r.get(8)?,
                    place: r.get(9)?,
                    modality: r.get(10)?,
                    start: r.get(11)?,
                    end: r.get(12)?,
                    text: r.get(13)?,
                    confidence: r.get(14)?,
                    review: r.get(15)?,
                },
            ))
        })? {
            let (aid, x) = row?;
            if let Some(&a) = index.get(&aid) {
                arts[a].events.push(x);
            }
        }
        Ok(arts)
    }
}
