//! `newsgraph eval quotes`: the quote stage against PolNeAR's attribution
//! annotations ([`polnear`]), MEANTIME's speech events ([`meantime`]) and
//! the team's own probe set of speakers ([`probe`]).

pub mod meantime;
pub mod polnear;
pub mod probe;

use crate::Report;
use newsgraph_pipeline::Pipeline;
use std::path::Path;

/// A probe file to score: its name (for errors and the report) and text.
pub type ProbeText<'a> = (&'a str, &'a str);

/// Runs PolNeAR (its `split`), MEANTIME and/or a probe file, whichever is
/// given; their reports are printed one after the other, a blank line
/// between.
pub fn evaluate(
    pipeline: &Pipeline,
    polnear_dir: Option<&Path>,
    split: &str,
    meantime_dir: Option<&Path>,
    probe_text: Option<ProbeText>,
) -> Result<Report, String> {
    let mut report = Report::new("quotes");
    if let Some(dir) = polnear_dir {
        report.append(polnear::evaluate(pipeline, dir, split)?);
    }
    if let Some(dir) = meantime_dir {
        if !report.text.is_empty() {
            report.text.push('\n');
        }
        report.append(meantime::evaluate(pipeline, dir)?);
    }
    if let Some((name, text)) = probe_text {
        if !report.text.is_empty() {
            report.text.push('\n');
        }
        report.append(probe::evaluate_text(pipeline, name, text)?);
    }
    Ok(report)
}
