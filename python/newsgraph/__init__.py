"""newsgraph: who did what to whom, when and where, and who said what, from news articles.

The engine of the ``newsgraph`` command (its own tokenizer, tagger, parser, entity recognizer,
quote finder, CAMEO event coder and geocoder, with the models compiled in) as a Python module.
Every record has the field names of ``newsgraph analyze --json`` (docs/json-contract.md), and
``Article.to_dict()`` is that JSON object.

    >>> import newsgraph
    >>> nlp = newsgraph.Pipeline()
    >>> articles = nlp.analyze_many(newsgraph.read("articles/"))
    >>> events = newsgraph.events_frame(articles)        # a pandas DataFrame, GDELT's columns
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
import warnings as _warnings
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from . import _native
from ._native import DatabaseError, Input, InputError, NewsgraphError

__all__ = [
    "Pipeline",
    "Article",
    "Input",
    "Record",
    "Span",
    "Published",
    "Entity",
    "Quote",
    "Time",
    "Place",
    "Event",
    "Warning",
    "Database",
    "NewsgraphError",
    "InputError",
    "DatabaseError",
    "NewsgraphWarning",
    "read",
    "open_db",
    "table_frame",
    "events_frame",
    "mentions_frame",
    "entities_frame",
    "quotes_frame",
    "places_frame",
    "gkg_frame",
    "articles_frame",
    "TABLES",
]

__version__ = "0.1.0"

#: The tables of ``newsgraph export --format parquet``, which the ``*_frame`` functions and
#: ``Database.table`` return: GDELT 2.0 Events (61 columns plus the evidence), Mentions, GKG 2.1,
#: and newsgraph's articles, entities, quotes and places.
TABLES = ("events", "mentions", "gkg", "articles", "entities", "quotes", "places")


class NewsgraphWarning(UserWarning):
    """An input skipped on purpose (not English) or, with ``on_error="warn"``, one that failed."""


# ---------------------------------------------------------------------------------------------
# Records: the JSON contract's objects with attribute access.


class Record:
    """A read-only view of one JSON object of the contract: ``rec.name`` is ``rec["name"]``.

    Nested objects are records too, lists of objects lists of records. ``to_dict()`` gives the
    plain JSON value back.
    """

    __slots__ = ("_d",)
    _fields: Dict[str, type] = {}

    def __init__(self, d: Dict[str, Any]):
        object.__setattr__(self, "_d", d)

    def __getattr__(self, name: str) -> Any:
        try:
            v = self._d[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None
        return _wrap(v, self._fields.get(name, Record))

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self._d == other._d
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_json.dumps(self._d, sort_keys=True))

    def __dir__(self) -> List[str]:
        return list(self._d)

    def keys(self) -> List[str]:
        return list(self._d)

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object, as ``newsgraph analyze --json`` writes it."""
        return _json.loads(_json.dumps(self._d))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._d.items() if not isinstance(v, (list, dict)))
        return f"{type(self).__name__}({inner})"


def _wrap(v: Any, cls: type) -> Any:
    if isinstance(v, dict):
        return cls(v)
    if isinstance(v, list):
        return [_wrap(x, cls) for x in v]
    return v


class Span(Record):
    """Words of the article: ``text``, and ``start``/``end`` character offsets into
    ``Article.text`` (``article.text[span.start:span.end] == span.text``)."""

    __slots__ = ()


class Published(Record):
    """``date`` (``YYYY-MM-DD`` or None), ``basis`` and ``evidence``."""

    __slots__ = ()


class Entity(Record):
    """One real-world entity: ``name``, ``type``, ``actor``, ``roles``, ``affiliations``,
    ``mentions`` (spans)."""

    __slots__ = ()
    _fields = {"mentions": Span}


class Quote(Record):
    """``text``/``start``/``end``, ``kind``, ``speaker``, ``speaker_mention``, ``speaker_entity``,
    ``cue``."""

    __slots__ = ()
    _fields = {"speaker_mention": Span}


