//! Actor and agent dictionaries: which CAMEO actor code a name stands for,
//! on a given date, and which sector code a role noun adds.
//!
//! Actor format (Phoenix / PETRARCH): a primary name line, optional `+`
//! synonym lines, then indented code lines, each `[CODE]`, `[CODE >yymmdd]`,
//! `[CODE <yymmdd]` or `[CODE yymmdd-yymmdd]` (dates may also be `yyyymmdd`).
//! A primary line may carry its code inline (`UN_ [IGOUNO]`). Primary lines
//! with no code yet join the next group, which is how upstream lists several
//! spellings before one code block. Names use `_` between words; a trailing
//! `_` is PETRARCH's "do not stem" mark, ignored here because we match whole
//! normalized phrases.
//!
//! Agent format: `NAME {PLURALS} [~CODE]` (`~CODE` is appended to the actor
//! code, `CODE~` prepended), plus `!SET! = A, B` substitution sets used as
//! `CATTLE!PERSON!`. `{}` means "no generated plural".

use crate::hash::FxHashMap;
use crate::{normalize_phrase, FirstWords};
use chrono::NaiveDate;

/// One actor code with the period it applies to (inclusive bounds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl DatedCode {
    pub fn is_dated(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }
    pub fn covers(&self, date: NaiveDate) -> bool {
        !matches!(self.start, Some(s) if s > date) && !matches!(self.end, Some(e) if e < date)
    }
}

/// Names → dated actor codes. One name can belong to several entries
/// ("President Bush" is two presidents); the date decides between them.
#[derive(Clone, Debug, Default)]
pub struct ActorDict {
    phrases: FxHashMap<String, Vec<u32>>,
    entries: Vec<Vec<DatedCode>>,
    max_words: usize,
    first_words: FirstWords,
}

impl ActorDict {
    pub fn len(&self) -> usize {
        self.phrases.len()
    }
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
    /// The longest name, in words: callers never need to try longer spans.
    pub fn max_words(&self) -> usize {
        self.max_words
    }
    /// The longest name starting with `word`, in words; 0 when none does.
    /// A scan can skip the longer spans at a position, or the position.
    pub fn max_words_from(&self, word: &str) -> usize {
        self.first_words.max_from(word)
    }
    /// The dated codes of the first entry for a normalized phrase (see
    /// [`normalize_phrase`]).
    pub fn codes(&self, phrase: &str) -> Option<&[DatedCode]> {
        self.phrases
            .get(phrase)
            .and_then(|v| v.first())
            .and_then(|&i| self.entries.get(i as usize))
            .map(Vec::as_slice)
    }
    /// Every dated code of every entry for a normalized phrase (the
    /// periods an article's date could fall in for that name).
    pub fn all_codes(&self, phrase: &str) -> impl Iterator<Item = &DatedCode> {
        self.phrases
            .get(phrase)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.entries.get(i as usize))
            .flatten()
    }
    /// The code a normalized phrase has on `date`: among its entries, the
    /// first dated code whose period covers the date; else the first entry's
    /// undated code. With no date known, a still-open dated code, else the
    /// undated one, else the first (see [`resolve`]).
    pub fn code(&self, phrase: &str, date: Option<NaiveDate>) -> Option<String> {
        let ids = self.phrases.get(phrase)?;
        if let Some(d) = date {
            let dated = ids
                .iter()
                .filter_map(|&i| self.entries.get(i as usize))
                .flat_map(|e| e.iter())
                .find(|c| c.is_dated() && c.covers(d));
            if let Some(c) = dated {
                return Some(c.code.clone());
            }
        }
        resolve(self.codes(phrase)?, date)
    }

    /// Parses an actor dictionary and adds it. With `override_existing`,
    /// its names replace earlier ones (user and supplement files); otherwise
    /// the first definition of a name wins, as in PETRARCH.
    pub fn add_text(&mut self, text: &str, override_existing: bool) {
        self.phrases.reserve(text.len() / 40);
        let mut names: Vec<String> = Vec::new();
        let mut codes: Vec<DatedCode> = Vec::new();
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("");
            if line.trim().is_empty() {
                continue;
            }
            let indented = line.starts_with([' ', '\t']);
            let line = line.trim();
            if indented || line.starts_with('[') {
                codes.extend(parse_codes(line));
                continue;
            }
            let synonym = line.starts_with('+');
            let line = line.trim_start_matches('+');
            let (name, inline) = match line.find('[') {
                Some(i) => (&line[..i], parse_codes(&line[i..])),
                None => (line, Vec::new()),
            };
            if !synonym && !codes.is_empty() {
                self.flush(&mut names, &mut codes, override_existing);
            }
            let name = normalize_phrase(name.trim());
            if !name.is_empty() {
                names.push(name);
            }
            codes.extend(inline);
        }
        self.flush(&mut names, &mut codes, override_existing);
    }

    fn flush(&mut self, names: &mut Vec<String>, codes: &mut Vec<DatedCode>, over: bool) {
        if codes.is_empty() {
            // Names without any code are kept pending by the caller only
            // while more lines follow; at the end they carry no meaning.
            names.clear();
            return;
        }
        let idx = self.entries.len() as u32;
        self.entries.push(std::mem::take(codes));
        for name in names.drain(..) {
            self.max_words = self.max_words.max(self.first_words.note(&name));
            if over {
                self.phrases.insert(name, vec![idx]);
            } else {
                self.phrases.entry(name).or_default().push(idx);
            }
        }
    }
}

