#!/bin/sh
# 12345 hotline work orders from the command line, with the real binary on a demo database:
# `orders import` of a file with one bad row exits non-zero naming its line and enters
# nothing; a good file (GB18030, as the platform exports it) is entered whole into the user's
# centre; `orders export` writes the answered orders in the same CSV shape, to standard
# output or to a file readable by its owner only, in GB18030 when asked. Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
export LC_ALL=C.UTF-8 LANGUAGE=en
dir=$(mktemp -d /tmp/bianmin-cli-orders.XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" -eq 0 ]; then ok "$2"; else not_ok "$2"; fi; }
. "$(dirname "$0")/lib/db.sh"
count() { db_query "SELECT count(*) FROM work_order;" "$dir/data/bianmin.db"; }

echo "1..10"
"$BIN" init --demo --data "$dir/data" >/dev/null 2>&1 || { not_ok "init --demo"; exit 1; }
before=$(count)

header="工单编号,受理时间,诉求类型,来电人,联系电话,诉求摘要,所属村"
{
    echo "$header"
    echo "GD2026CLI0001,2026-11-02 09:10,咨询,张三,13800000001,咨询医保缴费,新桥村"
    echo "GD2026CLI0002,2026-11-02 09:20,来访,李四,13800000002,反映路灯不亮,"
    echo "GD2026CLI0003,2026-11-02 09:30,投诉,,,噪音扰民,白岩村"
} >"$dir/bad.csv"
"$BIN" orders import "$dir/bad.csv" --user duty --data "$dir/data" >"$dir/out" 2>"$dir/err"
rc=$?
[ "$rc" -ne 0 ] && grep -q "bad.csv line 3" "$dir/err"
check $? "a file with a bad row is refused, naming its line"
sed 's/^/# /' "$dir/err"
[ "$(count)" = "$before" ]
check $? "nothing of that file is entered"

i=1
{
    echo "$header"
    while [ "$i" -le 50 ]; do
        printf 'GD2026CLI1%03d,2026-11-%02d 10:00,求助,王五,1390000%04d,自来水停水第%d件,白岩村\n' \
            "$i" $((2 + i % 20)) "$i" "$i"
        i=$((i + 1))
    done
} | iconv -f UTF-8 -t GB18030 >"$dir/good.csv"
"$BIN" orders import "$dir/good.csv" --user duty --data "$dir/data" >"$dir/out" 2>"$dir/err"
check $? "a good GB18030 file imports"
grep -q "imported 50 orders" "$dir/out"
check $? "the import says how many orders it entered"
[ "$(count)" = "$((before + 50))" ]
check $? "every order of the good file is entered"
[ "$(db_query "SELECT summary FROM work_order WHERE no = 'GD2026CLI1007';" "$dir/data/bianmin.db")" = "自来水停水第7件" ]
check $? "the text of a GB18030 file arrives as written"

"$BIN" orders import "$dir/good.csv" --data "$dir/data" >"$dir/out" 2>"$dir/err"
[ "$?" -ne 0 ] && grep -q -- "--user" "$dir/err"
check $? "an import without --user is refused, saying what to give"

# the demo's answered orders are at 石桥镇, whose duty officer is luoyong
"$BIN" orders export --user luoyong --data "$dir/data" >"$dir/export.csv" 2>"$dir/err"
check $? "export to standard output exits 0"
head -1 "$dir/export.csv" | grep -q '^"工单编号","受理时间","诉求类型"' &&
    grep -q '^"SC2026[0-9]*",.*"已办结","电话"' "$dir/export.csv"
check $? "the export has the platform's header and the answered orders"

"$BIN" orders export --user luoyong --gb18030 --out "$dir/export-gb.csv" --data "$dir/data" \
    >/dev/null 2>"$dir/err"
[ "$?" -eq 0 ] && [ "$(stat -c %a "$dir/export-gb.csv")" = 600 ] &&
    iconv -f GB18030 -t UTF-8 "$dir/export-gb.csv" | cmp -s - "$dir/export.csv"
check $? "export --out writes the same orders in GB18030, readable by its owner only"
