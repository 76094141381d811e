//! Feature templates of the recognizer. Every feature is a 64-bit hash of
//! (template id, value), so extraction allocates little and the model stores
//! no strings.
//!
//! Features are split in two. *Static* ones depend only on the text and on
//! what the document said before this sentence: the word and its neighbours,
//! shape, affixes, gazetteer matches, and two document-level cues that carry
//! most of the gain non-local models report on CoNLL (Ratinov & Roth 2009):
//! the labels this word got earlier in the article, and whether the word also
//! occurs in lower case (so a capital is only sentence-initial). *Dynamic*
//! ones conjoin the previous predicted labels with the word, and are computed
//! per hypothesis during beam decoding.

use super::clusters::Clusters;
use super::gazetteer::{hash_lower, mix, Gazetteer, HashKeyMap, HashKeySet};

/// Template ids. Appending is safe; renumbering invalidates trained models.
mod t {
    pub const BIAS: u64 = 1;
    pub const LOWER: u64 = 2;
    pub const EXACT: u64 = 3;
    pub const LOWER_M1: u64 = 4;
    pub const LOWER_P1: u64 = 5;
    pub const LOWER_M2: u64 = 6;
    pub const LOWER_P2: u64 = 7;
    pub const SHAPE: u64 = 8;
    pub const SHORT_SHAPE: u64 = 9;
    pub const SHAPE_M1: u64 = 10;
    pub const SHAPE_P1: u64 = 11;
    pub const SHAPE_M1_0: u64 = 12;
    pub const SHAPE_0_P1: u64 = 13;
    pub const PREFIX: u64 = 14;
    pub const SUFFIX: u64 = 15;
    pub const BIGRAM_M1: u64 = 16;
    pub const BIGRAM_P1: u64 = 17;
    pub const GAZ: u64 = 18;
    pub const GAZ_M1: u64 = 19;
    pub const GAZ_P1: u64 = 20;
    pub const FIRST_IN_SENT: u64 = 21;
    pub const SENT_UPPER: u64 = 22;
    pub const SENT_UPPER_LOWER: u64 = 23;
    pub const HISTORY: u64 = 24;
    pub const LOWER_IN_DOC: u64 = 25;
    pub const PREV_LABEL: u64 = 26;
    pub const PREV_TWO_LABELS: u64 = 27;
    pub const PREV_LABEL_LOWER: u64 = 28;
    pub const PREV_LABEL_SHAPE: u64 = 29;
    pub const GAZ_SHAPE: u64 = 30;
    pub const HISTORY_SHAPE: u64 = 31;
    pub const LEN: u64 = 32;
    pub const CLUSTER: u64 = 33;
    pub const CLUSTER_M1: u64 = 34;
    pub const CLUSTER_P1: u64 = 35;
    pub const CLUSTER_SHAPE: u64 = 36;
    pub const CLUSTER_NONE: u64 = 37;
    pub const S1_CUR: u64 = 38;
    pub const S1_PREV: u64 = 39;
    pub const S1_NEXT: u64 = 40;
    pub const S1_DOC_MAJORITY: u64 = 41;
    pub const S1_DOC_ANY: u64 = 42;
    pub const S1_DOC_CUR: u64 = 43;
    pub const RUN_POS: u64 = 44;
    pub const RUN_TEXT: u64 = 45;
    pub const RUN_FIRST: u64 = 46;
    pub const RUN_LAST: u64 = 47;
    pub const TOPIC_GAZ: u64 = 48;
    pub const TOPIC_SHAPE: u64 = 49;
    pub const TOPIC_CLUSTER: u64 = 50;
}

/// What the first-stage model said, for the second stage: this sentence's
/// labels, and per capitalized word (lower-cased hash) the entity types the
/// first stage gave it anywhere in the article. The second stage sees that
/// "Stefanel Milan" is an ORG in a table row because the article's prose
/// said so (Ratinov & Roth's "prediction aggregation").
pub(crate) struct Stage1<'a> {
    pub labels: &'a [u8],
    pub doc_types: &'a HashKeyMap<[u16; 5]>,
}

