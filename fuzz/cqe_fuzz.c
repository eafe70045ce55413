/* SPDX-License-Identifier: MIT */
/*
 * The CQE-stream fuzzer.  Each input builds a bearer with real registered
 * slots of every kind, plain buffer sets, a buffer ring, futex words and an
 * epoll fd, then reads itself as steps: synthetic CQEs (user_data, res,
 * flags) fed through urb__dispatch_cqe(), pushes of every op (never
 * submitted: a pushed record is pending in the slab all the same),
 * releases, and buffer, group, fd-slot and futex calls.  After every step
 * the bearer's books are checked against the records it holds:
 *
 *  - a CQE with a stale or unknown key changes no record, slot or buffer;
 *  - a buffer is the kernel's iff exactly one pending record holds it or it
 *    sits in its set's group, never both;
 *  - an fd slot's users, a set's users and a futex's waiters are the
 *    number of pending records naming them;
 *  - stats.pending and pending_per_op count the records in use, and the
 *    free list holds exactly the others;
 *  - every key the harness thinks pending resolves to its record, and every
 *    key it has seen released resolves to none.
 *
 * At the end the remaining records are completed (or, for some inputs, the
 * bearer is freed with them pending) and urb_bearer_free() must return 0.
 *
 * The header byte makes some inputs "strict": their CQEs are ones the
 * kernel could send (F_MORE only where an op can stay armed, byte counts
 * within the buffer, buffer ids the group holds, direct slots the kernel
 * could pick), and then the invariants that only hold for such streams are
 * checked too.  URB_FUZZ_STRICT=1 checks those on every input, to look for
 * hardening gaps against a kernel that lies.
 *
 * Built with clang's libFuzzer (fuzz/Makefile) and, for ctest, as a plain
 * replay driver (fuzz/replay.c).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "fd_table.h"
#include "cqe_fuzz.h"

enum {
	REG_FD = 8,
	DIRECT_FD = 4,
	NSLOTS = REG_FD + DIRECT_FD,
	RECS = 16,
	SQ = 256,
	NSETS = 6,	/* capacity: sets 0..3 are made at the start */
	NMADE = 4,
	RING_SET = 2,	/* set 2 is a buffer ring from the start */
	MAX_BUFS = 4,
	FUTEXES = 3,	/* capacity, all made at the start */
	EPOLL_EVENTS = 16,
	MAX_STEPS = 4096,
	NDEAD = 64,
};

static const uint32_t set_nbufs[NMADE] = { 3, 1, 4, 2 };
static const uint32_t set_len[NMADE] = { 64, 16, 32, 32 };

struct live {
	uint64_t key;
	void *cookie;	/* the push's opts->user */
	uint8_t op;
	uint8_t cqes;	/* CQEs seen */
	bool retained;	/* final CQE seen, the callback answered URB_RETAIN */
	bool unreserved; /* its chosen slot left the kernel's hands: see slot_holder() */
};

static struct fz {
	struct urb_bearer *b;
	const uint8_t *p, *end;
	bool strict;		/* kernel-possible CQEs only: check everything */
	bool strict_env;	/* URB_FUZZ_STRICT: check everything anyway */
	bool trace;		/* URB_FUZZ_TRACE: say every step on stderr */
	unsigned step;
	const char *doing;
	struct live live[RECS];
	unsigned nlive;
	uint64_t dead[NDEAD];	/* keys released, the last NDEAD of them */
	unsigned ndead;
	uintptr_t cookies;

	/* the completion callback */
	unsigned calls, stale_calls;
	struct urb_completion seen;
	enum urb_disposition answer;
	uint8_t cb_action;
	bool cb_touched;	/* the callback changed what the CQE returned */
} F;

/* What the inputs exercised, for urb_fuzz_cqe_report(). */
static struct {
	unsigned long inputs, steps, pushed[URB_OP__COUNT], refused, at_capacity;
	unsigned long cqe_pending, cqe_final, cqe_more, cqe_stale, cqe_unknown, retained;
	unsigned long selected, cb_pushes, released, buffer_calls, fd_calls, futex_calls;
	unsigned long freed_pending;
} seen_n;

static int real_fd[URB_FD_FILE + 1]; /* one fd of each kind, for the whole process */
static int epoll_fd;

static void fail(int line, const char *what)
{
	fprintf(stderr, "cqe_fuzz:%d: check failed: %s (step %u, %s)\n", line, what,
		F.step, F.doing ? F.doing : "-");
	abort();
}

#define TRACE(...) (F.trace ? fprintf(stderr, __VA_ARGS__) : 0)
#define CHECK(cond) ((cond) ? (void)0 : fail(__LINE__, #cond))
/* Holds for every stream the kernel could send; with URB_FUZZ_STRICT, for any. */
#define SCHECK(cond) ((!(F.strict || F.strict_env) || (cond)) ? (void)0 : fail(__LINE__, #cond))

/* ---- the input */

static uint8_t u8(void)
{
	return F.p < F.end ? *F.p++ : 0;
}

static uint16_t u16(void)
{
	uint16_t lo = u8();

	return (uint16_t)(lo | (uint16_t)u8() << 8);
}

static uint32_t u32(void)
{
	uint32_t lo = u16();

	return lo | (uint32_t)u16() << 16;
}

static uint64_t u64(void)
{
	uint64_t lo = u32();

	return lo | (uint64_t)u32() << 32;
}

/* ---- the books */

struct books {
	struct urb__rec recs[RECS];
	struct urb__fd_slot fds[NSLOTS];
	int owner[NSETS][MAX_BUFS];
	struct urb__buf_meta meta[NSETS][MAX_BUFS];
	struct { uint8_t group; uint32_t users; bool fixed; } sets[NSETS];
	struct urb__futex futex[FUTEXES];
	uint32_t fds_used[2];
	uint32_t recs_used;
	struct urb_stats stats;
};

static void take(struct books *k)
{
	struct urb_bearer *b = F.b;

	memset(k, 0, sizeof(*k));
	memcpy(k->recs, b->recs, sizeof(k->recs));
	memcpy(k->fds, b->fds, sizeof(k->fds));
	for (uint32_t s = 0; s < NSETS; s++) {
		for (uint32_t i = 0; i < MAX_BUFS; i++) {
			uint8_t *data;
			uint32_t cap;
			struct urb__buf_meta *m = urb__buf_meta(b, URB_BUF(s, i), &data, &cap);

			k->owner[s][i] = urb_buf_owner(b, URB_BUF(s, i));
			if (m)
				k->meta[s][i] = *m;
		}
		if (b->sets[s].mem.live) {
			k->sets[s].group = b->sets[s].group;
			k->sets[s].users = b->sets[s].users;
			k->sets[s].fixed = b->sets[s].fixed;
		}
	}
	memcpy(k->futex, b->futex, sizeof(k->futex));
	memcpy(k->fds_used, b->fds_used, sizeof(k->fds_used));
	k->recs_used = urb__recs_used(b);
	CHECK(urb_bearer_stats(b, &k->stats) == 0);
}

/* Nothing held changed: records in use, slots, buffers, sets, futexes. */
static bool same_holdings(const struct books *x, const struct books *y)
{
	for (unsigned i = 0; i < RECS; i++) {
		if (x->recs[i].state != y->recs[i].state)
			return false;
		if (x->recs[i].state != URB_OWN_REUSABLE &&
		    memcmp(&x->recs[i], &y->recs[i], sizeof(x->recs[i])) != 0)
			return false;
	}
	return memcmp(x->fds, y->fds, sizeof(x->fds)) == 0 &&
	       memcmp(x->owner, y->owner, sizeof(x->owner)) == 0 &&
	       memcmp(x->meta, y->meta, sizeof(x->meta)) == 0 &&
	       memcmp(x->sets, y->sets, sizeof(x->sets)) == 0 &&
	       memcmp(x->futex, y->futex, sizeof(x->futex)) == 0 &&
	       memcmp(x->fds_used, y->fds_used, sizeof(x->fds_used)) == 0 &&
	       x->recs_used == y->recs_used;
}

static bool same_counters(const struct urb_stats *x, const struct urb_stats *y)
{
	return x->submitted == y->submitted && x->completions == y->completions &&
	       x->stale_cqes == y->stale_cqes && x->unknown_cqes == y->unknown_cqes &&
	       x->refused_dispositions == y->refused_dispositions &&
	       x->bad_buffer_ids == y->bad_buffer_ids;
}

