/* SPDX-License-Identifier: MIT */

/*
 * The bearer core: capacity validation and exhaustion, ownership refusals,
 * stale and unknown keys, dispositions, reentrancy, errors and the probe.
 * Completions come from the real kernel wherever it can produce them; the
 * test seam only feeds CQEs the kernel will not send on demand.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

static const struct urb_capacity base_cap = {
	.core_queue = 8, .registered_fd = 8, .direct_fd = 4, .pending_completions = 16,
	.buffers = 4, .buffer_bytes = 64 * 1024, .buffer_rings = 2, .futexes = 4,
};

static struct urb_capacity cap_with(enum urb_capacity_kind kind, uint64_t v)
{
	struct urb_capacity cap = base_cap;

	switch (kind) {
	case URB_CAP_CORE_QUEUE: cap.core_queue = (uint32_t)v; break;
	case URB_CAP_REGISTERED_FD: cap.registered_fd = (uint32_t)v; break;
	case URB_CAP_DIRECT_FD: cap.direct_fd = (uint32_t)v; break;
	case URB_CAP_PENDING_COMPLETIONS: cap.pending_completions = (uint32_t)v; break;
	case URB_CAP_BUFFERS: cap.buffers = (uint32_t)v; break;
	case URB_CAP_BUFFER_BYTES: cap.buffer_bytes = v; break;
	case URB_CAP_BUFFER_RINGS: cap.buffer_rings = (uint32_t)v; break;
	case URB_CAP_FUTEXES: cap.futexes = (uint32_t)v; break;
	case URB_CAP_RECORD_BYTES: cap.record_bytes = v; break;
	case URB_CAP_NONE:
	case URB_CAP__COUNT: break;
	}
	return cap;
}

/* The running test's bearer: the teardown frees it when an assertion left it behind. */
static struct urb_bearer *held;

static struct urb_bearer *bearer_cap(const struct urb_capacity *cap)
{
	assert_null(held);
	held = cap ? t_bearer_cap(cap) : t_bearer();
	return held;
}

static struct urb_bearer *bearer(void)
{
	return bearer_cap(NULL);
}

static void bearer_done(struct urb_bearer *b)
{
	assert_ptr_equal(b, held);
	held = NULL;
	t_free(b);
}

static int teardown(void **state)
{
	(void)state;
	if (held)
		urb_bearer_free(held);
	held = NULL;
	return 0;
}

static struct urb_stats stats_of(const struct urb_bearer *b)
{
	struct urb_stats s;

	assert_int_equal(urb_bearer_stats(b, &s), 0);
	return s;
}

/* Submits and reaps until @want completions were shown to @fn. */
static void reap(struct urb_bearer *b, int want, urb_completion_fn fn, void *user)
{
	struct timespec ts = { .tv_sec = 2 };
	int got = 0;

	for (int tries = 0; got < want && tries < 10; tries++) {
		int rc = urb_bearer_submit_and_wait(b, (unsigned)(want - got), &ts);

		assert_true(rc >= 0 || rc == -ETIME);
		rc = urb_bearer_completions(b, fn, user);
		assert_true(rc >= 0);
		got += rc;
	}
	assert_int_equal(got, want);
}

static void push_nops(struct urb_bearer *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(urb_push_nop(b, NULL), 0);
}

/* The last refusal was URB_EATCAPACITY on @kind, set to @setting. */
static void assert_at_capacity(struct urb_bearer *b, enum urb_capacity_kind kind,
			       uint64_t setting)
{
	enum urb_capacity_kind k = URB_CAP__COUNT;
	uint64_t s = 0;
	const char *detail = urb_bearer_detail(b);

	assert_int_equal(urb_bearer_at_capacity(b, &k, &s), 0);
	assert_int_equal(k, kind);
	assert_int_equal(s, setting);
	assert_non_null(detail);
	assert_true(detail[0] != '\0');
	assert_non_null(strstr(detail, urb_capacity_kind_name(kind)));
}

static struct urb_capacity_shortfall check_shortfall(const struct urb_capacity *cap, int err,
						     enum urb_capacity_kind kind,
						     uint64_t requested)
{
	struct urb_capacity_shortfall why;

	memset(&why, 0xa5, sizeof(why));
	assert_int_equal(urb_capacity_check(cap, &why), err);
	assert_int_equal(why.kind, kind);
	assert_int_equal(why.requested, requested);
	assert_non_null(why.limit_name);
	assert_true(why.limit_name[0] != '\0');
	return why;
}

static void refused_new(const struct urb_capacity *cap, int err)
{
	struct urb_bearer *b = (struct urb_bearer *)&b;

	assert_int_equal(urb_bearer_new(cap, &b), err);
	assert_null(b);
}

/* ---- 1. capacity validation */

static void capacity_null_args(void **state)
{
	struct urb_bearer *b = (struct urb_bearer *)&b;

	(void)state;
	assert_int_equal(urb_bearer_new(NULL, &b), URB_EINVAL);
	assert_int_equal(urb_bearer_new(&base_cap, NULL), URB_EINVAL);
	assert_int_equal(urb_capacity_check(NULL, NULL), URB_EINVAL);
	assert_int_equal(urb_capacity_check(&base_cap, NULL), 0);
}

/* The two capacities a bearer cannot go without; zero means "none" for every other. */
static bool required_kind(enum urb_capacity_kind k)
{
	return k == URB_CAP_CORE_QUEUE || k == URB_CAP_PENDING_COMPLETIONS;
}

static void capacity_zero_fields(void **state)
{
	(void)state;
	for (int k = 0; k < URB_CAP__COUNT; k++) {
		struct urb_capacity cap = cap_with((enum urb_capacity_kind)k, 0);
		struct urb_capacity_shortfall why;

		if (!required_kind((enum urb_capacity_kind)k)) {
			struct urb_bearer *b = bearer_cap(&cap);

			assert_int_equal(stats_of(b).capacity[k], 0);
			t_free(b);
			held = NULL;
			continue;
		}
		refused_new(&cap, URB_EINVAL);
		assert_int_equal(urb_capacity_check(&cap, NULL), URB_EINVAL);
		why = check_shortfall(&cap, URB_EINVAL, (enum urb_capacity_kind)k, 0);
		assert_true(why.limit >= 1);
		assert_string_equal(why.field, urb_capacity_kind_name((enum urb_capacity_kind)k));
		assert_non_null(strstr(why.detail, why.field));
	}
}

static void capacity_core_queue_power_of_two(void **state)
{
	static const uint32_t bad[] = { 3, 6, 48, 100, 32767 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct urb_capacity cap = cap_with(URB_CAP_CORE_QUEUE, bad[i]);

		refused_new(&cap, URB_EINVAL);
		check_shortfall(&cap, URB_EINVAL, URB_CAP_CORE_QUEUE, bad[i]);
	}
	for (uint32_t q = 1; q <= 32768; q <<= 1) {
		struct urb_capacity cap = cap_with(URB_CAP_CORE_QUEUE, q);

		assert_int_equal(urb_capacity_check(&cap, NULL), 0);
	}
}

