//! The time-expression grammar: at each token, every rule that can start
//! there proposes a match, the longest one wins and scanning resumes after
//! it. Rules produce TIMEX3 type, value and mod directly, resolving relative
//! expressions against the anchor (the publication date) or, for anaphoric
//! ones like "the next day", against the last date the text stated.
//!
//! Extent conventions follow TimeBank/TempEval-3: modifiers ("more than",
//! "early", "the end of") and determiners of relative phrases ("the past two
//! years") are inside the expression, prepositions ("on", "in") are not.

use super::calendar::{
    add_days, add_months, fmt_day, fmt_month, fmt_week, iso_weekday, quarter_of, resolve_weekday,
    tense_near, year_for_day, year_for_month, Tense,
};
use super::lex::{
    is_month_abbrev, month, ordinal, part_of_day, season, small_number, weekday, weekday_plural,
    Tok, TokKind, Unit,
};
use chrono::{Datelike, NaiveDate};
use newsgraph_doc::TimexType;

mod dates;
mod lengths;
mod relative;

use dates::{current_season_index, season_index};
use lengths::length_value;
use relative::counted_point;

/// How a match can combine with a modifier in front of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HitKind {
    /// A calendar point: "Friday", "May 2010", "this morning".
    Point,
    /// A length of time: "four years".
    Length,
    /// A point counted back or forward: "four years ago".
    Counted,
    /// Sets and fuzzy references.
    Other,
}

/// One recognized time expression, in token indexes.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub ty: TimexType,
    pub value: Option<String>,
    pub modifier: Option<&'static str>,
    pub kind: HitKind,
    /// The calendar day the expression resolves to, when it is one day.
    pub day: Option<NaiveDate>,
    /// True when the text states the date itself (month and day named),
    /// so later anaphora ("the next day") can count from it.
    pub explicit: bool,
    /// A weekday the text names alongside a date, and the date, when the two
    /// do not agree.
    pub weekday_clash: Option<(u32, NaiveDate)>,
    /// True when a leading "the" belongs to the expression ("the 1990s").
    pub allows_the: bool,
    /// True for "today", "tomorrow", "yesterday": words that point at the
    /// anchor itself.
    pub deictic: bool,
}

impl Hit {
    fn new(start: usize, end: usize, ty: TimexType, value: Option<String>, kind: HitKind) -> Hit {
        Hit {
            start,
            end,
            ty,
            value,
            modifier: None,
            kind,
            day: None,
            explicit: false,
            weekday_clash: None,
            allows_the: false,
            deictic: false,
        }
    }
    fn date(start: usize, end: usize, value: Option<String>) -> Hit {
        Hit::new(start, end, TimexType::Date, value, HitKind::Point)
    }
    fn day(start: usize, end: usize, d: Option<NaiveDate>) -> Hit {
        let mut h = Hit::date(start, end, d.map(fmt_day));
        h.day = d;
        h
    }
    fn the(mut self) -> Hit {
        self.allows_the = true;
        self
    }
}

/// A counted amount: an exact number, or a vague one ("several").
#[derive(Clone, Copy, Debug, PartialEq)]
enum Count {
    Exact(f64),
    Vague,
}

/// The scanner over one text's tokens.
pub(crate) struct Scanner<'a> {
    toks: &'a [Tok<'a>],
    /// The publication date relative expressions count from.
    anchor: Option<NaiveDate>,
    /// The last date the text stated outright, for "the next day".
    reference: Option<NaiveDate>,
    /// The day of the last match and the token it ended at, so "at 3 p.m."
    /// right after "Friday" takes Friday's date.
    recent_day: Option<(usize, NaiveDate)>,
}