/// Picks the code for `date` from a list of dated codes.
pub fn resolve(codes: &[DatedCode], date: Option<NaiveDate>) -> Option<String> {
    if let Some(d) = date {
        if let Some(c) = codes.iter().find(|c| c.is_dated() && c.covers(d)) {
            return Some(c.code.clone());
        }
        if let Some(c) = codes.iter().find(|c| !c.is_dated()) {
            return Some(c.code.clone());
        }
        return None;
    }
    // No date: the text is read as current, so a code that is still open
    // ("[ARM >911221]", "[RUSGOV >120507]") beats the undated default and
    // the historical ones ("[USRARM <900823]").
    let open_ended = NaiveDate::from_ymd_opt(9999, 1, 1);
    codes
        .iter()
        .find(|c| c.is_dated() && open_ended.is_some_and(|far| c.covers(far)))
        .or_else(|| codes.iter().find(|c| !c.is_dated()))
        .or_else(|| codes.first())
        .map(|c| c.code.clone())
}

/// Parses every `[CODE dates]` group on a line.
fn parse_codes(line: &str) -> Vec<DatedCode> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(a) = rest.find('[') {
        let Some(b) = rest[a..].find(']') else { break };
        let inner = &rest[a + 1..a + b];
        rest = &rest[a + b + 1..];
        let mut parts = inner.split_whitespace();
        let Some(code) = parts.next() else { continue };
        let mut dc = DatedCode {
            code: code.to_string(),
            start: None,
            end: None,
        };
        // Hand-edited files write "< 950601" and "19950601 - 19990815".
        let range: String = parts.collect();
        if !range.is_empty() {
            let range = range.as_str();
            if let Some(d) = range.strip_prefix('>') {
                dc.start = parse_date(d);
            } else if let Some(d) = range.strip_prefix('<') {
                dc.end = parse_date(d);
            } else if let Some((s, e)) = range.split_once('-') {
                dc.start = parse_date(s);
                dc.end = parse_date(e);
            }
        }
        out.push(dc);
    }
    out
}

