/* SPDX-License-Identifier: MIT */
#ifndef URB_BEARER_H
#define URB_BEARER_H

#include <urb/api.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <urb/ops.h>

/* Ops registered from outside the library (urb_op_register) at most. */
#define URB_EXT_OPS_MAX 32

struct urb_bearer;

/* Every bound a bearer has.  Each one is named when it is hit. */
enum urb_capacity_kind {
	URB_CAP_NONE = -1,           /* no capacity: urb_bearer_at_capacity() before any was hit */
	URB_CAP_CORE_QUEUE,          /* submission queue entries */
	URB_CAP_REGISTERED_FD,       /* fixed-file slots urb fills: registered fds, chosen slots */
	URB_CAP_DIRECT_FD,           /* fixed-file slots the kernel fills: URB_AUTO_SLOT targets */
	URB_CAP_PENDING_COMPLETIONS, /* records: ops pushed and not yet finished */
	URB_CAP_BUFFERS,             /* buffer sets */
	URB_CAP_BUFFER_BYTES,        /* bytes of buffer memory, locked at construction */
	URB_CAP_BUFFER_RINGS,        /* registered buffer rings */
	URB_CAP_FUTEXES,             /* bearer-owned futex words */
	URB_CAP_RECORD_BYTES,        /* out-of-line record storage: paths, structs the kernel writes */
	URB_CAP__COUNT
};

/* How the record slab picks the next free record (see src/slab.c). */
enum urb_slab_kind {
	URB_SLAB_LIFO = 0, /* the one released last: warm in cache (the default) */
	URB_SLAB_FIFO,     /* the one released longest ago: a key's slot comes back as late as possible */
	URB_SLAB__COUNT
};

/*
 * The capacity a bearer is built with.  Nothing grows after
 * urb_bearer_new().  Two fields are required (zero is refused with
 * URB_EINVAL): core_queue and pending_completions.  For every other
 * field zero means "none of this kind": the bearer is built without that
 * pool, and a call that needs one is refused with URB_EATCAPACITY, its
 * words naming the field ("futexes: this bearer has none (its capacity
 * futexes is 0)").  Start from URB_CAPACITY_DEFAULT and change what you
 * need:
 *
 *	struct urb_capacity cap = URB_CAPACITY_DEFAULT;
 *	cap.futexes = 0;
 */
struct urb_capacity {
	uint32_t core_queue;          /* required: SQ entries, a power of two, 1 .. 32768 */
	uint32_t registered_fd;       /* fixed-file slots 0 .. registered_fd-1, filled by urb */
	uint32_t direct_fd;           /* the slots after them, filled by the kernel (URB_AUTO_SLOT, msg_ring_fd);
					 registered_fd + direct_fd <= RLIMIT_NOFILE */
	uint32_t pending_completions; /* required: records (ops pushed, not finished, or retained),
					 1 .. 1 << 24; a record is taken while its final callback runs:
					 D ops re-armed from their callbacks need D + 1 */
	uint32_t buffers;             /* buffer sets, <= 65472 */
	uint64_t buffer_bytes;        /* buffer memory (rings included; urb_bufset_bytes, urb_bufring_bytes),
					 <= RLIMIT_MEMLOCK unless CAP_IPC_LOCK */
	uint32_t buffer_rings;        /* buffer rings, <= 65472 */
	uint32_t futexes;             /* futex words (created or adopted), <= 1 << 20 */
	enum urb_slab_kind slab;      /* record reuse policy; zero is URB_SLAB_LIFO */
	uint64_t record_bytes;        /* storage for what pending ops keep beyond their record (a path,
					 a struct statx), in 64-byte blocks, <= 1 GiB */
	/* How the ring is set up (enum urb_ring_setup; urb_bearer_setup() says what it got). */
	uint32_t ring_options;        /* opt-ins: URB_RING_SQPOLL, URB_RING_SQ_AFF; zero: the default set-up */
	uint32_t ring_avoid;          /* bits of the default set-up not to use, e.g. URB_RING_THREAD_BOUND */
	uint32_t sqpoll_idle_ms;      /* with URB_RING_SQPOLL: how long the kernel's poller thread spins
					 on an idle SQ before it sleeps; 0 is the kernel's default (1 s) */
	uint32_t sqpoll_cpu;          /* with URB_RING_SQ_AFF: the CPU the poller thread runs on */
};

