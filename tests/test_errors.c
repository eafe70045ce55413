/* SPDX-License-Identifier: MIT */

/*
 * Errors that tell the truth (issue 13).  Every refusal of every public
 * call given a bearer is walked here, one REFUSED() per path, in the
 * order of the sources (src/<file>.c: function): each must return its
 * code and set its own words, naming the call or the object, and
 * urb_bearer_explain() must attach exactly those words.  Before each
 * refusal, a different refusal is provoked and the words are then
 * overwritten with a sentinel recorded for the very code expected, so a
 * path that sets no words (or stale ones) fails here.
 *
 * refusal_sites_counted counts the refusal sites in src/: when one is
 * added or removed it fails, until the path is walked here and the count
 * updated.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fd_table.h"
#include "groups.h"
#include "support.h"

#define SENTINEL "SENTINEL words of an older refusal"

/* A real refusal of another kind, then a sentinel recorded for @code itself. */
static void prime(struct urb_bearer *b, int code)
{
	assert_int_equal(urb_futex_destroy(b, 4242), URB_EINVAL);
	assert_non_null(strstr(urb_bearer_detail(b), "4242"));
	snprintf(b->detail, sizeof(b->detail), "%s", SENTINEL);
	b->detail_rc = code;
}

static unsigned walked;

static void check_refusal(struct urb_bearer *b, int rc, int want, const char *needle,
			  const char *call, int line)
{
	const char *d = urb_bearer_detail(b);
	const char *x;
	char prefix[128];

	walked++;
	if (rc != want)
		fail_msg("line %d: %s returned %s, not %s (words: %s)", line, call,
			 urb_err_name(rc), urb_err_name(want), d);
	if (!d[0] || strstr(d, SENTINEL) || strstr(d, "4242"))
		fail_msg("line %d: %s (%s) left %s words: \"%s\"", line, call, urb_err_name(rc),
			 d[0] ? "stale" : "no", d);
	if (!strstr(d, needle))
		fail_msg("line %d: %s: words \"%s\" do not mention \"%s\"", line, call, d, needle);
	x = urb_bearer_explain(b, rc);
	snprintf(prefix, sizeof(prefix), "%s: ", urb_strerror(rc));
	if (URB_IS_LIB_ERROR(rc)) {
		if (strncmp(x, prefix, strlen(prefix)) != 0 || !strstr(x, d))
			fail_msg("line %d: %s: explain gave \"%s\"", line, call, x);
	} else {
		assert_string_equal(x, urb_strerror(rc)); /* a kernel -errno: its words alone */
	}
}

/* @call must return @code, with its own words that mention @needle. */
#define REFUSED(b, code, needle, call)                                             \
	do {                                                                       \
		int rc_;                                                           \
		prime((b), (code));                                                \
		rc_ = (call);                                                      \
		check_refusal((b), rc_, (code), (needle), #call, __LINE__);        \
	} while (0)

static const struct urb_capacity small_cap = {
	.core_queue = 8, .registered_fd = 4, .direct_fd = 2, .pending_completions = 16,
	.buffers = 4, .buffer_bytes = 64 * 1024, .buffer_rings = 2, .futexes = 4,
};

static struct urb_bearer *small(void)
{
	return t_bearer_cap(&small_cap);
}

static struct urb_bearer *with(uint32_t core_queue, uint32_t pending, uint32_t buffers,
			       uint64_t bytes, uint32_t rings)
{
	struct urb_capacity cap = small_cap;

	cap.core_queue = core_queue;
	cap.pending_completions = pending;
	cap.buffers = buffers;
	cap.buffer_bytes = bytes;
	cap.buffer_rings = rings;
	return t_bearer_cap(&cap);
}

/* A buffer the kernel owns: a send of it pushed (and never submitted). */
static urb_buf_t kernel_buffer(struct urb_bearer *b, uint32_t slot)
{
	urb_buf_t buf = t_buffer(b);

	assert_int_equal(urb_push_send(b, URB_SLOT(slot), buf, NULL), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	return buf;
}

/* ---- src/bearer.c, src/submit.c, src/dispatch.c: the bearer's own calls */

struct reenter {
	int free_rc, drain_rc, completions_rc, release_rc;
	struct urb_bearer *b;
};

static enum urb_disposition reenter_cb(struct urb_bearer *b, const struct urb_completion *c,
				       void *user)
{
	struct reenter *r = user;

	REFUSED(b, URB_EREENTER, "bearer_free", urb_bearer_free(b));
	REFUSED(b, URB_EREENTER, "bearer_drain", urb_bearer_drain(b));
	REFUSED(b, URB_EREENTER, "bearer_completions", urb_bearer_completions(b, reenter_cb, r));
	REFUSED(b, URB_EREENTER, "submit_and_complete",
		urb_bearer_submit_and_complete(b, 0, NULL, reenter_cb, r));
	REFUSED(b, URB_EBUSY, "release", urb_release(b, c->key));
	r->free_rc = 0;
	return URB_DEFAULT;
}

/* A call from a thread that is not the bearer's: URB_ETHREAD. */
struct other_thread {
	struct urb_bearer *b;
	int submit_rc, wait_rc, complete_rc;
	char wait_words[512]; /* urb_bearer_detail() after the wait */
	unsigned shown; /* completions the other thread's walk showed */
};

static enum urb_disposition other_thread_cb(struct urb_bearer *b, const struct urb_completion *c,
					    void *user)
{
	(void)b;
	(void)c;
	((struct other_thread *)user)->shown++;
	return URB_DEFAULT;
}

static void *other_thread_main(void *arg)
{
	struct other_thread *o = arg;
	struct timespec ts = { .tv_nsec = 1000000 };

	o->submit_rc = urb_bearer_submit(o->b);
	o->wait_rc = urb_bearer_submit_and_wait(o->b, 1, &ts);
	snprintf(o->wait_words, sizeof(o->wait_words), "%s", urb_bearer_detail(o->b));
	o->complete_rc = urb_bearer_submit_and_complete(o->b, 0, NULL, other_thread_cb, o);
	return NULL;
}

static enum urb_disposition reenter_cb_none(struct urb_bearer *b, const struct urb_completion *c,
					    void *user)
{
	(void)b;
	(void)user;
	assert_int_equal(c->op, URB_OP_NOP);
	return URB_DEFAULT;
}

static void bearer_refusals(void **state)
{
	struct urb_bearer *b = small();
	struct reenter r = { .free_rc = -1 };
	struct timespec bad = { .tv_sec = 0, .tv_nsec = 1000000000L };
	enum urb_capacity_kind kind;
	uint64_t setting, key;
	struct urb__rec *rec;

	(void)state;
	/* bearer.c */
	REFUSED(b, URB_EINVAL, "at_capacity", urb_bearer_at_capacity(b, NULL, &setting));
	REFUSED(b, URB_EINVAL, "at_capacity", urb_bearer_at_capacity(b, &kind, NULL));
	REFUSED(b, URB_EINVAL, "bearer_stats", urb_bearer_stats(b, NULL));
	REFUSED(b, URB_EINVAL, "bearer_setup", urb_bearer_setup(b, NULL));
	/* bearer.c urb__thread_refusal, from submit.c: another thread drives the bearer */
	{
		struct other_thread o = { .b = b };
		struct urb_stats s0, s1;
		unsigned khead;
		pthread_t t;

		/* a completion in the CQ, which the other thread's walk must not show */
		assert_int_equal(urb_push_nop(b, NULL), 0);
		assert_int_equal(urb_bearer_submit_and_wait(b, 1, NULL), 1);
		khead = *b->ring.sq.khead;
		assert_int_equal(urb_push_nop(b, NULL), 0);
		assert_int_equal(urb_bearer_stats(b, &s0), 0);
		prime(b, URB_ETHREAD);
		assert_int_equal(pthread_create(&t, NULL, other_thread_main, &o), 0);
		assert_int_equal(pthread_join(t, NULL), 0);
		check_refusal(b, o.complete_rc, URB_ETHREAD, "submit_and_complete: not the thread",
			      "submit_and_complete", __LINE__);
		assert_int_equal(o.wait_rc, URB_ETHREAD);
		assert_non_null(strstr(o.wait_words, "submit_and_wait: not the thread"));
		assert_int_equal(o.submit_rc, URB_ETHREAD);
		assert_int_equal(o.shown, 0);
		/* taken back: unflushed, uncounted, the kernel's SQ as it was */
		assert_int_equal(urb_bearer_stats(b, &s1), 0);
		assert_int_equal(s1.submitted, s0.submitted);
		assert_int_equal(*b->ring.sq.khead, khead);
		assert_int_equal(*b->ring.sq.ktail, khead);
		assert_int_equal(b->ring.sq.sqe_head, khead);
		assert_int_equal(b->ring.sq.sqe_tail, khead + 1);
		/* nothing was lost: the owner submits the nop and sees it complete */
		assert_int_equal(urb_bearer_submit_and_wait(b, 1, NULL), 1);
		assert_int_equal(urb_bearer_stats(b, &s1), 0);
		assert_int_equal(s1.submitted, s0.submitted + 1);
		assert_int_equal(urb_bearer_completions(b, reenter_cb_none, NULL), 2);
	}
	/* submit.c */
	REFUSED(b, URB_EINVAL, "submit_and_wait", urb_bearer_submit_and_wait(b, 1, &bad));
	REFUSED(b, URB_EINVAL, "submit_and_complete",
		urb_bearer_submit_and_complete(b, 1, &bad, reenter_cb_none, NULL));
	REFUSED(b, URB_EINVAL, "submit_and_complete",
		urb_bearer_submit_and_complete(b, 1, NULL, NULL, NULL));
	/* dispatch.c */
	REFUSED(b, URB_EINVAL, "bearer_completions", urb_bearer_completions(b, NULL, NULL));
	REFUSED(b, URB_ESTALE, "release", urb_release(b, 0x12345678ull << 32));
	key = t_pending_key(b);
	REFUSED(b, URB_EOWNERSHIP, "nop", urb_release(b, key));
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, NULL), 1);
	assert_int_equal(urb_bearer_completions(b, reenter_cb, &r), 1);
	assert_int_equal(r.free_rc, 0);

	/* submit.c urb__drain: an op that never ends (a record the kernel does not know) */
	rec = urb__rec_alloc(b);
	assert_non_null(rec);
	urb__own_move(&rec->state, URB_OWN_KERNEL);
	REFUSED(b, URB_EBUSY, "drain", urb_bearer_drain(b));
	urb__own_move(&rec->state, URB_OWN_RETURNED);
	urb__rec_free(b, rec);
	t_free(b);
}

