"""SSH load client for the side-by-side benchmark (`make bench`) and its self-test.

Opens many interactive sessions to one SSH server with asyncssh: log in (password or key),
ask for a pty (TERM xterm, 80x24), wait until the first screen shows a known text, then hold
the session idle or type keys at a steady rate and time each key until the bytes that answer
it arrive. One asyncio loop drives a few thousand sessions; more sessions take more worker
processes (see sshbench.py).

Run as a worker it reads one JSON command a line on standard input and answers each with one
JSON line on standard output:

    {"op": "open", "n": 100, "concurrency": 16}     open 100 more sessions, at most 16 logging in
    {"op": "open", "n": 100, "terms": ["vt100", "linux"]}   the same, TERM taken in turn from the list
    {"op": "type", "sessions": 50, "rate": 5, "secs": 10}   the first 50 type; latencies back
    {"op": "close"}                                  log every session out

selftest.py, run by make check, drives the same classes against both servers.
"""
import argparse
import asyncio
import json
import os
import re
import resource
import sys
import time
import unicodedata
import warnings

warnings.filterwarnings("ignore")  # asyncssh's import warns about ciphers we never use
import asyncssh  # noqa: E402

# Keys that move a menu's highlight one line and back, so a typing session stays on its screen
# and every key has a visible answer. Like a real xterm, the arrows are sent as ESC O B / ESC O A
# once the program has asked for application cursor keys (DECCKM, ESC [ ? 1 h): curses programs
# such as dialog read ESC [ B then as a lone Esc, which cancels.
DOWN, UP = b"\x1b[B", b"\x1b[A"
APP_DOWN, APP_UP = b"\x1b" b"OB", b"\x1b" b"OA"
CURSOR_KEYS_APP, CURSOR_KEYS_NORMAL = b"\x1b[?1h", b"\x1b[?1l"
QUIET_S = 0.25  # the first screen is complete when nothing more arrives for this long
# Terminal types a county's PCs and thin terminals send, one a line in term-types.txt.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "term-types.txt")) as _f:
    TERM_TYPES = [t.strip() for t in _f if t.strip() and not t.startswith("#")]


def raise_fd_limit():
    """Lifts the soft limit on open files to the hard limit: every session is one socket."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        except (ValueError, OSError):
            pass  # the kernel's own ceiling is lower: run with what we have
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


CURSOR_REPORT_REQUEST = b"\x1b[6n"
ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def column_after(line):
    """The 1-based column a UTF-8 xterm's cursor stands at after writing `line` from the
    start of a row: East Asian wide characters take two columns, ambiguous ones (box drawing)
    one, as xterm draws them by default."""
    text = ESCAPE_SEQUENCE.sub("", line.decode("utf-8", "replace"))
    return 1 + sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
                   for ch in text if ch >= " ")


class Terminal(asyncssh.SSHClientSession):
    """One session's terminal end: counts the bytes that arrive and wakes whoever waits.
    Like a real terminal it answers a cursor-position request (ESC [ 6 n), which bianmin
    sends once at login to tell a UTF-8 terminal from a GBK one; unanswered, the login
    would wait out the server's probe timeout, as no real terminal makes it."""

    def __init__(self):
        self.chan = None
        self.row_text = b""  # what was written since the last carriage return or line feed
        self.received = bytearray()
        self.total = 0
        self.last_arrival = 0.0
        self.arrived = asyncio.Event()
        self.closed = asyncio.Event()
        self.keep = True  # keep the text until the first screen is seen; then only count
        self.app_cursor = False

    def connection_made(self, chan):
        self.chan = chan

    def answer_cursor_requests(self, data):
        parts = data.split(CURSOR_REPORT_REQUEST)
        for i, part in enumerate(parts):
            cut = max(part.rfind(b"\r"), part.rfind(b"\n"))
            self.row_text = part[cut + 1:] if cut >= 0 else self.row_text + part
            if i < len(parts) - 1 and self.chan:
                self.chan.write(b"\x1b[1;%dR" % column_after(self.row_text))

    def data_received(self, data, datatype):
        self.total += len(data)
        if self.keep:
            self.answer_cursor_requests(data)
        if b"\x1b[?1" in data:
            on, off = data.rfind(CURSOR_KEYS_APP), data.rfind(CURSOR_KEYS_NORMAL)
            if on != off:
                self.app_cursor = on > off
        self.last_arrival = time.monotonic()
        if self.keep:
            self.received += data
        self.arrived.set()

    def arrow(self, down):
        if self.app_cursor:
            return APP_DOWN if down else APP_UP
        return DOWN if down else UP

    def connection_lost(self, exc):
        self.closed.set()
        self.arrived.set()


class Session:
    def __init__(self, conn, chan, term):
        self.conn = conn
        self.chan = chan
        self.term = term


class Target:
    """Where and how to log in, and the text that says the first screen is up."""

    def __init__(self, host, port, user, marker, password=None, key=None, env=None,
                 timeout=30.0):
        self.host = host
        self.port = port
        self.user = user
        self.marker = marker.encode()
        self.env = env or {}
        self.timeout = timeout
        keys = [asyncssh.read_private_key(key)] if key else []
        self.options = asyncssh.SSHClientConnectionOptions(
            username=user, password=password, client_keys=keys, known_hosts=None,
            agent_path=None, config=None, preferred_auth="publickey" if key else "password",
            connect_timeout=timeout, login_timeout=timeout)


def error_text(exc):
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:120]


