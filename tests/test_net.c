/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE

/*
 * Integration tests against the running kernel: real sockets over
 * loopback, real SQEs, real CQEs.  Every wait is bounded (2 s per round)
 * and a timeout is a failure, never a retry.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "support.h"

#define MAX_DONE 32
#define NCLIENTS 5

/* A completion as the callback saw it, with what its pointers showed copied out. */
struct done {
	struct urb_completion c;
	struct sockaddr_storage peer;
	socklen_t peer_len;
	bool has_peer;
	char data[128];
	uint32_t data_len;
	bool has_data;
	int buf_owner; /* owner of a recv's buffer inside the callback */
};

struct log {
	int n;
	struct done d[MAX_DONE];
};

struct endpoint {
	struct sockaddr_storage addr;
	socklen_t len;
};

static enum urb_disposition collect(struct urb_bearer *b,
				    const struct urb_completion *c, void *user)
{
	struct log *log = user;
	struct done *d;

	assert_in_range(log->n, 0, MAX_DONE - 1);
	d = &log->d[log->n++];
	memset(d, 0, sizeof(*d));
	d->c = *c;
	d->buf_owner = -1;
	if (c->op == URB_OP_ACCEPT && c->u.accept.peer.addr) {
		assert_in_range(c->u.accept.peer.len, 0, sizeof(d->peer));
		memcpy(&d->peer, c->u.accept.peer.addr, c->u.accept.peer.len);
		d->peer_len = c->u.accept.peer.len;
		d->has_peer = true;
	}
	if (c->op == URB_OP_RECV) {
		d->buf_owner = urb_buf_owner(b, c->u.recv.data.buf);
		if (c->u.recv.data.data) {
			assert_in_range(c->u.recv.data.len, 0, sizeof(d->data));
			memcpy(d->data, c->u.recv.data.data, c->u.recv.data.len);
			d->data_len = c->u.recv.data.len;
			d->has_data = true;
		}
	}
	return URB_DEFAULT;
}

/* One bounded wait for at least one completion, then collect what came. */
static void wait_round(struct urb_bearer *b, struct log *log)
{
	struct timespec ts = { .tv_sec = 2 };
	int rc = urb_bearer_submit_and_wait(b, 1, &ts);

	if (rc == -ETIME)
		fail_msg("no completion within 2 s (%d seen so far)", log->n);
	if (rc < 0)
		fail_msg("urb_bearer_submit_and_wait: %s", urb_err_name(rc));
	rc = urb_bearer_completions(b, collect, log);
	if (rc < 0)
		fail_msg("urb_bearer_completions: %s", urb_err_name(rc));
}

static const struct done *find(const struct log *log, uint64_t key, int nth)
{
	for (int i = 0; i < log->n; i++)
		if (log->d[i].c.key == key && nth-- == 0)
			return &log->d[i];
	return NULL;
}

static void await_n(struct urb_bearer *b, struct log *log, int n)
{
	for (int rounds = 0; log->n < n; rounds++) {
		assert_in_range(rounds, 0, 63);
		wait_round(b, log);
	}
}

static const struct done *await_key(struct urb_bearer *b, struct log *log,
				    uint64_t key)
{
	for (int rounds = 0; !find(log, key, 0); rounds++) {
		assert_in_range(rounds, 0, 63);
		wait_round(b, log);
	}
	return find(log, key, 0);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct urb_stats stats(const struct urb_bearer *b)
{
	struct urb_stats s;

	assert_int_equal(urb_bearer_stats(b, &s), 0);
	return s;
}

/* ---- sockets */

static void loopback_addr(int family, struct endpoint *ep)
{
	static unsigned counter;

	memset(ep, 0, sizeof(*ep));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ep->addr;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ep->len = sizeof(*sin);
	} else if (family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ep->addr;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		ep->len = sizeof(*sin6);
	} else {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ep->addr;
		int n;

		sun->sun_family = AF_UNIX;
		n = snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1,
			     "urb-test-net-%d-%u", (int)getpid(), counter++);
		ep->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	}
}

/* A listening socket on loopback, or -1 when this host has no such loopback. */
static int listener(int family, struct endpoint *ep)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 && errno == EAFNOSUPPORT)
		return -1;
	assert_true(fd >= 0);
	loopback_addr(family, ep);
	if (bind(fd, (struct sockaddr *)&ep->addr, ep->len) != 0) {
		assert_int_equal(errno, EADDRNOTAVAIL);
		close(fd);
		return -1;
	}
	assert_int_equal(listen(fd, 16), 0);
	ep->len = sizeof(ep->addr);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&ep->addr, &ep->len), 0);
	return fd;
}

static int client(const struct endpoint *ep)
{
	int fd = socket(ep->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (const struct sockaddr *)&ep->addr, ep->len), 0);
	return fd;
}

static void local_addr(int fd, struct endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
	ep->len = sizeof(ep->addr);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&ep->addr, &ep->len), 0);
}

static uint16_t port_of(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return ((const struct sockaddr_in6 *)ss)->sin6_port;
	return ((const struct sockaddr_in *)ss)->sin_port;
}

/* A connected loopback TCP pair: *server is the accepted end. */
static void tcp_pair(int *server, int *peer)
{
	struct endpoint ep;
	int lfd = listener(AF_INET, &ep);

	assert_true(lfd >= 0);
	*peer = client(&ep);
	*server = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	assert_true(*server >= 0);
	close(lfd);
}

static void read_exact(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		assert_int_equal(poll(&p, 1, 2000), 1);
		r = read(fd, (char *)buf + got, n - got);
		assert_true(r > 0);
		got += (size_t)r;
	}
}

static void assert_eof(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	assert_int_equal(poll(&p, 1, 2000), 1);
	assert_int_equal(read(fd, &c, 1), 0);
}




/*
 * @peer writes @msg; a recv on @slot gets exactly it; a send of the same
 * buffer brings it back to @peer.  The buffer is the kernel's while each
 * op is pending and the user's after.
 */
