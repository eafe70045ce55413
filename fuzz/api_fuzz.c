/* SPDX-License-Identifier: MIT */
/*
 * The API-sequence fuzzer.  For a seed, it runs sequences of public calls
 * against a real bearer and the real kernel: pushes of every op the brief
 * names with valid and invalid arguments and submit flags, buffer, group,
 * fd-slot and futex calls, submits and short waits, completion walks whose
 * callback answers URB_DEFAULT, URB_RETAIN or URB_FORGET, releases, and a
 * urb_bearer_free() at any point.  Beside it the harness writes into the
 * peer ends of the bearer's sockets and connects clients to its listener,
 * so that ops complete.
 *
 * A model (api_fuzz.h) says who owns every record, buffer, fd slot and
 * futex word; after every step the bearer's books (src/internal.h) must
 * match it, and every call the model can judge must succeed or be refused
 * as the model says.  A mismatch is a finding: the sequence ends, and the
 * seed, the sequence and its step log are printed.  Findings are sorted
 * by the scenario they show (docs/TESTING.md).
 *
 * The model takes urb's word for which buffers a receive completion
 * hands back, and keeps a send ring's order itself; the kernel's own word
 * is checked apart (api_fuzz_wire.c): the buffer a completion names, the
 * bytes on the sockets and the heads of the buffer rings.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "internal.h"
#include "api_fuzz.h"
#include "api_fuzz_more.h"

#define DUP_BASE 600 /* our plain fds for close ops live at DUP_BASE.. */
#define MAX_FDS 4096

static const char *const scen_name[SCEN__COUNT] = {
	[0] = "other",
	[SCEN_ASYNC_RUN] = "a recv bundle's run the kernel took elsewhere than urb says "
			   "(io-wq, a shared ring, recycles under it)",
	[SCEN_SEND_ORDER] = "a send ring changed under a pending send bundle",
	[SCEN_SEND_CUT] = "a failed or cut-short send bundle: not every buffer it took came back",
	[SCEN_BUNDLE_ROUND] = "a recv bundle of more than URB_BUNDLE_MAX buffers",
	[SCEN_MSG_PIECE] = "a multishot recvmsg on an incremental ring",
	[11] = "recycle of a legacy group buffer while its remove is in flight",
	[12] = "a group op or set destroy while the group's remove is in flight, or a counter underflow",
	[15] = "an fd created by a completion the free drained was leaked",
	[16] = "a refused push left the previous SQE's link on",
	[17] = "a skip-success push lost its record or its failure",
	[18] = "urb's own legacy-recycle SQE went into the user's open link chain",
	[SCEN_MADVISE] = "madvise changed bytes outside the pages it was given, or urb's books",
	[SCEN_MSG_RING] = "a message or descriptor between bearers lost, doubled or misfiled",
	[SCEN_FORK] = "a forked child's calls were not refused, or hurt the parent's ring",
};

/* ---- the run and the sequence */

struct run R;

static struct az {
	uint64_t rng;
	struct urb_bearer *b;
	unsigned long seq;
	unsigned step;
	int goal;
	struct mrec recs[RECS];
	unsigned nrecs;
	uint64_t dead[NDEAD];
	unsigned ndead;
	uint64_t zc_failed[NDEAD]; /* send_zc keys that ended on a failure without F_MORE */
	unsigned nzc_failed;
	struct mset sets[NSETS];
	struct mslot slots[NSLOTS];
	bool futex_live[FUTEXES];
	uint32_t *futex_word[FUTEXES];
	bool chain_open;          /* the user's last push linked, nothing refused since */
	bool last_sqe_ours;       /* the last unflushed SQE is urb's own (a legacy recycle) */
	unsigned queued;          /* SQEs in the SQ, not yet submitted */
	uint64_t recycle_failures;
	uintptr_t cookies;
	bool in_walk;
	/* the finding, if any */
	bool found;
	int found_scen;
	unsigned found_step;
	char found_what[320];
	/* the step log */
	char *log;
	size_t log_len, log_cap;
} F;

static struct env {
	int listener;
	struct sockaddr_in addr;
	int pipe[2];
	int file;
	int sock;
	int clients[MAX_CLIENTS];
	bool dup_open[NDUPS];
	char dir[64];
} E;

/* The fds a slot can be registered with. */
struct efd {
	int fd;
	uint8_t kind;
	int peer;
	int8_t conn;    /* the checked connection, or -1 */
	const char *name;
};
static struct efd efds[8];
static unsigned nefds;

/* ---- small things */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

uint32_t rnd(uint32_t n)
{
	F.rng ^= F.rng << 13;
	F.rng ^= F.rng >> 7;
	F.rng ^= F.rng << 17;
	return n ? (uint32_t)((F.rng >> 11) % n) : 0;
}

bool chance(unsigned percent)
{
	return rnd(100) < percent;
}

void logf_(const char *fmt, ...)
{
	char line[400];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (R.trace)
		printf("  %4u  %s\n", F.step, line);
	if (F.log_len + (size_t)n + 16 > F.log_cap) {
		size_t cap = F.log_cap ? F.log_cap * 2 : 65536;
		char *p = realloc(F.log, cap);

		if (!p)
			return;
		F.log = p;
		F.log_cap = cap;
	}
	F.log_len += (size_t)sprintf(F.log + F.log_len, "  %4u  %s\n", F.step, line);
}

void finding(int scen, const char *fmt, ...)
{
	va_list ap;

	if (F.found)
		return;
	F.found = true;
	F.found_scen = scen;
	F.found_step = F.step;
	va_start(ap, fmt);
	vsnprintf(F.found_what, sizeof(F.found_what), fmt, ap);
	va_end(ap);
	logf_("FINDING (scenario %d): %s", scen, F.found_what);
}

bool fz_found(void)
{
	return F.found;
}

struct mslot *model_slot(uint32_t slot)
{
	return &F.slots[slot];
}

#define EXPECT(cond, scen, ...) ((cond) ? (void)0 : finding(scen, __VA_ARGS__))

static const char *ename(int rc)
{
	return rc >= 0 ? "ok" : urb_err_name(rc);
}

/* ---- the model's questions */

static struct mrec *rec_find(uint64_t key)
{
	for (unsigned i = 0; i < F.nrecs; i++)
		if (F.recs[i].key == key)
			return &F.recs[i];
	return NULL;
}

static void rec_drop(struct mrec *r)
{
	F.dead[F.ndead++ % NDEAD] = r->key;
	*r = F.recs[--F.nrecs];
}

static bool pending(const struct mrec *r)
{
	return !r->retained;
}

static uint32_t slot_users(uint32_t s)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < F.nrecs; i++)
		for (unsigned j = 0; pending(&F.recs[i]) && j < F.recs[i].nslots; j++)
			n += F.recs[i].slots[j] == s;
	return n;
}

static bool slot_closing(uint32_t s)
{
	for (unsigned i = 0; i < F.nrecs; i++)
		if (pending(&F.recs[i]) && F.recs[i].closes && !F.recs[i].overtaken &&
		    F.recs[i].slots[0] == s)
			return true;
	return false;
}

static uint32_t set_selectors(uint32_t set)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < F.nrecs; i++)
		n += pending(&F.recs[i]) && F.recs[i].group == (int32_t)set;
	return n;
}

static uint32_t set_users(uint32_t set)
{
	uint32_t n = set_selectors(set);

	for (unsigned i = 0; i < F.nrecs; i++)
		n += pending(&F.recs[i]) && F.recs[i].set == (int32_t)set;
	return n;
}

static bool remove_in_flight(uint32_t set)
{
	for (unsigned i = 0; i < F.nrecs; i++)
		if (pending(&F.recs[i]) && F.recs[i].set == (int32_t)set &&
		    F.recs[i].set_action == URB__SET_REMOVE)
			return true;
	return false;
}

static uint32_t futex_waiters(uint32_t id)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < F.nrecs; i++)
		for (unsigned j = 0; pending(&F.recs[i]) && j < F.recs[i].nfutex; j++)
			n += F.recs[i].futex[j] == id;
	return n;
}

static uint32_t kernel_area_used(void)
{
	uint32_t n = 0;

	for (uint32_t s = REG_FD; s < NSLOTS; s++)
		n += F.slots[s].state != URB_OWN_REUSABLE;
	return n;
}

static bool set_live(uint32_t set)
{
	return set < NSETS && F.sets[set].live;
}

static uint8_t *buf_data(urb_buf_t buf, uint32_t *cap)
{
	uint8_t *data;
	uint32_t c;

	if (!urb__buf_meta(F.b, buf, &data, &c))
		return NULL;
	if (cap)
		*cap = c;
	return data;
}

/* The model's place of a buffer (MB_GONE for one that does not exist). */
static uint8_t place(urb_buf_t buf)
{
	uint32_t set = URB_BUF_SET(buf), i = URB_BUF_INDEX(buf);

	if (!set_live(set) || i >= F.sets[set].nbufs)
		return MB_GONE;
	return F.sets[set].place[i];
}

static uint8_t ustate(urb_buf_t buf)
{
	return F.sets[URB_BUF_SET(buf)].ustate[URB_BUF_INDEX(buf)];
}

/* The user has it and may hand it to the kernel. */
bool buf_movable(urb_buf_t buf)
{
	return place(buf) == MB_USER && ustate(buf) != URB_OWN_FILLING;
}

/* The buffer is the user's again: what it holds now is what the user saw. */
void to_user(urb_buf_t buf, uint8_t state)
{
	struct mset *s = &F.sets[URB_BUF_SET(buf)];
	uint32_t i = URB_BUF_INDEX(buf), cap;
	const uint8_t *data = buf_data(buf, &cap);

	s->place[i] = MB_USER;
	s->ustate[i] = state;
	s->shadow_ok[i] = data != NULL;
	if (data)
		memcpy(s->shadow + (size_t)i * s->len, data, cap);
}

static void to_kernel(urb_buf_t buf, uint8_t where)
{
	struct mset *s = &F.sets[URB_BUF_SET(buf)];

	s->place[URB_BUF_INDEX(buf)] = where;
	s->shadow_ok[URB_BUF_INDEX(buf)] = false;
}

/* Every buffer in the group of @set comes back, with no bytes. */
static void pool_to_user(uint32_t set)
{
	for (uint32_t i = 0; i < F.sets[set].nbufs; i++)
		if (F.sets[set].place[i] == MB_GROUP)
			to_user(URB_BUF(set, i), URB_OWN_RETURNED);
	F.sets[set].ninring = F.sets[set].nheld = 0;
}

/* Buffers the model has in @set's group (queued ones, for a send ring). */
static uint32_t in_group(uint32_t set)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < F.sets[set].nbufs; i++)
		n += F.sets[set].place[i] == MB_GROUP;
	return n;
}

static uint8_t ring_kind(uint32_t set)
{
	if (!set_live(set))
		return RK_NONE;
	return F.sets[set].group == URB__GROUP_RING ? F.sets[set].ring :
	       F.sets[set].group == URB__GROUP_LEGACY ? RK_LEGACY : RK_NONE;
}

/* The checked connection a registered slot holds, or -1. */
static int slot_conn(uint32_t slot)
{
	if (slot >= NSLOTS || F.slots[slot].state != URB_OWN_REGISTERED)
		return -1;
	return F.slots[slot].conn;
}

/* A pending op receives (@rx) or sends on @conn: another would race it for the bytes. */
static bool conn_busy(int conn, bool rx)
{
	for (unsigned i = 0; i < F.nrecs; i++)
		if (pending(&F.recs[i]) && F.recs[i].conn == conn &&
		    (rx ? F.recs[i].rx : F.recs[i].tx))
			return true;
	return false;
}

static bool pending_op_on(enum urb_op op, int conn, int32_t group)
{
	for (unsigned i = 0; i < F.nrecs; i++)
		if (pending(&F.recs[i]) && F.recs[i].op == op &&
		    (conn < 0 || F.recs[i].conn == conn) && (group < 0 || F.recs[i].group == group))
			return true;
	return false;
}

/* ---- the bearer's books against the model */

static void check_records(const struct urb_stats *st)
{
	for (unsigned i = 0; i < F.nrecs; i++) {
		const struct mrec *m = &F.recs[i];
		bool stale;
		const struct urb__rec *r = urb__rec_lookup(F.b, m->key, &stale);

		if (!r) {
			finding(m->skip ? 17 : SCEN_OTHER, "%s key %#llx (%s) resolves to no record",
				urb_op_name((enum urb_op)m->op), (unsigned long long)m->key,
				m->skip ? "pushed with URB_SUBMIT_SKIP_SUCCESS, no CQE seen yet" :
				m->retained ? "retained" : "pending");
			continue;
		}
		EXPECT(r->op == m->op && r->user == m->user, SCEN_OTHER,
		       "key %#llx resolves to a %s record, the model pushed %s",
		       (unsigned long long)m->key, urb_op_name((enum urb_op)r->op),
		       urb_op_name((enum urb_op)m->op));
		EXPECT(r->state == (m->retained ? URB_OWN_RETURNED : URB_OWN_KERNEL), SCEN_OTHER,
		       "%s record %#llx is %s, the model says %s", urb_op_name((enum urb_op)m->op),
		       (unsigned long long)m->key, urb_owner_name(r->state),
		       m->retained ? "retained" : "pending");
	}
	EXPECT(st->pending == F.nrecs, SCEN_OTHER, "stats.pending %u, the model has %u records",
	       st->pending, F.nrecs);
	for (unsigned i = 0; i < F.ndead && i < NDEAD; i++) {
		bool stale;

		EXPECT(!urb__rec_lookup(F.b, F.dead[i], &stale), SCEN_OTHER,
		       "released key %#llx still resolves to a record",
		       (unsigned long long)F.dead[i]);
	}
}

static void check_slots(void)
{
	for (uint32_t s = 0; s < NSLOTS; s++) {
		const struct urb__fd_slot *fs = &F.b->fds[s];
		const struct mslot *m = &F.slots[s];
		uint32_t users = slot_users(s);

		EXPECT(fs->users != UINT32_MAX, 12, "fd slot %u: users underflowed", s);
		EXPECT(fs->state == m->state, SCEN_OTHER, "fd slot %u is %s, the model says %s", s,
		       urb_owner_name(fs->state), urb_owner_name(m->state));
		EXPECT(m->state != URB_OWN_REGISTERED || fs->kind == m->kind, SCEN_OTHER,
		       "fd slot %u holds kind %u, the model says %u", s, fs->kind, m->kind);
		EXPECT(fs->users == users, SCEN_OTHER, "fd slot %u: users %u, %u pending ops name it",
		       s, fs->users, users);
		EXPECT(!!fs->closing == slot_closing(s), SCEN_OTHER, "fd slot %u: closing %u", s,
		       fs->closing);
	}
}

static void check_buffers(uint32_t set)
{
	const struct urb__bufset *bs = &F.b->sets[set];
	const struct mset *m = &F.sets[set];

	for (uint32_t i = 0; i < m->nbufs; i++) {
		uint32_t cap;
		uint8_t *data;
		const struct urb__buf_meta *bm = urb__buf_meta(F.b, URB_BUF(set, i), &data, &cap);
		bool kernel = m->place[i] == MB_OP || m->place[i] == MB_GROUP;

		if (!bm) {
			finding(SCEN_OTHER, "buffer %u.%u does not exist", set, i);
			return;
		}
		EXPECT((bm->state == URB_OWN_KERNEL) == kernel, SCEN_OTHER,
		       "buffer %u.%u is %s, the model says %s", set, i, urb_owner_name(bm->state),
		       m->place[i] == MB_OP ? "held by a pending op" :
		       m->place[i] == MB_GROUP ? "in its group" : "the user's");
		EXPECT(!!bm->in_group == (m->place[i] == MB_GROUP), SCEN_OTHER,
		       "buffer %u.%u: in_group %u, the model says %s", set, i, bm->in_group,
		       m->place[i] == MB_GROUP ? "in its group" : "out of it");
		EXPECT(m->place[i] != MB_USER || bm->state == m->ustate[i], SCEN_OTHER,
		       "buffer %u.%u is %s, the model says the user's, %s", set, i,
		       urb_owner_name(bm->state), urb_owner_name(m->ustate[i]));
		/* nothing writes a buffer the user holds behind the user's back */
		if (m->place[i] == MB_USER && m->shadow_ok[i] &&
		    memcmp(data, m->shadow + (size_t)i * m->len, cap) != 0) {
			uint32_t at = 0;

			while (data[at] == m->shadow[(size_t)i * m->len + at])
				at++;
			finding(more_zeroing() ? SCEN_MADVISE : ring_scen(m), "buffer %u.%u changed while the user held it (%s): byte %u was %#04x, "
				"is %#04x", set, i, urb_owner_name(m->ustate[i]), at,
				m->shadow[(size_t)i * m->len + at], data[at]);
		}
	}
	(void)bs;
}

