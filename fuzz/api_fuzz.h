/* SPDX-License-Identifier: MIT */
#ifndef URB_API_FUZZ_H
#define URB_API_FUZZ_H

/*
 * The API-sequence fuzzer (fuzz/api_fuzz.c): its model of who owns every
 * record, buffer, fd slot and futex word of one bearer, as the public
 * calls and the completions the callback saw say, and the run's state.
 * The bearer's books are compared with the model after every step.
 *
 * The model believes urb's completions about which buffers a receive
 * filled; what the kernel really did is judged apart from it
 * (fuzz/api_fuzz_wire.c): by the bytes that arrive where the completions
 * say, and by the ring positions the kernel reports.  A send ring's order
 * is the model's own: what a send bundle takes follows from it and from
 * the buffer the kernel names.
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
	MAX_BUFS = 32,
	MAX_LEN = 64,          /* the small buffers; big ones are BIG_LEN */
	BIG_LEN = 16384,
	RINGS = 3,
	FUTEXES = 3,
	NDEAD = 64,
	NDUPS = 8,
	MAX_CLIENTS = 8,
	NCONNS = 4,            /* the connected stream sockets whose bytes are checked */
};

/*
 * Findings are sorted by the scenario they show (0: anything else).
 * 2 to 6: beliefs about buffer rings the kernel does not share, fixed
 * (docs/TESTING.md); 11 to 18: the ones of the earlier round, fixed.
 */
enum {
	SCEN_OTHER = 0,
	SCEN_ASYNC_RUN = 2,     /* a recv bundle's run the kernel took elsewhere (io-wq, sharing) */
	SCEN_SEND_ORDER = 3,    /* a send ring changed under a pending send bundle */
	SCEN_SEND_CUT = 4,      /* a failed or cut-short send bundle: not all it took came back */
	SCEN_BUNDLE_ROUND = 5,  /* a recv bundle of more than URB_BUNDLE_MAX buffers */
	SCEN_MSG_PIECE = 6,     /* recvmsg_multi on an incremental ring */
	SCEN_MADVISE = 19,      /* the moves of api_fuzz_more.c: madvise, */
	SCEN_MSG_RING = 20,     /* msg_ring and msg_ring_fd to other bearers, */
	SCEN_FORK = 21,         /* a fork */
	SCEN__COUNT = 22
};

/* What set kind a set is, as the model sees it: the ring kinds apart. */
enum ring_kind { RK_NONE, RK_PLAIN, RK_INC, RK_SEND, RK_LEGACY, RK__COUNT };

/* Where a buffer is, as the model sees it. */
enum mbuf_place {
	MB_GONE,  /* no such buffer */
	MB_USER,  /* the user's: ustate says which of its states */
	MB_OP,    /* held by one pending record */
	MB_GROUP, /* in its set's group (or queued on a send ring): the kernel may take it */
};

struct mset {
	bool live;
	uint32_t nbufs, len;
	uint8_t group;                /* enum urb__group_kind */
	uint8_t ring;                 /* enum ring_kind while a ring */
	uint32_t taint;               /* bit n: the ring saw what scenario n needs */
	uint8_t place[MAX_BUFS];      /* enum mbuf_place */
	uint8_t ustate[MAX_BUFS];     /* enum urb_owner while MB_USER */
	bool shadow_ok[MAX_BUFS];     /* shadow holds what the user last saw */
	uint32_t qlen[MAX_BUFS];      /* a queued send buffer's valid bytes */
	/*
	 * A send ring, in queue order: the buffers in the kernel's ring, and
	 * those queued while a send bundle was pending, held back by urb
	 * until none is.  Both are MB_GROUP.
	 */
	uint8_t inring[MAX_BUFS], ninring;
	uint8_t held[MAX_BUFS], nheld;
	uint8_t *shadow;              /* nbufs * len: the bytes the user last saw */
};

struct mslot {
	uint8_t state;   /* URB_OWN_REUSABLE, URB_OWN_REGISTERED, URB_OWN_KERNEL (a chosen target) */
	uint8_t kind;    /* enum urb_fd_kind while registered */
	int peer;        /* our end of the socket it holds, or -1 */
	int8_t conn;     /* the checked connection it holds, or -1 */
};

struct mrec {
	uint64_t key;
	void *user;
	uint8_t op;
	uint32_t flags;      /* URB_SUBMIT_* it was pushed with */
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
	int8_t conn;         /* the checked connection it moves bytes on, or -1 */
	bool rx, tx;         /* it receives / sends on conn */
	bool shared;         /* another op took from its group while it was pending */
	bool cut;            /* a send bundle that was cancelled or whose peer went away */
	uint32_t min_avail;  /* fewest buffers its group offered while it was pending (a receive) */
	uint8_t kind;        /* enum ring_kind of its group when pushed */
};

/* ---- the run (api_fuzz.c) */

struct run {
	uint64_t seed;
	unsigned long max_sequences, only_sequence, max_steps;
	double seconds;
	bool trace, keep_going, has_only, coverage;
	uint32_t avoid;           /* bit n: do not make calls that show scenario n */
	const char *avoid_arg;
	double t0;
	unsigned long sequences, steps, findings, pushes, refused, cqes, retained;
	unsigned long accepted[URB_OP__COUNT], done[URB_OP__COUNT], selected, recycled, frees;
	unsigned long late_notifs; /* stale notifs after a send_zc failed without F_MORE */
	unsigned long rx_bytes, tx_bytes, judged;
	unsigned long long_runs, sends_took, sends_cut, sends_none, held_back;
	double first_at[SCEN__COUNT];
	unsigned long first_seq[SCEN__COUNT], count[SCEN__COUNT];
};
extern struct run R;

static inline bool avoid(int scen)
{
	return R.avoid & (1u << scen);
}

uint32_t rnd(uint32_t n);
bool chance(unsigned percent);
void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void finding(int scen, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool fz_found(void);            /* the sequence has its finding */

/* ---- the checked connections (api_fuzz_wire.c) */

struct sockaddr_in;
void wire_open(const struct sockaddr_in *listener_addr, int listener);
void wire_close(void);
int wire_fd(int conn);         /* the bearer's end */
int wire_peer(int conn);       /* ours */
bool wire_dead(int conn);      /* its peer has shut down */
/* bytes a completion says the bearer received on @conn: false (a finding) unless the next */
bool wire_rx(int conn, const uint8_t *p, uint32_t n, const char *what, int scen);
/* bytes a completion says went out on @conn: the peer must read exactly these next */
void wire_tx(int conn, const uint8_t *p, uint32_t n, const char *what, int scen);
void wire_peer_write(int conn, uint32_t n); /* n bytes of its sequence (0: a few) */
void wire_peer_read(int conn, bool all);
void wire_peer_shut(int conn);
void wire_stuff(int conn);     /* fill the bearer's send side until it would block */
void wire_settle(void);        /* the end: every byte sent must have arrived, no more */
void wire_fill(uint8_t *p, uint32_t n); /* a fill's bytes, like no other fill's */

/* The scenario a finding on a ring shows, from what the ring went through. */
int ring_scen(const struct mset *m);
/*
 * The kernel's ring of @set against the model @m (a send ring's in order),
 * and urb_bufring_audit(), when no pending op takes from it.
 */
void ring_judge(struct urb_bearer *b, uint32_t set, const struct mset *m);

void cover_note(enum urb_op op, uint32_t flags, uint8_t kind);
void cover_seq_end(void);
void cover_print(void);

#endif
