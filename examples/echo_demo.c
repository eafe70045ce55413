/* SPDX-License-Identifier: MIT */
/*
 * echo_demo: a TCP echo server on a urb bearer, loaded by clients in the
 * same process, on one thread.
 *
 * Server, all through the bearer:
 *   listener (plain socket) -> urb_fd_register(URB_FD_ACCEPTOR)
 *   accept_multi, target URB_AUTO_SLOT: each connection lands in a direct
 *     slot the kernel picks (falls back to one-shot accepts of plain fds,
 *     registered by hand, when the kernel lacks multishot accept; --plain
 *     forces that path)
 *   per connection: recv into its buffer -> send the same buffer (its valid
 *     bytes are what recv received) -> recv ... until EOF or an error, then
 *     close the slot
 *
 * Clients: plain non-blocking sockets driven between two trips round the
 * ring: poll(2) with no timeout, then write a 64-byte message or read its
 * echo and check every byte.
 *
 * The capacity is sized so that no push can find the bearer full: each
 * connection has at most one op in flight (recv, send or close), plus the
 * accept, a cancel and the listener's close; and the SQ holds as many SQEs
 * as there are records, so it cannot fill up between submits either.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
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

#define MSG_LEN 64
#define BUF_LEN 4096

enum client_state { C_CONNECTING, C_SENDING, C_RECEIVING, C_IDLE, C_DEAD };

struct client {
	int fd;
	enum client_state state;
	uint32_t id;
	uint32_t seq;
	uint32_t done;		/* bytes written or read of the current message */
	uint8_t msg[MSG_LEN];
	uint8_t echo[MSG_LEN];
};

struct conn {
	bool open;
	uint32_t slot;
	urb_buf_t buf;
	uint32_t len;		/* valid bytes in buf, being echoed */
};

struct demo {
	struct urb_bearer *b;
	bool plain;		/* one-shot accepts of plain fds */
	bool tearing_down;
	bool failed;
	uint32_t listener;	/* slot */
	uint64_t accept_key;
	bool accept_armed;
	bool listener_closed;
	int bufset;
	uint32_t nslots;
	struct conn *conns;	/* indexed by slot */
	uint32_t nconns_open;
	uint64_t accepted;
	uint64_t echoed_bytes;
	uint64_t round_trips;
};

static void urb_fail(struct demo *d, const char *what, int rc)
{
	fprintf(stderr, "echo_demo: %s: %s\n", what, urb_bearer_explain(d->b, rc));
	d->failed = true;
}

static void result_fail(struct demo *d, const char *what, uint32_t slot, int res)
{
	fprintf(stderr, "echo_demo: %s on slot %u: %s\n", what, slot, urb_strerror(res));
	d->failed = true;
}

/* ---- server */

static int arm_accept(struct demo *d)
{
	struct urb_accept_multi_opts mo = {
		.target = URB_AUTO_SLOT, .key_out = &d->accept_key,
	};
	struct urb_accept_opts o = { .target = URB_PLAIN, .key_out = &d->accept_key };
	int rc = URB_ENOTSUP;

	if (!d->plain) {
		rc = urb_push_accept_multi(d->b, URB_SLOT(d->listener), &mo);
		if (rc == URB_ENOTSUP) {
			printf("accept_multi: %s; falling back to plain fds\n",
			       urb_bearer_detail(d->b));
			d->plain = true;
		}
	}
	if (d->plain)
		rc = urb_push_accept(d->b, URB_SLOT(d->listener), &o);
	if (rc < 0)
		urb_fail(d, "push accept", rc);
	d->accept_armed = rc == 0;
	return rc;
}

static void push_recv(struct demo *d, struct conn *cn)
{
	int rc = urb_push_recv_user(d->b, URB_SLOT(cn->slot), cn->buf, cn);

	if (rc < 0)
		urb_fail(d, "push recv", rc);
}

static void push_close(struct demo *d, struct conn *cn)
{
	int rc = urb_push_close_user(d->b, URB_SLOT(cn->slot), cn);

	if (rc < 0)
		urb_fail(d, "push close", rc);
}

static void conn_start(struct demo *d, uint32_t slot)
{
	struct conn *cn;

	if (slot >= d->nslots || d->conns[slot].open) {
		fprintf(stderr, "echo_demo: accept: unexpected slot %u\n", slot);
		d->failed = true;
		return;
	}
	cn = &d->conns[slot];
	cn->open = true;
	cn->slot = slot;
	cn->buf = URB_BUF(d->bufset, slot);
	d->nconns_open++;
	d->accepted++;
	push_recv(d, cn);
}

