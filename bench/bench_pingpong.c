/* SPDX-License-Identifier: MIT */
/*
 * pingpong: one thread, one ring, the two ends of an AF_UNIX stream
 * socketpair.  A sends a 64-byte message, B receives it and sends the same
 * bytes back, A receives them: one round trip.  Both ends are fixed files;
 * urb and raw liburing run the same state machine on rings set up alike,
 * interleaved, on one pinned CPU.  The raw ring copies the set-up of urb's
 * (bench/ring.h: its IORING_SETUP_* flags and registered ring fd).
 *
 *   bench_pingpong [--rts N] [--reps R] [--cpu C] [--only raw|urb|raw-multi|urb-multi]
 *                  [--sqpoll IDLE_MS [--sqpoll-cpu C]]
 *
 * --only runs one side of one exchange alone and prints no RESULT: for
 * profiling (the timed loops are the functions *_pp_loop and *_ppm_loop).
 * --sqpoll sets every ring up with SQPOLL, its poller on --sqpoll-cpu
 * when given.  Prints a SETUP line per side.
 *
 * RESULT pingpong rt_per_s <urb> <raw> <urb/raw>
 * RESULT pingpong_multishot rt_per_s <urb> <raw> <urb/raw>
 *
 * pingpong_multishot is the same exchange with a multishot recv on each
 * end, into a buffer ring per end (urb: recv_multi on a set made a ring
 * with urb_bufring_create); B echoes straight from the buffer the kernel
 * picked and gives it back once the send is done.
 */
#include <sys/socket.h>
#include <unistd.h>

#include <liburing.h>

#include <urb.h>

#include "bench.h"
#include "ring.h"

#define MSG 64
#define SQ_ENTRIES 16
#define MAX_REPS 64

/* What a completion is, in either implementation: user pointer or user_data. */
enum tag { T_A_SEND = 1, T_A_RECV, T_B_SEND, T_B_RECV };

/* The exchange's state, shared by every variant. */
struct pp {
	uint64_t rt;
	uint64_t target;
	bool a_send_busy;   /* A's previous send has not completed yet */
	bool a_send_wanted; /* A owes a send once it has */
};

static void socket_pair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		BENCH_DIE("socketpair: %s", strerror(errno));
}

static void check_len(const char *what, int res)
{
	if (res != MSG)
		BENCH_DIE("%s: %d (%s)", what, res, res < 0 ? strerror(-res) : "short");
}

/* SQPOLL for every ring (--sqpoll, --sqpoll-cpu): urb's ring_options. */
static uint32_t sqpoll_idle_ms, sqpoll_cpu, ring_options;

/* What urb's bearers run with here (main() reads it once); the raw ring copies it. */
static struct urb_ring_setup_info urb_setup;

/* The ring urb's ring_init() makes for the capacities below: SQ 16, CQ 32. */
static void raw_ring(struct io_uring *ring)
{
	bench_raw_ring(ring, SQ_ENTRIES, 2 * SQ_ENTRIES, &urb_setup, NULL);
}

/* ---- urb: send/recv of bearer buffers */

struct urb_pp {
	struct urb_bearer *b;
	struct pp st;
	uint32_t a, bslot;  /* fixed-file slots of the two ends */
	urb_buf_t s, r, e;  /* A's message, A's receive buffer, B's echo buffer */
};

BENCH_STEP void u_push(struct urb_pp *u, enum tag t)
{
	void *user = (void *)(uintptr_t)t;
	int rc;

	switch (t) {
	case T_A_SEND:
		rc = urb_push_send_user(u->b, URB_SLOT(u->a), u->s, user);
		u->st.a_send_busy = true;
		break;
	case T_B_SEND:
		rc = urb_push_send_user(u->b, URB_SLOT(u->bslot), u->e, user);
		break;
	case T_A_RECV:
		rc = urb_push_recv_user(u->b, URB_SLOT(u->a), u->r, user);
		break;
	default:
		rc = urb_push_recv_user(u->b, URB_SLOT(u->bslot), u->e, user);
		break;
	}
	if (rc < 0)
		BENCH_DIE("urb push: %s", urb_bearer_explain(u->b, rc));
}

