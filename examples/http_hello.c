/* SPDX-License-Identifier: MIT */
/*
 * http_hello: a multishot HTTP/1.1 "hello" server on one urb bearer, on
 * one thread.
 *
 *   listener (plain socket) -> urb_fd_register(URB_FD_ACCEPTOR)
 *   accept_multi, target URB_AUTO_SLOT: one op accepts every connection,
 *     each into a direct slot the kernel picks (pushed again if it ends)
 *   per connection, one recv_multi over ONE buffer ring that all
 *     connections share: the kernel picks a buffer per message; we parse
 *     it and give it straight back with urb_buf_recycle() (a store, no
 *     syscall).  When the ring was empty the op ends with -ENOBUFS: push
 *     it again.
 *   parsing: a request head ends at its empty line; a body it announces
 *     with Content-Length is skipped.  The reader (example_http_feed() in
 *     example.h) carries its state from one buffer to the next, so requests
 *     may be split anywhere and pipelined many to a buffer; each complete
 *     request owes one fixed response.  After a request with "Connection:
 *     close" or of HTTP/1.0 the connection closes once it is answered; one
 *     whose end cannot be told (Transfer-Encoding, a bad Content-Length, a
 *     head over 8 KiB) is answered 400, then the connection closes.
 *   replies: each connection has one send buffer.  While no send is in
 *     flight, the owed bytes (as many responses as fit) are copied in and
 *     sent; a short send just leaves the rest owed.
 *   end: EOF or an error ends the recv_multi; once no send is in flight
 *     and nothing is owed, a shutdown(SHUT_WR) sends our end of file and
 *     the slot is closed (urb_push_close(URB_SLOT(n))).  The close alone
 *     may not end the connection at once: Linux 6.1 keeps the socket of a
 *     closed direct descriptor until the ops in flight on fixed files when
 *     it closed (the multishot accept) have ended.
 *     A slot cannot close while ops use it, so an error on the send side
 *     cancels the recv_multi first.
 *   deadlines: a connection that completes no request and gets no answer
 *     out for --idle-timeout seconds (default 30) is closed: idle, a head
 *     trickled in, a client that does not read its answers.  One spare
 *     direct slot takes a newcomer when --max-conns are open: the
 *     connection idle longest is shed for it, or when none is idle the
 *     newcomer is closed at once.
 *   stop (SIGINT, SIGTERM): every op in flight is cancelled, sends to
 *     clients that do not read included (counted as cut short), and the
 *     server exits 0.
 *
 * Each connection is its own struct conn, passed as opts.user to every
 * push and handed back in the completions.
 *
 * --requests N also runs a client thread with plain blocking sockets:
 * several keep-alive connections, requests pipelined and split mid-
 * terminator, every response checked byte for byte, then each connection
 * half-closed and its end of file awaited; it ends with "requests: N ok".
 * Without --requests the server runs until SIGINT or SIGTERM, e.g. for
 *   wrk -t2 -c100 -d10s http://127.0.0.1:PORT/
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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
#define RECV_BUF_LEN 2048	/* each buffer of the shared ring */
#define SEND_BUF_LEN 512	/* each connection's send buffer: 11 responses */
#define BAD_RESPONSE "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
#define BAD_LEN ((uint32_t)sizeof(BAD_RESPONSE) - 1)
#define CLIENT_CONNS 8
#define FIRST_DIRECT 1		/* slot 0: the listener; the kernel fills the rest */

struct conn {
	bool open;
	bool recv_armed;	/* recv_multi pending */
	bool send_busy;		/* send pending */
	bool closing;		/* no more requests: close once the replies are out */
	bool cancel_sent, close_sent;
	bool send_cancel_sent;	/* the send's cancel (at exit, or past the idle timeout) */
	bool shut_sent, shut_done;	/* our end of file, before the close */
	uint32_t slot;
	uint64_t recv_key;	/* to cancel the recv_multi */
	uint64_t send_key;	/* to cancel the send */
	urb_buf_t sbuf;
	struct example_http http;	/* where the requests end */
	uint64_t owed;		/* response bytes still to send */
	uint32_t resp_off;	/* where in RESPONSE the next owed byte is */
	uint32_t bad_left;	/* bytes of BAD_RESPONSE to send after the owed ones */
	double active;		/* when a request last ended or an answer went out */
};

