/* SPDX-License-Identifier: MIT */
/*
 * http_threads: an HTTP/1.1 "hello" server on many cores, one urb bearer
 * per thread.
 *
 *   http_threads [--threads N] [--handoff] [--port P] [--max-conns N]
 *                [--idle-timeout S]
 *
 * Each bearer is created, driven and freed by its own thread; no other
 * thread touches it.  Two ways to share the connections:
 *
 *   reuseport (default): each of the N threads has its own listener on the
 *     same port (SO_REUSEPORT) and the kernel spreads the connections over
 *     them; a thread accepts into direct slots of its bearer (accept_multi,
 *     URB_AUTO_SLOT).
 *   --handoff: one more thread, the acceptor, accepts plain fds on the one
 *     listener and passes each to the next worker in turn with
 *     urb_push_msg_ring() (data HANDOFF, value the fd: a plain fd number is
 *     the process's, good in every thread).  The worker registers the fd in
 *     a fixed slot of its bearer and closes the plain fd; a worker at
 *     capacity closes it and counts it refused.  When the message cannot be
 *     posted (the acceptor's push or its completion fails) the acceptor
 *     closes the fd and counts it dropped.
 *
 * A connection, in either mode: recv -> one send of as many responses as
 * requests ended in what came in -> recv ... -> at EOF or an error,
 * close(URB_SLOT(n)).  At most one op per connection is in flight.  Where
 * a request ends is example_http_feed()'s (example.h): a Content-Length
 * body is skipped; after "Connection: close" or HTTP/1.0 the connection
 * closes once answered; a request whose end cannot be told (Transfer-
 * Encoding, a bad Content-Length, a head over 8 KiB) is answered 400, then
 * the connection closes.
 *
 * Bounds: a connection that ends no request and gets no answer out for
 * --idle-timeout seconds (default 30) is closed (its op cancelled).  A
 * worker has one spare slot over --max-conns: a newcomer in it takes the
 * place of the worker's connection idle longest, or is closed at once
 * (counted refused) when none is idle.
 *
 * SIGINT and SIGTERM reach the main thread alone (the others block them;
 * it waits in sigwait()).  The acceptor stops first; then each worker
 * takes in the connections still on their way (the counts say how many
 * were posted) and frees its bearer, which cancels every op in flight
 * (a send to a client that does not read too: its answers are counted cut
 * short) and closes what it still holds.
 * At exit: a line per thread, then
 *   total: R requests, C connections, F refused, D dropped on N threads
 * or FAILED.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <urb.h>

#include "example.h"
#include "needs.h"

#define RESPONSE "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n"
#define RESP_LEN ((uint32_t)sizeof(RESPONSE) - 1)
#define RESP_COPIES 16		/* responses one send can carry */
#define BAD_RESPONSE "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
#define BAD_LEN ((uint32_t)sizeof(BAD_RESPONSE) - 1)
#define SEND_LEN (RESP_COPIES * RESP_LEN + BAD_LEN) /* the copies, then the 400 */
#define RECV_LEN 2048
#define HANDOFF 0x68616e64u	/* a message's data: "hand", its value is an fd */
#define WAIT_MS 200		/* how often an idle thread looks at the stop flags */

struct conn {
	bool open;
	bool closing;		/* no more requests: close once answered */
	bool bad;		/* the last answer is the 400 */
	bool cancel_sent;	/* its op cancelled (idle timeout, or shed) */
	bool receiving;		/* the op in flight is the recv */
	bool shut;		/* shut down: the close comes next */
	struct example_http http;	/* where the requests end */
	uint32_t owed;		/* responses still to send */
	uint32_t batch;		/* responses in the send under way */
	uint32_t batch_len;	/* bytes of that send (with the 400 when it is the last) */
	uint32_t done;		/* bytes of that send already out */
	uint64_t key;		/* of the op in flight */
	double active;		/* when a request last ended or an answer went out */
};

struct app;

struct worker {
	struct app *app;
	unsigned id;
	pthread_t tid;
	int listen_fd;		/* reuseport: its own listener, until registered */
	int ring_fd;		/* where the acceptor's messages go */
	struct urb_bearer *b;
	int rset, sset;		/* receive buffers, response buffers: one each per conn */
	uint32_t first_slot;	/* of the connections */
	struct conn *conns;	/* by slot - first_slot: max_conns + 1 (a spare) */
	uint32_t nopen;
	bool accept_armed;
	bool failed;
	double swept;		/* when idle connections were last looked for */
	uint64_t requests, accepted, refused, shed, timeouts, cut;
};

