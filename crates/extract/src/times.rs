//! Time expressions and the publication date. (Placeholder interface.)

use newsgraph_doc::Document;

/// Finds and normalizes time expressions, and infers the publication date
/// when the reader did not find one.
pub fn run(_doc: &mut Document) {}