static void check_sets(void)
{
	for (uint32_t set = 0; set < NSETS; set++) {
		const struct urb__bufset *bs = &F.b->sets[set];
		const struct mset *m = &F.sets[set];
		uint32_t users = set_users(set);
		uint8_t group;

		EXPECT(bs->mem.live == m->live, SCEN_OTHER, "set %u: live %d, the model says %d",
		       set, bs->mem.live, m->live);
		if (!bs->mem.live || !m->live)
			continue;
		EXPECT(bs->users != UINT32_MAX, 12, "set %u: users underflowed to 4294967295", set);
		EXPECT(bs->users == users, SCEN_OTHER, "set %u: users %u, %u pending ops name it",
		       set, bs->users, users);
		group = m->group == URB__GROUP_LEGACY && remove_in_flight(set) ?
			URB__GROUP_REMOVING : m->group;
		EXPECT(bs->group == group, SCEN_OTHER, "set %u: group kind %u, the model says %u",
		       set, bs->group, group);
		EXPECT(bs->nbufs == m->nbufs && bs->len == m->len, SCEN_OTHER, "set %u: shape", set);
		check_buffers(set);
	}
}

static void check_futexes(void)
{
	for (uint32_t id = 0; id < FUTEXES; id++) {
		const struct urb__futex *fx = &F.b->futex[id];
		uint32_t waiters = futex_waiters(id);

		EXPECT(fx->waiters != UINT32_MAX, 12, "futex %u: waiters underflowed", id);
		EXPECT((fx->word != NULL) == F.futex_live[id], SCEN_OTHER, "futex %u: live %d", id,
		       fx->word != NULL);
		EXPECT(fx->waiters == waiters, SCEN_OTHER, "futex %u: waiters %u, %u pending ops",
		       id, fx->waiters, waiters);
	}
}

/* The last unflushed SQE is linked exactly when the user left a chain open. */
static void check_sq(void)
{
	const struct io_uring_sq *sq = &F.b->ring.sq;
	unsigned ready = sq->sqe_tail - sq->sqe_head;
	const struct io_uring_sqe *last;
	bool linked;

	EXPECT(ready == F.queued, SCEN_OTHER, "%u SQEs wait in the SQ, the model pushed %u",
	       ready, F.queued);
	if (!ready)
		return;
	last = &sq->sqes[(sq->sqe_tail - 1) & sq->ring_mask];
	linked = last->flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK);
	EXPECT(!linked || F.chain_open, 16,
	       "the last unflushed SQE (opcode %u) still carries IOSQE_IO_LINK after a refused push",
	       last->opcode);
	EXPECT(linked || !F.chain_open || !F.last_sqe_ours, 18,
	       "urb's own SQE (opcode %u, a legacy recycle) ended the user's open link chain",
	       last->opcode);
}

static void skips_swallowed(void);

/*
 * What each pending group op saw of its group (for the -ENOBUFS check);
 * then the kernel's rings that no pending op takes from.
 */
static void groups_seen(void)
{
	for (unsigned i = 0; i < F.nrecs; i++) {
		struct mrec *r = &F.recs[i];
		uint32_t n;

		if (!pending(r) || r->group < 0 || !set_live((uint32_t)r->group))
			continue;
		n = in_group((uint32_t)r->group);
		r->min_avail = n < r->min_avail ? n : r->min_avail;
		r->shared |= set_selectors((uint32_t)r->group) > 1;
	}
	for (uint32_t set = 0; set < NSETS && !F.found; set++)
		if (set_live(set) && F.sets[set].group == URB__GROUP_RING && set_users(set) == 0)
			ring_judge(F.b, set, &F.sets[set]);
}

static void check_model(void)
{
	struct urb_stats st;

	if (!F.b)
		return;
	skips_swallowed();
	EXPECT(urb_bearer_stats(F.b, &st) == 0, SCEN_OTHER, "urb_bearer_stats failed");
	check_records(&st);
	check_slots();
	check_sets();
	check_futexes();
	check_sq();
	if (!F.found)
		groups_seen();
	if (!F.found)
		more_check();
}

/* ---- snapshots: a refused call changes nothing */

static void take(struct books *k)
{
	struct urb_bearer *b = F.b;

	memset(k, 0, sizeof(*k));
	memcpy(k->recs, b->recs, sizeof(k->recs));
	memcpy(k->fds, b->fds, sizeof(k->fds));
	for (uint32_t s = 0; s < NSETS; s++) {
		k->sets[s].live = b->sets[s].mem.live;
		if (!k->sets[s].live)
			continue;
		k->sets[s].group = b->sets[s].group;
		k->sets[s].users = b->sets[s].users;
		k->sets[s].fixed = b->sets[s].fixed;
		for (uint32_t i = 0; i < b->sets[s].nbufs && i < MAX_BUFS; i++)
			k->meta[s][i] = b->sets[s].meta[i];
	}
	memcpy(k->futex, b->futex, sizeof(k->futex));
	memcpy(k->fds_used, b->fds_used, sizeof(k->fds_used));
	k->recs_used = urb__recs_used(b);
	k->sqe_tail = b->ring.sq.sqe_tail;
	k->rings_used = b->rings_used;
	k->sets_used = b->sets_used;
	urb_bearer_stats(b, &k->stats);
}

static bool same_books(const struct books *x, const struct books *y)
{
	for (unsigned i = 0; i < RECS; i++) {
		if (x->recs[i].state != y->recs[i].state)
			return false;
		/* not u: the kernel writes a pending op's fields whenever it likes */
		if (x->recs[i].state != URB_OWN_REUSABLE &&
		    memcmp(&x->recs[i], &y->recs[i], offsetof(struct urb__rec, u)) != 0)
			return false;
	}
	return memcmp(x->fds, y->fds, sizeof(x->fds)) == 0 &&
	       memcmp(x->sets, y->sets, sizeof(x->sets)) == 0 &&
	       memcmp(x->meta, y->meta, sizeof(x->meta)) == 0 &&
	       memcmp(x->futex, y->futex, sizeof(x->futex)) == 0 &&
	       memcmp(x->fds_used, y->fds_used, sizeof(x->fds_used)) == 0 &&
	       x->recs_used == y->recs_used &&
	       x->sqe_tail == y->sqe_tail && x->rings_used == y->rings_used &&
	       x->sets_used == y->sets_used &&
	       x->stats.submitted == y->stats.submitted &&
	       x->stats.completions == y->stats.completions &&
	       x->stats.recycle_failures == y->stats.recycle_failures;
}

/* ---- pushes */

uint32_t pick_flags(enum urb_op op)
{
	uint32_t r = rnd(100);

	if (r < 16 && avoid(16))
		return 0;
	if (r < 14)
		return URB_SUBMIT_LINK;
	if (r < 16)
		return URB_SUBMIT_HARDLINK;
	if (r < 22 && !avoid(17) && urb__def(op)->skip_success_ok)
		return URB_SUBMIT_SKIP_SUCCESS;
	if (r < 23 && !avoid(17))
		return URB_SUBMIT_SKIP_SUCCESS; /* refused: the op's spec does not allow it */
	if (r < 25)
		return 1u << 6; /* no such flag */
	if (r < 33)
		return URB_SUBMIT_ASYNC;
	if (r < 36)
		return 0; /* drains: drain_step() */
	if (r < 38 && !avoid(16))
		return URB_SUBMIT_ASYNC | URB_SUBMIT_LINK;
	return 0;
}

void push_init(struct push *p, enum urb_op op, uint32_t flags)
{
	memset(p, 0, sizeof(*p));
	p->op = op;
	p->flags = flags;
	p->r.op = (uint8_t)op;
	p->r.buf = URB_BUF_NONE;
	p->r.group = -1;
	p->r.set = -1;
	p->r.plain_fd = -1;
	p->r.conn = -1;
	p->r.flags = flags;
	p->r.skip = flags & URB_SUBMIT_SKIP_SUCCESS;
	p->r.user = (void *)++F.cookies;
	if (flags & ~URB_SUBMIT__ALL)
		p->refuse = URB_EINVAL;
	else if (p->r.skip && !urb__def(op)->skip_success_ok)
		p->refuse = URB_ENOTALLOWED;
	else if (!urb_op_supported(F.b, (int)op))
		p->refuse = URB_ENOTSUP; /* the kernel lacks it: checked before the arguments */
	else if (F.queued >= SQ || F.nrecs >= RECS)
		p->refuse = URB_EATCAPACITY;
}

/* The first problem with an argument decides; later ones do not matter. */
void refuse(struct push *p, bool bad, int code)
{
	if (bad && !p->refuse)
		p->refuse = code;
}

/* A refusal the fix of scenario @scen made: urb accepting it shows that scenario. */
static void refuse_scen(struct push *p, bool bad, int code, int scen)
{
	if (bad && !p->refuse) {
		p->refuse = code;
		p->refuse_scen = scen;
	}
}

void need_slot(struct push *p, uint32_t slot, uint32_t kinds, bool closes)
{
	bool ok = slot < NSLOTS && F.slots[slot].state == URB_OWN_REGISTERED &&
		  (kinds & (1u << F.slots[slot].kind)) && !slot_closing(slot);

	refuse(p, !ok, 1);
	refuse(p, ok && closes && slot_users(slot) > 0, URB_EBUSY);
	p->r.slots[p->r.nslots++] = slot;
	p->r.closes = closes;
}

void need_buf(struct push *p, urb_buf_t buf)
{
	refuse(p, !buf_movable(buf), 1);
	p->r.buf = buf;
}

/* A group to receive from (@want RK_NONE: any ring but a send ring, or a provided one). */
static void need_group(struct push *p, uint32_t set, uint8_t want)
{
	uint8_t kind = ring_kind(set);
	bool ok = want == RK_NONE ? kind == RK_PLAIN || kind == RK_INC || kind == RK_LEGACY :
		  kind == want;

	refuse(p, !ok, 1);
	refuse_scen(p, ok && remove_in_flight(set), URB_EBUSY, 12);
	p->r.group = (int32_t)set;
}

static void need_target(struct push *p, urb_fd_t target, bool slot_ok)
{
	p->r.has_target = true;
	p->r.target = target;
	if (URB_IS_PLAIN(target))
		return;
	if (URB_IS_AUTO_SLOT(target)) {
		refuse(p, kernel_area_used() >= DIRECT_FD, URB_EATCAPACITY);
		return;
	}
	refuse(p, !slot_ok || URB_SLOT_INDEX(target) >= REG_FD ||
		  F.slots[URB_SLOT_INDEX(target)].state != URB_OWN_REUSABLE, 1);
}

static void need_futex(struct push *p, uint32_t id)
{
	refuse(p, id >= FUTEXES || !F.futex_live[id], 1);
	if (p->r.nfutex < 8)
		p->r.futex[p->r.nfutex++] = id;
}

static bool avoided(const struct push *p)
{
	return p->refuse == URB_EBUSY && p->refuse_scen && avoid(p->refuse_scen);
}

void push_before(struct push *p)
{
	take(&p->before);
	p->key = 0;
}

/* The bytes of the connection of @slot go to this op alone (a receive or a send). */
static bool conn_take(struct push *p, uint32_t slot, bool rx)
{
	int c = slot_conn(slot);

	if (p->refuse || c < 0)
		return true;
	if (conn_busy(c, rx))
		return false; /* the user's rule: one receive and one send per socket at a time */
	p->r.conn = (int8_t)c;
	p->r.rx = rx;
	p->r.tx = !rx;
	return true;
}

/* What a group op's ring has seen that a scenario needs. */
static void taint(int32_t set, int scen)
{
	if (set >= 0 && set_live((uint32_t)set))
		F.sets[set].taint |= 1u << scen;
}

/* The model's side of an accepted push: everything it names is the kernel's. */
static void commit(struct push *p)
{
	struct mrec *r = &F.recs[F.nrecs];

	if (p->r.group >= 0 && set_live((uint32_t)p->r.group)) {
		p->r.kind = ring_kind((uint32_t)p->r.group);
		p->r.shared = set_selectors((uint32_t)p->r.group) > 0;
		p->r.min_avail = in_group((uint32_t)p->r.group);
		if ((p->op == URB_OP_RECV_BUNDLE && p->r.shared) ||
		    pending_op_on(URB_OP_RECV_BUNDLE, -1, p->r.group))
			taint(p->r.group, SCEN_ASYNC_RUN);
		if (p->op == URB_OP_RECV_BUNDLE && F.sets[p->r.group].nbufs > URB_BUNDLE_MAX)
			taint(p->r.group, SCEN_BUNDLE_ROUND);
		if (p->op == URB_OP_SEND_BUNDLE &&
		    pending_op_on(URB_OP_SEND_BUNDLE, -1, p->r.group))
			taint(p->r.group, SCEN_SEND_ORDER);
	}
	F.nrecs++;
	*r = p->r;
	r->key = p->key;
	if (r->buf != URB_BUF_NONE)
		to_kernel(r->buf, MB_OP);
	if (r->has_target && URB_IS_SLOT(r->target))
		F.slots[URB_SLOT_INDEX(r->target)].state = URB_OWN_KERNEL;
	if (r->set >= 0 && r->set_action == URB__SET_PROVIDE) {
		for (uint32_t i = 0; i < F.sets[r->set].nbufs; i++)
			to_kernel(URB_BUF(r->set, i), MB_GROUP);
		F.sets[r->set].group = URB__GROUP_PENDING;
	}
	F.queued++;
	F.chain_open = p->flags & (URB_SUBMIT_LINK | URB_SUBMIT_HARDLINK);
	F.last_sqe_ours = false;
}

void push_after(struct push *p, int rc)
{
	struct books after;
	bool was_open = F.chain_open;

	R.pushes++;
	take(&after);
	logf_("push %s %s flags %#x -> %s key %#llx (model: %s)", urb_op_name(p->op), p->args,
	      p->flags, ename(rc), (unsigned long long)p->key,
	      p->refuse == 1 ? "refuse" : p->refuse ? urb_err_name(p->refuse) : "accept");
	if (rc < 0) {
		R.refused++;
		EXPECT(URB_IS_LIB_ERROR(rc), SCEN_OTHER, "push %s refused with %s", urb_op_name(p->op),
		       ename(rc));
		EXPECT(p->key == 0, SCEN_OTHER, "a refused push wrote its key");
		EXPECT(same_books(&p->before, &after), SCEN_OTHER,
		       "refused push %s changed the books", urb_op_name(p->op));
		EXPECT(p->refuse, SCEN_OTHER, "push %s %s refused (%s: %s), the model accepts it",
		       urb_op_name(p->op), p->args, ename(rc), urb_bearer_detail(F.b));
		EXPECT(p->refuse <= 1 || rc == p->refuse, SCEN_OTHER,
		       "push %s refused with %s, the model says %s", urb_op_name(p->op), ename(rc),
		       urb_err_name(p->refuse));
		if (was_open)
			EXPECT(after.stats.links_cut == p->before.stats.links_cut + 1, 16,
			       "a refused push after a linked one: links_cut did not count the cut");
		F.chain_open = false; /* urb cuts the link of the SQE before */
		return;
	}
	EXPECT(rc == 0 && p->key != 0, SCEN_OTHER, "push %s returned %d, key %#llx",
	       urb_op_name(p->op), rc, (unsigned long long)p->key);
	EXPECT(!p->refuse, p->refuse_scen, "push %s %s accepted, the model expects %s%s",
	       urb_op_name(p->op), p->args, urb_err_name(p->refuse == 1 ? URB_EINVAL : p->refuse),
	       p->refuse_scen == 12 ? " (its group's remove_buffers is in flight)" : "");
	if (F.found)
		return;
	R.accepted[p->op]++;
	commit(p);
}

/* ---- argument picks */

