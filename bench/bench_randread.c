/* SPDX-License-Identifier: MIT */
/*
 * bench_randread: 4 KiB random reads at a fixed queue depth from one file,
 * urb (read_fixed into a registered buffer set, the file in a slot)
 * against raw liburing doing the same (page-aligned registered buffers,
 * a registered file), interleaved in one process.  Each read that
 * completes is replaced at once by the next, from the completion
 * callback, so the queue stays at the depth.  The offsets come from one
 * fixed sequence, the same for both.
 *
 *   bench_randread --file F [--direct] [--depth 32] [--ios N] [--reps R]
 *                  [--only urb|raw] [--cpu C]
 *
 * Prints per side the median IOPS and CPU time per read (user + system,
 * getrusage: the kernel's work for the read is most of it), and RESULT
 * lines.  --only runs one side once (for callgrind: the loops are
 * urb_rr_loop and raw_rr_loop).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <liburing.h>
#include <urb.h>

#include "bench.h"
#include "ring.h"

#define BS 4096u
#define MAX_DEPTH 256u

struct rr {
	uint64_t x;       /* the offset sequence's state */
	uint64_t blocks;  /* BS blocks in the file */
	uint64_t left;    /* reads still to push */
	uint64_t done;
	uint64_t total;
};

static uint64_t next_off(struct rr *r)
{
	/* xorshift64*: cheap, the same sequence for both sides */
	r->x ^= r->x >> 12;
	r->x ^= r->x << 25;
	r->x ^= r->x >> 27;
	return (r->x * 0x2545F4914F6CDD1Dull % r->blocks) * BS;
}

static double cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

struct run {
	double iops, cpu_per_io;
};

static const char *path;
static int direct;
static unsigned depth = 32;

static int open_file(uint64_t *blocks)
{
	struct stat st;
	int fd = open(path, O_RDONLY | (direct ? O_DIRECT : 0));

	if (fd < 0)
		BENCH_DIE("open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || st.st_size < (off_t)BS)
		BENCH_DIE("%s: too small", path);
	*blocks = (uint64_t)st.st_size / BS;
	return fd;
}

/* ---- urb */

struct urb_rr {
	struct urb_bearer *b;
	struct rr r;
	uint32_t slot;
};

static void u_push(struct urb_rr *u, urb_buf_t buf)
{
	int rc = urb_push_read_fixed_user(u->b, URB_SLOT(u->slot), buf, next_off(&u->r),
					  (void *)(uintptr_t)buf);

	if (rc < 0)
		BENCH_DIE("urb push read_fixed: %s", urb_bearer_explain(u->b, rc));
	u->r.left--;
}

static enum urb_disposition u_done(struct urb_bearer *b, const struct urb_completion *c,
				   void *user)
{
	struct urb_rr *u = user;

	(void)b;
	if (c->result != (int32_t)BS)
		BENCH_DIE("urb read_fixed: %d", c->result);
	u->r.done++;
	if (u->r.left)
		u_push(u, (urb_buf_t)(uintptr_t)c->user);
	return URB_DEFAULT;
}

static __attribute__((noinline)) void urb_rr_loop(struct urb_rr *u, int set)
{
	for (unsigned i = 0; i < depth; i++)
		u_push(u, URB_BUF((uint32_t)set, i));
	while (u->r.done < u->r.total) {
		int rc = urb_bearer_submit_and_complete(u->b, 1, NULL, u_done, u);

		if (rc < 0)
			BENCH_DIE("urb submit and complete: %s", urb_strerror(rc));
	}
}

static struct run urb_randread(uint64_t ios)
{
	/*
	 * pending_completions: depth + 1, because the record of the read that
	 * completes is still taken while its callback pushes the next one
	 */
	struct urb_capacity cap = {
		.core_queue = MAX_DEPTH, .registered_fd = 1, .pending_completions = depth + 1,
		.buffers = 1, .buffer_bytes = (uint64_t)urb_bufset_bytes(depth, BS),
	};
	struct urb_rr u = { .r = { .x = 0x9e3779b97f4a7c15ull, .left = ios, .total = ios } };
	struct run out;
	double c0;
	uint64_t t0, t1;
	int fd, set, rc;

	rc = urb_bearer_new(&cap, &u.b);
	if (rc < 0)
		BENCH_DIE("urb_bearer_new: %s", urb_strerror(rc));
	fd = open_file(&u.r.blocks);
	rc = urb_fd_register(u.b, fd, URB_FD_FILE);
	if (rc < 0)
		BENCH_DIE("urb_fd_register: %s", urb_bearer_explain(u.b, rc));
	u.slot = (uint32_t)rc;
	close(fd);
	set = urb_bufset_create(u.b, depth, BS);
	if (set < 0)
		BENCH_DIE("urb_bufset_create: %s", urb_bearer_explain(u.b, set));
	rc = urb_bufset_register_fixed(u.b, (uint32_t)set);
	if (rc < 0)
		BENCH_DIE("urb_bufset_register_fixed: %s", urb_bearer_explain(u.b, rc));

	c0 = cpu_us();
	t0 = bench_now_ns();
	urb_rr_loop(&u, set);
	t1 = bench_now_ns();
	out.cpu_per_io = (cpu_us() - c0) / (double)u.r.done;
	out.iops = (double)u.r.done * 1e9 / (double)(t1 - t0);
	urb_bearer_free(u.b);
	return out;
}

/* ---- raw liburing */

struct raw_rr {
	struct io_uring ring;
	struct rr r;
	uint8_t *bufs;
	unsigned inflight;
};

static void raw_push(struct raw_rr *w, unsigned i)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&w->ring);

	if (!sqe)
		BENCH_DIE("raw: SQ full");
	io_uring_prep_read_fixed(sqe, 0, w->bufs + (size_t)i * BS, BS, next_off(&w->r), (int)i);
	sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = i;
	w->r.left--;
	w->inflight++;
}

