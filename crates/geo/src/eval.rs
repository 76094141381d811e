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

use crate::gazetteer::{Gazetteer, PlaceKind};
use newsgraph_doc::{Article, ArticleBuilder, Document};
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
}

/// Runs the evaluation; `analyze` is the full pipeline (or any stage chain
/// that fills `places`). Returns a printable report, or why it could not run.
pub fn eval_places(
    gaz: &Gazetteer,
    shared_data: &Path,
    analyze: &dyn Fn(Article) -> Document,
) -> Result<String, String> {
    let dir = shared_data.join("ud_english_gum");
    let mut docs = Vec::new();
    for split in ["train", "dev", "test"] {
        let path = dir.join(format!("en_gum-ud-{split}.conllu"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("skip: {}: {e}", path.display()))?;
        docs.extend(read_gum(&text));
    }
    let mut report = String::new();
    let (mut n_gold, mut n_resolvable, mut n_found, mut n_correct) = (0, 0, 0, 0);
    let mut errors: HashMap<String, usize> = HashMap::new();
    let mut per_genre: HashMap<String, (usize, usize)> = HashMap::new();
    for d in docs {
        let doc = analyze(d.article);
        if std::env::var("GEO_EVAL_DEBUG").is_ok_and(|v| d.id.contains(&v)) {
            for p in &doc.places {
                let m: Vec<&str> = p.mentions.iter().map(|s| doc.span_text(*s)).collect();
                eprintln!("{} {:?} {:?}", p.name, p.country, m);
            }
        }
        let genre = d.id.split('_').nth(1).unwrap_or("?").to_string();
        for m in &d.mentions {
            n_gold += 1;
            let Some(expected) = expected_entry(gaz, &m.title) else {
                continue;
            };
            n_resolvable += 1;
            let covering = doc.places.iter().find(|p| {
                p.mentions
                    .iter()
                    .any(|s| (s.start as usize) < m.end && m.start < s.end as usize)
            });
            let g = per_genre.entry(genre.clone()).or_default();
            g.0 += 1;
            if let Some(p) = covering {
                n_found += 1;
                if p.geonames_id == Some(expected) {
                    n_correct += 1;
                    g.1 += 1;
                    continue;
                }
                *errors
                    .entry(format!("{} -> {} ({:?})", m.title, p.name, p.country))
                    .or_default() += 1;
            } else {
                let surface = doc.article.text.get(m.start..m.end).unwrap_or("?");
                *errors
                    .entry(format!("{} -> (missed) [{surface}]", m.title))
                    .or_default() += 1;
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
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
    Ok(report)
}

/// The gazetteer entry a Wikipedia title names, if any: `Fort_Lee,_New_Jersey`
/// → Fort Lee in New Jersey; `Georgia_(country)` → the country.
pub(crate) fn expected_entry(gaz: &Gazetteer, title: &str) -> Option<u64> {
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
    let fits = |e: &&crate::GeoEntry| {
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
    let rank = |e: &crate::GeoEntry| match e.kind {
        PlaceKind::Country => 3,
        PlaceKind::Continent => 2,
        PlaceKind::Admin1 => 1,
        PlaceKind::City => 0,
    };
    let fitting: Vec<&crate::GeoEntry> = candidates.into_iter().filter(fits).collect();
    // A city and its own division share a name ("Moscow", "Vienna",
    // "Mexico City"): the bare title is the city.
    let city_countries: Vec<Option<u16>> = fitting
        .iter()
        .filter(|e| e.kind == PlaceKind::City)
        .map(|e| e.country)
        .collect();
    fitting
        .into_iter()
        .filter(|e| {
            !(e.kind == PlaceKind::Admin1 && paren.is_none() && city_countries.contains(&e.country))
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

/// Reads GUM CoNLL-U into documents with their Wikified place mentions.
fn read_gum(conllu: &str) -> Vec<GoldDoc> {
    struct Open {
        group: String,
        title: Option<String>,
        start: usize,
        /// A proper noun inside, and not a description ("the country").
        proper: bool,
    }
    let mut docs = Vec::new();
    let mut id = String::new();
    let mut sentences: Vec<String> = Vec::new();
    let mut mentions: Vec<GoldMention> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // Byte offset of the current sentence in the article text ("\n\n" joins).
    let mut sent = String::new();
    let mut offset = 0usize;
    let mut skip_until = 0usize;
    let mut range_start = 0usize;
    let flush = |id: &str,
                 sentences: &mut Vec<String>,
                 mentions: &mut Vec<GoldMention>,
                 docs: &mut Vec<GoldDoc>| {
        if sentences.is_empty() {
            return;
        }
        let mut b = ArticleBuilder::new(id);
        for s in sentences.iter() {
            b.push_paragraph(s);
        }
        let article = b.build();
        docs.push(GoldDoc {
            id: id.to_string(),
            article,
            mentions: std::mem::take(mentions),
        });
        sentences.clear();
    };
    for line in conllu.lines() {
        if let Some(rest) = line.strip_prefix("# newdoc id = ") {
            flush(&id, &mut sentences, &mut mentions, &mut docs);
            id = rest.trim().to_string();
            offset = 0;
            open.clear();
            continue;
        }
        if line.is_empty() {
            skip_until = 0;
            if !sent.is_empty() {
                let s = sent.trim_end().to_string();
                offset += s.len() + 2;
                sentences.push(s);
                sent.clear();
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || cols[0].contains('.') {
            continue;
        }
        // Multiword tokens carry the surface form; their parts are skipped
        // for text but still carry entity brackets.
        let is_range = cols[0].contains('-');
        let misc = cols[9];
        let token_id: usize = cols[0]
            .split('-')
            .next_back()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let in_range = !is_range && token_id <= skip_until;
        let tok_start = if in_range {
            range_start
        } else {
            offset + sent.len()
        };
        if is_range {
            skip_until = token_id;
            range_start = tok_start;
        }
        if !in_range {
            sent.push_str(cols[1]);
            if !misc.split('|').any(|f| f == "SpaceAfter=No") {
                sent.push(' ');
            }
        }
        let tok_end = offset + sent.trim_end().len();
        if cols[3] == "PROPN" {
            open.iter_mut().for_each(|o| o.proper = true);
        }
        if let Some(ent) = misc.split('|').find_map(|f| f.strip_prefix("Entity=")) {
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
                            if let Some(t) = title {
                                if cols[3] == "PROPN" {
                                    mentions.push(GoldMention {
                                        start: tok_start,
                                        end: tok_end,
                                        title: t,
                                    });
                                }
                            }
                        } else {
                            open.push(Open {
                                group,
                                title,
                                start: tok_start,
                                proper: cols[3] == "PROPN",
                            });
                        }
                    }
                    rest = if closes { &r[end + 1..] } else { &r[end..] };
                } else {
                    let end = rest.find(')').unwrap_or(rest.len());
                    let group = &rest[..end];
                    if let Some(pos) = open.iter().rposition(|o| o.group == group) {
                        let o = open.remove(pos);
                        if let (Some(t), true) = (o.title, o.proper) {
                            mentions.push(GoldMention {
                                start: o.start,
                                end: tok_end,
                                title: t,
                            });
                        }
                    }
                    rest = rest.get(end + 1..).unwrap_or("");
                }
            }
        }
    }
    if !sent.is_empty() {
        sentences.push(sent.trim_end().to_string());
    }
    flush(&id, &mut sentences, &mut mentions, &mut docs);
    docs
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
        let docs = read_gum(conllu);
        assert_eq!(docs.len(), 1);
        let m = &docs[0].mentions[0];
        assert_eq!(&docs[0].article.text[m.start..m.end], "Paris");
        assert_eq!(docs[0].article.text, "Paris is big");
    }
}
