/* SPDX-License-Identifier: MIT */
/*
 * urb's books of its buffer rings against what the real kernel does with
 * them: a bundle recv may go round again and take more buffers than one
 * round asks for; the user recycles other ops' buffers while a bundle's
 * completion waits to be read; a send bundle takes every queued buffer
 * when it is issued, keeps them when it fails or is cut short, and
 * completes in any order with others; an incremental ring's partly
 * filled buffer outlives nothing.  Every test
 * checks the bytes where they land and who owns each buffer after.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "support.h"

#define MAX_RUN 64

/* A bundle completion, copied out in the callback (its run lasts only that long). */
struct seen_run {
	bool done;
	int32_t result;
	uint32_t count, bytes;
	urb_buf_t bufs[MAX_RUN];
	char data[4096];
};

static void copy_run(struct urb_bearer *b, const struct urb_completion *c,
		     const struct urb_bundle *run, struct seen_run *out)
{
	uint32_t at = 0;

	out->done = true;
	out->result = c->result;
	out->count = run->count;
	out->bytes = run->bytes;
	for (uint32_t i = 0; i < run->count && i < MAX_RUN; i++) {
		const void *data;
		uint32_t len;

		out->bufs[i] = run->bufs[i];
		if (urb_buf_view(b, run->bufs[i], &data, &len) == 0 && at + len <= sizeof(out->data)) {
			memcpy(out->data + at, data, len);
			at += len;
		}
	}
}

static struct urb_bearer *ring_bearer(uint32_t rings)
{
	struct urb_capacity cap = { .core_queue = 32, .registered_fd = 8, .pending_completions = 32,
				    .buffers = 4, .buffer_bytes = 1024 * 1024,
				    .buffer_rings = rings };

	return t_bearer_cap(&cap);
}

static void stream_pair(int sv[2])
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
}

/* Writes into @fd until the socket takes no more; how much. */
static size_t fill_socket(int fd)
{
	static char junk[4096];
	size_t total = 0;
	int flags = fcntl(fd, F_GETFL);
	ssize_t n;

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while ((n = write(fd, junk, sizeof(junk))) > 0)
		total += (size_t)n;
	fcntl(fd, F_SETFL, flags);
	return total;
}

/* Reads exactly @len bytes from @fd. */
static void read_all(int fd, void *to, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)to + got, len - got);

		assert_true(n > 0);
		got += (size_t)n;
	}
}

static void drain(int fd, size_t len)
{
	static char sink[4096];

	while (len) {
		size_t n = len < sizeof(sink) ? len : sizeof(sink);

		read_all(fd, sink, n);
		len -= n;
	}
}

/* Turns the bearer until @done (2 s at most). */
static void turn_until(struct urb_bearer *b, const bool *done, urb_completion_fn fn, void *user)
{
	for (int round = 0; round < 200 && !*done; round++) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, fn, user) >= 0);
	}
	assert_true(*done);
}

/* At a quiet point, urb's books of the ring and the kernel's head agree (Linux 6.8). */
static void audit(struct urb_bearer *b, int set)
{
	int rc = urb_bufring_audit(b, (uint32_t)set);

	if (rc != URB_ENOTSUP)
		assert_int_equal(rc, 0);
}

/* ---- receive rings */

struct recv_books {
	uint64_t bundle_key;
	struct seen_run bundle;
	int pieces;            /* recv_multi completions that handed out a buffer */
	bool recycle_pieces;   /* give those back at once, as a server would */
	char piece_data[256];
	uint32_t piece_bytes;
};

static enum urb_disposition on_recv(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct recv_books *s = user;

	if (c->op == URB_OP_RECV_BUNDLE && c->key == s->bundle_key) {
		copy_run(b, c, &c->u.recv_bundle.run, &s->bundle);
	} else if (c->op == URB_OP_RECV_MULTI && c->selected != URB_BUF_NONE) {
		const struct urb_data *d = &c->u.recv_multi.data;

		s->pieces++;
		if (s->piece_bytes + d->len <= sizeof(s->piece_data)) {
			memcpy(s->piece_data + s->piece_bytes, d->data, d->len);
			s->piece_bytes += d->len;
		}
		if (s->recycle_pieces)
			assert_int_equal(urb_buf_recycle(b, c->selected), 0);
	}
	return URB_DEFAULT;
}

