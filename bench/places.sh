#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Places at scale: 50 000 generated places plus the real 1 512 of the CGET file.
# Measures the import time (SQLite and PostgreSQL), the directory page throughput against
# nginx serving the same bytes, the map GeoJSON size and latency for a viewport, the search
# latency (p50/p95 of 200 queries), the server's memory, and the time to first markers in
# headless Chromium. Records a dated row in the "Lieux" section of BENCHMARKS.md.
#
#   bash bench/places.sh      # N=50000 DURATION=10s CONNECTIONS=16 THREADS=1 by default
#   SKIP_BUILD=1 bash bench/places.sh   # reuse target/release/maillage as it is
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${N:-50000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-1}"
WRK_ARGS=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION")
PG_ADMIN="${MAILLAGE_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
CGET="${CGET:-$ROOT/../shared/data/places/cget_tierslieux_2019.csv}"
[ -f "$CGET" ] || CGET=/work/shared/data/places/cget_tierslieux_2019.csv

TMP="$(mktemp -d "${TMPDIR:-/tmp}/maillage-bench-places.XXXXXX")"
PIDS=()
PG_DB="maillage_bench_$$"
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_200() {
  local i
  for ((i = 0; i < 150; i++)); do
    kill -0 "$2" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
    sleep 0.2
  done
  return 1
}
rps() { awk '/^Requests\/sec:/ {print $2}'; }
now() { date +%s.%N; }

command -v nginx >/dev/null 2>&1 && command -v wrk >/dev/null 2>&1 || {
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q nginx-light wrk curl
}
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

