//! The averaged perceptron shared by the tagger and the parser: feature
//! hashing, sparse training weights, and the compact quantized weight table
//! that model files store and inference reads.
//!
//! Features are 64-bit hashes of (template, values); nothing is interned, so
//! extraction allocates nothing. A feature's weights are sparse over classes
//! (a perceptron only touches the classes it confused), which keeps both the
//! training memory and the files small.
//!
//! Weight table layout (little-endian, written by [`WeightTable::write`]):
//!
//! ```text
//! n_classes u32 | scale f32 | n_features u32
//! keys      [u64; n_features]   sorted ascending
//! counts    [u8;  n_features]   entries per feature (1..=255)
//! classes   [u8;  n_entries]    class of each entry, grouped by feature
//! weights   [i16; n_entries]    weight = value * scale
//! ```

use crate::NlpError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Starts a feature hash for template `template`.
#[inline]
pub fn feat(template: u64) -> u64 {
    mix(0x243F_6A88_85A3_08D3, template)
}

/// Folds one more value into a hash.
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    let x = (h ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// A stable 64-bit hash of a string (FNV-1a, finalized). Written out so model
/// files never depend on the standard library's hasher.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix(h, 0x5851_F42D_4C95_7F2D)
}

/// Keys are already hashes: hashing them again would only cost time.
#[derive(Default)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy, Debug)]
struct Entry {
    class: u16,
    w: f32,
    total: f32,
    stamp: u32,
}

/// One feature's weights, and how many updates touched it.
#[derive(Default)]
struct Row {
    updates: u32,
    entries: Vec<Entry>,
}

/// Training-time weights with lazy averaging (the classic trick: each weight
/// remembers when it last changed, so averaging costs nothing per step).
pub struct Trainer {
    n_classes: usize,
    weights: IdMap<Row>,
    /// Number of training instances seen so far.
    pub time: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            weights: IdMap::default(),
            time: 0,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the current weights of `feats` into `scores` (len n_classes).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(row) = self.weights.get(f) {
                for e in &row.entries {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    fn add(&mut self, f: u64, class: usize, delta: f32) {
        let time = self.time;
        let row = self.weights.entry(f).or_default();
        if delta > 0.0 {
            row.updates += 1;
        }
        let es = &mut row.entries;
        let e = match es.iter_mut().position(|e| e.class as usize == class) {
            Some(i) => &mut es[i],
            None => {
                es.push(Entry {
                    class: class as u16,
                    w: 0.0,
                    total: 0.0,
                    stamp: time,
                });
                let i = es.len() - 1;
                &mut es[i]
            }
        };
        e.total += (time - e.stamp) as f32 * e.w;
        e.stamp = time;
        e.w += delta;
    }

    /// The perceptron update: reward `truth`, penalize `guess`.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &f in feats {
            self.add(f, truth, 1.0);
            self.add(f, guess, -1.0);
        }
    }

    /// Averages, drops features touched by fewer than `min_updates` updates
    /// (rare features are most of the table but change few decisions), and
    /// quantizes to i16.
    pub fn finish(&self, min_updates: u32) -> WeightTable {
        let t = self.time.max(1) as f32;
        let mut feats: Vec<(u64, Vec<(u8, f32)>)> = Vec::with_capacity(self.weights.len());
        let mut max_abs = 0f32;
        for (&k, r) in &self.weights {
            if r.updates < min_updates {
                continue;
            }
            let mut row: Vec<(u8, f32)> = r
                .entries
                .iter()
                .map(|e| {
                    let total = e.total + (self.time - e.stamp) as f32 * e.w;
                    (e.class as u8, total / t)
                })
                .filter(|(_, w)| *w != 0.0)
                .collect();
            row.sort_by_key(|(c, _)| *c);
            for (_, w) in &row {
                max_abs = max_abs.max(w.abs());
            }
            if !row.is_empty() {
                feats.push((k, row));
            }
        }
        feats.sort_unstable_by_key(|(k, _)| *k);
        let scale = if max_abs > 0.0 {
            max_abs / 32767.0
        } else {
            1.0
        };
        let mut table = WeightTable {
            n_classes: self.n_classes as u32,
            scale,
            keys: Vec::new(),
            counts: Vec::new(),
            classes: Vec::new(),
            weights: Vec::new(),
        };
        for (k, row) in feats {
            let q: Vec<(u8, i16)> = row
                .into_iter()
                .map(|(c, w)| (c, (w / scale).round() as i16))
                .filter(|(_, q)| *q != 0)
                .take(255)
                .collect();
            if q.is_empty() {
                continue;
            }
            table.keys.push(k);
            table.counts.push(q.len() as u8);
            for (c, w) in q {
                table.classes.push(c);
                table.weights.push(w);
            }
        }
        table
    }
}

