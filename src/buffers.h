/* SPDX-License-Identifier: MIT */
#ifndef URB_BUFFERS_H
#define URB_BUFFERS_H

/*
 * Buffer memory and sets (src/kind_buf.c) beyond what the hot path reads
 * (internal.h), and the checks other kinds borrow: a message is a buffer
 * vector, a buffer and a msghdr.
 */

#include "internal.h"

int urb__bufs_init(struct urb_bearer *b);
void urb__bufs_fini(struct urb_bearer *b);
/* The first page of buffer memory where @size bytes (whole pages) fit, or UINT64_MAX. */
uint64_t urb__arena_room(const struct urb_bearer *b, uint64_t size);

struct iovec;
/* Checks @buf's slice as urb__push_buffer() does, holding nothing: its first byte and length. */
int urb__buf_check(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
		   uint32_t len, uint8_t **at, uint32_t *bytes);
/*
 * Checks and holds a vector of buffers as urb__push_bufvec() does, in a run
 * of storage with @extra more bytes after the ids and the iovec (*@extra_at).
 */
int urb__bufvec_take(struct urb__push *p, const urb_buf_t *bufs, uint32_t count, bool write,
		     bool fixed, size_t extra, struct iovec **iov, void **extra_at);
/* The bytes of a vector's ids and iovec at the start of its run. */
size_t urb__bufvec_bytes(uint32_t count);

#endif
