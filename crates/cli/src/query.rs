//! `newsgraph query`: list what a database holds, as a table or JSON.

use anyhow::Context;
use clap::Subcommand;
use newsgraph_store::{ArticleFilter, EntityFilter, EventFilter, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Clone)]
pub struct Common {
    /// The database to read (opened read-only).
    #[arg(long, default_value = "newsgraph.db")]
    db: PathBuf,
    /// One JSON object per row per line instead of a table.
    #[arg(long)]
    json: bool,
    /// Most rows to print (0: every row). When more match, a note on
    /// stderr says so and how to see them.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Rows to skip first, to page through a long list with --limit.
    #[arg(long, default_value_t = 0)]
    offset: usize,
}

impl Common {
    /// The rows to ask the store for: the page and the rows before it, and
    /// one more, which says whether the list goes on; with --limit 0, all
    /// (the store's own default is 100, and SQLite's LIMIT is an i64).
    fn fetch(&self) -> Option<usize> {
        let all = i64::MAX as usize;
        Some(if self.limit == 0 {
            all
        } else {
            self.offset
                .saturating_add(self.limit)
                .saturating_add(1)
                .min(all)
        })
    }

    /// The page of `rows` (as fetched with [`Common::fetch`]) and whether
    /// more rows follow it.
    fn page<T>(&self, rows: Vec<T>) -> (Vec<T>, bool) {
        let mut page: Vec<T> = rows.into_iter().skip(self.offset).collect();
        let more = self.limit > 0 && page.len() > self.limit;
        if more {
            page.truncate(self.limit);
        }
        (page, more)
    }

    /// Says on stderr that the list was cut, and how to see the rest.
    fn note_cut(&self, more: bool, unit: &str) {
        if more {
            eprintln!(
                "note: more {unit} match than the {} shown (--limit {}); --offset {} shows the next ones, --limit 0 all of them",
                self.limit,
                self.limit,
                self.offset + self.limit
            );
        }
    }
}

#[derive(Subcommand)]
pub enum QueryWhat {
    /// Articles, newest first.
    Articles {
        #[command(flatten)]
        common: Common,
        /// Full-text search over titles and text (all words must occur).
        #[arg(long)]
        search: Option<String>,
        /// Publisher, as stored (exact match).
        #[arg(long)]
        source: Option<String>,
        /// Published on or after this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Published on or before this date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
    },
    /// Event mentions: one row per event coded in an article (`export`'s
    /// GDELT and CSV tables merge the mentions of one event into one row).
    Events {
        #[command(flatten)]
        common: Common,
        /// Actor code prefix, matched on source or target (e.g. RUS, USAGOV).
        #[arg(long)]
        actor: Option<String>,
        /// CAMEO code ("042") or root code ("04").
        #[arg(long)]
        code: Option<String>,
        /// asserted, attributed, anonymous, hedged, expected or negated.
        #[arg(long)]
        modality: Option<String>,
        /// Events dated on or after this date (YYYY-MM-DD): the event's own
        /// date (its time expression, else the article's publication date),
        /// not the publication date.
        #[arg(long)]
        from: Option<String>,
        /// Events dated on or before this date (YYYY-MM-DD), as --from.
        #[arg(long)]
        to: Option<String>,
    },
    /// Entities, most widely mentioned first.
    Entities {
        #[command(flatten)]
        common: Common,
        /// Part of the name, case-insensitive.
        #[arg(long)]
        name: Option<String>,
        /// PERSON, ORG, GPE, LOC, NORP, FAC, EVENT or MISC.
        #[arg(long = "type")]
        entity_type: Option<String>,
        /// Actor code prefix (e.g. USAGOV).
        #[arg(long)]
        actor: Option<String>,
    },
}

/// Read-only: a query works on a database this user may not write and
/// leaves no file beside it. The store's error names the path once.
fn open(db: &Path) -> anyhow::Result<Store> {
    Ok(Store::open_read_only(db)?)
}

fn check_date(d: &Option<String>) -> anyhow::Result<()> {
    if let Some(d) = d {
        chrono_like_date(d).with_context(|| format!("bad date {d:?}: expected YYYY-MM-DD"))?;
    }
    Ok(())
}

