#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""urb's plain test pass and the demo on the kernels of tests/kernels.list.

Each kernel boots under qemu (TCG: no KVM needed) from a small initramfs of
busybox and the kernel's own virtio and 9p modules.  The guest mounts the
host's / read-only over virtio-9p, lays a tmpfs over it (overlayfs: what the
tests write stays in the guest), brings up lo, chroots in and runs the
binaries already built on the host: urb-probe, ctest on the plain build, then
the echo demo.  Then it powers off.  A kernel whose image is not to be had
(`host` when /boot has no image of the running kernel) runs the same pass on
the machine itself, which is that kernel.

    scripts/kernels.py [--build build] [--only NAME,...] [--ci] [--tests REGEX]

Exits 0 when every kernel's pass passed, 1 otherwise, 2 on a usage error.
"""
import argparse
import lzma
import os
import re
import resource
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST = os.path.join(ROOT, "tests", "kernels.list")

# What the guest needs to reach the host's files, in the order they load:
# each depends only on those before it.  A module the kernel has built in
# has no file and is passed over.
MODULES = ["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
           "virtio_pci", "netfs", "fscache", "9pnet", "9pnet_virtio", "9p", "overlay"]

# Tests that ask nothing of the kernel (the generator, the docs, the man
# pages, the install, the CQE fuzzers' mocked rings): the same on every
# kernel, and slow under emulation (Python and compilers run 20 to 50 times
# slower).  Left out of every kernel's pass unless --all.
KERNEL_FREE = ("^(generated_up_to_date|codegen_golden|docs_examples|install_consumers|docs_build|"
               "errors_doc_up_to_date|man_pages|fuzz_cqe_short|fuzz_cqe_strict_short|"
               "opcode_coverage_catches)$")

# Each test's own TIMEOUT is meant for the host; under TCG a test runs
# several times slower, so ctest's default (tests without one) is this.
TEST_TIMEOUT = 600
# The whole VM: boot, the pass, power-off.  Killed past it.
VM_TIMEOUT = 3600

BUSYBOX = "/bin/busybox"


def log(msg):
    print(f"kernels: {msg}", flush=True)


def read_list(path):
    """[(name, source, flags)] from tests/kernels.list."""
    kernels = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if len(line) < 2:
                raise SystemExit(f"{path}:{n}: want `name source [ci]`")
            kernels.append((line[0], line[1], set(line[2:])))
    return kernels


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def deb_image(package):
    """The concrete linux-image package a name stands for (a metapackage's dependency)."""
    if re.match(r"linux-image-\d", package):
        return package
    for line in run(["apt-cache", "depends", package]).splitlines():
        m = re.match(r"\s*Depends:\s*(linux-image-\d\S*)", line)
        if m:
            return m.group(1)
    raise RuntimeError(f"{package}: no linux-image-<version> among its dependencies")


def fetch_deb(package, cache):
    """Downloads and unpacks a kernel package once; gives (vmlinuz, modules dir)."""
    image = deb_image(package)
    dest = os.path.join(cache, image)
    if not os.path.isdir(os.path.join(dest, "boot")):
        tmp = tempfile.mkdtemp(dir=cache)
        try:
            log(f"fetching {image}")
            run(["apt-get", "download", image], cwd=tmp)
            debs = [d for d in os.listdir(tmp) if d.endswith(".deb")]
            unpacked = os.path.join(tmp, "root")
            run(["dpkg-deb", "-x", os.path.join(tmp, debs[0]), unpacked])
            shutil.rmtree(dest, ignore_errors=True)
            os.rename(unpacked, dest)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    boots = [b for b in os.listdir(os.path.join(dest, "boot")) if b.startswith("vmlinuz-")]
    release = boots[0][len("vmlinuz-"):]
    return os.path.join(dest, "boot", boots[0]), os.path.join(dest, "lib", "modules", release)


def find_modules(moddir):
    """{name: path} of the MODULES files under a modules directory (may be absent)."""
    found = {}
    for dirpath, _, files in os.walk(moddir or "/nonexistent"):
        for f in files:
            m = re.match(r"(.+)\.ko(\.xz)?$", f)
            if m and m.group(1).replace("-", "_") in MODULES:
                found[m.group(1).replace("-", "_")] = os.path.join(dirpath, f)
    return found


class Cpio:
    """An initramfs archive (cpio newc), as the kernel unpacks it."""

    def __init__(self):
        self.data = bytearray()
        self.ino = 1

    def _pad(self):
        self.data += b"\0" * (-len(self.data) % 4)

    def add(self, name, mode, body=b"", rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        fields = (self.ino, mode, 0, 0, 1, 0, len(body), 0, 0, rdev[0], rdev[1],
                  len(name_b), 0)
        self.ino += 1
        self.data += b"070701" + "".join(f"{v:08X}" for v in fields).encode() + name_b
        self._pad()
        self.data += body
        self._pad()

    def dir(self, name):
        self.add(name, 0o040755)

    def file(self, name, body, mode=0o644):
        self.add(name, 0o100000 | mode, body)

    def finish(self):
        self.add("TRAILER!!!", 0)
        return bytes(self.data)


INIT = r"""#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules/order); do
	[ -e /modules/$m.ko ] && { insmod /modules/$m.ko || echo "urb-vm: insmod $m failed"; }
done
fail() { echo "urb-vm: $*"; echo "urb-vm: status 125"; poweroff -f; sleep 5; }
mkdir -p /lower /scratch /root
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /lower ||
	fail "cannot mount the host's / over virtio-9p"
mount -t tmpfs -o size=75% scratch /scratch
mkdir -p /scratch/upper /scratch/work
mount -t overlay -o lowerdir=/lower,upperdir=/scratch/upper,workdir=/scratch/work root /root ||
	fail "cannot lay a tmpfs over the host's /"
mount -t proc proc /root/proc
mount -t sysfs sys /root/sys
mount -t devtmpfs dev /root/dev
mkdir -p /root/dev/pts /root/dev/shm
mount -t devpts devpts /root/dev/pts
mount -t tmpfs shm /root/dev/shm
# no tmpfs over /tmp: a build there (a CI clone) must stay visible; the
# overlay already makes /tmp writable, in the scratch tmpfs
mount -t tmpfs run /root/run
ip link set lo up || ifconfig lo 127.0.0.1 up
hostname urb-vm
# the host's limits: the pass differs from the host's by the kernel alone
ulimit -n @NOFILE@ && ulimit -l @MEMLOCK@ || echo "urb-vm: cannot set the host's limits"
cp /pass.sh /root/tmp/urb-vm-pass.sh
echo "urb-vm: kernel $(uname -r) ($(cat /proc/version))"
echo "urb-vm: cpus $(grep -c ^processor /proc/cpuinfo), memory $(grep MemTotal /proc/meminfo)"
chroot /root /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root \
	TMPDIR=/tmp LANG=C.UTF-8 /bin/sh /tmp/urb-vm-pass.sh
echo "urb-vm: status $?"
poweroff -f
"""


def init_script():
    """/init, with this process's limits on open files and locked memory."""
    def limit(which, unit):
        soft = resource.getrlimit(which)[0]
        return "unlimited" if soft == resource.RLIM_INFINITY else str(soft // unit)
    return (INIT.replace("@NOFILE@", limit(resource.RLIMIT_NOFILE, 1))
            .replace("@MEMLOCK@", limit(resource.RLIMIT_MEMLOCK, 1024)))


def pass_script(build, tests, exclude, test_timeout, demo_seconds):
    """The pass, as sh: urb-probe, ctest on the plain build, the demo.

    Its exit status is 0 when ctest and the demo both passed.  Every line of
    its own starts with `urb-vm:`, which the host reads back.
    """
    regex = (f" -R {shlex.quote(tests)}" if tests else "") + \
        (f" -E {shlex.quote(exclude)}" if exclude else "")
    return f"""set -u
cd {shlex.quote(build)} || exit 125
echo "urb-vm: urb-probe"
./tools/urb-probe
start=$(date +%s)
echo "urb-vm: ctest{regex}"
ctest --output-on-failure --timeout {test_timeout}{regex}
ctest_rc=$?
echo "urb-vm: ctest exit $ctest_rc after $(( $(date +%s) - start )) s"
echo "urb-vm: echo_demo --seconds {demo_seconds} --conns 4"
./examples/echo_demo --seconds {demo_seconds} --conns 4
demo_rc=$?
echo "urb-vm: echo_demo exit $demo_rc"
[ $ctest_rc -eq 0 ] && [ $demo_rc -eq 0 ]
"""


def initramfs(modules, pass_sh):
    c = Cpio()
    for d in ("bin", "dev", "proc", "sys", "modules", "lower", "scratch", "root"):
        c.dir(d)
    c.add("dev/console", 0o020600, rdev=(5, 1))
    with open(BUSYBOX, "rb") as f:
        c.file("bin/busybox", f.read(), 0o755)
    c.file("init", init_script().encode(), 0o755)
    c.file("pass.sh", pass_sh.encode(), 0o755)
    order = []
    for name in MODULES:
        if name in modules:
            path = modules[name]
            with open(path, "rb") as f:
                body = f.read()
            if path.endswith(".xz"):
                body = lzma.decompress(body)
            c.file(f"modules/{name}.ko", body)
            order.append(name)
    c.file("modules/order", (" ".join(order) + "\n").encode())
    return c.finish()


def stream(cmd, name, logfile, timeout, **kw):
    """Runs cmd, copying its output to stdout (each line led by the kernel's
    name) and to logfile; kills it after timeout s.  Gives (lines, timed out)."""
    lines = []
    deadline = time.monotonic() + timeout
    with open(logfile, "w", encoding="utf-8") as out:
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True, **kw)
        buf = b""
        timed_out = False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                os.killpg(p.pid, signal.SIGKILL)
                break
            ready, _, _ = select.select([p.stdout], [], [], min(left, 5))
            if not ready:
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
            *done, buf = buf.split(b"\n")
            for raw in done:
                line = raw.decode("utf-8", "replace").rstrip("\r")
                lines.append(line)
                out.write(line + "\n")
                print(f"[{name}] {line}", flush=True)
        if buf:
            lines.append(buf.decode("utf-8", "replace"))
        p.wait()
    return lines, timed_out


def qemu_cmd(vmlinuz, initrd, cpus, memory):
    return ["qemu-system-x86_64", "-accel", "tcg,thread=multi", "-cpu", "max",
            "-smp", str(cpus), "-m", str(memory), "-nodefaults", "-no-user-config",
            "-display", "none", "-serial", "stdio", "-no-reboot",
            "-kernel", vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 panic=-1 quiet loglevel=3",
            "-fsdev", "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap",
            "-device", "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"]


def summarise(name, lines, timed_out, seconds, booted):
    """One line for the kernel's pass; and whether it passed."""
    status = None
    ctest = demo = ""
    for line in lines:
        m = re.match(r"urb-vm: status (\d+)", line)
        if m:
            status = int(m.group(1))
        if re.search(r"tests passed, \d+ tests? failed out of \d+", line):
            ctest = line.strip()
        if line.startswith("round trips:"):
            demo = line.strip()
    skipped = sum(1 for line in lines if re.search(r"\*\*\*Skipped\s", line))
    failed = [m.group(1) for m in (re.match(r"\s*\d+ - (\S+) \((Failed|Timeout|Not Run)", x)
                                   for x in lines) if m]
    if timed_out:
        verdict = f"TIMED OUT after {seconds:.0f} s"
    elif status is None:
        verdict = "FAILED: the pass did not finish (no status from the guest)"
    else:
        verdict = "passed" if status == 0 else f"FAILED (status {status})"
    parts = [f"{name}: kernel {booted or '?'}: {verdict} in {seconds:.0f} s"]
    if ctest:
        parts.append(f"ctest {ctest}, {skipped} skipped")
    if failed:
        parts.append("failed: " + " ".join(failed))
    if demo:
        parts.append(f"echo_demo {demo}")
    return "; ".join(parts), status == 0 and not timed_out


def run_kernel(name, source, args, cache):
    logfile = os.path.join(cache, f"{name}.log")
    pass_sh = pass_script(os.path.abspath(args.build), args.tests,
                          None if args.all else KERNEL_FREE, args.test_timeout, args.demo_seconds)
    if args.run:
        pass_sh = f"cd {shlex.quote(os.path.abspath(args.build))} && {args.run}\n"
    release = os.uname().release
    if source == "host":
        vmlinuz = f"/boot/vmlinuz-{release}"
        moddir = f"/lib/modules/{release}"
        if not os.path.exists(vmlinuz):
            log(f"{name}: /boot has no image of the running kernel {release}: "
                "the pass runs on this machine, which runs that kernel")
            start = time.monotonic()
            with tempfile.NamedTemporaryFile("w", suffix=".sh") as f:
                f.write(pass_sh.replace("echo \"urb-vm: urb-probe\"",
                                        f"echo \"urb-vm: kernel {release} (this machine)\"\n"
                                        "echo \"urb-vm: urb-probe\""))
                f.flush()
                lines, timed_out = stream(
                    ["sh", "-c", f"sh {f.name}; echo \"urb-vm: status $?\""],
                    name, logfile, args.vm_timeout)
            return summarise(name, lines, timed_out, time.monotonic() - start,
                             f"{release} (this machine, no image to boot)")
    elif source.startswith("deb:"):
        vmlinuz, moddir = fetch_deb(source[4:], cache)
    elif source.startswith("file:"):
        vmlinuz = source[5:]
        moddir = None
    else:
        raise SystemExit(f"{name}: unknown source {source!r} in {LIST}")
    initrd = os.path.join(cache, f"{name}.initrd")
    with open(initrd, "wb") as f:
        f.write(initramfs(find_modules(moddir), pass_sh))
    log(f"{name}: booting {vmlinuz} under qemu (TCG, {args.cpus} CPUs, {args.memory} MiB)")
    start = time.monotonic()
    lines, timed_out = stream(qemu_cmd(vmlinuz, initrd, args.cpus, args.memory),
                              name, logfile, args.vm_timeout)
    booted = next((m.group(1) for m in (re.match(r"urb-vm: kernel (\S+)", x) for x in lines)
                   if m), None)
    return summarise(name, lines, timed_out, time.monotonic() - start, booted)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build", help="the plain build directory (built)")
    ap.add_argument("--list", default=LIST, help="the kernel list")
    ap.add_argument("--only", help="comma-separated names from the list")
    ap.add_argument("--ci", action="store_true", help="only the kernels marked ci")
    ap.add_argument("--tests", help="a ctest -R regex (default: every test)")
    ap.add_argument("--all", action="store_true",
                    help="the tests that ask nothing of the kernel too (KERNEL_FREE)")
    ap.add_argument("--cache", help="where kernels and logs go (default BUILD/kernels)")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--memory", type=int, default=2048, help="MiB")
    ap.add_argument("--test-timeout", type=int, default=TEST_TIMEOUT,
                    help="ctest's timeout for tests that set none (s)")
    ap.add_argument("--vm-timeout", type=int, default=VM_TIMEOUT, help="per kernel (s)")
    ap.add_argument("--demo-seconds", type=float, default=2)
    ap.add_argument("--run", metavar="CMD",
                    help="run this shell command in the build directory instead of the pass")
    args = ap.parse_args()

    kernels = read_list(args.list)
    if args.only:
        want = args.only.split(",")
        unknown = set(want) - {k[0] for k in kernels}
        if unknown:
            ap.error(f"not in {args.list}: {', '.join(sorted(unknown))}")
        kernels = [k for k in kernels if k[0] in want]
    if args.ci:
        kernels = [k for k in kernels if "ci" in k[2]]
    if not os.path.exists(os.path.join(args.build, "tools", "urb-probe")):
        ap.error(f"{args.build}: not built (make build)")
    cache = os.path.abspath(args.cache or os.path.join(args.build, "kernels"))
    os.makedirs(cache, exist_ok=True)

    results = []
    for name, source, _ in kernels:
        try:
            results.append(run_kernel(name, source, args, cache))
        except (OSError, RuntimeError, subprocess.CalledProcessError) as e:
            detail = getattr(e, "stderr", "") or ""
            results.append((f"{name}: FAILED before the pass: {e} {detail.strip()}", False))
    print("kernels: summary (logs in " + cache + ")")
    for line, _ in results:
        print(f"  {line}")
    return 0 if results and all(ok for _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
