/* SPDX-License-Identifier: MIT */
#include <time.h>
#include <unistd.h>

#include "groups.h"

/*
 * Submission.  SQEs pushed since the last submit sit between the SQ's
 * sqe_head and sqe_tail until liburing flushes them to the kernel.
 * Teardown uses that to tell records the kernel has seen (cancel and wait
 * for them) from ones it never will (drop them).
 */

/*
 * The kernel refused a submit with @rc: URB_ETHREAD when the caller is not
 * the thread the ring takes, @rc otherwise.  Then the call read nothing of
 * the SQ (an io_uring_enter that answers an error consumed no SQE), so the
 * kernel's head still marks the first SQE it has not read: what was
 * flushed from there on is taken back and counted no more, so that the
 * SQEs stay pushed and unseen, for the owner's next submit.  (With SQPOLL
 * the poller may have read them already: they stay flushed.)
 */
static __attribute__((noinline, cold)) int refused_here(struct urb_bearer *b, int rc, const char *what)
{
	int why = urb__thread_refusal(b, rc, what);
	struct io_uring_sq *sq = &b->ring.sq;

	if (why != rc && !(b->ring_used & URB_RING_SQPOLL)) {
		unsigned unread = IO_URING_READ_ONCE(*sq->khead);

		urb__sq_count(b);
		b->stats.submitted -= sq->sqe_head - unread;
		IO_URING_WRITE_ONCE(*sq->ktail, unread);
		sq->sqe_head = unread;
		b->sq_counted = unread;
	}
	return why;
}

/*
 * What a submit answers for the kernel's error @rc: -ETIME and -EINTR as
 * they are, a refusal through refused_here() (URB_ETHREAD, or the
 * kernel's answer).
 */
static int submit_error(struct urb_bearer *b, int rc, const char *what)
{
	return rc == -ETIME || rc == -EINTR ? rc : refused_here(b, rc, what);
}

/* Submits and waits up to @ts for @wait_nr completions: what was pushed, or -ETIME. */
static __attribute__((noinline)) int submit_and_wait_timed(struct urb_bearer *b,
							  unsigned wait_nr,
							  const struct timespec *ts,
							  uint32_t pushed)
{
	struct __kernel_timespec kts = { .tv_sec = ts->tv_sec, .tv_nsec = ts->tv_nsec };
	struct io_uring_cqe *cqe;
	int rc;

	/*
	 * liburing answers the number submitted even when the wait timed out:
	 * what counts is whether wait_nr completions are there.
	 */
	rc = io_uring_submit_and_wait_timeout(&b->ring, &cqe, wait_nr, &kts, NULL);
	if (rc >= 0 || rc == -ETIME)
		rc = io_uring_cq_ready(&b->ring) >= wait_nr ||
		     io_uring_cq_has_overflow(&b->ring) ? (int)pushed : -ETIME;
	return rc;
}

/*
 * Submits what was pushed and waits for @wait_nr completions: liburing
 * 2.3's io_uring_submit_and_wait() step for step (flush the SQ; enter the
 * kernel only to submit, to wait, or to run completion work it holds
 * back; through the registered ring fd when there is one), made here so
 * that the hot path makes no call into liburing.  Any ring: this one
 * serves SQPOLL and IOPOLL rings, submit_untimed() the others.
 */
static int submit_and_wait(struct urb_bearer *b, unsigned wait_nr)
{
	struct io_uring_sq *sq = &b->ring.sq;
	bool sqpoll = b->ring.flags & IORING_SETUP_SQPOLL;
	unsigned tail = sq->sqe_tail, submitted, flags = b->enter_flags;
	bool getevents, sq_enter = false;

	if (sq->sqe_head != tail) {
		sq->sqe_head = tail;
		if (sqpoll) /* the poller reads the SQEs as soon as it sees the tail */
			io_uring_smp_store_release(sq->ktail, tail);
		else
			IO_URING_WRITE_ONCE(*sq->ktail, tail);
	}
	submitted = tail - *sq->khead;
	getevents = wait_nr || (b->ring.flags & IORING_SETUP_IOPOLL) ||
		    (IO_URING_READ_ONCE(*sq->kflags) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN));
	if (submitted && !sqpoll) {
		sq_enter = true;
	} else if (submitted) {
		io_uring_smp_mb(); /* the tail before the poller's flags */
		if (IO_URING_READ_ONCE(*sq->kflags) & IORING_SQ_NEED_WAKEUP) {
			flags |= IORING_ENTER_SQ_WAKEUP;
			sq_enter = true;
		}
	}
	if (!sq_enter && !getevents)
		return (int)submitted;
	if (getevents)
		flags |= IORING_ENTER_GETEVENTS;
	return urb__ring_enter(b, submitted, &wait_nr, flags);
}

