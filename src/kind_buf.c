/* SPDX-License-Identifier: MIT */
#include "internal.h"

/*
 * The buffer kind: a slice of one bearer buffer the kernel reads (send,
 * write) or writes (recv, read).  It is the kernel's from the push to the
 * final CQE (a refused push puts back the owner it had, kept in aux); a
 * write's bytes become the buffer's valid length.  A hold: id is the
 * buffer, arg the slice's first byte, flags URB__BUF_WRITE, aux the owner
 * before the push.
 */

int urb__buf_check(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
		   uint32_t len, uint8_t **at, uint32_t *bytes)
{
	const char *op = urb__def(p->rec->op)->name;
	struct urb__buf_meta *m;
	uint8_t *data;
	uint32_t cap, end;

	m = urb__buf_meta(p->b, buf, &data, &cap);
	if (!m)
		return urb__refuse(p->b, URB_EINVAL, "%s: buffer %u.%u does not exist", op,
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	if (!urb__own_can_move(m->state, URB_OWN_KERNEL))
		return urb__refuse(p->b, URB_EOWNERSHIP, "%s: buffer %u.%u is %s, not the user's",
				   op, URB_BUF_SET(buf), URB_BUF_INDEX(buf),
				   urb_owner_name(m->state));
	/* a write may use the whole buffer, a read only what it holds */
	end = write ? cap : m->len;
	if (offset > end || len > end - offset || (write && offset == end))
		return urb__refuse(p->b, URB_ERANGE,
				   "%s: bytes %u..%u of buffer %u.%u, which has %u %s", op, offset,
				   offset + (len ? len : end - offset), URB_BUF_SET(buf),
				   URB_BUF_INDEX(buf), end, write ? "bytes of room" : "valid bytes");
	*at = data + offset;
	*bytes = len ? len : end - offset;
	return 0;
}

int urb__push_buffer(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
		     uint32_t len, uint64_t *addr, uint32_t *sqe_len)
{
	return urb__push_buffer_inline(p, buf, write, offset, len, addr, sqe_len);
}

int urb__push_buffer_checked(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
			     uint32_t len, uint64_t *addr, uint32_t *sqe_len)
{
	struct urb__buf_meta *m;
	struct urb__hold *h;
	uint8_t *at;
	int rc = urb__buf_check(p, buf, write, offset, len, &at, sqe_len);

	if (rc >= 0)
		rc = urb__hold_add(p, URB__KIND_BUF, buf, &h);
	if (rc < 0)
		return rc;
	h->flags = write ? URB__BUF_WRITE : 0;
	h->arg = offset;
	*addr = (uint64_t)(uintptr_t)at;
	m = urb__held_buf(p->b, buf);
	h->aux = m->state; /* taken now, as the inline check does */
	urb__own_move(&m->state, URB_OWN_KERNEL);
	return 0;
}

int urb__push_whole_pages(struct urb__push *p, urb_buf_t buf, uint64_t addr, uint32_t len)
{
	uint64_t page = urb__page_size(), first, end, room_end;
	uint8_t *data;
	uint32_t cap;

	urb__buf_meta(p->b, buf, &data, &cap);
	first = addr - (uint64_t)(uintptr_t)data;
	end = first + len;
	room_end = (uint64_t)(uintptr_t)data + cap;
	if (addr % page)
		return urb__refuse(p->b, URB_EINVAL,
				   "%s: bytes %llu..%llu of buffer %u.%u start %llu bytes into a "
				   "%llu-byte page; the kernel works on whole pages from the first",
				   urb__def(p->rec->op)->name, (unsigned long long)first,
				   (unsigned long long)end, URB_BUF_SET(buf), URB_BUF_INDEX(buf),
				   (unsigned long long)(addr % page), (unsigned long long)page);
	if (addr + urb__page_round(len) > room_end)
		return urb__refuse(p->b, URB_EINVAL,
				   "%s: bytes %llu..%llu of buffer %u.%u end inside a %llu-byte page "
				   "that reaches past its %u bytes of room; the kernel works on the "
				   "whole page", urb__def(p->rec->op)->name, (unsigned long long)first,
				   (unsigned long long)end, URB_BUF_SET(buf), URB_BUF_INDEX(buf),
				   (unsigned long long)page, cap);
	return 0;
}

int urb__push_empty(struct urb__push *p, const char *name)
{
	const char *op = urb__def(p->rec->op)->name;

	return urb__refuse(p->b, URB_ERANGE, "%s: %s has no bytes (nothing filled, or an empty "
			   "slice); the kernel takes no empty one here", op, name);
}

int urb__push_fixed_buffer(struct urb__push *p, urb_buf_t buf)
{
	if (urb__set_fixed(p->b, buf))
		return 0;
	return urb__refuse(p->b, URB_EINVAL, "%s: buffer %u.%u: its set is not registered as "
			   "fixed buffers (urb_bufset_register_fixed)", urb__def(p->rec->op)->name,
			   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
}

/*
 * Not a move of the state machine (Kernel goes only to Returned): the
 * kernel never saw the refused push, so the buffer never left its owner.
 */
static void untake(struct urb_bearer *b, struct urb__hold *h)
{
	urb__held_buf(b, h->id)->state = (uint8_t)h->aux;
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	(void)rec;
	urb__buf_give_back(b, h, res);
}

const struct urb__kind_ops urb__kind_buf = {
	.name = "buffer",
	.untake = untake,
	.give_back = give_back,
};

void urb__fill_data(const struct urb_bearer *b, const struct urb__rec *rec, int32_t res,
		    struct urb_data *out)
{
	urb__fill_data_inline(b, rec, res, out);
}