class Time(Record):
    """A time expression: ``text``/``start``/``end``, ``type``, ``value``, ``mod``."""

    __slots__ = ()


class Place(Record):
    """``name``, ``country``, ``lat``, ``lon``, ``geonames_id``, ``mentions``, ``feature_class``,
    ``feature_code``, ``fips``, ``adm1``, ``contained_in``."""

    __slots__ = ()
    _fields = {"mentions": Span}


class Event(Record):
    """A CAMEO event: ``source``, ``target``, ``code``, ``quad_class``, ``goldstein``, ``date``,
    ``place``, ``modality``, ``modality_cues``, ``evidence`` (a span), ``base_code``,
    ``root_code``, ``plover``, ``plover_mode``, ``pattern``, ``source_name``, ``target_name``,
    ``confidence``."""

    __slots__ = ()
    _fields = {"evidence": Span}


class Warning(Record):  # noqa: A001 - the contract's name for it
    """``kind``, ``message`` and ``spans``."""

    __slots__ = ()
    _fields = {"spans": Span}


class Article:
    """One analyzed article: the record of ``newsgraph analyze --json`` and the text its
    offsets index."""

    __slots__ = ("_native", "_cache")

    def __init__(self, native: "_native.Article"):
        self._native = native
        self._cache: Optional[Dict[str, Any]] = None

    @property
    def _d(self) -> Dict[str, Any]:
        if self._cache is None:
            self._cache = _json.loads(self._native.to_json())
        return self._cache

    @property
    def id(self) -> str:
        return self._native.id

    @property
    def text(self) -> str:
        """The article text: title, standfirst and paragraphs separated by blank lines."""
        return self._native.text

    @property
    def title(self) -> Optional[str]:
        return self._d["title"]

    @property
    def source(self) -> Optional[str]:
        return self._d["source"]

    @property
    def url(self) -> Optional[str]:
        return self._d["url"]

    @property
    def byline(self) -> Optional[str]:
        return self._d["byline"]

    @property
    def origin(self) -> str:
        return self._d["origin"]

    @property
    def published(self) -> Published:
        return Published(self._d["published"])

    @property
    def entities(self) -> List[Entity]:
        return [Entity(x) for x in self._d["entities"]]

    @property
    def quotes(self) -> List[Quote]:
        return [Quote(x) for x in self._d["quotes"]]

    @property
    def times(self) -> List[Time]:
        return [Time(x) for x in self._d["times"]]

    @property
    def places(self) -> List[Place]:
        return [Place(x) for x in self._d["places"]]

    @property
    def events(self) -> List[Event]:
        return [Event(x) for x in self._d["events"]]

    @property
    def warnings(self) -> List[Warning]:
        return [Warning(x) for x in self._d["warnings"]]

    def to_json(self, with_text: bool = False) -> str:
        """The line ``newsgraph analyze --json`` prints (``with_text``: ``--with-text``)."""
        return self._native.to_json(with_text)

    def to_dict(self, with_text: bool = False) -> Dict[str, Any]:
        """The object ``newsgraph analyze --json`` prints, as Python values."""
        return _json.loads(self._native.to_json(with_text))

    def __repr__(self) -> str:
        d = self._d
        return (
            f"Article(id={d['id']!r}, title={d['title']!r}, entities={len(d['entities'])}, "
            f"quotes={len(d['quotes'])}, events={len(d['events'])})"
        )


# ---------------------------------------------------------------------------------------------
# Reading and analysis.

PathLike = Union[str, "_os.PathLike[str]"]
ArticleInput = Union[str, Input, Dict[str, Any]]

_ERROR_MODES = ("raise", "warn", "skip")


def _check_mode(on_error: str) -> None:
    if on_error not in _ERROR_MODES:
        raise ValueError(f"on_error: {on_error!r} is not one of {', '.join(_ERROR_MODES)}")


