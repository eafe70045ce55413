#!/usr/bin/env python3
"""Runs every test binary of a build under valgrind memcheck.

    scripts/valgrind.py BUILD_DIR [-R REGEX] [-E REGEX]

The tests are ctest's own (`ctest --show-only=json-v1`), with their
arguments, working directory and environment.  Tests whose command is not a
binary of this build (Python, shell) are listed as skipped, with the reason,
but for the scripts in PREFIXED: they start the program they test under a
command given in an environment variable, and get valgrind there.
A test fails when valgrind reports an error or a leak (--leak-check=full)
or when the test itself fails.  Tests that would take too long under
valgrind shorten themselves (they check RUNNING_ON_VALGRIND) and say so.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

VALGRIND_ERROR = 99
TIMEOUT_S = 900

# Valgrind 3.19 holds its big lock through io_uring_enter(): while one
# thread waits on a ring, no other thread of the program runs.  A test whose
# second thread must make progress during such a wait cannot pass under it.
THREADS_WAIT = ("its second thread must run while the first waits in io_uring_enter(), "
                "which valgrind 3.19 does not allow")
SKIP = {
    "http_hello": THREADS_WAIT,
    "http_hello_small_ring": THREADS_WAIT,
    "futex_wake": THREADS_WAIT,
    "fuzz_cqe_strict_short": ("the same harness and code paths as fuzz_cqe_short, which runs "
                              "under valgrind; strict mode adds checks, not memory accesses"),
}

# Scripts that drive a program of this build and run it under the command in
# the named environment variable; each process it starts logs on its own.
PREFIXED = {
    "http_threads": "HTTP_THREADS_PREFIX",
    "file_server": "FILE_SERVER_PREFIX",
    "hello_servers_http_hello": "HELLO_SERVERS_PREFIX",
    "hello_servers_http_threads": "HELLO_SERVERS_PREFIX",
    "hello_servers_http_threads_handoff": "HELLO_SERVERS_PREFIX",
}


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def valgrind_complained(logdir, name):
    """Whether a PREFIXED test's processes report an error (or none ran under valgrind)."""
    logs = list(logdir.glob(f"{name}.*.log"))
    return not logs or any(not re.search(r"ERROR SUMMARY: 0 errors", log.read_text())
                           for log in logs)


def properties(test):
    return {p["name"]: p["value"] for p in test.get("properties", [])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build")
    ap.add_argument("-R", dest="include", help="only tests matching this regex")
    ap.add_argument("-E", dest="exclude", help="not the tests matching this regex")
    args = ap.parse_args()
    build = Path(args.build).resolve()

    shown = subprocess.run(["ctest", "--show-only=json-v1"], cwd=build, check=True,
                           capture_output=True, text=True).stdout
    tests = json.loads(shown)["tests"]
    logdir = build / "valgrind"
    logdir.mkdir(exist_ok=True)
    failed, skipped, passed = [], [], 0
    t_all = time.monotonic()
    for test in tests:
        name, command = test["name"], test.get("command") or []
        if args.include and not re.search(args.include, name):
            continue
        if args.exclude and re.search(args.exclude, name):
            continue
        prefixed = name in PREFIXED
        if not prefixed and (not command or not is_elf(command[0]) or
                             not Path(command[0]).resolve().is_relative_to(build)):
            why = Path(command[0]).name if command else "no command"
            skipped.append(f"{name} (not a binary of this build: {why})")
            continue
        if name in SKIP:
            skipped.append(f"{name} ({SKIP[name]})")
            continue
        props = properties(test)
        env = dict(os.environ, URB_VALGRIND="1")
        for kv in props.get("ENVIRONMENT", []):
            k, _, v = kv.partition("=")
            env[k] = v
        log = logdir / f"{name}.log"
        vg = ["valgrind", "--tool=memcheck", "--leak-check=full", "--show-leak-kinds=definite,indirect,possible",
              "--errors-for-leak-kinds=definite,indirect,possible", f"--error-exitcode={VALGRIND_ERROR}",
              "--track-fds=no", f"--log-file={log}"]
        if prefixed:
            for old in logdir.glob(f"{name}.*.log"):
                old.unlink()
            log = logdir / f"{name}.%p.log"
            vg[-1] = f"--log-file={log}"
            env[PREFIXED[name]] = shlex.join(vg)
            cmd = command
        else:
            cmd = vg + command
        t0 = time.monotonic()
        try:
            proc = subprocess.run(cmd, cwd=props.get("WORKING_DIRECTORY", build), env=env,
                                  capture_output=True, text=True, timeout=TIMEOUT_S)
            rc, out = proc.returncode, proc.stdout + proc.stderr
        except subprocess.TimeoutExpired as e:
            rc, out = None, (e.stdout or b"").decode(errors="replace")
        took = time.monotonic() - t0
        verdict = "ok"
        if rc is None:
            verdict = f"timed out after {TIMEOUT_S} s"
        elif rc == VALGRIND_ERROR or (prefixed and valgrind_complained(logdir, name)):
            verdict = "valgrind errors"
        elif "WILL_FAIL" in props and props["WILL_FAIL"]:
            verdict = "ok" if rc != 0 else "passed but WILL_FAIL"
        elif rc != 0:
            verdict = f"test failed (exit {rc})"
        elif "PASS_REGULAR_EXPRESSION" in props and not any(
                re.search(p, out, re.DOTALL) for p in props["PASS_REGULAR_EXPRESSION"]):
            verdict = "test output lacks its pass pattern"
        notes = [line for line in out.splitlines() if "valgrind" in line.lower()]
        print(f"{name:32s} {verdict:24s} {took:6.1f} s" +
              (f"   ({notes[0].strip()})" if notes else ""), flush=True)
        if verdict == "ok":
            passed += 1
            continue
        failed.append(name)
        print(out[-3000:])
        for one in logdir.glob(log.name.replace("%p", "*")):
            print(one.read_text()[-6000:])
    for s in skipped:
        print(f"skipped: {s}")
    print(f"{time.monotonic() - t_all:.0f} s; logs in {logdir}")
    if failed:
        print("failed under valgrind: " + ", ".join(failed))
    print(f"valgrind: {passed} passed, {len(failed)} failed, {len(skipped)} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
