/* SPDX-License-Identifier: MIT */
/*
 * nop_b1, nop_b32: NOPs pushed, submitted, waited for and reaped, in
 * batches of 1 and 32.  urb (urb_push_nop_user + urb_bearer_submit_and_complete, once
 * per slab implementation) runs interleaved with a raw liburing loop on a
 * ring set up with the same flags (bench/ring.h: read from urb's bearer,
 * registered ring fd included) and the same SQ and CQ sizes, in the same
 * process, on one pinned CPU.  Each repetition runs every variant once, in
 * a rotating order; each side's figure is its median over the repetitions,
 * the ratio the median of the repetitions' ratios (bench_paired()).
 *
 *   bench_nop [--iters N] [--reps R] [--cpu C] [--only raw|lifo|fifo [--batch B]]
 *             [--sqpoll IDLE_MS [--sqpoll-cpu C]]
 *
 * --only runs one variant (in batches of B only, with --batch) and prints
 * no RESULT lines: for profiling.  --sqpoll sets every ring up with SQPOLL
 * (urb's ring_options; the raw ring copies urb's set-up), its poller
 * pinned to --sqpoll-cpu when given.  Prints a SETUP line per side.
 *
 * RESULT nop_b<batch> ns_per_op <urb, LIFO slab> <raw> <urb/raw>
 * RESULT nop_b<batch>_fifo ns_per_op <urb, FIFO slab> <raw> <urb/raw>
 */
#include <liburing.h>

#include <urb.h>

#include "bench.h"
#include "ring.h"

#define SQ_ENTRIES 64
#define MAX_REPS 64

enum variant { V_RAW, V_URB_LIFO, V_URB_FIFO, V__COUNT };

static const char *const variant_names[V__COUNT] = {
	[V_RAW] = "raw liburing", [V_URB_LIFO] = "urb (lifo slab)",
	[V_URB_FIFO] = "urb (fifo slab)",
};

/* SQPOLL for every ring (--sqpoll, --sqpoll-cpu): urb's ring_options. */
static uint32_t sqpoll_idle_ms, sqpoll_cpu, ring_options;

/* The capacity urb runs with; the raw ring copies its ring parameters. */
static struct urb_capacity nop_cap(enum urb_slab_kind slab)
{
	return (struct urb_capacity){
		.core_queue = SQ_ENTRIES, .registered_fd = 1, .direct_fd = 1,
		.pending_completions = SQ_ENTRIES, .buffers = 1,
		.buffer_bytes = 4096, .futexes = 1, .slab = slab,
		.ring_options = ring_options, .sqpoll_idle_ms = sqpoll_idle_ms,
		.sqpoll_cpu = sqpoll_cpu,
	};
}

static __attribute__((noinline)) uint64_t raw_run(struct io_uring *ring, unsigned batch, uint64_t ops)
{
	uint64_t done = 0, sum = 0, t0;

	t0 = bench_now_ns();
	while (done < ops) {
		struct io_uring_cqe *cqe;
		unsigned head, seen = 0;

		for (unsigned i = 0; i < batch; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, done + i + 1);
		}
		if (io_uring_submit_and_wait(ring, batch) < 0)
			BENCH_DIE("raw submit failed");
		io_uring_for_each_cqe(ring, head, cqe) {
			sum += cqe->user_data + (uint64_t)cqe->res;
			seen++;
		}
		io_uring_cq_advance(ring, seen);
		done += seen;
	}
	if (sum == 0)
		BENCH_DIE("raw: no completions");
	return bench_now_ns() - t0;
}

/* ---- urb */

struct urb_counter {
	uint64_t seen;
	uint64_t sum;
};

static enum urb_disposition count_cb(struct urb_bearer *b, const struct urb_completion *c,
				     void *user)
{
	struct urb_counter *ctr = user;

	(void)b;
	ctr->seen++;
	ctr->sum += (uint64_t)(uintptr_t)c->user + (uint64_t)c->result;
	return URB_DEFAULT;
}

static __attribute__((noinline)) uint64_t urb_run(struct urb_bearer *b, unsigned batch, uint64_t ops)
{
	struct urb_counter ctr = { 0 };
	uint64_t t0;

	t0 = bench_now_ns();
	while (ctr.seen < ops) {
		for (unsigned i = 0; i < batch; i++) /* tagged as the raw loop tags its own */
			if (urb_push_nop_user(b, (void *)(uintptr_t)(ctr.seen + i + 1)) < 0)
				BENCH_DIE("urb_push_nop_user: %s", urb_bearer_detail(b));
		if (urb_bearer_submit_and_complete(b, batch, NULL, count_cb, &ctr) < 0)
			BENCH_DIE("urb submit and complete: %s", urb_bearer_detail(b));
	}
	if (ctr.sum == 0)
		BENCH_DIE("urb: no completions");
	return bench_now_ns() - t0;
}

/* ---- driver */

struct nop_bench {
	struct io_uring ring;
	struct urb_bearer *b[V__COUNT];
};

static double run_variant(struct nop_bench *nb, enum variant v, unsigned batch,
			  uint64_t ops)
{
	uint64_t ns = v == V_RAW ? raw_run(&nb->ring, batch, ops) :
				   urb_run(nb->b[v], batch, ops);

	return (double)ns / (double)ops;
}

static void bench_only(struct nop_bench *nb, enum variant v, unsigned batch, uint64_t iters,
		       unsigned reps)
{
	uint64_t ops = (iters + batch - 1) / batch * batch;
	double ns[MAX_REPS];

	for (unsigned r = 0; r < reps; r++)
		ns[r] = run_variant(nb, v, batch, ops);
	printf("ONLY %s batch %u: median %.1f ns/op over %u runs of %llu ops\n",
	       variant_names[v], batch, bench_median(ns, (int)reps), reps,
	       (unsigned long long)ops);
}

