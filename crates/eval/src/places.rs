//! `newsgraph eval places`: geocoding accuracy on the Wikified place mentions
//! of UD English GUM (CC BY 4.0 text; read from the shared data directory,
//! never shipped).
//!
//! GUM marks every entity mention in the CoNLL-U MISC column, and gives named
//! ones their Wikipedia title (`(12-place-new-…-Fort_Lee%2C_New_Jersey`). A
//! gold mention is *resolvable* when the gazetteer holds a place of that name
//! that fits the title's qualifier (", New Jersey", "(country)"); the expected
//! entry is the best such place (country, then division, then most
//! populous), mirroring Wikipedia's primary-topic rule for bare titles. A
//! mention is *correct* when a place the stage produced covers its head
//! word with that GeoNames id.

use crate::{Report, Scale};
use newsgraph_doc::{Article, ArticleBuilder};
use newsgraph_geo::{Gazetteer, GeoEntry, PlaceKind};
use newsgraph_nlp::conllu;
use newsgraph_pipeline::Pipeline;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

struct GoldMention {
    /// Byte range in the article text.
    start: usize,
    end: usize,
    title: String,
}

/// One GUM document rebuilt as an article: one paragraph per sentence.
struct GoldDoc {
    id: String,
    article: Article,
    mentions: Vec<GoldMention>,
    /// Byte ranges of every place mention, named or not, Wikified or not.
    any_place: Vec<(usize, usize)>,
}