static struct live *find_live(uint64_t key)
{
	for (unsigned i = 0; i < F.nlive; i++)
		if (F.live[i].key == key)
			return &F.live[i];
	return NULL;
}

static void add_live(uint64_t key, void *cookie, unsigned op)
{
	CHECK(F.nlive < RECS);
	F.live[F.nlive++] = (struct live){ .key = key, .cookie = cookie, .op = (uint8_t)op };
}

static void add_dead(uint64_t key)
{
	F.dead[F.ndead++ % NDEAD] = key;
}

static void kill_live(struct live *l)
{
	add_dead(l->key);
	*l = F.live[--F.nlive];
}

/*
 * What a record holds, read back from its hold list into one flat shape
 * the model compares with (the layouts are documented in src/kind_*.c).
 */
#define MAX_FDS URB__REC_MAX_HOLDS
struct flat {
	bool skip_success;
	unsigned nfds;
	uint32_t fds[MAX_FDS];
	bool closes;
	bool has_buf, buf_write;
	urb_buf_t buf;
	bool has_target, target_done;
	urb_fd_t target;
	bool has_group;
	uint32_t group;
	unsigned set_action;
	unsigned nfutexes;
	uint32_t futexes[URB__FUTEXV_MAX];
};

static struct flat flat(const struct urb__rec *r)
{
	struct flat f = { .skip_success = r->skip_success };

	CHECK(r->nholds <= URB__REC_MAX_HOLDS);
	for (unsigned i = 0; i < r->nholds && i < URB__REC_MAX_HOLDS; i++) {
		const struct urb__hold *h = &r->holds[i];

		switch (h->kind) {
		case URB__KIND_FD:
			f.fds[f.nfds++] = h->id;
			f.closes |= h->flags & 1u; /* CLOSES */
			break;
		case URB__KIND_BUF:
			f.has_buf = true;
			f.buf = h->id;
			f.buf_write = h->flags & 1u; /* WRITE */
			break;
		case URB__KIND_TARGET:
			f.has_target = true;
			f.target = URB__TARGET_IS_SLOT((int32_t)h->id) ?
				   URB_SLOT(URB__TARGET_SLOT_INDEX((int32_t)h->id)) :
				   (int32_t)h->id == URB__TARGET_AUTO ? URB_AUTO_SLOT : URB_PLAIN;
			f.target_done = h->flags & 1u; /* DONE */
			break;
		case URB__KIND_GROUP:
			f.has_group = true;
			f.group = h->id;
			break;
		case URB__KIND_SET:
			f.set_action = h->aux;
			f.group = h->id;
			break;
		case URB__KIND_FUTEX: {
			const uint32_t *ids = h->flags & 1u /* VEC */ ?
				(const uint32_t *)((const uint8_t *)&r->u + h->arg) : &h->id;

			CHECK(h->aux <= URB__FUTEXV_MAX);
			for (unsigned j = 0; j < h->aux && j < URB__FUTEXV_MAX; j++)
				f.futexes[f.nfutexes++] = ids[j];
			break;
		}
		default:
			CHECK(h->kind < URB__KIND__COUNT);
			break;
		}
	}
	return f;
}

static struct live *live_at(uint32_t idx)
{
	for (unsigned i = 0; i < F.nlive; i++)
		if (URB__KEY_IDX(F.live[i].key) == idx)
			return &F.live[i];
	return NULL;
}

/*
 * Reservations of chosen slots (URB_SLOT(s) targets), as the dispatcher
 * keeps them: a push reserves slot s (its state is Kernel), and the
 * reservation ends when a CQE of a record naming s
 *   - succeeds (res >= 0): the slot is installed, on every success, F_MORE
 *     or not, even while the record stays pending (a single-shot op with
 *     F_MORE: only a kernel that lies sends it), or
 *   - is final and fails while s is still Kernel: the slot is freed.
 * The dispatcher knows only that s is reserved, not by whom, so a lying
 * CQE for a record whose reservation ended already ends the one another
 * record holds on s now.  The holder is the one pending record naming s
 * whose reservation has not ended; check_books() counts only those.
 */
static struct live *slot_holder(uint32_t s)
{
	for (unsigned i = 0; i < F.nlive; i++) {
		struct live *l = &F.live[i];
		struct flat h = flat(&F.b->recs[URB__KEY_IDX(l->key)]);

		if (!l->retained && !l->unreserved && h.has_target &&
		    URB_IS_SLOT(h.target) && URB_SLOT_INDEX(h.target) == s)
			return l;
	}
	return NULL;
}

/*
 * Before a CQE (@res, @final) for the pending record @r: ends the
 * reservation it will end.  Returns the slot whose state the CQE moves out
 * of Kernel, or -1.
 */
static int end_reservation(const struct urb__rec *r, int32_t res, bool final)
{
	struct flat h = flat(r);
	uint32_t s;
	struct live *holder;

	if (!h.has_target || !URB_IS_SLOT(h.target))
		return -1;
	s = URB_SLOT_INDEX(h.target);
	if (s >= NSLOTS || h.target_done || (res < 0 && !final))
		return -1;
	CHECK(F.b->fds[s].state == URB_OWN_KERNEL); /* reserved by this record until now */
	holder = slot_holder(s);
	if (holder)
		holder->unreserved = true;
	return (int)s;
}

