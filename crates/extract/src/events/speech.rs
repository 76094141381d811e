//! Acts done in words, which the verb patterns miss or code as deeds:
//! "X said Y's policy was a mistake" (criticism, 111, of Y by X), "X
//! attacked Y's plans" (111, not an assault), and the codes of an act
//! only threatened, intended or denied ("threatened to expel" is a threat,
//! 13x, never the expulsion; "plans to meet" is an intention, 036; "denied
//! that it attacked" is a denial, 016).
//!
//! The coder ([`super::coder`]) calls these when it combines a speech or
//! intention verb with its inner clause; they only decide codes and read
//! words, the actors come from the coder.

use super::raw::Actor;
use super::tree::Tree;
use newsgraph_doc::{Deprel, EntityType, Upos};

/// Words of disapproval a speaker can say of an actor or its acts: "X said
/// the plan was a mistake / wrong / a disgrace".
const DISAPPROVAL: &[&str] = &[
    "WRONG",
    "MISTAKE",
    "DISGRACE",
    "DISGRACEFUL",
    "FLAWED",
    "IRRESPONSIBLE",
    "UNACCEPTABLE",
    "OUTRAGEOUS",
    "SHAMEFUL",
    "APPALLING",
    "SCANDAL",
    "SCANDALOUS",
    "NONSENSE",
    "FARCE",
    "BLUNDER",
    "FAILURE",
    "DISASTER",
    "DISASTROUS",
    "DEPLORABLE",
    "RIDICULOUS",
    "ABSURD",
    "RECKLESS",
    "INCOMPETENT",
    "HYPOCRITICAL",
    "MISLEADING",
    "UNFAIR",
    "UNJUST",
    "ILLEGAL",
    "UNLAWFUL",
    "CYNICAL",
    "VACUOUS",
    "BIASED",
    "INSULT",
    "BETRAYAL",
    "LIAR",
    "LIARS",
    "DISHONEST",
    "UNWORKABLE",
    "MISGUIDED",
    "FANTASY",
    "SHAM",
    "DISHONOURABLE",
    "UNCONSTITUTIONAL",
    "OPPORTUNISM",
    "OPPORTUNISTIC",
    "UNSTABLE",
    "DANGEROUS",
    "DEPLORABLE",
    "INEXCUSABLE",
    "INDEFENSIBLE",
    "LUDICROUS",
    "PATHETIC",
    "SHAMBLES",
    "SHAMBOLIC",
    "CHAOS",
    "CHAOTIC",
    "ARROGANT",
    "COMPLACENT",
    "INCOMPETENCE",
    "HYPOCRISY",
    "HYPOCRITE",
    "HYPOCRITES",
    "DEVIOUS",
    "DECEITFUL",
    "UNTRUSTWORTHY",
    "UNPRINCIPLED",
    "STUNT",
    "GIMMICK",
    "PLOY",
    "SMEAR",
    "SLUR",
    "LIE",
    "LIES",
    "UNTRUE",
    "DESPERATE",
    "DESPERATION",
    "INCOHERENT",
    "INCONSISTENT",
    "INADEQUATE",
    "INEPT",
    "NAIVE",
    "UNREALISTIC",
    "UNFUNDED",
    "UNDEMOCRATIC",
    "AUTHORITARIAN",
    "DRACONIAN",
    "DIVISIVE",
    "EXTREMIST",
    "RACIST",
    "XENOPHOBIC",
    "CORRUPT",
    "STUPID",
    "FOOLISH",
    "INSULTING",
    "OFFENSIVE",
    "DISGUSTING",
    "REPREHENSIBLE",
    "UNFORGIVABLE",
    "INTOLERABLE",
    "MISCONCEIVED",
    "ILL-CONCEIVED",
    "ILL-JUDGED",
    "HALF-BAKED",
    "POINTLESS",
    "USELESS",
    "WASTE",
    "FIASCO",
    "MESS",
    "CATASTROPHE",
    "CATASTROPHIC",
    "HUMILIATION",
    "EMBARRASSMENT",
    "EMBARRASSING",
    "BLOT",
    "DECEPTION",
    "FEEBLE",
    "SPINELESS",
    "COWARDLY",
    "NEGLIGENT",
    "CALLOUS",
    "HEARTLESS",
    "UNCARING",
    "SHAMELESS",
    "PARODY",
    "JOKE",
    "LAUGHABLE",
];

