//! `newsgraph eval quotes`: the quote stage against PolNeAR's attribution
//! annotations ([`polnear`]) and MEANTIME's speech events ([`meantime`]).

pub mod meantime;
pub mod polnear;

use crate::Report;
use newsgraph_pipeline::Pipeline;
use std::path::Path;

/// Runs PolNeAR (its `split`) and/or MEANTIME, whichever directory is
/// given; their reports are printed one after the other, a blank line
/// between.
pub fn evaluate(
    pipeline: &Pipeline,
    polnear_dir: Option<&Path>,
    split: &str,
    meantime_dir: Option<&Path>,
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
    Ok(report)
}
