#!/bin/sh
# What `bianmin serve` does on an unlucky day, tried with the real binary and the real OpenSSH
# client: `ssh host cmd </dev/null` is refused with its reason, exit status, log line and
# audit entry; a second server on the same data directory is refused while the first keeps
# serving; the log names the host key's real type; a connection over the session limit is
# told the server is full; a disk too full for the new host key
# makes serve refuse to start, never announce a key it did not save, never leave an empty one;
# a read-only database starts with a loud warning. The full disk is a tmpfs and the read-only
# database needs a second user: both need root (CI is root) and are skipped otherwise, saying
# so. Prints TAP.
set -u
BIN=${BIANMIN_BIN:-build/bianmin}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
. "$(dirname "$0")/lib/tmux.sh"
tmux_test_begin serve-start

# start_and_stop OUT COMMAND...: runs a server until it listens (or gives up), then stops it;
# what it said is in OUT.
start_and_stop() {
    out=$1; shift
    "$@" >"$out" 2>&1 &
    pid=$!
    i=0
    while kill -0 "$pid" 2>/dev/null && ! grep -q "listening on" "$out" && [ "$i" -lt 100 ]; do
        sleep 0.1; i=$((i + 1))
    done
    kill "$pid" 2>/dev/null
    wait "$pid"
}

echo "1..10"
start_demo_server clerk

# ---- a command with its input closed: refused, and the refusal on record ----
runs=5
good=0
for i in $(seq $runs); do
    $ssh_cmd clerk@127.0.0.1 ls </dev/null >"$tmp/exec.out" 2>&1
    rc=$?
    if [ "$rc" -eq 1 ] && grep -q "不执行命令" "$tmp/exec.out"; then
        good=$((good + 1))
    else
        echo "# ssh clerk@host ls </dev/null: exit $rc, said: $(cat "$tmp/exec.out")"
    fi
done
if [ "$good" -eq "$runs" ]; then ok "ssh host cmd </dev/null: exit status 1 and the reason, $runs of $runs"
else not_ok "ssh host cmd </dev/null: exit status 1 and the reason ($good of $runs)"; fi
logged=$(grep -c 'refused user=clerk .*request="exec"' "$tmp/server.log")
ended=$(grep -c 'logout user=clerk .*reason="exec"' "$tmp/server.log")
audited=$(sqlite3 "$tmp/data/bianmin.db" \
          "SELECT count(*) FROM audit WHERE what = 'refused' AND note = 'exec'" 2>&1)
if [ "$logged" -eq "$runs" ] && [ "$ended" -eq "$runs" ] && [ "$audited" = "$runs" ]; then
    ok "each refused command is in the log and the audit"
else
    not_ok "each refused command is in the log and the audit (log $logged, ended $ended, audit $audited)"
fi

# ---- one server per data directory ----
"$BIN" serve --listen 127.0.0.1 --port 0 --data "$tmp/data" >"$tmp/second.out" 2>&1 &
second=$!
i=0
while kill -0 "$second" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$second" 2>/dev/null; then
    kill "$second"; wait "$second"
    not_ok "a second serve on the same data directory is refused (it started)"
else
    wait "$second"; rc=$?
    if [ "$rc" -ne 0 ] && grep -q "already serving the data directory" "$tmp/second.out"; then
        ok "a second serve on the same data directory is refused, with the reason"
    else
        not_ok "a second serve is refused with the reason (exit $rc: $(cat "$tmp/second.out"))"
    fi
fi
if $ssh_cmd clerk@127.0.0.1 ls </dev/null 2>&1 | grep -q "不执行命令"; then
    ok "the first server still answers"
else
    not_ok "the first server still answers"
fi
if grep -q "hostkey-created .*(ssh-ed25519)" "$tmp/server.log"; then
    ok "the log names the host key's type"
else
    not_ok "the log names the host key's type"
fi

# ---- over the session limit: OpenSSH shows the reason ----
kill "$server_pid"; wait "$server_pid"
"$BIN" serve --listen 127.0.0.1 --port "$port" --data "$tmp/data" --max-sessions 1 \
    2>"$tmp/server.log" &
