#!/bin/sh
# The storage side of the command line, with the real binary: init makes the audit key
# private and leaves nothing half-made when killed; serve refuses a database nobody can
# administer, saying what to run; `audit verify` counts the entries before a broken one,
# reports the newest entries cut as truncation against the head, and a rewrite made without
# the key as a broken seal. Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
export LC_ALL=C.UTF-8 LANGUAGE=en
tmp=$(mktemp -d /tmp/bianmin-cli-storage.XXXXXX)
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() {   # description, command...
    what=$1; shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}
cleanup() { if [ "$failed" -eq 0 ]; then rm -rf "$tmp"; else echo "# kept $tmp"; fi; }
trap cleanup EXIT
echo "1..9"

# ---- init: the key is the owner's only; a killed init leaves no database ----
"$BIN" init --data "$tmp/a" >"$tmp/init.out" 2>&1
check "init creates the audit key, readable by the owner only" \
    test "$(stat -c %a "$tmp/a/audit.key" 2>/dev/null)" = 600
"$BIN" init --demo --data "$tmp/k" >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -e "$tmp/k/bianmin.db.init" ] && [ ! -e "$tmp/k/bianmin.db" ] && [ "$i" -lt 2000 ]; do
    sleep 0.005; i=$((i + 1))
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [ ! -e "$tmp/k/bianmin.db" ] && "$BIN" init --data "$tmp/k" >"$tmp/k.out" 2>&1 &&
   grep -q "password (shown this once" "$tmp/k.out"; then
    ok "an init killed half-way leaves no database; the next init runs and shows the password"
else
    not_ok "an init killed half-way leaves no database; the next init runs and shows the password"
    ls -l "$tmp/k" | sed 's/^/# /'; sed 's/^/# init: /' "$tmp/k.out"
fi

# ---- serve: no administrator, no service ----
cp -r "$tmp/a" "$tmp/noadmin"
sqlite3 "$tmp/noadmin/bianmin.db" "PRAGMA foreign_keys = OFF; DELETE FROM account_key; DELETE FROM account;"
timeout 20 "$BIN" serve --listen 127.0.0.1 --port 0 --data "$tmp/noadmin" >"$tmp/noadmin.out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q "has no administrator account" "$tmp/noadmin.out" &&
   grep -q "bianmin init --data" "$tmp/noadmin.out" && ! grep -q "listening on" "$tmp/noadmin.out"; then
    ok "serve refuses a database with no administrator and says what to run"
else
    not_ok "serve refuses a database with no administrator and says what to run (exit $rc)"
    sed 's/^/# serve: /' "$tmp/noadmin.out"
fi

# ---- audit verify ----
d=$tmp/v
"$BIN" init --demo --data "$d" >/dev/null 2>&1
"$BIN" audit verify --data "$d" >"$tmp/v.out" 2>&1
rc=$?
total=$(sqlite3 "$d/bianmin.db" "SELECT count(*) FROM audit")
if [ "$rc" -eq 0 ] && grep -q "audit chain intact: $total entries" "$tmp/v.out" &&
   grep -q "matches its last head ($total entries)" "$tmp/v.out" &&
   grep -q "sealed with the audit key from entry 1 on" "$tmp/v.out"; then
    ok "audit verify: a fresh log is intact, sealed, and matches its head"
else
    not_ok "audit verify: a fresh log is intact, sealed, and matches its head (exit $rc, $total rows)"
    sed 's/^/# /' "$tmp/v.out"
fi

cp -r "$d" "$tmp/cut"
sqlite3 "$tmp/cut/bianmin.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > $total - 5"
"$BIN" audit verify --data "$tmp/cut" >"$tmp/cut.out" 2>&1
rc=$?
if [ "$rc" -eq 3 ] && grep -q "TRUNCATED: the head says $total entries, the log ends at $((total - 5))" "$tmp/cut.out"; then
    ok "audit verify reports the newest entries deleted as truncation"
else
    not_ok "audit verify reports the newest entries deleted as truncation (exit $rc)"
    sed 's/^/# /' "$tmp/cut.out"
fi
"$BIN" audit head --data "$tmp/cut" >"$tmp/cuthead.out" 2>&1
check "audit head refuses to write over the evidence of a cut log" test $? -eq 3

cp -r "$d" "$tmp/edit"
sqlite3 "$tmp/edit/bianmin.db" "DROP TRIGGER audit_no_update; UPDATE audit SET note = 'edited' WHERE id = 10"
"$BIN" audit verify --data "$tmp/edit" >"$tmp/edit.out" 2>&1
rc=$?
if [ "$rc" -eq 3 ] && grep -q "BROKEN at entry 10 (9 entries intact before it)" "$tmp/edit.out"; then
    ok "audit verify counts the entries before the broken one, not one too many"
else
    not_ok "audit verify counts the entries before the broken one (exit $rc)"
    sed 's/^/# /' "$tmp/edit.out"
fi

cp -r "$d" "$tmp/nokey"
rm "$tmp/nokey/audit.key"
"$BIN" audit verify --data "$tmp/nokey" >"$tmp/nokey.out" 2>&1
rc=$?
if [ "$rc" -eq 3 ] && grep -q "audit key MISSING" "$tmp/nokey.out"; then
    ok "audit verify without the key says the key is missing"
else
    not_ok "audit verify without the key says the key is missing (exit $rc)"
    sed 's/^/# /' "$tmp/nokey.out"
fi
# ---- a backup carries its key and head, and verifies where it is restored ----
"$BIN" backup "$tmp/bk" --data "$d" >"$tmp/bk.out" 2>&1
rc=$?
copy=$(ls "$tmp"/bk/bianmin-*.db 2>/dev/null | head -1)
mkdir -p "$tmp/restored"
if [ "$rc" -eq 0 ] && [ -n "$copy" ] && [ "$(stat -c %a "$tmp/bk/audit.key")" = 600 ]; then
    cp "$copy" "$tmp/restored/bianmin.db"
    cp "$copy.audit-head" "$tmp/restored/bianmin.db.audit-head"
    cp "$tmp/bk/audit.key" "$tmp/restored/"
fi
"$BIN" audit verify --data "$tmp/restored" >"$tmp/restored.out" 2>&1
rc2=$?
if [ "$rc" -eq 0 ] && [ "$rc2" -eq 0 ] && grep -q "matches its last head ($total entries)" "$tmp/restored.out"; then
    ok "backup writes the copy with the audit key and head; restored, it verifies"
else
    not_ok "backup writes the copy with the audit key and head; restored, it verifies (exit $rc, $rc2)"
    sed 's/^/# /' "$tmp/bk.out" "$tmp/restored.out"
fi
exit "$failed"
