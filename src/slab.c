/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "internal.h"

/*
 * The record slab: pending_completions records allocated once, never
 * moved, handed out from a LIFO free list.  A key is the slot index plus
 * the slot's generation, which changes every time the record is released,
 * so a late CQE carrying an old key can never reach the slot's next user.
 */

#define NO_REC UINT32_MAX

int urb__slab_init(struct urb_bearer *b)
{
	uint32_t n = b->cap.pending_completions;

	b->recs = calloc(n, sizeof(*b->recs));
	b->queued = calloc(b->cap.core_queue, sizeof(*b->queued));
	if (!b->recs || !b->queued)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		b->recs[i].gen = 1;
		b->recs[i].next_free = i + 1 < n ? i + 1 : NO_REC;
	}
	b->free_head = 0;
	return 0;
}

void urb__slab_fini(struct urb_bearer *b)
{
	free(b->recs);
	free(b->queued);
	b->recs = NULL;
	b->queued = NULL;
}

struct urb__rec *urb__rec_alloc(struct urb_bearer *b)
{
	struct urb__rec *rec;

	if (b->free_head == NO_REC)
		return NULL;
	rec = &b->recs[b->free_head];
	b->free_head = rec->next_free;
	b->recs_used++;
	urb__own_move(&rec->state, URB_OWN_CREATED);
	return rec;
}

void urb__rec_free(struct urb_bearer *b, struct urb__rec *rec)
{
	uint32_t idx = (uint32_t)(rec - b->recs);

	if (rec->state != URB_OWN_CREATED) /* it was pushed */
		b->stats.pending_per_op[rec->op]--;
	rec->state = URB_OWN_REUSABLE;
	rec->gen = rec->gen + 1 ? rec->gen + 1 : 1;
	rec->nfds = 0;
	rec->has_buf = rec->buf_write = rec->has_target = 0;
	rec->closes = rec->skip_success = 0;
	rec->next_free = b->free_head;
	b->free_head = idx;
	b->recs_used--;
}

uint64_t urb__rec_key(const struct urb_bearer *b, const struct urb__rec *rec)
{
	return URB__KEY(rec->gen, rec - b->recs);
}

struct urb__rec *urb__rec_lookup(struct urb_bearer *b, uint64_t key, bool *stale)
{
	uint32_t idx = URB__KEY_IDX(key);
	struct urb__rec *rec;

	*stale = false;
	if (idx >= b->cap.pending_completions || URB__KEY_GEN(key) == 0)
		return NULL;
	rec = &b->recs[idx];
	if (rec->gen != URB__KEY_GEN(key) || rec->state == URB_OWN_REUSABLE ||
	    rec->state == URB_OWN_CREATED) {
		*stale = true;
		return NULL;
	}
	return rec;
}
