//! The layers stages add to a [`crate::Document`]: entities, quotes, times,
//! places, events and warnings, each carrying the span(s) it came from; and
//! the parse plan, the pipeline's own note of which sentences later stages
//! read the dependency parse of.

use crate::Span;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Entity types in the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Org,
    /// Countries, cities, states: places with a government.
    Gpe,
    /// Places without one: rivers, regions, mountains.
    Loc,
    /// Nationalities and groups: "North Korean", "Russian".
    Norp,
    /// Facilities: stations, buildings, airports.
    Fac,
    /// Named events: "Eastern Economic Forum".
    Event,
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 8] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Gpe,
        EntityType::Loc,
        EntityType::Norp,
        EntityType::Fac,
        EntityType::Event,
        EntityType::Misc,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Norp => "NORP",
            EntityType::Fac => "FAC",
            EntityType::Event => "EVENT",
            EntityType::Misc => "MISC",
        }
    }
    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// How a mention refers to its entity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A proper name: "Kim Jong-un", "Peskov", "Mr Straw".
    #[default]
    Name,
    /// A description standing for the entity: "the North Korean leader".
    Description,
    /// A pronoun resolved to the entity.
    Pronoun,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
}

/// One real-world entity within an article, with all its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical name: the fullest proper-name form in the article.
    pub name: String,
    pub entity_type: EntityType,
    /// CAMEO actor code, once actor coding has run.
    pub actor: Option<String>,
    /// Roles and titles the article gives: "Foreign Minister", "spokesperson".
    pub roles: Vec<String>,
    /// Organizations or countries the article ties the entity to.
    pub affiliations: Vec<String>,
    /// Sorted by span and without duplicates; stages rely on this to find
    /// mentions by binary search.
    pub mentions: Vec<Mention>,
}

impl Entity {
    pub fn first_span(&self) -> Option<Span> {
        self.mentions.iter().map(|m| m.span).min()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Words inside quotation marks, attributed to a speaker.
    #[default]
    Direct,
    /// "X said (that) …", "according to X", "X accused Y of …".
    Indirect,
    /// Reported speech that quotes some of the words ("said the plan was
    /// “a gift to the oil companies”"), or a quoted phrase inside a sentence
    /// that is otherwise the writer's.
    Mixed,
}

/// Something someone said.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted content (without the quotation marks for direct quotes).
    pub span: Span,
    pub kind: QuoteKind,
    /// Canonical name of the speaker entity, or the description used.
    pub speaker: Option<String>,
    /// Where the speaker is named near the quote.
    pub speaker_span: Option<Span>,
    /// Index into `Document::entities` when the speaker is a known entity.
    pub speaker_entity: Option<usize>,
    /// The cue verb or phrase: "said", "according to".
    pub cue: Option<String>,
    pub cue_span: Option<Span>,
}

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    #[default]
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(&self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// A time expression, normalized to a TIMEX3 value where possible.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub span: Span,
    pub timex_type: TimexType,
    /// TIMEX3 value: `2023-09-13`, `2020`, `P4Y`, `PRESENT_REF`, …
    pub value: Option<String>,
    /// TIMEX3 mod: `MORE_THAN`, `APPROX`, `START`, …
    pub modifier: Option<String>,
}

/// A place mention resolved (or not) against the gazetteer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    /// ISO 3166 alpha-3.
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonames_id: Option<u64>,
    pub mentions: Vec<Span>,
    /// GeoNames feature class: `A` country or division, `P` populated
    /// place, `L` continent.
    #[serde(default)]
    pub feature_class: Option<String>,
    /// GeoNames feature code: `PCLI`, `ADM1`, `PPLC`, `PPLA`, `PPL`, `CONT`.
    #[serde(default)]
    pub feature_code: Option<String>,
    /// FIPS 10-4 country code (GDELT's location country).
    #[serde(default)]
    pub fips: Option<String>,
    /// ADM1 code as GDELT writes it: FIPS country + GeoNames first-order
    /// division code (`RS59`, `USTX`); the FIPS code alone for a country.
    #[serde(default)]
    pub adm1: Option<String>,
    /// For a place the gazetteer lacks: the GeoNames id of the containing
    /// place whose country, codes and coordinates it was given.
    #[serde(default)]
    pub contained_in: Option<u64>,
}

/// Whether and how the article stands behind a claim or event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    #[default]
    Asserted,
    Attributed,
    Anonymous,
    Hedged,
    Expected,
    Negated,
}

impl Modality {
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Attributed => "attributed",
            Modality::Anonymous => "anonymous",
            Modality::Hedged => "hedged",
            Modality::Expected => "expected",
            Modality::Negated => "negated",
        }
    }
}

/// A coded political event: source actor does something to a target actor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Source actor code (CAMEO).
    pub source: Option<String>,
    /// Target actor code (CAMEO).
    pub target: Option<String>,
    /// CAMEO event code as a string ("042").
    pub code: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub date: Option<NaiveDate>,
    pub place: Option<String>,
    pub modality: Modality,
    /// The words that made the modality: "alleged", "according to".
    pub modality_cues: Vec<String>,
    /// The sentence or clause the event was coded from.
    pub evidence: Span,
    /// PLOVER event type the CAMEO code maps to ("CONSULT"), if any.
    pub plover: Option<String>,
    /// PLOVER mode ("visit"), if the mapping gives one.
    pub plover_mode: Option<String>,
    /// The dictionary pattern, verb or transformation that fired.
    pub pattern: Option<String>,
    /// The words naming the source and target actors.
    pub source_name: Option<String>,
    pub target_name: Option<String>,
    /// How likely a careful coder codes the same event (countries on both
    /// sides and CAMEO root), 0–1, from the event scorer
    /// (`newsgraph_extract::events::scorer`). 0 in JSON written before it.
    #[serde(default)]
    pub confidence: f32,
}

/// Something in the article that does not add up, or a limit that was hit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// Machine-readable kind: `name_mismatch`, `weekday_mismatch`, `date_conflict`, …
    pub kind: String,
    pub message: String,
    pub spans: Vec<Span>,
}

impl Warning {
    pub fn new(kind: &str, message: impl Into<String>, spans: Vec<Span>) -> Warning {
        Warning {
            kind: kind.to_string(),
            message: message.into(),
            spans,
        }
    }
}

/// Which sentences of a document later stages read the dependency parse of,
/// decided before the parse (by `newsgraph_extract::plan_parse`). Parsing
/// is most of the pipeline's time and in news about a third of the tokens
/// are in sentences nothing reads the parse of, so the parse step parses
/// only the sentences marked here. Not part of the JSON contract.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsePlan {
    /// Per sentence: the quote finder or the event coder reads its parse.
    pub parse: Vec<bool>,
    /// Per sentence: the event coder reads it (a subset of `parse`).
    pub code: Vec<bool>,
}
