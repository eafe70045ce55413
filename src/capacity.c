/* SPDX-License-Identifier: MIT */
#include <linux/capability.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

#define URB__MAX_SQ 32768u           /* IORING_MAX_ENTRIES */
#define URB__MAX_FIXED_FILES (1u << 20) /* IORING_MAX_FIXED_FILES */
/* every set's kernel group id, urb__bgid(), fits the kernel's 16 bits at 64 or above */
#define URB__MAX_SETS (65536u - 64u)
_Static_assert(URB__MAX_SETS - 1 + 64 == (uint16_t)(URB__MAX_SETS - 1 + 64),
	       "the last set's group id does not wrap below 64");
#define URB__MAX_FUTEXES (1u << 20)
#define URB__MAX_STORE (UINT64_C(1) << 30)  /* 2^24 blocks of 64 bytes */

static const char *const kind_names[URB_CAP__COUNT] = {
	[URB_CAP_CORE_QUEUE] = "core_queue",
	[URB_CAP_REGISTERED_FD] = "registered_fd",
	[URB_CAP_DIRECT_FD] = "direct_fd",
	[URB_CAP_PENDING_COMPLETIONS] = "pending_completions",
	[URB_CAP_BUFFERS] = "buffers",
	[URB_CAP_BUFFER_BYTES] = "buffer_bytes",
	[URB_CAP_BUFFER_RINGS] = "buffer_rings",
	[URB_CAP_FUTEXES] = "futexes",
	[URB_CAP_RECORD_BYTES] = "record_bytes",
};

const char *urb_capacity_kind_name(enum urb_capacity_kind kind)
{
	if (kind == URB_CAP_NONE)
		return "none";
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
	case URB_CAP_RECORD_BYTES: return cap->record_bytes;
	case URB_CAP_NONE:
	case URB_CAP__COUNT: break;
	}
	return 0;
}

