/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE

/*
 * Fault paths against the running kernel: teardown with ops in flight, a
 * full submission queue, an overflowing completion queue, and every op
 * failing in the kernel.
 *
 * Each test here once found a library bug or guards against one.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/futex.h>

#include "support.h"
#include "internal.h"

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static struct urb_stats stats(const struct urb_bearer *b)
{
	struct urb_stats s;

	assert_int_equal(urb_bearer_stats(b, &s), 0);
	return s;
}

static void require(struct urb_bearer *b, const int *ops, int n)
{
	for (int i = 0; i < n; i++)
		T_REQUIRE_OP(b, ops[i]);
}

#define REQUIRE_OPS(b, ...)                                                    \
	do {                                                                   \
		const int ops_[] = { __VA_ARGS__ };                            \
		require((b), ops_, (int)(sizeof(ops_) / sizeof(ops_[0])));     \
	} while (0)

/* A TCP socket on 127.0.0.1, port chosen by the kernel; listening when @backlog > 0. */
static int tcp_socket(struct sockaddr_in *sin, int backlog)
{
	socklen_t len = sizeof(*sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	*sin = t_loopback();
	sin->sin_port = 0;
	assert_int_equal(bind(fd, (struct sockaddr *)sin, sizeof(*sin)), 0);
	if (backlog > 0)
		assert_int_equal(listen(fd, backlog), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)sin, &len), 0);
	return fd;
}

static int connect_to(const struct sockaddr_in *sin)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (const struct sockaddr *)sin, sizeof(*sin)), 0);
	return fd;
}

static void tcp_pair(int *server, int *peer)
{
	struct sockaddr_in sin;
	int lfd = tcp_socket(&sin, 1);

	*peer = connect_to(&sin);
	*server = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	assert_true(*server >= 0);
	close(lfd);
}

/* ---- 1. teardown with ops in the kernel */

/*
 * Ops armed in the kernel, on sockets and a futex word the test keeps its
 * own references to, and a dup of the ring's fd that keeps the ring (and
 * whatever is still armed in it) alive after urb_bearer_free() closes it.
 */
struct inflight {
	struct urb_bearer *b;
	int ring_dup;
	int lfd;			/* listener: accept, accept_multi */
	struct sockaddr_in laddr;
	int rsrv, rpeer;		/* recv */
	int msrv, mpeer;		/* recv_multi over a buffer ring */
	int zsrv, zpeer;		/* send_zc into a full socket */
	size_t zprefill;		/* bytes written before the send_zc */
	uint32_t word;			/* futex_wait, on a word adopted from the test */
	uint8_t *arena;
	size_t arena_size;
	uint64_t recv_key, multi_recv_key, zc_key, futex_key;
	urb_buf_t rbuf;
};

#define ZC_LEN 4096

static const char probe_msg[] = "sent after the bearer was freed";

