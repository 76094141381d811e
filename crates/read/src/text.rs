//! Plain-text articles: title, standfirst and paragraphs from line layout.
//!
//! Two layouts are common and both are decided per block, not per source:
//! blank-line-separated blocks (the BBC corpus: title, blank line, paragraphs
//! separated by blank lines) and one paragraph per line (feeds and copy-paste:
//! title line, standfirst line, paragraph lines). A block of several lines is
//! joined into one paragraph only when it looks hard-wrapped (lines of nearly
//! equal width, at most 100 characters, some breaking mid-sentence);
//! otherwise every line is a paragraph.
//!
//! The first line is the title (unless it is a long sentence), the first
//! paragraph after it is the standfirst or lede when more follow. Header lines
//! near the top ("By NAME", "Published: DATE", a bare dateline) and
//! copyright lines at the end ("© Copyright IBTimes 2024. All rights
//! reserved.") are boilerplate: what they tell goes into fields, never into
//! the text.

use crate::dates::{is_date_line, parse_date};
use newsgraph_doc::{ArticleBuilder, Published, PublishedBasis};

/// Lines at the top searched for byline and date headers.
const HEADER_LINES: usize = 6;
/// Lines at the end searched for copyright and rights notices.
const TRAILER_LINES: usize = 4;
/// A title is at most this many characters; longer first lines are body.
const MAX_TITLE_CHARS: usize = 300;

/// What header and trailer lines said.
#[derive(Default, Debug)]
pub struct Boilerplate {
    pub byline: Option<String>,
    pub published: Option<Published>,
    pub source: Option<String>,
    pub copyright_year: Option<i32>,
}

/// Lays out a whole plain-text file.
pub fn build_text_article(origin: &str, text: &str) -> ArticleBuilder {
    let text = decode_char_refs(text);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let (lines, mut boiler) = strip_boilerplate(&lines, true);
    let blocks = paragraphs_of(&lines);
    let mut rest = blocks.as_slice();
    let mut builder = ArticleBuilder::new(origin);
    if let Some((first, tail)) = rest.split_first() {
        let chars = first.chars().count();
        let sentence_like = chars > 150 && first.ends_with(['.', '!', '?', '"', '”']);
        if chars <= MAX_TITLE_CHARS && !sentence_like {
            builder = builder.title(first.as_str());
            rest = tail;
        }
    }
    builder = lay_out_body(builder, rest);
    if let Some(published) = boiler.published.take() {
        builder = builder.published(published);
    }
    builder
        .byline(boiler.byline)
        .source(boiler.source)
        .copyright_year(boiler.copyright_year)
}

/// Body text whose title is known from elsewhere (a JSON `title` field):
/// paragraphs only, with copyright trailers removed.
pub fn build_body(builder: ArticleBuilder, text: &str) -> (ArticleBuilder, Boilerplate) {
    let text = decode_char_refs(text);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let (lines, boiler) = strip_boilerplate(&lines, false);
    let blocks = paragraphs_of(&lines);
    (lay_out_body(builder, &blocks), boiler)
}

/// Decodes numeric character references (`&#163;`, `&#xA3;`) left in text
/// by scrapers (25 of the 2,225 BBC files have them). Named entities are left
/// alone: `&lt;` may be meant literally, while `&#233;` never is.
fn decode_char_refs(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("&#") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let (radix, digits_start) = match after.as_bytes().first() {
            Some(b'x' | b'X') => (16, 1),
            _ => (10, 0),
        };
        let digits: &str = after[digits_start..]
            .split(|c: char| !c.is_ascii_hexdigit())
            .next()
            .unwrap_or("");
        let end = digits_start + digits.len();
        let decoded = (!digits.is_empty() && digits.len() <= 7 && after[end..].starts_with(';'))
            .then(|| u32::from_str_radix(digits, radix).ok())
            .flatten()
            .and_then(char::from_u32)
            .filter(|c| !c.is_control() || c.is_whitespace());
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// First paragraph becomes the standfirst when at least one more follows,
/// so that every article keeps a body paragraph.
pub fn lay_out_body(mut builder: ArticleBuilder, paras: &[String]) -> ArticleBuilder {
    let mut rest = paras;
    if paras.len() >= 2 {
        builder = builder.standfirst(paras[0].as_str());
        rest = &paras[1..];
    }
    for p in rest {
        builder.push_paragraph(p);
    }
    builder
}

/// Strips byline and date lines at the top and copyright notices at the end
/// of already-split paragraphs (HTML content keeps them as paragraphs).
pub fn strip_paragraph_boilerplate(paras: &[String]) -> (Vec<String>, Boilerplate) {
    let lines: Vec<&str> = paras.iter().map(|p| p.trim()).collect();
    let (kept, boiler) = strip_boilerplate(&lines, true);
    (kept.into_iter().map(str::to_string).collect(), boiler)
}

/// Removes header lines (when `headers`) and copyright trailers, returning
/// the remaining lines and what the removed ones said.
fn strip_boilerplate<'a>(lines: &[&'a str], headers: bool) -> (Vec<&'a str>, Boilerplate) {
    let mut boiler = Boilerplate::default();
    let mut keep = vec![true; lines.len()];
    // Trailer: copyright notices among the last non-blank lines.
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate().rev() {
        if line.is_empty() {
            continue;
        }
        seen += 1;
        if seen > TRAILER_LINES {
            break;
        }
        if let Some((source, year)) = parse_copyright(line) {
            keep[i] = false;
            boiler.source = boiler.source.or(source);
            boiler.copyright_year = boiler.copyright_year.or(year);
        } else if is_rights_notice(line) {
            keep[i] = false;
        }
    }
    if headers {
        let mut seen = 0;
        for (i, line) in lines.iter().enumerate() {
            if line.is_empty() || !keep[i] {
                continue;
            }
            seen += 1;
            if seen > HEADER_LINES {
                break;
            }
            if boiler.byline.is_none() {
                if let Some(name) = parse_byline(line) {
                    boiler.byline = Some(name);
                    keep[i] = false;
                    continue;
                }
            }
            if boiler.published.is_none() {
                if let Some(p) = parse_date_header(line) {
                    boiler.published = Some(p);
                    keep[i] = false;
                }
            }
        }
    }
    let kept = lines
        .iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(*l))
        .collect();
    (kept, boiler)
}

