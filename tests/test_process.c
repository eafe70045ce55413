/* SPDX-License-Identifier: MIT */
/*
 * waitid against the real kernel: a child that exits, and the siginfo the
 * kernel writes into the bearer's record storage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

struct seen {
	int result;
	bool done, has_info;
	siginfo_t info;
};

static enum urb_disposition on_cqe(struct urb_bearer *b, const struct urb_completion *c,
				   void *user)
{
	struct seen *s = user;

	(void)b;
	if (c->op != URB_OP_WAITID)
		return URB_DEFAULT;
	s->done = true;
	s->result = c->result;
	if (c->u.waitid.info) {
		s->info = *c->u.waitid.info;
		s->has_info = true;
	}
	return URB_DEFAULT;
}

static void await(struct urb_bearer *b, struct seen *s)
{
	for (int round = 0; round < 500 && !s->done; round++) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, on_cqe, s) >= 0);
	}
	assert_true(s->done);
}

static void waitid_sees_a_child_exit(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct seen s = { 0 };
	struct urb_stats st;
	pid_t pid;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WAITID);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(7);
	assert_int_equal(urb_push_waitid(b, P_PID, (uint32_t)pid, WEXITED, NULL), 0);
	await(b, &s);
	assert_int_equal(s.result, 0);
	assert_true(s.has_info);
	assert_int_equal(s.info.si_pid, pid);
	assert_int_equal(s.info.si_code, CLD_EXITED);
	assert_int_equal(s.info.si_status, 7);
	assert_int_equal(urb_bearer_stats(b, &st), 0);
	assert_int_equal(st.capacity_used[URB_CAP_RECORD_BYTES], 0); /* given back with the record */

	/* no such child: the kernel's -ECHILD, and no siginfo */
	s = (struct seen){ 0 };
	assert_int_equal(urb_push_waitid(b, P_PID, (uint32_t)pid, WEXITED, NULL), 0);
	await(b, &s);
	assert_int_equal(s.result, -ECHILD);
	assert_false(s.has_info);
	t_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(waitid_sees_a_child_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
