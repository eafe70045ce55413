/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>

#include "groups.h"

/*
 * Buffer groups (groups.h says what they are): the books every group
 * shares, which set an op may select from, the buffer a CQE selected, a
 * bundle's run, recycling; then the group kind, its push calls and hooks.
 */

int urb__groups_init(struct urb_bearer *b)
{
	b->rings = calloc(b->cap.buffer_rings + 1, sizeof(*b->rings)); /* + 1: never calloc(0) */
	/* a run is at most a ring's buffers: 32768 (touched only as far as runs reach) */
	b->run_view = calloc(b->cap.buffer_rings ? URB__RING_MAX : 1, sizeof(*b->run_view));
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

struct urb__bufset *urb__live_set(struct urb_bearer *b, uint32_t set, const char *what)
{
	if (set < b->cap.buffers && b->sets[set].mem.live)
		return &b->sets[set];
	urb__refuse(b, URB_EINVAL, "%s: buffer set %u does not exist", what, set);
	return NULL;
}

/* Every buffer of @s is the user's and idle: it can go to the kernel. */
int urb__set_all_users(struct urb_bearer *b, const struct urb__bufset *s, uint32_t set,
		       const char *what)
{
	for (uint32_t i = 0; i < s->nbufs; i++)
		if (!urb__own_can_move(s->meta[i].state, URB_OWN_KERNEL))
			return urb__refuse(b, URB_EOWNERSHIP, "%s: buffer %u.%u is %s", what, set,
					   i, urb_owner_name(s->meta[i].state));
	return 0;
}

void urb__set_all_to_kernel(struct urb__bufset *s)
{
	for (uint32_t i = 0; i < s->nbufs; i++) {
		urb__own_move(&s->meta[i].state, URB_OWN_KERNEL);
		s->meta[i].in_group = 1;
		s->meta[i].consumed = 0;
	}
}

void urb__set_pool_to_user(struct urb__bufset *s)
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
	if (b->sets[set].group == URB__GROUP_RING && b->sets[set].ring->send)
		return urb__refuse(b, URB_EINVAL, "%s: buffer group %u is a send ring: nothing is "
				   "received into it", what, set);
	return 0;
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
	struct urb__bufring *r = urb__ring_of(s);
	struct urb__buf_meta *m;
	urb_buf_t buf;

	if (!(c->cqe_flags & IORING_CQE_F_BUFFER))
		return;
	m = urb__group_picked(s, idx);
	if (!m) {
		b->stats.bad_buffer_ids++;
		return;
	}
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
	urb__group_hand_over(m, c->selected_offset + got);
	/* picked, then failed: back to the group, or to the user where that cannot be */
	if (c->result < 0 && urb__recycle(b, buf) == 0)
		c->selected = URB_BUF_NONE;
}