async def login(target, term_type="xterm"):
    """Opens one session and waits for its first screen. Returns (session, seconds until the
    marker showed, terminal bytes until the screen went quiet) or raises."""
    start = time.monotonic()
    conn = await asyncio.wait_for(
        asyncssh.connect(target.host, target.port, options=target.options), target.timeout)
    try:
        chan, term = await conn.create_session(
            Terminal, term_type=term_type, term_size=(80, 24), env=target.env, encoding=None)
        deadline = start + target.timeout
        while target.marker not in term.received:
            if term.closed.is_set():
                raise ConnectionError("closed before the first screen: %r"
                                      % bytes(term.received[-120:]))
            term.arrived.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no %r within %.0f s; last bytes %r"
                                   % (target.marker, target.timeout, bytes(term.received[-120:])))
            try:
                await asyncio.wait_for(term.arrived.wait(), left)
            except asyncio.TimeoutError:
                pass
        seen = time.monotonic() - start
        while time.monotonic() - term.last_arrival < QUIET_S:
            await asyncio.sleep(QUIET_S - (time.monotonic() - term.last_arrival) + 0.01)
        term.keep = False
        return Session(conn, chan, term), seen, term.total
    except BaseException:
        conn.abort()
        raise


class Pool:
    """The sessions one worker holds."""

    def __init__(self, target):
        self.target = target
        self.sessions = []

    async def open(self, n, concurrency, stop_after_failures=200, terms=None):
        """Opens n more sessions, at most `concurrency` logging in at once, with TERM taken in
        turn from `terms` (default xterm). Stops early after `stop_after_failures` failures in
        a row (the server has stopped taking sessions)."""
        terms = terms or ["xterm"]
        login_s, nbytes, errors = [], [], {}
        state = {"next": 0, "failed_in_row": 0, "stopped": False}

        async def one_lane():
            while state["next"] < n and not state["stopped"]:
                term_type = terms[state["next"] % len(terms)]
                state["next"] += 1
                try:
                    sess, seen, count = await login(self.target, term_type)
                except (OSError, asyncssh.Error, asyncio.TimeoutError, TimeoutError,
                        ConnectionError) as exc:
                    msg = error_text(exc)
                    errors[msg] = errors.get(msg, 0) + 1
                    state["failed_in_row"] += 1
                    if state["failed_in_row"] >= stop_after_failures:
                        state["stopped"] = True
                    continue
                state["failed_in_row"] = 0
                self.sessions.append(sess)
                login_s.append(seen)
                nbytes.append(count)

        await asyncio.gather(*(one_lane() for _ in range(max(1, min(concurrency, n)))))
        return {"ok": len(login_s), "failed": sum(errors.values()), "tried": state["next"],
                "errors": errors, "login_s": login_s, "bytes": nbytes,
                "held": self.alive()}

    def alive(self):
        return sum(1 for s in self.sessions if not s.term.closed.is_set())

    async def type(self, count, rate, secs, reply_timeout=5.0):
        """The first `count` sessions each type `rate` keys a second for `secs` seconds, down
        and up in turn; each key is timed from its sending until bytes answer it."""
        latencies, unanswered = [], 0
        typists = [s for s in self.sessions if not s.term.closed.is_set()][:count]

        async def typist(sess, offset):
            nonlocal unanswered
            period = 1.0 / rate
            await asyncio.sleep(offset)
            start = time.monotonic()
            k = 0
            while time.monotonic() - start < secs:
                if sess.term.closed.is_set():
                    unanswered += 1
                    return
                sess.term.arrived.clear()
                sent = time.monotonic()
                sess.chan.write(sess.term.arrow(down=k % 2 == 0))
                try:
                    await asyncio.wait_for(sess.term.arrived.wait(), reply_timeout)
                    latencies.append(time.monotonic() - sent)
                except asyncio.TimeoutError:
                    unanswered += 1
                # Let the rest of the answer arrive before the next key is timed.
                await asyncio.sleep(0.02)
                k += 1
                next_at = start + k * period
                delay = next_at - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)

        spread = 1.0 / rate
        await asyncio.gather(*(typist(s, spread * i / max(1, len(typists)))
                               for i, s in enumerate(typists)))
        return {"typists": len(typists), "keys": len(latencies) + unanswered,
                "unanswered": unanswered, "latency_s": latencies}

    async def close(self):
        for s in self.sessions:
            s.conn.close()
        await asyncio.gather(*(s.conn.wait_closed() for s in self.sessions),
                             return_exceptions=True)
        n = len(self.sessions)
        self.sessions = []
        return {"closed": n}


def target_from(args):
    env = dict(kv.split("=", 1) for kv in (args.env or []))
    return Target(args.host, args.port, args.user, args.marker, password=args.password,
                  key=args.key, env=env, timeout=args.timeout)


async def worker(args):
    """Answers commands from standard input, one JSON line each, until "close"."""
    pool = Pool(target_from(args))
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            await pool.close()
            return
        cmd = json.loads(line)
        op = cmd["op"]
        if op == "open":
            out = await pool.open(cmd["n"], cmd.get("concurrency", 16),
                                  cmd.get("stop_after_failures", 200), cmd.get("terms"))
        elif op == "type":
            out = await pool.type(cmd["sessions"], cmd["rate"], cmd["secs"])
        elif op == "close":
            out = await pool.close()
        else:
            out = {"error": "unknown op %s" % op}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()
        if op == "close":
            return


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["worker"])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password")
    p.add_argument("--key")
    p.add_argument("--marker", required=True)
    p.add_argument("--env", action="append", help="NAME=VALUE sent with the session")
    p.add_argument("--timeout", type=float, default=30.0)
    args = p.parse_args()
    raise_fd_limit()
    asyncio.run(worker(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