static __attribute__((noinline)) void raw_rr_loop(struct raw_rr *w)
{
	for (unsigned i = 0; i < depth; i++)
		raw_push(w, i);
	while (w->inflight) {
		struct io_uring_cqe *cqe;
		unsigned head, n = 0;
		int rc = io_uring_submit_and_wait(&w->ring, 1);

		if (rc < 0 && rc != -EINTR)
			BENCH_DIE("raw submit: %s", strerror(-rc));
		io_uring_for_each_cqe(&w->ring, head, cqe) {
			if (cqe->res != (int32_t)BS)
				BENCH_DIE("raw read_fixed: %d", cqe->res);
			n++;
			w->inflight--;
			w->r.done++;
			if (w->r.left)
				raw_push(w, (unsigned)cqe->user_data);
		}
		io_uring_cq_advance(&w->ring, n);
	}
}

static struct run raw_randread(uint64_t ios, const struct urb_ring_setup_info *info)
{
	struct raw_rr w = { .r = { .x = 0x9e3779b97f4a7c15ull, .left = ios, .total = ios } };
	struct run out;
	double c0;
	uint64_t t0, t1;
	int fd, rc;

	bench_raw_ring(&w.ring, MAX_DEPTH, 2 * MAX_DEPTH, info, NULL);
	fd = open_file(&w.r.blocks);
	rc = io_uring_register_files(&w.ring, &fd, 1);
	if (rc < 0)
		BENCH_DIE("raw register_files: %s", strerror(-rc));
	close(fd);
	w.bufs = mmap(NULL, (size_t)depth * BS, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0); /* page-aligned */
	if (w.bufs == MAP_FAILED)
		BENCH_DIE("raw mmap: %s", strerror(errno));
	/* one registered buffer per read, as urb registers one per buffer of the set */
	{
		struct iovec vec[MAX_DEPTH];

		for (unsigned i = 0; i < depth; i++)
			vec[i] = (struct iovec){ .iov_base = w.bufs + (size_t)i * BS, .iov_len = BS };
		rc = io_uring_register_buffers(&w.ring, vec, depth);
	}
	if (rc < 0)
		BENCH_DIE("raw register_buffers: %s", strerror(-rc));

	c0 = cpu_us();
	t0 = bench_now_ns();
	raw_rr_loop(&w);
	t1 = bench_now_ns();
	out.cpu_per_io = (cpu_us() - c0) / (double)w.r.done;
	out.iops = (double)w.r.done * 1e9 / (double)(t1 - t0);
	io_uring_queue_exit(&w.ring);
	munmap(w.bufs, (size_t)depth * BS);
	return out;
}

