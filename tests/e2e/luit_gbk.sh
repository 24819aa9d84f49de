#!/bin/sh
# The real OpenSSH client behind `luit -encoding GBK` (an old GBK terminal) inside tmux logs
# in to a real `bianmin serve` without sending LANG: the server's probe must find GBK, and the
# home menu must read correctly in Chinese, aligned at 80x24. Then with LANG=zh_CN.GBK sent.
# Prints TAP.
set -u

BIN=${BIANMIN_BIN:-build/bianmin}
tmp=$(mktemp -d /tmp/bianmin-luit.XXXXXX)
sock="bianmin-luit-$$"
server_pid=""
n=0
failed=0

cleanup() {
    tmux -L "$sock" kill-server 2>/dev/null
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if [ "$failed" -eq 0 ]; then rm -rf "$tmp"; else echo "# kept $tmp"; fi
}
trap cleanup EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
    [ -f "$tmp/pane.txt" ] && sed 's/^/# | /' "$tmp/pane.txt"
    [ -f "$tmp/server.log" ] && tail -5 "$tmp/server.log" | sed 's/^/# log| /'
}

wait_pane() {
    i=0
    while [ "$i" -lt $(($2 * 10)) ]; do
        tmux -L "$sock" capture-pane -p -t t >"$tmp/pane.txt" 2>/dev/null
        grep -qF "$1" "$tmp/pane.txt" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

echo "1..7"
command -v luit >/dev/null || { echo "not ok 1 - luit is installed"; exit 1; }
"$BIN" init --demo --data "$tmp/data" >/dev/null || { not_ok "init --demo"; exit 1; }
ssh-keygen -q -t ed25519 -N "" -C bianmin-test -f "$tmp/key" || { not_ok "ssh-keygen"; exit 1; }
"$BIN" user key-add agent --file "$tmp/key.pub" --data "$tmp/data" >/dev/null ||
    { not_ok "user key-add"; exit 1; }
"$BIN" serve --listen 127.0.0.1 --port 0 --data "$tmp/data" 2>"$tmp/server.log" &
server_pid=$!
i=0
until grep -q "listening on" "$tmp/server.log" 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
    [ "$i" -gt 200 ] && { not_ok "server started"; exit 1; }
done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/server.log")
ok "server started on port $port"

ssh_cmd="ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no \
  -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o IdentitiesOnly=yes -i $tmp/key -p $port"

for how in probe lang; do
    if [ "$how" = lang ]; then send="-o SetEnv=LANG=zh_CN.GBK"; else send=""; fi
    tmux -L "$sock" kill-session -t t 2>/dev/null
    # tmux itself runs in UTF-8; luit turns the GBK bytes from ssh into it, as a GBK terminal
    # would show them.
    tmux -L "$sock" -f /dev/null new-session -d -s t -x 80 -y 24 \
        "env -u LANG -u LC_ALL -u LC_CTYPE LC_ALL=C.UTF-8 TERM=xterm luit -encoding GBK -- \
         env -u LC_ALL TERM=xterm $ssh_cmd $send agent@127.0.0.1; sleep 30"
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
    tmux -L "$sock" send-keys -t t F10
    wait_pane "现在退出" 5
    tmux -L "$sock" send-keys -t t y
    wait_pane "再见" 10
done
grep -q "charset=GBK from=probe" "$tmp/server.log" || { echo "# the server did not log a GBK probe"; failed=$((failed + 1)); }
exit "$failed"
