#!/usr/bin/env bash
# Sourced by test.sh: a throwaway PostgreSQL (Debian's package) on 127.0.0.1 for the plugin's
# database tests. Exports BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING.

TEST_PG_DIR=""
TEST_PG_BIN=""

_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start_test_postgres() {
  TEST_PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$TEST_PG_BIN" ]; then
    echo "[postgres] no server binaries under /usr/lib/postgresql" >&2
    return 1
  fi
  local major port
  major="$(basename "$(dirname "$TEST_PG_BIN")")"
  port="$(_free_port)"
  TEST_PG_DIR="$(mktemp -d /tmp/kubernaut-pg.XXXXXX)"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$TEST_PG_DIR"

  _pg_as_owner "$TEST_PG_BIN/initdb" -D "$TEST_PG_DIR/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C >"$TEST_PG_DIR/initdb.log" 2>&1 || {
    cat "$TEST_PG_DIR/initdb.log" >&2
    return 1
  }
  _pg_as_owner "$TEST_PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $TEST_PG_DIR -c max_connections=200 -c fsync=off" start >/dev/null || {
    cat "$TEST_PG_DIR/server.log" >&2
    return 1
  }
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres@127.0.0.1:$port"
  export KUBERNAUT_REQUIRE_POSTGRES=1
  echo "[postgres] PostgreSQL $major on 127.0.0.1:$port" >&2
}

stop_test_postgres() {
  [ -n "$TEST_PG_DIR" ] && [ -d "$TEST_PG_DIR/data" ] || return 0
  _pg_as_owner "$TEST_PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TEST_PG_DIR"
  TEST_PG_DIR=""
}
