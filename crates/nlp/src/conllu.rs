//! A small CoNLL-U reader: the training and evaluation input for the tagger,
//! lemmatizer and parser.
//!
//! Only what the models need is kept: the syntactic words (multiword-token
//! lines such as `3-4 don't` are recorded for raw-text reconstruction, empty
//! nodes such as `8.1` are skipped, as the basic tree does not use them), the
//! `# text`, `# newdoc` and `# newpar` comments, and `SpaceAfter=No`. Tags and
//! labels are mapped to the [`newsgraph_doc::tags`] tables at read time so
//! the models never see strings they cannot store.

use crate::NlpError;
use newsgraph_doc::tags::{deprel_index, upos_index, xpos_index};
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

/// Parses CoNLL-U text. Errors carry the 1-based line number and a message.
pub fn parse(text: &str) -> Result<Vec<GoldSentence>, (usize, String)> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    // A multiword token waiting for its last word: (range end, form, space after).
    let mut pending_mwt: Option<(usize, Surface)> = None;
    for (line_no, raw) in text.lines().enumerate() {
        let line_no = line_no + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            pending_mwt = None;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(t) = comment.strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            } else if comment.starts_with("newdoc") {
                cur.new_doc = true;
                cur.new_par = true;
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
        });
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
        out.push(cur);
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
        assert_eq!(s.text.as_deref(), Some("We don't."));
        assert_eq!(s.words.len(), 4);
        assert_eq!(s.words[3].head, 3);
        assert_eq!(s.surface.len(), 3);
        assert_eq!(s.surface[1].form, "don't");
        assert_eq!((s.surface[1].first_word, s.surface[1].end_word), (1, 3));
        assert_eq!(s.surface_text(), "We don't.");
    }

    #[test]
    fn rejects_bad_lines_with_line_numbers() {
        assert_eq!(parse("1\tx\n").unwrap_err().0, 1);
        assert!(parse("2\tx\tx\tX\tXX\t_\t0\troot\t_\t_\n").is_err());
    }
}
