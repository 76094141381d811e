//! Gazetteers compiled into the binary: places, countries, demonyms, first
//! names, surnames, organizations, titles and role nouns (see
//! `data/gazetteers/NOTICE.md` for sources and licences).
//!
//! The recognizer reads them as features (a phrase match marks each token it
//! covers with its BILOU position per list), and the entity stage reads them
//! as facts ("Russian" is the demonym of Russia, "leader" is a role noun).
//! Phrases are matched case-insensitively, token by token, through a 64-bit
//! hash of the lower-cased words, so matching allocates nothing.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Hasher for keys that are already 64-bit hashes of words or phrases
/// ([`mix`] outputs): SipHash over them again cost more than the lookups
/// it served. It folds the high half into the low half, because the table
/// takes its bucket index from the low bits and a multiplicative hash
/// mixes its high bits best. Not keyed: tables of one article's words are
/// small and bounded with the article.
#[derive(Default, Clone, Copy)]
pub(crate) struct HashKeyHasher(u64);
impl Hasher for HashKeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n ^ (n >> 32);
    }
}
/// A map keyed by a word or phrase hash.
pub(crate) type HashKeyMap<V> = HashMap<u64, V, BuildHasherDefault<HashKeyHasher>>;
/// A set of word or phrase hashes.
pub(crate) type HashKeySet = HashSet<u64, BuildHasherDefault<HashKeyHasher>>;

/// One bit per list. A phrase can be on several lists ("Jordan" is a country
/// and a first name); the bits keep that ambiguity for the model to weigh.
pub mod list {
    pub const COUNTRY: u16 = 1 << 0;
    pub const PLACE: u16 = 1 << 1;
    pub const DEMONYM: u16 = 1 << 2;
    pub const FIRST_NAME: u16 = 1 << 3;
    pub const SURNAME: u16 = 1 << 4;
    pub const ORG: u16 = 1 << 5;
    pub const HONORIFIC: u16 = 1 << 6;
    pub const TITLE: u16 = 1 << 7;
    pub const ROLE: u16 = 1 << 8;
    /// Full names of office-holders.
    pub const PERSON: u16 = 1 << 9;
    /// Number of lists (bits in use).
    pub const N: usize = 10;
}

/// Marks, in the phrase table, the first words of a longer phrase (on no
/// list by themselves): the matcher stops extending a match at a prefix
/// no phrase has, instead of hashing every run of up to
/// [`MAX_PHRASE_TOKENS`] words.
const PREFIX: u16 = 1 << 15;

/// The longest phrase, in tokens, the matcher tries.
const MAX_PHRASE_TOKENS: usize = 6;

const COUNTRIES: &str = include_str!("../../../../data/gazetteers/countries.tsv");
const PLACES: &str = include_str!("../../../../data/gazetteers/places.tsv");
const DEMONYMS: &str = include_str!("../../../../data/gazetteers/demonyms.tsv");
const FIRST_NAMES: &str = include_str!("../../../../data/gazetteers/first_names.txt");
const SURNAMES: &str = include_str!("../../../../data/gazetteers/surnames.txt");
const ORGS: &str = include_str!("../../../../data/gazetteers/orgs.txt");
const PEOPLE: &str = include_str!("../../../../data/gazetteers/people.txt");
const TITLES: &str = include_str!("../../../../data/gazetteers/titles.tsv");

/// A demonym's country: "North Korean" → ("PRK", "North Korea").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nationality {
    pub code: String,
    pub country: String,
}

/// All lists, keyed by the hash of a phrase's lower-cased words.
pub struct Gazetteer {
    flags: HashKeyMap<u16>,
    demonyms: HashMap<String, Nationality>,
    /// Upper-case country code → the country's name, for affiliations.
    country_names: HashMap<String, String>,
    /// Phrase hash → country code, for country names, capitals and demonyms.
    country_codes: HashKeyMap<String>,
    /// A fingerprint of all list contents; a model records the one it was
    /// trained with, since its gazetteer weights mean nothing with other lists.
    pub fingerprint: u64,
}

/// FxHash-style mixing step: fast, and good enough for feature keys.
#[inline]
pub(crate) fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Hash of a word, lower-cased on the fly.
#[inline]
pub(crate) fn hash_lower(mut h: u64, word: &str) -> u64 {
    for c in word.chars() {
        if c.is_ascii() {
            h = mix(h, c.to_ascii_lowercase() as u64);
        } else {
            for l in c.to_lowercase() {
                h = mix(h, l as u64);
            }
        }
    }
    h
}

const PHRASE_SEED: u64 = 0x9e37_79b9_7f4a_7c15;
/// Marks a word boundary inside a phrase hash.
const WORD_SEP: u64 = 0x2f;

/// Hash of a phrase given as words (case-insensitive).
pub fn phrase_hash<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h = PHRASE_SEED;
    for (i, w) in words.into_iter().enumerate() {
        if i > 0 {
            h = mix(h, WORD_SEP);
        }
        h = hash_lower(h, w);
    }
    h
}

