/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <sys/param.h>

#include "internal.h"

/*
 * The buffer group kind: a set (a registered ring or a provided group) the
 * kernel selects a buffer from for each CQE.  The set counts the ops
 * selecting from it, so it refuses to be destroyed or removed under them;
 * each CQE's selected buffer is the user's from that CQE on (bufgroups.c).
 * A bundle takes a run of them per CQE, which the CQE writes into the op's
 * record area (the list itself in b->run_view, for the callback).  A hold:
 * id is the set; flags BUNDLE, arg the run's offset in the record area.
 * A pending send bundle keeps its send ring as it found it (bufgroups.c).
 */

#define BUNDLE 1u

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

	return (h->flags & BUNDLE) && s->group == URB__GROUP_RING && b->rings[s->ring].send;
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

const struct urb__kind_ops urb__kind_group = {
	.name = "buffer group",
	.take = take,
	.each = each,
	.give_back = give_back,
};