/* What a submit answers for @rc: an error through submit_error(). */
static int submit_answer(struct urb_bearer *b, int rc, const char *what)
{
	return __builtin_expect(rc < 0, 0) ? submit_error(b, rc, what) : rc;
}

/*
 * A signal during the wait: the kernel answers the number it submitted,
 * not -EINTR, when it submitted any.  Fewer than @wait_nr completions to
 * read, and none held back, is an interrupted wait all the same.
 */
static __attribute__((noinline, cold)) int short_wait(const struct urb_bearer *b, int rc)
{
	return io_uring_cq_has_overflow(&b->ring) ? rc : -EINTR;
}

static inline int interrupted(const struct urb_bearer *b, int rc, unsigned wait_nr)
{
	/* a wait for none (wait_nr 0) is never short: no test of its own */
	if (__builtin_expect(io_uring_cq_ready(&b->ring) < wait_nr, 0))
		return short_wait(b, rc);
	return rc;
}

/*
 * A submit with a wait of at most @ts: off the hot path.  @what, here and
 * below: the public call a refusal's words name.
 */
static __attribute__((noinline)) int submit_timed(struct urb_bearer *b, unsigned wait_nr,
						  const struct timespec *ts, const char *what)
{
	int rc = submit_and_wait_timed(b, wait_nr, ts, b->ring.sq.sqe_tail - b->ring.sq.sqe_head);

	return submit_answer(b, rc, what);
}

/* An untimed submit on an SQPOLL or IOPOLL ring: off the hot path too. */
static __attribute__((noinline)) int submit_polled(struct urb_bearer *b, unsigned wait_nr,
						   const char *what)
{
	int rc = submit_and_wait(b, wait_nr);

	return submit_answer(b, rc < 0 ? rc : interrupted(b, rc, wait_nr), what);
}

/*
 * An untimed submit on a ring without SQPOLL or IOPOLL: submit_and_wait()
 * with nothing between the flush and the system call that the hot path
 * does not need.  The kernel's answer as it is: the number submitted, or
 * an error not yet looked at; @wait_nr is left where the call leaves it.
 */
static inline __attribute__((always_inline)) int submit_plain_enter(struct urb_bearer *b,
								    unsigned *wait_nr)
{
	struct io_uring_sq *sq = &b->ring.sq;
	unsigned head = sq->sqe_head, tail = sq->sqe_tail, submitted;
	unsigned flags = b->enter_flags;

	if (head != tail) { /* flushed: a refusal takes back what it can */
		sq->sqe_head = tail;
		IO_URING_WRITE_ONCE(*sq->ktail, tail);
	}
	submitted = tail - *sq->khead;
	if (*wait_nr || (IO_URING_READ_ONCE(*sq->kflags) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)))
		flags |= IORING_ENTER_GETEVENTS;
	else if (!submitted)
		return 0; /* nothing to submit, wait for or run: no system call */
	return urb__ring_enter(b, submitted, wait_nr, flags); /* wait_nr kept where the call leaves it */
}

static inline __attribute__((always_inline)) int submit_plain(struct urb_bearer *b,
							      unsigned wait_nr, const char *what)
{
	int rc = submit_plain_enter(b, &wait_nr);

	if (__builtin_expect(rc < 0, 0))
		return submit_error(b, rc, what);
	return interrupted(b, rc, wait_nr);
}

static inline __attribute__((always_inline)) int submit_untimed(struct urb_bearer *b,
								unsigned wait_nr, const char *what)
{
	if (__builtin_expect(b->ring.flags & (IORING_SETUP_SQPOLL | IORING_SETUP_IOPOLL), 0))
		return submit_polled(b, wait_nr, what);
	return submit_plain(b, wait_nr, what);
}

/* A submit that waits for @wait_nr completions, for at most @ts when there is one. */
static inline __attribute__((always_inline)) int submit(struct urb_bearer *b, unsigned wait_nr,
							const struct timespec *ts, const char *what)
{
	if (__builtin_expect(ts != NULL, 0) && wait_nr > 0)
		return submit_timed(b, wait_nr, ts, what);
	return submit_untimed(b, wait_nr, what);
}

int urb__submit(struct urb_bearer *b, unsigned wait_nr, const struct timespec *ts)
{
	return submit(b, wait_nr, ts, ts ? "submit_and_wait" : "submit");
}

