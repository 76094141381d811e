//! GDELT 2.0 Events / Mentions and GKG 2.1 writers.
//!
//! Every row is tab-separated, `\n`-terminated, with no header; tabs and
//! newlines inside values are replaced by spaces, and the sub-field
//! delimiters of a column (`;`, `#`, `,`, `|`) are removed from free text
//! placed in it. Dates are `YYYYMMDD`, date-times `YYYYMMDDHHMMSS` (the
//! article's publication date at 00:00:00, else its ingest time rounded down
//! to 15 minutes, like a GDELT batch). Actor columns use CAMEO codes;
//! locations use FIPS 10-4 codes from the gazetteer's crosswalk.
//!
//! Events vs mentions: events with the same source, target, root code and
//! place, dated within [`MERGE_WINDOW_DAYS`] of each other, are one event;
//! each article reporting it adds a Mentions row.

use crate::load::{ArticleRec, EventRec, PlaceRec};
use crate::text::{self, fmt_float, Tone};
use crate::{ExportFormat, ExportStats};
use chrono::{Datelike, NaiveDate};
use newsgraph_geo::{Gazetteer, GdeltGeo};
use std::collections::HashMap;
use std::io::Write;

/// Reports of one event this many days apart are still the same event.
pub const MERGE_WINDOW_DAYS: i64 = 1;

/// One merged event and the (article, event) pairs that mention it.
pub struct MergedEvent<'a> {
    pub first: (&'a ArticleRec, &'a EventRec),
    pub mentions: Vec<(&'a ArticleRec, &'a EventRec)>,
}

fn event_date(a: &ArticleRec, e: &EventRec) -> Option<NaiveDate> {
    e.date
        .as_deref()
        .or(a.published.as_deref())
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok())
}

/// Groups events across articles (GDELT's Events/Mentions split).
pub fn merge_events(articles: &[ArticleRec]) -> Vec<MergedEvent<'_>> {
    let mut all: Vec<(&ArticleRec, &EventRec)> = articles
        .iter()
        .flat_map(|a| a.events.iter().map(move |e| (a, e)))
        .collect();
    let key = |a: &ArticleRec, e: &EventRec| {
        (
            e.source.clone().unwrap_or_default(),
            e.target.clone().unwrap_or_default(),
            e.root_code.clone(),
            e.place.clone().unwrap_or_default().to_lowercase(),
            event_date(a, e),
        )
    };
    all.sort_by_key(|x| key(x.0, x.1));
    let mut out: Vec<MergedEvent> = Vec::new();
    for (a, e) in all {
        let k = key(a, e);
        if let Some(last) = out.last_mut() {
            let lk = key(last.first.0, last.first.1);
            let close = match (lk.4, k.4) {
                (Some(x), Some(y)) => (y - x).num_days().abs() <= MERGE_WINDOW_DAYS,
                (None, None) => true,
                _ => false,
            };
            if lk.0 == k.0 && lk.1 == k.1 && lk.2 == k.2 && lk.3 == k.3 && close {
                last.mentions.push((a, e));
                continue;
            }
        }
        out.push(MergedEvent {
            first: (a, e),
            mentions: vec![(a, e)],
        });
    }
    // First reported first, as GDELT ids run in time order.
    out.sort_by(|x, y| {
        (batch_time(x.first.0), &x.first.0.id, x.first.1.idx).cmp(&(
            batch_time(y.first.0),
            &y.first.0.id,
            y.first.1.idx,
        ))
    });
    out
}

/// The batch time of an article: `YYYYMMDDHHMMSS`.
pub fn batch_time(a: &ArticleRec) -> String {
    if let Some(d) = a
        .published
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok())
    {
        return format!("{}000000", d.format("%Y%m%d"));
    }
    // "2026-11-26T20:31:07Z" → 20261126203000.
    let digits: String = a
        .ingested_at
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    if digits.len() >= 12 {
        let minute: u32 = digits[10..12].parse().unwrap_or(0);
        return format!("{}{:02}00", &digits[..10], minute / 15 * 15);
    }
    "19700101000000".into()
}

