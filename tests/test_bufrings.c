/* SPDX-License-Identifier: MIT */
/*
 * Buffer rings against the real kernel.  A plain ring hands out a whole
 * buffer per message.  An incremental ring (Linux 6.12): a
 * multishot recv fills one buffer in pieces, each piece shown where it
 * landed while the buffer stays the kernel's, until the piece that uses
 * the buffer up hands it to the user whole; the next piece starts the
 * next buffer.  Nothing is lost across a cancel, and the ring goes.  And
 * bundles (Linux 6.10): one recv takes a run of ring buffers, in ring
 * order, which its completion lists, and one send takes the buffers
 * queued on a send ring.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <liburing.h>

#include "support.h"

struct piece {
	urb_buf_t buf;
	bool more;
	uint32_t offset, len;
	char data[64];
	int owner; /* the buffer's owner as the callback saw it */
	int walk_rc; /* a walk from the callback: refused */
};

static enum urb_disposition no_walk(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	(void)b, (void)c, (void)user;
	fail_msg("a walk ran from a callback");
	return URB_DEFAULT;
}

static struct {
	struct urb_bearer *b;
	int n;
	struct piece p[8];
} seen;

static void keep_piece(struct t_log *log, int i, const struct urb_completion *c)
{
	const struct urb_data *d = &c->u.recv_multi.data;
	struct piece *p;

	(void)log, (void)i;
	if (c->op != URB_OP_RECV_MULTI || c->selected == URB_BUF_NONE || seen.n == 8)
		return;
	p = &seen.p[seen.n++];
	p->buf = c->selected;
	p->more = c->selected_more;
	p->offset = c->selected_offset;
	p->len = d->len;
	memcpy(p->data, d->data, d->len < 64 ? d->len : 64);
	p->owner = urb_buf_owner(seen.b, c->selected);
	p->walk_rc = urb_bearer_completions(seen.b, no_walk, NULL);
}

/* Writes @msg from the peer and waits for the piece it makes. */
static void piece(struct urb_bearer *b, struct t_log *s, int peer, const char *msg, int want)
{
	assert_int_equal(write(peer, msg, strlen(msg)), (ssize_t)strlen(msg));
	for (int round = 0; round < 200 && seen.n < want; round++) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, t_log_cb, s) >= 0);
	}
	assert_int_equal(seen.n, want);
}

static void pieces(void **state)
{
	struct urb_capacity cap = { .core_queue = 16, .registered_fd = 4, .pending_completions = 16,
				    .buffers = 2, .buffer_bytes = 64 * 1024, .buffer_rings = 1 };
	struct urb_bearer *b = t_bearer_cap(&cap);
	struct t_log s = { .keep = keep_piece };
	int set = urb_bufset_create(b, 2, 64), sv[2], rc, i;
	uint64_t key = 0, ckey = 0;
	uint32_t slot;
	char c44[45], c50[51];
	const void *data;
	uint32_t len;

	(void)state;
	assert_true(set >= 0);
	rc = urb_bufring_create_incremental(b, (uint32_t)set);
	if (rc == URB_ENOTSUP) {
		print_message("skipped: %s\n", urb_bearer_detail(b));
		t_free(b);
		return;
	}
	assert_int_equal(rc, 0);
	memset(&seen, 0, sizeof(seen));
	seen.b = b;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), (uint32_t)set,
		&(struct urb_recv_multi_opts){ .key_out = &key }), 0);

	piece(b, &s, sv[1], "aaaaaaaaaa", 1);
	piece(b, &s, sv[1], "bbbbbbbbbb", 2);
	memset(c50, 'c', 50);
	c50[50] = 0;
	piece(b, &s, sv[1], c50, 4); /* 44 use the first buffer up, 6 start the next */

	/* the first two pieces: in one buffer, one after the other, still the kernel's */
	for (i = 0; i < 2; i++) {
		assert_int_equal(seen.p[i].buf, seen.p[0].buf);
		assert_true(seen.p[i].more);
		assert_int_equal(seen.p[i].offset, 10u * (uint32_t)i);
		assert_int_equal(seen.p[i].len, 10);
		assert_int_equal(seen.p[i].owner, URB_OWN_KERNEL);
	}
	assert_memory_equal(seen.p[0].data, "aaaaaaaaaa", 10);
	assert_memory_equal(seen.p[1].data, "bbbbbbbbbb", 10);
	/* the third uses it up: the buffer is the user's, every piece its valid bytes */
	assert_int_equal(seen.p[2].buf, seen.p[0].buf);
	assert_false(seen.p[2].more);
	assert_int_equal(seen.p[2].offset, 20);
	assert_int_equal(seen.p[2].len, 44);
	assert_int_equal(seen.p[2].owner, URB_OWN_RETURNED);
	memset(c44, 'c', 44);
	assert_memory_equal(seen.p[2].data, c44, 44);
	assert_int_equal(urb_buf_view(b, seen.p[0].buf, &data, &len), 0);
	assert_int_equal(len, 64);
	assert_memory_equal(data, "aaaaaaaaaabbbbbbbbbb", 20);
	/* the fourth starts the other buffer */
	assert_true(seen.p[3].buf != seen.p[0].buf);
	assert_true(seen.p[3].more);
	assert_int_equal(seen.p[3].offset, 0);
	assert_int_equal(seen.p[3].len, 6);
	assert_int_equal(urb_buf_recycle(b, seen.p[3].buf), URB_EOWNERSHIP); /* still the kernel's */
	assert_int_equal(urb_buf_recycle(b, seen.p[0].buf), 0);

	assert_int_equal(urb_push_cancel(b, key, &(struct urb_cancel_opts){ .key_out = &ckey }), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, -ECANCELED);
	assert_int_equal(t_pending(b), 0);
	for (uint32_t k = 0; k < 2; k++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set, k)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(sv[1]);
}

