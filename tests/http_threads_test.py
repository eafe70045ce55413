#!/usr/bin/env python3
"""Drives examples/http_threads in both modes over loopback.

    tests/http_threads_test.py PATH/TO/http_threads

For each mode (SO_REUSEPORT listeners; one acceptor handing connections to
the workers with msg_ring) it starts the server with 4 threads on port 0
and checks: curl gets the body, and reuses one connection for three
requests; CONNS client connections at once send ROUNDS keep-alive rounds
each (some requests pipelined, some split in the middle of the blank line)
and every response is the exact bytes; on SIGTERM the server exits 0 and
its per-thread counts add up to what the clients sent and opened, spread
over more than one thread (handoff: round robin, so every thread within
one connection of the others).  Then handoff with one connection per
worker, each held inside a request head: connections beyond that are
refused and closed, counted, and the server still exits clean.
(tests/hello_servers_test.py checks the request framing, the idle timeout
and shedding.)

HTTP_THREADS_PREFIX (e.g. "valgrind --error-exitcode=99") runs the server
under that command.  No check depends on timing.  A mode whose ops the
kernel lacks (handoff's msg_ring before 6.3) is skipped, with the server's
words; exit 77 (skipped) when curl is missing or every mode was.
"""
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading

from example_checks import Checks, Unsupported, start_server

THREADS = 4
CONNS = 12
ROUNDS = 15
TIMEOUT = 60  # seconds a socket or the server may take: a hang, not a measure
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n"
REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

check = Checks("http_threads_test")


class Server:
    def __init__(self, binary, *args):
        self.proc, self.port = start_server([binary, "--port", "0", *args],
                                            "HTTP_THREADS_PREFIX", "http_threads_test")

    def stop(self):
        """SIGTERM; returns (exit code, stdout after the first line)."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            return None, out + err
        if err:
            print(err, end="")
        return self.proc.returncode, out


def counts(out):
    """{thread: (requests, connections, refused)} and the total line's numbers."""
    threads = {int(t): tuple(map(int, rest)) for t, *rest in re.findall(
        r"^thread (\d+): (\d+) requests, (\d+) connections, (\d+) refused, \d+ shed, "
        r"\d+ idle timeouts, \d+ cut short$", out, re.M)}
    m = re.search(r"^total: (\d+) requests, (\d+) connections, (\d+) refused, "
                  r"(\d+) dropped on (\d+) threads?$", out, re.M)
    return threads, tuple(map(int, m.groups())) if m else None


def read_exactly(s, n):
    got = b""
    while len(got) < n:
        chunk = s.recv(n - len(got))
        if not chunk:
            break
        got += chunk
    return got


def client(port, index, result):
    """ROUNDS rounds of 1 to 3 requests on one keep-alive connection."""
    sent = 0
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
            for r in range(ROUNDS):
                k = 1 + (index + r) % 3
                data = REQUEST * k
                if (index + r) % 4 == 0:  # "...\r\n\r" now, "\n" a moment later
                    s.sendall(data[:-1])
                    s.sendall(data[-1:])
                else:
                    s.sendall(data)
                got = read_exactly(s, k * len(RESPONSE))
                if got != RESPONSE * k:
                    result[index] = (sent, f"round {r}: {got!r}")
                    return
                sent += k
        result[index] = (sent, None)
    except OSError as e:
        result[index] = (sent, str(e))


def curl_checks(port):
    url = f"http://127.0.0.1:{port}/"
    r = subprocess.run(["curl", "-sS", "--max-time", str(TIMEOUT), url],
                       capture_output=True)
    check(r.returncode == 0 and r.stdout == b"hello\n", f"curl body: {r.stdout!r} {r.stderr!r}")
    # three requests, one connection: curl reports the connections it made for each
    r = subprocess.run(["curl", "-sS", "--max-time", str(TIMEOUT), "-w", "[%{num_connects}]",
                        url, url, url], capture_output=True)
    check(r.returncode == 0 and r.stdout == b"hello\n[1]hello\n[0]hello\n[0]",
          f"curl keep-alive: {r.stdout!r} {r.stderr!r}")
    return 4, 2  # requests, connections


