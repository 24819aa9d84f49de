#!/bin/sh
# The catalogue check must fail when a translation is removed: copies the catalogues, empties
# one Chinese translation, and expects tests/lint/catalogues.sh to report it. Prints TAP.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/bianmin-po-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp locale/*.po "$tmp/"
# Blank the translation of the home menu's prompt.
awk 'prev == "msgid \"Choose ===>\"" && /^msgstr/ { print "msgstr \"\""; prev = ""; next }
     { print; prev = $0 }' locale/zh_CN.po >"$tmp/zh_CN.po"
if grep -q '^msgid "Choose ===>"' "$tmp/zh_CN.po" && ! cmp -s locale/zh_CN.po "$tmp/zh_CN.po"; then
    echo "ok 1 - a translation was removed from a copy of zh_CN.po"
else
    echo "not ok 1 - could not remove a translation from the copy"; exit 1
fi
out=$(CATALOGUE_DIR="$tmp" sh tests/lint/catalogues.sh 2>&1)
if echo "$out" | grep -q '^not ok .*zh_CN catalogue translates every message' &&
   echo "$out" | grep -q 'missing: msgid "Choose ===>"'; then
    echo "ok 2 - the catalogue check reports the missing translation"
else
    echo "not ok 2 - the catalogue check did not catch it"; echo "$out" | sed 's/^/# /'; exit 1
fi
# A printout catalogue missing a document message is caught too.
awk '$0 == "msgid \"Notice of corrections\"" { skip = 2 } skip > 0 { skip--; next } { print }' \
    locale/bo.po >"$tmp/bo.po"
out=$(CATALOGUE_DIR="$tmp" sh tests/lint/catalogues.sh 2>&1)
if echo "$out" | grep -q '^not ok .*bo catalogue lists every message' &&
   echo "$out" | grep -q 'missing: msgid "Notice of corrections"'; then
    echo "ok 3 - a printout catalogue lacking a document message is reported"
else
    echo "not ok 3 - the printout catalogue gap was not caught"; echo "$out" | sed 's/^/# /'; exit 1
fi
