//! JSON Lines (one article per line, with its events, entities, quotes and
//! places) and CSV (one row per merged event) exports. Every event row
//! keeps its evidence: the sentence text and offsets, the article's id,
//! title and URL, the actors' codes and names, the modality and the
//! confidence, so a row read alone still says where it came from and how
//! sure it is.

use crate::gdelt::{actor_name, batch_time, merge_events};
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
                "source": e.source, "target": e.target,
                "source_name": actor_name(a, e, e.source.as_deref()), "target_name": actor_name(a, e, e.target.as_deref()),
                "code": e.code, "root_code": e.root_code,
                "quad_class": e.quad_class, "goldstein": e.goldstein, "date": e.date, "place": e.place,
                "modality": e.modality, "confidence": e.confidence, "reviewed": e.review,
                "start": e.start, "end": e.end, "text": e.text})).collect::<Vec<_>>(),
            "entities": a.entities.iter().map(|x| serde_json::json!({
                "name": x.name, "type": x.entity_type, "actor": x.actor, "mentions": x.mentions})).collect::<Vec<_>>(),
            "quotes": a.quotes.iter().map(|q| serde_json::json!({
                "start": q.start, "end": q.end, "text": q.text, "kind": q.kind, "speaker": q.speaker,
                "cue": q.cue})).collect::<Vec<_>>(),
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

pub(crate) fn csv_field(s: &str) -> String {
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
    writeln!(out, "event_id,date,source,target,code,root_code,quad_class,goldstein,place,modality,confidence,reviewed,num_mentions,num_articles,first_article,first_seen,url,title,source_name,target_name,evidence_start,evidence_end,evidence")?;
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
            // The surest report's (empty for events stored before
            // confidences were kept).
            m.mentions
                .iter()
                .filter_map(|(_, e)| e.confidence)
                .reduce(f64::max)
                .map(|c| format!("{c:.2}"))
                .unwrap_or_default(),
            // Reviewed when any of its mentions was; the first such says how.
            m.mentions
                .iter()
                .find_map(|(_, e)| e.review.clone())
                .unwrap_or_default(),
            m.mentions.len().to_string(),
            ids.len().to_string(),
            a.id.clone(),
            batch_time(a),
            a.url.clone().unwrap_or_default(),
            // The evidence of the first report (first_article).
            a.title.clone().unwrap_or_default(),
            actor_name(a, e, e.source.as_deref())
                .unwrap_or_default()
                .to_string(),
            actor_name(a, e, e.target.as_deref())
                .unwrap_or_default()
                .to_string(),
            e.start.to_string(),
            e.end.to_string(),
            e.text.clone(),
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