static void check_books(void)
{
	struct urb_bearer *b = F.b;
	uint32_t users[NSLOTS] = { 0 }, closing[NSLOTS] = { 0 }, reserved[NSLOTS] = { 0 };
	uint32_t holders[NSETS][MAX_BUFS] = { { 0 } };
	uint32_t set_users[NSETS] = { 0 }, providing[NSETS] = { 0 }, waiters[FUTEXES] = { 0 };
	uint32_t per_op[URB_OP__COUNT] = { 0 };
	uint32_t in_use = 0, area[2] = { 0 }, nfree = 0, rings = 0;
	struct urb_stats st;

	CHECK(urb_bearer_stats(b, &st) == 0);
	for (unsigned i = 0; i < RECS; i++) {
		const struct urb__rec *r = &b->recs[i];
		const struct flat fl = flat(r), *h = &fl;

		CHECK(r->gen & 1); /* odd, so never 0 */
		CHECK(r->state == URB_OWN_REUSABLE || r->state == URB_OWN_KERNEL ||
		      r->state == URB_OWN_RETURNED);
		if (r->state == URB_OWN_REUSABLE) {
			CHECK(r->nholds == 0 && !r->skip_success);
			continue;
		}
		in_use++;
		CHECK(r->op < URB_OP__COUNT);
		per_op[r->op]++;
		if (r->state != URB_OWN_KERNEL)
			continue;
		for (unsigned j = 0; j < h->nfds; j++) {
			CHECK(h->fds[j] < NSLOTS);
			users[h->fds[j]]++;
			/* a close the kernel overtook (its slot filled again) holds, closes no more */
			closing[h->fds[j]] += h->closes && !b->fds[h->fds[j]].reborn;
		}
		if (h->has_buf) {
			CHECK(URB_BUF_SET(h->buf) < NSETS && URB_BUF_INDEX(h->buf) < MAX_BUFS);
			holders[URB_BUF_SET(h->buf)][URB_BUF_INDEX(h->buf)]++;
		}
		if (h->has_target && URB_IS_SLOT(h->target)) {
			const struct live *l = live_at(i);

			CHECK(URB_SLOT_INDEX(h->target) < REG_FD);
			if (!l || !l->unreserved)
				reserved[URB_SLOT_INDEX(h->target)]++;
		}
		if (h->has_group || h->set_action) {
			CHECK(h->group < NSETS);
			set_users[h->group] += h->has_group + !!h->set_action;
			providing[h->group] += h->set_action == URB__SET_PROVIDE;
		}
		for (unsigned j = 0; j < h->nfutexes; j++) {
			CHECK(h->futexes[j] < FUTEXES);
			waiters[h->futexes[j]]++;
		}
	}
	CHECK(in_use == urb__recs_used(b));
	CHECK(st.pending == in_use);
	CHECK(st.capacity_used[URB_CAP_PENDING_COMPLETIONS] == in_use);
	for (unsigned op = 0; op < URB_OP__COUNT; op++)
		CHECK(st.pending_per_op[op] == per_op[op]);
	for (uint32_t at = b->free_head; at != URB__NO_REC; at = urb__rec_at(b, at)->next_free) {
		uint32_t i = at / (uint32_t)(sizeof(*b->recs) / URB__REC_STEP); /* the free list's names */

		CHECK(i < RECS && urb__rec_at(b, at) == &b->recs[i]);
		CHECK(b->recs[i].state == URB_OWN_REUSABLE);
		CHECK(++nfree <= RECS);
	}
	CHECK(nfree == RECS - in_use);

	for (unsigned s = 0; s < NSLOTS; s++) {
		const struct urb__fd_slot *fs = &b->fds[s];

		/* a slot number the kernel lies about can reset users: see the header */
		SCHECK(fs->users == users[s]);
		CHECK(closing[s] <= 1 && fs->closing == closing[s]);
		CHECK(fs->state == URB_OWN_REUSABLE || fs->state == URB_OWN_REGISTERED ||
		      fs->state == URB_OWN_KERNEL);
		if (fs->state != URB_OWN_REUSABLE)
			area[s >= REG_FD]++;
		SCHECK(users[s] == 0 || fs->state == URB_OWN_REGISTERED);
		SCHECK(reserved[s] <= 1);
		SCHECK((fs->state == URB_OWN_KERNEL) == (reserved[s] == 1));
	}
	SCHECK(area[0] == b->fds_used[0] && area[1] == b->fds_used[1]);
	CHECK(st.capacity_used[URB_CAP_REGISTERED_FD] == b->fds_used[0]);
	CHECK(st.capacity_used[URB_CAP_DIRECT_FD] == b->fds_used[1]);

	for (uint32_t s = 0; s < NSETS; s++) {
		const struct urb__bufset *set = &b->sets[s];

		if (!set->mem.live) {
			CHECK(set_users[s] == 0);
			for (uint32_t i = 0; i < MAX_BUFS; i++)
				CHECK(holders[s][i] == 0 && urb_buf_owner(b, URB_BUF(s, i)) < 0);
			continue;
		}
		CHECK(set->users == set_users[s]);
		CHECK((set->group == URB__GROUP_PENDING) == (providing[s] == 1));
		CHECK(providing[s] <= 1);
		CHECK((set->group == URB__GROUP_RING) == (set->ring != NULL));
		if (set->group == URB__GROUP_RING) {
			CHECK(set->ring >= b->rings && set->ring < b->rings + b->cap.buffer_rings &&
			      set->ring->mem.live);
			rings++;
		}
		for (uint32_t i = 0; i < MAX_BUFS; i++) {
			int owner = urb_buf_owner(b, URB_BUF(s, i));
			const struct urb__buf_meta *m;
			uint8_t *data;
			uint32_t cap;

			if (i >= set->nbufs) {
				CHECK(owner < 0 && holders[s][i] == 0);
				continue;
			}
			m = urb__buf_meta(b, URB_BUF(s, i), &data, &cap);
			CHECK(m != NULL && owner == m->state);
			CHECK(holders[s][i] <= 1);
			CHECK(!(holders[s][i] && m->in_group));
			CHECK((owner == URB_OWN_KERNEL) == (holders[s][i] == 1 || m->in_group));
			if (m->in_group)
				CHECK(set->group != URB__GROUP_NONE);
			CHECK(m->len <= cap);
		}
	}
	CHECK(rings == b->rings_used);

	for (uint32_t id = 0; id < FUTEXES; id++) {
		CHECK(b->futex[id].waiters == waiters[id]);
		if (waiters[id])
			CHECK(b->futex[id].word != NULL);
	}

	CHECK(F.nlive == in_use);
	for (unsigned i = 0; i < F.nlive; i++) {
		const struct live *l = &F.live[i];
		bool stale;
		const struct urb__rec *r = urb__rec_lookup(b, l->key, &stale);

		CHECK(r != NULL);
		CHECK(r->op == l->op && r->user == l->cookie);
		CHECK(r->state == (l->retained ? URB_OWN_RETURNED : URB_OWN_KERNEL));
	}
	for (unsigned i = 0; i < F.ndead && i < NDEAD; i++) {
		bool stale;

		CHECK(urb__rec_lookup(b, F.dead[i], &stale) == NULL && stale);
	}
}

/* ---- picking arguments */

static uint32_t pick_slot(uint8_t sel, uint32_t kinds_mask)
{
	struct urb_bearer *b = F.b;

	switch (sel & 7) {
	default: /* a registered slot of a kind the op takes, when there is one */
		for (uint32_t n = 0; n < NSLOTS; n++) {
			uint32_t s = ((uint32_t)(sel >> 3) + n) % NSLOTS;

			if (b->fds[s].state == URB_OWN_REGISTERED &&
			    (kinds_mask & (1u << b->fds[s].kind)))
				return s;
		}
		/* fall through */
	case 5:
	case 6:
		return (uint32_t)(sel >> 3) % NSLOTS;
	case 7:
		return NSLOTS + (uint32_t)(sel >> 3);
	}
}

static urb_buf_t pick_buf(uint8_t sel)
{
	uint32_t set = (uint32_t)(sel >> 3) % NMADE;

	switch (sel & 7) {
	default:
		return URB_BUF(set, (uint32_t)(sel >> 5) % set_nbufs[set]);
	case 6: /* a set that does not exist */
		return URB_BUF(NMADE + ((sel >> 3) & 7), 0);
	case 7: /* past the end of its set */
		return URB_BUF(set, set_nbufs[set] + (uint32_t)(sel >> 5));
	}
}

static uint32_t pick_set(uint8_t sel)
{
	return (sel & 7) == 7 ? (uint32_t)NSETS + (sel >> 3) : (uint32_t)(sel >> 3) % NSETS;
}

static uint32_t pick_futex(uint8_t sel)
{
	return (sel & 7) == 7 ? (uint32_t)FUTEXES + (sel >> 3) : (uint32_t)(sel >> 3) % FUTEXES;
}

static urb_fd_t pick_target(uint8_t sel)
{
	switch (sel & 3) {
	case 0:
		return URB_PLAIN;
	case 1:
		return URB_AUTO_SLOT;
	case 2:
		return URB_SLOT((uint32_t)(sel >> 2) % (REG_FD + 2));
	default:
		return (urb_fd_t){ (uint64_t)(sel >> 2) * 0x0100000101000001ull - 3 }; /* no form */
	}
}

static uint32_t pick_submit(uint8_t sel)
{
	switch (sel & 7) {
	case 6:
		return URB_SUBMIT_SKIP_SUCCESS;
	case 7:
		return (uint32_t)(sel >> 3) & 0x3f; /* unknown bits included */
	default:
		return 0;
	}
}

static uint64_t pick_key(void)
{
	uint8_t s = u8();
	uint32_t idx;

	switch (s & 7) {
	case 0:
	case 1:
	case 2:
	case 3:
		if (F.nlive)
			return F.live[(s >> 3) % F.nlive].key;
		/* fall through */
	case 4:
		if (F.ndead)
			return F.dead[(s >> 3) % (F.ndead < NDEAD ? F.ndead : NDEAD)];
		return URB__KEY(1, RECS);
	case 5:
		if (s & 8) { /* a slot that exists, a guessed generation */
			idx = u8() % RECS;
			return URB__KEY(u32(), idx);
		}
		idx = RECS + u16(); /* past the slab */
		return URB__KEY(1 + u8(), idx);
	case 6: {
		static const uint64_t special[] = {
			0, LIBURING_UDATA_TIMEOUT, LIBURING_UDATA_TIMEOUT - 1,
			URB__KEY(0, 0), URB__KEY(0, 1), URB__KEY(UINT32_MAX, 0),
			URB__KEY(1, UINT32_MAX), URB__KEY(0, 0x7fffffffu),
			/* the old recycle keys: gen 0, the top bit, a buffer */
			URB__KEY(0, 0x80000000u), URB__KEY(0, 0x80010007u),
			/* urb's own keys with a wrong salt */
			URB__KEY_INTERNAL(0, URB_BUF(0, 0)), URB__KEY_INTERNAL(1, URB_BUF(1, 7)),
		};

		if (s & 8) /* urb's own recycle key for a buffer that exists, or not */
			return URB__KEY_INTERNAL(F.b->key_salt, (s & 16) ? pick_buf(u8()) : u32());
		return special[(s >> 4) % (sizeof(special) / sizeof(special[0]))];
	}
	default:
		return u64();
	}
}

