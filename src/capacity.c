/* SPDX-License-Identifier: MIT */
#include <linux/capability.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

#define URB__MAX_SQ 32768u           /* IORING_MAX_ENTRIES */
#define URB__MAX_RECORDS (1u << 24)
#define URB__MAX_FIXED_FILES (1u << 20) /* IORING_MAX_FIXED_FILES */
#define URB__MAX_SETS 65536u         /* a set id fits urb_buf_t's 16 bits */
#define URB__MAX_FUTEXES (1u << 20)

static const char *const kind_names[URB_CAP__COUNT] = {
	[URB_CAP_CORE_QUEUE] = "core_queue",
	[URB_CAP_REGISTERED_FD] = "registered_fd",
	[URB_CAP_DIRECT_FD] = "direct_fd",
	[URB_CAP_PENDING_COMPLETIONS] = "pending_completions",
	[URB_CAP_BUFFERS] = "buffers",
	[URB_CAP_BUFFER_BYTES] = "buffer_bytes",
	[URB_CAP_BUFFER_RINGS] = "buffer_rings",
	[URB_CAP_FUTEXES] = "futexes",
};

const char *urb_capacity_kind_name(enum urb_capacity_kind kind)
{
	return (unsigned)kind < URB_CAP__COUNT ? kind_names[kind] : NULL;
}

uint64_t urb__capacity_value(const struct urb_capacity *cap, enum urb_capacity_kind kind)
{
	switch (kind) {
	case URB_CAP_CORE_QUEUE: return cap->core_queue;
	case URB_CAP_REGISTERED_FD: return cap->registered_fd;
	case URB_CAP_DIRECT_FD: return cap->direct_fd;
	case URB_CAP_PENDING_COMPLETIONS: return cap->pending_completions;
	case URB_CAP_BUFFERS: return cap->buffers;
	case URB_CAP_BUFFER_BYTES: return cap->buffer_bytes;
	case URB_CAP_BUFFER_RINGS: return cap->buffer_rings;
	case URB_CAP_FUTEXES: return cap->futexes;
	case URB_CAP__COUNT: break;
	}
	return 0;
}

static int short_of(struct urb_capacity_shortfall *why, enum urb_capacity_kind kind,
		    uint64_t requested, uint64_t limit, const char *limit_name, int err)
{
	if (why) {
		why->kind = kind;
		why->requested = requested;
		why->limit = limit;
		why->limit_name = limit_name;
	}
	return err;
}

static bool has_ipc_lock(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = { { 0 } };

	if (syscall(SYS_capget, &hdr, data) != 0)
		return false;
	return data[CAP_IPC_LOCK / 32].effective & (1u << (CAP_IPC_LOCK % 32));
}

int urb_capacity_check(const struct urb_capacity *cap,
		       struct urb_capacity_shortfall *why)
{
	static const struct {
		enum urb_capacity_kind kind;
		bool may_be_zero; /* a pool the bearer may go without */
		uint64_t max;
		const char *max_name;
	} bounds[] = {
		{ URB_CAP_CORE_QUEUE, false, URB__MAX_SQ, "IORING_MAX_ENTRIES" },
		{ URB_CAP_REGISTERED_FD, false, URB__MAX_FIXED_FILES, "IORING_MAX_FIXED_FILES" },
		{ URB_CAP_DIRECT_FD, true, URB__MAX_FIXED_FILES, "IORING_MAX_FIXED_FILES" },
		{ URB_CAP_PENDING_COMPLETIONS, false, URB__MAX_RECORDS, "urb's record limit" },
		{ URB_CAP_BUFFERS, false, URB__MAX_SETS, "urb's buffer set limit" },
		{ URB_CAP_BUFFER_BYTES, false, UINT64_C(1) << 40, "urb's buffer memory limit" },
		{ URB_CAP_BUFFER_RINGS, true, URB__MAX_SETS, "urb's buffer set limit" },
		{ URB_CAP_FUTEXES, false, URB__MAX_FUTEXES, "urb's futex limit" },
	};
	struct rlimit rl;

	if (!cap)
		return URB_EINVAL;
	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		uint64_t v = urb__capacity_value(cap, bounds[i].kind);

		if (v == 0 && !bounds[i].may_be_zero)
			return short_of(why, bounds[i].kind, 0, 1, "a declared capacity (zero is not one)", URB_EINVAL);
		if (v > bounds[i].max)
			return short_of(why, bounds[i].kind, v, bounds[i].max, bounds[i].max_name, URB_EINVAL);
	}
	if ((unsigned)cap->slab >= URB_SLAB__COUNT)
		return short_of(why, URB_CAP_PENDING_COMPLETIONS, cap->slab, URB_SLAB__COUNT - 1,
				"a slab kind", URB_EINVAL);
	if (cap->core_queue & (cap->core_queue - 1))
		return short_of(why, URB_CAP_CORE_QUEUE, cap->core_queue, cap->core_queue,
				"a power of two", URB_EINVAL);

	/* The environment: what the kernel will refuse at registration time. */
	if ((uint64_t)cap->registered_fd + cap->direct_fd > URB__MAX_FIXED_FILES)
		return short_of(why, URB_CAP_DIRECT_FD, (uint64_t)cap->registered_fd + cap->direct_fd,
				URB__MAX_FIXED_FILES, "IORING_MAX_FIXED_FILES",
				URB_EINVAL);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (uint64_t)cap->registered_fd + cap->direct_fd > rl.rlim_cur)
		return short_of(why, URB_CAP_REGISTERED_FD,
				(uint64_t)cap->registered_fd + cap->direct_fd, rl.rlim_cur,
				"RLIMIT_NOFILE", URB_ELIMIT);
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    urb__page_round(cap->buffer_bytes) > rl.rlim_cur && !has_ipc_lock())
		return short_of(why, URB_CAP_BUFFER_BYTES, cap->buffer_bytes, rl.rlim_cur,
				"RLIMIT_MEMLOCK", URB_ELIMIT);
	return 0;
}