/// The stored, quantized weights (see the module docs for the layout).
#[derive(Clone, Debug, PartialEq)]
pub struct WeightTable {
    pub n_classes: u32,
    pub scale: f32,
    pub keys: Vec<u64>,
    pub counts: Vec<u8>,
    pub classes: Vec<u8>,
    pub weights: Vec<i16>,
}

impl WeightTable {
    pub fn write(&self, out: &mut Vec<u8>) {
        put_u32(out, self.n_classes);
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_u32(out, self.keys.len() as u32);
        for k in &self.keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        out.extend_from_slice(&self.counts);
        out.extend_from_slice(&self.classes);
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }

    pub fn read(r: &mut ByteReader) -> Result<WeightTable, NlpError> {
        let n_classes = r.u32()?;
        let scale = f32::from_le_bytes(r.array::<4>()?);
        let n = r.u32()? as usize;
        // Whole arrays at once: a bounds check per array, not per value.
        let keys = r
            .bytes(
                n.checked_mul(8)
                    .ok_or_else(|| r.error("feature count too large"))?,
            )?
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .collect();
        let counts = r.bytes(n)?.to_vec();
        let n_entries: usize = counts.iter().map(|&c| c as usize).sum();
        let classes = r.bytes(n_entries)?.to_vec();
        if classes.iter().any(|&c| c as u32 >= n_classes) {
            return Err(r.error("class index out of range"));
        }
        let raw = r.bytes(n_entries * 2)?;
        let weights = raw
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        Ok(WeightTable {
            n_classes,
            scale,
            keys,
            counts,
            classes,
            weights,
        })
    }

    /// Builds the lookup table inference uses.
    ///
    /// Each feature goes to slot `fastrange(key)` or the first free slot
    /// after it. Keys are inserted in sorted order and fastrange is monotone,
    /// so building is a sequential pass (fast start-up) and occupied slots
    /// hold increasing keys, which lets a lookup stop at the first larger
    /// key. Up to [`INLINE`] entries live in the slot itself, so a lookup
    /// usually costs one cache miss.
    pub fn compile(&self) -> Weights {
        let n = self.keys.len();
        // Load factor about 0.6: short probe runs, modest memory.
        let cap = (n + n * 2 / 3).max(16);
        let mut slots: Vec<Slot> = Vec::with_capacity(cap + 64);
        advise_huge_pages(&slots);
        let mut overflow = Vec::new();
        let nc = self.n_classes as usize;
        let stride = nc.next_multiple_of(LANES);
        let mut dense: Vec<[i16; LANES]> = Vec::new();
        let mut pos = 0usize;
        for (i, &k) in self.keys.iter().enumerate() {
            let cnt = self.counts[i] as usize;
            let entries = pos..pos + cnt;
            pos += cnt;
            // Key 0 marks an empty slot; a real key of 0 is simply dropped.
            if k == 0 {
                continue;
            }
            let home = fastrange(k, cap);
            if slots.len() < home {
                slots.resize(home, Slot::default());
            }
            let mut slot = Slot {
                key: k,
                n: cnt as u8,
                more: overflow.len() as u32,
                ..Slot::default()
            };
            if cnt > DENSE_MIN {
                // Many classes: one dense row, added without branches.
                slot.more = dense.len() as u32;
                let at = dense.len();
                dense.resize(at + stride / LANES, [0; LANES]);
                for e in entries {
                    let c = self.classes[e] as usize;
                    if let Some(block) = dense.get_mut(at + c / LANES) {
                        block[c % LANES] = self.weights[e];
                    }
                }
            } else {
                for (j, e) in entries.enumerate() {
                    if j < INLINE {
                        slot.cls[j] = self.classes[e];
                        slot.w[j] = self.weights[e];
                    } else {
                        overflow.push((self.classes[e] as u16, self.weights[e]));
                    }
                }
            }
            slots.push(slot);
        }
        // A trailing empty slot ends every probe run.
        slots.push(Slot::default());
        Weights {
            n_classes: nc,
            cap,
            slots,
            overflow,
            dense,
            avx2: has_avx2(),
        }
    }
}

