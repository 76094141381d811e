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

/// Everything the text says about its own date, gathered once.
struct Signals {
    pairs: Vec<Pair>,
    /// Years told in the past tense: publication is in or after each.
    past_years: Vec<(i32, Span)>,
    /// Years told in the future tense: publication is in or before each.
    future_years: Vec<(i32, Span)>,
    /// (ordinal, implied year, founding year), from [`find_anniversaries`].
    anniversaries: Vec<(u32, i32, i32)>,
    copyright_year: Option<i32>,
}

/// One signal's say on a candidate publication year: points for, or
/// (negative) against.
type ScoreRule = fn(&Signals, i32) -> f64;

/// How each signal scores a candidate year, summed in this order. The
/// weights rank the signals by how often they are right in news text: a
/// pair tied to the publication day or an anniversary of a stated year
/// names the year outright, a bare pair holds in one year of about seven,
/// tense bounds are soft (a past-tense year can be a quoted plan), and the
/// copyright year is a ceiling more than a guess.
const SCORE_RULES: &[(&str, ScoreRule)] = &[
    ("weekday pairs that hold", score_pairs),
    ("anniversaries", score_anniversaries),
    ("copyright year", score_copyright),
    ("past-tense years", score_past_years),
    ("future-tense years", score_future_years),
];

/// A weekday pair that holds in the year counts 4, or 5 when "today",
/// "tomorrow" or "yesterday" ties it to the publication day (the writer is
/// then looking at a calendar of that very week).
fn score_pairs(sig: &Signals, y: i32) -> f64 {
    let mut s = 0.0;
    for p in &sig.pairs {
        if p.year.is_none_or(|py| py == y) && p.fits(y) {
            s += if p.offset_from_pub.is_some() {
                5.0
            } else {
                4.0
            };
        }
    }
    s
}

/// "Its 75th anniversary" of a year the text states names the year: 5.
fn score_anniversaries(sig: &Signals, y: i32) -> f64 {
    let mut s = 0.0;
    for a in &sig.anniversaries {
        if a.1 == y {
            s += 5.0;
        }
    }
    s
}

/// The copyright year is a ceiling (a year after it costs 6) and a weak
/// guess: pages are re-rendered with the current year, so it is the
/// publication year or a little after (2 at the year itself, a quarter less
/// per year before it).
fn score_copyright(sig: &Signals, y: i32) -> f64 {
    match sig.copyright_year {
        Some(cy) if y > cy => -6.0,
        Some(cy) => (2.0 - 0.25 * f64::from(cy - y)).max(0.0),
        None => 0.0,
    }
}

/// A year told in the past cannot be after publication: 4 against each
/// such year later than the candidate.
fn score_past_years(sig: &Signals, y: i32) -> f64 {
    -4.0 * sig.past_years.iter().filter(|(py, _)| y < *py).count() as f64
}

/// A year told in the future is after publication, more loosely (plans
/// are also told in the future after the fact, "would be finished by
/// 2010"): 2 against each such year earlier than the candidate.
fn score_future_years(sig: &Signals, y: i32) -> f64 {
    -2.0 * sig.future_years.iter().filter(|(fy, _)| y > *fy).count() as f64
}

/// A candidate year's score: the sum of [`SCORE_RULES`].
fn score(sig: &Signals, y: i32) -> f64 {
    SCORE_RULES
        .iter()
        .fold(0.0, |s, (_, rule)| s + rule(sig, y))
}