static int short_of(struct urb_capacity_shortfall *why, enum urb_capacity_kind kind,
		    const char *field, uint64_t requested, uint64_t limit, const char *limit_name,
		    int err, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* Fills @why (when given): the kind, the field at fault and words for it. */
static int short_of(struct urb_capacity_shortfall *why, enum urb_capacity_kind kind,
		    const char *field, uint64_t requested, uint64_t limit, const char *limit_name,
		    int err, const char *fmt, ...)
{
	va_list ap;

	if (!why)
		return err;
	why->kind = kind;
	why->requested = requested;
	why->limit = limit;
	why->limit_name = limit_name;
	why->field = field;
	va_start(ap, fmt);
	vsnprintf(why->detail, sizeof(why->detail), fmt, ap);
	va_end(ap);
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
		bool may_be_zero; /* zero: the bearer has none of this kind */
		uint64_t max;
		const char *max_name;
	} bounds[] = {
		{ URB_CAP_CORE_QUEUE, false, URB__MAX_SQ, "IORING_MAX_ENTRIES" },
		{ URB_CAP_REGISTERED_FD, true, URB__MAX_FIXED_FILES, "IORING_MAX_FIXED_FILES" },
		{ URB_CAP_DIRECT_FD, true, URB__MAX_FIXED_FILES, "IORING_MAX_FIXED_FILES" },
		{ URB_CAP_PENDING_COMPLETIONS, false, URB__MAX_RECORDS, "urb's record limit" },
		{ URB_CAP_BUFFERS, true, URB__MAX_SETS, "urb's buffer set limit (group ids 64 .. 65535)" },
		{ URB_CAP_BUFFER_BYTES, true, UINT64_C(1) << 40, "urb's buffer memory limit" },
		{ URB_CAP_BUFFER_RINGS, true, URB__MAX_SETS, "urb's buffer set limit (group ids 64 .. 65535)" },
		{ URB_CAP_FUTEXES, true, URB__MAX_FUTEXES, "urb's futex limit" },
		{ URB_CAP_RECORD_BYTES, true, URB__MAX_STORE, "urb's record storage limit" },
	};
	struct rlimit rl;
	uint64_t fds;

	if (!cap)
		return short_of(why, URB_CAP_NONE, "cap", 0, 0, "a capacity", URB_EINVAL,
				"capacity: cap is NULL");
	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		enum urb_capacity_kind k = bounds[i].kind;
		const char *name = urb_capacity_kind_name(k);
		uint64_t v = urb__capacity_value(cap, k);

		if (v == 0 && !bounds[i].may_be_zero)
			return short_of(why, k, name, 0, 1, "a declared capacity (zero is not one)",
					URB_EINVAL, "%s is 0: a bearer needs at least 1 (%s)", name,
					k == URB_CAP_CORE_QUEUE ? "submission queue entries" :
								  "records for pending ops");
		if (v > bounds[i].max)
			return short_of(why, k, name, v, bounds[i].max, bounds[i].max_name, URB_EINVAL,
					"%s is %llu: at most %llu (%s)", name, (unsigned long long)v,
					(unsigned long long)bounds[i].max, bounds[i].max_name);
	}
	if ((unsigned)cap->slab >= URB_SLAB__COUNT)
		return short_of(why, URB_CAP_PENDING_COMPLETIONS, "slab", cap->slab,
				URB_SLAB__COUNT - 1, "a slab kind", URB_EINVAL,
				"slab is %u: not an enum urb_slab_kind (0 .. %u)", (unsigned)cap->slab,
				URB_SLAB__COUNT - 1);
	if (cap->ring_options & ~(uint32_t)(URB_RING_SQPOLL | URB_RING_SQ_AFF))
		return short_of(why, URB_CAP_CORE_QUEUE, "ring_options", cap->ring_options,
				URB_RING_SQPOLL | URB_RING_SQ_AFF, "URB_RING_SQPOLL | URB_RING_SQ_AFF",
				URB_EINVAL, "ring_options is %#x: only URB_RING_SQPOLL and "
				"URB_RING_SQ_AFF are opt-ins (%#x)", cap->ring_options,
				URB_RING_SQPOLL | URB_RING_SQ_AFF);
	if (cap->ring_avoid & ~(uint32_t)URB_RING_THREAD_BOUND & ~(uint32_t)URB_RING_SUBMIT_ALL)
		return short_of(why, URB_CAP_CORE_QUEUE, "ring_avoid", cap->ring_avoid,
				URB_RING_THREAD_BOUND | URB_RING_SUBMIT_ALL,
				"the default set-up's URB_RING_* bits", URB_EINVAL,
				"ring_avoid is %#x: only bits of the default set-up can be left out "
				"(%#x)", cap->ring_avoid, URB_RING_THREAD_BOUND | URB_RING_SUBMIT_ALL);
	if ((cap->ring_options & URB_RING_SQ_AFF) && !(cap->ring_options & URB_RING_SQPOLL))
		return short_of(why, URB_CAP_CORE_QUEUE, "ring_options", cap->ring_options,
				URB_RING_SQPOLL, "URB_RING_SQPOLL", URB_EINVAL,
				"ring_options has URB_RING_SQ_AFF without URB_RING_SQPOLL: there is "
				"no poller thread to pin");
	if (cap->sqpoll_idle_ms && !(cap->ring_options & URB_RING_SQPOLL))
		return short_of(why, URB_CAP_CORE_QUEUE, "sqpoll_idle_ms", cap->sqpoll_idle_ms, 0,
				"URB_RING_SQPOLL", URB_EINVAL,
				"sqpoll_idle_ms is %u without URB_RING_SQPOLL in ring_options",
				cap->sqpoll_idle_ms);
	if (cap->sqpoll_cpu && !(cap->ring_options & URB_RING_SQ_AFF))
		return short_of(why, URB_CAP_CORE_QUEUE, "sqpoll_cpu", cap->sqpoll_cpu, 0,
				"URB_RING_SQ_AFF", URB_EINVAL,
				"sqpoll_cpu is %u without URB_RING_SQ_AFF in ring_options",
				cap->sqpoll_cpu);
	if ((cap->ring_options & URB_RING_SQ_AFF) &&
	    (long)cap->sqpoll_cpu >= sysconf(_SC_NPROCESSORS_CONF))
		return short_of(why, URB_CAP_CORE_QUEUE, "sqpoll_cpu", cap->sqpoll_cpu,
				(uint64_t)sysconf(_SC_NPROCESSORS_CONF), "CPUs", URB_EINVAL,
				"sqpoll_cpu is %u: this machine has %ld CPUs", cap->sqpoll_cpu,
				sysconf(_SC_NPROCESSORS_CONF));
	if (cap->core_queue & (cap->core_queue - 1))
		return short_of(why, URB_CAP_CORE_QUEUE, "core_queue", cap->core_queue,
				cap->core_queue, "a power of two", URB_EINVAL,
				"core_queue is %u: it must be a power of two", cap->core_queue);

	/* The environment: what the kernel will refuse at registration time. */
	fds = (uint64_t)cap->registered_fd + cap->direct_fd;
	if (fds > URB__MAX_FIXED_FILES)
		return short_of(why, URB_CAP_DIRECT_FD, "registered_fd + direct_fd", fds,
				URB__MAX_FIXED_FILES, "IORING_MAX_FIXED_FILES", URB_EINVAL,
				"registered_fd + direct_fd is %llu: the fixed-file table holds at "
				"most %u (IORING_MAX_FIXED_FILES)", (unsigned long long)fds,
				URB__MAX_FIXED_FILES);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    fds > rl.rlim_cur)
		return short_of(why, URB_CAP_REGISTERED_FD, "registered_fd + direct_fd", fds,
				rl.rlim_cur, "RLIMIT_NOFILE", URB_ELIMIT,
				"registered_fd + direct_fd is %llu: RLIMIT_NOFILE allows %llu",
				(unsigned long long)fds, (unsigned long long)rl.rlim_cur);
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    urb__page_round(cap->buffer_bytes) > rl.rlim_cur && !has_ipc_lock())
		return short_of(why, URB_CAP_BUFFER_BYTES, "buffer_bytes", cap->buffer_bytes,
				rl.rlim_cur, "RLIMIT_MEMLOCK", URB_ELIMIT,
				"buffer_bytes is %llu: RLIMIT_MEMLOCK allows %llu locked bytes "
				"(and the process lacks CAP_IPC_LOCK)",
				(unsigned long long)cap->buffer_bytes, (unsigned long long)rl.rlim_cur);
	if (why) {
		*why = (struct urb_capacity_shortfall){ .kind = URB_CAP_NONE };
	}
	return 0;
}

