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
    pub fn load_with(user_dicts: &[PathBuf]) -> Result<Pipeline, String> {
        let models = Models::embedded().map_err(|e| format!("loading tagger/parser: {e}"))?;
        let ner = NerModel::embedded().map_err(|e| format!("loading NER model: {e}"))?;
        let mut dicts =
            Dictionaries::embedded().map_err(|e| format!("loading dictionaries: {e}"))?;
        if !user_dicts.is_empty() {
            dicts = dicts
                .with_user_overlay(user_dicts)
                .map_err(|e| format!("loading user dictionaries: {e}"))?;
        }
        let gazetteer = Gazetteer::embedded().map_err(|e| format!("loading gazetteer: {e}"))?;
        Ok(Pipeline {
            models,
            ner,
            dicts,
            gazetteer,
        })
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
