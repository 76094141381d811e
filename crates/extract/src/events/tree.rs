//! A read-only view of one parsed sentence for the event coder: children
//! lists, dependency labels by name and the upper-case word forms the
//! dictionaries are written in.
//!
//! Indexes are document-wide token indexes, as in `Token::head`. A parse
//! that points outside its sentence (a parser bug, or a hand-built document)
//! is treated as having no head there, so nothing here can panic.

use newsgraph_doc::{tags, Deprel, Document, Upos};
use std::cell::RefCell;

pub(crate) struct Tree<'a> {
    pub doc: &'a Document,
    pub start: usize,
    pub end: usize,
    /// Children of token `start + k`, in order: `kids[first[k]..first[k + 1]]`
    /// (one flat list rather than a vector per token: a sentence is built
    /// once and read many times).
    first: Vec<u32>,
    kids: Vec<usize>,
    /// Upper-case surface forms and lemmas (the surface form when the lemma
    /// is empty), all in `text`: token `start + k`'s form is
    /// `text[forms[2k]..forms[2k + 1]]`, its lemma `text[lemmas[..]]` alike.
    text: String,
    forms: Vec<u32>,
    lemmas: Vec<u32>,
    /// Noun-phrase actor codes already computed, by `(idx - start) * 2 +
    /// acting` (see [`Tree::np_code`]).
    np_codes: RefCell<Vec<Option<NpCode>>>,
    /// The coded entity covering each token, by `idx - start`, once asked
    /// (see [`Tree::entity_of`]).
    entities: RefCell<Vec<EntityMemo>>,
}

/// A remembered answer of [`Tree::entity_of`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntityMemo {
    Unknown,
    None,
    Entity(usize),
}

/// The actor code and name of a noun phrase, if it has a code.
pub(crate) type NpCode = Option<(String, String)>;

/// Appends the upper case of `s` to `out`; plain ASCII (nearly every token)
/// without going through Unicode case tables.
fn push_upper(out: &mut String, s: &str) {
    if s.is_ascii() {
        let at = out.len();
        out.push_str(s);
        out[at..].make_ascii_uppercase();
    } else {
        out.push_str(&s.to_uppercase());
    }
}