static void echo(struct urb_bearer *b, uint32_t slot, int peer, const char *msg)
{
	struct log log = { 0 };
	uint32_t n = (uint32_t)strlen(msg);
	uint64_t rkey = 0, skey = 0;
	struct urb_recv_opts ropts = { .key_out = &rkey };
	struct urb_send_opts sopts = { .key_out = &skey };
	const struct done *d;
	const void *data;
	uint32_t len;
	char back[64];
	int set = urb_bufset_create(b, 1, 64);
	urb_buf_t buf = URB_BUF(set, 0);

	assert_true(set >= 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_CREATED);
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, &ropts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_view(b, buf, &data, &len), URB_EOWNERSHIP);
	assert_int_equal(write(peer, msg, n), (ssize_t)n);

	d = await_key(b, &log, rkey);
	assert_int_equal(d->c.op, URB_OP_RECV);
	assert_int_equal(d->c.result, (int32_t)n);
	assert_true(d->c.final);
	assert_false(d->c.more);
	assert_int_equal(d->c.u.recv.data.buf, buf);
	assert_int_equal(d->c.u.recv.data.len, n);
	assert_true(d->has_data);
	assert_int_equal(d->data_len, n);
	assert_memory_equal(d->data, msg, n);
	assert_int_equal(d->buf_owner, URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	t_assert_view(b, buf, msg, n);

	assert_int_equal(urb_push_send(b, URB_SLOT(slot), buf, &sopts), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	d = await_key(b, &log, skey);
	assert_int_equal(d->c.op, URB_OP_SEND);
	assert_int_equal(d->c.result, (int32_t)n);
	assert_true(d->c.final);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	t_assert_view(b, buf, msg, n);
	read_exact(peer, back, n);
	assert_memory_equal(back, msg, n);

	assert_int_equal(log.n, 2);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set), 0);
}

/* The accepted peer address is the client's own address. */
static void assert_peer_is(const struct done *d, int client_fd)
{
	struct endpoint want;

	local_addr(client_fd, &want);
	assert_true(d->has_peer);
	assert_int_equal(d->peer.ss_family, want.addr.ss_family);
	assert_int_equal(d->peer_len, want.len);
	if (want.addr.ss_family == AF_INET) {
		const struct sockaddr_in *got = (const struct sockaddr_in *)&d->peer;

		assert_int_equal(got->sin_port, port_of(&want.addr));
		assert_int_equal(got->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	} else if (want.addr.ss_family == AF_INET6) {
		const struct sockaddr_in6 *got = (const struct sockaddr_in6 *)&d->peer;

		assert_int_equal(got->sin6_port, port_of(&want.addr));
		assert_memory_equal(&got->sin6_addr, &in6addr_loopback,
				    sizeof(in6addr_loopback));
	}
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

static int listener_or_skip(struct urb_bearer *b, int family, struct endpoint *ep)
{
	int fd = listener(family, ep);

	if (fd < 0) {
		print_message("skipped: no loopback for address family %d\n", family);
		t_free(b);
		skip();
	}
	return fd;
}

/* ---- 1. accept -> recv -> send over each address family */

static void accept_roundtrip(int family)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	struct endpoint ep;
	uint64_t key = 0;
	struct urb_accept_opts opts = { .key_out = &key };
	const struct done *d;
	int lslot, slot, cfd, conn;

	REQUIRE_OPS(b, URB_OP_ACCEPT, URB_OP_RECV, URB_OP_SEND);
	lslot = t_register(b, listener_or_skip(b, family, &ep), URB_FD_ACCEPTOR);

	assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), &opts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)lslot), URB_EBUSY);
	cfd = client(&ep);
	d = await_key(b, &log, key);
	assert_int_equal(d->c.op, URB_OP_ACCEPT);
	assert_true(d->c.final);
	assert_false(d->c.more);
	assert_true(d->c.result >= 0);
	assert_int_equal(d->c.u.accept.conn.fd, d->c.result);
	assert_int_equal(d->c.u.accept.conn.slot, -1);
	assert_peer_is(d, cfd);
	assert_int_equal(log.n, 1);

	conn = d->c.u.accept.conn.fd;
	assert_true(fcntl(conn, F_GETFD) >= 0);
	slot = t_register(b, conn, URB_FD_STREAM);
	assert_int_equal(urb_fd_kind(b, (uint32_t)slot), URB_FD_STREAM);
	echo(b, (uint32_t)slot, cfd, "hello");

	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)lslot), 0);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)slot), 0);
	close(cfd);
	t_free(b);
}

static void accept_roundtrip_ipv4(void **state)
{
	(void)state;
	accept_roundtrip(AF_INET);
}

static void accept_roundtrip_ipv6(void **state)
{
	(void)state;
	accept_roundtrip(AF_INET6);
}

static void accept_roundtrip_unix(void **state)
{
	(void)state;
	accept_roundtrip(AF_UNIX);
}

/* ---- 2. accept into direct descriptors */

static const struct done *accept_one(struct urb_bearer *b, uint32_t lslot,
				     const struct endpoint *ep, urb_fd_t target,
				     struct log *log, int *cfd)
{
	uint64_t key = 0;
	struct urb_accept_opts opts = { .target = target, .key_out = &key };

	assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), &opts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	*cfd = client(ep);
	return await_key(b, log, key);
}

