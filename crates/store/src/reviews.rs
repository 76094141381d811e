//! The review loop (issue 24, item 2): an analyst's judgements of coded
//! events — right or wrong, a corrected code, source or target, a note —
//! kept in their own table and applied to every read of events.
//!
//! # Layout
//!
//! `reviews(article_id, start, end, judged_source, judged_target,
//! judged_code, verdict, source, target, code, root_code, quad_class,
//! goldstein, note, reviewed_at)`, primary key the first six columns (added
//! in schema version 7). A judgement is keyed by the event's article id and
//! evidence span (character offsets), and by the codes it judged (an empty
//! string for a missing actor), because one sentence can hold several
//! events. It names no row of `events`, so it survives a re-ingest and a
//! re-analysis of the same article: it applies to whichever stored event
//! has that span and those codes. An event re-coded differently is a new
//! event, still to review. `verdict` is `right` or `wrong`; `source`,
//! `target` and `code` hold corrections (NULL: as coded; a corrected event
//! is right), with the root, QuadClass and Goldstein score of the corrected
//! code from the CAMEO table at review time.
//!
//! # Applied everywhere
//!
//! Every read of events goes through [`Store::events_from`]: the events with
//! their judgements joined, the wrong ones left out and the corrections in
//! place, and a `review` column (`right`, `corrected`, or NULL when not
//! reviewed). The article view reads them all, the wrong ones too
//! ([`Store::events_all_from`]), so a judgement can be seen and undone.
//!
//! # As a file
//!
//! [`Store::review_file`] writes the judgements as JSON Lines in the gold
//! format `newsgraph eval events --gold` reads (`data/gold/events/README.md`):
//! per article, its `text` and `published` date, `events` the events judged
//! right (corrected), and `reviews` every judgement in full, which
//! [`Store::import_reviews`] reads back (the evaluation ignores it). Only
//! the judged events are listed: an event nobody reviewed is neither gold nor
//! wrong.

use crate::{Result, Store, StoreError};
use newsgraph_dict::cameo::CameoTable;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

/// The reviews table (created by every writable open of version 7).
pub(crate) const REVIEWS_SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS reviews (
    article_id TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    judged_source TEXT NOT NULL, judged_target TEXT NOT NULL, judged_code TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('right', 'wrong')),
    source TEXT, target TEXT, code TEXT, root_code TEXT, quad_class INTEGER, goldstein REAL,
    note TEXT,
    reviewed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    PRIMARY KEY (article_id, start, end, judged_source, judged_target, judged_code)
);
"#;

/// The join of an event row `ev` with its judgement `r`.
const JOIN: &str = "LEFT JOIN reviews r ON r.article_id = ev.article_id AND r.start = ev.start \
     AND r.end = ev.end AND r.judged_source = COALESCE(ev.source, '') \
     AND r.judged_target = COALESCE(ev.target, '') AND r.judged_code = ev.code";

/// What a judgement records of the event it judges: its evidence span and
/// its codes (start, end, source, target, code).
type StoredEvent = (i64, i64, Option<String>, Option<String>, String);

/// An analyst's verdict on one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Right,
    Wrong,
}

impl Verdict {
    pub fn parse(s: &str) -> std::result::Result<Verdict, String> {
        match s.to_ascii_lowercase().as_str() {
            "right" => Ok(Verdict::Right),
            "wrong" => Ok(Verdict::Wrong),
            _ => Err(format!("'{s}' is not a verdict (use right or wrong)")),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Verdict::Right => "right",
            Verdict::Wrong => "wrong",
        }
    }
}

/// A judgement to record on one event: the verdict, corrections (a
/// corrected event is right) and a note.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    pub verdict: Option<Verdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The codes a judgement was made on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judged {
    /// Empty for a missing actor.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub target: String,
    pub code: String,
}

/// One stored judgement, as `newsgraph review list` and the review file
/// show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub article_id: String,
    /// Character offsets of the evidence.
    pub span: [i64; 2],
    pub judged: Judged,
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub reviewed_at: String,
}

/// One article of the review file (the gold format plus `article_id`,
/// `title` and `reviews`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewFileLine {
    pub article_id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    /// The article's text, which the spans index (absent when the article
    /// is not in the database).
    #[serde(default)]
    pub text: Option<String>,
    /// The events judged right, corrections applied, as gold events.
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    pub reviews: Vec<Review>,
}

/// An event of the gold format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldEvent {
    pub source: String,
    pub target: String,
    pub code: String,
    pub span: [i64; 2],
}

impl Store {
    /// Whether this file has judgements to apply (a version-6 or older
    /// file read as it is has no reviews table).
    fn has_reviews(&self) -> bool {
        !self.no_reviews
    }

