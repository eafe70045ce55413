/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE

/*
 * The resource-bearing ops against the running kernel: buffer rings and
 * provided groups under recv_multi, send_zc and its notification, futex
 * waits woken by other threads, epoll_ctl batches and epoll_wait.  Every
 * test checks that whatever the kernel held (buffers, futex words, fd
 * slots, records) is the user's again once the op has ended, however it
 * ended.  Every wait is bounded (2 s per round); a timeout is a failure.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "support.h"

/* ---- checks made inside completion callbacks, asserted after them */

struct checks {
	int failed;
	char first[200];
};

static void check_failed(struct checks *ck, const char *what, int line)
{
	if (ck->failed++ == 0)
		snprintf(ck->first, sizeof(ck->first), "line %d: %s", line, what);
}

#define CHECK(ck, cond)                                                        \
	do {                                                                   \
		if (!(cond))                                                   \
			check_failed((ck), #cond, __LINE__);                   \
	} while (0)

static void assert_checks(const struct checks *ck)
{
	if (ck->failed)
		fail_msg("%d check(s) failed in completion callbacks; first: %s", ck->failed,
			 ck->first);
}

/* ---- waiting */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * Waits for at least one completion, for at most 2 s, in short waits with
 * a 1 ms sleep between them: a thread that is to wake the ring gets to run
 * even where the waiting syscall holds every other thread (valgrind 3.19,
 * whose lock a sched_yield() hands straight back to the yielding thread).
 */
static void pump(struct urb_bearer *b, urb_completion_fn fn, void *ctx)
{
	uint64_t deadline = now_ms() + 2000;

	do {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };
		int rc = urb_bearer_submit_and_wait(b, 1, &ts);

		if (rc < 0 && rc != -ETIME)
			fail_msg("urb_bearer_submit_and_wait: %s", urb_err_name(rc));
		rc = urb_bearer_completions(b, fn, ctx);
		if (rc < 0)
			fail_msg("urb_bearer_completions: %s", urb_err_name(rc));
		if (rc > 0)
			return;
		sleep_ms(1); /* a real sleep: valgrind hands its lock over only to a blocked thread's peer */
	} while (now_ms() < deadline);
	fail_msg("no completion within 2 s");
}

/* Nothing completes within 50 ms. */
static void assert_quiet(struct urb_bearer *b, urb_completion_fn fn, void *ctx)
{
	struct timespec ts = { .tv_nsec = 50 * 1000 * 1000 };

	assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), -ETIME);
	assert_int_equal(urb_bearer_completions(b, fn, ctx), 0);
}

#define MAX_DONE 160
#define MAX_EVENTS 16

/* A completion as the callback saw it, with what its pointers showed copied out. */
struct done {
	struct urb_completion c;
	struct epoll_event ev[MAX_EVENTS];
	uint32_t nev;
	/* a send_zc's buffer, probed while the op still held it */
	bool probed;
	int owner, fill_rc, view_rc, release_rc, destroy_rc, unregister_rc;
};

struct log {
	int n;
	struct checks ck;
	struct done d[MAX_DONE];
};

static enum urb_disposition collect(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct log *log = user;
	struct done *d;

	if (log->n >= MAX_DONE) {
		check_failed(&log->ck, "log full", __LINE__);
		return URB_DEFAULT;
	}
	d = &log->d[log->n++];
	memset(d, 0, sizeof(*d));
	d->c = *c;
	CHECK(&log->ck, c->op != URB_OP_STALE);
	CHECK(&log->ck, c->final == !c->more);
	if (c->op == URB_OP_EPOLL_WAIT && c->u.epoll_wait.ready.events) {
		d->nev = c->u.epoll_wait.ready.count;
		CHECK(&log->ck, d->nev <= MAX_EVENTS);
		if (d->nev <= MAX_EVENTS)
			memcpy(d->ev, c->u.epoll_wait.ready.events, d->nev * sizeof(d->ev[0]));
	}
	if (c->op == URB_OP_SEND_ZC && !c->final && c->user) {
		urb_buf_t buf = *(const urb_buf_t *)c->user;
		const void *view;
		void *data;
		uint32_t len, cap;

		d->probed = true;
		d->owner = urb_buf_owner(b, buf);
		d->fill_rc = urb_buf_fill(b, buf, &data, &cap);
		d->view_rc = urb_buf_view(b, buf, &view, &len);
		d->release_rc = urb_buf_release(b, buf);
		d->unregister_rc = urb_bufset_unregister_fixed(b, URB_BUF_SET(buf));
		d->destroy_rc = urb_bufset_destroy(b, URB_BUF_SET(buf));
	}
	return URB_DEFAULT;
}

static const struct done *find(const struct log *log, uint64_t key, int nth)
{
	for (int i = 0; i < log->n; i++)
		if (log->d[i].c.key == key && nth-- == 0)
			return &log->d[i];
	return NULL;
}

static const struct done *await_key(struct urb_bearer *b, struct log *log, uint64_t key,
				    int nth)
{
	for (int rounds = 0; !find(log, key, nth); rounds++) {
		assert_in_range(rounds, 0, 63);
		pump(b, collect, log);
	}
	assert_checks(&log->ck);
	return find(log, key, nth);
}

static void await_n(struct urb_bearer *b, struct log *log, int n)
{
	for (int rounds = 0; log->n < n; rounds++) {
		assert_in_range(rounds, 0, 127);
		pump(b, collect, log);
	}
	assert_checks(&log->ck);
}

static struct urb_stats stats(const struct urb_bearer *b)
{
	struct urb_stats s;

	assert_int_equal(urb_bearer_stats(b, &s), 0);
	return s;
}

static void require_ops(struct urb_bearer *b, const int *ops, int n)
{
	for (int i = 0; i < n; i++)
		T_REQUIRE_OP(b, ops[i]);
}

#define REQUIRE_OPS(b, ...)                                                    \
	do {                                                                   \
		const int ops_[] = { __VA_ARGS__ };                            \
		require_ops((b), ops_, (int)(sizeof(ops_) / sizeof(ops_[0]))); \
	} while (0)

static struct urb_bearer *res_bearer(void)
{
	struct urb_capacity cap = {
		.core_queue = 128, .registered_fd = 80, .pending_completions = 160,
		.buffers = 8, .buffer_bytes = 512 * 1024, .buffer_rings = 2, .futexes = 8,
	};

	return t_bearer_cap(&cap);
}


/* ---- sockets */

static void unix_pair(int sv[2])
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
}

/* A connected loopback TCP pair: *server is the accepted end. */
static void tcp_pair(int *server, int *peer)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(lfd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 4), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);
	*peer = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(*peer >= 0);
	assert_int_equal(connect(*peer, (struct sockaddr *)&sa, len), 0);
	*server = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	assert_true(*server >= 0);
	close(lfd);
}




static void assert_owners(struct urb_bearer *b, uint32_t set, uint32_t nbufs, int owner)
{
	for (uint32_t i = 0; i < nbufs; i++)
		if (urb_buf_owner(b, URB_BUF(set, i)) != owner)
			fail_msg("buffer %u.%u is %s, not %s", set, i,
				 urb_owner_name(urb_buf_owner(b, URB_BUF(set, i))),
				 urb_owner_name(owner));
}

/* ---- 1, 2. recv_multi over a buffer ring */

#define RM_CONNS 4
#define RM_MSGS 200
#define RM_BUFS 16
#define RM_BUFLEN 64
#define RM_MSG_MAX 32
#define RM_WINDOW 3 /* messages a peer may have ahead of what was received */

/* Byte @off of connection @conn's stream: no period that a buffer length divides. */
static uint8_t stream_byte(int conn, uint32_t off)
{
	return (uint8_t)(conn * 67 + off * 13 + (off / 251) * 7 + 1);
}

struct rm_conn {
	int peer;
	uint32_t slot;
	uint64_t key;
	uint32_t sent;            /* bytes the peer wrote */
	uint32_t got;             /* bytes completions showed */
	int msgs;                 /* messages the peer wrote */
	int acked;                /* of them, fully shown by completions */
	uint32_t msg_end[RM_MSGS];
	int data_cqes;
	bool ended;
	int32_t end_result;
};

struct rm_ctx {
	uint32_t set;
	uint32_t nbufs;
	bool recycle;             /* recycle each buffer in the callback */
	struct rm_conn *conns;
	int cancels;
	struct checks ck;
};

