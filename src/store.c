/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "internal.h"

/*
 * Out-of-line record storage: record_bytes allocated at construction, in
 * 64-byte blocks, for what an op keeps that does not fit its record (a
 * path the kernel reads, a struct statx it writes, an iovec).  A run of
 * blocks is taken first fit and named by a handle; the record that holds
 * it gives it back when it is released (kind_store.c), so the kernel never
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
