/* SPDX-License-Identifier: MIT */
/*
 * What urb documents as safe from another thread, under stress: the
 * process-wide urb_op_register(), and urb_futex_wake() on a bearer whose
 * owner thread is busy with its futexes.  Built in every build; the
 * ThreadSanitizer pass of `make test` runs it under TSan (docs/TESTING.md).
 *
 * op_register_from_threads: several threads register, at once, each its own
 * definitions, one definition they all share, and definitions of one name
 * that only one may have; meanwhile they read the table back.  Every
 * distinct definition gets its own id, the shared one the same id
 * everywhere, the contested name exactly one winner.
 *
 * futex_wake_while_owner_churns: one thread calls urb_futex_wake() on every
 * id (and one past the capacity) in a loop, while the owner thread, for
 * STRESS_MS, creates futexes (urb_futex_create, and urb_futex_adopt of a
 * word on the heap), pushes a futex_wait on them and submits, waits for it
 * to end, destroys them and frees the adopted word right after the destroy
 * (urb_futex_adopt's contract: the word must live until the destroy
 * succeeds).  The waker must only ever get a count (at most nwake) or a
 * negative error; it must never store into an entry's word once the destroy
 * has returned, nor crash on an entry going away under it.
 *
 * Waits are short (1 ms) with a 1 ms nanosleep between them, so that under
 * valgrind, which holds its lock while a thread is in io_uring_enter(), the
 * waker still runs.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support.h"

#include <urb/opdef.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#define STRESS_MS 1500
#define FUTEXES 4
#define QUICK_ROUNDS 256 /* create/adopt/destroy/free rounds per cycle */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_1ms(void)
{
	struct timespec ts = { .tv_nsec = 1000 * 1000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* ---- urb_op_register from several threads */

#define REG_THREADS 4
#define REG_OWN 5	/* distinct definitions per thread */
#define REG_ROUNDS 200

static const struct urb__opdef shared_def = {
	.name = "threads_shared", .opcode = IORING_OP_NOP, .lifetime = URB__LIFE_SINGLE,
	.result = URB__RES_NONE,
};

struct reg_thread {
	pthread_t thread;
	pthread_barrier_t *start;
	unsigned n;
	char names[REG_OWN][32];
	struct urb__opdef own[REG_OWN];
	struct urb__opdef contested;	/* the same name in every thread */
	int own_id[REG_OWN], shared_id, contested_id;
	int bad;			/* answers that broke the contract */
};

static void *reg_main(void *arg)
{
	struct reg_thread *t = arg;

	t->shared_id = t->contested_id = -1;
	for (unsigned i = 0; i < REG_OWN; i++)
		t->own_id[i] = -1;
	pthread_barrier_wait(t->start);
	for (unsigned round = 0; round < REG_ROUNDS; round++) {
		int id = urb_op_register(&shared_def);

		if (id < URB_OP__COUNT || (t->shared_id >= 0 && id != t->shared_id))
			t->bad++;
		t->shared_id = id;

		id = urb_op_register(&t->contested);
		if (id != URB_EBUSY && (id < URB_OP__COUNT ||
					(t->contested_id >= 0 && id != t->contested_id)))
			t->bad++;
		if (id >= 0)
			t->contested_id = id;

		for (unsigned i = 0; i < REG_OWN; i++) {
			unsigned k = (i + round + t->n) % REG_OWN;

			id = urb_op_register(&t->own[k]);
			if (id < URB_OP__COUNT || (t->own_id[k] >= 0 && id != t->own_id[k]))
				t->bad++;
			t->own_id[k] = id;
			/* read the table back while others write it */
			const char *name = urb_op_name((enum urb_op)id);
			struct urb_op_info info;

			if (!name || strcmp(name, t->names[k]) != 0 ||
			    urb_op_info(id, &info) != 0 || info.name != t->own[k].name)
				t->bad++;
		}
	}
	return NULL;
}

static void op_register_from_threads(void **state)
{
	static struct reg_thread t[REG_THREADS];
	pthread_barrier_t start;
	int winners = 0, winner_id = -1;

	(void)state;
	assert_int_equal(pthread_barrier_init(&start, NULL, REG_THREADS), 0);
	for (unsigned n = 0; n < REG_THREADS; n++) {
		t[n] = (struct reg_thread){ .start = &start, .n = n };
		for (unsigned i = 0; i < REG_OWN; i++) {
			snprintf(t[n].names[i], sizeof(t[n].names[i]), "threads_t%u_op%u", n, i);
			t[n].own[i] = (struct urb__opdef){
				.name = t[n].names[i], .opcode = IORING_OP_NOP,
				.lifetime = (uint8_t)(i % 3), .result = (uint8_t)(i % 4),
			};
		}
		t[n].contested = (struct urb__opdef){
			.name = "threads_contested", .opcode = IORING_OP_NOP,
			.lifetime = URB__LIFE_SINGLE, .result = URB__RES_COUNT,
		};
	}
	for (unsigned n = 0; n < REG_THREADS; n++)
		assert_int_equal(pthread_create(&t[n].thread, NULL, reg_main, &t[n]), 0);
	for (unsigned n = 0; n < REG_THREADS; n++)
		assert_int_equal(pthread_join(t[n].thread, NULL), 0);
	pthread_barrier_destroy(&start);

	/* 1 shared + 1 contested + 4 x 5 own = 22 of the 32 external ids, each once */
	bool used[URB_EXT_OPS_MAX] = { false };

	for (unsigned n = 0; n < REG_THREADS; n++) {
		assert_int_equal(t[n].bad, 0);
		assert_int_equal(t[n].shared_id, t[0].shared_id);
		if (t[n].contested_id >= 0) {
			if (winners++ == 0)
				winner_id = t[n].contested_id;
			assert_int_equal(urb_op_register(&t[n].contested), winner_id);
		} else {
			assert_int_equal(urb_op_register(&t[n].contested), URB_EBUSY);
		}
		for (unsigned i = 0; i < REG_OWN; i++) {
			int id = t[n].own_id[i];

			assert_in_range(id, URB_OP__COUNT, URB_OP__COUNT + URB_EXT_OPS_MAX - 1);
			assert_false(used[id - URB_OP__COUNT]);
			used[id - URB_OP__COUNT] = true;
			assert_string_equal(urb_op_name((enum urb_op)id), t[n].names[i]);
		}
	}
	assert_int_equal(winners, 1);
	assert_false(used[t[0].shared_id - URB_OP__COUNT]);
	assert_false(used[winner_id - URB_OP__COUNT]);
	assert_int_not_equal(t[0].shared_id, winner_id);
	assert_int_equal(urb_op_register(&shared_def), t[0].shared_id);
	/* a library op's name is never taken */
	struct urb__opdef nop_again = shared_def;

	nop_again.name = "nop";
	assert_int_equal(urb_op_register(&nop_again), URB_EBUSY);
}

/* ---- urb_futex_wake from another thread while the owner churns */

struct churn {
	const struct urb_bearer *b;
	atomic_bool stop;
	atomic_uint value;
	/* the waker's tally */
	uint64_t calls, woke, counts, einval, other_err, bad;
	int first_bad;
};

static void *waker_main(void *arg)
{
	struct churn *c = arg;

	while (!atomic_load_explicit(&c->stop, memory_order_acquire)) {
		/*
		 * valgrind runs one thread at a time and hands its lock over
		 * unfairly: a thread that never blocks starves the other.
		 */
		if (RUNNING_ON_VALGRIND)
			sleep_1ms();
		for (uint32_t id = 0; id <= FUTEXES; id++) {
			uint32_t v = atomic_fetch_add_explicit(&c->value, 1, memory_order_relaxed);
			uint32_t nwake = 1 + (v & 1);
			int rc = urb_futex_wake(c->b, id, v, nwake);

			c->calls++;
			if (rc >= 0) {
				c->counts++;
				c->woke += (uint64_t)rc;
				if ((uint32_t)rc > nwake && c->bad++ == 0)
					c->first_bad = rc;
			} else if (rc == URB_EINVAL) {
				c->einval++;
			} else {
				c->other_err++; /* a negative error: allowed */
			}
		}
	}
	return NULL;
}

struct wait_seen {
	uint64_t key;
	bool done;
	int32_t result;
};

static enum urb_disposition wait_cb(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct wait_seen *w = user;

	(void)b;
	if (c->key == w->key && c->final) {
		w->done = true;
		w->result = c->result;
	}
	return URB_DEFAULT;
}

/* Turns the ring (1 ms waits, 1 ms sleeps) until @w is done; cancels it after 200 ms. */
static void await_wait(struct urb_bearer *b, struct wait_seen *w)
{
	uint64_t t0 = now_ms();
	bool cancelled = false;

	while (!w->done) {
		struct timespec ts = { .tv_nsec = 1000 * 1000 };
		int rc = urb_bearer_submit_and_wait(b, 1, &ts);

		assert_true(rc >= 0 || rc == -ETIME || rc == -EINTR);
		assert_true(urb_bearer_completions(b, wait_cb, w) >= 0);
		if (w->done)
			break;
		if (!cancelled && now_ms() - t0 > 200) {
			assert_int_equal(urb_push_cancel(b, w->key, NULL), 0);
			cancelled = true;
		}
		if (now_ms() - t0 > 5000)
			fail_msg("a futex_wait neither ended nor was cancelled in 5 s");
		sleep_1ms();
	}
}

static void futex_wake_while_owner_churns(void **state)
{
	struct urb_capacity cap = {
		.core_queue = 8, .registered_fd = 1, .pending_completions = 8,
		.buffers = 1, .buffer_bytes = 4096, .futexes = FUTEXES,
	};
	struct churn c = { .first_bad = 0 };
	struct urb_bearer *b;
	pthread_t waker;
	uint64_t t0, cycles = 0, waits = 0, woken = 0, again = 0, cancelled = 0;
	unsigned ms = STRESS_MS;

	(void)state;
	assert_int_equal(urb_bearer_new(&cap, &b), 0);
	if (!urb_op_supported(b, URB_OP_FUTEX_WAIT) || !urb_op_supported(b, URB_OP_CANCEL)) {
		urb_bearer_free(b);
		print_message("skipped: kernel lacks futex_wait\n");
		skip();
	}
	if (getenv("URB_THREADS_MS"))
		ms = (unsigned)atoi(getenv("URB_THREADS_MS"));
	c.b = b;
	atomic_init(&c.stop, false);
	atomic_init(&c.value, 0);
	assert_int_equal(pthread_create(&waker, NULL, waker_main, &c), 0);

	t0 = now_ms();
	while (now_ms() - t0 < ms) {
		uint32_t *heap[FUTEXES] = { NULL }, *words[FUTEXES];
		int ids[FUTEXES];
		unsigned pick = (unsigned)(cycles % FUTEXES);
		struct wait_seen seen = { 0 };
		struct urb_futex_wait_opts wo = { .key_out = &seen.key };
		uint32_t expect;

		/* fill every entry: bearer words and adopted heap words, in turns */
		for (unsigned i = 0; i < FUTEXES; i++) {
			if ((i + cycles) % 2) {
				heap[i] = words[i] = malloc(sizeof(*heap[i]));
				assert_non_null(heap[i]);
				__atomic_store_n(heap[i], 0, __ATOMIC_RELEASE);
				ids[i] = urb_futex_adopt(b, heap[i]);
			} else {
				ids[i] = urb_futex_create(b, 0, &words[i]);
			}
			assert_in_range(ids[i], 0, FUTEXES - 1);
		}
		/* a wait on one of them, every cycle, while the waker stores and wakes */
		expect = __atomic_load_n(words[pick], __ATOMIC_ACQUIRE);
		assert_int_equal(urb_push_futex_wait(b, (uint32_t)ids[pick], expect, &wo), 0);
		assert_int_equal(urb_bearer_submit(b), 1);
		assert_int_equal(urb_futex_destroy(b, (uint32_t)ids[pick]), URB_EBUSY);
		await_wait(b, &seen);
		waits++;
		if (seen.result == 0)
			woken++;
		else if (seen.result == -EAGAIN)
			again++;
		else if (seen.result == -ECANCELED)
			cancelled++;
		else
			fail_msg("futex_wait ended with %d", seen.result);
		/* let the waker store and wake on live entries for a while */
		sleep_1ms();
		/* destroy them all; an adopted word is the caller's again at once */
		for (unsigned i = 0; i < FUTEXES; i++) {
			assert_int_equal(urb_futex_destroy(b, (uint32_t)ids[i]), 0);
			free(heap[i]);
		}
		/* and many quick rounds without a wait: an entry comes and goes */
		for (unsigned r = 0; r < QUICK_ROUNDS; r++) {
			uint32_t *word;
			uint32_t *mine = malloc(sizeof(*mine));
			int a, d;

			assert_non_null(mine);
			__atomic_store_n(mine, 0, __ATOMIC_RELEASE);
			a = urb_futex_create(b, 0, &word);
			d = urb_futex_adopt(b, mine);
			assert_true(a >= 0 && d >= 0);
			assert_int_equal(urb_futex_destroy(b, (uint32_t)d), 0);
			free(mine);
			assert_int_equal(urb_futex_destroy(b, (uint32_t)a), 0);
		}
		cycles++;
	}
	atomic_store_explicit(&c.stop, true, memory_order_release);
	assert_int_equal(pthread_join(waker, NULL), 0);

	print_message("%llu cycles in %llu ms (%s): %llu waits (%llu woken, %llu -EAGAIN, "
		      "%llu cancelled); waker: %llu calls, %llu counts (%llu woken), %llu "
		      "URB_EINVAL, %llu other errors\n",
		      (unsigned long long)cycles, (unsigned long long)(now_ms() - t0),
		      RUNNING_ON_VALGRIND ? "valgrind" : "native",
		      (unsigned long long)waits, (unsigned long long)woken,
		      (unsigned long long)again, (unsigned long long)cancelled,
		      (unsigned long long)c.calls, (unsigned long long)c.counts,
		      (unsigned long long)c.woke, (unsigned long long)c.einval,
		      (unsigned long long)c.other_err);
	if (c.bad)
		fail_msg("urb_futex_wake() answered %d for nwake <= 2 (%llu times)", c.first_bad,
			 (unsigned long long)c.bad);
	assert_true(cycles > 0 && waits == cycles);
	assert_true(c.calls > 0);
	assert_true(c.einval > 0); /* FUTEXES itself is never an id */
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_bearer_free(b), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(op_register_from_threads),
		cmocka_unit_test(futex_wake_while_owner_churns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
