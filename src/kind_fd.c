/* SPDX-License-Identifier: MIT */
#include "internal.h"

/*
 * The fixed-file slot kind: a registered fd (or a descriptor the kernel
 * put in a slot) that an op uses.  The slot counts its users, so it
 * refuses to be unregistered or closed under a pending op; a close op
 * marks it closing and, when the kernel emptied it, forgets it; a listen
 * turns a socket slot into an acceptor when it succeeds.  The slot is taken
 * when the hold is added (a refused push gives it back).  A hold: id is
 * the slot, flags URB__FD_CLOSES, aux 1 + the fd kind the slot takes on
 * success.
 */

int urb__push_fd(struct urb__push *p, urb_fd_t fd, uint32_t allow_mask, uint32_t kinds_mask,
		 bool closes)
{
	return urb__push_fd_inline(p, fd, allow_mask, kinds_mask, closes);
}

/* The forms an fd argument takes, for a refusal's words. */
static const char *forms(uint32_t allow_mask)
{
	if (!(allow_mask & URB__ALLOW_SLOT))
		return allow_mask & URB__ALLOW_CWD ? "a plain fd URB_FD(fd) or URB_CWD" :
						      "a plain fd URB_FD(fd)";
	return allow_mask & URB__ALLOW_PLAIN ? "URB_FD(fd) or URB_SLOT(n)" : "a slot URB_SLOT(n)";
}

static int refuse_form(struct urb__push *p, urb_fd_t fd, uint32_t allow_mask, const char *what)
{
	const char *op = urb__def(p->rec->op)->name;

	if (URB_IS_FD(fd) && URB_FD_NUM(fd) < 0)
		return urb__refuse(p->b, URB_EINVAL, "%s: fd %d is no descriptor (%s expected)", op,
				   URB_FD_NUM(fd), forms(allow_mask));
	return urb__refuse(p->b, URB_EINVAL, "%s: %s: this op takes %s here", op, what,
			   forms(allow_mask));
}

int urb__push_fd_checked(struct urb__push *p, urb_fd_t fd, uint32_t allow_mask,
			 uint32_t kinds_mask, bool closes)
{
	const char *op = urb__def(p->rec->op)->name;
	struct urb__hold *h;
	uint32_t slot = URB_SLOT_INDEX(fd);
	int rc;

	if (URB_IS_FD(fd))
		return allow_mask & URB__ALLOW_PLAIN && URB_FD_NUM(fd) >= 0 ?
		       0 : refuse_form(p, fd, allow_mask, "a plain fd");
	if (fd.v == URB__FORM_CWD)
		return allow_mask & URB__ALLOW_CWD ? 0 : refuse_form(p, fd, allow_mask, "URB_CWD");
	if (!URB_IS_SLOT(fd))
		return refuse_form(p, fd, allow_mask, URB_IS_PLAIN(fd) ?
				   "URB_PLAIN (or a zeroed urb_fd_t) names no descriptor" :
				   URB_IS_AUTO_SLOT(fd) ? "URB_AUTO_SLOT names no descriptor" :
				   "the value is no urb_fd_t form");
	if (!(allow_mask & URB__ALLOW_SLOT))
		return refuse_form(p, fd, allow_mask, "the kernel takes no fixed file");
	rc = urb__fd_check_use(p->b, slot, kinds_mask, op);
	if (rc < 0)
		return rc;
	if (closes && p->b->fds[slot].users > 0)
		return urb__refuse(p->b, URB_EBUSY, "%s: slot %u is in use by %u pending ops", op,
				   slot, p->b->fds[slot].users);
	rc = urb__hold_add(p, URB__KIND_FD, slot, &h);
	if (rc < 0)
		return rc;
	h->flags = closes ? URB__FD_CLOSES : 0;
	urb__fd_take(&p->b->fds[slot], closes); /* now, as the inline check does */
	return 1;
}

int urb__push_msg_fd(struct urb__push *p, urb_fd_t fd, uint32_t kinds_mask,
		     uint32_t user_data, uint32_t *index, uint64_t *data)
{
	int rc = urb__push_fd(p, fd, URB__ALLOW_SLOT, kinds_mask, false);

	if (rc < 0)
		return rc;
	*index = URB_SLOT_INDEX(fd);
	*data = URB__KEY_FD_MESSAGE(p->b->fd_message_salt, user_data, p->b->fds[*index].kind);
	return 0;
}

void urb__push_slot_becomes(struct urb__push *p, enum urb_fd_kind kind)
{
	struct urb__rec *rec = p->rec;

	for (unsigned i = rec->nholds; i-- > 0;) {
		if (rec->holds[i].kind == URB__KIND_FD) {
			rec->holds[i].aux = (uint16_t)(kind + 1);
			return;
		}
	}
}

void urb__fd_closed(struct urb_bearer *b, struct urb__fd_slot *slot, uint32_t id, int32_t res)
{
	if (slot->reborn) {
		slot->reborn = 0; /* closed long since: the slot holds a newer descriptor */
		return;
	}
	slot->closing = 0;
	if (res >= 0) /* the kernel emptied the slot */
		urb__fd_forget(b, id);
}

static void untake(struct urb_bearer *b, struct urb__hold *h)
{
	b->fds[h->id].users--;
	if (h->flags & URB__FD_CLOSES)
		b->fds[h->id].closing = 0;
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	(void)rec;
	urb__fd_give_back(b, h, res);
}

const struct urb__kind_ops urb__kind_fd = {
	.name = "fd slot",
	.untake = untake,
	.give_back = give_back,
};