/* ---- src/kind_buf.c: buffer sets */

static void buffer_refusals(void **state)
{
	/* room for three sets of up to 4 buffers of 64 bytes, and a ring */
	struct urb_bearer *b = with(8, 16, 3, (uint64_t)(3 * urb_bufset_bytes(4, 64) +
							 urb_bufring_bytes(4)), 2);
	uint32_t slot = t_slot(b, URB_FD_STREAM);
	urb_buf_t kbuf, fbuf;
	uint32_t set, group, fixed, cap;
	const void *view;
	void *data;

	(void)state;
	REFUSED(b, URB_EINVAL, "bufset_create", urb_bufset_create(b, 0, 64));
	REFUSED(b, URB_EINVAL, "65537", urb_bufset_create(b, 65537, 1));
	REFUSED(b, URB_EINVAL, "0 bytes", urb_bufset_create(b, 1, 0));
	REFUSED(b, URB_EATCAPACITY, "asks", urb_bufset_create(b, 1, 100000));
	assert_non_null(strstr(urb_bearer_detail(b), "left"));
	assert_int_equal(urb_bufset_bytes(0, 64), URB_EINVAL); /* no bearer, no words */
	assert_int_equal(urb_bufring_bytes(0), URB_EINVAL);
	kbuf = kernel_buffer(b, slot); /* set 0 */
	group = t_group(b);            /* set 1 */
	fixed = t_set(b);              /* set 2 */
	assert_int_equal(urb_bufset_register_fixed(b, fixed), 0);
	REFUSED(b, URB_EATCAPACITY, "buffers", urb_bufset_create(b, 1, 64));
	set = URB_BUF_SET(kbuf);

	REFUSED(b, URB_EINVAL, "bufset_destroy", urb_bufset_destroy(b, 3));
	REFUSED(b, URB_EOWNERSHIP, "buffer ring", urb_bufset_destroy(b, group));
	REFUSED(b, URB_EOWNERSHIP, "bufset_destroy", urb_bufset_destroy(b, set));
	REFUSED(b, URB_EBUSY, "fixed", urb_bufset_destroy(b, fixed));

	/* lookup(), per call */
	REFUSED(b, URB_EINVAL, "set 0 has 1", urb_buf_fill(b, URB_BUF(set, 5), &data, &cap));
	REFUSED(b, URB_EINVAL, "no set 9", urb_buf_fill(b, URB_BUF(9, 0), &data, &cap));
	REFUSED(b, URB_EINVAL, "buf_filled", urb_buf_filled(b, URB_BUF(9, 0), 1));
	REFUSED(b, URB_EINVAL, "buf_view", urb_buf_view(b, URB_BUF(9, 0), &view, &cap));
	REFUSED(b, URB_EINVAL, "buf_release", urb_buf_release(b, URB_BUF(9, 0)));
	REFUSED(b, URB_EINVAL, "buf_owner", urb_buf_owner(b, URB_BUF(9, 0)));

	fbuf = URB_BUF(fixed, 0);
	REFUSED(b, URB_EINVAL, "buf_fill", urb_buf_fill(b, fbuf, NULL, &cap));
	REFUSED(b, URB_EOWNERSHIP, "buf_fill", urb_buf_fill(b, kbuf, &data, &cap));
	REFUSED(b, URB_ERANGE, "buf_filled", urb_buf_filled(b, fbuf, 65));
	REFUSED(b, URB_EOWNERSHIP, "created -> taken", urb_buf_filled(b, fbuf, 1));
	REFUSED(b, URB_EINVAL, "buf_view", urb_buf_view(b, fbuf, NULL, &cap));
	REFUSED(b, URB_EINVAL, "buf_where", urb_buf_where(b, fbuf, NULL, &cap));
	REFUSED(b, URB_EINVAL, "buf_where", urb_buf_where(b, URB_BUF(9, 0), &view, &cap));
	REFUSED(b, URB_EOWNERSHIP, "buf_view", urb_buf_view(b, kbuf, &view, &cap));
	REFUSED(b, URB_ENOTALLOWED, "buf_release", urb_buf_release(b, URB_BUF(group, 0)));
	REFUSED(b, URB_EOWNERSHIP, "buf_release", urb_buf_release(b, kbuf));
	t_free(b);
}

/* ---- src/kind_group*.c, src/kind_set.c: buffer groups and rings */

static void group_refusals(void **state)
{
	struct urb_bearer *b = with(8, 16, 4, 1 << 20, 1);
	struct urb_provide_buffers_opts linked = { .submit_flags = URB_SUBMIT_LINK };
	struct t_seen seen = { 0 };
	uint32_t slot = t_slot(b, URB_FD_STREAM), ring, plain, huge;
	uint64_t key = 0;
	struct urb_recv_multi_opts ropts = { .key_out = &key };
	urb_buf_t kbuf;
	void *data;
	uint32_t cap;

	(void)state;
	REFUSED(b, URB_EINVAL, "bufring_create", urb_bufring_create(b, 3));
	plain = t_set(b);
	assert_int_equal(urb_buf_fill(b, URB_BUF(plain, 0), &data, &cap), 0);
	REFUSED(b, URB_EOWNERSHIP, "bufring_create", urb_bufring_create(b, plain));
	assert_int_equal(urb_buf_release(b, URB_BUF(plain, 0)), 0);
	huge = (uint32_t)urb_bufset_create(b, 40000, 1);
	REFUSED(b, URB_ERANGE, "32768", urb_bufring_create(b, huge));
	ring = t_group(b);
	REFUSED(b, URB_EBUSY, "group already", urb_bufring_create(b, ring));
	REFUSED(b, URB_EATCAPACITY, "buffer_rings", urb_bufring_create(b, plain));
	{
		uint16_t version = b->kernel_version;

		b->kernel_version = 6 << 8 | 11; /* as if the kernel were older */
		REFUSED(b, URB_ENOTSUP, "no incremental buffer rings",
			urb_bufring_create_incremental(b, plain));
		b->kernel_version = version;
	}

	REFUSED(b, URB_EINVAL, "bufring_destroy", urb_bufring_destroy(b, 3));
	REFUSED(b, URB_EINVAL, "has no ring", urb_bufring_destroy(b, plain));
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), ring, &ropts), 0);
	REFUSED(b, URB_EBUSY, "select", urb_bufring_destroy(b, ring));
	/* the final CQE hands buffer 0 out */
	assert_int_equal(t_inject(b, key, 3, IORING_CQE_F_BUFFER, &seen), 0);
	assert_int_equal(seen.last.selected, URB_BUF(ring, 0));
	REFUSED(b, URB_EOWNERSHIP, "recycle it", urb_bufring_destroy(b, ring));

	/* urb_buf_recycle */
	REFUSED(b, URB_EINVAL, "recycle", urb_buf_recycle(b, URB_BUF(3, 0)));
	REFUSED(b, URB_ENOTALLOWED, "recycle", urb_buf_recycle(b, URB_BUF(plain, 0)));
	REFUSED(b, URB_EOWNERSHIP, "recycle", urb_buf_recycle(b, URB_BUF(ring, 1)));
	assert_int_equal(urb_buf_recycle(b, URB_BUF(ring, 0)), 0);
	assert_int_equal(urb_bufring_destroy(b, ring), 0);
	assert_int_equal(urb_bufset_destroy(b, ring), 0);
	assert_int_equal(urb_bufset_destroy(b, huge), 0);
	t_free(b);

	/* legacy groups: recycle with a chain open, with the SQ full, while removing */
	b = with(4, 16, 4, 64 * 1024, 1);
	ring = t_legacy_group(b);
	slot = t_slot(b, URB_FD_STREAM);
	key = 0;
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), ring, &ropts), 0);
	assert_int_equal(t_inject(b, key, 3, IORING_CQE_F_BUFFER | IORING_CQE_F_MORE, &seen), 0);
	kbuf = seen.last.selected;
	assert_int_equal(kbuf, URB_BUF(ring, 0));
	assert_int_equal(urb_push_nop(b, &(struct urb_nop_opts){ .submit_flags = URB_SUBMIT_LINK }), 0);
	REFUSED(b, URB_EBUSY, "chain", urb_buf_recycle(b, kbuf));
	while (urb_push_nop(b, NULL) == 0)
		;
	REFUSED(b, URB_EATCAPACITY, "core_queue", urb_buf_recycle(b, kbuf));
	assert_int_equal(urb_bearer_submit_and_wait(b, 0, NULL) >= 0, 1);
	REFUSED(b, URB_EBUSY, "remove_buffers", urb_push_remove_buffers(b, ring, NULL));
	assert_int_equal(urb_push_cancel(b, key, NULL), 0);
	assert_int_equal(t_inject(b, key, -ECANCELED, 0, &seen), 0);
	assert_int_equal(urb_push_remove_buffers(b, ring, NULL), 0);
	REFUSED(b, URB_EBUSY, "remove", urb_buf_recycle(b, kbuf));
	(void)linked;
	t_free(b);
}

