#!/usr/bin/env python3
"""Every example's command line: --help and bad values.

    tests/examples_args_test.py DIR_OF_THE_EXAMPLES

For each example: --help prints its usage on stdout and exits 0 without
running anything (no listener, no load: it returns at once); each bad
value (out of range, not a number, a missing value or a missing required
option, an unknown option, a stray argument) exits 2 with a first line on
stderr that names the option and the value, then the usage.
"""
import os
import subprocess
import sys
import tempfile

from example_checks import Checks

check = Checks("examples_args_test")


def run(binary, args):
    try:
        r = subprocess.run([binary, *args], capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        return None, "", "(still running after 10 s)"
    return r.returncode, r.stdout, r.stderr


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    bindir = sys.argv[1]
    root = tempfile.mkdtemp()
    bad = {
        "file_server": [
            (["--root", root, "--port", "99999"], "--port '99999'"),
            (["--root", root, "--port", "abc"], "--port 'abc'"),
            (["--root", root, "--conns", "0"], "--conns '0'"),
            (["--port", "8080"], "--root is required"),
            (["--root", root, "--port"], "--port needs a value"),
            (["--root", root, "--idle-timeout", "-1"], "--idle-timeout '-1'"),
            (["--root", root, "--head-timeout=soon"], "--head-timeout 'soon'"),
            (["--root", root, "--bogus"], "unknown option '--bogus'"),
            (["--root", root, "stray"], "unexpected argument 'stray'"),
        ],
        "http_hello": [
            (["--port", "99999"], "--port '99999'"),
            (["--max-conns", "0"], "--max-conns '0'"),
            (["--ring-bufs", "abc"], "--ring-bufs 'abc'"),
            (["--idle-timeout", "0"], "--idle-timeout '0'"),
            (["--requests"], "--requests needs a value"),
        ],
        "http_threads": [
            (["--threads", "0"], "--threads '0'"),
            (["--port", "abc"], "--port 'abc'"),
            (["--max-conns", "0"], "--max-conns '0'"),
            (["--handoff=yes"], "--handoff takes no value"),
            (["-x"], "unexpected argument '-x'"),
        ],
        "echo_demo": [
            (["--seconds", "0"], "--seconds '0'"),
            (["--conns", "many"], "--conns 'many'"),
        ],
        "epoll_batch": [
            (["--pairs", "3"], "unknown option '--pairs'"),
            (["now"], "unexpected argument 'now'"),
        ],
        "futex_wake": [
            (["--rounds", "3"], "unknown option '--rounds'"),
        ],
    }
    for name, cases in bad.items():
        binary = os.path.join(bindir, name)
        rc, out, err = run(binary, ["--help"])
        check(rc == 0 and out.startswith(f"usage: {name}") and "listening" not in out and
              err == "", f"{name} --help: exit {rc}, stdout {out[:80]!r}, stderr {err[:200]!r}")
        for args, want in cases:
            rc, out, err = run(binary, args)
            first = err.split("\n", 1)[0]
            check(rc == 2 and first.startswith(f"{name}: ") and want in first and
                  f"usage: {name}" in err and out == "",
                  f"{name} {' '.join(args)}: exit {rc}, stderr {err[:200]!r}, stdout {out[:80]!r}")
    os.rmdir(root)
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
