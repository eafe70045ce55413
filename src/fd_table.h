/* SPDX-License-Identifier: MIT */
#ifndef URB_FD_TABLE_H
#define URB_FD_TABLE_H

/*
 * The fixed-file table's books (src/kind_fd.c), for the kinds that put
 * descriptors in it or take them out (kind_target.c, kind_slots.c) and
 * for the bearer that sets it up.
 */

#include "internal.h"

/*
 * The fixed-file table has two areas: slots urb fills (registered fds,
 * chosen slots) and, after them, slots the kernel fills (URB_AUTO_SLOT).
 * Neither side ever writes into the other's area, so a slot the kernel has
 * just filled, whose CQE is not read yet, can never be handed out again.
 */
enum { URB__AREA_URB, URB__AREA_KERNEL };

int urb__fd_table_init(struct urb_bearer *b);
void urb__fd_table_fini(struct urb_bearer *b);
int urb__fd_check_use(struct urb_bearer *b, uint32_t slot, uint32_t kinds_mask, const char *what);
int urb__fd_check_target(struct urb_bearer *b, urb_fd_t target,
			 uint32_t allow_mask, const char *what);
/*
 * A target as a hold's id keeps it (kind_target.c, kind_slots.c): a plain
 * fd, the kernel's pick, or slot n.
 */
#define URB__TARGET_PLAIN 0
#define URB__TARGET_AUTO INT32_MIN
#define URB__TARGET_SLOT(n) ((int32_t)(-1 - (int32_t)(n)))
#define URB__TARGET_IS_SLOT(v) ((v) < 0 && (v) != URB__TARGET_AUTO)
#define URB__TARGET_SLOT_INDEX(v) ((uint32_t)(-1 - (v)))
/* The hold id of a target urb__fd_check_target() passed. */
static inline int32_t urb__target_id(urb_fd_t target)
{
	return URB_IS_SLOT(target) ? URB__TARGET_SLOT(URB_SLOT_INDEX(target)) :
	       URB_IS_AUTO_SLOT(target) ? URB__TARGET_AUTO : URB__TARGET_PLAIN;
}
void urb__fd_reserve(struct urb_bearer *b, uint32_t slot);
void urb__fd_install(struct urb_bearer *b, uint32_t slot, uint8_t kind);
void urb__fd_unreserve(struct urb_bearer *b, uint32_t slot);
void urb__fd_forget(struct urb_bearer *b, uint32_t slot);

/* A descriptor another bearer sent landed in the kernel's area (res: its slot): tracked there; false: no such landing. */
bool urb__fd_message_landed(struct urb_bearer *b, uint64_t key, int32_t res);

#endif