static void group_push_refusals(void **state)
{
	struct urb_bearer *b = small();
	uint32_t slot = t_slot(b, URB_FD_STREAM), plain, legacy, ring;
	urb_buf_t kbuf;

	(void)state;
	/* urb__group_check, through recv_multi */
	REFUSED(b, URB_EINVAL, "recv_multi: buffer group 3", urb_push_recv_multi(b, URB_SLOT(slot), 3, NULL));
	plain = t_set(b);
	REFUSED(b, URB_EINVAL, "recv_multi: buffer set", urb_push_recv_multi(b, URB_SLOT(slot), plain, NULL));
	legacy = t_legacy_group(b);
	assert_int_equal(urb_push_remove_buffers(b, legacy, NULL), 0);
	REFUSED(b, URB_EBUSY, "recv_multi", urb_push_recv_multi(b, URB_SLOT(slot), legacy, NULL));

	/* urb__set_check, through provide_buffers and remove_buffers */
	REFUSED(b, URB_EINVAL, "provide_buffers", urb_push_provide_buffers(b, 3, NULL));
	REFUSED(b, URB_EBUSY, "provide_buffers", urb_push_provide_buffers(b, legacy, NULL));
	REFUSED(b, URB_EBUSY, "remove_buffers", urb_push_remove_buffers(b, legacy, NULL));
	REFUSED(b, URB_EINVAL, "remove_buffers", urb_push_remove_buffers(b, plain, NULL));
	ring = t_group(b);
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), ring, NULL), 0);
	kbuf = kernel_buffer(b, slot);
	(void)kbuf;
	t_free(b);

	b = small();
	slot = t_slot(b, URB_FD_STREAM);
	kbuf = kernel_buffer(b, slot);
	REFUSED(b, URB_EOWNERSHIP, "provide_buffers",
		urb_push_provide_buffers(b, URB_BUF_SET(kbuf), NULL));
	legacy = t_legacy_group(b);
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), legacy, NULL), 0);
	REFUSED(b, URB_EBUSY, "pending ops use", urb_push_remove_buffers(b, legacy, NULL));
	/* send rings (urb_bufring_create_send, urb_buf_queue, send_bundle) */
	if (urb_op_supported(b, URB_OP_SEND_BUNDLE)) {
		int send = urb_bufset_create(b, 2, 64), many = urb_bufset_create(b, URB_BUNDLE_MAX + 1, 8);

		assert_true(send >= 0 && many >= 0);
		REFUSED(b, URB_ERANGE, "a send ring holds", urb_bufring_create_send(b, (uint32_t)many));
		assert_int_equal(urb_bufset_destroy(b, (uint32_t)many), 0);
		b->sets[send].len = 1u << 30; /* as if: two such buffers are more than one send takes */
		REFUSED(b, URB_ERANGE, "more than a send takes at once",
			urb_bufring_create_send(b, (uint32_t)send));
		b->sets[send].len = 64;
		REFUSED(b, URB_EINVAL, "buf_queue: buffer 9.0 does not exist",
			urb_buf_queue(b, URB_BUF(9, 0)));
		REFUSED(b, URB_EINVAL, "is no send ring", urb_buf_queue(b, URB_BUF(send, 0)));
		REFUSED(b, URB_EINVAL, "send_bundle: buffer group 9 does not exist",
			urb_push_send_bundle(b, URB_SLOT(slot), 9, NULL));
		REFUSED(b, URB_EINVAL, "is no send ring (urb_bufring_create_send)",
			urb_push_send_bundle(b, URB_SLOT(slot), (uint32_t)send, NULL));
		assert_int_equal(urb_bufring_create_send(b, (uint32_t)send), 0);
		REFUSED(b, URB_ERANGE, "no valid bytes to send", urb_buf_queue(b, URB_BUF(send, 0)));
		t_fill(b, URB_BUF(send, 0), "x");
		assert_int_equal(urb_buf_queue(b, URB_BUF(send, 0)), 0);
		REFUSED(b, URB_EOWNERSHIP, "buf_queue: buffer", urb_buf_queue(b, URB_BUF(send, 0)));
		REFUSED(b, URB_ENOTALLOWED, "is a send ring: queue",
			urb_buf_recycle(b, URB_BUF(send, 1)));
		REFUSED(b, URB_EINVAL, "is a send ring: nothing is received",
			urb_push_recv_multi(b, URB_SLOT(slot), (uint32_t)send, NULL));
		assert_int_equal(urb_bufring_destroy(b, (uint32_t)send), 0);
		assert_int_equal(urb_bufset_destroy(b, (uint32_t)send), 0);
	} else {
		walked += 10; /* the kernel lacks bundles: nothing to walk them with */
	}
	/* urb_bufring_audit: urb's books of a ring against the kernel's head */
	{
		int audited = urb_bufset_create(b, 2, 64);

		assert_true(audited >= 0);
		REFUSED(b, URB_EINVAL, "has no ring", urb_bufring_audit(b, (uint32_t)audited));
		assert_int_equal(urb_bufring_create(b, (uint32_t)audited), 0);
		if (urb_bufring_audit(b, (uint32_t)audited) == 0) {
			b->sets[audited].meta[1].in_group = 0; /* as if urb had lost one */
			REFUSED(b, URB_EOWNERSHIP, "urb's books say 1",
				urb_bufring_audit(b, (uint32_t)audited));
			b->sets[audited].meta[1].in_group = 1;
			b->sets[audited].users++;
			REFUSED(b, URB_EBUSY, "pending ops use set",
				urb_bufring_audit(b, (uint32_t)audited));
			b->sets[audited].users--;
		} else {
			walked += 2; /* the kernel reports no head (Linux 6.8) */
		}
		assert_int_equal(urb_bufring_destroy(b, (uint32_t)audited), 0);
		assert_int_equal(urb_bufset_destroy(b, (uint32_t)audited), 0);
	}
	/* urb__bundle_check: bundles come from plain rings only */
	if (urb_op_supported(b, URB_OP_RECV_BUNDLE)) {
		int inc = urb_bufset_create(b, 2, 64);

		REFUSED(b, URB_EINVAL, "from buffer rings only",
			urb_push_recv_bundle(b, URB_SLOT(slot), legacy, NULL));
		assert_true(inc >= 0);
		assert_int_equal(urb_bufring_create_incremental(b, (uint32_t)inc), 0);
		REFUSED(b, URB_EINVAL, "which bundles do not take",
			urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)inc, NULL));
		REFUSED(b, URB_ENOTALLOWED, "is an incremental ring: each message's header",
			urb_push_recvmsg_multi(b, URB_SLOT(slot), (uint32_t)inc, NULL, NULL));
		assert_int_equal(urb_bufring_destroy(b, (uint32_t)inc), 0);
		assert_int_equal(urb_bufring_create(b, (uint32_t)inc), 0);
		REFUSED(b, URB_ENOTALLOWED, "not ASYNC nor linked: a worker",
			urb_push_recv_bundle(b, URB_SLOT(slot), (uint32_t)inc,
				&(struct urb_recv_bundle_opts){ .submit_flags = URB_SUBMIT_ASYNC }));
		assert_int_equal(urb_bufring_destroy(b, (uint32_t)inc), 0);
		assert_int_equal(urb_bufset_destroy(b, (uint32_t)inc), 0);
	} else {
		walked += 4; /* the kernel lacks bundles: nothing to walk them with */
	}

	/* fixed registration */
	REFUSED(b, URB_EINVAL, "register_fixed", urb_bufset_register_fixed(b, 3));
	plain = t_set(b);
	b->fixed_table = false;
	REFUSED(b, URB_ENOTSUP, "register_fixed", urb_bufset_register_fixed(b, plain));
	b->fixed_table = true;
	assert_int_equal(urb_bufset_register_fixed(b, plain), 0);
	REFUSED(b, URB_EBUSY, "register_fixed", urb_bufset_register_fixed(b, plain));
	REFUSED(b, URB_EINVAL, "unregister_fixed", urb_bufset_unregister_fixed(b, 3));
	REFUSED(b, URB_EINVAL, "not registered", urb_bufset_unregister_fixed(b, legacy));
	assert_int_equal(urb_buf_fill(b, URB_BUF(plain, 0), &(void *){ 0 }, &(uint32_t){ 0 }), 0);
	assert_int_equal(urb_buf_filled(b, URB_BUF(plain, 0), 1), 0);
	assert_int_equal(urb_push_send(b, URB_SLOT(slot), URB_BUF(plain, 0), NULL), 0);
	REFUSED(b, URB_EOWNERSHIP, "unregister_fixed", urb_bufset_unregister_fixed(b, plain));
	t_free(b);
}