/* A connected pair whose sending side (*srv, blocking) cannot send: the peer reads nothing. */
static size_t full_pair(int *srv, int *peer)
{
	int small = 4096;
	char chunk[4096];
	size_t n = 0;
	ssize_t w;

	tcp_pair(srv, peer);
	assert_int_equal(setsockopt(*srv, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);
	assert_int_equal(setsockopt(*peer, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)), 0);
	memset(chunk, 'p', sizeof(chunk));
	while ((w = send(*srv, chunk, sizeof(chunk), MSG_DONTWAIT | MSG_NOSIGNAL)) > 0)
		n += (size_t)w;
	assert_true(w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
	return n;
}

static void inflight_setup(struct inflight *f)
{
	struct urb_capacity cap = {
		.core_queue = 16, .registered_fd = 8, .direct_fd = 8,
		.pending_completions = 16, .buffers = 4, .buffer_bytes = 64 * 1024,
		.buffer_rings = 1, .futexes = 2,
	};
	struct urb_accept_opts aopts = { 0 };
	struct urb_accept_multi_opts mopts = { .target = URB_AUTO_SLOT };
	struct urb_recv_opts ropts = { .key_out = &f->recv_key };
	struct urb_recv_multi_opts rmopts = { .key_out = &f->multi_recv_key };
	struct urb_send_zc_opts zopts = { .key_out = &f->zc_key };
	struct urb_futex_wait_opts fopts = { .key_out = &f->futex_key };
	int lslot, rslot, mslot, zslot, rset, mset, zset, fid;
	void *data;
	uint32_t cap_len;

	memset(f, 0, sizeof(*f));
	f->b = t_bearer_cap(&cap);
	REQUIRE_OPS(f->b, URB_OP_ACCEPT, URB_OP_ACCEPT_MULTI, URB_OP_RECV, URB_OP_RECV_MULTI,
		    URB_OP_SEND_ZC, URB_OP_FUTEX_WAIT, URB_OP_CANCEL);
	f->lfd = tcp_socket(&f->laddr, 16);
	tcp_pair(&f->rsrv, &f->rpeer);
	tcp_pair(&f->msrv, &f->mpeer);
	f->zprefill = full_pair(&f->zsrv, &f->zpeer);
	lslot = urb_fd_register(f->b, f->lfd, URB_FD_ACCEPTOR);
	rslot = urb_fd_register(f->b, f->rsrv, URB_FD_STREAM);
	mslot = urb_fd_register(f->b, f->msrv, URB_FD_STREAM);
	zslot = urb_fd_register(f->b, f->zsrv, URB_FD_STREAM);
	assert_true(lslot >= 0 && rslot >= 0 && mslot >= 0 && zslot >= 0);
	rset = urb_bufset_create(f->b, 1, 4096);
	mset = urb_bufset_create(f->b, 4, 4096);
	zset = urb_bufset_create(f->b, 1, ZC_LEN);
	assert_true(rset >= 0 && mset >= 0 && zset >= 0);
	f->rbuf = URB_BUF(rset, 0);
	assert_int_equal(urb_bufring_create(f->b, (uint32_t)mset), 0);
	assert_int_equal(urb_buf_fill(f->b, URB_BUF(zset, 0), &data, &cap_len), 0);
	memset(data, 'z', ZC_LEN);
	assert_int_equal(urb_buf_filled(f->b, URB_BUF(zset, 0), ZC_LEN), 0);
	f->word = 7;
	fid = urb_futex_adopt(f->b, &f->word);
	assert_true(fid >= 0);

	assert_int_equal(urb_push_accept(f->b, URB_SLOT(lslot), &aopts), 0);
	assert_int_equal(urb_push_accept_multi(f->b, URB_SLOT(lslot), &mopts), 0);
	assert_int_equal(urb_push_recv(f->b, URB_SLOT(rslot), f->rbuf, &ropts), 0);
	assert_int_equal(urb_push_recv_multi(f->b, URB_SLOT(mslot), (uint32_t)mset, &rmopts), 0);
	assert_int_equal(urb_push_send_zc(f->b, URB_SLOT(zslot), URB_BUF(zset, 0), &zopts), 0);
	assert_int_equal(urb_push_futex_wait(f->b, (uint32_t)fid, 7, &fopts), 0);
	assert_int_equal(urb_bearer_submit(f->b), 6);
	assert_int_equal(t_pending(f->b), 6);
	assert_int_equal(urb_buf_owner(f->b, f->rbuf), URB_OWN_KERNEL);
	f->arena = f->b->arena;
	f->arena_size = f->b->arena_size;
	f->ring_dup = fcntl(f->b->ring.ring_fd, F_DUPFD_CLOEXEC, 0);
	assert_true(f->ring_dup >= 0);
}

static void inflight_close(struct inflight *f)
{
	int fds[] = { f->ring_dup, f->lfd, f->rsrv, f->rpeer, f->msrv, f->mpeer, f->zsrv, f->zpeer };

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		close(fds[i]);
}

/* What is left for the test of what urb's ops were armed to take. */
struct probe {
	int accepted;		/* of two connections */
	ssize_t got, got_multi;	/* of probe_msg on the recv and recv_multi sockets */
	long woken;		/* futex waiters woken on the word */
	size_t zc_sent;		/* bytes past the prefill that reached the send_zc peer */
};

static size_t drain(int fd)
{
	char buf[65536];
	size_t n = 0;
	ssize_t r;

	while ((r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		n += (size_t)r;
	return n;
}

static ssize_t recv_msg(int fd)
{
	char buf[128];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n == (ssize_t)sizeof(probe_msg))
		assert_memory_equal(buf, probe_msg, sizeof(probe_msg));
	return n;
}

/*
 * A live bearer's owner enters the kernel (a submit of nothing): on a
 * DEFER_TASKRUN ring the armed ops act only then.  Nothing for a freed one.
 */
static void let_run(struct urb_bearer *b)
{
	if (b)
		assert_true(urb_bearer_submit(b) >= 0);
}

/*
 * Gives every armed op its chance: two connections, a message on each
 * receiving socket, a wake on the futex word, the full socket drained.
 * Then sees what the test can still take itself.  @live is the bearer
 * when it still lives (its owner then enters the kernel between the
 * steps), NULL after its free.
 */
static struct probe probe_kernel(struct inflight *f, struct urb_bearer *live)
{
	struct probe p = { 0 };
	size_t zgot;
	int c[2];

	assert_int_equal(fcntl(f->lfd, F_SETFL, O_NONBLOCK), 0);
	for (int i = 0; i < 2; i++)
		c[i] = connect_to(&f->laddr);
	assert_int_equal(send(f->rpeer, probe_msg, sizeof(probe_msg), MSG_NOSIGNAL),
			 sizeof(probe_msg));
	assert_int_equal(send(f->mpeer, probe_msg, sizeof(probe_msg), MSG_NOSIGNAL),
			 sizeof(probe_msg));
	f->word = 8;
	p.woken = syscall(SYS_futex, &f->word, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
	let_run(live);
	/* the prefill comes through window by window; then give a send_zc time */
	zgot = drain(f->zpeer);
	for (uint64_t t0 = now_ms(); zgot < f->zprefill && now_ms() - t0 < 5000; sleep_ms(5)) {
		let_run(live);
		zgot += drain(f->zpeer);
	}
	assert_true(zgot >= f->zprefill);
	for (uint64_t t0 = now_ms(); zgot < f->zprefill + ZC_LEN && now_ms() - t0 < 500; sleep_ms(5)) {
		let_run(live);
		zgot += drain(f->zpeer);
	}
	p.zc_sent = zgot - f->zprefill;
	for (int i = 0; i < 2; i++) {
		int fd = accept4(f->lfd, NULL, NULL, SOCK_CLOEXEC);

		if (fd >= 0) {
			p.accepted++;
			close(fd);
		}
		close(c[i]);
	}
	p.got = recv_msg(f->rsrv);
	p.got_multi = recv_msg(f->msrv);
	return p;
}

/*
 * urb_bearer_free() must cancel the armed ops and wait for their final
 * CQEs before it frees anything.  The test holds the ring open through a
 * dup of its fd, so closing the ring cancels nothing for urb: after free,
 * nothing may be left armed that takes the next connections, bytes or
 * wake, or sends from the freed buffer; and nothing may write into the
 * buffer arena's old addresses (mapped again here, so that a recv still
 * armed would land in it).
 */
static void free_cancels_ops_in_flight(void **state)
{
	struct inflight f;
	bool remapped;
	struct probe p;
	uint64_t t0, took;

	(void)state;
	inflight_setup(&f);

	t0 = now_ms();
	assert_int_equal(urb_bearer_free(f.b), 0);
	took = now_ms() - t0;
	assert_in_range(took, 0, 1500);

	remapped = mmap(f.arena, f.arena_size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == f.arena;
	if (remapped)
		memset(f.arena, 0xa5, f.arena_size);
	else
		print_message("note: the arena's addresses could not be mapped again; "
			      "checking the sockets and the futex only\n");

	p = probe_kernel(&f, NULL);
	assert_int_equal(p.accepted, 2);
	assert_int_equal(p.got, sizeof(probe_msg));
	assert_int_equal(p.got_multi, sizeof(probe_msg));
	assert_int_equal(p.woken, 0);
	assert_int_equal(p.zc_sent, 0);
	if (remapped) {
		for (size_t i = 0; i < f.arena_size; i++)
			if (f.arena[i] != 0xa5)
				fail_msg("byte %zu of the freed arena was written after free", i);
		munmap(f.arena, f.arena_size);
	}
	inflight_close(&f);
}

struct armed {
	struct inflight *f;
	int conns;	/* connections the accepts took */
	int recvs, multi_recvs, futex, zc_notif;
	int fds[2];	/* plain fds the single-shot accept made */
	int nfds;
};

static enum urb_disposition note_armed(struct urb_bearer *b, const struct urb_completion *c,
				       void *user)
{
	struct armed *a = user;

	if (c->key == a->f->recv_key) {
		a->recvs++;
		assert_int_equal(c->result, sizeof(probe_msg));
	} else if (c->key == a->f->multi_recv_key) {
		a->multi_recvs++;
		assert_int_equal(c->result, sizeof(probe_msg));
		assert_int_equal(urb_buf_recycle(b, c->selected), 0);
	} else if (c->key == a->f->futex_key) {
		a->futex++;
		assert_int_equal(c->result, 0);
	} else if (c->key == a->f->zc_key) {
		if (c->notif)
			a->zc_notif++;
		else
			assert_int_equal(c->result, ZC_LEN);
	} else if (c->result >= 0) {
		a->conns++;
		if (c->op == URB_OP_ACCEPT && a->nfds < 2)
			a->fds[a->nfds++] = c->u.accept.conn.fd;
	}
	return URB_DEFAULT;
}

/*
 * The control for the test above: with the ops left armed (no free), the
 * same probe sees the kernel take the connections, the bytes and the wake,
 * and send the buffer.  So the probe tells a free that cancels from one
 * that does not.
 */
static void probe_sees_ops_left_armed(void **state)
{
	struct inflight f;
	struct armed a = { .f = &f };
	struct probe p;

	(void)state;
	inflight_setup(&f);
	p = probe_kernel(&f, f.b);
	assert_int_equal(p.accepted, 0);
	assert_true(p.got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
	assert_true(p.got_multi < 0);
	assert_int_equal(p.woken, 1);
	assert_int_equal(p.zc_sent, ZC_LEN);

	for (int rounds = 0; a.conns < 2 || !a.recvs || !a.multi_recvs || !a.futex || !a.zc_notif;
	     rounds++) {
		struct timespec ts = { .tv_sec = 2 };

		assert_in_range(rounds, 0, 20);
		assert_true(urb_bearer_submit_and_wait(f.b, 1, &ts) >= 0);
		assert_true(urb_bearer_completions(f.b, note_armed, &a) >= 0);
	}
	for (int i = 0; i < a.nfds; i++)
		close(a.fds[i]);
	assert_int_equal(urb_buf_owner(f.b, f.rbuf), URB_OWN_RETURNED);
	assert_int_equal(urb_bearer_free(f.b), 0); /* cancels what is still armed */
	inflight_close(&f);
}

/*
 * A send_zc whose bytes are queued behind a zero window: its result CQE
 * comes at once, its notification (the kernel lets go of the buffer's
 * pages) only once the peer reads.  urb_bearer_free() must wait for it,
 * a bounded time, and then refuse: URB_EBUSY, nothing freed.  A free that
 * did not wait would return 0 here.  Once the peer reads, the
 * notification comes and a second free succeeds.
 */
static void free_waits_for_zero_copy_notification(void **state)
{
	struct urb_capacity cap = {
		.core_queue = 8, .registered_fd = 4, .direct_fd = 4,
		.pending_completions = 8, .buffers = 1, .buffer_bytes = 64 * 1024,
		.futexes = 1,
	};
	struct urb_bearer *b = t_bearer_cap(&cap);
	struct urb_send_zc_opts zopts = { 0 };
	struct t_seen seen = { 0 };
	struct timespec ts = { .tv_sec = 2 };
	int srv, peer, big = 1 << 20, slot, set, rc;
	size_t prefill, got;
	uint64_t t0, took;
	urb_buf_t buf;
	void *data;
	uint32_t len;

	(void)state;
	REQUIRE_OPS(b, URB_OP_SEND_ZC, URB_OP_CANCEL);
	prefill = full_pair(&srv, &peer);
	/* room in the send buffer again, and still no window at the peer */
	assert_int_equal(setsockopt(srv, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big)), 0);
	slot = urb_fd_register(b, srv, URB_FD_STREAM);
	set = urb_bufset_create(b, 1, ZC_LEN);
	assert_true(slot >= 0 && set >= 0);
	buf = URB_BUF(set, 0);
	assert_int_equal(urb_buf_fill(b, buf, &data, &len), 0);
	memset(data, 'z', ZC_LEN);
	assert_int_equal(urb_buf_filled(b, buf, ZC_LEN), 0);
	assert_int_equal(urb_push_send_zc(b, URB_SLOT(slot), buf, &zopts), 0);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), 1);
	assert_int_equal(urb_bearer_completions(b, t_record, &seen), 1);
	assert_int_equal(seen.last.result, ZC_LEN);
	assert_true(seen.last.more && !seen.last.final);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);

	t0 = now_ms();
	rc = urb_bearer_free(b);
	took = now_ms() - t0;
	if (rc == 0)
		fail_msg("urb_bearer_free returned 0 while the kernel held a zero-copy buffer "
			 "(after %llu ms)", (unsigned long long)took);
	assert_int_equal(rc, URB_EBUSY);
	assert_in_range(took, 900, 3000);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL); /* nothing was freed */

	got = drain(peer);
	for (t0 = now_ms(); got < prefill + ZC_LEN && now_ms() - t0 < 5000; sleep_ms(5))
		got += drain(peer);
	assert_int_equal(got, prefill + ZC_LEN);
	assert_int_equal(urb_bearer_free(b), 0);
	close(srv);
	close(peer);
}

