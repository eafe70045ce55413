/* SPDX-License-Identifier: MIT */
/*
 * bench_lean: the state machines of bench_nop, bench_pingpong and
 * bench_randread on the lean prototype (lean.h), for callgrind to count
 * beside urb and raw liburing (bench/lean/README.md).  The timed loops are
 * lean_run (NOP), lean_pp_loop (ping-pong) and lean_rr_loop (randread),
 * named as the other benchmarks name theirs so that one --toggle-collect
 * pattern counts all three sides.
 *
 *   bench_lean nop [--batch B] [--iters N]
 *   bench_lean pingpong [--rts N]
 *   bench_lean randread --file F [--depth D] [--ios N]
 *   bench_lean check
 *   (each also takes --cpu C)
 *
 * check runs each refusal and hand-back of lean.h once against the kernel
 * and says whether all went as lean.h says (not a test of the suite: the
 * prototype is no part of urb).
 *
 * Prints one line per run: ns per op, round trip or read, and the ring's
 * set-up flags.
 */
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <liburing.h>

#include "../bench.h"
#include "lean.h"

static void check(const char *what, int64_t rc)
{
	if (rc < 0)
		BENCH_DIE("%s: %s", what, strerror((int)-rc));
}

static struct lean *make(const struct lean_cap *cap)
{
	struct lean *b;

	check("lean_new", lean_new(cap, &b));
	printf("SETUP lean flags=0x%x\n", lean_setup_flags(b));
	return b;
}

/* ---- NOP: bench_nop's loop */

struct counter {
	uint64_t seen, sum;
};

static void count_cb(struct lean *b, const struct lean_completion *c, void *arg)
{
	struct counter *ctr = arg;

	(void)b;
	ctr->seen++;
	ctr->sum += c->key + (uint64_t)c->result;
}

static __attribute__((noinline)) void lean_run(struct lean *b, unsigned batch, uint64_t ops)
{
	struct counter ctr = { 0 };

	while (ctr.seen < ops) {
		for (unsigned i = 0; i < batch; i++)
			check("lean_push_nop", lean_push_nop(b, NULL, 0));
		check("lean_submit_and_wait", lean_submit_and_wait(b, batch));
		check("lean_completions", lean_completions(b, count_cb, &ctr));
	}
	if (ctr.sum == 0)
		BENCH_DIE("lean: no completions");
}

static uint64_t nop(unsigned long batch, unsigned long iters)
{
	struct lean_cap cap = { .sq_entries = 64, .records = 64, .slots = 1, .buffers = 1,
				.buf_size = 4096 };
	struct lean *b = make(&cap);
	uint64_t ops = (iters + batch - 1) / batch * batch, t0;

	if (batch < 1 || batch > 64)
		BENCH_DIE("--batch is 1..64");
	t0 = bench_now_ns();
	lean_run(b, (unsigned)batch, ops);
	printf("lean nop batch %lu: %.1f ns/op\n", batch, (double)(bench_now_ns() - t0) / (double)ops);
	lean_free(b);
	return ops;
}

/* ---- ping-pong: bench_pingpong's exchange */

#define MSG 64
enum tag { T_A_SEND = 1, T_A_RECV, T_B_SEND, T_B_RECV };
enum { BUF_S, BUF_R, BUF_E }; /* A's message, A's receive buffer, B's echo buffer */

struct pp {
	struct lean *b;
	uint32_t a, bslot;
	uint64_t rt, target;
	bool a_send_busy, a_send_wanted;
};

static void check_len(const char *what, int res)
{
	if (res != MSG)
		BENCH_DIE("%s: %d (%s)", what, res, res < 0 ? strerror(-res) : "short");
}

BENCH_STEP void pp_push(struct pp *p, enum tag t)
{
	void *user = (void *)(uintptr_t)t;
	int64_t rc;

	switch (t) {
	case T_A_SEND:
		rc = lean_push_send(p->b, p->a, BUF_S, user, 0);
		p->a_send_busy = true;
		break;
	case T_B_SEND:
		rc = lean_push_send(p->b, p->bslot, BUF_E, user, 0); /* E holds what B received */
		break;
	case T_A_RECV:
		rc = lean_push_recv(p->b, p->a, BUF_R, user, 0);
		break;
	default:
		rc = lean_push_recv(p->b, p->bslot, BUF_E, user, 0);
		break;
	}
	check("lean push", rc);
}

