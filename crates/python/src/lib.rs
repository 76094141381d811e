//! `newsgraph._native`: the Python package's native module. The same
//! pipeline, readers, store and export tables the `newsgraph` binary runs,
//! with the models compiled in; the Python layer (`python/newsgraph`) turns
//! what this returns into `Article` objects and pandas DataFrames.
//!
//! Long work (loading, reading, analysis, tables) runs with the GIL
//! released, so other Python threads go on meanwhile; `analyze_batch` runs
//! the articles of a batch in parallel on a rayon pool, as the CLI does.
//! Every failure is a Python exception whose message is the CLI's one line
//! for the same problem; nothing here panics on input.

use newsgraph_doc::{Article as RawArticle, ArticleJson};
use newsgraph_export::parquet_file::{Kind, Table, Value};
use newsgraph_export::{ExportFilter, ParquetTable};
use newsgraph_read::{ArticleFields, ReadError, ReadItem, ReadOptions};
use newsgraph_store::Store;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyList, PyString};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// mimalloc, as in the `newsgraph` binary: an analysis allocates many small
/// short-lived strings and vectors, and glibc's malloc cost ~6% of the CPU.
/// It serves this module's Rust allocations only; Python's objects keep
/// Python's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    _native,
    NewsgraphError,
    PyException,
    "Base class of newsgraph's errors."
);
create_exception!(
    _native,
    InputError,
    NewsgraphError,
    "An input that gives no article (unreadable, empty, binary, malformed, too large)."
);
create_exception!(
    _native,
    DatabaseError,
    NewsgraphError,
    "A database that cannot be opened or read."
);

/// The largest article the CLI accepts by default (`--max-article-bytes`).
const DEFAULT_MAX_ARTICLE_BYTES: usize = 5_000_000;

fn input_error(e: ReadError) -> PyErr {
    InputError::new_err(e.to_string())
}

fn database_error(e: impl std::fmt::Display) -> PyErr {
    DatabaseError::new_err(e.to_string())
}

/// An article as read, before analysis: what `read()` yields and
/// `Pipeline.analyze` takes.
#[pyclass(frozen, module = "newsgraph._native")]
struct Input {
    article: RawArticle,
}

#[pymethods]
impl Input {
    #[getter]
    fn id(&self) -> &str {
        &self.article.id
    }
    #[getter]
    fn title(&self) -> Option<&str> {
        self.article.title_text()
    }
    #[getter]
    fn text(&self) -> &str {
        &self.article.text
    }
    #[getter]
    fn origin(&self) -> &str {
        &self.article.origin
    }
    #[getter]
    fn url(&self) -> Option<&str> {
        self.article.url.as_deref()
    }
    #[getter]
    fn source(&self) -> Option<&str> {
        self.article.source.as_deref()
    }
    /// The publication date as `YYYY-MM-DD`, or None.
    #[getter]
    fn published(&self) -> Option<String> {
        self.article
            .published
            .date
            .map(|d| d.format("%Y-%m-%d").to_string())
    }
    fn __repr__(&self) -> String {
        format!(
            "Input(origin={:?}, title={:?}, chars={})",
            self.article.origin,
            self.article.title_text().unwrap_or(""),
            self.article.text.chars().count()
        )
    }
}

/// Builds an article from values, as a JSON line's fields are read (the
/// body's blank lines separate paragraphs). A published value that is not
/// a date is refused here, where a JSON line's would leave the article
/// undated: a caller passing a value means it.
#[pyfunction]
#[pyo3(signature = (text, title=None, published=None, source=None, url=None, byline=None, origin=None, max_article_bytes=DEFAULT_MAX_ARTICLE_BYTES))]
#[allow(clippy::too_many_arguments)]
fn make_input(
    text: String,
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
    byline: Option<String>,
    origin: Option<String>,
    max_article_bytes: usize,
) -> PyResult<Input> {
    let origin = origin.unwrap_or_else(|| "<text>".to_string());
    let size = text.len() + title.as_ref().map_or(0, String::len);
    if size > max_article_bytes {
        return Err(input_error(ReadError::TooLarge {
            origin,
            max: max_article_bytes,
        }));
    }
    if text.trim().is_empty() && title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(input_error(ReadError::Empty { origin }));
    }
    if let Some(p) = &published {
        if newsgraph_read::parse_date(p).is_none() {
            let shown: String = p.chars().take(100).collect();
            return Err(InputError::new_err(format!(
                "{origin}: published '{shown}' is not a date (e.g. 2005-06-30 or 2005-06-30T08:00:00Z)"
            )));
        }
    }
    let fields = ArticleFields {
        text,
        title,
        url,
        published,
        source,
        byline,
    };
    let builder =
        newsgraph_read::builder_from_fields(&origin, "python", fields).map_err(input_error)?;
    Ok(Input {
        article: builder.build(),
    })
}

