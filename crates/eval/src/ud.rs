//! UD evaluation (`newsgraph eval ud --gold FILE`): UPOS, XPOS, lemma
//! accuracy, UAS and LAS, twice:
//!
//! 1. **Gold tokenization**: the gold words and sentences are given to
//!    [`Models::annotate`], so the scores measure the tagger, lemmatizer and
//!    parser alone (on predicted tags, as in the real pipeline).
//! 2. **Raw text**: the gold `# text` lines, one paragraph per `# newpar`
//!    and one article per `# newdoc`, go through newsgraph's own tokenizer
//!    and sentence splitter, then the models. Predicted tokens are aligned to
//!    gold words by byte span; token and sentence F1 score the tokenizer, and
//!    each other score is an F1 over aligned words (CoNLL 2018 style: a word
//!    counts only if its span matches, and a head only if the head's span
//!    matches too).

use crate::{Prf, Report, Scale};
use newsgraph_doc::{Article, ArticleBuilder, Document, Sentence, Span, Token};
use newsgraph_nlp::conllu::{self, GoldSentence};
use newsgraph_nlp::models::Models;
use newsgraph_nlp::tokenize::tokenize_document;
use newsgraph_nlp::NlpError;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

/// Scores with gold tokenization, in percent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GoldTokScores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    /// Annotation speed (tag + lemma + parse), words per second.
    pub words_per_sec: f64,
}

/// Scores from raw text, in percent (F1 over aligned words).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RawScores {
    pub gold_words: usize,
    pub pred_tokens: usize,
    pub tokens: f64,
    pub sentences: f64,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
}

/// The result of [`eval_ud`]; `Display` prints the table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UdReport {
    pub gold_file: String,
    pub gold_tok: GoldTokScores,
    pub raw: RawScores,
}

impl fmt::Display for UdReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = &self.gold_tok;
        let r = &self.raw;
        writeln!(f, "UD evaluation on {}", self.gold_file)?;
        writeln!(f, "{:<18} {:>8} {:>8}", "metric", "gold-tok", "raw-text")?;
        writeln!(f, "{:<18} {:>8} {:>8.2}", "tokens F1", "-", r.tokens)?;
        writeln!(f, "{:<18} {:>8} {:>8.2}", "sentences F1", "-", r.sentences)?;
        for (name, a, b) in [
            ("UPOS", g.upos, r.upos),
            ("XPOS", g.xpos, r.xpos),
            ("lemma", g.lemma, r.lemma),
            ("UAS", g.uas, r.uas),
            ("LAS", g.las, r.las),
        ] {
            writeln!(f, "{name:<18} {a:>8.2} {b:>8.2}")?;
        }
        writeln!(
            f,
            "{} gold words; raw text gave {} tokens; gold-tok annotation {:.0} words/s",
            g.words, r.pred_tokens, g.words_per_sec
        )
    }
}

fn pct(k: usize, n: usize) -> f64 {
    100.0 * k as f64 / n.max(1) as f64
}

/// F1 over aligned words, in percent.
fn f1(correct: usize, gold: usize, pred: usize) -> f64 {
    100.0 * Prf::from_counts(correct, pred, gold).f1()
}

/// [`eval_ud`] as a [`Report`] of suite `ud`: the table as text, and each
/// score in percent as `{upos,xpos,lemma,uas,las}_{gold_tok,raw}` plus
/// `tokens_f1_raw` and `sentences_f1_raw`.
pub fn evaluate(models: &Models, gold: &Path) -> Result<Report, NlpError> {
    evaluate_docs(models, gold, None)
}

/// [`evaluate`] on the documents whose id starts with `docs` when given.
pub fn evaluate_docs(models: &Models, gold: &Path, docs: Option<&str>) -> Result<Report, NlpError> {
    let ud = eval_ud_docs(models, gold, docs)?;
    let mut report = Report::new("ud");
    report.text = ud.to_string();
    let (g, r) = (&ud.gold_tok, &ud.raw);
    report.metric("tokens_f1_raw", r.tokens, Scale::Percent);
    report.metric("sentences_f1_raw", r.sentences, Scale::Percent);
    for (name, a, b) in [
        ("upos", g.upos, r.upos),
        ("xpos", g.xpos, r.xpos),
        ("lemma", g.lemma, r.lemma),
        ("uas", g.uas, r.uas),
        ("las", g.las, r.las),
    ] {
        report.metric(format!("{name}_gold_tok"), a, Scale::Percent);
        report.metric(format!("{name}_raw"), b, Scale::Percent);
    }
    report.metric("gold_words", g.words as f64, Scale::Count);
    report.metric(
        "words_per_second_gold_tok",
        g.words_per_sec,
        Scale::PerSecond,
    );
    Ok(report)
}