/// Removes characters that would break a TSV row or a sub-field grammar.
pub fn clean(s: &str, also: &[char]) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' || also.contains(&c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn domain(a: &ArticleRec) -> String {
    if let Some(s) = &a.source {
        return clean(s, &[]);
    }
    a.url
        .as_deref()
        .and_then(|u| u.split("//").nth(1))
        .and_then(|h| h.split('/').next())
        .map(|h| h.trim_start_matches("www.").to_string())
        .unwrap_or_default()
}

/// The name of the entity the article codes as `code`: one mentioned in
/// the event's evidence if there is one, else the first so coded. Exports
/// carry it beside the code, which names many people (GBRGOV).
pub fn actor_name<'a>(a: &'a ArticleRec, e: &EventRec, code: Option<&str>) -> Option<&'a str> {
    let code = code.filter(|c| !c.is_empty())?;
    let coded = || {
        a.entities
            .iter()
            .filter(move |x| x.actor.as_deref() == Some(code))
    };
    coded()
        .find(|x| x.mentions.iter().any(|&(s, t)| s >= e.start && t <= e.end))
        .or_else(|| coded().next())
        .map(|x| x.name.as_str())
}

pub(crate) fn identifier(a: &ArticleRec) -> String {
    clean(
        a.url.as_deref().or(a.origin.as_deref()).unwrap_or(&a.id),
        &[],
    )
}

/// Location of a stored place, completed from the gazetteer.
pub(crate) fn place_geo(gaz: &Gazetteer, p: &PlaceRec) -> Option<(GdeltGeo, f64, f64)> {
    let entry = p.geonames_id.and_then(|id| gaz.by_geonames_id(id as u64));
    match entry {
        Some(e) => Some((
            gaz.gdelt_geo(e),
            p.lat.unwrap_or(e.lat),
            p.lon.unwrap_or(e.lon),
        )),
        None if p.contained_in.is_some() => {
            // A place the gazetteer lacks inside one it has: the holder's
            // location, under the article's name for the place.
            let holder = p
                .contained_in
                .and_then(|id| gaz.by_geonames_id(id as u64))?;
            let mut g = gaz.gdelt_geo(holder);
            g.full_name = clean(&format!("{}, {}", p.name, g.full_name), &['#', ';']);
            Some((g, p.lat.unwrap_or(holder.lat), p.lon.unwrap_or(holder.lon)))
        }
        None => {
            // A place the gazetteer lacks, located at its country.
            let c = p.country.as_deref().and_then(|c| gaz.country_by_iso3(c))?;
            let ce =
                gaz.country_entry(gaz.countries().iter().position(|x| x.iso3 == c.iso3)? as u16)?;
            let mut g = gaz.gdelt_geo(ce);
            g.full_name = clean(&format!("{}, {}", p.name, c.name), &['#', ';']);
            Some((g, p.lat.unwrap_or(ce.lat), p.lon.unwrap_or(ce.lon)))
        }
    }
}

fn geo_cols(g: Option<&(GdeltGeo, f64, f64)>, with_adm2: bool) -> Vec<String> {
    match g {
        Some((g, lat, lon)) if g.geo_type > 0 => {
            let mut v = vec![
                g.geo_type.to_string(),
                clean(&g.full_name, &['#', ';']),
                g.country.clone(),
                g.adm1.clone(),
            ];
            if with_adm2 {
                v.push(String::new());
            }
            v.extend([
                fmt_float((lat * 1e4).round() / 1e4),
                fmt_float((lon * 1e4).round() / 1e4),
                g.feature_id.clone(),
            ]);
            v
        }
        _ => {
            let mut v = vec!["0".to_string()];
            v.extend(std::iter::repeat_n(
                String::new(),
                if with_adm2 { 7 } else { 6 },
            ));
            v
        }
    }
}

