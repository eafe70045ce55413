/* SPDX-License-Identifier: MIT */
#ifndef URB_BUF_H
#define URB_BUF_H

#include <urb/api.h>

#include <stdint.h>

struct urb_bearer;

/*
 * A buffer set is @nbufs buffers of @len bytes carved from the bearer's
 * buffer memory, at addresses that never change.  One buffer is named by
 * urb_buf_t: its set and its index in the set.
 */
typedef uint32_t urb_buf_t;
#define URB_BUF(set, idx) ((urb_buf_t)(((uint32_t)(set) << 16) | (uint16_t)(idx)))
#define URB_BUF_SET(buf) ((uint32_t)(buf) >> 16)
#define URB_BUF_INDEX(buf) ((uint32_t)(buf) & 0xffffu)

/*
 * Who holds a resource (a record, a buffer, a fixed-file slot).  Every
 * change goes through one transition table; an illegal move is refused
 * with URB_EOWNERSHIP.
 */
enum urb_owner {
	URB_OWN_REUSABLE = 0, /* free: nobody holds it */
	URB_OWN_CREATED,      /* made, owned by the user, no data yet */
	URB_OWN_REGISTERED,   /* known to the kernel, idle */
	URB_OWN_FILLING,      /* the user is writing into it */
	URB_OWN_TAKEN,        /* the user holds it with data */
	URB_OWN_KERNEL,       /* the kernel may read or write it now */
	URB_OWN_RETURNED,     /* the kernel is done; the user holds it with its result */
	URB_OWN__COUNT
};

URB_API const char *urb_owner_name(enum urb_owner owner);

/* Creates a set; returns its id (>= 0).  Buffers start Created. */
URB_API int urb_bufset_create(struct urb_bearer *b, uint32_t nbufs, uint32_t len);

/*
 * Destroys a set.  URB_EOWNERSHIP while any of its buffers is the kernel's:
 * destroying what the kernel owns is refused like any illegal move.
 */
URB_API int urb_bufset_destroy(struct urb_bearer *b, uint32_t set);

/*
 * Takes a buffer for filling: *data points at its @*cap writable bytes
 * until urb_buf_filled().  Refused while the kernel owns it.
 */
URB_API int urb_buf_fill(struct urb_bearer *b, urb_buf_t buf, void **data,
		 uint32_t *cap);

/* Ends filling with @len valid bytes; the buffer is then Taken. */
URB_API int urb_buf_filled(struct urb_bearer *b, urb_buf_t buf, uint32_t len);

/*
 * A read-only view of exactly the valid bytes (what a recv received, what
 * the user filled).  Refused while the kernel owns the buffer.
 */
URB_API int urb_buf_view(const struct urb_bearer *b, urb_buf_t buf,
		 const void **data, uint32_t *len);

/* Gives a buffer back to its set (Reusable, no valid bytes). */
URB_API int urb_buf_release(struct urb_bearer *b, urb_buf_t buf);

/* Current owner of a buffer (>= 0), or a negative error. */
URB_API int urb_buf_owner(const struct urb_bearer *b, urb_buf_t buf);

#endif