impl<'a> Scanner<'a> {
    pub fn new(toks: &'a [Tok<'a>], anchor: Option<NaiveDate>) -> Scanner<'a> {
        Scanner {
            toks,
            anchor,
            reference: None,
            recent_day: None,
        }
    }

    /// Finds all time expressions, left to right, without overlaps.
    pub fn scan(&mut self) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            match self.at(i) {
                Some(h) if h.end > i => {
                    if let Some(d) = h.day {
                        if h.explicit {
                            self.reference = Some(d);
                        }
                        self.recent_day = Some((h.end, d));
                    }
                    i = h.end;
                    out.push(h);
                }
                _ => i += 1,
            }
        }
        out
    }

    fn w(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &*t.lower)
    }
    fn tok(&self, i: usize) -> Option<&'a Tok<'a>> {
        self.toks.get(i)
    }
    /// True when token `i` touches the token before it.
    fn adj(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i].start == self.toks[i - 1].end
    }
    fn tense(&self, start: usize, end: usize) -> Tense {
        tense_near(self.toks, start, end)
    }
    /// The date anaphora count from: the last stated date, else the anchor.
    fn reference(&self) -> Option<NaiveDate> {
        self.reference.or(self.anchor)
    }

    /// The longest match starting at token `i`.
    fn at(&self, i: usize) -> Option<Hit> {
        let mut best: Option<Hit> = self.prefixed(i);
        let mut offer = |h: Option<Hit>| {
            if let Some(h) = h {
                if best.as_ref().is_none_or(|b| h.end > b.end) {
                    best = Some(h);
                }
            }
        };
        offer(self.core(i));
        if self.w(i) == "the" {
            offer(self.core(i + 1).filter(|h| h.allows_the).map(|mut h| {
                h.start = i;
                h
            }));
        }
        best
    }

    /// Every rule at `i`; the longest wins.
    fn core(&self, i: usize) -> Option<Hit> {
        let rules = [
            self.iso_date(i),
            self.weekday_expr(i),
            self.month_expr(i),
            self.year_expr(i),
            self.deictic(i),
            self.relative(i),
            self.duration(i),
            self.clock(i),
            self.quarter(i),
            self.season_expr(i),
            self.set_expr(i),
            self.holiday(i),
            self.anaphoric(i),
            self.weekend(i),
        ];
        rules
            .into_iter()
            .flatten()
            .max_by_key(|h| (h.end, usize::MAX - h.start))
    }

    /// A modifier followed by a compatible expression: "more than four
    /// years", "early December", "the end of the year".
    fn prefixed(&self, i: usize) -> Option<Hit> {
        let (m, j, kinds): (&'static str, usize, &[HitKind]) =
            match (self.w(i), self.w(i + 1), self.w(i + 2)) {
                ("more", "than", _) => ("MORE_THAN", i + 2, &[HitKind::Length, HitKind::Counted]),
                ("less" | "fewer", "than", _) => {
                    ("LESS_THAN", i + 2, &[HitKind::Length, HitKind::Counted])
                }
                ("at", "least", _) => {
                    ("EQUAL_OR_MORE", i + 2, &[HitKind::Length, HitKind::Counted])
                }
                ("at", "most", _) | ("up", "to", _) => ("EQUAL_OR_LESS", i + 2, &[HitKind::Length]),
                ("no", "more", "than") => ("EQUAL_OR_LESS", i + 3, &[HitKind::Length]),
                // "over the past two years" is "during"; only "over two years" counts.
                ("over", w, _) if w != "the" => ("MORE_THAN", i + 1, &[HitKind::Length]),
                ("under", w, _) if w != "the" => ("LESS_THAN", i + 1, &[HitKind::Length]),
                ("almost" | "nearly", _, _) => {
                    ("LESS_THAN", i + 1, &[HitKind::Length, HitKind::Counted])
                }
                ("about" | "around" | "roughly" | "approximately" | "some" | "approx", _, _) => (
                    "APPROX",
                    i + 1,
                    &[HitKind::Length, HitKind::Counted, HitKind::Point],
                ),
                ("mid", "-", _) if self.adj(i + 2) => ("MID", i + 2, &[HitKind::Point]),
                ("mid", _, _) => ("MID", i + 1, &[HitKind::Point]),
                ("early" | "earlier", _, _) => ("START", i + 1, &[HitKind::Point]),
                ("late" | "later", _, _) => ("END", i + 1, &[HitKind::Point]),
                ("the", "early", _) => ("START", i + 2, &[HitKind::Point]),
                ("the", "late", _) => ("END", i + 2, &[HitKind::Point]),
                ("the", "mid", "-") => ("MID", i + 3, &[HitKind::Point]),
                ("the", "middle", "of") => ("MID", i + 3, &[HitKind::Point]),
                ("the", "end" | "close", "of") => ("END", i + 3, &[HitKind::Point]),
                ("the", "beginning" | "start", "of") => ("START", i + 3, &[HitKind::Point]),
                _ => return None,
            };
        let mut h = self
            .core(j)
            .or_else(|| (self.w(j) == "the").then(|| self.core(j + 1)).flatten());
        if h.is_none() && m != "MID" && i + 3 == j {
            // "the end of the year", "the end of year": the unit the anchor is in.
            h = self.current_unit(j);
        }
        let mut h = h.filter(|h| kinds.contains(&h.kind))?;
        // "around" before a clock time or a date is fine; before a bare
        // year it is usually a place ("around 2000 people"), so require more.
        if m == "APPROX" && h.kind == HitKind::Point && h.ty != TimexType::Time {
            return None;
        }
        h.start = i;
        h.modifier = Some(m);
        Some(h)
    }

    /// "the year", "this month" after "the end of": the anchor's unit.
    fn current_unit(&self, j: usize) -> Option<Hit> {
        let k = if matches!(self.w(j), "the" | "this") {
            j + 1
        } else {
            j
        };
        let a = self.anchor;
        let value = match self.w(k) {
            "year" => a.map(|a| format!("{:04}", a.year())),
            "month" => a.map(|a| fmt_month(a.year(), a.month())),
            "week" => a.map(fmt_week),
            "day" => a.map(fmt_day),
            _ => return None,
        };
        Some(Hit::date(j, k + 1, value))
    }
}
