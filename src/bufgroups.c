/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "internal.h"

#define RING_MAX 32768 /* buffers in one ring */

/*
 * Buffer groups: sets the kernel selects buffers from.  A buffer of a
 * group is Kernel-owned with in_group set while the kernel may pick it;
 * the CQE that reports a pick (IORING_CQE_F_BUFFER) makes it the user's
 * (Returned) and urb_buf_recycle() gives it back.  Rings live in arena
 * memory taken when the ring is created; the group id is the set id.
 */

int urb__groups_init(struct urb_bearer *b)
{
	b->rings = calloc(b->cap.buffer_rings + 1, sizeof(*b->rings)); /* + 1: never calloc(0) */
	/* a run is at most a ring's buffers: 32768 (touched only as far as runs reach) */
	b->run_view = calloc(b->cap.buffer_rings ? RING_MAX : 1, sizeof(*b->run_view));
	if (!b->rings || !b->run_view)
		return -ENOMEM;
	/* one fixed-buffer slot per set, filled by urb_bufset_register_fixed */
	b->fixed_table = b->cap.buffers > 0 &&
			 io_uring_register_buffers_sparse(&b->ring, b->cap.buffers) == 0;
	return 0;
}

void urb__groups_fini(struct urb_bearer *b)
{
	free(b->rings);
	b->rings = NULL;
	free(b->run_view);
	b->run_view = NULL;
}

static struct urb__bufset *live_set(struct urb_bearer *b, uint32_t set, const char *what)
{
	if (set < b->cap.buffers && b->sets[set].mem.live)
		return &b->sets[set];
	urb__refuse(b, URB_EINVAL, "%s: buffer set %u does not exist", what, set);
	return NULL;
}

/* Every buffer of @s is the user's and idle: it can go to the kernel. */
static int all_users(struct urb_bearer *b, const struct urb__bufset *s, uint32_t set,
		     const char *what)
{
	for (uint32_t i = 0; i < s->nbufs; i++)
		if (!urb__own_can_move(s->meta[i].state, URB_OWN_KERNEL))
			return urb__refuse(b, URB_EOWNERSHIP, "%s: buffer %u.%u is %s", what, set,
					   i, urb_owner_name(s->meta[i].state));
	return 0;
}

static void all_to_kernel(struct urb__bufset *s)
{
	for (uint32_t i = 0; i < s->nbufs; i++) {
		urb__own_move(&s->meta[i].state, URB_OWN_KERNEL);
		s->meta[i].in_group = 1;
		s->meta[i].consumed = 0;
	}
}

/*
 * Buffers still in the group come back to the user, with no bytes (and
 * none an incremental ring kept counts any more: the ring is gone).
 */
static void pool_to_user(struct urb__bufset *s)
{
	for (uint32_t i = 0; i < s->nbufs; i++) {
		s->meta[i].consumed = 0;
		if (!s->meta[i].in_group)
			continue;
		s->meta[i].in_group = 0;
		s->meta[i].len = 0;
		urb__own_move(&s->meta[i].state, URB_OWN_RETURNED);
	}
}

static struct urb__bufring *ring_of(struct urb_bearer *b, const struct urb__bufset *s)
{
	return s->group == URB__GROUP_RING ? &b->rings[s->ring] : NULL;
}

static void ring_add(struct urb__bufset *s, struct urb__bufring *r, uint32_t idx, int offset)
{
	int mask = io_uring_buf_ring_mask(r->entries);

	/* a receive ring offers a buffer's room, a send ring its valid bytes */
	io_uring_buf_ring_add(r->br, s->data + (uint64_t)idx * s->len,
			      r->send ? s->meta[idx].len : s->len, (unsigned short)idx, mask, offset);
	s->meta[idx].ring_pos = (uint16_t)(r->br->tail + offset);
}

