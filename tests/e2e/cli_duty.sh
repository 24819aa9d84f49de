#!/bin/sh
# The duty roster's shell twin on the demo database, the clock pinned to 2026-11-30: `roster
# show` prints the week with who is on duty and the coverage check (the demo's uncovered
# Sunday 2027-01-10 named); `swap`, `replace`, `add` and `leave` change it as the screen does,
# marked `*`; a clerk's change is refused in core and changes nothing. `appointment` shows a
# day's slots, opens them with a new capacity (the bookings kept) and an extended-hours slot;
# the duty officer may not. Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
dir=$(mktemp -d /tmp/bianmin-cli-duty.XXXXXX)
trap 'rm -rf "$dir"' EXIT
export BIANMIN_NOW="2026-11-30 10:00"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" -eq 0 ]; then ok "$2"; else not_ok "$2"; fi; }
bm() { "$BIN" "$@" --data "$dir/data"; }
day() { bm roster show qinglin --from "$1" --to "$1" | sed -n 2p; }

echo "1..13"
"$BIN" init --demo --data "$dir/data" >/dev/null 2>&1 || { not_ok "init --demo"; exit 1; }

bm roster show qinglin >"$dir/out" 2>&1
grep -q "^2026-11-30 17:30  evening  09:00     孙磊 18781837702$" "$dir/out" &&
    grep -q "^periods with nobody on duty: 0$" "$dir/out"
check $? "roster show: this week's shifts with who is on duty ($(sed -n 2p "$dir/out"))"
bm roster show qinglin --from 2027-01-04 --to 2027-01-10 >"$dir/out" 2>&1
grep -q "^nobody on duty: 2027-01-10 08:30 .. 2027-01-11 09:00 (weekend)$" "$dir/out" &&
    grep -q "^shifts: 郑红 3$" "$dir/out"
check $? "the coverage check names the uncovered Sunday and counts shifts per person"

before=$(day 2026-12-01)
bm roster swap qinglin 2026-12-01 2026-12-02 --user clerk >"$dir/out" 2>&1
[ $? -ne 0 ] && grep -q "无权" "$dir/out" && [ "$(day 2026-12-01)" = "$before" ]
check $? "a clerk's swap is refused and changes nothing: $(cat "$dir/out")"
bm roster swap qinglin 2026-12-01 2026-12-02 --user supervisor >/dev/null 2>&1
day 2026-12-01 | grep -q "  \*  孙磊 " && day 2026-12-02 | grep -q "  \*  郑红 "
check $? "the supervisor swaps two days' people, both marked *"
bm roster replace qinglin 2026-12-03 lijuan >/dev/null 2>&1 && day 2026-12-03 | grep -q "李娟"
check $? "replace gives a shift to someone else"
bm roster add qinglin 2026-12-05 clerk >/dev/null 2>&1 && day 2026-12-05 | grep -q " + 张敏$"
check $? "add puts a second person on a shift"
bm roster replace qinglin 2026-12-03 nobody >"$dir/out" 2>&1
[ $? -ne 0 ] && day 2026-12-03 | grep -q "李娟"
check $? "an unknown login is refused: $(cat "$dir/out")"
bm roster leave lijuan 2026-12-03 2026-12-03 >/dev/null 2>&1 && ! day 2026-12-03 | grep -q "李娟"
check $? "leave takes the person off their shift: $(day 2026-12-03)"
bm roster add qinglin 2026-12-05 >/dev/null 2>&1 && ! day 2026-12-05 | grep -q "张敏"
check $? "add without a login removes the second person"

bm appointment slots qinglin 2026-12-01 >"$dir/out" 2>&1
grep -q "^2026-12-01 09:00-09:30  capacity 4  booked 4$" "$dir/out"
check $? "appointment slots: the demo's full 09:00 ($(head -1 "$dir/out"))"
bm appointment open qinglin --from 2026-12-01 --minutes 30 --capacity 6 --user duty >"$dir/out" 2>&1
[ $? -ne 0 ] && grep -q "无权" "$dir/out" &&
    bm appointment slots qinglin 2026-12-01 | grep -q "^2026-12-01 09:00-09:30  capacity 4 "
check $? "the duty officer may not open slots: $(cat "$dir/out")"
bm appointment open qinglin --from 2026-12-01 --to 2026-12-02 --minutes 30 --capacity 6 --user supervisor >/dev/null 2>&1 &&
    bm appointment slots qinglin 2026-12-01 | grep -q "^2026-12-01 09:00-09:30  capacity 6  booked 4$"
check $? "the centre head opens slots for 6: the 09:00 bookings kept"
bm appointment extended qinglin --from 2026-12-02 --start 18:00 --end 19:30 --capacity 2 --staff duty >/dev/null 2>&1 &&
    bm appointment slots qinglin 2026-12-02 | grep -q "^2026-12-02 18:00-19:30  capacity 2  booked 0  extended hours: 孙磊$"
check $? "an extended-hours slot served by the duty officer"
