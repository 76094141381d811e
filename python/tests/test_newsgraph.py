"""The Python package against the `newsgraph` binary it must agree with.

Run by scripts/python_check.sh (from scripts/test.sh) in a fresh venv, with NEWSGRAPH_BIN the
release binary and the repository root as the working directory.
"""

import datetime
import gzip
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import newsgraph

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/andes-water-talks.txt"
BIN = os.environ.get("NEWSGRAPH_BIN", str(ROOT / "target" / "release" / "newsgraph"))

# Short articles written for these tests (fictional).
TEXTS = [
    {
        "title": "Port workers end strike in Valparaiso",
        "text": "Dock workers in Valparaiso ended a nine-day strike on Tuesday after the port "
        "authority agreed to raise wages, union leader Marta Soto said.\n\n"
        "\"We have won what we asked for,\" Soto told reporters outside the port gates.\n\n"
        "Chile's transport minister welcomed the deal and said shipping would resume on Wednesday.",
        "published": "2024-03-12",
        "source": "Test Wire",
    },
    {
        "title": "Kenya and Uganda sign border trade pact",
        "text": "Kenya and Uganda signed an agreement on Friday to cut tariffs at the Busia "
        "border crossing, officials in Nairobi said.\n\n"
        "President William Ruto said the pact would double trade within five years. Uganda's "
        "trade minister praised Kenya for its support.",
        "published": "2023-11-03",
    },
    {
        "text": "Police in Lyon arrested three men on Sunday after clashes near the stadium.\n\n"
        "The French interior ministry condemned the violence and promised an inquiry.",
    },
]


def cli(*args, input=None):
    return subprocess.run(
        [BIN, *args], cwd=ROOT, capture_output=True, text=True, input=input, timeout=600
    )


def cli_json(*args):
    out = cli("analyze", "--json", *args)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


@pytest.fixture(scope="session")
def nlp():
    return newsgraph.Pipeline()


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_to_dict_equals_cli_json_on_the_example(nlp):
    [expected] = cli_json(EXAMPLE)
    [inp] = newsgraph.read(EXAMPLE)
    art = nlp.analyze(inp)
    assert art.to_dict() == expected
    assert json.loads(art.to_json()) == expected
    assert expected["entities"] and expected["events"], "the example should have entities and events"


def test_with_text_equals_cli(nlp):
    [expected] = cli_json("--with-text", EXAMPLE)
    art = nlp.analyze(newsgraph.read(EXAMPLE)[0])
    assert art.to_dict(with_text=True) == expected
    assert art.text == expected["text"]


def test_fields_equal_cli_json_lines(nlp, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(t) + "\n" for t in TEXTS))
    expected = cli_json(str(path))
    for n, (t, e) in enumerate(zip(TEXTS, expected)):
        art = nlp.analyze(
            t["text"], t.get("title"), t.get("published"), t.get("source"), origin=f"{path}:{n + 1}"
        )
        got = art.to_dict()
        # Where the date came from: the JSON line's field, or the caller's argument.
        if t.get("published"):
            assert e["published"]["evidence"] == [f"jsonl published={t['published']}"]
            assert got["published"]["evidence"] == [f"python published={t['published']}"]
            got["published"]["evidence"] = e["published"]["evidence"]
        assert got == e


def test_attributes_and_offsets(nlp):
    art = nlp.analyze(newsgraph.read(EXAMPLE)[0])
    d = art.to_dict()
    assert art.id == d["id"] and art.title == d["title"] and art.origin == EXAMPLE
    assert [e.name for e in art.entities] == [e["name"] for e in d["entities"]]
    assert isinstance(art.entities[0], newsgraph.Entity)
    assert art.published.date == d["published"]["date"]
    spans = [m for e in art.entities for m in e.mentions]
    spans += [q for q in art.quotes] + [t for t in art.times]
    spans += [e.evidence for e in art.events] + [m for p in art.places for m in p.mentions]
    assert len(spans) > 10
    for s in spans:
        assert art.text[s.start : s.end] == s.text
    ev = art.events[0]
    assert ev.code == d["events"][0]["code"] and ev["root_code"] == ev.root_code
    assert ev.to_dict() == d["events"][0]
    with pytest.raises(AttributeError):
        ev.not_a_field
    with pytest.raises(AttributeError):
        ev.code = "010"


def test_analyze_many_equals_analyze(nlp):
    items = [newsgraph.read(EXAMPLE)[0]] + [dict(t) for t in TEXTS] + [TEXTS[2]["text"]]
    one_by_one = [nlp.analyze(newsgraph.Pipeline._item(nlp, it, n)).to_dict() for n, it in enumerate(items)]
    many = [a.to_dict() for a in nlp.analyze_many(items, threads=2, batch_size=2)]
    assert many == one_by_one
    assert [a["origin"] for a in many][1:] == ["<item 1>", "<item 2>", "<item 3>", "<item 4>"]
    default = [a.to_dict() for a in nlp.analyze_many(iter(items))]
    assert default == one_by_one