struct acceptor {
	struct app *app;
	pthread_t tid;
	int listen_fd;
	struct urb_bearer *b;
	unsigned next;		/* the worker the next connection goes to */
	uint64_t accept_key;
	bool accept_armed;
	uint32_t in_flight;	/* msg_ring ops */
	bool failed;
	uint64_t accepted, dropped;
};

struct app {
	bool handoff;
	unsigned nthreads;
	uint32_t max_conns;	/* per worker */
	double idle_s;		/* --idle-timeout */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned ready;		/* threads set up (or failed to), under lock */
	unsigned started;	/* workers started, and then the acceptor */
	/* atomics */
	bool failed;
	bool stop;		/* stop accepting */
	bool drain;		/* workers: finish once every posted connection is in */
	uint64_t posted;	/* connections the acceptor got posted to workers */
	uint64_t delivered;	/* of those, the ones workers took in */
	struct worker *workers;
	struct acceptor acc;
};

static bool load(const bool *flag)
{
	return __atomic_load_n(flag, __ATOMIC_ACQUIRE);
}

static void raise_flag(bool *flag)
{
	__atomic_store_n(flag, true, __ATOMIC_RELEASE);
}

/* A thread that fails tells the main thread, which then stops them all. */
static void app_fail(struct app *app, const char *who, const char *what, const char *why)
{
	fprintf(stderr, "http_threads: %s: %s: %s\n", who, what, why);
	raise_flag(&app->failed);
	kill(getpid(), SIGTERM);
}

static void worker_fail(struct worker *w, const char *what, int rc)
{
	char who[32];

	snprintf(who, sizeof(who), "thread %u", w->id);
	w->failed = true;
	app_fail(w->app, who, what, w->b ? urb_bearer_explain(w->b, rc) : urb_strerror(rc));
}

/* Submits, waits up to WAIT_MS for a completion, hands every completion to @fn. */
static int turn(struct urb_bearer *b, urb_completion_fn fn, void *user)
{
	/* under valgrind, short waits with a sleep between: see the README */
	long ms = RUNNING_ON_VALGRIND ? 1 : WAIT_MS;
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000 };
	int rc = urb_bearer_submit_and_wait(b, 1, &ts);

	if (rc == -ETIME && RUNNING_ON_VALGRIND)
		nanosleep(&ts, NULL);
	if (rc < 0 && rc != -ETIME && rc != -EINTR)
		return rc;
	return urb_bearer_completions(b, fn, user);
}

/* A push that finds the bearer full submits what is queued and tries once more. */
#define PUSH(b, call)                                                            \
	({                                                                       \
		int rc_ = (call);                                                \
		if (rc_ == URB_EATCAPACITY && urb_bearer_submit(b) >= 0)         \
			rc_ = (call);                                            \
		rc_;                                                             \
	})

/* ---- a connection, on a worker */

static struct conn *conn_of(struct worker *w, uint32_t slot)
{
	return &w->conns[slot - w->first_slot];
}

#define SLOT_USER(slot) ((void *)(uintptr_t)(slot))

static void push_close(struct worker *w, uint32_t slot);

static void push_recv(struct worker *w, uint32_t slot)
{
	struct conn *cn = conn_of(w, slot);
	struct urb_recv_opts o = { .user = SLOT_USER(slot), .key_out = &cn->key };
	int rc = PUSH(w->b, urb_push_recv(w->b, URB_SLOT(slot), URB_BUF(w->rset, slot - w->first_slot), &o));

	cn->receiving = rc >= 0;
	if (rc < 0)
		worker_fail(w, "push recv", rc);
}

/*
 * Sends the rest of the batch under way, or starts the next one: the last
 * batch copies of the send buffer, and the 400 after them when it is the
 * last answer.
 */
