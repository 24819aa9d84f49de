"""Side-by-side benchmark of bianmin against its peer, OpenSSH sshd running a curses menu
(dialog) per login: one run, the same load client (sshload.py), the two servers measured in
turn at each size. Prints one table with bianmin, peer and ratio columns, never a pass or fail,
and writes it to a file (BENCH_OUT, default build/bench/ssh-table.md). Each phase's figures are
printed as soon as they are measured, and kept in BENCH_OUT.progress, so a run cut short still
shows what it measured.

    python3 tests/bench/sshbench.py BIANMIN_BINARY

Sizes come from the environment (defaults in brackets; BENCH_QUICK=1 takes the small ones):
    BENCH_SIZES      idle sessions held at once                  [50 500 1000]   quick: 50 100
    BENCH_BIG        one more size, bianmin only (0: none)       [10000]         quick: 0
    BENCH_TYPISTS    sessions that type while the rest sit idle  [200]           quick: 20
    BENCH_RATE       keys a second per typing session            [5]
    BENCH_TYPE_SECS  seconds of typing at each size              [5]             quick: 3
    BENCH_LOGINS     logins one after another, timed             [20]            quick: 10
    BENCH_BURSTS     simultaneous logins                         [100 1000]      quick: 100
    BENCH_PER_CLIENT sessions one client process drives          [2000]
    BENCH_SSH_DIR    scratch directory (default: a new one in /tmp; BENCH_KEEP=1 keeps it)
"""
import asyncio
import json
import math
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


def env_ints(name, full, quick):
    text = os.environ.get(name)
    if text is None:
        return quick if QUICK else full
    return [int(x) for x in text.replace(",", " ").split()]


def env_int(name, full, quick=None):
    text = os.environ.get(name)
    if text is None:
        return quick if QUICK and quick is not None else full
    return int(text)


SIZES = env_ints("BENCH_SIZES", [50, 500, 1000], [50, 100])
BIG = env_int("BENCH_BIG", 10000, 0)
TYPISTS = env_int("BENCH_TYPISTS", 200, 20)
RATE = env_int("BENCH_RATE", 5)
TYPE_SECS = env_int("BENCH_TYPE_SECS", 5, 3)
LOGINS = env_int("BENCH_LOGINS", 20, 10)
BURSTS = env_ints("BENCH_BURSTS", [100, 1000], [100])
PER_CLIENT = env_int("BENCH_PER_CLIENT", 2000)
# Logins in flight while a size is built up; for the peer below sshd's MaxStartups (10:30:100),
# which drops connections at random beyond 10 unauthenticated ones.
RAMP = 16
PEER_RAMP = 8


T0 = time.monotonic()


def say(text):
    print("bench-ssh: %4.0f s  %s" % (time.monotonic() - T0, text), file=sys.stderr, flush=True)


def run(argv, **kw):
    return subprocess.run(argv, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw).stdout


# ---- What the kernel says about a server's processes -----------------------------------------