/* Turns the bearer until the recv_multi pieces hold @bytes (2 s at most). */
static void await_pieces(struct urb_bearer *b, struct recv_books *s, uint32_t bytes)
{
	for (int round = 0; round < 200 && s->piece_bytes < bytes; round++) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, on_recv, s) >= 0);
	}
}

/*
 * A bundle and a multishot recv on one ring wake in one kernel entry: the
 * bundle takes the ring's first buffers, the multishot the next, and the
 * user recycles the multishot's buffers as they come, rewriting ring
 * entries.  The bundle's completion must still name exactly its own
 * buffers, with its bytes.  (Kernels that post a multishot's completions
 * ahead of a bundle that completed before it would put the recycles first;
 * 6.18 keeps them in order, as the kernel's own comment in
 * io_req_post_cqe() promises.)
 */
static void bundle_run_outlives_earlier_recycles(void **state)
{
	struct urb_bearer *b = ring_bearer(1);
	struct recv_books s = { .recycle_pieces = true };
	int set = urb_bufset_create(b, 4, 16), a[2], z[2];
	uint32_t sa, sz;
	uint64_t zkey = 0;
	static const char xmsg[] = "XXXXXXXXXXXXXXXXxxxxxxxxxxxxxxxx"; /* two buffers' worth */
	static const char zmsg[] = "ZZZZZZZZZZZZZZZZzzzzzzzzzzzzzzzz";

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_BUNDLE);
	assert_true(set >= 0);
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	stream_pair(a);
	stream_pair(z);
	sa = t_register(b, a[0], URB_FD_STREAM);
	sz = t_register(b, z[0], URB_FD_STREAM);
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(sa), (uint32_t)set,
		&(struct urb_recv_bundle_opts){ .key_out = &s.bundle_key }), 0);
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(sz), (uint32_t)set,
		&(struct urb_recv_multi_opts){ .key_out = &zkey }), 0);
	assert_int_equal(urb_bearer_submit(b), 2);
	/* both wake in one kernel entry: the bundle first, then the multishot */
	assert_int_equal(write(a[1], xmsg, 32), 32);
	assert_int_equal(write(z[1], zmsg, 32), 32);
	turn_until(b, &s.bundle.done, on_recv, &s);

	assert_int_equal(s.bundle.result, 32);
	assert_int_equal(s.bundle.count, 2);
	assert_memory_equal(s.bundle.data, xmsg, 32);
	for (uint32_t i = 0; i < s.bundle.count; i++) {
		assert_int_equal(urb_buf_owner(b, s.bundle.bufs[i]), URB_OWN_RETURNED);
		assert_int_equal(urb_buf_recycle(b, s.bundle.bufs[i]), 0);
	}
	await_pieces(b, &s, 32);
	assert_int_equal(s.piece_bytes, 32);
	assert_memory_equal(s.piece_data, zmsg, 32);
	/* every buffer is in the ring once: four more 16-byte pieces fill all four */
	assert_int_equal(write(z[1], "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			       64), 64);
	await_pieces(b, &s, 96);
	assert_int_equal(s.piece_bytes, 96);
	assert_memory_equal(s.piece_data + 32,
			    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 64);
	assert_int_equal(urb_push_cancel(b, zkey, NULL), 0);
	t_settle(b, &(struct t_log){ 0 });
	audit(b, set);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(a[1]);
	close(z[1]);
}

/*
 * An ASYNC bundle, or one in a link chain (which the kernel runs in a
 * worker when the chain goes there), takes its buffers in a worker one at
 * a time from wherever the ring is then: its run cannot be known.
 */
static void async_bundle_refused(void **state)
{
	struct urb_bearer *b = ring_bearer(1);
	int set = urb_bufset_create(b, 4, 8), sv[2];
	uint32_t slot;
	uint64_t key = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_BUNDLE);
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	stream_pair(sv);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)set,
		&(struct urb_recv_bundle_opts){ .submit_flags = URB_SUBMIT_ASYNC }), URB_ENOTALLOWED);
	assert_non_null(strstr(urb_bearer_detail(b), "ASYNC"));
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)set,
		&(struct urb_recv_bundle_opts){ .submit_flags = URB_SUBMIT_LINK }), URB_ENOTALLOWED);
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)set,
		&(struct urb_recv_bundle_opts){ .submit_flags = URB_SUBMIT_HARDLINK }),
			 URB_ENOTALLOWED);
	assert_non_null(strstr(urb_bearer_detail(b), "nor linked"));
	assert_int_equal(t_pending(b), 0);
	/* nor after a push that links to it: the nop then runs alone */
	assert_int_equal(urb_push_nop(b, &(struct urb_nop_opts){ .submit_flags = URB_SUBMIT_LINK }),
			 0);
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)set, NULL),
			 URB_ENOTALLOWED);
	assert_non_null(strstr(urb_bearer_detail(b), "the link from the push before was cut"));
	t_settle(b, &(struct t_log){ 0 });
	/* the same without ASYNC is taken */
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)set,
		&(struct urb_recv_bundle_opts){ .key_out = &key }), 0);
	assert_int_equal(urb_push_cancel(b, key, NULL), 0);
	t_settle(b, &(struct t_log){ 0 });
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(sv[1]);
}