/// Per capitalized word of an article, how often each type was predicted.
pub(crate) fn doc_type_counts(sentences: &[Vec<&str>], labels: &[Vec<u8>]) -> HashKeyMap<[u16; 5]> {
    let mut ctx = DocContext::default();
    for (words, l) in sentences.iter().zip(labels) {
        let types: Vec<u8> = l
            .iter()
            .map(|&x| if x == 0 { 0 } else { (x - 1) / 4 + 1 })
            .collect();
        ctx.record(words, &types);
    }
    ctx.history
}

/// The read-only data features are computed from.
pub(crate) struct Resources<'a> {
    pub gaz: &'a Gazetteer,
    pub clusters: &'a Clusters,
}

impl Resources<'_> {
    /// Identifies the data; a model is only valid with the data it was
    /// trained with.
    pub(crate) fn fingerprint(&self) -> u64 {
        mix(self.gaz.fingerprint, self.clusters.fingerprint)
    }
}

#[inline]
fn feat(template: u64, value: u64) -> u64 {
    mix(mix(0xcbf2_9ce4_8422_2325, template), value)
}

#[inline]
fn hash_str(s: &str) -> u64 {
    let mut h = 0x100_0000_01b3;
    for b in s.bytes() {
        h = mix(h, b as u64);
    }
    h
}

/// Word shape: upper → X, lower → x, digit → d, others kept; runs of one
/// class longer than two collapse ("McDonald" → "XxXxx", "1996-08-22" →
/// "dd-dd-dd"). The short shape collapses every run ("Xx", "d-d-d").
fn shapes(word: &str) -> (u64, u64) {
    let mut long = 0x811c_9dc5u64;
    let mut short = 0x811c_9dc5u64;
    let mut prev = '\0';
    let mut run = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == prev {
            run += 1;
        } else {
            run = 1;
            short = mix(short, k as u64);
        }
        if run <= 2 {
            long = mix(long, k as u64);
        }
        prev = k;
    }
    (long, short)
}

/// Lower-cased word with digits folded to 0, so "1996" and "2023" share
/// weights where the year itself does not matter.
fn lower_key(word: &str) -> u64 {
    let mut h = 0x6a09_e667_f3bc_c908u64;
    for c in word.chars() {
        let c = if c.is_ascii_digit() { '0' } else { c };
        for l in c.to_lowercase() {
            h = mix(h, l as u64);
        }
    }
    h
}

/// Per-article state the document-level features read.
#[derive(Default, Clone)]
pub(crate) struct DocContext {
    /// Lower-cased hashes of words seen starting with a lower-case letter.
    lower_seen: HashKeySet,
    /// Per lower-cased capitalized word: how often each entity type (index
    /// 0 = none, 1.. = type) was predicted for it earlier in the article.
    history: HashKeyMap<[u16; 5]>,
    /// The article's section when its first line reads "SECTION - ...".
    topic: Option<u64>,
}

impl DocContext {
    /// Collects the lower-case occurrences of every word in the article.
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> DocContext {
        let mut ctx = DocContext::default();
        let mut first_two = [""; 2];
        for (k, w) in words.into_iter().enumerate() {
            if k < 2 {
                first_two[k] = w;
            }
            let Some(first) = w.chars().next() else {
                continue;
            };
            if first.is_lowercase() {
                ctx.lower_seen.insert(hash_lower(0, w));
            }
        }
        // Wire stories open with their desk ("SOCCER - ..."): in a sports
        // story a city is usually a club, in a results table a name in
        // brackets is a country.
        if first_two[1] == "-" && first_two[0].chars().all(|c| c.is_uppercase() || c == '/') {
            ctx.topic = Some(lower_key(first_two[0]));
        }
        ctx
    }

