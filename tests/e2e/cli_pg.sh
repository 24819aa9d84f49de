#!/bin/sh
# The command line on PostgreSQL, with the real binary and a throwaway cluster
# (tests/pg/cluster): init --db URL builds the demo county there with its audit key and head in
# the data directory and refuses to build it twice; an init killed half-way leaves nothing a
# server would open; the admin commands and `audit verify` work on it; serve --db opens it and
# listens. Prints TAP.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/e2e/lib/pg.sh"
pg_test_begin cli-pg 7
url=$(pg_url county)

"$BIN" init --demo --data "$tmp/d" --db "$url" >"$tmp/init.out" 2>&1
check "init --demo --db builds the county on PostgreSQL, key and head in the data directory" \
    test -s "$tmp/d/audit.key" -a -s "$tmp/d/county.audit-head" -a \
    "$(stat -c %a "$tmp/d/audit.key" 2>/dev/null)" = 600
if ! "$BIN" init --demo --data "$tmp/d" --db "$url" >"$tmp/again.out" 2>&1 &&
   grep -q "already exists\|已存在" "$tmp/again.out"; then
    ok "a second init on the same database is refused"
else
    not_ok "a second init on the same database is refused"; sed 's/^/# /' "$tmp/again.out"
fi
"$BIN" user list --data "$tmp/d" --db "$url" >"$tmp/users.out" 2>&1
check "user list reads the accounts from PostgreSQL" grep -q "^clerk " "$tmp/users.out"
"$BIN" audit verify --data "$tmp/d" --db "$url" >"$tmp/verify.out" 2>&1
check "the audit chain built on PostgreSQL verifies against its head" \
    grep -q "matches its last head" "$tmp/verify.out"

# An init killed half-way: the database was never marked whole, so nothing opens it, and the
# next init clears what it left and builds it.
half=$(pg_url half)
"$BIN" init --demo --data "$tmp/h" --db "$half" >/dev/null 2>&1 &
pid=$!
i=0   # killed once its tables are there, long before the demo county is whole
while [ "$(psql "$half" -Atc "SELECT count(*) FROM pg_tables WHERE tablename = 'bcase'" \
           2>/dev/null)" != 1 ] && [ "$i" -lt 3000 ]; do
    sleep 0.01; i=$((i + 1))
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if ! "$BIN" user list --data "$tmp/h" --db "$half" >"$tmp/half.out" 2>&1 &&
   grep -q "no database yet\|还没有数据库" "$tmp/half.out"; then
    ok "an init killed half-way leaves no database a server would open"
else
    not_ok "an init killed half-way leaves no database a server would open"
    sed 's/^/# /' "$tmp/half.out"
fi
if "$BIN" init --data "$tmp/h" --db "$half" >"$tmp/h.out" 2>&1 &&
   grep -q "password (shown this once" "$tmp/h.out"; then
    ok "the next init builds it afresh"
else
    not_ok "the next init builds it afresh"; sed 's/^/# /' "$tmp/h.out"
fi

"$BIN" serve --port 0 --listen 127.0.0.1 --data "$tmp/d" --db "$url" >"$tmp/serve.out" 2>&1 &
pid=$!
i=0
while ! grep -q "listening on" "$tmp/serve.out" && [ "$i" -lt 300 ]; do
    sleep 0.1; i=$((i + 1))
done
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "serve --db opens the PostgreSQL database and listens" grep -q "listening on" "$tmp/serve.out"
exit "$failed"