static enum urb_disposition u_done(struct urb_bearer *b, const struct urb_completion *c,
				   void *user)
{
	struct urb_pp *u = user;

	(void)b;
	switch ((enum tag)(uintptr_t)c->user) {
	case T_A_SEND:
		check_len("urb send A", c->result);
		u->st.a_send_busy = false;
		if (u->st.a_send_wanted) {
			u->st.a_send_wanted = false;
			u_push(u, T_A_SEND);
		}
		break;
	case T_B_RECV:
		check_len("urb recv B", c->result);
		u_push(u, T_B_SEND); /* E's valid bytes are what B received */
		break;
	case T_B_SEND:
		check_len("urb send B", c->result);
		u_push(u, T_B_RECV);
		break;
	case T_A_RECV:
		check_len("urb recv A", c->result);
		if (++u->st.rt == u->st.target)
			break;
		u_push(u, T_A_RECV);
		if (u->st.a_send_busy)
			u->st.a_send_wanted = true;
		else
			u_push(u, T_A_SEND);
		break;
	default:
		BENCH_DIE("urb: unexpected completion, op %d result %d", c->op, c->result);
	}
	return URB_DEFAULT;
}

/* The timed part, apart so that a profiler can count it alone (*_loop). */
static __attribute__((noinline)) void urb_pp_loop(struct urb_pp *u)
{
	u_push(u, T_B_RECV);
	u_push(u, T_A_RECV);
	u_push(u, T_A_SEND);
	while (u->st.rt < u->st.target) {
		int rc = urb_bearer_submit_and_complete(u->b, 1, NULL, u_done, u);

		if (rc < 0)
			BENCH_DIE("urb submit and complete: %s", urb_strerror(rc));
	}
}

static double urb_pingpong(uint64_t rts)
{
	struct urb_capacity cap = {
		.core_queue = SQ_ENTRIES, .registered_fd = 2, .direct_fd = 1,
		.pending_completions = SQ_ENTRIES, .buffers = 1,
		.buffer_bytes = 64 * 1024, .futexes = 1,
		.ring_options = ring_options, .sqpoll_idle_ms = sqpoll_idle_ms,
		.sqpoll_cpu = sqpoll_cpu,
	};
	struct urb_pp u = { .st.target = rts };
	uint64_t t0, t1;
	void *data;
	uint32_t len;
	int sv[2], set, rc;

	rc = urb_bearer_new(&cap, &u.b);
	if (rc < 0)
		BENCH_DIE("urb_bearer_new: %s", urb_strerror(rc));
	socket_pair(sv);
	u.a = (uint32_t)urb_fd_register(u.b, sv[0], URB_FD_STREAM);
	u.bslot = (uint32_t)urb_fd_register(u.b, sv[1], URB_FD_STREAM);
	close(sv[0]);
	close(sv[1]);
	set = urb_bufset_create(u.b, 3, MSG);
	if (set < 0)
		BENCH_DIE("urb_bufset_create: %s", urb_strerror(set));
	u.s = URB_BUF(set, 0);
	u.r = URB_BUF(set, 1);
	u.e = URB_BUF(set, 2);
	if (urb_buf_fill(u.b, u.s, &data, &len) < 0)
		BENCH_DIE("urb_buf_fill failed");
	memset(data, 'p', MSG);
	urb_buf_filled(u.b, u.s, MSG);

	t0 = bench_now_ns();
	urb_pp_loop(&u);
	t1 = bench_now_ns();
	urb_bearer_free(u.b); /* cancels B's armed recv */
	return (double)rts * 1e9 / (double)(t1 - t0);
}

/* ---- urb, multishot: recv_multi from a buffer ring on each end */