static void capacity_upper_bounds(void **state)
{
	static const struct {
		enum urb_capacity_kind kind;
		uint64_t max;
	} bounds[] = {
		{ URB_CAP_CORE_QUEUE, 32768 },
		{ URB_CAP_PENDING_COMPLETIONS, 1u << 24 },
		{ URB_CAP_BUFFERS, 65536 - 64 }, /* kernel group ids 64 .. 65535 */
		{ URB_CAP_BUFFER_RINGS, 65536 - 64 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		uint64_t over = bounds[i].kind == URB_CAP_CORE_QUEUE ? bounds[i].max * 2 :
								       bounds[i].max + 1;
		struct urb_capacity cap = cap_with(bounds[i].kind, over);

		refused_new(&cap, URB_EINVAL);
		assert_int_equal(check_shortfall(&cap, URB_EINVAL, bounds[i].kind, over).limit,
				 bounds[i].max);
		cap = cap_with(bounds[i].kind, bounds[i].max);
		assert_int_equal(urb_capacity_check(&cap, NULL), 0);
	}
}

/* ---- 2. capacity against the environment */

static void capacity_rlimit_nofile(void **state)
{
	struct rlimit saved, rl;
	struct urb_capacity cap;
	struct urb_capacity_shortfall why;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	rl = saved;
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= (1u << 20) - 1) {
		rl.rlim_cur = 4096;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	cap = cap_with(URB_CAP_REGISTERED_FD, rl.rlim_cur + 1);
	cap.direct_fd = 1;
	memset(&why, 0xa5, sizeof(why));
	assert_int_equal(urb_capacity_check(&cap, &why), URB_ELIMIT);
	assert_int_equal(why.kind, URB_CAP_REGISTERED_FD);
	assert_int_equal(why.requested, (uint64_t)cap.registered_fd + cap.direct_fd);
	assert_int_equal(why.limit, rl.rlim_cur);
	refused_new(&cap, URB_ELIMIT);

	/* the fixed-file table holds both areas: their sum is what counts */
	cap.registered_fd = (uint32_t)rl.rlim_cur;
	assert_int_equal(urb_capacity_check(&cap, NULL), URB_ELIMIT);
	cap.registered_fd = (uint32_t)rl.rlim_cur - 1;
	assert_int_equal(urb_capacity_check(&cap, NULL), 0);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
	assert_non_null(why.limit_name);
	assert_string_equal(why.limit_name, "RLIMIT_NOFILE");
}

static int capabilities(struct __user_cap_data_struct data[2], bool set)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };

	return (int)syscall(set ? SYS_capset : SYS_capget, &hdr, data);
}

static bool ipc_lock_effective(void)
{
	struct __user_cap_data_struct data[2] = { { 0 } };

	return capabilities(data, false) == 0 &&
	       (data[CAP_IPC_LOCK / 32].effective & (1u << (CAP_IPC_LOCK % 32)));
}

static int drop_ipc_lock(void)
{
	struct __user_cap_data_struct data[2] = { { 0 } };

	if (capabilities(data, false) != 0)
		return -1;
	data[CAP_IPC_LOCK / 32].effective &= ~(1u << (CAP_IPC_LOCK % 32));
	return capabilities(data, true);
}

static const char *const memlock_steps[] = {
	[0] = "ok",
	[1] = "setrlimit(RLIMIT_MEMLOCK)",
	[2] = "with CAP_IPC_LOCK, 1 MiB over RLIMIT_MEMLOCK was refused",
	[3] = "capset dropping CAP_IPC_LOCK",
	[4] = "CAP_IPC_LOCK still effective after capset",
	[5] = "urb_capacity_check did not return URB_ELIMIT",
	[6] = "shortfall kind is not URB_CAP_BUFFER_BYTES",
	[7] = "shortfall requested is not 1 MiB",
	[8] = "shortfall limit is not 64 KiB",
	[9] = "shortfall limit_name is not \"RLIMIT_MEMLOCK\"",
	[10] = "urb_bearer_new did not return URB_ELIMIT",
	[11] = "32 KiB under RLIMIT_MEMLOCK was refused",
};

static int memlock_child(void)
{
	const uint64_t limit = 64 * 1024;
	struct rlimit rl = { .rlim_cur = limit, .rlim_max = limit };
	struct urb_capacity cap = cap_with(URB_CAP_BUFFER_BYTES, 1u << 20);
	struct urb_capacity_shortfall why;
	struct urb_bearer *b = NULL;

	if (setrlimit(RLIMIT_MEMLOCK, &rl) != 0)
		return 1;
	if (ipc_lock_effective() && urb_capacity_check(&cap, NULL) != 0)
		return 2;
	if (drop_ipc_lock() != 0)
		return 3;
	if (ipc_lock_effective())
		return 4;
	memset(&why, 0, sizeof(why));
	if (urb_capacity_check(&cap, &why) != URB_ELIMIT)
		return 5;
	if (why.kind != URB_CAP_BUFFER_BYTES)
		return 6;
	if (why.requested != 1u << 20)
		return 7;
	if (why.limit != limit)
		return 8;
	if (!why.limit_name || strcmp(why.limit_name, "RLIMIT_MEMLOCK") != 0)
		return 9;
	if (urb_bearer_new(&cap, &b) != URB_ELIMIT)
		return 10;
	cap = cap_with(URB_CAP_BUFFER_BYTES, 32 * 1024);
	if (urb_capacity_check(&cap, NULL) != 0)
		return 11;
	return 0;
}

static void capacity_rlimit_memlock(void **state)
{
	int status = 0;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(memlock_child());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) != 0 &&
	    WEXITSTATUS(status) < (int)(sizeof(memlock_steps) / sizeof(memlock_steps[0])))
		print_message("child failed: %s\n", memlock_steps[WEXITSTATUS(status)]);
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- 3. capacity exhaustion, every kind */

static void exhaust_core_queue(void **state)
{
	struct urb_capacity cap = cap_with(URB_CAP_CORE_QUEUE, 4);
	struct urb_bearer *b = bearer_cap(&cap);
	struct t_seen seen = { 0 };
	struct urb_stats s;

	(void)state;
	push_nops(b, 4);
	assert_int_equal(urb_push_nop(b, NULL), URB_EATCAPACITY);
	assert_at_capacity(b, URB_CAP_CORE_QUEUE, 4);
	s = stats_of(b);
	assert_int_equal(s.pending, 4);
	assert_int_equal(s.pending_per_op[URB_OP_NOP], 4);
	assert_int_equal(s.capacity_used[URB_CAP_CORE_QUEUE], 4);
	assert_int_equal(s.capacity[URB_CAP_CORE_QUEUE], 4);

	assert_int_equal(urb_bearer_submit(b), 4);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_CORE_QUEUE], 0);
	assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(t_pending(b), 5);
	reap(b, 5, t_record, &seen);
	assert_int_equal(seen.stale, 0);
	s = stats_of(b);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.pending_per_op[URB_OP_NOP], 0);
	assert_int_equal(s.submitted, 5);
	assert_int_equal(s.completions, 5);
	bearer_done(b);
}

/*
 * stats.submitted counts every SQE the kernel was handed: pushes of 1 to 4
 * nops on a 4-entry SQ, submitted alone, with a submit and wait, or by a
 * push that found the SQ full, round it many times, the count read at
 * uneven times in between.
 */
static void submitted_counts_every_sqe(void **state)
{
	struct urb_bearer *b = bearer_cap(&(struct urb_capacity){
		.core_queue = 4, .pending_completions = 8 });
	struct t_seen seen = { 0 };
	uint64_t pushed = 0;

	(void)state;
	for (uint32_t round = 0; round < 300; round++) {
		uint32_t n = 1 + round % 4;

		push_nops(b, n);
		pushed += n;
		if (round % 3 == 0)
			assert_int_equal(urb_bearer_submit(b), (int)n);
		reap(b, (int)n, t_record, &seen);
		if (round % 7 == 0 || round % 11 == 0)
			assert_int_equal(stats_of(b).submitted, pushed);
	}
	assert_int_equal(stats_of(b).submitted, pushed);
	assert_int_equal(seen.calls, (int)pushed);
	bearer_done(b);
}

static void exhaust_pending_completions(void **state)
{
	struct urb_capacity cap = cap_with(URB_CAP_PENDING_COMPLETIONS, 4);
	struct urb_bearer *b;
	struct t_seen seen = { 0 };
	struct urb_stats s;

	(void)state;
	cap.core_queue = 8;
	b = bearer_cap(&cap);
	push_nops(b, 4);
	assert_int_equal(urb_push_nop(b, NULL), URB_EATCAPACITY);
	assert_at_capacity(b, URB_CAP_PENDING_COMPLETIONS, 4);
	s = stats_of(b);
	assert_int_equal(s.pending, 4);
	assert_int_equal(s.capacity_used[URB_CAP_PENDING_COMPLETIONS], 4);
	assert_int_equal(s.capacity_used[URB_CAP_CORE_QUEUE], 4);

	reap(b, 4, t_record, &seen);
	assert_int_equal(t_pending(b), 0);
	push_nops(b, 4);
	reap(b, 4, t_record, &seen);
	assert_int_equal(seen.calls, 8);
	assert_int_equal(t_pending(b), 0);
	bearer_done(b);
}