/* The public submits off the plain path: their refusals, a timeout, SQPOLL or IOPOLL. */
static __attribute__((noinline)) int submit_other(struct urb_bearer *b)
{
	int rc = urb__bearer_check(b, "submit");

	return rc < 0 ? rc : submit_untimed(b, 0, "submit");
}

int urb_bearer_submit(struct urb_bearer *b)
{
	if (__builtin_expect(b && urb__submit_plain(b), 1))
		return submit_plain(b, 0, "submit");
	return submit_other(b);
}

/* A timeout a wait can take: relative, in range, or none. */
static int timeout_check(struct urb_bearer *b, const struct timespec *timeout, const char *what)
{
	if (timeout && (timeout->tv_sec < 0 || timeout->tv_nsec < 0 ||
			timeout->tv_nsec >= 1000000000L))
		return urb__refuse(b, URB_EINVAL, "%s: timeout {%lld s, %ld ns} is not "
				   "a relative time (tv_sec >= 0, 0 <= tv_nsec < 1e9)", what,
				   (long long)timeout->tv_sec, (long)timeout->tv_nsec);
	return 0;
}

static __attribute__((noinline)) int submit_and_wait_other(struct urb_bearer *b,
							   unsigned min_complete,
							   const struct timespec *timeout)
{
	int rc = urb__bearer_check(b, "submit_and_wait");

	if (rc >= 0)
		rc = timeout_check(b, timeout, "submit_and_wait");
	return rc < 0 ? rc : submit(b, min_complete, timeout, "submit_and_wait");
}

int urb_bearer_submit_and_wait(struct urb_bearer *b, unsigned min_complete,
			       const struct timespec *timeout)
{
	if (__builtin_expect(b && urb__submit_plain(b) && !timeout, 1))
		return submit_plain(b, min_complete, "submit_and_wait");
	return submit_and_wait_other(b, min_complete, timeout);
}

/*
 * urb_bearer_submit_and_complete() once the submit answered @rc: the walk
 * runs whatever it answered but a thread refusal (the completions there
 * are handed over in any case), and the call answers the walk's count
 * unless the submit was refused.  A wait that ended early (a signal, the
 * timeout) is no refusal: the count says how many there were.
 */
static int complete_after(struct urb_bearer *b, int rc, urb_completion_fn fn, void *user)
{
	int walked;

	if (rc == URB_ETHREAD) /* not the ring's thread: it walks nothing either */
		return rc;
	walked = urb__completions(b, fn, user);
	if (walked < 0 || rc >= 0 || rc == -EINTR || rc == -ETIME)
		return walked;
	return rc;
}

/* A refused submit on the plain path, the walk's callback set: the refusal's books, then the walk. */
static __attribute__((noinline, cold)) int complete_refused(struct urb_bearer *b, int rc)
{
	return complete_after(b, submit_error(b, rc, "submit_and_complete"), b->walk_fn, b->walk_user);
}

/*
 * urb_bearer_submit_and_complete()'s plain case, its tests passed: the
 * submit, then the walk of @fifo's slab (b->slab_fifo), entered by a jump.
 */
static inline __attribute__((always_inline)) int submit_then_walk(struct urb_bearer *b,
								  unsigned min_complete,
								  urb_completion_fn fn, void *user,
								  bool fifo)
{
	int rc;

	urb__walk_set(b, fn, user); /* before the system call: nothing to keep across it */
	rc = submit_plain_enter(b, &min_complete);
	if (__builtin_expect(rc < 0, 0))
		return complete_refused(b, rc);
	return fifo ? urb__walk_fifo(b) : urb__walk_lifo(b);
}

/*
 * urb_bearer_submit_and_complete() off its path: a FIFO slab's plain case,
 * its refusals, a timeout, SQPOLL or IOPOLL.
 */
static __attribute__((noinline)) int submit_and_complete_other(struct urb_bearer *b,
							       unsigned min_complete,
							       const struct timespec *timeout,
							       urb_completion_fn fn, void *user)
{
	int rc;

	if (b && urb__submit_plain(b) && !timeout && fn && !b->in_walk) /* off it by walk_off: FIFO */
		return submit_then_walk(b, min_complete, fn, user, true);
	rc = urb__bearer_check(b, "submit_and_complete");
	if (rc < 0)
		return rc;
	if (!fn)
		return urb__refuse(b, URB_EINVAL, "submit_and_complete: fn is NULL");
	if (urb__in_walk(b))
		return urb__refuse(b, URB_EREENTER, "submit_and_complete: called from a completion "
				   "callback (it may push and submit, but not walk)");
	rc = timeout_check(b, timeout, "submit_and_complete");
	if (rc < 0)
		return rc;
	return complete_after(b, submit(b, min_complete, timeout, "submit_and_complete"), fn, user);
}