/* ---- 2. a full submission queue */

static void sq_full_is_at_capacity(void **state)
{
	struct urb_capacity cap = {
		.core_queue = 4, .registered_fd = 4, .direct_fd = 4,
		.pending_completions = 64, .buffers = 1, .buffer_bytes = 4096, .futexes = 1,
	};
	struct urb_bearer *b = t_bearer_cap(&cap);
	enum urb_capacity_kind kind;
	uint64_t setting;

	(void)state;
	REQUIRE_OPS(b, URB_OP_NOP);
	for (int i = 0; i < 4; i++)
		assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(urb_push_nop(b, NULL), URB_EATCAPACITY);
	assert_int_equal(urb_bearer_at_capacity(b, &kind, &setting), 0);
	assert_int_equal(kind, URB_CAP_CORE_QUEUE);
	assert_int_equal(setting, 4);
	assert_non_null(strstr(urb_bearer_detail(b), "core_queue"));
	assert_int_equal(t_pending(b), 4); /* the refused push left no record */
	assert_int_equal(stats(b).capacity_used[URB_CAP_CORE_QUEUE], 4);
	assert_int_equal(urb_bearer_submit(b), 4);
	assert_int_equal(stats(b).capacity_used[URB_CAP_CORE_QUEUE], 0);
	assert_int_equal(urb_push_nop(b, NULL), 0);
	t_free(b);
}

