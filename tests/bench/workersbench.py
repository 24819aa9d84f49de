"""Workers benchmark: bianmin's `serve --workers N` with 1, 2 and 4 worker processes behind one
port, on SQLite and on PostgreSQL (a throwaway cluster, tests/pg/cluster), measured by the same
load client as the side-by-side benchmark (sshload.py). For each store and each N: logins a
second for a burst of simultaneous logins, and the time from a key to its answer while many
sessions type. Prints one table, store x workers; figures only, never a pass or fail.

    python3 tests/bench/workersbench.py BIANMIN_BINARY

Sizes from the environment (defaults in brackets; BENCH_QUICK=1 takes the small ones):
    BENCH_WORKER_BURST    simultaneous logins                [200]  quick: 50
    BENCH_WORKER_TYPISTS  sessions that type at once         [100]  quick: 20
    BENCH_RATE            keys a second per typing session   [5]
    BENCH_TYPE_SECS       seconds of typing                  [5]    quick: 3
A build whose `serve` refuses --workers is measured with one process and says so for 2 and 4.
"""
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from sshbench import (Client, Server, cpu_seconds_between, cpu_ticks,  # noqa: E402
                      env_int, group, machine, ms, pct, run, tree)

TOP = os.path.dirname(os.path.dirname(HERE))
BURST = env_int("BENCH_WORKER_BURST", 200, 50)
TYPISTS = env_int("BENCH_WORKER_TYPISTS", 100, 20)
RATE = env_int("BENCH_RATE", 5)
TYPE_SECS = env_int("BENCH_TYPE_SECS", 5, 3)
WORKERS = (1, 2, 4)
CLIENTS = 2          # load-client processes, so the client's Python is not one core's worth
NOW = "2026-11-24 10:00:00"
T0 = time.monotonic()


