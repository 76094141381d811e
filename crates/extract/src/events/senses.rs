//! The other senses of event verbs: idioms, sport, markets and figures of
//! speech, which the verb dictionary would code as acts ("struck a firmer
//! tone" 190, "Spain beat Italy 3-1" 182, "shares hit a record" 190,
//! "taking nothing for granted" 171).
//!
//! The guidelines (docs/events-guidelines.md §1) never code these. The
//! PETRARCH patterns were written for wire reports about states, where a
//! verb like TAKE or STRIKE nearly always has its literal sense; in general
//! news it mostly does not, so the coder asks here before it codes a verb.
//! Each rule is a short word list, read from the clause around the verb.

use super::tree::Tree;
use newsgraph_doc::{Deprel, Upos};

/// Objects that make a verb an idiom, whatever the verb: "struck a firmer
/// tone", "took her arm", "take care of it", "taking nothing for granted".
const IDIOM_OBJECTS: &[&str] = &[
    "TONE",
    "NOTE",
    "CHORD",
    "POSE",
    "NERVE",
    "CARE",
    "ARM",
    "BREATH",
    "STOCK",
    "SHAPE",
    "GRANTED",
    "NOTICE",
    "HEADLINES",
    "JACKPOT",
    "BUFFERS",
    "BOTTOM",
    "ROAD",
    "STAGE",
    "CENTURY",
    "VICTORY",
    "GOLD",
    "SILVER",
    "BRONZE",
    "MEDAL",
    "TITLE",
    "LEAD",
    "FRIGHT",
    "HEART",
];

/// Objects that make a verb of force a result: "hit a record", "beat
/// forecasts", "smashed the target". ("Attacked the government's record"
/// is criticism, so these apply only to the verbs of force.)
const RESULT_OBJECTS: &[&str] = &[
    "RECORD",
    "HIGH",
    "LOW",
    "PEAK",
    "FORECAST",
    "FORECASTS",
    "EXPECTATION",
    "EXPECTATIONS",
    "ESTIMATE",
    "ESTIMATES",
    "TARGET",
    "TARGETS",
    "GOAL",
    "WICKET",
    "BARRIER",
    "MARK",
    "LEVEL",
];

/// Subjects that are figures, not actors: "shares hit a record", "prices
/// attacked the psychological barrier", "the pound stormed ahead".
const MARKET_SUBJECTS: &[&str] = &[
    "SHARE",
    "SHARES",
    "STOCK",
    "STOCKS",
    "PRICE",
    "PRICES",
    "INDEX",
    "MARKET",
    "MARKETS",
    "PROFIT",
    "PROFITS",
    "SALE",
    "SALES",
    "EARNINGS",
    "REVENUE",
    "REVENUES",
    "CURRENCY",
    "DOLLAR",
    "EURO",
    "POUND",
    "YEN",
    "BOND",
    "BONDS",
    "YIELD",
    "YIELDS",
    "INFLATION",
    "GROWTH",
    "RATE",
    "RATES",
    "OUTPUT",
    "EXPORTS",
    "IMPORTS",
    "FIGURES",
    "STORM",
    "RAIN",
    "WIND",
    "WINDS",
    "SNOW",
    "FLOODS",
    "HEATWAVE",
    "HURRICANE",
    "TYPHOON",
    "DROUGHT",
    "VIRUS",
    "PESO",
    "RUPEE",
    "YUAN",
    "RENMINBI",
    "ROUBLE",
    "RUBLE",
    "LIRA",
    "FRANC",
    "RAND",
    "SHEKEL",
    "HRYVNIA",
];

/// Subjects that are players or teams: "the French team took on Belgium".
const SPORT_SUBJECTS: &[&str] = &[
    "TEAM",
    "SIDE",
    "CLUB",
    "SQUAD",
    "CAPTAIN",
    "STRIKER",
    "PLAYER",
    "PLAYERS",
    "RUNNER",
    "RUNNERS",
    "GOLFER",
    "CHAMPION",
    "CHAMPIONS",
    "BOWLER",
    "BATSMAN",
    "KEEPER",
];

/// Adverbs that make a verb of force a verb of motion or progress:
/// "stormed ahead", "romped home".
const FIGURATIVE_PARTICLES: &[&str] = &["AHEAD", "HOME", "CLEAR"];

/// Verbs of force with a sense of winning a game or a contest: with a bare
/// country as the subject (a national team), they are sport.
const WIN_VERBS: &[&str] = &[
    "BEAT", "DEFEAT", "THRASH", "ROUT", "HAMMER", "EDGE", "OUTPLAY", "TROUNCE", "STRUGGLE",
];

/// Verbs of combat, which a sports report uses of a game.
const COMBAT_VERBS: &[&str] = &["ATTACK", "FIGHT", "BATTLE", "CRUSH", "DOWN"];

