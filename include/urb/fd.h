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
 * urb_fd_t: an fd argument of an op, and where an op puts a descriptor it
 * creates.  A type of its own, so an int never passes for one: a plain fd
 * and a slot cannot be taken for each other, and a failed open()'s -1
 * names nothing.
 *
 * An fd argument is one of
 *   URB_FD(fd)    a plain fd; a negative one is refused at push
 *   URB_SLOT(n)   fixed-file slot n, registered (urb_fd_register()) or
 *                 filled by an op, of a kind the op takes
 *   URB_CWD       the current directory, where an op takes a directory
 *                 fd (openat's dfd, ...: AT_FDCWD)
 * Each op takes the forms the kernel takes there: both, for nearly every
 * op; only a slot (fixed_fd_install, msg_ring_fd's descriptor) or only a
 * plain fd (the directory fds, epoll_ctl's, a ring's) for a few; its
 * reference says which.  Any other form is refused with URB_EINVAL.
 *
 * Where an op creates a descriptor it takes a target:
 *   URB_PLAIN      a plain fd (all zero bits: zeroed opts mean it)
 *   URB_AUTO_SLOT  a free slot the kernel picks in its area
 *   URB_SLOT(n)    that slot, which must be free and below registered_fd
 */
typedef struct urb_fd {
	uint64_t v; /* the form in bits 32 and up, the fd or slot number below */
} urb_fd_t;

#define URB__FORM_FD (1ull << 32)
#define URB__FORM_SLOT (2ull << 32)
#define URB__FORM_AUTO (3ull << 32)
#define URB__FORM_CWD (4ull << 32)

#define URB_FD(fd) ((urb_fd_t){ URB__FORM_FD | (uint32_t)(int32_t)(fd) })
#define URB_SLOT(n) ((urb_fd_t){ URB__FORM_SLOT | (uint32_t)(n) })
#define URB_CWD ((urb_fd_t){ URB__FORM_CWD })
#define URB_PLAIN ((urb_fd_t){ 0 })
#define URB_AUTO_SLOT ((urb_fd_t){ URB__FORM_AUTO })

/* Which form @f is, and its number: the slot of URB_SLOT(n), the fd of URB_FD(fd). */
#define URB_IS_FD(f) (((f).v >> 32) == 1)
#define URB_IS_SLOT(f) (((f).v >> 32) == 2)
#define URB_IS_AUTO_SLOT(f) ((f).v == URB__FORM_AUTO)
#define URB_IS_PLAIN(f) ((f).v == 0)
#define URB_SLOT_INDEX(f) ((uint32_t)(f).v)
#define URB_FD_NUM(f) ((int32_t)(uint32_t)(f).v)

/*
 * Registers @fd in a free slot of urb's area of the fixed-file table (slots
 * below registered_fd) and returns the slot (>= 0), which ops name as URB_SLOT(slot).
 * The bearer does not own @fd: the kernel holds its own reference,
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
