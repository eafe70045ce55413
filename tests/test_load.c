/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE

/*
 * Load with capacity exhaustion: NCONN concurrent loopback connections to
 * an echo server on a bearer whose pending_completions is far smaller than
 * NCONN.  Each admitted connection owns exactly one record all its life (a
 * pending recv or send, or one retained between them), so the server keeps
 * serving every connection it admitted; the push for the connection after
 * the last record is refused with URB_EATCAPACITY, and the server closes
 * that connection at once.  At the end no fd, record, slot or buffer is
 * left over.  Every wait is bounded; the whole test is bounded in time.
 */

#include <dirent.h>
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
#include <sys/resource.h>
#include <sys/socket.h>

#include "support.h"

#define MSG_LEN 32
#define ROUNDS 3
#define BATCH 256
#define DEADLINE_S 60

static const uint32_t nconn = 10000;	/* client connections */
static const uint32_t records = 2048;	/* the server's pending_completions */

enum action { A_NONE, A_SEND, A_RECV, A_CLOSE };

struct conn {
	bool open;
	uint64_t key;		/* its one record: pending, or retained */
	enum action next;	/* what to push once the record is released */
};

struct server {
	struct urb_bearer *b;
	uint32_t lslot;
	uint32_t set;
	uint32_t nslots;
	struct conn *conns;	/* by slot */
	uint32_t *todo;		/* slots with an action */
	uint32_t ntodo;
	uint64_t accept_key, cancel_key;
	bool accept_armed, rearm, cancelled;
	uint32_t admitted, rejected, open, refused_eat;
	uint32_t accepts_seen, echoes, closes;
};

static uint64_t t0_ms;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void check_deadline(const char *phase)
{
	if (now_ms() - t0_ms > DEADLINE_S * 1000)
		fail_msg("%s: over the %d s budget", phase, DEADLINE_S);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the directory's own fd */
}

/* ---- the server */

static void push_or_submit(struct server *s, int (*push)(struct server *, uint32_t),
			   uint32_t slot, int *rc)
{
	for (int tries = 0; tries < 2; tries++) {
		enum urb_capacity_kind kind;
		uint64_t setting;

		*rc = push(s, slot);
		if (*rc != URB_EATCAPACITY)
			return;
		assert_int_equal(urb_bearer_at_capacity(s->b, &kind, &setting), 0);
		if (kind != URB_CAP_CORE_QUEUE)
			return;
		assert_true(urb_bearer_submit(s->b) >= 0); /* the SQ was full */
	}
}

static int push_recv(struct server *s, uint32_t slot)
{
	struct urb_recv_opts o = { .user = &s->conns[slot], .key_out = &s->conns[slot].key };

	return urb_push_recv(s->b, URB_SLOT(slot), URB_BUF(s->set, slot), &o);
}

static int push_send(struct server *s, uint32_t slot)
{
	struct urb_send_opts o = { .msg_flags = MSG_NOSIGNAL, .user = &s->conns[slot],
				   .key_out = &s->conns[slot].key };

	return urb_push_send(s->b, URB_SLOT(slot), URB_BUF(s->set, slot), &o);
}

static int push_close(struct server *s, uint32_t slot)
{
	struct urb_close_opts o = { .user = &s->conns[slot], .key_out = &s->conns[slot].key };

	return urb_push_close(s->b, URB_SLOT(slot), &o);
}

static int push_accept(struct server *s, uint32_t slot)
{
	struct urb_accept_multi_opts o = { .flags = SOCK_CLOEXEC, .key_out = &s->accept_key };

	return urb_push_accept_multi(s->b, URB_SLOT(slot), &o);
}

