/* SPDX-License-Identifier: MIT */

/*
 * The record slab's conformance suite: one set of tests, run unchanged over
 * every slab implementation (URB_SLAB_LIFO, URB_SLAB_FIFO, and any added
 * later: the suite loops to URB_SLAB__COUNT).  Each implementation must
 * honour its capacity exactly, answer URB_EATCAPACITY at the bound, never
 * hand out a slot twice, keep every record at one address, change the
 * generation on every reuse and hand a released slot out again.  Then what
 * tells the policies apart: FIFO reuses a slot as late as the free records
 * allow, LIFO at once.
 *
 * Records are taken both through the public path (urb_push_nop, completed
 * by the kernel) and straight from the slab (urb__rec_alloc/urb__rec_free).
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "support.h"

#define N 8 /* records in the small bearers below */

/* Each implementation, as the initial state of its run of the suite. */
static enum urb_slab_kind kinds[URB_SLAB__COUNT];

/* The running test's bearer: the teardown frees it when an assertion left it behind. */
static struct urb_bearer *held;

static struct urb_bearer *bearer(void **state, uint32_t records, uint32_t sq)
{
	struct urb_capacity cap = {
		.core_queue = sq, .registered_fd = 2, .direct_fd = 2,
		.pending_completions = records, .buffers = 1, .buffer_bytes = 4096,
		.futexes = 1, .slab = *(const enum urb_slab_kind *)*state,
	};

	assert_null(held);
	held = t_bearer_cap(&cap);
	assert_int_equal(held->cap.slab, cap.slab);
	assert_int_equal(!held->slab_fifo, urb__slab_policies[cap.slab].newest_first);
	return held;
}

static void bearer_done(struct urb_bearer *b)
{
	assert_ptr_equal(b, held);
	assert_int_equal(t_pending(b), 0);
	held = NULL;
	t_free(b);
}

static int teardown(void **state)
{
	(void)state;
	if (held)
		urb_bearer_free(held);
	held = NULL;
	return 0;
}

static uint32_t idx_of(const struct urb_bearer *b, const struct urb__rec *rec)
{
	return (uint32_t)(rec - b->recs);
}

/* Submits what was pushed and reaps @n completions through the dispatcher. */
static void complete(struct urb_bearer *b, int n, struct t_seen *seen)
{
	int got = 0;

	while (got < n) {
		int rc = urb_bearer_submit_and_wait(b, 1, NULL);

		assert_true(rc >= 0);
		rc = urb_bearer_completions(b, t_record, seen);
		assert_true(rc >= 0);
		got += rc;
	}
	assert_int_equal(got, n);
}

/* ---- the conformance suite: every implementation */

/* Exactly pending_completions records, then URB_EATCAPACITY naming that bound. */
static void capacity_exact(void **state)
{
	struct urb_bearer *b = bearer(state, N, 2 * N);
	struct t_seen seen = { 0 };
	struct urb__rec *recs[N];
	enum urb_capacity_kind kind;
	uint64_t setting;

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < N; i++)
			assert_int_equal(urb_push_nop(b, NULL), 0);
		assert_int_equal(t_pending(b), N);
		assert_int_equal(urb_push_nop(b, NULL), URB_EATCAPACITY);
		assert_int_equal(urb_bearer_at_capacity(b, &kind, &setting), 0);
		assert_int_equal(kind, URB_CAP_PENDING_COMPLETIONS);
		assert_int_equal(setting, N);
		assert_int_equal(t_pending(b), N); /* the refusal took nothing */
		complete(b, N, &seen);
		assert_int_equal(t_pending(b), 0);
	}
	assert_int_equal(seen.calls, 3 * N);
	assert_int_equal(seen.stale, 0);

	/* the slab itself: N records, then none, and nothing counted for the miss */
	for (int i = 0; i < N; i++)
		assert_non_null(recs[i] = urb__rec_alloc(b));
	assert_null(urb__rec_alloc(b));
	assert_int_equal(urb__recs_used(b), N);
	for (int i = 0; i < N; i++)
		urb__rec_free(b, recs[i]);
	assert_int_equal(urb__recs_used(b), 0);
	bearer_done(b);
}