static int32_t pick_res(void)
{
	static const int32_t errs[] = {
		-ECANCELED, -EINVAL, -ENOENT, -EALREADY, -EAGAIN, -ECONNRESET,
		-EPIPE, -ENFILE, -EMFILE, -EBADF, -ETIME, -EINTR, -ENOBUFS,
		-EFAULT, -ECONNREFUSED, -ENOTCONN,
	};
	static const int32_t lens[] = { 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 4096 };
	static const int32_t edge[] = { INT32_MIN, INT32_MAX, -1, -4095, -4096, 1 << 20, -10000, -9999 };
	uint8_t s = u8();

	switch (s & 7) {
	case 0:
		return 0;
	case 1:
		return s >> 3;
	case 2:
		return errs[(s >> 3) % (sizeof(errs) / sizeof(errs[0]))];
	case 3: /* around the kernel's area of the fd table */
		return REG_FD - 1 + (s >> 3) % (DIRECT_FD + 2);
	case 4:
		return lens[(s >> 3) % (sizeof(lens) / sizeof(lens[0]))];
	case 5:
		return (int32_t)u32();
	case 6:
		return edge[(s >> 3) % (sizeof(edge) / sizeof(edge[0]))];
	default:
		return -ECANCELED;
	}
}

static uint32_t pick_flags(void)
{
	uint8_t s = u8();
	uint32_t f = 0;

	if (s & 1)
		f |= IORING_CQE_F_BUFFER;
	if (s & 2)
		f |= IORING_CQE_F_MORE;
	if (s & 4)
		f |= IORING_CQE_F_SOCK_NONEMPTY;
	if (s & 8)
		f |= IORING_CQE_F_NOTIF;
	if (s & 16) /* a buffer id: small ones are in range */
		f |= (s & 32 ? (uint32_t)u16() : (uint32_t)(u8() % (MAX_BUFS + 1))) << IORING_CQE_BUFFER_SHIFT;
	if ((s & 0xc0) == 0xc0)
		f |= 1u << 4; /* a flag bit nobody defined yet */
	return f;
}

/* Makes a CQE for a pending record one the kernel could send. */
static void make_plausible(const struct live *l, const struct urb__rec *r, int32_t *res,
			   uint32_t *flags)
{
	struct urb_bearer *b = F.b;
	const struct urb__opdef *def = urb__def(r->op);
	const struct flat fl = flat(r), *h = &fl;

	*flags &= IORING_CQE_F_MORE | IORING_CQE_F_SOCK_NONEMPTY;
	if (def->lifetime == URB__LIFE_NOTIF) {
		/* the result with F_MORE, then the notification alone */
		if (l->cqes > 0) {
			*res = 0;
			*flags = IORING_CQE_F_NOTIF;
			return;
		}
		if (*res >= 0)
			*flags |= IORING_CQE_F_MORE;
	} else if (def->lifetime != URB__LIFE_MULTISHOT || *res <= 0) {
		*flags &= ~IORING_CQE_F_MORE;
	}
	if (*res < 0)
		return;
	if (h->has_target && URB_IS_AUTO_SLOT(h->target)) {
		*res = -ENFILE;
		for (uint32_t s = REG_FD; s < NSLOTS; s++)
			if (b->fds[s].state == URB_OWN_REUSABLE) {
				*res = (int32_t)s;
				break;
			}
		if (*res < 0)
			*flags &= ~IORING_CQE_F_MORE;
	} else if (h->has_target && URB_IS_SLOT(h->target)) {
		*res = 0;
	} else if (h->has_buf) {
		uint8_t *data;
		uint32_t cap;
		struct urb__buf_meta *m = urb__buf_meta(b, h->buf, &data, &cap);

		*res %= (int32_t)(h->buf_write ? cap : m->len) + 1;
	} else if (h->has_group) {
		const struct urb__bufset *s = &b->sets[h->group];

		if (*res == 0)
			return;
		for (uint32_t i = 0; i < s->nbufs; i++)
			if (s->meta[i].in_group && s->meta[i].state == URB_OWN_KERNEL) {
				*res %= (int32_t)s->len + 1;
				*flags |= IORING_CQE_F_BUFFER | i << IORING_CQE_BUFFER_SHIFT;
				return;
			}
		*res = -ENOBUFS;
		*flags &= ~IORING_CQE_F_MORE;
	} else if (r->op == URB_OP_EPOLL_WAIT) {
		*res %= EPOLL_EVENTS + 1;
	} else if (r->op == URB_OP_FUTEX_WAITV) {
		*res %= h->nfutexes;
	} else if (r->op == URB_OP_REMOVE_BUFFERS) {
		*res %= (int32_t)b->sets[h->group].nbufs + 1;
	} else if (def->result == URB__RES_NONE) {
		*res = 0;
	}
}

/* ---- steps */

static void push_one(bool in_callback);
static enum urb_disposition on_cqe(struct urb_bearer *b, const struct urb_completion *c,
				   void *user);

/* One CQE through the dispatcher, as urb_bearer_completions() would feed it. */
static int dispatch(uint64_t key, int32_t res, uint32_t flags)
{
	return urb__dispatch_cqe(F.b, key, res, flags, on_cqe, &F);
}

static void release_one_retained(void)
{
	for (unsigned i = 0; i < F.nlive; i++) {
		if (!F.live[i].retained)
			continue;
		CHECK(urb_release(F.b, F.live[i].key) == 0);
		kill_live(&F.live[i]);
		return;
	}
}

static enum urb_disposition on_cqe(struct urb_bearer *b, const struct urb_completion *c,
				   void *user)
{
	struct fz *f = user;
	const struct urb__rec *r;
	bool stale;

	CHECK(f == &F);
	f->calls++;
	f->seen = *c;
	if (c->op == URB_OP_STALE) {
		f->stale_calls++;
		return f->answer;
	}
	r = urb__rec_lookup(b, c->key, &stale);
	CHECK(r != NULL && r->op == c->op && r->user == c->user);
	CHECK(r->state == (c->final ? URB_OWN_RETURNED : URB_OWN_KERNEL));
	if (flat(r).has_buf)
		CHECK(urb_buf_owner(b, flat(r).buf) == (c->final ? URB_OWN_RETURNED : URB_OWN_KERNEL));
	if (c->selected != URB_BUF_NONE) {
		uint8_t *data;
		uint32_t cap;
		const struct urb__buf_meta *m = urb__buf_meta(b, c->selected, &data, &cap);

		CHECK(flat(r).has_group && flat(r).group == URB_BUF_SET(c->selected));
		CHECK(m != NULL && m->state == URB_OWN_RETURNED && !m->in_group);
		CHECK(m->len <= cap);
		seen_n.selected++;
	}
	if (c->op == URB_OP_RECV || c->op == URB_OP_RECV_MULTI) {
		const struct urb_data *d = c->op == URB_OP_RECV ? &c->u.recv.data
								: &c->u.recv_multi.data;
		uint8_t *data;
		uint32_t cap;

		if (c->op == URB_OP_RECV)
			CHECK(d->buf == flat(r).buf);
		else
			CHECK(d->buf == c->selected);
		if (d->data) {
			CHECK(urb__buf_meta(b, d->buf, &data, &cap) != NULL && d->data == data);
			/* exactly the bytes the kernel reported, never past the buffer */
			CHECK(c->result >= 0 && d->len <= cap &&
			      d->len == ((uint32_t)c->result < cap ? (uint32_t)c->result : cap));
		} else {
			CHECK(d->len == 0);
		}
	}
	if (c->op == URB_OP_EPOLL_WAIT) {
		CHECK((c->u.epoll_wait.ready.events != NULL) == (c->result >= 0));
		CHECK(c->u.epoll_wait.ready.count <= EPOLL_EVENTS);
	}
	if (c->op == URB_OP_ACCEPT) {
		CHECK((c->u.accept.peer.addr != NULL) == (c->result >= 0));
		if (c->result >= 0 && URB_IS_PLAIN(flat(r).target))
			CHECK(c->u.accept.conn.fd == c->result && c->u.accept.conn.slot == -1);
		if (c->result >= 0 && !URB_IS_PLAIN(flat(r).target))
			CHECK(c->u.accept.conn.fd == -1 && c->u.accept.conn.slot >= 0);
		if (c->result < 0)
			CHECK(c->u.accept.conn.fd == -1 && c->u.accept.conn.slot == -1);
	}
	if (f->cb_action & 4) {
		CHECK(urb_bearer_completions(b, on_cqe, f) == URB_EREENTER);
		CHECK(urb_bearer_free(b) == URB_EREENTER);
	}
	if (f->cb_action & 1) {
		push_one(true);
		f->cb_touched = true;
	}
	if (f->cb_action & 2)
		release_one_retained();
	if ((f->cb_action & 8) && c->final && flat(r).has_buf && !(f->cb_action & 1)) {
		/* the buffer is the user's again: reuse it at once */
		int rc = urb_buf_release(b, flat(r).buf);

		CHECK(rc == 0 || (rc == URB_ENOTALLOWED &&
				  b->sets[URB_BUF_SET(flat(r).buf)].group != URB__GROUP_NONE));
		f->cb_touched = true;
	}
	if ((f->cb_action & 32) && c->selected != URB_BUF_NONE) {
		int owner = urb_buf_owner(b, c->selected);
		bool chained = b->sets[URB_BUF_SET(c->selected)].group == URB__GROUP_LEGACY &&
			       urb__chain_open(b);
		int rc = urb_buf_recycle(b, c->selected);

		/* unless a push from this callback took it already, or a chain is open */
		CHECK(owner == URB_OWN_KERNEL ? rc == URB_EOWNERSHIP :
		      chained ? rc == URB_EBUSY : rc == 0 || rc == URB_EATCAPACITY);
		f->cb_touched = true;
	}
	if (f->cb_action & 16) /* the callback's answer decides this record, not a release */
		CHECK(urb_release(b, c->key) == (c->final ? URB_EBUSY : URB_EOWNERSHIP));
	return f->answer;
}

