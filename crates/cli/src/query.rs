//! `newsgraph query`: list what a database holds, as a table or JSON.

use anyhow::Context;
use clap::Subcommand;
use newsgraph_store::{values, ArticleFilter, ArticleSort, EntityFilter, EventFilter, Store};
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
    /// Articles: best match first with --search, else newest first.
    Articles {
        #[command(flatten)]
        common: Common,
        /// Full-text search over titles and text (SQLite FTS5 syntax): words
        /// (all must occur), "a phrase", OR / AND / NOT in capitals between
        /// terms, ( ) to group, NEAR(a b, N) for words within N of each
        /// other, word* for a prefix. Prints the best-matching passage.
        #[arg(long)]
        search: Option<String>,
        /// relevance (the default with --search; needs it), newest (the
        /// default without) or oldest; undated articles come last.
        #[arg(long, value_parser = sort_arg)]
        sort: Option<ArticleSort>,
        /// Publisher, as stored (exact match).
        #[arg(long)]
        source: Option<String>,
        /// Articles given this tag at ingest (`ingest --tag`).
        #[arg(long, value_parser = tag_arg)]
        tag: Option<String>,
        /// Published on or after this date (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        from: Option<String>,
        /// Published on or before this date (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        to: Option<String>,
    },
    /// Event mentions: one row per event coded in an article (`export`'s
    /// GDELT and CSV tables merge the mentions of one event into one row).
    Events {
        #[command(flatten)]
        common: Common,
        /// Actor code prefix, matched on source or target (e.g. RUS, USAGOV).
        #[arg(long, value_parser = actor_arg)]
        actor: Option<String>,
        /// CAMEO code ("042") or root code ("04").
        #[arg(long, value_parser = code_arg)]
        code: Option<String>,
        /// asserted, attributed, anonymous, hedged, expected or negated
        /// (any case).
        #[arg(long, value_parser = modality_arg)]
        modality: Option<String>,
        /// Events dated on or after this date (YYYY-MM-DD): the event's own
        /// date (its time expression, else the article's publication date),
        /// not the publication date.
        #[arg(long, value_parser = date_arg)]
        from: Option<String>,
        /// Events dated on or before this date (YYYY-MM-DD), as --from.
        #[arg(long, value_parser = date_arg)]
        to: Option<String>,
        /// Only events whose confidence is at least this (0–1); events
        /// stored before confidences were kept (schema < 6) have none and
        /// are left out.
        #[arg(long, value_name = "0-1", value_parser = crate::confidence_arg)]
        min_confidence: Option<f32>,
    },
    /// Quotes across articles, newest first: who said what, with the cue,
    /// the article and its date.
    Quotes {
        #[command(flatten)]
        common: Common,
        /// Part of the speaker's name, any case ("blair").
        #[arg(long)]
        speaker: Option<String>,
        /// Every matching quote as CSV on stdout (published, speaker, cue,
        /// kind, text, article_id, title, idx, start, end), whatever
        /// --limit and --offset.
        #[arg(long, conflicts_with_all = ["json", "parquet"])]
        csv: bool,
        /// Every matching quote as a Parquet file (the columns of --csv).
        #[arg(long, value_name = "FILE", conflicts_with = "json")]
        parquet: Option<PathBuf>,
        /// Part of the name of an entity mentioned inside the quote.
        #[arg(long)]
        mentions: Option<String>,
        /// Words of the quote (one phrase, any case).
        #[arg(long)]
        search: Option<String>,
        /// Articles published on or after this date (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        from: Option<String>,
        /// Articles published on or before this date (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        to: Option<String>,
    },
    /// Corpus entities, most widely mentioned first: one row per
    /// real-world actor across articles and spellings ("US", "U.S." and
    /// "United States" are one country; "Blair" is Tony Blair where he is
    /// the corpus's Blair), with the articles naming it under any spelling.
    Entities {
        #[command(flatten)]
        common: Common,
        /// Part of any spelling of the name, case-insensitive.
        #[arg(long)]
        name: Option<String>,
        /// PERSON, ORG, GPE, LOC, NORP, FAC, EVENT or MISC (any case).
        #[arg(long = "type", value_parser = entity_type_arg)]
        entity_type: Option<String>,
        /// Actor code prefix (e.g. USAGOV).
        #[arg(long, value_parser = actor_arg)]
        actor: Option<String>,
    },
}

