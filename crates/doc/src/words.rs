//! Closed-class English word lists shared by the stages that each read words
//! their own way (the tokenizer in `nlp`, the time lexer in `extract`, the
//! place scanner in `geo`, the GKG text measures in `export`).
//!
//! Those stages split text into words differently on purpose, but the lists
//! of month and weekday names, title abbreviations, pronouns and determiners
//! they check words against were copies of one another. They live here, in
//! the lowest crate every one of those stages depends on, so a list is
//! fixed in one place. Each user composes its own extras on top and says so
//! where it does; this module only holds the lists and how to compare a
//! word against an entry written in a given case.

/// Month names, January first, as written in running text.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Abbreviations of month names, lower case; each is the start of its month
/// name ("sept" of "September"). "May", "June" and "July" have none.
pub const MONTH_ABBREVS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Weekday names, Monday first (ISO order), as written in running text.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Abbreviations of weekday names, lower case; each is the start of its
/// weekday name ("thurs" of "Thursday").
pub const WEEKDAY_ABBREVS: &[&str] = &[
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Personal titles written before a name, lower case, without the period.
pub const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "dr"];

/// Rank and office titles written abbreviated before a name ("Gen.",
/// "Sen."), lower case, without the period. "st" (Saint) is among them.
pub const RANK_ABBREVS: &[&str] = &["st", "gen", "sen", "rep", "gov", "lt", "col", "sgt"];

/// Personal pronouns in the subject case, lower case.
pub const SUBJECT_PRONOUNS: &[&str] = &["i", "you", "he", "she", "it", "we", "they"];

/// Articles and demonstratives, lower case.
pub const DETERMINERS: &[&str] = &["the", "a", "an", "this", "that", "these", "those"];

/// Possessive determiners, lower case. "its" is left out: not every user
/// treats it like the others (see `nlp::tokenize`).
pub const POSSESSIVES: &[&str] = &["his", "her", "their", "our", "my"];

/// `word` is `entry` with every ASCII letter lower-cased ("may" for "May").
pub fn is_lowercase_of(word: &str, entry: &str) -> bool {
    word.len() == entry.len()
        && word
            .bytes()
            .zip(entry.bytes())
            .all(|(w, e)| w == e.to_ascii_lowercase())
}

/// `word` is the lower-case `entry` with its first letter capitalized
/// ("The" for "the", "I" for "i").
pub fn is_capitalized_of(word: &str, entry: &str) -> bool {
    let (w, e) = (word.as_bytes(), entry.as_bytes());
    w.len() == e.len() && !e.is_empty() && w[0] == e[0].to_ascii_uppercase() && w[1..] == e[1..]
}

/// 1-based position of the entry of `list` whose lower-cased form is `word`.
pub fn lowercase_position(word: &str, list: &[&str]) -> Option<u32> {
    list.iter()
        .position(|e| is_lowercase_of(word, e))
        .map(|i| i as u32 + 1)
}

/// 1-based position of the entry of `list` whose lower-cased form starts
/// with `abbrev`, for abbreviations of the names in `list`.
pub fn abbrev_position(abbrev: &str, list: &[&str]) -> Option<u32> {
    list.iter()
        .position(|e| e.len() >= abbrev.len() && is_lowercase_of(abbrev, &e[..abbrev.len()]))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_abbreviation_starts_its_name() {
        for a in MONTH_ABBREVS {
            assert!(abbrev_position(a, &MONTHS).is_some(), "{a}");
        }
        for a in WEEKDAY_ABBREVS {
            assert!(abbrev_position(a, &WEEKDAYS).is_some(), "{a}");
        }
        assert_eq!(abbrev_position("sept", &MONTHS), Some(9));
        assert_eq!(abbrev_position("thurs", &WEEKDAYS), Some(4));
    }

    #[test]
    fn case_forms() {
        assert!(is_lowercase_of("may", "May"));
        assert!(!is_lowercase_of("May", "May"));
        assert!(is_capitalized_of("I", "i"));
        assert!(is_capitalized_of("The", "the"));
        assert!(!is_capitalized_of("THE", "the"));
        assert!(!is_capitalized_of("é", "e"));
        assert_eq!(lowercase_position("december", &MONTHS), Some(12));
        assert_eq!(lowercase_position("December", &MONTHS), None);
    }
}
