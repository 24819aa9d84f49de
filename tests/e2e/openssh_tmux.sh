#!/bin/sh
# The real OpenSSH client, inside tmux at 80x24, logs in to a real `bianmin serve` with each
# terminal type a township PC is likely to have, and the home menu must read correctly:
# title line with screen id, role and centre; the menu; the legend on line 23; every line
# within 80 columns; F10 then y logs out and ssh exits. Prints TAP.
set -u

BIN=${BIANMIN_BIN:-build/bianmin}
TERMS="xterm-256color vt100 linux putty"
tmp=$(mktemp -d /tmp/bianmin-openssh.XXXXXX)
sock="bianmin-test-$$"
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
}

# wait_pane TEXT SECONDS: 0 when the pane shows TEXT in time.
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

echo "1..$(( $(echo $TERMS | wc -w) * 4 + 1 ))"

"$BIN" init --demo --data "$tmp/data" >/dev/null || { not_ok "init --demo"; exit 1; }
ssh-keygen -q -t ed25519 -N "" -C bianmin-test -f "$tmp/key" || { not_ok "ssh-keygen"; exit 1; }
"$BIN" user key-add clerk --file "$tmp/key.pub" --data "$tmp/data" >/dev/null ||
    { not_ok "user key-add"; exit 1; }
# Port 0: the kernel picks a free port and the server says which.
"$BIN" serve --listen 127.0.0.1 --port 0 --data "$tmp/data" 2>"$tmp/server.log" &
server_pid=$!
i=0
until grep -q "listening on" "$tmp/server.log" 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
    [ "$i" -gt 200 ] && { cat "$tmp/server.log"; not_ok "server started"; exit 1; }
done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/server.log")
ok "server started on port $port"

for term in $TERMS; do
    tmux -L "$sock" kill-session -t t 2>/dev/null
    tmux -L "$sock" -f /dev/null new-session -d -s t -x 80 -y 24 \
        "TERM=$term ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no \
         -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o IdentitiesOnly=yes \
         -i $tmp/key -p $port clerk@127.0.0.1; sleep 30"
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
    tmux -L "$sock" send-keys -t t F10
    wait_pane "现在退出" 5
    tmux -L "$sock" send-keys -t t y
    if wait_pane "已退出。再见！" 10; then ok "$term: F10 y logs out"; else not_ok "$term: F10 y logs out"; fi
done

exit "$failed"