def test_published_date_objects(nlp):
    t = TEXTS[0]
    a = nlp.analyze(t["text"], t["title"], datetime.date(2024, 3, 12))
    b = nlp.analyze(t["text"], t["title"], "2024-03-12")
    assert a.to_dict() == b.to_dict()
    assert a.published.date == "2024-03-12" and a.published.basis == "metadata"


def cli_error_line(path):
    """The line `newsgraph analyze` prints on stderr for a bad input, without its prefix."""
    out = cli("analyze", "--json", str(path))
    assert out.returncode == 1
    lines = [l for l in out.stderr.splitlines() if l.startswith("newsgraph: ")]
    assert len(lines) == 1, out.stderr
    return lines[0][len("newsgraph: ") :]


@pytest.mark.parametrize(
    "name,content",
    [
        ("binary.txt", b"\x00\x01\x02 not text \x00" * 20),
        ("empty.txt", b"   \n\n  "),
        ("bad.jsonl", b'{"title": "no text field"}\n'),
        ("broken.jsonl", b'{"text": "unterminated\n'),
        ("truncated.txt.gz", gzip.compress(b"Title\n\nSome words of a body paragraph.\n" * 50)[:60]),
        ("nobody.html", b"<html><head><title>t</title></head></html>"),
    ],
)
def test_bad_input_raises_the_cli_message(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    expected = cli_error_line(path)
    with pytest.raises(newsgraph.InputError) as err:
        newsgraph.read(path)
    assert str(err.value) == expected
    assert "\n" not in str(err.value)
    assert isinstance(err.value, newsgraph.NewsgraphError)


def test_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    expected = cli_error_line(path)
    with pytest.raises(newsgraph.InputError, match="nope.txt") as err:
        newsgraph.read(str(path))
    assert str(err.value) == expected


def test_on_error_modes(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(Path(ROOT / EXAMPLE).read_text())
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(newsgraph.InputError):
        newsgraph.read(tmp_path)
    assert [i.origin for i in newsgraph.read(tmp_path, on_error="skip")] == [str(good)]
    with pytest.warns(newsgraph.NewsgraphWarning, match="binary data"):
        assert len(newsgraph.read([bad, good], on_error="warn")) == 1
    with pytest.raises(ValueError, match="on_error"):
        newsgraph.read(good, on_error="ignore")


def test_bad_arguments(nlp):
    with pytest.raises(newsgraph.InputError, match=r"^<text>: empty input$"):
        nlp.analyze("  \n ")
    with pytest.raises(newsgraph.InputError, match="is not a date"):
        nlp.analyze("Some text about talks.", published="last Tuesday")
    with pytest.raises(newsgraph.InputError, match="exceeds"):
        nlp.analyze("word " * 1_100_000)
    with pytest.raises(TypeError):
        nlp.analyze(42)
    with pytest.raises(newsgraph.InputError, match="<item 1>: empty input"):
        list(nlp.analyze_many(["Troops crossed the border.", ""]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = list(nlp.analyze_many(["", TEXTS[2]["text"]], on_error="warn"))
    assert len(got) == 1
    with pytest.raises(ValueError, match="threads"):
        nlp.analyze_many([], threads=0)
    with pytest.raises(ValueError, match="min_confidence"):
        newsgraph.Pipeline(min_confidence=1.5)


def test_min_confidence_follows_the_cli(tmp_path):
    everything = newsgraph.Pipeline(min_confidence=0.0)
    [expected] = cli_json("--min-confidence", "0", EXAMPLE)
    assert everything.analyze(newsgraph.read(EXAMPLE)[0]).to_dict() == expected


GDELT_EVENT_COLUMNS_START = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]


def gdelt_tsv(db, fmt):
    out = cli("export", "--db", str(db), "--format", fmt)
    assert out.returncode == 0, out.stderr
    return [line.split("\t") for line in out.stdout.splitlines()]


def test_events_frame_matches_the_gdelt_export(nlp, tmp_path):
    pd = pytest.importorskip("pandas")
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(t) + "\n" for t in TEXTS))
    db = tmp_path / "news.db"
    ing = cli("ingest", "--db", str(db), EXAMPLE, str(path))
    assert ing.returncode == 0, ing.stderr
    rows = gdelt_tsv(db, "gdelt-events")
    arts = list(nlp.analyze_many(newsgraph.read([EXAMPLE, path])))
    ev = newsgraph.events_frame(arts)
    assert isinstance(ev, pd.DataFrame)
    assert list(ev.columns[:5]) == GDELT_EVENT_COLUMNS_START
    assert len(ev) == len(rows) > 0
    assert "EventCode" in ev.columns and ev.columns.get_loc("SOURCEURL") == 60
    # Same events, same codes and actors (DATEADDED, the ingest time, differs).
    gdelt = ev.iloc[:, :61]
    code_col = ev.columns.get_loc("EventCode")
    actor_col = ev.columns.get_loc("Actor1Code")
    assert sorted(gdelt["EventCode"]) == sorted(r[code_col] for r in rows)
    assert sorted(gdelt["Actor1Code"].fillna("")) == sorted(r[actor_col] for r in rows)
    assert str(ev["SQLDATE"].dtype) == "Int64"
    # The database read back gives the same table.
    db_ev = newsgraph.open_db(db).events()
    assert list(db_ev.columns) == list(ev.columns)
    assert sorted(db_ev["EventCode"]) == sorted(ev["EventCode"])
    for name in newsgraph.TABLES:
        mine = newsgraph.table_frame(arts, name)
        theirs = newsgraph.open_db(db).table(name)
        assert list(mine.columns) == list(theirs.columns), name
        assert len(mine) == len(theirs), name
    assert len(newsgraph.entities_frame(arts)) == sum(len(a.entities) for a in arts)
    assert len(newsgraph.quotes_frame(arts)) == sum(len(a.quotes) for a in arts)
    assert len(newsgraph.mentions_frame(arts)) == sum(len(a.events) for a in arts)


def test_database_filters_and_errors(tmp_path):
    pytest.importorskip("pandas")
    db = tmp_path / "news.db"
    assert cli("ingest", "--db", str(db), EXAMPLE).returncode == 0
    d = newsgraph.open_db(db)
    all_events = d.events()
    assert len(all_events) > 0
    codes = set(all_events["EventRootCode"])
    root = all_events["EventRootCode"].iloc[0]
    assert set(d.events(code=root)["EventRootCode"]) == {root}
    other = next(c for c in (f"{n:02}" for n in range(1, 21)) if c not in codes)
    assert len(d.events(code=other)) == 0
    with pytest.raises(ValueError, match="is not a CAMEO code"):
        d.events(code="99")
    assert len(d.events(from_="2100-01-01")) == 0
    with pytest.raises(ValueError, match="is not a calendar date"):
        d.events(from_="2005-13-01")
    with pytest.raises(ValueError, match="not a table"):
        d.table("eventz")
    with pytest.raises(TypeError, match="unknown filter"):
        d.events(actr="GBR")
    missing = tmp_path / "nodir" / "x.db"
    out = cli("query", "events", "--db", str(missing))
    assert out.returncode == 2
    with pytest.raises(newsgraph.DatabaseError) as err:
        newsgraph.open_db(missing)
    assert str(err.value) in out.stderr
    # Read-only: once closed, no -wal or -shm file is left beside the database.
    del d
    import gc

    gc.collect()
    assert not Path(str(db) + "-wal").exists() and not Path(str(db) + "-shm").exists()


def test_polars_where_installed(nlp):
    pl = pytest.importorskip("polars")
    arts = [nlp.analyze(newsgraph.read(EXAMPLE)[0])]
    ev = newsgraph.events_frame(arts, backend="polars")
    assert isinstance(ev, pl.DataFrame) and ev.height == len(newsgraph.events_frame(arts))


def test_stub_names_the_public_api():
    stub = (Path(newsgraph.__file__).parent / "__init__.pyi").read_text()
    for name in newsgraph.__all__:
        if name.endswith("Error") or name == "NewsgraphWarning":
            assert f"class {name}" in stub, name
        else:
            assert f"def {name}(" in stub or f"class {name}" in stub or f"{name}:" in stub, name


def test_analysis_releases_the_gil(nlp):
    # A Python thread keeps running while one native call analyses a batch: with the GIL held
    # it could not take a single step between the call's start and end.
    import threading
    import time

    inputs = [nlp._item(dict(x), n) for n, x in enumerate(TEXTS * 6)]
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    time.sleep(0.01)
    t0 = time.perf_counter()
    nlp._native.analyze_batch(inputs, 1)
    t1 = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if t0 < x < t1]
    assert t1 - t0 > 0.02 and len(during) >= 3, (t1 - t0, len(during))