/* urb's own key for a buffer with a legacy recycle in flight: urb reads it as its own. */
static bool is_recycle_key(uint64_t key)
{
	uint8_t *data;
	uint32_t cap;
	const struct urb__buf_meta *m;

	if (!URB__KEY_IS_INTERNAL(F.b->key_salt, key))
		return false;
	m = urb__buf_meta(F.b, URB__KEY_INTERNAL_BUF(key), &data, &cap);
	return m && m->recycling;
}

static void cqe_step(uint8_t cmd, bool with_action)
{
	static const enum urb_disposition answers[] = {
		URB_DEFAULT, URB_RETAIN, URB_FORGET, (enum urb_disposition)7,
	};
	struct urb_bearer *b = F.b;
	uint64_t key = pick_key();
	int32_t res = pick_res();
	uint32_t flags = pick_flags();
	struct live *l = find_live(key);
	struct live was = l ? *l : (struct live){ 0 };
	bool pending = l && !l->retained;
	struct urb__rec rec = { 0 };
	struct books before, after;
	bool final, recycle_key;
	int unreserved = -1;

	F.doing = "cqe";
	F.answer = answers[(cmd >> 4) & 3];
	F.cb_action = with_action ? u8() : 0;
	F.cb_touched = false;
	F.calls = F.stale_calls = 0;
	recycle_key = is_recycle_key(key);
	if (pending) {
		rec = b->recs[URB__KEY_IDX(key)];
		if (F.strict)
			make_plausible(l, &rec, &res, &flags);
	} else if (recycle_key && F.strict) {
		/* the kernel names only buffers urb gave back to a provided group */
		urb_buf_t buf = URB__KEY_INTERNAL_BUF(key);
		uint8_t *data;
		uint32_t cap;
		const struct urb__buf_meta *m = urb__buf_meta(b, buf, &data, &cap);

		if (!m || !m->in_group || (b->sets[URB_BUF_SET(buf)].group != URB__GROUP_LEGACY &&
					   b->sets[URB_BUF_SET(buf)].group != URB__GROUP_REMOVING))
			key = URB__KEY(0, 0);
	}
	recycle_key = is_recycle_key(key);
	TRACE("%u: cqe key %#llx (%s) res %d flags %#x answer %d action %#x\n", F.step,
	      (unsigned long long)key, pending ? urb_op_name((enum urb_op)was.op) : "not pending",
	      res, flags, F.answer, F.cb_action);
	take(&before);
	if (pending)
		unreserved = end_reservation(&rec, res, !(flags & IORING_CQE_F_MORE));
	CHECK(dispatch(key, res, flags) == 0);
	take(&after);
	if (pending && flat(&rec).has_target && URB_IS_SLOT(flat(&rec).target) && !F.cb_touched) {
		uint32_t s = URB_SLOT_INDEX(flat(&rec).target);
		int then = before.fds[s].state, now = after.fds[s].state;

		if (unreserved >= 0) /* installed, or freed */
			CHECK(now == (res >= 0 ? URB_OWN_REGISTERED : URB_OWN_REUSABLE));
		else /* its reservation has ended: no later CQE of the record moves the slot */
			CHECK(now == then);
	}

	if (key == LIBURING_UDATA_TIMEOUT || recycle_key) {
		CHECK(F.calls == 0);
		CHECK(memcmp(before.recs, after.recs, sizeof(before.recs)) == 0);
		if (key == LIBURING_UDATA_TIMEOUT) {
			CHECK(same_holdings(&before, &after));
		} else {
			/*
			 * The CQE of a legacy recycle in flight: that buffer, and only
			 * it, is one recycle fewer in flight, and the user's again if
			 * the kernel refused it.
			 */
			urb_buf_t buf = URB__KEY_INTERNAL_BUF(key);
			uint32_t s = URB_BUF_SET(buf), i = URB_BUF_INDEX(buf);

			CHECK(after.meta[s][i].recycling == before.meta[s][i].recycling - 1);
			CHECK(after.stats.recycle_failures == before.stats.recycle_failures + (res < 0));
			if (res < 0 && before.meta[s][i].in_group &&
			    before.owner[s][i] == URB_OWN_KERNEL)
				CHECK(after.owner[s][i] == URB_OWN_RETURNED && !after.meta[s][i].in_group);
			if (res >= 0)
				CHECK(after.owner[s][i] == before.owner[s][i]);
			before.owner[s][i] = after.owner[s][i];
			before.meta[s][i] = after.meta[s][i];
			CHECK(same_holdings(&before, &after));
		}
		check_books();
		return;
	}
	if (!pending) {
		bool unknown = URB__KEY_IDX(key) >= RECS || URB__KEY_GEN(key) == 0;

		if (unknown)
			seen_n.cqe_unknown++;
		else
			seen_n.cqe_stale++;
		CHECK(F.calls == 1 && F.stale_calls == 1);
		CHECK(F.seen.key == key && F.seen.result == res && F.seen.cqe_flags == flags);
		CHECK(F.seen.final && !F.seen.more && F.seen.user == NULL);
		CHECK(F.seen.selected == URB_BUF_NONE);
		/* a stale key touches nothing, not even a free record's generation */
		CHECK(memcmp(before.recs, after.recs, sizeof(before.recs)) == 0);
		CHECK(same_holdings(&before, &after));
		CHECK(after.stats.completions == before.stats.completions);
		if (unknown) {
			CHECK(after.stats.unknown_cqes == before.stats.unknown_cqes + 1);
			CHECK(after.stats.stale_cqes == before.stats.stale_cqes);
		} else {
			CHECK(after.stats.stale_cqes == before.stats.stale_cqes + 1);
			CHECK(after.stats.unknown_cqes == before.stats.unknown_cqes);
		}
		check_books();
		return;
	}

	final = !(flags & IORING_CQE_F_MORE);
	seen_n.cqe_pending++;
	if (final)
		seen_n.cqe_final++;
	else
		seen_n.cqe_more++;
	if (flat(&rec).skip_success && res >= 0) {
		/* a success the push asked not to hear of: no callback, the record goes */
		CHECK(F.calls == 0);
		CHECK(after.stats.completions == before.stats.completions + 1);
		l = find_live(key);
		CHECK(l != NULL);
		if (final)
			kill_live(l);
		check_books();
		return;
	}
	CHECK(F.calls == 1 && F.stale_calls == 0);
	CHECK(F.seen.key == key && F.seen.op == was.op && F.seen.user == was.cookie);
	/* the kernel's -ENFILE for a full direct area is urb's capacity error */
	CHECK(F.seen.result == (res == -ENFILE && flat(&rec).has_target &&
				URB_IS_AUTO_SLOT(flat(&rec).target) &&
				before.fds_used[1] >= DIRECT_FD ? URB_EATCAPACITY : res));
	CHECK(F.seen.cqe_flags == flags);
	CHECK(F.seen.more == !final && F.seen.final == final);
	CHECK(F.seen.notif == !!(flags & IORING_CQE_F_NOTIF));
	CHECK(after.stats.completions == before.stats.completions + 1);
	CHECK(after.stats.stale_cqes == before.stats.stale_cqes);
	if (!final && F.answer == URB_FORGET)
		CHECK(after.stats.refused_dispositions == before.stats.refused_dispositions + 1);
	if (flat(&rec).has_group && (flags & IORING_CQE_F_BUFFER)) {
		uint32_t i = flags >> IORING_CQE_BUFFER_SHIFT, s = flat(&rec).group;
		bool held = i < MAX_BUFS && before.meta[s][i].in_group &&
			    before.owner[s][i] == URB_OWN_KERNEL;

		CHECK(after.stats.bad_buffer_ids == before.stats.bad_buffer_ids + !held);
		if (!held)
			CHECK(F.seen.selected == URB_BUF_NONE);
		else if (res >= 0)
			CHECK(F.seen.selected == URB_BUF(s, i));
	} else {
		CHECK(F.seen.selected == URB_BUF_NONE);
		CHECK(after.stats.bad_buffer_ids == before.stats.bad_buffer_ids);
	}
	l = find_live(key); /* the callback may have moved it */
	CHECK(l != NULL);
	l->cqes++;
	if (final) {
		if (F.answer == URB_RETAIN && urb__def(was.op)->retain_ok) {
			l->retained = true;
			seen_n.retained++;
		} else {
			kill_live(l);
		}
		if (flat(&rec).has_buf && !F.cb_touched) {
			uint32_t s = URB_BUF_SET(flat(&rec).buf), i = URB_BUF_INDEX(flat(&rec).buf);

			CHECK(after.owner[s][i] == URB_OWN_RETURNED);
			if (flat(&rec).buf_write) /* what the kernel reported, never past the buffer */
				CHECK(after.meta[s][i].len ==
				      (res > 0 ? ((uint32_t)res < b->sets[s].len ? (uint32_t)res
										 : b->sets[s].len) : 0));
			else
				CHECK(after.meta[s][i].len == before.meta[s][i].len);
		}
	}
	check_books();
}

