/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <sys/uio.h>

#include "internal.h"

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
	if (!b->rings)
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
	}
}

/* Buffers still in the group come back to the user, with no bytes. */
static void pool_to_user(struct urb__bufset *s)
{
	for (uint32_t i = 0; i < s->nbufs; i++) {
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
	s->meta[idx].ring_pos = (uint32_t)((r->br->tail + offset) & mask);
}

#ifndef IOU_PBUF_RING_INC
#define IOU_PBUF_RING_INC 2 /* Linux 6.12: struct io_uring_buf_reg's flags (liburing 2.3: pad) */
#endif

static int ring_create(struct urb_bearer *b, uint32_t set, bool incremental, bool send,
		       const char *what)
{
	struct io_uring_buf_reg reg = { 0 };
	struct urb__bufset *s;
	struct urb__bufring *r = NULL;
	uint32_t id, entries = 1;
	uint64_t at;
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
				   "(URB_BUNDLE_MAX: one completion hands back at most that many)",
				   what, s->nbufs, URB_BUNDLE_MAX);
	while (entries < s->nbufs)
		entries *= 2;
	if (entries > 32768)
		return urb__refuse(b, URB_ERANGE, "%s: %u buffers, a ring holds 32768", what,
				   s->nbufs);
	for (id = 0; id < b->cap.buffer_rings; id++)
		if (!b->rings[id].mem.live) {
			r = &b->rings[id];
			break;
		}
	if (!r)
		return urb__at_capacity(b, URB_CAP_BUFFER_RINGS);
	at = urb__arena_room(b, (uint64_t)entries * sizeof(struct io_uring_buf), 4096);
	if (at == UINT64_MAX)
		return urb__bytes_at_capacity(b, what, (uint64_t)entries * sizeof(struct io_uring_buf));
	r->br = (struct io_uring_buf_ring *)(b->arena + at);
	r->entries = entries;
	io_uring_buf_ring_init(r->br);
	reg.ring_addr = (uint64_t)(uintptr_t)r->br;
	reg.ring_entries = entries;
	reg.bgid = (uint16_t)set;
	reg.pad = incremental ? IOU_PBUF_RING_INC : 0;
	rc = io_uring_register_buf_ring(&b->ring, &reg, 0);
	if (rc < 0)
		return urb__refuse(b, rc, "%s: the kernel refused the ring", what);
	r->incremental = incremental;
	r->send = send;
	r->mem = (struct urb__region){ .live = true, .offset = at,
				       .size = (uint64_t)entries * sizeof(struct io_uring_buf) };
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
	ring_add(&b->sets[URB_BUF_SET(buf)], r, URB_BUF_INDEX(buf), 0);
	io_uring_buf_ring_advance(r->br, 1);
	m->in_group = 1;
	urb__own_move(&m->state, URB_OWN_KERNEL);
	return 0;
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
	rc = io_uring_unregister_buf_ring(&b->ring, (int)set);
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
	} else {
		pool_to_user(s);
	}
	s->group = URB__GROUP_NONE;
	s->ring = -1;
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
 * A send bundle took the queued buffers from the CQE's on, in ring order,
 * each with the length it was queued with, as far as the bytes sent reach
 * (the last one perhaps in part): each is the user's again, its valid
 * bytes as they were.
 */
static void send_run(struct urb_bearer *b, uint32_t set, struct urb_completion *c,
		     urb_buf_t *run, uint32_t *count)
{
	struct urb__bufset *s = &b->sets[set];
	struct urb__bufring *r = ring_of(b, s);
	uint32_t idx = c->cqe_flags >> IORING_CQE_BUFFER_SHIFT, pos;
	uint64_t left = c->result > 0 ? (uint64_t)c->result : 0;

	if (!(c->cqe_flags & IORING_CQE_F_BUFFER))
		return;
	if (idx >= s->nbufs) {
		b->stats.bad_buffer_ids++;
		return;
	}
	pos = s->meta[idx].ring_pos;
	do {
		struct urb__buf_meta *m;

		idx = r->br->bufs[pos].bid;
		m = idx < s->nbufs ? &s->meta[idx] : NULL;
		if (!m || !m->in_group || m->state != URB_OWN_KERNEL) {
			b->stats.bad_buffer_ids++;
			return;
		}
		m->in_group = 0;
		urb__own_move(&m->state, URB_OWN_RETURNED);
		run[(*count)++] = URB_BUF(set, idx);
		left -= left < m->len ? left : m->len;
		pos = (pos + 1) & (r->entries - 1);
	} while (left > 0 && *count < URB_BUNDLE_MAX);
	c->selected = run[0];
}

/*
 * The buffers after the first that a bundle's bytes filled: the ring
 * entries after the first one's position, in order, each full but the
 * last.  Those entries are not rewritten before this CQE is read: every
 * buffer is in the ring once, and the run's are still the kernel's here.
 */
void urb__group_run(struct urb_bearer *b, uint32_t set, struct urb_completion *c,
		    urb_buf_t *run, uint32_t *count)
{
	struct urb__bufset *s = &b->sets[set];
	struct urb__bufring *r = ring_of(b, s);
	uint32_t want, left;

	*count = 0;
	if (r && r->send)
	{
		send_run(b, set, c, run, count);
		return;
	}
	urb__group_selected(b, set, c);
	if (c->selected == URB_BUF_NONE)
		return;
	run[(*count)++] = c->selected;
	if (!r || c->result <= 0)
		return;
	want = ((uint32_t)c->result + s->len - 1) / s->len;
	left = (uint32_t)c->result - (s->meta[URB_BUF_INDEX(c->selected)].len);
	for (uint32_t i = 1; i < want && i < URB_BUNDLE_MAX; i++) {
		uint32_t pos = (s->meta[URB_BUF_INDEX(c->selected)].ring_pos + i) & (r->entries - 1);
		uint32_t idx = r->br->bufs[pos].bid;
		struct urb__buf_meta *m = idx < s->nbufs ? &s->meta[idx] : NULL;

		if (!m || !m->in_group || m->state != URB_OWN_KERNEL) {
			b->stats.bad_buffer_ids++;
			return;
		}
		m->in_group = 0;
		urb__own_move(&m->state, URB_OWN_RETURNED);
		m->len = left < s->len ? left : s->len;
		m->consumed = 0;
		left -= m->len;
		run[(*count)++] = URB_BUF(set, idx);
	}
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
				      (int)URB_BUF_SET(buf), (int)idx);
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
