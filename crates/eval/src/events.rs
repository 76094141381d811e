//! `newsgraph eval events`: the event coder against the public gold sets in
//! the shared data directory (read-only; nothing here is shipped):
//!
//! - PETRARCH-2 GSR (78 sentences): triple P/R/F1 and root-code-only F1,
//!   from raw text through the pipeline and from the supplied UD parses.
//! - PETRARCH unit tests (UDPipe-2 version, with the `PETR.Validate`
//!   dictionaries they were labelled for): pass rate per category.
//! - PLOVER gold records: PLOVER category accuracy.
//! - CASE 2021 Task 2 snippets: event-type accuracy through a documented
//!   CAMEO → CASE/ACLED label mapping ([`case_label`]), with per-class
//!   figures.
//! - NGEC actor-resolution cases: country and sector accuracy, and the
//!   share of cases resolved in full.
//! - Speed: sentences coded per second given the parse.
//!
//! From text, each record goes through the whole [`Pipeline`]; the unit
//! tests through [`Pipeline::analyze_with_dictionaries`] with the
//! dictionaries they were labelled for. From a supplied parse, the event
//! stage ([`newsgraph_extract::events::run`]) codes the gold tree.

use crate::{Prf, Report, Scale};
use chrono::NaiveDate;
use newsgraph_dict::Dictionaries;
use newsgraph_doc::{ArticleBuilder, Document};
use newsgraph_extract::events::{actor_code, run};
use newsgraph_nlp::conllu::{self, Labels};
use newsgraph_pipeline::Pipeline;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

type Triple = (String, String, String);

fn read_jsonl(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v.get("_header").is_none())
        .collect())
}

/// A record's parse (CoNLL-U from UDPipe, some of it UD v1) as a parsed
/// document dated `date`; an unreadable parse gives an empty document,
/// which codes nothing.
fn document_from_conllu(text: &str, date: Option<NaiveDate>) -> Document {
    let sentences = conllu::parse_with(text, Labels::Ud1AsUd2).unwrap_or_default();
    let mut doc = conllu::document(&sentences);
    doc.article.published.date = date;
    doc
}

/// `yyyymmdd` or `yymmdd`.
fn record_date(s: &str) -> Option<NaiveDate> {
    match s.len() {
        8 => NaiveDate::parse_from_str(s, "%Y%m%d").ok(),
        6 => NaiveDate::parse_from_str(&format!("20{s}"), "%Y%m%d").ok(),
        _ => None,
    }
}

