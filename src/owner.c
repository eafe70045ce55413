/* SPDX-License-Identifier: MIT */
#include "internal.h"

#define TO(state) (1u << URB_OWN_##state)

/*
 * The only legal moves, for every owned thing.  Records go Reusable ->
 * Created -> Kernel -> Returned -> Reusable; buffers also pass through
 * Filling and Taken; fd slots through Registered.  Nothing the kernel owns
 * can go anywhere but Returned: that is the rule the whole library keeps.
 */
const uint8_t urb__own_legal[URB_OWN__COUNT] = {
	[URB_OWN_REUSABLE] = TO(CREATED) | TO(REGISTERED) | TO(FILLING) | TO(KERNEL),
	[URB_OWN_CREATED] = TO(FILLING) | TO(KERNEL) | TO(REGISTERED) | TO(REUSABLE),
	[URB_OWN_REGISTERED] = TO(KERNEL) | TO(REUSABLE),
	[URB_OWN_FILLING] = TO(TAKEN) | TO(REUSABLE),
	[URB_OWN_TAKEN] = TO(FILLING) | TO(KERNEL) | TO(REUSABLE),
	[URB_OWN_KERNEL] = TO(RETURNED),
	[URB_OWN_RETURNED] = TO(FILLING) | TO(KERNEL) | TO(REGISTERED) | TO(REUSABLE),
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
