#!/bin/sh
# The layers lint catches what it is there for: run on a small tree with an include loop in
# core/, forms/ using core/, SQLite outside the store and an oversized screen, it must fail and
# name each file with its rule; on the same tree without them it must pass. Prints TAP.
set -u
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d /tmp/bianmin-layers-catches.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/core" "$tmp/forms" "$tmp/tui/screens" "$tmp/tests/lint"
cp tests/lint/layers.sh "$tmp/tests/lint/"
printf '#include "core/store.h"\n' >"$tmp/core/a.h"
printf '/* the seam */\n' >"$tmp/core/store.h"
printf '#include "core/store.h"\nint f(void) { return sqlite3_open(0, 0); }\n' >"$tmp/core/store_sqlite.c"
printf '#include "forms/form.h"\n' >"$tmp/forms/form.c"
printf '/* small */\n' >"$tmp/tui/screens/scr_small.c"
n=0
failed=0
check() {   # description, command...
    n=$((n + 1))
    d=$1; shift
    if "$@"; then echo "ok $n - $d"; else echo "not ok $n - $d"; failed=$((failed + 1)); fi
}
quiet() { "$@" >/dev/null 2>&1; }
check "a clean tree passes" quiet sh "$tmp/tests/lint/layers.sh"

# Break every rule at once.
printf '#include "core/b.h"\n' >"$tmp/core/a.h"
printf '#include "core/a_internal.h"\n' >"$tmp/core/b.h"
printf '#include "core/b.h"\n' >"$tmp/core/a_internal.h"
printf '#include "core/a.h"\n' >"$tmp/forms/form.c"
printf '#include "tui/app.h"\n' >"$tmp/core/c.c"
printf 'int g(void) { return sqlite3_close(0); }\n' >"$tmp/core/case.c"
i=0
while [ $i -lt 650 ]; do echo "int x$i;"; i=$((i + 1)); done >"$tmp/tui/screens/scr_big.c"
out=$(sh "$tmp/tests/lint/layers.sh")
rc=$?
check "a broken tree fails" [ "$rc" -ne 0 ]
has() { printf '%s\n' "$out" | grep -q "$1"; }
check "the loop is named with its includes" has '^# a -> b (core/a.h includes core/b.h)'
check "the loop's way back is named" has '^# b -> a (core/b.h includes core/a_internal.h)'
check "forms/ using core/ is named" has '^# forms/form.c:1 breaks the layering'
check "core/ using tui/ is named" has '^# core/c.c:1 breaks the layering'
check "SQLite outside the store is named" has '^# core/case.c:1 speaks SQLite outside'
check "the oversized screen is named" has '^# tui/screens/scr_big.c is 650 lines, over 600'
echo "1..$n"
[ "$failed" -eq 0 ]
