//! Discard phrases and issue categories.
//!
//! Discards (`Phoenix.discards.txt`): one phrase a line; `+PHRASE` discards the
//! whole story (sports, entertainment, history), a plain phrase only the
//! sentence. Issues (`Phoenix.IssueCoding.txt`): `<ISSUE CATEGORY="X">` blocks
//! of `phrase [CODE]` lines, where `n:`/`v:` mark noun or verb forms, `+`
//! joins hyphen/space variants and `~phrase` lines are phrases to ignore.

use crate::hash::FxHashMap;
use crate::{normalize_phrase, FirstWords};

/// Phrases that stop a sentence or a story from being coded.
#[derive(Clone, Debug, Default)]
pub struct Discards {
    /// Normalized phrase → true when it discards the whole story.
    phrases: FxHashMap<String, bool>,
    max_words: usize,
    first_words: FirstWords,
}

impl Discards {
    pub fn len(&self) -> usize {
        self.phrases.len()
    }
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
    pub fn max_words(&self) -> usize {
        self.max_words
    }
    /// The longest phrase starting with `word`, in words; 0 when none does.
    pub fn max_words_from(&self, word: &str) -> usize {
        self.first_words.max_from(word)
    }
    /// `Some(true)` for a story discard, `Some(false)` for a sentence discard.
    pub fn get(&self, phrase: &str) -> Option<bool> {
        self.phrases.get(phrase).copied()
    }
    pub fn parse(text: &str) -> Discards {
        let mut d = Discards::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let story = line.starts_with('+');
            let phrase = normalize_phrase(line.trim_start_matches('+'));
            if !phrase.is_empty() {
                d.max_words = d.max_words.max(d.first_words.note(&phrase));
                d.phrases.insert(phrase, story);
            }
        }
        d
    }
}

/// Issue phrases → issue codes, by category.
#[derive(Clone, Debug, Default)]
pub struct IssueDict {
    /// Normalized phrase (markers removed) → (category, code).
    phrases: FxHashMap<String, (String, String)>,
    /// Phrases that must not count as issues.
    pub ignore: Vec<String>,
}

impl IssueDict {
    pub fn len(&self) -> usize {
        self.phrases.len()
    }
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
    /// The (category, code) of a normalized phrase.
    pub fn get(&self, phrase: &str) -> Option<&(String, String)> {
        self.phrases.get(phrase)
    }
    pub fn parse(text: &str) -> IssueDict {
        let mut d = IssueDict::default();
        let mut category = String::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if let Some(rest) = line.strip_prefix("<ISSUE") {
                category = rest.split('"').nth(1).unwrap_or("").to_string();
                continue;
            }
            if line.is_empty() || line.starts_with('<') {
                continue;
            }
            if let Some(ign) = line.strip_prefix('~') {
                d.ignore.push(normalize_phrase(ign));
                continue;
            }
            let Some(open) = line.find('[') else { continue };
            let code = line[open + 1..].trim_end_matches(']').trim().to_string();
            let words: Vec<String> = line[..open]
                .split_whitespace()
                .map(|w| {
                    let w = w
                        .strip_prefix("n:")
                        .or_else(|| w.strip_prefix("v:"))
                        .unwrap_or(w);
                    w.replace('+', " ")
                })
                .collect();
            let phrase = normalize_phrase(&words.join(" "));
            if !phrase.is_empty() {
                d.phrases.insert(phrase, (category.clone(), code));
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discards_and_issues() {
        let d = Discards::parse("YEARS AGO\n+AUSTRALIAN OPEN # tennis\n");
        assert_eq!(d.get("YEARS AGO"), Some(false));
        assert_eq!(d.get("AUSTRALIAN OPEN"), Some(true));
        let i = IssueDict::parse("<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\nn:preschool [EARLY]\npre+k [EARLY]\n~a head start\n</ISSUE>\n");
        assert_eq!(i.get("PRESCHOOL").unwrap().0, "EDUCATION");
        assert!(i.get("PRE K").is_some());
        assert_eq!(i.ignore, vec!["A HEAD START"]);
    }
}
