//! GUM and MEANTIME as named-entity gold in CoNLL-2003's four types (issue
//! 20): more recent news and other genres than 1996 Reuters, scored with the
//! same conlleval semantics as `eval ner` on gold tokens, and written out in
//! CoNLL-2003 layout for peers (spaCy) and for training.
//!
//! Both corpora annotate every mention of an entity (names, descriptions,
//! pronouns) with the whole noun phrase ("the United States Court of
//! Appeals in the D.C. Circuit", "JSA Research defence analyst Paul
//! Nesbit"). The mapping keeps the *named* mentions and cuts each to its
//! name, as CoNLL-2003 marks names:
//!
//! - **Which mentions.** GUM: the mention's head (its one word whose
//!   syntactic head lies outside it) is a proper noun (PROPN). MEANTIME:
//!   `syntactic_type` NAM or PRE.NAM (a name, or a name used as a modifier:
//!   "US" in "US Air Force").
//! - **Types.** GUM person → PER, organization → ORG, place → LOC; event,
//!   object and abstract → MISC (events, products, works, languages); time,
//!   animal, plant and substance are not CoNLL types and are left out.
//!   MEANTIME PER, ORG, LOC as they are; PRO (products), FIN (indices,
//!   currencies, programmes) and MIX → MISC. A one-word PER or LOC name that
//!   is a nationality word and not a place ("German" in "German carmaker",
//!   "Hispanic") is MISC, as CoNLL marks nationalities.
//! - **The name inside the mention.** Its words are the name-like words
//!   (a capital letter or, after the first such word, a digit: "Wave 4",
//!   "FTSE 100"; "iPhone") in one run, joined through at most two lowercase
//!   connectors ("of", "the", "de", "for", "on", "&", "-": "University of
//!   California", "Court of Appeals") when a name-like word follows; a
//!   determiner, "'s", a comma, a bracket or any other word ends the run.
//!   GUM: the run around the head, leaving out titles before a name (GUM
//!   marks "Doctor", "Mr.", "Chief Justice" as `nmod:desc`). MEANTIME, which
//!   records no head: the mention is cut at commas and brackets; a part's
//!   name is its last run, and for people without leading title words
//!   ("Spokeswoman", "Senator"; the recognizer's title list); a part whose
//!   run ends in a title word ("Ryanair CEO") holds no name; the first part
//!   with a name gives it ("Ryanair CEO, Michael O'Leary" → "Michael
//!   O'Leary"; "the United States Air Force (USAF)" → "United States Air
//!   Force").
//! - **Nesting.** CoNLL names do not nest: of overlapping names the longer
//!   is kept; of two mentions with the same name the smaller mention's type.
//! - **MEANTIME's extent.** MEANTIME annotates the title and the first
//!   sentences of the body only (sentences 0 and 2–5; 1 is the dateline):
//!   a document keeps the sentences holding at least one entity mention of
//!   the document layer (one with a `syntactic_type`; mentions of the
//!   cross-document layer alone have none and reach further), so a name in
//!   an unannotated sentence is no false positive.
//!
//! GUM's train split holds genres whose licence does not allow a shipped
//! model (`newsgraph_nlp::train::GUM_SKIP_DOCS`); [`gum_documents`] takes
//! the document prefixes to leave out.

use newsgraph_nlp::ner::gazetteer::{list, Gazetteer};
use newsgraph_nlp::ner::{ConllDocument, ConllSentence};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// CoNLL type indexes, in the order of the recognizer's types.
const PER: usize = 0;
const ORG: usize = 1;
const LOC: usize = 2;
const MISC: usize = 3;
const TYPE_NAMES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Lowercase words that may join the name-like words of one name.
const CONNECTORS: &[&str] = &[
    "of", "the", "de", "du", "del", "della", "der", "van", "von", "da", "dos", "for", "on", "&",
    "-", "and",
];

