//! Checks of the filter values a user types (`newsgraph query`/`export`
//! options and the API's query parameters): calendar dates, entity types,
//! modalities, CAMEO codes and actor codes, and the "did you mean" that goes
//! with a refused name.
//!
//! One parser serves the CLI and the server, so a value refused by one is
//! refused by the other with the same words. A filter value that can match
//! nothing (`--type PERSONS`, `--from 2005-13-01`) is an error here rather
//! than an empty result, because an empty result looks like an answer.
//! Each function returns the value as stored (upper- or lower-cased) or a
//! one-line message naming the value and what would have been accepted; the
//! caller adds the option's name.

/// Modalities of the JSON contract (docs/json-contract.md), as stored.
pub const MODALITIES: [&str; 6] = [
    "asserted",
    "attributed",
    "anonymous",
    "hedged",
    "expected",
    "negated",
];

/// A real calendar date `YYYY-MM-DD` (year 0001 to 9999): `2005-13-01` or
/// `2023-02-29` is refused rather than compared as a string.
pub fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    if !(b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()))
    {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        v[..4].parse::<u32>(),
        v[5..7].parse::<u32>(),
        v[8..10].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days).contains(&day)
}

/// A date `YYYY-MM-DD`, checked against the calendar.
pub fn date(v: &str) -> Result<String, String> {
    let v = v.trim();
    if is_date(v) {
        Ok(v.to_string())
    } else {
        Err(format!(
            "'{}' is not a calendar date YYYY-MM-DD (e.g. 2005-01-31)",
            shorten(v)
        ))
    }
}

/// An entity type (`PERSON`, `org`, …), upper-cased as stored.
pub fn entity_type(v: &str) -> Result<String, String> {
    let names = newsgraph_doc::EntityType::ALL.map(|t| t.as_str());
    one_of(v, &names, str::to_ascii_uppercase)
}

/// A modality (`hedged`, `Negated`, …), lower-cased as stored.
pub fn modality(v: &str) -> Result<String, String> {
    one_of(v, &MODALITIES, str::to_ascii_lowercase)
}

/// A CAMEO event code of 2 to 4 digits whose root is 01 to 20 (`04`,
/// `042`, `1411`).
pub fn cameo_code(v: &str) -> Result<String, String> {
    let v = v.trim();
    let root_ok = v
        .get(..2)
        .and_then(|r| r.parse::<u8>().ok())
        .is_some_and(|r| (1..=20).contains(&r));
    if (2..=4).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) && root_ok {
        Ok(v.to_string())
    } else {
        Err(format!(
            "'{}' is not a CAMEO code (2 to 4 digits, root 01 to 20, e.g. 04 or 042)",
            shorten(v)
        ))
    }
}

/// A CAMEO actor code or code prefix: letters, digits and `-` (`USAGOV`,
/// `---GOV`), upper-cased as stored.
pub fn actor_code(v: &str) -> Result<String, String> {
    let v = v.trim();
    if !v.is_empty() && v.len() <= 40 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(v.to_ascii_uppercase())
    } else {
        Err(format!(
            "'{}' is not a CAMEO actor code (letters, digits and '-', e.g. USAGOV)",
            shorten(v)
        ))
    }
}

/// A minimum event confidence (`--min-confidence`, `min_confidence`): a
/// number from 0 to 1.
pub fn confidence(v: &str) -> Result<f32, String> {
    let v = v.trim();
    match v.parse::<f32>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err(format!(
            "'{}' is not a confidence (a number from 0 to 1, e.g. 0.3)",
            shorten(v)
        )),
    }
}

/// An article tag (`ingest --tag`, `query articles --tag`): up to 64
/// characters, no control characters, surrounding spaces trimmed.
pub fn tag(v: &str) -> Result<String, String> {
    let v = v.trim();
    if !v.is_empty() && v.chars().count() <= 64 && !v.chars().any(char::is_control) {
        Ok(v.to_string())
    } else {
        Err(format!(
            "'{}' is not a tag (1 to 64 characters, no control characters)",
            shorten(v)
        ))
    }
}

/// `v` if it is one of `names` once normalized by `norm`, else a message
/// listing them, with the nearest as a suggestion.
pub fn one_of(v: &str, names: &[&str], norm: fn(&str) -> String) -> Result<String, String> {
    let wanted = norm(v.trim());
    if let Some(n) = names.iter().find(|n| norm(n) == wanted) {
        return Ok(n.to_string());
    }
    let hint = did_you_mean(&wanted, names, norm)
        .map(|n| format!("; did you mean {n}?"))
        .unwrap_or_default();
    Err(format!(
        "'{}' is not valid{hint} (valid: {})",
        shorten(v),
        names.join(", ")
    ))
}

/// The name nearest to `v`: one that `v` starts with or that starts with
/// `v` (`PERSONS` → `PERSON`, `hedge` → `hedged`), else one within two
/// edits.
pub fn did_you_mean<'a>(v: &str, names: &[&'a str], norm: fn(&str) -> String) -> Option<&'a str> {
    let v = norm(v);
    if v.is_empty() {
        return None;
    }
    let affix = names.iter().find(|n| {
        let n = norm(n);
        (n.len() >= 2 && v.starts_with(&n)) || (v.len() >= 2 && n.starts_with(&v))
    });
    if let Some(n) = affix {
        return Some(n);
    }
    names
        .iter()
        .map(|n| (edit_distance(&v, &norm(n)), *n))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// At most 40 characters of a refused value, so a pasted paragraph does not
/// fill the error line.
fn shorten(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 23, item 9: values that can match nothing are refused, with
    /// the valid ones and a suggestion; the obvious spellings are accepted.
    #[test]
    fn confidences_are_numbers_from_0_to_1() {
        assert_eq!(confidence(" 0.3 "), Ok(0.3));
        assert_eq!(confidence("1"), Ok(1.0));
        assert_eq!(confidence("0"), Ok(0.0));
        for bad in ["1.5", "-0.1", "high", "", "NaN"] {
            let e = confidence(bad).unwrap_err();
            assert!(e.contains("is not a confidence"), "{bad}: {e}");
        }
    }

    #[test]
    fn issue_23_filter_values_are_checked() {
        assert!(date("2005-13-01").is_err());
        assert!(date("2005-02-29").is_err());
        assert_eq!(date("2004-02-29").unwrap(), "2004-02-29");
        let e = entity_type("PERSONS").unwrap_err();
        assert!(e.contains("did you mean PERSON?"), "{e}");
        assert!(e.contains("ORG"), "{e}");
        assert_eq!(entity_type("person").unwrap(), "PERSON");
        let e = modality("hedge").unwrap_err();
        assert!(e.contains("did you mean hedged?"), "{e}");
        assert_eq!(modality("Negated").unwrap(), "negated");
        assert!(cameo_code("XYZ").is_err());
        assert!(cameo_code("21").is_err());
        assert!(cameo_code("04200").is_err());
        assert_eq!(cameo_code("042").unwrap(), "042");
        assert!(actor_code("U S A").is_err());
        assert_eq!(actor_code("usagov").unwrap(), "USAGOV");
        assert_eq!(
            did_you_mean("atributed", &MODALITIES, str::to_ascii_lowercase),
            Some("attributed")
        );
        assert_eq!(
            did_you_mean("zzzz", &MODALITIES, str::to_ascii_lowercase),
            None
        );
    }

    #[test]
    fn dates_are_calendar_dates() {
        for good in ["2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "0000-01-01",
            "2024-00-10",
            "2024-13-01",
            "2024-1-01",
            "yesterday",
            "2024-01-00",
            "２０２４-01-01",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
