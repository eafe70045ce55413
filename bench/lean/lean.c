/* SPDX-License-Identifier: MIT */
/*
 * lean: one ring, a record slab, fixed-file slots and one buffer arena, all
 * sized at lean_new().  The parts of an op, each a function of its own so
 * that a profile can tell them apart by line (parts.py): push (push_ok,
 * push_take), submit, the walk (lean_completions, deliver), give_back (slot
 * and buffer back to the user) and release (the record free again).
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <liburing.h>

#include "lean.h"

#define API __attribute__((visibility("default")))
#define COLD __attribute__((noinline, cold))
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

#define NONE UINT32_MAX
#define HOME 0x6e61656cu /* in the home page of the process that built the bearer */
#define GEN_MASK 0x7fffffffu /* 31 bits of generation: keys stay positive as int64_t */
#define BUF_KERNEL (1u << 31) /* in a buffer's word: the kernel's; below it, the valid bytes */

_Static_assert(LEAN_ASYNC == IOSQE_ASYNC, "push flags are IOSQE_* bits");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "a record's key: index in its low half");

enum rec_state { REC_FREE, REC_KERNEL, REC_RETURNED };
enum { HOLD_SLOT = 1, HOLD_BUF = 2, HOLD_BYTES_IN = 4 }; /* what a record holds */
#define HOLDS_IN (HOLD_SLOT | HOLD_BUF | HOLD_BYTES_IN) /* recv, read_fixed: bytes come in */

/*
 * A record's key names it only while the kernel holds it: its generation
 * steps as its CQE arrives, so a late or repeated CQE names nothing.
 */
struct rec {
	union {
		uint64_t key; /* generation << 32 | index */
		struct {
			uint32_t idx, gen; /* x86-64 and the like: little-endian */
		};
	};
	void *user;
	uint32_t slot, buf; /* what the op holds (holds says which) */
	uint32_t next;      /* the next free record */
	uint8_t op, state, holds;
};

#define SLOT_CLOSING (1u << 31) /* in a slot's uses: emptied as they drop to none */

struct slot {
	uint32_t uses; /* ops pending on it, SLOT_CLOSING once closed */
	uint8_t kind;  /* 0: empty */
	uint8_t allow; /* a bit per op it takes now; 0 when empty or closing */
};

struct lean {
	const uint32_t *home; /* a MADV_WIPEONFORK page: HOME here, 0 in a forked child */
	struct rec *recs;
	struct slot *slots;
	uint32_t *bufs; /* per buffer: its valid bytes, BUF_KERNEL while the kernel's */
	uint8_t *arena;
	size_t arena_bytes;
	uint32_t nrecs, nslots, nbufs, buf_size;
	uint32_t free_head;
	unsigned sq_limit; /* the SQ tail it is full at, as the kernel's head last said */
	unsigned enter_flags; /* IORING_ENTER_REGISTERED_RING when the ring fd is registered */
	bool in_walk;
	uint64_t completions, stale;
	struct io_uring ring;
};

static inline bool forked(const struct lean *b)
{
	return UNLIKELY(*b->home != HOME);
}

/* What a call refuses for its bearer: none, or one a fork inherited. */
static COLD int bearer_refusal(const struct lean *b)
{
	return !b ? -EINVAL : forked(b) ? -ECHILD : 0;
}

/* ---- push */

/* The ops a slot of each kind takes. */
static uint8_t kind_allows(enum lean_kind kind)
{
	uint8_t sock = 1u << LEAN_OP_SEND | 1u << LEAN_OP_RECV | 1u << LEAN_OP_READ_FIXED;

	return kind == LEAN_FILE ? 1u << LEAN_OP_READ_FIXED : sock;
}