static void pp_done(struct lean *b, const struct lean_completion *c, void *arg)
{
	struct pp *p = arg;

	(void)b;
	switch ((enum tag)(uintptr_t)c->user) {
	case T_A_SEND:
		check_len("lean send A", c->result);
		p->a_send_busy = false;
		if (p->a_send_wanted) {
			p->a_send_wanted = false;
			pp_push(p, T_A_SEND);
		}
		break;
	case T_B_RECV:
		check_len("lean recv B", c->result);
		pp_push(p, T_B_SEND);
		break;
	case T_B_SEND:
		check_len("lean send B", c->result);
		pp_push(p, T_B_RECV);
		break;
	case T_A_RECV:
		check_len("lean recv A", c->result);
		if (++p->rt == p->target)
			break;
		pp_push(p, T_A_RECV);
		if (p->a_send_busy)
			p->a_send_wanted = true;
		else
			pp_push(p, T_A_SEND);
		break;
	default:
		BENCH_DIE("lean: unexpected completion, op %d result %d", c->op, c->result);
	}
}

static __attribute__((noinline)) void lean_pp_loop(struct pp *p)
{
	pp_push(p, T_B_RECV);
	pp_push(p, T_A_RECV);
	pp_push(p, T_A_SEND);
	while (p->rt < p->target) {
		int rc = lean_submit_and_wait(p->b, 1);

		if (rc < 0 && rc != -EINTR)
			BENCH_DIE("lean submit: %s", strerror(-rc));
		lean_completions(p->b, pp_done, p);
	}
}

static uint64_t pingpong(unsigned long rts)
{
	struct lean_cap cap = { .sq_entries = 16, .records = 16, .slots = 2, .buffers = 3,
				.buf_size = MSG };
	struct pp p = { .b = make(&cap), .target = rts };
	uint32_t len, room;
	uint64_t t0;
	void *data;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		BENCH_DIE("socketpair: %s", strerror(errno));
	check("lean_slot_open", lean_slot_open(p.b, sv[0], LEAN_STREAM));
	check("lean_slot_open", lean_slot_open(p.b, sv[1], LEAN_STREAM));
	p.a = 0;
	p.bslot = 1;
	close(sv[0]);
	close(sv[1]);
	check("lean_buf_get", lean_buf_get(p.b, BUF_S, &data, &len, &room));
	memset(data, 'p', MSG);
	check("lean_buf_set_len", lean_buf_set_len(p.b, BUF_S, MSG));
	t0 = bench_now_ns();
	lean_pp_loop(&p);
	printf("lean pingpong: %.1f ns per round trip\n", (double)(bench_now_ns() - t0) / (double)rts);
	lean_free(p.b); /* cancels B's armed recv */
	return rts;
}

/* ---- randread: bench_randread's reads */

#define BS 4096u

struct rr {
	struct lean *b;
	uint32_t slot;
	uint64_t x, blocks, left, done, total;
};

static uint64_t next_off(struct rr *r)
{
	r->x ^= r->x >> 12; /* bench_randread's sequence */
	r->x ^= r->x << 25;
	r->x ^= r->x >> 27;
	return (r->x * 0x2545F4914F6CDD1Dull % r->blocks) * BS;
}

static void rr_push(struct rr *r, uint32_t buf)
{
	check("lean_push_read_fixed",
	      lean_push_read_fixed(r->b, r->slot, buf, next_off(r), (void *)(uintptr_t)buf, 0));
	r->left--;
}

static void rr_done(struct lean *b, const struct lean_completion *c, void *arg)
{
	struct rr *r = arg;

	(void)b;
	if (c->result != (int32_t)BS)
		BENCH_DIE("lean read_fixed: %d", c->result);
	r->done++;
	if (r->left)
		rr_push(r, (uint32_t)(uintptr_t)c->user);
}

static __attribute__((noinline)) void lean_rr_loop(struct rr *r, unsigned depth)
{
	for (unsigned i = 0; i < depth; i++)
		rr_push(r, i);
	while (r->done < r->total) {
		int rc = lean_submit_and_wait(r->b, 1);

		if (rc < 0 && rc != -EINTR)
			BENCH_DIE("lean submit: %s", strerror(-rc));
		lean_completions(r->b, rr_done, r);
	}
}

static uint64_t randread(const char *path, unsigned long depth, unsigned long ios)
{
	/* records: depth + 1, as bench_randread's urb side (a read's record is taken while its callback pushes the next) */
	struct lean_cap cap = { .sq_entries = 256, .records = (uint32_t)depth + 1, .slots = 1,
				.buffers = (uint32_t)depth, .buf_size = BS };
	struct rr r = { .x = 0x9e3779b97f4a7c15ull, .left = ios, .total = ios };
	struct stat st;
	uint64_t t0;
	int fd;

	if (!path || depth < 1 || depth > 256 || ios < depth)
		BENCH_DIE("randread: --file is needed, 1 <= --depth <= 256, --ios >= depth");
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < (off_t)BS)
		BENCH_DIE("%s: cannot open, or too small", path);
	r.blocks = (uint64_t)st.st_size / BS;
	r.b = make(&cap);
	r.slot = (uint32_t)lean_slot_open(r.b, fd, LEAN_FILE);
	check("lean_slot_open", (int)r.slot);
	close(fd);
	t0 = bench_now_ns();
	lean_rr_loop(&r, (unsigned)depth);
	printf("lean randread depth %lu: %.1f ns per read\n", depth,
	       (double)(bench_now_ns() - t0) / (double)ios);
	lean_free(r.b);
	return ios;
}

