//! The pipeline: runs every stage, in order, over one article.
//!
//! The stages are data ([`Stage`], in [`stages`]): each names the layers of
//! the [`Document`] it reads and writes, and [`Pipeline`] holds them in one
//! ordered list, which [`Pipeline::analyze`] runs and [`Pipeline::stages`]
//! hands to callers that time or inspect them (the bench). The order:
//! tokens and sentences → tags and lemmas → entities (NER + clustering) →
//! times (which may infer the publication date) → actors (the entities'
//! actor codes, dated by that date) → plan (which sentences quotes or
//! events will read the parse of: `newsgraph_extract::plan_parse`, which
//! needs the actor codes) → parse (the planned sentences) → quotes (which
//! need entity names for speakers) → events (which need actor codes, times
//! for dates, quotes for reported speech, and the plan for which sentences
//! to code) → modality (which needs events and quotes) → places (geocoding
//! the place mentions among the entities) → event places. Each stage reads
//! the layers before it and adds its own (a test checks the declared reads
//! against the order); a stage never edits the text or another stage's
//! layer, so every span stays valid.
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

pub mod stages;

pub use stages::{Layer, Stage};

use newsgraph_dict::Dictionaries;
use newsgraph_doc::{Article, Document};
use newsgraph_geo::Gazetteer;
use newsgraph_nlp::models::Models;
use newsgraph_nlp::ner::NerModel;
use stages::Parts;
use std::path::PathBuf;
use std::sync::Arc;
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

/// Loaded models and the stages that use them, ready to analyze articles.
pub struct Pipeline {
    parts: Parts,
    /// Every stage, in the order they run.
    stages: Vec<Box<dyn Stage>>,
    /// The parse stage parses every sentence, not only those a stage reads.
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
        // The event scorer is read on first use; a file that does not read
        // is a broken build, said here rather than scoring every event 0.5.
        newsgraph_extract::events::scorer::Scorer::embedded()?;
        let parts = Parts {
            models: Arc::new(models?),
            ner: Arc::new(ner?),
            dicts: Arc::new(dicts?),
            gazetteer: Arc::new(gazetteer?),
        };
        Ok(Pipeline {
            stages: stages::all(&parts, false),
            parts,
            parse_all: false,
        })
    }

    /// Makes [`Pipeline::analyze`] parse every sentence, so each token has
    /// its head and relation (otherwise only the sentences quotes and
    /// events read are parsed; the analysis is the same either way). Needed
    /// by a caller that reads the parse itself.
    pub fn parse_everything(mut self, yes: bool) -> Pipeline {
        self.parse_all = yes;
        self.stages = stages::all(&self.parts, yes);
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

    /// The default minimum confidence of an event users see: the event
    /// scorer's, chosen on the dev set when it was trained. The analysis
    /// keeps every event; the commands leave out those below it.
    pub fn min_confidence(&self) -> f32 {
        default_min_confidence()
    }

    pub fn dictionaries(&self) -> &Dictionaries {
        &self.parts.dicts
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.parts.gazetteer
    }

    pub fn models(&self) -> &Models {
        &self.parts.models
    }

    pub fn ner(&self) -> &NerModel {
        &self.parts.ner
    }

    /// Every stage, in the order [`Pipeline::analyze`] runs them: running
    /// each over a `Document::new(article)` in turn is the analysis.
    pub fn stages(&self) -> impl ExactSizeIterator<Item = &dyn Stage> {
        self.stages.iter().map(|s| s.as_ref())
    }

    /// Runs every stage over one article.
    pub fn analyze(&self, article: Article) -> Document {
        run_all(&self.stages, article)
    }

    /// [`Pipeline::analyze`] with `dicts` in place of the pipeline's
    /// dictionaries: entities' actor codes, the sentences parsed for the
    /// event coder and the events all follow `dicts`, so the result is what
    /// a pipeline loaded with them would give, without loading the models
    /// again. For scoring a gold set against the dictionaries it was
    /// labelled for. The stage list for it is built per call: a dozen small
    /// allocations, nothing next to an analysis.
    pub fn analyze_with_dictionaries(
        &self,
        article: Article,
        dicts: &Arc<Dictionaries>,
    ) -> Document {
        let parts = Parts {
            models: Arc::clone(&self.parts.models),
            ner: Arc::clone(&self.parts.ner),
            dicts: Arc::clone(dicts),
            gazetteer: Arc::clone(&self.parts.gazetteer),
        };
        run_all(&stages::all(&parts, self.parse_all), article)
    }
}

fn run_all(stages: &[Box<dyn Stage>], article: Article) -> Document {
    let mut doc = Document::new(article);
    for stage in stages {
        stage.run(&mut doc);
    }
    doc
}

/// [`Pipeline::min_confidence`] without a loaded pipeline.
pub fn default_min_confidence() -> f32 {
    newsgraph_extract::events::scorer::embedded().threshold
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_doc::ArticleBuilder;
    use std::collections::HashSet;

    #[test]
    fn every_layer_a_stage_reads_is_written_before_it() {
        let pipeline = Pipeline::load().expect("embedded models load");
        let mut written: HashSet<Layer> = HashSet::from([Layer::Article]);
        let mut names = HashSet::new();
        for stage in pipeline.stages() {
            for layer in stage.reads() {
                assert!(
                    written.contains(layer),
                    "stage {} reads {layer:?} before any stage writes it",
                    stage.name()
                );
            }
            written.extend(stage.writes());
            assert!(
                names.insert(stage.name()),
                "two stages named {}",
                stage.name()
            );
        }
        // The plan is a layer of its own, between the actor codes it reads
        // and the parse that reads it.
        let position = |name: &str| pipeline.stages().position(|s| s.name() == name);
        assert!(position("actors") < position("plan"));
        assert!(position("plan") < position("parse"));
    }

    #[test]
    fn running_the_stages_one_by_one_is_the_analysis() {
        let pipeline = Pipeline::load().expect("embedded models load");
        let article = ArticleBuilder::new("t")
            .title("Police arrest three after Paris blast")
            .paragraph(
                "Police in Paris arrested three men on Tuesday after a bomb exploded near \
                 the station, officials said. \"We will find them,\" the minister said.",
            )
            .build();
        let mut doc = Document::new(article.clone());
        for stage in pipeline.stages() {
            stage.run(&mut doc);
        }
        let whole = pipeline.analyze(article);
        let layers = |d: &Document| {
            format!(
                "{:?}{:?}{:?}{:?}{:?}{:?}{:?}",
                d.tokens, d.entities, d.quotes, d.times, d.events, d.places, d.warnings
            )
        };
        assert_eq!(layers(&doc), layers(&whole));
        assert!(!doc.events.is_empty());
        assert_eq!(doc.parse_plan.parse.len(), doc.sentences.len());
    }

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
        let dicts = Arc::new(Dictionaries::embedded().expect("embedded dictionaries load"));
        let same_dicts_doc = pipeline.analyze_with_dictionaries(article.clone(), &dicts);
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