struct server {
	struct urb_bearer *b;
	uint32_t listener;	/* slot */
	int ring_set, send_set;
	struct conn *conns;	/* indexed by slot */
	uint32_t nslots;
	uint32_t nopen, max_conns;
	double idle_s;		/* --idle-timeout */
	bool accept_armed;
	bool stopping;
	bool listener_closed;
	bool failed;
	uint64_t accept_key;
	uint64_t accepted, requests, bytes_sent, recv_bufs, enobufs, resets;
	uint64_t bad, timeouts, shed, refused, cut;
};

struct client {
	uint16_t port;
	uint32_t requests;	/* to send, in all */
	uint32_t ok;		/* responses checked */
	bool failed;
	bool done;		/* atomic: set last */
};

static volatile sig_atomic_t stop_signal;

static void urb_fail(struct server *s, const char *what, int rc)
{
	fprintf(stderr, "http_hello: %s: %s\n", what, urb_bearer_explain(s->b, rc));
	s->failed = true;
}

static void result_fail(struct server *s, const char *what, uint32_t slot, int res)
{
	fprintf(stderr, "http_hello: %s on slot %u: %s\n", what, slot, urb_strerror(res));
	s->failed = true;
}

/* ---- the server */

static void arm_accept(struct server *s)
{
	struct urb_accept_multi_opts o = {
		.target = URB_AUTO_SLOT, .key_out = &s->accept_key,
	};
	int rc = urb_push_accept_multi(s->b, URB_SLOT(s->listener), &o);

	if (rc == URB_EATCAPACITY)
		return;		/* every direct slot is taken: again after a close */
	if (rc < 0) {
		urb_fail(s, "push accept_multi", rc);
		return;
	}
	s->accept_armed = true;
}

static void arm_recv(struct server *s, struct conn *cn)
{
	struct urb_recv_multi_opts o = { .user = cn, .key_out = &cn->recv_key };
	int rc = urb_push_recv_multi(s->b, URB_SLOT(cn->slot), (uint32_t)s->ring_set, &o);

	if (rc < 0) {
		urb_fail(s, "push recv_multi", rc);
		cn->closing = true;
		return;
	}
	cn->recv_armed = true;
}

/* No more requests on @cn: stop receiving; the close follows the replies. */
static void conn_shut(struct server *s, struct conn *cn)
{
	int rc;

	cn->closing = true;
	if (!cn->recv_armed || cn->cancel_sent)
		return;
	rc = urb_push_cancel(s->b, cn->recv_key, NULL);
	if (rc < 0)
		urb_fail(s, "push cancel", rc);
	else
		cn->cancel_sent = true;
}

/* Nothing more for @cn at all: its receive and its send cancelled, what it is owed dropped. */
static void conn_drop(struct server *s, struct conn *cn)
{
	int rc;

	conn_shut(s, cn);
	cn->owed = cn->bad_left = 0;
	if (!cn->send_busy || cn->send_cancel_sent)
		return;
	rc = urb_push_cancel(s->b, cn->send_key, NULL);
	if (rc < 0)
		urb_fail(s, "push cancel (send)", rc);
	else
		cn->send_cancel_sent = true;
}

/* Between requests: nothing of one in, nothing owed, nothing going out. */
static bool conn_idle(const struct conn *cn)
{
	return cn->open && !cn->closing && cn->recv_armed && !cn->send_busy && cn->owed == 0 &&
	       example_http_idle(&cn->http);
}