/* @idx goes to the tail of send ring @r: sent after every buffer queued before it. */
static void send_ring_add(struct urb__bufset *s, struct urb__bufring *r, uint32_t idx)
{
	ring_add(s, r, idx, 0);
	io_uring_buf_ring_advance(r->br, 1);
	r->queued[r->nqueued++] = (uint16_t)idx;
}

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
	if (nbufs == 0 || nbufs > RING_MAX)
		return URB_EINVAL;
	return (int64_t)urb__page_round((uint64_t)ring_entries(nbufs) * sizeof(struct io_uring_buf));
}

static int ring_create(struct urb_bearer *b, uint32_t set, bool incremental, bool send,
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
	s = live_set(b, set, what);
	if (!s)
		return URB_EINVAL;
	if (s->group != URB__GROUP_NONE)
		return urb__refuse(b, URB_EBUSY, "%s: set %u is a group already", what, set);
	if (incremental && b->kernel_version < (6 << 8 | 12))
		return urb__refuse(b, URB_ENOTSUP, "%s: the kernel has no incremental buffer rings "
				   "(Linux 6.12)", what);
	rc = all_users(b, s, set, what);
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
	if (entries > RING_MAX)
		return urb__refuse(b, URB_ERANGE, "%s: %u buffers, a ring holds %u", what,
				   s->nbufs, RING_MAX);
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
	s->ring = (int32_t)id;
	if (send) /* empty: the user queues what is to go */
		return 0;
	for (uint32_t i = 0; i < s->nbufs; i++)
		ring_add(s, r, i, (int)i);
	io_uring_buf_ring_advance(r->br, (int)s->nbufs);
	all_to_kernel(s);
	return 0;
}

int urb_bufring_create(struct urb_bearer *b, uint32_t set)
{
	return ring_create(b, set, false, false, "bufring_create");
}

int urb_bufring_create_incremental(struct urb_bearer *b, uint32_t set)
{
	return ring_create(b, set, true, false, "bufring_create_incremental");
}

int urb_bufring_create_send(struct urb_bearer *b, uint32_t set)
{
	return ring_create(b, set, false, true, "bufring_create_send");
}

