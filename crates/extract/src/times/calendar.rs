//! Calendar arithmetic and TIMEX3 value formatting, plus the rough tense
//! guess that decides whether a bare "Friday" or "August" points back or
//! forward from the anchor date.

use super::lex::{Tok, TokKind};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Which way a sentence leans in time, from its verbs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Present,
    Future,
    Unknown,
}

pub(crate) fn fmt_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn fmt_month(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

/// ISO week value, `2013-W12`.
pub(crate) fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

pub(crate) fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

/// Adds `n` calendar months, clamping the day to the month's length.
pub(crate) fn add_months(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    let total = d.year() * 12 + d.month0() as i32 + n;
    let (y, m0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    let mut day = d.day();
    loop {
        if let Some(x) = NaiveDate::from_ymd_opt(y, m0 + 1, day) {
            return Some(x);
        }
        if day <= 28 {
            return None;
        }
        day -= 1;
    }
}

pub(crate) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::try_days(n)?)
}

/// ISO weekday number of a date (Monday = 1).
pub(crate) fn iso_weekday(d: NaiveDate) -> u32 {
    d.weekday().number_from_monday()
}

pub(crate) fn weekday_name(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The date a weekday name refers to, seen from `anchor`. `shift` is -1 for
/// "last Friday", +1 for "next Friday", 0 for a bare or "this" weekday, in
/// which case the tense decides: past tense looks back (today included),
/// future looks forward, no cue looks back, present takes the nearer one.
pub(crate) fn resolve_weekday(
    anchor: NaiveDate,
    wd: u32,
    shift: i32,
    tense: Tense,
) -> Option<NaiveDate> {
    let cur = iso_weekday(anchor) as i64;
    let back = (cur - wd as i64).rem_euclid(7); // days back to the latest such weekday
    let fwd = (wd as i64 - cur).rem_euclid(7);
    let delta = match shift {
        s if s < 0 => -(if back == 0 { 7 } else { back }),
        s if s > 0 => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        _ => match tense {
            Tense::Past => -back,
            Tense::Future => fwd,
            // News mostly reports what has happened: without a cue, a bare
            // weekday is the latest one.
            Tense::Unknown => -back,
            Tense::Present => {
                if back <= fwd {
                    -back
                } else {
                    fwd
                }
            }
        },
    };
    add_days(anchor, delta)
}

/// The year of a month named without one: past tense takes the latest such
/// month not after the anchor, future the first not before it (HeidelTime's
/// news strategy), unless that is more than eight months away and the
/// other direction is nearer ("January" written in December).
pub(crate) fn year_for_month(anchor: NaiveDate, m: u32, tense: Tense) -> i32 {
    let y = anchor.year();
    let here = y * 12 + anchor.month() as i32;
    let options = [y - 1, y, y + 1].map(|c| (c, c * 12 + m as i32 - here));
    let wanted = |k: i32| match tense {
        Tense::Past => k <= 0,
        Tense::Future => k >= 0,
        _ => k == 0,
    };
    options
        .iter()
        .filter(|(_, k)| wanted(*k) && k.abs() <= 8)
        .min_by_key(|(_, k)| k.abs())
        .map_or(
            if tense == Tense::Past || tense == Tense::Future {
                options
                    .iter()
                    .min_by_key(|(_, k)| k.abs())
                    .map_or(y, |o| o.0)
            } else {
                y
            },
            |o| o.0,
        )
}

/// Same for a month and day. The tense picks the direction, but a date more
/// than about nine months away in that direction is less likely than the
/// near one the other way ("said the vote was set for Jan. 14" a week
/// before it), so then the nearest wins.
pub(crate) fn year_for_day(anchor: NaiveDate, m: u32, d: u32, tense: Tense) -> i32 {
    let y = anchor.year();
    let dated = |y: i32| NaiveDate::from_ymd_opt(y, m, d).map(|x| (x - anchor).num_days());
    let options: Vec<(i32, i64)> = [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| dated(y).map(|k| (y, k)))
        .collect();
    let nearest = options
        .iter()
        .min_by_key(|(_, k)| k.abs())
        .map_or(y, |o| o.0);
    let wanted = |k: i64| match tense {
        Tense::Past => k <= 0,
        Tense::Future => k >= 0,
        _ => true,
    };
    options
        .iter()
        .filter(|(_, k)| wanted(*k) && k.abs() <= 270)
        .min_by_key(|(_, k)| k.abs())
        .map_or(nearest, |o| o.0)
}

/// Guesses the tense governing tokens `[start, end)` from the nearest verb
/// cue in the same sentence. Without a tagger this looks at auxiliaries,
/// common irregular past forms and `-ed` endings; the nearest cue wins
/// because clauses with different tenses often share a sentence.
pub(crate) fn tense_near(toks: &[Tok], start: usize, end: usize) -> Tense {
    let Some(sent) = toks.get(start).map(|t| t.sent) else {
        return Tense::Unknown;
    };
    let mut best: Option<(usize, Tense)> = None;
    let mut consider = |k: usize, dist: usize| {
        if let Some(t) = toks.get(k).and_then(|t| cue_tense(toks, k, t)) {
            if best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, t));
            }
        }
    };
    let mut k = start;
    while k > 0 && toks[k - 1].sent == sent && start - k < 25 {
        k -= 1;
        consider(k, start - k);
    }
    let mut k = end;
    while k < toks.len() && toks[k].sent == sent && k - end < 25 {
        // Verbs after the expression count a little less than before it.
        consider(k, k - end + 2);
        k += 1;
    }
    best.map_or(Tense::Unknown, |(_, t)| t)
}

