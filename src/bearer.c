/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "buffers.h"
#include "fd_table.h"
#include "futexes.h"
#include "groups.h"
#include "store.h"

int urb__refuse(struct urb_bearer *b, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->detail, sizeof(b->detail), fmt, ap);
	va_end(ap);
	b->detail_rc = err;
	return err;
}

int urb__at_capacity(struct urb_bearer *b, enum urb_capacity_kind kind)
{
	uint64_t setting = urb__capacity_value(&b->cap, kind);
	const char *name = urb_capacity_kind_name(kind);

	b->last_cap_kind = kind;
	if (setting == 0)
		return urb__refuse(b, URB_EATCAPACITY,
				   "%s: this bearer has none (its capacity %s is 0)", name, name);
	return urb__refuse(b, URB_EATCAPACITY, "%s: all %llu in use", name,
			   (unsigned long long)setting);
}

int urb__bytes_at_capacity(struct urb_bearer *b, const char *what, uint64_t asked)
{
	uint64_t size = b->cap.buffer_bytes, used = b->arena_used;
	uint64_t left = size > used ? size - used : 0;

	b->last_cap_kind = URB_CAP_BUFFER_BYTES;
	if (size == 0)
		return urb__at_capacity(b, URB_CAP_BUFFER_BYTES);
	return urb__refuse(b, URB_EATCAPACITY,
			   "buffer_bytes: %s asks %llu bytes; %llu of %llu in use, %llu left%s", what,
			   (unsigned long long)asked, (unsigned long long)used,
			   (unsigned long long)size, (unsigned long long)left,
			   left >= asked ? ", but not in one piece" : "");
}

int urb_bearer_at_capacity(const struct urb_bearer *b,
			   enum urb_capacity_kind *kind, uint64_t *setting)
{
	int rc = urb__bearer_check(b, "at_capacity");

	if (rc < 0)
		return rc;
	if (!kind || !setting)
		return urb__refuse_q(b, URB_EINVAL, "at_capacity: %s is NULL",
				     !kind ? "kind" : "setting");
	*kind = b->last_cap_kind;
	*setting = b->last_cap_kind == URB_CAP_NONE ? 0 :
		   urb__capacity_value(&b->cap, b->last_cap_kind);
	return 0;
}

const char *urb_bearer_detail(const struct urb_bearer *b)
{
	return b ? b->detail : "no bearer";
}

const char *urb_bearer_explain(struct urb_bearer *b, int rc)
{
	/* only the words set for this very code: never an older refusal's */
	if (!b || !URB_IS_LIB_ERROR(rc) || !b->detail[0] || b->detail_rc != rc)
		return urb_strerror(rc);
	snprintf(b->explained, sizeof(b->explained), "%s: %s", urb_strerror(rc), b->detail);
	return b->explained;
}

int urb_bearer_ring_fd(const struct urb_bearer *b)
{
	int rc = urb__bearer_check(b, "bearer_ring_fd");

	return rc < 0 ? rc : b->ring.ring_fd;
}

uint32_t urb_bearer_ring_features(const struct urb_bearer *b)
{
	return b ? b->ring.features : 0;
}

