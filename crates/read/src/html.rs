//! HTML pages: main content through dom_smoothie (a port of Mozilla's
//! Readability), metadata read directly from the DOM.
//!
//! dom_smoothie decides which paragraphs are the article and drops
//! navigation, adverts and comment threads. The metadata is read here rather
//! than taken from dom_smoothie's summary because every date must carry
//! evidence naming where it came from (`meta article:published_time=...`,
//! `json-ld datePublished=...`, `time datetime=...`); JSON-LD is parsed with
//! serde_json. Extraction runs under `catch_unwind` as a last guard: the
//! extractor is third-party code fed arbitrary pages, and one page must not
//! stop a batch.

use crate::dates::parse_date;
use crate::text::{lay_out_body, strip_paragraph_boilerplate};
use crate::ReadError;
use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use newsgraph_doc::{ArticleBuilder, Published, PublishedBasis};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// `<meta>` keys (property, name or itemprop, lower-cased) that carry a
/// publication date, best first.
const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "og:published_time",
];

/// What the page's metadata says, before content extraction.
#[derive(Default, Debug)]
struct PageMeta {
    title: Option<String>,
    description: Option<String>,
    site_name: Option<String>,
    byline: Option<String>,
    url: Option<String>,
    published: Published,
}

/// Estimated tag nesting above which a page is refused.
const MAX_NESTING: usize = 2000;
/// DOM depth above which Readability (quadratic in depth) is not run and the
/// whole body is taken instead.
const MAX_READABILITY_DEPTH: usize = 300;

/// Reads one HTML page.
pub fn build_html_article(origin: &str, html: &str) -> Result<ArticleBuilder, ReadError> {
    if estimated_nesting(html) > MAX_NESTING {
        return Err(ReadError::HtmlTooDeep {
            origin: origin.to_string(),
            max: MAX_NESTING,
        });
    }
    let no_body = || ReadError::HtmlNoBody {
        origin: origin.to_string(),
    };
    let extracted = catch_unwind(AssertUnwindSafe(|| extract(html)));
    let Ok(Some((meta, smoothie, paragraphs))) = extracted else {
        return Err(no_body());
    };
    let title = meta
        .title
        .clone()
        .or_else(|| Some(smoothie.title.clone()).filter(|t| !t.trim().is_empty()));
    let mut paragraphs = paragraphs;
    let site_name = meta.site_name.clone().or(smoothie.site_name.clone());
    let mut title = title.map(|t| strip_site_suffix(&t, site_name.as_deref()));
    // Readability keeps the page's <h1> in the content; it is the title, and
    // when the <title> is "<h1> | Site", the <h1> is the cleaner of the two.
    if let (Some(t), Some(first)) = (&title, paragraphs.first()) {
        if same_text(t, first) {
            paragraphs.remove(0);
        } else if first.chars().count() <= 300 && starts_alike(t, first) {
            title = Some(paragraphs.remove(0));
        }
    }
    // Bylines and datelines at the top, copyright notices at the end: the
    // same boilerplate as in plain text.
    let (paragraphs, boiler) = strip_paragraph_boilerplate(&paragraphs);
    if paragraphs.is_empty() {
        return Err(no_body());
    }
    let mut builder = ArticleBuilder::new(origin);
    if let Some(t) = &title {
        builder = builder.title(t.as_str());
    }
    // A description that is not simply the opening of a paragraph is the
    // page's standfirst (often rendered outside the content Readability keeps).
    match &meta.description {
        Some(d) if !paragraphs.iter().any(|p| starts_alike(p, d)) => {
            builder = builder.standfirst(d.as_str());
            for p in &paragraphs {
                builder.push_paragraph(p);
            }
        }
        _ => builder = lay_out_body(builder, &paragraphs),
    }
    let source = site_name.or(boiler.source);
    let byline = meta
        .byline
        .or(smoothie.byline)
        .or(boiler.byline)
        .filter(|b| !b.starts_with("http"));
    let published = if meta.published.date.is_none() && boiler.published.is_some() {
        let mut p = boiler.published.unwrap_or_default();
        p.evidence.extend(meta.published.evidence);
        p
    } else {
        meta.published
    };
    Ok(builder
        .source(source)
        .byline(byline)
        .url(meta.url.or(smoothie.url))
        .published(published)
        .copyright_year(boiler.copyright_year))
}

