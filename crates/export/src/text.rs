//! What the GKG says about an article's words, computed from the stored
//! text at export time: tone (VADER valences, MIT), themes (GDELT `TAX_*`
//! phrases, CrisisLexRec terms and topical themes, see `data/themes/NOTICE`
//! and [`themes`]) and amounts ("12 people", "£65,000 settlement", "a family
//! of three").
//!
//! All offsets are character offsets into the text, as GDELT writes them.
//! Words here are lower-cased runs of letters and digits keeping inner
//! apostrophes, unlike the tokenizer's, so that "don't" and "Russia's" stay
//! one word each and leave no stray "t" or "s" to match the lexicons or
//! count as an amount's object; month names come from `newsgraph_doc::words`.

use std::collections::HashMap;
use std::sync::OnceLock;

use newsgraph_doc::words;

static VADER: &str = include_str!("../../../data/lexicons/vader_valence.tsv");
static THEMES: &str = include_str!("../../../data/themes/themes.tsv");
static TOPICS: &str = include_str!("../../../data/themes/topics.tsv");

/// A word of the text with its character offset.
#[derive(Clone, Debug, PartialEq)]
pub struct WordAt {
    pub lower: String,
    pub char_offset: usize,
    pub byte_offset: usize,
}

/// Words: runs of letters, digits and inner apostrophes, lower-cased.
pub fn words(text: &str) -> Vec<WordAt> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut start_c, mut start_b) = (0, 0);
    for (ci, (bi, ch)) in text.char_indices().enumerate() {
        let inner = (ch == '\'' || ch == '\u{2019}') && !cur.is_empty();
        if ch.is_alphanumeric() || inner {
            if cur.is_empty() {
                start_c = ci;
                start_b = bi;
            }
            cur.extend(ch.to_lowercase());
        } else if !cur.is_empty() {
            out.push(WordAt {
                lower: std::mem::take(&mut cur).trim_end_matches('\'').to_string(),
                char_offset: start_c,
                byte_offset: start_b,
            });
        }
    }
    if !cur.is_empty() {
        out.push(WordAt {
            lower: cur.trim_end_matches('\'').to_string(),
            char_offset: start_c,
            byte_offset: start_b,
        });
    }
    out
}

fn vader() -> &'static HashMap<&'static str, f32> {
    static V: OnceLock<HashMap<&'static str, f32>> = OnceLock::new();
    V.get_or_init(|| {
        VADER
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (w, v) = l.split_once('\t')?;
                Some((w, v.trim().parse().ok()?))
            })
            .collect()
    })
}

/// GKG V1.5Tone / V2Tone: the seven numbers GDELT writes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tone {
    /// Positive − Negative.
    pub tone: f64,
    /// Percentage of words with a positive VADER valence.
    pub positive: f64,
    pub negative: f64,
    /// Positive + Negative.
    pub polarity: f64,
    /// Percentage of words that are action verbs (GDELT's "activity
    /// references"); approximated by words ending in -ed/-ing.
    pub activity: f64,
    /// Percentage of first-person and group pronouns.
    pub self_group: f64,
    pub word_count: usize,
}

impl Tone {
    /// The comma-separated GKG field.
    pub fn to_field(&self) -> String {
        format!(
            "{},{},{},{},{},{},{}",
            fmt_float(self.tone),
            fmt_float(self.positive),
            fmt_float(self.negative),
            fmt_float(self.polarity),
            fmt_float(self.activity),
            fmt_float(self.self_group),
            self.word_count
        )
    }
}

