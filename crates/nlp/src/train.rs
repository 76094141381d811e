//! Training entry points the CLI calls (`newsgraph train tagger|parser`).
//!
//! `train_tagger` writes `tagger.bin` and `lemma.bin` (the lemmatizer is
//! learned from the same treebank in the same run) into `cfg.out`, a
//! directory. `train_parser` writes `parser.bin` there. The parser learns on
//! *predicted* tags, produced by 4-fold jackknifing of the training set
//! (each quarter tagged by a tagger trained on the other three), so it sees
//! the same kind of tagging errors at training time as at run time.
//!
//! Everything is deterministic: same data and seed give the same bytes.

use crate::conllu::{self, GoldSentence};
use crate::lemma::{self, Lemmatizer};
use crate::models::{LEMMA_FILE, PARSER_FILE, TAGGER_FILE};
use crate::parser::{self, word_value, ParseToken, Parser, TrainSentence};
use crate::tagger::{self, TagScratch, Tagger};
use crate::NlpError;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Word-cluster file the tagger copies in when it sits in the output
/// directory at training time (made by the NER work from unlabeled news).
pub const CLUSTER_FILE: &str = "ner-clusters-v1.bin";

/// The cluster rows from `dir/CLUSTER_FILE`, or none when it is absent.
fn clusters_in(dir: &Path) -> Result<Vec<(u64, [u16; 3])>, NlpError> {
    match std::fs::read(dir.join(CLUSTER_FILE)) {
        Ok(b) => tagger::read_cluster_file(&b),
        Err(_) => Ok(Vec::new()),
    }
}

/// Tagger epochs when the config gives none.
pub const TAGGER_EPOCHS: usize = 10;
/// Parser epochs when the config gives none.
pub const PARSER_EPOCHS: usize = 15;
/// Parser features touched by fewer updates than this are dropped: they
/// are most of the table and change few decisions.
pub const PARSER_PRUNE: u32 = 2;
/// Folds for jackknifed training tags.
pub const JACKKNIFE_FOLDS: usize = 4;

/// What to train on and where to write.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Training CoNLL-U files, read in this order as one training set
    /// (EWT + GUM since issue 18).
    pub train: Vec<PathBuf>,
    /// Development CoNLL-U files, each scored on its own in the report.
    pub dev: Vec<PathBuf>,
    /// Output directory for the model files.
    pub out: PathBuf,
    pub epochs: Option<usize>,
    pub seed: u64,
    /// Documents left out of training: those whose `# newdoc id` starts
    /// with one of these (GUM genres whose texts are non-commercial or of
    /// unstated licence, see [`GUM_SKIP_DOCS`]).
    pub skip_docs: Vec<String>,
}

/// The GUM genres left out of the shipped models' training data. GUM's
/// LICENSE.txt releases the treebank as a whole under CC BY-NC-SA 4.0 and
/// names as CC BY or public domain only the Wikimedia texts (news,
/// interview, bio, voyage), OpenStax textbooks, YouTube vlogs, political
/// speeches and the Santa Barbara conversations; wikiHow and fiction are
/// non-commercial, the rest unstated. Models compiled into the binary are
/// trained on the named ones only.
pub const GUM_SKIP_DOCS: &[&str] = &[
    "GUM_academic",
    "GUM_court",
    "GUM_essay",
    "GUM_fiction",
    "GUM_letter",
    "GUM_podcast",
    "GUM_reddit",
    "GUM_whow",
];

/// The sentences of every training file, in order; a file without any is
/// an error (a wrong path should not silently train on less).
fn read_train(paths: &[PathBuf], skip_docs: &[String]) -> Result<Vec<GoldSentence>, NlpError> {
    let mut all = Vec::new();
    for path in paths {
        let s = conllu::filter_docs(conllu::read_file(path)?, |id| {
            !id.is_some_and(|id| skip_docs.iter().any(|p| id.starts_with(p.as_str())))
        });
        if s.is_empty() {
            return Err(NlpError::NoData {
                path: path.display().to_string(),
            });
        }
        all.extend(s);
    }
    if all.is_empty() {
        return Err(NlpError::NoData {
            path: "(no training file given)".into(),
        });
    }
    Ok(all)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, NlpError> {
    let io = |path: &Path, e| NlpError::Io {
        path: path.display().to_string(),
        source: e,
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
    Ok(path)
}

/// Tags gold sentences' words with `tagger`.
pub fn tag_sentences(tagger: &Tagger, sentences: &[GoldSentence]) -> Vec<Vec<(u8, u8)>> {
    let mut scratch = TagScratch::default();
    sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let mut out = Vec::new();
            tagger.tag(&words, &mut scratch, &mut out);
            out
        })
        .collect()
}

