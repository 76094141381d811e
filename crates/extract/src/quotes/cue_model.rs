//! Reported speech found by a trained model: which verbs report what
//! someone said, thought or wanted ("*argued* that …", "*wants* the
//! inquiry to …", "*criticized* the plan"), and where their content is.
//!
//! The hand rules of [`super::find_indirect`] know a closed list of cues in
//! a few layouts; PolNeAR annotates hundreds of cue verbs (its 100 most
//! frequent cover 40 % of its reported speech). This model learns, from
//! PolNeAR train, whether a verb of a parsed sentence is a cue: a logistic
//! regression over sparse named features of the verb and its dependents
//! ([`cue_features`]: lemma, form, tag, relation, which complements it
//! takes and crossed with the lemma, what its subject is). The content is
//! then read from the parse ([`content_of_cue`]): the subtree of the verb's
//! clausal complement, else its open complement, object, or the oblique
//! naming the topic ("accused … *of* …").
//!
//! Only verbs whose lemma was a cue in training are candidates (the
//! model's `lemma` lines), which keeps the per-token work to a set look-up
//! and tells the parse plan which sentences to parse.
//!
//! The weights live in `models/quote-cues-v1.txt`, compiled into the
//! binary; `newsgraph train quote-cues` writes it ([`train`]: stochastic
//! gradient descent on the L2-regularized log loss in a fixed order,
//! deterministic). The format, one item a line, `#` comments:
//!
//! ```text
//! format 1
//! threshold 0.55       # the least probability that makes a verb a cue
//! bias -2.1
//! require speaker      # optional: only cues whose subject can speak
//! require clause       # optional: only a clausal complement is content
//! lemma argue          # a candidate lemma
//! weight lemma=argue 1.93
//! ```

use newsgraph_doc::{Deprel, Document, Span, Upos};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

/// The model shipped in the binary.
static EMBEDDED: &str = include_str!("../../../../models/quote-cues-v1.txt");

/// The format version this code reads and writes.
pub const FORMAT: u32 = 1;

/// A trained cue model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CueModel {
    pub bias: f32,
    pub weights: HashMap<String, f32>,
    /// The least probability at which a candidate is a cue.
    pub threshold: f32,
    /// Lemmas that can be cues: those seen as one in training.
    pub lemmas: HashSet<String>,
    /// Only a cue whose subject can speak is taken (`require speaker`).
    pub require_speaker: bool,
    /// Only a clausal complement is content (`require clause`): "argued
    /// *that …*", not "criticized *the plan*".
    pub require_clause: bool,
}

impl CueModel {
    /// Reads a model file's text; the error names the line and the problem.
    pub fn parse(text: &str) -> Result<CueModel, String> {
        let mut model = CueModel::default();
        let mut format = None;
        for (n, line) in text.lines().enumerate() {
            // A comment is a line opening with `#` or a ` #` tail: features
            // may hold `#` themselves ("prev=#").
            let line = line.split(" #").next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |e: String| format!("line {}: {e}", n + 1);
            let number = |s: &str| -> Result<f32, String> {
                s.parse::<f32>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| at(format!("'{s}' is not a number")))
            };
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                ["format", v] => {
                    let v: u32 = v
                        .parse()
                        .map_err(|_| at(format!("'{v}' is not a format number")))?;
                    if v != FORMAT {
                        return Err(at(format!(
                            "format {v}, this newsgraph reads format {FORMAT}"
                        )));
                    }
                    format = Some(v);
                }
                ["threshold", v] => {
                    let t = number(v)?;
                    if !(0.0..=1.0).contains(&t) {
                        return Err(at(format!("threshold {t} is not between 0 and 1")));
                    }
                    model.threshold = t;
                }
                ["bias", v] => model.bias = number(v)?,
                ["require", "speaker"] => model.require_speaker = true,
                ["require", "clause"] => model.require_clause = true,
                ["lemma", l] => {
                    model.lemmas.insert(l.to_string());
                }
                ["weight", name, v] => {
                    model.weights.insert(name.to_string(), number(v)?);
                }
                _ => return Err(at(format!("cannot read '{line}'"))),
            }
        }
        if format.is_none() {
            return Err("no 'format' line".into());
        }
        Ok(model)
    }

    /// The file's text: `header` lines as comments, then the lemmas and
    /// the weights, each sorted so that retraining gives a readable diff.
    pub fn to_text(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
        }
        out.push_str(&format!("format {FORMAT}\n"));
        out.push_str(&format!("threshold {:.2}\n", self.threshold));
        out.push_str(&format!("bias {:.4}\n", self.bias));
        if self.require_speaker {
            out.push_str("require speaker\n");
        }
        if self.require_clause {
            out.push_str("require clause\n");
        }
        let mut lemmas: Vec<&String> = self.lemmas.iter().collect();
        lemmas.sort();
        for l in lemmas {
            out.push_str(&format!("lemma {l}\n"));
        }
        let mut weights: Vec<(&String, &f32)> = self.weights.iter().collect();
        weights.sort_by(|a, b| a.0.cmp(b.0));
        for (name, w) in weights {
            // A name with a space could not be read back; features have none.
            if w.abs() >= 5e-4 && !name.contains(char::is_whitespace) {
                out.push_str(&format!("weight {name} {w:.4}\n"));
            }
        }
        out
    }

    /// The probability that the verb with these features is a cue.
    pub fn score(&self, features: &[String]) -> f32 {
        let z = self.bias
            + features
                .iter()
                .filter_map(|f| self.weights.get(f))
                .sum::<f32>();
        sigmoid(f64::from(z)) as f32
    }

    /// Is token `i` a verb whose lemma can be a cue? Decided without the
    /// parse, so the parse plan can ask.
    pub fn is_candidate(&self, doc: &Document, i: usize) -> bool {
        doc.tokens
            .get(i)
            .is_some_and(|t| t.upos_tag() == Upos::Verb && self.lemmas.contains(&t.lemma))
    }
}