/* ---- check: each refusal and ownership rule once, against the real kernel */

#define EXPECT(what, got, want)                                                       \
	do {                                                                          \
		int64_t got_ = (got);                                                 \
		if (got_ != (want))                                                   \
			BENCH_DIE("check %s: %lld, not %lld", what, (long long)got_,   \
				  (long long)(want));                                   \
	} while (0)

struct seen {
	struct lean_completion last;
	int n, inner_walk, inner_free, pid;
	bool fork; /* the next callback forks */
};

static void seen_cb(struct lean *b, const struct lean_completion *c, void *arg)
{
	struct seen *s = arg;

	s->last = *c;
	s->n++;
	if (s->fork) {
		s->fork = false;
		s->pid = fork();
		return;
	}
	s->inner_walk = lean_completions(b, seen_cb, arg);
	s->inner_free = lean_free(b);
}

/* Submits, waits for one CQE and walks: how many the walk handed over. */
static int one(struct lean *b, struct seen *s)
{
	check("submit", lean_submit_and_wait(b, 1));
	return lean_completions(b, seen_cb, s);
}

static void check_all(void)
{
	struct lean_cap cap = { .sq_entries = 4, .records = 2, .slots = 2, .buffers = 2,
				.buf_size = MSG };
	struct lean *b = make(&cap);
	struct seen s = { 0 };
	uint64_t done, stale;
	uint32_t len, room;
	void *data;
	int sv[2], file, pid, status;
	int64_t key;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		BENCH_DIE("socketpair: %s", strerror(errno));
	file = open("/dev/null", O_RDONLY | O_CLOEXEC);
	EXPECT("capacity 0", lean_new(&(struct lean_cap){ 0 }, &(struct lean *){ NULL }), -EINVAL);
	EXPECT("NULL bearer", lean_push_nop(NULL, NULL, 0), -EINVAL);
	EXPECT("unknown flags", lean_push_nop(b, NULL, 1u << 9), -EINVAL);
	EXPECT("slot open", lean_slot_open(b, sv[0], LEAN_STREAM), 0);
	EXPECT("slot open", lean_slot_open(b, file, LEAN_FILE), 1);
	EXPECT("slots full", lean_slot_open(b, sv[1], LEAN_STREAM), -ENOSPC);
	EXPECT("slot out of range", lean_push_recv(b, 2, 0, NULL, 0), -EINVAL);
	EXPECT("file slot, recv", lean_push_recv(b, 1, 0, NULL, 0), -EOPNOTSUPP);
	EXPECT("buffer out of range", lean_push_recv(b, 0, 2, NULL, 0), -EINVAL);
	EXPECT("send of no bytes", lean_push_send(b, 0, 0, NULL, 0), -ENODATA);

	/* a recv holds its buffer and slot until its CQE */
	EXPECT("recv", lean_push_recv(b, 0, 1, (void *)1, 0) >= 0, 1);
	EXPECT("buffer the kernel's", lean_push_send(b, 0, 1, NULL, 0), -EPERM);
	EXPECT("buffer the kernel's", lean_buf_get(b, 1, &data, &len, &room), -EPERM);
	EXPECT("nop", lean_push_nop(b, NULL, 0) >= 0, 1);
	EXPECT("no free record", lean_push_nop(b, NULL, 0), -ENOBUFS);
	EXPECT("nop's CQE", one(b, &s), 1);
	EXPECT("walk from a callback", s.inner_walk, -EBUSY);
	EXPECT("free from a callback", s.inner_free, -EBUSY);
	EXPECT("closing a busy slot", lean_slot_close(b, 0), 0);
	EXPECT("closing slot", lean_push_recv(b, 0, 0, NULL, 0), -EBUSY);
	if (write(sv[1], "hello", 5) != 5)
		BENCH_DIE("write: %s", strerror(errno));
	EXPECT("recv's CQE", one(b, &s), 1);
	EXPECT("recv: op", s.last.op, LEAN_OP_RECV);
	EXPECT("recv: buffer", s.last.buf, 1);
	EXPECT("recv: length", s.last.len, 5);
	EXPECT("recv: bytes", memcmp(s.last.data, "hello", 5), 0);
	EXPECT("buffer back", lean_buf_get(b, 1, &data, &len, &room), 0);
	EXPECT("its valid bytes", len, 5);
	EXPECT("slot emptied", lean_push_recv(b, 0, 0, NULL, 0), -EBADF);

	/* a CQE under a key no longer pending: counted and shown, no record touched */
	key = lean_push_nop(b, (void *)7, 0);
	EXPECT("nop", one(b, &s), 1);
	{
		struct io_uring other;
		struct io_uring_sqe *sqe;
		struct io_uring_cqe *cqe;

		check("ring", io_uring_queue_init(2, &other, 0));
		sqe = io_uring_get_sqe(&other);
		io_uring_prep_msg_ring(sqe, lean_ring_fd(b), 0, (uint64_t)key, 0);
		check("msg_ring", io_uring_submit_and_wait(&other, 1));
		check("msg_ring", io_uring_wait_cqe(&other, &cqe));
		EXPECT("msg_ring", cqe->res, 0);
		io_uring_queue_exit(&other);
	}
	EXPECT("stale CQE", one(b, &s), 1);
	EXPECT("stale: op", s.last.op, LEAN_OP_STALE);
	EXPECT("stale: no user", (int64_t)(uintptr_t)s.last.user, 0);
	check("counts", lean_counts(b, &done, &stale));
	EXPECT("stale counted", (int64_t)stale, 1);
	EXPECT("record free", lean_push_nop(b, NULL, 0) >= 0, 1);
	EXPECT("key stepped", one(b, &s), 1);
	EXPECT("its generation stepped", s.last.key != (uint64_t)key, 1);

	/* a full SQ: refused until a submit lets the kernel take what it holds */
	{
		struct lean_cap small = { .sq_entries = 2, .records = 4 };
		struct lean *q = make(&small);

		EXPECT("nop", lean_push_nop(q, NULL, 0) >= 0, 1);
		EXPECT("nop", lean_push_nop(q, NULL, 0) >= 0, 1);
		EXPECT("SQ full", lean_push_nop(q, NULL, 0), -EAGAIN);
		EXPECT("submit", lean_submit_and_wait(q, 2), 2);
		EXPECT("nop after the submit", lean_push_nop(q, NULL, 0) >= 0, 1);
		EXPECT("free", lean_free(q), 0);
	}

	/* a forked child may only free its copy, and a walk stops in it after the callback that forked */
	EXPECT("nop", lean_push_nop(b, NULL, 0) >= 0, 1);
	check("submit", lean_submit_and_wait(b, 1));
	s.fork = true;
	status = lean_completions(b, seen_cb, &s);
	if (s.pid == 0)
		_exit(status == -ECHILD && lean_free(b) == 0 ? 0 : 1);
	EXPECT("the parent's walk", status, 1);
	if (s.pid < 0 || waitpid(s.pid, &status, 0) != s.pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		BENCH_DIE("check fork: the child's walk went on after the callback that forked");
	pid = fork();
	if (pid == 0)
		_exit(lean_push_nop(b, NULL, 0) == -ECHILD && lean_submit_and_wait(b, 0) == -ECHILD &&
		      lean_free(b) == 0 ? 0 : 1);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		BENCH_DIE("check fork: the child was not refused");
	EXPECT("after the fork", lean_push_nop(b, NULL, 0) >= 0, 1);
	EXPECT("free", lean_free(b), 0);
	close(sv[0]);
	close(sv[1]);
	close(file);
	printf("lean check: every refusal and hand-back as expected\n");
}

int main(int argc, char **argv)
{
	unsigned long batch = 32, iters = 400000, rts = 50000, depth = 32, ios = 200000, cpu = 0;
	const char *mode = argc > 1 ? argv[1] : "", *path = NULL;

	for (int i = 2; i < argc; i++) {
		if (bench_opt_ul(argc, argv, &i, "--batch", &batch) ||
		    bench_opt_ul(argc, argv, &i, "--iters", &iters) ||
		    bench_opt_ul(argc, argv, &i, "--rts", &rts) ||
		    bench_opt_ul(argc, argv, &i, "--depth", &depth) ||
		    bench_opt_ul(argc, argv, &i, "--ios", &ios) ||
		    bench_opt_ul(argc, argv, &i, "--cpu", &cpu))
			continue;
		if (!strcmp(argv[i], "--file") && i + 1 < argc) {
			path = argv[++i];
			continue;
		}
		mode = "";
		break;
	}
	bench_pin((int)cpu);
	if (!strcmp(mode, "nop"))
		nop(batch, iters);
	else if (!strcmp(mode, "pingpong"))
		pingpong(rts);
	else if (!strcmp(mode, "randread"))
		randread(path, depth, ios);
	else if (!strcmp(mode, "check"))
		check_all();
	else {
		fprintf(stderr, "usage: bench_lean nop [--batch B] [--iters N] | pingpong [--rts N] | "
				"randread --file F [--depth D] [--ios N] | check  [--cpu C]\n");
		return 2;
	}
	return 0;
}