    /// Records the types a sentence's words were given (`types[i]`: 0 for
    /// outside, else entity type + 1).
    pub(crate) fn record(&mut self, words: &[&str], types: &[u8]) {
        for (w, &ty) in words.iter().zip(types) {
            if !w.chars().next().is_some_and(|c| c.is_uppercase()) {
                continue;
            }
            let counts = self.history.entry(hash_lower(0, w)).or_insert([0; 5]);
            let k = (ty as usize).min(4);
            counts[k] = counts[k].saturating_add(1);
        }
    }
}

/// The static features of one sentence, flattened: token `i` owns
/// `feats[offsets[i]..offsets[i + 1]]`.
pub(crate) struct SentenceFeatures {
    pub offsets: Vec<u32>,
    pub feats: Vec<u64>,
    /// Per token: lower-cased word key and shape, reused by dynamic features.
    pub lower: Vec<u64>,
    pub shape: Vec<u64>,
    pub short_shape: Vec<u64>,
    /// Features that depend on earlier decisions (history, first stage),
    /// refilled per stage by [`extra_features`]: token `i` owns
    /// `extra[extra_offsets[i]..extra_offsets[i + 1]]`.
    pub extra_offsets: Vec<u32>,
    pub extra: Vec<u64>,
}

impl SentenceFeatures {
    pub(crate) fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
    pub(crate) fn token_extra(&self, i: usize) -> &[u64] {
        &self.extra[self.extra_offsets[i] as usize..self.extra_offsets[i + 1] as usize]
    }
}

/// Fills the decision-dependent features of a sentence: the article's
/// history so far and, for the second stage, the first stage's labels.
pub(crate) fn extra_features(
    sf: &mut SentenceFeatures,
    words: &[&str],
    ctx: &DocContext,
    stage1: Option<&Stage1>,
) {
    let n = words.len();
    sf.extra.clear();
    sf.extra_offsets.clear();
    sf.extra_offsets.push(0);
    for (i, word) in words.iter().enumerate() {
        let ii = i as isize;
        let f = &mut sf.extra;
        let short = sf.short_shape[i];
        if let Some(s1) = stage1 {
            let at = |k: isize| -> u64 {
                if k < 0 || k as usize >= n {
                    99
                } else {
                    s1.labels.get(k as usize).copied().unwrap_or(0) as u64
                }
            };
            f.push(feat(t::S1_CUR, at(ii)));
            f.push(feat(t::S1_PREV, at(ii - 1)));
            f.push(feat(t::S1_NEXT, at(ii + 1)));
            if word.chars().next().is_some_and(|c| c.is_uppercase()) {
                if let Some(counts) = s1.doc_types.get(&hash_lower(0, word)) {
                    let best = (1..5)
                        .max_by_key(|&k| (counts[k], std::cmp::Reverse(k)))
                        .unwrap_or(0);
                    let best = if counts[best] == 0 { 0 } else { best };
                    f.push(feat(t::S1_DOC_MAJORITY, best as u64));
                    f.push(feat(t::S1_DOC_CUR, (best as u64) << 8 | at(ii)));
                    for (k, &c) in counts.iter().enumerate().skip(1) {
                        if c > 0 {
                            f.push(feat(t::S1_DOC_ANY, k as u64));
                        }
                    }
                }
            }
        }
        if word.chars().next().is_some_and(|c| c.is_uppercase()) {
            let key = hash_lower(0, word);
            if let Some(counts) = ctx.history.get(&key) {
                // The majority type so far, and whether it was ever a name.
                let (best, _) = counts
                    .iter()
                    .enumerate()
                    .skip(1)
                    .max_by_key(|(_, c)| **c)
                    .unwrap_or((0, &0));
                let best = if counts[best] == 0 { 0 } else { best };
                f.push(feat(t::HISTORY, best as u64));
                f.push(feat(t::HISTORY_SHAPE, mix(best as u64, short)));
            }
        }
        sf.extra_offsets.push(f.len() as u32);
    }
}

