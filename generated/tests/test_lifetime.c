/* Generated from spec/ops/ (one YAML file per op) by codegen/urb_gen.py - do not edit. */
/* SPDX-License-Identifier: MIT */

/*
 * Lifetime checks for every op, from its spec: what the push hands the
 * kernel, what each completion gives back, and what a push must refuse.
 * The SQEs are pushed for real but never submitted; completions are fed
 * through the real dispatcher by the test seam, so every op is checked,
 * including ones whose success the kernel will not produce on demand.
 */

#include <errno.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

/* ---- accept (spec/ops/accept.yaml): single, holds fd, target */

static void accept_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_accept_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = t_new_fd();

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_accept(b, v_fd, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_ACCEPT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.accept.conn.fd, res_ok);
	assert_int_equal(seen.last.u.accept.conn.slot, -1);
	assert_non_null(seen.last.u.accept.peer.addr);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(res_ok);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void accept_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_accept_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_accept(b, v_fd, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.accept.conn.fd, -1);
		assert_int_equal(c->u.accept.conn.slot, -1);
		assert_null(c->u.accept.peer.addr);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void accept_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_accept_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_accept(b, v_fd, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.accept.conn.fd, -1);
	assert_int_equal(c->u.accept.conn.slot, -1);
	assert_null(c->u.accept.peer.addr);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_accept_user(): its arguments checked, and the op as with opts { .user }. */
