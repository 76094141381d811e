//! Full-text search input: what a user may type, checked and rewritten
//! into an SQLite FTS5 query that cannot be a syntax error, and the orders
//! a search can be listed in.
//!
//! The syntax is FTS5's own, less what could reach into the schema:
//! - words, all required: `maternity pay` (a word ending in `*` is a
//!   prefix: `minist*`);
//! - `"a phrase"`: the words next to each other, in order;
//! - `OR`, `AND`, `NOT` in capitals between terms (`strike OR walkout`,
//!   `pay NOT football`; FTS5's NOT needs a term before it), and
//!   parentheses to group them;
//! - `NEAR(term term …)` or `NEAR(term term …, N)`: the terms within N
//!   words of each other (10 when N is left out).
//!
//! Every word and phrase is passed to FTS5 inside double quotes, so
//! punctuation in it (`col:val`, `a-b`, `^x`) is only a word separator and
//! column filters or other FTS5 syntax cannot be written. A malformed query
//! (an unclosed quote or parenthesis, an operator without a term on each
//! side) gets a one-line message saying what is wrong, never an SQLite
//! error.

/// How a list of articles is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleSort {
    /// Best match first (FTS5's `rank`, BM25); needs a search.
    Relevance,
    /// Newest publication date first, undated last.
    Newest,
    /// Oldest publication date first, undated last.
    Oldest,
}

impl ArticleSort {
    pub const NAMES: [&'static str; 3] = ["relevance", "newest", "oldest"];

    /// Parses a name of [`ArticleSort::NAMES`], in any case.
    pub fn parse(v: &str) -> Result<ArticleSort, String> {
        let name = crate::values::one_of(v, &Self::NAMES, str::to_ascii_lowercase)?;
        Ok(match name.as_str() {
            "relevance" => ArticleSort::Relevance,
            "oldest" => ArticleSort::Oldest,
            _ => ArticleSort::Newest,
        })
    }

    /// The order asked for, else best match first with a search and
    /// newest first without; relevance without a search is an error.
    pub fn resolve(asked: Option<ArticleSort>, searching: bool) -> Result<ArticleSort, String> {
        match (asked, searching) {
            (Some(ArticleSort::Relevance), false) => {
                Err("sorting by relevance needs a search".to_string())
            }
            (Some(s), _) => Ok(s),
            (None, true) => Ok(ArticleSort::Relevance),
            (None, false) => Ok(ArticleSort::Newest),
        }
    }

    /// The SQL ORDER BY for articles `a` joined, when searching, with
    /// `articles_fts`.
    pub(crate) fn order_sql(self) -> &'static str {
        match self {
            ArticleSort::Relevance => "rank, a.rowid",
            // SQLite sorts NULL lowest, so undated articles come last.
            ArticleSort::Newest => "a.published DESC, a.rowid DESC",
            ArticleSort::Oldest => "a.published IS NULL, a.published, a.rowid",
        }
    }
}

