//! The `newsgraph` command: parses flags and hands work to the library
//! crates. No analysis logic lives here.

mod analyze;
mod code;
mod counts;
mod export;
mod ingest;
mod models_cmd;
mod query;
mod review;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc rather than glibc malloc: an analysis allocates many small,
/// short-lived strings and vectors per article (lemmas, feature keys, layer
/// items), and glibc's malloc/free were ~6% of the CPU. Set here, in the
/// binary, so the library crates stay allocator-neutral.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps mimalloc's peak memory near glibc's. mimalloc v3 holds freed pages
/// for a second before returning them; purging at once kept the peak RSS
/// of model loading at glibc's level (with `no_thp`, see Cargo.toml, which
/// stops it from asking for transparent huge pages: those alone added ~45 MiB
/// to a one-article run). Call first thing in `main`.
fn tune_allocator() {
    // Option number of `mi_option_purge_delay` in `mi_option_e` (mimalloc.h,
    // v3, as pinned in Cargo.lock); libmimalloc-sys does not name it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mi_option_set only stores an integer in mimalloc's option
    // table; it takes no pointers and is safe to call at any time.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

#[derive(Parser)]
#[command(
    name = "newsgraph",
    version,
    about = "Who did what to whom, when and where, who said what — from news articles, offline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by commands that read articles.
#[derive(clap::Args, Clone)]
pub struct InputArgs {
    /// Files, directories (read recursively) or `-` for stdin. Plain text,
    /// HTML, JSON Lines, WARC; `.gz` is decompressed transparently.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Largest article accepted, in bytes; larger inputs are reported and skipped.
    #[arg(long, default_value_t = 5_000_000)]
    pub max_article_bytes: usize,
    /// Analyze articles in any language instead of skipping non-English ones.
    #[arg(long)]
    pub all_languages: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Your own actor or verb dictionary (PETRARCH format), layered over the
    /// built-in ones; repeat for several.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Name each file of the input directories that is not read (not an
    /// article format, or a README, LICENSE or similar file); without it,
    /// only the count per reason is printed.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Keep only events whose confidence is at least this (0–1; default: the
    /// event scorer's, chosen on the dev set for precision; 0 keeps
    /// every event).
    #[arg(long, value_name = "0-1", value_parser = confidence_arg)]
    pub min_confidence: Option<f32>,
}

/// `--min-confidence`: a number from 0 to 1.
pub(crate) fn confidence_arg(v: &str) -> Result<f32, String> {
    newsgraph_store::values::confidence(v)
}

/// Drops the events below `min` (the pipeline's default minimum when `None`).
pub(crate) fn keep_confident(
    pipeline: &newsgraph_pipeline::Pipeline,
    doc: &mut newsgraph_doc::Document,
    min: Option<f32>,
) {
    let min = min.unwrap_or_else(|| pipeline.min_confidence());
    doc.events.retain(|e| e.confidence >= min);
}

#[derive(Subcommand)]
enum Command {
    /// Analyze articles and print a report (or JSON) per article.
    Analyze {
        #[command(flatten)]
        input: InputArgs,
        /// One JSON object per article per line (the contract in docs/json-contract.md).
        #[arg(long)]
        json: bool,
        /// Include the article text in the JSON as "text".
        #[arg(long)]
        with_text: bool,
        /// Print the tokens, tags, lemmas and dependency parse as CoNLL-U
        /// instead of the report (`_` heads for sentences no later stage
        /// reads the parse of, which the pipeline leaves unparsed).
        #[arg(long, conflicts_with = "json")]
        conllu: bool,
    },
    /// Analyze articles and store them in a SQLite database.
    Ingest {
        #[command(flatten)]
        input: InputArgs,
        /// The SQLite database to add to (created if missing).
        #[arg(long, default_value = "newsgraph.db")]
        db: PathBuf,
        /// Articles per transaction.
        #[arg(long, default_value_t = 64)]
        batch: usize,
        #[command(flatten)]
        given: ingest::Given,
    },
    /// List stored articles, events or entities.
    Query {
        #[command(subcommand)]
        what: query::QueryWhat,
    },
    /// Count events per period and group (dyad, actor, root, quad, plover or
    /// place per day, week or month): events, mentions, articles, Goldstein
    /// sum and mean, mean tone.
    Counts(counts::CountsArgs),
    /// Judge coded events (right, wrong, corrected); judgements apply to
    /// every view, count and export, and travel as a gold-format file.
    Review {
        #[command(subcommand)]
        what: review::ReviewWhat,
    },
    /// Write stored articles, events and entities as GDELT 2.0 tables,
    /// JSON Lines, CSV or Parquet.
    Export(export::ExportArgs),
    /// Serve the HTTP API and the web page over a database.
    Serve {
        /// The database to serve (opened read-only unless --allow-writes).
        #[arg(long, default_value = "newsgraph.db")]
        db: PathBuf,
        /// Address to listen on: IP:PORT, localhost:PORT, or a bare PORT
        /// (on 127.0.0.1); loopback unless you say otherwise.
        #[arg(long, default_value = "127.0.0.1:8080", value_parser = addr_arg)]
        addr: std::net::SocketAddr,
        /// Enable paste-and-analyze and ingest over HTTP (behind a token).
        #[arg(long)]
        allow_writes: bool,
        /// Bearer token for the write routes (generated and printed if omitted).
        #[arg(long)]
        token: Option<String>,
        /// Also answer requests naming this host (a reverse proxy's name);
        /// repeat for several. Loopback names and the --addr address are
        /// always accepted; any other Host header gets 403.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_hosts: Vec<String>,
    },
    /// Train a model from annotated data (reproducible: fixed seed).
    Train {
        #[command(subcommand)]
        what: models_cmd::TrainWhat,
    },
    /// Filter for Spark's RDD.pipe: articles as JSON Lines on stdin, one
    /// record per article as JSON Lines on stdout (errors as records).
    Code(code::CodeArgs),
    /// Score the analysis against gold corpora (crates/eval).
    Eval {
        #[command(subcommand)]
        what: models_cmd::EvalWhat,
        /// Print the figures as JSON Lines, one
        /// {"suite","metric","value","scale"} object per line, instead of
        /// the reports.
        #[arg(long, global = true)]
        json: bool,
    },
}

/// `--addr`: an IP address and port, or the two spellings people type for
/// the loopback one, `localhost:8080` and `8080`. `localhost` becomes
/// 127.0.0.1 rather than being looked up, so the server never binds to
/// whatever a hosts file says.
fn addr_arg(v: &str) -> Result<std::net::SocketAddr, String> {
    let v = v.trim();
    let port = |p: &str| p.parse::<u16>().ok();
    let loopback = |p| std::net::SocketAddr::from(([127, 0, 0, 1], p));
    if let Some(p) = port(v) {
        return Ok(loopback(p));
    }
    if let Some(p) = v
        .get(.."localhost:".len())
        .filter(|h| h.eq_ignore_ascii_case("localhost:"))
        .and_then(|_| port(&v["localhost:".len()..]))
    {
        return Ok(loopback(p));
    }
    v.parse().map_err(|_| {
        format!(
            "'{v}' is not an address: give PORT, localhost:PORT or IP:PORT \
             (e.g. 8080, localhost:8080, 127.0.0.1:8080, [::1]:8080)"
        )
    })
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze {
            input,
            json,
            with_text,
            conllu,
        } => analyze::run(&input, analyze::Output::pick(json, conllu), with_text),
        Command::Ingest {
            input,
            db,
            batch,
            given,
        } => ingest::run(&input, &db, batch, &given),
        Command::Query { what } => query::run(what),
        Command::Export(args) => export::run(&args),
        Command::Counts(args) => counts::run(&args),
        Command::Review { what } => review::run(what),
        Command::Serve {
            db,
            addr,
            allow_writes,
            token,
            allowed_hosts,
        } => {
            // Read-only serving opens the database read-only and so needs
            // it to exist (the store says so); with writes on, ingest over
            // HTTP may create it.
            newsgraph_server::serve(newsgraph_server::ServeConfig {
                db,
                addr,
                allow_writes,
                token,
                allowed_hosts,
            })
            .map(|_| true)
        }
        Command::Train { what } => models_cmd::train(what),
        Command::Eval { what, json } => models_cmd::eval(what, json),
        Command::Code(args) => code::run(&args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        // Some inputs failed; each was reported on stderr as it happened.
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("newsgraph: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::{CommandFactory, Parser};

    /// Issue 23, item 9: the obvious spellings of an address are accepted.
    #[test]
    fn issue_23_addr_accepts_port_and_localhost() {
        for (given, want) in [
            ("8080", "127.0.0.1:8080"),
            ("localhost:9000", "127.0.0.1:9000"),
            ("127.0.0.1:8080", "127.0.0.1:8080"),
            ("[::1]:8080", "[::1]:8080"),
        ] {
            assert_eq!(super::addr_arg(given).unwrap().to_string(), want, "{given}");
        }
        for bad in ["localhost", "example.com:80", "99999", ""] {
            let e = super::addr_arg(bad).unwrap_err();
            assert!(e.contains("localhost:PORT"), "{e}");
        }
    }

    /// Issue 23, item 9: bad filter values are refused by name, with the
    /// valid ones; enumerations take any case.
    #[test]
    fn issue_23_bad_values_are_refused() {
        let err = |args: &[&str]| match Cli::try_parse_from(args) {
            Ok(_) => panic!("accepted {args:?}"),
            Err(e) => e.to_string(),
        };
        let e = err(&["newsgraph", "query", "articles", "--from", "2005-13-01"]);
        assert!(e.contains("--from") && e.contains("2005-13-01"), "{e}");
        let e = err(&["newsgraph", "query", "entities", "--type", "PERSONS"]);
        assert!(
            e.contains("--type") && e.contains("did you mean PERSON?"),
            "{e}"
        );
        let e = err(&["newsgraph", "query", "events", "--modality", "hedge"]);
        assert!(e.contains("did you mean hedged?"), "{e}");
        let e = err(&["newsgraph", "query", "events", "--code", "XYZ"]);
        assert!(e.contains("--code") && e.contains("XYZ"), "{e}");
        let e = err(&["newsgraph", "export", "--format", "gdelt"]);
        for name in newsgraph_export::ExportFormat::NAMES {
            assert!(e.contains(name), "{e}");
        }
        for ok in [
            &["newsgraph", "export", "--format", "Parquet"][..],
            &["newsgraph", "query", "entities", "--type", "person"],
            &["newsgraph", "query", "events", "--modality", "Hedged"],
            &["newsgraph", "serve", "--addr", "localhost:8080"],
            &["newsgraph", "serve", "--addr", "8080"],
        ] {
            assert!(Cli::try_parse_from(ok).is_ok(), "{ok:?}");
        }
    }

    /// Every option and positional argument of every subcommand says what
    /// it does in `--help` (issue 23, item 15).
    #[test]
    fn issue_23_every_option_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} --{id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() && sub.get_long_about().is_none() {
                    missing.push(format!("{path} {} (no description)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "newsgraph", &mut missing);
        assert!(missing.is_empty(), "without help text: {missing:#?}");
    }

    /// The texts name what they cover.
    #[test]
    fn issue_23_help_names_formats_and_dates() {
        let cmd = Cli::command();
        let about = |name: &str| {
            cmd.find_subcommand(name)
                .and_then(|c| c.get_about())
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        assert!(about("export").contains("Parquet"), "{}", about("export"));
        let analyze = cmd.find_subcommand("analyze").unwrap();
        let paths = analyze
            .get_arguments()
            .find(|a| a.get_id() == "paths")
            .and_then(|a| a.get_help())
            .map(|s| s.to_string())
            .unwrap_or_default();
        assert!(paths.contains("WARC"), "{paths}");
        let events = cmd
            .find_subcommand("query")
            .and_then(|q| q.find_subcommand("events"))
            .unwrap();
        for flag in ["from", "to"] {
            let help = events
                .get_arguments()
                .find(|a| a.get_id() == flag)
                .and_then(|a| a.get_help())
                .map(|s| s.to_string())
                .unwrap_or_default();
            assert!(help.contains("date"), "--{flag}: {help}");
        }
        let from = events
            .get_arguments()
            .find(|a| a.get_id() == "from")
            .and_then(|a| a.get_help())
            .map(|s| s.to_string())
            .unwrap_or_default();
        assert!(from.contains("event's own date"), "{from}");
    }
}