/* Copies as many owed bytes as fit into the send buffer (the 400 last) and sends them. */
static void send_owed(struct server *s, struct conn *cn)
{
	struct urb_send_opts o = { .user = cn, .key_out = &cn->send_key };
	uint32_t cap, len, off = cn->resp_off, bad;
	uint8_t *p;
	int rc;

	rc = urb_buf_fill(s->b, cn->sbuf, (void **)&p, &cap);
	if (rc < 0) {
		urb_fail(s, "fill send buffer", rc);
		conn_shut(s, cn);
		return;
	}
	len = cn->owed < cap ? (uint32_t)cn->owed : cap;
	for (uint32_t at = 0; at < len;) {
		uint32_t n = RESP_LEN - off < len - at ? RESP_LEN - off : len - at;

		memcpy(p + at, RESPONSE + off, n);
		at += n;
		off = (off + n) % RESP_LEN;
	}
	bad = cn->bad_left < cap - len ? cn->bad_left : cap - len;
	memcpy(p + len, BAD_RESPONSE + BAD_LEN - cn->bad_left, bad);
	len += bad;
	rc = urb_buf_filled(s->b, cn->sbuf, len);
	if (rc == 0)
		rc = urb_push_send(s->b, URB_SLOT(cn->slot), cn->sbuf, &o);
	if (rc < 0) {
		urb_fail(s, "push send", rc);
		cn->owed = 0;
		conn_shut(s, cn);
		return;
	}
	cn->send_busy = true;
}

/* After every event on @cn: send what is owed, shut down and close when all is done. */
static void conn_progress(struct server *s, struct conn *cn)
{
	struct urb_close_opts o = { .user = cn };
	int rc;

	if (!cn->send_busy && (cn->owed > 0 || cn->bad_left > 0))
		send_owed(s, cn);
	if (!cn->closing || cn->recv_armed || cn->send_busy || cn->owed || cn->bad_left ||
	    cn->close_sent)
		return;
	if (!cn->shut_done) {
		if (!cn->shut_sent) {
			rc = urb_push_shutdown(s->b, URB_SLOT(cn->slot), SHUT_WR,
					       &(struct urb_shutdown_opts){ .user = cn });
			if (rc < 0)
				urb_fail(s, "push shutdown", rc);
			cn->shut_sent = true;
			cn->shut_done = rc < 0;	/* then close all the same */
		}
		if (!cn->shut_done)
			return;
	}
	rc = urb_push_close(s->b, URB_SLOT(cn->slot), &o);
	if (rc < 0) {
		urb_fail(s, "push close", rc);
		return;
	}
	cn->close_sent = true;
}

/*
 * The newcomer @cn took the spare slot: max_conns connections were open.
 * Shed the one idle longest to make room, or when none is idle close the
 * newcomer at once.  Returns whether @cn stays.
 */
static bool make_room(struct server *s, struct conn *cn)
{
	struct conn *old = NULL;

	for (uint32_t i = FIRST_DIRECT; i < s->nslots; i++)
		if (&s->conns[i] != cn && conn_idle(&s->conns[i]) &&
		    (!old || s->conns[i].active < old->active))
			old = &s->conns[i];
	if (!old) {
		s->refused++;
		cn->closing = true;
		return false;
	}
	s->shed++;
	conn_shut(s, old);
	conn_progress(s, old);
	return true;
}

/* Closes what went past the idle timeout: no request ended, no answer went out. */
static void sweep(struct server *s)
{
	double now = example_now_s();

	for (uint32_t i = FIRST_DIRECT; i < s->nslots; i++) {
		struct conn *cn = &s->conns[i];

		if (!cn->open || cn->close_sent || now - cn->active < s->idle_s ||
		    (cn->closing && !cn->send_busy))
			continue;
		if (!cn->cancel_sent || (cn->send_busy && !cn->send_cancel_sent))
			s->timeouts++;
		conn_drop(s, cn);
		conn_progress(s, cn);
	}
}

static void on_accept(struct server *s, const struct urb_completion *c)
{
	if (c->result >= 0) {
		uint32_t slot = (uint32_t)c->u.accept_multi.conn.slot;
		struct conn *cn;

		if (slot < FIRST_DIRECT || slot >= s->nslots || s->conns[slot].open) {
			fprintf(stderr, "http_hello: accept: slot %u is %s\n", slot,
				slot < FIRST_DIRECT || slot >= s->nslots ? "out of range" :
				"still open");
			s->failed = true;
			return;
		}
		cn = &s->conns[slot];
		*cn = (struct conn){
			.open = true, .slot = slot,
			.sbuf = URB_BUF(s->send_set, slot - FIRST_DIRECT),
			.active = example_now_s(),
		};
		s->nopen++;
		s->accepted++;
		if (s->nopen <= s->max_conns || make_room(s, cn))
			arm_recv(s, cn);
		conn_progress(s, cn);
	} else if (c->result != -ENFILE && !(s->stopping && c->result == -ECANCELED)) {
		/* -ENFILE: no direct slot was free; accepting resumes after a close */
		result_fail(s, "accept_multi", s->listener, c->result);
	}
	if (c->final) {
		s->accept_armed = false;
		if (!s->stopping && (c->result >= 0 || c->result == -ENFILE))
			arm_accept(s);
	}
}

