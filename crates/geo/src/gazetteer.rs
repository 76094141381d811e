//! The gazetteer: GeoNames countries, first-order divisions, cities and
//! continents, from the compact file `data/geo/gazetteer.tsv.gz` (written by
//! `data/geo/gen_gazetteer.py`, which documents the layout).
//!
//! The build script turns that file into the binary index of
//! [`crate::format`], which is embedded in the binary so geocoding works
//! offline with no setup. Loading decodes the entry records and the country
//! table and nothing else: name and id lookups binary-search the embedded
//! bytes, so start-up pays no hashing or parsing of the name index.

use crate::format::{self, BuildError};
use flate2::read::GzDecoder;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;

pub use crate::key::name_key;

/// The gazetteer TSV format this code reads. The generator writes it on the
/// first line; any other version is refused.
pub const GAZETTEER_FORMAT: u32 = format::TSV_FORMAT;

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

#[derive(thiserror::Error, Debug)]
pub enum GeoError {
    /// The gazetteer bytes are not a gzip stream or not UTF-8.
    #[error("gazetteer: cannot read: {0}")]
    Read(String),
    /// The first line does not name a supported format version.
    #[error("gazetteer: format version {found} is not supported (this newsgraph reads version {GAZETTEER_FORMAT})")]
    Version { found: String },
    /// A row has too few columns or a bad number.
    #[error("gazetteer: line {line}: {message}")]
    Row { line: usize, message: String },
    /// The binary index is truncated or from another format version.
    #[error("gazetteer: bad binary index: {0}")]
    Binary(String),
}

impl From<BuildError> for GeoError {
    fn from(e: BuildError) -> GeoError {
        match e {
            BuildError::Version(found) => GeoError::Version { found },
            BuildError::Row(line, message) => GeoError::Row { line, message },
        }
    }
}

/// The kind of a gazetteer entry, from its GeoNames feature class and code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Continent,
    Country,
    /// A first-order administrative division (state, province, oblast).
    Admin1,
    /// A populated place (city, town).
    City,
}

/// One gazetteer entry.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoEntry {
    pub geonames_id: u64,
    pub name: String,
    pub kind: PlaceKind,
    /// GeoNames feature class (`A`, `P`, `L`).
    pub feature_class: char,
    /// GeoNames feature code (`PCLI`, `ADM1`, `PPLC`, `PPLA`, `PPL`, `CONT`).
    pub feature_code: String,
    /// Index into [`Gazetteer::countries`]; `None` for continents.
    pub country: Option<u16>,
    /// GeoNames ADM1 code within the country (`59` for Primorye); `00` for countries.
    pub adm1: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// A country's codes: ISO 3166, FIPS 10-4 (GDELT locations) and CAMEO (GDELT actors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    pub iso2: String,
    pub iso3: String,
    pub fips: String,
    pub cameo: String,
    pub name: String,
}

/// How a name in the index relates to its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NameRef {
    pub entry: u32,
    /// The entry's main (or ASCII) name, not an alternate spelling.
    pub primary: bool,
    /// An all-capital short form (`US`, `DPRK`, `VVO`) that must match case exactly.
    pub exact_case: bool,
}

/// The loaded gazetteer.
pub struct Gazetteer {
    /// The binary index (see [`crate::format`]).
    data: Cow<'static, [u8]>,
    pub(crate) entries: Vec<GeoEntry>,
    pub(crate) countries: Vec<Country>,
    /// Country index → its country entry.
    country_entry: Vec<Option<u32>>,
    admin1: HashMap<(u16, String), u32>,
    by_iso2: HashMap<String, u16>,
    by_iso3: HashMap<String, u16>,
    /// `key_starts[p]`: the first key whose two-byte prefix bucket
    /// ([`prefix_bucket`]) is `p` or more, for the 65,536 buckets and one past
    /// them. A lookup binary-searches only its key's bucket: the same answer
    /// as searching every key (they are sorted and distinct), in about half
    /// the steps, and the first steps were the ones missing the cache.
    key_starts: Vec<u32>,
    n_refs: usize,
    keys_at: usize,
    refs_at: usize,
    ids_at: usize,
    pool_at: usize,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .field("countries", &self.countries.len())
            .field("names", &self.n_refs)
            .finish()
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The bucket of a key by its first two bytes, an absent byte counting as 0,
/// so buckets never decrease along the sorted keys.
fn prefix_bucket(key: &[u8]) -> usize {
    let byte = |i: usize| key.get(i).copied().unwrap_or(0) as usize;
    (byte(0) << 8) | byte(1)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8).map_or(0, |s| {
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        u64::from_le_bytes(a)
    })
}

impl Gazetteer {
    /// The gazetteer shipped inside the binary.
    pub fn embedded() -> Result<Gazetteer, GeoError> {
        Gazetteer::from_binary(Cow::Borrowed(EMBEDDED))
    }