static enum urb_disposition rm_cb(struct urb_bearer *b, const struct urb_completion *c,
				  void *user)
{
	struct rm_ctx *x = user;
	struct rm_conn *cn = c->user;
	const struct urb_data *d = &c->u.recv_multi.data;
	int i;

	if (c->op == URB_OP_CANCEL) {
		CHECK(&x->ck, c->result == 0);
		x->cancels++;
		return URB_DEFAULT;
	}
	CHECK(&x->ck, c->op == URB_OP_RECV_MULTI);
	if (c->op != URB_OP_RECV_MULTI || !cn)
		return URB_DEFAULT;
	i = (int)(cn - x->conns);
	CHECK(&x->ck, c->key == cn->key);
	CHECK(&x->ck, !cn->ended);
	CHECK(&x->ck, c->final == !c->more);
	CHECK(&x->ck, !c->notif);
	if (c->result > 0) {
		const void *view = NULL;
		uint32_t vlen = 0;

		CHECK(&x->ck, c->selected != URB_BUF_NONE);
		CHECK(&x->ck, d->buf == c->selected);
		CHECK(&x->ck, URB_BUF_SET(d->buf) == x->set);
		CHECK(&x->ck, URB_BUF_INDEX(d->buf) < x->nbufs);
		CHECK(&x->ck, d->len == (uint32_t)c->result);
		CHECK(&x->ck, d->len <= RM_BUFLEN);
		CHECK(&x->ck, d->data != NULL);
		CHECK(&x->ck, urb_buf_owner(b, d->buf) == URB_OWN_RETURNED);
		CHECK(&x->ck, urb_buf_view(b, d->buf, &view, &vlen) == 0);
		CHECK(&x->ck, view == d->data && vlen == d->len);
		CHECK(&x->ck, cn->got + d->len <= cn->sent);
		if (d->data && cn->got + d->len <= cn->sent) {
			const uint8_t *p = d->data;

			for (uint32_t k = 0; k < d->len; k++)
				if (p[k] != stream_byte(i, cn->got + k)) {
					check_failed(&x->ck, "received byte differs from the stream",
						     __LINE__);
					break;
				}
		}
		cn->got += (uint32_t)c->result;
		cn->data_cqes++;
		while (cn->acked < cn->msgs && cn->msg_end[cn->acked] <= cn->got)
			cn->acked++;
		if (x->recycle && d->buf != URB_BUF_NONE) {
			CHECK(&x->ck, urb_buf_recycle(b, d->buf) == 0);
			CHECK(&x->ck, urb_buf_owner(b, d->buf) == URB_OWN_KERNEL);
		}
	} else {
		CHECK(&x->ck, c->final);
		CHECK(&x->ck, c->selected == URB_BUF_NONE);
		CHECK(&x->ck, d->buf == URB_BUF_NONE);
		CHECK(&x->ck, d->data == NULL);
		CHECK(&x->ck, d->len == 0);
	}
	if (c->final) {
		cn->ended = true;
		cn->end_result = c->result;
	}
	return URB_DEFAULT;
}

static void rm_write(struct rm_conn *cn, int i, uint32_t len)
{
	uint8_t msg[1024];

	assert_in_range(len, 1, sizeof(msg));
	for (uint32_t k = 0; k < len; k++)
		msg[k] = stream_byte(i, cn->sent + k);
	assert_int_equal(write(cn->peer, msg, len), (ssize_t)len);
	cn->sent += len;
	if (cn->msgs < RM_MSGS)
		cn->msg_end[cn->msgs++] = cn->sent;
}

static uint32_t rm_len(int i, int m)
{
	return 1 + (uint32_t)(m * 7 + i * 3) % RM_MSG_MAX;
}

static void rm_arm(struct urb_bearer *b, struct rm_ctx *x, struct rm_conn *cn)
{
	struct urb_recv_multi_opts opts = { .user = cn, .key_out = &cn->key };

	cn->ended = false;
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(cn->slot), x->set, &opts), 0);
}

static void rm_round(struct urb_bearer *b, struct rm_ctx *x)
{
	pump(b, rm_cb, x);
	assert_checks(&x->ck);
}

/* Cancels the armed recv_multis and waits for their -ECANCELED ends. */
static void rm_cancel(struct urb_bearer *b, struct rm_ctx *x, int nconns)
{
	int rounds = 0;

	x->cancels = 0;
	for (int i = 0; i < nconns; i++)
		assert_int_equal(urb_push_cancel(b, x->conns[i].key, NULL), 0);
	for (;;) {
		bool all = x->cancels == nconns;

		for (int i = 0; i < nconns; i++)
			all = all && x->conns[i].ended;
		if (all)
			break;
		assert_in_range(rounds++, 0, 63);
		rm_round(b, x);
	}
	for (int i = 0; i < nconns; i++)
		assert_int_equal(x->conns[i].end_result, -ECANCELED);
}

static struct urb_capacity rm_capacity(void)
{
	return (struct urb_capacity){
		.core_queue = 64, .registered_fd = 16, .pending_completions = 64,
		.buffers = 4, .buffer_bytes = 64 * 1024, .buffer_rings = 2, .futexes = 1,
	};
}

/*
 * Four connections, one shared ring of 16 buffers, 200 messages each.  A
 * peer stays at most three messages ahead, so at most twelve buffers are
 * ever out: the ring never runs dry and no recv_multi may end.
 */
static void recv_multi_ring_streams(void **state)
{
	struct urb_capacity cap = rm_capacity();
	struct urb_bearer *b = t_bearer_cap(&cap);
	struct rm_conn conns[RM_CONNS];
	struct rm_ctx x = { .nbufs = RM_BUFS, .recycle = true, .conns = conns };
	struct urb_stats s;
	int set, rounds = 0, coalesced = 0;

	(void)state;
	REQUIRE_OPS(b, URB_OP_RECV_MULTI, URB_OP_CANCEL);
	memset(conns, 0, sizeof(conns));
	set = urb_bufset_create(b, RM_BUFS, RM_BUFLEN);
	assert_true(set >= 0);
	x.set = (uint32_t)set;
	assert_int_equal(urb_bufring_create(b, x.set), 0);
	assert_int_equal(urb_bufring_create(b, x.set), URB_EBUSY);
	assert_owners(b, x.set, RM_BUFS, URB_OWN_KERNEL);
	assert_int_equal(stats(b).capacity_used[URB_CAP_BUFFER_RINGS], 1);

	for (int i = 0; i < RM_CONNS; i++) {
		int sv[2];

		unix_pair(sv);
		conns[i].peer = sv[1];
		conns[i].slot = t_register(b, sv[0], URB_FD_STREAM);
		/* already waiting when the recv_multi starts: they come together */
		for (int m = 0; m < RM_WINDOW; m++)
			rm_write(&conns[i], i, rm_len(i, m));
		rm_arm(b, &x, &conns[i]);
	}
	assert_int_equal(urb_bearer_submit(b), RM_CONNS);
	assert_int_equal(t_pending(b), RM_CONNS);
	assert_int_equal(urb_bufring_destroy(b, x.set), URB_EBUSY);
	assert_int_equal(urb_fd_unregister(b, conns[0].slot), URB_EBUSY);

	for (;;) {
		bool all = true;

		for (int i = 0; i < RM_CONNS; i++) {
			struct rm_conn *cn = &conns[i];

			while (cn->msgs < RM_MSGS && cn->msgs - cn->acked < RM_WINDOW)
				rm_write(cn, i, rm_len(i, cn->msgs));
			all = all && cn->got == cn->sent && cn->msgs == RM_MSGS;
		}
		if (all)
			break;
		assert_in_range(rounds++, 0, 4 * RM_CONNS * RM_MSGS);
		rm_round(b, &x);
		for (int i = 0; i < RM_CONNS; i++)
			if (conns[i].ended)
				fail_msg("recv_multi %d ended with %s", i,
					 urb_err_name(conns[i].end_result));
	}
	for (int i = 0; i < RM_CONNS; i++) {
		assert_int_equal(conns[i].acked, RM_MSGS);
		assert_in_range(conns[i].data_cqes, 1, RM_MSGS);
		coalesced += RM_MSGS - conns[i].data_cqes;
	}
	assert_true(coalesced > 0);
	assert_int_equal(t_pending(b), RM_CONNS);

	rm_cancel(b, &x, RM_CONNS);
	s = stats(b);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.pending_per_op[URB_OP_RECV_MULTI], 0);
	assert_int_equal(s.bad_buffer_ids, 0);
	assert_int_equal(s.stale_cqes, 0);
	/* every buffer went back: all sit in the ring again */
	assert_owners(b, x.set, RM_BUFS, URB_OWN_KERNEL);
	assert_int_equal(urb_bufring_destroy(b, x.set), 0);
	assert_owners(b, x.set, RM_BUFS, URB_OWN_RETURNED);
	assert_int_equal(stats(b).capacity_used[URB_CAP_BUFFER_RINGS], 0);
	assert_int_equal(urb_bufset_destroy(b, x.set), 0);
	for (int i = 0; i < RM_CONNS; i++) {
		assert_int_equal(urb_fd_unregister(b, conns[i].slot), 0);
		close(conns[i].peer);
	}
	t_free(b);
}