uint32_t pick_slot(uint32_t kinds)
{
	if (chance(80)) {
		uint32_t start = rnd(NSLOTS);

		for (uint32_t n = 0; n < NSLOTS; n++) {
			uint32_t s = (start + n) % NSLOTS;

			if (F.slots[s].state == URB_OWN_REGISTERED &&
			    (kinds & (1u << F.slots[s].kind)))
				return s;
		}
	}
	return rnd(NSLOTS + 2);
}

#define SOCKS ((1u << URB_FD_STREAM) | (1u << URB_FD_SOCKET))

urb_buf_t pick_buf(bool users)
{
	if (chance(80)) {
		uint32_t start = rnd(NSETS * MAX_BUFS);

		for (uint32_t n = 0; n < NSETS * MAX_BUFS; n++) {
			uint32_t k = (start + n) % (NSETS * MAX_BUFS);
			urb_buf_t buf = URB_BUF(k / MAX_BUFS, k % MAX_BUFS);

			if (users ? buf_movable(buf) : place(buf) != MB_GONE)
				return buf;
		}
	}
	return URB_BUF(rnd(NSETS + 1), rnd(MAX_BUFS + 1));
}

/* A buffer of a group the user holds (one a completion handed out), if any. */
static urb_buf_t group_buf(void)
{
	for (uint32_t k = 0; k < NSETS * MAX_BUFS; k++) {
		urb_buf_t buf = URB_BUF(k / MAX_BUFS, k % MAX_BUFS);

		if (buf_movable(buf) && F.sets[k / MAX_BUFS].group != URB__GROUP_NONE)
			return buf;
	}
	return pick_buf(true);
}

static uint32_t pick_set(uint8_t want_group)
{
	if (chance(80)) {
		uint32_t start = rnd(NSETS);

		for (uint32_t n = 0; n < NSETS; n++) {
			uint32_t s = (start + n) % NSETS;

			if (F.sets[s].live && (want_group == 0xff || F.sets[s].group == want_group))
				return s;
		}
	}
	return rnd(NSETS + 1);
}

static urb_fd_t pick_target(bool slots)
{
	uint32_t r = rnd(10);

	if (r < 4)
		return avoid(15) ? URB_AUTO_SLOT : URB_PLAIN;
	if (r < 7)
		return URB_AUTO_SLOT;
	return slots || r == 9 ? URB_SLOT(rnd(REG_FD + 2)) : URB_AUTO_SLOT;
}

static uint64_t pick_key(bool want_pending)
{
	uint32_t r = rnd(10);

	if (F.nrecs && (r < 6 || want_pending)) {
		for (unsigned n = 0; n < F.nrecs; n++) {
			struct mrec *m = &F.recs[(r + n) % F.nrecs];

			if (!want_pending || pending(m))
				return m->key;
		}
	}
	if (r < 8 && F.ndead)
		return F.dead[rnd(F.ndead < NDEAD ? F.ndead : NDEAD)];
	return URB__KEY(1 + rnd(3), rnd(RECS + 2));
}

/* ---- the ops */

static void do_nop(uint32_t flags)
{
	struct push p;
	struct urb_nop_opts o;
	int rc;

	push_init(&p, URB_OP_NOP, flags);
	o = (struct urb_nop_opts){ .submit_flags = flags, .user = p.r.user, .key_out = &p.key };
	push_before(&p);
	rc = urb_push_nop(F.b, &o);
	push_after(&p, rc);
}

/* A slice of @buf, mostly the whole of it; URB_ERANGE unless it lies within @end bytes. */
static void pick_slice(struct push *p, urb_buf_t buf, bool write, uint32_t *off, uint32_t *len)
{
	uint32_t cap = 0, end;
	const uint8_t *data = buf_data(buf, &cap);
	const void *view;

	*off = chance(70) ? 0 : rnd(MAX_LEN + 2);
	*len = chance(70) ? 0 : rnd(MAX_LEN + 2);
	if (!data || !buf_movable(buf))
		return;
	end = cap;
	if (!write && urb_buf_view(F.b, buf, &view, &end) < 0)
		end = 0;
	refuse(p, *off > end || *len > end - *off || (write && *off == end), URB_ERANGE);
	p->r.buf_offset = *off;
}

static void do_recv(uint32_t slot, urb_buf_t buf, uint32_t flags)
{
	struct push p;
	struct urb_recv_opts o;
	uint32_t off, len;
	int rc;

	push_init(&p, URB_OP_RECV, flags);
	need_slot(&p, slot, SOCKS, false);
	need_buf(&p, buf);
	pick_slice(&p, buf, true, &off, &len);
	snprintf(p.args, sizeof(p.args), "slot %u buf %u.%u [%u, +%u]", slot, URB_BUF_SET(buf),
		 URB_BUF_INDEX(buf), off, len);
	if (!conn_take(&p, slot, true))
		return;
	o = (struct urb_recv_opts){ .buf_offset = off, .buf_len = len, .submit_flags = flags,
				    .user = p.r.user, .key_out = &p.key };
	push_before(&p);
	rc = urb_push_recv(F.b, URB_SLOT(slot), buf, &o);
	push_after(&p, rc);
}

/* recv_multi, recvmsg_multi and recv_bundle: ops that take buffers from a group to receive. */
static void do_recv_group(enum urb_op op, uint32_t slot, uint32_t set, uint32_t flags)
{
	struct push p;
	int rc;

	if (avoid(SCEN_ASYNC_RUN) && op == URB_OP_RECV_BUNDLE)
		flags &= ~URB_SUBMIT_ASYNC;
	if (avoid(SCEN_BUNDLE_ROUND) && op == URB_OP_RECV_BUNDLE && set_live(set) &&
	    F.sets[set].nbufs > URB_BUNDLE_MAX)
		return;
	push_init(&p, op, flags);
	need_slot(&p, slot, SOCKS, false);
	need_group(&p, set, op == URB_OP_RECV_BUNDLE ? RK_PLAIN : RK_NONE);
	/*
	 * an io-wq worker takes a bundle's buffers one at a time, wherever the
	 * head is then: and the kernel runs ASYNC ops and chains' ops there
	 */
	refuse_scen(&p, op == URB_OP_RECV_BUNDLE &&
		    ((flags & (URB_SUBMIT_ASYNC | URB_SUBMIT_LINK | URB_SUBMIT_HARDLINK)) ||
		     F.chain_open), URB_ENOTALLOWED, SCEN_ASYNC_RUN);
	/* each message's header would start mid-buffer */
	refuse_scen(&p, op == URB_OP_RECVMSG_MULTI && ring_kind(set) == RK_INC, URB_ENOTALLOWED,
		    SCEN_MSG_PIECE);
	/* a multishot recvmsg's buffers start with a 16-byte header */
	refuse(&p, op == URB_OP_RECVMSG_MULTI && set_live(set) && F.sets[set].len <= 16,
	       URB_ERANGE);
	snprintf(p.args, sizeof(p.args), "slot %u group %u", slot, set);
	if (avoided(&p) || !conn_take(&p, slot, true))
		return;
	/* a bundle sharing its ring with another taker: the runs interleave */
	if (avoid(SCEN_ASYNC_RUN) && set_live(set) && set_selectors(set) > 0 &&
	    (op == URB_OP_RECV_BUNDLE || pending_op_on(URB_OP_RECV_BUNDLE, -1, (int32_t)set)))
		return;
	if (op == URB_OP_RECVMSG_MULTI && ring_kind(set) == RK_INC && avoid(SCEN_MSG_PIECE))
		return;
	push_before(&p);
	if (op == URB_OP_RECV_MULTI) {
		struct urb_recv_multi_opts o = { .submit_flags = flags, .user = p.r.user,
						 .key_out = &p.key };

		rc = urb_push_recv_multi(F.b, URB_SLOT(slot), set, &o);
	} else if (op == URB_OP_RECVMSG_MULTI) {
		struct urb_recvmsg_multi_opts o = { .submit_flags = flags, .user = p.r.user,
						    .key_out = &p.key };

		rc = urb_push_recvmsg_multi(F.b, URB_SLOT(slot), set, NULL, &o);
	} else {
		struct urb_recv_bundle_opts o = { .submit_flags = flags, .user = p.r.user,
						  .key_out = &p.key };

		rc = urb_push_recv_bundle(F.b, URB_SLOT(slot), set, &o);
	}
	push_after(&p, rc);
}

static void do_recv_multi(uint32_t slot, uint32_t set, uint32_t flags)
{
	do_recv_group(URB_OP_RECV_MULTI, slot, set, flags);
}

static void do_send_bundle(uint32_t slot, uint32_t set, uint32_t flags)
{
	struct push p;
	struct urb_send_bundle_opts o;
	int conn = slot_conn(slot);
	int rc;

	if (avoid(SCEN_SEND_ORDER) && pending_op_on(URB_OP_SEND_BUNDLE, -1, (int32_t)set))
		return;
	if (avoid(SCEN_SEND_CUT) && (conn < 0 || wire_dead(conn)))
		return;
	push_init(&p, URB_OP_SEND_BUNDLE, flags);
	need_slot(&p, slot, SOCKS, false);
	need_group(&p, set, RK_SEND);
	snprintf(p.args, sizeof(p.args), "slot %u send ring %u", slot, set);
	if (!conn_take(&p, slot, false))
		return;
	o = (struct urb_send_bundle_opts){ .msg_flags = MSG_NOSIGNAL, .submit_flags = flags,
					   .user = p.r.user, .key_out = &p.key };
	push_before(&p);
	rc = urb_push_send_bundle(F.b, URB_SLOT(slot), set, &o);
	push_after(&p, rc);
}

static void do_send(uint32_t slot, urb_buf_t buf, uint32_t flags, bool zc)
{
	struct push p;
	uint32_t off, len;
	int rc;

	push_init(&p, zc ? URB_OP_SEND_ZC : URB_OP_SEND, flags);
	need_slot(&p, slot, SOCKS, false);
	need_buf(&p, buf);
	pick_slice(&p, buf, false, &off, &len);
	snprintf(p.args, sizeof(p.args), "slot %u buf %u.%u [%u, +%u]", slot, URB_BUF_SET(buf),
		 URB_BUF_INDEX(buf), off, len);
	if (!conn_take(&p, slot, false))
		return;
	push_before(&p);
	if (zc) {
		struct urb_send_zc_opts o = { .msg_flags = MSG_NOSIGNAL, .buf_offset = off,
					      .buf_len = len, .submit_flags = flags,
					      .user = p.r.user, .key_out = &p.key };

		rc = urb_push_send_zc(F.b, URB_SLOT(slot), buf, &o);
	} else {
		struct urb_send_opts o = { .msg_flags = MSG_NOSIGNAL | MSG_DONTWAIT,
					   .buf_offset = off, .buf_len = len,
					   .submit_flags = flags, .user = p.r.user,
					   .key_out = &p.key };

		rc = urb_push_send(F.b, URB_SLOT(slot), buf, &o);
	}
	push_after(&p, rc);
}

static void do_accept(uint32_t slot, urb_fd_t target, uint32_t flags, bool multi)
{
	struct push p;
	int rc;

	push_init(&p, multi ? URB_OP_ACCEPT_MULTI : URB_OP_ACCEPT, flags);
	need_slot(&p, slot, 1u << URB_FD_ACCEPTOR, false);
	need_target(&p, target, !multi);
	snprintf(p.args, sizeof(p.args), "slot %u target %s%d", slot,
		 URB_IS_AUTO_SLOT(target) ? "auto" : URB_IS_SLOT(target) ? "slot " : "plain ",
		 URB_IS_SLOT(target) ? (int)URB_SLOT_INDEX(target) : 0);
	push_before(&p);
	if (multi) {
		struct urb_accept_multi_opts o = { .target = target, .flags = SOCK_NONBLOCK,
						   .submit_flags = flags, .user = p.r.user,
						   .key_out = &p.key };

		rc = urb_push_accept_multi(F.b, URB_SLOT(slot), &o);
	} else {
		struct urb_accept_opts o = { .target = target, .flags = SOCK_NONBLOCK,
					     .submit_flags = flags, .user = p.r.user,
					     .key_out = &p.key };

		rc = urb_push_accept(F.b, URB_SLOT(slot), &o);
	}
	push_after(&p, rc);
}

static void do_cancel(uint64_t key, uint32_t flags)
{
	struct push p;
	struct urb_cancel_opts o;
	struct mrec *t = rec_find(key);
	int rc;

	if (t && t->op == URB_OP_SEND_BUNDLE && avoid(SCEN_SEND_CUT))
		return;
	push_init(&p, URB_OP_CANCEL, flags);
	refuse(&p, !t || !pending(t), 1);
	snprintf(p.args, sizeof(p.args), "key %#llx (%s)", (unsigned long long)key,
		 t ? urb_op_name((enum urb_op)t->op) : "not pending");
	o = (struct urb_cancel_opts){ .submit_flags = flags, .user = p.r.user, .key_out = &p.key };
	push_before(&p);
	rc = urb_push_cancel(F.b, key, &o);
	push_after(&p, rc);
	t = rec_find(key);
	if (rc == 0 && t && t->op == URB_OP_SEND_BUNDLE) {
		t->cut = true;
		taint(t->group, SCEN_SEND_CUT);
	}
}

static void do_futex_wait(uint32_t id, uint32_t flags)
{
	struct push p;
	struct urb_futex_wait_opts o;
	uint32_t val = id < FUTEXES && F.futex_live[id] && chance(80) ? *F.futex_word[id] : 77;
	int rc;

	push_init(&p, URB_OP_FUTEX_WAIT, flags);
	need_futex(&p, id);
	snprintf(p.args, sizeof(p.args), "futex %u val %u", id, val);
	o = (struct urb_futex_wait_opts){ .submit_flags = flags, .user = p.r.user,
					  .key_out = &p.key };
	push_before(&p);
	rc = urb_push_futex_wait(F.b, id, val, &o);
	push_after(&p, rc);
}

static void do_futex_waitv(uint32_t flags)
{
	struct push p;
	struct urb_futex_waitv_opts o;
	struct urb_futex_wait w[4];
	uint32_t n = rnd(5);
	int rc;

	push_init(&p, URB_OP_FUTEX_WAITV, flags);
	refuse(&p, n == 0, 1);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = chance(85) ? rnd(FUTEXES) : FUTEXES + 1;

		w[i] = (struct urb_futex_wait){ .futex = id,
			.val = id < FUTEXES && F.futex_live[id] ? *F.futex_word[id] : 0 };
		need_futex(&p, id);
	}
	snprintf(p.args, sizeof(p.args), "%u words", n);
	o = (struct urb_futex_waitv_opts){ .submit_flags = flags, .user = p.r.user,
					   .key_out = &p.key };
	push_before(&p);
	rc = urb_push_futex_waitv(F.b, w, n, &o);
	push_after(&p, rc);
}

static void do_futex_wake_op(uint32_t id, uint32_t flags)
{
	struct push p;
	struct urb_futex_wake_opts o;
	int rc;

	push_init(&p, URB_OP_FUTEX_WAKE, flags);
	need_futex(&p, id);
	snprintf(p.args, sizeof(p.args), "futex %u", id);
	o = (struct urb_futex_wake_opts){ .submit_flags = flags, .user = p.r.user,
					  .key_out = &p.key };
	push_before(&p);
	rc = urb_push_futex_wake(F.b, id, 1 + rnd(2), &o);
	push_after(&p, rc);
}

static int free_dup(void)
{
	for (int i = 0; i < NDUPS; i++)
		if (!E.dup_open[i])
			return i;
	return -1;
}

