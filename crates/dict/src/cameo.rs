//! The CAMEO event table (label, Goldstein score, QuadClass) and our
//! CAMEO→PLOVER mapping.
//!
//! `cameo.tsv`: `code<TAB>goldstein<TAB>GDELT label`, one row per CAMEO code.
//! `plover.tsv`: `code prefix<TAB>PLOVER event<TAB>mode`; the longest prefix
//! of a code decides, and an empty event means no PLOVER event.
//! QuadClass follows GDELT (docs/gdelt-export.md): roots 01–05 verbal
//! cooperation (1), 06–09 material cooperation (2), 10–14 verbal conflict
//! (3), 15–20 material conflict (4). [`QUAD_CLASS_ROOTS`] is the one copy
//! of that table: the coder, the store (its SQL and its upgrade of older
//! files) and every export read it.

use crate::hash::FxHashMap;

/// What the table says about one CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoInfo {
    pub label: String,
    pub goldstein: f32,
    pub quad_class: u8,
}

/// A PLOVER event type and mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PloverInfo {
    pub event: String,
    pub mode: String,
}

#[derive(Clone, Debug, Default)]
pub struct CameoTable {
    codes: FxHashMap<String, CameoInfo>,
    plover: FxHashMap<String, Option<PloverInfo>>,
}

/// GDELT's QuadClass per range of CAMEO root codes: (first root, last
/// root, QuadClass). Roots outside 01–20 have none (0).
pub const QUAD_CLASS_ROOTS: [(u8, u8, u8); 4] = [(1, 5, 1), (6, 9, 2), (10, 14, 3), (15, 20, 4)];

/// GDELT's QuadClass of a CAMEO code (0 when the root is not 01–20).
pub fn quad_class(code: &str) -> u8 {
    let Some(root) = code.get(..2).and_then(|r| r.parse::<u8>().ok()) else {
        return 0;
    };
    QUAD_CLASS_ROOTS
        .iter()
        .find(|&&(first, last, _)| (first..=last).contains(&root))
        .map_or(0, |&(_, _, quad)| quad)
}

impl CameoTable {
    pub fn len(&self) -> usize {
        self.codes.len()
    }
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
    /// The row for a code; a code missing from the table (a dictionary can
    /// use finer codes) falls back to its nearest listed prefix.
    pub fn get(&self, code: &str) -> Option<&CameoInfo> {
        (2..=code.len())
            .rev()
            .find_map(|n| code.get(..n).and_then(|p| self.codes.get(p)))
    }
    /// The PLOVER event for a CAMEO code, if it has one.
    pub fn plover(&self, code: &str) -> Option<&PloverInfo> {
        (2..=code.len())
            .rev()
            .find_map(|n| code.get(..n).and_then(|p| self.plover.get(p)))
            .and_then(Option::as_ref)
    }

    pub fn parse(cameo: &str, plover: &str) -> CameoTable {
        let mut t = CameoTable::default();
        for line in cameo.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(code), Some(g), label) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            t.codes.insert(
                code.to_string(),
                CameoInfo {
                    label: label.unwrap_or("").to_string(),
                    goldstein: g.parse().unwrap_or(0.0),
                    quad_class: quad_class(code),
                },
            );
        }
        for line in plover.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let Some(prefix) = cols.next().filter(|p| !p.is_empty()) else {
                continue;
            };
            let event = cols.next().unwrap_or("").trim();
            let mode = cols.next().unwrap_or("").trim();
            let info = (!event.is_empty()).then(|| PloverInfo {
                event: event.to_string(),
                mode: mode.to_string(),
            });
            t.plover.insert(prefix.to_string(), info);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 23, item 1: roots 05, 09 and 14 were classed one step too far.
    #[test]
    fn issue_23_quad_class_of_every_root_follows_gdelt() {
        let expected = [1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4];
        for (i, &quad) in expected.iter().enumerate() {
            let root = format!("{:02}", i + 1);
            assert_eq!(quad_class(&root), quad, "root {root}");
            assert_eq!(quad_class(&format!("{root}1")), quad, "code {root}1");
        }
        assert_eq!(quad_class("00"), 0);
        assert_eq!(quad_class("21"), 0);
    }

    #[test]
    fn quad_classes_and_prefixes() {
        assert_eq!(quad_class("042"), 1);
        assert_eq!(quad_class("0874"), 2);
        assert_eq!(quad_class("112"), 3);
        assert_eq!(quad_class("20"), 4);
        assert_eq!(quad_class("x"), 0);
        let t = CameoTable::parse(
            "042\t1.9\tMake a visit\n",
            "04\tCONSULT\t\n042\tCONSULT\tvisit\n01\t\t\n",
        );
        assert_eq!(t.get("0421").unwrap().goldstein, 1.9);
        assert_eq!(t.plover("042").unwrap().mode, "visit");
        assert_eq!(t.plover("040").unwrap().mode, "");
        assert_eq!(t.plover("010"), None);
    }
}
