#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Whole-application benchmark (issue 16, point 2): every GET route of the router, read from the
# source, requested by each role (anonymous, visitor with an account, member, place manager,
# network animator, instance admin) on a large data set, on SQLite and on PostgreSQL: server
# time p50/p99 (`Server-Timing`), bytes, SQL statements per request (`x-sql-statements`,
# PostgreSQL), status; then `wrk` on the most used pages and their API twins, on the map page and
# map viewports against nginx serving the same bytes, on search pages (several words and pages
# in turn) against their API twins, and the uncached time of new map viewports. Appends a dated
# section to "Pages (issue 16)" in BENCHMARKS.md and writes the raw figures to
# bench/results/pages-<date>.json. The crawler is bench/pages.py (standard library only).
#
#   bash bench/pages.sh                      # builds release, generates the data set
#   SKIP_BUILD=1 BIN=/path/maillage bash bench/pages.sh
#   DATA_SQLITE=/work/national-sqlite PG_URL=postgres://postgres@127.0.0.1:5432/maillage_national \
#     SKIP_BUILD=1 bash bench/pages.sh       # reuse generated data sets (only GETs are sent)
#
# Knobs: SCALE (national) for `maillage demo --scale` (national: 50 000 places, regional: 5 000);
# SCALE=demo, or a binary without `--scale`: the small `maillage demo` plus N (5000) places of
# bench/gen_places.py imported into its network, and a visitor account;
# REQUESTS (20) per address and role; BUDGET (10 s) per address and role; DURATION (10s),
# CONNECTIONS (16), THREADS (1) for wrk; ENGINES ("sqlite postgres"); LABEL (text of the
# section's title); KEEP_DATA=1 keeps the generated data (SQLite directory, PostgreSQL
# database) and prints where; NO_RECORD=1 leaves BENCHMARKS.md alone; BASELINE=<raw JSON of a
# run on a smaller data set> adds the routes whose SQL statement counts grew since. Account
# emails: ADMIN_EMAIL, ANIMATOR_EMAIL, MANAGER_EMAIL, MEMBER_EMAIL, VISITOR_EMAIL (default: the
# generator's *@<scale>.maillage.test when present, else the small demo's accounts), PASSWORD.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PASSED_ENV=() # the knobs given, for the command recorded in BENCHMARKS.md
for v in SCALE N REQUESTS BUDGET DURATION CONNECTIONS THREADS ENGINES DATA_SQLITE PG_URL SKIP_BUILD BIN BASELINE; do
  [ -z "${!v:-}" ] || PASSED_ENV+=("$v=$(printf '%s' "${!v}" | sed -E 's#://([^:@/]+):[^@/]*@#://\1:***@#')")
done
SCALE="${SCALE:-national}"
N="${N:-5000}"
ENGINES="${ENGINES:-sqlite postgres}"
PG_ADMIN="${MAILLAGE_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export REQUESTS="${REQUESTS:-20}" BUDGET="${BUDGET:-10}" DURATION="${DURATION:-10s}" \
  CONNECTIONS="${CONNECTIONS:-16}" THREADS="${THREADS:-1}" PASSWORD="${PASSWORD:-demo-maillage-2026}"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/maillage-bench-pages.XXXXXX")"
PIDS=()
CREATED_DB=""
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$CREATED_DB" ] && [ -z "${KEEP_DATA:-}" ]; then
    psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $CREATED_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [ -n "${KEEP_DATA:-}" ]; then
    echo "kept: $TMP${CREATED_DB:+ and database $CREATED_DB}"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_200() { # url pid
  local i
  for ((i = 0; i < 600; i++)); do
    kill -0 "$2" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
    sleep 0.2
  done
  return 1
}

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