/// Capitalized function words that start no name ("The State of Ohio").
const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "His", "Her", "Its", "Their", "Our", "My",
    "Your",
];

/// A word that can be part of a name: a capital letter in it, or a digit
/// when a name-like word came before (`after_name`).
fn name_like(word: &str, after_name: bool) -> bool {
    if NOT_NAMES.contains(&word) {
        return false;
    }
    let first = word.chars().next();
    word.chars().any(char::is_uppercase) && first.is_some_and(|c| c.is_alphanumeric())
        || after_name && first.is_some_and(|c| c.is_ascii_digit())
}

/// "and" joins two names into one only when the caller says so (it never
/// does between names the corpus marks as two mentions).
fn connector(word: &str, allow_and: bool) -> bool {
    CONNECTORS.contains(&word) && (allow_and || word != "and")
}

/// The end (exclusive) of the name run that starts at `start` in `words`,
/// not past `limit`: name-like words, joined by up to two connectors when a
/// name-like word follows them.
fn run_end(words: &[&str], start: usize, limit: usize, allow_and: bool) -> usize {
    let mut end = start + 1;
    while end < limit {
        if name_like(words[end], true) {
            end += 1;
            continue;
        }
        let mut k = end;
        while k < limit && k < end + 2 && connector(words[k], allow_and) {
            k += 1;
        }
        if k > end && k < limit && name_like(words[k], true) {
            end = k + 1;
        } else {
            break;
        }
    }
    end
}

/// A nationality word that is no place: MISC in CoNLL's scheme.
fn nationality_word(gaz: &Gazetteer, word: &str) -> bool {
    let flags = gaz.flags(&[word]);
    flags & list::DEMONYM != 0 && flags & (list::PLACE | list::COUNTRY) == 0
}

/// A title, honorific or role noun ("Senator", "Mr", "CEO",
/// "spokeswoman"), by the recognizer's list (which ignores case).
fn title_word(gaz: &Gazetteer, word: &str) -> bool {
    gaz.flags(&[word]) & (list::TITLE | list::HONORIFIC | list::ROLE) != 0
}

/// One candidate name: its word range, type and the length of the mention
/// it came from (the smaller mention's type wins on the same name).
#[derive(Clone, Copy, Debug)]
struct Candidate {
    start: usize,
    end: usize,
    class: usize,
    mention_len: usize,
}

/// CoNLL names do not nest: the longer of overlapping names is kept, and of
/// two mentions naming the same words the smaller one's type.
fn resolve(
    mut cands: Vec<Candidate>,
    words: &[&str],
    gaz: &Gazetteer,
) -> Vec<(usize, usize, usize)> {
    cands.sort_by_key(|c| (std::cmp::Reverse(c.end - c.start), c.mention_len, c.start));
    let mut kept: Vec<(usize, usize, usize)> = Vec::new();
    for c in cands {
        if kept.iter().any(|&(s, e, _)| c.start < e && s < c.end) {
            continue;
        }
        let class = if c.end - c.start == 1
            && (c.class == PER || c.class == LOC)
            && nationality_word(gaz, words[c.start])
        {
            MISC
        } else {
            c.class
        };
        kept.push((c.start, c.end, class));
    }
    kept.sort_unstable();
    kept
}

