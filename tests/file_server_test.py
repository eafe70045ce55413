#!/usr/bin/env python3
"""Drives examples/file_server with curl, raw sockets and wrk.

    tests/file_server_test.py PATH/TO/file_server

Makes a temporary root (a text file, an HTML file, a 1 MiB binary file far
larger than the server's 16 KiB response buffer, an empty file, a file of
no known type, a subdirectory, symbolic links that stay inside and ones
that lead out: absolute and relative, to files and to directories), starts
the server on port 0 and checks: content byte for byte, status codes,
headers, HEAD, keep-alive, pipelined and split requests, `Connection:
close`, `..` refused with 400, every link out of the root a 404, malformed
heads (a NUL in the target or a header, two Host fields, bare "\n" line
ends) a 400 and a close, then a short wrk load (no non-2xx/3xx responses,
no socket errors but timeouts), a last curl, and a clean exit on SIGTERM
with the expected summary line.  More runs, each with short deadlines:
--conns 1 sheds an idle connection for a newcomer and answers 503 when
none is idle, and --requests ends the server by itself; a head trickled
a byte at a time is cut at --head-timeout from its first byte; idle
connections close at --first-timeout and --idle-timeout; SIGTERM with a
client that never reads a 100 MB file, a pipelined flood that is never
read, an idle and a half-sent client ends in 0 after --stop-grace with the
responses counted as cut short.

FILE_SERVER_PREFIX (e.g. "valgrind --leak-check=full --error-exitcode=99")
runs the server under that command.  Exit 77 (skipped) when curl or wrk is
missing.
"""
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

from example_checks import Checks, start_server

CURL_TIMEOUT = "20"
check = Checks("file_server_test")


def make_root(root):
    """The files served, by path below @root; the links are made beside them."""
    files = {
        "small.txt": b"hello, file server\n",
        "index.html": b"<!doctype html><title>urb</title><p>index</p>\n",
        "big.bin": os.urandom(1 << 20),
        "empty.txt": b"",
        "noext": b"\x00\x01 no extension\n",
        "pic.png": b"\x89PNG\r\n\x1a\n" + os.urandom(3000),
        "sub/style.css": b"body { color: black }\n",
        "sub/index.html": b"<p>sub index</p>\n",
        "sub/app.js": b"console.log(1);\n",
    }
    os.mkdir(os.path.join(root, "sub"))
    for name, data in files.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
    # beside the root: what no request may reach
    with open(os.path.join(root, "..", "secret.txt"), "wb") as f:
        f.write(b"not to be served\n")
    links = {
        "rootlink": "/",                                     # a directory, absolute
        "passwd": "/etc/passwd",                             # a file, absolute
        "up": "../../../../../../../../..",                  # a directory, relative: to /
        "outdir": "..",                                      # a directory: the root's parent
        "sub/secret": "../../secret.txt",                    # a file, relative
        "abs_small": os.path.join(os.path.abspath(root), "small.txt"),  # absolute, inside
        "in_small": "small.txt",                             # relative, inside
        "sub/in_up": "..",                                   # relative, inside: the root
    }
    for name, target in links.items():
        os.symlink(target, os.path.join(root, name))
    return files


# Paths that leave the root through a symbolic link: each must be a 404.
ESCAPES = ("/rootlink/etc/passwd", "/rootlink/", "/rootlink/etc/", "/passwd",
           "/up/etc/passwd", "/up/", "/outdir/secret.txt", "/outdir/", "/sub/secret",
           "/sub/in_up/outdir/secret.txt", "/sub/in_up/passwd",
           "/abs_small")   # absolute: refused even though it points inside


SERVERS = []


class Server:
    def __init__(self, binary, root, *args):
        SERVERS.append(self)
        self.proc, self.port = start_server([binary, "--root", root, "--port", "0", *args],
                                            "FILE_SERVER_PREFIX", "file_server_test")
        self.url = f"http://127.0.0.1:{self.port}"

    def finish(self, timeout=60):
        """Waits for the exit; returns (exit code, the rest of stdout); stderr is printed."""
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            print(err, end="")
            return None, out
        print(err, end="")
        return self.proc.returncode, out


def curl(*args):
    r = subprocess.run(["curl", "-sS", "--max-time", CURL_TIMEOUT, *args],
                       capture_output=True)
    return r.returncode, r.stdout, r.stderr.decode(errors="replace")


