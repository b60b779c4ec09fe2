#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Measures `maillage import places` on N generated rows (bench/gen_places.py) and on the real
# CGET file, first import and re-import of the same file, SQLite and PostgreSQL; with
# BASE_BIN=/path/to/an/older/maillage, the same runs of that binary interleaved, so the two are
# compared as ratios in one run (issue 15: what the matcher, the repairs and the duplicate check
# cost). Usage: bash bench/import.sh [N]   (default 50000; SKIP_BUILD=1 to reuse the build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
N="${1:-50000}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
PG_ADMIN="${MAILLAGE_BENCH_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
CGET="$ROOT/../shared/data/places/cget_tierslieux_2019.csv"
[ -n "${SKIP_BUILD:-}" ] || cargo build --release
BIN="${BIN:-$ROOT/target/release/maillage}"
python3 bench/gen_places.py "$N" "$TMP/generated.csv"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# One engine, one binary: first import, re-import; prints "first second".
run() {
  local bin="$1" url="$2" file="$3" data="$TMP/data-$RANDOM"
  mkdir -p "$data"
  MAILLAGE_DATA_DIR="$data" MAILLAGE_DATABASE_URL="$url" MAILLAGE_LOG=warn "$bin" migrate >/dev/null
  local t0 t1 t2
  t0=$(now)
  MAILLAGE_DATA_DIR="$data" MAILLAGE_DATABASE_URL="$url" MAILLAGE_LOG=warn "$bin" import places "$file" --source bench >"$TMP/first.log"
  t1=$(now)
  MAILLAGE_DATA_DIR="$data" MAILLAGE_DATABASE_URL="$url" MAILLAGE_LOG=warn "$bin" import places "$file" --source bench >"$TMP/second.log"
  t2=$(now)
  echo "$(secs "$t0" "$t1") $(secs "$t1" "$t2") | $(tail -n1 "$TMP/second.log" | cut -c1-90)"
}

pg_url() {
  local db="bench_import_$RANDOM$RANDOM"
  psql "$PG_ADMIN" -qc "CREATE DATABASE $db" >/dev/null 2>&1 && echo "${PG_ADMIN%/*}/$db"
}

echo "| binary | file | engine | first import (s) | re-import (s) | re-import summary |"
echo "| --- | --- | --- | --- | --- | --- |"
for round in 1 2; do
  for which in new base; do
    bin="$BIN"; [ "$which" = base ] && bin="${BASE_BIN:-}"
    [ -n "$bin" ] || continue
    for file in "$TMP/generated.csv" "$CGET"; do
      name="$(basename "$file")"
      r=$(run "$bin" "sqlite://$TMP/$which-$round-$name.db" "$file")
      echo "| $which (round $round) | $name | SQLite | ${r%% *} | $(echo "$r" | cut -d' ' -f2) | ${r#*| } |"
      if url=$(pg_url); then
        r=$(run "$bin" "$url" "$file")
        echo "| $which (round $round) | $name | PostgreSQL | ${r%% *} | $(echo "$r" | cut -d' ' -f2) | ${r#*| } |"
      fi
    done
  done
done
