/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "internal.h"

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
	if (!b)
		return URB_EINVAL;
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
	return b ? b->ring.ring_fd : URB_EINVAL;
}

uint32_t urb_bearer_ring_features(const struct urb_bearer *b)
{
	return b ? b->ring.features : 0;
}

static int ring_init(struct urb_bearer *b)
{
	struct io_uring_params params;
	uint32_t cq = 2 * b->cap.core_queue;
	int rc;

	while (cq < b->cap.pending_completions && cq < 65536)
		cq *= 2;
	memset(&params, 0, sizeof(params));
	/* SUBMIT_ALL (5.18): one bad SQE does not hold back the rest of a batch */
	params.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL;
	params.cq_entries = cq;
	rc = io_uring_queue_init_params(b->cap.core_queue, &b->ring, &params);
	if (rc == -EINVAL) {
		memset(&params, 0, sizeof(params));
		params.flags = IORING_SETUP_CQSIZE;
		params.cq_entries = cq;
		rc = io_uring_queue_init_params(b->cap.core_queue, &b->ring, &params);
	}
	return rc;
}

/* Bits no other bearer and no earlier run is likely to share, for URB__KEY_INTERNAL. */
static uint32_t key_salt(const struct urb_bearer *b)
{
	uint32_t salt;

	if (getrandom(&salt, sizeof(salt), GRND_NONBLOCK) != sizeof(salt))
		salt = (uint32_t)((uintptr_t)b >> 4) ^ (uint32_t)getpid();
	return salt;
}

/* Frees every part; each _fini copes with a part that was never made. */
static void destroy(struct urb_bearer *b)
{
	io_uring_queue_exit(&b->ring); /* first: the kernel lets go of rings and groups */
	urb__futex_fini(b);
	urb__store_fini(b);
	urb__groups_fini(b);
	urb__bufs_fini(b);
	urb__fd_table_fini(b);
	urb__slab_fini(b);
	free(b);
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
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->cap = *cap;
	b->last_cap_kind = URB_CAP_NONE;
	b->key_salt = key_salt(b);
	rc = ring_init(b);
	if (rc < 0) {
		free(b);
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
	if (b->in_completions)
		return urb__refuse(b, URB_EREENTER, "bearer_free: called from a completion callback");
	rc = urb__drain(b);
	if (rc < 0)
		return rc; /* the kernel may still write into our memory: keep it */
	destroy(b);
	return 0;
}

int urb_bearer_drain(struct urb_bearer *b)
{
	if (!b)
		return URB_EINVAL;
	if (b->in_completions)
		return urb__refuse(b, URB_EREENTER, "bearer_drain: called from a completion callback");
	return urb__drain(b);
}

int urb_bearer_stats(const struct urb_bearer *b, struct urb_stats *out)
{
	if (!b)
		return URB_EINVAL;
	if (!out)
		return urb__refuse_q(b, URB_EINVAL, "bearer_stats: out is NULL");
	*out = b->stats;
	out->cqes_dropped = *b->ring.cq.koverflow;
	out->pending = b->recs_used;
	out->capacity_used[URB_CAP_CORE_QUEUE] = io_uring_sq_ready(&b->ring);
	out->capacity_used[URB_CAP_PENDING_COMPLETIONS] = b->recs_used;
	out->capacity_used[URB_CAP_REGISTERED_FD] = b->fds_used[URB__AREA_URB];
	out->capacity_used[URB_CAP_DIRECT_FD] = b->fds_used[URB__AREA_KERNEL];
	out->capacity_used[URB_CAP_BUFFERS] = b->sets_used;
	out->capacity_used[URB_CAP_BUFFER_BYTES] = (uint32_t)(b->arena_used > UINT32_MAX ? UINT32_MAX : b->arena_used);
	out->capacity_used[URB_CAP_FUTEXES] = b->futexes_used;
	out->capacity_used[URB_CAP_RECORD_BYTES] = (uint64_t)b->store_used * URB__STORE_BLOCK;
	out->capacity_used[URB_CAP_BUFFER_RINGS] = b->rings_used;
	return 0;
}
