/* SPDX-License-Identifier: MIT */
#ifndef URB_INTERNAL_H
#define URB_INTERNAL_H

/*
 * The core's internal contract: the bearer, its record slab and resource
 * tables.  What generated op code calls is in <urb/abi.h>, which is
 * installed for ops generated outside the library; nothing here is.
 * The books of one kind that only its own files and the bearer's set-up
 * read are in headers by concern, which include this one: fd_table.h,
 * buffers.h, groups.h, futexes.h, store.h.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <linux/futex.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <liburing.h>

#include <urb.h>
#include <urb/opdef.h>

#include "ops_records.h"

/* ---- the op table: generated/src/ops.c fills it (<urb/abi.h>), generic code reads it */

extern const struct urb__opdef urb__ops[URB_OP__COUNT];

const struct urb__opdef *urb__ext_def(unsigned op);

/* The definition of any op, the library's own or one registered from outside. */
static inline const struct urb__opdef *urb__def(unsigned op)
{
	return op < URB_OP__COUNT ? &urb__ops[op] : urb__ext_def(op);
}
int urb__probe(struct urb_bearer *b);

/*
 * A bearer's gate for each of the library's ops, set once after the probe:
 * the URB_SUBMIT_* flags the op may carry, with URB__GATE_OPEN when this
 * kernel runs it.  A push passes when (flags | URB__GATE_OPEN) is inside
 * it, one test for every refusal push begin would otherwise make in turn.
 */
#define URB__GATE_OPEN (1u << 31)
_Static_assert(!(URB_SUBMIT__ALL & URB__GATE_OPEN), "the gate's bit is no submit flag");
/*
 * A fast gate (urb__op_gate_fast(), push fast paths') is all or nothing, a
 * bound on the flags: URB__GATE_FAST_LIMIT when the op runs, 0 when it does
 * not.  The flags a fast path takes are the low bits below the limit, so
 * its test of gate and flags is one compare: flags below the op's bound.
 */
#define URB__FAST_FLAGS (URB_SUBMIT__ALL & ~(uint32_t)URB_SUBMIT_SKIP_SUCCESS)
#define URB__GATE_FAST_LIMIT (URB__FAST_FLAGS + 1)
_Static_assert(!(URB__FAST_FLAGS & URB__GATE_FAST_LIMIT), "the fast flags: the bits below the limit");
/* Sets @op's gates (urb__op_gate, urb__op_gate_fast) from the probe's opcodes. */
void urb__op_gate_set(struct urb_bearer *b, unsigned op);

/* ---- ownership: one transition table for every owned thing */

/*
 * The only legal moves, for every owned thing: where each state may go.
 * Records go Reusable -> Created -> Kernel -> Returned -> Reusable;
 * buffers also pass through Filling and Taken; fd slots through
 * Registered.  Nothing the kernel owns can go anywhere but Returned: that
 * is the rule the whole library keeps.  owner.c's table is made of these.
 */
#define URB__TO(state) (1u << URB_OWN_##state)
#define URB__FROM_REUSABLE (URB__TO(CREATED) | URB__TO(REGISTERED) | URB__TO(FILLING) | URB__TO(KERNEL))
#define URB__FROM_CREATED (URB__TO(FILLING) | URB__TO(KERNEL) | URB__TO(REGISTERED) | URB__TO(REUSABLE))
#define URB__FROM_REGISTERED (URB__TO(KERNEL) | URB__TO(REUSABLE))
#define URB__FROM_FILLING (URB__TO(TAKEN) | URB__TO(REUSABLE))
#define URB__FROM_TAKEN (URB__TO(FILLING) | URB__TO(KERNEL) | URB__TO(REUSABLE))
#define URB__FROM_KERNEL URB__TO(RETURNED)
#define URB__FROM_RETURNED (URB__TO(FILLING) | URB__TO(KERNEL) | URB__TO(REGISTERED) | URB__TO(REUSABLE))
#define URB__INTO_BIT(from, to) (((URB__FROM_##from >> URB_OWN_##to) & 1u) << URB_OWN_##from)
/* The states a move to @to may start from, as one mask: a hot path's test with no table. */
#define URB__OWN_INTO(to) \
	(URB__INTO_BIT(REUSABLE, to) | URB__INTO_BIT(CREATED, to) | URB__INTO_BIT(REGISTERED, to) | \
	 URB__INTO_BIT(FILLING, to) | URB__INTO_BIT(TAKEN, to) | URB__INTO_BIT(KERNEL, to) | \
	 URB__INTO_BIT(RETURNED, to))
