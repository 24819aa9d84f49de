# Shared by the tests that drive the real OpenSSH client inside tmux (sourced, not run):
# TAP helpers, a demo server on a free port, and waiting for text in the tmux pane.
# The sourcing script sets BIN and calls tmux_test_begin NAME first.

# Text tools and tmux count characters, not bytes, only in a UTF-8 locale; CI may set none.
export LC_ALL=C.UTF-8

n=0
failed=0
server_pid=""

tmux_test_begin() {   # name
    tmp=$(mktemp -d "/tmp/bianmin-$1.XXXXXX")
    sock="bianmin-$1-$$"
    trap tmux_test_cleanup EXIT
}

tmux_test_cleanup() {
    tmux -L "$sock" kill-server 2>/dev/null
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if [ "$failed" -eq 0 ]; then rm -rf "$tmp"; else echo "# kept $tmp"; fi
}

ok() { n=$((n + 1)); echo "ok $n - $1"; }

not_ok() {
    n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
    [ -f "$tmp/pane.txt" ] && sed 's/^/# | /' "$tmp/pane.txt"
    [ -f "$tmp/server.log" ] && tail -5 "$tmp/server.log" | sed 's/^/# log| /'
}

# Demo database, a key for LOGIN, and `bianmin serve` on a port the kernel picks ($port).
start_demo_server() {   # login
    "$BIN" init --demo --data "$tmp/data" >/dev/null || { not_ok "init --demo"; exit 1; }
    ssh-keygen -q -t ed25519 -N "" -C bianmin-test -f "$tmp/key" || { not_ok "ssh-keygen"; exit 1; }
    "$BIN" user key-add "$1" --file "$tmp/key.pub" --data "$tmp/data" >/dev/null ||
        { not_ok "user key-add"; exit 1; }
    "$BIN" serve --listen 127.0.0.1 --port 0 --data "$tmp/data" 2>"$tmp/server.log" &
    server_pid=$!
    i=0
    until grep -q "listening on" "$tmp/server.log" 2>/dev/null; do
        sleep 0.1; i=$((i + 1))
        [ "$i" -gt 200 ] && { not_ok "server started"; exit 1; }
    done
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/server.log")
    ssh_cmd="ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no \
      -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o IdentitiesOnly=yes -i $tmp/key -p $port"
    ok "server started on port $port"
}

# wait_pane TEXT SECONDS: 0 when the pane shows TEXT in time; the pane is in $tmp/pane.txt.
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

# Runs COMMAND in a fresh 80x24 tmux session named t.
# Killing the only session ends the tmux server; a new-session that reaches it while it is
# still exiting fails ("server exited unexpectedly"), so wait for it to go, and try again.
pane_run() {   # command
    tmux -L "$sock" kill-server 2>/dev/null
    i=0
    while tmux -L "$sock" has-session 2>/dev/null && [ "$i" -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    for attempt in 1 2 3; do
        tmux -L "$sock" -f /dev/null new-session -d -s t -x 80 -y 24 "$1; sleep 30" && return 0
        sleep 0.5
    done
    return 1
}

# F10 then y: logs out and waits for the farewell.
pane_logout() {
    tmux -L "$sock" send-keys -t t F10
    wait_pane "现在退出" 5
    tmux -L "$sock" send-keys -t t y
    wait_pane "再见" 10
}