/* ---- src/kind_fd.c: the fd table */

static void fd_refusals(void **state)
{
	struct urb_bearer *b = small();
	struct urb_capacity none = small_cap;
	uint32_t slot = t_slot(b, URB_FD_STREAM), file = t_slot(b, URB_FD_FILE);
	struct urb_accept_opts at = { .target = URB_SLOT(3) };
	uint32_t acceptor;
	urb_buf_t buf;
	int fd = t_new_fd();

	(void)state;
	/* check_urb_slot */
	REFUSED(b, URB_ERANGE, "register_at", urb_fd_register_at(b, 4, fd, URB_FD_FILE));
	REFUSED(b, URB_EBUSY, "not free", urb_fd_register_at(b, slot, fd, URB_FD_FILE));
	/* check_register */
	REFUSED(b, URB_EINVAL, "register: fd -1", urb_fd_register(b, -1, URB_FD_FILE));
	REFUSED(b, URB_EINVAL, "register_at: fd -1", urb_fd_register_at(b, 3, -1, URB_FD_FILE));
	REFUSED(b, URB_EINVAL, "kind 99", urb_fd_register(b, fd, (enum urb_fd_kind)99));
	/* the kernel's -errno, with words all the same */
	REFUSED(b, -EBADF, "register", urb_fd_register(b, 1000000, URB_FD_FILE));
	/* unregister */
	REFUSED(b, URB_ENOTREGISTERED, "unregister", urb_fd_unregister(b, 3));
	acceptor = t_slot(b, URB_FD_ACCEPTOR);
	assert_int_equal(urb_push_accept(b, URB_SLOT(acceptor), &at), 0);
	REFUSED(b, URB_EOWNERSHIP, "unregister", urb_fd_unregister(b, 3));
	REFUSED(b, URB_EBUSY, "unregister", urb_fd_unregister(b, acceptor));
	REFUSED(b, URB_EATCAPACITY, "registered_fd", urb_fd_register(b, fd, URB_FD_FILE));
	REFUSED(b, URB_ENOTREGISTERED, "fd_kind", urb_fd_kind(b, 5));

	/* urb__fd_check_use, through pushes */
	REFUSED(b, URB_ENOTREGISTERED, "recv: fd slot 9", urb_push_recv(b, URB_SLOT(9), URB_BUF(0, 0), NULL));
	REFUSED(b, URB_ENOTREGISTERED, "recv: fd slot 4", urb_push_recv(b, URB_SLOT(4), URB_BUF(0, 0), NULL));
	REFUSED(b, URB_EFDKIND, "recv: fd slot", urb_push_recv(b, URB_SLOT(file), t_buffer(b), NULL));
	/* urb__push_fd: a form the argument does not take (src/kind_fd.c) */
	buf = t_buffer(b);
	REFUSED(b, URB_EINVAL, "read: fd -1 is no descriptor (URB_FD(fd) or URB_SLOT(n) expected)",
		urb_push_read(b, URB_FD(-1), buf, 0, NULL));
	REFUSED(b, URB_EINVAL, "recv: fd -9 is no descriptor",
		urb_push_recv(b, URB_FD(-EBADF), buf, NULL));
	REFUSED(b, URB_EINVAL, "recv: URB_PLAIN (or a zeroed urb_fd_t) names no descriptor",
		urb_push_recv(b, URB_PLAIN, buf, NULL));
	REFUSED(b, URB_EINVAL, "openat: the kernel takes no fixed file: this op takes a plain "
		"fd URB_FD(fd) or URB_CWD here", urb_push_openat(b, URB_SLOT(file), ".", NULL));
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, NULL), 0); /* never submitted */
	REFUSED(b, URB_EBUSY, "close: slot 0 is in use by 1 pending ops",
		urb_push_close(b, URB_SLOT(slot), NULL));
	assert_int_equal(urb_push_close(b, URB_SLOT(file), NULL), 0);
	REFUSED(b, URB_ENOTREGISTERED, "being closed", urb_push_close(b, URB_SLOT(file), NULL));
	t_free(b);
	close(fd);

	/* a bearer without fixed-file slots */
	none.registered_fd = 0;
	none.direct_fd = 0;
	b = t_bearer_cap(&none);
	fd = t_new_fd();
	REFUSED(b, URB_EATCAPACITY, "registered_fd", urb_fd_register(b, fd, URB_FD_FILE));
	REFUSED(b, URB_EATCAPACITY, "registered_fd", urb_fd_register_at(b, 0, fd, URB_FD_FILE));
	REFUSED(b, URB_ENOTREGISTERED, "no fixed-file slots",
		urb_push_recv(b, URB_SLOT(0), URB_BUF(0, 0), NULL));
	t_free(b);
	close(fd);
}

/* urb__fd_check_target: through accept and socket, and paths only an op from outside can take */
static void target_refusals(void **state)
{
	struct urb_bearer *b = small();
	uint32_t acceptor = t_slot(b, URB_FD_ACCEPTOR);
	struct urb_accept_opts aopts = { .target = URB_AUTO_SLOT };
	struct urb_accept_multi_opts mopts = { .target = URB_SLOT(1) };
	struct urb_socket_opts sopts = { .target = URB_AUTO_SLOT };
	struct urb__push p;
	uint32_t file_index;

	(void)state;
	aopts.target = URB_FD(5);
	REFUSED(b, URB_EINVAL, "accept: target: URB_FD(fd) names a descriptor that exists",
		urb_push_accept(b, URB_SLOT(acceptor), &aopts));
	REFUSED(b, URB_EINVAL, "accept_multi: target: a chosen slot",
		urb_push_accept_multi(b, URB_SLOT(acceptor), &mopts));
	REFUSED(b, URB_EINVAL, "socket: SOCK_CLOEXEC",
		urb_push_socket(b, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, &sopts));
	b->auto_slots = false;
	REFUSED(b, URB_ENOTSUP, "accept: target", urb_push_accept(b, URB_SLOT(acceptor),
				&(struct urb_accept_opts){ .target = URB_AUTO_SLOT }));
	b->auto_slots = true;
	b->fds_used[URB__AREA_KERNEL] = b->cap.direct_fd;
	REFUSED(b, URB_EATCAPACITY, "direct_fd: all 2", urb_push_accept(b, URB_SLOT(acceptor),
				&(struct urb_accept_opts){ .target = URB_AUTO_SLOT }));
	b->fds_used[URB__AREA_KERNEL] = 0;

	/* allow masks no library op uses, as an op generated outside may */
	assert_int_equal(urb__push_begin(b, URB_OP_NOP, 0, NULL, &p), 0);
	REFUSED(b, URB_EINVAL, "nop: target: a plain fd",
		urb__push_target(&p, URB_PLAIN, URB__ALLOW_SLOT, URB_FD_FILE, &file_index));
	REFUSED(b, URB_EINVAL, "nop: target: URB_AUTO_SLOT",
		urb__push_target(&p, URB_AUTO_SLOT, URB__ALLOW_PLAIN, URB_FD_FILE, &file_index));
	urb__push_abort(&p, URB_EINVAL);
	t_free(b);

	/* a bearer without a kernel area */
	{
		struct urb_capacity cap = small_cap;

		cap.direct_fd = 0;
		b = t_bearer_cap(&cap);
		acceptor = t_slot(b, URB_FD_ACCEPTOR);
		REFUSED(b, URB_EATCAPACITY, "direct_fd: this bearer has none",
			urb_push_accept(b, URB_SLOT(acceptor),
					&(struct urb_accept_opts){ .target = URB_AUTO_SLOT }));
		t_free(b);
	}
}

/* ---- src/kind_futex.c: futex words */

/*
 * Makes @b's op gates those of a kernel of @version (major << 8 | minor), as
 * the probe would have set them there; gives the version it had.  Only ops
 * newer than @version close: what the kernel lacks stays lacking.
 */
static uint16_t pretend_kernel(struct urb_bearer *b, uint16_t version)
{
	uint16_t had = b->kernel_version;

	b->kernel_version = version;
	for (unsigned op = 0; op < URB_OP__COUNT; op++)
		urb__op_gate_set(b, op);
	return had;
}

/*
 * A push checks the op's gate before its arguments: on a kernel without the
 * futex ops (before 6.7) a push with a bad futex id is URB_ENOTSUP naming the
 * kernel it needs, and only where the kernel has them URB_EINVAL.  Both orders
 * are checked on every kernel: the real one, and one before 6.7.
 */
