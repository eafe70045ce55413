/* SPDX-License-Identifier: MIT */
/*
 * Processes against the real kernel: waitid on a child that exits, and the
 * siginfo the kernel writes into the bearer's record storage; a bearer in
 * a forked child, which shares the parent's ring and must leave it alone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

struct seen {
	int result;
	bool done, has_info;
	siginfo_t info;
};

static enum urb_disposition on_cqe(struct urb_bearer *b, const struct urb_completion *c,
				   void *user)
{
	struct seen *s = user;

	(void)b;
	if (c->op != URB_OP_WAITID)
		return URB_DEFAULT;
	s->done = true;
	s->result = c->result;
	if (c->u.waitid.info) {
		s->info = *c->u.waitid.info;
		s->has_info = true;
	}
	return URB_DEFAULT;
}

static void await(struct urb_bearer *b, struct seen *s)
{
	for (int round = 0; round < 500 && !s->done; round++) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, on_cqe, s) >= 0);
	}
	assert_true(s->done);
}

static void waitid_sees_a_child_exit(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct seen s = { 0 };
	struct urb_stats st;
	pid_t pid;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WAITID);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(7);
	assert_int_equal(urb_push_waitid(b, P_PID, (uint32_t)pid, WEXITED, NULL), 0);
	await(b, &s);
	assert_int_equal(s.result, 0);
	assert_true(s.has_info);
	assert_int_equal(s.info.si_pid, pid);
	assert_int_equal(s.info.si_code, CLD_EXITED);
	assert_int_equal(s.info.si_status, 7);
	assert_int_equal(urb_bearer_stats(b, &st), 0);
	assert_int_equal(st.capacity_used[URB_CAP_RECORD_BYTES], 0); /* given back with the record */

	/* no such child: the kernel's -ECHILD, and no siginfo */
	s = (struct seen){ 0 };
	assert_int_equal(urb_push_waitid(b, P_PID, (uint32_t)pid, WEXITED, NULL), 0);
	await(b, &s);
	assert_int_equal(s.result, -ECHILD);
	assert_false(s.has_info);
	t_free(b);
}

/* ---- a bearer in a forked child */

/*
 * A parent's bearer with something of every kind the kernel holds: three
 * stream sockets in fixed slots, a buffer each, a buffer ring, a set
 * registered as fixed buffers, a futex; recvs pending on the first two.
 */
struct world {
	struct urb_bearer *b;
	uint32_t slot[3];
	int peer[3];     /* the other end of each slot's socket */
	urb_buf_t buf[3];
	uint64_t key[3]; /* of the recv on each slot */
	uint32_t group, spare, fixed, futex;
};

static void world_build(struct world *w, uint32_t ring_avoid)
{
	struct urb_capacity cap = {
		.core_queue = 64, .registered_fd = T_REGISTERED_FD, .direct_fd = T_DIRECT_FD,
		.pending_completions = 64, .buffers = 8, .buffer_bytes = 64 * 1024,
		.buffer_rings = 4, .futexes = 8, .record_bytes = 16 * 1024,
		.ring_avoid = ring_avoid,
	};
	uint32_t *word;
	int sv[2], id;

	memset(w, 0, sizeof(*w));
	w->b = t_bearer_cap(&cap);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
		w->slot[i] = t_register(w->b, sv[0], URB_FD_STREAM);
		w->peer[i] = sv[1];
		w->buf[i] = t_buffer(w->b);
	}
	w->group = t_group(w->b);
	w->spare = t_set(w->b);
	w->fixed = t_set(w->b);
	assert_int_equal(urb_bufset_register_fixed(w->b, w->fixed), 0);
	id = urb_futex_create(w->b, 0, &word);
	assert_true(id >= 0);
	w->futex = (uint32_t)id;
}

static void world_recv(struct world *w, int i)
{
	struct urb_recv_opts o = { .key_out = &w->key[i] };

	assert_int_equal(urb_push_recv(w->b, URB_SLOT(w->slot[i]), w->buf[i], &o), 0);
}

static void world_send(const struct world *w, int i, const char *msg)
{
	assert_int_equal(write(w->peer[i], msg, strlen(msg)), (ssize_t)strlen(msg));
}