    /// The events as every read sees them, for `FROM {} e`: judged wrong
    /// left out, corrections in place, and a `review` column.
    pub(crate) fn events_from(&self) -> String {
        self.events_source(true)
    }

    /// [`Store::events_from`] with the events judged wrong kept (`review`
    /// is then `wrong`): the article view, where a judgement is undone.
    pub(crate) fn events_all_from(&self) -> String {
        self.events_source(false)
    }

    fn events_source(&self, drop_wrong: bool) -> String {
        if !self.has_reviews() {
            return "(SELECT *, NULL AS review FROM events)".into();
        }
        let filter = if drop_wrong {
            " WHERE r.verdict IS NULL OR r.verdict = 'right'"
        } else {
            ""
        };
        format!(
            "(SELECT ev.article_id, ev.idx, COALESCE(r.source, ev.source) AS source, \
             COALESCE(r.target, ev.target) AS target, COALESCE(r.code, ev.code) AS code, \
             COALESCE(r.root_code, ev.root_code) AS root_code, \
             COALESCE(r.quad_class, ev.quad_class) AS quad_class, \
             COALESCE(r.goldstein, ev.goldstein) AS goldstein, ev.date, ev.place, ev.modality, \
             ev.modality_cues, ev.start, ev.end, ev.text, ev.confidence, \
             CASE WHEN r.verdict IS NULL THEN NULL WHEN r.verdict = 'wrong' THEN 'wrong' \
             WHEN r.code IS NULL AND r.source IS NULL AND r.target IS NULL THEN 'right' \
             ELSE 'corrected' END AS review \
             FROM events ev {JOIN}{filter})"
        )
    }

