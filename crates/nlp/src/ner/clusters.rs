//! Word clusters induced from unlabeled news text, used as recognizer
//! features so that a name never seen in CoNLL-2003 still shares weights with
//! words that occur in the same contexts (Lin & Wu 2009; Ratinov & Roth 2009
//! use Brown clusters to the same end).
//!
//! Induction: each word seen at least [`MIN_COUNT`] times gets a vector of
//! its left and right neighbours at distances 1 and 2 (the most frequent
//! [`N_CONTEXTS`] words as contexts, `ln(1 + count)` weights, unit length),
//! and spherical k-means groups the vectors at three granularities
//! ([`GRANULARITIES`]). Seeded and single-threaded, so a corpus gives the
//! same clusters every run.
//!
//! # File format (`models/ner-clusters-v1.bin`, little-endian)
//! ```text
//! magic   8 bytes "NGNERCL1"
//! version u32     1
//! n       u32     entries
//! entries n × (u64 word key, u16 × 3 cluster per granularity), keys strictly increasing
//! ```
//! A word key is the hash of the exact word, or of the lower-cased word
//! xor-ed with [`LOWER_SALT`] (the fallback for ALL-CAPS headlines). Only
//! hashes are stored: the file holds no text of the corpora it came from.

use super::gazetteer::{hash_lower, mix, HashKeyMap};
use crate::perceptron::ByteReader;
use crate::NlpError;
use std::collections::HashMap;

/// Clusters per granularity, coarse to fine.
pub(crate) const GRANULARITIES: [usize; 3] = [64, 256, 1024];
const MIN_COUNT: u32 = 3;
const N_CONTEXTS: usize = 3000;
const ITERATIONS: usize = 12;
const LOWER_SALT: u64 = 0x7a5e_11ed_c0ff_ee00;
const MAGIC: &[u8; 8] = b"NGNERCL1";
const VERSION: u32 = 1;

/// Hash of the exact word.
pub(crate) fn exact_key(word: &str) -> u64 {
    let mut h = 0x1234_5678_9abc_def1u64;
    for b in word.bytes() {
        h = mix(h, b as u64);
    }
    h
}

fn lower_key(word: &str) -> u64 {
    hash_lower(0x0fed_cba9_8765_4321, word) ^ LOWER_SALT
}

/// Cluster ids per word.
#[derive(Default)]
pub(crate) struct Clusters {
    map: HashKeyMap<[u16; 3]>,
    pub fingerprint: u64,
}

impl Clusters {
    /// The clusters of a word: exact form first, else its lower-cased form.
    pub(crate) fn get(&self, word: &str) -> Option<[u16; 3]> {
        self.map
            .get(&exact_key(word))
            .or_else(|| self.map.get(&lower_key(word)))
            .copied()
    }

    /// Parses a cluster file (see [`read_cluster_file`]); the fingerprint
    /// covers every row, so a model knows which clusters it was trained with.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Clusters, NlpError> {
        let rows = read_cluster_file(bytes)?;
        let mut map = HashKeyMap::with_capacity_and_hasher(rows.len(), Default::default());
        let mut fp = 0u64;
        for (key, ids) in rows {
            fp = mix(
                mix(fp, key),
                (ids[0] as u64) << 32 | (ids[1] as u64) << 16 | ids[2] as u64,
            );
            map.insert(key, ids);
        }
        Ok(Clusters {
            map,
            fingerprint: fp,
        })
    }
}

/// Reads a cluster file (layout in the module docs): its `(key, clusters)`
/// rows in key order. The one reader of the format: the recognizer indexes
/// the rows, the tagger copies them into its own model file.
pub fn read_cluster_file(bytes: &[u8]) -> Result<Vec<(u64, [u16; 3])>, NlpError> {
    let mut r = ByteReader::new("word clusters", bytes);
    r.header(MAGIC, VERSION)?;
    let n = r.u32()? as usize;
    if r.remaining() != n.saturating_mul(14) {
        return Err(r.error("word-cluster file has the wrong length"));
    }
    let mut rows = Vec::with_capacity(n);
    for _ in 0..n {
        let k = r.u64()?;
        let a = r.array::<6>()?;
        rows.push((
            k,
            [
                u16::from_le_bytes([a[0], a[1]]),
                u16::from_le_bytes([a[2], a[3]]),
                u16::from_le_bytes([a[4], a[5]]),
            ],
        ));
    }
    // Keys are written strictly increasing; a file that breaks that still
    // reads as one row per key.
    rows.sort_unstable_by_key(|r| r.0);
    rows.dedup_by_key(|r| r.0);
    Ok(rows)
}