/// Upper estimate of element nesting from the raw markup, without parsing:
/// opening tags add a level and closing tags remove one. Void and
/// self-closing-in-practice elements (`br`, `p`, `li`, ...) add none, and
/// script and style bodies are skipped, so ordinary pages estimate close to
/// their real depth.
fn estimated_nesting(html: &str) -> usize {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "html",
        "head", "body", "!doctype",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        if bytes.get(i) == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'!') {
            i += 1;
        }
        if i == start {
            continue;
        }
        let name: String = bytes[start..i]
            .iter()
            .map(|&b| b.to_ascii_lowercase() as char)
            .collect();
        if name == "script" || name == "style" {
            // Skip to the matching close tag, which then closes this level;
            // their bodies are not markup.
            depth += 1;
            max = max.max(depth);
            let n = name.len();
            while i < bytes.len() {
                let at_close = bytes[i] == b'<'
                    && bytes.get(i + 1) == Some(&b'/')
                    && bytes
                        .get(i + 2..i + 2 + n)
                        .is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes()));
                if at_close {
                    break;
                }
                i += 1;
            }
            continue;
        }
        if !FLAT.contains(&name.as_str()) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Depth of the parsed DOM, counted iteratively and only up to `limit`.
fn dom_depth(doc: &Document, limit: usize) -> usize {
    let mut max = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        max = max.max(depth);
        if max > limit {
            break;
        }
        stack.extend(node.children_it(false).map(|c| (c, depth + 1)));
    }
    max
}

/// The bits of dom_smoothie's result used as fallbacks.
struct Smoothie {
    title: String,
    byline: Option<String>,
    site_name: Option<String>,
    url: Option<String>,
}

/// Metadata, fallbacks and content paragraphs; `None` when the page has no
/// body text at all.
fn extract(html: &str) -> Option<(PageMeta, Smoothie, Vec<String>)> {
    let cfg = Config {
        // JSON-LD is parsed below with serde_json, with evidence.
        disable_json_ld: true,
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let mut readability = Readability::new(html, None, Some(cfg)).ok()?;
    let meta = page_meta(&readability.doc);
    let body_text = readability.doc.select("body").text();
    if body_text.trim().is_empty() {
        return None;
    }
    let parsed = if dom_depth(&readability.doc, MAX_READABILITY_DEPTH) <= MAX_READABILITY_DEPTH {
        readability.parse().ok()
    } else {
        None
    };
    let (smoothie, text) = match parsed {
        Some(article) => (
            Smoothie {
                title: article.title,
                byline: article.byline,
                site_name: article.site_name,
                url: article.url,
            },
            article.text_content.to_string(),
        ),
        // Readability gives up on pages with little text (a short notice,
        // a test page); their whole body, minus scripts and chrome, is it.
        None => {
            let doc = Document::from(html);
            doc.select("script, style, noscript, template, nav, header, footer, aside, form")
                .remove();
            let title = doc.select("title").text().trim().to_string();
            let text = doc.select("body").formatted_text().to_string();
            (
                Smoothie {
                    title,
                    byline: None,
                    site_name: None,
                    url: None,
                },
                text,
            )
        }
    };
    let paragraphs: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if paragraphs.is_empty() {
        return None;
    }
    Some((meta, smoothie, paragraphs))
}

fn page_meta(doc: &Document) -> PageMeta {
    let mut meta = PageMeta::default();
    let mut metas: Vec<(String, String)> = Vec::new();
    for node in doc.select("meta").nodes() {
        let Some(content) = node.attr("content") else {
            continue;
        };
        let content = content.trim().to_string();
        if content.is_empty() {
            continue;
        }
        for key_attr in ["property", "name", "itemprop"] {
            if let Some(key) = node.attr(key_attr) {
                metas.push((key.trim().to_ascii_lowercase(), content.clone()));
            }
        }
    }
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| metas.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.clone()))
    };
    let ld = json_ld(doc);

    meta.title = get(&["og:title", "twitter:title"]).or_else(|| ld.headline.clone());
    meta.description = get(&["og:description", "description", "twitter:description"])
        .or_else(|| ld.description.clone());
    meta.site_name = get(&["og:site_name"])
        .or_else(|| ld.publisher.clone())
        .or_else(|| get(&["application-name"]));
    meta.byline = ld
        .author
        .clone()
        .or_else(|| get(&["author", "byl", "dc.creator", "sailthru.author"]));
    meta.url = doc
        .select(r#"link[rel="canonical"]"#)
        .attr("href")
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| get(&["og:url"]))
        .or_else(|| ld.url.clone());

    // Dates: every source found is kept as evidence, best first; the first
    // that parses gives the date.
    let mut candidates: Vec<(String, String)> = Vec::new();
    if let Some(v) = metas
        .iter()
        .find(|(k, _)| k == "article:published_time")
        .map(|(_, v)| v.clone())
    {
        candidates.push(("meta article:published_time".into(), v));
    }
    if let Some(v) = &ld.date_published {
        candidates.push(("json-ld datePublished".into(), v.clone()));
    }
    for key in &DATE_META_KEYS[1..] {
        if let Some((_, v)) = metas.iter().find(|(k, _)| k == key) {
            candidates.push((format!("meta {key}"), v.clone()));
        }
    }
    let times = doc.select("time[datetime]");
    let preferred = times
        .nodes()
        .iter()
        .find(|n| {
            n.has_attr("pubdate") || n.attr("itemprop").is_some_and(|p| &*p == "datePublished")
        })
        .or(times.nodes().first());
    if let Some(dt) = preferred.and_then(|n| n.attr("datetime")) {
        candidates.push(("time datetime".into(), dt.trim().to_string()));
    }
    for (label, value) in candidates {
        let date = parse_date(&value);
        if meta.published.date.is_none() && date.is_some() {
            meta.published.date = date;
            meta.published.basis = PublishedBasis::Metadata;
        }
        let value: String = value.chars().take(100).collect();
        meta.published.evidence.push(format!("{label}={value}"));
    }
    meta
}

