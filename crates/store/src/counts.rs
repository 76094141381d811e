//! Counts over time (`newsgraph counts`, `GET /api/counts`): the dyad-week
//! table event-data users build by hand (ICEWS/Phoenix dyad-week tables,
//! GDELT's analysis service), grouped by dyad, actor, CAMEO root,
//! QuadClass, PLOVER event or place and by day, week or month.
//!
//! Events, not mentions: the mentions of one event (same source, target,
//! root code and place, dated at most [`MERGE_WINDOW_DAYS`] apart) are
//! merged as the GDELT export merges them (`newsgraph_export::gdelt`), and
//! an event is counted in the period and group of its first mention, with
//! all its mentions and articles. Goldstein sums and means are over events
//! (an event's score is its first mention's code's); the mean tone is over
//! mentions, of the article tone the caller supplies (the export crate
//! computes it from the stored text), as GDELT's `AvgTone` is.
//!
//! Nothing is dropped silently: events with no date are counted in rows
//! whose period is null (when no date range is asked for) and always in
//! [`CountTable::n_undated`]; events without the grouping's key (no target
//! for a dyad, no place for a place) are counted in
//! [`CountTable::n_unkeyed`].
//!
//! The aggregation runs in Rust over one narrow SELECT per request: the
//! PLOVER event follows from the code by the `dict` crate's table, and the
//! merge window is a chain over sorted mentions, neither of which SQL says
//! well; the BBC database's events take a few milliseconds.

use crate::rows::{CountRow, CountTable};
use crate::{EventQuery, Result, Store};
use chrono::{Datelike, NaiveDate};
use newsgraph_dict::cameo::CameoTable;
use rusqlite::params_from_iter;
use std::collections::{HashMap, HashSet};

/// Mentions of one event reported this many days apart are still one
/// event: `newsgraph_export::gdelt::MERGE_WINDOW_DAYS`, which a test of
/// the export crate checks against this one.
pub const MERGE_WINDOW_DAYS: i64 = 1;

/// What the rows are grouped by besides the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountBy {
    /// (source, target), both required; key `SOURCE,TARGET`.
    Dyad,
    /// Each actor of the event: an event counts under its source and
    /// under its target (once when they are one code).
    Actor,
    /// The CAMEO root code (`04`).
    Root,
    /// The QuadClass (`1`–`4`).
    Quad,
    /// The PLOVER event type the code maps to.
    Plover,
    /// The event's place name.
    Place,
}

impl CountBy {
    pub const NAMES: [&'static str; 6] = ["dyad", "actor", "root", "quad", "plover", "place"];

    pub fn parse(s: &str) -> std::result::Result<CountBy, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "dyad" => CountBy::Dyad,
            "actor" => CountBy::Actor,
            "root" => CountBy::Root,
            "quad" => CountBy::Quad,
            "plover" => CountBy::Plover,
            "place" => CountBy::Place,
            _ => {
                return Err(format!(
                    "'{s}' is not a grouping (use {})",
                    CountBy::NAMES.join(", ")
                ))
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            CountBy::Dyad => "dyad",
            CountBy::Actor => "actor",
            CountBy::Root => "root",
            CountBy::Quad => "quad",
            CountBy::Plover => "plover",
            CountBy::Place => "place",
        }
    }
}

/// The period of a row: its first day names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountPer {
    Day,
    /// ISO 8601 weeks, Monday to Sunday.
    Week,
    Month,
}

impl CountPer {
    pub const NAMES: [&'static str; 3] = ["day", "week", "month"];

    pub fn parse(s: &str) -> std::result::Result<CountPer, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "day" => CountPer::Day,
            "week" => CountPer::Week,
            "month" => CountPer::Month,
            _ => {
                return Err(format!(
                    "'{s}' is not a period (use {})",
                    CountPer::NAMES.join(", ")
                ))
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            CountPer::Day => "day",
            CountPer::Week => "week",
            CountPer::Month => "month",
        }
    }

    /// The first day of the period holding `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            CountPer::Day => d,
            CountPer::Week => d - chrono::Duration::days(d.weekday().num_days_from_monday().into()),
            CountPer::Month => d.with_day(1).unwrap_or(d),
        }
    }
}

/// One event mention as the counts read it.
#[derive(Clone, Debug)]
struct Mention {
    article_id: String,
    date: Option<NaiveDate>,
    source: Option<String>,
    target: Option<String>,
    code: String,
    root_code: String,
    quad_class: i64,
    place: Option<String>,
    goldstein: f64,
}

