#!/usr/bin/env bash
# Opens newsgraph's Parquet export with the tools users read it with:
# pyarrow, pandas and DuckDB (issue #8). Ingests a few articles into a
# scratch database, exports every table with `export --format parquet`, and
# has scripts/parquet_check.py compare row counts, column types and cells
# with the SQLite store and the TSV export.
#
# The Python packages come from PyPI into a venv that is kept between runs
# (PARQUET_CHECK_VENV, default ~/.cache/newsgraph/parquet-venv). When pip
# cannot reach its registry the check is skipped with a note, not failed.
#
#   NEWSGRAPH_BIN   the binary to check (default: the release build, built
#                   if missing)
#   NEWSGRAPH_SHARED  ../shared/data, for a few BBC articles (optional)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-target}/release/newsgraph}"
if [ ! -x "$BIN" ]; then
    cargo build --release --quiet -p newsgraph
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

VENV="${PARQUET_CHECK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/newsgraph/parquet-venv}"
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
    mkdir -p "$(dirname "$VENV")"
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        echo "note: parquet check skipped: no python3 with venv (Debian: apt-get install python3-venv)"
        exit 0
    fi
fi
pip_log="$(mktemp)"
if ! "$PY" -c 'import pyarrow, pandas' 2>/dev/null; then
    if ! timeout 600 "$PY" -m pip install --quiet --disable-pip-version-check \
        --timeout 30 --retries 1 pyarrow pandas >"$pip_log" 2>&1; then
        echo "note: parquet check skipped: pip could not install pyarrow and pandas (is PyPI reachable?):"
        tail -n 3 "$pip_log" | sed 's/^/    /'
        rm -f "$pip_log"
        exit 0
    fi
fi
if ! "$PY" -c 'import duckdb' 2>/dev/null; then
    # DuckDB is a ~20 MB wheel; without it the pyarrow/pandas checks still run.
    timeout 600 "$PY" -m pip install --quiet --disable-pip-version-check \
        --timeout 30 --retries 1 duckdb >"$pip_log" 2>&1 \
        || echo "note: pip could not install duckdb; its checks will be skipped"
fi
rm -f "$pip_log"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
inputs=(examples/andes-water-talks.txt)
SHARED="${NEWSGRAPH_SHARED:-../shared/data}"
if [ -d "$SHARED/news/bbc/politics" ]; then
    # A dozen real articles so that events merge across reports.
    while IFS= read -r f; do inputs+=("$f"); done \
        < <(find "$SHARED/news/bbc/politics" -name '*.txt' | sort | head -n 12)
fi
"$BIN" ingest --db "$WORK/news.db" "${inputs[@]}" >/dev/null 2>"$WORK/ingest.log" \
    || { cat "$WORK/ingest.log" >&2; exit 1; }
"$BIN" export --db "$WORK/news.db" --format parquet --out "$WORK/parquet" 2>/dev/null
"$BIN" export --db "$WORK/news.db" --format parquet --table events --out "$WORK/events-one.parquet" 2>/dev/null
for f in gdelt-events gdelt-mentions gdelt-gkg; do
    "$BIN" export --db "$WORK/news.db" --format "$f" --out "$WORK/$f.tsv" 2>/dev/null
done
"$PY" scripts/parquet_check.py "$WORK"
