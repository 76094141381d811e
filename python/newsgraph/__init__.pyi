"""Type stubs of the newsgraph package (docs/python.md; field meanings: docs/json-contract.md)."""

import datetime
import os
from typing import Any, Dict, Iterable, Iterator, List, Literal, Optional, Sequence, Tuple, Union

import pandas

__version__: str
TABLES: Tuple[str, ...]

PathLike = Union[str, os.PathLike[str]]
Backend = Literal["pandas", "polars"]
OnError = Literal["raise", "warn", "skip"]

class NewsgraphError(Exception): ...
class InputError(NewsgraphError): ...
class DatabaseError(NewsgraphError): ...
class NewsgraphWarning(UserWarning): ...

class Input:
    """An article as read, before analysis."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def text(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def source(self) -> Optional[str]: ...
    @property
    def published(self) -> Optional[str]: ...

ArticleInput = Union[str, Input, Dict[str, Any]]

class Record:
    def __getitem__(self, name: str) -> Any: ...
    def keys(self) -> List[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Span(Record):
    text: str
    start: int
    end: int

class Published(Record):
    date: Optional[str]
    basis: Literal["metadata", "inferred", "given", "unknown"]
    evidence: List[str]

class Entity(Record):
    name: str
    type: Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "MISC"]
    actor: Optional[str]
    roles: List[str]
    affiliations: List[str]
    mentions: List[Span]

class Quote(Record):
    text: str
    start: int
    end: int
    kind: Literal["direct", "indirect", "mixed"]
    speaker: Optional[str]
    speaker_mention: Optional[Span]
    speaker_entity: Optional[int]
    cue: Optional[str]

class Time(Record):
    text: str
    start: int
    end: int
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: Optional[str]
    mod: Optional[str]

class Place(Record):
    name: str
    country: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    geonames_id: Optional[int]
    mentions: List[Span]
    feature_class: Optional[str]
    feature_code: Optional[str]
    fips: Optional[str]
    adm1: Optional[str]
    contained_in: Optional[int]

class Event(Record):
    source: Optional[str]
    target: Optional[str]
    code: str
    quad_class: int
    goldstein: float
    date: Optional[str]
    place: Optional[str]
    modality: Literal["asserted", "attributed", "anonymous", "hedged", "expected", "negated"]
    modality_cues: List[str]
    evidence: Span
    base_code: str
    root_code: str
    plover: Optional[str]
    plover_mode: Optional[str]
    pattern: Optional[str]
    source_name: Optional[str]
    target_name: Optional[str]
    confidence: float

class Warning(Record):
    kind: str
    message: str
    spans: List[Span]

class Article:
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def source(self) -> Optional[str]: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def byline(self) -> Optional[str]: ...
    @property
    def origin(self) -> str: ...
    @property
    def published(self) -> Published: ...
    @property
    def entities(self) -> List[Entity]: ...
    @property
    def quotes(self) -> List[Quote]: ...
    @property
    def times(self) -> List[Time]: ...
    @property
    def places(self) -> List[Place]: ...
    @property
    def events(self) -> List[Event]: ...
    @property
    def warnings(self) -> List[Warning]: ...
    def to_json(self, with_text: bool = False) -> str: ...
    def to_dict(self, with_text: bool = False) -> Dict[str, Any]: ...

class Pipeline:
    def __init__(
        self, dicts: Sequence[PathLike] = (), min_confidence: Optional[float] = None
    ) -> None: ...
    @property
    def min_confidence(self) -> float: ...
    def analyze(
        self,
        text: Union[str, Input],
        title: Optional[str] = None,
        published: Union[str, datetime.date, None] = None,
        source: Optional[str] = None,
        *,
        url: Optional[str] = None,
        origin: Optional[str] = None,
    ) -> Article: ...
    def analyze_many(
        self,
        items: Iterable[ArticleInput],
        threads: Optional[int] = None,
        *,
        batch_size: Optional[int] = None,
        on_error: OnError = "raise",
    ) -> Iterator[Article]: ...

def read(
    paths: Union[PathLike, Sequence[PathLike]],
    *,
    on_error: OnError = "raise",
    all_languages: bool = False,
    max_article_bytes: int = ...,
    published: Union[str, datetime.date, None] = None,
    source: Optional[str] = None,
) -> List[Input]: ...
def table_frame(articles: Iterable[Article], table: str, backend: Backend = "pandas") -> pandas.DataFrame: ...
def events_frame(articles: Iterable[Article], backend: Backend = "pandas") -> pandas.DataFrame: ...
def mentions_frame(articles: Iterable[Article], backend: Backend = "pandas") -> pandas.DataFrame: ...
def gkg_frame(articles: Iterable[Article], backend: Backend = "pandas") -> pandas.DataFrame: ...
def articles_frame(articles: Iterable[Article], backend: Backend = "pandas") -> pandas.DataFrame: ...
def entities_frame(articles: Iterable[Article], backend: Backend = "pandas") -> pandas.DataFrame: ...
def quotes_frame(articles: Iterable[Article], backend: Backend = "pandas") -> pandas.DataFrame: ...
def places_frame(articles: Iterable[Article], backend: Backend = "pandas") -> pandas.DataFrame: ...

class Database:
    def __init__(self, path: PathLike) -> None: ...
    @property
    def path(self) -> str: ...
    def table(
        self,
        table: str,
        backend: Backend = "pandas",
        *,
        from_: Union[str, datetime.date, None] = None,
        to: Union[str, datetime.date, None] = None,
        actor: Optional[str] = None,
        code: Optional[str] = None,
        source: Optional[str] = None,
        min_confidence: Optional[float] = None,
    ) -> pandas.DataFrame: ...
    def events(self, backend: Backend = "pandas", **filters: Any) -> pandas.DataFrame: ...
    def mentions(self, backend: Backend = "pandas", **filters: Any) -> pandas.DataFrame: ...
    def gkg(self, backend: Backend = "pandas", **filters: Any) -> pandas.DataFrame: ...
    def articles(self, backend: Backend = "pandas", **filters: Any) -> pandas.DataFrame: ...
    def entities(self, backend: Backend = "pandas", **filters: Any) -> pandas.DataFrame: ...
    def quotes(self, backend: Backend = "pandas", **filters: Any) -> pandas.DataFrame: ...
    def places(self, backend: Backend = "pandas", **filters: Any) -> pandas.DataFrame: ...

def open_db(path: PathLike) -> Database: ...