fn expected(rec: &Value) -> Vec<Triple> {
    rec["expected_events"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["sourcecode"].as_str().unwrap_or("---").to_string(),
                        e["targetcode"].as_str().unwrap_or("---").to_string(),
                        e["eventcode"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn coded(doc: &Document) -> Vec<Triple> {
    doc.events
        .iter()
        .map(|e| {
            (
                e.source.clone().unwrap_or_else(|| "---".into()),
                e.target.clone().unwrap_or_else(|| "---".into()),
                e.code.clone(),
            )
        })
        .collect()
}

/// Matches two multisets; returns the number of pairs matched.
fn matched(gold: &[Triple], got: &[Triple], root_only: bool) -> usize {
    let key = |t: &Triple| {
        if root_only {
            (
                t.0.clone(),
                t.1.clone(),
                t.2.get(..2).unwrap_or(&t.2).to_string(),
            )
        } else {
            t.clone()
        }
    };
    let mut pool: Vec<Triple> = gold.iter().map(key).collect();
    let mut n = 0;
    for g in got.iter().map(key) {
        if let Some(i) = pool.iter().position(|p| *p == g) {
            pool.swap_remove(i);
            n += 1;
        }
    }
    n
}

/// Triples matched in full, and on the root code only (the first two
/// digits of the CAMEO code).
#[derive(Default)]
struct TripleScores {
    exact: Prf,
    root: Prf,
}

impl TripleScores {
    fn add(&mut self, gold: &[Triple], got: &[Triple]) {
        self.exact += Prf::from_counts(matched(gold, got, false), got.len(), gold.len());
        self.root += Prf::from_counts(matched(gold, got, true), got.len(), gold.len());
    }
    fn line(&self) -> String {
        let e = &self.exact;
        format!(
            "P {:.3} R {:.3} F1 {:.3} (tp {} / coded {} / gold {}); root-code F1 {:.3}",
            e.precision(),
            e.recall(),
            e.f1(),
            e.tp,
            e.n_predicted(),
            e.n_gold(),
            self.root.f1()
        )
    }
    /// `{name}_precision`, `_recall`, `_f1` and `{name}_root_f1`, fractions.
    fn metrics(&self, report: &mut Report, name: &str) {
        report.prf(name, &self.exact, Scale::Fraction);
        report.metric(format!("{name}_root_f1"), self.root.f1(), Scale::Fraction);
    }
}

/// One record's text through the pipeline, with `dicts` in place of the
/// pipeline's dictionaries when given.
fn from_text(
    pipeline: &Pipeline,
    dicts: Option<&Arc<Dictionaries>>,
    text: &str,
    date: Option<NaiveDate>,
) -> Document {
    let mut article = ArticleBuilder::new("eval").paragraph(text).build();
    article.published.date = date;
    match dicts {
        Some(dicts) => pipeline.analyze_with_dictionaries(article, dicts),
        None => pipeline.analyze(article),
    }
}

fn from_parse(dicts: &Dictionaries, rec: &Value, date: Option<NaiveDate>) -> Document {
    let mut doc = document_from_conllu(rec["parse"].as_str().unwrap_or(""), date);
    run(&mut doc, dicts);
    doc
}

fn gsr(report: &mut Report, pipeline: &Pipeline, root: &Path) -> Result<(), String> {
    let dicts = pipeline.dictionaries();
    let recs = read_jsonl(&root.join("petrarch/derived/PETR2_GSR_validation.jsonl"))?;
    let (mut text_prf, mut parse_prf) = (TripleScores::default(), TripleScores::default());
    let mut misses = Vec::new();
    for rec in &recs {
        if rec["evaluate"].as_str() == Some("false") {
            continue;
        }
        let date = record_date(rec["date"].as_str().unwrap_or(""));
        let gold = expected(rec);
        let got = coded(&from_text(
            pipeline,
            None,
            rec["text"].as_str().unwrap_or(""),
            date,
        ));
        text_prf.add(&gold, &got);
        let parsed = coded(&from_parse(dicts, rec, date));
        parse_prf.add(&gold, &parsed);
        let exact = |g: &[Triple]| matched(&gold, g, false) == gold.len() && g.len() == gold.len();
        if !exact(&got) || !exact(&parsed) {
            misses.push(format!(
                "  {}: gold {:?}\n    text  {:?}\n    parse {:?}\n    {}",
                rec["id"].as_str().unwrap_or("?"),
                gold,
                got,
                parsed,
                rec["text"].as_str().unwrap_or("")
            ));
        }
    }
    let out = &mut report.text;
    let _ = writeln!(out, "PETR-2 GSR ({} records)", recs.len());
    let _ = writeln!(out, "  from text:          {}", text_prf.line());
    let _ = writeln!(out, "  from gold UD parse: {}", parse_prf.line());
    if std::env::var_os("NEWSGRAPH_EVAL_VERBOSE").is_some() {
        for m in misses {
            let _ = writeln!(out, "{m}");
        }
    }
    text_prf.metrics(report, "gsr_text");
    parse_prf.metrics(report, "gsr_parse");
    Ok(())
}

/// The unit-test dictionaries named in the suite's environment.
fn unit_test_dicts(root: &Path) -> Result<Dictionaries, String> {
    let up = root.join("petrarch/universalpetrarch/dictionaries");
    let p2 = root.join("petrarch/petrarch2/dictionaries");
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let mut d = Dictionaries::embedded().map_err(|e| e.to_string())?;
    d.verbs = newsgraph_dict::VerbDict::parse(&read(&up.join("PETR.Validate.verbs.2.0.txt"))?);
    d.actors = Default::default();
    d.actors
        .add_text(&read(&up.join("PETR.Validate.actors.txt"))?, false);
    d.agents = Default::default();
    d.agents
        .add_text(&read(&p2.join("PETR.Validate.agents.txt"))?, false);
    d.discards = newsgraph_dict::Discards::parse(&read(&p2.join("PETR.Validate.discards.txt"))?);
    Ok(d)
}

fn unit_tests(report: &mut Report, pipeline: &Pipeline, root: &Path) -> Result<(), String> {
    let out = &mut report.text;
    let recs = read_jsonl(&root.join("petrarch/derived/PETR.UnitTest.records.ud2.jsonl"))?;
    let dicts = Arc::new(unit_test_dicts(root)?);
    // category → (records, passed from parse, passed from text)
    let mut by_cat: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for rec in &recs {
        let date = record_date(rec["date"].as_str().unwrap_or(""));
        let gold = expected(rec);
        let pass = |got: &[Triple]| {
            // Error records expect a refusal (discard): coding nothing passes.
            got.len() == gold.len() && matched(&gold, got, false) == gold.len()
        };
        let got_parse = coded(&from_parse(&dicts, rec, date));
        let got_text = coded(&from_text(
            pipeline,
            Some(&dicts),
            rec["text"].as_str().unwrap_or(""),
            date,
        ));
        let (parsed, texted) = (pass(&got_parse), pass(&got_text));
        if !(parsed && texted) && std::env::var_os("NEWSGRAPH_EVAL_VERBOSE").is_some() {
            let _ = writeln!(
                out,
                "  unit {} {}: gold {:?}\n    text  {:?}\n    parse {:?}\n    {}",
                rec["category"].as_str().unwrap_or("?"),
                rec["id"].as_str().unwrap_or("?"),
                gold,
                got_text,
                got_parse,
                rec["text"].as_str().unwrap_or("")
            );
        }
        let cat = rec["category"].as_str().unwrap_or("?").to_string();
        let e = by_cat.entry(cat).or_default();
        e.0 += 1;
        e.1 += parsed as usize;
        e.2 += texted as usize;
    }
    let (n, p, t) = by_cat
        .values()
        .fold((0, 0, 0), |a, v| (a.0 + v.0, a.1 + v.1, a.2 + v.2));
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let _ = writeln!(
        out,
        "PETRARCH unit tests ({n}): from text {:.1}% pass, from gold UD parse {:.1}%",
        pct(t, n),
        pct(p, n)
    );
    for (cat, (n, p, t)) in &by_cat {
        let _ = writeln!(
            out,
            "  {cat:<10} {n:>3}  text {:>5.1}%  parse {:>5.1}%",
            pct(*t, *n),
            pct(*p, *n)
        );
    }
    report.metric("unit_tests_text_pass", pct(t, n), Scale::Percent);
    report.metric("unit_tests_parse_pass", pct(p, n), Scale::Percent);
    Ok(())
}

/// Older PLOVER names → the current 16 categories.
fn plover_current(event: &str) -> &str {
    match event {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        e => e,
    }
}

fn plover_gold(report: &mut Report, pipeline: &Pipeline, root: &Path) -> Result<(), String> {
    let out = &mut report.text;
    let path = root.join("plover/PLOVER/PLOVER_GSR_CAMEO.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let recs: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let (mut n, mut right, mut any) = (0usize, 0usize, 0usize);
    for rec in recs.as_array().into_iter().flatten() {
        let (Some(event), Some(sentence)) = (rec["event"].as_str(), rec["text"].as_str()) else {
            continue;
        };
        n += 1;
        let date = NaiveDate::from_ymd_opt(2000, 1, 1);
        let doc = from_text(pipeline, None, sentence, date);
        let got: Vec<&str> = doc
            .events
            .iter()
            .filter_map(|e| e.plover.as_deref())
            .collect();
        if !got.is_empty() {
            any += 1;
        }
        if got.first().is_some_and(|g| *g == plover_current(event)) {
            right += 1;
        } else if std::env::var_os("NEWSGRAPH_EVAL_VERBOSE").is_some() {
            let _ = writeln!(out, "  plover {event}: got {got:?} :: {sentence}");
        }
    }
    let (accuracy, coverage) = (right as f64 / n.max(1) as f64, any as f64 / n.max(1) as f64);
    let _ = writeln!(
        out,
        "PLOVER gold ({n} records): category accuracy {accuracy:.3} (first event), coverage {coverage:.3}",
    );
    report.metric("plover_accuracy", accuracy, Scale::Fraction);
    report.metric("plover_coverage", coverage, Scale::Fraction);
    Ok(())
}

/// CASE 2021 Task 2 label (ACLED sub-event types plus the "unseen" types)
/// for a coded event, or `None` when the CAMEO code has no counterpart.
///
/// The mapping follows the CAMEO manual's definitions against ACLED's:
/// armed clash = 190/193/196, artillery = 194, air strike = 195x,
/// bombing = 183x (1831 suicide), abduction = 181, sexual violence = 1821,
/// other assaults and mass killing = 180/182/184–186/200/202/203,
/// chemical weapons = 2041, arrest = 173, violent repression = 175,
/// peaceful protest = 141–144, violent protest = 145, destroyed property
/// = 171/1712, seized weapons = 1711, agreements = 057/0871, surrender or
/// withdrawal = 0874, force posture and mobilization = 15x, accusations
/// = 112x, other diplomacy = 03x–05x/111/12x/13x/16x/172.
/// Occupying territory (192) is split by the source actor: a state actor
/// (no sector, or GOV/MIL/COP/SPY) regains territory, anyone else
/// overtakes it. HQ_ESTABLISHED, PROTEST_WITH_INTER, MOB_VIOL, OTHER and
/// the disaster and crime types have no CAMEO counterpart.
fn case_label(code: &str, source: Option<&str>) -> Option<&'static str> {
    let base = code.get(..3).unwrap_or(code);
    let root = code.get(..2).unwrap_or(code);
    Some(match code {
        "1831" => "SUIC_BOMB",
        "1821" => "SEX_VIOL",
        "1711" => "DISR_WEAP",
        "2041" => "CHEM_WEAP",
        "0871" | "057" => "AGREEMENT",
        "0874" => "NON_VIOL_TERRIT_TRANSFER",
        _ => match base {
            "190" | "193" | "196" => "ARMED_CLASH",
            "194" => "ART_MISS_ATTACK",
            "195" => "AIR_STRIKE",
            "183" => "REM_EXPLOS",
            "181" => "ABDUCT_DISSAP",
            "180" | "182" | "184" | "185" | "186" | "200" | "202" | "203" => "ATTACK",
            "173" => "ARREST",
            "175" => "FORCE_AGAINST_PROTEST",
            "141" | "142" | "143" | "144" => "PEACE_PROTEST",
            "145" => "VIOL_DEMONSTR",
            "171" => "PROPERTY_DISTRUCT",
            "112" => "ATTRIB",
            "111" | "172" => "DIPLO",
            "192" => {
                let sector = source.and_then(|s| s.get(3..6)).unwrap_or("");
                if matches!(sector, "" | "GOV" | "MIL" | "COP" | "SPY") {
                    "GOV_REGAINS_TERIT"
                } else {
                    "NON_STATE_ACTOR_OVERTAKES_TER"
                }
            }
            _ => match root {
                "15" => "CHANGE_TO_GROUP_ACT",
                "03" | "04" | "05" | "12" | "13" | "16" => "DIPLO",
                _ => return None,
            },
        },
    })
}

/// Per-class counts for a single-label classification.
#[derive(Default)]
struct ClassCounts {
    gold: usize,
    predicted: usize,
    correct: usize,
}

fn case2021(report: &mut Report, pipeline: &Pipeline, root: &Path) -> Result<(), String> {
    let out = &mut report.text;
    let path = root.join("eval/case2021-task2/test_set_final_release_with_labels.tsv");
    if !path.is_file() {
        let _ = writeln!(out, "CASE 2021 skipped: no {}", path.display());
        return Ok(());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut classes: BTreeMap<String, ClassCounts> = BTreeMap::new();
    let (mut n, mut right, mut any_right, mut covered, mut n_mappable, mut right_mappable) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let verbose = std::env::var_os("NEWSGRAPH_EVAL_VERBOSE").is_some();
    for line in text.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(_id), Some(snippet), Some(gold)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let gold = gold.trim();
        n += 1;
        // No publication date: the snippets are undated ACLED notes.
        let doc = from_text(pipeline, None, snippet, None);
        let labels: Vec<&str> = doc
            .events
            .iter()
            .filter_map(|e| case_label(&e.code, e.source.as_deref()))
            .collect();
        // The snippet's label is that of its first mappable event.
        let predicted = labels.first().copied();
        let mappable = CASE_MAPPABLE.contains(&gold);
        n_mappable += mappable as usize;
        covered += predicted.is_some() as usize;
        any_right += labels.contains(&gold) as usize;
        let ok = predicted == Some(gold);
        right += ok as usize;
        right_mappable += (ok && mappable) as usize;
        classes.entry(gold.to_string()).or_default().gold += 1;
        if let Some(p) = predicted {
            let c = classes.entry(p.to_string()).or_default();
            c.predicted += 1;
            c.correct += ok as usize;
        }
        if !ok && verbose {
            let codes: Vec<&str> = doc.events.iter().map(|e| e.code.as_str()).collect();
            let _ = writeln!(
                out,
                "  case {gold}: got {predicted:?} {codes:?} :: {snippet}"
            );
        }
    }
    let frac = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let _ = writeln!(
        out,
        "CASE 2021 task 2 ({n} snippets): accuracy {:.3} (first mapped event); on the {n_mappable} with a CAMEO counterpart {:.3}; any event right {:.3}; coverage {:.3}",
        frac(right, n),
        frac(right_mappable, n_mappable),
        frac(any_right, n),
        frac(covered, n)
    );
    for (label, c) in &classes {
        let _ = writeln!(
            out,
            "  {label:<30} gold {:>3} predicted {:>3} correct {:>3}  P {:.2} R {:.2}",
            c.gold,
            c.predicted,
            c.correct,
            frac(c.correct, c.predicted),
            frac(c.correct, c.gold)
        );
    }
    report.metric("case2021_accuracy", frac(right, n), Scale::Fraction);
    report.metric(
        "case2021_accuracy_mappable",
        frac(right_mappable, n_mappable),
        Scale::Fraction,
    );
    report.metric("case2021_any_right", frac(any_right, n), Scale::Fraction);
    report.metric("case2021_coverage", frac(covered, n), Scale::Fraction);
    Ok(())
}

/// The CASE labels [`case_label`] can produce.
const CASE_MAPPABLE: &[&str] = &[
    "ABDUCT_DISSAP",
    "AGREEMENT",
    "AIR_STRIKE",
    "ARMED_CLASH",
    "ARREST",
    "ART_MISS_ATTACK",
    "ATTACK",
    "ATTRIB",
    "CHANGE_TO_GROUP_ACT",
    "CHEM_WEAP",
    "DIPLO",
    "DISR_WEAP",
    "FORCE_AGAINST_PROTEST",
    "GOV_REGAINS_TERIT",
    "NON_STATE_ACTOR_OVERTAKES_TER",
    "NON_VIOL_TERRIT_TRANSFER",
    "PEACE_PROTEST",
    "PROPERTY_DISTRUCT",
    "REM_EXPLOS",
    "SEX_VIOL",
    "SUIC_BOMB",
    "VIOL_DEMONSTR",
];

fn ngec_actors(report: &mut Report, dicts: &Dictionaries, root: &Path) -> Result<(), String> {
    let out = &mut report.text;
    let path = root.join("plover/NGEC/actor_resolution_cases.from_tests.jsonl");
    if !path.is_file() {
        let _ = writeln!(out, "NGEC actor resolution skipped: no {}", path.display());
        return Ok(());
    }
    let recs = read_jsonl(&path)?;
    let (mut n_country, mut ok_country, mut n_sector, mut ok_sector) = (0, 0, 0, 0);
    let (mut n_none, mut ok_none, mut n_cases, mut ok_cases) = (0, 0, 0, 0);
    let verbose = std::env::var_os("NEWSGRAPH_EVAL_VERBOSE").is_some();
    for rec in &recs {
        if rec["enabled"].as_bool() == Some(false) {
            continue;
        }
        let Some(call) = rec["calls"].as_array().and_then(|c| c.first()) else {
            continue;
        };
        // NGEC's resolvers that map a phrase to country + sector; the
        // Wikipedia lookups (`query_wiki`) have no counterpart here.
        if !matches!(
            call["method"].as_str(),
            Some("agent_to_code" | "short_text_to_agent" | "search_nat" | "trf_agent_match")
        ) {
            continue;
        }
        let args = &call["args"];
        let text = args
            .get(0)
            .or_else(|| args.get("actor_text"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let date = args
            .get(2)
            .or_else(|| args.get("date"))
            .and_then(Value::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
        let code = actor_code(dicts, text, date).unwrap_or_default();
        let country = code.get(..3).filter(|c| *c != "---").unwrap_or("");
        let (mut checked, mut all_ok) = (0, true);
        for exp in rec["expect"].as_array().into_iter().flatten() {
            let want = exp["value"].as_str().unwrap_or("");
            let ok = match exp["field"].as_str() {
                Some("country" | "cc") => {
                    n_country += 1;
                    let ok = country == want;
                    ok_country += ok as usize;
                    ok
                }
                Some(f @ ("code_1" | "code_2")) => {
                    n_sector += 1;
                    // Sectors follow the country (or `---`) in 3-letter steps.
                    let ok = if f == "code_1" {
                        code.get(3..6).unwrap_or("") == want
                    } else {
                        (6..code.len())
                            .step_by(3)
                            .any(|i| code.get(i..i + 3) == Some(want))
                    };
                    ok_sector += ok as usize;
                    ok
                }
                Some("code") if exp["value"].is_null() => {
                    n_none += 1;
                    let ok = code.is_empty();
                    ok_none += ok as usize;
                    ok
                }
                _ => continue,
            };
            checked += 1;
            all_ok &= ok;
        }
        if checked > 0 {
            n_cases += 1;
            ok_cases += all_ok as usize;
            if !all_ok && verbose {
                let _ = writeln!(out, "  ngec {text:?}: got {code:?}, want {}", rec["expect"]);
            }
        }
    }
    let frac = |a: usize, b: usize| a as f64 / f64::from(u32::try_from(b.max(1)).unwrap_or(1));
    let _ = writeln!(
        out,
        "NGEC actor resolution: {ok_cases}/{n_cases} cases resolved ({:.3}); country {ok_country}/{n_country} ({:.3}), sector {ok_sector}/{n_sector} ({:.3}), no-actor {ok_none}/{n_none}",
        frac(ok_cases, n_cases),
        frac(ok_country, n_country),
        frac(ok_sector, n_sector)
    );
    report.metric("ngec_resolved", frac(ok_cases, n_cases), Scale::Fraction);
    report.metric("ngec_country", frac(ok_country, n_country), Scale::Fraction);
    report.metric("ngec_sector", frac(ok_sector, n_sector), Scale::Fraction);
    Ok(())
}

fn speed(report: &mut Report, dicts: &Dictionaries, root: &Path) -> Result<(), String> {
    let mut docs = Vec::new();
    for f in [
        "PETR2_GSR_validation.jsonl",
        "PETR.UnitTest.records.ud2.jsonl",
    ] {
        for rec in read_jsonl(&root.join("petrarch/derived").join(f))? {
            let date = record_date(rec["date"].as_str().unwrap_or(""));
            docs.push(document_from_conllu(
                rec["parse"].as_str().unwrap_or(""),
                date,
            ));
        }
    }
    let n_sent: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let start = std::time::Instant::now();
    let mut rounds = 0;
    while start.elapsed().as_secs_f64() < 2.0 && rounds < 50 {
        for d in &mut docs {
            d.events.clear();
            run(d, dicts);
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let load = std::time::Instant::now();
    let loaded = Dictionaries::embedded().is_ok();
    let sentences_per_sec = (n_sent * rounds) as f64 / secs;
    let out = &mut report.text;
    let _ = writeln!(
        out,
        "Dictionary load: {:.1} ms (embedded, ok={loaded})",
        load.elapsed().as_secs_f64() * 1000.0
    );
    let _ = writeln!(
        out,
        "Speed: {sentences_per_sec:.0} sentences/s coded given the parse ({} sentences x {rounds} rounds, one thread)",
        n_sent
    );
    report.metric(
        "sentences_per_second_given_parse",
        sentences_per_sec,
        Scale::PerSecond,
    );
    Ok(())
}

/// Runs every event evaluation whose data is present under `shared_data`
/// (the `data` directory of the shared corpora) and returns the report.
/// Metrics (fractions unless named): `gsr_{text,parse}_{precision,recall,
/// f1,root_f1}`, `unit_tests_{text,parse}_pass` (percent),
/// `plover_{accuracy,coverage}`, `case2021_{accuracy,accuracy_mappable,
/// any_right,coverage}`, `ngec_{resolved,country,sector}`.
pub fn evaluate(pipeline: &Pipeline, shared_data: &Path) -> Result<Report, String> {
    let mut report = Report::new("events");
    if !shared_data.join("petrarch/derived").is_dir() {
        report.text = format!(
            "events eval skipped: {} has no petrarch/derived\n",
            shared_data.display()
        );
        return Ok(report);
    }
    let dicts = pipeline.dictionaries();
    gsr(&mut report, pipeline, shared_data)?;
    unit_tests(&mut report, pipeline, shared_data)?;
    // Each appends its lines as it runs; a step whose data cannot be read
    // is noted after them all.
    let failures: Vec<String> = [
        plover_gold(&mut report, pipeline, shared_data),
        case2021(&mut report, pipeline, shared_data),
        ngec_actors(&mut report, dicts, shared_data),
        speed(&mut report, dicts, shared_data),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect();
    for e in failures {
        let _ = writeln!(report.text, "skipped: {e}");
    }
    Ok(report)
}
