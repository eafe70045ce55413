/* SPDX-License-Identifier: MIT */
#ifndef URB_INTERNAL_H
#define URB_INTERNAL_H

/*
 * The core's internal contract: the bearer, its record slab and resource
 * tables.  What generated op code calls is in <urb/opdef.h>, which is
 * installed for ops generated outside the library; nothing here is.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/futex.h>
#include <pthread.h>
#include <sys/epoll.h>

#include <liburing.h>

#include <urb.h>
#include <urb/opdef.h>

#include "ops_records.h"

/* ---- the op table: generated/src/ops.c fills it (<urb/opdef.h>), generic code reads it */

extern const struct urb__opdef urb__ops[URB_OP__COUNT];

const struct urb__opdef *urb__ext_def(unsigned op);

/* The definition of any op, the library's own or one registered from outside. */
static inline const struct urb__opdef *urb__def(unsigned op)
{
	return op < URB_OP__COUNT ? &urb__ops[op] : urb__ext_def(op);
}
int urb__probe(struct urb_bearer *b);

/* ---- ownership: one transition table for every owned thing */

extern const uint8_t urb__own_legal[URB_OWN__COUNT];

static inline bool urb__own_can_move(uint8_t state, enum urb_owner to)
{
	return state < URB_OWN__COUNT && (unsigned)to < URB_OWN__COUNT &&
	       (urb__own_legal[state] & (1u << to));
}

/* The one way anything changes hands: URB_EOWNERSHIP for an illegal move. */
static inline int urb__own_move(uint8_t *state, enum urb_owner to)
{
	if (!urb__own_can_move(*state, to))
		return URB_EOWNERSHIP;
	*state = (uint8_t)to;
	return 0;
}

/* ---- records */

#define URB__REC_MAX_FDS 2
#define URB__REC_MAX_FUTEXES 8
#define URB__REC_MAX_STORE 2 /* runs of out-of-line storage a record holds (renameat: two paths) */


/* What a record holds for the kernel: cleared whenever the record is released. */
struct urb__holds {
	uint8_t nfds;                 /* fixed-file slots held */
	uint8_t has_buf : 1;          /* holds buf */
	uint8_t buf_write : 1;        /* the kernel writes buf */
	uint8_t has_target : 1;       /* creates a descriptor at target */
	uint8_t closes : 1;           /* closes fds[0] on success */
	uint8_t skip_success : 1;     /* pushed with URB_SUBMIT_SKIP_SUCCESS: a success is not shown */
	uint8_t has_group : 1;        /* the kernel selects buffers from set `group` */
	uint8_t set_action : 2;       /* enum urb__set_action on set `group` */
	uint8_t target_done;          /* a chosen target slot was filled or freed: no CQE moves it again */
	uint8_t fd_becomes;           /* 1 + enum urb_fd_kind fds[nfds - 1] takes on success, or 0 */
	uint8_t vec_run;              /* 1 + the store run holding a buffer vector, or 0 */
	uint8_t vec_write;            /* the kernel writes the vector's buffers */
	uint16_t nvec;                /* buffers in the vector */
	uint8_t nfutexes;             /* futex words held */
	uint8_t target_kind;          /* enum urb_fd_kind of a new slot */
	int32_t target;               /* URB_PLAIN, URB_AUTO_SLOT or URB_SLOT(n) */
	uint32_t fds[URB__REC_MAX_FDS];
	urb_buf_t buf;
	uint32_t buf_offset;          /* the first byte of buf the op uses */
	uint32_t group;               /* buffer set of has_group / set_action */
	uint32_t futexes[URB__REC_MAX_FUTEXES];
	uint32_t store[URB__REC_MAX_STORE]; /* out-of-line storage taken: block << 8 | blocks, or 0 */
};

/* Whether the record holds anything at all: most pushes hold little, a nop nothing. */
static inline bool urb__holds_any(const struct urb__holds *h)
{
	return h->nfds | h->has_buf | h->has_target | h->has_group | h->set_action | h->nfutexes |
	       h->nvec |
	       (h->store[0] != 0);
}

