//! The gazetteer: GeoNames countries, first-order divisions, cities and
//! continents, loaded from the compact file `data/geo/gazetteer.tsv.gz`
//! (written by `data/geo/gen_gazetteer.py`, which documents the layout).
//!
//! The file is embedded in the binary so geocoding works offline with no
//! setup; loading parses about 73,000 rows into flat vectors plus one name
//! index, which keeps start-up well under 100 ms in release builds.

use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::io::Read;
use unicode_normalization::UnicodeNormalization;

/// The gazetteer file format this code reads. The generator writes it on the
/// first line; any other version is refused.
pub const GAZETTEER_FORMAT: u32 = 1;

static EMBEDDED: &[u8] = include_bytes!("../../../data/geo/gazetteer.tsv.gz");

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
#[derive(Debug, Default)]
pub struct Gazetteer {
    pub(crate) entries: Vec<GeoEntry>,
    pub(crate) countries: Vec<Country>,
    pub(crate) names: HashMap<String, Vec<NameRef>>,
    by_id: HashMap<u64, u32>,
    /// Country index → its country entry.
    country_entry: Vec<Option<u32>>,
    admin1: HashMap<(u16, String), u32>,
    by_iso2: HashMap<String, u16>,
    by_iso3: HashMap<String, u16>,
    n_names: usize,
}

/// Folds a name to its index key: NFD with combining marks dropped, lower
/// case, curly apostrophes straightened and whitespace collapsed, so that
/// "Łódź", "Lodz" and "LODZ" meet where GeoNames lists both spellings.
pub fn name_key(s: &str) -> String {
    if s.is_ascii() {
        // Most names: no marks to strip, so skip the NFD pass.
        let mut out = String::with_capacity(s.len());
        for w in s.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            for b in w.bytes() {
                out.push(match b {
                    b'`' => '\'',
                    b => b.to_ascii_lowercase() as char,
                });
            }
        }
        return out;
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            '\u{2010}'..='\u{2013}' => out.push('-'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn is_short_caps(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 4 && !s.chars().any(|c| c.is_lowercase())
}

impl Gazetteer {
    /// The gazetteer shipped inside the binary.
    pub fn embedded() -> Result<Gazetteer, GeoError> {
        Gazetteer::from_gzip(EMBEDDED)
    }

    /// Reads a gazetteer from gzip-compressed bytes in the format above.
    pub fn from_gzip(bytes: &[u8]) -> Result<Gazetteer, GeoError> {
        let mut text = String::new();
        GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| GeoError::Read(e.to_string()))?;
        Gazetteer::from_tsv(&text)
    }

    /// Parses the uncompressed TSV text.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GeoError> {
        let mut lines = text.lines();
        let header = lines.next().unwrap_or("");
        let mut h = header.split('\t');
        let version = h.nth(1).unwrap_or("").to_string();
        if !header.starts_with("#newsgraph-gazetteer")
            || version.parse::<u32>().ok() != Some(GAZETTEER_FORMAT)
        {
            return Err(GeoError::Version { found: version });
        }
        let mut g = Gazetteer::default();
        for (i, line) in lines.enumerate() {
            let n = i + 2;
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |message: &str| GeoError::Row {
                line: n,
                message: message.to_string(),
            };
            match cols.first().copied() {
                Some("K") if cols.len() >= 6 => {
                    let idx = g.countries.len() as u16;
                    g.by_iso2.insert(cols[1].to_string(), idx);
                    g.by_iso3.insert(cols[2].to_string(), idx);
                    g.countries.push(Country {
                        iso2: cols[1].to_string(),
                        iso3: cols[2].to_string(),
                        fips: cols[3].to_string(),
                        cameo: cols[4].to_string(),
                        name: cols[5].to_string(),
                    });
                    g.country_entry.push(None);
                }
                Some("E") if cols.len() >= 11 => {
                    let num = |s: &str, what: &str| -> Result<f64, GeoError> {
                        s.parse::<f64>().map_err(|_| bad(what))
                    };
                    let code = cols[3];
                    let class = cols[2].chars().next().unwrap_or('P');
                    let kind = match (class, code) {
                        ('L', _) => PlaceKind::Continent,
                        (_, "PCLI") => PlaceKind::Country,
                        (_, "ADM1") => PlaceKind::Admin1,
                        _ => PlaceKind::City,
                    };
                    let country = g.by_iso2.get(cols[4]).copied();
                    let entry = GeoEntry {
                        geonames_id: cols[1].parse().map_err(|_| bad("bad geonames id"))?,
                        name: cols[9].to_string(),
                        kind,
                        feature_class: class,
                        feature_code: code.to_string(),
                        country,
                        adm1: cols[5].to_string(),
                        lat: num(cols[6], "bad latitude")?,
                        lon: num(cols[7], "bad longitude")?,
                        population: cols[8].parse().unwrap_or(0),
                    };
                    let idx = g.entries.len() as u32;
                    if let Some(c) = country {
                        match kind {
                            PlaceKind::Country => g.country_entry[c as usize] = Some(idx),
                            PlaceKind::Admin1 => {
                                g.admin1.insert((c, entry.adm1.clone()), idx);
                            }
                            _ => {}
                        }
                    }
                    g.by_id.entry(entry.geonames_id).or_insert(idx);
                    g.add_name(&entry.name, idx, true);
                    for alt in cols[10].split('|').filter(|a| !a.is_empty()) {
                        g.add_name(alt, idx, false);
                    }
                    g.entries.push(entry);
                }
                _ if line.is_empty() || line.starts_with('#') => {}
                _ => return Err(bad("unknown row")),
            }
        }
        Ok(g)
    }

    fn add_name(&mut self, name: &str, entry: u32, primary: bool) {
        let key = name_key(name);
        if key.is_empty() {
            return;
        }
        let list = self.names.entry(key).or_default();
        if list.iter().any(|r| r.entry == entry) {
            return;
        }
        list.push(NameRef {
            entry,
            primary,
            exact_case: is_short_caps(name),
        });
        self.n_names += 1;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Number of (name, entry) pairs in the index.
    pub fn n_names(&self) -> usize {
        self.n_names
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
        self.by_id.get(&id).and_then(|&i| self.entry(i))
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
        let c = e.country?;
        self.admin1
            .get(&(c, e.adm1.clone()))
            .and_then(|&i| self.entry(i))
    }
    /// Entries whose name or alternate name folds to `key` (see [`name_key`]).
    pub(crate) fn lookup(&self, key: &str) -> &[NameRef] {
        self.names.get(key).map_or(&[], |v| v.as_slice())
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
