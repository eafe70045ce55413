/* SPDX-License-Identifier: MIT */
#include <sys/uio.h>

#include "buffers.h"
#include "store.h"

/*
 * The buffer vector kind: one op reading or writing several bearer buffers
 * (readv, writev).  The buffer ids and the iovec the kernel reads live in
 * a run of the record's storage (a storage hold of its own): ids first,
 * then the iovec.  Every buffer is the kernel's from commit to the final
 * completion; a read's bytes fill them in order, each up to its room.
 * A hold: aux is the count, arg the index of the storage hold, flags WRITE.
 */

#define URB__VEC_MAX 64u /* buffers in one vector */
#define WRITE 1u         /* the kernel writes the buffers */

static const urb_buf_t *vec_ids(const struct urb_bearer *b, const struct urb__rec *rec,
				const struct urb__hold *h)
{
	return urb__store_at(b, rec->holds[h->arg].id);
}

static size_t ids_bytes(uint32_t count)
{
	return ((size_t)count * sizeof(urb_buf_t) + 15) & ~(size_t)15;
}

int urb__bufvec_take(struct urb__push *p, const urb_buf_t *bufs, uint32_t count, bool write,
		     bool fixed, size_t extra, struct iovec **iov_out, void **extra_at)
{
	const char *op = urb__def(p->rec->op)->name;
	struct urb_bearer *b = p->b;
	struct urb__hold *h;
	struct iovec *iov;
	uint32_t run_hold;
	urb_buf_t *ids;
	void *at;
	int rc;

	if (!bufs || count == 0 || count > URB__VEC_MAX)
		return urb__refuse(b, URB_EINVAL, "%s: 1 to %u buffers, not %u%s", op, URB__VEC_MAX,
				   count, bufs ? "" : " (NULL)");
	for (uint32_t i = 0; i < count; i++) {
		uint8_t *data;
		uint32_t cap;
		struct urb__buf_meta *m = urb__buf_meta(b, bufs[i], &data, &cap);

		if (!m)
			return urb__refuse(b, URB_EINVAL, "%s: buffer %u.%u (entry %u) does not exist",
					   op, URB_BUF_SET(bufs[i]), URB_BUF_INDEX(bufs[i]), i);
		if (!urb__own_can_move(m->state, URB_OWN_KERNEL))
			return urb__refuse(b, URB_EOWNERSHIP, "%s: buffer %u.%u (entry %u) is %s",
					   op, URB_BUF_SET(bufs[i]), URB_BUF_INDEX(bufs[i]), i,
					   urb_owner_name(m->state));
		for (uint32_t j = 0; j < i; j++)
			if (bufs[j] == bufs[i])
				return urb__refuse(b, URB_EINVAL, "%s: buffer %u.%u is in the vector "
						   "twice", op, URB_BUF_SET(bufs[i]),
						   URB_BUF_INDEX(bufs[i]));
		if (fixed && (URB_BUF_SET(bufs[i]) != URB_BUF_SET(bufs[0]) ||
			      !urb__set_fixed(b, bufs[i])))
			return urb__refuse(b, URB_EINVAL, "%s: every buffer must be in one set "
					   "registered as fixed buffers (entry %u is not)", op, i);
	}
	rc = urb__store_take(p, urb__bufvec_bytes(count) + extra, &at, &run_hold);
	if (rc < 0)
		return rc;
	rc = urb__hold_add(p, URB__KIND_BUFVEC, URB_BUF_SET(bufs[0]), &h);
	if (rc < 0)
		return rc;
	ids = at;
	iov = (struct iovec *)((uint8_t *)at + ids_bytes(count));
	for (uint32_t i = 0; i < count; i++) {
		uint8_t *data;
		uint32_t cap;
		struct urb__buf_meta *m = urb__buf_meta(b, bufs[i], &data, &cap);

		ids[i] = bufs[i];
		iov[i] = (struct iovec){ .iov_base = data, .iov_len = write ? cap : m->len };
	}
	h->aux = (uint16_t)count;
	h->arg = run_hold;
	h->flags = write ? WRITE : 0;
	*iov_out = iov;
	if (extra_at)
		*extra_at = (uint8_t *)at + urb__bufvec_bytes(count);
	return 0;
}

size_t urb__bufvec_bytes(uint32_t count)
{
	return ids_bytes(count) + count * sizeof(struct iovec);
}

int urb__push_bufvec(struct urb__push *p, const urb_buf_t *bufs, uint32_t count,
		     bool write, bool fixed, uint64_t *addr, uint32_t *len, uint32_t *set)
{
	struct iovec *iov;
	int rc = urb__bufvec_take(p, bufs, count, write, fixed, 0, &iov, NULL);

	if (rc < 0)
		return rc;
	*addr = (uint64_t)(uintptr_t)iov;
	*len = count;
	*set = URB_BUF_SET(bufs[0]);
	return 0;
}

static void take(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h)
{
	const urb_buf_t *ids = vec_ids(b, rec, h);

	for (uint32_t i = 0; i < h->aux; i++) {
		uint8_t *data;
		uint32_t cap;

		urb__own_move(&urb__buf_meta(b, ids[i], &data, &cap)->state, URB_OWN_KERNEL);
	}
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	const urb_buf_t *ids = vec_ids(b, rec, h);
	uint64_t left = res > 0 ? (uint64_t)res : 0;

	for (uint32_t i = 0; i < h->aux; i++) {
		uint8_t *data;
		uint32_t cap;
		struct urb__buf_meta *m = urb__buf_meta(b, ids[i], &data, &cap);

		urb__own_move(&m->state, URB_OWN_RETURNED);
		if (h->flags & WRITE) {
			m->len = (uint32_t)(left < cap ? left : cap);
			left -= m->len;
		}
	}
}

const struct urb__kind_ops urb__kind_bufvec = {
	.name = "buffer vector",
	.take = take,
	.give_back = give_back,
};