/* More waiting than one round takes: the kernel goes round again into the same completion. */
static void bundle_takes_what_waits(void **state)
{
	struct urb_bearer *b = ring_bearer(1);
	struct recv_books s = { 0 };
	int set = urb_bufset_create(b, 32, 64), sv[2];
	char msg[3000], got[3000];
	uint32_t slot, have = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_BUNDLE);
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (char)('a' + (i * 7 + i / 64) % 26);
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	stream_pair(sv);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	assert_int_equal(write(sv[1], msg, sizeof(msg)), (ssize_t)sizeof(msg));
	usleep(10 * 1000);
	while (have < sizeof(msg)) {
		memset(&s.bundle, 0, sizeof(s.bundle));
		assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)set,
			&(struct urb_recv_bundle_opts){ .key_out = &s.bundle_key }), 0);
		turn_until(b, &s.bundle.done, on_recv, &s);
		assert_true(s.bundle.result > 0);
		assert_int_equal(s.bundle.bytes, s.bundle.result);
		/* every byte shown, in the buffers named, in order */
		assert_int_equal(s.bundle.count, ((uint32_t)s.bundle.result + 63) / 64);
		assert_true(have + (uint32_t)s.bundle.result <= sizeof(msg));
		memcpy(got + have, s.bundle.data, (size_t)s.bundle.result);
		assert_memory_equal(got + have, msg + have, (size_t)s.bundle.result);
		have += (uint32_t)s.bundle.result;
		audit(b, set);
		for (uint32_t i = 0; i < s.bundle.count; i++)
			assert_int_equal(urb_buf_recycle(b, s.bundle.bufs[i]), 0);
	}
	for (uint32_t i = 0; i < 32; i++) /* all of them back in the ring */
		assert_int_equal(urb_buf_owner(b, URB_BUF(set, i)), URB_OWN_KERNEL);
	audit(b, set);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(sv[1]);
}

