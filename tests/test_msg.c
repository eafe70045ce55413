/* SPDX-License-Identifier: MIT */
/*
 * sendmsg, recvmsg and sendmsg_zc against the real kernel: UDP over IPv4
 * and IPv6 with the peers checked, a datagram longer than its buffers
 * (MSG_TRUNC), ancillary data both ways over a unix datagram pair
 * (SCM_RIGHTS, and MSG_CTRUNC when the control buffer is too small), and
 * sendmsg_zc's two completions (the buffers the kernel's until the
 * second), and a multishot recvmsg parsing each message out of the buffer
 * it landed in (the sender, IP_PKTINFO, MSG_TRUNC).  Every buffer is the user's again at the end, and every run of
 * record storage is back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "support.h"

/* What a recvmsg completion showed, copied out in the callback (its views last only there). */
struct got {
	struct sockaddr_storage peer;
	socklen_t peer_len;
	uint32_t flags;
	uint8_t control[64];
	uint32_t control_len;
};

static struct got got[T_LOG_MAX];

static void keep_msg(struct t_log *log, int i, const struct urb_completion *c)
{
	const struct urb_msg_done *m = &c->u.recvmsg.msg;

	(void)log;
	memset(&got[i], 0, sizeof(got[i]));
	if (c->op != URB_OP_RECVMSG || c->result < 0)
		return;
	assert_non_null(m->peer.addr);
	assert_true(m->peer.len <= sizeof(got[i].peer));
	memcpy(&got[i].peer, m->peer.addr, m->peer.len);
	got[i].peer_len = m->peer.len;
	got[i].flags = m->flags;
	assert_true(m->control.len <= sizeof(got[i].control));
	if (m->control.len)
		memcpy(got[i].control, m->control.data, m->control.len);
	got[i].control_len = m->control.len;
}

static struct urb_bearer *msg_bearer(void)
{
	struct urb_capacity cap = {
		.core_queue = 16, .registered_fd = 8, .pending_completions = 16,
		.buffers = 8, .buffer_bytes = 64 * 1024, .buffer_rings = 1, .record_bytes = 16 * 1024,
	};

	return t_bearer_cap(&cap);
}

static void assert_all_back(struct urb_bearer *b)
{
	struct urb_stats st;

	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_bearer_stats(b, &st), 0);
	assert_int_equal(st.capacity_used[URB_CAP_RECORD_BYTES], 0);
}

/* A UDP socket bound to the loopback of @family, registered; its address in *@addr. */
static uint32_t udp(struct urb_bearer *b, int family, struct sockaddr_storage *addr,
		    socklen_t *len, int *fd_out)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	memset(addr, 0, sizeof(*addr));
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)addr;

		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		*len = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)addr;

		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
		*len = sizeof(*in6);
	}
	assert_int_equal(bind(fd, (struct sockaddr *)addr, *len), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)addr, len), 0);
	*fd_out = fd;
	return t_register(b, dup(fd), URB_FD_SOCKET); /* the test keeps @fd for plain calls */
}

static uint16_t port_of(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ? ((const struct sockaddr_in *)ss)->sin_port :
					  ((const struct sockaddr_in6 *)ss)->sin6_port;
}

