/* SPDX-License-Identifier: MIT */
#ifndef URB_BENCH_RING_H
#define URB_BENCH_RING_H

/*
 * The raw liburing baselines run on the ring set-up urb's bearers run with
 * on this machine: the same IORING_SETUP_* flags (read from a bearer with
 * urb_bearer_setup(), so that a kernel urb falls back on gives both sides
 * the same), and a registered ring fd when urb has one.  Otherwise the
 * comparison flatters one side.  Each side prints one line:
 *
 *   SETUP <side> flags=0x<IORING_SETUP_*> <names> [REGISTERED_RING_FD]
 */

#include <liburing.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <urb.h>

#include "bench.h"

static inline void bench_setup_line(const char *side, uint32_t flags, bool registered)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} names[] = {
		{ IORING_SETUP_SQPOLL, "SQPOLL" },
		{ IORING_SETUP_SQ_AFF, "SQ_AFF" },
		{ IORING_SETUP_CQSIZE, "CQSIZE" },
		{ IORING_SETUP_SUBMIT_ALL, "SUBMIT_ALL" },
		{ IORING_SETUP_COOP_TASKRUN, "COOP_TASKRUN" },
		{ IORING_SETUP_TASKRUN_FLAG, "TASKRUN_FLAG" },
		{ IORING_SETUP_SINGLE_ISSUER, "SINGLE_ISSUER" },
		{ IORING_SETUP_DEFER_TASKRUN, "DEFER_TASKRUN" },
	};

	printf("SETUP %s flags=0x%x", side, flags);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].flag)
			printf(" %s", names[i].name);
	printf("%s\n", registered ? " REGISTERED_RING_FD" : "");
	fflush(stdout);
}

/* The SETUP line of a bearer. */
static inline void bench_setup_of(const char *side, const struct urb_bearer *b)
{
	struct urb_ring_setup_info info;

	if (urb_bearer_setup(b, &info) < 0)
		BENCH_DIE("urb_bearer_setup failed");
	bench_setup_line(side, info.setup_flags, info.used & URB_RING_REGISTERED_FD);
}

/* What a bearer built with @cap runs with here (built, read, freed). */
static inline void bench_setup_info(const struct urb_capacity *cap,
				    struct urb_ring_setup_info *info)
{
	struct urb_bearer *b;
	int rc = urb_bearer_new(cap, &b);

	if (rc < 0)
		BENCH_DIE("urb_bearer_new: %s", urb_strerror(rc));
	if (urb_bearer_setup(b, info) < 0)
		BENCH_DIE("urb_bearer_setup failed");
	urb_bearer_free(b);
}

/*
 * A raw ring of @sq entries and @cq CQ entries set up as @info says a
 * bearer is (its IORING_SETUP_* flags, SQPOLL's idle time and CPU, the
 * registered ring fd).  Prints its SETUP line as @side unless NULL.
 */
static inline void bench_raw_ring(struct io_uring *ring, unsigned sq, unsigned cq,
				  const struct urb_ring_setup_info *info, const char *side)
{
	struct io_uring_params p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.flags = info->setup_flags | IORING_SETUP_CQSIZE;
	p.cq_entries = cq;
	p.sq_thread_idle = info->sqpoll_idle_ms;
	p.sq_thread_cpu = info->sqpoll_cpu >= 0 ? (unsigned)info->sqpoll_cpu : 0;
	rc = io_uring_queue_init_params(sq, ring, &p);
	if (rc < 0)
		BENCH_DIE("raw ring: %s", strerror(-rc));
	if ((info->used & URB_RING_REGISTERED_FD) && io_uring_register_ring_fd(ring) != 1)
		BENCH_DIE("raw ring: io_uring_register_ring_fd failed");
	if (side)
		bench_setup_line(side, p.flags, info->used & URB_RING_REGISTERED_FD);
}

#endif
