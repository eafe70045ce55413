/* SPDX-License-Identifier: MIT */
#include <linux/futex.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "futexes.h"
#ifndef PR_FUTEX_HASH
#define PR_FUTEX_HASH 78 /* Linux 6.16 */
#define PR_FUTEX_HASH_SET_SLOTS 1
#endif

/*
 * Futex words: the futexes capacity of entries, each pointing either at
 * one of the bearer's own 32-bit words (allocated once, stable) or at a
 * word the user adopted.  An entry waited on by a pending op cannot go.
 *
 * urb_futex_wake() may run on any thread while the owner creates and
 * destroys entries.  A waker announces itself in the entry's `wakers`
 * before it reads `word`; destroy clears `word` before it reads `wakers`
 * and waits for them to leave.  Both pairs are sequentially consistent, so
 * either the waker sees NULL and touches nothing, or destroy sees the
 * waker and returns only after the waker is done with the word (an
 * adopted word may be freed as soon as destroy returns).
 */

/*
 * Since 6.16 a process gets a private futex hash when it starts its first
 * thread, and a futex_wait the ring queued before that is not moved to it:
 * a later wake from any thread misses it.  Keeping the process on the
 * global hash (0 slots) keeps waits and wakes in one table.  Done for every
 * bearer, since a forked child starts over; older kernels refuse the
 * prctl, and have no such split.
 */
int urb__futex_init(struct urb_bearer *b)
{
	prctl(PR_FUTEX_HASH, PR_FUTEX_HASH_SET_SLOTS, 0, 0, 0);
	/* + 1: never calloc(0), for a bearer without futexes */
	b->futex_words = calloc(b->cap.futexes + 1, sizeof(*b->futex_words));
	b->futex = calloc(b->cap.futexes + 1, sizeof(*b->futex));
	return b->futex_words && b->futex ? 0 : -ENOMEM;
}

void urb__futex_fini(struct urb_bearer *b)
{
	free(b->futex_words);
	free(b->futex);
	b->futex_words = NULL;
	b->futex = NULL;
}

static int add(struct urb_bearer *b, uint32_t *word, bool own, uint32_t initial,
	       uint32_t **out)
{
	for (uint32_t id = 0; id < b->cap.futexes; id++) {
		if (b->futex[id].word)
			continue;
		if (own) {
			word = &b->futex_words[id];
			__atomic_store_n(word, initial, __ATOMIC_RELEASE);
		}
		b->futex[id].waiters = 0;
		__atomic_store_n(&b->futex[id].word, word, __ATOMIC_RELEASE);
		b->futexes_used++;
		if (out)
			*out = word;
		return (int)id;
	}
	return urb__at_capacity(b, URB_CAP_FUTEXES);
}

int urb_futex_create(struct urb_bearer *b, uint32_t initial, uint32_t **word)
{
	int rc = urb__bearer_check(b, "futex_create");

	if (rc < 0)
		return rc;
	if (!word)
		return urb__refuse(b, URB_EINVAL, "futex_create: word is NULL");
	return add(b, NULL, true, initial, word);
}

int urb_futex_adopt(struct urb_bearer *b, uint32_t *word)
{
	int rc = urb__bearer_check(b, "futex_adopt");

	if (rc < 0)
		return rc;
	if (!word)
		return urb__refuse(b, URB_EINVAL, "futex_adopt: word is NULL");
	if ((uintptr_t)word & 3)
		return urb__refuse(b, URB_EINVAL, "futex_adopt: word %p is not 4-byte aligned",
				   (void *)word);
	return add(b, word, false, 0, NULL);
}

struct urb__futex *urb__futex_live(const struct urb_bearer *b, uint32_t id)
{
	return b && id < b->cap.futexes && b->futex[id].word ? &b->futex[id] : NULL;
}

int urb_futex_destroy(struct urb_bearer *b, uint32_t id)
{
	struct urb__futex *f = urb__futex_live(b, id);
	int rc = urb__bearer_check(b, "futex_destroy");

	if (rc < 0)
		return rc;
	if (!f)
		return urb__refuse(b, URB_EINVAL, "futex_destroy: futex %u does not exist", id);
	if (f->waiters > 0)
		return urb__refuse(b, URB_EBUSY, "futex_destroy: futex %u: %u pending ops wait on it",
				   id, f->waiters);
	__atomic_store_n(&f->word, NULL, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&f->wakers, __ATOMIC_SEQ_CST))
		sched_yield(); /* a wake on another thread is between its two steps */
	b->futexes_used--;
	return 0;
}

int urb_futex_wake(const struct urb_bearer *b, uint32_t id, uint32_t value, uint32_t nwake)
{
	struct urb__futex *f;
	uint32_t *word;
	long rc = URB_EINVAL;

	if (!b || id >= b->cap.futexes || nwake == 0 || nwake > INT32_MAX)
		return URB_EINVAL;
	if (urb__forked(b))
		return URB_EFORKED; /* no words: any thread may call it */
	f = &b->futex[id];
	__atomic_fetch_add(&f->wakers, 1, __ATOMIC_SEQ_CST);
	word = __atomic_load_n(&f->word, __ATOMIC_SEQ_CST);
	if (word) {
		__atomic_store_n(word, value, __ATOMIC_RELEASE);
		rc = syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, (int)nwake, NULL, NULL, 0);
		if (rc < 0)
			rc = -errno;
	}
	__atomic_fetch_sub(&f->wakers, 1, __ATOMIC_RELEASE);
	return (int)rc;
}

/* ---- the kind: its push calls and hooks */

/*
 * The futex kind: futex words an op waits on (futex_wait: one, futex_waitv:
 * up to URB__FUTEXV_MAX).  Each entry counts its waiters and refuses to be
 * destroyed under them (above).  A hold: aux is the count; one word's id
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

/* The entries (their waiters) and how many are live. */
static size_t books(const struct urb_bearer *b, void *out, size_t room)
{
	size_t at = urb__books_put(out, room, 0, b->futex, (size_t)b->cap.futexes * sizeof(*b->futex));

	return urb__books_put(out, room, at, &b->futexes_used, sizeof(b->futexes_used));
}

const struct urb__kind_ops urb__kind_futex = {
	.name = "futex word",
	.take = take,
	.give_back = give_back,
	.books = books,
};