_Static_assert(URB_OWN__COUNT == 7, "every state has its URB__FROM_ line above");

/* Where each state byte may go: URB__FROM_<state>, and nowhere for a byte that is no state. */
extern const uint8_t urb__own_legal[256];

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

/*
 * A move on the hot path whose source the code knows by construction (it
 * put the thing there, or tested its state a moment ago): a plain store.
 * The sanitizer builds, which the test suite and the fuzzers run
 * (URB_CHECK_MOVES), check that the thing is where the caller says and
 * that the table allows the move, and trap when either is false: such a
 * move is a bug of urb's, never the caller's.
 */
static inline void urb__own_known(uint8_t *state, enum urb_owner from, enum urb_owner to)
{
#ifdef URB_CHECK_MOVES
	if (*state != from || !urb__own_can_move(from, to))
		__builtin_trap();
#else
	(void)from;
#endif
	*state = (uint8_t)to;
}

/* ---- holds: what a record holds for the kernel, one (kind, id) entry per resource */

/*
 * Every kind of thing the kernel may point into or own while an op is
 * pending is one entry of urb__kinds, with its hooks and its push calls in
 * its own src/kind_<name>.c.  A record holds a short list of (kind, id)
 * holds; push commit, dispatch and release only walk that list, and only a
 * kind's own file reads its hold's fields.  A value copied into the record
 * (a timespec, an address) is no kind: nothing of it goes back anywhere.
 * The kinds are spec/schema.yaml's list: enum urb__kind, URB__KIND_LIST,
 * URB__KINDS_EACH and URB__KINDS_RELEASE are generated from it.
 */
#include "kinds.h"

#define URB__BUF_WRITE 1u /* a buffer hold's flag: the kernel writes the slice */

#define URB__REC_MAX_HOLDS 4 /* renameat: two directory slots and two paths */

struct urb__hold {
	uint8_t kind;  /* enum urb__kind */
	uint8_t flags; /* the kind's */
	uint16_t aux;  /* the kind's */
	uint32_t id;   /* what is held: a slot, a buffer, a set, a futex, a storage run */
	uint32_t arg;  /* the kind's */
};
_Static_assert(offsetof(struct urb__hold, flags) == 1 && offsetof(struct urb__hold, aux) == 2,
	       "kind, flags and aux: one 32-bit word (urb__hold_put)");
_Static_assert(offsetof(struct urb__hold, arg) == offsetof(struct urb__hold, id) + 4,
	       "id and arg: one 64-bit word (urb__hold_put)");

/*
 * Where a record's buffer hold points (an op has one buffer at most), kept
 * as the hold is added so that the final CQE's done hook looks nothing up:
 * the buffer's books and, for a buffer the kernel writes, where the slice
 * it writes starts and the room from there to the buffer's end.  Valid
 * while the hold is: a held buffer's set is neither destroyed nor moved.
 */
struct urb__buf_books {
	struct urb__buf_meta *meta;
	uint8_t *at;
	uint32_t room;
};

struct urb__rec;

/* A kind's hooks; any may be NULL.  A push call of the kind's validates and adds the hold. */
struct urb__kind_ops {
	const char *name;
	/*
	 * The resource becomes the kernel's: at push commit (take), or as
	 * the push call adds the hold, when a refusal later in the same push
	 * gives it back (untake).  A kind has one of the two.
	 */
	void (*take)(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h);
	void (*untake)(struct urb_bearer *b, struct urb__hold *h);
	/* every CQE of the op, before the callback sees @c */
	void (*each)(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		     struct urb_completion *c);
	/* the kernel's last word on the op (its final CQE, or a teardown dropping it) */
	void (*give_back)(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
			  int32_t res);
	/* the record is released (or its push aborted): what the record itself kept */
	void (*release)(struct urb_bearer *b, struct urb__hold *h);
	/* a drain read a successful completion nobody will see: close what would leak */
	void (*drained)(struct urb_bearer *b, const struct urb__rec *rec,
			const struct urb__hold *h, int32_t res);
	/*
	 * The kind's own books (its tables and counts in the bearer), copied
	 * into @out, @room bytes, as far as they fit; the bytes they take.
	 * The conformance suite (tests/test_kinds.c) compares every kind's
	 * before and after a refused push, and before and after an op's last
	 * word: whatever a kind keeps, a refused push must leave it as it was.
	 * NULL for a kind that keeps no books of its own (it moves another
	 * kind's: a target the fd table's, a vector the buffers').
	 */
	size_t (*books)(const struct urb_bearer *b, void *out, size_t room);
	/*
	 * The bearer is built, its capacities set (b->cap): allocate what the
	 * kind keeps in b->kind_state[its kind] (a bearer allocates nothing
	 * once built); 0 or -ENOMEM.  The bearer goes (after its ops were
	 * drained, or in a fork's copy, or when an init failed): fini frees
	 * it, whatever init did.  NULL for a kind whose books are the
	 * bearer's own fields.
	 */
	int (*init)(struct urb_bearer *b);
	void (*fini)(struct urb_bearer *b);
};