static void push_send(struct worker *w, uint32_t slot)
{
	struct conn *cn = conn_of(w, slot);
	struct urb_send_opts o = { .user = SLOT_USER(slot), .key_out = &cn->key };
	int rc;

	if (cn->batch_len == 0) {
		cn->batch = cn->owed < RESP_COPIES ? cn->owed : RESP_COPIES;
		cn->batch_len = cn->batch * RESP_LEN + (cn->bad && cn->batch == cn->owed ? BAD_LEN : 0);
	}
	o.buf_offset = (RESP_COPIES - cn->batch) * RESP_LEN + cn->done;
	o.buf_len = cn->batch_len - cn->done;
	rc = PUSH(w->b, urb_push_send(w->b, URB_SLOT(slot), URB_BUF(w->sset, slot - w->first_slot), &o));
	if (rc < 0)
		worker_fail(w, "push send", rc);
}

/* After a recv or a send: answer what is owed, else close or receive. */
static void conn_next(struct worker *w, uint32_t slot)
{
	struct conn *cn = conn_of(w, slot);

	if (cn->owed > 0 || cn->bad)
		push_send(w, slot);
	else if (cn->closing)
		push_close(w, slot);
	else
		push_recv(w, slot);
}

/*
 * A shutdown first, then the close: Linux 6.1 keeps the socket of a closed
 * slot open while ops that were in flight on fixed files then (the accept)
 * have not ended, so the close alone would not end the connection there.
 */
static void push_close(struct worker *w, uint32_t slot)
{
	struct conn *cn = conn_of(w, slot);
	struct urb_close_opts o = { .user = SLOT_USER(slot) };
	int rc;

	if (!cn->shut) {
		cn->shut = true;
		rc = PUSH(w->b, urb_push_shutdown(w->b, URB_SLOT(slot), SHUT_RDWR,
			&(struct urb_shutdown_opts){ .user = SLOT_USER(slot), .key_out = &cn->key }));
		if (rc == 0)
			return;
		worker_fail(w, "push shutdown", rc);
	}
	rc = PUSH(w->b, urb_push_close(w->b, URB_SLOT(slot), &o));
	if (rc < 0)
		worker_fail(w, "push close", rc);
}

/* Cancels the op in flight on @cn: it ends with -ECANCELED, and the connection closes. */
static void conn_cancel(struct worker *w, struct conn *cn)
{
	int rc = PUSH(w->b, urb_push_cancel(w->b, cn->key, NULL));

	if (rc < 0)
		worker_fail(w, "push cancel", rc);
	cn->cancel_sent = true;
}

/* Between requests: the recv waits, nothing of a request in, nothing owed. */
static bool conn_idle(const struct conn *cn)
{
	return cn->open && cn->receiving && !cn->closing && !cn->cancel_sent &&
	       cn->owed == 0 && example_http_idle(&cn->http);
}

/*
 * A newcomer in the spare slot: max_conns were open.  The connection idle
 * longest is shed for it; when none is idle the newcomer is closed.
 * Returns whether it stays.
 */
static bool make_room(struct worker *w)
{
	struct conn *old = NULL;

	for (uint32_t i = 0; i <= w->app->max_conns; i++)
		if (conn_idle(&w->conns[i]) && (!old || w->conns[i].active < old->active))
			old = &w->conns[i];
	if (!old) {
		w->refused++;
		return false;
	}
	w->shed++;
	conn_cancel(w, old);
	return true;
}

/* Cancels the op of every connection past the idle timeout. */
static void sweep(struct worker *w)
{
	double now = example_now_s();

	if (now - w->swept < 0.1)
		return;
	w->swept = now;
	for (uint32_t i = 0; i <= w->app->max_conns; i++) {
		struct conn *cn = &w->conns[i];

		if (cn->open && !cn->cancel_sent && now - cn->active >= w->app->idle_s) {
			w->timeouts++;
			conn_cancel(w, cn);
		}
	}
}

static void conn_open(struct worker *w, uint32_t slot)
{
	struct conn *cn;

	if (slot < w->first_slot || slot - w->first_slot > w->app->max_conns ||
	    conn_of(w, slot)->open) {
		worker_fail(w, "new connection", URB_EINVAL);
		return;
	}
	cn = conn_of(w, slot);
	*cn = (struct conn){ .open = true, .active = example_now_s() };
	w->accepted++;
	w->nopen++;
	if (w->nopen <= w->app->max_conns || make_room(w))
		push_recv(w, slot);
	else
		push_close(w, slot);
}

