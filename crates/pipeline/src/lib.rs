//! The pipeline: runs every stage, in order, over one article.
//!
//! Order matters and is fixed here, in one place: tokens and sentences →
//! tags, lemmas and dependencies → entities (NER + clustering) → times (which
//! may infer the publication date) → quotes (which need entity names for
//! speakers) → events (which need entities for actors, times for dates and
//! quotes for reported speech) → modality (which needs events and quotes) →
//! places (geocoding the place mentions among the entities) → event places.
//! Each stage reads the layers before it and adds its own; a stage
//! never edits the text or another stage's layer, so every span stays valid.
//!
//! Models are loaded once and shared read-only across threads; analyzing an
//! article needs only `&Pipeline`, so callers parallelize over articles.

use newsgraph_dict::Dictionaries;
use newsgraph_doc::{Article, Document};
use newsgraph_geo::Gazetteer;
use newsgraph_nlp::models::Models;
use newsgraph_nlp::ner::NerModel;
use newsgraph_nlp::tokenize;
use std::path::PathBuf;
use std::time::Duration;

/// A loading thread's result; a panic there is a bug, passed on as one.
fn join<T>(r: std::thread::Result<Result<T, String>>) -> Result<T, String> {
    r.unwrap_or_else(|p| std::panic::resume_unwind(p))
}

fn load_models() -> Result<Models, String> {
    Models::embedded().map_err(|e| format!("loading tagger/parser: {e}"))
}

fn load_ner() -> Result<NerModel, String> {
    NerModel::embedded().map_err(|e| format!("loading NER model: {e}"))
}

fn load_dicts(user_dicts: &[PathBuf]) -> Result<Dictionaries, String> {
    let dicts = Dictionaries::embedded().map_err(|e| format!("loading dictionaries: {e}"))?;
    if user_dicts.is_empty() {
        return Ok(dicts);
    }
    dicts
        .with_user_overlay(user_dicts)
        .map_err(|e| format!("loading user dictionaries: {e}"))
}

fn load_gazetteer() -> Result<Gazetteer, String> {
    Gazetteer::embedded().map_err(|e| format!("loading gazetteer: {e}"))
}

/// Loaded models, ready to analyze articles.
pub struct Pipeline {
    models: Models,
    ner: NerModel,
    dicts: Dictionaries,
    gazetteer: Gazetteer,
}

impl Pipeline {
    /// Loads the models compiled into the binary.
    pub fn load() -> Result<Pipeline, String> {
        Pipeline::load_with(&[])
    }

    /// Loads the built-in models and dictionaries, with the user's own actor
    /// and verb dictionaries (PETRARCH formats) layered on top.
    ///
    /// The parts load on their own threads: start-up is most of what a
    /// one-article run costs, and the parts are independent (each builds its
    /// own tables from bytes compiled into the binary), so on two cores the
    /// wall time is about the largest part rather than the sum.
    pub fn load_with(user_dicts: &[PathBuf]) -> Result<Pipeline, String> {
        let (models, ner, dicts, gazetteer) = std::thread::scope(|scope| {
            let models = scope.spawn(load_models);
            let ner = scope.spawn(load_ner);
            let dicts = scope.spawn(|| load_dicts(user_dicts));
            let gazetteer = load_gazetteer();
            (
                join(models.join()),
                join(ner.join()),
                join(dicts.join()),
                gazetteer,
            )
        });
        Ok(Pipeline {
            models: models?,
            ner: ner?,
            dicts: dicts?,
            gazetteer: gazetteer?,
        })
    }

    /// Loads each part alone, one after another on this thread, and returns
    /// what `clock` (for example the thread's CPU time) advanced for each:
    /// what start-up is made of. The NER figure includes its gazetteer lists
    /// and word clusters when they are built on first use, so call this
    /// before anything else has loaded the NER model.
    pub fn time_each_part(
        clock: &dyn Fn() -> Duration,
    ) -> Result<Vec<(&'static str, Duration)>, String> {
        use newsgraph_nlp::lemma::Lemmatizer;
        use newsgraph_nlp::models::{EMBEDDED_LEMMA, EMBEDDED_PARSER, EMBEDDED_TAGGER};
        use newsgraph_nlp::parser::Parser;
        use newsgraph_nlp::tagger::Tagger;
        let mut parts = Vec::new();
        let mut time = |name: &'static str, load: &dyn Fn() -> Result<(), String>| {
            let t0 = clock();
            load()?;
            parts.push((name, clock().saturating_sub(t0)));
            Ok::<(), String>(())
        };
        let err = |e: newsgraph_nlp::NlpError| e.to_string();
        time("tagger", &|| {
            Tagger::from_bytes(EMBEDDED_TAGGER).map(drop).map_err(err)
        })?;
        time("lemmatizer", &|| {
            Lemmatizer::from_bytes(EMBEDDED_LEMMA)
                .map(drop)
                .map_err(err)
        })?;
        time("parser", &|| {
            Parser::from_bytes(EMBEDDED_PARSER).map(drop).map_err(err)
        })?;
        time("ner", &|| load_ner().map(drop))?;
        time("dictionaries", &|| load_dicts(&[]).map(drop))?;
        time("gazetteer", &|| load_gazetteer().map(drop))?;
        Ok(parts)
    }

    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dicts
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    pub fn models(&self) -> &Models {
        &self.models
    }

    pub fn ner(&self) -> &NerModel {
        &self.ner
    }

    /// Runs every stage over one article.
    pub fn analyze(&self, article: Article) -> Document {
        let mut doc = Document::new(article);
        tokenize::tokenize_document(&mut doc);
        self.models.annotate(&mut doc);
        newsgraph_extract::entities::run(&mut doc, &self.ner);
        newsgraph_extract::times::run(&mut doc);
        newsgraph_extract::quotes::run(&mut doc);
        newsgraph_extract::events::run(&mut doc, &self.dicts);
        newsgraph_extract::modality::run(&mut doc);
        newsgraph_geo::run(&mut doc, &self.gazetteer);
        newsgraph_extract::placing::run(&mut doc);
        doc
    }
}
