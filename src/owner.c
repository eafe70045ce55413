/* SPDX-License-Identifier: MIT */
#include "internal.h"

/*
 * The moves as internal.h spells them, one entry per state, and an empty
 * one for every other byte: a test of a state byte needs no bound.
 */
const uint8_t urb__own_legal[256] = {
	[URB_OWN_REUSABLE] = URB__FROM_REUSABLE,
	[URB_OWN_CREATED] = URB__FROM_CREATED,
	[URB_OWN_REGISTERED] = URB__FROM_REGISTERED,
	[URB_OWN_FILLING] = URB__FROM_FILLING,
	[URB_OWN_TAKEN] = URB__FROM_TAKEN,
	[URB_OWN_KERNEL] = URB__FROM_KERNEL,
	[URB_OWN_RETURNED] = URB__FROM_RETURNED,
};

static const char *const owner_names[URB_OWN__COUNT] = {
	[URB_OWN_REUSABLE] = "reusable",
	[URB_OWN_CREATED] = "created",
	[URB_OWN_REGISTERED] = "registered",
	[URB_OWN_FILLING] = "filling",
	[URB_OWN_TAKEN] = "taken",
	[URB_OWN_KERNEL] = "kernel",
	[URB_OWN_RETURNED] = "returned",
};

const char *urb_owner_name(enum urb_owner owner)
{
	return (unsigned)owner < URB_OWN__COUNT ? owner_names[owner] : NULL;
}