static void futex_refusals(void **state)
{
	struct urb_bearer *b = small();
	struct urb_futex_wait waits[1] = { { .futex = 9 } };
	uint32_t *word;
	char raw[8] __attribute__((aligned(4)));
	uint16_t had;
	int made = 0;

	(void)state;
	/* the words are the bearer's: no op needed */
	REFUSED(b, URB_EINVAL, "futex_create", urb_futex_create(b, 0, NULL));
	REFUSED(b, URB_EINVAL, "futex_adopt", urb_futex_adopt(b, NULL));
	REFUSED(b, URB_EINVAL, "aligned", urb_futex_adopt(b, (uint32_t *)(void *)(raw + 1)));
	REFUSED(b, URB_EINVAL, "futex_destroy: futex 7", urb_futex_destroy(b, 7));
	if (urb_op_supported(b, URB_OP_FUTEX_WAIT)) {
		uint32_t id = t_futex(b);

		made++;
		assert_int_equal(urb_push_futex_wait(b, id, 1, NULL), 0);
		REFUSED(b, URB_EBUSY, "futex_destroy", urb_futex_destroy(b, id));
		REFUSED(b, URB_EINVAL, "futex_wait: futex 9", urb_push_futex_wait(b, 9, 0, NULL));
		REFUSED(b, URB_EINVAL, "futex_waitv: 1 to 8", urb_push_futex_waitv(b, waits, 0, NULL));
		REFUSED(b, URB_EINVAL, "futex_waitv: futex 9", urb_push_futex_waitv(b, waits, 1, NULL));
	}
	had = pretend_kernel(b, 6 << 8 | 6);
	REFUSED(b, URB_ENOTSUP, "futex_wait: needs an io_uring opcode this kernel lacks (kernel 6.7",
		urb_push_futex_wait(b, 9, 0, NULL));
	REFUSED(b, URB_ENOTSUP, "futex_waitv: needs an io_uring opcode this kernel lacks (kernel 6.7",
		urb_push_futex_waitv(b, waits, 0, NULL));
	REFUSED(b, URB_ENOTSUP, "futex_wake: needs", urb_push_futex_wake(b, 9, 1, NULL));
	pretend_kernel(b, had);
	for (; made < 4; made++)
		assert_true(urb_futex_create(b, 0, &word) >= 0);
	REFUSED(b, URB_EATCAPACITY, "futexes: all 4", urb_futex_create(b, 0, &word));
	t_free(b);
}

/* ---- src/push.c */