static void accept_direct(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	struct endpoint ep;
	struct urb_accept_opts chosen = { 0 };
	const struct done *d;
	uint32_t lslot, auto_slot, n = 40;
	uint64_t key = 0;
	int cfd1, cfd2, fd;

	(void)state;
	REQUIRE_OPS(b, URB_OP_ACCEPT, URB_OP_RECV, URB_OP_SEND, URB_OP_CANCEL);
	lslot = (uint32_t)t_register(b, listener_or_skip(b, AF_INET, &ep),
					     URB_FD_ACCEPTOR);

	d = accept_one(b, lslot, &ep, URB_AUTO_SLOT, &log, &cfd1);
	assert_int_equal(d->c.op, URB_OP_ACCEPT);
	assert_true(d->c.result >= 0);
	assert_int_equal(d->c.u.accept.conn.fd, -1);
	assert_int_equal(d->c.u.accept.conn.slot, d->c.result);
	assert_int_not_equal(d->c.u.accept.conn.slot, lslot);
	assert_peer_is(d, cfd1);
	auto_slot = (uint32_t)d->c.u.accept.conn.slot;
	assert_int_equal(urb_fd_kind(b, auto_slot), URB_FD_STREAM);
	echo(b, auto_slot, cfd1, "direct");

	assert_int_equal(urb_fd_kind(b, n), URB_ENOTREGISTERED);
	chosen.target = URB_SLOT(n);
	chosen.key_out = &key;
	assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), &chosen), 0);
	chosen.key_out = NULL;
	assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), &chosen), URB_EBUSY);
	chosen.target = URB_SLOT(lslot);
	assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), &chosen), URB_EBUSY);
	/* auto slots lie in the kernel's area, which chosen targets never name */
	assert_true(auto_slot >= T_REGISTERED_FD);
	chosen.target = URB_SLOT(auto_slot);
	assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), &chosen), URB_ERANGE);
	assert_int_equal(t_pending(b), 1);
	assert_int_equal(urb_bearer_submit(b), 1);
	cfd2 = client(&ep);
	d = await_key(b, &log, key);
	assert_true(d->c.result >= 0);
	assert_int_equal(d->c.u.accept.conn.fd, -1);
	assert_int_equal(d->c.u.accept.conn.slot, (int32_t)n);
	assert_peer_is(d, cfd2);
	assert_int_equal(urb_fd_kind(b, n), URB_FD_STREAM);
	echo(b, n, cfd2, "chosen");

	chosen.target = URB_SLOT(n);
	assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), &chosen), URB_EBUSY);

	/* a chosen slot whose accept ends in failure is free again */
	chosen.target = URB_SLOT(n + 1);
	chosen.key_out = &key;
	assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), &chosen), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_push_cancel(b, key, NULL), 0);
	d = await_key(b, &log, key);
	assert_int_equal(d->c.result, -ECANCELED);
	assert_int_equal(d->c.u.accept.conn.fd, -1);
	assert_int_equal(d->c.u.accept.conn.slot, -1);
	await_n(b, &log, 4);
	assert_int_equal(urb_fd_kind(b, n + 1), URB_ENOTREGISTERED);
	fd = t_new_fd();
	assert_int_equal(urb_fd_register_at(b, n + 1, fd, URB_FD_FILE), (int)(n + 1));
	close(fd);

	assert_int_equal(t_pending(b), 0);
	assert_int_equal(log.n, 4);
	close(cfd1);
	close(cfd2);
	t_free(b);
}

/* ---- 3. accept_multi, then cancel it */

/* Each accepted plain fd is connected to a distinct one of the clients. */
static void assert_plain_conns(const struct log *log, const int *cfd)
{
	bool used[NCLIENTS] = { false };

	for (int i = 0; i < NCLIENTS; i++) {
		struct endpoint peer;
		int fd = log->d[i].c.u.accept_multi.conn.fd, match = -1;

		assert_int_equal(log->d[i].c.u.accept_multi.conn.slot, -1);
		assert_int_equal(fd, log->d[i].c.result);
		memset(&peer, 0, sizeof(peer));
		peer.len = sizeof(peer.addr);
		assert_int_equal(getpeername(fd, (struct sockaddr *)&peer.addr, &peer.len), 0);
		for (int j = 0; j < NCLIENTS; j++) {
			struct endpoint mine;

			local_addr(cfd[j], &mine);
			if (port_of(&mine.addr) == port_of(&peer.addr))
				match = j;
		}
		assert_in_range(match, 0, NCLIENTS - 1);
		assert_false(used[match]);
		used[match] = true;
		close(fd);
	}
}

/* Each direct slot holds a distinct connection to one of the clients. */
static void assert_slot_conns(struct urb_bearer *b, const struct log *log, const int *cfd)
{
	struct log sends = { 0 };
	bool used[NCLIENTS] = { false };
	int set = urb_bufset_create(b, NCLIENTS, 8);

	assert_true(set >= 0);
	for (int i = 0; i < NCLIENTS; i++) {
		int32_t slot = log->d[i].c.u.accept_multi.conn.slot;
		urb_buf_t buf = URB_BUF(set, i);
		void *data;
		uint32_t cap;

		assert_int_equal(log->d[i].c.u.accept_multi.conn.fd, -1);
		assert_int_equal(slot, log->d[i].c.result);
		assert_int_equal(urb_fd_kind(b, (uint32_t)slot), URB_FD_STREAM);
		for (int j = 0; j < i; j++)
			assert_int_not_equal(slot, log->d[j].c.u.accept_multi.conn.slot);
		assert_int_equal(urb_buf_fill(b, buf, &data, &cap), 0);
		*(char *)data = (char)('A' + i);
		assert_int_equal(urb_buf_filled(b, buf, 1), 0);
		assert_int_equal(urb_push_send(b, URB_SLOT(slot), buf, NULL), 0);
	}
	await_n(b, &sends, NCLIENTS);
	for (int i = 0; i < NCLIENTS; i++)
		assert_int_equal(sends.d[i].c.result, 1);
	for (int j = 0; j < NCLIENTS; j++) {
		char c;

		read_exact(cfd[j], &c, 1);
		assert_in_range(c, 'A', 'A' + NCLIENTS - 1);
		assert_false(used[c - 'A']);
		used[c - 'A'] = true;
	}
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set), 0);
}

static void accept_multi_once(struct urb_bearer *b, int lfd, const struct endpoint *ep,
			      urb_fd_t target)
{
	struct log log = { 0 };
	uint64_t key = 0, ckey = 0;
	struct urb_accept_multi_opts opts = { .target = target, .key_out = &key };
	struct urb_cancel_opts copts = { .key_out = &ckey };
	uint32_t base = t_pending(b);
	const struct done *d;
	int cfd[NCLIENTS];
	int lslot = urb_fd_register(b, lfd, URB_FD_ACCEPTOR);

	assert_true(lslot >= 0);
	assert_int_equal(urb_push_accept_multi(b, URB_SLOT(lslot), &opts), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_bearer_submit(b), 1);
	for (int i = 0; i < NCLIENTS; i++)
		cfd[i] = client(ep);
	await_n(b, &log, NCLIENTS);
	assert_int_equal(log.n, NCLIENTS);
	for (int i = 0; i < NCLIENTS; i++) {
		assert_int_equal(log.d[i].c.key, key);
		assert_int_equal(log.d[i].c.op, URB_OP_ACCEPT_MULTI);
		assert_true(log.d[i].c.result >= 0);
		assert_true(log.d[i].c.more);
		assert_false(log.d[i].c.final);
	}
	if (URB_IS_PLAIN(target))
		assert_plain_conns(&log, cfd);
	else
		assert_slot_conns(b, &log, cfd);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)lslot), URB_EBUSY);

	assert_int_equal(urb_push_cancel(b, key, &copts), 0);
	await_n(b, &log, NCLIENTS + 2);
	assert_int_equal(log.n, NCLIENTS + 2);
	d = find(&log, key, NCLIENTS);
	assert_non_null(d);
	assert_int_equal(d->c.result, -ECANCELED);
	assert_false(d->c.more);
	assert_true(d->c.final);
	assert_int_equal(d->c.u.accept_multi.conn.fd, -1);
	assert_int_equal(d->c.u.accept_multi.conn.slot, -1);
	d = find(&log, ckey, 0);
	assert_non_null(d);
	assert_int_equal(d->c.op, URB_OP_CANCEL);
	assert_int_equal(d->c.result, 0);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)lslot), 0);
	for (int i = 0; i < NCLIENTS; i++)
		close(cfd[i]);
}