/// Trains the tagger and the lemmatizer; returns a human-readable report.
pub fn train_tagger(cfg: &TrainConfig) -> Result<String, NlpError> {
    let sentences = read_train(&cfg.train, &cfg.skip_docs)?;
    let epochs = cfg.epochs.unwrap_or(TAGGER_EPOCHS);
    let t0 = Instant::now();
    let clusters = clusters_in(&cfg.out)?;
    let tagger_bytes = tagger::train(&sentences, epochs, cfg.seed, &clusters);
    let lemma_bytes = lemma::train(&sentences);
    let secs = t0.elapsed().as_secs_f64();
    let p1 = write(&cfg.out, TAGGER_FILE, &tagger_bytes)?;
    let p2 = write(&cfg.out, LEMMA_FILE, &lemma_bytes)?;
    let mut r = String::new();
    let n_words: usize = sentences.iter().map(|s| s.words.len()).sum();
    let _ = writeln!(
        r,
        "trained tagger + lemmatizer on {} sentences / {n_words} words, {epochs} epochs, seed {}, in {secs:.1}s",
        sentences.len(),
        cfg.seed
    );
    let _ = writeln!(
        r,
        "word clusters: {} words from {}",
        clusters.len(),
        cfg.out.join(CLUSTER_FILE).display()
    );
    let _ = writeln!(r, "wrote {} ({} bytes)", p1.display(), tagger_bytes.len());
    let _ = writeln!(r, "wrote {} ({} bytes)", p2.display(), lemma_bytes.len());
    let tagger = Tagger::from_bytes(&tagger_bytes)?;
    let lem = Lemmatizer::from_bytes(&lemma_bytes)?;
    for dev in &cfg.dev {
        let gold = conllu::read_file(dev)?;
        let tags = tag_sentences(&tagger, &gold);
        let (mut n, mut u, mut x, mut l) = (0usize, 0usize, 0usize, 0usize);
        for (s, t) in gold.iter().zip(&tags) {
            for (w, &(up, xp)) in s.words.iter().zip(t) {
                n += 1;
                u += (w.upos == up) as usize;
                x += (w.xpos == xp) as usize;
                l += (lem.lemmatize(&w.form, xp) == w.lemma) as usize;
            }
        }
        let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
        let _ = writeln!(
            r,
            "dev {}: UPOS {:.2}  XPOS {:.2}  lemma {:.2}  ({n} words)",
            dev.display(),
            pct(u),
            pct(x),
            pct(l)
        );
    }
    Ok(r)
}

/// Builds parser training sentences from gold trees and the given tags.
pub fn parse_inputs(sentences: &[GoldSentence], tags: &[Vec<(u8, u8)>]) -> Vec<TrainSentence> {
    let mut buf = String::new();
    sentences
        .iter()
        .zip(tags)
        .map(|(s, t)| {
            let n = s.words.len() as i32;
            TrainSentence {
                toks: s
                    .words
                    .iter()
                    .zip(t)
                    .map(|(w, &(u, x))| ParseToken {
                        word: word_value(&w.form, &mut buf),
                        tag: ((u as u32) << 8) | x as u32,
                    })
                    .collect(),
                heads: s
                    .words
                    .iter()
                    .map(|w| if w.head == 0 { n } else { w.head as i32 - 1 })
                    .collect(),
                labels: s.words.iter().map(|w| w.deprel).collect(),
            }
        })
        .collect()
}

/// Tags every sentence of `sentences` with a tagger that never saw it.
fn jackknife_tags(
    sentences: &[GoldSentence],
    epochs: usize,
    seed: u64,
    clusters: &[(u64, [u16; 3])],
) -> Result<Vec<Vec<(u8, u8)>>, NlpError> {
    let mut tags = vec![Vec::new(); sentences.len()];
    for fold in 0..JACKKNIFE_FOLDS {
        let train: Vec<GoldSentence> = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| i % JACKKNIFE_FOLDS != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let held: Vec<usize> = (0..sentences.len())
            .filter(|i| i % JACKKNIFE_FOLDS == fold)
            .collect();
        let tagger = Tagger::from_bytes(&tagger::train(&train, epochs, seed, clusters))?;
        let held_s: Vec<GoldSentence> = held.iter().map(|&i| sentences[i].clone()).collect();
        for (i, t) in held.into_iter().zip(tag_sentences(&tagger, &held_s)) {
            tags[i] = t;
        }
    }
    Ok(tags)
}

/// Jackknifed tags read from `cache` when it exists, else computed and
/// written there. For parser experiments (`NEWSGRAPH_JACKKNIFE_CACHE`):
/// the four tagger trainings take longer than a parser training. The
/// cache is trusted only when its sentence and word counts match.
fn cached_jackknife_tags(
    cache: &Path,
    sentences: &[GoldSentence],
    seed: u64,
    clusters: &[(u64, [u16; 3])],
) -> Result<Vec<Vec<(u8, u8)>>, NlpError> {
    if let Ok(b) = std::fs::read(cache) {
        let mut tags = Vec::with_capacity(sentences.len());
        let mut pos = 0;
        for s in sentences {
            let Some(row) = b.get(pos..pos + 2 * s.words.len()) else {
                break;
            };
            tags.push(row.chunks_exact(2).map(|c| (c[0], c[1])).collect());
            pos += 2 * s.words.len();
        }
        if tags.len() == sentences.len() && pos == b.len() {
            return Ok(tags);
        }
    }
    let tags = jackknife_tags(sentences, TAGGER_EPOCHS, seed, clusters)?;
    let bytes: Vec<u8> = tags.iter().flatten().flat_map(|&(u, x)| [u, x]).collect();
    // A cache that cannot be written only costs the next run time.
    let _ = std::fs::write(cache, bytes);
    Ok(tags)
}