/// A small seeded generator (xorshift64*), so induction is reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Spherical k-means over unit sparse vectors; returns a cluster per vector.
fn kmeans(vectors: &[Vec<(u32, f32)>], dims: usize, k: usize, seed: u64) -> Vec<u16> {
    let n = vectors.len();
    let k = k.min(n).max(1);
    let mut rng = Rng(seed | 1);
    // Seeds: distinct vectors drawn from the more frequent half (vectors are
    // sorted by frequency), whose contexts are reliable.
    let pool = (n / 2).max(k);
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    while chosen.len() < k {
        let c = (rng.next() % pool as u64) as usize;
        if !chosen.contains(&c) {
            chosen.push(c);
        }
    }
    // Centroids stored context-major so a word's dot products run over
    // contiguous memory.
    let mut cent = vec![0f32; dims * k];
    for (j, &v) in chosen.iter().enumerate() {
        for &(d, x) in &vectors[v] {
            cent[d as usize * k + j] = x;
        }
    }
    let mut assign = vec![0u16; n];
    let mut scores = vec![0f32; k];
    for _ in 0..ITERATIONS {
        let mut changed = 0;
        for (i, v) in vectors.iter().enumerate() {
            scores.iter_mut().for_each(|s| *s = 0.0);
            for &(d, x) in v {
                let row = &cent[d as usize * k..][..k];
                for (s, c) in scores.iter_mut().zip(row) {
                    *s += x * c;
                }
            }
            let best = scores
                .iter()
                .enumerate()
                .fold(
                    (0usize, f32::MIN),
                    |b, (j, &s)| if s > b.1 { (j, s) } else { b },
                )
                .0 as u16;
            changed += usize::from(assign[i] != best);
            assign[i] = best;
        }
        cent.iter_mut().for_each(|c| *c = 0.0);
        for (v, &a) in vectors.iter().zip(&assign) {
            for &(d, x) in v {
                cent[d as usize * k + a as usize] += x;
            }
        }
        let mut norms = vec![0f32; k];
        for d in 0..dims {
            for j in 0..k {
                norms[j] += cent[d * k + j] * cent[d * k + j];
            }
        }
        for d in 0..dims {
            for j in 0..k {
                if norms[j] > 0.0 {
                    cent[d * k + j] /= norms[j].sqrt();
                }
            }
        }
        if changed == 0 {
            break;
        }
    }
    assign
}

/// Induces clusters from sentences of words and returns the file bytes.
pub fn induce_clusters(sentences: &[Vec<String>], seed: u64) -> Vec<u8> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for s in sentences {
        for w in s {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, u32)> = counts
        .iter()
        .map(|(w, c)| (*w, *c))
        .filter(|(_, c)| *c >= MIN_COUNT)
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let index: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    // Contexts: the most frequent words, lower-cased, plus sentence edges.
    let mut ctx_counts: HashMap<String, u32> = HashMap::new();
    for (w, c) in &vocab {
        *ctx_counts.entry(w.to_lowercase()).or_default() += c;
    }
    let mut ctx_vocab: Vec<(String, u32)> = ctx_counts.into_iter().collect();
    ctx_vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ctx_vocab.truncate(N_CONTEXTS);
    let ctx_index: HashMap<&str, u32> = ctx_vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i as u32))
        .collect();
    let n_ctx = ctx_vocab.len() as u32 + 1; // last id: sentence edge
    let dims = (4 * n_ctx) as usize;
    let mut cooc: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    for s in sentences {
        let ids: Vec<u32> = s
            .iter()
            .map(|w| {
                ctx_index
                    .get(w.to_lowercase().as_str())
                    .copied()
                    .unwrap_or(u32::MAX)
            })
            .collect();
        for (i, w) in s.iter().enumerate() {
            let Some(&vi) = index.get(w.as_str()) else {
                continue;
            };
            for (slot, off) in [(0u32, -2isize), (1, -1), (2, 1), (3, 2)] {
                let j = i as isize + off;
                let c = if j < 0 || j as usize >= s.len() {
                    n_ctx - 1
                } else {
                    ids[j as usize]
                };
                if c != u32::MAX {
                    *cooc[vi].entry(slot * n_ctx + c).or_default() += 1.0;
                }
            }
        }
    }
    let vectors: Vec<Vec<(u32, f32)>> = cooc
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, f32)> = m.into_iter().map(|(d, c)| (d, (1.0 + c).ln())).collect();
            v.sort_unstable_by_key(|e| e.0);
            let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|e| e.1 /= norm);
            v
        })
        .collect();
    let assigns: Vec<Vec<u16>> = GRANULARITIES
        .iter()
        .enumerate()
        .map(|(g, &k)| kmeans(&vectors, dims, k, seed.wrapping_add(g as u64 * 7919)))
        .collect();
    let mut entries: HashMap<u64, [u16; 3]> = HashMap::new();
    // Lower-cased fallbacks take the most frequent casing (vocab is sorted
    // by frequency, so the first writer wins).
    for (i, (w, _)) in vocab.iter().enumerate() {
        let ids = [assigns[0][i], assigns[1][i], assigns[2][i]];
        entries.insert(exact_key(w), ids);
        entries.entry(lower_key(w)).or_insert(ids);
    }
    let mut sorted: Vec<(u64, [u16; 3])> = entries.into_iter().collect();
    sorted.sort_unstable_by_key(|e| e.0);
    let mut out = Vec::with_capacity(16 + sorted.len() * 14);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(sorted.len() as u32).to_le_bytes());
    for (k, ids) in sorted {
        out.extend_from_slice(&k.to_le_bytes());
        for id in ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        let mut sentences = Vec::new();
        for name in ["Paris", "Berlin", "Madrid", "Rome"] {
            for _ in 0..5 {
                sentences.push(vec![
                    "flew".to_string(),
                    "to".into(),
                    name.into(),
                    "today".into(),
                ]);
            }
        }
        for verb in ["ate", "cooked", "bought", "sold"] {
            for _ in 0..5 {
                sentences.push(vec![
                    "she".to_string(),
                    verb.into(),
                    "the".into(),
                    "bread".into(),
                ]);
            }
        }
        let bytes = induce_clusters(&sentences, 3);
        let c = Clusters::from_bytes(&bytes).expect("loads");
        let fine = |w: &str| c.get(w).map(|ids| ids[0]);
        assert!(fine("Paris").is_some());
        assert_eq!(fine("PARIS"), fine("Paris"));
        assert_eq!(c.get("Paris"), c.get("Rome"));
        assert_ne!(c.get("Paris"), c.get("cooked"));
        assert!(c.get("unseen-word").is_none());
        assert!(Clusters::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    }
}