echo "== cargo build --release"
[ -f node_modules/leaflet/dist/leaflet.js ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
[ -n "${SKIP_BUILD:-}" ] || cargo build --release
BIN="$ROOT/target/release/maillage"

echo "== $N generated places"
python3 bench/gen_places.py "$N" "$TMP/generated.csv"

# --- imports ----------------------------------------------------------------
APP_PORT="$(free_port)"
export MAILLAGE_DATA_DIR="$TMP/data" MAILLAGE_LISTEN="127.0.0.1:$APP_PORT" \
  MAILLAGE_BASE_URL="http://127.0.0.1:$APP_PORT" MAILLAGE_LOG=warn
unset MAILLAGE_DATABASE_URL MAILLAGE_SMTP_HOST
mkdir -p "$MAILLAGE_DATA_DIR"
"$BIN" migrate >/dev/null
t0=$(now); "$BIN" import places "$TMP/generated.csv" >"$TMP/import.log"; t1=$(now)
IMPORT_SQLITE=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
tail -n1 "$TMP/import.log"
"$BIN" import places "$CGET" | tail -n1

IMPORT_PG="n/a"
if psql "$PG_ADMIN" -qc "CREATE DATABASE $PG_DB" >/dev/null 2>&1; then
  PG_URL="${PG_ADMIN%/*}/$PG_DB"
  MAILLAGE_DATABASE_URL="$PG_URL" "$BIN" migrate >/dev/null
  t0=$(now); MAILLAGE_DATABASE_URL="$PG_URL" "$BIN" import places "$TMP/generated.csv" >"$TMP/import-pg.log"; t1=$(now)
  IMPORT_PG=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  tail -n1 "$TMP/import-pg.log"
fi
echo "import of $N rows: SQLite ${IMPORT_SQLITE}s, PostgreSQL ${IMPORT_PG}s (whole command, migrations excluded)"

# --- serve ------------------------------------------------------------------
"$BIN" serve >"$TMP/serve.log" 2>&1 &
APP_PID=$!
PIDS+=("$APP_PID")
APP="http://127.0.0.1:$APP_PORT"
wait_200 "$APP/lieux" "$APP_PID" || { cat "$TMP/serve.log"; exit 1; }

# GeoJSON for viewports: all of France (aggregated server-side) and one city.
FR_BBOX="-5.5,41.2,9.8,51.2"
CITY_BBOX="-1.75,47.1,-1.35,47.35"
read -r FR_BYTES FR_MS < <(curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "$APP/api/v1/map?bbox=$FR_BBOX" | awk '{ printf "%d %.1f\n", $1, $2 * 1000 }')
read -r CITY_BYTES CITY_MS < <(curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "$APP/api/v1/map?bbox=$CITY_BBOX" | awk '{ printf "%d %.1f\n", $1, $2 * 1000 }')
echo "map GeoJSON: France ${FR_BYTES} B in ${FR_MS} ms; Nantes ${CITY_BYTES} B in ${CITY_MS} ms"

# Search latency: 200 queries per engine, timed by the server itself (its `Server-Timing`
# header: from the request's arrival to the response) and, for reference, by the client.
search_latency() { # base url -> "server p50, server p95, client p95"
  python3 - "$1" <<'PY'
import sys, time, urllib.request, random
base = sys.argv[1]
words = ["coworking", "fablab", "telecentre", "ateliers", "tiers lieux", "jardin", "nantes", "medoc",
         "ressourcerie", "cafe associatif", "moulin", "fabrique", "paris", "marche", "lavoir"]
rnd = random.Random(1)
for w in words:  # warm-up: one query of each word
    urllib.request.urlopen(f"{base}/api/v1/places?q={urllib.request.quote(w)}&per_page=20").read()
server, client = [], []
for _ in range(200):
    q = urllib.request.quote(rnd.choice(words))
    t = time.perf_counter()
    with urllib.request.urlopen(f"{base}/api/v1/places?q={q}&per_page=20") as r:
        r.read()
        timing = r.headers["server-timing"]
    client.append((time.perf_counter() - t) * 1000)
    server.append(float(timing.split("dur=")[1]))
server.sort(); client.sort()
p = lambda v, q: v[min(len(v) - 1, int(len(v) * q))]
print(f"{p(server, 0.5):.1f} {p(server, 0.95):.1f} {p(client, 0.95):.1f}")
PY
}
read -r SEARCH_P50 SEARCH_P95 SEARCH_CLIENT_P95 < <(search_latency "$APP")
echo "search on SQLite: server p50 ${SEARCH_P50} ms, p95 ${SEARCH_P95} ms; client p95 ${SEARCH_CLIENT_P95} ms (200 queries, $((N + 1512)) places)"
PG_SEARCH="n/a / n/a"
if [ "$IMPORT_PG" != "n/a" ]; then
  MAILLAGE_DATABASE_URL="$PG_URL" "$BIN" import places "$CGET" | tail -n1
  PG_PORT="$(free_port)"
  MAILLAGE_DATABASE_URL="$PG_URL" MAILLAGE_LISTEN="127.0.0.1:$PG_PORT" MAILLAGE_BASE_URL="http://127.0.0.1:$PG_PORT" \
    "$BIN" serve >"$TMP/serve-pg.log" 2>&1 &
  PG_PID=$!
  PIDS+=("$PG_PID")
  wait_200 "http://127.0.0.1:$PG_PORT/lieux" "$PG_PID" || { cat "$TMP/serve-pg.log"; exit 1; }
  read -r PG_P50 PG_P95 PG_CLIENT_P95 < <(search_latency "http://127.0.0.1:$PG_PORT")
  PG_SEARCH="$PG_P50 / $PG_P95"
  echo "search on PostgreSQL: server p50 ${PG_P50} ms, p95 ${PG_P95} ms; client p95 ${PG_CLIENT_P95} ms"
  kill "$PG_PID" 2>/dev/null || true
fi

# Directory page against nginx serving the same bytes.
mkdir -p "$TMP/www" "$TMP/nginx/logs"
curl -sf "$APP/lieux" -o "$TMP/www/index.html"
chmod 755 "$TMP" "$TMP/www" && chmod 644 "$TMP/www/index.html"
BYTES=$(wc -c <"$TMP/www/index.html")
NGINX_PORT="$(free_port)"
cat >"$TMP/nginx/nginx.conf" <<EOF2
daemon off;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    default_type text/html;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    sendfile on;
    keepalive_requests 1000000;
    server { listen 127.0.0.1:$NGINX_PORT; root $TMP/www; location / { index index.html; } }
}
EOF2
"$NGINX" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" 2>"$TMP/nginx/stderr.log" &
PIDS+=($!)
wait_200 "http://127.0.0.1:$NGINX_PORT/" "$!" || { cat "$TMP/nginx/stderr.log"; exit 1; }
echo "== /lieux: $BYTES bytes; wrk ${WRK_ARGS[*]}"
wrk "${WRK_ARGS[@]}" "$APP/lieux" | tee "$TMP/wrk-app.txt"
wrk "${WRK_ARGS[@]}" "http://127.0.0.1:$NGINX_PORT/" | tee "$TMP/wrk-nginx.txt"
APP_RPS=$(rps <"$TMP/wrk-app.txt")
NGINX_RPS=$(rps <"$TMP/wrk-nginx.txt")
RATIO=$(awk -v a="$APP_RPS" -v n="$NGINX_RPS" 'BEGIN { printf "%.1f%%", 100 * a / n }')
RSS_MB=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status")
echo "directory: maillage ${APP_RPS} req/s, nginx ${NGINX_RPS} req/s, ratio ${RATIO}; RSS ${RSS_MB} MB"