/* A datagram in two buffers to a server, received into two of 8 bytes, echoed back. */
static void udp_echo(int family)
{
	struct urb_bearer *b = msg_bearer();
	struct t_log s = { .keep = keep_msg };
	struct sockaddr_storage sa, ca;
	socklen_t sl, cl;
	int sfd, cfd, set = urb_bufset_create(b, 6, 8), i;
	uint32_t server = udp(b, family, &sa, &sl, &sfd), client = udp(b, family, &ca, &cl, &cfd);
	urb_buf_t out[2] = { URB_BUF(set, 0), URB_BUF(set, 1) }, in[2] = { URB_BUF(set, 2),
									     URB_BUF(set, 3) };
	urb_buf_t back[2] = { URB_BUF(set, 4), URB_BUF(set, 5) };
	struct urb_msg to_server = { .bufs = out, .count = 2, .name = (struct sockaddr *)&sa,
				     .name_len = sl };
	struct urb_msg into = { .bufs = in, .count = 2 }, into_back = { .bufs = back, .count = 2 };
	uint64_t rkey = 0, skey = 0;
	const void *data;
	uint32_t len;

	assert_true(set >= 0);
	t_fill(b, out[0], "hello, d");
	t_fill(b, out[1], "atagram!");
	assert_int_equal(urb_push_recvmsg(b, URB_SLOT(server), &into, &(struct urb_recvmsg_opts){
		.key_out = &rkey }), 0);
	assert_int_equal(urb_push_sendmsg(b, URB_SLOT(client), &to_server, &(struct urb_sendmsg_opts){
		.key_out = &skey }), 0);
	assert_int_equal(urb_buf_owner(b, in[0]), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, out[1]), URB_OWN_KERNEL);
	assert_int_equal(s.c[t_await_final(b, &s, skey)].result, 16);
	i = t_await_final(b, &s, rkey);
	assert_int_equal(s.c[i].result, 16);
	assert_int_equal(got[i].flags, 0);
	assert_int_equal(got[i].peer.ss_family, family);
	assert_int_equal(got[i].peer_len, cl);
	assert_int_equal(port_of(&got[i].peer), port_of(&ca));
	t_assert_view(b, in[0], "hello, d", 8);
	t_assert_view(b, in[1], "atagram!", 8);

	/* back to the sender, from the buffers it arrived in, to the address it came from */
	{
		struct sockaddr_storage peer = got[i].peer;
		struct urb_msg reply = { .bufs = in, .count = 2, .name = (struct sockaddr *)&peer,
					 .name_len = got[i].peer_len };

		assert_int_equal(urb_push_recvmsg(b, URB_SLOT(client), &into_back,
			&(struct urb_recvmsg_opts){ .key_out = &rkey }), 0);
		assert_int_equal(urb_push_sendmsg(b, URB_SLOT(server), &reply,
			&(struct urb_sendmsg_opts){ .key_out = &skey }), 0);
		assert_int_equal(s.c[t_await_final(b, &s, skey)].result, 16);
		i = t_await_final(b, &s, rkey);
		assert_int_equal(s.c[i].result, 16);
		assert_int_equal(port_of(&got[i].peer), port_of(&sa));
		assert_int_equal(urb_buf_view(b, back[0], &data, &len), 0);
		assert_int_equal(len, 8);
		assert_memory_equal(data, "hello, d", 8);
		t_assert_view(b, back[1], "atagram!", 8);
	}
	assert_all_back(b);
	for (int k = 0; k < 6; k++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set, k)) == URB_OWN_KERNEL, 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(sfd);
	close(cfd);
}

static void udp_echo_ipv4(void **state)
{
	(void)state;
	udp_echo(AF_INET);
}

static void udp_echo_ipv6(void **state)
{
	int probe = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 lo = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };

	(void)state;
	if (probe < 0 || bind(probe, (struct sockaddr *)&lo, sizeof(lo)) < 0) {
		print_message("skipped: no IPv6 loopback here\n");
		if (probe >= 0)
			close(probe);
		return;
	}
	close(probe);
	udp_echo(AF_INET6);
}

/* A datagram longer than the buffers: what fits lands, the rest is dropped, MSG_TRUNC says so. */
static void truncated_datagram(void **state)
{
	struct urb_bearer *b = msg_bearer();
	struct t_log s = { .keep = keep_msg };
	struct sockaddr_storage sa, ca;
	socklen_t sl, cl;
	int sfd, cfd, set = urb_bufset_create(b, 2, 8), i;
	uint32_t server = udp(b, AF_INET, &sa, &sl, &sfd), client = udp(b, AF_INET, &ca, &cl, &cfd);
	urb_buf_t in[1] = { URB_BUF(set, 0) };
	struct urb_msg into = { .bufs = in, .count = 1 };
	uint64_t key = 0;

	(void)state;
	(void)client;
	assert_true(set >= 0);
	assert_int_equal(sendto(cfd, "twenty bytes, and..", 20, 0, (struct sockaddr *)&sa, sl), 20);
	assert_int_equal(urb_push_recvmsg(b, URB_SLOT(server), &into,
		&(struct urb_recvmsg_opts){ .key_out = &key }), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 8);
	assert_true(got[i].flags & MSG_TRUNC);
	t_assert_view(b, in[0], "twenty b", 8);

	/* MSG_TRUNC asked for: the result is the datagram's length, the buffer still holds 8 */
	assert_int_equal(sendto(cfd, "twenty bytes, and..", 20, 0, (struct sockaddr *)&sa, sl), 20);
	assert_int_equal(urb_push_recvmsg(b, URB_SLOT(server), &into,
		&(struct urb_recvmsg_opts){ .msg_flags = MSG_TRUNC, .key_out = &key }), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 20);
	t_assert_view(b, in[0], "twenty b", 8);
	assert_all_back(b);
	t_free(b);
	close(sfd);
	close(cfd);
}