/// Evaluates `models` on a gold CoNLL-U file.
pub fn eval_ud(models: &Models, gold: &Path) -> Result<UdReport, NlpError> {
    eval_ud_docs(models, gold, None)
}

/// The sentences of the documents whose `# newdoc id` starts with
/// `prefix` (GUM names its documents `GUM_<genre>_<name>`, so
/// `GUM_news` keeps the news genre).
pub fn keep_docs(sentences: Vec<GoldSentence>, prefix: &str) -> Vec<GoldSentence> {
    conllu::filter_docs(sentences, |id| id.is_some_and(|id| id.starts_with(prefix)))
}

/// [`eval_ud`] on the documents of `gold` whose id starts with `docs`
/// when given.
pub fn eval_ud_docs(
    models: &Models,
    gold: &Path,
    docs: Option<&str>,
) -> Result<UdReport, NlpError> {
    let mut sentences = conllu::read_file(gold)?;
    let mut gold_file = gold.display().to_string();
    if let Some(prefix) = docs {
        sentences = keep_docs(sentences, prefix);
        gold_file = format!("{gold_file} (documents {prefix}*)");
    }
    Ok(UdReport {
        gold_file,
        gold_tok: eval_gold_tokenization(models, &sentences),
        raw: eval_raw_text(models, &sentences),
    })
}

/// Annotates the gold words as one document and scores them.
pub fn eval_gold_tokenization(models: &Models, sentences: &[GoldSentence]) -> GoldTokScores {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut sents = Vec::new();
    for s in sentences {
        let first = tokens.len();
        for w in &s.words {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(&w.form);
            tokens.push(Token {
                span: Span::new(start, text.len()),
                ..Token::default()
            });
        }
        sents.push(Sentence {
            span: Span::new(
                tokens.get(first).map_or(0, |t| t.span.start as usize),
                text.len(),
            ),
            token_start: first as u32,
            token_end: tokens.len() as u32,
        });
    }
    let mut doc = Document::new(Article {
        text,
        ..Article::default()
    });
    doc.tokens = tokens;
    doc.sentences = sents;
    let t0 = Instant::now();
    models.annotate(&mut doc);
    let secs = t0.elapsed().as_secs_f64();
    let (mut n, mut u, mut x, mut l, mut ua, mut la) = (0, 0, 0, 0, 0, 0);
    for (s, ps) in sentences.iter().zip(&doc.sentences) {
        let base = ps.token_start;
        for (k, w) in s.words.iter().enumerate() {
            let t = &doc.tokens[base as usize + k];
            n += 1;
            u += (t.upos == w.upos) as usize;
            x += (t.xpos == w.xpos) as usize;
            l += (t.lemma == w.lemma) as usize;
            let head = t.head.map(|h| h + 1 - base).unwrap_or(0);
            if head == w.head {
                ua += 1;
                la += (t.deprel == w.deprel) as usize;
            }
        }
    }
    GoldTokScores {
        words: n,
        upos: pct(u, n),
        xpos: pct(x, n),
        lemma: pct(l, n),
        uas: pct(ua, n),
        las: pct(la, n),
        words_per_sec: n as f64 / secs.max(1e-9),
    }
}

/// Byte spans of each gold word of `s`, found in `text` from `cursor` on.
/// Words of a multiword token get sub-spans when their forms concatenate to
/// the token (`do`+`n't` = `don't`), else the whole token's span (and will
/// not align, which is the honest score).
fn locate_words(s: &GoldSentence, text: &str, cursor: &mut usize) -> Vec<Option<Span>> {
    let mut spans = vec![None; s.words.len()];
    for tok in &s.surface {
        let Some(off) = text.get(*cursor..).and_then(|t| t.find(tok.form.as_str())) else {
            continue;
        };
        let start = *cursor + off;
        let end = start + tok.form.len();
        *cursor = end;
        let words = &s.words[tok.first_word.min(s.words.len())..tok.end_word.min(s.words.len())];
        let joined: String = words.iter().map(|w| w.form.as_str()).collect();
        let mut p = start;
        for (k, w) in words.iter().enumerate() {
            let i = tok.first_word + k;
            spans[i] = Some(if joined == tok.form {
                let sp = Span::new(p, p + w.form.len());
                p += w.form.len();
                sp
            } else {
                Span::new(start, end)
            });
        }
    }
    spans
}

