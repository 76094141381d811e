#!/usr/bin/env bash
# Load test of `newsgraph serve` on loopback (issue 10; a benchmark, not a CI
# test). Builds the database if missing, starts the release server, then:
#
#   1. a mixed run: wrk with CONNECTIONS keep-alive connections for SECONDS,
#      cycling over the main read routes (scripts/load_test.lua), while the
#      server's RSS is sampled every second;
#   2. each route alone for ROUTE_SECONDS, for its own p99.
#
# Fails (exit 1) on any socket error, any non-2xx response, or RSS growing by
# more than 20% (and 20 MB) from just after warm-up (the first fifth of the
# mixed run) to its end.
#
#   scripts/load_test.sh                      # 120 s mixed, 16 connections, 5 s per route
#   SECONDS_MIXED=600 CONNECTIONS=64 scripts/load_test.sh
#   DB=/tmp/x.db CORPUS=../shared/data/news/bbc scripts/load_test.sh
#   NEWSGRAPH_BIN=/path/to/release/newsgraph scripts/load_test.sh   # no build
#
# Needs wrk (Debian: apt-get install wrk) and curl. Results go to
# $OUT (default /tmp/newsgraph-load): wrk outputs, rss.csv (seconds, kB).
set -euo pipefail
cd "$(dirname "$0")/.."

DB="${DB:-/tmp/newsgraph-load.db}"
CORPUS="${CORPUS:-${NEWSGRAPH_SHARED:-../shared/data}/news/bbc}"
SECONDS_MIXED="${SECONDS_MIXED:-120}"
ROUTE_SECONDS="${ROUTE_SECONDS:-5}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
PORT="${PORT:-18480}"
OUT="${OUT:-/tmp/newsgraph-load}"
# NEWSGRAPH_BIN: a release binary to test as is; otherwise one is built.
BIN="${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-target}/release/newsgraph}"

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "load_test.sh: $tool not found" >&2; exit 2; }
done
mkdir -p "$OUT"
[ -n "${NEWSGRAPH_BIN:-}" ] || cargo build --release -p newsgraph >&2
if [ ! -f "$DB" ]; then
    echo "== building $DB from $CORPUS" >&2
    "$BIN" ingest --db "$DB" "$CORPUS" >&2
fi

"$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" 2>"$OUT/serve.log" &
SERVER=$!
SAMPLER=""
cleanup() {
    [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
}
trap cleanup EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do
    curl -fs "$BASE/api/stats" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "$BASE/api/stats" >"$OUT/stats.json"
# Real parameters from this database: one article id, one entity name.
ID=$(curl -fs "$BASE/api/articles?limit=1" | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p' | head -1)
ENTITY=$(curl -fs "$BASE/api/entities?type=person&limit=1" \
    | sed -n 's/.*"name":"\([^"]*\)".*/\1/p' | head -1 | sed 's/ /%20/g')

ROUTES=(
    "/api/stats"
    "/api/codes"
    "/api/articles?limit=50"
    "/api/articles?q=government%20minister&limit=20"
    "/api/articles/$ID"
    "/api/events?limit=50"
    "/api/events?actor=GBR&limit=50"
    "/api/events?root=04&sort=-goldstein&limit=50"
    "/api/timeline"
    "/api/network"
    "/api/places"
    "/api/entities?limit=50"
    "/api/entity?name=$ENTITY"
    "/"
    "/assets/app.js"
)
# Every route must answer 200 before the load starts.
for r in "${ROUTES[@]}"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$r")
    [ "$code" = 200 ] || { echo "load_test.sh: $r gave $code" >&2; exit 1; }
done
printf '%s\n' "${ROUTES[@]}" >"$OUT/routes.txt"

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status"; }
echo "== mixed: ${SECONDS_MIXED}s, $CONNECTIONS connections, ${#ROUTES[@]} routes" >&2
(
    t=0
    while kill -0 "$SERVER" 2>/dev/null; do
        echo "$t,$(rss_kb)"
        sleep 1
        t=$((t + 1))
    done
) >"$OUT/rss.csv" &
SAMPLER=$!
ROUTES_FILE="$OUT/routes.txt" wrk -t "$THREADS" -c "$CONNECTIONS" -d "${SECONDS_MIXED}s" \
    --timeout 10s --latency -s scripts/load_test.lua "$BASE" >"$OUT/mixed.txt"
kill "$SAMPLER" 2>/dev/null || true
SAMPLER=""
cat "$OUT/mixed.txt"

status=0
check_wrk() { # file label
    if grep -q "Socket errors\|Non-2xx" "$1"; then
        echo "FAIL $2: $(grep 'Socket errors\|Non-2xx' "$1" | tr '\n' ' ')" >&2
        status=1
    fi
}
check_wrk "$OUT/mixed.txt" mixed

# Memory over the run: the first fifth is warm-up (SQLite page caches and
# the pool's connections filling); the tenth after it against the last tenth.
awk -F, '
    NR > 1 { rss[NR] = $2; last = NR; if ($2 > max) max = $2 }
    END {
        k = int(last / 10); if (k < 1) k = 1
        w = 2 + 2 * k
        for (i = w; i < w + k; i++) a += rss[i]
        for (i = last - k + 1; i <= last; i++) b += rss[i]
        a /= k; b /= k
        printf "RSS: after warm-up %.1f MB, last tenth %.1f MB, peak %.1f MB (%d samples)\n", a / 1024, b / 1024, max / 1024, last
        if (b > a * 1.2 && b - a > 20 * 1024) { print "FAIL: RSS grew over the run"; exit 1 }
    }' "$OUT/rss.csv" || status=1
# RSS every tenth of the run, for RELIABILITY.md.
awk -F, 'NR > 1 { r[NR - 1] = $2; n = NR - 1 }
    END { s = ""; for (i = 1; i <= 10; i++) { j = int(n * i / 10); if (j < 1) j = 1; s = s sprintf("%.0f ", r[j] / 1024) } print "RSS MB at each tenth: " s }' "$OUT/rss.csv"

echo "== each route alone: ${ROUTE_SECONDS}s, $CONNECTIONS connections" >&2
printf '%-50s %10s %8s %8s %8s\n' route req/s p50 p99 max
i=0
for r in "${ROUTES[@]}"; do
    f="$OUT/route-$i.txt"
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "${ROUTE_SECONDS}s" --timeout 10s --latency "$BASE$r" >"$f"
    check_wrk "$f" "$r"
    printf '%-50s %10s %8s %8s %8s\n' "${r:0:50}" \
        "$(awk '/^Requests\/sec/ {print $2}' "$f")" \
        "$(awk '$1 == "50%" {print $2}' "$f")" \
        "$(awk '$1 == "99%" {print $2}' "$f")" \
        "$(awk '/Latency/ && !/Distribution/ {print $4; exit}' "$f")"
    i=$((i + 1))
done
echo "server RSS after all: $(( $(rss_kb) / 1024 )) MB"
exit $status