static void accept_multi_and_cancel(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct endpoint ep;
	int lfd;

	(void)state;
	REQUIRE_OPS(b, URB_OP_ACCEPT_MULTI, URB_OP_CANCEL, URB_OP_SEND);
	lfd = listener_or_skip(b, AF_INET, &ep);
	accept_multi_once(b, lfd, &ep, URB_PLAIN);
	accept_multi_once(b, lfd, &ep, URB_AUTO_SLOT);
	close(lfd);
	t_free(b);
}

/* ---- 4. socket, connect and close */

static const struct done *push_socket(struct urb_bearer *b, int32_t type,
				      urb_fd_t target, struct log *log)
{
	uint64_t key = 0;
	struct urb_socket_opts opts = { .target = target, .key_out = &key };

	assert_int_equal(urb_push_socket(b, AF_INET, type, 0, &opts), 0);
	return await_key(b, log, key);
}

static const struct done *push_close(struct urb_bearer *b, urb_fd_t fd, struct log *log)
{
	uint64_t key = 0;
	struct urb_close_opts opts = { .key_out = &key };

	assert_int_equal(urb_push_close(b, fd, &opts), 0);
	return await_key(b, log, key);
}

/*
 * direct_fd 2: the third connection finds the kernel's area full.  The
 * kernel closes the connection it accepted, says -ENFILE and ends the
 * multishot; urb reports its own capacity and names it.  Pushed again
 * after a close, the op puts the next connection in the freed slot.
 */