/// Floats as GDELT prints them: plain decimal, no exponent, at most 15
/// decimals. A value written with few decimals (a coordinate rounded to
/// GDELT's 4) prints as written: the shortest decimal that reads back as
/// the same `f64`, not its binary expansion (42.8333, not
/// 42.833300000000001).
pub fn fmt_float(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let shortest = format!("{x}");
    let decimals = shortest.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals <= 15 {
        return if shortest == "-0" {
            "0".into()
        } else {
            shortest
        };
    }
    let s = format!("{x:.15}");
    let s = s.trim_end_matches('0');
    let s = s.strip_suffix('.').map_or(s.to_string(), |t| t.to_string());
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

pub fn tone(text: &str) -> Tone {
    let ws = words(text);
    let lex = vader();
    let n = ws.len();
    if n == 0 {
        return Tone::default();
    }
    let (mut pos, mut neg, mut act, mut selfg) = (0usize, 0usize, 0usize, 0usize);
    for (i, w) in ws.iter().enumerate() {
        // VADER's negation rule, reduced: "not good" counts as negative.
        let negated = ws[i.saturating_sub(3)..i].iter().any(|p| {
            matches!(p.lower.as_str(), "not" | "no" | "never" | "n't" | "without")
                || p.lower.ends_with("n't")
        });
        if let Some(&v) = lex.get(w.lower.as_str()) {
            let v = if negated { -v } else { v };
            if v > 0.0 {
                pos += 1;
            } else if v < 0.0 {
                neg += 1;
            }
        }
        if w.lower.len() > 4 && (w.lower.ends_with("ed") || w.lower.ends_with("ing")) {
            act += 1;
        }
        if matches!(
            w.lower.as_str(),
            "i" | "me" | "my" | "mine" | "we" | "us" | "our" | "ours" | "myself" | "ourselves"
        ) {
            selfg += 1;
        }
    }
    let pct = |k: usize| 100.0 * k as f64 / n as f64;
    Tone {
        tone: pct(pos) - pct(neg),
        positive: pct(pos),
        negative: pct(neg),
        polarity: pct(pos) + pct(neg),
        activity: pct(act),
        self_group: pct(selfg),
        word_count: n,
    }
}

fn theme_table() -> &'static (HashMap<&'static str, Vec<&'static str>>, usize) {
    static T: OnceLock<(HashMap<&'static str, Vec<&'static str>>, usize)> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        let mut longest = 1;
        for l in THEMES.lines().filter(|l| !l.starts_with('#')) {
            if let Some((p, t)) = l.split_once('\t') {
                longest = longest.max(p.split(' ').count());
                m.insert(p, t.split(',').collect());
            }
        }
        (m, longest)
    })
}

/// Taxonomies whose phrases name peoples, languages, parties and groups:
/// matched only where the text capitalizes them ("Labour", not "labour";
/// "French", not "french").
const PROPER_TAXONOMIES: &[&str] = &[
    "TAX_ETHNICITY",
    "TAX_WORLDLANGUAGES",
    "TAX_POLITICAL_PARTY",
    "TAX_TERROR_GROUP",
    "TAX_AIDGROUPS",
];

/// Taxonomies whose words are also surnames and place names ("Church",
/// "Thompson"): a match inside a capitalized name ("Charlotte Church",
/// "Terri Walker") is not one.
const NAME_SENSITIVE_TAXONOMIES: &[&str] = &["TAX_ETHNICITY", "TAX_WORLDLANGUAGES", "TAX_RELIGION"];

/// GDELT phrases that are common English words first ("she" is the She
/// people, "among" a language, "bench" an ethnicity) or, capitalized, a
/// colour, a surname or a team ("White", "Celtic", the All "Blacks"): on the
/// BBC set they were wrong nearly every time, so they never give a theme.
const AMBIGUOUS_PHRASES: &[&str] = &[
    "she", "among", "bench", "black", "white", "blacks", "whites", "celtic",
];

/// Words before a language's name that make it a language ("speaks French",
/// "translated into German").
const LANGUAGE_CUES_BEFORE: &[&str] = &[
    "speak",
    "speaks",
    "spoke",
    "speaking",
    "translated",
    "into",
    "fluent",
];

/// Words after a language's name that make it a language ("Welsh speakers").
const LANGUAGE_CUES: &[&str] = &[
    "language",
    "languages",
    "speaker",
    "speakers",
    "speaking",
    "spoken",
    "dialect",
    "translation",
    "subtitles",
];

/// CrisisLexRec is one broad list of crisis words: one of them alone ("help",
/// "safe") says nothing, so the theme needs this many distinct terms.
const CRISISLEX_MIN_TERMS: usize = 2;

