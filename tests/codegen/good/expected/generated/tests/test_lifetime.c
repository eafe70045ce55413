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

/* ---- peek (spec/ops/peek.yaml): multishot, holds sock, buf */

static void peek_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_peek_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 3;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PEEK);
	uint32_t slot_sock = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_sock = URB_SLOT(slot_sock);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_peek(b, v_sock, v_buf, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_sock), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* multishot: a CQE with F_MORE keeps the record and what it holds */
	assert_int_equal(t_inject(b, key, res_ok, IORING_CQE_F_MORE, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_true(seen.last.more);
	assert_false(seen.last.final);
	assert_int_equal(seen.last.result, res_ok);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_sock), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_PEEK);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.peek.data.len, res_ok);
	assert_ptr_equal(seen.last.u.peek.data.data, t_buf_data(b, v_buf));
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_sock), 0);
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
static void peek_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_peek_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PEEK);
	uint32_t slot_sock = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_sock = URB_SLOT(slot_sock);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_peek(b, v_sock, v_buf, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.peek.data.len, 0);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_sock].users, 0);
		assert_int_equal(b->fds[slot_sock].closing, 0);
		assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	}
	assert_int_equal(urb_fd_unregister(b, slot_sock), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void peek_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_peek_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PEEK);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_sock = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_sock = URB_SLOT(slot_sock);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_peek(b, v_sock, v_buf, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.peek.data.len, 0);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_sock].users, 0);
	assert_int_equal(b->fds[slot_sock].closing, 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_fd_unregister(b, slot_sock), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

/* urb_push_peek_user(): its arguments checked, and the op as with opts { .user }. */
static void peek_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PEEK);
	uint32_t slot_sock = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_sock = URB_SLOT(slot_sock);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_peek_user(b, v_sock, v_buf, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_peek_user(b, v_sock, v_buf, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_sock), URB_EBUSY);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_release(b, v_buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), URB_EOWNERSHIP);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_PEEK);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_sock), 0);
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(v_buf)), 0);
	t_free(b);
}

static void peek_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_peek_opts opts = { 0 };
	struct urb_peek_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_peek_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PEEK);
	uint32_t slot_sock = t_slot(b, URB_FD_STREAM);
	urb_fd_t v_sock = URB_SLOT(slot_sock);
	urb_buf_t v_buf = t_buffer(b);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_peek(b, v_sock, v_buf, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_peek(b, v_sock, v_buf, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_peek(b, v_sock, v_buf, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_peek(b, URB_SLOT(9999), v_buf, &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_peek(b, URB_SLOT(63), v_buf, &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))
		assert_int_equal(urb_push_peek(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET)))), v_buf, &opts), URB_EFDKIND);
	/* no fd, in any form sock does not take (URB_SLOT(n)) */
	assert_int_equal(urb_push_peek(b, URB_FD(-1), v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_peek(b, URB_FD(-EBADF), v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_peek(b, URB_PLAIN, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_peek(b, URB_AUTO_SLOT, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_peek(b, (urb_fd_t){ 7ull << 32 }, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_peek(b, URB_FD(1), v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_peek(b, URB_CWD, v_buf, &opts), URB_EINVAL);
	assert_int_equal(urb_push_peek(b, v_sock, URB_BUF(7, 0), &opts), URB_EINVAL);
	assert_int_equal(urb_push_peek(b, v_sock, URB_BUF(URB_BUF_SET(v_buf), 1), &opts), URB_EINVAL);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	assert_int_equal(urb_buf_owner(b, v_buf), URB_OWN_TAKEN);
	t_free(b);
}

/* ---- poke (spec/ops/poke.yaml): single */

static void poke_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_poke_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POKE);
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct sockaddr_in v_dest = t_loopback();
	uint64_t v_victim = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_poke(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);


	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_POKE);
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
	close(fd_fd);
	t_free(b);
}

/* Every error a completion can carry gives back all the op held. */
static void poke_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_poke_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POKE);
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct sockaddr_in v_dest = t_loopback();
	uint64_t v_victim = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_poke(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);

		assert_int_equal(t_pending(b), base);

	}

	close(fd_fd);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void poke_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_poke_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POKE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct sockaddr_in v_dest = t_loopback();
	uint64_t v_victim = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_poke(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);

	assert_int_equal(t_pending(b), base - 1); /* the cancel's target ran too */

	close(fd_fd);
	t_free(b);
}

/* urb_push_poke_user(): its arguments checked, and the op as with opts { .user }. */
static void poke_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POKE);
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct sockaddr_in v_dest = t_loopback();
	uint64_t v_victim = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_poke_user(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_poke_user(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);

	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_POKE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);

	close(fd_fd);
	t_free(b);
}

