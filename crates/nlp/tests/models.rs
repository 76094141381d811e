//! Integration tests for the tagger, lemmatizer and parser: training on a
//! small hand-written CoNLL-U fixture (deterministic bytes), loading,
//! annotation shape on odd inputs, evaluation, and a compat check that the
//! committed models in `models/` load and behave. No test needs the
//! treebanks in ../shared.

use newsgraph_doc::tags::{upos_index, xpos_index};
use newsgraph_doc::{ArticleBuilder, Document, Sentence, Span, Token};
use newsgraph_nlp::conllu;
use newsgraph_nlp::{train_parser, train_tagger, Models, NlpError, TrainConfig};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.conllu")
}

/// A fresh directory under the system temp dir for one test.
fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("newsgraph-nlp-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn config(out: &Path, seed: u64) -> TrainConfig {
    TrainConfig {
        train: vec![fixture()],
        dev: vec![fixture()],
        out: out.to_path_buf(),
        epochs: Some(5),
        seed,
        skip_docs: Vec::new(),
    }
}

fn train_fixture_models(name: &str, seed: u64) -> PathBuf {
    let dir = temp_dir(name);
    train_tagger(&config(&dir, seed)).unwrap();
    train_parser(&config(&dir, seed)).unwrap();
    dir
}

/// A document with whitespace tokens and one sentence per line.
fn doc_from_lines(lines: &[&str]) -> Document {
    let text = lines.join("\n");
    let mut doc = Document::new(ArticleBuilder::new("t").build());
    doc.article.text = text.clone();
    let mut offset = 0;
    for line in text.split('\n') {
        let first = doc.tokens.len();
        let mut pos = offset;
        for w in line.split(' ') {
            if !w.is_empty() {
                doc.tokens.push(Token {
                    span: Span::new(pos, pos + w.len()),
                    ..Token::default()
                });
            }
            pos += w.len() + 1;
        }
        doc.sentences.push(Sentence {
            span: Span::new(offset, offset + line.len()),
            token_start: first as u32,
            token_end: doc.tokens.len() as u32,
        });
        offset += line.len() + 1;
    }
    doc
}

/// Every sentence is one tree: heads inside the sentence, one root, no cycle.
fn assert_trees(doc: &Document) {
    for s in &doc.sentences {
        let r = s.token_range();
        if r.is_empty() {
            continue;
        }
        let roots = r.clone().filter(|&i| doc.tokens[i].head.is_none()).count();
        assert_eq!(roots, 1, "sentence {r:?} has {roots} roots");
        for i in r.clone() {
            let mut cur = i;
            for _ in 0..=r.len() {
                match doc.tokens[cur].head {
                    Some(h) => {
                        assert!(r.contains(&(h as usize)), "head outside sentence");
                        cur = h as usize;
                    }
                    None => break,
                }
            }
            assert!(doc.tokens[cur].head.is_none(), "cycle through token {i}");
        }
    }
}

#[test]
fn fixture_loads() {
    let s = conllu::read_file(&fixture()).unwrap();
    assert_eq!(s.len(), 8);
    assert_eq!(s[2].words.len(), 7);
    assert_eq!(s[2].surface[1].form, "don't");
    // The empty node 5.1 is skipped.
    assert_eq!(s[5].words.len(), 6);
}

#[test]
fn training_is_deterministic() {
    let a = train_fixture_models("det-a", 7);
    let b = train_fixture_models("det-b", 7);
    for f in ["tagger.bin", "lemma.bin", "parser.bin"] {
        let x = std::fs::read(a.join(f)).unwrap();
        let y = std::fs::read(b.join(f)).unwrap();
        assert!(!x.is_empty());
        assert_eq!(x, y, "{f} differs between two identical runs");
    }
}

#[test]
fn fixture_models_tag_and_parse_their_training_data() {
    let dir = train_fixture_models("fit", 1);
    let models = Models::load(&dir).unwrap();
    let mut doc = doc_from_lines(&["The minister visited Paris on Monday .", "Thank you"]);
    models.annotate(&mut doc);
    assert_eq!(doc.tokens[0].upos, upos_index("DET").unwrap());
    assert_eq!(doc.tokens[2].xpos, xpos_index("VBD").unwrap());
    assert_eq!(doc.tokens[2].lemma, "visit");
    assert_eq!(doc.tokens[3].lemma, "Paris");
    assert_trees(&doc);
    // On its own training data, with gold words: nearly every tag right,
    // and most heads (rare features are pruned, so not all).
    let gold = conllu::read_file(&fixture()).unwrap();
    let lines: Vec<String> = gold
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            forms.join(" ")
        })
        .collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut doc = doc_from_lines(&lines);
    models.annotate(&mut doc);
    let (mut n, mut upos, mut uas) = (0, 0, 0);
    for (s, ps) in gold.iter().zip(&doc.sentences) {
        for (k, w) in s.words.iter().enumerate() {
            let t = &doc.tokens[ps.token_start as usize + k];
            n += 1;
            upos += usize::from(t.upos == w.upos);
            let head = t.head.map_or(0, |h| h + 1 - ps.token_start);
            uas += usize::from(head == w.head);
        }
    }
    assert!(upos * 10 > n * 9, "UPOS {upos}/{n}");
    assert!(uas * 10 > n * 6, "UAS {uas}/{n}");
}

