//! Part-of-speech tagger: a greedy left-to-right averaged perceptron that
//! predicts the joint (UPOS, XPOS) pair, with its training and file format.
//!
//! Predicting the pair as one label keeps the two tag sets consistent (no
//! `PROPN`/`VBZ` mixtures) and costs one classifier instead of two. Features
//! are the usual rich set for English (word, affixes, shape, ±2 words,
//! previous two tags) plus an *ambiguity class*: the set of tags a word had in
//! training, for words seen at least [`DICT_MIN_COUNT`] times. Counting only
//! frequent words keeps training and test alike (rare training words behave
//! like unknown test words). Frequent words that always had one tag are
//! tagged from the dictionary without scoring, which is most tokens.
//!
//! Word clusters induced from unlabeled news (the NER engineer's
//! `ner-clusters-v1.bin`, three granularities) are copied into the tagger
//! file when present at training time: they give unknown words the
//! distributional signal the treebank alone cannot.
//!
//! A second, right-to-left-informed pass re-tags each token with the first
//! pass's tags of the next two tokens as features (a cheap stand-in for
//! bidirectional search). It skips tokens pass 1 decided by a wide margin
//! (`PASS2_SKIP_MARGIN`), most of them, which halves tagging time.
//!
//! File layout (little-endian):
//!
//! ```text
//! magic "NGTAGGER" | version u32
//! n_classes u32 | classes [(upos u8, xpos u8); n_classes]
//! n_dict u32 | dict [(word u64, ambiguity u64, sure u16); n_dict]  sorted by word
//! n_clusters u32 | [(key u64, cluster u16 x 3); n_clusters]  sorted by key
//! weights pass 1 (perceptron::WeightTable) | weights pass 2 (WeightTable)
//! ```
//! Cluster keys are [`cluster_keys`] hashes of the exact and the
//! lower-cased word, the scheme of the cluster file they are copied from.

use crate::conllu::GoldSentence;
use crate::perceptron::{
    argmax, feat, hash_str, mix, put_u32, ByteReader, IdMap, Rng, Trainer, WeightTable, Weights,
};
use crate::NlpError;
use std::collections::BTreeMap;

const MAGIC: &[u8; 8] = b"NGTAGGER";
/// Format version of tagger files this build reads and writes.
pub const VERSION: u32 = 2;
/// Words seen fewer times than this get no ambiguity class.
pub const DICT_MIN_COUNT: u32 = 3;
/// A word is tagged from the dictionary when seen this often...
const SURE_MIN_COUNT: u32 = 20;
/// ...with one tag at least this share of the time.
const SURE_MIN_SHARE: f64 = 0.995;
/// Features updated fewer times than this are dropped from the file.
const PRUNE: u32 = 1;
const NO_SURE: u16 = u16::MAX;
/// Pass 2 keeps a pass-1 tag whose score beats the runner-up by this much
/// (in averaged-perceptron units). Tuned on EWT dev: 15 skips most of pass 2
/// and changes dev UPOS by +0.01; at 4 it starts to cost accuracy.
const PASS2_SKIP_MARGIN: f32 = 15.0;
/// Stand-in tag and word values outside the sentence.
const PAD: u64 = 0xFFFF_FFFF_0000_0001;
const PAD2: u64 = 0xFFFF_FFFF_0000_0002;

/// Per-token values computed once per sentence.
#[derive(Clone, Copy, Default)]
struct Tok {
    norm: u64,
    shape: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    flags: u64,
    amb: u64,
    sure: u16,
    cl: [u64; 3],
}

