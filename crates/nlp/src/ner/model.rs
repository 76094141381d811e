//! The recognizer's weights: a left-to-right averaged perceptron over BILOU
//! labels, decoded with a beam of [`BEAM`] hypotheses and trained with the
//! same beam as a structured perceptron (Collins 2002). Ratinov & Roth
//! (2009) found greedy decoding as good as Viterbi; here a beam trained
//! end to end gained 2.5 F1 on CoNLL dev over greedy decoding (see
//! `docs/bench-ner.md`), mostly entities greedy decoding could not close
//! in time ("Lord 's )"). Also here: the training loop and the file format.
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
//! # File format (version 3, little-endian)
//! Version 3 has version 2's layout; the version changed because its
//! weights only make sense under beam decoding.
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
    doc_type_counts, dynamic_features, extra_features, label_pair_feature, prev_label_features,
    sentence_features, DocContext, Resources, SentenceFeatures, Stage1,
};
use super::model_error;
use crate::perceptron::ByteReader;
use crate::NlpError;

pub(crate) const N_TYPES: usize = 4;
pub(crate) const N_LABELS: usize = 1 + 4 * N_TYPES;
pub(crate) const CONLL_TYPES: [&str; N_TYPES] = ["PER", "ORG", "LOC", "MISC"];

const MAGIC: &[u8; 8] = b"NGNERwts";
pub(crate) const FORMAT_VERSION: u32 = 3;

/// Feature keys are already hashes, so the table hashes them no further.
type FeatMap = crate::perceptron::IdMap<u32>;

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

/// Per label, the labels that may follow it (at most 9: O, B-* and U-*
/// after a closed entity; I-* and L-* of its type inside one), tabulated
/// once so decoding does not test all 17.
fn successors(prev: u8) -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..N_LABELS as u8)
            .map(|p| (0..N_LABELS as u8).filter(|&l| allowed(p, l)).collect())
            .collect()
    });
    table.get(prev as usize).map_or(&[], |v| v.as_slice())
}

/// Whether a sentence may end after `label`.
fn may_end(label: u8) -> bool {
    label == 0 || label_pos(label) >= 2
}

/// Weights for inference.
pub(crate) struct Weights {
    index: FeatMap,
    rows: Vec<f32>,
    /// The label-pair feature's weights per `(p2, p1)`, tabulated at load:
    /// beam decoding asks for them once per hypothesis and token.
    pairs: Vec<[f32; N_LABELS]>,
    pub(crate) resource_fingerprint: u64,
    pub(crate) meta: String,
}

/// Anything that can score a feature for every label.
trait Scorer {
    fn add(&self, feat: u64, scores: &mut [f32; N_LABELS]);
    /// Adds the weights of the two-previous-labels feature.
    #[inline]
    fn add_pair(&self, p1: u8, p2: u8, scores: &mut [f32; N_LABELS]) {
        self.add(label_pair_feature(p1, p2), scores);
    }
}

/// The label-pair rows of a model, indexed `p2 * N_LABELS + p1`.
fn pair_table(scorer: &impl Scorer) -> Vec<[f32; N_LABELS]> {
    let mut table = vec![[0f32; N_LABELS]; N_LABELS * N_LABELS];
    for p2 in 0..N_LABELS {
        for p1 in 0..N_LABELS {
            scorer.add(
                label_pair_feature(p1 as u8, p2 as u8),
                &mut table[p2 * N_LABELS + p1],
            );
        }
    }
    table
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
    #[inline]
    fn add_pair(&self, p1: u8, p2: u8, scores: &mut [f32; N_LABELS]) {
        if let Some(r) = self.pairs.get(p2 as usize * N_LABELS + p1 as usize) {
            for (s, w) in scores.iter_mut().zip(r) {
                *s += w;
            }
        }
    }
}

/// Both stages' weights in one table: a feature's row holds the first
/// stage's weights, then the second's (zeros where a stage lacks the
/// feature). Both stages look up the same static features of every token,
/// so while the first stage sums its static scores the second stage's
/// sums of those features come from the same look-ups and rows, and the
/// second stage only adds its own extra features.
///
/// Exact: each stage's scores are the same `f32` sums, in the same order,
/// as with its own table. Adding a zero changes no sum: a score starts at
/// +0 and only ever adds nonzero weights or +0 (weights are nonzero
/// multiples of a positive scale), so it is never −0.
pub(crate) struct Stages {
    index: FeatMap,
    rows: Vec<f32>,
    pairs: [Vec<[f32; N_LABELS]>; 2],
}

