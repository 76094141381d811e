//! Dependency parser: greedy arc-hybrid transitions scored by an averaged
//! perceptron, trained with the dynamic oracle of Goldberg & Nivre (2013),
//! with its file format.
//!
//! Why this design: arc-hybrid makes exactly 2n transitions, so parsing is
//! linear in sentence length whatever the input; the dynamic oracle lets the
//! model learn to recover from its own mistakes, which matters most when it
//! parses predicted rather than gold tags. The root sits at the end of the
//! buffer (fewer premature root attachments), and only the last word left on
//! the stack may attach to it, so every parse is a single-rooted tree.
//!
//! Features follow Zhang & Nivre (2011), with the second stack item standing
//! in for the head of the stack top (its only possible head via RIGHT).
//!
//! File layout (little-endian):
//!
//! ```text
//! magic "NGPARSER" | version u32 | n_labels u32 | weights (perceptron::WeightTable)
//! ```
//! Classes: 0 = SHIFT, 1 + l = LEFT(l), 1 + n_labels + l = RIGHT(l), where l
//! indexes [`newsgraph_doc::tags::DEPRELS`].

use crate::perceptron::{
    feat, hash_str, mix, put_u32, ByteReader, Rng, Trainer, WeightTable, Weights,
};
use crate::NlpError;
use newsgraph_doc::tags::DEPRELS;

const MAGIC: &[u8; 8] = b"NGPARSER";
/// Format version of parser files this build reads and writes.
pub const VERSION: u32 = 1;
const N_LABELS: usize = DEPRELS.len();
const ROOT_LABEL: usize = 5;
const NONE: i32 = -1;
const PAD: u64 = 0xFFFF_0000_FFFF_0001;

/// The word and tag values the parser reads for one token.
#[derive(Clone, Copy, Debug, Default)]
pub struct ParseToken {
    /// Hash of the normalized word form (see [`word_value`]).
    pub word: u64,
    /// Tag value: (upos << 8) | xpos.
    pub tag: u32,
}