/*
 * More bytes than the ring holds, nothing recycled: the recv_multi fills
 * every buffer, then ends with -ENOBUFS.  Recycled and re-armed, it
 * receives the rest of the stream intact.
 */
static void recv_multi_enobufs_rearm(void **state)
{
	struct urb_capacity cap = rm_capacity();
	struct urb_bearer *b = t_bearer_cap(&cap);
	struct rm_conn cn = { 0 };
	struct rm_ctx x = { .nbufs = 8, .recycle = false, .conns = &cn };
	const uint32_t first = 8 * RM_BUFLEN, total = first + 400;
	int set, sv[2], rounds = 0;

	(void)state;
	REQUIRE_OPS(b, URB_OP_RECV_MULTI, URB_OP_CANCEL);
	set = urb_bufset_create(b, 8, RM_BUFLEN);
	assert_true(set >= 0);
	x.set = (uint32_t)set;
	assert_int_equal(urb_bufring_create(b, x.set), 0);
	unix_pair(sv);
	cn.peer = sv[1];
	cn.slot = t_register(b, sv[0], URB_FD_STREAM);
	rm_write(&cn, 0, total);

	rm_arm(b, &x, &cn);
	while (!cn.ended) {
		assert_in_range(rounds++, 0, 63);
		rm_round(b, &x);
	}
	assert_int_equal(cn.end_result, -ENOBUFS);
	assert_int_equal(cn.data_cqes, 8);
	assert_int_equal(cn.got, first);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(stats(b).pending_per_op[URB_OP_RECV_MULTI], 0);
	/* every buffer is out with the user, holding what it received */
	assert_owners(b, x.set, 8, URB_OWN_RETURNED);
	for (uint32_t i = 0; i < 8; i++) {
		const void *data;
		uint32_t len;

		assert_int_equal(urb_buf_view(b, URB_BUF(x.set, i), &data, &len), 0);
		assert_int_equal(len, RM_BUFLEN);
	}
	assert_int_equal(urb_bufring_destroy(b, x.set), URB_EOWNERSHIP);

	for (uint32_t i = 0; i < 8; i++)
		assert_int_equal(urb_buf_recycle(b, URB_BUF(x.set, i)), 0);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(x.set, 3)), URB_EOWNERSHIP);
	assert_owners(b, x.set, 8, URB_OWN_KERNEL);

	x.recycle = true;
	rm_arm(b, &x, &cn);
	rounds = 0;
	while (cn.got < total) {
		assert_in_range(rounds++, 0, 63);
		rm_round(b, &x);
		if (cn.ended)
			fail_msg("re-armed recv_multi ended with %s", urb_err_name(cn.end_result));
	}
	assert_int_equal(cn.got, total);
	assert_true(cn.data_cqes > 8);

	rm_cancel(b, &x, 1);
	assert_int_equal(t_pending(b), 0);
	assert_owners(b, x.set, 8, URB_OWN_KERNEL);
	assert_int_equal(urb_bufring_destroy(b, x.set), 0);
	assert_int_equal(urb_bufset_destroy(b, x.set), 0);
	assert_int_equal(urb_fd_unregister(b, cn.slot), 0);
	close(cn.peer);
	t_free(b);
}

/* ---- 3. a legacy provided group */

#define LG_BUFS 4
#define LG_MSGS 12

static void legacy_group(enum urb_slab_kind slab)
{
	struct urb_capacity cap = rm_capacity();
	struct urb_bearer *b;
	struct rm_conn cn = { 0 };
	struct rm_ctx x = { .nbufs = LG_BUFS, .recycle = true, .conns = &cn };
	struct log log = { 0 };
	uint64_t pkey = 0, rkey = 0;
	struct urb_provide_buffers_opts popts = { .key_out = &pkey };
	struct urb_remove_buffers_opts ropts = { .key_out = &rkey };
	const struct done *d;
	urb_buf_t kept = URB_BUF_NONE;
	uint32_t kept_off = 0, kept_len = 0;
	struct urb_stats s;
	int set, sv[2];

	cap.slab = slab;
	b = t_bearer_cap(&cap);
	REQUIRE_OPS(b, URB_OP_PROVIDE_BUFFERS, URB_OP_REMOVE_BUFFERS, URB_OP_RECV_MULTI,
		    URB_OP_CANCEL);
	set = urb_bufset_create(b, LG_BUFS, RM_BUFLEN);
	assert_true(set >= 0);
	x.set = (uint32_t)set;
	assert_int_equal(urb_push_remove_buffers(b, x.set, NULL), URB_EINVAL);
	assert_int_equal(urb_push_provide_buffers(b, x.set, &popts), 0);
	assert_owners(b, x.set, LG_BUFS, URB_OWN_KERNEL);
	assert_int_equal(urb_push_provide_buffers(b, x.set, NULL), URB_EBUSY);
	d = await_key(b, &log, pkey, 0);
	assert_int_equal(d->c.op, URB_OP_PROVIDE_BUFFERS);
	assert_int_equal(d->c.result, 0);
	assert_true(d->c.final);
	assert_int_equal(t_pending(b), 0);
	assert_owners(b, x.set, LG_BUFS, URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, x.set), URB_EOWNERSHIP);

	unix_pair(sv);
	cn.peer = sv[1];
	cn.slot = t_register(b, sv[0], URB_FD_STREAM);
	rm_arm(b, &x, &cn);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_push_remove_buffers(b, x.set, NULL), URB_EBUSY);

	/* three times as many messages as buffers: only recycling keeps it going */
	for (int m = 0; m < LG_MSGS; m++) {
		uint32_t len = 5 + (uint32_t)m * 4, off = cn.sent;
		int rounds = 0, cqes = cn.data_cqes;

		if (m == LG_MSGS - 1)
			x.recycle = false; /* the last buffer stays with the user */
		rm_write(&cn, 0, len);
		while (cn.got < cn.sent) {
			assert_in_range(rounds++, 0, 63);
			rm_round(b, &x);
			if (cn.ended)
				fail_msg("recv_multi ended with %s after %d messages",
					 urb_err_name(cn.end_result), m);
		}
		assert_int_equal(cn.data_cqes, cqes + 1);
		kept_off = off;
		kept_len = len;
	}
	s = stats(b);
	assert_int_equal(s.recycle_failures, 0);
	assert_int_equal(s.bad_buffer_ids, 0);
	for (uint32_t i = 0; i < LG_BUFS; i++)
		if (urb_buf_owner(b, URB_BUF(x.set, i)) == URB_OWN_RETURNED) {
			assert_int_equal(kept, URB_BUF_NONE);
			kept = URB_BUF(x.set, i);
		}
	assert_int_not_equal(kept, URB_BUF_NONE);

	rm_cancel(b, &x, 1);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_push_remove_buffers(b, x.set, &ropts), 0);
	d = await_key(b, &log, rkey, 0);
	assert_int_equal(d->c.op, URB_OP_REMOVE_BUFFERS);
	assert_int_equal(d->c.result, LG_BUFS - 1);
	assert_true(d->c.final);
	assert_int_equal(t_pending(b), 0);
	assert_owners(b, x.set, LG_BUFS, URB_OWN_RETURNED);
	{
		uint8_t want[RM_BUFLEN];

		for (uint32_t k = 0; k < kept_len; k++)
			want[k] = stream_byte(0, kept_off + k);
		t_assert_view(b, kept, want, kept_len);
	}
	assert_int_equal(urb_buf_recycle(b, kept), URB_ENOTALLOWED);
	assert_int_equal(urb_bufset_destroy(b, x.set), 0);
	assert_int_equal(urb_fd_unregister(b, cn.slot), 0);
	close(cn.peer);
	t_free(b);
}

/* LIFO: the provide's record is the next push's (the recv_multi's). */
static void legacy_group_recv_multi(void **state)
{
	(void)state;
	legacy_group(URB_SLAB_LIFO);
}

/* FIFO: no record is handed out twice within the test. */
static void legacy_group_recv_multi_fifo(void **state)
{
	(void)state;
	legacy_group(URB_SLAB_FIFO);
}

