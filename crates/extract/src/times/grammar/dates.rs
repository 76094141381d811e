//! Rules that name calendar points outright: ISO and month-name dates,
//! weekdays, years, decades and centuries, quarters and halves, seasons,
//! holidays and weekends.

use super::*;

impl Scanner<'_> {
    /// `2023-09-13`, `9/13/2023`.
    pub(super) fn iso_date(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn day_number(&self, i: usize) -> Option<u32> {
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
    pub(super) fn month_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        let m = month(&t.lower)?;
        if t.lower.len() <= 4 && !matches!(&*t.lower, "may" | "june" | "july") {
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
    pub(super) fn month_hit(&self, start: usize, i: usize, wd: Option<u32>) -> Option<Hit> {
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

    pub(super) fn month_expr(&self, i: usize) -> Option<Hit> {
        self.month_hit(i, i, None)
    }

    /// A weekday: with a date after it ("Tuesday 12 September"), with a
    /// part of day ("Friday afternoon"), or alone ("on Monday").
    pub(super) fn weekday_expr(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn with_part_of_day(&self, mut h: Hit) -> Hit {
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
    pub(super) fn year_expr(&self, i: usize) -> Option<Hit> {
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
        let decade = match &*t.lower {
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

    /// "the weekend": the last one in past-tense text, else the coming one.
    /// A weekend shares its ISO week with the Monday before it.
    pub(super) fn weekend(&self, i: usize) -> Option<Hit> {
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

    /// Quarters and halves: "the third quarter", "third-quarter", "Q3 2013",
    /// "the first half of 2012", "the latest quarter".
    pub(super) fn quarter(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn season_expr(&self, i: usize) -> Option<Hit> {
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

    /// Fixed-date holidays: "Christmas", "New Year's Day", "Christmas Eve".
    pub(super) fn holiday(&self, i: usize) -> Option<Hit> {
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
}

pub(super) fn fmt_year(y: Option<i32>) -> String {
    y.map_or("XXXX".to_string(), |y| format!("{y:04}"))
}

/// Where a month sits in the seasons of its year: January and February
/// belong to the winter that began the previous December, so they come
/// before spring (0) and December after autumn (4).
pub(super) fn current_season_index(m: u32) -> u32 {
    match m {
        1 | 2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        9..=11 => 3,
        _ => 4,
    }
}

pub(super) fn season_index(s: &str) -> u32 {
    match s {
        "SP" => 1,
        "SU" => 2,
        "FA" => 3,
        _ => 4,
    }
}