/* The run the last recv_bundle completion handed out, copied in the callback. */
static struct urb_bundle last_run;

static void keep_run(struct t_log *log, int i, const struct urb_completion *c)
{
	(void)log, (void)i;
	if (c->op == URB_OP_RECV_BUNDLE)
		last_run = c->u.recv_bundle.run;
	else if (c->op == URB_OP_SEND_BUNDLE)
		last_run = c->u.send_bundle.run;
}

/* Receives what @msg makes with one recv_bundle; its run. */
static struct urb_bundle bundle_of(struct urb_bearer *b, uint32_t slot, uint32_t set, int peer,
				   const char *msg)
{
	struct t_log s = { .keep = keep_run };
	uint64_t key = 0;

	assert_int_equal(write(peer, msg, strlen(msg)), (ssize_t)strlen(msg));
	usleep(10 * 1000); /* all of it waiting: one recv takes it */
	memset(&last_run, 0, sizeof(last_run));
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(slot), set,
		&(struct urb_recv_bundle_opts){ .key_out = &key }), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, (int32_t)strlen(msg));
	return last_run;
}

/* Bundles: a run of ring buffers per completion, in ring order, each full but the last. */
static void bundles(void **state)
{
	struct urb_capacity cap = { .core_queue = 16, .registered_fd = 4, .pending_completions = 16,
				    .buffers = 4, .buffer_bytes = 64 * 1024, .buffer_rings = 2 };
	struct urb_bearer *b = t_bearer_cap(&cap);
	int set = urb_bufset_create(b, 8, 16), other = urb_bufset_create(b, 2, 16), sv[2];
	struct urb_bundle run;
	uint32_t slot;
	const void *data;
	uint32_t len;
	static const char msg[] = "0123456789abcdefFEDCBA9876543210xyzxyzxy"; /* 40 bytes */

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_BUNDLE);
	assert_true(set >= 0 && other >= 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)set, NULL), URB_EINVAL); /* no ring */
	if (urb_bufring_create_incremental(b, (uint32_t)other) == 0) {
		assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)other, NULL), URB_EINVAL);
		assert_int_equal(urb_bufring_destroy(b, (uint32_t)other), 0);
	}
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);

	run = bundle_of(b, slot, (uint32_t)set, sv[1], msg);
	assert_int_equal(run.count, 3);
	assert_int_equal(run.bytes, 40);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(run.bufs[i], URB_BUF(set, i)); /* the ring's first three */
		assert_int_equal(urb_buf_owner(b, run.bufs[i]), URB_OWN_RETURNED);
		assert_int_equal(urb_buf_view(b, run.bufs[i], &data, &len), 0);
		assert_int_equal(len, i < 2 ? 16 : 8);
		assert_memory_equal(data, msg + 16 * i, len);
	}
	for (uint32_t i = 0; i < 3; i++) /* back at the ring's tail, after 3..7 */
		assert_int_equal(urb_buf_recycle(b, run.bufs[i]), 0);

	/* 100 bytes want 7 buffers: 3..7, then the recycled 0 and 1, in ring order */
	run = bundle_of(b, slot, (uint32_t)set, sv[1],
			"aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
			"eeeeeeeeeeeeeeeeffffffffffffffffgggg");
	assert_int_equal(run.count, 7);
	assert_int_equal(run.bytes, 100);
	for (uint32_t i = 0; i < 7; i++) {
		assert_int_equal(run.bufs[i], URB_BUF(set, i < 5 ? 3 + i : i - 5));
		assert_int_equal(urb_buf_view(b, run.bufs[i], &data, &len), 0);
		assert_int_equal(len, i < 6 ? 16 : 4);
		assert_int_equal(((const char *)data)[0], 'a' + (int)i);
		assert_int_equal(urb_buf_recycle(b, run.bufs[i]), 0);
	}
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	t_free(b);
	close(sv[1]);
}

