//! Query-string parsing and the event filter shared by `/api/events`,
//! `/api/timeline` and `/api/network`.
//!
//! Every value is checked here (dates, codes, numbers, enumerations) and
//! turned into SQL with `?` placeholders only; user text never becomes SQL.
//! An unknown parameter is a 400 rather than silently ignored, because a
//! typo like `?actr=USA` would otherwise return every event and look right.

use crate::ApiError;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use newsgraph_dict::cameo::CameoTable;
use newsgraph_store::Store;
use rusqlite::types::Value;

/// The query string as key/value pairs; a repeated key keeps its last value.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Params, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map_err(|e| ApiError::bad(format!("bad query string: {e}")))?;
        Ok(Params { pairs })
    }
}

/// Modalities of the JSON contract, for validation.
pub const MODALITIES: [&str; 6] = [
    "asserted",
    "attributed",
    "anonymous",
    "hedged",
    "expected",
    "negated",
];

/// Largest page size; larger requests are refused, not silently cut.
pub const MAX_LIMIT: usize = 1000;

impl Params {
    #[cfg(test)]
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Params {
        Params {
            pairs: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// Refuses parameters not in `known`.
    pub fn check_known(&self, known: &[&[&str]]) -> Result<(), ApiError> {
        for (k, _) in &self.pairs {
            if !known.iter().any(|set| set.contains(&k.as_str())) {
                let all: Vec<&str> = known.iter().flat_map(|s| s.iter().copied()).collect();
                return Err(ApiError::bad(format!(
                    "unknown parameter '{k}' (known: {})",
                    all.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// The trimmed value of `key`; absent and empty are the same.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A free-text value, capped so no request can make a huge LIKE pattern.
    pub fn text(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.get(key) {
            Some(v) if v.chars().count() > 200 => Err(ApiError::bad(format!(
                "'{key}' is longer than 200 characters"
            ))),
            v => Ok(v.map(str::to_string)),
        }
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&self, key: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        if is_date(v) {
            Ok(Some(v.to_string()))
        } else {
            Err(ApiError::bad(format!(
                "'{key}' must be a date YYYY-MM-DD, got '{v}'"
            )))
        }
    }

    /// A whole number in `0..=max`, or `default` when absent.
    pub fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(v) = self.get(key) else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(ApiError::bad(format!(
                "'{key}' must be a whole number from 0 to {max}, got '{v}'"
            ))),
        }
    }

    /// `limit` (1..=MAX_LIMIT) and `offset`.
    pub fn page(&self, default_limit: usize) -> Result<(usize, usize), ApiError> {
        let limit = self.number("limit", default_limit, MAX_LIMIT)?;
        if limit == 0 {
            return Err(ApiError::bad("'limit' must be at least 1"));
        }
        let offset = self.number("offset", 0, 1_000_000_000)?;
        Ok((limit, offset))
    }

    /// An entity type of the JSON contract (`person`, `GPE`, …), upper-cased
    /// as stored.
    pub fn entity_type(&self, key: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let names = newsgraph_doc::EntityType::ALL.map(|t| format!("{t:?}").to_ascii_uppercase());
        let upper = v.to_ascii_uppercase();
        if names.contains(&upper) {
            Ok(Some(upper))
        } else {
            Err(ApiError::bad(format!(
                "'{key}' must be one of {}, got '{}'",
                names.join(", "),
                v.chars().take(40).collect::<String>()
            )))
        }
    }
}

pub const PAGE_KEYS: &[&str] = &["limit", "offset"];

/// A real calendar date `YYYY-MM-DD` (year 0001 to 9999): `2024-02-30` or
/// `2023-02-29` is refused rather than silently compared as a string.
fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    if !(b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()))
    {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        v[..4].parse::<u32>(),
        v[5..7].parse::<u32>(),
        v[8..10].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days).contains(&day)
}

/// A CAMEO actor code: letters and digits, as in `USAGOV`, and `-` for an
/// unknown part, as in `---GOV` (a government of no known country).
fn actor_code(key: &str, v: &str) -> Result<String, ApiError> {
    if !v.is_empty() && v.len() <= 40 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(v.to_ascii_uppercase())
    } else {
        Err(ApiError::bad(format!(
            "'{key}' must be a CAMEO actor code (letters, digits, '-'), got '{v}'"
        )))
    }
}

/// The event filters. Actor codes match as prefixes (`USA` matches
/// `USAGOV`), except `dyad`, which names exact codes as the network does.
#[derive(Debug, Default)]
pub struct EventQuery {
    pub actor: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub dyad: Option<(String, String)>,
    pub code: Option<String>,
    pub root: Option<String>,
    pub quad: Vec<u8>,
    pub plover: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub place: Option<String>,
    pub modality: Vec<String>,
    pub article: Option<String>,
}

pub const EVENT_KEYS: &[&str] = &[
    "actor", "source", "target", "dyad", "code", "root", "quad", "plover", "from", "to", "place",
    "modality", "article",
];

impl EventQuery {
    pub fn parse(p: &Params) -> Result<EventQuery, ApiError> {
        let mut q = EventQuery {
            actor: p.get("actor").map(|v| actor_code("actor", v)).transpose()?,
            source: p
                .get("source")
                .map(|v| actor_code("source", v))
                .transpose()?,
            target: p
                .get("target")
                .map(|v| actor_code("target", v))
                .transpose()?,
            from: p.date("from")?,
            to: p.date("to")?,
            place: p.text("place")?,
            article: p.text("article")?,
            ..EventQuery::default()
        };
        if let Some(d) = p.get("dyad") {
            let Some((a, b)) = d.split_once([',', '>']) else {
                return Err(ApiError::bad(format!(
                    "'dyad' must be SOURCE,TARGET (two actor codes), got '{d}'"
                )));
            };
            q.dyad = Some((actor_code("dyad", a.trim())?, actor_code("dyad", b.trim())?));
        }
        if let Some(c) = p.get("code") {
            if !(2..=4).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ApiError::bad(format!(
                    "'code' must be a CAMEO code of 2 to 4 digits, got '{c}'"
                )));
            }
            q.code = Some(c.to_string());
        }
        if let Some(r) = p.get("root") {
            match r.parse::<u8>() {
                Ok(n @ 1..=20) if r.len() <= 2 => q.root = Some(format!("{n:02}")),
                _ => {
                    return Err(ApiError::bad(format!(
                        "'root' must be a CAMEO root code 01 to 20, got '{r}'"
                    )))
                }
            }
        }
        if let Some(v) = p.get("quad") {
            for part in v.split(',') {
                match part.trim().parse::<u8>() {
                    Ok(n @ 1..=4) => q.quad.push(n),
                    _ => {
                        return Err(ApiError::bad(format!(
                            "'quad' must be QuadClass numbers 1 to 4 (comma-separated), got '{v}'"
                        )))
                    }
                }
            }
        }
        if let Some(v) = p.get("plover") {
            if v.len() > 40 || !v.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
                return Err(ApiError::bad(format!(
                    "'plover' must be a PLOVER event type such as CONSULT, got '{v}'"
                )));
            }
            q.plover = Some(v.to_ascii_uppercase());
        }
        if let Some(v) = p.get("modality") {
            for part in v.split(',').map(str::trim) {
                if !MODALITIES.contains(&part) {
                    return Err(ApiError::bad(format!(
                        "'modality' must be one of {}, got '{part}'",
                        MODALITIES.join(", ")
                    )));
                }
                q.modality.push(part.to_string());
            }
        }
        if let (Some(f), Some(t)) = (&q.from, &q.to) {
            if f > t {
                return Err(ApiError::bad(format!("'from' {f} is after 'to' {t}")));
            }
        }
        Ok(q)
    }

