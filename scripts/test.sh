#!/usr/bin/env bash
# The README's test command: format and lint checks, the whole test suite,
# and — when the evaluation corpora in ../shared/data are present — the
# evaluations, whose numbers are recorded in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
if command -v cargo-nextest >/dev/null 2>&1; then
    cargo nextest run --workspace --no-fail-fast
else
    cargo test --workspace --no-fail-fast
fi
# The doc tests nextest does not run.
cargo test --workspace --doc --quiet

# The page, in a real browser: Debian's chromium driven by playwright-core.
cargo build --release --quiet

# Parquet as users read it: pyarrow, pandas and DuckDB from PyPI (skips when PyPI is unreachable).
bash scripts/parquet_check.sh

# The Python package (python/, crates/python): a fresh venv installs it from the repo with pip
# and runs python/tests against the binary (skips when PyPI is unreachable).
bash scripts/python_check.sh

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "note: chromium is not installed and this is not root; run: sudo apt-get install -y chromium" >&2
        exit 1
    fi
fi
NEWSGRAPH_BIN="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/newsgraph" bash tests/browser/run.sh

SHARED="${NEWSGRAPH_SHARED:-../shared/data}"
if [ -d "$SHARED" ]; then
    bash scripts/eval.sh "$SHARED"
else
    echo "note: $SHARED not found; skipping the evaluations on the shared corpora"
fi
