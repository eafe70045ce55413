/* SPDX-License-Identifier: MIT */
/*
 * The timeout ops against the real kernel: timeout, link_timeout,
 * timeout_remove and timeout_update, each one YAML file whose time is a
 * value copied into the record at push (value_in).  No test asserts how
 * long anything took: only what completed, with what, and in which order.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <liburing.h>

#include "support.h"

static const struct __kernel_timespec ms20 = { .tv_nsec = 20 * 1000 * 1000 };
static const struct __kernel_timespec long_time = { .tv_sec = 60 };

/* A timer ends with -ETIME; with a count it ends with 0 once that many others completed. */
static void timeout_fires_or_counts(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { 0 };
	uint64_t tkey = 0, nkey = 0;
	struct urb_timeout_opts o = { .key_out = &tkey };
	struct urb_timeout_opts counted = { .count = 1, .key_out = &tkey };
	struct urb_nop_opts no = { .key_out = &nkey };
	int t, n;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT);
	assert_int_equal(urb_push_timeout(b, NULL, &o), URB_EINVAL);
	assert_int_equal(urb_push_timeout(b, &ms20, &o), 0);
	t = t_await_final(b, &s, tkey);
	assert_int_equal(s.c[t].op, URB_OP_TIMEOUT);
	assert_int_equal(s.c[t].result, -ETIME);

	assert_int_equal(urb_push_timeout(b, &long_time, &counted), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_push_nop(b, &no), 0);
	t = t_await_final(b, &s, tkey);
	n = t_await_final(b, &s, nkey);
	assert_int_equal(s.c[t].result, 0); /* the nop's completion counted */
	assert_true(n < t);
	assert_int_equal(t_pending(b), 0);
	t_free(b);
}

/* The time is the record's copy: changing the caller's after the push changes nothing. */
static void timeout_copies_its_time(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { 0 };
	uint64_t key = 0;
	struct urb_timeout_opts o = { .key_out = &key };
	struct __kernel_timespec mine = ms20;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT);
	assert_int_equal(urb_push_timeout(b, &mine, &o), 0);
	mine = long_time; /* before the kernel has read it */
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, -ETIME);
	t_free(b);
}

/* timeout_remove ends a pending timeout; timeout_update gives it a new time. */
static void timeout_remove_and_update(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { 0 };
	uint64_t tkey = 0, rkey = 0, ukey = 0;
	struct urb_timeout_opts o = { .key_out = &tkey };
	struct urb_timeout_remove_opts ro = { .key_out = &rkey };
	struct urb_timeout_update_opts uo = { .key_out = &ukey };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_UPDATE);
	assert_int_equal(urb_push_timeout(b, &long_time, &o), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_push_timeout_remove(b, tkey, &ro), 0);
	assert_int_equal(s.c[t_await_final(b, &s, rkey)].result, 0);
	assert_int_equal(s.c[t_await_final(b, &s, tkey)].result, -ECANCELED);
	assert_int_equal(urb_push_timeout_remove(b, tkey, &ro), URB_ESTALE); /* it has ended */

	s.n = 0;
	assert_int_equal(urb_push_timeout(b, &long_time, &o), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_push_timeout_update(b, tkey, &ms20, &uo), 0);
	assert_int_equal(s.c[t_await_final(b, &s, ukey)].result, 0);
	assert_int_equal(s.c[t_await_final(b, &s, tkey)].result, -ETIME); /* the new time, not a minute */
	assert_int_equal(t_pending(b), 0);
	t_free(b);
}

/* link_timeout cancels the op linked before it when the time passes first, and not otherwise. */
static void link_timeout_bounds_an_op(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { 0 };
	uint64_t rkey = 0, lkey = 0;
	struct urb_recv_opts linked = { .submit_flags = URB_SUBMIT_LINK, .key_out = &rkey };
	struct urb_link_timeout_opts lo = { .key_out = &lkey };
	urb_buf_t buf = t_buffer(b);
	int sv[2];
	uint32_t slot;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINK_TIMEOUT);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	slot = t_register(b, sv[0], URB_FD_STREAM);

	/* nobody writes: the time passes, the recv is cancelled and its buffer comes back */
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, &linked), 0);
	assert_int_equal(urb_push_link_timeout(b, &ms20, &lo), 0);
	assert_int_equal(s.c[t_await_final(b, &s, rkey)].result, -ECANCELED);
	assert_int_equal(s.c[t_await_final(b, &s, lkey)].result, -ETIME);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);

	/* the bytes are there: the recv completes, the timeout is cancelled */
	s.n = 0;
	assert_int_equal(write(sv[1], "hi", 2), 2);
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, &linked), 0);
	assert_int_equal(urb_push_link_timeout(b, &long_time, &lo), 0);
	assert_int_equal(s.c[t_await_final(b, &s, rkey)].result, 2);
	assert_int_equal(s.c[t_await_final(b, &s, lkey)].result, -ECANCELED);
	t_assert_view(b, buf, "hi", 2);
	assert_int_equal(t_pending(b), 0);
	close(sv[1]);
	t_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timeout_fires_or_counts),
		cmocka_unit_test(timeout_copies_its_time),
		cmocka_unit_test(timeout_remove_and_update),
		cmocka_unit_test(link_timeout_bounds_an_op),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