/// What `read` found: articles, errors (one line each), skipped articles
/// (origin, reason) and files of directories not read (origin, reason).
type ReadResult = (
    Vec<Input>,
    Vec<String>,
    Vec<(String, String)>,
    Vec<(String, String)>,
);

/// Reads files, directories and `-` (stdin) as `newsgraph analyze` does.
/// `published` and `source` fill what an input lacks, as `ingest
/// --published/--source` do (the date with basis "given").
#[pyfunction]
#[pyo3(signature = (paths, max_article_bytes=DEFAULT_MAX_ARTICLE_BYTES, all_languages=false, published=None, source=None))]
fn read(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    max_article_bytes: usize,
    all_languages: bool,
    published: Option<String>,
    source: Option<String>,
) -> PyResult<ReadResult> {
    let given_date = match published {
        Some(p) => Some(
            newsgraph_store::values::date(&p)
                .ok()
                .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                .ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "published: {}",
                        newsgraph_store::values::date(&p).err().unwrap_or_default()
                    ))
                })?,
        ),
        None => None,
    };
    let fill = |a: &mut RawArticle| {
        if a.source.is_none() {
            a.source.clone_from(&source);
        }
        if let Some(d) = given_date {
            if a.published.date.is_none() {
                a.published.date = Some(d);
                a.published.basis = newsgraph_doc::PublishedBasis::Given;
                a.published
                    .evidence
                    .push(format!("given to read(): published={d}"));
            }
        }
    };
    let opts = ReadOptions {
        max_article_bytes,
        english_only: !all_languages,
    };
    let (articles, errors, skipped, not_read) = py.allow_threads(|| {
        let mut articles = Vec::new();
        let mut errors = Vec::new();
        let mut skipped = Vec::new();
        let mut not_read = Vec::new();
        newsgraph_read::read_paths(&paths, &opts, &mut |item| match item {
            ReadItem::Article(mut a) => {
                fill(&mut a);
                articles.push(a);
            }
            ReadItem::Error(e) => errors.push(e.to_string()),
            ReadItem::Skipped { origin, reason } => skipped.push((origin, reason)),
            ReadItem::NotArticle { origin, reason } => not_read.push((origin, reason.to_string())),
        });
        (articles, errors, skipped, not_read)
    });
    let inputs = articles
        .into_iter()
        .map(|article| Input { article })
        .collect();
    Ok((inputs, errors, skipped, not_read))
}

/// One analyzed article: the JSON contract's record (`ArticleJson`) and the
/// text its offsets index.
#[pyclass(frozen, module = "newsgraph._native")]
struct Article {
    json: ArticleJson,
    text: String,
}

/// The record with the text as its last field (`analyze --json --with-text`).
#[derive(serde::Serialize)]
struct WithText<'a> {
    #[serde(flatten)]
    article: &'a ArticleJson,
    text: &'a str,
}

#[pymethods]
impl Article {
    #[getter]
    fn id(&self) -> &str {
        &self.json.id
    }
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }
    /// The record as `newsgraph analyze --json` prints it (one line, no
    /// newline); `with_text` adds `"text"` as `--with-text` does.
    #[pyo3(signature = (with_text=false))]
    fn to_json(&self, with_text: bool) -> PyResult<String> {
        let json = if with_text {
            serde_json::to_string(&WithText {
                article: &self.json,
                text: &self.text,
            })
        } else {
            serde_json::to_string(&self.json)
        };
        json.map_err(|e| NewsgraphError::new_err(format!("to_json: {e}")))
    }
}

/// Loads the models and dictionaries once; analyses articles.
#[pyclass(frozen, module = "newsgraph._native")]
struct Pipeline {
    inner: Arc<newsgraph_pipeline::Pipeline>,
    min_confidence: f32,
}