int urb_bearer_submit_and_complete(struct urb_bearer *b, unsigned min_complete,
				   const struct timespec *timeout, urb_completion_fn fn,
				   void *user)
{
	if (__builtin_expect(b && urb__submit_plain(b) && !timeout && fn && !b->walk_off, 1))
		return submit_then_walk(b, min_complete, fn, user, false);
	return submit_and_complete_other(b, min_complete, timeout, fn, user);
}

/* What a drain does with a completion nobody will see: a new plain fd in it would leak. */
static enum urb_disposition drained(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	const struct urb__rec *rec = urb__callback_rec(b);
	const struct urb__opdef *def = rec ? urb__def(rec->op) : NULL;

	(void)user;
	if (rec && c->result >= 0 && def->out_fds) { /* new fds written into record storage */
		const int32_t *fds = urb__rec_store(b, rec, def->out_fds_run);

		for (unsigned i = 0; fds && i < def->out_fds; i++) {
			close(fds[i]);
			b->stats.drain_fds_closed++;
		}
	}
	if (rec && c->result >= 0)
		urb__holds_drained(b, rec, c->result);
	/* a result that is an fd is a plain one unless the op names a target for it */
	if (rec && c->result >= 0 && def->result == URB__RES_FD &&
	    !urb__rec_hold(rec, URB__KIND_TARGET)) {
		close(c->result);
		b->stats.drain_fds_closed++;
	}
	return URB_DEFAULT;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Cancels every kernel-known record in batches the SQ can hold. */
static void cancel_all(struct urb_bearer *b)
{
	for (uint32_t i = 0; i < b->cap.pending_completions; i++) {
		struct urb__rec *rec = &b->recs[i];
		struct io_uring_sqe *sqe;

		if (rec->state != URB_OWN_KERNEL)
			continue;
		sqe = io_uring_get_sqe(&b->ring);
		if (!sqe) {
			urb__submit(b, 0, NULL);
			sqe = io_uring_get_sqe(&b->ring);
			if (!sqe)
				return;
		}
		io_uring_prep_cancel64(sqe, urb__rec_key(b, rec), 0);
		io_uring_sqe_set_data64(sqe, 0); /* key 0 names no record */
	}
	urb__submit(b, 0, NULL);
}

/* SQEs not flushed yet: the kernel never saw them, so what they hold comes back as cancelled. */
static void drop_unflushed(struct urb_bearer *b)
{
	struct io_uring_sq *sq = &b->ring.sq;

	for (unsigned i = sq->sqe_head; i != sq->sqe_tail; i++) {
		uint64_t key = sq->sqes[i & sq->ring_mask].user_data;
		bool stale;
		struct urb__rec *rec = urb__rec_lookup(b, key, &stale);

		if (rec && rec->state == URB_OWN_KERNEL) {
			urb__own_move(&rec->state, URB_OWN_RETURNED);
			urb__holds_give_back(b, rec, -ECANCELED);
			urb__rec_free(b, rec);
		} else if (URB__KEY_IS_INTERNAL(b->key_salt, key)) {
			urb__recycle_done(b, URB__KEY_INTERNAL_BUF(key), -ECANCELED);
		}
	}
	sq->sqe_tail = sq->sqe_head;
}

/*
 * Makes the bearer safe to free: records whose SQEs the kernel never saw
 * are dropped with their SQEs; the rest are cancelled and their final
 * CQEs awaited for at most a second.
 */
int urb__drain(struct urb_bearer *b)
{
	uint64_t deadline;

	drop_unflushed(b);
	for (uint32_t i = 0; i < b->cap.pending_completions; i++)
		if (b->recs[i].state == URB_OWN_RETURNED) /* retained by the user */
			urb__rec_free(b, &b->recs[i]);
	if (urb__recs_used(b) == 0)
		return 0;
	/*
	 * An op a worker thread is running answers a cancel with -EALREADY and
	 * stays armed: cancel whatever is left again every 50 ms.
	 */
	deadline = now_ns() + 1000000000u;
	for (uint64_t next_cancel = 0; urb__recs_used(b) > 0 && now_ns() < deadline;) {
		struct timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };

		if (now_ns() >= next_cancel) {
			cancel_all(b);
			next_cancel = now_ns() + 50000000u;
		}
		urb__submit(b, 1, &ts);
		urb__completions(b, drained, NULL);
	}
	return urb__recs_used(b) == 0 ? 0 : urb__refuse(b, URB_EBUSY,
		"drain: %u ops still in the kernel a second after their cancel", urb__recs_used(b));
}
