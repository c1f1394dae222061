#!/bin/sh
# The services' own Postgres roles (global.database.serviceRoles), made by the Postgres pod's
# service-roles container. For each service whose password file is in $ROLE_PASSWORDS (the Secret
# the credentials Job made, <release>-database-<service>), it makes sure of:
#   - a login role named after the service, with no right beyond logging in, and that password;
#   - a schema of that name owned by the role, which nobody else may use;
#   - the tables and sequences an earlier version made there as the shared user, now the role's.
# Then it marks the container ready ($READY_FILE) and does it again every $INTERVAL seconds, so a
# Secret made after the pod started is picked up; a failed pass is only logged. It connects over the pod's socket as the server's
# superuser (PGHOST, PGUSER, PGPASSWORD, PGDATABASE).
set -eu
INTERVAL=${INTERVAL:-30}

# succeeds only if every statement for every service did (set -e does not apply where it is called)
apply() {
  status=0
  for file in "$ROLE_PASSWORDS"/*; do
    [ -f "$file" ] || continue
    psql -X -q -v ON_ERROR_STOP=1 -v role="$(basename "$file")" -v password="$(cat "$file")" <<'SQL' || status=1
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'password';
SELECT format('CREATE SCHEMA %I AUTHORIZATION %I', :'role', :'role') WHERE NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = :'role') \gexec
ALTER SCHEMA :"role" OWNER TO :"role";
REVOKE ALL ON SCHEMA :"role" FROM PUBLIC;
-- a table's identity sequences and indexes follow it; other sequences are moved on their own
SELECT format('ALTER %s %I.%I OWNER TO %I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname, :'role')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'role' AND c.relkind IN ('r', 'p', 'S') AND pg_get_userbyid(c.relowner) <> :'role'
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
 ORDER BY c.relkind DESC \gexec
SQL
  done
  psql -X -q -v ON_ERROR_STOP=1 -c 'REVOKE CREATE ON SCHEMA public FROM PUBLIC' || status=1
  return $status
}

trap 'exit 0' TERM INT
# the image's first start runs a server of its own while it initialises the data, then restarts it:
# a pass that meets no server, or no database yet, is tried again
until pg_isready -q && apply; do sleep 2; done
echo "service roles ready: $(ls "$ROLE_PASSWORDS" | tr '\n' ' ')"
touch "$READY_FILE"
while :; do
  sleep "$INTERVAL" &
  wait $!
  apply || echo "service roles: this pass failed; the next one tries again" >&2
done