def _date_str(v: Any, what: str) -> Optional[str]:
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    raise TypeError(f"{what}: expected a str or datetime.date, got {type(v).__name__}")


def read(
    paths: Union[PathLike, Sequence[PathLike]],
    *,
    on_error: str = "raise",
    all_languages: bool = False,
    max_article_bytes: int = _native.DEFAULT_MAX_ARTICLE_BYTES,
    published: Union[str, _dt.date, None] = None,
    source: Optional[str] = None,
) -> List[Input]:
    """Reads articles as ``newsgraph analyze`` does: plain text, HTML, JSON Lines, WARC,
    directories (recursive), ``"-"`` for stdin, and any of these gzipped.

    An input that gives no article raises :class:`InputError` with the CLI's one line
    (``on_error="raise"``, after reading the rest), or is reported as a
    :class:`NewsgraphWarning` (``"warn"``) or passed over (``"skip"``). Articles not in English
    are skipped with a warning unless ``all_languages``.

    ``published`` (``YYYY-MM-DD``) and ``source`` fill what an input lacks, as ``newsgraph
    ingest --published/--source`` do: the date is recorded with basis ``"given"`` and relative
    times ("yesterday") resolve against it.
    """
    _check_mode(on_error)
    if isinstance(paths, (str, bytes, _os.PathLike)):
        paths = [paths]
    paths = [_os.fspath(p) for p in paths]
    inputs, errors, skipped, _not_read = _native.read(
        paths, max_article_bytes, all_languages, _date_str(published, "published"), source
    )
    for origin, reason in skipped:
        _warnings.warn(f"skipped {origin}: {reason}", NewsgraphWarning, stacklevel=2)
    if errors:
        if on_error == "raise":
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise InputError(errors[0] + more)
        if on_error == "warn":
            for e in errors:
                _warnings.warn(e, NewsgraphWarning, stacklevel=2)
    return inputs


