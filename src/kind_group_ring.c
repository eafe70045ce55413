/* SPDX-License-Identifier: MIT */
#include <sys/syscall.h>
#include <unistd.h>

#include "buffers.h"
#include "groups.h"

/*
 * Receive rings, plain and incremental (IOU_PBUF_RING_INC: the kernel
 * fills a buffer in pieces), and what every ring shares: creation (a send
 * ring's too), destruction and the audit against the kernel's head; a
 * receive bundle's run of buffers.
 */

#ifndef IOU_PBUF_RING_INC
#define IOU_PBUF_RING_INC 2 /* Linux 6.12: struct io_uring_buf_reg's flags (liburing 2.3: pad) */
#endif

/* Entries of a ring over @nbufs buffers: a power of two. */
static uint32_t ring_entries(uint32_t nbufs)
{
	uint32_t entries = 1;

	while (entries < nbufs)
		entries *= 2;
	return entries;
}

int64_t urb_bufring_bytes(uint32_t nbufs)
{
	if (nbufs == 0 || nbufs > URB__RING_MAX)
		return URB_EINVAL;
	return (int64_t)urb__page_round((uint64_t)ring_entries(nbufs) * sizeof(struct io_uring_buf));
}

int urb__ring_create(struct urb_bearer *b, uint32_t set, bool incremental, bool send,
		     const char *what)
{
	struct io_uring_buf_reg reg = { 0 };
	struct urb__bufset *s;
	struct urb__bufring *r = NULL;
	uint32_t id, entries;
	uint64_t size, at;
	int rc;

	rc = urb__bearer_check(b, what);
	if (rc < 0)
		return rc;
	s = urb__live_set(b, set, what);
	if (!s)
		return URB_EINVAL;
	if (s->group != URB__GROUP_NONE)
		return urb__refuse(b, URB_EBUSY, "%s: set %u is a group already", what, set);
	if (incremental && b->kernel_version < (6 << 8 | 12))
		return urb__refuse(b, URB_ENOTSUP, "%s: the kernel has no incremental buffer rings "
				   "(Linux 6.12)", what);
	rc = urb__set_all_users(b, s, set, what);
	if (rc < 0)
		return rc;
	if (send && s->nbufs > URB_BUNDLE_MAX)
		return urb__refuse(b, URB_ERANGE, "%s: %u buffers, a send ring holds %u "
				   "(URB_BUNDLE_MAX)", what, s->nbufs, URB_BUNDLE_MAX);
	/* a send bundle takes every queued buffer only while they add up to an int */
	if (send && (uint64_t)s->nbufs * s->len > INT32_MAX)
		return urb__refuse(b, URB_ERANGE, "%s: %u buffers of %u bytes, more than a send "
				   "takes at once (2 GiB)", what, s->nbufs, s->len);
	entries = ring_entries(s->nbufs);
	if (entries > URB__RING_MAX)
		return urb__refuse(b, URB_ERANGE, "%s: %u buffers, a ring holds %u", what,
				   s->nbufs, URB__RING_MAX);
	for (id = 0; id < b->cap.buffer_rings; id++)
		if (!b->rings[id].mem.live) {
			r = &b->rings[id];
			break;
		}
	if (!r)
		return urb__at_capacity(b, URB_CAP_BUFFER_RINGS);
	size = (uint64_t)urb_bufring_bytes(s->nbufs);
	at = urb__arena_room(b, size);
	if (at == UINT64_MAX)
		return urb__bytes_at_capacity(b, what, size);
	r->br = (struct io_uring_buf_ring *)(b->arena + at);
	r->entries = entries;
	io_uring_buf_ring_init(r->br);
	reg.ring_addr = (uint64_t)(uintptr_t)r->br;
	reg.ring_entries = entries;
	reg.bgid = urb__bgid(set);
	reg.pad = incremental ? IOU_PBUF_RING_INC : 0;
	rc = io_uring_register_buf_ring(&b->ring, &reg, 0);
	if (rc < 0)
		return urb__refuse(b, rc, "%s: the kernel refused the ring", what);
	r->incremental = incremental;
	r->send = send;
	r->sends = 0;
	r->nqueued = r->nheld = 0;
	r->mem = (struct urb__region){ .live = true, .offset = at, .size = size };
	b->arena_used += r->mem.size;
	b->rings_used++;
	s->group = URB__GROUP_RING;
	s->ring = r;
	if (send) /* empty: the user queues what is to go */
		return 0;
	for (uint32_t i = 0; i < s->nbufs; i++)
		urb__ring_add(s, r, i, (int)i);
	io_uring_buf_ring_advance(r->br, (int)s->nbufs);
	urb__set_all_to_kernel(s);
	return 0;
}

int urb_bufring_create(struct urb_bearer *b, uint32_t set)
{
	return urb__ring_create(b, set, false, false, "bufring_create");
}

int urb_bufring_create_incremental(struct urb_bearer *b, uint32_t set)
{
	return urb__ring_create(b, set, true, false, "bufring_create_incremental");
}