static void on_accept(struct demo *d, const struct urb_completion *c)
{
	if (c->result >= 0) {
		if (c->op == URB_OP_ACCEPT_MULTI) {
			conn_start(d, (uint32_t)c->u.accept_multi.conn.slot);
		} else {
			int fd = c->u.accept.conn.fd;
			int slot = urb_fd_register(d->b, fd, URB_FD_STREAM);

			/* the fixed table holds its own reference */
			close(fd);
			if (slot < 0)
				urb_fail(d, "register accepted fd", slot);
			else
				conn_start(d, (uint32_t)slot);
		}
	} else if (!(d->tearing_down && c->result == -ECANCELED)) {
		result_fail(d, urb_op_name(c->op), d->listener, c->result);
	}
	if (c->final) {
		d->accept_armed = false;
		/* a one-shot accept, or a multishot one the kernel ended without an error */
		if (!d->tearing_down && c->result >= 0)
			arm_accept(d);
	}
}

static void on_recv(struct demo *d, struct conn *cn, const struct urb_completion *c)
{
	int rc;

	if (c->result <= 0) {
		if (c->result < 0)
			result_fail(d, "recv", cn->slot, c->result);
		push_close(d, cn);
		return;
	}
	if (c->u.recv.data.len != (uint32_t)c->result || c->u.recv.data.buf != cn->buf) {
		fprintf(stderr, "echo_demo: recv on slot %u: payload says %u bytes "
			"of buffer %#x, result %d\n", cn->slot, c->u.recv.data.len, c->u.recv.data.buf, c->result);
		d->failed = true;
	}
	cn->len = (uint32_t)c->result;
	rc = urb_push_send_user(d->b, URB_SLOT(cn->slot), cn->buf, cn);
	if (rc < 0) {
		urb_fail(d, "push send", rc);
		push_close(d, cn);
	}
}

static void on_send(struct demo *d, struct conn *cn, const struct urb_completion *c)
{
	if (c->result == (int32_t)cn->len) {
		d->echoed_bytes += cn->len;
		push_recv(d, cn);
		return;
	}
	/*
	 * A short send would need the rest sent from an offset into the
	 * buffer, which send (all valid bytes) does not take.  For a demo,
	 * whose messages are far below the socket buffer, it is an error.
	 */
	if (c->result >= 0) {
		fprintf(stderr, "echo_demo: short send on slot %u: %d of %u bytes\n",
			cn->slot, c->result, cn->len);
		d->failed = true;
	} else {
		result_fail(d, "send", cn->slot, c->result);
	}
	push_close(d, cn);
}

static void on_close(struct demo *d, const struct urb_completion *c)
{
	struct conn *cn = c->user;

	if (!cn) {	/* the listener */
		if (c->result < 0)
			result_fail(d, "close", d->listener, c->result);
		d->listener_closed = true;
		return;
	}
	if (c->result < 0)
		result_fail(d, "close", cn->slot, c->result);
	cn->open = false;
	d->nconns_open--;
}

static enum urb_disposition on_completion(struct urb_bearer *b,
					  const struct urb_completion *c, void *user)
{
	struct demo *d = user;

	(void)b;
	switch (c->op) {
	case URB_OP_ACCEPT:
	case URB_OP_ACCEPT_MULTI:
		on_accept(d, c);
		break;
	case URB_OP_RECV:
		on_recv(d, c->user, c);
		break;
	case URB_OP_SEND:
		on_send(d, c->user, c);
		break;
	case URB_OP_CLOSE:
		on_close(d, c);
		break;
	case URB_OP_CANCEL:
		if (c->result < 0 && c->result != -ENOENT && c->result != -EALREADY)
			result_fail(d, "cancel", d->listener, c->result);
		break;
	case URB_OP_STALE:
		break;	/* counted in the stats, reported in the summary */
	default:
		fprintf(stderr, "echo_demo: completion of unexpected op %s\n",
			urb_op_name(c->op));
		d->failed = true;
	}
	return URB_DEFAULT;
}

/* One trip round the ring: submit, wait up to @ms for a completion, handle them all. */
static int ring_turn(struct demo *d, long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };
	/* a wait cut short by the timeout or a signal is no error: the count says what came */
	int rc = urb_bearer_submit_and_complete(d->b, 1, &ts, on_completion, d);

	if (rc < 0) {
		urb_fail(d, "submit and complete", rc);
		return rc;
	}
	return 0;
}

