//! Event nouns: "talks between A and B", "B's visit to C", "air strikes by
//! A on B". The verb dictionary only codes verbs; a news sentence often
//! names its event with a noun whose own dependents give the actors.
//!
//! Format (`nouns.newsgraph.txt`, tab-separated): `NOUN  CODE  ROLE`, where
//! NOUN is the upper-case lemma or plural surface form, optionally preceded
//! by a required compound modifier (`AIR STRIKE`: "air strike(s)"), CODE the
//! CAMEO code, and ROLE says who the noun's possessor / `of` phrase is:
//! `agent` (the doer: "Kim's visit", "the visit of Kim"), `patient` (the one
//! it is done to: "the arrest of Navalny") or `mutual` (the parties meet on
//! equal terms: "talks between A and B", "A's talks with B", coded both
//! ways).

use crate::hash::FxHashMap;
use crate::normalize_phrase;

/// Who the possessor or `of` phrase of an event noun is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NounRole {
    /// The doer of the event.
    Agent,
    /// The one the event is done to.
    Patient,
    /// Parties on equal terms; the event is coded in both directions.
    Mutual,
}

/// One event noun.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventNoun {
    /// A compound modifier that must be present ("AIR" for air strike).
    pub modifier: Option<String>,
    pub code: String,
    pub role: NounRole,
}

/// Event nouns by head word.
#[derive(Clone, Debug, Default)]
pub struct NounDict {
    nouns: FxHashMap<String, Vec<EventNoun>>,
}

impl NounDict {
    pub fn len(&self) -> usize {
        self.nouns.values().map(Vec::len).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.nouns.is_empty()
    }
    /// The entries for head word `word` (upper case).
    pub fn get(&self, word: &str) -> &[EventNoun] {
        self.nouns.get(word).map(Vec::as_slice).unwrap_or(&[])
    }
    /// Parses the format in the module header; lines it cannot read are
    /// skipped, as in the other hand-written dictionaries.
    pub fn parse(text: &str) -> NounDict {
        let mut d = NounDict::default();
        d.add_text(text);
        d
    }
    /// Adds entries on top: a user's entry for a word comes first.
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [phrase, code, role] = cols.as_slice() else {
                continue;
            };
            let role = match *role {
                "agent" => NounRole::Agent,
                "patient" => NounRole::Patient,
                "mutual" => NounRole::Mutual,
                _ => continue,
            };
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let phrase = normalize_phrase(phrase);
            let mut words: Vec<&str> = phrase.split(' ').filter(|w| !w.is_empty()).collect();
            let Some(head) = words.pop() else {
                continue;
            };
            let modifier = words.pop().map(str::to_string);
            self.nouns.entry(head.to_string()).or_default().insert(
                0,
                EventNoun {
                    modifier,
                    code: code.to_string(),
                    role,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_roles_modifiers_and_skips_bad_lines() {
        let d =
            NounDict::parse("TALKS\t046\tmutual\nAIR STRIKE\t195\tagent\nVISIT\tx\tagent\nBAD\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d.get("TALKS")[0].role, NounRole::Mutual);
        assert_eq!(d.get("STRIKE")[0].modifier.as_deref(), Some("AIR"));
        assert!(d.get("VISIT").is_empty());
    }
}
