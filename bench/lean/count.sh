#!/bin/sh
# SPDX-License-Identifier: MIT
# count.sh [BUILD] [FILE]: user-space instructions per op under callgrind,
# raw liburing against urb against lean, for NOP (batches of 1 and 32),
# ping-pong (per round trip) and randread (per read of FILE), each split
# into its parts by parts.py.  Only each benchmark's timed loop is counted
# (--toggle-collect on its *_run / *_pp_loop / *_rr_loop function).
set -e
B=${1:-build}/bench
F=${2:-/var/tmp/rr.dat}
P=$(dirname "$0")/parts.py
O=$(mktemp -d)
N=8000 R=2000 I=4000

cg() { # cg OUT PATTERN COMMAND...
	out=$1 pat=$2
	shift 2
	valgrind --tool=callgrind --callgrind-out-file="$O/$out" --toggle-collect="$pat" "$@" \
		>/dev/null 2>&1
}

for bt in 1 32; do
	cg raw "*_run" "$B/bench_nop" --only raw --batch $bt --iters $N --reps 1
	cg urb "*_run" "$B/bench_nop" --only lifo --batch $bt --iters $N --reps 1
	cg lean "*_run" "$B/bench_lean" nop --batch $bt --iters $N
	echo "NOP batch $bt, per op"
	python3 "$P" $N raw="$O/raw" urb="$O/urb" lean="$O/lean"
done
cg raw "*_pp_loop*" "$B/bench_pingpong" --only raw --rts $R --reps 1
cg urb "*_pp_loop*" "$B/bench_pingpong" --only urb --rts $R --reps 1
cg lean "*_pp_loop*" "$B/bench_lean" pingpong --rts $R
echo "ping-pong, per round trip (4 ops)"
python3 "$P" $R raw="$O/raw" urb="$O/urb" lean="$O/lean"
if [ -r "$F" ]; then
	cg raw "*_rr_loop*" "$B/bench_randread" --file "$F" --only raw --ios $I
	cg urb "*_rr_loop*" "$B/bench_randread" --file "$F" --only urb --ios $I
	cg lean "*_rr_loop*" "$B/bench_lean" randread --file "$F" --ios $I
	echo "randread (read_fixed, depth 32), per read"
	python3 "$P" $I raw="$O/raw" urb="$O/urb" lean="$O/lean"
fi
rm -rf "$O"
