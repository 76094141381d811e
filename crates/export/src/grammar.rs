//! A reader for GDELT rows and the sub-field grammars of each column, used
//! by the tests to check every exported row and to round-trip real GDELT
//! sample rows (the samples come as quoted CSV, which [`parse_csv`] reads).

/// Column counts of the three GDELT 2.0 tables.
pub const EVENTS_COLUMNS: usize = 61;
pub const MENTIONS_COLUMNS: usize = 16;
pub const GKG_COLUMNS: usize = 27;

fn is_int(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    !s.contains(['e', 'E']) && s.parse::<f64>().is_ok_and(|x| x.is_finite())
}

fn is_datetime(s: &str) -> bool {
    s.len() == 14 && is_int(s)
}

fn check(ok: bool, col: usize, what: &str, v: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("column {col}: {what}: {v:?}"))
    }
}

/// Splits a TSV row, checking the column count.
pub fn split_row(row: &str, n: usize) -> Result<Vec<&str>, String> {
    let cols: Vec<&str> = row.strip_suffix('\n').unwrap_or(row).split('\t').collect();
    if cols.len() != n {
        return Err(format!("{} columns, expected {n}", cols.len()));
    }
    Ok(cols)
}

fn check_geo(cols: &[&str], at: usize, with_adm2: bool) -> Result<(), String> {
    let ty = cols[at];
    check(
        matches!(ty, "0" | "1" | "2" | "3" | "4" | "5"),
        at,
        "geo type",
        ty,
    )?;
    let lat = cols[at + if with_adm2 { 5 } else { 4 }];
    let lon = cols[at + if with_adm2 { 6 } else { 5 }];
    if ty == "0" {
        let rest = &cols[at + 1..at + if with_adm2 { 8 } else { 7 }];
        return check(
            rest.iter().all(|c| c.is_empty()),
            at,
            "empty geo after type 0",
            ty,
        );
    }
    check(
        cols[at + 2].len() == 2,
        at + 2,
        "FIPS country",
        cols[at + 2],
    )?;
    check(
        is_float(lat) && lat.parse::<f64>().is_ok_and(|x| x.abs() <= 90.0),
        at,
        "latitude",
        lat,
    )?;
    check(
        is_float(lon) && lon.parse::<f64>().is_ok_and(|x| x.abs() <= 180.0),
        at,
        "longitude",
        lon,
    )
}

/// Checks an Events row against the 61-column layout.
pub fn check_events_row(row: &str) -> Result<(), String> {
    let c = split_row(row, EVENTS_COLUMNS)?;
    check(is_int(c[0]), 0, "GLOBALEVENTID", c[0])?;
    check(c[1].len() == 8 && is_int(c[1]), 1, "Day", c[1])?;
    check(
        c[2].len() == 6 && c[1].starts_with(c[2]),
        2,
        "MonthYear",
        c[2],
    )?;
    check(c[3].len() == 4 && c[1].starts_with(c[3]), 3, "Year", c[3])?;
    check(
        is_float(c[4]) && c[4].split('.').nth(1).is_some_and(|d| d.len() == 4),
        4,
        "FractionDate",
        c[4],
    )?;
    for actor in [5, 15] {
        let code = c[actor];
        check(
            code.len() % 3 == 0 && code.chars().all(|ch| ch.is_ascii_alphanumeric()),
            actor,
            "actor code",
            code,
        )?;
        if code.is_empty() {
            check(
                c[actor..actor + 10].iter().all(|x| x.is_empty()),
                actor,
                "empty actor",
                code,
            )?;
        }
    }
    check(matches!(c[25], "0" | "1"), 25, "IsRootEvent", c[25])?;
    let code = c[26];
    check(
        (2..=4).contains(&code.len()) && is_int(code),
        26,
        "EventCode",
        code,
    )?;
    check(
        code.starts_with(c[27]) && code.starts_with(c[28]) && c[28].len() == 2,
        27,
        "base/root code",
        c[27],
    )?;
    check(
        matches!(c[29], "1" | "2" | "3" | "4"),
        29,
        "QuadClass",
        c[29],
    )?;
    check(
        is_float(c[30])
            && c[30]
                .parse::<f64>()
                .is_ok_and(|g| (-10.0..=10.0).contains(&g)),
        30,
        "Goldstein",
        c[30],
    )?;
    for (k, v) in c.iter().enumerate().take(34).skip(31) {
        check(is_int(v) && *v != "0", k, "count", v)?;
    }
    check(is_float(c[34]), 34, "AvgTone", c[34])?;
    for at in [35, 43, 51] {
        check_geo(&c, at, true)?;
    }
    check(is_datetime(c[59]), 59, "DATEADDED", c[59])?;
    Ok(())
}

