#!/usr/bin/env python3
"""Drives the hello servers (examples/http_hello, examples/http_threads in
both modes) with hostile and unusual clients over loopback.

    tests/hello_servers_test.py CONNS PATH/TO/SERVER [ARGS...]

CONNS is the --max-conns the shedding check uses (http_hello takes 8 at
least).  Each of http_hello, http_threads --threads 1 and http_threads
--threads 1 --handoff is a test of its own.  For the server: a request with a Content-Length body gets one answer (the
body is skipped, not taken for a request), "Connection: close" and
HTTP/1.0 are answered and closed, a chunked body is a 400 and a close; a
silent connection, a kept-alive one and one trickling a head close after
--idle-timeout; with every slot taken a newcomer takes the place of the
connection idle longest, and is closed at once when none is idle; SIGTERM
with a client flooding pipelined requests it never reads (plus an idle and
a half-sent one) ends in exit 0; under a soft descriptor limit of 1024 it
raises the limit and serves at its default --max-conns, and http_threads,
when the hard limit is 1024 too, names the limit and exits 1.
http_threads runs with one worker, so that its per-worker --max-conns is
the server's.

HELLO_SERVERS_PREFIX (e.g. "valgrind --error-exitcode=99") runs each server
under that command.  Each check waits a few seconds at most.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import time

from example_checks import Checks, start_server

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n"
BAD = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

check = Checks("hello_servers_test")


class Server:
    def __init__(self, argv, *args):
        self.proc, self.port = start_server(argv + ["--port", "0", *args],
                                            "HELLO_SERVERS_PREFIX", "hello_servers_test")

    def connect(self):
        return socket.create_connection(("127.0.0.1", self.port), timeout=5)

    def stop(self, timeout=20):
        """SIGTERM; returns (exit code, stdout and stderr)."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            return None, out + err
        return self.proc.returncode, out + err


def read_for(s, secs, enough=None):
    """What @s receives in @secs seconds or until the server closes; "<eof>"
    marks the close, "<reset>" a reset.  With @enough, once that many bytes
    came it waits 0.3 s more only (for anything beyond them, or a close)."""
    got = b""
    end = time.monotonic() + secs
    try:
        while True:
            if enough is not None and len(got) >= enough:
                end = min(end, time.monotonic() + 0.3)
                enough = None
            left = end - time.monotonic()
            if left <= 0:
                return got
            s.settimeout(left)
            chunk = s.recv(65536)
            if not chunk:
                return got + b"<eof>"
            got += chunk
    except socket.timeout:
        return got
    except ConnectionResetError:
        return got + b"<reset>"


def closed(got):
    return got.endswith(b"<eof>") or got.endswith(b"<reset>")