/* A piece an incremental ring kept says nothing about the set once the ring is gone. */
static void incremental_books_end_with_the_ring(void **state)
{
	struct urb_bearer *b = ring_bearer(1);
	struct recv_books s = { 0 };
	int set = urb_bufset_create(b, 1, 16), sv[2], rc;
	uint32_t slot;
	uint64_t key = 0;
	const void *data;
	uint32_t len;

	(void)state;
	rc = urb_bufring_create_incremental(b, (uint32_t)set);
	if (rc == URB_ENOTSUP) {
		print_message("skipped: %s\n", urb_bearer_detail(b));
		t_free(b);
		skip();
	}
	assert_int_equal(rc, 0);
	stream_pair(sv);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), (uint32_t)set,
		&(struct urb_recv_multi_opts){ .key_out = &key }), 0);
	assert_int_equal(write(sv[1], "0123456789", 10), 10);
	await_pieces(b, &s, 10);
	assert_int_equal(s.piece_bytes, 10);
	assert_int_equal(urb_push_cancel(b, key, NULL), 0);
	t_settle(b, &(struct t_log){ 0 });
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	assert_int_equal(urb_buf_owner(b, URB_BUF(set, 0)), URB_OWN_RETURNED);

	/* a plain ring now: a full buffer's receive is 16 bytes, all of them shown */
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), (uint32_t)set,
		&(struct urb_recv_multi_opts){ .key_out = &key }), 0);
	assert_int_equal(write(sv[1], "ABCDEFGHIJKLMNOP", 16), 16);
	await_pieces(b, &s, 16);
	assert_int_equal(s.piece_bytes, 16);
	assert_memory_equal(s.piece_data, "ABCDEFGHIJKLMNOP", 16);
	assert_int_equal(urb_buf_view(b, URB_BUF(set, 0), &data, &len), 0);
	assert_int_equal(len, 16);
	assert_memory_equal(data, "ABCDEFGHIJKLMNOP", 16);
	assert_int_equal(urb_push_cancel(b, key, NULL), 0);
	t_settle(b, &(struct t_log){ 0 });
	assert_int_equal(urb_buf_recycle(b, URB_BUF(set, 0)), 0);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);

	/* incremental again: the first piece starts at the buffer's start */
	assert_int_equal(urb_bufring_create_incremental(b, (uint32_t)set), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), (uint32_t)set,
		&(struct urb_recv_multi_opts){ .key_out = &key }), 0);
	assert_int_equal(write(sv[1], "abcdefghijklmnop", 16), 16);
	await_pieces(b, &s, 16);
	assert_int_equal(s.piece_bytes, 16);
	assert_memory_equal(s.piece_data, "abcdefghijklmnop", 16);
	assert_int_equal(urb_buf_view(b, URB_BUF(set, 0), &data, &len), 0);
	assert_int_equal(len, 16);
	assert_int_equal(urb_push_cancel(b, key, NULL), 0);
	t_settle(b, &(struct t_log){ 0 });
	assert_int_equal(urb_buf_recycle(b, URB_BUF(set, 0)), 0);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(sv[1]);
}

/* Each message's header is where its piece starts: an incremental ring would cut it. */
static void recvmsg_multi_on_incremental_refused(void **state)
{
	struct urb_bearer *b = ring_bearer(1);
	int set = urb_bufset_create(b, 2, 256), sv[2];
	uint32_t slot;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG_MULTI);
	if (urb_bufring_create_incremental(b, (uint32_t)set) == URB_ENOTSUP) {
		print_message("skipped: %s\n", urb_bearer_detail(b));
		t_free(b);
		skip();
	}
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
	slot = t_register(b, sv[0], URB_FD_SOCKET);
	assert_int_equal(urb_push_recvmsg_multi(b, URB_SLOT(slot), (uint32_t)set, NULL, NULL),
			 URB_ENOTALLOWED);
	assert_non_null(strstr(urb_bearer_detail(b), "incremental"));
	assert_int_equal(t_pending(b), 0);
	t_free(b);
	close(sv[1]);
}

/* ---- send rings */

struct send_books {
	uint64_t keys[4];
	struct seen_run runs[4];
};

