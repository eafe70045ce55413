/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "groups.h"

/*
 * Pushing, in three steps that every generated urb_push_<op>() follows:
 * begin (a record, and a zeroed SQE in the ring filled in place), one call
 * per resource argument that validates it and adds a hold to the record
 * (each kind's in its src/kind_<name>.c), then commit (every hold's kind
 * takes its resource for the kernel) or abort (give the SQE and the record
 * back).  A check that refuses changes nothing; the fd slot and buffer
 * kinds take their resource as the hold is added, which an abort undoes
 * (untake).  Nothing the kernel reads is flushed before commit.
 */

/* URB_SUBMIT_* bits drain..async are IOSQE_* bits shifted by one. */
_Static_assert(URB_SUBMIT_DRAIN << 1 == IOSQE_IO_DRAIN && URB_SUBMIT_LINK << 1 == IOSQE_IO_LINK &&
	       URB_SUBMIT_HARDLINK << 1 == IOSQE_IO_HARDLINK && URB_SUBMIT_ASYNC << 1 == IOSQE_ASYNC,
	       "submit flag layout");

/*
 * URB_SUBMIT_SKIP_SUCCESS never reaches the kernel (push begin passes the
 * four bits below it): the kernel would then say nothing of a success, and
 * urb could not know when the record may go.  urb asks for every CQE and
 * does not show a success to the callback.
 */

#define LINK_FLAGS (IOSQE_IO_LINK | IOSQE_IO_HARDLINK)

/* The newest SQE not yet flushed to the kernel, @back places back; NULL if none. */
static struct io_uring_sqe *unflushed_sqe(struct urb_bearer *b, unsigned back)
{
	struct io_uring_sq *sq = &b->ring.sq;

	if (sq->sqe_tail - sq->sqe_head <= back)
		return NULL;
	return &sq->sqes[(sq->sqe_tail - 1 - back) & sq->ring_mask];
}

/*
 * A push was refused: if the SQE before it asked to be linked to it, that
 * chain would take in whatever is pushed next.  Cut it: the SQE before
 * runs without the refused one, and the refusal's words say so.
 */
static int cut_open_link(struct urb_bearer *b, int err)
{
	struct io_uring_sqe *prev = unflushed_sqe(b, 0);
	size_t n;

	if (!prev || !(prev->flags & LINK_FLAGS))
		return err;
	prev->flags &= (uint8_t)~LINK_FLAGS;
	b->stats.links_cut++;
	n = strlen(b->detail);
	snprintf(b->detail + n, sizeof(b->detail) - n,
		 "; the link from the push before was cut, it runs alone");
	return err;
}

/*
 * The user's last push asked to be linked to the next one.  urb's own SQEs
 * stay out of such a chain: inside it they would wait for the chain's ops
 * (a recv may never end) and run after urb's books moved on.
 */
bool urb__chain_open(struct urb_bearer *b)
{
	struct io_uring_sqe *prev = unflushed_sqe(b, 0);

	return prev && (prev->flags & LINK_FLAGS);
}

/* The push under way would join a link chain, as its head or as a later op. */
bool urb__push_chained(const struct urb__push *p)
{
	const struct io_uring_sqe *prev = unflushed_sqe(p->b, 1); /* 0 is its own */

	return (p->sqe->flags & LINK_FLAGS) || (prev && (prev->flags & LINK_FLAGS));
}

int urb__push_bound(const struct urb__push *p)
{
	const struct io_uring_sqe *prev = unflushed_sqe(p->b, 1); /* 0 is its own */
	const char *op = urb__def(p->rec->op)->name;

	if (!prev || !(prev->flags & LINK_FLAGS))
		return urb__refuse(p->b, URB_EINVAL, "%s: the op pushed just before it (and not "
				   "submitted yet) must ask to be linked (URB_SUBMIT_LINK): %s", op,
				   prev ? "it did not" : "there is none");
	return 0;
}

int urb__begin_refusal(struct urb_bearer *b, int op, uint32_t submit_flags)
{
	const struct urb__opdef *def = op >= 0 ? urb__def((unsigned)op) : NULL;
	int rc = urb__bearer_check(b, def ? def->name : "push");

	if (rc < 0)
		return rc; /* in a fork, not even a link is cut: the SQ is the parent's */
	if (!def)
		return cut_open_link(b, urb__refuse(b, URB_EINVAL, "op %d is not registered", op));
	if (submit_flags & ~URB_SUBMIT__ALL)
		return cut_open_link(b, urb__refuse(b, URB_EINVAL, "%s: unknown submit flags %#x",
						    def->name, submit_flags & ~URB_SUBMIT__ALL));
	if ((submit_flags & URB_SUBMIT_SKIP_SUCCESS) && !def->skip_success_ok)
		return cut_open_link(b, urb__refuse(b, URB_ENOTALLOWED,
			"%s: skip-success refused: its completion gives something back", def->name));
	if (!urb__supported(b, def))
		return cut_open_link(b, urb__refuse(b, URB_ENOTSUP,
			"%s: needs an io_uring opcode this kernel lacks (kernel %u.%u or later)",
			def->name, def->since_major, def->since_minor));
	return 0;
}