/* A sum or product that stops at UINT32_MAX: urb_capacity_check() refuses it with words. */
static uint32_t sat32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

#define PLAN_STORED_OP_BYTES 4352u /* PATH_MAX, and a struct statx in 64-byte blocks */

int urb_capacity_plan(const struct urb_workload *w, struct urb_capacity *cap,
		      struct urb_capacity_shortfall *why)
{
	uint64_t ops, queue = 1, bytes = 0;
	int64_t set = 0, ring = 0, ring_books = 0;

	if (!w || !cap)
		return URB_EINVAL;
	ops = (uint64_t)w->connections * w->conn_ops + w->listeners + w->other_ops;
	if (ops == 0)
		return URB_EINVAL; /* a bearer needs room for at least one op */
	if (w->conn_buf_len && w->connections)
		set = urb_bufset_bytes(w->connections, w->conn_buf_len);
	if (w->ring_bufs) {
		ring = urb_bufset_bytes(w->ring_bufs, w->ring_buf_len);
		ring_books = urb_bufring_bytes(w->ring_bufs);
	}
	if (set < 0 || ring < 0 || ring_books < 0)
		return URB_EINVAL;
	bytes = (uint64_t)set + (uint64_t)ring + (uint64_t)ring_books;
	while (queue < ops && queue < URB__MAX_SQ)
		queue <<= 1;
	cap->core_queue = (uint32_t)queue;
	cap->pending_completions = sat32(ops);
	cap->registered_fd = sat32((uint64_t)w->listeners + w->other_fds);
	cap->direct_fd = w->direct_conns ? w->connections : 0;
	cap->buffers = (set > 0) + (ring > 0);
	cap->buffer_bytes = bytes;
	cap->buffer_rings = ring > 0;
	cap->record_bytes = 2 * (uint64_t)w->stored_ops * PLAN_STORED_OP_BYTES;
	cap->futexes = w->futexes;
	return urb_capacity_check(cap, why);
}