/* ---- 4. send_zc */

#define ZC_LEN (64 * 1024)

static uint8_t zc_byte(uint32_t off)
{
	return (uint8_t)(off * 31 + (off >> 9) + 5);
}

/* Threads live on the heap: a failed test leaves them running, not its frame. */
struct reader {
	pthread_t thread;
	int fd;
	size_t want;
	size_t got;
	uint8_t *buf;
};

static void *reader_main(void *arg)
{
	struct reader *r = arg;

	while (r->got < r->want) {
		struct pollfd p = { .fd = r->fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 2000) != 1)
			break;
		n = read(r->fd, r->buf + r->got, r->want - r->got);
		if (n <= 0)
			break;
		r->got += (size_t)n;
	}
	return NULL;
}

static struct reader *reader_start(int fd, size_t want)
{
	struct reader *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->fd = fd;
	r->want = want;
	r->buf = calloc(1, want);
	assert_non_null(r->buf);
	assert_int_equal(pthread_create(&r->thread, NULL, reader_main, r), 0);
	return r;
}

/* Joins the reader; returns the bytes it read (the caller frees them) and their count. */
static uint8_t *reader_join(struct reader *r, size_t *got)
{
	uint8_t *buf = r->buf;

	assert_int_equal(pthread_join(r->thread, NULL), 0);
	*got = r->got;
	free(r);
	return buf;
}

static void send_zc_large(bool fixed)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	struct reader *rd;
	uint8_t *got;
	size_t ngot;
	urb_buf_t buf;
	uint64_t key = 0;
	struct urb_send_zc_opts opts = { .user = &buf, .key_out = &key };
	const struct done *d;
	uint32_t slot, cap;
	uint8_t *data;
	int set, server, peer;

	REQUIRE_OPS(b, URB_OP_SEND_ZC);
	tcp_pair(&server, &peer);
	slot = t_register(b, server, URB_FD_STREAM);
	set = urb_bufset_create(b, 1, ZC_LEN);
	assert_true(set >= 0);
	buf = URB_BUF(set, 0);
	if (fixed)
		assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set), 0);
	assert_int_equal(urb_buf_fill(b, buf, (void **)&data, &cap), 0);
	assert_int_equal(cap, ZC_LEN);
	for (uint32_t k = 0; k < ZC_LEN; k++)
		data[k] = zc_byte(k);
	assert_int_equal(urb_buf_filled(b, buf, ZC_LEN), 0);

	rd = reader_start(peer, ZC_LEN);
	assert_int_equal(urb_push_send_zc(b, URB_SLOT(slot), buf, &opts), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_fd_unregister(b, slot), URB_EBUSY);

	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.op, URB_OP_SEND_ZC);
	assert_int_equal(d->c.result, ZC_LEN);
	assert_true(d->c.more);
	assert_false(d->c.final);
	assert_false(d->c.notif);
	/* between the result and the notification the kernel still reads it */
	assert_true(d->probed);
	assert_int_equal(d->owner, URB_OWN_KERNEL);
	assert_int_equal(d->fill_rc, URB_EOWNERSHIP);
	assert_int_equal(d->view_rc, URB_EOWNERSHIP);
	assert_int_equal(d->release_rc, URB_EOWNERSHIP);
	if (fixed) {
		assert_int_equal(d->unregister_rc, URB_EOWNERSHIP);
		assert_true(d->destroy_rc < 0);
	} else {
		assert_int_equal(d->destroy_rc, URB_EOWNERSHIP);
	}

	d = await_key(b, &log, key, 1);
	assert_true(d->c.notif);
	assert_true(d->c.final);
	assert_false(d->c.more);
	assert_false(d->probed);
	assert_int_equal(log.n, 2);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);

	got = reader_join(rd, &ngot);
	assert_int_equal(ngot, ZC_LEN);
	for (uint32_t k = 0; k < ZC_LEN; k++)
		if (got[k] != zc_byte(k))
			fail_msg("byte %u arrived as %#x, sent %#x", k, got[k], zc_byte(k));
	free(got);

	/* the user's again: refill it, then let it go */
	assert_int_equal(urb_buf_fill(b, buf, (void **)&data, &cap), 0);
	assert_int_equal(urb_buf_filled(b, buf, 0), 0);
	if (fixed) {
		assert_int_equal(urb_bufset_destroy(b, (uint32_t)set), URB_EBUSY);
		assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)set), 0);
	}
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set), 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	close(peer);
	t_free(b);
}

static void send_zc_large_plain(void **state)
{
	(void)state;
	send_zc_large(false);
}

static void send_zc_large_fixed(void **state)
{
	(void)state;
	send_zc_large(true);
}

/*
 * A send_zc of a buffer whose set is registered as fixed buffers goes as
 * fixed buffers: the kernel sends from the pages it pinned at
 * registration, so a new page mapped under the buffer since, with other
 * bytes, does not change what the peer reads.  A set not registered:
 * the peer reads the new page.
 */
static void send_zc_fixed_sends_the_registered_pages(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	uint64_t key = 0;
	struct urb_send_zc_opts opts = { .key_out = &key };
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int server, peer;
	uint32_t slot;

	(void)state;
	REQUIRE_OPS(b, URB_OP_SEND_ZC);
	tcp_pair(&server, &peer);
	slot = t_register(b, server, URB_FD_STREAM);
	for (int fixed = 1; fixed >= 0; fixed--) {
		urb_buf_t buf = t_page_buffer(b); /* "abc" */
		uint32_t set = URB_BUF_SET(buf);
		char *data = (char *)t_buf_data(b, buf);
		char got[4] = { 0 };

		assert_int_equal((uintptr_t)data % page, 0);
		if (fixed)
			assert_int_equal(urb_bufset_register_fixed(b, set), 0);
		assert_true(mmap(data, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				 -1, 0) == data);
		memcpy(data, "xyz", 3);
		assert_int_equal(urb_push_send_zc(b, URB_SLOT(slot), buf, &opts), 0);
		assert_int_equal(await_key(b, &log, key, 0)->c.result, 3);
		assert_true(await_key(b, &log, key, 1)->c.notif);
		assert_int_equal(recv(peer, got, 3, MSG_WAITALL), 3);
		assert_string_equal(got, fixed ? "abc" : "xyz");
		if (fixed)
			assert_int_equal(urb_bufset_unregister_fixed(b, set), 0);
		assert_int_equal(urb_bufset_destroy(b, set), 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	close(peer);
	t_free(b);
}

/* A send_zc the kernel refuses ends with a final completion and returns the buffer. */
static void send_zc_fails_on(struct urb_bearer *b, uint32_t slot, int32_t want)
{
	struct log log = { 0 };
	urb_buf_t buf = t_filled_buffer(b, "zero-copy");
	uint64_t key = 0;
	struct urb_send_zc_opts opts = { .user = &buf, .key_out = &key };
	const struct done *d;

	assert_int_equal(urb_push_send_zc(b, URB_SLOT(slot), buf, &opts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.op, URB_OP_SEND_ZC);
	if (d->c.result != want)
		fail_msg("send_zc: %s, expected %s", urb_err_name(d->c.result), urb_err_name(want));
	assert_false(d->c.notif);
	if (!d->c.final) {
		assert_true(d->probed);
		assert_int_equal(d->owner, URB_OWN_KERNEL);
		assert_int_equal(d->fill_rc, URB_EOWNERSHIP);
		assert_int_equal(d->destroy_rc, URB_EOWNERSHIP);
		d = await_key(b, &log, key, 1);
		assert_true(d->c.notif);
		assert_true(d->c.final);
	}
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	t_assert_view(b, buf, "zero-copy", 9);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(buf)), 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
}

static void send_zc_failures(void **state)
{
	struct urb_bearer *b = res_bearer();
	int server, peer, sv[2];

	(void)state;
	REQUIRE_OPS(b, URB_OP_SEND_ZC);
	/* this side shut for writing */
	tcp_pair(&server, &peer);
	assert_int_equal(shutdown(server, SHUT_WR), 0);
	send_zc_fails_on(b, t_register(b, server, URB_FD_STREAM), -EPIPE);
	close(peer);
	/* never connected */
	send_zc_fails_on(b, t_register(b, socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0),
				URB_FD_SOCKET), -EPIPE);
	/* AF_UNIX has no zero-copy */
	unix_pair(sv);
	send_zc_fails_on(b, t_register(b, sv[0], URB_FD_STREAM), -EOPNOTSUPP);
	close(sv[1]);
	t_free(b);
}

/* ---- 5. futexes */

struct waker {
	pthread_t thread;
	const struct urb_bearer *b;
	uint32_t id;
	uint32_t *raw;  /* wake this word with futex(2) instead */
	uint32_t value;
	int delay_ms;
	int rc;
};

static void *waker_main(void *arg)
{
	struct waker *w = arg;

	sleep_ms(w->delay_ms);
	if (w->raw) {
		__atomic_store_n(w->raw, w->value, __ATOMIC_RELEASE);
		w->rc = (int)syscall(SYS_futex, w->raw, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	} else {
		w->rc = urb_futex_wake(w->b, w->id, w->value, 1);
	}
	return NULL;
}

static struct waker *waker_start(const struct urb_bearer *b, uint32_t id, uint32_t *raw,
				 uint32_t value)
{
	struct waker *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	*w = (struct waker){ .b = b, .id = id, .raw = raw, .value = value, .delay_ms = 50,
			     .rc = -12345 };
	assert_int_equal(pthread_create(&w->thread, NULL, waker_main, w), 0);
	return w;
}

/* Joins the waker; returns what its wake answered. */
static int waker_join(struct waker *w)
{
	int rc;

	assert_int_equal(pthread_join(w->thread, NULL), 0);
	rc = w->rc;
	free(w);
	return rc;
}

/* A futex_wait on @id (holding @val) woken by another thread: completes with 0. */
static void wait_woken_by_thread(struct urb_bearer *b, uint32_t id, uint32_t *raw,
				 uint32_t val)
{
	struct log log = { 0 };
	uint64_t key = 0;
	struct urb_futex_wait_opts opts = { .key_out = &key };
	struct waker *w;
	const struct done *d;
	uint32_t base = t_pending(b);
	uint64_t t0;

	assert_int_equal(urb_push_futex_wait(b, id, val, &opts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_futex_destroy(b, id), URB_EBUSY);
	assert_int_equal(t_pending(b), base + 1);
	t0 = now_ms();
	w = waker_start(b, id, raw, val + 1);
	d = await_key(b, &log, key, 0);
	assert_int_equal(waker_join(w), 1);
	assert_in_range(now_ms() - t0, 40, 2000);
	assert_int_equal(d->c.op, URB_OP_FUTEX_WAIT);
	assert_int_equal(d->c.result, 0);
	assert_true(d->c.final);
	assert_int_equal(log.n, 1);
	assert_int_equal(t_pending(b), base);
}

static void futex_wait_woken_by_thread(void **state)
{
	struct urb_bearer *b = res_bearer();
	uint32_t *word;
	int id;

	(void)state;
	REQUIRE_OPS(b, URB_OP_FUTEX_WAIT);
	id = urb_futex_create(b, 0, &word);
	assert_true(id >= 0);
	assert_int_equal(*word, 0);
	assert_int_equal(stats(b).capacity_used[URB_CAP_FUTEXES], 1);
	wait_woken_by_thread(b, (uint32_t)id, NULL, 0);
	assert_int_equal(__atomic_load_n(word, __ATOMIC_ACQUIRE), 1);
	/* again on the same word, now holding 1 */
	wait_woken_by_thread(b, (uint32_t)id, NULL, 1);
	assert_int_equal(__atomic_load_n(word, __ATOMIC_ACQUIRE), 2);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)id), 0);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)id), URB_EINVAL);
	assert_int_equal(stats(b).capacity_used[URB_CAP_FUTEXES], 0);
	t_free(b);
}

