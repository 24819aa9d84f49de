#!/bin/sh
# The shape of the house: core/'s modules include each other without a loop; forms/ stands
# alone (nothing from core/ or tui/); core/ includes nothing from tui/ or forms/; only the
# SQLite store speaks SQLite's API; screens stay under 600 lines and every .c file under 900
# (generated and demo data aside). Prints TAP; each failure names the file and the rule.
#
# A module is a file name without .c / .h and without an _internal suffix, so db.c, db.h and
# db_internal.h are the module "db"; an include from one module of core/ to another is an
# edge, and coreutils' tsort finds any loop among them.
set -u
cd "$(dirname "$0")/../.." || exit 1
export LC_ALL=C
[ -d core ] && [ -d forms ] && [ -d tui ] || { echo "not ok 1 - not run from the project"; exit 1; }
n=0
failed=0
tmp=$(mktemp -d /tmp/bianmin-layers.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

result() {   # ok(0/1), description, [details file]
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=$((failed + 1))
        [ -n "${3:-}" ] && sed 's/^/# /' "$3"
    fi
}

module() {   # core/x_internal.h -> x
    basename "$1" | sed -e 's/\.[ch]$//' -e 's/_internal$//'
}

# 1. No loop among core/'s modules.
: >"$tmp/edges"
: >"$tmp/lines"
for f in core/*.c core/*.h; do
    from=$(module "$f")
    grep -o '^#include "core/[^"]*"' "$f" | sed 's/^#include "\(.*\)"/\1/' | while read -r h; do
        to=$(module "$h")
        [ "$from" = "$to" ] && continue
        echo "$from $to" >>"$tmp/edges"
        echo "$from -> $to ($f includes $h)" >>"$tmp/lines"
    done
done
if tsort "$tmp/edges" >/dev/null 2>"$tmp/loop"; then
    result 0 "core/ include graph has no loop"
else
    # tsort names the modules of a loop; show the includes that join them.
    sed -n 's/^tsort: //p' "$tmp/loop" | grep -v 'input contains a loop' >"$tmp/members"
    : >"$tmp/why"
    while read -r m; do
        grep "^$m -> " "$tmp/lines" | while read -r line; do
            to=$(echo "$line" | awk '{print $3}')
            grep -qx "$to" "$tmp/members" && echo "$line" >>"$tmp/why"
        done
    done <"$tmp/members"
    echo "core/ modules include each other in a loop:" | cat - "$tmp/why" >"$tmp/report"
    result 1 "core/ include graph has no loop" "$tmp/report"
fi

# 2-3. Layers: forms/ uses neither core/ nor tui/; core/ uses neither tui/ nor forms/.
layer() {   # dir, forbidden-regex, description
    grep -n "^#include \"\\($2\\)/" "$1"/*.c "$1"/*.h 2>/dev/null |
        sed 's/^\([^:]*\):\([0-9]*\):\(.*\)/\1:\2 breaks the layering: \3/' >"$tmp/layer"
    if [ -s "$tmp/layer" ]; then result 1 "$3" "$tmp/layer"; else result 0 "$3"; fi
}
layer forms 'core\|tui' "forms/ includes nothing from core/ or tui/"
layer core 'tui\|forms' "core/ includes nothing from tui/ or forms/"

# 4. SQLite's API only in the SQLite store.
grep -n 'sqlite3_' core/*.c core/*.h | grep -v '^core/store_sqlite\.c:' |
    sed 's/^\([^:]*:[0-9]*\):.*/\1 speaks SQLite outside core\/store_sqlite.c/' >"$tmp/sqlite"
if [ -s "$tmp/sqlite" ]; then
    result 1 "sqlite3_ only in core/store_sqlite.c" "$tmp/sqlite"
else
    result 0 "sqlite3_ only in core/store_sqlite.c"
fi

# 5. File sizes. Files still waiting for their split are named here, one by one; delete a
# line when its split lands.
waiting() {
    case "$1" in
    esac
    return 1
}
size_check() {   # file, limit, what
    lines=$(wc -l <"$1")
    [ "$lines" -le "$2" ] && return 0
    if waiting "$1"; then
        n=$((n + 1))
        echo "ok $n - $1 is $lines lines, over $2 for $3 # SKIP until its split lands"
        return 0
    fi
    echo "$1 is $lines lines, over $2 for $3" >>"$tmp/sizes"
}
: >"$tmp/sizes"
for f in tui/screens/scr_*.c; do
    size_check "$f" 600 "a screen"
done
for f in $(find core forms tui tests -name '*.c' | sort); do
    case "$f" in
    core/demo_cases.c|*/gen/*) continue ;;   # demo data and generated data
    esac
    size_check "$f" 900 "a .c file"
done
if [ -s "$tmp/sizes" ]; then
    result 1 "screens under 600 lines, .c files under 900" "$tmp/sizes"
else
    result 0 "screens under 600 lines, .c files under 900"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