/*
 * The ring set-up a bearer asks for and runs with: bits of
 * urb_capacity.ring_options (opt-ins), urb_capacity.ring_avoid (defaults
 * left out) and struct urb_ring_setup_info.  Without SQPOLL a bearer asks
 * for SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG | SUBMIT_ALL and a
 * registered ring fd; each one the kernel refuses is left out and the rest
 * tried again (DEFER_TASKRUN gives way to COOP_TASKRUN), so an older kernel
 * gets what it has.  With SQPOLL: SQPOLL | SINGLE_ISSUER | SUBMIT_ALL and
 * the registered fd (the kernel takes no TASKRUN flag with SQPOLL).
 */
enum urb_ring_setup {
	URB_RING_SINGLE_ISSUER = 1u << 0, /* IORING_SETUP_SINGLE_ISSUER (6.0): only the creating thread
					     submits, registers and waits */
	URB_RING_DEFER_TASKRUN = 1u << 1, /* IORING_SETUP_DEFER_TASKRUN (6.1): completion work runs when
					     the owner waits, not by interrupting it */
	URB_RING_COOP_TASKRUN = 1u << 2,  /* IORING_SETUP_COOP_TASKRUN (5.19): where DEFER_TASKRUN is missing */
	URB_RING_TASKRUN_FLAG = 1u << 3,  /* IORING_SETUP_TASKRUN_FLAG (5.19): the kernel flags pending work */
	URB_RING_SUBMIT_ALL = 1u << 4,    /* IORING_SETUP_SUBMIT_ALL (5.18): a bad SQE holds back no other */
	URB_RING_REGISTERED_FD = 1u << 5, /* the ring fd registered (5.18): enters with
					     IORING_ENTER_REGISTERED_RING, no fd lookup per call */
	URB_RING_SQPOLL = 1u << 6,        /* IORING_SETUP_SQPOLL: a kernel thread submits (opt in) */
	URB_RING_SQ_AFF = 1u << 7,        /* IORING_SETUP_SQ_AFF: that thread on sqpoll_cpu (opt in) */
	URB_RING_NO_SQARRAY = 1u << 8,    /* IORING_SETUP_NO_SQARRAY (6.6): never used with liburing < 2.5
					     (urb_ring_setup_name() says why) */
};

/* What a bearer driven from another thread than its creator must leave out (ring_avoid). */
#define URB_RING_THREAD_BOUND                                                  \
	(URB_RING_SINGLE_ISSUER | URB_RING_DEFER_TASKRUN | URB_RING_COOP_TASKRUN | \
	 URB_RING_TASKRUN_FLAG | URB_RING_REGISTERED_FD)

/* What a bearer's ring runs with: urb_bearer_setup(). */
struct urb_ring_setup_info {
	uint32_t used;           /* URB_RING_* bits the ring runs with */
	uint32_t refused;        /* bits asked for that this kernel refused (left out) */
	uint32_t avoided;        /* bits of the default set-up left out by ring_avoid */
	uint32_t setup_flags;    /* the IORING_SETUP_* flags io_uring_setup() took */
	uint32_t features;       /* the ring's IORING_FEAT_* bits */
	uint32_t sqpoll_idle_ms; /* with SQPOLL: the idle time asked for (0: the kernel's default) */
	int32_t sqpoll_cpu;      /* with SQ_AFF: the poller's CPU; else -1 */
};

/*
 * A capacity for a small server, within Linux's default limits (8 MiB
 * RLIMIT_MEMLOCK, 1024 RLIMIT_NOFILE): an initializer, e.g.
 * `struct urb_capacity cap = URB_CAPACITY_DEFAULT;`.
 */