static void on_recv(struct worker *w, uint32_t slot, const struct urb_completion *c)
{
	struct conn *cn = conn_of(w, slot);
	uint32_t n;

	cn->receiving = false;
	if (c->result <= 0 || cn->cancel_sent) {
		push_close(w, slot);	/* the client's end of file, a reset, a timeout */
		return;
	}
	n = example_http_feed(&cn->http, c->u.recv.data.data, c->u.recv.data.len);
	cn->owed += n;
	if (n)
		cn->active = example_now_s();
	cn->closing = cn->http.end != EXAMPLE_HTTP_MORE;
	cn->bad = cn->http.end == EXAMPLE_HTTP_BAD;
	conn_next(w, slot);
}

static void on_send(struct worker *w, uint32_t slot, const struct urb_completion *c)
{
	struct conn *cn = conn_of(w, slot);

	if (c->result <= 0 || cn->cancel_sent) {
		push_close(w, slot);
		return;
	}
	cn->active = example_now_s();
	cn->done += (uint32_t)c->result;
	if (cn->done < cn->batch_len) {
		push_send(w, slot);	/* a short send: the rest of the batch */
		return;
	}
	w->requests += cn->batch;
	cn->owed -= cn->batch;
	cn->bad &= cn->batch_len == cn->batch * RESP_LEN;	/* the 400 went */
	cn->batch = cn->batch_len = cn->done = 0;
	conn_next(w, slot);
}

/* ---- how connections reach a worker */

static void arm_accept(struct worker *w)
{
	struct urb_accept_multi_opts o = { .target = URB_AUTO_SLOT };
	int rc = PUSH(w->b, urb_push_accept_multi(w->b, URB_SLOT(0), &o));

	if (rc < 0)
		worker_fail(w, "push accept_multi", rc);
	w->accept_armed = rc >= 0;
}

static void on_accept(struct worker *w, const struct urb_completion *c)
{
	if (c->result >= 0)
		conn_open(w, (uint32_t)c->u.accept_multi.conn.slot);
	else if (c->result == -ENFILE)
		w->refused++;	/* every direct slot was taken: the kernel dropped it */
	else if (c->result != -ECANCELED)
		worker_fail(w, "accept_multi", c->result);
	if (!c->final)
		return;
	w->accept_armed = false;
	/* with every slot taken, accepting resumes at the next close */
	if (c->result != -ENFILE && !load(&w->app->stop))
		arm_accept(w);
}

/* A connection the acceptor handed over: into a slot of our own, or closed. */
static void on_message(struct worker *w, const struct urb_completion *c)
{
	int fd = c->result, slot;

	if (c->key != HANDOFF || fd < 0) {
		worker_fail(w, "a message that is no connection", URB_EINVAL);
		return;
	}
	__atomic_add_fetch(&w->app->delivered, 1, __ATOMIC_ACQ_REL);
	slot = urb_fd_register(w->b, fd, URB_FD_STREAM);
	close(fd);	/* the slot holds the kernel's own reference */
	if (slot == URB_EATCAPACITY)
		w->refused++;
	else if (slot < 0)
		worker_fail(w, "register a connection", slot);
	else
		conn_open(w, (uint32_t)slot);
}

static void on_closed(struct worker *w, uint32_t slot, const struct urb_completion *c)
{
	if (c->result < 0)
		worker_fail(w, "close", c->result);
	conn_of(w, slot)->open = false;
	w->nopen--;
	if (!w->app->handoff && !w->accept_armed && !load(&w->app->stop))
		arm_accept(w);
}

static enum urb_disposition on_worker(struct urb_bearer *b, const struct urb_completion *c,
				      void *user)
{
	struct worker *w = user;
	uint32_t slot = (uint32_t)(uintptr_t)c->user;

	(void)b;
	switch (c->op) {
	case URB_OP_ACCEPT_MULTI:
		on_accept(w, c);
		break;
	case URB_OP_MESSAGE:
		on_message(w, c);
		break;
	case URB_OP_RECV:
		on_recv(w, slot, c);
		break;
	case URB_OP_SEND:
		on_send(w, slot, c);
		break;
	case URB_OP_SHUTDOWN:
		/* the peer gone already, or cancelled by an idle check: close all the same */
		if (c->result < 0 && c->result != -ENOTCONN && c->result != -ECONNRESET &&
		    c->result != -ECANCELED)
			worker_fail(w, "shutdown", c->result);
		push_close(w, slot);
		break;
	case URB_OP_CLOSE:
		on_closed(w, slot, c);
		break;
	case URB_OP_CANCEL:
		/* -ENOENT, -EALREADY: the op was ending anyway; its own completion closes */
		if (c->result < 0 && c->result != -ENOENT && c->result != -EALREADY)
			worker_fail(w, "cancel", c->result);
		break;
	default:
		worker_fail(w, "unexpected completion", URB_EINVAL);
	}
	return URB_DEFAULT;
}

