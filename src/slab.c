/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * The record slab: pending_completions records allocated once, never
 * moved.  Which free record is handed out next is the slab policy's
 * choice (below); the key is the slot index plus the slot's generation,
 * which changes every time the record is released, so a late CQE carrying
 * an old key can never reach the slot's next user.
 */

/*
 * The free records are one list, taken from its front.  LIFO puts a
 * released record back at the front: the one released last is reused
 * first (warm in cache).  FIFO puts it at the back: the one released
 * longest ago is reused first, so a slot (and its generation) comes round
 * again as late as the capacity allows.
 */
const struct urb__slab_policy urb__slab_policies[URB_SLAB__COUNT] = {
	[URB_SLAB_LIFO] = { .name = "lifo", .newest_first = true },
	[URB_SLAB_FIFO] = { .name = "fifo", .newest_first = false },
};

int urb__slab_init(struct urb_bearer *b)
{
	uint32_t n = b->cap.pending_completions;

	b->slab_fifo = !urb__slab_policies[b->cap.slab].newest_first;
	b->recs = calloc(n, sizeof(*b->recs));
	if (!b->recs)
		return -ENOMEM;
	b->free_head = b->free_tail = URB__NO_REC;
	b->plain_view = (struct urb_completion){ .final = true, .selected = URB_BUF_NONE };
	b->select_view = (struct urb_completion){ .more = true };
	for (uint32_t i = 0; i < n; i++) {
		b->recs[i].gen = 1;
		b->recs[i].idx = i;
		b->recs[i].at = (uint32_t)(i * (sizeof(*b->recs) / URB__REC_STEP));
	}
	/* in the order that makes either policy hand out record 0 first */
	for (uint32_t i = 0; i < n; i++)
		urb__slab_give(b, &b->recs[b->slab_fifo ? i : n - 1 - i]);
	return 0;
}

void urb__slab_fini(struct urb_bearer *b)
{
	free(b->recs);
	b->recs = NULL;
}

void urb__rec_free(struct urb_bearer *b, struct urb__rec *rec)
{
	urb__rec_free_inline(b, rec);
}

uint32_t urb__recs_used(const struct urb_bearer *b)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < b->cap.pending_completions; i++)
		n += b->recs[i].state != URB_OWN_REUSABLE;
	return n;
}
