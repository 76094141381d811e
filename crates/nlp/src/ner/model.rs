//! The recognizer's weights: a greedy left-to-right averaged perceptron over
//! BILOU labels (Ratinov & Roth 2009 found BILOU with greedy decoding as good
//! as Viterbi for NER), its training loop and its file format.
//!
//! # Labels
//! 0 is O; label `1 + 4 * type + pos` is position `pos` (0 B, 1 I, 2 L, 3 U)
//! of CoNLL type `type` (0 PER, 1 ORG, 2 LOC, 3 MISC). Decoding only allows
//! well-formed sequences, so every predicted entity has a begin and an end.
//!
//! # Two stages
//! The second stage sees the first stage's labels for the whole article
//! (see `features::Stage1`), so one decision can inform another made far
//! away. During training, the first-stage labels it learns from are
//! predicted by models that did not see that document (5-fold jackknife),
//! so they are as noisy as at test time.
//!
//! # File format (version 2, little-endian)
//! A model file is one block per stage (first stage, then second), each:
//! ```text
//! magic      8 bytes  "NGNERwts"
//! version    u32      FORMAT_VERSION
//! n_labels   u32      17
//! resources  u64      fingerprint of the gazetteers and word clusters it was trained with
//! meta_len   u32      then meta_len bytes of UTF-8 (the training report)
//! n_features u32
//! scale      f32      weight = i16 * scale
//! hashes     n_features × u64, strictly increasing
//! weights    n_features × n_labels × i16, row per feature
//! ```
//! Weights are quantized to 16 bits: the perceptron's averaged weights are
//! small rationals, and 16 bits halve the file against f32 with no measured
//! loss.

use super::features::{
    doc_type_counts, dynamic_features, extra_features, sentence_features, DocContext, Resources,
    SentenceFeatures, Stage1,
};
use super::NerError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) const N_TYPES: usize = 4;
pub(crate) const N_LABELS: usize = 1 + 4 * N_TYPES;
pub(crate) const CONLL_TYPES: [&str; N_TYPES] = ["PER", "ORG", "LOC", "MISC"];

const MAGIC: &[u8; 8] = b"NGNERwts";
pub(crate) const FORMAT_VERSION: u32 = 2;

/// Feature keys are already hashes, so the table hashes them no further.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);
impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
type FeatMap = HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>;

pub(crate) fn label_type(label: u8) -> Option<usize> {
    (label > 0).then(|| (label as usize - 1) / 4)
}
fn label_pos(label: u8) -> usize {
    (label as usize).saturating_sub(1) % 4
}
pub(crate) fn label(ty: usize, pos: usize) -> u8 {
    (1 + 4 * ty + pos) as u8
}

/// Whether `next` may follow `prev` (None = sentence start).
fn allowed(prev: u8, next: u8) -> bool {
    let open = prev != 0 && label_pos(prev) <= 1;
    if open {
        next != 0
            && label_type(next) == label_type(prev)
            && label_pos(next) >= 1
            && label_pos(next) <= 2
    } else {
        next == 0 || label_pos(next) == 0 || label_pos(next) == 3
    }
}

/// Whether a sentence may end after `label`.
fn may_end(label: u8) -> bool {
    label == 0 || label_pos(label) >= 2
}

/// Weights for inference.
pub(crate) struct Weights {
    index: FeatMap,
    rows: Vec<f32>,
    pub(crate) resource_fingerprint: u64,
    pub(crate) meta: String,
}

/// Anything that can score a feature for every label.
trait Scorer {
    fn add(&self, feat: u64, scores: &mut [f32; N_LABELS]);
}

impl Scorer for Weights {
    #[inline]
    fn add(&self, feat: u64, scores: &mut [f32; N_LABELS]) {
        if let Some(&row) = self.index.get(&feat) {
            let r = &self.rows[row as usize * N_LABELS..][..N_LABELS];
            for (s, w) in scores.iter_mut().zip(r) {
                *s += w;
            }
        }
    }
}