static void do_close(uint32_t flags)
{
	struct push p;
	struct urb_close_opts o;
	urb_fd_t arg;
	int fd, d = -1, rc;

	push_init(&p, URB_OP_CLOSE, flags);
	if (chance(70)) {
		uint32_t slot = pick_slot(0x1e);

		arg = URB_SLOT(slot);
		need_slot(&p, slot, 0x1e, true);
		snprintf(p.args, sizeof(p.args), "slot %u", slot);
	} else if ((d = free_dup()) >= 0 && chance(80)) {
		fd = fcntl(E.pipe[1], F_DUPFD_CLOEXEC, DUP_BASE + d);
		if (fd != DUP_BASE + d) {
			if (fd >= 0)
				close(fd);
			return;
		}
		E.dup_open[d] = true;
		p.r.plain_fd = fd;
		arg = URB_FD(fd);
		snprintf(p.args, sizeof(p.args), "plain fd %d", fd);
	} else {
		/* no descriptor: the kernel's pick, a failed open()'s -1, a -errno */
		static const int32_t bad[] = { -1, -EBADF, INT32_MIN };

		d = -1;
		fd = bad[rnd(3)];
		arg = fd == INT32_MIN ? URB_AUTO_SLOT : URB_FD(fd);
		refuse(&p, true, URB_EINVAL);
		snprintf(p.args, sizeof(p.args), "no descriptor %d", fd);
	}
	o = (struct urb_close_opts){ .submit_flags = flags, .user = p.r.user, .key_out = &p.key };
	push_before(&p);
	rc = urb_push_close(F.b, arg, &o);
	push_after(&p, rc);
	if (rc < 0 && p.r.plain_fd >= 0) {
		close(p.r.plain_fd);
		E.dup_open[p.r.plain_fd - DUP_BASE] = false;
	}
}

static void do_set_op(uint32_t set, enum urb__set_action action, uint32_t flags)
{
	struct push p;
	int rc;

	push_init(&p, action == URB__SET_PROVIDE ? URB_OP_PROVIDE_BUFFERS : URB_OP_REMOVE_BUFFERS,
		  flags);
	p.r.set = (int32_t)set;
	p.r.set_action = (uint8_t)action;
	if (!set_live(set)) {
		refuse(&p, true, URB_EINVAL);
	} else if (action == URB__SET_PROVIDE) {
		refuse(&p, F.sets[set].group != URB__GROUP_NONE, URB_EBUSY);
		for (uint32_t i = 0; i < F.sets[set].nbufs; i++)
			refuse(&p, !buf_movable(URB_BUF(set, i)), URB_EOWNERSHIP);
	} else {
		refuse(&p, F.sets[set].group != URB__GROUP_LEGACY, URB_EINVAL);
		refuse(&p, set_users(set) > 0, URB_EBUSY);
	}
	snprintf(p.args, sizeof(p.args), "set %u", set);
	push_before(&p);
	if (action == URB__SET_PROVIDE) {
		struct urb_provide_buffers_opts o = { .submit_flags = flags, .user = p.r.user,
						      .key_out = &p.key };

		rc = urb_push_provide_buffers(F.b, set, &o);
	} else {
		struct urb_remove_buffers_opts o = { .submit_flags = flags, .user = p.r.user,
						     .key_out = &p.key };

		rc = urb_push_remove_buffers(F.b, set, &o);
	}
	push_after(&p, rc);
}

/* ---- completions */

static void new_fd_seen(const struct mrec *r, const struct urb_new_fd *nfd, int32_t res)
{
	if (res < 0) {
		EXPECT(nfd->fd == -1 && nfd->slot == -1, SCEN_OTHER, "a failed accept names an fd");
		return;
	}
	if (URB_IS_PLAIN(r->target)) {
		EXPECT(nfd->fd == res && nfd->slot == -1, SCEN_OTHER, "accept fd %d, result %d",
		       nfd->fd, res);
		EXPECT(fcntl(res, F_GETFD) >= 0, SCEN_OTHER, "accept reported fd %d, not open", res);
		close(res); /* ours now: done with it */
		return;
	}
	if (URB_IS_AUTO_SLOT(r->target)) {
		EXPECT(nfd->slot == res && res >= REG_FD && res < NSLOTS, SCEN_OTHER,
		       "auto slot %d outside the kernel's area", res);
		if (res >= REG_FD && res < NSLOTS && F.slots[res].state == URB_OWN_REGISTERED &&
		    slot_closing((uint32_t)res)) {
			/* its close ran in io-wq and freed it; that CQE comes later */
			for (unsigned i = 0; i < F.nrecs; i++)
				if (pending(&F.recs[i]) && F.recs[i].closes &&
				    F.recs[i].slots[0] == (uint32_t)res)
					F.recs[i].overtaken = true;
			F.slots[res] = (struct mslot){ URB_OWN_REUSABLE, 0, -1, -1 };
		}
		if (res >= REG_FD && res < NSLOTS) {
			EXPECT(F.slots[res].state == URB_OWN_REUSABLE, SCEN_OTHER,
			       "the kernel filled auto slot %d the model has in use", res);
			F.slots[res] = (struct mslot){ URB_OWN_REGISTERED, URB_FD_STREAM, -1, -1 };
		}
		return;
	}
	EXPECT(nfd->slot == (int32_t)URB_SLOT_INDEX(r->target), SCEN_OTHER, "chosen slot %d",
	       nfd->slot);
	F.slots[URB_SLOT_INDEX(r->target)] = (struct mslot){ URB_OWN_REGISTERED, URB_FD_STREAM, -1, -1 };
}

static void selected_seen(const struct mrec *r, const struct urb_completion *c)
{
	urb_buf_t buf = c->selected;

	if (buf == URB_BUF_NONE) {
		/* picked, then failed: urb gave it back itself, with an SQE for a legacy group */
		if (r->group >= 0 && (c->cqe_flags & IORING_CQE_F_BUFFER) && c->result < 0 &&
		    F.sets[r->group].group == URB__GROUP_LEGACY) {
			EXPECT(!F.chain_open, 18, "urb recycled a failed pick into the user's open chain");
			F.queued++;
			F.last_sqe_ours = true;
		}
		EXPECT(!(c->cqe_flags & IORING_CQE_F_BUFFER) || c->result < 0, SCEN_OTHER,
		       "the kernel picked buffer %u of group %d; urb handed out none",
		       c->cqe_flags >> IORING_CQE_BUFFER_SHIFT, r->group);
		return;
	}
	EXPECT(r->group == (int32_t)URB_BUF_SET(buf), SCEN_OTHER, "selected %u.%u from group %d",
	       URB_BUF_SET(buf), URB_BUF_INDEX(buf), r->group);
	EXPECT(place(buf) == MB_GROUP, SCEN_OTHER,
	       "completion handed out buffer %u.%u, which the model has out of its group",
	       URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	/* an incremental ring's piece: the kernel keeps filling the buffer */
	EXPECT(!c->selected_more || ring_kind(URB_BUF_SET(buf)) == RK_INC, SCEN_OTHER,
	       "selected_more from a group that is no incremental ring");
	if (place(buf) != MB_GONE && !c->selected_more)
		to_user(buf, URB_OWN_RETURNED);
	R.selected++;
}

static void data_seen(const struct mrec *r, const struct urb_completion *c)
{
	const struct urb_data *d = c->op == URB_OP_RECV ? &c->u.recv.data : &c->u.recv_multi.data;
	urb_buf_t buf = c->op == URB_OP_RECV ? r->buf : c->selected;
	uint32_t cap = 0, off = c->op == URB_OP_RECV ? r->buf_offset : c->selected_offset;
	const uint8_t *data = buf != URB_BUF_NONE ? buf_data(buf, &cap) : NULL;

	if (c->result < 0 || !data) {
		EXPECT(d->len == 0, SCEN_OTHER, "a failed %s shows %u bytes", urb_op_name(c->op),
		       d->len);
		return;
	}
	/* a slice, or an incremental ring's piece: the view starts at its offset */
	EXPECT(off <= cap, SCEN_OTHER, "%s: offset %u in a buffer of %u", urb_op_name(c->op), off,
	       cap);
	data += off;
	cap -= off < cap ? off : cap;
	EXPECT(d->buf == buf && d->data == data && d->len == ((uint32_t)c->result < cap ?
	       (uint32_t)c->result : cap), SCEN_OTHER, "%s view: buf %#x len %u, result %d",
	       urb_op_name(c->op), d->buf, d->len, c->result);
}

/*
 * The bytes a receive says arrived are the connection's next ones, where
 * it says; the bytes a send says went are what the user last saw in its
 * buffer, and the peer must read just those.
 */
static void bytes_seen(const struct mrec *r, const struct urb_completion *c)
{
	char what[64];
	uint32_t cap = 0;
	const uint8_t *data;

	if (r->conn < 0 || c->result <= 0 || c->notif)
		return;
	snprintf(what, sizeof(what), "%s key %#llx", urb_op_name(c->op), (unsigned long long)c->key);
	switch (c->op) {
	case URB_OP_RECV:
		data = buf_data(r->buf, &cap);
		if (data && r->buf_offset + (uint32_t)c->result <= cap)
			wire_rx(r->conn, data + r->buf_offset, (uint32_t)c->result, what, SCEN_OTHER);
		else
			finding(SCEN_OTHER, "%s: %d bytes at offset %u of a buffer of %u", what,
				c->result, r->buf_offset, cap);
		break;
	case URB_OP_RECV_MULTI:
	case URB_OP_RECVMSG_MULTI: {
		const uint8_t *p = NULL;
		uint32_t n = 0;

		data = c->selected != URB_BUF_NONE ? buf_data(c->selected, &cap) : NULL;
		if (c->op == URB_OP_RECV_MULTI) {
			p = data ? data + c->selected_offset : NULL;
			n = (uint32_t)c->result;
		} else {
			const struct urb_msg_part *m = &c->u.recvmsg_multi.part;

			EXPECT(m->buf == c->selected, SCEN_OTHER, "%s: the part is in %#x, selected %#x",
			       what, m->buf, c->selected);
			p = m->data;
			n = m->len;
		}
		if (!data || !p || p < data || p + n > data + cap) {
			finding(SCEN_OTHER, "%s: %u bytes (result %d) not within buffer %#x", what, n,
				c->result, c->selected);
			break;
		}
		wire_rx(r->conn, p, n, what, c->op == URB_OP_RECVMSG_MULTI && r->kind == RK_INC ?
			SCEN_MSG_PIECE : SCEN_OTHER);
		break;
	}
	case URB_OP_SEND:
	case URB_OP_SEND_ZC: {
		const struct mset *s = &F.sets[URB_BUF_SET(r->buf)];

		wire_tx(r->conn, s->shadow + (size_t)URB_BUF_INDEX(r->buf) * s->len + r->buf_offset,
			(uint32_t)c->result, what, SCEN_OTHER);
		break;
	}
	default:
		break;
	}
}

/* Another send bundle than @r pending on @r's ring: it may have taken the ring. */
static bool other_send_pending(const struct mrec *r)
{
	for (unsigned i = 0; i < F.nrecs; i++)
		if (&F.recs[i] != r && pending(&F.recs[i]) && F.recs[i].op == URB_OP_SEND_BUNDLE &&
		    F.recs[i].group == r->group)
			return true;
	return false;
}

/*
 * A receive bundle's run: the buffers urb says the kernel filled, in
 * order, from the one the kernel names on.  Each must have been in the
 * group, hold the connection's next bytes (each full but the last) and
 * have just those as its valid bytes.
 */
static void recv_run_seen(struct mrec *r, const struct urb_completion *c)
{
	const struct urb_bundle *run = &c->u.recv_bundle.run;
	struct mset *s = &F.sets[r->group];
	int scen = ring_scen(s);
	uint32_t left = c->result > 0 ? (uint32_t)c->result : 0, room = 0;
	uint32_t bid = c->cqe_flags >> IORING_CQE_BUFFER_SHIFT;
	char what[80];

	snprintf(what, sizeof(what), "recv_bundle key %#llx (run of %u)",
		 (unsigned long long)c->key, run->count);
	EXPECT(run->count <= s->nbufs && (c->result < 0 || run->bytes == (uint32_t)c->result),
	       scen, "%s: %u bytes in the run, result %d, a ring of %u", what, run->bytes,
	       c->result, s->nbufs);
	EXPECT(!run->count || !(c->cqe_flags & IORING_CQE_F_BUFFER) ||
	       run->bufs[0] == URB_BUF(r->group, bid), scen,
	       "%s: the kernel filled buffer %u first, urb's run starts at %u.%u", what, bid,
	       URB_BUF_SET(run->bufs[0]), URB_BUF_INDEX(run->bufs[0]));
	for (uint32_t i = 0; i < run->count && i < s->nbufs && !F.found; i++) {
		urb_buf_t buf = run->bufs[i];
		uint32_t idx = URB_BUF_INDEX(buf), n, len = 0;
		const void *view;

		if (URB_BUF_SET(buf) != (uint32_t)r->group || idx >= s->nbufs ||
		    s->place[idx] != MB_GROUP) {
			finding(scen, "%s: buffer %u.%u of the run was not in group %d (%s)", what,
				URB_BUF_SET(buf), idx, r->group,
				idx < s->nbufs && s->place[idx] == MB_USER ? "the user's" : "elsewhere");
			return;
		}
		n = s->len < left ? s->len : left;
		room += s->len;
		if (r->conn >= 0 && n)
			wire_rx(r->conn, buf_data(buf, NULL), n, what, scen);
		EXPECT(urb_buf_view(F.b, buf, &view, &len) == 0 && len == n, scen,
		       "%s: buffer %u.%u shows %u valid bytes, the kernel filled %u", what,
		       URB_BUF_SET(buf), idx, len, n);
		left -= n;
		to_user(buf, URB_OWN_RETURNED);
		R.selected++;
	}
	R.long_runs += run->count > URB_BUNDLE_MAX;
	if (left && !F.found)
		finding(run->count == URB_BUNDLE_MAX && s->nbufs > URB_BUNDLE_MAX ?
			SCEN_BUNDLE_ROUND : scen,
			"%s: the kernel says %d bytes, urb's run of %u buffers holds %u of them", what,
			c->result, run->count, room);
}

/*
 * A send bundle takes every buffer in its ring when the kernel issues it,
 * and urb keeps the ring as it was while one is pending: so a completion
 * that names a buffer (the ring's first, in the model's order) took all
 * the model has in the ring, sent the first @result bytes of them in that
 * order, and hands every one back as queued, however it ended.  One that
 * names none took none.
 */
static void send_run_seen(struct mrec *r, const struct urb_completion *c)
{
	static uint8_t sent[URB_BUNDLE_MAX * BIG_LEN];
	const struct urb_bundle *run = &c->u.send_bundle.run;
	struct mset *s = &F.sets[r->group];
	uint32_t bid = c->cqe_flags >> IORING_CQE_BUFFER_SHIFT, total = 0, got = 0;
	uint32_t left = c->result > 0 ? (uint32_t)c->result : 0;
	bool took = c->cqe_flags & IORING_CQE_F_BUFFER;
	char what[80];
	int scen, cut_scen;

	for (uint32_t i = 0; i < s->ninring; i++)
		total += s->qlen[s->inring[i]];
	/* the ring's start is what the ring saw; a short run, what this one shows */
	scen = cut_scen = ring_scen(s);
	if (took && (c->result < 0 || (uint32_t)c->result < total || r->cut)) {
		taint(r->group, SCEN_SEND_CUT);
		cut_scen = SCEN_SEND_CUT;
		R.sends_cut++;
	}
	R.sends_took += took;
	R.sends_none += !took;
	snprintf(what, sizeof(what), "send_bundle key %#llx (run of %u, the ring %u)",
		 (unsigned long long)c->key, run->count, s->ninring);
	if (!took) {
		EXPECT(run->count == 0 && run->bytes == 0, scen,
		       "%s: the kernel took no buffer, urb's run lists %u", what, run->count);
		EXPECT(c->result <= 0, SCEN_OTHER, "%s: %d bytes sent from no buffer", what,
		       c->result);
		if (c->result == -ENOBUFS && s->ninring && !other_send_pending(r))
			finding(scen, "%s: -ENOBUFS, but %u buffers were in the ring all the time "
				"it was pending and no other send bundle took them", what, s->ninring);
		return;
	}
	if (!s->ninring || bid != s->inring[0]) {
		finding(scen, "%s: the kernel took from buffer %u on, the ring %s %u", what, bid,
			s->ninring ? "starts with" : "is empty:", s->ninring ? s->inring[0] : 0);
		return;
	}
	EXPECT(left <= total, scen, "%s: %u bytes sent, the ring held %u", what, left, total);
	EXPECT(run->count == s->ninring && run->bytes == left, cut_scen,
	       "%s: %u buffers and %u bytes in urb's run, the kernel took %u buffers and sent %u",
	       what, run->count, run->bytes, s->ninring, left);
	for (uint32_t i = 0; i < s->ninring && !F.found; i++) {
		uint32_t idx = s->inring[i], n = s->qlen[idx] < left ? s->qlen[idx] : left, len = 0;
		urb_buf_t buf = URB_BUF(r->group, idx);
		const uint8_t *data = buf_data(buf, NULL);
		const void *view;

		EXPECT(run->bufs[i] == buf, cut_scen, "%s: buffer %u of urb's run is %u.%u, the ring "
		       "held %u.%u there", what, i, URB_BUF_SET(run->bufs[i]),
		       URB_BUF_INDEX(run->bufs[i]), r->group, idx);
		EXPECT(urb_buf_view(F.b, buf, &view, &len) == 0 && len == s->qlen[idx] &&
		       !memcmp(data, s->shadow + (size_t)idx * s->len, len), scen,
		       "%s: buffer %u.%u came back with %u valid bytes, or others, queued with %u",
		       what, r->group, idx, len, s->qlen[idx]);
		memcpy(sent + got, s->shadow + (size_t)idx * s->len, n);
		got += n;
		left -= n;
		to_user(buf, URB_OWN_RETURNED);
		R.selected++;
	}
	s->ninring = 0;
	if (!F.found && r->conn >= 0)
		wire_tx(r->conn, sent, got, what, scen);
}

/* No send bundle is pending on send ring @set any more: what urb held back joins the ring. */
static void send_ring_settle(uint32_t set)
{
	struct mset *s = &F.sets[set];

	if (ring_kind(set) != RK_SEND || pending_op_on(URB_OP_SEND_BUNDLE, -1, (int32_t)set))
		return;
	memcpy(s->inring + s->ninring, s->held, s->nheld);
	s->ninring += s->nheld;
	s->nheld = 0;
}

/* The op has ended: what it held comes back as the kernel's answer says. */
static void return_holds(struct mrec *r, int32_t res)
{
	r->conn = -1;
	if (r->buf != URB_BUF_NONE && place(r->buf) == MB_OP)
		to_user(r->buf, URB_OWN_RETURNED);
	if (r->closes && res >= 0 && !r->overtaken)
		F.slots[r->slots[0]] = (struct mslot){ URB_OWN_REUSABLE, 0, -1, -1 };
	if (r->has_target && URB_IS_SLOT(r->target) && res < 0 &&
	    F.slots[URB_SLOT_INDEX(r->target)].state == URB_OWN_KERNEL)
		F.slots[URB_SLOT_INDEX(r->target)].state = URB_OWN_REUSABLE;
	if (r->set >= 0 && r->set_action == URB__SET_PROVIDE) {
		F.sets[r->set].group = res >= 0 ? URB__GROUP_LEGACY : URB__GROUP_NONE;
		if (res < 0)
			pool_to_user((uint32_t)r->set);
	}
	if (r->set >= 0 && r->set_action == URB__SET_REMOVE && res >= 0) {
		pool_to_user((uint32_t)r->set);
		F.sets[r->set].group = URB__GROUP_NONE;
	}
	if (r->plain_fd >= 0) {
		if (res < 0)
			close(r->plain_fd);
		E.dup_open[r->plain_fd - DUP_BASE] = false;
		r->plain_fd = -1;
	}
	r->nslots = 0;
	r->buf = URB_BUF_NONE;
	r->group = r->set = -1;
	r->nfutex = 0;
	r->has_target = false;
}

static enum urb_disposition pick_answer(void)
{
	uint32_t n = rnd(100);

	return n < 12 ? URB_RETAIN : n < 20 ? URB_FORGET : URB_DEFAULT;
}

static enum urb_disposition on_cqe(struct urb_bearer *b, const struct urb_completion *c,
				   void *user)
{
	enum urb_disposition answer = pick_answer();
	struct mrec *r = rec_find(c->key);
	int32_t group;

	(void)b, (void)user;
	R.cqes++;
	logf_("  cqe %s key %#llx res %d flags %#x%s -> %s", urb_op_name(c->op),
	      (unsigned long long)c->key, c->result, c->cqe_flags, c->final ? " final" : "",
	      answer == URB_RETAIN ? "RETAIN" : answer == URB_FORGET ? "FORGET" : "DEFAULT");
	if (more_cqe(c))
		return URB_DEFAULT;
	if (c->op == URB_OP_STALE || !r) {
		bool was_skip = false, late_notif = false;

		for (unsigned i = 0; i < F.nzc_failed && i < NDEAD; i++)
			late_notif |= F.zc_failed[i] == c->key && (c->cqe_flags & IORING_CQE_F_NOTIF);
		if (late_notif) {
			/*
			 * The kernel fails a send_zc it never issued (a link
			 * cancelled) without F_MORE, then flushes its notif anyway:
			 * nothing was sent, so the buffer was free; the notif is stale.
			 */
			R.late_notifs++;
			return URB_DEFAULT;
		}
		for (unsigned i = 0; i < F.ndead && i < NDEAD; i++)
			was_skip |= F.dead[i] == c->key;
		finding(c->op == URB_OP_STALE ? 17 : SCEN_OTHER,
			"a completion (%s, result %d) for key %#llx the model %s",
			urb_op_name(c->op), c->result, (unsigned long long)c->key,
			r ? "has pending" : was_skip ? "released" : "does not know");
		return URB_DEFAULT;
	}
	EXPECT(pending(r), SCEN_OTHER, "a completion for a retained record");
	EXPECT(c->op == r->op && c->user == r->user, SCEN_OTHER,
	       "completion of %s for a %s record, or a wrong user pointer", urb_op_name(c->op),
	       urb_op_name((enum urb_op)r->op));
	EXPECT(r->submitted, SCEN_OTHER, "a completion for an op never submitted");
	EXPECT(!r->skip || c->result < 0, 17, "a successful skip-success %s reached the callback",
	       urb_op_name(c->op));
	EXPECT(c->final == !(c->cqe_flags & IORING_CQE_F_MORE) && c->more == !c->final,
	       SCEN_OTHER, "final %d with flags %#x", c->final, c->cqe_flags);
	if (r->group >= 0 && c->op == URB_OP_RECV_BUNDLE)
		recv_run_seen(r, c);
	else if (r->group >= 0 && c->op == URB_OP_SEND_BUNDLE)
		send_run_seen(r, c);
	else if (r->group >= 0)
		selected_seen(r, c);
	else
		EXPECT(c->selected == URB_BUF_NONE, SCEN_OTHER, "a buffer handed out by %s",
		       urb_op_name(c->op));
	if (c->op == URB_OP_RECV || c->op == URB_OP_RECV_MULTI)
		data_seen(r, c);
	bytes_seen(r, c);
	/* a recv bundle alone on its ring, which offered buffers all along, cannot find it empty */
	if (c->result == -ENOBUFS && r->group >= 0 && !r->shared && r->min_avail > 0 &&
	    c->op == URB_OP_RECV_BUNDLE)
		finding(ring_scen(&F.sets[r->group]), "recv_bundle key %#llx: -ENOBUFS, but urb had "
			"%u buffers in group %d all along and no other op took from it",
			(unsigned long long)c->key, r->min_avail, r->group);
	if (c->op == URB_OP_ACCEPT)
		new_fd_seen(r, &c->u.accept.conn, c->result);
	if (c->op == URB_OP_ACCEPT_MULTI)
		new_fd_seen(r, &c->u.accept_multi.conn, c->result);
	R.done[c->op] += c->final;
	if (!c->final) {
		r->result_seen = true;
		return answer;
	}
	if (c->op == URB_OP_SEND_ZC && !c->notif && c->result < 0)
		F.zc_failed[F.nzc_failed++ % NDEAD] = c->key;
	group = r->group;
	return_holds(r, c->result);
	if (c->op == URB_OP_SEND_BUNDLE && group >= 0)
		send_ring_settle((uint32_t)group);
	if (answer == URB_RETAIN && urb__def(r->op)->retain_ok) {
		r->retained = true;
		R.retained++;
	} else {
		rec_drop(r);
	}
	return answer;
}

/* Legacy recycles the kernel refused: the buffers are the user's again. */
static void recycle_failures_seen(void)
{
	struct urb_stats st;
	uint64_t n;

	urb_bearer_stats(F.b, &st);
	n = st.recycle_failures - F.recycle_failures;
	F.recycle_failures = st.recycle_failures;
	for (uint32_t set = 0; n && set < NSETS; set++) {
		for (uint32_t i = 0; n && F.sets[set].live && i < F.sets[set].nbufs; i++) {
			const struct urb__buf_meta *bm = &F.b->sets[set].meta[i];

			if (F.sets[set].place[i] == MB_GROUP && !bm->in_group &&
			    bm->state == URB_OWN_RETURNED) {
				logf_("  recycle of %u.%u failed: the user's again", set, i);
				to_user(URB_BUF(set, i), URB_OWN_RETURNED);
				n--;
			}
		}
	}
	EXPECT(n == 0, SCEN_OTHER, "%llu recycle failures counted, no buffer came back",
	       (unsigned long long)n);
}

/* A skip-success op whose record went without a callback succeeded. */
static void skips_swallowed(void)
{
	for (unsigned i = 0; i < F.nrecs; i++) {
		struct mrec *r = &F.recs[i];
		bool stale;

		if (!r->skip || !r->submitted || urb__rec_lookup(F.b, r->key, &stale))
			continue;
		logf_("  skip-success %s %#llx: succeeded, no callback",
		      urb_op_name((enum urb_op)r->op), (unsigned long long)r->key);
		return_holds(r, 0);
		rec_drop(r);
		i--;
	}
}

static void do_submit(void);

static void walk(void)
{
	int n;

	if (F.chain_open && avoid(18))
		do_submit(); /* a failed group pick recycles: not into the user's chain */
	F.in_walk = true;
	n = urb_bearer_completions(F.b, on_cqe, NULL);
	F.in_walk = false;
	logf_("completions -> %d", n);
	EXPECT(n >= 0, SCEN_OTHER, "urb_bearer_completions: %s", ename(n));
	recycle_failures_seen();
	skips_swallowed();
}

static void submitted(void)
{
	for (unsigned i = 0; i < F.nrecs; i++) {
		if (!F.recs[i].submitted)
			cover_note((enum urb_op)F.recs[i].op, F.recs[i].flags, F.recs[i].kind);
		F.recs[i].submitted = true;
	}
	F.queued = 0;
	F.chain_open = false;
	F.last_sqe_ours = false;
}

static void do_submit(void)
{
	unsigned q = F.queued;
	int rc = urb_bearer_submit(F.b);

	logf_("submit (%u queued) -> %d", q, rc);
	EXPECT(rc >= 0 || rc == -EBUSY || rc == -EAGAIN || rc == -EINTR, SCEN_OTHER,
	       "urb_bearer_submit: %s", ename(rc));
	submitted();
}

static void do_submit_wait(unsigned min, long ns)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = ns };
	unsigned q = F.queued;
	int rc = urb_bearer_submit_and_wait(F.b, min, &ts);

	logf_("submit_and_wait (%u queued, min %u, %ld us) -> %s", q, min, ns / 1000, ename(rc));
	EXPECT(rc >= 0 || rc == -ETIME || rc == -EINTR || rc == -EBUSY || rc == -EAGAIN,
	       SCEN_OTHER, "urb_bearer_submit_and_wait: %s", ename(rc));
	submitted();
}

