/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "fd_table.h"

/*
 * The sparse fixed-file table, mirrored by the kernel's own: slots
 * 0 .. registered_fd-1 are urb's area (urb_fd_register, chosen slots),
 * the direct_fd slots after them the kernel's: it allocates there (an
 * URB_AUTO_SLOT target, a descriptor another ring sends), and only there,
 * as IORING_REGISTER_FILE_ALLOC_RANGE tells it.
 */

static uint32_t table_size(const struct urb_bearer *b)
{
	return b->cap.registered_fd + b->cap.direct_fd;
}

static int area_of(const struct urb_bearer *b, uint32_t slot)
{
	return slot < b->cap.registered_fd ? URB__AREA_URB : URB__AREA_KERNEL;
}

int urb__fd_table_init(struct urb_bearer *b)
{
	uint32_t n = table_size(b);
	int rc;

	b->fds = calloc(n + 1, sizeof(*b->fds)); /* + 1: never calloc(0) */
	if (!b->fds)
		return -ENOMEM;
	b->fd_slots = n;
	if (n == 0)
		return 0; /* no fixed-file table: every slot is refused */
	rc = io_uring_register_files_sparse(&b->ring, n);
	if (rc == -EINVAL) { /* before 5.19: register n empty slots by hand */
		int *minus = malloc(n * sizeof(int));

		if (!minus)
			return -ENOMEM;
		for (uint32_t i = 0; i < n; i++)
			minus[i] = -1;
		rc = io_uring_register_files(&b->ring, minus, n);
		free(minus);
	}
	if (rc < 0)
		return rc;
	/*
	 * Registered files make the whole table the kernel's to allocate in,
	 * so the range is set even when it is empty (direct_fd 0: the kernel
	 * then has no slot to give, -ENFILE).  Before 6.0 the kernel could
	 * allocate anywhere: no auto slots then.
	 */
	rc = io_uring_register_file_alloc_range(&b->ring, b->cap.registered_fd, b->cap.direct_fd);
	b->auto_slots = b->cap.direct_fd > 0 && rc == 0;
	return 0;
}

void urb__fd_table_fini(struct urb_bearer *b)
{
	free(b->fds);
	b->fds = NULL;
}

static int set_kernel_slot(struct urb_bearer *b, uint32_t slot, int fd)
{
	int rc = io_uring_register_files_update(&b->ring, slot, &fd, 1);

	return rc < 0 ? rc : 0;
}

static bool kind_valid(int kind)
{
	return kind >= URB_FD_ACCEPTOR && kind <= URB_FD_FILE;
}

/* A slot of urb's area that the caller may fill: in range and free. */
static int check_urb_slot(struct urb_bearer *b, uint32_t slot, const char *what)
{
	if (b->cap.registered_fd == 0) {
		urb__at_capacity(b, URB_CAP_REGISTERED_FD);
		return urb__refuse(b, URB_EATCAPACITY, "%s: slot %u: this bearer has no slots of "
				   "urb's (its capacity registered_fd is 0)", what, slot);
	}
	if (slot >= b->cap.registered_fd)
		return urb__refuse(b, URB_ERANGE, "%s: slot %u is beyond registered_fd %u "
				   "(later slots are the kernel's)", what, slot, b->cap.registered_fd);
	if (b->fds[slot].state != URB_OWN_REUSABLE)
		return urb__refuse(b, URB_EBUSY, "%s: slot %u is not free", what, slot);
	return 0;
}

int urb__fd_check_use(struct urb_bearer *b, uint32_t slot, uint32_t kinds_mask,
		      const char *what)
{
	if (table_size(b) == 0)
		return urb__refuse(b, URB_ENOTREGISTERED, "%s: fd slot %u is not registered: this "
				   "bearer has no fixed-file slots (registered_fd and direct_fd are 0)",
				   what, slot);
	if (slot >= table_size(b))
		return urb__refuse(b, URB_ENOTREGISTERED, "%s: fd slot %u is not registered: the table "
				   "has %u slots (registered_fd + direct_fd)", what, slot, table_size(b));
	urb__fd_slot_assert(&b->fds[slot]);
	if (b->fds[slot].state != URB_OWN_REGISTERED)
		return urb__refuse(b, URB_ENOTREGISTERED, "%s: fd slot %u is not registered", what,
				   slot);
	if (b->fds[slot].closing)
		return urb__refuse(b, URB_ENOTREGISTERED, "%s: fd slot %u is being closed", what,
				   slot);
	if (!(kinds_mask & (1u << b->fds[slot].kind)))
		return urb__refuse(b, URB_EFDKIND, "%s: fd slot %u holds a kind this op does not take",
				   what, slot);
	return 0;
}

