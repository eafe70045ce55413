/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Out-of-line record storage: record_bytes allocated at construction, in
 * 64-byte blocks, for what an op keeps that does not fit its record (a
 * path the kernel reads, a struct statx it writes).  A push takes a run of
 * blocks, first fit; the record gives it back when it is released, so the
 * kernel never sees the blocks reused while the op is pending.
 */

#define BLOCK URB__STORE_BLOCK
#define HANDLE(block, n) ((block) << 8 | (n))
#define HANDLE_BLOCK(h) ((h) >> 8)
#define HANDLE_COUNT(h) ((h) & 0xffu)
#define MAX_RUN 255u /* blocks in one handle: 16 KiB, PATH_MAX fits */

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

/* A run of blocks for @bytes, noted in the record; its address in *@at. */
int urb__store_take(struct urb__push *p, size_t bytes, void **at)
{
	struct urb_bearer *b = p->b;
	struct urb__holds *h = &p->rec->h;
	uint32_t n = (uint32_t)((bytes + BLOCK - 1) / BLOCK), run = 0;
	unsigned slot = h->store[0] ? 1 : 0;

	if (h->store[URB__REC_MAX_STORE - 1])
		return urb__refuse(b, URB_EINVAL, "%s: more than %u runs of record storage",
				   urb__def(p->rec->op)->name, URB__REC_MAX_STORE);
	if (!b->store_blocks)
		return urb__at_capacity(b, URB_CAP_RECORD_BYTES);
	for (uint32_t i = 0; i < b->store_blocks; i++) {
		run = taken(b, i) ? 0 : run + 1;
		if (run == n) {
			uint32_t first = i + 1 - n;

			mark(b, first, n, true);
			b->store_used += n;
			h->store[slot] = HANDLE(first, n);
			*at = b->store + (uint64_t)first * BLOCK;
			return 0;
		}
	}
	b->last_cap_kind = URB_CAP_RECORD_BYTES;
	return urb__refuse(b, URB_EATCAPACITY, "%s: record_bytes: %u bytes asked, %u of %llu "
			   "in use", urb__def(p->rec->op)->name, n * BLOCK, b->store_used * BLOCK,
			   (unsigned long long)b->cap.record_bytes);
}

void urb__store_release(struct urb_bearer *b, struct urb__rec *rec)
{
	for (unsigned i = 0; i < URB__REC_MAX_STORE && rec->h.store[i]; i++) {
		mark(b, HANDLE_BLOCK(rec->h.store[i]), HANDLE_COUNT(rec->h.store[i]), false);
		b->store_used -= HANDLE_COUNT(rec->h.store[i]);
		rec->h.store[i] = 0;
	}
}

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
	rc = urb__store_take(p, len + 1, &at);
	if (rc < 0)
		return rc;
	memcpy(at, path, len + 1);
	*addr = (uint64_t)(uintptr_t)at;
	return 0;
}

int urb__push_out(struct urb__push *p, size_t size, uint64_t *addr)
{
	void *at;
	int rc = size <= MAX_RUN * BLOCK ? urb__store_take(p, size, &at) :
		 urb__refuse(p->b, URB_ERANGE, "%s: %zu bytes of output, at most %u",
			     urb__def(p->rec->op)->name, size, MAX_RUN * BLOCK);

	if (rc < 0)
		return rc;
	memset(at, 0, size);
	*addr = (uint64_t)(uintptr_t)at;
	return 0;
}

const void *urb__rec_store(const struct urb_bearer *b, const struct urb__rec *rec, unsigned i)
{
	if (i >= URB__REC_MAX_STORE || !rec->h.store[i])
		return NULL;
	return b->store + (uint64_t)HANDLE_BLOCK(rec->h.store[i]) * BLOCK;
}