def run_mode(binary, mode_args, name):
    srv = Server(binary, "--threads", str(THREADS), *mode_args)
    requests, conns = curl_checks(srv.port)
    result = [None] * CONNS
    clients = [threading.Thread(target=client, args=(srv.port, i, result)) for i in range(CONNS)]
    for t in clients:
        t.start()
    for t in clients:
        t.join()
    for i, (sent, err) in enumerate(result):
        check(err is None, f"{name}: client {i}: {err}")
        requests += sent
    conns += CONNS
    rc, out = srv.stop()
    check(rc == 0, f"{name}: exit code {rc}, output:\n{out}")
    threads, total = counts(out)
    check(sorted(threads) == list(range(THREADS)), f"{name}: a line per thread:\n{out}")
    check(total == (requests, conns, 0, 0, THREADS),
          f"{name}: total {total}, want {requests} requests on {conns} connections")
    per_thread = [threads.get(t, (0, 0, 0))[1] for t in range(THREADS)]
    busy = sum(1 for c in per_thread if c > 0)
    check(busy > 1, f"{name}: connections per thread {per_thread}: all on one")
    if "--handoff" in mode_args:
        check(max(per_thread) - min(per_thread) <= 1,
              f"{name}: connections per thread {per_thread}: not round robin")
        check(f"acceptor: {conns} connections, {conns} handed over, 0 dropped" in out,
              f"{name}: the acceptor's line:\n{out}")
    print(f"{name}: {requests} requests on {conns} connections, per thread {per_thread}",
          flush=True)


def handoff_at_capacity(binary):
    """Two workers of one connection each, both inside a request head (so
    neither is idle, none can be shed): the third and fourth connections
    are refused, closed at once."""
    srv = Server(binary, "--threads", "2", "--handoff", "--max-conns", "1")
    held = []
    for i in range(2):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=TIMEOUT)
        s.sendall(REQUEST)
        check(read_exactly(s, len(RESPONSE)) == RESPONSE, f"capacity: connection {i} served")
        s.sendall(REQUEST[:10])   # the next head begins: the connection is busy
        held.append(s)
    for i in range(2, 4):
        with socket.create_connection(("127.0.0.1", srv.port), timeout=TIMEOUT) as s:
            try:
                s.sendall(REQUEST)
                got = s.recv(100)
            except ConnectionResetError:
                got = b""
            check(got == b"", f"capacity: connection {i} got {got!r}, not closed")
    for s in held:   # each head ends: both still served
        s.sendall(REQUEST[10:])
        check(read_exactly(s, len(RESPONSE)) == RESPONSE, "capacity: a held connection")
        s.close()
    rc, out = srv.stop()
    check(rc == 0, f"capacity: exit code {rc}, output:\n{out}")
    _, total = counts(out)
    check(total == (4, 4, 2, 0, 2), f"capacity: total {total}, want 4 served, 2 refused:\n{out}")
    check("acceptor: 4 connections, 4 handed over, 0 dropped" in out,
          f"capacity: the acceptor's line:\n{out}")


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: http_threads_test.py PATH/TO/http_threads")
    if not shutil.which("curl"):
        print("http_threads_test: skipped, curl is missing")
        return 77
    binary = sys.argv[1]
    skipped = []
    for name, run in (("reuseport", lambda: run_mode(binary, [], "reuseport")),
                      ("handoff", lambda: run_mode(binary, ["--handoff"], "handoff")),
                      ("handoff at capacity", lambda: handoff_at_capacity(binary))):
        try:
            run()
        except Unsupported:
            print(f"http_threads_test: {name}: skipped")
            skipped.append(name)
    if len(skipped) == 3:
        return 77
    if skipped:
        print(f"http_threads_test: skipped: {', '.join(skipped)}")
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