/// Tokenizes the gold text with newsgraph's tokenizer and scores the whole
/// pipeline against the gold words.
pub fn eval_raw_text(models: &Models, sentences: &[GoldSentence]) -> RawScores {
    // Group sentences into documents and paragraphs.
    let mut docs: Vec<Vec<Vec<&GoldSentence>>> = Vec::new();
    for s in sentences {
        if s.new_doc || docs.is_empty() {
            docs.push(Vec::new());
        }
        let d = docs.last_mut().expect("pushed above");
        if s.new_par || d.is_empty() {
            d.push(Vec::new());
        }
        d.last_mut().expect("pushed above").push(s);
    }
    let mut c = RawCounts::default();
    for paras in docs {
        let mut b = ArticleBuilder::new("eval");
        for p in &paras {
            let texts: Vec<String> = p
                .iter()
                .map(|s| s.text.clone().unwrap_or_else(|| s.surface_text()))
                .collect();
            b.push_paragraph(&texts.join(" "));
        }
        let article = b.build();
        // Gold word spans in the built text (blocks are whitespace-cleaned
        // but the words themselves are unchanged).
        let mut cursor = 0;
        let mut gold_words: Vec<(Span, &conllu::Word, Option<Span>)> = Vec::new();
        let mut gold_sents: Vec<Span> = Vec::new();
        for s in paras.iter().flatten() {
            let spans = locate_words(s, &article.text, &mut cursor);
            let heads: Vec<Option<Span>> = s
                .words
                .iter()
                .map(|w| {
                    if w.head == 0 {
                        None
                    } else {
                        spans.get(w.head as usize - 1).copied().flatten()
                    }
                })
                .collect();
            for ((w, sp), h) in s.words.iter().zip(&spans).zip(heads) {
                match sp {
                    Some(sp) => gold_words.push((*sp, w, h)),
                    None => c.gold += 1,
                }
            }
            if let (Some(Some(a)), Some(Some(z))) = (spans.first(), spans.last()) {
                gold_sents.push(Span {
                    start: a.start,
                    end: z.end,
                });
            }
        }
        let mut doc = Document::new(article);
        tokenize_document(&mut doc);
        models.annotate(&mut doc);
        score_raw(&doc, &gold_words, &gold_sents, &mut c);
    }
    RawScores {
        gold_words: c.gold,
        pred_tokens: c.pred,
        tokens: f1(c.tok, c.gold, c.pred),
        sentences: f1(c.sent, c.gold_sents, c.pred_sents),
        upos: f1(c.upos, c.gold, c.pred),
        xpos: f1(c.xpos, c.gold, c.pred),
        lemma: f1(c.lemma, c.gold, c.pred),
        uas: f1(c.uas, c.gold, c.pred),
        las: f1(c.las, c.gold, c.pred),
    }
}

#[derive(Default)]
struct RawCounts {
    gold: usize,
    pred: usize,
    tok: usize,
    gold_sents: usize,
    pred_sents: usize,
    sent: usize,
    upos: usize,
    xpos: usize,
    lemma: usize,
    uas: usize,
    las: usize,
}

fn score_raw(
    doc: &Document,
    gold_words: &[(Span, &conllu::Word, Option<Span>)],
    gold_sents: &[Span],
    c: &mut RawCounts,
) {
    c.gold += gold_words.len();
    c.pred += doc.tokens.len();
    c.gold_sents += gold_sents.len();
    c.pred_sents += doc.sentences.len();
    let pred_index: HashMap<Span, usize> = doc
        .tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (t.span, i))
        .collect();
    for (span, w, gold_head) in gold_words {
        let Some(&i) = pred_index.get(span) else {
            continue;
        };
        let t = &doc.tokens[i];
        c.tok += 1;
        c.upos += (t.upos == w.upos) as usize;
        c.xpos += (t.xpos == w.xpos) as usize;
        c.lemma += (t.lemma == w.lemma) as usize;
        let pred_head = t
            .head
            .and_then(|h| doc.tokens.get(h as usize))
            .map(|h| h.span);
        if pred_head == *gold_head {
            c.uas += 1;
            c.las += (t.deprel == w.deprel) as usize;
        }
    }
    let pred_sents: std::collections::HashSet<Span> = doc
        .sentences
        .iter()
        .filter_map(|s| {
            let a = doc.tokens.get(s.token_start as usize)?;
            let z = doc.tokens.get((s.token_end as usize).checked_sub(1)?)?;
            Some(Span {
                start: a.span.start,
                end: z.span.end,
            })
        })
        .collect();
    c.sent += gold_sents.iter().filter(|s| pred_sents.contains(s)).count();
}
