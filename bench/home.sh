#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Home page throughput: `maillage serve` (release build, demo data) versus
# nginx serving the very same bytes as a static file. Loopback only, bounded
# duration. Records a dated row in BENCHMARKS.md. See bench/README.md.
#
#   bash bench/home.sh            # DURATION=10s CONNECTIONS=16 THREADS=1 by default
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

# --- maillage with demo data ---------------------------------------------
APP_PORT="$(free_port)"
export MAILLAGE_DATA_DIR="$TMP/data" MAILLAGE_LISTEN="127.0.0.1:$APP_PORT" \
  MAILLAGE_BASE_URL="http://127.0.0.1:$APP_PORT" MAILLAGE_LOG=warn
unset MAILLAGE_DATABASE_URL MAILLAGE_SMTP_HOST
mkdir -p "$MAILLAGE_DATA_DIR"
echo "== maillage demo"
"$BIN" demo >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log"; exit 1; }
"$BIN" serve >"$TMP/serve.log" 2>&1 &
APP_PID=$!
PIDS+=("$APP_PID")
wait_200 "http://127.0.0.1:$APP_PORT/" "$APP_PID" || { cat "$TMP/serve.log"; echo "maillage did not start" >&2; exit 1; }

# --- nginx serving the same bytes ----------------------------------------
mkdir -p "$TMP/www"
curl -sf "http://127.0.0.1:$APP_PORT/" -o "$TMP/www/index.html"
BYTES=$(wc -c <"$TMP/www/index.html")
start_nginx

# --- measure -------------------------------------------------------------
echo "== home page: $BYTES bytes; wrk ${WRK_ARGS[*]}"
echo "-- maillage (http://127.0.0.1:$APP_PORT/)"
wrk "${WRK_ARGS[@]}" "http://127.0.0.1:$APP_PORT/" | tee "$TMP/wrk-app.txt"
echo "-- nginx (http://127.0.0.1:$NGINX_PORT/)"
wrk "${WRK_ARGS[@]}" "http://127.0.0.1:$NGINX_PORT/" | tee "$TMP/wrk-nginx.txt"

APP_RPS=$(rps <"$TMP/wrk-app.txt")
NGINX_RPS=$(rps <"$TMP/wrk-nginx.txt")
[ -n "$APP_RPS" ] && [ -n "$NGINX_RPS" ] || { echo "could not read wrk results" >&2; exit 1; }
RATIO=$(awk -v a="$APP_RPS" -v n="$NGINX_RPS" 'BEGIN { printf "%.1f%%", 100 * a / n }')
NON2XX=$(grep -h 'Non-2xx' "$TMP/wrk-app.txt" || true)
[ -z "$NON2XX" ] || echo "WARNING: maillage answered errors during the run: $NON2XX" >&2

printf '\nmaillage: %s req/s   nginx: %s req/s   maillage/nginx: %s\n' "$APP_RPS" "$NGINX_RPS" "$RATIO"

# --- record --------------------------------------------------------------
# The row goes into the "Page d'accueil" section of BENCHMARKS.md, just above its end marker,
# so other benchmarks keep their own sections.
OUT="$ROOT/BENCHMARKS.md"
[ -f "$OUT" ] || printf '# Benchmarks\n\nEach section says what is measured and by which command. Ratios measured in one run\nmatter more than absolute figures, which depend on the machine.\n' >"$OUT"
if ! grep -q '<!-- home:end -->' "$OUT"; then
  cat >>"$OUT" <<'EOF2'

## Page d'accueil / Home page

Home page (`GET /`) throughput, measured by `bash bench/home.sh`: the release build of
`maillage serve` with the demo data (`maillage demo`, SQLite) against nginx (1 worker, access
log off) serving the very same HTML bytes as a static file, each hit by `wrk` over loopback on
the same machine, one after the other.

| date (UTC) | command | page bytes | machine | maillage req/s | nginx req/s | ratio |
| --- | --- | --- | --- | --- | --- | --- |
<!-- home:end -->
EOF2
fi
MACHINE="$(nproc) cores, $(uname -m)"
ROW="$(printf '| %s | `wrk %s` | %s | %s | %s | %s | %s |' \
  "$(date -u '+%Y-%m-%d %H:%M')" "${WRK_ARGS[*]}" "$BYTES" "$MACHINE" "$APP_RPS" "$NGINX_RPS" "$RATIO")"
python3 - "$OUT" "$ROW" <<'EOF2'
import sys
path, row = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("<!-- home:end -->", row + "\n<!-- home:end -->", 1))
EOF2
echo "recorded in BENCHMARKS.md"