/* A new connection: admitted with a recv, or refused and closed. */
static void admit(struct server *s, int fd)
{
	int slot = urb_fd_register(s->b, fd, URB_FD_STREAM);
	enum urb_capacity_kind kind;
	uint64_t setting;
	int rc;

	if (slot < 0)
		fail_msg("urb_fd_register: %s", urb_err_name(slot));
	push_or_submit(s, push_recv, (uint32_t)slot, &rc);
	if (rc == 0) {
		close(fd); /* the fixed-file table holds the connection now */
		s->conns[slot] = (struct conn){ .open = true, .key = s->conns[slot].key };
		s->admitted++;
		s->open++;
		return;
	}
	if (rc != URB_EATCAPACITY)
		fail_msg("recv for a new connection: %s (%s)", urb_err_name(rc),
			 urb_bearer_detail(s->b));
	assert_int_equal(urb_bearer_at_capacity(s->b, &kind, &setting), 0);
	assert_int_equal(kind, URB_CAP_PENDING_COMPLETIONS);
	assert_int_equal(setting, records);
	s->refused_eat++;
	/*
	 * End the connection, then let the table's reference go.  The unregister
	 * alone would close it on 6.18, but 6.1 keeps a file the table let go
	 * until the ops in flight on fixed files when it did (every admitted
	 * connection's, the accept's) have ended.
	 */
	assert_int_equal(shutdown(fd, SHUT_RDWR), 0);
	close(fd);
	assert_int_equal(urb_fd_unregister(s->b, (uint32_t)slot), 0);
	s->rejected++;
}

static enum urb_disposition on_server(struct urb_bearer *b, const struct urb_completion *c,
				      void *user)
{
	struct server *s = user;
	struct conn *cn = c->user;
	uint32_t slot;

	(void)b;
	if (c->op == URB_OP_ACCEPT_MULTI) {
		if (c->result >= 0) {
			s->accepts_seen++;
			admit(s, c->result);
		} else if (c->result != -ECANCELED) {
			print_message("accept_multi ended: %s; armed again\n", urb_err_name(c->result));
		}
		if (c->final) {
			s->accept_armed = false;
			s->rearm = !s->cancelled;
		}
		return URB_DEFAULT;
	}
	if (c->op == URB_OP_CANCEL)
		return URB_DEFAULT;
	assert_non_null(cn);
	slot = (uint32_t)(cn - s->conns);
	if (c->op == URB_OP_CLOSE) {
		assert_int_equal(c->result, 0);
		cn->open = false;
		s->open--;
		s->closes++;
		return URB_DEFAULT;
	}
	/* recv or send: keep the record, it is this connection's capacity */
	if (c->op == URB_OP_RECV && c->result > 0)
		cn->next = A_SEND;
	else if (c->op == URB_OP_SEND && c->result == MSG_LEN)
		cn->next = A_RECV;
	else
		cn->next = A_CLOSE; /* end of stream, or an error */
	s->echoes += cn->next == A_RECV;
	s->todo[s->ntodo++] = slot;
	return URB_RETAIN;
}

static void do_actions(struct server *s)
{
	static int (*const push[])(struct server *, uint32_t) = {
		[A_SEND] = push_send, [A_RECV] = push_recv, [A_CLOSE] = push_close,
	};

	for (uint32_t i = 0; i < s->ntodo; i++) {
		uint32_t slot = s->todo[i];
		struct conn *cn = &s->conns[slot];
		int rc;

		/* the record goes back and is taken again at once: nobody can get in between */
		assert_int_equal(urb_release(s->b, cn->key), 0);
		push_or_submit(s, push[cn->next], slot, &rc);
		if (rc < 0)
			fail_msg("slot %u: push after release: %s (%s)", slot, urb_err_name(rc),
				 urb_bearer_detail(s->b));
		cn->next = A_NONE;
	}
	s->ntodo = 0;
	if (s->rearm) {
		int rc;

		push_or_submit(s, push_accept, s->lslot, &rc);
		assert_int_equal(rc, 0);
		s->rearm = false;
		s->accept_armed = true;
	}
}

static void pump(struct server *s, long wait_ms)
{
	struct timespec ts = { .tv_sec = wait_ms / 1000, .tv_nsec = (wait_ms % 1000) * 1000000 };
	int rc = urb_bearer_submit_and_wait(s->b, 1, &ts);

	if (rc < 0 && rc != -ETIME && rc != -EINTR)
		fail_msg("urb_bearer_submit_and_wait: %s", urb_err_name(rc));
	do {
		rc = urb_bearer_completions(s->b, on_server, s);
		assert_true(rc >= 0);
		do_actions(s);
	} while (rc > 0);
	assert_true(urb_bearer_submit(s->b) >= 0);
}

