#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The API fuzzer's coverage as a markdown table.

Reads the output of `fuzz_api --coverage` (lines "api_fuzz: coverage OP
FLAG KIND SEQUENCES") from a file or stdin and prints one row per op and
ring kind, one column per submit flag: the number of sequences in which
such a push reached the kernel.  The moves of fuzz/api_fuzz_more.c add
rows of their own, in the "0" column: "madvise:ADVICE" (done, failed),
"madvise" refused, "msg_ring:TARGET" and "msg_ring_fd:TARGET" by what the
sender heard (TARGET: d<direct slots>,cq<CQ entries>[,coop], itself,
no-ring), raw_msg_ring and raw_msg_ring_fd, and fork (pending, idle).
"""
import sys

FLAGS = ["0", "ASYNC", "LINK", "HARDLINK", "DRAIN", "SKIP_SUCCESS"]


def main():
    src = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    cells = {}
    for line in src:
        part = line.split()
        if len(part) == 6 and part[:2] == ["api_fuzz:", "coverage"]:
            _, _, op, flag, kind, n = part
            cells[(op, kind, flag)] = int(n)
    rows = sorted({(op, kind) for op, kind, _ in cells})
    print("| op | ring kind (or outcome) | " + " | ".join(FLAGS) + " |")
    print("|---|---|" + "---|" * len(FLAGS))
    for op, kind in rows:
        print(f"| {op} | {kind} | " +
              " | ".join(str(cells.get((op, kind, f), "")) for f in FLAGS) + " |")
    return 0 if rows else 1


if __name__ == "__main__":
    sys.exit(main())