impl<'a> Tree<'a> {
    pub fn new(doc: &'a Document, start: usize, end: usize) -> Tree<'a> {
        let end = end.min(doc.tokens.len());
        let start = start.min(end);
        let n = end - start;
        let toks = &doc.tokens[start..end];
        let head_of = |i: usize, t: &newsgraph_doc::Token| {
            t.head
                .map(|h| h as usize)
                .filter(|&h| h >= start && h < end && h != i)
        };
        // Children by counting: a count per head, then each child in token
        // order, so every list keeps the order of the sentence.
        let mut first = vec![0u32; n + 1];
        for (k, t) in toks.iter().enumerate() {
            if let Some(h) = head_of(start + k, t) {
                first[h - start + 1] += 1;
            }
        }
        for k in 0..n {
            first[k + 1] += first[k];
        }
        let mut fill: Vec<u32> = first[..n].to_vec();
        let mut kids = vec![0usize; first[n] as usize];
        for (k, t) in toks.iter().enumerate() {
            if let Some(h) = head_of(start + k, t) {
                let slot = &mut fill[h - start];
                kids[*slot as usize] = start + k;
                *slot += 1;
            }
        }
        // Forms and lemmas are about as long as the sentence's text (capped:
        // spans of a hand-built document need not be in order).
        let bytes = toks.first().zip(toks.last()).map_or(0, |(a, b)| {
            (b.span.end as usize)
                .saturating_sub(a.span.start as usize)
                .min(1 << 16)
        });
        let mut text = String::with_capacity(2 * bytes + 8);
        let mut forms = Vec::with_capacity(2 * n);
        let mut lemmas = Vec::with_capacity(2 * n);
        for t in toks {
            let a = text.len() as u32;
            push_upper(&mut text, doc.span_text(t.span));
            let b = text.len() as u32;
            forms.extend([a, b]);
            // A lemma that differs from its form only in case ("said" →
            // "say" does not, "the" → "the" does) upper-cases the same.
            if t.lemma.is_empty() || t.lemma.eq_ignore_ascii_case(doc.span_text(t.span)) {
                lemmas.extend([a, b]);
            } else {
                push_upper(&mut text, &t.lemma);
                lemmas.extend([b, text.len() as u32]);
            }
        }
        Tree {
            doc,
            start,
            end,
            first,
            kids,
            text,
            forms,
            lemmas,
            np_codes: RefCell::new(Vec::new()),
            entities: RefCell::new(Vec::new()),
        }
    }

    /// The actor code of the noun phrase headed by `i`, computed by `code`
    /// once per head and `acting` and remembered: the coder asks for the
    /// same subjects and objects from several verbs.
    pub fn np_code(&self, i: usize, acting: bool, code: impl FnOnce() -> NpCode) -> NpCode {
        if !self.contains(i) {
            return code();
        }
        let slot = (i - self.start) * 2 + usize::from(acting);
        if let Some(known) = self.np_codes.borrow().get(slot).and_then(Option::as_ref) {
            return known.clone();
        }
        let found = code();
        let mut memo = self.np_codes.borrow_mut();
        if memo.is_empty() {
            memo.resize(2 * (self.end - self.start), None);
        }
        memo[slot] = Some(found.clone());
        found
    }

    /// The entity index `find` gives for token `i`, remembered per token:
    /// noun phrases of one sentence share their tokens.
    pub fn entity_of(&self, i: usize, find: impl FnOnce() -> Option<usize>) -> Option<usize> {
        if !self.contains(i) {
            return find();
        }
        let k = i - self.start;
        match self.entities.borrow().get(k) {
            Some(EntityMemo::None) => return None,
            Some(EntityMemo::Entity(e)) => return Some(*e),
            _ => {}
        }
        let found = find();
        let mut memo = self.entities.borrow_mut();
        if memo.is_empty() {
            memo.resize(self.end - self.start, EntityMemo::Unknown);
        }
        memo[k] = found.map_or(EntityMemo::None, EntityMemo::Entity);
        found
    }

    fn form_at(&self, spans: &[u32], i: usize) -> &str {
        let k = 2 * (i - self.start);
        &self.text[spans[k] as usize..spans[k + 1] as usize]
    }

    pub fn contains(&self, i: usize) -> bool {
        i >= self.start && i < self.end
    }
    pub fn head(&self, i: usize) -> Option<usize> {
        let h = self.doc.tokens.get(i)?.head? as usize;
        (self.contains(h) && h != i).then_some(h)
    }
    pub fn deprel(&self, i: usize) -> Deprel {
        self.doc
            .tokens
            .get(i)
            .map_or(Deprel::Dep, |t| t.deprel_tag())
    }
    /// The relation without its subtype: `nsubj:pass` → `nsubj`.
    pub fn base_rel(&self, i: usize) -> Deprel {
        self.deprel(i).base()
    }
    pub fn upos(&self, i: usize) -> Upos {
        self.doc.tokens.get(i).map_or(Upos::X, |t| t.upos_tag())
    }
    pub fn xpos(&self, i: usize) -> &'static str {
        self.doc
            .tokens
            .get(i)
            .map_or("XX", |t| tags::xpos_name(t.xpos))
    }
    pub fn children(&self, i: usize) -> &[usize] {
        if self.contains(i) {
            let k = i - self.start;
            &self.kids[self.first[k] as usize..self.first[k + 1] as usize]
        } else {
            &[]
        }
    }
    pub fn upper(&self, i: usize) -> &str {
        if self.contains(i) {
            self.form_at(&self.forms, i)
        } else {
            ""
        }
    }
    pub fn lemma(&self, i: usize) -> &str {
        if self.contains(i) {
            self.form_at(&self.lemmas, i)
        } else {
            ""
        }
    }
    /// Children with the given relation (exact label).
    pub fn child_rel(&self, i: usize, rel: Deprel) -> Option<usize> {
        self.children(i)
            .iter()
            .copied()
            .find(|&c| self.deprel(c) == rel)
    }
    /// Every token under `i`, including `i`, sorted, skipping children whose
    /// relation `skip` rejects.
    pub fn subtree_where(&self, i: usize, skip: &dyn Fn(usize) -> bool) -> Vec<usize> {
        let mut out = vec![i];
        let mut stack = vec![i];
        // Bounded by the sentence size: a cyclic parse cannot loop forever.
        let mut budget = self.end - self.start + 1;
        while let Some(n) = stack.pop() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            // Each token hangs on one head, so only `i` itself (on a cycle)
            // can come round again.
            for &c in self.children(n) {
                if !skip(c) && c != i {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }
    /// The conjuncts of `i` (`i` itself first), following `conj` chains.
    pub fn conjuncts(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() && out.len() < 16 {
            let n = out[k];
            for &c in self.children(n) {
                if self.deprel(c) == Deprel::Conj && !out.contains(&c) {
                    out.push(c);
                }
            }
            k += 1;
        }
        out
    }
    /// True when there is no whitespace between token `i` and the next one.
    pub fn joined_to_next(&self, i: usize) -> bool {
        let toks = &self.doc.tokens;
        match (toks.get(i), toks.get(i + 1)) {
            (Some(a), Some(b)) => a.span.end == b.span.start,
            _ => false,
        }
    }
}