    /// The WHERE clause (empty or starting with " WHERE ") over events
    /// aliased `e`, and its arguments.
    pub fn where_sql(
        &self,
        store: &Store,
        cameo: &CameoTable,
    ) -> Result<(String, Vec<Value>), ApiError> {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let text = |s: &str| Value::Text(s.to_string());
        // Code prefixes as ranges rather than LIKE: a range is cheaper per
        // row and can use an index on the column where one exists. Codes are
        // ASCII letters, digits and '-', all sorting below '~'.
        if let Some(a) = &self.actor {
            conds.push(
                "((e.source >= ? AND e.source < ?) OR (e.target >= ? AND e.target < ?))".into(),
            );
            for _ in 0..2 {
                args.push(text(a));
                args.push(text(&format!("{a}~")));
            }
        }
        if let Some(s) = &self.source {
            conds.push("e.source >= ? AND e.source < ?".into());
            args.push(text(s));
            args.push(text(&format!("{s}~")));
        }
        if let Some(t) = &self.target {
            conds.push("e.target >= ? AND e.target < ?".into());
            args.push(text(t));
            args.push(text(&format!("{t}~")));
        }
        if let Some((s, t)) = &self.dyad {
            conds.push("e.source = ? AND e.target = ?".into());
            args.push(text(s));
            args.push(text(t));
        }
        if let Some(c) = &self.code {
            // The root condition lets SQLite use the (root_code, code) index.
            conds.push("e.root_code = ? AND e.code LIKE ?".into());
            args.push(text(&c[..2]));
            args.push(text(&format!("{c}%")));
        }
        if let Some(r) = &self.root {
            conds.push("e.root_code = ?".into());
            args.push(text(r));
        }
        if !self.quad.is_empty() {
            conds.push(format!(
                "e.quad_class IN ({})",
                placeholders(self.quad.len())
            ));
            args.extend(self.quad.iter().map(|&n| Value::Integer(n.into())));
        }
        if let Some(pl) = &self.plover {
            // The store keeps CAMEO codes only; PLOVER follows from them by
            // the longest-prefix table, so match the codes that map to it.
            let codes = codes_for_plover(store, cameo, pl)?;
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
        if let Some(f) = &self.from {
            conds.push("e.date >= ?".into());
            args.push(text(f));
        }
        if let Some(t) = &self.to {
            conds.push("e.date <= ?".into());
            args.push(text(t));
        }
        if let Some(pl) = &self.place {
            conds.push("e.place = ? COLLATE NOCASE".into());
            args.push(text(pl));
        }
        if !self.modality.is_empty() {
            conds.push(format!(
                "e.modality IN ({})",
                placeholders(self.modality.len())
            ));
            args.extend(self.modality.iter().map(|m| text(m)));
        }
        if let Some(a) = &self.article {
            conds.push("e.article_id = ?".into());
            args.push(text(a));
        }
        let mut sql = String::new();
        if !conds.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conds.join(" AND "));
        }
        Ok((sql, args))
    }
}

