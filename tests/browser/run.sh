#!/usr/bin/env bash
# Browser test for `newsgraph serve` (see test.mjs for the steps).
#
# Builds the server (or uses $NEWSGRAPH_BIN, a `newsgraph` binary with the
# `serve` command), starts it with writes on a fresh database on a free
# loopback port, runs the chromium test, stops the server, and exits non-zero
# on any failure. Needs Debian's chromium and node/npm:
#   apt-get install -y chromium nodejs npm
# SCREENSHOT=docs/screenshot.png keeps the screenshot for the README.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null || { echo "run.sh: chromium not found (apt-get install -y chromium)" >&2; exit 1; }
(cd "$here" && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent; })

if [ -n "${NEWSGRAPH_BIN:-}" ]; then
  serve_cmd=("$NEWSGRAPH_BIN" serve)
else
  (cd "$root" && cargo build --quiet -p newsgraph-server --example serve)
  target="${CARGO_TARGET_DIR:-$root/target}"
  serve_cmd=("$target/debug/examples/serve")
fi

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
token="browser-test-$RANDOM$RANDOM"
"${serve_cmd[@]}" --db "$work/test.db" --addr "127.0.0.1:$port" --allow-writes --token "$token" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "run.sh: the server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done

status=0
BASE="http://127.0.0.1:$port" TOKEN="$token" EXAMPLE="$root/examples/andes-water-talks.txt" \
  SCREENSHOT="${SCREENSHOT:-$work/screenshot.png}" node "$here/test.mjs" || status=$?
if [ "$status" -ne 0 ]; then echo "--- server log"; cat "$work/server.log"; fi
exit "$status"
