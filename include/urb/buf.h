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
#define URB_BUF_NONE ((urb_buf_t)UINT32_MAX)

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

/*
 * The owner's name ("kernel", ...), or NULL for a value that is no
 * enum urb_owner (as urb_capacity_kind_name and urb_op_name do): test
 * urb_buf_owner()'s answer for an error before naming it.
 */
URB_API const char *urb_owner_name(enum urb_owner owner);

/*
 * Creates a set; returns its id (>= 0).  Buffers start Created.  A set
 * takes whole pages of buffer memory for its data (@nbufs * @len bytes,
 * contiguous, the first buffer on a page: a buffer whose size is a
 * multiple of the page is page-aligned).  urb's books on the buffers are
 * not in buffer memory: no page the kernel may be told to work on whole
 * (madvise) holds anything else.  urb_bufset_bytes() says how much.
 */
URB_API int urb_bufset_create(struct urb_bearer *b, uint32_t nbufs, uint32_t len);

/*
 * The buffer memory (of the buffer_bytes capacity) a set of @nbufs buffers
 * of @len bytes takes, for planning the capacity: its data rounded up to
 * whole pages.  URB_EINVAL for a set urb_bufset_create() refuses.
 */
URB_API int64_t urb_bufset_bytes(uint32_t nbufs, uint32_t len);

/*
 * Destroys a set.  URB_EOWNERSHIP while any of its buffers is the kernel's
 * (also every buffer of a set that is a buffer group: a ring, a provided
 * group, or one whose provide or remove is in flight): destroying what the
 * kernel owns is refused like any illegal move.  URB_EBUSY while the set
 * is registered as fixed buffers (urb_bufset_unregister_fixed first).
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

/*
 * Where a buffer is: the address of its first byte and its room in bytes,
 * whoever owns it (the kernel too), for checking its alignment or naming
 * it to code outside urb.  It changes no owner and gives no right to the
 * bytes: read or write them only through urb_buf_fill() or urb_buf_view().
 */
URB_API int urb_buf_where(const struct urb_bearer *b, urb_buf_t buf, const void **addr,
			  uint32_t *cap);

/* Gives a buffer back to its set (Reusable, no valid bytes). */
URB_API int urb_buf_release(struct urb_bearer *b, urb_buf_t buf);

/*
 * Buffer groups.  A set can be handed to the kernel as a group it selects
 * buffers from (ops with a buffer_group argument, e.g. recv_multi); the
 * group id is the set id.  Every buffer then belongs to the kernel until a
 * completion hands one to the user (Returned, with exactly the received
 * bytes); urb_buf_recycle() gives it back.  A buffer the kernel selected
 * for an op that then failed is recycled by urb itself (or, where urb
 * cannot, shown in the completion as the user's): none is lost.
 *
 * Two ways to hand a set over: a buffer ring (the fast path; recycling is
 * a store, no syscall), or the provide_buffers op (legacy kernels;
 * recycling pushes a provide_buffers of one buffer).
 */

/* Registers a buffer ring over every buffer of @set (all must be the user's). */
URB_API int urb_bufring_create(struct urb_bearer *b, uint32_t set);

/*
 * The buffer memory a ring over a set of @nbufs buffers takes: 16 bytes
 * per entry (a power of two at least @nbufs) in whole pages.  URB_EINVAL
 * for a set no ring can take (0 or more than 32768 buffers).
 */
URB_API int64_t urb_bufring_bytes(uint32_t nbufs);

/*
 * The same, incremental (Linux 6.12, IOU_PBUF_RING_INC): the kernel fills
 * each buffer in pieces, one completion per piece, and moves to the next
 * buffer only when one is used up.  A completion whose buffer the kernel
 * keeps filling has c->selected_more set: its bytes are at
 * c->selected_offset in c->selected (the payload's data view shows just
 * them, and they stay put), but the buffer is still the kernel's, not to
 * be recycled.  The completion that ends a buffer hands it to the user as
 * usual: its valid bytes are every piece, and urb_buf_recycle() gives it
 * back whole.  URB_ENOTSUP on a kernel without incremental rings.  Bundles
 * and recvmsg_multi do not take incremental rings (each message's header
 * would start mid-buffer, and the kernel fails the receive once a buffer's
 * rest is shorter than the header).
 */
URB_API int urb_bufring_create_incremental(struct urb_bearer *b, uint32_t set);

/*
 * A send ring over @set (at most URB_BUNDLE_MAX buffers, all the user's,
 * 2 GiB together at most): registered empty.  urb_buf_queue() puts a
 * filled buffer at its tail with its valid bytes, the kernel's from then
 * on; a send_bundle takes every queued buffer when the kernel runs it and
 * sends them in order, and its completion hands them all back (struct
 * urb_bundle), their valid bytes as they were, however much went.  While
 * a send_bundle is pending the ring stays as it was: a buffer queued then
 * waits for that completion and goes to the next send.  Nothing is
 * received into a send ring, and urb_buf_recycle() refuses its buffers.
 */
URB_API int urb_bufring_create_send(struct urb_bearer *b, uint32_t set);

/* Queues @buf (the user's, with valid bytes) at the tail of its set's send ring. */
URB_API int urb_buf_queue(struct urb_bearer *b, urb_buf_t buf);

/*
 * Unregisters the ring; the buffers are the user's again (Returned).
 * URB_EBUSY while a pending op selects from it, URB_EOWNERSHIP while any
 * buffer is out with the user (recycle it first).
 */
URB_API int urb_bufring_destroy(struct urb_bearer *b, uint32_t set);

/*
 * Asks the kernel (Linux 6.8) where it is in @set's ring and checks urb's
 * books against it: with no op pending on the set, the buffers urb counts
 * as the kernel's in the ring must be exactly those the kernel has not
 * taken.  0 when they agree; URB_EOWNERSHIP, with both counts in
 * urb_bearer_detail(), when not; URB_EBUSY while an op uses the set;
 * URB_ENOTSUP on an older kernel.  For tests and audits, not the hot path
 * (one system call).
 */
URB_API int urb_bufring_audit(struct urb_bearer *b, uint32_t set);

/*
 * Gives a buffer the kernel handed out back to its group.  URB_EOWNERSHIP
 * when the kernel already has it (recycled twice, or still in flight),
 * URB_ENOTALLOWED when its set is not a group.  For a provided (legacy)
 * group, URB_EBUSY while its remove_buffers is in flight (the buffer stays
 * yours), and while the last push asked to be linked to the next one: the
 * recycle's own SQE would join that chain and wait for it, so push the
 * chain's next op or submit first.  A buffer the kernel picked for an op
 * that failed is recycled by urb, or handed to you when it cannot be.
 */
URB_API int urb_buf_recycle(struct urb_bearer *b, urb_buf_t buf);

/*
 * Registers @set with the kernel as fixed buffers (index = set id), so ops
 * that can use registered buffers (send_zc) skip the page mapping on every
 * push.  Unregistering is refused while any of its buffers is the kernel's.
 */
URB_API int urb_bufset_register_fixed(struct urb_bearer *b, uint32_t set);
URB_API int urb_bufset_unregister_fixed(struct urb_bearer *b, uint32_t set);

/* Current owner of a buffer (>= 0), or a negative error. */
URB_API int urb_buf_owner(const struct urb_bearer *b, urb_buf_t buf);

#endif
