//! Fixed tag and label tables. Tokens store indexes into these, so the
//! tables are part of the model and database formats: append, never reorder.
//! [`Upos`] and [`Deprel`] are the same tables as types, so code compares
//! tags as values and a misspelt label does not compile.

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

/// A universal POS tag, typed: code compares these, never tag strings. The
/// discriminant is the index into [`UPOS`] that tokens store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    /// Every tag, in [`UPOS`] order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag a token's stored index names; an index past the table is
    /// `X`, as [`upos_name`] reads it.
    pub fn from_index(idx: u8) -> Upos {
        Upos::ALL.get(idx as usize).copied().unwrap_or(Upos::X)
    }
    /// The index tokens and model files store.
    pub fn index(self) -> u8 {
        self as u8
    }
    /// The tag as UD writes it (`NOUN`), as in the JSON output.
    pub fn as_str(self) -> &'static str {
        UPOS[self as usize]
    }
}

impl std::str::FromStr for Upos {
    type Err = UnknownTag;
    /// Reads a tag as UD writes it (`NOUN`).
    fn from_str(s: &str) -> Result<Upos, UnknownTag> {
        upos_index(s).map(Upos::from_index).ok_or(UnknownTag)
    }
}

/// A tag or label that is not in its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownTag;

impl std::fmt::Display for UnknownTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unknown tag")
    }
}

impl std::error::Error for UnknownTag {}

/// A dependency relation, typed: code compares these, never label strings.
/// The discriminant is the index into [`DEPRELS`] that tokens store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Deprel {
    /// `dep`
    Dep,
    /// `punct`
    Punct,
    /// `case`
    Case,
    /// `nsubj`
    Nsubj,
    /// `det`
    Det,
    /// `root`
    Root,
    /// `advmod`
    Advmod,
    /// `obj`
    Obj,
    /// `amod`
    Amod,
    /// `obl`
    Obl,
    /// `conj`
    Conj,
    /// `compound`
    Compound,
    /// `mark`
    Mark,
    /// `nmod`
    Nmod,
    /// `cc`
    Cc,
    /// `aux`
    Aux,
    /// `cop`
    Cop,
    /// `advcl`
    Advcl,
    /// `nmod:poss`
    NmodPoss,
    /// `xcomp`
    Xcomp,
    /// `ccomp`
    Ccomp,
    /// `flat`
    Flat,
    /// `acl:relcl`
    AclRelcl,
    /// `parataxis`
    Parataxis,
    /// `appos`
    Appos,
    /// `nummod`
    Nummod,
    /// `acl`
    Acl,
    /// `aux:pass`
    AuxPass,
    /// `nsubj:pass`
    NsubjPass,
    /// `obl:unmarked`
    OblUnmarked,
    /// `nmod:unmarked`
    NmodUnmarked,
    /// `discourse`
    Discourse,
    /// `list`
    List,
    /// `compound:prt`
    CompoundPrt,
    /// `iobj`
    Iobj,
    /// `expl`
    Expl,
    /// `fixed`
    Fixed,
    /// `nmod:desc`
    NmodDesc,
    /// `obl:agent`
    OblAgent,
    /// `csubj`
    Csubj,
    /// `nsubj:outer`
    NsubjOuter,
    /// `det:predet`
    DetPredet,
    /// `vocative`
    Vocative,
    /// `goeswith`
    Goeswith,
    /// `advcl:relcl`
    AdvclRelcl,
    /// `cc:preconj`
    CcPreconj,
    /// `reparandum`
    Reparandum,
    /// `orphan`
    Orphan,
    /// `csubj:pass`
    CsubjPass,
    /// `dislocated`
    Dislocated,
    /// `obl:tmod`
    OblTmod,
    /// `obl:npmod`
    OblNpmod,
}

