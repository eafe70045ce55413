#!/bin/sh
# bench_smoke: the NOP benchmark runs a few hundred ops and reports its
# RESULT lines.  No timing is checked: tests never assert times.
set -u
out=$("$1" --iters 256 --reps 1 --cpu 0) || { echo "$out"; echo "bench_nop failed"; exit 1; }
echo "$out"
for name in nop_b1 nop_b32 nop_b1_fifo nop_b32_fifo; do
	echo "$out" | grep -Eq "^RESULT $name ns_per_op [0-9.]+ [0-9.]+ [0-9.]+\$" ||
		{ echo "no RESULT line for $name"; exit 1; }
done
echo "bench_smoke: ok"