/// Checks a Mentions row against the 16-column layout.
pub fn check_mentions_row(row: &str) -> Result<(), String> {
    let c = split_row(row, MENTIONS_COLUMNS)?;
    check(is_int(c[0]), 0, "GLOBALEVENTID", c[0])?;
    check(is_datetime(c[1]) && is_datetime(c[2]), 1, "times", c[1])?;
    check(
        matches!(c[3], "1" | "2" | "3" | "4" | "5" | "6"),
        3,
        "MentionType",
        c[3],
    )?;
    check(is_int(c[6]), 6, "SentenceID", c[6])?;
    for (k, v) in c.iter().enumerate().take(10).skip(7) {
        let ok = is_int(v) && v.parse::<i64>().is_ok_and(|x| x >= -1);
        check(ok, k, "char offset", v)?;
    }
    check(matches!(c[10], "0" | "1"), 10, "InRawText", c[10])?;
    check(
        c[11].parse::<u32>().is_ok_and(|x| x <= 100 && x % 10 == 0),
        11,
        "Confidence",
        c[11],
    )?;
    check(is_int(c[12]), 12, "MentionDocLen", c[12])?;
    check(is_float(c[13]), 13, "MentionDocTone", c[13])
}

fn blocks(s: &str, sep: char) -> Vec<&str> {
    s.split(sep).filter(|b| !b.is_empty()).collect()
}

/// Checks a GKG 2.1 row: 27 columns and each sub-field grammar.
pub fn check_gkg_row(row: &str) -> Result<(), String> {
    let c = split_row(row, GKG_COLUMNS)?;
    let (date, n) = c[0].split_once('-').unwrap_or(("", ""));
    check(
        is_datetime(date) && is_int(n.trim_start_matches('T')),
        0,
        "GKGRECORDID",
        c[0],
    )?;
    check(is_datetime(c[1]), 1, "V2.1DATE", c[1])?;
    for (col, fields) in [(5, 10), (6, 11)] {
        check(
            c[col].is_empty() || c[col].ends_with(';'),
            col,
            "counts end with ;",
            c[col],
        )?;
        for b in blocks(c[col], ';') {
            let f: Vec<&str> = b.split('#').collect();
            check(f.len() == fields && is_float(f[1]), col, "count block", b)?;
        }
    }
    check(
        c[7].is_empty() || c[7].ends_with(';'),
        7,
        "themes end with ;",
        c[7],
    )?;
    for b in blocks(c[8], ';') {
        let (t, o) = b.rsplit_once(',').unwrap_or(("", ""));
        check(!t.is_empty() && is_int(o), 8, "enhanced theme", b)?;
    }
    for b in blocks(c[9], ';') {
        let f: Vec<&str> = b.split('#').collect();
        check(f.len() == 7, 9, "V1 location", b)?;
        check_geo(&f, 0, false).map_err(|e| format!("column 9: {e}"))?;
    }
    for b in blocks(c[10], ';') {
        let f: Vec<&str> = b.split('#').collect();
        check(f.len() == 9 && is_int(f[8]), 10, "V2 location", b)?;
        check_geo(&f, 0, true).map_err(|e| format!("column 10: {e}"))?;
    }
    for col in [12, 14, 23] {
        for b in blocks(c[col], ';') {
            let (name, o) = b.rsplit_once(',').unwrap_or(("", ""));
            check(!name.is_empty() && is_int(o), col, "name,offset", b)?;
        }
    }
    let t: Vec<&str> = c[15].split(',').collect();
    check(
        t.len() >= 7 && t.iter().all(|x| is_float(x)),
        15,
        "tone",
        c[15],
    )?;
    for b in blocks(c[16], ';') {
        let f: Vec<&str> = b.split('#').collect();
        check(
            f.len() == 5 && f.iter().all(|x| is_int(x)) && matches!(f[0], "1" | "2" | "3" | "4"),
            16,
            "date",
            b,
        )?;
    }
    check(
        c[17].is_empty() || c[17].starts_with("wc:"),
        17,
        "GCAM",
        c[17],
    )?;
    for b in blocks(c[22], '#') {
        let f: Vec<&str> = b.splitn(4, '|').collect();
        check(
            f.len() == 4 && is_int(f[0]) && is_int(f[1]),
            22,
            "quotation",
            b,
        )?;
    }
    check(
        c[24].is_empty() || c[24].ends_with(';'),
        24,
        "amounts end with ;",
        c[24],
    )?;
    for b in blocks(c[24], ';') {
        let f: Vec<&str> = b.split(',').collect();
        check(
            f.len() == 3 && is_float(f[0]) && is_int(f[2]),
            24,
            "amount",
            b,
        )?;
    }
    Ok(())
}

