#!/usr/bin/env python3
"""ctest urb_probe: runs urb-probe and urb-probe --json and checks them.

    check_probe.py <urb-probe> <spec/ops dir>

Every op in spec/ops/*.yaml must be listed in both outputs, nop must be
supported (every kernel io_uring runs on has it), --json must parse and
name the same ops with the same support as the text output, and both
must say what ring set-up a bearer runs with (NO_SQARRAY among the flags
not used, with why).
"""
import json
import pathlib
import re
import subprocess
import sys


def fail(msg):
    print(f"FAILED: {msg}")
    sys.exit(1)


def run(probe, *args):
    p = subprocess.run([probe, *args], capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        fail(f"urb-probe {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def main():
    probe, spec_dir = sys.argv[1], pathlib.Path(sys.argv[2])
    spec_ops = set()
    for f in sorted(spec_dir.glob("*.yaml")):
        m = re.search(r"^op:\s*(\S+)", f.read_text(), re.M)
        if not m:
            fail(f"{f} has no op: line")
        spec_ops.add(m.group(1))
    if not spec_ops:
        fail(f"no ops in {spec_dir}")

    text = run(probe)
    print(text)
    for key in ("urb:", "kernel:", "liburing:", "io_uring:", "setup:"):
        if not re.search(rf"^{key}\s+\S", text, re.M):
            fail(f"text output has no '{key}' line")
    rows = {}
    for line in text.splitlines():
        cols = line.split()
        if len(cols) == 5 and cols[1] in ("yes", "no"):
            rows[cols[0]] = cols
    if set(rows) != spec_ops:
        fail(f"text output lists {sorted(rows)}, spec/ops has {sorted(spec_ops)}")
    if rows["nop"][1] != "yes":
        fail("nop is not supported")

    raw = run(probe, "--json")
    # python3 -m json.tool: the output is valid JSON for any JSON reader.
    tool = subprocess.run([sys.executable, "-m", "json.tool"], input=raw,
                          capture_output=True, text=True)
    if tool.returncode != 0:
        fail(f"--json output is not valid JSON: {tool.stderr}\n{raw}")
    doc = json.loads(raw)
    for key in ("urb", "kernel", "liburing", "io_uring", "ring_features", "ring_setup", "ops"):
        if key not in doc:
            fail(f"--json has no '{key}'")
    setup = doc["ring_setup"]
    used = re.search(r"^setup:\s+0x([0-9a-f]+)((?: [A-Z_]+)*) \(", text, re.M)
    if not used or int(used.group(1), 16) != setup["setup_flags"] or \
            used.group(2).split() != setup["used"]:
        fail(f"text and --json disagree on the ring set-up: {setup}")
    not_used = {n["name"]: n["why"] for n in setup["not_used"]}
    if "NO_SQARRAY" not in not_used or "liburing" not in not_used["NO_SQARRAY"] or \
            "NO_SQARRAY" in setup["used"]:
        fail(f"NO_SQARRAY is not reported as not used, with why: {setup}")
    ops = {o["name"]: o for o in doc["ops"]}
    if set(ops) != spec_ops:
        fail(f"--json lists {sorted(ops)}, spec/ops has {sorted(spec_ops)}")
    for name, o in ops.items():
        if o["supported"] != (rows[name][1] == "yes"):
            fail(f"{name}: text and --json disagree on support")
        if o["min_kernel"] != rows[name][2] or o["lifetime"] != rows[name][3]:
            fail(f"{name}: text and --json disagree on min_kernel or lifetime")
        if not re.fullmatch(r"[a-z_]+", o["lifetime"]):
            fail(f"{name}: lifetime {o['lifetime']!r}")
        if not re.fullmatch(r"\d+\.\d+", o["min_kernel"]):
            fail(f"{name}: min_kernel {o['min_kernel']!r}")
    if not doc["io_uring"]["available"]:
        fail(f"io_uring not available: {doc['io_uring']['error']}")
    feats = doc["ring_features"]
    if "NODROP" not in feats["names"] or feats["value"] == 0:
        fail(f"ring features {feats} lack NODROP (every kernel since 5.5)")
    bad = subprocess.run([probe, "--bogus"], capture_output=True, text=True)
    if bad.returncode != 2:
        fail(f"urb-probe --bogus exited {bad.returncode}, expected 2")
    print(f"urb_probe: ok ({len(ops)} ops)")


if __name__ == "__main__":
    main()