static void exhaust_registered_fd(void **state)
{
	struct urb_capacity cap = cap_with(URB_CAP_REGISTERED_FD, 4);
	struct urb_bearer *b = bearer_cap(&cap);
	int fd = t_new_fd();

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(urb_fd_register(b, fd, URB_FD_FILE), i);
	assert_int_equal(urb_fd_register(b, fd, URB_FD_FILE), URB_EATCAPACITY);
	assert_at_capacity(b, URB_CAP_REGISTERED_FD, 4);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_REGISTERED_FD], 4);
	assert_int_equal(urb_fd_unregister(b, 2), 0);
	assert_int_equal(urb_fd_register(b, fd, URB_FD_FILE), 2);
	close(fd);
	bearer_done(b);
}

static enum urb_disposition keep_slot(struct urb_bearer *b, const struct urb_completion *c,
				      void *user)
{
	int *slot = user;

	(void)b;
	if (c->op == URB_OP_SOCKET)
		*slot = c->u.socket.sock.slot;
	return URB_DEFAULT;
}

/* A socket the kernel creates straight into a slot of its own area. */
static int auto_socket(struct urb_bearer *b)
{
	struct urb_socket_opts opts = { .target = URB_AUTO_SLOT };
	int slot = -1;

	assert_int_equal(urb_push_socket(b, AF_INET, SOCK_STREAM, 0, &opts), 0);
	reap(b, 1, keep_slot, &slot);
	assert_true(slot >= 0);
	return slot;
}

static void exhaust_direct_fd(void **state)
{
	struct urb_capacity cap = cap_with(URB_CAP_DIRECT_FD, 2);
	struct urb_socket_opts opts = { .target = URB_AUTO_SLOT };
	struct urb_bearer *b = bearer_cap(&cap);
	int slots[2];

	(void)state;
	if (!urb_op_supported(b, URB_OP_SOCKET))
		skip();
	for (int i = 0; i < 2; i++) {
		slots[i] = auto_socket(b);
		assert_true(slots[i] >= (int)cap.registered_fd);
		assert_int_equal(urb_fd_kind(b, (uint32_t)slots[i]), URB_FD_SOCKET);
	}
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_DIRECT_FD], 2);
	assert_int_equal(urb_push_socket(b, AF_INET, SOCK_STREAM, 0, &opts), URB_EATCAPACITY);
	assert_at_capacity(b, URB_CAP_DIRECT_FD, 2);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_REGISTERED_FD], 0);

	assert_int_equal(urb_fd_unregister(b, (uint32_t)slots[0]), 0);
	assert_int_equal(auto_socket(b), slots[0]);
	bearer_done(b);
}

static void exhaust_buffers(void **state)
{
	struct urb_capacity cap = cap_with(URB_CAP_BUFFERS, 3);
	struct urb_bearer *b = bearer_cap(&cap);
	int sets[3];

	(void)state;
	for (int i = 0; i < 3; i++) {
		sets[i] = urb_bufset_create(b, 2, 128);
		assert_true(sets[i] >= 0);
	}
	assert_int_equal(urb_bufset_create(b, 2, 128), URB_EATCAPACITY);
	assert_at_capacity(b, URB_CAP_BUFFERS, 3);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_BUFFERS], 3);

	assert_int_equal(urb_bufset_destroy(b, (uint32_t)sets[1]), 0);
	assert_int_equal(urb_bufset_create(b, 2, 128), sets[1]);
	bearer_done(b);
}

/* What a set and a ring take of buffer memory: whole pages of the user's bytes, no books. */
static void buffer_memory_sizes(void **state)
{
	int64_t page = sysconf(_SC_PAGESIZE);

	(void)state;
	assert_int_equal(urb_bufset_bytes(1, 1), page);
	assert_int_equal(urb_bufset_bytes(1, (uint32_t)page), page);
	assert_int_equal(urb_bufset_bytes(2, (uint32_t)page - 64), 2 * page);
	assert_int_equal(urb_bufset_bytes(32, 4096), 32 * 4096);
	assert_int_equal(urb_bufset_bytes(256, 1), page);
	assert_int_equal(urb_bufset_bytes(65536, 65536), (int64_t)1 << 32);
	assert_int_equal(urb_bufset_bytes(0, 64), URB_EINVAL);
	assert_int_equal(urb_bufset_bytes(65537, 64), URB_EINVAL);
	assert_int_equal(urb_bufset_bytes(1, 0), URB_EINVAL);
	assert_int_equal(urb_bufring_bytes(1), page);
	assert_int_equal(urb_bufring_bytes((uint32_t)page / 16), page);
	assert_int_equal(urb_bufring_bytes((uint32_t)page / 16 + 1), 2 * page);
	assert_int_equal(urb_bufring_bytes(0), URB_EINVAL);
	assert_int_equal(urb_bufring_bytes(32769), URB_EINVAL);
}

static void exhaust_buffer_bytes(void **state)
{
	/* room for three sets of 16 KiB and one of 1 KiB: each takes whole pages */
	uint64_t big = (uint64_t)urb_bufset_bytes(1, 16 * 1024);
	uint64_t small = (uint64_t)urb_bufset_bytes(1, 1024), bytes = 3 * big + small;
	struct urb_capacity cap = cap_with(URB_CAP_BUFFER_BYTES, bytes);
	struct urb_bearer *b;
	const void *addr[3];
	int sets[3], again;

	(void)state;
	cap.buffers = 8;
	b = bearer_cap(&cap);
	for (int i = 0; i < 3; i++) {
		sets[i] = urb_bufset_create(b, 1, 16 * 1024);
		assert_true(sets[i] >= 0);
		addr[i] = t_buf_data(b, URB_BUF(sets[i], 0));
	}
	assert_int_equal(urb_bufset_create(b, 1, 16 * 1024), URB_EATCAPACITY);
	assert_at_capacity(b, URB_CAP_BUFFER_BYTES, bytes);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_BUFFERS], 3);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_BUFFER_BYTES], 3 * big);
	assert_true(urb_bufset_create(b, 1, 1024) >= 0); /* a smaller set still fits */
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_BUFFER_BYTES], bytes);

	assert_int_equal(urb_bufset_destroy(b, (uint32_t)sets[1]), 0);
	again = urb_bufset_create(b, 1, 16 * 1024);
	assert_true(again >= 0);
	assert_ptr_equal(t_buf_data(b, URB_BUF(again, 0)), addr[1]);
	assert_int_equal(urb_bufset_create(b, 1, 16 * 1024), URB_EATCAPACITY);
	assert_at_capacity(b, URB_CAP_BUFFER_BYTES, bytes);
	bearer_done(b);
}

/*
 * Buffer memory is the user's bytes: two sets of exactly buffer_bytes
 * between them both fit, a 4 KiB buffer is page-aligned, and
 * urb_buf_where() shows a buffer's place whoever owns it, moving nothing.
 */
static void buffer_memory_is_the_users(void **state)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	/* four pages of buffers and one page of small ones: nothing for urb's books */
	struct urb_capacity cap = cap_with(URB_CAP_BUFFER_BYTES, 5 * page);
	struct urb_bearer *b;
	const void *addr;
	uint32_t room;
	int set, small;

	(void)state;
	cap.buffers = 2;
	b = bearer_cap(&cap);
	set = urb_bufset_create(b, 4, (uint32_t)page);
	assert_true(set >= 0);
	small = urb_bufset_create(b, 3, 100);
	assert_true(small >= 0);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_BUFFER_BYTES], cap.buffer_bytes);
	for (uint32_t i = 0; i < 4; i++) {
		assert_int_equal(urb_buf_where(b, URB_BUF(set, i), &addr, &room), 0);
		assert_int_equal((uintptr_t)addr % page, 0);
		assert_int_equal(room, page);
	}
	assert_int_equal(urb_buf_where(b, URB_BUF(small, 2), &addr, &room), 0);
	assert_int_equal(room, 100);
	assert_ptr_equal(addr, (const uint8_t *)t_buf_data(b, URB_BUF(small, 0)) + 200);
	/* the kernel's buffer: where it is, and still the kernel's */
	assert_int_equal(urb_push_recv(b, URB_SLOT(t_slot(b, URB_FD_STREAM)), URB_BUF(set, 1), NULL), 0);
	assert_int_equal(urb_buf_owner(b, URB_BUF(set, 1)), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_where(b, URB_BUF(set, 1), &addr, &room), 0);
	assert_int_equal(room, page);
	assert_int_equal(urb_buf_owner(b, URB_BUF(set, 1)), URB_OWN_KERNEL);
	bearer_done(b);
}

