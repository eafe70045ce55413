/* SPDX-License-Identifier: MIT */
#ifndef URB_API_FUZZ_MORE_H
#define URB_API_FUZZ_MORE_H

/*
 * What the API fuzzer (api_fuzz.c) and its further moves (api_fuzz_more.c:
 * madvise, msg_ring to other bearers, fork) share: the model's push
 * protocol, and the hooks api_fuzz.c calls.
 */

#include "internal.h"
#include "api_fuzz.h"

/* ---- the push protocol of api_fuzz.c */

/* The books a refused push must leave as they were. */
struct books {
	struct urb__rec recs[RECS];
	struct urb__fd_slot fds[NSLOTS];
	struct { uint8_t group; uint32_t users; bool fixed, live; } sets[NSETS];
	struct urb__buf_meta meta[NSETS][MAX_BUFS];
	struct urb__futex futex[FUTEXES];
	uint32_t fds_used[2], recs_used, sqe_tail, rings_used, sets_used;
	struct urb_stats stats;
};

/* What one push is expected to do. */
struct push {
	enum urb_op op;
	uint32_t flags;
	struct mrec r;       /* what the record holds, when it is accepted */
	int refuse;          /* 0: accepted; else the refusal the model expects (1: any) */
	int refuse_scen;     /* the scenario an acceptance of a refused push shows */
	char args[96];
	struct books before;
	uint64_t key;
};

/*
 * A push: push_init(), the need_*() and refuse() of its arguments,
 * push_before(), the call, push_after() with its return.
 */
void push_init(struct push *p, enum urb_op op, uint32_t flags);
void refuse(struct push *p, bool bad, int code);
void need_slot(struct push *p, uint32_t slot, uint32_t kinds, bool closes);
void need_buf(struct push *p, urb_buf_t buf);
void push_before(struct push *p);
void push_after(struct push *p, int rc);

void set_create(uint32_t nbufs, uint32_t len);     /* 0: a shape of its own */
uint32_t pick_flags(enum urb_op op);
uint32_t pick_slot(uint32_t kinds);
urb_buf_t pick_buf(bool users);
bool buf_movable(urb_buf_t buf);                 /* the user's, and not being filled */
void to_user(urb_buf_t buf, uint8_t state);      /* what it holds now is what the user saw */
struct mslot *model_slot(uint32_t slot);         /* the model's slot of the fuzzed bearer */

/* ---- api_fuzz_more.c: the hooks api_fuzz.c calls */

void more_begin(struct urb_bearer *b);  /* a new bearer, set up */
bool more_step(void);                   /* true: this step was one of these moves */
bool more_cqe(const struct urb_completion *c); /* each completion of the fuzzed bearer;
						 true: a message to it, no record's */
void more_check(void);                  /* after each step's model check */
bool more_zeroing(void);                /* a madvise that may zero pages ran since the last check */
void more_end(void);                    /* the sequence's bearer is gone */
void more_report(void);                 /* the run's counts (and coverage) */

#endif