/// Greedy decoding of one sentence; returns one label per token.
fn decode(scorer: &impl Scorer, sf: &SentenceFeatures, n: usize) -> Vec<u8> {
    let mut labels = Vec::with_capacity(n);
    let (mut p1, mut p2) = (0u8, 0u8);
    for i in 0..n {
        let scores = score_token(scorer, sf, i, p1, p2);
        let best = best_allowed(&scores, p1, i + 1 == n);
        labels.push(best);
        p2 = p1;
        p1 = best;
    }
    labels
}

fn score_token(
    scorer: &impl Scorer,
    sf: &SentenceFeatures,
    i: usize,
    p1: u8,
    p2: u8,
) -> [f32; N_LABELS] {
    let mut scores = [0f32; N_LABELS];
    for &f in sf.token(i).iter().chain(sf.token_extra(i)) {
        scorer.add(f, &mut scores);
    }
    for f in dynamic_features(sf, i, p1, p2) {
        scorer.add(f, &mut scores);
    }
    scores
}

fn best_allowed(scores: &[f32; N_LABELS], prev: u8, last: bool) -> u8 {
    let mut best = None::<(u8, f32)>;
    for (l, &s) in scores.iter().enumerate() {
        let l = l as u8;
        if !allowed(prev, l) || (last && !may_end(l)) {
            continue;
        }
        if best.is_none_or(|(_, bs)| s > bs) {
            best = Some((l, s));
        }
    }
    best.map(|(l, _)| l).unwrap_or(0)
}

/// Entity spans `(start, end, type)` in token indexes from BILOU labels.
pub(crate) fn labels_to_spans(labels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let Some(ty) = label_type(l) else {
            open = None;
            continue;
        };
        match label_pos(l) {
            0 => open = Some((i, ty)),
            1 => {}
            2 => {
                if let Some((s, t)) = open.take() {
                    if t == ty {
                        spans.push((s, i + 1, ty));
                    }
                }
            }
            _ => {
                open = None;
                spans.push((i, i + 1, ty));
            }
        }
    }
    spans
}

/// Types per token (0 outside, else type + 1) for the document history.
fn token_types(labels: &[u8]) -> Vec<u8> {
    labels
        .iter()
        .map(|&l| label_type(l).map_or(0, |t| t as u8 + 1))
        .collect()
}

impl Weights {
    /// Labels every sentence of one document, in order (the history features
    /// need the earlier sentences' predictions).
    /// With `stage1` (the first stage's labels per sentence), this is the
    /// second stage.
    pub(crate) fn tag_document(
        &self,
        res: &Resources,
        sentences: &[Vec<&str>],
        stage1: Option<&[Vec<u8>]>,
    ) -> Vec<Vec<u8>> {
        let ctx = DocContext::new(sentences.iter().flatten().copied());
        let mut base: Vec<SentenceFeatures> = sentences
            .iter()
            .map(|w| sentence_features(w, res, &ctx))
            .collect();
        self.tag_prepared(sentences, &mut base, ctx, stage1)
    }

    /// Decodes sentences whose static features are already computed, so
    /// both stages share them.
    pub(crate) fn tag_prepared(
        &self,
        sentences: &[Vec<&str>],
        base: &mut [SentenceFeatures],
        mut ctx: DocContext,
        stage1: Option<&[Vec<u8>]>,
    ) -> Vec<Vec<u8>> {
        let mut out = Vec::with_capacity(sentences.len());
        let doc_types = stage1
            .map(|l| doc_type_counts(sentences, l))
            .unwrap_or_default();
        for (k, (words, sf)) in sentences.iter().zip(base.iter_mut()).enumerate() {
            let s1 = stage1.and_then(|l| l.get(k)).map(|labels| Stage1 {
                labels,
                doc_types: &doc_types,
            });
            extra_features(sf, words, &ctx, s1.as_ref());
            let labels = decode(self, sf, words.len());
            ctx.record(words, &token_types(&labels));
            out.push(labels);
        }
        out
    }