/// Verbs that code no act without a target of their own: with none, their
/// sense is rarely an act ("took over", "hit out", "stormed ahead", "the
/// match").
pub(super) const POLYSEMOUS: &[&str] = &[
    "TAKE", "HIT", "STRIKE", "BEAT", "HANG", "MATCH", "KICK", "STORM", "BATTLE", "STRUGGLE",
];

/// Verbs of force that also measure results ("smashed the record", "hit a
/// high"): with a result object they are no act.
const FORCE_VERBS: &[&str] = &[
    "BREAK", "GRAB", "CRACK", "SMASH", "CRUSH", "HAMMER", "SINK", "PUNCH", "SLAM", "BLAST", "TOP",
];

/// Words that only a sports report uses of a contest.
const SPORT_WORDS: &[&str] = &[
    "MATCH",
    "GOAL",
    "GOALS",
    "CUP",
    "LEAGUE",
    "CHAMPIONSHIP",
    "CHAMPIONSHIPS",
    "TOURNAMENT",
    "SEMI-FINAL",
    "QUARTER-FINAL",
    "STRIKER",
    "MIDFIELDER",
    "GOALKEEPER",
    "INNINGS",
    "WICKETS",
    "OLYMPICS",
    "SQUAD",
    "FIXTURE",
    "DERBY",
];

/// Is verb `v` (with subject heads `subj`) used in a sense that codes no
/// event here: an idiom, a market or weather report, a figure of speech?
pub(super) fn other_sense(tree: &Tree, v: usize, subj: &[usize]) -> bool {
    let lemma = tree.lemma(v);
    if subj
        .iter()
        .filter(|&&s| tree.upos(s) == Upos::Noun)
        .any(|&s| {
            MARKET_SUBJECTS.contains(&tree.upper(s)) || SPORT_SUBJECTS.contains(&tree.upper(s))
        })
    {
        return true;
    }
    let args = tree.children(v).iter().copied().filter(|&c| {
        matches!(
            tree.base_rel(c),
            Deprel::Obj | Deprel::Obl | Deprel::Xcomp | Deprel::Advmod | Deprel::Compound
        )
    });
    for c in args {
        let word = tree.upper(c);
        if IDIOM_OBJECTS.contains(&word) {
            return true;
        }
        let forceful = POLYSEMOUS.contains(&lemma)
            || WIN_VERBS.contains(&lemma)
            || FORCE_VERBS.contains(&lemma);
        if forceful && RESULT_OBJECTS.contains(&word) {
            return true;
        }
        // "took nothing for granted": the idiom hangs on the object.
        if tree.children(c).iter().any(|&k| tree.upper(k) == "GRANTED") {
            return true;
        }
        let particle = matches!(tree.base_rel(c), Deprel::Advmod | Deprel::Compound)
            && tree.children(c).is_empty();
        if particle && FIGURATIVE_PARTICLES.contains(&tree.upper(c)) && forceful {
            return true;
        }
    }
    // "taking nothing for granted" parsed with GRANTED anywhere after it.
    if ((v + 1)..tree.end.min(v + 6)).any(|k| tree.upper(k) == "GRANTED") && lemma == "TAKE" {
        return true;
    }
    sport(tree)
        && [WIN_VERBS, COMBAT_VERBS, POLYSEMOUS, FORCE_VERBS]
            .iter()
            .any(|list| list.contains(&lemma))
}

/// Is the sentence a sports report: a score ("3-1", "2–0") or a word only
/// sport uses of a contest?
pub(super) fn sport(tree: &Tree) -> bool {
    (tree.start..tree.end).any(|i| {
        let w = tree.upper(i);
        (SPORT_WORDS.contains(&w) && tree.upos(i) == Upos::Noun)
            || is_score(w)
            // "400 runs", "six wickets": a cricket tally.
            || (matches!(w, "RUNS" | "WICKETS" | "OVERS")
                && i > tree.start
                && tree.upos(i - 1) == Upos::Num)
    })
}

/// "3-1", "21–17": two numbers joined by a hyphen or dash.
fn is_score(w: &str) -> bool {
    let Some((a, b)) = w.split_once(['-', '–']) else {
        return false;
    };
    let num = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|c| c.is_ascii_digit());
    num(a) && num(b)
}

/// A winning verb with a bare country as its subject is a national team's
/// result ("Spain beat Italy"): a state's defeat of another is reported
/// with its forces or government.
///
/// A company that beats its rivals or forecasts is competing in a market,
/// which CAMEO does not code: "Turkish Airlines beat its rivals".
pub(super) fn team_result(lemma: &str, source_code: &str) -> bool {
    WIN_VERBS.contains(&lemma)
        && ((source_code.len() == 3 && !source_code.starts_with("---"))
            || source_code.get(3..6) == Some("BUS"))
}

#[cfg(test)]
mod tests {
    use super::is_score;

    #[test]
    fn scores() {
        assert!(is_score("3-1") && is_score("21–17"));
        assert!(!is_score("2004-05") && !is_score("well-known") && !is_score("-1"));
    }
}