static enum urb_disposition on_send(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct send_books *s = user;

	for (int i = 0; i < 4; i++)
		if (c->op == URB_OP_SEND_BUNDLE && c->key == s->keys[i])
			copy_run(b, c, &c->u.send_bundle.run, &s->runs[i]);
	return URB_DEFAULT;
}

static void fill_with(struct urb_bearer *b, urb_buf_t buf, char c, uint32_t len)
{
	void *data;
	uint32_t cap;

	assert_int_equal(urb_buf_fill(b, buf, &data, &cap), 0);
	assert_true(len <= cap);
	memset(data, c, len);
	assert_int_equal(urb_buf_filled(b, buf, len), 0);
}

static void expect_bytes(int fd, char c, size_t len)
{
	char got[512];

	while (len) {
		size_t n = len < sizeof(got) ? len : sizeof(got);

		read_all(fd, got, n);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(got[i], c);
		len -= n;
	}
}

/*
 * Two send bundles on one ring, the first stuck behind a peer that does
 * not read: what is queued after the first is pushed waits for it, so each
 * completion names exactly the buffers it sent.
 */
static void send_bundles_complete_in_any_order(void **state)
{
	struct urb_bearer *b = ring_bearer(1);
	struct send_books s = { 0 };
	int set = urb_bufset_create(b, 4, 64), a[2], z[2];
	uint32_t sa, sz;
	size_t prefill;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_BUNDLE);
	assert_int_equal(urb_bufring_create_send(b, (uint32_t)set), 0);
	stream_pair(a);
	stream_pair(z);
	prefill = fill_socket(a[0]);
	sa = t_register(b, a[0], URB_FD_STREAM);
	sz = t_register(b, z[0], URB_FD_STREAM);
	fill_with(b, URB_BUF(set, 0), '0', 64);
	fill_with(b, URB_BUF(set, 1), '1', 64);
	assert_int_equal(urb_buf_queue(b, URB_BUF(set, 0)), 0);
	assert_int_equal(urb_buf_queue(b, URB_BUF(set, 1)), 0);
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(sa), (uint32_t)set,
		&(struct urb_send_bundle_opts){ .key_out = &s.keys[0] }), 0);
	assert_int_equal(urb_bearer_submit(b), 1);

	fill_with(b, URB_BUF(set, 2), '2', 64);
	fill_with(b, URB_BUF(set, 3), '3', 64);
	assert_int_equal(urb_buf_queue(b, URB_BUF(set, 2)), 0);
	assert_int_equal(urb_buf_queue(b, URB_BUF(set, 3)), 0);
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(sz), (uint32_t)set,
		&(struct urb_send_bundle_opts){ .key_out = &s.keys[1] }), 0);
	turn_until(b, &s.runs[1].done, on_send, &s);
	if (s.runs[1].result > 0) {
		/* it took 2 and 3: the user fills them again and queues them */
		drain(z[1], (size_t)s.runs[1].result);
		for (uint32_t i = 0; i < s.runs[1].count; i++) {
			fill_with(b, s.runs[1].bufs[i], 'R', 64);
			assert_int_equal(urb_buf_queue(b, s.runs[1].bufs[i]), 0);
		}
	} else {
		/* what was queued after the stuck send waits for it: nothing to take yet */
		assert_int_equal(s.runs[1].result, -ENOBUFS);
		assert_int_equal(s.runs[1].count, 0);
	}

	/* the stuck peer reads: the first send completes with exactly 0 and 1 */
	drain(a[1], prefill);
	turn_until(b, &s.runs[0].done, on_send, &s);
	expect_bytes(a[1], '0', 64);
	expect_bytes(a[1], '1', 64);
	assert_int_equal(s.runs[0].result, 128);
	assert_int_equal(s.runs[0].count, 2);
	assert_int_equal(s.runs[0].bufs[0], URB_BUF(set, 0));
	assert_int_equal(s.runs[0].bufs[1], URB_BUF(set, 1));
	assert_int_equal(urb_buf_owner(b, URB_BUF(set, 0)), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, URB_BUF(set, 1)), URB_OWN_RETURNED);

	/* 2 and 3 were waiting: now they go, with their bytes */
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(sz), (uint32_t)set,
		&(struct urb_send_bundle_opts){ .key_out = &s.keys[2] }), 0);
	turn_until(b, &s.runs[2].done, on_send, &s);
	assert_int_equal(s.runs[2].result, 128);
	assert_int_equal(s.runs[2].count, 2);
	assert_int_equal(s.runs[2].bufs[0], URB_BUF(set, 2));
	assert_int_equal(s.runs[2].bufs[1], URB_BUF(set, 3));
	expect_bytes(z[1], '2', 64);
	expect_bytes(z[1], '3', 64);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set, i)), URB_OWN_RETURNED);
	assert_int_equal(t_pending(b), 0);
	audit(b, set);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(a[1]);
	close(z[1]);
}

