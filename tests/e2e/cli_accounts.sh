#!/bin/sh
# The account subcommands an administrator scripts: `bianmin org list` prints the unit codes
# that `user add --org CODE` takes (and a code it prints is accepted), and `user add` or
# `user passwd` with --password-stdin and nothing on standard input exits non-zero saying why,
# adding or changing nothing. Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
dir=$(mktemp -d /tmp/bianmin-cli.XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" -eq 0 ]; then ok "$2"; else not_ok "$2"; fi; }

echo "1..9"
"$BIN" init --demo --data "$dir" >/dev/null 2>&1 || { not_ok "init --demo"; exit 1; }

"$BIN" org list --data "$dir" >"$dir/orgs.txt" 2>"$dir/err.txt"
check $? "org list exits 0"
grep -q "^ *qinglin  *township  *青林镇便民服务中心" "$dir/orgs.txt"
check $? "org list prints the township's code, kind and name"
grep -q "^ *qinglin\.baiyan  *village  *白岩村" "$dir/orgs.txt"
check $? "org list prints a village's code under its township"

echo "secret-Pass-42" | "$BIN" user add lisi --name 李四 --role clerk --org qinglin \
    --password-stdin --data "$dir" >/dev/null 2>&1
check $? "a code org list printed is taken by user add --org"

"$BIN" user add wangwu --name 王五 --role clerk --org qinglin --password-stdin \
    --data "$dir" </dev/null >"$dir/out.txt" 2>"$dir/err.txt"
rc=$?
[ "$rc" -ne 0 ]; check $? "user add with empty standard input exits non-zero (status $rc)"
grep -qi "password" "$dir/err.txt"
check $? "and says the password is missing: $(head -c 120 "$dir/err.txt")"
"$BIN" user list --data "$dir" | grep -q "^wangwu "
[ $? -ne 0 ]; check $? "and adds no user"

printf '\n' | "$BIN" user passwd lisi --password-stdin --data "$dir" >/dev/null 2>"$dir/err.txt"
rc=$?
[ "$rc" -ne 0 ] && grep -qi "password" "$dir/err.txt"
check $? "user passwd with an empty line exits non-zero saying why (status $rc)"

"$BIN" org frobnicate --data "$dir" >/dev/null 2>&1
[ $? -ne 0 ]; check $? "an unknown org command is refused"