/* A books hook's step: @len bytes of @src after the @at bytes so far, if they fit; @at + @len. */
static inline size_t urb__books_put(void *out, size_t room, size_t at, const void *src,
				    size_t len)
{
	if (out && len && len <= room && at <= room - len)
		memcpy((uint8_t *)out + at, src, len);
	return at + len;
}

/* Every kind's books, one after another, as urb__kind_ops.books says (kinds.c). */
size_t urb__kinds_books(const struct urb_bearer *b, void *out, size_t room);

#define URB__KIND_EXTERN(NAME, name) extern const struct urb__kind_ops urb__kind_##name;
URB__KIND_LIST(URB__KIND_EXTERN)
#undef URB__KIND_EXTERN
extern const struct urb__kind_ops *const urb__kinds[URB__KIND__COUNT];

/* ---- records */

struct urb__rec {
	/* its key, URB__KEY(gen, idx): what its SQE and CQEs carry, one word to compare */
	union {
		uint64_t key;
		struct {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			uint32_t idx; /* its own index in the slab */
			uint32_t gen; /* changes on every release */
#else
			uint32_t gen;
			uint32_t idx;
#endif
		};
	};
	/* op .. kinds as one word: 0 in a free record, which a release writes at once */
	union {
		struct {
			uint8_t op;           /* op id */
			uint8_t skip_success; /* pushed with URB_SUBMIT_SKIP_SUCCESS: a success is not shown */
			/* state and slow, read as one word by dispatch (URB__REC_PLAIN_PENDING) */
			union {
				struct {
					uint8_t state; /* enum urb_owner */
					uint8_t slow;  /* URB__SLOW_*: which path of dispatch its CQEs take */
				};
				uint16_t mode;
			};
			uint8_t nholds;
			uint16_t kinds;       /* a bit per kind among the holds: which walks have work */
		};
		uint64_t word;
	};
	uint32_t next_free;           /* slab free list link: the next free record's at, or URB__NO_REC */
	struct urb__hold holds[URB__REC_MAX_HOLDS];
	uint32_t at;                  /* its place in the slab, as the free list names it (urb__rec_at) */
	void *user;
	struct urb__buf_books buf;    /* its buffer hold's, while it has one */
	union urb__rec_arms u;        /* the op's own kernel-visible fields */
};

/*
 * A record's slow: 0 when its final CQE may take dispatch's plain path
 * (one of the library's own ops holding nothing but fd slots and
 * buffers, no SKIP_SUCCESS); SELECT when, besides, its CQEs with more to
 * come may take the select path (an op of urb__op_selects holding an fd
 * slot and a group of whole buffers); FULL for anything else (skip
 * success, other holds, an op from outside): every CQE takes the full path.
 */
enum { URB__SLOW_PLAIN, URB__SLOW_FULL, URB__SLOW_SELECT };

_Static_assert(URB_OWN_REUSABLE == 0 && URB__SLOW_PLAIN == 0, "a free record's word is 0");

/* A record's word (op .. kinds) with these fields, skip_success 0: a constant where they are. */
static inline __attribute__((always_inline)) uint64_t
urb__rec_word(uint8_t op, uint8_t state, uint8_t slow, uint8_t nholds, uint16_t kinds)
{
	struct urb__rec r;

	r.word = 0;
	r.op = op;
	r.state = state;
	r.slow = slow;
	r.nholds = nholds;
	r.kinds = kinds;
	return r.word;
}

/* mode (state and slow as one word) of a record pending with the kernel, for @slow */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define URB__REC_PENDING(slow) ((uint16_t)(URB_OWN_KERNEL | (slow) << 8))
#else
#define URB__REC_PENDING(slow) ((uint16_t)(URB_OWN_KERNEL << 8 | (slow)))
#endif
#define URB__REC_PLAIN_PENDING URB__REC_PENDING(URB__SLOW_PLAIN)
#define URB__REC_SELECT_PENDING URB__REC_PENDING(URB__SLOW_SELECT)