/// "© Copyright IBTimes 2024. All rights reserved." → (IBTimes, 2024).
/// Also "Copyright (c) 2023 The Associated Press", "(c) 2024 Reuters".
pub fn parse_copyright(line: &str) -> Option<(Option<String>, Option<i32>)> {
    // ASCII lowering keeps byte offsets, so indexes found in `lower` are
    // valid in `line` (full Unicode lowering can change lengths: 'İ').
    let lower = line.to_ascii_lowercase();
    let word_copyright = lower
        .strip_prefix("copyright")
        .is_some_and(|rest| !rest.starts_with(char::is_alphabetic));
    let symbol = lower.starts_with('©') || lower.starts_with("(c)");
    if !(symbol || word_copyright) || line.chars().count() > 200 {
        return None;
    }
    // "Copyright law is changing." is a sentence: a notice has a symbol, a
    // year or a rights clause.
    let has_year = line
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4);
    let notice = symbol
        || lower.contains('©')
        || lower.contains("(c)")
        || has_year
        || lower.contains("all rights reserved");
    if !notice {
        return None;
    }
    // Drop everything from "All rights reserved" on, then markers and years;
    // what remains is the holder.
    let head = match lower.find("all rights reserved") {
        Some(i) => &line[..i],
        None => line,
    };
    let mut year = None;
    let mut holder: Vec<&str> = Vec::new();
    for word in head.split_whitespace() {
        let mut w = word.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':'));
        // "©2024" and "(c)2024" glue the marker to the year.
        for marker in ["©", "(c)", "(C)"] {
            if w.len() > marker.len() {
                w = w.strip_prefix(marker).unwrap_or(w);
            }
        }
        let wl = w.to_lowercase();
        if matches!(wl.as_str(), "©" | "copyright" | "(c)" | "" | "-" | "–") {
            continue;
        }
        // "2024", "2000-2024" or "2000–2024": the last year counts.
        let years: Vec<i32> = w
            .split(['-', '–'])
            .filter_map(|p| {
                (p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect();
        if let Some(&y) = years.last() {
            year = Some(y);
            continue;
        }
        holder.push(w);
    }
    let holder = holder.join(" ");
    let holder = holder.trim_matches(|c: char| c == ',' || c == '.' || c.is_whitespace());
    Some(((!holder.is_empty()).then(|| holder.to_string()), year))
}

fn is_rights_notice(line: &str) -> bool {
    let l = line.trim_end_matches('.').to_lowercase();
    l == "all rights reserved" || l == "all rights reserved worldwide"
}

/// "By Jane Doe" / "By Jane Doe, Seoul correspondent" → the name part.
fn parse_byline(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))?;
    let rest = rest.trim();
    if rest.chars().count() > 80 || rest.ends_with(['.', '!', '?']) && rest.len() > 40 {
        return None;
    }
    // Names are capitalized; "By the time..." is a sentence.
    let first = rest.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    Some(rest.to_string())
}

/// "Published: 12 September 2023", "Updated 2023-09-12", or a bare dateline.
fn parse_date_header(line: &str) -> Option<Published> {
    // ASCII lowering keeps byte offsets valid in `line`.
    let lower = line.to_ascii_lowercase();
    for label in ["published", "posted", "date", "updated"] {
        if let Some(rest) = lower.strip_prefix(label) {
            let rest = rest.trim_start_matches([':', ' ', '-']);
            let value = &line[line.len() - rest.len()..];
            if let Some(date) = parse_date(value) {
                return Some(Published {
                    date: Some(date),
                    basis: PublishedBasis::Metadata,
                    evidence: vec![format!("text line {line}")],
                });
            }
        }
    }
    if is_date_line(line) {
        return Some(Published {
            date: parse_date(line),
            basis: PublishedBasis::Metadata,
            evidence: vec![format!("text dateline {line}")],
        });
    }
    None
}