/// Read-only: a query works on a database this user may not write and
/// leaves no file beside it. The store's error names the path once.
fn open(db: &Path) -> anyhow::Result<Store> {
    Ok(Store::open_read_only(db)?)
}

// clap value parsers over the store's checks, which the API shares
// (`newsgraph_store::values`): a value that can match nothing is refused
// with one line naming the option, the value and the valid ones, instead of
// giving 0 rows.

pub(crate) fn date_arg(v: &str) -> Result<String, String> {
    values::date(v)
}

pub(crate) fn actor_arg(v: &str) -> Result<String, String> {
    values::actor_code(v)
}

pub(crate) fn code_arg(v: &str) -> Result<String, String> {
    values::cameo_code(v)
}

fn sort_arg(v: &str) -> Result<ArticleSort, String> {
    ArticleSort::parse(v)
}

fn tag_arg(v: &str) -> Result<String, String> {
    values::tag(v)
}

fn modality_arg(v: &str) -> Result<String, String> {
    values::modality(v)
}

fn entity_type_arg(v: &str) -> Result<String, String> {
    values::entity_type(v)
}

/// Says on stderr how many records a date range left out for having no
/// date, which is why a date filter over undated articles finds nothing.
fn note_undated(n: i64, what: &str, fix: &str) {
    if n > 0 {
        eprintln!("note: --from/--to left out {n} undated {what}{fix}");
    }
}

/// A range that ends before it starts matches nothing: say so.
pub(crate) fn check_range(from: &Option<String>, to: &Option<String>) -> anyhow::Result<()> {
    if let (Some(f), Some(t)) = (from, to) {
        anyhow::ensure!(f <= t, "--from {f} is after --to {t}");
    }
    Ok(())
}

