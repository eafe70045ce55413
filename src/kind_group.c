/* SPDX-License-Identifier: MIT */
#include "internal.h"

/*
 * The buffer group kind: a set (a registered ring or a provided group) the
 * kernel selects a buffer from for each CQE.  The set counts the ops
 * selecting from it, so it refuses to be destroyed or removed under them;
 * each CQE's selected buffer is the user's from that CQE on (bufgroups.c).
 * A hold: id is the set.
 */

int urb__push_group(struct urb__push *p, uint32_t set)
{
	struct urb__hold *h;
	int rc = urb__group_check(p->b, set, urb__def(p->rec->op)->name);

	return rc < 0 ? rc : urb__hold_add(p, URB__KIND_GROUP, set, &h);
}

static void take(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h)
{
	(void)rec;
	b->sets[h->id].users++;
}

static void each(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		 struct urb_completion *c)
{
	(void)rec;
	urb__group_selected(b, h->id, c);
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	(void)rec, (void)res;
	b->sets[h->id].users--;
}

const struct urb__kind_ops urb__kind_group = {
	.name = "buffer group",
	.take = take,
	.each = each,
	.give_back = give_back,
};
