#!/bin/sh
# Temporal's schema on PostgreSQL: creates the two databases when missing and migrates them to
# the schema embedded in temporal-sql-tool (same version as the server). Safe to re-run: every
# step is idempotent (`setup-schema -v 0.0` leaves a newer version alone).
# Run by the `temporal-schema` one-shot service of docker/compose.yml (temporalio/admin-tools
# image) and by the production-mode tests (test/production), with the same environment as the
# `temporal` service: DB, POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, POSTGRES_PWD, DBNAME,
# VISIBILITY_DBNAME.
set -eu

plugin="${DB:-postgres12}"
host="${POSTGRES_SEEDS:?POSTGRES_SEEDS is not set}"
port="${DB_PORT:-5432}"
user="${POSTGRES_USER:?POSTGRES_USER is not set}"

sqltool() {
  temporal-sql-tool --plugin "$plugin" --ep "$host" -p "$port" -u "$user" --pw "${POSTGRES_PWD:-}" "$@"
}

# PostgreSQL may still be starting: wait for it (bounded)
tries=0
until sqltool --db "${DBNAME:-temporal}" create-database >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "temporal-schema: PostgreSQL at $host:$port is not reachable" >&2
    sqltool --db "${DBNAME:-temporal}" create-database
    exit 1
  fi
  sleep 2
done

for target in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
  db="${target%%:*}"
  schema="postgresql/v12/${target##*:}"
  sqltool --db "$db" create-database
  sqltool --db "$db" setup-schema -v 0.0
  sqltool --db "$db" update-schema --schema-name "$schema"
  echo "temporal-schema: $db is at the schema of $schema"
done
