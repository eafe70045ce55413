/* SPDX-License-Identifier: MIT */
/*
 * futex_wake: a worker thread hands results to a thread that waits on its
 * ring, through two bearer futex words (stable addresses the bearer owns):
 *
 *   job   the round the main thread asks the worker to do
 *   done  the last round the worker finished
 *
 * Each round the main thread
 *   1. writes the round's input, stores job = r, and pushes a futex_wake
 *      op on job: the ring wakes the worker, no syscall of our own;
 *   2. pushes a futex_wait op on done that sleeps while done == r - 1;
 *   3. submits both and turns the ring (a 1 s timeout is the watchdog
 *      tick) until the round is done and both ops have completed.
 * The worker sleeps in futex(2) on job, computes the round's result,
 * publishes it and calls urb_futex_wake(b, done, r, 1): a release store
 * and a FUTEX_WAKE_PRIVATE, safe from any thread.
 *
 * The wait completes with 0 when it was woken, or at once with -EAGAIN
 * when done no longer held r - 1 (the worker was quicker than the ring).
 * Neither result says what the word holds now, so both re-read it and wait
 * again if the round is not done yet.  Every 8th round the main thread
 * dawdles before pushing its wait, so the -EAGAIN path is taken for sure.
 *
 * Needs kernel 6.7 (futex ops); says so and exits 77 (skipped) without them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <urb.h>

#include "example.h"
#include "needs.h"

#define ROUNDS 1000u
#define STOP UINT32_MAX		/* job value that ends the worker */

struct shared {
	struct urb_bearer *b;
	uint32_t *job;		/* bearer futex words */
	uint32_t *done;
	uint32_t job_id, done_id;
	uint64_t input;		/* written before job, read after it */
	uint64_t result;	/* written before done, read after it */
	bool worker_failed;
};

struct round {
	struct shared *sh;
	uint32_t r;
	bool wait_pending, wake_pending, finished, failed;
	uint64_t woken, again, spurious, worker_woken_by_ring;
};

static void urb_fail(struct urb_bearer *b, const char *what, int rc)
{
	fprintf(stderr, "futex_wake: %s: %s\n", what, urb_bearer_explain(b, rc));
}

/* The round's "work": a few thousand steps of a 64-bit mix. */
static uint64_t work(uint64_t x)
{
	for (int i = 0; i < 2000; i++) {
		x ^= x >> 31;
		x *= 0x9e3779b97f4a7c15ull;
	}
	return x;
}

static void *worker(void *arg)
{
	struct shared *sh = arg;
	uint32_t last = 0;

	for (;;) {
		uint32_t job = __atomic_load_n(sh->job, __ATOMIC_ACQUIRE);
		int rc;

		if (job == last) {
			/* sleeps only while job still holds last: no lost wake-up */
			syscall(SYS_futex, sh->job, FUTEX_WAIT_PRIVATE, last, NULL, NULL, 0);
			continue;
		}
		if (job == STOP)
			return NULL;
		sh->result = work(sh->input);
		last = job;
		rc = urb_futex_wake(sh->b, sh->done_id, job, 1);
		if (rc < 0) {
			urb_fail(sh->b, "urb_futex_wake", rc);
			sh->worker_failed = true;
			return NULL;
		}
	}
}

/* Waits on the ring while done still holds the previous round. */
static int push_wait(struct round *rd)
{
	int rc = urb_push_futex_wait_user(rd->sh->b, rd->sh->done_id, rd->r - 1, rd);

	if (rc < 0) {
		urb_fail(rd->sh->b, "push futex_wait", rc);
		rd->failed = true;
		return rc;
	}
	rd->wait_pending = true;
	return 0;
}

static enum urb_disposition on_completion(struct urb_bearer *b,
					  const struct urb_completion *c, void *user)
{
	struct round *rd = user;
	uint32_t now;

	(void)b;
	switch (c->op) {
	case URB_OP_FUTEX_WAKE:
		rd->wake_pending = false;
		if (c->result < 0) {
			fprintf(stderr, "futex_wake: futex_wake op: %s\n", urb_strerror(c->result));
			rd->failed = true;
		}
		rd->worker_woken_by_ring += c->result > 0 ? (uint64_t)c->result : 0;
		break;
	case URB_OP_FUTEX_WAIT:
		rd->wait_pending = false;
		if (c->result == 0) {
			rd->woken++;
		} else if (c->result == -EAGAIN) {
			rd->again++;	/* done changed before the wait could sleep */
		} else {
			fprintf(stderr, "futex_wake: futex_wait op: %s\n", urb_strerror(c->result));
			rd->failed = true;
			break;
		}
		/* either way, only the word itself says whether the round is done */
		now = __atomic_load_n(rd->sh->done, __ATOMIC_ACQUIRE);
		if (now == rd->r) {
			rd->finished = true;
		} else if (now == rd->r - 1) {
			rd->spurious++;
			push_wait(rd);	/* woken, yet not done: wait again */
		} else {
			fprintf(stderr, "futex_wake: round %u: done holds %u\n", rd->r, now);
			rd->failed = true;
		}
		break;
	default:
		fprintf(stderr, "futex_wake: unexpected completion of %s\n",
			c->op == URB_OP_STALE ? "a stale key" : urb_op_name(c->op));
		rd->failed = true;
	}
	return URB_DEFAULT;
}

