/* SPDX-License-Identifier: MIT */
#ifndef URB_STORE_H
#define URB_STORE_H

/*
 * Out-of-line record storage (src/kind_store.c): 64-byte blocks for what
 * an op keeps that does not fit its record.
 */

#include "internal.h"

#define URB__STORE_BLOCK 64u
#define URB__STORE_RUN_MAX (255u * URB__STORE_BLOCK) /* one run: 16 KiB, PATH_MAX fits */

int urb__store_init(struct urb_bearer *b);
void urb__store_fini(struct urb_bearer *b);
/* A run of blocks for @bytes: its handle in *@run; URB_EATCAPACITY naming record_bytes. */
int urb__store_alloc(struct urb_bearer *b, size_t bytes, const char *what, uint32_t *run);
void urb__store_free(struct urb_bearer *b, uint32_t run);
void *urb__store_at(const struct urb_bearer *b, uint32_t run);
/* A run for @bytes held by the record being pushed (the storage kind); *@at is where, *@hold its index. */
int urb__store_take(struct urb__push *p, size_t bytes, void **at, uint32_t *hold);

#endif
