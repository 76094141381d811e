//! Rules for amounts of time and clock readings: numbers in digits or
//! words, durations ("more than four years", "18-month-old"), clock times
//! ("15:00 GMT Saturday") and recurring sets ("every week").

use super::*;

impl Scanner<'_> {
    /// A number, written in digits or words, at `i`; returns it and the next
    /// token.
    pub(super) fn count(&self, i: usize) -> Option<(Count, usize)> {
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
    pub(super) fn duration(&self, i: usize) -> Option<Hit> {
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
            let by_article = matches!(&*t.lower, "a" | "an" | "one");
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
    pub(super) fn is_age(&self, k: usize) -> bool {
        let Some(t) = self.tok(k) else { return true };
        if t.kind != TokKind::Word || t.cap {
            return true;
        }
        matches!(
            &*t.lower,
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
    pub(super) fn clock(&self, i: usize) -> Option<Hit> {
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
        match &*t.lower {
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

    /// Recurring times: "daily", "every year", "each Monday", "twice a week".
    pub(super) fn set_expr(&self, i: usize) -> Option<Hit> {
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
}

/// TIMEX3 duration value for a count of units: `P4Y`, `PT30M`, `PXW`.
pub(super) fn length_value(count: Count, unit: Unit) -> String {
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