#define PBUF_ENTRIES 8

struct urb_ppm {
	struct urb_bearer *b;
	struct pp st;
	uint32_t slot[2];   /* A, B */
	uint32_t group[2];  /* each end's buffer ring (a set id) */
	urb_buf_t s;        /* A's message */
};

/* The user pointer: the tag, and for B's sends the group buffer being echoed. */
#define UM_USER(t, buf) ((void *)(uintptr_t)((uint64_t)(buf) << 8 | (t)))
#define UM_TAG(user) ((enum tag)((uintptr_t)(user) & 0xff))
#define UM_BUF(user) ((urb_buf_t)((uintptr_t)(user) >> 8))

static void um_check(struct urb_ppm *u, const char *what, int rc)
{
	if (rc < 0)
		BENCH_DIE("urb %s: %s", what, urb_bearer_explain(u->b, rc));
}

BENCH_STEP void um_arm(struct urb_ppm *u, int end)
{
	um_check(u, "push recv_multi", urb_push_recv_multi_user(u->b, URB_SLOT(u->slot[end]), u->group[end],
							       UM_USER(end ? T_B_RECV : T_A_RECV, 0)));
}

BENCH_STEP void um_send_a(struct urb_ppm *u)
{
	um_check(u, "push send", urb_push_send_user(u->b, URB_SLOT(u->slot[0]), u->s, UM_USER(T_A_SEND, 0)));
	u->st.a_send_busy = true;
}

static enum urb_disposition um_done(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct urb_ppm *u = user;
	urb_buf_t buf;

	switch (UM_TAG(c->user)) {
	case T_A_SEND:
		check_len("urb multishot send A", c->result);
		u->st.a_send_busy = false;
		if (u->st.a_send_wanted) {
			u->st.a_send_wanted = false;
			um_send_a(u);
		}
		break;
	case T_B_RECV:
		check_len("urb multishot recv B", c->result);
		buf = c->u.recv_multi.data.buf;
		/* echo straight from the group buffer; it goes back after the send */
		um_check(u, "push send", urb_push_send_user(b, URB_SLOT(u->slot[1]), buf, UM_USER(T_B_SEND, buf)));
		if (c->final)
			um_arm(u, 1);
		break;
	case T_B_SEND:
		check_len("urb multishot send B", c->result);
		um_check(u, "recycle", urb_buf_recycle(b, UM_BUF(c->user)));
		break;
	case T_A_RECV:
		check_len("urb multishot recv A", c->result);
		um_check(u, "recycle", urb_buf_recycle(b, c->u.recv_multi.data.buf));
		if (c->final)
			um_arm(u, 0);
		if (++u->st.rt == u->st.target)
			break;
		if (u->st.a_send_busy)
			u->st.a_send_wanted = true;
		else
			um_send_a(u);
		break;
	default:
		BENCH_DIE("urb: unexpected completion, op %d result %d", c->op, c->result);
	}
	return URB_DEFAULT;
}

static __attribute__((noinline)) void urb_ppm_loop(struct urb_ppm *u)
{
	um_arm(u, 1);
	um_arm(u, 0);
	um_send_a(u);
	while (u->st.rt < u->st.target) {
		int rc = urb_bearer_submit_and_complete(u->b, 1, NULL, um_done, u);

		if (rc < 0)
			BENCH_DIE("urb submit and complete: %s", urb_strerror(rc));
	}
}

