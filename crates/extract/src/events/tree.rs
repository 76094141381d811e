//! A read-only view of one parsed sentence for the event coder: children
//! lists, dependency labels by name and the upper-case word forms the
//! dictionaries are written in.
//!
//! Indexes are document-wide token indexes, as in `Token::head`. A parse
//! that points outside its sentence (a parser bug, or a hand-built document)
//! is treated as having no head there, so nothing here can panic.

use newsgraph_doc::{tags, Document};

pub(crate) struct Tree<'a> {
    pub doc: &'a Document,
    pub start: usize,
    pub end: usize,
    /// Children of each token in the sentence, by `idx - start`, in order.
    children: Vec<Vec<usize>>,
    /// Upper-case surface forms, by `idx - start`.
    upper: Vec<String>,
    /// Upper-case lemmas (the surface form when the lemma is empty).
    lemma: Vec<String>,
}

impl<'a> Tree<'a> {
    pub fn new(doc: &'a Document, start: usize, end: usize) -> Tree<'a> {
        let end = end.min(doc.tokens.len());
        let start = start.min(end);
        let n = end - start;
        let mut children = vec![Vec::new(); n];
        let mut upper = Vec::with_capacity(n);
        let mut lemma = Vec::with_capacity(n);
        for i in start..end {
            let t = &doc.tokens[i];
            if let Some(h) = t.head.map(|h| h as usize) {
                if h >= start && h < end && h != i {
                    children[h - start].push(i);
                }
            }
            let text = doc.span_text(t.span).to_uppercase();
            let lem = if t.lemma.is_empty() {
                text.clone()
            } else {
                t.lemma.to_uppercase()
            };
            upper.push(text);
            lemma.push(lem);
        }
        Tree {
            doc,
            start,
            end,
            children,
            upper,
            lemma,
        }
    }

    pub fn contains(&self, i: usize) -> bool {
        i >= self.start && i < self.end
    }
    pub fn head(&self, i: usize) -> Option<usize> {
        let h = self.doc.tokens.get(i)?.head? as usize;
        (self.contains(h) && h != i).then_some(h)
    }
    pub fn deprel(&self, i: usize) -> &'static str {
        self.doc
            .tokens
            .get(i)
            .map_or("dep", |t| tags::deprel_name(t.deprel))
    }
    /// The relation without its subtype: `nsubj:pass` → `nsubj`.
    pub fn base_rel(&self, i: usize) -> &'static str {
        let r = self.deprel(i);
        r.split(':').next().unwrap_or(r)
    }
    pub fn upos(&self, i: usize) -> &'static str {
        self.doc
            .tokens
            .get(i)
            .map_or("X", |t| tags::upos_name(t.upos))
    }
    pub fn xpos(&self, i: usize) -> &'static str {
        self.doc
            .tokens
            .get(i)
            .map_or("XX", |t| tags::xpos_name(t.xpos))
    }
    pub fn children(&self, i: usize) -> &[usize] {
        if self.contains(i) {
            &self.children[i - self.start]
        } else {
            &[]
        }
    }
    pub fn upper(&self, i: usize) -> &str {
        if self.contains(i) {
            &self.upper[i - self.start]
        } else {
            ""
        }
    }
    pub fn lemma(&self, i: usize) -> &str {
        if self.contains(i) {
            &self.lemma[i - self.start]
        } else {
            ""
        }
    }
    /// Children with the given relation (exact label).
    pub fn child_rel(&self, i: usize, rel: &str) -> Option<usize> {
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
            for &c in self.children(n) {
                if !skip(c) && !out.contains(&c) {
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
                if self.deprel(c) == "conj" && !out.contains(&c) {
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
