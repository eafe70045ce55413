/* SPDX-License-Identifier: MIT */
#include "fd_table.h"
#include "store.h"

/*
 * The slot range kind: plain fds an op puts into fixed-file slots
 * (files_update): either chosen slots n, n + 1, ... of urb's area, each
 * free and reserved from push to the final CQE, or slots the kernel picks
 * in its own area.  The fds array the kernel reads lives in record storage
 * (a storage hold of its own); at the final CQE it holds the slots the
 * first `result` fds went into (the kernel writes them for URB_AUTO_SLOT,
 * urb for chosen slots), and every slot past those is free again.  The
 * plain fds stay the caller's: the kernel takes its own reference.  A
 * hold: id is the target (URB_SLOT(n) or URB_AUTO_SLOT), aux the count,
 * arg the index of the storage hold, flags the fd kind the slots get.
 */

#define URB__SLOTS_MAX 64u /* fds in one op */

int urb__push_slots(struct urb__push *p, const int32_t *fds, uint32_t count, urb_fd_t to,
		    enum urb_fd_kind kind, uint64_t *addr, uint32_t *len, uint32_t *off)
{
	int32_t target = urb__target_id(to);
	const char *op = urb__def(p->rec->op)->name;
	struct urb__hold *h;
	uint32_t run_hold;
	int32_t *copy;
	int rc;

	if (!fds || count == 0 || count > URB__SLOTS_MAX)
		return urb__refuse(p->b, URB_EINVAL, "%s: 1 to %u fds, not %u%s", op, URB__SLOTS_MAX,
				   count, fds ? "" : " (NULL)");
	for (uint32_t i = 0; i < count; i++)
		if (fds[i] < 0)
			return urb__refuse(p->b, URB_EINVAL, "%s: fds[%u] is %d, not a plain fd (a slot "
					   "is emptied with urb_fd_unregister)", op, i, fds[i]);
	if (kind < URB_FD_ACCEPTOR || kind > URB_FD_FILE)
		return urb__refuse(p->b, URB_EINVAL, "%s: kind %d is no enum urb_fd_kind", op, kind);
	if (!URB_IS_AUTO_SLOT(to) && (!URB_IS_SLOT(to) ||
				      URB_SLOT_INDEX(to) + (uint64_t)count > UINT32_MAX))
		return urb__refuse(p->b, URB_EINVAL, "%s: target: not URB_AUTO_SLOT or URB_SLOT(n)%s",
				   op, URB_IS_SLOT(to) ? " with room for every fd" : "");
	for (uint32_t i = 0; i < (URB_IS_AUTO_SLOT(to) ? 1 : count); i++) {
		urb_fd_t each = URB_IS_AUTO_SLOT(to) ? to : URB_SLOT(URB_SLOT_INDEX(to) + i);

		rc = urb__fd_check_target(p->b, each, URB__ALLOW_AUTO | URB__ALLOW_SLOT, op);
		if (rc < 0)
			return rc;
	}
	rc = urb__store_take(p, count * sizeof(*fds), (void **)&copy, &run_hold);
	if (rc >= 0)
		rc = urb__hold_add(p, URB__KIND_SLOTS, (uint32_t)target, &h);
	if (rc < 0)
		return rc;
	h->aux = (uint16_t)count;
	h->arg = run_hold;
	h->flags = (uint8_t)kind;
	for (uint32_t i = 0; i < count; i++)
		copy[i] = fds[i];
	*addr = (uint64_t)(uintptr_t)copy;
	*len = count;
	*off = target == URB__TARGET_AUTO ? IORING_FILE_INDEX_ALLOC : URB__TARGET_SLOT_INDEX(target);
	return 0;
}

static void take(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h)
{
	(void)rec;
	if ((int32_t)h->id == URB__TARGET_AUTO)
		return;
	for (uint32_t i = 0; i < h->aux; i++)
		urb__fd_reserve(b, URB__TARGET_SLOT_INDEX((int32_t)h->id) + i);
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	int32_t *slots = urb__store_at(b, rec->holds[h->arg].id);
	uint32_t done = res > 0 ? ((uint32_t)res < h->aux ? (uint32_t)res : h->aux) : 0;

	for (uint32_t i = 0; i < h->aux; i++) {
		uint32_t slot = (int32_t)h->id == URB__TARGET_AUTO ? (uint32_t)slots[i] :
				URB__TARGET_SLOT_INDEX((int32_t)h->id) + i;

		if (i < done) {
			/* the kernel allocates in its own area only */
			if ((int32_t)h->id != URB__TARGET_AUTO || slot >= b->cap.registered_fd)
				urb__fd_install(b, slot, h->flags);
			slots[i] = (int32_t)slot;
		} else if ((int32_t)h->id != URB__TARGET_AUTO) {
			urb__fd_unreserve(b, slot);
		}
	}
}

const struct urb__kind_ops urb__kind_slots = {
	.name = "slot range",
	.take = take,
	.give_back = give_back,
};
