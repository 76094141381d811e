//! The word-level view the time recognizer works on: a small tokenizer over
//! the raw article text, with sentence numbers, and the word tables (months,
//! weekdays, number words, units, parts of day).
//!
//! The recognizer keeps its own tokens rather than reading `doc.tokens`
//! because it needs details a general tokenizer may not keep (hyphens and
//! colons as separate tokens with exact adjacency, `a.m.` as one word) and
//! because it must also run on bare TempEval text with no other stage.
//! Its notion of a word is therefore the narrowest of the four in the
//! workspace: alphanumeric runs (dotted ones such as `a.m.` merged), with
//! every other character a token of its own. The month, weekday and title lists come from `newsgraph_doc::words`.

use std::borrow::Cow;

use newsgraph_doc::words;

/// What kind of characters a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters, possibly mixed with digits ("13th", "1990s", "a.m.").
    Word,
    /// ASCII digits only.
    Num,
    /// One punctuation or symbol character.
    Punct,
}

/// One token of the recognizer's own tokenization.
#[derive(Clone, Debug)]
pub(crate) struct Tok<'t> {
    pub start: usize,
    pub end: usize,
    /// Lower-cased text with typographic apostrophes and dashes folded;
    /// borrowed from the text when that is what the text says already (most
    /// tokens), so tokenizing allocates only for the rest.
    pub lower: Cow<'t, str>,
    pub kind: TokKind,
    /// First character is upper-case.
    pub cap: bool,
    /// Sentence number, counted from 0 over the whole text.
    pub sent: u32,
}

impl Tok<'_> {
    pub fn num(&self) -> Option<u32> {
        if self.kind == TokKind::Num && self.lower.len() <= 9 {
            self.lower.parse().ok()
        } else {
            None
        }
    }
}

/// `s` lower-cased: borrowed when it has nothing to lower (ASCII without
/// capitals), else `str::to_lowercase`.
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Splits `text` into tokens. Never fails; unknown characters become
/// one-character punctuation tokens, whitespace is dropped.
pub(crate) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            let mut all_digits = c.is_ascii_digit();
            while let Some(&(j, d)) = it.peek() {
                if !d.is_alphanumeric() {
                    break;
                }
                all_digits &= d.is_ascii_digit();
                end = j + d.len_utf8();
                it.next();
            }
            let s = &text[i..end];
            toks.push(Tok {
                start: i,
                end,
                lower: lowercase(s),
                kind: if all_digits {
                    TokKind::Num
                } else {
                    TokKind::Word
                },
                cap: c.is_uppercase(),
                sent: 0,
            });
        } else {
            let lower = match c {
                '\u{2019}' | '\u{2018}' | '`' => Cow::Borrowed("'"),
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => {
                    Cow::Borrowed("-")
                }
                _ => Cow::Borrowed(&text[i..i + c.len_utf8()]),
            };
            toks.push(Tok {
                start: i,
                end: i + c.len_utf8(),
                lower,
                kind: TokKind::Punct,
                cap: false,
                sent: 0,
            });
        }
    }
    let mut toks = merge_dotted(toks);
    number_sentences(text, &mut toks);
    toks
}

/// Joins dotted abbreviations written without spaces ("a.m.", "p.m.",
/// "U.S.") into one word, so the grammar sees `a.m.` as a unit.
fn merge_dotted(mut toks: Vec<Tok<'_>>) -> Vec<Tok<'_>> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let single = |t: &Tok| t.kind == TokKind::Word && t.lower.chars().count() == 1;
        let dot_after = |k: usize| {
            toks.get(k + 1)
                .is_some_and(|d| d.lower == "." && d.start == toks[k].end)
        };
        if single(&toks[i]) && dot_after(i) {
            let mut j = i;
            // Extend over "x." pairs that touch each other.
            while j + 2 < toks.len() + 1
                && toks
                    .get(j + 2)
                    .is_some_and(|t| single(t) && t.start == toks[j + 1].end)
                && dot_after(j + 2)
            {
                j += 2;
            }
            if j > i {
                let end = toks[j + 1].end;
                let lower: String = toks[i..=j + 1].iter().map(|t| &*t.lower).collect();
                out.push(Tok {
                    start: toks[i].start,
                    end,
                    lower: Cow::Owned(lower),
                    kind: TokKind::Word,
                    cap: toks[i].cap,
                    sent: 0,
                });
                i = j + 2;
                continue;
            }
        }
        // Token `i` is never looked at again (the checks above only look
        // ahead), so its text moves rather than being copied.
        let t = &mut toks[i];
        out.push(Tok {
            lower: std::mem::take(&mut t.lower),
            ..*t
        });
        i += 1;
    }
    out
}

/// Numbers sentences: a sentence ends at `.`, `!` or `?` followed by an
/// upper-case word or a line break, and at every line break (paragraphs and
/// headlines are separate blocks). Abbreviations like "Sept." followed by a
/// number do not end a sentence because numbers are not upper-case words.
fn number_sentences(text: &str, toks: &mut [Tok]) {
    let mut sent = 0u32;
    for i in 0..toks.len() {
        toks[i].sent = sent;
        let gap_has_newline = toks.get(i + 1).is_some_and(|n| {
            text.get(toks[i].end..n.start)
                .is_some_and(|g| g.contains('\n'))
        });
        let end_punct = matches!(&*toks[i].lower, "." | "!" | "?")
            && toks.get(i + 1).is_some_and(|n| n.cap || n.lower == "\"")
            && !toks[i.saturating_sub(1)].lower.ends_with('.')
            && !(i > 0 && is_abbrev(&toks[i - 1].lower) && toks[i - 1].end == toks[i].start);
        if gap_has_newline || end_punct {
            sent += 1;
        }
    }
}