/* A capacity of one record is still exactly one. */
static void capacity_one(void **state)
{
	struct urb_bearer *b = bearer(state, 1, 2);
	struct t_seen seen = { 0 };

	for (int round = 0; round < 4; round++) {
		assert_int_equal(urb_push_nop(b, NULL), 0);
		assert_int_equal(urb_push_nop(b, NULL), URB_EATCAPACITY);
		complete(b, 1, &seen);
	}
	bearer_done(b);
}

/* Under random churn no live slot is ever handed out again. */
static void no_slot_twice(void **state)
{
	struct urb_bearer *b = bearer(state, N, 2 * N);
	struct urb__rec *live[N] = { 0 };
	struct t_seen seen = { 0 };
	uint64_t keys[N];
	uint32_t nlive = 0;

	srand(4);
	for (int step = 0; step < 20000; step++) {
		bool take = nlive == 0 || (nlive < N && rand() % 2);

		if (take) {
			struct urb__rec *rec = urb__rec_alloc(b);
			uint32_t idx;

			assert_non_null(rec);
			idx = idx_of(b, rec);
			assert_true(idx < N);
			assert_null(live[idx]); /* not handed out already */
			assert_int_equal(rec->state, URB_OWN_CREATED);
			live[idx] = rec;
			nlive++;
		} else {
			uint32_t idx = (uint32_t)rand() % N;

			while (!live[idx])
				idx = (idx + 1) % N;
			urb__rec_free(b, live[idx]);
			live[idx] = NULL;
			nlive--;
		}
		assert_int_equal(urb__recs_used(b), nlive);
		if (nlive == N)
			assert_null(urb__rec_alloc(b));
	}
	for (uint32_t i = 0; i < N; i++)
		if (live[i])
			urb__rec_free(b, live[i]);

	/* and through the kernel: N pushes in flight carry N distinct keys */
	for (int i = 0; i < N; i++) {
		struct urb_nop_opts o = { .key_out = &keys[i] };

		assert_int_equal(urb_push_nop(b, &o), 0);
		for (int j = 0; j < i; j++)
			assert_true(URB__KEY_IDX(keys[j]) != URB__KEY_IDX(keys[i]));
	}
	complete(b, N, &seen);
	assert_int_equal(seen.stale, 0);
	bearer_done(b);
}

/* Records never move: the array, and each slot's record across reuses. */
static void stable_addresses(void **state)
{
	struct urb_bearer *b = bearer(state, N, 2 * N);
	struct urb__rec *const base = b->recs;
	struct urb__rec *first[N] = { 0 };
	struct t_seen seen = { 0 };
	uint64_t key;
	struct urb_nop_opts o = { .key_out = &key };

	for (int round = 0; round < 4; round++) {
		struct urb__rec *recs[N];

		for (int i = 0; i < N; i++) {
			uint32_t idx;

			recs[i] = urb__rec_alloc(b);
			assert_non_null(recs[i]);
			idx = idx_of(b, recs[i]);
			if (!first[idx])
				first[idx] = recs[i];
			assert_ptr_equal(recs[i], first[idx]);
			assert_ptr_equal(&b->recs[URB__KEY_IDX(urb__rec_key(b, recs[i]))], recs[i]);
		}
		for (int i = 0; i < N; i++) /* in a scrambled order */
			urb__rec_free(b, recs[(i * 5 + round) % N]);
		assert_ptr_equal(b->recs, base);
	}

	/* a pending record's payload stays where the kernel was told it is */
	for (int i = 0; i < 3 * N; i++) {
		assert_int_equal(urb_push_nop(b, &o), 0);
		assert_ptr_equal(&b->recs[URB__KEY_IDX(key)], first[URB__KEY_IDX(key)]);
		complete(b, 1, &seen);
	}
	assert_ptr_equal(b->recs, base);
	bearer_done(b);
}

