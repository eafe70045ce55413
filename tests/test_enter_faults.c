/* SPDX-License-Identifier: MIT */
/*
 * io_uring_enter failing as the kernel rarely lets it on demand: -EAGAIN,
 * -EBUSY, -EINTR, -EBADR.  urb's io_uring_enter (urb__ring_enter) and
 * liburing's timed submit are wrapped (-Wl,--wrap, see tests/safety.cmake)
 * so that the next calls fail before they reach the kernel; everything
 * else is the real kernel.  After each
 * failure the books are exact and nothing pushed is lost.
 */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.h"
#include "internal.h"

static int fail_calls; /* how many of the next submit calls fail */
static int fail_with;

int __real_urb__ring_enter(struct urb_bearer *b, unsigned to_submit, unsigned *min_complete,
			   unsigned flags);
int __wrap_urb__ring_enter(struct urb_bearer *b, unsigned to_submit, unsigned *min_complete,
			   unsigned flags);
int __real_io_uring_submit_and_wait_timeout(struct io_uring *ring, struct io_uring_cqe **cqe,
					    unsigned wait_nr, struct __kernel_timespec *ts,
					    sigset_t *sigmask);
int __wrap_io_uring_submit_and_wait_timeout(struct io_uring *ring, struct io_uring_cqe **cqe,
					    unsigned wait_nr, struct __kernel_timespec *ts,
					    sigset_t *sigmask);

int __wrap_urb__ring_enter(struct urb_bearer *b, unsigned to_submit, unsigned *min_complete,
			   unsigned flags)
{
	if (fail_calls > 0) {
		fail_calls--;
		return fail_with;
	}
	return __real_urb__ring_enter(b, to_submit, min_complete, flags);
}

int __wrap_io_uring_submit_and_wait_timeout(struct io_uring *ring, struct io_uring_cqe **cqe,
					    unsigned wait_nr, struct __kernel_timespec *ts,
					    sigset_t *sigmask)
{
	if (fail_calls > 0) {
		fail_calls--;
		return fail_with;
	}
	return __real_io_uring_submit_and_wait_timeout(ring, cqe, wait_nr, ts, sigmask);
}

static struct urb_stats stats(const struct urb_bearer *b)
{
	struct urb_stats s;

	assert_int_equal(urb_bearer_stats(b, &s), 0);
	return s;
}

struct keys_seen {
	uint64_t keys[8];
	int n;
	int times[8];
};

static enum urb_disposition count_keys(struct urb_bearer *b, const struct urb_completion *c,
				       void *user)
{
	struct keys_seen *k = user;

	(void)b;
	for (int i = 0; i < k->n; i++)
		if (k->keys[i] == c->key)
			k->times[i]++;
	return URB_DEFAULT;
}

/* Three nops pushed, every submit path failing with @err once, then all three complete once. */
static void enter_fails_with(int err)
{
	struct urb_bearer *b = t_bearer();
	struct keys_seen k = { .n = 3 };
	struct timespec ts = { .tv_nsec = 20 * 1000 * 1000 };
	uint64_t submitted;
	unsigned khead;
	int got = 0;

	for (int i = 0; i < 3; i++) {
		struct urb_nop_opts o = { .key_out = &k.keys[i] };

		assert_int_equal(urb_push_nop(b, &o), 0);
	}
	submitted = stats(b).submitted;
	khead = *b->ring.sq.khead;
	fail_with = err;
	fail_calls = 3;
	assert_int_equal(urb_bearer_submit(b), err);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, NULL), err);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), err);
	assert_int_equal(fail_calls, 0);
	assert_int_equal(t_pending(b), 3);
	/* in the kernel's SQ since the first submit (as after a real refusal), none taken */
	assert_int_equal(stats(b).submitted, submitted + 3);
	assert_int_equal(*b->ring.sq.khead, khead);
	assert_int_equal(urb_bearer_completions(b, count_keys, &k), 0);
	/* a push after the failures joins the rest, and a plain submit sends all of them */
	assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(urb_bearer_submit(b), 4);
	while (got < 4) {
		assert_true(urb_bearer_submit_and_wait(b, 1, &ts) >= 0);
		got += urb_bearer_completions(b, count_keys, &k);
	}
	for (int i = 0; i < 3; i++)
		assert_int_equal(k.times[i], 1);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(stats(b).submitted, submitted + 4);
	t_free(b);
}

static void enter_eagain(void **state)
{
	(void)state;
	enter_fails_with(-EAGAIN);
}

static void enter_ebusy(void **state)
{
	(void)state;
	enter_fails_with(-EBUSY);
}

static void enter_eintr(void **state)
{
	(void)state;
	enter_fails_with(-EINTR);
}

static void enter_ebadr(void **state)
{
	(void)state;
	enter_fails_with(-EBADR);
}

/* Teardown whose first submits are interrupted still cancels and awaits what is in flight. */
static void free_survives_interrupted_submits(void **state)
{
	struct urb_bearer *b = t_bearer();
	urb_buf_t buf = t_buffer(b);
	int sv[2];
	uint32_t slot;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, NULL), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	fail_with = -EINTR;
	fail_calls = 4;
	assert_int_equal(urb_bearer_drain(b), 0);
	assert_int_equal(fail_calls, 0);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	close(sv[1]);
	t_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(enter_eagain),
		cmocka_unit_test(enter_ebusy),
		cmocka_unit_test(enter_eintr),
		cmocka_unit_test(enter_ebadr),
		cmocka_unit_test(free_survives_interrupted_submits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
