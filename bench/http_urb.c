/* SPDX-License-Identifier: MIT */
/*
 * http_urb: the HTTP hello server on a urb bearer, one thread.
 *
 *   listener (slot 0) -> accept_multi into URB_AUTO_SLOT: each connection
 *   lands in a direct slot the kernel picks; per connection
 *     recv into its receive buffer -> one send of its response buffer per
 *     request counted -> recv ... until EOF or an error, then close the slot
 *
 * Each connection has two buffers: one it receives into, and one that
 * holds the response, filled once at start-up: a send leaves a buffer's
 * valid bytes alone, so every response goes out without a copy.  Every
 * connection has at most one op in flight, so the records (max_conns + a
 * few) can never run out; the SQ is as large, and when it fills inside the
 * callback the pushes so far are submitted and the push retried.
 *
 *   http_urb [--port P] [--max-conns N] [--exit-after REQUESTS]
 *
 * Prints "READY ..." when it listens, "STATS ..." on SIGUSR1 and on exit
 * (SIGTERM/SIGINT), with the allocations made after set-up.
 */
#include <urb.h>

#include "alloc_count.h"
#include "http.h"
#include "ring.h"

#define LISTENER 0u /* the only slot of urb's area; the direct slots follow */

struct conn {
	bool open;
	uint8_t match;  /* of "\r\n\r\n", across receives */
	uint32_t owed;  /* responses still to send */
};

struct srv {
	struct urb_bearer *b;
	uint32_t max_conns;
	uint64_t buffer_bytes; /* the bearer's buffer memory, mapped and locked */
	int rset, sset;       /* receive buffers, response buffers: one each per conn */
	struct conn *conns;   /* by slot - 1 */
	bool accept_armed;
	uint32_t open;
	uint64_t accepted, requests, errors;
};

static void fail(struct srv *s, const char *what, int rc)
{
	BENCH_DIE("http_urb: %s: %s", what, urb_bearer_explain(s->b, rc));
}

