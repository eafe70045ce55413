/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/*
 * Out-of-line record storage: record_bytes allocated at construction, in
 * 64-byte blocks, for what an op keeps that does not fit its record (a
 * path the kernel reads, a struct statx it writes, an iovec).  A run of
 * blocks is taken first fit and named by a handle; the record that holds
 * it gives it back when it is released (the kind, below), so the kernel never
 * sees the blocks reused while the op is pending.
 */

#define BLOCK URB__STORE_BLOCK
#define HANDLE(block, n) ((block) << 8 | (n))
#define HANDLE_BLOCK(h) ((h) >> 8)
#define HANDLE_COUNT(h) ((h) & 0xffu)

int urb__store_init(struct urb_bearer *b)
{
	uint64_t blocks = b->cap.record_bytes / BLOCK;

	b->store_blocks = (uint32_t)blocks;
	if (!blocks)
		return 0;
	b->store = aligned_alloc(BLOCK, blocks * BLOCK);
	b->store_map = calloc((blocks + 63) / 64, sizeof(*b->store_map));
	return b->store && b->store_map ? 0 : -ENOMEM;
}

void urb__store_fini(struct urb_bearer *b)
{
	free(b->store);
	free(b->store_map);
	b->store = NULL;
	b->store_map = NULL;
}

static bool taken(const struct urb_bearer *b, uint32_t block)
{
	return b->store_map[block / 64] & (UINT64_C(1) << (block % 64));
}

static void mark(struct urb_bearer *b, uint32_t block, uint32_t n, bool on)
{
	for (uint32_t i = block; i < block + n; i++) {
		if (on)
			b->store_map[i / 64] |= UINT64_C(1) << (i % 64);
		else
			b->store_map[i / 64] &= ~(UINT64_C(1) << (i % 64));
	}
}

int urb__store_alloc(struct urb_bearer *b, size_t bytes, const char *what, uint32_t *run)
{
	uint32_t n = (uint32_t)((bytes + BLOCK - 1) / BLOCK), free_run = 0;

	if (bytes > URB__STORE_RUN_MAX)
		return urb__refuse(b, URB_ERANGE, "%s: %zu bytes of record storage, at most %u in "
				   "one piece", what, bytes, URB__STORE_RUN_MAX);
	if (!b->store_blocks)
		return urb__at_capacity(b, URB_CAP_RECORD_BYTES);
	for (uint32_t i = 0; i < b->store_blocks; i++) {
		free_run = taken(b, i) ? 0 : free_run + 1;
		if (free_run == n) {
			uint32_t first = i + 1 - n;

			mark(b, first, n, true);
			b->store_used += n;
			*run = HANDLE(first, n);
			return 0;
		}
	}
	b->last_cap_kind = URB_CAP_RECORD_BYTES;
	return urb__refuse(b, URB_EATCAPACITY, "%s: record_bytes: %u bytes asked, %u of %llu "
			   "in use", what, n * BLOCK, b->store_used * BLOCK,
			   (unsigned long long)b->cap.record_bytes);
}

void urb__store_free(struct urb_bearer *b, uint32_t run)
{
	mark(b, HANDLE_BLOCK(run), HANDLE_COUNT(run), false);
	b->store_used -= HANDLE_COUNT(run);
}

void *urb__store_at(const struct urb_bearer *b, uint32_t run)
{
	return b->store + (uint64_t)HANDLE_BLOCK(run) * BLOCK;
}

/* ---- the kind: its push calls and hooks */

/*
 * The storage kind: a run of record storage (above) a record holds from
 * its push until it is released, for a path the kernel reads, an output
 * struct it writes, or a buffer vector's ids and iovec.  A hold: id is the
 * run's handle.  Retained completions keep it: a payload may point into it.
 */

int urb__store_take(struct urb__push *p, size_t bytes, void **at, uint32_t *hold)
{
	struct urb__hold *h;
	uint32_t run;
	int rc = urb__store_alloc(p->b, bytes, urb__def(p->rec->op)->name, &run);

	if (rc < 0)
		return rc;
	rc = urb__hold_add(p, URB__KIND_STORE, run, &h);
	if (rc < 0) {
		urb__store_free(p->b, run);
		return rc;
	}
	*at = urb__store_at(p->b, run);
	if (hold)
		*hold = (uint32_t)(h - p->rec->holds);
	return 0;
}

static void release(struct urb_bearer *b, struct urb__hold *h)
{
	urb__store_free(b, h->id);
}

/* Which blocks are taken, and how many. */
static size_t books(const struct urb_bearer *b, void *out, size_t room)
{
	size_t at = urb__books_put(out, room, 0, b->store_map,
				   (size_t)(b->store_blocks + 63) / 64 * sizeof(*b->store_map));

	return urb__books_put(out, room, at, &b->store_used, sizeof(b->store_used));
}

const struct urb__kind_ops urb__kind_store = {
	.name = "record storage",
	.release = release,
	.books = books,
};

int urb__push_path(struct urb__push *p, const char *path, uint64_t *addr)
{
	const char *op = urb__def(p->rec->op)->name;
	size_t len;
	void *at;
	int rc;

	if (!path)
		return urb__refuse(p->b, URB_EINVAL, "%s: the path is NULL", op);
	len = strnlen(path, PATH_MAX);
	if (len == PATH_MAX)
		return urb__refuse(p->b, URB_ERANGE, "%s: the path is %d bytes or longer "
				   "(PATH_MAX with its NUL)", op, PATH_MAX);
	rc = urb__store_take(p, len + 1, &at, NULL);
	if (rc < 0)
		return rc;
	memcpy(at, path, len + 1);
	*addr = (uint64_t)(uintptr_t)at;
	return 0;
}

int urb__push_out(struct urb__push *p, size_t size, uint64_t *addr)
{
	void *at;
	int rc = urb__store_take(p, size, &at, NULL);

	if (rc < 0)
		return rc;
	memset(at, 0, size);
	*addr = (uint64_t)(uintptr_t)at;
	return 0;
}

const void *urb__rec_store(const struct urb_bearer *b, const struct urb__rec *rec, unsigned i)
{
	for (unsigned k = 0; k < rec->nholds; k++)
		if (rec->holds[k].kind == URB__KIND_STORE && i-- == 0)
			return urb__store_at(b, rec->holds[k].id);
	return NULL;
}
