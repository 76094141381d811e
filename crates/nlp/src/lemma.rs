//! Lemmatizer: a lexicon from the treebank plus suffix rules learned from it,
//! with its training and file format. Event dictionaries are keyed by lemma,
//! so a lemma must exist for every token, known or not.
//!
//! Lookup order: the exact (form, XPOS) pair, then the lower-cased form with
//! the XPOS, then the most frequent edit rule ("strip k characters, append s")
//! for the longest known suffix of the form under that XPOS. Rules are
//! learned over distinct word types, so irregular frequent words ("was" →
//! "be") do not leak into rules for unknown words. Proper nouns (NNP, NNPS)
//! keep their case, every other lemma is lower-cased, as in UD English.
//!
//! File layout (little-endian):
//!
//! ```text
//! magic "NGLEMMAT" | version u32
//! n_lex u32   | [(key u64, lemma str); n_lex]           key = mix(hash(form), xpos), sorted
//! n_rules u32 | [(key u64, strip u8, append str); n]    key = mix(hash(suffix), xpos, len), sorted
//! str = len u32 + UTF-8 bytes
//! ```

use crate::conllu::GoldSentence;
use crate::perceptron::{hash_str, mix, put_str, put_u32, ByteReader, IdMap};
use crate::NlpError;
use newsgraph_doc::tags::XPOS;
use std::collections::BTreeMap;

const MAGIC: &[u8; 8] = b"NGLEMMAT";
/// Format version of lemmatizer files this build reads and writes.
pub const VERSION: u32 = 1;
/// Longest suffix (in characters) a rule is keyed on.
const MAX_SUFFIX: usize = 6;

/// The trained lemmatizer.
pub struct Lemmatizer {
    lexicon: IdMap<String>,
    rules: IdMap<(u8, String)>,
}

fn lex_key(form: &str, xpos: u8) -> u64 {
    mix(hash_str(form), xpos as u64)
}

fn rule_key(suffix: &str, xpos: u8, n_chars: usize) -> u64 {
    mix(mix(hash_str(suffix), xpos as u64), n_chars as u64 + 1000)
}

fn is_proper(xpos: u8) -> bool {
    // Read the tag's name rather than searching the table for "NNP": this
    // runs for every token.
    matches!(XPOS.get(xpos as usize), Some(&"NNP") | Some(&"NNPS"))
}

/// The string rules apply to: the form itself for proper nouns, else the
/// form lower-cased.
fn base(form: &str, xpos: u8) -> String {
    if is_proper(xpos) {
        form.to_string()
    } else {
        form.to_lowercase()
    }
}

/// The edit turning `base` into `lemma`: characters to strip from the end,
/// and the string to append.
fn edit(base: &str, lemma: &str) -> (usize, String) {
    let common = base
        .chars()
        .zip(lemma.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let strip = base.chars().count() - common;
    let append: String = lemma.chars().skip(common).collect();
    (strip, append)
}

/// Byte offsets of the last `k` characters' starts, for k = 0..=MAX_SUFFIX.
fn suffixes(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let starts: Vec<usize> = s
        .char_indices()
        .rev()
        .map(|(i, _)| i)
        .take(MAX_SUFFIX)
        .collect();
    std::iter::once((0, &s[s.len()..])).chain(
        starts
            .into_iter()
            .enumerate()
            .map(move |(k, i)| (k + 1, &s[i..])),
    )
}

impl Lemmatizer {
    /// The lemma of `form` tagged `xpos`.
    pub fn lemmatize(&self, form: &str, xpos: u8) -> String {
        if let Some(l) = self.lexicon.get(&lex_key(form, xpos)) {
            return l.clone();
        }
        let b = base(form, xpos);
        // The same key as above when the form is already its base.
        if b != form {
            if let Some(l) = self.lexicon.get(&lex_key(&b, xpos)) {
                return l.clone();
            }
        }
        // The rule for the longest known suffix (0 to MAX_SUFFIX characters).
        let mut best: Option<&(u8, String)> = self.rules.get(&rule_key("", xpos, 0));
        for (k, (i, _)) in b.char_indices().rev().take(MAX_SUFFIX).enumerate() {
            if let Some(r) = self.rules.get(&rule_key(&b[i..], xpos, k + 1)) {
                best = Some(r);
            }
        }
        match best {
            Some((strip, append)) => {
                let strip = *strip as usize;
                if b.is_empty() {
                    // Nothing to strip or append to.
                    return b;
                }
                if strip == 0 {
                    return b + append;
                }
                // Byte offset of the first stripped character; none when the
                // rule would strip the whole base, which is then kept.
                match b.char_indices().rev().nth(strip - 1) {
                    Some((cut, _)) if cut > 0 => {
                        let mut lemma = b;
                        lemma.truncate(cut);
                        lemma.push_str(append);
                        lemma
                    }
                    _ => b,
                }
            }
            None => b,
        }
    }

    /// Loads a lemmatizer file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Lemmatizer, NlpError> {
        let mut r = ByteReader::new("lemmatizer", bytes);
        r.header(MAGIC, VERSION)?;
        let n = r.u32()? as usize;
        let mut lexicon = IdMap::default();
        lexicon.reserve(n.min(r.remaining() / 12));
        for _ in 0..n {
            let k = r.u64()?;
            lexicon.insert(k, r.str()?.to_string());
        }
        let n = r.u32()? as usize;
        let mut rules = IdMap::default();
        rules.reserve(n.min(r.remaining() / 13));
        for _ in 0..n {
            let k = r.u64()?;
            let strip = r.u8()?;
            rules.insert(k, (strip, r.str()?.to_string()));
        }
        Ok(Lemmatizer { lexicon, rules })
    }
}

