#!/bin/sh
# Every message the program can show must be translated in every catalogue (locale/*.po), and
# every catalogue must compile. Messages are extracted afresh from the sources, so a string
# added to the code without a translation fails here. Prints TAP.
# With CATALOGUE_DIR=dir, checks the .po files there instead (used to test this check).
set -u
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8
dir=${CATALOGUE_DIR:-locale}
tmp=$(mktemp -d /tmp/bianmin-po.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --no-location \
    -o "$tmp/raw.pot" tui/*.c core/*.c 2>"$tmp/xgettext.err" ||
    { echo "not ok 1 - xgettext"; sed 's/^/# /' "$tmp/xgettext.err"; exit 1; }
sed 's/charset=CHARSET/charset=UTF-8/' "$tmp/raw.pot" >"$tmp/fresh.pot"
for po in "$dir"/*.po; do
    lang=$(basename "$po" .po)
    n=$((n + 1))
    if msgfmt --check -o /dev/null "$po" 2>"$tmp/err"; then
        echo "ok $n - $lang catalogue compiles"
    else
        failed=$((failed + 1)); echo "not ok $n - $lang catalogue compiles"; sed 's/^/# /' "$tmp/err"
    fi
    n=$((n + 1))
    # Messages of the sources that the catalogue lacks or leaves untranslated.
    msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/fresh.pot" 2>/dev/null
    msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po" 2>/dev/null |
        grep '^msgid ' | grep -v '^msgid ""$' >"$tmp/missing"
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/merged.po" 2>/dev/null |
        grep '^msgid ' | grep -v '^msgid ""$' >>"$tmp/missing"
    if [ -s "$tmp/missing" ]; then
        failed=$((failed + 1))
        echo "not ok $n - $lang catalogue translates every message ($(wc -l <"$tmp/missing") missing)"
        sed 's/^/# missing: /' "$tmp/missing" | head -20
    else
        echo "ok $n - $lang catalogue translates every message"
    fi
done
[ "$n" -ge 4 ] || { echo "not ok $((n + 1)) - zh_CN and en catalogues present"; failed=$((failed + 1)); }
exit "$failed"
