//! The records the store's reads return ([`crate::read`], [`crate::events`]):
//! one type per shape a stored fact takes in `newsgraph serve`'s JSON API,
//! so the SQL that reads a table and the JSON that shows it are checked
//! together by the compiler (the server serializes these as they are; its
//! OpenAPI document is tested against them).
//!
//! Fields are declared in alphabetical order of their JSON names. The API
//! has always sent object keys sorted (it used to build its responses as
//! `serde_json` maps, which sort), and keeping that order keeps every
//! response byte for byte what it was.
//!
//! A JSON column that does not parse (a file edited by another tool) reads
//! as `None` and shows as `null`, as before.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// `GET /api/stats`: row counts per table, the publication date range and
/// the busiest sources.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Stats {
    pub counts: BTreeMap<String, i64>,
    pub published: DateRange,
    pub sources: Vec<SourceCount>,
}

/// The first and last publication dates stored.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DateRange {
    pub first: Option<String>,
    pub last: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SourceCount {
    pub n_articles: i64,
    pub source: String,
}

/// `GET /api/codes`: the CAMEO codes present with their labels, and the
/// PLOVER event types they map to.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CodeList {
    pub codes: Vec<CodeCount>,
    pub plover: Vec<PloverCount>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CodeCount {
    pub code: String,
    pub label: Option<String>,
    pub n_events: i64,
    pub plover: Option<String>,
    pub quad_class: u8,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PloverCount {
    pub event: String,
    pub n_events: i64,
}

/// One page of `GET /api/articles`; `total` counts every match.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ArticlePage {
    pub articles: Vec<ArticleSummary>,
    pub limit: usize,
    pub offset: usize,
    pub total: i64,
}

/// An article in a list: its metadata, its event count and a snippet (the
/// matched words' context with a search, else the text's start).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ArticleSummary {
    pub id: String,
    pub n_events: i64,
    pub origin: Option<String>,
    pub published: Option<String>,
    pub published_basis: String,
    pub snippet: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
}

/// `GET /api/articles/{id}`: one article with its text and every layer,
/// spans in character offsets.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ArticleDetail {
    pub byline: Option<String>,
    pub entities: Vec<EntityDetail>,
    pub events: Vec<EventRecord>,
    pub id: String,
    pub origin: Option<String>,
    pub places: Vec<PlaceDetail>,
    pub published: PublishedDetail,
    pub quotes: Vec<QuoteDetail>,
    pub source: Option<String>,
    pub text: String,
    pub times: Vec<TimeDetail>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub warnings: Vec<WarningDetail>,
}

/// The publication date, how it was found, and the evidence for it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PublishedDetail {
    pub basis: String,
    pub date: Option<String>,
    pub evidence: Option<Vec<String>>,
}