/* ---- a worker's bearer */

/*
 * Sized so that no push finds it full, for max_conns + 1 connections (the
 * spare slot): a connection has one op in flight and its cancel, the
 * accept one more; the completion queue has room for as many messages
 * again.  Reuseport: slot 0 is the listener and the kernel fills the
 * direct slots after it; handoff: the connections take urb's slots.
 */
static int worker_up(struct worker *w)
{
	uint32_t n = w->app->max_conns + 1, records = 2 * n + 8, sq = 1;
	struct urb_capacity cap;
	int rc;

	while (sq < records)
		sq *= 2;
	cap = (struct urb_capacity){
		.core_queue = sq, .pending_completions = 2 * sq,
		.registered_fd = w->app->handoff ? n : 1,
		.direct_fd = w->app->handoff ? 0 : n,
		.buffers = 2,
		.buffer_bytes = (uint64_t)(urb_bufset_bytes(n, RECV_LEN) +
					   urb_bufset_bytes(n, SEND_LEN)),
	};
	w->first_slot = w->app->handoff ? 0 : 1;
	rc = example_bearer_new("http_threads", &cap, &w->b);
	if (rc < 0)
		return rc;
	w->ring_fd = urb_bearer_ring_fd(w->b);
	w->conns = calloc(n, sizeof(*w->conns));
	if (!w->conns)
		return -ENOMEM;
	w->rset = rc = urb_bufset_create(w->b, n, RECV_LEN);
	if (rc >= 0)
		w->sset = rc = urb_bufset_create(w->b, n, SEND_LEN);
	for (uint32_t i = 0; rc >= 0 && i < n; i++) {
		urb_buf_t buf = URB_BUF(w->sset, i);
		uint8_t *p;
		uint32_t len;

		rc = urb_buf_fill(w->b, buf, (void **)&p, &len);
		for (uint32_t k = 0; rc >= 0 && k < RESP_COPIES; k++)
			memcpy(p + k * RESP_LEN, RESPONSE, RESP_LEN);
		if (rc >= 0)
			memcpy(p + RESP_COPIES * RESP_LEN, BAD_RESPONSE, BAD_LEN);
		if (rc >= 0)
			rc = urb_buf_filled(w->b, buf, SEND_LEN);
	}
	if (rc < 0 || w->app->handoff)
		return rc;
	rc = urb_fd_register_at(w->b, 0, w->listen_fd, URB_FD_ACCEPTOR);
	if (rc < 0)
		return rc;
	close(w->listen_fd);	/* the slot holds it now */
	w->listen_fd = -1;
	arm_accept(w);
	return w->accept_armed ? 0 : URB_EINVAL;
}

static bool worker_done(struct worker *w)
{
	struct app *app = w->app;

	return load(&app->drain) &&
	       (load(&app->failed) || __atomic_load_n(&app->delivered, __ATOMIC_ACQUIRE) ==
					      __atomic_load_n(&app->posted, __ATOMIC_ACQUIRE));
}

static void set_up_done(struct app *app)
{
	pthread_mutex_lock(&app->lock);
	app->ready++;
	pthread_cond_broadcast(&app->cond);
	pthread_mutex_unlock(&app->lock);
}

/* Until @n threads are set up (or failed to): the first n are the workers. */
static void await_ready(struct app *app, unsigned n)
{
	pthread_mutex_lock(&app->lock);
	while (app->ready < n)
		pthread_cond_wait(&app->cond, &app->lock);
	pthread_mutex_unlock(&app->lock);
}

/* What a failed thread does until the end: nothing, but wait for it. */
static void idle_until(const bool *flag)
{
	struct timespec nap = { .tv_nsec = 10 * 1000 * 1000 };

	while (!load(flag))
		nanosleep(&nap, NULL);
}