int urb__begin_at_capacity(struct urb_bearer *b, enum urb_capacity_kind kind)
{
	return cut_open_link(b, urb__at_capacity(b, kind));
}

void urb__op_gate_set(struct urb_bearer *b, unsigned op)
{
	const struct urb__opdef *def = &urb__ops[op];
	uint32_t gate = URB_SUBMIT__ALL;

	if (!def->skip_success_ok)
		gate &= ~URB_SUBMIT_SKIP_SUCCESS;
	if (urb__supported(b, def))
		gate |= URB__GATE_OPEN;
	urb__op_gate(b)[op] = gate;
	urb__op_gate_fast(b)[op] = gate & URB__GATE_OPEN ? URB__GATE_FAST_LIMIT : 0;
}

int urb__push_begin(struct urb_bearer *b, int op, uint32_t submit_flags,
		    void *user, struct urb__push *p)
{
	/* an op outside the table: its gate refuses it before the opcode is used */
	const struct urb__opdef *def = urb__def((unsigned)op);
	uint8_t opcode = def ? def->opcode : 0;

	int rc = urb__push_begin_inline(b, op, opcode, submit_flags, user, p);

	if (rc == 0 && op >= URB_OP__COUNT)
		p->rec->slow = URB__SLOW_FULL; /* dispatch's plain path knows the library's own ops only */
	return rc;
}

int urb__push_key(struct urb__push *p, uint64_t key, const int *ops)
{
	bool stale;
	struct urb__rec *target = urb__rec_lookup(p->b, key, &stale);
	const char *op = urb__def(p->rec->op)->name;

	if (!target || target->state != URB_OWN_KERNEL)
		return urb__refuse(p->b, URB_ESTALE, "%s: key %#llx names no pending op", op,
				   (unsigned long long)key);
	if (!ops)
		return 0;
	for (const int *o = ops; *o >= 0; o++)
		if (*o == target->op)
			return 0;
	return urb__refuse(p->b, URB_EINVAL, "%s: key %#llx names a pending %s, not an op this "
			   "one ends (urb_push_%s(3) names them)", op, (unsigned long long)key,
			   urb__def(target->op)->name, op);
}

int urb__push_copy(struct urb__push *p, const void *src, size_t len, void *dst,
		   bool may_be_null, const char *null_refusal)
{
	if (!src && !may_be_null)
		return urb__refuse(p->b, URB_EINVAL, "%s: %s", urb__def(p->rec->op)->name,
				   null_refusal);
	if (src)
		memcpy(dst, src, len);
	else
		memset(dst, 0, len);
	return 0;
}

int urb__push_sockaddr(struct urb__push *p, const struct sockaddr *sa,
		       socklen_t len, struct sockaddr_storage *dst)
{
	if (!sa || len < sizeof(sa_family_t) || len > sizeof(*dst))
		return urb__refuse(p->b, URB_EINVAL, "%s: address %s", urb__def(p->rec->op)->name,
				   sa ? "length out of range" : "is NULL");
	memcpy(dst, sa, len);
	return 0;
}

int urb__push_not_one_of(struct urb__push *p, const char *name, uint32_t value)
{
	const char *op = urb__def(p->rec->op)->name;

	return urb__refuse(p->b, URB_EINVAL, "%s: %s %u is not one this op takes "
			   "(urb_push_%s(3) lists them)", op, name, value, op);
}

int urb__push_commit_slow(struct urb__push *p, uint64_t *key_out)
{
	struct urb__rec *rec = p->rec;

	urb__holds_take(p->b, rec);
	/* its CQEs walk the kinds' table, but for the select path's (dispatch.c) */
	rec->slow = rec->slow == URB__SLOW_PLAIN && urb__op_selects[rec->op] &&
		    urb__group_selects_whole(p->b, rec) ? URB__SLOW_SELECT : URB__SLOW_FULL;
	if (key_out)
		*key_out = p->sqe->user_data;
	urb__own_known(&rec->state, URB_OWN_CREATED, URB_OWN_KERNEL); /* as begin left it */
	return 0;
}

int urb__push_commit(struct urb__push *p, uint64_t *key_out)
{
	return urb__push_commit_inline(p, key_out);
}

void urb__push_undo(struct urb_bearer *b, struct urb__rec *rec)
{
	urb__holds_untake(b, rec); /* what the holds took as they were added */
	rec->nholds = 0;
	rec->kinds = 0; /* Reusable all along (begin_try) */
	b->free_head = rec->at; /* the front of the free list, where it came from */
	b->ring.sq.sqe_tail--;   /* begin's SQE, never flushed */
}

int urb__push_abort(struct urb__push *p, int err)
{
	urb__holds_untake(p->b, p->rec); /* what the holds took as they were added */
	urb__rec_free(p->b, p->rec);     /* never pushed: its generation stays */
	p->b->ring.sq.sqe_tail--;        /* begin's SQE, never flushed */
	return cut_open_link(p->b, err);
}