/* An fd across a unix datagram pair in SCM_RIGHTS, then a control buffer too small for it. */
static void control_data(void **state)
{
	struct urb_bearer *b = msg_bearer();
	struct t_log s = { .keep = keep_msg };
	int pair[2], pipefd[2], set = urb_bufset_create(b, 4, 64), small = urb_bufset_create(b, 1, 8);
	uint32_t a, z;
	urb_buf_t body = URB_BUF(set, 0), ctl = URB_BUF(set, 1), in[1] = { URB_BUF(set, 2) };
	urb_buf_t room = URB_BUF(set, 3), tiny = URB_BUF(small, 0);
	struct urb_msg send = { .bufs = &body, .count = 1, .control = &ctl };
	struct urb_msg into = { .bufs = in, .count = 1, .control = &room };
	uint64_t key = 0;
	struct cmsghdr *cm;
	void *data;
	uint32_t cap;
	int i, fd;
	char c = 0;

	(void)state;
	assert_true(set >= 0 && small >= 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair), 0);
	assert_int_equal(pipe2(pipefd, O_CLOEXEC), 0);
	a = t_register(b, dup(pair[0]), URB_FD_SOCKET);
	z = t_register(b, dup(pair[1]), URB_FD_SOCKET);
	t_fill(b, body, "fd");
	assert_int_equal(urb_buf_fill(b, ctl, &data, &cap), 0);
	memset(data, 0, CMSG_SPACE(sizeof(int)));
	cm = data;
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &pipefd[1], sizeof(int));
	assert_int_equal(urb_buf_filled(b, ctl, CMSG_SPACE(sizeof(int))), 0);

	assert_int_equal(urb_push_sendmsg(b, URB_SLOT(a), &send, &(struct urb_sendmsg_opts){
		.key_out = &key }), 0);
	assert_int_equal(urb_buf_owner(b, ctl), URB_OWN_KERNEL);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 2);
	assert_int_equal(urb_buf_owner(b, ctl), URB_OWN_RETURNED);
	assert_int_equal(urb_push_recvmsg(b, URB_SLOT(z), &into, &(struct urb_recvmsg_opts){
		.key_out = &key }), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 2);
	assert_int_equal(got[i].flags & MSG_CTRUNC, 0);
	assert_int_equal(got[i].control_len, CMSG_SPACE(sizeof(int)));
	cm = (struct cmsghdr *)got[i].control;
	assert_int_equal(cm->cmsg_level, SOL_SOCKET);
	assert_int_equal(cm->cmsg_type, SCM_RIGHTS);
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	assert_int_equal(write(fd, "x", 1), 1); /* the received fd is the pipe's write end */
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	assert_int_equal(c, 'x');
	close(fd);
	t_assert_view(b, in[0], "fd", 2);
	{
		const void *view;
		uint32_t len;

		assert_int_equal(urb_buf_view(b, room, &view, &len), 0);
		assert_int_equal(len, CMSG_SPACE(sizeof(int))); /* the control bytes are its valid bytes */
	}

	/* no room for the fd: the kernel drops it and says MSG_CTRUNC */
	assert_int_equal(urb_push_sendmsg(b, URB_SLOT(a), &send, &(struct urb_sendmsg_opts){
		.key_out = &key }), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 2);
	into.control = &tiny;
	assert_int_equal(urb_push_recvmsg(b, URB_SLOT(z), &into, &(struct urb_recvmsg_opts){
		.key_out = &key }), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 2);
	assert_true(got[i].flags & MSG_CTRUNC);

	/* a connected pair needs no name: and one given to a push must fit */
	send.control = NULL;
	send.name_len = 4;
	assert_int_equal(urb_push_sendmsg(b, URB_SLOT(a), &send, NULL), URB_EINVAL);
	send.name_len = 0;
	assert_int_equal(urb_push_sendmsg(b, URB_SLOT(a), &send, NULL), 0);
	t_settle(b, &s);
	assert_all_back(b);
	t_free(b);
	close(pair[0]);
	close(pair[1]);
	close(pipefd[0]);
	close(pipefd[1]);
}

/* The owner of the zero-copy send's first buffer at each of its completions. */
static struct {
	struct urb_bearer *b;
	urb_buf_t buf;
	int owner[T_LOG_MAX];
} zc;

static void keep_owner(struct t_log *log, int i, const struct urb_completion *c)
{
	keep_msg(log, i, c);
	zc.owner[i] = c->op == URB_OP_SENDMSG_ZC ? urb_buf_owner(zc.b, zc.buf) : -1;
}