static double urb_pingpong_multishot(uint64_t rts)
{
	struct urb_capacity cap = {
		.core_queue = SQ_ENTRIES, .registered_fd = 2, .direct_fd = 1,
		.pending_completions = SQ_ENTRIES, .buffers = 3,
		.buffer_bytes = 64 * 1024, .buffer_rings = 2, .futexes = 1,
		.ring_options = ring_options, .sqpoll_idle_ms = sqpoll_idle_ms,
		.sqpoll_cpu = sqpoll_cpu,
	};
	struct urb_ppm u = { .st.target = rts };
	uint64_t t0, t1;
	void *data;
	uint32_t len;
	int sv[2], set, rc;

	rc = urb_bearer_new(&cap, &u.b);
	if (rc < 0)
		BENCH_DIE("urb_bearer_new: %s", urb_strerror(rc));
	socket_pair(sv);
	for (int end = 0; end < 2; end++) {
		rc = urb_fd_register(u.b, sv[end], URB_FD_STREAM);
		um_check(&u, "urb_fd_register", rc);
		u.slot[end] = (uint32_t)rc;
		close(sv[end]);
		set = urb_bufset_create(u.b, PBUF_ENTRIES, MSG);
		um_check(&u, "urb_bufset_create", set);
		um_check(&u, "urb_bufring_create", urb_bufring_create(u.b, (uint32_t)set));
		u.group[end] = (uint32_t)set;
	}
	set = urb_bufset_create(u.b, 1, MSG);
	um_check(&u, "urb_bufset_create", set);
	u.s = URB_BUF(set, 0);
	um_check(&u, "urb_buf_fill", urb_buf_fill(u.b, u.s, &data, &len));
	memset(data, 'p', MSG);
	urb_buf_filled(u.b, u.s, MSG);

	t0 = bench_now_ns();
	urb_ppm_loop(&u);
	t1 = bench_now_ns();
	urb_bearer_free(u.b); /* cancels the armed receives */
	return (double)rts * 1e9 / (double)(t1 - t0);
}

/* ---- raw liburing: the same exchange with plain buffers */

struct raw_pp {
	struct io_uring ring;
	struct pp st;
	char s[MSG], r[MSG], e[MSG];
	/* multishot: one provided-buffer ring per end */
	struct io_uring_buf_ring *br[2];
	char (*bufs[2])[MSG];
};

enum { A = 0, B = 1 };

static struct io_uring_sqe *raw_sqe(struct raw_pp *x)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&x->ring);

	if (!sqe)
		BENCH_DIE("raw: SQ full");
	return sqe;
}

/* After the prep (which clears flags): a fixed file, and what it is. */
static struct io_uring_sqe *raw_tag(struct io_uring_sqe *sqe, enum tag t, uint32_t extra)
{
	io_uring_sqe_set_data64(sqe, (uint64_t)t | (uint64_t)extra << 32);
	sqe->flags |= IOSQE_FIXED_FILE;
	return sqe;
}

/* A prepped SQE, tagged. */
#define RAW_PREP(x, t, extra, prep, ...)                                        \
	({                                                                       \
		struct io_uring_sqe *sqe_ = raw_sqe(x);                          \
		prep(sqe_, __VA_ARGS__);                                         \
		raw_tag(sqe_, t, extra);                                         \
	})

BENCH_STEP void r_push(struct raw_pp *x, enum tag t)
{
	switch (t) {
	case T_A_SEND:
		RAW_PREP(x, t, 0, io_uring_prep_send, A, x->s, MSG, 0);
		x->st.a_send_busy = true;
		break;
	case T_B_SEND:
		RAW_PREP(x, t, 0, io_uring_prep_send, B, x->e, MSG, 0);
		break;
	case T_A_RECV:
		RAW_PREP(x, t, 0, io_uring_prep_recv, A, x->r, MSG, 0);
		break;
	default:
		RAW_PREP(x, t, 0, io_uring_prep_recv, B, x->e, MSG, 0);
		break;
	}
}