/// Asks Linux to back a large table with 2 MB pages. Lookups hit random
/// slots of a table of tens of MB, so with 4 KB pages nearly every lookup
/// also misses the TLB; huge pages remove most of those misses. Advisory
/// only: on failure, or elsewhere than Linux, nothing changes.
fn advise_huge_pages<T>(v: &Vec<T>) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = v.as_ptr() as usize;
        let end = start + v.capacity() * std::mem::size_of::<T>();
        let a = start.next_multiple_of(HUGE);
        let b = end / HUGE * HUGE;
        if b > a {
            // SAFETY: madvise only gives the kernel a hint about memory this
            // Vec owns (the range lies inside its allocation); it never
            // changes the contents or validity of the mapping.
            unsafe {
                libc::madvise(a as *mut libc::c_void, b - a, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = v;
}

/// Entries stored inside a slot.
const INLINE: usize = 4;
/// Features with more entries than this store a dense row of all classes
/// (in the parser these are the frequent tag features, looked up at every
/// step): a contiguous row the compiler vectorizes beats scattered adds.
const DENSE_MIN: usize = 16;

/// One hash-table slot: a key and its first entries, in 32 bytes.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    key: u64,
    more: u32,
    n: u8,
    cls: [u8; INLINE],
    w: [i16; INLINE],
}

/// Maps a hash uniformly onto `0..cap` (Lemire's multiply-shift), and
/// monotonically, which the sorted build relies on.
#[inline]
fn fastrange(key: u64, cap: usize) -> usize {
    ((key as u128 * cap as u128) >> 64) as usize
}

/// Inference weights: quantized weights in a hash table of [`Slot`]s.
/// Scores are integer sums of quantized weights; the common scale does not
/// change an argmax, so it is never applied.
pub struct Weights {
    pub n_classes: usize,
    cap: usize,
    slots: Vec<Slot>,
    overflow: Vec<(u16, i16)>,
    /// Rows of weights for all classes, for features with over
    /// [`DENSE_MIN`] entries, in blocks of [`LANES`] classes (the last
    /// block padded with zeros); such a slot's `more` is the index of its
    /// row's first block.
    dense: Vec<[i16; LANES]>,
    /// The CPU has AVX2 (checked once at load): scoring then runs the same
    /// code compiled for 8-lane vectors.
    avx2: bool,
}

/// Dense rows are summed in blocks of this many classes: two 256-bit
/// vectors of i32 sums with AVX2 (four 128-bit ones without). Wider blocks
/// spread the per-row index and bounds check over more adds; 16 pads the
/// parser's 105 classes to 112, no more than 8 would.
const LANES: usize = 16;

/// Dense rows found by one lookup pass before they are summed.
const ROW_BATCH: usize = 64;

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

impl Weights {
    /// Sets `scores` (len n_classes) to the sum of the weights of `feats`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is true only when the running CPU reported
            // AVX2 (`has_avx2`), which is all `score_avx2` requires.
            unsafe { self.score_avx2(feats, scores) };
            return;
        }
        self.score_portable(feats, scores);
    }

    /// [`Weights::score_portable`] compiled with AVX2 enabled: the block
    /// sums in `add_rows` become one `vpmovsxwd` + `vpaddd` per row.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_avx2(&self, feats: &[u64], scores: &mut [i32]) {
        self.score_portable(feats, scores);
    }

    #[inline(always)]
    fn score_portable(&self, feats: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        // First touch every home slot: the loads are independent, so the
        // CPU overlaps their cache misses instead of paying them in turn.
        let mut touch = 0u64;
        for &f in feats {
            if let Some(s) = self.slots.get(fastrange(f, self.cap)) {
                touch ^= s.key;
            }
        }
        std::hint::black_box(touch);
        // Dense rows are collected and summed together (`add_rows`); the
        // sparse entries are added as they are found.
        let mut rows = [0u32; ROW_BATCH];
        let mut n_rows = 0;
        for &f in feats {
            let mut i = fastrange(f, self.cap);
            while let Some(s) = self.slots.get(i) {
                if s.key == f {
                    let n = s.n as usize;
                    if n > DENSE_MIN {
                        if n_rows == ROW_BATCH {
                            self.add_rows(&rows, scores);
                            n_rows = 0;
                        }
                        rows[n_rows] = s.more;
                        n_rows += 1;
                        break;
                    }
                    for j in 0..n.min(INLINE) {
                        if let Some(x) = scores.get_mut(s.cls[j] as usize) {
                            *x += s.w[j] as i32;
                        }
                    }
                    if n > INLINE {
                        let a = s.more as usize;
                        for &(c, w) in self.overflow.get(a..a + n - INLINE).unwrap_or(&[]) {
                            if let Some(x) = scores.get_mut(c as usize) {
                                *x += w as i32;
                            }
                        }
                    }
                    break;
                }
                if s.key == 0 || s.key > f {
                    break;
                }
                i += 1;
            }
        }
        self.add_rows(&rows[..n_rows], scores);
    }

    /// Adds dense rows into `scores`, one block of [`LANES`] classes at a
    /// time: the block's sums stay in a vector register while every row's
    /// block is added to it (loads of rows just read, so from L1), instead
    /// of reading and writing all of `scores` once per row.
    #[inline(always)]
    fn add_rows(&self, rows: &[u32], scores: &mut [i32]) {
        for (c, out) in scores.chunks_mut(LANES).enumerate() {
            let mut acc = [0i32; LANES];
            for &r in rows {
                if let Some(w) = self.dense.get(r as usize + c) {
                    for k in 0..LANES {
                        acc[k] += w[k] as i32;
                    }
                }
            }
            for (x, a) in out.iter_mut().zip(acc) {
                *x += a;
            }
        }
    }
}