static void exhaust_futexes(void **state)
{
	struct urb_capacity cap = cap_with(URB_CAP_FUTEXES, 3);
	struct urb_bearer *b = bearer_cap(&cap);
	uint32_t *words[3], *w = NULL, *lo, *hi;
	int id;

	(void)state;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(urb_futex_create(b, 100 + i, &words[i]), i);
		assert_int_equal(*words[i], 100 + i);
	}
	assert_int_equal(urb_futex_create(b, 7, &w), URB_EATCAPACITY);
	assert_null(w);
	assert_at_capacity(b, URB_CAP_FUTEXES, 3);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_FUTEXES], 3);

	lo = hi = words[0];
	for (int i = 1; i < 3; i++) {
		lo = words[i] < lo ? words[i] : lo;
		hi = words[i] > hi ? words[i] : hi;
	}
	assert_int_equal(urb_futex_destroy(b, 1), 0);
	id = urb_futex_create(b, 42, &w);
	assert_int_equal(id, 1);
	assert_ptr_equal(w, words[1]);
	assert_true(w >= lo && w <= hi);
	assert_int_equal(*w, 42);
	assert_int_equal(*words[0], 100);
	assert_int_equal(*words[2], 102);
	bearer_done(b);
}

/* ---- 4. ownership refusals */

static urb_buf_t fresh_buffer(struct urb_bearer *b)
{
	int set = urb_bufset_create(b, 1, 64);

	assert_true(set >= 0);
	return URB_BUF(set, 0);
}

/* A recv pushed (never submitted) into a fresh buffer: the kernel owns it. */
static urb_buf_t kernel_buffer(struct urb_bearer *b, uint32_t *slot)
{
	urb_buf_t buf = fresh_buffer(b);

	*slot = t_slot(b, URB_FD_STREAM);
	assert_int_equal(urb_push_recv(b, URB_SLOT(*slot), buf, NULL), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	return buf;
}

static void buf_fill_kernel_owned(void **state)
{
	struct urb_bearer *b = bearer();
	uint32_t slot;
	urb_buf_t buf = kernel_buffer(b, &slot);
	void *data = NULL;
	uint32_t cap = 0;

	(void)state;
	assert_int_equal(urb_buf_fill(b, buf, &data, &cap), URB_EOWNERSHIP);
	assert_null(data);
	assert_int_equal(cap, 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	assert_true(urb_bearer_detail(b)[0] != '\0');
	bearer_done(b);
}

static void buf_filled_without_fill(void **state)
{
	struct urb_bearer *b = bearer();
	urb_buf_t buf = fresh_buffer(b);

	(void)state;
	assert_int_equal(urb_buf_filled(b, buf, 3), URB_EOWNERSHIP);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_CREATED);
	bearer_done(b);
}

static void buf_filled_beyond_capacity(void **state)
{
	struct urb_bearer *b = bearer();
	urb_buf_t buf = fresh_buffer(b);
	const void *view;
	void *data;
	uint32_t cap, len;

	(void)state;
	assert_int_equal(urb_buf_fill(b, buf, &data, &cap), 0);
	assert_int_equal(urb_buf_filled(b, buf, cap + 1), URB_ERANGE);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_FILLING);
	assert_int_equal(urb_buf_filled(b, buf, cap), 0);
	assert_int_equal(urb_buf_view(b, buf, &view, &len), 0);
	assert_int_equal(len, cap);
	assert_ptr_equal(view, data);
	bearer_done(b);
}

static void buf_release_twice(void **state)
{
	struct urb_bearer *b = bearer();
	urb_buf_t buf = t_buffer(b);

	(void)state;
	assert_int_equal(urb_buf_release(b, buf), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_REUSABLE);
	assert_int_equal(urb_buf_release(b, buf), URB_EOWNERSHIP);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_REUSABLE);
	bearer_done(b);
}

static void buf_view_kernel_owned(void **state)
{
	struct urb_bearer *b = bearer();
	uint32_t slot;
	urb_buf_t buf = kernel_buffer(b, &slot);
	const void *data = NULL;
	uint32_t len = 77;

	(void)state;
	assert_int_equal(urb_buf_view(b, buf, &data, &len), URB_EOWNERSHIP);
	assert_null(data);
	assert_int_equal(len, 77);
	bearer_done(b);
}

static void push_send_filling_buffer(void **state)
{
	struct urb_bearer *b = bearer();
	uint32_t slot = t_slot(b, URB_FD_STREAM);
	urb_buf_t buf = fresh_buffer(b);
	void *data;
	uint32_t cap;

	(void)state;
	assert_int_equal(urb_buf_fill(b, buf, &data, &cap), 0);
	assert_int_equal(urb_push_send(b, URB_SLOT(slot), buf, NULL), URB_EOWNERSHIP);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_FILLING);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_CORE_QUEUE], 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0); /* the refusal held no fd */
	bearer_done(b);
}

static void push_two_recvs_one_buffer(void **state)
{
	struct urb_bearer *b = bearer();
	struct t_seen seen = { 0 };
	uint32_t slot;
	urb_buf_t buf = kernel_buffer(b, &slot);

	(void)state;
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, NULL), URB_EOWNERSHIP);
	assert_int_equal(t_pending(b), 1);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_CORE_QUEUE], 1);

	/* the peer is closed: the first recv sees EOF */
	reap(b, 1, t_record, &seen);
	assert_int_equal(seen.last.op, URB_OP_RECV);
	assert_int_equal(seen.last.result, 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	bearer_done(b);
}

static void bufset_destroy_kernel_owned(void **state)
{
	struct urb_bearer *b = bearer();
	uint32_t slot;
	urb_buf_t buf = kernel_buffer(b, &slot);

	(void)state;
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(buf)), URB_EOWNERSHIP);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	bearer_done(b);
}

static void bufset_destroy_after_release(void **state)
{
	struct urb_bearer *b = bearer();
	urb_buf_t buf = t_buffer(b);

	(void)state;
	assert_int_equal(urb_buf_release(b, buf), 0);
	assert_int_equal(urb_bufset_destroy(b, URB_BUF_SET(buf)), 0);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_BUFFERS], 0);
	bearer_done(b);
}

static void fd_unregister_unregistered(void **state)
{
	struct urb_bearer *b = bearer();
	uint32_t slot = t_slot(b, URB_FD_FILE);

	(void)state;
	assert_int_equal(urb_fd_unregister(b, slot + 1), URB_ENOTREGISTERED);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	assert_int_equal(urb_fd_unregister(b, slot), URB_ENOTREGISTERED);
	assert_int_equal(urb_fd_kind(b, slot), URB_ENOTREGISTERED);
	bearer_done(b);
}

static void fd_register_at_taken(void **state)
{
	struct urb_bearer *b = bearer();
	int fd = t_new_fd();

	(void)state;
	assert_int_equal(urb_fd_register_at(b, 5, fd, URB_FD_FILE), 5);
	assert_int_equal(urb_fd_register_at(b, 5, fd, URB_FD_STREAM), URB_EBUSY);
	assert_int_equal(urb_fd_kind(b, 5), URB_FD_FILE);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_REGISTERED_FD], 1);
	close(fd);
	bearer_done(b);
}

static void fd_register_at_out_of_range(void **state)
{
	struct urb_bearer *b = bearer();
	int fd = t_new_fd();
	struct urb_socket_opts beyond = { .target = URB_SLOT(64) };

	(void)state;
	assert_int_equal(urb_fd_register_at(b, 64, fd, URB_FD_FILE), URB_ERANGE);
	assert_int_equal(urb_fd_register_at(b, UINT32_MAX, fd, URB_FD_FILE), URB_ERANGE);
	assert_int_equal(urb_fd_kind(b, 64), URB_ENOTREGISTERED);
	if (urb_op_supported(b, URB_OP_SOCKET))
		assert_int_equal(urb_push_socket(b, AF_INET, SOCK_STREAM, 0, &beyond),
				 URB_ERANGE);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_REGISTERED_FD], 0);
	assert_int_equal(t_pending(b), 0);
	close(fd);
	bearer_done(b);
}

