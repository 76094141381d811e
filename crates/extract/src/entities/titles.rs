//! Title runs: a title glued to the name that follows it, split from it.
//!
//! News writes offices as long capitalized runs before a name: "Minister of
//! National Defense Kim Yong-hyun", "Head of the Presidential
//! Administration Andriy Yermak", "Homeland Security Secretary Kristi Noem".
//! A CoNLL-trained recognizer reads such a run as one organization ("National
//! Defense Kim") or leaves a stray piece of it ("Interior", "Agriculture").
//! Here the run is read from the words, before the spans are trusted: the
//! office (head word, words before it, "of"/"for" and the organization's
//! words) becomes the person's title, the organization inside it the
//! person's affiliation, and only what follows is the name. A recognizer
//! span inside the office is dropped (it is never an entity of its own),
//! one that crosses into the name is cut to the name, and a name the
//! recognizer missed is added as a person.
//!
//! Only runs with an organization part or words before the head are read
//! here; a bare "President Putin" stays with the recognizer and
//! `mentions::build`, which already read it well, and "General Motors" is
//! never mistaken for a title.

use super::mentions::PARTY_WORDS;
use newsgraph_doc::EntityType;
use newsgraph_nlp::ner::gazetteer::{list, Gazetteer};
use std::ops::Range;

/// One office before a name (or standing alone).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TitleRun {
    /// Tokens of the office: "Minister of National Defense".
    pub title: Range<usize>,
    /// Tokens of the name after it, if any: "Kim Yong-hyun".
    pub name: Option<Range<usize>>,
    /// The office as written, spaces normalized.
    pub title_text: String,
    /// The organization the office belongs to: "Ministry of National Defense".
    pub affiliation: Option<String>,
}

/// Words an office's organization is made of ("Ministry of *Energy and
/// Mines*", "*Homeland Security* Secretary"), compared lower-case. A
/// capitalized word outside this list (and not a known organization) starts
/// the name.
const OFFICE_WORDS: &[&str] = &[
    "administration",
    "affairs",
    "agency",
    "agrarian",
    "agriculture",
    "air",
    "armed",
    "army",
    "arts",
    "assembly",
    "authority",
    "aviation",
    "bank",
    "budget",
    "cabinet",
    "central",
    "children",
    "citizenship",
    "climate",
    "commerce",
    "commission",
    "committee",
    "communications",
    "community",
    "cooperation",
    "council",
    "court",
    "culture",
    "customs",
    "defence",
    "defense",
    "department",
    "development",
    "digital",
    "disaster",
    "economic",
    "economy",
    "education",
    "electricity",
    "emergencies",
    "emergency",
    "employment",
    "energy",
    "environment",
    "exchequer",
    "external",
    "families",
    "family",
    "finance",
    "financial",
    "fisheries",
    "food",
    "force",
    "forces",
    "foreign",
    "forestry",
    "gas",
    "general",
    "government",
    "guard",
    "health",
    "heritage",
    "highways",
    "home",
    "homeland",
    "housing",
    "immigration",
    "industries",
    "industry",
    "information",
    "infrastructure",
    "integration",
    "intelligence",
    "interior",
    "internal",
    "international",
    "investment",
    "joint",
    "justice",
    "labor",
    "labour",
    "land",
    "lands",
    "livestock",
    "local",
    "mainland",
    "management",
    "maritime",
    "media",
    "migration",
    "mines",
    "mining",
    "ministry",
    "national",
    "natural",
    "navy",
    "office",
    "oil",
    "parliament",
    "petroleum",
    "planning",
    "police",
    "ports",
    "power",
    "presidential",
    "prisons",
    "procurement",
    "prosecutions",
    "public",
    "railways",
    "reconstruction",
    "refugees",
    "regional",
    "relations",
    "resources",
    "revenue",
    "roads",
    "rural",
    "science",
    "security",
    "service",
    "services",
    "situations",
    "social",
    "sport",
    "sports",
    "staff",
    "state",
    "strategic",
    "taxation",
    "technology",
    "telecommunications",
    "territorial",
    "tourism",
    "trade",
    "transport",
    "transportation",
    "treasury",
    "unification",
    "urban",
    "veterans",
    "water",
    "welfare",
    "wildlife",
    "women",
    "works",
    "youth",
];