struct urb__rec {
	uint32_t gen;                 /* changes on every release; part of the key */
	uint32_t next_free;           /* slab free list link */
	uint8_t op;                   /* op id */
	uint8_t state;                /* enum urb_owner */
	struct urb__holds h;
	void *user;
	union urb__rec_arms u;        /* the op's own kernel-visible fields */
};

/*
 * Keys.  A record's key is its generation (never 0) over its slot index
 * (below 1 << 24, the pending_completions bound).  urb's own SQEs (a
 * legacy recycle) carry URB__KEY_INTERNAL: the whole 32-bit buffer id over
 * a low word no record can have (top byte 0xff) holding the bearer's
 * 24-bit salt, so neither a record's key nor a stranger's CQE (garbage, a
 * message from another ring) is taken for one by accident.
 */
#define URB__KEY(gen, idx) (((uint64_t)(gen) << 32) | (uint32_t)(idx))
#define URB__KEY_IDX(key) ((uint32_t)(key))
#define URB__KEY_GEN(key) ((uint32_t)((key) >> 32))
#define URB__KEY_INTERNAL_TAG 0xff000000u
#define URB__KEY_INTERNAL(salt, buf) URB__KEY((buf), URB__KEY_INTERNAL_TAG | ((salt) & 0xffffffu))
#define URB__KEY_IS_INTERNAL(salt, key) \
	(URB__KEY_IDX(key) == (URB__KEY_INTERNAL_TAG | ((salt) & 0xffffffu)))
#define URB__KEY_INTERNAL_BUF(key) ((urb_buf_t)URB__KEY_GEN(key))

/* ---- resources */

struct urb__fd_slot {
	uint8_t state;     /* Reusable (free), Registered, Kernel (reserved for an install) */
	uint8_t kind;      /* enum urb_fd_kind */
	uint8_t closing;   /* a close of this slot is pending */
	uint32_t users;    /* pending ops holding the slot */
};

struct urb__buf_meta {
	uint8_t state;     /* enum urb_owner */
	uint8_t in_group;  /* Kernel-owned as part of its set's group: the kernel may select it */
	uint8_t recycling; /* legacy recycles of it whose CQE is not read yet */
	uint32_t len;      /* valid bytes */
};

/* A stretch of the buffer arena. */
struct urb__region {
	bool live;
	uint64_t offset;
	uint64_t size;
};

enum urb__group_kind {
	URB__GROUP_NONE,
	URB__GROUP_PENDING, /* a provide_buffers is in flight */
	URB__GROUP_LEGACY,  /* provided with IORING_OP_PROVIDE_BUFFERS */
	URB__GROUP_RING,    /* a registered buffer ring */
	URB__GROUP_REMOVING, /* a legacy group whose remove_buffers is in flight */
};

struct urb__bufset {
	struct urb__region mem; /* metadata and data */
	uint32_t nbufs;
	uint32_t len;
	struct urb__buf_meta *meta;
	uint8_t *data;
	uint8_t group;          /* enum urb__group_kind; the group id is the set id */
	bool fixed;             /* registered as fixed buffer index = set id */
	uint32_t users;         /* pending ops selecting from the group, or providing it */
	int32_t ring;           /* index in b->rings, or -1 */
};

struct urb__bufring {
	struct urb__region mem; /* page-aligned ring memory */
	struct io_uring_buf_ring *br;
	uint32_t entries;       /* a power of two >= the set's nbufs */
};

struct urb__futex {
	uint32_t *word;         /* the bearer's own, or the user's (adopted); atomic, NULL when free */
	uint32_t waiters;       /* pending ops waiting on it */
	uint32_t wakers;        /* urb_futex_wake calls using word now (any thread); atomic */
};

struct urb_bearer {
	struct io_uring ring;
	struct urb_capacity cap;
	uint32_t opcodes[256 / 32];  /* bit set: the kernel knows this IORING_OP_* */
	uint16_t kernel_version;     /* major << 8 | minor, from uname */

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
	struct urb__bufring *rings;  /* buffer_rings rings */
	uint32_t rings_used;
	bool fixed_table;            /* a sparse fixed-buffer table of `buffers` slots exists */
	uint8_t *arena;              /* buffer_bytes, mlocked */
	uint64_t arena_size;         /* mapped size (page rounded) */
	uint64_t arena_used;

