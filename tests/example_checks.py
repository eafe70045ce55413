"""What the Python tests of the example programs share: counted checks, and
a server started on port 0 that names its port on its first line."""
import os
import re
import shlex
import subprocess


class Checks:
    """check(cond, what) counts a check and prints FAIL: what when it fails;
    report() prints the summary line ctest matches and gives the exit code."""

    def __init__(self, name):
        self.name = name
        self.failures = []
        self.count = 0

    def __call__(self, cond, what):
        self.count += 1
        if not cond:
            self.failures.append(what)
            print(f"FAIL: {what}", flush=True)

    def report(self, took=None):
        during = "" if took is None else f" in {took:.1f} s"
        if self.failures:
            print(f"{self.name}: FAILED {len(self.failures)} of {self.count} checks{during}")
            return 1
        print(f"{self.name}: all {self.count} checks passed{during}")
        return 0


class Unsupported(SystemExit):
    """The server said the kernel lacks an op it needs.  Uncaught, the test
    exits 77 (skipped); a test with several modes catches it per mode."""

    def __init__(self, words):
        super().__init__(77)
        self.words = words


def start_server(argv, prefix_env, who):
    """Starts @argv under the command in the environment variable @prefix_env
    (e.g. valgrind); its first line must say "listening on 127.0.0.1:PORT".
    Returns (the process, PORT).  Raises Unsupported when the server says
    the kernel lacks an op, and ends the test when it does not start."""
    prefix = shlex.split(os.environ.get(prefix_env, ""))
    proc = subprocess.Popen(prefix + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    line = proc.stdout.readline()
    m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    if not m:
        proc.kill()
        out, err = proc.communicate()
        if re.search(r"needs the \S+ op", line) or "URB_ENOTSUP" in err:
            words = (line + out + err).strip()
            print(f"{who}: the kernel lacks an op:\n{words}", flush=True)
            raise Unsupported(words)
        raise SystemExit(f"{who}: first line {line!r}, not 'listening on ...':\n{out}{err}")
    return proc, int(m.group(1))