/// One piece of a search.
#[derive(Debug, PartialEq)]
enum Piece {
    /// A word, phrase or NEAR group, already in FTS5 form.
    Term(String),
    Op(&'static str),
    Open,
    Close,
}

/// Rewrites a user's search into a safe FTS5 query (see the module
/// header), or says what is wrong with it.
pub fn fts_query(q: &str) -> Result<String, String> {
    let pieces = pieces(q)?;
    check(&pieces)?;
    let mut out: Vec<&str> = Vec::with_capacity(pieces.len());
    let mut after_operand = false;
    for p in &pieces {
        let starts_operand = matches!(p, Piece::Term(_) | Piece::Open);
        // FTS5 ANDs adjacent phrases, but not a phrase and a group: write
        // the AND out wherever two operands meet.
        if after_operand && starts_operand {
            out.push("AND");
        }
        after_operand = matches!(p, Piece::Term(_) | Piece::Close);
        out.push(match p {
            Piece::Term(t) => t.as_str(),
            Piece::Op(o) => o,
            Piece::Open => "(",
            Piece::Close => ")",
        });
    }
    Ok(out.join(" "))
}

/// `"word"` or `"word"*`: quoted so nothing in it is syntax. None when
/// the word has no letter or digit (FTS5 would find no token in it).
fn quoted(word: &str, prefix: bool) -> Option<String> {
    if !word.chars().any(char::is_alphanumeric) {
        return None;
    }
    let star = if prefix { "*" } else { "" };
    Some(format!("\"{}\"{star}", word.replace('"', "\"\"")))
}

/// Splits the search into words, phrases, operators, parentheses and NEAR
/// groups.
fn pieces(q: &str) -> Result<Vec<Piece>, String> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let (phrase, next) = phrase_at(&chars, i)?;
            out.extend(phrase.map(Piece::Term));
            i = next;
        } else if c == '(' {
            out.push(Piece::Open);
            i += 1;
        } else if c == ')' {
            out.push(Piece::Close);
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !"\"()".contains(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match word.as_str() {
                "OR" => out.push(Piece::Op("OR")),
                "AND" => out.push(Piece::Op("AND")),
                "NOT" => out.push(Piece::Op("NOT")),
                "NEAR" if chars.get(i) == Some(&'(') => {
                    let (near, next) = near_at(&chars, i)?;
                    out.push(Piece::Term(near));
                    i = next;
                }
                _ => {
                    let prefix = word.ends_with('*');
                    out.extend(quoted(word.trim_end_matches('*'), prefix).map(Piece::Term));
                }
            }
        }
    }
    Ok(out)
}

/// The phrase whose opening quote is at `i`, and the index after it (and
/// after a `*` that makes it a prefix).
fn phrase_at(chars: &[char], i: usize) -> Result<(Option<String>, usize), String> {
    let Some(len) = chars[i + 1..].iter().position(|&c| c == '"') else {
        return Err("a quote is not closed: end the phrase with \"".to_string());
    };
    let text: String = chars[i + 1..i + 1 + len].iter().collect();
    let mut next = i + len + 2;
    let prefix = chars.get(next) == Some(&'*');
    if prefix {
        next += 1;
    }
    Ok((quoted(text.trim(), prefix), next))
}

/// The NEAR group whose `(` is at `open`: `NEAR("a" "b", N)`, and the
/// index after its `)`.
fn near_at(chars: &[char], open: usize) -> Result<(String, usize), String> {
    let mut terms = Vec::new();
    let mut distance = None;
    let mut i = open + 1;
    loop {
        match chars.get(i) {
            None => return Err("NEAR( is not closed: end it with )".to_string()),
            Some(')') => break,
            Some(c) if c.is_whitespace() => i += 1,
            Some('"') => {
                let (phrase, next) = phrase_at(chars, i)?;
                terms.extend(phrase);
                i = next;
            }
            Some(',') => {
                let start = i + 1;
                let end = chars[start..]
                    .iter()
                    .position(|&c| c == ')')
                    .map(|n| start + n)
                    .ok_or("NEAR( is not closed: end it with )")?;
                let n: String = chars[start..end].iter().collect();
                let n = n.trim();
                match n.parse::<u32>() {
                    Ok(n) if n <= 1000 => distance = Some(n),
                    _ => {
                        return Err(format!(
                            "NEAR(…, N) needs a number of words from 0 to 1000 after the comma, got '{n}'"
                        ))
                    }
                }
                i = end;
            }
            Some(_) => {
                let start = i;
                while i < chars.len() && !chars[i].is_whitespace() && !"\"(),".contains(chars[i]) {
                    i += 1;
                }
                if i == start {
                    return Err("NEAR(…) holds words and phrases only".to_string());
                }
                let word: String = chars[start..i].iter().collect();
                terms.extend(quoted(word.trim_end_matches('*'), word.ends_with('*')));
            }
        }
    }
    if terms.is_empty() {
        return Err("NEAR() needs words inside, e.g. NEAR(strike pay, 5)".to_string());
    }
    let distance = distance.map(|n| format!(", {n}")).unwrap_or_default();
    Ok((format!("NEAR({}{distance})", terms.join(" ")), i + 1))
}