	uint32_t *futex_words;       /* futexes words of the bearer's own */
	struct urb__futex *futex;    /* futexes entries: live when word != NULL */
	uint32_t futexes_used;

	uint8_t *store;              /* record_bytes of out-of-line record storage */
	uint64_t *store_map;         /* a bit per 64-byte block: taken */
	uint32_t store_blocks;
	uint32_t store_used;         /* blocks taken */

	uint32_t ring_used;          /* URB_RING_* the ring runs with (urb_bearer_setup) */
	uint32_t ring_refused;       /* URB_RING_* asked for that the kernel refused */
	uint32_t ring_avoided;       /* URB_RING_* of the default set-up left out by ring_avoid */
	uint32_t setup_flags;        /* the IORING_SETUP_* flags io_uring_setup took */
	bool flush_when_empty;       /* DEFER_TASKRUN without TASKRUN_FLAG: nothing says when to flush */
	pthread_t owner;             /* the thread that built the bearer (SINGLE_ISSUER's issuer) */

	uint32_t key_salt;           /* in the keys of urb's own SQEs (URB__KEY_INTERNAL) */
	bool in_completions;         /* guards urb_bearer_completions reentry */
	struct urb__rec *in_callback; /* the record whose completion the callback sees */

	enum urb_capacity_kind last_cap_kind; /* URB_CAP_NONE until a capacity is hit */
	struct urb_stats stats;
	int detail_rc;               /* the code the words below were set for, or 0 */
	char detail[192];            /* words for the last refusal, "" when none */
	char explained[256];         /* urb_bearer_explain's answer */
};

uint64_t urb__capacity_value(const struct urb_capacity *cap, enum urb_capacity_kind kind);

/* IORING_SETUP_NO_SQARRAY (Linux 6.6), which liburing 2.3's header lacks. */
#define URB__SETUP_NO_SQARRAY (1U << 16)

/*
 * After the kernel refused @rc to a call that enters or registers: on a
 * thread-bound ring (SINGLE_ISSUER, or a registered ring fd, which only
 * the registering thread can name) called from another thread than its
 * owner, URB_ETHREAD with words for @what; otherwise @rc.  Only on the
 * error path, so the hot path pays nothing for the check.
 */
int urb__thread_refusal(struct urb_bearer *b, int rc, const char *what);

static inline uint64_t urb__page_round(uint64_t n)
{
	return (n + 4095) & ~(uint64_t)4095;
}

/* Records the capacity that was hit and returns URB_EATCAPACITY. */
int urb__at_capacity(struct urb_bearer *b, enum urb_capacity_kind kind);

/* The same for buffer memory: what was asked, and what is left of it. */
int urb__bytes_at_capacity(struct urb_bearer *b, const char *what, uint64_t asked);

/*
 * Records words for the latest refusal, with the code they are for, and
 * returns @err.  Every refusal of a public call given a bearer sets them
 * (tests/test_errors.c walks each one): urb_bearer_explain() attaches
 * words only to the code they were set for, so a refusal without words
 * would be explained with an older refusal's of the same code.
 */
int urb__refuse(struct urb_bearer *b, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The same from a query that takes a const bearer (urb_buf_view, ...):
 * the words are the bearer's diagnostic state, which every call of the
 * bearer's thread may write (a bearer is never const itself: it comes
 * from urb_bearer_new).
 */
#define urb__refuse_q(b, ...) urb__refuse((struct urb_bearer *)(uintptr_t)(b), __VA_ARGS__)

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

static inline uint64_t urb__rec_key(const struct urb_bearer *b, const struct urb__rec *rec)
{
	return URB__KEY(rec->gen, rec - b->recs);
}