static COLD int64_t push_refusal(const struct lean *b, uint32_t flags, uint32_t slot, unsigned op,
				 uint32_t buf, bool wants_bytes)
{
	const struct slot *s;

	if (!b || forked(b))
		return bearer_refusal(b);
	if (flags & ~LEAN_FLAGS_ALL)
		return -EINVAL;
	if (slot != NONE) {
		s = slot < b->nslots ? &b->slots[slot] : NULL;
		if (!s)
			return -EINVAL;
		if (!s->kind)
			return -EBADF;
		if (s->uses & SLOT_CLOSING)
			return -EBUSY;
		if (!(kind_allows(s->kind) >> op & 1))
			return -EOPNOTSUPP;
	}
	if (buf != NONE) {
		if (buf >= b->nbufs)
			return -EINVAL;
		if (b->bufs[buf] & BUF_KERNEL)
			return -EPERM;
		if (wants_bytes && !b->bufs[buf])
			return -ENODATA;
	}
	return b->free_head == NONE ? -ENOBUFS : -EAGAIN; /* no record, or the SQ is full */
}

/*
 * Whether the SQ has room: the tail it is full at moves on only as the
 * kernel takes SQEs, so its head is read again only when the tail reaches it.
 */
static COLD bool sq_room(struct lean *b)
{
	struct io_uring_sq *sq = &b->ring.sq;

	b->sq_limit = io_uring_smp_load_acquire(sq->khead) + sq->ring_entries;
	return sq->sqe_tail != b->sq_limit;
}

/*
 * Every check of a push: the bearer, the flags, the slot (registered, not
 * closing, of a kind the op takes: one bit), the buffer (the user's, and
 * with bytes for a send: one compare), a free record and room in the SQ.
 */
static inline bool push_ok(struct lean *b, uint32_t flags, unsigned holds, uint32_t slot,
			   unsigned op, uint32_t buf, bool wants_bytes)
{
	if (UNLIKELY(!b || forked(b) || (flags & ~LEAN_FLAGS_ALL)))
		return false;
	if ((holds & HOLD_SLOT) && !(slot < b->nslots && (b->slots[slot].allow >> op & 1)))
		return false;
	if ((holds & HOLD_BUF) &&
	    !(buf < b->nbufs && b->bufs[buf] - wants_bytes < BUF_KERNEL - wants_bytes))
		return false;
	return b->free_head != NONE && (b->ring.sq.sqe_tail != b->sq_limit || sq_room(b));
}

/* Takes a record and an SQE (push_ok said there are), the slot and the buffer; the key. */
static inline uint64_t push_take(struct lean *b, unsigned op, unsigned holds, uint32_t slot,
				 uint32_t buf, uint64_t off, void *user, uint32_t flags)
{
	struct io_uring_sq *sq = &b->ring.sq;
	unsigned tail = sq->sqe_tail;
	struct io_uring_sqe *sqe = &sq->sqes[tail & sq->ring_mask];
	uint32_t idx = b->free_head, len = 0;
	struct rec *rec = &b->recs[idx];
	uint64_t key = rec->key, addr = 0;

	if (holds & HOLD_BUF) {
		addr = (uint64_t)(uintptr_t)(b->arena + (size_t)buf * b->buf_size);
		len = op == LEAN_OP_SEND ? b->bufs[buf] : b->buf_size;
		b->bufs[buf] = len | BUF_KERNEL; /* a send's length: what it holds */
	}
	if (holds & HOLD_SLOT)
		b->slots[slot].uses++;
	sq->sqe_tail = tail + 1;
	b->free_head = rec->next;
	rec->user = user;
	rec->slot = slot;
	rec->buf = buf;
	rec->op = (uint8_t)op;
	rec->state = REC_KERNEL;
	rec->holds = (uint8_t)holds;
	*sqe = (struct io_uring_sqe){
		.opcode = op == LEAN_OP_NOP ? IORING_OP_NOP : op == LEAN_OP_SEND ? IORING_OP_SEND :
			  op == LEAN_OP_RECV ? IORING_OP_RECV : IORING_OP_READ_FIXED,
		.flags = (uint8_t)(flags | (holds & HOLD_SLOT ? IOSQE_FIXED_FILE : 0)),
		.fd = holds & HOLD_SLOT ? (int32_t)slot : 0,
		.off = off,
		.addr = addr,
		.len = len,
		.buf_index = op == LEAN_OP_READ_FIXED ? (uint16_t)buf : 0,
		.user_data = key,
	};
	return key;
}