/* The recv on slot @i completes with exactly @msg in its buffer, which is the user's again. */
static void world_received(struct world *w, struct t_log *log, int i, const char *msg)
{
	int at = t_await_final(w->b, log, w->key[i]);

	assert_int_equal(log->c[at].op, URB_OP_RECV);
	assert_int_equal(log->c[at].result, (int)strlen(msg));
	t_assert_view(w->b, w->buf[i], msg, (uint32_t)strlen(msg));
	assert_int_equal(urb_buf_owner(w->b, w->buf[i]), URB_OWN_RETURNED);
}

/* The bytes each logged completion's selected buffer held, copied in the callback. */
static char selected_bytes[T_LOG_MAX][16];

static void keep_selected(struct t_log *log, int i, const struct urb_completion *c)
{
	const struct urb_data *d = &c->u.recv_multi.data;

	(void)log;
	if (c->op == URB_OP_RECV_MULTI && d->data)
		snprintf(selected_bytes[i], sizeof(selected_bytes[i]), "%.*s", (int)d->len,
			 (const char *)d->data);
}

/*
 * The parent's buffer ring after the fork: its entries are in memory the
 * child had a copy of, and the kernel reads the parent's.  Six messages
 * through its four buffers, each recycled once read: the recycles must
 * reach the kernel.  The multishot ends at the peer's close.
 */
static void world_ring_round(struct world *w, struct t_log *log)
{
	struct urb_recv_multi_opts o = { .key_out = &w->key[2] };
	char msg[16];
	int at;

	assert_int_equal(urb_push_recv_multi(w->b, URB_SLOT(w->slot[2]), w->group, &o), 0);
	for (int i = 0; i < 6; i++) {
		at = log->n;
		snprintf(msg, sizeof(msg), "ring %d", i);
		world_send(w, 2, msg);
		for (int round = 0; round < 500 && log->n == at; round++) {
			struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

			urb_bearer_submit_and_wait(w->b, 1, &ts);
			assert_true(urb_bearer_completions(w->b, t_log_cb, log) >= 0);
		}
		assert_int_equal(log->n, at + 1);
		assert_int_equal(log->c[at].result, (int)strlen(msg));
		assert_true(log->c[at].more);
		assert_string_equal(selected_bytes[at], msg);
		assert_int_equal(urb_buf_recycle(w->b, log->c[at].selected), 0);
	}
	close(w->peer[2]);
	w->peer[2] = -1;
	assert_int_equal(log->c[t_await_final(w->b, log, w->key[2])].result, 0);
}

/* What the child did with its copy of the bearer, sent to the parent through a pipe. */
#define CHILD_CALLS 40
struct child_report {
	int n;
	struct {
		char call[72];
		int rc;
	} calls[CHILD_CALLS];
	int shown;      /* completions a walk in the child showed its callback */
	char words[256]; /* urb_bearer_detail() after the last refusal */
	int free_rc;
};

static int child_note(struct child_report *r, const char *call, int rc)
{
	if (r->n < CHILD_CALLS) {
		snprintf(r->calls[r->n].call, sizeof(r->calls[r->n].call), "%s", call);
		r->calls[r->n++].rc = rc;
	}
	return rc;
}
#define CHILD_CALL(r, call) child_note((r), #call, (call))

static enum urb_disposition child_shown(struct urb_bearer *b, const struct urb_completion *c,
					void *user)
{
	(void)b;
	(void)c;
	(*(int *)user)++;
	return URB_DEFAULT;
}