/* Frees a bearer that should have nothing pending; false if it did not end clean. */
static bool bearer_down(struct urb_bearer *b)
{
	struct urb_stats st;
	int rc = urb_bearer_stats(b, &st);

	if (rc == 0 && (st.stale_cqes || st.unknown_cqes)) {
		fprintf(stderr, "http_threads: %llu stale and %llu unknown completions\n",
			(unsigned long long)st.stale_cqes, (unsigned long long)st.unknown_cqes);
		rc = -1;
	}
	/* what is still open goes with the ring */
	return urb_bearer_free(b) == 0 && rc == 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int rc = worker_up(w);

	if (rc < 0)
		worker_fail(w, "set-up", rc);
	set_up_done(w->app);
	while (!w->failed && !worker_done(w)) {
		rc = turn(w->b, on_worker, w);
		if (rc < 0)
			worker_fail(w, "wait", rc);
		else
			sweep(w);
	}
	idle_until(&w->app->drain);	/* the acceptor may still post to our ring */
	for (uint32_t i = 0; w->conns && i <= w->app->max_conns; i++)
		w->cut += w->conns[i].open && (w->conns[i].owed || w->conns[i].bad);
	/* freeing the bearer cancels every op in flight, a send never read too */
	if (w->b && !bearer_down(w->b))
		w->failed = true;
	if (w->listen_fd >= 0)
		close(w->listen_fd);
	w->listen_fd = -1;
	free(w->conns);
	return NULL;
}

/* ---- the acceptor (--handoff) */

static void acceptor_fail(struct acceptor *a, const char *what, int rc)
{
	a->failed = true;
	app_fail(a->app, "acceptor", what, a->b ? urb_bearer_explain(a->b, rc) : urb_strerror(rc));
}

/* Each msg_ring carries its fd as the user pointer, to close if it fails. */
#define FD_USER(fd) ((void *)(uintptr_t)(unsigned)(fd))

static void hand_over(struct acceptor *a, int fd)
{
	struct app *app = a->app;
	struct worker *w = &app->workers[a->next++ % app->nthreads];
	struct urb_msg_ring_opts o = { .user = FD_USER(fd) };
	int rc = PUSH(a->b, urb_push_msg_ring(a->b, URB_FD(w->ring_fd), HANDOFF, (uint32_t)fd, &o));

	if (rc < 0) {
		close(fd);
		a->dropped++;
	} else {
		a->in_flight++;
	}
}

static void arm_acceptor(struct acceptor *a)
{
	struct urb_accept_multi_opts o = { .key_out = &a->accept_key }; /* plain fds */
	int rc = PUSH(a->b, urb_push_accept_multi(a->b, URB_SLOT(0), &o));

	if (rc < 0)
		acceptor_fail(a, "push accept_multi", rc);
	a->accept_armed = rc >= 0;
}

static enum urb_disposition on_acceptor(struct urb_bearer *b, const struct urb_completion *c,
					void *user)
{
	struct acceptor *a = user;

	(void)b;
	a->in_flight -= c->op == URB_OP_MSG_RING;
	if (c->op == URB_OP_MSG_RING && c->result < 0) {
		close((int)(uintptr_t)c->user);	/* not posted: the worker never sees it */
		a->dropped++;
	} else if (c->op == URB_OP_MSG_RING) {
		__atomic_add_fetch(&a->app->posted, 1, __ATOMIC_ACQ_REL);
	} else if (c->op == URB_OP_ACCEPT_MULTI && c->result >= 0) {
		a->accepted++;
		hand_over(a, c->u.accept_multi.conn.fd);
	} else if (c->op == URB_OP_ACCEPT_MULTI && c->result != -ECANCELED) {
		acceptor_fail(a, "accept_multi", c->result);
	}
	if (c->op == URB_OP_ACCEPT_MULTI && c->final) {
		a->accept_armed = false;
		if (!a->failed && !load(&a->app->stop))
			arm_acceptor(a);
	}
	/* URB_OP_CANCEL: the accept's own final completion says how it ended */
	return URB_DEFAULT;
}

static int acceptor_up(struct acceptor *a)
{
	struct urb_capacity cap = {
		.core_queue = 256, .pending_completions = 1024, .registered_fd = 1,
	};
	int rc = example_bearer_new("http_threads", &cap, &a->b);

	if (rc < 0)
		return rc;
	rc = urb_fd_register_at(a->b, 0, a->listen_fd, URB_FD_ACCEPTOR);
	if (rc < 0)
		return rc;
	close(a->listen_fd);
	a->listen_fd = -1;
	/* connections go to the workers' rings: not before every worker has one */
	await_ready(a->app, a->app->nthreads);
	if (!load(&a->app->failed))
		arm_acceptor(a);
	return 0;
}

