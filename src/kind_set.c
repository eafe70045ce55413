/* SPDX-License-Identifier: MIT */
#include "groups.h"

/*
 * Legacy provided groups (IORING_OP_PROVIDE_BUFFERS): a set handed to the
 * kernel whole by a provide_buffers op, taken back by a remove_buffers,
 * and each buffer given back one at a time by a provide of one buffer;
 * then the set kind, which the provide and remove ops hold.
 */

/* provide_buffers / remove_buffers: may @action happen to @set now? */
int urb__set_check(struct urb_bearer *b, uint32_t set, enum urb__set_action action,
		   const char *what)
{
	struct urb__bufset *s = urb__live_set(b, set, what);

	if (!s)
		return URB_EINVAL;
	if (action == URB__SET_PROVIDE) {
		if (s->group != URB__GROUP_NONE)
			return urb__refuse(b, URB_EBUSY, "%s: set %u is a group already", what, set);
		return urb__set_all_users(b, s, set, what);
	}
	if (s->group == URB__GROUP_REMOVING)
		return urb__refuse(b, URB_EBUSY, "%s: group %u is being removed already", what, set);
	if (s->group != URB__GROUP_LEGACY)
		return urb__refuse(b, URB_EINVAL, "%s: set %u is not a provided group", what, set);
	if (s->users > 0)
		return urb__refuse(b, URB_EBUSY, "%s: %u pending ops use group %u", what, s->users,
				   set);
	return 0;
}

void urb__set_commit(struct urb_bearer *b, uint32_t set, enum urb__set_action action)
{
	struct urb__bufset *s = &b->sets[set];

	s->users++;
	if (action == URB__SET_PROVIDE) {
		urb__set_all_to_kernel(s);
		s->group = URB__GROUP_PENDING;
	} else {
		/* from now on nothing may select from it or recycle into it */
		s->group = URB__GROUP_REMOVING;
	}
}

/* The kernel's word on a provide or remove of @set. */
void urb__set_done(struct urb_bearer *b, uint32_t set, enum urb__set_action action, int32_t res)
{
	struct urb__bufset *s = &b->sets[set];

	s->users--;
	if (action == URB__SET_PROVIDE) {
		s->group = res >= 0 ? URB__GROUP_LEGACY : URB__GROUP_NONE;
		if (res < 0)
			urb__set_pool_to_user(s);
	} else if (res >= 0) {
		/* nothing selected from it or recycled into it since the remove was pushed */
		urb__set_pool_to_user(s);
		s->group = URB__GROUP_NONE;
	} else {
		s->group = URB__GROUP_LEGACY; /* the kernel kept the group */
	}
}

/*
 * A provided group's buffer back to the kernel: a provide of one buffer
 * with no record.  Its key names the buffer, and its CQE (always asked
 * for, so that urb knows which recycles are in flight) says whether the
 * kernel took it (urb__recycle_done()).
 */
int urb__legacy_recycle(struct urb_bearer *b, urb_buf_t buf)
{
	struct urb__bufset *s = &b->sets[URB_BUF_SET(buf)];
	uint32_t idx = URB_BUF_INDEX(buf);
	struct io_uring_sqe *sqe;

	if (urb__chain_open(b))
		return URB_EBUSY;
	sqe = io_uring_get_sqe(&b->ring);
	if (!sqe) /* no words: urb_buf_recycle sets them, dispatch refuses nobody */
		return URB_EATCAPACITY;
	io_uring_prep_provide_buffers(sqe, s->data + (uint64_t)idx * s->len, (int)s->len, 1,
				      urb__bgid(URB_BUF_SET(buf)), (int)idx);
	io_uring_sqe_set_data64(sqe, URB__KEY_INTERNAL(b->key_salt, buf));
	s->meta[idx].recycling++;
	s->meta[idx].len = 0;
	s->meta[idx].consumed = 0;
	s->meta[idx].in_group = 1;
	urb__own_move(&s->meta[idx].state, URB_OWN_KERNEL);
	return 0;
}

/*
 * The CQE of a legacy recycle of @buf: false when urb has none in flight
 * (a stranger's CQE).  On failure the kernel never took the buffer, so it
 * is the user's again.
 */
bool urb__recycle_done(struct urb_bearer *b, urb_buf_t buf, int32_t res)
{
	uint8_t *data;
	uint32_t cap;
	struct urb__buf_meta *m = urb__buf_meta(b, buf, &data, &cap);

	if (!m || !m->recycling)
		return false;
	m->recycling--;
	if (res >= 0)
		return true;
	b->stats.recycle_failures++;
	if (m->in_group && m->state == URB_OWN_KERNEL) {
		m->in_group = 0;
		urb__own_move(&m->state, URB_OWN_RETURNED);
	}
	return true;
}

/* ---- the set kind: its push call and hooks */

/*
 * The buffer set kind: a whole set handed to the kernel as a provided
 * group (provide_buffers), or a provided group taken back from it
 * (remove_buffers).  From commit to the final CQE the set is in between:
 * nothing may select from it, recycle into it or destroy it; the CQE says
 * whose its buffers are (above).  A hold: id is the set, aux the
 * action (enum urb__set_action).
 */

int urb__push_set(struct urb__push *p, uint32_t set, enum urb__set_action action,
		  uint64_t *addr, uint32_t *len, int32_t *nbufs)
{
	const struct urb__bufset *s;
	struct urb__hold *h;
	int rc = urb__set_check(p->b, set, action, urb__def(p->rec->op)->name);

	if (rc >= 0)
		rc = urb__hold_add(p, URB__KIND_SET, set, &h);
	if (rc < 0)
		return rc;
	h->aux = (uint16_t)action;
	p->sqe->buf_group = urb__bgid(set);
	s = &p->b->sets[set];
	*addr = (uint64_t)(uintptr_t)s->data;
	*len = s->len;
	*nbufs = (int32_t)s->nbufs;
	return 0;
}

static void take(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h)
{
	(void)rec;
	urb__set_commit(b, h->id, (enum urb__set_action)h->aux);
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	(void)rec;
	urb__set_done(b, h->id, (enum urb__set_action)h->aux, res);
}

const struct urb__kind_ops urb__kind_set = {
	.name = "buffer set",
	.take = take,
	.give_back = give_back,
};
