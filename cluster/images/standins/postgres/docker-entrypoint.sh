#!/bin/sh
# The stand-in postgres image's entrypoint: what the official image's docker-entrypoint.sh does,
# with Debian's binaries: on an empty PGDATA,
# initdb with POSTGRES_USER and POSTGRES_PASSWORD (scram, TCP only from outside), create POSTGRES_DB;
# then run the command (postgres and the manifest's args) in the foreground.
set -eu
# as the official entrypoint: arguments that start with "-" are options for postgres
case "${1:-}" in -*) set -- postgres "$@" ;; esac
: "${PGDATA:?PGDATA must be set}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  pwfile=$(mktemp)
  printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /var/run/postgresql" -w start >/dev/null
  if [ "$db" != "postgres" ]; then psql -h /var/run/postgresql -U "$user" -d postgres -v ON_ERROR_STOP=1 -c "create database \"$db\"" >/dev/null; fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
if [ "${1:-}" = "postgres" ]; then
  shift
  exec postgres -D "$PGDATA" -c listen_addresses='*' -k /var/run/postgresql "$@"
fi
exec "$@"