struct first_seen {
	uint64_t key;
	bool done;
	int32_t result;
};

static enum urb_disposition first_cb(struct urb_bearer *b, const struct urb_completion *c,
				     void *user)
{
	struct first_seen *f = user;

	(void)b;
	if (c->key == f->key) {
		f->done = true;
		f->result = c->result;
	}
	return URB_DEFAULT;
}

static void *first_waker(void *arg)
{
	struct waker *w = arg;

	sleep_ms(w->delay_ms);
	w->rc = urb_futex_wake(w->b, w->id, 1, 1);
	return NULL;
}

/* The child of futex_wait_before_first_thread: 0 when all went well. */
static int first_thread_child(void)
{
	struct urb_capacity cap = {
		.core_queue = 8, .registered_fd = 4, .pending_completions = 8,
		.buffers = 1, .buffer_bytes = 4096, .futexes = 1,
	};
	struct first_seen f = { 0 };
	struct urb_futex_wait_opts opts = { .key_out = &f.key };
	struct waker w = { .delay_ms = 50, .rc = -12345 };
	struct urb_bearer *b;
	uint32_t *word;
	int id, woke;

	if (urb_bearer_new(&cap, &b) < 0)
		return 2;
	if (!urb_op_supported(b, URB_OP_FUTEX_WAIT))
		return 77;
	id = urb_futex_create(b, 0, &word);
	if (id < 0 || urb_push_futex_wait(b, (uint32_t)id, 0, &opts) < 0 ||
	    urb_bearer_submit(b) != 1)
		return 3;
	w.b = b;
	w.id = (uint32_t)id;
	if (pthread_create(&w.thread, NULL, first_waker, &w) != 0)
		return 3;
	for (int i = 0; i < 200 && !f.done; i++) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		urb_bearer_completions(b, first_cb, &f);
		sleep_ms(1);
	}
	pthread_join(w.thread, NULL);
	woke = w.rc;
	if (urb_bearer_free(b) != 0)
		return 6;
	if (woke != 1)
		return 10 + (woke < 0 ? 9 : woke);
	if (!f.done)
		return 4;
	return f.result == 0 ? 0 : 5;
}

/*
 * A program's first futex_wait, pushed while it has a single thread, is
 * woken by urb_futex_wake() from the first thread it then starts.  Run in
 * a child: it begins with one thread, whatever this runner has started.
 */
static void futex_wait_before_first_thread(void **state)
{
	int status = 0;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(first_thread_child());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	switch (WEXITSTATUS(status)) {
	case 0:
		break;
	case 77:
		print_message("skipped: kernel lacks futex_wait\n");
		skip();
		break;
	case 10:
		fail_msg("urb_futex_wake() from the first thread woke nobody; the wait never completed");
		break;
	default:
		fail_msg("child failed with %d", WEXITSTATUS(status));
	}
}

static void futex_wait_mismatch(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	uint64_t key = 0;
	struct urb_futex_wait_opts opts = { .key_out = &key };
	const struct done *d;
	uint32_t *word;
	int id;

	(void)state;
	REQUIRE_OPS(b, URB_OP_FUTEX_WAIT);
	id = urb_futex_create(b, 1, &word);
	assert_true(id >= 0);
	assert_int_equal(*word, 1);
	assert_int_equal(urb_push_futex_wait(b, (uint32_t)id, 0, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, -EAGAIN);
	assert_true(d->c.final);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)id), 0);
	t_free(b);
}

/*
 * Two waits on two words, one after the other, in the same record (the
 * slab hands the released one out again): each holds only its own word.
 */
static void futex_wait_holds_only_its_word(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	uint64_t k1 = 0, k2 = 0;
	struct urb_futex_wait_opts o1 = { .key_out = &k1 }, o2 = { .key_out = &k2 };
	const struct done *d;
	uint32_t *w0, *w1;
	int f0, f1;

	(void)state;
	REQUIRE_OPS(b, URB_OP_FUTEX_WAIT, URB_OP_CANCEL);
	f0 = urb_futex_create(b, 1, &w0);
	f1 = urb_futex_create(b, 0, &w1);
	assert_true(f0 >= 0 && f1 >= 0);
	assert_int_equal(urb_push_futex_wait(b, (uint32_t)f0, 0, &o1), 0);
	d = await_key(b, &log, k1, 0);
	assert_int_equal(d->c.result, -EAGAIN);
	assert_int_equal(t_pending(b), 0);

	assert_int_equal(urb_push_futex_wait(b, (uint32_t)f1, 0, &o2), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)f1), URB_EBUSY);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)f0), 0);
	assert_int_equal(urb_push_cancel(b, k2, NULL), 0);
	d = await_key(b, &log, k2, 0);
	assert_int_equal(d->c.result, -ECANCELED);
	await_n(b, &log, 3);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)f1), 0);
	t_free(b);
}