static void poke_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_poke_opts opts = { 0 };
	struct urb_poke_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_poke_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POKE);
	int fd_fd = t_new_fd();
	urb_fd_t v_fd = URB_FD(fd_fd);
	struct sockaddr_in v_dest = t_loopback();
	uint64_t v_victim = t_pending_key_of(b, URB_OP_NOP);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_poke(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_poke(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &skip), URB_ENOTALLOWED);
	/* no fd, in any form fd does not take (URB_FD(fd)) */
	assert_int_equal(urb_push_poke(b, URB_FD(-1), (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, URB_FD(-EBADF), (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, URB_PLAIN, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, URB_AUTO_SLOT, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, (urb_fd_t){ 7ull << 32 }, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, URB_SLOT(0), (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, URB_CWD, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, v_fd, NULL, sizeof(v_dest), v_victim, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(struct sockaddr_storage) + 1, v_victim, &opts), URB_EINVAL);
	assert_int_equal(urb_push_poke(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), v_victim + 1, &opts), URB_ESTALE);
	assert_int_equal(urb_push_poke(b, v_fd, (const struct sockaddr *)&v_dest, sizeof(v_dest), 0, &opts), URB_ESTALE);
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	close(fd_fd);
	t_free(b);
}

/* ---- take (spec/ops/take.yaml): single, holds lsn, into */

static void take_lifetime(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	uint64_t key = 0;
	int marker;
	struct urb_take_opts opts = { .key_out = &key, .user = &marker };
	int32_t res_ok = t_new_fd();

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TAKE);
	uint32_t slot_lsn = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_lsn = URB_SLOT(slot_lsn);
	uint32_t base = t_pending(b);

	assert_int_equal(urb_push_take(b, v_lsn, &opts), 0);
	assert_true(key != 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_lsn), URB_EBUSY);

	/* the final CQE: the callback sees the op, then everything comes back */
	assert_int_equal(t_inject(b, key, res_ok, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_TAKE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.result, res_ok);
	assert_true(seen.last.final);
	assert_false(seen.last.more);
	assert_int_equal(seen.last.u.take.conn.fd, res_ok);
	assert_int_equal(seen.last.u.take.conn.slot, -1);
	assert_non_null(seen.last.u.take.who.addr);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_lsn), 0);

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
static void take_errors_give_back(void **state)
{
	static const int32_t errors[] = { -ECANCELED, -EBADF, -EINVAL, -EIO };
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	const struct urb_completion *c = &seen.last;
	uint64_t key = 0;
	struct urb_take_opts opts = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TAKE);
	uint32_t slot_lsn = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_lsn = URB_SLOT(slot_lsn);
	uint32_t base = t_pending(b);

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_int_equal(urb_push_take(b, v_lsn, &opts), 0);
		assert_int_equal(t_inject(b, key, errors[i], 0, &seen), 0);
		assert_int_equal(c->result, errors[i]);
		assert_true(c->final);
	assert_int_equal(c->u.take.conn.fd, -1);
		assert_int_equal(c->u.take.conn.slot, -1);
		assert_null(c->u.take.who.addr);
		assert_int_equal(t_pending(b), base);
	assert_int_equal(b->fds[slot_lsn].users, 0);
		assert_int_equal(b->fds[slot_lsn].closing, 0);
	}
	assert_int_equal(urb_fd_unregister(b, slot_lsn), 0);
	t_free(b);
}

/* The real kernel's -ECANCELED: the op is linked after a futex wait that fails at once. */
static void take_cancelled_in_chain(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_wait w = { 0 };
	const struct urb_completion *c = &w.c;
	struct urb_take_opts opts = { .key_out = &w.key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TAKE);
	T_REQUIRE_OP(b, URB_OP_FUTEX_WAIT);
	uint32_t slot_lsn = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_lsn = URB_SLOT(slot_lsn);
	uint32_t base = t_pending(b);

	assert_int_equal(t_push_failing_link(b), 0);
	assert_int_equal(urb_push_take(b, v_lsn, &opts), 0);
	assert_int_equal(t_wait_for(b, &w), 0);
	assert_int_equal(c->result, -ECANCELED);
	assert_true(c->final);
	assert_int_equal(c->u.take.conn.fd, -1);
	assert_int_equal(c->u.take.conn.slot, -1);
	assert_null(c->u.take.who.addr);
	assert_int_equal(t_pending(b), base);	assert_int_equal(b->fds[slot_lsn].users, 0);
	assert_int_equal(b->fds[slot_lsn].closing, 0);
	assert_int_equal(urb_fd_unregister(b, slot_lsn), 0);
	t_free(b);
}

