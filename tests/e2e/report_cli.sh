#!/bin/sh
# Reports and exports at the shell with the real binary on a demo county (clock pinned). The
# CSV for old Excel (--charset gb18030) is the UTF-8 one in GB18030, without the byte-order
# mark; a report's JSON parses. The Open311 GeoReport v2 export: the
# services, the service definitions and the requests of a month each validate against the
# schema written from the specification (tests/schema/, checked with Debian's
# python3-jsonschema), the schema itself refuses a request carrying a phone, and no export
# holds an applicant's ID number or anyone's phone. A refused scope and a bad kind say why.
# A year's report with --progress tells each part counted on standard error, its output the
# same as without. Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/e2e/lib/db.sh"
schema="$top/tests/schema/open311-georeport-v2.schema.json"
export LC_ALL=C.UTF-8 BIANMIN_NOW="2026-11-30 10:00"
tmp=$(mktemp -d /tmp/bianmin-report-cli.XXXXXX)
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
echo "1..15"

# Validates FILE against the schema's $defs/KIND: 0 valid, 1 invalid (says why), 2 and more
# when the check itself could not run.
valid() {   # kind, file
    /usr/bin/python3 - "$schema" "$1" "$2" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
data = json.load(open(sys.argv[3], encoding="utf-8"))
sub = dict(schema)
sub["$ref"] = "#/$defs/" + sys.argv[2]
jsonschema.Draft202012Validator.check_schema(schema)
try:
    jsonschema.Draft202012Validator(sub).validate(data)
except jsonschema.ValidationError as e:
    print("# %s: %s at %s" % (sys.argv[2], e.message, list(e.absolute_path)))
    sys.exit(1)
if not data:
    print("# %s: empty" % sys.argv[2])
    sys.exit(1)
PY
}

"$BIN" init --demo --data "$tmp/d" >/dev/null 2>&1 || { echo "not ok 1 - init --demo"; exit 1; }
"$BIN" export open311 services --data "$tmp/d" >"$tmp/services.json" 2>"$tmp/err" &&
    check "services validate against GeoReport v2" valid services "$tmp/services.json" ||
    not_ok "services export ran: $(cat "$tmp/err")"
"$BIN" export open311 definitions --data "$tmp/d" >"$tmp/definitions.json" 2>"$tmp/err" &&
    check "service definitions validate against GeoReport v2" valid definitions "$tmp/definitions.json" ||
    not_ok "definitions export ran: $(cat "$tmp/err")"
"$BIN" export open311 requests --period 2026-11 --data "$tmp/d" >"$tmp/requests.json" 2>"$tmp/err" &&
    check "the county's requests of November validate against GeoReport v2" valid requests "$tmp/requests.json" ||
    not_ok "requests export ran: $(cat "$tmp/err")"
"$BIN" export open311 requests --from 2026-10-01 --to 2026-10-31 --scope qinglin --data "$tmp/d" \
    >"$tmp/oct.json" 2>"$tmp/err" &&
    check "one centre's requests of October validate too" valid requests "$tmp/oct.json" ||
    not_ok "requests --from --to ran: $(cat "$tmp/err")"

# As many requests as top cases accepted in November.
want=$(db_query "SELECT count(*) FROM bcase WHERE parent_id IS NULL AND accepted_day BETWEEN '2026-11-01' AND '2026-11-30'" "$tmp/d/bianmin.db")
got=$(grep -c '"service_request_id"' "$tmp/requests.json")
check "every case accepted in November is a request ($got of $want)" test "$got" = "$want" -a "$want" -gt 0

# No ID number and no phone of any applicant or member of staff, and nothing shaped like one.
db_query "SELECT id_no FROM applicant WHERE id_no IS NOT NULL UNION SELECT phone FROM applicant WHERE phone != '' UNION SELECT phone FROM account WHERE phone != ''" "$tmp/d/bianmin.db" >"$tmp/personal"
cat "$tmp/services.json" "$tmp/definitions.json" "$tmp/requests.json" "$tmp/oct.json" >"$tmp/all.json"
leaks=$(grep -F -c -f "$tmp/personal" "$tmp/all.json")
shaped=$(grep -E -c '[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}' "$tmp/all.json")
check "no ID number or phone in any export ($(wc -l <"$tmp/personal") checked)" test "$leaks" = 0 -a "$shaped" = 0

