//! Finding place candidates in the text: words, capitalized runs, and the
//! longest gazetteer names inside them.
//!
//! This works on the raw text rather than on the tokenizer's tokens so the
//! stage runs (and can be tested) on any `Document`, even one with no
//! tokens; the entity layer, when present, adds and vetoes candidates.
//! Its words keep inner dots and hyphens, unlike the other scanners', because
//! place names need "U.S." and "Rostov-on-Don" whole; the closed-class
//! lists it stops at come from `newsgraph_doc::words`.

use newsgraph_doc::{words, Span};

/// A word: letters and digits, with inner apostrophes, dots and hyphens
/// ("Russia's", "U.S.", "Washington-based", "Rostov-on-Don").
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Word {
    pub span: Span,
    pub capitalized: bool,
    /// First word of a sentence or block, where capitals say nothing.
    pub sentence_initial: bool,
    /// Only spaces (no newline, no punctuation) separate it from the next word.
    pub joined_to_next: bool,
}

pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut i = 0;
    let mut boundary = true;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if !c.is_alphanumeric() {
            if matches!(c, '.' | '!' | '?' | '\n' | ':' | ';') {
                boundary = true;
            }
            if let Some(last) = out.last_mut() {
                if !(c == ' ' || c == '\t') {
                    last.joined_to_next = false;
                }
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < text.len() {
            let Some(ch) = text[j..].chars().next() else {
                break;
            };
            if ch.is_alphanumeric() {
                j += ch.len_utf8();
                end = j;
            } else if matches!(ch, '\'' | '\u{2019}' | '-' | '.' | '\u{2010}' | '\u{2011}') {
                let next = text[j + ch.len_utf8()..].chars().next();
                if next.is_some_and(|n| n.is_alphanumeric()) {
                    j += ch.len_utf8();
                } else {
                    // "U.S." keeps its last dot: single letters joined by dots.
                    if ch == '.' && is_dotted_abbrev(&text[start..j]) {
                        end = j + 1;
                    }
                    break;
                }
            } else {
                break;
            }
        }
        let w = &text[start..end];
        let capitalized = w.chars().next().is_some_and(|c| c.is_uppercase());
        out.push(Word {
            span: Span::new(start, end),
            capitalized,
            sentence_initial: boundary,
            joined_to_next: true,
        });
        boundary = false;
        // A dot that ends "U.S." is taken as mid-sentence, the common case.
        i = end.max(start + 1);
    }
    if let Some(last) = out.last_mut() {
        last.joined_to_next = false;
    }
    out
}

fn is_dotted_abbrev(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| p.chars().count() == 1)
}

/// Lower-case words that may sit inside a place name ("Rostov on Don",
/// "Bay of Biscay", "Isle of Man").
pub(crate) fn is_connector(w: &str) -> bool {
    matches!(
        w,
        "of" | "on" | "de" | "del" | "la" | "upon" | "du" | "da" | "al" | "el"
    )
}

/// Capitalized words that are almost never place names on their own: the
/// shared pronouns, determiners, possessives, honorifics, month and weekday
/// names (matched in their capitalized form only, as before) plus these.
pub(crate) fn is_stop_capital(w: &str) -> bool {
    const STOP: &[&str] = &[
        "But",
        "And",
        "Or",
        "So",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Today",
        "Yesterday",
        "Tomorrow",
        "President",
        "Minister",
        "General",
        "King",
        "Queen",
        "Prince",
        "Saint",
        "St",
        "Sir",
        "Lord",
        "Chief",
        "Western",
        "Eastern",
        "Northern",
        "Southern",
        "Central",
        "North",
        "South",
        "East",
        "West",
        "New",
        "Old",
        "Great",
        "Upper",
        "Lower",
        "Greater",
    ];
    let capitalized_in = |list: &[&str]| list.iter().any(|e| words::is_capitalized_of(w, e));
    STOP.contains(&w)
        || words::MONTHS.contains(&w)
        || words::WEEKDAYS.contains(&w)
        || capitalized_in(words::SUBJECT_PRONOUNS)
        || capitalized_in(words::DETERMINERS)
        || capitalized_in(words::POSSESSIVES)
        || capitalized_in(words::HONORIFICS)
}