static void fd_register_bad_fd_or_kind(void **state)
{
	struct urb_bearer *b = bearer();
	int fd = t_new_fd();
	int closed = t_new_fd();

	(void)state;
	close(closed);
	assert_int_equal(urb_fd_register_at(b, 3, closed, URB_FD_FILE), -EBADF);
	assert_int_equal(urb_fd_kind(b, 3), URB_ENOTREGISTERED);
	assert_int_equal(urb_fd_register(b, fd, 0), URB_EINVAL);
	assert_int_equal(urb_fd_register(b, fd, URB_FD_FILE + 1), URB_EINVAL);
	assert_int_equal(urb_fd_register(b, -1, URB_FD_FILE), URB_EINVAL);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_REGISTERED_FD], 0);
	close(fd);
	bearer_done(b);
}

static void fd_wrong_kind(void **state)
{
	struct urb_bearer *b = bearer();
	uint32_t acceptor = t_slot(b, URB_FD_ACCEPTOR);
	uint32_t file = t_slot(b, URB_FD_FILE);
	urb_buf_t buf = fresh_buffer(b);

	(void)state;
	assert_int_equal(urb_push_recv(b, URB_SLOT(acceptor), buf, NULL), URB_EFDKIND);
	assert_int_equal(urb_push_recv(b, URB_SLOT(file), buf, NULL), URB_EFDKIND);
	assert_int_equal(urb_push_accept(b, URB_SLOT(file), NULL), URB_EFDKIND);
	assert_true(urb_bearer_detail(b)[0] != '\0');
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_CREATED);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, acceptor), 0);
	assert_int_equal(urb_fd_unregister(b, file), 0);
	bearer_done(b);
}

static void release_kernel_owned(void **state)
{
	struct urb_bearer *b = bearer();
	struct t_seen seen = { 0 };
	uint64_t key = t_pending_key(b);

	(void)state;
	assert_int_equal(urb_release(b, key), URB_EOWNERSHIP);
	assert_int_equal(t_pending(b), 1);
	reap(b, 1, t_record, &seen);
	assert_int_equal(seen.last.key, key);
	assert_int_equal(seen.last.op, URB_OP_NOP);
	assert_int_equal(t_pending(b), 0);
	bearer_done(b);
}

/* ---- 5. stale and unknown keys */

static void stale_key_never_reaches_reused_slot(void **state)
{
	struct urb_capacity cap = cap_with(URB_CAP_PENDING_COMPLETIONS, 1);
	struct urb_bearer *b = bearer_cap(&cap);
	struct t_seen seen = { 0 };
	uint64_t k1 = t_pending_key(b), k2;

	(void)state;
	reap(b, 1, t_record, &seen);
	assert_int_equal(seen.last.key, k1);
	assert_int_equal(seen.last.op, URB_OP_NOP);
	assert_int_equal(t_pending(b), 0);

	assert_int_equal(t_inject(b, k1, 0, 0, &seen), 0);
	assert_int_equal(seen.calls, 2);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(seen.last.key, k1);
	assert_int_equal(t_stale(b), 1);

	k2 = t_pending_key(b);
	assert_true(k2 != k1);
	assert_int_equal(URB__KEY_IDX(k2), URB__KEY_IDX(k1));
	assert_int_equal(t_inject(b, k1, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_stale(b), 2);
	assert_int_equal(t_pending(b), 1);
	assert_int_equal(stats_of(b).completions, 1);
	assert_int_equal(urb_release(b, k2), URB_EOWNERSHIP); /* still the kernel's */

	reap(b, 1, t_record, &seen);
	assert_int_equal(seen.last.key, k2);
	assert_int_equal(seen.last.op, URB_OP_NOP);
	assert_int_equal(seen.last.result, 0);
	assert_true(seen.last.final);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(t_stale(b), 2);
	assert_int_equal(stats_of(b).unknown_cqes, 0);
	bearer_done(b);
}

static void unknown_keys_counted(void **state)
{
	struct urb_bearer *b = bearer();
	struct t_seen seen = { 0 };
	const uint64_t keys[] = {
		URB__KEY(1, 64),         /* index beyond pending_completions */
		URB__KEY(1, UINT32_MAX - 1),
		URB__KEY(0, 1),          /* generation 0 */
		0,
	};
	uint64_t live = t_pending_key(b);
	struct urb_stats s;

	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		assert_int_equal(t_inject(b, keys[i], 0, 0, &seen), 0);
		assert_int_equal(seen.last.op, URB_OP_STALE);
		assert_int_equal(seen.last.key, keys[i]);
	}
	s = stats_of(b);
	assert_int_equal(s.unknown_cqes, 4);
	assert_int_equal(s.stale_cqes, 0);
	assert_int_equal(s.completions, 0);
	assert_int_equal(s.pending, 1);
	assert_int_equal(seen.stale, 4);

	reap(b, 1, t_record, &seen);
	assert_int_equal(seen.last.key, live);
	assert_int_equal(seen.last.op, URB_OP_NOP);
	bearer_done(b);
}

struct multi_seen {
	struct t_seen seen;
	int fds[8];
	int nfds;
	int finals;
	int32_t final_result;
};

static enum urb_disposition multi_record(struct urb_bearer *b, const struct urb_completion *c,
					 void *user)
{
	struct multi_seen *m = user;

	if (c->op == URB_OP_ACCEPT_MULTI && c->result >= 0 && m->nfds < 8)
		m->fds[m->nfds++] = c->result;
	if (c->op == URB_OP_ACCEPT_MULTI && c->final) {
		m->finals++;
		m->final_result = c->result;
	}
	return t_record(b, c, &m->seen);
}

static int listener(uint16_t *port)
{
	struct sockaddr_in sa = t_loopback();
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	sa.sin_port = 0;
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 16), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = sa.sin_port;
	return fd;
}

static int client(uint16_t port)
{
	struct sockaddr_in sa = t_loopback();
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	sa.sin_port = port;
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void multishot_more_keeps_record(void **state)
{
	struct urb_bearer *b = bearer();
	struct multi_seen m = { 0 };
	uint64_t key = 0, cancel_key = 0;
	struct urb_accept_multi_opts opts = { .key_out = &key };
	struct urb_cancel_opts copts = { .key_out = &cancel_key };
	uint16_t port;
	int lfd, slot, c1, c2;

	(void)state;
	if (!urb_op_supported(b, URB_OP_ACCEPT_MULTI))
		skip();
	lfd = listener(&port);
	slot = urb_fd_register(b, lfd, URB_FD_ACCEPTOR);
	assert_true(slot >= 0);
	assert_int_equal(urb_push_accept_multi(b, URB_SLOT(slot), &opts), 0);
	assert_int_equal(urb_bearer_submit(b), 1);

	c1 = client(port);
	reap(b, 1, multi_record, &m);
	assert_int_equal(m.seen.last.key, key);
	assert_int_equal(m.seen.last.op, URB_OP_ACCEPT_MULTI);
	assert_true(m.seen.last.result >= 0);
	assert_true(m.seen.last.cqe_flags & IORING_CQE_F_MORE);
	assert_true(m.seen.last.more);
	assert_false(m.seen.last.final);
	assert_int_equal(t_pending(b), 1);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)slot), URB_EBUSY);

	/* FORGET while the kernel still holds the record is refused */
	m.seen.answer = URB_FORGET;
	c2 = client(port);
	reap(b, 1, multi_record, &m);
	assert_true(m.seen.last.more);
	assert_int_equal(stats_of(b).refused_dispositions, 1);
	assert_int_equal(t_pending(b), 1);
	assert_int_equal(m.nfds, 2);
	assert_int_equal(m.finals, 0);
	m.seen.answer = URB_DEFAULT;

	assert_int_equal(urb_push_cancel(b, key, &copts), 0);
	reap(b, 2, multi_record, &m);
	assert_int_equal(m.seen.calls, 4);
	assert_int_equal(m.finals, 1);
	assert_int_equal(m.final_result, -ECANCELED);
	assert_int_equal(m.seen.stale, 0);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(stats_of(b).pending_per_op[URB_OP_ACCEPT_MULTI], 0);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)slot), 0);
	for (int i = 0; i < m.nfds; i++)
		close(m.fds[i]);
	close(c1);
	close(c2);
	close(lfd);
	bearer_done(b);
}

/* ---- 6. RETAIN and urb_release */

