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
    toks: &'a [Tok],
    /// The publication date relative expressions count from.
    anchor: Option<NaiveDate>,
    /// The last date the text stated outright, for "the next day".
    reference: Option<NaiveDate>,
    /// The day of the last match and the token it ended at, so "at 3 p.m."
    /// right after "Friday" takes Friday's date.
    recent_day: Option<(usize, NaiveDate)>,
}

impl<'a> Scanner<'a> {
    pub fn new(toks: &'a [Tok], anchor: Option<NaiveDate>) -> Scanner<'a> {
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
        self.toks.get(i).map_or("", |t| t.lower.as_str())
    }
    fn tok(&self, i: usize) -> Option<&Tok> {
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

    /// `2023-09-13`, `9/13/2023`.
    fn iso_date(&self, i: usize) -> Option<Hit> {
        let t = self.tok(i)?;
        let n = |k: usize| self.tok(k).and_then(|t| t.num());
        let sep = |k: usize, s: &str| self.w(k) == s && self.adj(k) && self.adj(k + 1);
        if t.kind == TokKind::Num && t.lower.len() == 4 && sep(i + 1, "-") && sep(i + 3, "-") {
            let (y, m, d) = (n(i)? as i32, n(i + 2)?, n(i + 4)?);
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            let mut h = Hit::day(i, i + 5, Some(date));
            h.explicit = true;
            return Some(h);
        }
        if t.kind == TokKind::Num && sep(i + 1, "/") && sep(i + 3, "/") {
            let (m, d, y) = (n(i)?, n(i + 2)?, n(i + 4)?);
            let y = match self.w(i + 4).len() {
                4 => y as i32,
                2 => 1900 + y as i32 + if y < 50 { 100 } else { 0 },
                _ => return None,
            };
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            let mut h = Hit::day(i, i + 5, Some(date));
            h.explicit = true;
            return Some(h);
        }
        None
    }

    /// A day number: `13`, `13th`, `thirteenth`.
    fn day_number(&self, i: usize) -> Option<u32> {
        let t = self.tok(i)?;
        let d = match t.kind {
            TokKind::Num if t.lower.len() <= 2 => t.num()?,
            TokKind::Word => ordinal(&t.lower)?,
            _ => return None,
        };
        (1..=31).contains(&d).then_some(d)
    }

    /// A four-digit year that is really a year (not "2000 troops").
    pub(crate) fn year_at(&self, i: usize) -> Option<i32> {
        let t = self.tok(i)?;
        if t.kind != TokKind::Num || t.lower.len() != 4 {
            return None;
        }
        let y: i32 = t.lower.parse().ok()?;
        if !(1000..=2100).contains(&y) {
            return None;
        }
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        if matches!(
            prev,
            "$" | "£" | "€" | "#" | "no" | "number" | "nos" | "route" | "flight" | "room" | "page"
        ) || (matches!(prev, "." | "," | ":")
            && self.adj(i)
            && i >= 2
            && self.toks[i - 2].kind == TokKind::Num)
        {
            return None;
        }
        let next = self.w(i + 1);
        if matches!(
            next,
            "%" | "percent"
                | "per"
                | "people"
                | "troops"
                | "soldiers"
                | "men"
                | "women"
                | "children"
                | "miles"
                | "km"
                | "kilometers"
                | "kilometres"
                | "feet"
                | "meters"
                | "metres"
                | "tons"
                | "tonnes"
                | "members"
                | "votes"
                | "points"
                | "units"
                | "shares"
                | "cars"
                | "acres"
                | "jobs"
                | "workers"
                | "employees"
                | "students"
                | "residents"
                | "square"
                | "pounds"
                | "dollars"
                | "euros"
                | "barrels"
                | "homes"
                | "houses"
                | "cases"
                | "deaths"
                | "patients"
                | "rounds"
                | "hours"
                | "days"
        ) || (matches!(next, "." | "," | ":")
            && self.tok(i + 2).is_some_and(|t| t.kind == TokKind::Num)
            && self.adj(i + 1)
            && self.adj(i + 2))
        {
            return None;
        }
        Some(y)
    }

    /// Month name at `i` (with an optional full stop after an abbreviation)
    /// and the token after it.
    fn month_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        let m = month(&t.lower)?;
        if t.lower.len() <= 4 && !matches!(t.lower.as_str(), "may" | "june" | "july") {
            // Abbreviations must be capitalised: "mar", "dec" are words too.
            if !t.cap {
                return None;
            }
            if self.w(i + 1) == "." && self.adj(i + 1) && is_month_abbrev(&t.lower) {
                return Some((m, i + 2));
            }
        }
        Some((m, i + 1))
    }

    /// Day-month-year patterns; returns (end, year, month, day).
    pub(crate) fn month_date(&self, i: usize) -> Option<(usize, Option<i32>, u32, Option<u32>)> {
        let year_after = |k: usize| -> Option<(i32, usize)> {
            let k2 = if self.w(k) == "," || self.w(k) == "of" {
                k + 1
            } else {
                k
            };
            self.year_at(k2).map(|y| (y, k2 + 1))
        };
        // "13 September", "13th of September", "the 13th of September".
        let s = if self.w(i) == "the" { i + 1 } else { i };
        if let Some(d) = self.day_number(s) {
            let k = if self.w(s + 1) == "of" { s + 2 } else { s + 1 };
            if let Some((m, e)) = self.month_at(k) {
                return Some(match year_after(e) {
                    Some((y, e2)) => (e2, Some(y), m, Some(d)),
                    None => (e, None, m, Some(d)),
                });
            }
        }
        let (m, e) = self.month_at(i)?;
        let cap = self.toks[i].cap;
        // "September 13", "Sept. 13, 2023"; a number followed by ":" is a clock time.
        if let Some(d) = self.day_number(e) {
            if !(self.w(e + 1) == ":" || self.year_at(e).is_some())
                && (cap || self.toks[e].kind == TokKind::Num)
            {
                return Some(match year_after(e + 1) {
                    Some((y, e2)) => (e2, Some(y), m, Some(d)),
                    None => (e + 1, None, m, Some(d)),
                });
            }
        }
        if let Some((y, e2)) = year_after(e) {
            return Some((e2, Some(y), m, None));
        }
        // A month name alone: capitalised, and "May"/"March" only with a cue,
        // since they are also a verb and a noun.
        // Abbreviations alone ("Jan", "Dec") are names or words too often.
        if !cap || e != i + 1 || (self.w(i).len() <= 4 && !matches!(m, 5..=7)) {
            return None;
        }
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        let cue = matches!(
            prev,
            "in" | "since"
                | "until"
                | "till"
                | "by"
                | "of"
                | "last"
                | "next"
                | "this"
                | "early"
                | "late"
                | "mid"
                | "-"
                | "during"
                | "from"
                | "through"
                | "before"
                | "after"
                | "between"
                | "and"
                | "to"
                | "or"
                | "each"
                | "every"
        );
        if matches!(m, 3 | 5) && !cue {
            return None;
        }
        if i > 0 && self.toks[i - 1].kind == TokKind::Word && self.toks[i - 1].cap && !cue {
            // "Mr. August", "Ms. May", "Theresa May": a name, not a month.
            return None;
        }
        Some((e, None, m, None))
    }

    /// A date built from a month name, optionally with a weekday `wd` that
    /// was named before it.
    fn month_hit(&self, start: usize, i: usize, wd: Option<u32>) -> Option<Hit> {
        let (end, y, m, d) = self.month_date(i)?;
        let tense = self.tense(start, end);
        match (y, d) {
            (Some(y), Some(d)) => {
                let date = NaiveDate::from_ymd_opt(y, m, d)?;
                let mut h = Hit::day(start, end, Some(date));
                h.explicit = true;
                h.weekday_clash = wd.filter(|&w| w != iso_weekday(date)).map(|w| (w, date));
                Some(h)
            }
            (None, Some(d)) => {
                let a = self.anchor;
                let base = a.map(|a| year_for_day(a, m, d, tense));
                // With a weekday, the year within one of the anchor's that
                // agrees with it wins over the tense guess.
                let y = match (base, wd) {
                    (Some(b), Some(w)) => [b, b - 1, b + 1]
                        .into_iter()
                        .find(|&y| {
                            NaiveDate::from_ymd_opt(y, m, d).is_some_and(|x| iso_weekday(x) == w)
                        })
                        .or(Some(b)),
                    _ => base,
                };
                let mut h = match y {
                    Some(y) => {
                        let date = NaiveDate::from_ymd_opt(y, m, d);
                        let mut h = Hit::day(start, end, date);
                        if let (Some(w), Some(date)) = (wd, date) {
                            h.weekday_clash = (w != iso_weekday(date)).then_some((w, date));
                        }
                        h
                    }
                    None => Hit::date(start, end, Some(format!("XXXX-{m:02}-{d:02}"))),
                };
                h.explicit = true;
                Some(h)
            }
            (Some(y), None) => Some(Hit::date(start, end, Some(fmt_month(y, m)))),
            (None, None) => {
                let y = self.anchor.map(|a| year_for_month(a, m, tense));
                Some(Hit::date(
                    start,
                    end,
                    Some(y.map_or(format!("XXXX-{m:02}"), |y| fmt_month(y, m))),
                ))
            }
        }
    }

    fn month_expr(&self, i: usize) -> Option<Hit> {
        self.month_hit(i, i, None)
    }

    /// A weekday: with a date after it ("Tuesday 12 September"), with a
    /// part of day ("Friday afternoon"), or alone ("on Monday").
    fn weekday_expr(&self, i: usize) -> Option<Hit> {
        let t = self.tok(i)?;
        if let Some(wd) = weekday_plural(&t.lower) {
            if t.cap {
                return Some(Hit::new(
                    i,
                    i + 1,
                    TimexType::Set,
                    Some(format!("XXXX-WXX-{wd}")),
                    HitKind::Other,
                ));
            }
        }
        let wd = weekday(&t.lower)?;
        if t.lower.len() <= 4 && !(t.cap && matches!(self.w(i + 1), "." | ",")) {
            return None;
        }
        let j = if matches!(self.w(i + 1), ",") {
            i + 2
        } else {
            i + 1
        };
        if let Some(h) = self
            .month_hit(i, j, Some(wd))
            .filter(|h| h.day.is_some() || h.explicit)
        {
            return Some(h);
        }
        let tense = self.tense(i, i + 1);
        let day = self.anchor.and_then(|a| resolve_weekday(a, wd, 0, tense));
        Some(self.with_part_of_day(Hit::day(i, i + 1, day)))
    }

    /// Extends a one-day match with a following part of day: "Friday night".
    fn with_part_of_day(&self, mut h: Hit) -> Hit {
        if let Some(p) = part_of_day(self.w(h.end)) {
            if !self.w(h.end).ends_with('s') {
                h.end += 1;
                h.ty = TimexType::Time;
                h.value = Some(format!(
                    "{}T{p}",
                    h.value.as_deref().unwrap_or("XXXX-XX-XX")
                ));
            }
        }
        h
    }

    /// Years, decades and centuries: "2020", "fiscal 1989", "the 1990s",
    /// "the '80s", "the 20th century".
    fn year_expr(&self, i: usize) -> Option<Hit> {
        let t = self.tok(i)?;
        if t.lower == "fiscal" {
            let j = if self.w(i + 1) == "year" {
                i + 2
            } else {
                i + 1
            };
            let y = self.year_at(j)?;
            return Some(Hit::date(i, j + 1, Some(format!("{y:04}"))).the());
        }
        if let Some(y) = self.year_at(i) {
            return Some(Hit::date(i, i + 1, Some(format!("{y:04}"))));
        }
        // "1990s", "80s".
        if let Some(digits) = t
            .lower
            .strip_suffix('s')
            .filter(|d| d.chars().all(|c| c.is_ascii_digit()))
        {
            let n: i32 = digits.parse().ok()?;
            let value = match digits.len() {
                4 if (1000..2100).contains(&n) && n % 10 == 0 => {
                    if n % 100 == 0 && n != 2000 {
                        format!("{:02}", n / 100)
                    } else {
                        format!("{:03}", n / 10)
                    }
                }
                2 if n % 10 == 0 => format!("{:03}", (if n < 30 { 2000 } else { 1900 } + n) / 10),
                _ => return None,
            };
            let start = if i > 0 && self.w(i - 1) == "'" && self.adj(i) {
                i - 1
            } else {
                i
            };
            return Some(Hit::date(start, i + 1, Some(value)).the());
        }
        if t.lower == "'" {
            // "'58": a two-digit year after an apostrophe.
            let n = self
                .tok(i + 1)
                .filter(|n| n.kind == TokKind::Num && n.lower.len() == 2 && self.adj(i + 1))?;
            let v: i32 = n.lower.parse().ok()?;
            let y = if v < 30 { 2000 + v } else { 1900 + v };
            return Some(Hit::date(i, i + 2, Some(format!("{y}"))));
        }
        let decade = match t.lower.as_str() {
            "twenties" => Some(2),
            "thirties" => Some(3),
            "forties" => Some(4),
            "fifties" => Some(5),
            "sixties" => Some(6),
            "seventies" => Some(7),
            "eighties" => Some(8),
            "nineties" => Some(9),
            _ => None,
        };
        if let Some(d) = decade {
            if i > 0 && self.w(i - 1) == "the"
                || matches!(self.w(i.wrapping_sub(1)), "early" | "late" | "mid" | "-")
            {
                return Some(Hit::date(i, i + 1, Some(format!("19{d}"))).the());
            }
            return None;
        }
        // "20th century", "20th-century".
        let n = ordinal(&t.lower)?;
        let k = if self.w(i + 1) == "-" { i + 2 } else { i + 1 };
        if self.w(k) == "century" && (1..=21).contains(&n) {
            return Some(Hit::date(i, k + 1, Some(format!("{:02}", n - 1))).the());
        }
        None
    }

    /// Words that point at the anchor: today, yesterday, now, recently.
    fn deictic(&self, i: usize) -> Option<Hit> {
        let a = self.anchor;
        let present = |s, e| Hit::date(s, e, Some("PRESENT_REF".to_string()));
        let past = |s, e| Hit::date(s, e, Some("PAST_REF".to_string()));
        let future = |s, e| Hit::date(s, e, Some("FUTURE_REF".to_string()));
        let offset = match (self.w(i), self.w(i + 1), self.w(i + 2), self.w(i + 3)) {
            ("the", "day", "before", "yesterday") => Some((-2, 4)),
            ("the", "day", "after", "tomorrow") => Some((2, 4)),
            ("today", _, _, _) => Some((0, 1)),
            ("yesterday", _, _, _) => Some((-1, 1)),
            ("tomorrow", _, _, _) => Some((1, 1)),
            _ => None,
        };
        if let Some((off, n)) = offset {
            let d = a.and_then(|a| add_days(a, off));
            let mut h = self.with_part_of_day(Hit::day(i, i + n, d));
            h.deictic = true;
            return Some(h);
        }
        Some(match (self.w(i), self.w(i + 1), self.w(i + 2)) {
            ("tonight", _, _) => {
                let mut h = Hit::date(
                    i,
                    i + 1,
                    Some(format!("{}TNI", a.map_or("XXXX-XX-XX".into(), fmt_day))),
                );
                h.ty = TimexType::Time;
                h
            }
            ("now" | "currently" | "nowadays" | "presently", _, _) => present(i, i + 1),
            ("at", "present", _) => present(i, i + 2),
            ("the", "present", _)
                if !matches!(self.tok(i + 2).map(|t| t.kind), Some(TokKind::Word)) =>
            {
                present(i, i + 2)
            }
            ("recently" | "lately", _, _) => past(i, i + 1),
            ("the", "past", _) => past(i, i + 2),
            ("at", "the", "time") => past(i, i + 3),
            ("soon", _, _) if self.w(i + 1) != "after" && self.w(i + 1) != "as" => future(i, i + 1),
            ("the", "future", _) => future(i, i + 2),
            ("future", _, _) if i > 0 && self.w(i - 1) == "in" => future(i, i + 1),
            _ => return None,
        })
    }

    /// "this/last/next" + a unit, month, weekday, season or part of day.
    fn relative(&self, i: usize) -> Option<Hit> {
        let (shift, the, j) = match (self.w(i), self.w(i + 1)) {
            ("this", "coming") => (1, false, i + 2),
            ("this" | "current", _) => (0, false, i + 1),
            ("last" | "past", _) => (-1, false, i + 1),
            ("next" | "coming", _) => (1, false, i + 1),
            ("the", "current") => (0, true, i + 2),
            ("the", "past" | "last" | "latest") => (-1, true, i + 2),
            ("the", "next" | "coming") => (1, true, i + 2),
            _ => return None,
        };
        let a = self.anchor;
        let w = self.w(j);
        let end = j + 1;
        if let Some((unit, plural)) = Unit::parse(w) {
            if plural {
                return None;
            }
            if the && shift == 1 {
                // "the next year": a stretch of time, not a calendar unit.
                return Some(Hit::new(
                    i,
                    end,
                    TimexType::Duration,
                    Some(length_value(Count::Exact(1.0), unit)),
                    HitKind::Length,
                ));
            }
            let value = match unit {
                Unit::Year => a.map(|a| format!("{:04}", a.year() + shift)),
                Unit::Month => a
                    .and_then(|a| add_months(a, shift))
                    .map(|d| fmt_month(d.year(), d.month())),
                Unit::Week => a.and_then(|a| add_days(a, 7 * shift as i64)).map(fmt_week),
                Unit::Weekend => a
                    .and_then(|a| add_days(a, 7 * shift as i64))
                    .map(|d| format!("{}-WE", fmt_week(d))),
                Unit::Quarter => a
                    .and_then(|a| add_months(a, 3 * shift))
                    .map(|d| format!("{}-Q{}", d.year(), quarter_of(d))),
                Unit::Decade | Unit::Century if shift != 0 => {
                    return Some(Hit::new(
                        i,
                        end,
                        TimexType::Duration,
                        Some(length_value(Count::Exact(1.0), unit)),
                        HitKind::Length,
                    ));
                }
                Unit::Decade => a.map(|a| format!("{:03}", a.year() / 10)),
                Unit::Century => a.map(|a| format!("{:02}", a.year() / 100)),
                Unit::Day if shift == 0 => a.map(fmt_day),
                _ => return None,
            };
            let mut h = Hit::date(i, end, value);
            if unit == Unit::Day {
                h.day = a;
            }
            return Some(h);
        }
        if w == "fiscal" && self.w(j + 1) == "year" {
            return Some(Hit::date(
                i,
                j + 2,
                a.map(|a| format!("{:04}", a.year() + shift)),
            ));
        }
        if the {
            return None;
        }
        if let Some(m) = month(w).filter(|_| self.toks[j].cap) {
            let y = a.map(|a| {
                let cur = a.month();
                match shift {
                    s if s < 0 => a.year() - i32::from(m >= cur),
                    s if s > 0 => a.year() + i32::from(m <= cur),
                    _ => a.year(),
                }
            });
            return Some(Hit::date(i, end, y.map(|y| fmt_month(y, m))));
        }
        if let Some(wd) = weekday(w) {
            let d = a.and_then(|a| resolve_weekday(a, wd, shift, self.tense(i, end)));
            return Some(self.with_part_of_day(Hit::day(i, end, d)));
        }
        if let Some(s) = season(w) {
            let y = a.map(|a| {
                let (si, ci) = (season_index(s), current_season_index(a.month()));
                match shift {
                    x if x < 0 => a.year() - i32::from(si >= ci),
                    x if x > 0 => a.year() + i32::from(si <= ci),
                    _ => a.year(),
                }
            });
            return Some(Hit::date(
                i,
                end,
                Some(format!(
                    "{}-{s}",
                    y.map_or("XXXX".into(), |y| format!("{y:04}"))
                )),
            ));
        }
        if let Some(p) = part_of_day(w) {
            let d = match (shift, p) {
                (0, _) => a,
                (-1, "NI") => a.and_then(|a| add_days(a, -1)),
                _ => return None,
            };
            let mut h = Hit::date(
                i,
                end,
                Some(format!("{}T{p}", d.map_or("XXXX-XX-XX".into(), fmt_day))),
            );
            h.ty = TimexType::Time;
            return Some(h);
        }
        None
    }

    /// "the weekend": the last one in past-tense text, else the coming one.
    /// A weekend shares its ISO week with the Monday before it.
    fn weekend(&self, i: usize) -> Option<Hit> {
        if !(self.w(i) == "the" && self.w(i + 1) == "weekend") {
            return None;
        }
        let a = self.anchor;
        let past = self.tense(i, i + 2) == Tense::Past;
        let d = a.and_then(|a| {
            if past && iso_weekday(a) < 6 {
                add_days(a, -7)
            } else {
                Some(a)
            }
        });
        Some(Hit::date(
            i,
            i + 2,
            d.map(|d| format!("{}-WE", fmt_week(d))),
        ))
    }

    /// A number, written in digits or words, at `i`; returns it and the next
    /// token.
    fn count(&self, i: usize) -> Option<(Count, usize)> {
        let t = self.tok(i)?;
        if t.kind == TokKind::Num {
            let mut v: f64 = t.lower.parse().ok()?;
            let mut k = i + 1;
            // "1,000" and "2.5" arrive as three touching tokens.
            while matches!(self.w(k), "," | ".") && self.adj(k) && self.adj(k + 1) {
                let Some(n) = self.tok(k + 1).filter(|n| n.kind == TokKind::Num) else {
                    break;
                };
                if self.w(k) == "," && n.lower.len() == 3 {
                    v = v * 1000.0 + n.lower.parse::<f64>().ok()?;
                } else if self.w(k) == "." {
                    v += format!("0.{}", n.lower).parse::<f64>().ok()?;
                } else {
                    break;
                }
                k += 2;
            }
            return Some((Count::Exact(v), k));
        }
        match (self.w(i), self.w(i + 1), self.w(i + 2)) {
            ("a" | "an" | "one", "half", _) => return Some((Count::Exact(0.5), i + 2)),
            ("half", "a" | "an", _) => return Some((Count::Exact(0.5), i + 2)),
            ("a", "couple", "of") => return Some((Count::Exact(2.0), i + 3)),
            ("a", "few", _) | ("a", "number", _) => {
                return Some((
                    Count::Vague,
                    if self.w(i + 1) == "number" {
                        i + 3
                    } else {
                        i + 2
                    },
                ))
            }
            ("a" | "an", _, _) => return Some((Count::Exact(1.0), i + 1)),
            (
                "several" | "few" | "many" | "some" | "numerous" | "dozens" | "hundreds"
                | "thousands",
                _,
                _,
            ) => {
                let k = if self.w(i + 1) == "of" { i + 2 } else { i + 1 };
                return Some((Count::Vague, k));
            }
            ("dozen", _, _) => return Some((Count::Exact(12.0), i + 1)),
            _ => {}
        }
        let mut v = f64::from(small_number(self.w(i))?);
        let mut k = i + 1;
        if v >= 20.0 {
            let k2 = if self.w(k) == "-" { k + 1 } else { k };
            if let Some(u) = small_number(self.w(k2)).filter(|&u| u < 10) {
                v += f64::from(u);
                k = k2 + 1;
            }
        }
        if matches!(self.w(k), "hundred" | "thousand") {
            v *= if self.w(k) == "hundred" {
                100.0
            } else {
                1000.0
            };
            k += 1;
        }
        if self.w(k) == "and" && self.w(k + 1) == "a" && self.w(k + 2) == "half" {
            v += 0.5;
            k += 3;
        }
        Some((Count::Exact(v), k))
    }

    /// Durations and counted dates: "four years", "18-month-old", "the past
    /// two years", "two days ago", "a year earlier", "recent weeks", "years".
    fn duration(&self, i: usize) -> Option<Hit> {
        // A leading "the past", "the first", "next" belongs to the length.
        let (lead, the) = match (self.w(i), self.w(i + 1)) {
            (
                "the",
                "past" | "last" | "next" | "coming" | "first" | "previous" | "following" | "final"
                | "latest",
            ) => (i + 2, true),
            ("past" | "last" | "next" | "first" | "recent" | "coming", _) => (i + 1, false),
            ("the", "recent") => (i + 2, true),
            ("the", _) => (i + 1, true),
            _ => (i, false),
        };
        let counted = self.count(lead);
        let (count, mut k) = match counted {
            Some((c, k)) => (Some(c), k),
            None => (None, lead),
        };
        if matches!(self.w(k), "more" | "additional" | "full" | "long") && count.is_some() {
            k += 1;
        }
        // "18-month-old", "three-month": a hyphenated adjective.
        let hyphen = self.w(k) == "-" && self.adj(k) && self.adj(k + 1) && count.is_some();
        let u = if hyphen { k + 1 } else { k };
        let (unit, plural) = Unit::parse(self.w(u))?;
        let mut end = u + 1;
        let mut count = match count {
            Some(c) => c,
            // No number: "recent weeks", "years": an unspecified amount,
            // only in the plural.
            None if plural => Count::Vague,
            None => return None,
        };
        if let Some(t) = self.tok(lead) {
            let by_article = matches!(t.lower.as_str(), "a" | "an" | "one");
            // "a second", "a quarter of", "one day he will" are not lengths.
            if by_article && matches!(unit, Unit::Second | Unit::Quarter) {
                return None;
            }
        }
        if matches!(unit, Unit::Second | Unit::Quarter | Unit::Weekend) && counted.is_none() {
            return None;
        }
        // Number agreement outside hyphenated adjectives: "1988 quarter" and
        // "1988 second" are a year and an ordinal, not 1988 units.
        if let (Count::Exact(v), false) = (count, hyphen) {
            if v > 1.0 && !plural && !(matches!(self.w(end), "and") && v.fract() == 0.0) {
                return None;
            }
        }
        if hyphen
            && self.w(end) == "-"
            && matches!(self.w(end + 1), "old" | "long")
            && self.adj(end)
        {
            // "a 6-year-old boy" is an age, which TimeML leaves alone; "the
            // 18-month-old war" is how long something has lasted.
            if self.w(end + 1) == "old" && self.is_age(end + 2) {
                return None;
            }
            end += 2;
        }
        if matches!(self.w(end), "and") && self.w(end + 1) == "a" && self.w(end + 2) == "half" {
            if let Count::Exact(v) = count {
                count = Count::Exact(v + 0.5);
                end += 3;
            }
        }
        if counted.is_none() && lead == i && i > 0 {
            // A bare "years" right after a determiner or a number word that
            // did not parse is part of something else ("the years").
            if matches!(
                self.w(i - 1),
                "the" | "those" | "these" | "their" | "its" | "his" | "her" | "our"
            ) {
                return None;
            }
        }
        // What follows turns a length into a point: "ago", "earlier", "later".
        let after = self.w(end);
        if !hyphen
            && lead == i
            && matches!(
                after,
                "ago" | "earlier" | "later" | "before" | "after" | "hence"
            )
            && !(matches!(after, "earlier" | "later" | "before" | "after")
                && matches!(
                    self.w(end + 1),
                    "than" | "the" | "this" | "that" | "a" | "an"
                ))
        {
            if matches!(after, "before" | "after")
                && self.tok(end + 1).is_some_and(|t| t.kind != TokKind::Punct)
            {
                return None;
            }
            let sign = if matches!(after, "ago" | "earlier" | "before") {
                -1.0
            } else {
                1.0
            };
            let base = if after == "ago" || after == "hence" {
                self.anchor
            } else {
                self.reference()
            };
            let mut h = match count {
                Count::Exact(v) => counted_point(base, unit, sign * v),
                Count::Vague => Hit::date(
                    0,
                    0,
                    Some(if sign < 0.0 { "PAST_REF" } else { "FUTURE_REF" }.to_string()),
                ),
            };
            h.start = i;
            h.end = end + 1;
            h.kind = HitKind::Counted;
            return Some(h);
        }
        if self.w(end) == "from" && self.w(end + 1) == "now" {
            if let Count::Exact(v) = count {
                let mut h = counted_point(self.anchor, unit, v);
                h.start = i;
                h.end = end + 2;
                h.kind = HitKind::Counted;
                return Some(h);
            }
        }
        let mut h = Hit::new(
            i,
            end,
            TimexType::Duration,
            Some(length_value(count, unit)),
            HitKind::Length,
        );
        if lead == i + 1
            && !the
            && counted.is_none()
            && !matches!(self.w(i), "recent" | "coming" | "past")
        {
            return None;
        }
        if the && lead == i + 1 {
            // "the nine months": the article is part of the length.
            h.allows_the = true;
            h.start = i + 1;
            counted?;
        }
        Some(h)
    }

    /// True when the word after "N-year-old" shows a person's age: a
    /// person noun, a name, or nothing at all ("Smith, 44-year-old, said").
    fn is_age(&self, k: usize) -> bool {
        let Some(t) = self.tok(k) else { return true };
        if t.kind != TokKind::Word || t.cap {
            return true;
        }
        matches!(
            t.lower.as_str(),
            "boy"
                | "girl"
                | "man"
                | "woman"
                | "son"
                | "daughter"
                | "child"
                | "baby"
                | "men"
                | "women"
                | "boys"
                | "girls"
                | "children"
                | "mother"
                | "father"
                | "brother"
                | "sister"
                | "wife"
                | "husband"
                | "student"
                | "resident"
                | "victim"
                | "suspect"
                | "driver"
                | "patient"
                | "girlfriend"
                | "boyfriend"
                | "grandmother"
                | "grandfather"
                | "player"
                | "teenager"
                | "woman's"
                | "man's"
                | "former"
                | "who"
                | "was"
                | "is"
        )
    }

    /// Clock times: "8 PM", "15:00 GMT Saturday", "7:15 p.m.", "noon".
    fn clock(&self, i: usize) -> Option<Hit> {
        let t = self.tok(i)?;
        let ampm = |k: usize| match self.w(k) {
            "a.m." | "am" | "a.m" => Some(0),
            "p.m." | "pm" | "p.m" => Some(12),
            _ => None,
        };
        let (hour, mut minute, mut second, mut k): (Option<u32>, u32, Option<u32>, usize);
        minute = 0;
        second = None;
        k = i + 1;
        match t.lower.as_str() {
            "noon" | "midday" => {
                hour = Some(12);
            }
            "midnight" => {
                hour = Some(24);
            }
            _ if t.kind == TokKind::Num && t.lower.len() <= 2 => {
                let h = t.num()?;
                if self.w(i + 1) == ":" && self.adj(i + 1) && self.adj(i + 2) {
                    let m = self
                        .tok(i + 2)
                        .filter(|m| m.kind == TokKind::Num && m.lower.len() == 2)?
                        .num()?;
                    if m > 59 || h > 24 {
                        return None;
                    }
                    minute = m;
                    k = i + 3;
                    if self.w(k) == ":" && self.adj(k) && self.adj(k + 1) {
                        let s = self
                            .tok(k + 1)
                            .filter(|s| s.kind == TokKind::Num && s.lower.len() == 2)?
                            .num()?;
                        second = Some(s);
                        k += 2;
                    }
                    hour = Some(h);
                } else if ampm(i + 1).is_some() && (1..=12).contains(&h) {
                    hour = Some(h);
                } else if self.w(i + 1) == "o"
                    && self.w(i + 2) == "'"
                    && self.w(i + 3) == "clock"
                    && (1..=12).contains(&h)
                {
                    hour = Some(h);
                    k = i + 4;
                } else {
                    return None;
                }
            }
            _ => return None,
        }
        let mut hour = hour?;
        if let Some(s) = second {
            // "3:07:35" is a race or flight time, not a clock reading.
            let v = format!("PT{hour}H{minute}M{s}S");
            return Some(Hit::new(
                i,
                k,
                TimexType::Duration,
                Some(v),
                HitKind::Length,
            ));
        }
        if let Some(add) = ampm(k) {
            if hour == 12 {
                hour = add;
            } else if hour <= 12 {
                hour += add;
            }
            k += 1;
        }
        if matches!(
            self.w(k),
            "gmt"
                | "utc"
                | "bst"
                | "est"
                | "edt"
                | "et"
                | "pst"
                | "pdt"
                | "cst"
                | "cdt"
                | "cet"
                | "cest"
                | "msk"
                | "jst"
        ) {
            k += 1;
        } else if self.w(k) == "local" && self.w(k + 1) == "time" {
            k += 2;
        }
        // A day right after ("15:00 GMT Saturday") or just before ("Friday
        // at 3 p.m.") gives the date.
        // "8 p.m. on Friday" takes Friday's date but, as in TimeBank, leaves
        // "Friday" to be its own expression.
        let mut day = None;
        let on = self.w(k) == "on";
        let j = if on { k + 1 } else { k };
        if let Some(h) = self
            .weekday_expr(j)
            .or_else(|| self.deictic(j))
            .or_else(|| self.month_expr(j))
        {
            if let Some(d) = h.day {
                day = Some(d);
                if !on {
                    k = h.end;
                }
            }
        }
        if day.is_none() {
            day = self
                .recent_day
                .filter(|&(e, _)| e + 3 >= i && e <= i)
                .map(|(_, d)| d)
                .or(self.anchor);
        }
        let date = day.map_or("XXXX-XX-XX".to_string(), fmt_day);
        let v = if hour == 24 {
            format!("{date}T24:00")
        } else {
            format!("{date}T{hour:02}:{minute:02}")
        };
        let mut h = Hit::new(i, k, TimexType::Time, Some(v), HitKind::Point);
        h.day = day;
        Some(h)
    }

    /// Quarters and halves: "the third quarter", "third-quarter", "Q3 2013",
    /// "the first half of 2012", "the latest quarter".
    fn quarter(&self, i: usize) -> Option<Hit> {
        let (s, the) = if self.w(i) == "the" {
            (i + 1, true)
        } else {
            (i, false)
        };
        let word = self.w(s);
        let a = self.anchor;
        if let Some(q) = word
            .strip_prefix('q')
            .and_then(|q| q.parse::<u32>().ok())
            .filter(|q| (1..=4).contains(q))
        {
            let (y, e) = match self.year_at(s + 1) {
                Some(y) => (Some(y), s + 2),
                None => (a.map(|a| a.year()), s + 1),
            };
            return Some(Hit::date(i, e, Some(format!("{}-Q{q}", fmt_year(y)))));
        }
        // "the 1988 third quarter": the year in front.
        if let Some(y) = self.year_at(s) {
            if let Some(mut h) = self.quarter(s + 1).filter(|h| {
                h.value
                    .as_deref()
                    .is_some_and(|v| v.len() == 7 && v.contains("-Q"))
            }) {
                if let Some(v) = h.value.as_mut() {
                    v.replace_range(..4, &format!("{y:04}"));
                }
                h.start = i;
                return Some(h);
            }
        }
        let n = match word {
            "final" => Some(4),
            w => ordinal(w).filter(|n| (1..=4).contains(n)),
        };
        if matches!(word, "latest" | "recent" | "quarter") && the {
            let k = if word == "quarter" { s } else { s + 1 };
            if self.w(k) == "quarter" {
                let d = a.and_then(|a| add_months(a, -3));
                return Some(Hit::date(
                    i,
                    k + 1,
                    d.map(|d| format!("{}-Q{}", d.year(), quarter_of(d))),
                ));
            }
        }
        let n = n?;
        let mut k = s + 1;
        if self.w(k) == "-" && self.adj(k) {
            k += 1;
        }
        if self.w(k) == "fiscal" {
            k += 1;
        }
        let half = match self.w(k) {
            "quarter" => false,
            "half" if n <= 2 => true,
            _ => return None,
        };
        k += 1;
        let explicit = if matches!(self.w(k), "of" | "in") {
            let k2 = if self.w(k + 1) == "fiscal" {
                k + 2
            } else {
                k + 1
            };
            self.year_at(k2).map(|y| (y, k2 + 1))
        } else {
            self.year_at(k).map(|y| (y, k + 1))
        };
        let (y, end) = match explicit {
            Some((y, e)) => (Some(y), e),
            None => {
                let tense = self.tense(i, k);
                let y = a.map(|a| {
                    let cur = if half {
                        (a.month() - 1) / 6 + 1
                    } else {
                        quarter_of(a)
                    };
                    if tense == Tense::Past && n > cur {
                        a.year() - 1
                    } else {
                        a.year()
                    }
                });
                (y, k)
            }
        };
        let v = if half {
            format!("{}-H{n}", fmt_year(y))
        } else {
            format!("{}-Q{n}", fmt_year(y))
        };
        Some(Hit::date(i, end, Some(v)))
    }

    /// Seasons with a cue: "in summer", "the summer of 2012", "winter 2013".
    fn season_expr(&self, i: usize) -> Option<Hit> {
        let s = season(self.w(i))?;
        let a = self.anchor;
        let explicit = match self.w(i + 1) {
            "of" => self.year_at(i + 2).map(|y| (y, i + 3)),
            _ => self.year_at(i + 1).map(|y| (y, i + 2)),
        };
        if let Some((y, e)) = explicit {
            return Some(Hit::date(i, e, Some(format!("{y:04}-{s}"))).the());
        }
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        if !matches!(
            prev,
            "in" | "the"
                | "this"
                | "during"
                | "since"
                | "until"
                | "by"
                | "early"
                | "late"
                | "mid"
                | "-"
                | "last"
                | "next"
        ) || (s == "FA"
            && !matches!(
                prev,
                "the" | "this" | "last" | "next" | "early" | "late" | "in"
            ))
        {
            return None;
        }
        let tense = self.tense(i, i + 1);
        let y = a.map(|a| {
            let (si, ci) = (season_index(s), current_season_index(a.month()));
            match tense {
                Tense::Past if si > ci => a.year() - 1,
                Tense::Future if si < ci => a.year() + 1,
                _ => a.year(),
            }
        });
        Some(Hit::date(i, i + 1, Some(format!("{}-{s}", fmt_year(y)))).the())
    }

    /// Recurring times: "daily", "every year", "each Monday", "twice a week".
    fn set_expr(&self, i: usize) -> Option<Hit> {
        let set =
            |e: usize, v: String| Some(Hit::new(i, e, TimexType::Set, Some(v), HitKind::Other));
        match self.w(i) {
            "daily" | "nightly" => return set(i + 1, "P1D".into()),
            "weekly" => return set(i + 1, "P1W".into()),
            "monthly" => return set(i + 1, "P1M".into()),
            "annually" | "yearly" => return set(i + 1, "P1Y".into()),
            "hourly" => return set(i + 1, "PT1H".into()),
            "every" | "each" => {}
            "once" | "twice" | "thrice" => {
                if matches!(self.w(i + 1), "a" | "per" | "every" | "each") {
                    let (unit, plural) = Unit::parse(self.w(i + 2))?;
                    return (!plural)
                        .then(|| set(i + 3, length_value(Count::Exact(1.0), unit)))
                        .flatten();
                }
                return None;
            }
            _ => return None,
        }
        let mut k = i + 1;
        if self.w(k) == "other" {
            k += 1;
        }
        let w = self.w(k);
        if let Some((unit, _)) = Unit::parse(w) {
            let n = if self.w(i + 1) == "other" { 2.0 } else { 1.0 };
            return set(k + 1, length_value(Count::Exact(n), unit));
        }
        if let Some((Count::Exact(n), k2)) = self.count(k) {
            if let Some((unit, true)) = Unit::parse(self.w(k2)) {
                return set(k2 + 1, length_value(Count::Exact(n), unit));
            }
        }
        if let Some(wd) = weekday(w) {
            return set(k + 1, format!("XXXX-WXX-{wd}"));
        }
        if let Some(p) = part_of_day(w) {
            return set(k + 1, format!("XXXX-XX-XXT{p}"));
        }
        if let Some(s) = season(w) {
            return set(k + 1, format!("XXXX-{s}"));
        }
        if let Some(m) = month(w).filter(|_| self.toks[k].cap) {
            return set(k + 1, format!("XXXX-{m:02}"));
        }
        None
    }

    /// Fixed-date holidays: "Christmas", "New Year's Day", "Christmas Eve".
    fn holiday(&self, i: usize) -> Option<Hit> {
        let (m, d, mut end) = match (self.w(i), self.w(i + 1), self.w(i + 2), self.w(i + 3)) {
            ("christmas", "eve", _, _) => (12, 24, i + 2),
            ("christmas", "day", _, _) => (12, 25, i + 2),
            ("christmas", _, _, _) => (12, 25, i + 1),
            ("new", "year", "'", "s") if matches!(self.w(i + 4), "day" | "eve") => {
                if self.w(i + 4) == "eve" {
                    (12, 31, i + 5)
                } else {
                    (1, 1, i + 5)
                }
            }
            ("halloween", _, _, _) => (10, 31, i + 1),
            ("thanksgiving", "day", _, _) => (11, 0, i + 2),
            ("thanksgiving", _, _, _) => (11, 0, i + 1),
            ("valentine", "'", "s", "day") => (2, 14, i + 4),
            _ => return None,
        };
        if !self.toks[i].cap {
            return None;
        }
        let y = match self.year_at(end) {
            Some(y) => {
                end += 1;
                Some(y)
            }
            None => self
                .anchor
                .map(|a| year_for_day(a, m, d.max(22), self.tense(i, end))),
        };
        // Day 0 stands for US Thanksgiving, the fourth Thursday of November.
        let date = y.and_then(|y| {
            if d == 0 {
                let first = NaiveDate::from_ymd_opt(y, 11, 1)?;
                add_days(first, ((4 + 7 - iso_weekday(first) as i64) % 7) + 21)
            } else {
                NaiveDate::from_ymd_opt(y, m, d)
            }
        });
        let mut h = Hit::day(i, end, date);
        if date.is_none() {
            h.value = (d > 0).then(|| format!("XXXX-{m:02}-{d:02}"));
        }
        Some(h)
    }

    /// Anaphora counted from the last stated date: "the next day", "the
    /// following week", "the day before", "that day", "the same day".
    fn anaphoric(&self, i: usize) -> Option<Hit> {
        let r = self.reference();
        let (shift, unit, end) = match (self.w(i), self.w(i + 1), self.w(i + 2), self.w(i + 3)) {
            ("the", "next" | "following", u, _) => (1, u, i + 3),
            ("the", "previous" | "prior" | "preceding", u, _) => (-1, u, i + 3),
            ("the", "day", "before", _) => (-1, "day", i + 3),
            ("the", "day", "after", _)
                if !matches!(
                    self.tok(i + 3).map(|t| t.kind),
                    Some(TokKind::Word | TokKind::Num)
                ) =>
            {
                (1, "day", i + 3)
            }
            ("that" | "the", "same", "day", _) => (0, "day", i + 3),
            ("that", "day", _, _) => (0, "day", i + 2),
            _ => return None,
        };
        let value = match unit {
            "day" | "morning" | "evening" | "afternoon" | "night" => {
                let d = r.and_then(|r| add_days(r, shift as i64));
                let mut h = Hit::day(i, end, d);
                if let Some(p) = part_of_day(unit).filter(|_| unit != "day") {
                    h.ty = TimexType::Time;
                    h.value = Some(format!("{}T{p}", d.map_or("XXXX-XX-XX".into(), fmt_day)));
                }
                return Some(h);
            }
            "week" => r.and_then(|r| add_days(r, 7 * shift as i64)).map(fmt_week),
            "month" => r
                .and_then(|r| add_months(r, shift))
                .map(|d| fmt_month(d.year(), d.month())),
            "year" => r.map(|r| format!("{:04}", r.year() + shift)),
            _ => return None,
        };
        Some(Hit::date(i, end, value))
    }
}

fn fmt_year(y: Option<i32>) -> String {
    y.map_or("XXXX".to_string(), |y| format!("{y:04}"))
}

/// TIMEX3 duration value for a count of units: `P4Y`, `PT30M`, `PXW`.
fn length_value(count: Count, unit: Unit) -> String {
    let (letter, is_time, mult) = unit.iso();
    let t = if is_time { "T" } else { "" };
    match count {
        Count::Vague => match unit {
            Unit::Decade => "PXDE".to_string(),
            Unit::Century => "PXCE".to_string(),
            _ => format!("P{t}X{letter}"),
        },
        Count::Exact(v) => {
            let v = v * f64::from(mult);
            if v.fract() == 0.0 {
                format!("P{t}{}{letter}", v as i64)
            } else {
                // Halves go down one unit where TIMEX3 has one: half an
                // hour is PT30M, a year and a half P18M.
                match unit {
                    Unit::Hour => format!("PT{}M", (v * 60.0).round() as i64),
                    Unit::Year => format!("P{}M", (v * 12.0).round() as i64),
                    Unit::Day => format!("PT{}H", (v * 24.0).round() as i64),
                    Unit::Minute => format!("PT{}S", (v * 60.0).round() as i64),
                    _ => format!("P{t}{v}{letter}"),
                }
            }
        }
    }
}

/// The point `v` units away from `base`, at the unit's granularity: "four
/// years ago" is a year, "two days ago" a day, "six weeks ago" a week.
fn counted_point(base: Option<NaiveDate>, unit: Unit, v: f64) -> Hit {
    let n = v.round() as i64;
    let mut h = Hit::date(0, 0, None);
    let Some(b) = base else {
        return h;
    };
    match unit {
        Unit::Year => h.value = Some(format!("{:04}", b.year() as i64 + n)),
        Unit::Decade => h.value = Some(format!("{:04}", b.year() as i64 + 10 * n)),
        Unit::Century => h.value = Some(format!("{:02}", (b.year() as i64 + 100 * n) / 100)),
        Unit::Month => {
            h.value = add_months(b, n as i32).map(|d| fmt_month(d.year(), d.month()));
        }
        Unit::Quarter => {
            h.value =
                add_months(b, 3 * n as i32).map(|d| format!("{}-Q{}", d.year(), quarter_of(d)));
        }
        Unit::Week | Unit::Fortnight | Unit::Weekend => {
            let k = if unit == Unit::Fortnight { 14 } else { 7 };
            h.value = add_days(b, k * n).map(fmt_week);
        }
        Unit::Day => {
            let d = add_days(b, n);
            h.value = d.map(fmt_day);
            h.day = d;
        }
        Unit::Hour | Unit::Minute | Unit::Second => {
            h.ty = TimexType::Time;
            h.value = Some(fmt_day(b));
        }
    }
    h
}

/// Where a month sits in the seasons of its year: January and February
/// belong to the winter that began the previous December, so they come
/// before spring (0) and December after autumn (4).
fn current_season_index(m: u32) -> u32 {
    match m {
        1 | 2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        9..=11 => 3,
        _ => 4,
    }
}

fn season_index(s: &str) -> u32 {
    match s {
        "SP" => 1,
        "SU" => 2,
        "FA" => 3,
        _ => 4,
    }
}