/* The live record @key names; NULL, and *stale when it names a released one. */
static inline struct urb__rec *urb__rec_lookup(struct urb_bearer *b, uint64_t key, bool *stale)
{
	uint32_t idx = URB__KEY_IDX(key);
	struct urb__rec *rec;

	*stale = false;
	if (idx >= b->cap.pending_completions || URB__KEY_GEN(key) == 0)
		return NULL;
	rec = &b->recs[idx];
	if (rec->gen != URB__KEY_GEN(key) || rec->state == URB_OWN_REUSABLE ||
	    rec->state == URB_OWN_CREATED) {
		*stale = true;
		return NULL;
	}
	return rec;
}

/* The kernel knows the op's opcode and is at least the spec's version. */
static inline bool urb__supported(const struct urb_bearer *b, const struct urb__opdef *d)
{
	return (b->opcodes[d->opcode / 32] & (1u << (d->opcode % 32))) &&
	       b->kernel_version >= (d->since_major << 8 | d->since_minor);
}

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
int urb__fd_check_use(struct urb_bearer *b, uint32_t slot, uint32_t kinds_mask, const char *what);
int urb__fd_check_target(struct urb_bearer *b, int32_t target,
			 uint32_t allow_mask, const char *what);
void urb__fd_reserve(struct urb_bearer *b, uint32_t slot);
void urb__fd_install(struct urb_bearer *b, uint32_t slot, uint8_t kind);
void urb__fd_unreserve(struct urb_bearer *b, uint32_t slot);
void urb__fd_forget(struct urb_bearer *b, uint32_t slot);

/* ---- buffers */

int urb__bufs_init(struct urb_bearer *b);
void urb__bufs_fini(struct urb_bearer *b);
struct urb__buf_meta *urb__buf_meta(const struct urb_bearer *b, urb_buf_t buf,
				    uint8_t **data, uint32_t *cap);
uint64_t urb__arena_room(const struct urb_bearer *b, uint64_t size, uint64_t align);

/* ---- buffer groups: rings, legacy provided groups, fixed registration */

int urb__groups_init(struct urb_bearer *b);
void urb__groups_fini(struct urb_bearer *b);
int urb__group_check(struct urb_bearer *b, uint32_t set, const char *what);
int urb__set_check(struct urb_bearer *b, uint32_t set, enum urb__set_action action,
		   const char *what);
void urb__set_commit(struct urb_bearer *b, uint32_t set, enum urb__set_action action);
void urb__set_done(struct urb_bearer *b, uint32_t set, enum urb__set_action action, int32_t res);
urb_buf_t urb__group_selected(struct urb_bearer *b, uint32_t set, int32_t res, uint32_t flags);
int urb__recycle(struct urb_bearer *b, urb_buf_t buf);
bool urb__recycle_done(struct urb_bearer *b, urb_buf_t buf, int32_t res);
bool urb__set_fixed(const struct urb_bearer *b, urb_buf_t buf);

/* ---- out-of-line record storage (src/store.c) */

#define URB__STORE_BLOCK 64u

int urb__store_init(struct urb_bearer *b);
void urb__store_fini(struct urb_bearer *b);
void urb__store_release(struct urb_bearer *b, struct urb__rec *rec);
struct urb__push;
int urb__store_take(struct urb__push *p, size_t bytes, void **at);

/* ---- buffer vectors (src/bufvec.c) */

void urb__bufvec_commit(struct urb_bearer *b, struct urb__rec *rec);
void urb__bufvec_return(struct urb_bearer *b, struct urb__rec *rec, int32_t res);

/* ---- futexes */

int urb__futex_init(struct urb_bearer *b);
void urb__futex_fini(struct urb_bearer *b);

/* ---- pushing and filling payloads: declared in <urb/opdef.h> */

bool urb__chain_open(struct urb_bearer *b);


/* ---- submission and teardown */

int urb__submit(struct urb_bearer *b, unsigned wait_nr, const struct timespec *ts);
int urb__drain(struct urb_bearer *b);

/* ---- dispatch (the test seam feeds synthetic CQEs through the same path) */

void urb__rec_return_resources(struct urb_bearer *b, struct urb__rec *rec, int32_t res);
int urb__completions(struct urb_bearer *b, urb_completion_fn fn, void *user);
int urb__dispatch_cqe(struct urb_bearer *b, uint64_t user_data, int32_t res,
		      uint32_t flags, urb_completion_fn fn, void *user);

#endif