/// The data lines of a list: comments and blank lines dropped, first column.
fn entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.splitn(2, '\t');
            let first = cols.next().unwrap_or("").trim();
            (first, cols.next().unwrap_or(""))
        })
}

/// Plural of a demonym used as a noun: "Russians", "Israelis"; "the French",
/// "the Swiss" and "the Chinese" take none.
fn demonym_plural(d: &str) -> Option<String> {
    let l = d.to_ascii_lowercase();
    if l.ends_with("sh") || l.ends_with("ch") || l.ends_with("ss") || l.ends_with("ese") {
        None
    } else {
        Some(format!("{d}s"))
    }
}

impl Gazetteer {
    /// The lists compiled into the binary, built once per process.
    pub fn embedded() -> &'static Gazetteer {
        static GAZ: OnceLock<Gazetteer> = OnceLock::new();
        GAZ.get_or_init(Gazetteer::build)
    }

    fn build() -> Gazetteer {
        let mut g = Gazetteer {
            flags: HashKeyMap::with_capacity_and_hasher(130_000, Default::default()),
            demonyms: HashMap::new(),
            country_names: HashMap::new(),
            country_codes: HashKeyMap::default(),
            fingerprint: 0,
        };
        let mut fp = PHRASE_SEED;
        for (text, bit) in [
            (COUNTRIES, list::COUNTRY),
            (PLACES, list::PLACE),
            (FIRST_NAMES, list::FIRST_NAME),
            (SURNAMES, list::SURNAME),
            (ORGS, list::ORG),
            (PEOPLE, list::PERSON),
        ] {
            fp = hash_lower(fp, text);
            for (phrase, _) in entries(text) {
                g.add(phrase, bit);
            }
        }
        for (phrase, rest) in entries(COUNTRIES) {
            let code = rest.split('\t').next().unwrap_or("").to_string();
            if !code.is_empty() {
                let words = phrase.split_whitespace();
                g.country_codes
                    .entry(phrase_hash(words))
                    .or_insert_with(|| code.clone());
                g.country_names
                    .entry(code)
                    .or_insert_with(|| phrase.to_string());
            }
        }
        fp = hash_lower(fp, DEMONYMS);
        for (phrase, rest) in entries(DEMONYMS) {
            let mut cols = rest.split('\t');
            let nat = Nationality {
                code: cols.next().unwrap_or("").to_string(),
                country: cols.next().unwrap_or("").to_string(),
            };
            g.country_names
                .insert(nat.code.clone(), nat.country.clone());
            let country_words = nat.country.split_whitespace();
            g.country_codes
                .insert(phrase_hash(country_words), nat.code.clone());
            g.country_codes
                .insert(phrase_hash(phrase.split_whitespace()), nat.code.clone());
            g.add(phrase, list::DEMONYM);
            g.demonyms.insert(phrase.to_lowercase(), nat.clone());
            if let Some(p) = demonym_plural(phrase) {
                g.add(&p, list::DEMONYM);
                g.country_codes
                    .insert(phrase_hash(p.split_whitespace()), nat.code.clone());
                g.demonyms.insert(p.to_lowercase(), nat);
            }
        }
        fp = hash_lower(fp, TITLES);
        for (phrase, kind) in entries(TITLES) {
            let bit = match kind.trim() {
                "honorific" => list::HONORIFIC,
                "title" => list::TITLE,
                _ => list::ROLE,
            };
            g.add(phrase, bit);
        }
        g.fingerprint = fp;
        g
    }

    fn add(&mut self, phrase: &str, bit: u16) {
        let n = phrase.split_whitespace().count();
        if n == 0 || n > MAX_PHRASE_TOKENS {
            return;
        }
        // Built as `phrase_hash` builds it: the hash after k words is the
        // hash of the phrase's first k words, marked as a prefix on the way.
        let mut h = PHRASE_SEED;
        for (i, w) in phrase.split_whitespace().enumerate() {
            if i > 0 {
                h = mix(h, WORD_SEP);
            }
            h = hash_lower(h, w);
            *self.flags.entry(h).or_insert(0) |= if i + 1 == n { bit } else { PREFIX };
        }
    }

    /// The lists a phrase (given as words) is on.
    pub fn flags(&self, words: &[&str]) -> u16 {
        if words.is_empty() || words.len() > MAX_PHRASE_TOKENS {
            return 0;
        }
        self.flags
            .get(&phrase_hash(words.iter().copied()))
            .map_or(0, |&bits| bits & !PREFIX)
    }

    /// The lists a phrase written with spaces is on.
    pub fn phrase_flags(&self, phrase: &str) -> u16 {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        self.flags(&words)
    }

    /// The country a demonym ("Russian", "North Koreans") belongs to.
    pub fn nationality(&self, phrase: &str) -> Option<&Nationality> {
        self.demonyms.get(&phrase.to_lowercase())
    }

    /// The country code of a country name, capital or demonym ("Russian
    /// Federation", "Moscow", "Russians" → "RUS").
    pub fn country_code(&self, words: &[&str]) -> Option<&str> {
        self.country_codes
            .get(&phrase_hash(words.iter().copied()))
            .map(|s| s.as_str())
    }

    /// The name of a country given its code from the lists.
    pub fn country_name(&self, code: &str) -> Option<&str> {
        self.country_names.get(code).map(|s| s.as_str())
    }

    /// For each token, per list, its BILOU position inside the longest match
    /// covering it: 0 none, 1 begin, 2 inside, 3 last, 4 unit.
    pub fn positions(&self, words: &[&str]) -> Vec<[u8; list::N]> {
        let n = words.len();
        let mut best_len = vec![[0u8; list::N]; n];
        let mut pos = vec![[0u8; list::N]; n];
        for start in 0..n {
            let mut h = PHRASE_SEED;
            for len in 1..=MAX_PHRASE_TOKENS.min(n - start) {
                if len > 1 {
                    h = mix(h, WORD_SEP);
                }
                h = hash_lower(h, words[start + len - 1]);
                // Every prefix of a listed phrase is in the table, so a
                // miss here means no longer phrase from `start` matches.
                let Some(&bits) = self.flags.get(&h) else {
                    break;
                };
                mark_match(&mut best_len, &mut pos, start, len, bits);
            }
        }
        pos
    }
}

