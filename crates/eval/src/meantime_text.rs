//! The text of a MEANTIME article (Wikinews, CAT XML): its tokens and the
//! article rebuilt from them, shared by the quotes suite (which scores
//! against token positions) and the event gold set (whose offsets index this
//! text), so both read one and the same text.
//!
//! MEANTIME keeps no original spacing, only tokens with a sentence number:
//! the text is the tokens in `t_id` order joined by single spaces, sentence 0
//! (the title) as the title block and every other sentence as one
//! paragraph, built by [`ArticleBuilder`] (blocks joined by a blank line).
//! `scripts/gold/events_gold.py` (`meantime_text`) computes the same text;
//! the fixture `testdata/meantime_sample.xml` and its expected text
//! `testdata/meantime_sample.txt` hold both to it.

use newsgraph_doc::{Article, ArticleBuilder, Span};
use regex::Regex;

/// One token: its id, its text (XML entities undone) and its sentence
/// number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub id: u32,
    pub text: String,
    pub sentence: u32,
}

/// The value of attribute `name` in an element's attribute text.
pub(crate) fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let i = attrs.find(&key)? + key.len();
    let j = attrs[i..].find('"')? + i;
    Some(&attrs[i..j])
}

/// Undoes the five XML entities (`&amp;` last, so `&amp;quot;` stays
/// `&quot;`).
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The tokens of a CAT XML document in `t_id` order; `None` when a token
/// lacks its `t_id` or `sentence`.
pub fn tokens(xml: &str) -> Option<Vec<Token>> {
    let token_re = Regex::new(r"<token ([^>]*)>([^<]*)</token>").ok()?;
    let mut tokens: Vec<Token> = Vec::new();
    for c in token_re.captures_iter(xml) {
        let a = c.get(1)?.as_str();
        let id: u32 = attr(a, "t_id")?.parse().ok()?;
        let sentence: u32 = attr(a, "sentence")?.parse().ok()?;
        let text = unescape(c.get(2)?.as_str());
        tokens.push(Token { id, text, sentence });
    }
    tokens.sort_by_key(|t| t.id);
    Some(tokens)
}

/// The article rebuilt from `tokens`, and the byte span of each token in
/// its text (in the order given).
pub fn article(origin: &str, tokens: &[Token]) -> (Article, Vec<Span>) {
    let words = |title: bool| -> Vec<&str> {
        tokens
            .iter()
            .filter(|t| (t.sentence == 0) == title)
            .map(|t| t.text.as_str())
            .collect()
    };
    let article = ArticleBuilder::new(origin)
        .title(words(true).join(" "))
        .paragraph(words(false).join(" "))
        .build();
    // The title starts at 0; the body where its paragraph starts.
    let mut offsets = Vec::with_capacity(tokens.len());
    let mut pos = 0usize;
    let mut in_body = false;
    for t in tokens {
        if t.sentence != 0 && !in_body {
            in_body = true;
            pos = article.paragraphs.first().map_or(0, |p| p.start as usize);
        }
        offsets.push(Span::new(pos, pos + t.text.len()));
        pos += t.text.len() + 1;
    }
    (article, offsets)
}

/// A MEANTIME file's article; `None` when it holds no tokens.
pub fn read(origin: &str, xml: &str) -> Option<Article> {
    let tokens = tokens(xml)?;
    if tokens.is_empty() {
        return None;
    }
    Some(article(origin, &tokens).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../testdata/meantime_sample.xml");
    const SAMPLE_TEXT: &str = include_str!("../testdata/meantime_sample.txt");

    #[test]
    fn rebuilds_the_text_the_gold_tools_compute() {
        let article = read("sample", SAMPLE).unwrap();
        // The expected text is the file's content without its final newline
        // (scripts/gold/events_gold.py selftest compares the same pair).
        assert_eq!(article.text, SAMPLE_TEXT.strip_suffix('\n').unwrap());
        assert_eq!(
            article
                .title
                .map(|s| &article.text[s.start as usize..s.end as usize]),
            Some("Acme & Bolt agree merger")
        );
    }

    #[test]
    fn token_spans_point_at_their_words() {
        let toks = tokens(SAMPLE).unwrap();
        let (article, spans) = article("sample", &toks);
        assert_eq!(toks.len(), spans.len());
        for (t, s) in toks.iter().zip(&spans) {
            assert_eq!(&article.text[s.start as usize..s.end as usize], t.text);
        }
    }

    #[test]
    fn no_tokens_no_article() {
        assert!(read("empty", "<Document></Document>").is_none());
    }
}
