//! `newsgraph train …` and `newsgraph eval …`: thin wrappers over the
//! training and scoring code in the model crates.

use anyhow::Context;
use clap::Subcommand;
use newsgraph_nlp::models::Models;
use newsgraph_pipeline::Pipeline;
use std::path::PathBuf;

#[derive(clap::Args, Clone)]
pub struct TrainArgs {
    /// Training data (CoNLL-U for tagger/parser, CoNLL-2003 for ner).
    #[arg(long)]
    train: PathBuf,
    /// Development data, for reporting and choosing the number of epochs.
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long)]
    out: PathBuf,
    /// Passes over the training data (default: the tuned number for the
    /// model being trained).
    #[arg(long)]
    epochs: Option<usize>,
    /// Random seed: the same data and seed give the same model bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Subcommand)]
pub enum TrainWhat {
    /// POS tagger (UPOS + XPOS) and lemma lexicon, from a UD treebank.
    Tagger(TrainArgs),
    /// Dependency parser, from a UD treebank.
    Parser(TrainArgs),
    /// Named-entity recognizer, from CoNLL-2003 English.
    Ner(TrainArgs),
}

#[derive(Subcommand)]
pub enum EvalWhat {
    /// Tagger, lemmatizer and parser against a CoNLL-U file: with gold
    /// tokenization and from raw text.
    Ud {
        /// The gold CoNLL-U file (e.g. en_ewt-ud-test.conllu).
        #[arg(long)]
        gold: PathBuf,
        /// Load models from this directory instead of the built-in ones.
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Named entities against a CoNLL-2003 file (conlleval semantics).
    Ner {
        /// The gold CoNLL-2003 file (e.g. eng.testb).
        #[arg(long)]
        conll: PathBuf,
    },
    /// Time expressions against TempEval-3 TimeML files.
    Times {
        /// The directory of gold TimeML files (e.g. te3-platinum).
        #[arg(long)]
        tempeval: PathBuf,
    },
    /// Quotes and speakers against PolNeAR (BRAT attribution annotations)
    /// and/or the speech events of MEANTIME.
    Quotes {
        /// The PolNeAR data directory (holding train/, dev/, test/).
        #[arg(long)]
        polnear: Option<PathBuf>,
        /// The PolNeAR split to score: train, dev or test.
        #[arg(long, default_value = "test")]
        split: String,
        /// The MEANTIME annotation directory (CAT XML files, searched recursively).
        #[arg(long)]
        meantime: Option<PathBuf>,
    },
    /// Geocoding against the Wikified place mentions of GUM.
    Places {
        /// The shared data directory (holding ud_english_gum/).
        #[arg(long)]
        data: PathBuf,
    },
    /// Event coding against the PETRARCH unit tests, the PETR-2 GSR, PLOVER
    /// and CASE 2021 data found under the shared data directory.
    Events {
        /// The shared data directory (holding petrarch/, plover/, eval/).
        #[arg(long)]
        data: PathBuf,
    },
}

pub fn train(what: TrainWhat) -> anyhow::Result<bool> {
    let report = match what {
        TrainWhat::Tagger(a) => newsgraph_nlp::train::train_tagger(&config(&a))?,
        TrainWhat::Parser(a) => newsgraph_nlp::train::train_parser(&config(&a))?,
        TrainWhat::Ner(a) => {
            newsgraph_nlp::ner::train_ner(&a.train, a.dev.as_deref(), &a.out, a.seed)?
        }
    };
    println!("{report}");
    Ok(true)
}

fn config(a: &TrainArgs) -> newsgraph_nlp::train::TrainConfig {
    newsgraph_nlp::train::TrainConfig {
        train: a.train.clone(),
        dev: a.dev.clone(),
        out: a.out.clone(),
        epochs: a.epochs,
        seed: a.seed,
    }
}

pub fn eval(what: EvalWhat) -> anyhow::Result<bool> {
    match what {
        EvalWhat::Ud { gold, models } => {
            let models = match models {
                Some(dir) => Models::load(&dir)?,
                None => Models::embedded()?,
            };
            let report = newsgraph_nlp::eval::eval_ud(&models, &gold)
                .with_context(|| format!("evaluating on {}", gold.display()))?;
            println!("{report}");
        }
        EvalWhat::Ner { conll } => {
            let model = newsgraph_nlp::ner::NerModel::embedded()?;
            println!("{}", newsgraph_nlp::ner::eval_conll(&model, &conll)?);
        }
        EvalWhat::Quotes {
            polnear,
            split,
            meantime,
        } => {
            anyhow::ensure!(
                polnear.is_some() || meantime.is_some(),
                "give --polnear DIR and/or --meantime DIR"
            );
            let pipeline = Pipeline::load().map_err(anyhow::Error::msg)?;
            let analyze = |a| pipeline.analyze(a);
            if let Some(dir) = polnear {
                let report =
                    newsgraph_extract::quotes::polnear::eval_polnear(&dir, &split, &analyze)
                        .map_err(anyhow::Error::msg)?;
                println!("{report}");
            }
            if let Some(dir) = meantime {
                let report = newsgraph_extract::quotes::meantime::eval_meantime(&dir, &analyze)
                    .map_err(anyhow::Error::msg)?;
                println!("{report}");
            }
        }
        EvalWhat::Places { data } => {
            let pipeline = Pipeline::load().map_err(anyhow::Error::msg)?;
            let report =
                newsgraph_geo::eval_places(pipeline.gazetteer(), &data, &|a| pipeline.analyze(a))
                    .map_err(anyhow::Error::msg)?;
            println!("{report}");
        }
        EvalWhat::Events { data } => {
            let pipeline = Pipeline::load().map_err(anyhow::Error::msg)?;
            let report = newsgraph_extract::events::eval_events(
                pipeline.dictionaries(),
                &data,
                &|a| pipeline.analyze(a),
                &|a| pipeline.analyze_parsing_everything(a),
            )
            .map_err(anyhow::Error::msg)?;
            println!("{report}");
        }
        EvalWhat::Times { tempeval } => {
            let report =
                newsgraph_extract::times::eval_tempeval(&tempeval).map_err(anyhow::Error::msg)?;
            println!("{report}");
        }
    }
    Ok(true)
}
