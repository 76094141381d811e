//! Entities: NER spans clustered into one entity per real-world referent.
//!
//! Reads `tokens`, `sentences` (and nothing from the tagger, so it works
//! before or without it); writes `entities` and pushes `name_mismatch`
//! warnings. Steps, all within one article:
//!
//! 1. [`mentions`]: the recognizer's spans, with person names cleaned up (a
//!    title in the span moves out of it, a regnal number joins it) and the
//!    words around each name read for titles ("Foreign Minister Lavrov"),
//!    nationalities ("Russian President Putin") and possessives.
//!    Before that, [`titles`] splits offices glued to names ("Minister of
//!    National Defense Kim Yong-hyun": the office is the role, the ministry
//!    the affiliation, no entity of its own) and particles join names
//!    ("Mohammed bin Salman", "Moqtada al-Sadr").
//! 2. [`cluster`]: names grouped into entities — a surname or a first token
//!    ("Peskov", "Kim") joins the fuller name it belongs to, spelling
//!    variants and regnal numbers join with a warning.
//! 3. [`describe`]: appositions, relative clauses and role-noun descriptions
//!    ("Dmitry Peskov, the Press Secretary of …", "the North Korean leader")
//!    give roles, affiliations and description mentions.
//!
//! Invariant: every mention span lies on token boundaries of this document,
//! and every entity has at least one `Name` mention.

mod cluster;
mod describe;
mod mentions;
mod titles;

use newsgraph_doc::{Document, Entity, EntityType, Mention, MentionKind, Span};
use newsgraph_nlp::ner::gazetteer::Gazetteer;
use newsgraph_nlp::ner::{NerModel, NerSpan};

/// One entity under construction.
#[derive(Clone, Debug)]
pub(crate) struct Cluster {
    pub entity_type: EntityType,
    /// Indexes into the mention list, in text order.
    pub mentions: Vec<usize>,
    /// Name words of the fullest form seen so far.
    pub name: Vec<String>,
    /// That form as written in the text.
    pub text: String,
    pub roles: Vec<String>,
    pub affiliations: Vec<String>,
    /// Country codes the article ties the entity to (from affiliations and
    /// nationality words), to resolve "the Russian leader".
    pub countries: Vec<String>,
    pub descriptions: Vec<Span>,
}

impl Cluster {
    pub(crate) fn add_role(&mut self, role: &str) {
        let role = role.trim();
        if !role.is_empty() && !self.roles.iter().any(|r| r.eq_ignore_ascii_case(role)) {
            self.roles.push(role.to_string());
        }
    }
    pub(crate) fn add_affiliation(&mut self, name: &str, country: Option<&str>) {
        let name = name.trim();
        if !name.is_empty() && !self.affiliations.iter().any(|a| a == name) {
            self.affiliations.push(name.to_string());
        }
        if let Some(c) = country {
            if !self.countries.iter().any(|x| x == c) {
                self.countries.push(c.to_string());
            }
        }
    }
}

/// Runs NER over the document and fills `doc.entities` with one entity per
/// referent; pushes a `name_mismatch` warning for each name that disagrees
/// with another form of the same name.
pub fn run(doc: &mut Document, ner: &NerModel) {
    let spans = ner.recognize(doc);
    run_with_spans(doc, &spans);
}

/// The clustering half of [`run`], over given name spans.
pub(crate) fn run_with_spans(doc: &mut Document, spans: &[NerSpan]) {
    let gaz = Gazetteer::embedded();
    let mut ms = mentions::build(doc, spans, gaz);
    let mut warnings = Vec::new();
    let mut clusters = cluster::cluster(doc, &mut ms, gaz, &mut warnings);
    describe::describe(doc, &ms, &mut clusters, gaz);
    doc.entities = clusters
        .into_iter()
        .filter(|c| !c.mentions.is_empty())
        .map(|c| {
            let mut mentions: Vec<Mention> = c
                .mentions
                .iter()
                .map(|&i| Mention {
                    span: ms[i].span,
                    kind: MentionKind::Name,
                })
                .chain(c.descriptions.iter().map(|&span| Mention {
                    span,
                    kind: MentionKind::Description,
                }))
                .collect();
            mentions.sort_by_key(|m| m.span);
            mentions.dedup_by_key(|m| m.span);
            Entity {
                name: c.text,
                entity_type: c.entity_type,
                actor: None,
                roles: c.roles,
                affiliations: c.affiliations,
                mentions,
            }
        })
        .collect();
    doc.entities.sort_by_key(|e| e.first_span());
    doc.warnings.extend(warnings);
}

#[cfg(test)]
mod tests;
