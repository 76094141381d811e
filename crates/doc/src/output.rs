//! The `--json` contract: one object per article, as documented in
//! `docs/json-contract.md`. Field names here are fixed because other tools
//! read them; add fields, never rename them.
//!
//! Offsets in the JSON are Unicode scalar (character) offsets, not bytes, so
//! that Python, JavaScript and Java users can slice the text directly.

use crate::{Document, Span};
use serde::Serialize;

/// Converts byte offsets in one text to character offsets.
pub struct CharOffsets {
    /// Byte offset of every 64th character, for a short scan per lookup.
    checkpoints: Vec<u32>,
    ascii: bool,
}

impl CharOffsets {
    const STRIDE: usize = 64;

    pub fn new(text: &str) -> CharOffsets {
        let ascii = text.is_ascii();
        let checkpoints = if ascii {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(Self::STRIDE)
                .map(|(b, _)| b as u32)
                .collect()
        };
        CharOffsets { checkpoints, ascii }
    }

    /// Character offset of byte offset `byte` in `text` (which must be the
    /// text this was built from). A byte offset inside a character counts as
    /// that character's start.
    pub fn char_of(&self, text: &str, byte: u32) -> usize {
        if self.ascii {
            return byte as usize;
        }
        let k = self
            .checkpoints
            .partition_point(|&b| b <= byte)
            .saturating_sub(1);
        let base = self.checkpoints.get(k).copied().unwrap_or(0) as usize;
        let end = (byte as usize).min(text.len());
        k * Self::STRIDE + text.get(base..end).map_or(0, |s| s.chars().count())
    }
}

#[derive(Serialize, Debug, Clone)]
pub struct SpanJson {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize, Debug, Clone)]
pub struct PublishedJson {
    pub date: Option<String>,
    pub basis: &'static str,
    pub evidence: Vec<String>,
}

#[derive(Serialize, Debug, Clone)]
pub struct EntityJson {
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: &'static str,
    pub actor: Option<String>,
    pub roles: Vec<String>,
    pub affiliations: Vec<String>,
    pub mentions: Vec<SpanJson>,
}

#[derive(Serialize, Debug, Clone)]
pub struct QuoteJson {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: &'static str,
    /// The canonical name of the speaker entity, or the description used.
    pub speaker: Option<String>,
    /// The words naming the speaker where the quote is attributed ("the
    /// prime minister", "she"), with their offsets.
    pub speaker_mention: Option<SpanJson>,
    /// Index into `entities` of the speaker, when it is one.
    pub speaker_entity: Option<usize>,
    pub cue: Option<String>,
}

#[derive(Serialize, Debug, Clone)]
pub struct TimeJson {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub timex_type: &'static str,
    pub value: Option<String>,
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
}

#[derive(Serialize, Debug, Clone)]
pub struct PlaceJson {
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonames_id: Option<u64>,
    pub mentions: Vec<SpanJson>,
    pub feature_class: Option<String>,
    pub feature_code: Option<String>,
    pub fips: Option<String>,
    pub adm1: Option<String>,
    pub contained_in: Option<u64>,
}

#[derive(Serialize, Debug, Clone)]
pub struct EventJson {
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub date: Option<String>,
    pub place: Option<String>,
    pub modality: &'static str,
    pub modality_cues: Vec<String>,
    pub evidence: SpanJson,
    /// CAMEO base (3-digit) and root (2-digit) codes.
    pub base_code: String,
    pub root_code: String,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    pub pattern: Option<String>,
    pub source_name: Option<String>,
    pub target_name: Option<String>,
    /// The event scorer's confidence, 0–1 (two decimals).
    pub confidence: f32,
}

#[derive(Serialize, Debug, Clone)]
pub struct WarningJson {
    pub kind: String,
    pub message: String,
    pub spans: Vec<SpanJson>,
}

