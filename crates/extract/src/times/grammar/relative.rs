//! Rules that count from an anchor: "today", "now", "last week", "next
//! Friday", "the following day", and the points "N units ago" lands on.

use super::*;

impl Scanner<'_> {
    /// Words that point at the anchor: today, yesterday, now, recently.
    pub(super) fn deictic(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn relative(&self, i: usize) -> Option<Hit> {
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

    /// Anaphora counted from the last stated date: "the next day", "the
    /// following week", "the day before", "that day", "the same day".
    pub(super) fn anaphoric(&self, i: usize) -> Option<Hit> {
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

/// The point `v` units away from `base`, at the unit's granularity: "four
/// years ago" is a year, "two days ago" a day, "six weeks ago" a week.
pub(super) fn counted_point(base: Option<NaiveDate>, unit: Unit, v: f64) -> Hit {
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
