/* SPDX-License-Identifier: MIT */
#include "internal.h"

/*
 * The futex kind: futex words an op waits on (futex_wait: one, futex_waitv:
 * up to URB__FUTEXV_MAX).  Each entry counts its waiters and refuses to be
 * destroyed under them (futex.c).  A hold: aux is the count; one word's id
 * is the hold's id, a vector's ids sit in the op's record area at offset
 * arg (flags VEC).
 */

#define VEC 1u

static const uint32_t *ids_of(const struct urb__rec *rec, const struct urb__hold *h)
{
	return h->flags & VEC ? (const uint32_t *)((const uint8_t *)&rec->u + h->arg) : &h->id;
}

/* The entry's word, or a refusal when @id names no live entry. */
static int word_of(struct urb__push *p, uint32_t id, uint64_t *addr)
{
	const struct urb__futex *f = urb__futex_live(p->b, id);

	if (!f)
		return urb__refuse(p->b, URB_EINVAL, "%s: futex %u does not exist",
				   urb__def(p->rec->op)->name, id);
	*addr = (uint64_t)(uintptr_t)f->word;
	return 0;
}

int urb__push_futex(struct urb__push *p, uint32_t id, uint64_t *addr)
{
	struct urb__hold *h;
	int rc = word_of(p, id, addr);

	if (rc >= 0)
		rc = urb__hold_add(p, URB__KIND_FUTEX, id, &h);
	if (rc < 0)
		return rc;
	h->aux = 1;
	return 0;
}

int urb__push_futexv(struct urb__push *p, const struct urb_futex_wait *waits, uint32_t count,
		     uint32_t flags, struct futex_waitv *dst, uint32_t *ids)
{
	const char *op = urb__def(p->rec->op)->name;
	struct urb__hold *h;
	int rc;

	if (!waits || count == 0 || count > URB__FUTEXV_MAX)
		return urb__refuse(p->b, URB_EINVAL, "%s: 1 to %u futexes, not %u", op,
				   URB__FUTEXV_MAX, count);
	for (uint32_t i = 0; i < count; i++) {
		uint64_t addr = 0;

		rc = word_of(p, waits[i].futex, &addr);
		if (rc < 0)
			return rc;
		ids[i] = waits[i].futex;
		dst[i] = (struct futex_waitv){ .val = waits[i].val, .uaddr = addr, .flags = flags };
	}
	rc = urb__hold_add(p, URB__KIND_FUTEX, ids[0], &h);
	if (rc < 0)
		return rc;
	h->aux = (uint16_t)count;
	h->flags = VEC;
	h->arg = (uint32_t)((uint8_t *)ids - (uint8_t *)&p->rec->u);
	return 0;
}

static void take(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h)
{
	const uint32_t *ids = ids_of(rec, h);

	for (unsigned i = 0; i < h->aux; i++)
		b->futex[ids[i]].waiters++;
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	const uint32_t *ids = ids_of(rec, h);

	(void)res;
	for (unsigned i = 0; i < h->aux; i++)
		b->futex[ids[i]].waiters--;
}

const struct urb__kind_ops urb__kind_futex = {
	.name = "futex word",
	.take = take,
	.give_back = give_back,
};