/// The embedded model, read once. A file that does not read (a test checks
/// that it does) finds no cue.
pub fn embedded() -> &'static CueModel {
    static MODEL: OnceLock<CueModel> = OnceLock::new();
    MODEL.get_or_init(|| CueModel::parse(EMBEDDED).unwrap_or_default())
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The dependents of token `i` in its sentence.
fn children(doc: &Document, i: usize, sentence: &Range<usize>) -> Vec<usize> {
    sentence
        .clone()
        .filter(|&j| doc.tokens[j].head == Some(i as u32))
        .collect()
}

/// The sentence of token `i`, clamped to the document's tokens.
fn sentence_range(doc: &Document, i: usize) -> Option<Range<usize>> {
    let s = doc.sentence_of_token(i)?;
    let r = doc.sentences[s].token_range();
    Some(r.start.min(doc.tokens.len())..r.end.min(doc.tokens.len()))
}

/// The features of verb `i` as a cue (the parse must be read). Names are
/// `kind=value`, crossed with the lemma where the lemma changes what a
/// dependent means ("told *reporters*" against "told *the story*").
pub fn cue_features(doc: &Document, i: usize) -> Vec<String> {
    let Some(sentence) = sentence_range(doc, i) else {
        return Vec::new();
    };
    let t = &doc.tokens[i];
    let lemma = t.lemma.as_str();
    let word = doc.token_text(i).to_lowercase();
    let rel = t.deprel_tag().as_str();
    let mut f = vec![
        format!("lemma={lemma}"),
        format!("word={word}"),
        format!("xpos={}", newsgraph_doc::tags::xpos_name(t.xpos)),
        format!("rel={rel}"),
        format!("lemma={lemma}&rel={rel}"),
    ];
    // The word before ("has said", "also said", "to say") and the verb this
    // one hangs on ("wants to *say*", "said he *believed*").
    if i > sentence.start {
        f.push(format!("prev={}", doc.token_text(i - 1).to_lowercase()));
    }
    if let Some(h) = t.head.map(|h| h as usize).filter(|h| sentence.contains(h)) {
        f.push(format!("lemma={lemma}&head={}", doc.tokens[h].lemma));
    }
    let kids = children(doc, i, &sentence);
    let has = |name: &str, f: &mut Vec<String>| {
        f.push(format!("has={name}"));
        f.push(format!("lemma={lemma}&has={name}"));
    };
    for &k in &kids {
        let kt = &doc.tokens[k];
        let d = kt.deprel_tag();
        match d.base() {
            Deprel::Ccomp => {
                has("ccomp", &mut f);
                // "said *that* …", "asked *whether* …".
                if let Some(m) = children(doc, k, &sentence)
                    .into_iter()
                    .find(|&c| doc.tokens[c].deprel_tag() == Deprel::Mark)
                {
                    has(
                        &format!("ccomp:{}", doc.token_text(m).to_lowercase()),
                        &mut f,
                    );
                }
            }
            Deprel::Xcomp => has("xcomp", &mut f),
            Deprel::Obj => {
                has("obj", &mut f);
                // "told *reporters*", "called *it* …", "cited *data*".
                f.push(format!("lemma={lemma}&obj={}", kt.lemma));
            }
            Deprel::Iobj => has("iobj", &mut f),
            Deprel::Advcl => has("advcl", &mut f),
            Deprel::Parataxis => has("parataxis", &mut f),
            Deprel::Obl => {
                let case = children(doc, k, &sentence)
                    .into_iter()
                    .find(|&c| doc.tokens[c].deprel_tag() == Deprel::Case)
                    .map(|c| doc.token_text(c).to_lowercase())
                    .unwrap_or_default();
                has(&format!("obl:{case}"), &mut f);
            }
            Deprel::Nsubj => {
                let kind = subject_kind(doc, k);
                f.push(format!("subj={kind}"));
                f.push(format!("lemma={lemma}&subj={kind}"));
                if d == Deprel::NsubjPass {
                    has("nsubj:pass", &mut f);
                }
            }
            Deprel::Aux if d == Deprel::AuxPass => has("aux:pass", &mut f),
            _ => {}
        }
    }
    if !kids
        .iter()
        .any(|&k| doc.tokens[k].deprel_tag().base() == Deprel::Nsubj)
    {
        f.push("subj=none".into());
        f.push(format!("lemma={lemma}&subj=none"));
    }
    if i + 1 < sentence.end {
        let next = doc.token_text(i + 1).to_lowercase();
        if matches!(
            next.as_str(),
            "that" | "to" | "for" | "of" | ":" | "," | "on"
        ) {
            f.push(format!("next={next}"));
            f.push(format!("lemma={lemma}&next={next}"));
        }
    }
    f
}