/// Cluster-file keys of a word: (exact form, lower-cased form). The hash
/// scheme is that of `ner::clusters` (`NGNERCL1` files), written out here so
/// the tagger file stays valid whatever that module does later.
pub fn cluster_keys(word: &str) -> (u64, u64) {
    fn m(h: u64, x: u64) -> u64 {
        (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    }
    let mut exact = 0x1234_5678_9abc_def1u64;
    for b in word.bytes() {
        exact = m(exact, b as u64);
    }
    let mut lower = 0x0fed_cba9_8765_4321u64;
    for c in word.chars() {
        if c.is_ascii() {
            lower = m(lower, c.to_ascii_lowercase() as u64);
        } else {
            for l in c.to_lowercase() {
                lower = m(lower, l as u64);
            }
        }
    }
    (exact, lower ^ 0x7a5e_11ed_c0ff_ee00)
}

/// Reads an `NGNERCL1` cluster file: (key, clusters) rows (the format's
/// one reader lives beside its writer).
pub use crate::ner::clusters::read_cluster_file;

/// The trained tagger.
pub struct Tagger {
    classes: Vec<(u8, u8)>,
    dict: IdMap<(u64, u16)>,
    clusters: IdMap<[u16; 3]>,
    pass1: Weights,
    pass2: Weights,
    /// [`PASS2_SKIP_MARGIN`] in pass 1's quantized score units.
    skip_margin: i32,
}

/// Reusable buffers, so tagging allocates nothing per token.
#[derive(Default)]
pub struct TagScratch {
    toks: Vec<Tok>,
    feats: Vec<u64>,
    scores: Vec<i32>,
    first: Vec<u16>,
    margin: Vec<i32>,
    lower: String,
}

/// Lower-cases `word` into `buf`, with every digit mapped to `0` so numbers
/// share features.
fn normalize(word: &str, buf: &mut String) {
    buf.clear();
    for c in word.chars() {
        if c.is_ascii_digit() {
            buf.push('0');
        } else if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// Word shape with runs collapsed: "McCain" → "XxXx", "1,000" → "d,d".
fn shape_hash(word: &str) -> u64 {
    let mut h = feat(99);
    let mut last = 0u64;
    let mut n = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            1
        } else if c.is_lowercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            c as u64 + 10
        };
        if k != last {
            h = mix(h, k);
            last = k;
            n += 1;
            if n > 6 {
                break;
            }
        }
    }
    h
}

fn word_flags(word: &str, first: bool) -> u64 {
    let mut chars = word.chars();
    let initial_upper = chars.next().is_some_and(|c| c.is_uppercase());
    let all_upper =
        word.chars().all(|c| !c.is_lowercase()) && word.chars().any(|c| c.is_uppercase());
    let digit = word.chars().any(|c| c.is_ascii_digit());
    let hyphen = word.contains('-');
    (initial_upper as u64)
        | (all_upper as u64) << 1
        | (digit as u64) << 2
        | (hyphen as u64) << 3
        | (first as u64) << 4
}

fn fill_tok(
    word: &str,
    first: bool,
    lower: &mut String,
    dict: &IdMap<(u64, u16)>,
    clusters: &IdMap<[u16; 3]>,
) -> Tok {
    normalize(word, lower);
    let norm = hash_str(lower);
    let mut pre = [PAD; 3];
    let mut suf = [PAD; 4];
    // Prefixes and suffixes by character, hashed straight from the slice.
    let mut idx = lower
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(lower.len()));
    idx.next();
    for (k, end) in idx.take(3).enumerate() {
        pre[k] = hash_str(&lower[..end]);
    }
    let mut rev = lower.char_indices().rev().map(|(i, _)| i);
    for (k, start) in rev.by_ref().take(4).enumerate() {
        suf[k] = hash_str(&lower[start..]);
    }
    let (amb, sure) = dict.get(&norm).copied().unwrap_or((PAD2, NO_SURE));
    let mut cl = [PAD2; 3];
    if !clusters.is_empty() {
        let (exact, low) = cluster_keys(word);
        if let Some(c) = clusters.get(&exact).or_else(|| clusters.get(&low)) {
            for k in 0..3 {
                cl[k] = c[k] as u64;
            }
        }
    }
    Tok {
        cl,
        norm,
        shape: shape_hash(word),
        pre,
        suf,
        flags: word_flags(word, first),
        amb,
        sure,
    }
}