class Pipeline:
    """The models and dictionaries, loaded once (about a second); analyses articles.

    ``dicts``: your own actor or verb dictionaries (PETRARCH formats) over the built-in ones,
    as ``--dict``. ``min_confidence``: events below it are left out, as ``--min-confidence``
    (None: the event scorer's threshold, the CLI's default).
    """

    def __init__(self, dicts: Sequence[PathLike] = (), min_confidence: Optional[float] = None):
        self._native = _native.Pipeline([_os.fspath(d) for d in dicts], min_confidence)

    @property
    def min_confidence(self) -> float:
        return self._native.min_confidence

    def analyze(
        self,
        text: Union[str, Input],
        title: Optional[str] = None,
        published: Union[str, _dt.date, None] = None,
        source: Optional[str] = None,
        *,
        url: Optional[str] = None,
        origin: Optional[str] = None,
    ) -> Article:
        """Analyses one article. ``text`` is the body (blank lines separate paragraphs) as the
        ``text`` field of a JSON line, or an :class:`Input` from :func:`read`. ``published`` is a
        date (``"2005-06-30"``, an ISO timestamp or a ``datetime.date``); relative times
        ("yesterday") resolve against it. Raises :class:`InputError` for text that gives no
        article."""
        return Article(self._native.analyze(self._input(text, title, published, source, url, origin)))

    def analyze_many(
        self,
        items: Iterable[ArticleInput],
        threads: Optional[int] = None,
        *,
        batch_size: Optional[int] = None,
        on_error: str = "raise",
    ) -> Iterator[Article]:
        """Analyses articles in parallel on ``threads`` threads (None: every core), the GIL
        released, yielding them in input order as each batch is done. Items are strings
        (bodies), :class:`Input` objects or dicts with the JSON Lines fields (``text``;
        ``title``, ``published``, ``source``, ``url``, ``byline``). An item that gives no
        article raises :class:`InputError` (``on_error="raise"``), warns (``"warn"``) or is
        passed over (``"skip"``)."""
        _check_mode(on_error)
        if threads is not None and threads < 1:
            raise ValueError(f"threads: {threads} is not a number of threads (None uses every core)")
        if batch_size is None:
            batch_size = 16 * (threads or _os.cpu_count() or 1)
        if batch_size < 1:
            raise ValueError(f"batch_size: {batch_size} is not a batch size (1 or more)")
        return self._many(items, threads, batch_size, on_error)

    def _many(self, items, threads, batch_size, on_error) -> Iterator[Article]:
        batch: List[Input] = []
        for n, item in enumerate(items):
            try:
                batch.append(self._item(item, n))
            except InputError as e:
                if on_error == "raise":
                    raise
                if on_error == "warn":
                    _warnings.warn(str(e), NewsgraphWarning, stacklevel=3)
                continue
            if len(batch) >= batch_size:
                for a in self._native.analyze_batch(batch, threads):
                    yield Article(a)
                batch = []
        if batch:
            for a in self._native.analyze_batch(batch, threads):
                yield Article(a)

    def _item(self, item: ArticleInput, n: int) -> Input:
        if isinstance(item, Input):
            return item
        if isinstance(item, str):
            return self._input(item, None, None, None, None, f"<item {n}>")
        if isinstance(item, dict):
            if "text" not in item:
                raise InputError(f"<item {n}>: missing required field `text`")
            return self._input(
                item["text"],
                item.get("title"),
                item.get("published"),
                item.get("source"),
                item.get("url"),
                item.get("origin") or f"<item {n}>",
                item.get("byline"),
            )
        raise TypeError(f"analyze_many: item {n} is a {type(item).__name__}, not a str, dict or Input")

    @staticmethod
    def _input(text, title, published, source, url, origin, byline=None) -> Input:
        if isinstance(text, Input):
            if any(v is not None for v in (title, published, source, url, origin)):
                raise TypeError("analyze: an Input carries its own title, date and source")
            return text
        if not isinstance(text, str):
            raise TypeError(f"analyze: text must be a str or an Input, not {type(text).__name__}")
        return _native.make_input(
            text, title, _date_str(published, "published"), source, url, byline, origin
        )

    def __repr__(self) -> str:
        return f"Pipeline(min_confidence={self.min_confidence})"


# ---------------------------------------------------------------------------------------------
# Tables.


def _frame(columns, backend: str):
    if backend == "pandas":
        import pandas as pd

        data = {}
        for name, kind, values in columns:
            if kind == "int":
                data[name] = pd.array(values, dtype="Int64")
            elif kind == "float":
                data[name] = pd.array(values, dtype="Float64").astype("float64")
            elif kind == "date":
                data[name] = pd.to_datetime(pd.array(values, dtype="Int64"), unit="D")
            elif kind == "timestamp":
                data[name] = pd.to_datetime(pd.array(values, dtype="Int64"), unit="ms", utc=True)
            else:
                data[name] = pd.Series(values, dtype="object")
        return pd.DataFrame(data, columns=[c[0] for c in columns])
    if backend == "polars":
        import polars as pl

        series = []
        for name, kind, values in columns:
            if kind == "int":
                s = pl.Series(name, values, dtype=pl.Int64)
            elif kind == "float":
                s = pl.Series(name, values, dtype=pl.Float64)
            elif kind == "date":
                s = pl.Series(name, values, dtype=pl.Int32).cast(pl.Date)
            elif kind == "timestamp":
                s = pl.Series(name, values, dtype=pl.Int64).cast(pl.Datetime("ms", "UTC"))
            else:
                s = pl.Series(name, values, dtype=pl.Utf8)
            series.append(s)
        return pl.DataFrame(series)
    raise ValueError(f"backend: {backend!r} is not one of pandas, polars")


def _natives(articles: Iterable[Article]) -> list:
    out = []
    for a in articles:
        if not isinstance(a, Article):
            raise TypeError(f"expected newsgraph.Article objects, got {type(a).__name__}")
        out.append(a._native)
    return out