/* Every call that takes a bearer, on the parent's things (the child must get URB_EFORKED). */
static void child_calls(struct world *w, struct child_report *r)
{
	struct urb_bearer *b = w->b;
	struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };
	uint32_t *word, mine = 0, cap;
	const void *view;
	void *data;
	struct urb_stats st;
	struct urb_ring_setup_info info;
	enum urb_capacity_kind kind;
	uint64_t setting;

	CHILD_CALL(r, urb_push_nop(b, NULL));
	CHILD_CALL(r, urb_push_recv(b, URB_SLOT(w->slot[2]), w->buf[2], NULL));
	CHILD_CALL(r, urb_bearer_submit(b));
	CHILD_CALL(r, urb_bearer_submit_and_wait(b, 1, &ts));
	CHILD_CALL(r, urb_bearer_completions(b, child_shown, &r->shown));
	CHILD_CALL(r, urb_bearer_drain(b));
	CHILD_CALL(r, urb_release(b, w->key[0]));
	CHILD_CALL(r, urb_fd_register(b, w->peer[2], URB_FD_STREAM));
	CHILD_CALL(r, urb_fd_register_at(b, T_REGISTERED_FD - 1, w->peer[2], URB_FD_STREAM));
	CHILD_CALL(r, urb_fd_unregister(b, w->slot[2]));
	CHILD_CALL(r, urb_fd_kind(b, w->slot[2]));
	CHILD_CALL(r, urb_bufset_create(b, 1, 64));
	CHILD_CALL(r, urb_bufset_destroy(b, w->spare));
	CHILD_CALL(r, urb_buf_fill(b, w->buf[2], &data, &cap));
	CHILD_CALL(r, urb_buf_filled(b, w->buf[2], 1));
	CHILD_CALL(r, urb_buf_view(b, w->buf[2], &view, &cap));
	CHILD_CALL(r, urb_buf_release(b, w->buf[2]));
	CHILD_CALL(r, urb_buf_owner(b, w->buf[2]));
	CHILD_CALL(r, urb_bufring_create(b, w->spare));
	CHILD_CALL(r, urb_bufring_create_incremental(b, w->spare));
	CHILD_CALL(r, urb_bufring_create_send(b, w->spare));
	CHILD_CALL(r, urb_buf_queue(b, URB_BUF(w->spare, 0)));
	CHILD_CALL(r, urb_buf_recycle(b, URB_BUF(w->group, 0)));
	CHILD_CALL(r, urb_bufring_destroy(b, w->group));
	CHILD_CALL(r, urb_bufring_audit(b, w->group));
	CHILD_CALL(r, urb_bufset_register_fixed(b, w->spare));
	CHILD_CALL(r, urb_bufset_unregister_fixed(b, w->fixed));
	CHILD_CALL(r, urb_futex_create(b, 0, &word));
	CHILD_CALL(r, urb_futex_adopt(b, &mine));
	CHILD_CALL(r, urb_futex_destroy(b, w->futex));
	CHILD_CALL(r, urb_futex_wake(b, w->futex, 1, 1));
	CHILD_CALL(r, urb_bearer_stats(b, &st));
	CHILD_CALL(r, urb_bearer_at_capacity(b, &kind, &setting));
	CHILD_CALL(r, urb_bearer_setup(b, &info));
	CHILD_CALL(r, urb_bearer_ring_fd(b));
	snprintf(r->words, sizeof(r->words), "%s", urb_bearer_detail(b));
}