/// Features of token `i`; `tags` holds the tags decided so far (left) and,
/// for pass 2, the first pass's tags (right).
fn features(toks: &[Tok], tags: &[u16], i: usize, pass2: bool, out: &mut Vec<u64>) {
    out.clear();
    let t = &toks[i];
    let get = |j: isize| -> Option<&Tok> {
        if j < 0 {
            None
        } else {
            toks.get(j as usize)
        }
    };
    let tag = |j: isize| -> u64 {
        if j < 0 {
            PAD
        } else {
            tags.get(j as usize).map(|&x| x as u64).unwrap_or(PAD2)
        }
    };
    let ii = i as isize;
    let n = |j: isize| get(j).map(|t| t.norm).unwrap_or(PAD);
    let amb = |j: isize| get(j).map(|t| t.amb).unwrap_or(PAD);
    let suf3 = |j: isize| get(j).map(|t| t.suf[2]).unwrap_or(PAD);
    let (t1, t2) = (tag(ii - 1), tag(ii - 2));
    out.push(feat(1));
    out.push(mix(feat(2), t.norm));
    for k in 0..4 {
        out.push(mix(feat(3 + k), t.suf[k as usize]));
    }
    for k in 0..3 {
        out.push(mix(feat(7 + k), t.pre[k as usize]));
    }
    out.push(mix(feat(10), t.shape));
    out.push(mix(feat(11), t.flags));
    out.push(mix(feat(12), n(ii - 1)));
    out.push(mix(feat(13), n(ii - 2)));
    out.push(mix(feat(14), n(ii + 1)));
    out.push(mix(feat(15), n(ii + 2)));
    out.push(mix(feat(16), t1));
    out.push(mix(mix(feat(17), t1), t2));
    out.push(mix(mix(feat(18), t1), t.norm));
    out.push(mix(feat(19), suf3(ii - 1)));
    out.push(mix(feat(20), suf3(ii + 1)));
    out.push(mix(feat(21), t.amb));
    out.push(mix(feat(22), amb(ii + 1)));
    out.push(mix(feat(23), amb(ii + 2)));
    out.push(mix(feat(24), get(ii + 1).map(|t| t.shape).unwrap_or(PAD)));
    out.push(mix(mix(feat(25), t1), t.amb));
    out.push(mix(mix(feat(26), t.amb), amb(ii + 1)));
    out.push(mix(mix(feat(27), t.norm), n(ii + 1)));
    out.push(mix(mix(feat(28), n(ii - 1)), t.norm));
    out.push(mix(mix(feat(29), t1), n(ii + 1)));
    out.push(mix(mix(feat(30), t.suf[2]), t.flags));
    out.push(mix(mix(feat(31), amb(ii - 1)), t.amb));
    let cl = |j: isize, k: usize| get(j).map(|t| t.cl[k]).unwrap_or(PAD);
    out.push(mix(feat(50), t.cl[0]));
    out.push(mix(feat(51), t.cl[1]));
    out.push(mix(feat(52), t.cl[2]));
    out.push(mix(feat(53), cl(ii + 1, 1)));
    out.push(mix(feat(54), cl(ii - 1, 1)));
    out.push(mix(mix(feat(55), t1), t.cl[1]));
    out.push(mix(mix(feat(56), t.cl[2]), t.suf[1]));
    out.push(mix(feat(57), cl(ii + 1, 2)));
    if pass2 {
        let (r1, r2) = (tag(ii + 1), tag(ii + 2));
        out.push(mix(feat(40), r1));
        out.push(mix(mix(feat(41), r1), r2));
        out.push(mix(mix(feat(42), r1), t.norm));
        out.push(mix(mix(feat(43), t1), r1));
        out.push(mix(mix(feat(44), r1), t.suf[2]));
        out.push(mix(mix(mix(feat(45), t1), r1), t.amb));
    }
}

impl Tagger {
    /// Number of (UPOS, XPOS) classes.
    pub fn n_classes(&self) -> usize {
        self.classes.len()
    }

    /// Tags one sentence of words, writing one (upos, xpos) per word.
    pub fn tag(&self, words: &[&str], scratch: &mut TagScratch, out: &mut Vec<(u8, u8)>) {
        out.clear();
        let s = scratch;
        s.toks.clear();
        for (i, w) in words.iter().enumerate() {
            let tok = fill_tok(w, i == 0, &mut s.lower, &self.dict, &self.clusters);
            s.toks.push(tok);
        }
        s.scores.resize(self.classes.len(), 0);
        let n = words.len();
        s.first.clear();
        s.margin.clear();
        for i in 0..n {
            let (c, m) = self.predict(&self.pass1, s, i, false, true);
            s.first.push(c);
            s.margin.push(m);
        }
        // Pass 2 reads left tags it has re-decided and right tags of pass 1.
        // It keeps pass-1 tags decided by a wide margin: re-scoring them
        // would cost as much as pass 1 and almost never changes them.
        for i in 0..n {
            if s.margin[i] >= self.skip_margin {
                continue;
            }
            let (c, _) = self.predict(&self.pass2, s, i, true, false);
            s.first[i] = c;
        }
        for &c in &s.first {
            out.push(self.classes.get(c as usize).copied().unwrap_or((16, 0)));
        }
    }