#define URB_CAPACITY_DEFAULT                                                   \
	{ .core_queue = 256, .registered_fd = 64, .direct_fd = 64,             \
	  .pending_completions = 1024, .buffers = 16,                          \
	  .buffer_bytes = 1u << 20, .buffer_rings = 4, .futexes = 16,          \
	  .slab = URB_SLAB_LIFO, .record_bytes = 64u << 10 }

/*
 * Why a capacity cannot be met: the field at fault, what was asked, what
 * the limit is, and all of that in words.
 */
struct urb_capacity_shortfall {
	enum urb_capacity_kind kind; /* the kind the field belongs to (URB_CAP_NONE: no capacity) */
	uint64_t requested;       /* for RLIMIT_NOFILE: registered_fd + direct_fd */
	uint64_t limit;
	const char *limit_name; /* "RLIMIT_NOFILE", "IORING_MAX_ENTRIES", ... */
	const char *field;      /* the field of struct urb_capacity at fault: "core_queue",
				   "slab", "registered_fd + direct_fd", ... */
	char detail[160];       /* "core_queue is 100: it must be a power of two" */
};

/*
 * Checks a capacity against its own rules and against this process's
 * environment.  Returns 0 when it can be met (then @why, when not NULL,
 * says URB_CAP_NONE with empty words); URB_EINVAL for a malformed
 * capacity or URB_ELIMIT when the environment falls short, and then, when
 * @why is not NULL, fills it with the field at fault, the limit and words
 * for it.  There is no bearer yet to hold words: this is where
 * urb_bearer_new()'s URB_EINVAL and URB_ELIMIT are explained.
 */
URB_API int urb_capacity_check(const struct urb_capacity *cap,
		       struct urb_capacity_shortfall *why);

/*
 * A workload to size a bearer for: what it has at once at its busiest.
 * Zero means none of that.
 */
struct urb_workload {
	uint32_t connections;  /* connections open at once */
	uint32_t conn_ops;     /* ops one connection has in flight at once (recv + send: 2) */
	uint32_t direct_conns; /* nonzero: connections go into direct slots (URB_AUTO_SLOT) */
	uint32_t listeners;    /* listening sockets, each registered with an accept op in flight */
	uint32_t conn_buf_len; /* bytes of a buffer of its own per connection (a set, 0: none) */
	uint32_t ring_bufs;    /* buffers of one receive ring the connections share (0: none) */
	uint32_t ring_buf_len; /* bytes of each of those */
	uint32_t other_ops;    /* other ops in flight at once: timeouts, file ops, ... */
	uint32_t other_fds;    /* other fds registered in slots: files, pipes, ... */
	uint32_t stored_ops;   /* of all those, the ops that keep a path or a struct in record storage */
	uint32_t futexes;      /* futex words */
};

/*
 * Fills the counts of @cap for workload @w (slab and the ring fields are
 * left as they are): pending_completions = connections * conn_ops +
 * listeners + other_ops; core_queue = that rounded up to a power of two
 * (at most 32768), so every op in flight can be pushed between two
 * submits; registered_fd = listeners + other_fds; direct_fd = connections
 * when direct_conns; buffers, buffer_bytes and buffer_rings for a set of
 * one conn_buf_len buffer per connection and a ring of ring_bufs
 * buffers (urb_bufset_bytes(), urb_bufring_bytes()); record_bytes twice
 * stored_ops * 4352 (a PATH_MAX path and a struct statx each, doubled as
 * headroom against fragmentation); futexes.  Then checks @cap as
 * urb_capacity_check() does and returns its result (URB_EINVAL or
 * URB_ELIMIT, explained in @why when not NULL); URB_EINVAL when @w or
 * @cap is NULL, when there is no op at all, or for a set or ring
 * urb_bufset_bytes() refuses.
 */
URB_API int urb_capacity_plan(const struct urb_workload *w, struct urb_capacity *cap,
			      struct urb_capacity_shortfall *why);

/*
 * Name of a capacity kind ("core_queue", ...; the field of struct
 * urb_capacity it counts), "none" for URB_CAP_NONE, NULL when out of range.
 */
URB_API const char *urb_capacity_kind_name(enum urb_capacity_kind kind);

