//! The binary gazetteer index: written from the gazetteer TSV (by the build
//! script for the embedded copy, in memory for any other), read in place.
//!
//! Parsing the TSV and hashing 130,000+ names took about 400 ms, most of
//! newsgraph's start-up. The binary form is laid out so loading only decodes
//! the entry records: names are looked up by binary search over a sorted
//! key table, and GeoNames ids over a sorted id table, both read straight
//! from the bytes.
//!
//! Layout, all integers little-endian, strings as (offset, length) into a
//! pool of UTF-8 bytes at the end (equal strings are stored once):
//!
//! ```text
//! header   magic "NGGZ", u32 BINARY_FORMAT, u32 TSV format,
//!          u32 n_countries, n_entries, n_keys, n_refs, pool_len
//! country  n_countries × 5 strings: iso2 iso3 fips cameo name       (40 B)
//! entry    n_entries × { u32 geonames id, u16 country (FFFF none),
//!          u8 feature class, u8 kind, f64 lat, f64 lon, u64 population,
//!          strings name, feature code, adm1 }                        (56 B)
//! key      n_keys × { string key, u32 refs start, u32 refs end },
//!          sorted by key bytes                                       (16 B)
//! ref      n_refs × u32: entry << 2 | primary << 1 | exact_case
//! id       n_entries × { u32 geonames id, u32 entry }, sorted by id
//! pool     pool_len bytes
//! ```

use crate::key::{is_short_caps, name_key};
use std::collections::HashMap;

pub const MAGIC: &[u8; 4] = b"NGGZ";
/// The binary layout above; bump on any change.
pub const BINARY_FORMAT: u32 = 1;
/// The gazetteer TSV format the builder reads (`data/geo/gen_gazetteer.py`).
pub const TSV_FORMAT: u32 = 1;

pub const HEADER: usize = 32;
pub const COUNTRY: usize = 40;
pub const ENTRY: usize = 56;
pub const KEY: usize = 16;
pub const NO_COUNTRY: u16 = u16::MAX;

pub const KIND_CONTINENT: u8 = 0;
pub const KIND_COUNTRY: u8 = 1;
pub const KIND_ADMIN1: u8 = 2;
pub const KIND_CITY: u8 = 3;

/// Why TSV text could not be turned into the binary index.
#[derive(Debug)]
pub enum BuildError {
    /// The first line does not name the supported TSV format version.
    Version(String),
    /// A row is malformed (1-based line number, reason).
    Row(usize, String),
}

/// One name's entries: (entry, primary, exact case).
type NameRefs = Vec<(u32, bool, bool)>;

#[derive(Default)]
struct Pool {
    bytes: Vec<u8>,
    seen: HashMap<String, u32>,
}