/* Each URB_RING_* bit: the IORING_SETUP_* flag it asks for (0: none) and when urb uses it. */
static const struct {
	uint32_t bit;
	uint32_t setup;
	const char *name;
	const char *why;
} ring_bits[] = {
	{ URB_RING_SINGLE_ISSUER, IORING_SETUP_SINGLE_ISSUER, "SINGLE_ISSUER",
	  "by default (Linux 6.0): a bearer is one thread's" },
	{ URB_RING_DEFER_TASKRUN, IORING_SETUP_DEFER_TASKRUN, "DEFER_TASKRUN",
	  "by default without SQPOLL (Linux 6.1): completion work runs when the owner waits" },
	{ URB_RING_COOP_TASKRUN, IORING_SETUP_COOP_TASKRUN, "COOP_TASKRUN",
	  "without SQPOLL where DEFER_TASKRUN is missing (Linux 5.19)" },
	{ URB_RING_TASKRUN_FLAG, IORING_SETUP_TASKRUN_FLAG, "TASKRUN_FLAG",
	  "with DEFER_TASKRUN or COOP_TASKRUN (Linux 5.19): the completion walk flushes the work "
	  "the kernel flags as pending" },
	{ URB_RING_SUBMIT_ALL, IORING_SETUP_SUBMIT_ALL, "SUBMIT_ALL",
	  "by default (Linux 5.18): one bad SQE does not hold back the rest of a batch" },
	{ URB_RING_REGISTERED_FD, 0, "REGISTERED_FD",
	  "by default (Linux 5.18): the ring fd registered, entered with IORING_ENTER_REGISTERED_RING" },
	{ URB_RING_SQPOLL, IORING_SETUP_SQPOLL, "SQPOLL",
	  "when ring_options asks for it: a kernel thread submits; no TASKRUN flag then" },
	{ URB_RING_SQ_AFF, IORING_SETUP_SQ_AFF, "SQ_AFF",
	  "with SQPOLL, when ring_options asks for it: the poller on sqpoll_cpu" },
	{ URB_RING_NO_SQARRAY, URB__SETUP_NO_SQARRAY, "NO_SQARRAY",
	  "never with liburing 2.3: its io_uring_queue_init_params() fills the SQ index array at "
	  "sq_off.array, which the kernel reports as 0 under NO_SQARRAY, so it would write over "
	  "the ring's heads and tails (liburing 2.5 knows the flag)" },
};
#define NRING_BITS (sizeof(ring_bits) / sizeof(ring_bits[0]))

const char *urb_ring_setup_name(uint32_t bit, const char **why)
{
	for (size_t i = 0; i < NRING_BITS; i++)
		if (ring_bits[i].bit == bit) {
			if (why)
				*why = ring_bits[i].why;
			return ring_bits[i].name;
		}
	if (why)
		*why = NULL;
	return NULL;
}

static uint32_t setup_flags_of(uint32_t bits)
{
	uint32_t flags = IORING_SETUP_CQSIZE;

	for (size_t i = 0; i < NRING_BITS; i++)
		if (bits & ring_bits[i].bit)
			flags |= ring_bits[i].setup;
	return flags;
}

/*
 * What a kernel without a flag answers is -EINVAL, whichever flag it is:
 * leave out the newest one and try again.  Newest first, so that a real
 * kernel loses only what it lacks.
 */
static const uint32_t ring_fallbacks[] = {
	URB_RING_DEFER_TASKRUN, /* 6.1; COOP_TASKRUN takes its place */
	URB_RING_SINGLE_ISSUER, /* 6.0 */
	URB_RING_TASKRUN_FLAG,  /* 5.19 */
	URB_RING_COOP_TASKRUN,  /* 5.19 */
	URB_RING_SUBMIT_ALL,    /* 5.18 */
};

