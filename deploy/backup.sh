#!/usr/bin/env bash
# Backs up the Parcours database: ./deploy/backup.sh [FILE]
# A pg_dump in custom format (compressed, restorable table by table, checked by pg_restore --list),
# readable by its owner only (0600): it holds people's personal data.
# Runs as the schema's owner: PARCOURS_OWNER_URL, else the embedded cluster's (`parcours db url --owner`);
# the owner reads every row (its policies), the service's login could not.
# Default FILE: parcours-YYYYmmdd-HHMMSS.dump in the current directory.
set -euo pipefail
umask 077
url=${PARCOURS_OWNER_URL:-$(parcours db url --owner)}
file=${1:-parcours-$(date +%Y%m%d-%H%M%S).dump}
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
# --enable-row-security: the owner is bound by FORCE ROW LEVEL SECURITY like everyone, and its own
# policies let it read every row; without it pg_dump would refuse the tables.
pg_dump --format=custom --compress=6 --no-owner --enable-row-security --file="$partial" "$url"
# A dump that pg_restore cannot read is no backup.
pg_restore --list "$partial" >/dev/null
chmod 600 "$partial"
mv "$partial" "$file"
trap - EXIT
echo "$file"