impl Mention {
    fn merge_key(&self) -> (&str, &str, &str, String) {
        (
            self.source.as_deref().unwrap_or(""),
            self.target.as_deref().unwrap_or(""),
            &self.root_code,
            self.place.as_deref().unwrap_or("").to_lowercase(),
        )
    }

    /// The group keys of this mention's event under `by` (none: unkeyed),
    /// with a label where one helps.
    fn keys(&self, by: CountBy, cameo: &CameoTable) -> Vec<(String, Option<String>)> {
        match by {
            CountBy::Dyad => match (&self.source, &self.target) {
                (Some(s), Some(t)) => vec![(format!("{s},{t}"), None)],
                _ => Vec::new(),
            },
            CountBy::Actor => {
                let mut v: Vec<(String, Option<String>)> = Vec::new();
                for a in [&self.source, &self.target].into_iter().flatten() {
                    if !v.iter().any(|(k, _)| k == a) {
                        v.push((a.clone(), None));
                    }
                }
                v
            }
            CountBy::Root => vec![(
                self.root_code.clone(),
                cameo.get(&self.root_code).map(|i| i.label.clone()),
            )],
            CountBy::Quad => vec![(
                self.quad_class.to_string(),
                quad_label(self.quad_class).map(str::to_string),
            )],
            CountBy::Plover => cameo
                .plover(&self.code)
                .map(|p| vec![(p.event.clone(), None)])
                .unwrap_or_default(),
            CountBy::Place => self.place.iter().map(|p| (p.clone(), None)).collect(),
        }
    }
}

fn quad_label(q: i64) -> Option<&'static str> {
    Some(match q {
        1 => "verbal cooperation",
        2 => "material cooperation",
        3 => "verbal conflict",
        4 => "material conflict",
        _ => return None,
    })
}

/// One row being summed.
#[derive(Default)]
struct Acc {
    label: Option<String>,
    n_events: i64,
    n_mentions: i64,
    articles: HashSet<usize>,
    goldstein_sum: f64,
    tone_sum: f64,
    n_toned: i64,
}