static void accept_multi_out_of_direct_slots(void **state)
{
	struct urb_capacity cap = URB_CAPACITY_DEFAULT;
	struct urb_bearer *b;
	struct log log = { 0 };
	struct endpoint ep;
	enum urb_capacity_kind kind;
	uint64_t key = 0, setting;
	struct urb_accept_multi_opts opts = { .target = URB_AUTO_SLOT, .key_out = &key };
	const struct done *d;
	int lfd, lslot, cfd[4];

	(void)state;
	cap.direct_fd = 2;
	b = t_bearer_cap(&cap);
	REQUIRE_OPS(b, URB_OP_ACCEPT_MULTI, URB_OP_CLOSE);
	lfd = listener_or_skip(b, AF_INET, &ep);
	lslot = urb_fd_register(b, lfd, URB_FD_ACCEPTOR);
	assert_true(lslot >= 0);
	assert_int_equal(urb_push_accept_multi(b, URB_SLOT(lslot), &opts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	for (int i = 0; i < 3; i++)
		cfd[i] = client(&ep);
	await_n(b, &log, 3);
	for (int i = 0; i < 2; i++) {
		assert_true(log.d[i].c.result >= 0);
		assert_true(log.d[i].c.more);
	}
	d = &log.d[2];
	assert_int_equal(d->c.key, key);
	assert_int_equal(d->c.result, URB_EATCAPACITY);
	assert_true(d->c.final);
	assert_int_equal(d->c.u.accept_multi.conn.slot, -1);
	assert_int_equal(d->c.u.accept_multi.conn.fd, -1);
	assert_int_equal(urb_bearer_at_capacity(b, &kind, &setting), 0);
	assert_int_equal(kind, URB_CAP_DIRECT_FD);
	assert_int_equal(setting, 2);
	assert_non_null(strstr(urb_bearer_detail(b), "direct_fd"));
	assert_non_null(strstr(urb_bearer_detail(b), "push it again"));
	assert_int_equal(t_pending(b), 0);
	assert_eof(cfd[2]); /* the kernel had nowhere to put it */

	/* a slot freed, the op pushed again: the next connection lands in it */
	assert_int_equal(push_close(b, URB_SLOT(log.d[0].c.u.accept_multi.conn.slot), &log)->c.result, 0);
	assert_int_equal(urb_push_accept_multi(b, URB_SLOT(lslot), &opts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	cfd[3] = client(&ep);
	d = await_key(b, &log, key);
	assert_int_equal(d->c.result, log.d[0].c.u.accept_multi.conn.slot);
	assert_true(d->c.more);
	close(lfd);
	for (int i = 0; i < 4; i++)
		close(cfd[i]);
	t_free(b);
}

/*
 * A bearer sized by urb_capacity_plan() for 4 connections in direct
 * slots, one recv each into a buffer of its own, and a listener: the
 * workload runs without hitting a bound, and one op more is refused.
 */
static void planned_capacity_holds_its_workload(void **state)
{
	struct urb_workload w = { .connections = 4, .conn_ops = 1, .direct_conns = 1,
				  .listeners = 1, .conn_buf_len = 4096 };
	struct urb_capacity cap = { 0 };
	struct urb_capacity_shortfall why;
	struct urb_bearer *b;
	struct log log = { 0 };
	struct endpoint ep;
	enum urb_capacity_kind kind;
	uint64_t setting;
	struct urb_accept_multi_opts aopts = { .target = URB_AUTO_SLOT };
	int lfd, lslot, set, cfd[4];

	(void)state;
	assert_int_equal(urb_capacity_plan(&w, &cap, &why), 0);
	assert_int_equal(cap.pending_completions, 5);
	assert_int_equal(cap.core_queue, 8);
	assert_int_equal(cap.registered_fd, 1);
	assert_int_equal(cap.direct_fd, 4);
	assert_int_equal(cap.buffers, 1);
	assert_int_equal(cap.buffer_bytes, urb_bufset_bytes(4, 4096));
	b = t_bearer_cap(&cap);
	REQUIRE_OPS(b, URB_OP_ACCEPT_MULTI, URB_OP_RECV);
	lfd = listener_or_skip(b, AF_INET, &ep);
	lslot = urb_fd_register(b, lfd, URB_FD_ACCEPTOR);
	assert_true(lslot >= 0);
	set = urb_bufset_create(b, 4, 4096);
	assert_true(set >= 0);
	assert_int_equal(urb_push_accept_multi(b, URB_SLOT(lslot), &aopts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	for (int i = 0; i < 4; i++)
		cfd[i] = client(&ep);
	await_n(b, &log, 4);
	for (int i = 0; i < 4; i++) {
		assert_true(log.d[i].c.result >= 0);
		assert_int_equal(urb_push_recv(b, URB_SLOT(log.d[i].c.u.accept_multi.conn.slot),
					       URB_BUF(set, i), NULL), 0);
	}
	assert_int_equal(urb_push_nop(b, NULL), URB_EATCAPACITY);
	assert_int_equal(urb_bearer_at_capacity(b, &kind, &setting), 0);
	assert_int_equal(kind, URB_CAP_PENDING_COMPLETIONS);
	for (int i = 0; i < 4; i++)
		assert_int_equal(write(cfd[i], "x", 1), 1);
	await_n(b, &log, 8);
	for (int i = 4; i < 8; i++) {
		assert_int_equal(log.d[i].c.op, URB_OP_RECV);
		assert_int_equal(log.d[i].c.result, 1);
	}
	close(lfd);
	for (int i = 0; i < 4; i++)
		close(cfd[i]);
	t_free(b);
}

/* What urb_capacity_plan() refuses, and a plan past a bound explained. */
static void capacity_plan_refusals(void **state)
{
	struct urb_workload w = { 0 };
	struct urb_capacity cap = URB_CAPACITY_DEFAULT;
	struct urb_capacity_shortfall why;

	(void)state;
	assert_int_equal(urb_capacity_plan(NULL, &cap, NULL), URB_EINVAL);
	assert_int_equal(urb_capacity_plan(&w, NULL, NULL), URB_EINVAL);
	assert_int_equal(urb_capacity_plan(&w, &cap, NULL), URB_EINVAL); /* no op at all */
	w = (struct urb_workload){ .other_ops = 1, .ring_bufs = 40000, .ring_buf_len = 64 };
	assert_int_equal(urb_capacity_plan(&w, &cap, NULL), URB_EINVAL);
	w = (struct urb_workload){ .connections = 1u << 20, .conn_ops = 32 };
	assert_int_equal(urb_capacity_plan(&w, &cap, &why), URB_EINVAL);
	assert_int_equal(why.kind, URB_CAP_PENDING_COMPLETIONS);
	assert_non_null(strstr(why.detail, "pending_completions"));
	assert_int_equal(cap.ring_options, 0); /* left as it was */
	assert_int_equal(cap.slab, URB_SLAB_LIFO);
}

static void socket_connect_close(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	struct endpoint ep;
	uint64_t key = 0;
	struct urb_connect_opts copts = { .key_out = &key };
	struct urb_close_opts clopts = { .key_out = &key };
	const struct done *d;
	int lfd, fd, conn, opt;
	socklen_t optlen = sizeof(opt);
	uint32_t slot;

	(void)state;
	REQUIRE_OPS(b, URB_OP_SOCKET, URB_OP_CONNECT, URB_OP_CLOSE, URB_OP_RECV,
		    URB_OP_SEND);
	lfd = listener_or_skip(b, AF_INET, &ep);
	assert_int_equal(fcntl(lfd, F_SETFL, O_NONBLOCK), 0);

	d = push_socket(b, SOCK_STREAM | SOCK_CLOEXEC, URB_PLAIN, &log);
	assert_int_equal(d->c.op, URB_OP_SOCKET);
	assert_true(d->c.result >= 0);
	assert_int_equal(d->c.u.socket.sock.fd, d->c.result);
	assert_int_equal(d->c.u.socket.sock.slot, -1);
	fd = d->c.result;
	assert_int_equal(fcntl(fd, F_GETFD), FD_CLOEXEC);
	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &opt, &optlen), 0);
	assert_int_equal(opt, AF_INET);
	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_TYPE, &opt, &optlen), 0);
	assert_int_equal(opt, SOCK_STREAM);

	/* the kernel refuses SOCK_CLOEXEC on a direct descriptor */
	d = push_socket(b, SOCK_STREAM, URB_AUTO_SLOT, &log);
	if (d->c.result < 0)
		fail_msg("direct socket: %s", urb_err_name(d->c.result));
	assert_int_equal(d->c.u.socket.sock.fd, -1);
	assert_int_equal(d->c.u.socket.sock.slot, d->c.result);
	slot = (uint32_t)d->c.u.socket.sock.slot;
	assert_int_equal(urb_fd_kind(b, slot), URB_FD_SOCKET);

	assert_int_equal(urb_push_connect(b, URB_SLOT(slot), (struct sockaddr *)&ep.addr, ep.len,
					  &copts), 0);
	d = await_key(b, &log, key);
	assert_int_equal(d->c.op, URB_OP_CONNECT);
	assert_int_equal(d->c.result, 0);
	conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	assert_true(conn >= 0);
	echo(b, slot, conn, "socket op");

	assert_int_equal(urb_push_close(b, URB_SLOT(slot), &clopts), 0);
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), t_buffer(b), NULL), URB_ENOTREGISTERED);
	assert_int_equal(urb_fd_unregister(b, slot), URB_EBUSY);
	d = await_key(b, &log, key);
	assert_int_equal(d->c.op, URB_OP_CLOSE);
	assert_int_equal(d->c.result, 0);
	assert_int_equal(urb_fd_kind(b, slot), URB_ENOTREGISTERED);
	assert_eof(conn);

	d = push_close(b, URB_FD(fd), &log);
	assert_int_equal(d->c.result, 0);
	errno = 0;
	assert_int_equal(fcntl(fd, F_GETFD), -1);
	assert_int_equal(errno, EBADF);

	assert_int_equal(t_pending(b), 0);
	assert_int_equal(log.n, 5);
	close(conn);
	close(lfd);
	t_free(b);
}

/*
 * A recv's msg_flags reach the kernel, and the _user form asks for none:
 * MSG_PEEK leaves the bytes in the socket (a second recv gets them
 * again), the plain recv takes them (a third gets what came next).
 */
