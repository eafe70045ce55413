/* SPDX-License-Identifier: MIT */
#include "internal.h"

/*
 * The set-read kind: every buffer of a set, read by the kernel in one op
 * (write_set: the set's nbufs * len bytes from its first byte).  Each
 * buffer is the kernel's from commit to the final CQE, so none can be
 * filled, released, queued, handed to a group or destroyed under it.  It
 * keeps no books of its own: it moves the buffers' owners (kind_buf.c's
 * books).  A hold: id is the set.
 */

int urb__setread_push(struct urb__push *p, uint32_t set, uint64_t *addr, uint32_t *len)
{
	const char *op = urb__def(p->rec->op)->name;
	const struct urb__bufset *s;
	struct urb__hold *h;
	uint64_t bytes;
	int rc;

	if (set >= p->b->cap.buffers || !p->b->sets[set].mem.live)
		return urb__refuse(p->b, URB_EINVAL, "%s: buffer set %u does not exist", op, set);
	s = &p->b->sets[set];
	for (uint32_t i = 0; i < s->nbufs; i++)
		if (!urb__own_can_move(s->meta[i].state, URB_OWN_KERNEL))
			return urb__refuse(p->b, URB_EOWNERSHIP, "%s: buffer %u.%u is %s", op,
					   set, i, urb_owner_name(s->meta[i].state));
	bytes = (uint64_t)s->nbufs * s->len;
	if (bytes > INT32_MAX)
		return urb__refuse(p->b, URB_ERANGE, "%s: set %u holds %llu bytes, more than "
				   "one op moves (2 GiB)", op, set, (unsigned long long)bytes);
	rc = urb__hold_add(p, URB__KIND_SETREAD, set, &h);
	if (rc < 0)
		return rc;
	*addr = (uint64_t)(uintptr_t)s->data;
	*len = (uint32_t)bytes;
	return 0;
}

/* At commit: every buffer the kernel's (the push call checked that each may go). */
static void take(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h)
{
	struct urb__bufset *s = &b->sets[h->id];

	(void)rec;
	for (uint32_t i = 0; i < s->nbufs; i++)
		(void)urb__own_move(&s->meta[i].state, URB_OWN_KERNEL);
}

/* The kernel's last word: every buffer the user's again, its bytes as they were. */
static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	struct urb__bufset *s = &b->sets[h->id];

	(void)rec, (void)res;
	for (uint32_t i = 0; i < s->nbufs; i++)
		urb__own_known(&s->meta[i].state, URB_OWN_KERNEL, URB_OWN_RETURNED);
}

const struct urb__kind_ops urb__kind_setread = {
	.name = "buffer set read",
	.take = take,
	.give_back = give_back,
};
