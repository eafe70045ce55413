/* SPDX-License-Identifier: MIT */
#ifndef URB_FUTEX_H
#define URB_FUTEX_H

#include <urb/api.h>

#include <stdint.h>

struct urb_bearer;

/*
 * Bearer-owned 32-bit futex words at stable addresses, as many as the
 * futexes capacity.  Returns the word's id (>= 0); *word points at it.
 */
URB_API int urb_futex_create(struct urb_bearer *b, uint32_t initial, uint32_t **word);

/* Frees a futex word.  URB_EBUSY while a pending op waits on it. */
URB_API int urb_futex_destroy(struct urb_bearer *b, uint32_t id);

#endif