static int listen_on_loopback(uint16_t *port)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, SOMAXCONN) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/* ---- clients */

static void client_next_msg(struct client *cl)
{
	for (uint32_t i = 0; i < MSG_LEN; i++)
		cl->msg[i] = (uint8_t)(cl->id * 131 + cl->seq * 7 + i);
	cl->done = 0;
	cl->state = C_SENDING;
}

static int client_open(struct client *cl, uint32_t id, uint16_t port)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	cl->id = id;
	cl->seq = 0;
	cl->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (cl->fd < 0)
		return -errno;
	if (connect(cl->fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		client_next_msg(cl);
	else if (errno == EINPROGRESS)
		cl->state = C_CONNECTING;
	else
		return -errno;
	return 0;
}

static void client_error(struct demo *d, struct client *cl, const char *what, int err)
{
	fprintf(stderr, "echo_demo: client %u: %s: %s\n", cl->id, what, strerror(err));
	cl->state = C_DEAD;
	d->failed = true;
}

/* Moves one client as far as its socket allows without blocking. */
static void client_step(struct demo *d, struct client *cl, bool stopping)
{
	ssize_t n;
	int err;
	socklen_t len = sizeof(err);

again:
	switch (cl->state) {
	case C_CONNECTING:
		if (getsockopt(cl->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err) {
			client_error(d, cl, "connect", err);
			return;
		}
		client_next_msg(cl);
		/* fall through */
	case C_SENDING:
		n = write(cl->fd, cl->msg + cl->done, MSG_LEN - cl->done);
		if (n < 0) {
			if (errno != EAGAIN)
				client_error(d, cl, "write", errno);
			return;
		}
		cl->done += (uint32_t)n;
		if (cl->done < MSG_LEN)
			return;
		cl->done = 0;
		cl->state = C_RECEIVING;
		/* fall through */
	case C_RECEIVING:
		n = read(cl->fd, cl->echo + cl->done, MSG_LEN - cl->done);
		if (n <= 0) {
			if (n == 0 || errno != EAGAIN)
				client_error(d, cl, "read", n == 0 ? ECONNRESET : errno);
			return;
		}
		cl->done += (uint32_t)n;
		if (cl->done < MSG_LEN)
			return;
		if (memcmp(cl->msg, cl->echo, MSG_LEN) != 0) {
			fprintf(stderr, "echo_demo: client %u: message %u came back altered\n",
				cl->id, cl->seq);
			cl->state = C_DEAD;
			d->failed = true;
			return;
		}
		d->round_trips++;
		cl->seq++;
		if (stopping) {
			cl->state = C_IDLE;
			return;
		}
		client_next_msg(cl);
		goto again;
	case C_IDLE:
	case C_DEAD:
		return;
	}
}

/* poll(2) without waiting, then step every client that is ready. */
static int clients_turn(struct demo *d, struct client *cls, struct pollfd *pfd,
			uint32_t n, bool stopping)
{
	int busy = 0;

	for (uint32_t i = 0; i < n; i++) {
		pfd[i].fd = cls[i].fd;
		pfd[i].revents = 0;
		switch (cls[i].state) {
		case C_CONNECTING:
		case C_SENDING:
			pfd[i].events = POLLOUT;
			busy++;
			break;
		case C_RECEIVING:
			pfd[i].events = POLLIN;
			busy++;
			break;
		default:
			pfd[i].fd = -1;
		}
	}
	if (poll(pfd, n, 0) < 0 && errno != EINTR) {
		perror("echo_demo: poll");
		d->failed = true;
		return 0;
	}
	for (uint32_t i = 0; i < n; i++)
		if (pfd[i].revents)
			client_step(d, &cls[i], stopping);
	return busy;
}

/* ---- reporting */

static void print_progress(struct demo *d, double t, uint64_t rt_last, double dt)
{
	struct urb_stats st;
	int rc = urb_bearer_stats(d->b, &st);

	if (rc < 0) {
		urb_fail(d, "stats", rc);
		return;
	}
	printf("%5.1fs  round trips %llu (%.0f/s)  pending:", t,
	       (unsigned long long)d->round_trips,
	       dt > 0 ? (d->round_trips - rt_last) / dt : 0.0);
	for (int op = 0; op < URB_OP__COUNT; op++)
		if (st.pending_per_op[op])
			printf(" %s=%u", urb_op_name(op), st.pending_per_op[op]);
	printf("  use:");
	for (int k = 0; k < URB_CAP__COUNT; k++)
		printf(" %s %llu/%llu", urb_capacity_kind_name(k),
		       (unsigned long long)st.capacity_used[k],
		       (unsigned long long)st.capacity[k]);
	printf("\n");
	fflush(stdout);
}

static const char usage[] =
	"usage: echo_demo [--seconds S] [--conns N] [--plain]\n"
	"An echo server and its clients in one process, for S seconds\n"
	"(SIGINT or SIGTERM ends it early, cleanly).\n"
	"  --seconds S  run the load for S seconds (default 3, at most 3600)\n"
	"  --conns N    client connections (default 8, at most 60000)\n"
	"  --plain      accept plain fds and register them, as on kernels\n"
	"               without multishot accept\n";

/* ---- the run */

static int bearer_up(struct demo *d, uint32_t nconns)
{
	uint32_t records = nconns + 3;	/* one op per conn, accept, cancel, listener close */
	uint32_t sq = 1;
	struct urb_capacity cap;
	int rc;

	while (sq < records)
		sq *= 2;
	/*
	 * Slots below registered_fd are filled by us (the listener, and plain
	 * accepted fds with --plain), the direct_fd slots after them by the
	 * kernel's multishot accept: room for every connection either way.
	 */
	d->nslots = 2 * (nconns + 1);
	cap = (struct urb_capacity){
		.core_queue = sq,
		.registered_fd = nconns + 1,
		.direct_fd = nconns + 1,
		.pending_completions = sq,
		.buffers = 1,
		.buffer_bytes = (uint64_t)urb_bufset_bytes(d->nslots, BUF_LEN),
		.futexes = 1,
	};
	rc = example_bearer_new("echo_demo", &cap, &d->b);
	if (rc < 0)
		return rc;
	d->bufset = urb_bufset_create(d->b, d->nslots, BUF_LEN);
	if (d->bufset < 0) {
		urb_fail(d, "buffer set", d->bufset);
		return d->bufset;
	}
	d->conns = calloc(d->nslots, sizeof(*d->conns));
	if (!d->conns)
		return -ENOMEM;
	return 0;
}

/* Closes the clients, waits for the server to close every connection, stops accepting. */
static void teardown(struct demo *d, struct client *cls, uint32_t n)
{
	double deadline = example_now_s() + 2.0;
	int rc;

	for (uint32_t i = 0; i < n; i++)
		if (cls[i].fd >= 0)
			close(cls[i].fd);
	while (d->nconns_open > 0 && example_now_s() < deadline)
		if (ring_turn(d, 10) < 0)
			break;
	if (d->nconns_open > 0) {
		fprintf(stderr, "echo_demo: %u connections still open after the clients left\n",
			d->nconns_open);
		d->failed = true;
	}

	d->tearing_down = true;
	if (d->accept_armed) {
		rc = urb_push_cancel(d->b, d->accept_key, NULL);
		if (rc < 0)
			urb_fail(d, "push cancel", rc);
	}
	while (d->accept_armed && example_now_s() < deadline)
		if (ring_turn(d, 10) < 0)
			break;
	if (!d->accept_armed) {
		struct urb_close_opts o = { .user = NULL };

		rc = urb_push_close(d->b, URB_SLOT(d->listener), &o);
		if (rc < 0)
			urb_fail(d, "push close (listener)", rc);
		while (rc == 0 && !d->listener_closed && example_now_s() < deadline)
			if (ring_turn(d, 10) < 0)
				break;
	}
	/* whatever is left, urb_bearer_free() cancels and awaits */
	ring_turn(d, 0);
}

static volatile sig_atomic_t stop_asked;

static void on_stop(int sig)
{
	(void)sig;
	stop_asked = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_stop };
	struct demo d = { .bufset = -1 };
	double seconds = 3.0, start, end, next_tick, last_tick;
	uint32_t nconns = 8;
	struct client *cls;
	struct pollfd *pfd;
	struct urb_stats st = { 0 };
	uint64_t rt_last = 0;
	uint16_t port = 0;
	int lfd, rc;

	const struct example_opt opts[] = {
		EXAMPLE_OPT_SECS("seconds", &seconds, 0.001, 3600),
		EXAMPLE_OPT_NUM("conns", &nconns, 1, 60000),
		EXAMPLE_OPT_FLAG("plain", &d.plain),
		EXAMPLE_OPT_END,
	};

	example_args(argc, argv, "echo_demo", usage, opts);
	{
		const int needs[] = { d.plain ? URB_OP_ACCEPT : URB_OP_ACCEPT_MULTI, URB_OP_RECV,
				      URB_OP_SEND, URB_OP_CLOSE, URB_OP_CANCEL };

		if (!example_kernel_has("echo_demo", needs, sizeof(needs) / sizeof(needs[0])))
			return EXAMPLE_UNSUPPORTED;
	}
	/* SIGINT or SIGTERM ends the load early: the clients finish their round trips */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (bearer_up(&d, nconns) < 0)
		return 1;

	lfd = listen_on_loopback(&port);
	if (lfd < 0) {
		fprintf(stderr, "echo_demo: listen: %s\n", strerror(-lfd));
		return 1;
	}
	rc = urb_fd_register(d.b, lfd, URB_FD_ACCEPTOR);
	close(lfd);
	if (rc < 0) {
		urb_fail(&d, "register listener", rc);
		return 1;
	}
	d.listener = (uint32_t)rc;
	if (arm_accept(&d) < 0)
		return 1;
	printf("echo server on 127.0.0.1:%u (%s), %u clients for %.1f s\n", port,
	       d.plain ? "plain fds, registered" : "multishot accept into direct slots",
	       nconns, seconds);

	cls = calloc(nconns, sizeof(*cls));
	pfd = calloc(nconns, sizeof(*pfd));
	if (!cls || !pfd)
		return 1;
	for (uint32_t i = 0; i < nconns; i++) {
		rc = client_open(&cls[i], i, port);
		if (rc < 0) {
			fprintf(stderr, "echo_demo: client %u: %s\n", i, strerror(-rc));
			return 1;
		}
	}

	start = last_tick = example_now_s();
	end = start + seconds;
	next_tick = start + 1.0;
	for (;;) {
		double t = example_now_s();
		bool stopping;

		if (stop_asked && end > t)
			end = t;
		stopping = t >= end;

		if (clients_turn(&d, cls, pfd, nconns, stopping) == 0 && stopping)
			break;	/* every client finished its last round trip */
		if (stopping && t >= end + 2.0) {
			fprintf(stderr, "echo_demo: clients still waiting for echoes\n");
			d.failed = true;
			break;
		}
		if (ring_turn(&d, 1) < 0)
			break;
		if (t >= next_tick) {
			print_progress(&d, t - start, rt_last, t - last_tick);
			rt_last = d.round_trips;
			last_tick = t;
			next_tick += 1.0;
		}
	}
	end = example_now_s();

	teardown(&d, cls, nconns);
	rc = urb_bearer_stats(d.b, &st);
	if (rc < 0)
		urb_fail(&d, "stats", rc);
	printf("round trips: %llu in %.2f s (%.0f/s), %llu connections, %llu bytes echoed\n",
	       (unsigned long long)d.round_trips, end - start,
	       d.round_trips / (end - start), (unsigned long long)d.accepted,
	       (unsigned long long)d.echoed_bytes);
	printf("submitted %llu, completions %llu, stale CQEs %llu, unknown CQEs %llu, "
	       "pending at the end %u\n",
	       (unsigned long long)st.submitted, (unsigned long long)st.completions,
	       (unsigned long long)st.stale_cqes, (unsigned long long)st.unknown_cqes,
	       st.pending);
	if ((d.round_trips == 0 && !stop_asked) || st.pending != 0 || st.stale_cqes ||
	    st.unknown_cqes) {
		fprintf(stderr, "echo_demo: %s\n", d.round_trips == 0 ? "no round trips" :
			"the bearer did not end clean");
		d.failed = true;
	}
	if (d.echoed_bytes != d.round_trips * MSG_LEN) {
		fprintf(stderr, "echo_demo: the server echoed %llu bytes for %llu round trips\n",
			(unsigned long long)d.echoed_bytes, (unsigned long long)d.round_trips);
		d.failed = true;
	}

	rc = urb_bearer_free(d.b);
	if (rc < 0) {
		fprintf(stderr, "echo_demo: bearer free: %s\n", urb_strerror(rc));
		d.failed = true;
	}
	free(d.conns);
	free(cls);
	free(pfd);
	printf("%s\n", d.failed ? "FAILED" : "ok");
	return d.failed ? 1 : 0;
}
