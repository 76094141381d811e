//! How good is it? The evaluation of newsgraph on public gold corpora,
//! kept apart from the analysis crates as spaCy keeps its `Scorer`, corpus
//! readers and `evaluate` apart from its pipeline components.
//!
//! One module per suite, each reading its corpus format once and scoring
//! what [`Pipeline`] produces (or, for `ud` and `ner`, the models the
//! pipeline holds): [`ud`] (tagger, lemmatizer, parser against UD CoNLL-U),
//! [`parse_news`] (the parser on the team's news-construction set),
//! [`ner`] (CoNLL-2003), [`names`] (the team's modern-news names probe,
//! `data/gold/ner/`), [`times`] (TempEval-3 TimeML), [`quotes`]
//! (PolNeAR and MEANTIME), [`events`] (the PETRARCH, PLOVER, CASE 2021 and
//! NGEC sets), [`event_gold`] (the team's own real-news event gold set,
//! `data/gold/events/`, or any file in its format) and [`places`] (GUM's Wikified mentions);
//! [`meantime_text`] is the one reader of a MEANTIME article's text, which
//! the quotes suite and the gold set's MEANTIME part share. Every suite returns
//! a [`Report`]: the text `newsgraph eval <suite>` prints, and its figures
//! as [`Metric`]s, which `newsgraph eval … --json` writes one JSON object
//! per line for `scripts/check_floors.py`.
//!
//! All precision/recall/F1 figures come from one type, [`Prf`] (fractions;
//! a report multiplies by 100 where it prints percent). This crate is the
//! only one that reads corpora; the analysis crates keep no evaluation and
//! do no file-system I/O.

pub mod corpus;
pub mod event_gold;
pub mod event_scorer;
pub mod events;
pub mod meantime_text;
pub mod names;
pub mod ner;
pub mod ner_corpora;
pub mod parse_news;
pub mod places;
pub mod quote_cues;
pub mod quotes;
pub mod times;
pub mod ud;

pub use newsgraph_nlp::score::{ratio, Prf};
use newsgraph_pipeline::Pipeline;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The unit a [`Metric`]'s value is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// 0 to 100.
    Percent,
    /// 0 to 1.
    Fraction,
    /// A number of items.
    Count,
    /// Items per second (a speed; varies from run to run).
    PerSecond,
}

/// One figure of a suite: `{"suite", "metric", "value", "scale"}` in JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metric {
    pub suite: &'static str,
    pub metric: String,
    pub value: f64,
    pub scale: Scale,
}

/// What one suite found: its printed report and its figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub suite: &'static str,
    /// The human-readable report, as `newsgraph eval <suite>` prints it.
    pub text: String,
    pub metrics: Vec<Metric>,
}

impl Report {
    pub fn new(suite: &'static str) -> Report {
        Report {
            suite,
            text: String::new(),
            metrics: Vec::new(),
        }
    }

    /// Records one figure.
    pub fn metric(&mut self, name: impl Into<String>, value: f64, scale: Scale) {
        self.metrics.push(Metric {
            suite: self.suite,
            metric: name.into(),
            value,
            scale,
        });
    }

    /// Records precision, recall and F1 as `{name}_precision` etc.
    pub fn prf(&mut self, name: &str, prf: &Prf, scale: Scale) {
        let k = if scale == Scale::Percent { 100.0 } else { 1.0 };
        self.metric(format!("{name}_precision"), k * prf.precision(), scale);
        self.metric(format!("{name}_recall"), k * prf.recall(), scale);
        self.metric(format!("{name}_f1"), k * prf.f1(), scale);
    }

    /// Appends another report of the same suite (text and figures).
    pub fn append(&mut self, other: Report) {
        self.text.push_str(&other.text);
        self.metrics.extend(other.metrics);
    }

    /// The figures as JSON Lines: one `{"suite", "metric", "value",
    /// "scale"}` object per line.
    pub fn json_lines(&self) -> String {
        self.metrics
            .iter()
            .filter_map(|m| serde_json::to_string(m).ok())
            .map(|line| line + "\n")
            .collect()
    }
}