/// Lower-case heads that start an office only with "of"/"for" after them:
/// "the head of the Presidential Office Kyrylo Tymoshenko".
const LOWER_HEADS: &[&str] = &[
    "head",
    "chief",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "director",
    "secretary",
    "minister",
    "governor",
    "chairman",
    "chairwoman",
    "chair",
    "commander",
];

/// Words that sharpen a head before it: "First Deputy Prime Minister".
const HEAD_MODIFIERS: &[&str] = &["first", "deputy", "vice", "acting", "interim", "senior"];

/// Lower-case particles inside a name ("Mohammed bin Salman").
pub(crate) const PARTICLES: &[&str] = &[
    "al", "el", "ad", "ash", "bin", "ibn", "bint", "da", "das", "de", "del", "della", "di", "do",
    "dos", "du", "van", "von", "der", "den", "ter", "la", "le", "y",
];

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_office_word(w: &str, gaz: &Gazetteer) -> bool {
    let l = w.to_lowercase();
    OFFICE_WORDS.contains(&l.as_str()) || (starts_upper(w) && gaz.flags(&[w]) & list::ORG != 0)
}

/// The end of a capitalized head (a title or role phrase of up to three
/// words) starting at `k`, or of a lower-case head followed by "of"/"for".
fn head_at(words: &[&str], k: usize, end: usize, gaz: &Gazetteer) -> Option<usize> {
    let w = words[k];
    if starts_upper(w) {
        if let Some(e) = (1..=3.min(end - k))
            .rev()
            .map(|n| k + n)
            .find(|&e| gaz.flags(&words[k..e]) & (list::TITLE | list::ROLE) != 0)
        {
            return Some(e);
        }
        // "Secretary-General", "Vice-President".
        let hyph = w
            .split('-')
            .all(|p| gaz.flags(&[p]) & (list::TITLE | list::ROLE) != 0);
        return (w.contains('-') && hyph).then_some(k + 1);
    }
    (LOWER_HEADS.contains(&w) && k + 1 < end && matches!(words[k + 1], "of" | "for"))
        .then_some(k + 1)
}