/// Nouns that make a capitalized run a place even when the gazetteer does
/// not know it: "Khasan Station", "Vladivostok Airport", "Red Square".
pub(crate) fn is_place_noun(w: &str) -> bool {
    matches!(
        w,
        "Station"
            | "Airport"
            | "Port"
            | "Square"
            | "Bridge"
            | "Street"
            | "Avenue"
            | "Road"
            | "Province"
            | "Region"
            | "County"
            | "District"
            | "Oblast"
            | "Krai"
            | "Island"
            | "Islands"
            | "River"
            | "Lake"
            | "Mountain"
            | "Mountains"
            | "Valley"
            | "Peninsula"
            | "Bay"
            | "Sea"
            | "Gulf"
            | "Strait"
            | "Border"
            | "Crossing"
            | "Camp"
            | "Harbour"
            | "Harbor"
            | "Palace"
            | "Stadium"
            | "Village"
            | "Prefecture"
            | "Canal"
            | "Desert"
            | "Coast"
            | "Park"
            | "Plaza"
            | "Terminal"
            | "Checkpoint"
            | "Dam"
            | "Base"
    )
}

/// Words naming a polity or division before "of" and its name: "Republic
/// of Albania", "State of Texas", "City of Cleveland".
pub(crate) fn is_designator(w: &str) -> bool {
    matches!(
        w,
        "Republic"
            | "State"
            | "Commonwealth"
            | "Kingdom"
            | "Federation"
            | "Principality"
            | "Emirate"
            | "Sultanate"
            | "Grand Duchy"
            | "City"
            | "Municipality"
            | "Province"
            | "Territory"
            | "Islands"
            | "Isle"
    )
}

/// Words before a designator that belong to the name: "People's Republic".
pub(crate) fn is_designator_adjective(w: &str) -> bool {
    matches!(
        w,
        "People's"
            | "People\u{2019}s"
            | "Democratic"
            | "Federal"
            | "Islamic"
            | "Socialist"
            | "United"
            | "Arab"
    )
}

/// Words that make a run after a possessive a region: "Russia's Far East".
pub(crate) fn is_region_word(w: &str) -> bool {
    matches!(
        w,
        "North"
            | "South"
            | "East"
            | "West"
            | "Far"
            | "Northeast"
            | "Northwest"
            | "Southeast"
            | "Southwest"
            | "Central"
            | "Northern"
            | "Southern"
            | "Eastern"
            | "Western"
    ) || is_place_noun(w)
}

/// Prepositions after which a capitalized name is likely a place.
pub(crate) fn is_locative(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "in" | "at"
            | "from"
            | "to"
            | "near"
            | "into"
            | "outside"
            | "across"
            | "through"
            | "toward"
            | "towards"
            | "via"
            | "around"
            | "inside"
            | "visit"
            | "visited"
            | "visiting"
            | "reached"
            | "arrived"
            | "left"
            | "entered"
    )
}

/// Strips a possessive ("Russia's") and a lower-case hyphen suffix
/// ("Washington-based"): the part that can name a place, and whether
/// anything was cut.
pub(crate) fn core_of(word: &str) -> (&str, Cut) {
    for suffix in ["'s", "\u{2019}s", "s'", "'", "\u{2019}"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() && suffix.len() <= word.len() {
                let stem = if suffix == "s'" {
                    &word[..word.len() - 1]
                } else {
                    stem
                };
                return (stem, Cut::Possessive);
            }
        }
    }
    if let Some(pos) = word.find(['-', '\u{2010}', '\u{2011}']) {
        let rest = &word[pos..];
        let after = rest.chars().nth(1);
        if pos > 0 && after.is_some_and(|c| c.is_lowercase()) && !rest.contains("-on-") {
            return (&word[..pos], Cut::Hyphen);
        }
    }
    (word, Cut::None)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cut {
    None,
    Possessive,
    Hyphen,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(t: &'a str, ws: &[Word]) -> Vec<&'a str> {
        ws.iter().map(|w| &t[w.span.range()]).collect()
    }

    #[test]
    fn words_keep_abbreviations_and_possessives() {
        let t = "The U.S. and Russia's Washington-based man. Next";
        let ws = words(t);
        assert_eq!(
            texts(t, &ws),
            [
                "The",
                "U.S.",
                "and",
                "Russia's",
                "Washington-based",
                "man",
                "Next"
            ]
        );
        assert!(ws[0].sentence_initial && !ws[1].sentence_initial && ws[6].sentence_initial);
        assert!(ws[3].joined_to_next && !ws[5].joined_to_next);
    }

    #[test]
    fn cores() {
        assert_eq!(core_of("Russia's"), ("Russia", Cut::Possessive));
        assert_eq!(core_of("Washington-based"), ("Washington", Cut::Hyphen));
        assert_eq!(core_of("Rostov-on-Don"), ("Rostov-on-Don", Cut::None));
        assert_eq!(core_of("Guinea-Bissau"), ("Guinea-Bissau", Cut::None));
    }

    #[test]
    fn odd_text_does_not_panic() {
        for t in [
            "",
            ".",
            "'s",
            "-",
            "é'",
            "A.",
            "\u{2019}\u{2019}x",
            "a-\u{2010}",
        ] {
            let _ = words(t);
            let _ = core_of(t);
        }
    }
}
