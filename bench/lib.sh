# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Shared by the page benchmarks (home.sh, observatory.sh): a temporary directory cleaned up
# with the processes started, free ports, waiting for a 200, wrk figures, the tools
# installed from Debian when missing, and nginx serving $TMP/www (start_nginx).
# Source it after `set -euo pipefail`.

TMP="$(mktemp -d "${TMPDIR:-/tmp}/maillage-bench.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_200() { # url pid
  local i
  for ((i = 0; i < 150; i++)); do
    kill -0 "$2" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
    sleep 0.2
  done
  return 1
}
rps() { awk '/^Requests\/sec:/ {print $2}'; }

# --- tools ---------------------------------------------------------------
missing=()
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

# nginx (1 worker, access log off) serving $TMP/www/index.html: sets NGINX_PORT.
start_nginx() {
  # nginx workers drop root privileges: they must be able to read the page.
  chmod 755 "$TMP" "$TMP/www" && chmod 644 "$TMP/www/index.html"
  mkdir -p "$TMP/nginx/logs"
  NGINX_PORT="$(free_port)"
  cat >"$TMP/nginx/nginx.conf" <<EOF
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
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $TMP/www;
        location / { index index.html; }
    }
}
EOF
  "$NGINX" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" 2>"$TMP/nginx/stderr.log" &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  wait_200 "http://127.0.0.1:$NGINX_PORT/" "$NGINX_PID" || { cat "$TMP/nginx/stderr.log" "$TMP/nginx/logs/error.log"; echo "nginx did not start" >&2; exit 1; }
}