/// Whether a sentence is all upper case. Headlines in CoNLL (and some
/// feeds) are, and there case carries no signal; the model needs to know.
fn is_upper_sentence(words: &[&str]) -> bool {
    let mut n_letters = 0;
    let mut n_upper = 0;
    for c in words
        .iter()
        .flat_map(|w| w.chars())
        .filter(|c| c.is_alphabetic())
    {
        n_letters += 1;
        n_upper += c.is_uppercase() as usize;
    }
    n_letters > 3 && n_upper == n_letters
}

/// Extracts the static features of a sentence.
pub(crate) fn sentence_features(
    words: &[&str],
    res: &Resources,
    ctx: &DocContext,
) -> SentenceFeatures {
    let gaz = res.gaz;
    let n = words.len();
    let sent_upper = is_upper_sentence(words);
    let cl: Vec<Option<[u16; 3]>> = words.iter().map(|w| res.clusters.get(w)).collect();
    let cl_at = |k: isize, g: usize| -> u64 {
        if k < 0 || k as usize >= n {
            0xffff_0000
        } else {
            cl[k as usize].map_or(0xfffe_0000, |c| c[g] as u64)
        }
    };
    let lower: Vec<u64> = words.iter().map(|w| lower_key(w)).collect();
    let (shape, short): (Vec<u64>, Vec<u64>) = words.iter().map(|w| shapes(w)).unzip();
    let gpos = gaz.positions(words);
    let gaz_bits = |i: usize| -> u64 {
        let mut h = 0u64;
        for (b, &p) in gpos[i].iter().enumerate() {
            if p != 0 {
                h = mix(h, (b as u64) << 8 | p as u64);
            }
        }
        h
    };
    const NONE: u64 = 0x5555;
    let lw = |k: isize| -> u64 {
        if k < 0 || k as usize >= n {
            NONE + k.unsigned_abs() as u64
        } else {
            lower[k as usize]
        }
    };
    let sh = |k: isize| -> u64 {
        if k < 0 || k as usize >= n {
            NONE
        } else {
            short[k as usize]
        }
    };
    // Runs of capitalized words ("Stefanel Milan", "Bank of England" is two):
    // the run's last word is often the head that decides the type
    // ("United", "Party", "Corp"), and the whole run names the entity.
    let cap: Vec<bool> = words
        .iter()
        .map(|w| !sent_upper && w.chars().next().is_some_and(|c| c.is_uppercase()))
        .collect();
    let mut run_of = vec![None::<(usize, usize)>; n];
    let mut k = 0;
    while k < n {
        if !cap[k] {
            k += 1;
            continue;
        }
        let a = k;
        while k < n && cap[k] {
            k += 1;
        }
        for r in run_of.iter_mut().take(k).skip(a) {
            *r = Some((a, k));
        }
    }
    let mut out = SentenceFeatures {
        offsets: Vec::with_capacity(n + 1),
        feats: Vec::with_capacity(n * 40),
        extra_offsets: vec![0; n + 1],
        extra: Vec::new(),
        lower: Vec::new(),
        shape: Vec::new(),
        short_shape: Vec::new(),
    };
    out.offsets.push(0);
    let mut lc: Vec<char> = Vec::with_capacity(32);
    for (i, word) in words.iter().enumerate() {
        let ii = i as isize;
        let f = &mut out.feats;
        f.push(feat(t::BIAS, 0));
        f.push(feat(t::LOWER, lower[i]));
        f.push(feat(t::EXACT, hash_str(word)));
        f.push(feat(t::LOWER_M1, lw(ii - 1)));
        f.push(feat(t::LOWER_P1, lw(ii + 1)));
        f.push(feat(t::LOWER_M2, lw(ii - 2)));
        f.push(feat(t::LOWER_P2, lw(ii + 2)));
        f.push(feat(t::BIGRAM_M1, mix(lw(ii - 1), lower[i])));
        f.push(feat(t::BIGRAM_P1, mix(lower[i], lw(ii + 1))));
        f.push(feat(t::SHAPE, shape[i]));
        f.push(feat(t::SHORT_SHAPE, short[i]));
        f.push(feat(t::SHAPE_M1, sh(ii - 1)));
        f.push(feat(t::SHAPE_P1, sh(ii + 1)));
        f.push(feat(t::SHAPE_M1_0, mix(sh(ii - 1), short[i])));
        f.push(feat(t::SHAPE_0_P1, mix(short[i], sh(ii + 1))));
        f.push(feat(t::LEN, word.chars().count().min(12) as u64));
        // Affixes of the lower-cased word, hashed straight from its chars
        // (no string per affix: this loop runs for every token).
        lc.clear();
        lc.extend(word.chars().flat_map(|c| c.to_lowercase()));
        let mut prefix = 0x1f2e_3d4c_5b6a_7988u64;
        for k in 1..=4.min(lc.len()) {
            prefix = mix(prefix, lc[k - 1] as u64);
            f.push(feat(t::PREFIX, mix(k as u64, prefix)));
            let suffix = lc[lc.len() - k..]
                .iter()
                .fold(0x8897_a6b5_c4d3_e2f1u64, |h, &c| mix(h, c as u64));
            f.push(feat(t::SUFFIX, mix(k as u64, suffix)));
        }
        for (b, &p) in gpos[i].iter().enumerate() {
            if p != 0 {
                f.push(feat(t::GAZ, (b as u64) << 8 | p as u64));
                f.push(feat(
                    t::GAZ_SHAPE,
                    mix((b as u64) << 8 | p as u64, short[i]),
                ));
            }
        }
        if i > 0 {
            f.push(feat(t::GAZ_M1, gaz_bits(i - 1)));
        }
        if i + 1 < n {
            f.push(feat(t::GAZ_P1, gaz_bits(i + 1)));
        }
        match cl[i] {
            Some(c) => {
                for (g, &id) in c.iter().enumerate() {
                    f.push(feat(t::CLUSTER, (g as u64) << 16 | id as u64));
                }
                f.push(feat(t::CLUSTER_SHAPE, mix(c[1] as u64, short[i])));
            }
            None => f.push(feat(t::CLUSTER_NONE, short[i])),
        }
        for g in 1..3 {
            f.push(feat(t::CLUSTER_M1, (g as u64) << 32 | cl_at(ii - 1, g)));
            f.push(feat(t::CLUSTER_P1, (g as u64) << 32 | cl_at(ii + 1, g)));
        }
        if let Some((a, b)) = run_of[i] {
            let len = (b - a).min(5) as u64;
            let pos = if b - a == 1 {
                4
            } else if i == a {
                1
            } else if i + 1 == b {
                3
            } else {
                2
            };
            f.push(feat(t::RUN_POS, len << 8 | pos));
            let text = (a..b).fold(0u64, |h, k| mix(h, lower[k]));
            f.push(feat(t::RUN_TEXT, text));
            f.push(feat(t::RUN_FIRST, mix(lower[a], pos)));
            f.push(feat(t::RUN_LAST, mix(lower[b - 1], pos)));
        }
        if i == 0 {
            f.push(feat(t::FIRST_IN_SENT, short[i]));
        }
        // The desk conjoined with what the word looks like and what lists
        // it is on: "Leeds" on a place list is a club under SOCCER.
        if let Some(topic) = ctx.topic {
            f.push(feat(t::TOPIC_SHAPE, mix(topic, short[i])));
            f.push(feat(t::TOPIC_GAZ, mix(topic, gaz_bits(i))));
            f.push(feat(t::TOPIC_CLUSTER, mix(topic, cl_at(ii, 1))));
        }
        if sent_upper {
            f.push(feat(t::SENT_UPPER, 1));
            f.push(feat(t::SENT_UPPER_LOWER, lower[i]));
        }
        if word.chars().next().is_some_and(|c| c.is_uppercase()) {
            let key = hash_lower(0, word);
            if ctx.lower_seen.contains(&key) {
                f.push(feat(t::LOWER_IN_DOC, 1));
            }
        }
        out.offsets.push(f.len() as u32);
    }
    out.lower = lower;
    out.shape = shape;
    out.short_shape = short;
    out
}