static int ring_init(struct urb_bearer *b)
{
	const uint32_t sqpoll = b->cap.ring_options & URB_RING_SQPOLL;
	uint32_t defaults = URB_RING_SINGLE_ISSUER | URB_RING_SUBMIT_ALL | URB_RING_REGISTERED_FD |
			    (sqpoll ? 0 : URB_RING_DEFER_TASKRUN | URB_RING_TASKRUN_FLAG);
	uint32_t avoid = b->cap.ring_avoid;
	uint32_t bits = (defaults & ~avoid) | b->cap.ring_options;
	uint32_t cq = 2 * b->cap.core_queue;
	struct io_uring_params params;
	int rc;

	while (cq < b->cap.pending_completions && cq < 65536)
		cq *= 2;
	b->ring_avoided = defaults & avoid;
	if (!sqpoll && !(bits & URB_RING_DEFER_TASKRUN) && !(avoid & URB_RING_COOP_TASKRUN) &&
	    (avoid & URB_RING_DEFER_TASKRUN)) /* DEFER_TASKRUN avoided: COOP_TASKRUN instead */
		bits |= URB_RING_COOP_TASKRUN;
	for (;;) {
		size_t i = 0;

		if (!(bits & (URB_RING_DEFER_TASKRUN | URB_RING_COOP_TASKRUN)))
			bits &= ~URB_RING_TASKRUN_FLAG; /* it only goes with one of them */
		memset(&params, 0, sizeof(params));
		params.flags = setup_flags_of(bits & ~URB_RING_REGISTERED_FD);
		params.cq_entries = cq;
		params.sq_thread_idle = b->cap.sqpoll_idle_ms;
		params.sq_thread_cpu = b->cap.sqpoll_cpu;
		rc = io_uring_queue_init_params(b->cap.core_queue, &b->ring, &params);
		if (rc != -EINVAL)
			break;
		while (i < sizeof(ring_fallbacks) / sizeof(ring_fallbacks[0]) &&
		       !(bits & ring_fallbacks[i]))
			i++;
		if (i == sizeof(ring_fallbacks) / sizeof(ring_fallbacks[0]))
			break; /* nothing left to leave out: the kernel refuses the ring itself */
		bits &= ~ring_fallbacks[i];
		b->ring_refused |= ring_fallbacks[i];
		if (ring_fallbacks[i] == URB_RING_DEFER_TASKRUN && !sqpoll &&
		    !(avoid & URB_RING_COOP_TASKRUN))
			bits |= URB_RING_COOP_TASKRUN;
	}
	if (rc < 0)
		return rc;
	b->setup_flags = params.flags;
	if (bits & URB_RING_REGISTERED_FD) {
		/* 1: registered; the kernel's answer otherwise (-EINVAL before 5.18) */
		if (io_uring_register_ring_fd(&b->ring) != 1) {
			bits &= ~URB_RING_REGISTERED_FD;
			b->ring_refused |= URB_RING_REGISTERED_FD;
		}
	}
	b->ring_used = bits;
	b->enter_flags = (bits & URB_RING_REGISTERED_FD) ? IORING_ENTER_REGISTERED_RING : 0;
	b->flush_when_empty = (bits & (URB_RING_DEFER_TASKRUN | URB_RING_TASKRUN_FLAG)) ==
			      URB_RING_DEFER_TASKRUN;
	if (!(b->ring.flags & (IORING_SETUP_SQPOLL | IORING_SETUP_IOPOLL)))
		urb__home_page(b)[URB__HOME_SUBMIT] = URB__HOME;
	b->owner = pthread_self();
	return 0;
}

int urb_bearer_setup(const struct urb_bearer *b, struct urb_ring_setup_info *out)
{
	int rc = urb__bearer_check(b, "bearer_setup");

	if (rc < 0)
		return rc;
	if (!out)
		return urb__refuse_q(b, URB_EINVAL, "bearer_setup: out is NULL");
	*out = (struct urb_ring_setup_info){
		.used = b->ring_used, .refused = b->ring_refused, .avoided = b->ring_avoided,
		.setup_flags = b->setup_flags, .features = b->ring.features,
		.sqpoll_idle_ms = (b->ring_used & URB_RING_SQPOLL) ? b->cap.sqpoll_idle_ms : 0,
		.sqpoll_cpu = (b->ring_used & URB_RING_SQ_AFF) ? (int32_t)b->cap.sqpoll_cpu : -1,
	};
	return 0;
}