/// One stage's view of [`Stages`].
struct Stage<'a> {
    stages: &'a Stages,
    half: usize,
}

impl Scorer for Stage<'_> {
    #[inline]
    fn add(&self, feat: u64, scores: &mut [f32; N_LABELS]) {
        if let Some(&row) = self.stages.index.get(&feat) {
            let r = &self.stages.rows[(2 * row as usize + self.half) * N_LABELS..][..N_LABELS];
            for (s, w) in scores.iter_mut().zip(r) {
                *s += w;
            }
        }
    }
    #[inline]
    fn add_pair(&self, p1: u8, p2: u8, scores: &mut [f32; N_LABELS]) {
        if let Some(r) = self.stages.pairs[self.half].get(p2 as usize * N_LABELS + p1 as usize) {
            for (s, w) in scores.iter_mut().zip(r) {
                *s += w;
            }
        }
    }
}

impl Stages {
    /// Builds the joined table from the two stages' blocks, straight from
    /// the file (this runs at start-up): the blocks' keys are sorted, so
    /// they merge in one pass, one insertion per feature into a table
    /// sized once.
    pub(crate) fn from_blocks(first: &Block, second: &Block) -> Stages {
        let cap = first.len() + second.len();
        let mut index = FeatMap::with_capacity_and_hasher(cap, Default::default());
        let mut rows: Vec<f32> = Vec::with_capacity(cap * 2 * N_LABELS);
        let mut a = first.keys().zip(first.rows_chunked()).peekable();
        let mut b = second.keys().zip(second.rows_chunked()).peekable();
        loop {
            let key = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.0.min(y.0),
                (Some(x), None) | (None, Some(x)) => x.0,
                (None, None) => break,
            };
            index.insert(key, index.len() as u32);
            for list in [&mut a, &mut b] {
                match list.next_if(|(k, _)| *k == key) {
                    Some((_, row)) => rows.extend(row),
                    None => rows.extend_from_slice(&[0.0; N_LABELS]),
                }
            }
        }
        let mut stages = Stages {
            index,
            rows,
            pairs: [Vec::new(), Vec::new()],
        };
        for half in 0..2 {
            stages.pairs[half] = pair_table(&Stage {
                stages: &stages,
                half,
            });
        }
        stages
    }

    /// Labels every sentence of one document with both stages: what
    /// `train::tag` does with the two stages' own tables, with the same
    /// result.
    pub(crate) fn tag_document(&self, res: &Resources, sentences: &[Vec<&str>]) -> Vec<Vec<u8>> {
        let ctx = DocContext::new(sentences.iter().flatten().copied());
        let mut base: Vec<SentenceFeatures> = sentences
            .iter()
            .map(|w| sentence_features(w, res, &ctx))
            .collect();
        let fresh = ctx.clone();
        let first = Stage {
            stages: self,
            half: 0,
        };
        let second = Stage {
            stages: self,
            half: 1,
        };
        // First stage, keeping the second stage's sums of the static
        // features for each token.
        let mut ctx = ctx;
        let mut labels1 = Vec::with_capacity(sentences.len());
        let mut second_base: Vec<Vec<[f32; N_LABELS]>> = Vec::with_capacity(sentences.len());
        let mut statics: Vec<[f32; N_LABELS]> = Vec::new();
        for (words, sf) in sentences.iter().zip(base.iter_mut()) {
            extra_features(sf, words, &ctx, None);
            statics.clear();
            let mut seconds = Vec::with_capacity(words.len());
            for i in 0..words.len() {
                let mut s1 = [0f32; N_LABELS];
                let mut s2 = [0f32; N_LABELS];
                for f in sf.token(i) {
                    if let Some(&row) = self.index.get(f) {
                        let r = &self.rows[2 * row as usize * N_LABELS..][..2 * N_LABELS];
                        for (s, w) in s1.iter_mut().zip(&r[..N_LABELS]) {
                            *s += w;
                        }
                        for (s, w) in s2.iter_mut().zip(&r[N_LABELS..]) {
                            *s += w;
                        }
                    }
                }
                for &f in sf.token_extra(i) {
                    first.add(f, &mut s1);
                }
                statics.push(s1);
                seconds.push(s2);
            }
            let labels = decode_with(&first, sf, words.len(), BEAM, Some(&statics));
            ctx.record(words, &token_types(&labels));
            labels1.push(labels);
            second_base.push(seconds);
        }
        // Second stage: its static sums go on from those, over its own
        // extra features (which see the first stage's labels).
        let doc_types = doc_type_counts(sentences, &labels1);
        let mut ctx = fresh;
        let mut out = Vec::with_capacity(sentences.len());
        for (k, (words, sf)) in sentences.iter().zip(base.iter_mut()).enumerate() {
            let s1 = labels1.get(k).map(|labels| Stage1 {
                labels,
                doc_types: &doc_types,
            });
            extra_features(sf, words, &ctx, s1.as_ref());
            let mut statics = std::mem::take(&mut second_base[k]);
            for (i, st) in statics.iter_mut().enumerate() {
                for &f in sf.token_extra(i) {
                    second.add(f, st);
                }
            }
            let labels = decode_with(&second, sf, words.len(), BEAM, Some(&statics));
            ctx.record(words, &token_types(&labels));
            out.push(labels);
        }
        out
    }
}