/* Sends what is queued with one send_bundle; its run. */
static struct urb_bundle sent_run(struct urb_bearer *b, uint32_t slot, uint32_t set, int32_t want)
{
	struct t_log s = { .keep = keep_run };
	uint64_t key = 0;

	memset(&last_run, 0, sizeof(last_run));
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(slot), set,
		&(struct urb_send_bundle_opts){ .key_out = &key }), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, want);
	return last_run;
}

/* A send ring: filled buffers queued, sent in queue order by one op, handed back as they were. */
static void send_bundles(void **state)
{
	struct urb_capacity cap = { .core_queue = 16, .registered_fd = 4, .pending_completions = 16,
				    .buffers = 4, .buffer_bytes = 64 * 1024, .buffer_rings = 2 };
	struct urb_bearer *b = t_bearer_cap(&cap);
	int set = urb_bufset_create(b, 4, 16), big = urb_bufset_create(b, URB_BUNDLE_MAX + 1, 16);
	struct urb_bundle run;
	uint32_t slot;
	char got[32] = { 0 };
	int sv[2];

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_BUNDLE);
	assert_true(set >= 0 && big >= 0);
	assert_int_equal(urb_bufring_create_send(b, (uint32_t)big), URB_ERANGE);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	assert_int_equal(urb_bufring_create_send(b, (uint32_t)set), 0);
	t_fill(b, URB_BUF(set, 0), "hello ");
	t_fill(b, URB_BUF(set, 1), "bundled ");
	t_fill(b, URB_BUF(set, 2), "world");
	assert_int_equal(urb_buf_queue(b, URB_BUF(set, 3)), URB_ERANGE); /* nothing to send */
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(urb_buf_queue(b, URB_BUF(set, i)), 0);
	assert_int_equal(urb_buf_queue(b, URB_BUF(set, 0)), URB_EOWNERSHIP); /* queued already */
	assert_int_equal(urb_buf_recycle(b, URB_BUF(set, 0)), URB_ENOTALLOWED);
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), (uint32_t)set, NULL), URB_EINVAL);
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(slot), 3, NULL), URB_EINVAL); /* no send ring */

	run = sent_run(b, slot, (uint32_t)set, 19);
	assert_int_equal(run.count, 3);
	assert_int_equal(run.bytes, 19);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(run.bufs[i], URB_BUF(set, i));
		assert_int_equal(urb_buf_owner(b, run.bufs[i]), URB_OWN_RETURNED);
	}
	t_assert_view(b, URB_BUF(set, 1), "bundled ", 8); /* its bytes as they were */
	assert_int_equal(read(sv[1], got, sizeof(got)), 19);
	assert_memory_equal(got, "hello bundled world", 19);

	/* queued again, one goes alone, from where the ring is now */
	assert_int_equal(urb_buf_queue(b, URB_BUF(set, 1)), 0);
	run = sent_run(b, slot, (uint32_t)set, 8);
	assert_int_equal(run.count, 1);
	assert_int_equal(run.bufs[0], URB_BUF(set, 1));
	assert_int_equal(read(sv[1], got, sizeof(got)), 8);
	assert_memory_equal(got, "bundled ", 8);

	/* the ring goes with a buffer queued: it is the user's again, bytes and all */
	assert_int_equal(urb_buf_queue(b, URB_BUF(set, 2)), 0);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	assert_int_equal(urb_buf_owner(b, URB_BUF(set, 2)), URB_OWN_RETURNED);
	t_assert_view(b, URB_BUF(set, 2), "world", 5);
	assert_int_equal(t_pending(b), 0);
	t_free(b);
	close(sv[1]);
}