API int64_t lean_push_nop(struct lean *b, void *user, uint32_t flags)
{
	if (!push_ok(b, flags, 0, NONE, LEAN_OP_NOP, NONE, false))
		return push_refusal(b, flags, NONE, LEAN_OP_NOP, NONE, false);
	return (int64_t)push_take(b, LEAN_OP_NOP, 0, NONE, NONE, 0, user, flags);
}

API int64_t lean_push_send(struct lean *b, uint32_t slot, uint32_t buf, void *user, uint32_t flags)
{
	if (!push_ok(b, flags, HOLD_SLOT | HOLD_BUF, slot, LEAN_OP_SEND, buf, true))
		return push_refusal(b, flags, slot, LEAN_OP_SEND, buf, true);
	return (int64_t)push_take(b, LEAN_OP_SEND, HOLD_SLOT | HOLD_BUF, slot, buf, 0, user, flags);
}

API int64_t lean_push_recv(struct lean *b, uint32_t slot, uint32_t buf, void *user, uint32_t flags)
{
	if (!push_ok(b, flags, HOLDS_IN, slot, LEAN_OP_RECV, buf, false))
		return push_refusal(b, flags, slot, LEAN_OP_RECV, buf, false);
	return (int64_t)push_take(b, LEAN_OP_RECV, HOLDS_IN, slot, buf, 0, user, flags);
}

API int64_t lean_push_read_fixed(struct lean *b, uint32_t slot, uint32_t buf, uint64_t offset,
				 void *user, uint32_t flags)
{
	if (!push_ok(b, flags, HOLDS_IN, slot, LEAN_OP_READ_FIXED, buf, false))
		return push_refusal(b, flags, slot, LEAN_OP_READ_FIXED, buf, false);
	return (int64_t)push_take(b, LEAN_OP_READ_FIXED, HOLDS_IN, slot, buf, offset, user, flags);
}

/* ---- submit */

/* io_uring_enter(2) without a signal mask. */
static inline int ring_enter(int fd, unsigned to_submit, unsigned min_complete, unsigned flags)
{
#if defined(__x86_64__)
	register long arg4 __asm__("r10") = flags, arg5 __asm__("r8") = 0,
				  arg6 __asm__("r9") = _NSIG / 8;
	long rax = __NR_io_uring_enter;

	__asm__ volatile("syscall"
			 : "+a"(rax)
			 : "D"((long)fd), "S"((long)to_submit), "d"((long)min_complete), "r"(arg4),
			   "r"(arg5), "r"(arg6)
			 : "rcx", "r11", "memory");
	return (int)rax;
#else
	long rc = syscall(__NR_io_uring_enter, fd, to_submit, min_complete, flags, NULL, _NSIG / 8);

	return rc < 0 ? -errno : (int)rc;
#endif
}

API int lean_submit_and_wait(struct lean *b, unsigned wait_nr)
{
	struct io_uring_sq *sq;
	unsigned tail, submitted, flags;

	if (UNLIKELY(!b || forked(b)))
		return bearer_refusal(b);
	sq = &b->ring.sq;
	tail = sq->sqe_tail;
	flags = b->enter_flags;
	if (sq->sqe_head != tail) {
		sq->sqe_head = tail;
		io_uring_smp_store_release(sq->ktail, tail);
	}
	submitted = tail - *sq->khead;
	if (wait_nr || (IO_URING_READ_ONCE(*sq->kflags) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)))
		flags |= IORING_ENTER_GETEVENTS;
	else if (!submitted)
		return 0;
	return ring_enter(b->ring.enter_ring_fd, submitted, wait_nr, flags);
}

/* ---- completions */

static COLD void slot_empty(struct lean *b, uint32_t slot)
{
	int empty = -1;

	io_uring_register_files_update(&b->ring, slot, &empty, 1);
	b->slots[slot] = (struct slot){ 0 };
}

/*
 * The slot and the buffer back with the user: a recv's or a read's valid
 * bytes are what came in, a send's stay.  An op holds nothing, or a slot
 * and a buffer (push_take).
 */
static inline void give_back(struct lean *b, const struct rec *rec, int32_t res,
			     struct lean_completion *c)
{
	uint32_t buf = rec->buf;