/// Infers the publication date from `text` (already tokenized as `toks`):
/// gathers the signals, scores every year one of them points to, and
/// keeps the best unless another ties it or nothing speaks for it; then
/// the day, from a pair tied to the publication day.
pub(crate) fn infer(text: &str, toks: &[Tok], copyright_year: Option<i32>) -> Inference {
    let sig = gather_signals(toks, copyright_year);
    let mut inf = Inference::default();
    let candidates = candidate_years(&sig);
    if candidates.is_empty() {
        return inf;
    }
    let mut ranked: Vec<(f64, i32)> = candidates.iter().map(|&y| (score(&sig, y), y)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    let (best_score, best) = ranked[0];
    let tied: Vec<i32> = ranked
        .iter()
        .filter(|r| r.0 == best_score)
        .map(|r| r.1)
        .collect();
    inf.evidence = signal_evidence(text, &sig, best, &tied);
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
    // Nothing for the year but the copyright line's own year is no year.
    if best_score <= 0.0 && copyright_year != Some(best) {
        return inf;
    }
    inf.year = Some(best);
    publication_day(text, &sig, best, &mut inf);
    if let Some(warning) = copyright_conflict(text, &sig, best) {
        inf.warnings.push(warning);
    }
    inf
}

/// The pairs, the years with their tense, the anniversaries and the
/// copyright year.
fn gather_signals(toks: &[Tok], copyright_year: Option<i32>) -> Signals {
    let scanner = Scanner::new(toks, None);
    let pairs = find_pairs(toks, &scanner);
    let years = find_years(toks, &scanner);
    let anniversaries = find_anniversaries(toks, &years.all);
    Signals {
        pairs,
        past_years: years.past,
        future_years: years.future,
        anniversaries,
        copyright_year,
    }
}

/// The years a text writes, from [`find_years`].
struct Years {
    /// Told in the past tense, with a few words around to quote.
    past: Vec<(i32, Span)>,
    /// Told in the future tense, likewise.
    future: Vec<(i32, Span)>,
    /// Every year, with its token index.
    all: Vec<(i32, usize)>,
}

/// Every year the text writes, and among them those told in the past and
/// in the future tense, each with a few words around it (within its
/// sentence) to quote as evidence.
fn find_years(toks: &[Tok], scanner: &Scanner) -> Years {
    let mut past_years = Vec::new();
    let mut future_years = Vec::new();
    let mut all_years = Vec::new();
    // The tense of the last sentence asked about: years come in text order,
    // so each sentence is read once however many years it holds.
    let mut tense_cache: Option<(u32, Tense)> = None;
    for i in 0..toks.len() {
        let Some(y) = scanner.year_at(i) else {
            continue;
        };
        all_years.push((y, i));
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
    Years {
        past: past_years,
        future: future_years,
        all: all_years,
    }
}

/// The years worth scoring: those a pair holds in (or gives), those an
/// anniversary implies, and the copyright year; sorted, once each. Tense
/// bounds only weigh years, they propose none.
fn candidate_years(sig: &Signals) -> Vec<i32> {
    let mut candidates: Vec<i32> = Vec::new();
    for p in &sig.pairs {
        match p.year {
            Some(y) => candidates.push(y),
            None => candidates.extend(YEAR_RANGE.filter(|&y| p.fits(y))),
        }
    }
    candidates.extend(sig.anniversaries.iter().map(|a| a.1));
    candidates.extend(sig.copyright_year);
    candidates.sort_unstable();
    candidates.dedup();
    candidates
}

/// One line of evidence per signal, in the order pairs, past and future
/// years, anniversaries, copyright. A pair's years are listed only near
/// `best` (or among the `tied`), so the line reads "holds in 2017 and
/// 2023" rather than a century of matches.
fn signal_evidence(text: &str, sig: &Signals, best: i32, tied: &[i32]) -> Vec<String> {
    let mut evidence = Vec::new();
    let top = sig.copyright_year.unwrap_or(best + 10).max(best);
    let near = |y: i32| (best - 10..=top).contains(&y) || tied.len() > 1 && tied.contains(&y);
    for p in &sig.pairs {
        let fits: Vec<String> = YEAR_RANGE
            .filter(|&y| p.fits(y) && near(y))
            .map(|y| y.to_string())
            .collect();
        let w = WEEKDAY_NAMES[(p.weekday - 1) as usize];
        evidence.push(match (p.year, fits.len()) {
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
    for (y, span) in &sig.past_years {
        evidence.push(format!(
            "'{}' is told in the past tense: published in or after {y}",
            span_text(text, *span)
        ));
    }
    for (y, span) in &sig.future_years {
        evidence.push(format!(
            "'{}' is told in the future tense: published in or before {y}",
            span_text(text, *span)
        ));
    }
    for (n, y, founding) in &sig.anniversaries {
        evidence.push(format!(
            "{n}th anniversary of {founding}, a year the text states: {y}"
        ));
    }
    if let Some(cy) = sig.copyright_year {
        evidence.push(format!("copyright line: {cy}"));
    }
    evidence
}

/// The publication day in year `best`: from the pairs "today", "tomorrow"
/// or "yesterday" ties to it, preferring "today" (it names the day
/// itself); a pair that puts the day elsewhere is warned about.
fn publication_day(text: &str, sig: &Signals, best: i32, inf: &mut Inference) {
    let mut days: Vec<(NaiveDate, &Pair)> = Vec::new();
    for p in sig
        .pairs
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
    days.sort_by_key(|(_, p)| p.offset_from_pub.map_or(i64::MAX, i64::abs));
    let Some(&(d, p)) = days.first() else {
        return;
    };
    inf.date = Some(d);
    let label = p.label(text);
    inf.evidence.push(match p.offset_from_pub {
        Some(1) => format!("'{label}' is called tomorrow: published {d}"),
        Some(-1) => format!("'{label}' is called yesterday: published {d}"),
        _ => format!("'{label}' names the publication day: {d}"),
    });
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

/// A warning when the copyright line names another year than the one
/// inferred, saying which signals outweighed it.
fn copyright_conflict(text: &str, sig: &Signals, best: i32) -> Option<Warning> {
    let cy = sig.copyright_year.filter(|&cy| cy != best)?;
    let why: Vec<String> = sig
        .pairs
        .iter()
        .filter(|p| p.year.is_none() && p.fits(best) && !p.fits(cy))
        .map(|p| format!("'{}' holds in {best}, not {cy}", p.label(text)))
        .chain(
            sig.past_years
                .iter()
                .filter(|(py, _)| *py > cy)
                .map(|(py, _)| format!("{py} is told in the past")),
        )
        .chain(
            sig.anniversaries
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
    Some(Warning::new(
        "date_conflict",
        format!("copyright line says {cy} but the text points to {best}: {why}"),
        sig.pairs
            .iter()
            .filter(|p| p.fits(best))
            .map(|p| p.span)
            .collect(),
    ))
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
    newsgraph_doc::words::MONTHS[(m.clamp(1, 12) - 1) as usize]
}

/// The year a day falls in, for messages.
pub(crate) fn year_of(d: NaiveDate) -> i32 {
    d.year()
}

#[cfg(test)]
mod tests {
    //! The scoring rules one by one, on signals written by hand; the whole
    //! inference is tested on small articles in `times/tests.rs`.
    use super::*;

    fn signals() -> Signals {
        Signals {
            pairs: Vec::new(),
            past_years: Vec::new(),
            future_years: Vec::new(),
            anniversaries: Vec::new(),
            copyright_year: None,
        }
    }

    fn pair(weekday: u32, month: u32, day: u32, offset_from_pub: Option<i64>) -> Pair {
        Pair {
            weekday,
            month,
            day,
            year: None,
            span: Span::new(0, 1),
            offset_from_pub,
        }
    }

    #[test]
    fn a_pair_scores_where_it_holds_and_more_when_tied_to_the_day() {
        // Tuesday 12 September: 2023 and 2017, not 2022.
        let mut sig = signals();
        sig.pairs.push(pair(2, 9, 12, None));
        assert_eq!(score_pairs(&sig, 2023), 4.0);
        assert_eq!(score_pairs(&sig, 2022), 0.0);
        sig.pairs[0].offset_from_pub = Some(0);
        assert_eq!(score_pairs(&sig, 2017), 5.0);
    }

    #[test]
    fn an_anniversary_names_its_year() {
        let mut sig = signals();
        sig.anniversaries.push((75, 2023, 1948));
        assert_eq!(score_anniversaries(&sig, 2023), 5.0);
        assert_eq!(score_anniversaries(&sig, 2022), 0.0);
    }

    #[test]
    fn the_copyright_year_is_a_ceiling_and_a_weak_guess() {
        let mut sig = signals();
        assert_eq!(score_copyright(&sig, 2020), 0.0);
        sig.copyright_year = Some(2020);
        assert_eq!(score_copyright(&sig, 2021), -6.0);
        assert_eq!(score_copyright(&sig, 2020), 2.0);
        assert_eq!(score_copyright(&sig, 2018), 1.5);
        assert_eq!(score_copyright(&sig, 2000), 0.0);
    }

    #[test]
    fn tense_bounds_weigh_against_years_on_the_wrong_side() {
        let mut sig = signals();
        sig.past_years.push((2020, Span::new(0, 1)));
        sig.future_years.push((2030, Span::new(0, 1)));
        assert_eq!(score_past_years(&sig, 2019), -4.0);
        assert_eq!(score_past_years(&sig, 2020), 0.0);
        assert_eq!(score_future_years(&sig, 2031), -2.0);
        assert_eq!(score_future_years(&sig, 2030), 0.0);
        // Between the bounds nothing weighs against a year.
        assert_eq!(score(&sig, 2025), 0.0);
    }

    #[test]
    fn candidates_come_from_pairs_anniversaries_and_the_copyright_line() {
        let mut sig = signals();
        sig.past_years.push((2020, Span::new(0, 1)));
        assert!(
            candidate_years(&sig).is_empty(),
            "a tense bound proposes no year"
        );
        sig.copyright_year = Some(2021);
        sig.anniversaries.push((10, 2019, 2009));
        assert_eq!(candidate_years(&sig), [2019, 2021]);
    }

    #[test]
    fn a_past_tense_year_after_the_copyright_year_is_named_in_the_warning() {
        let mut sig = signals();
        sig.copyright_year = Some(2019);
        sig.past_years.push((2021, Span::new(0, 1)));
        let w = copyright_conflict("", &sig, 2022).expect("a conflict");
        assert!(
            w.message.contains("2021 is told in the past"),
            "{}",
            w.message
        );
        assert!(copyright_conflict("", &sig, 2019).is_none());
    }
}
