# Shared by the shell tests that run the real binary on a throwaway PostgreSQL cluster
# (tests/pg/cluster; sourced, not run): TAP helpers, the binary, a temp directory, and the
# cluster, stopped and removed at the end. The sourcing script sets top and calls
# pg_test_begin NAME PLAN, which sets BIN, tmp, base (the cluster's maintenance database) and
# cluster (its directory).

export LC_ALL=C.UTF-8 LANGUAGE=en
n=0
failed=0
cluster=""

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() {   # description, command...
    what=$1; shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}

pg_test_cleanup() {
    [ -n "$cluster" ] && sh "$top/tests/pg/cluster" stop "$cluster"
    if [ "$failed" -eq 0 ]; then rm -rf "$tmp"; else echo "# kept $tmp"; fi
}

pg_test_begin() {   # name, plan
    BIN=${BIANMIN_BIN:-build/bianmin}
    BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
    tmp=$(mktemp -d "/tmp/bianmin-$1.XXXXXX")
    trap pg_test_cleanup EXIT
    echo "1..$2"
    base=$(sh "$top/tests/pg/cluster" start) || { echo "not ok 1 - the test cluster starts"; exit 1; }
    cluster=$(echo "$base" | sed 's/.*host=\([^&]*\).*/\1/')
}

# The URL of the database called $1 on the test cluster.
pg_url() {
    echo "$base" | sed "s|///postgres?|///$1?|"
}