impl Pipeline {
    fn run(&self, article: RawArticle) -> Article {
        let mut doc = self.inner.analyze(article);
        // As the CLI's `keep_confident`: events below the minimum are left out.
        doc.events.retain(|e| e.confidence >= self.min_confidence);
        let json = ArticleJson::from_document(&doc, false);
        Article {
            json,
            text: doc.article.text,
        }
    }
}

#[pymethods]
impl Pipeline {
    /// `dicts`: the user's own actor or verb dictionaries (PETRARCH
    /// formats), over the built-in ones, as `--dict`; `min_confidence`: as
    /// `--min-confidence` (None: the event scorer's threshold).
    #[new]
    #[pyo3(signature = (dicts=Vec::new(), min_confidence=None))]
    fn new(py: Python<'_>, dicts: Vec<PathBuf>, min_confidence: Option<f64>) -> PyResult<Self> {
        if let Some(c) = min_confidence {
            if !(0.0..=1.0).contains(&c) {
                return Err(PyValueError::new_err(format!(
                    "min_confidence: {}",
                    newsgraph_store::values::confidence(&c.to_string())
                        .err()
                        .unwrap_or_default()
                )));
            }
        }
        let inner = py
            .allow_threads(|| newsgraph_pipeline::Pipeline::load_with(&dicts))
            .map_err(NewsgraphError::new_err)?;
        let min_confidence = min_confidence.map_or_else(|| inner.min_confidence(), |c| c as f32);
        Ok(Pipeline {
            inner: Arc::new(inner),
            min_confidence,
        })
    }

    #[getter]
    fn min_confidence(&self) -> f32 {
        self.min_confidence
    }

    /// Analyses one article (the GIL released meanwhile).
    fn analyze(&self, py: Python<'_>, input: &Input) -> Article {
        let article = input.article.clone();
        py.allow_threads(|| self.run(article))
    }

    /// Analyses a batch in parallel on `threads` worker threads (None: one
    /// per core), the GIL released; the results come in input order.
    #[pyo3(signature = (inputs, threads=None))]
    fn analyze_batch(
        &self,
        py: Python<'_>,
        inputs: Vec<PyRef<'_, Input>>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Article>> {
        if threads == Some(0) {
            return Err(PyValueError::new_err(
                "threads: 0 is not a number of threads (None uses every core)",
            ));
        }
        let articles: Vec<RawArticle> = inputs.iter().map(|i| i.article.clone()).collect();
        drop(inputs);
        py.allow_threads(|| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.unwrap_or(0))
                .build()
                .map_err(|e| format!("starting worker threads: {e}"))?;
            Ok(pool.install(|| articles.into_par_iter().map(|a| self.run(a)).collect()))
        })
        .map_err(|e: String| NewsgraphError::new_err(e))
    }
}

/// A table as columns: (name, kind, values), kind one of `int`, `float`,
/// `str`, `date` (days since 1970-01-01) and `timestamp` (milliseconds
/// since the epoch, UTC); None is a null.
type Columns = Vec<(String, &'static str, Py<PyList>)>;

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Int => "int",
        Kind::Float => "float",
        Kind::Str => "str",
        Kind::Date => "date",
        Kind::Timestamp => "timestamp",
    }
}

fn cell(py: Python<'_>, v: &Value) -> PyResult<PyObject> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Int(i) | Value::Timestamp(i) => i.into_pyobject(py)?.into_any().unbind(),
        Value::Date(d) => d.into_pyobject(py)?.into_any().unbind(),
        Value::Float(f) => PyFloat::new(py, *f).into_any().unbind(),
        Value::Str(s) => PyString::new(py, s).into_any().unbind(),
    })
}

fn columns(py: Python<'_>, table: &Table) -> PyResult<Columns> {
    let mut out = Vec::with_capacity(table.columns.len());
    for (i, (name, kind)) in table.columns.iter().enumerate() {
        let values = table
            .rows
            .iter()
            .map(|row| cell(py, row.get(i).unwrap_or(&Value::Null)))
            .collect::<PyResult<Vec<_>>>()?;
        out.push((
            name.clone(),
            kind_name(*kind),
            PyList::new(py, values)?.unbind(),
        ));
    }
    Ok(out)
}

fn table_named(name: &str) -> PyResult<ParquetTable> {
    ParquetTable::parse(&name.to_ascii_lowercase()).ok_or_else(|| {
        let names: Vec<&str> = ParquetTable::ALL.iter().map(|t| t.name()).collect();
        PyValueError::new_err(format!(
            "table: '{name}' is not a table (one of {})",
            names.join(", ")
        ))
    })
}