def fetch(url, *args):
    """GET (or whatever args say) with curl: (status, headers dict, body)."""
    rc, out, err = curl("-i", *args, url)
    if rc != 0:
        return None, {}, err.encode()
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status_line = lines[0]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    headers[":status-line"] = status_line
    m = re.match(r"HTTP/1\.1 (\d{3}) ", status_line)
    return (int(m.group(1)) if m else None), headers, body


def raw(port, data, pieces=1, pause=0.05, timeout=5.0):
    """Sends @data (in @pieces writes, @pause apart) on one connection and
    returns everything the server sends until it closes or goes quiet."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    step = max(1, -(-len(data) // pieces))
    for i in range(0, len(data), step):
        s.sendall(data[i:i + step])
        if pieces > 1:
            time.sleep(pause)
    got = b""
    s.settimeout(1.0)
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        got += b"<open>"   # the server kept the connection open
    s.close()
    return got


def responses(data, heads=()):
    """Splits a byte stream into (status, headers, body) by Content-Length;
    the responses numbered in @heads answer a HEAD: they have no body."""
    out = []
    while data.startswith(b"HTTP/"):
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            break
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip()
                   for k, _, v in (ln.partition(":") for ln in lines[1:])}
        n = 0 if len(out) in heads else int(headers.get("content-length", "0"))
        out.append((int(lines[0].split()[1]), headers, rest[:n]))
        data = rest[n:]
    return out, data


def no_stale_request(port, files):
    """A client that leaves with requests unanswered (it resets the
    connection right after sending two, pipelined) must not leave them for
    the next connection, which the kernel puts in the same slot: before
    that was fixed, the new connection was answered a request it never
    sent (and the server later crashed on its books)."""
    a = socket.create_connection(("127.0.0.1", port), timeout=5)
    a.sendall(b"GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n"
              b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
    a.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    a.close()   # a reset: the server's sends fail, its requests stay unanswered
    time.sleep(0.3)   # the server closes that connection, freeing its slot
    b = socket.create_connection(("127.0.0.1", port), timeout=5)
    b.settimeout(0.5)
    try:
        got = b.recv(65536)
    except socket.timeout:
        got = b""
    check(got == b"", f"a new connection was sent {len(got)} bytes it never asked for: {got[:60]!r}")
    b.settimeout(5)
    b.sendall(b"GET /small.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = b.recv(65536)
        if not chunk:
            break
        data += chunk
    b.close()
    got, _ = responses(data)
    check(len(got) == 1 and got[0][0] == 200 and got[0][2] == files["small.txt"],
          f"the new connection's own request: {[(r[0], len(r[2])) for r in got]}")


def main_run(binary, root, files):
    expected_4xx = {400: 0, 404: 0, 405: 0}
    srv = Server(binary, root, "--conns", "16")
    url = srv.url

    no_stale_request(srv.port, files)

    # content, byte for byte, with its headers
    types = {"small.txt": "text/plain; charset=utf-8", "index.html": "text/html; charset=utf-8",
             "big.bin": "application/octet-stream", "empty.txt": "text/plain; charset=utf-8",
             "noext": "application/octet-stream", "pic.png": "image/png",
             "sub/style.css": "text/css; charset=utf-8",
             "sub/index.html": "text/html; charset=utf-8",
             "sub/app.js": "text/javascript; charset=utf-8"}
    for name, data in files.items():
        status, h, body = fetch(f"{url}/{name}")
        check(status == 200, f"GET /{name}: status {status} {body[:200]!r}")
        check(body == data, f"GET /{name}: {len(body)} bytes differ from the file's {len(data)}")
        check(h.get("content-length") == str(len(data)),
              f"GET /{name}: Content-Length {h.get('content-length')}")
        check(h.get("content-type") == types[name], f"GET /{name}: Content-Type {h.get('content-type')}")
        check(h.get(":status-line", "").startswith("HTTP/1.1 "), f"GET /{name}: not HTTP/1.1")
    # curl writing straight to a file: the 1 MiB file compared as curl saved it
    with tempfile.NamedTemporaryFile() as tmp:
        rc, _, err = curl("-o", tmp.name, f"{url}/big.bin")
        with open(tmp.name, "rb") as f:
            check(rc == 0 and f.read() == files["big.bin"], f"curl -o big.bin: {err}")
    # "/" and "/sub/" are their index.html; a query is ignored
    for path, name in (("/", "index.html"), ("/sub/", "sub/index.html"),
                       ("/small.txt?x=1", "small.txt"), ("/sub/./style.css", "sub/style.css"),
                       ("/%73mall.txt", "small.txt")):
        status, _, body = fetch(url + path)
        check(status == 200 and body == files[name], f"GET {path}: {status}")

    # 404: missing, a directory, below a file
    for path in ("/missing.txt", "/sub", "/sub/missing/", "/small.txt/x"):
        status, h, _ = fetch(url + path)
        check(status == 404, f"GET {path}: {status}, not 404")
        expected_4xx[404] += 1
    # 405 with Allow, and the connection stays usable for HEAD and GET
    for method in ("POST", "DELETE", "PUT"):
        status, h, _ = fetch(f"{url}/small.txt", "-X", method)
        check(status == 405, f"{method}: {status}, not 405")
        check(h.get("allow") == "GET, HEAD", f"{method}: Allow {h.get('allow')!r}")
        expected_4xx[405] += 1
    # HEAD: the GET's headers, no body
    for name in ("big.bin", "small.txt", "empty.txt"):
        status, h, body = fetch(f"{url}/{name}", "-I")
        check(status == 200 and body == b"" and
              h.get("content-length") == str(len(files[name])),
              f"HEAD /{name}: {status}, {h.get('content-length')}, {len(body)} bytes of body")
    status, _, _ = fetch(f"{url}/missing", "-I")
    check(status == 404, f"HEAD /missing: {status}")
    expected_4xx[404] += 1

    # ".." is refused with 400, however it is spelt
    for path in ("/../etc/passwd", "/sub/../../etc/passwd", "/%2e%2e/etc/passwd",
                 "/sub/..%2f..%2fetc/passwd", "/sub/.."):
        status, _, _ = fetch(url + path, "--path-as-is")
        check(status == 400, f"GET {path}: {status}, not 400")
        expected_4xx[400] += 1

    # the jail: symbolic links out of the root are 404s, whatever the path
    for path in ESCAPES:
        status, _, body = fetch(url + path, "--path-as-is")
        check(status == 404, f"GET {path} (out of the root): {status} {body[:80]!r}")
        expected_4xx[404] += 1
    # links that stay inside (relative) are followed
    for path, name in (("/in_small", "small.txt"), ("/sub/in_up/small.txt", "small.txt"),
                       ("/sub/in_up/sub/app.js", "sub/app.js")):
        status, _, body = fetch(url + path)
        check(status == 200 and body == files[name], f"GET {path} (inside): {status}")

    # malformed requests, raw: 400 and the connection closed after it
    host = f"Host: 127.0.0.1:{srv.port}\r\n"
    for req in (b"NONSENSE\r\n\r\n",
                b"GET /small.txt\x00.png HTTP/1.1\r\n" + host.encode() + b"\r\n",  # raw NUL
                b"GET /small.txt\x01 HTTP/1.1\r\n" + host.encode() + b"\r\n",
                b"GET /small.txt HTTP/1.1\r\n" + host.encode() + b"Host: other\r\n\r\n",
                b"GET /small.txt HTTP/1.1\r\n" + host.encode() + b"X-A: a\x00b\r\n\r\n",
                b"GET /small.txt HTTP/1.1\nHost: x\n\n",                 # bare \n line ends
                b"GET /small.txt HTTP/1.1\r\nHost: x\n\r\n",
                b"GET /small.txt HTTP/1.1\r\nHost: x\rY: z\r\n\r\n",      # bare \r
                b"GET /small.txt HTTP/9.9\r\n" + host.encode() + b"\r\n",
                b"GET /small.txt HTTP/1.1\r\n\r\n",                    # no Host
                b"GET small.txt HTTP/1.1\r\n" + host.encode() + b"\r\n",
                b"GET /small.txt HTTP/1.1\r\nno colon here\r\n\r\n",
                b"get /small.txt HTTP/1.1\r\n" + host.encode() + b"\r\n",
                b"GET /%zz HTTP/1.1\r\n" + host.encode() + b"\r\n",
                b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\n\r\n"):        # head over 4 KiB
        got = raw(srv.port, req)
        rs, rest = responses(got)
        check(len(rs) == 1 and rs[0][0] == 400 and rest == b"" and
              rs[0][1].get("connection") == "close",
              f"raw {req[:40]!r}: {got[:200]!r}")
        expected_4xx[400] += 1

    # keep-alive: curl reuses its connection for a second URL
    rc, _, err = curl("-v", "-o", "/dev/null", "-o", "/dev/null",
                      f"{url}/small.txt", f"{url}/sub/style.css")
    check(rc == 0 and "Re-using existing connection" in err,
          "curl did not reuse its connection for the second URL")
    # pipelined on one connection, the last asking to close; a HEAD in the middle
    reqs = (f"GET /small.txt HTTP/1.1\r\n{host}\r\n"
            f"HEAD /big.bin HTTP/1.1\r\n{host}\r\n"
            f"GET /big.bin HTTP/1.1\r\n{host}\r\n"
            f"GET /index.html HTTP/1.1\r\n{host}Connection: close\r\n\r\n").encode()
    got = raw(srv.port, reqs)
    # the HEAD's response has a Content-Length but no body: the next one follows at once
    rs, rest = responses(got, heads=(1,))
    check(len(rs) == 4 and rest == b"", f"pipelined: {len(rs)} responses, then {rest[:80]!r}")
    if len(rs) == 4:
        check(rs[0][2] == files["small.txt"], "pipelined: first body")
        check(rs[1][1].get("content-length") == str(len(files["big.bin"])), "pipelined: HEAD")
        check(rs[2][2] == files["big.bin"], "pipelined: big body")
        check(rs[3][2] == files["index.html"] and rs[3][1].get("connection") == "close",
              "pipelined: last body, Connection: close")
    # the same requests written in small pieces, 50 ms apart
    got = raw(srv.port, (f"GET /small.txt HTTP/1.1\r\n{host}User-Agent: pieces\r\n\r\n"
                         f"GET /sub/app.js HTTP/1.1\r\n{host}Connection: close\r\n\r\n").encode(),
              pieces=9)
    rs, rest = responses(got)
    check(len(rs) == 2 and rest == b"" and rs[0][2] == files["small.txt"] and
          rs[1][2] == files["sub/app.js"], f"requests in pieces: {got[:300]!r}")
    # HTTP/1.0 closes by default
    got = raw(srv.port, b"GET /small.txt HTTP/1.0\r\n\r\n")
    rs, rest = responses(got)
    check(len(rs) == 1 and rs[0][2] == files["small.txt"] and rest == b"",
          f"HTTP/1.0: {got[:200]!r}")
    # keep-alive without Connection: close stays open
    got = raw(srv.port, f"GET /small.txt HTTP/1.1\r\n{host}\r\n".encode())
    check(got.endswith(b"<open>"), "HTTP/1.1 without Connection: close was closed")

    # load: wrk, on a small and on the large file
    for path, secs in (("/index.html", "2s"), ("/big.bin", "1s")):
        r = subprocess.run(["wrk", "-t1", "-c8", f"-d{secs}", "--timeout", "5s", url + path],
                           capture_output=True, text=True, timeout=120)
        print(f"wrk {path}:\n{r.stdout}", flush=True)
        m = re.search(r"(\d+) requests in", r.stdout)
        check(r.returncode == 0 and m and int(m.group(1)) > 0, f"wrk {path}: {r.stdout}{r.stderr}")
        m = re.search(r"Non-2xx or 3xx responses: (\d+)", r.stdout)
        check(not m or m.group(1) == "0", f"wrk {path}: {m and m.group(0)}")
        m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                      r.stdout)
        check(not m or (m.group(1), m.group(2), m.group(3)) == ("0", "0", "0"),
              f"wrk {path}: {m and m.group(0)}")

    # still answering, then a clean exit on SIGTERM
    status, _, body = fetch(f"{url}/small.txt")
    check(status == 200 and body == files["small.txt"], f"GET after wrk: {status}")
    srv.proc.send_signal(signal.SIGTERM)
    rc, out = srv.finish()
    print(out, end="", flush=True)
    check(rc == 0, f"exit code {rc} after SIGTERM")
    m = re.search(r"^requests: (\d+) ok, (\d+) 4xx \(400: (\d+), 404: (\d+), 405: (\d+)\), "
                  r"0 5xx, ", out, re.M)
    check(m is not None, f"summary line: {out!r}")
    if m:
        got_4xx = {400: int(m.group(3)), 404: int(m.group(4)), 405: int(m.group(5))}
        check(got_4xx == expected_4xx, f"4xx counts {got_4xx}, expected {expected_4xx}")
        check(int(m.group(2)) == sum(expected_4xx.values()), "4xx total")
        check(int(m.group(1)) > 100, f"only {m.group(1)} ok")


def read_until_closed(s, limit=5.0):
    """Everything @s receives until the server closes (b"" ... plus "<open>"
    when it is still open after @limit seconds, "<reset>" on a reset)."""
    s.settimeout(limit)
    got = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return got
            got += chunk
    except socket.timeout:
        return got + b"<open>"
    except ConnectionResetError:
        return got + b"<reset>"


def read_responses(s, n):
    """Up to @n whole responses from @s: fewer when it closes or stays quiet 5 s."""
    got = b""
    s.settimeout(5.0)
    try:
        while len(responses(got)[0]) < n:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return responses(got)[0]


def capacity_run(binary, root, files):
    """--conns 1: a newcomer takes the place of an idle connection (which is
    closed), or is answered 503 when the one open is inside a request head;
    --requests 4 (the 503 is one) ends the server by itself."""
    srv = Server(binary, root, "--conns", "1", "--requests", "4", "--head-timeout", "3")
    host = f"Host: 127.0.0.1:{srv.port}\r\n"
    req = f"GET /small.txt HTTP/1.1\r\n{host}\r\n".encode()
    a = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    a.sendall(req)
    rs = read_responses(a, 1)
    check(len(rs) == 1 and rs[0][0] == 200, f"first connection: {rs}")
    # a is idle now: b takes its place, a is closed
    b = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    b.sendall(req)
    rs = read_responses(b, 1)
    check(len(rs) == 1 and rs[0][0] == 200 and rs[0][2] == files["small.txt"],
          f"a newcomer while the one connection is idle: {rs}")
    got = read_until_closed(a, 3.0)
    check(got in (b"", b"<reset>"), f"the idle connection was not shed: {got[:80]!r}")
    a.close()
    # b in the middle of a head: not idle, so c is answered 503 and closed
    b.sendall(b"GET /small.txt HTTP/1.1\r\n")
    time.sleep(0.2)
    c = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    got = read_until_closed(c, 3.0)
    rs, rest = responses(got)
    check(len(rs) == 1 and rs[0][0] == 503 and rs[0][1].get("connection") == "close" and
          rest == b"", f"a newcomer while the one connection is busy: {got[:200]!r}")
    c.close()
    # b finishes its head: the fourth response, and --requests 4 ends the server
    b.sendall(f"{host}\r\n".encode())
    rs = read_responses(b, 1)
    check(len(rs) == 1 and rs[0][0] == 200, f"the busy connection's request: {rs}")
    rc, out = srv.finish()
    b.close()
    print(out, end="", flush=True)
    check(rc == 0 and re.search(r"^requests: 3 ok, 0 4xx .*, 1 5xx, 3 connections, "
                                r".* 1 shed, 0 cut short", out, re.M),
          f"--requests 4: exit {rc}, {out!r}")


def slowloris_run(binary, root, files):
    """Heads trickled a byte every 0.2 s: each is cut --head-timeout after its
    first byte, however long it goes on; meanwhile a newcomer is answered 503
    (none of the trickling connections is idle), and after the cut one is
    served."""
    srv = Server(binary, root, "--conns", "2", "--head-timeout", "1.5")
    head = f"GET /small.txt HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\n".encode() + b"X" * 100
    socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=5) for _ in range(2)]
    t0 = time.monotonic()
    cut = [None, None]
    sent = 0
    newcomer = None
    while time.monotonic() - t0 < 6.0 and None in cut and sent < len(head):
        for i, s in enumerate(socks):
            if cut[i] is None:
                try:
                    s.sendall(head[sent:sent + 1])
                    s.setblocking(False)
                    if s.recv(65536) == b"":
                        cut[i] = time.monotonic() - t0
                except BlockingIOError:
                    pass
                except OSError:
                    cut[i] = time.monotonic() - t0
                s.setblocking(True)
        sent += 1
        if newcomer is None and time.monotonic() - t0 > 0.5:
            c = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            newcomer = read_until_closed(c, 2.0)
            c.close()
        time.sleep(0.2)
    for s in socks:
        s.close()
    check(all(t is not None and 1.0 < t < 4.0 for t in cut),
          f"trickled heads cut at {cut} s, not about 1.5 s after their first byte")
    rs, _ = responses(newcomer or b"")
    check(len(rs) == 1 and rs[0][0] == 503, f"a newcomer while both trickle: {newcomer!r}")
    status, _, body = fetch(f"{srv.url}/small.txt")
    check(status == 200 and body == files["small.txt"], f"GET after the cut: {status}")
    srv.proc.send_signal(signal.SIGTERM)
    rc, out = srv.finish()
    print(out, end="", flush=True)
    check(rc == 0 and re.search(r" 2 idle timeouts, ", out), f"slowloris: exit {rc}, {out!r}")


def idle_run(binary, root, files):
    """A new connection that sends nothing closes after --first-timeout; a
    kept-alive one after --idle-timeout from its last response."""
    srv = Server(binary, root, "--first-timeout", "1", "--idle-timeout", "2")
    req = f"GET /small.txt HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\n\r\n".encode()
    t0 = time.monotonic()
    a = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    b = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    b.sendall(req)
    rs = read_responses(b, 1)
    check(len(rs) == 1 and rs[0][0] == 200, f"kept-alive connection: {rs}")
    got = read_until_closed(a, 5.0)
    ta = time.monotonic() - t0
    got_b = read_until_closed(b, 5.0)
    tb = time.monotonic() - t0
    check(got == b"" and 0.5 < ta < 3.0, f"a silent new connection: {got!r} after {ta:.1f} s")
    check(got_b == b"" and 1.5 < tb < 4.5, f"a kept-alive idle one: {got_b!r} after {tb:.1f} s")
    a.close()
    b.close()
    srv.proc.send_signal(signal.SIGTERM)
    rc, out = srv.finish()
    print(out, end="", flush=True)
    check(rc == 0 and re.search(r" 2 idle timeouts, ", out), f"idle: exit {rc}, {out!r}")


def shutdown_run(binary, root, files):
    """SIGTERM with clients in every state: one asked for a 100 MB file and
    reads nothing, one floods pipelined requests and reads nothing, one is
    idle, one half-sent a head.  The server exits 0 after --stop-grace with
    the two responses cut short."""
    big = os.path.join(root, "huge.bin")
    with open(big, "wb") as f:
        f.truncate(100 << 20)   # sparse: 100 MB of zeros, nothing written
    try:
        srv = Server(binary, root, "--stop-grace", "1")
        host = f"Host: 127.0.0.1:{srv.port}\r\n"
        socks = []
        for data in (f"GET /huge.bin HTTP/1.1\r\n{host}\r\n".encode(),
                     f"GET /big.bin HTTP/1.1\r\n{host}\r\n".encode() * 100,
                     b"",
                     b"GET /small.txt HTTP/1.1\r\n"):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(data)
            socks.append(s)
        time.sleep(0.5)   # the sends fill the socket buffers and wait
        t0 = time.monotonic()
        srv.proc.send_signal(signal.SIGTERM)
        rc, out = srv.finish(timeout=15)
        took = time.monotonic() - t0
        print(out, end="", flush=True)
        check(rc == 0, f"SIGTERM with sends in flight: exit {rc} after {took:.1f} s, {out!r}")
        check(re.search(r" 2 cut short$", out, re.M),
              f"SIGTERM with sends in flight: not 2 cut short: {out!r}")
        for s in socks:
            s.close()
    finally:
        os.unlink(big)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    for tool in ("curl", "wrk"):
        if not shutil.which(tool):
            print(f"file_server_test: {tool} is not installed (scripts/deps.sh installs it)")
            return 77
    binary = os.path.abspath(sys.argv[1])
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "www")   # its parent holds what must not be served
        os.mkdir(root)
        files = make_root(root)
        try:
            main_run(binary, root, files)
            capacity_run(binary, root, files)
            slowloris_run(binary, root, files)
            idle_run(binary, root, files)
            shutdown_run(binary, root, files)
        finally:
            for srv in SERVERS:   # a server left running after a failure
                if srv.proc.poll() is None:
                    srv.proc.kill()
                    srv.proc.wait()
    return check.report(time.monotonic() - t0)


if __name__ == "__main__":
    sys.exit(main())