/// Topical themes need this many distinct cue words of [`topic_table`].
const TOPIC_MIN_CUES: usize = 2;

/// Topical themes: cue phrase (as [`words`] gives it) → theme ids.
fn topic_table() -> &'static (HashMap<String, Vec<&'static str>>, usize) {
    static T: OnceLock<(HashMap<String, Vec<&'static str>>, usize)> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<String, Vec<&'static str>> = HashMap::new();
        let mut longest = 1;
        for l in TOPICS.lines().filter(|l| !l.starts_with('#')) {
            let Some((theme, cues)) = l.split_once('\t') else {
                continue;
            };
            for cue in cues.split(',') {
                let ws: Vec<String> = words(cue).into_iter().map(|w| w.lower).collect();
                if ws.is_empty() {
                    continue;
                }
                longest = longest.max(ws.len());
                m.entry(ws.join(" ")).or_default().push(theme);
            }
        }
        (m, longest)
    })
}

/// The taxonomy of a `TAX_<ROOT>_<PHRASE>` theme among `roots`.
fn taxonomy_of<'a>(theme: &str, roots: &[&'a str]) -> Option<&'a str> {
    roots
        .iter()
        .find(|r| theme == **r || theme.strip_prefix(**r).is_some_and(|s| s.starts_with('_')))
        .copied()
}

/// Theme matches: (theme, character offset), in text order.
///
/// A `TAX_*` or CrisisLexRec phrase is matched longest first at each word,
/// as GDELT's own lexical themes are, but only where it is evidence:
/// - never for [`AMBIGUOUS_PHRASES`];
/// - peoples, languages, parties and groups only where capitalized
///   ([`PROPER_TAXONOMIES`]), and not inside a capitalized name
///   ([`NAME_SENSITIVE_TAXONOMIES`]: "Charlotte Church");
/// - a language only next to a word that makes it one ("Welsh speakers",
///   "speaks French": [`LANGUAGE_CUES`], [`LANGUAGE_CUES_BEFORE`]), because
///   most of GDELT's language names are also surnames and places, and the
///   others are nationalities ("German bank"); GDELT itself lists a
///   language with every nationality, which we deliberately do not;
/// - CrisisLexRec only with [`CRISISLEX_MIN_TERMS`] distinct terms.
///
/// The topical themes of `data/themes/topics.tsv` (PROTEST, ELECTION,
/// EPU_ECONOMY, …) are listed at each cue of an article holding
/// [`TOPIC_MIN_CUES`] distinct cues of the theme.
pub fn themes(text: &str) -> Vec<(String, usize)> {
    let ws = words(text);
    let (table, longest) = theme_table();
    let capitalized = |w: &WordAt| {
        text.get(w.byte_offset..)
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_uppercase)
    };
    // The word before `i` is a capitalized part of the same name: no
    // sentence break between, not a function word, not itself a people's
    // name ("British Muslims").
    let inside_name = |i: usize| {
        let Some(prev) = i.checked_sub(1).map(|p| &ws[p]) else {
            return false;
        };
        let gap = text.get(prev.byte_offset..ws[i].byte_offset).unwrap_or(".");
        let lower = prev.lower.as_str();
        capitalized(prev)
            && !gap.contains(['.', '!', '?', '\n', ':', ';', '"', '“', '”', '(', ')'])
            && !words::DETERMINERS.contains(&lower)
            && !words::POSSESSIVES.contains(&lower)
            && !words::SUBJECT_PRONOUNS.contains(&lower)
            && !table
                .get(lower)
                .is_some_and(|ts| ts.iter().any(|t| t.starts_with("TAX_ETHNICITY")))
    };
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut crisis_terms: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let mut step = 1;
        for n in (1..=(*longest).min(ws.len() - i)).rev() {
            let phrase: Vec<&str> = ws[i..i + n].iter().map(|w| w.lower.as_str()).collect();
            let phrase = phrase.join(" ");
            let Some((key, ts)) = table.get_key_value(phrase.as_str()) else {
                continue;
            };
            step = n;
            if AMBIGUOUS_PHRASES.contains(key) {
                break;
            }
            let language_cue = ws
                .get(i + n)
                .is_some_and(|w| LANGUAGE_CUES.contains(&w.lower.as_str()))
                || i.checked_sub(1)
                    .is_some_and(|p| LANGUAGE_CUES_BEFORE.contains(&ws[p].lower.as_str()));
            for t in ts {
                if taxonomy_of(t, PROPER_TAXONOMIES).is_some() && !capitalized(&ws[i]) {
                    continue;
                }
                if taxonomy_of(t, NAME_SENSITIVE_TAXONOMIES).is_some() && inside_name(i) {
                    continue;
                }
                if taxonomy_of(t, &["TAX_WORLDLANGUAGES"]).is_some() && !language_cue {
                    continue;
                }
                if *t == "CRISISLEX_CRISISLEXREC" && !crisis_terms.contains(key) {
                    crisis_terms.push(key);
                }
                out.push((t.to_string(), ws[i].char_offset));
            }
            break;
        }
        i += step;
    }
    if crisis_terms.len() < CRISISLEX_MIN_TERMS {
        out.retain(|(t, _)| t != "CRISISLEX_CRISISLEXREC");
    }
    let topics = topics(&ws);
    if !topics.is_empty() {
        out.extend(topics);
        // Stable: at one offset, the taxonomy themes stay first.
        out.sort_by_key(|(_, offset)| *offset);
    }
    out
}

