#!/bin/sh
# The real OpenSSH client, inside tmux at 80x24, logs in to a real `bianmin serve` with each
# terminal type a township PC is likely to have, and the home menu must read correctly:
# title line with screen id, role and centre; the menu; the legend on line 23; every line
# within 80 columns; F10 then y logs out and ssh exits. Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
. "$(dirname "$0")/lib/tmux.sh"
tmux_test_begin openssh

TERMS="xterm-256color vt100 linux putty"
echo "1..$(( $(echo $TERMS | wc -w) * 4 + 1 ))"
start_demo_server clerk

for term in $TERMS; do
    pane_run "TERM=$term $ssh_cmd clerk@127.0.0.1"
    if wait_pane "===>" 15; then ok "$term: home menu shown"; else not_ok "$term: home menu shown"; continue; fi
    sleep 0.3
    tmux -L "$sock" capture-pane -p -t t >"$tmp/pane.txt"
    title=$(sed -n 1p "$tmp/pane.txt")
    legend=$(sed -n 23p "$tmp/pane.txt")
    if echo "$title" | grep -q "BM100" && echo "$title" | grep -q "窗口人员" &&
       echo "$title" | grep -q "便民服务中心" && grep -q "1  受理办件" "$tmp/pane.txt" &&
       echo "$legend" | grep -q "F1=帮助"; then
        ok "$term: title, menu and legend in place"
    else
        not_ok "$term: title, menu and legend in place"
    fi
    # Display width of the widest line (wc -L counts a Chinese character as two columns).
    widest=$(LC_ALL=C.UTF-8 wc -L <"$tmp/pane.txt")
    rule=$(sed -n 2p "$tmp/pane.txt")
    if [ "$widest" -le 80 ] && echo "$rule" | grep -Eq '^(─{79}|q{79}|-{79})$'; then
        ok "$term: lines fit 80 columns, rule drawn across"
    else
        echo "# widest line: $widest columns; rule: $rule"
        not_ok "$term: lines fit 80 columns, rule drawn across"
    fi
    if pane_logout; then ok "$term: F10 y logs out"; else not_ok "$term: F10 y logs out"; fi
done

exit "$failed"