int urb__fd_check_target(struct urb_bearer *b, urb_fd_t target, uint32_t allow_mask,
			 const char *what)
{
	if (URB_IS_PLAIN(target))
		return allow_mask & URB__ALLOW_PLAIN ? 0 :
		       urb__refuse(b, URB_EINVAL, "%s: target: a plain fd is not allowed here", what);
	if (URB_IS_AUTO_SLOT(target)) {
		if (!(allow_mask & URB__ALLOW_AUTO))
			return urb__refuse(b, URB_EINVAL, "%s: target: URB_AUTO_SLOT is not allowed here",
					   what);
		if (b->cap.direct_fd == 0)
			return urb__at_capacity(b, URB_CAP_DIRECT_FD);
		if (!b->auto_slots)
			return urb__refuse(b, URB_ENOTSUP, "%s: target: URB_AUTO_SLOT needs kernel 6.0",
					   what);
		if (b->fds_used[URB__AREA_KERNEL] >= b->cap.direct_fd)
			return urb__at_capacity(b, URB_CAP_DIRECT_FD);
		return 0;
	}
	if (!URB_IS_SLOT(target))
		return urb__refuse(b, URB_EINVAL, "%s: target: %s, not URB_PLAIN, URB_AUTO_SLOT or "
				   "URB_SLOT(n)", what, URB_IS_FD(target) ?
				   "URB_FD(fd) names a descriptor that exists" : "no urb_fd_t form");
	if (!(allow_mask & URB__ALLOW_SLOT))
		return urb__refuse(b, URB_EINVAL, "%s: target: a chosen slot is not allowed here",
				   what);
	return check_urb_slot(b, URB_SLOT_INDEX(target), what);
}

void urb__fd_reserve(struct urb_bearer *b, uint32_t slot)
{
	urb__own_move(&b->fds[slot].state, URB_OWN_KERNEL);
	urb__fd_slot_sync(&b->fds[slot]);
	b->fds_used[URB__AREA_URB]++;
}

void urb__fd_unreserve(struct urb_bearer *b, uint32_t slot)
{
	if (b->fds[slot].state != URB_OWN_KERNEL)
		return; /* installed already (a CQE said so): not ours to free */
	urb__own_move(&b->fds[slot].state, URB_OWN_RETURNED);
	urb__own_move(&b->fds[slot].state, URB_OWN_REUSABLE);
	urb__fd_slot_sync(&b->fds[slot]);
	b->fds_used[URB__AREA_URB]--;
}

void urb__fd_install(struct urb_bearer *b, uint32_t slot, uint8_t kind)
{
	struct urb__fd_slot *s;

	if (slot >= table_size(b))
		return;
	s = &b->fds[slot];
	if (s->state == URB_OWN_KERNEL) { /* a chosen slot: counted when reserved */
		urb__own_move(&s->state, URB_OWN_RETURNED);
	} else if (s->state == URB_OWN_REUSABLE) {
		b->fds_used[area_of(b, slot)]++;
	} else if (s->state == URB_OWN_REGISTERED && s->closing && slot >= b->cap.registered_fd) {
		/*
		 * The kernel fills only a free slot of its area: the pending
		 * close of this one ran, and its CQE (from io-wq, posted later)
		 * comes after this one.  The slot holds the new descriptor;
		 * the close, still counted in users, must not forget it.
		 */
		s->closing = 0;
		s->reborn = 1;
		s->kind = kind;
		urb__fd_slot_sync(s);
		return;
	} else {
		return; /* the kernel and the table disagree: leave the table alone */
	}
	urb__own_move(&s->state, URB_OWN_REGISTERED);
	s->kind = kind;
	urb__fd_slot_sync(s);
	s->users = 0;
}

void urb__fd_forget(struct urb_bearer *b, uint32_t slot)
{
	if (urb__own_move(&b->fds[slot].state, URB_OWN_REUSABLE) == 0)
		b->fds_used[area_of(b, slot)]--;
	urb__fd_slot_sync(&b->fds[slot]);
}