def framing(name, argv):
    srv = Server(argv, "--max-conns", "8")
    cases = (
        # a body of 20 bytes that looks like a request, then a real request: two answers
        ("body skipped",
         b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n" +
         b"GET / HTTP/1.1\r\n\r\nxx" + REQUEST, RESPONSE * 2),
        ("Connection: close",
         b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", RESPONSE + b"<eof>"),
        ("HTTP/1.0", b"GET / HTTP/1.0\r\n\r\n", RESPONSE + b"<eof>"),
        ("pipelined after a close",
         REQUEST + b"GET / HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n" + REQUEST,
         RESPONSE * 2 + b"<eof>"),
        ("chunked body",
         b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
         b"5\r\nhello\r\n0\r\n\r\n", BAD + b"<eof>"),
        ("a request, then a bad Content-Length",
         REQUEST + b"POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", RESPONSE + BAD + b"<eof>"),
        ("a body in pieces",
         b"POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + b"\r\n\r\n" * 1250 + REQUEST,
         RESPONSE * 2),
    )
    for what, data, want in cases:
        with srv.connect() as s:
            for i in range(0, len(data), 1000):
                s.sendall(data[i:i + 1000])
            got = read_for(s, 3.0, len(want.replace(b"<eof>", b"")))
            if got == b"<reset>" and want.endswith(b"<eof>"):
                got = want   # a reset after the close: the answer was read
            check(got.replace(b"<reset>", b"<eof>") == want,
                  f"{name}: {what}: {got[:300]!r}, want {want!r}")
    rc, out = srv.stop()
    check(rc == 0, f"{name}: framing: exit {rc}\n{out}")


def idle(name, argv):
    srv = Server(argv, "--max-conns", "8", "--idle-timeout", "1")
    t0 = time.monotonic()
    silent = srv.connect()
    kept = srv.connect()
    kept.sendall(REQUEST)
    trickle = srv.connect()
    got = read_for(kept, 0.5, len(RESPONSE))
    check(got == RESPONSE, f"{name}: kept-alive answer {got!r}")
    cut = None
    for i in range(25):   # a byte every 0.2 s: 5 s for the whole head
        try:
            trickle.sendall(REQUEST[i:i + 1])
        except OSError:
            pass
        if read_for(trickle, 0.2):
            cut = time.monotonic() - t0
            break
    got_silent = read_for(silent, 3.0)
    t_silent = time.monotonic() - t0
    got_kept = read_for(kept, 3.0)
    check(closed(got_silent) and t_silent < 4.0,
          f"{name}: a silent connection: {got_silent!r} after {t_silent:.1f} s")
    check(closed(got_kept), f"{name}: an idle kept-alive connection: {got_kept!r}")
    check(cut is not None and cut < 3.0, f"{name}: a trickled head was not cut ({cut})")
    for s in (silent, kept, trickle):
        s.close()
    rc, out = srv.stop()
    check(rc == 0 and re.search(r"[1-9]\d* idle timeouts", out),
          f"{name}: idle: exit {rc}\n{out}")


def shedding(name, argv, conns):
    """@conns connections, all idle: a newcomer is served and the first one
    is shed; then all busy inside a head: a newcomer is closed unanswered."""
    srv = Server(argv, "--max-conns", str(conns))
    held = []
    for i in range(conns):
        s = srv.connect()
        s.sendall(REQUEST)
        check(read_for(s, 2.0, len(RESPONSE)) == RESPONSE, f"{name}: connection {i} served")
        held.append(s)
        time.sleep(0.01)   # the first is idle longest
    new = srv.connect()
    new.sendall(REQUEST)
    got = read_for(new, 2.0, len(RESPONSE))
    check(got == RESPONSE, f"{name}: a newcomer while all are idle: {got!r}")
    got = read_for(held[0], 2.0)
    check(closed(got), f"{name}: the connection idle longest was not shed: {got!r}")
    held[0].close()
    held = held[1:] + [new]
    for s in held:
        s.sendall(REQUEST[:10])   # inside a head: busy
    time.sleep(0.2)
    late = srv.connect()
    try:
        late.sendall(REQUEST)
    except OSError:
        pass
    got = read_for(late, 2.0)
    check(closed(got) and RESPONSE not in got, f"{name}: a newcomer while all are busy: {got!r}")
    late.close()
    for s in held:   # the busy ones go on
        s.sendall(REQUEST[10:])
        got = read_for(s, 2.0, len(RESPONSE))
        check(got == RESPONSE, f"{name}: a busy connection's answer: {got!r}")
        s.close()
    rc, out = srv.stop()
    check(rc == 0 and re.search(r"1 shed", out), f"{name}: shedding: exit {rc}\n{out}")


def stop_under_flood(name, argv):
    """SIGTERM while a client that never reads floods pipelined requests."""
    srv = Server(argv)
    flood = socket.socket()
    flood.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    flood.connect(("127.0.0.1", srv.port))
    flood.setblocking(False)
    data = REQUEST * 10000
    sent = 0
    t0 = time.monotonic()
    while sent < 300 * len(data) and time.monotonic() - t0 < 1.0:   # answers pile up unread
        try:
            sent += flood.send(data[sent % len(data):])
        except BlockingIOError:
            time.sleep(0.01)
    idle_c = srv.connect()
    half = srv.connect()
    half.sendall(REQUEST[:10])
    time.sleep(0.2)
    t0 = time.monotonic()
    rc, out = srv.stop()
    took = time.monotonic() - t0
    check(rc == 0 and re.search(r" [1-9]\d* cut short", out),
          f"{name}: SIGTERM under a flood never read: exit {rc} after {took:.1f} s\n{out}")
    for s in (flood, idle_c, half):
        s.close()


def descriptor_limit(name, argv):
    """At the default --max-conns under a shell's soft descriptor limit of
    1024, the server raises it to the hard limit and serves.  http_threads,
    whose default needs more than 1024 slots, with the hard limit at 1024
    too names the field and the limit and exits 1."""
    import resource
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if os.environ.get("HELLO_SERVERS_PREFIX") or (hard != resource.RLIM_INFINITY and hard < 4096):
        print(f"{name}: descriptor limit: not checked (a prefix, or a hard limit of {hard})")
        return

    def soft_1024():
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))

    def both_1024():
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))

    proc = subprocess.Popen(argv + ["--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=soft_1024)
    m = re.search(r"listening on 127\.0\.0\.1:(\d+)", proc.stdout.readline())
    check(m is not None, f"{name}: soft limit 1024: did not start")
    if m:
        with socket.create_connection(("127.0.0.1", int(m.group(1))), timeout=5) as s:
            s.sendall(REQUEST)
            got = read_for(s, 3.0, len(RESPONSE))
            check(got == RESPONSE, f"{name}: soft limit 1024: {got!r}")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    check(proc.returncode == 0, f"{name}: soft limit 1024: exit {proc.returncode}\n{out}{err}")
    if "http_threads" not in argv[0]:
        return
    proc = subprocess.run(argv + ["--port", "0"], capture_output=True, text=True,
                          preexec_fn=both_1024, timeout=20)
    check(proc.returncode == 1 and
          re.search(r"registered_fd \+ direct_fd is 10\d\d: RLIMIT_NOFILE allows 1024",
                    proc.stderr) is not None,
          f"{name}: hard limit 1024: exit {proc.returncode}\n{proc.stderr}")


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    conns = int(sys.argv[1])
    argv = [os.path.abspath(sys.argv[2])] + sys.argv[3:]
    name = " ".join([os.path.basename(argv[0])] + argv[1:])
    t0 = time.monotonic()
    framing(name, argv)
    idle(name, argv)
    shedding(name, argv, conns)
    stop_under_flood(name, argv)
    descriptor_limit(name, argv)
    return check.report(time.monotonic() - t0)


if __name__ == "__main__":
    sys.exit(main())