static void server_up(struct server *s, int lfd)
{
	struct urb_capacity cap = {
		.core_queue = 1024, .registered_fd = records + 8, .direct_fd = 1,
		.pending_completions = records, .buffers = 1,
		.buffer_bytes = (uint64_t)urb_bufset_bytes(records + 8, 64), .futexes = 1,
	};
	int slot, set;

	memset(s, 0, sizeof(*s));
	s->b = t_bearer_cap(&cap);
	s->nslots = records + 8;
	s->conns = calloc(s->nslots, sizeof(*s->conns));
	s->todo = calloc(s->nslots, sizeof(*s->todo));
	assert_true(s->conns && s->todo);
	set = urb_bufset_create(s->b, s->nslots, 64);
	assert_true(set >= 0);
	s->set = (uint32_t)set;
	slot = urb_fd_register(s->b, lfd, URB_FD_ACCEPTOR);
	assert_true(slot >= 0);
	s->lslot = (uint32_t)slot;
	s->rearm = true;
	do_actions(s);
	assert_true(urb_bearer_submit(s->b) >= 0);
}

/* ---- the clients */

enum { C_UNKNOWN, C_ADMITTED, C_REJECTED };

struct client {
	int fd;
	uint8_t state;
	uint8_t got;	/* bytes of the current echo read */
	char msg[MSG_LEN];
};

static void client_msg(struct client *c, uint32_t id, int round)
{
	memset(c->msg, 0, sizeof(c->msg));
	snprintf(c->msg, sizeof(c->msg), "client %u round %d", id, round);
}

/* Reads what is there; returns 1 at EOF or a reset, 0 otherwise. */
static int client_read(struct client *c)
{
	char buf[MSG_LEN];

	for (;;) {
		ssize_t n = recv(c->fd, buf, MSG_LEN - c->got, MSG_DONTWAIT);

		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return 1;
		if (n < 0) {
			assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
			return 0;
		}
		assert_memory_equal(buf, c->msg + c->got, (size_t)n);
		c->got = (uint8_t)(c->got + n);
		if (c->got == MSG_LEN)
			return 0;
	}
}