/* ---- 3. CQ overflow: every completion, exactly once */

struct tally {
	uint8_t *seen;	/* by record index */
	uint32_t n;
	uint32_t total, twice, wrong;
};

static enum urb_disposition count_nop(struct urb_bearer *b, const struct urb_completion *c,
				      void *user)
{
	struct tally *t = user;
	uint32_t idx = URB__KEY_IDX(c->key);

	(void)b;
	t->total++;
	if (c->op != URB_OP_NOP || c->result != 0 || !c->final || idx >= t->n)
		t->wrong++;
	else if (t->seen[idx]++)
		t->twice++;
	return URB_DEFAULT;
}

static void cq_overflow_loses_nothing(void **state)
{
	/* the CQ grows with pending_completions up to 65536 entries: go past it */
	const uint32_t n = 65536 + 8192;
	struct urb_capacity cap = {
		.core_queue = 4, .registered_fd = 4, .direct_fd = 4,
		.pending_completions = n, .buffers = 1, .buffer_bytes = 4096, .futexes = 1,
	};
	struct urb_bearer *b = t_bearer_cap(&cap);
	struct tally t = { .n = n };
	uint32_t pushed = 0, cq_entries;
	struct urb_stats s;
	int rc;

	(void)state;
	REQUIRE_OPS(b, URB_OP_NOP);
	cq_entries = b->ring.cq.ring_entries;
	assert_true(cq_entries < n);
	t.seen = calloc(n, 1);
	assert_non_null(t.seen);

	while (pushed < n) {
		while ((rc = urb_push_nop(b, NULL)) == 0)
			pushed++;
		assert_int_equal(rc, URB_EATCAPACITY);
		if (pushed < n) {
			enum urb_capacity_kind kind;
			uint64_t setting;

			assert_int_equal(urb_bearer_at_capacity(b, &kind, &setting), 0);
			assert_int_equal(kind, URB_CAP_CORE_QUEUE);
		}
		rc = urb_bearer_submit(b);
		if (rc < 0)
			fail_msg("submit with %u nops in flight: %s", pushed, urb_err_name(rc));
	}
	assert_int_equal(urb_push_nop(b, NULL), URB_EATCAPACITY); /* now the records */
	assert_int_equal(t_pending(b), n);
	assert_true(IO_URING_READ_ONCE(*b->ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);

	/* walks alone: one that finds the CQ empty flushes the overflow */
	for (int rounds = 0; t.total < n; rounds++) {
		assert_in_range(rounds, 0, 64);
		rc = urb_bearer_completions(b, count_nop, &t);
		if (rc <= 0)
			fail_msg("%u of %u completions, then a walk gave %d", t.total, n, rc);
	}
	assert_int_equal(t.total, n);
	assert_int_equal(t.twice, 0);
	assert_int_equal(t.wrong, 0);
	for (uint32_t i = 0; i < n; i++)
		if (!t.seen[i])
			fail_msg("record %u: no completion", i);
	assert_int_equal(IO_URING_READ_ONCE(*b->ring.cq.koverflow), 0); /* none dropped */
	s = stats(b);
	assert_int_equal(s.completions, n);
	assert_int_equal(s.stale_cqes, 0);
	assert_int_equal(s.unknown_cqes, 0);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.submitted, n);
	free(t.seen);
	t_free(b);
}