/*
 * Builds a bearer: the ring, the record slab, the fixed-file table, buffer
 * memory and futex words are all allocated here and never again.  Runs
 * urb_capacity_check() first and returns its error (call that yourself
 * for the words: there is no bearer to hold them).
 *
 * A bearer belongs to one thread: its calls take no locks, and by default
 * (URB_RING_SINGLE_ISSUER) the kernel lets only the thread that created it
 * submit, wait and register: calls from another thread are refused
 * (URB_ETHREAD from a submit or wait, -EEXIST from a registration).  Only
 * urb_futex_wake(), urb_bearer_ring_fd() (and the process-wide
 * urb_op_register()) may be called from other threads.  A bearer built on
 * one thread and driven by another needs ring_avoid = URB_RING_THREAD_BOUND,
 * and then one thread at a time.  Free it on the thread that drives it.
 *
 * A bearer also belongs to the process that built it.  A child made by
 * fork() shares the ring's queues and all that is registered in the ring
 * (fixed files, buffers, buffer rings) with its parent, so in the child
 * every call on the inherited bearer is refused with URB_EFORKED and
 * words, and touches nothing; only urb_bearer_free() works there, on the
 * child's copy.  The calls that return no code (urb_bearer_detail,
 * urb_bearer_explain, urb_bearer_ring_features, urb_op_supported) still
 * answer.  A child that wants a ring builds a bearer of its own.
 */
URB_API int urb_bearer_new(const struct urb_capacity *cap, struct urb_bearer **out);

/*
 * Tears a bearer down.  Operations still in the kernel are cancelled and
 * their final completions awaited (for at most one second) so that no
 * memory the kernel may touch is freed under it; if they do not all finish
 * the memory is deliberately leaked and URB_EBUSY is returned.  New plain
 * fds that those completions carry are closed (see urb_bearer_drain()).
 *
 * In a process forked from the one that built the bearer, it frees only
 * that process's copy: its memory, its mappings of the ring and its ring
 * fd.  Nothing is cancelled, no completion is read and nothing is
 * unregistered, since the ring and every op in it are the parent's; it
 * returns 0.
 */
URB_API int urb_bearer_free(struct urb_bearer *b);

/*
 * What urb_bearer_free() does before it frees, on a bearer that stays
 * usable: SQEs not yet submitted are dropped with their records, every op
 * in the kernel is cancelled and its final completion awaited (for at most
 * one second; URB_EBUSY if some remain), and retained records are
 * released.  Completions read meanwhile are not shown to anyone: a new
 * plain fd one carries (accept, accept_multi, socket) is closed and counted
 * in stats.drain_fds_closed, and a direct slot it filled stays registered.
 * URB_EREENTER from a completion callback.
 */
URB_API int urb_bearer_drain(struct urb_bearer *b);

/*
 * Which capacity the latest URB_EATCAPACITY on this bearer hit, and what
 * it is set to.  Before any was hit: *kind = URB_CAP_NONE, *setting = 0.
 * Later refusals of other codes leave the answer as it was.
 */
URB_API int urb_bearer_at_capacity(const struct urb_bearer *b,
			   enum urb_capacity_kind *kind, uint64_t *setting);

/*
 * Words for the latest refusal on this bearer ("recv: fd slot 7 is not
 * registered"): the error code says what, this says where.  Every call
 * given a bearer that refuses with one of urb's own codes sets them, and
 * so do the calls that pass on a kernel -errno from a registration
 * (urb_fd_register, urb_bufring_create, ...); calls that succeed leave
 * them as they were.  No words are set by:
 *   - a call given b == NULL (URB_EINVAL): there is no bearer to keep them;
 *   - urb_futex_wake(), which may run on any thread;
 *   - the kernel's answers in completions, and a submit's -errno.
 * Valid until the next refusal; "" before the first.
 */
URB_API const char *urb_bearer_detail(const struct urb_bearer *b);

