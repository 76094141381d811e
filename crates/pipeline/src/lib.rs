//! The pipeline: runs every stage, in order, over one article.
//!
//! Order matters and is fixed here, in one place: tokens and sentences →
//! tags and lemmas → entities (NER + clustering) → times (which may infer
//! the publication date) → dependencies, for the sentences quotes or events
//! will read (`newsgraph_extract::plan_parse`, which needs the
//! entities and the date) → quotes (which need entity names for speakers)
//! → events (which need entities for actors, times for dates and quotes for
//! reported speech) → modality (which needs events and quotes) → places
//! (geocoding the place mentions among the entities) → event places.
//! Each stage reads the layers before it and adds its own; a stage
//! never edits the text or another stage's layer, so every span stays valid.
//!
//! Parsing only where it is read is the largest saving the pipeline makes:
//! the parser is about half of its time, and about a third of the tokens
//! of news text need no parse. [`Pipeline::parse_everything`] parses all
//! (for a dump of the parse). [`Pipeline::analyze_with_dictionaries`] runs
//! the stages with other event dictionaries, plan included, for a gold set
//! labelled with its own (the PETRARCH unit tests).
//!
//! Models are loaded once and shared read-only across threads; analyzing an
//! article needs only `&Pipeline`, so callers parallelize over articles.

use newsgraph_dict::Dictionaries;
use newsgraph_doc::{Article, Document};
use newsgraph_extract::ParsePlan;
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
    /// Parse every sentence, not only those a stage reads.
    parse_all: bool,
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
            parse_all: false,
        })
    }

    /// Makes [`Pipeline::analyze`] parse every sentence, so each token has
    /// its head and relation (otherwise only the sentences quotes and
    /// events read are parsed; the analysis is the same either way). Needed
    /// by a caller that reads the parse itself.
    pub fn parse_everything(mut self, yes: bool) -> Pipeline {
        self.parse_all = yes;
        self
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

    /// Parses the sentences of a tagged document with entities and times
    /// that a later stage reads (all of them with
    /// [`Pipeline::parse_everything`]): the pipeline's parse step. Returns
    /// the plan, whose `code` the event stage takes
    /// (`newsgraph_extract::events::run_on`).
    pub fn parse(&self, doc: &mut Document) -> ParsePlan {
        self.parse_sentences(doc, &self.dicts, self.parse_all)
    }

    fn parse_sentences(
        &self,
        doc: &mut Document,
        dicts: &Dictionaries,
        parse_all: bool,
    ) -> ParsePlan {
        let plan = newsgraph_extract::plan_parse(doc, dicts);
        self.models.parse_where(doc, |si| {
            parse_all || plan.parse.get(si).copied().unwrap_or(true)
        });
        plan
    }

    /// Runs every stage over one article.
    pub fn analyze(&self, article: Article) -> Document {
        self.analyze_with(article, &self.dicts)
    }

    /// [`Pipeline::analyze`] with `dicts` in place of the pipeline's
    /// dictionaries: entities' actor codes, the sentences parsed for the
    /// event coder and the events all follow `dicts`, so the result is what
    /// a pipeline loaded with them would give, without loading the models
    /// again. For scoring a gold set against the dictionaries it was
    /// labelled for.
    pub fn analyze_with_dictionaries(&self, article: Article, dicts: &Dictionaries) -> Document {
        self.analyze_with(article, dicts)
    }

    fn analyze_with(&self, article: Article, dicts: &Dictionaries) -> Document {
        let mut doc = Document::new(article);
        tokenize::tokenize_document(&mut doc);
        self.models.tag(&mut doc);
        newsgraph_extract::entities::run(&mut doc, &self.ner);
        newsgraph_extract::times::run(&mut doc);
        let plan = self.parse_sentences(&mut doc, dicts, self.parse_all);
        newsgraph_extract::quotes::run(&mut doc);
        newsgraph_extract::events::run_on(&mut doc, dicts, &plan.code);
        newsgraph_extract::modality::run(&mut doc);
        newsgraph_geo::run(&mut doc, &self.gazetteer);
        newsgraph_extract::placing::run(&mut doc);
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_doc::ArticleBuilder;

    #[test]
    fn parsing_only_what_is_read_changes_no_layer() {
        let article = ArticleBuilder::new("t")
            .title("Russia accuses Ukraine over border clash")
            .paragraph(
                "Russia accused Ukraine of shelling a border village on Monday. The weather \
                 was mild and the roads were quiet. \"We will respond,\" the Russian defence \
                 minister said. Prices of bread rose in the morning.",
            )
            .paragraph(
                "\"The bridge is closed until spring.\" The mayor said so on Tuesday. A \
                 farmer told reporters that the harvest had been poor. According to the \
                 council, repairs will take a month. \"Nobody was hurt,\" she added, \
                 \"but the road is gone.\" Said to be the oldest in the valley, the bridge \
                 was built in 1820.",
            )
            .build();
        let pipeline = Pipeline::load().expect("embedded models load");
        let lazy_doc = pipeline.analyze(article.clone());
        let same_dicts_doc =
            pipeline.analyze_with_dictionaries(article.clone(), pipeline.dictionaries());
        let full_doc = pipeline.parse_everything(true).analyze(article);
        let layers = |d: &Document| {
            format!(
                "{:?}{:?}{:?}{:?}{:?}{:?}",
                d.entities, d.quotes, d.times, d.events, d.places, d.warnings
            )
        };
        assert_eq!(layers(&lazy_doc), layers(&full_doc));
        assert_eq!(layers(&lazy_doc), layers(&same_dicts_doc));
        assert!(!full_doc.events.is_empty() && !full_doc.quotes.is_empty());
        // Same tags, but some sentence was left unparsed: a sentence of
        // several words always has heads once parsed.
        let parsed = |d: &Document, si: usize| {
            d.sentences[si]
                .token_range()
                .any(|i| d.tokens[i].head.is_some())
        };
        let n = full_doc.sentences.len();
        assert!((0..n).all(|si| parsed(&full_doc, si)));
        assert!((0..n).any(|si| !parsed(&lazy_doc, si)));
        assert!((0..n).any(|si| parsed(&lazy_doc, si)));
        let tags = |d: &Document| {
            d.tokens
                .iter()
                .map(|t| (t.upos, t.xpos, t.lemma.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(tags(&lazy_doc), tags(&full_doc));
    }
}