/// Abbreviations after which a full stop does not end a sentence: the
/// shared title and month lists plus this lexer's own extras. Narrower than
/// `nlp::tokenize`'s list (no weekday abbreviations, fewer titles) but also
/// taking lower-case "no" and "co"; kept so, since the time grammar was tuned on these breaks.
fn is_abbrev(w: &str) -> bool {
    words::HONORIFICS.contains(&w)
        || words::RANK_ABBREVS.contains(&w)
        || words::MONTH_ABBREVS.contains(&w)
        || matches!(w, "co" | "inc" | "corp" | "no" | "vs")
}

/// Month number for a lower-case month name or its abbreviation.
pub(crate) fn month(w: &str) -> Option<u32> {
    words::lowercase_position(w, &words::MONTHS).or_else(|| {
        is_month_abbrev(w)
            .then(|| words::abbrev_position(w, &words::MONTHS))
            .flatten()
    })
}

/// True for the short forms that may carry a full stop ("Sept.").
pub(crate) fn is_month_abbrev(w: &str) -> bool {
    words::MONTH_ABBREVS.contains(&w)
}

/// ISO weekday number (Monday = 1) for a lower-case weekday name or
/// abbreviation.
pub(crate) fn weekday(w: &str) -> Option<u32> {
    words::lowercase_position(w, &words::WEEKDAYS).or_else(|| {
        words::WEEKDAY_ABBREVS
            .contains(&w)
            .then(|| words::abbrev_position(w, &words::WEEKDAYS))
            .flatten()
    })
}

/// Weekday from a plural ("Mondays"), for SET expressions.
pub(crate) fn weekday_plural(w: &str) -> Option<u32> {
    w.strip_suffix('s')
        .and_then(weekday)
        .filter(|_| w.len() > 5)
}

pub(crate) const WEEKDAY_NAMES: [&str; 7] = words::WEEKDAYS;

/// Value of a cardinal number word below one hundred.
pub(crate) fn small_number(w: &str) -> Option<u32> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" | "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// Value of an ordinal: "13th", "3rd", "third", "twenty-first" is handled
/// by the caller as "twenty" "-" "first".
pub(crate) fn ordinal(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !digits.is_empty() && digits.len() <= 4 && digits.chars().all(|c| c.is_ascii_digit()) {
        let suffix = &w[digits.len()..];
        if matches!(suffix, "st" | "nd" | "rd" | "th") {
            return digits.parse().ok();
        }
        return None;
    }
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        _ => return None,
    })
}

/// A calendar or clock unit a duration can be counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Decade,
    Century,
    Quarter,
    Weekend,
    Fortnight,
}

impl Unit {
    /// Unit from a singular or plural noun; the flag is true for plurals.
    pub fn parse(w: &str) -> Option<(Unit, bool)> {
        if let Some(u) = Unit::singular(w) {
            return Some((u, false));
        }
        if w == "centuries" {
            return Some((Unit::Century, true));
        }
        w.strip_suffix('s')
            .and_then(Unit::singular)
            .map(|u| (u, true))
    }

    fn singular(w: &str) -> Option<Unit> {
        Some(match w {
            "year" | "yr" => Unit::Year,
            "month" => Unit::Month,
            "week" => Unit::Week,
            "day" => Unit::Day,
            "hour" | "hr" => Unit::Hour,
            "minute" | "min" => Unit::Minute,
            "second" | "sec" => Unit::Second,
            "decade" => Unit::Decade,
            "century" => Unit::Century,
            "quarter" => Unit::Quarter,
            "weekend" => Unit::Weekend,
            "fortnight" => Unit::Fortnight,
            _ => return None,
        })
    }

    /// ISO 8601 duration letter, whether it sits after `T`, and how many
    /// of that letter one unit is.
    pub fn iso(self) -> (&'static str, bool, u32) {
        match self {
            Unit::Year => ("Y", false, 1),
            Unit::Month => ("M", false, 1),
            Unit::Week => ("W", false, 1),
            Unit::Day => ("D", false, 1),
            Unit::Hour => ("H", true, 1),
            Unit::Minute => ("M", true, 1),
            Unit::Second => ("S", true, 1),
            Unit::Decade => ("Y", false, 10),
            Unit::Century => ("Y", false, 100),
            Unit::Quarter => ("Q", false, 1),
            Unit::Weekend => ("WE", false, 1),
            Unit::Fortnight => ("W", false, 2),
        }
    }
}

/// TIMEX3 code for a part of the day.
pub(crate) fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" | "mornings" => "MO",
        "afternoon" | "afternoons" => "AF",
        "evening" | "evenings" => "EV",
        "night" | "nights" | "overnight" => "NI",
        "midday" | "noon" => "MI",
        "daytime" => "DT",
        _ => return None,
    })
}

/// TIMEX3 code for a season.
pub(crate) fn season(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}