/// Operators between terms, parentheses balanced and not empty.
fn check(pieces: &[Piece]) -> Result<(), String> {
    if !pieces.iter().any(|p| matches!(p, Piece::Term(_))) {
        return Err("the search has no words".to_string());
    }
    let mut depth = 0usize;
    // True where a term (or a closed group) may not come next without an
    // operator being fine too: i.e. right after a term.
    let mut after_term = false;
    let mut last_op: Option<&str> = None;
    for p in pieces {
        match p {
            Piece::Term(_) => after_term = true,
            Piece::Open => {
                depth += 1;
                after_term = false;
            }
            Piece::Close => {
                if depth == 0 {
                    return Err("a ')' has no '(' before it".to_string());
                }
                if !after_term {
                    return Err("a group ( ) is empty or ends with an operator".to_string());
                }
                depth -= 1;
            }
            Piece::Op(op) => {
                if !after_term {
                    return Err(format!(
                        "{op} needs a term on each side (e.g. strike {op} walkout)"
                    ));
                }
                after_term = false;
                last_op = Some(op);
            }
        }
    }
    if !after_term {
        let op = last_op.unwrap_or("AND");
        return Err(format!(
            "{op} at the end needs a term after it (e.g. strike {op} walkout)"
        ));
    }
    if depth > 0 {
        return Err("a '(' is not closed".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(q: &str) -> String {
        fts_query(q).unwrap_or_else(|e| panic!("{q}: {e}"))
    }

    /// Issue 23, item 13: phrases, OR/NOT and NEAR reach FTS5 as syntax;
    /// everything else is quoted.
    #[test]
    fn issue_23_search_syntax() {
        assert_eq!(ok("maternity pay"), "\"maternity\" AND \"pay\"");
        assert_eq!(ok("\"maternity pay\""), "\"maternity pay\"");
        assert_eq!(ok("strike OR walkout"), "\"strike\" OR \"walkout\"");
        assert_eq!(
            ok("strike or walkout"),
            "\"strike\" AND \"or\" AND \"walkout\""
        );
        assert_eq!(ok("pay NOT football"), "\"pay\" NOT \"football\"");
        assert_eq!(ok("NEAR(ferry storm, 5)"), "NEAR(\"ferry\" \"storm\", 5)");
        assert_eq!(
            ok("NEAR(\"harbour master\" storm)"),
            "NEAR(\"harbour master\" \"storm\")"
        );
        assert_eq!(
            ok("(strike OR walkout) minist*"),
            "( \"strike\" OR \"walkout\" ) AND \"minist\"*"
        );
        assert_eq!(ok("col:val ^x"), "\"col:val\" AND \"^x\"");
        assert_eq!(ok("a - b"), "\"a\" AND \"b\"");
        assert_eq!(ok("a*b(c)"), "\"a*b\" AND ( \"c\" )");
    }

    #[test]
    fn issue_23_malformed_search_says_why() {
        for (q, says) in [
            ("\"unbalanced", "quote"),
            ("AND OR NOT", "no words"),
            ("pay AND OR walkout", "OR needs a term"),
            ("NOT pay", "NOT needs a term"),
            ("pay OR", "at the end"),
            ("(pay", "not closed"),
            ("pay)", "no '('"),
            ("()", "no words"),
            ("(pay OR)", "empty or ends"),
            ("NEAR(pay", "not closed"),
            ("NEAR(pay, x)", "number of words"),
            ("NEAR()", "needs words"),
            ("  ", "no words"),
            ("- *", "no words"),
        ] {
            let e = fts_query(q).expect_err(q);
            assert!(e.contains(says), "{q}: {e}");
            assert!(!e.contains('\n'), "{q}: {e}");
        }
    }

    #[test]
    fn sort_defaults_follow_the_search() {
        assert_eq!(ArticleSort::resolve(None, true), Ok(ArticleSort::Relevance));
        assert_eq!(ArticleSort::resolve(None, false), Ok(ArticleSort::Newest));
        assert!(ArticleSort::resolve(Some(ArticleSort::Relevance), false).is_err());
        assert_eq!(ArticleSort::parse("Oldest"), Ok(ArticleSort::Oldest));
        assert!(ArticleSort::parse("best").is_err());
    }
}