static void recv_msg_flags_reach_the_kernel(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	uint64_t key = 0;
	const struct done *d;
	urb_buf_t buf;
	uint32_t slot;
	int server, peer, marker;

	(void)state;
	REQUIRE_OPS(b, URB_OP_RECV);
	tcp_pair(&server, &peer);
	slot = (uint32_t)t_register(b, server, URB_FD_STREAM);
	buf = t_filled_buffer(b, "");
	assert_int_equal(send(peer, "peek", 4, 0), 4);

	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf,
				       &(struct urb_recv_opts){ .msg_flags = MSG_PEEK,
								.key_out = &key }), 0);
	d = await_key(b, &log, key);
	assert_int_equal(d->c.result, 4);
	assert_memory_equal(d->data, "peek", 4);

	assert_int_equal(urb_push_recv_user(b, URB_SLOT(slot), buf, &marker), 0);
	await_n(b, &log, 2);
	assert_ptr_equal(log.d[1].c.user, &marker);
	assert_int_equal(log.d[1].c.result, 4); /* the same bytes: the peek left them */
	assert_memory_equal(log.d[1].data, "peek", 4);
	assert_int_equal(send(peer, "next", 4, 0), 4); /* what follows, the peeked bytes taken */
	assert_int_equal(urb_push_recv_user(b, URB_SLOT(slot), buf, &marker), 0);
	await_n(b, &log, 3);
	assert_int_equal(log.d[2].c.result, 4);
	assert_memory_equal(log.d[2].data, "next", 4);

	assert_int_equal(urb_fd_unregister(b, slot), 0);
	close(peer);
	t_free(b);
}

/*
 * urb_bearer_submit_and_complete(): one call submits, waits and walks.  A
 * recv with nothing to read: the wait times out with a count of 0, no
 * error, nothing shown, the recv submitted and pending.  Bytes sent: the
 * next call shows them where they landed, and the callback's push (the
 * loop's re-arm) goes to the kernel with the call after.  Run on the
 * default (LIFO) slab and on a FIFO one, whose walks are different copies;
 * the first, timed call of each takes the path off the plain one.
 */
struct turn {
	struct log log;
	int pushed_rc; /* the callback's push of a nop: its answer, 1 before */
};

static enum urb_disposition turn_cb(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct turn *t = user;

	if (c->op == URB_OP_RECV)
		t->pushed_rc = urb_push_nop_user(b, &t->pushed_rc);
	return collect(b, c, &t->log);
}

static void submit_and_complete_turn(struct urb_bearer *b)
{
	struct timespec short_wait = { .tv_nsec = 20 * 1000 * 1000 };
	struct turn t = { .pushed_rc = 1 };
	struct urb_stats s0, s1;
	urb_buf_t buf;
	uint32_t slot;
	int server, peer, marker;

	REQUIRE_OPS(b, URB_OP_RECV);
	tcp_pair(&server, &peer);
	slot = (uint32_t)t_register(b, server, URB_FD_STREAM);
	buf = t_filled_buffer(b, "");
	assert_int_equal(urb_bearer_stats(b, &s0), 0);
	assert_int_equal(urb_push_recv_user(b, URB_SLOT(slot), buf, &marker), 0);
	assert_int_equal(urb_bearer_submit_and_complete(b, 1, &short_wait, turn_cb, &t), 0);
	assert_int_equal(t.log.n, 0);
	assert_int_equal(t_pending(b), 1);
	assert_int_equal(urb_bearer_stats(b, &s1), 0);
	assert_int_equal(s1.submitted, s0.submitted + 1);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);

	assert_int_equal(send(peer, "turn", 4, 0), 4);
	assert_int_equal(urb_bearer_submit_and_complete(b, 1, NULL, turn_cb, &t), 1);
	assert_int_equal(t.log.n, 1);
	assert_int_equal(t.log.d[0].c.op, URB_OP_RECV);
	assert_ptr_equal(t.log.d[0].c.user, &marker);
	assert_int_equal(t.log.d[0].c.result, 4);
	assert_memory_equal(t.log.d[0].data, "turn", 4);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	assert_int_equal(t.pushed_rc, 0);
	assert_int_equal(t_pending(b), 1); /* the nop, pushed and not yet submitted */
	assert_int_equal(urb_bearer_stats(b, &s1), 0);
	assert_int_equal(s1.submitted, s0.submitted + 1);

	assert_int_equal(urb_bearer_submit_and_complete(b, 1, NULL, turn_cb, &t), 1);
	assert_int_equal(t.log.n, 2);
	assert_int_equal(t.log.d[1].c.op, URB_OP_NOP);
	assert_ptr_equal(t.log.d[1].c.user, &t.pushed_rc);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_bearer_stats(b, &s1), 0);
	assert_int_equal(s1.submitted, s0.submitted + 2);
	assert_int_equal(s1.completions, s0.completions + 2);
	/* nothing pushed, none waited for: no system call to wait in, nothing shown */
	assert_int_equal(urb_bearer_submit_and_complete(b, 0, NULL, turn_cb, &t), 0);
	assert_int_equal(t.log.n, 2);

	assert_int_equal(urb_fd_unregister(b, slot), 0);
	close(peer);
	t_free(b);
}

static void submit_and_complete_turns_the_loop(void **state)
{
	struct urb_capacity fifo = {
		.core_queue = 64, .registered_fd = 4, .pending_completions = 64,
		.buffers = 2, .buffer_bytes = 64 * 1024, .slab = URB_SLAB_FIFO,
	};

	(void)state;
	submit_and_complete_turn(t_bearer());
	submit_and_complete_turn(t_bearer_cap(&fifo));
}

/* ---- 5. cancelling a pending recv */