/// `yymmdd` (years 00–29 are 20xx, as upstream dates run from the 1930s) or
/// `yyyymmdd`. Malformed dates (upstream has a few) give `None`, which makes
/// that bound open rather than dropping the code.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (y, m, d) = match s.len() {
        6 => {
            let yy = num(0..2)? as i32;
            (
                if yy < 30 { 2000 + yy } else { 1900 + yy },
                num(2..4)?,
                num(4..6)?,
            )
        }
        8 => (num(0..4)? as i32, num(4..6)?, num(6..8)?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A sector code an agent noun contributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentCode {
    /// The code without the `~`: `GOV`, `GOVAGR`.
    pub code: String,
    /// True for `CODE~` (goes before the actor code), false for `~CODE`.
    pub prefix: bool,
}

/// Role nouns → agent codes.
#[derive(Clone, Debug, Default)]
pub struct AgentDict {
    phrases: FxHashMap<String, AgentCode>,
    max_words: usize,
    first_words: FirstWords,
}

impl AgentDict {
    pub fn len(&self) -> usize {
        self.phrases.len()
    }
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
    pub fn max_words(&self) -> usize {
        self.max_words
    }
    /// The longest phrase starting with `word`, in words; 0 when none does.
    pub fn max_words_from(&self, word: &str) -> usize {
        self.first_words.max_from(word)
    }
    /// The agent code of a normalized phrase.
    pub fn get(&self, phrase: &str) -> Option<&AgentCode> {
        self.phrases.get(phrase)
    }

    /// Parses an agent dictionary and adds it (see the module header).
    pub fn add_text(&mut self, text: &str, override_existing: bool) {
        let mut sets: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            // `!SET! = A, B` defines a set; any other line starting with a
            // set's name (`!MINIST! OF_DEFENSE [~GOVMIL]`) is an entry.
            if let Some((name, values)) = set_definition(line) {
                let vals = values
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
                sets.insert(name.to_string(), vals);
                continue;
            }
            let Some(open) = line.rfind('[') else {
                continue;
            };
            let code_text = line[open + 1..].trim_end_matches(']').trim();
            let prefix = code_text.ends_with('~');
            let code = code_text.trim_matches('~').trim().to_string();
            if code.is_empty() {
                continue;
            }
            let head = &line[..open];
            let (name, plurals) = match (head.find('{'), head.find('}')) {
                (Some(a), Some(b)) if a < b => (
                    format!("{} {}", &head[..a], &head[b + 1..]),
                    Some(
                        head[a + 1..b]
                            .split_whitespace()
                            .map(normalize_phrase)
                            .collect::<Vec<_>>(),
                    ),
                ),
                _ => (head.to_string(), None),
            };
            let agent = AgentCode { code, prefix };
            for form in expand_sets(name.trim(), &sets) {
                let phrase = normalize_phrase(&form);
                if phrase.is_empty() {
                    continue;
                }
                let mut forms = vec![phrase.clone()];
                match &plurals {
                    Some(p) => forms.extend(p.iter().cloned()),
                    None => forms.push(plural(&phrase)),
                }
                for f in forms {
                    self.insert(f, agent.clone(), override_existing);
                }
            }
        }
    }

    fn insert(&mut self, phrase: String, agent: AgentCode, over: bool) {
        self.max_words = self.max_words.max(self.first_words.note(&phrase));
        if over {
            self.phrases.insert(phrase, agent);
        } else {
            self.phrases.entry(phrase).or_insert(agent);
        }
    }
}

/// A set definition's name and values: `!NAME! = A, B` (the name one
/// `!`-delimited word, nothing but spaces before the `=`).
fn set_definition(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('!')?;
    let close = rest.find('!')?;
    let name = &line[..close + 2];
    let values = line[close + 2..].trim_start().strip_prefix('=')?;
    Some((name, values))
}

/// Expands `!SET!` references into every listed value.
fn expand_sets(name: &str, sets: &FxHashMap<String, Vec<String>>) -> Vec<String> {
    for (key, values) in sets {
        if name.contains(key.as_str()) {
            return values
                .iter()
                .flat_map(|v| expand_sets(&name.replacen(key.as_str(), v, 1), sets))
                .collect();
        }
    }
    vec![name.to_string()]
}