/// The suites [`run_all`] runs, in order.
pub const SUITES: &[&str] = &[
    "ud",
    "parse_news",
    "ner",
    "names",
    "times",
    "quotes",
    "events",
    "events_gold",
    "places",
];

/// Where each suite's corpus sits under the shared data directory (the
/// layout of `../shared/data`).
pub struct CorpusPaths {
    pub ud_gold: PathBuf,
    /// UD English GUM test (also scored on its news documents alone).
    pub gum_gold: PathBuf,
    /// UD English PUD: a test set only, never trained or tuned on.
    pub pud_gold: PathBuf,
    pub conll: PathBuf,
    pub tempeval: PathBuf,
    pub polnear: PathBuf,
    pub meantime: PathBuf,
    pub data: PathBuf,
}

impl CorpusPaths {
    pub fn under(data: &Path) -> CorpusPaths {
        CorpusPaths {
            ud_gold: data.join("ud_english_ewt/en_ewt-ud-test.conllu"),
            gum_gold: data.join("ud_english_gum/en_gum-ud-test.conllu"),
            pud_gold: data.join("ud_english_pud/en_pud-ud-test.conllu"),
            conll: data.join("conll2003/eng.testb"),
            tempeval: data.join("tempeval3/Evaluation/te3-platinum"),
            polnear: data.join("quotes/polnear"),
            meantime: data.join("meantime/intra_cross-doc_annotation"),
            data: data.to_path_buf(),
        }
    }
}

/// Runs one suite (one of [`SUITES`]) on the corpora under `data`.
pub fn run_suite(pipeline: &Pipeline, suite: &str, data: &Path) -> Result<Report, String> {
    let paths = CorpusPaths::under(data);
    match suite {
        "ud" => {
            let mut report =
                ud::evaluate(pipeline.models(), &paths.ud_gold).map_err(|e| e.to_string())?;
            // GUM and PUD (issue 18) when present, their figures prefixed.
            for (prefix, gold, docs) in [
                ("gum_", &paths.gum_gold, None),
                ("gum_news_", &paths.gum_gold, Some("GUM_news")),
                ("pud_", &paths.pud_gold, None),
            ] {
                if !gold.is_file() {
                    continue;
                }
                let mut more =
                    ud::evaluate_docs(pipeline.models(), gold, docs).map_err(|e| e.to_string())?;
                for m in &mut more.metrics {
                    m.metric = format!("{prefix}{}", m.metric);
                }
                report.append(more);
            }
            Ok(report)
        }
        "parse_news" => parse_news::evaluate_built_in(pipeline.models()),
        "ner" => {
            let mut report =
                ner::evaluate(pipeline.ner(), &paths.conll).map_err(|e| e.to_string())?;
            report.append(ner_more(pipeline, &paths)?);
            Ok(report)
        }
        "names" => names::evaluate_built_in(pipeline),
        "times" => times::evaluate(&paths.tempeval),
        "quotes" => quotes::evaluate(
            pipeline,
            Some(&paths.polnear),
            "test",
            Some(&paths.meantime),
            Some(("data/gold/quotes/probe.jsonl", quotes::probe::BUILT_IN)),
        ),
        "events" => events::evaluate(pipeline, &paths.data),
        "events_gold" => event_gold::evaluate_built_in(pipeline, &paths.data),
        "places" => places::evaluate(pipeline, &paths.data),
        other => Err(format!(
            "no evaluation suite {other:?} (one of {})",
            SUITES.join(", ")
        )),
    }
}