/*
 * One turn of a loop: submit, wait a little (or not: min 0, no timeout)
 * and walk, in one call.  What it submits counts as submitted before its
 * walk shows their completions.
 */
static void do_submit_complete(void)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 100000 + 100000 * (long)rnd(20) };
	bool timed = rnd(2);
	unsigned min = timed ? 1 + rnd(2) : 0, q = F.queued;
	int n;

	submitted();
	F.in_walk = true;
	n = urb_bearer_submit_and_complete(F.b, min, timed ? &ts : NULL, on_cqe, NULL);
	F.in_walk = false;
	logf_("submit_and_complete (%u queued, min %u, %s) -> %s", q, min,
	      timed ? "timed" : "no wait", ename(n));
	EXPECT(n >= 0 || n == -EBUSY || n == -EAGAIN, SCEN_OTHER,
	       "urb_bearer_submit_and_complete: %s", ename(n));
	recycle_failures_seen();
	skips_swallowed();
}

/* ---- calls on resources */

/*
 * A set of @nbufs x @len (0: a shape drawn here): mostly a few small
 * buffers, sometimes many (more than a bundle takes) or a few big ones
 * (more than a socket takes at once).
 */
void set_create(uint32_t nbufs, uint32_t len)
{
	uint32_t shape = rnd(10);
	int want = -1, rc;

	if (!nbufs && shape < 7) {
		nbufs = 1 + rnd(4);
		len = 16 * (1 + rnd(MAX_LEN / 16));
	} else if (!nbufs && shape < 9) {
		nbufs = 8 + rnd((avoid(SCEN_BUNDLE_ROUND) ? URB_BUNDLE_MAX : MAX_BUFS) - 7);
		len = MAX_LEN;
	} else if (!nbufs) {
		nbufs = 2 + rnd(2);
		len = BIG_LEN;
	}

	for (uint32_t s = 0; s < NSETS && want < 0; s++)
		if (!F.sets[s].live)
			want = (int)s;
	rc = urb_bufset_create(F.b, nbufs, len);
	logf_("bufset_create %u x %u -> %d", nbufs, len, rc);
	if (rc < 0) {
		EXPECT(rc == URB_EATCAPACITY, SCEN_OTHER, "bufset_create: %s", ename(rc));
		EXPECT(want < 0 || rc == URB_EATCAPACITY, SCEN_OTHER, "bufset_create refused");
		return;
	}
	EXPECT(rc == want, SCEN_OTHER, "bufset_create gave set %d, the first free is %d", rc, want);
	if (rc != want)
		return;
	free(F.sets[rc].shadow);
	F.sets[rc] = (struct mset){ .live = true, .nbufs = nbufs, .len = len,
				    .shadow = malloc((size_t)nbufs * len) };
	if (!F.sets[rc].shadow) {
		perror("api_fuzz: malloc");
		exit(2);
	}
	for (uint32_t i = 0; i < nbufs; i++)
		to_user(URB_BUF(rc, i), URB_OWN_CREATED);
}

static void do_set_create(void)
{
	set_create(0, 0);
}

static void do_set_destroy(uint32_t set)
{
	bool ok = set_live(set), selected = ok && set_selectors(set) > 0;
	struct books before, after;
	int rc;

	if (ok) {
		ok = F.sets[set].group == URB__GROUP_NONE && !F.b->sets[set].fixed;
		for (uint32_t i = 0; ok && i < F.sets[set].nbufs; i++)
			ok = F.sets[set].place[i] == MB_USER;
	}
	if (ok && selected && avoid(12))
		return;
	take(&before);
	rc = urb_bufset_destroy(F.b, set);
	take(&after);
	logf_("bufset_destroy %u -> %s (model: %s)", set, ename(rc),
	      selected ? "refuse, a pending op selects from it" : ok ? "ok" : "refuse");
	if (rc < 0) {
		EXPECT(same_books(&before, &after), SCEN_OTHER, "refused destroy changed the books");
		EXPECT(!ok || selected, SCEN_OTHER, "bufset_destroy %u refused: %s", set,
		       urb_bearer_detail(F.b));
		return;
	}
	EXPECT(!selected, 12, "bufset_destroy %u while %u pending ops select from it", set,
	       set_selectors(set));
	EXPECT(ok, SCEN_OTHER, "bufset_destroy %u accepted, the model refuses it", set);
	F.sets[set].live = false;
	F.sets[set].taint = 0;
}

static const char *const ring_names[RK__COUNT] = {
	[RK_PLAIN] = "bufring_create", [RK_INC] = "bufring_create_incremental",
	[RK_SEND] = "bufring_create_send",
};