    /// Reads a gazetteer from gzip-compressed TSV bytes in the format above.
    pub fn from_gzip(bytes: &[u8]) -> Result<Gazetteer, GeoError> {
        let mut text = String::new();
        GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| GeoError::Read(e.to_string()))?;
        Gazetteer::from_tsv(&text)
    }

    /// Parses the uncompressed TSV text.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GeoError> {
        Gazetteer::from_binary(Cow::Owned(format::build(text)?))
    }

    /// Loads the binary index: decodes countries and entries, checks that
    /// every section lies inside the bytes.
    fn from_binary(data: Cow<'static, [u8]>) -> Result<Gazetteer, GeoError> {
        let b: &[u8] = &data;
        let bad = |m: &str| GeoError::Binary(m.to_string());
        if b.len() < format::HEADER || &b[..4] != format::MAGIC {
            return Err(bad("not a newsgraph gazetteer index"));
        }
        if u32_at(b, 4) != format::BINARY_FORMAT {
            return Err(bad("binary format version differs; rebuild"));
        }
        let h = |i: usize| u32_at(b, 8 + 4 * i) as usize;
        let (n_countries, n_entries, n_keys, n_refs, pool_len) = (h(1), h(2), h(3), h(4), h(5));
        let countries_at = format::HEADER;
        let entries_at = countries_at + n_countries * format::COUNTRY;
        let keys_at = entries_at + n_entries * format::ENTRY;
        let refs_at = keys_at + n_keys * format::KEY;
        let ids_at = refs_at + n_refs * 4;
        let pool_at = ids_at + n_entries * 8;
        if pool_at + pool_len != b.len() {
            return Err(bad("section sizes do not add up"));
        }
        let pool = &b[pool_at..];
        let text = |at: usize| -> Result<&str, GeoError> {
            let (off, len) = (u32_at(b, at) as usize, u32_at(b, at + 4) as usize);
            pool.get(off..off + len)
                .and_then(|s| std::str::from_utf8(s).ok())
                .ok_or_else(|| bad("string outside the pool"))
        };
        let mut countries = Vec::with_capacity(n_countries);
        let mut by_iso2 = HashMap::with_capacity(n_countries);
        let mut by_iso3 = HashMap::with_capacity(n_countries);
        for i in 0..n_countries {
            let at = countries_at + i * format::COUNTRY;
            let c = Country {
                iso2: text(at)?.to_string(),
                iso3: text(at + 8)?.to_string(),
                fips: text(at + 16)?.to_string(),
                cameo: text(at + 24)?.to_string(),
                name: text(at + 32)?.to_string(),
            };
            by_iso2.insert(c.iso2.clone(), i as u16);
            by_iso3.insert(c.iso3.clone(), i as u16);
            countries.push(c);
        }
        let mut entries = Vec::with_capacity(n_entries);
        let mut country_entry = vec![None; n_countries];
        let mut admin1 = HashMap::new();
        for i in 0..n_entries {
            let at = entries_at + i * format::ENTRY;
            let country = u16::from_le_bytes([b[at + 4], b[at + 5]]);
            let country = (country != format::NO_COUNTRY && (country as usize) < n_countries)
                .then_some(country);
            let kind = match b[at + 7] {
                format::KIND_CONTINENT => PlaceKind::Continent,
                format::KIND_COUNTRY => PlaceKind::Country,
                format::KIND_ADMIN1 => PlaceKind::Admin1,
                _ => PlaceKind::City,
            };
            let e = GeoEntry {
                geonames_id: u32_at(b, at) as u64,
                name: text(at + 32)?.to_string(),
                kind,
                feature_class: b[at + 6] as char,
                feature_code: text(at + 40)?.to_string(),
                country,
                adm1: text(at + 48)?.to_string(),
                lat: f64::from_bits(u64_at(b, at + 8)),
                lon: f64::from_bits(u64_at(b, at + 16)),
                population: u64_at(b, at + 24),
            };
            if let Some(c) = country {
                match kind {
                    PlaceKind::Country => country_entry[c as usize] = Some(i as u32),
                    PlaceKind::Admin1 => {
                        admin1.insert((c, e.adm1.clone()), i as u32);
                    }
                    _ => {}
                }
            }
            entries.push(e);
        }
        // Filled in one pass; starts never decrease even for unsorted keys,
        // so a bad index can give wrong answers but never a bad range.
        let n_buckets = 1 << 16;
        let mut key_starts = Vec::with_capacity(n_buckets + 1);
        for i in 0..n_keys {
            let at = keys_at + i * format::KEY;
            let (off, len) = (u32_at(b, at) as usize, u32_at(b, at + 4) as usize);
            let bucket = prefix_bucket(pool.get(off..off + len).unwrap_or(&[]));
            while key_starts.len() <= bucket {
                key_starts.push(i as u32);
            }
        }
        key_starts.resize(n_buckets + 1, n_keys as u32);
        Ok(Gazetteer {
            entries,
            key_starts,
            countries,
            country_entry,
            admin1,
            by_iso2,
            by_iso3,
            n_refs,
            keys_at,
            refs_at,
            ids_at,
            pool_at,
            data,
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Number of (name, entry) pairs in the index.
    pub fn n_names(&self) -> usize {
        self.n_refs
    }
    pub fn entries(&self) -> &[GeoEntry] {
        &self.entries
    }
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }
    pub fn entry(&self, idx: u32) -> Option<&GeoEntry> {
        self.entries.get(idx as usize)
    }
    /// The entry with this GeoNames id.
    pub fn by_geonames_id(&self, id: u64) -> Option<&GeoEntry> {
        let id = u32::try_from(id).ok()?;
        let b: &[u8] = &self.data;
        let (mut lo, mut hi) = (0usize, self.entries.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = self.ids_at + mid * 8;
            match u32_at(b, at).cmp(&id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.entry(u32_at(b, at + 4)),
            }
        }
        None
    }
    pub fn country(&self, idx: u16) -> Option<&Country> {
        self.countries.get(idx as usize)
    }
    pub fn country_by_iso3(&self, iso3: &str) -> Option<&Country> {
        self.by_iso3.get(iso3).and_then(|&i| self.country(i))
    }
    pub fn country_by_iso2(&self, iso2: &str) -> Option<&Country> {
        self.by_iso2.get(iso2).and_then(|&i| self.country(i))
    }
    /// The country entry (with its centroid) of a country index.
    pub fn country_entry(&self, idx: u16) -> Option<&GeoEntry> {
        self.country_entry
            .get(idx as usize)
            .copied()
            .flatten()
            .and_then(|i| self.entry(i))
    }
    pub(crate) fn country_entry_index(&self, idx: u16) -> Option<u32> {
        self.country_entry.get(idx as usize).copied().flatten()
    }
    /// The first-order division an entry lies in, if the gazetteer has it.
    pub fn admin1_of(&self, e: &GeoEntry) -> Option<&GeoEntry> {
        self.admin1_index(e).and_then(|i| self.entry(i))
    }
    pub(crate) fn admin1_index(&self, e: &GeoEntry) -> Option<u32> {
        let c = e.country?;
        self.admin1.get(&(c, e.adm1.clone())).copied()
    }
    /// Entries whose name or alternate name folds to `key` (see [`name_key`]).
    pub(crate) fn lookup(&self, key: &str) -> Vec<NameRef> {
        let b: &[u8] = &self.data;
        let pool = &b[self.pool_at..];
        let key_at = |i: usize| {
            let at = self.keys_at + i * format::KEY;
            let (off, len) = (u32_at(b, at) as usize, u32_at(b, at + 4) as usize);
            pool.get(off..off + len).unwrap_or(&[])
        };
        let bucket = prefix_bucket(key.as_bytes());
        let (mut lo, mut hi) = (
            self.key_starts[bucket] as usize,
            self.key_starts[bucket + 1] as usize,
        );
        while lo < hi {
            let mid = (lo + hi) / 2;
            match key_at(mid).cmp(key.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let at = self.keys_at + mid * format::KEY;
                    let (start, end) = (u32_at(b, at + 8) as usize, u32_at(b, at + 12) as usize);
                    return (start..end.min(self.n_refs))
                        .map(|r| u32_at(b, self.refs_at + r * 4))
                        .filter(|&v| ((v >> 2) as usize) < self.entries.len())
                        .map(|v| NameRef {
                            entry: v >> 2,
                            primary: v & 2 != 0,
                            exact_case: v & 1 != 0,
                        })
                        .collect();
                }
            }
        }
        Vec::new()
    }
    /// All entries named `name` (any spelling), most populous first.
    pub fn find(&self, name: &str) -> Vec<&GeoEntry> {
        let mut v: Vec<&GeoEntry> = self
            .lookup(&name_key(name))
            .iter()
            .filter_map(|r| self.entry(r.entry))
            .collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.population));
        v
    }

    /// GDELT geo fields for an entry: (Geo_Type, FullName, FIPS country,
    /// ADM1 code, FeatureID). Types follow GDELT: 1 country, 2 US state,
    /// 3 US city, 4 world city, 5 world state. ADM1 codes are FIPS country +
    /// GeoNames ADM1 code, which GeoNames keeps FIPS-based for most countries
    /// and postal for the US, as GDELT does. FeatureID is the GeoNames id
    /// (GDELT writes GNS/GNIS ids, which GeoNames does not carry).
    pub fn gdelt_geo(&self, e: &GeoEntry) -> GdeltGeo {
        let country = e.country.and_then(|c| self.country(c));
        let fips = country.map_or(String::new(), |c| c.fips.clone());
        let cname = country.map_or(String::new(), |c| c.name.clone());
        let is_us = country.is_some_and(|c| c.iso2 == "US");
        let adm1_name = self.admin1_of(e).map(|a| a.name.clone());
        match e.kind {
            PlaceKind::Continent => GdeltGeo {
                geo_type: 0,
                full_name: e.name.clone(),
                ..GdeltGeo::default()
            },
            PlaceKind::Country => GdeltGeo {
                geo_type: 1,
                full_name: e.name.clone(),
                country: fips.clone(),
                adm1: fips.clone(),
                feature_id: fips,
            },
            PlaceKind::Admin1 => GdeltGeo {
                geo_type: if is_us { 2 } else { 5 },
                full_name: format!("{}, {}", e.name, cname),
                adm1: format!("{fips}{}", e.adm1),
                feature_id: if is_us {
                    e.adm1.clone()
                } else {
                    e.geonames_id.to_string()
                },
                country: fips,
            },
            PlaceKind::City => {
                let full_name = match adm1_name {
                    Some(a) if a != e.name => format!("{}, {a}, {cname}", e.name),
                    _ => format!("{}, {cname}", e.name),
                };
                GdeltGeo {
                    geo_type: if is_us { 3 } else { 4 },
                    full_name,
                    adm1: if e.adm1.is_empty() || e.adm1 == "00" {
                        fips.clone()
                    } else {
                        format!("{fips}{}", e.adm1)
                    },
                    country: fips,
                    feature_id: e.geonames_id.to_string(),
                }
            }
        }
    }
}

