"""Checks newsgraph's Parquet export with pyarrow, pandas and DuckDB.

Run by scripts/parquet_check.sh with its work directory, which holds
news.db (the store), parquet/ (`export --format parquet --out`),
events-one.parquet (`--table events`) and the gdelt-*.tsv exports of the
same store. Compares row counts with SQLite and the TSV export, the Parquet
types with the documented ones, and every GDELT cell with its TSV field.
"""

import csv
import math
import sqlite3
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

work = Path(sys.argv[1])
out = work / "parquet"
db = sqlite3.connect(work / "news.db")
passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}")


def count(table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def tsv(name):
    return pd.read_csv(
        work / f"{name}.tsv",
        sep="\t",
        header=None,
        dtype=str,
        keep_default_na=False,
        quoting=csv.QUOTE_NONE,
    )


tsvs = {t: tsv(f"gdelt-{t}") for t in ("events", "mentions", "gkg")}
expected_rows = {
    "events": len(tsvs["events"]),
    "mentions": len(tsvs["mentions"]),
    "gkg": count("articles"),
    "articles": count("articles"),
    "entities": count("entities"),
    "quotes": count("quotes"),
    "places": count("places"),
}
# GDELT's columns, then (Events, Mentions) newsgraph's eleven evidence columns (the last
# EventConfidence and Reviewed), and Mentions' three codes.
expected_columns = {"events": 61 + 11, "mentions": 16 + 11 + 3, "gkg": 27}
ts_ms_utc = pa.timestamp("ms", tz="UTC")
expected_types = {
    "events": {
        "GLOBALEVENTID": pa.int64(),
        "SQLDATE": pa.int64(),
        "FractionDate": pa.float64(),
        "Actor1Code": pa.string(),
        "EventCode": pa.string(),
        "EventRootCode": pa.string(),
        "QuadClass": pa.int64(),
        "GoldsteinScale": pa.float64(),
        "NumMentions": pa.int64(),
        "AvgTone": pa.float64(),
        "ActionGeo_Lat": pa.float64(),
        "ActionGeo_FeatureID": pa.string(),
        "DATEADDED": pa.int64(),
        "SOURCEURL": pa.string(),
        "EventConfidence": pa.float64(),
        "Reviewed": pa.string(),
    },
    "mentions": {
        "GLOBALEVENTID": pa.int64(),
        "MentionIdentifier": pa.string(),
        "SentenceID": pa.int64(),
        "Confidence": pa.int64(),
        "MentionDocTone": pa.float64(),
    },
    "gkg": {"GKGRECORDID": pa.string(), "DATE": pa.int64(), "V2Tone": pa.string()},
    "articles": {
        "article_id": pa.string(),
        "published": pa.date32(),
        "ingested_at": ts_ms_utc,
        "n_chars": pa.int64(),
        "tone": pa.float64(),
        "text": pa.string(),
    },
    "entities": {"article_id": pa.string(), "name": pa.string(), "n_mentions": pa.int64()},
    "quotes": {"start": pa.int64(), "end": pa.int64(), "speaker": pa.string()},
    "places": {"geonames_id": pa.int64(), "lat": pa.float64(), "fips_country": pa.string()},
}

# pyarrow: schema, types, row counts.
tables = {}
for name, n in expected_rows.items():
    path = out / f"{name}.parquet"
    t = pq.read_table(path)
    tables[name] = t
    check(t.num_rows == n, f"{name}: {t.num_rows} rows, expected {n}")
    if name in expected_columns:
        check(
            t.num_columns == expected_columns[name],
            f"{name}: {t.num_columns} columns, expected {expected_columns[name]}",
        )
    for col, ty in expected_types[name].items():
        got = t.schema.field(col).type
        check(got == ty, f"{name}.{col}: {got}, expected {ty}")
one = pq.read_table(work / "events-one.parquet")
check(one.equals(tables["events"]), "--table events equals events.parquet")


# Every GDELT cell equals the TSV field (null = empty, floats numerically).
def same(cell, field):
    if cell is None:
        return field == ""
    if isinstance(cell, float):
        return field != "" and math.isclose(cell, float(field), rel_tol=0, abs_tol=1e-12)
    return str(cell) == field


for name in ("events", "mentions", "gkg"):
    rows = tables[name].to_pylist()
    frame = tsvs[name]
    bad = [
        (i, col)
        for i, row in enumerate(rows)
        for j, col in enumerate(tables[name].column_names[: frame.shape[1]])
        if not same(row[col], frame.iat[i, j])
    ]
    check(not bad, f"{name}: cells differ from the TSV export at {bad[:5]}")

# pandas: the way most users open it.
events = pd.read_parquet(out / "events.parquet")
check(len(events) == expected_rows["events"], "pandas: events rows")
if len(events):
    check(events["GLOBALEVENTID"].dtype == "int64", "pandas: GLOBALEVENTID is int64")
    check(events["GoldsteinScale"].dtype == "float64", "pandas: GoldsteinScale is float64")
    check(
        all(isinstance(c, str) and len(c) >= 2 for c in events["EventRootCode"]),
        "pandas: EventRootCode keeps its leading zero as a string",
    )
articles = pd.read_parquet(out / "articles.parquet")
check(
    str(articles["ingested_at"].dtype).startswith("datetime64[ms, UTC]"),
    f"pandas: ingested_at is {articles['ingested_at'].dtype}",
)
stored_ids = {r[0] for r in db.execute("SELECT id FROM articles")}
check(set(articles["article_id"]) == stored_ids, "pandas: article ids equal the store's")

# DuckDB: SQL straight over the files.
try:
    import duckdb
except ImportError:
    duckdb = None
    print("note: duckdb is not installed; DuckDB checks skipped")
if duckdb is not None:
    con = duckdb.connect()
    for name, n in expected_rows.items():
        got = con.execute(f"SELECT COUNT(*) FROM read_parquet('{out / name}.parquet')").fetchone()[0]
        check(got == n, f"duckdb: {name} has {got} rows, expected {n}")
    def describe(name):
        rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out}/{name}.parquet')")
        return {r[0]: r[1] for r in rows.fetchall()}

    types = describe("articles")
    check(types.get("published") == "DATE", f"duckdb: published is {types.get('published')}")
    check(
        types.get("ingested_at") == "TIMESTAMP WITH TIME ZONE",
        f"duckdb: ingested_at is {types.get('ingested_at')}",
    )
    ev_types = describe("events")
    check(
        (ev_types.get("SQLDATE"), ev_types.get("EventCode"), ev_types.get("GoldsteinScale"))
        == ("BIGINT", "VARCHAR", "DOUBLE"),
        f"duckdb: events types {ev_types.get('SQLDATE')}, {ev_types.get('EventCode')}, "
        f"{ev_types.get('GoldsteinScale')}",
    )
    # Every mention joins its article through the document identifier.
    joined = con.execute(
        f"""SELECT COUNT(*) FROM read_parquet('{out}/mentions.parquet') m
            JOIN read_parquet('{out}/articles.parquet') a ON m.MentionIdentifier = a.identifier"""
    ).fetchone()[0]
    check(joined == expected_rows["mentions"], f"duckdb: {joined} mentions join an article")
    by_root = con.execute(
        f"""SELECT EventRootCode, COUNT(*) FROM read_parquet('{out}/events.parquet')
            GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    check(
        sum(n for _, n in by_root) == expected_rows["events"],
        "duckdb: events grouped by root code add up",
    )

print(
    "parquet: "
    + ", ".join(f"{k} {v}" for k, v in expected_rows.items())
    + f" rows; pyarrow {pa.__version__}, pandas {pd.__version__}"
    + (f", duckdb {duckdb.__version__}" if duckdb is not None else "")
)
print(f"parquet_check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