# Time to first markers in headless Chromium (tiles answered locally with nothing).
FIRST_MS="n/a"
if [ -x /usr/bin/chromium ] && [ -d node_modules/playwright-core ]; then
  FIRST_MS=$(node --input-type=module -e "
import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await b.newContext({ viewport: { width: 1280, height: 800 } });
await ctx.route(/tile\.openstreetmap\.org/, (r) => r.fulfill({ status: 204, body: '' }));
const p = await ctx.newPage();
await p.goto('$APP/lieux');
const t = Date.now();
await p.goto('$APP/carte');
await p.waitForSelector('.leaflet-marker-icon', { timeout: 20000 });
console.log(Date.now() - t);
await b.close();
" 2>/dev/null || echo n/a)
fi
echo "time to first markers: ${FIRST_MS} ms"

OUT="$ROOT/BENCHMARKS.md"
if ! grep -q '<!-- places:end -->' "$OUT"; then
  cat >>"$OUT" <<'EOF2'

## Lieux / Places

`bash bench/places.sh` (release build): 50 000 generated places (`bench/gen_places.py`, fixed
seed) plus the 1 512 real places of the CGET file. *Import*: `maillage import places` of the
50 000-row CSV (whole command). *Directory*: `GET /lieux` (first page, count, filters) with
`wrk` against nginx serving the same bytes. *Map*: `GET /api/v1/map?bbox=…` for all of France
(aggregated server-side beyond 1 500 points) and for Nantes. *Search*: p50/p95 of 200
`GET /api/v1/places?q=…`, server-side (`Server-Timing` header), on SQLite and on PostgreSQL.
*RSS*: the server's memory after the run. *First markers*: headless Chromium, `/carte` to the
first marker. Targets (issue 3): ratio ≥ 50 %, GeoJSON ≤ 200 KB, search p95 < 10 ms, import
< 5 s, first markers < 1 s.

| date (UTC) | machine | places | import SQLite / PG (s) | /lieux req/s (nginx) | ratio | GeoJSON France / city (B, ms) | search p50 / p95 SQLite (ms) | search p50 / p95 PG (ms) | RSS (MB) | first markers (ms) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
<!-- places:end -->
EOF2
fi
MACHINE="$(nproc) cores, $(uname -m)"
ROW="$(printf '| %s | %s | %s | %s / %s | %s (%s) | %s | %s, %s / %s, %s | %s / %s | %s | %s | %s |' \
  "$(date -u '+%Y-%m-%d %H:%M')" "$MACHINE" "$((N + 1512))" "$IMPORT_SQLITE" "$IMPORT_PG" "$APP_RPS" "$NGINX_RPS" "$RATIO" \
  "$FR_BYTES" "$FR_MS" "$CITY_BYTES" "$CITY_MS" "$SEARCH_P50" "$SEARCH_P95" "$PG_SEARCH" "$RSS_MB" "$FIRST_MS")"
python3 - "$OUT" "$ROW" <<'EOF2'
import sys
path, row = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("<!-- places:end -->", row + "\n<!-- places:end -->", 1))
EOF2
echo "recorded in BENCHMARKS.md"