/* A ring of @kind (RK_PLAIN, RK_INC or RK_SEND) over @set. */
static void do_ring_create(uint32_t set, uint8_t kind)
{
	bool ok = set_live(set) && F.sets[set].group == URB__GROUP_NONE;
	bool range = ok && kind == RK_SEND && F.sets[set].nbufs > URB_BUNDLE_MAX;
	int rc;

	for (uint32_t i = 0; ok && i < F.sets[set].nbufs; i++)
		ok = buf_movable(URB_BUF(set, i));
	rc = kind == RK_SEND ? urb_bufring_create_send(F.b, set) :
	     kind == RK_INC ? urb_bufring_create_incremental(F.b, set) :
	     urb_bufring_create(F.b, set);
	logf_("%s %u -> %s (model: %s)", ring_names[kind], set, ename(rc),
	      ok && !range ? "ok" : "refuse");
	if (rc < 0) {
		EXPECT(!ok || range || rc == URB_EATCAPACITY || rc == URB_ENOTSUP, SCEN_OTHER,
		       "%s %u: %s: %s", ring_names[kind], set, ename(rc), urb_bearer_detail(F.b));
		return;
	}
	EXPECT(ok && !range, SCEN_OTHER, "%s %u accepted, the model refuses it", ring_names[kind],
	       set);
	F.sets[set].group = URB__GROUP_RING;
	F.sets[set].ring = kind;
	F.sets[set].taint = 0;
	F.sets[set].ninring = F.sets[set].nheld = 0;
	for (uint32_t i = 0; kind != RK_SEND && i < F.sets[set].nbufs; i++)
		to_kernel(URB_BUF(set, i), MB_GROUP);
}

static void do_ring_destroy(uint32_t set)
{
	bool ok = set_live(set) && F.sets[set].group == URB__GROUP_RING && set_users(set) == 0;
	int rc;

	/* a send ring's queued buffers come back; a receive ring's must all be in it */
	for (uint32_t i = 0; ok && F.sets[set].ring != RK_SEND && i < F.sets[set].nbufs; i++)
		ok = F.sets[set].place[i] == MB_GROUP;
	rc = urb_bufring_destroy(F.b, set);
	logf_("bufring_destroy %u -> %s (model: %s)", set, ename(rc), ok ? "ok" : "refuse");
	EXPECT((rc == 0) == ok, SCEN_OTHER, "bufring_destroy %u: %s: %s", set, ename(rc),
	       urb_bearer_detail(F.b));
	if (rc == 0 && ok) {
		pool_to_user(set);
		F.sets[set].group = URB__GROUP_NONE;
	}
}

static void do_recycle(urb_buf_t buf)
{
	uint32_t set = URB_BUF_SET(buf);
	uint8_t group = set_live(set) ? F.sets[set].group : URB__GROUP_NONE;
	bool is_group = (group == URB__GROUP_RING && F.sets[set].ring != RK_SEND) ||
			group == URB__GROUP_LEGACY;
	bool ok = is_group && buf_movable(buf);
	bool busy = ok && group == URB__GROUP_LEGACY && remove_in_flight(set);
	bool chained = ok && !busy && group == URB__GROUP_LEGACY && F.chain_open;
	bool sq_full = ok && group == URB__GROUP_LEGACY && F.queued >= SQ;
	struct books before, after;
	int rc;

	if (busy && avoid(11))
		return;
	/* a pending bundle's run is read from ring positions the recycle rewrites */
	if (ok && ring_kind(set) == RK_PLAIN && pending_op_on(URB_OP_RECV_BUNDLE, -1, (int32_t)set)) {
		if (avoid(SCEN_ASYNC_RUN))
			return;
		taint((int32_t)set, SCEN_ASYNC_RUN);
	}
	if (group == URB__GROUP_LEGACY && F.chain_open && avoid(18))
		return;
	take(&before);
	rc = urb_buf_recycle(F.b, buf);
	take(&after);
	logf_("recycle %u.%u -> %s (model: %s)", set, URB_BUF_INDEX(buf), ename(rc),
	      busy ? "URB_EBUSY, its group's remove is in flight" :
	      chained ? "URB_EBUSY, a link chain is open" : sq_full ? "SQ full" :
	      ok ? "ok" : "refuse");
	if (rc < 0) {
		EXPECT(same_books(&before, &after), SCEN_OTHER, "refused recycle changed the books");
		EXPECT(!ok || busy || chained || (sq_full && rc == URB_EATCAPACITY), SCEN_OTHER,
		       "recycle %u.%u: %s: %s", set, URB_BUF_INDEX(buf), ename(rc),
		       urb_bearer_detail(F.b));
		EXPECT(!busy || rc == URB_EBUSY, 11, "recycle during remove refused with %s",
		       ename(rc));
		EXPECT(!chained || rc == URB_EBUSY, 18, "recycle in an open chain refused with %s",
		       ename(rc));
		return;
	}
	EXPECT(!busy, 11, "recycle of %u.%u accepted while remove_buffers of group %u is in flight",
	       set, URB_BUF_INDEX(buf), set);
	EXPECT(!chained, 18, "recycle of %u.%u accepted into the open link chain of the last push",
	       set, URB_BUF_INDEX(buf));
	EXPECT(ok && !sq_full, SCEN_OTHER, "recycle %u.%u accepted, the model refuses it", set,
	       URB_BUF_INDEX(buf));
	if (F.found)
		return;
	to_kernel(buf, MB_GROUP);
	R.recycled++;
	if (group == URB__GROUP_LEGACY) {
		F.queued++;
		F.last_sqe_ours = true;
	}
}

/* Queue @buf on its send ring: what it holds now is what must go. */
static void do_queue(urb_buf_t buf)
{
	uint32_t set = URB_BUF_SET(buf), i = URB_BUF_INDEX(buf), len = 0;
	bool ok = ring_kind(set) == RK_SEND && buf_movable(buf);
	struct mset *s = &F.sets[set < NSETS ? set : 0];
	struct books before, after;
	const void *view;
	int rc;

	if (ok && (urb_buf_view(F.b, buf, &view, &len) < 0 || len == 0))
		ok = false;
	take(&before);
	rc = urb_buf_queue(F.b, buf);
	take(&after);
	logf_("queue %u.%u (%u bytes) -> %s (model: %s)", set, i, len, ename(rc),
	      ok ? "ok" : "refuse");
	if (rc < 0) {
		EXPECT(same_books(&before, &after), SCEN_OTHER, "refused queue changed the books");
		EXPECT(!ok, SCEN_OTHER, "queue %u.%u: %s: %s", set, i, ename(rc),
		       urb_bearer_detail(F.b));
		return;
	}
	EXPECT(ok, SCEN_OTHER, "queue %u.%u accepted, the model refuses it", set, i);
	if (F.found)
		return;
	s->qlen[i] = len;
	to_kernel(buf, MB_GROUP); /* the shadow keeps the bytes that are to go */
	/* the ring stays as a pending send bundle found it: urb holds this one back */
	if (pending_op_on(URB_OP_SEND_BUNDLE, -1, (int32_t)set)) {
		s->held[s->nheld++] = (uint8_t)i;
		taint((int32_t)set, SCEN_SEND_ORDER);
		R.held_back++;
	} else {
		s->inring[s->ninring++] = (uint8_t)i;
	}
}

/* Fill @buf whole with fresh bytes and end the fill: Taken, ready to go. */
static void do_fill_sure(urb_buf_t buf)
{
	void *data = NULL;
	uint32_t cap = 0, len;
	int rc = urb_buf_fill(F.b, buf, &data, &cap);

	EXPECT(rc == 0, SCEN_OTHER, "fill %u.%u: %s", URB_BUF_SET(buf), URB_BUF_INDEX(buf),
	       ename(rc));
	if (rc < 0)
		return;
	wire_fill(data, cap);
	len = chance(50) ? cap : 1 + rnd(cap);
	rc = urb_buf_filled(F.b, buf, len);
	logf_("fill %u.%u, filled %u -> %s", URB_BUF_SET(buf), URB_BUF_INDEX(buf), len, ename(rc));
	EXPECT(rc == 0, SCEN_OTHER, "filled %u.%u: %s", URB_BUF_SET(buf), URB_BUF_INDEX(buf),
	       ename(rc));
	to_user(buf, rc == 0 ? URB_OWN_TAKEN : URB_OWN_FILLING);
}

static void do_fill(urb_buf_t buf)
{
	bool ok = place(buf) == MB_USER && ustate(buf) != URB_OWN_FILLING;
	void *data = NULL;
	uint32_t cap = 0, len;
	int rc = urb_buf_fill(F.b, buf, &data, &cap);

	logf_("fill %u.%u -> %s (model: %s)", URB_BUF_SET(buf), URB_BUF_INDEX(buf), ename(rc),
	      ok ? "ok" : "refuse");
	EXPECT((rc == 0) == ok, SCEN_OTHER, "fill %u.%u: %s", URB_BUF_SET(buf), URB_BUF_INDEX(buf),
	       ename(rc));
	if (rc < 0 || !ok)
		return;
	F.sets[URB_BUF_SET(buf)].ustate[URB_BUF_INDEX(buf)] = URB_OWN_FILLING;
	wire_fill(data, cap);
	F.sets[URB_BUF_SET(buf)].shadow_ok[URB_BUF_INDEX(buf)] = false;
	if (chance(85)) {
		len = chance(90) ? rnd(cap + 1) : cap + 1;
		rc = urb_buf_filled(F.b, buf, len);
		logf_("filled %u.%u len %u -> %s", URB_BUF_SET(buf), URB_BUF_INDEX(buf), len,
		      ename(rc));
		EXPECT(rc == (len > cap ? URB_ERANGE : 0), SCEN_OTHER, "filled: %s", ename(rc));
		if (rc == 0)
			to_user(buf, URB_OWN_TAKEN);
		else
			to_user(buf, URB_OWN_FILLING);
	} else {
		to_user(buf, URB_OWN_FILLING);
	}
}

static void do_release_buf(urb_buf_t buf)
{
	uint32_t set = URB_BUF_SET(buf);
	bool ok = place(buf) == MB_USER && F.sets[set].group == URB__GROUP_NONE &&
		  ustate(buf) != URB_OWN_REUSABLE;
	int rc = urb_buf_release(F.b, buf);

	logf_("buf_release %u.%u -> %s (model: %s)", set, URB_BUF_INDEX(buf), ename(rc),
	      ok ? "ok" : "refuse");
	EXPECT((rc == 0) == ok, SCEN_OTHER, "buf_release %u.%u: %s", set, URB_BUF_INDEX(buf),
	       ename(rc));
	if (rc == 0 && ok)
		to_user(buf, URB_OWN_REUSABLE);
}

static void do_view(urb_buf_t buf)
{
	bool ok = place(buf) == MB_USER;
	const void *data;
	uint32_t len;
	int rc = urb_buf_view(F.b, buf, &data, &len);

	logf_("view %u.%u -> %s", URB_BUF_SET(buf), URB_BUF_INDEX(buf), ename(rc));
	EXPECT((rc == 0) == ok, SCEN_OTHER, "view %u.%u: %s", URB_BUF_SET(buf),
	       URB_BUF_INDEX(buf), ename(rc));
}

static void do_register(void)
{
	const struct efd *e = &efds[rnd(nefds)];
	uint32_t slot = rnd(REG_FD + 2);
	bool ok = slot < REG_FD && F.slots[slot].state == URB_OWN_REUSABLE;
	int rc = urb_fd_register_at(F.b, slot, e->fd, (enum urb_fd_kind)e->kind);

	logf_("fd_register_at %u %s -> %s (model: %s)", slot, e->name, ename(rc),
	      ok ? "ok" : "refuse");
	EXPECT((rc >= 0) == ok, SCEN_OTHER, "fd_register_at %u: %s", slot, ename(rc));
	if (rc >= 0 && ok)
		F.slots[slot] = (struct mslot){ URB_OWN_REGISTERED, e->kind, e->peer, e->conn };
}

static void do_unregister(uint32_t slot)
{
	bool ok = slot < NSLOTS && F.slots[slot].state == URB_OWN_REGISTERED &&
		  slot_users(slot) == 0 && !slot_closing(slot);
	int rc = urb_fd_unregister(F.b, slot);

	logf_("fd_unregister %u -> %s (model: %s)", slot, ename(rc), ok ? "ok" : "refuse");
	EXPECT((rc == 0) == ok, SCEN_OTHER, "fd_unregister %u: %s", slot, ename(rc));
	if (rc == 0 && ok)
		F.slots[slot] = (struct mslot){ URB_OWN_REUSABLE, 0, -1, -1 };
}

static void do_futex_call(void)
{
	uint32_t id = rnd(FUTEXES + 1), r = rnd(3);
	bool live = id < FUTEXES && F.futex_live[id];
	int rc;

	if (r == 0) {
		uint32_t *word = NULL;
		int want = -1;

		for (uint32_t i = 0; i < FUTEXES && want < 0; i++)
			if (!F.futex_live[i])
				want = (int)i;
		rc = urb_futex_create(F.b, rnd(3), &word);
		logf_("futex_create -> %d", rc);
		EXPECT(rc == (want < 0 ? URB_EATCAPACITY : want), SCEN_OTHER, "futex_create: %d", rc);
		if (rc >= 0 && rc == want) {
			F.futex_live[rc] = true;
			F.futex_word[rc] = word;
		}
	} else if (r == 1) {
		bool ok = live && futex_waiters(id) == 0;

		rc = urb_futex_destroy(F.b, id);
		logf_("futex_destroy %u -> %s (model: %s)", id, ename(rc), ok ? "ok" : "refuse");
		EXPECT((rc == 0) == ok, SCEN_OTHER, "futex_destroy %u: %s", id, ename(rc));
		if (rc == 0 && ok)
			F.futex_live[id] = false;
	} else {
		uint32_t value = live && chance(50) ? *F.futex_word[id] : rnd(3);

		rc = urb_futex_wake(F.b, id, value, 1 + rnd(3));
		logf_("futex_wake %u value %u -> %s", id, value, ename(rc));
		EXPECT((rc >= 0) == live, SCEN_OTHER, "urb_futex_wake %u: %s", id, ename(rc));
	}
}

static void do_release_key(void)
{
	uint64_t key = pick_key(false);
	struct mrec *r = rec_find(key);
	int want = !r ? URB_ESTALE : r->retained ? 0 : URB_EOWNERSHIP;
	int rc = urb_release(F.b, key);

	logf_("release %#llx -> %s", (unsigned long long)key, ename(rc));
	EXPECT(rc == want, SCEN_OTHER, "urb_release %#llx: %s, the model says %s",
	       (unsigned long long)key, ename(rc), ename(want));
	if (rc == 0 && r)
		rec_drop(r);
}

/* ---- the world around the bearer */

static void peers_read(bool all)
{
	char junk[4096];

	for (int c = 0; c < NCONNS; c++)
		wire_peer_read(c, all);
	while (read(E.pipe[0], junk, sizeof(junk)) > 0)
		;
}

/* Our peer of @conn goes away: a send bundle pending on it is cut short. */
static void peer_shut(int conn)
{
	if (avoid(SCEN_SEND_CUT) && pending_op_on(URB_OP_SEND_BUNDLE, conn, -1))
		return;
	for (unsigned i = 0; i < F.nrecs; i++)
		if (pending(&F.recs[i]) && F.recs[i].conn == conn &&
		    F.recs[i].op == URB_OP_SEND_BUNDLE) {
			F.recs[i].cut = true;
			taint(F.recs[i].group, SCEN_SEND_CUT);
		}
	wire_peer_shut(conn);
}

/* The bearer's send side of @conn fills up, if no send of the bearer's is under way. */
static void stuff(int conn)
{
	if (!conn_busy(conn, false))
		wire_stuff(conn);
}

static void client_connect(void)
{
	unsigned i = rnd(MAX_CLIENTS);
	int fd;

	if (E.clients[i] >= 0)
		close(E.clients[i]);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	E.clients[i] = fd;
	if (fd >= 0 && connect(fd, (struct sockaddr *)&E.addr, sizeof(E.addr)) != 0 &&
	    errno != EINPROGRESS)
		logf_("client connect: %s", strerror(errno));
	logf_("client %u connects", i);
}

/* A connection a registered slot holds, mostly. */
static int some_conn(void)
{
	uint32_t start = rnd(NSLOTS);

	for (uint32_t n = 0; n < NSLOTS && chance(90); n++) {
		uint32_t s = (start + n) % NSLOTS;

		if (slot_conn(s) >= 0)
			return slot_conn(s);
	}
	return (int)rnd(NCONNS);
}

/* ---- directed steps: the next call towards a scenario */

enum { GOAL_RECV_RING = 20, GOAL_SEND_RING = 21 };

