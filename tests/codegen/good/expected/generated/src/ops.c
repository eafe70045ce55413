/* Generated from spec/ops/ (one YAML file per op) by codegen/urb_gen.py - do not edit. */
/* SPDX-License-Identifier: MIT */

/*
 * One urb_push_<op>() per spec, the payload fillers, and the op table the
 * core reads.  Opcodes are the spec's numbers, so ops newer than the
 * liburing headers at hand still build.
 */

#include "internal.h"


/* ---- peek (spec/ops/peek.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_peek_full(struct urb_bearer *b,
		urb_fd_t sock,
		urb_buf_t buf,
		const struct urb_peek_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_PEEK, 27, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, sock, URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(sock));
	p.sqe->flags |= IOSQE_FIXED_FILE;
	rc = urb__push_buffer_inline(&p, buf, true,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	urb__sqe_ioprio(p.sqe, IORING_RECV_MULTISHOT);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_peek_fast(struct urb_bearer *b,
		urb_fd_t sock,
		urb_buf_t buf,
		const struct urb_peek_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_PEEK, 27, opts->submit_flags, user, &p, true))
		return urb_push_peek_full(b, sock, buf, opts, user, NULL);
	rc = urb__push_fd_try(&p, &tally, sock, URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(sock));
	p.sqe->flags |= IOSQE_FIXED_FILE;
	_Static_assert(offsetof(struct urb_peek_opts, buf_len) == offsetof(struct urb_peek_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, true,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_peek_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	if (!__builtin_constant_p(opts->msg_flags) || opts->msg_flags) /* a known 0: the SQE's already */
		urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	urb__sqe_ioprio(p.sqe, IORING_RECV_MULTISHOT);
	return urb__push_commit_plain(&p, URB_OP_PEEK, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_peek_full(b, sock, buf, opts, p.rec->user, p.rec);
}

int urb_push_peek(struct urb_bearer *b,
		urb_fd_t sock,
		urb_buf_t buf,
		const struct urb_peek_opts *opts)
{
	if (!opts)
		return urb_push_peek_user(b, sock, buf, urb__null_as_user(opts));
	return urb_push_peek_fast(b, sock, buf, opts, NULL, true);
}

int urb_push_peek_user(struct urb_bearer *b,
		urb_fd_t sock,
		urb_buf_t buf,
		void *user)
{
	static const struct urb_peek_opts defaults;

	return urb_push_peek_fast(b, sock, buf, &defaults, user, false);
}

static void fill_peek(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_data_inline(b, rec, c->result, &c->u.peek.data);
}

/* A plain final CQE of peek (dispatch.c): its holds back, found by position, and its payload. */
static void done_peek(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, true,
				&c->u.peek.data);
	(void)h;
}

/* ---- poke (spec/ops/poke.yaml) */

int urb_push_poke(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *dest,
		socklen_t dest_len,
		uint64_t victim,
		const struct urb_poke_opts *opts)
{
	static const struct urb_poke_opts defaults;
	struct urb__push p;
	struct urb_poke_rec *r;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_POKE, 9, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.poke;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	rc = urb__push_sockaddr(&p, dest, dest_len, &r->dest);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, (uintptr_t)&r->dest);
	urb__sqe_len(p.sqe, dest_len);
	rc = urb__push_key(&p, victim, NULL);
	if (rc < 0)
		goto fail;
	urb__sqe_addr3(p.sqe, victim);
	urb__sqe_ioprio(p.sqe, opts->prio);
	urb__sqe_off(p.sqe, opts->cookie);
	urb__sqe_buf_index(p.sqe, 0);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_poke_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *dest,
		socklen_t dest_len,
		uint64_t victim,
		void *user)
{
	const struct urb_poke_opts opts = { .user = user };

	return urb_push_poke(b, fd, dest, dest_len, victim, &opts);
}

/* ---- take (spec/ops/take.yaml) */

int urb_push_take(struct urb_bearer *b,
		urb_fd_t lsn,
		const struct urb_take_opts *opts)
{
	static const struct urb_take_opts defaults;
	struct urb__push p;
	struct urb_take_rec *r;
	uint32_t sqe_index;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_TAKE, 13, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.take;
	rc = urb__push_fd_inline(&p, lsn, URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR), false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(lsn));
	p.sqe->flags |= IOSQE_FIXED_FILE;
	rc = urb__push_target(&p, opts->into, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB_FD_STREAM, &sqe_index);
	if (rc < 0)
		goto fail;
	urb__sqe_file_index(p.sqe, sqe_index);
	urb__sqe_accept_flags(p.sqe, opts->flags);
	r->from_addr_len = sizeof(r->from_addr);
	urb__sqe_addr(p.sqe, (uintptr_t)&r->from_addr);
	urb__sqe_addr2(p.sqe, (uintptr_t)&r->from_addr_len);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_take_user(struct urb_bearer *b,
		urb_fd_t lsn,
		void *user)
{
	const struct urb_take_opts opts = { .user = user };

	return urb_push_take(b, lsn, &opts);
}

static void fill_take(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	const struct urb_take_rec *r = &rec->u.take;

	urb__fill_new_fd(rec, c->result, &c->u.take.conn);
	urb__fill_peer(&r->from_addr, r->from_addr_len,
		       c->result, &c->u.take.who);
	(void)b;
}

/* A plain final CQE of take (dispatch.c): its holds back, found by position, and its payload. */
static void done_take(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	const struct urb_take_rec *r = &rec->u.take;

	urb__fill_new_fd(rec, c->result, &c->u.take.conn);
	urb__fill_peer(&r->from_addr, r->from_addr_len,
		       c->result, &c->u.take.who);
	(void)b;
}

const struct urb__opdef urb__ops[] = {
	[URB_OP_PEEK] = {
		.name = "peek",
		.opcode = 27, /* IORING_OP_RECV */
		.since_major = 6,
		.since_minor = 0,
		.lifetime = URB__LIFE_MULTISHOT,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = false,
		.fill = fill_peek,
	},
	[URB_OP_POKE] = {
		.name = "poke",
		.opcode = 9, /* IORING_OP_SENDMSG */
		.since_major = 5,
		.since_minor = 3,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_TAKE] = {
		.name = "take",
		.opcode = 13, /* IORING_OP_ACCEPT */
		.since_major = 5,
		.since_minor = 5,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_FD,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_take,
	},
};

/*
 * Each op's hook for a plain final CQE (dispatch.c), never NULL:
 * urb__done_none when there is nothing to give back and no payload,
 * urb__done_generic when the op may hold more than one fd slot or buffer.
 */
urb__done_fn *const urb__op_done[URB_OP__COUNT] = {
	[URB_OP_PEEK] = done_peek,
	[URB_OP_POKE] = urb__done_none,
	[URB_OP_TAKE] = done_take,
};

/*
 * The ops whose CQEs with more to come may take dispatch's select path
 * (dispatch.c): their whole payload is the buffer the kernel selected,
 * a struct urb_data at the start of their arm of the payload union.
 */
const bool urb__op_selects[URB_OP__COUNT] = {
	false, /* none of these ops */
};

_Static_assert(sizeof(urb__ops) / sizeof(urb__ops[0]) == URB_OP__COUNT,
	       "one op table entry per op");