/// The topical themes of [`topic_table`] whose article holds enough
/// distinct cues, at each cue.
fn topics(ws: &[WordAt]) -> Vec<(String, usize)> {
    let (table, longest) = topic_table();
    let mut hits: Vec<(&'static str, &str, usize)> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let mut step = 1;
        for n in (1..=(*longest).min(ws.len() - i)).rev() {
            let phrase: Vec<&str> = ws[i..i + n].iter().map(|w| w.lower.as_str()).collect();
            if let Some((cue, ts)) = table.get_key_value(phrase.join(" ").as_str()) {
                hits.extend(ts.iter().map(|t| (*t, cue.as_str(), ws[i].char_offset)));
                step = n;
                break;
            }
        }
        i += step;
    }
    let mut cues: HashMap<&str, Vec<&str>> = HashMap::new();
    for (t, cue, _) in &hits {
        let seen = cues.entry(t).or_default();
        if !seen.contains(cue) {
            seen.push(cue);
        }
    }
    hits.into_iter()
        .filter(|(t, _, _)| cues.get(t).is_some_and(|c| c.len() >= TOPIC_MIN_CUES))
        .map(|(t, _, offset)| (t.to_string(), offset))
        .collect()
}

const NUMBER_WORDS: &[(&str, u64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("hundred", 100),
    ("hundreds", 100),
    ("thousand", 1000),
    ("thousands", 1000),
    ("dozen", 12),
    ("dozens", 12),
];

const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("m", 1e6),
    ("bn", 1e9),
    ("k", 1e3),
];

/// An amount: a number, the object it counts, and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Amount {
    pub amount: f64,
    pub object: String,
    pub char_offset: usize,
    /// Byte offset of the number, for callers that look around it.
    pub byte_offset: usize,
}