	c->buf = LEAN_NO_BUF;
	c->data = NULL;
	c->len = 0;
	if (!rec->holds)
		return;
	if (UNLIKELY(--b->slots[rec->slot].uses == SLOT_CLOSING))
		slot_empty(b, rec->slot);
	c->buf = buf;
	if (rec->holds & HOLD_BYTES_IN) {
		uint32_t got = res > 0 ? (uint32_t)res : 0;

		b->bufs[buf] = got;
		c->data = b->arena + (size_t)buf * b->buf_size;
		c->len = got;
	} else {
		b->bufs[buf] &= ~BUF_KERNEL;
	}
}

/* The record free again, for the next push. */
static inline void release(struct lean *b, struct rec *rec)
{
	rec->state = REC_FREE;
	rec->next = b->free_head;
	b->free_head = rec->idx;
}

/* A CQE whose key names no pending record: counted, shown, touching no record. */
static COLD void stale(struct lean *b, uint64_t key, int32_t res, uint32_t flags, lean_fn fn,
		       void *arg)
{
	struct lean_completion c = { .key = key, .op = LEAN_OP_STALE, .result = res,
				     .flags = flags, .buf = LEAN_NO_BUF };

	b->stale++;
	b->completions++;
	fn(b, &c, arg);
}

/* One CQE: its record checked by key, its resources back, the callback, the record free. */
static inline void deliver(struct lean *b, uint64_t key, int32_t res, uint32_t flags, lean_fn fn,
			   void *arg)
{
	uint32_t idx = (uint32_t)key;
	struct rec *rec = &b->recs[idx];
	struct lean_completion c;

	if (UNLIKELY(idx >= b->nrecs || rec->key != key)) {
		stale(b, key, res, flags, fn, arg);
		return;
	}
	rec->gen = (rec->gen + 1) & GEN_MASK; /* the key names nothing from here on */
	rec->state = REC_RETURNED;
	c.key = key;
	c.user = rec->user;
	c.op = (enum lean_op)rec->op;
	c.result = res;
	c.flags = flags;
	give_back(b, rec, res, &c);
	b->completions++;
	fn(b, &c, arg);
	release(b, rec);
}

static COLD int walk_refusal(const struct lean *b, lean_fn fn)
{
	if (!b || forked(b))
		return bearer_refusal(b);
	return !fn ? -EINVAL : -EBUSY;
}

API int lean_completions(struct lean *b, lean_fn fn, void *arg)
{
	struct io_uring_cq *cq;
	unsigned head, tail, start;

	if (UNLIKELY(!b || forked(b) || !fn || b->in_walk))
		return walk_refusal(b, fn);
	cq = &b->ring.cq;
	head = *cq->khead;
	tail = io_uring_smp_load_acquire(cq->ktail);
	if (head == tail) { /* completion work the kernel holds back until asked */
		if (!(IO_URING_READ_ONCE(*b->ring.sq.kflags) &
		      (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)))
			return 0;
		io_uring_get_events(&b->ring);
		tail = io_uring_smp_load_acquire(cq->ktail);
	}
	start = head;
	b->in_walk = true;
	while (head != tail) { /* what is there now: at most a ring's worth */
		const struct io_uring_cqe *cqe = &cq->cqes[head & cq->ring_mask];
		uint64_t key = cqe->user_data;
		int32_t res = cqe->res;
		uint32_t flags = cqe->flags;

		io_uring_smp_store_release(cq->khead, ++head); /* consumed before its callback */
		deliver(b, key, res, flags, fn, arg);
		if (forked(b)) { /* the callback forked: this is the child, which may only free */
			b->in_walk = false;
			return -ECHILD;
		}
	}
	b->in_walk = false;
	return (int)(head - start);
}

/* ---- set-up, slots, buffers, teardown */

API int lean_slot_open(struct lean *b, int fd, enum lean_kind kind)
{
	int rc = bearer_refusal(b);

	if (rc < 0)
		return rc;
	if (fd < 0 || kind < LEAN_FILE || kind > LEAN_SOCKET)
		return -EINVAL;
	for (uint32_t i = 0; i < b->nslots; i++) {
		if (b->slots[i].kind)
			continue;
		rc = io_uring_register_files_update(&b->ring, i, &fd, 1);
		if (rc < 0)
			return rc;
		b->slots[i] = (struct slot){ .kind = (uint8_t)kind, .allow = kind_allows(kind) };
		return (int)i;
	}
	return -ENOSPC;
}

