//! The article's setting as actor coding needs it: the date its dated
//! actor codes are read at (its era) and the country it is about (its home),
//! and the last word on each event's actors (a role with no country takes
//! the home country; one actor on both sides is no event).
//!
//! Many articles carry no publication date (the BBC 2005 files, PolNeAR's
//! texts). Without one, a dated actor code falls to a person's latest role,
//! so a 2005 prime minister is coded as a former one. The article says more
//! than that: the office-holders it names were in office together only in
//! some years, the roles it gives them ("Home Secretary Charles Clarke")
//! pick one of their periods, and the years it writes lean toward one. The
//! era is the date most of that evidence agrees on.
//!
//! Roles such as "the government", "police", "MPs" and "protesters" carry no
//! country; an article about one country's affairs means its own (a
//! careful coder writes GBRGOV for "ministers" in a BBC politics article).
//! The home country is the one the article's coded names overwhelmingly
//! belong to; with no clear majority, roles stay `---`.

use super::actors::words_of_text;
use super::raw::RawEvent;
use chrono::{Datelike, NaiveDate};
use newsgraph_dict::Dictionaries;
use newsgraph_doc::{Document, EntityType, MentionKind, TimexType};

/// The date actor codes are read at: the publication date, else the era
/// the article's own evidence points to (see the module header).
pub(crate) fn actor_date(doc: &Document, dicts: &Dictionaries) -> Option<NaiveDate> {
    doc.article.published.date.or_else(|| era(doc, dicts))
}

/// One name's dated codes, and the role the article gives it.
struct Dated {
    periods: Vec<(Option<NaiveDate>, Option<NaiveDate>, String)>,
    role: Option<String>,
}

/// Weight of one named office-holder whose period covers a date.
const HOLDER: f32 = 1.0;
/// Extra weight when the role the article gives them is that period's.
const STATED_ROLE: f32 = 0.5;
/// Weight of one year the article writes, for dates in that year.
const WRITTEN_YEAR: f32 = 0.1;
/// The least evidence an era needs: two office-holders, or one whose
/// stated role matches.
const MIN_EVIDENCE: f32 = HOLDER + STATED_ROLE;

/// The date the most dated names of the article (and their stated roles,
/// and its written years) agree on; `None` without enough evidence.
fn era(doc: &Document, dicts: &Dictionaries) -> Option<NaiveDate> {
    let text = &doc.article.text;
    let mut named: Vec<Dated> = Vec::new();
    for e in &doc.entities {
        if !matches!(e.entity_type, EntityType::Person | EntityType::Org) {
            continue;
        }
        let person = e.entity_type == EntityType::Person;
        let mut names: Vec<Vec<String>> = vec![words_of_text(&e.name)];
        for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            if let Some(t) = text.get(m.span.range()) {
                let w = words_of_text(t);
                if !names.contains(&w) {
                    names.push(w);
                }
            }
        }
        let mut periods = Vec::new();
        // As `code_entities` reads them: a person's one-word name may be
        // somebody else's entry.
        for w in names.iter().filter(|w| !person || w.len() > 1) {
            for c in dicts.actors.all_codes(&w.join(" ")) {
                let p = (c.start, c.end, c.code.clone());
                if c.is_dated() && !periods.contains(&p) {
                    periods.push(p);
                }
            }
        }
        if periods.is_empty() {
            continue;
        }
        let role = e.roles.iter().find_map(|r| {
            let words = super::actors::Words::from_strings(&words_of_text(r));
            super::actors::scan(dicts, &words, None)
                .agent
                .map(|a| a.code)
        });
        named.push(Dated { periods, role });
    }
    if named.is_empty() {
        return None;
    }
    let years: Vec<i32> = doc
        .times
        .iter()
        .filter(|t| t.timex_type == TimexType::Date)
        .filter_map(|t| t.value.as_deref()?.get(..4)?.parse::<i32>().ok())
        .filter(|y| (1900..=2100).contains(y))
        .collect();
    let mut candidates: Vec<NaiveDate> = named
        .iter()
        .flat_map(|d| d.periods.iter().flat_map(|(s, e, _)| [*s, *e]))
        .flatten()
        .chain(
            years
                .iter()
                .filter_map(|&y| NaiveDate::from_ymd_opt(y, 7, 1)),
        )
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let score = |d: NaiveDate| -> f32 {
        let held: f32 = named
            .iter()
            .map(|n| {
                n.periods
                    .iter()
                    .filter(|(s, e, _)| s.is_none_or(|s| s <= d) && e.is_none_or(|e| e >= d))
                    .map(|(_, _, code)| {
                        let stated = n.role.as_deref().is_some_and(|r| code.get(3..) == Some(r));
                        HOLDER + if stated { STATED_ROLE } else { 0.0 }
                    })
                    .fold(0.0, f32::max)
            })
            .sum();
        held + WRITTEN_YEAR * years.iter().filter(|&&y| y == d.year()).count() as f32
    };
    // The latest of equally supported dates: the dictionaries' periods
    // start with a role taken up, which the news of it usually follows.
    let mut best: Option<(f32, NaiveDate)> = None;
    for d in candidates {
        let s = score(d);
        if best.is_none_or(|(b, _)| s >= b) {
            best = Some((s, d));
        }
    }
    best.filter(|(s, _)| *s >= MIN_EVIDENCE).map(|(_, d)| d)
}