server_pid=$!
i=0
until grep -q "listening on" "$tmp/server.log" || [ "$i" -gt 100 ]; do sleep 0.1; i=$((i + 1)); done
(sleep 6 | $ssh_cmd -tt clerk@127.0.0.1 >/dev/null 2>&1 &)
i=0
until grep -q "session user=clerk" "$tmp/server.log" || [ "$i" -gt 100 ]; do sleep 0.1; i=$((i + 1)); done
# At OpenSSH's usual log level, where banners are shown.
ssh_info=$(echo "$ssh_cmd" | sed 's/LogLevel=ERROR/LogLevel=INFO/')
LC_ALL=C.UTF-8 $ssh_info clerk@127.0.0.1 </dev/null >"$tmp/full-sessions.out" 2>&1
if grep -q "服务器已满，请稍后再试" "$tmp/full-sessions.out" &&
   grep -q "The server is full" "$tmp/full-sessions.out"; then
    ok "over the session limit, OpenSSH shows that the server is full, in both languages"
else
    not_ok "over the session limit, OpenSSH shows that the server is full"
    sed 's/^/# ssh: /' "$tmp/full-sessions.out"
fi

# ---- a disk too full for the new host key ----
if [ "$(id -u)" -ne 0 ]; then
    ok "# SKIP full disk: needs root to mount a tmpfs (CI runs as root)"
    ok "# SKIP full disk: needs root"
else
    # The database needs 32 KB for its shared-memory file before the key is written; the
    # free space is stepped across that so that some start meets a disk with no room left
    # for the key. Each start must either refuse (no fingerprint announced, no key file
    # left) or announce the fingerprint of a complete key on disk.
    mnt="$tmp/full"
    mkdir -p "$mnt"
    broken=0
    refused_for_key=0
    for free in 28 32 36 40; do
        if ! mount -t tmpfs -o size=3m,mode=0700 tmpfs "$mnt"; then
            echo "# cannot mount a tmpfs"; broken=$((broken + 1)); break
        fi
        cp "$tmp/data/bianmin.db" "$mnt/"
        dd if=/dev/zero of="$mnt/fill" bs=4k >/dev/null 2>&1
        truncate -s "-${free}K" "$mnt/fill"
        start_and_stop "$tmp/full.out" "$BIN" serve --listen 127.0.0.1 --port 0 --data "$mnt"
        announced=$(sed -n 's/.*its fingerprint is \(SHA256:[^ ]*\).*/\1/p' "$tmp/full.out")
        if grep -q "listening on" "$tmp/full.out"; then
            on_disk=$(ssh-keygen -lf "$mnt/host_ed25519" 2>/dev/null | awk '{print $2}')
            if [ -z "$announced" ] || [ "$announced" != "$on_disk" ]; then
                echo "# ${free} KB free: started, announced \"$announced\", key on disk \"$on_disk\""
                ls -l "$mnt" | sed 's/^/# /'
                broken=$((broken + 1))
            fi
        else
            grep -q "cannot save the new host key" "$tmp/full.out" &&
                refused_for_key=$((refused_for_key + 1))
            if [ -n "$announced" ] || [ -e "$mnt/host_ed25519" ] ||
               ls "$mnt" | grep -q "host_ed25519.tmp"; then
                echo "# ${free} KB free: refused but announced \"$announced\" or left a key file"
                ls -l "$mnt" | sed 's/^/# /'
                broken=$((broken + 1))
            fi
        fi
        sed 's/^/# serve: /' "$tmp/full.out" | grep -v "^# serve: .*listening" | head -3
        umount "$mnt"
    done
    if [ "$broken" -eq 0 ]; then ok "full disk: no empty key, no key announced that is not on disk"
    else not_ok "full disk: no empty key, no key announced that is not on disk"; fi
    if [ "$refused_for_key" -ge 1 ]; then ok "full disk: serve refuses, saying the host key cannot be saved"
    else not_ok "full disk: serve refuses, saying the host key cannot be saved"; fi
fi

# ---- a read-only database ----
if [ "$(id -u)" -ne 0 ]; then
    ok "# SKIP read-only database: needs root to run the server as another user"
else
    kill "$server_pid"; wait "$server_pid"; server_pid=""
    # The server runs as nobody: the database file stays root's, the directory is nobody's
    # (so the host key and the database's side files can be made).
    chown nobody "$tmp/data" "$tmp/data/host_ed25519"
    chmod 0755 "$tmp" "$tmp/data"
    chmod 0644 "$tmp/data/bianmin.db"
    start_and_stop "$tmp/ro.out" setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$BIN" serve --listen 127.0.0.1 --port 0 --data "$tmp/data"
    if grep -q "listening on" "$tmp/ro.out" && grep -q "WARNING: the database is READ-ONLY" "$tmp/ro.out" &&
       grep -q "warning database read-only" "$tmp/ro.out"; then
        ok "a read-only database starts with a loud warning"
    else
        not_ok "a read-only database starts with a loud warning"
        sed 's/^/# /' "$tmp/ro.out"
    fi
fi
exit "$failed"