static void on_recv(struct server *s, struct conn *cn, const struct urb_completion *c)
{
	const struct urb_data *data = &c->u.recv_multi.data;
	int n, rc;

	if (c->result > 0 && data->buf == URB_BUF_NONE) {
		fprintf(stderr, "http_hello: slot %u: %d bytes received, no buffer named\n",
			cn->slot, c->result);
		s->failed = true;
	} else if (c->result > 0) {
		s->recv_bufs++;
		n = cn->closing ? 0 : example_http_feed(&cn->http, data->data, data->len);
		/* parsed: the bytes are not needed any more, the ring gets the buffer back */
		rc = urb_buf_recycle(s->b, data->buf);
		if (rc < 0)
			urb_fail(s, "recycle", rc);
		cn->owed += (uint64_t)n * RESP_LEN;
		s->requests += (uint64_t)n;
		if (n)
			cn->active = example_now_s();
		if (!cn->closing && cn->http.end != EXAMPLE_HTTP_MORE) {
			if (cn->http.end == EXAMPLE_HTTP_BAD) {
				cn->bad_left = BAD_LEN;	/* the last answer */
				s->bad++;
			}
			conn_shut(s, cn);	/* no more requests: close after the answers */
		}
	}
	if (c->final) {
		cn->recv_armed = false;
		if (c->result == -ENOBUFS || c->result > 0) {
			/* the ring was empty (or the kernel just ended it): receive again */
			s->enobufs += c->result == -ENOBUFS;
			if (!cn->closing)
				arm_recv(s, cn);
		} else if (c->result == 0) {
			cn->closing = true;	/* the peer's end of file */
		} else if (c->result == -ECONNRESET) {
			s->resets++;
			cn->closing = true;
		} else if (!(c->result == -ECANCELED && cn->cancel_sent)) {
			result_fail(s, "recv_multi", cn->slot, c->result);
			cn->closing = true;
		}
	}
	conn_progress(s, cn);
}

static void on_send(struct server *s, struct conn *cn, const struct urb_completion *c)
{
	bool cancelled = cn->send_cancel_sent;

	cn->send_busy = cn->send_cancel_sent = false;
	if (c->result > 0 && !cancelled) {
		/* the 200s go first, then the 400 */
		uint32_t ok = cn->owed < (uint64_t)c->result ? (uint32_t)cn->owed : (uint32_t)c->result;

		cn->owed -= ok;
		cn->resp_off = (cn->resp_off + ok) % RESP_LEN;
		cn->bad_left -= (uint32_t)c->result - ok;
		s->bytes_sent += (uint64_t)c->result;
		cn->active = example_now_s();
	} else if (c->result <= 0 || cancelled) {
		/* the peer is gone (or worse), or the send was cancelled: drop what is owed, close */
		if (c->result == -EPIPE || c->result == -ECONNRESET)
			s->resets++;
		else if (!cancelled)
			result_fail(s, "send", cn->slot, c->result ? c->result : -EIO);
		cn->owed = cn->bad_left = 0;
		conn_shut(s, cn);
	}
	conn_progress(s, cn);
}

static void on_close(struct server *s, const struct urb_completion *c)
{
	struct conn *cn = c->user;

	if (!cn) {	/* the listener */
		if (c->result < 0)
			result_fail(s, "close", s->listener, c->result);
		s->listener_closed = true;
		return;
	}
	if (c->result < 0)
		result_fail(s, "close", cn->slot, c->result);
	cn->open = false;
	s->nopen--;
	if (!s->accept_armed && !s->stopping)
		arm_accept(s);	/* it stopped for want of a slot; there is one now */
}