def children_map():
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def tree(root):
    """The process and every descendant (sshd: listener, per-login monitors, shells, dialog)."""
    kids = children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def pss_kb(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def cpu_ticks(pids):
    out = {}
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        out[pid] = int(fields[11]) + int(fields[12])  # utime + stime
    return out


def sockets(pids):
    """Sockets held by the server's processes: one a connection, and a few of its own."""
    n = 0
    for pid in pids:
        try:
            fds = os.listdir("/proc/%d/fd" % pid)
        except OSError:
            continue
        for fd in fds:
            try:
                n += os.readlink("/proc/%d/fd/%s" % (pid, fd)).startswith("socket:")
            except OSError:
                pass
    return n


async def settle(server, fresh_sockets, limit_s=600):
    """Waits until the server has let every connection go (its sockets back to the fresh
    figure): a crowd that leaves at once keeps it busy after the clients have closed, and
    logins measured meanwhile would measure that. Returns the seconds it took."""
    start = time.monotonic()
    while sockets(server.pids()) > fresh_sockets and time.monotonic() - start < limit_s:
        await asyncio.sleep(0.5)
    return time.monotonic() - start


def cpu_seconds_between(before, after):
    ticks = sum(t - before.get(pid, 0) for pid, t in after.items())
    return ticks / os.sysconf("SC_CLK_TCK")


# ---- The two servers ----------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name, marker, user, env):
        self.name = name
        self.marker = marker
        self.user = user
        self.env = env
        self.proc = None
        self.port = None

    def pids(self):
        return tree(self.proc.pid)

    def launch(self, argv, log_path, env=None):
        with open(log_path, "w") as log:
            self.proc = subprocess.Popen(argv, env=env, stdout=log, stderr=log,
                                         stdin=subprocess.DEVNULL)

    def wait_ready(self, port_if_ready, log_path):
        """Waits up to 10 s until port_if_ready() gives the port; stops the server if not."""
        for _ in range(200):
            port = port_if_ready()
            if port:
                self.port = port
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("%s did not start; see %s" % (self.name, log_path))

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_bianmin(binary, work, pubkey):
    data = os.path.join(work, "bianmin")
    env = dict(os.environ, BIANMIN_NOW="2026-11-24 10:00:00")
    run([binary, "init", "--demo", "--data", data], env=env)
    run([binary, "user", "key-add", "clerk", "--file", pubkey, "--data", data], env=env)
    srv = Server("bianmin", "BM100", "clerk", {"LANG": "zh_CN.UTF-8"})
    log = os.path.join(work, "bianmin.log")
    srv.launch([binary, "serve", "--listen", "127.0.0.1", "--port", "0", "--data", data],
               log, env)

    def logged_port():
        with open(log) as f:
            for line in f:
                if "listening on" in line:
                    return int(line.rsplit(":", 1)[1])
        return None
    return srv.wait_ready(logged_port, log)


# One per run, so two runs on one machine never remove each other's login.
PEER_USER = "bianmin-peer-%d" % os.getpid()


def start_peer(work, pubkey):
    """OpenSSH's sshd on a loopback port under a private configuration: its own host key, no
    PAM, key logins for one user only, the menu as ForceCommand. The rest is left at OpenSSH's
    defaults, as an administrator would (MaxStartups 10:30:100). Run as root, the login is a
    throwaway system user with /bin/sh, as an administrator would create for the menu (root's
    own shell start-up files would be measured otherwise); the caller removes it with
    remove_peer_user(). Otherwise the user running the benchmark logs in."""
    peer = os.path.join(work, "peer")
    os.makedirs(peer)
    os.chmod(work, 0o711)
    os.chmod(peer, 0o755)
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(peer, "host_ed25519")])
    shutil.copy(pubkey, os.path.join(peer, "authorized_keys"))
    menu = os.path.join(peer, "peer-menu.sh")
    shutil.copy(os.path.join(HERE, "peer-menu.sh"), menu)
    os.chmod(menu, 0o755)
    if os.geteuid() == 0:
        remove_peer_user()
        # "*": no password, yet not locked (sshd refuses a locked account even with a key)
        run(["useradd", "--system", "--no-create-home", "--home-dir", peer,
             "--password", "*", "--shell", "/bin/sh", PEER_USER])
        user = PEER_USER
    else:
        user = os.environ.get("USER") or run(["id", "-un"]).strip()
    port = free_port()
    config = os.path.join(peer, "sshd_config")
    with open(config, "w") as f:
        f.write("\n".join([
            "Port %d" % port,
            "ListenAddress 127.0.0.1",
            "HostKey %s/host_ed25519" % peer,
            "PidFile %s/sshd.pid" % peer,
            "AuthorizedKeysFile %s/authorized_keys" % peer,
            "StrictModes no",  # the key file sits under /tmp
            "UsePAM no",
            "PermitRootLogin prohibit-password",
            "AllowUsers %s" % user,
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "ForceCommand %s" % menu,
            "PrintMotd no",
            "PrintLastLog no",
            "AllowTcpForwarding no",
            "X11Forwarding no",
            "LogLevel ERROR",
            "",
        ]))
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation directory
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    run([sshd, "-t", "-f", config])
    srv = Server("peer", "BM100", user, {})
    log = os.path.join(work, "peer.log")
    srv.launch([sshd, "-D", "-e", "-f", config], log)

    def port_if_listening():
        with socket.socket() as s:
            return port if s.connect_ex(("127.0.0.1", port)) == 0 else None
    return srv.wait_ready(port_if_listening, log)