/// Records that words `start..start + len` match a phrase of the lists in
/// `bits`: each word keeps its place (1 first, 2 inside, 3 last, 4 alone) in
/// the longest match per list.
fn mark_match(
    best_len: &mut [[u8; list::N]],
    pos: &mut [[u8; list::N]],
    start: usize,
    len: usize,
    bits: u16,
) {
    for b in 0..list::N {
        if bits & (1 << b) == 0 {
            continue;
        }
        for k in start..start + len {
            if best_len[k][b] as usize >= len {
                continue;
            }
            best_len[k][b] = len as u8;
            pos[k][b] = if len == 1 {
                4
            } else if k == start {
                1
            } else if k + 1 == start + len {
                3
            } else {
                2
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_match_case_insensitively() {
        let g = Gazetteer::embedded();
        assert_ne!(g.phrase_flags("Russia") & list::COUNTRY, 0);
        assert_ne!(g.phrase_flags("PARIS") & list::PLACE, 0);
        assert_ne!(g.phrase_flags("michael") & list::FIRST_NAME, 0);
        assert_ne!(g.phrase_flags("Foreign Minister") & list::TITLE, 0);
        assert_eq!(g.phrase_flags("zzqx unknown"), 0);
        assert_eq!(
            g.nationality("North Koreans").map(|n| n.code.as_str()),
            Some("PRK")
        );
        assert_eq!(
            g.nationality("French").map(|n| n.country.as_str()),
            Some("France")
        );
    }

    /// `positions` without the early stop at unknown prefixes.
    fn positions_by_brute_force(g: &Gazetteer, words: &[&str]) -> Vec<[u8; list::N]> {
        let n = words.len();
        let mut best_len = vec![[0u8; list::N]; n];
        let mut pos = vec![[0u8; list::N]; n];
        for start in 0..n {
            for len in 1..=MAX_PHRASE_TOKENS.min(n - start) {
                let bits = g.flags(&words[start..start + len]);
                mark_match(&mut best_len, &mut pos, start, len, bits);
            }
        }
        pos
    }

    #[test]
    fn stopping_at_unknown_prefixes_finds_every_match() {
        let g = Gazetteer::embedded();
        for text in [
            "the Bank of England said New York City and the United States of America",
            "President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok",
            "Foreign Minister Sergei Lavrov of the Russian Federation , Prime Minister",
            "zzqx New Zealand Papua New Guinea Bosnia and Herzegovina the the",
            "",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(
                g.positions(&words),
                positions_by_brute_force(g, &words),
                "{text}"
            );
        }
        // "Bosnia and" is only the start of a phrase: marked, on no list.
        let start = phrase_hash(["Bosnia", "and"]);
        assert_eq!(g.flags.get(&start).copied(), Some(PREFIX));
        assert_eq!(g.phrase_flags("Bosnia and"), 0);
        assert_ne!(g.phrase_flags("Bosnia and Herzegovina") & list::COUNTRY, 0);
    }

    #[test]
    fn positions_prefer_the_longest_match() {
        let g = Gazetteer::embedded();
        let words = ["in", "New", "York", "City", "today"];
        let pos = g.positions(&words);
        let b = list::PLACE.trailing_zeros() as usize;
        assert_eq!(pos[1][b], 1);
        assert_eq!(pos[0][b], 0);
        assert!(pos[2][b] == 3 || pos[2][b] == 2);
    }
}