/* The record's first hold of @kind, or NULL. */
static inline const struct urb__hold *urb__rec_hold(const struct urb__rec *rec, unsigned kind)
{
	for (unsigned i = 0; i < rec->nholds; i++)
		if (rec->holds[i].kind == kind)
			return &rec->holds[i];
	return NULL;
}

struct urb__push;

/* The refusal of a hold past URB__REC_MAX_HOLDS. */
int urb__holds_full(struct urb__push *p, enum urb__kind kind);

/* A new hold of @kind on @id in the record being pushed, zeroed but for those; *@out is it. */
static inline int urb__hold_add(struct urb__push *p, enum urb__kind kind, uint32_t id,
				struct urb__hold **out)
{
	struct urb__rec *rec = p->rec;
	struct urb__hold *h;

	if (rec->nholds == URB__REC_MAX_HOLDS) {
		*out = NULL;
		return urb__holds_full(p, kind);
	}
	h = &rec->holds[rec->nholds++];
	rec->kinds |= (uint16_t)(1u << kind);
	h->kind = (uint8_t)kind;
	h->flags = 0;
	h->aux = 0;
	h->id = id;
	h->arg = 0;
	*out = h;
	return 0;
}
/* Out of line: push commit's plain path then keeps a small frame. */
__attribute__((noinline)) void urb__holds_take(struct urb_bearer *b, struct urb__rec *rec);
void urb__holds_untake(struct urb_bearer *b, struct urb__rec *rec);
void urb__holds_each(struct urb_bearer *b, struct urb__rec *rec, struct urb_completion *c);
void urb__holds_give_back(struct urb_bearer *b, struct urb__rec *rec, int32_t res);
void urb__holds_release(struct urb_bearer *b, struct urb__rec *rec);
void urb__holds_drained(struct urb_bearer *b, const struct urb__rec *rec, int32_t res);

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
/*
 * A descriptor another bearer sent with msg_ring_fd: its CQE cannot carry
 * URB_CQE_F_MESSAGE (the kernel posts it with no flags), and any ring's
 * plain msg_ring can post one just like it, so its key says so with bits
 * only this process's bearers know: the sender's 32-bit data over a low
 * word no record and no internal key has (top byte 0xfe), holding the
 * process's 16-bit salt (never 0) and the fd kind of the slot it came from.
 */
#define URB__KEY_FD_MESSAGE_TAG(salt) (0xfe000000u | ((salt) & 0xffffu) << 8)
#define URB__KEY_FD_MESSAGE(salt, data, kind) \
	URB__KEY((data), URB__KEY_FD_MESSAGE_TAG(salt) | (kind))
#define URB__KEY_IS_FD_MESSAGE(salt, key) \
	((URB__KEY_IDX(key) & 0xffffff00u) == URB__KEY_FD_MESSAGE_TAG(salt))
#define URB__KEY_FD_MESSAGE_KIND(key) (URB__KEY_IDX(key) & 0xffu)

/* ---- resources */

struct urb__fd_slot {
	uint8_t state;       /* Reusable (free), Registered, Kernel (reserved for an install) */
	uint8_t kind;        /* enum urb_fd_kind */
	uint8_t closing : 1; /* a close of this slot is pending */
	uint8_t reborn : 1;  /* that close took effect and the kernel filled the slot again */
	/*
	 * The kinds an op may use the slot as now, from the three above:
	 * URB__FDK(kind) while Registered and not closing, 0 otherwise (and
	 * for a kind past the byte), so a push's plain case is one test of
	 * its op's kinds mask.  urb__fd_slot_sync() alone writes it, after
	 * every change of state, kind or closing.
	 */
	uint8_t usable;
	uint32_t users;      /* pending ops holding the slot */
};

/* What urb__fd_slot.usable must be, from the slot's state, kind and closing. */
static inline uint8_t urb__fd_slot_usable(const struct urb__fd_slot *s)
{
	return s->state == URB_OWN_REGISTERED && !s->closing && s->kind < 8 ?
	       (uint8_t)(1u << s->kind) : 0;
}

/* After a change of @s's state, kind or closing: its usable kinds follow. */
static inline void urb__fd_slot_sync(struct urb__fd_slot *s)
{
	s->usable = urb__fd_slot_usable(s);
}

/* Checked builds (URB_CHECK_MOVES): trap if a change of @s did not sync it. */
static inline void urb__fd_slot_assert(const struct urb__fd_slot *s)
{
#ifdef URB_CHECK_MOVES
	if (s->usable != urb__fd_slot_usable(s))
		__builtin_trap();
#else
	(void)s;
#endif
}