/// English plural of the last word of an upper-case phrase.
fn plural(phrase: &str) -> String {
    let (lead, last) = match phrase.rsplit_once(' ') {
        Some((a, b)) => (format!("{a} "), b),
        None => (String::new(), phrase),
    };
    let p = if let Some(stem) = last.strip_suffix("MAN") {
        format!("{stem}MEN")
    } else if last.ends_with('Y') && !last.ends_with("AY") && !last.ends_with("EY") {
        format!("{}IES", &last[..last.len() - 1])
    } else if ["S", "X", "CH", "SH"].iter().any(|s| last.ends_with(s)) {
        format!("{last}ES")
    } else {
        format!("{last}S")
    };
    format!("{lead}{p}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_groups_and_dates() {
        let mut d = ActorDict::default();
        d.add_text(
            "AAA_ [XXX]\n+AYY\nBOB_SMITH_\n+SMITH_\n [XXXGOV 990101 - 051231]\n [XXXGOV > 100101]\n [XXXELI]\nU.N._\nUN_CHIEF\n [IGOUNO]\n",
            false,
        );
        assert_eq!(d.code("AYY", None).as_deref(), Some("XXX"));
        let y = |y| NaiveDate::from_ymd_opt(y, 6, 1);
        assert_eq!(d.code("SMITH", y(2000)).as_deref(), Some("XXXGOV"));
        assert_eq!(d.code("SMITH", y(2007)).as_deref(), Some("XXXELI"));
        assert_eq!(d.code("BOB SMITH", y(2015)).as_deref(), Some("XXXGOV"));
        // No date: the office still held (open-ended) is the current one.
        assert_eq!(d.code("SMITH", None).as_deref(), Some("XXXGOV"));
        d.add_text("YERBURG_\n [USRYYY <900823]\n [YYY >911221]\n", false);
        assert_eq!(d.code("YERBURG", None).as_deref(), Some("YYY"));
        assert_eq!(d.code("YERBURG", y(1985)).as_deref(), Some("USRYYY"));
        assert_eq!(d.code("U.N.", None).as_deref(), Some("IGOUNO"));
        assert_eq!(d.max_words(), 2);
        // The same name in two entries: the date picks the office-holder.
        d.add_text("ANN_DOE_\n+DOE_\n [XXXGOV 800101-891231]\n [XXXELI]\nJOHN_DOE_\n+DOE_\n [XXXGOV 000101-091231]\n [XXXELI]\n", false);
        assert_eq!(d.code("DOE", y(2005)).as_deref(), Some("XXXGOV"));
        assert_eq!(d.code("DOE", y(1985)).as_deref(), Some("XXXGOV"));
        assert_eq!(d.code("DOE", y(1995)).as_deref(), Some("XXXELI"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("450703"), NaiveDate::from_ymd_opt(1945, 7, 3));
        assert_eq!(parse_date("080508"), NaiveDate::from_ymd_opt(2008, 5, 8));
        assert_eq!(parse_date("20070101"), NaiveDate::from_ymd_opt(2007, 1, 1));
        assert_eq!(parse_date("2004017"), None);
        assert_eq!(parse_date("99x"), None);
    }

    #[test]
    fn agents_with_sets_and_plurals() {
        let mut a = AgentDict::default();
        a.add_text(
            "!PERSON! = MAN, WOMAN\nCATTLE!PERSON! [~AGR]\nPOLICE {} [~COP]\nPARTY [~PTY]\nREBEL_LEADER [REB~]\n",
            false,
        );
        assert_eq!(a.get("CATTLEWOMAN").unwrap().code, "AGR");
        assert!(a.get("CATTLEMEN").is_some());
        assert!(a.get("POLICES").is_none());
        assert!(a.get("PARTIES").is_some());
        assert!(a.get("REBEL LEADER").unwrap().prefix);
        // Entries that start with a set's name are entries, not dropped.
        a.add_text(
            "!MINIST! = MINISTER, MINISTRY\n!MINIST! OF_DEFENCE [~GOVMIL]\n!MINIST! [~GOV]\n",
            false,
        );
        assert_eq!(a.get("MINISTRY OF DEFENCE").unwrap().code, "GOVMIL");
        assert_eq!(a.get("MINISTER OF DEFENCE").unwrap().code, "GOVMIL");
        assert_eq!(a.get("MINISTRY").unwrap().code, "GOV");
    }
}
