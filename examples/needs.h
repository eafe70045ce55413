/* SPDX-License-Identifier: MIT */
#ifndef URB_EXAMPLE_NEEDS_H
#define URB_EXAMPLE_NEEDS_H

/*
 * What an example needs of the running kernel, said at start rather than
 * found out halfway: the ops it pushes, each with the first kernel that runs
 * it (from its spec, as urb_op_info() gives it).  The examples make their
 * listening sockets with plain socket(2), bind(2) and listen(2), which every
 * kernel has; only what goes through the ring is checked here.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/utsname.h>

#include <urb.h>

/* The exit status of an example that cannot run on this kernel: ctest's "skipped". */
#define EXAMPLE_UNSUPPORTED 77

/*
 * Whether the running kernel has every op of @ops (as a small bearer of its
 * own finds); for each one it lacks, prints "<prog>: needs the <op> op
 * (Linux X.Y or later); this kernel is <release>" on stdout.  When no bearer
 * can be made at all, true: the example's own set-up then says why.
 */
static inline bool example_kernel_has(const char *prog, const int *ops, size_t n)
{
	struct urb_capacity cap = { .core_queue = 1, .pending_completions = 1 };
	struct utsname u = { .release = "unknown" };
	struct urb_bearer *b;
	bool all = true;

	if (urb_bearer_new(&cap, &b) < 0)
		return true;
	uname(&u);
	for (size_t i = 0; i < n; i++) {
		struct urb_op_info info;

		if (urb_op_supported(b, ops[i]) || urb_op_info(ops[i], &info) < 0)
			continue;
		printf("%s: needs the %s op (Linux %u.%u or later); this kernel is %s\n", prog,
		       info.name, info.since_major, info.since_minor, u.release);
		all = false;
	}
	fflush(stdout);
	urb_bearer_free(b);
	return all;
}

#endif