struct urb__buf_meta {
	uint8_t state;     /* enum urb_owner */
	uint8_t in_group;  /* Kernel-owned as part of its set's group: the kernel may select it */
	uint8_t recycling; /* legacy recycles of it whose CQE is not read yet */
	uint32_t len;      /* valid bytes */
	uint32_t consumed; /* an incremental ring's pieces so far, while the kernel keeps it */
	uint16_t ring_pos; /* the ring tail it was added at last, unmasked (a bundle's run follows it) */
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

#define URB__SET_MAX_BUFS 65536u /* buffers in one set */

struct urb__bufset {
	struct urb__region mem; /* its data's pages */
	uint32_t nbufs;         /* 0 while the set is not live */
	uint32_t len;
	struct urb__buf_meta *meta;
	uint8_t *data;
	uint8_t group;          /* enum urb__group_kind; the group id is the set id */
	bool fixed;             /* registered as fixed buffer index = set id */
	uint32_t users;         /* pending ops selecting from the group, or providing it */
	struct urb__bufring *ring; /* its ring, one of b->rings, or NULL */
};

struct urb__bufring {
	struct urb__region mem; /* the ring's pages */
	struct io_uring_buf_ring *br;
	uint32_t entries;       /* a power of two >= the set's nbufs */
	bool incremental;       /* IOU_PBUF_RING_INC: buffers filled in pieces */
	bool send;              /* the user queues filled buffers; bundle sends take them */
	/*
	 * A send ring's books.  A send bundle takes every buffer in the ring
	 * when the kernel issues it, so while one is pending the ring does not
	 * change: what the user queues meanwhile waits in @held.
	 */
	uint32_t sends;         /* send bundles pending on it */
	uint8_t nqueued, nheld;
	uint16_t queued[URB_BUNDLE_MAX]; /* in the ring, oldest first */
	uint16_t held[URB_BUNDLE_MAX];   /* queued by the user, not in the ring yet */
};

struct urb__futex {
	uint32_t *word;         /* the bearer's own, or the user's (adopted); atomic, NULL when free */
	uint32_t waiters;       /* pending ops waiting on it */
	uint32_t wakers;        /* urb_futex_wake calls using word now (any thread); atomic */
};

struct urb_bearer {
	struct io_uring ring;
	unsigned sq_end;             /* the SQ's kernel head as last read + its entries (urb__sq_full) */
	unsigned sq_counted;         /* the flushed SQ head stats.submitted counts up to (urb__sq_uncounted) */
	struct urb_capacity cap;
	uint32_t opcodes[256 / 32];  /* bit set: the kernel knows this IORING_OP_* */
	/*
	 * urb__own_legal, copied: a hot path's test of a state byte, one
	 * instruction from the bearer it has at hand (no table address to load)
	 */
	uint8_t own_legal[256];
	uint16_t kernel_version;     /* major << 8 | minor, from uname */

	struct urb__rec *recs;       /* pending_completions records */
	uint32_t free_head;          /* next free record to hand out (its at), or URB__NO_REC */
	uint32_t free_tail;          /* FIFO: the last free record (its at), when free_head is one */

	struct urb__fd_slot *fds;    /* registered_fd + direct_fd slots */
	uint32_t fd_slots;           /* how many: registered_fd + direct_fd */
	uint32_t fds_used[2];        /* per area: URB__AREA_URB, URB__AREA_KERNEL */
	bool auto_slots;             /* the kernel can allocate within its area */

	struct urb__bufset *sets;    /* buffers sets */
	uint32_t sets_used;
	struct urb__bufring *rings;  /* buffer_rings rings */
	uint32_t rings_used;
	urb_buf_t *run_view;         /* the run a bundle completion shows, while its callback runs */
	bool fixed_table;            /* a sparse fixed-buffer table of `buffers` slots exists */
	uint8_t *arena;              /* buffer_bytes, mlocked: the user's bytes only */
	uint8_t *books;              /* the sets' books, a reserved stretch per set id (kind_buf.c) */
	uint64_t arena_size;         /* mapped size (page rounded) */
	uint64_t arena_used;

	uint32_t *futex_words;       /* futexes words of the bearer's own */
	struct urb__futex *futex;    /* futexes entries: live when word != NULL */
	uint32_t futexes_used;

	/*
	 * A kind's own books, for a kind whose file keeps them out of the
	 * fields here: its init hook allocates them, its fini hook frees them
	 * (a new kind needs no field of its own).
	 */
	void *kind_state[URB__KIND__COUNT];

	uint8_t *store;              /* record_bytes of out-of-line record storage */
	uint64_t *store_map;         /* a bit per 64-byte block: taken */
	uint32_t store_blocks;
	uint32_t store_used;         /* blocks taken */

