//! Geocoding: resolves the places an article mentions to GeoNames entries.
//!
//! Reads `entities` (GPE, LOC, FAC and NORP mentions; PERSON, ORG, EVENT and
//! MISC names veto overlapping candidates) and, whether or not entities are
//! present, capitalized word runs matched against the gazetteer. Writes
//! `places` (replacing what was there) and `warnings` of kind
//! `place_contained` for places the gazetteer lacks, which are kept and
//! located at the best containing place the article gives.
//!
//! Disambiguation uses a prior (countries over divisions over cities,
//! capitals and population), the article's context (countries and
//! divisions it mentions, "Atlanta, Georgia" qualifiers) and the nearest
//! earlier mention of the same name. Country names and demonyms resolve to
//! countries; alternate spellings of small foreign towns ("Khasan" for
//! Hassan, India) are accepted only when the article mentions that country.
//!
//! Invariants: no I/O besides the embedded gazetteer, no panics on any text.

mod format;
mod gazetteer;
mod key;
mod resolve;
mod scan;

pub use gazetteer::{
    name_key, Country, Gazetteer, GdeltGeo, GeoEntry, GeoError, PlaceKind, GAZETTEER_FORMAT,
};
pub use resolve::run;