/// `?, ?, ?` for an IN list.
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The distinct event codes in the database whose PLOVER event is `plover`.
fn codes_for_plover(
    store: &Store,
    cameo: &CameoTable,
    plover: &str,
) -> Result<Vec<String>, ApiError> {
    let mut stmt = store
        .connection()
        .prepare_cached("SELECT DISTINCT code FROM events ORDER BY code")?;
    let codes = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for code in codes {
        let code = code?;
        if cameo.plover(&code).is_some_and(|p| p.event == plover) {
            out.push(code);
        }
    }
    Ok(out)
}

/// The sort order for `/api/events`: a column and a direction, always with a
/// stable tie-break so pages do not overlap.
pub fn event_order(p: &Params) -> Result<&'static str, ApiError> {
    Ok(match p.get("sort").unwrap_or("-date") {
        "-date" => "e.date DESC, e.article_id, e.idx",
        "date" => "e.date ASC, e.article_id, e.idx",
        "-goldstein" => "e.goldstein DESC, e.date DESC, e.article_id, e.idx",
        "goldstein" => "e.goldstein ASC, e.date DESC, e.article_id, e.idx",
        "code" => "e.code ASC, e.date DESC, e.article_id, e.idx",
        "source" => "e.source ASC, e.date DESC, e.article_id, e.idx",
        "target" => "e.target ASC, e.date DESC, e.article_id, e.idx",
        other => {
            return Err(ApiError::bad(format!(
                "'sort' must be one of date, -date, goldstein, -goldstein, code, source, target; got '{other}'"
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<EventQuery, ApiError> {
        EventQuery::parse(&Params::from_pairs(pairs))
    }

    #[test]
    fn dates_are_checked() {
        for good in ["2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "0000-01-01",
            "2024-00-10",
            "2024-13-01",
            "2024-1-01",
            "yesterday",
            "2024-01-00",
            "２０２４-01-01",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn bad_values_are_400() {
        for pairs in [
            [("quad", "5")],
            [("code", "4a")],
            [("root", "21")],
            [("modality", "rumoured")],
            [("actor", "U S A")],
            [("dyad", "USA")],
            [("from", "2024/01/01")],
            [("plover", "DROP TABLE")],
        ] {
            let err = parse(&pairs).expect_err(&format!("{pairs:?}"));
            assert_eq!(err.status, axum::http::StatusCode::BAD_REQUEST);
        }
        assert!(parse(&[("from", "2024-02-01"), ("to", "2024-01-01")]).is_err());
    }

    #[test]
    fn unknown_parameters_are_refused() {
        let p = Params::from_pairs(&[("actr", "USA")]);
        let err = p.check_known(&[EVENT_KEYS, PAGE_KEYS]).unwrap_err();
        assert!(err.message.contains("actr"), "{}", err.message);
    }
}