int urb_buf_queue(struct urb_bearer *b, urb_buf_t buf)
{
	struct urb__buf_meta *m;
	struct urb__bufring *r;
	uint8_t *data;
	uint32_t cap;
	int rc = urb__bearer_check(b, "buf_queue");

	if (rc < 0)
		return rc;
	m = urb__buf_meta(b, buf, &data, &cap);
	if (!m)
		return urb__refuse(b, URB_EINVAL, "buf_queue: buffer %u.%u does not exist",
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	r = ring_of(b, &b->sets[URB_BUF_SET(buf)]);
	if (!r || !r->send)
		return urb__refuse(b, URB_EINVAL, "buf_queue: set %u is no send ring",
				   URB_BUF_SET(buf));
	if (!urb__own_can_move(m->state, URB_OWN_KERNEL))
		return urb__refuse(b, URB_EOWNERSHIP, "buf_queue: buffer %u.%u is %s",
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf), urb_owner_name(m->state));
	if (m->len == 0)
		return urb__refuse(b, URB_ERANGE, "buf_queue: buffer %u.%u has no valid bytes to send",
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	if (r->sends) /* the ring stays as the pending send found it */
		r->held[r->nheld++] = (uint16_t)URB_BUF_INDEX(buf);
	else
		send_ring_add(&b->sets[URB_BUF_SET(buf)], r, URB_BUF_INDEX(buf));
	m->in_group = 1;
	urb__own_move(&m->state, URB_OWN_KERNEL);
	return 0;
}

void urb__send_ring_hold(struct urb_bearer *b, uint32_t set, bool on)
{
	struct urb__bufring *r = ring_of(b, &b->sets[set]);

	if (on) {
		r->sends++;
		return;
	}
	if (--r->sends)
		return;
	for (uint32_t i = 0; i < r->nheld; i++) /* queued while it was pending: in the ring now */
		send_ring_add(&b->sets[set], r, r->held[i]);
	r->nheld = 0;
}

int urb_bufring_destroy(struct urb_bearer *b, uint32_t set)
{
	struct urb__bufset *s;
	struct urb__bufring *r;
	int rc;

	rc = urb__bearer_check(b, "bufring_destroy");
	if (rc < 0)
		return rc;
	s = live_set(b, set, "bufring_destroy");
	if (!s)
		return URB_EINVAL;
	if (s->group != URB__GROUP_RING)
		return urb__refuse(b, URB_EINVAL, "bufring_destroy: set %u has no ring", set);
	if (s->users > 0)
		return urb__refuse(b, URB_EBUSY, "bufring_destroy: %u pending ops select from set %u",
				   s->users, set);
	r = &b->rings[s->ring];
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
		pool_to_user(s);
	}
	s->group = URB__GROUP_NONE;
	s->ring = -1;
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
	s = live_set(b, set, "bufring_audit");
	if (!s)
		return URB_EINVAL;
	if (s->group != URB__GROUP_RING)
		return urb__refuse(b, URB_EINVAL, "bufring_audit: set %u has no ring", set);
	if (s->users > 0)
		return urb__refuse(b, URB_EBUSY, "bufring_audit: %u pending ops use set %u: what "
				   "they took is not known until they complete", s->users, set);
	r = &b->rings[s->ring];
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

/* A set an op may select from: a live ring or provided group. */
int urb__group_check(struct urb_bearer *b, uint32_t set, const char *what)
{
	if (set >= b->cap.buffers || !b->sets[set].mem.live)
		return urb__refuse(b, URB_EINVAL, "%s: buffer group %u does not exist", what, set);
	if (b->sets[set].group == URB__GROUP_REMOVING)
		return urb__refuse(b, URB_EBUSY, "%s: buffer group %u: its remove_buffers is in flight",
				   what, set);
	if (b->sets[set].group != URB__GROUP_RING && b->sets[set].group != URB__GROUP_LEGACY)
		return urb__refuse(b, URB_EINVAL, "%s: buffer set %u is not a buffer group", what, set);
	if (b->sets[set].group == URB__GROUP_RING && b->rings[b->sets[set].ring].send)
		return urb__refuse(b, URB_EINVAL, "%s: buffer group %u is a send ring: nothing is "
				   "received into it", what, set);
	return 0;
}

/* provide_buffers / remove_buffers: may @action happen to @set now? */
int urb__set_check(struct urb_bearer *b, uint32_t set, enum urb__set_action action,
		   const char *what)
{
	struct urb__bufset *s = live_set(b, set, what);

	if (!s)
		return URB_EINVAL;
	if (action == URB__SET_PROVIDE) {
		if (s->group != URB__GROUP_NONE)
			return urb__refuse(b, URB_EBUSY, "%s: set %u is a group already", what, set);
		return all_users(b, s, set, what);
	}
	if (s->group == URB__GROUP_REMOVING)
		return urb__refuse(b, URB_EBUSY, "%s: group %u is being removed already", what, set);
	if (s->group != URB__GROUP_LEGACY)
		return urb__refuse(b, URB_EINVAL, "%s: set %u is not a provided group", what, set);
	if (s->users > 0)
		return urb__refuse(b, URB_EBUSY, "%s: %u pending ops use group %u", what, s->users,
				   set);
	return 0;
}

void urb__set_commit(struct urb_bearer *b, uint32_t set, enum urb__set_action action)
{
	struct urb__bufset *s = &b->sets[set];

	s->users++;
	if (action == URB__SET_PROVIDE) {
		all_to_kernel(s);
		s->group = URB__GROUP_PENDING;
	} else {
		/* from now on nothing may select from it or recycle into it */
		s->group = URB__GROUP_REMOVING;
	}
}

/* The kernel's word on a provide or remove of @set. */
void urb__set_done(struct urb_bearer *b, uint32_t set, enum urb__set_action action, int32_t res)
{
	struct urb__bufset *s = &b->sets[set];

	s->users--;
	if (action == URB__SET_PROVIDE) {
		s->group = res >= 0 ? URB__GROUP_LEGACY : URB__GROUP_NONE;
		if (res < 0)
			pool_to_user(s);
	} else if (res >= 0) {
		/* nothing selected from it or recycled into it since the remove was pushed */
		pool_to_user(s);
		s->group = URB__GROUP_NONE;
	} else {
		s->group = URB__GROUP_LEGACY; /* the kernel kept the group */
	}
}

#ifndef IORING_CQE_F_BUF_MORE
#define IORING_CQE_F_BUF_MORE (1u << 4) /* Linux 6.12 */
#endif

/*
 * The group buffer a CQE reports, now the user's; none when the CQE
 * carries none.  A piece of an incremental ring's buffer the kernel keeps
 * filling stays the kernel's: the CQE only says where its bytes are.
 */
void urb__group_selected(struct urb_bearer *b, uint32_t set, struct urb_completion *c)
{
	struct urb__bufset *s = &b->sets[set];
	uint32_t idx = c->cqe_flags >> IORING_CQE_BUFFER_SHIFT, got, room;
	struct urb__bufring *r = ring_of(b, s);
	struct urb__buf_meta *m;
	urb_buf_t buf;

	if (!(c->cqe_flags & IORING_CQE_F_BUFFER))
		return;
	if (idx >= s->nbufs || !s->meta[idx].in_group || s->meta[idx].state != URB_OWN_KERNEL) {
		b->stats.bad_buffer_ids++;
		return;
	}
	m = &s->meta[idx];
	buf = URB_BUF(set, idx);
	c->selected = buf;
	room = s->len - (m->consumed < s->len ? m->consumed : s->len);
	got = c->result > 0 ? ((uint32_t)c->result < room ? (uint32_t)c->result : room) : 0;
	if (r && r->incremental) {
		c->selected_offset = m->consumed;
		if (c->cqe_flags & IORING_CQE_F_BUF_MORE) {
			c->selected_more = true;
			m->consumed += got;
			return;
		}
	}
	m->in_group = 0;
	urb__own_move(&m->state, URB_OWN_RETURNED);
	m->len = c->selected_offset + got;
	m->consumed = 0;
	/* picked, then failed: back to the group, or to the user where that cannot be */
	if (c->result < 0 && urb__recycle(b, buf) == 0)
		c->selected = URB_BUF_NONE;
}

int urb__bundle_check(struct urb_bearer *b, uint32_t set, bool send, const char *what)
{
	const struct urb__bufset *s = &b->sets[set];
	const struct urb__bufring *r = ring_of(b, (struct urb__bufset *)s);

	if (send && (!r || !r->send))
		return urb__refuse(b, URB_EINVAL, "%s: buffer group %u is no send ring "
				   "(urb_bufring_create_send)", what, set);
	if (!r)
		return urb__refuse(b, URB_EINVAL, "%s: buffer group %u is no ring: bundles come "
				   "from buffer rings only", what, set);
	if (r->incremental)
		return urb__refuse(b, URB_EINVAL, "%s: buffer group %u is an incremental ring, "
				   "which bundles do not take", what, set);
	return 0;
}

/*
 * A send bundle takes every buffer in the ring when the kernel issues it
 * (io_uring/kbuf.c commits them at once), and keeps them whether the send
 * goes whole, in part, or not at all; the ring did not change while it was
 * pending.  So a CQE that names a buffer names the first of all of them:
 * each is the user's again, its valid bytes as they were.
 */
static void send_run(struct urb_bearer *b, struct urb__bufset *s, struct urb__bufring *r,
		     uint32_t set, struct urb_completion *c, uint32_t *count)
{
	uint32_t idx = c->cqe_flags >> IORING_CQE_BUFFER_SHIFT;

	if (!(c->cqe_flags & IORING_CQE_F_BUFFER))
		return; /* it took none */
	if (r->nqueued == 0 || idx != r->queued[0]) {
		b->stats.bad_buffer_ids++;
		return;
	}
	for (uint32_t i = 0; i < r->nqueued; i++) {
		struct urb__buf_meta *m = &s->meta[r->queued[i]];

		m->in_group = 0;
		urb__own_move(&m->state, URB_OWN_RETURNED);
		b->run_view[(*count)++] = URB_BUF(set, r->queued[i]);
	}
	r->nqueued = 0;
	c->selected = b->run_view[0];
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
static void recv_run(struct urb_bearer *b, struct urb__bufset *s, struct urb__bufring *r,
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

void urb__group_run(struct urb_bearer *b, uint32_t set, struct urb_completion *c,
		    uint32_t *count)
{
	struct urb__bufset *s = &b->sets[set];
	struct urb__bufring *r = ring_of(b, s);
	uint32_t idx = c->cqe_flags >> IORING_CQE_BUFFER_SHIFT;

	*count = 0;
	if (r && r->send) {
		send_run(b, s, r, set, c, count);
		return;
	}
	if (!r || c->result <= 0 || !(c->cqe_flags & IORING_CQE_F_BUFFER)) {
		/* one buffer, or none: as for any selecting op */
		urb__group_selected(b, set, c);
		if (c->selected != URB_BUF_NONE)
			b->run_view[(*count)++] = c->selected;
		return;
	}
	if (idx >= s->nbufs) {
		b->stats.bad_buffer_ids++;
		return;
	}
	c->selected = URB_BUF(set, idx);
	recv_run(b, s, r, set, c, count);
	if (*count == 0)
		c->selected = URB_BUF_NONE;
}

/* @idx of @s, a plain ring's, goes back into the ring: the kernel's again. */
static inline void ring_recycle(struct urb__bufset *s, struct urb__bufring *r, uint32_t idx)
{
	struct urb__buf_meta *m = &s->meta[idx];

	ring_add(s, r, idx, 0);
	io_uring_buf_ring_advance(r->br, 1);
	m->len = 0;
	m->consumed = 0;
	m->in_group = 1;
	urb__own_move(&m->state, URB_OWN_KERNEL); /* the caller checked that it may */
}

int urb__recycle(struct urb_bearer *b, urb_buf_t buf)
{
	struct urb__bufset *s = &b->sets[URB_BUF_SET(buf)];
	uint32_t idx = URB_BUF_INDEX(buf);
	struct urb__bufring *r = ring_of(b, s);
	struct io_uring_sqe *sqe;

	if (r && r->send)
		return URB_ENOTALLOWED; /* a send ring takes buffers from urb_buf_queue() */
	if (r) {
		ring_recycle(s, r, idx);
		return 0;
	}
	if (urb__chain_open(b))
		return URB_EBUSY;
	sqe = io_uring_get_sqe(&b->ring);
	if (!sqe) /* no words: urb_buf_recycle sets them, dispatch refuses nobody */
		return URB_EATCAPACITY;
	/*
	 * A provide of one buffer with no record: its key names the buffer,
	 * and its CQE (always asked for, so that urb knows which recycles are
	 * in flight) says whether the kernel took it.
	 */
	io_uring_prep_provide_buffers(sqe, s->data + (uint64_t)idx * s->len, (int)s->len, 1,
				      urb__bgid(URB_BUF_SET(buf)), (int)idx);
	io_uring_sqe_set_data64(sqe, URB__KEY_INTERNAL(b->key_salt, buf));
	s->meta[idx].recycling++;
	s->meta[idx].len = 0;
	s->meta[idx].consumed = 0;
	s->meta[idx].in_group = 1;
	urb__own_move(&s->meta[idx].state, URB_OWN_KERNEL);
	return 0;
}

/*
 * The CQE of a legacy recycle of @buf: false when urb has none in flight
 * (a stranger's CQE).  On failure the kernel never took the buffer, so it
 * is the user's again.
 */
bool urb__recycle_done(struct urb_bearer *b, urb_buf_t buf, int32_t res)
{
	uint8_t *data;
	uint32_t cap;
	struct urb__buf_meta *m = urb__buf_meta(b, buf, &data, &cap);

	if (!m || !m->recycling)
		return false;
	m->recycling--;
	if (res >= 0)
		return true;
	b->stats.recycle_failures++;
	if (m->in_group && m->state == URB_OWN_KERNEL) {
		m->in_group = 0;
		urb__own_move(&m->state, URB_OWN_RETURNED);
	}
	return true;
}

/* Every case of urb_buf_recycle() but the plain one, with its refusals. */
static int recycle_checked(struct urb_bearer *b, urb_buf_t buf)
{
	uint8_t *data;
	uint32_t cap;
	struct urb__buf_meta *m;
	uint8_t group;
	int rc;

	rc = urb__bearer_check(b, "recycle");
	if (rc < 0)
		return rc;
	m = urb__buf_meta(b, buf, &data, &cap);
	if (!m)
		return urb__refuse(b, URB_EINVAL, "recycle: buffer %u.%u does not exist",
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	group = b->sets[URB_BUF_SET(buf)].group;
	if (group == URB__GROUP_REMOVING)
		return urb__refuse(b, URB_EBUSY, "recycle: a remove of group %u is in flight; "
				   "buffer %u.%u stays yours", URB_BUF_SET(buf), URB_BUF_SET(buf),
				   URB_BUF_INDEX(buf));
	if (group != URB__GROUP_RING && group != URB__GROUP_LEGACY)
		return urb__refuse(b, URB_ENOTALLOWED, "recycle: set %u is not a buffer group",
				   URB_BUF_SET(buf));
	if (group == URB__GROUP_RING && b->rings[b->sets[URB_BUF_SET(buf)].ring].send)
		return urb__refuse(b, URB_ENOTALLOWED, "recycle: set %u is a send ring: queue a "
				   "filled buffer with urb_buf_queue()", URB_BUF_SET(buf));
	if (group == URB__GROUP_LEGACY && urb__chain_open(b))
		return urb__refuse(b, URB_EBUSY, "recycle: buffer %u.%u would join the link chain "
				   "the last push opened; push the chain's next op or submit first",
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	if (!urb__own_can_move(m->state, URB_OWN_KERNEL))
		return urb__refuse(b, URB_EOWNERSHIP, "recycle: buffer %u.%u is %s",
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf), urb_owner_name(m->state));
	rc = urb__recycle(b, buf);
	return rc == URB_EATCAPACITY ? urb__at_capacity(b, URB_CAP_CORE_QUEUE) : rc;
}

int urb_buf_recycle(struct urb_bearer *b, urb_buf_t buf)
{
	uint32_t set = URB_BUF_SET(buf), idx = URB_BUF_INDEX(buf);

	/* the plain case, a receive ring's buffer back from the user, goes straight in */
	if (b && !urb__forked(b) && set < b->cap.buffers &&
	    b->sets[set].group == URB__GROUP_RING && idx < b->sets[set].nbufs) {
		struct urb__bufset *s = &b->sets[set];
		struct urb__bufring *r = &b->rings[s->ring];

		if (!r->send && urb__own_can_move(s->meta[idx].state, URB_OWN_KERNEL)) {
			ring_recycle(s, r, idx);
			return 0;
		}
	}
	return recycle_checked(b, buf);
}

int urb_bufset_register_fixed(struct urb_bearer *b, uint32_t set)
{
	struct urb__bufset *s;
	struct iovec iov;
	int rc;

	rc = urb__bearer_check(b, "register_fixed");
	if (rc < 0)
		return rc;
	s = live_set(b, set, "register_fixed");
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
	s = live_set(b, set, "unregister_fixed");
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
	return b->sets[URB_BUF_SET(buf)].fixed;
}
