/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <sys/uio.h>

#include "internal.h"

/*
 * The user-memory kind: memory of the caller's own (not a bearer buffer)
 * that the kernel reads or writes for an op, from push to the op's last
 * word.  While an op holds a region no other op of the bearer may take
 * memory that overlaps it if either of the two writes there: two ops
 * writing the same bytes, or one reading bytes another writes, race in
 * the kernel, and the push that would start the race is refused
 * (URB_EBUSY).  Reads of the same bytes share them.  Memory inside the
 * bearer's buffer arena is refused: the buffer kind owns it.
 *
 * Its books (b->kind_state[URB__KIND_UMEM]) are the regions in flight, a
 * dense array of live ones, sized at construction for every hold every
 * record may take; a hold names its region by position (h->id), and a
 * region knows its record and hold, so the last region can move into a
 * freed place.  The push call adds the region as it adds the hold (a
 * refusal later in the same push takes it out again: untake); the op's
 * last word takes it out (give_back).
 */

struct region {
	uint64_t addr;
	uint32_t len;
	uint32_t rec;   /* the record holding it (its slab index) */
	uint8_t hold;   /* and the hold there */
	uint8_t write;  /* the kernel writes it */
	uint8_t pad[6];
};

struct umem {
	uint32_t live; /* regions r[0..live) */
	uint32_t room;
	struct region r[];
};

static struct umem *books_of(const struct urb_bearer *b)
{
	return b->kind_state[URB__KIND_UMEM];
}

static int init(struct urb_bearer *b)
{
	uint32_t room = b->cap.pending_completions * URB__REC_MAX_HOLDS;
	struct umem *u = calloc(1, sizeof(*u) + (size_t)room * sizeof(u->r[0]));

	if (!u)
		return -ENOMEM;
	u->room = room;
	b->kind_state[URB__KIND_UMEM] = u;
	return 0;
}

static void fini(struct urb_bearer *b)
{
	free(b->kind_state[URB__KIND_UMEM]);
	b->kind_state[URB__KIND_UMEM] = NULL;
}

static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

int urb__umem_push(struct urb__push *p, const struct iovec *mem, bool write, uint64_t *addr,
		   uint32_t *len)
{
	const char *op = urb__def(p->rec->op)->name;
	struct urb_bearer *b = p->b;
	struct umem *u = books_of(b);
	struct urb__hold *h;
	uint64_t at, n;
	int rc;

	if (!mem || !mem->iov_base || (uintptr_t)mem->iov_base + mem->iov_len < (uintptr_t)mem->iov_base)
		return urb__refuse(b, URB_EINVAL, "%s: the user memory is NULL, or starts at NULL, "
				   "or wraps around the address space", op);
	at = (uint64_t)(uintptr_t)mem->iov_base;
	n = mem->iov_len;
	if (!n || n > INT32_MAX)
		return urb__refuse(b, URB_ERANGE, "%s: user memory of %llu bytes: an op moves "
				   "1 to 2 GiB", op, (unsigned long long)n);
	if (b->arena && overlap(at, n, (uint64_t)(uintptr_t)b->arena, b->arena_size))
		return urb__refuse(b, URB_EINVAL, "%s: the user memory lies in the bearer's buffer "
				   "arena: name a buffer instead", op);
	for (uint32_t i = 0; i < u->live; i++)
		if ((write || u->r[i].write) && overlap(at, n, u->r[i].addr, u->r[i].len))
			return urb__refuse(b, URB_EBUSY, "%s: the user memory overlaps memory a "
					   "pending %s %s", op, urb__def(b->recs[u->r[i].rec].op)->name,
					   u->r[i].write ? "writes" : "reads, and this op writes it");
	rc = urb__hold_add(p, URB__KIND_UMEM, u->live, &h);
	if (rc < 0)
		return rc;
	u->r[u->live++] = (struct region){ .addr = at, .len = (uint32_t)n, .rec = p->rec->idx,
					   .hold = (uint8_t)(h - p->rec->holds), .write = write };
	*addr = at;
	*len = (uint32_t)n;
	return 0;
}

/* Region @id is nobody's any more: the last one takes its place. */
static void drop(struct urb_bearer *b, uint32_t id)
{
	struct umem *u = books_of(b);
	struct region *last = &u->r[--u->live];

	if (id != u->live) {
		u->r[id] = *last;
		b->recs[last->rec].holds[last->hold].id = id;
	}
	memset(last, 0, sizeof(*last));
}

/* A refusal later in the same push: the region was never the kernel's. */
static void untake(struct urb_bearer *b, struct urb__hold *h)
{
	drop(b, h->id);
}

/* The kernel's last word: the memory is the user's again. */
static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	(void)rec, (void)res;
	drop(b, h->id);
}

static size_t books(const struct urb_bearer *b, void *out, size_t room)
{
	const struct umem *u = books_of(b);
	size_t at = urb__books_put(out, room, 0, &u->live, sizeof(u->live));

	return urb__books_put(out, room, at, u->r, u->live * sizeof(u->r[0]));
}

const struct urb__kind_ops urb__kind_umem = {
	.name = "user memory",
	.untake = untake,
	.give_back = give_back,
	.books = books,
	.init = init,
	.fini = fini,
};
