#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database: ./deploy/restore.sh FILE
# Runs as the owner of that database, whatever its name: PARCOURS_OWNER_URL, else the embedded
# cluster's (`parcours db url --owner`). Refuses a database that already holds a Parcours schema:
# restore into a new one, check it, then switch over.
set -euo pipefail
file=${1:?usage: restore.sh FILE}
url=${PARCOURS_OWNER_URL:-$(parcours db url --owner)}
pg_restore --list "$file" >/dev/null
if [ "$(psql "$url" -Atc "SELECT to_regclass('public.journey') IS NOT NULL")" = "t" ]; then
    echo "restore.sh: the database already holds a Parcours schema; restore into an empty database" >&2
    exit 1
fi
if [ "$(psql "$url" -Atc "SELECT pg_has_role(current_user, 'pg_database_owner', 'MEMBER')")" != "t" ]; then
    echo "restore.sh: connect as the owner of the target database (its objects and policies are the owner's)" >&2
    exit 1
fi
# Roles belong to the cluster, not to the dump: the policies and grants name these group roles.
missing=$(psql "$url" -Atc "SELECT string_agg(r, ', ') FROM unnest(ARRAY['parcours_app', 'parcours_console']) AS r
                            WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)")
if [ -n "$missing" ]; then
    echo "restore.sh: the cluster lacks the role(s) $missing: create them first (deploy/roles.sql, as a superuser)" >&2
    exit 1
fi
pg_restore --no-owner --enable-row-security --exit-on-error --single-transaction --dbname="$url" "$file"
echo "restored $file: $(psql "$url" -Atc "SELECT count(*) FROM journey_event") journey events, migration $(psql "$url" -Atc "SELECT max(version) FROM schema_migrations")"