/// The end of a name starting at `k`: capitalized words, particles between
/// them ("bin", "al" "-"), a regnal number or "Jr"; at most six tokens.
pub(crate) fn name_end(words: &[&str], k: usize, end: usize) -> usize {
    let mut e = k;
    while e < end && e - k < 6 {
        let w = words[e];
        if starts_upper(w) && w.chars().any(char::is_alphabetic) {
            e += 1;
        } else if PARTICLES.contains(&w) && e + 1 < end {
            // "al" "-" "Sadr" or "bin" "Salman": a particle only counts
            // when a capitalized word follows.
            let next = if words[e + 1] == "-" { e + 2 } else { e + 1 };
            if next < end && starts_upper(words[next]) {
                e = next;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    e
}

/// Finds the title runs in one sentence's tokens `sent`.
pub(crate) fn find(words: &[&str], sent: Range<usize>, gaz: &Gazetteer) -> Vec<TitleRun> {
    let mut runs = Vec::new();
    let mut k = sent.start;
    while k < sent.end {
        let Some(he) = head_at(words, k, sent.end, gaz) else {
            k += 1;
            continue;
        };
        // Words before the head: "Homeland Security Secretary", "First
        // Deputy Prime Minister"; never a country, place or people ("Seoul's",
        // "Russian").
        // A party before a title ("Labour MP") is no part of the office.
        let is_pre = |w: &str| {
            let lw = w.to_lowercase();
            starts_upper(w)
                && (OFFICE_WORDS.contains(&lw.as_str()) || HEAD_MODIFIERS.contains(&lw.as_str()))
                && !PARTY_WORDS.contains(&w)
                && gaz.flags(&[w]) & (list::COUNTRY | list::PLACE | list::DEMONYM) == 0
        };
        let mut start = k;
        while start > sent.start {
            if is_pre(words[start - 1]) {
                start -= 1;
            } else if start >= sent.start + 2
                && start < k
                && matches!(words[start - 1], "and" | "&" | ",")
                && is_pre(words[start - 2])
            {
                // "Trade and Industry Secretary", "Culture, Media and Sport Secretary".
                start -= 2;
            } else {
                break;
            }
        }
        // The organization after "of"/"for": office words, known
        // organizations and the connectors between them.
        let mut org: Option<Range<usize>> = None;
        let mut e = he;
        if e < sent.end && matches!(words[e], "of" | "for") {
            let mut j = e + 1;
            while j < sent.end && words[j].eq_ignore_ascii_case("the") {
                j += 1;
            }
            let org_start = j;
            let mut last = None;
            while j < sent.end {
                let w = words[j];
                if starts_upper(w) && is_office_word(w, gaz) {
                    last = Some(j + 1);
                    j += 1;
                } else if matches!(w, "and" | "&" | "," | "of" | "for" | "the") {
                    j += 1;
                } else {
                    break;
                }
            }
            if let Some(oe) = last {
                org = Some(org_start..oe);
                e = oe;
            } else if let Some(pe) = (1..=4.min(sent.end - org_start))
                .rev()
                .map(|n| org_start + n)
                .find(|&pe| gaz.flags(&words[org_start..pe]) & list::COUNTRY != 0)
            {
                // "President of France Emmanuel Macron", "Supreme Leader of
                // North Korea": with no office word first, a country (the
                // longest one written) is the office's own.
                e = pe;
                org = Some(org_start..e);
            }
        }
        let complex = start < k || org.is_some() || he - k > 1;
        if !complex {
            k = he;
            continue;
        }
        let mut name = None;
        if e < sent.end && starts_upper(words[e]) && !is_office_word(words[e], gaz) {
            let ne = name_end(words, e, sent.end);
            let is_title = gaz.flags(&words[e..e + 1]) & (list::TITLE | list::HONORIFIC) != 0;
            // One word is a name only when the lists know it ("Minister for
            // Defence Procurement": "Procurement" is no one); a possessive
            // after it makes the run an organization's name ("the
            // Information Commissioner's Office").
            let known_name =
                ne - e > 1 || gaz.flags(&words[e..ne]) & (list::FIRST_NAME | list::SURNAME) != 0;
            let possessive = ne < sent.end && matches!(words[ne], "'s" | "’s");
            if ne > e
                && !is_title
                && known_name
                && !possessive
                && looks_like_person(&words[e..ne], gaz)
            {
                name = Some(e..ne);
            }
        }
        // A run with no name is only an office when a capitalized head
        // names an organization ("the Minister of Agriculture said"); "a
        // spokesman for the Ministry of Foreign Affairs" names the ministry
        // itself, and "Prime Minister" alone needs nothing done.
        if name.is_some() || (org.is_some() && starts_upper(words[k])) {
            let title_text = join(&words[start..e]);
            let affiliation = match &org {
                Some(o) => affiliation(words, k..he, o.clone()),
                None => affiliation_before(words, start..he),
            };
            runs.push(TitleRun {
                title: start..e,
                name: name.clone(),
                title_text,
                affiliation,
            });
        }
        k = name.map_or(e, |n| n.end).max(k + 1);
    }
    runs
}

/// Last words that make a capitalized run an organization or a place, not
/// a person ("Swansea Bay Race Equality Council", "Hospitals NHS Trust").
const NON_PERSON_HEADS: &[&str] = &[
    "council",
    "trust",
    "party",
    "office",
    "committee",
    "association",
    "club",
    "group",
    "company",
    "bank",
    "university",
    "school",
    "college",
    "hospital",
    "hospitals",
    "service",
    "agency",
    "commission",
    "board",
    "union",
    "league",
    "division",
    "court",
    "department",
    "ministry",
    "institute",
    "foundation",
    "fund",
    "authority",
    "act",
    "bill",
    "says",
];

/// Can these words after an office be a person's name? Not when they end
/// like an organization or hold a place or organization (a word that is
/// also a given name or surname, "Israel", is allowed).
fn looks_like_person(name: &[&str], gaz: &Gazetteer) -> bool {
    let last = name.last().map(|w| w.to_lowercase()).unwrap_or_default();
    !NON_PERSON_HEADS.contains(&last.as_str())
        && name.iter().all(|w| {
            let f = gaz.flags(&[w]);
            f & (list::PLACE | list::COUNTRY | list::ORG) == 0
                || f & (list::FIRST_NAME | list::SURNAME) != 0
        })
}

/// Words joined by spaces, with no space before a comma.
fn join(words: &[&str]) -> String {
    let mut s = String::new();
    for w in words {
        if !s.is_empty() && *w != "," {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

/// The organization of "HEAD of ORG": a minister's is the ministry
/// ("Minister of Agriculture" → "Ministry of Agriculture"), anyone else's
/// the organization as written ("Presidential Office", "NATO").
fn affiliation(words: &[&str], head: Range<usize>, org: Range<usize>) -> Option<String> {
    let org_text = join(&words[org.clone()]);
    let head_last = words[head.end - 1].to_lowercase();
    let first = words[org.start].to_lowercase();
    let named = matches!(
        first.as_str(),
        "ministry" | "department" | "office" | "council" | "bank" | "commission" | "agency"
    ) || org.len() > 1
        && OFFICE_WORDS.contains(&words[org.end - 1].to_lowercase().as_str())
        && matches!(
            words[org.end - 1].to_lowercase().as_str(),
            "office" | "administration" | "council" | "bank" | "staff" | "commission" | "agency"
        );
    Some(match head_last.as_str() {
        "minister" if !named => format!("Ministry of {org_text}"),
        _ => org_text,
    })
}

/// The organization of "WORDS HEAD": "Interior Minister" → "Interior
/// Ministry"; other heads give none (a "Defence Secretary" has no single
/// spelling of his department), nor do titles ("Prime Minister").
fn affiliation_before(words: &[&str], office: Range<usize>) -> Option<String> {
    let (head, before) = words[office].split_last()?;
    let named: Vec<&str> = before
        .iter()
        .copied()
        .filter(|w| !HEAD_MODIFIERS.contains(&w.to_lowercase().as_str()))
        .collect();
    let all_office = named
        .iter()
        .all(|w| OFFICE_WORDS.contains(&w.to_lowercase().as_str()));
    (head.eq_ignore_ascii_case("minister") && !named.is_empty() && all_office)
        .then(|| format!("{} Ministry", join(&named)))
}

/// Where the recognizer found a person inside a run's name ("Director of
/// Public Prosecutions [Ken Macdonald]"), the name starts there: the words
/// before it belong to the office.
pub(crate) fn anchor_names(
    runs: &mut [TitleRun],
    spans: &[(Range<usize>, EntityType)],
    words: &[&str],
) {
    for run in runs.iter_mut() {
        let Some(n) = run.name.clone() else {
            continue;
        };
        let inner = spans
            .iter()
            .find(|(r, ty)| *ty == EntityType::Person && r.start > n.start && r.start < n.end);
        if let Some((r, _)) = inner {
            run.title.end = r.start;
            run.name = Some(r.start..n.end.max(r.end));
            run.title_text = join(&words[run.title.clone()]);
        }
    }
}

/// Applies the runs to recognizer spans: spans inside an office are dropped
/// (a place there — "President of France" — stays), spans crossing from the
/// office into its name are cut to the name as a person, and a name with no
/// span gets one.
pub(crate) fn apply(
    spans: Vec<(Range<usize>, EntityType)>,
    runs: &[TitleRun],
    words: &[&str],
    gaz: &Gazetteer,
) -> Vec<(Range<usize>, EntityType)> {
    let mut out: Vec<(Range<usize>, EntityType)> = Vec::with_capacity(spans.len());
    for (r, ty) in spans {
        let Some(run) = runs
            .iter()
            .find(|run| r.start < run.title.end && run.title.start < r.end)
        else {
            out.push((r, ty));
            continue;
        };
        if r.start < run.title.start && r.end <= run.title.end {
            // An organization that ends in a word the lists also know as a
            // role ("UK Independence [Party leader]"): the recognizer's name
            // stands.
            out.push((r, ty));
            continue;
        }
        if r.start < run.title.start {
            // "Seoul's Minister …" read as one span: what comes before the
            // office is kept on its own, unless it is office words too.
            let before = &words[r.start..run.title.start];
            if !before
                .iter()
                .all(|w| is_office_word(w, gaz) || matches!(*w, "and" | "&" | ","))
            {
                out.push((r.start..run.title.start, ty));
            }
            continue;
        }
        if r.end <= run.title.end {
            let place = gaz.flags(&words[r.clone()]) & (list::COUNTRY | list::PLACE) != 0;
            if place && ty != EntityType::Person {
                out.push((r, ty));
            }
            continue;
        }
        // The span runs on into the name.
        if let Some(name) = &run.name {
            out.push((name.start..r.end.max(name.end), EntityType::Person));
        }
    }
    for run in runs {
        if let Some(name) = &run.name {
            if !out
                .iter()
                .any(|(r, _)| r.start < name.end && name.start < r.end)
            {
                out.push((name.clone(), EntityType::Person));
            }
        }
    }
    out.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let words: Vec<&str> = text.split(' ').collect();
        find(&words, 0..words.len(), Gazetteer::embedded())
            .into_iter()
            .map(|r| {
                (
                    r.title_text,
                    r.name.map(|n| words[n].join(" ")),
                    r.affiliation,
                )
            })
            .collect()
    }

    fn one(text: &str, title: &str, name: Option<&str>, affiliation: Option<&str>) {
        assert_eq!(
            runs(text),
            vec![(
                title.to_string(),
                name.map(str::to_string),
                affiliation.map(str::to_string)
            )],
            "{text}"
        );
    }

    #[test]
    fn offices_with_an_organization_split_from_the_name() {
        one(
            "Seoul 's Minister of National Defense Kim Yong-hyun said",
            "Minister of National Defense",
            Some("Kim Yong-hyun"),
            Some("Ministry of National Defense"),
        );
        one(
            "The head of the Presidential Office Kyrylo Tymoshenko said",
            "head of the Presidential Office",
            Some("Kyrylo Tymoshenko"),
            Some("Presidential Office"),
        );
        one(
            "US Secretary of Defense Pete Hegseth arrived",
            "Secretary of Defense",
            Some("Pete Hegseth"),
            Some("Defense"),
        );
        one(
            "Minister of Economy , Trade and Industry Yoji Muto will",
            "Minister of Economy, Trade and Industry",
            Some("Yoji Muto"),
            Some("Ministry of Economy, Trade and Industry"),
        );
        one(
            "The Secretary-General of NATO Mark Rutte urged",
            "Secretary-General of NATO",
            Some("Mark Rutte"),
            Some("NATO"),
        );
    }

    #[test]
    fn words_before_the_head_belong_to_the_office() {
        one(
            "Interior Minister Ihor Klymenko said",
            "Interior Minister",
            Some("Ihor Klymenko"),
            Some("Interior Ministry"),
        );
        one(
            "Homeland Security Secretary Kristi Noem toured",
            "Homeland Security Secretary",
            Some("Kristi Noem"),
            None,
        );
    }

    #[test]
    fn an_office_without_a_name_is_still_an_office() {
        one(
            "The Minister of Agriculture said",
            "Minister of Agriculture",
            None,
            Some("Ministry of Agriculture"),
        );
    }

    #[test]
    fn a_country_first_in_the_name_is_the_name() {
        // "Israel" is both a country and a given name; after an office word
        // the name starts.
        one(
            "Minister of Defence Israel Katz said",
            "Minister of Defence",
            Some("Israel Katz"),
            Some("Ministry of Defence"),
        );
        one(
            "President of France Emmanuel Macron said",
            "President of France",
            Some("Emmanuel Macron"),
            Some("France"),
        );
    }

    #[test]
    fn a_country_of_several_words_is_read_whole() {
        // Not a person "Korea" titled "Supreme Leader of North".
        for r in runs("Kim Jong-un , the Supreme Leader of North Korea , has arrived") {
            assert_eq!(r.1, None, "{r:?}");
        }
    }

    #[test]
    fn bare_titles_and_companies_are_left_alone() {
        assert!(runs("President Vladimir Putin said").is_empty());
        assert!(runs("General Motors said").is_empty());
        assert!(runs("The Ministry of National Defense said").is_empty());
    }

    #[test]
    fn particles_stay_inside_names() {
        let w: Vec<&str> = "Mohammed bin Salman and Moqtada al - Sadr met"
            .split(' ')
            .collect();
        assert_eq!(name_end(&w, 0, w.len()), 3);
        assert_eq!(name_end(&w, 4, w.len()), 8);
    }

    #[test]
    fn spans_inside_an_office_go_and_crossing_spans_become_the_name() {
        let text = "Seoul 's Minister of National Defense Kim Yong-hyun said";
        let words: Vec<&str> = text.split(' ').collect();
        let gaz = Gazetteer::embedded();
        let runs = find(&words, 0..words.len(), gaz);
        let spans = vec![(0..1, EntityType::Gpe), (4..7, EntityType::Org)];
        let out = apply(spans, &runs, &words, gaz);
        assert_eq!(
            out,
            vec![(0..1, EntityType::Gpe), (6..8, EntityType::Person)]
        );
        let out = apply(vec![(5..6, EntityType::Misc)], &runs, &words, gaz);
        assert_eq!(out, vec![(6..8, EntityType::Person)]);
    }
}