/// A scratch database beside nothing else, removed (with its WAL files)
/// when dropped.
struct ScratchDb(PathBuf);

impl ScratchDb {
    fn new() -> ScratchDb {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        ScratchDb(std::env::temp_dir().join(format!("newsgraph-py-{}-{n}.db", std::process::id())))
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// One export table over analyzed articles: they are stored in a scratch
/// database as `newsgraph ingest` stores them and exported as
/// `newsgraph export --format parquet --table NAME` exports them, so the
/// columns and values are the export's.
#[pyfunction]
fn articles_table(
    py: Python<'_>,
    articles: Vec<PyRef<'_, Article>>,
    table: &str,
) -> PyResult<Columns> {
    let table = table_named(table)?;
    let records: Vec<ArticleJson> = articles
        .iter()
        .map(|a| {
            let mut j = a.json.clone();
            j.text = Some(a.text.clone());
            j
        })
        .collect();
    drop(articles);
    let built = py.allow_threads(|| -> Result<Table, String> {
        let scratch = ScratchDb::new();
        let mut store = Store::open(&scratch.0).map_err(|e| e.to_string())?;
        store.ingest(&records).map_err(|e| e.to_string())?;
        newsgraph_export::export_table(&store, table, &ExportFilter::default())
            .map_err(|e| e.to_string())
    });
    let built = built.map_err(NewsgraphError::new_err)?;
    columns(py, &built)
}

/// A database made by `newsgraph ingest`, opened read-only.
#[pyclass(frozen, module = "newsgraph._native")]
struct Database {
    store: Mutex<Store>,
    path: PathBuf,
}

fn checked(
    what: &str,
    v: Option<String>,
    check: fn(&str) -> Result<String, String>,
) -> PyResult<Option<String>> {
    v.map(|v| check(&v).map_err(|e| PyValueError::new_err(format!("{what}: {e}"))))
        .transpose()
}

#[pymethods]
impl Database {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let store = py
            .allow_threads(|| Store::open_read_only(&path))
            .map_err(database_error)?;
        Ok(Database {
            store: Mutex::new(store),
            path,
        })
    }

    #[getter]
    fn path(&self) -> &Path {
        &self.path
    }

    /// One export table with `newsgraph export`'s filters.
    #[pyo3(signature = (table, from_=None, to=None, actor=None, code=None, source=None, min_confidence=None))]
    #[allow(clippy::too_many_arguments)]
    fn table(
        &self,
        py: Python<'_>,
        table: &str,
        from_: Option<String>,
        to: Option<String>,
        actor: Option<String>,
        code: Option<String>,
        source: Option<String>,
        min_confidence: Option<f64>,
    ) -> PyResult<Columns> {
        let table = table_named(table)?;
        let min_confidence = match min_confidence {
            Some(c) => Some(
                newsgraph_store::values::confidence(&c.to_string())
                    .map_err(|e| PyValueError::new_err(format!("min_confidence: {e}")))?,
            ),
            None => None,
        };
        let filter = ExportFilter {
            from: checked("from", from_, newsgraph_store::values::date)?,
            to: checked("to", to, newsgraph_store::values::date)?,
            actor: checked("actor", actor, newsgraph_store::values::actor_code)?,
            code: checked("code", code, newsgraph_store::values::cameo_code)?,
            source,
            min_confidence,
            events: None,
        };
        let built = py.allow_threads(|| {
            let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
            newsgraph_export::export_table(&store, table, &filter).map_err(|e| e.to_string())
        });
        let built = built.map_err(database_error)?;
        columns(py, &built)
    }
}

/// Keeps mimalloc's peak memory near glibc's, as the binary's
/// `tune_allocator` does: freed pages go back at once instead of after a
/// second.
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

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    tune_allocator();
    let py = m.py();
    m.add("NewsgraphError", py.get_type::<NewsgraphError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("DatabaseError", py.get_type::<DatabaseError>())?;
    m.add("DEFAULT_MAX_ARTICLE_BYTES", DEFAULT_MAX_ARTICLE_BYTES)?;
    m.add_class::<Pipeline>()?;
    m.add_class::<Input>()?;
    m.add_class::<Article>()?;
    m.add_class::<Database>()?;
    m.add_function(wrap_pyfunction!(make_input, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(articles_table, m)?)?;
    Ok(())
}