/// Beam width of decoding. Greedy decoding (width 1) commits to a `B-`
/// label and must then close the entity however poor the next words fit
/// ("Lord 's )" as one LOC); a small beam over (previous label, label
/// before it) states lets a later word overrule an earlier guess.
/// Training decodes with the same beam (Collins' structured perceptron):
/// a greedily trained model's scores are not comparable across tokens,
/// and summing them in a beam decodes badly.
pub(crate) const BEAM: usize = 4;

/// One partial labelling in the beam: its score, its last two labels and
/// its last node in the back-pointer arena (`u32::MAX` before the first).
#[derive(Clone, Copy)]
struct Hyp {
    score: f32,
    p1: u8,
    p2: u8,
    node: u32,
}

/// Beam decoding of one sentence; returns one label per token. Only
/// well-formed BILOU sequences are built. Hypotheses that agree on their
/// last two labels are recombined (the features see no further back), so
/// with a wide enough beam this is exact second-order Viterbi.
fn decode(scorer: &impl Scorer, sf: &SentenceFeatures, n: usize, width: usize) -> Vec<u8> {
    decode_with(scorer, sf, n, width, None)
}

/// [`decode`], with the tokens' static scores already summed when
/// `statics` is given (they must equal [`static_scores`], bit for bit).
fn decode_with(
    scorer: &impl Scorer,
    sf: &SentenceFeatures,
    n: usize,
    width: usize,
    statics: Option<&[[f32; N_LABELS]]>,
) -> Vec<u8> {
    if width <= 1 {
        return decode_greedy(scorer, sf, n);
    }
    let mut arena: Vec<(u8, u32)> = Vec::with_capacity(n * width);
    let mut beam = vec![Hyp {
        score: 0.0,
        p1: 0,
        p2: 0,
        node: u32::MAX,
    }];
    // The next beam as it fills: (score, hypothesis, label), at most one
    // per state (label, previous label), the `width` best states.
    let mut top: Vec<(f32, u32, u8)> = Vec::with_capacity(width);
    let mut next: Vec<Hyp> = Vec::with_capacity(width);
    // Per distinct previous label in the beam: the token's scores with the
    // features that see it (hypotheses often share it).
    let mut by_p1: Vec<(u8, [f32; N_LABELS])> = Vec::with_capacity(width);
    for i in 0..n {
        let base = match statics.and_then(|st| st.get(i)) {
            Some(st) => *st,
            None => static_scores(scorer, sf, i),
        };
        let last = i + 1 == n;
        top.clear();
        by_p1.clear();
        for (h_idx, h) in beam.iter().enumerate() {
            let mut s = match by_p1.iter().find(|(p, _)| *p == h.p1) {
                Some((_, s)) => *s,
                None => {
                    let mut s = base;
                    for f in prev_label_features(sf, i, h.p1) {
                        scorer.add(f, &mut s);
                    }
                    by_p1.push((h.p1, s));
                    s
                }
            };
            scorer.add_pair(h.p1, h.p2, &mut s);
            for &l in successors(h.p1) {
                if last && !may_end(l) {
                    continue;
                }
                let score = h.score + s[l as usize];
                // Candidates come in a fixed order and only a strictly
                // better one displaces another, so ties are deterministic.
                let same_state = top
                    .iter()
                    .position(|&(_, k, m)| m == l && beam[k as usize].p1 == h.p1);
                if let Some(j) = same_state {
                    if score > top[j].0 {
                        top[j] = (score, h_idx as u32, l);
                    }
                } else if top.len() < width {
                    top.push((score, h_idx as u32, l));
                } else {
                    let (j, worst) =
                        top.iter()
                            .enumerate()
                            .fold(
                                (0, f32::INFINITY),
                                |acc, (j, c)| {
                                    if c.0 < acc.1 {
                                        (j, c.0)
                                    } else {
                                        acc
                                    }
                                },
                            );
                    if score > worst {
                        top[j] = (score, h_idx as u32, l);
                    }
                }
            }
        }
        // Best first, so the final beam's head is the best labelling.
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        next.clear();
        for &(score, h_idx, l) in &top {
            let h = beam[h_idx as usize];
            arena.push((l, h.node));
            next.push(Hyp {
                score,
                p1: l,
                p2: h.p1,
                node: (arena.len() - 1) as u32,
            });
        }
        if next.is_empty() {
            // Cannot happen (O is always allowed after a closed state and
            // some closing label after an open one), but never panic.
            return decode_greedy(scorer, sf, n);
        }
        std::mem::swap(&mut beam, &mut next);
    }
    let mut labels = vec![0u8; n];
    let mut node = beam.first().map_or(u32::MAX, |h| h.node);
    for slot in labels.iter_mut().rev() {
        let Some(&(l, parent)) = arena.get(node as usize) else {
            break;
        };
        *slot = l;
        node = parent;
    }
    labels
}