static void bench_batch(struct nop_bench *nb, unsigned batch, uint64_t iters,
			unsigned reps)
{
	double ns[V__COUNT][MAX_REPS];
	uint64_t ops = (iters + batch - 1) / batch * batch;
	char name[32];

	/* warm every path (page faults, branch predictors, the ring pages) */
	for (int v = 0; v < V__COUNT; v++)
		run_variant(nb, (enum variant)v, batch, ops / 10 + batch);
	for (unsigned r = 0; r < reps; r++)
		for (int k = 0; k < V__COUNT; k++) {
			int v = (int)(r + (unsigned)k) % V__COUNT; /* rotate the order */

			ns[v][r] = run_variant(nb, (enum variant)v, batch, ops);
		}

	snprintf(name, sizeof(name), "nop_b%u", batch);
	bench_paired(name, "ns_per_op", ns[V_URB_LIFO], ns[V_RAW], (int)reps, 1);
	snprintf(name, sizeof(name), "nop_b%u_fifo", batch);
	bench_paired(name, "ns_per_op", ns[V_URB_FIFO], ns[V_RAW], (int)reps, 1);

	printf("\nNOP batch %u: %llu ops per run, %u runs of each, interleaved\n", batch,
	       (unsigned long long)ops, reps);
	printf("  %-18s %10s %10s %10s %8s\n", "variant", "median ns", "min ns", "max ns",
	       "vs raw");
	for (int v = 0; v < V__COUNT; v++)
		printf("  %-18s %10.1f %10.1f %10.1f %7.3fx\n", variant_names[v],
		       bench_median(ns[v], (int)reps), bench_min(ns[v], (int)reps),
		       bench_max(ns[v], (int)reps),
		       bench_paired_ratio(ns[v], ns[V_RAW], (int)reps));
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	unsigned long iters = 400000, reps = 11, cpu = 0, batch = 0, sq_idle = 0, sq_cpu = 0;
	int only = -1;
	struct nop_bench nb;

	for (int i = 1; i < argc; i++) {
		if (bench_opt_ul(argc, argv, &i, "--iters", &iters) ||
		    bench_opt_ul(argc, argv, &i, "--reps", &reps) ||
		    bench_opt_ul(argc, argv, &i, "--cpu", &cpu) ||
		    bench_opt_ul(argc, argv, &i, "--batch", &batch))
			continue;
		if (bench_opt_ul(argc, argv, &i, "--sqpoll", &sq_idle)) {
			ring_options |= URB_RING_SQPOLL;
			sqpoll_idle_ms = (uint32_t)sq_idle;
			continue;
		}
		if (bench_opt_ul(argc, argv, &i, "--sqpoll-cpu", &sq_cpu)) {
			ring_options |= URB_RING_SQ_AFF;
			sqpoll_cpu = (uint32_t)sq_cpu;
			continue;
		}
		if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			const char *v = argv[++i];

			only = !strcmp(v, "raw") ? V_RAW : !strcmp(v, "lifo") ? V_URB_LIFO :
			       !strcmp(v, "fifo") ? V_URB_FIFO : -2;
			if (only != -2)
				continue;
		}
		fprintf(stderr, "usage: bench_nop [--iters N] [--reps R] [--cpu C] "
				"[--only raw|lifo|fifo [--batch B]] [--sqpoll IDLE_MS [--sqpoll-cpu C]]\n");
		return 2;
	}
	if (reps < 1 || reps > MAX_REPS || iters < 32 || batch > SQ_ENTRIES)
		BENCH_DIE("--reps is 1..%d, --iters at least 32, --batch at most %d", MAX_REPS,
			  SQ_ENTRIES);
	bench_pin((int)cpu);

	memset(&nb, 0, sizeof(nb));
	for (int v = V_URB_LIFO; v <= V_URB_FIFO; v++) {
		struct urb_capacity cap = nop_cap(v == V_URB_LIFO ? URB_SLAB_LIFO : URB_SLAB_FIFO);
		int rc = urb_bearer_new(&cap, &nb.b[v]);

		if (rc < 0)
			BENCH_DIE("urb_bearer_new: %s", urb_strerror(rc));
	}
	if ((ring_options & URB_RING_SQ_AFF) && !(ring_options & URB_RING_SQPOLL))
		BENCH_DIE("--sqpoll-cpu needs --sqpoll");
	/* the sizes urb's ring_init() uses for nop_cap(): SQ 64, CQ 128 */
	bench_setup_of("urb", nb.b[V_URB_LIFO]);
	{
		struct urb_ring_setup_info info;

		if (urb_bearer_setup(nb.b[V_URB_LIFO], &info) < 0)
			BENCH_DIE("urb_bearer_setup failed");
		bench_raw_ring(&nb.ring, SQ_ENTRIES, 2 * SQ_ENTRIES, &info, "raw");
	}

	if (only >= 0 && batch) {
		bench_only(&nb, (enum variant)only, (unsigned)batch, iters, (unsigned)reps);
	} else if (only >= 0) {
		bench_only(&nb, (enum variant)only, 1, iters / 4, (unsigned)reps);
		bench_only(&nb, (enum variant)only, 32, iters, (unsigned)reps);
	} else {
		bench_batch(&nb, 1, iters / 4, (unsigned)reps);
		bench_batch(&nb, 32, iters, (unsigned)reps);
	}

	for (int v = V_URB_LIFO; v <= V_URB_FIFO; v++)
		urb_bearer_free(nb.b[v]);
	io_uring_queue_exit(&nb.ring);
	return 0;
}
