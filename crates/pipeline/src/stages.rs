//! The stages, as data: what each one is called, which layers of the
//! [`Document`] it reads and writes, and how it runs.
//!
//! The order is [`Pipeline`](crate::Pipeline)'s list (built by [`all`]), and
//! the declared layers are checked against it by a test: every layer a stage
//! reads is written by an earlier one (or is the article itself). The
//! declarations are what the stage's code reads and writes, as its crate's
//! header states it; they are not enforced at run time.
//!
//! Stages that need models or dictionaries hold shared references to them
//! (`Arc`), so a stage runs on its own (`stage.run(&mut doc)`, as the
//! benches do) and `&Pipeline` stays shareable across threads. A call
//! through `dyn Stage` per stage per article costs nothing measurable next
//! to the work inside.

use newsgraph_dict::Dictionaries;
use newsgraph_doc::Document;
use newsgraph_geo::Gazetteer;
use newsgraph_nlp::models::Models;
use newsgraph_nlp::ner::NerModel;
use std::sync::Arc;

/// A part of a [`Document`] that a stage reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// The input: text, blocks and metadata. No stage writes it except the
    /// publication date ([`Layer::Published`]).
    Article,
    /// `tokens` (spans) and `sentences`.
    Tokens,
    /// Each token's part of speech and lemma.
    Tags,
    /// `entities`: NER spans clustered, with roles and affiliations.
    Entities,
    /// The publication date, when the input did not give one.
    Published,
    /// `times`: normalized time expressions.
    Times,
    /// `Entity::actor`: the entities' CAMEO actor codes.
    ActorCodes,
    /// `parse_plan`: which sentences later stages read the parse of.
    ParsePlan,
    /// Each token's head and relation, in the planned sentences.
    Parse,
    /// `quotes`: direct, partial and indirect speech with speakers.
    Quotes,
    /// `events`: coded CAMEO events, with the coder's first modality.
    Events,
    /// `Event::modality`, refined from the wider context.
    Modality,
    /// `places`: geocoded place mentions.
    Places,
    /// `Event::place`.
    EventPlaces,
    /// `warnings` (appended to).
    Warnings,
}

/// One step of the analysis of an article.
pub trait Stage: Send + Sync {
    /// A short name, unique in the pipeline (bench tables and reports).
    fn name(&self) -> &'static str;
    /// The layers it reads, each written by an earlier stage.
    fn reads(&self) -> &'static [Layer];
    /// The layers it adds or sets.
    fn writes(&self) -> &'static [Layer];
    /// Runs over one document. Never fails: odd input yields results and
    /// warnings.
    fn run(&self, doc: &mut Document);
}

/// The models and dictionaries the stages share, loaded once.
#[derive(Clone)]
pub(crate) struct Parts {
    pub models: Arc<Models>,
    pub ner: Arc<NerModel>,
    pub dicts: Arc<Dictionaries>,
    pub gazetteer: Arc<Gazetteer>,
}

/// Every stage, in the order they run (see the `//!` header of the crate
/// for why this order). `parse_all` makes the parse stage parse every
/// sentence rather than the planned ones.
pub(crate) fn all(parts: &Parts, parse_all: bool) -> Vec<Box<dyn Stage>> {
    vec![
        Box::new(Tokenize),
        Box::new(Tag(parts.models.clone())),
        Box::new(Entities(parts.ner.clone())),
        Box::new(Times),
        Box::new(Actors(parts.dicts.clone())),
        Box::new(Plan(parts.dicts.clone())),
        Box::new(Parse {
            models: parts.models.clone(),
            parse_all,
        }),
        Box::new(Quotes),
        Box::new(Events(parts.dicts.clone())),
        Box::new(Modality),
        Box::new(Places(parts.gazetteer.clone())),
        Box::new(EventPlaces),
    ]
}

use Layer as L;

/// Tokens and sentences (`newsgraph_nlp::tokenize`).
struct Tokenize;

impl Stage for Tokenize {
    fn name(&self) -> &'static str {
        "tokenize"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Article]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::Tokens]
    }
    fn run(&self, doc: &mut Document) {
        newsgraph_nlp::tokenize::tokenize_document(doc);
    }
}

/// Parts of speech and lemmas (the tagger and lemmatizer, no parse).
struct Tag(Arc<Models>);

impl Stage for Tag {
    fn name(&self) -> &'static str {
        "tag"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Tokens]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::Tags]
    }
    fn run(&self, doc: &mut Document) {
        self.0.tag(doc);
    }
}

