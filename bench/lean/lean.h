/* SPDX-License-Identifier: MIT */
#ifndef LEAN_H
#define LEAN_H

/*
 * lean: the smallest bearer that keeps urb's per-op safety, for measuring
 * what that safety costs on its own (bench/lean/README.md).  Not urb's API
 * and not installed: a prototype the benchmarks link.
 *
 * Every call checks its arguments and answers a negative errno on bad
 * input; nothing is allocated after lean_new().
 */

#include <stdint.h>

struct lean; /* opaque */

/* What a fixed-file slot holds: the ops it takes follow from it. */
enum lean_kind { LEAN_FILE = 1, LEAN_STREAM, LEAN_SOCKET };

enum lean_op { LEAN_OP_STALE, LEAN_OP_NOP, LEAN_OP_SEND, LEAN_OP_RECV, LEAN_OP_READ_FIXED };

/* Push flags: the IOSQE_* bits a push may ask for. */
#define LEAN_ASYNC (1u << 4) /* IOSQE_ASYNC */
#define LEAN_FLAGS_ALL LEAN_ASYNC

#define LEAN_NO_BUF UINT32_MAX

struct lean_cap {
	uint32_t sq_entries; /* SQ size (power of two, <= 4096); the CQ is twice it */
	uint32_t records;    /* ops pending at once */
	uint32_t slots;      /* fixed-file slots */
	uint32_t buffers;    /* buffers of buf_size bytes, registered as fixed buffers */
	uint32_t buf_size;
};

/* The completion a callback sees; the record it names is free once the callback returns. */
struct lean_completion {
	uint64_t key;  /* what the push returned: generation << 32 | record index */
	void *user;    /* the push's user pointer (NULL for a stale CQE) */
	enum lean_op op;
	int32_t result;
	uint32_t flags; /* IORING_CQE_F_* */
	uint32_t buf;   /* the buffer, back with the user now; LEAN_NO_BUF for none */
	void *data;     /* recv, read_fixed: its bytes and how many are valid */
	uint32_t len;
};

typedef void (*lean_fn)(struct lean *b, const struct lean_completion *c, void *arg);

int lean_new(const struct lean_cap *cap, struct lean **out);
/* -EBUSY from inside a callback. */
int lean_free(struct lean *b);
/* The ring's IORING_SETUP_* flags (for a raw ring to copy), and its fd (for another ring's messages). */
uint32_t lean_setup_flags(const struct lean *b);
int lean_ring_fd(const struct lean *b);

/* A slot for @fd (duplicated by the kernel: close yours), or a negative errno. */
int lean_slot_open(struct lean *b, int fd, enum lean_kind kind);
/* Refuses new ops on the slot; it is emptied when its last pending op completes. */
int lean_slot_close(struct lean *b, uint32_t slot);

/* A buffer the user owns: its bytes, @len valid of @cap. */
int lean_buf_get(struct lean *b, uint32_t buf, void **data, uint32_t *len, uint32_t *cap);
/* Sets how many of its bytes are valid (what a send sends). */
int lean_buf_set_len(struct lean *b, uint32_t buf, uint32_t len);

/* Each push answers the op's key (>= 0) or a negative errno; nothing reaches the kernel before a submit. */
int64_t lean_push_nop(struct lean *b, void *user, uint32_t flags);
int64_t lean_push_send(struct lean *b, uint32_t slot, uint32_t buf, void *user, uint32_t flags);
int64_t lean_push_recv(struct lean *b, uint32_t slot, uint32_t buf, void *user, uint32_t flags);
int64_t lean_push_read_fixed(struct lean *b, uint32_t slot, uint32_t buf, uint64_t offset,
			     void *user, uint32_t flags);

/* Submits what was pushed and waits for @wait_nr completions: the kernel's answer. */
int lean_submit_and_wait(struct lean *b, unsigned wait_nr);

/*
 * Hands each CQE there is to @fn (which may push and submit, not walk
 * again): how many, or -EBUSY from a callback, -ECHILD in a forked child.
 */
int lean_completions(struct lean *b, lean_fn fn, void *arg);

/* Completions handed to callbacks, and of them the CQEs that named no pending op. */
int lean_counts(const struct lean *b, uint64_t *completions, uint64_t *stale);

#endif