/* ---- 4. every op failing in the kernel gives everything back */

struct failures {
	int n;
	int bad;	/* completions that were not failures */
	char what[256];
};

static enum urb_disposition expect_failure(struct urb_bearer *b, const struct urb_completion *c,
					   void *user)
{
	struct failures *f = user;

	(void)b;
	f->n++;
	if (c->result >= 0 || !c->final) {
		f->bad++;
		snprintf(f->what, sizeof(f->what), "%s: result %d, final %d",
			 urb_op_name(c->op), c->result, c->final);
	}
	return URB_DEFAULT;
}

static int fd_not_open(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	close(fd);
	return fd;
}

static int cancel_result = 1;

static enum urb_disposition note_cancel(struct urb_bearer *b, const struct urb_completion *c,
					void *user)
{
	(void)b, (void)user;
	if (c->op == URB_OP_CANCEL)
		cancel_result = c->result;
	return URB_DEFAULT;
}

static void every_op_failing_returns_everything(void **state)
{
	struct urb_capacity cap = {
		.core_queue = 32, .registered_fd = 16, .direct_fd = 8,
		.pending_completions = 32, .buffers = 4, .buffer_bytes = 64 * 1024,
		.futexes = 1,
	};
	struct urb_bearer *b = t_bearer_cap(&cap);
	struct failures f = { 0 };
	struct sockaddr_in closed;
	struct urb_accept_opts aopts = { .target = URB_SLOT(14) };
	struct urb_accept_multi_opts mopts = { .target = URB_AUTO_SLOT };
	struct urb_socket_opts sopts = { .target = URB_SLOT(15) };
	uint32_t not_listening, recv_slot, send_slot, shut_slot, conn_slot;
	uint64_t nop_key = 0;
	struct urb_nop_opts nopts = { .key_out = &nop_key };
	urb_buf_t rbuf, sbuf;
	int bound, expected = 0;
	void *data;
	uint32_t len;
	const void *view;

	(void)state;
	REQUIRE_OPS(b, URB_OP_ACCEPT, URB_OP_ACCEPT_MULTI, URB_OP_CANCEL, URB_OP_CLOSE,
		    URB_OP_CONNECT, URB_OP_NOP, URB_OP_RECV, URB_OP_SEND, URB_OP_SHUTDOWN,
		    URB_OP_SOCKET);
	/* bound, not listening: accept fails, and a connect to it is refused */
	bound = tcp_socket(&closed, 0);
	not_listening = (uint32_t)urb_fd_register(b, bound, URB_FD_ACCEPTOR);
	recv_slot = t_slot(b, URB_FD_SOCKET);
	send_slot = t_slot(b, URB_FD_SOCKET);
	shut_slot = t_slot(b, URB_FD_SOCKET);
	conn_slot = t_slot(b, URB_FD_SOCKET);
	rbuf = t_buffer(b);
	sbuf = t_buffer(b);

	assert_int_equal(urb_push_accept(b, URB_SLOT(not_listening), &aopts), 0);
	expected++;
	assert_int_equal(urb_push_accept_multi(b, URB_SLOT(not_listening), &mopts), 0);
	expected++;
	assert_int_equal(urb_push_close(b, URB_FD(fd_not_open()), NULL), 0);
	expected++;
	assert_int_equal(urb_push_connect(b, URB_SLOT(conn_slot), (struct sockaddr *)&closed,
					  sizeof(closed), NULL), 0);
	expected++;
	assert_int_equal(urb_push_recv(b, URB_SLOT(recv_slot), rbuf, NULL), 0);
	expected++;
	assert_int_equal(urb_push_send(b, URB_SLOT(send_slot), sbuf, NULL), 0);
	expected++;
	assert_int_equal(urb_push_shutdown(b, URB_SLOT(shut_slot), SHUT_WR, NULL), 0);
	expected++;
	assert_int_equal(urb_push_socket(b, 12345, SOCK_STREAM, 0, &sopts), 0);
	expected++;
	assert_int_equal(urb_fd_kind(b, 14), URB_ENOTREGISTERED);
	assert_int_equal(urb_fd_register_at(b, 14, bound, URB_FD_FILE), URB_EBUSY); /* reserved */
	assert_int_equal(urb_buf_owner(b, rbuf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, sbuf), URB_OWN_KERNEL);
	assert_int_equal(urb_fd_unregister(b, recv_slot), URB_EBUSY);
	assert_int_equal(t_pending(b), expected);
	while (f.n < expected) {
		struct timespec ts = { .tv_sec = 2 };
		int rc = urb_bearer_submit_and_wait(b, 1, &ts);

		if (rc < 0)
			fail_msg("%d of %d completions, then %s", f.n, expected, urb_err_name(rc));
		assert_true(urb_bearer_completions(b, expect_failure, &f) >= 0);
	}
	if (f.bad)
		fail_msg("%d ops did not fail; the last: %s", f.bad, f.what);
	/* a cancel that finds nothing: the nop it names is done before it runs */
	assert_int_equal(urb_push_nop(b, &nopts), 0);
	assert_int_equal(urb_push_cancel(b, nop_key, NULL), 0);
	for (int rounds = 0; t_pending(b) > 0; rounds++) {
		struct timespec ts = { .tv_sec = 2 };

		assert_in_range(rounds, 0, 10);
		assert_true(urb_bearer_submit_and_wait(b, 1, &ts) >= 0);
		assert_true(urb_bearer_completions(b, note_cancel, NULL) >= 0);
	}
	assert_true(cancel_result == -ENOENT || cancel_result == -EALREADY);

	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_buf_owner(b, rbuf), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_view(b, rbuf, &view, &len), 0);
	assert_int_equal(len, 0);
	assert_int_equal(urb_buf_owner(b, sbuf), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_view(b, sbuf, &view, &len), 0);
	assert_int_equal(len, 3); /* what it held before the failed send */
	assert_memory_equal(view, "abc", 3);
	assert_int_equal(urb_buf_fill(b, sbuf, &data, &len), 0);
	/* the chosen targets are free again, no auto slot was taken */
	assert_int_equal(urb_fd_register_at(b, 14, bound, URB_FD_FILE), 14);
	assert_int_equal(urb_fd_register_at(b, 15, bound, URB_FD_FILE), 15);
	assert_int_equal(stats(b).capacity_used[URB_CAP_DIRECT_FD], 0);
	for (uint32_t slot = 0; slot < 16; slot++)
		if (urb_fd_kind(b, slot) > 0)
			assert_int_equal(urb_fd_unregister(b, slot), 0);
	assert_int_equal(stats(b).capacity_used[URB_CAP_REGISTERED_FD], 0);
	close(bound);
	t_free(b);
}