    pub(crate) fn n_features(&self) -> usize {
        self.index.len()
    }

    #[cfg(test)]
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(&mut out);
        out
    }

    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Weights, NerError> {
        Weights::read(&mut Reader { bytes, pos: 0 })
    }

    /// Appends this stage's block (layout in the module docs).
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &v)| (k, v)).collect();
        keys.sort_unstable();
        let max = self.rows.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        out.reserve(40 + self.meta.len() + keys.len() * (8 + 2 * N_LABELS));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(N_LABELS as u32).to_le_bytes());
        out.extend_from_slice(&self.resource_fingerprint.to_le_bytes());
        out.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        out.extend_from_slice(self.meta.as_bytes());
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (k, _) in &keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, row) in &keys {
            for w in &self.rows[*row as usize * N_LABELS..][..N_LABELS] {
                let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
    }

    /// Reads one stage's block.
    pub(crate) fn read(r: &mut Reader) -> Result<Weights, NerError> {
        if r.take(8)? != MAGIC {
            return Err(NerError::Format(
                "not a newsgraph NER model (bad magic)".into(),
            ));
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(NerError::Version {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let n_labels = r.u32()? as usize;
        if n_labels != N_LABELS {
            return Err(NerError::Format(format!(
                "model has {n_labels} labels, expected {N_LABELS}"
            )));
        }
        let resource_fingerprint = r.u64()?;
        let meta_len = r.u32()? as usize;
        let meta = String::from_utf8_lossy(r.take(meta_len)?).into_owned();
        let n = r.u32()? as usize;
        let scale = f32::from_le_bytes(r.take(4)?.try_into().unwrap_or([0; 4]));
        let hashes = r.take(
            n.checked_mul(8)
                .ok_or_else(|| NerError::Format("size overflow".into()))?,
        )?;
        let weights = r.take(
            n.checked_mul(2 * N_LABELS)
                .ok_or_else(|| NerError::Format("size overflow".into()))?,
        )?;
        let mut index = FeatMap::with_capacity_and_hasher(n, Default::default());
        for (i, h) in hashes.chunks_exact(8).enumerate() {
            index.insert(u64::from_le_bytes(h.try_into().unwrap_or([0; 8])), i as u32);
        }
        let rows = weights
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 * scale)
            .collect();
        Ok(Weights {
            index,
            rows,
            resource_fingerprint,
            meta,
        })
    }
}

pub(crate) struct Reader<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}
impl<'a> Reader<'a> {
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| NerError::Format("model file is truncated".into()))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or([0; 4]),
        ))
    }
    fn u64(&mut self) -> Result<u64, NerError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().unwrap_or([0; 8]),
        ))
    }
}

/// Weights under training, with the sums averaging needs (the "lazy
/// averaging" trick: avg = w - u / c, where u accumulates c * delta).
pub(crate) struct Trainer {
    index: FeatMap,
    w: Vec<f32>,
    u: Vec<f64>,
    c: f64,
}

impl Scorer for Trainer {
    #[inline]
    fn add(&self, feat: u64, scores: &mut [f32; N_LABELS]) {
        if let Some(&row) = self.index.get(&feat) {
            let r = &self.w[row as usize * N_LABELS..][..N_LABELS];
            for (s, w) in scores.iter_mut().zip(r) {
                *s += w;
            }
        }
    }
}

impl Trainer {
    pub(crate) fn new() -> Trainer {
        Trainer {
            index: FeatMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            c: 1.0,
        }
    }

    fn update(&mut self, feat: u64, label: u8, delta: f32) {
        let next = self.index.len() as u32;
        let row = *self.index.entry(feat).or_insert(next);
        if row == next {
            self.w.extend_from_slice(&[0.0; N_LABELS]);
            self.u.extend_from_slice(&[0.0; N_LABELS]);
        }
        let k = row as usize * N_LABELS + label as usize;
        self.w[k] += delta;
        self.u[k] += self.c * delta as f64;
    }