static void cancel_pending_recv(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	uint64_t rkey = 0, ckey = 0;
	struct urb_recv_opts ropts = { .key_out = &rkey };
	struct urb_cancel_opts copts = { .key_out = &ckey };
	const struct done *d;
	urb_buf_t buf;
	uint32_t slot;
	int server, peer;

	(void)state;
	REQUIRE_OPS(b, URB_OP_RECV, URB_OP_CANCEL);
	tcp_pair(&server, &peer);
	slot = (uint32_t)t_register(b, server, URB_FD_STREAM);
	buf = t_filled_buffer(b, "stale");

	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, &ropts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	assert_int_equal(urb_fd_unregister(b, slot), URB_EBUSY);
	assert_int_equal(urb_push_cancel(b, rkey, &copts), 0);
	await_n(b, &log, 2);
	assert_int_equal(log.n, 2);

	d = find(&log, rkey, 0);
	assert_non_null(d);
	assert_int_equal(d->c.op, URB_OP_RECV);
	assert_int_equal(d->c.result, -ECANCELED);
	assert_true(d->c.final);
	assert_int_equal(d->c.u.recv.data.len, 0);
	assert_false(d->has_data);
	assert_int_equal(d->buf_owner, URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	t_assert_view(b, buf, NULL, 0);

	d = find(&log, ckey, 0);
	assert_non_null(d);
	assert_int_equal(d->c.op, URB_OP_CANCEL);
	assert_int_equal(d->c.result, 0);

	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	assert_int_equal(urb_push_cancel(b, rkey, NULL), URB_ESTALE);
	assert_int_equal(urb_push_cancel(b, ckey, NULL), URB_ESTALE);
	assert_int_equal(t_pending(b), 0);
	close(peer);
	t_free(b);
}

/* ---- 6. links and skip-success */

static void link_success_runs_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	uint64_t k1 = 0, k2 = 0;
	struct urb_nop_opts first = { .submit_flags = URB_SUBMIT_LINK, .key_out = &k1 };
	struct urb_nop_opts second = { .key_out = &k2 };

	(void)state;
	REQUIRE_OPS(b, URB_OP_NOP);
	assert_int_equal(urb_push_nop(b, &first), 0);
	assert_int_equal(urb_push_nop(b, &second), 0);
	await_n(b, &log, 2);
	assert_int_equal(log.n, 2);
	assert_int_equal(log.d[0].c.key, k1);
	assert_int_equal(log.d[0].c.result, 0);
	assert_int_equal(log.d[1].c.key, k2);
	assert_int_equal(log.d[1].c.result, 0);
	assert_int_equal(t_pending(b), 0);
	t_free(b);
}

static void link_failure_cancels_rest(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	struct endpoint closed;
	uint64_t ckey = 0, skey = 0;
	struct urb_connect_opts copts = { .submit_flags = URB_SUBMIT_LINK, .key_out = &ckey };
	struct urb_send_opts sopts = { .key_out = &skey };
	const struct done *d;
	urb_buf_t buf;
	uint32_t slot;
	int bound;

	(void)state;
	REQUIRE_OPS(b, URB_OP_CONNECT, URB_OP_SEND);
	/* bound but not listening: a SYN to it is answered with a reset */
	bound = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(bound >= 0);
	loopback_addr(AF_INET, &closed);
	assert_int_equal(bind(bound, (struct sockaddr *)&closed.addr, closed.len), 0);
	local_addr(bound, &closed);

	slot = (uint32_t)t_register(b, socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0),
					    URB_FD_SOCKET);
	buf = t_filled_buffer(b, "chain");
	assert_int_equal(urb_push_connect(b, URB_SLOT(slot), (struct sockaddr *)&closed.addr,
					  closed.len, &copts), 0);
	assert_int_equal(urb_push_send(b, URB_SLOT(slot), buf, &sopts), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	assert_int_equal(t_pending(b), 2);
	await_n(b, &log, 2);
	assert_int_equal(log.n, 2);

	d = find(&log, ckey, 0);
	assert_non_null(d);
	assert_int_equal(d->c.op, URB_OP_CONNECT);
	assert_int_equal(d->c.result, -ECONNREFUSED);
	d = find(&log, skey, 0);
	assert_non_null(d);
	assert_int_equal(d->c.op, URB_OP_SEND);
	assert_int_equal(d->c.result, -ECANCELED);
	assert_true(d->c.final);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	t_assert_view(b, buf, "chain", 5);

	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(buf)), 0);
	close(bound);
	t_free(b);
}

static void skip_success_nop(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	uint64_t skipped = 0, plain = 0;
	struct urb_nop_opts sopts = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS,
				      .key_out = &skipped };
	struct urb_nop_opts popts = { .key_out = &plain };
	struct timespec short_wait = { .tv_nsec = 50 * 1000 * 1000 };
	struct urb_stats before, after;

	(void)state;
	REQUIRE_OPS(b, URB_OP_NOP);
	before = stats(b);
	assert_int_equal(urb_push_nop(b, &sopts), 0);
	assert_int_equal(urb_push_nop(b, &popts), 0);
	assert_int_not_equal(skipped, plain);
	await_n(b, &log, 1);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, &short_wait), -ETIME);
	assert_int_equal(urb_bearer_completions(b, collect, &log), 0);

	assert_int_equal(log.n, 1);
	assert_int_equal(log.d[0].c.key, plain);
	assert_int_equal(log.d[0].c.op, URB_OP_NOP);
	assert_int_equal(log.d[0].c.result, 0);
	after = stats(b);
	assert_int_equal(after.submitted, before.submitted + 2);
	assert_int_equal(after.completions, before.completions + 2); /* one not shown */
	assert_int_equal(after.stale_cqes, before.stale_cqes);
	assert_int_equal(after.unknown_cqes, before.unknown_cqes);
	assert_int_equal(after.pending, 0);
	t_free(b);
}

/* ---- a listening socket made with ops alone: bind, listen, accept */