/// Words of approval a speaker can say of an actor or its acts: "X said
/// the plan was a success / courageous" (CAMEO 051, praise). Only words
/// that judge; "strong", "important" and the like describe as often.
const APPROVAL: &[&str] = &[
    "RIGHT",
    "CORRECT",
    "EXCELLENT",
    "OUTSTANDING",
    "COURAGEOUS",
    "BRAVE",
    "SUPERB",
    "BRILLIANT",
    "IMPRESSIVE",
    "ADMIRABLE",
    "COMMENDABLE",
    "PRAISEWORTHY",
    "WELCOME",
    "HERO",
    "TRIUMPH",
    "VISIONARY",
    "PRAGMATIC",
    "SENSIBLE",
    "WISE",
    "STATESMANLIKE",
    "CONSTRUCTIVE",
    "EXEMPLARY",
    "INSPIRATIONAL",
    "INSPIRING",
];

/// Verbs whose physical sense is the verb dictionary's, but which news uses
/// of words: "the minister attacked the plans", "X slammed Y's decision".
const VERBAL_ATTACKS: &[&str] = &[
    "ATTACK", "BLAST", "SLAM", "SAVAGE", "LAMBAST", "LAMBASTE", "ASSAIL", "HIT", "LASH", "BASH",
    "HAMMER", "SKEWER", "TRASH",
];

/// Objects that are words, plans or records, not bodies or places: a verb
/// of force aimed at one of these is criticism.
const ABSTRACT_OBJECTS: &[&str] = &[
    "PLAN",
    "POLICY",
    "PROPOSAL",
    "DECISION",
    "RECORD",
    "REMARK",
    "COMMENT",
    "STANCE",
    "BUDGET",
    "STRATEGY",
    "IDEA",
    "SCHEME",
    "HANDLING",
    "APPROACH",
    "BILL",
    "LAW",
    "LEGISLATION",
    "REFORM",
    "PLEDGE",
    "CLAIM",
    "SPEECH",
    "MOVE",
    "PROGRAMME",
    "PROGRAM",
    "CAMPAIGN",
    "RESPONSE",
    "LEADERSHIP",
    "MANIFESTO",
    "POSITION",
    "VIEW",
    "STATEMENT",
    "REPORT",
    "CHOICE",
    "TAX",
    "RULING",
    "VERDICT",
    "AGENDA",
    "TACTIC",
    "ATTITUDE",
    "BEHAVIOUR",
    "BEHAVIOR",
    "FAILURE",
    "U-TURN",
    "ANNOUNCEMENT",
    "POLICIES",
    "RECORDS",
    "CRITIC",
    "CRITICS",
    "INTEGRITY",
    "CREDIBILITY",
    "HONESTY",
    "COMPETENCE",
    "JUDGEMENT",
    "JUDGMENT",
    "PLATFORM",
    "IDEAS",
    "REMARKS",
    "RHETORIC",
    "PROMISE",
    "LIE",
    "LIES",
    "VIEWS",
    "PERFORMANCE",
    "ADVERT",
    "SPENDING",
    "CUT",
    "FIGURES",
    "SUMS",
    "TARGET",
    "DEAL",
    "AGREEMENT",
    "TREATY",
    "COSTINGS",
    "PROPOSALS",
];

/// CAMEO's criticism or denunciation.
pub(super) const CRITICISM: &str = "111";

/// CAMEO's praise or endorsement.
pub(super) const PRAISE: &str = "051";

/// The judgement a copular predicate headed by `k` passes on its subject
/// ("was a mistake", "was deeply flawed", "were wrong to …": criticism,
/// 111; "was courageous", "was right to …": praise, 051), if it passes one.
/// A negated predicate ("was not wrong") passes none: it answers a
/// judgement rather than making one.
pub(super) fn judgement(tree: &Tree, k: usize) -> Option<&'static str> {
    if !matches!(tree.upos(k), Upos::Adj | Upos::Noun) || tree.child_rel(k, Deprel::Cop).is_none() {
        return None;
    }
    judging_word(tree, k)
}

