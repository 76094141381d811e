#!/usr/bin/env bash
# Runs every cargo-fuzz target for a given time each, one after another,
# keeping the corpus between runs (fuzz/corpus/<target>, gitignored) and
# any crash in fuzz/artifacts/<target>. Each finding becomes a regression
# test: add its bytes to FUZZ_REGRESSIONS in crates/cli/tests/reliability.rs.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   scripts/fuzz.sh 60                  # every target, one minute each
#   scripts/fuzz.sh 3600 analyze        # one target, one hour
#
# Only stable Rust is assumed: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its
# nightly-only flags (-Zsanitizer=address, ...) to the stable compiler.
# Set FUZZ_SANITIZER=none for a faster, uninstrumented-memory build.
# Exit status: 0 when no target found anything, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"

SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(read_text read_html read_jsonl read_gzip read_sniff analyze)
fi
SANITIZER="${FUZZ_SANITIZER:-address}"
export RUSTC_BOOTSTRAP=1
# The models are compiled into the binary; a release build keeps the
# analyze target fast enough to be worth running.
if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz not found; install it with: cargo install cargo-fuzz" >&2
    exit 2
fi

status=0
for target in "${TARGETS[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    # Seed an empty corpus with the committed examples, so the fuzzer
    # starts from real articles rather than from nothing.
    if [ -z "$(ls -A "corpus/$target")" ] && [ -d "seeds/$target" ]; then
        cp "seeds/$target"/* "corpus/$target/"
    fi
    echo "== $target: ${SECONDS_PER_TARGET}s" >&2
    log="artifacts/$target/last-run.log"
    # -rss_limit_mb: the 1 GB memory bound of RELIABILITY.md, enforced.
    # -timeout: one input taking more than 10 s is reported as a hang.
    if cargo fuzz run --sanitizer "$SANITIZER" "$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=1024 -timeout=10 \
        -max_len=65536 -artifact_prefix="artifacts/$target/" -print_final_stats=1 \
        2>"$log"; then
        grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)" "$log" \
            | sed "s/^/$target: /" >&2
    else
        status=1
        echo "$target: FOUND A PROBLEM; see $log and artifacts/$target/" >&2
        tail -n 40 "$log" >&2
    fi
done
exit $status
