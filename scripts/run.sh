#!/usr/bin/env bash
# Runs Maillage on its embedded SQLite default, from a fresh Debian machine with Rust installed.
#   bash scripts/run.sh          # build and serve on http://127.0.0.1:8080
#   bash scripts/run.sh --demo   # the same, after loading the demo data (idempotent)
# Configuration: MAILLAGE_* environment variables or maillage.toml (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust (cargo >= 1.85) is required: https://rustup.rs" >&2
  exit 1
fi

echo "==> npm ci (front-end packages embedded in the binary)"
npm ci --no-audit --no-fund --loglevel=error

echo "==> cargo build --release"
cargo build --release --locked

if [ "${1:-}" = "--demo" ]; then
  echo "==> maillage demo"
  ./target/release/maillage demo
fi

echo "==> maillage serve"
exec ./target/release/maillage serve