static void *acceptor_main(void *arg)
{
	struct acceptor *a = arg;
	int rc = acceptor_up(a);

	if (rc < 0)
		acceptor_fail(a, "set-up", rc);
	set_up_done(a->app);
	while (!a->failed && !load(&a->app->stop)) {
		rc = turn(a->b, on_acceptor, a);
		if (rc < 0)
			acceptor_fail(a, "wait", rc);
	}
	/* stop accepting; every connection accepted so far is posted, or closed */
	rc = a->failed || !a->accept_armed ? 0 : urb_push_cancel(a->b, a->accept_key, NULL);
	if (rc < 0)
		acceptor_fail(a, "push cancel", rc);
	while (!a->failed && (a->accept_armed || a->in_flight > 0)) {
		rc = turn(a->b, on_acceptor, a);
		if (rc < 0)
			acceptor_fail(a, "wait", rc);
	}
	if (a->b && !bearer_down(a->b))
		a->failed = true;
	if (a->listen_fd >= 0)
		close(a->listen_fd);
	a->listen_fd = -1;
	return NULL;
}

/* ---- main: listeners, threads, signals */

/* The listeners: one per worker (reuseport), or the acceptor's. */
static int open_listeners(struct app *app, uint16_t *port)
{
	unsigned n = app->handoff ? 1 : app->nthreads;

	for (unsigned i = 0; i < n; i++) {
		int fd = example_listen(port, true);	/* the first one fixes the port */

		if (fd < 0) {
			fprintf(stderr, "http_threads: listen on port %u: %s\n", *port,
				strerror(-fd));
			return fd;
		}
		if (app->handoff)
			app->acc.listen_fd = fd;
		else
			app->workers[i].listen_fd = fd;
	}
	return 0;
}

static void close_listeners(struct app *app)
{
	for (unsigned i = 0; i < app->nthreads; i++)
		if (app->workers[i].listen_fd >= 0)
			close(app->workers[i].listen_fd);
	if (app->acc.listen_fd >= 0)
		close(app->acc.listen_fd);
}

/* Starts the threads, which inherit the blocked SIGINT and SIGTERM; false if one did not start. */
static bool start_threads(struct app *app)
{
	for (; app->started < app->nthreads; app->started++)
		if (pthread_create(&app->workers[app->started].tid, NULL, worker_main,
				   &app->workers[app->started]) != 0)
			return false;
	if (app->handoff && pthread_create(&app->acc.tid, NULL, acceptor_main, &app->acc) != 0)
		return false;
	app->started += app->handoff;
	return true;
}

/* Until a signal (or a failed thread's SIGTERM); then the acceptor stops before the workers. */
static void run(struct app *app, const sigset_t *stop_set, uint16_t port)
{
	int sig;

	await_ready(app, app->started);
	if (!load(&app->failed)) {
		printf("listening on 127.0.0.1:%u (%u threads, %s)\n", port, app->nthreads,
		       app->handoff ? "handoff" : "reuseport");
		fflush(stdout);
		sigwait(stop_set, &sig);
	}
	raise_flag(&app->stop);
	if (app->started > app->nthreads)
		pthread_join(app->acc.tid, NULL);
	raise_flag(&app->drain);
	for (unsigned i = 0; i < app->started && i < app->nthreads; i++)
		pthread_join(app->workers[i].tid, NULL);
}