static enum urb_disposition on_completion(struct urb_bearer *b,
					  const struct urb_completion *c, void *user)
{
	struct server *s = user;

	(void)b;
	switch (c->op) {
	case URB_OP_ACCEPT_MULTI:
		on_accept(s, c);
		break;
	case URB_OP_RECV_MULTI:
		on_recv(s, c->user, c);
		break;
	case URB_OP_SEND:
		on_send(s, c->user, c);
		break;
	case URB_OP_SHUTDOWN:
		/* -ENOTCONN: the peer is gone already; close all the same */
		if (c->result < 0 && c->result != -ENOTCONN)
			result_fail(s, "shutdown", ((struct conn *)c->user)->slot, c->result);
		((struct conn *)c->user)->shut_done = true;
		conn_progress(s, c->user);
		break;
	case URB_OP_CLOSE:
		on_close(s, c);
		break;
	case URB_OP_CANCEL:
		/* -ENOENT, -EALREADY: the op was ending anyway; its own CQE says how */
		if (c->result < 0 && c->result != -ENOENT && c->result != -EALREADY)
			result_fail(s, "cancel", 0, c->result);
		break;
	default:
		fprintf(stderr, "http_hello: unexpected completion of %s\n",
			c->op == URB_OP_STALE ? "a stale key" : urb_op_name(c->op));
		s->failed = true;
	}
	return URB_DEFAULT;
}

/* One trip round the ring: submit, wait up to @ms for a completion, handle them all. */
static int ring_turn(struct server *s, long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };
	int rc = urb_bearer_submit_and_wait(s->b, 1, &ts);

	/*
	 * valgrind delivers no signal while a thread waits in io_uring_enter():
	 * a short sleep after an idle wait lets SIGTERM's handler run (README,
	 * "Running your program under valgrind").
	 */
	if (rc == -ETIME && RUNNING_ON_VALGRIND) {
		struct timespec nap = { .tv_nsec = 1000 * 1000 };

		nanosleep(&nap, NULL);
	}
	if (rc < 0 && rc != -ETIME && rc != -EINTR) {
		urb_fail(s, "submit and wait", rc);
		return rc;
	}
	rc = urb_bearer_completions(s->b, on_completion, s);
	if (rc < 0) {
		urb_fail(s, "completions", rc);
		return rc;
	}
	return 0;
}

/*
 * The capacity, sized so that no push can find the bearer full, for
 * max_conns + 1 connections (the spare slot takes a newcomer while an idle
 * one is shed): a connection has at most a recv_multi, a send and their
 * two cancels in flight (the close waits for the first two), plus the
 * accept, its cancel and the listener's close; and the SQ holds as many
 * SQEs as there are records.
 */
static int server_up(struct server *s, uint32_t max_conns, uint32_t ring_bufs,
		     uint16_t *port)
{
	uint32_t n = max_conns + 1, records = 4 * n + 3, sq = 1;
	struct urb_capacity cap;
	int lfd, rc;

	while (sq < records)
		sq *= 2;
	cap = (struct urb_capacity){
		.core_queue = sq,
		.registered_fd = FIRST_DIRECT,	/* the listener */
		.direct_fd = n,			/* the kernel's slots for connections */
		.pending_completions = sq,
		.buffers = 2,			/* the ring's buffers, the send buffers */
		.buffer_rings = 1,
		/* the two sets and the ring */
		.buffer_bytes = (uint64_t)(urb_bufset_bytes(ring_bufs, RECV_BUF_LEN) +
					   urb_bufring_bytes(ring_bufs) +
					   urb_bufset_bytes(n, SEND_BUF_LEN)),
		.futexes = 1,
	};
	rc = example_bearer_new("http_hello", &cap, &s->b);
	if (rc < 0)
		return rc;
	s->ring_set = urb_bufset_create(s->b, ring_bufs, RECV_BUF_LEN);
	if (s->ring_set < 0) {
		urb_fail(s, "ring buffer set", s->ring_set);
		return -1;
	}
	rc = urb_bufring_create(s->b, (uint32_t)s->ring_set);
	if (rc < 0) {
		urb_fail(s, "buffer ring", rc);
		return -1;
	}
	s->send_set = urb_bufset_create(s->b, n, SEND_BUF_LEN);
	if (s->send_set < 0) {
		urb_fail(s, "send buffer set", s->send_set);
		return -1;
	}
	s->nslots = FIRST_DIRECT + n;
	s->max_conns = max_conns;
	s->conns = calloc(s->nslots, sizeof(*s->conns));
	if (!s->conns)
		return -1;

	lfd = example_listen(port, false);
	if (lfd < 0) {
		fprintf(stderr, "http_hello: listen: %s\n", strerror(-lfd));
		return -1;
	}
	rc = urb_fd_register(s->b, lfd, URB_FD_ACCEPTOR);
	close(lfd);	/* the fixed-file table holds its own reference */
	if (rc < 0) {
		urb_fail(s, "register listener", rc);
		return -1;
	}
	s->listener = (uint32_t)rc;
	arm_accept(s);
	return s->accept_armed ? 0 : -1;
}