# The schema is no rubber stamp: a request with a phone in it fails.
invalid() {   # kind, file: the check ran and found the file invalid
    valid "$1" "$2" >/dev/null 2>&1
    test $? -eq 1
}
sed 's/"status":"closed"/"phone":"13908161234","status":"closed"/' "$tmp/requests.json" >"$tmp/bad.json"
check "the schema refuses a request carrying a phone" invalid requests "$tmp/bad.json"
sed 's/"status":"closed"/"status":"done"/' "$tmp/requests.json" >"$tmp/bad2.json"
check "the schema refuses a status other than open and closed" invalid requests "$tmp/bad2.json"

# Words, not silence, when something is wrong.
if "$BIN" export open311 people --data "$tmp/d" >/dev/null 2>&1; then
    not_ok "an unknown export kind is refused"
else
    ok "an unknown export kind is refused"
fi
if "$BIN" export open311 requests --from 2026-11-15 --to 2026-11-01 --data "$tmp/d" >/dev/null 2>"$tmp/err"; then
    not_ok "a period backwards is refused"
else
    check "a period backwards is refused, saying how to write one" grep -q "2026-W48" "$tmp/err"
fi

# ---- reports: the same figures in every format and charset ----
"$BIN" report channels --period 2026-11 --scope qinglin --format csv --data "$tmp/d" >"$tmp/utf8.csv"
"$BIN" report channels --period 2026-11 --scope qinglin --format csv --charset gb18030 \
    --data "$tmp/d" >"$tmp/gb.csv"
tail -c +4 "$tmp/utf8.csv" >"$tmp/utf8-nobom.csv"
if iconv -f GB18030 -t UTF-8 "$tmp/gb.csv" >"$tmp/gb-back.csv" 2>/dev/null &&
   cmp -s "$tmp/gb-back.csv" "$tmp/utf8-nobom.csv" && ! cmp -s "$tmp/gb.csv" "$tmp/utf8-nobom.csv" &&
   grep -q "窗口" "$tmp/gb-back.csv"; then
    ok "--charset gb18030 gives the same CSV in GB18030, without the byte-order mark"
else
    not_ok "--charset gb18030 gives the same CSV in GB18030, without the byte-order mark"
fi
"$BIN" report monthly --period 2026-W48 --scope qinglin --format json --data "$tmp/d" >"$tmp/week.json"
check "a week's report in JSON parses and names its period" /usr/bin/python3 -c "
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
assert r['period'] == {'label': '2026-W48', 'from': '2026-11-23', 'to': '2026-11-29'}, r['period']
assert r['last_year']['label'] == '2025-W48'
assert any(row['key'] == 'received' for row in r['rows'])
" "$tmp/week.json"
if "$BIN" report monthly --period 2026-13 --data "$tmp/d" >/dev/null 2>"$tmp/err"; then
    not_ok "a month that does not exist is refused"
else
    check "a month that does not exist is refused, saying how to write one" grep -q "2026-Q4" "$tmp/err"
fi

# ---- progress on standard error ----
"$BIN" report yearly --period 2026 --format csv --lang en --data "$tmp/d" >"$tmp/year.csv" \
    2>"$tmp/year.err"
"$BIN" report yearly --period 2026 --format csv --progress --lang en --data "$tmp/d" \
    >"$tmp/year-p.csv" 2>"$tmp/year-p.err"
if [ -s "$tmp/year.csv" ] && cmp -s "$tmp/year.csv" "$tmp/year-p.csv" && [ ! -s "$tmp/year.err" ]
then
    ok "--progress leaves the report as it is; without it, nothing on a file's standard error"
else
    not_ok "--progress leaves the report as it is; without it, nothing on a file's standard error"
fi
check "--progress tells each of the fifteen parts on standard error, the last one last" \
    sh -c '[ "$(grep -c "counted part [0-9]* of 15" "$1")" -eq 15 ] &&
           tail -n 1 "$1" | grep -q "counted part 15 of 15"' - "$tmp/year-p.err"