# --- build ----------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== cargo build --release"
  [ -f node_modules/htmx.org/dist/htmx.min.js ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  cargo build --release
fi
BIN="${BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/maillage}"
[ -x "$BIN" ] || { echo "no binary at $BIN (set BIN= or build)" >&2; exit 1; }
python3 bench/pages.py routes >"$TMP/routes.txt"
echo "== $(wc -l <"$TMP/routes.txt") GET routes in the source; binary $BIN"

export MAILLAGE_LOG=warn MAILLAGE_COUNT_SQL=true MAILLAGE_RATE_LIMIT_ATTEMPTS=100000
unset MAILLAGE_SMTP_HOST

# Generates the data set into the database the environment points at.
generate() { # engine
  if [ "$SCALE" != demo ] && "$BIN" demo --help 2>/dev/null | grep -q -- '--scale'; then
    echo "== maillage demo --scale $SCALE ($1)"
    "$BIN" demo --scale "$SCALE" >"$TMP/demo-$1.log" 2>&1 || { cat "$TMP/demo-$1.log"; exit 1; }
    DATA_DESC="maillage demo --scale $SCALE"
  else
    echo "== maillage demo + $N generated places in its network ($1: SCALE=demo, or no --scale in this binary)"
    "$BIN" demo >"$TMP/demo-$1.log" 2>&1 || { cat "$TMP/demo-$1.log"; exit 1; }
    [ -f "$TMP/generated.csv" ] || python3 bench/gen_places.py "$N" "$TMP/generated.csv"
    "$BIN" import places "$TMP/generated.csv" --network reseau-sud-tiers-lieux >"$TMP/import-$1.log" 2>&1 \
      || { tail "$TMP/import-$1.log"; exit 1; }
    tail -n1 "$TMP/import-$1.log"
    printf '%s' "$PASSWORD" | "$BIN" user create --email "${VISITOR_EMAIL:-visiteur@demo.maillage.fr}" \
      --name "Vic Visiteur" --password-stdin >/dev/null 2>&1 || true
    DATA_DESC="maillage demo + $N places of bench/gen_places.py"
  fi
}

# nginx serving, from $TMP/www, the bytes the crawl fetched from the server (map page, map
# viewports), to compare throughputs as bench/home.sh does.
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
NGINX_PORT="$(free_port)"
mkdir -p "$TMP/www" "$TMP/nginx/logs"
chmod 755 "$TMP" "$TMP/www" # nginx workers drop root privileges
cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    types { text/html html; application/geo+json json; }
    default_type text/html;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    sendfile on;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $TMP/www;
    }
}
EOF
echo ok >"$TMP/www/ok.html" && chmod 644 "$TMP/www/ok.html"
"$NGINX" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" 2>"$TMP/nginx/stderr.log" &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
wait_200 "http://127.0.0.1:$NGINX_PORT/ok.html" "$NGINX_PID" \
  || { cat "$TMP/nginx/stderr.log" "$TMP/nginx/logs/error.log"; echo "nginx did not start" >&2; exit 1; }

DATE="$(date -u '+%Y-%m-%d-%H%M')"
OUTS=()
DATA_DESC="reused data set"
for engine in $ENGINES; do
  PORT="$(free_port)"
  export MAILLAGE_LISTEN="127.0.0.1:$PORT" MAILLAGE_BASE_URL="http://127.0.0.1:$PORT"
  case $engine in
    sqlite)
      unset MAILLAGE_DATABASE_URL
      if [ -n "${DATA_SQLITE:-}" ]; then
        export MAILLAGE_DATA_DIR="$DATA_SQLITE"
        DATA_DESC="$DATA_SQLITE"
      else
        export MAILLAGE_DATA_DIR="$TMP/sqlite"
        mkdir -p "$MAILLAGE_DATA_DIR"
        "$BIN" migrate >/dev/null
        generate sqlite
      fi
      DB_ARGS=(--sqlite "$MAILLAGE_DATA_DIR/maillage.db")
      ;;
    postgres)
      export MAILLAGE_DATA_DIR="$TMP/pg-data"
      mkdir -p "$MAILLAGE_DATA_DIR"
      if [ -n "${PG_URL:-}" ]; then
        export MAILLAGE_DATABASE_URL="$PG_URL"
      else
        CREATED_DB="maillage_pages_$$"
        psql "$PG_ADMIN" -qc "CREATE DATABASE $CREATED_DB" >/dev/null
        export MAILLAGE_DATABASE_URL="${PG_ADMIN%/*}/$CREATED_DB"
        "$BIN" migrate >/dev/null
        generate postgres
      fi
      DB_ARGS=(--pg "$MAILLAGE_DATABASE_URL")
      ;;
    *) echo "unknown engine $engine" >&2; exit 1 ;;
  esac
  "$BIN" serve >"$TMP/serve-$engine.log" 2>&1 &
  APP_PID=$!
  PIDS+=("$APP_PID")
  wait_200 "http://127.0.0.1:$PORT/healthz" "$APP_PID" || { cat "$TMP/serve-$engine.log"; exit 1; }
  echo "== crawl on $engine (REQUESTS=$REQUESTS, wrk -t$THREADS -c$CONNECTIONS -d$DURATION)"
  python3 bench/pages.py crawl --engine "$engine" --base "http://127.0.0.1:$PORT" "${DB_ARGS[@]}" \
    --out "$TMP/$engine.json" --pid "$APP_PID" --nginx "http://127.0.0.1:$NGINX_PORT" --www "$TMP/www"
  OUTS+=("$TMP/$engine.json")
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  if grep -q ' ERROR ' "$TMP/serve-$engine.log"; then
    echo "   errors logged by the server ($engine):"
    grep ' ERROR ' "$TMP/serve-$engine.log" | cut -c1-300 | sort | uniq -c | sort -rn | head -20
  fi
done

LABEL="${LABEL:-$DATA_DESC}"
mkdir -p bench/results
RECORD=(--markdown BENCHMARKS.md)
[ -z "${NO_RECORD:-}" ] || RECORD=()
BASELINE_ARGS=()
[ -z "${BASELINE:-}" ] || BASELINE_ARGS=(--baseline "$BASELINE")
python3 bench/pages.py report "${OUTS[@]}" --json "bench/results/pages-$DATE.json" "${RECORD[@]}" "${BASELINE_ARGS[@]}" \
  --label "$LABEL" --command "${PASSED_ENV[*]:+${PASSED_ENV[*]} }bash bench/pages.sh" --summary
echo "raw results: bench/results/pages-$DATE.json${NO_RECORD:+ (BENCHMARKS.md not changed)}"