/// What the subject of a cue is: a pronoun, a person, an organization or
/// place, another noun.
fn subject_kind(doc: &Document, k: usize) -> &'static str {
    let t = &doc.tokens[k];
    if t.upos_tag() == Upos::Pron {
        return "pron";
    }
    let span = t.span;
    let entity = doc.entities.iter().find(|e| {
        e.mentions
            .iter()
            .any(|m| m.span.contains(span) || span.contains(m.span))
    });
    match entity.map(|e| e.entity_type) {
        Some(newsgraph_doc::EntityType::Person) => "person",
        Some(_) => "org",
        None if t.upos_tag() == Upos::Propn => "propn",
        None => "noun",
    }
}

/// The tokens of the content of cue `i`, from the parse: the subtree of its
/// clausal complement, else of its open complement, its object, or an
/// oblique naming the topic ("accused Y *of* …", "called *for* …").
pub fn content_of_cue(doc: &Document, i: usize, clause_only: bool) -> Option<Range<usize>> {
    let sentence = sentence_range(doc, i)?;
    let kids = children(doc, i, &sentence);
    let pick = |rel: Deprel| {
        kids.iter()
            .copied()
            .find(|&k| doc.tokens[k].deprel_tag().base() == rel && k > i)
    };
    let topic = || {
        kids.iter().copied().find(|&k| {
            k > i
                && doc.tokens[k].deprel_tag().base() == Deprel::Obl
                && children(doc, k, &sentence).into_iter().any(|c| {
                    doc.tokens[c].deprel_tag() == Deprel::Case
                        && matches!(
                            doc.token_text(c).to_lowercase().as_str(),
                            "of" | "about" | "for" | "on" | "over" | "against"
                        )
                })
        })
    };
    // Every complement after the cue: "called *her supporters* *a basket of
    // deplorables*", "told reporters *that* …" (the listener is taken in,
    // which costs little against the clause). An object alone after a verb
    // of telling is the listener, not the content ("told *the Post*").
    // An announcement's object is what was said ("announced *10,000 job
    // cuts*"), clause or not.
    let announces = announces(&doc.tokens[i].lemma);
    let heads: Vec<usize> = if clause_only {
        pick(Deprel::Ccomp)
            .or_else(|| pick(Deprel::Obj).filter(|_| announces))
            .into_iter()
            .collect()
    } else {
        [Deprel::Ccomp, Deprel::Xcomp, Deprel::Obj]
            .into_iter()
            .filter_map(pick)
            .chain(topic())
            .collect()
    };
    let listener_only = heads.len() == 1
        && pick(Deprel::Obj).is_some()
        && matches!(
            doc.tokens[i].lemma.as_str(),
            "tell" | "ask" | "inform" | "remind" | "assure" | "thank" | "brief" | "warn"
        );
    if heads.is_empty() || listener_only {
        return None;
    }
    // The subtrees: tokens whose chain of heads reaches one of `heads`.
    let in_subtree = |mut j: usize| {
        for _ in 0..sentence.len() {
            if heads.contains(&j) {
                return true;
            }
            match doc.tokens[j].head {
                Some(h) if sentence.contains(&(h as usize)) => j = h as usize,
                _ => return false,
            }
        }
        false
    };
    let members: Vec<usize> = sentence.clone().filter(|&j| in_subtree(j)).collect();
    let (&first, &last) = (members.first()?, members.last()?);
    // Never back over the cue: a subtree the parser threaded around it
    // starts after it.
    let first = first.max(i + 1);
    let mut last = last;
    while last > first
        && matches!(
            doc.token_text(last),
            "." | "," | ";" | ":" | "!" | "?" | "\"" | "”" | "’"
        )
    {
        last -= 1;
    }
    (last > first).then_some(first..last + 1)
}