/* Many waits in a row (the same record each time) keep their own fields. */
static void futex_waits_in_a_row(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	int marker[20];
	uint32_t *word;
	int id;

	(void)state;
	REQUIRE_OPS(b, URB_OP_FUTEX_WAIT);
	id = urb_futex_create(b, 1, &word);
	assert_true(id >= 0);
	for (int i = 0; i < 20; i++) {
		uint64_t key = 0;
		struct urb_futex_wait_opts opts = { .user = &marker[i], .key_out = &key };
		const struct done *d;

		assert_int_equal(urb_push_futex_wait(b, (uint32_t)id, 0, &opts), 0);
		d = await_key(b, &log, key, 0);
		assert_int_equal(d->c.result, -EAGAIN);
		if (d->c.user != &marker[i])
			fail_msg("wait %d: c->user %p, pushed with %p", i, d->c.user,
				 (void *)&marker[i]);
	}
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)id), 0);
	t_free(b);
}

static void futex_wake_op(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	uint64_t wkey = 0, kkey = 0;
	struct urb_futex_wait_opts wopts = { .key_out = &wkey };
	struct urb_futex_wake_opts kopts = { .key_out = &kkey };
	const struct done *d;
	uint32_t *word;
	int id;

	(void)state;
	REQUIRE_OPS(b, URB_OP_FUTEX_WAIT, URB_OP_FUTEX_WAKE);
	id = urb_futex_create(b, 0, &word);
	assert_true(id >= 0);

	/* no waiter yet: wakes nobody */
	assert_int_equal(urb_push_futex_wake(b, (uint32_t)id, 1, &kopts), 0);
	d = await_key(b, &log, kkey, 0);
	assert_int_equal(d->c.op, URB_OP_FUTEX_WAKE);
	assert_int_equal(d->c.result, 0);

	assert_int_equal(urb_push_futex_wait(b, (uint32_t)id, 0, &wopts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_quiet(b, collect, &log);
	assert_int_equal(urb_push_futex_wake(b, (uint32_t)id, 1, &kopts), 0);
	d = await_key(b, &log, kkey, 0);
	d = await_key(b, &log, wkey, 0);
	assert_int_equal(d->c.op, URB_OP_FUTEX_WAIT);
	assert_int_equal(d->c.result, 0);
	assert_true(d->c.final);
	d = find(&log, kkey, 0);
	assert_non_null(d);
	assert_int_equal(d->c.op, URB_OP_FUTEX_WAKE);
	assert_int_equal(d->c.result, 1);
	assert_int_equal(log.n, 3);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)id), 0);
	t_free(b);
}

static void futex_waitv_second_word(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	uint64_t key = 0;
	struct urb_futex_waitv_opts opts = { .key_out = &key };
	struct urb_futex_wait waits[2];
	const struct done *d;
	struct waker *w;
	uint32_t *w0, *w1;
	int f0, f1;

	(void)state;
	REQUIRE_OPS(b, URB_OP_FUTEX_WAITV);
	f0 = urb_futex_create(b, 0, &w0);
	f1 = urb_futex_create(b, 7, &w1);
	assert_true(f0 >= 0 && f1 >= 0);
	waits[0] = (struct urb_futex_wait){ .futex = (uint32_t)f0, .val = 0 };
	waits[1] = (struct urb_futex_wait){ .futex = (uint32_t)f1, .val = 7 };
	assert_int_equal(urb_push_futex_waitv(b, waits, 2, &opts), 0);
	/* the waits were copied */
	memset(waits, 0xff, sizeof(waits));
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)f0), URB_EBUSY);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)f1), URB_EBUSY);
	w = waker_start(b, (uint32_t)f1, NULL, 8);
	d = await_key(b, &log, key, 0);
	assert_int_equal(waker_join(w), 1);
	assert_int_equal(d->c.op, URB_OP_FUTEX_WAITV);
	assert_int_equal(d->c.result, 1);
	assert_true(d->c.final);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(*w1, 8);

	/* a word that does not hold its value */
	waits[0] = (struct urb_futex_wait){ .futex = (uint32_t)f0, .val = 0 };
	waits[1] = (struct urb_futex_wait){ .futex = (uint32_t)f1, .val = 7 };
	assert_int_equal(urb_push_futex_waitv(b, waits, 2, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, -EAGAIN);
	assert_int_equal(t_pending(b), 0);

	assert_int_equal(urb_futex_destroy(b, (uint32_t)f0), 0);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)f1), 0);
	t_free(b);
}

static void futex_adopted_word(void **state)
{
	struct urb_bearer *b = res_bearer();
	uint32_t *mine = calloc(2, sizeof(*mine));
	int id;

	(void)state;
	assert_non_null(mine);
	REQUIRE_OPS(b, URB_OP_FUTEX_WAIT);
	assert_int_equal(urb_futex_adopt(b, (uint32_t *)((char *)mine + 1)), URB_EINVAL);
	id = urb_futex_adopt(b, &mine[1]);
	assert_true(id >= 0);
	/* woken by a plain FUTEX_WAKE_PRIVATE on the word */
	wait_woken_by_thread(b, (uint32_t)id, &mine[1], 0);
	assert_int_equal(mine[1], 1);
	/* and by urb_futex_wake(), which stores into the user's word */
	wait_woken_by_thread(b, (uint32_t)id, NULL, 1);
	assert_int_equal(mine[1], 2);
	assert_int_equal(mine[0], 0);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)id), 0);
	t_free(b);
	free(mine);
}

/* ---- 6. epoll */

#define EP_N 64
#define EP_TAG 0x5a5a000000000000ull

struct ep_fds {
	int epfd;
	int sv[EP_N][2];
};

static void ep_open(struct ep_fds *e)
{
	e->epfd = urb_epoll_create();
	assert_true(e->epfd >= 0);
	for (int i = 0; i < EP_N; i++) {
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0,
					    e->sv[i]), 0);
	}
}

static void ep_close(struct ep_fds *e)
{
	for (int i = 0; i < EP_N; i++) {
		close(e->sv[i][0]);
		close(e->sv[i][1]);
	}
	close(e->epfd);
}

/* Adds every socket in one batch, data = EP_TAG | index. */
static void ep_add_all(struct urb_bearer *b, struct ep_fds *e)
{
	struct log log = { 0 };
	uint64_t keys[EP_N];
	struct epoll_event ev;

	for (int i = 0; i < EP_N; i++) {
		struct urb_epoll_ctl_opts opts = { .key_out = &keys[i] };

		ev.events = EPOLLIN;
		ev.data.u64 = EP_TAG | (uint64_t)i;
		assert_int_equal(urb_push_epoll_ctl(b, URB_FD(e->epfd), EPOLL_CTL_ADD, URB_FD(e->sv[i][0]), &ev,
						    &opts), 0);
		/* the event was copied */
		memset(&ev, 0, sizeof(ev));
	}
	assert_int_equal(t_pending(b), EP_N);
	assert_int_equal(urb_bearer_submit(b), EP_N);
	await_n(b, &log, EP_N);
	assert_int_equal(log.n, EP_N);
	for (int i = 0; i < EP_N; i++) {
		const struct done *d = find(&log, keys[i], 0);

		assert_non_null(d);
		assert_int_equal(d->c.op, URB_OP_EPOLL_CTL);
		if (d->c.result != 0)
			fail_msg("epoll_ctl ADD %d: %s", i, urb_err_name(d->c.result));
		assert_true(d->c.final);
	}
	assert_int_equal(t_pending(b), 0);
}

static void ep_readable(struct ep_fds *e, int i)
{
	assert_int_equal(write(e->sv[i][1], "x", 1), 1);
}

static void ep_drain(struct ep_fds *e, int i)
{
	char c[16];

	while (read(e->sv[i][0], c, sizeof(c)) > 0)
		;
}

/* @ev (@n events) names exactly the indices in @want (@nwant of them), each once. */
static void assert_ready(const struct epoll_event *ev, int n, const int *want, int nwant)
{
	bool seen[EP_N] = { false };

	assert_int_equal(n, nwant);
	for (int k = 0; k < n; k++) {
		uint64_t idx = ev[k].data.u64 & ~EP_TAG;

		assert_int_equal(ev[k].data.u64 & EP_TAG, EP_TAG);
		assert_in_range(idx, 0, EP_N - 1);
		assert_false(seen[idx]);
		seen[idx] = true;
		assert_true(ev[k].events & EPOLLIN);
	}
	for (int k = 0; k < nwant; k++)
		assert_true(seen[want[k]]);
}

static void assert_epoll_sees(int epfd, const int *want, int nwant)
{
	struct epoll_event ev[EP_N];
	int n = urb_epoll_wait(epfd, ev, EP_N, nwant ? 1000 : 0);

	assert_true(n >= 0);
	assert_ready(ev, n, want, nwant);
}

