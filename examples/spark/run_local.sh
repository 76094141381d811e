#!/usr/bin/env bash
# Runs the PySpark example in local mode on a small sample and checks that its
# Parquet opens in pandas. Creates a venv with pyspark, pandas and pyarrow
# under the cargo target dir (once), builds newsgraph in release mode, and
# uses the BBC corpus when present, else a generated sample.
#
#   examples/spark/run_local.sh [N_ARTICLES]      (default 200)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/venv-spark"
n="${1:-200}"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyspark, pandas, pyarrow" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pyspark pandas pyarrow
fi
# NEWSGRAPH_BIN: use an already-built binary instead of building one.
bin="${NEWSGRAPH_BIN:-$target/release/newsgraph}"
if [ -z "${NEWSGRAPH_BIN:-}" ]; then
    (cd "$root" && cargo build --release -q -p newsgraph)
fi

work="$target/spark-example"
rm -rf "$work" && mkdir -p "$work/in"
bbc="${NEWSGRAPH_BBC:-${NEWSGRAPH_SHARED:-$root/../shared/data}/news/bbc}"
if [ -d "$bbc/business" ]; then
    # Whole-file .txt articles, as the BBC corpus ships them.
    # (mapfile, not `| head`: head closing the pipe trips pipefail)
    mapfile -t files < <(find "$bbc" -name '*.txt' | sort)
    for f in "${files[@]:0:$n}"; do
        cp "$f" "$work/in/$(basename "$(dirname "$f")")-$(basename "$f")"
    done
else
    # Same articles as `newsgraph-bench gen-jsonl`, without needing it built.
    python3 -c 'import json,sys
for i in range(int(sys.argv[1])):
    c = ["Paris", "Nairobi", "Lima", "Jakarta", "Kyiv", "Toronto"][i % 6]
    print(json.dumps({"title": f"Police arrest {2 + i % 7} men in {c}", "published": "2024-03-05",
        "text": f"Police in {c} arrested {2 + i % 7} men on Tuesday after protesters clashed with "
                f"security forces near the parliament, officials said (report {i}).\n\n"
                "\"We will restore order,\" the interior minister told reporters."}))' "$n" > "$work/in/generated.jsonl"
fi
# One deliberately broken line: it must come back as an error record.
echo '{"title": "no text key"}' > "$work/in/broken.jsonl"

export SPARK_LOCAL_IP=127.0.0.1
export PYSPARK_PYTHON="$venv/bin/python"
start=$(date +%s)
"$venv/bin/python" - "$here/newsgraph_spark.py" "$work/in" "$work/out" "$bin" <<'PY'
import runpy, sys
from pyspark.sql import SparkSession
script, inp, out, binary = sys.argv[1:]
# local[2], loopback driver: the settings that work on an offline machine.
(SparkSession.builder.master("local[2]")
    .config("spark.driver.host", "127.0.0.1")
    .config("spark.ui.enabled", "false")
    .getOrCreate())
sys.argv = [script, inp, out, "--newsgraph", binary]
runpy.run_path(script, run_name="__main__")
PY
echo "spark job: $(( $(date +%s) - start )) s (including Spark start-up)"

"$venv/bin/python" - "$work/out" <<'PY'
import sys
import pandas as pd
out = sys.argv[1]
records = pd.read_parquet(out + "/records")
events = pd.read_parquet(out + "/events")
ok = records[records.error.isna() & records.skipped.isna()]
print(f"records: {len(records)} rows ({len(ok)} analyzed, {records.error.notna().sum()} errors)")
print(f"events:  {len(events)} rows; columns {list(events.columns)[:8]} ...")
print(events[["SQLDATE", "Actor1Name", "EventCode", "Actor2Name"]].head(5).to_string())
assert len(ok) > 0, "no article was analyzed"
assert records.error.notna().sum() >= 1, "the broken line must give an error record"
assert len(events) > 0, "no events coded"
PY
