"""Scale-out example: analyze a directory of articles on Spark with newsgraph.

    spark-submit newsgraph_spark.py INPUT_DIR OUTPUT_DIR [--newsgraph BIN]

INPUT_DIR holds JSON Lines files (*.jsonl: one article per line, a "text"
key and optional "title", "url", "published", "source", "byline") and/or
plain-text files (*.txt: first line the title, then the body). Every
partition is piped through `newsgraph code --jsonl` (RDD.pipe): articles in
as JSON Lines on stdin, one record per article out on stdout, bad articles
as error records, so one broken page never fails a task.

Written to OUTPUT_DIR as Parquet:
  records/  one row per article: id, title, url, published date and basis,
            counts, the error or skip reason, and the full record as JSON.
  events/   one row per coded event, with GDELT 2.0 Events column names
            where a field has a GDELT meaning (SOURCEURL, EventCode,
            EventBaseCode, EventRootCode, QuadClass, GoldsteinScale,
            Actor1Code/Name, Actor2Code/Name, SQLDATE) plus newsgraph's own
            (modality, PLOVER category, evidence sentence and offsets).

The binary must exist at the same path on every executor; see README.md for
shipping it with --files.
"""

import argparse
import json
import os
import shlex
import sys

from pyspark.sql import SparkSession
from pyspark.sql.types import (
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

RECORD_SCHEMA = StructType(
    [
        StructField("origin", StringType()),
        StructField("id", StringType()),
        StructField("title", StringType()),
        StructField("url", StringType()),
        StructField("source", StringType()),
        StructField("published", StringType()),
        StructField("published_basis", StringType()),
        StructField("n_entities", IntegerType()),
        StructField("n_quotes", IntegerType()),
        StructField("n_events", IntegerType()),
        StructField("n_places", IntegerType()),
        StructField("error", StringType()),
        StructField("skipped", StringType()),
        StructField("record", StringType()),
    ]
)

EVENT_SCHEMA = StructType(
    [
        StructField("GLOBALEVENTID", LongType()),
        StructField("SQLDATE", StringType()),
        StructField("Actor1Code", StringType()),
        StructField("Actor1Name", StringType()),
        StructField("Actor2Code", StringType()),
        StructField("Actor2Name", StringType()),
        StructField("EventCode", StringType()),
        StructField("EventBaseCode", StringType()),
        StructField("EventRootCode", StringType()),
        StructField("QuadClass", IntegerType()),
        StructField("GoldsteinScale", DoubleType()),
        StructField("ActionGeo_FullName", StringType()),
        StructField("SOURCEURL", StringType()),
        StructField("article_id", StringType()),
        StructField("modality", StringType()),
        StructField("plover", StringType()),
        StructField("evidence", StringType()),
        StructField("evidence_start", IntegerType()),
        StructField("evidence_end", IntegerType()),
    ]
)


def text_file_to_jsonl(path_and_content):
    """A .txt article (title line, body) as one JSON line for newsgraph."""
    path, content = path_and_content
    title, _, body = content.strip().partition("\n")
    return json.dumps({"title": title.strip(), "text": body.strip() or title, "url": path})


def to_record(line):
    try:
        r = json.loads(line)
    except ValueError:
        # Never expected (newsgraph writes one JSON object per line), but a
        # row that says so beats a failed job.
        return (None,) * 11 + ("unparseable output line: " + line[:200], None, line)
    pub = r.get("published") or {}
    return (
        r.get("origin"),
        r.get("id"),
        r.get("title"),
        r.get("url"),
        r.get("source"),
        pub.get("date"),
        pub.get("basis"),
        len(r.get("entities") or []),
        len(r.get("quotes") or []),
        len(r.get("events") or []),
        len(r.get("places") or []),
        r.get("error"),
        r.get("skipped"),
        line,
    )


def to_events(line):
    try:
        r = json.loads(line)
    except ValueError:
        return []
    out = []
    date = (r.get("published") or {}).get("date")
    for i, e in enumerate(r.get("events") or []):
        ev = e.get("evidence") or {}
        day = e.get("date") or date
        out.append(
            (
                # Stable within a run: article id hash plus position.
                (int(r["id"][:12], 16) << 8) + i if r.get("id") else None,
                day.replace("-", "")[:8] if day else None,
                e.get("source"),
                e.get("source_name"),
                e.get("target"),
                e.get("target_name"),
                e.get("code"),
                e.get("base_code"),
                e.get("root_code"),
                e.get("quad_class"),
                float(e["goldstein"]) if e.get("goldstein") is not None else None,
                e.get("place"),
                r.get("url"),
                r.get("id"),
                e.get("modality"),
                e.get("plover"),
                ev.get("text"),
                ev.get("start"),
                ev.get("end"),
            )
        )
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--newsgraph", default=os.environ.get("NEWSGRAPH_BIN", "newsgraph"))
    ap.add_argument("--threads", default="1", help="newsgraph threads per task (-j)")
    ap.add_argument("--partitions", type=int, default=0)
    args = ap.parse_args()

    spark = SparkSession.builder.appName("newsgraph").getOrCreate()
    sc = spark.sparkContext
    inp = args.input.rstrip("/")
    # Spark fails on a glob that matches nothing, so only read the kinds of
    # file present. A non-local input (hdfs://, s3a://) is taken as JSON Lines.
    names = os.listdir(inp) if os.path.isdir(inp) else []
    parts = []
    if not names or any(n.endswith(".jsonl") for n in names):
        parts.append(sc.textFile(inp + "/*.jsonl"))
    if any(n.endswith(".txt") for n in names):
        parts.append(sc.wholeTextFiles(inp + "/*.txt").map(text_file_to_jsonl))
    if not parts:
        sys.exit("no *.jsonl or *.txt files in " + inp)
    articles = parts[0] if len(parts) == 1 else sc.union(parts)
    articles = articles.filter(lambda line: line.strip())
    if args.partitions:
        articles = articles.repartition(args.partitions)
    # The record lines are cached: both tables are built from one pipe run.
    # RDD.pipe takes one command string and splits it with shlex.
    command = shlex.join([args.newsgraph, "code", "--jsonl", "-j", args.threads])
    records = articles.pipe(
        command,
        env={"RUST_BACKTRACE": "0"},
    ).cache()
    spark.createDataFrame(records.map(to_record), RECORD_SCHEMA).write.mode(
        "overwrite"
    ).parquet(args.output + "/records")
    spark.createDataFrame(records.flatMap(to_events), EVENT_SCHEMA).write.mode(
        "overwrite"
    ).parquet(args.output + "/events")
    n = records.count()
    print(f"newsgraph_spark: {n} records written to {args.output}/records and /events")
    spark.stop()


if __name__ == "__main__":
    main()