API int lean_slot_close(struct lean *b, uint32_t slot)
{
	int rc = bearer_refusal(b), empty = -1;

	if (rc < 0)
		return rc;
	if (slot >= b->nslots || !b->slots[slot].kind || (b->slots[slot].uses & SLOT_CLOSING))
		return slot >= b->nslots ? -EINVAL : -EBADF;
	b->slots[slot].allow = 0;
	b->slots[slot].uses |= SLOT_CLOSING;
	if (b->slots[slot].uses != SLOT_CLOSING) /* its last op's give_back empties it */
		return 0;
	rc = io_uring_register_files_update(&b->ring, slot, &empty, 1);
	b->slots[slot] = (struct slot){ 0 };
	return rc < 0 ? rc : 0;
}

static int buf_check(const struct lean *b, uint32_t buf)
{
	int rc = bearer_refusal(b);

	if (rc < 0)
		return rc;
	if (buf >= b->nbufs)
		return -EINVAL;
	return b->bufs[buf] & BUF_KERNEL ? -EPERM : 0;
}

API int lean_buf_get(struct lean *b, uint32_t buf, void **data, uint32_t *len, uint32_t *cap)
{
	int rc = buf_check(b, buf);

	if (rc < 0)
		return rc;
	if (!data || !len || !cap)
		return -EINVAL;
	*data = b->arena + (size_t)buf * b->buf_size;
	*len = b->bufs[buf];
	*cap = b->buf_size;
	return 0;
}

API int lean_buf_set_len(struct lean *b, uint32_t buf, uint32_t len)
{
	int rc = buf_check(b, buf);

	if (rc < 0)
		return rc;
	if (len > b->buf_size)
		return -EINVAL;
	b->bufs[buf] = len;
	return 0;
}

API uint32_t lean_setup_flags(const struct lean *b)
{
	return b ? b->ring.flags : 0;
}

API int lean_ring_fd(const struct lean *b)
{
	int rc = bearer_refusal(b);

	return rc < 0 ? rc : b->ring.ring_fd;
}

API int lean_counts(const struct lean *b, uint64_t *completions, uint64_t *stale_cqes)
{
	if (!b || !completions || !stale_cqes)
		return -EINVAL;
	*completions = b->completions;
	*stale_cqes = b->stale;
	return 0;
}

static int ring_init(struct lean *b, uint32_t sq_entries)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_SINGLE_ISSUER |
			 IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
		.cq_entries = 2 * sq_entries,
	};
	int rc = io_uring_queue_init_params(sq_entries, &b->ring, &p);

	if (rc == -EINVAL) { /* an older kernel: the plain ring */
		p = (struct io_uring_params){ .flags = IORING_SETUP_CQSIZE, .cq_entries = 2 * sq_entries };
		rc = io_uring_queue_init_params(sq_entries, &b->ring, &p);
	}
	if (rc < 0)
		return rc;
	b->sq_limit = *b->ring.sq.khead + b->ring.sq.ring_entries;
	if (io_uring_register_ring_fd(&b->ring) == 1)
		b->enter_flags = IORING_ENTER_REGISTERED_RING;
	return 0;
}