/* ---- pushing every op */

struct push_args {
	uint8_t a, c, d;
	uint32_t submit;
	void *cookie;
	uint64_t *key;
};

#define OPTS(type, ...) struct type o = { .submit_flags = x->submit, .user = x->cookie, \
					  .key_out = x->key, __VA_ARGS__ }
#define SOCKS (URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_STREAM))

static int push_accept(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_accept_opts, .target = pick_target(x->c),
	     .flags = (x->d & 1 ? SOCK_NONBLOCK : 0) | (x->d & 2 ? SOCK_CLOEXEC : 0));
	return urb_push_accept(b, URB_SLOT(pick_slot(x->a, URB__FDK(URB_FD_ACCEPTOR))), &o);
}

static int push_accept_multi(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_accept_multi_opts, .target = pick_target(x->c),
	     .flags = (x->d & 1 ? SOCK_NONBLOCK : 0) | (x->d & 2 ? SOCK_CLOEXEC : 0));
	return urb_push_accept_multi(b, URB_SLOT(pick_slot(x->a, URB__FDK(URB_FD_ACCEPTOR))), &o);
}

static int push_cancel(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_cancel_opts, .cancel_flags = (x->c & 3) == 3 ? x->c : 0);
	uint64_t target;

	if ((x->a & 3) != 3 && F.nlive)
		target = F.live[(x->a >> 2) % F.nlive].key;
	else if ((x->a & 1) && F.ndead)
		target = F.dead[(x->a >> 2) % (F.ndead < NDEAD ? F.ndead : NDEAD)];
	else
		target = URB__KEY(x->a, x->c);
	return urb_push_cancel(b, target, &o);
}

static int push_close(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_close_opts);
	urb_fd_t fd;

	if ((x->a & 3) < 2)
		fd = URB_SLOT(pick_slot(x->c, 0x1e));
	else if ((x->a & 3) == 2)
		fd = URB_FD(1000 + x->c); /* a plain fd: never submitted, never closed */
	else
		fd = URB_FD((int32_t)((uint32_t)x->c << 24 | x->d));
	return urb_push_close(b, fd, &o);
}

static int push_connect(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_connect_opts);
	struct sockaddr_in sin = {
		.sin_family = AF_INET, .sin_port = htons(9),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	static const socklen_t lens[] = {
		sizeof(struct sockaddr_in), 0, 1, sizeof(struct sockaddr_storage) + 1,
	};

	return urb_push_connect(b, URB_SLOT(pick_slot(x->a, SOCKS)),
				(x->c & 12) == 12 ? NULL : (struct sockaddr *)&sin,
				lens[x->c & 3], &o);
}

static int push_epoll_ctl(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_epoll_ctl_opts);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = x->d };

	return urb_push_epoll_ctl(b, URB_FD((x->a & 3) ? epoll_fd : -1 - x->a),
				  1 + x->c % 3, URB_FD(real_fd[1 + (x->c >> 2) % 4]),
				  (x->c & 0x80) ? NULL : &ev, &o);
}

static int push_epoll_wait(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_epoll_wait_opts);

	return urb_push_epoll_wait(b, URB_FD((x->a & 3) ? epoll_fd : -1 - x->a), &o);
}

static int push_futex_wait(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_futex_wait_opts);

	return urb_push_futex_wait(b, pick_futex(x->a), x->c, &o);
}

static int push_futex_waitv(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_futex_waitv_opts);
	struct urb_futex_wait waits[URB__FUTEXV_MAX + 2];
	uint32_t n = x->c % (URB__FUTEXV_MAX + 2);

	for (uint32_t i = 0; i < URB__FUTEXV_MAX + 2; i++)
		waits[i] = (struct urb_futex_wait){
			.futex = pick_futex((uint8_t)(x->a + i * 8)), .val = x->d,
		};
	return urb_push_futex_waitv(b, (x->d & 0x80) ? NULL : waits, n, &o);
}

static int push_futex_wake(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_futex_wake_opts);

	return urb_push_futex_wake(b, pick_futex(x->a), x->c, &o);
}

static int push_nop(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_nop_opts);

	return urb_push_nop(b, &o);
}

static int push_provide_buffers(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_provide_buffers_opts);

	return urb_push_provide_buffers(b, pick_set(x->a), &o);
}

static int push_recv(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_recv_opts, .msg_flags = x->d & 1 ? MSG_WAITALL : 0);

	return urb_push_recv(b, URB_SLOT(pick_slot(x->a, SOCKS)), pick_buf(x->c), &o);
}

static int push_recv_multi(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_recv_multi_opts);

	return urb_push_recv_multi(b, URB_SLOT(pick_slot(x->a, SOCKS)), pick_set(x->c), &o);
}

static int push_remove_buffers(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_remove_buffers_opts);

	return urb_push_remove_buffers(b, pick_set(x->a), &o);
}

static int push_send(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_send_opts, .msg_flags = x->d & 1 ? MSG_NOSIGNAL : 0);

	return urb_push_send(b, URB_SLOT(pick_slot(x->a, SOCKS)), pick_buf(x->c), &o);
}

static int push_send_zc(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_send_zc_opts, .msg_flags = x->d & 1 ? MSG_NOSIGNAL : 0);

	return urb_push_send_zc(b, URB_SLOT(pick_slot(x->a, SOCKS)), pick_buf(x->c), &o);
}

static int push_shutdown(struct urb_bearer *b, const struct push_args *x)
{
	OPTS(urb_shutdown_opts);

	return urb_push_shutdown(b, URB_SLOT(pick_slot(x->a, SOCKS)), x->c % 4, &o);
}

static int push_socket(struct urb_bearer *b, const struct push_args *x)
{
	static const int32_t domains[] = { AF_INET, AF_INET6, AF_UNIX, -1 };
	OPTS(urb_socket_opts, .target = pick_target(x->c));

	return urb_push_socket(b, domains[x->a & 3],
			       SOCK_STREAM | (x->d & 1 ? SOCK_CLOEXEC : 0) |
			       (x->d & 2 ? SOCK_NONBLOCK : 0), 0, &o);
}

