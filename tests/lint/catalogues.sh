#!/bin/sh
# Every message the program can show must be translated in the UI catalogues (zh_CN, en),
# every other catalogue (an applicant language for printouts: bo, ii …) must list every message
# of the printed documents, and every catalogue must compile. Messages are extracted afresh
# from the sources, so a string added to the code without a translation fails here.
# Prints TAP. With CATALOGUE_DIR=dir, checks the .po files there instead (to test this check).
set -u
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8
UI_LANGS="zh_CN en"
dir=${CATALOGUE_DIR:-locale}
tmp=$(mktemp -d /tmp/bianmin-po.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

extract() {   # output, sources...
    out=$1; shift
    xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --no-location -o "$tmp/raw.pot" "$@" \
        2>"$tmp/xgettext.err" || { echo "not ok 1 - xgettext"; sed 's/^/# /' "$tmp/xgettext.err"; exit 1; }
    sed 's/charset=CHARSET/charset=UTF-8/' "$tmp/raw.pot" >"$out"
}
extract "$tmp/ui.pot" tui/*.c tui/*/*.c core/*.c
extract "$tmp/print.pot" tui/kit/receipt.c

for po in "$dir"/*.po; do
    lang=$(basename "$po" .po)
    n=$((n + 1))
    if msgfmt --check -o /dev/null "$po" 2>"$tmp/err"; then
        echo "ok $n - $lang catalogue compiles"
    else
        failed=$((failed + 1)); echo "not ok $n - $lang catalogue compiles"; sed 's/^/# /' "$tmp/err"
    fi
    n=$((n + 1))
    msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/ui.pot" 2>/dev/null
    case " $UI_LANGS " in
    *" $lang "*)
        # Messages of the sources that the catalogue lacks or leaves untranslated.
        { msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po"
          msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/merged.po"; } 2>/dev/null |
            grep '^msgid ' | grep -v '^msgid ""$' >"$tmp/missing"
        what="translates every message"
        ;;
    *)
        # A printout catalogue may leave messages untranslated, but must list them all.
        msgcomm --more-than=1 --no-wrap --no-location "$tmp/print.pot" "$po" 2>/dev/null |
            grep '^msgid ' | sort >"$tmp/have"
        grep '^msgid ' "$tmp/print.pot" | sort | comm -23 - "$tmp/have" | grep -v '^msgid ""$' \
            >"$tmp/missing"
        what="lists every message of the printed documents"
        ;;
    esac
    if [ -s "$tmp/missing" ]; then
        failed=$((failed + 1))
        echo "not ok $n - $lang catalogue $what ($(wc -l <"$tmp/missing") missing)"
        sed 's/^/# missing: /' "$tmp/missing" | head -20
    else
        echo "ok $n - $lang catalogue $what"
    fi
done
for lang in $UI_LANGS; do
    [ -f "$dir/$lang.po" ] || { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $lang catalogue present"; }
done
exit "$failed"
