//! newsgraph's one CoNLL-U reader: the training and evaluation input for
//! the tagger, lemmatizer and parser, and the gold parses the event coder
//! is scored on ([`document`]).
//!
//! Only what these need is kept: the syntactic words (multiword-token
//! lines such as `3-4 don't` are recorded for raw-text reconstruction, empty
//! nodes such as `8.1` are skipped, as the basic tree does not use them), the
//! `# text`, `# newdoc` and `# newpar` comments, `SpaceAfter=No`, and the
//! MISC column of each word (where corpora such as GUM put their entity
//! annotations). Tags and labels are mapped to the [`newsgraph_doc::tags`]
//! tables at read time so the models never see strings they cannot store;
//! [`Labels::Ud1AsUd2`] first renames UD v1 relations (parses from UDPipe 1
//! models) to their UD v2 names.

use crate::NlpError;
use newsgraph_doc::tags::{deprel_index, upos_index, xpos_index};
use newsgraph_doc::{ArticleBuilder, Document, Sentence, Span, Token};
use std::path::Path;

/// One syntactic word of a gold sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: u8,
    pub xpos: u8,
    /// 1-based head index within the sentence, 0 for the root.
    pub head: u32,
    pub deprel: u8,
    /// This word line's own MISC has no `SpaceAfter=No`.
    pub space_after: bool,
    /// The MISC column, empty for `_`.
    pub misc: String,
}

/// A surface token: one word, or a multiword token covering several words
/// (`don't` = `do` + `n't`). Raw-text evaluation needs the surface forms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Surface {
    pub form: String,
    /// Half-open range of word indexes (0-based) this token covers.
    pub first_word: usize,
    pub end_word: usize,
    pub space_after: bool,
}

/// One gold sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldSentence {
    /// The `# text` comment, when present.
    pub text: Option<String>,
    /// A `# newdoc` comment came before this sentence.
    pub new_doc: bool,
    /// The id that comment gave (`# newdoc id = …`).
    pub doc_id: Option<String>,
    /// A `# newpar` comment came before this sentence.
    pub new_par: bool,
    pub words: Vec<Word>,
    pub surface: Vec<Surface>,
}

impl GoldSentence {
    /// The sentence rebuilt from its surface tokens and `SpaceAfter`, used
    /// when the file has no `# text` line.
    pub fn surface_text(&self) -> String {
        let mut s = String::new();
        for t in &self.surface {
            s.push_str(&t.form);
            if t.space_after {
                s.push(' ');
            }
        }
        s.truncate(s.trim_end().len());
        s
    }
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<GoldSentence>, NlpError> {
    let text = std::fs::read_to_string(path).map_err(|e| NlpError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    parse(&text).map_err(|(line, message)| NlpError::Format {
        path: path.display().to_string(),
        line,
        message,
    })
}

/// The sentences of the documents whose id `keep` accepts (the id of the
/// last `# newdoc` before each sentence; sentences before any `# newdoc`
/// have none). Used to train on the GUM genres whose licence allows it and
/// to score one genre alone.
pub fn filter_docs(
    sentences: Vec<GoldSentence>,
    keep: impl Fn(Option<&str>) -> bool,
) -> Vec<GoldSentence> {
    let mut doc: Option<String> = None;
    sentences
        .into_iter()
        .filter(|s| {
            if s.new_doc {
                doc = s.doc_id.clone();
            }
            keep(doc.as_deref())
        })
        .collect()
}

/// How the DEPREL column is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Labels {
    /// As written (UD v2 treebanks).
    AsWritten,
    /// UD v1 names read as their UD v2 counterparts (`dobj` → `obj`,
    /// `nsubjpass` → `nsubj:pass`, an `nmod` on a verb or adjective →
    /// `obl`, …), so a coder written for v2 sees one scheme.
    Ud1AsUd2,
}

/// Parses CoNLL-U text. Errors carry the 1-based line number and a message.
pub fn parse(text: &str) -> Result<Vec<GoldSentence>, (usize, String)> {
    parse_with(text, Labels::AsWritten)
}

/// The UD v2 name of a UD v1 relation whose head has UPOS `head_upos`, or
/// `None` when the name is the same in both.
fn ud2_name(deprel: &str, head_upos: Option<u8>) -> Option<&'static str> {
    let verbal = head_upos.is_some_and(|u| {
        ["VERB", "ADJ", "AUX"]
            .iter()
            .any(|t| upos_index(t) == Some(u))
    });
    Some(match deprel {
        "dobj" => "obj",
        "nsubjpass" => "nsubj:pass",
        "csubjpass" => "csubj:pass",
        "auxpass" => "aux:pass",
        "name" => "flat",
        "neg" => "advmod",
        "mwe" => "fixed",
        "nmod:tmod" if verbal => "obl:tmod",
        "nmod:npmod" if verbal => "obl:npmod",
        "nmod:agent" if verbal => "obl:agent",
        "nmod" if verbal => "obl",
        _ => return None,
    })
}