/// Fields of the first JSON-LD object that looks like an article.
#[derive(Default, Debug)]
struct JsonLd {
    headline: Option<String>,
    description: Option<String>,
    date_published: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
}

fn json_ld(doc: &Document) -> JsonLd {
    let mut out = JsonLd::default();
    for script in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
        let text = script.text();
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        // Objects may sit in an array or under "@graph"; depth is bounded by
        // serde_json's recursion limit, and the walk below is iterative.
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                    if map.get("datePublished").is_some() || map.get("headline").is_some() {
                        let s = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
                        out.date_published =
                            out.date_published.take().or_else(|| s("datePublished"));
                        out.headline = out.headline.take().or_else(|| s("headline"));
                        out.description = out.description.take().or_else(|| s("description"));
                        out.url = out.url.take().or_else(|| s("url"));
                        out.author = out.author.take().or_else(|| names(map.get("author")));
                        out.publisher =
                            out.publisher.take().or_else(|| names(map.get("publisher")));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A JSON-LD person or organization: a string, `{"name": ...}` or a list.
fn names(v: Option<&Value>) -> Option<String> {
    let v = v?;
    let list: Vec<String> = match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(m) => m
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .into_iter()
            .collect(),
        Value::Array(items) => items.iter().filter_map(|i| names(Some(i))).collect(),
        _ => Vec::new(),
    };
    let joined = list.join(", ");
    (!joined.trim().is_empty()).then_some(joined)
}

/// "Headline - Site Name" → "Headline" when the site name is known.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    for sep in [" - ", " | ", " – ", " — ", " :: ", " · "] {
        if let Some(head) = title.strip_suffix(site).and_then(|h| h.strip_suffix(sep)) {
            if !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn normalized(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn same_text(a: &str, b: &str) -> bool {
    normalized(a) == normalized(b)
}

/// True when a description is the paragraph's opening (descriptions are
/// often the lede cut short, sometimes with an ellipsis).
fn starts_alike(paragraph: &str, description: &str) -> bool {
    let p = normalized(paragraph);
    let d = normalized(description);
    let d = d.trim_end_matches(['…', '.', ' ']);
    !d.is_empty() && p.starts_with(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffix() {
        let strip = |t: &str, s: Option<&str>| strip_site_suffix(t, s);
        assert_eq!(
            strip("Rail link opens | The Courier", Some("The Courier")),
            "Rail link opens"
        );
        assert_eq!(
            strip("Rail link opens - BBC", Some("BBC")),
            "Rail link opens"
        );
        assert_eq!(strip("BBC", Some("BBC")), "BBC");
        assert_eq!(strip("A - B", None), "A - B");
    }

    #[test]
    fn nesting_estimate() {
        assert_eq!(
            estimated_nesting("<html><body><div><p>a<p>b<br></div></body></html>"),
            1
        );
        assert_eq!(
            estimated_nesting("<div><script>if (a<b && c<d) {}</script><span>x</span></div>"),
            2
        );
        assert_eq!(
            estimated_nesting("<STYLE>a<b</style><div><div></div></div>"),
            2
        );
        assert_eq!(estimated_nesting(&"<div>".repeat(50)), 50);
        assert_eq!(estimated_nesting("<<<>>></></></>"), 0);
    }
}