/// A character span of an article and its text.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SpanRecord {
    pub end: i64,
    pub start: i64,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityDetail {
    pub actor: Option<String>,
    pub affiliations: Option<Vec<String>>,
    pub idx: i64,
    /// The corpus entity it belongs to; `None` in a file read as it is
    /// that has no corpus entities.
    pub key: Option<String>,
    /// By start offset.
    pub mentions: Vec<SpanRecord>,
    pub name: String,
    pub roles: Option<Vec<String>>,
    #[serde(rename = "type")]
    pub entity_type: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct QuoteDetail {
    pub cue: Option<String>,
    pub end: i64,
    pub idx: i64,
    /// direct, indirect or mixed.
    pub kind: String,
    pub speaker: Option<String>,
    pub start: i64,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TimeDetail {
    pub end: i64,
    pub idx: i64,
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
    pub start: i64,
    pub text: String,
    #[serde(rename = "type")]
    pub timex_type: String,
    pub value: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlaceDetail {
    pub contained_in: Option<i64>,
    pub country: Option<String>,
    pub geonames_id: Option<i64>,
    pub idx: i64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The text of each span is sliced from the article (the table keeps
    /// offsets only); a span outside the text gives "".
    pub mentions: Vec<SpanRecord>,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WarningDetail {
    pub idx: i64,
    pub kind: String,
    pub message: String,
    pub spans: Vec<SpanRecord>,
}

/// One event as the API shows it: the stored row, the title of its
/// article, and the CAMEO label and PLOVER event derived from its code.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EventRecord {
    pub article_id: String,
    pub article_title: Option<String>,
    pub code: String,
    /// The event scorer's confidence, 0–1; null for events stored before it.
    pub confidence: Option<f64>,
    pub date: Option<String>,
    pub end: i64,
    pub goldstein: f64,
    pub idx: i64,
    pub label: Option<String>,
    pub modality: String,
    pub modality_cues: Option<Vec<String>>,
    pub place: Option<String>,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    pub quad_class: i64,
    /// An analyst's judgement: `right`, `corrected` (code, source or
    /// target corrected, shown corrected), `wrong` (in an article's own
    /// list only; every other read leaves it out); null when not reviewed.
    pub review: Option<String>,
    pub root_code: String,
    pub source: Option<String>,
    pub start: i64,
    pub target: Option<String>,
    pub text: String,
}

/// One page of `GET /api/events`; `total` counts every match.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EventPage {
    pub events: Vec<EventRecord>,
    pub limit: usize,
    pub offset: usize,
    pub total: i64,
}

/// `GET /api/timeline`: events per day.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Timeline {
    pub days: Vec<TimelineDay>,
}

/// One day of events: cooperative is QuadClass 1–2, conflictual 3–4.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TimelineDay {
    pub conflictual: i64,
    pub cooperative: i64,
    pub date: String,
    /// Rounded to two decimals.
    pub mean_goldstein: f64,
    pub n: i64,
}

/// `GET /api/network`: the busiest dyads and the actors on them.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Network {
    pub edges: Vec<NetworkEdge>,
    pub nodes: Vec<NetworkNode>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NetworkEdge {
    pub conflictual: i64,
    pub cooperative: i64,
    /// Rounded to two decimals.
    pub mean_goldstein: f64,
    pub n_events: i64,
    pub source: String,
    pub target: String,
}

/// An actor code, labelled with the entity name most often coded so.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NetworkNode {
    pub id: String,
    pub label: Option<String>,
    pub n_events: i64,
}

/// `GET /api/places`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlaceList {
    pub places: Vec<PlaceSummary>,
}

/// A place name (per country) across articles; coordinates averaged.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlaceSummary {
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub n_articles: i64,
    pub n_events: i64,
    pub n_mentions: i64,
    pub name: String,
}

/// `GET /api/entity`: one entity across articles — a corpus entity (by
/// `key`, every spelling of it) or one name as written.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityProfile {
    pub actors: BTreeSet<String>,
    pub affiliations: BTreeSet<String>,
    /// Articles `offset..offset + limit` of `n_articles`, newest first.
    pub articles: Vec<EntityArticle>,
    /// The first [`ENTITY_EVENTS_MAX`] of `n_events`, by date.
    pub events: Vec<EventRecord>,
    /// The corpus entity's key; `None` for a profile of one name.
    pub key: Option<String>,
    /// The page size of `articles`, `mentions` and `quotes`.
    pub limit: usize,
    /// Mentions `offset..offset + limit` of `n_mentions`.
    pub mentions: Vec<EntityMention>,
    pub n_articles: usize,
    /// Every matching event mention; more than `events.len()` when the list
    /// is cut.
    pub n_events: i64,
    pub n_mentions: i64,
    pub n_quotes: i64,
    pub name: String,
    /// Every spelling of the entity, most used first.
    pub names: Vec<String>,
    pub offset: usize,
    /// Quotes `offset..offset + limit` of `n_quotes`.
    pub quotes: Vec<EntityQuote>,
    pub roles: BTreeSet<String>,
    pub timeline: Vec<EntityDay>,
    pub types: BTreeSet<String>,
}

/// An article naming an entity, with how many times it does.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityArticle {
    pub article_id: String,
    pub n_mentions: i64,
    pub published: Option<String>,
    pub title: Option<String>,
}