/// Learns the lexicon and rules from gold sentences; returns the file bytes.
pub fn train(sentences: &[GoldSentence]) -> Vec<u8> {
    // (form, xpos) -> lemma -> count, over tokens, for the lexicon.
    let mut lex: BTreeMap<(String, u8), BTreeMap<String, u32>> = BTreeMap::new();
    for s in sentences {
        for w in &s.words {
            if w.lemma == "_" || w.lemma.is_empty() {
                continue;
            }
            *lex.entry((w.form.clone(), w.xpos))
                .or_default()
                .entry(w.lemma.clone())
                .or_insert(0) += 1;
        }
    }
    let pick = |m: &BTreeMap<String, u32>| -> String {
        m.iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(l, _)| l.clone())
            .unwrap_or_default()
    };
    // Lower-cased entries: merged counts; exact entries are kept only where
    // they differ from what the lower-cased entry would give.
    let mut lower: BTreeMap<(String, u8), BTreeMap<String, u32>> = BTreeMap::new();
    for ((form, xpos), m) in &lex {
        let e = lower.entry((base(form, *xpos), *xpos)).or_default();
        for (l, n) in m {
            *e.entry(l.clone()).or_insert(0) += n;
        }
    }
    let mut rows: BTreeMap<u64, String> = BTreeMap::new();
    let mut rule_counts: BTreeMap<u64, BTreeMap<(u8, String), u32>> = BTreeMap::new();
    for ((b, xpos), m) in &lower {
        let lemma = pick(m);
        let (strip, append) = edit(b, &lemma);
        if strip < 256 {
            for (k, suf) in suffixes(b) {
                *rule_counts
                    .entry(rule_key(suf, *xpos, k))
                    .or_default()
                    .entry((strip as u8, append.clone()))
                    .or_insert(0) += 1;
            }
        }
        rows.insert(lex_key(b, *xpos), lemma);
    }
    for ((form, xpos), m) in &lex {
        let lemma = pick(m);
        let b = base(form, *xpos);
        if rows.get(&lex_key(&b, *xpos)) != Some(&lemma) {
            rows.insert(lex_key(form, *xpos), lemma);
        }
    }
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, VERSION);
    put_u32(&mut out, rows.len() as u32);
    for (k, l) in &rows {
        out.extend_from_slice(&k.to_le_bytes());
        put_str(&mut out, l);
    }
    let rules: Vec<(u64, (u8, String))> = rule_counts
        .into_iter()
        .filter_map(|(k, m)| {
            let total: u32 = m.values().sum();
            let best = m
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(r, _)| r.clone())?;
            // One-off long suffixes are memorized words, not rules.
            (total >= 2).then_some((k, best))
        })
        .collect();
    put_u32(&mut out, rules.len() as u32);
    for (k, (strip, append)) in &rules {
        out.extend_from_slice(&k.to_le_bytes());
        out.push(*strip);
        put_str(&mut out, append);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::Word;
    use newsgraph_doc::tags::xpos_index;

    fn sent(words: &[(&str, &str, &str)]) -> GoldSentence {
        GoldSentence {
            words: words
                .iter()
                .map(|(f, l, x)| Word {
                    form: f.to_string(),
                    lemma: l.to_string(),
                    xpos: xpos_index(x).unwrap(),
                    ..Word::default()
                })
                .collect(),
            ..GoldSentence::default()
        }
    }

    #[test]
    fn lexicon_then_rules() {
        let s = sent(&[
            ("walked", "walk", "VBD"),
            ("talked", "talk", "VBD"),
            ("jumped", "jump", "VBD"),
            ("was", "be", "VBD"),
            ("The", "the", "DT"),
            ("Americans", "American", "NNPS"),
            ("cats", "cat", "NNS"),
            ("dogs", "dog", "NNS"),
        ]);
        let bytes = train(&[s]);
        let l = Lemmatizer::from_bytes(&bytes).unwrap();
        assert_eq!(l.lemmatize("was", xpos_index("VBD").unwrap()), "be");
        assert_eq!(l.lemmatize("parked", xpos_index("VBD").unwrap()), "park");
        assert_eq!(l.lemmatize("Birds", xpos_index("NNS").unwrap()), "bird");
        assert_eq!(l.lemmatize("THE", xpos_index("DT").unwrap()), "the");
        assert_eq!(
            l.lemmatize("Americans", xpos_index("NNPS").unwrap()),
            "American"
        );
        assert_eq!(l.lemmatize("Zork", xpos_index("NNP").unwrap()), "Zork");
        assert_eq!(l.lemmatize("", 0), "");
    }

    #[test]
    fn edits() {
        assert_eq!(edit("walked", "walk"), (2, String::new()));
        assert_eq!(edit("was", "be"), (3, "be".to_string()));
        assert_eq!(edit("tries", "try"), (3, "y".to_string()));
    }

    #[test]
    fn truncated_file_is_an_error() {
        let bytes = train(&[sent(&[("cats", "cat", "NNS")])]);
        for n in 0..bytes.len() {
            assert!(Lemmatizer::from_bytes(&bytes[..n]).is_err());
        }
    }
}
