/* SPDX-License-Identifier: MIT */
#ifndef URB_INTERNAL_H
#define URB_INTERNAL_H

/*
 * The core's internal contract: the bearer, its record slab and resource
 * tables, and the push/complete helpers that generated code (generated/src)
 * calls.  Nothing here is installed.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <liburing.h>

#include <urb.h>

#include "ops_records.h"

/* ---- the op table (generated/src/ops.c fills it, generic code reads it) */

enum urb__lifetime {
	URB__LIFE_SINGLE,    /* one CQE ends it */
	URB__LIFE_MULTISHOT, /* ends on the first CQE without IORING_CQE_F_MORE */
};

enum urb__result {
	URB__RES_NONE,  /* res >= 0 carries nothing */
	URB__RES_BYTES, /* res >= 0 is a byte count */
	URB__RES_FD,    /* res >= 0 is a new fd, or a slot */
};

struct urb__rec;

struct urb__opdef {
	const char *name;            /* spec op name */
	uint8_t opcode;              /* IORING_OP_* number from the spec */
	uint8_t since_major;         /* first kernel that runs it as specified */
	uint8_t since_minor;
	uint8_t lifetime;            /* enum urb__lifetime */
	uint8_t result;              /* enum urb__result */
	bool skip_success_ok;        /* may carry URB_SUBMIT_SKIP_SUCCESS */
	bool retain_ok;              /* the callback may answer URB_RETAIN */
	/* fills c->u.<op> from the record at dispatch */
	void (*fill)(const struct urb_bearer *b, const struct urb__rec *rec,
		     struct urb_completion *c);
};

extern const struct urb__opdef urb__ops[URB_OP__COUNT];

/* ---- ownership: one transition table for every owned thing */

int urb__own_move(uint8_t *state, enum urb_owner to);
bool urb__own_can_move(uint8_t state, enum urb_owner to);

/* ---- records */

#define URB__REC_MAX_FDS 2

struct urb__rec {
	uint32_t gen;                 /* changes on every release; part of the key */
	uint32_t next_free;           /* slab free list link */
	uint8_t op;                   /* enum urb_op */
	uint8_t state;                /* enum urb_owner */
	uint8_t nfds;                 /* fixed-file slots held */
	uint8_t has_buf : 1;          /* holds buf */
	uint8_t buf_write : 1;        /* the kernel writes buf */
	uint8_t has_target : 1;       /* creates a descriptor at target */
	uint8_t closes : 1;           /* closes fds[0] on success */
	uint8_t skip_success : 1;     /* pushed with IOSQE_CQE_SKIP_SUCCESS */
	uint8_t target_kind;          /* enum urb_fd_kind of a new slot */
	int32_t target;               /* URB_PLAIN, URB_AUTO_SLOT or URB_SLOT(n) */
	uint32_t fds[URB__REC_MAX_FDS];
	urb_buf_t buf;
	void *user;
	union urb__rec_arms u;        /* the op's own kernel-visible fields */
};

#define URB__KEY(gen, idx) (((uint64_t)(gen) << 32) | (uint32_t)(idx))
#define URB__KEY_IDX(key) ((uint32_t)(key))
#define URB__KEY_GEN(key) ((uint32_t)((key) >> 32))

/* ---- resources */

struct urb__fd_slot {
	uint8_t state;     /* Reusable (free), Registered, Kernel (reserved for an install) */
	uint8_t kind;      /* enum urb_fd_kind */
	uint8_t closing;   /* a close of this slot is pending */
	uint32_t users;    /* pending ops holding the slot */
};

struct urb__buf_meta {
	uint8_t state;     /* enum urb_owner */
	uint32_t len;      /* valid bytes */
};

struct urb__bufset {
	bool live;
	uint32_t nbufs;
	uint32_t len;
	uint64_t offset;   /* of the data in the arena */
	uint64_t size;     /* bytes of the arena used, metadata included */
	struct urb__buf_meta *meta;
	uint8_t *data;
};

struct urb_bearer {
	struct io_uring ring;
	struct urb_capacity cap;
	uint32_t probed_ops[(URB_OP__COUNT + 31) / 32]; /* bit set: supported */

	struct urb__rec *recs;       /* pending_completions records */
	const struct urb__slab_policy *slab;
	uint32_t free_head;          /* next free record to hand out, or UINT32_MAX */
	uint32_t free_tail;          /* (FIFO) last free record */
	uint32_t recs_used;

	struct urb__fd_slot *fds;    /* registered_fd + direct_fd slots */
	uint32_t fds_used[2];        /* per area: URB__AREA_URB, URB__AREA_KERNEL */
	bool auto_slots;             /* the kernel can allocate within its area */

	struct urb__bufset *sets;    /* buffers sets */
	uint32_t sets_used;
	uint8_t *arena;              /* buffer_bytes, mlocked */
	uint64_t arena_size;         /* mapped size (page rounded) */
	uint64_t arena_used;

	uint32_t *futex_words;       /* futexes words, one page-aligned block */
	uint8_t *futex_live;
	uint32_t futexes_used;

	bool in_completions;         /* guards urb_bearer_completions reentry */
	uint32_t *queued;            /* records of SQEs not yet flushed to the kernel */
	uint32_t nqueued;            /* (UINT32_MAX for an SQE with no record) */

	enum urb_capacity_kind last_cap_kind;
	struct urb_stats stats;
	char detail[192];            /* words for the last refusal */
};

