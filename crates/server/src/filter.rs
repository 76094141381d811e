//! Query-string parsing, and the event filter shared by `/api/events`,
//! `/api/timeline` and `/api/network`.
//!
//! Every value is checked here (dates, codes, numbers, enumerations) and
//! becomes a typed filter of the store ([`EventQuery`], [`EventOrder`]),
//! which turns it into SQL with `?` placeholders only; user text never
//! becomes SQL.
//! An unknown parameter is a 400 rather than silently ignored, because a
//! typo like `?actr=USA` would otherwise return every event and look right.

use crate::ApiError;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use newsgraph_store::{EventOrder, EventQuery};

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
        newsgraph_store::values::entity_type(v)
            .map(Some)
            .map_err(|e| ApiError::bad(format!("'{key}': {e}")))
    }
}

pub const PAGE_KEYS: &[&str] = &["limit", "offset"];

/// A real calendar date `YYYY-MM-DD`, checked as the CLI checks it.
fn is_date(v: &str) -> bool {
    newsgraph_store::values::is_date(v)
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

pub const EVENT_KEYS: &[&str] = &[
    "actor",
    "source",
    "target",
    "dyad",
    "code",
    "root",
    "quad",
    "plover",
    "from",
    "to",
    "place",
    "modality",
    "article",
    "q",
    "min_confidence",
];

/// The event filters of the query string: actor codes upper-cased, codes,
/// QuadClasses, modalities and dates checked.
pub fn parse_event_query(p: &Params) -> Result<EventQuery, ApiError> {
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
        // Search words as the articles list takes them: at most 32.
        search: p
            .text("q")?
            .map(|q| q.split_whitespace().take(32).map(str::to_string).collect())
            .unwrap_or_default(),
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
        for part in v.split(',') {
            let m = newsgraph_store::values::modality(part)
                .map_err(|e| ApiError::bad(format!("'modality': {e}")))?;
            q.modality.push(m);
        }
    }
    if let Some(v) = p.get("min_confidence") {
        q.min_confidence = Some(
            newsgraph_store::values::confidence(v)
                .map_err(|e| ApiError::bad(format!("'min_confidence': {e}")))?,
        );
    }
    if let (Some(f), Some(t)) = (&q.from, &q.to) {
        if f > t {
            return Err(ApiError::bad(format!("'from' {f} is after 'to' {t}")));
        }
    }
    Ok(q)
}

/// The sort order for `/api/events`: a column and a direction, always with a
/// stable tie-break so pages do not overlap.
pub fn event_order(p: &Params) -> Result<EventOrder, ApiError> {
    Ok(match p.get("sort").unwrap_or("-date") {
        "-date" => EventOrder::DateDesc,
        "date" => EventOrder::DateAsc,
        "-goldstein" => EventOrder::GoldsteinDesc,
        "goldstein" => EventOrder::GoldsteinAsc,
        "code" => EventOrder::Code,
        "source" => EventOrder::Source,
        "target" => EventOrder::Target,
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
        parse_event_query(&Params::from_pairs(pairs))
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

    /// Issue 23, item 9: the API parses values as the CLI does: any case
    /// for enumerations, a suggestion with the refusal.
    #[test]
    fn issue_23_values_parse_as_in_the_cli() {
        let q = parse(&[("modality", "Hedged,NEGATED")]).unwrap();
        assert_eq!(q.modality, ["hedged", "negated"]);
        assert_eq!(
            parse(&[("min_confidence", "0.3")]).unwrap().min_confidence,
            Some(0.3)
        );
        let err = parse(&[("min_confidence", "high")]).unwrap_err();
        assert!(
            format!("{err:?}").contains("is not a confidence"),
            "{err:?}"
        );
        let err = parse(&[("modality", "hedge")]).unwrap_err();
        assert!(
            err.message.contains("did you mean hedged?"),
            "{}",
            err.message
        );
        let p = Params::from_pairs(&[("type", "PERSONS")]);
        let err = p.entity_type("type").unwrap_err();
        assert!(
            err.message.contains("did you mean PERSON?"),
            "{}",
            err.message
        );
        assert!(parse(&[("from", "2005-13-01")]).is_err());
    }

    #[test]
    fn unknown_parameters_are_refused() {
        let p = Params::from_pairs(&[("actr", "USA")]);
        let err = p.check_known(&[EVENT_KEYS, PAGE_KEYS]).unwrap_err();
        assert!(err.message.contains("actr"), "{}", err.message);
    }
}