static const int ep_ready[] = { 0, 5, 31, 63 };
#define EP_NREADY ((int)(sizeof(ep_ready) / sizeof(ep_ready[0])))

static const struct done *ep_del(struct urb_bearer *b, struct log *log, struct ep_fds *e,
				 int i)
{
	uint64_t key = 0;
	struct urb_epoll_ctl_opts opts = { .key_out = &key };

	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(e->epfd), EPOLL_CTL_DEL, URB_FD(e->sv[i][0]), NULL,
					    &opts), 0);
	return await_key(b, log, key, 0);
}

static void epoll_ctl_batch(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	struct ep_fds e;
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = EP_TAG | 5 };
	const int after_del[] = { 0, 31, 63 };
	uint64_t key = 0;
	struct urb_epoll_ctl_opts opts = { .key_out = &key };
	const struct done *d;

	(void)state;
	REQUIRE_OPS(b, URB_OP_EPOLL_CTL);
	ep_open(&e);
	ep_add_all(b, &e);
	assert_epoll_sees(e.epfd, NULL, 0);
	for (int k = 0; k < EP_NREADY; k++)
		ep_readable(&e, ep_ready[k]);
	assert_epoll_sees(e.epfd, ep_ready, EP_NREADY);

	d = ep_del(b, &log, &e, 5);
	assert_int_equal(d->c.op, URB_OP_EPOLL_CTL);
	assert_int_equal(d->c.result, 0);
	assert_epoll_sees(e.epfd, after_del, 3);

	/* deleted once: a second delete finds nothing, an add works again */
	d = ep_del(b, &log, &e, 5);
	assert_int_equal(d->c.result, -ENOENT);
	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(e.epfd), EPOLL_CTL_ADD, URB_FD(e.sv[5][0]), &ev, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, 0);
	assert_epoll_sees(e.epfd, ep_ready, EP_NREADY);

	/* MOD changes the data the event carries */
	ev.data.u64 = EP_TAG | 7;
	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(e.epfd), EPOLL_CTL_MOD, URB_FD(e.sv[5][0]), &ev, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, 0);
	{
		const int moved[] = { 0, 7, 31, 63 };

		assert_epoll_sees(e.epfd, moved, 4);
	}
	assert_int_equal(t_pending(b), 0);
	ep_close(&e);
	t_free(b);
}

static void epoll_wait_op(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	struct ep_fds e;
	uint64_t key = 0;
	struct urb_epoll_wait_opts opts = { .key_out = &key };
	const int only31[] = { 31 };
	const int after_del[] = { 0, 31, 63 };
	const struct done *d;

	(void)state;
	REQUIRE_OPS(b, URB_OP_EPOLL_CTL, URB_OP_EPOLL_WAIT);
	ep_open(&e);
	ep_add_all(b, &e);
	for (int k = 0; k < EP_NREADY; k++)
		ep_readable(&e, ep_ready[k]);

	assert_int_equal(urb_push_epoll_wait(b, URB_FD(e.epfd), &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.op, URB_OP_EPOLL_WAIT);
	assert_int_equal(d->c.result, EP_NREADY);
	assert_int_equal(d->c.u.epoll_wait.ready.count, EP_NREADY);
	assert_non_null(d->c.u.epoll_wait.ready.events);
	assert_true(d->c.final);
	assert_ready(d->ev, (int)d->nev, ep_ready, EP_NREADY);

	d = ep_del(b, &log, &e, 5);
	assert_int_equal(d->c.result, 0);
	assert_int_equal(urb_push_epoll_wait(b, URB_FD(e.epfd), &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, 3);
	assert_ready(d->ev, (int)d->nev, after_del, 3);

	/* nothing ready: it waits, and a write wakes it */
	for (int k = 0; k < EP_NREADY; k++)
		ep_drain(&e, ep_ready[k]);
	assert_int_equal(urb_push_epoll_wait(b, URB_FD(e.epfd), &opts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_quiet(b, collect, &log);
	assert_int_equal(t_pending(b), 1);
	ep_readable(&e, 31);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, 1);
	assert_ready(d->ev, (int)d->nev, only31, 1);
	assert_int_equal(t_pending(b), 0);
	assert_checks(&log.ck);
	ep_close(&e);
	t_free(b);
}

/* ---- 7. every way an op can end gives its resources back */

static void cancel_and_await(struct urb_bearer *b, struct log *log, uint64_t key,
			     int32_t want)
{
	uint64_t ckey = 0;
	struct urb_cancel_opts copts = { .key_out = &ckey };
	const struct done *d;

	assert_int_equal(urb_push_cancel(b, key, &copts), 0);
	d = await_key(b, log, ckey, 0);
	assert_int_equal(d->c.op, URB_OP_CANCEL);
	assert_int_equal(d->c.result, want);
}

static void cancel_returns_resources(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	struct urb_stats base = stats(b), s;
	uint64_t key = 0;
	const struct done *d;
	uint32_t slot, *word;
	int set, sv[2], fid, epfd;

	(void)state;
	REQUIRE_OPS(b, URB_OP_RECV_MULTI, URB_OP_FUTEX_WAIT, URB_OP_EPOLL_WAIT,
		    URB_OP_CANCEL);

	/* recv_multi: the group and the fd slot */
	set = urb_bufset_create(b, 4, 64);
	assert_true(set >= 0);
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	unix_pair(sv);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	{
		struct urb_recv_multi_opts opts = { .key_out = &key };

		assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), (uint32_t)set, &opts), 0);
	}
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), URB_EBUSY);
	assert_int_equal(urb_fd_unregister(b, slot), URB_EBUSY);
	cancel_and_await(b, &log, key, 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.op, URB_OP_RECV_MULTI);
	assert_int_equal(d->c.result, -ECANCELED);
	assert_true(d->c.final);
	assert_int_equal(d->c.selected, URB_BUF_NONE);
	assert_int_equal(t_pending(b), base.pending);
	assert_owners(b, (uint32_t)set, 4, URB_OWN_KERNEL);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	assert_owners(b, (uint32_t)set, 4, URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set), 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	close(sv[1]);

	/* futex_wait: the word */
	fid = urb_futex_create(b, 0, &word);
	assert_true(fid >= 0);
	{
		struct urb_futex_wait_opts opts = { .key_out = &key };

		assert_int_equal(urb_push_futex_wait(b, (uint32_t)fid, 0, &opts), 0);
	}
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)fid), URB_EBUSY);
	/* the kernel counts the futex waits a cancel found */
	cancel_and_await(b, &log, key, 1);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.op, URB_OP_FUTEX_WAIT);
	assert_int_equal(d->c.result, -ECANCELED);
	assert_int_equal(t_pending(b), base.pending);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)fid), 0);

	/* epoll_wait: the events in its record */
	epfd = urb_epoll_create();
	assert_true(epfd >= 0);
	{
		struct urb_epoll_wait_opts opts = { .key_out = &key };

		assert_int_equal(urb_push_epoll_wait(b, URB_FD(epfd), &opts), 0);
	}
	assert_int_equal(urb_bearer_submit(b), 1);
	cancel_and_await(b, &log, key, 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.op, URB_OP_EPOLL_WAIT);
	assert_int_equal(d->c.result, -ECANCELED);
	assert_null(d->c.u.epoll_wait.ready.events);
	assert_int_equal(d->c.u.epoll_wait.ready.count, 0);
	close(epfd);

	s = stats(b);
	assert_int_equal(s.pending, base.pending);
	for (int op = 0; op < URB_OP__COUNT; op++)
		assert_int_equal(s.pending_per_op[op], 0);
	assert_int_equal(s.capacity_used[URB_CAP_BUFFERS], base.capacity_used[URB_CAP_BUFFERS]);
	assert_int_equal(s.capacity_used[URB_CAP_BUFFER_BYTES],
			 base.capacity_used[URB_CAP_BUFFER_BYTES]);
	assert_int_equal(s.capacity_used[URB_CAP_BUFFER_RINGS], 0);
	assert_int_equal(s.capacity_used[URB_CAP_FUTEXES], 0);
	assert_int_equal(s.capacity_used[URB_CAP_REGISTERED_FD], 0);
	assert_int_equal(s.stale_cqes, 0);
	t_free(b);
}