static void load(void **state)
{
	struct rlimit rl;
	struct sockaddr_in sin = t_loopback();
	socklen_t len = sizeof(sin);
	struct server s;
	struct client *cl;
	uint32_t connected = 0, eofs = 0;
	int fds_before, lfd;
	struct urb_stats st;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < nconn + records + 256) {
		print_message("skipped: RLIMIT_NOFILE hard limit %llu is below the %u fds this needs\n",
			      (unsigned long long)rl.rlim_max, nconn + records + 256);
		skip();
	}
	rl.rlim_cur = rl.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	t0_ms = now_ms();
	fds_before = count_fds();

	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(lfd >= 0);
	sin.sin_port = 0;
	assert_int_equal(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(lfd, 4096), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sin, &len), 0);
	server_up(&s, lfd);
	T_REQUIRE_OP(s.b, URB_OP_ACCEPT_MULTI);

	cl = calloc(nconn, sizeof(*cl));
	assert_non_null(cl);

	/* connect in batches; the server takes each batch before the next */
	while (connected < nconn) {
		uint32_t end = connected + BATCH < nconn ? connected + BATCH : nconn;

		for (uint32_t i = connected; i < end; i++) {
			cl[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
			if (cl[i].fd < 0)
				fail_msg("client %u: socket: %s", i, strerror(errno));
			if (connect(cl[i].fd, (struct sockaddr *)&sin, sizeof(sin)) != 0)
				fail_msg("client %u: connect: %s", i, strerror(errno));
			assert_int_equal(fcntl(cl[i].fd, F_SETFL, O_NONBLOCK), 0);
		}
		connected = end;
		while (s.admitted + s.rejected < connected) {
			check_deadline("connecting");
			pump(&s, 100);
		}
	}
	print_message("%u connections: %u admitted, %u refused with URB_EATCAPACITY "
		      "(pending_completions %u), %llu ms\n", nconn, s.admitted, s.rejected,
		      records, (unsigned long long)(now_ms() - t0_ms));
	assert_int_equal(s.admitted + s.rejected, nconn);
	assert_int_equal(s.admitted, records - 1); /* every record but the accept's */
	assert_int_equal(s.refused_eat, s.rejected);
	assert_int_equal(t_pending(s.b), records);

	/* the refused ones see their connection closed */
	while (eofs < s.rejected) {
		check_deadline("waiting for the refused connections to close");
		for (uint32_t i = 0; i < nconn; i++)
			if (cl[i].state == C_UNKNOWN && client_read(&cl[i])) {
				cl[i].state = C_REJECTED;
				eofs++;
			}
		pump(&s, 10);
	}
	for (uint32_t i = 0; i < nconn; i++)
		if (cl[i].state == C_UNKNOWN)
			cl[i].state = C_ADMITTED;

	/* the admitted ones are served, round after round */
	for (int round = 0; round < ROUNDS; round++) {
		uint32_t done = 0;

		for (uint32_t i = 0; i < nconn; i++) {
			if (cl[i].state != C_ADMITTED)
				continue;
			client_msg(&cl[i], i, round);
			cl[i].got = 0;
			assert_int_equal(send(cl[i].fd, cl[i].msg, MSG_LEN, MSG_NOSIGNAL), MSG_LEN);
		}
		while (done < s.admitted) {
			check_deadline("echoing");
			pump(&s, 10);
			done = 0;
			for (uint32_t i = 0; i < nconn; i++) {
				if (cl[i].state != C_ADMITTED)
					continue;
				if (cl[i].got < MSG_LEN && client_read(&cl[i]))
					fail_msg("client %u: closed in round %d", i, round);
				done += cl[i].got == MSG_LEN;
			}
		}
	}
	while (s.echoes < ROUNDS * s.admitted) { /* the last sends' CQEs */
		check_deadline("echoing");
		pump(&s, 10);
	}
	assert_int_equal(s.echoes, ROUNDS * s.admitted);
	assert_int_equal(t_pending(s.b), records);

	/* the clients hang up; the server closes what it admitted */
	for (uint32_t i = 0; i < nconn; i++)
		close(cl[i].fd);
	while (s.open > 0) {
		check_deadline("closing");
		pump(&s, 10);
	}
	assert_int_equal(s.closes, s.admitted);
	{
		struct urb_cancel_opts o = { .key_out = &s.cancel_key };

		s.cancelled = true;
		assert_int_equal(urb_push_cancel(s.b, s.accept_key, &o), 0);
	}
	while (s.accept_armed || t_pending(s.b) > 0) {
		check_deadline("cancelling the accept");
		pump(&s, 10);
	}

	st = (struct urb_stats){ 0 };
	assert_int_equal(urb_bearer_stats(s.b, &st), 0);
	assert_int_equal(st.pending, 0);
	assert_int_equal(st.stale_cqes, 0);
	assert_int_equal(st.unknown_cqes, 0);
	assert_int_equal(st.capacity_used[URB_CAP_REGISTERED_FD], 1); /* the listener */
	for (uint32_t i = 0; i < s.nslots; i++)
		assert_int_not_equal(urb_buf_owner(s.b, URB_BUF(s.set, i)), URB_OWN_KERNEL);
	assert_int_equal(urb_fd_unregister(s.b, s.lslot), 0);
	assert_int_equal(urb_bufset_destroy(s.b, s.set), 0);
	assert_int_equal(urb_bearer_free(s.b), 0);
	close(lfd);
	assert_int_equal(count_fds(), fds_before);
	print_message("%u echo round trips, %u closes, no fd, record, slot or buffer left; %llu ms\n",
		      s.echoes, s.closes, (unsigned long long)(now_ms() - t0_ms));
	free(cl);
	free(s.conns);
	free(s.todo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