static void r_done(struct raw_pp *x, enum tag t, int res)
{
	switch (t) {
	case T_A_SEND:
		check_len("raw send A", res);
		x->st.a_send_busy = false;
		if (x->st.a_send_wanted) {
			x->st.a_send_wanted = false;
			r_push(x, T_A_SEND);
		}
		break;
	case T_B_RECV:
		check_len("raw recv B", res);
		r_push(x, T_B_SEND);
		break;
	case T_B_SEND:
		check_len("raw send B", res);
		r_push(x, T_B_RECV);
		break;
	case T_A_RECV:
		check_len("raw recv A", res);
		if (++x->st.rt == x->st.target)
			break;
		r_push(x, T_A_RECV);
		if (x->st.a_send_busy)
			x->st.a_send_wanted = true;
		else
			r_push(x, T_A_SEND);
		break;
	}
}

static void raw_setup(struct raw_pp *x, uint64_t rts)
{
	int sv[2], rc;

	memset(x, 0, sizeof(*x));
	x->st.target = rts;
	memset(x->s, 'p', MSG);
	raw_ring(&x->ring);
	socket_pair(sv);
	rc = io_uring_register_files(&x->ring, sv, 2);
	if (rc < 0)
		BENCH_DIE("raw register files: %s", strerror(-rc));
	close(sv[0]);
	close(sv[1]);
}

static __attribute__((noinline)) void raw_pp_loop(struct raw_pp *x)
{
	r_push(x, T_B_RECV);
	r_push(x, T_A_RECV);
	r_push(x, T_A_SEND);
	while (x->st.rt < x->st.target) {
		struct io_uring_cqe *cqe;
		unsigned head, n = 0;
		int rc = io_uring_submit_and_wait(&x->ring, 1);

		if (rc < 0 && rc != -EINTR)
			BENCH_DIE("raw submit: %s", strerror(-rc));
		io_uring_for_each_cqe(&x->ring, head, cqe) {
			r_done(x, (enum tag)(uint32_t)cqe->user_data, cqe->res);
			n++;
		}
		io_uring_cq_advance(&x->ring, n);
	}
}

static double raw_pingpong(uint64_t rts)
{
	static struct raw_pp x;
	uint64_t t0, t1;

	raw_setup(&x, rts);
	t0 = bench_now_ns();
	raw_pp_loop(&x);
	t1 = bench_now_ns();
	io_uring_queue_exit(&x.ring);
	return (double)rts * 1e9 / (double)(t1 - t0);
}

/* ---- raw liburing, multishot recv into provided-buffer rings */

static void pbuf_give(struct raw_pp *x, int end, unsigned bid)
{
	io_uring_buf_ring_add(x->br[end], x->bufs[end][bid], MSG, (unsigned short)bid,
			      io_uring_buf_ring_mask(PBUF_ENTRIES), 0);
	io_uring_buf_ring_advance(x->br[end], 1);
}

static void pbuf_setup(struct raw_pp *x, int end)
{
	struct io_uring_buf_reg reg = { .ring_entries = PBUF_ENTRIES, .bgid = (uint16_t)end };
	void *mem;
	int rc;

	if (posix_memalign(&mem, 4096, PBUF_ENTRIES * sizeof(struct io_uring_buf)) ||
	    posix_memalign((void **)&x->bufs[end], 64, PBUF_ENTRIES * MSG))
		BENCH_DIE("out of memory");
	x->br[end] = mem;
	io_uring_buf_ring_init(x->br[end]);
	reg.ring_addr = (uintptr_t)mem;
	rc = io_uring_register_buf_ring(&x->ring, &reg, 0);
	if (rc < 0)
		BENCH_DIE("register buf ring: %s", strerror(-rc));
	for (unsigned i = 0; i < PBUF_ENTRIES; i++)
		pbuf_give(x, end, i);
}

BENCH_STEP void m_arm(struct raw_pp *x, int end)
{
	enum tag t = end == A ? T_A_RECV : T_B_RECV;
	struct io_uring_sqe *sqe = RAW_PREP(x, t, 0, io_uring_prep_recv_multishot, end, NULL, 0, 0);

	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = (uint16_t)end;
}

BENCH_STEP void m_send_a(struct raw_pp *x)
{
	RAW_PREP(x, T_A_SEND, 0, io_uring_prep_send, A, x->s, MSG, 0);
	x->st.a_send_busy = true;
}