/*
 * @rc in words for a log line: urb_strerror(@rc), followed by the
 * bearer's words when they were set for this very code by the latest
 * refusal.  Otherwise urb_strerror(@rc) alone: for a kernel -errno, for
 * b == NULL, and when the latest refusal had another code, so a refusal
 * never gets another code's words.  Call it right after the refusal, before
 * the next call on the bearer can refuse with the same code.  (A code
 * urb_futex_wake() returned is not the bearer's: explain it with
 * urb_strerror().)  Valid until the next call.
 */
URB_API const char *urb_bearer_explain(struct urb_bearer *b, int rc);

/*
 * Submits what was pushed.  Returns the number of SQEs submitted or the
 * kernel's -errno: -EAGAIN or -EBUSY (no room to complete more; read
 * completions and submit again), -EINTR, -EBADR (the kernel dropped
 * completions, see stats.cqes_dropped).  On an error nothing is lost: what
 * was pushed stays pushed, and the next submit hands it to the kernel.
 */
URB_API int urb_bearer_submit(struct urb_bearer *b);

/*
 * Submits and waits until at least @min_complete completions are ready, or
 * @timeout (relative; NULL waits without bound) passes: then -ETIME.  A
 * signal that ends the wait early gives -EINTR, also when the call
 * submitted something (it was submitted all the same).  Errors as for
 * urb_bearer_submit().
 */
URB_API int urb_bearer_submit_and_wait(struct urb_bearer *b, unsigned min_complete,
			       const struct timespec *timeout);

struct urb_completion;

/* What the completion callback asks for the record it was shown. */
enum urb_disposition {
	URB_DEFAULT = 0, /* the spec's lifetime decides (almost always right) */
	URB_RETAIN,      /* keep the record (and what its payload points to) until urb_release() */
	URB_FORGET,      /* release the record now; refused while the kernel still holds it */
};

typedef enum urb_disposition (*urb_completion_fn)(struct urb_bearer *b,
						  const struct urb_completion *c,
						  void *user);

/*
 * Walks the completion queue: maps each CQE to its record, fills a typed
 * struct urb_completion, calls @fn and applies the op's lifetime.  Returns
 * the number of CQEs consumed: at most one ring's worth, also when the
 * callbacks keep completing more.  A walk that finds the CQ empty, where
 * the kernel says it holds completions back (overflowed CQEs, and on a
 * DEFER_TASKRUN or COOP_TASKRUN ring completion work the kernel runs only
 * when the owner enters it), enters the kernel once to flush them and
 * reads what that brings; a walk that found something stops at an empty
 * CQ (the next submit, wait or walk flushes).  A loop of walks with no
 * wait misses nothing, and a walk after a wait costs no extra system
 * call.  CQEs with stale or unknown keys are shown
 * to @fn with c->op == URB_OP_STALE and touch no record.  The callback may
 * push and submit, but may not call this function again (URB_EREENTER).
 * If the callback forks, the walk in the child stops when the callback
 * returns there, with URB_EFORKED: the parent's walk reads the rest.
 */
URB_API int urb_bearer_completions(struct urb_bearer *b, urb_completion_fn fn,
			   void *user);

/*
 * One turn of an event loop: submits what was pushed, waits until at
 * least @min_complete completions are ready or @timeout (relative; NULL
 * waits without bound) passes, and walks the completion queue as
 * urb_bearer_completions() does.  The same as urb_bearer_submit_and_wait()
 * then urb_bearer_completions(), in one call and for fewer instructions.
 * Returns the number of CQEs consumed, which a signal or the timeout may
 * leave below @min_complete (0 among them): a wait that ends early is no
 * error here.  When the kernel refuses the submit, the completions already
 * there are still walked, and the call answers the refusal as
 * urb_bearer_submit() would (what was pushed stays pushed); from a thread
 * the ring does not take, it walks nothing and answers URB_ETHREAD.
 * Refused, doing nothing, from a completion callback (URB_EREENTER), with
 * a NULL @fn and with a timeout that is not a relative time (URB_EINVAL).
 */
URB_API int urb_bearer_submit_and_complete(struct urb_bearer *b, unsigned min_complete,
					   const struct timespec *timeout,
					   urb_completion_fn fn, void *user);

