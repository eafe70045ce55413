/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "internal.h"

/* Futex words: futexes 32-bit words allocated once, at stable addresses. */

int urb__futex_init(struct urb_bearer *b)
{
	b->futex_words = calloc(b->cap.futexes, sizeof(*b->futex_words));
	b->futex_live = calloc(b->cap.futexes, 1);
	return b->futex_words && b->futex_live ? 0 : -ENOMEM;
}

void urb__futex_fini(struct urb_bearer *b)
{
	free(b->futex_words);
	free(b->futex_live);
	b->futex_words = NULL;
	b->futex_live = NULL;
}

int urb_futex_create(struct urb_bearer *b, uint32_t initial, uint32_t **word)
{
	if (!b || !word)
		return URB_EINVAL;
	for (uint32_t id = 0; id < b->cap.futexes; id++) {
		if (b->futex_live[id])
			continue;
		b->futex_live[id] = 1;
		b->futex_words[id] = initial;
		b->futexes_used++;
		*word = &b->futex_words[id];
		return (int)id;
	}
	return urb__at_capacity(b, URB_CAP_FUTEXES);
}

int urb_futex_destroy(struct urb_bearer *b, uint32_t id)
{
	if (!b)
		return URB_EINVAL;
	if (id >= b->cap.futexes || !b->futex_live[id])
		return urb__refuse(b, URB_EINVAL, "futex %u does not exist", id);
	b->futex_live[id] = 0;
	b->futexes_used--;
	return 0;
}