static bool report(const struct app *app)
{
	uint64_t requests = 0, accepted = 0, refused = 0;
	bool failed = load(&app->failed) || app->acc.failed;

	for (unsigned i = 0; i < app->nthreads; i++) {
		const struct worker *w = &app->workers[i];

		printf("thread %u: %llu requests, %llu connections, %llu refused, %llu shed, "
		       "%llu idle timeouts, %llu cut short\n", i,
		       (unsigned long long)w->requests, (unsigned long long)w->accepted,
		       (unsigned long long)w->refused, (unsigned long long)w->shed,
		       (unsigned long long)w->timeouts, (unsigned long long)w->cut);
		requests += w->requests;
		accepted += w->accepted;
		refused += w->refused;
		failed |= w->failed;
	}
	if (app->handoff)
		printf("acceptor: %llu connections, %llu handed over, %llu dropped\n",
		       (unsigned long long)app->acc.accepted, (unsigned long long)app->posted,
		       (unsigned long long)app->acc.dropped);
	printf("total: %llu requests, %llu connections, %llu refused, %llu dropped on %u thread%s\n",
	       (unsigned long long)requests, (unsigned long long)accepted,
	       (unsigned long long)refused, (unsigned long long)app->acc.dropped, app->nthreads,
	       app->nthreads == 1 ? "" : "s");
	if (failed)
		printf("FAILED\n");
	return !failed;
}

static const char usage[] =
	"usage: http_threads [--threads N] [--handoff] [--port P] [--max-conns N]\n"
	"                    [--idle-timeout S]\n"
	"A minimal HTTP/1.1 server on N threads: every request is answered \"hello\".\n"
	"  --threads N       worker threads, one bearer each (default: the CPUs, nproc)\n"
	"  --handoff         one acceptor thread hands connections to the workers\n"
	"                    with msg_ring (default: a SO_REUSEPORT listener per worker)\n"
	"  --port P          listen on 127.0.0.1:P (default 0: any free port)\n"
	"  --max-conns N     connections per worker (default 1024, at most 16000); when\n"
	"                    all are open a newcomer takes the place of the one idle\n"
	"                    longest, or is closed at once (refused) when none is idle\n"
	"  --idle-timeout S  close a connection that ends no request and gets no answer\n"
	"                    out for S seconds (default 30)\n"
	EXAMPLE_HTTP_USAGE;

/* The options into @app and *@port: --help and bad values end the program here. */
static void parse_args(int argc, char **argv, struct app *app, uint32_t *port)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const struct example_opt opts[] = {
		EXAMPLE_OPT_NUM("threads", &app->nthreads, 1, 1024),
		EXAMPLE_OPT_FLAG("handoff", &app->handoff),
		EXAMPLE_OPT_NUM("port", port, 0, 65535),
		EXAMPLE_OPT_NUM("max-conns", &app->max_conns, 1, 16000),
		EXAMPLE_OPT_SECS("idle-timeout", &app->idle_s, 0.001, 86400),
		EXAMPLE_OPT_END,
	};

	app->nthreads = cpus > 0 ? (unsigned)cpus : 1;
	app->max_conns = 1024;
	app->idle_s = 30;
	*port = 0;
	example_args(argc, argv, "http_threads", usage, opts);
}

int main(int argc, char **argv)
{
	static const int needs[] = { URB_OP_ACCEPT_MULTI, URB_OP_RECV, URB_OP_SEND,
				     URB_OP_SHUTDOWN, URB_OP_CLOSE, URB_OP_CANCEL };
	static const int handoff_needs = URB_OP_MSG_RING;	/* to hand connections over */
	struct app app = { .acc.listen_fd = -1 };
	sigset_t stop_set;
	uint32_t port32;
	uint16_t port;
	int rc;

	parse_args(argc, argv, &app, &port32);
	example_nofile_max();
	if (!example_kernel_has("http_threads", needs, sizeof(needs) / sizeof(needs[0])) ||
	    (app.handoff && !example_kernel_has("http_threads", &handoff_needs, 1)))
		return EXAMPLE_UNSUPPORTED;
	app.workers = calloc(app.nthreads, sizeof(*app.workers));
	if (!app.workers)
		return 1;
	for (unsigned i = 0; i < app.nthreads; i++)
		app.workers[i] = (struct worker){ .app = &app, .id = i, .listen_fd = -1 };
	app.acc.app = &app;
	port = (uint16_t)port32;
	if (open_listeners(&app, &port) < 0) {
		close_listeners(&app);
		free(app.workers);
		printf("FAILED\n");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	pthread_mutex_init(&app.lock, NULL);
	pthread_cond_init(&app.cond, NULL);
	if (!start_threads(&app)) {
		fprintf(stderr, "http_threads: cannot start a thread\n");
		raise_flag(&app.failed);
	}
	run(&app, &stop_set, port);
	close_listeners(&app);	/* those of threads that never started */
	rc = report(&app);
	free(app.workers);
	return rc ? 0 : 1;
}
