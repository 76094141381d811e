//! Matching PETRARCH-2 verb patterns against the words around a verb.
//!
//! The coder turns a clause into two word lists: `pre` (the subject phrase
//! and auxiliaries before the verb) and `post` (the verb's objects and
//! prepositional phrases, with their prepositions marked). A pattern's
//! elements must appear in order; other words may come between them, except
//! inside a `{phrase}`, whose words must be adjacent. A `(PREP ...)` group
//! must start at a preposition and stays within that prepositional phrase.
//! Words match a token's surface form or lemma; words written without a
//! trailing `_` also match as a stem ("SANCTION" matches "SANCTIONS").

use newsgraph_dict::{IndexedPattern, Needs, PatternIndex, Step, NO_ID};

/// One word the patterns can see, as ids of the verb dictionary's
/// [`PatternIndex`] (see [`Item::new`]).
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub tok: usize,
    /// The surface form's id.
    word: u32,
    /// The lemma's id.
    lemma: u32,
    /// The ids of the surface form's prefixes that a stem-matching pattern
    /// word may be; [`NO_ID`] where there is none.
    stems: [u32; 3],
    /// The synsets a member of which could start at this word.
    synsets: u64,
    /// True for the preposition that opens a prepositional phrase.
    pub prep: bool,
}

impl Item {
    /// Looks `word` and `lemma` (upper case) up in the index once, so that
    /// matching compares integers. A pattern word written without `_`
    /// matches a form it begins when it has at least 4 bytes and the form
    /// has at most 3 more: those prefixes are the `stems`.
    pub fn new(ix: &PatternIndex, tok: usize, word: &str, lemma: &str, prep: bool) -> Item {
        let mut stems = [NO_ID; 3];
        let mut n = 0;
        for k in word.len().saturating_sub(3).max(4)..word.len() {
            if let Some(id) = word.get(..k).map(|p| ix.word(p)).filter(|&id| id != NO_ID) {
                stems[n] = id;
                n += 1;
            }
        }
        let (word, lemma) = (ix.word(word), ix.word(lemma));
        let synsets = [word, lemma]
            .iter()
            .chain(&stems)
            .filter(|&&id| id != NO_ID)
            .fold(0, |m, &id| m | ix.starts(id));
        Item {
            tok,
            word,
            lemma,
            stems,
            synsets,
            prep,
        }
    }
}

/// What a list of items offers patterns (see [`Needs`]).
pub(crate) fn summary(items: &[Item]) -> Needs {
    let mut have = Needs::default();
    for item in items {
        for id in [item.word, item.lemma].iter().chain(&item.stems) {
            if *id != NO_ID {
                have.words |= PatternIndex::word_bit(*id);
            }
        }
        have.synsets |= item.synsets;
    }
    have
}

/// A successful match: its weight (words matched) and where `+`/`$` fell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Matched {
    pub weight: usize,
    pub target: Option<usize>,
    pub source: Option<usize>,
}

/// Does pattern word `id` match the item: its surface form or lemma, or
/// (unless `exact`) a stem of the surface form? `id` is never [`NO_ID`],
/// so the items' [`NO_ID`] fillers match nothing.
fn word_matches(id: u32, exact: bool, item: &Item) -> bool {
    item.word == id || item.lemma == id || (!exact && item.stems.contains(&id))
}

/// Where in `items` a synset member starts matching at or after `from`;
/// returns (first index, index after the member).
fn find_synset(
    ix: &PatternIndex,
    synset: u32,
    items: &[Item],
    from: usize,
    adjacent: bool,
) -> Option<(usize, usize)> {
    if synset == NO_ID {
        return None;
    }
    let members = ix.members(synset);
    let bit = PatternIndex::synset_bit(synset);
    let last = if adjacent { from + 1 } else { items.len() };
    for p in from..last.min(items.len()) {
        // No member's first word is this item's: none can start here.
        if items[p].synsets & bit == 0 {
            continue;
        }
        'member: for m in members {
            let mut k = p;
            for &w in m {
                match items.get(k) {
                    Some(item) if word_matches(w, false, item) => k += 1,
                    _ => continue 'member,
                }
            }
            return Some((p, k));
        }
    }
    None
}

