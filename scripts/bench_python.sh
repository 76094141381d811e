#!/usr/bin/env bash
# The Python package against the CLI on the same BBC articles, in one run, one
# thread each (issue 21; BENCHMARKS.md "Python package"), and spaCy's nlp.pipe
# beside them when scripts/peer_spacy.sh has made its venv.
#
#   scripts/bench_python.sh
#
# Builds the release binary and newsgraph-bench (for the token count), and a
# venv with the package under the target dir (target/venv-python, kept), then
# runs scripts/bench_python.py.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
bbc="${NEWSGRAPH_BBC:-${NEWSGRAPH_SHARED:-$root/../shared/data}/news/bbc}"
if [ ! -d "$bbc/business" ]; then
    echo "bench_python: BBC corpus not found at $bbc (set NEWSGRAPH_BBC); nothing to compare" >&2
    exit 0
fi
(cd "$root" && cargo build --release -q -p newsgraph -p newsgraph-bench)
venv="$target/venv-python"
if ! "$venv/bin/python" -c "import newsgraph" 2>/dev/null; then
    PYTHON_CHECK_KEEP="$venv" bash "$root/scripts/python_check.sh"
fi
dirs=("$bbc/business" "$bbc/entertainment" "$bbc/politics" "$bbc/sport" "$bbc/tech")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
tokens=$("$target/release/newsgraph-bench" throughput --threads 1 --json "${dirs[@]}" | tail -n 1 \
    | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["tokens"])')
"$venv/bin/python" "$root/scripts/bench_python.py" "$target/release/newsgraph" "$tokens" "${dirs[@]}"
if [ -x "$target/venv-spacy/bin/python" ]; then
    PEER_LIMIT=0 OMP_NUM_THREADS=1 "$target/venv-spacy/bin/python" "$root/scripts/peer_spacy.py" "${dirs[@]}"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