/// Greedy left-to-right decoding.
fn decode_greedy(scorer: &impl Scorer, sf: &SentenceFeatures, n: usize) -> Vec<u8> {
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

/// Scores of the features that do not depend on earlier labels.
fn static_scores(scorer: &impl Scorer, sf: &SentenceFeatures, i: usize) -> [f32; N_LABELS] {
    let mut scores = [0f32; N_LABELS];
    for &f in sf.token(i).iter().chain(sf.token_extra(i)) {
        scorer.add(f, &mut scores);
    }
    scores
}

fn score_token(
    scorer: &impl Scorer,
    sf: &SentenceFeatures,
    i: usize,
    p1: u8,
    p2: u8,
) -> [f32; N_LABELS] {
    let mut scores = static_scores(scorer, sf, i);
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
            let labels = decode(self, sf, words.len(), BEAM);
            ctx.record(words, &token_types(&labels));
            out.push(labels);
        }
        out
    }

    /// The sum of several models' weights (union of their features): for
    /// a linear model, exactly the sum of their scores, so several seeds'
    /// models decode as one ensemble at the cost of one.
    pub(crate) fn sum(models: &[Weights], meta: String) -> Weights {
        let mut index = FeatMap::default();
        let mut rows: Vec<f32> = Vec::new();
        for m in models {
            let mut keys: Vec<(u64, u32)> = m.index.iter().map(|(&k, &v)| (k, v)).collect();
            keys.sort_unstable();
            for (feat, row) in keys {
                let next = index.len() as u32;
                let at = *index.entry(feat).or_insert(next);
                if at == next {
                    rows.extend_from_slice(&[0.0; N_LABELS]);
                }
                let src = &m.rows[row as usize * N_LABELS..][..N_LABELS];
                let dst = &mut rows[at as usize * N_LABELS..][..N_LABELS];
                for (d, w) in dst.iter_mut().zip(src) {
                    *d += w;
                }
            }
        }
        let mut w = Weights {
            index,
            rows,
            pairs: Vec::new(),
            resource_fingerprint: models.first().map_or(0, |m| m.resource_fingerprint),
            meta,
        };
        w.pairs = pair_table(&w);
        w
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
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Weights, NlpError> {
        Weights::read(&mut ByteReader::new("NER", bytes))
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
    pub(crate) fn read(r: &mut ByteReader) -> Result<Weights, NlpError> {
        let block = Block::read(r)?;
        let mut index = FeatMap::with_capacity_and_hasher(block.len(), Default::default());
        for (i, h) in block.keys().enumerate() {
            index.insert(h, i as u32);
        }
        let mut w = Weights {
            index,
            rows: block.rows().collect(),
            pairs: Vec::new(),
            resource_fingerprint: block.resource_fingerprint,
            meta: block.meta,
        };
        w.pairs = pair_table(&w);
        Ok(w)
    }
}

/// One stage's block of a model file, checked but not yet indexed.
pub(crate) struct Block<'a> {
    pub(crate) resource_fingerprint: u64,
    pub(crate) meta: String,
    scale: f32,
    /// `n_features` little-endian u64 hashes, strictly increasing.
    hashes: &'a [u8],
    /// `n_features × N_LABELS` little-endian i16 weights.
    weights: &'a [u8],
}

