//! Who said what across the corpus (issue 24, item 3): quotes by speaker,
//! by an entity mentioned inside the quote, and by words of the quote,
//! with their article and date (`newsgraph query quotes`,
//! `GET /api/quotes`, the page's Quotes view).
//!
//! Text filters are case-insensitive substrings (SQL `LIKE`, escaped), so
//! "blair" finds "Tony Blair" and "Mr Blair"; an entity is "mentioned in
//! the quote" when one of its mentions lies inside the quote's span.

use crate::rows::{QuotePage, QuoteRow};
use crate::{like_escape, Result, Store, QUOTE_KIND_SQL};
use rusqlite::params_from_iter;

/// The filters of [`Store::quotes`]; dates are `YYYY-MM-DD` on the
/// article's publication date, inclusive.
#[derive(Clone, Debug, Default)]
pub struct QuoteQuery {
    /// Part of the speaker's name.
    pub speaker: Option<String>,
    /// Part of the name of an entity mentioned inside the quote.
    pub mentions: Option<String>,
    /// Words of the quote, as one substring.
    pub search: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

impl Store {
    /// One page of the quotes matching `q`, newest first; `total` counts
    /// every match.
    pub fn quotes(&self, q: &QuoteQuery) -> Result<QuotePage> {
        let mut conds: Vec<&str> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        let like = |s: &str| format!("%{}%", like_escape(s));
        if let Some(s) = &q.speaker {
            conds.push("q.speaker LIKE ? ESCAPE '\\'");
            args.push(like(s));
        }
        if let Some(m) = &q.mentions {
            conds.push(
                "EXISTS (SELECT 1 FROM mentions m JOIN entities en ON en.article_id = m.article_id \
                 AND en.idx = m.entity_idx WHERE m.article_id = q.article_id AND m.start >= q.start \
                 AND m.end <= q.end AND en.name LIKE ? ESCAPE '\\')",
            );
            args.push(like(m));
        }
        if let Some(t) = &q.search {
            conds.push("q.text LIKE ? ESCAPE '\\'");
            args.push(like(t));
        }
        if let Some(f) = &q.from {
            conds.push("a.published >= ?");
            args.push(f.clone());
        }
        if let Some(t) = &q.to {
            conds.push("a.published <= ?");
            args.push(t.clone());
        }
        let where_sql = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        let from = " FROM quotes q JOIN articles a ON a.id = q.article_id";
        let total: i64 = self
            .conn
            .query_row(
                &format!("SELECT count(*){from}{where_sql}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )
            .map_err(self.err())?;
        let sql = format!(
            "SELECT q.article_id, q.idx, q.start, q.end, q.text, {QUOTE_KIND_SQL}, q.speaker, q.cue, \
             a.title, a.published{from}{where_sql} \
             ORDER BY a.published IS NULL, a.published DESC, q.article_id, q.idx LIMIT {} OFFSET {}",
            q.limit, q.offset
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let quotes = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(QuoteRow {
                    article_id: r.get(0)?,
                    idx: r.get(1)?,
                    start: r.get(2)?,
                    end: r.get(3)?,
                    text: r.get(4)?,
                    kind: r.get(5)?,
                    speaker: r.get(6)?,
                    cue: r.get(7)?,
                    title: r.get(8)?,
                    published: r.get(9)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(QuotePage {
            quotes,
            limit: q.limit,
            offset: q.offset,
            total,
        })
    }
}

#[cfg(test)]
#[path = "quotes_tests.rs"]
mod tests;
