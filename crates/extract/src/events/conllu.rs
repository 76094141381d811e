//! Builds a parsed [`Document`] from CoNLL-U text, so the coder can be run
//! on supplied gold parses (the PETRARCH validation suites) and tests can
//! state a parse by hand. The text is the forms joined by single spaces
//! (none where MISC says `SpaceAfter=No`); multi-word token and empty-node
//! lines are skipped, and malformed lines are ignored rather than failing.

use newsgraph_doc::{tags, ArticleBuilder, Document, Sentence, Span, Token};

/// One document holding every sentence of `conllu` as one paragraph.
pub fn document_from_conllu(conllu: &str, date: Option<chrono::NaiveDate>) -> Document {
    struct Row {
        form: String,
        lemma: String,
        upos: String,
        xpos: String,
        head: usize,
        deprel: String,
        space_after: bool,
    }
    let mut sentences: Vec<Vec<Row>> = vec![Vec::new()];
    for line in conllu.lines() {
        if line.trim().is_empty() {
            if sentences.last().is_some_and(|s| !s.is_empty()) {
                sentences.push(Vec::new());
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 || cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let row = Row {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head: cols[6].parse().unwrap_or(0),
            deprel: cols[7].to_string(),
            space_after: !cols.get(9).is_some_and(|m| m.contains("SpaceAfter=No")),
        };
        if let Some(s) = sentences.last_mut() {
            s.push(row);
        }
    }
    sentences.retain(|s| !s.is_empty());
    // UD v1 files (UDPipe 1 models) use older labels; read them as UD v2 so
    // the coder sees one scheme. An `nmod` on a verb or adjective is v2's `obl`.
    for s in &mut sentences {
        let upos: Vec<String> = s.iter().map(|r| r.upos.clone()).collect();
        for r in s.iter_mut() {
            let head_upos = r
                .head
                .checked_sub(1)
                .and_then(|h| upos.get(h))
                .map(String::as_str);
            let new = match r.deprel.as_str() {
                "dobj" => "obj",
                "nsubjpass" => "nsubj:pass",
                "csubjpass" => "csubj:pass",
                "auxpass" => "aux:pass",
                "name" => "flat",
                "neg" => "advmod",
                "mwe" => "fixed",
                "nmod" | "nmod:tmod" | "nmod:npmod" | "nmod:agent"
                    if matches!(head_upos, Some("VERB" | "ADJ" | "AUX")) =>
                {
                    match r.deprel.as_str() {
                        "nmod:tmod" => "obl:tmod",
                        "nmod:npmod" => "obl:npmod",
                        "nmod:agent" => "obl:agent",
                        _ => "obl",
                    }
                }
                _ => continue,
            };
            r.deprel = new.to_string();
        }
    }
    let mut text = String::new();
    for s in &sentences {
        if !text.is_empty() {
            text.push(' ');
        }
        for r in s {
            text.push_str(&r.form);
            if r.space_after {
                text.push(' ');
            }
        }
        while text.ends_with(' ') {
            text.pop();
        }
    }
    let mut article = ArticleBuilder::new("conllu").paragraph(&text).build();
    article.published.date = date;
    // The builder may normalize whitespace; spans are found by searching
    // forward in the built text, so they always point at the form.
    let mut doc = Document::new(article);
    let mut pos = 0usize;
    for s in &sentences {
        let first = doc.tokens.len();
        let mut sent_start = None;
        for r in s {
            let start = doc.article.text[pos..]
                .find(r.form.as_str())
                .map_or(pos, |k| pos + k);
            let end = (start + r.form.len()).min(doc.article.text.len());
            let end = if doc.article.text.is_char_boundary(end) {
                end
            } else {
                start
            };
            pos = end;
            sent_start.get_or_insert(start);
            doc.tokens.push(Token {
                span: Span::new(start, end),
                upos: tags::upos_index(&r.upos).unwrap_or(16),
                xpos: tags::xpos_index(&r.xpos).unwrap_or(0),
                lemma: r.lemma.clone(),
                head: (r.head > 0 && r.head <= s.len()).then(|| (first + r.head - 1) as u32),
                deprel: tags::deprel_index(&r.deprel),
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

/// A sentence in CoNLL-U for tests (our own words), `SpaceAfter=No` where
/// asked: `words` are `(form, lemma, upos, xpos, head, deprel, joined to
/// the next)`.
#[cfg(test)]
pub(crate) type ConlluWord<'a> = (&'a str, &'a str, &'a str, &'a str, u32, &'a str, bool);

#[cfg(test)]
pub(crate) fn conllu_sentence(words: &[ConlluWord]) -> String {
    let mut out = String::new();
    for (k, (form, lemma, upos, xpos, head, rel, joined)) in words.iter().enumerate() {
        let misc = if *joined { "SpaceAfter=No" } else { "_" };
        out.push_str(&format!(
            "{}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t{misc}\n",
            k + 1
        ));
    }
    out.push('\n');
    out
}
