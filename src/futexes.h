/* SPDX-License-Identifier: MIT */
#ifndef URB_FUTEXES_H
#define URB_FUTEXES_H

/*
 * The bearer's futex entries (src/kind_futex.c).
 */

#include "internal.h"

int urb__futex_init(struct urb_bearer *b);
void urb__futex_fini(struct urb_bearer *b);
/* The live entry @id, or NULL. */
struct urb__futex *urb__futex_live(const struct urb_bearer *b, uint32_t id);

#endif
