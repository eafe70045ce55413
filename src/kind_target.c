/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <unistd.h>

#include "fd_table.h"

/*
 * The target kind: where an op creates a descriptor (accept, socket,
 * openat, ...): a plain fd, a slot urb chose (reserved from push to the
 * final CQE, filled by the first success), or a slot the kernel allocates
 * in its own area.  A hold: id is the target (URB_PLAIN, URB_AUTO_SLOT or
 * URB_SLOT(n)), aux the fd kind the new slot gets, flags DONE once a chosen
 * slot was filled: a lying kernel's second success must not fill a slot
 * the user has since unregistered, or another op has since reserved.
 */

#define DONE 1u

int urb__push_target(struct urb__push *p, urb_fd_t to, uint32_t allow_mask,
		     enum urb_fd_kind kind, uint32_t *file_index)
{
	struct urb__hold *h;
	int32_t target = urb__target_id(to);
	int rc = urb__fd_check_target(p->b, to, allow_mask, urb__def(p->rec->op)->name);

	if (rc < 0)
		return rc;
	rc = urb__hold_add(p, URB__KIND_TARGET, (uint32_t)target, &h);
	if (rc < 0)
		return rc;
	h->aux = (uint16_t)kind;
	if (target == URB__TARGET_PLAIN)
		*file_index = 0;
	else if (target == URB__TARGET_AUTO)
		*file_index = IORING_FILE_INDEX_ALLOC;
	else
		*file_index = URB__TARGET_SLOT_INDEX(target) + 1;
	return 0;
}

/* Flags the kernel refuses with a direct target (SOCK_CLOEXEC): refused here instead. */
int urb__push_plain_only(struct urb__push *p, urb_fd_t target, uint64_t bits, const char *what)
{
	if (URB_IS_PLAIN(target) || !bits)
		return 0;
	return urb__refuse(p->b, URB_EINVAL, "%s: %s goes only with a plain fd target",
			   urb__def(p->rec->op)->name, what);
}

static void take(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h)
{
	(void)rec;
	if (URB__TARGET_IS_SLOT((int32_t)h->id))
		urb__fd_reserve(b, URB__TARGET_SLOT_INDEX((int32_t)h->id));
}

static void each(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		 struct urb_completion *c)
{
	int32_t target = (int32_t)h->id, res = c->result;

	if (res == -ENFILE && target == URB__TARGET_AUTO &&
	    b->fds_used[URB__AREA_KERNEL] >= b->cap.direct_fd) {
		/* the area urb declared is full: the capacity's error, not the kernel's */
		b->last_cap_kind = URB_CAP_DIRECT_FD;
		c->result = urb__refuse(b, URB_EATCAPACITY,
					"%s: direct_fd: all %u slots hold descriptors: the kernel "
					"closed the new one and said -ENFILE%s",
					urb__def(rec->op)->name, b->cap.direct_fd,
					c->final ? "; the op has ended: free a slot, push it again" : "");
		return;
	}
	if (res < 0 || target == URB__TARGET_PLAIN || (h->flags & DONE))
		return;
	if (target != URB__TARGET_AUTO) {
		urb__fd_install(b, URB__TARGET_SLOT_INDEX(target), (uint8_t)h->aux);
		h->flags |= DONE;
	} else if ((uint32_t)res >= b->cap.registered_fd) { /* the kernel allocates in its area only */
		urb__fd_install(b, (uint32_t)res, (uint8_t)h->aux);
	}
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	(void)rec;
	if (URB__TARGET_IS_SLOT((int32_t)h->id) && res < 0 && !(h->flags & DONE))
		urb__fd_unreserve(b, URB__TARGET_SLOT_INDEX((int32_t)h->id));
}

static void drained(struct urb_bearer *b, const struct urb__rec *rec, const struct urb__hold *h,
		    int32_t res)
{
	(void)rec;
	if ((int32_t)h->id == URB__TARGET_PLAIN && urb__def(rec->op)->result == URB__RES_FD) {
		close(res);
		b->stats.drain_fds_closed++;
	}
}

const struct urb__kind_ops urb__kind_target = {
	.name = "descriptor target",
	.take = take,
	.each = each,
	.give_back = give_back,
	.drained = drained,
};

bool urb__fd_message_landed(struct urb_bearer *b, uint64_t key, int32_t res)
{
	uint32_t kind = URB__KEY_FD_MESSAGE_KIND(key);

	/* the kernel tells the target only of a success, in its area; the sender says the kind */
	if (res < 0 || (uint32_t)res < b->cap.registered_fd ||
	    (uint32_t)res - b->cap.registered_fd >= b->cap.direct_fd ||
	    kind < URB_FD_ACCEPTOR || kind > URB_FD_FILE)
		return false;
	urb__fd_install(b, (uint32_t)res, (uint8_t)kind);
	return true;
}

void urb__fill_new_fd(const struct urb__rec *rec, int32_t res, struct urb_new_fd *out)
{
	const struct urb__hold *h = urb__rec_hold(rec, URB__KIND_TARGET);
	int32_t target = h ? (int32_t)h->id : URB__TARGET_PLAIN;

	out->fd = -1;
	out->slot = -1;
	if (res < 0)
		return;
	if (target == URB__TARGET_PLAIN)
		out->fd = res;
	else if (target == URB__TARGET_AUTO)
		out->slot = res;
	else
		out->slot = (int32_t)URB__TARGET_SLOT_INDEX(target);
}