static void m_done(struct raw_pp *x, uint64_t ud, int res, unsigned flags)
{
	enum tag t = (enum tag)(uint32_t)ud;
	unsigned bid = flags >> IORING_CQE_BUFFER_SHIFT;

	switch (t) {
	case T_A_SEND:
		check_len("raw multishot send A", res);
		x->st.a_send_busy = false;
		if (x->st.a_send_wanted) {
			x->st.a_send_wanted = false;
			m_send_a(x);
		}
		break;
	case T_B_RECV:
		check_len("raw multishot recv B", res);
		/* echo straight from the provided buffer; it goes back after the send */
		RAW_PREP(x, T_B_SEND, bid, io_uring_prep_send, B, x->bufs[B][bid], MSG, 0);
		if (!(flags & IORING_CQE_F_MORE))
			m_arm(x, B);
		break;
	case T_B_SEND:
		check_len("raw multishot send B", res);
		pbuf_give(x, B, (unsigned)(ud >> 32));
		break;
	case T_A_RECV:
		check_len("raw multishot recv A", res);
		pbuf_give(x, A, bid);
		if (!(flags & IORING_CQE_F_MORE))
			m_arm(x, A);
		if (++x->st.rt == x->st.target)
			break;
		if (x->st.a_send_busy)
			x->st.a_send_wanted = true;
		else
			m_send_a(x);
		break;
	}
}

static __attribute__((noinline)) void raw_ppm_loop(struct raw_pp *x)
{
	m_arm(x, B);
	m_arm(x, A);
	m_send_a(x);
	while (x->st.rt < x->st.target) {
		struct io_uring_cqe *cqe;
		unsigned head, n = 0;
		int rc = io_uring_submit_and_wait(&x->ring, 1);

		if (rc < 0 && rc != -EINTR)
			BENCH_DIE("raw submit: %s", strerror(-rc));
		io_uring_for_each_cqe(&x->ring, head, cqe) {
			m_done(x, cqe->user_data, cqe->res, cqe->flags);
			n++;
		}
		io_uring_cq_advance(&x->ring, n);
	}
}

static double raw_pingpong_multishot(uint64_t rts)
{
	static struct raw_pp x;
	uint64_t t0, t1;

	raw_setup(&x, rts);
	pbuf_setup(&x, A);
	pbuf_setup(&x, B);
	t0 = bench_now_ns();
	raw_ppm_loop(&x);
	t1 = bench_now_ns();
	io_uring_queue_exit(&x.ring);
	for (int end = A; end <= B; end++) {
		free(x.br[end]);
		free(x.bufs[end]);
	}
	return (double)rts * 1e9 / (double)(t1 - t0);
}

/* ---- driver */

struct pp_bench {
	const char *name;
	double (*urb)(uint64_t rts); /* NULL: urb cannot run it yet */
	double (*raw)(uint64_t rts);
	const char *note;
};

static const struct pp_bench pp_benches[] = {
	{ "pingpong", urb_pingpong, raw_pingpong, NULL },
	{ "pingpong_multishot", urb_pingpong_multishot, raw_pingpong_multishot, NULL },
};