/// The recognizer on GUM test (all genres, and its news documents) and
/// MEANTIME (issue 20), mapped to CoNLL's types by [`ner_corpora`], when
/// the corpora are present; metrics prefixed `gum_`, `gum_news_` and
/// `meantime_`.
fn ner_more(pipeline: &Pipeline, paths: &CorpusPaths) -> Result<Report, String> {
    let mut report = Report::new("ner");
    for (prefix, gold, only) in [
        ("gum_", &paths.gum_gold, None),
        ("gum_news_", &paths.gum_gold, Some("GUM_news")),
    ] {
        if gold.is_file() {
            let docs = ner_corpora::gum_documents(gold, &[], only)?;
            let name = format!("{} {}", gold.display(), only.unwrap_or("(all genres)"));
            report.append(ner::evaluate_docs(pipeline.ner(), &name, prefix, &docs));
        }
    }
    if paths.meantime.is_dir() {
        let docs = ner_corpora::meantime_documents(&paths.meantime)?;
        let name = format!("{} (annotated sentences)", paths.meantime.display());
        report.append(ner::evaluate_docs(
            pipeline.ner(),
            &name,
            "meantime_",
            &docs,
        ));
    }
    Ok(report)
}

/// The shared data directory: `NEWSGRAPH_SHARED`, else `../shared/data`
/// beside the repository (as `scripts/test.sh` finds it). For tests and examples that
/// use the corpora when present and skip with a note when not.
pub fn shared_data() -> Option<PathBuf> {
    let dir = match std::env::var_os("NEWSGRAPH_SHARED") {
        Some(s) => PathBuf::from(s),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    dir.is_dir().then_some(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_are_json_lines_with_suite_metric_value_scale() {
        let mut report = Report::new("times");
        report.metric("value_f1", 85.25, Scale::Percent);
        report.prf("gsr", &Prf::from_counts(1, 2, 4), Scale::Fraction);
        let lines: Vec<serde_json::Value> = report
            .json_lines()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[0],
            serde_json::json!({"suite": "times", "metric": "value_f1", "value": 85.25, "scale": "percent"})
        );
        assert_eq!(lines[1]["metric"], "gsr_precision");
        assert_eq!(lines[1]["value"], 0.5);
        assert_eq!(lines[2]["value"], 0.25);
        assert_eq!(lines[3]["scale"], "fraction");
    }

    #[test]
    fn unknown_suite_and_missing_corpus_are_errors() {
        let dir = std::env::temp_dir().join(format!("newsgraph-eval-empty-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(times::evaluate(&dir).is_err());
        let pipeline = Pipeline::load().unwrap();
        assert!(run_suite(&pipeline, "nope", &dir).is_err());
        assert!(run_suite(&pipeline, "places", &dir).is_err());
        // The events suite notes the missing data and carries no figures.
        let events = run_suite(&pipeline, "events", &dir).unwrap();
        assert!(events.text.contains("skipped") && events.metrics.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn ud_and_ner_score_small_fixtures() {
        let pipeline = Pipeline::load().unwrap();
        let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("../nlp/tests/fixtures/tiny.conllu");
        let ud = ud::evaluate(pipeline.models(), &tiny).unwrap();
        assert!(ud.text.contains("LAS"), "{}", ud.text);
        let upos = ud
            .metrics
            .iter()
            .find(|m| m.metric == "upos_gold_tok")
            .unwrap();
        assert!(
            upos.value > 80.0 && upos.scale == Scale::Percent,
            "{}",
            ud.text
        );
        // Our own sentences in CoNLL-2003 layout.
        let dir = std::env::temp_dir().join(format!("newsgraph-eval-ner-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("tiny.conll");
        std::fs::write(
            &file,
            "-DOCSTART- -X- O O\n\nAngela NNP I-NP I-PER\nMerkel NNP I-NP I-PER\nvisited VBD I-VP O\n\
             Paris NNP I-NP I-LOC\n. . O O\n",
        )
        .unwrap();
        let ner = ner::evaluate(pipeline.ner(), &file).unwrap();
        assert!(ner.text.contains("precision"), "{}", ner.text);
        let f1 = ner.metrics.iter().find(|m| m.metric == "f1").unwrap();
        assert!(f1.value > 50.0, "{}", ner.text);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