/// Ends a sentence: renames its relations when asked, then keeps it.
fn finish(
    mut s: GoldSentence,
    rels: &mut Vec<String>,
    labels: Labels,
    out: &mut Vec<GoldSentence>,
) {
    if labels == Labels::Ud1AsUd2 {
        let upos: Vec<u8> = s.words.iter().map(|w| w.upos).collect();
        for (w, rel) in s.words.iter_mut().zip(rels.iter()) {
            let head_upos = (w.head as usize)
                .checked_sub(1)
                .and_then(|h| upos.get(h).copied());
            if let Some(v2) = ud2_name(rel, head_upos) {
                w.deprel = deprel_index(v2);
            }
        }
    }
    rels.clear();
    out.push(s);
}

/// [`parse`], reading the relations as `labels` says.
pub fn parse_with(text: &str, labels: Labels) -> Result<Vec<GoldSentence>, (usize, String)> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    // The DEPREL column of the current sentence's words, as written.
    let mut rels: Vec<String> = Vec::new();
    // A multiword token waiting for its last word: (range end, form, space after).
    let mut pending_mwt: Option<(usize, Surface)> = None;
    for (line_no, raw) in text.lines().enumerate() {
        let line_no = line_no + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                finish(std::mem::take(&mut cur), &mut rels, labels, &mut out);
            }
            pending_mwt = None;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(t) = comment.strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            } else if let Some(rest) = comment.strip_prefix("newdoc") {
                cur.new_doc = true;
                cur.new_par = true;
                cur.doc_id = rest
                    .trim_start()
                    .strip_prefix("id =")
                    .map(|id| id.trim().to_string());
            } else if comment.starts_with("newpar") {
                cur.new_par = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err((
                line_no,
                format!("expected 10 columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let (a, b) = match (a.parse::<usize>(), b.parse::<usize>()) {
                (Ok(a), Ok(b)) if a >= 1 && b >= a => (a, b),
                _ => return Err((line_no, format!("bad multiword id {id:?}"))),
            };
            pending_mwt = Some((
                b,
                Surface {
                    form: cols[1].to_string(),
                    first_word: a - 1,
                    end_word: b,
                    space_after,
                },
            ));
            continue;
        }
        let n: usize = id
            .parse()
            .map_err(|_| (line_no, format!("bad word id {id:?}")))?;
        if n != cur.words.len() + 1 {
            return Err((line_no, format!("word id {n} out of sequence")));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse::<u32>()
                .map_err(|_| (line_no, format!("bad head {:?}", cols[6])))?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: upos_index(cols[3]).unwrap_or(16),
            xpos: xpos_index(cols[4]).unwrap_or(0),
            head,
            deprel: deprel_index(cols[7]),
            space_after,
            misc: if cols[9] == "_" {
                String::new()
            } else {
                cols[9].to_string()
            },
        });
        if labels == Labels::Ud1AsUd2 {
            rels.push(cols[7].to_string());
        }
        match &pending_mwt {
            Some((end, _)) if n < *end => {}
            Some((end, _)) if n == *end => {
                if let Some((_, s)) = pending_mwt.take() {
                    cur.surface.push(s);
                }
            }
            _ => cur.surface.push(Surface {
                form: cols[1].to_string(),
                first_word: n - 1,
                end_word: n,
                space_after,
            }),
        }
    }
    if !cur.words.is_empty() {
        finish(cur, &mut rels, labels, &mut out);
    }
    for s in &mut out {
        let n = s.words.len() as u32;
        for w in &mut s.words {
            if w.head > n {
                w.head = 0;
            }
        }
    }
    Ok(out)
}