static int check_register(struct urb_bearer *b, int fd, int kind, const char *what)
{
	if (fd < 0)
		return urb__refuse(b, URB_EINVAL, "%s: fd %d is not a descriptor", what, fd);
	if (!kind_valid(kind))
		return urb__refuse(b, URB_EINVAL, "%s: kind %d is no enum urb_fd_kind", what, kind);
	return 0;
}

static int register_at(struct urb_bearer *b, uint32_t slot, int fd, enum urb_fd_kind kind,
		       const char *what)
{
	int rc = check_urb_slot(b, slot, what);

	if (rc < 0)
		return rc;
	rc = set_kernel_slot(b, slot, fd);
	if (rc < 0)
		return urb__refuse(b, rc, "%s: the kernel refused fd %d in slot %u", what, fd, slot);
	urb__fd_install(b, slot, (uint8_t)kind);
	return (int)slot;
}

int urb_fd_register_at(struct urb_bearer *b, uint32_t slot, int fd, enum urb_fd_kind kind)
{
	int rc;

	rc = urb__bearer_check(b, "register_at");
	if (rc < 0)
		return rc;
	rc = check_register(b, fd, (int)kind, "register_at");
	return rc < 0 ? rc : register_at(b, slot, fd, kind, "register_at");
}

int urb_fd_register(struct urb_bearer *b, int fd, enum urb_fd_kind kind)
{
	int rc;

	rc = urb__bearer_check(b, "register");
	if (rc < 0)
		return rc;
	rc = check_register(b, fd, (int)kind, "register");
	if (rc < 0)
		return rc;
	for (uint32_t slot = 0; slot < b->cap.registered_fd; slot++)
		if (b->fds[slot].state == URB_OWN_REUSABLE)
			return register_at(b, slot, fd, kind, "register");
	return urb__at_capacity(b, URB_CAP_REGISTERED_FD);
}

int urb_fd_unregister(struct urb_bearer *b, uint32_t slot)
{
	int rc;

	rc = urb__bearer_check(b, "unregister");
	if (rc < 0)
		return rc;
	if (slot >= table_size(b) || b->fds[slot].state == URB_OWN_REUSABLE)
		return urb__refuse(b, URB_ENOTREGISTERED, "unregister: slot %u is not registered", slot);
	if (b->fds[slot].state != URB_OWN_REGISTERED)
		return urb__refuse(b, URB_EOWNERSHIP, "unregister: slot %u awaits a kernel install", slot);
	if (b->fds[slot].users > 0 || b->fds[slot].closing)
		return urb__refuse(b, URB_EBUSY, "unregister: slot %u is in use by %u pending ops%s",
				   slot, b->fds[slot].users,
				   b->fds[slot].closing ? " (a close of it)" : "");
	rc = set_kernel_slot(b, slot, -1);
	if (rc < 0)
		return urb__refuse(b, rc, "unregister: the kernel kept slot %u", slot);
	urb__fd_forget(b, slot);
	return 0;
}

int urb_fd_kind(const struct urb_bearer *b, uint32_t slot)
{
	int rc = urb__bearer_check(b, "fd_kind");

	if (rc < 0)
		return rc;
	if (slot >= table_size(b) || b->fds[slot].state != URB_OWN_REGISTERED)
		return urb__refuse_q(b, URB_ENOTREGISTERED, "fd_kind: slot %u is not registered", slot);
	return b->fds[slot].kind;
}

/* ---- the kind: its push calls and hooks */

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
	urb__fd_slot_sync(slot);
	if (res >= 0) /* the kernel emptied the slot */
		urb__fd_forget(b, id);
}

static void untake(struct urb_bearer *b, struct urb__hold *h)
{
	b->fds[h->id].users--;
	if (h->flags & URB__FD_CLOSES) {
		b->fds[h->id].closing = 0;
		urb__fd_slot_sync(&b->fds[h->id]);
	}
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	(void)rec;
	urb__fd_give_back(b, h, res);
}

/* The table's slots and what each area has in use. */
static size_t books(const struct urb_bearer *b, void *out, size_t room)
{
	size_t at = urb__books_put(out, room, 0, b->fds, (size_t)b->fd_slots * sizeof(*b->fds));

	return urb__books_put(out, room, at, b->fds_used, sizeof(b->fds_used));
}

const struct urb__kind_ops urb__kind_fd = {
	.name = "fd slot",
	.untake = untake,
	.give_back = give_back,
	.books = books,
};
