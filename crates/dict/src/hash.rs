//! A fast hasher for the dictionaries' maps (the FxHash of rustc and Firefox).
//!
//! The event coder looks up several dictionary phrases for nearly every token
//! of every sentence; with std's SipHash the hashing alone was a visible share
//! of the stage. The keys are our own dictionary entries, and a lookup with a
//! word from an article cannot make two keys collide, so a keyed,
//! DoS-resistant hash buys nothing here. No output depends on it: nothing
//! iterates these maps in a way that reaches a result.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: one rotate, xor and multiply per 8 bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length keeps "A\0" and "A" apart within one chunk.
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the best-mixed bits at the top; the table
        // indexes by the low bits, so bring the top ones down.
        self.hash.rotate_left(26)
    }
}

pub type FxBuildHasher = BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = HashMap<K, V, FxBuildHasher>;
pub type FxHashSet<K> = HashSet<K, FxBuildHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_keys_hash_equal_and_near_keys_differ() {
        let b = FxBuildHasher::default();
        assert_eq!(b.hash_one("RUSSIA"), b.hash_one(String::from("RUSSIA")));
        assert_ne!(b.hash_one("RUSSIA"), b.hash_one("RUSSIAN"));
        assert_ne!(b.hash_one("A"), b.hash_one("A\0"));
        let mut m: FxHashMap<String, u32> = FxHashMap::default();
        m.insert("UNITED NATIONS".into(), 1);
        assert_eq!(m.get("UNITED NATIONS"), Some(&1));
        assert_eq!(m.get("UNITED NATION"), None);
    }
}
