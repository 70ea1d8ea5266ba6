#!/usr/bin/env bash
# A local PostgreSQL for LocalVPC's shared-state tests, on Debian or Ubuntu, as root:
# installs Debian's `postgresql` package when missing, creates and starts the cluster (the newest version
# installed, on 127.0.0.1:5432), then creates the role `localvpc` (password `localvpc`, allowed to create the
# throwaway databases the tests make) and the database `localvpc`. Every step is idempotent: run it again
# and nothing changes. It prints the URL the tests read:
#
#   export LOCALVPC_TEST_DATABASE_URL=$(scripts/postgres.sh)
#
# .ci/run does exactly that before scripts/test.sh.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/postgres.sh: run as root (it installs and starts PostgreSQL)" >&2
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

# The newest server installed (Debian 12 ships 15), not a hard-coded one.
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if [ ! -d "/etc/postgresql/$version/main" ]; then
  pg_createcluster "$version" main --port 5432 >&2
fi
# `status` exits 3 when the cluster is down; start it only then (starting a running one fails).
if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  pg_ctlcluster "$version" main start >&2
fi

psql_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5432 "$@"; }

for _ in $(seq 1 30); do
  psql_admin -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break
  sleep 1
done

# Two sessions may run this at once (two engineers, or CI and a developer): a role or database created between
# the check and the CREATE makes the CREATE fail with a duplicate, which is what we wanted anyway.
psql_admin -d postgres >&2 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'localvpc') THEN
    BEGIN
      CREATE ROLE localvpc LOGIN PASSWORD 'localvpc' CREATEDB;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
END $$;
ALTER ROLE localvpc LOGIN PASSWORD 'localvpc' CREATEDB;
-- The tests drop their databases WITH (FORCE). PostgreSQL 15 refuses that to a role that may not signal every
-- backend on the database, and an autovacuum worker counts as another role's: CI's run of 2026-12-06 failed so, after
-- 1,066 passed tests, while one vacuumed a test database.
GRANT pg_signal_backend TO localvpc;
SQL
if [ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'localvpc'")" ]; then
  psql_admin -d postgres -c 'CREATE DATABASE localvpc OWNER localvpc' >&2 ||
    [ -n "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'localvpc'")" ]
fi

url="postgres://localvpc:localvpc@127.0.0.1:5432/localvpc"
# The role logs in with its password over TCP (Debian's pg_hba.conf allows scram-sha-256 on 127.0.0.1).
PGPASSWORD=localvpc psql -X -q -h 127.0.0.1 -p 5432 -U localvpc -d localvpc -c 'SELECT 1' >/dev/null
echo "$url"
