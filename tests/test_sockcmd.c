/* SPDX-License-Identifier: MIT */
/*
 * The socket commands of IORING_OP_URING_CMD against the real kernel, each
 * checked against the plain system call on the same socket: SIOCINQ with
 * bytes waiting, SIOCOUTQ with a send queue the peer does not drain,
 * getsockopt into a bearer buffer (and the level the kernel refuses),
 * setsockopt from one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "support.h"

/* A connected TCP pair on loopback: *@ours registered (its slot returned), *@peer plain. */
static uint32_t tcp_pair(struct urb_bearer *b, int *ours, int *peer)
{
	struct sockaddr_in a = t_loopback();
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_port = 0;
	assert_int_equal(bind(l, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&a, &len), 0);
	*peer = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(*peer, (struct sockaddr *)&a, sizeof(a)), 0);
	*ours = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	assert_true(*ours >= 0);
	close(l);
	return t_register(b, dup(*ours), URB_FD_STREAM);
}

static int32_t run(struct urb_bearer *b, struct t_log *s, uint64_t *key, int rc)
{
	assert_int_equal(rc, 0);
	return s->c[t_await_final(b, s, *key)].result;
}

static void queues(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { 0 };
	uint64_t key = 0;
	int ours, peer, inq = -1, outq = -1, small = 4096;
	uint32_t slot;
	char chunk[4096] = { 0 };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_INQ);
	slot = tcp_pair(b, &ours, &peer);
	assert_int_equal(run(b, &s, &key, urb_push_sock_inq(b, URB_SLOT(slot),
		&(struct urb_sock_inq_opts){ .key_out = &key })), 0);
	assert_int_equal(write(peer, "hello", 5), 5);
	usleep(20 * 1000);
	assert_int_equal(ioctl(ours, SIOCINQ, &inq), 0);
	assert_int_equal(inq, 5);
	assert_int_equal(run(b, &s, &key, urb_push_sock_inq(b, URB_SLOT(slot),
		&(struct urb_sock_inq_opts){ .key_out = &key })), 5);

	/* a peer that reads nothing, with a small receive buffer: our send queue fills */
	assert_int_equal(setsockopt(peer, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)), 0);
	assert_int_equal(fcntl(ours, F_SETFL, O_NONBLOCK), 0);
	while (write(ours, chunk, sizeof(chunk)) > 0)
		;
	assert_int_equal(errno, EAGAIN);
	usleep(20 * 1000);
	assert_int_equal(ioctl(ours, SIOCOUTQ, &outq), 0);
	assert_true(outq > 0);
	assert_int_equal(run(b, &s, &key, urb_push_sock_outq(b, URB_SLOT(slot),
		&(struct urb_sock_outq_opts){ .key_out = &key })), outq);
	t_free(b);
	close(ours);
	close(peer);
}

static void options(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { 0 };
	uint64_t key = 0;
	int ours, peer, want = 0, on = 0;
	socklen_t len = sizeof(want);
	uint32_t slot;
	urb_buf_t room = t_buffer(b), one;
	const void *data;
	uint32_t got;
	void *p;
	uint32_t cap;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETSOCKOPT);
	slot = tcp_pair(b, &ours, &peer);

	/* getsockopt: the value lands in the buffer, whose valid bytes it becomes */
	assert_int_equal(getsockopt(ours, SOL_SOCKET, SO_RCVBUF, &want, &len), 0);
	assert_int_equal(run(b, &s, &key, urb_push_getsockopt(b, URB_SLOT(slot), SOL_SOCKET, SO_RCVBUF, room,
		&(struct urb_getsockopt_opts){ .key_out = &key })), (int)sizeof(int));
	assert_int_equal(urb_buf_view(b, room, &data, &got), 0);
	assert_int_equal(got, sizeof(int));
	assert_memory_equal(data, &want, sizeof(int));
	/* into a slice: off the fast path, whose level and name the full one reads back from the SQE */
	assert_int_equal(run(b, &s, &key, urb_push_getsockopt(b, URB_SLOT(slot), SOL_SOCKET, SO_RCVBUF, room,
		&(struct urb_getsockopt_opts){ .buf_offset = 4, .key_out = &key })), (int)sizeof(int));
	assert_int_equal(urb_buf_view(b, room, &data, &got), 0);
	assert_int_equal(got, 4 + sizeof(int));
	assert_memory_equal((const char *)data + 4, &want, sizeof(int));
	/* only SOL_SOCKET through the ring */
	assert_int_equal(run(b, &s, &key, urb_push_getsockopt(b, URB_SLOT(slot), IPPROTO_TCP, TCP_NODELAY,
		room, &(struct urb_getsockopt_opts){ .key_out = &key })), -EOPNOTSUPP);

	/* setsockopt: the buffer's valid bytes are the value */
	one = t_buffer(b);
	assert_int_equal(urb_buf_fill(b, one, &p, &cap), 0);
	memcpy(p, &(int){ 1 }, sizeof(int));
	assert_int_equal(urb_buf_filled(b, one, sizeof(int)), 0);
	assert_int_equal(run(b, &s, &key, urb_push_setsockopt(b, URB_SLOT(slot), IPPROTO_TCP, TCP_NODELAY, one,
		&(struct urb_setsockopt_opts){ .key_out = &key })), 0);
	len = sizeof(on);
	assert_int_equal(getsockopt(ours, IPPROTO_TCP, TCP_NODELAY, &on, &len), 0);
	assert_int_equal(on, 1);
	assert_int_equal(urb_buf_owner(b, one), URB_OWN_RETURNED);
	t_free(b);
	close(ours);
	close(peer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(queues),
		cmocka_unit_test(options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