/// Runs the evaluation over the GUM treebank under `shared_data` (its
/// `ud_english_gum/`). Returns the report, or why it could not run.
/// Metrics: `correct_of_resolvable`, `correct_of_found`, `found` and
/// `spurious` (percent), and the counts `gold_mentions`, `resolvable`.
pub fn evaluate(pipeline: &Pipeline, shared_data: &Path) -> Result<Report, String> {
    let gaz = pipeline.gazetteer();
    let dir = shared_data.join("ud_english_gum");
    let mut docs = Vec::new();
    for split in ["train", "dev", "test"] {
        let path = dir.join(format!("en_gum-ud-{split}.conllu"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("skip: {}: {e}", path.display()))?;
        docs.extend(
            read_gum(&text).map_err(|(line, e)| format!("{}:{line}: {e}", path.display()))?,
        );
    }
    let mut report = String::new();
    let mut out = Report::new("places");
    let (mut n_gold, mut n_resolvable, mut n_found, mut n_correct) = (0, 0, 0, 0);
    let (mut n_ours, mut n_spurious) = (0usize, 0usize);
    let mut errors: HashMap<String, usize> = HashMap::new();
    let mut per_genre: HashMap<String, (usize, usize)> = HashMap::new();
    // GEO_EVAL_MISSES=1 prints every miss (mention, gold title, ours) to stderr.
    let show_misses = std::env::var_os("GEO_EVAL_MISSES").is_some();
    for d in docs {
        let doc = pipeline.analyze(d.article);
        if std::env::var("GEO_EVAL_DEBUG").is_ok_and(|v| d.id.contains(&v)) {
            for p in &doc.places {
                let m: Vec<&str> = p.mentions.iter().map(|s| doc.span_text(*s)).collect();
                eprintln!("{} {:?} {:?}", p.name, p.country, m);
            }
        }
        // Our place mentions that overlap no place mention of GUM at all
        // (named or not): what the gold-driven score cannot see.
        for p in &doc.places {
            for s in &p.mentions {
                n_ours += 1;
                let hit = d
                    .any_place
                    .iter()
                    .any(|&(a, b)| (s.start as usize) < b && a < s.end as usize);
                if !hit {
                    n_spurious += 1;
                    if show_misses {
                        let context = newsgraph_doc::marked_context(
                            &doc.article.text,
                            s.start as usize,
                            s.end as usize,
                            40,
                            40,
                        );
                        eprintln!("EXTRA\t{}\t{}\t{:?}\t{context}", d.id, p.name, p.country);
                    }
                }
            }
        }
        let genre = d.id.split('_').nth(1).unwrap_or("?").to_string();
        for m in &d.mentions {
            n_gold += 1;
            let Some(expected) = expected_entry(gaz, &m.title) else {
                if show_misses {
                    let surface = doc.article.text.get(m.start..m.end).unwrap_or("?");
                    eprintln!("UNRESOLVABLE\t{}\t{surface}\t{}", d.id, m.title);
                }
                continue;
            };
            n_resolvable += 1;
            // The most specific place over the head word: "Isfahan" inside
            // "Isfahan International Airport" is scored as "Isfahan".
            let covering = doc
                .places
                .iter()
                .filter_map(|p| {
                    p.mentions
                        .iter()
                        .filter(|s| (s.start as usize) < m.end && m.start < s.end as usize)
                        .map(|s| s.end - s.start)
                        .min()
                        .map(|len| (len, p))
                })
                .min_by_key(|(len, _)| *len)
                .map(|(_, p)| p);
            let g = per_genre.entry(genre.clone()).or_default();
            g.0 += 1;
            let surface = doc.article.text.get(m.start..m.end).unwrap_or("?");
            if let Some(p) = covering {
                n_found += 1;
                if same_place(gaz, p, expected) {
                    n_correct += 1;
                    g.1 += 1;
                    continue;
                }
                if show_misses {
                    let want = gaz.by_geonames_id(expected).map_or(String::new(), |e| {
                        let c = e
                            .country
                            .and_then(|k| gaz.country(k))
                            .map(|c| c.iso3.as_str());
                        format!(
                            "{} {} {:?} pop {}",
                            e.name,
                            c.unwrap_or("-"),
                            e.kind,
                            e.population
                        )
                    });
                    let ours = p
                        .geonames_id
                        .and_then(|id| gaz.by_geonames_id(id))
                        .map_or(String::new(), |e| {
                            format!("{:?} pop {}", e.kind, e.population)
                        });
                    eprintln!(
                        "WRONG\t{}\t{surface}\t{}\t{} {:?} {ours}\twant {want}\t{}",
                        d.id,
                        m.title,
                        p.name,
                        p.country,
                        newsgraph_doc::marked_context(&doc.article.text, m.start, m.end, 40, 40)
                    );
                }
                *errors
                    .entry(format!("{} -> {} ({:?})", m.title, p.name, p.country))
                    .or_default() += 1;
            } else {
                if show_misses {
                    let known = !gaz.find(surface).is_empty();
                    let context =
                        newsgraph_doc::marked_context(&doc.article.text, m.start, m.end, 40, 40);
                    eprintln!(
                        "MISSED\t{}\t{surface}\t{}\t{}\t{context}",
                        d.id,
                        m.title,
                        if known { "known" } else { "unknown" }
                    );
                }
                *errors
                    .entry(format!("{} -> (missed) [{surface}]", m.title))
                    .or_default() += 1;
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    out.metric("gold_mentions", n_gold as f64, Scale::Count);
    out.metric("resolvable", n_resolvable as f64, Scale::Count);
    out.metric("found", pct(n_found, n_resolvable), Scale::Percent);
    out.metric(
        "correct_of_resolvable",
        pct(n_correct, n_resolvable),
        Scale::Percent,
    );
    out.metric("correct_of_found", pct(n_correct, n_found), Scale::Percent);
    out.metric("spurious", pct(n_spurious, n_ours), Scale::Percent);
    let _ = writeln!(report, "places eval: UD English GUM (train+dev+test), Wikified place mentions with a proper-noun head");
    let _ = writeln!(
        report,
        "gold mentions {n_gold}, resolvable in the gazetteer {n_resolvable}"
    );
    let _ = writeln!(
        report,
        "found {n_found} ({:.1}%), correct {n_correct}: {:.1}% of resolvable, {:.1}% of found",
        pct(n_found, n_resolvable),
        pct(n_correct, n_resolvable),
        pct(n_correct, n_found)
    );
    let _ = writeln!(
        report,
        "our place mentions {n_ours}, of which {n_spurious} ({:.1}%) overlap no GUM place mention",
        pct(n_spurious, n_ours)
    );
    let mut genres: Vec<_> = per_genre.into_iter().collect();
    genres.sort();
    for (g, (n, c)) in genres {
        let _ = writeln!(report, "  {g:<12} {c}/{n} ({:.1}%)", pct(c, n));
    }
    let mut errs: Vec<_> = errors.into_iter().collect();
    errs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let _ = writeln!(report, "most frequent errors:");
    for (e, n) in errs.iter().take(25) {
        let _ = writeln!(report, "  {n:>4}  {e}");
    }
    out.text = report;
    Ok(out)
}

/// Whether a produced place is the expected entry: the same GeoNames id,
/// or a point within [`SAME_PLACE_KM`] of it when neither is a first-order
/// division (whose points here are stand-ins, not centroids). The distance
/// rule lets a city-state's city and country records ("Singapore", "Hong
/// Kong") count as one place, as a coordinate-based gold set would.
fn same_place(gaz: &Gazetteer, p: &newsgraph_doc::Place, expected: u64) -> bool {
    if p.geonames_id == Some(expected) {
        return true;
    }
    let Some(e) = gaz.by_geonames_id(expected) else {
        return false;
    };
    let ours = p.geonames_id.and_then(|id| gaz.by_geonames_id(id));
    match (ours, p.lat, p.lon) {
        (Some(o), Some(lat), Some(lon)) => {
            o.kind != PlaceKind::Admin1
                && e.kind != PlaceKind::Admin1
                && km(lat, lon, e.lat, e.lon) <= SAME_PLACE_KM
        }
        _ => false,
    }
}

/// How far apart two records of one place may lie.
const SAME_PLACE_KM: f64 = 25.0;

/// Great-circle distance in kilometres.
fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// The gazetteer entry a Wikipedia title names, if any: `Fort_Lee,_New_Jersey`
/// → Fort Lee in New Jersey; `Georgia_(country)` → the country.
fn expected_entry(gaz: &Gazetteer, title: &str) -> Option<u64> {
    let title = percent_decode(title).replace('_', " ");
    let (base, paren) = match title.split_once(" (") {
        Some((b, p)) => (
            b.trim().to_string(),
            Some(p.trim_end_matches(')').to_lowercase()),
        ),
        None => (title.clone(), None),
    };
    let (name, qualifier) = match base.split_once(", ") {
        Some((n, q)) => (n.to_string(), Some(q.to_string())),
        None => (base, None),
    };
    let candidates = gaz.find(&name);
    let fits = |e: &&GeoEntry| {
        let country = e.country.and_then(|k| gaz.country(k));
        let admin = gaz.admin1_of(e).map(|a| a.name.to_lowercase());
        let q_ok = qualifier.as_ref().is_none_or(|q| {
            let q = q.to_lowercase();
            country.is_some_and(|c| c.name.to_lowercase() == q)
                || admin.as_deref() == Some(q.as_str())
                || (q == "d.c."
                    && e.kind == PlaceKind::City
                    && country.is_some_and(|c| c.iso2 == "US"))
        });
        let p_ok = paren.as_deref().is_none_or(|p| match p {
            "country" => e.kind == PlaceKind::Country,
            p if p.contains("state") || p.contains("province") || p.contains("region") => {
                e.kind == PlaceKind::Admin1
            }
            p => {
                e.kind == PlaceKind::City
                    && (country.is_some_and(|c| p.contains(&c.name.to_lowercase()))
                        || admin.as_deref().is_some_and(|a| p.contains(a))
                        || p == "city")
            }
        });
        q_ok && p_ok && e.name.to_lowercase() == name.to_lowercase()
            || (q_ok && p_ok && qualifier.is_none() && e.kind == PlaceKind::Country)
    };
    // Countries first, then the most populous place (divisions carry the
    // sum of their towns): Wikipedia's primary topic for a bare title.
    let rank = |e: &GeoEntry| match e.kind {
        PlaceKind::Country => 2,
        PlaceKind::Continent => 1,
        PlaceKind::Admin1 | PlaceKind::City => 0,
    };
    let fitting: Vec<&GeoEntry> = candidates.into_iter().filter(fits).collect();
    // A city and a division of its country share a name ("Moscow",
    // "Taipei", "Geneva", "Mexico City"): Wikipedia gives the bare title to
    // a major city (100,000 or more); a small town ("Oregon, Ohio") does not
    // take it from the division.
    let big_cities: Vec<Option<u16>> = fitting
        .iter()
        .filter(|e| e.kind == PlaceKind::City && e.population >= 100_000)
        .map(|e| e.country)
        .collect();
    fitting
        .iter()
        .copied()
        .filter(|e| {
            !(e.kind == PlaceKind::Admin1 && paren.is_none() && big_cities.contains(&e.country))
        })
        .max_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then(a.population.cmp(&b.population))
                .then(b.geonames_id.cmp(&a.geonames_id))
        })
        .map(|e| e.geonames_id)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads GUM CoNLL-U (with `newsgraph_nlp::conllu`) into documents with
/// their Wikified place mentions. GUM marks entities in each word's MISC
/// (`Entity=(12-place-…-Title` opens, `12)` closes); a multiword token's
/// words share its span. Each sentence becomes one paragraph.
fn read_gum(text: &str) -> Result<Vec<GoldDoc>, (usize, String)> {
    struct Open {
        group: String,
        title: Option<String>,
        /// Sentence-local id of the mention's first word.
        first: usize,
        start: usize,
    }
    /// One syntactic word of the current sentence: id, head id, proper
    /// noun or not, byte range in the article.
    struct Tok {
        id: usize,
        head: usize,
        proper: bool,
        start: usize,
        end: usize,
    }
    // The mention's syntactic head (the word whose head lies outside it)
    // must be a proper noun: "Houston, Texas" is scored at "Houston", and
    // "the capital city of Greece" is a description, not a name of Athens.
    fn head_of(toks: &[Tok], first: usize, last: usize) -> Option<(usize, usize)> {
        let inside = |id: usize| first <= id && id <= last;
        toks.iter()
            .filter(|t| inside(t.id))
            .find(|t| !inside(t.head))
            .filter(|t| t.proper)
            .map(|t| (t.start, t.end))
    }
    let propn = newsgraph_doc::tags::upos_index("PROPN");
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut id = String::new();
    let mut sentences: Vec<String> = Vec::new();
    let mut mentions: Vec<GoldMention> = Vec::new();
    let mut any_place: Vec<(usize, usize)> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // Byte offset of the current sentence in the article text ("\n\n" joins).
    let mut offset = 0usize;
    let mut flush = |id: &str,
                     sentences: &mut Vec<String>,
                     mentions: &mut Vec<GoldMention>,
                     any_place: &mut Vec<(usize, usize)>| {
        if sentences.is_empty() {
            return;
        }
        let mut b = ArticleBuilder::new(id);
        for s in sentences.iter() {
            b.push_paragraph(s);
        }
        docs.push(GoldDoc {
            id: id.to_string(),
            article: b.build(),
            mentions: std::mem::take(mentions),
            any_place: std::mem::take(any_place),
        });
        sentences.clear();
    };
    for s in conllu::parse(text)? {
        if let Some(doc_id) = &s.doc_id {
            flush(&id, &mut sentences, &mut mentions, &mut any_place);
            id = doc_id.clone();
            offset = 0;
            open.clear();
        }
        // The sentence text from its surface tokens, and each word's span
        // (a multiword token's words get the token's).
        let mut sent = String::new();
        let mut spans = vec![(0usize, 0usize); s.words.len()];
        for t in &s.surface {
            let start = offset + sent.len();
            sent.push_str(&t.form);
            if t.space_after {
                sent.push(' ');
            }
            let end = offset + sent.trim_end().len();
            for span in spans.iter_mut().take(t.end_word).skip(t.first_word) {
                *span = (start, end);
            }
        }
        let mut toks: Vec<Tok> = Vec::with_capacity(s.words.len());
        for (k, (w, &(tok_start, tok_end))) in s.words.iter().zip(&spans).enumerate() {
            let token_id = k + 1;
            toks.push(Tok {
                id: token_id,
                head: w.head as usize,
                proper: Some(w.upos) == propn,
                start: tok_start,
                end: tok_end,
            });
            let Some(ent) = w.misc.split('|').find_map(|f| f.strip_prefix("Entity=")) else {
                continue;
            };
            let mut rest = ent;
            while !rest.is_empty() {
                if let Some(r) = rest.strip_prefix('(') {
                    let end = r.find(['(', ')']).unwrap_or(r.len());
                    let body = &r[..end];
                    let fields: Vec<&str> = body.split('-').collect();
                    let group = fields.first().copied().unwrap_or("").to_string();
                    let etype = fields.get(1).copied().unwrap_or("");
                    let title = fields
                        .get(7)
                        .filter(|t| **t != "_" && !t.is_empty())
                        .map(|t| t.to_string());
                    let closes = r[end..].starts_with(')');
                    if etype == "place" {
                        if closes {
                            any_place.push((tok_start, tok_end));
                            if let (Some(t), Some((start, end))) =
                                (title, head_of(&toks, token_id, token_id))
                            {
                                mentions.push(GoldMention {
                                    start,
                                    end,
                                    title: t,
                                });
                            }
                        } else {
                            open.push(Open {
                                group,
                                title,
                                first: token_id,
                                start: tok_start,
                            });
                        }
                    }
                    rest = if closes { &r[end + 1..] } else { &r[end..] };
                } else {
                    let end = rest.find(')').unwrap_or(rest.len());
                    let group = &rest[..end];
                    if let Some(pos) = open.iter().rposition(|o| o.group == group) {
                        let o = open.remove(pos);
                        any_place.push((o.start, tok_end));
                        if let (Some(t), Some((start, end))) =
                            (o.title, head_of(&toks, o.first, token_id))
                        {
                            mentions.push(GoldMention {
                                start,
                                end,
                                title: t,
                            });
                        }
                    }
                    rest = rest.get(end + 1..).unwrap_or("");
                }
            }
        }
        let sent = sent.trim_end().to_string();
        if !sent.is_empty() {
            offset += sent.len() + 2;
            sentences.push(sent);
        }
    }
    flush(&id, &mut sentences, &mut mentions, &mut any_place);
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_to_entries() {
        let g = Gazetteer::embedded().unwrap();
        let id = |t: &str| expected_entry(&g, t);
        assert_eq!(id("Washington,_D.C."), Some(4140963));
        assert_eq!(
            id("Georgia_(country)")
                .and_then(|i| g.by_geonames_id(i))
                .map(|e| e.kind),
            Some(PlaceKind::Country)
        );
        let fl = id("Fort_Lee%2C_New_Jersey")
            .and_then(|i| g.by_geonames_id(i))
            .unwrap();
        assert_eq!(g.admin1_of(fl).unwrap().name, "New Jersey");
        assert_eq!(id("Atlantis_(mythical)"), None);
    }

    #[test]
    fn reads_gum_brackets() {
        let conllu = "# newdoc id = GUM_news_x\n# text = Paris is big\n\
1\tParis\tParis\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(1-place-new-3-sgl-1-sgl-Paris)\n\
2\tis\tbe\tAUX\tVBZ\t_\t1\tcop\t_\t_\n\
3\tbig\tbig\tADJ\tJJ\t_\t1\tamod\t_\tSpaceAfter=No\n\n";
        let docs = read_gum(conllu).unwrap();
        assert_eq!(docs.len(), 1);
        let m = &docs[0].mentions[0];
        assert_eq!(&docs[0].article.text[m.start..m.end], "Paris");
        assert_eq!(docs[0].article.text, "Paris is big");
    }
}