/* Fills @fd's send path until a non-blocking write would block. */
static void fill_send_path(int fd)
{
	static char junk[65536];
	int fl = fcntl(fd, F_GETFL);

	assert_int_equal(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
	for (int pass = 0; pass < 3; pass++) {
		while (write(fd, junk, sizeof(junk)) > 0)
			;
		assert_int_equal(errno, EAGAIN);
		sleep_ms(20);
	}
	assert_int_equal(fcntl(fd, F_SETFL, fl), 0);
}

/* A send_zc waiting for room in a full socket, cancelled: -ECANCELED, buffer back. */
static void send_zc_cancelled_while_pending(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	urb_buf_t buf = t_filled_buffer(b, "never sent");
	uint64_t key = 0;
	struct urb_send_zc_opts opts = { .user = &buf, .key_out = &key };
	const struct done *d;
	int server, peer, small = 4096;
	uint32_t slot;

	(void)state;
	REQUIRE_OPS(b, URB_OP_SEND_ZC, URB_OP_CANCEL);
	tcp_pair(&server, &peer);
	assert_int_equal(setsockopt(peer, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)), 0);
	assert_int_equal(setsockopt(server, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);
	fill_send_path(server);
	slot = t_register(b, server, URB_FD_STREAM);

	assert_int_equal(urb_push_send_zc(b, URB_SLOT(slot), buf, &opts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_quiet(b, collect, &log);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(buf)), URB_EOWNERSHIP);
	cancel_and_await(b, &log, key, 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.op, URB_OP_SEND_ZC);
	assert_int_equal(d->c.result, -ECANCELED);
	if (!d->c.final) {
		assert_true(d->probed);
		assert_int_equal(d->owner, URB_OWN_KERNEL);
		d = await_key(b, &log, key, 1);
		assert_true(d->c.notif);
		assert_true(d->c.final);
	}
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	t_assert_view(b, buf, "never sent", 10);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(buf)), 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	close(peer);
	t_free(b);
}

/*
 * A recv_multi that has ended holds its group no longer, whichever ops
 * take its record next.
 */
static void ended_recv_multi_holds_no_group(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	uint64_t key = 0, k1 = 0, k2 = 0;
	struct urb_recv_multi_opts mopts = { .key_out = &key };
	struct urb_recv_opts o1 = { .key_out = &k1 }, o2 = { .key_out = &k2 };
	urb_buf_t buf1, buf2;
	const struct done *d;
	uint32_t slot, other;
	int set, sv[2], ov[2];

	(void)state;
	REQUIRE_OPS(b, URB_OP_RECV_MULTI, URB_OP_RECV, URB_OP_CANCEL);
	set = urb_bufset_create(b, 4, 64);
	assert_true(set >= 0);
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	unix_pair(sv);
	unix_pair(ov);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	other = t_register(b, ov[0], URB_FD_STREAM);
	buf1 = t_filled_buffer(b, "one");
	buf2 = t_filled_buffer(b, "two");

	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), (uint32_t)set, &mopts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	cancel_and_await(b, &log, key, 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, -ECANCELED);
	assert_int_equal(t_pending(b), 0);

	/* two recvs that select from no group take both released records */
	assert_int_equal(urb_push_recv(b, URB_SLOT(other), buf1, &o1), 0);
	assert_int_equal(urb_push_recv(b, URB_SLOT(other), buf2, &o2), 0);
	assert_int_equal(urb_bearer_submit(b), 2);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	assert_owners(b, (uint32_t)set, 4, URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set), 0);

	cancel_and_await(b, &log, k1, 0);
	cancel_and_await(b, &log, k2, 0);
	assert_int_equal(await_key(b, &log, k1, 0)->c.result, -ECANCELED);
	assert_int_equal(await_key(b, &log, k2, 0)->c.result, -ECANCELED);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(buf1)), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(buf2)), 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	assert_int_equal(urb_fd_unregister(b, other), 0);
	close(sv[1]);
	close(ov[1]);
	t_free(b);
}

/*
 * A bounded wait that submits what was pushed, and then sees nothing
 * complete, answers -ETIME like one that submitted nothing.
 */
static void wait_that_submits_times_out(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	struct timespec ts = { .tv_nsec = 50 * 1000 * 1000 };
	uint64_t key = 0, t0;
	struct urb_futex_wait_opts opts = { .key_out = &key };
	uint32_t *word;
	int id, rc;

	(void)state;
	REQUIRE_OPS(b, URB_OP_FUTEX_WAIT, URB_OP_CANCEL);
	id = urb_futex_create(b, 0, &word);
	assert_true(id >= 0);
	assert_int_equal(urb_push_futex_wait(b, (uint32_t)id, 0, &opts), 0);
	t0 = now_ms();
	rc = urb_bearer_submit_and_wait(b, 1, &ts);
	assert_in_range(now_ms() - t0, 45, 1000);
	assert_int_equal(urb_bearer_completions(b, collect, &log), 0);
	assert_int_equal(t_pending(b), 1);
	cancel_and_await(b, &log, key, 1);
	assert_int_equal(await_key(b, &log, key, 0)->c.result, -ECANCELED);
	assert_int_equal(urb_futex_destroy(b, (uint32_t)id), 0);
	t_free(b);
	if (rc != -ETIME)
		fail_msg("urb_bearer_submit_and_wait: %d after its timeout passed, not -ETIME", rc);
}

/* epoll_ctl errors come back as the kernel's -errno, and nothing stays held. */
static void epoll_ctl_errors(void **state)
{
	struct urb_bearer *b = res_bearer();
	struct log log = { 0 };
	struct epoll_event ev = { .events = EPOLLIN };
	struct urb_stats base = stats(b);
	uint64_t key = 0;
	struct urb_epoll_ctl_opts opts = { .key_out = &key };
	const struct done *d;
	int epfd, sv[2], closed, notepoll;

	(void)state;
	REQUIRE_OPS(b, URB_OP_EPOLL_CTL);
	epfd = urb_epoll_create();
	assert_true(epfd >= 0);
	unix_pair(sv);
	notepoll = t_new_fd();
	closed = t_new_fd();
	close(closed);

	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(-1), EPOLL_CTL_ADD, URB_FD(sv[0]), &ev, NULL), URB_EINVAL);
	assert_int_equal(t_pending(b), base.pending);

	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(epfd), EPOLL_CTL_ADD, URB_FD(closed), &ev, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, -EBADF);
	assert_true(d->c.final);

	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(closed), EPOLL_CTL_ADD, URB_FD(sv[0]), &ev, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, -EBADF);

	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(epfd), 99, URB_FD(sv[0]), &ev, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, -EINVAL);

	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(notepoll), EPOLL_CTL_ADD, URB_FD(sv[0]), &ev, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, -EINVAL);

	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(epfd), EPOLL_CTL_DEL, URB_FD(sv[0]), NULL, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, -ENOENT);

	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(epfd), EPOLL_CTL_ADD, URB_FD(sv[0]), &ev, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, 0);
	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(epfd), EPOLL_CTL_ADD, URB_FD(sv[0]), &ev, &opts), 0);
	d = await_key(b, &log, key, 0);
	assert_int_equal(d->c.result, -EEXIST);

	assert_int_equal(log.n, 7);
	assert_int_equal(t_pending(b), base.pending);
	assert_int_equal(stats(b).pending_per_op[URB_OP_EPOLL_CTL], 0);
	close(notepoll);
	close(sv[0]);
	close(sv[1]);
	close(epfd);
	t_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(recv_multi_ring_streams),
		cmocka_unit_test(recv_multi_enobufs_rearm),
		cmocka_unit_test(legacy_group_recv_multi),
		cmocka_unit_test(legacy_group_recv_multi_fifo),
		cmocka_unit_test(send_zc_large_plain),
		cmocka_unit_test(send_zc_large_fixed),
		cmocka_unit_test(send_zc_fixed_sends_the_registered_pages),
		cmocka_unit_test(send_zc_failures),
		cmocka_unit_test(futex_wait_woken_by_thread),
		cmocka_unit_test(futex_wait_before_first_thread),
		cmocka_unit_test(futex_wait_mismatch),
		cmocka_unit_test(futex_wait_holds_only_its_word),
		cmocka_unit_test(futex_waits_in_a_row),
		cmocka_unit_test(futex_wake_op),
		cmocka_unit_test(futex_waitv_second_word),
		cmocka_unit_test(futex_adopted_word),
		cmocka_unit_test(epoll_ctl_batch),
		cmocka_unit_test(epoll_wait_op),
		cmocka_unit_test(cancel_returns_resources),
		cmocka_unit_test(send_zc_cancelled_while_pending),
		cmocka_unit_test(epoll_ctl_errors),
		cmocka_unit_test(ended_recv_multi_holds_no_group),
		cmocka_unit_test(wait_that_submits_times_out),
	};

	/* a send on a shut socket must fail with EPIPE, not kill the test */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