/* The child's side: its calls (when @all), its free, the report; it never returns. */
static void child_main(struct world *w, int out, bool all)
{
	struct child_report r;

	memset(&r, 0, sizeof(r));
	if (all)
		child_calls(w, &r);
	r.free_rc = urb_bearer_free(w->b);
	_exit(write(out, &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 1);
}

/* Runs child_main() in a fork of this process and returns its report. */
static void fork_child(struct world *w, bool all, struct child_report *r)
{
	int fds[2], status = 0;
	size_t got = 0;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		child_main(w, fds[1], all);
	}
	close(fds[1]);
	while (got < sizeof(*r)) {
		ssize_t n = read(fds[0], (char *)r + got, sizeof(*r) - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(got, sizeof(*r));
}

/*
 * The parent has one recv completed, its CQE in the shared CQ but not read
 * yet, and one recv pending; the child uses its copy of the bearer (every
 * call when @all, else only urb_bearer_free()).  The parent must then see
 * both completions with their bytes, and everything it registered must
 * still be there and its own to take down.
 */
static void fork_child_leaves_parent_ring(uint32_t ring_avoid, bool all)
{
	struct world w;
	struct child_report r;
	struct t_log log = { .keep = keep_selected };
	struct timespec ts = { .tv_sec = 2 };
	struct urb_stats st;

	world_build(&w, ring_avoid);
	world_recv(&w, 0);
	world_recv(&w, 1);
	assert_int_equal(urb_bearer_submit(w.b), 2);
	world_send(&w, 0, "early");
	assert_true(urb_bearer_submit_and_wait(w.b, 1, &ts) >= 0); /* its CQE is in the CQ */

	fork_child(&w, all, &r);

	world_received(&w, &log, 0, "early");
	world_send(&w, 1, "late");
	world_received(&w, &log, 1, "late");
	/* the slot the child tried to unregister still holds the socket */
	world_recv(&w, 2);
	world_send(&w, 2, "third");
	world_received(&w, &log, 2, "third");
	world_ring_round(&w, &log);
	/* what the child tried to take down is the parent's to take down */
	assert_int_equal(urb_bufring_destroy(w.b, w.group), 0);
	assert_int_equal(urb_bufset_unregister_fixed(w.b, w.fixed), 0);
	assert_int_equal(urb_futex_destroy(w.b, w.futex), 0);
	for (int i = 0; i < log.n; i++) /* nothing the child pushed */
		assert_true(log.c[i].op == URB_OP_RECV || log.c[i].op == URB_OP_RECV_MULTI);
	assert_int_equal(urb_bearer_stats(w.b, &st), 0);
	assert_int_equal(st.pending, 0);
	assert_int_equal(st.stale_cqes, 0);
	assert_int_equal(st.unknown_cqes, 0);
	assert_int_equal(st.submitted, 4);

	/* what the child was told */
	for (int i = 0; i < r.n; i++)
		if (r.calls[i].rc != URB_EFORKED)
			fail_msg("in the child, %s returned %s, not URB_EFORKED", r.calls[i].call,
				 urb_err_name(r.calls[i].rc));
	assert_int_equal(r.n, all ? 35 : 0);
	assert_int_equal(r.shown, 0);
	if (all) {
		assert_non_null(strstr(r.words, "bearer_ring_fd: "));
		assert_non_null(strstr(r.words, "fork"));
	}
	assert_int_equal(r.free_rc, 0);

	t_free(w.b);
	close(w.peer[0]);
	close(w.peer[1]);
}

static void fork_child_free_leaves_parent_ring(void **state)
{
	(void)state;
	fork_child_leaves_parent_ring(0, false);
}

static void fork_child_calls_refused(void **state)
{
	(void)state;
	fork_child_leaves_parent_ring(0, true);
}

/* The same without SINGLE_ISSUER: the kernel would take the child's registrations. */
static void fork_child_calls_refused_thread_bound(void **state)
{
	(void)state;
	fork_child_leaves_parent_ring(URB_RING_THREAD_BOUND, true);
}

/* A callback that forks: the parent waits for the child before it goes on. */
struct forking {
	pid_t pid;
	int status;
	int seen; /* completions this process's callback saw after the fork */
};

static enum urb_disposition forking_cb(struct urb_bearer *b, const struct urb_completion *c,
				       void *user)
{
	struct forking *f = user;

	(void)b;
	(void)c;
	if (f->pid < 0) {
		f->pid = fork();
		if (f->pid == 0)
			return URB_DEFAULT; /* the child goes back into the walk */
		if (f->pid > 0)
			waitpid(f->pid, &f->status, 0);
	}
	f->seen++;
	return URB_DEFAULT;
}

/*
 * A completion callback forks, and the child returns into the walk: the
 * walk stops there (URB_EFORKED) and reads none of the parent's other
 * completions; the parent's walk goes on and sees them all.
 */
static void fork_in_callback_stops_child_walk(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct forking f = { .pid = -1 };
	int fds[2], rc, child[3] = { 0 };

	(void)state;
	assert_int_equal(pipe(fds), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(urb_bearer_submit_and_wait(b, 3, NULL), 3);
	rc = urb_bearer_completions(b, forking_cb, &f);
	if (f.pid == 0) { /* the child */
		child[0] = rc;
		child[1] = f.seen;
		child[2] = urb_bearer_free(b);
		_exit(write(fds[1], child, sizeof(child)) == (ssize_t)sizeof(child) ? 0 : 1);
	}
	assert_true(f.pid > 0);
	assert_true(WIFEXITED(f.status));
	assert_int_equal(WEXITSTATUS(f.status), 0);
	assert_int_equal(read(fds[0], child, sizeof(child)), (ssize_t)sizeof(child));
	close(fds[0]);
	close(fds[1]);
	if (child[0] != URB_EFORKED)
		fail_msg("in the child, the walk returned %d (%s), not URB_EFORKED", child[0],
			 urb_err_name(child[0]));
	assert_int_equal(child[1], 0); /* no completion after the fork */
	assert_int_equal(child[2], 0);
	assert_int_equal(rc, 3);
	assert_int_equal(f.seen, 3);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(t_stale(b), 0);
	t_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(waitid_sees_a_child_exit),
		cmocka_unit_test(fork_child_free_leaves_parent_ring),
		cmocka_unit_test(fork_child_calls_refused),
		cmocka_unit_test(fork_child_calls_refused_thread_bound),
		cmocka_unit_test(fork_in_callback_stops_child_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
