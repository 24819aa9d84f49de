"""Self-test of the benchmark's tooling, run by `make check` (tests/e2e/bench_client.sh), so
`make bench` cannot rot between runs: against a demo bianmin, 5 sessions log in at once by
password and 2 by key, each sees the home screen (BM100), one types and every key is answered;
against the peer (OpenSSH sshd + dialog under the bench's private configuration) 2 sessions log
in by key, see the menu and type. Prints TAP lines and the figures it saw; nothing is timed
against a limit.

    python3 tests/bench/selftest.py BIANMIN_BINARY
"""
import asyncio
import os
import shutil
import signal
import sys
import tempfile

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sshbench  # noqa: E402
import sshload  # noqa: E402

failures = 0
count = 0


def result(ok, what):
    global failures, count
    count += 1
    failures += 0 if ok else 1
    print("%s %d - %s" % ("ok" if ok else "not ok", count, what), flush=True)


async def sessions_work(label, target, n):
    """n sessions log in at once and show the first screen; one of them types a few keys."""
    pool = sshload.Pool(target)
    try:
        opened = await pool.open(n, n, stop_after_failures=n)
        result(opened["ok"] == n and pool.alive() == n,
               "%s: %d of %d sessions logged in and showed %s"
               % (label, opened["ok"], n, target.marker.decode()))
        for msg, k in opened["errors"].items():
            print("# %s: %d failed: %s" % (label, k, msg))
        if not opened["ok"]:
            return
        print("# figure: %s login + first screen median %s ms, %d bytes" % (
            label, sshbench.ms(sshbench.pct(opened["login_s"], 50)),
            sshbench.pct(opened["bytes"], 50)))
        result(min(opened["bytes"]) > 0, "%s: every first screen came with bytes" % label)
        typed = await pool.type(1, 10, 1.0)
        result(typed["keys"] >= 2 and typed["unanswered"] == 0,
               "%s: %d keys typed, %d unanswered" % (label, typed["keys"], typed["unanswered"]))
        result(pool.alive() == n, "%s: every session still open after typing" % label)
    finally:
        closed = await pool.close()
    result(closed["closed"] == n, "%s: %d sessions logged out" % (label, closed["closed"]))


async def main_async(binary, work):
    key = os.path.join(work, "client_ed25519")
    sshbench.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
    servers = []
    try:
        ours = sshbench.start_bianmin(binary, work, key + ".pub")
        servers.append(ours)
        by_password = sshload.Target("127.0.0.1", ours.port, "clerk", ours.marker,
                                     password="demo", env=ours.env)
        await sessions_work("bianmin, password", by_password, 5)
        by_key = sshload.Target("127.0.0.1", ours.port, "clerk", ours.marker, key=key,
                                env=ours.env)
        await sessions_work("bianmin, key", by_key, 2)
        result(sshbench.pss_kb(ours.pids()) > 0, "the server's memory can be read")

        peer = sshbench.start_peer(work, key + ".pub")
        servers.append(peer)
        await sessions_work("peer", sshload.Target("127.0.0.1", peer.port, peer.user,
                                                   peer.marker, key=key), 2)
        for _ in range(100):  # sshd's per-login processes end a moment after the logout
            if len(peer.pids()) == 1:
                break
            await asyncio.sleep(0.05)
        result(len(peer.pids()) == 1, "the peer's per-login processes are gone after logout")
    finally:
        for s in servers:
            s.stop()
        sshbench.remove_peer_user()
    for name in ("bianmin.log", "peer.log"):
        path = os.path.join(work, name)
        if failures and os.path.exists(path):
            with open(path) as f:
                for line in f.read().splitlines()[-15:]:
                    print("# %s| %s" % (name, line))


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    # A test runner's timeout ends us with SIGTERM: still stop both servers and remove the user.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sshload.raise_fd_limit()
    work = tempfile.mkdtemp(prefix="bianmin-bench-check.")
    try:
        asyncio.run(main_async(os.path.abspath(sys.argv[1]), work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("1..%d" % count)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