/// Validates YYYY-MM-DD without pulling a date crate into the CLI.
fn chrono_like_date(d: &str) -> anyhow::Result<()> {
    let parts: Vec<&str> = d.split('-').collect();
    let ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    anyhow::ensure!(ok, "not a date");
    Ok(())
}

pub fn run(what: QueryWhat) -> anyhow::Result<bool> {
    match what {
        QueryWhat::Articles {
            common,
            search,
            source,
            from,
            to,
        } => {
            check_date(&from)?;
            check_date(&to)?;
            let rows = open(&common.db)?.query_articles(&ArticleFilter {
                search,
                source,
                from,
                to,
                limit: common.fetch(),
            })?;
            let (rows, more) = common.page(rows);
            let printed = print_rows(
                &rows,
                common.json,
                ("row", "rows"),
                &["id", "published", "source", "event mentions", "title"],
                |r| {
                    vec![
                        r.id.clone(),
                        r.published.clone().unwrap_or_default(),
                        r.source.clone().unwrap_or_default(),
                        r.n_events.to_string(),
                        r.title.clone().unwrap_or_default(),
                    ]
                },
            )?;
            common.note_cut(more, "articles");
            Ok(printed)
        }
        QueryWhat::Events {
            common,
            actor,
            code,
            modality,
            from,
            to,
        } => {
            check_date(&from)?;
            check_date(&to)?;
            let rows = open(&common.db)?.query_events(&EventFilter {
                actor,
                code,
                modality,
                from,
                to,
                limit: common.fetch(),
            })?;
            let (rows, more) = common.page(rows);
            let printed = print_rows(
                &rows,
                common.json,
                ("event mention", "event mentions"),
                &[
                    "date",
                    "source",
                    "code",
                    "target",
                    "goldstein",
                    "modality",
                    "evidence",
                ],
                |r| {
                    vec![
                        r.date.clone().unwrap_or_default(),
                        r.source.clone().unwrap_or_default(),
                        r.code.clone(),
                        r.target.clone().unwrap_or_default(),
                        format!("{:.1}", r.goldstein),
                        r.modality.clone(),
                        r.text.chars().take(80).collect(),
                    ]
                },
            )?;
            common.note_cut(more, "event mentions");
            Ok(printed)
        }
        QueryWhat::Entities {
            common,
            name,
            entity_type,
            actor,
        } => {
            let rows = open(&common.db)?.query_entities(&EntityFilter {
                name,
                entity_type,
                actor,
                limit: common.fetch(),
            })?;
            let (rows, more) = common.page(rows);
            let printed = print_rows(
                &rows,
                common.json,
                ("row", "rows"),
                &["name", "type", "actor", "articles", "mentions", "roles"],
                |r| {
                    vec![
                        r.name.clone(),
                        r.entity_type.clone(),
                        r.actor.clone().unwrap_or_default(),
                        r.n_articles.to_string(),
                        r.n_mentions.to_string(),
                        r.roles.join("; "),
                    ]
                },
            )?;
            common.note_cut(more, "entities");
            Ok(printed)
        }
    }
}

/// Prints `rows` as JSON Lines or a table closed by their count in `unit`
/// (singular, plural).
fn print_rows<T: Serialize>(
    rows: &[T],
    json: bool,
    unit: (&str, &str),
    header: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
) -> anyhow::Result<bool> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = (|| -> anyhow::Result<()> {
        if json {
            for r in rows {
                serde_json::to_writer(&mut out, r)?;
                writeln!(out)?;
            }
        } else {
            let table: Vec<Vec<String>> = rows.iter().map(&cells).collect();
            let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
            for row in &table {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.chars().count()).min(60);
                }
            }
            let line = |cells: Vec<String>| -> String {
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| {
                        let c: String = c.chars().take(*w).collect();
                        format!("{c:<w$}")
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(
                out,
                "{}",
                line(header.iter().map(|h| h.to_uppercase()).collect())
            )?;
            for row in table {
                writeln!(out, "{}", line(row))?;
            }
            writeln!(
                out,
                "({} {})",
                rows.len(),
                if rows.len() == 1 { unit.0 } else { unit.1 }
            )?;
        }
        out.flush()?;
        Ok(())
    })();
    match result {
        Err(e) if crate::analyze::is_broken_pipe(&e) => Ok(true),
        other => other.map(|_| true),
    }
}