static void retain_then_release(void **state)
{
	struct urb_bearer *b = bearer();
	struct t_seen seen = { .answer = URB_RETAIN };
	uint64_t key = t_pending_key(b);
	struct urb_stats s;

	(void)state;
	reap(b, 1, t_record, &seen);
	assert_int_equal(seen.last.key, key);
	assert_true(seen.last.final);
	s = stats_of(b);
	assert_int_equal(s.pending, 1);
	assert_int_equal(s.pending_per_op[URB_OP_NOP], 1);
	assert_int_equal(s.refused_dispositions, 0);

	/* a late CQE for a retained record touches nothing */
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.last.op, URB_OP_STALE);
	assert_int_equal(t_pending(b), 1);

	assert_int_equal(urb_release(b, key), 0);
	s = stats_of(b);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.pending_per_op[URB_OP_NOP], 0);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	assert_int_equal(urb_release(b, URB__KEY(1, 60)), URB_ESTALE);
	bearer_done(b);
}

/* ---- 7. reentrancy */

struct reenter {
	struct t_seen inner;
	int completions_rc;
	int free_rc;
	int calls;
	bool try_free;
};

static enum urb_disposition reenter_cb(struct urb_bearer *b, const struct urb_completion *c,
				       void *user)
{
	struct reenter *r = user;

	(void)c;
	r->calls++;
	if (r->try_free)
		r->free_rc = urb_bearer_free(b);
	else
		r->completions_rc = urb_bearer_completions(b, t_record, &r->inner);
	return URB_DEFAULT;
}

static void reenter(bool try_free)
{
	struct urb_bearer *b = bearer();
	struct reenter r = { .completions_rc = 1, .free_rc = 1, .try_free = try_free };
	struct t_seen seen = { 0 };

	push_nops(b, 2);
	reap(b, 2, reenter_cb, &r);
	assert_int_equal(r.calls, 2);
	if (try_free)
		assert_int_equal(r.free_rc, URB_EREENTER);
	else
		assert_int_equal(r.completions_rc, URB_EREENTER);
	assert_int_equal(r.inner.calls, 0);
	assert_int_equal(t_pending(b), 0);

	push_nops(b, 1);
	reap(b, 1, t_record, &seen);
	assert_int_equal(seen.last.op, URB_OP_NOP);
	bearer_done(b);
}

static void reenter_completions(void **state)
{
	(void)state;
	reenter(false);
}

static void reenter_free(void **state)
{
	(void)state;
	reenter(true);
}

/*
 * In one walk, a callback may release a record that an earlier callback
 * of the same walk retained: only the completion a callback sees is not
 * its own to release.  So may the callback of a completion of no record
 * (a message; a CQE naming the retained record again, in a walk of its
 * own), from which a walk or a drain is refused as from any other; and
 * after the walk, a release of what is still retained.
 */
struct later {
	enum urb_op releaser; /* the op of the completion whose callback releases */
	uint64_t retained[4];
	int nretained, nreleased; /* retained[0..nreleased) released in the walk */
	int release_rc, completions_rc, drain_rc, calls;
};

/* Retains each record's completion until @releaser's, whose callback releases them all. */
static enum urb_disposition later_cb(struct urb_bearer *b, const struct urb_completion *c,
				     void *user)
{
	struct later *l = user;

	l->calls++;
	if (c->op == l->releaser && l->nretained > 0 && !l->nreleased) {
		l->completions_rc = urb_bearer_completions(b, t_record, NULL);
		l->drain_rc = urb_bearer_drain(b);
		l->release_rc = 0;
		for (; l->nreleased < l->nretained; l->nreleased++) {
			int rc = urb_release(b, l->retained[l->nreleased]);

			if (rc < 0)
				l->release_rc = rc;
		}
		return URB_DEFAULT;
	}
	assert_int_not_equal(c->op, URB_OP_MESSAGE);
	assert_true(l->nretained < 4);
	l->retained[l->nretained++] = c->key;
	return URB_RETAIN;
}

static void release_later_in_walk(enum urb_op releaser)
{
	struct urb_bearer *b = bearer();
	struct timespec ts = { .tv_sec = 2 };
	struct later l = { .releaser = releaser, .release_rc = 1, .completions_rc = 1,
			   .drain_rc = 1 };
	struct t_seen seen = { 0 };
	int want = 2;

	assert_int_equal(urb_push_nop(b, NULL), 0);
	if (releaser == URB_OP_NOP) {
		assert_int_equal(urb_push_nop(b, NULL), 0);
	} else if (releaser == URB_OP_STALE) { /* the nop retained in a walk, then its key again */
		assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), 1);
		assert_int_equal(urb_bearer_completions(b, later_cb, &l), 1);
		assert_int_equal(t_pending(b), 1);
		assert_int_equal(urb__dispatch_cqe(b, l.retained[0], 0, 0, later_cb, &l), 0);
		want = 0;
	} else { /* the nop's CQE first, then a message to this very ring, and its sender's */
		if (!urb_op_supported(b, URB_OP_MSG_RING)) {
			bearer_done(b);
			skip();
		}
		assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), 1);
		assert_int_equal(urb_push_msg_ring(b, URB_FD(urb_bearer_ring_fd(b)), 5, 6, NULL), 0);
		want = 3;
	}
	if (want) {
		assert_true(urb_bearer_submit_and_wait(b, (unsigned)want, &ts) >= 0);
		assert_int_equal(urb_bearer_completions(b, later_cb, &l), want); /* one walk */
	}
	assert_int_equal(l.calls, want ? want : 2);
	assert_true(l.nreleased > 0);
	assert_int_equal(l.release_rc, 0);
	assert_int_equal(l.completions_rc, URB_EREENTER);
	assert_int_equal(l.drain_rc, URB_EREENTER);
	for (int i = 0; i < l.nretained; i++) /* released in the walk, or retained after it */
		assert_int_equal(urb_release(b, l.retained[i]), i < l.nreleased ? URB_ESTALE : 0);
	assert_int_equal(t_pending(b), 0);

	push_nops(b, 1); /* the walk is over: the next one runs */
	reap(b, 1, t_record, &seen);
	assert_int_equal(seen.last.op, URB_OP_NOP);
	bearer_done(b);
}

/*
 * The same refusals in the callback of a record that takes dispatch's full
 * path (a SKIP_SUCCESS cancel's failure: its target's CQE is already
 * posted, the kernel finds nothing to cancel): releasing the very record
 * it sees, and a walk.
 */
struct own {
	uint64_t key;
	int32_t result;
	int release_rc, completions_rc, calls;
};

static enum urb_disposition own_cb(struct urb_bearer *b, const struct urb_completion *c,
				   void *user)
{
	struct own *o = user;

	if (c->op != URB_OP_CANCEL)
		return URB_DEFAULT; /* its target's */
	o->calls++;
	o->key = c->key;
	o->result = c->result;
	o->release_rc = urb_release(b, c->key);
	o->completions_rc = urb_bearer_completions(b, t_record, NULL);
	return URB_DEFAULT;
}

static void full_path_callback_refusals(void **state)
{
	struct urb_bearer *b = bearer();
	struct timespec ts = { .tv_sec = 2 };
	uint64_t target = 0, key = 0;
	struct urb_nop_opts n = { .key_out = &target };
	struct urb_cancel_opts o = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS, .key_out = &key };
	struct own own = { 0 };

	(void)state;
	assert_int_equal(urb_push_nop(b, &n), 0);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), 1);
	assert_int_equal(urb_push_cancel(b, target, &o), 0);
	assert_int_equal(b->recs[URB__KEY_IDX(key)].slow, URB__SLOW_FULL);
	reap(b, 2, own_cb, &own);
	assert_int_equal(own.calls, 1);
	assert_true(own.key == key);
	assert_int_equal(own.result, -ENOENT);
	assert_int_equal(own.release_rc, URB_EBUSY);
	assert_int_equal(own.completions_rc, URB_EREENTER);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_release(b, key), URB_ESTALE);
	bearer_done(b);
}

/* Dispatch's plain path calls each op's done hook without a test: none is missing. */
static void every_op_has_a_done_hook(void **state)
{
	(void)state;
	for (int op = 0; op < URB_OP__COUNT; op++)
		if (!urb__op_done[op])
			fail_msg("%s has no done hook", urb_op_name((enum urb_op)op));
}