impl<'a> Block<'a> {
    pub(crate) fn read(r: &mut ByteReader<'a>) -> Result<Block<'a>, NlpError> {
        r.header(MAGIC, FORMAT_VERSION)?;
        let n_labels = r.u32()? as usize;
        if n_labels != N_LABELS {
            return Err(model_error(format!(
                "model has {n_labels} labels, expected {N_LABELS}"
            )));
        }
        let resource_fingerprint = r.u64()?;
        let meta_len = r.u32()? as usize;
        let meta = String::from_utf8_lossy(r.bytes(meta_len)?).into_owned();
        let n = r.u32()? as usize;
        let scale = f32::from_le_bytes(r.array::<4>()?);
        let hashes = r.bytes(n.checked_mul(8).ok_or_else(|| r.error("size overflow"))?)?;
        let weights = r.bytes(
            n.checked_mul(2 * N_LABELS)
                .ok_or_else(|| r.error("size overflow"))?,
        )?;
        Ok(Block {
            resource_fingerprint,
            meta,
            scale,
            hashes,
            weights,
        })
    }

    fn len(&self) -> usize {
        self.hashes.len() / 8
    }

    fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.hashes
            .chunks_exact(8)
            .map(|h| u64::from_le_bytes(h.try_into().unwrap_or([0; 8])))
    }

    /// Each feature's row of weights, as the `f32` inference adds.
    fn rows_chunked(&self) -> impl Iterator<Item = impl Iterator<Item = f32> + '_> + '_ {
        let scale = self.scale;
        self.weights.chunks_exact(2 * N_LABELS).map(move |row| {
            row.chunks_exact(2)
                .map(move |b| i16::from_le_bytes([b[0], b[1]]) as f32 * scale)
        })
    }