/// Index of the highest score (first on ties, so results are deterministic).
#[inline]
pub fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// A deterministic PRNG (xorshift64*) for shuffling and exploration, so the
/// same seed and data always give the same model bytes.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(mix(seed, 0x2545_F491_4F6C_DD1D) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// A bounds-checked reader over a model file; every read can fail with an
/// error naming the model, never panic.
pub struct ByteReader<'a> {
    what: &'static str,
    data: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    pub fn new(what: &'static str, data: &'a [u8]) -> ByteReader<'a> {
        ByteReader { what, data, pos: 0 }
    }
    pub fn error(&self, message: &str) -> NlpError {
        NlpError::Model {
            model: self.what.to_string(),
            message: format!("{message} at byte {}", self.pos),
        }
    }
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], NlpError> {
        if n > self.remaining() {
            return Err(self.error("file truncated"));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], NlpError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.bytes(N)?);
        Ok(a)
    }
    pub fn u8(&mut self) -> Result<u8, NlpError> {
        Ok(self.bytes(1)?[0])
    }
    pub fn u32(&mut self) -> Result<u32, NlpError> {
        Ok(u32::from_le_bytes(self.array::<4>()?))
    }
    pub fn u64(&mut self) -> Result<u64, NlpError> {
        Ok(u64::from_le_bytes(self.array::<8>()?))
    }
    pub fn str(&mut self) -> Result<&'a str, NlpError> {
        let n = self.u32()? as usize;
        let b = self.bytes(n)?;
        std::str::from_utf8(b).map_err(|_| self.error("invalid UTF-8 string"))
    }
    /// Checks the magic bytes and that the version is one this build reads.
    pub fn header(&mut self, magic: &[u8; 8], version: u32) -> Result<(), NlpError> {
        let m = self.bytes(8).map_err(|_| self.error("not a model file"))?;
        if m != magic {
            return Err(self.error("wrong magic bytes: not this kind of model file"));
        }
        let v = self.u32()?;
        if v != version {
            return Err(NlpError::Version {
                model: self.what.to_string(),
                found: v,
                supported: version,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let mut t = Trainer::new(3);
        let data: Vec<(Vec<u64>, usize)> = (0..30)
            .map(|i| (vec![feat(1), mix(feat(2), (i % 3) as u64)], i % 3))
            .collect();
        let mut scores = vec![0f32; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                t.time += 1;
                t.score(f, &mut scores);
                let g = argmax(&scores);
                t.update(f, *y, g);
            }
        }
        let table = t.finish(0);
        let mut bytes = Vec::new();
        table.write(&mut bytes);
        let back = WeightTable::read(&mut ByteReader::new("test", &bytes)).unwrap();
        assert_eq!(back, table);
        let w = back.compile();
        let mut iscores = vec![0i32; 3];
        for (f, y) in &data {
            w.score(f, &mut iscores);
            assert_eq!(argmax(&iscores), *y);
        }
        // Unknown features score nothing.
        w.score(&[12345, feat(999)], &mut iscores);
        assert_eq!(iscores, [0, 0, 0]);
    }

    #[test]
    fn dense_rows_score_like_sparse_entries() {
        // A feature with weights for every class takes the dense-row path.
        let nc = 2 * DENSE_MIN + 3;
        let mut t = Trainer::new(nc);
        for c in 1..nc {
            t.time += 1;
            t.update(&[feat(1), mix(feat(2), c as u64)], c, 0);
        }
        let table = t.finish(0);
        assert!(table.counts.iter().any(|&n| n as usize > DENSE_MIN));
        let w = table.compile();
        for c in 1..nc {
            let fs = [feat(1), mix(feat(2), c as u64)];
            let mut expect = vec![0i32; nc];
            let mut pos = 0;
            for (i, &k) in table.keys.iter().enumerate() {
                let n = table.counts[i] as usize;
                if fs.contains(&k) {
                    for e in pos..pos + n {
                        expect[table.classes[e] as usize] += table.weights[e] as i32;
                    }
                }
                pos += n;
            }
            let mut got = vec![0i32; nc];
            w.score(&fs, &mut got);
            assert_eq!(got, expect);
        }
    }

    #[test]
    fn truncated_table_is_an_error() {
        let mut t = Trainer::new(2);
        t.time = 1;
        t.update(&[feat(7)], 0, 1);
        let mut bytes = Vec::new();
        t.finish(0).write(&mut bytes);
        for n in 0..bytes.len() {
            assert!(WeightTable::read(&mut ByteReader::new("test", &bytes[..n])).is_err());
        }
    }

    #[test]
    fn rng_is_deterministic() {
        let a: Vec<u64> = (0..5)
            .scan(Rng::new(3), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..5)
            .scan(Rng::new(3), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
    }
}