pub fn run(what: QueryWhat) -> anyhow::Result<bool> {
    match what {
        QueryWhat::Articles {
            common,
            search,
            sort,
            source,
            tag,
            from,
            to,
        } => {
            check_range(&from, &to)?;
            if sort == Some(ArticleSort::Relevance) && search.is_none() {
                anyhow::bail!("--sort relevance needs --search");
            }
            let searching = search.is_some();
            let filter = ArticleFilter {
                search,
                source,
                tag,
                from,
                to,
                sort,
                limit: common.fetch(),
            };
            let store = open(&common.db)?;
            let rows = store.query_articles(&filter)?;
            note_undated(
                store.undated_articles(&filter)?,
                "article(s)",
                " (their input carried no date; `ingest --published DATE` gives one)",
            );
            let (rows, more) = common.page(rows);
            let mut header = vec!["id", "published", "source", "event mentions", "title"];
            if searching {
                header.push("match");
            }
            let printed = print_rows(&rows, common.json, ("row", "rows"), &header, |r| {
                let mut cells = vec![
                    r.id.clone(),
                    r.published.clone().unwrap_or_default(),
                    r.source.clone().unwrap_or_default(),
                    r.n_events.to_string(),
                    r.title.clone().unwrap_or_default(),
                ];
                if searching {
                    // One line per row: the passage may span paragraphs.
                    let snippet = r.snippet.clone().unwrap_or_default();
                    cells.push(snippet.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                cells
            })?;
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
            min_confidence,
        } => {
            check_range(&from, &to)?;
            let filter = EventFilter {
                actor,
                code,
                modality,
                from,
                to,
                min_confidence,
                limit: common.fetch(),
            };
            let store = open(&common.db)?;
            let rows = store.query_events(&filter)?;
            note_undated(
                store.undated_events(&filter)?,
                "event mention(s)",
                " (neither the text nor the article gave them a date)",
            );
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
                    "conf",
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
                        r.confidence.map(|c| format!("{c:.2}")).unwrap_or_default(),
                        r.text.chars().take(80).collect(),
                    ]
                },
            )?;
            common.note_cut(more, "event mentions");
            Ok(printed)
        }
        QueryWhat::Quotes {
            common,
            speaker,
            mentions,
            search,
            from,
            to,
            csv,
            parquet,
        } => {
            check_range(&from, &to)?;
            if csv || parquet.is_some() {
                let page = open(&common.db)?.quotes(&newsgraph_store::QuoteQuery {
                    speaker,
                    mentions,
                    search,
                    from,
                    to,
                    limit: i64::MAX as usize,
                    offset: 0,
                })?;
                if let Some(path) = parquet {
                    let mut out = std::io::BufWriter::new(
                        std::fs::File::create(&path)
                            .with_context(|| format!("{}: cannot create", path.display()))?,
                    );
                    newsgraph_export::quotes::write_parquet(&page.quotes, &mut out)?;
                    eprintln!(
                        "{} quote(s) written to {}",
                        page.quotes.len(),
                        path.display()
                    );
                } else {
                    let stdout = std::io::stdout();
                    let mut out = std::io::BufWriter::new(stdout.lock());
                    newsgraph_export::quotes::write_csv(&page.quotes, &mut out)?;
                }
                return Ok(!page.quotes.is_empty());
            }
            let page = open(&common.db)?.quotes(&newsgraph_store::QuoteQuery {
                speaker,
                mentions,
                search,
                from,
                to,
                limit: common.fetch().unwrap_or(100).saturating_sub(common.offset),
                offset: common.offset,
            })?;
            let more = common.limit > 0 && page.quotes.len() > common.limit;
            let mut rows = page.quotes;
            if common.limit > 0 {
                rows.truncate(common.limit);
            }
            let printed = print_rows(
                &rows,
                common.json,
                ("quote", "quotes"),
                &["published", "speaker", "cue", "quote", "article"],
                |r| {
                    vec![
                        r.published.clone().unwrap_or_default(),
                        r.speaker.clone().unwrap_or_default(),
                        r.cue.clone().unwrap_or_default(),
                        r.text.split_whitespace().collect::<Vec<_>>().join(" "),
                        r.title.clone().unwrap_or_else(|| r.article_id.clone()),
                    ]
                },
            )?;
            common.note_cut(more, "quotes");
            Ok(printed)
        }
        QueryWhat::Entities {
            common,
            name,
            entity_type,
            actor,
        } => {
            let list = open(&common.db)?.query_entities(
                &EntityFilter {
                    name,
                    entity_type,
                    actor,
                    limit: common.fetch(),
                },
                0,
            )?;
            let (rows, more) = common.page(list.entities);
            let printed = print_rows(
                &rows,
                common.json,
                ("row", "rows"),
                &[
                    "key",
                    "name",
                    "type",
                    "actor",
                    "articles",
                    "mentions",
                    "spellings",
                    "roles",
                ],
                |r| {
                    vec![
                        r.key.clone(),
                        r.name.clone(),
                        r.entity_type.clone(),
                        r.actor.clone().unwrap_or_default(),
                        r.n_articles.to_string(),
                        r.n_mentions.to_string(),
                        r.names.join("; "),
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
            // A search's matching passage is the point of the row: it may
            // run to 120 characters, other columns to 60.
            let caps: Vec<usize> = header
                .iter()
                .map(|h| if *h == "match" { 120 } else { 60 })
                .collect();
            for row in &table {
                for ((w, c), cap) in widths.iter_mut().zip(row).zip(&caps) {
                    *w = (*w).max(c.chars().count()).min(*cap);
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