/// One parsed [`Document`] holding every sentence as one paragraph, with
/// the gold tags, lemmas and tree: the event coder run on supplied parses
/// (the PETRARCH validation suites) and tests that state a parse by hand.
/// The text is the word forms joined by single spaces (none after a word
/// whose MISC says `SpaceAfter=No`); the publication date is left unset.
pub fn document(sentences: &[GoldSentence]) -> Document {
    let mut text = String::new();
    for s in sentences {
        if !text.is_empty() {
            text.push(' ');
        }
        for w in &s.words {
            text.push_str(&w.form);
            if w.space_after {
                text.push(' ');
            }
        }
        while text.ends_with(' ') {
            text.pop();
        }
    }
    let article = ArticleBuilder::new("conllu").paragraph(&text).build();
    // The builder may normalize whitespace; spans are found by searching
    // forward in the built text, so they always point at the form.
    let mut doc = Document::new(article);
    let mut pos = 0usize;
    for s in sentences {
        let first = doc.tokens.len();
        let mut sent_start = None;
        for w in &s.words {
            let start = doc.article.text[pos..]
                .find(w.form.as_str())
                .map_or(pos, |k| pos + k);
            let end = (start + w.form.len()).min(doc.article.text.len());
            let end = if doc.article.text.is_char_boundary(end) {
                end
            } else {
                start
            };
            pos = end;
            sent_start.get_or_insert(start);
            let head = w.head as usize;
            doc.tokens.push(Token {
                span: Span::new(start, end),
                upos: w.upos,
                xpos: w.xpos,
                lemma: w.lemma.clone(),
                head: (head > 0 && head <= s.words.len()).then(|| (first + head - 1) as u32),
                deprel: w.deprel,
            });
        }
        let last_end = doc.tokens.last().map_or(0, |t| t.span.end as usize);
        doc.sentences.push(Sentence {
            span: Span::new(
                sent_start.unwrap_or(0),
                last_end.max(sent_start.unwrap_or(0)),
            ),
            token_start: first as u32,
            token_end: doc.tokens.len() as u32,
        });
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# text = We don't.\n\
1\tWe\twe\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
2\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\t_\n\
3.1\tx\tx\tX\tXX\t_\t_\t_\t_\t_\n\
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_multiword_tokens_and_comments() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert!(s.new_doc && s.new_par);
        assert_eq!(s.doc_id.as_deref(), Some("d1"));
        // Words inside a multiword token keep their own MISC.
        assert!(s.words.iter().all(|w| w.space_after) && !s.surface[1].space_after);
        assert_eq!(s.text.as_deref(), Some("We don't."));
        assert_eq!(s.words.len(), 4);
        assert_eq!(s.words[3].head, 3);
        assert_eq!(s.surface.len(), 3);
        assert_eq!(s.surface[1].form, "don't");
        assert_eq!((s.surface[1].first_word, s.surface[1].end_word), (1, 3));
        assert_eq!(s.surface_text(), "We don't.");
    }

    /// GUM's shape: rich `# meta::` comments, enhanced dependencies in
    /// DEPS (with `|` and `:` inside), an empty node with its own enhanced
    /// edges, a multiword token with `SpaceAfter=No` and MISC annotations.
    const GUM_LIKE: &str = "# newdoc id = GUM_news_tiny\n# meta::dateCreated = 2026-01-01\n\
# sent_id = GUM_news_tiny-1\n# text = Kim's aides left, and Lee did too.\n\
1-2\tKim's\t_\t_\t_\t_\t_\t_\t_\t_\n\
1\tKim\tKim\tPROPN\tNNP\tNumber=Sing\t3\tnmod:poss\t3:nmod:poss\tEntity=(1-person-new-sssss-cf1*-1-coref-Kim\n\
2\t's\t's\tPART\tPOS\t_\t1\tcase\t1:case\tEntity=1)\n\
3\taides\taide\tNOUN\tNNS\tNumber=Plur\t4\tnsubj\t4:nsubj\t_\n\
4\tleft\tleave\tVERB\tVBD\tMood=Ind|Tense=Past\t0\troot\t0:root\tSpaceAfter=No\n\
5\t,\t,\tPUNCT\t,\t_\t9\tpunct\t9:punct\t_\n\
6\tand\tand\tCCONJ\tCC\t_\t9\tcc\t8.1:cc|9:cc\t_\n\
7\tLee\tLee\tPROPN\tNNP\tNumber=Sing\t9\tnsubj\t8.1:nsubj|9:nsubj\t_\n\
8\tdid\tdo\tAUX\tVBD\t_\t4\tconj\t4:conj:and\t_\n\
8.1\tleft\tleave\tVERB\tVBD\t_\t_\t_\t4:conj:and\tCopyOf=4\n\
9\ttoo\ttoo\tADV\tRB\t_\t8\tadvmod\t8:advmod\tSpaceAfter=No\n\
10\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\n";

    #[test]
    fn reads_gum_enhanced_deps_empty_nodes_and_multiword_tokens() {
        let s = parse(GUM_LIKE).unwrap();
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert_eq!(s.doc_id.as_deref(), Some("GUM_news_tiny"));
        // The empty node 8.1 is not a word; the basic tree is kept as is.
        assert_eq!(s.words.len(), 10);
        assert_eq!(s.words[7].form, "did");
        assert_eq!(s.words[8].head, 8);
        assert_eq!(s.words[2].deprel, deprel_index("nsubj"));
        assert_eq!(s.words[0].deprel, deprel_index("nmod:poss"));
        assert!(s.words[0].misc.starts_with("Entity=(1-person"));
        assert_eq!(s.surface[0].form, "Kim's");
        assert_eq!(s.surface.len(), 9);
        assert_eq!(s.surface_text(), "Kim's aides left, and Lee did too.");
        let two = format!(
            "{GUM_LIKE}{}",
            GUM_LIKE.replace("GUM_news_tiny", "GUM_whow_tiny")
        );
        let all = parse(&two).unwrap();
        let kept = filter_docs(all, |id| !id.is_some_and(|d| d.starts_with("GUM_whow")));
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].doc_id.as_deref(), Some("GUM_news_tiny"));
    }

    #[test]
    fn rejects_bad_lines_with_line_numbers() {
        assert_eq!(parse("1\tx\n").unwrap_err().0, 1);
        assert!(parse("2\tx\tx\tX\tXX\t_\t0\troot\t_\t_\n").is_err());
    }
}