impl Pool {
    fn add(&mut self, s: &str) -> (u32, u32) {
        if let Some(&off) = self.seen.get(s) {
            return (off, s.len() as u32);
        }
        let off = self.bytes.len() as u32;
        self.bytes.extend_from_slice(s.as_bytes());
        self.seen.insert(s.to_string(), off);
        (off, s.len() as u32)
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: (u32, u32)) {
    put_u32(out, s.0);
    put_u32(out, s.1);
}

/// Builds the binary index from the gazetteer TSV text.
pub fn build(text: &str) -> Result<Vec<u8>, BuildError> {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("");
    let version = header.split('\t').nth(1).unwrap_or("").to_string();
    if !header.starts_with("#newsgraph-gazetteer")
        || version.parse::<u32>().ok() != Some(TSV_FORMAT)
    {
        return Err(BuildError::Version(version));
    }
    let mut pool = Pool::default();
    let mut countries: Vec<u8> = Vec::new();
    let mut n_countries = 0u32;
    let mut by_iso2: HashMap<String, u16> = HashMap::new();
    let mut entries: Vec<u8> = Vec::new();
    let mut ids: Vec<(u32, u32)> = Vec::new();
    // key → (entry, primary, exact_case), in file order.
    let mut names: HashMap<String, NameRefs> = HashMap::new();
    let mut n_entries = 0u32;
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |m: &str| BuildError::Row(n, m.to_string());
        match cols.first().copied() {
            Some("K") if cols.len() >= 6 => {
                by_iso2.insert(cols[1].to_string(), n_countries as u16);
                for s in &cols[1..6] {
                    put_str(&mut countries, pool.add(s));
                }
                n_countries += 1;
            }
            Some("E") if cols.len() >= 11 => {
                let num = |s: &str, what: &str| s.parse::<f64>().map_err(|_| bad(what));
                let id: u32 = cols[1].parse().map_err(|_| bad("bad geonames id"))?;
                let class = cols[2].bytes().next().unwrap_or(b'P');
                let code = cols[3];
                let kind = match (class, code) {
                    (b'L', _) => KIND_CONTINENT,
                    (_, "PCLI") => KIND_COUNTRY,
                    (_, "ADM1") => KIND_ADMIN1,
                    _ => KIND_CITY,
                };
                let country = by_iso2.get(cols[4]).copied().unwrap_or(NO_COUNTRY);
                let lat = num(cols[6], "bad latitude")?;
                let lon = num(cols[7], "bad longitude")?;
                let population: u64 = cols[8].parse().unwrap_or(0);
                put_u32(&mut entries, id);
                entries.extend_from_slice(&country.to_le_bytes());
                entries.push(class);
                entries.push(kind);
                entries.extend_from_slice(&lat.to_le_bytes());
                entries.extend_from_slice(&lon.to_le_bytes());
                entries.extend_from_slice(&population.to_le_bytes());
                put_str(&mut entries, pool.add(cols[9]));
                put_str(&mut entries, pool.add(code));
                put_str(&mut entries, pool.add(cols[5]));
                let idx = n_entries;
                n_entries += 1;
                ids.push((id, idx));
                let mut add_name = |name: &str, primary: bool| {
                    let key = name_key(name);
                    if key.is_empty() {
                        return;
                    }
                    let list = names.entry(key).or_default();
                    if !list.iter().any(|r| r.0 == idx) {
                        list.push((idx, primary, is_short_caps(name)));
                    }
                };
                add_name(cols[9], true);
                for alt in cols[10].split('|').filter(|a| !a.is_empty()) {
                    add_name(alt, false);
                }
            }
            _ if line.is_empty() || line.starts_with('#') => {}
            _ => return Err(bad("unknown row")),
        }
    }
    let mut keys: Vec<(String, NameRefs)> = names.into_iter().collect();
    keys.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut key_table: Vec<u8> = Vec::new();
    let mut refs: Vec<u8> = Vec::new();
    let mut n_refs = 0u32;
    for (key, list) in &keys {
        put_str(&mut key_table, pool.add(key));
        put_u32(&mut key_table, n_refs);
        for &(entry, primary, exact) in list {
            put_u32(&mut refs, entry << 2 | (primary as u32) << 1 | exact as u32);
            n_refs += 1;
        }
        put_u32(&mut key_table, n_refs);
    }
    // The first entry with an id wins, as in a lookup table.
    ids.sort_by_key(|&(id, idx)| (id, idx));
    ids.dedup_by_key(|p| p.0);
    let mut id_table: Vec<u8> = Vec::new();
    for &(id, idx) in &ids {
        put_u32(&mut id_table, id);
        put_u32(&mut id_table, idx);
    }
    let mut out = Vec::with_capacity(
        HEADER + countries.len() + entries.len() + key_table.len() + refs.len() + id_table.len(),
    );
    out.extend_from_slice(MAGIC);
    for v in [
        BINARY_FORMAT,
        TSV_FORMAT,
        n_countries,
        n_entries,
        keys.len() as u32,
        n_refs,
        pool.bytes.len() as u32,
    ] {
        put_u32(&mut out, v);
    }
    out.extend_from_slice(&countries);
    out.extend_from_slice(&entries);
    out.extend_from_slice(&key_table);
    out.extend_from_slice(&refs);
    // Pad the id table so it has exactly one row per entry, as the header implies.
    let n_ids = ids.len();
    out.extend_from_slice(&id_table);
    for _ in n_ids..n_entries as usize {
        put_u32(&mut out, u32::MAX);
        put_u32(&mut out, u32::MAX);
    }
    out.extend_from_slice(&pool.bytes);
    Ok(out)
}
