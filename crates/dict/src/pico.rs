//! PICO, the PETRARCH Internal Coding Ontology (UniversalPetrarch): CAMEO
//! codes as 16-bit numbers whose top hex digit is a modal class (1 say,
//! 2 appeal, 3 intend, 4 demand, ...) and whose low digits are the content
//! (0x040 aid, 0x0A0 fight, ...). It is what lets a coder combine a verb of
//! verbs with its inner verb: "want" (0x3000) + "help" (0x0040) = 0x3040 =
//! 033 "express intent to provide material aid", and what negation means:
//! `-0xFFFF+0x0070` ("not" + material cooperation) = 121.
//!
//! Format: `CODE:VALUE` lines, VALUE `0xHHHH` or `-0xFFFF[+0xHHHH]`; entries
//! with other arithmetic (a `+0x300` mask, alternatives) are kept out of the
//! reverse tables, as upstream intends them not to be produced by combining.

use crate::hash::FxHashMap;

#[derive(Clone, Debug, Default)]
pub struct Pico {
    value: FxHashMap<String, u32>,
    by_value: FxHashMap<u32, String>,
    negated: FxHashMap<u32, String>,
}

fn hex(s: &str) -> Option<u32> {
    u32::from_str_radix(
        s.trim()
            .strip_prefix("0x")
            .or_else(|| s.trim().strip_prefix("0X"))?,
        16,
    )
    .ok()
}

impl Pico {
    pub fn len(&self) -> usize {
        self.value.len()
    }
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }
    pub fn parse(text: &str) -> Pico {
        let mut p = Pico::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((code, value)) = line.split_once(':').or_else(|| line.split_once('=')) else {
                continue;
            };
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let value = value.trim();
            if let Some(rest) = value.strip_prefix("-0xFFFF") {
                let content = match rest.strip_prefix('+') {
                    None if rest.is_empty() => Some(0),
                    Some(h) if !h.contains('+') => hex(h),
                    _ => None,
                };
                if let Some(c) = content {
                    p.negated.entry(c).or_insert_with(|| code.to_string());
                }
                continue;
            }
            if let Some(v) = hex(value).filter(|v| *v <= 0xFFFF) {
                p.value.insert(code.to_string(), v);
                p.by_value.entry(v).or_insert_with(|| code.to_string());
            }
        }
        p
    }
    /// The PICO value of a CAMEO code (or of its nearest listed prefix).
    pub fn value(&self, code: &str) -> Option<u32> {
        // A finer code missing from the table takes its base code's value,
        // then its root's ("0711" → "071" → "070").
        let base = code.get(..3).unwrap_or(code).to_string();
        let root = format!("{}0", code.get(..2).unwrap_or(code));
        [code.to_string(), base, root]
            .iter()
            .find_map(|c| self.value.get(c))
            .copied()
    }
    /// The code for an outer verb of verbs applied to an inner event:
    /// `None` when the outer verb has no modal class (then the inner event
    /// stands on its own) or no code has the combined meaning.
    pub fn compose(&self, outer: &str, inner: &str) -> Option<String> {
        let o = self.value(outer)?;
        let i = self.value(inner)?;
        let class = o & 0xF000;
        if class == 0 {
            return None;
        }
        // Consultations (class 0xB) are meetings as content ("intend to
        // meet" = 0x3010); other classed inner codes (say, appeal, demand)
        // do not nest.
        let content = match i & 0xF000 {
            0 => i & 0x0FFF,
            0xB000 => 0x010,
            _ => return None,
        };
        // Falling back to the bare modal code ("030") would lose what was
        // intended; then the inner event stands on its own instead.
        [content, content & 0x0FF0, content & 0x0F00]
            .iter()
            .filter(|&&c| c != 0 || content == 0)
            .find_map(|c| self.by_value.get(&(class | c)).cloned())
    }
    /// The code for "not (inner)": a rejection of the same content.
    pub fn negate(&self, inner: &str) -> Option<String> {
        let i = self.value(inner)?;
        if i & 0xF000 != 0 {
            return None;
        }
        let c = i & 0x0FFF;
        let specific = [c, c & 0x0FF0, c & 0x0F00]
            .iter()
            .filter(|&&k| k != 0 || c == 0)
            .find_map(|k| self.negated.get(k).cloned());
        // Not cooperating (contents below assault, 0x090, and yielding,
        // 0x2xx) is a rejection; "did not attack" is no event at all.
        let cooperative = c < 0x090 || c & 0xF00 == 0x200;
        specific.or_else(|| cooperative.then(|| self.negated.get(&0).cloned()).flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_and_negates() {
        let p = Pico::parse("020:0x2000#Appeal\n023:0x2040\n030:0x3000\n033:0x3040\n015:0x10a0\n010:0x1000\n070:0x0040\n060:0x0070\n120:-0xFFFF\n121:-0xFFFF+0x0070\n122:-0xFFFF+0x2040+0x300\n050:0x0080\n190:0x00A0\n");
        assert_eq!(p.compose("030", "070").as_deref(), Some("033"));
        assert_eq!(p.compose("020", "0711").as_deref(), Some("023"));
        assert_eq!(p.compose("010", "190").as_deref(), Some("015"));
        assert_eq!(p.compose("050", "070"), None);
        assert_eq!(p.compose("030", "042"), None);
        assert_eq!(p.negate("060").as_deref(), Some("121"));
        assert_eq!(p.negate("020"), None);
        assert_eq!(p.negate("190"), None);
        assert_eq!(p.negate("070").as_deref(), Some("120"));
    }
}
