//! Publication-date inference for articles whose input gave no date.
//!
//! Signals, weighed per candidate year:
//! - weekday + day-month pairs without a year ("Tuesday 12 September"),
//!   which hold only in some years;
//! - explicit years and the tense around them ("In 2020, the government cut
//!   off its borders" puts publication in or after 2020);
//! - the copyright year, an upper bound that is usually the publication
//!   year or shortly after it (pages are re-rendered with the current year);
//! - ordinal anniversaries of a year the text itself states ("founded in
//!   1948 ... its 75th anniversary").
//!
//! The day comes from a pair tied to the publication day by "today",
//! "tomorrow" or "yesterday" ("Today, Tuesday 12 September"). Only what the
//! text states is used: no general knowledge of founding dates.

use super::calendar::{add_days, iso_weekday, sentence_tense, Tense};
use super::grammar::Scanner;
use super::lex::{ordinal, weekday, Tok, WEEKDAY_NAMES};
use chrono::{Datelike, NaiveDate};
use newsgraph_doc::{Span, Warning};
use std::collections::HashSet;

/// Years considered when a weekday pair is the only clue.
const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1950..=2100;

/// What inference concluded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inference {
    /// The publication year, when the signals single one out.
    pub year: Option<i32>,
    /// The publication day, when a pair is tied to it.
    pub date: Option<NaiveDate>,
    pub evidence: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// A weekday named with a day and month, as the text gives it.
#[derive(Clone, Debug)]
struct Pair {
    weekday: u32,
    month: u32,
    day: u32,
    /// Year the text gives, if any.
    year: Option<i32>,
    span: Span,
    /// Days from the publication day: 0 after "today", 1 after "tomorrow".
    offset_from_pub: Option<i64>,
}

impl Pair {
    fn fits(&self, y: i32) -> bool {
        NaiveDate::from_ymd_opt(y, self.month, self.day)
            .is_some_and(|d| iso_weekday(d) == self.weekday)
    }
    fn label(&self, text: &str) -> String {
        text.get(self.span.start as usize..self.span.end as usize)
            .unwrap_or("")
            .to_string()
    }
}