/* sendmsg_zc: the result, then the notification that gives the buffers back. */
static void zero_copy(void **state)
{
	struct urb_bearer *b = msg_bearer();
	struct t_log s = { .keep = keep_owner };
	struct sockaddr_storage sa, ca;
	socklen_t sl, cl;
	int sfd, cfd, set = urb_bufset_create(b, 4, 8), i, results = 0, notifs = 0;
	uint32_t server = udp(b, AF_INET, &sa, &sl, &sfd), client = udp(b, AF_INET, &ca, &cl, &cfd);
	urb_buf_t out[2] = { URB_BUF(set, 0), URB_BUF(set, 1) }, in[2] = { URB_BUF(set, 2),
									     URB_BUF(set, 3) };
	struct urb_msg to_server = { .bufs = out, .count = 2, .name = (struct sockaddr *)&sa,
				     .name_len = sl };
	struct urb_msg into = { .bufs = in, .count = 2 };
	uint64_t key = 0, rkey = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG_ZC);
	assert_true(set >= 0);
	zc.b = b;
	zc.buf = out[0];
	t_fill(b, out[0], "zero-cop");
	t_fill(b, out[1], "y, twice");
	assert_int_equal(urb_push_recvmsg(b, URB_SLOT(server), &into, &(struct urb_recvmsg_opts){
		.key_out = &rkey }), 0);
	assert_int_equal(urb_push_sendmsg_zc(b, URB_SLOT(client), &to_server, &(struct urb_sendmsg_zc_opts){
		.key_out = &key }), 0);
	i = t_await_final(b, &s, key);
	assert_true(s.c[i].notif);
	assert_int_equal(zc.owner[i], URB_OWN_RETURNED); /* the notification gave them back */
	for (int k = 0; k < s.n; k++) {
		if (s.c[k].key != key || s.c[k].notif)
			continue;
		results++;
		assert_int_equal(s.c[k].result, 16);
		assert_true(s.c[k].more);
		assert_int_equal(zc.owner[k], URB_OWN_KERNEL); /* the kernel may still read them */
	}
	for (int k = 0; k < s.n; k++)
		notifs += s.c[k].key == key && s.c[k].notif;
	assert_int_equal(results, 1);
	assert_int_equal(notifs, 1);
	i = t_await_final(b, &s, rkey);
	assert_int_equal(s.c[i].result, 16);
	t_assert_view(b, in[0], "zero-cop", 8);
	t_assert_view(b, in[1], "y, twice", 8);
	assert_all_back(b);
	t_free(b);
	close(sfd);
	close(cfd);
}

/* What each multishot recvmsg completion showed; its buffer goes back to the group at once. */
static struct {
	struct urb_bearer *b;
	int n;
	char data[32][32];
	uint32_t len[32];
	uint32_t flags[32];
	uint16_t port[32];
	uint32_t name_len[32], name_full[32];
	int pktinfo[32]; /* an IP_PKTINFO control message for 127.0.0.1 came with it */
} multi;

static void keep_part(struct t_log *log, int i, const struct urb_completion *c)
{
	const struct urb_msg_part *p = &c->u.recvmsg_multi.part;
	int k = multi.n;

	(void)log, (void)i;
	if (c->op != URB_OP_RECVMSG_MULTI || p->buf == URB_BUF_NONE)
		return;
	if (c->result >= 0 && p->data && k < 32) {
		struct msghdr hdr = { .msg_control = (void *)p->control,
				      .msg_controllen = p->control_len };
		struct cmsghdr *cm;

		multi.len[k] = p->len;
		memcpy(multi.data[k], p->data, p->len < 31 ? p->len : 31);
		multi.flags[k] = p->flags;
		multi.port[k] = p->peer.addr ? ((const struct sockaddr_in *)p->peer.addr)->sin_port : 0;
		multi.name_len[k] = p->peer.len;
		multi.name_full[k] = p->name_len;
		for (cm = CMSG_FIRSTHDR(&hdr); cm; cm = CMSG_NXTHDR(&hdr, cm)) {
			struct in_pktinfo pi;

			if (cm->cmsg_level != IPPROTO_IP || cm->cmsg_type != IP_PKTINFO)
				continue;
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			multi.pktinfo[k] = pi.ipi_addr.s_addr == htonl(INADDR_LOOPBACK);
		}
		multi.n++;
	}
	assert_int_equal(urb_buf_recycle(multi.b, p->buf), 0);
}