fn cue_tense(toks: &[Tok], k: usize, t: &Tok) -> Option<Tense> {
    if t.kind != TokKind::Word {
        return None;
    }
    let w = &*t.lower;
    let prev = if k > 0 { &*toks[k - 1].lower } else { "" };
    match w {
        "will" | "shall" | "'ll" | "would" | "upcoming" | "scheduled" | "plans" | "planned"
        | "expected" | "expects" | "intends" | "hopes" | "tomorrow" | "next" | "forecast"
        | "due" => Some(Tense::Future),
        "was" | "were" | "had" | "did" | "said" | "ago" | "last" | "yesterday" | "went"
        | "came" | "made" | "took" | "gave" | "told" | "met" | "left" | "saw" | "sold"
        | "bought" | "won" | "lost" | "fell" | "rose" | "began" | "held" | "led" | "paid"
        | "ran" | "got" | "found" | "thought" | "brought" | "spent" | "sent" | "became"
        | "knew" | "wrote" | "spoke" | "struck" | "broke" | "drew" | "flew" | "grew" | "fought"
        | "caught" | "stood" | "sat" | "felt" | "kept" | "heard" | "meant" | "built" | "chose"
        | "forgot" | "hid" | "shot" | "slid" | "slept" | "swept" | "swore" | "threw" | "wore"
        | "wound" | "earlier" | "recently" => Some(Tense::Past),
        "is" | "are" | "am" | "says" | "say" | "now" => Some(Tense::Present),
        _ => {
            if w.len() > 4
                && w.ends_with("ed")
                && !matches!(
                    w,
                    "need"
                        | "indeed"
                        | "speed"
                        | "seed"
                        | "breed"
                        | "united"
                        | "proceed"
                        | "exceed"
                        | "succeed"
                )
            {
                // "has agreed", "will be delayed": the auxiliary decides.
                if matches!(prev, "be" | "been" | "being") {
                    return None;
                }
                if matches!(prev, "has" | "have") {
                    return Some(Tense::Past);
                }
                Some(Tense::Past)
            } else {
                None
            }
        }
    }
}

/// The tense of a whole sentence, for dating the article: past when some
/// verb is past and none points forward. Stricter than [`tense_near`]
/// because a wrong bound on the publication year costs more than a wrong
/// "Friday".
pub(crate) fn sentence_tense(toks: &[Tok], i: usize) -> Tense {
    let Some(sent) = toks.get(i).map(|t| t.sent) else {
        return Tense::Unknown;
    };
    let (mut past, mut future) = (0, 0);
    // Sentence numbers never decrease along the tokens (`lex::number_sentences`),
    // so the sentence is one contiguous run found by binary search.
    let lo = toks.partition_point(|t| t.sent < sent);
    let hi = toks.partition_point(|t| t.sent <= sent);
    for (k, t) in toks.iter().enumerate().take(hi).skip(lo) {
        match cue_tense(toks, k, t) {
            Some(Tense::Past) => past += 1,
            Some(Tense::Future) => future += 1,
            _ => {}
        }
    }
    match (past, future) {
        (p, 0) if p > 0 => Tense::Past,
        (0, f) if f > 0 => Tense::Future,
        _ => Tense::Unknown,
    }
}