    /// Every weight, row after row, as the `f32` inference adds.
    fn rows(&self) -> impl Iterator<Item = f32> + '_ {
        self.rows_chunked().flatten()
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
            let pred = decode(&*self, &sf, n, BEAM);
            errors += self.update_sequence(&sf, &gold[..n.min(gold.len())], &pred);
            self.c += n as f64;
            ctx.record(words, &token_types(&pred));
        }
        errors
    }

    /// The structured perceptron's update for one sentence decoded as
    /// `pred` against `gold`: each token's features under the gold history
    /// gain on the gold label and lose under the predicted history on the
    /// predicted label, where the two differ. Returns the token errors.
    fn update_sequence(&mut self, sf: &SentenceFeatures, gold: &[u8], pred: &[u8]) -> usize {
        let at = |v: &[u8], i: usize, back: usize| -> u8 {
            if i >= back {
                v[i - back]
            } else {
                0
            }
        };
        let mut errors = 0;
        for i in 0..gold.len().min(pred.len()) {
            let (g, p) = (gold[i], pred[i]);
            if g != p {
                errors += 1;
                for &f in sf.token(i).iter().chain(sf.token_extra(i)) {
                    self.update(f, g, 1.0);
                    self.update(f, p, -1.0);
                }
            }
            let (g1, g2) = (at(gold, i, 1), at(gold, i, 2));
            let (q1, q2) = (at(pred, i, 1), at(pred, i, 2));
            if g != p || g1 != q1 || g2 != q2 {
                for f in dynamic_features(sf, i, g1, g2) {
                    self.update(f, g, 1.0);
                }
                for f in dynamic_features(sf, i, q1, q2) {
                    self.update(f, p, -1.0);
                }
            }
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
        let mut w = Weights {
            index,
            rows,
            pairs: Vec::new(),
            resource_fingerprint,
            meta: String::new(),
        };
        w.pairs = pair_table(&w);
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

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

    /// A scorer over a fixed table, for decoding fixtures.
    struct Table(HashMap<u64, [f32; N_LABELS]>);
    impl Scorer for Table {
        fn add(&self, feat: u64, scores: &mut [f32; N_LABELS]) {
            if let Some(r) = self.0.get(&feat) {
                for (s, w) in scores.iter_mut().zip(r) {
                    *s += w;
                }
            }
        }
    }

    /// A sentence whose token `i` has the single static feature `feats[i]`.
    fn sentence(feats: &[u64]) -> SentenceFeatures {
        let n = feats.len();
        SentenceFeatures {
            offsets: (0..=n as u32).collect(),
            feats: feats.to_vec(),
            lower: vec![0; n],
            shape: vec![0; n],
            short_shape: vec![0; n],
            extra_offsets: vec![0; n + 1],
            extra: Vec::new(),
        }
    }

    fn row(pairs: &[(u8, f32)]) -> [f32; N_LABELS] {
        let mut r = [0f32; N_LABELS];
        for &(l, w) in pairs {
            r[l as usize] = w;
        }
        r
    }

    #[test]
    fn beam_recovers_from_an_early_begin() {
        // Token 0 slightly prefers B-PER over U-PER; token 1 is clearly
        // outside. Greedy takes B-PER and must then close the entity with
        // L-PER; the beam keeps U-PER alive and ends with U-PER O.
        let (b_per, l_per, u_per) = (label(0, 0), label(0, 2), label(0, 3));
        let table = Table(HashMap::from([
            (100, row(&[(b_per, 1.0), (u_per, 0.9)])),
            (200, row(&[(0, 5.0)])),
        ]));
        let sf = sentence(&[100, 200]);
        assert_eq!(decode(&table, &sf, 2, 1), vec![b_per, l_per]);
        assert_eq!(decode(&table, &sf, 2, 4), vec![u_per, 0]);
    }

    #[test]
    fn beam_output_is_always_well_formed() {
        // Scores that favour ill-formed sequences (I after O, B at the end).
        let (b_org, i_org) = (label(1, 0), label(1, 1));
        let table = Table(HashMap::from([
            (1, row(&[(i_org, 3.0), (b_org, 1.0)])),
            (2, row(&[(b_org, 4.0)])),
        ]));
        for feats in [&[1u64, 1, 2][..], &[2], &[2, 2, 1, 2], &[]] {
            let sf = sentence(feats);
            for width in [1, 2, 4, 8] {
                let labels = decode(&table, &sf, feats.len(), width);
                assert_eq!(labels.len(), feats.len());
                let mut prev = 0;
                for &l in &labels {
                    assert!(allowed(prev, l), "{labels:?}");
                    prev = l;
                }
                assert!(may_end(prev), "{labels:?}");
            }
        }
    }

    #[test]
    fn structured_update_moves_weights_toward_gold() {
        let mut t = Trainer::new();
        let sf = sentence(&[7, 8]);
        let gold = [label(2, 3), 0];
        let pred = [label(0, 0), label(0, 2)];
        assert_eq!(t.update_sequence(&sf, &gold, &pred), 2);
        t.c += 2.0;
        let mut s = [0f32; N_LABELS];
        t.add(7, &mut s);
        assert!(s[label(2, 3) as usize] > 0.0 && s[label(0, 0) as usize] < 0.0);
        assert_eq!(decode(&t, &sf, 2, 4), gold.to_vec());
        // A correct prediction changes nothing.
        assert_eq!(t.update_sequence(&sf, &gold, &gold), 0);
    }

    #[test]
    fn summed_models_score_as_the_sum() {
        let mut a = Trainer::new();
        a.update(1, 2, 1.0);
        a.update(2, 0, 0.5);
        a.c += 1.0;
        let mut b = Trainer::new();
        b.update(1, 3, 2.0);
        b.update(3, 1, 1.0);
        b.c += 1.0;
        let (wa, wb) = (a.averaged(7), b.averaged(7));
        let sum = Weights::sum(&[a.averaged(7), b.averaged(7)], "m".into());
        assert_eq!(sum.n_features(), 3);
        assert_eq!(sum.resource_fingerprint, 7);
        for f in [1, 2, 3, 4] {
            let (mut x, mut y, mut z) = ([0f32; N_LABELS], [0f32; N_LABELS], [0f32; N_LABELS]);
            wa.add(f, &mut x);
            wb.add(f, &mut y);
            sum.add(f, &mut z);
            for l in 0..N_LABELS {
                assert!((x[l] + y[l] - z[l]).abs() < 1e-6);
            }
        }
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
