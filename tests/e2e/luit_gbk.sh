#!/bin/sh
# The real OpenSSH client behind `luit -encoding GBK` (an old GBK terminal) inside tmux logs
# in to a real `bianmin serve` without sending LANG: the server's probe must find GBK, and the
# home menu must read correctly in Chinese, aligned at 80x24. Then with LANG=zh_CN.GBK sent,
# and with LANG=C.UTF-8 sent (what OpenSSH forwards from the UTF-8 shell luit runs it in): the
# terminal's own answer to the probe must win over that LANG. Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
. "$(dirname "$0")/lib/tmux.sh"
tmux_test_begin luit

echo "1..10"
command -v luit >/dev/null || { echo "not ok 1 - luit is installed"; exit 1; }
start_demo_server agent

for how in probe lang utf8-lang; do
    case $how in
        lang) send="-o SetEnv=LANG=zh_CN.GBK" ;;
        utf8-lang) send="-o SetEnv=LANG=C.UTF-8" ;;
        *) send="" ;;
    esac
    # tmux itself runs in UTF-8; luit turns the GBK bytes from ssh into it, as a GBK terminal
    # would show them.
    pane_run "env -u LANG -u LC_ALL -u LC_CTYPE LC_ALL=C.UTF-8 TERM=xterm luit -encoding GBK -- \
              env -u LC_ALL TERM=xterm $ssh_cmd $send agent@127.0.0.1"
    if wait_pane "===>" 15; then ok "GBK by $how: home menu shown"; else not_ok "GBK by $how: home menu shown"; continue; fi
    sleep 0.3
    tmux -L "$sock" capture-pane -p -t t >"$tmp/pane.txt"
    if sed -n 1p "$tmp/pane.txt" | grep -q "BM100  便民服务.*代办员" &&
       grep -q "1  代办收件" "$tmp/pane.txt" && grep -q "字符集 GBK" "$tmp/pane.txt" &&
       sed -n 23p "$tmp/pane.txt" | grep -q "F1=帮助"; then
        ok "GBK by $how: Chinese reads correctly"
    else
        not_ok "GBK by $how: Chinese reads correctly"
    fi
    widest=$(LC_ALL=C.UTF-8 wc -L <"$tmp/pane.txt")
    if [ "$widest" -le 80 ] && sed -n 1p "$tmp/pane.txt" | grep -q "[0-9][0-9]:[0-9][0-9]$"; then
        ok "GBK by $how: aligned, the date at the end of line 1"
    else
        not_ok "GBK by $how: aligned (widest line $widest)"
    fi
    pane_logout
done
[ "$(grep -c "charset=GBK from=probe" "$tmp/server.log")" -eq 2 ] ||
    { echo "# the server did not log two GBK probes (without LANG, and against LANG=C.UTF-8)"
      failed=$((failed + 1)); }
exit "$failed"
