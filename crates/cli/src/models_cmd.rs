//! `newsgraph train …` and `newsgraph eval …`: thin wrappers over the
//! training code in the model crates and the evaluations of
//! `newsgraph-eval`.

use anyhow::Context;
use clap::Subcommand;
use newsgraph_eval::Report;
use newsgraph_nlp::models::Models;
use newsgraph_pipeline::Pipeline;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Clone)]
pub struct TrainArgs {
    /// Training data (CoNLL-U for tagger/parser, CoNLL-2003 for ner).
    /// Tagger and parser take several (`--train A --train B`, read in
    /// order as one set); ner takes the first.
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// Development data, for reporting and choosing the number of epochs;
    /// tagger and parser report each file given, ner the first.
    #[arg(long)]
    dev: Vec<PathBuf>,
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
    /// Leave out of training the documents whose `# newdoc id` starts with
    /// this (repeatable; tagger and parser). The shipped models skip GUM's
    /// non-commercial and unstated-licence genres: GUM_academic, GUM_court,
    /// GUM_essay, GUM_fiction, GUM_letter, GUM_podcast, GUM_reddit, GUM_whow.
    #[arg(long, value_name = "PREFIX")]
    skip_docs: Vec<String>,
}

#[derive(Subcommand)]
pub enum TrainWhat {
    /// POS tagger (UPOS + XPOS) and lemma lexicon, from a UD treebank.
    Tagger(TrainArgs),
    /// Dependency parser, from a UD treebank.
    Parser(TrainArgs),
    /// Named-entity recognizer, from CoNLL-2003 English.
    Ner(TrainArgs),
    /// Event confidence scorer, from an event gold file (JSON Lines, the
    /// format of data/gold/events/README.md): each event the pipeline codes
    /// is labelled by whether it matches a gold event at countries + root;
    /// reports 5-fold cross-validation by article and picks the default
    /// minimum confidence on it.
    EventScorer {
        /// The event gold file to train on (data/gold/events/dev.jsonl; never
        /// the test split).
        #[arg(long)]
        gold: PathBuf,
        /// The shared data directory holding the articles the gold names.
        #[arg(long)]
        data: PathBuf,
        /// Where to write the scorer (models/event-scorer-v1.txt).
        #[arg(long, short = 'o')]
        out: PathBuf,
    },
    /// Reported-speech cue model, from PolNeAR: trained on its train split,
    /// the threshold chosen on dev (the test split is never read).
    QuoteCues {
        /// The PolNeAR data directory (holding train/ and dev/).
        #[arg(long)]
        polnear: PathBuf,
        /// The least cue precision on dev the threshold must give.
        #[arg(long, default_value_t = 0.8)]
        min_precision: f64,
        /// Take only cues whose subject can speak.
        #[arg(long)]
        require_speaker: bool,
        /// Take only a clausal complement as content ("argued that …").
        #[arg(long)]
        require_clause: bool,
        /// Where to write the model (models/quote-cues-v1.txt).
        #[arg(long, short = 'o')]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum EvalWhat {
    /// Tagger, lemmatizer and parser against a CoNLL-U file: with gold
    /// tokenization and from raw text.
    Ud {
        /// The gold CoNLL-U file (e.g. en_ewt-ud-test.conllu).
        #[arg(long, required_unless_present = "news")]
        gold: Option<PathBuf>,
        /// Score only the documents whose `# newdoc id` starts with this
        /// (e.g. GUM_news for GUM's news genre).
        #[arg(long, requires = "gold")]
        docs: Option<String>,
        /// Also score the parser on a news-construction set in the format of
        /// data/gold/parse/news-constructions.txt (subject, object and
        /// oblique heads).
        #[arg(long, value_name = "FILE")]
        news: Option<PathBuf>,
        /// Load models from this directory instead of the built-in ones.
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Named entities against a CoNLL-2003 file, GUM's entities and/or
    /// MEANTIME's names, the last two mapped to CoNLL's four types
    /// (conlleval semantics, gold tokens).
    Ner {
        /// The gold CoNLL-2003 file (e.g. eng.testb).
        #[arg(long, required_unless_present_any = ["gum", "meantime"])]
        conll: Option<PathBuf>,
        /// A GUM CoNLL-U file (e.g. en_gum-ud-test.conllu): its named
        /// entity mentions as gold.
        #[arg(long, value_name = "FILE")]
        gum: Option<PathBuf>,
        /// Only the GUM documents whose id starts with this (GUM_news).
        #[arg(long, value_name = "PREFIX", requires = "gum")]
        docs: Option<String>,
        /// Leave out the GUM documents whose id starts with this
        /// (repeatable; for a training file: the licence-restricted genres).
        #[arg(long, value_name = "PREFIX", requires = "gum")]
        skip_docs: Vec<String>,
        /// The MEANTIME annotation directory (CAT XML files, searched
        /// recursively): its named mentions as gold.
        #[arg(long, value_name = "DIR")]
        meantime: Option<PathBuf>,
        /// Also write the mapped GUM and MEANTIME gold in CoNLL-2003 layout
        /// into this directory (gum.conll, meantime.conll), for peers and
        /// for `train ner`.
        #[arg(long, value_name = "DIR")]
        write_gold: Option<PathBuf>,
    },
    /// Names on the team's modern-news probe set (data/gold/ner/probe.jsonl,
    /// built in) or a file in its format: entities right, spurious names,
    /// titles inside names, spelling variants merged (NEWSGRAPH_EVAL_DEBUG=1
    /// lists each miss).
    Names {
        /// A probe file in the format of data/gold/ner/README.md instead of
        /// the built-in set.
        #[arg(long, value_name = "FILE")]
        probe: Option<PathBuf>,
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
        /// A quote probe file (JSON Lines, the format of
        /// data/gold/quotes/README.md): speaker accuracy and invalid speakers.
        #[arg(long, value_name = "FILE")]
        probe: Option<PathBuf>,
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
        /// The shared data directory (holding petrarch/, plover/, eval/; and
        /// the articles a gold file's "doc" paths name).
        #[arg(long)]
        data: PathBuf,
        /// Score against these event gold files instead (JSON Lines, the
        /// format of data/gold/events/README.md): precision, recall and F1 at
        /// three levels, per root code, and the events coded wrongly and missed.
        #[arg(long, value_name = "FILE")]
        gold: Vec<PathBuf>,
    },
    /// Every suite (ud, ner, names, times, quotes, events, places) on the corpora
    /// under the shared data directory, at the paths scripts/eval.sh used.
    All {
        /// The shared data directory (../shared/data).
        #[arg(long)]
        data: PathBuf,
        /// Also write each suite's report to DIR/<suite>.txt.
        #[arg(long, value_name = "DIR")]
        reports: Option<PathBuf>,
    },
}

pub fn train(what: TrainWhat) -> anyhow::Result<bool> {
    let report = match what {
        TrainWhat::EventScorer { gold, data, out } => {
            let text = std::fs::read_to_string(&gold)
                .with_context(|| format!("reading the gold file {}", gold.display()))?;
            let articles =
                newsgraph_eval::event_gold::parse_gold(&gold.display().to_string(), &text)
                    .map_err(anyhow::Error::msg)?;
            let name = gold
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "gold".into());
            let command = format!(
                "newsgraph train event-scorer --gold {} --data {} -o {}",
                gold.display(),
                data.display(),
                out.display()
            );
            let (model, report) = newsgraph_eval::event_scorer::train(
                &load_pipeline()?,
                &name,
                &articles,
                &data,
                &command,
            )
            .map_err(anyhow::Error::msg)?;
            std::fs::write(&out, model).with_context(|| format!("writing {}", out.display()))?;
            report.text
        }
        TrainWhat::QuoteCues {
            polnear,
            min_precision,
            require_speaker,
            require_clause,
            out,
        } => {
            let command =
                format!(
                "newsgraph train quote-cues --polnear {} --min-precision {min_precision}{}{} -o {}",
                polnear.display(),
                if require_speaker { " --require-speaker" } else { "" },
                if require_clause { " --require-clause" } else { "" },
                out.display()
            );
            // Every sentence parsed: a verb's features read its dependents.
            let pipeline = load_pipeline()?.parse_everything(true);
            let (model, report) = newsgraph_eval::quote_cues::train(
                &pipeline,
                &polnear,
                min_precision,
                require_speaker,
                require_clause,
                &command,
            )
            .map_err(anyhow::Error::msg)?;
            std::fs::write(&out, model).with_context(|| format!("writing {}", out.display()))?;
            report.text
        }
        TrainWhat::Tagger(a) => newsgraph_nlp::train::train_tagger(&config(&a))?,
        TrainWhat::Parser(a) => newsgraph_nlp::train::train_parser(&config(&a))?,
        TrainWhat::Ner(a) => {
            let train = a.train.first().context("--train is required")?;
            newsgraph_nlp::ner::train_ner(
                train,
                a.dev.first().map(PathBuf::as_path),
                &a.out,
                a.seed,
            )?
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
        skip_docs: a.skip_docs.clone(),
    }
}

/// Prints a report: its text, or with `json` its metrics as JSON Lines.
fn print_report(report: &Report, json: bool) {
    if json {
        print!("{}", report.json_lines());
    } else {
        println!("{}", report.text);
    }
}

fn load_pipeline() -> anyhow::Result<Pipeline> {
    Pipeline::load().map_err(anyhow::Error::msg)
}

pub fn eval(what: EvalWhat, json: bool) -> anyhow::Result<bool> {
    let report = match what {
        EvalWhat::Ud {
            gold,
            docs,
            news,
            models,
        } => {
            let models = match models {
                Some(dir) => Models::load(&dir)?,
                None => Models::embedded()?,
            };
            let mut report = match &gold {
                Some(gold) => newsgraph_eval::ud::evaluate_docs(&models, gold, docs.as_deref())
                    .with_context(|| format!("evaluating on {}", gold.display()))?,
                None => Report::new("parse_news"),
            };
            if let Some(news) = &news {
                report.append(
                    newsgraph_eval::parse_news::evaluate_file(&models, news)
                        .map_err(anyhow::Error::msg)?,
                );
            }
            report
        }
        EvalWhat::Ner {
            conll,
            gum,
            docs,
            skip_docs,
            meantime,
            write_gold,
        } => eval_ner(
            conll.as_deref(),
            gum.as_deref(),
            docs.as_deref(),
            &skip_docs,
            meantime.as_deref(),
            write_gold.as_deref(),
        )?,
        EvalWhat::Quotes {
            polnear,
            split,
            meantime,
            probe,
        } => {
            anyhow::ensure!(
                polnear.is_some() || meantime.is_some() || probe.is_some(),
                "give --polnear DIR, --meantime DIR and/or --probe FILE"
            );
            let probe_text = match &probe {
                Some(path) => Some((
                    path.display().to_string(),
                    std::fs::read_to_string(path)
                        .with_context(|| format!("reading the probe file {}", path.display()))?,
                )),
                None => None,
            };
            newsgraph_eval::quotes::evaluate(
                &load_pipeline()?,
                polnear.as_deref(),
                &split,
                meantime.as_deref(),
                probe_text.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
            )
            .map_err(anyhow::Error::msg)?
        }
        EvalWhat::Names { probe: None } => {
            newsgraph_eval::names::evaluate_built_in(&load_pipeline()?)
                .map_err(anyhow::Error::msg)?
        }
        EvalWhat::Names { probe: Some(path) } => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading the probe file {}", path.display()))?;
            newsgraph_eval::names::evaluate_text(
                &load_pipeline()?,
                &path.display().to_string(),
                &text,
            )
            .map_err(anyhow::Error::msg)?
        }
        EvalWhat::Places { data } => newsgraph_eval::places::evaluate(&load_pipeline()?, &data)
            .map_err(anyhow::Error::msg)?,
        EvalWhat::Events { data, gold } if !gold.is_empty() => eval_gold(&data, &gold)?,
        EvalWhat::Events { data, .. } => newsgraph_eval::events::evaluate(&load_pipeline()?, &data)
            .map_err(anyhow::Error::msg)?,
        EvalWhat::Times { tempeval } => {
            newsgraph_eval::times::evaluate(&tempeval).map_err(anyhow::Error::msg)?
        }
        EvalWhat::All { data, reports } => return eval_all(&data, reports.as_deref(), json),
    };
    print_report(&report, json);
    Ok(true)
}

/// `newsgraph eval ner`: each corpus given, GUM's and MEANTIME's figures
/// prefixed `gum_` and `meantime_`; with `write_gold` their mapped gold is
/// written out too.
fn eval_ner(
    conll: Option<&Path>,
    gum: Option<&Path>,
    docs: Option<&str>,
    skip_docs: &[String],
    meantime: Option<&Path>,
    write_gold: Option<&Path>,
) -> anyhow::Result<Report> {
    use newsgraph_eval::{ner, ner_corpora};
    let model = newsgraph_nlp::ner::NerModel::embedded()?;
    let mut report = Report::new("ner");
    if let Some(dir) = write_gold {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let write = |name: &str, gold: &[newsgraph_nlp::ner::ConllDocument]| -> anyhow::Result<()> {
        if let Some(dir) = write_gold {
            let path = dir.join(name);
            std::fs::write(&path, ner_corpora::to_conll(gold))
                .with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(())
    };
    if let Some(conll) = conll {
        report.append(ner::evaluate(&model, conll)?);
    }
    if let Some(gum) = gum {
        let skip: Vec<&str> = skip_docs.iter().map(String::as_str).collect();
        let gold = ner_corpora::gum_documents(gum, &skip, docs).map_err(anyhow::Error::msg)?;
        write("gum.conll", &gold)?;
        report.append(ner::evaluate_docs(
            &model,
            &gum.display().to_string(),
            "gum_",
            &gold,
        ));
    }
    if let Some(meantime) = meantime {
        let gold = ner_corpora::meantime_documents(meantime).map_err(anyhow::Error::msg)?;
        write("meantime.conll", &gold)?;
        report.append(ner::evaluate_docs(
            &model,
            &meantime.display().to_string(),
            "meantime_",
            &gold,
        ));
    }
    Ok(report)
}

/// `newsgraph eval events --gold FILE…`: each file scored in turn, named by
/// its file stem in the report and the metrics.
fn eval_gold(data: &Path, files: &[PathBuf]) -> anyhow::Result<Report> {
    let pipeline = load_pipeline()?;
    let mut report = Report::new("events_gold");
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("reading the gold file {}", file.display()))?;
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "gold".into());
        let gold = newsgraph_eval::event_gold::parse_gold(&file.display().to_string(), &text)
            .map_err(anyhow::Error::msg)?;
        report.append(
            newsgraph_eval::event_gold::evaluate_gold(&pipeline, &name, &gold, data, true)
                .map_err(anyhow::Error::msg)?,
        );
    }
    Ok(report)
}

/// `newsgraph eval all`: each suite in turn, its report under a
/// `== eval <suite>` line (or its metrics with `json`). A suite that cannot
/// run is reported on stderr and fails the run once the others are done.
fn eval_all(data: &Path, reports: Option<&Path>, json: bool) -> anyhow::Result<bool> {
    let pipeline = load_pipeline()?;
    if let Some(dir) = reports {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut ok = true;
    for suite in newsgraph_eval::SUITES {
        if !json {
            println!("== eval {suite}");
        }
        let report = match newsgraph_eval::run_suite(&pipeline, suite, data) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("newsgraph: eval {suite}: {e}");
                ok = false;
                continue;
            }
        };
        if let Some(dir) = reports {
            let path = dir.join(format!("{suite}.txt"));
            std::fs::write(&path, format!("{}\n", report.text))
                .with_context(|| format!("writing {}", path.display()))?;
        }
        print_report(&report, json);
    }
    Ok(ok)
}
