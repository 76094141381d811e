#!/usr/bin/env bash
# Evaluations on the shared corpora (run by scripts/test.sh when they exist).
# Each prints its report; the run fails when a command fails, when analyze
# does not produce one JSON object per BBC article, or when a score falls
# below the floor recorded in BENCHMARKS.md (checked by scripts/check_floors.py).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
OUT="${EVAL_OUT:-target/eval}"
mkdir -p "$OUT"

cargo build --release --quiet
NG="${CARGO_TARGET_DIR:-target}/release/newsgraph"

run() { # name, command...
    local name="$1"; shift
    echo "== eval $name: $*"
    "$@" | tee "$OUT/$name.txt"
}

run ud      "$NG" eval ud --gold "$DATA/ud_english_ewt/en_ewt-ud-test.conllu"
run ner     "$NG" eval ner --conll "$DATA/conll2003/eng.testb"
run times   "$NG" eval times --tempeval "$DATA/tempeval3/Evaluation/te3-platinum"
run quotes  "$NG" eval quotes --polnear "$DATA/quotes/polnear" --meantime "$DATA/meantime/intra_cross-doc_annotation"
run events  "$NG" eval events --data "$DATA"
run places  "$NG" eval places --data "$DATA"

echo "== analyze all BBC articles"
"$NG" analyze --json "$DATA"/news/bbc/{business,entertainment,politics,sport,tech} > "$OUT/bbc.jsonl"
n=$(wc -l < "$OUT/bbc.jsonl")
echo "analyzed $n BBC articles"
if [ "$n" -ne 2225 ]; then
    echo "expected 2225 BBC articles, got $n" >&2
    exit 1
fi
python3 scripts/check_floors.py "$OUT"