/// A corpus entity: one real-world actor across articles and spellings
/// (`corpus_entities.rs` says how spellings are joined).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CorpusEntityRow {
    pub actor: Option<String>,
    pub geonames_id: Option<i64>,
    /// `country:USA`, `place:<GeoNames id>`, `actor:IGOUNO` or
    /// `<type>:<normalized name>`: stable across re-ingest.
    pub key: String,
    pub n_articles: i64,
    pub n_mentions: i64,
    /// The most used spelling.
    pub name: String,
    /// Every spelling, most used first.
    pub names: Vec<String>,
    pub roles: Vec<String>,
    #[serde(rename = "type")]
    pub entity_type: String,
}

/// `GET /api/entities`: corpus entities by coverage, a page of `total`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CorpusEntityList {
    pub entities: Vec<CorpusEntityRow>,
    pub limit: usize,
    pub offset: usize,
    pub total: i64,
}

/// Most events an entity profile lists (and draws in its timeline).
pub const ENTITY_EVENTS_MAX: usize = 1000;

/// A mention with up to 80 characters of context either side;
/// `context_offset` is where the mention starts in `context`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityMention {
    pub article_id: String,
    pub context: String,
    pub context_offset: i64,
    pub end: i64,
    pub published: Option<String>,
    pub start: i64,
    pub text: String,
    pub title: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityQuote {
    pub article_id: String,
    pub cue: Option<String>,
    pub end: i64,
    pub kind: String,
    pub published: Option<String>,
    pub start: i64,
    pub text: String,
    pub title: Option<String>,
}

/// Events per day of one entity (no Goldstein mean, unlike [`TimelineDay`]).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityDay {
    pub conflictual: i64,
    pub cooperative: i64,
    pub date: String,
    pub n: i64,
}

/// `GET /api/entities`: entities by coverage ([`crate::EntityRow`], which
/// `newsgraph query entities --json` prints in its declared order).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityList {
    #[serde(serialize_with = "sorted_keys")]
    pub entities: Vec<crate::EntityRow>,
}

/// Serializes with object keys sorted, as the API sends them.
fn sorted_keys<T: Serialize, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    serde_json::to_value(v)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// `GET /api/counts` and `newsgraph counts`: events per period and group
/// ([`crate::counts`]).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CountTable {
    /// The grouping: dyad, actor, root, quad, plover or place.
    pub by: String,
    /// Events (merged mentions) matching the filters, keyed or not.
    pub n_events: i64,
    /// Event mentions matching the filters but the date range that have
    /// no date: in rows with a null period when no range was asked for,
    /// left out of the rows otherwise, and counted here either way.
    pub n_undated: i64,
    /// Events without the grouping's key (no source or target for a
    /// dyad, no place for a place, no PLOVER type for the code).
    pub n_unkeyed: i64,
    /// The period: day, week or month.
    pub per: String,
    pub rows: Vec<CountRow>,
}

/// One period and group.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CountRow {
    /// Mean Goldstein score of the events, two decimals.
    pub goldstein_mean: f64,
    /// Sum of the events' Goldstein scores, two decimals.
    pub goldstein_sum: f64,
    /// The group: `SOURCE,TARGET` for a dyad, else the actor code, root
    /// code, QuadClass, PLOVER event or place name.
    pub key: String,
    /// The CAMEO label of a root, the name of a QuadClass; else null.
    pub label: Option<String>,
    pub n_articles: i64,
    pub n_events: i64,
    pub n_mentions: i64,
    /// The first day of the period (`YYYY-MM-DD`; weeks start on Monday);
    /// null for undated events.
    pub period: Option<String>,
    /// A dyad's source and target; null for other groupings.
    pub source: Option<String>,
    pub target: Option<String>,
    /// Mean tone of the mentions' articles (GDELT's AvgTone), two
    /// decimals; null when no tone was given.
    pub tone_mean: Option<f64>,
}

/// `GET /api/quotes`: one page of quotes across articles; `total` counts
/// every match.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct QuotePage {
    pub limit: usize,
    pub offset: usize,
    pub quotes: Vec<QuoteRow>,
    pub total: i64,
}

/// One quote with its article.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct QuoteRow {
    pub article_id: String,
    pub cue: Option<String>,
    pub end: i64,
    pub idx: i64,
    /// direct, indirect or mixed.
    pub kind: String,
    pub published: Option<String>,
    pub speaker: Option<String>,
    pub start: i64,
    pub text: String,
    pub title: Option<String>,
}