/// NER and clustering into entities (`newsgraph_extract::entities`).
struct Entities(Arc<NerModel>);

impl Stage for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Article, L::Tokens]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::Entities, L::Warnings]
    }
    fn run(&self, doc: &mut Document) {
        newsgraph_extract::entities::run(doc, &self.0);
    }
}

/// Time expressions, and the publication date when the input lacks one
/// (`newsgraph_extract::times`).
struct Times;

impl Stage for Times {
    fn name(&self) -> &'static str {
        "times"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Article]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::Times, L::Published, L::Warnings]
    }
    fn run(&self, doc: &mut Document) {
        newsgraph_extract::times::run(doc);
    }
}

/// The entities' actor codes, dated by the publication date
/// (`newsgraph_extract::events::code_entities`). Its own stage because the
/// parse plan reads them, before the event coder.
struct Actors(Arc<Dictionaries>);

impl Stage for Actors {
    fn name(&self) -> &'static str {
        "actors"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Tokens, L::Tags, L::Entities, L::Published]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::ActorCodes]
    }
    fn run(&self, doc: &mut Document) {
        newsgraph_extract::events::code_entities(doc, &self.0);
    }
}

/// Which sentences the quote finder and the event coder will read the parse
/// of (`newsgraph_extract::plan_parse`).
struct Plan(Arc<Dictionaries>);

impl Stage for Plan {
    fn name(&self) -> &'static str {
        "plan"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Tokens, L::Tags, L::Entities, L::ActorCodes, L::Published]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::ParsePlan]
    }
    fn run(&self, doc: &mut Document) {
        doc.parse_plan = newsgraph_extract::plan_parse(doc, &self.0);
    }
}

/// The dependency parse of the planned sentences, or of all of them.
struct Parse {
    models: Arc<Models>,
    /// Parse every sentence, not only the planned ones.
    parse_all: bool,
}

impl Stage for Parse {
    fn name(&self) -> &'static str {
        "parse"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Tokens, L::Tags, L::ParsePlan]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::Parse]
    }
    fn run(&self, doc: &mut Document) {
        // A sentence the plan does not cover (no plan at all) is parsed:
        // parsing too much costs time, too little would lose results. The
        // copy (one flag per sentence) frees `doc` for the parser.
        let planned = doc.parse_plan.parse.clone();
        self.models.parse_where(doc, |si| {
            self.parse_all || planned.get(si).copied().unwrap_or(true)
        });
    }
}

/// Direct, partial and indirect speech (`newsgraph_extract::quotes`).
struct Quotes;

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Tokens, L::Tags, L::Parse, L::Entities]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::Quotes]
    }
    fn run(&self, doc: &mut Document) {
        newsgraph_extract::quotes::run(doc);
    }
}

/// CAMEO events in the sentences the plan marks for coding
/// (`newsgraph_extract::events::run_planned`).
struct Events(Arc<Dictionaries>);

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }
    fn reads(&self) -> &'static [Layer] {
        &[
            L::Tokens,
            L::Tags,
            L::Parse,
            L::ParsePlan,
            L::Entities,
            L::ActorCodes,
            L::Times,
            L::Published,
            L::Quotes,
        ]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::Events]
    }
    fn run(&self, doc: &mut Document) {
        newsgraph_extract::events::run_planned(doc, &self.0);
    }
}

/// How far the article stands behind each event
/// (`newsgraph_extract::modality`).
struct Modality;

impl Stage for Modality {
    fn name(&self) -> &'static str {
        "modality"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Article, L::Events, L::Quotes]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::Modality]
    }
    fn run(&self, doc: &mut Document) {
        newsgraph_extract::modality::run(doc);
    }
}

/// Geocoding of the place mentions (`newsgraph_geo`).
struct Places(Arc<Gazetteer>);

impl Stage for Places {
    fn name(&self) -> &'static str {
        "places"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Article, L::Tokens, L::Entities]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::Places, L::Warnings]
    }
    fn run(&self, doc: &mut Document) {
        newsgraph_geo::run(doc, &self.0);
    }
}

/// Which place each event happened at (`newsgraph_extract::placing`).
struct EventPlaces;

impl Stage for EventPlaces {
    fn name(&self) -> &'static str {
        "placing"
    }
    fn reads(&self) -> &'static [Layer] {
        &[L::Events, L::Places]
    }
    fn writes(&self) -> &'static [Layer] {
        &[L::EventPlaces]
    }
    fn run(&self, doc: &mut Document) {
        newsgraph_extract::placing::run(doc);
    }
}