/// The CAMEO country block of an actor code ("RUSGOV" → "RUS").
fn actor_country(gaz: &Gazetteer, code: &str) -> Option<String> {
    let head = code.get(..3)?;
    gaz.countries()
        .iter()
        .find(|c| c.cameo == head)
        .map(|c| c.cameo.clone())
}

fn actor_cols(gaz: &Gazetteer, a: &ArticleRec, code: Option<&str>) -> Vec<String> {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return vec![String::new(); 10];
    };
    let code = clean(code, &[]);
    let country = actor_country(gaz, &code);
    let name = a
        .entities
        .iter()
        .find(|e| e.actor.as_deref() == Some(code.as_str()))
        .map(|e| e.name.to_uppercase())
        .or_else(|| {
            country
                .as_ref()
                .and_then(|c| gaz.countries().iter().find(|x| &x.cameo == c))
                .map(|c| c.name.to_uppercase())
        })
        .unwrap_or_default();
    let rest = if country.is_some() {
        code.get(3..).unwrap_or("")
    } else {
        code.as_str()
    };
    let blocks: Vec<&str> = (0..rest.len() / 3)
        .filter_map(|i| rest.get(i * 3..i * 3 + 3))
        .collect();
    const KNOWN: &[&str] = &[
        "UNO", "NAT", "EEC", "EUR", "HMS", "TAL", "ALQ", "ASN", "AFR", "ARL", "OPC", "WTO", "IMF",
        "WBK",
    ];
    const TYPES: &[&str] = &[
        "GOV", "MIL", "COP", "JUD", "OPP", "REB", "SEP", "INS", "SPY", "UAF", "BUS", "CVL", "CRM",
        "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD", "IGO", "NGO",
        "NGM", "IMG", "MNC", "INT", "UIS", "SET", "PKO", "AGR", "DEV", "AMN", "IRC", "GRP", "UNO",
    ];
    let known = blocks
        .iter()
        .find(|b| KNOWN.contains(b))
        .map(|b| b.to_string())
        .unwrap_or_default();
    let types: Vec<String> = blocks
        .iter()
        .filter(|b| TYPES.contains(b) && **b != known)
        .map(|b| b.to_string())
        .collect();
    let mut v = vec![
        code.clone(),
        clean(&name, &[]),
        country.unwrap_or_default(),
        known,
        String::new(),
        String::new(),
        String::new(),
    ];
    for i in 0..3 {
        v.push(types.get(i).cloned().unwrap_or_default());
    }
    v
}

fn action_place<'a>(a: &'a ArticleRec, e: &EventRec) -> Option<&'a PlaceRec> {
    if let Some(name) = &e.place {
        if let Some(p) = a.places.iter().find(|p| p.name.eq_ignore_ascii_case(name)) {
            return Some(p);
        }
    }
    a.places
        .iter()
        .find(|p| p.mentions.iter().any(|(s, t)| *s >= e.start && *t <= e.end))
}

fn fraction_date(d: NaiveDate) -> String {
    // Observed in GDELT data: Year + ((Month−1)·30 + Day)/365, 4 decimals.
    format!(
        "{:.4}",
        d.year() as f64 + ((d.month() as f64 - 1.0) * 30.0 + d.day() as f64) / 365.0
    )
}

/// GDELT's Confidence (percent) of an event mention: the event scorer's
/// confidence rounded to steps of 10, as GDELT's own values are; for an
/// event stored before confidences were kept, a value from its modality.
fn confidence(e: &EventRec) -> u32 {
    match e.confidence {
        Some(c) => ((c.clamp(0.0, 1.0) * 10.0).round() * 10.0) as u32,
        None => modality_confidence(&e.modality),
    }
}

