/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

/*
 * The sparse fixed-file table: registered_fd slots mirrored by the kernel's
 * own table.  Every slot the bearer counts as taken is occupied in the
 * kernel too: a slot chosen for a pending direct install holds a
 * placeholder file, so the kernel's own slot allocation (URB_AUTO_SLOT)
 * can never pick it.
 */

int urb__fd_table_init(struct urb_bearer *b)
{
	uint32_t n = b->cap.registered_fd;
	int rc;

	b->fds = calloc(n, sizeof(*b->fds));
	if (!b->fds)
		return -ENOMEM;
	b->placeholder_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (b->placeholder_fd < 0)
		return -errno;
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
	return rc < 0 ? rc : 0;
}

void urb__fd_table_fini(struct urb_bearer *b)
{
	if (b->placeholder_fd >= 0)
		close(b->placeholder_fd);
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

int urb__fd_check_use(struct urb_bearer *b, uint32_t slot, uint32_t kinds_mask)
{
	if (slot >= b->cap.registered_fd || b->fds[slot].state != URB_OWN_REGISTERED)
		return urb__refuse(b, URB_ENOTREGISTERED, "fd slot %u is not registered", slot);
	if (b->fds[slot].closing)
		return urb__refuse(b, URB_ENOTREGISTERED, "fd slot %u is being closed", slot);
	if (!(kinds_mask & (1u << b->fds[slot].kind)))
		return urb__refuse(b, URB_EFDKIND, "fd slot %u holds a kind this op does not take",
				   slot);
	return 0;
}

int urb__fd_check_target(struct urb_bearer *b, int32_t target, uint32_t allow_mask)
{
	uint32_t slot;

	if (target == URB_PLAIN)
		return allow_mask & URB__ALLOW_PLAIN ? 0 :
		       urb__refuse(b, URB_EINVAL, "target: a plain fd is not allowed here");
	if (target == URB_AUTO_SLOT) {
		if (!(allow_mask & URB__ALLOW_AUTO))
			return urb__refuse(b, URB_EINVAL, "target: URB_AUTO_SLOT is not allowed here");
		if (b->fds_used >= b->cap.registered_fd)
			return urb__at_capacity(b, URB_CAP_REGISTERED_FD);
		return 0;
	}
	if (!URB_IS_SLOT(target))
		return urb__refuse(b, URB_EINVAL,
				   "target %d: not URB_PLAIN, URB_AUTO_SLOT or URB_SLOT(n)", target);
	if (!(allow_mask & URB__ALLOW_SLOT))
		return urb__refuse(b, URB_EINVAL, "target: a chosen slot is not allowed here");
	slot = URB_SLOT_INDEX(target);
	if (slot >= b->cap.registered_fd)
		return urb__refuse(b, URB_ERANGE, "target slot %u is beyond registered_fd %u",
				   slot, b->cap.registered_fd);
	if (b->fds[slot].state != URB_OWN_REUSABLE)
		return urb__refuse(b, URB_EBUSY, "target slot %u is not free", slot);
	return 0;
}

int urb__fd_reserve(struct urb_bearer *b, uint32_t slot)
{
	int rc = set_kernel_slot(b, slot, b->placeholder_fd);

	if (rc < 0)
		return rc;
	urb__own_move(&b->fds[slot].state, URB_OWN_KERNEL);
	b->fds_used++;
	return 0;
}

void urb__fd_unreserve(struct urb_bearer *b, uint32_t slot)
{
	set_kernel_slot(b, slot, -1);
	urb__own_move(&b->fds[slot].state, URB_OWN_RETURNED);
	urb__own_move(&b->fds[slot].state, URB_OWN_REUSABLE);
	b->fds_used--;
}

void urb__fd_install(struct urb_bearer *b, uint32_t slot, uint8_t kind)
{
	struct urb__fd_slot *s;

	if (slot >= b->cap.registered_fd)
		return;
	s = &b->fds[slot];
	if (s->state == URB_OWN_KERNEL) { /* a chosen slot: already counted */
		urb__own_move(&s->state, URB_OWN_RETURNED);
	} else if (s->state == URB_OWN_REUSABLE) {
		b->fds_used++;
	} else {
		return; /* the kernel and the table disagree: leave the table alone */
	}
	urb__own_move(&s->state, URB_OWN_REGISTERED);
	s->kind = kind;
	s->users = 0;
}

void urb__fd_forget(struct urb_bearer *b, uint32_t slot)
{
	if (urb__own_move(&b->fds[slot].state, URB_OWN_REUSABLE) == 0)
		b->fds_used--;
}

int urb_fd_register_at(struct urb_bearer *b, uint32_t slot, int fd, enum urb_fd_kind kind)
{
	int rc;

	if (!b || fd < 0 || !kind_valid(kind))
		return URB_EINVAL;
	if (slot >= b->cap.registered_fd)
		return urb__refuse(b, URB_ERANGE, "slot %u is beyond registered_fd %u", slot,
				   b->cap.registered_fd);
	if (b->fds[slot].state != URB_OWN_REUSABLE)
		return urb__refuse(b, URB_EBUSY, "slot %u is not free", slot);
	rc = set_kernel_slot(b, slot, fd);
	if (rc < 0)
		return rc;
	urb__fd_install(b, slot, (uint8_t)kind);
	return (int)slot;
}

int urb_fd_register(struct urb_bearer *b, int fd, enum urb_fd_kind kind)
{
	if (!b || fd < 0 || !kind_valid(kind))
		return URB_EINVAL;
	if (b->fds_used >= b->cap.registered_fd)
		return urb__at_capacity(b, URB_CAP_REGISTERED_FD);
	for (uint32_t slot = 0; slot < b->cap.registered_fd; slot++)
		if (b->fds[slot].state == URB_OWN_REUSABLE)
			return urb_fd_register_at(b, slot, fd, kind);
	return urb__at_capacity(b, URB_CAP_REGISTERED_FD);
}

int urb_fd_unregister(struct urb_bearer *b, uint32_t slot)
{
	int rc;

	if (!b)
		return URB_EINVAL;
	if (slot >= b->cap.registered_fd || b->fds[slot].state == URB_OWN_REUSABLE)
		return urb__refuse(b, URB_ENOTREGISTERED, "slot %u is not registered", slot);
	if (b->fds[slot].state != URB_OWN_REGISTERED)
		return urb__refuse(b, URB_EOWNERSHIP, "slot %u awaits a kernel install", slot);
	if (b->fds[slot].users > 0 || b->fds[slot].closing)
		return urb__refuse(b, URB_EBUSY, "slot %u is in use by %u pending ops", slot,
				   b->fds[slot].users);
	rc = set_kernel_slot(b, slot, -1);
	if (rc < 0)
		return rc;
	urb__fd_forget(b, slot);
	return 0;
}

int urb_fd_kind(const struct urb_bearer *b, uint32_t slot)
{
	if (!b)
		return URB_EINVAL;
	if (slot >= b->cap.registered_fd || b->fds[slot].state != URB_OWN_REGISTERED)
		return URB_ENOTREGISTERED;
	return b->fds[slot].kind;
}
