//! Fixed tag and label tables. Tokens store indexes into these, so the
//! tables are part of the model and database formats: append, never reorder.

/// Universal POS tags (UD v2), in UD's documented order.
pub const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

/// Penn Treebank tags as used by UD English (EWT, GUM). Index 0 is `XX`
/// (unknown), the tag a token has before the tagger runs.
pub const XPOS: [&str; 51] = [
    "XX", "NN", "IN", "DT", "NNP", "PRP", "JJ", "RB", ".", "VB", "NNS", ",", "CC", "VBD", "VBP",
    "VBZ", "CD", "VBN", "VBG", "MD", "TO", "PRP$", "-RRB-", "-LRB-", "WDT", ":", "WRB", "``", "''",
    "WP", "RP", "UH", "POS", "HYPH", "NNPS", "JJR", "JJS", "EX", "NFP", "RBR", "ADD", "GW", "$",
    "SYM", "PDT", "LS", "FW", "RBS", "AFX", "WP$", "#",
];

/// UD dependency relations with the English subtypes EWT and GUM use.
/// Index 0 is `dep` (unspecified), which unknown labels map to.
pub const DEPRELS: [&str; 52] = [
    "dep",
    "punct",
    "case",
    "nsubj",
    "det",
    "root",
    "advmod",
    "obj",
    "amod",
    "obl",
    "conj",
    "compound",
    "mark",
    "nmod",
    "cc",
    "aux",
    "cop",
    "advcl",
    "nmod:poss",
    "xcomp",
    "ccomp",
    "flat",
    "acl:relcl",
    "parataxis",
    "appos",
    "nummod",
    "acl",
    "aux:pass",
    "nsubj:pass",
    "obl:unmarked",
    "nmod:unmarked",
    "discourse",
    "list",
    "compound:prt",
    "iobj",
    "expl",
    "fixed",
    "nmod:desc",
    "obl:agent",
    "csubj",
    "nsubj:outer",
    "det:predet",
    "vocative",
    "goeswith",
    "advcl:relcl",
    "cc:preconj",
    "reparandum",
    "orphan",
    "csubj:pass",
    "dislocated",
    "obl:tmod",
    "obl:npmod",
];

fn index_of(table: &[&str], tag: &str) -> Option<u8> {
    table.iter().position(|t| *t == tag).map(|i| i as u8)
}

pub fn upos_index(tag: &str) -> Option<u8> {
    index_of(&UPOS, tag)
}
pub fn xpos_index(tag: &str) -> Option<u8> {
    index_of(&XPOS, tag)
}
/// Index of a dependency label; a subtype we do not list falls back to its
/// base relation, and anything else to `dep`.
pub fn deprel_index(label: &str) -> u8 {
    index_of(&DEPRELS, label)
        .or_else(|| {
            label
                .split(':')
                .next()
                .and_then(|base| index_of(&DEPRELS, base))
        })
        .unwrap_or(0)
}
pub fn upos_name(idx: u8) -> &'static str {
    UPOS.get(idx as usize).copied().unwrap_or("X")
}
pub fn xpos_name(idx: u8) -> &'static str {
    XPOS.get(idx as usize).copied().unwrap_or("XX")
}
pub fn deprel_name(idx: u8) -> &'static str {
    DEPRELS.get(idx as usize).copied().unwrap_or("dep")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_round_trip() {
        for (i, t) in UPOS.iter().enumerate() {
            assert_eq!(upos_index(t), Some(i as u8));
        }
        assert_eq!(xpos_name(xpos_index("PRP$").unwrap()), "PRP$");
        assert_eq!(deprel_name(deprel_index("nsubj:pass")), "nsubj:pass");
        assert_eq!(deprel_name(deprel_index("obl:foo")), "obl");
        assert_eq!(deprel_name(deprel_index("weird")), "dep");
    }
}
