#!/usr/bin/env python3
"""echo_demo stopped by SIGTERM and by SIGINT mid-load ends clean.

    tests/echo_demo_stop_test.py PATH_TO_ECHO_DEMO

Each run starts a 60-second load, sends the signal after a second, and
expects exit 0 within 10 s, the summary line and "ok".
"""
import signal
import subprocess
import sys
import time

from example_checks import Checks

check = Checks("echo_demo_stop_test")


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    for sig in (signal.SIGTERM, signal.SIGINT):
        p = subprocess.Popen([sys.argv[1], "--seconds", "60"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        p.send_signal(sig)
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            check(False, f"{sig.name}: still running 10 s after the signal")
            continue
        check(p.returncode == 0, f"{sig.name}: exit {p.returncode} (stderr: {err.strip()!r})")
        check("round trips: " in out, f"{sig.name}: a summary line")
        check(out.rstrip().endswith("ok"), f"{sig.name}: ends with ok")
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
