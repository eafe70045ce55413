#!/usr/bin/env python3
"""Every opcode the running kernel knows has a spec in spec/ops/ or a reason
in spec/opcodes.yaml (issue #11).  The kernel's answer comes from liburing's
probe (io_uring_get_probe), read with ctypes; the generator already checks
the table against the specs, so this checks the table against the kernel."""
import ctypes
import ctypes.util
import sys
from pathlib import Path

import yaml

IO_URING_OP_SUPPORTED = 1


def kernel_opcodes():
    """The opcodes the running kernel supports, from liburing's probe."""
    name = ctypes.util.find_library("uring") or "liburing.so.2"
    lib = ctypes.CDLL(name)
    lib.io_uring_get_probe.restype = ctypes.c_void_p
    lib.io_uring_free_probe.argtypes = [ctypes.c_void_p]
    probe = lib.io_uring_get_probe()
    if not probe:
        return None
    # struct io_uring_probe: u8 last_op, u8 ops_len, u16, u32[3], then ops of
    # { u8 op, u8 resv, u16 flags, u32 resv2 }
    last_op = ctypes.c_uint8.from_address(probe).value
    ops_len = ctypes.c_uint8.from_address(probe + 1).value
    supported = []
    for i in range(min(ops_len, last_op + 1)):
        base = probe + 16 + 8 * i
        op = ctypes.c_uint8.from_address(base).value
        flags = ctypes.c_uint16.from_address(base + 2).value
        if flags & IO_URING_OP_SUPPORTED:
            supported.append(op)
    lib.io_uring_free_probe(probe)
    return supported


def main():
    args = sys.argv[1:]
    pretend = []  # --pretend N: as if the kernel also knew opcode N (the check's own test)
    while "--pretend" in args:
        i = args.index("--pretend")
        pretend.append(int(args[i + 1]))
        del args[i:i + 2]
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    table = yaml.safe_load((root / "spec" / "opcodes.yaml").read_text())["opcodes"]
    specs = {}
    for path in sorted((root / "spec" / "ops").glob("*.yaml")):
        op = yaml.safe_load(path.read_text())
        specs.setdefault(op["kernel"]["number"], []).append(op["op"])
    supported = kernel_opcodes()
    if supported is None:
        print("opcode_coverage: skipped: io_uring is not available")
        return 0
    supported += pretend
    problems = []
    with_spec = with_reason = 0
    for number in supported:
        entry = table[number] if number < len(table) else None
        if entry is None:
            problems.append(f"the kernel knows opcode {number}, which spec/opcodes.yaml "
                            f"does not list: add it, with a spec or a reason")
        elif number in specs:
            with_spec += 1
        elif entry.get("reason"):
            with_reason += 1
        else:
            problems.append(f"{entry['name']} ({number}) has neither a spec nor a reason")
    for p in problems:
        print("FAILED:", p)
    print(f"opcode_coverage: the kernel knows {len(supported)} opcodes: {with_spec} with "
          f"specs, {with_reason} with a reason to stand outside, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