static int find_set(uint8_t group)
{
	for (uint32_t s = 0; s < NSETS; s++)
		if (F.sets[s].live && F.sets[s].group == group)
			return (int)s;
	return -1;
}

static int stream_slot(void)
{
	for (uint32_t s = 0; s < REG_FD; s++)
		if (slot_conn(s) >= 0 && !wire_dead(slot_conn(s)) && !slot_closing(s))
			return (int)s;
	return -1;
}

static struct mrec *selector_of(uint32_t set)
{
	for (unsigned i = 0; i < F.nrecs; i++)
		if (pending(&F.recs[i]) && F.recs[i].group == (int32_t)set)
			return &F.recs[i];
	return NULL;
}

/* A provided group with a stream slot beside it; false when a step was spent making them. */
static bool legacy_ready(int *set, int *slot)
{
	*set = find_set(URB__GROUP_LEGACY);
	*slot = stream_slot();
	if (*slot < 0) {
		do_register();
		return false;
	}
	if (*set >= 0)
		return true;
	if (find_set(URB__GROUP_PENDING) >= 0) {
		do_submit_wait(1, 1000000);
		walk();
		return false;
	}
	for (uint32_t s = 0; s < NSETS; s++) {
		bool all = F.sets[s].live && F.sets[s].group == URB__GROUP_NONE;

		for (uint32_t i = 0; all && i < F.sets[s].nbufs; i++)
			all = buf_movable(URB_BUF(s, i));
		if (all) {
			do_set_op(s, URB__SET_PROVIDE, 0);
			return false;
		}
	}
	do_set_create();
	return false;
}

static void goal_recycle_in_remove(void)
{
	int set, slot;
	struct mrec *sel;
	urb_buf_t held = URB_BUF_NONE;

	if (!legacy_ready(&set, &slot))
		return;
	for (uint32_t i = 0; i < F.sets[set].nbufs; i++)
		if (buf_movable(URB_BUF(set, i)))
			held = URB_BUF(set, i);
	sel = selector_of((uint32_t)set);
	if (held == URB_BUF_NONE) {
		if (!sel) {
			do_recv_multi((uint32_t)slot, (uint32_t)set, 0);
			do_submit();
		} else {
			wire_peer_write(F.slots[slot].conn, 0);
			do_submit_wait(1, 1000000);
			walk();
		}
	} else if (sel) {
		do_cancel(sel->key, 0);
		do_submit_wait(1, 1000000);
		walk();
	} else if (!remove_in_flight((uint32_t)set)) {
		do_set_op((uint32_t)set, URB__SET_REMOVE, 0);
	} else {
		do_recycle(held);
	}
}

static void goal_group_in_remove(void)
{
	int set, slot;
	struct mrec *sel;

	if (!legacy_ready(&set, &slot))
		return;
	sel = selector_of((uint32_t)set);
	if (sel) {
		do_cancel(sel->key, 0);
		do_submit_wait(1, 1000000);
		walk();
	} else if (!remove_in_flight((uint32_t)set)) {
		do_set_op((uint32_t)set, URB__SET_REMOVE, 0);
	} else if (chance(70)) {
		do_recv_multi((uint32_t)slot, (uint32_t)set, 0);
	} else {
		do_set_destroy((uint32_t)set);
	}
}

static void goal_link_then_refused(void)
{
	if (!F.chain_open) {
		do_nop(URB_SUBMIT_LINK);
		return;
	}
	switch (rnd(3)) {
	case 0:
		do_recv(NSLOTS + 1, URB_BUF(0, 0), 0);
		break;
	case 1:
		do_futex_wait(FUTEXES + 1, 0);
		break;
	default:
		do_nop(1u << 6);
		break;
	}
}

static void goal_free_after_accept(void)
{
	uint32_t listener = NSLOTS;

	for (uint32_t s = 0; s < REG_FD; s++)
		if (F.slots[s].state == URB_OWN_REGISTERED && F.slots[s].kind == URB_FD_ACCEPTOR)
			listener = s;
	if (listener == NSLOTS) {
		do_register();
		return;
	}
	do_accept(listener, avoid(15) ? URB_AUTO_SLOT : URB_PLAIN, 0, chance(50));
	do_submit();
	client_connect();
}

/* A ring of @kind over a set of @nbufs x @len; false when a step was spent making it. */
static bool ring_ready(uint8_t kind, uint32_t nbufs, uint32_t len, int *set)
{
	int spare = -1;

	for (uint32_t s = 0; s < NSETS; s++) {
		bool all = F.sets[s].live && F.sets[s].group == URB__GROUP_NONE;

		if (ring_kind(s) == kind && F.sets[s].nbufs == nbufs && F.sets[s].len == len) {
			*set = (int)s;
			return true;
		}
		for (uint32_t i = 0; all && i < F.sets[s].nbufs; i++)
			all = buf_movable(URB_BUF(s, i));
		if (all && F.sets[s].nbufs == nbufs && F.sets[s].len == len) {
			do_ring_create(s, kind);
			return false;
		}
		if (all)
			spare = (int)s;
	}
	for (uint32_t s = 0; s < NSETS; s++)
		if (!F.sets[s].live) {
			set_create(nbufs, len);
			return false;
		}
	if (spare >= 0)
		do_set_destroy((uint32_t)spare);
	else if (find_set(URB__GROUP_RING) >= 0 && !selector_of((uint32_t)find_set(URB__GROUP_RING)))
		do_ring_destroy((uint32_t)find_set(URB__GROUP_RING));
	else
		walk();
	return false;
}

/* A slot of a live connection no pending op receives (@rx) or sends on, or -1. */
static int free_conn_slot(bool rx)
{
	uint32_t start = rnd(REG_FD);

	for (uint32_t n = 0; n < REG_FD; n++) {
		uint32_t s = (start + n) % REG_FD;
		int c = slot_conn(s);

		if (c >= 0 && !wire_dead(c) && !slot_closing(s) && !conn_busy(c, rx))
			return (int)s;
	}
	return -1;
}

/* A buffer of @set the user holds, or URB_BUF_NONE. */
static urb_buf_t held_buf(uint32_t set)
{
	uint32_t start = rnd(F.sets[set].nbufs);

	for (uint32_t n = 0; n < F.sets[set].nbufs; n++) {
		urb_buf_t buf = URB_BUF(set, (start + n) % F.sets[set].nbufs);

		if (buf_movable(buf))
			return buf;
	}
	return URB_BUF_NONE;
}

static void settle_a_little(void)
{
	do_submit_wait(1, 1000000);
	walk();
}

/*
 * Receives from one plain ring on several connections at once, bundles
 * mostly (a few pushed with URB_SUBMIT_ASYNC, which urb refuses), the
 * others often through io-wq; more bytes than the ring holds; recycles in
 * between, in any order.
 */
static void goal_recv_ring(void)
{
	bool many = F.seq % 2 && !avoid(SCEN_BUNDLE_ROUND);
	int set, slot;
	urb_buf_t buf;

	if (!ring_ready(RK_PLAIN, many ? 32 : 4, many ? MAX_LEN : 16, &set))
		return;
	switch (rnd(10)) {
	case 0: case 1: case 2:
		slot = free_conn_slot(true);
		if (slot >= 0) {
			enum urb_op op = chance(70) ? URB_OP_RECV_BUNDLE : chance(50) ?
					 URB_OP_RECV_MULTI : URB_OP_RECVMSG_MULTI;

			do_recv_group(op, (uint32_t)slot, (uint32_t)set,
				      chance(op == URB_OP_RECV_BUNDLE ? 10 : 50) ? URB_SUBMIT_ASYNC : 0);
		} else
			settle_a_little();
		break;
	case 3: case 4:
		wire_peer_write(some_conn(), many && chance(50) ? 2000 + rnd(2000) :
				16 + rnd(48));
		break;
	case 5:
		settle_a_little();
		break;
	case 6:
		walk();
		break;
	case 7: case 8:
		buf = held_buf((uint32_t)set);
		if (buf != URB_BUF_NONE)
			do_recycle(buf);
		break;
	default:
		do_submit();
		break;
	}
}

/*
 * Send bundles from one send ring on several connections at once, some
 * to peers that read late or go away; buffers filled and queued again as
 * soon as they come back.
 */
static void goal_send_ring(void)
{
	bool big = F.seq % 2;
	int set, slot, conn;
	urb_buf_t buf;
	struct mrec *sel;

	if (!ring_ready(RK_SEND, big ? 3 : 4, big ? BIG_LEN : 16 * (1 + F.seq % 4), &set))
		return;
	switch (rnd(14)) {
	case 0: case 1: case 2:
		buf = held_buf((uint32_t)set);
		if (buf != URB_BUF_NONE && ustate(buf) != URB_OWN_TAKEN)
			do_fill_sure(buf);
		else if (buf != URB_BUF_NONE)
			do_queue(buf);
		break;
	case 3: case 4:
		slot = free_conn_slot(false);
		if (slot >= 0)
			do_send_bundle((uint32_t)slot, (uint32_t)set, chance(30) ? URB_SUBMIT_ASYNC : 0);
		else
			settle_a_little();
		break;
	case 5:
		stuff(some_conn());
		break;
	case 6: case 7:
		wire_peer_read(some_conn(), chance(30));
		break;
	case 8:
		settle_a_little();
		break;
	case 9:
		walk();
		break;
	case 10:
		conn = some_conn();
		sel = selector_of((uint32_t)set);
		if (chance(15))
			peer_shut(conn);
		else if (sel && chance(30))
			do_cancel(sel->key, 0);
		break;
	default:
		do_submit();
		break;
	}
}

static bool directed_step(void)
{
	switch (F.goal) {
	case 11:
		goal_recycle_in_remove();
		return true;
	case 12:
		goal_group_in_remove();
		return true;
	case GOAL_RECV_RING:
		goal_recv_ring();
		return true;
	case GOAL_SEND_RING:
		goal_send_ring();
		return true;
	case 16:
		if (avoid(16))
			return false;
		goal_link_then_refused();
		return true;
	default:
		return false;
	}
}

/* ---- one random step */

/*
 * URB_SUBMIT_DRAIN, at the start of a sequence only: on 6.18, once a
 * drain was seen, later ops are deferred until no op is in flight, and
 * the kernel stops deferring only when one is submitted with nothing in
 * flight.  Among ops that wait for ever (a multishot recv) that defers
 * everything after them, cancels too.  So: a drained nop or provide on
 * an idle ring, waited for, then plain nops until one ends at once.
 */
static void drain_step(void)
{
	if (chance(50))
		do_nop(URB_SUBMIT_DRAIN);
	else
		do_set_op(pick_set(URB__GROUP_NONE), URB__SET_PROVIDE, URB_SUBMIT_DRAIN);
	for (int i = 0; i < 3 && !F.found; i++) {
		do_submit_wait(1, 50000000);
		walk();
		do_nop(0);
	}
	do_submit_wait(1, 50000000);
	walk();
}

static void push_step(void)
{
	uint32_t r = rnd(115);

	if (r < 8)
		do_nop(pick_flags(URB_OP_NOP));
	else if (r < 18)
		do_recv(pick_slot(SOCKS), pick_buf(true), pick_flags(URB_OP_RECV));
	else if (r < 28)
		do_recv_multi(pick_slot(SOCKS), pick_set(chance(50) ? URB__GROUP_LEGACY :
							 URB__GROUP_RING),
			      pick_flags(URB_OP_RECV_MULTI));
	else if (r < 34)
		do_send(pick_slot(SOCKS), pick_buf(true), pick_flags(URB_OP_SEND), false);
	else if (r < 38)
		do_send(pick_slot(SOCKS), pick_buf(true), pick_flags(URB_OP_SEND_ZC), true);
	else if (r < 44)
		do_accept(pick_slot(1u << URB_FD_ACCEPTOR), pick_target(true),
			  pick_flags(URB_OP_ACCEPT), false);
	else if (r < 48)
		do_accept(pick_slot(1u << URB_FD_ACCEPTOR), pick_target(false),
			  pick_flags(URB_OP_ACCEPT_MULTI), true);
	else if (r < 56)
		do_cancel(pick_key(chance(80)), pick_flags(URB_OP_CANCEL));
	else if (r < 62)
		do_futex_wait(rnd(FUTEXES + 1), pick_flags(URB_OP_FUTEX_WAIT));
	else if (r < 65)
		do_futex_wake_op(rnd(FUTEXES + 1), pick_flags(URB_OP_FUTEX_WAKE));
	else if (r < 68)
		do_futex_waitv(pick_flags(URB_OP_FUTEX_WAITV));
	else if (r < 74)
		do_close(pick_flags(URB_OP_CLOSE));
	else if (r < 87)
		do_set_op(pick_set(URB__GROUP_NONE), URB__SET_PROVIDE,
			  pick_flags(URB_OP_PROVIDE_BUFFERS));
	else if (r < 100)
		do_set_op(pick_set(URB__GROUP_LEGACY), URB__SET_REMOVE,
			  pick_flags(URB_OP_REMOVE_BUFFERS));
	else if (r < 105)
		do_recv_group(URB_OP_RECV_BUNDLE, pick_slot(SOCKS), pick_set(URB__GROUP_RING),
			      pick_flags(URB_OP_RECV_BUNDLE));
	else if (r < 109)
		do_recv_group(URB_OP_RECVMSG_MULTI, pick_slot(SOCKS), pick_set(chance(50) ?
			      URB__GROUP_LEGACY : URB__GROUP_RING), pick_flags(URB_OP_RECVMSG_MULTI));
	else
		do_send_bundle(pick_slot(SOCKS), pick_set(URB__GROUP_RING),
			       pick_flags(URB_OP_SEND_BUNDLE));
}

/* A buffer of a send ring the user holds, mostly. */
static urb_buf_t send_buf(void)
{
	for (uint32_t s = 0; s < NSETS && chance(90); s++)
		if (ring_kind(s) == RK_SEND && held_buf(s) != URB_BUF_NONE)
			return held_buf(s);
	return pick_buf(true);
}

static void buffer_step(void)
{
	switch (rnd(15)) {
	case 12:
		do_queue(send_buf());
		break;
	case 13:
		do_ring_create(pick_set(URB__GROUP_NONE), RK_INC);
		break;
	case 14:
		do_ring_create(pick_set(URB__GROUP_NONE), RK_SEND);
		break;
	case 0: case 1: case 2:
		do_fill(pick_buf(false));
		break;
	case 3:
		do_release_buf(pick_buf(false));
		break;
	case 4:
		do_view(pick_buf(false));
		break;
	case 5: case 6: case 7:
		do_recycle(chance(70) ? group_buf() : pick_buf(true));
		break;
	case 8:
		do_set_create();
		break;
	case 9:
		do_set_destroy(pick_set(URB__GROUP_NONE));
		break;
	case 10:
		do_ring_create(pick_set(URB__GROUP_NONE), RK_PLAIN);
		break;
	default:
		do_ring_destroy(pick_set(URB__GROUP_RING));
		break;
	}
}

static void world_step(void)
{
	switch (rnd(10)) {
	case 0: case 1: case 2:
		wire_peer_write(some_conn(), 0);
		break;
	case 3:
		peers_read(chance(50));
		break;
	case 8:
		stuff(some_conn());
		break;
	case 9:
		if (chance(10))
			peer_shut(some_conn());
		break;
	case 4: case 5:
		client_connect();
		break;
	case 6:
		do_register();
		break;
	default:
		do_unregister(pick_slot(0x1e));
		break;
	}
}

/* One step; false when it freed the bearer. */
static bool random_step(void)
{
	uint32_t r = rnd(100);

	if (more_step())
		return true;
	if (r < 38)
		push_step();
	else if (r < 54)
		buffer_step();
	else if (r < 64)
		world_step();
	else if (r < 67)
		do_futex_call();
	else if (r < 72)
		do_submit();
	else if (r < 77)
		do_submit_wait(1 + rnd(2), 100000 + 100000 * (long)rnd(20));
	else if (r < 80)
		do_submit_complete();
	else if (r < 94)
		walk();
	else if (r < 99)
		do_release_key();
	else
		return false;
	return true;
}

/* ---- a sequence */