/// The judgement word `k` passes as a predicate of whatever it is said of,
/// with or without a copula ("called the plan unworkable"): 111, 051 or
/// none; negated words pass none.
pub(super) fn judging_word(tree: &Tree, k: usize) -> Option<&'static str> {
    let negated = tree
        .children(k)
        .iter()
        .any(|&c| matches!(tree.upper(c), "NOT" | "N'T" | "NEVER" | "N’T" | "HARDLY"));
    if negated {
        return None;
    }
    let (w, lemma) = (tree.upper(k), tree.lemma(k));
    if DISAPPROVAL.contains(&w) || DISAPPROVAL.contains(&lemma) {
        Some(CRITICISM)
    } else if APPROVAL.contains(&w) || APPROVAL.contains(&lemma) {
        Some(PRAISE)
    } else {
        None
    }
}

/// Is verb `v` an attack in words: a verb of force whose object is a plan,
/// policy, remark or record ("attacked the government's plans")?
pub(super) fn verbal_attack(tree: &Tree, v: usize, object: Option<usize>) -> bool {
    let lemma = tree.lemma(v);
    if !VERBAL_ATTACKS.contains(&lemma) {
        return false;
    }
    // "hit out at the plans", "hit back at the claims": the words are the
    // particle's.
    if lemma == "HIT"
        && !tree
            .children(v)
            .iter()
            .any(|&c| matches!(tree.upper(c), "OUT" | "BACK") && tree.upos(c) != Upos::Noun)
    {
        return false;
    }
    if lemma == "HIT" || said_while(tree, v) {
        return true;
    }
    object.is_some_and(|o| {
        let w = tree.lemma(o);
        ABSTRACT_OBJECTS.contains(&w) || ABSTRACT_OBJECTS.contains(&tree.upper(o))
    })
}

/// Is the act of verb `v` told as done in words: "Mbeki attacked British
/// imperialists, saying they …", "attacked the party in a speech"? A
/// medium of words on the verb says so, whoever acts; a speech participle
/// only when a person acts ("the army attacked the town, saying it hid
/// rebels" is an assault explained).
fn said_while(tree: &Tree, v: usize) -> bool {
    let doc = tree.doc;
    let by_person = tree.child_rel(v, Deprel::Nsubj).is_some_and(|s| {
        matches!(tree.upper(s), "HE" | "SHE")
            || doc.tokens.get(s).is_some_and(|t| {
                doc.entities.iter().any(|e| {
                    e.entity_type == EntityType::Person
                        && e.mentions.iter().any(|m| m.span.contains(t.span))
                })
            })
    });
    tree.children(v).iter().any(|&c| match tree.base_rel(c) {
        Deprel::Advcl | Deprel::Xcomp => {
            by_person
                && tree.xpos(c) == "VBG"
                && (SPEECH_VERBS.contains(&tree.lemma(c))
                    || matches!(tree.lemma(c), "ACCUSE" | "CALL" | "DESCRIBE" | "CHARGE"))
        }
        Deprel::Obl => {
            super::args::prep_of(tree, c) == Some("IN")
                && matches!(
                    tree.lemma(c),
                    "SPEECH"
                        | "INTERVIEW"
                        | "STATEMENT"
                        | "ARTICLE"
                        | "LETTER"
                        | "COLUMN"
                        | "TWEET"
                )
        }
        _ => false,
    })
}

/// Verbs of failing or wrongdoing: said of an actor by another ("X said Y
/// had failed / lied / broken its promises"), they are the speaker's
/// criticism of it.
const MISDEEDS: &[&str] = &[
    "FAIL",
    "ABUSE",
    "BETRAY",
    "LIE",
    "MISLEAD",
    "DECEIVE",
    "WASTE",
    "BOTCH",
    "BUNGLE",
    "SQUANDER",
    "NEGLECT",
    "MISMANAGE",
    "MISHANDLE",
    "RENEGE",
    "DITHER",
];

/// Is clause head `k` a misdeed verb ([`MISDEEDS`])? (Negation is the
/// caller's: "had not failed" defends.)
pub(super) fn misdeed(tree: &Tree, k: usize) -> bool {
    tree.upos(k) == Upos::Verb && MISDEEDS.contains(&tree.lemma(k))
}