/// Matches `elems` in order within `items[from..limit]`; `adjacent` forces
/// each element to start right where the previous one ended.
fn match_seq(
    ix: &PatternIndex,
    elems: &[Step],
    items: &[Item],
    from: usize,
    limit: usize,
    adjacent: bool,
    m: &mut Matched,
) -> Option<usize> {
    let mut cur = from;
    for e in elems {
        match e {
            Step::Word { id, exact } => {
                let end = if adjacent {
                    (cur + 1).min(limit)
                } else {
                    limit
                };
                let p = (cur..end).find(|&p| word_matches(*id, *exact, &items[p]))?;
                m.weight += 1;
                cur = p + 1;
            }
            Step::Synset(synset) => {
                let (_, next) = find_synset(ix, *synset, &items[..limit], cur, adjacent)?;
                m.weight += 1;
                cur = next;
            }
            Step::Phrase(inner) => {
                let end = if adjacent {
                    (cur + 1).min(limit)
                } else {
                    limit
                };
                let mut hit = None;
                for start in cur..end {
                    let mut trial = Matched::default();
                    if let Some(next) = match_seq(ix, inner, items, start, limit, true, &mut trial)
                    {
                        hit = Some((next, trial));
                        break;
                    }
                }
                let (next, trial) = hit?;
                merge(m, trial);
                cur = next;
            }
            Step::Prep(inner) => {
                let (first, rest) = inner.split_first()?;
                let mut hit = None;
                for p in cur..limit {
                    let is_prep = items[p].prep
                        && match first {
                            Step::Word { id, exact } => word_matches(*id, *exact, &items[p]),
                            Step::Synset(synset) => {
                                find_synset(ix, *synset, items, p, true).is_some()
                            }
                            _ => false,
                        };
                    if !is_prep {
                        continue;
                    }
                    // The phrase runs to the next preposition.
                    let end = (p + 1..limit).find(|&k| items[k].prep).unwrap_or(limit);
                    let mut trial = Matched {
                        weight: 1,
                        ..Matched::default()
                    };
                    if let Some(next) = match_seq(ix, rest, items, p + 1, end, false, &mut trial) {
                        hit = Some((next.max(p + 1), trial));
                        break;
                    }
                }
                let (next, trial) = hit?;
                merge(m, trial);
                cur = next;
            }
            Step::Target => {
                m.target = m.target.or_else(|| items.get(cur).map(|i| i.tok));
            }
            Step::Source => {
                m.source = m.source.or_else(|| items.get(cur).map(|i| i.tok));
            }
            Step::Compound => {}
        }
    }
    Some(cur)
}

fn merge(m: &mut Matched, trial: Matched) {
    m.weight += trial.weight;
    m.target = m.target.or(trial.target);
    m.source = m.source.or(trial.source);
}

/// Matches one pattern; `None` when it does not apply.
///
/// `have` is the [`summary`] of `pre` and of `post`: a pattern that needs
/// a word or synset neither offers is ruled out without being tried.
pub(crate) fn match_pattern(
    ix: &PatternIndex,
    pat: &IndexedPattern,
    pre: &[Item],
    post: &[Item],
    have: &(Needs, Needs),
) -> Option<Matched> {
    if !pat.pre_needs.met_by(&have.0) || !pat.post_needs.met_by(&have.1) {
        return None;
    }
    let mut m = Matched::default();
    match_seq(ix, &pat.pre, pre, 0, pre.len(), false, &mut m)?;
    match_seq(ix, &pat.post, post, 0, post.len(), false, &mut m)?;
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_dict::VerbDict;

    fn items(ix: &PatternIndex, words: &[&str]) -> Vec<Item> {
        words
            .iter()
            .enumerate()
            .map(|(k, w)| {
                let word = w.trim_start_matches('^');
                Item::new(ix, k, word, word, w.starts_with('^'))
            })
            .collect()
    }

    fn check(pattern: &str, pre: &[&str], post: &[&str]) -> Option<Matched> {
        let text = format!("&CUR\n+EURO\n+US_DOLLAR\n--- X [010] ---\nX\n{pattern}\n");
        let d = VerbDict::parse(&text);
        let ix = d.index();
        let pat = &ix.patterns(0)[0];
        let (pre, post) = (items(ix, pre), items(ix, post));
        let have = (summary(&pre), summary(&post));
        let filtered = match_pattern(ix, pat, &pre, &post, &have);
        // The summaries only rule out patterns that cannot match.
        let all = (
            Needs {
                words: u64::MAX,
                synsets: u64::MAX,
            },
            Needs {
                words: u64::MAX,
                synsets: u64::MAX,
            },
        );
        assert_eq!(filtered, match_pattern(ix, pat, &pre, &post, &all));
        filtered
    }

    #[test]
    fn words_prepositions_phrases_synsets() {
        assert_eq!(
            check("- * AID [070]", &[], &["MILITARY", "AID"])
                .unwrap()
                .weight,
            1
        );
        assert!(check("- * AID [070]", &[], &["HELP"]).is_none());
        assert!(check("- * SANCTION [070]", &[], &["SANCTIONS"]).is_some());
        assert!(check("- * AID_ [070]", &[], &["AIDS"]).is_none());
        let m = check(
            "- * (AGAINST +) [112]",
            &[],
            &["EVIDENCE", "^AGAINST", "RUSSIA"],
        )
        .unwrap();
        assert_eq!((m.weight, m.target), (1, Some(2)));
        assert!(check("- * (AGAINST) [112]", &[], &["AGAINST"]).is_none());
        assert!(check(
            "- * {HUMANITARIAN AID} [0233]",
            &[],
            &["HUMANITARIAN", "FOOD", "AID"]
        )
        .is_none());
        assert!(check(
            "- * {HUMANITARIAN AID} [0233]",
            &[],
            &["HUMANITARIAN", "AID"]
        )
        .is_some());
        assert!(check("- * &CUR [0231]", &[], &["SOME", "US", "DOLLAR"]).is_some());
        assert!(check("- WILL * [036]", &["WILL"], &[]).is_some());
        assert!(check("- WILL * [036]", &[], &["WILL"]).is_none());
        // A (PREP ...) group stays inside its own phrase.
        assert!(check(
            "- * (TO BORDER) [154]",
            &[],
            &["^TO", "TOWN", "^NEAR", "BORDER"]
        )
        .is_none());
    }
}
