#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# The census observatory at national scale (issue 21 point 9): `maillage demo --scale national`
# (50 000 places, five yearly campaigns answered by every place of each network: 250 000
# responses), then network #1's observatory (5 000 places a year over five years), on SQLite:
#   - the public page as visitors get it (kept in the page cache) against nginx serving the
#     same bytes, one after the other;
#   - uncached: the network board's copy (`/observatoire/interne`, never cached, every figure),
#     and the time of a first public render (a new cache key each time);
#   - the page's size.
# Records a dated row in BENCHMARKS.md. See bench/README.md.
#
#   bash bench/observatory.sh   # DURATION=10s CONNECTIONS=16 THREADS=1; DATA=<dir> keeps and reuses the generated data
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-1}"
WRK_ARGS=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION")

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

# --- build ---------------------------------------------------------------
echo "== cargo build --release"
[ -f node_modules/htmx.org/dist/htmx.min.js ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
cargo build --release
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/maillage"

# --- the national data set -----------------------------------------------
DATA="${DATA:-$TMP/data}"
APP_PORT="$(free_port)"
export MAILLAGE_DATA_DIR="$DATA" MAILLAGE_LISTEN="127.0.0.1:$APP_PORT" \
  MAILLAGE_BASE_URL="http://127.0.0.1:$APP_PORT" MAILLAGE_LOG=warn
unset MAILLAGE_DATABASE_URL MAILLAGE_SMTP_HOST
mkdir -p "$DATA"
if [ ! -s "$DATA/national.txt" ]; then
  echo "== maillage demo --scale national (into $DATA)"
  "$BIN" demo --scale national | tee "$DATA/national.txt.part"
  mv "$DATA/national.txt.part" "$DATA/national.txt"
fi
SLUG="$(grep -o '/reseaux/[a-z0-9-]*' "$DATA/national.txt" | head -1 | cut -d/ -f3)"
[ -n "$SLUG" ] || { echo "no network slug in $DATA/national.txt" >&2; exit 1; }
"$BIN" serve >"$TMP/serve.log" 2>&1 &
APP_PID=$!
PIDS+=("$APP_PID")
wait_200 "http://127.0.0.1:$APP_PORT/" "$APP_PID" || { cat "$TMP/serve.log"; echo "maillage did not start" >&2; exit 1; }
BASE="http://127.0.0.1:$APP_PORT"
PUBLIC="$BASE/reseaux/$SLUG/observatoire?par=departement"
BOARD="$BASE/reseaux/$SLUG/observatoire/interne?par=departement"

# The animator's session, for the board's copy.
curl -s -c "$TMP/cookies" -o /dev/null -H "Origin: $BASE" \
  --data-urlencode "email=animateur@national.maillage.test" \
  --data-urlencode "password=demo-maillage-2026" --data-urlencode "next=/" "$BASE/connexion"
SESSION="$(awk '$6 == "maillage_session" {print $6 "=" $7}' "$TMP/cookies")"
[ -n "$SESSION" ] || { echo "could not sign in as the animator" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $SESSION" "$BOARD")" = 200 ] || { echo "the board page did not answer 200" >&2; exit 1; }

# --- uncached: first renders ---------------------------------------------
ms() { curl -s -o /dev/null -w '%{time_total}' "$@" | awk '{printf "%.0f\n", $1 * 1000}'; }
FIRST_MS="$(for i in 1 2 3 4 5; do ms "$PUBLIC&essai=$RANDOM$i"; done | sort -n | sed -n 3p)"
BOARD_MS="$(for i in 1 2 3 4 5; do ms -H "Cookie: $SESSION" "$BOARD"; done | sort -n | sed -n 3p)"
echo "== first public render (median of 5 new cache keys): ${FIRST_MS} ms; board page (median of 5): ${BOARD_MS} ms"

# --- nginx serving the same bytes ----------------------------------------
mkdir -p "$TMP/www"
curl -sf "$PUBLIC" -o "$TMP/www/index.html"
BYTES=$(wc -c <"$TMP/www/index.html")
BOARD_BYTES=$(curl -s -H "Cookie: $SESSION" "$BOARD" | wc -c)
start_nginx

# --- throughput ----------------------------------------------------------
echo "== observatory of /reseaux/$SLUG: $BYTES bytes (board: $BOARD_BYTES); wrk ${WRK_ARGS[*]}"
echo "-- maillage, public page (cached)"
wrk "${WRK_ARGS[@]}" "$PUBLIC" | tee "$TMP/wrk-app.txt"
echo "-- maillage, board page (uncached)"
wrk "${WRK_ARGS[@]}" -H "Cookie: $SESSION" "$BOARD" | tee "$TMP/wrk-board.txt"
echo "-- nginx, same bytes"
wrk "${WRK_ARGS[@]}" "http://127.0.0.1:$NGINX_PORT/" | tee "$TMP/wrk-nginx.txt"

APP_RPS=$(rps <"$TMP/wrk-app.txt")
BOARD_RPS=$(rps <"$TMP/wrk-board.txt")
NGINX_RPS=$(rps <"$TMP/wrk-nginx.txt")
[ -n "$APP_RPS" ] && [ -n "$BOARD_RPS" ] && [ -n "$NGINX_RPS" ] || { echo "could not read wrk results" >&2; exit 1; }
RATIO=$(awk -v a="$APP_RPS" -v n="$NGINX_RPS" 'BEGIN { printf "%.1f%%", 100 * a / n }')
BOARD_RATIO=$(awk -v a="$BOARD_RPS" -v n="$NGINX_RPS" 'BEGIN { printf "%.2f%%", 100 * a / n }')
for f in "$TMP/wrk-app.txt" "$TMP/wrk-board.txt"; do
  NON2XX=$(grep -h 'Non-2xx' "$f" || true)
  [ -z "$NON2XX" ] || echo "WARNING: maillage answered errors during the run ($f): $NON2XX" >&2
done
printf '\npublic (cached): %s req/s   board (uncached): %s req/s   nginx: %s req/s   cached/nginx: %s   uncached/nginx: %s\n' \
  "$APP_RPS" "$BOARD_RPS" "$NGINX_RPS" "$RATIO" "$BOARD_RATIO"

# --- record --------------------------------------------------------------
OUT="$ROOT/BENCHMARKS.md"
if ! grep -q '<!-- observatory:end -->' "$OUT"; then
  cat >>"$OUT" <<'EOF2'

## Observatoire du recensement / Census observatory

Network #1's observatory at national scale, measured by `bash bench/observatory.sh`: the
release build on SQLite with `maillage demo --scale national` (50 000 places; five yearly
campaigns answered by every place of each network, 250 000 responses; network #1 rolls up
5 000 places a year over five years), grouped by department (the map of France, the bars, the
lines over the years). The public page is kept in the page cache; the board's copy is never
cached and reads the campaign and the five years' answers on each request. nginx (1 worker,
access log off) serves the public page's bytes as a static file; `wrk` over loopback, one
after the other. First render: median of five public requests, each with a new cache key.

| date (UTC) | command | page bytes | machine | first render (ms) | board render (ms) | public cached req/s | board uncached req/s | nginx req/s | cached / nginx | uncached / nginx |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
<!-- observatory:end -->
EOF2
fi
MACHINE="$(nproc) cores, $(uname -m)"
ROW="$(printf '| %s | `wrk %s` | %s | %s | %s | %s | %s | %s | %s | %s | %s |' \
  "$(date -u '+%Y-%m-%d %H:%M')" "${WRK_ARGS[*]}" "$BYTES" "$MACHINE" "$FIRST_MS" "$BOARD_MS" \
  "$APP_RPS" "$BOARD_RPS" "$NGINX_RPS" "$RATIO" "$BOARD_RATIO")"
python3 - "$OUT" "$ROW" <<'EOF2'
import sys
path, row = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("<!-- observatory:end -->", row + "\n<!-- observatory:end -->", 1))
EOF2
echo "recorded in BENCHMARKS.md"
