//! Name keys: how a place name is folded before it is indexed or looked up.
//!
//! Shared by the library and its build script (which writes the binary
//! gazetteer index), so both fold names the same way.

use unicode_normalization::UnicodeNormalization;

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

/// An all-capital short form (`US`, `DPRK`, `VVO`) that must match case exactly.
pub fn is_short_caps(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 4 && !s.chars().any(|c| c.is_lowercase())
}
