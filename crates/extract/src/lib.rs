//! Extraction stages over a tokenized, tagged and parsed Document. Each
//! stage reads layers and adds its own; none does I/O. How well they do on
//! gold corpora is measured in `newsgraph-eval`, which calls them through
//! the pipeline and a few narrow hooks (`events::actor_code`,
//! `times::recognize`).
//!
//! Only [`events`] and [`quotes`] read the dependency parse, and each only
//! in some sentences; [`plan_parse`] names them, so the pipeline
//! parses nothing else. A stage that starts reading the parse must add its
//! sentences there.

pub mod cues;
pub mod entities;
pub mod events;
pub mod modality;
pub mod placing;
pub mod quotes;
pub mod times;

use newsgraph_dict::Dictionaries;
use newsgraph_doc::Document;
pub use newsgraph_doc::ParsePlan;

/// Which sentences of `doc` (tagged, with entities whose actor codes are
/// set: [`events::code_entities`]) [`quotes`] or [`events`] will read the
/// parse of: one with a speech cue the quote finder tries (see
/// `quotes::sentences_to_parse`), or one the event coder reads (an actor
/// more than a bare role can be found there and no discard applies; see
/// [`events::sentences_to_code`]). Parsing is most of the pipeline's time,
/// and in news about a third of the tokens are in neither.
///
/// Reads only; the pipeline stores the result as `doc.parse_plan`, which
/// its parse step and [`events::run_planned`] read.
pub fn plan_parse(doc: &Document, dicts: &Dictionaries) -> ParsePlan {
    let code = events::sentences_to_code(doc, dicts);
    let parse = code
        .iter()
        .zip(quotes::sentences_to_parse(doc))
        .map(|(&coded, quoted)| coded || quoted)
        .collect();
    ParsePlan { parse, code }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_with_a_speech_cue_or_an_actor_are_parsed() {
        // Our own sentences: reported speech and no actor, neither, an
        // actor, and two cue words where the quote finder never looks for a
        // speaker (a sentence's first word; a cue with no content after it).
        let rows = [
            vec![
                ("He", "he", "PRON", "PRP", 2, "nsubj", false),
                ("said", "say", "VERB", "VBD", 0, "root", false),
                ("that", "that", "SCONJ", "IN", 6, "mark", false),
                ("prices", "price", "NOUN", "NNS", 6, "nsubj", false),
                ("would", "would", "AUX", "MD", 6, "aux", false),
                ("rise", "rise", "VERB", "VB", 2, "ccomp", false),
            ],
            vec![
                ("Prices", "price", "NOUN", "NNS", 2, "nsubj", false),
                ("rose", "rise", "VERB", "VBD", 0, "root", false),
            ],
            vec![
                ("Russia", "Russia", "PROPN", "NNP", 2, "nsubj", false),
                ("attacked", "attack", "VERB", "VBD", 0, "root", false),
                ("Ukraine", "Ukraine", "PROPN", "NNP", 2, "obj", false),
            ],
            vec![
                ("Said", "say", "VERB", "VBN", 6, "advcl", false),
                ("to", "to", "PART", "TO", 4, "mark", false),
                ("be", "be", "AUX", "VB", 4, "cop", false),
                ("old", "old", "ADJ", "JJ", 1, "xcomp", false),
                (",", ",", "PUNCT", ",", 6, "punct", false),
                ("it", "it", "PRON", "PRP", 6, "nsubj", false),
                ("stood", "stand", "VERB", "VBD", 0, "root", false),
            ],
            vec![
                ("Prices", "price", "NOUN", "NNS", 4, "nsubj", false),
                (",", ",", "PUNCT", ",", 4, "punct", false),
                ("he", "he", "PRON", "PRP", 4, "nsubj", false),
                ("said", "say", "VERB", "VBD", 0, "root", false),
            ],
        ];
        let conllu: String = rows
            .iter()
            .map(|s| events::conllu::conllu_sentence(s))
            .collect();
        let mut doc = events::conllu::document_from_conllu(&conllu, None);
        let dicts = Dictionaries::embedded().expect("dictionaries");
        events::code_entities(&mut doc, &dicts);
        assert_eq!(
            plan_parse(&doc, &dicts).parse,
            [true, false, true, false, false]
        );
    }
}