def remove_peer_user():
    if os.geteuid() == 0 and subprocess.run(["id", PEER_USER], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL).returncode == 0:
        subprocess.run(["userdel", PEER_USER], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


# ---- Client processes ------------------------------------------------------------------

class Client:
    """One load-client process (sshload.py worker) and the sessions it holds."""

    def __init__(self, server, key):
        self.server = server
        self.key = key
        self.proc = None
        self.asked = 0
        self.held = 0

    async def start(self):
        argv = [sys.executable, os.path.join(HERE, "sshload.py"), "worker",
                "--port", str(self.server.port), "--user", self.server.user,
                "--key", self.key, "--marker", self.server.marker]
        for k, v in self.server.env.items():
            argv += ["--env", "%s=%s" % (k, v)]
        self.proc = await asyncio.create_subprocess_exec(
            *argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=1 << 26)

    async def ask(self, **cmd):
        self.proc.stdin.write((json.dumps(cmd) + "\n").encode())
        await self.proc.stdin.drain()
        line = await self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the load client stopped")
        return json.loads(line)

    async def finish(self):
        if self.proc.returncode is None:
            try:
                await asyncio.wait_for(self.ask(op="close"), 120)
            except (RuntimeError, asyncio.TimeoutError, BrokenPipeError, ConnectionResetError):
                pass
            try:
                await asyncio.wait_for(self.proc.wait(), 30)
            except asyncio.TimeoutError:
                self.proc.kill()
                await self.proc.wait()


class Fleet:
    """The client processes that hold one server's sessions, PER_CLIENT at most each."""

    def __init__(self, server, key):
        self.server = server
        self.key = key
        self.clients = []
        self.asked = 0

    def held(self):
        return sum(c.held for c in self.clients)

    async def grow(self, total, concurrency):
        """Asks for sessions until `total` have been asked for in all; returns the merged
        result of the new logins."""
        plan, need = [], total - self.asked
        for c in self.clients:
            room = min(need, PER_CLIENT - c.asked)
            if room > 0:
                plan.append((c, room))
                need -= room
        while need > 0:
            c = Client(self.server, self.key)
            await c.start()
            self.clients.append(c)
            plan.append((c, min(need, PER_CLIENT)))
            need -= plan[-1][1]
        per_lane = max(1, concurrency // max(1, len(plan)))
        results = await asyncio.gather(*(c.ask(op="open", n=k, concurrency=per_lane)
                                         for c, k in plan))
        merged = {"ok": 0, "failed": 0, "errors": {}, "login_s": [], "bytes": []}
        for (c, k), r in zip(plan, results):
            c.asked += k
            c.held = r["held"]
            merged["ok"] += r["ok"]
            merged["failed"] += r["failed"]
            merged["login_s"] += r["login_s"]
            merged["bytes"] += r["bytes"]
            for msg, count in r["errors"].items():
                merged["errors"][msg] = merged["errors"].get(msg, 0) + count
        self.asked = total
        return merged

    async def type(self, typists):
        shares, left = [], typists
        for c in self.clients:
            shares.append(min(left, c.held))
            left -= shares[-1]
        results = await asyncio.gather(*(
            c.ask(op="type", sessions=k, rate=RATE, secs=TYPE_SECS)
            for c, k in zip(self.clients, shares) if k > 0))
        out = {"typists": 0, "keys": 0, "unanswered": 0, "latency_s": []}
        for r in results:
            for k in out:
                out[k] += r[k]
        return out

    async def close(self):
        await asyncio.gather(*(c.finish() for c in self.clients))
        self.clients, self.asked = [], 0


# ---- Figures ----------------------------------------------------------------------------

def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, max(0, math.ceil(p / 100 * len(v)) - 1))]


def ms(x):
    return "-" if x is None else ("%.1f" % (x * 1000) if x < 0.1 else "%.0f" % (x * 1000))


def group(n):
    return "{:,}".format(int(round(n)))


def first_error(result):
    if not result["errors"]:
        return ""
    msg, k = max(result["errors"].items(), key=lambda kv: kv[1])
    return "%s (%d)" % (msg, k)


class Table:
    def __init__(self):
        self.rows = []
        self.notes = []

    def add(self, figure, ours, theirs, ratio=None):
        self.rows.append((figure, ours, theirs, ratio))

    def text(self):
        lines = ["| figure | bianmin | peer | ratio |", "|---|---|---|---|"]
        for figure, ours, theirs, ratio in self.rows:
            lines.append("| %s | %s | %s | %s |" % (figure, ours, theirs,
                                                   "-" if ratio is None else ratio))
        return "\n".join(lines)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return "%.2f" % (a / b)