/// Verbs of announcing, whose object is what was said.
pub fn announces(lemma: &str) -> bool {
    matches!(lemma, "announce" | "unveil" | "declare" | "proclaim")
}

/// The content span of cue `i`, when the model takes `i` for a cue.
pub fn found_content(model: &CueModel, doc: &Document, i: usize) -> Option<Span> {
    if !model.is_candidate(doc, i) {
        return None;
    }
    if model.score(&cue_features(doc, i)) < model.threshold {
        return None;
    }
    let r = content_of_cue(doc, i, model.require_clause)?;
    Some(doc.tokens[r.start].span.cover(doc.tokens[r.end - 1].span))
}

/// One training example: a candidate's features and whether it is a cue.
pub type Example = (Vec<String>, bool);

/// Trains the model: `epochs` passes of stochastic gradient descent over
/// `examples` in their order (deterministic), with L2 regularization.
/// `lemmas` are the candidate lemmas; `threshold` is kept as given.
pub fn train(
    examples: &[Example],
    lemmas: HashSet<String>,
    epochs: usize,
    threshold: f32,
) -> CueModel {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let rows: Vec<(Vec<usize>, f64)> = examples
        .iter()
        .map(|(f, y)| {
            let ids = f
                .iter()
                .map(|name| {
                    let n = index.len();
                    *index.entry(name.as_str()).or_insert(n)
                })
                .collect();
            (ids, if *y { 1.0 } else { 0.0 })
        })
        .collect();
    let mut w = vec![0.0f64; index.len()];
    let mut bias = 0.0f64;
    let l2 = 1e-5;
    for epoch in 0..epochs {
        let rate = 0.2 / (1.0 + epoch as f64);
        for (ids, y) in &rows {
            let z = bias + ids.iter().map(|&k| w[k]).sum::<f64>();
            let g = sigmoid(z) - y;
            bias -= rate * g;
            for &k in ids {
                w[k] -= rate * (g + l2 * w[k]);
            }
        }
    }
    let weights = index
        .into_iter()
        .map(|(name, k)| (name.to_string(), w[k] as f32))
        .collect();
    CueModel {
        bias: bias as f32,
        weights,
        threshold,
        lemmas,
        require_speaker: false,
        require_clause: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_reads_and_knows_cues() {
        let model = CueModel::parse(EMBEDDED).expect("models/quote-cues-v1.txt reads");
        assert!(model.lemmas.contains("say") && model.lemmas.contains("argue"));
        assert!(model.threshold > 0.0 && model.threshold < 1.0);
    }

    #[test]
    fn a_model_survives_its_text_and_refuses_other_formats() {
        let examples: Vec<Example> = vec![
            (vec!["lemma=argue".into(), "has=ccomp".into()], true),
            (vec!["lemma=eat".into(), "prev=#tag".into()], false),
        ];
        let lemmas: HashSet<String> = ["argue".to_string()].into();
        let mut model = train(&examples, lemmas, 5, 0.5);
        model.require_speaker = true;
        let back = CueModel::parse(&model.to_text("a test\n")).expect("reads back");
        assert_eq!(back.lemmas, model.lemmas);
        assert!(back.require_speaker && !back.require_clause);
        // A feature holding `#` is a feature, not a comment.
        assert!(back.weights.contains_key("prev=#tag"));
        assert!(back.score(&examples[0].0) > back.score(&examples[1].0));
        let err = CueModel::parse("format 9\n").unwrap_err();
        assert!(err.contains("format 9"), "{err}");
    }
}