int urb__bundle_check(struct urb_bearer *b, uint32_t set, bool send, const char *what)
{
	const struct urb__bufset *s = &b->sets[set];
	const struct urb__bufring *r = urb__ring_of((struct urb__bufset *)s);

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

void urb__group_run(struct urb_bearer *b, uint32_t set, struct urb_completion *c,
		    uint32_t *count)
{
	struct urb__bufset *s = &b->sets[set];
	struct urb__bufring *r = urb__ring_of(s);
	uint32_t idx = c->cqe_flags >> IORING_CQE_BUFFER_SHIFT;

	*count = 0;
	if (r && r->send) {
		urb__send_run(b, s, r, set, c, count);
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
	urb__recv_run(b, s, r, set, c, count);
	if (*count == 0)
		c->selected = URB_BUF_NONE;
}

int urb__recycle(struct urb_bearer *b, urb_buf_t buf)
{
	struct urb__bufset *s = &b->sets[URB_BUF_SET(buf)];
	struct urb__bufring *r = urb__ring_of(s);

	if (r && r->send)
		return URB_ENOTALLOWED; /* a send ring takes buffers from urb_buf_queue() */
	if (r) {
		urb__ring_recycle(s, r, URB_BUF_INDEX(buf));
		return 0;
	}
	return urb__legacy_recycle(b, buf);
}

static __attribute__((noinline)) int recycle_checked(struct urb_bearer *b, urb_buf_t buf)
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
	if (group == URB__GROUP_RING && b->sets[URB_BUF_SET(buf)].ring->send)
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
	if (__builtin_expect(b && set < b->cap.buffers, 1)) {
		struct urb__bufset *s = &b->sets[set];

		if (s->group == URB__GROUP_RING && idx < s->nbufs) {
			struct urb__bufring *r = s->ring;
			uint8_t owner = s->meta[idx].state;

			if (!r->send && (b->own_legal[owner] & URB__TO(KERNEL)) && !urb__forked(b)) {
				urb__ring_recycle(s, r, idx);
				return 0;
			}
		}
	}
	return recycle_checked(b, buf);
}

/* ---- the group kind: its push calls and hooks */

/*
 * The buffer group kind: a set (a registered ring or a provided group) the
 * kernel selects a buffer from for each CQE.  The set counts the ops
 * selecting from it, so it refuses to be destroyed or removed under them;
 * each CQE's selected buffer is the user's from that CQE on (above).
 * A bundle takes a run of them per CQE, which the CQE writes into the op's
 * record area (the list itself in b->run_view, for the callback).  A hold:
 * id is the set; flags BUNDLE, arg the run's offset in the record area.
 * A pending send bundle keeps its send ring as it found it (kind_group_send.c).
 */

#define BUNDLE 1u

/*
 * A group keeps its kind while an op holds it (ring create and destroy,
 * provide and remove refuse a group in use), so what this says at push
 * holds for every CQE of the op.
 */
bool urb__group_selects_whole(struct urb_bearer *b, const struct urb__rec *rec)
{
	const struct urb__hold *h;
	const struct urb__bufring *r;

	if (!rec->nholds || (rec->kinds & ~(1u << URB__KIND_FD | 1u << URB__KIND_GROUP)))
		return false;
	h = &rec->holds[rec->nholds - 1];
	if (h->kind != URB__KIND_GROUP || (h->flags & BUNDLE))
		return false;
	r = urb__ring_of(&b->sets[h->id]);
	return !r || (!r->incremental && !r->send);
}

int urb__push_group(struct urb__push *p, uint32_t set)
{
	struct urb__hold *h;
	int rc = urb__group_check(p->b, set, urb__def(p->rec->op)->name);

	if (rc >= 0)
		rc = urb__hold_add(p, URB__KIND_GROUP, set, &h);
	if (rc >= 0)
		p->sqe->buf_group = urb__bgid(set);
	return rc;
}

int urb__push_bundle(struct urb__push *p, uint32_t set, bool send, struct urb_bundle *run,
		     uint32_t *len)
{
	const char *op = urb__def(p->rec->op)->name;
	struct urb__hold *h;
	int rc = send ? 0 : urb__group_check(p->b, set, op);

	if (rc >= 0 && send && (set >= p->b->cap.buffers || !p->b->sets[set].mem.live))
		rc = urb__refuse(p->b, URB_EINVAL, "%s: buffer group %u does not exist", op, set);
	if (rc >= 0)
		rc = urb__bundle_check(p->b, set, send, op);
	/*
	 * The kernel runs an ASYNC op, and a link chain's ops whenever the
	 * chain goes to a worker (an ASYNC op in it, or a chain a submit
	 * leaves open), in io-wq, where a bundle takes its buffers one at a
	 * time from wherever the ring's head is then: no completion can say
	 * which.  So a receive bundle runs alone.
	 */
	if (rc >= 0 && !send && ((p->sqe->flags & IOSQE_ASYNC) || urb__push_chained(p)))
		rc = urb__refuse(p->b, URB_ENOTALLOWED, "%s: not ASYNC nor linked: a worker takes "
				 "its buffers one by one from wherever the ring is, which no "
				 "completion says", op);
	if (rc >= 0)
		rc = urb__hold_add(p, URB__KIND_GROUP, set, &h);
	if (rc < 0)
		return rc;
	h->flags = BUNDLE;
	h->arg = (uint32_t)((uint8_t *)run - (uint8_t *)&p->rec->u);
	p->sqe->buf_group = urb__bgid(set);
	memset(run, 0, sizeof(*run));
	/*
	 * A receive asks for the whole ring's room in one go (the kernel may go
	 * round once more when more waits: urb reads what it took, not what
	 * it asked for); a send asks for no cap, so it takes every queued buffer.
	 */
	if (send)
		*len = 0;
	else
		*len = (uint32_t)MIN((uint64_t)p->b->sets[set].nbufs * p->b->sets[set].len,
				     (uint64_t)INT32_MAX);
	return 0;
}

static bool send_bundle(const struct urb_bearer *b, const struct urb__hold *h)
{
	const struct urb__bufset *s = &b->sets[h->id];

	return (h->flags & BUNDLE) && s->group == URB__GROUP_RING && s->ring->send;
}

static struct urb_bundle *run_of(struct urb__rec *rec, const struct urb__hold *h)
{
	return (struct urb_bundle *)((uint8_t *)&rec->u + h->arg);
}

static void take(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h)
{
	(void)rec;
	b->sets[h->id].users++;
	if (send_bundle(b, h))
		urb__send_ring_hold(b, h->id, true);
}

static void each(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		 struct urb_completion *c)
{
	if (h->flags & BUNDLE) {
		struct urb_bundle *run = run_of(rec, h);

		urb__group_run(b, h->id, c, &run->count);
		run->bufs = b->run_view;
		run->bytes = c->result > 0 && run->count ? (uint32_t)c->result : 0;
		return;
	}
	urb__group_selected(b, h->id, c);
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	(void)rec, (void)res;
	b->sets[h->id].users--;
	if (send_bundle(b, h))
		urb__send_ring_hold(b, h->id, false);
}

void urb__fill_bundle(const struct urb_bearer *b, const struct urb__rec *rec,
		      const struct urb_completion *c, struct urb_bundle *out)
{
	const struct urb__hold *h = urb__rec_hold(rec, URB__KIND_GROUP);

	(void)b, (void)c;
	memset(out, 0, sizeof(*out));
	if (h && (h->flags & BUNDLE))
		*out = *(const struct urb_bundle *)((const uint8_t *)&rec->u + h->arg);
}

/* Every ring (its send books too) and where each live one's tail is. */
static size_t books(const struct urb_bearer *b, void *out, size_t room)
{
	size_t at = urb__books_put(out, room, 0, b->rings,
				   (size_t)b->cap.buffer_rings * sizeof(*b->rings));

	at = urb__books_put(out, room, at, &b->rings_used, sizeof(b->rings_used));
	for (uint32_t i = 0; i < b->cap.buffer_rings; i++)
		if (b->rings[i].mem.live)
			at = urb__books_put(out, room, at, &b->rings[i].br->tail,
					    sizeof(b->rings[i].br->tail));
	return at;
}

const struct urb__kind_ops urb__kind_group = {
	.name = "buffer group",
	.take = take,
	.each = each,
	.give_back = give_back,
	.books = books,
};