/* Many datagrams through one multishot recvmsg over a ring of 4 buffers, parsed; then a cancel. */
static void multishot(void **state)
{
	struct urb_bearer *b = msg_bearer();
	struct t_log s = { .keep = keep_part };
	struct sockaddr_storage sa, ca;
	socklen_t sl, cl;
	int sfd, cfd, set = urb_bufset_create(b, 4, 256), on = 1, i;
	uint32_t server = udp(b, AF_INET, &sa, &sl, &sfd), client = udp(b, AF_INET, &ca, &cl, &cfd);
	struct urb_msg_room room = { .name_len = sizeof(struct sockaddr_in),
				     .control_len = CMSG_SPACE(sizeof(struct in_pktinfo)) };
	uint64_t key = 0, ckey = 0;
	char big[300];

	(void)state;
	(void)client;
	T_REQUIRE_OP(b, URB_OP_RECVMSG_MULTI);
	assert_true(set >= 0);
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	assert_int_equal(setsockopt(sfd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)), 0);
	memset(&multi, 0, sizeof(multi));
	multi.b = b;
	assert_int_equal(urb_push_recvmsg_multi(b, URB_SLOT(server), (uint32_t)set, &room,
		&(struct urb_recvmsg_multi_opts){ .key_out = &key }), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	for (int k = 0; k < 20; k++) {
		char msg[16];
		int len = snprintf(msg, sizeof(msg), "datagram %02d", k);

		assert_int_equal(sendto(cfd, msg, (size_t)len, 0, (struct sockaddr *)&sa, sl), len);
		for (int round = 0; round < 200 && multi.n <= k; round++) {
			struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

			urb_bearer_submit_and_wait(b, 1, &ts);
			assert_true(urb_bearer_completions(b, t_log_cb, &s) >= 0);
		}
		assert_int_equal(multi.n, k + 1);
		assert_int_equal(multi.len[k], (uint32_t)len);
		assert_memory_equal(multi.data[k], msg, (size_t)len);
		assert_int_equal(multi.flags[k], 0);
		assert_int_equal(multi.port[k], port_of(&ca));
		assert_true(multi.pktinfo[k]);
	}
	/* longer than the room after the header, address and control: cut, MSG_TRUNC */
	memset(big, 'z', sizeof(big));
	assert_int_equal(sendto(cfd, big, sizeof(big), 0, (struct sockaddr *)&sa, sl), (int)sizeof(big));
	for (int round = 0; round < 200 && multi.n <= 20; round++) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, t_log_cb, &s) >= 0);
	}
	assert_int_equal(multi.n, 21);
	assert_true(multi.flags[20] & MSG_TRUNC);
	assert_true(multi.len[20] < sizeof(big));

	assert_int_equal(urb_push_cancel(b, key, &(struct urb_cancel_opts){ .key_out = &ckey }), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, -ECANCELED);

	/* room for 8 bytes of a 16-byte address: the name is cut, its full length reported */
	room.name_len = 8;
	room.control_len = 0;
	multi.n = 0;
	assert_int_equal(urb_push_recvmsg_multi(b, URB_SLOT(server), (uint32_t)set, &room,
		&(struct urb_recvmsg_multi_opts){ .key_out = &key }), 0);
	assert_int_equal(sendto(cfd, "short", 5, 0, (struct sockaddr *)&sa, sl), 5);
	for (int round = 0; round < 200 && multi.n < 1; round++) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, t_log_cb, &s) >= 0);
	}
	assert_int_equal(multi.n, 1);
	assert_int_equal(multi.len[0], 5);
	assert_memory_equal(multi.data[0], "short", 5);
	assert_int_equal(multi.name_len[0], 8);          /* what fitted */
	assert_int_equal(multi.name_full[0], sizeof(struct sockaddr_in)); /* what the sender had */
	assert_int_equal(multi.port[0], port_of(&ca));   /* the family and port fit in 8 bytes */
	assert_int_equal(urb_push_cancel(b, key, &(struct urb_cancel_opts){ .key_out = &ckey }), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, -ECANCELED);
	assert_all_back(b);
	for (uint32_t k = 0; k < 4; k++) /* every buffer back in the group */
		assert_int_equal(urb_buf_owner(b, URB_BUF(set, k)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(sfd);
	close(cfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(udp_echo_ipv4),
		cmocka_unit_test(udp_echo_ipv6),
		cmocka_unit_test(truncated_datagram),
		cmocka_unit_test(control_data),
		cmocka_unit_test(zero_copy),
		cmocka_unit_test(multishot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