/// Scores a parser on gold sentences with the given tags: (UAS, LAS) in %.
pub fn attachment(
    parser: &Parser,
    sentences: &[GoldSentence],
    tags: &[Vec<(u8, u8)>],
) -> (f64, f64) {
    let inputs = parse_inputs(sentences, tags);
    let mut scratch = parser::ParseScratch::default();
    let (mut heads, mut labels) = (Vec::new(), Vec::new());
    let (mut n, mut ua, mut la) = (0usize, 0usize, 0usize);
    for (s, inp) in sentences.iter().zip(&inputs) {
        parser.parse(&inp.toks, &mut scratch, &mut heads, &mut labels);
        for (k, w) in s.words.iter().enumerate() {
            let ph = heads[k].map(|h| h + 1).unwrap_or(0);
            n += 1;
            if ph == w.head {
                ua += 1;
                la += (labels[k] == w.deprel) as usize;
            }
        }
    }
    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    (pct(ua), pct(la))
}

/// Trains the parser on jackknifed predicted tags; returns a report.
pub fn train_parser(cfg: &TrainConfig) -> Result<String, NlpError> {
    let sentences = read_train(&cfg.train, &cfg.skip_docs)?;
    let epochs = cfg.epochs.unwrap_or(PARSER_EPOCHS);
    let t0 = Instant::now();
    let clusters = clusters_in(&cfg.out)?;
    let tags = match std::env::var_os("NEWSGRAPH_JACKKNIFE_CACHE") {
        Some(cache) => cached_jackknife_tags(Path::new(&cache), &sentences, cfg.seed, &clusters)?,
        None => jackknife_tags(&sentences, TAGGER_EPOCHS, cfg.seed, &clusters)?,
    };
    let t_tags = t0.elapsed().as_secs_f64();
    let inputs = parse_inputs(&sentences, &tags);
    let n_proj = inputs
        .iter()
        .filter(|s| parser::is_projective(&s.heads))
        .count();
    let prune = std::env::var("NEWSGRAPH_PARSER_PRUNE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(PARSER_PRUNE);
    let bytes = parser::train(&inputs, epochs, cfg.seed, prune, |e| {
        if std::env::var_os("NEWSGRAPH_TRAIN_VERBOSE").is_some() {
            eprintln!(
                "parser epoch {e}/{epochs} done at {:.0}s",
                t0.elapsed().as_secs_f64()
            );
        }
    });
    let secs = t0.elapsed().as_secs_f64();
    let path = write(&cfg.out, PARSER_FILE, &bytes)?;
    let mut r = String::new();
    let _ = writeln!(
        r,
        "trained parser on {} sentences ({n_proj} projective used), {epochs} epochs, seed {}, jackknifed tags ({JACKKNIFE_FOLDS} folds, {t_tags:.0}s), total {secs:.0}s",
        sentences.len(),
        cfg.seed
    );
    let _ = writeln!(r, "wrote {} ({} bytes)", path.display(), bytes.len());
    let parser = Parser::from_bytes(&bytes)?;
    // Predicted dev tags come from the tagger in the same directory when
    // there is one, else from one trained on the full training set.
    if cfg.dev.is_empty() {
        return Ok(r);
    }
    let tagger = match std::fs::read(cfg.out.join(TAGGER_FILE)) {
        Ok(b) => Tagger::from_bytes(&b)?,
        Err(_) => Tagger::from_bytes(&tagger::train(
            &sentences,
            TAGGER_EPOCHS,
            cfg.seed,
            &clusters,
        ))?,
    };
    for dev in &cfg.dev {
        let gold = conllu::read_file(dev)?;
        let tags = tag_sentences(&tagger, &gold);
        let (uas, las) = attachment(&parser, &gold, &tags);
        let gold_tags: Vec<Vec<(u8, u8)>> = gold
            .iter()
            .map(|s| s.words.iter().map(|w| (w.upos, w.xpos)).collect())
            .collect();
        let (guas, glas) = attachment(&parser, &gold, &gold_tags);
        let _ = writeln!(
            r,
            "dev {}: predicted tags UAS {uas:.2} LAS {las:.2}; gold tags UAS {guas:.2} LAS {glas:.2}",
            dev.display()
        );
    }
    Ok(r)
}