/* urb_push_take_user(): its arguments checked, and the op as with opts { .user }. */
static void take_user_form(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_seen seen = { 0 };
	int marker;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TAKE);
	uint32_t slot_lsn = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_lsn = URB_SLOT(slot_lsn);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_take_user(b, v_lsn, &marker), URB_EINVAL);
	b = nb;
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_push_take_user(b, v_lsn, &marker), 0);
	assert_int_equal(t_pending(b), base + 1);
	assert_int_equal(urb_fd_unregister(b, slot_lsn), URB_EBUSY);
	assert_int_equal(t_inject(b, t_last_key(b), -ECANCELED, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.op, URB_OP_TAKE);
	assert_ptr_equal(seen.last.user, &marker);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), base);
	assert_int_equal(urb_fd_unregister(b, slot_lsn), 0);
	t_free(b);
}

static void take_refusals(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct urb_take_opts opts = { 0 };
	struct urb_take_opts bad_flags = { .submit_flags = 1u << 30 };
	struct urb_take_opts skip = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_TAKE);
	uint32_t slot_lsn = t_slot(b, URB_FD_ACCEPTOR);
	urb_fd_t v_lsn = URB_SLOT(slot_lsn);
	uint32_t base = t_pending(b);
	struct urb_bearer *nb = b;

	b = NULL;
	assert_int_equal(urb_push_take(b, v_lsn, &opts), URB_EINVAL);
	b = nb;
	assert_int_equal(urb_push_take(b, v_lsn, &bad_flags), URB_EINVAL);
	assert_int_equal(urb_push_take(b, v_lsn, &skip), URB_ENOTALLOWED);
	assert_int_equal(urb_push_take(b, URB_SLOT(9999), &opts), URB_ENOTREGISTERED);
	assert_int_equal(urb_push_take(b, URB_SLOT(63), &opts), URB_ENOTREGISTERED);
	if (t_other_kind(URB__FDK(URB_FD_ACCEPTOR)))
		assert_int_equal(urb_push_take(b, URB_SLOT(t_slot(b, t_other_kind(URB__FDK(URB_FD_ACCEPTOR)))), &opts), URB_EFDKIND);
	/* no fd, in any form lsn does not take (URB_SLOT(n)) */
	assert_int_equal(urb_push_take(b, URB_FD(-1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_take(b, URB_FD(-EBADF), &opts), URB_EINVAL);
	assert_int_equal(urb_push_take(b, URB_PLAIN, &opts), URB_EINVAL);
	assert_int_equal(urb_push_take(b, URB_AUTO_SLOT, &opts), URB_EINVAL);
	assert_int_equal(urb_push_take(b, (urb_fd_t){ 7ull << 32 }, &opts), URB_EINVAL);
	assert_int_equal(urb_push_take(b, URB_FD(1), &opts), URB_EINVAL);
	assert_int_equal(urb_push_take(b, URB_CWD, &opts), URB_EINVAL);
	{
		struct urb_take_opts t = { .into = URB_AUTO_SLOT };

		assert_int_equal(urb_push_take(b, v_lsn, &t), URB_EINVAL); /* auto not allowed */
	}
	{
		struct urb_take_opts t = { .into = URB_FD(5) };

		assert_int_equal(urb_push_take(b, v_lsn, &t), URB_EINVAL); /* not a target */
	}
	{
		struct urb_take_opts t = { .into = URB_SLOT(t_slot(b, URB_FD_FILE)) };

		assert_int_equal(urb_push_take(b, v_lsn, &t), URB_EBUSY); /* chosen slot taken */
	}
	assert_int_equal(t_pending(b), base); /* no refusal kept a record */
	t_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(peek_lifetime),
		cmocka_unit_test(peek_errors_give_back),
		cmocka_unit_test(peek_cancelled_in_chain),
		cmocka_unit_test(peek_user_form),
		cmocka_unit_test(peek_refusals),
		cmocka_unit_test(poke_lifetime),
		cmocka_unit_test(poke_errors_give_back),
		cmocka_unit_test(poke_cancelled_in_chain),
		cmocka_unit_test(poke_user_form),
		cmocka_unit_test(poke_refusals),
		cmocka_unit_test(take_lifetime),
		cmocka_unit_test(take_errors_give_back),
		cmocka_unit_test(take_cancelled_in_chain),
		cmocka_unit_test(take_user_form),
		cmocka_unit_test(take_refusals),
	};

	return cmocka_run_group_tests_name("generated lifetime checks", tests, NULL, NULL);
}