	uint32_t ring_used;          /* URB_RING_* the ring runs with (urb_bearer_setup) */
	uint32_t ring_refused;       /* URB_RING_* asked for that the kernel refused */
	uint32_t ring_avoided;       /* URB_RING_* of the default set-up left out by ring_avoid */
	uint32_t setup_flags;        /* the IORING_SETUP_* flags io_uring_setup took */
	bool flush_when_empty;       /* DEFER_TASKRUN without TASKRUN_FLAG: nothing says when to flush */
	uint32_t enter_flags;        /* in every io_uring_enter: REGISTERED_RING when the fd is registered */
	pthread_t owner;             /* the thread that built the bearer (SINGLE_ISSUER's issuer) */

	uint32_t key_salt;           /* in the keys of urb's own SQEs (URB__KEY_INTERNAL) */
	uint32_t fd_message_salt;    /* the process's, in descriptor messages' keys (URB__KEY_FD_MESSAGE) */
	/*
	 * What keeps urb_bearer_completions() off its plain path, tested as
	 * one word: in_walk while a walk of the CQ runs (urb_bearer_completions,
	 * a drain's), set once at its start and cleared at its end, so that a
	 * callback's walk, drain or free is refused (urb__in_walk); slab_fifo
	 * for the FIFO slab policy (a released record is handed out last),
	 * whose walk is another copy of it (dispatch.c).
	 */
	union {
		struct {
			bool in_walk;
			bool slab_fifo;
		};
		uint16_t walk_off;
	};
	uint32_t walk_start;         /* the CQ head a running walk began at */
	/* the running walk's callback and its argument: no registers to keep across the callbacks */
	urb_completion_fn walk_fn;
	void *walk_user;
	/*
	 * What the callback sees of a plain record's final CQE (dispatch.c):
	 * more, final, notif and selected* keep the values such a CQE always
	 * has, so each CQE writes only what it brings.  Its key is also the
	 * key of whatever completion a callback is shown (urb__shown_key):
	 * every path of the walk writes it, 0 for a completion of no record.
	 */
	struct urb_completion plain_view;
	/* the same for a CQE with more to come on the select path: more set, selected* not */
	struct urb_completion select_view;

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

/* The size of a page, the unit the kernel maps, locks and advises memory in. */
static inline uint64_t urb__page_size(void)
{
	return (uint64_t)sysconf(_SC_PAGESIZE);
}

/*
 * A bearer belongs to the process that built it.  A forked child shares
 * the ring's queues (MAP_SHARED) and everything registered in the ring
 * with it, so there every call that could act on them is refused.  The
 * bearer's home page (below) is one the kernel zeroes in a child
 * (MADV_WIPEONFORK): one load tells, without a system call.
 */
#define URB__HOME 0x68627275u /* "urbh" */
/*
 * The home page's second word: URB__HOME too when a submit may take the
 * plain path (a ring with neither SQPOLL nor IOPOLL), 0 otherwise and in a
 * child, so the submit's one compare tells both.
 */
#define URB__HOME_SUBMIT 1
#define URB__HOME_GATES 16 /* the op gates' first word in the home page */
_Static_assert((URB__HOME_GATES + 2 * URB_OP__COUNT) * sizeof(uint32_t) <= 4096,
	       "the op gates fit in the home page");

/*
 * A bearer lives in a mapping of its own, its home page after it at a
 * fixed offset (a page boundary for any page size up to 64 KiB; the pages
 * between are never touched), so what the hot path reads in the home page
 * is one load from the bearer it has at hand.
 */
#define URB__HOME_AT 65536u
_Static_assert(sizeof(struct urb_bearer) <= URB__HOME_AT, "the bearer ends before its home page");

/* A bearer's mapping as C sees it: the bearer, and its home page at URB__HOME_AT. */
struct urb__mapping {
	union {
		struct urb_bearer bearer;
		char room[URB__HOME_AT];
	};
	uint32_t home[4096 / sizeof(uint32_t)];
};

/*
 * The bearer's home page: the home word, then the op gates.  A member of
 * the mapping, not an address worked out from the bearer's, so that a
 * loop reads it at an offset from the bearer it has at hand rather than
 * keep the address in a register of its own.
 */
static inline uint32_t *urb__home_page(const struct urb_bearer *b)
{
	return ((struct urb__mapping *)(uintptr_t)b)->home;
}

/*
 * Per op: its submit flags, URB__GATE_OPEN if it runs; in the home page,
 * so in a fork every gate is closed (zeroes) and push begin needs no check
 * of its own for a fork.
 */
static inline uint32_t *urb__op_gate(const struct urb_bearer *b)
{
	return urb__home_page(b) + URB__HOME_GATES;
}

/* Push fast paths' gates: URB__GATE_FAST_LIMIT or 0 (closed). */
static inline uint32_t *urb__op_gate_fast(const struct urb_bearer *b)
{
	return urb__op_gate(b) + URB_OP__COUNT;
}

static inline bool urb__forked(const struct urb_bearer *b)
{
	return __builtin_expect(*urb__home_page(b) != URB__HOME, 0);
}

/*
 * SQEs flushed to the kernel and not yet in stats.submitted: a submit
 * only moves the SQ's flushed head, and the count follows it when it is
 * read, when the head is moved back, and when a push finds the SQ's end
 * as last seen (urb__sq_full), which is at most a ring's worth of pushes
 * apart, so the difference never wraps.
 */
static inline unsigned urb__sq_uncounted(const struct urb_bearer *b)
{
	return b->ring.sq.sqe_head - b->sq_counted;
}

static inline void urb__sq_count(struct urb_bearer *b)
{
	b->stats.submitted += urb__sq_uncounted(b);
	b->sq_counted = b->ring.sq.sqe_head;
}

/* Not forked, and a ring a submit enters by the plain path (URB__HOME_SUBMIT). */
static inline bool urb__submit_plain(const struct urb_bearer *b)
{
	return urb__home_page(b)[URB__HOME_SUBMIT] == URB__HOME;
}

/* The words for a call of @what in a fork (bearer.c). */
void urb__forked_words(const struct urb_bearer *b, const char *what) __attribute__((cold));

/* URB_EFORKED, with words; a constant the caller's compiler sees, so the hot path saves nothing. */
static inline int urb__forked_refusal(const struct urb_bearer *b, const char *what)
{
	urb__forked_words(b, what);
	return URB_EFORKED;
}

/* A public call's first check of its bearer: URB_EINVAL for none, URB_EFORKED in a fork; 0. */
static inline int urb__bearer_check(const struct urb_bearer *b, const char *what)
{
	if (!b)
		return URB_EINVAL;
	return urb__forked(b) ? urb__forked_refusal(b, what) : 0;
}

static inline uint64_t urb__page_round(uint64_t n)
{
	uint64_t page = urb__page_size();

	return (n + page - 1) & ~(page - 1);
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
	bool newest_first; /* a released record goes to the front of the free list, not its back */
};

extern const struct urb__slab_policy urb__slab_policies[URB_SLAB__COUNT];

int urb__slab_init(struct urb_bearer *b);
void urb__slab_fini(struct urb_bearer *b);
void urb__rec_free(struct urb_bearer *b, struct urb__rec *rec);
/* Records in use (not free), counted: only queries and teardown ask. */
uint32_t urb__recs_used(const struct urb_bearer *b);

#define URB__NO_REC UINT32_MAX /* the end of the slab's free list */

/*
 * The slab's free list names a record by its place in 8-byte steps (its
 * at), not its index: the record is then one scaled add from the slab's
 * start, where an index takes a multiply by the record's size.  Every at
 * fits 32 bits, below URB__NO_REC: pending_completions is below 1 << 24.
 */
#define URB__REC_STEP 8u
#define URB__MAX_RECORDS (1u << 24) /* pending_completions' bound (capacity.c) */
_Static_assert(sizeof(struct urb__rec) % URB__REC_STEP == 0, "a record: whole steps");
_Static_assert((uint64_t)URB__MAX_RECORDS * (sizeof(struct urb__rec) / URB__REC_STEP) < URB__NO_REC,
	       "every record's at fits 32 bits");

static inline __attribute__((always_inline)) struct urb__rec *urb__rec_at(const struct urb_bearer *b,
									  uint32_t at)
{
	return (struct urb__rec *)((char *)b->recs + (size_t)at * URB__REC_STEP);
}

static inline uint64_t urb__rec_key(const struct urb_bearer *b, const struct urb__rec *rec)
{
	(void)b;
	return rec->key;
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

/*
 * The kernel's buffer group id for set @set: the set id plus 64.  Linux
 * 5.19 to 6.6 keep what they know of groups 0 to 63 in an array whose
 * entries outlive the ring's unregister: a ring registered there again
 * starts at the old ring's head, past urb's new tail, and the kernel hands
 * out entries never queued.  From 64 up each register starts afresh, so a
 * bearer has at most 65536 - 64 sets (capacity.c).  Every SQE, register
 * and status call names a group by this id; the API, CQEs and urb_buf_t
 * by set.
 */
static inline uint16_t urb__bgid(uint32_t set)
{
	return (uint16_t)(set + 64);
}

/* The kernel knows the op's opcode and is at least the spec's version. */
static inline bool urb__supported(const struct urb_bearer *b, const struct urb__opdef *d)
{
	return (b->opcodes[d->opcode / 32] & (1u << (d->opcode % 32))) &&
	       b->kernel_version >= (d->since_major << 8 | d->since_minor);
}

/* ---- buffers (the rest of their books: buffers.h) */

/* @buf's books, its bytes and its room; NULL when it names no buffer. */
static inline struct urb__buf_meta *urb__buf_meta(const struct urb_bearer *b, urb_buf_t buf,
						  uint8_t **data, uint32_t *cap)
{
	uint32_t set = URB_BUF_SET(buf), idx = URB_BUF_INDEX(buf);
	const struct urb__bufset *s = set < b->cap.buffers ? &b->sets[set] : NULL;

	if (!s || !s->mem.live || idx >= s->nbufs) {
		*data = NULL;
		*cap = 0;
		return NULL;
	}
	*data = s->data + (uint64_t)idx * s->len;
	*cap = s->len;
	return &s->meta[idx];
}

/* Is @buf's set registered as fixed buffers (kind_buf.c)? */
bool urb__set_fixed(const struct urb_bearer *b, urb_buf_t buf);

/* ---- pushing and filling payloads: declared in <urb/abi.h> */

bool urb__chain_open(struct urb_bearer *b);
struct urb__push;
/* The push under way heads a link chain or joins the one the push before opened. */
bool urb__push_chained(const struct urb__push *p);


/* ---- submission and teardown */

int urb__submit(struct urb_bearer *b, unsigned wait_nr, const struct timespec *ts);
/*
 * io_uring_enter(2) on the bearer's ring, no signal mask: the kernel's
 * answer or -errno (enter.c).  *@min_complete is left as it was, in the
 * register the system call keeps, so that a caller that reads it after the
 * call keeps no copy of its own.
 */
int urb__ring_enter(struct urb_bearer *b, unsigned to_submit, unsigned *min_complete,
		    unsigned flags);
int urb__drain(struct urb_bearer *b);

/* ---- dispatch (the test seam feeds synthetic CQEs through the same path) */

/* Is a walk of the CQ running?  (Then the caller is one of its callbacks.) */
static inline bool urb__in_walk(const struct urb_bearer *b)
{
	return b->in_walk;
}

/*
 * The key of the completion the running callback sees (the last one's,
 * until the walk ends); 0, which names no record, for a completion of no
 * record.  Meaningful only in a walk (urb__in_walk).
 */
static inline uint64_t urb__shown_key(const struct urb_bearer *b)
{
	return b->plain_view.key;
}

/* The record whose completion the running callback sees; NULL for none. */
static inline const struct urb__rec *urb__callback_rec(struct urb_bearer *b)
{
	bool stale;

	return b->in_walk ? urb__rec_lookup(b, urb__shown_key(b), &stale) : NULL;
}

int urb__completions(struct urb_bearer *b, urb_completion_fn fn, void *user);

/* The callback of the walk about to start: never while one runs (its callback's would be lost). */
static inline void urb__walk_set(struct urb_bearer *b, urb_completion_fn fn, void *user)
{
	b->walk_fn = fn;
	b->walk_user = user;
}

/*
 * The walk of a bearer with a LIFO slab, and with a FIFO one: their
 * callers' tests passed (not in a walk) and the callback set.
 */
int urb__walk_lifo(struct urb_bearer *b);
int urb__walk_fifo(struct urb_bearer *b);
/*
 * What a plain final CQE does between the record's last word and the
 * callback: give its holds back and fill the payload of b->plain_view,
 * the completion the callback is shown next.  The generated op table
 * has one per op (urb__op_done), never NULL; urb__done_generic walks the
 * holds and calls the op's filler, for any op; urb__done_none does nothing.
 */
typedef void urb__done_fn(struct urb_bearer *b, struct urb__rec *rec);
extern urb__done_fn *const urb__op_done[URB_OP__COUNT];
extern const bool urb__op_selects[URB_OP__COUNT];
urb__done_fn urb__done_generic;
urb__done_fn urb__done_none;
int urb__dispatch_cqe(struct urb_bearer *b, uint64_t user_data, int32_t res,
		      uint32_t flags, urb_completion_fn fn, void *user);

#include "hot.h"

#endif