    /// One pass over a document; returns the number of token errors.
    pub(crate) fn train_document(
        &mut self,
        res: &Resources,
        sentences: &[(Vec<&str>, Vec<u8>)],
        stage1: Option<&[Vec<u8>]>,
    ) -> usize {
        let mut ctx = DocContext::new(sentences.iter().flat_map(|(w, _)| w.iter().copied()));
        let mut errors = 0;
        let doc_types = match stage1 {
            Some(l) => {
                let words: Vec<Vec<&str>> = sentences.iter().map(|(w, _)| w.clone()).collect();
                doc_type_counts(&words, l)
            }
            None => Default::default(),
        };
        for (k, (words, gold)) in sentences.iter().enumerate() {
            let s1 = stage1.and_then(|l| l.get(k)).map(|labels| Stage1 {
                labels,
                doc_types: &doc_types,
            });
            let mut sf = sentence_features(words, res, &ctx);
            extra_features(&mut sf, words, &ctx, s1.as_ref());
            let n = words.len();
            let mut pred = Vec::with_capacity(n);
            let (mut p1, mut p2) = (0u8, 0u8);
            for (i, &truth) in gold.iter().enumerate().take(n) {
                let scores = score_token(self, &sf, i, p1, p2);
                let guess = best_allowed(&scores, p1, i + 1 == n);
                if guess != truth {
                    errors += 1;
                    let dynf = dynamic_features(&sf, i, p1, p2);
                    let all = sf
                        .token(i)
                        .iter()
                        .chain(sf.token_extra(i))
                        .chain(dynf.iter());
                    for &f in all {
                        self.update(f, truth, 1.0);
                        self.update(f, guess, -1.0);
                    }
                }
                self.c += 1.0;
                pred.push(guess);
                p2 = p1;
                p1 = guess;
            }
            ctx.record(words, &token_types(&pred));
        }
        errors
    }

    /// The averaged weights, without features whose weights all round to 0.
    pub(crate) fn averaged(&self, resource_fingerprint: u64) -> Weights {
        let mut index = FeatMap::with_capacity_and_hasher(self.index.len(), Default::default());
        let mut rows = Vec::with_capacity(self.w.len());
        for (&feat, &row) in &self.index {
            let base = row as usize * N_LABELS;
            let avg: Vec<f32> = (0..N_LABELS)
                .map(|l| (self.w[base + l] as f64 - self.u[base + l] / self.c) as f32)
                .collect();
            if avg.iter().all(|w| w.abs() < 1e-3) {
                continue;
            }
            index.insert(feat, (rows.len() / N_LABELS) as u32);
            rows.extend_from_slice(&avg);
        }
        Weights {
            index,
            rows,
            resource_fingerprint,
            meta: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_are_well_formed() {
        let b_per = label(0, 0);
        let l_per = label(0, 2);
        let i_org = label(1, 1);
        assert!(allowed(0, b_per));
        assert!(!allowed(0, l_per));
        assert!(allowed(b_per, l_per));
        assert!(!allowed(b_per, i_org));
        assert!(!allowed(b_per, 0));
        assert!(!may_end(b_per));
        assert_eq!(
            labels_to_spans(&[0, b_per, l_per, label(2, 3)]),
            vec![(1, 3, 0), (3, 4, 2)]
        );
    }

    #[test]
    fn format_round_trips_and_rejects_garbage() {
        let mut t = Trainer::new();
        t.update(42, 3, 1.0);
        t.c += 1.0;
        let w = t.averaged(7);
        let back = Weights::from_bytes(&w.to_bytes()).expect("round trip");
        assert_eq!(back.n_features(), 1);
        assert_eq!(back.resource_fingerprint, 7);
        assert!(Weights::from_bytes(b"junk").is_err());
        let mut bytes = w.to_bytes();
        bytes.truncate(bytes.len() - 3);
        assert!(Weights::from_bytes(&bytes).is_err());
    }
}
