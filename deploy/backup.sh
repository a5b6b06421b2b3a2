#!/usr/bin/env bash
# Backs up the Parcours database: ./deploy/backup.sh [FILE]
# A pg_dump in custom format (compressed, restorable table by table, checked by pg_restore --list).
# The database is DATABASE_URL, else the embedded cluster's (`parcours db url`).
# Default FILE: parcours-YYYYmmdd-HHMMSS.dump in the current directory.
set -euo pipefail
url=${DATABASE_URL:-$(parcours db url)}
file=${1:-parcours-$(date +%Y%m%d-%H%M%S).dump}
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --compress=6 --no-owner --file="$partial" "$url"
# A dump that pg_restore cannot read is no backup.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
trap - EXIT
echo "$file"