static void push_refusals(void **state)
{
	struct urb_bearer *b = with(8, 4, 4, 64 * 1024, 2);
	uint32_t slot = t_slot(b, URB_FD_STREAM);
	struct urb__push p;
	urb_buf_t kbuf, abc;

	(void)state;
	REFUSED(b, URB_EINVAL, "op 200", urb__push_begin(b, 200, 0, NULL, &p));
	REFUSED(b, URB_EINVAL, "nop: unknown submit flags",
		urb_push_nop(b, &(struct urb_nop_opts){ .submit_flags = 1u << 20 }));
	REFUSED(b, URB_EINVAL, "nop: unknown submit flags", /* the bit the gate marks an op open with */
		urb_push_nop(b, &(struct urb_nop_opts){ .submit_flags = 1u << 31 }));
	REFUSED(b, URB_EINVAL, "send: unknown submit flags",
		urb_push_send(b, URB_SLOT(slot), URB_BUF(0, 0), /* refused before its buffer is looked at */
			      &(struct urb_send_opts){ .submit_flags = 1u << 31 | URB_SUBMIT_ASYNC }));
	REFUSED(b, URB_ENOTALLOWED, "recv: skip-success",
		urb_push_recv(b, URB_SLOT(slot), t_buffer(b),
			      &(struct urb_recv_opts){ .submit_flags = URB_SUBMIT_SKIP_SUCCESS }));
	b->opcodes[IORING_OP_NOP / 32] &= ~(1u << (IORING_OP_NOP % 32));
	urb__op_gate_set(b, URB_OP_NOP); /* as the probe would have */
	REFUSED(b, URB_ENOTSUP, "nop: needs", urb_push_nop(b, NULL));
	b->opcodes[IORING_OP_NOP / 32] |= 1u << (IORING_OP_NOP % 32);
	urb__op_gate_set(b, URB_OP_NOP);

	kbuf = kernel_buffer(b, slot);
	REFUSED(b, URB_EBUSY, "close: slot", urb_push_close(b, URB_SLOT(slot), NULL));
	REFUSED(b, URB_EINVAL, "epoll_ctl: fd -1", urb_push_epoll_ctl(b, URB_FD(-1), EPOLL_CTL_DEL, URB_FD(0), NULL, NULL));
	REFUSED(b, URB_EINVAL, "send: buffer 3.7", urb_push_send(b, URB_SLOT(slot), URB_BUF(3, 7), NULL));
	REFUSED(b, URB_EOWNERSHIP, "send: buffer", urb_push_send(b, URB_SLOT(slot), kbuf, NULL));
	REFUSED(b, URB_EINVAL, "write_set: buffer set 3 does not exist",
		urb_push_write_set(b, URB_SLOT(slot), 3, 0, NULL));
	REFUSED(b, URB_EOWNERSHIP, "write_set: buffer",
		urb_push_write_set(b, URB_SLOT(slot), URB_BUF_SET(kbuf), 0, NULL));
	abc = t_buffer(b);
	{
		struct urb_send_opts past = { .buf_offset = 4 }; /* "abc": 3 valid bytes */

		REFUSED(b, URB_ERANGE, "3 valid bytes", urb_push_send(b, URB_SLOT(slot), abc, &past));
	}
	REFUSED(b, URB_ESTALE, "cancel: key", urb_push_cancel(b, 0x77ull << 32, NULL));
	/* what urb can tell before the kernel would say -EINVAL or -ENOENT (src/push.c, kind_buf.c) */
	{
		static const struct __kernel_timespec ts = { .tv_sec = 1 };
		uint64_t nop_key = t_pending_key(b);

		REFUSED(b, URB_EINVAL, "link_timeout: the op pushed just before it",
			urb_push_link_timeout(b, &ts, NULL)); /* the nop asked for no link */
		REFUSED(b, URB_EINVAL, "names a pending nop, not an op this one ends",
			urb_push_poll_remove(b, nop_key, NULL));
		REFUSED(b, URB_EINVAL, "names a pending nop", urb_push_timeout_remove(b, nop_key, NULL));
		REFUSED(b, URB_EINVAL, "names a pending nop",
			urb_push_timeout_update(b, nop_key, &ts, NULL));
		t_end(b, nop_key);
		assert_true(urb_bearer_submit(b) >= 0); /* nothing left unsubmitted */
		REFUSED(b, URB_EINVAL, "there is none", urb_push_link_timeout(b, &ts, NULL));
		/* the op's kernel (6.7) is checked before its arguments */
		bool has = urb_op_supported(b, URB_OP_SETSOCKOPT);

		REFUSED(b, has ? URB_ERANGE : URB_ENOTSUP,
			has ? "setsockopt: buf has no bytes" : "setsockopt: needs an io_uring opcode",
			urb_push_setsockopt(b, URB_SLOT(slot), SOL_SOCKET, SO_KEEPALIVE, abc,
					    &(struct urb_setsockopt_opts){ .buf_offset = 3 }));
	}
	/* values a spec lists, and whole pages (src/kind_buf.c): madvise */
	{
		struct urb_bearer *pb = t_bearer();
		urb_buf_t page = t_page_buffer(pb);

		REFUSED(pb, URB_EINVAL, "advice 12345 is not one",
			urb_push_madvise(pb, page, 12345, NULL));
		REFUSED(pb, URB_EINVAL, "start 1 bytes into a",
			urb_push_madvise(pb, page, MADV_WILLNEED,
					 &(struct urb_madvise_opts){ .buf_offset = 1 }));
		REFUSED(pb, URB_EINVAL, "past its 64 bytes of room",
			urb_push_madvise(pb, t_buffer(pb), MADV_WILLNEED, NULL));
		t_free(pb);
	}
	REFUSED(b, URB_EINVAL, "urb_bufset_register_fixed",
		urb_push_write_fixed(b, URB_FD(1), t_buffer(b), 0, NULL));
	/* buffer vectors (src/kind_bufvec.c) */
	{
		struct urb_capacity vcap = { .core_queue = 8, .pending_completions = 8, .buffers = 2,
					     .buffer_bytes = (uint64_t)urb_bufset_bytes(2, 64),
					     .record_bytes = 1024 };
		struct urb_bearer *vb = t_bearer_cap(&vcap);
		int vs = urb_bufset_create(vb, 2, 64);
		urb_buf_t twice[2] = { URB_BUF(vs, 0), URB_BUF(vs, 0) };
		urb_buf_t none[1] = { URB_BUF(9, 9) };
		urb_buf_t one[1] = { URB_BUF(vs, 1) };
		void *data;
		uint32_t cap;

		assert_true(vs >= 0);
		REFUSED(vb, URB_EINVAL, "writev: 1 to 64 buffers", urb_push_writev(vb, URB_FD(1), NULL, 1, 0, NULL));
		REFUSED(vb, URB_EINVAL, "does not exist", urb_push_writev(vb, URB_FD(1), none, 1, 0, NULL));
		assert_int_equal(urb_buf_fill(vb, URB_BUF(vs, 1), &data, &cap), 0);
		REFUSED(vb, URB_EOWNERSHIP, "filling", urb_push_writev(vb, URB_FD(1), one, 1, 0, NULL));
		REFUSED(vb, URB_EINVAL, "twice", urb_push_readv(vb, URB_FD(1), twice, 2, 0, NULL));
		if (urb_op_supported(vb, URB_OP_WRITEV_FIXED)) /* 6.15 */
			REFUSED(vb, URB_EINVAL, "registered as fixed",
				urb_push_writev_fixed(vb, URB_FD(1), twice, 1, 0, NULL));
		t_free(vb);
	}
	/* slot ranges (src/kind_slots.c): plain fds a files_update puts into slots */
	{
		struct urb_bearer *fb = t_bearer();
		int32_t fds[2] = { 0, -1 };

		REFUSED(fb, URB_EINVAL, "files_update: 1 to 64 fds, not 0",
			urb_push_files_update(fb, fds, 0, URB_SLOT(1), URB_FD_FILE, NULL));
		REFUSED(fb, URB_EINVAL, "fds[1] is -1, not a plain fd",
			urb_push_files_update(fb, fds, 2, URB_SLOT(1), URB_FD_FILE, NULL));
		REFUSED(fb, URB_EINVAL, "kind 7 is no enum urb_fd_kind",
			urb_push_files_update(fb, fds, 1, URB_SLOT(1), (enum urb_fd_kind)7, NULL));
		REFUSED(fb, URB_EINVAL, "target: not URB_AUTO_SLOT or URB_SLOT(n)",
			urb_push_files_update(fb, fds, 1, URB_FD(3), URB_FD_FILE, NULL));
		t_free(fb);
	}
	/* messages (src/kind_msg.c) */
	{
		struct urb_bearer *mb = t_bearer();
		uint32_t ms = t_slot(mb, URB_FD_SOCKET);
		urb_buf_t one = t_buffer(mb);
		struct sockaddr_in to = t_loopback();
		struct urb_msg m = { .bufs = &one, .count = 1, .name = (struct sockaddr *)&to,
				     .name_len = 1 };

		REFUSED(mb, URB_EINVAL, "sendmsg: the struct urb_msg is NULL",
			urb_push_sendmsg(mb, URB_SLOT(ms), NULL, NULL));
		REFUSED(mb, URB_EINVAL, "sendmsg: name_len 1 does not fit the address",
			urb_push_sendmsg(mb, URB_SLOT(ms), &m, NULL));
		m.name_len = sizeof(to);
		m.control = &one;
		REFUSED(mb, URB_EINVAL, "is both data and control", urb_push_sendmsg(mb, URB_SLOT(ms), &m, NULL));
		REFUSED(mb, URB_ERANGE, "leaves no payload in the",
			urb_push_recvmsg_multi(mb, URB_SLOT(ms), t_group(mb), &(struct urb_msg_room){
				.control_len = 1u << 20 }, NULL));
		{
			struct urb__push hand;
			uint64_t addr;

			/* no generated op lays out a group it has not named: by hand */
			assert_int_equal(urb__push_begin(mb, URB_OP_RECVMSG_MULTI, 0, NULL, &hand), 0);
			REFUSED(mb, URB_EINVAL, "a multishot recvmsg needs its group first",
				urb__push_msg_room(&hand, NULL, &addr));
			assert_int_equal(urb__push_abort(&hand, 0), 0);
		}
		t_free(mb);
	}
	/* record storage (src/kind_store.c): paths and structs the kernel writes */
	REFUSED(b, URB_EINVAL, "mkdirat: the path is NULL",
		urb_push_mkdirat(b, URB_CWD, NULL, 0700, NULL));
	{
		char *longest = calloc(1, PATH_MAX + 1);
		struct urb_capacity some = { .core_queue = 8, .pending_completions = 8,
					     .record_bytes = 512 };
		struct urb_bearer *sb = t_bearer_cap(&some);
		struct urb__push hand;
		uint64_t addr;

		assert_non_null(longest);
		memset(longest, 'a', PATH_MAX);
		REFUSED(b, URB_ERANGE, "PATH_MAX", urb_push_mkdirat(b, URB_CWD, longest, 0700, NULL));
		free(longest);
		/* no generated op holds more or takes more output than a record has: by hand */
		assert_int_equal(urb__push_begin(sb, URB_OP_NOP, 0, NULL, &hand), 0);
		assert_int_equal(urb__push_path(&hand, "a", &addr), 0);
		REFUSED(sb, URB_ERANGE, "in one piece", urb__push_out(&hand, 1u << 20, &addr));
		for (int i = 1; i < URB__REC_MAX_HOLDS; i++)
			assert_int_equal(urb__push_path(&hand, "b", &addr), 0);
		REFUSED(sb, URB_EINVAL, "holds more than 4 resources (a record storage too)",
			urb__push_path(&hand, "c", &addr));
		assert_int_equal(sb->store_used, URB__REC_MAX_HOLDS); /* the refused one's run is back */
		assert_int_equal(urb__push_abort(&hand, 0), 0);
		assert_int_equal(sb->store_used, 0); /* the aborted push gave its runs back */
		t_free(sb);
	}
	{
		struct urb_capacity tiny = { .core_queue = 8, .pending_completions = 8,
					     .record_bytes = 64 };
		struct urb_bearer *t = t_bearer_cap(&tiny);
		struct urb_capacity none = { .core_queue = 8, .pending_completions = 8 };
		struct urb_bearer *n = t_bearer_cap(&none);
		static const char path65[] = "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

		REFUSED(t, URB_EATCAPACITY, "record_bytes: 128 bytes asked",
			urb_push_mkdirat(t, URB_CWD, path65, 0700, NULL));
		REFUSED(n, URB_EATCAPACITY, "record_bytes", urb_push_mkdirat(n, URB_CWD, "x", 0700, NULL));
		t_free(t);
		t_free(n);
	}
	REFUSED(b, URB_EINVAL, "connect: address",
		urb_push_connect(b, URB_SLOT(t_slot(b, URB_FD_SOCKET)), NULL, 0, NULL));
	{
		int ep = urb_epoll_create();

		assert_true(ep >= 0);
		REFUSED(b, URB_EINVAL, "epoll_ctl: the epoll_event is NULL",
			urb_push_epoll_ctl(b, URB_FD(ep), EPOLL_CTL_ADD, URB_FD(0), NULL, NULL));
		REFUSED(b, URB_EINVAL, "epoll_ctl",
			urb_push_epoll_ctl(b, URB_FD(ep), EPOLL_CTL_MOD, URB_FD(0), NULL, NULL));
		REFUSED(b, URB_EINVAL, "timeout: the __kernel_timespec is NULL",
			urb_push_timeout(b, NULL, NULL));
		close(ep);
	}
	for (int i = 0; i < 3; i++)
		assert_int_equal(urb_push_nop(b, NULL), 0);
	REFUSED(b, URB_EATCAPACITY, "pending_completions", urb_push_nop(b, NULL));
	t_free(b);

	b = with(2, 16, 4, 64 * 1024, 2);
	assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(urb_push_nop(b, NULL), 0);
	REFUSED(b, URB_EATCAPACITY, "core_queue", urb_push_nop(b, NULL));
	t_free(b);
}

/*
 * bearer.c urb__forked_refusal, from every call: a fork's copy of a bearer.
 * The home page (the home word and the op gates) reads 0 during the call,
 * as the kernel leaves it in a child (test_process forks for real).
 */