/* Queues buffers 0..n-1 of @set, each @len bytes of 'a' + i. */
static void queue_lettered(struct urb_bearer *b, int set, uint32_t n, uint32_t len)
{
	for (uint32_t i = 0; i < n; i++) {
		fill_with(b, URB_BUF(set, i), (char)('a' + i), len);
		assert_int_equal(urb_buf_queue(b, URB_BUF(set, i)), 0);
	}
}

/* Every buffer a send bundle took is the user's again, its bytes as they were. */
static void assert_all_back(struct urb_bearer *b, int set, uint32_t n, uint32_t len)
{
	for (uint32_t i = 0; i < n; i++) {
		const void *data;
		uint32_t got;

		assert_int_equal(urb_buf_owner(b, URB_BUF(set, i)), URB_OWN_RETURNED);
		assert_int_equal(urb_buf_view(b, URB_BUF(set, i), &data, &got), 0);
		assert_int_equal(got, len);
		assert_int_equal(((const char *)data)[len - 1], 'a' + (int)i);
	}
}

/* A send bundle that fails, or is cancelled, still took every buffer queued: all come back. */
static void failed_send_bundle_gives_back_all(void **state)
{
	enum { LEN = 16 * 1024 };
	struct urb_bearer *b = ring_bearer(1);
	struct send_books s = { 0 };
	int set = urb_bufset_create(b, 3, LEN), dead[2], full[2], ok[2];
	uint32_t sdead, sfull, sok;
	size_t prefill;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_BUNDLE);
	assert_int_equal(urb_bufring_create_send(b, (uint32_t)set), 0);
	stream_pair(dead);
	stream_pair(full);
	stream_pair(ok);
	close(dead[1]);
	sdead = t_register(b, dead[0], URB_FD_STREAM);
	prefill = fill_socket(full[0]);
	sfull = t_register(b, full[0], URB_FD_STREAM);
	sok = t_register(b, ok[0], URB_FD_STREAM);

	/* the peer is gone: -EPIPE, and all three are the user's again */
	queue_lettered(b, set, 3, LEN);
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(sdead), (uint32_t)set,
		&(struct urb_send_bundle_opts){ .key_out = &s.keys[0] }), 0);
	turn_until(b, &s.runs[0].done, on_send, &s);
	assert_int_equal(s.runs[0].result, -EPIPE);
	assert_int_equal(s.runs[0].count, 3);
	assert_all_back(b, set, 3, LEN);
	audit(b, set);

	/* stuck behind a full socket, then cancelled: the same */
	queue_lettered(b, set, 3, LEN);
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(sfull), (uint32_t)set,
		&(struct urb_send_bundle_opts){ .key_out = &s.keys[1] }), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	usleep(1000);
	assert_int_equal(urb_push_cancel(b, s.keys[1], NULL), 0);
	turn_until(b, &s.runs[1].done, on_send, &s);
	assert_true(s.runs[1].result == -ECANCELED || s.runs[1].result == -EINTR ||
		    s.runs[1].result >= 0);
	assert_int_equal(s.runs[1].count, 3);
	assert_all_back(b, set, 3, LEN);
	t_settle(b, &(struct t_log){ 0 });
	audit(b, set);

	/* and a healthy socket takes all three, every byte */
	queue_lettered(b, set, 3, LEN);
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(sok), (uint32_t)set,
		&(struct urb_send_bundle_opts){ .key_out = &s.keys[2] }), 0);
	turn_until(b, &s.runs[2].done, on_send, &s);
	assert_int_equal(s.runs[2].result, 3 * LEN);
	assert_int_equal(s.runs[2].count, 3);
	for (uint32_t i = 0; i < 3; i++)
		expect_bytes(ok[1], (char)('a' + i), LEN);
	assert_all_back(b, set, 3, LEN);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	t_free(b);
	(void)prefill;
	close(full[1]);
	close(ok[1]);
}