/// The open and closed mentions of one word's GUM `Entity=` value:
/// `(group, type)` for each opening and `group` for each closing, in order.
fn gum_brackets(value: &str) -> Vec<(bool, String, String)> {
    // "(12-person-giv:act-...-Name" opens, "12)" closes, "(3-place-...)"
    // does both.
    let mut out = Vec::new();
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'(' {
            let rest = &value[i + 1..];
            let stop = rest.find(['(', ')']).unwrap_or(rest.len());
            let body = &rest[..stop];
            let mut parts = body.splitn(3, '-');
            let group = parts.next().unwrap_or("").to_string();
            let etype = parts.next().unwrap_or("").to_string();
            out.push((true, group.clone(), etype));
            i += 1 + stop;
            if rest[stop..].starts_with(')') {
                out.push((false, group, String::new()));
                i += 1;
            }
        } else if bytes[i].is_ascii_digit() {
            let rest = &value[i..];
            let stop = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if rest[stop..].starts_with(')') {
                out.push((false, rest[..stop].to_string(), String::new()));
                i += stop + 1;
            } else {
                i += stop.max(1);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// One word of a GUM sentence, as the mapping needs it.
struct GumWord {
    form: String,
    upos: String,
    /// 0-based index of the syntactic head; `None` for the root.
    head: Option<usize>,
    deprel: String,
    entity: Option<String>,
}

/// The GUM type's CoNLL type, if it has one.
fn gum_class(etype: &str) -> Option<usize> {
    match etype {
        "person" => Some(PER),
        "organization" => Some(ORG),
        "place" => Some(LOC),
        "event" | "object" | "abstract" => Some(MISC),
        _ => None,
    }
}

/// The names of one GUM sentence.
fn gum_sentence(words: &[GumWord], gaz: &Gazetteer) -> ConllSentence {
    let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
    // Mentions as (start, end, type), from the brackets.
    let mut open: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut mentions: Vec<(usize, usize, String)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(value) = &w.entity else { continue };
        for (opens, group, etype) in gum_brackets(value) {
            if opens {
                open.entry(group).or_default().push((i, etype));
            } else if let Some((s, etype)) = open.get_mut(&group).and_then(Vec::pop) {
                mentions.push((s, i + 1, etype));
            }
        }
    }
    // A word is a title when it, or a word it hangs from inside the
    // mention, is an `nmod:desc` ("Chief Justice Kennedy").
    let in_desc = |k: usize, s: usize, e: usize| -> bool {
        let mut cur = k;
        for _ in 0..words.len() {
            if words[cur].deprel == "nmod:desc" {
                return true;
            }
            match words[cur].head {
                Some(h) if h >= s && h < e => cur = h,
                _ => return false,
            }
        }
        false
    };
    let mut cands = Vec::new();
    for (s, e, etype) in mentions {
        let Some(class) = gum_class(&etype) else {
            continue;
        };
        let Some(head) = (s..e).find(|&k| words[k].head.is_none_or(|h| h < s || h >= e)) else {
            continue;
        };
        if words[head].upos != "PROPN" || !name_like(forms[head], false) {
            continue;
        }
        let mut start = head;
        while start > s
            && name_like(forms[start - 1], false)
            && words[start - 1].upos != "PUNCT"
            && !in_desc(start - 1, s, e)
        {
            start -= 1;
        }
        let end = run_end(&forms, head, e, false);
        cands.push(Candidate {
            start,
            end,
            class,
            mention_len: e - s,
        });
    }
    ConllSentence {
        entities: resolve(cands, &forms, gaz),
        words: forms.iter().map(|w| w.to_string()).collect(),
    }
}

/// GUM (UD CoNLL-U with `Entity=` in MISC) as CoNLL documents, one per
/// `# newdoc`, leaving out documents whose id starts with one of `skip`
/// and keeping only those starting with `only` when given.
pub fn gum_documents(
    path: &Path,
    skip: &[&str],
    only: Option<&str>,
) -> Result<Vec<ConllDocument>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    gum_from_text(&text, skip, only)
        .map_err(|(line, msg)| format!("{}:{line}: {msg}", path.display()))
}

fn gum_from_text(
    text: &str,
    skip: &[&str],
    only: Option<&str>,
) -> Result<Vec<ConllDocument>, (usize, String)> {
    let gaz = Gazetteer::embedded();
    let mut docs: Vec<ConllDocument> = Vec::new();
    let mut keep = true;
    let mut words: Vec<GumWord> = Vec::new();
    let flush = |words: &mut Vec<GumWord>, docs: &mut Vec<ConllDocument>, keep: bool| {
        if !words.is_empty() && keep {
            let sentence = gum_sentence(words, gaz);
            if let Some(d) = docs.last_mut() {
                d.push(sentence);
            }
        }
        words.clear();
    };
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            flush(&mut words, &mut docs, keep);
            continue;
        }
        if let Some(id) = line.strip_prefix("# newdoc id =") {
            flush(&mut words, &mut docs, keep);
            let id = id.trim();
            keep =
                !skip.iter().any(|p| id.starts_with(p)) && only.is_none_or(|p| id.starts_with(p));
            if keep {
                docs.push(Vec::new());
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err((
                n + 1,
                format!("expected 10 tab-separated columns, got {}", cols.len()),
            ));
        }
        if cols[0].contains(['-', '.']) {
            continue; // multiword tokens and empty nodes: the words follow
        }
        let head: usize = cols[6]
            .parse()
            .map_err(|_| (n + 1, format!("bad HEAD {:?}", cols[6])))?;
        let entity = cols[9]
            .split('|')
            .find_map(|kv| kv.strip_prefix("Entity="))
            .map(str::to_string);
        words.push(GumWord {
            form: cols[1].to_string(),
            upos: cols[3].to_string(),
            head: head.checked_sub(1),
            deprel: cols[7].to_string(),
            entity,
        });
    }
    flush(&mut words, &mut docs, keep);
    if docs.is_empty() && !text.is_empty() && !text.contains("# newdoc") {
        return Err((1, "no `# newdoc id =` line: not a GUM file".into()));
    }
    docs.retain(|d| !d.is_empty());
    Ok(docs)
}