/// Is `v` one of the verbs of force news uses of words ("attacked",
/// "slammed"; "hit" only as "hit out" or "hit back")?
pub(super) fn verbal_attack_verb(tree: &Tree, v: usize) -> bool {
    let lemma = tree.lemma(v);
    VERBAL_ATTACKS.contains(&lemma)
        && (lemma != "HIT"
            || tree
                .children(v)
                .iter()
                .any(|&c| matches!(tree.upper(c), "OUT" | "BACK") && tree.upos(c) != Upos::Noun))
}

/// Roles of a country's political life: its government, opposition,
/// parties, legislature and elites.
const POLITICAL_ROLES: &[&str] = &["GOV", "OPP", "PTY", "LEG", "ELI"];

/// Are both sides political actors (country + a political role) of one
/// country, as rival parties and office-holders are? A role with no
/// country yet ("the government", `---GOV`) takes the article's, so it
/// fits any one country; some side must name it. Both lists non-empty.
pub(super) fn political_rivals(sources: &[Actor], targets: &[Actor]) -> bool {
    if sources.is_empty() || targets.is_empty() {
        return false;
    }
    let mut country: Option<&str> = None;
    for a in sources.iter().chain(targets) {
        let political = a.code.len() >= 6
            && a.code
                .get(3..6)
                .is_some_and(|r| POLITICAL_ROLES.contains(&r));
        if !political {
            return false;
        }
        match (a.code.get(..3), country) {
            (Some("---"), _) => {}
            (Some(c), None) => country = Some(c),
            (Some(c), Some(k)) if c == k => {}
            _ => return false,
        }
    }
    country.is_some()
}

/// The code of a threat to do what `inner` codes: CAMEO 13x by the kind of
/// act threatened (repression 137, force 138, sanctions or a cut in
/// relations 131, protest 133, expelling envoys or aid workers 136), else
/// the generic 130.
pub(super) fn threat_code(inner: &str) -> &'static str {
    match inner.get(..3).unwrap_or(inner) {
        "174" => "136",
        "163" | "161" | "162" | "164" | "166" => "131",
        _ => match inner
            .get(..2)
            .and_then(|r| r.parse::<u8>().ok())
            .unwrap_or(0)
        {
            14 => "133",
            16 => "131",
            17 => "137",
            18..=20 => "138",
            _ => "130",
        },
    }
}

/// Verbs whose to-clause is only intended or threatened, never done.
pub(super) const INTENTIONS: &[&str] = &[
    "PLAN", "INTEND", "VOW", "PLEDGE", "PROMISE", "AIM", "PREPARE", "PROPOSE",
];

/// Verbs that say something, beyond the dictionary's reporting blocks: the
/// speaker of "X argued that Y's plan was flawed".
pub(super) const SPEECH_VERBS: &[&str] = &[
    "SAY", "TELL", "ADD", "ARGUE", "INSIST", "CLAIM", "WARN", "COMPLAIN", "SUGGEST", "BELIEVE",
    "THINK", "DECLARE", "STATE", "WRITE", "CONTEND", "MAINTAIN", "ALLEGE",
];

/// Verbs whose to-clause is threatened.
pub(super) const THREATS: &[&str] = &["THREATEN", "WARN"];

/// Verbs that deny what their that-clause says.
pub(super) const DENIALS: &[&str] = &["DENY", "REFUTE", "DISMISS"];

/// The code of an intention to do what `inner` codes (CAMEO 03x): to meet
/// 036, to cooperate economically 031, to aid 033, to yield 034, anything
/// cooperative else 030; a hostile act intended is a threat
/// ([`threat_code`]).
pub(super) fn intention_code(inner: &str) -> &'static str {
    match inner
        .get(..2)
        .and_then(|r| r.parse::<u8>().ok())
        .unwrap_or(0)
    {
        4 => "036",
        6 => "031",
        7 => "033",
        8 => "034",
        1..=9 => "030",
        _ => threat_code(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::{intention_code, threat_code};

    #[test]
    fn threatened_and_intended_codes() {
        assert_eq!(threat_code("174"), "136");
        assert_eq!(threat_code("190"), "138");
        assert_eq!(threat_code("1631"), "131");
        assert_eq!(intention_code("042"), "036");
        assert_eq!(intention_code("0233"), "030");
        assert_eq!(intention_code("173"), "137");
    }
}