fn modality_confidence(modality: &str) -> u32 {
    match modality {
        "asserted" => 100,
        "attributed" => 80,
        "anonymous" | "expected" => 60,
        "hedged" => 40,
        _ => 20,
    }
}

/// 1-based sentence number of a character offset: sentence ends counted
/// before it (the store keeps no sentence table).
fn sentence_id(text: &str, char_offset: i64) -> usize {
    let mut n = 1;
    let mut prev = ' ';
    for (i, c) in text.chars().enumerate() {
        if i as i64 >= char_offset {
            break;
        }
        if (matches!(prev, '.' | '!' | '?') && c.is_whitespace()) || (prev == '\n' && c == '\n') {
            n += 1;
        }
        prev = c;
    }
    n
}

pub fn write(
    articles: &[ArticleRec],
    gaz: &Gazetteer,
    format: ExportFormat,
    out: &mut dyn Write,
) -> std::io::Result<ExportStats> {
    let tones: HashMap<&str, Tone> = articles
        .iter()
        .map(|a| (a.id.as_str(), text::tone(&a.text)))
        .collect();
    let merged = merge_events(articles);
    let mut stats = ExportStats {
        articles: articles.len(),
        events: merged.len(),
        mentions: merged.iter().map(|m| m.mentions.len()).sum(),
        ..ExportStats::default()
    };
    match format {
        ExportFormat::GdeltEvents => {
            for (i, m) in merged.iter().enumerate() {
                let row = events_row(gaz, (i + 1) as u64, m, &tones);
                writeln!(out, "{}", row.join("\t"))?;
                stats.rows += 1;
            }
        }
        ExportFormat::GdeltMentions => {
            for (i, m) in merged.iter().enumerate() {
                for (a, e) in &m.mentions {
                    let row = mentions_row(
                        (i + 1) as u64,
                        &batch_time(m.first.0),
                        a,
                        e,
                        tones.get(a.id.as_str()).copied().unwrap_or_default(),
                    );
                    writeln!(out, "{}", row.join("\t"))?;
                    stats.rows += 1;
                }
            }
        }
        _ => {
            for (i, a) in articles.iter().enumerate() {
                let row = gkg_row(
                    gaz,
                    a,
                    i + 1,
                    tones.get(a.id.as_str()).copied().unwrap_or_default(),
                );
                writeln!(out, "{}", row.join("\t"))?;
                stats.rows += 1;
            }
        }
    }
    Ok(stats)
}