def test_read_fills_what_inputs_lack(nlp, tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Police arrest three after Lyon clashes\n\n" + TEXTS[2]["text"] + "\n")
    [plain] = newsgraph.read(path)
    assert plain.published is None and plain.source is None
    [given] = newsgraph.read(path, published=datetime.date(2005, 6, 30), source="Test Wire")
    assert given.published == "2005-06-30" and given.source == "Test Wire"
    art = nlp.analyze(given)
    assert art.published.basis == "given" and art.published.date == "2005-06-30"
    assert art.source == "Test Wire"
    with pytest.raises(ValueError, match="is not a calendar date"):
        newsgraph.read(path, published="2005-02-30")


def test_docs_worked_example_runs_as_written(tmp_path):
    # docs/python.md's worked example, on a folder of our own articles instead of the BBC set.
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    doc = (ROOT / "docs" / "python.md").read_text()
    section = doc[doc.index("## Worked example") :]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    folder_line = 'folder = "../shared/data/news/bbc"'
    assert folder_line in code
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "andes.txt").write_text((ROOT / EXAMPLE).read_text())
    for n, t in enumerate(TEXTS):
        (folder / f"a{n}.txt").write_text(t.get("title", "Report") + "\n\n" + t["text"] + "\n")
    script = tmp_path / "example.py"
    script.write_text(code.replace(folder_line, f"folder = {str(folder)!r}"))
    out = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"{len(TEXTS) + 1} articles, ")
    assert (tmp_path / "dyads-per-month.png").stat().st_size > 1000