/// The location fields GDELT writes for one place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GdeltGeo {
    pub geo_type: u8,
    pub full_name: String,
    /// FIPS 10-4 country code.
    pub country: String,
    pub adm1: String,
    pub feature_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const TINY: &str = "#newsgraph-gazetteer\t1\ttest\n\
K\tRU\tRUS\tRS\tRUS\tRussia\n\
K\tIN\tIND\tIN\tIND\tIndia\n\
E\t2017370\tA\tPCLI\tRU\t00\t60\t100\t144000000\tRussia\tRussian|Russian Federation\n\
E\t2017623\tA\tADM1\tRU\t59\t44\t133\t0\tPrimorye\t\n\
E\t2013348\tP\tPPLA\tRU\t59\t43.1\t131.9\t604901\tVladivostok\tWladiwostok\n\
E\t1270239\tP\tPPL\tIN\t19\t13.0\t76.1\t155006\tHassan\tKhasan\n";

    #[test]
    fn loads_tiny_and_indexes_alternates() {
        let g = Gazetteer::from_tsv(TINY).unwrap();
        assert_eq!(g.len(), 4);
        assert_eq!(g.find("WŁADIWOSTOK").len(), 0);
        assert_eq!(g.find("wladiwostok")[0].name, "Vladivostok");
        let v = g.by_geonames_id(2013348).unwrap();
        assert_eq!(g.admin1_of(v).unwrap().name, "Primorye");
        let geo = g.gdelt_geo(v);
        assert_eq!(geo.geo_type, 4);
        assert_eq!(geo.adm1, "RS59");
        assert_eq!(geo.full_name, "Vladivostok, Primorye, Russia");
        assert_eq!(
            g.gdelt_geo(g.by_geonames_id(2017370).unwrap()).feature_id,
            "RS"
        );
    }

    #[test]
    fn refuses_other_versions_and_bad_rows() {
        let err = Gazetteer::from_tsv("#newsgraph-gazetteer\t9\tx\n").unwrap_err();
        assert!(err.to_string().contains("version 9"));
        assert!(Gazetteer::from_tsv("garbage").is_err());
        let bad = format!("{TINY}E\tx\tP\tPPL\tRU\t1\t0\t0\t0\tX\t\n");
        assert!(matches!(
            Gazetteer::from_tsv(&bad),
            Err(GeoError::Row { .. })
        ));
        assert!(Gazetteer::from_gzip(b"not gzip").is_err());
    }

    #[test]
    fn keys_fold_case_and_marks() {
        assert_eq!(name_key("  São  Paulo "), "sao paulo");
        assert_eq!(name_key("Côte d’Ivoire"), "cote d'ivoire");
    }

    #[test]
    fn embedded_loads() {
        let g = Gazetteer::embedded().unwrap();
        assert!(g.len() > 30_000);
        let kp = g.find("Pyongyang");
        assert_eq!(g.country(kp[0].country.unwrap()).unwrap().iso3, "PRK");
    }
}