    /// Records `j` on the stored event `(article_id, idx)`, replacing an
    /// earlier judgement of it; a judgement without a verdict but with a
    /// correction is `right`, one with neither is refused.
    pub fn review(
        &mut self,
        article_id: &str,
        idx: i64,
        j: &Judgement,
        cameo: &CameoTable,
    ) -> Result<Review> {
        let row: Option<StoredEvent> = self
            .conn
            .query_row(
                "SELECT start, end, source, target, code FROM events WHERE article_id = ?1 AND idx = ?2",
                params![article_id, idx],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(self.err())?;
        let Some((start, end, source, target, code)) = row else {
            return Err(StoreError::BadQuery(format!(
                "no event {idx} in article {article_id}"
            )));
        };
        let corrected = j.code.is_some() || j.source.is_some() || j.target.is_some();
        let verdict = match (j.verdict, corrected) {
            (Some(Verdict::Wrong), true) => {
                return Err(StoreError::BadQuery(
                    "a corrected event is right: give a correction or 'wrong', not both".into(),
                ))
            }
            (Some(v), _) => v,
            (None, true) => Verdict::Right,
            (None, false) => {
                return Err(StoreError::BadQuery(
                    "a judgement needs a verdict (right or wrong) or a correction".into(),
                ))
            }
        };
        let review = Review {
            article_id: article_id.to_string(),
            span: [start, end],
            judged: Judged {
                source: source.unwrap_or_default(),
                target: target.unwrap_or_default(),
                code,
            },
            verdict,
            code: j.code.clone(),
            source: j.source.clone(),
            target: j.target.clone(),
            note: j.note.clone().filter(|n| !n.trim().is_empty()),
            reviewed_at: String::new(),
        };
        self.put_review(&review, cameo)?;
        Ok(review)
    }

    /// Stores one judgement as it is (replacing one with the same key).
    fn put_review(&self, r: &Review, cameo: &CameoTable) -> Result<()> {
        if let Some(code) = &r.code {
            crate::values::cameo_code(code)
                .map_err(|e| StoreError::BadQuery(format!("code: {e}")))?;
        }
        for a in [&r.source, &r.target].into_iter().flatten() {
            crate::values::actor_code(a)
                .map_err(|e| StoreError::BadQuery(format!("actor: {e}")))?;
        }
        let info = r.code.as_deref().and_then(|c| cameo.get(c));
        let root: Option<String> = r.code.as_deref().map(|c| c.chars().take(2).collect());
        let quad = r
            .code
            .as_deref()
            .map(|c| i64::from(newsgraph_dict::cameo::quad_class(c)));
        let goldstein = match (&r.code, info) {
            (Some(_), Some(i)) => Some(crate::goldstein_decimal(f64::from(i.goldstein))),
            _ => None,
        };
        let at = (!r.reviewed_at.is_empty()).then_some(r.reviewed_at.as_str());
        self.conn
            .execute(
                "INSERT OR REPLACE INTO reviews(article_id, start, end, judged_source, judged_target, \
                 judged_code, verdict, source, target, code, root_code, quad_class, goldstein, note, reviewed_at) \
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14, \
                 COALESCE(?15, strftime('%Y-%m-%dT%H:%M:%SZ','now')))",
                params![
                    r.article_id,
                    r.span[0],
                    r.span[1],
                    r.judged.source,
                    r.judged.target,
                    r.judged.code,
                    r.verdict.name(),
                    r.source,
                    r.target,
                    r.code,
                    root,
                    quad,
                    goldstein,
                    r.note,
                    at
                ],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Removes the judgement of the stored event `(article_id, idx)`;
    /// false when it had none.
    pub fn clear_review(&mut self, article_id: &str, idx: i64) -> Result<bool> {
        let n = self
            .conn
            .execute(
                &format!(
                    "DELETE FROM reviews WHERE rowid IN (SELECT r.rowid FROM events ev {JOIN} \
                     WHERE ev.article_id = ?1 AND ev.idx = ?2)"
                ),
                params![article_id, idx],
            )
            .map_err(self.err())?;
        Ok(n > 0)
    }

    /// Every judgement, by article and span.
    pub fn reviews(&self) -> Result<Vec<Review>> {
        if !self.has_reviews() {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT article_id, start, end, judged_source, judged_target, judged_code, verdict, \
                 source, target, code, note, reviewed_at FROM reviews \
                 ORDER BY article_id, start, end, judged_code",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                let verdict: String = r.get(6)?;
                Ok(Review {
                    article_id: r.get(0)?,
                    span: [r.get(1)?, r.get(2)?],
                    judged: Judged {
                        source: r.get(3)?,
                        target: r.get(4)?,
                        code: r.get(5)?,
                    },
                    verdict: if verdict == "wrong" {
                        Verdict::Wrong
                    } else {
                        Verdict::Right
                    },
                    source: r.get(7)?,
                    target: r.get(8)?,
                    code: r.get(9)?,
                    note: r.get(10)?,
                    reviewed_at: r.get(11)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(rows)
    }

    /// The judgements as the review file, one line per reviewed article
    /// (see the module header).
    pub fn review_file(&self) -> Result<Vec<ReviewFileLine>> {
        let mut out: Vec<ReviewFileLine> = Vec::new();
        for r in self.reviews()? {
            if out.last().is_none_or(|l| l.article_id != r.article_id) {
                let head: Option<(Option<String>, Option<String>, String)> = self
                    .conn
                    .query_row(
                        "SELECT title, published, text FROM articles WHERE id = ?1",
                        [&r.article_id],
                        |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)),
                    )
                    .optional()
                    .map_err(self.err())?;
                let (title, published, text) = match head {
                    Some((t, p, x)) => (t, p, Some(x)),
                    None => (None, None, None),
                };
                out.push(ReviewFileLine {
                    article_id: r.article_id.clone(),
                    title,
                    published,
                    text,
                    events: Vec::new(),
                    reviews: Vec::new(),
                });
            }
            let line = out.last_mut().expect("pushed above");
            if r.verdict == Verdict::Right {
                line.events.push(GoldEvent {
                    source: r.source.clone().unwrap_or_else(|| r.judged.source.clone()),
                    target: r.target.clone().unwrap_or_else(|| r.judged.target.clone()),
                    code: r.code.clone().unwrap_or_else(|| r.judged.code.clone()),
                    span: r.span,
                });
            }
            line.reviews.push(r);
        }
        Ok(out)
    }

    /// Stores the judgements of review-file lines (replacing those with
    /// the same key) in one transaction; returns how many.
    pub fn import_reviews(
        &mut self,
        lines: &[ReviewFileLine],
        cameo: &CameoTable,
    ) -> Result<usize> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE;")
            .map_err(self.err())?;
        let mut n = 0;
        let mut done = Ok(());
        'lines: for line in lines {
            for r in &line.reviews {
                if r.article_id != line.article_id {
                    done = Err(StoreError::BadQuery(format!(
                        "a review of article {} is listed under article {}",
                        r.article_id, line.article_id
                    )));
                    break 'lines;
                }
                if let Err(e) = self.put_review(r, cameo) {
                    done = Err(e);
                    break 'lines;
                }
                n += 1;
            }
        }
        let end = if done.is_ok() { "COMMIT;" } else { "ROLLBACK;" };
        self.conn.execute_batch(end).map_err(self.err())?;
        done.map(|()| n)
    }
}

#[cfg(test)]
#[path = "reviews_tests.rs"]
mod tests;