/*
 * Closes every connection (what it is still owed is cut short: a send in
 * flight is cancelled), stops accepting, closes the listener, checks the
 * books.
 */
static void server_down(struct server *s)
{
	double deadline = example_now_s() + 2.0;
	struct urb_stats st;
	int rc;

	s->stopping = true;
	for (uint32_t i = 0; i < s->nslots; i++)
		if (s->conns[i].open && !s->conns[i].close_sent) {
			struct conn *cn = &s->conns[i];

			s->cut += cn->send_busy || cn->owed || cn->bad_left;
			conn_drop(s, cn);
			conn_progress(s, cn);
		}
	if (s->accept_armed) {
		rc = urb_push_cancel(s->b, s->accept_key, NULL);
		if (rc < 0)
			urb_fail(s, "push cancel (accept)", rc);
	}
	while ((s->nopen || s->accept_armed) && example_now_s() < deadline)
		if (ring_turn(s, 10) < 0)
			break;
	if (!s->accept_armed) {
		struct urb_close_opts o = { .user = NULL };

		rc = urb_push_close(s->b, URB_SLOT(s->listener), &o);
		if (rc < 0)
			urb_fail(s, "push close (listener)", rc);
		while (rc == 0 && !s->listener_closed && example_now_s() < deadline)
			if (ring_turn(s, 10) < 0)
				break;
	}
	if (s->nopen || s->accept_armed || !s->listener_closed) {
		fprintf(stderr, "http_hello: teardown left %u connections%s%s\n", s->nopen,
			s->accept_armed ? ", the accept" : "",
			s->listener_closed ? "" : ", the listener");
		s->failed = true;
	}
	/* every buffer must be back in the ring by now, or this is refused */
	rc = urb_bufring_destroy(s->b, (uint32_t)s->ring_set);
	if (rc < 0)
		urb_fail(s, "destroy buffer ring", rc);
	rc = urb_bearer_stats(s->b, &st);
	if (rc < 0 || st.pending || st.stale_cqes || st.unknown_cqes || st.bad_buffer_ids) {
		fprintf(stderr, "http_hello: the bearer did not end clean (pending %u, "
			"stale %llu, unknown %llu, bad buffer ids %llu)\n", st.pending,
			(unsigned long long)st.stale_cqes, (unsigned long long)st.unknown_cqes,
			(unsigned long long)st.bad_buffer_ids);
		s->failed = true;
	}
	rc = urb_bearer_free(s->b);
	if (rc < 0) {
		fprintf(stderr, "http_hello: bearer free: %s\n", urb_strerror(rc));
		s->failed = true;
	}
	free(s->conns);
}

/* ---- the built-in client: plain blocking sockets on a thread of its own */