static uint8_t home_saved[4096];
#define REFUSED_IN_FORK(b, needle, call)                                           \
	do {                                                                       \
		uint32_t *home_ = urb__home_page(b);                               \
		int rc_;                                                           \
		prime((b), URB_EFORKED);                                           \
		memcpy(home_saved, home_, sizeof(home_saved));                     \
		memset(home_, 0, sizeof(home_saved));                              \
		rc_ = (call);                                                      \
		memcpy(home_, home_saved, sizeof(home_saved));                     \
		check_refusal((b), rc_, URB_EFORKED, (needle), #call, __LINE__);   \
		assert_non_null(strstr(urb_bearer_detail(b), "a fork of the one that built")); \
	} while (0)

static void forked_refusals(void **state)
{
	struct urb_bearer *b = small();
	uint32_t slot = t_slot(b, URB_FD_STREAM), set = t_set(b), group = t_group(b);
	urb_buf_t buf = URB_BUF(set, 0);
	struct timespec ts = { 0 };
	uint32_t *word, mine = 0, cap;
	int id = urb_futex_create(b, 0, &word);
	struct urb__push p;
	const void *view;
	void *data;
	struct urb_stats st;
	struct urb_ring_setup_info info;
	enum urb_capacity_kind kind;
	uint64_t setting;

	(void)state;
	assert_true(id >= 0);
	REFUSED_IN_FORK(b, "nop: ", urb_push_nop(b, NULL));
	REFUSED_IN_FORK(b, "recv: ", urb_push_recv(b, URB_SLOT(slot), buf, NULL));
	REFUSED_IN_FORK(b, "push: ", urb__push_begin(b, 200, 0, NULL, &p));
	REFUSED_IN_FORK(b, "submit: ", urb_bearer_submit(b));
	REFUSED_IN_FORK(b, "submit_and_wait: ", urb_bearer_submit_and_wait(b, 1, &ts));
	REFUSED_IN_FORK(b, "bearer_completions: ",
			urb_bearer_completions(b, reenter_cb_none, NULL));
	REFUSED_IN_FORK(b, "submit_and_complete: ",
			urb_bearer_submit_and_complete(b, 1, NULL, reenter_cb_none, NULL));
	REFUSED_IN_FORK(b, "bearer_drain: ", urb_bearer_drain(b));
	REFUSED_IN_FORK(b, "release: ", urb_release(b, 1ull << 32));
	REFUSED_IN_FORK(b, "at_capacity: ", urb_bearer_at_capacity(b, &kind, &setting));
	REFUSED_IN_FORK(b, "bearer_stats: ", urb_bearer_stats(b, &st));
	REFUSED_IN_FORK(b, "bearer_setup: ", urb_bearer_setup(b, &info));
	REFUSED_IN_FORK(b, "bearer_ring_fd: ", urb_bearer_ring_fd(b));
	REFUSED_IN_FORK(b, "bufset_create: ", urb_bufset_create(b, 1, 64));
	REFUSED_IN_FORK(b, "bufset_destroy: ", urb_bufset_destroy(b, set));
	REFUSED_IN_FORK(b, "buf_fill: ", urb_buf_fill(b, buf, &data, &cap));
	REFUSED_IN_FORK(b, "buf_filled: ", urb_buf_filled(b, buf, 1));
	REFUSED_IN_FORK(b, "buf_view: ", urb_buf_view(b, buf, &view, &cap));
	REFUSED_IN_FORK(b, "buf_where: ", urb_buf_where(b, buf, &view, &cap));
	REFUSED_IN_FORK(b, "buf_release: ", urb_buf_release(b, buf));
	REFUSED_IN_FORK(b, "buf_owner: ", urb_buf_owner(b, buf));
	REFUSED_IN_FORK(b, "bufring_create: ", urb_bufring_create(b, set));
	REFUSED_IN_FORK(b, "bufring_create_incremental: ",
			urb_bufring_create_incremental(b, set));
	REFUSED_IN_FORK(b, "bufring_create_send: ", urb_bufring_create_send(b, set));
	REFUSED_IN_FORK(b, "buf_queue: ", urb_buf_queue(b, buf));
	REFUSED_IN_FORK(b, "recycle: ", urb_buf_recycle(b, URB_BUF(group, 0)));
	REFUSED_IN_FORK(b, "bufring_destroy: ", urb_bufring_destroy(b, group));
	REFUSED_IN_FORK(b, "bufring_audit: ", urb_bufring_audit(b, group));
	REFUSED_IN_FORK(b, "register_fixed: ", urb_bufset_register_fixed(b, set));
	REFUSED_IN_FORK(b, "unregister_fixed: ", urb_bufset_unregister_fixed(b, set));
	REFUSED_IN_FORK(b, "register: ", urb_fd_register(b, 0, URB_FD_FILE));
	REFUSED_IN_FORK(b, "register_at: ", urb_fd_register_at(b, 1, 0, URB_FD_FILE));
	REFUSED_IN_FORK(b, "unregister: ", urb_fd_unregister(b, slot));
	REFUSED_IN_FORK(b, "fd_kind: ", urb_fd_kind(b, slot));
	REFUSED_IN_FORK(b, "futex_create: ", urb_futex_create(b, 0, &word));
	REFUSED_IN_FORK(b, "futex_adopt: ", urb_futex_adopt(b, &mine));
	REFUSED_IN_FORK(b, "futex_destroy: ", urb_futex_destroy(b, (uint32_t)id));
	/* urb_futex_wake() sets no words (any thread may call it): the code alone */
	*urb__home_page(b) = 0;
	assert_int_equal(urb_futex_wake(b, (uint32_t)id, 1, 1), URB_EFORKED);
	*urb__home_page(b) = URB__HOME;
	assert_int_equal(t_pending(b), 0); /* the pushes took nothing */
	t_free(b);
}

/* The issue's own example: words of a futex refusal, then an adopt of a misaligned word. */
static void explain_never_repeats_older_words(void **state)
{
	struct urb_bearer *b = small();
	char raw[8] __attribute__((aligned(4)));
	int rc;

	(void)state;
	assert_int_equal(urb_futex_destroy(b, 4242), URB_EINVAL);
	rc = urb_futex_adopt(b, (uint32_t *)(void *)(raw + 1));
	assert_int_equal(rc, URB_EINVAL);
	assert_null(strstr(urb_bearer_explain(b, rc), "4242"));
	assert_non_null(strstr(urb_bearer_explain(b, rc), "futex_adopt"));
	/* words are only attached to the code they were set for */
	assert_string_equal(urb_bearer_explain(b, URB_EBUSY), urb_strerror(URB_EBUSY));
	assert_string_equal(urb_bearer_explain(b, -EINVAL), urb_strerror(-EINVAL));
	/* urb_futex_wake sets none: it leaves the bearer's words alone */
	assert_int_equal(urb_futex_wake(b, 3, 0, 1), URB_EINVAL);
	assert_non_null(strstr(urb_bearer_detail(b), "futex_adopt"));
	/* a new bearer has none, and explain then says the code alone */
	t_free(b);
	b = small();
	assert_string_equal(urb_bearer_detail(b), "");
	assert_string_equal(urb_bearer_explain(b, URB_EINVAL), urb_strerror(URB_EINVAL));
	assert_string_equal(urb_bearer_explain(NULL, URB_EINVAL), urb_strerror(URB_EINVAL));
	t_free(b);
}

/* ---- capacities: zero means none of a kind, and every refusal names its field */

static void assert_hit(struct urb_bearer *b, enum urb_capacity_kind kind, uint64_t setting)
{
	enum urb_capacity_kind k;
	uint64_t s;

	assert_int_equal(urb_bearer_at_capacity(b, &k, &s), 0);
	assert_int_equal(k, kind);
	assert_int_equal(s, setting);
}

static void zero_capacities(void **state)
{
	struct urb_capacity cap = URB_CAPACITY_DEFAULT, bare = { .core_queue = 4,
								  .pending_completions = 4 };
	struct urb_bearer *b;
	uint32_t *word, acceptor, set;
	int fd;

	(void)state;
	/* the default set builds, and says no capacity was hit yet */
	b = t_bearer_cap(&cap);
	assert_hit(b, URB_CAP_NONE, 0);
	assert_string_equal(urb_capacity_kind_name(URB_CAP_NONE), "none");
	t_free(b);

	/* only the two required capacities: a bearer that pushes ops and holds nothing */
	b = t_bearer_cap(&bare);
	fd = t_new_fd();
	assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, NULL), 1);
	REFUSED(b, URB_EATCAPACITY, "registered_fd is 0", urb_fd_register(b, fd, URB_FD_FILE));
	assert_hit(b, URB_CAP_REGISTERED_FD, 0);
	REFUSED(b, URB_EATCAPACITY, "buffers is 0", urb_bufset_create(b, 1, 64));
	assert_hit(b, URB_CAP_BUFFERS, 0);
	REFUSED(b, URB_EATCAPACITY, "futexes is 0", urb_futex_create(b, 0, &word));
	assert_hit(b, URB_CAP_FUTEXES, 0);
	REFUSED(b, URB_EATCAPACITY, "futexes is 0", urb_futex_adopt(b, (uint32_t *)&fd));
	t_free(b);
	close(fd);

	/* each optional kind at zero, the rest as usual */
	cap = small_cap;
	cap.direct_fd = 0;
	b = t_bearer_cap(&cap);
	acceptor = t_slot(b, URB_FD_ACCEPTOR);
	REFUSED(b, URB_EATCAPACITY, "direct_fd is 0",
		urb_push_accept(b, URB_SLOT(acceptor), &(struct urb_accept_opts){ .target = URB_AUTO_SLOT }));
	assert_hit(b, URB_CAP_DIRECT_FD, 0);
	t_free(b);

	cap = small_cap;
	cap.buffer_bytes = 0;
	b = t_bearer_cap(&cap);
	REFUSED(b, URB_EATCAPACITY, "buffer_bytes is 0", urb_bufset_create(b, 1, 64));
	assert_hit(b, URB_CAP_BUFFER_BYTES, 0);
	t_free(b);

	cap = small_cap;
	cap.buffer_rings = 0;
	b = t_bearer_cap(&cap);
	set = t_set(b);
	REFUSED(b, URB_EATCAPACITY, "buffer_rings is 0", urb_bufring_create(b, set));
	assert_hit(b, URB_CAP_BUFFER_RINGS, 0);
	t_free(b);
}