int urb_bufring_destroy(struct urb_bearer *b, uint32_t set)
{
	struct urb__bufset *s;
	struct urb__bufring *r;
	int rc;

	rc = urb__bearer_check(b, "bufring_destroy");
	if (rc < 0)
		return rc;
	s = urb__live_set(b, set, "bufring_destroy");
	if (!s)
		return URB_EINVAL;
	if (s->group != URB__GROUP_RING)
		return urb__refuse(b, URB_EINVAL, "bufring_destroy: set %u has no ring", set);
	if (s->users > 0)
		return urb__refuse(b, URB_EBUSY, "bufring_destroy: %u pending ops select from set %u",
				   s->users, set);
	r = s->ring;
	for (uint32_t i = 0; i < s->nbufs && !r->send; i++) /* a send ring's are the user's */
		if (!s->meta[i].in_group)
			return urb__refuse(b, URB_EOWNERSHIP,
					   "bufring_destroy: buffer %u.%u is out (%s): recycle it first",
					   set, i, urb_owner_name(s->meta[i].state));
	rc = io_uring_unregister_buf_ring(&b->ring, urb__bgid(set));
	if (rc < 0)
		return urb__refuse(b, rc, "bufring_destroy: the kernel kept the ring of set %u", set);
	r->mem.live = false;
	b->arena_used -= r->mem.size;
	b->rings_used--;
	if (r->send) { /* queued, never sent: the user's again, with their bytes */
		for (uint32_t i = 0; i < s->nbufs; i++) {
			if (!s->meta[i].in_group)
				continue;
			s->meta[i].in_group = 0;
			urb__own_move(&s->meta[i].state, URB_OWN_RETURNED);
		}
		r->nqueued = r->nheld = 0;
	} else {
		urb__set_pool_to_user(s);
	}
	s->group = URB__GROUP_NONE;
	s->ring = NULL;
	return 0;
}

#ifndef IORING_REGISTER_PBUF_STATUS
#define IORING_REGISTER_PBUF_STATUS 26 /* Linux 6.8 */
#endif

/*
 * urb's books of @set's ring against the kernel's own head.  With no op
 * pending on it, every buffer urb counts as in the ring is one the kernel
 * has not taken: tail - head of them (for a send ring, the ones queued).
 */
int urb_bufring_audit(struct urb_bearer *b, uint32_t set)
{
	struct { uint32_t buf_group, head, resv[8]; } st = { .buf_group = urb__bgid(set) };
	struct urb__bufset *s;
	struct urb__bufring *r;
	uint32_t in_ring = 0;
	uint16_t tail;
	long rc = urb__bearer_check(b, "bufring_audit");

	if (rc < 0)
		return (int)rc;
	s = urb__live_set(b, set, "bufring_audit");
	if (!s)
		return URB_EINVAL;
	if (s->group != URB__GROUP_RING)
		return urb__refuse(b, URB_EINVAL, "bufring_audit: set %u has no ring", set);
	if (s->users > 0)
		return urb__refuse(b, URB_EBUSY, "bufring_audit: %u pending ops use set %u: what "
				   "they took is not known until they complete", s->users, set);
	r = s->ring;
	rc = syscall(__NR_io_uring_register, b->ring.ring_fd, IORING_REGISTER_PBUF_STATUS, &st, 1);
	if (rc < 0)
		return errno == EINVAL ? urb__refuse(b, URB_ENOTSUP, "bufring_audit: the kernel "
						     "reports no ring head (Linux 6.8)")
				       : urb__refuse(b, -errno, "bufring_audit: the kernel "
						     "refused to report set %u's head", set);
	for (uint32_t i = 0; i < s->nbufs; i++)
		in_ring += s->meta[i].in_group && s->meta[i].state == URB_OWN_KERNEL;
	if (r->send)
		in_ring -= r->nheld; /* queued, but held back from the ring */
	tail = IO_URING_READ_ONCE(r->br->tail);
	if ((uint16_t)(tail - st.head) != in_ring)
		return urb__refuse(b, URB_EOWNERSHIP, "bufring_audit: set %u: the kernel holds %u "
				   "buffers in its ring (head %u, tail %u), urb's books say %u", set,
				   (uint16_t)(tail - st.head), st.head, tail, in_ring);
	return 0;
}

/*
 * A receive bundle's buffers: the ring entries from the first one's
 * position on, as many as its bytes filled, each with the length the
 * kernel left in its entry (it cuts the last one it maps to what it asks
 * for).  The kernel takes them under the ring lock, possibly in two
 * rounds that follow each other in the ring, and moves its head past
 * them before the CQE is posted; those entries are not rewritten before
 * this CQE is read, since every buffer is in the ring once and the user
 * can recycle only buffers that were out of the ring then, or that CQEs
 * before this one handed out, which the kernel posts in the order it
 * completed them (io_req_post_cqe() flushes completions it holds back
 * before a multishot's next CQE).  Should an entry have been rewritten
 * all the same, the buffer it names was added at a later turn of the ring
 * than the run's: the walk stops there, counts a bad id, and leaves the
 * rest the kernel's rather than hand out a buffer the kernel may fill.
 * An ASYNC bundle takes its buffers one at a time in a worker, wherever
 * the head is then: those runs cannot be known, and urb__push_bundle
 * refuses them.
 */
void urb__recv_run(struct urb_bearer *b, struct urb__bufset *s, struct urb__bufring *r,
		   uint32_t set, struct urb_completion *c, uint32_t *count)
{
	uint16_t seq = s->meta[URB_BUF_INDEX(c->selected)].ring_pos;
	uint32_t left = (uint32_t)c->result, mask = r->entries - 1;

	while (left > 0 && *count < s->nbufs) {
		const struct io_uring_buf *e = &r->br->bufs[seq & mask];
		uint32_t idx = e->bid, got;
		struct urb__buf_meta *m = idx < s->nbufs ? &s->meta[idx] : NULL;

		if (!m || !m->in_group || m->state != URB_OWN_KERNEL || e->len == 0 ||
		    m->ring_pos != seq || (*count == 0 && URB_BUF(set, idx) != c->selected)) {
			b->stats.bad_buffer_ids++;
			return;
		}
		got = left < e->len ? left : e->len;
		m->in_group = 0;
		urb__own_move(&m->state, URB_OWN_RETURNED);
		m->len = got;
		m->consumed = 0;
		left -= got;
		b->run_view[(*count)++] = URB_BUF(set, idx);
		seq++;
	}
}
