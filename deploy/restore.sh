#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database: ./deploy/restore.sh FILE
# The database is DATABASE_URL, else the embedded cluster's (`parcours db url`). Refuses a database
# that already holds a Parcours schema: restore into a new one, check it, then switch over.
set -euo pipefail
file=${1:?usage: restore.sh FILE}
url=${DATABASE_URL:-$(parcours db url)}
pg_restore --list "$file" >/dev/null
if [ "$(psql "$url" -Atc "SELECT to_regclass('public.journey') IS NOT NULL")" = "t" ]; then
    echo "restore.sh: the database already holds a Parcours schema; restore into an empty database" >&2
    exit 1
fi
# Roles belong to the cluster, not to the dump: the row-level security policies name this one.
psql "$url" -q -v ON_ERROR_STOP=1 -c "DO \$\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'parcours_app') THEN
        CREATE ROLE parcours_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END \$\$;"
psql "$url" -q -v ON_ERROR_STOP=1 -c "GRANT parcours_app TO CURRENT_USER" >/dev/null 2>&1 || true
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$url" "$file"
echo "restored $file: $(psql "$url" -Atc "SELECT count(*) FROM journey_event") journey events, migration $(psql "$url" -Atc "SELECT max(version) FROM schema_migrations")"
