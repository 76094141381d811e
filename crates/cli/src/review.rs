//! `newsgraph review`: an analyst's judgements of coded events (issue 24,
//! item 2). Mark an event right or wrong, correct its code, source or
//! target, list the judgements, draw a sample to review, and carry them to
//! another database as a file in the gold format `newsgraph eval events
//! --gold` reads. The store keeps and applies them
//! (`newsgraph_store::reviews`).

use crate::query::{actor_arg, code_arg};
use clap::Subcommand;
use newsgraph_store::reviews::{Judgement, ReviewFileLine, Verdict};
use newsgraph_store::{EventOrder, EventQuery, Store};
use std::io::{BufRead, Write};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ReviewWhat {
    /// Judge one event (by article id and event number, as `query events
    /// --json` and `review sample` give them): --verdict right or wrong,
    /// or a correction (--code, --source, --target), which makes it right.
    Mark {
        /// The database.
        #[arg(long, default_value = "newsgraph.db")]
        db: PathBuf,
        /// The article's id.
        #[arg(long)]
        article: String,
        /// The event's number in its article (`idx`).
        #[arg(long)]
        event: i64,
        /// right or wrong.
        #[arg(long, value_parser = verdict_arg)]
        verdict: Option<Verdict>,
        /// The right CAMEO code.
        #[arg(long, value_parser = code_arg)]
        code: Option<String>,
        /// The right source actor code.
        #[arg(long, value_parser = actor_arg)]
        source: Option<String>,
        /// The right target actor code.
        #[arg(long, value_parser = actor_arg)]
        target: Option<String>,
        /// Why, in a few words.
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove the judgement of one event.
    Clear {
        /// The database.
        #[arg(long, default_value = "newsgraph.db")]
        db: PathBuf,
        /// The article's id.
        #[arg(long)]
        article: String,
        /// The event's number in its article (`idx`).
        #[arg(long)]
        event: i64,
    },
    /// Every judgement (JSON Lines with --json).
    List {
        /// The database.
        #[arg(long, default_value = "newsgraph.db")]
        db: PathBuf,
        /// One JSON object per judgement per line.
        #[arg(long)]
        json: bool,
    },
    /// A reproducible sample of events nobody has judged yet, to review.
    Sample {
        /// The database.
        #[arg(long, default_value = "newsgraph.db")]
        db: PathBuf,
        /// How many.
        #[arg(long, default_value_t = 20)]
        n: usize,
        /// Another seed draws another sample.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Actor code prefix, matched on source or target.
        #[arg(long, value_parser = actor_arg)]
        actor: Option<String>,
        /// One JSON object per event per line.
        #[arg(long)]
        json: bool,
    },
    /// Write the judgements as a review file (JSON Lines, the gold format
    /// plus every judgement; see data/gold/events/README.md).
    Export {
        /// The database.
        #[arg(long, default_value = "newsgraph.db")]
        db: PathBuf,
        /// The file to write (default: stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Read judgements from a review file into this database (replacing
    /// those of the same events).
    Import {
        /// The database.
        #[arg(long, default_value = "newsgraph.db")]
        db: PathBuf,
        /// The review file.
        file: PathBuf,
    },
}

fn verdict_arg(v: &str) -> Result<Verdict, String> {
    Verdict::parse(v)
}

fn cameo() -> anyhow::Result<newsgraph_dict::cameo::CameoTable> {
    Ok(newsgraph_dict::embedded_cameo()?)
}

pub fn run(what: ReviewWhat) -> anyhow::Result<bool> {
    match what {
        ReviewWhat::Mark {
            db,
            article,
            event,
            verdict,
            code,
            source,
            target,
            note,
        } => {
            let mut store = Store::open(&db)?;
            let j = Judgement {
                verdict,
                code,
                source,
                target,
                note,
            };
            let r = store.review(&article, event, &j, &cameo()?)?;
            eprintln!(
                "{} {}>{}:{} in {} judged {}",
                r.span[0],
                r.judged.source,
                r.judged.target,
                r.judged.code,
                r.article_id,
                match (&r.code, &r.source, &r.target) {
                    (None, None, None) => format!("{:?}", r.verdict).to_lowercase(),
                    _ => "corrected".into(),
                }
            );
        }
        ReviewWhat::Clear { db, article, event } => {
            let mut store = Store::open(&db)?;
            if !store.clear_review(&article, event)? {
                eprintln!("note: event {event} of {article} had no judgement");
            }
        }
        ReviewWhat::List { db, json } => {
            let store = Store::open_read_only(&db)?;
            let reviews = store.reviews()?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for r in &reviews {
                if json {
                    writeln!(out, "{}", serde_json::to_string(r)?)?;
                } else {
                    let fix: Vec<String> = [
                        ("code", &r.code),
                        ("source", &r.source),
                        ("target", &r.target),
                    ]
                    .iter()
                    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
                    .collect();
                    writeln!(
                        out,
                        "{}  {}-{}  {}>{}:{}  {:?}  {}  {}",
                        r.article_id,
                        r.span[0],
                        r.span[1],
                        r.judged.source,
                        r.judged.target,
                        r.judged.code,
                        r.verdict,
                        fix.join(" "),
                        r.note.as_deref().unwrap_or("")
                    )?;
                }
            }
            if !json {
                writeln!(out, "({} judgements)", reviews.len())?;
            }
            out.flush()?;
        }
        ReviewWhat::Sample {
            db,
            n,
            seed,
            actor,
            json,
        } => {
            let store = Store::open_read_only(&db)?;
            let cameo = cameo()?;
            let q = EventQuery {
                actor,
                ..EventQuery::default()
            };
            // Every matching event, then a seeded hash order: the same
            // database and seed draw the same sample.
            let all = store.events(&q, EventOrder::DateAsc, usize::MAX >> 1, 0, &cameo)?;
            let mut pool: Vec<_> = all
                .events
                .into_iter()
                .filter(|e| e.review.is_none())
                .collect();
            pool.sort_by_key(|e| fnv(seed, &e.article_id, e.idx));
            pool.truncate(n);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for e in &pool {
                if json {
                    writeln!(out, "{}", serde_json::to_string(e)?)?;
                } else {
                    writeln!(
                        out,
                        "--article {} --event {}  {} {}>{}:{} {}\n    {}",
                        e.article_id,
                        e.idx,
                        e.date.as_deref().unwrap_or("undated"),
                        e.source.as_deref().unwrap_or(""),
                        e.target.as_deref().unwrap_or(""),
                        e.code,
                        e.label.as_deref().unwrap_or(""),
                        e.text.split_whitespace().collect::<Vec<_>>().join(" ")
                    )?;
                }
            }
            out.flush()?;
        }
        ReviewWhat::Export { db, out } => {
            let store = Store::open_read_only(&db)?;
            let lines = store.review_file()?;
            let mut w: Box<dyn Write> = match &out {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            for l in &lines {
                writeln!(w, "{}", serde_json::to_string(l)?)?;
            }
            w.flush()?;
            let n: usize = lines.iter().map(|l| l.reviews.len()).sum();
            eprintln!("{n} judgements of {} articles written", lines.len());
        }
        ReviewWhat::Import { db, file } => {
            let f = std::fs::File::open(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let mut lines: Vec<ReviewFileLine> = Vec::new();
            for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
                let line = line.map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
                if line.trim().is_empty() {
                    continue;
                }
                lines.push(serde_json::from_str(&line).map_err(|e| {
                    anyhow::anyhow!("{}:{}: not a review file line: {e}", file.display(), i + 1)
                })?);
            }
            let mut store = Store::open(&db)?;
            let n = store.import_reviews(&lines, &cameo()?)?;
            eprintln!("{n} judgements imported from {}", file.display());
        }
    }
    Ok(true)
}

/// FNV-1a of the seed and the event's key: a stable shuffle.
fn fnv(seed: u64, id: &str, idx: i64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in id.bytes().chain(idx.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
