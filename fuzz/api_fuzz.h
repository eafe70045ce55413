/* SPDX-License-Identifier: MIT */
#ifndef URB_API_FUZZ_H
#define URB_API_FUZZ_H

/*
 * The API-sequence fuzzer's model (fuzz/api_fuzz.c): who owns every
 * record, buffer, fd slot and futex word of one bearer, as the public
 * calls and the completions the callback saw say.  The bearer's books
 * are compared with it after every step.
 */

#include <stdbool.h>
#include <stdint.h>

#include <urb.h>

enum {
	REG_FD = 8,
	DIRECT_FD = 4,
	NSLOTS = REG_FD + DIRECT_FD,
	RECS = 16,
	SQ = 8,
	NSETS = 6,
	MAX_BUFS = 4,
	MAX_LEN = 64,
	RINGS = 2,
	FUTEXES = 3,
	NDEAD = 64,
	NDUPS = 8,
	MAX_CLIENTS = 8,
};

/* Findings are sorted by the scenario of the brief they show (0: anything else). */
enum { SCEN_OTHER = 0, SCEN__COUNT = 9 };

/* Where a buffer is, as the model sees it. */
enum mbuf_place {
	MB_GONE,  /* no such buffer */
	MB_USER,  /* the user's: ustate says which of its states */
	MB_OP,    /* held by one pending record */
	MB_GROUP, /* in its set's group: the kernel may select it */
};

struct mset {
	bool live;
	uint32_t nbufs, len;
	uint8_t group;                /* enum urb__group_kind */
	uint8_t place[MAX_BUFS];      /* enum mbuf_place */
	uint8_t ustate[MAX_BUFS];     /* enum urb_owner while MB_USER */
	bool shadow_ok[MAX_BUFS];     /* shadow holds what the user last saw */
	uint8_t shadow[MAX_BUFS][MAX_LEN];
};

struct mslot {
	uint8_t state;   /* URB_OWN_REUSABLE, URB_OWN_REGISTERED, URB_OWN_KERNEL (a chosen target) */
	uint8_t kind;    /* enum urb_fd_kind while registered */
	int peer;        /* our end of the socket it holds, or -1 */
};

struct mrec {
	uint64_t key;
	void *user;
	uint8_t op;
	bool retained;       /* final CQE seen, the callback answered URB_RETAIN */
	bool skip;           /* pushed with URB_SUBMIT_SKIP_SUCCESS */
	bool submitted;
	bool result_seen;    /* send_zc: its result CQE came, the notification has not */
	uint8_t nslots;
	uint32_t slots[2];
	bool closes;
	bool overtaken;     /* a close whose slot the kernel filled again before its CQE */
	urb_buf_t buf;       /* held buffer, or URB_BUF_NONE */
	uint32_t buf_offset; /* the slice of it the op uses starts here */
	int32_t group;       /* set it selects from, or -1 */
	int32_t set;         /* set it provides or removes, or -1 */
	uint8_t set_action;  /* enum urb__set_action */
	uint8_t nfutex;
	uint32_t futex[8];
	bool has_target;
	urb_fd_t target;
	int plain_fd;        /* a close of our own plain fd, or -1 */
};

#endif