/// MEANTIME's type's CoNLL type, if it has one.
fn meantime_class(ent_type: &str) -> Option<usize> {
    match ent_type {
        "PER" => Some(PER),
        "ORG" => Some(ORG),
        "LOC" => Some(LOC),
        "PRO" | "FIN" | "MIX" => Some(MISC),
        _ => None,
    }
}

/// The name inside a MEANTIME mention's words `[s, e)` of `words`, by the
/// rules in the module header.
fn meantime_name(
    words: &[&str],
    s: usize,
    e: usize,
    class: usize,
    gaz: &Gazetteer,
) -> Option<(usize, usize)> {
    let mut part_start = s;
    for k in s..=e {
        let boundary = k == e || matches!(words[k], "," | "(" | ")" | ":" | ";" | "--" | "[" | "]");
        if !boundary {
            continue;
        }
        // The last run of this part.
        let mut last: Option<(usize, usize)> = None;
        let mut i = part_start;
        while i < k {
            if name_like(words[i], false) {
                let end = run_end(words, i, k, false);
                last = Some((i, end));
                i = end;
            } else {
                i += 1;
            }
        }
        part_start = k + 1;
        let Some((mut a, b)) = last else { continue };
        if class == PER {
            if title_word(gaz, words[b - 1]) {
                continue;
            }
            while a < b && (title_word(gaz, words[a]) || connector(words[a], true)) {
                a += 1;
            }
        } else if title_word(gaz, words[b - 1]) && b - a == 1 {
            continue;
        }
        if a < b {
            return Some((a, b));
        }
    }
    None
}