    fn predict(
        &self,
        w: &Weights,
        s: &mut TagScratch,
        i: usize,
        pass2: bool,
        left_only: bool,
    ) -> (u16, i32) {
        let sure = s.toks[i].sure;
        if sure != NO_SURE {
            return (sure, i32::MAX);
        }
        let tags: &[u16] = if left_only { &s.first[..i] } else { &s.first };
        features(&s.toks, tags, i, pass2, &mut s.feats);
        w.score(&s.feats, &mut s.scores);
        let best = argmax(&s.scores);
        let top = s.scores[best];
        let second = s
            .scores
            .iter()
            .enumerate()
            .filter(|&(c, _)| c != best)
            .map(|(_, &x)| x)
            .max()
            .unwrap_or(i32::MIN);
        (best as u16, top.saturating_sub(second))
    }

    /// Serializes the model (see the module docs for the layout).
    fn to_bytes(
        classes: &[(u8, u8)],
        dict: &[(u64, u64, u16)],
        clusters: &[(u64, [u16; 3])],
        w1: &WeightTable,
        w2: &WeightTable,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, VERSION);
        put_u32(&mut out, classes.len() as u32);
        for &(u, x) in classes {
            out.push(u);
            out.push(x);
        }
        put_u32(&mut out, dict.len() as u32);
        for &(k, a, s) in dict {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&a.to_le_bytes());
            out.extend_from_slice(&s.to_le_bytes());
        }
        put_u32(&mut out, clusters.len() as u32);
        for (k, c) in clusters {
            out.extend_from_slice(&k.to_le_bytes());
            for x in c {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        w1.write(&mut out);
        w2.write(&mut out);
        out
    }

    /// Loads a tagger file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, NlpError> {
        let mut r = ByteReader::new("tagger", bytes);
        r.header(MAGIC, VERSION)?;
        let nc = r.u32()? as usize;
        let mut classes = Vec::with_capacity(nc.min(65535));
        for _ in 0..nc {
            classes.push((r.u8()?, r.u8()?));
        }
        if classes.is_empty() || classes.len() >= NO_SURE as usize {
            return Err(r.error("bad class count"));
        }
        let nd = r.u32()? as usize;
        let mut dict = IdMap::default();
        dict.reserve(nd.min(r.remaining() / 18));
        for _ in 0..nd {
            let k = r.u64()?;
            let a = r.u64()?;
            let s = u16::from_le_bytes(r.array::<2>()?);
            if s != NO_SURE && s as usize >= classes.len() {
                return Err(r.error("dictionary class out of range"));
            }
            dict.insert(k, (a, s));
        }
        let nc = r.u32()? as usize;
        let mut clusters = IdMap::default();
        clusters.reserve(nc.min(r.remaining() / 14));
        for _ in 0..nc {
            let k = r.u64()?;
            let a = r.array::<6>()?;
            let c = [
                u16::from_le_bytes([a[0], a[1]]),
                u16::from_le_bytes([a[2], a[3]]),
                u16::from_le_bytes([a[4], a[5]]),
            ];
            clusters.insert(k, c);
        }
        let w1 = WeightTable::read(&mut r)?;
        let w2 = WeightTable::read(&mut r)?;
        if w1.n_classes as usize != classes.len() || w2.n_classes as usize != classes.len() {
            return Err(r.error("weight table class count differs from the tag set"));
        }
        let skip_margin = if w1.scale > 0.0 {
            (PASS2_SKIP_MARGIN / w1.scale).min(i32::MAX as f32) as i32
        } else {
            i32::MAX
        };
        Ok(Tagger {
            classes,
            dict,
            clusters,
            skip_margin,
            pass1: w1.compile(),
            pass2: w2.compile(),
        })
    }
}