/*
 * A ring destroyed and made again over the same set starts afresh: the
 * kernel hands out the four buffers queued in it, no more, whatever the
 * ring before it went through.  (Linux 5.19 to 6.6 kept a group's ring head
 * across its unregister for group ids below 64: a ring made again there
 * started at the old head, past the new tail, and the kernel handed out
 * entries never queued: buffers the user held.)
 */
static void ring_made_again_starts_afresh(void **state)
{
	struct urb_bearer *b = ring_bearer(1);
	struct recv_books s = { .recycle_pieces = true };
	int set = urb_bufset_create(b, 4, 16), z[2];
	static const char piece[] = "0123456789abcdef";
	static const char five[] = "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCC"
				   "DDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEE";
	uint64_t key = 0;
	uint32_t sz;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_MULTI);
	assert_true(set >= 0);
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	stream_pair(z);
	sz = t_register(b, z[0], URB_FD_STREAM);
	/* six pieces, each recycled as it comes: the kernel's head moves past the four entries */
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(sz), (uint32_t)set,
		&(struct urb_recv_multi_opts){ .key_out = &key }), 0);
	for (uint32_t i = 1; i <= 6; i++) {
		assert_int_equal(write(z[1], piece, 16), 16);
		await_pieces(b, &s, 16 * i);
		assert_int_equal(s.piece_bytes, 16 * i);
	}
	assert_int_equal(urb_push_cancel(b, key, NULL), 0);
	t_settle(b, &(struct t_log){ 0 });
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);

	/* made again: five pieces' worth, none recycled, fill the four buffers and stop */
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	s = (struct recv_books){ 0 };
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(sz), (uint32_t)set,
		&(struct urb_recv_multi_opts){ .key_out = &key }), 0);
	assert_int_equal(write(z[1], five, 80), 80);
	await_pieces(b, &s, 80); /* 2 s at most: four pieces are all a ring of four gives */
	assert_int_equal(s.pieces, 4);
	assert_int_equal(s.piece_bytes, 64);
	assert_memory_equal(s.piece_data, five, 64);
	for (uint32_t i = 0; i < 4; i++) {
		const void *data;
		uint32_t len;

		assert_int_equal(urb_buf_view(b, URB_BUF((uint32_t)set, i), &data, &len), 0);
		assert_int_equal(len, 16);
		assert_non_null(memmem(five, 64, data, 16)); /* its own piece, not overwritten */
		assert_int_equal(urb_buf_recycle(b, URB_BUF((uint32_t)set, i)), 0);
	}
	t_settle(b, &(struct t_log){ 0 });
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(z[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bundle_run_outlives_earlier_recycles),
		cmocka_unit_test(async_bundle_refused),
		cmocka_unit_test(bundle_takes_what_waits),
		cmocka_unit_test(incremental_books_end_with_the_ring),
		cmocka_unit_test(recvmsg_multi_on_incremental_refused),
		cmocka_unit_test(send_bundles_complete_in_any_order),
		cmocka_unit_test(failed_send_bundle_gives_back_all),
		cmocka_unit_test(ring_made_again_starts_afresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
