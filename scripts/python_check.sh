#!/usr/bin/env bash
# The Python package as a new user gets it (issue 21): a fresh venv, maturin,
# pandas and pytest from PyPI, `pip install ./python` from this repository
# (maturin builds crates/python against the release target dir, so the
# workspace's compiled crates are reused), then python/tests with pytest
# against the release binary. The venv is thrown away afterwards; pip's own
# download cache is kept. When pip cannot reach its registry the check is
# skipped with a note, not failed.
#
#   NEWSGRAPH_BIN     the binary the tests compare with (default: the release
#                     build, built if missing)
#   PYTHON            the interpreter to make the venv with (default: python3)
#   PYTHON_CHECK_KEEP=DIR  make the venv in DIR and keep it (for benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

BIN="${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-target}/release/newsgraph}"
if [ ! -x "$BIN" ]; then
    cargo build --release --quiet -p newsgraph
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

PYTHON="${PYTHON:-python3}"
if [ -n "${PYTHON_CHECK_KEEP:-}" ]; then
    VENV="$PYTHON_CHECK_KEEP"
else
    VENV="$(mktemp -d)/venv"
    trap 'rm -rf "$(dirname "$VENV")"' EXIT
fi
if ! command -v "$PYTHON" >/dev/null 2>&1 || ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    echo "note: python package check skipped: no $PYTHON with venv (Debian: apt-get install python3-venv)"
    exit 0
fi
PY="$VENV/bin/python"
# pip runs the build backend (maturin) from the venv's bin.
export PATH="$VENV/bin:$PATH"
pip_log="$(mktemp)"
pip() {
    timeout 900 "$PY" -m pip --disable-pip-version-check --timeout 30 --retries 1 "$@" >>"$pip_log" 2>&1
}
if ! pip install --quiet "maturin>=1.5,<2" pytest pandas; then
    echo "note: python package check skipped: pip could not install maturin, pytest and pandas (is PyPI reachable?):"
    tail -n 3 "$pip_log" | sed 's/^/    /'
    rm -f "$pip_log"
    exit 0
fi
# polars (the tables' other backend) and matplotlib (docs/python.md's worked example plots):
# tested where they install.
for extra in polars matplotlib; do
    pip install --quiet "$extra" || echo "note: pip could not install $extra; its test will be skipped"
done
# The package from the repository, as the README says to install it. The
# build backend (maturin) is already in the venv: no isolated build env.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
start=$(date +%s)
if ! pip install --no-build-isolation "$root/python"; then
    echo "python package check: pip install ./python failed:" >&2
    tail -n 40 "$pip_log" >&2
    rm -f "$pip_log"
    exit 1
fi
echo "python package built and installed in $(($(date +%s) - start)) s"
rm -f "$pip_log"
NEWSGRAPH_BIN="$BIN" "$PY" -m pytest -q "$root/python/tests"
