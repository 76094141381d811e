//! Entities: NER spans clustered into one entity per real-world referent.
//! (Placeholder interface.)

use newsgraph_doc::Document;
use newsgraph_nlp::ner::NerModel;

pub fn run(_doc: &mut Document, _ner: &NerModel) {}