static const struct {
	enum urb_op op;
	int (*push)(struct urb_bearer *b, const struct push_args *x);
} pushers[] = {
	{ URB_OP_ACCEPT, push_accept },
	{ URB_OP_ACCEPT_MULTI, push_accept_multi },
	{ URB_OP_CANCEL, push_cancel },
	{ URB_OP_CLOSE, push_close },
	{ URB_OP_CONNECT, push_connect },
	{ URB_OP_EPOLL_CTL, push_epoll_ctl },
	{ URB_OP_EPOLL_WAIT, push_epoll_wait },
	{ URB_OP_FUTEX_WAIT, push_futex_wait },
	{ URB_OP_FUTEX_WAITV, push_futex_waitv },
	{ URB_OP_FUTEX_WAKE, push_futex_wake },
	{ URB_OP_NOP, push_nop },
	{ URB_OP_PROVIDE_BUFFERS, push_provide_buffers },
	{ URB_OP_RECV, push_recv },
	{ URB_OP_RECV_MULTI, push_recv_multi },
	{ URB_OP_REMOVE_BUFFERS, push_remove_buffers },
	{ URB_OP_SEND, push_send },
	{ URB_OP_SEND_ZC, push_send_zc },
	{ URB_OP_SHUTDOWN, push_shutdown },
	{ URB_OP_SOCKET, push_socket },
};
#define NPUSHERS (sizeof(pushers) / sizeof(pushers[0]))

static void push_one(bool in_callback)
{
	struct urb_bearer *b = F.b;
	uint8_t opsel = u8();
	unsigned which = opsel % NPUSHERS;
	enum urb_op op = pushers[which].op;
	uint64_t key = 0;
	struct push_args x = { .a = u8(), .c = u8(), .d = u8(), .key = &key };
	struct books before, after;
	int rc;

	x.submit = pick_submit(x.d >> 2);
	x.cookie = (void *)++F.cookies;
	F.doing = urb_op_name(op);
	take(&before);
	rc = pushers[which].push(b, &x);
	take(&after);
	TRACE("%u: %spush %s a %#x c %#x d %#x -> %s key %#llx\n", F.step,
	      in_callback ? "  (callback) " : "", urb_op_name(op), x.a, x.c, x.d,
	      urb_err_name(rc), (unsigned long long)key);
	if (rc < 0) {
		seen_n.refused++;
		CHECK(URB_IS_LIB_ERROR(rc));
		CHECK(key == 0);
		CHECK(same_holdings(&before, &after));
		CHECK(same_counters(&before.stats, &after.stats));
		if (rc == URB_EATCAPACITY) {
			enum urb_capacity_kind kind;
			uint64_t setting;

			seen_n.at_capacity++;
			CHECK(urb_bearer_at_capacity(b, &kind, &setting) == 0);
			CHECK(kind == URB_CAP_PENDING_COMPLETIONS || kind == URB_CAP_CORE_QUEUE ||
			      kind == URB_CAP_DIRECT_FD);
			if (kind == URB_CAP_PENDING_COMPLETIONS)
				CHECK(before.recs_used == RECS && setting == RECS);
		}
	} else {
		bool stale;
		const struct urb__rec *r = urb__rec_lookup(b, key, &stale);

		CHECK(rc == 0 && key != 0);
		seen_n.pushed[op]++;
		seen_n.cb_pushes += in_callback;
		/* skip-success too: the record stays until its CQE, shown only if it fails */
		CHECK(r != NULL && r->state == URB_OWN_KERNEL && r->op == op &&
		      r->user == x.cookie);
		CHECK(flat(r).skip_success == !!(x.submit & URB_SUBMIT_SKIP_SUCCESS));
		add_live(key, x.cookie, op);
	}
	if (!in_callback)
		check_books();
}

/* ---- calls on resources */

static void buffer_step(void)
{
	struct urb_bearer *b = F.b;
	uint8_t sel = u8();
	urb_buf_t buf = pick_buf(u8());
	uint32_t set = URB_BUF_SET(buf);
	int owner = urb_buf_owner(b, buf);
	void *data;
	const void *view;
	uint32_t cap, len;
	int rc;

	F.doing = "buffer";
	TRACE("%u: buffer call %d on %u.%u (owner %d)\n", F.step, sel & 7, set,
	      URB_BUF_INDEX(buf), owner);
	seen_n.buffer_calls++;
	switch (sel & 7) {
	case 0:
		rc = urb_buf_fill(b, buf, &data, &cap);
		if (owner < 0) {
			CHECK(rc == URB_EINVAL);
			break;
		}
		if (owner == URB_OWN_KERNEL) {
			CHECK(rc == URB_EOWNERSHIP);
			break;
		}
		if (rc < 0)
			break; /* e.g. filling twice */
		memset(data, 0x5a, cap);
		len = (uint32_t)(sel >> 3) % (cap + 2);
		rc = urb_buf_filled(b, buf, len);
		CHECK(rc == (len > cap ? URB_ERANGE : 0));
		break;
	case 1:
		rc = urb_buf_release(b, buf);
		if (owner == URB_OWN_KERNEL)
			CHECK(rc < 0 && urb_buf_owner(b, buf) == URB_OWN_KERNEL);
		if (rc == 0)
			CHECK(urb_buf_owner(b, buf) == URB_OWN_REUSABLE);
		break;
	case 2:
		rc = urb_buf_view(b, buf, &view, &len);
		if (owner == URB_OWN_KERNEL)
			CHECK(rc == URB_EOWNERSHIP);
		break;
	case 3: {
		bool kernel = false;

		for (uint32_t i = 0; i < MAX_BUFS; i++)
			kernel |= urb_buf_owner(b, URB_BUF(set, i)) == URB_OWN_KERNEL;
		rc = urb_bufset_destroy(b, set);
		if (kernel)
			CHECK(rc < 0);
		if (rc == 0 && set < NMADE) /* and make it again, the same */
			CHECK(urb_bufset_create(b, set_nbufs[set], set_len[set]) == (int)set);
		break;
	}
	case 4:
		rc = urb_buf_recycle(b, buf);
		if (owner == URB_OWN_KERNEL)
			CHECK(rc < 0);
		if (rc == 0)
			CHECK(urb_buf_owner(b, buf) == URB_OWN_KERNEL);
		break;
	case 5:
		rc = urb_bufring_create(b, set);
		if (rc == URB_EBUSY || rc == URB_EATCAPACITY) {
			rc = urb_bufring_destroy(b, set);
			if (rc == 0)
				CHECK(urb_bufring_create(b, set) == 0 ||
				      b->sets[set].group == URB__GROUP_NONE);
		}
		break;
	case 6:
		rc = urb_bufset_register_fixed(b, set);
		if (rc == URB_EBUSY)
			rc = urb_bufset_unregister_fixed(b, set);
		break;
	default:
		rc = urb_bufset_create(b, 1 + (sel >> 3) % 4, 8 + (sel >> 5) * 8);
		if (rc >= 0)
			CHECK(urb_bufset_destroy(b, (uint32_t)rc) == 0);
		break;
	}
	check_books();
}

static void fd_step(void)
{
	struct urb_bearer *b = F.b;
	uint8_t sel = u8();
	uint32_t slot = (uint32_t)(sel >> 3) % (NSLOTS + 1);
	enum urb_fd_kind kind = (enum urb_fd_kind)(URB_FD_ACCEPTOR + (sel >> 1) % 4);
	struct urb__fd_slot before = slot < NSLOTS ? b->fds[slot] : (struct urb__fd_slot){ 0 };
	int rc;

	F.doing = "fd";
	TRACE("%u: fd %s slot %u kind %d (state %d users %u)\n", F.step,
	      sel & 1 ? "unregister" : "register_at", slot, kind, before.state, before.users);
	seen_n.fd_calls++;
	if (sel & 1) {
		rc = urb_fd_unregister(b, slot);
		if (slot >= NSLOTS || before.state == URB_OWN_REUSABLE)
			CHECK(rc == URB_ENOTREGISTERED);
		else if (before.state != URB_OWN_REGISTERED)
			CHECK(rc == URB_EOWNERSHIP);
		else if (before.users || before.closing)
			CHECK(rc == URB_EBUSY);
		else
			CHECK(rc == 0 && b->fds[slot].state == URB_OWN_REUSABLE);
	} else {
		rc = urb_fd_register_at(b, slot, real_fd[kind], kind);
		if (slot >= REG_FD)
			CHECK(rc == URB_ERANGE);
		else if (before.state != URB_OWN_REUSABLE)
			CHECK(rc == URB_EBUSY);
		else
			CHECK(rc == (int)slot && urb_fd_kind(b, slot) == (int)kind);
	}
	check_books();
}