def machine(load):
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    system = "Linux"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    system = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return ("%s; %d CPUs (%s), %.0f GB memory, %s, kernel %s; load average %.1f at the start"
            % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.cpu_count(),
               model or "?", mem_kb / 1048576, system, platform.release(), load))


# ---- Figures as they come ----------------------------------------------------------------
# A long run (10,000 sessions take minutes to log in) may be cut short: each phase's figures
# are printed, and added to a file beside the table's (PROGRESS), as soon as they are measured.

PROGRESS = None


def progress(server, phase, figures):
    line = "| %s | %s | %s |" % (server, phase, "; ".join(f for f in figures if f))
    print(line, flush=True)
    if PROGRESS:
        with open(PROGRESS, "a") as f:
            f.write(line + "\n")


def show_size(name, o):
    figures = ["held %s of %s" % (group(o["held"]), group(o["asked"]))]
    if o["pss_per"] is not None:
        figures.append("PSS per idle session %s KB" % group(o["pss_per"]))
    if o["typed"]:
        lat = o["typed"]["latency_s"]
        figures.append("key -> reply p50 / p99 / p99.9 %s ms (%d typing)" % (
            " / ".join(ms(pct(lat, q)) for q in (50, 99, 99.9)), o["typed"]["typists"]))
        figures.append("%d of %s keys unanswered" % (o["typed"]["unanswered"],
                                                     group(o["typed"]["keys"])))
    if o["cpu_per_1000"] is not None:
        figures.append("CPU per 1,000 keys %.2f s" % o["cpu_per_1000"])
    if o["opened"]["failed"]:
        figures.append("logins failed: %s" % first_error(o["opened"]))
    progress(name, "N=%s" % group(o["asked"]), figures)


def show_logins(name, what, o):
    figures = ["%d of %d logged in" % (o["ok"], o["ok"] + o["failed"])]
    if o["login_s"]:
        figures.append("login + first screen median / p90 %s / %s ms" % (
            ms(pct(o["login_s"], 50)), ms(pct(o["login_s"], 90))))
    if o["bytes"]:
        figures.append("bytes to the client %s" % group(pct(o["bytes"], 50)))
    if o["failed"]:
        figures.append(first_error(o))
    progress(name, what, figures)


# ---- The run ----------------------------------------------------------------------------

def ramp(server):
    return RAMP if server.name == "bianmin" else PEER_RAMP


async def measure_size(fleet, n, fresh_pss):
    """Grows the server's sessions to n asked for; measures them idle, then while some type."""
    server = fleet.server
    say("%s: %s sessions" % (server.name, group(n)))
    opened = await fleet.grow(n, ramp(server))
    await asyncio.sleep(1.0)
    held = fleet.held()
    pss = pss_kb(server.pids())
    typists = min(TYPISTS, held)
    before = cpu_ticks(server.pids())
    typed = await fleet.type(typists) if typists else None
    cpu = cpu_seconds_between(before, cpu_ticks(server.pids()))
    return {"asked": n, "held": held, "pss_per": (pss - fresh_pss) / held if held else None,
            "opened": opened, "typed": typed,
            "cpu_per_1000": cpu / typed["keys"] * 1000 if typed and typed["keys"] else None}


async def measure_logins(server, key, n, concurrency):
    fleet = Fleet(server, key)
    try:
        return await fleet.grow(n, concurrency)
    finally:
        await fleet.close()
        await asyncio.sleep(0.5)


