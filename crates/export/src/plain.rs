//! JSON Lines (one article per line, with events and places resolved to
//! GDELT codes) and CSV (one row per merged event) exports.

use crate::gdelt::{batch_time, merge_events};
use crate::load::ArticleRec;
use crate::text;
use crate::ExportStats;
use newsgraph_geo::Gazetteer;
use std::io::Write;

pub fn jsonl(
    articles: &[ArticleRec],
    _gaz: &Gazetteer,
    out: &mut dyn Write,
) -> std::io::Result<ExportStats> {
    let mut stats = ExportStats {
        articles: articles.len(),
        events: merge_events(articles).len(),
        ..ExportStats::default()
    };
    for a in articles {
        let tone = text::tone(&a.text);
        let v = serde_json::json!({
            "id": a.id, "title": a.title, "source": a.source, "url": a.url, "published": a.published,
            "tone": {"tone": tone.tone, "positive": tone.positive, "negative": tone.negative, "word_count": tone.word_count},
            "events": a.events.iter().map(|e| serde_json::json!({
                "source": e.source, "target": e.target, "code": e.code, "root_code": e.root_code,
                "quad_class": e.quad_class, "goldstein": e.goldstein, "date": e.date, "place": e.place,
                "modality": e.modality, "start": e.start, "end": e.end})).collect::<Vec<_>>(),
            "places": a.places.iter().map(|p| serde_json::json!({
                "name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon, "geonames_id": p.geonames_id,
                "mentions": p.mentions})).collect::<Vec<_>>(),
            "themes": text::themes(&a.text).into_iter().map(|(t, o)| serde_json::json!([t, o])).collect::<Vec<_>>(),
            "amounts": text::amounts(&a.text).into_iter().map(|x| serde_json::json!([x.amount, x.object, x.char_offset])).collect::<Vec<_>>(),
        });
        writeln!(out, "{v}")?;
        stats.rows += 1;
        stats.mentions += a.events.len();
    }
    Ok(stats)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(
    articles: &[ArticleRec],
    _gaz: &Gazetteer,
    out: &mut dyn Write,
) -> std::io::Result<ExportStats> {
    let merged = merge_events(articles);
    writeln!(out, "event_id,date,source,target,code,root_code,quad_class,goldstein,place,modality,num_mentions,num_articles,first_article,first_seen,url")?;
    let mut stats = ExportStats {
        articles: articles.len(),
        events: merged.len(),
        mentions: merged.iter().map(|m| m.mentions.len()).sum(),
        ..ExportStats::default()
    };
    for (i, m) in merged.iter().enumerate() {
        let (a, e) = m.first;
        let mut ids: Vec<&str> = m.mentions.iter().map(|(a, _)| a.id.as_str()).collect();
        ids.dedup();
        let cols = [
            (i + 1).to_string(),
            e.date.clone().or(a.published.clone()).unwrap_or_default(),
            e.source.clone().unwrap_or_default(),
            e.target.clone().unwrap_or_default(),
            e.code.clone(),
            e.root_code.clone(),
            e.quad_class.to_string(),
            format!("{:.1}", e.goldstein),
            e.place.clone().unwrap_or_default(),
            e.modality.clone(),
            m.mentions.len().to_string(),
            ids.len().to_string(),
            a.id.clone(),
            batch_time(a),
            a.url.clone().unwrap_or_default(),
        ];
        writeln!(
            out,
            "{}",
            cols.iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(",")
        )?;
        stats.rows += 1;
    }
    Ok(stats)
}