/// One MEANTIME document (CAT XML) as a CoNLL document: the sentences
/// holding an annotated mention, with their names.
fn meantime_document(xml: &str, gaz: &Gazetteer) -> Result<ConllDocument, String> {
    let tokens = crate::meantime_text::tokens(xml).ok_or("a token without t_id or sentence")?;
    let position: BTreeMap<u32, usize> =
        tokens.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mention_re = Regex::new(r"(?s)<(ENTITY_MENTION)\b([^>]*)>(.*?)</ENTITY_MENTION>")
        .map_err(|e| e.to_string())?;
    let anchor_re = Regex::new(r#"t_id="(\d+)""#).map_err(|e| e.to_string())?;
    let entity_re = Regex::new(r"<ENTITY\b([^>]*)/>").map_err(|e| e.to_string())?;
    let refers_re = Regex::new(r#"(?s)<REFERS_TO\b[^>]*>(.*?)<target m_id="(\d+)""#)
        .map_err(|e| e.to_string())?;
    let source_re = Regex::new(r#"<source m_id="(\d+)""#).map_err(|e| e.to_string())?;
    let attr = crate::meantime_text::attr;

    let mut ent_type: BTreeMap<&str, &str> = BTreeMap::new();
    for c in entity_re.captures_iter(xml) {
        let a = c.get(1).map_or("", |m| m.as_str());
        if let (Some(id), Some(t)) = (attr(a, "m_id"), attr(a, "ent_type")) {
            ent_type.insert(id, t);
        }
    }
    let mut refers: BTreeMap<&str, &str> = BTreeMap::new();
    for c in refers_re.captures_iter(xml) {
        let target = c.get(2).map_or("", |m| m.as_str());
        for s in source_re.captures_iter(c.get(1).map_or("", |m| m.as_str())) {
            if let Some(src) = s.get(1) {
                refers.insert(src.as_str(), target);
            }
        }
    }
    let mut annotated: BTreeSet<u32> = BTreeSet::new();
    // Named mentions: (first token position, last + 1, class).
    let mut named: Vec<(usize, usize, usize)> = Vec::new();
    for c in mention_re.captures_iter(xml) {
        let a = c.get(2).map_or("", |m| m.as_str());
        let positions: Vec<usize> = anchor_re
            .captures_iter(c.get(3).map_or("", |m| m.as_str()))
            .filter_map(|t| t.get(1)?.as_str().parse::<u32>().ok())
            .filter_map(|id| position.get(&id).copied())
            .collect();
        let (Some(&first), Some(&last)) = (positions.iter().min(), positions.iter().max()) else {
            continue;
        };
        // Mentions of the cross-document layer alone carry no syntactic
        // type and reach past the annotated sentences.
        let Some(syntactic) = attr(a, "syntactic_type") else {
            continue;
        };
        annotated.insert(tokens[first].sentence);
        if !matches!(syntactic, "NAM" | "PRE.NAM") {
            continue;
        }
        let class = attr(a, "m_id")
            .and_then(|id| refers.get(id))
            .and_then(|target| ent_type.get(target))
            .and_then(|t| meantime_class(t));
        if let Some(class) = class {
            named.push((first, last + 1, class));
        }
    }
    let mut doc = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let sentence = tokens[i].sentence;
        let j = (i..tokens.len())
            .find(|&k| tokens[k].sentence != sentence)
            .unwrap_or(tokens.len());
        if annotated.contains(&sentence) {
            let words: Vec<&str> = tokens[i..j].iter().map(|t| t.text.as_str()).collect();
            let cands = named
                .iter()
                .filter(|&&(s, e, _)| s >= i && e <= j)
                .filter_map(|&(s, e, class)| {
                    let (a, b) = meantime_name(&words, s - i, e - i, class, gaz)?;
                    Some(Candidate {
                        start: a,
                        end: b,
                        class,
                        mention_len: e - s,
                    })
                })
                .collect();
            doc.push(ConllSentence {
                entities: resolve(cands, &words, gaz),
                words: words.iter().map(|w| w.to_string()).collect(),
            });
        }
        i = j;
    }
    Ok(doc)
}

/// Every MEANTIME document under `dir` (CAT XML, searched recursively, in
/// path order) as a CoNLL document.
pub fn meantime_documents(dir: &Path) -> Result<Vec<ConllDocument>, String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                files.push(p);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no MEANTIME .xml files", dir.display()));
    }
    let gaz = Gazetteer::embedded();
    let mut docs = Vec::new();
    for f in files {
        let xml = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let doc = meantime_document(&xml, gaz).map_err(|e| format!("{}: {e}", f.display()))?;
        if !doc.is_empty() {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// Documents in CoNLL-2003 layout (`WORD _ _ TAG`, IOB2 tags, a
/// `-DOCSTART-` line before each document), as `read_conll` and
/// `train ner` read them.
pub fn to_conll(docs: &[ConllDocument]) -> String {
    let mut out = String::new();
    for doc in docs {
        out.push_str("-DOCSTART- -X- -X- O\n\n");
        for s in doc {
            let mut tags = vec!["O".to_string(); s.words.len()];
            for &(a, b, t) in &s.entities {
                for (k, tag) in tags.iter_mut().enumerate().take(b).skip(a) {
                    let prefix = if k == a { "B" } else { "I" };
                    *tag = format!("{prefix}-{}", TYPE_NAMES[t]);
                }
            }
            for (w, tag) in s.words.iter().zip(&tags) {
                // A word is one column: spaces inside one (rare) become '_'.
                let w = w.replace(char::is_whitespace, "_");
                out.push_str(&format!("{w} _ _ {tag}\n"));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our own sentence in GUM's layout: a title (`nmod:desc`) before a
    /// name, a place with a determiner and an organization with "of".
    const GUM: &str = "# newdoc id = GUM_news_fixture\n\
# sent_id = x-1\n\
# text = Senator Ada Lind met the University of Lagos in Benin .\n\
1\tSenator\tSenator\tPROPN\tNNP\t_\t2\tnmod:desc\t_\tEntity=(1-person-new-sssss-cf1-1-coref\n\
2\tAda\tAda\tPROPN\tNNP\t_\t4\tnsubj\t_\t_\n\
3\tLind\tLind\tPROPN\tNNP\t_\t2\tflat\t_\tEntity=1)\n\
4\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n\
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\tEntity=(2-organization-new-sssss-cf2-1-sgl\n\
6\tUniversity\tUniversity\tPROPN\tNNP\t_\t4\tobj\t_\t_\n\
7\tof\tof\tADP\tIN\t_\t8\tcase\t_\t_\n\
8\tLagos\tLagos\tPROPN\tNNP\t_\t6\tnmod\t_\tEntity=(3-place-new-sssss-cf3-1-sgl)\n\
9\tin\tin\tADP\tIN\t_\t10\tcase\t_\t_\n\
10\tBenin\tBenin\tPROPN\tNNP\t_\t6\tnmod\t_\tEntity=(4-place-new-sssss-cf4-1-sgl)2)\n\
11\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\
\n\
# sent_id = x-2\n\
# text = the reports\n\
1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(5-abstract-new-sssss-cf1-1-sgl\n\
2\treports\treport\tNOUN\tNNS\t_\t0\troot\t_\tEntity=5)\n\
\n";

    #[test]
    fn gum_names_lose_titles_determiners_and_postmodifiers() {
        let docs = gum_from_text(GUM, &[], None).unwrap();
        assert_eq!(docs.len(), 1);
        let s = &docs[0][0];
        // "Ada Lind" PER (no "Senator"), "University of Lagos" ORG (not
        // "the …" nor "… in Benin"), "Benin" LOC; "Lagos" is inside the
        // longer name.
        assert_eq!(s.entities, vec![(1, 3, PER), (5, 8, ORG), (9, 10, LOC)]);
        // A common-noun mention is no name.
        assert!(docs[0][1].entities.is_empty());
        assert!(gum_from_text(GUM, &["GUM_news"], None).unwrap().is_empty());
        assert!(gum_from_text(GUM, &[], Some("GUM_bio")).unwrap().is_empty());
        assert!(gum_from_text("1\ta\n", &[], None).is_err());
    }

    #[test]
    fn gum_brackets_open_and_close() {
        let b = gum_brackets("(4-place-new-sssss-cf4-1-sgl-United_States)2)");
        assert_eq!(b.len(), 3);
        assert!(b[0].0 && b[0].1 == "4" && b[0].2 == "place");
        assert!(!b[1].0 && b[1].1 == "4");
        assert!(!b[2].0 && b[2].1 == "2");
    }

    fn meantime_xml() -> String {
        let words = [
            (0, "Acme"),
            (0, "hires"),
            (1, "May"),
            (1, "2"),
            (2, "Ryanair"),
            (2, "CEO"),
            (2, ","),
            (2, "Ada"),
            (2, "Lind"),
            (2, ","),
            (2, "joined"),
            (2, "the"),
            (2, "United"),
            (2, "States"),
            (2, "Air"),
            (2, "Force"),
            (2, "("),
            (2, "USAF"),
            (2, ")"),
            (2, "."),
            (7, "Acme"),
            (7, "grew"),
        ];
        let mut xml = String::from("<Document doc_id=\"9\">\n");
        for (i, (s, w)) in words.iter().enumerate() {
            xml.push_str(&format!(
                "<token number=\"{i}\" sentence=\"{s}\" t_id=\"{}\">{w}</token>\n",
                i + 1
            ));
        }
        let anchors = |ids: &[usize]| -> String {
            ids.iter()
                .map(|i| format!("<token_anchor t_id=\"{i}\"/>"))
                .collect()
        };
        xml.push_str("<Markables>\n");
        for (m, st, ids) in [
            (1, "NAM", vec![1]),
            (2, "NAM", vec![5, 6, 7, 8, 9]),
            (3, "NAM", vec![12, 13, 14, 15, 16, 17, 18]),
            (4, "NAM", vec![21]),
        ] {
            xml.push_str(&format!(
                "<ENTITY_MENTION m_id=\"{m}\" syntactic_type=\"{st}\">{}</ENTITY_MENTION>\n",
                anchors(&ids)
            ));
            // The cross-document layer: no syntactic type, no annotated sentence.
            xml.push_str(
                "<ENTITY_MENTION m_id=\"90\"><token_anchor t_id=\"3\"/></ENTITY_MENTION>\n",
            );
        }
        xml.push_str(
            "<ENTITY m_id=\"50\" ent_type=\"ORG\"/>\n<ENTITY m_id=\"51\" ent_type=\"PER\"/>\n",
        );
        xml.push_str("</Markables>\n<Relations>\n");
        for (src, target) in [(1, 50), (2, 51), (3, 50)] {
            xml.push_str(&format!(
                "<REFERS_TO r_id=\"r{src}\"><source m_id=\"{src}\"/><target m_id=\"{target}\"/></REFERS_TO>\n"
            ));
        }
        xml.push_str("</Relations>\n</Document>\n");
        xml
    }

    #[test]
    fn meantime_names_are_cut_from_their_phrases() {
        let doc = meantime_document(&meantime_xml(), Gazetteer::embedded()).unwrap();
        // Sentences 0 and 2 hold mentions; 1 (the dateline) none; 7 holds
        // a mention with no entity, still annotated.
        assert_eq!(doc.len(), 3);
        assert_eq!(doc[0].entities, vec![(0, 1, ORG)]);
        assert_eq!(doc[1].words[3], "Ada");
        // "Ryanair CEO , Ada Lind" → Ada Lind; "the United States Air
        // Force ( USAF )" → United States Air Force.
        assert_eq!(doc[1].entities, vec![(3, 5, PER), (8, 12, ORG)]);
        assert!(doc[2].entities.is_empty());
    }

    #[test]
    fn conll_layout_reads_back() {
        let docs = gum_from_text(GUM, &[], None).unwrap();
        let text = to_conll(&docs);
        let dir =
            std::env::temp_dir().join(format!("newsgraph-ner-corpora-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("gum.conll");
        std::fs::write(&file, &text).unwrap();
        let back = newsgraph_nlp::ner::read_conll(&file).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0][0].entities, docs[0][0].entities);
        assert_eq!(back[0][0].words, docs[0][0].words);
    }
}