/// Infers the publication date from `text` (already tokenized as `toks`).
pub(crate) fn infer(text: &str, toks: &[Tok], copyright_year: Option<i32>) -> Inference {
    let scanner = Scanner::new(toks, None);
    let pairs = find_pairs(toks, &scanner);
    let mut inf = Inference::default();

    // Years with their tense: lower and upper bounds on the publication year.
    let mut past_years: Vec<(i32, Span)> = Vec::new();
    let mut future_years: Vec<(i32, Span)> = Vec::new();
    let mut all_years: Vec<(i32, usize)> = Vec::new();
    // The tense of the last sentence asked about: years come in text order,
    // so each sentence is read once however many years it holds.
    let mut tense_cache: Option<(u32, Tense)> = None;
    for i in 0..toks.len() {
        if let Some(y) = scanner.year_at(i) {
            all_years.push((y, i));
            // Quote the year with a few words around it, within its sentence.
            let sent = toks[i].sent;
            let a = (i.saturating_sub(2)..=i)
                .find(|&k| toks[k].sent == sent)
                .unwrap_or(i);
            let b = (i..(i + 6).min(toks.len()))
                .rev()
                .find(|&k| toks[k].sent == sent)
                .unwrap_or(i);
            let span = Span::new(toks[a].start, toks[b].end);
            let tense = match tense_cache {
                Some((s, t)) if s == sent => t,
                _ => {
                    let t = sentence_tense(toks, i);
                    tense_cache = Some((sent, t));
                    t
                }
            };
            match tense {
                Tense::Past => past_years.push((y, span)),
                Tense::Future => future_years.push((y, span)),
                _ => {}
            }
        }
    }
    let anniversaries = find_anniversaries(toks, &all_years);

    let mut candidates: Vec<i32> = Vec::new();
    for p in &pairs {
        match p.year {
            Some(y) => candidates.push(y),
            None => candidates.extend(YEAR_RANGE.filter(|&y| p.fits(y))),
        }
    }
    candidates.extend(anniversaries.iter().map(|a| a.1));
    if let Some(cy) = copyright_year {
        candidates.push(cy);
    }
    candidates.sort_unstable();
    candidates.dedup();
    if candidates.is_empty() {
        return inf;
    }

    let score = |y: i32| -> f64 {
        let mut s = 0.0;
        for p in &pairs {
            if p.year.is_none_or(|py| py == y) && p.fits(y) {
                s += if p.offset_from_pub.is_some() {
                    5.0
                } else {
                    4.0
                };
            }
        }
        for a in &anniversaries {
            if a.1 == y {
                s += 5.0;
            }
        }
        if let Some(cy) = copyright_year {
            s += if y > cy {
                -6.0
            } else {
                (2.0 - 0.25 * f64::from(cy - y)).max(0.0)
            };
        }
        s -= 4.0 * past_years.iter().filter(|(py, _)| y < *py).count() as f64;
        s -= 2.0 * future_years.iter().filter(|(fy, _)| y > *fy).count() as f64;
        s
    };
    let mut ranked: Vec<(f64, i32)> = candidates.iter().map(|&y| (score(y), y)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    let (best_score, best) = ranked[0];
    let tied: Vec<i32> = ranked
        .iter()
        .filter(|r| r.0 == best_score)
        .map(|r| r.1)
        .collect();

    // Years near the leading candidate, for evidence that reads "holds in
    // 2017 and 2023" rather than a century of matches.
    let top = copyright_year.unwrap_or(best + 10).max(best);
    let near = |y: i32| (best - 10..=top).contains(&y) || tied.len() > 1 && tied.contains(&y);
    for p in &pairs {
        let fits: Vec<String> = YEAR_RANGE
            .filter(|&y| p.fits(y) && near(y))
            .map(|y| y.to_string())
            .collect();
        let w = WEEKDAY_NAMES[(p.weekday - 1) as usize];
        inf.evidence.push(match (p.year, fits.len()) {
            (Some(y), _) if !p.fits(y) => format!(
                "'{}': {w} {} {} {y} is not a {w}",
                p.label(text),
                p.day,
                month_name(p.month)
            ),
            (Some(y), _) => format!("'{}' gives the year {y}", p.label(text)),
            (None, 0) => format!("'{}' holds in none of the years near {best}", p.label(text)),
            (None, n) if n > 6 => format!(
                "'{}' holds in {n} years from {} to {}",
                p.label(text),
                fits[0],
                fits[n - 1]
            ),
            (None, _) => format!("'{}' holds in {}", p.label(text), fits.join(" and ")),
        });
    }
    for (y, span) in &past_years {
        inf.evidence.push(format!(
            "'{}' is told in the past tense: published in or after {y}",
            span_text(text, *span)
        ));
    }
    for (y, span) in &future_years {
        inf.evidence.push(format!(
            "'{}' is told in the future tense: published in or before {y}",
            span_text(text, *span)
        ));
    }
    for (n, y, founding) in &anniversaries {
        inf.evidence.push(format!(
            "{n}th anniversary of {founding}, a year the text states: {y}"
        ));
    }
    if let Some(cy) = copyright_year {
        inf.evidence.push(format!("copyright line: {cy}"));
    }
    if tied.len() > 1 {
        inf.evidence.push(format!(
            "ambiguous: {} fit equally well",
            tied.iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return inf;
    }
    if best_score <= 0.0 && copyright_year != Some(best) {
        return inf;
    }
    inf.year = Some(best);

    // The day: a pair tied to the publication day, checked for agreement.
    let mut days: Vec<(NaiveDate, &Pair)> = Vec::new();
    for p in pairs
        .iter()
        .filter(|p| p.year.is_none_or(|y| y == best) && p.fits(best))
    {
        if let Some(off) = p.offset_from_pub {
            if let Some(d) =
                NaiveDate::from_ymd_opt(best, p.month, p.day).and_then(|d| add_days(d, -off))
            {
                days.push((d, p));
            }
        }
    }
    // "Today, ..." names the day itself; prefer it over "tomorrow, ...".
    days.sort_by_key(|(_, p)| p.offset_from_pub.map_or(i64::MAX, i64::abs));
    if let Some(&(d, p)) = days.first() {
        inf.date = Some(d);
        inf.evidence.push(format!(
            "'{}' names the publication day: {d}",
            p.label(text)
        ));
        for &(d2, p2) in &days[1..] {
            if d2 != d {
                inf.warnings.push(Warning::new(
                    "date_conflict",
                    format!(
                        "'{}' puts publication on {d2} but '{}' on {d}; kept {d}",
                        p2.label(text),
                        p.label(text)
                    ),
                    vec![p.span, p2.span],
                ));
            }
        }
    }
    if let Some(cy) = copyright_year.filter(|&cy| cy != best) {
        let why: Vec<String> = pairs
            .iter()
            .filter(|p| p.year.is_none() && p.fits(best) && !p.fits(cy))
            .map(|p| format!("'{}' holds in {best}, not {cy}", p.label(text)))
            .chain(
                past_years
                    .iter()
                    .filter(|(py, _)| *py > cy)
                    .map(|(py, _)| format!("{py} is told in the past")),
            )
            .chain(
                anniversaries
                    .iter()
                    .filter(|a| a.1 == best)
                    .map(|a| format!("the {}th anniversary of {} is {best}", a.0, a.2)),
            )
            .collect();
        let why = if why.is_empty() {
            "the other signals outweigh it".to_string()
        } else {
            why.join("; ")
        };
        inf.warnings.push(Warning::new(
            "date_conflict",
            format!("copyright line says {cy} but the text points to {best}: {why}"),
            pairs
                .iter()
                .filter(|p| p.fits(best))
                .map(|p| p.span)
                .collect(),
        ));
    }
    inf
}

/// Weekday + day-month pairs, and whether "today", "tomorrow" or
/// "yesterday" ties each to the publication day.
fn find_pairs(toks: &[Tok], scanner: &Scanner) -> Vec<Pair> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(wd) = weekday(&t.lower).filter(|_| t.lower.len() > 4) else {
            continue;
        };
        let j = if toks.get(i + 1).is_some_and(|n| n.lower == ",") {
            i + 2
        } else {
            i + 1
        };
        let Some((end, year, month, Some(day))) = scanner.month_date(j) else {
            continue;
        };
        let Some(last) = toks.get(end.saturating_sub(1)) else {
            continue;
        };
        let mut k = i;
        if k > 0 && toks[k - 1].lower == "," {
            k -= 1;
        }
        let offset_from_pub = match k.checked_sub(1).map(|k| &*toks[k].lower) {
            Some("today") => Some(0),
            Some("tomorrow") => Some(1),
            Some("yesterday") => Some(-1),
            _ => None,
        };
        out.push(Pair {
            weekday: wd,
            month,
            day,
            year,
            span: Span::new(t.start, last.end),
            offset_from_pub,
        });
    }
    out
}

/// "75th anniversary" paired with a founding year the same sentence
/// states: returns (ordinal, implied year, founding year).
fn find_anniversaries(toks: &[Tok], years: &[(i32, usize)]) -> Vec<(u32, i32, i32)> {
    let mut out = Vec::new();
    // Sentences holding a founding word, found in one pass.
    let founding_sents: HashSet<u32> = toks
        .iter()
        .filter(|x| {
            matches!(
                &*x.lower,
                "founded"
                    | "established"
                    | "created"
                    | "formed"
                    | "proclaimed"
                    | "independence"
                    | "born"
                    | "founding"
                    | "launched"
                    | "opened"
            )
        })
        .map(|x| x.sent)
        .collect();
    for (i, t) in toks.iter().enumerate() {
        let Some(n) = ordinal(&t.lower).filter(|&n| n > 1) else {
            continue;
        };
        if toks.get(i + 1).is_none_or(|a| a.lower != "anniversary") {
            continue;
        }
        for &(y, k) in years {
            let same_sentence = toks[k].sent == t.sent;
            let founding = founding_sents.contains(&toks[k].sent);
            if founding && (same_sentence || k < i) {
                out.push((n, y + n as i32, y));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn span_text(text: &str, span: Span) -> &str {
    text.get(span.range()).unwrap_or("")
}

fn month_name(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
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
    NAMES[(m.clamp(1, 12) - 1) as usize]
}

/// The year a day falls in, for messages.
pub(crate) fn year_of(d: NaiveDate) -> i32 {
    d.year()
}