static void env_open(void)
{
	socklen_t alen = sizeof(E.addr);
	char path[96];
	int fd;

	memset(E.clients, -1, sizeof(E.clients));
	if (pipe2(E.pipe, O_NONBLOCK | O_CLOEXEC)) {
		perror("api_fuzz: pipe");
		exit(2);
	}
	E.addr = (struct sockaddr_in){ .sin_family = AF_INET,
				       .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	E.listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (E.listener < 0 || bind(E.listener, (struct sockaddr *)&E.addr, sizeof(E.addr)) ||
	    listen(E.listener, 64) || getsockname(E.listener, (struct sockaddr *)&E.addr, &alen)) {
		perror("api_fuzz: listener");
		exit(2);
	}
	wire_open(&E.addr, E.listener);
	snprintf(path, sizeof(path), "%s/file", E.dir);
	E.file = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	E.sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	fd = E.file < 0 || E.sock < 0 ? -1 : 0;
	if (fd < 0) {
		perror("api_fuzz: file/socket");
		exit(2);
	}
	nefds = 0;
	for (int c = 0; c < NCONNS; c++) { /* the first two and the last: registered from the start */
		static const char *const names[NCONNS] = { "conn0", "conn1", "conn2", "conn3 (tcp)" };
		int at = c < 2 ? c : c == NCONNS - 1 ? 2 : 4 + c;

		efds[at] = (struct efd){ wire_fd(c), URB_FD_STREAM, wire_peer(c), (int8_t)c,
					 names[c] };
	}
	efds[3] = (struct efd){ E.listener, URB_FD_ACCEPTOR, -1, -1, "listener" };
	efds[4] = (struct efd){ E.pipe[0], URB_FD_FILE, -1, -1, "pipe" };
	efds[5] = (struct efd){ E.file, URB_FD_FILE, -1, -1, "file" };
	efds[7] = (struct efd){ E.sock, URB_FD_SOCKET, -1, -1, "socket" };
	nefds = 8;
}

static void env_close(void)
{
	char path[96];

	wire_close();
	close(E.pipe[0]);
	close(E.pipe[1]);
	close(E.listener);
	close(E.file);
	close(E.sock);
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (E.clients[i] >= 0)
			close(E.clients[i]);
	for (int i = 0; i < NDUPS; i++)
		if (E.dup_open[i] && fcntl(DUP_BASE + i, F_GETFD) >= 0)
			close(DUP_BASE + i);
	memset(E.dup_open, 0, sizeof(E.dup_open));
	snprintf(path, sizeof(path), "%s/file", E.dir);
	unlink(path);
}

/* Open fds of the process, as a bitmap. */
static unsigned fd_map(uint8_t map[MAX_FDS / 8])
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	unsigned n = 0;

	memset(map, 0, MAX_FDS / 8);
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] == '.' || fd == dirfd(d) || fd >= MAX_FDS)
			continue;
		map[fd / 8] |= (uint8_t)(1u << (fd % 8));
		n++;
	}
	closedir(d);
	return n;
}

static void check_fds(const uint8_t before[MAX_FDS / 8])
{
	uint8_t after[MAX_FDS / 8];
	char leaked[200] = "";
	size_t len = 0;
	unsigned n = 0;

	fd_map(after);
	for (int fd = 0; fd < MAX_FDS; fd++) {
		char link[64] = "?", proc[32];
		ssize_t l;

		if (!(after[fd / 8] & (1u << (fd % 8))) || (before[fd / 8] & (1u << (fd % 8))))
			continue;
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		l = readlink(proc, link, sizeof(link) - 1);
		link[l > 0 ? l : 1] = 0;
		if (len < sizeof(leaked) - 40)
			len += (size_t)snprintf(leaked + len, sizeof(leaked) - len, " %d (%s)", fd, link);
		close(fd); /* the next sequence starts clean */
		n++;
	}
	EXPECT(n == 0, 15, "%u fds open after urb_bearer_free and the user's own closed:%s", n,
	       leaked);
}

static void bearer_free(void)
{
	int rc = urb_bearer_free(F.b);

	R.frees++;
	logf_("urb_bearer_free (%u records) -> %s", F.nrecs, ename(rc));
	/* a send the peer has not read keeps its pages (a send_zc its notification) */
	for (int i = 0; i < 3 && rc == URB_EBUSY; i++) {
		peers_read(true);
		rc = urb_bearer_free(F.b);
		logf_("peers read, urb_bearer_free again -> %s", ename(rc));
	}
	if (rc != 0) {
		char ops[160] = "";
		size_t n = 0;

		for (unsigned i = 0; i < F.nrecs && n < sizeof(ops) - 40; i++)
			if (pending(&F.recs[i]))
				n += (size_t)snprintf(ops + n, sizeof(ops) - n, " %s/%#x",
						      urb_op_name((enum urb_op)F.recs[i].op),
						      F.recs[i].flags);
		finding(SCEN_OTHER, "urb_bearer_free: %s (pending:%s)", ename(rc), ops);
	}
	if (rc == 0)
		F.b = NULL; /* else leak it: the kernel may still write into it */
	/* closes of our plain fds: the kernel may have run them, or never seen them */
	for (unsigned i = 0; i < F.nrecs; i++)
		if (F.recs[i].plain_fd >= 0 && fcntl(F.recs[i].plain_fd, F_GETFD) >= 0)
			close(F.recs[i].plain_fd);
	memset(E.dup_open, 0, sizeof(E.dup_open));
	F.nrecs = 0;
}

static bool bearer_new(void)
{
	struct urb_capacity cap = {
		.core_queue = SQ, .registered_fd = REG_FD, .direct_fd = DIRECT_FD,
		.pending_completions = RECS, .buffers = NSETS,
		/* every set as big as the biggest shape the fuzzer makes, and every ring */
		.buffer_bytes = (uint64_t)(NSETS * MAX(urb_bufset_bytes(MAX_BUFS, MAX_LEN),
						       urb_bufset_bytes(3, BIG_LEN)) +
					   RINGS * urb_bufring_bytes(MAX_BUFS)),
		.buffer_rings = RINGS, .futexes = FUTEXES, .record_bytes = 16384,
		.slab = chance(50) ? URB_SLAB_FIFO : URB_SLAB_LIFO,
	};
	int rc = urb_bearer_new(&cap, &F.b);

	if (rc < 0) {
		fprintf(stderr, "api_fuzz: urb_bearer_new: %s\n", urb_err_name(rc));
		exit(2);
	}
	logf_("bearer new (%s slab)", cap.slab == URB_SLAB_FIFO ? "FIFO" : "LIFO");
	for (unsigned i = 0; i < 4; i++) {
		rc = urb_fd_register(F.b, efds[i].fd, (enum urb_fd_kind)efds[i].kind);
		EXPECT(rc == (int)i, SCEN_OTHER, "fd_register %s: %s", efds[i].name, ename(rc));
		if (rc == (int)i)
			F.slots[i] = (struct mslot){ URB_OWN_REGISTERED, efds[i].kind, efds[i].peer,
						     efds[i].conn };
	}
	for (uint32_t i = 4; i < NSLOTS; i++)
		F.slots[i] = (struct mslot){ URB_OWN_REUSABLE, 0, -1, -1 };
	do_set_create();
	do_set_create();
	do_set_create();
	F.futex_live[0] = urb_futex_create(F.b, 0, &F.futex_word[0]) == 0;
	EXPECT(F.futex_live[0], SCEN_OTHER, "futex_create");
	if (chance(10))
		drain_step();
	more_begin(F.b);
	return !F.found;
}

static void seq_reset(unsigned long k)
{
	free(F.log);
	for (uint32_t s = 0; s < NSETS; s++)
		free(F.sets[s].shadow);
	memset(&F, 0, sizeof(F));
	F.seq = k;
	F.rng = mix(R.seed ^ mix(k + 1)) | 1;
	switch (rnd(12)) {
	case 0:
		F.goal = 11;
		break;
	case 1:
		F.goal = 12;
		break;
	case 2:
		F.goal = 16;
		break;
	case 3:
		F.goal = 15;
		break;
	case 4: case 5: case 6:
		F.goal = GOAL_RECV_RING;
		break;
	case 7: case 8: case 9:
		F.goal = GOAL_SEND_RING;
		break;
	default:
		F.goal = 0;
		break;
	}
}

static void report(void)
{
	int s = F.found_scen;
	double at = now_s() - R.t0;

	R.findings++;
	R.count[s]++;
	if (R.count[s] == 1) {
		R.first_at[s] = at;
		R.first_seq[s] = F.seq;
	} else if (R.keep_going) {
		printf("api_fuzz: finding again (scenario %d) in sequence %lu: %s\n", s, F.seq,
		       F.found_what);
		return;
	}
	printf("\napi_fuzz: FINDING, scenario %d (%s):\n  %s\n", s, scen_name[s], F.found_what);
	printf("  seed %llu, sequence %lu, step %u, %.2f s into the run\n",
	       (unsigned long long)R.seed, F.seq, F.found_step, at);
	printf("  replay: fuzz_api --seed %llu --sequence %lu --steps %lu%s%s --replay\n",
	       (unsigned long long)R.seed, F.seq, R.max_steps, R.avoid ? " --avoid " : "",
	       R.avoid ? R.avoid_arg : "");
	if (!R.trace && F.log)
		printf("  step log:\n%s", F.log);
	fflush(stdout);
}

static bool any_pending(void)
{
	for (unsigned i = 0; i < F.nrecs; i++)
		if (pending(&F.recs[i]))
			return true;
	return false;
}

/*
 * The end of a sequence that ran all its steps: every pending op is
 * cancelled (a send bundle whose peer is alive is let finish instead when
 * cut-short sends are avoided) and completes, the peers read everything.
 * Then the kernel's rings must offer exactly what urb counts in them, and
 * every byte a completion said went must have reached its peer.
 */
static void quiesce(void)
{
	unsigned round;

	logf_("quiesce: %u records", F.nrecs);
	for (round = 0; round < 60 && any_pending() && !F.found; round++) {
		unsigned n = F.nrecs;

		for (unsigned i = 0; round % 10 == 0 && i < n && !F.found; i++) {
			const struct mrec *r = &F.recs[i];

			if (!pending(r) || r->op == URB_OP_CANCEL || F.queued >= SQ - 1 ||
			    F.nrecs >= RECS ||
			    (r->op == URB_OP_SEND_BUNDLE && avoid(SCEN_SEND_CUT)))
				continue;
			do_cancel(r->key, 0);
		}
		peers_read(true);
		do_submit_wait(1, 2000000);
		walk();
		if (!F.found)
			check_model();
	}
	if (F.found)
		return;
	if (any_pending()) {
		logf_("quiesce: %u records still pending, nothing judged", F.nrecs);
		return;
	}
	for (uint32_t set = 0; set < NSETS && !F.found; set++)
		if (set_live(set))
			ring_judge(F.b, set, &F.sets[set]);
	if (!F.found)
		wire_settle();
}

static void run_sequence(unsigned long k)
{
	uint8_t before[MAX_FDS / 8];
	unsigned steps;

	seq_reset(k);
	steps = 20 + rnd((uint32_t)R.max_steps);
	fd_map(before);
	env_open();
	if (R.trace)
		printf("sequence %lu: goal %d, %u steps\n", k, F.goal, steps);
	if (bearer_new()) {
		check_model();
		for (F.step = 1; F.step <= steps && !F.found; F.step++) {
			bool go_on = true;

			if (F.goal == 15 && F.step > steps / 2 && chance(5)) {
				goal_free_after_accept();
				go_on = false;
			} else if (!(F.goal && chance(F.goal >= GOAL_RECV_RING ? 70 : 30) &&
				     directed_step())) {
				go_on = random_step();
			}
			R.steps++;
			if (!F.found)
				check_model();
			if (!go_on)
				break;
		}
		if (F.step > steps && !F.found)
			quiesce();
	}
	if (F.b)
		bearer_free();
	more_end();
	env_close();
	if (!F.found)
		check_fds(before);
	cover_seq_end();
	R.sequences++;
	if (F.found)
		report();
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fuzz_api [--seed N] [--seconds S | --sequences N] [--steps N]\n"
		"                [--sequence K --replay] [--keep-going] [--avoid 2,3,...]\n"
		"                [--coverage]\n");
	exit(2);
}

static void parse(int argc, char **argv)
{
	R.seed = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 16;
	R.max_steps = 300;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--replay")) {
			R.trace = true;
			continue;
		}
		if (!strcmp(a, "--keep-going")) {
			R.keep_going = true;
			continue;
		}
		if (!strcmp(a, "--coverage")) {
			R.coverage = true;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (!strcmp(a, "--seed"))
			R.seed = strtoull(v, NULL, 0);
		else if (!strcmp(a, "--seconds"))
			R.seconds = atof(v);
		else if (!strcmp(a, "--sequences"))
			R.max_sequences = strtoul(v, NULL, 0);
		else if (!strcmp(a, "--steps"))
			R.max_steps = strtoul(v, NULL, 0);
		else if (!strcmp(a, "--sequence"))
			R.only_sequence = strtoul(v, NULL, 0), R.has_only = true;
		else if (!strcmp(a, "--avoid") && (R.avoid_arg = v))
			for (char *c = (char *)v; *c;) {
				unsigned long n = strtoul(c, &c, 10);

				if (n < SCEN__COUNT)
					R.avoid |= 1u << n;
				while (*c && (*c < '0' || *c > '9'))
					c++;
			}
		else
			usage();
	}
	if (!R.max_sequences && R.seconds <= 0)
		R.max_sequences = 100;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/urb-apifuzz-XXXXXX";
	double took;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	parse(argc, argv);
	if (RUNNING_ON_VALGRIND && R.max_sequences > 200) {
		printf("api_fuzz: under valgrind: 200 sequences instead of %lu\n", R.max_sequences);
		R.max_sequences = 200;
	}
	if (!mkdtemp(dir)) {
		perror("api_fuzz: mkdtemp");
		return 2;
	}
	snprintf(E.dir, sizeof(E.dir), "%s", dir);
	printf("api_fuzz: seed %llu%s%s\n", (unsigned long long)R.seed,
	       R.avoid ? ", avoiding known scenarios" : "", R.has_only ? ", one sequence" : "");
	R.t0 = now_s();
	for (unsigned long k = R.has_only ? R.only_sequence : 0;; k++) {
		if (R.has_only && k != R.only_sequence)
			break;
		if (!R.has_only && R.max_sequences && k >= R.max_sequences)
			break;
		if (!R.has_only && R.seconds > 0 && now_s() - R.t0 >= R.seconds)
			break;
		run_sequence(k);
		if (R.findings && !R.keep_going)
			break;
	}
	took = now_s() - R.t0;
	rmdir(dir);
	free(F.log);
	F.log = NULL;
	printf("api_fuzz: %lu pushes (%lu refused), %lu completions, %lu retained\n", R.pushes,
	       R.refused, R.cqes, R.retained);
	printf("api_fuzz: accepted (ended):");
	for (int op = 0; op < URB_OP__COUNT; op++)
		if (R.accepted[op])
			printf(" %s %lu (%lu)", urb_op_name((enum urb_op)op), R.accepted[op], R.done[op]);
	printf("\napi_fuzz: group buffers handed out %lu, recycled %lu; %lu frees; "
	       "%lu late send_zc notifs\n", R.selected, R.recycled, R.frees, R.late_notifs);
	printf("api_fuzz: bytes checked: %lu received, %lu sent; %lu rings judged by the kernel's "
	       "head\n", R.rx_bytes, R.tx_bytes, R.judged);
	printf("api_fuzz: recv runs over %d buffers %lu; send bundles that took the ring %lu (cut "
	       "short, failed or cancelled %lu), took none %lu; buffers queued under a pending "
	       "send bundle %lu\n", URB_BUNDLE_MAX, R.long_runs, R.sends_took, R.sends_cut,
	       R.sends_none, R.held_back);
	if (R.coverage)
		cover_print();
	more_report();
	for (int s = 0; s < SCEN__COUNT; s++)
		if (R.count[s])
			printf("api_fuzz: scenario %d: %lu findings, the first in sequence %lu after %.2f s\n",
			       s, R.count[s], R.first_seq[s], R.first_at[s]);
	printf("api_fuzz: seed %llu: %lu sequences, %lu steps, %lu findings in %.1f s (%.0f steps/s)\n",
	       (unsigned long long)R.seed, R.sequences, R.steps, R.findings, took,
	       took > 0 ? R.steps / took : 0.0);
	return R.findings ? 1 : 0;
}