static void run_bench(const struct pp_bench *pb, uint64_t rts, unsigned reps)
{
	double urb[MAX_REPS], raw[MAX_REPS];

	/* warm-up, then each repetition runs both, alternating which goes first */
	pb->raw(rts / 10 + 1);
	if (pb->urb)
		pb->urb(rts / 10 + 1);
	for (unsigned r = 0; r < reps; r++) {
		if (pb->urb && r % 2 == 0)
			urb[r] = pb->urb(rts);
		raw[r] = pb->raw(rts);
		if (pb->urb && r % 2 == 1)
			urb[r] = pb->urb(rts);
	}
	if (pb->urb)
		bench_paired(pb->name, "rt_per_s", urb, raw, (int)reps, 1);
	else
		bench_result_na(pb->name, "rt_per_s");

	printf("\n%s: %llu round trips of %d bytes per run, %u runs of each\n", pb->name,
	       (unsigned long long)rts, MSG, reps);
	if (pb->note)
		printf("  note: %s\n", pb->note);
	printf("  %-14s %12s %12s %12s %8s\n", "variant", "median rt/s", "min rt/s",
	       "max rt/s", "vs raw");
	printf("  %-14s %12.0f %12.0f %12.0f %7.3fx\n", "raw liburing",
	       bench_median(raw, (int)reps), bench_min(raw, (int)reps),
	       bench_max(raw, (int)reps), 1.0);
	if (pb->urb)
		printf("  %-14s %12.0f %12.0f %12.0f %7.3fx\n", "urb",
		       bench_median(urb, (int)reps), bench_min(urb, (int)reps),
		       bench_max(urb, (int)reps),
		       bench_paired_ratio(urb, raw, (int)reps));
	else
		printf("  %-14s %12s\n", "urb", "NA");
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	unsigned long rts = 50000, reps = 7, cpu = 0, sq_idle = 0, sq_cpu = 0;

	const char *only = NULL;

	for (int i = 1; i < argc; i++) {
		if (bench_opt_ul(argc, argv, &i, "--rts", &rts) ||
		    bench_opt_ul(argc, argv, &i, "--reps", &reps) ||
		    bench_opt_ul(argc, argv, &i, "--cpu", &cpu))
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
			only = argv[++i];
			if (!strcmp(only, "raw") || !strcmp(only, "urb") ||
			    !strcmp(only, "raw-multi") || !strcmp(only, "urb-multi"))
				continue;
		}
		fprintf(stderr, "usage: bench_pingpong [--rts N] [--reps R] [--cpu C] "
				"[--only raw|urb|raw-multi|urb-multi] [--sqpoll IDLE_MS [--sqpoll-cpu C]]\n");
		return 2;
	}
	if (reps < 1 || reps > MAX_REPS || rts < 1)
		BENCH_DIE("--reps is 1..%d, --rts at least 1", MAX_REPS);
	if ((ring_options & URB_RING_SQ_AFF) && !(ring_options & URB_RING_SQPOLL))
		BENCH_DIE("--sqpoll-cpu needs --sqpoll");
	bench_pin((int)cpu);
	{
		struct urb_capacity cap = {
			.core_queue = SQ_ENTRIES, .registered_fd = 2, .direct_fd = 1,
			.pending_completions = SQ_ENTRIES, .buffers = 3,
			.buffer_bytes = 64 * 1024, .buffer_rings = 2, .futexes = 1,
			.ring_options = ring_options, .sqpoll_idle_ms = sqpoll_idle_ms,
			.sqpoll_cpu = sqpoll_cpu,
		};

		bench_setup_info(&cap, &urb_setup);
		bench_setup_line("urb", urb_setup.setup_flags,
				 urb_setup.used & URB_RING_REGISTERED_FD);
		bench_setup_line("raw", urb_setup.setup_flags | IORING_SETUP_CQSIZE,
				 urb_setup.used & URB_RING_REGISTERED_FD);
	}
	if (only) {
		const struct pp_bench *pb = &pp_benches[strchr(only, '-') ? 1 : 0];
		double (*run)(uint64_t) = only[0] == 'r' ? pb->raw : pb->urb;
		double v[MAX_REPS];

		for (unsigned r = 0; r < reps; r++)
			v[r] = run(rts);
		printf("ONLY %s %s: median %.0f rt/s over %lu runs\n", only, pb->name,
		       bench_median(v, (int)reps), reps);
		return 0;
	}
	for (size_t i = 0; i < sizeof(pp_benches) / sizeof(pp_benches[0]); i++)
		run_bench(&pp_benches[i], rts, (unsigned)reps);
	return 0;
}