/*
 * A plain ring hands out whole buffers, one per message: each completion
 * with more to come shows the buffer the kernel named, the user's from
 * then on, holding exactly the bytes sent; through a registered slot and
 * through a plain fd (a record holding the group alone).  An answer of
 * URB_FORGET to such a completion is refused (the op stays armed, and
 * the next message still arrives).  A CQE naming a buffer the kernel does
 * not hold (one the user holds, or none of the set's) hands nothing out.
 */
static void whole_buffers(void **state)
{
	struct urb_capacity cap = { .core_queue = 16, .registered_fd = 4, .pending_completions = 16,
				    .buffers = 2, .buffer_bytes = 64 * 1024, .buffer_rings = 1 };
	struct urb_bearer *b = t_bearer_cap(&cap);
	struct t_log s = { .keep = keep_piece };
	int set = urb_bufset_create(b, 4, 64), sv[2];
	const char *msgs[] = { "one", "two!", "three" };
	struct urb_stats st;
	struct t_seen inj = { 0 };
	uint64_t key = 0, ckey = 0;
	urb_buf_t held;

	(void)state;
	assert_true(set >= 0);
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	for (int via_slot = 0; via_slot < 2; via_slot++) {
		urb_fd_t fd = via_slot ? URB_SLOT(t_register(b, sv[0], URB_FD_STREAM)) : URB_FD(sv[0]);

		memset(&seen, 0, sizeof(seen));
		seen.b = b;
		s.n = 0;
		assert_int_equal(urb_push_recv_multi(b, fd, (uint32_t)set,
			&(struct urb_recv_multi_opts){ .key_out = &key }), 0);
		for (int i = 0; i < 3; i++) {
			s.answer = i == 1 ? URB_FORGET : URB_DEFAULT;
			piece(b, &s, sv[1], msgs[i], i + 1);
			assert_true(s.c[i].more);
			assert_false(s.c[i].final);
			assert_false(s.c[i].notif);
			assert_int_equal(s.c[i].key, key);
			assert_int_equal(s.c[i].result, (int)strlen(msgs[i]));
			assert_int_equal(seen.p[i].buf, s.c[i].u.recv_multi.data.buf);
			assert_false(seen.p[i].more);
			assert_int_equal(seen.p[i].offset, 0);
			assert_int_equal(seen.p[i].len, strlen(msgs[i]));
			assert_memory_equal(seen.p[i].data, msgs[i], strlen(msgs[i]));
			assert_int_equal(seen.p[i].owner, URB_OWN_RETURNED);
			assert_int_equal(seen.p[i].walk_rc, URB_EREENTER);
			t_assert_view(b, seen.p[i].buf, msgs[i], (uint32_t)strlen(msgs[i]));
		}
		assert_int_equal(urb_bearer_stats(b, &st), 0);
		assert_int_equal(st.refused_dispositions, (uint64_t)via_slot + 1);

		/* the kernel names a buffer the user holds, then one the set has not */
		held = seen.p[0].buf;
		assert_int_equal(t_inject(b, key, 3, IORING_CQE_F_MORE | IORING_CQE_F_BUFFER |
					  URB_BUF_INDEX(held) << IORING_CQE_BUFFER_SHIFT, &inj), 0);
		assert_int_equal(inj.last.selected, URB_BUF_NONE);
		assert_int_equal(inj.last.u.recv_multi.data.buf, URB_BUF_NONE);
		assert_int_equal(t_inject(b, key, 3, IORING_CQE_F_MORE | IORING_CQE_F_BUFFER |
					  7u << IORING_CQE_BUFFER_SHIFT, &inj), 0);
		assert_int_equal(inj.last.selected, URB_BUF_NONE);
		assert_int_equal(urb_bearer_stats(b, &st), 0);
		assert_int_equal(st.bad_buffer_ids, (uint64_t)via_slot * 2 + 2);
		assert_int_equal(urb_buf_owner(b, held), URB_OWN_RETURNED);
		t_assert_view(b, held, msgs[0], 3);

		assert_int_equal(urb_push_cancel(b, key, &(struct urb_cancel_opts){ .key_out = &ckey }), 0);
		s.answer = URB_DEFAULT;
		assert_true(s.c[t_await_final(b, &s, key)].final);
		t_await_final(b, &s, ckey);
		for (int i = 0; i < 3; i++)
			assert_int_equal(urb_buf_recycle(b, seen.p[i].buf), 0);
	}
	assert_int_equal(t_pending(b), 0);
	t_free(b);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_buffers),
		cmocka_unit_test(pieces),
		cmocka_unit_test(bundles),
		cmocka_unit_test(send_bundles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