impl Deprel {
    /// Every relation, in [`DEPRELS`] order.
    pub const ALL: [Deprel; 52] = [
        Deprel::Dep,
        Deprel::Punct,
        Deprel::Case,
        Deprel::Nsubj,
        Deprel::Det,
        Deprel::Root,
        Deprel::Advmod,
        Deprel::Obj,
        Deprel::Amod,
        Deprel::Obl,
        Deprel::Conj,
        Deprel::Compound,
        Deprel::Mark,
        Deprel::Nmod,
        Deprel::Cc,
        Deprel::Aux,
        Deprel::Cop,
        Deprel::Advcl,
        Deprel::NmodPoss,
        Deprel::Xcomp,
        Deprel::Ccomp,
        Deprel::Flat,
        Deprel::AclRelcl,
        Deprel::Parataxis,
        Deprel::Appos,
        Deprel::Nummod,
        Deprel::Acl,
        Deprel::AuxPass,
        Deprel::NsubjPass,
        Deprel::OblUnmarked,
        Deprel::NmodUnmarked,
        Deprel::Discourse,
        Deprel::List,
        Deprel::CompoundPrt,
        Deprel::Iobj,
        Deprel::Expl,
        Deprel::Fixed,
        Deprel::NmodDesc,
        Deprel::OblAgent,
        Deprel::Csubj,
        Deprel::NsubjOuter,
        Deprel::DetPredet,
        Deprel::Vocative,
        Deprel::Goeswith,
        Deprel::AdvclRelcl,
        Deprel::CcPreconj,
        Deprel::Reparandum,
        Deprel::Orphan,
        Deprel::CsubjPass,
        Deprel::Dislocated,
        Deprel::OblTmod,
        Deprel::OblNpmod,
    ];

    /// The relation a token's stored index names; an index past the table
    /// is `dep`, as [`deprel_name`] reads it.
    pub fn from_index(idx: u8) -> Deprel {
        Deprel::ALL
            .get(idx as usize)
            .copied()
            .unwrap_or(Deprel::Dep)
    }
    /// The index tokens and model files store.
    pub fn index(self) -> u8 {
        self as u8
    }
    /// The label as UD writes it (`nsubj:pass`), as in the JSON output.
    pub fn as_str(self) -> &'static str {
        DEPRELS[self as usize]
    }
    /// The relation without its subtype: `nsubj:pass` → `nsubj` (every
    /// base relation of a listed subtype is listed too).
    pub fn base(self) -> Deprel {
        match self {
            Deprel::NmodPoss => Deprel::Nmod,
            Deprel::AclRelcl => Deprel::Acl,
            Deprel::AuxPass => Deprel::Aux,
            Deprel::NsubjPass => Deprel::Nsubj,
            Deprel::OblUnmarked => Deprel::Obl,
            Deprel::NmodUnmarked => Deprel::Nmod,
            Deprel::CompoundPrt => Deprel::Compound,
            Deprel::NmodDesc => Deprel::Nmod,
            Deprel::OblAgent => Deprel::Obl,
            Deprel::NsubjOuter => Deprel::Nsubj,
            Deprel::DetPredet => Deprel::Det,
            Deprel::AdvclRelcl => Deprel::Advcl,
            Deprel::CcPreconj => Deprel::Cc,
            Deprel::CsubjPass => Deprel::Csubj,
            Deprel::OblTmod => Deprel::Obl,
            Deprel::OblNpmod => Deprel::Obl,
            other => other,
        }
    }
}

impl std::str::FromStr for Deprel {
    type Err = UnknownTag;
    /// Reads a label exactly as listed (`nsubj:pass`); unlike
    /// [`deprel_index`], no fallback to the base relation.
    fn from_str(s: &str) -> Result<Deprel, UnknownTag> {
        index_of(&DEPRELS, s)
            .map(Deprel::from_index)
            .ok_or(UnknownTag)
    }
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

    #[test]
    fn typed_tags_are_the_table_entries() {
        for (i, t) in UPOS.iter().enumerate() {
            let u = Upos::from_index(i as u8);
            assert_eq!((u.index(), u.as_str()), (i as u8, *t));
            assert_eq!(t.parse::<Upos>(), Ok(u));
        }
        for (i, d) in DEPRELS.iter().enumerate() {
            let r = Deprel::from_index(i as u8);
            assert_eq!((r.index(), r.as_str()), (i as u8, *d));
            assert_eq!(d.parse::<Deprel>(), Ok(r));
            assert_eq!(r.base().as_str(), d.split(':').next().unwrap_or(d));
        }
        assert_eq!(Upos::from_index(200), Upos::X);
        assert_eq!(Deprel::from_index(200), Deprel::Dep);
        assert_eq!("obl:foo".parse::<Deprel>(), Err(UnknownTag));
    }
}
