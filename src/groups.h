/* SPDX-License-Identifier: MIT */
#ifndef URB_GROUPS_H
#define URB_GROUPS_H

/*
 * Buffer groups: sets the kernel selects buffers from, as a receive ring
 * (plain or incremental, src/kind_group_ring.c), a send ring
 * (src/kind_group_send.c) or a legacy provided group (src/kind_set.c); the
 * group kind itself, selection and bundle runs are src/kind_group.c.
 * A buffer of a group is Kernel-owned with in_group set while the kernel
 * may pick it; the CQE that reports a pick (IORING_CQE_F_BUFFER) makes it
 * the user's (Returned) and urb_buf_recycle() gives it back.  Rings live
 * in arena memory taken when the ring is created; the group id is the
 * set id.  This header is what those files share.
 */

#include "internal.h"

#define URB__RING_MAX 32768 /* buffers in one ring */

int urb__groups_init(struct urb_bearer *b);
void urb__groups_fini(struct urb_bearer *b);
int urb__group_check(struct urb_bearer *b, uint32_t set, const char *what);
int urb__set_check(struct urb_bearer *b, uint32_t set, enum urb__set_action action,
		   const char *what);
void urb__set_commit(struct urb_bearer *b, uint32_t set, enum urb__set_action action);
void urb__set_done(struct urb_bearer *b, uint32_t set, enum urb__set_action action, int32_t res);
/*
 * May @rec's CQEs with more to come take dispatch's select path?  It holds
 * nothing but an fd slot and one group whose buffers come whole (no
 * incremental ring), and the group is its last hold.
 */
bool urb__group_selects_whole(struct urb_bearer *b, const struct urb__rec *rec);
/* The group buffer a CQE reports: c->selected, selected_more, selected_offset. */
void urb__group_selected(struct urb_bearer *b, uint32_t set, struct urb_completion *c);
/*
 * A bundle's CQE: the run of ring buffers from c->selected on that its
 * bytes filled (a receive) or it took (a send), the user's now, listed in
 * b->run_view.
 */
void urb__group_run(struct urb_bearer *b, uint32_t set, struct urb_completion *c,
		    uint32_t *count);
/* A send bundle on @set is pending (@on) or has said its last word. */
void urb__send_ring_hold(struct urb_bearer *b, uint32_t set, bool on);
/* May ops take bundles from @set (@send: a send ring; else a plain receive ring)? */
int urb__bundle_check(struct urb_bearer *b, uint32_t set, bool send, const char *what);
int urb__recycle(struct urb_bearer *b, urb_buf_t buf);
bool urb__recycle_done(struct urb_bearer *b, urb_buf_t buf, int32_t res);

/* @set, when it is a live set; else a refusal with words for @what, and NULL. */
struct urb__bufset *urb__live_set(struct urb_bearer *b, uint32_t set, const char *what);
/* Every buffer of @s is the user's and idle: it can go to the kernel. */
int urb__set_all_users(struct urb_bearer *b, const struct urb__bufset *s, uint32_t set,
		       const char *what);
/* Every buffer of @s to the kernel, in its group. */
void urb__set_all_to_kernel(struct urb__bufset *s);
/*
 * Buffers still in the group come back to the user, with no bytes (and
 * none an incremental ring kept counts any more: the ring is gone).
 */
void urb__set_pool_to_user(struct urb__bufset *s);

static inline struct urb__bufring *urb__ring_of(const struct urb__bufset *s)
{
	return s->group == URB__GROUP_RING ? s->ring : NULL;
}

/*
 * Buffer @idx of @s into ring entry @pos (io_uring_buf_ring_add()'s work,
 * the position given): a receive ring offers a buffer's room, a send ring
 * its valid bytes.  The tail is the caller's to advance.
 */
static inline void urb__ring_put(struct urb__bufset *s, struct urb__bufring *r, uint32_t idx,
				 uint16_t pos)
{
	struct io_uring_buf *e = &r->br->bufs[pos & io_uring_buf_ring_mask(r->entries)];

	e->addr = (uint64_t)(uintptr_t)(s->data + (uint64_t)idx * s->len);
	e->len = r->send ? s->meta[idx].len : s->len;
	e->bid = (uint16_t)idx;
	s->meta[idx].ring_pos = pos;
}

static inline void urb__ring_add(struct urb__bufset *s, struct urb__bufring *r, uint32_t idx, int offset)
{
	urb__ring_put(s, r, idx, (uint16_t)(r->br->tail + offset));
}

/*
 * The books of buffer @idx of @s if the group's kernel side holds it (in
 * the group, Kernel-owned): the only buffers a CQE may say it picked.
 * NULL for any other id.
 */
static inline struct urb__buf_meta *urb__group_picked(const struct urb__bufset *s, uint32_t idx)
{
	struct urb__buf_meta *m;

	if (idx >= s->nbufs)
		return NULL;
	m = &s->meta[idx];
	return m->in_group && m->state == URB_OWN_KERNEL ? m : NULL;
}

/* A picked buffer leaves the group: the user's, with @len valid bytes. */
static inline void urb__group_hand_over(struct urb__buf_meta *m, uint32_t len)
{
	m->in_group = 0;
	urb__own_known(&m->state, URB_OWN_KERNEL, URB_OWN_RETURNED);
	m->len = len;
	m->consumed = 0;
}

/* @idx of @s, a plain ring's, goes back into the ring: the kernel's again. */
static inline void urb__ring_recycle(struct urb__bufset *s, struct urb__bufring *r, uint32_t idx)
{
	struct urb__buf_meta *m = &s->meta[idx];
	uint16_t tail = r->br->tail; /* read once: the stores below would have it read again */

	urb__ring_put(s, r, idx, tail);
	io_uring_smp_store_release(&r->br->tail, (uint16_t)(tail + 1));
	m->len = 0;
	m->consumed = 0;
	m->in_group = 1;
	urb__own_known(&m->state, (enum urb_owner)m->state, URB_OWN_KERNEL); /* the caller checked */
}

/* A bundle's run from a send ring (kind_group_send.c) or a receive ring (kind_group_ring.c). */
void urb__send_run(struct urb_bearer *b, struct urb__bufset *s, struct urb__bufring *r,
		   uint32_t set, struct urb_completion *c, uint32_t *count);
void urb__recv_run(struct urb_bearer *b, struct urb__bufset *s, struct urb__bufring *r,
		   uint32_t set, struct urb_completion *c, uint32_t *count);
/* A ring over @set (kind_group_ring.c): plain, incremental, or a send ring. */
int urb__ring_create(struct urb_bearer *b, uint32_t set, bool incremental, bool send,
		     const char *what);
/* A send ring's buffer @idx at its tail (kind_group_send.c). */
void urb__send_ring_add(struct urb__bufset *s, struct urb__bufring *r, uint32_t idx);
/* A provided group's recycle: a provide of one buffer (kind_set.c). */
int urb__legacy_recycle(struct urb_bearer *b, urb_buf_t buf);

#endif
