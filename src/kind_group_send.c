/* SPDX-License-Identifier: MIT */
#include "groups.h"

/*
 * Send rings: the user queues filled buffers (urb_buf_queue()), and a send
 * bundle takes every buffer queued when the kernel issues it.  While one is
 * pending the ring does not change: what the user queues meanwhile waits
 * in the ring's held list until the bundle's last word.
 */

int urb_bufring_create_send(struct urb_bearer *b, uint32_t set)
{
	return urb__ring_create(b, set, false, true, "bufring_create_send");
}

/* @idx goes to the tail of send ring @r: sent after every buffer queued before it. */
void urb__send_ring_add(struct urb__bufset *s, struct urb__bufring *r, uint32_t idx)
{
	urb__ring_add(s, r, idx, 0);
	io_uring_buf_ring_advance(r->br, 1);
	r->queued[r->nqueued++] = (uint16_t)idx;
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
	r = urb__ring_of(&b->sets[URB_BUF_SET(buf)]);
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
		urb__send_ring_add(&b->sets[URB_BUF_SET(buf)], r, URB_BUF_INDEX(buf));
	m->in_group = 1;
	urb__own_move(&m->state, URB_OWN_KERNEL);
	return 0;
}

void urb__send_ring_hold(struct urb_bearer *b, uint32_t set, bool on)
{
	struct urb__bufring *r = urb__ring_of(&b->sets[set]);

	if (on) {
		r->sends++;
		return;
	}
	if (--r->sends)
		return;
	for (uint32_t i = 0; i < r->nheld; i++) /* queued while it was pending: in the ring now */
		urb__send_ring_add(&b->sets[set], r, r->held[i]);
	r->nheld = 0;
}

/*
 * A send bundle takes every buffer in the ring when the kernel issues it
 * (io_uring/kbuf.c commits them at once), and keeps them whether the send
 * goes whole, in part, or not at all; the ring did not change while it was
 * pending.  So a CQE that names a buffer names the first of all of them:
 * each is the user's again, its valid bytes as they were.
 */
void urb__send_run(struct urb_bearer *b, struct urb__bufset *s, struct urb__bufring *r,
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