/* ---- 5. releasing from the callback */

static uint64_t released_key;
static int release_rc;

static enum urb_disposition release_own(struct urb_bearer *b, const struct urb_completion *c,
					void *user)
{
	(void)user;
	released_key = c->key;
	release_rc = urb_release(b, c->key);
	return URB_DEFAULT;
}

/*
 * urb_release() of the key being completed, from the callback of its final
 * CQE, is refused: the callback's answer decides that record.  (It used to
 * free the record, and the dispatcher freed it again: pending counts
 * underflowed and the next two pushes got the same record.)
 */
static void release_in_callback(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct timespec ts = { .tv_sec = 2 };
	uint64_t k1 = 0, k2 = 0;
	struct urb_nop_opts o1 = { .key_out = &k1 }, o2 = { .key_out = &k2 };
	struct urb_stats s;

	(void)state;
	REQUIRE_OPS(b, URB_OP_NOP);
	assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), 1);
	assert_int_equal(urb_bearer_completions(b, release_own, NULL), 1);
	assert_int_equal(release_rc, URB_EBUSY);
	s = stats(b);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.pending_per_op[URB_OP_NOP], 0);
	assert_int_equal(urb_push_nop(b, &o1), 0);
	assert_int_equal(urb_push_nop(b, &o2), 0);
	assert_int_not_equal(k1, k2);
	assert_int_equal(t_pending(b), 2);
	t_free(b);
}