/// Normalized word value: lower-cased, digits mapped to `0`.
pub fn word_value(form: &str, buf: &mut String) -> u64 {
    buf.clear();
    for c in form.chars() {
        if c.is_ascii_digit() {
            buf.push('0');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    hash_str(buf)
}

/// Parser state over one sentence of `n` words; index `n` is the root.
struct State {
    n: usize,
    stack: Vec<i32>,
    b: usize,
    head: Vec<i32>,
    label: Vec<u8>,
    lc1: Vec<i32>,
    lc2: Vec<i32>,
    rc1: Vec<i32>,
    rc2: Vec<i32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        let m = n + 1;
        State {
            n,
            stack: Vec::with_capacity(m),
            b: 0,
            head: vec![NONE; m],
            label: vec![0; m],
            lc1: vec![NONE; m],
            lc2: vec![NONE; m],
            rc1: vec![NONE; m],
            rc2: vec![NONE; m],
            nl: vec![0; m],
            nr: vec![0; m],
            lset: vec![0; m],
            rset: vec![0; m],
        }
    }

    fn done(&self) -> bool {
        self.stack.is_empty() && self.b >= self.n
    }

    fn s(&self, k: usize) -> i32 {
        if self.stack.len() > k {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NONE
        }
    }

    fn can_shift(&self) -> bool {
        self.b < self.n
    }
    /// LEFT attaches s0 to the buffer front; onto the root only as the last word.
    fn can_left(&self) -> bool {
        !self.stack.is_empty() && (self.b < self.n || self.stack.len() == 1)
    }
    fn can_right(&self) -> bool {
        self.stack.len() >= 2
    }

    fn valid(&self, class: usize) -> bool {
        if class == 0 {
            return self.can_shift();
        }
        let l = (class - 1) % N_LABELS;
        if class <= N_LABELS {
            // Only the root attachment carries the root label.
            self.can_left() && ((self.b == self.n) == (l == ROOT_LABEL))
        } else {
            self.can_right() && l != ROOT_LABEL
        }
    }

    fn attach(&mut self, h: usize, d: usize, l: usize) {
        self.head[d] = h as i32;
        self.label[d] = l as u8;
        let (di, hi) = (d as i32, h);
        if d < h {
            if self.lc1[hi] == NONE || di < self.lc1[hi] {
                self.lc2[hi] = self.lc1[hi];
                self.lc1[hi] = di;
            } else if self.lc2[hi] == NONE || di < self.lc2[hi] {
                self.lc2[hi] = di;
            }
            self.nl[hi] = self.nl[hi].saturating_add(1);
            self.lset[hi] |= 1 << l;
        } else {
            if self.rc1[hi] == NONE || di > self.rc1[hi] {
                self.rc2[hi] = self.rc1[hi];
                self.rc1[hi] = di;
            } else if self.rc2[hi] == NONE || di > self.rc2[hi] {
                self.rc2[hi] = di;
            }
            self.nr[hi] = self.nr[hi].saturating_add(1);
            self.rset[hi] |= 1 << l;
        }
    }

    fn apply(&mut self, class: usize) {
        if class == 0 {
            self.stack.push(self.b as i32);
            self.b += 1;
            return;
        }
        let l = (class - 1) % N_LABELS;
        let Some(s0) = self.stack.pop() else { return };
        if class <= N_LABELS {
            self.attach(self.b, s0 as usize, l);
        } else if let Some(&s1) = self.stack.last() {
            self.attach(s1 as usize, s0 as usize, l);
        }
    }

    /// Unlabeled costs (gold arcs made unreachable) of SHIFT, LEFT, RIGHT.
    fn costs(&self, gold: &[i32]) -> [u32; 3] {
        let (s0, s1, b) = (self.s(0), self.s(1), self.b as i32);
        let in_buffer = |x: i32| x >= b && x <= self.n as i32;
        let deps_in_buffer = |x: i32| (self.b..self.n).filter(|&k| gold[k] == x).count() as u32;
        let mut c = [0u32; 3];
        if self.can_shift() {
            let top = self.stack.len().saturating_sub(1);
            for (i, &s) in self.stack.iter().enumerate() {
                if gold[s as usize] == b || (gold[self.b] == s && i != top) {
                    c[0] += 1;
                }
            }
        }
        if s0 != NONE {
            let d = deps_in_buffer(s0);
            let h = gold[s0 as usize];
            c[1] = d + (h != b && (h == s1 || in_buffer(h))) as u32;
            c[2] = d + (h != s1 && in_buffer(h)) as u32;
        }
        c
    }
}

/// Appends the feature hashes of `st` to `out`.
fn features(st: &State, toks: &[ParseToken], out: &mut Vec<u64>) {
    out.clear();
    let w = |i: i32| {
        if i >= 0 && (i as usize) < toks.len() {
            toks[i as usize].word
        } else {
            PAD ^ i as u64
        }
    };
    let p = |i: i32| {
        if i >= 0 && (i as usize) < toks.len() {
            toks[i as usize].tag as u64
        } else {
            PAD ^ i as u64
        }
    };
    let lab = |i: i32| {
        if i >= 0 && st.head[i as usize] != NONE {
            st.label[i as usize] as u64
        } else {
            99
        }
    };
    let g = |a: &[i32], i: i32| if i >= 0 { a[i as usize] } else { NONE };
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let n0 = if st.b <= st.n { st.b as i32 } else { NONE };
    let n1 = if st.b < st.n { st.b as i32 + 1 } else { NONE };
    let n2 = if st.b + 1 < st.n {
        st.b as i32 + 2
    } else {
        NONE
    };
    let (s0w, s0p, n0w, n0p) = (w(s0), p(s0), w(n0), p(n0));
    let (s1w, s1p) = (w(s1), p(s1));
    let mut t = 0u64;
    let mut f = |vals: &[u64]| {
        t += 1;
        let mut h = feat(t);
        for &v in vals {
            h = mix(h, v);
        }
        out.push(h);
    };
    f(&[]);
    // Single words.
    f(&[s0w, s0p]);
    f(&[s0w]);
    f(&[s0p]);
    f(&[n0w, n0p]);
    f(&[n0w]);
    f(&[n0p]);
    f(&[w(n1), p(n1)]);
    f(&[w(n1)]);
    f(&[p(n1)]);
    f(&[w(n2)]);
    f(&[p(n2)]);
    f(&[s1w, s1p]);
    f(&[s1w]);
    f(&[s1p]);
    f(&[p(s2)]);
    // Word pairs.
    f(&[s0w, s0p, n0w, n0p]);
    f(&[s0w, s0p, n0w]);
    f(&[s0w, n0w, n0p]);
    f(&[s0w, s0p, n0p]);
    f(&[s0p, n0w, n0p]);
    f(&[s0w, n0w]);
    f(&[s0p, n0p]);
    f(&[n0p, p(n1)]);
    f(&[s1w, s1p, s0w, s0p]);
    f(&[s1w, s0w]);
    f(&[s1p, s0p]);
    f(&[s1w, s0p]);
    f(&[s1p, s0w]);
    f(&[s1p, s0p, n0p]);
    f(&[s1w, n0w]);
    f(&[s1p, n0p]);
    // Three tags.
    f(&[n0p, p(n1), p(n2)]);
    f(&[s0p, n0p, p(n1)]);
    f(&[p(s2), s1p, s0p]);
    let (s0l, s0r, n0l) = (g(&st.lc1, s0), g(&st.rc1, s0), g(&st.lc1, n0));
    let (s1l, s1r) = (g(&st.lc1, s1), g(&st.rc1, s1));
    f(&[s0p, p(s0l), n0p]);
    f(&[s0p, p(s0r), n0p]);
    f(&[s0p, n0p, p(n0l)]);
    f(&[s1p, p(s1r), s0p]);
    f(&[s1p, p(s1l), s0p]);
    // Distance, capped.
    let dist = |a: i32, b: i32| {
        if a >= 0 && b >= 0 {
            ((b - a).unsigned_abs()).min(6) as u64
        } else {
            0
        }
    };
    let d0 = dist(s0, n0);
    let d1 = dist(s1, s0);
    f(&[s0w, d0]);
    f(&[s0p, d0]);
    f(&[n0w, d0]);
    f(&[n0p, d0]);
    f(&[s0w, n0w, d0]);
    f(&[s0p, n0p, d0]);
    f(&[s1p, s0p, d1]);
    f(&[s1w, s0w, d1]);
    // Valency.
    let vl = |i: i32| if i >= 0 { st.nl[i as usize] as u64 } else { 99 };
    let vr = |i: i32| if i >= 0 { st.nr[i as usize] as u64 } else { 99 };
    f(&[s0w, vr(s0)]);
    f(&[s0p, vr(s0)]);
    f(&[s0w, vl(s0)]);
    f(&[s0p, vl(s0)]);
    f(&[n0w, vl(n0)]);
    f(&[n0p, vl(n0)]);
    f(&[s1p, vr(s1)]);
    // Children.
    f(&[w(s0l)]);
    f(&[p(s0l)]);
    f(&[lab(s0l)]);
    f(&[w(s0r)]);
    f(&[p(s0r)]);
    f(&[lab(s0r)]);
    f(&[w(n0l)]);
    f(&[p(n0l)]);
    f(&[lab(n0l)]);
    f(&[p(s1r), lab(s1r)]);
    f(&[p(s1l), lab(s1l)]);
    let (s0l2, s0r2, n0l2) = (g(&st.lc2, s0), g(&st.rc2, s0), g(&st.lc2, n0));
    f(&[w(s0l2)]);
    f(&[p(s0l2)]);
    f(&[lab(s0l2)]);
    f(&[w(s0r2)]);
    f(&[p(s0r2)]);
    f(&[lab(s0r2)]);
    f(&[w(n0l2)]);
    f(&[p(n0l2)]);
    f(&[lab(n0l2)]);
    f(&[s0p, p(s0l), p(s0l2)]);
    f(&[s0p, p(s0r), p(s0r2)]);
    f(&[n0p, p(n0l), p(n0l2)]);
    f(&[s1p, s0p, p(s0l), n0p]);
    // Label sets.
    let ls = |i: i32| if i >= 0 { st.lset[i as usize] } else { 1 << 63 };
    let rs = |i: i32| if i >= 0 { st.rset[i as usize] } else { 1 << 63 };
    f(&[s0w, rs(s0)]);
    f(&[s0p, rs(s0)]);
    f(&[s0w, ls(s0)]);
    f(&[s0p, ls(s0)]);
    f(&[n0w, ls(n0)]);
    f(&[n0p, ls(n0)]);
    f(&[s1p, rs(s1)]);
    // Is the buffer front the root?
    f(&[(st.b >= st.n) as u64, s0p, st.stack.len().min(3) as u64]);
}

/// The trained parser.
pub struct Parser {
    weights: Weights,
}

/// Reusable buffers for parsing.
#[derive(Default)]
pub struct ParseScratch {
    feats: Vec<u64>,
    scores: Vec<i32>,
}

fn n_classes() -> usize {
    1 + 2 * N_LABELS
}

/// Best valid class under `scores`, or None when nothing is valid.
fn best_valid<T: PartialOrd + Copy>(
    st: &State,
    scores: &[T],
    ok: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (c, &s) in scores.iter().enumerate() {
        if st.valid(c) && ok(c) && best.is_none_or(|b| s > scores[b]) {
            best = Some(c);
        }
    }
    best
}

/// [`best_valid`] without a filter, for inference: the validity of a class
/// depends only on its kind (SHIFT, LEFT, RIGHT) and on whether it carries
/// the root label, so it is worked out once per state instead of once per
/// class (`valid` divides to find the label). Same result, same tie order.
fn best_valid_fast(st: &State, scores: &[i32]) -> Option<usize> {
    let shift = st.can_shift();
    let left = st.can_left();
    let at_root = st.b == st.n;
    let right = st.can_right();
    let mut best: Option<usize> = None;
    let mut consider = |c: usize| {
        if let Some(&s) = scores.get(c) {
            if best.is_none_or(|b| s > scores[b]) {
                best = Some(c);
            }
        }
    };
    if shift {
        consider(0);
    }
    if left {
        if at_root {
            consider(1 + ROOT_LABEL);
        } else {
            (1..=N_LABELS)
                .filter(|&c| c != 1 + ROOT_LABEL)
                .for_each(&mut consider);
        }
    }
    if right {
        (1 + N_LABELS..1 + 2 * N_LABELS)
            .filter(|&c| c != 1 + N_LABELS + ROOT_LABEL)
            .for_each(&mut consider);
    }
    best
}

impl Parser {
    /// Parses one sentence. Writes, per word, its head (word index, or
    /// `None` for the root) and label index.
    pub fn parse(
        &self,
        toks: &[ParseToken],
        scratch: &mut ParseScratch,
        heads: &mut Vec<Option<u32>>,
        labels: &mut Vec<u8>,
    ) {
        heads.clear();
        labels.clear();
        let n = toks.len();
        let mut st = State::new(n);
        scratch.scores.resize(n_classes(), 0);
        // Every step either shifts or pops, so 2n steps always finish; the
        // bound guards against any state with no valid action.
        for _ in 0..2 * n + 2 {
            if st.done() {
                break;
            }
            features(&st, toks, &mut scratch.feats);
            self.weights.score(&scratch.feats, &mut scratch.scores);
            match best_valid_fast(&st, &scratch.scores) {
                Some(c) => st.apply(c),
                None => break,
            }
        }
        for i in 0..n {
            let h = st.head[i];
            if h < 0 || h as usize >= n {
                heads.push(None);
                labels.push(ROOT_LABEL as u8);
            } else {
                heads.push(Some(h as u32));
                labels.push(st.label[i]);
            }
        }
    }

    /// Loads a parser file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, NlpError> {
        let mut r = ByteReader::new("parser", bytes);
        r.header(MAGIC, VERSION)?;
        let nl = r.u32()? as usize;
        if nl != N_LABELS {
            return Err(r.error(&format!("{nl} labels, this build has {N_LABELS}")));
        }
        let w = WeightTable::read(&mut r)?;
        if w.n_classes as usize != n_classes() {
            return Err(r.error("class count does not match the label set"));
        }
        Ok(Parser {
            weights: w.compile(),
        })
    }
}

