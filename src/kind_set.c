/* SPDX-License-Identifier: MIT */
#include "internal.h"

/*
 * The buffer set kind: a whole set handed to the kernel as a provided
 * group (provide_buffers), or a provided group taken back from it
 * (remove_buffers).  From commit to the final CQE the set is in between:
 * nothing may select from it, recycle into it or destroy it; the CQE says
 * whose its buffers are (bufgroups.c).  A hold: id is the set, aux the
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