/// The dynamic features at token `i` given the two previous labels: those
/// of the previous label ([`prev_label_features`]) and the label pair
/// ([`label_pair_feature`]).
#[inline]
pub(crate) fn dynamic_features(sf: &SentenceFeatures, i: usize, p1: u8, p2: u8) -> [u64; 4] {
    let [a, b, c] = prev_label_features(sf, i, p1);
    [a, label_pair_feature(p1, p2), b, c]
}

/// The dynamic features that see the previous label only.
#[inline]
pub(crate) fn prev_label_features(sf: &SentenceFeatures, i: usize, p1: u8) -> [u64; 3] {
    [
        feat(t::PREV_LABEL, p1 as u64),
        feat(t::PREV_LABEL_LOWER, mix(p1 as u64, sf.lower[i])),
        feat(t::PREV_LABEL_SHAPE, mix(p1 as u64, sf.shape[i])),
    ]
}

/// The feature of the two previous labels; it does not depend on the
/// token, so a model can tabulate its weights.
#[inline]
pub(crate) fn label_pair_feature(p1: u8, p2: u8) -> u64 {
    feat(t::PREV_TWO_LABELS, (p2 as u64) << 8 | p1 as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shapes("Kim").0, shapes("Putin").0);
        assert_ne!(shapes("Kim").0, shapes("KIM").0);
        assert_eq!(shapes("1996-08-22").1, shapes("7-1-2").1);
    }

    #[test]
    fn desk_line_sets_the_topic() {
        let ctx = DocContext::new(["SOCCER", "-", "LEEDS", "WIN", "."]);
        assert_eq!(ctx.topic, Some(lower_key("soccer")));
        let ctx = DocContext::new(["TENNIS", "-", "X"]);
        assert_ne!(ctx.topic, Some(lower_key("soccer")));
        // Prose and title-case openings set none.
        assert_eq!(DocContext::new(["Leeds", "-", "based"]).topic, None);
        assert_eq!(DocContext::new(["Leeds", "won", "."]).topic, None);
        assert_eq!(DocContext::new(Vec::<&str>::new()).topic, None);
    }

    #[test]
    fn topic_features_only_under_a_desk_line() {
        let clusters = Clusters::default();
        let res = Resources {
            gaz: Gazetteer::embedded(),
            clusters: &clusters,
        };
        let words = ["Leeds", "won", "."];
        let plain = sentence_features(&words, &res, &DocContext::new(words));
        let desk = DocContext::new(["SOCCER", "-", "Leeds", "won", "."]);
        let sports = sentence_features(&words, &res, &desk);
        assert_eq!(sports.token(0).len(), plain.token(0).len() + 3);
    }

    #[test]
    fn upper_sentences_are_detected() {
        assert!(is_upper_sentence(&[
            "BARATELLI",
            "TO",
            "COACH",
            "NICE",
            "."
        ]));
        assert!(!is_upper_sentence(&["Baratelli", "to", "coach", "Nice"]));
        assert!(!is_upper_sentence(&["EU", "."]));
    }

    #[test]
    fn features_are_stable_and_per_token() {
        let clusters = Clusters::default();
        let res = Resources {
            gaz: Gazetteer::embedded(),
            clusters: &clusters,
        };
        let words = ["Kim", "met", "Putin", "."];
        let ctx = DocContext::new(words);
        let a = sentence_features(&words, &res, &ctx);
        let b = sentence_features(&words, &res, &ctx);
        assert_eq!(a.feats, b.feats);
        assert_eq!(a.offsets.len(), 5);
        assert!(a.token(0).len() > 10);
        assert_ne!(a.token(0), a.token(2));
    }
}