def say(text):
    print("bench-workers: %4.0f s  %s" % (time.monotonic() - T0, text), file=sys.stderr,
          flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Store:
    """One database the servers share: SQLite in the data directory, or a PostgreSQL URL."""

    def __init__(self, name, binary, work, key_pub, url=None):
        self.name = name
        self.binary = binary
        self.data = os.path.join(work, "data-" + name)
        self.db = ["--db", url] if url else []
        self.env = dict(os.environ, BIANMIN_NOW=NOW)
        run([binary, "init", "--demo", "--data", self.data] + self.db, env=self.env)
        run([binary, "user", "key-add", "clerk", "--file", key_pub, "--data", self.data]
            + self.db, env=self.env)

    def serve(self, workers, log):
        """A server on a free port with `workers` processes (None: the flag left out). Returns
        the server, or None when it refused the flag."""
        srv = Server("bianmin", "BM100", "clerk", {"LANG": "zh_CN.UTF-8"})
        port = free_port()
        argv = [self.binary, "serve", "--listen", "127.0.0.1", "--port", str(port),
                "--data", self.data] + self.db
        if workers is not None:
            argv += ["--workers", str(workers)]
        srv.launch(argv, log, self.env)
        if refused(srv, log):
            return None
        srv.wait_ready(lambda: port if accepts(port) else None, log)
        time.sleep(0.5 if workers in (None, 1) else 1.5)   # every worker listening
        return srv


def refused(srv, log):
    """True when the server stopped at once because it does not know --workers."""
    for _ in range(20):
        if srv.proc.poll() is not None:
            with open(log) as f:
                return "--workers" in f.read()
        time.sleep(0.05)
    return False


def stop(srv):
    """Stops the server and every worker it started (by their ids, taken before)."""
    pids = [(pid, cmdline(pid)) for pid in tree(srv.proc.pid)[1:]]
    srv.stop()
    for pid, argv in pids:
        if argv and cmdline(pid) == argv:   # still that worker, not a new process of its id
            try:
                os.kill(pid, 15)
            except ProcessLookupError:
                pass


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read()
    except OSError:
        return None


async def clients_for(srv, key):
    cs = [Client(srv, key) for _ in range(CLIENTS)]
    await asyncio.gather(*(c.start() for c in cs))
    return cs


async def burst(srv, key):
    """BURST logins at once, shared by the client processes: logins a second, login times."""
    cs = await clients_for(srv, key)
    share = BURST // CLIENTS
    try:
        before = cpu_ticks(srv.pids())
        start = time.monotonic()
        res = await asyncio.gather(*(c.ask(op="open", n=share, concurrency=share) for c in cs))
        took = time.monotonic() - start
        cpu = cpu_seconds_between(before, cpu_ticks(srv.pids()))
    finally:
        await asyncio.gather(*(c.finish() for c in cs))
    ok = sum(r["ok"] for r in res)
    login_s = [x for r in res for x in r["login_s"]]
    errors = {}
    for r in res:
        for msg, k in r["errors"].items():
            errors[msg] = errors.get(msg, 0) + k
    return {"ok": ok, "asked": share * CLIENTS, "per_s": ok / took, "login_s": login_s,
            "errors": errors, "cpu_per": cpu / ok if ok else None}


async def typing(srv, key):
    """TYPISTS sessions typing RATE keys a second: the time from each key to its answer."""
    cs = await clients_for(srv, key)
    share = TYPISTS // CLIENTS
    try:
        await asyncio.gather(*(c.ask(op="open", n=share, concurrency=16) for c in cs))
        await asyncio.sleep(1.0)
        res = await asyncio.gather(*(c.ask(op="type", sessions=share, rate=RATE,
                                           secs=TYPE_SECS) for c in cs))
    finally:
        await asyncio.gather(*(c.finish() for c in cs))
    lat = [x for r in res for x in r["latency_s"]]
    return {"typists": sum(r["typists"] for r in res), "keys": len(lat),
            "unanswered": sum(r["unanswered"] for r in res), "latency_s": lat}


async def measure(store, workers, key, work):
    log = os.path.join(work, "serve-%s-%d.log" % (store.name, workers))
    srv = store.serve(workers, log)
    flag_known = srv is not None
    if srv is None:
        if workers != 1:
            return None
        srv = store.serve(None, log)   # one process is what this build serves
        if srv is None:
            raise RuntimeError("bianmin did not start; see %s" % log)
    try:
        say("%s, %d worker%s: %d simultaneous logins" % (store.name, workers,
                                                          "" if workers == 1 else "s", BURST))
        b = await burst(srv, key)
        await asyncio.sleep(1.0)
        say("%s, %d worker%s: %d sessions typing" % (store.name, workers,
                                                      "" if workers == 1 else "s", TYPISTS))
        t = await typing(srv, key)
    finally:
        stop(srv)
    return {"burst": b, "typing": t, "flag": flag_known}


def row(store, workers, r):
    if r is None:
        return "| %s | %d | workers: not available in this build | | | | | |" % (store,
                                                                                  workers)
    b, t = r["burst"], r["typing"]
    note = []
    if b["ok"] < b["asked"]:
        note.append("%d of %d logins failed: %s" % (b["asked"] - b["ok"], b["asked"],
                                                     max(b["errors"], key=b["errors"].get)))
    if t["unanswered"]:
        note.append("%d keys unanswered" % t["unanswered"])
    if not r["flag"]:
        note.append("one process (no --workers)")
    return "| %s | %d | %s | %s | %s / %s | %s / %s | %s | %s |" % (
        store, workers, "%.0f" % b["per_s"], ms(b["cpu_per"]), ms(pct(b["login_s"], 50)),
        ms(pct(b["login_s"], 99)), ms(pct(t["latency_s"], 50)), ms(pct(t["latency_s"], 99)),
        group(t["keys"]), "; ".join(note) or "")


async def bench(binary, work):
    key = os.path.join(work, "client_ed25519")
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
    where = machine(os.getloadavg()[0])   # the start's date and load
    started = time.monotonic()
    url = subprocess.run(["sh", os.path.join(TOP, "tests", "pg", "cluster"), "start"],
                         check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    pgdir = url.split("host=", 1)[1].split("&", 1)[0]
    rows = []
    try:
        stores = [Store("SQLite", binary, work, key + ".pub"),
                  Store("PostgreSQL", binary, work, key + ".pub", url)]
        for s in stores:
            for n in WORKERS:
                rows.append(row(s.name, n, await measure(s, n, key, work)))
    finally:
        subprocess.run(["sh", os.path.join(TOP, "tests", "pg", "cluster"), "stop", pgdir])
    head = ["bianmin with several worker processes behind one port (`serve --workers N`), "
            "%s; %d simultaneous logins as clerk (key), then %d sessions typing %d keys a "
            "second for %d s; %d load-client processes on the same machine; %.0f s in all"
            % (where, BURST, TYPISTS, RATE, TYPE_SECS, CLIENTS,
               time.monotonic() - started), "",
            "| store | workers | logins/s | server CPU ms per login | login p50 / p99 ms "
            "| key p50 / p99 ms | keys | note |",
            "|---|---|---|---|---|---|---|---|"]
    return "\n".join(head + rows) + "\n"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="bianmin-bench-workers.")
    try:
        body = asyncio.run(bench(binary, work))
    finally:
        if not os.environ.get("BENCH_KEEP"):
            subprocess.run(["rm", "-rf", work])
    print(body, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