static void accept_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_accept_user(b, v_fd, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_accept_user(b, v_fd, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_ACCEPT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void accept_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_accept_opts opts = { 0 };
	struct urb_accept_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_accept_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_accept(b, v_fd, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_accept(b, v_fd, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_accept(b, v_fd, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_accept(b, URB_SLOT(9999), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_accept(b, URB_SLOT(63), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR)))
		assert_int_equal(urb_push_accept(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR)))), &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_accept(b, URB_FD(-1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept(b, URB_FD(-EBADF), &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept(b, URB_PLAIN, &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept(b, URB_AUTO_SLOT, &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept(b, (urb_fd_t){ 7ull << 32 }, &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept(b, URB_CWD, &opts), URB_EINVAL);
	{
		struct urb_accept_opts t = { .target = URB_FD(5) };

		assert_int_equal(urb_push_accept(b, v_fd, &t), URB_EINVAL); /* not a target */
	}
	{
		struct urb_accept_opts t = { .target = URB_AUTO_SLOT, .flags = SOCK_CLOEXEC };

		assert_int_equal(urb_push_accept(b, v_fd, &t), URB_EINVAL); /* SOCK_CLOEXEC with a direct target */
	}
	{
		struct urb_accept_opts t = { .target = URB_SLOT(t_slot(b, URB_FD_FILE)) };

		assert_int_equal(urb_push_accept(b, v_fd, &t), URB_EBUSY); /* chosen slot taken */
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- accept_multi (spec/ops/accept_multi.yaml): multishot, holds fd, target */

static void accept_multi_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_accept_multi_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = t_new_fd();

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_accept_multi(b, v_fd, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* multishot: a CQE with F_MORE keeps the record and what it holds */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_MORE, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_true(seen.last.more);
	assert_false(seen.last.final);
	assert_int_equal(seen.last.result, res_ok);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	close(res_ok);
	res_ok = t_new_fd();

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_ACCEPT_MULTI);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.accept_multi.conn.fd, res_ok);
	assert_int_equal(seen.last.u.accept_multi.conn.slot, -1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(res_ok);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void accept_multi_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_accept_multi_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_accept_multi(b, v_fd, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.accept_multi.conn.fd, -1);
		assert_int_equal(c->u.accept_multi.conn.slot, -1);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void accept_multi_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_accept_multi_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT_MULTI);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_accept_multi(b, v_fd, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.accept_multi.conn.fd, -1);
	assert_int_equal(c->u.accept_multi.conn.slot, -1);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_accept_multi_user(): its arguments checked, and the op as with opts { .user }. */
static void accept_multi_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_accept_multi_user(b, v_fd, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_accept_multi_user(b, v_fd, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_ACCEPT_MULTI);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void accept_multi_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_accept_multi_opts opts = { 0 };
	struct urb_accept_multi_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_accept_multi_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_ACCEPT_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_accept_multi(b, v_fd, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_accept_multi(b, v_fd, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_accept_multi(b, v_fd, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_accept_multi(b, URB_SLOT(9999), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_accept_multi(b, URB_SLOT(63), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR)))
		assert_int_equal(urb_push_accept_multi(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR)))), &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_accept_multi(b, URB_FD(-1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept_multi(b, URB_FD(-EBADF), &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept_multi(b, URB_PLAIN, &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept_multi(b, URB_AUTO_SLOT, &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept_multi(b, (urb_fd_t){ 7ull << 32 }, &opts), URB_EINVAL);
	assert_int_equal(urb_push_accept_multi(b, URB_CWD, &opts), URB_EINVAL);
	{
		struct urb_accept_multi_opts t = { .target = URB_SLOT(60) };

		assert_int_equal(urb_push_accept_multi(b, v_fd, &t), URB_EINVAL); /* slot not allowed */
	}
	{
		struct urb_accept_multi_opts t = { .target = URB_FD(5) };

		assert_int_equal(urb_push_accept_multi(b, v_fd, &t), URB_EINVAL); /* not a target */
	}
	{
		struct urb_accept_multi_opts t = { .target = URB_AUTO_SLOT, .flags = SOCK_CLOEXEC };

		assert_int_equal(urb_push_accept_multi(b, v_fd, &t), URB_EINVAL); /* SOCK_CLOEXEC with a direct target */
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- bind (spec/ops/bind.yaml): single, holds fd */

static void bind_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_bind_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_BIND);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_bind(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_BIND);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void bind_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_bind_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_BIND);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_bind(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void bind_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_bind_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_BIND);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_bind(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_bind_user(): its arguments checked, and the op as with opts { .user }. */
static void bind_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_BIND);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_bind_user(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_bind_user(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_BIND);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void bind_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_bind_opts opts = { 0 };
	struct urb_bind_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_bind_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_BIND);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_bind(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_bind(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_bind(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_bind(b, URB_SLOT(9999), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_bind(b, URB_SLOT(63), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_bind(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_SOCKET)))), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_bind(b, URB_FD(-1), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_bind(b, URB_FD(-EBADF), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_bind(b, URB_PLAIN, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_bind(b, URB_AUTO_SLOT, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_bind(b, (urb_fd_t){ 7ull << 32 }, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_bind(b, URB_CWD, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_bind(b, v_fd, NULL, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_bind(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(struct sockaddr_storage) + 1, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- cancel (spec/ops/cancel.yaml): single */

static void cancel_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_cancel_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CANCEL);
	uint64_t v_target = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_cancel(b, v_target, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_CANCEL);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void cancel_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_cancel_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CANCEL);
	uint64_t v_target = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_cancel(b, v_target, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void cancel_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_cancel_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CANCEL);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint64_t v_target = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_cancel(b, v_target, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base - 1); /* the cancel's target ran too */

	t_free(b);
}

/* urb_push_cancel_user(): its arguments checked, and the op as with opts { .user }. */
static void cancel_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CANCEL);
	uint64_t v_target = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_cancel_user(b, v_target, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_cancel_user(b, v_target, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_CANCEL);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void cancel_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_cancel_opts opts = { 0 };
	struct urb_cancel_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_cancel_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CANCEL);
	uint64_t v_target = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_cancel(b, v_target, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_cancel(b, v_target, &bad_flags), URB_EINVAL);
	/* skip-success: the record stays until its CQE; a success is not shown, a failure is */
	uint64_t skip_key = 0;
	struct t_seen skip_seen = { 0 };

	skip.key_out = &skip_key;
	skip.user = &skip_seen;
	assert_int_equal(urb_push_cancel(b, v_target, &skip), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(t_inject(b, skip_key, 0, 0, &skip_seen), 0);
	assert_int_equal(skip_seen.calls, 0);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_cancel(b, v_target, &skip), 0);
	assert_int_equal(t_inject(b, skip_key, -EINVAL, 0, &skip_seen), 0);
	assert_int_equal(skip_seen.calls, 1);
	assert_int_equal(skip_seen.last.op, URB_OP_CANCEL);
	assert_int_equal(skip_seen.last.key, skip_key);
	assert_ptr_equal(skip_seen.last.user, &skip_seen);
	assert_int_equal(skip_seen.last.result, -EINVAL);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_cancel(b, v_target + 1, &opts), URB_ESTALE);
	assert_int_equal(urb_push_cancel(b, 0, &opts), URB_ESTALE);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- close (spec/ops/close.yaml): single, holds fd */

static void close_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_close_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CLOSE);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_close(b, v_fd, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_CLOSE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_kind(b, slot_fd), URB_ENOTREGISTERED); /* closed */

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void close_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_close_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CLOSE);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_close(b, v_fd, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void close_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_close_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CLOSE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_close(b, v_fd, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_close_user(): its arguments checked, and the op as with opts { .user }. */
static void close_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CLOSE);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_close_user(b, v_fd, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_close_user(b, v_fd, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_CLOSE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void close_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_close_opts opts = { 0 };
	struct urb_close_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_close_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CLOSE);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_close(b, v_fd, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_close(b, v_fd, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_close(b, v_fd, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_close(b, URB_SLOT(9999), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_close(b, URB_SLOT(63), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_close(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))), &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_close(b, URB_FD(-1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_close(b, URB_FD(-EBADF), &opts), URB_EINVAL);
	assert_int_equal(urb_push_close(b, URB_PLAIN, &opts), URB_EINVAL);
	assert_int_equal(urb_push_close(b, URB_AUTO_SLOT, &opts), URB_EINVAL);
	assert_int_equal(urb_push_close(b, (urb_fd_t){ 7ull << 32 }, &opts), URB_EINVAL);
	assert_int_equal(urb_push_close(b, URB_CWD, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- connect (spec/ops/connect.yaml): single, holds fd */

static void connect_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_connect_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CONNECT);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_connect(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_CONNECT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void connect_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_connect_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CONNECT);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_connect(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void connect_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_connect_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CONNECT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_connect(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_connect_user(): its arguments checked, and the op as with opts { .user }. */
static void connect_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CONNECT);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_connect_user(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_connect_user(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_CONNECT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void connect_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_connect_opts opts = { 0 };
	struct urb_connect_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_connect_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_CONNECT);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	struct sockaddr_in v_addr = t_loopback();
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_connect(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_connect(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_connect(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(v_addr), &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_connect(b, URB_SLOT(9999), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_connect(b, URB_SLOT(63), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_STREAM)))
		assert_int_equal(urb_push_connect(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_STREAM)))), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_connect(b, URB_FD(-1), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_connect(b, URB_FD(-EBADF), (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_connect(b, URB_PLAIN, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_connect(b, URB_AUTO_SLOT, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_connect(b, (urb_fd_t){ 7ull << 32 }, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_connect(b, URB_CWD, (const struct sockaddr *)&v_addr, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_connect(b, v_fd, NULL, sizeof(v_addr), &opts), URB_EINVAL);
	assert_int_equal(urb_push_connect(b, v_fd, (const struct sockaddr *)&v_addr, sizeof(struct sockaddr_storage) + 1, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- epoll_ctl (spec/ops/epoll_ctl.yaml): single */

static void epoll_ctl_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_epoll_ctl_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_CTL);
	int fd_epfd = t_new_fd();
	urb_fd_t v_epfd = URB_FD(fd_epfd);
	int32_t v_op = 0;
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct epoll_event v_event = { 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, v_fd, &v_event, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_EPOLL_CTL);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(fd_epfd);
	close(fd_fd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void epoll_ctl_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_epoll_ctl_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_CTL);
	int fd_epfd = t_new_fd();
	urb_fd_t v_epfd = URB_FD(fd_epfd);
	int32_t v_op = 0;
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct epoll_event v_event = { 0 };
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, v_fd, &v_event, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	close(fd_epfd);
	close(fd_fd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void epoll_ctl_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_epoll_ctl_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_CTL);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_epfd = t_new_fd();
	urb_fd_t v_epfd = URB_FD(fd_epfd);
	int32_t v_op = 0;
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct epoll_event v_event = { 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, v_fd, &v_event, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	close(fd_epfd);
	close(fd_fd);
	t_free(b);
}

/* urb_push_epoll_ctl_user(): its arguments checked, and the op as with opts { .user }. */
static void epoll_ctl_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_CTL);
	int fd_epfd = t_new_fd();
	urb_fd_t v_epfd = URB_FD(fd_epfd);
	int32_t v_op = 0;
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct epoll_event v_event = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_epoll_ctl_user(b, v_epfd, v_op, v_fd, &v_event, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_epoll_ctl_user(b, v_epfd, v_op, v_fd, &v_event, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_EPOLL_CTL);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_epfd);
	close(fd_fd);
	t_free(b);
}

static void epoll_ctl_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_epoll_ctl_opts opts = { 0 };
	struct urb_epoll_ctl_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_epoll_ctl_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_CTL);
	int fd_epfd = t_new_fd();
	urb_fd_t v_epfd = URB_FD(fd_epfd);
	int32_t v_op = 0;
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct epoll_event v_event = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, v_fd, &v_event, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, v_fd, &v_event, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, v_fd, &v_event, &skip), URB_ENOTALLOWED);
	/* no fd, in any form epfd does not take (URB_FD(fd)) */
	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(-1), v_op, v_fd, &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, URB_FD(-EBADF), v_op, v_fd, &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, URB_PLAIN, v_op, v_fd, &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, URB_AUTO_SLOT, v_op, v_fd, &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, (urb_fd_t){ 7ull << 32 }, v_op, v_fd, &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, URB_SLOT(0), v_op, v_fd, &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, URB_CWD, v_op, v_fd, &v_event, &opts), URB_EINVAL);
	/* no fd, in any form fd does not take (URB_FD(fd)) */
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, URB_FD(-1), &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, URB_FD(-EBADF), &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, URB_PLAIN, &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, URB_AUTO_SLOT, &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, (urb_fd_t){ 7ull << 32 }, &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, URB_SLOT(0), &v_event, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_ctl(b, v_epfd, v_op, URB_CWD, &v_event, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_epfd);
	close(fd_fd);
	t_free(b);
}

/* ---- epoll_wait (spec/ops/epoll_wait.yaml): single, holds epfd */

static void epoll_wait_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_epoll_wait_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 2;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_WAIT);
	uint32_t slot_epfd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_epfd = URB_SLOT(slot_epfd);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_epoll_wait(b, v_epfd, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_epfd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_EPOLL_WAIT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.epoll_wait.ready.count, res_ok);
	assert_non_null(seen.last.u.epoll_wait.ready.events);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_epfd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void epoll_wait_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_epoll_wait_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_WAIT);
	uint32_t slot_epfd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_epfd = URB_SLOT(slot_epfd);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_epoll_wait(b, v_epfd, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.epoll_wait.ready.count, 0);
		assert_null(c->u.epoll_wait.ready.events);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_epfd].users, 0);
		assert_int_equal(b->fds[slot_epfd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_epfd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void epoll_wait_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_epoll_wait_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_WAIT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_epfd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_epfd = URB_SLOT(slot_epfd);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_epoll_wait(b, v_epfd, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.epoll_wait.ready.count, 0);
	assert_null(c->u.epoll_wait.ready.events);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_epfd].users, 0);
	assert_int_equal(b->fds[slot_epfd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_epfd), 0);
	t_free(b);
}

/* urb_push_epoll_wait_user(): its arguments checked, and the op as with opts { .user }. */
static void epoll_wait_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_WAIT);
	uint32_t slot_epfd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_epfd = URB_SLOT(slot_epfd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_epoll_wait_user(b, v_epfd, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_epoll_wait_user(b, v_epfd, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_epfd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_EPOLL_WAIT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_epfd), 0);
	t_free(b);
}

static void epoll_wait_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_epoll_wait_opts opts = { 0 };
	struct urb_epoll_wait_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_epoll_wait_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_EPOLL_WAIT);
	uint32_t slot_epfd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_epfd = URB_SLOT(slot_epfd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_epoll_wait(b, v_epfd, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_epoll_wait(b, v_epfd, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_epoll_wait(b, v_epfd, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_epoll_wait(b, URB_SLOT(9999), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_epoll_wait(b, URB_SLOT(63), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_epoll_wait(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), &opts), URB_EFDKIND);
	/* no fd, in any form epfd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_epoll_wait(b, URB_FD(-1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_wait(b, URB_FD(-EBADF), &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_wait(b, URB_PLAIN, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_wait(b, URB_AUTO_SLOT, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_wait(b, (urb_fd_t){ 7ull << 32 }, &opts), URB_EINVAL);
	assert_int_equal(urb_push_epoll_wait(b, URB_CWD, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- fadvise (spec/ops/fadvise.yaml): single, holds fd */

static void fadvise_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_fadvise_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FADVISE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_advice = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_fadvise(b, v_fd, v_offset, v_len, v_advice, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FADVISE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void fadvise_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_fadvise_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FADVISE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_advice = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_fadvise(b, v_fd, v_offset, v_len, v_advice, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void fadvise_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_fadvise_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FADVISE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_advice = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_fadvise(b, v_fd, v_offset, v_len, v_advice, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_fadvise_user(): its arguments checked, and the op as with opts { .user }. */
static void fadvise_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FADVISE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_advice = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fadvise_user(b, v_fd, v_offset, v_len, v_advice, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_fadvise_user(b, v_fd, v_offset, v_len, v_advice, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FADVISE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void fadvise_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_fadvise_opts opts = { 0 };
	struct urb_fadvise_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_fadvise_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FADVISE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_advice = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fadvise(b, v_fd, v_offset, v_len, v_advice, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_fadvise(b, v_fd, v_offset, v_len, v_advice, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_fadvise(b, v_fd, v_offset, v_len, v_advice, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_fadvise(b, URB_SLOT(9999), v_offset, v_len, v_advice, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_fadvise(b, URB_SLOT(63), v_offset, v_len, v_advice, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_fadvise(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), v_offset, v_len, v_advice, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_fadvise(b, URB_FD(-1), v_offset, v_len, v_advice, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fadvise(b, URB_FD(-EBADF), v_offset, v_len, v_advice, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fadvise(b, URB_PLAIN, v_offset, v_len, v_advice, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fadvise(b, URB_AUTO_SLOT, v_offset, v_len, v_advice, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fadvise(b, (urb_fd_t){ 7ull << 32 }, v_offset, v_len, v_advice, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fadvise(b, URB_CWD, v_offset, v_len, v_advice, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- fallocate (spec/ops/fallocate.yaml): single, holds fd */

static void fallocate_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_fallocate_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FALLOCATE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_mode = 0;
	uint64_t v_offset = 0;
	uint64_t v_len = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_fallocate(b, v_fd, v_mode, v_offset, v_len, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FALLOCATE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void fallocate_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_fallocate_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FALLOCATE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_mode = 0;
	uint64_t v_offset = 0;
	uint64_t v_len = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_fallocate(b, v_fd, v_mode, v_offset, v_len, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void fallocate_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_fallocate_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FALLOCATE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_mode = 0;
	uint64_t v_offset = 0;
	uint64_t v_len = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_fallocate(b, v_fd, v_mode, v_offset, v_len, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_fallocate_user(): its arguments checked, and the op as with opts { .user }. */
static void fallocate_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FALLOCATE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_mode = 0;
	uint64_t v_offset = 0;
	uint64_t v_len = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fallocate_user(b, v_fd, v_mode, v_offset, v_len, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_fallocate_user(b, v_fd, v_mode, v_offset, v_len, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FALLOCATE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void fallocate_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_fallocate_opts opts = { 0 };
	struct urb_fallocate_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_fallocate_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FALLOCATE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_mode = 0;
	uint64_t v_offset = 0;
	uint64_t v_len = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fallocate(b, v_fd, v_mode, v_offset, v_len, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_fallocate(b, v_fd, v_mode, v_offset, v_len, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_fallocate(b, v_fd, v_mode, v_offset, v_len, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_fallocate(b, URB_SLOT(9999), v_mode, v_offset, v_len, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_fallocate(b, URB_SLOT(63), v_mode, v_offset, v_len, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_fallocate(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), v_mode, v_offset, v_len, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_fallocate(b, URB_FD(-1), v_mode, v_offset, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fallocate(b, URB_FD(-EBADF), v_mode, v_offset, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fallocate(b, URB_PLAIN, v_mode, v_offset, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fallocate(b, URB_AUTO_SLOT, v_mode, v_offset, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fallocate(b, (urb_fd_t){ 7ull << 32 }, v_mode, v_offset, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fallocate(b, URB_CWD, v_mode, v_offset, v_len, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- fgetxattr (spec/ops/fgetxattr.yaml): single, holds fd, buf */

static void fgetxattr_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_fgetxattr_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FGETXATTR);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_fgetxattr(b, v_fd, v_name, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FGETXATTR);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.fgetxattr.value.len, res_ok);
	assert_ptr_equal(seen.last.u.fgetxattr.value.data, t_buf_data(b, v_buf));
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void fgetxattr_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_fgetxattr_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FGETXATTR);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_fgetxattr(b, v_fd, v_name, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.fgetxattr.value.len, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void fgetxattr_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_fgetxattr_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FGETXATTR);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_fgetxattr(b, v_fd, v_name, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.fgetxattr.value.len, 0);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_fgetxattr_user(): its arguments checked, and the op as with opts { .user }. */
static void fgetxattr_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FGETXATTR);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fgetxattr_user(b, v_fd, v_name, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_fgetxattr_user(b, v_fd, v_name, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FGETXATTR);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void fgetxattr_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_fgetxattr_opts opts = { 0 };
	struct urb_fgetxattr_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_fgetxattr_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FGETXATTR);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fgetxattr(b, v_fd, v_name, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_fgetxattr(b, v_fd, v_name, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_fgetxattr(b, v_fd, v_name, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_fgetxattr(b, URB_SLOT(9999), v_name, v_buf, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_fgetxattr(b, URB_SLOT(63), v_name, v_buf, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_fgetxattr(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), v_name, v_buf, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_fgetxattr(b, URB_FD(-1), v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fgetxattr(b, URB_FD(-EBADF), v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fgetxattr(b, URB_PLAIN, v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fgetxattr(b, URB_AUTO_SLOT, v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fgetxattr(b, (urb_fd_t){ 7ull << 32 }, v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fgetxattr(b, URB_CWD, v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fgetxattr(b, v_fd, v_name, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_fgetxattr(b, v_fd, v_name, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- files_update (spec/ops/files_update.yaml): single, holds fds */

static void files_update_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_files_update_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 2;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FILES_UPDATE);
	int32_t v_fds[2] = { t_new_fd(), t_new_fd() };
	uint32_t slot_fds = T_REGISTERED_FD - 2; /* the last two of urb's area, free */
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_SLOT(slot_fds), URB_FD_FILE, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_true(urb_fd_register_at(b, slot_fds, v_fds[0], URB_FD_FILE) < 0);
	assert_true(urb_fd_register_at(b, slot_fds + 1, v_fds[0], URB_FD_FILE) < 0);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FILES_UPDATE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	/* both fds went in: the slots are registered, with the kind asked for */
	assert_int_equal(urb_fd_kind(b, slot_fds), URB_FD_FILE);
	assert_int_equal(urb_fd_kind(b, slot_fds + 1), URB_FD_FILE);
	assert_int_equal(urb_fd_unregister(b, slot_fds), 0);
	assert_int_equal(urb_fd_unregister(b, slot_fds + 1), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(v_fds[0]);
	close(v_fds[1]);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void files_update_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_files_update_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FILES_UPDATE);
	int32_t v_fds[2] = { t_new_fd(), t_new_fd() };
	uint32_t slot_fds = T_REGISTERED_FD - 2; /* the last two of urb's area, free */
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_SLOT(slot_fds), URB_FD_FILE, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fds].state, URB_OWN_REUSABLE);
		assert_int_equal(b->fds[slot_fds + 1].state, URB_OWN_REUSABLE);
	}
	assert_int_equal(urb_fd_kind(b, slot_fds), URB_ENOTREGISTERED);
	assert_int_equal(b->fds[slot_fds].state, URB_OWN_REUSABLE);
	assert_int_equal(b->fds[slot_fds + 1].state, URB_OWN_REUSABLE);
	close(v_fds[0]);
	close(v_fds[1]);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void files_update_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_files_update_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FILES_UPDATE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int32_t v_fds[2] = { t_new_fd(), t_new_fd() };
	uint32_t slot_fds = T_REGISTERED_FD - 2; /* the last two of urb's area, free */
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_SLOT(slot_fds), URB_FD_FILE, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fds].state, URB_OWN_REUSABLE);
	assert_int_equal(b->fds[slot_fds + 1].state, URB_OWN_REUSABLE);
	assert_int_equal(urb_fd_kind(b, slot_fds), URB_ENOTREGISTERED);
	assert_int_equal(b->fds[slot_fds].state, URB_OWN_REUSABLE);
	assert_int_equal(b->fds[slot_fds + 1].state, URB_OWN_REUSABLE);
	close(v_fds[0]);
	close(v_fds[1]);
	t_free(b);
}

/* urb_push_files_update_user(): its arguments checked, and the op as with opts { .user }. */
static void files_update_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FILES_UPDATE);
	int32_t v_fds[2] = { t_new_fd(), t_new_fd() };
	uint32_t slot_fds = T_REGISTERED_FD - 2; /* the last two of urb's area, free */
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_files_update_user(b, v_fds, 2, URB_SLOT(slot_fds), URB_FD_FILE, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_files_update_user(b, v_fds, 2, URB_SLOT(slot_fds), URB_FD_FILE, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_true(urb_fd_register_at(b, slot_fds, v_fds[0], URB_FD_FILE) < 0);
	assert_true(urb_fd_register_at(b, slot_fds + 1, v_fds[0], URB_FD_FILE) < 0);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FILES_UPDATE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_kind(b, slot_fds), URB_ENOTREGISTERED);
	assert_int_equal(b->fds[slot_fds].state, URB_OWN_REUSABLE);
	assert_int_equal(b->fds[slot_fds + 1].state, URB_OWN_REUSABLE);
	close(v_fds[0]);
	close(v_fds[1]);
	t_free(b);
}

static void files_update_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_files_update_opts opts = { 0 };
	struct urb_files_update_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_files_update_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FILES_UPDATE);
	int32_t v_fds[2] = { t_new_fd(), t_new_fd() };
	uint32_t slot_fds = T_REGISTERED_FD - 2; /* the last two of urb's area, free */
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_SLOT(slot_fds), URB_FD_FILE, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_SLOT(slot_fds), URB_FD_FILE, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_SLOT(slot_fds), URB_FD_FILE, &skip), URB_ENOTALLOWED);
	{
		int32_t bad[2] = { v_fds[0], -1 };
		uint32_t taken = t_slot(b, URB_FD_FILE);

		assert_int_equal(urb_push_files_update(b, NULL, 2, URB_SLOT(slot_fds), URB_FD_FILE, &opts), URB_EINVAL);
		assert_int_equal(urb_push_files_update(b, v_fds, 0, URB_SLOT(slot_fds), URB_FD_FILE, &opts), URB_EINVAL);
		assert_int_equal(urb_push_files_update(b, bad, 2, URB_SLOT(slot_fds), URB_FD_FILE, &opts), URB_EINVAL);
		assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_SLOT(slot_fds), (enum urb_fd_kind)9, &opts), URB_EINVAL);
		assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_PLAIN, URB_FD_FILE, &opts), URB_EINVAL);
		assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_SLOT(T_REGISTERED_FD - 1), URB_FD_FILE, &opts), URB_ERANGE); /* past urb's area */
		assert_int_equal(urb_push_files_update(b, v_fds, 2, URB_SLOT(taken), URB_FD_FILE, &opts), URB_EBUSY);
		assert_int_equal(urb_fd_unregister(b, taken), 0);
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(v_fds[0]);
	close(v_fds[1]);
	t_free(b);
}

/* ---- fixed_fd_install (spec/ops/fixed_fd_install.yaml): single, holds fd */

static void fixed_fd_install_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_fixed_fd_install_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = t_new_fd();

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FIXED_FD_INSTALL);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_fixed_fd_install(b, v_fd, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FIXED_FD_INSTALL);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(res_ok);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void fixed_fd_install_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_fixed_fd_install_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FIXED_FD_INSTALL);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_fixed_fd_install(b, v_fd, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void fixed_fd_install_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_fixed_fd_install_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FIXED_FD_INSTALL);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_fixed_fd_install(b, v_fd, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_fixed_fd_install_user(): its arguments checked, and the op as with opts { .user }. */
static void fixed_fd_install_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FIXED_FD_INSTALL);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fixed_fd_install_user(b, v_fd, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_fixed_fd_install_user(b, v_fd, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FIXED_FD_INSTALL);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void fixed_fd_install_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_fixed_fd_install_opts opts = { 0 };
	struct urb_fixed_fd_install_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_fixed_fd_install_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FIXED_FD_INSTALL);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fixed_fd_install(b, v_fd, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_fixed_fd_install(b, v_fd, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_fixed_fd_install(b, v_fd, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_fixed_fd_install(b, URB_SLOT(9999), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_fixed_fd_install(b, URB_SLOT(63), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_fixed_fd_install(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))), &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_SLOT(n)) */
	assert_int_equal(urb_push_fixed_fd_install(b, URB_FD(-1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_fixed_fd_install(b, URB_FD(-EBADF), &opts), URB_EINVAL);
	assert_int_equal(urb_push_fixed_fd_install(b, URB_PLAIN, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fixed_fd_install(b, URB_AUTO_SLOT, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fixed_fd_install(b, (urb_fd_t){ 7ull << 32 }, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fixed_fd_install(b, URB_FD(1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_fixed_fd_install(b, URB_CWD, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- fsetxattr (spec/ops/fsetxattr.yaml): single, holds fd, buf */

static void fsetxattr_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_fsetxattr_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSETXATTR);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_fsetxattr(b, v_fd, v_name, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FSETXATTR);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void fsetxattr_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_fsetxattr_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSETXATTR);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_fsetxattr(b, v_fd, v_name, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void fsetxattr_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_fsetxattr_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSETXATTR);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_fsetxattr(b, v_fd, v_name, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_fsetxattr_user(): its arguments checked, and the op as with opts { .user }. */
static void fsetxattr_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSETXATTR);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fsetxattr_user(b, v_fd, v_name, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_fsetxattr_user(b, v_fd, v_name, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FSETXATTR);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void fsetxattr_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_fsetxattr_opts opts = { 0 };
	struct urb_fsetxattr_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_fsetxattr_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSETXATTR);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fsetxattr(b, v_fd, v_name, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_fsetxattr(b, v_fd, v_name, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_fsetxattr(b, v_fd, v_name, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_fsetxattr(b, URB_SLOT(9999), v_name, v_buf, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_fsetxattr(b, URB_SLOT(63), v_name, v_buf, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_fsetxattr(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), v_name, v_buf, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_fsetxattr(b, URB_FD(-1), v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsetxattr(b, URB_FD(-EBADF), v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsetxattr(b, URB_PLAIN, v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsetxattr(b, URB_AUTO_SLOT, v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsetxattr(b, (urb_fd_t){ 7ull << 32 }, v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsetxattr(b, URB_CWD, v_name, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsetxattr(b, v_fd, v_name, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsetxattr(b, v_fd, v_name, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- fsync (spec/ops/fsync.yaml): single, holds fd */

static void fsync_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_fsync_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSYNC);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_fsync(b, v_fd, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FSYNC);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void fsync_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_fsync_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSYNC);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_fsync(b, v_fd, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void fsync_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_fsync_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSYNC);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_fsync(b, v_fd, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_fsync_user(): its arguments checked, and the op as with opts { .user }. */
static void fsync_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSYNC);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fsync_user(b, v_fd, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_fsync_user(b, v_fd, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FSYNC);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void fsync_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_fsync_opts opts = { 0 };
	struct urb_fsync_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_fsync_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FSYNC);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_fsync(b, v_fd, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_fsync(b, v_fd, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_fsync(b, v_fd, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_fsync(b, URB_SLOT(9999), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_fsync(b, URB_SLOT(63), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_fsync(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_fsync(b, URB_FD(-1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsync(b, URB_FD(-EBADF), &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsync(b, URB_PLAIN, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsync(b, URB_AUTO_SLOT, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsync(b, (urb_fd_t){ 7ull << 32 }, &opts), URB_EINVAL);
	assert_int_equal(urb_push_fsync(b, URB_CWD, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- ftruncate (spec/ops/ftruncate.yaml): single, holds fd */

static void ftruncate_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_ftruncate_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FTRUNCATE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_length = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_ftruncate(b, v_fd, v_length, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FTRUNCATE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void ftruncate_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_ftruncate_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FTRUNCATE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_length = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_ftruncate(b, v_fd, v_length, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void ftruncate_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_ftruncate_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FTRUNCATE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_length = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_ftruncate(b, v_fd, v_length, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_ftruncate_user(): its arguments checked, and the op as with opts { .user }. */
static void ftruncate_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FTRUNCATE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_length = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_ftruncate_user(b, v_fd, v_length, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_ftruncate_user(b, v_fd, v_length, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FTRUNCATE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void ftruncate_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_ftruncate_opts opts = { 0 };
	struct urb_ftruncate_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_ftruncate_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FTRUNCATE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_length = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_ftruncate(b, v_fd, v_length, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_ftruncate(b, v_fd, v_length, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_ftruncate(b, v_fd, v_length, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_ftruncate(b, URB_SLOT(9999), v_length, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_ftruncate(b, URB_SLOT(63), v_length, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_ftruncate(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), v_length, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_ftruncate(b, URB_FD(-1), v_length, &opts), URB_EINVAL);
	assert_int_equal(urb_push_ftruncate(b, URB_FD(-EBADF), v_length, &opts), URB_EINVAL);
	assert_int_equal(urb_push_ftruncate(b, URB_PLAIN, v_length, &opts), URB_EINVAL);
	assert_int_equal(urb_push_ftruncate(b, URB_AUTO_SLOT, v_length, &opts), URB_EINVAL);
	assert_int_equal(urb_push_ftruncate(b, (urb_fd_t){ 7ull << 32 }, v_length, &opts), URB_EINVAL);
	assert_int_equal(urb_push_ftruncate(b, URB_CWD, v_length, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- futex_wait (spec/ops/futex_wait.yaml): single, holds futex */

static void futex_wait_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_futex_wait_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t v_futex = t_futex(b);
	uint32_t v_val = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_futex_wait(b, v_futex, v_val, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_futex_destroy(b, v_futex), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FUTEX_WAIT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_futex_destroy(b, v_futex), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void futex_wait_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_futex_wait_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t v_futex = t_futex(b);
	uint32_t v_val = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_futex_wait(b, v_futex, v_val, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->futex[v_futex].waiters, 0);
	}
	assert_int_equal(urb_futex_destroy(b, v_futex), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void futex_wait_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_futex_wait_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t v_futex = t_futex(b);
	uint32_t v_val = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_futex_wait(b, v_futex, v_val, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->futex[v_futex].waiters, 0);
	assert_int_equal(urb_futex_destroy(b, v_futex), 0);
	t_free(b);
}

/* urb_push_futex_wait_user(): its arguments checked, and the op as with opts { .user }. */
static void futex_wait_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t v_futex = t_futex(b);
	uint32_t v_val = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_futex_wait_user(b, v_futex, v_val, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_futex_wait_user(b, v_futex, v_val, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_futex_destroy(b, v_futex), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FUTEX_WAIT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_futex_destroy(b, v_futex), 0);
	t_free(b);
}

static void futex_wait_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_futex_wait_opts opts = { 0 };
	struct urb_futex_wait_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_futex_wait_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t v_futex = t_futex(b);
	uint32_t v_val = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_futex_wait(b, v_futex, v_val, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_futex_wait(b, v_futex, v_val, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_futex_wait(b, v_futex, v_val, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_futex_wait(b, 99, v_val, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- futex_waitv (spec/ops/futex_waitv.yaml): single, holds waits */

static void futex_waitv_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_futex_waitv_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAITV);
	struct urb_futex_wait v_waits[2] = { { t_futex(b), 0 }, { t_futex(b), 0 } };
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_futex_waitv(b, v_waits, 2, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_futex_destroy(b, v_waits[0].futex), URB_EBUSY);
	assert_int_equal(urb_futex_destroy(b, v_waits[1].futex), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FUTEX_WAITV);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_futex_destroy(b, v_waits[0].futex), 0);
	assert_int_equal(urb_futex_destroy(b, v_waits[1].futex), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void futex_waitv_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_futex_waitv_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAITV);
	struct urb_futex_wait v_waits[2] = { { t_futex(b), 0 }, { t_futex(b), 0 } };
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_futex_waitv(b, v_waits, 2, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->futex[v_waits[0].futex].waiters, 0);
		assert_int_equal(b->futex[v_waits[1].futex].waiters, 0);
	}
	assert_int_equal(urb_futex_destroy(b, v_waits[0].futex), 0);
	assert_int_equal(urb_futex_destroy(b, v_waits[1].futex), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void futex_waitv_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_futex_waitv_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAITV);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	struct urb_futex_wait v_waits[2] = { { t_futex(b), 0 }, { t_futex(b), 0 } };
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_futex_waitv(b, v_waits, 2, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->futex[v_waits[0].futex].waiters, 0);
	assert_int_equal(b->futex[v_waits[1].futex].waiters, 0);
	assert_int_equal(urb_futex_destroy(b, v_waits[0].futex), 0);
	assert_int_equal(urb_futex_destroy(b, v_waits[1].futex), 0);
	t_free(b);
}

/* urb_push_futex_waitv_user(): its arguments checked, and the op as with opts { .user }. */
static void futex_waitv_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAITV);
	struct urb_futex_wait v_waits[2] = { { t_futex(b), 0 }, { t_futex(b), 0 } };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_futex_waitv_user(b, v_waits, 2, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_futex_waitv_user(b, v_waits, 2, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_futex_destroy(b, v_waits[0].futex), URB_EBUSY);
	assert_int_equal(urb_futex_destroy(b, v_waits[1].futex), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FUTEX_WAITV);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_futex_destroy(b, v_waits[0].futex), 0);
	assert_int_equal(urb_futex_destroy(b, v_waits[1].futex), 0);
	t_free(b);
}

static void futex_waitv_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_futex_waitv_opts opts = { 0 };
	struct urb_futex_waitv_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_futex_waitv_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAITV);
	struct urb_futex_wait v_waits[2] = { { t_futex(b), 0 }, { t_futex(b), 0 } };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_futex_waitv(b, v_waits, 2, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_futex_waitv(b, v_waits, 2, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_futex_waitv(b, v_waits, 2, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_futex_waitv(b, NULL, 2, &opts), URB_EINVAL);
	assert_int_equal(urb_push_futex_waitv(b, v_waits, 0, &opts), URB_EINVAL);
	assert_int_equal(urb_push_futex_waitv(b, v_waits, 9, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- futex_wake (spec/ops/futex_wake.yaml): single, holds futex */

static void futex_wake_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_futex_wake_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 2;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAKE);
	uint32_t v_futex = t_futex(b);
	uint32_t v_count = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_futex_wake(b, v_futex, v_count, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_futex_destroy(b, v_futex), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_FUTEX_WAKE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_futex_destroy(b, v_futex), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void futex_wake_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_futex_wake_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAKE);
	uint32_t v_futex = t_futex(b);
	uint32_t v_count = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_futex_wake(b, v_futex, v_count, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->futex[v_futex].waiters, 0);
	}
	assert_int_equal(urb_futex_destroy(b, v_futex), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void futex_wake_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_futex_wake_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAKE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t v_futex = t_futex(b);
	uint32_t v_count = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_futex_wake(b, v_futex, v_count, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->futex[v_futex].waiters, 0);
	assert_int_equal(urb_futex_destroy(b, v_futex), 0);
	t_free(b);
}

/* urb_push_futex_wake_user(): its arguments checked, and the op as with opts { .user }. */
static void futex_wake_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAKE);
	uint32_t v_futex = t_futex(b);
	uint32_t v_count = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_futex_wake_user(b, v_futex, v_count, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_futex_wake_user(b, v_futex, v_count, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_futex_destroy(b, v_futex), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_FUTEX_WAKE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_futex_destroy(b, v_futex), 0);
	t_free(b);
}

static void futex_wake_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_futex_wake_opts opts = { 0 };
	struct urb_futex_wake_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_futex_wake_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAKE);
	uint32_t v_futex = t_futex(b);
	uint32_t v_count = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_futex_wake(b, v_futex, v_count, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_futex_wake(b, v_futex, v_count, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_futex_wake(b, v_futex, v_count, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_futex_wake(b, 99, v_count, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- getsockopt (spec/ops/getsockopt.yaml): single, holds fd, buf */

static void getsockopt_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_getsockopt_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETSOCKOPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_getsockopt(b, v_fd, v_level, v_optname, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_GETSOCKOPT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.getsockopt.value.len, res_ok);
	assert_ptr_equal(seen.last.u.getsockopt.value.data, t_buf_data(b, v_buf));
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void getsockopt_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_getsockopt_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETSOCKOPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_getsockopt(b, v_fd, v_level, v_optname, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.getsockopt.value.len, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void getsockopt_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_getsockopt_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETSOCKOPT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_getsockopt(b, v_fd, v_level, v_optname, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.getsockopt.value.len, 0);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_getsockopt_user(): its arguments checked, and the op as with opts { .user }. */
static void getsockopt_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETSOCKOPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_getsockopt_user(b, v_fd, v_level, v_optname, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_getsockopt_user(b, v_fd, v_level, v_optname, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_GETSOCKOPT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void getsockopt_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_getsockopt_opts opts = { 0 };
	struct urb_getsockopt_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_getsockopt_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETSOCKOPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_getsockopt(b, v_fd, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_getsockopt(b, v_fd, v_level, v_optname, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_getsockopt(b, v_fd, v_level, v_optname, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_getsockopt(b, URB_SLOT(9999), v_level, v_optname, v_buf, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_getsockopt(b, URB_SLOT(63), v_level, v_optname, v_buf, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_getsockopt(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_level, v_optname, v_buf, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_getsockopt(b, URB_FD(-1), v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_getsockopt(b, URB_FD(-EBADF), v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_getsockopt(b, URB_PLAIN, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_getsockopt(b, URB_AUTO_SLOT, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_getsockopt(b, (urb_fd_t){ 7ull << 32 }, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_getsockopt(b, URB_CWD, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_getsockopt(b, v_fd, v_level, v_optname, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_getsockopt(b, v_fd, v_level, v_optname, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- getxattr (spec/ops/getxattr.yaml): single, holds buf */

static void getxattr_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_getxattr_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETXATTR);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_getxattr(b, v_path, v_name, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_GETXATTR);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.getxattr.value.len, res_ok);
	assert_ptr_equal(seen.last.u.getxattr.value.data, t_buf_data(b, v_buf));
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void getxattr_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_getxattr_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETXATTR);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_getxattr(b, v_path, v_name, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.getxattr.value.len, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void getxattr_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_getxattr_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETXATTR);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_getxattr(b, v_path, v_name, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.getxattr.value.len, 0);
	assert_int_equal(t_pending(b), base);	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_getxattr_user(): its arguments checked, and the op as with opts { .user }. */
static void getxattr_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETXATTR);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_getxattr_user(b, v_path, v_name, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_getxattr_user(b, v_path, v_name, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_GETXATTR);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void getxattr_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_getxattr_opts opts = { 0 };
	struct urb_getxattr_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_getxattr_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_GETXATTR);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_getxattr(b, v_path, v_name, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_getxattr(b, v_path, v_name, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_getxattr(b, v_path, v_name, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_getxattr(b, v_path, v_name, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_getxattr(b, v_path, v_name, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- link_timeout (spec/ops/link_timeout.yaml): single */

static void link_timeout_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_link_timeout_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINK_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);

	assert_int_equal((t_link_head(b), t_link_done(b, urb_push_link_timeout(b, &v_ts, &opts))), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_LINK_TIMEOUT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void link_timeout_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_link_timeout_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINK_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal((t_link_head(b), t_link_done(b, urb_push_link_timeout(b, &v_ts, &opts))), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* urb_push_link_timeout_user(): its arguments checked, and the op as with opts { .user }. */
static void link_timeout_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINK_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal((t_link_head(b), t_link_done(b, urb_push_link_timeout_user(b, &v_ts, &marker))), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal((t_link_head(b), t_link_done(b, urb_push_link_timeout_user(b, &v_ts, &marker))), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_LINK_TIMEOUT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void link_timeout_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_link_timeout_opts opts = { 0 };
	struct urb_link_timeout_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_link_timeout_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINK_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal((t_link_head(b), t_link_done(b, urb_push_link_timeout(b, &v_ts, &opts))), URB_EINVAL);
	b = nb;
	assert_int_equal((t_link_head(b), t_link_done(b, urb_push_link_timeout(b, &v_ts, &bad_flags))), URB_EINVAL);
	assert_int_equal((t_link_head(b), t_link_done(b, urb_push_link_timeout(b, &v_ts, &skip))), URB_ENOTALLOWED);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- linkat (spec/ops/linkat.yaml): single */

static void linkat_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_linkat_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINKAT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_LINKAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void linkat_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_linkat_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINKAT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void linkat_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_linkat_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINKAT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

/* urb_push_linkat_user(): its arguments checked, and the op as with opts { .user }. */
static void linkat_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINKAT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_linkat_user(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_linkat_user(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_LINKAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

static void linkat_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_linkat_opts opts = { 0 };
	struct urb_linkat_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_linkat_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LINKAT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &skip), URB_ENOTALLOWED);
	/* no fd, in any form old_dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_linkat(b, URB_FD(-1), v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, URB_FD(-EBADF), v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, URB_PLAIN, v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, URB_AUTO_SLOT, v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, (urb_fd_t){ 7ull << 32 }, v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, URB_SLOT(0), v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	/* no fd, in any form new_dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, URB_FD(-1), v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, URB_FD(-EBADF), v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, URB_PLAIN, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, URB_AUTO_SLOT, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, (urb_fd_t){ 7ull << 32 }, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_linkat(b, v_old_dfd, v_old_path, URB_SLOT(0), v_new_path, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

/* ---- listen (spec/ops/listen.yaml): single, holds fd */

static void listen_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_listen_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LISTEN);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_backlog = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_listen(b, v_fd, v_backlog, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_LISTEN);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void listen_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_listen_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LISTEN);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_backlog = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_listen(b, v_fd, v_backlog, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void listen_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_listen_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LISTEN);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_backlog = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_listen(b, v_fd, v_backlog, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_listen_user(): its arguments checked, and the op as with opts { .user }. */
static void listen_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LISTEN);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_backlog = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_listen_user(b, v_fd, v_backlog, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_listen_user(b, v_fd, v_backlog, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_LISTEN);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void listen_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_listen_opts opts = { 0 };
	struct urb_listen_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_listen_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_LISTEN);
	uint32_t slot_fd = t_slot(b, URB_FD_SOCKET);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_backlog = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_listen(b, v_fd, v_backlog, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_listen(b, v_fd, v_backlog, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_listen(b, v_fd, v_backlog, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_listen(b, URB_SLOT(9999), v_backlog, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_listen(b, URB_SLOT(63), v_backlog, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_listen(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_SOCKET)))), v_backlog, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_listen(b, URB_FD(-1), v_backlog, &opts), URB_EINVAL);
	assert_int_equal(urb_push_listen(b, URB_FD(-EBADF), v_backlog, &opts), URB_EINVAL);
	assert_int_equal(urb_push_listen(b, URB_PLAIN, v_backlog, &opts), URB_EINVAL);
	assert_int_equal(urb_push_listen(b, URB_AUTO_SLOT, v_backlog, &opts), URB_EINVAL);
	assert_int_equal(urb_push_listen(b, (urb_fd_t){ 7ull << 32 }, v_backlog, &opts), URB_EINVAL);
	assert_int_equal(urb_push_listen(b, URB_CWD, v_backlog, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- madvise (spec/ops/madvise.yaml): single, holds buf */

static void madvise_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_madvise_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MADVISE);
	urb_buf_t v_buf = t_page_buffer(b);
	uint32_t v_advice = MADV_NORMAL;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_madvise(b, v_buf, v_advice, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_MADVISE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void madvise_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_madvise_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MADVISE);
	urb_buf_t v_buf = t_page_buffer(b);
	uint32_t v_advice = MADV_NORMAL;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_madvise(b, v_buf, v_advice, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void madvise_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_madvise_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MADVISE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	urb_buf_t v_buf = t_page_buffer(b);
	uint32_t v_advice = MADV_NORMAL;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_madvise(b, v_buf, v_advice, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_madvise_user(): its arguments checked, and the op as with opts { .user }. */
static void madvise_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MADVISE);
	urb_buf_t v_buf = t_page_buffer(b);
	uint32_t v_advice = MADV_NORMAL;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_madvise_user(b, v_buf, v_advice, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_madvise_user(b, v_buf, v_advice, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_MADVISE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void madvise_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_madvise_opts opts = { 0 };
	struct urb_madvise_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_madvise_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MADVISE);
	urb_buf_t v_buf = t_page_buffer(b);
	uint32_t v_advice = MADV_NORMAL;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_madvise(b, v_buf, v_advice, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_madvise(b, v_buf, v_advice, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_madvise(b, v_buf, v_advice, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_madvise(b, URB_BUF(7, 0), v_advice, &opts), URB_EINVAL);
	assert_int_equal(urb_push_madvise(b, URB_BUF(URB_BUF_SET(v_buf), 1), v_advice, &opts), URB_EINVAL);
	{
		struct urb_madvise_opts t = { .buf_offset = 1 };

		assert_int_equal(urb_push_madvise(b, v_buf, v_advice, &t), URB_EINVAL); /* starts off a page */
	}
	assert_int_equal(urb_push_madvise(b, t_buffer(b), v_advice, &opts), URB_EINVAL); /* its page reaches past it */
	assert_int_equal(urb_push_madvise(b, v_buf, UINT32_MAX, &opts), URB_EINVAL); /* none of its values */
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- mkdirat (spec/ops/mkdirat.yaml): single */

static void mkdirat_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_mkdirat_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MKDIRAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t v_mode = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_mkdirat(b, v_dfd, v_path, v_mode, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_MKDIRAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(fd_dfd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void mkdirat_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_mkdirat_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MKDIRAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t v_mode = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_mkdirat(b, v_dfd, v_path, v_mode, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	close(fd_dfd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void mkdirat_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_mkdirat_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MKDIRAT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t v_mode = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_mkdirat(b, v_dfd, v_path, v_mode, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

/* urb_push_mkdirat_user(): its arguments checked, and the op as with opts { .user }. */
static void mkdirat_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MKDIRAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t v_mode = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_mkdirat_user(b, v_dfd, v_path, v_mode, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_mkdirat_user(b, v_dfd, v_path, v_mode, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_MKDIRAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

static void mkdirat_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_mkdirat_opts opts = { 0 };
	struct urb_mkdirat_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_mkdirat_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MKDIRAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t v_mode = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_mkdirat(b, v_dfd, v_path, v_mode, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_mkdirat(b, v_dfd, v_path, v_mode, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_mkdirat(b, v_dfd, v_path, v_mode, &skip), URB_ENOTALLOWED);
	/* no fd, in any form dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_mkdirat(b, URB_FD(-1), v_path, v_mode, &opts), URB_EINVAL);
	assert_int_equal(urb_push_mkdirat(b, URB_FD(-EBADF), v_path, v_mode, &opts), URB_EINVAL);
	assert_int_equal(urb_push_mkdirat(b, URB_PLAIN, v_path, v_mode, &opts), URB_EINVAL);
	assert_int_equal(urb_push_mkdirat(b, URB_AUTO_SLOT, v_path, v_mode, &opts), URB_EINVAL);
	assert_int_equal(urb_push_mkdirat(b, (urb_fd_t){ 7ull << 32 }, v_path, v_mode, &opts), URB_EINVAL);
	assert_int_equal(urb_push_mkdirat(b, URB_SLOT(0), v_path, v_mode, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_dfd);
	t_free(b);
}

/* ---- msg_ring (spec/ops/msg_ring.yaml): single */

static void msg_ring_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_msg_ring_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint64_t v_data = 0;
	uint32_t v_value = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_msg_ring(b, v_ring_fd, v_data, v_value, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_MSG_RING);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(fd_ring_fd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void msg_ring_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_msg_ring_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint64_t v_data = 0;
	uint32_t v_value = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_msg_ring(b, v_ring_fd, v_data, v_value, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	close(fd_ring_fd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void msg_ring_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_msg_ring_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint64_t v_data = 0;
	uint32_t v_value = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_msg_ring(b, v_ring_fd, v_data, v_value, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	close(fd_ring_fd);
	t_free(b);
}

/* urb_push_msg_ring_user(): its arguments checked, and the op as with opts { .user }. */
static void msg_ring_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint64_t v_data = 0;
	uint32_t v_value = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_msg_ring_user(b, v_ring_fd, v_data, v_value, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_msg_ring_user(b, v_ring_fd, v_data, v_value, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_MSG_RING);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_ring_fd);
	t_free(b);
}

static void msg_ring_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_msg_ring_opts opts = { 0 };
	struct urb_msg_ring_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_msg_ring_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint64_t v_data = 0;
	uint32_t v_value = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_msg_ring(b, v_ring_fd, v_data, v_value, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_msg_ring(b, v_ring_fd, v_data, v_value, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring(b, v_ring_fd, v_data, v_value, &skip), URB_ENOTALLOWED);
	/* no fd, in any form ring_fd does not take (URB_FD(fd)) */
	assert_int_equal(urb_push_msg_ring(b, URB_FD(-1), v_data, v_value, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring(b, URB_FD(-EBADF), v_data, v_value, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring(b, URB_PLAIN, v_data, v_value, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring(b, URB_AUTO_SLOT, v_data, v_value, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring(b, (urb_fd_t){ 7ull << 32 }, v_data, v_value, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring(b, URB_SLOT(0), v_data, v_value, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring(b, URB_CWD, v_data, v_value, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_ring_fd);
	t_free(b);
}

/* ---- msg_ring_fd (spec/ops/msg_ring_fd.yaml): single, holds fd */

static void msg_ring_fd_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_msg_ring_fd_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING_FD);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, v_fd, 7, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_MSG_RING_FD);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(fd_ring_fd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void msg_ring_fd_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_msg_ring_fd_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING_FD);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, v_fd, 7, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	close(fd_ring_fd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void msg_ring_fd_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_msg_ring_fd_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING_FD);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, v_fd, 7, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	close(fd_ring_fd);
	t_free(b);
}

/* urb_push_msg_ring_fd_user(): its arguments checked, and the op as with opts { .user }. */
static void msg_ring_fd_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING_FD);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_msg_ring_fd_user(b, v_ring_fd, v_fd, 7, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_msg_ring_fd_user(b, v_ring_fd, v_fd, 7, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_MSG_RING_FD);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	close(fd_ring_fd);
	t_free(b);
}

static void msg_ring_fd_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_msg_ring_fd_opts opts = { 0 };
	struct urb_msg_ring_fd_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_msg_ring_fd_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING_FD);
	int fd_ring_fd = t_new_fd();
	urb_fd_t v_ring_fd = URB_FD(fd_ring_fd);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, v_fd, 7, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, v_fd, 7, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, v_fd, 7, &skip), URB_ENOTALLOWED);
	/* no fd, in any form ring_fd does not take (URB_FD(fd)) */
	assert_int_equal(urb_push_msg_ring_fd(b, URB_FD(-1), v_fd, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, URB_FD(-EBADF), v_fd, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, URB_PLAIN, v_fd, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, URB_AUTO_SLOT, v_fd, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, (urb_fd_t){ 7ull << 32 }, v_fd, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, URB_SLOT(0), v_fd, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, URB_CWD, v_fd, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, URB_SLOT(9999), 7, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, URB_SLOT(63), 7, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))), 7, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_SLOT(n)) */
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, URB_FD(-1), 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, URB_FD(-EBADF), 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, URB_PLAIN, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, URB_AUTO_SLOT, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, (urb_fd_t){ 7ull << 32 }, 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, URB_FD(1), 7, &opts), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring_fd(b, v_ring_fd, URB_CWD, 7, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_ring_fd);
	t_free(b);
}

/* ---- nop (spec/ops/nop.yaml): single */

static void nop_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_nop_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_NOP);

	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_nop(b, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_NOP);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void nop_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_nop_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_NOP);

	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_nop(b, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void nop_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_nop_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_NOP);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);

	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_nop(b, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	t_free(b);
}

/* urb_push_nop_user(): its arguments checked, and the op as with opts { .user }. */
static void nop_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_NOP);

	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_nop_user(b, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_nop_user(b, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_NOP);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void nop_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_nop_opts opts = { 0 };
	struct urb_nop_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_nop_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_NOP);

	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_nop(b, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_nop(b, &bad_flags), URB_EINVAL);
	/* skip-success: the record stays until its CQE; a success is not shown, a failure is */
	uint64_t skip_key = 0;
	struct t_seen skip_seen = { 0 };

	skip.key_out = &skip_key;
	skip.user = &skip_seen;
	assert_int_equal(urb_push_nop(b, &skip), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(t_inject(b, skip_key, 0, 0, &skip_seen), 0);
	assert_int_equal(skip_seen.calls, 0);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_nop(b, &skip), 0);
	assert_int_equal(t_inject(b, skip_key, -EINVAL, 0, &skip_seen), 0);
	assert_int_equal(skip_seen.calls, 1);
	assert_int_equal(skip_seen.last.op, URB_OP_NOP);
	assert_int_equal(skip_seen.last.key, skip_key);
	assert_ptr_equal(skip_seen.last.user, &skip_seen);
	assert_int_equal(skip_seen.last.result, -EINVAL);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- openat (spec/ops/openat.yaml): single, holds target */

static void openat_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_openat_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = t_new_fd();

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_openat(b, v_dfd, v_path, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_OPENAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.openat.file.fd, res_ok);
	assert_int_equal(seen.last.u.openat.file.slot, -1);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(res_ok);
	close(fd_dfd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void openat_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_openat_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_openat(b, v_dfd, v_path, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.openat.file.fd, -1);
		assert_int_equal(c->u.openat.file.slot, -1);
		assert_int_equal(t_pending(b), base);

	}

	close(fd_dfd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void openat_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_openat_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_openat(b, v_dfd, v_path, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.openat.file.fd, -1);
	assert_int_equal(c->u.openat.file.slot, -1);
	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

/* urb_push_openat_user(): its arguments checked, and the op as with opts { .user }. */
static void openat_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_openat_user(b, v_dfd, v_path, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_openat_user(b, v_dfd, v_path, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_OPENAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

static void openat_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_openat_opts opts = { 0 };
	struct urb_openat_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_openat_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_openat(b, v_dfd, v_path, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_openat(b, v_dfd, v_path, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_openat(b, v_dfd, v_path, &skip), URB_ENOTALLOWED);
	/* no fd, in any form dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_openat(b, URB_FD(-1), v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat(b, URB_FD(-EBADF), v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat(b, URB_PLAIN, v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat(b, URB_AUTO_SLOT, v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat(b, (urb_fd_t){ 7ull << 32 }, v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat(b, URB_SLOT(0), v_path, &opts), URB_EINVAL);
	{
		struct urb_openat_opts t = { .target = URB_FD(5) };

		assert_int_equal(urb_push_openat(b, v_dfd, v_path, &t), URB_EINVAL); /* not a target */
	}
	{
		struct urb_openat_opts t = { .target = URB_AUTO_SLOT, .flags = O_CLOEXEC };

		assert_int_equal(urb_push_openat(b, v_dfd, v_path, &t), URB_EINVAL); /* O_CLOEXEC with a direct target */
	}
	{
		struct urb_openat_opts t = { .target = URB_SLOT(t_slot(b, URB_FD_FILE)) };

		assert_int_equal(urb_push_openat(b, v_dfd, v_path, &t), URB_EBUSY); /* chosen slot taken */
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_dfd);
	t_free(b);
}

/* ---- openat2 (spec/ops/openat2.yaml): single, holds target */

static void openat2_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_openat2_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = t_new_fd();

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT2);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	struct open_how v_how = { 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_openat2(b, v_dfd, v_path, &v_how, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_OPENAT2);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.openat2.file.fd, res_ok);
	assert_int_equal(seen.last.u.openat2.file.slot, -1);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(res_ok);
	close(fd_dfd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void openat2_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_openat2_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT2);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	struct open_how v_how = { 0 };
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_openat2(b, v_dfd, v_path, &v_how, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.openat2.file.fd, -1);
		assert_int_equal(c->u.openat2.file.slot, -1);
		assert_int_equal(t_pending(b), base);

	}

	close(fd_dfd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void openat2_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_openat2_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT2);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	struct open_how v_how = { 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_openat2(b, v_dfd, v_path, &v_how, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.openat2.file.fd, -1);
	assert_int_equal(c->u.openat2.file.slot, -1);
	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

/* urb_push_openat2_user(): its arguments checked, and the op as with opts { .user }. */
static void openat2_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT2);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	struct open_how v_how = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_openat2_user(b, v_dfd, v_path, &v_how, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_openat2_user(b, v_dfd, v_path, &v_how, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_OPENAT2);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

static void openat2_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_openat2_opts opts = { 0 };
	struct urb_openat2_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_openat2_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_OPENAT2);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	struct open_how v_how = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_openat2(b, v_dfd, v_path, &v_how, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_openat2(b, v_dfd, v_path, &v_how, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_openat2(b, v_dfd, v_path, &v_how, &skip), URB_ENOTALLOWED);
	/* no fd, in any form dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_openat2(b, URB_FD(-1), v_path, &v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat2(b, URB_FD(-EBADF), v_path, &v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat2(b, URB_PLAIN, v_path, &v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat2(b, URB_AUTO_SLOT, v_path, &v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat2(b, (urb_fd_t){ 7ull << 32 }, v_path, &v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_openat2(b, URB_SLOT(0), v_path, &v_how, &opts), URB_EINVAL);
	{
		struct urb_openat2_opts t = { .target = URB_FD(5) };

		assert_int_equal(urb_push_openat2(b, v_dfd, v_path, &v_how, &t), URB_EINVAL); /* not a target */
	}
	{
		struct urb_openat2_opts t = { .target = URB_SLOT(t_slot(b, URB_FD_FILE)) };

		assert_int_equal(urb_push_openat2(b, v_dfd, v_path, &v_how, &t), URB_EBUSY); /* chosen slot taken */
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_dfd);
	t_free(b);
}

/* ---- pipe (spec/ops/pipe.yaml): single */

static void pipe_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_pipe_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PIPE);

	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_pipe(b, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_PIPE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void pipe_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_pipe_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PIPE);

	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_pipe(b, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void pipe_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_pipe_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PIPE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);

	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_pipe(b, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	t_free(b);
}

/* urb_push_pipe_user(): its arguments checked, and the op as with opts { .user }. */
static void pipe_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PIPE);

	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_pipe_user(b, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_pipe_user(b, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_PIPE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void pipe_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_pipe_opts opts = { 0 };
	struct urb_pipe_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_pipe_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PIPE);

	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_pipe(b, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_pipe(b, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_pipe(b, &skip), URB_ENOTALLOWED);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- poll_add (spec/ops/poll_add.yaml): single, holds fd */

static void poll_add_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_poll_add_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_ADD);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_poll_add(b, v_fd, v_events, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_POLL_ADD);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void poll_add_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_poll_add_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_ADD);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_poll_add(b, v_fd, v_events, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void poll_add_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_poll_add_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_ADD);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_poll_add(b, v_fd, v_events, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_poll_add_user(): its arguments checked, and the op as with opts { .user }. */
static void poll_add_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_ADD);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_poll_add_user(b, v_fd, v_events, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_poll_add_user(b, v_fd, v_events, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_POLL_ADD);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void poll_add_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_poll_add_opts opts = { 0 };
	struct urb_poll_add_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_poll_add_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_ADD);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_poll_add(b, v_fd, v_events, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_poll_add(b, v_fd, v_events, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_poll_add(b, v_fd, v_events, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_poll_add(b, URB_SLOT(9999), v_events, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_poll_add(b, URB_SLOT(63), v_events, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_poll_add(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))), v_events, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_poll_add(b, URB_FD(-1), v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_add(b, URB_FD(-EBADF), v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_add(b, URB_PLAIN, v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_add(b, URB_AUTO_SLOT, v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_add(b, (urb_fd_t){ 7ull << 32 }, v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_add(b, URB_CWD, v_events, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- poll_multi (spec/ops/poll_multi.yaml): multishot, holds fd */

static void poll_multi_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_poll_multi_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_poll_multi(b, v_fd, v_events, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* multishot: a CQE with F_MORE keeps the record and what it holds */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_MORE, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_true(seen.last.more);
	assert_false(seen.last.final);
	assert_int_equal(seen.last.result, res_ok);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_POLL_MULTI);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void poll_multi_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_poll_multi_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_poll_multi(b, v_fd, v_events, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void poll_multi_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_poll_multi_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_MULTI);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_poll_multi(b, v_fd, v_events, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_poll_multi_user(): its arguments checked, and the op as with opts { .user }. */
static void poll_multi_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_poll_multi_user(b, v_fd, v_events, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_poll_multi_user(b, v_fd, v_events, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_POLL_MULTI);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void poll_multi_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_poll_multi_opts opts = { 0 };
	struct urb_poll_multi_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_poll_multi_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_events = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_poll_multi(b, v_fd, v_events, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_poll_multi(b, v_fd, v_events, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_poll_multi(b, v_fd, v_events, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_poll_multi(b, URB_SLOT(9999), v_events, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_poll_multi(b, URB_SLOT(63), v_events, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_poll_multi(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE)))), v_events, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_poll_multi(b, URB_FD(-1), v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_multi(b, URB_FD(-EBADF), v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_multi(b, URB_PLAIN, v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_multi(b, URB_AUTO_SLOT, v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_multi(b, (urb_fd_t){ 7ull << 32 }, v_events, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poll_multi(b, URB_CWD, v_events, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- poll_remove (spec/ops/poll_remove.yaml): single */

static void poll_remove_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_poll_remove_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_REMOVE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_POLL_ADD);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_poll_remove(b, v_target, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_POLL_REMOVE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void poll_remove_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_poll_remove_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_REMOVE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_POLL_ADD);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_poll_remove(b, v_target, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void poll_remove_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_poll_remove_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_REMOVE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint64_t v_target = t_pending_key_of(b, URB_OP_POLL_ADD);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_poll_remove(b, v_target, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	t_free(b);
}

/* urb_push_poll_remove_user(): its arguments checked, and the op as with opts { .user }. */
static void poll_remove_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_REMOVE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_POLL_ADD);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_poll_remove_user(b, v_target, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_poll_remove_user(b, v_target, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_POLL_REMOVE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void poll_remove_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_poll_remove_opts opts = { 0 };
	struct urb_poll_remove_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_poll_remove_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_REMOVE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_POLL_ADD);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_poll_remove(b, v_target, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_poll_remove(b, v_target, &bad_flags), URB_EINVAL);
	/* skip-success: the record stays until its CQE; a success is not shown, a failure is */
	uint64_t skip_key = 0;
	struct t_seen skip_seen = { 0 };

	skip.key_out = &skip_key;
	skip.user = &skip_seen;
	assert_int_equal(urb_push_poll_remove(b, v_target, &skip), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(t_inject(b, skip_key, 0, 0, &skip_seen), 0);
	assert_int_equal(skip_seen.calls, 0);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_poll_remove(b, v_target, &skip), 0);
	assert_int_equal(t_inject(b, skip_key, -EINVAL, 0, &skip_seen), 0);
	assert_int_equal(skip_seen.calls, 1);
	assert_int_equal(skip_seen.last.op, URB_OP_POLL_REMOVE);
	assert_int_equal(skip_seen.last.key, skip_key);
	assert_ptr_equal(skip_seen.last.user, &skip_seen);
	assert_int_equal(skip_seen.last.result, -EINVAL);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_poll_remove(b, v_target + 1, &opts), URB_ESTALE);
	assert_int_equal(urb_push_poll_remove(b, 0, &opts), URB_ESTALE);
	assert_int_equal(urb_push_poll_remove(b, t_end(b, t_pending_key_of(b, URB_OP_NOP)), &opts), URB_ESTALE); /* ended */
	uint64_t other_target = t_pending_key_of(b, URB_OP_NOP);

	assert_int_equal(urb_push_poll_remove(b, other_target, &opts), URB_EINVAL); /* another op's key */
	t_end(b, other_target);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- provide_buffers (spec/ops/provide_buffers.yaml): single, holds set */

static void provide_buffers_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_provide_buffers_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PROVIDE_BUFFERS);
	uint32_t v_set = t_set(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_provide_buffers(b, v_set, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_PROVIDE_BUFFERS);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	/* provided: the set is a group now, its buffers the kernel's */
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void provide_buffers_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_provide_buffers_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PROVIDE_BUFFERS);
	uint32_t v_set = t_set(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_provide_buffers(b, v_set, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->sets[v_set].users, 0);
	}
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, v_set), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void provide_buffers_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_provide_buffers_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PROVIDE_BUFFERS);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t v_set = t_set(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_provide_buffers(b, v_set, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->sets[v_set].users, 0);
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, v_set), 0);
	t_free(b);
}

/* urb_push_provide_buffers_user(): its arguments checked, and the op as with opts { .user }. */
static void provide_buffers_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PROVIDE_BUFFERS);
	uint32_t v_set = t_set(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_provide_buffers_user(b, v_set, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_provide_buffers_user(b, v_set, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_PROVIDE_BUFFERS);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, v_set), 0);
	t_free(b);
}

static void provide_buffers_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_provide_buffers_opts opts = { 0 };
	struct urb_provide_buffers_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_provide_buffers_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PROVIDE_BUFFERS);
	uint32_t v_set = t_set(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_provide_buffers(b, v_set, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_provide_buffers(b, v_set, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_provide_buffers(b, v_set, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_provide_buffers(b, 7, &opts), URB_EINVAL); /* no such set */
	assert_int_equal(urb_push_provide_buffers(b, t_group(b), &opts), URB_EBUSY); /* a group already */
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- read (spec/ops/read.yaml): single, holds fd, buf */

static void read_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_read_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_read(b, v_fd, v_buf, v_offset, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_READ);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.read.data.len, res_ok);
	assert_ptr_equal(seen.last.u.read.data.data, t_buf_data(b, v_buf));
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void read_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_read_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_read(b, v_fd, v_buf, v_offset, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.read.data.len, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void read_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_read_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_read(b, v_fd, v_buf, v_offset, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.read.data.len, 0);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_read_user(): its arguments checked, and the op as with opts { .user }. */
static void read_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_read_user(b, v_fd, v_buf, v_offset, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_read_user(b, v_fd, v_buf, v_offset, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_READ);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void read_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_read_opts opts = { 0 };
	struct urb_read_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_read_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_read(b, v_fd, v_buf, v_offset, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_read(b, v_fd, v_buf, v_offset, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_read(b, v_fd, v_buf, v_offset, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_read(b, URB_SLOT(9999), v_buf, v_offset, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_read(b, URB_SLOT(63), v_buf, v_offset, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_read(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_buf, v_offset, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_read(b, URB_FD(-1), v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read(b, URB_FD(-EBADF), v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read(b, URB_PLAIN, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read(b, URB_AUTO_SLOT, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read(b, (urb_fd_t){ 7ull << 32 }, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read(b, URB_CWD, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read(b, v_fd, URB_BUF(7, 0), v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read(b, v_fd, URB_BUF(URB_BUF_SET(v_buf), 1), v_offset, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- read_fixed (spec/ops/read_fixed.yaml): single, holds fd, buf */

static void read_fixed_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_read_fixed_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_read_fixed(b, v_fd, v_buf, v_offset, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_READ_FIXED);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.read_fixed.data.len, res_ok);
	assert_ptr_equal(seen.last.u.read_fixed.data.data, t_buf_data(b, v_buf));
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, URB_BUF_SET(v_buf)), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void read_fixed_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_read_fixed_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_read_fixed(b, v_fd, v_buf, v_offset, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.read_fixed.data.len, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, URB_BUF_SET(v_buf)), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void read_fixed_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_read_fixed_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_FIXED);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_read_fixed(b, v_fd, v_buf, v_offset, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.read_fixed.data.len, 0);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, URB_BUF_SET(v_buf)), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_read_fixed_user(): its arguments checked, and the op as with opts { .user }. */
static void read_fixed_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_read_fixed_user(b, v_fd, v_buf, v_offset, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_read_fixed_user(b, v_fd, v_buf, v_offset, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_READ_FIXED);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, URB_BUF_SET(v_buf)), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void read_fixed_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_read_fixed_opts opts = { 0 };
	struct urb_read_fixed_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_read_fixed_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_read_fixed(b, v_fd, v_buf, v_offset, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_read_fixed(b, v_fd, v_buf, v_offset, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_read_fixed(b, v_fd, v_buf, v_offset, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_read_fixed(b, URB_SLOT(9999), v_buf, v_offset, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_read_fixed(b, URB_SLOT(63), v_buf, v_offset, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_read_fixed(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_buf, v_offset, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_read_fixed(b, URB_FD(-1), v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_fixed(b, URB_FD(-EBADF), v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_fixed(b, URB_PLAIN, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_fixed(b, URB_AUTO_SLOT, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_fixed(b, (urb_fd_t){ 7ull << 32 }, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_fixed(b, URB_CWD, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_fixed(b, v_fd, URB_BUF(7, 0), v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_fixed(b, v_fd, URB_BUF(URB_BUF_SET(v_buf), 1), v_offset, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- read_multishot (spec/ops/read_multishot.yaml): multishot, holds fd, group */

static void read_multishot_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_read_multishot_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_MULTISHOT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_read_multishot(b, v_fd, v_group, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);

	/* multishot: a CQE with F_MORE keeps the record and what it holds */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_MORE | IORING_CQE_F_BUFFER, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_true(seen.last.more);
	assert_false(seen.last.final);
	assert_int_equal(seen.last.result, res_ok);
	assert_int_equal(seen.last.u.read_multishot.data.buf, URB_BUF(v_group, 0));
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_group, 0)), URB_OWN_RETURNED);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_BUFFER | (1u << IORING_CQE_BUFFER_SHIFT), &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_READ_MULTISHOT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.read_multishot.data.buf, URB_BUF(v_group, 1));
	assert_int_equal(seen.last.u.read_multishot.data.len, res_ok);
	assert_ptr_equal(seen.last.u.read_multishot.data.data, t_buf_data(b, URB_BUF(v_group, 1)));
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_group, 1)), URB_OWN_RETURNED);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	/* the buffers the kernel handed out are the user's until recycled */
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 0)), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EOWNERSHIP);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 1)), 0);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 1)), URB_EOWNERSHIP);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void read_multishot_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -ENOBUFS, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_read_multishot_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_MULTISHOT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_read_multishot(b, v_fd, v_group, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.read_multishot.data.buf, URB_BUF_NONE);
		assert_null(c->u.read_multishot.data.data);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(b->sets[v_group].users, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void read_multishot_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_read_multishot_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_MULTISHOT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_read_multishot(b, v_fd, v_group, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.read_multishot.data.buf, URB_BUF_NONE);
	assert_null(c->u.read_multishot.data.data);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(b->sets[v_group].users, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

/* urb_push_read_multishot_user(): its arguments checked, and the op as with opts { .user }. */
static void read_multishot_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_MULTISHOT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_read_multishot_user(b, v_fd, v_group, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_read_multishot_user(b, v_fd, v_group, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_READ_MULTISHOT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

static void read_multishot_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_read_multishot_opts opts = { 0 };
	struct urb_read_multishot_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_read_multishot_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_MULTISHOT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_read_multishot(b, v_fd, v_group, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_read_multishot(b, v_fd, v_group, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_read_multishot(b, v_fd, v_group, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_read_multishot(b, URB_SLOT(9999), v_group, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_read_multishot(b, URB_SLOT(63), v_group, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_read_multishot(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_group, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_read_multishot(b, URB_FD(-1), v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_multishot(b, URB_FD(-EBADF), v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_multishot(b, URB_PLAIN, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_multishot(b, URB_AUTO_SLOT, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_multishot(b, (urb_fd_t){ 7ull << 32 }, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_multishot(b, URB_CWD, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_read_multishot(b, v_fd, 7, &opts), URB_EINVAL); /* no such set */
	assert_int_equal(urb_push_read_multishot(b, v_fd, t_set(b), &opts), URB_EINVAL); /* not a group */
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- readv (spec/ops/readv.yaml): single, holds fd, bufs */

static void readv_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_readv_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_readv(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_READV);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void readv_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_readv_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_readv(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void readv_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_readv_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_readv(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

/* urb_push_readv_user(): its arguments checked, and the op as with opts { .user }. */
static void readv_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_readv_user(b, v_fd, v_bufs, 2, v_offset, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_readv_user(b, v_fd, v_bufs, 2, v_offset, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_READV);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

static void readv_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_readv_opts opts = { 0 };
	struct urb_readv_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_readv_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_readv(b, v_fd, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_readv(b, v_fd, v_bufs, 2, v_offset, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_readv(b, v_fd, v_bufs, 2, v_offset, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_readv(b, URB_SLOT(9999), v_bufs, 2, v_offset, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_readv(b, URB_SLOT(63), v_bufs, 2, v_offset, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_readv(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_bufs, 2, v_offset, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_readv(b, URB_FD(-1), v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv(b, URB_FD(-EBADF), v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv(b, URB_PLAIN, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv(b, URB_AUTO_SLOT, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv(b, (urb_fd_t){ 7ull << 32 }, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv(b, URB_CWD, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- readv_fixed (spec/ops/readv_fixed.yaml): single, holds fd, bufs */

static void readv_fixed_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_readv_fixed_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_readv_fixed(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_READV_FIXED);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)set_bufs), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void readv_fixed_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_readv_fixed_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_readv_fixed(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)set_bufs), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void readv_fixed_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_readv_fixed_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV_FIXED);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_readv_fixed(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)set_bufs), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

/* urb_push_readv_fixed_user(): its arguments checked, and the op as with opts { .user }. */
static void readv_fixed_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_readv_fixed_user(b, v_fd, v_bufs, 2, v_offset, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_readv_fixed_user(b, v_fd, v_bufs, 2, v_offset, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_READV_FIXED);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)set_bufs), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

static void readv_fixed_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_readv_fixed_opts opts = { 0 };
	struct urb_readv_fixed_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_readv_fixed_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_readv_fixed(b, v_fd, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_readv_fixed(b, v_fd, v_bufs, 2, v_offset, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_readv_fixed(b, v_fd, v_bufs, 2, v_offset, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_readv_fixed(b, URB_SLOT(9999), v_bufs, 2, v_offset, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_readv_fixed(b, URB_SLOT(63), v_bufs, 2, v_offset, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_readv_fixed(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_bufs, 2, v_offset, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_readv_fixed(b, URB_FD(-1), v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv_fixed(b, URB_FD(-EBADF), v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv_fixed(b, URB_PLAIN, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv_fixed(b, URB_AUTO_SLOT, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv_fixed(b, (urb_fd_t){ 7ull << 32 }, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_readv_fixed(b, URB_CWD, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- recv (spec/ops/recv.yaml): single, holds fd, buf */

static void recv_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_recv_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_recv(b, v_fd, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_RECV);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.recv.data.len, res_ok);
	assert_ptr_equal(seen.last.u.recv.data.data, t_buf_data(b, v_buf));
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void recv_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_recv_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_recv(b, v_fd, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.recv.data.len, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void recv_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_recv_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_recv(b, v_fd, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.recv.data.len, 0);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_recv_user(): its arguments checked, and the op as with opts { .user }. */
static void recv_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recv_user(b, v_fd, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_recv_user(b, v_fd, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_RECV);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void recv_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_recv_opts opts = { 0 };
	struct urb_recv_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_recv_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recv(b, v_fd, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_recv(b, v_fd, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_recv(b, v_fd, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_recv(b, URB_SLOT(9999), v_buf, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_recv(b, URB_SLOT(63), v_buf, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_recv(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_buf, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_recv(b, URB_FD(-1), v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv(b, URB_FD(-EBADF), v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv(b, URB_PLAIN, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv(b, URB_AUTO_SLOT, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv(b, (urb_fd_t){ 7ull << 32 }, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv(b, URB_CWD, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv(b, v_fd, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv(b, v_fd, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- recv_bundle (spec/ops/recv_bundle.yaml): single, holds fd, group */

static void recv_bundle_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_recv_bundle_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_BUNDLE);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_recv_bundle(b, v_fd, v_group, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_BUFFER | (1u << IORING_CQE_BUFFER_SHIFT), &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_RECV_BUNDLE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.recv_bundle.run.count, 1);
	assert_int_equal(seen.last.u.recv_bundle.run.bufs[0], URB_BUF(v_group, 1));
	assert_int_equal(seen.last.u.recv_bundle.run.bytes, res_ok);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	/* the buffers the kernel handed out are the user's until recycled */
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EOWNERSHIP);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 1)), 0);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 1)), URB_EOWNERSHIP);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void recv_bundle_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -ENOBUFS, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_recv_bundle_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_BUNDLE);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_recv_bundle(b, v_fd, v_group, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.recv_bundle.run.count, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(b->sets[v_group].users, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

/* urb_push_recv_bundle_user(): its arguments checked, and the op as with opts { .user }. */
static void recv_bundle_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_BUNDLE);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recv_bundle_user(b, v_fd, v_group, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_recv_bundle_user(b, v_fd, v_group, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_RECV_BUNDLE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

static void recv_bundle_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_recv_bundle_opts opts = { 0 };
	struct urb_recv_bundle_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_recv_bundle_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_BUNDLE);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recv_bundle(b, v_fd, v_group, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_recv_bundle(b, v_fd, v_group, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_recv_bundle(b, v_fd, v_group, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(9999), v_group, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(63), v_group, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_recv_bundle(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_group, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_recv_bundle(b, URB_FD(-1), v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_bundle(b, URB_FD(-EBADF), v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_bundle(b, URB_PLAIN, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_bundle(b, URB_AUTO_SLOT, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_bundle(b, (urb_fd_t){ 7ull << 32 }, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_bundle(b, URB_CWD, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_bundle(b, v_fd, 7, &opts), URB_EINVAL); /* no such set */
	assert_int_equal(urb_push_recv_bundle(b, v_fd, t_set(b), &opts), URB_EINVAL); /* not a group */
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- recv_multi (spec/ops/recv_multi.yaml): multishot, holds fd, group */

static void recv_multi_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_recv_multi_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_recv_multi(b, v_fd, v_group, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);

	/* multishot: a CQE with F_MORE keeps the record and what it holds */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_MORE | IORING_CQE_F_BUFFER, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_true(seen.last.more);
	assert_false(seen.last.final);
	assert_int_equal(seen.last.result, res_ok);
	assert_int_equal(seen.last.u.recv_multi.data.buf, URB_BUF(v_group, 0));
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_group, 0)), URB_OWN_RETURNED);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_BUFFER | (1u << IORING_CQE_BUFFER_SHIFT), &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_RECV_MULTI);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.recv_multi.data.buf, URB_BUF(v_group, 1));
	assert_int_equal(seen.last.u.recv_multi.data.len, res_ok);
	assert_ptr_equal(seen.last.u.recv_multi.data.data, t_buf_data(b, URB_BUF(v_group, 1)));
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_group, 1)), URB_OWN_RETURNED);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	/* the buffers the kernel handed out are the user's until recycled */
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 0)), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EOWNERSHIP);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 1)), 0);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 1)), URB_EOWNERSHIP);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void recv_multi_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -ENOBUFS, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_recv_multi_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_recv_multi(b, v_fd, v_group, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.recv_multi.data.buf, URB_BUF_NONE);
		assert_null(c->u.recv_multi.data.data);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(b->sets[v_group].users, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void recv_multi_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_recv_multi_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_MULTI);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_recv_multi(b, v_fd, v_group, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.recv_multi.data.buf, URB_BUF_NONE);
	assert_null(c->u.recv_multi.data.data);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(b->sets[v_group].users, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

/* urb_push_recv_multi_user(): its arguments checked, and the op as with opts { .user }. */
static void recv_multi_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recv_multi_user(b, v_fd, v_group, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_recv_multi_user(b, v_fd, v_group, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_RECV_MULTI);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

static void recv_multi_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_recv_multi_opts opts = { 0 };
	struct urb_recv_multi_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_recv_multi_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recv_multi(b, v_fd, v_group, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_recv_multi(b, v_fd, v_group, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_recv_multi(b, v_fd, v_group, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(9999), v_group, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(63), v_group, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_recv_multi(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_group, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_recv_multi(b, URB_FD(-1), v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_multi(b, URB_FD(-EBADF), v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_multi(b, URB_PLAIN, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_multi(b, URB_AUTO_SLOT, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_multi(b, (urb_fd_t){ 7ull << 32 }, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_multi(b, URB_CWD, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recv_multi(b, v_fd, 7, &opts), URB_EINVAL); /* no such set */
	assert_int_equal(urb_push_recv_multi(b, v_fd, t_set(b), &opts), URB_EINVAL); /* not a group */
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- recvmsg (spec/ops/recvmsg.yaml): single, holds fd, msg */

static void recvmsg_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_recvmsg_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_recvmsg(b, v_fd, &v_msg, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_RECVMSG);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_non_null(seen.last.u.recvmsg.msg.peer.addr);
	assert_int_equal(seen.last.u.recvmsg.msg.control.buf, URB_BUF(set_msg, 2));
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void recvmsg_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_recvmsg_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_recvmsg(b, v_fd, &v_msg, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_null(c->u.recvmsg.msg.peer.addr);
		assert_int_equal(c->u.recvmsg.msg.control.len, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		for (uint32_t m = 0; m < 3; m++)
			assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void recvmsg_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_recvmsg_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_recvmsg(b, v_fd, &v_msg, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_null(c->u.recvmsg.msg.peer.addr);
	assert_int_equal(c->u.recvmsg.msg.control.len, 0);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);
	t_free(b);
}

/* urb_push_recvmsg_user(): its arguments checked, and the op as with opts { .user }. */
static void recvmsg_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recvmsg_user(b, v_fd, &v_msg, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_recvmsg_user(b, v_fd, &v_msg, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_RECVMSG);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);
	t_free(b);
}

static void recvmsg_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_recvmsg_opts opts = { 0 };
	struct urb_recvmsg_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_recvmsg_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recvmsg(b, v_fd, &v_msg, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_recvmsg(b, v_fd, &v_msg, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg(b, v_fd, &v_msg, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_recvmsg(b, URB_SLOT(9999), &v_msg, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_recvmsg(b, URB_SLOT(63), &v_msg, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_recvmsg(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), &v_msg, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_recvmsg(b, URB_FD(-1), &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg(b, URB_FD(-EBADF), &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg(b, URB_PLAIN, &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg(b, URB_AUTO_SLOT, &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg(b, (urb_fd_t){ 7ull << 32 }, &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg(b, URB_CWD, &v_msg, &opts), URB_EINVAL);
	{
		struct urb_msg none = v_msg, twice = v_msg, both = v_msg;
		urb_buf_t same[2] = { bufs_msg[0], bufs_msg[0] };

		none.count = 0;
		twice.bufs = same;
		both.control = &bufs_msg[1];
		assert_int_equal(urb_push_recvmsg(b, v_fd, NULL, &opts), URB_EINVAL);
		assert_int_equal(urb_push_recvmsg(b, v_fd, &none, &opts), URB_EINVAL);
		assert_int_equal(urb_push_recvmsg(b, v_fd, &twice, &opts), URB_EINVAL);
		assert_int_equal(urb_push_recvmsg(b, v_fd, &both, &opts), URB_EINVAL);
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- recvmsg_multi (spec/ops/recvmsg_multi.yaml): multishot, holds fd, group, room */

static void recvmsg_multi_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_recvmsg_multi_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	struct urb_msg_room v_room = { .name_len = 16, .control_len = 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_recvmsg_multi(b, v_fd, v_group, &v_room, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);

	/* multishot: a CQE with F_MORE keeps the record and what it holds */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_MORE | IORING_CQE_F_BUFFER, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_true(seen.last.more);
	assert_false(seen.last.final);
	assert_int_equal(seen.last.result, res_ok);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_BUFFER | (1u << IORING_CQE_BUFFER_SHIFT), &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_RECVMSG_MULTI);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	/* the buffer handed out is the user's; a result shorter than the header carries no message */
	assert_int_equal(seen.last.u.recvmsg_multi.part.buf, URB_BUF(v_group, 1));
	assert_null(seen.last.u.recvmsg_multi.part.data);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	/* the buffers the kernel handed out are the user's until recycled */
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 0)), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EOWNERSHIP);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 1)), 0);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 1)), URB_EOWNERSHIP);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void recvmsg_multi_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -ENOBUFS, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_recvmsg_multi_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	struct urb_msg_room v_room = { .name_len = 16, .control_len = 0 };
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_recvmsg_multi(b, v_fd, v_group, &v_room, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_null(c->u.recvmsg_multi.part.data);
		assert_null(c->u.recvmsg_multi.part.peer.addr);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(b->sets[v_group].users, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void recvmsg_multi_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_recvmsg_multi_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG_MULTI);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	struct urb_msg_room v_room = { .name_len = 16, .control_len = 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_recvmsg_multi(b, v_fd, v_group, &v_room, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_null(c->u.recvmsg_multi.part.data);
	assert_null(c->u.recvmsg_multi.part.peer.addr);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(b->sets[v_group].users, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

/* urb_push_recvmsg_multi_user(): its arguments checked, and the op as with opts { .user }. */
static void recvmsg_multi_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	struct urb_msg_room v_room = { .name_len = 16, .control_len = 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recvmsg_multi_user(b, v_fd, v_group, &v_room, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_recvmsg_multi_user(b, v_fd, v_group, &v_room, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_RECVMSG_MULTI);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

static void recvmsg_multi_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_recvmsg_multi_opts opts = { 0 };
	struct urb_recvmsg_multi_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_recvmsg_multi_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECVMSG_MULTI);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_group(b);
	struct urb_msg_room v_room = { .name_len = 16, .control_len = 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_recvmsg_multi(b, v_fd, v_group, &v_room, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_recvmsg_multi(b, v_fd, v_group, &v_room, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg_multi(b, v_fd, v_group, &v_room, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_recvmsg_multi(b, URB_SLOT(9999), v_group, &v_room, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_recvmsg_multi(b, URB_SLOT(63), v_group, &v_room, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_recvmsg_multi(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_group, &v_room, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_recvmsg_multi(b, URB_FD(-1), v_group, &v_room, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg_multi(b, URB_FD(-EBADF), v_group, &v_room, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg_multi(b, URB_PLAIN, v_group, &v_room, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg_multi(b, URB_AUTO_SLOT, v_group, &v_room, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg_multi(b, (urb_fd_t){ 7ull << 32 }, v_group, &v_room, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg_multi(b, URB_CWD, v_group, &v_room, &opts), URB_EINVAL);
	assert_int_equal(urb_push_recvmsg_multi(b, v_fd, 7, &v_room, &opts), URB_EINVAL); /* no such set */
	assert_int_equal(urb_push_recvmsg_multi(b, v_fd, t_set(b), &v_room, &opts), URB_EINVAL); /* not a group */
	assert_int_equal(urb_push_recvmsg_multi(b, v_fd, v_group, &(struct urb_msg_room){ .name_len = 4096 }, &opts), URB_ERANGE);
	assert_int_equal(urb_push_recvmsg_multi(b, v_fd, v_group, &(struct urb_msg_room){ .control_len = 1u << 20 }, &opts), URB_ERANGE);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- remove_buffers (spec/ops/remove_buffers.yaml): single, holds set */

static void remove_buffers_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_remove_buffers_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 2;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_REMOVE_BUFFERS);
	uint32_t v_set = t_legacy_group(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_remove_buffers(b, v_set, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_REMOVE_BUFFERS);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, v_set), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void remove_buffers_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_remove_buffers_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_REMOVE_BUFFERS);
	uint32_t v_set = t_legacy_group(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_remove_buffers(b, v_set, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->sets[v_set].users, 0);
	}
	/* still a group */
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void remove_buffers_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_remove_buffers_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_REMOVE_BUFFERS);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t v_set = t_legacy_group(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_remove_buffers(b, v_set, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->sets[v_set].users, 0);
	/* still a group */
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);
	t_free(b);
}

/* urb_push_remove_buffers_user(): its arguments checked, and the op as with opts { .user }. */
static void remove_buffers_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_REMOVE_BUFFERS);
	uint32_t v_set = t_legacy_group(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_remove_buffers_user(b, v_set, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_remove_buffers_user(b, v_set, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_REMOVE_BUFFERS);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	/* still a group */
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);
	t_free(b);
}

static void remove_buffers_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_remove_buffers_opts opts = { 0 };
	struct urb_remove_buffers_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_remove_buffers_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_REMOVE_BUFFERS);
	uint32_t v_set = t_legacy_group(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_remove_buffers(b, v_set, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_remove_buffers(b, v_set, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_remove_buffers(b, v_set, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_remove_buffers(b, 7, &opts), URB_EINVAL); /* no such set */
	assert_int_equal(urb_push_remove_buffers(b, t_set(b), &opts), URB_EINVAL); /* not a group */
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- renameat (spec/ops/renameat.yaml): single */

static void renameat_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_renameat_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RENAMEAT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_RENAMEAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void renameat_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_renameat_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RENAMEAT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void renameat_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_renameat_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RENAMEAT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

/* urb_push_renameat_user(): its arguments checked, and the op as with opts { .user }. */
static void renameat_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RENAMEAT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_renameat_user(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_renameat_user(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_RENAMEAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

static void renameat_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_renameat_opts opts = { 0 };
	struct urb_renameat_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_renameat_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RENAMEAT);
	int fd_old_dfd = t_new_fd();
	urb_fd_t v_old_dfd = URB_FD(fd_old_dfd);
	const char *v_old_path = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_new_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, v_new_dfd, v_new_path, &skip), URB_ENOTALLOWED);
	/* no fd, in any form old_dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_renameat(b, URB_FD(-1), v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, URB_FD(-EBADF), v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, URB_PLAIN, v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, URB_AUTO_SLOT, v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, (urb_fd_t){ 7ull << 32 }, v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, URB_SLOT(0), v_old_path, v_new_dfd, v_new_path, &opts), URB_EINVAL);
	/* no fd, in any form new_dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, URB_FD(-1), v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, URB_FD(-EBADF), v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, URB_PLAIN, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, URB_AUTO_SLOT, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, (urb_fd_t){ 7ull << 32 }, v_new_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_renameat(b, v_old_dfd, v_old_path, URB_SLOT(0), v_new_path, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_old_dfd);
	close(fd_new_dfd);
	t_free(b);
}

/* ---- send (spec/ops/send.yaml): single, holds fd, buf */

static void send_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_send_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_send(b, v_fd, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SEND);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void send_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_send_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_send(b, v_fd, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void send_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_send_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_send(b, v_fd, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_send_user(): its arguments checked, and the op as with opts { .user }. */
static void send_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_send_user(b, v_fd, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_send_user(b, v_fd, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SEND);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void send_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_send_opts opts = { 0 };
	struct urb_send_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_send_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_send(b, v_fd, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_send(b, v_fd, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_send(b, v_fd, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_send(b, URB_SLOT(9999), v_buf, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_send(b, URB_SLOT(63), v_buf, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_send(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_buf, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_send(b, URB_FD(-1), v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send(b, URB_FD(-EBADF), v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send(b, URB_PLAIN, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send(b, URB_AUTO_SLOT, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send(b, (urb_fd_t){ 7ull << 32 }, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send(b, URB_CWD, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send(b, v_fd, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_send(b, v_fd, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- send_bundle (spec/ops/send_bundle.yaml): single, holds fd, group */

static void send_bundle_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_send_bundle_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_BUNDLE);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_send_ring(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_send_bundle(b, v_fd, v_group, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_BUFFER | (1u << IORING_CQE_BUFFER_SHIFT), &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SEND_BUNDLE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.send_bundle.run.count, 1);
	assert_int_equal(seen.last.u.send_bundle.run.bufs[0], URB_BUF(v_group, 1));
	assert_int_equal(seen.last.u.send_bundle.run.bytes, res_ok);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	/* the buffer the send took is the user's again, to queue anew */
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_group, 1)), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(v_group, 1)), URB_ENOTALLOWED);
	assert_int_equal(urb_buf_queue(b, URB_BUF(v_group, 1)), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void send_bundle_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -ENOBUFS, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_send_bundle_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_BUNDLE);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_send_ring(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_send_bundle(b, v_fd, v_group, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.send_bundle.run.count, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(b->sets[v_group].users, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void send_bundle_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_send_bundle_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_BUNDLE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_send_ring(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_send_bundle(b, v_fd, v_group, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.send_bundle.run.count, 0);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(b->sets[v_group].users, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

/* urb_push_send_bundle_user(): its arguments checked, and the op as with opts { .user }. */
static void send_bundle_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_BUNDLE);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_send_ring(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_send_bundle_user(b, v_fd, v_group, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_send_bundle_user(b, v_fd, v_group, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufring_destroy(b, v_group), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SEND_BUNDLE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufring_destroy(b, v_group), 0);
	t_free(b);
}

static void send_bundle_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_send_bundle_opts opts = { 0 };
	struct urb_send_bundle_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_send_bundle_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_BUNDLE);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_group = t_send_ring(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_send_bundle(b, v_fd, v_group, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_send_bundle(b, v_fd, v_group, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_send_bundle(b, v_fd, v_group, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(9999), v_group, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_send_bundle(b, URB_SLOT(63), v_group, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_send_bundle(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_group, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_send_bundle(b, URB_FD(-1), v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_bundle(b, URB_FD(-EBADF), v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_bundle(b, URB_PLAIN, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_bundle(b, URB_AUTO_SLOT, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_bundle(b, (urb_fd_t){ 7ull << 32 }, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_bundle(b, URB_CWD, v_group, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_bundle(b, v_fd, 7, &opts), URB_EINVAL); /* no such set */
	assert_int_equal(urb_push_send_bundle(b, v_fd, t_set(b), &opts), URB_EINVAL); /* not a group */
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- send_zc (spec/ops/send_zc.yaml): notif, holds fd, buf */

static void send_zc_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_send_zc_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_ZC);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_send_zc(b, v_fd, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* notif: a CQE with F_MORE keeps the record and what it holds */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_MORE, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_true(seen.last.more);
	assert_false(seen.last.final);
	assert_int_equal(seen.last.result, res_ok);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, 0, IORING_CQE_F_NOTIF, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SEND_ZC);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, 0);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_true(seen.last.notif);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void send_zc_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_send_zc_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_ZC);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_send_zc(b, v_fd, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void send_zc_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_send_zc_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_ZC);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_send_zc(b, v_fd, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_send_zc_user(): its arguments checked, and the op as with opts { .user }. */
static void send_zc_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_ZC);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_send_zc_user(b, v_fd, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_send_zc_user(b, v_fd, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SEND_ZC);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void send_zc_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_send_zc_opts opts = { 0 };
	struct urb_send_zc_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_send_zc_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SEND_ZC);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_send_zc(b, v_fd, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_send_zc(b, v_fd, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_send_zc(b, v_fd, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_send_zc(b, URB_SLOT(9999), v_buf, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_send_zc(b, URB_SLOT(63), v_buf, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_send_zc(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_buf, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_send_zc(b, URB_FD(-1), v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_zc(b, URB_FD(-EBADF), v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_zc(b, URB_PLAIN, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_zc(b, URB_AUTO_SLOT, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_zc(b, (urb_fd_t){ 7ull << 32 }, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_zc(b, URB_CWD, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_zc(b, v_fd, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_send_zc(b, v_fd, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- sendmsg (spec/ops/sendmsg.yaml): single, holds fd, msg */

static void sendmsg_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_sendmsg_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_sendmsg(b, v_fd, &v_msg, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SENDMSG);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void sendmsg_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_sendmsg_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_sendmsg(b, v_fd, &v_msg, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		for (uint32_t m = 0; m < 3; m++)
			assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void sendmsg_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_sendmsg_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_sendmsg(b, v_fd, &v_msg, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);
	t_free(b);
}

/* urb_push_sendmsg_user(): its arguments checked, and the op as with opts { .user }. */
static void sendmsg_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sendmsg_user(b, v_fd, &v_msg, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_sendmsg_user(b, v_fd, &v_msg, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SENDMSG);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);
	t_free(b);
}

static void sendmsg_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_sendmsg_opts opts = { 0 };
	struct urb_sendmsg_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_sendmsg_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sendmsg(b, v_fd, &v_msg, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_sendmsg(b, v_fd, &v_msg, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg(b, v_fd, &v_msg, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_sendmsg(b, URB_SLOT(9999), &v_msg, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_sendmsg(b, URB_SLOT(63), &v_msg, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_sendmsg(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), &v_msg, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_sendmsg(b, URB_FD(-1), &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg(b, URB_FD(-EBADF), &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg(b, URB_PLAIN, &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg(b, URB_AUTO_SLOT, &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg(b, (urb_fd_t){ 7ull << 32 }, &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg(b, URB_CWD, &v_msg, &opts), URB_EINVAL);
	{
		struct urb_msg none = v_msg, twice = v_msg, both = v_msg;
		urb_buf_t same[2] = { bufs_msg[0], bufs_msg[0] };

		none.count = 0;
		twice.bufs = same;
		both.control = &bufs_msg[1];
		assert_int_equal(urb_push_sendmsg(b, v_fd, NULL, &opts), URB_EINVAL);
		assert_int_equal(urb_push_sendmsg(b, v_fd, &none, &opts), URB_EINVAL);
		assert_int_equal(urb_push_sendmsg(b, v_fd, &twice, &opts), URB_EINVAL);
		assert_int_equal(urb_push_sendmsg(b, v_fd, &both, &opts), URB_EINVAL);
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- sendmsg_zc (spec/ops/sendmsg_zc.yaml): notif, holds fd, msg */

static void sendmsg_zc_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_sendmsg_zc_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG_ZC);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_sendmsg_zc(b, v_fd, &v_msg, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), URB_EOWNERSHIP);

	/* notif: a CQE with F_MORE keeps the record and what it holds */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_MORE, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_true(seen.last.more);
	assert_false(seen.last.final);
	assert_int_equal(seen.last.result, res_ok);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, 0, IORING_CQE_F_NOTIF, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SENDMSG_ZC);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, 0);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_true(seen.last.notif);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void sendmsg_zc_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_sendmsg_zc_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG_ZC);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_sendmsg_zc(b, v_fd, &v_msg, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		for (uint32_t m = 0; m < 3; m++)
			assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void sendmsg_zc_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_sendmsg_zc_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG_ZC);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_sendmsg_zc(b, v_fd, &v_msg, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);
	t_free(b);
}

/* urb_push_sendmsg_zc_user(): its arguments checked, and the op as with opts { .user }. */
static void sendmsg_zc_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG_ZC);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sendmsg_zc_user(b, v_fd, &v_msg, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_sendmsg_zc_user(b, v_fd, &v_msg, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SENDMSG_ZC);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	for (uint32_t m = 0; m < 3; m++)
		assert_int_equal(urb_buf_owner(b, URB_BUF(set_msg, m)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_msg), 0);
	t_free(b);
}

static void sendmsg_zc_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_sendmsg_zc_opts opts = { 0 };
	struct urb_sendmsg_zc_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_sendmsg_zc_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SENDMSG_ZC);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_msg = urb_bufset_create(b, 3, 64);
	urb_buf_t bufs_msg[2] = { URB_BUF(set_msg, 0), URB_BUF(set_msg, 1) };
	urb_buf_t control_msg = URB_BUF(set_msg, 2);
	struct urb_msg v_msg = { .bufs = bufs_msg, .count = 2, .control = &control_msg };

	assert_true(set_msg >= 0);
	for (uint32_t m = 0; m < 3; m++)
		t_fill(b, URB_BUF(set_msg, m), "abc");
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sendmsg_zc(b, v_fd, &v_msg, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_sendmsg_zc(b, v_fd, &v_msg, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg_zc(b, v_fd, &v_msg, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_sendmsg_zc(b, URB_SLOT(9999), &v_msg, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_sendmsg_zc(b, URB_SLOT(63), &v_msg, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_sendmsg_zc(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), &v_msg, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_sendmsg_zc(b, URB_FD(-1), &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg_zc(b, URB_FD(-EBADF), &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg_zc(b, URB_PLAIN, &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg_zc(b, URB_AUTO_SLOT, &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg_zc(b, (urb_fd_t){ 7ull << 32 }, &v_msg, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sendmsg_zc(b, URB_CWD, &v_msg, &opts), URB_EINVAL);
	{
		struct urb_msg none = v_msg, twice = v_msg, both = v_msg;
		urb_buf_t same[2] = { bufs_msg[0], bufs_msg[0] };

		none.count = 0;
		twice.bufs = same;
		both.control = &bufs_msg[1];
		assert_int_equal(urb_push_sendmsg_zc(b, v_fd, NULL, &opts), URB_EINVAL);
		assert_int_equal(urb_push_sendmsg_zc(b, v_fd, &none, &opts), URB_EINVAL);
		assert_int_equal(urb_push_sendmsg_zc(b, v_fd, &twice, &opts), URB_EINVAL);
		assert_int_equal(urb_push_sendmsg_zc(b, v_fd, &both, &opts), URB_EINVAL);
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- setsockopt (spec/ops/setsockopt.yaml): single, holds fd, buf */

static void setsockopt_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_setsockopt_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETSOCKOPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_setsockopt(b, v_fd, v_level, v_optname, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SETSOCKOPT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void setsockopt_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_setsockopt_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETSOCKOPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_setsockopt(b, v_fd, v_level, v_optname, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void setsockopt_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_setsockopt_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETSOCKOPT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_setsockopt(b, v_fd, v_level, v_optname, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_setsockopt_user(): its arguments checked, and the op as with opts { .user }. */
static void setsockopt_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETSOCKOPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_setsockopt_user(b, v_fd, v_level, v_optname, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_setsockopt_user(b, v_fd, v_level, v_optname, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SETSOCKOPT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void setsockopt_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_setsockopt_opts opts = { 0 };
	struct urb_setsockopt_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_setsockopt_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETSOCKOPT);
	uint32_t slot_fd = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_level = 0;
	int32_t v_optname = 0;
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_setsockopt(b, v_fd, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_setsockopt(b, v_fd, v_level, v_optname, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_setsockopt(b, v_fd, v_level, v_optname, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_setsockopt(b, URB_SLOT(9999), v_level, v_optname, v_buf, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_setsockopt(b, URB_SLOT(63), v_level, v_optname, v_buf, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_setsockopt(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_level, v_optname, v_buf, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_setsockopt(b, URB_FD(-1), v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_setsockopt(b, URB_FD(-EBADF), v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_setsockopt(b, URB_PLAIN, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_setsockopt(b, URB_AUTO_SLOT, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_setsockopt(b, (urb_fd_t){ 7ull << 32 }, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_setsockopt(b, URB_CWD, v_level, v_optname, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_setsockopt(b, v_fd, v_level, v_optname, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_setsockopt(b, v_fd, v_level, v_optname, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- setxattr (spec/ops/setxattr.yaml): single, holds buf */

static void setxattr_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_setxattr_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETXATTR);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_setxattr(b, v_path, v_name, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SETXATTR);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void setxattr_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_setxattr_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETXATTR);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_setxattr(b, v_path, v_name, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void setxattr_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_setxattr_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETXATTR);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_setxattr(b, v_path, v_name, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_setxattr_user(): its arguments checked, and the op as with opts { .user }. */
static void setxattr_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETXATTR);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_setxattr_user(b, v_path, v_name, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_setxattr_user(b, v_path, v_name, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SETXATTR);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void setxattr_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_setxattr_opts opts = { 0 };
	struct urb_setxattr_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_setxattr_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETXATTR);
	const char *v_path = ".";
	const char *v_name = ".";
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_setxattr(b, v_path, v_name, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_setxattr(b, v_path, v_name, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_setxattr(b, v_path, v_name, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_setxattr(b, v_path, v_name, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_setxattr(b, v_path, v_name, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- shutdown (spec/ops/shutdown.yaml): single, holds fd */

static void shutdown_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_shutdown_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SHUTDOWN);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_how = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_shutdown(b, v_fd, v_how, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SHUTDOWN);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void shutdown_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_shutdown_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SHUTDOWN);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_how = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_shutdown(b, v_fd, v_how, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void shutdown_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_shutdown_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SHUTDOWN);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_how = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_shutdown(b, v_fd, v_how, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_shutdown_user(): its arguments checked, and the op as with opts { .user }. */
static void shutdown_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SHUTDOWN);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_how = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_shutdown_user(b, v_fd, v_how, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_shutdown_user(b, v_fd, v_how, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SHUTDOWN);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void shutdown_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_shutdown_opts opts = { 0 };
	struct urb_shutdown_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_shutdown_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SHUTDOWN);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int32_t v_how = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_shutdown(b, v_fd, v_how, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_shutdown(b, v_fd, v_how, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_shutdown(b, v_fd, v_how, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_shutdown(b, URB_SLOT(9999), v_how, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_shutdown(b, URB_SLOT(63), v_how, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_shutdown(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_how, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_shutdown(b, URB_FD(-1), v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_shutdown(b, URB_FD(-EBADF), v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_shutdown(b, URB_PLAIN, v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_shutdown(b, URB_AUTO_SLOT, v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_shutdown(b, (urb_fd_t){ 7ull << 32 }, v_how, &opts), URB_EINVAL);
	assert_int_equal(urb_push_shutdown(b, URB_CWD, v_how, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- sock_inq (spec/ops/sock_inq.yaml): single, holds fd */

static void sock_inq_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_sock_inq_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 2;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_INQ);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_sock_inq(b, v_fd, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SOCK_INQ);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void sock_inq_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_sock_inq_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_INQ);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_sock_inq(b, v_fd, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void sock_inq_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_sock_inq_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_INQ);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_sock_inq(b, v_fd, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_sock_inq_user(): its arguments checked, and the op as with opts { .user }. */
static void sock_inq_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_INQ);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sock_inq_user(b, v_fd, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_sock_inq_user(b, v_fd, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SOCK_INQ);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void sock_inq_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_sock_inq_opts opts = { 0 };
	struct urb_sock_inq_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_sock_inq_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_INQ);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sock_inq(b, v_fd, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_sock_inq(b, v_fd, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_sock_inq(b, v_fd, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_sock_inq(b, URB_SLOT(9999), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_sock_inq(b, URB_SLOT(63), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_sock_inq(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_sock_inq(b, URB_FD(-1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_inq(b, URB_FD(-EBADF), &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_inq(b, URB_PLAIN, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_inq(b, URB_AUTO_SLOT, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_inq(b, (urb_fd_t){ 7ull << 32 }, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_inq(b, URB_CWD, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- sock_outq (spec/ops/sock_outq.yaml): single, holds fd */

static void sock_outq_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_sock_outq_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 2;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_OUTQ);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_sock_outq(b, v_fd, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SOCK_OUTQ);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void sock_outq_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_sock_outq_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_OUTQ);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_sock_outq(b, v_fd, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void sock_outq_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_sock_outq_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_OUTQ);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_sock_outq(b, v_fd, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_sock_outq_user(): its arguments checked, and the op as with opts { .user }. */
static void sock_outq_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_OUTQ);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sock_outq_user(b, v_fd, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_sock_outq_user(b, v_fd, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SOCK_OUTQ);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void sock_outq_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_sock_outq_opts opts = { 0 };
	struct urb_sock_outq_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_sock_outq_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCK_OUTQ);
	uint32_t slot_fd = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sock_outq(b, v_fd, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_sock_outq(b, v_fd, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_sock_outq(b, v_fd, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_sock_outq(b, URB_SLOT(9999), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_sock_outq(b, URB_SLOT(63), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_sock_outq(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_sock_outq(b, URB_FD(-1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_outq(b, URB_FD(-EBADF), &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_outq(b, URB_PLAIN, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_outq(b, URB_AUTO_SLOT, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_outq(b, (urb_fd_t){ 7ull << 32 }, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sock_outq(b, URB_CWD, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- socket (spec/ops/socket.yaml): single, holds target */

static void socket_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_socket_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = t_new_fd();

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCKET);
	int32_t v_domain = 0;
	int32_t v_type = 0;
	int32_t v_protocol = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_socket(b, v_domain, v_type, v_protocol, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SOCKET);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.socket.sock.fd, res_ok);
	assert_int_equal(seen.last.u.socket.sock.slot, -1);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(res_ok);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void socket_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_socket_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCKET);
	int32_t v_domain = 0;
	int32_t v_type = 0;
	int32_t v_protocol = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_socket(b, v_domain, v_type, v_protocol, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.socket.sock.fd, -1);
		assert_int_equal(c->u.socket.sock.slot, -1);
		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void socket_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_socket_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCKET);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int32_t v_domain = 0;
	int32_t v_type = 0;
	int32_t v_protocol = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_socket(b, v_domain, v_type, v_protocol, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.socket.sock.fd, -1);
	assert_int_equal(c->u.socket.sock.slot, -1);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

/* urb_push_socket_user(): its arguments checked, and the op as with opts { .user }. */
static void socket_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCKET);
	int32_t v_domain = 0;
	int32_t v_type = 0;
	int32_t v_protocol = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_socket_user(b, v_domain, v_type, v_protocol, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_socket_user(b, v_domain, v_type, v_protocol, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SOCKET);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void socket_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_socket_opts opts = { 0 };
	struct urb_socket_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_socket_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SOCKET);
	int32_t v_domain = 0;
	int32_t v_type = 0;
	int32_t v_protocol = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_socket(b, v_domain, v_type, v_protocol, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_socket(b, v_domain, v_type, v_protocol, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_socket(b, v_domain, v_type, v_protocol, &skip), URB_ENOTALLOWED);
	{
		struct urb_socket_opts t = { .target = URB_FD(5) };

		assert_int_equal(urb_push_socket(b, v_domain, v_type, v_protocol, &t), URB_EINVAL); /* not a target */
	}
	{
		struct urb_socket_opts t = { .target = URB_AUTO_SLOT };

		assert_int_equal(urb_push_socket(b, v_domain, SOCK_CLOEXEC, v_protocol, &t), URB_EINVAL); /* SOCK_CLOEXEC with a direct target */
	}
	{
		struct urb_socket_opts t = { .target = URB_SLOT(t_slot(b, URB_FD_FILE)) };

		assert_int_equal(urb_push_socket(b, v_domain, v_type, v_protocol, &t), URB_EBUSY); /* chosen slot taken */
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- splice (spec/ops/splice.yaml): single, holds fd_in, fd_out */

static void splice_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_splice_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SPLICE);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint64_t v_off_in = 0;
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint64_t v_off_out = 0;
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, v_fd_out, v_off_out, v_len, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), URB_EBUSY);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SPLICE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void splice_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_splice_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SPLICE);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint64_t v_off_in = 0;
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint64_t v_off_out = 0;
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, v_fd_out, v_off_out, v_len, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd_in].users, 0);
		assert_int_equal(b->fds[slot_fd_in].closing, 0);
		assert_int_equal(b->fds[slot_fd_out].users, 0);
		assert_int_equal(b->fds[slot_fd_out].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void splice_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_splice_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SPLICE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint64_t v_off_in = 0;
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint64_t v_off_out = 0;
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, v_fd_out, v_off_out, v_len, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd_in].users, 0);
	assert_int_equal(b->fds[slot_fd_in].closing, 0);
	assert_int_equal(b->fds[slot_fd_out].users, 0);
	assert_int_equal(b->fds[slot_fd_out].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), 0);
	t_free(b);
}

/* urb_push_splice_user(): its arguments checked, and the op as with opts { .user }. */
static void splice_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SPLICE);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint64_t v_off_in = 0;
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint64_t v_off_out = 0;
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_splice_user(b, v_fd_in, v_off_in, v_fd_out, v_off_out, v_len, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_splice_user(b, v_fd_in, v_off_in, v_fd_out, v_off_out, v_len, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), URB_EBUSY);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SPLICE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), 0);
	t_free(b);
}

static void splice_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_splice_opts opts = { 0 };
	struct urb_splice_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_splice_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SPLICE);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint64_t v_off_in = 0;
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint64_t v_off_out = 0;
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, v_fd_out, v_off_out, v_len, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, v_fd_out, v_off_out, v_len, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_splice(b, URB_SLOT(9999), v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_splice(b, URB_SLOT(63), v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_splice(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_EFDKIND);
	/* no fd, in any form fd_in does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_splice(b, URB_FD(-1), v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, URB_FD(-EBADF), v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, URB_PLAIN, v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, URB_AUTO_SLOT, v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, (urb_fd_t){ 7ull << 32 }, v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, URB_CWD, v_off_in, v_fd_out, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, URB_SLOT(9999), v_off_out, v_len, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, URB_SLOT(63), v_off_out, v_len, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_off_out, v_len, &opts), URB_EFDKIND);
	/* no fd, in any form fd_out does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, URB_FD(-1), v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, URB_FD(-EBADF), v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, URB_PLAIN, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, URB_AUTO_SLOT, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, (urb_fd_t){ 7ull << 32 }, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_splice(b, v_fd_in, v_off_in, URB_CWD, v_off_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- statx (spec/ops/statx.yaml): single */

static void statx_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_statx_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_STATX);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_statx(b, v_dfd, v_path, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STATX);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(fd_dfd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void statx_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_statx_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_STATX);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_statx(b, v_dfd, v_path, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	close(fd_dfd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void statx_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_statx_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_STATX);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_statx(b, v_dfd, v_path, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

/* urb_push_statx_user(): its arguments checked, and the op as with opts { .user }. */
static void statx_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_STATX);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_statx_user(b, v_dfd, v_path, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_statx_user(b, v_dfd, v_path, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_STATX);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

static void statx_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_statx_opts opts = { 0 };
	struct urb_statx_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_statx_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_STATX);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_statx(b, v_dfd, v_path, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_statx(b, v_dfd, v_path, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_statx(b, v_dfd, v_path, &skip), URB_ENOTALLOWED);
	/* no fd, in any form dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_statx(b, URB_FD(-1), v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_statx(b, URB_FD(-EBADF), v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_statx(b, URB_PLAIN, v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_statx(b, URB_AUTO_SLOT, v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_statx(b, (urb_fd_t){ 7ull << 32 }, v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_statx(b, URB_SLOT(0), v_path, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_dfd);
	t_free(b);
}

/* ---- symlinkat (spec/ops/symlinkat.yaml): single */

static void symlinkat_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_symlinkat_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYMLINKAT);
	const char *v_target = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_link_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_symlinkat(b, v_target, v_new_dfd, v_link_path, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SYMLINKAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(fd_new_dfd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void symlinkat_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_symlinkat_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYMLINKAT);
	const char *v_target = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_link_path = ".";
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_symlinkat(b, v_target, v_new_dfd, v_link_path, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	close(fd_new_dfd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void symlinkat_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_symlinkat_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYMLINKAT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	const char *v_target = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_link_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_symlinkat(b, v_target, v_new_dfd, v_link_path, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	close(fd_new_dfd);
	t_free(b);
}

/* urb_push_symlinkat_user(): its arguments checked, and the op as with opts { .user }. */
static void symlinkat_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYMLINKAT);
	const char *v_target = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_link_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_symlinkat_user(b, v_target, v_new_dfd, v_link_path, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_symlinkat_user(b, v_target, v_new_dfd, v_link_path, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SYMLINKAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_new_dfd);
	t_free(b);
}

static void symlinkat_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_symlinkat_opts opts = { 0 };
	struct urb_symlinkat_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_symlinkat_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYMLINKAT);
	const char *v_target = ".";
	int fd_new_dfd = t_new_fd();
	urb_fd_t v_new_dfd = URB_FD(fd_new_dfd);
	const char *v_link_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_symlinkat(b, v_target, v_new_dfd, v_link_path, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_symlinkat(b, v_target, v_new_dfd, v_link_path, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_symlinkat(b, v_target, v_new_dfd, v_link_path, &skip), URB_ENOTALLOWED);
	/* no fd, in any form new_dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_symlinkat(b, v_target, URB_FD(-1), v_link_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_symlinkat(b, v_target, URB_FD(-EBADF), v_link_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_symlinkat(b, v_target, URB_PLAIN, v_link_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_symlinkat(b, v_target, URB_AUTO_SLOT, v_link_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_symlinkat(b, v_target, (urb_fd_t){ 7ull << 32 }, v_link_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_symlinkat(b, v_target, URB_SLOT(0), v_link_path, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_new_dfd);
	t_free(b);
}

/* ---- sync_file_range (spec/ops/sync_file_range.yaml): single, holds fd */

static void sync_file_range_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_sync_file_range_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYNC_FILE_RANGE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_flags = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_sync_file_range(b, v_fd, v_offset, v_len, v_flags, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_SYNC_FILE_RANGE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void sync_file_range_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_sync_file_range_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYNC_FILE_RANGE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_flags = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_sync_file_range(b, v_fd, v_offset, v_len, v_flags, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void sync_file_range_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_sync_file_range_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYNC_FILE_RANGE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_flags = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_sync_file_range(b, v_fd, v_offset, v_len, v_flags, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

/* urb_push_sync_file_range_user(): its arguments checked, and the op as with opts { .user }. */
static void sync_file_range_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYNC_FILE_RANGE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_flags = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sync_file_range_user(b, v_fd, v_offset, v_len, v_flags, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_sync_file_range_user(b, v_fd, v_offset, v_len, v_flags, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_SYNC_FILE_RANGE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	t_free(b);
}

static void sync_file_range_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_sync_file_range_opts opts = { 0 };
	struct urb_sync_file_range_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_sync_file_range_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SYNC_FILE_RANGE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint64_t v_offset = 0;
	uint32_t v_len = 0;
	uint32_t v_flags = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_sync_file_range(b, v_fd, v_offset, v_len, v_flags, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_sync_file_range(b, v_fd, v_offset, v_len, v_flags, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_sync_file_range(b, v_fd, v_offset, v_len, v_flags, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_sync_file_range(b, URB_SLOT(9999), v_offset, v_len, v_flags, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_sync_file_range(b, URB_SLOT(63), v_offset, v_len, v_flags, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_sync_file_range(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), v_offset, v_len, v_flags, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_sync_file_range(b, URB_FD(-1), v_offset, v_len, v_flags, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sync_file_range(b, URB_FD(-EBADF), v_offset, v_len, v_flags, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sync_file_range(b, URB_PLAIN, v_offset, v_len, v_flags, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sync_file_range(b, URB_AUTO_SLOT, v_offset, v_len, v_flags, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sync_file_range(b, (urb_fd_t){ 7ull << 32 }, v_offset, v_len, v_flags, &opts), URB_EINVAL);
	assert_int_equal(urb_push_sync_file_range(b, URB_CWD, v_offset, v_len, v_flags, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- tee (spec/ops/tee.yaml): single, holds fd_in, fd_out */

static void tee_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_tee_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TEE);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_tee(b, v_fd_in, v_fd_out, v_len, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), URB_EBUSY);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_TEE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void tee_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_tee_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TEE);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_tee(b, v_fd_in, v_fd_out, v_len, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd_in].users, 0);
		assert_int_equal(b->fds[slot_fd_in].closing, 0);
		assert_int_equal(b->fds[slot_fd_out].users, 0);
		assert_int_equal(b->fds[slot_fd_out].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void tee_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_tee_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TEE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_tee(b, v_fd_in, v_fd_out, v_len, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd_in].users, 0);
	assert_int_equal(b->fds[slot_fd_in].closing, 0);
	assert_int_equal(b->fds[slot_fd_out].users, 0);
	assert_int_equal(b->fds[slot_fd_out].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), 0);
	t_free(b);
}

/* urb_push_tee_user(): its arguments checked, and the op as with opts { .user }. */
static void tee_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TEE);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_tee_user(b, v_fd_in, v_fd_out, v_len, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_tee_user(b, v_fd_in, v_fd_out, v_len, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), URB_EBUSY);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_TEE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd_in), 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd_out), 0);
	t_free(b);
}

static void tee_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_tee_opts opts = { 0 };
	struct urb_tee_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_tee_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TEE);
	uint32_t slot_fd_in = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_in = URB_SLOT(slot_fd_in);
	uint32_t slot_fd_out = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd_out = URB_SLOT(slot_fd_out);
	uint32_t v_len = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_tee(b, v_fd_in, v_fd_out, v_len, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_tee(b, v_fd_in, v_fd_out, v_len, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, v_fd_in, v_fd_out, v_len, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_tee(b, URB_SLOT(9999), v_fd_out, v_len, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_tee(b, URB_SLOT(63), v_fd_out, v_len, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_tee(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), v_fd_out, v_len, &opts), URB_EFDKIND);
	/* no fd, in any form fd_in does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_tee(b, URB_FD(-1), v_fd_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, URB_FD(-EBADF), v_fd_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, URB_PLAIN, v_fd_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, URB_AUTO_SLOT, v_fd_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, (urb_fd_t){ 7ull << 32 }, v_fd_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, URB_CWD, v_fd_out, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, v_fd_in, URB_SLOT(9999), v_len, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_tee(b, v_fd_in, URB_SLOT(63), v_len, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE)))
		assert_int_equal(urb_push_tee(b, v_fd_in, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE)))), v_len, &opts), URB_EFDKIND);
	/* no fd, in any form fd_out does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_tee(b, v_fd_in, URB_FD(-1), v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, v_fd_in, URB_FD(-EBADF), v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, v_fd_in, URB_PLAIN, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, v_fd_in, URB_AUTO_SLOT, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, v_fd_in, (urb_fd_t){ 7ull << 32 }, v_len, &opts), URB_EINVAL);
	assert_int_equal(urb_push_tee(b, v_fd_in, URB_CWD, v_len, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- timeout (spec/ops/timeout.yaml): single */

static void timeout_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_timeout_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_timeout(b, &v_ts, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_TIMEOUT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void timeout_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_timeout_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_timeout(b, &v_ts, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void timeout_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_timeout_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_timeout(b, &v_ts, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	t_free(b);
}

/* urb_push_timeout_user(): its arguments checked, and the op as with opts { .user }. */
static void timeout_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_timeout_user(b, &v_ts, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_timeout_user(b, &v_ts, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_TIMEOUT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void timeout_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_timeout_opts opts = { 0 };
	struct urb_timeout_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_timeout_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_timeout(b, &v_ts, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_timeout(b, &v_ts, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_timeout(b, &v_ts, &skip), URB_ENOTALLOWED);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- timeout_remove (spec/ops/timeout_remove.yaml): single */

static void timeout_remove_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_timeout_remove_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_REMOVE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_timeout_remove(b, v_target, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_TIMEOUT_REMOVE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void timeout_remove_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_timeout_remove_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_REMOVE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_timeout_remove(b, v_target, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void timeout_remove_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_timeout_remove_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_REMOVE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_timeout_remove(b, v_target, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	t_free(b);
}

/* urb_push_timeout_remove_user(): its arguments checked, and the op as with opts { .user }. */
static void timeout_remove_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_REMOVE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_timeout_remove_user(b, v_target, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_timeout_remove_user(b, v_target, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_TIMEOUT_REMOVE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void timeout_remove_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_timeout_remove_opts opts = { 0 };
	struct urb_timeout_remove_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_timeout_remove_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_REMOVE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_timeout_remove(b, v_target, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_timeout_remove(b, v_target, &bad_flags), URB_EINVAL);
	/* skip-success: the record stays until its CQE; a success is not shown, a failure is */
	uint64_t skip_key = 0;
	struct t_seen skip_seen = { 0 };

	skip.key_out = &skip_key;
	skip.user = &skip_seen;
	assert_int_equal(urb_push_timeout_remove(b, v_target, &skip), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(t_inject(b, skip_key, 0, 0, &skip_seen), 0);
	assert_int_equal(skip_seen.calls, 0);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_timeout_remove(b, v_target, &skip), 0);
	assert_int_equal(t_inject(b, skip_key, -EINVAL, 0, &skip_seen), 0);
	assert_int_equal(skip_seen.calls, 1);
	assert_int_equal(skip_seen.last.op, URB_OP_TIMEOUT_REMOVE);
	assert_int_equal(skip_seen.last.key, skip_key);
	assert_ptr_equal(skip_seen.last.user, &skip_seen);
	assert_int_equal(skip_seen.last.result, -EINVAL);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_timeout_remove(b, v_target + 1, &opts), URB_ESTALE);
	assert_int_equal(urb_push_timeout_remove(b, 0, &opts), URB_ESTALE);
	assert_int_equal(urb_push_timeout_remove(b, t_end(b, t_pending_key_of(b, URB_OP_NOP)), &opts), URB_ESTALE); /* ended */
	uint64_t other_target = t_pending_key_of(b, URB_OP_NOP);

	assert_int_equal(urb_push_timeout_remove(b, other_target, &opts), URB_EINVAL); /* another op's key */
	t_end(b, other_target);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- timeout_update (spec/ops/timeout_update.yaml): single */

static void timeout_update_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_timeout_update_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_UPDATE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_timeout_update(b, v_target, &v_ts, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_TIMEOUT_UPDATE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void timeout_update_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_timeout_update_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_UPDATE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_timeout_update(b, v_target, &v_ts, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void timeout_update_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_timeout_update_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_UPDATE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_timeout_update(b, v_target, &v_ts, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	t_free(b);
}

/* urb_push_timeout_update_user(): its arguments checked, and the op as with opts { .user }. */
static void timeout_update_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_UPDATE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_timeout_update_user(b, v_target, &v_ts, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_timeout_update_user(b, v_target, &v_ts, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_TIMEOUT_UPDATE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void timeout_update_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_timeout_update_opts opts = { 0 };
	struct urb_timeout_update_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_timeout_update_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TIMEOUT_UPDATE);
	uint64_t v_target = t_pending_key_of(b, URB_OP_TIMEOUT);
	struct __kernel_timespec v_ts = { 0 };
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_timeout_update(b, v_target, &v_ts, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_timeout_update(b, v_target, &v_ts, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_timeout_update(b, v_target, &v_ts, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_timeout_update(b, v_target + 1, &v_ts, &opts), URB_ESTALE);
	assert_int_equal(urb_push_timeout_update(b, 0, &v_ts, &opts), URB_ESTALE);
	assert_int_equal(urb_push_timeout_update(b, t_end(b, t_pending_key_of(b, URB_OP_NOP)), &v_ts, &opts), URB_ESTALE); /* ended */
	uint64_t other_target = t_pending_key_of(b, URB_OP_NOP);

	assert_int_equal(urb_push_timeout_update(b, other_target, &v_ts, &opts), URB_EINVAL); /* another op's key */
	t_end(b, other_target);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- unlinkat (spec/ops/unlinkat.yaml): single */

static void unlinkat_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_unlinkat_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_UNLINKAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_unlinkat(b, v_dfd, v_path, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_UNLINKAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	close(fd_dfd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void unlinkat_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_unlinkat_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_UNLINKAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_unlinkat(b, v_dfd, v_path, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	close(fd_dfd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void unlinkat_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_unlinkat_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_UNLINKAT);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_unlinkat(b, v_dfd, v_path, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

/* urb_push_unlinkat_user(): its arguments checked, and the op as with opts { .user }. */
static void unlinkat_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_UNLINKAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_unlinkat_user(b, v_dfd, v_path, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_unlinkat_user(b, v_dfd, v_path, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_UNLINKAT);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_dfd);
	t_free(b);
}

static void unlinkat_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_unlinkat_opts opts = { 0 };
	struct urb_unlinkat_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_unlinkat_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_UNLINKAT);
	int fd_dfd = t_new_fd();
	urb_fd_t v_dfd = URB_FD(fd_dfd);
	const char *v_path = ".";
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_unlinkat(b, v_dfd, v_path, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_unlinkat(b, v_dfd, v_path, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_unlinkat(b, v_dfd, v_path, &skip), URB_ENOTALLOWED);
	/* no fd, in any form dfd does not take (URB_FD(fd) or URB_CWD) */
	assert_int_equal(urb_push_unlinkat(b, URB_FD(-1), v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_unlinkat(b, URB_FD(-EBADF), v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_unlinkat(b, URB_PLAIN, v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_unlinkat(b, URB_AUTO_SLOT, v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_unlinkat(b, (urb_fd_t){ 7ull << 32 }, v_path, &opts), URB_EINVAL);
	assert_int_equal(urb_push_unlinkat(b, URB_SLOT(0), v_path, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_dfd);
	t_free(b);
}

/* ---- waitid (spec/ops/waitid.yaml): single */

static void waitid_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_waitid_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WAITID);
	int32_t v_idtype = 0;
	uint32_t v_id = 0;
	uint32_t v_options = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_waitid(b, v_idtype, v_id, v_options, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_WAITID);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);


	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void waitid_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_waitid_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WAITID);
	int32_t v_idtype = 0;
	uint32_t v_id = 0;
	uint32_t v_options = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_waitid(b, v_idtype, v_id, v_options, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void waitid_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_waitid_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WAITID);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int32_t v_idtype = 0;
	uint32_t v_id = 0;
	uint32_t v_options = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_waitid(b, v_idtype, v_id, v_options, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);

	t_free(b);
}

/* urb_push_waitid_user(): its arguments checked, and the op as with opts { .user }. */
static void waitid_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WAITID);
	int32_t v_idtype = 0;
	uint32_t v_id = 0;
	uint32_t v_options = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_waitid_user(b, v_idtype, v_id, v_options, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_waitid_user(b, v_idtype, v_id, v_options, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_WAITID);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	t_free(b);
}

static void waitid_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_waitid_opts opts = { 0 };
	struct urb_waitid_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_waitid_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WAITID);
	int32_t v_idtype = 0;
	uint32_t v_id = 0;
	uint32_t v_options = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_waitid(b, v_idtype, v_id, v_options, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_waitid(b, v_idtype, v_id, v_options, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_waitid(b, v_idtype, v_id, v_options, &skip), URB_ENOTALLOWED);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- write (spec/ops/write.yaml): single, holds fd, buf */

static void write_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_write_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_write(b, v_fd, v_buf, v_offset, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_WRITE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void write_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_write_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_write(b, v_fd, v_buf, v_offset, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void write_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_write_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_write(b, v_fd, v_buf, v_offset, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_write_user(): its arguments checked, and the op as with opts { .user }. */
static void write_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_write_user(b, v_fd, v_buf, v_offset, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_write_user(b, v_fd, v_buf, v_offset, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_WRITE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void write_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_write_opts opts = { 0 };
	struct urb_write_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_write_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_write(b, v_fd, v_buf, v_offset, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_write(b, v_fd, v_buf, v_offset, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_write(b, v_fd, v_buf, v_offset, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_write(b, URB_SLOT(9999), v_buf, v_offset, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_write(b, URB_SLOT(63), v_buf, v_offset, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_write(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_buf, v_offset, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_write(b, URB_FD(-1), v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write(b, URB_FD(-EBADF), v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write(b, URB_PLAIN, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write(b, URB_AUTO_SLOT, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write(b, (urb_fd_t){ 7ull << 32 }, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write(b, URB_CWD, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write(b, v_fd, URB_BUF(7, 0), v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write(b, v_fd, URB_BUF(URB_BUF_SET(v_buf), 1), v_offset, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- write_fixed (spec/ops/write_fixed.yaml): single, holds fd, buf */

static void write_fixed_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_write_fixed_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_write_fixed(b, v_fd, v_buf, v_offset, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_WRITE_FIXED);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, URB_BUF_SET(v_buf)), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void write_fixed_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_write_fixed_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_write_fixed(b, v_fd, v_buf, v_offset, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, URB_BUF_SET(v_buf)), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void write_fixed_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_write_fixed_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_FIXED);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_write_fixed(b, v_fd, v_buf, v_offset, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, URB_BUF_SET(v_buf)), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_write_fixed_user(): its arguments checked, and the op as with opts { .user }. */
static void write_fixed_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_write_fixed_user(b, v_fd, v_buf, v_offset, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_write_fixed_user(b, v_fd, v_buf, v_offset, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_WRITE_FIXED);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, URB_BUF_SET(v_buf)), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void write_fixed_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_write_fixed_opts opts = { 0 };
	struct urb_write_fixed_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_write_fixed_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	urb_buf_t v_buf = t_buffer(b);
	assert_int_equal(urb_bufset_register_fixed(b, URB_BUF_SET(v_buf)), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_write_fixed(b, v_fd, v_buf, v_offset, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_write_fixed(b, v_fd, v_buf, v_offset, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_write_fixed(b, v_fd, v_buf, v_offset, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_write_fixed(b, URB_SLOT(9999), v_buf, v_offset, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_write_fixed(b, URB_SLOT(63), v_buf, v_offset, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_write_fixed(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_buf, v_offset, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_write_fixed(b, URB_FD(-1), v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_fixed(b, URB_FD(-EBADF), v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_fixed(b, URB_PLAIN, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_fixed(b, URB_AUTO_SLOT, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_fixed(b, (urb_fd_t){ 7ull << 32 }, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_fixed(b, URB_CWD, v_buf, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_fixed(b, v_fd, URB_BUF(7, 0), v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_fixed(b, v_fd, URB_BUF(URB_BUF_SET(v_buf), 1), v_offset, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- write_set (spec/ops/write_set.yaml): single, holds fd, set */

static void write_set_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_write_set_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_SET);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_set = t_set(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_write_set(b, v_fd, v_set, v_offset, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_WRITE_SET);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufset_destroy(b, v_set), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void write_set_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_write_set_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_SET);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_set = t_set(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_write_set(b, v_fd, v_set, v_offset, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
		assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufset_destroy(b, v_set), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void write_set_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_write_set_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_SET);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_set = t_set(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_write_set(b, v_fd, v_set, v_offset, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_buf_owner(b, URB_BUF(v_set, 0)), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufset_destroy(b, v_set), 0);
	t_free(b);
}

/* urb_push_write_set_user(): its arguments checked, and the op as with opts { .user }. */
static void write_set_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_SET);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_set = t_set(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_write_set_user(b, v_fd, v_set, v_offset, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_write_set_user(b, v_fd, v_set, v_offset, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_bufset_destroy(b, v_set), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_WRITE_SET);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_bufset_destroy(b, v_set), 0);
	t_free(b);
}

static void write_set_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_write_set_opts opts = { 0 };
	struct urb_write_set_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_write_set_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE_SET);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	uint32_t v_set = t_set(b);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_write_set(b, v_fd, v_set, v_offset, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_write_set(b, v_fd, v_set, v_offset, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_write_set(b, v_fd, v_set, v_offset, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_write_set(b, URB_SLOT(9999), v_set, v_offset, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_write_set(b, URB_SLOT(63), v_set, v_offset, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_write_set(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_set, v_offset, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_write_set(b, URB_FD(-1), v_set, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_set(b, URB_FD(-EBADF), v_set, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_set(b, URB_PLAIN, v_set, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_set(b, URB_AUTO_SLOT, v_set, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_set(b, (urb_fd_t){ 7ull << 32 }, v_set, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_set(b, URB_CWD, v_set, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_write_set(b, v_fd, 7, v_offset, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- writev (spec/ops/writev.yaml): single, holds fd, bufs */

static void writev_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_writev_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_writev(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_WRITEV);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void writev_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_writev_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_writev(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void writev_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_writev_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_writev(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

/* urb_push_writev_user(): its arguments checked, and the op as with opts { .user }. */
static void writev_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_writev_user(b, v_fd, v_bufs, 2, v_offset, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_writev_user(b, v_fd, v_bufs, 2, v_offset, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_WRITEV);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

static void writev_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_writev_opts opts = { 0 };
	struct urb_writev_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_writev_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_writev(b, v_fd, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_writev(b, v_fd, v_bufs, 2, v_offset, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_writev(b, v_fd, v_bufs, 2, v_offset, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_writev(b, URB_SLOT(9999), v_bufs, 2, v_offset, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_writev(b, URB_SLOT(63), v_bufs, 2, v_offset, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_writev(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_bufs, 2, v_offset, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_writev(b, URB_FD(-1), v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev(b, URB_FD(-EBADF), v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev(b, URB_PLAIN, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev(b, URB_AUTO_SLOT, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev(b, (urb_fd_t){ 7ull << 32 }, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev(b, URB_CWD, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

/* ---- writev_fixed (spec/ops/writev_fixed.yaml): single, holds fd, bufs */

static void writev_fixed_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_writev_fixed_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_writev_fixed(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_WRITEV_FIXED);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)set_bufs), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);

	/* a late CQE with the same key is stale and touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 1);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void writev_fixed_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_writev_fixed_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_writev_fixed(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_fd].users, 0);
		assert_int_equal(b->fds[slot_fd].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)set_bufs), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void writev_fixed_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_writev_fixed_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV_FIXED);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_writev_fixed(b, v_fd, v_bufs, 2, v_offset, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_fd].users, 0);
	assert_int_equal(b->fds[slot_fd].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)set_bufs), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

/* urb_push_writev_fixed_user(): its arguments checked, and the op as with opts { .user }. */
static void writev_fixed_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_writev_fixed_user(b, v_fd, v_bufs, 2, v_offset, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_writev_fixed_user(b, v_fd, v_bufs, 2, v_offset, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_fd), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_WRITEV_FIXED);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_fd), 0);
	assert_int_equal(urb_buf_owner(b, v_bufs[0]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(b, v_bufs[1]), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)set_bufs), 0);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)set_bufs), 0);
	t_free(b);
}

static void writev_fixed_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_writev_fixed_opts opts = { 0 };
	struct urb_writev_fixed_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_writev_fixed_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITEV_FIXED);
	uint32_t slot_fd = t_slot(b, URB_FD_FILE);
	urb_fd_t v_fd = URB_SLOT(slot_fd);
	int set_bufs = urb_bufset_create(b, 2, 64);
	urb_buf_t v_bufs[2] = { URB_BUF(set_bufs, 0), URB_BUF(set_bufs, 1) };

	assert_true(set_bufs >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set_bufs), 0);
	uint64_t v_offset = 0;
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_writev_fixed(b, v_fd, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_writev_fixed(b, v_fd, v_bufs, 2, v_offset, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_writev_fixed(b, v_fd, v_bufs, 2, v_offset, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_writev_fixed(b, URB_SLOT(9999), v_bufs, 2, v_offset, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_writev_fixed(b, URB_SLOT(63), v_bufs, 2, v_offset, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_writev_fixed(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_bufs, 2, v_offset, &opts), URB_EFDKIND);
	/* no fd, in any form fd does not take (URB_FD(fd) or URB_SLOT(n)) */
	assert_int_equal(urb_push_writev_fixed(b, URB_FD(-1), v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev_fixed(b, URB_FD(-EBADF), v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev_fixed(b, URB_PLAIN, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev_fixed(b, URB_AUTO_SLOT, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev_fixed(b, (urb_fd_t){ 7ull << 32 }, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(urb_push_writev_fixed(b, URB_CWD, v_bufs, 2, v_offset, &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accept_lifetime),
		cmocka_unit_test(accept_errors_give_back),
		cmocka_unit_test(accept_cancelled_in_chain),
		cmocka_unit_test(accept_user_form),
		cmocka_unit_test(accept_refusals),
		cmocka_unit_test(accept_multi_lifetime),
		cmocka_unit_test(accept_multi_errors_give_back),
		cmocka_unit_test(accept_multi_cancelled_in_chain),
		cmocka_unit_test(accept_multi_user_form),
		cmocka_unit_test(accept_multi_refusals),
		cmocka_unit_test(bind_lifetime),
		cmocka_unit_test(bind_errors_give_back),
		cmocka_unit_test(bind_cancelled_in_chain),
		cmocka_unit_test(bind_user_form),
		cmocka_unit_test(bind_refusals),
		cmocka_unit_test(cancel_lifetime),
		cmocka_unit_test(cancel_errors_give_back),
		cmocka_unit_test(cancel_cancelled_in_chain),
		cmocka_unit_test(cancel_user_form),
		cmocka_unit_test(cancel_refusals),
		cmocka_unit_test(close_lifetime),
		cmocka_unit_test(close_errors_give_back),
		cmocka_unit_test(close_cancelled_in_chain),
		cmocka_unit_test(close_user_form),
		cmocka_unit_test(close_refusals),
		cmocka_unit_test(connect_lifetime),
		cmocka_unit_test(connect_errors_give_back),
		cmocka_unit_test(connect_cancelled_in_chain),
		cmocka_unit_test(connect_user_form),
		cmocka_unit_test(connect_refusals),
		cmocka_unit_test(epoll_ctl_lifetime),
		cmocka_unit_test(epoll_ctl_errors_give_back),
		cmocka_unit_test(epoll_ctl_cancelled_in_chain),
		cmocka_unit_test(epoll_ctl_user_form),
		cmocka_unit_test(epoll_ctl_refusals),
		cmocka_unit_test(epoll_wait_lifetime),
		cmocka_unit_test(epoll_wait_errors_give_back),
		cmocka_unit_test(epoll_wait_cancelled_in_chain),
		cmocka_unit_test(epoll_wait_user_form),
		cmocka_unit_test(epoll_wait_refusals),
		cmocka_unit_test(fadvise_lifetime),
		cmocka_unit_test(fadvise_errors_give_back),
		cmocka_unit_test(fadvise_cancelled_in_chain),
		cmocka_unit_test(fadvise_user_form),
		cmocka_unit_test(fadvise_refusals),
		cmocka_unit_test(fallocate_lifetime),
		cmocka_unit_test(fallocate_errors_give_back),
		cmocka_unit_test(fallocate_cancelled_in_chain),
		cmocka_unit_test(fallocate_user_form),
		cmocka_unit_test(fallocate_refusals),
		cmocka_unit_test(fgetxattr_lifetime),
		cmocka_unit_test(fgetxattr_errors_give_back),
		cmocka_unit_test(fgetxattr_cancelled_in_chain),
		cmocka_unit_test(fgetxattr_user_form),
		cmocka_unit_test(fgetxattr_refusals),
		cmocka_unit_test(files_update_lifetime),
		cmocka_unit_test(files_update_errors_give_back),
		cmocka_unit_test(files_update_cancelled_in_chain),
		cmocka_unit_test(files_update_user_form),
		cmocka_unit_test(files_update_refusals),
		cmocka_unit_test(fixed_fd_install_lifetime),
		cmocka_unit_test(fixed_fd_install_errors_give_back),
		cmocka_unit_test(fixed_fd_install_cancelled_in_chain),
		cmocka_unit_test(fixed_fd_install_user_form),
		cmocka_unit_test(fixed_fd_install_refusals),
		cmocka_unit_test(fsetxattr_lifetime),
		cmocka_unit_test(fsetxattr_errors_give_back),
		cmocka_unit_test(fsetxattr_cancelled_in_chain),
		cmocka_unit_test(fsetxattr_user_form),
		cmocka_unit_test(fsetxattr_refusals),
		cmocka_unit_test(fsync_lifetime),
		cmocka_unit_test(fsync_errors_give_back),
		cmocka_unit_test(fsync_cancelled_in_chain),
		cmocka_unit_test(fsync_user_form),
		cmocka_unit_test(fsync_refusals),
		cmocka_unit_test(ftruncate_lifetime),
		cmocka_unit_test(ftruncate_errors_give_back),
		cmocka_unit_test(ftruncate_cancelled_in_chain),
		cmocka_unit_test(ftruncate_user_form),
		cmocka_unit_test(ftruncate_refusals),
		cmocka_unit_test(futex_wait_lifetime),
		cmocka_unit_test(futex_wait_errors_give_back),
		cmocka_unit_test(futex_wait_cancelled_in_chain),
		cmocka_unit_test(futex_wait_user_form),
		cmocka_unit_test(futex_wait_refusals),
		cmocka_unit_test(futex_waitv_lifetime),
		cmocka_unit_test(futex_waitv_errors_give_back),
		cmocka_unit_test(futex_waitv_cancelled_in_chain),
		cmocka_unit_test(futex_waitv_user_form),
		cmocka_unit_test(futex_waitv_refusals),
		cmocka_unit_test(futex_wake_lifetime),
		cmocka_unit_test(futex_wake_errors_give_back),
		cmocka_unit_test(futex_wake_cancelled_in_chain),
		cmocka_unit_test(futex_wake_user_form),
		cmocka_unit_test(futex_wake_refusals),
		cmocka_unit_test(getsockopt_lifetime),
		cmocka_unit_test(getsockopt_errors_give_back),
		cmocka_unit_test(getsockopt_cancelled_in_chain),
		cmocka_unit_test(getsockopt_user_form),
		cmocka_unit_test(getsockopt_refusals),
		cmocka_unit_test(getxattr_lifetime),
		cmocka_unit_test(getxattr_errors_give_back),
		cmocka_unit_test(getxattr_cancelled_in_chain),
		cmocka_unit_test(getxattr_user_form),
		cmocka_unit_test(getxattr_refusals),
		cmocka_unit_test(link_timeout_lifetime),
		cmocka_unit_test(link_timeout_errors_give_back),
		cmocka_unit_test(link_timeout_user_form),
		cmocka_unit_test(link_timeout_refusals),
		cmocka_unit_test(linkat_lifetime),
		cmocka_unit_test(linkat_errors_give_back),
		cmocka_unit_test(linkat_cancelled_in_chain),
		cmocka_unit_test(linkat_user_form),
		cmocka_unit_test(linkat_refusals),
		cmocka_unit_test(listen_lifetime),
		cmocka_unit_test(listen_errors_give_back),
		cmocka_unit_test(listen_cancelled_in_chain),
		cmocka_unit_test(listen_user_form),
		cmocka_unit_test(listen_refusals),
		cmocka_unit_test(madvise_lifetime),
		cmocka_unit_test(madvise_errors_give_back),
		cmocka_unit_test(madvise_cancelled_in_chain),
		cmocka_unit_test(madvise_user_form),
		cmocka_unit_test(madvise_refusals),
		cmocka_unit_test(mkdirat_lifetime),
		cmocka_unit_test(mkdirat_errors_give_back),
		cmocka_unit_test(mkdirat_cancelled_in_chain),
		cmocka_unit_test(mkdirat_user_form),
		cmocka_unit_test(mkdirat_refusals),
		cmocka_unit_test(msg_ring_lifetime),
		cmocka_unit_test(msg_ring_errors_give_back),
		cmocka_unit_test(msg_ring_cancelled_in_chain),
		cmocka_unit_test(msg_ring_user_form),
		cmocka_unit_test(msg_ring_refusals),
		cmocka_unit_test(msg_ring_fd_lifetime),
		cmocka_unit_test(msg_ring_fd_errors_give_back),
		cmocka_unit_test(msg_ring_fd_cancelled_in_chain),
		cmocka_unit_test(msg_ring_fd_user_form),
		cmocka_unit_test(msg_ring_fd_refusals),
		cmocka_unit_test(nop_lifetime),
		cmocka_unit_test(nop_errors_give_back),
		cmocka_unit_test(nop_cancelled_in_chain),
		cmocka_unit_test(nop_user_form),
		cmocka_unit_test(nop_refusals),
		cmocka_unit_test(openat_lifetime),
		cmocka_unit_test(openat_errors_give_back),
		cmocka_unit_test(openat_cancelled_in_chain),
		cmocka_unit_test(openat_user_form),
		cmocka_unit_test(openat_refusals),
		cmocka_unit_test(openat2_lifetime),
		cmocka_unit_test(openat2_errors_give_back),
		cmocka_unit_test(openat2_cancelled_in_chain),
		cmocka_unit_test(openat2_user_form),
		cmocka_unit_test(openat2_refusals),
		cmocka_unit_test(pipe_lifetime),
		cmocka_unit_test(pipe_errors_give_back),
		cmocka_unit_test(pipe_cancelled_in_chain),
		cmocka_unit_test(pipe_user_form),
		cmocka_unit_test(pipe_refusals),
		cmocka_unit_test(poll_add_lifetime),
		cmocka_unit_test(poll_add_errors_give_back),
		cmocka_unit_test(poll_add_cancelled_in_chain),
		cmocka_unit_test(poll_add_user_form),
		cmocka_unit_test(poll_add_refusals),
		cmocka_unit_test(poll_multi_lifetime),
		cmocka_unit_test(poll_multi_errors_give_back),
		cmocka_unit_test(poll_multi_cancelled_in_chain),
		cmocka_unit_test(poll_multi_user_form),
		cmocka_unit_test(poll_multi_refusals),
		cmocka_unit_test(poll_remove_lifetime),
		cmocka_unit_test(poll_remove_errors_give_back),
		cmocka_unit_test(poll_remove_cancelled_in_chain),
		cmocka_unit_test(poll_remove_user_form),
		cmocka_unit_test(poll_remove_refusals),
		cmocka_unit_test(provide_buffers_lifetime),
		cmocka_unit_test(provide_buffers_errors_give_back),
		cmocka_unit_test(provide_buffers_cancelled_in_chain),
		cmocka_unit_test(provide_buffers_user_form),
		cmocka_unit_test(provide_buffers_refusals),
		cmocka_unit_test(read_lifetime),
		cmocka_unit_test(read_errors_give_back),
		cmocka_unit_test(read_cancelled_in_chain),
		cmocka_unit_test(read_user_form),
		cmocka_unit_test(read_refusals),
		cmocka_unit_test(read_fixed_lifetime),
		cmocka_unit_test(read_fixed_errors_give_back),
		cmocka_unit_test(read_fixed_cancelled_in_chain),
		cmocka_unit_test(read_fixed_user_form),
		cmocka_unit_test(read_fixed_refusals),
		cmocka_unit_test(read_multishot_lifetime),
		cmocka_unit_test(read_multishot_errors_give_back),
		cmocka_unit_test(read_multishot_cancelled_in_chain),
		cmocka_unit_test(read_multishot_user_form),
		cmocka_unit_test(read_multishot_refusals),
		cmocka_unit_test(readv_lifetime),
		cmocka_unit_test(readv_errors_give_back),
		cmocka_unit_test(readv_cancelled_in_chain),
		cmocka_unit_test(readv_user_form),
		cmocka_unit_test(readv_refusals),
		cmocka_unit_test(readv_fixed_lifetime),
		cmocka_unit_test(readv_fixed_errors_give_back),
		cmocka_unit_test(readv_fixed_cancelled_in_chain),
		cmocka_unit_test(readv_fixed_user_form),
		cmocka_unit_test(readv_fixed_refusals),
		cmocka_unit_test(recv_lifetime),
		cmocka_unit_test(recv_errors_give_back),
		cmocka_unit_test(recv_cancelled_in_chain),
		cmocka_unit_test(recv_user_form),
		cmocka_unit_test(recv_refusals),
		cmocka_unit_test(recv_bundle_lifetime),
		cmocka_unit_test(recv_bundle_errors_give_back),
		cmocka_unit_test(recv_bundle_user_form),
		cmocka_unit_test(recv_bundle_refusals),
		cmocka_unit_test(recv_multi_lifetime),
		cmocka_unit_test(recv_multi_errors_give_back),
		cmocka_unit_test(recv_multi_cancelled_in_chain),
		cmocka_unit_test(recv_multi_user_form),
		cmocka_unit_test(recv_multi_refusals),
		cmocka_unit_test(recvmsg_lifetime),
		cmocka_unit_test(recvmsg_errors_give_back),
		cmocka_unit_test(recvmsg_cancelled_in_chain),
		cmocka_unit_test(recvmsg_user_form),
		cmocka_unit_test(recvmsg_refusals),
		cmocka_unit_test(recvmsg_multi_lifetime),
		cmocka_unit_test(recvmsg_multi_errors_give_back),
		cmocka_unit_test(recvmsg_multi_cancelled_in_chain),
		cmocka_unit_test(recvmsg_multi_user_form),
		cmocka_unit_test(recvmsg_multi_refusals),
		cmocka_unit_test(remove_buffers_lifetime),
		cmocka_unit_test(remove_buffers_errors_give_back),
		cmocka_unit_test(remove_buffers_cancelled_in_chain),
		cmocka_unit_test(remove_buffers_user_form),
		cmocka_unit_test(remove_buffers_refusals),
		cmocka_unit_test(renameat_lifetime),
		cmocka_unit_test(renameat_errors_give_back),
		cmocka_unit_test(renameat_cancelled_in_chain),
		cmocka_unit_test(renameat_user_form),
		cmocka_unit_test(renameat_refusals),
		cmocka_unit_test(send_lifetime),
		cmocka_unit_test(send_errors_give_back),
		cmocka_unit_test(send_cancelled_in_chain),
		cmocka_unit_test(send_user_form),
		cmocka_unit_test(send_refusals),
		cmocka_unit_test(send_bundle_lifetime),
		cmocka_unit_test(send_bundle_errors_give_back),
		cmocka_unit_test(send_bundle_cancelled_in_chain),
		cmocka_unit_test(send_bundle_user_form),
		cmocka_unit_test(send_bundle_refusals),
		cmocka_unit_test(send_zc_lifetime),
		cmocka_unit_test(send_zc_errors_give_back),
		cmocka_unit_test(send_zc_cancelled_in_chain),
		cmocka_unit_test(send_zc_user_form),
		cmocka_unit_test(send_zc_refusals),
		cmocka_unit_test(sendmsg_lifetime),
		cmocka_unit_test(sendmsg_errors_give_back),
		cmocka_unit_test(sendmsg_cancelled_in_chain),
		cmocka_unit_test(sendmsg_user_form),
		cmocka_unit_test(sendmsg_refusals),
		cmocka_unit_test(sendmsg_zc_lifetime),
		cmocka_unit_test(sendmsg_zc_errors_give_back),
		cmocka_unit_test(sendmsg_zc_cancelled_in_chain),
		cmocka_unit_test(sendmsg_zc_user_form),
		cmocka_unit_test(sendmsg_zc_refusals),
		cmocka_unit_test(setsockopt_lifetime),
		cmocka_unit_test(setsockopt_errors_give_back),
		cmocka_unit_test(setsockopt_cancelled_in_chain),
		cmocka_unit_test(setsockopt_user_form),
		cmocka_unit_test(setsockopt_refusals),
		cmocka_unit_test(setxattr_lifetime),
		cmocka_unit_test(setxattr_errors_give_back),
		cmocka_unit_test(setxattr_cancelled_in_chain),
		cmocka_unit_test(setxattr_user_form),
		cmocka_unit_test(setxattr_refusals),
		cmocka_unit_test(shutdown_lifetime),
		cmocka_unit_test(shutdown_errors_give_back),
		cmocka_unit_test(shutdown_cancelled_in_chain),
		cmocka_unit_test(shutdown_user_form),
		cmocka_unit_test(shutdown_refusals),
		cmocka_unit_test(sock_inq_lifetime),
		cmocka_unit_test(sock_inq_errors_give_back),
		cmocka_unit_test(sock_inq_cancelled_in_chain),
		cmocka_unit_test(sock_inq_user_form),
		cmocka_unit_test(sock_inq_refusals),
		cmocka_unit_test(sock_outq_lifetime),
		cmocka_unit_test(sock_outq_errors_give_back),
		cmocka_unit_test(sock_outq_cancelled_in_chain),
		cmocka_unit_test(sock_outq_user_form),
		cmocka_unit_test(sock_outq_refusals),
		cmocka_unit_test(socket_lifetime),
		cmocka_unit_test(socket_errors_give_back),
		cmocka_unit_test(socket_cancelled_in_chain),
		cmocka_unit_test(socket_user_form),
		cmocka_unit_test(socket_refusals),
		cmocka_unit_test(splice_lifetime),
		cmocka_unit_test(splice_errors_give_back),
		cmocka_unit_test(splice_cancelled_in_chain),
		cmocka_unit_test(splice_user_form),
		cmocka_unit_test(splice_refusals),
		cmocka_unit_test(statx_lifetime),
		cmocka_unit_test(statx_errors_give_back),
		cmocka_unit_test(statx_cancelled_in_chain),
		cmocka_unit_test(statx_user_form),
		cmocka_unit_test(statx_refusals),
		cmocka_unit_test(symlinkat_lifetime),
		cmocka_unit_test(symlinkat_errors_give_back),
		cmocka_unit_test(symlinkat_cancelled_in_chain),
		cmocka_unit_test(symlinkat_user_form),
		cmocka_unit_test(symlinkat_refusals),
		cmocka_unit_test(sync_file_range_lifetime),
		cmocka_unit_test(sync_file_range_errors_give_back),
		cmocka_unit_test(sync_file_range_cancelled_in_chain),
		cmocka_unit_test(sync_file_range_user_form),
		cmocka_unit_test(sync_file_range_refusals),
		cmocka_unit_test(tee_lifetime),
		cmocka_unit_test(tee_errors_give_back),
		cmocka_unit_test(tee_cancelled_in_chain),
		cmocka_unit_test(tee_user_form),
		cmocka_unit_test(tee_refusals),
		cmocka_unit_test(timeout_lifetime),
		cmocka_unit_test(timeout_errors_give_back),
		cmocka_unit_test(timeout_cancelled_in_chain),
		cmocka_unit_test(timeout_user_form),
		cmocka_unit_test(timeout_refusals),
		cmocka_unit_test(timeout_remove_lifetime),
		cmocka_unit_test(timeout_remove_errors_give_back),
		cmocka_unit_test(timeout_remove_cancelled_in_chain),
		cmocka_unit_test(timeout_remove_user_form),
		cmocka_unit_test(timeout_remove_refusals),
		cmocka_unit_test(timeout_update_lifetime),
		cmocka_unit_test(timeout_update_errors_give_back),
		cmocka_unit_test(timeout_update_cancelled_in_chain),
		cmocka_unit_test(timeout_update_user_form),
		cmocka_unit_test(timeout_update_refusals),
		cmocka_unit_test(unlinkat_lifetime),
		cmocka_unit_test(unlinkat_errors_give_back),
		cmocka_unit_test(unlinkat_cancelled_in_chain),
		cmocka_unit_test(unlinkat_user_form),
		cmocka_unit_test(unlinkat_refusals),
		cmocka_unit_test(waitid_lifetime),
		cmocka_unit_test(waitid_errors_give_back),
		cmocka_unit_test(waitid_cancelled_in_chain),
		cmocka_unit_test(waitid_user_form),
		cmocka_unit_test(waitid_refusals),
		cmocka_unit_test(write_lifetime),
		cmocka_unit_test(write_errors_give_back),
		cmocka_unit_test(write_cancelled_in_chain),
		cmocka_unit_test(write_user_form),
		cmocka_unit_test(write_refusals),
		cmocka_unit_test(write_fixed_lifetime),
		cmocka_unit_test(write_fixed_errors_give_back),
		cmocka_unit_test(write_fixed_cancelled_in_chain),
		cmocka_unit_test(write_fixed_user_form),
		cmocka_unit_test(write_fixed_refusals),
		cmocka_unit_test(write_set_lifetime),
		cmocka_unit_test(write_set_errors_give_back),
		cmocka_unit_test(write_set_cancelled_in_chain),
		cmocka_unit_test(write_set_user_form),
		cmocka_unit_test(write_set_refusals),
		cmocka_unit_test(writev_lifetime),
		cmocka_unit_test(writev_errors_give_back),
		cmocka_unit_test(writev_cancelled_in_chain),
		cmocka_unit_test(writev_user_form),
		cmocka_unit_test(writev_refusals),
		cmocka_unit_test(writev_fixed_lifetime),
		cmocka_unit_test(writev_fixed_errors_give_back),
		cmocka_unit_test(writev_fixed_cancelled_in_chain),
		cmocka_unit_test(writev_fixed_user_form),
		cmocka_unit_test(writev_fixed_refusals),
	};

	return cmocka_run_group_tests_name("generated lifetime checks", tests, NULL, NULL);
}
