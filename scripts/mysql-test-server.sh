#!/usr/bin/env bash
# A throwaway MySQL-compatible server (Debian's MariaDB) for the integration tests.
#
#   scripts/mysql-test-server.sh start   # idempotent; prints the admin URL
#   scripts/mysql-test-server.sh stop    # stops the server and deletes its data directory
#   scripts/mysql-test-server.sh url     # the admin URL (export it as AETHER_REVIEW_TEST_MYSQL)
#   scripts/mysql-test-server.sh status
#
# The server lives in a temporary directory, listens only on 127.0.0.1 (port 33069 unless
# AETHER_REVIEW_MYSQL_PORT says otherwise) and runs as the `mysql` OS user when invoked as root
# (mariadbd refuses to run as root without being told to). The user `root` connects from
# 127.0.0.1 without a password; the user `aether_pw` needs its password, so the tests can try a
# wrong one.
set -euo pipefail

PORT="${AETHER_REVIEW_MYSQL_PORT:-33069}"
DATA_ROOT="${AETHER_REVIEW_MYSQL_DIR:-${TMPDIR:-/tmp}/aether-review-mysql-$PORT}"
DATADIR="$DATA_ROOT/data"
SOCKET="$DATA_ROOT/mysqld.sock"
PIDFILE="$DATA_ROOT/mysqld.pid"
LOG="$DATA_ROOT/server.log"
# Not a secret: a user of a throwaway server that only the tests use.
PASSWORD_USER=aether_pw
PASSWORD=aether-pw-correct

admin_url() { echo "mysql://root@127.0.0.1:$PORT/mysql"; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# The server's own client, through its socket: no password, no ~/.my.cnf.
client() { mariadb --no-defaults --socket="$SOCKET" -uroot "$@"; }

is_running() {
    [ -S "$SOCKET" ] && mariadb-admin --no-defaults --socket="$SOCKET" -uroot ping >/dev/null 2>&1
}

init_datadir() {
    rm -rf "$DATA_ROOT"
    mkdir -p "$DATA_ROOT"
    chmod 700 "$DATA_ROOT"
    local user_args=()
    if is_root; then
        chown mysql:mysql "$DATA_ROOT"
        user_args=(--user=mysql)
    fi
    mariadb-install-db --no-defaults --datadir="$DATADIR" "${user_args[@]}" \
        --auth-root-authentication-method=normal --skip-test-db \
        >"$DATA_ROOT/install.log" 2>&1 || {
        cat "$DATA_ROOT/install.log" >&2
        exit 1
    }
}

start() {
    if is_running; then
        admin_url
        return 0
    fi
    if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
        echo "MariaDB is not installed (mariadbd missing): apt-get install mariadb-server" >&2
        exit 1
    fi
    if [ ! -d "$DATADIR/mysql" ]; then
        init_datadir
    fi
    local user_args=()
    is_root && user_args=(--user=mysql)
    # Durability is worthless for a server deleted after the run; speed is not.
    "$(command -v mariadbd || echo /usr/sbin/mariadbd)" --no-defaults "${user_args[@]}" \
        --datadir="$DATADIR" --socket="$SOCKET" --pid-file="$PIDFILE" --log-error="$LOG" \
        --port="$PORT" --bind-address=127.0.0.1 --skip-name-resolve \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=0 \
        --innodb-doublewrite=0 --sync-binlog=0 --skip-log-bin --max-connections=300 \
        >/dev/null 2>&1 &
    local waited=0
    until is_running; do
        sleep 0.2
        waited=$((waited + 1))
        if [ "$waited" -gt 300 ]; then
            echo "MariaDB did not start; its log:" >&2
            cat "$LOG" >&2 || true
            exit 1
        fi
    done
    client -e "
        CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
        GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
        CREATE USER IF NOT EXISTS '$PASSWORD_USER'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
        GRANT SELECT ON *.* TO '$PASSWORD_USER'@'127.0.0.1';"
    admin_url
}

stop() {
    if is_running; then
        mariadb-admin --no-defaults --socket="$SOCKET" -uroot shutdown >/dev/null 2>&1 || true
        local waited=0
        while [ -f "$PIDFILE" ] && [ "$waited" -lt 150 ]; do
            sleep 0.2
            waited=$((waited + 1))
        done
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