/* Each malformed capacity: the field at fault, by name, in the shortfall and its words. */
static void capacity_check_names_the_field(void **state)
{
	static const struct {
		const char *field;
		int err;
		struct urb_capacity cap;
	} cases[] = {
		{ "core_queue", URB_EINVAL, { .core_queue = 0, .pending_completions = 1 } },
		{ "core_queue", URB_EINVAL, { .core_queue = 100, .pending_completions = 1 } },
		{ "core_queue", URB_EINVAL, { .core_queue = 65536, .pending_completions = 1 } },
		{ "pending_completions", URB_EINVAL, { .core_queue = 1 } },
		{ "pending_completions", URB_EINVAL, { .core_queue = 1, .pending_completions = 1u << 25 } },
		{ "registered_fd", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
						  .registered_fd = 1u << 21 } },
		{ "registered_fd + direct_fd", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
							     .registered_fd = 1u << 20,
							     .direct_fd = 1 } },
		{ "buffers", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
					   .buffers = 65537 } },
		{ "buffer_bytes", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
						.buffer_bytes = UINT64_C(1) << 41 } },
		{ "buffer_rings", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
						.buffer_rings = 65537 } },
		{ "futexes", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
					   .futexes = (1u << 20) + 1 } },
		{ "slab", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
					.slab = (enum urb_slab_kind)7 } },
		{ "ring_options", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
						.ring_options = URB_RING_SINGLE_ISSUER } },
		{ "ring_options", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
						.ring_options = URB_RING_SQ_AFF } },
		{ "ring_avoid", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
					      .ring_avoid = URB_RING_SQPOLL } },
		{ "sqpoll_idle_ms", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
						  .sqpoll_idle_ms = 10 } },
		{ "sqpoll_cpu", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
					      .ring_options = URB_RING_SQPOLL, .sqpoll_cpu = 1 } },
		{ "sqpoll_cpu", URB_EINVAL, { .core_queue = 1, .pending_completions = 1,
					      .ring_options = URB_RING_SQPOLL | URB_RING_SQ_AFF,
					      .sqpoll_cpu = 1u << 20 } },
	};
	struct urb_capacity_shortfall why;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&why, 0xa5, sizeof(why));
		assert_int_equal(urb_capacity_check(&cases[i].cap, &why), cases[i].err);
		if (strcmp(why.field, cases[i].field) != 0 || !strstr(why.detail, cases[i].field))
			fail_msg("case %zu: field \"%s\", words \"%s\"; want %s", i, why.field,
				 why.detail, cases[i].field);
	}
	memset(&why, 0xa5, sizeof(why));
	assert_int_equal(urb_capacity_check(NULL, &why), URB_EINVAL);
	assert_string_equal(why.field, "cap");
	memset(&why, 0xa5, sizeof(why));
	assert_int_equal(urb_capacity_check(&cases[0].cap, NULL), URB_EINVAL);
	assert_int_equal(urb_capacity_check(&(struct urb_capacity)URB_CAPACITY_DEFAULT, &why), 0);
	assert_int_equal(why.kind, URB_CAP_NONE);
	assert_string_equal(why.detail, "");
}

/* The headers' promises, each made true (issue 13, part 2). */
static void headers_made_true(void **state)
{
	struct urb_bearer *b = with(8, 16, 4, 64 * 1024, 2);
	struct urb_op_info info;
	uint32_t group;
	int ep;

	(void)state;
	/* buf.h: destroying a set whose buffers are the kernel's is URB_EOWNERSHIP */
	group = t_group(b);
	assert_int_equal(urb_bufset_destroy(b, group), URB_EOWNERSHIP);
	/* bearer.h: a pending key is URB_EOWNERSHIP, an unknown one URB_ESTALE */
	assert_int_equal(urb_release(b, t_pending_key(b)), URB_EOWNERSHIP);
	assert_int_equal(urb_release(b, 0x99ull << 32), URB_ESTALE);
	/* futex_waitv's result is an index */
	assert_int_equal(urb_op_info(URB_OP_FUTEX_WAITV, &info), 0);
	assert_string_equal(info.result, "index");
	assert_int_equal(urb_op_info(URB_OP_FUTEX_WAKE, &info), 0);
	assert_string_equal(info.result, "count");
	/* buf.h: urb_owner_name of no owner is NULL */
	assert_null(urb_owner_name((enum urb_owner)99));
	assert_null(urb_owner_name((enum urb_owner)-1));
	assert_string_equal(urb_owner_name(URB_OWN_KERNEL), "kernel");
	/* epoll_ctl: NULL is an event only for EPOLL_CTL_DEL */
	ep = urb_epoll_create();
	assert_true(ep >= 0);
	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(ep), EPOLL_CTL_ADD, URB_FD(0), NULL, NULL), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(ep), EPOLL_CTL_MOD, URB_FD(0), NULL, NULL), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(ep), EPOLL_CTL_DEL, URB_FD(0), NULL, NULL), 0);
	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(ep), EPOLL_CTL_ADD, URB_FD(0),
					    &(struct epoll_event){ .events = EPOLLIN }, NULL), 0);
	t_free(b);
	close(ep);
}

/*
 * The refusal sites a kind added from its own files declares in its tests
 * (tests/kinds/<name>/, which walk them): a line of one of its .c files
 * saying "refusal sites of src/kind_<name>.c: N".  UINT_MAX when none does.
 */
static unsigned kind_folder_sites(const char *file)
{
	char name[256], dir[512], want[300];
	unsigned sites = UINT_MAX;
	struct dirent *e;
	DIR *d;

	if (strncmp(file, "kind_", 5) != 0 || strlen(file) >= sizeof(name) + 5)
		return UINT_MAX;
	snprintf(name, sizeof(name), "%.*s", (int)(strlen(file) - 7), file + 5);
	snprintf(dir, sizeof(dir), "%s/../tests/kinds/%s", URB_SRC_DIR, name);
	snprintf(want, sizeof(want), "refusal sites of src/%s: %%u", file);
	d = opendir(dir);
	if (!d)
		return UINT_MAX;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char path[800], line[512];
		FILE *f;

		if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		while (fgets(line, sizeof(line), f)) {
			const char *at = strstr(line, "refusal sites of src/");

			if (at && sscanf(at, want, &sites) != 1)
				sites = UINT_MAX;
			if (sites != UINT_MAX)
				break;
		}
		fclose(f);
		if (sites != UINT_MAX)
			break;
	}
	closedir(d);
	return sites;
}

/*
 * Every refusal site in src/: a new one (or a new file with one) fails
 * this until it is walked above, or, in a kind added from its own files,
 * by the tests of its folder, which say how many there are.
 */
static void refusal_sites_counted(void **state)
{
	static const struct {
		const char *file;
		unsigned sites;
	} files[] = {
		{ "bearer.c", 16 }, { "capacity.c", 3 }, { "dispatch.c", 5 }, { "epoll.c", 1 },
		{ "kind_buf.c", 33 }, { "kind_bufvec.c", 5 }, { "kind_fd.c", 28 }, { "kind_futex.c", 10 },
		{ "kind_group.c", 19 }, { "kind_group_ring.c", 21 }, { "kind_group_send.c", 4 },
		{ "kind_msg.c", 6 }, { "kind_set.c", 7 }, { "kind_setread.c", 3 }, { "kind_slots.c", 4 },
		{ "kind_store.c", 5 }, { "kind_target.c", 2 }, { "kinds.c", 1 }, { "optable.c", 3 },
		{ "push.c", 11 }, { "submit.c", 4 },
	};
	static const char *const marks[] = {
		"return URB_E", "urb__refuse(", "urb__refuse_q(", "urb__at_capacity(",
		"urb__bytes_at_capacity(",
	};
	struct dirent *e;
	DIR *dir = opendir(URB_SRC_DIR);

	(void)state;
	assert_non_null(dir);
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name), i;
		char path[512], line[512];
		unsigned n = 0, known = 0;
		FILE *f;

		if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
			continue;
		for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			if (strcmp(files[i].file, e->d_name) == 0)
				break;
		if (i < sizeof(files) / sizeof(files[0]))
			known = files[i].sites;
		else if (kind_folder_sites(e->d_name) != UINT_MAX)
			known = kind_folder_sites(e->d_name);
		snprintf(path, sizeof(path), "%s/%s", URB_SRC_DIR, e->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		while (fgets(line, sizeof(line), f))
			for (size_t m = 0; m < sizeof(marks) / sizeof(marks[0]); m++)
				if (strstr(line, marks[m]))
					n++;
		fclose(f);
		if (n != known)
			fail_msg("src/%s has %u refusal sites, test_errors.c (or its folder in "
				 "tests/kinds/) knows %u: walk the new ones and update the count",
				 e->d_name, n, known);
	}
	closedir(dir);
	print_message("walked %u refusals\n", walked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bearer_refusals),
		cmocka_unit_test(buffer_refusals),
		cmocka_unit_test(group_refusals),
		cmocka_unit_test(group_push_refusals),
		cmocka_unit_test(fd_refusals),
		cmocka_unit_test(target_refusals),
		cmocka_unit_test(futex_refusals),
		cmocka_unit_test(push_refusals),
		cmocka_unit_test(forked_refusals),
		cmocka_unit_test(explain_never_repeats_older_words),
		cmocka_unit_test(zero_capacities),
		cmocka_unit_test(capacity_check_names_the_field),
		cmocka_unit_test(headers_made_true),
		cmocka_unit_test(refusal_sites_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