/// Splits lines into paragraphs: blank lines separate blocks; each block is
/// one paragraph if hard-wrapped, else one paragraph per line.
fn paragraphs_of(lines: &[&str]) -> Vec<String> {
    let mut paras = Vec::new();
    for block in lines.split(|l| l.is_empty()) {
        if block.is_empty() {
            continue;
        }
        if is_hard_wrapped(block) {
            paras.push(block.join(" "));
        } else {
            paras.extend(block.iter().map(|l| l.to_string()));
        }
    }
    paras
}

/// A block is hard-wrapped when its lines (all but the last) are at most 100
/// characters, nearly all within 25% of the longest, and at least one of them
/// breaks mid-sentence. Greedy wrapping at width W leaves every line between
/// W minus one word and W, which is what this recognizes; one-paragraph-per-
/// line text has ragged lengths and ends lines with punctuation.
fn is_hard_wrapped(block: &[&str]) -> bool {
    let Some((_, body)) = block.split_last() else {
        return false;
    };
    if body.is_empty() || body.iter().any(|l| starts_with_bullet(l)) {
        return false;
    }
    let widths: Vec<usize> = body.iter().map(|l| l.chars().count()).collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    if max > 100 {
        return false;
    }
    let n_near = widths.iter().filter(|&&w| w * 4 >= max * 3).count();
    let mid_sentence = body
        .iter()
        .any(|l| !l.ends_with(['.', '!', '?', ':', '"', '”', '\'', '’']));
    n_near * 5 >= widths.len() * 4 && mid_sentence
}

fn starts_with_bullet(line: &str) -> bool {
    line.starts_with("- ") || line.starts_with("* ") || line.starts_with('•')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copyright_lines() {
        let check = |line: &str, holder: Option<&str>, year: Option<i32>| {
            let got = parse_copyright(line);
            assert_eq!(got, Some((holder.map(str::to_string), year)), "{line}");
        };
        check(
            "© Copyright IBTimes 2024. All rights reserved.",
            Some("IBTimes"),
            Some(2024),
        );
        check(
            "Copyright © 2023 The Associated Press. All rights reserved.",
            Some("The Associated Press"),
            Some(2023),
        );
        check("(c) 2000-2024 Reuters", Some("Reuters"), Some(2024));
        check("©2024 BBC", Some("BBC"), Some(2024));
        assert_eq!(parse_copyright("Copyright"), None);
        check("Copyright 2024", None, Some(2024));
        assert_eq!(parse_copyright("Copyrights are contested in court."), None);
        assert_eq!(parse_copyright("Copyright law is changing."), None);
        assert_eq!(parse_copyright("The © sign"), None);
        // Unicode lowering would shift offsets here; must not panic.
        check("© İİİİ 2024 All rights reserved", Some("İİİİ"), Some(2024));
    }

    #[test]
    fn char_refs() {
        assert_eq!(decode_char_refs("&#163;1.8m caf&#xE9;"), "£1.8m café");
        assert_eq!(
            decode_char_refs("a &#; &#12 &#xZZ; &#0; &lt;"),
            "a &#; &#12 &#xZZ; &#0; &lt;"
        );
        assert_eq!(decode_char_refs("&#99999999999;&#"), "&#99999999999;&#");
    }

    #[test]
    fn bylines() {
        assert_eq!(parse_byline("By Jane Doe"), Some("Jane Doe".into()));
        assert_eq!(
            parse_byline("By Jane Doe, Seoul correspondent"),
            Some("Jane Doe, Seoul correspondent".into())
        );
        assert_eq!(
            parse_byline("By the time the train arrived, talks had begun."),
            None
        );
        assert_eq!(parse_byline("Bystanders watched"), None);
    }

    #[test]
    fn hard_wrap_detection() {
        let wrapped = [
            "Kim Jong-un, the Supreme Leader of North Korea, has arrived in",
            "Russia on a large battle-ready train with plans to attend a rare",
            "summit with Vladimir Putin.",
        ];
        assert!(is_hard_wrapped(&wrapped));
        let per_line = [
            "This trip marks Kim's first abroad visit in more than four years.",
            "The location of their gathering is yet to be confirmed.",
            "Analysts disagree.",
        ];
        assert!(!is_hard_wrapped(&per_line));
    }

    #[test]
    fn headers_are_fields_not_text() {
        let text = "Talks in Moscow\nBy Jane Doe\nPublished: 12 September 2023\n\
                    Leaders met on Tuesday.\nThey spoke for hours.\n(c) 2023 Example News";
        let a = build_text_article("t", text).build();
        assert_eq!(a.title_text(), Some("Talks in Moscow"));
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(
            a.published.date,
            chrono::NaiveDate::from_ymd_opt(2023, 9, 12)
        );
        assert_eq!(a.published.basis, PublishedBasis::Metadata);
        assert_eq!(a.source.as_deref(), Some("Example News"));
        assert_eq!(a.copyright_year, Some(2023));
        assert_eq!(a.standfirst_text(), Some("Leaders met on Tuesday."));
        assert_eq!(a.paragraphs.len(), 1);
        assert!(!a.text.contains("Jane"));
        assert!(!a.text.contains("2023"));
    }
}