async def bench(binary, work):
    """Logins one by one; then sizes growing, the sessions of each size kept for the next (as
    a centre's morning fills up), each server in turn; bianmin alone to BENCH_BIG; everyone
    leaves; then the simultaneous logins, and the memory the servers keep afterwards."""
    key = os.path.join(work, "client_ed25519")
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
    servers, fleets = [], []
    try:
        servers.append(start_bianmin(binary, work, key + ".pub"))
        servers.append(start_peer(work, key + ".pub"))
        await asyncio.sleep(0.5)
        fresh = {s.name: pss_kb(s.pids()) for s in servers}
        fresh_sockets = {s.name: sockets(s.pids()) for s in servers}
        res = {s.name: {} for s in servers}
        started = time.monotonic()
        load = os.getloadavg()[0]
        progress("server", "phase", ["figures as measured (the table follows at the end); "
                                     "load average %.1f at the start" % load])
        progress("---", "---", ["---"])

        for s in servers:
            say("%s: %d logins one after another" % (s.name, LOGINS))
            res[s.name]["logins"] = await measure_logins(s, key, LOGINS, 1)
            show_logins(s.name, "%d logins one after another" % LOGINS, res[s.name]["logins"])
        fleets = [Fleet(s, key) for s in servers]
        for n in SIZES:
            for f in fleets:
                res[f.server.name][n] = await measure_size(f, n, fresh[f.server.name])
                show_size(f.server.name, res[f.server.name][n])
        if BIG:
            res["bianmin"]["big"] = await measure_size(fleets[0], BIG, fresh["bianmin"])
            show_size("bianmin", res["bianmin"]["big"])
        say("everyone logs out")
        await asyncio.gather(*(f.close() for f in fleets))
        for f in fleets:
            name = f.server.name
            res[name]["settle_s"] = await settle(f.server, fresh_sockets[name])
            progress(name, "everyone left", ["every connection let go %.0f s after the "
                                             "clients closed theirs" % res[name]["settle_s"]])
        await asyncio.sleep(1.0)
        for b in BURSTS:
            for s in servers:
                say("%s: %d simultaneous logins" % (s.name, b))
                res[s.name]["burst%d" % b] = await measure_logins(s, key, b, b)
                show_logins(s.name, "%d simultaneous logins" % b, res[s.name]["burst%d" % b])
        await asyncio.sleep(1.0)
        after = {s.name: pss_kb(s.pids()) for s in servers}
        elapsed = time.monotonic() - started
    finally:
        await asyncio.gather(*(f.close() for f in fleets), return_exceptions=True)
        for s in servers:
            s.stop()
        remove_peer_user()

    return report(res, fresh, after, elapsed, load)


def at_size(text, o):
    """A figure measured at one size, saying so when the server held fewer than asked."""
    if text is None:
        return "-"
    return text if o["held"] >= o["asked"] else "%s (%s held)" % (text, group(o["held"]))


