/* SPDX-License-Identifier: MIT */
#ifndef URB_TEST_SUPPORT_H
#define URB_TEST_SUPPORT_H

/*
 * Helpers shared by the hand-written and the generated tests: a bearer of
 * a standard capacity, real fds of each kind registered in it, buffers,
 * and the seam that feeds a synthetic CQE through the real dispatcher.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <netinet/in.h>
#include <cmocka.h>

#include <urb.h>

/* What the completion callback saw. */
struct t_seen {
	int calls;
	int stale;
	struct urb_completion last;
	enum urb_disposition answer; /* what the callback returns */
};

enum urb_disposition t_record(struct urb_bearer *b, const struct urb_completion *c, void *user);

/* t_bearer()'s fd areas: slots below T_REGISTERED_FD are urb's, the next T_DIRECT_FD the kernel's */
#define T_REGISTERED_FD 64
#define T_DIRECT_FD 64

struct urb_bearer *t_bearer(void);
struct urb_bearer *t_bearer_cap(const struct urb_capacity *cap);
void t_free(struct urb_bearer *b);
uint32_t t_pending(const struct urb_bearer *b);
uint64_t t_stale(const struct urb_bearer *b);

/* Registers a real fd of @kind (a listener, a connected socketpair end, a socket, /dev/null). */
uint32_t t_slot(struct urb_bearer *b, enum urb_fd_kind kind);
/* A kind of fd that @allowed (a mask of 1 << kind) does not take, or 0. */
enum urb_fd_kind t_other_kind(uint32_t allowed);
/* A plain fd the test owns (/dev/null). */
int t_new_fd(void);
/* A buffer of 64 bytes holding @msg (its valid bytes); t_buffer: "abc". */
urb_buf_t t_filled_buffer(struct urb_bearer *b, const char *msg);
/* Writes @msg into @buf (the user's) as its valid bytes. */
void t_fill(struct urb_bearer *b, urb_buf_t buf, const char *msg);
urb_buf_t t_buffer(struct urb_bearer *b);
/* A buffer of one page (the whole of its set's data) holding "abc". */
urb_buf_t t_page_buffer(struct urb_bearer *b);
/* The buffer's read-only view holds exactly @want_len bytes of @want. */
void t_assert_view(struct urb_bearer *b, urb_buf_t buf, const void *want, uint32_t want_len);
/* Registers @fd as @kind and closes it (the table keeps its own reference). */
uint32_t t_register(struct urb_bearer *b, int fd, enum urb_fd_kind kind);
const void *t_buf_data(struct urb_bearer *b, urb_buf_t buf);
/* A plain set of 4 buffers of 64 bytes. */
uint32_t t_set(struct urb_bearer *b);
/* Such a set behind a buffer ring. */
uint32_t t_group(struct urb_bearer *b);
/* Such a set provided as a legacy group (its provide fed a synthetic success). */
uint32_t t_legacy_group(struct urb_bearer *b);
/* A send ring over t_set()'s buffers, buffer 1 queued holding "abc" (a send takes it alone). */
uint32_t t_send_ring(struct urb_bearer *b);
/* A bearer futex word holding 0. */
uint32_t t_futex(struct urb_bearer *b);

/*
 * "$TMPDIR/urb-@what-XXXXXX" (/tmp when TMPDIR is unset or empty) into @buf,
 * for mkstemp() or mkdtemp(); gives @buf.  Fails the test when it does not fit.
 */
char *t_temp_name(char *buf, size_t size, const char *what);
/* 127.0.0.1:9 */
struct sockaddr_in t_loopback(void);
/* The key of a pending nop (never submitted). */
uint64_t t_pending_key(struct urb_bearer *b);
/* The key of a pending op @op: nop, poll_add (on a pipe nobody writes) or timeout (an hour). */
uint64_t t_pending_key_of(struct urb_bearer *b, int op);
/* The key of the op pushed last: its SQE's user_data (for a push with no key_out). */
uint64_t t_last_key(const struct urb_bearer *b);
/* Ends the pending op @key by a CQE with result 0; returns @key. */
uint64_t t_end(struct urb_bearer *b, uint64_t key);
/* Pushes a nop linked to the next push (for an op bound to the one before it); not with NULL. */
void t_link_head(struct urb_bearer *b);
/* Ends that nop (t_end) and returns @rc, the next push's result. */
int t_link_done(struct urb_bearer *b, int rc);

/* Feeds a synthetic CQE through the dispatcher; returns its result. */
int t_inject(struct urb_bearer *b, uint64_t key, int32_t res, uint32_t flags,
	     struct t_seen *seen);

/* Waits (2 s at most per wait) for the final completion of w->key. */
struct t_wait {
	uint64_t key;
	bool done;
	struct urb_completion c;
};
int t_wait_for(struct urb_bearer *b, struct t_wait *w);

/*
 * A log of the completions a test saw, in order.  @keep, when set, is
 * called with each one and its index, to copy out what its pointers show
 * (they last only as long as the callback); @answer is the callback's.
 */
#define T_LOG_MAX 32
struct t_log {
	int n;
	struct urb_completion c[T_LOG_MAX];
	void (*keep)(struct t_log *log, int i, const struct urb_completion *c);
	void *ctx;
	enum urb_disposition answer;
};

enum urb_disposition t_log_cb(struct urb_bearer *b, const struct urb_completion *c, void *user);
/* Submits and reads completions until @key's final one is logged (5 s at most); its index. */
int t_await_final(struct urb_bearer *b, struct t_log *log, uint64_t key);
/* The same until no record is pending. */
void t_settle(struct urb_bearer *b, struct t_log *log);

/* Pushes, linked to the next push, a futex_wait that fails at once (-EAGAIN). */
int t_push_failing_link(struct urb_bearer *b);

/* Skips the test, saying why, when the running kernel lacks @op. */
#define T_REQUIRE_OP(b, op)                                                     \
	do {                                                                   \
		if (!urb_op_supported((b), (op))) {                            \
			print_message("skipped: kernel lacks %s\n",            \
				      urb_op_name(op));                        \
			t_free(b);                                             \
			skip();                                                \
		}                                                              \
	} while (0)

#endif