int urb__thread_refusal(struct urb_bearer *b, int rc, const char *what)
{
	if (rc >= 0 || !(b->ring_used & (URB_RING_SINGLE_ISSUER | URB_RING_REGISTERED_FD)) ||
	    pthread_equal(b->owner, pthread_self()))
		return rc;
	return urb__refuse(b, URB_ETHREAD, "%s: not the thread that built this bearer, the only one "
			   "its %s ring takes (the kernel said %d); else build it with ring_avoid = "
			   "URB_RING_THREAD_BOUND", what,
			   (b->ring_used & URB_RING_SINGLE_ISSUER) ? "SINGLE_ISSUER" : "registered",
			   rc);
}

void urb__forked_words(const struct urb_bearer *b, const char *what)
{
	urb__refuse_q(b, URB_EFORKED, "%s: this process is a fork of the one that built the "
		      "bearer, whose ring and all in it stay that process's; only "
		      "urb_bearer_free() is allowed here (it frees this process's copy)", what);
}

#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18 /* Linux 4.14 */
#endif

/* A bearer's mapping: the bearer, then its home page at URB__HOME_AT. */
static size_t bearer_map_size(void)
{
	return URB__HOME_AT + urb__page_size();
}

/*
 * A bearer, zeroed, in its own mapping, with the page urb__forked() and
 * push begin's gates read (urb__home_page()): set here, zeroes in a
 * child.  The probe opens the gates.
 */