/*
 * urb_bearer_free() with ops an io-wq worker is running (IOSQE_ASYNC): a
 * cancel can answer -EALREADY and the op stay armed, so free must cancel
 * what is left again while it waits (it once cancelled only once, and about
 * 4 frees in 100 returned URB_EBUSY and leaked the bearer).
 */
static void free_after_async_ops(void **state)
{
	struct sockaddr_in sin;
	int lfd = tcp_socket(&sin, 64), srv[8], peer[8];

	(void)state;
	for (int i = 0; i < 8; i++)
		tcp_pair(&srv[i], &peer[i]);
	for (int it = 0; it < 100; it++) {
		struct urb_capacity cap = {
			.core_queue = 32, .registered_fd = 16, .direct_fd = 4,
			.pending_completions = 32, .buffers = 1, .buffer_bytes = 64 * 1024,
			.futexes = 1,
		};
		struct urb_bearer *b = t_bearer_cap(&cap);
		struct urb_recv_opts ropts = { .submit_flags = URB_SUBMIT_ASYNC };
		struct urb_accept_opts aopts = { .submit_flags = URB_SUBMIT_ASYNC };
		int lslot = urb_fd_register(b, lfd, URB_FD_ACCEPTOR);
		int set = urb_bufset_create(b, 8, 1024);
		struct urb_stats s;
		int rc;

		REQUIRE_OPS(b, URB_OP_RECV, URB_OP_ACCEPT, URB_OP_CANCEL);
		assert_true(lslot >= 0 && set >= 0);
		for (int i = 0; i < 8; i++) {
			int slot = urb_fd_register(b, srv[i], URB_FD_STREAM);

			assert_int_equal(urb_push_recv(b, URB_SLOT(slot), URB_BUF(set, i), &ropts), 0);
			assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), &aopts), 0);
		}
		assert_int_equal(urb_bearer_submit(b), 16);
		rc = urb_bearer_free(b);
		if (rc == 0)
			continue;
		assert_int_equal(urb_bearer_stats(b, &s), 0);
		fail_msg("free %d of 100: %s with %u recvs and %u accepts still pending (%s)", it + 1,
			 urb_err_name(rc), s.pending_per_op[URB_OP_RECV],
			 s.pending_per_op[URB_OP_ACCEPT], urb_bearer_detail(b));
	}
	for (int i = 0; i < 8; i++) {
		close(srv[i]);
		close(peer[i]);
	}
	close(lfd);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(free_cancels_ops_in_flight),
		cmocka_unit_test(probe_sees_ops_left_armed),
		cmocka_unit_test(free_waits_for_zero_copy_notification),
		cmocka_unit_test(sq_full_is_at_capacity),
		cmocka_unit_test(cq_overflow_loses_nothing),
		cmocka_unit_test(every_op_failing_returns_everything),
		cmocka_unit_test(release_in_callback),
		cmocka_unit_test(free_after_async_ops),
	};

	(void)argc;
	(void)argv;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