static void client_error(struct client *cl, uint32_t i, const char *what)
{
	fprintf(stderr, "http_hello: client %u: %s: %s\n", i, what,
		errno ? strerror(errno) : "short");
	cl->failed = true;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, char *p, size_t len)
{
	while (len) {
		ssize_t n = read(fd, p, len);

		if (n <= 0) {
			if (n == 0)
				errno = 0;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes @k requests on @fd, some of them split in the middle of the terminator. */
static int send_requests(int fd, uint32_t k, uint32_t seq)
{
	char req[4 * 128];
	size_t len = 0;

	for (uint32_t j = 0; j < k; j++)
		len += (size_t)snprintf(req + len, sizeof(req) - len, (seq + j) % 2 ?
					"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n" :
					"GET /hello?n=%u HTTP/1.1\r\nHost: localhost\r\n"
					"User-Agent: http_hello\r\n\r\n", seq + j);
	if (seq % 5 == 0) {
		/* the server sees "...\r" now and "\n\r\n" a moment later */
		struct timespec nap = { .tv_nsec = 200 * 1000 };

		if (write_all(fd, req, len - 3) < 0)
			return -1;
		nanosleep(&nap, NULL);
		return write_all(fd, req + len - 3, 3);
	}
	return write_all(fd, req, len);
}

static void *client_main(void *arg)
{
	struct client *cl = arg;
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(cl->port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct timeval tv = { .tv_sec = 5 };
	char expect[4 * RESP_LEN], got[4 * RESP_LEN];
	uint32_t batch[CLIENT_CONNS], sent = 0, seq = 0, i;
	int fd[CLIENT_CONNS], one = 1;

	for (i = 0; i < 4; i++)
		memcpy(expect + i * RESP_LEN, RESPONSE, RESP_LEN);
	for (i = 0; i < CLIENT_CONNS; i++)
		fd[i] = -1;
	for (i = 0; i < CLIENT_CONNS; i++) {
		fd[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd[i] < 0 || setsockopt(fd[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
		    setsockopt(fd[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0 ||
		    connect(fd[i], (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			client_error(cl, i, "connect");
			goto out;
		}
	}
	/* rounds: every connection sends 1 to 4 pipelined requests, then reads the replies */
	while (sent < cl->requests) {
		for (i = 0; i < CLIENT_CONNS; i++) {
			uint32_t k = 1 + (seq + i) % 4;

			if (k > cl->requests - sent)
				k = cl->requests - sent;
			batch[i] = k;
			if (k && send_requests(fd[i], k, seq) < 0) {
				client_error(cl, i, "write");
				goto out;
			}
			sent += k;
			seq += k;
		}
		for (i = 0; i < CLIENT_CONNS; i++) {
			if (!batch[i])
				continue;
			if (read_all(fd[i], got, batch[i] * RESP_LEN) < 0) {
				client_error(cl, i, "read");
				goto out;
			}
			if (memcmp(got, expect, batch[i] * RESP_LEN) != 0) {
				fprintf(stderr, "http_hello: client %u: wrong response\n", i);
				cl->failed = true;
				goto out;
			}
			cl->ok += batch[i];
		}
	}
	/* half-close: the server must answer with its own end of file, nothing more */
	for (i = 0; i < CLIENT_CONNS; i++) {
		if (shutdown(fd[i], SHUT_WR) < 0) {
			client_error(cl, i, "shutdown");
			goto out;
		}
		if (read(fd[i], got, 1) != 0) {
			fprintf(stderr, "http_hello: client %u: no end of file from the server\n",
				i);
			cl->failed = true;
			goto out;
		}
	}
out:
	for (i = 0; i < CLIENT_CONNS; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	__atomic_store_n(&cl->done, true, __ATOMIC_RELEASE);
	return NULL;
}

/* ---- main */

static void on_signal(int sig)
{
	(void)sig;
	stop_signal = 1;
}

static const char usage[] =
	"usage: http_hello [--port N] [--requests N] [--max-conns N] [--ring-bufs N]\n"
	"                  [--idle-timeout S]\n"
	"A minimal HTTP/1.1 server: every request is answered \"hello\".\n"
	"  --port N          listen on 127.0.0.1:N (default 0: any free port)\n"
	"  --requests N      run a built-in client that sends N requests, then exit\n"
	"                    (default: serve until SIGINT or SIGTERM)\n"
	"  --max-conns N     connections at once (default 1000, 8 to 8000); when all are\n"
	"                    open a newcomer takes the place of the one idle longest, or\n"
	"                    is closed at once when none is idle\n"
	"  --ring-bufs N     buffers in the shared receive ring (default 256)\n"
	"  --idle-timeout S  close a connection that ends no request and gets no answer\n"
	"                    out for S seconds (default 30)\n"
	EXAMPLE_HTTP_USAGE;

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: wake the wait */
	struct server s = { .ring_set = -1, .send_set = -1, .idle_s = 30 };
	struct client cl = { 0 };
	static const int needs[] = { URB_OP_ACCEPT_MULTI, URB_OP_RECV_MULTI, URB_OP_SEND,
				     URB_OP_SHUTDOWN, URB_OP_CLOSE, URB_OP_CANCEL };
	uint32_t port = 0, max_conns = 1000, ring_bufs = 256, requests = 0;
	const struct example_opt opts[] = {
		EXAMPLE_OPT_NUM("port", &port, 0, 65535),
		EXAMPLE_OPT_NUM("requests", &requests, 1, 100000000),
		EXAMPLE_OPT_NUM("max-conns", &max_conns, CLIENT_CONNS, 8000),
		EXAMPLE_OPT_NUM("ring-bufs", &ring_bufs, 1, 32768),
		EXAMPLE_OPT_SECS("idle-timeout", &s.idle_s, 0.001, 86400),
		EXAMPLE_OPT_END,
	};
	uint16_t port16;
	pthread_t tid;
	double start, deadline, swept = 0;

	example_args(argc, argv, "http_hello", usage, opts);
	example_nofile_max();
	if (!example_kernel_has("http_hello", needs, sizeof(needs) / sizeof(needs[0])))
		return EXAMPLE_UNSUPPORTED;
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	port16 = (uint16_t)port;
	if (server_up(&s, max_conns, ring_bufs, &port16) < 0) {
		printf("FAILED\n");
		return 1;
	}
	printf("http_hello: listening on 127.0.0.1:%u (%u connections at most, "
	       "%u receive buffers of %u bytes shared)\n", port16, max_conns, ring_bufs,
	       RECV_BUF_LEN);
	fflush(stdout);

	if (requests) {
		cl.port = port16;
		cl.requests = requests;
		if (pthread_create(&tid, NULL, client_main, &cl) != 0) {
			fprintf(stderr, "http_hello: cannot start the client\n");
			return 1;
		}
	}
	start = example_now_s();
	deadline = start + 60.0;
	for (;;) {
		if (ring_turn(&s, 100) < 0 || s.failed)
			break;
		if (example_now_s() - swept >= 0.1) {
			swept = example_now_s();
			sweep(&s);
		}
		if (stop_signal)
			break;
		/* the client is done once it saw every connection's end of file */
		if (requests && __atomic_load_n(&cl.done, __ATOMIC_ACQUIRE) && s.nopen == 0)
			break;
		if (requests && example_now_s() > deadline) {
			fprintf(stderr, "http_hello: the client did not finish in 60 s\n");
			s.failed = true;
			break;
		}
	}
	server_down(&s);	/* before the join: a stuck client sees its sockets close */
	if (requests) {
		pthread_join(tid, NULL);
		s.failed |= cl.failed;
	}

	printf("served %llu requests on %llu connections in %.2f s: %llu receive buffers, "
	       "%llu recv_multi re-armed after -ENOBUFS, %llu resets, %llu 400s, "
	       "%llu idle timeouts, %llu shed, %llu refused, %llu cut short\n",
	       (unsigned long long)s.requests, (unsigned long long)s.accepted,
	       example_now_s() - start, (unsigned long long)s.recv_bufs,
	       (unsigned long long)s.enobufs, (unsigned long long)s.resets,
	       (unsigned long long)s.bad, (unsigned long long)s.timeouts,
	       (unsigned long long)s.shed, (unsigned long long)s.refused,
	       (unsigned long long)s.cut);
	if (requests && (cl.ok != requests || s.requests != requests ||
			 s.bytes_sent != (uint64_t)requests * RESP_LEN)) {
		fprintf(stderr, "http_hello: client checked %u responses, server parsed %llu "
			"requests and sent %llu bytes, for %u requests\n", cl.ok,
			(unsigned long long)s.requests, (unsigned long long)s.bytes_sent, requests);
		s.failed = true;
	}
	if (s.failed) {
		printf("FAILED\n");
		return 1;
	}
	if (requests)
		printf("requests: %u ok\n", requests);
	return 0;
}