static struct urb_bearer *bearer_map(int *rc)
{
	void *map = mmap(NULL, bearer_map_size(), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct urb_bearer *b = map;

	if (map == MAP_FAILED) {
		*rc = -errno;
		return NULL;
	}
	if (madvise(urb__home_page(b), urb__page_size(), MADV_WIPEONFORK) != 0) {
		*rc = -errno;
		munmap(map, bearer_map_size());
		return NULL;
	}
	*urb__home_page(b) = URB__HOME;
	return b;
}

static void bearer_unmap(struct urb_bearer *b)
{
	munmap(b, bearer_map_size());
}

/* Bits no other bearer and no earlier run is likely to share, for URB__KEY_INTERNAL. */
static uint32_t key_salt(const void *b)
{
	uint32_t salt;

	if (getrandom(&salt, sizeof(salt), GRND_NONBLOCK) != sizeof(salt))
		salt = (uint32_t)((uintptr_t)b >> 4) ^ (uint32_t)getpid();
	return salt;
}

/* Bits every bearer of this process shares and no other program knows, for URB__KEY_FD_MESSAGE. */
static uint32_t fd_message_salt;
static pthread_once_t fd_message_salt_once = PTHREAD_ONCE_INIT;

static void fd_message_salt_init(void)
{
	fd_message_salt = key_salt(&fd_message_salt) & 0xffffu;
	if (fd_message_salt == 0)
		fd_message_salt = 1; /* 0 is the salt anyone would guess */
}

/*
 * Frees every part; each _fini copes with a part that was never made.  In
 * a fork this touches nothing of the ring's: the queues are unmapped and
 * the ring fd closed in this process only, and liburing's unregistration
 * of the ring fd names this task's own table, empty in a child.
 */
static void destroy(struct urb_bearer *b)
{
	io_uring_queue_exit(&b->ring); /* first: the kernel lets go of rings and groups */
	for (unsigned k = 0; k < URB__KIND__COUNT; k++)
		if (urb__kinds[k]->fini)
			urb__kinds[k]->fini(b);
	urb__futex_fini(b);
	urb__store_fini(b);
	urb__groups_fini(b);
	urb__bufs_fini(b);
	urb__fd_table_fini(b);
	urb__slab_fini(b);
	bearer_unmap(b);
}

int urb_bearer_new(const struct urb_capacity *cap, struct urb_bearer **out)
{
	struct urb_bearer *b;
	int rc;

	if (!cap || !out)
		return URB_EINVAL;
	*out = NULL;
	rc = urb_capacity_check(cap, NULL);
	if (rc < 0)
		return rc;
	b = bearer_map(&rc);
	if (!b)
		return rc;
	b->cap = *cap;
	memcpy(b->own_legal, urb__own_legal, sizeof(b->own_legal));
	b->last_cap_kind = URB_CAP_NONE;
	b->key_salt = key_salt(b);
	pthread_once(&fd_message_salt_once, fd_message_salt_init);
	b->fd_message_salt = fd_message_salt;
	rc = ring_init(b);
	if (rc < 0) {
		bearer_unmap(b);
		return rc;
	}
	rc = urb__probe(b);
	if (rc == 0)
		rc = urb__slab_init(b);
	if (rc == 0)
		rc = urb__fd_table_init(b);
	if (rc == 0)
		rc = urb__bufs_init(b);
	if (rc == 0)
		rc = urb__groups_init(b);
	if (rc == 0)
		rc = urb__futex_init(b);
	if (rc == 0)
		rc = urb__store_init(b);
	for (unsigned k = 0; rc == 0 && k < URB__KIND__COUNT; k++)
		if (urb__kinds[k]->init)
			rc = urb__kinds[k]->init(b);
	if (rc < 0) {
		destroy(b);
		return rc;
	}
	for (int k = 0; k < URB_CAP__COUNT; k++)
		b->stats.capacity[k] = urb__capacity_value(cap, (enum urb_capacity_kind)k);
	*out = b;
	return 0;
}

int urb_bearer_free(struct urb_bearer *b)
{
	int rc;

	if (!b)
		return URB_EINVAL;
	if (urb__in_walk(b))
		return urb__refuse(b, URB_EREENTER, "bearer_free: called from a completion callback");
	if (!urb__forked(b)) { /* in a fork the ring's ops are the parent's: only the copy goes */
		rc = urb__drain(b);
		if (rc < 0)
			return rc; /* the kernel may still write into our memory: keep it */
	}
	destroy(b);
	return 0;
}

int urb_bearer_drain(struct urb_bearer *b)
{
	int rc = urb__bearer_check(b, "bearer_drain");

	if (rc < 0)
		return rc;
	if (urb__in_walk(b))
		return urb__refuse(b, URB_EREENTER, "bearer_drain: called from a completion callback");
	return urb__drain(b);
}

int urb_bearer_stats(const struct urb_bearer *b, struct urb_stats *out)
{
	int rc = urb__bearer_check(b, "bearer_stats");

	if (rc < 0)
		return rc;
	if (!out)
		return urb__refuse_q(b, URB_EINVAL, "bearer_stats: out is NULL");
	*out = b->stats;
	out->submitted += urb__sq_uncounted(b);
	out->cqes_dropped = *b->ring.cq.koverflow;
	/* counted here, not on every push and CQE: pushed and not yet released */
	for (uint32_t i = 0; i < b->cap.pending_completions; i++) {
		const struct urb__rec *rec = &b->recs[i];

		if (rec->state == URB_OWN_KERNEL || rec->state == URB_OWN_RETURNED)
			out->pending_per_op[rec->op]++;
	}
	out->pending = urb__recs_used(b);
	out->capacity_used[URB_CAP_CORE_QUEUE] = io_uring_sq_ready(&b->ring);
	out->capacity_used[URB_CAP_PENDING_COMPLETIONS] = out->pending;
	out->capacity_used[URB_CAP_REGISTERED_FD] = b->fds_used[URB__AREA_URB];
	out->capacity_used[URB_CAP_DIRECT_FD] = b->fds_used[URB__AREA_KERNEL];
	out->capacity_used[URB_CAP_BUFFERS] = b->sets_used;
	out->capacity_used[URB_CAP_BUFFER_BYTES] = (uint32_t)(b->arena_used > UINT32_MAX ? UINT32_MAX : b->arena_used);
	out->capacity_used[URB_CAP_FUTEXES] = b->futexes_used;
	out->capacity_used[URB_CAP_RECORD_BYTES] = (uint64_t)b->store_used * URB__STORE_BLOCK;
	out->capacity_used[URB_CAP_BUFFER_RINGS] = b->rings_used;
	return 0;
}
