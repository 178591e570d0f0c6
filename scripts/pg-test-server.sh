#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the integration tests.
#
#   scripts/pg-test-server.sh start   # idempotent; prints the admin URL
#   scripts/pg-test-server.sh stop    # stops the server and deletes its data directory
#   scripts/pg-test-server.sh url     # the admin URL (export it as AETHER_REVIEW_TEST_PG)
#   scripts/pg-test-server.sh status
#
# The cluster lives in a temporary directory, listens only on 127.0.0.1 (port 54329 unless
# AETHER_REVIEW_PG_PORT says otherwise) and runs as the `postgres` OS user when invoked as root,
# because initdb refuses to run as root. The superuser `postgres` connects without a password
# from 127.0.0.1; the role `aether_pw` needs its password (scram-sha-256), so the tests can try
# a wrong one.
set -euo pipefail

PORT="${AETHER_REVIEW_PG_PORT:-54329}"
DATA_ROOT="${AETHER_REVIEW_PG_DIR:-${TMPDIR:-/tmp}/aether-review-pg-$PORT}"
PGDATA="$DATA_ROOT/data"
LOG="$DATA_ROOT/server.log"
# The newest PostgreSQL the machine has (Debian installs each major under /usr/lib/postgresql).
BIN="${AETHER_REVIEW_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}"
# Not a secret: a role of a throwaway cluster that only the tests use.
PASSWORD_ROLE=aether_pw
PASSWORD=aether-pw-correct

admin_url() { echo "postgres://postgres@127.0.0.1:$PORT/postgres"; }

# Runs a PostgreSQL binary as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

is_running() {
    [ -f "$PGDATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1
}

init_cluster() {
    rm -rf "$DATA_ROOT"
    mkdir -p "$DATA_ROOT"
    chmod 700 "$DATA_ROOT"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres:postgres "$DATA_ROOT"
    fi
    as_owner "$BIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$DATA_ROOT/initdb.log" 2>&1 || {
        cat "$DATA_ROOT/initdb.log" >&2
        exit 1
    }
    # Rules are read top to bottom: the superuser is trusted, every other role needs its password.
    as_owner tee "$PGDATA/pg_hba.conf" >/dev/null <<HBA
local all all                  trust
host  all postgres 127.0.0.1/32 trust
host  all all      127.0.0.1/32 scram-sha-256
HBA
    # Durability is worthless for a cluster deleted after the run; speed is not.
    as_owner tee -a "$PGDATA/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA_ROOT'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
password_encryption = 'scram-sha-256'
CONF
}

start() {
    if is_running; then
        admin_url
        return 0
    fi
    if [ ! -x "$BIN/initdb" ]; then
        echo "PostgreSQL 15 is not installed ($BIN/initdb missing): apt-get install postgresql" >&2
        exit 1
    fi
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        init_cluster
    fi
    as_owner "$BIN/pg_ctl" -D "$PGDATA" -l "$LOG" -w -t 60 start >/dev/null || {
        echo "PostgreSQL did not start; its log:" >&2
        cat "$LOG" >&2 || true
        exit 1
    }
    as_owner "$BIN/psql" -h "$DATA_ROOT" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -c "DO \$\$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PASSWORD_ROLE') THEN
                CREATE ROLE $PASSWORD_ROLE LOGIN PASSWORD '$PASSWORD';
              END IF;
            END \$\$;" >/dev/null
    admin_url
}

stop() {
    if is_running; then
        as_owner "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    fi
    rm -rf "$DATA_ROOT"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) admin_url ;;
    status) if is_running; then echo "running: $(admin_url)"; else echo "stopped"; exit 3; fi ;;
    *)
        echo "usage: $0 start|stop|url|status" >&2
        exit 2
        ;;
esac