/// One article in the JSON contract.
#[derive(Serialize, Debug, Clone)]
pub struct ArticleJson {
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub origin: String,
    pub published: PublishedJson,
    pub entities: Vec<EntityJson>,
    pub quotes: Vec<QuoteJson>,
    pub times: Vec<TimeJson>,
    pub places: Vec<PlaceJson>,
    pub events: Vec<EventJson>,
    pub warnings: Vec<WarningJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl ArticleJson {
    pub fn from_document(doc: &Document, with_text: bool) -> ArticleJson {
        let text = doc.text();
        let offsets = CharOffsets::new(text);
        let span = |s: Span| SpanJson {
            text: doc.span_text(s).to_string(),
            start: offsets.char_of(text, s.start),
            end: offsets.char_of(text, s.end),
        };
        let a = &doc.article;
        ArticleJson {
            id: a.id.clone(),
            title: a.title_text().map(str::to_string),
            source: a.source.clone(),
            url: a.url.clone(),
            byline: a.byline.clone(),
            origin: a.origin.clone(),
            published: PublishedJson {
                date: a.published.date.map(|d| d.format("%Y-%m-%d").to_string()),
                basis: a.published.basis.as_str(),
                evidence: a.published.evidence.clone(),
            },
            entities: doc
                .entities
                .iter()
                .map(|e| EntityJson {
                    name: e.name.clone(),
                    entity_type: e.entity_type.as_str(),
                    actor: e.actor.clone(),
                    roles: e.roles.clone(),
                    affiliations: e.affiliations.clone(),
                    mentions: e.mentions.iter().map(|m| span(m.span)).collect(),
                })
                .collect(),
            quotes: doc
                .quotes
                .iter()
                .map(|q| {
                    let s = span(q.span);
                    QuoteJson {
                        text: s.text,
                        start: s.start,
                        end: s.end,
                        kind: match q.kind {
                            crate::QuoteKind::Direct => "direct",
                            crate::QuoteKind::Indirect => "indirect",
                            crate::QuoteKind::Mixed => "mixed",
                        },
                        speaker: q.speaker.clone(),
                        speaker_mention: q.speaker_span.map(span),
                        speaker_entity: q.speaker_entity.filter(|&e| e < doc.entities.len()),
                        cue: q.cue.clone(),
                    }
                })
                .collect(),
            times: doc
                .times
                .iter()
                .map(|t| {
                    let s = span(t.span);
                    TimeJson {
                        text: s.text,
                        start: s.start,
                        end: s.end,
                        timex_type: t.timex_type.as_str(),
                        value: t.value.clone(),
                        modifier: t.modifier.clone(),
                    }
                })
                .collect(),
            places: doc
                .places
                .iter()
                .map(|p| PlaceJson {
                    name: p.name.clone(),
                    country: p.country.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    geonames_id: p.geonames_id,
                    mentions: p.mentions.iter().map(|&m| span(m)).collect(),
                    feature_class: p.feature_class.clone(),
                    feature_code: p.feature_code.clone(),
                    fips: p.fips.clone(),
                    adm1: p.adm1.clone(),
                    contained_in: p.contained_in,
                })
                .collect(),
            events: doc
                .events
                .iter()
                .map(|e| EventJson {
                    source: e.source.clone(),
                    target: e.target.clone(),
                    code: e.code.clone(),
                    quad_class: e.quad_class,
                    goldstein: e.goldstein,
                    date: e.date.map(|d| d.format("%Y-%m-%d").to_string()),
                    place: e.place.clone(),
                    modality: e.modality.as_str(),
                    modality_cues: e.modality_cues.clone(),
                    evidence: span(e.evidence),
                    base_code: e.code.get(..3).unwrap_or(&e.code).to_string(),
                    root_code: e.code.get(..2).unwrap_or(&e.code).to_string(),
                    plover: e.plover.clone(),
                    plover_mode: e.plover_mode.clone(),
                    pattern: e.pattern.clone(),
                    source_name: e.source_name.clone(),
                    target_name: e.target_name.clone(),
                    // Two decimals: the scorer is no surer than that, and
                    // the JSON stays readable.
                    confidence: (e.confidence * 100.0).round() / 100.0,
                })
                .collect(),
            warnings: doc
                .warnings
                .iter()
                .map(|w| WarningJson {
                    kind: w.kind.clone(),
                    message: w.message.clone(),
                    spans: w.spans.iter().map(|&s| span(s)).collect(),
                })
                .collect(),
            text: with_text.then(|| text.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_match_char_indices() {
        let text = "é".repeat(100) + "abc – “quoted” ü" + &"x".repeat(70);
        let co = CharOffsets::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(co.char_of(&text, bi as u32), ci, "byte {bi}");
        }
        assert_eq!(co.char_of(&text, text.len() as u32), text.chars().count());
        let ascii = CharOffsets::new("plain");
        assert_eq!(ascii.char_of("plain", 3), 3);
    }
}