/// A training sentence: tokens (with the tags the parser will see) and gold
/// heads (0-based, or `n` for the root) and labels.
pub struct TrainSentence {
    pub toks: Vec<ParseToken>,
    pub heads: Vec<i32>,
    pub labels: Vec<u8>,
}

/// True when no two arcs cross (the arc-hybrid system builds only these).
pub fn is_projective(heads: &[i32]) -> bool {
    let n = heads.len() as i32;
    for (d, &h) in heads.iter().enumerate() {
        let (a, b) = if (d as i32) < h {
            (d as i32, h)
        } else {
            (h, d as i32)
        };
        for (d2, &h2) in heads.iter().enumerate() {
            let (c, e) = if (d2 as i32) < h2 {
                (d2 as i32, h2)
            } else {
                (h2, d2 as i32)
            };
            if (a < c && c < b && b < e) || (c < a && a < e && e < b) {
                return false;
            }
        }
        if h > n {
            return false;
        }
    }
    true
}

/// Trains with the dynamic oracle; returns model bytes. `explore` is the
/// probability of following the model's own (possibly wrong) action after
/// the first epoch. Non-projective sentences are skipped: the oracle's costs
/// assume a reachable gold tree.
pub fn train(
    data: &[TrainSentence],
    epochs: usize,
    seed: u64,
    prune: u32,
    mut progress: impl FnMut(usize),
) -> Vec<u8> {
    let nc = n_classes();
    let mut trainer = Trainer::new(nc);
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..data.len())
        .filter(|&i| is_projective(&data[i].heads) && !data[i].toks.is_empty())
        .collect();
    let mut feats = Vec::new();
    let mut scores = vec![0f32; nc];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let s = &data[si];
            let n = s.toks.len();
            let mut st = State::new(n);
            while !st.done() {
                features(&st, &s.toks, &mut feats);
                trainer.score(&feats, &mut scores);
                let costs = st.costs(&s.heads);
                let s0 = st.s(0);
                let zero_cost = |c: usize| -> bool {
                    if c == 0 {
                        return costs[0] == 0;
                    }
                    let l = (c - 1) % N_LABELS;
                    let left = c <= N_LABELS;
                    let (k, h) = if left { (1, st.b as i32) } else { (2, st.s(1)) };
                    if costs[k] != 0 {
                        return false;
                    }
                    // A correct arc must also carry the correct label.
                    s0 < 0 || s.heads[s0 as usize] != h || s.labels[s0 as usize] as usize == l
                };
                let Some(pred) = best_valid(&st, &scores, |_| true) else {
                    break;
                };
                let gold = best_valid(&st, &scores, zero_cost)
                    .or_else(|| {
                        // No zero-cost action (should not happen on projective
                        // trees): take the cheapest.
                        let min = *costs.iter().min().unwrap_or(&0);
                        best_valid(&st, &scores, |c| {
                            costs[if c == 0 {
                                0
                            } else if c <= N_LABELS {
                                1
                            } else {
                                2
                            }] == min
                        })
                    })
                    .unwrap_or(pred);
                trainer.time += 1;
                if !zero_cost(pred) {
                    trainer.update(&feats, gold, pred);
                }
                let explore = epoch > 0 && rng.below(100) < 90;
                st.apply(if explore { pred } else { gold });
            }
        }
        progress(epoch + 1);
    }
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, VERSION);
    put_u32(&mut out, N_LABELS as u32);
    trainer.finish(prune).write(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projectivity() {
        assert!(is_projective(&[1, 3, 1]));
        assert!(!is_projective(&[2, 4, 4, 1]));
    }

    #[test]
    fn fast_validity_picks_what_the_per_class_check_picks() {
        let mut rng = Rng::new(11);
        for n in 1..12 {
            let mut st = State::new(n);
            let mut scores = vec![0i32; n_classes()];
            while !st.done() {
                // Few distinct values, so ties are common and their order is checked too.
                scores.iter_mut().for_each(|x| *x = rng.below(4) as i32);
                let slow = best_valid(&st, &scores, |_| true);
                assert_eq!(best_valid_fast(&st, &scores), slow);
                match slow {
                    Some(c) => st.apply(c),
                    None => break,
                }
            }
        }
    }

    #[test]
    fn oracle_costs_zero_along_gold_path() {
        // "She ate fish ." : She<-ate, fish<-ate, .<-ate, ate<-root(4)
        let gold = [1, 4, 1, 1];
        let mut st = State::new(4);
        let mut steps = 0;
        while !st.done() && steps < 20 {
            let c = st.costs(&gold);
            let pick = (0..n_classes())
                .find(|&k| {
                    st.valid(k)
                        && c[if k == 0 {
                            0
                        } else if k <= N_LABELS {
                            1
                        } else {
                            2
                        }] == 0
                })
                .unwrap();
            st.apply(pick);
            steps += 1;
        }
        assert!(st.done());
        assert_eq!(&st.head[..4], &[1, 4, 1, 1]);
    }
}