pub fn events_row(
    gaz: &Gazetteer,
    id: u64,
    m: &MergedEvent,
    tones: &HashMap<&str, Tone>,
) -> Vec<String> {
    let (a, e) = m.first;
    let date = event_date(a, e);
    let mut r: Vec<String> = vec![id.to_string()];
    match date {
        Some(d) => r.extend([
            d.format("%Y%m%d").to_string(),
            d.format("%Y%m").to_string(),
            d.year().to_string(),
            fraction_date(d),
        ]),
        None => r.extend([String::new(), String::new(), String::new(), String::new()]),
    }
    r.extend(actor_cols(gaz, a, e.source.as_deref()));
    r.extend(actor_cols(gaz, a, e.target.as_deref()));
    // Root event: coded from the lead (title, standfirst or first paragraph).
    let lead_end = a
        .text
        .split("\n\n")
        .take(2)
        .map(|p| p.chars().count() + 2)
        .sum::<usize>() as i64;
    r.push(if e.start < lead_end { "1" } else { "0" }.into());
    let code = clean(&e.code, &[]);
    r.push(code.clone());
    r.push(code.get(..3).unwrap_or(&code).to_string());
    r.push(code.get(..2).unwrap_or(&code).to_string());
    // The store's QuadClass is GDELT's table (`newsgraph_dict::cameo`);
    // GDELT has no class 0, so a code outside the roots counts as 1.
    r.push(e.quad_class.clamp(1, 4).to_string());
    r.push(format!("{:.1}", e.goldstein.clamp(-10.0, 10.0)));
    let n_articles = {
        let mut ids: Vec<&str> = m.mentions.iter().map(|(a, _)| a.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    let n_sources = {
        let mut s: Vec<String> = m.mentions.iter().map(|(a, _)| domain(a)).collect();
        s.sort();
        s.dedup();
        s.len()
    };
    r.push(m.mentions.len().to_string());
    r.push(n_sources.to_string());
    r.push(n_articles.to_string());
    let avg = m
        .mentions
        .iter()
        .map(|(a, _)| tones.get(a.id.as_str()).map_or(0.0, |t| t.tone))
        .sum::<f64>()
        / m.mentions.len().max(1) as f64;
    r.push(fmt_float(avg));
    // Actor geography: the actor's country; action: the event's place.
    let country_geo = |code: Option<&str>| {
        let c = code.and_then(|c| actor_country(gaz, c))?;
        let idx = gaz.countries().iter().position(|x| x.cameo == c)?;
        let ce = gaz.country_entry(idx as u16)?;
        Some((gaz.gdelt_geo(ce), ce.lat, ce.lon))
    };
    r.extend(geo_cols(country_geo(e.source.as_deref()).as_ref(), true));
    r.extend(geo_cols(country_geo(e.target.as_deref()).as_ref(), true));
    let action = action_place(a, e).and_then(|p| place_geo(gaz, p));
    r.extend(geo_cols(action.as_ref(), true));
    r.push(batch_time(a));
    r.push(identifier(a));
    r
}

pub fn mentions_row(
    id: u64,
    event_time: &str,
    a: &ArticleRec,
    e: &EventRec,
    tone: Tone,
) -> Vec<String> {
    let in_span = |code: Option<&str>| {
        code.and_then(|c| a.entities.iter().find(|x| x.actor.as_deref() == Some(c)))
            .and_then(|x| {
                x.mentions
                    .iter()
                    .find(|(s, t)| *s >= e.start && *t <= e.end)
            })
            .map_or(-1, |(s, _)| *s)
    };
    vec![
        id.to_string(),
        event_time.to_string(),
        batch_time(a),
        "1".into(),
        domain(a),
        identifier(a),
        sentence_id(&a.text, e.start).to_string(),
        in_span(e.source.as_deref()).to_string(),
        in_span(e.target.as_deref()).to_string(),
        e.start.to_string(),
        "1".into(),
        confidence(e).to_string(),
        a.text.chars().count().to_string(),
        fmt_float(tone.tone),
        String::new(),
        String::new(),
    ]
}

pub fn gkg_row(gaz: &Gazetteer, a: &ArticleRec, n: usize, tone: Tone) -> Vec<String> {
    let date = batch_time(a);
    let amounts = text::amounts(&a.text);
    let themes = text::themes(&a.text);
    // Locations: one enhanced block per mention, V1 deduplicated by name.
    let mut v1_locs: Vec<String> = Vec::new();
    let mut v2_locs: Vec<String> = Vec::new();
    let mut first_loc: Option<Vec<String>> = None;
    for p in &a.places {
        let Some(g) = place_geo(gaz, p) else { continue };
        let cols = geo_cols(Some(&g), false);
        if cols[0] == "0" {
            continue;
        }
        let v1 = cols.join("#");
        if !v1_locs.contains(&v1) {
            v1_locs.push(v1);
        }
        first_loc.get_or_insert_with(|| cols.clone());
        let with_adm2 = geo_cols(Some(&g), true).join("#");
        for (s, _) in &p.mentions {
            v2_locs.push(format!("{with_adm2}#{s}"));
        }
    }
    // Counts: amounts next to a count verb, at the article's first location.
    let mut v1_counts = String::new();
    let mut v21_counts = String::new();
    for am in &amounts {
        if let Some(t) = text::count_type(&a.text, am) {
            let loc = first_loc
                .as_ref()
                .map_or("0######".to_string(), |c| c.join("#"));
            let obj = clean(&am.object, &['#', ';', ',']);
            v1_counts.push_str(&format!("{t}#{}#{obj}#{loc};", fmt_float(am.amount)));
            v21_counts.push_str(&format!(
                "{t}#{}#{obj}#{loc}#{};",
                fmt_float(am.amount),
                am.char_offset
            ));
        }
    }
    let mut v1_themes: Vec<&str> = Vec::new();
    for (t, _) in &themes {
        if !v1_themes.contains(&t.as_str()) {
            v1_themes.push(t);
        }
    }
    let names = |types: &[&str]| -> (String, String) {
        let mut v1: Vec<String> = Vec::new();
        let mut v2: Vec<String> = Vec::new();
        for e in a
            .entities
            .iter()
            .filter(|e| types.contains(&e.entity_type.as_str()))
        {
            let name = clean(&e.name, &[';', ',', '#']);
            if name.is_empty() {
                continue;
            }
            if !v1.contains(&name) {
                v1.push(name.clone());
            }
            for (s, _) in &e.mentions {
                v2.push(format!("{name},{s}"));
            }
        }
        (v1.join(";"), v2.join(";"))
    };
    let (v1_persons, v2_persons) = names(&["PERSON"]);
    let (v1_orgs, v2_orgs) = names(&["ORG"]);
    let (_, all_names) = names(&[
        "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "MISC",
    ]);
    let dates: Vec<String> = a
        .times
        .iter()
        .filter_map(|t| {
            let v = t.value.as_deref()?;
            let parts: Vec<&str> = v.split('-').collect();
            let num = |s: &str| s.parse::<u32>().ok();
            let block = match parts.as_slice() {
                [y, m, d] if num(y).is_some() => format!("3#{}#{}#{}", num(m)?, num(d)?, y),
                [y, m, d] if *y == "XXXX" => format!("4#{}#{}#0", num(m)?, num(d)?),
                [y, m] if num(y).is_some() && m.len() == 2 => format!("2#{}#0#{}", num(m)?, y),
                [y] if y.len() == 4 && num(y).is_some() => format!("1#0#0#{y}"),
                _ => return None,
            };
            Some(format!("{block}#{}", t.start))
        })
        .collect();
    let quotations: Vec<String> = a
        .quotes
        .iter()
        .map(|q| {
            let body = clean(&q.text, &['|', '#']);
            let verb = clean(q.cue.as_deref().unwrap_or(""), &['|', '#']);
            format!("{}|{}|{verb}|{body}", q.start, (q.end - q.start).max(0))
        })
        .collect();
    let amounts_field: String = amounts
        .iter()
        .map(|am| {
            format!(
                "{},{},{};",
                fmt_float(am.amount),
                clean(&am.object, &[',', ';']),
                am.char_offset
            )
        })
        .collect();
    let extras = a
        .title
        .as_deref()
        .map(|t| format!("<PAGE_TITLE>{}</PAGE_TITLE>", xml_escape(&clean(t, &[]))))
        .unwrap_or_default();
    vec![
        format!("{date}-{n}"),
        date,
        "1".into(),
        domain(a),
        identifier(a),
        v1_counts,
        v21_counts,
        v1_themes.iter().map(|t| format!("{t};")).collect(),
        themes.iter().map(|(t, o)| format!("{t},{o};")).collect(),
        v1_locs.join(";"),
        v2_locs.join(";"),
        v1_persons,
        v2_persons,
        v1_orgs,
        v2_orgs,
        tone.to_field(),
        dates.join(";"),
        format!("wc:{}", tone.word_count),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        quotations.join("#"),
        all_names,
        amounts_field,
        String::new(),
        extras,
    ]
}

/// GDELT's extras XML: markup characters escaped, non-ASCII as `&#x…;`.
fn xml_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&format!("&#x{:x};", c as u32)),
        }
    }
    out
}