static int run_round(struct round *rd)
{
	struct shared *sh = rd->sh;
	struct timespec tick = { .tv_sec = 1 };
	int ticks = 0, rc;

	rd->finished = false;
	sh->input = rd->r * 0x100000001b3ull;
	__atomic_store_n(sh->job, rd->r, __ATOMIC_RELEASE);	/* value first ... */
	rc = urb_push_futex_wake_user(sh->b, sh->job_id, 1, rd);	/* ... then the wake */
	if (rc < 0) {
		urb_fail(sh->b, "push futex_wake", rc);
		return rc;
	}
	rd->wake_pending = true;
	if (rd->r % 8 == 0) {
		/* start the worker now and dawdle: the wait below will find done moved on */
		struct timespec nap = { .tv_nsec = 300 * 1000 };

		rc = urb_bearer_submit(sh->b);
		if (rc < 0) {
			urb_fail(sh->b, "submit", rc);
			return rc;
		}
		nanosleep(&nap, NULL);
	}
	if (push_wait(rd) < 0)
		return -1;

	while (!rd->failed && (!rd->finished || rd->wait_pending || rd->wake_pending)) {
		rc = urb_bearer_submit_and_wait(sh->b, 1, &tick);
		if (rc == -ETIME) {
			/* the ring's own timer: a chance to notice a stuck worker */
			if (++ticks == 5 || sh->worker_failed) {
				fprintf(stderr, "futex_wake: round %u: no progress in %d s\n",
					rd->r, ticks);
				return -1;
			}
		} else if (rc < 0 && rc != -EINTR) {
			urb_fail(sh->b, "submit and wait", rc);
			return rc;
		}
		rc = urb_bearer_completions(sh->b, on_completion, rd);
		if (rc < 0) {
			urb_fail(sh->b, "completions", rc);
			return rc;
		}
	}
	if (rd->failed)
		return -1;
	if (sh->result != work(sh->input)) {
		fprintf(stderr, "futex_wake: round %u: wrong result\n", rd->r);
		return -1;
	}
	return 0;
}

static const char usage[] =
	"usage: futex_wake\n"
	"A worker thread and the ring hand 1000 rounds back and forth through two\n"
	"bearer futex words; prints \"wakeups: 1000 ok\" (exit 77 on a kernel\n"
	"without futex ops, before 6.7).  It takes no options.\n";

int main(int argc, char **argv)
{
	const struct example_opt opts[] = { EXAMPLE_OPT_END };
	struct urb_capacity cap = {
		.core_queue = 4, .registered_fd = 1, .pending_completions = 4,
		.buffers = 1, .buffer_bytes = 4096, .futexes = 2,
	};
	static const int needs[] = { URB_OP_FUTEX_WAIT, URB_OP_FUTEX_WAKE };
	struct shared sh = { 0 };
	struct round rd = { .sh = &sh };
	struct urb_stats st;
	pthread_t tid;
	bool failed = false;
	int rc;

	example_args(argc, argv, "futex_wake", usage, opts);
	if (!example_kernel_has("futex_wake", needs, sizeof(needs) / sizeof(needs[0])))
		return EXAMPLE_UNSUPPORTED;
	rc = urb_bearer_new(&cap, &sh.b);
	if (rc < 0) {
		fprintf(stderr, "futex_wake: bearer: %s\n", urb_strerror(rc));
		return 1;
	}
	rc = urb_futex_create(sh.b, 0, &sh.job);
	if (rc >= 0) {
		sh.job_id = (uint32_t)rc;
		rc = urb_futex_create(sh.b, 0, &sh.done);
		sh.done_id = (uint32_t)rc;
	}
	if (rc < 0) {
		urb_fail(sh.b, "futex create", rc);
		return 1;
	}
	rc = pthread_create(&tid, NULL, worker, &sh);
	if (rc) {
		fprintf(stderr, "futex_wake: pthread_create: error %d\n", rc);
		return 1;
	}

	for (rd.r = 1; rd.r <= ROUNDS; rd.r++)
		if (run_round(&rd) < 0) {
			failed = true;
			break;
		}

	/* STOP is never a round, so the worker cannot mistake it */
	rc = urb_futex_wake(sh.b, sh.job_id, STOP, 1);
	if (rc < 0) {
		urb_fail(sh.b, "urb_futex_wake (stop)", rc);
		failed = true;
	} else {
		pthread_join(tid, NULL);
	}
	failed |= sh.worker_failed;

	/* nothing may wait on the words any more: destroying them must work */
	rc = urb_futex_destroy(sh.b, sh.job_id);
	if (rc == 0)
		rc = urb_futex_destroy(sh.b, sh.done_id);
	if (rc < 0) {
		urb_fail(sh.b, "futex destroy", rc);
		failed = true;
	}
	rc = urb_bearer_stats(sh.b, &st);
	if (rc < 0 || st.pending || st.stale_cqes || st.unknown_cqes) {
		fprintf(stderr, "futex_wake: the bearer did not end clean\n");
		failed = true;
	}
	rc = urb_bearer_free(sh.b);
	if (rc < 0) {
		fprintf(stderr, "futex_wake: bearer free: %s\n", urb_strerror(rc));
		failed = true;
	}
	printf("waits: woken %llu, -EAGAIN (already done) %llu, spurious %llu; "
	       "the ring's futex_wake found the worker asleep %llu times\n",
	       (unsigned long long)rd.woken, (unsigned long long)rd.again,
	       (unsigned long long)rd.spurious,
	       (unsigned long long)rd.worker_woken_by_ring);
	if (failed || rd.woken + rd.again - rd.spurious != ROUNDS) {
		printf("FAILED\n");
		return 1;
	}
	printf("wakeups: %u ok\n", ROUNDS);
	return 0;
}