/*
 * Releases a record the callback retained.  URB_ESTALE for a key that
 * names no record (never issued, released already, or its slot reused);
 * URB_EOWNERSHIP for the key of an op still pending (the kernel holds its
 * record: cancel it, or let it complete), also from the callback of one of
 * its completions with more to come; URB_EBUSY for the key whose final
 * completion the callback is handling (its answer decides that record).
 */
URB_API int urb_release(struct urb_bearer *b, uint64_t key);

struct urb_stats {
	uint64_t submitted;        /* SQEs handed to the kernel */
	uint64_t completions;      /* CQEs applied to a record */
	uint64_t stale_cqes;       /* CQEs whose key named a released or reused record */
	uint64_t unknown_cqes;     /* CQEs whose key names no slot at all */
	uint64_t refused_dispositions; /* RETAIN/FORGET the spec or the kernel did not allow */
	uint64_t bad_buffer_ids;   /* CQEs naming a group buffer the kernel did not have */
	uint64_t recycle_failures; /* legacy recycles the kernel refused (the buffer is the user's again) */
	uint64_t links_cut;        /* links to a refused push, cut so that no later push joins the chain */
	uint64_t drain_fds_closed; /* new plain fds that completions read by urb_bearer_drain() carried, closed */
	uint64_t messages;         /* messages other bearers posted here: msg_ring, msg_ring_fd (URB_OP_MESSAGE, URB_OP_FD_MESSAGE) */
	uint64_t cqes_dropped;     /* CQEs the kernel could not keep (it then answers a wait with -EBADR):
				      their records stay pending until cancelled or torn down */
	uint32_t pending;          /* records in use */
	uint32_t pending_per_op[URB_OP__COUNT + URB_EXT_OPS_MAX]; /* by op id */
	uint64_t capacity_used[URB_CAP__COUNT];
	uint64_t capacity[URB_CAP__COUNT];
};

URB_API int urb_bearer_stats(const struct urb_bearer *b, struct urb_stats *out);

/* What the op table says of an op, from its spec. */
struct urb_op_info {
	const char *name;      /* "recv" */
	uint8_t opcode;        /* IORING_OP_* number */
	uint8_t since_major;   /* first kernel that runs it as specified */
	uint8_t since_minor;
	const char *lifetime;  /* "single", "multishot" */
	const char *result;    /* what a result >= 0 is: "none", "bytes", "fd",
				  "count" (things done: woken waiters, events), "index" (which one: futex_waitv),
				  "mask" (event bits: poll_add) */
	bool skip_success_ok;  /* may be pushed with URB_SUBMIT_SKIP_SUCCESS */
};

/* Fills @out for @op; URB_EINVAL when @op is out of range. */
URB_API int urb_op_info(int op, struct urb_op_info *out);

/*
 * The fd of the bearer's ring, for another bearer's msg_ring op to post
 * messages into (from any thread: the fd does not change while the bearer
 * lives).  URB_EINVAL for a NULL bearer, URB_EFORKED in a forked child.
 */
URB_API int urb_bearer_ring_fd(const struct urb_bearer *b);

/* The ring's IORING_FEAT_* bits, as the kernel reported them at setup. */
URB_API uint32_t urb_bearer_ring_features(const struct urb_bearer *b);

/*
 * What the bearer's ring runs with: the URB_RING_* bits in use, those the
 * kernel refused, the IORING_SETUP_* flags and IORING_FEAT_* bits.
 * URB_EINVAL for a NULL bearer or @out.
 */
URB_API int urb_bearer_setup(const struct urb_bearer *b, struct urb_ring_setup_info *out);

/*
 * The name of one URB_RING_* bit ("SINGLE_ISSUER", ...), NULL for anything
 * else.  With @why not NULL, *why is set to words on when urb uses it
 * (for NO_SQARRAY: why it never does with this liburing).
 */
URB_API const char *urb_ring_setup_name(uint32_t bit, const char **why);

/* Whether the running kernel supports an op (the probe at construction). */
URB_API bool urb_op_supported(const struct urb_bearer *b, int op);

#endif