/* Every reuse of a slot gives it a new generation, so old keys go stale. */
static void generation_changes(void **state)
{
	struct urb_bearer *b = bearer(state, 1, 2);
	struct t_seen seen = { 0 };
	uint64_t keys[16], now;
	struct urb_nop_opts o = { .key_out = &now };
	struct urb__rec *rec;
	uint32_t gen;

	for (int i = 0; i < 16; i++) {
		struct urb_nop_opts oi = { .key_out = &keys[i] };

		assert_int_equal(urb_push_nop(b, &oi), 0);
		complete(b, 1, &seen);
		assert_int_equal(URB__KEY_IDX(keys[i]), 0); /* one slot, reused */
		assert_true(URB__KEY_GEN(keys[i]) != 0);
		for (int j = 0; j < i; j++)
			assert_true(URB__KEY_GEN(keys[j]) != URB__KEY_GEN(keys[i]));
	}
	assert_int_equal(seen.stale, 0);

	/* an old key names the slot's old life: stale, even with the slot in use */
	assert_int_equal(urb_push_nop(b, &o), 0);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(t_inject(b, keys[3], 0, 0, &seen), 0);
	assert_int_equal(seen.stale, 1);
	assert_int_equal(t_pending(b), 1); /* the live record was not touched */
	complete(b, 1, &seen);

	/* a refused push leaves the generation as it was: its key was never handed out */
	rec = urb__rec_alloc(b);
	assert_non_null(rec);
	gen = rec->gen;
	urb__rec_free(b, rec);
	assert_int_equal(rec->gen, gen);

	/* the generation (odd, stepping by 2) wraps past zero, which no key may carry */
	assert_int_equal(urb_push_nop(b, &o), 0);
	rec = &b->recs[URB__KEY_IDX(now)];
	rec->gen = UINT32_MAX; /* as after 2^31 - 1 pushes through this slot */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(t_inject(b, urb__rec_key(b, rec), 0, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.stale, 0);
	assert_int_equal(rec->gen, 1);
	assert_int_equal(t_pending(b), 0);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(t_inject(b, URB__KEY(UINT32_MAX, rec - b->recs), 0, 0, &seen), 0);
	assert_int_equal(seen.stale, 1); /* the last life's key stays stale */
	bearer_done(b);
}

/* A released slot can be had again: at capacity, it is the one handed out. */
static void reuse_after_release(void **state)
{
	struct urb_bearer *b = bearer(state, N, 2 * N);

	for (uint32_t victim = 0; victim < N; victim++) {
		struct urb__rec *recs[N], *again;

		for (int i = 0; i < N; i++)
			assert_non_null(recs[i] = urb__rec_alloc(b));
		assert_null(urb__rec_alloc(b));
		for (int i = 0; i < N; i++) {
			if (idx_of(b, recs[i]) != victim)
				continue;
			urb__rec_free(b, recs[i]);
			again = urb__rec_alloc(b);
			assert_ptr_equal(again, recs[i]);
			assert_int_equal(again->state, URB_OWN_CREATED);
		}
		assert_null(urb__rec_alloc(b));
		for (int i = 0; i < N; i++)
			urb__rec_free(b, recs[i]);
	}
	bearer_done(b);
}

/* ---- what tells the policies apart */

/*
 * FIFO: with k records held, a released slot comes back only after every
 * other free one has been handed out: the N - k free slots rotate, each
 * reused exactly N - k takes later (the most the free records allow).
 */
static void fifo_max_distance(void **state)
{
	struct urb_bearer *b = bearer(state, N, 2 * N);
	struct t_seen seen = { 0 };
	uint64_t keys[N];

	for (uint32_t k = 0; k < N; k++) {
		struct urb__rec *hold[N];
		int last_seen[N];
		uint32_t free_slots = N - k;

		for (uint32_t i = 0; i < k; i++)
			assert_non_null(hold[i] = urb__rec_alloc(b));
		for (int i = 0; i < N; i++)
			last_seen[i] = -1;
		for (int t = 0; t < 5 * N; t++) {
			struct urb__rec *rec = urb__rec_alloc(b);
			uint32_t idx;

			assert_non_null(rec);
			idx = idx_of(b, rec);
			for (uint32_t i = 0; i < k; i++)
				assert_ptr_not_equal(rec, hold[i]);
			if (last_seen[idx] >= 0)
				assert_int_equal(t - last_seen[idx], free_slots);
			last_seen[idx] = t;
			urb__rec_free(b, rec);
		}
		for (uint32_t i = 0; i < k; i++)
			urb__rec_free(b, hold[i]);
	}

	/* through the kernel too: N completions in turn use N different slots */
	for (int i = 0; i < N; i++) {
		struct urb_nop_opts o = { .key_out = &keys[i] };

		assert_int_equal(urb_push_nop(b, &o), 0);
		complete(b, 1, &seen);
		for (int j = 0; j < i; j++)
			assert_true(URB__KEY_IDX(keys[j]) != URB__KEY_IDX(keys[i]));
	}
	bearer_done(b);
}

/* LIFO: the record released last is handed out next (warm in cache). */
static void lifo_reuses_at_once(void **state)
{
	struct urb_bearer *b = bearer(state, N, 2 * N);
	struct urb__rec *a = urb__rec_alloc(b), *c = urb__rec_alloc(b), *r;

	assert_non_null(a);
	assert_non_null(c);
	urb__rec_free(b, a);
	urb__rec_free(b, c);
	r = urb__rec_alloc(b);
	assert_ptr_equal(r, c);
	urb__rec_free(b, r);
	for (int i = 0; i < 4 * N; i++) {
		r = urb__rec_alloc(b);
		assert_ptr_equal(r, c);
		urb__rec_free(b, r);
	}
	bearer_done(b);
}

/* ---- running the suite once per implementation */

struct suite_test {
	const char *name;
	CMUnitTestFunction fn;
	int only;	/* -1: every implementation; else just that one */
};

static const struct suite_test suite[] = {
	{ "capacity_exact", capacity_exact, -1 },
	{ "capacity_one", capacity_one, -1 },
	{ "no_slot_twice", no_slot_twice, -1 },
	{ "stable_addresses", stable_addresses, -1 },
	{ "generation_changes", generation_changes, -1 },
	{ "reuse_after_release", reuse_after_release, -1 },
	{ "fifo_max_distance", fifo_max_distance, URB_SLAB_FIFO },
	{ "lifo_reuses_at_once", lifo_reuses_at_once, URB_SLAB_LIFO },
};
#define SUITE_LEN (sizeof(suite) / sizeof(suite[0]))

int main(void)
{
	static char names[URB_SLAB__COUNT][SUITE_LEN][64];
	static char group[URB_SLAB__COUNT][32];
	int failed = 0;

	for (int k = 0; k < URB_SLAB__COUNT; k++) {
		struct CMUnitTest tests[SUITE_LEN];
		size_t n = 0;

		kinds[k] = (enum urb_slab_kind)k;

		for (size_t i = 0; i < SUITE_LEN; i++) {
			if (suite[i].only >= 0 && suite[i].only != (int)kinds[k])
				continue;
			snprintf(names[k][i], sizeof(names[k][i]), "%s/%s",
				 urb__slab_policies[kinds[k]].name, suite[i].name);
			tests[n++] = (struct CMUnitTest){
				.name = names[k][i], .test_func = suite[i].fn,
				.teardown_func = teardown, .initial_state = (void *)&kinds[k],
			};
		}
		snprintf(group[k], sizeof(group[k]), "slab_%s", urb__slab_policies[kinds[k]].name);
		failed += _cmocka_run_group_tests(group[k], tests, n, NULL, NULL);
	}
	return failed;
}
