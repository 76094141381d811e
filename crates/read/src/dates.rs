//! Publication dates as publishers write them in metadata and bylines.
//!
//! Readers meet ISO 8601 timestamps (`<meta>`, JSON-LD, `<time datetime>`),
//! RFC 2822 dates (feeds) and prose dates ("Tuesday 12 September 2023",
//! "Sept. 12, 2023", "12th Sep 2023 08:00 BST"). Only the calendar date is
//! kept, as written: a timestamp's offset is not applied, because the date the
//! publisher printed is the one readers and event coders refer to.
//! Anything unparseable yields `None`; nothing here panics.

use chrono::NaiveDate;

/// Earliest and latest years accepted; outside them a number is not a year
/// of publication (it is more likely a count or a code).
const MIN_YEAR: i32 = 1800;
const MAX_YEAR: i32 = 2200;

/// Parses a date string from metadata or a date line.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    parse_iso(s).or_else(|| parse_prose(s))
}

/// `YYYY-MM-DD` optionally followed by a time, or compact `YYYYMMDD`.
fn parse_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (y, m, d, end) = if b.len() >= 10 && (b[4] == b'-' || b[4] == b'/') && b[7] == b[4] {
        (digits(0..4)?, digits(5..7)?, digits(8..10)?, 10)
    } else if b.len() >= 8 {
        (digits(0..4)?, digits(4..6)?, digits(6..8)?, 8)
    } else {
        return None;
    };
    // A digit right after the date means this was some longer number.
    if b.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    make_date(y as i32, m, d)
}

fn make_date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Month number for an English month name or its usual abbreviations.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| w.len() >= 3 && m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

/// Prose dates: finds a month name, a day (1-31, ordinal suffixes allowed)
/// and a four-digit year among the words, in either "12 September 2023" or
/// "September 12, 2023" order; weekday names and times are ignored.
fn parse_prose(s: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|w| !w.is_empty())
        .take(20)
        .collect();
    let month_idx = words.iter().position(|w| month_number(w).is_some())?;
    let month = month_number(words[month_idx])?;
    let as_day = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches('.');
        let n = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[n.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || n.is_empty() || n.len() > 2 {
            return None;
        }
        n.parse().ok().filter(|d| (1..=31).contains(d))
    };
    let as_year = |w: &str| -> Option<i32> {
        let w = w.trim_end_matches(['.', ';', ':']);
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    let before = month_idx.checked_sub(1).and_then(|i| words.get(i));
    let after = words.get(month_idx + 1);
    // "12 September 2023": day before the month, year after it.
    if let (Some(d), Some(y)) = (
        before.and_then(|w| as_day(w)),
        after.and_then(|w| as_year(w)),
    ) {
        return make_date(y, month, d);
    }
    // "September 12, 2023".
    let year_after_day = words.get(month_idx + 2).and_then(|w| as_year(w));
    if let (Some(d), Some(y)) = (after.and_then(|w| as_day(w)), year_after_day) {
        return make_date(y, month, d);
    }
    None
}

/// True when the whole line is a date, possibly with a weekday, a time and
/// a zone ("Tuesday 12 September 2023 08:00 BST"), so it can be taken as a
/// dateline rather than body text.
pub fn is_date_line(line: &str) -> bool {
    let line = line.trim();
    if line.len() > 80 || parse_date(line).is_none() {
        return false;
    }
    // Every word must be date-like; a sentence that merely contains a date
    // ("Talks began on 12 September 2023 in Moscow") is body text.
    line.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.trim_matches(|c: char| matches!(c, '.' | '(' | ')' | '|' | '-'));
            w.is_empty()
                || w.bytes().next().is_some_and(|b| b.is_ascii_digit())
                || month_number(w).is_some()
                || is_weekday(w)
                || (w.len() <= 5 && w.bytes().all(|b| b.is_ascii_uppercase()))
                || matches!(w.to_ascii_lowercase().as_str(), "am" | "pm" | "on" | "at")
        })
}

fn is_weekday(w: &str) -> bool {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    w.len() >= 3 && DAYS.iter().any(|d| d.starts_with(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<(i32, u32, u32)>) {
        let got = parse_date(input);
        let want = expected.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        assert_eq!(got, want, "input {input:?}");
    }

    #[test]
    fn formats() {
        check("2023-09-12T08:00:00Z", Some((2023, 9, 12)));
        check("2023-09-12", Some((2023, 9, 12)));
        check("2023/09/12 08:00", Some((2023, 9, 12)));
        check("20230912", Some((2023, 9, 12)));
        check("Tue, 12 Sep 2023 08:00:00 GMT", Some((2023, 9, 12)));
        check("Tuesday 12 September 2023", Some((2023, 9, 12)));
        check("12th September 2023", Some((2023, 9, 12)));
        check("Sept. 12, 2023", Some((2023, 9, 12)));
        check("September 12, 2023 8:00 AM", Some((2023, 9, 12)));
        check("2023-02-30", None);
        check("202309121", None);
        check("May the force", None);
        check("", None);
        check("12 Smarch 2023", None);
    }

    #[test]
    fn date_lines() {
        assert!(is_date_line("Tuesday 12 September 2023 08:00 BST"));
        assert!(is_date_line("12 September 2023"));
        assert!(!is_date_line("Talks began on 12 September 2023 in Moscow"));
        assert!(!is_date_line("Kim meets Putin"));
    }
}
