#!/bin/sh
# bianmin migrate with the real binary, from the demo county on SQLite into a throwaway
# PostgreSQL cluster (tests/pg/cluster): the copy says each table as it goes and ends verified;
# what it holds is what the source holds, read back by the program's own commands and by
# psql; the audit chain verifies there with the key beside it; a second copy into the same
# database, a database holding someone else's table, and a SQLite target are refused and
# change nothing; the copy is served. Prints TAP.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/e2e/lib/pg.sh"
pg_test_begin cli-migrate 9
url=$(pg_url county)
d=$tmp/d
"$BIN" init --demo --data "$d" >/dev/null 2>&1 || { echo "not ok 1 - init --demo"; exit 1; }

"$BIN" migrate "sqlite:$d/bianmin.db" "$url" --data "$d" >"$tmp/out" 2>"$tmp/progress"
rc=$?
tables=$(sed -n 's/^copied \([0-9]*\) tables.*/\1/p' "$tmp/out")
if [ "$rc" -eq 0 ] && grep -q "audit chain of [0-9]* entries is whole" "$tmp/out" &&
   [ -n "$tables" ] && [ "$tables" -gt 40 ] &&
   [ "$(grep -c "^copied table [0-9]*/$tables " "$tmp/progress")" -eq "$tables" ]; then
    ok "migrate copies the demo county, a progress line per table, and ends verified"
else
    not_ok "migrate copies the demo county, a progress line per table, and ends verified"
    sed 's/^/# /' "$tmp/out" "$tmp/progress"
fi

# Read back independently: the same rows in a few tables, in the same order, through psql.
same=1
for q in "SELECT no, status, deadline, applicant_id FROM bcase ORDER BY id" \
         "SELECT id, login, role, org_id FROM account ORDER BY id" \
         "SELECT id, hash FROM audit ORDER BY id"; do
    psql "$url" -Atc "$q" >"$tmp/pg.rows" 2>&1
    sqlite3 "$d/bianmin.db" "$q" >"$tmp/sq.rows" 2>&1
    [ -s "$tmp/pg.rows" ] && cmp -s "$tmp/pg.rows" "$tmp/sq.rows" || same=0
done
check "the copy holds the source's cases, accounts and audit entries row for row" [ "$same" -eq 1 ]

"$BIN" user list --data "$d" >"$tmp/users.sq" 2>&1
"$BIN" user list --data "$d" --db "$url" >"$tmp/users.pg" 2>&1
check "user list reads the same accounts from the copy" cmp -s "$tmp/users.sq" "$tmp/users.pg"

"$BIN" audit verify --data "$d" >"$tmp/verify.sq" 2>&1
"$BIN" audit verify --data "$d" --db "$url" >"$tmp/verify.pg" 2>&1
entries=$(sed -n 's/^audit chain intact: \([0-9]*\) entries/\1/p' "$tmp/verify.sq")
check "audit verify on the copy: intact, as many entries as the source, sealed and at its head" \
    grep -q "^audit chain intact: $entries entries" "$tmp/verify.pg"
check "  (and sealed with the key, matching its head)" \
    grep -q "matches its last head" "$tmp/verify.pg"

before=$(psql "$url" -Atc "SELECT count(*) FROM audit" 2>&1)
if ! "$BIN" migrate "sqlite:$d/bianmin.db" "$url" --data "$d" >"$tmp/again" 2>&1 &&
   grep -q "not empty\|不是空的" "$tmp/again" &&
   [ "$(psql "$url" -Atc "SELECT count(*) FROM audit" 2>&1)" = "$before" ]; then
    ok "a second migrate into the same database is refused and changes nothing"
else
    not_ok "a second migrate into the same database is refused and changes nothing"
    sed 's/^/# /' "$tmp/again"
fi

other=$(pg_url other)
psql "$base" -qc "CREATE DATABASE other" >/dev/null 2>&1
psql "$other" -qc "CREATE TABLE ledger (x integer); INSERT INTO ledger VALUES (7)" >/dev/null 2>&1
if ! "$BIN" migrate "sqlite:$d/bianmin.db" "$other" --data "$d" >"$tmp/other" 2>&1 &&
   grep -q "not empty\|不是空的" "$tmp/other" &&
   [ "$(psql "$other" -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 1 ] &&
   [ "$(psql "$other" -Atc "SELECT x FROM ledger")" = 7 ]; then
    ok "a database holding someone else's table is refused and left as it was"
else
    not_ok "a database holding someone else's table is refused and left as it was"
    sed 's/^/# /' "$tmp/other"
fi

if ! "$BIN" migrate "sqlite:$d/bianmin.db" "$tmp/copy.db" --data "$d" >"$tmp/sq" 2>&1 &&
   [ ! -e "$tmp/copy.db" ]; then
    ok "a SQLite target is refused (the copy goes onto PostgreSQL)"
else
    not_ok "a SQLite target is refused (the copy goes onto PostgreSQL)"; sed 's/^/# /' "$tmp/sq"
fi

"$BIN" serve --port 0 --listen 127.0.0.1 --data "$d" --db "$url" >"$tmp/serve.out" 2>&1 &
pid=$!
i=0
while ! grep -q "listening on" "$tmp/serve.out" && [ "$i" -lt 300 ]; do
    sleep 0.1; i=$((i + 1))
done
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "serve --db opens the copy and listens" grep -q "listening on" "$tmp/serve.out"
exit "$failed"