def report(res, fresh, after, elapsed, load):
    b, p = res["bianmin"], res["peer"]
    t = Table()
    for n in SIZES:
        ob, op = b[n], p[n]
        kb = [None if o["pss_per"] is None else "%s KB" % group(o["pss_per"]) for o in (ob, op)]
        t.add("PSS per idle session, N=%s" % group(n), at_size(kb[0], ob), at_size(kb[1], op),
              ratio(ob["pss_per"], op["pss_per"]))
    lb, lp = b["logins"], p["logins"]
    t.add("login + first screen, median / p90 (%d in a row)" % LOGINS,
          "%s / %s ms" % (ms(pct(lb["login_s"], 50)), ms(pct(lb["login_s"], 90))),
          "%s / %s ms" % (ms(pct(lp["login_s"], 50)), ms(pct(lp["login_s"], 90))),
          ratio(pct(lb["login_s"], 50), pct(lp["login_s"], 50)))
    qs = (50, 99, 99.9)
    for n in SIZES:
        ob, op = b[n], p[n]
        if not ob["typed"] or not op["typed"]:
            continue
        lat = [o["typed"]["latency_s"] for o in (ob, op)]
        t.add("key -> reply p50 / p99 / p99.9, %d typing among N=%s"
              % (ob["typed"]["typists"], group(n)),
              at_size(" / ".join(ms(pct(lat[0], q)) for q in qs) + " ms", ob),
              at_size(" / ".join(ms(pct(lat[1], q)) for q in qs) + " ms", op),
              " / ".join(ratio(pct(lat[0], q), pct(lat[1], q)) or "-" for q in qs))
    for n in SIZES:
        ob, op = b[n], p[n]
        cpu = [None if o["cpu_per_1000"] is None else "%.2f s" % o["cpu_per_1000"]
               for o in (ob, op)]
        t.add("server CPU per 1,000 keys, N=%s connected" % group(n),
              at_size(cpu[0], ob), at_size(cpu[1], op),
              ratio(ob["cpu_per_1000"], op["cpu_per_1000"]))
    if BIG:
        o = b["big"]
        t.add("N=%s, bianmin alone: sessions held" % group(BIG), group(o["held"]), "not tried")
        if o["held"]:
            t.add("N=%s: PSS per idle session" % group(BIG),
                  at_size("%s KB" % group(o["pss_per"]), o), "-")
        if o["cpu_per_1000"] is not None:
            t.add("N=%s: CPU per 1,000 keys" % group(BIG),
                  at_size("%.2f s" % o["cpu_per_1000"], o), "-")
        if o["opened"]["failed"]:
            t.notes.append("bianmin at N=%s: after %s sessions the next logins failed: %s" % (
                group(BIG), group(o["held"]), first_error(o["opened"])))
    typed = [[o[n]["typed"] for n in SIZES if o[n]["typed"]] for o in (b, p)]
    t.add("keys unanswered within 5 s",
          *("%d of %s" % (sum(x["unanswered"] for x in ts), group(sum(x["keys"] for x in ts)))
            for ts in typed))
    t.add("bytes to the client, login + home screen",
          group(pct(lb["bytes"], 50) or 0), group(pct(lp["bytes"], 50) or 0),
          ratio(pct(lb["bytes"], 50), pct(lp["bytes"], 50)))
    for n in BURSTS:
        ob, op = b["burst%d" % n], p["burst%d" % n]
        t.add("%s simultaneous logins" % group(n), "%d of %d" % (ob["ok"], n),
              "%d of %d" % (op["ok"], n))
        for name, o in (("bianmin", ob), ("peer", op)):
            if o["failed"]:
                t.notes.append("%s, %d simultaneous logins: %s" % (name, n, first_error(o)))
    for n in SIZES:
        for name, o in (("bianmin", b[n]), ("peer", p[n])):
            if o["opened"]["failed"]:
                t.notes.append("%s at N=%s: after %s sessions the next logins failed: %s" % (
                    name, group(n), group(o["held"]), first_error(o["opened"])))
    t.add("every connection let go, after all left at once (bianmin N=%s, peer N=%s)"
          % (group(BIG if BIG else max(SIZES)), group(max(SIZES))),
          *("%.0f s after the clients closed" % o["settle_s"] for o in (b, p)))
    t.add("server PSS fresh -> after everyone left",
          *("%.1f -> %.1f MB" % (fresh[x] / 1024, after[x] / 1024) for x in ("bianmin", "peer")))

    clients = max(1, math.ceil(max(SIZES + [BIG]) / PER_CLIENT))
    head = ["bianmin against OpenSSH sshd running a dialog menu (ForceCommand), same client",
            "Machine: " + machine(load),
            "Client: Python asyncssh, public-key login, TERM xterm 80x24; up to %d client "
            "process%s of at most %s sessions; %d sessions type %d keys/s for %d s at each "
            "size while the rest sit idle; the run took %.0f s."
            % (clients, "es" if clients > 1 else "", group(PER_CLIENT), TYPISTS, RATE,
               TYPE_SECS, elapsed),
            "Peer: %s." % package_versions("openssh-server", "dialog"),
            "PSS per idle session: (server PSS with N sessions - fresh server PSS) / N. "
            "The peer's PSS and CPU are summed over every process of sshd's tree. "
            "Server fd limit %d." % fd_limit(),
            ""]
    body = "\n".join(head) + t.text() + "\n"
    if t.notes:
        body += "\n" + "\n".join("- " + n for n in t.notes) + "\n"
    return body


def package_versions(*names):
    try:
        found = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n"]
                               + list(names), stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True).stdout
    except OSError:
        found = ""
    return ", ".join(found.split("\n")[:-1]) or "versions unknown"


def fd_limit():
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop servers, remove user
    out = os.environ.get("BENCH_OUT") or os.path.join(TOP, "build", "bench", "ssh-table.md")
    global PROGRESS
    PROGRESS = out + ".progress"
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if os.path.exists(PROGRESS):
        os.remove(PROGRESS)
    work = os.environ.get("BENCH_SSH_DIR") or tempfile.mkdtemp(prefix="bianmin-bench-ssh.")
    os.makedirs(work, exist_ok=True)
    try:
        body = asyncio.run(bench(binary, work))
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(body)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, out)
    print(body, end="")
    print("(written to %s)" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