int main(int argc, char **argv)
{
	unsigned long ios = 200000, reps = 7, dep = depth, cpu = (unsigned long)-1;
	const char *only = NULL;
	struct urb_capacity probe = { .core_queue = MAX_DEPTH, .pending_completions = 2 };
	struct urb_ring_setup_info info;
	double u_iops[64], u_cpu[64], r_iops[64], r_cpu[64];
	const char *mode;

	for (int i = 1; i < argc; i++) {
		if (bench_opt_ul(argc, argv, &i, "--ios", &ios) ||
		    bench_opt_ul(argc, argv, &i, "--reps", &reps) ||
		    bench_opt_ul(argc, argv, &i, "--depth", &dep) ||
		    bench_opt_ul(argc, argv, &i, "--cpu", &cpu))
			continue;
		if (!strcmp(argv[i], "--file") && i + 1 < argc)
			path = argv[++i];
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--direct"))
			direct = 1;
		else {
			fprintf(stderr, "usage: bench_randread --file F [--direct] [--depth D] "
				"[--ios N] [--reps R] [--only urb|raw] [--cpu C]\n");
			return 2;
		}
	}
	if (!path || dep == 0 || dep > MAX_DEPTH || reps == 0 || reps > 64 || ios < dep)
		BENCH_DIE("bench_randread: --file is needed; 1 <= depth <= %u, 1 <= reps <= 64, ios >= depth",
			  MAX_DEPTH);
	depth = (unsigned)dep;
	mode = direct ? "direct" : "buffered";
	if (cpu != (unsigned long)-1)
		bench_pin((int)cpu);
	bench_setup_info(&probe, &info);
	if (only) {
		struct run r;

		if (!strcmp(only, "urb"))
			r = urb_randread(ios);
		else if (!strcmp(only, "raw"))
			r = raw_randread(ios, &info);
		else
			BENCH_DIE("--only urb or raw");
		printf("%s %s: %.0f IOPS, %.3f us CPU per read\n", only, mode, r.iops, r.cpu_per_io);
		return 0;
	}
	for (unsigned long i = 0; i < reps; i++) {
		struct run u, r;

		/* alternate which side goes first: whatever else runs falls on both */
		if (i % 2) {
			r = raw_randread(ios, &info);
			u = urb_randread(ios);
		} else {
			u = urb_randread(ios);
			r = raw_randread(ios, &info);
		}
		u_iops[i] = u.iops, u_cpu[i] = u.cpu_per_io;
		r_iops[i] = r.iops, r_cpu[i] = r.cpu_per_io;
	}
	printf("randread %s, 4 KiB at depth %u, %lu reads x %lu runs (median [min .. max]):\n",
	       mode, depth, ios, reps);
	printf("  urb  %9.0f IOPS [%.0f .. %.0f]  %6.3f us CPU/read [%.3f .. %.3f]\n",
	       bench_median(u_iops, (int)reps), bench_min(u_iops, (int)reps),
	       bench_max(u_iops, (int)reps), bench_median(u_cpu, (int)reps),
	       bench_min(u_cpu, (int)reps), bench_max(u_cpu, (int)reps));
	printf("  raw  %9.0f IOPS [%.0f .. %.0f]  %6.3f us CPU/read [%.3f .. %.3f]\n",
	       bench_median(r_iops, (int)reps), bench_min(r_iops, (int)reps),
	       bench_max(r_iops, (int)reps), bench_median(r_cpu, (int)reps),
	       bench_min(r_cpu, (int)reps), bench_max(r_cpu, (int)reps));
	{
		char name[64];

		snprintf(name, sizeof(name), "randread_%s", mode);
		bench_paired(name, "iops", u_iops, r_iops, (int)reps, 1);
		snprintf(name, sizeof(name), "randread_%s_cpu", mode);
		/* to the nanosecond: a tenth of a µs is a tenth of the figure */
		bench_paired(name, "us_per_io", u_cpu, r_cpu, (int)reps, 3);
	}
	return 0;
}