/// Reads RFC 4180 CSV (quoted fields, doubled quotes, newlines inside
/// quotes): the form the GDELT sample exports come in.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            if ch == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(ch);
            }
            continue;
        }
        match ch {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn csv_quotes() {
        let rows = parse_csv("a,\"b,\"\"c\"\"\"\n\"x\ny\",2\n");
        assert_eq!(rows, vec![vec!["a", "b,\"c\""], vec!["x\ny", "2"]]);
    }

    /// The real GKG and Mentions sample rows pass the grammar, and survive
    /// a TSV write/read round trip unchanged. Skips without the shared data.
    #[test]
    fn real_sample_rows_round_trip() {
        // The shared data: `NEWSGRAPH_SHARED`, else ../shared/data beside the repository.
        let data = std::env::var_os("NEWSGRAPH_SHARED").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
            std::path::PathBuf::from,
        );
        let dir = data.join("cameo/gdelt-samples");
        let Ok(gkg) = std::fs::read_to_string(dir.join("gkg21.bigquery-export.sample200.csv"))
        else {
            eprintln!("skip: GDELT samples not present");
            return;
        };
        let rows = parse_csv(&gkg);
        let mut n = 0;
        for r in rows.iter().skip(1).filter(|r| r.len() == GKG_COLUMNS) {
            let tsv = r
                .iter()
                .map(|f| f.replace(['\t', '\n'], " "))
                .collect::<Vec<_>>()
                .join("\t");
            check_gkg_row(&tsv).unwrap_or_else(|e| panic!("real GKG row {}: {e}", r[0]));
            let back: Vec<String> = split_row(&tsv, GKG_COLUMNS)
                .unwrap()
                .iter()
                .map(|s| s.to_string())
                .collect();
            assert_eq!(&back, r);
            n += 1;
        }
        assert_eq!(
            n, 199,
            "every data row of the sample (200 lines with the header)"
        );
        let Ok(men) = std::fs::read_to_string(dir.join("mentions.pandas-export.sample.csv")) else {
            return;
        };
        let rows = parse_csv(&men);
        let header = &rows[0];
        // pandas wrote an index column first.
        let skip = header.len() - MENTIONS_COLUMNS;
        let mut n = 0;
        for r in rows.iter().skip(1).filter(|r| r.len() == header.len()) {
            let cols: Vec<String> = r[skip..]
                .iter()
                .map(|f| {
                    f.strip_suffix(".0")
                        .filter(|s| is_int(s))
                        .unwrap_or(f)
                        .to_string()
                })
                .collect();
            let tsv = cols.join("\t");
            check_mentions_row(&tsv).unwrap_or_else(|e| panic!("real Mentions row {tsv}: {e}"));
            n += 1;
        }
        assert!(n > 1600, "{n}");
    }
}