static void bind_listen_accept(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	uint64_t key = 0;
	struct urb_bind_opts bo = { .key_out = &key };
	struct urb_listen_opts lo = { .key_out = &key };
	struct urb_accept_opts ao = { .key_out = &key };
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	const struct done *d;
	int fd, udp, cfd;
	uint32_t slot, uslot;

	(void)state;
	if (!urb_op_supported(b, URB_OP_LISTEN)) {
		print_message("skipped: kernel lacks listen\n");
		t_free(b);
		skip();
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	slot = t_register(b, dup(fd), URB_FD_SOCKET);
	sa = (struct sockaddr_in){ .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(urb_push_bind(b, URB_SLOT(slot), (struct sockaddr *)&sa, sizeof(sa), &bo), 0);
	assert_int_equal(await_key(b, &log, key)->c.result, 0);
	assert_int_equal(urb_push_accept(b, URB_SLOT(slot), NULL), URB_EFDKIND); /* not listening yet */
	assert_int_equal(urb_push_listen(b, URB_SLOT(slot), 8, &lo), 0);
	assert_int_equal(await_key(b, &log, key)->c.result, 0);
	assert_int_equal(urb_fd_kind(b, slot), URB_FD_ACCEPTOR); /* the slot became one */
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	assert_int_equal(urb_push_accept(b, URB_SLOT(slot), &ao), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(cfd, (struct sockaddr *)&sa, len), 0);
	d = await_key(b, &log, key);
	assert_true(d->c.result >= 0);
	assert_true(d->c.u.accept.conn.fd >= 0);
	close(d->c.u.accept.conn.fd);
	close(cfd);

	/* a listen the kernel refuses leaves the slot as it was */
	udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	uslot = t_register(b, udp, URB_FD_SOCKET);
	assert_int_equal(urb_push_listen(b, URB_SLOT(uslot), 8, &lo), 0);
	assert_int_equal(await_key(b, &log, key)->c.result, -EOPNOTSUPP);
	assert_int_equal(urb_fd_kind(b, uslot), URB_FD_SOCKET);
	close(fd);
	t_free(b);
}

/* ---- slices: ops on part of a buffer */

/*
 * A send of a slice sends exactly those bytes; a recv into a slice puts the
 * bytes after what the buffer held, and its valid bytes grow by them; the
 * rest of a short send goes from where it stopped, without moving bytes.
 */
static void buffer_slices(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct log log = { 0 };
	urb_buf_t buf = t_filled_buffer(b, "hello world");
	uint64_t key = 0;
	struct urb_send_opts tail = { .buf_offset = 6, .key_out = &key };
	struct urb_send_opts middle = { .buf_offset = 2, .buf_len = 3, .key_out = &key };
	struct urb_recv_opts append = { .buf_offset = 11, .key_out = &key };
	const struct done *d;
	char got[16];
	int server, peer;
	uint32_t slot;

	(void)state;
	tcp_pair(&server, &peer);
	slot = t_register(b, server, URB_FD_STREAM);

	assert_int_equal(urb_push_send(b, URB_SLOT(slot), buf, &tail), 0);
	d = await_key(b, &log, key);
	assert_int_equal(d->c.result, 5);
	read_exact(peer, got, 5);
	assert_memory_equal(got, "world", 5);
	assert_int_equal(urb_push_send(b, URB_SLOT(slot), buf, &middle), 0);
	d = await_key(b, &log, key);
	assert_int_equal(d->c.result, 3);
	read_exact(peer, got, 3);
	assert_memory_equal(got, "llo", 3);
	t_assert_view(b, buf, "hello world", 11); /* a send leaves the bytes as they were */

	assert_int_equal(write(peer, "!?", 2), 2);
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, &append), 0);
	d = await_key(b, &log, key);
	assert_int_equal(d->c.result, 2);
	assert_int_equal(d->data_len, 2);
	assert_memory_equal(d->data, "!?", 2); /* the view shows the slice's new bytes */
	t_assert_view(b, buf, "hello world!?", 13);

	/* slices past what the buffer holds (send) or past its room (recv) are refused */
	tail.buf_offset = 14;
	assert_int_equal(urb_push_send(b, URB_SLOT(slot), buf, &tail), URB_ERANGE);
	tail.buf_offset = 10;
	tail.buf_len = 4;
	assert_int_equal(urb_push_send(b, URB_SLOT(slot), buf, &tail), URB_ERANGE);
	assert_non_null(strstr(urb_bearer_detail(b), "13 valid bytes"));
	append.buf_offset = 64;
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, &append), URB_ERANGE);
	append.buf_offset = 60;
	append.buf_len = 5;
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, &append), URB_ERANGE);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	close(peer);
	t_free(b);
}

/* ---- 7. a bounded wait with nothing pending */

static void wait_times_out(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct timespec ts = { .tv_nsec = 50 * 1000 * 1000 };
	uint64_t t0 = now_ms(), elapsed;

	(void)state;
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), -ETIME);
	elapsed = now_ms() - t0;
	assert_in_range(elapsed, 45, 1000);
	assert_int_equal(t_pending(b), 0);
	t_free(b);
}

/* ---- 8. teardown with ops in the kernel */

static void free_with_ops_in_flight(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct endpoint ep;
	urb_buf_t buf;
	uint32_t lslot, slot;
	int server, peer;
	uint64_t t0;

	(void)state;
	REQUIRE_OPS(b, URB_OP_ACCEPT, URB_OP_RECV);
	lslot = (uint32_t)t_register(b, listener_or_skip(b, AF_INET, &ep),
					     URB_FD_ACCEPTOR);
	tcp_pair(&server, &peer);
	slot = (uint32_t)t_register(b, server, URB_FD_STREAM);
	buf = URB_BUF(urb_bufset_create(b, 1, 64), 0);

	assert_int_equal(urb_push_accept(b, URB_SLOT(lslot), NULL), 0);
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, NULL), 0);
	assert_int_equal(urb_bearer_submit(b), 2);
	assert_int_equal(t_pending(b), 2);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	t0 = now_ms();
	assert_int_equal(urb_bearer_free(b), 0);
	assert_in_range(now_ms() - t0, 0, 999);
	/* the ring held the last reference to the server end */
	assert_eof(peer);
	close(peer);
}

static void free_with_ops_unsubmitted(void **state)
{
	struct urb_bearer *b = t_bearer();
	uint32_t slot;
	int server, peer;

	(void)state;
	REQUIRE_OPS(b, URB_OP_RECV, URB_OP_NOP);
	tcp_pair(&server, &peer);
	slot = (uint32_t)t_register(b, server, URB_FD_STREAM);
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), URB_BUF(urb_bufset_create(b, 1, 64), 0),
				       NULL), 0);
	assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(t_pending(b), 2);
	assert_int_equal(urb_bearer_free(b), 0);
	assert_eof(peer);
	close(peer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accept_roundtrip_ipv4),
		cmocka_unit_test(accept_roundtrip_ipv6),
		cmocka_unit_test(accept_roundtrip_unix),
		cmocka_unit_test(accept_direct),
		cmocka_unit_test(accept_multi_and_cancel),
		cmocka_unit_test(accept_multi_out_of_direct_slots),
		cmocka_unit_test(planned_capacity_holds_its_workload),
		cmocka_unit_test(capacity_plan_refusals),
		cmocka_unit_test(socket_connect_close),
		cmocka_unit_test(cancel_pending_recv),
		cmocka_unit_test(link_success_runs_chain),
		cmocka_unit_test(link_failure_cancels_rest),
		cmocka_unit_test(skip_success_nop),
		cmocka_unit_test(buffer_slices),
		cmocka_unit_test(recv_msg_flags_reach_the_kernel),
		cmocka_unit_test(submit_and_complete_turns_the_loop),
		cmocka_unit_test(bind_listen_accept),
		cmocka_unit_test(wait_times_out),
		cmocka_unit_test(free_with_ops_in_flight),
		cmocka_unit_test(free_with_ops_unsubmitted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
