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

use newsgraph_dict::{Elem, Pattern, VerbDict};

/// One word the patterns can see.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub tok: usize,
    pub word: String,
    pub lemma: String,
    /// True for the preposition that opens a prepositional phrase.
    pub prep: bool,
}

/// A successful match: its weight (words matched) and where `+`/`$` fell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Matched {
    pub weight: usize,
    pub target: Option<usize>,
    pub source: Option<usize>,
}

fn word_matches(w: &str, exact: bool, item: &Item) -> bool {
    item.word == w
        || item.lemma == w
        || (!exact && w.len() >= 4 && item.word.starts_with(w) && item.word.len() <= w.len() + 3)
}

/// Where in `items` a synset member starts matching at or after `from`;
/// returns (first index, index after the member).
fn find_synset(
    verbs: &VerbDict,
    name: &str,
    items: &[Item],
    from: usize,
    adjacent: bool,
) -> Option<(usize, usize)> {
    let members = verbs.synsets.get(name)?;
    let last = if adjacent { from + 1 } else { items.len() };
    for p in from..last.min(items.len()) {
        'member: for m in members {
            let mut k = p;
            for w in m.split(' ') {
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
    verbs: &VerbDict,
    elems: &[Elem],
    items: &[Item],
    from: usize,
    limit: usize,
    adjacent: bool,
    m: &mut Matched,
) -> Option<usize> {
    let mut cur = from;
    for e in elems {
        match e {
            Elem::Word { word, exact } => {
                let end = if adjacent {
                    (cur + 1).min(limit)
                } else {
                    limit
                };
                let p = (cur..end).find(|&p| word_matches(word, *exact, &items[p]))?;
                m.weight += 1;
                cur = p + 1;
            }
            Elem::Synset(name) => {
                let (_, next) = find_synset(verbs, name, &items[..limit], cur, adjacent)?;
                m.weight += 1;
                cur = next;
            }
            Elem::Phrase(inner) => {
                let end = if adjacent {
                    (cur + 1).min(limit)
                } else {
                    limit
                };
                let mut hit = None;
                for start in cur..end {
                    let mut trial = Matched::default();
                    if let Some(next) =
                        match_seq(verbs, inner, items, start, limit, true, &mut trial)
                    {
                        hit = Some((next, trial));
                        break;
                    }
                }
                let (next, trial) = hit?;
                merge(m, trial);
                cur = next;
            }
            Elem::Prep(inner) => {
                let (first, rest) = inner.split_first()?;
                let mut hit = None;
                for p in cur..limit {
                    let is_prep = items[p].prep
                        && match first {
                            Elem::Word { word, exact } => word_matches(word, *exact, &items[p]),
                            Elem::Synset(name) => {
                                find_synset(verbs, name, items, p, true).is_some()
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
                    if let Some(next) = match_seq(verbs, rest, items, p + 1, end, false, &mut trial)
                    {
                        hit = Some((next.max(p + 1), trial));
                        break;
                    }
                }
                let (next, trial) = hit?;
                merge(m, trial);
                cur = next;
            }
            Elem::Target => {
                m.target = m.target.or_else(|| items.get(cur).map(|i| i.tok));
            }
            Elem::Source => {
                m.source = m.source.or_else(|| items.get(cur).map(|i| i.tok));
            }
            Elem::Compound => {}
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
pub(crate) fn match_pattern(
    verbs: &VerbDict,
    pat: &Pattern,
    pre: &[Item],
    post: &[Item],
) -> Option<Matched> {
    let mut m = Matched::default();
    match_seq(verbs, &pat.pre, pre, 0, pre.len(), false, &mut m)?;
    match_seq(verbs, &pat.post, post, 0, post.len(), false, &mut m)?;
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(words: &[&str]) -> Vec<Item> {
        words
            .iter()
            .enumerate()
            .map(|(k, w)| Item {
                tok: k,
                word: w.trim_start_matches('^').to_string(),
                lemma: w.trim_start_matches('^').to_string(),
                prep: w.starts_with('^'),
            })
            .collect()
    }

    fn check(pattern: &str, pre: &[&str], post: &[&str]) -> Option<Matched> {
        let text = format!("&CUR\n+EURO\n+US_DOLLAR\n--- X [010] ---\nX\n{pattern}\n");
        let d = VerbDict::parse(&text);
        let pat = &d.blocks[0].patterns[0];
        match_pattern(&d, pat, &items(pre), &items(post))
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