static void release_retained_in_later_callback(void **state)
{
	(void)state;
	release_later_in_walk(URB_OP_NOP);
}

static void release_retained_in_message_callback(void **state)
{
	(void)state;
	release_later_in_walk(URB_OP_MESSAGE);
}

static void release_retained_in_stale_callback(void **state)
{
	(void)state;
	release_later_in_walk(URB_OP_STALE);
}

/*
 * A callback that keeps the ring busy: each one pushes a nop and waits
 * for its completion, up to @limit.  The walk reads on past what it saw
 * first (the callbacks' CQEs), and stops after one ring's worth.
 */
struct busy {
	int calls, limit;
	int push_rc, wait_rc;
};

static enum urb_disposition busy_cb(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct busy *k = user;
	struct timespec ts = { .tv_sec = 2 };
	int rc;

	(void)c;
	if (++k->calls >= k->limit)
		return URB_DEFAULT;
	rc = urb_push_nop(b, NULL);
	if (rc < 0)
		k->push_rc = rc;
	rc = urb_bearer_submit_and_wait(b, 1, &ts);
	if (rc < 0)
		k->wait_rc = rc;
	return URB_DEFAULT;
}

static void walk_one_ring_worth(void **state)
{
	struct urb_bearer *b = bearer();
	int ring = (int)b->ring.cq.ring_entries;
	struct busy k = { .limit = 3 * ring + 1 };
	int walks = 0;

	(void)state;
	push_nops(b, 1);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, NULL), 1);
	assert_int_equal(urb_bearer_completions(b, busy_cb, &k), ring);
	assert_int_equal(k.calls, ring);
	while (k.calls < k.limit && walks++ < 8) {
		int rc = urb_bearer_completions(b, busy_cb, &k);

		assert_in_range(rc, 1, ring);
	}
	assert_int_equal(k.calls, k.limit);
	assert_int_equal(k.push_rc, 0);
	assert_int_equal(k.wait_rc, 0);
	assert_int_equal(urb_bearer_completions(b, busy_cb, &k), 0);
	assert_int_equal(t_pending(b), 0);
	bearer_done(b);
}

/* ---- 8. errors */

#define LIB_CODE(name, msg) URB_##name,
static const int lib_codes[] = { URB_ERRORS(LIB_CODE) };
#undef LIB_CODE
#define LIB_NAME(name, msg) "URB_" #name,
static const char *const lib_names[] = { URB_ERRORS(LIB_NAME) };
#undef LIB_NAME
#define N_LIB_CODES (sizeof(lib_codes) / sizeof(lib_codes[0]))

static void errors_library_codes(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_LIB_CODES; i++) {
		int e = lib_codes[i];
		const char *msg = urb_strerror(e), *name = urb_err_name(e);

		assert_true(e < -4095);
		assert_true(URB_IS_LIB_ERROR(e));
		assert_non_null(msg);
		assert_non_null(name);
		assert_true(msg[0] != '\0');
		assert_int_equal(strncmp(name, "URB_", 4), 0);
		assert_string_equal(name, lib_names[i]);
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(msg, urb_strerror(lib_codes[j]));
			assert_string_not_equal(name, urb_err_name(lib_codes[j]));
		}
	}
}

/* A refusal explained names its detail; a kernel -errno only its own words. */
static void errors_explained(void **state)
{
	struct urb_bearer *b = bearer();
	char want[256];

	(void)state;
	assert_int_equal(urb_fd_unregister(b, 3), URB_ENOTREGISTERED);
	snprintf(want, sizeof(want), "%s: %s", urb_strerror(URB_ENOTREGISTERED),
		 urb_bearer_detail(b));
	assert_non_null(strstr(want, "slot 3"));
	assert_string_equal(urb_bearer_explain(b, URB_ENOTREGISTERED), want);
	assert_string_equal(urb_bearer_explain(b, -ECONNREFUSED), urb_strerror(-ECONNREFUSED));
	assert_string_equal(urb_bearer_explain(NULL, URB_EINVAL), urb_strerror(URB_EINVAL));
	bearer_done(b);
}

static void errors_kernel_codes(void **state)
{
	(void)state;
	assert_string_equal(urb_err_name(-ECONNREFUSED), "ECONNREFUSED");
	assert_string_equal(urb_strerror(-ECONNREFUSED), strerror(ECONNREFUSED));
	assert_string_equal(urb_err_name(-EAGAIN), "EAGAIN");
	assert_string_equal(urb_err_name(-ECANCELED), "ECANCELED");
	assert_false(URB_IS_LIB_ERROR(-ECONNREFUSED));
	assert_false(URB_IS_LIB_ERROR(-4095));
	assert_false(URB_IS_LIB_ERROR(URB__ERR_BASE));
	assert_false(URB_IS_LIB_ERROR(URB__ERR_END));
	assert_non_null(urb_strerror(URB__ERR_BASE));
	assert_non_null(urb_err_name(URB__ERR_END));
	assert_non_null(urb_err_name(-4000));
	assert_non_null(urb_strerror(INT32_MIN));
}

/* ---- 9. probe */

static void probe_ops(void **state)
{
	struct urb_bearer *b = bearer();

	(void)state;
	assert_true(urb_op_supported(b, URB_OP_NOP));
	assert_false(urb_op_supported(b, -1));
	assert_false(urb_op_supported(b, URB_OP__COUNT));
	assert_false(urb_op_supported(b, URB_OP_STALE));
	assert_false(urb_op_supported(NULL, URB_OP_NOP));
	assert_string_equal(urb_op_name(URB_OP_NOP), "nop");
	assert_string_equal(urb_op_name(URB_OP_RECV), "recv");
	assert_null(urb_op_name(URB_OP__COUNT));
	assert_null(urb_op_name(URB_OP_STALE));
	assert_null(urb_op_name((enum urb_op)-1));
	for (int i = 0; i < URB_OP__COUNT; i++) {
		assert_non_null(urb_op_name((enum urb_op)i));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(urb_op_name((enum urb_op)i),
						urb_op_name((enum urb_op)j));
	}
	bearer_done(b);
}

static void probe_unsupported_push(void **state)
{
	struct urb_bearer *b = bearer();

	(void)state;
	b->opcodes[IORING_OP_NOP / 32] &= ~(1u << (IORING_OP_NOP % 32));
	urb__op_gate_set(b, URB_OP_NOP); /* as the probe would have */
	assert_false(urb_op_supported(b, URB_OP_NOP));
	assert_int_equal(urb_push_nop(b, NULL), URB_ENOTSUP);
	assert_non_null(strstr(urb_bearer_detail(b), "nop"));
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_CORE_QUEUE], 0);
	bearer_done(b);
}

/* An op the kernel has the opcode for, but from before the spec's version. */
static void probe_kernel_too_old(void **state)
{
	struct urb_bearer *b = bearer();

	(void)state;
	assert_true(urb_op_supported(b, URB_OP_RECV_MULTI));
	b->kernel_version = 5 << 8 | 19; /* recv_multi needs 6.0 */
	assert_false(urb_op_supported(b, URB_OP_RECV_MULTI));
	assert_true(urb_op_supported(b, URB_OP_RECV));
	bearer_done(b);
}

#ifdef URB_CHECK_MOVES
/* Runs urb__own_known(@at, @from, @to) in a child: whether the child was stopped by a trap. */
static bool known_move_traps(enum urb_owner at, enum urb_owner from, enum urb_owner to)
{
	int status = 0;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		uint8_t owner = (uint8_t)at;

		signal(SIGILL, SIG_DFL); /* not cmocka's handler: the trap ends the child */
		signal(SIGTRAP, SIG_DFL);
		urb__own_known(&owner, from, to);
		_exit(owner == to ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status);
}
#endif

/* The hot path's known moves: a store, checked against the table in the sanitizer builds. */
static void known_moves(void **state)
{
	uint8_t owner = URB_OWN_KERNEL;

	(void)state;
	urb__own_known(&owner, URB_OWN_KERNEL, URB_OWN_RETURNED);
	assert_int_equal(owner, URB_OWN_RETURNED);
#ifdef URB_CHECK_MOVES
	assert_false(known_move_traps(URB_OWN_CREATED, URB_OWN_CREATED, URB_OWN_KERNEL));
	/* not where the caller says it is */
	assert_true(known_move_traps(URB_OWN_REUSABLE, URB_OWN_KERNEL, URB_OWN_RETURNED));
	/* a move the table forbids: nothing the kernel holds goes anywhere but Returned */
	assert_true(known_move_traps(URB_OWN_KERNEL, URB_OWN_KERNEL, URB_OWN_FILLING));
#endif
}

