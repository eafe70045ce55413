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

#define NO_REC UINT32_MAX

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

static uint32_t take(struct urb_bearer *b)
{
	uint32_t idx = b->free_head;

	if (idx != NO_REC) {
		b->free_head = b->recs[idx].next_free;
		if (b->free_head == NO_REC)
			b->free_tail = NO_REC;
	}
	return idx;
}

static void give(struct urb_bearer *b, uint32_t idx)
{
	if (b->slab->newest_first || b->free_head == NO_REC) {
		b->recs[idx].next_free = b->free_head;
		b->free_head = idx;
		if (b->free_tail == NO_REC)
			b->free_tail = idx;
	} else {
		b->recs[idx].next_free = NO_REC;
		b->recs[b->free_tail].next_free = idx;
		b->free_tail = idx;
	}
}

int urb__slab_init(struct urb_bearer *b)
{
	uint32_t n = b->cap.pending_completions;

	b->slab = &urb__slab_policies[b->cap.slab];
	b->recs = calloc(n, sizeof(*b->recs));
	if (!b->recs)
		return -ENOMEM;
	b->free_head = b->free_tail = NO_REC;
	for (uint32_t i = 0; i < n; i++) {
		b->recs[i].gen = 1;
		b->recs[i].idx = i;
		/* in the order that makes either policy hand out record 0 first */
		give(b, b->slab->newest_first ? n - 1 - i : i);
	}
	return 0;
}

void urb__slab_fini(struct urb_bearer *b)
{
	free(b->recs);
	b->recs = NULL;
}

struct urb__rec *urb__rec_alloc(struct urb_bearer *b)
{
	uint32_t idx = take(b);
	struct urb__rec *rec;

	if (idx == NO_REC)
		return NULL;
	rec = &b->recs[idx];
	b->recs_used++;
	urb__own_move(&rec->state, URB_OWN_CREATED);
	return rec;
}

/*
 * A record's generation moves on only when a pushed record is released: a
 * refused push never handed its key out, so it leaves the generation as it
 * was.  A slot's keys therefore repeat only after 2^32 - 1 pushes through
 * that very slot (generation 0 is skipped: it names no record).
 */
void urb__rec_free(struct urb_bearer *b, struct urb__rec *rec)
{
	if (rec->state != URB_OWN_CREATED) { /* it was pushed */
		b->stats.pending_per_op[rec->op]--;
		rec->gen = rec->gen + 1 ? rec->gen + 1 : 1;
	}
	rec->state = URB_OWN_REUSABLE;
	if (rec->nholds)
		urb__holds_release(b, rec);
	rec->skip_success = 0;
	b->recs_used--;
	give(b, rec->idx);
}