#[test]
fn annotate_survives_odd_documents() {
    let models = Models::embedded().unwrap();
    // Empty document, empty sentence, one-token sentence.
    let mut empty = Document::default();
    models.annotate(&mut empty);
    let mut doc = doc_from_lines(&["", "Yes", "a b c"]);
    models.annotate(&mut doc);
    assert_trees(&doc);
    assert!(!doc.tokens[0].lemma.is_empty());
    // A very long sentence is parsed in chunks and stays one tree.
    let long: Vec<&str> = std::iter::repeat(["the", "cat", "sat", ",", "and"])
        .flatten()
        .take(2000)
        .collect();
    let line = long.join(" ");
    let mut doc = doc_from_lines(&[&line]);
    models.annotate(&mut doc);
    assert_trees(&doc);
    // Sentence ranges past the token list are clamped, not a panic.
    let mut doc = doc_from_lines(&["a b"]);
    doc.sentences[0].token_end = 10;
    doc.sentences.push(Sentence {
        span: Span::new(0, 1),
        token_start: 5,
        token_end: 3,
    });
    models.annotate(&mut doc);
}

#[test]
fn embedded_models_are_sensible() {
    use newsgraph_doc::tags::{deprel_name, upos_name, xpos_name};
    let models = Models::embedded().unwrap();
    let mut doc = doc_from_lines(&[
        "The rebels attacked the town on Tuesday .",
        "Police have arrested two men in Paris .",
    ]);
    models.annotate(&mut doc);
    let shown: Vec<_> = (0..doc.tokens.len())
        .map(|i| {
            let t = &doc.tokens[i];
            (
                doc.token_text(i),
                xpos_name(t.xpos),
                t.lemma.as_str(),
                t.head,
                deprel_name(t.deprel),
            )
        })
        .collect();
    let upos: Vec<&str> = doc.tokens.iter().map(|t| upos_name(t.upos)).collect();
    assert_eq!(
        upos,
        [
            "DET", "NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT", "NOUN", "AUX", "VERB",
            "NUM", "NOUN", "ADP", "PROPN", "PUNCT"
        ],
        "{shown:?}"
    );
    assert_eq!(doc.tokens[2].lemma, "attack", "{shown:?}");
    assert_eq!(doc.tokens[1].lemma, "rebel", "{shown:?}");
    assert_eq!(doc.tokens[10].lemma, "arrest", "{shown:?}");
    // "Police" is the subject and "men" the object of "arrested", the root.
    assert_eq!(doc.tokens[10].head, None, "{shown:?}");
    assert_eq!(doc.tokens[8].head, Some(10), "{shown:?}");
    assert_eq!(deprel_name(doc.tokens[8].deprel), "nsubj", "{shown:?}");
    assert_eq!(doc.tokens[12].head, Some(10), "{shown:?}");
    assert_eq!(deprel_name(doc.tokens[12].deprel), "obj", "{shown:?}");
    assert_eq!(deprel_name(doc.tokens[9].deprel), "aux", "{shown:?}");
    assert_trees(&doc);
}

#[test]
fn bad_model_files_are_errors() {
    let dir = temp_dir("bad");
    assert!(matches!(Models::load(&dir), Err(NlpError::Io { .. })));
    for f in ["tagger.bin", "lemma.bin", "parser.bin"] {
        std::fs::write(dir.join(f), b"garbage").unwrap();
    }
    let e = Models::load(&dir).err().unwrap();
    assert!(!e.to_string().contains('\n'));
}

#[test]
fn training_on_missing_or_empty_data_is_an_error() {
    let dir = temp_dir("empty");
    let empty = dir.join("empty.conllu");
    std::fs::write(&empty, "").unwrap();
    let mut cfg = config(&dir, 1);
    cfg.train = vec![empty.clone()];
    assert!(matches!(train_tagger(&cfg), Err(NlpError::NoData { .. })));
    // An empty file among good ones is still an error (a wrong path).
    cfg.train = vec![fixture(), empty];
    assert!(matches!(train_tagger(&cfg), Err(NlpError::NoData { .. })));
    cfg.train = Vec::new();
    assert!(matches!(train_tagger(&cfg), Err(NlpError::NoData { .. })));
    cfg.train = vec![dir.join("missing.conllu")];
    assert!(matches!(train_parser(&cfg), Err(NlpError::Io { .. })));
}
