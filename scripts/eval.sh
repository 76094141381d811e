#!/usr/bin/env bash
# Evaluations on the shared corpora (run by scripts/test.sh when they exist).
# One `newsgraph eval all` run writes every suite's metrics as JSON Lines
# ($OUT/metrics.jsonl: one {"suite","metric","value","scale"} object per
# line) and its readable report ($OUT/<suite>.txt, printed here too). The run
# fails when a suite fails, when analyze does not produce one JSON object per
# BBC article, or when a score falls below the floor recorded in
# BENCHMARKS.md (checked by scripts/check_floors.py from the JSON).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-${NEWSGRAPH_SHARED:-../shared/data}}"
OUT="${EVAL_OUT:-target/eval}"
mkdir -p "$OUT"

cargo build --release --quiet
NG="${CARGO_TARGET_DIR:-target}/release/newsgraph"

echo "== eval all --data $DATA --json --reports $OUT"
"$NG" eval all --data "$DATA" --json --reports "$OUT" > "$OUT/metrics.jsonl"
# The event probes we wrote (data/gold/events/probe-*.jsonl): sentences that must code
# nothing (sports, markets, weather, idioms, speech to the media) and the issue's sentences.
"$NG" eval events --data "$DATA" --gold data/gold/events/probe-none.jsonl \
    --gold data/gold/events/probe-some.jsonl --json >> "$OUT/metrics.jsonl"
for name in ud ner names times quotes events events_gold places; do
    echo "== eval $name"
    cat "$OUT/$name.txt"
done

echo "== analyze all BBC articles"
"$NG" analyze --json "$DATA"/news/bbc/{business,entertainment,politics,sport,tech} > "$OUT/bbc.jsonl"
n=$(wc -l < "$OUT/bbc.jsonl")
echo "analyzed $n BBC articles"
if [ "$n" -ne 2225 ]; then
    echo "expected 2225 BBC articles, got $n" >&2
    exit 1
fi
python3 scripts/check_floors.py "$OUT/metrics.jsonl"
