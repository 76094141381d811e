//! Quotes and attribution. (Placeholder interface.)

use newsgraph_doc::Document;

pub fn run(_doc: &mut Document) {}