static int memory_init(struct lean *b, const struct lean_cap *cap)
{
	uint32_t *home = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (home == MAP_FAILED)
		return -errno;
	b->home = home;
	if (madvise(home, 4096, MADV_WIPEONFORK) != 0)
		return -errno;
	*home = HOME;
	b->recs = calloc(cap->records, sizeof(*b->recs));
	b->slots = calloc(cap->slots ? cap->slots : 1, sizeof(*b->slots));
	b->bufs = calloc(cap->buffers ? cap->buffers : 1, sizeof(*b->bufs));
	if (!b->recs || !b->slots || !b->bufs)
		return -ENOMEM;
	b->nrecs = cap->records;
	b->free_head = 0; /* record 0 first */
	for (uint32_t i = 0; i < cap->records; i++)
		b->recs[i] = (struct rec){ .idx = i, .gen = 1,
					   .next = i + 1 < cap->records ? i + 1 : NONE };
	b->arena_bytes = ((size_t)cap->buffers * cap->buf_size + 4095) & ~(size_t)4095;
	if (b->arena_bytes) {
		b->arena = mmap(NULL, b->arena_bytes, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (b->arena == MAP_FAILED) {
			b->arena = NULL;
			return -errno;
		}
	}
	return 0;
}

static int registers_init(struct lean *b, const struct lean_cap *cap)
{
	struct iovec *vec;
	int rc;

	if (cap->slots) {
		rc = io_uring_register_files_sparse(&b->ring, cap->slots);
		if (rc < 0)
			return rc;
		b->nslots = cap->slots;
	}
	if (!cap->buffers)
		return 0;
	vec = calloc(cap->buffers, sizeof(*vec));
	if (!vec)
		return -ENOMEM;
	for (uint32_t i = 0; i < cap->buffers; i++)
		vec[i] = (struct iovec){ b->arena + (size_t)i * cap->buf_size, cap->buf_size };
	rc = io_uring_register_buffers(&b->ring, vec, cap->buffers);
	free(vec);
	if (rc < 0)
		return rc;
	b->nbufs = cap->buffers;
	b->buf_size = cap->buf_size;
	return 0;
}

static void teardown(struct lean *b, bool ring)
{
	if (ring)
		io_uring_queue_exit(&b->ring);
	if (b->arena)
		munmap(b->arena, b->arena_bytes);
	free(b->recs);
	free(b->slots);
	free(b->bufs);
	if (b->home && b->home != MAP_FAILED)
		munmap((void *)b->home, 4096);
	free(b);
}

API int lean_new(const struct lean_cap *cap, struct lean **out)
{
	struct lean *b;
	int rc;

	if (!cap || !out || !cap->sq_entries || cap->sq_entries > 4096 ||
	    (cap->sq_entries & (cap->sq_entries - 1)) || !cap->records || cap->records > 1u << 20 ||
	    cap->slots > 1u << 16 || cap->buffers > 1u << 14 || (cap->buffers && !cap->buf_size) || cap->buf_size >= BUF_KERNEL ||
	    (uint64_t)cap->buffers * cap->buf_size > 1ull << 32)
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	rc = memory_init(b, cap);
	if (rc == 0 && (rc = ring_init(b, cap->sq_entries)) == 0) {
		rc = registers_init(b, cap);
		if (rc < 0)
			teardown(b, true);
	} else {
		teardown(b, false);
	}
	if (rc == 0)
		*out = b;
	return rc;
}

static void drained(struct lean *b, const struct lean_completion *c, void *arg)
{
	(void)b, (void)c, (void)arg;
}

/* Cancels what the kernel holds and takes its CQEs, for a second at most. */
static void drain(struct lean *b)
{
	struct io_uring_sqe *sqe;
	uint32_t pending = 0;

	for (uint32_t i = 0; i < b->nrecs; i++)
		pending += b->recs[i].state == REC_KERNEL;
	if (!pending)
		return;
	sqe = io_uring_get_sqe(&b->ring);
	if (!sqe) {
		lean_submit_and_wait(b, 0);
		sqe = io_uring_get_sqe(&b->ring);
	}
	if (sqe) {
		io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ANY);
		io_uring_sqe_set_data64(sqe, NONE); /* an index that names no record */
	}
	for (int tries = 0; pending && tries < 100; tries++) {
		struct __kernel_timespec ts = { .tv_nsec = 10000000 };
		struct io_uring_cqe *cqe;

		io_uring_submit_and_wait_timeout(&b->ring, &cqe, 1, &ts, NULL);
		lean_completions(b, drained, NULL);
		pending = 0;
		for (uint32_t i = 0; i < b->nrecs; i++)
			pending += b->recs[i].state == REC_KERNEL;
	}
}

API int lean_free(struct lean *b)
{
	if (!b)
		return -EINVAL;
	if (b->in_walk)
		return -EBUSY;
	if (forked(b)) { /* the ring is the parent's: only this process's copy goes */
		close(b->ring.ring_fd);
		teardown(b, false);
		return 0;
	}
	drain(b);
	teardown(b, true);
	return 0;
}