def table_frame(articles: Iterable[Article], table: str, backend: str = "pandas"):
    """One table of ``newsgraph export --format parquet`` over analyzed articles, as a pandas
    (or polars) DataFrame: the articles are stored as ``newsgraph ingest`` stores them (an
    article given twice counts once) and exported with the export's columns and values."""
    return _frame(_native.articles_table(_natives(articles), table), backend)


def events_frame(articles: Iterable[Article], backend: str = "pandas"):
    """GDELT 2.0 Events: GDELT's 61 columns in GDELT's order and types (``SQLDATE`` a
    ``YYYYMMDD`` integer, CAMEO codes strings), then the evidence columns; the mentions of one
    event across articles merged into one row, as the GDELT export does."""
    return table_frame(articles, "events", backend)


def mentions_frame(articles: Iterable[Article], backend: str = "pandas"):
    """GDELT 2.0 Mentions (one row per event per article), then the evidence columns."""
    return table_frame(articles, "mentions", backend)


def gkg_frame(articles: Iterable[Article], backend: str = "pandas"):
    """GDELT GKG 2.1, one row per article."""
    return table_frame(articles, "gkg", backend)


def articles_frame(articles: Iterable[Article], backend: str = "pandas"):
    """One row per article: id, title, source, url, published, counts."""
    return table_frame(articles, "articles", backend)


def entities_frame(articles: Iterable[Article], backend: str = "pandas"):
    """One row per entity per article."""
    return table_frame(articles, "entities", backend)


def quotes_frame(articles: Iterable[Article], backend: str = "pandas"):
    """One row per quote: speaker, kind, cue, offsets."""
    return table_frame(articles, "quotes", backend)


def places_frame(articles: Iterable[Article], backend: str = "pandas"):
    """One row per place per article: GeoNames id, country, coordinates."""
    return table_frame(articles, "places", backend)


class Database:
    """A database made by ``newsgraph ingest``, opened read-only (nothing is written, no
    ``-wal`` file is left). Each table method takes the filters of ``newsgraph export``:
    ``from_``/``to`` (``YYYY-MM-DD``, inclusive, on the event date), ``actor`` (a CAMEO actor
    code prefix of either side), ``code`` (a CAMEO root or code), ``source`` (the publisher)
    and ``min_confidence``."""

    def __init__(self, path: PathLike):
        self._native = _native.Database(_os.fspath(path))

    @property
    def path(self) -> str:
        return str(self._native.path)

    def table(self, table: str, backend: str = "pandas", **filters: Any):
        """One export table (see :data:`TABLES`) as a DataFrame."""
        unknown = set(filters) - {"from_", "to", "actor", "code", "source", "min_confidence"}
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        for k in ("from_", "to"):
            if k in filters:
                filters[k] = _date_str(filters[k], k)
        return _frame(self._native.table(table, **filters), backend)

    def events(self, backend: str = "pandas", **filters: Any):
        return self.table("events", backend, **filters)

    def mentions(self, backend: str = "pandas", **filters: Any):
        return self.table("mentions", backend, **filters)

    def gkg(self, backend: str = "pandas", **filters: Any):
        return self.table("gkg", backend, **filters)

    def articles(self, backend: str = "pandas", **filters: Any):
        return self.table("articles", backend, **filters)

    def entities(self, backend: str = "pandas", **filters: Any):
        return self.table("entities", backend, **filters)

    def quotes(self, backend: str = "pandas", **filters: Any):
        return self.table("quotes", backend, **filters)

    def places(self, backend: str = "pandas", **filters: Any):
        return self.table("places", backend, **filters)

    def __repr__(self) -> str:
        return f"Database({self.path!r})"


def open_db(path: PathLike) -> Database:
    """Opens a database made by ``newsgraph ingest`` for reading. Raises
    :class:`DatabaseError` with the CLI's one line when it cannot be opened."""
    return Database(path)