/// Finds amounts: a numeral or number word, an optional scale word
/// ("million"), and the noun phrase after it, up to three words ("people
/// killed" keeps the noun only). "a family of three" gives 3 / family.
pub fn amounts(text: &str) -> Vec<Amount> {
    let ws = words(text);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let w = &ws[i];
        // Numerals keep their thousands separators in the text: read them back.
        let value = if w.lower.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            numeral_at(text, w.byte_offset)
        } else {
            NUMBER_WORDS
                .iter()
                .find(|(n, _)| *n == w.lower)
                .map(|(_, v)| *v as f64)
        };
        let Some(mut value) = value else {
            i += 1;
            continue;
        };
        // Years and times of day are dates, not amounts.
        let is_year = (1800.0..2100.0).contains(&value)
            && !text[w.byte_offset..].contains(',')
            && w.lower.len() == 4;
        let prev = i.checked_sub(1).map(|k| ws[k].lower.as_str());
        // A lower-case month name before the number ("may 5") marks a date.
        let after_month =
            prev.is_some_and(|p| words::MONTHS.iter().any(|m| words::is_lowercase_of(p, m)));
        if is_year || matches!(prev, Some("at" | "on" | "since" | "in")) || after_month {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        // Skip the digits of "65,000" that `words` split off.
        while j < ws.len()
            && ws[j].lower.chars().all(|c| c.is_ascii_digit())
            && ws[j].byte_offset <= ws[j - 1].byte_offset + ws[j - 1].lower.len() + 1
        {
            j += 1;
        }
        if let Some(scale) = ws
            .get(j)
            .and_then(|n| SCALES.iter().find(|(s, _)| *s == n.lower))
        {
            value *= scale.1;
            j += 1;
        }
        // "a family of three": the object is before "of".
        let object =
            if i >= 2 && ws[i - 1].lower == "of" && NUMBER_WORDS.iter().any(|(n, _)| *n == w.lower)
            {
                ws[i - 2].lower.clone()
            } else {
                ws.get(j)
                    .map(|n| n.lower.clone())
                    .filter(|o| !o.chars().all(|c| c.is_ascii_digit()))
                    .unwrap_or_default()
            };
        if !object.is_empty()
            && !matches!(
                object.as_str(),
                "of" | "and" | "or" | "the" | "a" | "to" | "per" | "percent"
            )
            || w.lower.starts_with(|c: char| c.is_ascii_digit()) && !object.is_empty()
        {
            let _ = &chars;
            out.push(Amount {
                amount: value,
                object,
                char_offset: w.char_offset,
                byte_offset: w.byte_offset,
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// Reads "65,000" or "3.5" starting at a byte offset.
fn numeral_at(text: &str, byte: usize) -> Option<f64> {
    let rest = text.get(byte..)?;
    let mut s = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            s.push(c);
        } else if (c == ',' || c == '.') && s.chars().last().is_some_and(|l| l.is_ascii_digit()) {
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.peek().is_some_and(|d| d.is_ascii_digit()) {
                if c == '.' {
                    s.push('.');
                }
            } else {
                break;
            }
        } else {
            break;
        }
        chars.next();
    }
    s.parse().ok()
}

/// GKG count types from the verb near an amount: "12 people were killed".
pub fn count_type(text: &str, a: &Amount) -> Option<&'static str> {
    let after: String = text
        .get(a.byte_offset..)?
        .chars()
        .take(60)
        .collect::<String>()
        .to_lowercase();
    const RULES: &[(&str, &str)] = &[
        ("killed", "KILL"),
        ("dead", "KILL"),
        ("died", "KILL"),
        ("wounded", "WOUND"),
        ("injured", "WOUND"),
        ("arrested", "ARREST"),
        ("detained", "ARREST"),
        ("kidnapped", "KIDNAP"),
        ("abducted", "KIDNAP"),
        ("protesters", "PROTEST"),
        ("displaced", "DISPLACED"),
        ("evacuated", "EVACUATION"),
    ];
    RULES
        .iter()
        .find(|(w, _)| after.contains(w))
        .map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_counts_positive_and_negative_words() {
        let t = tone("We welcome the good news, but the attack was terrible.");
        assert_eq!(t.word_count, 10);
        assert!(t.positive > 0.0 && t.negative > 0.0);
        assert!((t.tone - (t.positive - t.negative)).abs() < 1e-9);
        assert!(t.self_group > 0.0);
        assert_eq!(tone("").word_count, 0);
        assert!(!t.to_field().contains('e'));
    }

    #[test]
    fn amounts_from_numerals_and_words() {
        let a = amounts("A family of three got a £65,000 settlement after 12 people were killed and 2.5 million left.");
        let got: Vec<(f64, &str)> = a.iter().map(|x| (x.amount, x.object.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (3.0, "family"),
                (65000.0, "settlement"),
                (12.0, "people"),
                (2_500_000.0, "left")
            ]
        );
        assert_eq!(
            count_type(
                "12 people were killed",
                &amounts("12 people were killed")[0]
            ),
            Some("KILL")
        );
        assert!(amounts("In 2023 at 10 they met").is_empty());
    }

    #[test]
    fn themes_with_offsets() {
        let t = themes("The foreign minister met the president.");
        assert!(
            t.contains(&("TAX_FNCACT_FOREIGN_MINISTER".to_string(), 4)),
            "{t:?}"
        );
        assert!(t.iter().any(|(th, _)| th == "TAX_FNCACT_PRESIDENT"));
    }

    fn theme_names(text: &str) -> Vec<String> {
        themes(text).into_iter().map(|(t, _)| t).collect()
    }

    /// Issue 23, item 14: one ambiguous word is not a theme.
    #[test]
    fn issue_23_themes_need_evidence() {
        // Pronouns, common words, colours and surnames are not peoples or
        // languages.
        let t = theme_names(
            "She said the talks were among the best. Terri Walker and Charlotte Church \
             sang; White was on the bench and the democrats of the club met.",
        );
        for noise in [
            "TAX_ETHNICITY_SHE",
            "TAX_WORLDLANGUAGES_AMONG",
            "TAX_WORLDLANGUAGES_WALKER",
            "TAX_RELIGION_CHURCH",
            "TAX_ETHNICITY_WHITE",
            "TAX_ETHNICITY_BENCH",
            "TAX_POLITICAL_PARTY_DEMOCRATS",
        ] {
            assert!(!t.iter().any(|x| x == noise), "{noise} in {t:?}");
        }
        // A nationality is not a language.
        assert!(!theme_names("The German bank said no.")
            .iter()
            .any(|x| x == "TAX_WORLDLANGUAGES_GERMAN"));
        assert!(theme_names("She speaks German at home.")
            .iter()
            .any(|x| x == "TAX_WORLDLANGUAGES_GERMAN"));
        // The real thing still counts.
        let t = theme_names(
            "The French minister met Democrats. Welsh speakers and American Muslims \
             gathered at the church.",
        );
        for real in [
            "TAX_ETHNICITY_FRENCH",
            "TAX_WORLDLANGUAGES_WELSH",
            "TAX_RELIGION_MUSLIMS",
            "TAX_RELIGION_CHURCH",
            "TAX_POLITICAL_PARTY_DEMOCRATS",
        ] {
            assert!(t.iter().any(|x| x == real), "{real} not in {t:?}");
        }
        // One crisis word is not a crisis.
        assert!(!theme_names("Please help me.")
            .iter()
            .any(|x| x == "CRISISLEX_CRISISLEXREC"));
    }

    /// Issue 23, item 14: topical themes need two distinct cues.
    #[test]
    fn issue_23_topical_themes() {
        let t = themes("Protesters held a rally outside parliament; the protest was peaceful.");
        let protest: Vec<usize> = t
            .iter()
            .filter(|(x, _)| x == "PROTEST")
            .map(|(_, o)| *o)
            .collect();
        assert_eq!(protest, [0, 18, 48], "{t:?}");
        let t =
            theme_names("Voters go to the polls in the general election, and the economy slowed.");
        assert!(t.iter().any(|x| x == "ELECTION"), "{t:?}");
        assert!(!t.iter().any(|x| x == "EPU_ECONOMY"), "one cue only: {t:?}");
        assert!(!theme_names("A strike in the final minute.")
            .iter()
            .any(|x| x == "STRIKE"));
    }

    #[test]
    fn floats_print_plainly() {
        assert_eq!(fmt_float(2.5), "2.5");
        // Issue 23, item 6: no binary noise after a value's own decimals.
        assert_eq!(fmt_float(42.8333), "42.8333");
        assert_eq!(fmt_float((42.83333 * 1e4f64).round() / 1e4), "42.8333");
        assert_eq!(fmt_float(-0.3), "-0.3");
        assert_eq!(fmt_float(7.0), "7");
        assert_eq!(fmt_float(-0.0), "0");
        assert_eq!(fmt_float(1e-20), "0");
        assert_eq!(fmt_float(f64::NAN), "0");
    }
}
