#!/bin/sh
# The administrator's shell twins of the maintenance screens: `bianmin user` adds an account
# with a one-time password printed once, finds it by pinyin initials, resets it, moves it to
# another role, locks it with a reason, adds and removes a key by the fingerprint ssh-keygen
# prints, and refuses a common password; `bianmin org` adds, renames, moves and retires units;
# `calendar show|set`, `backup now|list|verify` (mode 0600), `audit list`, and `catalogue
# set-days|versions|import --preview` (the preview writes nothing). Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
dir=$(mktemp -d /tmp/bianmin-cli-admin.XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" -eq 0 ]; then ok "$2"; else not_ok "$2"; fi; }
bm() { "$BIN" "$@" --data "$dir/data"; }

echo "1..28"
"$BIN" init --demo --data "$dir/data" >/dev/null 2>&1 || { not_ok "init --demo"; exit 1; }

bm user add zhouqi --name 周七 --role clerk --org qinglin --one-time >"$dir/out" 2>&1
check $? "user add --one-time exits 0"
pw=$(sed -n 's/.*one-time password.*: \([a-z0-9]*\)$/\1/p' "$dir/out")
[ ${#pw} -eq 10 ]; check $? "and prints a 10-character one-time password once ($(cat "$dir/out"))"
bm user show zhouqi | grep -q "^password *one-time"
check $? "user show says the password is one-time"
bm user list --find zq | grep -q "^zhouqi "
check $? "user list --find finds the user by pinyin initials"
bm user reset zhouqi >"$dir/out" 2>&1
pw2=$(sed -n 's/.*: \([a-z0-9]*\)$/\1/p' "$dir/out")
[ ${#pw2} -eq 10 ] && [ "$pw2" != "$pw" ]; check $? "user reset prints a new one-time password"
bm user set zhouqi --role duty >/dev/null 2>&1 && bm user show zhouqi | grep -q "^role *duty"
check $? "user set --role moves the user to another role"
bm user set zhouqi --role agent >"$dir/out" 2>&1
[ $? -ne 0 ] && grep -q "代办员" "$dir/out"; check $? "an agent at a centre is refused: $(head -c 100 "$dir/out")"
bm user lock zhouqi --reason 离职 >/dev/null 2>&1 && bm user show zhouqi | grep -q "^locked *yes: 离职"
check $? "user lock --reason locks with the reason shown"
ssh-keygen -q -t ed25519 -N '' -C pc@village -f "$dir/key" >/dev/null 2>&1
fp=$(ssh-keygen -lf "$dir/key.pub" | awk '{print $2}')
bm user key-add zhouqi --file "$dir/key.pub" | grep -qF "$fp"
check $? "user key-add prints the fingerprint ssh-keygen prints ($fp)"
bm user keys zhouqi | grep -qF "$fp pc@village"
check $? "user keys lists it"
bm user key-remove zhouqi "$fp" >/dev/null 2>&1 && ! bm user keys zhouqi | grep -qF "$fp"
check $? "user key-remove by fingerprint removes it"
echo password1 | bm user passwd zhouqi --password-stdin >"$dir/out" 2>&1
[ $? -ne 0 ] && grep -q "最常见" "$dir/out"; check $? "a common password is refused: $(head -c 100 "$dir/out")"

bm org add qinglin.xinzhai --name 新寨村 --kind village --parent qinglin >/dev/null 2>&1 &&
    bm org list | grep -q "^    qinglin.xinzhai  *village  *新寨村"
check $? "org add puts a village under its township"
bm org rename qinglin.xinzhai --name 新寨社区 >/dev/null 2>&1 && bm org list | grep -q "新寨社区"
check $? "org rename"
bm org move qinglin.xinzhai --parent shiqiao >/dev/null 2>&1 &&
    bm org list | sed -n '/^  shiqiao /,$p' | grep -q "qinglin.xinzhai"
check $? "org move puts the village under the other township"
bm org move qinglin.w1 --parent shiqiao >"$dir/out" 2>&1
[ $? -ne 0 ]; check $? "a window does not move: $(head -c 100 "$dir/out")"
bm org retire qinglin >"$dir/out" 2>&1
[ $? -ne 0 ]; check $? "a township with villages is not retired: $(head -c 100 "$dir/out")"
bm org retire qinglin.xinzhai >/dev/null 2>&1 && bm org list | grep -q "新寨社区  (retired)"
check $? "org retire marks the unit retired and keeps it listed"

bm calendar show 2027 | head -1 | grep -q "2027 NOT CONFIRMED"
check $? "calendar show says 2027 is provisional"
bm calendar set 2027-01-01 off --name 元旦 >/dev/null 2>&1 && bm calendar show 2027 | grep -q "^01 H--"
check $? "calendar set marks a holiday the year view shows"
bm backup now >"$dir/out" 2>&1
check $? "backup now exits 0: $(head -c 120 "$dir/out")"
f=$(sed -n 's/^backed up to \(.*\) (mode 0600)$/\1/p' "$dir/out")
[ -n "$f" ] && [ "$(stat -c %a "$f")" = 600 ]; check $? "the copy is mode 0600"
bm backup list | grep -q "$(basename "$f") .* 0600"
check $? "backup list names it with its mode"
if [ -n "${BIANMIN_DB:-}" ]; then
    # On PostgreSQL the copy is a pg_dump archive, which verify cannot read yet (README).
    n=$((n + 1)); echo "ok $n # SKIP backup verify reads SQLite copies only"
else
    bm backup verify "$(basename "$f")" | grep -q "verified"
    check $? "backup verify checks it"
fi
bm audit list --find org.move | grep -q "qinglin.xinzhai"
check $? "audit list finds the village's move"

bm catalogue set-days SB-001 3 >/dev/null 2>&1 &&
    bm catalogue versions SB-001 | grep -q "^version 2 *promised 3 .*(current)"
check $? "catalogue set-days makes a new version with the new limit"
{ echo "matter: ZZ-901"; echo "name: 测试新事项"; echo "title: 我要测试"; echo "dept: 民政"
  echo "level: township"; echo "type: 其他"; echo "basis: 测试"; echo "legal: 5"
  echo "promised: 2"; echo "fee: 0"; } >"$dir/cat.txt"
bm catalogue import "$dir/cat.txt" --preview >"$dir/out" 2>&1 && grep -q "^new *matter *ZZ-901" "$dir/out"
check $? "catalogue import --preview names the new matter"
bm catalogue versions ZZ-901 >/dev/null 2>&1
[ $? -ne 0 ]; check $? "and writes nothing"
