#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Engines differ in db/ only: no code outside src/db/ names an engine (Db::Sqlite,
# Db::Postgres, Backend::Sqlite, Backend::Postgres, is_sqlite/is_postgres, or a glob import of
# those variants). What differs goes through a named function of src/db/dialect.rs; src/db/
# itself (the Db enum, the db_run!/db_tx! macros and the dialect) is not checked.
#
#   bash scripts/check-dialect.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

pattern='\b(Db|Backend)::(Sqlite|Postgres)\b|\bis_(sqlite|postgres)\b|\b(Db|Backend)::(\*|\{)'
if hits="$(grep -rnE --include='*.rs' "$pattern" src/ | grep -v '^src/db/')"; then
  echo "$hits"
  echo "check-dialect: the engine is named outside src/db/ (file:line above);" \
    "write the difference as a function of src/db/dialect.rs" >&2
  exit 1
fi
echo "no engine named outside src/db/"
