#!/bin/sh
# The shell twin of the admin's catalogue screens: `bianmin catalogue list --find` by pinyin
# initials, `show` prints a matter as a file block that imports back unchanged, `edit` makes a
# new version and `diff` names exactly what changed, a bad value is refused and nothing stored,
# `retire` needs a reason and marks the matter, `import --preview` lists the new, changed and
# retired entries of a file and writes nothing, and the import then does. Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
dir=$(mktemp -d /tmp/bianmin-cli-catalogue.XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" -eq 0 ]; then ok "$2"; else not_ok "$2"; fi; }
bm() { "$BIN" "$@" --data "$dir/data"; }
. "$(dirname "$0")/lib/db.sh"
db() { db_query "$1" "$dir/data/bianmin.db"; }

echo "1..16"
BIANMIN_NOW="2026-11-30 10:00"; export BIANMIN_NOW
"$BIN" init --demo --data "$dir/data" >/dev/null 2>&1 || { not_ok "init --demo"; exit 1; }

bm catalogue list --find zgrz >"$dir/out" 2>&1 && grep -q "^SB-002 .*资格认证" "$dir/out"
check $? "list --find zgrz finds 资格认证 by pinyin initials"
bm catalogue list | grep -q "^YJS-01 *bundle"
check $? "list shows bundles too"

bm catalogue show LY-003 >"$dir/ly3.txt" 2>&1 && grep -q "^promised: 3$" "$dir/ly3.txt" &&
    grep -q "^material: 野外用火申请书 | original | 1 | required$" "$dir/ly3.txt"
check $? "show prints the matter as a catalogue file block"
bm catalogue import "$dir/ly3.txt" --preview >"$dir/out" 2>&1 && grep -q "^0 differences" "$dir/out"
check $? "and that block imports back unchanged: $(head -c 120 "$dir/out")"

bm catalogue edit LY-003 promised=8 fee=12.5 "fee_basis=测试收费依据" >"$dir/out" 2>&1 &&
    grep -q "version 2 in force" "$dir/out"
check $? "edit makes version 2: $(head -c 120 "$dir/out")"
bm catalogue diff LY-003 1 2 >"$dir/out" 2>&1
[ "$(grep -c -- ' -> ' "$dir/out")" -eq 4 ] && grep -q "^Promised days: 3 -> 8$" "$dir/out" &&
    grep -q "^Fee (yuan): 0.00 -> 12.50$" "$dir/out"
check $? "diff names exactly what changed: $(tr '\n' '|' <"$dir/out")"
bm catalogue versions LY-003 | grep -q "^version 2 *promised 8 .*(current)"
check $? "versions lists the new one as current"
bm catalogue edit LY-003 promised=30 >"$dir/out" 2>&1
[ $? -ne 0 ] && [ "$(db "SELECT count(*) FROM matter WHERE code = 'LY-003'")" = 2 ]
check $? "promised days beyond the legal ones are refused, nothing stored: $(head -c 120 "$dir/out")"
bm catalogue edit LY-003 materials=x >/dev/null 2>&1
[ $? -ne 0 ]; check $? "a key the edit does not take is refused"

bm catalogue retire NY-006 >"$dir/out" 2>&1
[ $? -ne 0 ] && [ "$(db "SELECT count(*) FROM matter_retired")" = 0 ]
check $? "retire without a reason is refused"
bm catalogue retire NY-006 --reason 并入一件事 >/dev/null 2>&1 &&
    bm catalogue list --find NY-006 | grep -q "(retired)"
check $? "retire --reason marks the matter retired in the list"
bm catalogue show NY-006 | grep -q "^# retired .*: 并入一件事"
check $? "show says when and why it was retired"
[ "$(db "SELECT count(*) FROM audit WHERE what = 'matter.retire' AND object_id = 'NY-006'")" = 1 ]
check $? "the retirement is in the audit log"

{ echo "matter: ZZ-901"; echo "name: 测试新事项"; echo "title: 我要测试"; echo "dept: 民政"
  echo "level: township"; echo "type: 其他"; echo "basis: 测试"; echo "legal: 5"
  echo "promised: 2"; echo "fee: 0"; echo
  sed 's/^promised: 3$/promised: 2/' "$dir/ly3.txt"; echo
  echo "retire: SB-004"; echo "reason: 省级目录取消"; } >"$dir/cat.txt"
versions=$(db "SELECT count(*) FROM matter")
bm catalogue import "$dir/cat.txt" --preview >"$dir/out" 2>&1
grep -q "^new *matter *ZZ-901" "$dir/out" && grep -q "^changed *matter *LY-003" "$dir/out" &&
    grep -q "^retired *matter *SB-004" "$dir/out" && grep -q "^3 differences" "$dir/out"
check $? "import --preview lists exactly the new, changed and retired: $(tr '\n' '|' <"$dir/out")"
[ "$(db "SELECT count(*) FROM matter")" = "$versions" ] &&
    [ "$(db "SELECT count(*) FROM matter_retired WHERE code = 'SB-004'")" = 0 ]
check $? "and writes nothing"
bm catalogue import "$dir/cat.txt" >/dev/null 2>&1 &&
    [ "$(db "SELECT count(*) FROM matter")" = $((versions + 2)) ] &&
    [ "$(db "SELECT count(*) FROM matter_retired WHERE code = 'SB-004'")" = 1 ]
check $? "the import writes what the preview listed"
