/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/uio.h>

#include "buffers.h"
#include "groups.h"

/*
 * Buffer memory: buffer_bytes mapped and locked at construction, carved
 * first-fit into sets (and buffer rings, src/kind_group_ring.c) in whole pages.
 * A set's buffers are contiguous (len bytes each, the layout the kernel's
 * provided-buffer groups want), the first on a page, so a buffer whose
 * size is a multiple of the page is page-aligned, as O_DIRECT wants.
 * Each buffer has books: an owner and a count of valid bytes.  The books
 * are not buffer memory: every set id has its own stretch of a separate
 * mapping, reserved at construction for the most buffers a set can have
 * and filled in by the kernel only as far as a set touches it, so no page
 * the kernel may be told to work on (madvise) holds anything urb reads to
 * decide who owns what, and buffer_bytes counts only the user's bytes.
 */

/* A set id's stretch of the books' mapping: room for the books of 65536 buffers. */
#define BOOKS_PER_SET ((uint64_t)URB__SET_MAX_BUFS * sizeof(struct urb__buf_meta))

int urb__bufs_init(struct urb_bearer *b)
{
	void *arena;

	b->sets = calloc(b->cap.buffers + 1, sizeof(*b->sets)); /* + 1: never calloc(0) */
	if (!b->sets)
		return -ENOMEM;
	if (b->cap.buffers) {
		/* reserved, not committed: a set's books take pages as it touches them */
		void *books = mmap(NULL, b->cap.buffers * BOOKS_PER_SET, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (books == MAP_FAILED)
			return -errno;
		b->books = books;
	}
	if (b->cap.buffer_bytes == 0)
		return 0; /* no buffer memory: every set and ring is refused */
	b->arena_size = urb__page_round(b->cap.buffer_bytes);
	arena = mmap(NULL, b->arena_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (arena == MAP_FAILED) {
		b->arena_size = 0;
		return -errno;
	}
	b->arena = arena;
	if (mlock(arena, b->arena_size) != 0)
		return -errno;
	return 0;
}

void urb__bufs_fini(struct urb_bearer *b)
{
	if (b->arena)
		munmap(b->arena, b->arena_size);
	b->arena = NULL;
	if (b->books)
		munmap(b->books, b->cap.buffers * BOOKS_PER_SET);
	b->books = NULL;
	free(b->sets);
	b->sets = NULL;
}

_Static_assert(sizeof(struct urb__buf_meta) == 16,
	       "urb_bufset_create(3) says 16 bytes of books a buffer");

/* Moves @at past @r when [at, at + size) would overlap it. */
static bool skip_past(const struct urb__region *r, uint64_t *at, uint64_t size)
{
	if (!r->live || *at >= r->offset + r->size || r->offset >= *at + size)
		return false;
	*at = r->offset + r->size; /* a whole number of pages, as every region is */
	return true;
}

uint64_t urb__arena_room(const struct urb_bearer *b, uint64_t size)
{
	uint64_t at = 0;
	bool moved = true;

	while (moved) {
		moved = false;
		for (uint32_t i = 0; i < b->cap.buffers; i++)
			moved |= skip_past(&b->sets[i].mem, &at, size);
		for (uint32_t i = 0; i < b->cap.buffer_rings; i++)
			moved |= skip_past(&b->rings[i].mem, &at, size);
	}
	return at + size <= b->cap.buffer_bytes ? at : UINT64_MAX;
}

int64_t urb_bufset_bytes(uint32_t nbufs, uint32_t len)
{
	if (nbufs == 0 || nbufs > URB__SET_MAX_BUFS || len == 0)
		return URB_EINVAL;
	return (int64_t)urb__page_round((uint64_t)nbufs * len);
}

int urb_bufset_create(struct urb_bearer *b, uint32_t nbufs, uint32_t len)
{
	struct urb__bufset *s = NULL;
	uint64_t size, at;
	uint32_t id;
	int rc = urb__bearer_check(b, "bufset_create");

	if (rc < 0)
		return rc;
	if (nbufs == 0 || nbufs > URB__SET_MAX_BUFS)
		return urb__refuse(b, URB_EINVAL, "bufset_create: %u buffers; a set has 1 .. 65536",
				   nbufs);
	if (len == 0)
		return urb__refuse(b, URB_EINVAL, "bufset_create: buffers of 0 bytes");
	for (id = 0; id < b->cap.buffers; id++)
		if (!b->sets[id].mem.live) {
			s = &b->sets[id];
			break;
		}
	if (!s)
		return urb__at_capacity(b, URB_CAP_BUFFERS);
	size = (uint64_t)urb_bufset_bytes(nbufs, len);
	at = urb__arena_room(b, size);
	if (at == UINT64_MAX)
		return urb__bytes_at_capacity(b, "bufset_create", size);
	*s = (struct urb__bufset){
		.mem = { .live = true, .offset = at, .size = size },
		.nbufs = nbufs, .len = len, .ring = NULL,
		.meta = (struct urb__buf_meta *)(b->books + id * BOOKS_PER_SET),
		.data = b->arena + at,
	};
	for (uint32_t i = 0; i < nbufs; i++) {
		s->meta[i] = (struct urb__buf_meta){ .state = URB_OWN_REUSABLE };
		urb__own_move(&s->meta[i].state, URB_OWN_CREATED);
	}
	b->sets_used++;
	b->arena_used += size;
	return (int)id;
}

static const char *const group_words[] = {
	[URB__GROUP_PENDING] = "being provided to the kernel as a buffer group",
	[URB__GROUP_LEGACY] = "a provided buffer group (remove_buffers first)",
	[URB__GROUP_RING] = "a buffer ring (urb_bufring_destroy first)",
	[URB__GROUP_REMOVING] = "a buffer group whose remove_buffers is in flight",
};

int urb_bufset_destroy(struct urb_bearer *b, uint32_t set)
{
	struct urb__bufset *s;
	int rc = urb__bearer_check(b, "bufset_destroy");

	if (rc < 0)
		return rc;
	if (set >= b->cap.buffers || !b->sets[set].mem.live)
		return urb__refuse(b, URB_EINVAL, "bufset_destroy: buffer set %u does not exist", set);
	s = &b->sets[set];
	/* a group's buffers are the kernel's, as far as the user is concerned */
	if (s->group != URB__GROUP_NONE)
		return urb__refuse(b, URB_EOWNERSHIP,
				   "bufset_destroy: set %u is %s: its buffers are the kernel's", set,
				   group_words[s->group]);
	for (uint32_t i = 0; i < s->nbufs; i++)
		if (s->meta[i].state != URB_OWN_REUSABLE &&
		    !urb__own_can_move(s->meta[i].state, URB_OWN_REUSABLE))
			return urb__refuse(b, URB_EOWNERSHIP, "bufset_destroy: buffer %u.%u is %s",
					   set, i, urb_owner_name(s->meta[i].state));
	if (s->fixed)
		return urb__refuse(b, URB_EBUSY, "bufset_destroy: set %u is registered as fixed "
				   "buffers (urb_bufset_unregister_fixed first)", set);
	s->mem.live = false;
	s->nbufs = 0; /* a set that is not live has no buffer: the hot path's bound says both */
	b->sets_used--;
	b->arena_used -= s->mem.size;
	return 0;
}

/* One buffer as the public calls see it. */
struct buf_ref {
	struct urb__buf_meta *m;
	uint8_t *data;
	uint32_t cap;
};

/* The buffer @buf names, or URB_EINVAL with words saying why it names none. */
/* The bearer checked, then the buffer @buf names, for the public call @what. */
static int lookup(const struct urb_bearer *b, urb_buf_t buf, struct buf_ref *r,
		  const char *what)
{
	uint32_t set = URB_BUF_SET(buf);
	int rc = urb__bearer_check(b, what);

	if (rc < 0)
		return rc;
	r->m = urb__buf_meta(b, buf, &r->data, &r->cap);
	if (r->m)
		return 0;
	if (set < b->cap.buffers && b->sets[set].mem.live)
		return urb__refuse_q(b, URB_EINVAL, "%s: buffer %u.%u does not exist (set %u has %u)",
				     what, set, URB_BUF_INDEX(buf), set, b->sets[set].nbufs);
	return urb__refuse_q(b, URB_EINVAL, "%s: buffer %u.%u does not exist (no set %u)", what,
			     set, URB_BUF_INDEX(buf), set);
}

static int move(struct urb_bearer *b, struct urb__buf_meta *m, urb_buf_t buf,
		enum urb_owner to, const char *what)
{
	uint8_t from = m->state;

	if (urb__own_move(&m->state, to) == 0)
		return 0;
	return urb__refuse(b, URB_EOWNERSHIP, "%s: buffer %u.%u: %s -> %s is not allowed", what,
			   URB_BUF_SET(buf), URB_BUF_INDEX(buf), urb_owner_name(from),
			   urb_owner_name(to));
}

int urb_buf_fill(struct urb_bearer *b, urb_buf_t buf, void **data, uint32_t *cap)
{
	struct buf_ref r;
	int rc = lookup(b, buf, &r, "buf_fill");

	if (rc < 0)
		return rc;
	if (!data || !cap)
		return urb__refuse(b, URB_EINVAL, "buf_fill: %s is NULL", !data ? "data" : "cap");
	rc = move(b, r.m, buf, URB_OWN_FILLING, "buf_fill");
	if (rc < 0)
		return rc;
	*data = r.data;
	*cap = r.cap;
	return 0;
}

int urb_buf_filled(struct urb_bearer *b, urb_buf_t buf, uint32_t len)
{
	struct buf_ref r;
	int rc = lookup(b, buf, &r, "buf_filled");

	if (rc < 0)
		return rc;
	if (len > r.cap)
		return urb__refuse(b, URB_ERANGE, "buf_filled: buffer %u.%u: %u bytes in a %u-byte buffer",
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf), len, r.cap);
	rc = move(b, r.m, buf, URB_OWN_TAKEN, "buf_filled");
	if (rc == 0)
		r.m->len = len;
	return rc;
}

int urb_buf_view(const struct urb_bearer *b, urb_buf_t buf, const void **data,
		 uint32_t *len)
{
	struct buf_ref r;
	int rc = lookup(b, buf, &r, "buf_view");

	if (rc < 0)
		return rc;
	if (!data || !len)
		return urb__refuse_q(b, URB_EINVAL, "buf_view: %s is NULL", !data ? "data" : "len");
	if (r.m->state == URB_OWN_KERNEL)
		return urb__refuse_q(b, URB_EOWNERSHIP, "buf_view: buffer %u.%u is the kernel's",
				     URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	*data = r.data;
	*len = r.m->len;
	return 0;
}

int urb_buf_where(const struct urb_bearer *b, urb_buf_t buf, const void **addr, uint32_t *cap)
{
	struct buf_ref r;
	int rc = lookup(b, buf, &r, "buf_where");

	if (rc < 0)
		return rc;
	if (!addr || !cap)
		return urb__refuse_q(b, URB_EINVAL, "buf_where: %s is NULL", !addr ? "addr" : "cap");
	*addr = r.data; /* whoever owns it: nothing moves */
	*cap = r.cap;
	return 0;
}

int urb_buf_release(struct urb_bearer *b, urb_buf_t buf)
{
	struct buf_ref r;
	int rc = lookup(b, buf, &r, "buf_release");

	if (rc < 0)
		return rc;
	if (b->sets[URB_BUF_SET(buf)].group != URB__GROUP_NONE)
		return urb__refuse(b, URB_ENOTALLOWED, "buf_release: buffer %u.%u belongs to a group: "
				   "recycle it", URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	rc = move(b, r.m, buf, URB_OWN_REUSABLE, "buf_release");
	if (rc == 0)
		r.m->len = 0;
	return rc;
}

int urb_buf_owner(const struct urb_bearer *b, urb_buf_t buf)
{
	struct buf_ref r;
	int rc = lookup(b, buf, &r, "buf_owner");

	return rc < 0 ? rc : r.m->state;
}

/* ---- fixed-buffer registration: a set as one fixed buffer, index = set id */

int urb_bufset_register_fixed(struct urb_bearer *b, uint32_t set)
{
	struct urb__bufset *s;
	struct iovec iov;
	int rc;

	rc = urb__bearer_check(b, "register_fixed");
	if (rc < 0)
		return rc;
	s = urb__live_set(b, set, "register_fixed");
	if (!s)
		return URB_EINVAL;
	if (!b->fixed_table)
		return urb__refuse(b, URB_ENOTSUP, "register_fixed: the kernel has no sparse "
				   "fixed-buffer table (needs kernel 5.19)");
	if (s->fixed)
		return urb__refuse(b, URB_EBUSY, "register_fixed: set %u is registered already", set);
	iov.iov_base = s->data;
	iov.iov_len = (size_t)s->nbufs * s->len;
	rc = io_uring_register_buffers_update_tag(&b->ring, set, &iov, NULL, 1);
	if (rc < 0)
		return urb__refuse(b, rc, "register_fixed: the kernel refused set %u", set);
	s->fixed = true;
	return 0;
}

int urb_bufset_unregister_fixed(struct urb_bearer *b, uint32_t set)
{
	struct urb__bufset *s;
	struct iovec iov = { 0 };
	int rc;

	rc = urb__bearer_check(b, "unregister_fixed");
	if (rc < 0)
		return rc;
	s = urb__live_set(b, set, "unregister_fixed");
	if (!s)
		return URB_EINVAL;
	if (!s->fixed)
		return urb__refuse(b, URB_EINVAL, "unregister_fixed: set %u is not registered", set);
	for (uint32_t i = 0; i < s->nbufs; i++)
		if (s->meta[i].state == URB_OWN_KERNEL && !s->meta[i].in_group)
			return urb__refuse(b, URB_EOWNERSHIP,
					   "unregister_fixed: buffer %u.%u is the kernel's", set, i);
	rc = io_uring_register_buffers_update_tag(&b->ring, set, &iov, NULL, 1);
	if (rc < 0)
		return urb__refuse(b, rc, "unregister_fixed: the kernel kept set %u", set);
	s->fixed = false;
	return 0;
}

bool urb__set_fixed(const struct urb_bearer *b, urb_buf_t buf)
{
	return urb__set_fixed_inline(b, buf);
}

/* ---- the kind: its push calls and hooks */

/*
 * The buffer kind: a slice of one bearer buffer the kernel reads (send,
 * write) or writes (recv, read).  It is the kernel's from the push to the
 * final CQE (a refused push puts back the owner it had, kept in aux); a
 * write's bytes become the buffer's valid length.  A hold: id is the
 * buffer, arg the slice's first byte, flags URB__BUF_WRITE, aux the owner
 * before the push.
 */

int urb__buf_check(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
		   uint32_t len, uint8_t **at, uint32_t *bytes)
{
	const char *op = urb__def(p->rec->op)->name;
	struct urb__buf_meta *m;
	uint8_t *data;
	uint32_t cap, end;

	m = urb__buf_meta(p->b, buf, &data, &cap);
	if (!m)
		return urb__refuse(p->b, URB_EINVAL, "%s: buffer %u.%u does not exist", op,
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	if (!urb__own_can_move(m->state, URB_OWN_KERNEL))
		return urb__refuse(p->b, URB_EOWNERSHIP, "%s: buffer %u.%u is %s, not the user's",
				   op, URB_BUF_SET(buf), URB_BUF_INDEX(buf),
				   urb_owner_name(m->state));
	/* a write may use the whole buffer, a read only what it holds */
	end = write ? cap : m->len;
	if (offset > end || len > end - offset || (write && offset == end))
		return urb__refuse(p->b, URB_ERANGE,
				   "%s: bytes %u..%u of buffer %u.%u, which has %u %s", op, offset,
				   offset + (len ? len : end - offset), URB_BUF_SET(buf),
				   URB_BUF_INDEX(buf), end, write ? "bytes of room" : "valid bytes");
	*at = data + offset;
	*bytes = len ? len : end - offset;
	return 0;
}

int urb__push_buffer(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
		     uint32_t len, uint64_t *addr, uint32_t *sqe_len)
{
	return urb__push_buffer_inline(p, buf, write, offset, len, addr, sqe_len);
}

int urb__push_buffer_checked(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
			     uint32_t len, uint64_t *addr, uint32_t *sqe_len)
{
	struct urb__buf_meta *m;
	struct urb__hold *h;
	uint8_t *at;
	int rc = urb__buf_check(p, buf, write, offset, len, &at, sqe_len);

	if (rc >= 0)
		rc = urb__hold_add(p, URB__KIND_BUF, buf, &h);
	if (rc < 0)
		return rc;
	h->flags = write ? URB__BUF_WRITE : 0;
	h->arg = offset;
	*addr = (uint64_t)(uintptr_t)at;
	m = urb__held_buf(p->b, buf);
	h->aux = m->state; /* taken now, as the inline check does */
	urb__own_move(&m->state, URB_OWN_KERNEL);
	p->rec->buf.meta = m;
	if (write) { /* the slice's start, the room from there to the buffer's end */
		uint8_t *start;
		uint32_t cap;

		urb__buf_meta(p->b, buf, &start, &cap);
		p->rec->buf.at = at;
		p->rec->buf.room = cap - offset;
	}
	return 0;
}

int urb__push_whole_pages(struct urb__push *p, urb_buf_t buf, uint64_t addr, uint32_t len)
{
	uint64_t page = urb__page_size(), first, end, room_end;
	uint8_t *data;
	uint32_t cap;

	urb__buf_meta(p->b, buf, &data, &cap);
	first = addr - (uint64_t)(uintptr_t)data;
	end = first + len;
	room_end = (uint64_t)(uintptr_t)data + cap;
	if (addr % page)
		return urb__refuse(p->b, URB_EINVAL,
				   "%s: bytes %llu..%llu of buffer %u.%u start %llu bytes into a "
				   "%llu-byte page; the kernel works on whole pages from the first",
				   urb__def(p->rec->op)->name, (unsigned long long)first,
				   (unsigned long long)end, URB_BUF_SET(buf), URB_BUF_INDEX(buf),
				   (unsigned long long)(addr % page), (unsigned long long)page);
	if (addr + urb__page_round(len) > room_end)
		return urb__refuse(p->b, URB_EINVAL,
				   "%s: bytes %llu..%llu of buffer %u.%u end inside a %llu-byte page "
				   "that reaches past its %u bytes of room; the kernel works on the "
				   "whole page", urb__def(p->rec->op)->name, (unsigned long long)first,
				   (unsigned long long)end, URB_BUF_SET(buf), URB_BUF_INDEX(buf),
				   (unsigned long long)page, cap);
	return 0;
}

int urb__push_empty(struct urb__push *p, const char *name)
{
	const char *op = urb__def(p->rec->op)->name;

	return urb__refuse(p->b, URB_ERANGE, "%s: %s has no bytes (nothing filled, or an empty "
			   "slice); the kernel takes no empty one here", op, name);
}

int urb__push_fixed_buffer(struct urb__push *p, urb_buf_t buf)
{
	if (urb__set_fixed(p->b, buf))
		return 0;
	return urb__refuse(p->b, URB_EINVAL, "%s: buffer %u.%u: its set is not registered as "
			   "fixed buffers (urb_bufset_register_fixed)", urb__def(p->rec->op)->name,
			   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
}

/*
 * Not a move of the state machine (Kernel goes only to Returned): the
 * kernel never saw the refused push, so the buffer never left its owner.
 */
static void untake(struct urb_bearer *b, struct urb__hold *h)
{
	urb__held_buf(b, h->id)->state = (uint8_t)h->aux;
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	(void)rec;
	urb__buf_give_back(b, h, res);
}

/* Every set (its group state and users too) and each live set's buffers' books. */
static size_t books(const struct urb_bearer *b, void *out, size_t room)
{
	size_t at = urb__books_put(out, room, 0, b->sets, (size_t)b->cap.buffers * sizeof(*b->sets));

	at = urb__books_put(out, room, at, &b->sets_used, sizeof(b->sets_used));
	at = urb__books_put(out, room, at, &b->arena_used, sizeof(b->arena_used));
	for (uint32_t set = 0; set < b->cap.buffers; set++)
		if (b->sets[set].mem.live)
			at = urb__books_put(out, room, at, b->sets[set].meta,
					    (size_t)b->sets[set].nbufs * sizeof(*b->sets[set].meta));
	return at;
}

const struct urb__kind_ops urb__kind_buf = {
	.name = "buffer",
	.untake = untake,
	.give_back = give_back,
	.books = books,
};

void urb__fill_data(const struct urb_bearer *b, const struct urb__rec *rec, int32_t res,
		    struct urb_data *out)
{
	urb__fill_data_inline(b, rec, res, out);
}
