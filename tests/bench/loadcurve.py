"""bianmin alone under a growing crowd: how the server's cost per key follows the number of
connected sessions (issue 10's property: CPU per 1,000 keys at 10,000 connected within 1.5x of
the figure at 50). Figures only, never a pass or fail.

    python3 tests/bench/loadcurve.py BIANMIN_BINARY [SIZE ...]     default sizes: 50 1000

First, on the fresh server, LOADCURVE_TERMS sessions (default 1000; 0: none) log in with forty
different TERMs, taken in turn, and all leave: the server's RSS before and after says what a
crowd of different terminals leaves behind. Then, at each size, the first LOADCURVE_TYPISTS
sessions (default 50) type 5 keys a second for LOADCURVE_SECS seconds (default 5) while the rest
sit idle; sizes grow and keep their sessions, logging in over every client process at once.
Printed per size: sessions held, PSS per session, key -> reply p50/p99, server CPU per 1,000
keys, keys unanswered; with LOADCURVE_IDLE_SECS, the server's CPU a second while nobody
types, measured over that many seconds before the typing. Uses the side-by-side benchmark's
load client (sshload.py), one process per PER_CLIENT sessions."""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PER_CLIENT = 2000


def pss_kb(pid, field="Pss:", path="/proc/%d/smaps_rollup"):
    with open(path % pid) as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def rss_kb(pid):
    return pss_kb(pid, "VmRSS:", "/proc/%d/status")


def cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def main():
    binary = os.path.abspath(sys.argv[1])
    sizes = [int(x) for x in sys.argv[2:]] or [50, 1000]
    typists = int(os.environ.get("LOADCURVE_TYPISTS", "50"))
    terms_n = int(os.environ.get("LOADCURVE_TERMS", "1000"))
    secs = int(os.environ.get("LOADCURVE_SECS", "5"))
    idle_secs = int(os.environ.get("LOADCURVE_IDLE_SECS", "0"))
    work = tempfile.mkdtemp(prefix="bianmin-loadcurve.")
    data = os.path.join(work, "data")
    key = os.path.join(work, "client_ed25519")
    env = dict(os.environ, BIANMIN_NOW="2026-11-24 10:00:00")
    subprocess.run([binary, "init", "--demo", "--data", data], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    subprocess.run([binary, "user", "key-add", "clerk", "--file", key + ".pub", "--data", data],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    sys.path.insert(0, HERE)
    log = open(os.path.join(work, "server.log"), "w")
    srv = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1", "--port", "0", "--data",
                            data, "--max-sessions", str(max(sizes + [terms_n]) + 100)],
                           env=env, stdout=log, stderr=log)
    port = None
    while port is None:
        time.sleep(0.2)
        for line in open(log.name):
            if "listening on" in line:
                port = int(line.rsplit(":", 1)[1])
    time.sleep(0.5)
    print("# server pid %d" % srv.pid, flush=True)
    fresh = pss_kb(srv.pid)
    clients = []

    def start_client():
        clients.append(subprocess.Popen(
            [sys.executable, os.path.join(HERE, "sshload.py"), "worker", "--port", str(port),
             "--user", "clerk", "--key", key, "--marker", "BM100", "--env", "LANG=zh_CN.UTF-8"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
        return clients[-1]

    def send(client, cmd):
        client.stdin.write(json.dumps(cmd) + "\n")
        client.stdin.flush()

    def answer(client):
        return json.loads(client.stdout.readline())

    def ask(client, cmd):
        send(client, cmd)
        return answer(client)

    if terms_n:
        # One login and logout first, so the idle figure includes what any first login costs.
        warm = start_client()
        ask(warm, {"op": "open", "n": 1})
        ask(warm, {"op": "close"})
        time.sleep(2.5)
        idle_rss = rss_kb(srv.pid)
        tc = start_client()
        from sshload import TERM_TYPES
        got = ask(tc, {"op": "open", "n": terms_n, "concurrency": 32, "terms": TERM_TYPES})
        peak_rss = rss_kb(srv.pid)
        ask(tc, {"op": "close"})
        for c in (warm, tc):
            c.stdin.close()
            c.wait()
        clients.clear()
        # Until the server has let every one of them go (slow on a busy machine), then a
        # moment more: it returns freed memory about once a second.
        for _ in range(600):
            with open(log.name) as f:
                gone = sum(1 for line in f if " logout " in line)
            if gone >= got["ok"] + 1:
                break
            time.sleep(0.1)
        time.sleep(2.5)
        after_rss = rss_kb(srv.pid)
        print("# figure: %d sessions with %d different TERMs (%d logged in): server RSS %.1f MB "
              "idle, %.1f MB with them all, %.1f MB after they left (%+.1f MB)" % (
                  terms_n, len(TERM_TYPES), got["ok"], idle_rss / 1024, peak_rss / 1024,
                  after_rss / 1024, (after_rss - idle_rss) / 1024), flush=True)

    held = 0
    print("| connected | PSS per session | key -> reply p50 / p99 | CPU per 1,000 keys | "
          "keys unanswered |")
    print("|---|---|---|---|---|")
    for size in sizes:
        # Every client process logs its share in at once.
        while len(clients) * PER_CLIENT < size:
            start_client()
        shares, need = [], size - held
        for i, c in enumerate(clients):
            room = PER_CLIENT - (c.held if hasattr(c, "held") else 0)
            k = min(room, need)
            if k > 0:
                shares.append((c, k))
                need -= k
        for c, k in shares:
            send(c, {"op": "open", "n": k, "concurrency": max(4, 64 // len(shares))})
        for c, k in shares:
            got = answer(c)
            c.held = got["held"]
        held = sum(getattr(c, "held", 0) for c in clients)
        time.sleep(1)
        if idle_secs:
            before = cpu_s(srv.pid)
            time.sleep(idle_secs)
            print("# figure: %d connected, nobody typing: server CPU %.1f ms a second" % (
                held, (cpu_s(srv.pid) - before) * 1000 / idle_secs), flush=True)
        pss = pss_kb(srv.pid)
        before = cpu_s(srv.pid)
        out = ask(clients[0], {"op": "type", "sessions": typists, "rate": 5, "secs": secs})
        cpu = cpu_s(srv.pid) - before
        lat = [x * 1000 for x in out["latency_s"]]
        keys = max(out["keys"], 1)
        print("| %d | %.0f KB | %.1f / %.1f ms | %.2f s | %d of %d |" % (
            held, (pss - fresh) / max(held, 1), pct(lat, 50), pct(lat, 99),
            cpu * 1000 / keys, out["unanswered"], out["keys"]), flush=True)
    for c in clients:
        try:
            ask(c, {"op": "close"})
        except Exception:
            pass
        c.stdin.close()
        c.wait()
    srv.terminate()
    srv.wait()
    print("# server PSS fresh %d KB; log in %s" % (fresh, work))


if __name__ == "__main__":
    main()