static void names_of_kinds_and_owners(void **state)
{
	(void)state;
	for (int i = 0; i < URB_CAP__COUNT; i++) {
		assert_non_null(urb_capacity_kind_name((enum urb_capacity_kind)i));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(urb_capacity_kind_name((enum urb_capacity_kind)i),
						urb_capacity_kind_name((enum urb_capacity_kind)j));
	}
	assert_string_equal(urb_capacity_kind_name(URB_CAP_CORE_QUEUE), "core_queue");
	assert_null(urb_capacity_kind_name(URB_CAP__COUNT));
	for (int i = 0; i < URB_OWN__COUNT; i++) {
		assert_non_null(urb_owner_name((enum urb_owner)i));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(urb_owner_name((enum urb_owner)i),
						urb_owner_name((enum urb_owner)j));
	}
	assert_null(urb_owner_name(URB_OWN__COUNT));
}

/* ---- 10. NULL bearers and NULL out-pointers */

static enum urb_disposition never(struct urb_bearer *b, const struct urb_completion *c,
				  void *user)
{
	(void)b, (void)c, (void)user;
	fail_msg("callback called");
	return URB_DEFAULT;
}

static void null_bearer_everywhere(void **state)
{
	struct sockaddr_in sa = t_loopback();
	struct timespec ts = { 0 };
	enum urb_capacity_kind kind;
	struct urb_stats s;
	const void *view;
	uint32_t *word, cap, len;
	uint64_t setting;
	void *data;

	(void)state;
	assert_true(urb_bearer_free(NULL) < 0);
	assert_true(urb_bearer_at_capacity(NULL, &kind, &setting) < 0);
	assert_non_null(urb_bearer_detail(NULL));
	assert_true(urb_bearer_submit(NULL) < 0);
	assert_true(urb_bearer_submit_and_wait(NULL, 0, NULL) < 0);
	assert_true(urb_bearer_submit_and_wait(NULL, 1, &ts) < 0);
	assert_true(urb_bearer_completions(NULL, never, NULL) < 0);
	assert_true(urb_bearer_submit_and_complete(NULL, 1, NULL, never, NULL) < 0);
	assert_true(urb_release(NULL, 1) < 0);
	assert_true(urb_bearer_stats(NULL, &s) < 0);
	assert_false(urb_op_supported(NULL, URB_OP_NOP));

	assert_true(urb_bufset_create(NULL, 1, 64) < 0);
	assert_true(urb_bufset_destroy(NULL, 0) < 0);
	assert_true(urb_buf_fill(NULL, URB_BUF(0, 0), &data, &cap) < 0);
	assert_true(urb_buf_filled(NULL, URB_BUF(0, 0), 0) < 0);
	assert_true(urb_buf_view(NULL, URB_BUF(0, 0), &view, &len) < 0);
	assert_true(urb_buf_release(NULL, URB_BUF(0, 0)) < 0);
	assert_true(urb_buf_owner(NULL, URB_BUF(0, 0)) < 0);

	assert_true(urb_fd_register(NULL, 0, URB_FD_FILE) < 0);
	assert_true(urb_fd_register_at(NULL, 0, 0, URB_FD_FILE) < 0);
	assert_true(urb_fd_unregister(NULL, 0) < 0);
	assert_true(urb_fd_kind(NULL, 0) < 0);

	assert_true(urb_futex_create(NULL, 0, &word) < 0);
	assert_true(urb_futex_destroy(NULL, 0) < 0);

	assert_true(urb_push_accept(NULL, URB_SLOT(0), NULL) < 0);
	assert_true(urb_push_accept_multi(NULL, URB_SLOT(0), NULL) < 0);
	assert_true(urb_push_cancel(NULL, 1, NULL) < 0);
	assert_true(urb_push_close(NULL, URB_FD(0), NULL) < 0);
	assert_true(urb_push_connect(NULL, URB_SLOT(0), (struct sockaddr *)&sa, sizeof(sa), NULL) < 0);
	assert_true(urb_push_nop(NULL, NULL) < 0);
	assert_true(urb_push_recv(NULL, URB_SLOT(0), URB_BUF(0, 0), NULL) < 0);
	assert_true(urb_push_send(NULL, URB_SLOT(0), URB_BUF(0, 0), NULL) < 0);
	assert_true(urb_push_shutdown(NULL, URB_SLOT(0), SHUT_WR, NULL) < 0);
	assert_true(urb_push_socket(NULL, AF_INET, SOCK_STREAM, 0, NULL) < 0);
}

static void null_out_pointers(void **state)
{
	struct urb_bearer *b = bearer();
	urb_buf_t buf = fresh_buffer(b);
	uint32_t sock = t_slot(b, URB_FD_SOCKET);
	enum urb_capacity_kind kind;
	const void *view;
	uint64_t setting;
	uint32_t cap, len;
	void *data;

	(void)state;
	assert_true(urb_bearer_at_capacity(b, NULL, &setting) < 0);
	assert_true(urb_bearer_at_capacity(b, &kind, NULL) < 0);
	assert_true(urb_bearer_stats(b, NULL) < 0);
	assert_true(urb_bearer_completions(b, NULL, NULL) < 0);

	assert_true(urb_buf_fill(b, buf, NULL, &cap) < 0);
	assert_true(urb_buf_fill(b, buf, &data, NULL) < 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_CREATED);
	assert_true(urb_buf_view(b, buf, NULL, &len) < 0);
	assert_true(urb_buf_view(b, buf, &view, NULL) < 0);

	assert_true(urb_futex_create(b, 0, NULL) < 0);
	assert_int_equal(stats_of(b).capacity_used[URB_CAP_FUTEXES], 0);

	assert_true(urb_push_connect(b, URB_SLOT(sock), NULL, sizeof(struct sockaddr_in), NULL) < 0);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, sock), 0);
	bearer_done(b);
}

#define T(fn) cmocka_unit_test_teardown(fn, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(capacity_null_args),
		T(capacity_zero_fields),
		T(capacity_core_queue_power_of_two),
		T(capacity_upper_bounds),
		T(capacity_rlimit_nofile),
		T(capacity_rlimit_memlock),
		T(exhaust_core_queue),
		T(exhaust_pending_completions),
		T(exhaust_registered_fd),
		T(exhaust_direct_fd),
		T(exhaust_buffers),
		T(buffer_memory_sizes),
		T(buffer_memory_is_the_users),
		T(exhaust_buffer_bytes),
		T(exhaust_futexes),
		T(buf_fill_kernel_owned),
		T(buf_filled_without_fill),
		T(buf_filled_beyond_capacity),
		T(buf_release_twice),
		T(buf_view_kernel_owned),
		T(push_send_filling_buffer),
		T(push_two_recvs_one_buffer),
		T(bufset_destroy_kernel_owned),
		T(bufset_destroy_after_release),
		T(fd_unregister_unregistered),
		T(fd_register_at_taken),
		T(fd_register_at_out_of_range),
		T(fd_register_bad_fd_or_kind),
		T(fd_wrong_kind),
		T(release_kernel_owned),
		T(stale_key_never_reaches_reused_slot),
		T(unknown_keys_counted),
		T(multishot_more_keeps_record),
		T(retain_then_release),
		T(reenter_completions),
		T(reenter_free),
		T(full_path_callback_refusals),
		T(every_op_has_a_done_hook),
		T(release_retained_in_later_callback),
		T(release_retained_in_message_callback),
		T(release_retained_in_stale_callback),
		T(submitted_counts_every_sqe),
		T(walk_one_ring_worth),
		T(errors_library_codes),
		T(errors_kernel_codes),
		T(errors_explained),
		T(probe_ops),
		T(probe_unsupported_push),
		T(probe_kernel_too_old),
		T(known_moves),
		T(names_of_kinds_and_owners),
		T(null_bearer_everywhere),
		T(null_out_pointers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