static void futex_step(void)
{
	struct urb_bearer *b = F.b;
	uint8_t sel = u8();
	uint32_t id = pick_futex(sel);
	uint32_t *word;
	int rc;

	F.doing = "futex";
	TRACE("%u: futex call %d on %u\n", F.step, sel & 3, id);
	seen_n.futex_calls++;
	if (sel & 1) {
		bool live = id < FUTEXES && b->futex[id].word;
		uint32_t waiters = live ? b->futex[id].waiters : 0;

		rc = urb_futex_destroy(b, id);
		CHECK(rc == (!live ? URB_EINVAL : waiters ? URB_EBUSY : 0));
	} else if (sel & 2) {
		rc = urb_futex_create(b, sel, &word);
		CHECK(rc >= 0 || rc == URB_EATCAPACITY);
	} else {
		/* nothing waits (nothing was submitted): nobody is woken */
		rc = urb_futex_wake(b, id, sel, 1 + (sel >> 4));
		CHECK(rc == (id < FUTEXES && b->futex[id].word ? 0 : URB_EINVAL));
	}
	check_books();
}

static void release_step(void)
{
	uint64_t key = pick_key();
	struct live *l = find_live(key);
	int rc;

	F.doing = "release";
	rc = urb_release(F.b, key);
	TRACE("%u: release %#llx -> %s\n", F.step, (unsigned long long)key, urb_err_name(rc));
	if (l && l->retained) {
		seen_n.released++;
		CHECK(rc == 0);
		kill_live(l);
	} else if (l) {
		CHECK(rc == URB_EOWNERSHIP);
	} else {
		CHECK(rc == URB_ESTALE);
	}
	check_books();
}

/* ---- one input */

static void open_real_fds(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int pair[2];

	if (real_fd[URB_FD_ACCEPTOR] > 0)
		return;
	real_fd[URB_FD_ACCEPTOR] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (real_fd[URB_FD_ACCEPTOR] < 0 ||
	    bind(real_fd[URB_FD_ACCEPTOR], (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(real_fd[URB_FD_ACCEPTOR], 4) != 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
		fail(__LINE__, "cannot make the harness's sockets");
	close(pair[1]);
	real_fd[URB_FD_STREAM] = pair[0];
	real_fd[URB_FD_SOCKET] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	real_fd[URB_FD_FILE] = open("/dev/null", O_RDWR | O_CLOEXEC);
	epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (real_fd[URB_FD_SOCKET] < 0 || real_fd[URB_FD_FILE] < 0 || epoll_fd < 0)
		fail(__LINE__, "cannot open the harness's fds");
	F.strict_env = getenv("URB_FUZZ_STRICT") && *getenv("URB_FUZZ_STRICT") == '1';
	F.trace = getenv("URB_FUZZ_TRACE") && *getenv("URB_FUZZ_TRACE") == '1';
}

static void finish(bool free_pending)
{
	struct urb_bearer *b = F.b;

	F.doing = "finish";
	F.cb_action = 0;
	F.answer = URB_DEFAULT;
	while (!free_pending && F.nlive) {
		struct live *l = &F.live[F.nlive - 1];

		if (l->retained) {
			CHECK(urb_release(b, l->key) == 0);
		} else {
			F.calls = 0;
			end_reservation(&b->recs[URB__KEY_IDX(l->key)], -ECANCELED, true);
			CHECK(dispatch(l->key, -ECANCELED, 0) == 0);
			CHECK(F.calls == 1 && F.seen.final);
		}
		kill_live(l);
		check_books();
	}
	if (!free_pending) {
		CHECK(urb__recs_used(b) == 0);
		for (uint32_t s = 0; s < NSLOTS; s++) {
			CHECK(!b->fds[s].closing);
			SCHECK(b->fds[s].users == 0 && b->fds[s].state != URB_OWN_KERNEL);
		}
		for (uint32_t s = 0; s < NSETS; s++) {
			CHECK(!b->sets[s].mem.live || b->sets[s].users == 0);
			for (uint32_t i = 0; i < MAX_BUFS; i++) {
				uint8_t *data;
				uint32_t cap;
				const struct urb__buf_meta *m = urb__buf_meta(b, URB_BUF(s, i), &data, &cap);

				/* the kernel keeps only what sits in a group */
				CHECK(!m || m->state != URB_OWN_KERNEL || m->in_group);
			}
		}
		for (uint32_t id = 0; id < FUTEXES; id++)
			CHECK(b->futex[id].waiters == 0);
	}
	seen_n.freed_pending += free_pending && urb__recs_used(b) > 0;
	CHECK(urb_bearer_free(b) == 0);
	F.b = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct urb_capacity cap = {
		.core_queue = SQ, .registered_fd = REG_FD, .direct_fd = DIRECT_FD,
		.pending_completions = RECS, .buffers = NSETS,
		.buffer_bytes = (uint64_t)(NSETS * urb_bufset_bytes(MAX_BUFS, 64) +
					   urb_bufring_bytes(MAX_BUFS)),
		.buffer_rings = 1, .futexes = FUTEXES,
	};
	uint8_t header;
	uint32_t *word;
	int rc;

	open_real_fds();
	seen_n.inputs++;
	memset(&F.live, 0, sizeof(F.live));
	F.nlive = F.ndead = 0;
	F.step = 0;
	F.doing = "setup";
	F.p = data;
	F.end = data + size;
	header = u8();
	cap.slab = header & 1 ? URB_SLAB_FIFO : URB_SLAB_LIFO;
	F.strict = header & 4;
	rc = urb_bearer_new(&cap, &F.b);
	if (rc < 0) {
		fprintf(stderr, "cqe_fuzz: urb_bearer_new: %s\n", urb_err_name(rc));
		abort();
	}
	for (int kind = URB_FD_ACCEPTOR; kind <= URB_FD_FILE; kind++)
		CHECK(urb_fd_register(F.b, real_fd[kind], (enum urb_fd_kind)kind) == kind - 1);
	for (uint32_t s = 0; s < NMADE; s++)
		CHECK(urb_bufset_create(F.b, set_nbufs[s], set_len[s]) == (int)s);
	CHECK(urb_bufring_create(F.b, RING_SET) == 0);
	for (int id = 0; id < FUTEXES; id++)
		CHECK(urb_futex_create(F.b, (uint32_t)id, &word) == id);
	check_books();

	while (F.p < F.end && F.step < MAX_STEPS) {
		uint8_t cmd = u8();

		F.step++;
		seen_n.steps++;
		switch (cmd & 15) {
		case 0: case 1: case 2: case 3: case 4: case 5:
			cqe_step(cmd, false);
			break;
		case 6: case 7: case 8: case 9:
			push_one(false);
			break;
		case 10:
			futex_step();
			break;
		case 11:
			buffer_step();
			break;
		case 12:
			fd_step();
			break;
		case 13:
			release_step();
			break;
		case 14:
			cqe_step(cmd, true);
			break;
		default:
			for (int n = 0; n <= (cmd >> 4) % 8; n++)
				push_one(false);
			break;
		}
	}
	finish(header & 2);
	return 0;
}

void urb_fuzz_cqe_report(FILE *f)
{
	fprintf(f, "  %lu inputs, %lu steps; pushes accepted:", seen_n.inputs, seen_n.steps);
	for (unsigned op = 0; op < URB_OP__COUNT; op++)
		if (seen_n.pushed[op])
			fprintf(f, " %s %lu", urb_op_name((enum urb_op)op), seen_n.pushed[op]);
	fprintf(f, "\n  pushes refused %lu (at capacity %lu), %lu of the accepted from a callback\n",
		seen_n.refused, seen_n.at_capacity, seen_n.cb_pushes);
	fprintf(f, "  CQEs: pending key %lu (final %lu, more %lu), stale %lu, unknown %lu; "
		"group buffers handed out %lu\n", seen_n.cqe_pending, seen_n.cqe_final,
		seen_n.cqe_more, seen_n.cqe_stale, seen_n.cqe_unknown, seen_n.selected);
	fprintf(f, "  retained %lu, released %lu; buffer calls %lu, fd calls %lu, futex calls %lu; "
		"freed with records pending %lu\n", seen_n.retained, seen_n.released,
		seen_n.buffer_calls, seen_n.fd_calls, seen_n.futex_calls, seen_n.freed_pending);
}