impl Store {
    /// The counts table of the events matching `q`, grouped `by` and
    /// `per`; `tone` gives an article's tone by id (None: unknown, left
    /// out of the mean).
    pub fn count_events(
        &self,
        q: &EventQuery,
        by: CountBy,
        per: CountPer,
        cameo: &CameoTable,
        tone: &dyn Fn(&str) -> Option<f64>,
    ) -> Result<CountTable> {
        // The date range is applied here rather than in SQL, so the
        // undated events it would leave out can be counted.
        let undated_q = EventQuery {
            from: None,
            to: None,
            ..q.clone()
        };
        let (where_sql, args) = self.event_where(&undated_q, cameo)?;
        let sql = format!(
            "SELECT e.article_id, e.date, e.source, e.target, e.code, e.root_code, {quad}, \
             e.place, e.goldstein FROM {events} e{where_sql}",
            quad = self.quad_sql("e"),
            events = self.events_from()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let mentions: Vec<Mention> = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                let date: Option<String> = r.get(1)?;
                Ok(Mention {
                    article_id: r.get(0)?,
                    date: date.as_deref().and_then(parse_day),
                    source: r.get(2)?,
                    target: r.get(3)?,
                    code: r.get(4)?,
                    root_code: r.get(5)?,
                    quad_class: r.get(6)?,
                    place: r.get(7)?,
                    goldstein: crate::goldstein_decimal(r.get(8)?),
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(aggregate(mentions, q, by, per, cameo, tone))
    }
}

impl Store {
    /// The stored text of article `id`, for the tone the export computes.
    pub fn article_text(&self, id: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.conn
            .prepare_cached("SELECT text FROM articles WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(self.err())
    }
}

/// `YYYY-MM-DD` (or a longer string starting with one).
fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

fn aggregate(
    mut mentions: Vec<Mention>,
    q: &EventQuery,
    by: CountBy,
    per: CountPer,
    cameo: &CameoTable,
    tone: &dyn Fn(&str) -> Option<f64>,
) -> CountTable {
    let from = q.from.as_deref().and_then(parse_day);
    let to = q.to.as_deref().and_then(parse_day);
    let ranged = q.from.is_some() || q.to.is_some();
    let n_undated = mentions.iter().filter(|m| m.date.is_none()).count() as i64;
    mentions.retain(|m| match m.date {
        None => !ranged,
        Some(d) => from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t),
    });
    // Sorted by merge key then date, the mentions of one event are
    // neighbours; a chain of mentions each within the window of the
    // previous one is one event, as in the GDELT export.
    mentions.sort_by(|a, b| {
        a.merge_key()
            .cmp(&b.merge_key())
            .then(a.date.cmp(&b.date))
            .then(a.article_id.cmp(&b.article_id))
    });
    let mut article_ids: HashMap<String, usize> = HashMap::new();
    let mut tones: Vec<Option<f64>> = Vec::new();
    let mut rows: HashMap<(Option<NaiveDate>, String), Acc> = HashMap::new();
    let mut n_unkeyed = 0i64;
    let mut n_events_total = 0i64;
    let mut i = 0;
    while i < mentions.len() {
        let first = &mentions[i];
        let mut j = i + 1;
        while j < mentions.len() {
            let (prev, next) = (&mentions[j - 1], &mentions[j]);
            let close = match (prev.date, next.date) {
                (Some(x), Some(y)) => (y - x).num_days().abs() <= MERGE_WINDOW_DAYS,
                (None, None) => true,
                _ => false,
            };
            if !close || next.merge_key() != first.merge_key() {
                break;
            }
            j += 1;
        }
        let event = &mentions[i..j];
        n_events_total += 1;
        let keys = first.keys(by, cameo);
        if keys.is_empty() {
            n_unkeyed += 1;
        }
        let period = first.date.map(|d| per.start(d));
        for (key, label) in keys {
            let acc = rows.entry((period, key)).or_default();
            acc.label = label;
            acc.n_events += 1;
            acc.goldstein_sum += first.goldstein;
            for m in event {
                acc.n_mentions += 1;
                let next_id = article_ids.len();
                let id = *article_ids.entry(m.article_id.clone()).or_insert(next_id);
                if id == tones.len() {
                    tones.push(tone(&m.article_id));
                }
                acc.articles.insert(id);
                if let Some(t) = tones[id] {
                    acc.tone_sum += t;
                    acc.n_toned += 1;
                }
            }
        }
        i = j;
    }
    let mut out: Vec<CountRow> = rows
        .into_iter()
        .map(|((period, key), a)| {
            let (source, target) = match by {
                CountBy::Dyad => key
                    .split_once(',')
                    .map(|(s, t)| (Some(s.to_string()), Some(t.to_string())))
                    .unwrap_or((None, None)),
                _ => (None, None),
            };
            CountRow {
                goldstein_mean: round2(a.goldstein_sum / a.n_events as f64),
                goldstein_sum: round2(a.goldstein_sum),
                key,
                label: a.label,
                n_articles: a.articles.len() as i64,
                n_events: a.n_events,
                n_mentions: a.n_mentions,
                period: period.map(|d| d.format("%Y-%m-%d").to_string()),
                source,
                target,
                tone_mean: (a.n_toned > 0).then(|| round2(a.tone_sum / a.n_toned as f64)),
            }
        })
        .collect();
    // By period (undated last), busiest first within one, then by key.
    out.sort_by(|a, b| {
        (a.period.is_none(), &a.period)
            .cmp(&(b.period.is_none(), &b.period))
            .then(b.n_events.cmp(&a.n_events))
            .then(a.key.cmp(&b.key))
    });
    CountTable {
        by: by.name().to_string(),
        n_events: n_events_total,
        n_undated,
        n_unkeyed,
        per: per.name().to_string(),
        rows: out,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_on_their_first_day() {
        let d = NaiveDate::from_ymd_opt(2005, 3, 17).unwrap(); // a Thursday
        assert_eq!(CountPer::Day.start(d), d);
        assert_eq!(
            CountPer::Week.start(d),
            NaiveDate::from_ymd_opt(2005, 3, 14).unwrap()
        );
        assert_eq!(
            CountPer::Month.start(d),
            NaiveDate::from_ymd_opt(2005, 3, 1).unwrap()
        );
        // A Monday starts its own week; a Sunday belongs to the one before.
        let monday = NaiveDate::from_ymd_opt(2005, 3, 14).unwrap();
        assert_eq!(CountPer::Week.start(monday), monday);
        let sunday = NaiveDate::from_ymd_opt(2005, 3, 20).unwrap();
        assert_eq!(CountPer::Week.start(sunday), monday);
    }

    #[test]
    fn groupings_and_periods_parse_and_refuse() {
        for name in CountBy::NAMES {
            assert_eq!(CountBy::parse(name).unwrap().name(), name);
        }
        for name in CountPer::NAMES {
            assert_eq!(CountPer::parse(name).unwrap().name(), name);
        }
        assert!(CountBy::parse("dyads").unwrap_err().contains("dyad, actor"));
        assert!(CountPer::parse("year").is_err());
    }
}

#[cfg(test)]
#[path = "counts_tests.rs"]
pub(crate) mod store_tests;
