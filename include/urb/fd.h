/* SPDX-License-Identifier: MIT */
#ifndef URB_FD_H
#define URB_FD_H

#include <urb/api.h>

#include <stdint.h>

struct urb_bearer;

/* What a fixed-file slot holds; ops name the kinds they accept. */
enum urb_fd_kind {
	URB_FD_ACCEPTOR = 1, /* a listening socket */
	URB_FD_STREAM,       /* a connected socket */
	URB_FD_SOCKET,       /* a socket in no particular state */
	URB_FD_FILE,         /* anything else */
};

/*
 * Where an fd may be plain or a direct (fixed) slot, a slot is written
 * URB_SLOT(n).  Where an op creates a descriptor it takes a target:
 * URB_PLAIN (a plain fd; 0, so zeroed opts mean it), URB_AUTO_SLOT (the
 * kernel picks a free slot of its area) or URB_SLOT(n) (that slot, which
 * must be free and below registered_fd).
 */
#define URB_PLAIN 0
#define URB_AUTO_SLOT INT32_MIN
#define URB_SLOT(n) ((int32_t)(-1 - (int32_t)(n)))
#define URB_IS_SLOT(v) ((v) < 0 && (v) != URB_AUTO_SLOT)
#define URB_SLOT_INDEX(v) ((uint32_t)(-1 - (v)))

/*
 * Registers @fd in a free slot of urb's area of the fixed-file table (slots
 * below registered_fd) and returns the slot (>= 0).  The bearer does not own @fd: the kernel holds its own reference,
 * so the caller may close @fd afterwards.
 */
URB_API int urb_fd_register(struct urb_bearer *b, int fd, enum urb_fd_kind kind);

/* Same, into the chosen @slot, which must be free. */
URB_API int urb_fd_register_at(struct urb_bearer *b, uint32_t slot, int fd,
		       enum urb_fd_kind kind);

/* Empties a slot.  URB_EBUSY while a pending op uses it. */
URB_API int urb_fd_unregister(struct urb_bearer *b, uint32_t slot);

/* The kind of a registered slot (> 0), or URB_ENOTREGISTERED. */
URB_API int urb_fd_kind(const struct urb_bearer *b, uint32_t slot);

#endif