uint64_t urb__capacity_value(const struct urb_capacity *cap, enum urb_capacity_kind kind);

static inline uint64_t urb__page_round(uint64_t n)
{
	return (n + 4095) & ~(uint64_t)4095;
}

/* Records the capacity that was hit and returns URB_EATCAPACITY. */
int urb__at_capacity(struct urb_bearer *b, enum urb_capacity_kind kind);

/* Records words for the last refusal and returns @err. */
int urb__refuse(struct urb_bearer *b, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- slab: the records, and the policy choosing which free one goes next */

struct urb__slab_policy {
	const char *name;
	uint32_t (*take)(struct urb_bearer *b);          /* a free index, or UINT32_MAX */
	void (*give)(struct urb_bearer *b, uint32_t idx); /* back to the free ones */
};

extern const struct urb__slab_policy urb__slab_policies[URB_SLAB__COUNT];

int urb__slab_init(struct urb_bearer *b);
void urb__slab_fini(struct urb_bearer *b);
struct urb__rec *urb__rec_alloc(struct urb_bearer *b);
void urb__rec_free(struct urb_bearer *b, struct urb__rec *rec);
struct urb__rec *urb__rec_lookup(struct urb_bearer *b, uint64_t key, bool *stale);
uint64_t urb__rec_key(const struct urb_bearer *b, const struct urb__rec *rec);

/* ---- fd table */

/*
 * The fixed-file table has two areas: slots urb fills (registered fds,
 * chosen slots) and, after them, slots the kernel fills (URB_AUTO_SLOT).
 * Neither side ever writes into the other's area, so a slot the kernel has
 * just filled, whose CQE is not read yet, can never be handed out again.
 */
enum { URB__AREA_URB, URB__AREA_KERNEL };

int urb__fd_table_init(struct urb_bearer *b);
void urb__fd_table_fini(struct urb_bearer *b);
int urb__fd_check_use(struct urb_bearer *b, uint32_t slot, uint32_t kinds_mask);
int urb__fd_check_target(struct urb_bearer *b, int32_t target,
			 uint32_t allow_mask);
void urb__fd_reserve(struct urb_bearer *b, uint32_t slot);
void urb__fd_install(struct urb_bearer *b, uint32_t slot, uint8_t kind);
void urb__fd_unreserve(struct urb_bearer *b, uint32_t slot);
void urb__fd_forget(struct urb_bearer *b, uint32_t slot);

/* ---- buffers */

int urb__bufs_init(struct urb_bearer *b);
void urb__bufs_fini(struct urb_bearer *b);
struct urb__buf_meta *urb__buf_meta(const struct urb_bearer *b, urb_buf_t buf,
				    uint8_t **data, uint32_t *cap);

/* ---- futexes */

int urb__futex_init(struct urb_bearer *b);
void urb__futex_fini(struct urb_bearer *b);

/* ---- pushing: begin, name the resources, commit (or abort) */

#define URB__ALLOW_PLAIN (1u << 0)
#define URB__ALLOW_AUTO (1u << 1)
#define URB__ALLOW_SLOT (1u << 2)
#define URB__FDK(kind) (1u << (kind))

struct urb__push {
	struct urb_bearer *b;
	struct urb__rec *rec;
	struct io_uring_sqe sqe; /* built here, copied into the ring at commit */
};

int urb__push_begin(struct urb_bearer *b, enum urb_op op, uint32_t submit_flags,
		    void *user, struct urb__push *p);
int urb__push_fixed_fd(struct urb__push *p, uint32_t slot, uint32_t kinds_mask,
		       bool closes);
int urb__push_raw_fd(struct urb__push *p, int32_t fd);
int urb__push_target(struct urb__push *p, int32_t target, uint32_t allow_mask,
		     enum urb_fd_kind kind, uint32_t *file_index);
int urb__push_plain_only(struct urb__push *p, int32_t target, uint64_t bits,
			 const char *what);
int urb__push_buffer(struct urb__push *p, urb_buf_t buf, bool write,
		     uint64_t *addr, uint32_t *len);
int urb__push_key(struct urb__push *p, uint64_t key);
int urb__push_sockaddr(struct urb__push *p, const struct sockaddr *sa,
		       socklen_t len, struct sockaddr_storage *dst);
int urb__push_commit(struct urb__push *p, uint64_t *key_out);
int urb__push_abort(struct urb__push *p, int err);

/* ---- filling completion payloads */

void urb__fill_new_fd(const struct urb__rec *rec, int32_t res,
		      struct urb_new_fd *out);
void urb__fill_peer(const struct sockaddr_storage *ss, socklen_t len,
		    int32_t res, struct urb_peer *out);
void urb__fill_data(const struct urb_bearer *b, const struct urb__rec *rec,
		    int32_t res, struct urb_data *out);

/* ---- submission and teardown */

int urb__submit(struct urb_bearer *b, unsigned wait_nr, const struct timespec *ts);
int urb__drain(struct urb_bearer *b);

/* ---- dispatch (the test seam feeds synthetic CQEs through the same path) */

void urb__rec_return_resources(struct urb_bearer *b, struct urb__rec *rec, int32_t res);
int urb__completions(struct urb_bearer *b, urb_completion_fn fn, void *user);
int urb__dispatch_cqe(struct urb_bearer *b, uint64_t user_data, int32_t res,
		      uint32_t flags, urb_completion_fn fn, void *user);

#endif