/// CAMEO codes whose first three letters are no country: international
/// and non-state actor types, roles, religions and regions.
const NOT_COUNTRIES: &[&str] = &[
    "---", "IGO", "NGO", "NGM", "MNC", "IMG", "INT", "UIS", "UAF", "MED", "ELI", "CVL", "GOV",
    "BUS", "OPP", "MIL", "COP", "REB", "SPY", "LEG", "JUD", "PTY", "EDU", "HLH", "REF", "AGR",
    "LAB", "HRI", "ENV", "CRM", "INS", "SEP", "MOD", "RAD", "HIN", "BUD", "CHR", "JEW", "ATH",
    "MEA", "SAS", "WEU", "SEA", "EAF", "LAM", "ASA", "AFR", "SAF", "NMR", "EUR", "EEU", "CAS",
    "WAF", "SAM", "NAF", "CFR", "MOS",
];

/// The country part of an actor code, when it has one.
pub(crate) fn country_of(code: &str) -> Option<&str> {
    let c = code.get(..3)?;
    (c.bytes().all(|b| b.is_ascii_uppercase()) && !NOT_COUNTRIES.contains(&c)).then_some(c)
}

/// The country the article is about: the country of most of the mentions
/// of its coded entities, when at least [`HOME_MIN_MENTIONS`] of them and
/// [`HOME_SHARE`] of all country-coded mentions are its.
pub(crate) fn home_country(doc: &Document) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for e in &doc.entities {
        let Some(c) = e.actor.as_deref().and_then(country_of) else {
            continue;
        };
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += e.mentions.len(),
            None => counts.push((c, e.mentions.len())),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let (top, n) = counts.iter().max_by_key(|(_, n)| *n)?;
    (*n >= HOME_MIN_MENTIONS && (*n as f32) >= HOME_SHARE * total as f32).then(|| top.to_string())
}

/// Mentions of one country an article needs before it is the home country.
const HOME_MIN_MENTIONS: usize = 3;
/// The share of country-coded mentions the home country must hold.
const HOME_SHARE: f32 = 0.6;

/// Settles an event's actors: a role without a country (`---GOV`) takes
/// the home country; returns false for an event that has one actor on both
/// sides (the same code from one mention, or the same code twice where the
/// article gives no second actor: "Britain and its police" from one noun
/// phrase, a country meeting itself).
pub(crate) fn settle(e: &mut RawEvent, home: Option<&str>) -> bool {
    if let Some(home) = home {
        for a in std::iter::once(&mut e.source).chain(e.target.as_mut()) {
            if let Some(role) = a.code.strip_prefix("---") {
                a.code = format!("{home}{role}");
            }
        }
    }
    let Some(t) = &e.target else {
        return true;
    };
    let s = &e.source;
    if s.tok == t.tok {
        return false;
    }
    // A country and its own agent ("Georgia" and "Georgian police") found
    // for one name are one actor.
    let same_name = s.name == t.name;
    let nested = s.code.starts_with(&t.code) || t.code.starts_with(&s.code);
    let one_country = s.code == t.code && s.code.len() == 3;
    !((same_name && nested) || one_country)
}