/// Trains a tagger on gold sentences; returns the model file bytes.
///
/// Deterministic: sentences are shuffled with `seed`, and no hash-map
/// iteration order reaches the output.
/// `clusters` are rows of a word-cluster file (see [`read_cluster_file`]);
/// pass an empty slice to train without cluster features.
pub fn train(
    sentences: &[GoldSentence],
    epochs: usize,
    seed: u64,
    clusters: &[(u64, [u16; 3])],
) -> Vec<u8> {
    let cluster_map: IdMap<[u16; 3]> = clusters.iter().copied().collect();
    // Class set: every (upos, xpos) pair seen, in a fixed order.
    let mut class_ids: BTreeMap<(u8, u8), u16> = BTreeMap::new();
    for s in sentences {
        for w in &s.words {
            class_ids.entry((w.upos, w.xpos)).or_insert(0);
        }
    }
    let classes: Vec<(u8, u8)> = class_ids.keys().copied().collect();
    for (i, v) in class_ids.values_mut().enumerate() {
        *v = i as u16;
    }
    // Tag dictionary over normalized words.
    let mut lower = String::new();
    let mut counts: BTreeMap<u64, BTreeMap<u16, u32>> = BTreeMap::new();
    for s in sentences {
        for w in &s.words {
            normalize(&w.form, &mut lower);
            let c = class_ids[&(w.upos, w.xpos)];
            *counts
                .entry(hash_str(&lower))
                .or_default()
                .entry(c)
                .or_insert(0) += 1;
        }
    }
    let mut dict_rows = Vec::new();
    for (k, per) in &counts {
        let total: u32 = per.values().sum();
        if total < DICT_MIN_COUNT {
            continue;
        }
        let mut amb = feat(77);
        for (&c, &n) in per {
            // Tags under 5% of a word's uses are noise for the class.
            if n as f64 >= 0.05 * total as f64 {
                amb = mix(amb, c as u64);
            }
        }
        let (&best, &best_n) = per
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
            .unwrap_or((&0, &0));
        let sure = if total >= SURE_MIN_COUNT && best_n as f64 >= SURE_MIN_SHARE * total as f64 {
            best
        } else {
            NO_SURE
        };
        dict_rows.push((*k, amb, sure));
    }
    let dict: IdMap<(u64, u16)> = dict_rows.iter().map(|&(k, a, s)| (k, (a, s))).collect();

    // Pre-compute token values and gold classes once.
    let data: Vec<(Vec<Tok>, Vec<u16>)> = sentences
        .iter()
        .map(|s| {
            let toks = s
                .words
                .iter()
                .enumerate()
                .map(|(i, w)| fill_tok(&w.form, i == 0, &mut lower, &dict, &cluster_map))
                .collect();
            let gold = s
                .words
                .iter()
                .map(|w| class_ids[&(w.upos, w.xpos)])
                .collect();
            (toks, gold)
        })
        .collect();

    let nc = classes.len();
    let mut t1 = Trainer::new(nc);
    let mut t2 = Trainer::new(nc);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::new();
    let mut scores = vec![0f32; nc];
    let mut tags: Vec<u16> = Vec::new();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let (toks, gold) = &data[si];
            // Pass 1, greedy, learning on its own predictions.
            tags.clear();
            for i in 0..toks.len() {
                let g = gold[i];
                if toks[i].sure != NO_SURE {
                    tags.push(toks[i].sure);
                    continue;
                }
                t1.time += 1;
                features(toks, &tags, i, false, &mut feats);
                t1.score(&feats, &mut scores);
                let p = argmax(&scores);
                t1.update(&feats, g as usize, p);
                tags.push(p as u16);
            }
            // Pass 2 sees pass-1 predictions on the right, as at run time.
            for i in 0..toks.len() {
                if toks[i].sure != NO_SURE {
                    continue;
                }
                let g = gold[i];
                t2.time += 1;
                features(toks, &tags, i, true, &mut feats);
                t2.score(&feats, &mut scores);
                let p = argmax(&scores);
                t2.update(&feats, g as usize, p);
                tags[i] = p as u16;
            }
        }
    }
    Tagger::to_bytes(
        &classes,
        &dict_rows,
        clusters,
        &t1.finish(PRUNE),
        &t2.finish(PRUNE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_and_flags() {
        assert_eq!(shape_hash("McCain"), shape_hash("DeVito"));
        assert_ne!(shape_hash("McCain"), shape_hash("mccain"));
        assert_eq!(word_flags("Paris", true) & 1, 1);
        let mut b = String::new();
        normalize("AB12", &mut b);
        assert_eq!(b, "ab00");
    }

    #[test]
    fn bad_bytes_are_errors() {
        assert!(Tagger::from_bytes(b"").is_err());
        assert!(Tagger::from_bytes(b"NGTAGGER\x09\0\0\0").is_err());
        assert!(matches!(
            Tagger::from_bytes(b"NGTAGGER\x09\0\0\0"),
            Err(NlpError::Version { found: 9, .. })
        ));
    }
}