/* A push that finds the SQ full submits what is queued and tries again. */
#define PUSH(s, call)                                                            \
	do {                                                                     \
		int rc_ = (call);                                                \
		if (rc_ == URB_EATCAPACITY && urb_bearer_submit((s)->b) >= 0)    \
			rc_ = (call);                                            \
		if (rc_ < 0)                                                     \
			fail((s), #call, rc_);                                   \
	} while (0)

static void arm_accept(struct srv *s)
{
	struct urb_accept_multi_opts o = { .target = URB_AUTO_SLOT };

	PUSH(s, urb_push_accept_multi(s->b, URB_SLOT(LISTENER), &o));
	s->accept_armed = true;
}

/* Each connection's ops carry its slot as their user pointer. */
#define SLOT_USER(slot) ((void *)(uintptr_t)(slot))

static void push_recv(struct srv *s, uint32_t slot)
{
	PUSH(s, urb_push_recv_user(s->b, URB_SLOT(slot), URB_BUF(s->rset, slot - 1), SLOT_USER(slot)));
}

static void push_send(struct srv *s, uint32_t slot)
{
	PUSH(s, urb_push_send_user(s->b, URB_SLOT(slot), URB_BUF(s->sset, slot - 1), SLOT_USER(slot)));
}

static void push_close(struct srv *s, uint32_t slot)
{
	PUSH(s, urb_push_close_user(s->b, URB_SLOT(slot), SLOT_USER(slot)));
}

static void on_accept(struct srv *s, const struct urb_completion *c)
{
	if (c->result >= 0) {
		uint32_t slot = (uint32_t)c->u.accept_multi.conn.slot;
		struct conn *cn = &s->conns[slot - 1];

		cn->open = true;
		cn->match = 0;
		cn->owed = 0;
		s->open++;
		s->accepted++;
		push_recv(s, slot);
	} else if (c->result != -ECANCELED) {
		s->errors++; /* -ENFILE: every direct slot is taken */
	}
	if (c->final) {
		s->accept_armed = false;
		if (!http_stop)
			arm_accept(s);
	}
}

static void on_recv(struct srv *s, uint32_t slot, const struct urb_completion *c)
{
	struct conn *cn = &s->conns[slot - 1];
	unsigned n;

	if (c->result <= 0) {
		s->errors += c->result < 0 && !http_peer_gone(-c->result);
		push_close(s, slot);
		return;
	}
	n = http_count(&cn->match, c->u.recv.data.data, c->u.recv.data.len);
	if (n == 0) {
		push_recv(s, slot);
		return;
	}
	cn->owed = n;
	s->requests += n;
	push_send(s, slot);
}

static void on_send(struct srv *s, uint32_t slot, const struct urb_completion *c)
{
	struct conn *cn = &s->conns[slot - 1];

	if (c->result != (int32_t)HTTP_RESPONSE_LEN) {
		s->errors += !http_peer_gone(-c->result);
		push_close(s, slot);
	} else if (--cn->owed > 0) {
		push_send(s, slot);
	} else {
		push_recv(s, slot);
	}
}

static enum urb_disposition on_completion(struct urb_bearer *b, const struct urb_completion *c,
					  void *user)
{
	struct srv *s = user;
	uint32_t slot = (uint32_t)(uintptr_t)c->user;

	(void)b;
	switch (c->op) {
	case URB_OP_ACCEPT_MULTI:
		on_accept(s, c);
		break;
	case URB_OP_RECV:
		on_recv(s, slot, c);
		break;
	case URB_OP_SEND:
		on_send(s, slot, c);
		break;
	case URB_OP_CLOSE:
		s->conns[slot - 1].open = false;
		s->open--;
		break;
	default:
		s->errors++;
	}
	return URB_DEFAULT;
}

static void report(struct srv *s)
{
	printf("STATS server=urb requests=%llu accepted=%llu open=%u errors=%llu "
	       "allocs_after_setup=%lu rss_kib=%lu\n",
	       (unsigned long long)s->requests, (unsigned long long)s->accepted, s->open,
	       (unsigned long long)s->errors, bench_allocs(), bench_rss_kib(getpid()));
	fflush(stdout);
}

static void setup(struct srv *s, const struct http_args *a)
{
	uint32_t records = (uint32_t)a->max_conns + 8, sq = 1;
	struct urb_capacity cap;
	int lfd, rc;

	while (sq < records)
		sq *= 2;
	cap = (struct urb_capacity){
		.core_queue = sq, .registered_fd = 1, .direct_fd = (uint32_t)a->max_conns,
		.pending_completions = records, .buffers = 2,
		.buffer_bytes = (uint64_t)(urb_bufset_bytes((uint32_t)a->max_conns, HTTP_RECV_LEN) +
					   urb_bufset_bytes((uint32_t)a->max_conns, HTTP_RESPONSE_LEN)),
		.futexes = 1,
	};
	rc = urb_bearer_new(&cap, &s->b);
	if (rc < 0)
		BENCH_DIE("http_urb: urb_bearer_new: %s", urb_strerror(rc));
	bench_setup_of("urb", s->b);
	s->buffer_bytes = cap.buffer_bytes;
	s->max_conns = (uint32_t)a->max_conns;
	s->conns = calloc(a->max_conns, sizeof(*s->conns));
	if (!s->conns)
		BENCH_DIE("http_urb: out of memory");
	s->rset = urb_bufset_create(s->b, s->max_conns, HTTP_RECV_LEN);
	s->sset = urb_bufset_create(s->b, s->max_conns, HTTP_RESPONSE_LEN);
	if (s->rset < 0 || s->sset < 0)
		fail(s, "urb_bufset_create", s->rset < 0 ? s->rset : s->sset);
	for (uint32_t i = 0; i < s->max_conns; i++) {
		urb_buf_t buf = URB_BUF(s->sset, i);
		void *data;
		uint32_t len;

		rc = urb_buf_fill(s->b, buf, &data, &len);
		if (rc < 0)
			fail(s, "urb_buf_fill", rc);
		memcpy(data, http_response, HTTP_RESPONSE_LEN);
		urb_buf_filled(s->b, buf, HTTP_RESPONSE_LEN);
	}
	lfd = http_listen((unsigned)a->port, 0);
	rc = urb_fd_register_at(s->b, LISTENER, lfd, URB_FD_ACCEPTOR);
	if (rc < 0)
		fail(s, "urb_fd_register_at", rc);
	close(lfd);
	arm_accept(s);
}

/* The event loop, apart so that a profiler can count it alone (serve*). */
static __attribute__((noinline)) void serve(struct srv *s)
{
	while (!http_done(s->requests)) {
		int rc = urb_bearer_submit_and_complete(s->b, 1, NULL, on_completion, s);

		if (rc < 0)
			fail(s, "urb_bearer_submit_and_complete", rc);
		if (http_report) {
			http_report = 0;
			report(s);
		}
	}
}

int main(int argc, char **argv)
{
	struct http_args a;
	struct srv s;

	http_parse_args(argc, argv, &a);
	http_signals();
	memset(&s, 0, sizeof(s));
	setup(&s, &a);
	printf("READY server=urb port=%lu max_conns=%lu rss_kib=%lu buffer_kib=%lu\n", a.port,
	       a.max_conns, bench_rss_kib(getpid()), (unsigned long)(s.buffer_bytes / 1024));
	fflush(stdout);
	bench_alloc_arm();
	serve(&s);
	report(&s);
	urb_bearer_free(s.b);
	free(s.conns);
	return 0;
}
