/* SPDX-License-Identifier: MIT */
/*
 * Further moves of the API fuzzer (api_fuzz.c), each judged by the kernel
 * rather than by the model:
 *
 *  - madvise (scenario SCEN_MADVISE) over every slice of every buffer
 *    with every advice, the refused ones too.  Before each push every
 *    buffer the user holds gets canary bytes past its valid ones; when
 *    the op completes, the advised buffer must hold what it held at the
 *    push, but for the advised pages, which MADV_DONTNEED_LOCKED zeroes;
 *    the model's check of every other buffer the user holds (api_fuzz.c)
 *    sees a byte changed elsewhere, and urb_bufring_audit() at the next
 *    quiet point sees zeroed ring books.
 *  - msg_ring and msg_ring_fd (SCEN_MSG_RING) from the fuzzed bearer to one
 *    or two targets of this thread with varied capacity (no kernel area,
 *    one slot, three; a two-entry CQ; DEFER_TASKRUN or not): the sender's
 *    result, the target's completion, the target's table, proved by
 *    writing through the slot a completion names into a pipe whose write
 *    end was sent; raw msg_rings from a plain liburing ring that look like
 *    urb's must not be tracked.
 *  - fork (SCEN_FORK) at any step: the child's calls on every bearer must
 *    be refused with URB_EFORKED, its urb_bearer_free() returns 0; the
 *    parent waits and goes on, and its pending ops must complete as the
 *    rest of the fuzzer checks.
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
#include <sys/mman.h>
#include <sys/wait.h>

#include "api_fuzz_more.h"

#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif
#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101
#endif
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif
#ifndef MADV_GUARD_REMOVE
#define MADV_GUARD_REMOVE 103
#endif

#define EXPECT(cond, scen, ...) ((cond) ? (void)0 : finding(scen, __VA_ARGS__))

enum { NTARGETS = 2, TSLOTS = 4, MAX_SENDS = 64, MAX_ADVISED = 8, NCOVER = 160 };

static struct urb_bearer *B; /* the fuzzed bearer */
static int pipe_r = -1, pipe_w = -1; /* the descriptor sent around is pipe_w */
static uint64_t counter;

static const char *ename(int rc)
{
	return rc >= 0 ? "ok" : urb_err_name(rc);
}

/* ---- coverage: what each move did, in how many sequences */

static struct {
	char name[40], what[16];
	bool seen;
	unsigned long seqs;
} cover[NCOVER];

static void note(const char *name, const char *what)
{
	for (int i = 0; i < NCOVER; i++) {
		if (!cover[i].name[0]) {
			snprintf(cover[i].name, sizeof(cover[i].name), "%s", name);
			snprintf(cover[i].what, sizeof(cover[i].what), "%s", what);
		}
		if (!strcmp(cover[i].name, name) && !strcmp(cover[i].what, what)) {
			cover[i].seen = true;
			return;
		}
	}
}

static unsigned long madvised, zeroed_pages, delivered, proved, registered, raw_sent, forks;

/* ---- madvise */

static const struct advice {
	uint32_t v;
	const char *name;
	bool ok; /* urb takes it */
} advices[] = {
	{ MADV_DONTNEED_LOCKED, "DONTNEED_LOCKED", true }, /* first: drawn more often */
	{ MADV_NORMAL, "NORMAL", true }, { MADV_RANDOM, "RANDOM", true },
	{ MADV_SEQUENTIAL, "SEQUENTIAL", true }, { MADV_WILLNEED, "WILLNEED", true },
	{ MADV_DONTNEED, "DONTNEED", true }, { MADV_FREE, "FREE", true },
	{ MADV_COLD, "COLD", true }, { MADV_PAGEOUT, "PAGEOUT", true },
	{ MADV_POPULATE_READ, "POPULATE_READ", true },
	{ MADV_POPULATE_WRITE, "POPULATE_WRITE", true },
	{ MADV_HUGEPAGE, "HUGEPAGE", true }, { MADV_NOHUGEPAGE, "NOHUGEPAGE", true },
	{ MADV_COLLAPSE, "COLLAPSE", true }, { MADV_MERGEABLE, "MERGEABLE", true },
	{ MADV_UNMERGEABLE, "UNMERGEABLE", true }, { MADV_DONTDUMP, "DONTDUMP", true },
	{ MADV_DODUMP, "DODUMP", true },
	{ MADV_DONTFORK, "DONTFORK", false }, { MADV_DOFORK, "DOFORK", false },
	{ MADV_WIPEONFORK, "WIPEONFORK", false }, { MADV_KEEPONFORK, "KEEPONFORK", false },
	{ MADV_GUARD_INSTALL, "GUARD_INSTALL", false },
	{ MADV_GUARD_REMOVE, "GUARD_REMOVE", false }, { MADV_REMOVE, "REMOVE", false },
	{ MADV_HWPOISON, "HWPOISON", false }, { MADV_SOFT_OFFLINE, "SOFT_OFFLINE", false },
	{ 26, "26", false }, { UINT32_MAX, "UINT32_MAX", false },
};
#define NADVICES (sizeof(advices) / sizeof(advices[0]))

/* A madvise pending: what its buffer held at the push. */
static struct advised {
	bool live;
	uint64_t key;
	urb_buf_t buf;
	uint32_t first, end; /* the advised pages, as offsets into the buffer */
	uint32_t cap;
	const struct advice *a;
	uint8_t *before;
} adv[MAX_ADVISED];
static bool audit_due, audit_off, zeroing;

static bool zeroes(uint32_t advice)
{
	return advice == MADV_DONTNEED_LOCKED || advice == MADV_DONTNEED || advice == MADV_FREE;
}

static uint64_t page(void)
{
	static uint64_t p;

	if (!p)
		p = (uint64_t)sysconf(_SC_PAGESIZE);
	return p;
}

/* Canary bytes past the valid ones of every buffer the user holds; the model sees them. */
static void canaries(void)
{
	for (uint32_t s = 0; s < NSETS; s++) {
		for (uint32_t i = 0; B->sets[s].mem.live && i < B->sets[s].nbufs; i++) {
			urb_buf_t buf = URB_BUF(s, i);
			const struct urb__buf_meta *m;
			uint8_t *data;
			uint32_t cap;

			if (!buf_movable(buf) || !(m = urb__buf_meta(B, buf, &data, &cap)))
				continue;
			for (uint32_t k = m->len; k < cap; k++)
				data[k] = (uint8_t)(0xa5 ^ k ^ (k >> 8) ^ i) | 1;
			to_user(buf, m->state);
		}
	}
}

/* A buffer the user holds that can be advised whole (a page or more), mostly. */
static urb_buf_t advisable(bool may_create)
{
	uint32_t start = rnd(NSETS * MAX_BUFS);

	for (uint32_t n = 0; chance(75) && n < NSETS * MAX_BUFS; n++) {
		uint32_t k = (start + n) % (NSETS * MAX_BUFS);
		urb_buf_t buf = URB_BUF(k / MAX_BUFS, k % MAX_BUFS);

		if (B->sets[k / MAX_BUFS].mem.live && B->sets[k / MAX_BUFS].len >= page() &&
		    buf_movable(buf))
			return buf;
	}
	if (may_create && chance(40)) { /* a set of buffers of whole pages, or a page and a half */
		set_create(1 + rnd(3), (uint32_t)page() * (chance(20) ? 3 : 2 * (1 + rnd(4))) / 2);
		return advisable(false);
	}
	return pick_buf(true);
}

static uint32_t pick_len(uint32_t cap, uint32_t off, bool is_len)
{
	uint32_t pg = (uint32_t)page(), pages = cap / pg + 1;

	switch (rnd(8)) {
	case 0: case 1:
		return 0;
	case 2: case 3:
		return pg * rnd(pages + 1);
	case 4:
		return is_len ? (off < cap ? cap - off : 1) : cap;
	case 5:
		return is_len ? (off < cap ? cap - off + 1 : pg) : pg - 1;
	case 6:
		return pg * rnd(pages) + 1 + rnd(pg - 1);
	default:
		return rnd(2 * pg);
	}
}

static void do_madvise(void)
{
	urb_buf_t buf = advisable(true);
	const struct advice *a = &advices[chance(30) ? 0 : rnd(NADVICES)];
	uint32_t off, len, cap = 0, flags = pick_flags(URB_OP_MADVISE);
	uint8_t *data = NULL;
	struct advised *ad = NULL;
	struct push p;
	int rc;

	push_init(&p, URB_OP_MADVISE, flags);
	p.refuse_scen = SCEN_MADVISE;
	need_buf(&p, buf);
	if (!p.refuse && urb__buf_meta(B, buf, &data, &cap) == NULL)
		refuse(&p, true, 1);
	off = chance(50) ? 0 : pick_len(cap, 0, false);
	len = pick_len(cap, off, true);
	if (cap >= page() && chance(50)) { /* whole pages inside the buffer */
		off = (uint32_t)page() * rnd((uint32_t)(cap / page()));
		len = (uint32_t)page() * rnd((uint32_t)((cap - off) / page()) + 1);
	}
	if (!p.refuse) {
		uint64_t n = len ? len : (uint64_t)cap - off;
		uint64_t addr = (uint64_t)(uintptr_t)data + off;

		refuse(&p, off > cap || len > cap - off || off == cap, URB_ERANGE);
		refuse(&p, addr % page() != 0, URB_EINVAL);
		refuse(&p, off + (n + page() - 1) / page() * page() > cap, URB_EINVAL);
		if (!p.refuse) {
			for (int i = 0; i < MAX_ADVISED && !ad; i++)
				ad = adv[i].live ? NULL : &adv[i];
			if (!ad)
				return;
			*ad = (struct advised){ .buf = buf, .first = off,
						.end = off + (uint32_t)((n + page() - 1) / page() * page()),
						.cap = cap, .a = a };
		}
	}
	refuse(&p, !a->ok, URB_EINVAL);
	snprintf(p.args, sizeof(p.args), "buf %u.%u [%u, +%u] of %u, %s", URB_BUF_SET(buf),
		 URB_BUF_INDEX(buf), off, len, cap, a->name);
	if (!p.refuse && ad) {
		canaries();
		ad->before = malloc(cap);
		if (!ad->before)
			return;
		memcpy(ad->before, data, cap);
	}
	push_before(&p);
	rc = urb_push_madvise(B, buf, a->v, &(struct urb_madvise_opts){
		.buf_offset = off, .buf_len = len, .submit_flags = flags, .user = p.r.user,
		.key_out = &p.key });
	push_after(&p, rc);
	if (rc < 0) {
		note("madvise", "refused");
		if (ad) {
			free(ad->before);
			ad->before = NULL;
		}
		return;
	}
	if (ad) {
		ad->live = true;
		ad->key = p.key;
	}
}

/* The advised buffer after its op: the advised pages zeroed or as they were, the rest as it was. */
static void advised_done(struct advised *ad, int32_t res)
{
	uint8_t *data;
	uint32_t cap;
	bool zeroed = res >= 0 && ad->a->v == MADV_DONTNEED_LOCKED;
	bool may_zero = res >= 0 && (ad->a->v == MADV_DONTNEED || ad->a->v == MADV_FREE);
	char name[40];

	snprintf(name, sizeof(name), "madvise:%s", ad->a->name);
	note(name, res >= 0 ? "done" : "failed");
	madvised++;
	audit_due = true;
	zeroing |= zeroes(ad->a->v);
	if (urb__buf_meta(B, ad->buf, &data, &cap) && cap == ad->cap) {
		for (uint32_t k = 0; k < cap && !fz_found(); k++) {
			bool in = k >= ad->first && k < ad->end;
			bool ok = in && zeroed ? data[k] == 0 :
				  in && may_zero ? data[k] == 0 || data[k] == ad->before[k] :
				  data[k] == ad->before[k];

			if (!ok)
				finding(SCEN_MADVISE, "madvise %s of buffer %u.%u, pages [%u, %u) of its %u "
					"bytes, result %d: byte %u was %#04x, is %#04x (%s)", ad->a->name,
					URB_BUF_SET(ad->buf), URB_BUF_INDEX(ad->buf), ad->first,
					ad->end, cap, res, k, ad->before[k], data[k],
					in ? (zeroed ? "advised, not zeroed" : "advised, changed") :
					     "outside the advised pages");
		}
		if (zeroed)
			zeroed_pages += (ad->end - ad->first) / page();
	}
	free(ad->before);
	*ad = (struct advised){ 0 };
}

/* urb's books of every idle ring against the kernel's head, after a madvise. */
static void audit_rings(void)
{
	for (uint32_t s = 0; s < NSETS && !audit_off && !fz_found(); s++) {
		const struct urb__bufset *bs = &B->sets[s];
		int rc;

		if (!bs->mem.live || bs->group != URB__GROUP_RING || bs->users)
			continue;
		rc = urb_bufring_audit(B, s);
		if (rc == URB_ENOTSUP)
			audit_off = true;
		else if (rc != URB_EBUSY)
			EXPECT(rc == 0, SCEN_MADVISE, "after a madvise, urb_bufring_audit(%u): %s: %s",
			       s, ename(rc), urb_bearer_detail(B));
	}
	audit_due = false;
}

/* ---- the targets of msg_ring and msg_ring_fd */

enum { T_FREE, T_OURS, T_RAW };

static struct target {
	struct urb_bearer *b;
	uint32_t reg, direct;
	char shape[32], dims[16]; /* its name in the log, and its capacity's */
	uint8_t fill[TSLOTS];  /* kernel-area slot reg + i: T_FREE, T_OURS (urb's), T_RAW (not) */
	bool pipe[TSLOTS];     /* it holds pipe_w */
	bool urb_pipe;         /* pipe_w is registered in its own area, at urb_slot */
	uint32_t urb_slot;
	bool blind;            /* a descriptor went where no completion says */
	urb_buf_t buf;
	uint64_t wkey;
	int32_t wres;
	bool wdone;
	unsigned long messages; /* MESSAGE and FD_MESSAGE completions it showed */
} T[NTARGETS];
static unsigned ntargets;
static struct io_uring raw;
static bool raw_live;

/* Something sent to a target (or to the fuzzed bearer itself, t == NTARGETS). */
static struct send {
	bool live;
	uint8_t op;        /* MSG_RING, MSG_RING_FD, or STALE (a raw ring's) */
	uint8_t t;
	bool bogus;        /* the ring fd is no ring */
	uint64_t key;      /* the sender's op */
	uint64_t data;     /* what the target sees as c->key */
	int32_t value;     /* what it sees as c->result (msg_ring, raw) */
	uint8_t kind;
	bool pipe;
	bool result_seen, arrived, kind_checked;
	int32_t result, slot;
} S[MAX_SENDS];

static struct send *send_new(void)
{
	for (int i = 0; i < MAX_SENDS; i++)
		if (!S[i].live) {
			S[i] = (struct send){ .live = true, .slot = -1 };
			return &S[i];
		}
	return NULL;
}

static void send_done(struct send *s)
{
	if (s->result_seen && (s->arrived || s->result < 0 || s->bogus))
		s->live = false;
}

static const char *tname(unsigned t)
{
	return t < ntargets ? T[t].shape : "itself";
}

static unsigned in_flight(unsigned t, const struct send *but)
{
	unsigned n = 0;

	for (int i = 0; i < MAX_SENDS; i++)
		n += S[i].live && &S[i] != but && S[i].t == t && S[i].op == URB_OP_MSG_RING_FD &&
		     !S[i].bogus && !S[i].result_seen && !S[i].arrived;
	return n;
}

static unsigned filled(const struct target *t)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < t->direct; i++)
		n += t->fill[i] != T_FREE;
	return n;
}

/* A kernel-area slot @slot of @t is filled by @s: by its sender's result or its completion. */
static void slot_filled(struct target *t, struct send *s, int32_t slot, const char *by)
{
	if (s->slot >= 0) {
		EXPECT(s->slot == slot, SCEN_MSG_RING, "msg_ring_fd to %s: the sender's result says "
		       "slot %d, the target's completion slot %d", t->shape, s->slot, slot);
		return;
	}
	if (slot < (int32_t)t->reg || slot >= (int32_t)(t->reg + t->direct)) {
		finding(SCEN_MSG_RING, "msg_ring_fd to %s: %s names slot %d, its kernel area is "
			"%u..%u", t->shape, by, slot, t->reg, t->reg + t->direct - 1);
		return;
	}
	EXPECT(t->fill[slot - t->reg] == T_FREE, SCEN_MSG_RING, "msg_ring_fd to %s: %s names "
	       "slot %d, which already holds a descriptor (%s)", t->shape, by, slot,
	       t->fill[slot - t->reg] == T_RAW ? "another ring's" : "an earlier message's");
	s->slot = slot;
	t->fill[slot - t->reg] = T_OURS;
	t->pipe[slot - t->reg] = s->pipe;
}

/*
 * Another ring's message named @slot: urb's books of it are as the model
 * has them, registered only by urb's own registration or a descriptor
 * message seen before.
 */
static void untracked(const struct target *t, int32_t slot)
{
	uint32_t i = (uint32_t)slot - t->reg;
	int kind = urb_fd_kind(t->b, (uint32_t)slot);
	bool mine = slot >= 0 && (uint32_t)slot < t->reg ? t->urb_pipe && t->urb_slot == (uint32_t)slot :
		    i < t->direct && t->fill[i] == T_OURS;

	if (!mine)
		EXPECT(kind < 0, SCEN_MSG_RING, "%s: after another ring's message naming slot %d, "
		       "urb_fd_kind says %d: urb took it for its own", t->shape, slot, kind);
}

static struct send *find_send(uint8_t op, unsigned t, uint64_t data)
{
	for (int i = 0; i < MAX_SENDS; i++)
		if (S[i].live && S[i].op == op && S[i].t == t && S[i].data == data && !S[i].bogus)
			return &S[i];
	return NULL;
}

/* A message (or a raw ring's CQE) a target, or the fuzzed bearer, shows. */
static void arrived(unsigned t, const struct urb_completion *c)
{
	struct send *s = find_send(c->op == URB_OP_FD_MESSAGE ? URB_OP_MSG_RING_FD :
				   c->op == URB_OP_MESSAGE ? URB_OP_MSG_RING : URB_OP_STALE, t,
				   c->op == URB_OP_FD_MESSAGE ? (uint32_t)c->key : c->key);

	logf_("  %s shows %s data %#llx result %d", tname(t), urb_op_name(c->op),
	      (unsigned long long)c->key, c->result);
	if (!s || s->arrived) {
		finding(SCEN_MSG_RING, "%s shows %s with data %#llx, result %d: %s", tname(t),
			urb_op_name(c->op), (unsigned long long)c->key, c->result,
			s ? "a second time" : "nothing like it was sent");
		return;
	}
	s->arrived = true;
	EXPECT(c->final && !c->user && c->selected == URB_BUF_NONE, SCEN_MSG_RING,
	       "%s: %s not final, or with a user pointer or a buffer", tname(t), urb_op_name(c->op));
	EXPECT(!s->result_seen || s->result >= 0, SCEN_MSG_RING, "%s shows %s data %#llx, but its "
	       "sender heard %d", tname(t), urb_op_name(c->op), (unsigned long long)c->key,
	       s->result);
	if (c->op == URB_OP_FD_MESSAGE)
		slot_filled(&T[t], s, c->result, "the target's completion");
	else
		EXPECT(c->result == s->value, SCEN_MSG_RING, "%s shows %s data %#llx with result %d, "
		       "%d was sent", tname(t), urb_op_name(c->op), (unsigned long long)c->key,
		       c->result, s->value);
	if (c->op == URB_OP_STALE && t < ntargets)
		untracked(&T[t], c->result);
	if (c->op != URB_OP_STALE) {
		delivered++;
		if (t < ntargets)
			T[t].messages++;
	}
	send_done(s);
}

static enum urb_disposition on_target(struct urb_bearer *b, const struct urb_completion *c,
				      void *user)
{
	struct target *t = user;

	(void)b;
	if (c->op == URB_OP_MESSAGE || c->op == URB_OP_FD_MESSAGE || c->op == URB_OP_STALE) {
		arrived((unsigned)(t - T), c);
	} else if (c->key == t->wkey && c->op == URB_OP_WRITE) {
		t->wres = c->result;
		t->wdone = c->final;
	} else {
		finding(SCEN_MSG_RING, "%s shows %s key %#llx, result %d: not its own op", t->shape,
			urb_op_name(c->op), (unsigned long long)c->key, c->result);
	}
	return URB_DEFAULT;
}

/* What the target's walks show; then the slots its descriptors went into, in urb's books. */
static void target_walk(struct target *t, int rounds)
{
	for (int i = 0; i < rounds && !fz_found(); i++) {
		int n = urb_bearer_completions(t->b, on_target, t);

		EXPECT(n >= 0, SCEN_MSG_RING, "%s: urb_bearer_completions: %s", t->shape, ename(n));
		if (n <= 0 && i + 1 < rounds) {
			struct timespec ts = { .tv_nsec = 200000 };

			urb_bearer_submit_and_wait(t->b, 1, &ts);
		}
	}
	for (int i = 0; i < MAX_SENDS && !fz_found(); i++) {
		struct send *s = &S[i];
		int kind;

		if (!s->live || &T[s->t] != t || s->op != URB_OP_MSG_RING_FD || !s->arrived ||
		    s->kind_checked)
			continue;
		kind = urb_fd_kind(t->b, (uint32_t)s->slot);
		EXPECT(kind == s->kind, SCEN_MSG_RING, "%s: slot %d came by msg_ring_fd with kind %u, "
		       "urb_fd_kind says %s", t->shape, s->slot, s->kind, kind > 0 ? "another" :
		       ename(kind));
		s->kind_checked = true;
	}
}

/* Writes bytes through @slot of @t; they must come out of the pipe: pipe_w is in that slot. */
static int write_through(struct target *t, uint32_t slot, const char *why)
{
	uint8_t want[8], got[64];
	void *data;
	uint32_t cap;
	ssize_t n;
	int rc;

	memcpy(want, &(uint64_t){ ++counter * 0x9e3779b97f4a7c15ull }, 8);
	rc = urb_buf_fill(t->b, t->buf, &data, &cap);
	EXPECT(rc == 0, SCEN_MSG_RING, "%s: urb_buf_fill: %s", t->shape, ename(rc));
	if (rc)
		return rc;
	memcpy(data, want, 8);
	urb_buf_filled(t->b, t->buf, 8);
	t->wkey = 0;
	t->wdone = false;
	rc = urb_push_write(t->b, URB_SLOT(slot), t->buf, UINT64_MAX,
			    &(struct urb_write_opts){ .key_out = &t->wkey });
	logf_("  %s: write through slot %u (%s) -> %s", t->shape, slot, why, ename(rc));
	if (rc < 0)
		return rc;
	for (int i = 0; i < 200 && !t->wdone && !fz_found(); i++) {
		struct timespec ts = { .tv_nsec = 1000000 };

		urb_bearer_submit_and_wait(t->b, 1, &ts);
		target_walk(t, 1);
	}
	n = read(pipe_r, got, sizeof(got));
	EXPECT(t->wdone && t->wres == 8 && n == 8 && !memcmp(got, want, 8), SCEN_MSG_RING,
	       "%s: 8 bytes written through slot %u (%s): the write %s %d, the pipe gave %zd%s",
	       t->shape, slot, why, t->wdone ? "ended with" : "did not end,", t->wres, n,
	       n == 8 && memcmp(got, want, 8) ? " other bytes" : "");
	if (!fz_found())
		proved++;
	return 0;
}

static void target_new(unsigned i)
{
	static const uint32_t directs[] = { 0, 1, TSLOTS };
	struct target *t = &T[i];
	struct urb_capacity cap = {
		.core_queue = chance(50) ? 1 : 2, .registered_fd = 1 + rnd(2),
		.direct_fd = directs[rnd(3)], .pending_completions = 2,
		.buffers = 1, .buffer_bytes = (uint64_t)urb_bufset_bytes(1, 64),
		.ring_avoid = chance(25) ? URB_RING_DEFER_TASKRUN : 0,
	};
	int rc, set;

	memset(t, 0, sizeof(*t));
	rc = urb_bearer_new(&cap, &t->b);
	if (rc < 0) {
		fprintf(stderr, "api_fuzz: a target bearer: %s\n", urb_err_name(rc));
		exit(2);
	}
	t->reg = cap.registered_fd;
	t->direct = cap.direct_fd;
	snprintf(t->dims, sizeof(t->dims), "d%u,cq%u%s", t->direct, 2 * cap.core_queue,
		 cap.ring_avoid ? ",coop" : "");
	snprintf(t->shape, sizeof(t->shape), "target%u(d%u,cq%u%s)", i, t->direct,
		 2 * cap.core_queue, cap.ring_avoid ? ",coop" : "");
	set = urb_bufset_create(t->b, 1, 64);
	EXPECT(set >= 0, SCEN_MSG_RING, "%s: urb_bufset_create: %s", t->shape, ename(set));
	t->buf = URB_BUF(set < 0 ? 0 : set, 0);
	logf_("%s: new", t->shape);
}

/* The slot of the fuzzed bearer that holds pipe_w, or -1. */
static int pipe_slot(void)
{
	for (uint32_t s = 0; s < NSLOTS; s++) {
		const struct mslot *m = model_slot(s);

		if (m->state == URB_OWN_REGISTERED && m->kind == URB_FD_FILE && m->peer == pipe_w)
			return (int)s;
	}
	return -1;
}

/* pipe_w into a free slot of the fuzzed bearer's own area, which the model learns. */
static void pipe_register(void)
{
	for (uint32_t s = REG_FD; s-- > 0;) {
		int rc;

		if (model_slot(s)->state != URB_OWN_REUSABLE)
			continue;
		rc = urb_fd_register_at(B, s, pipe_w, URB_FD_FILE);
		logf_("fd_register_at %u the pipe to send -> %s", s, ename(rc));
		EXPECT(rc >= 0, SCEN_MSG_RING, "fd_register_at %u: %s", s, ename(rc));
		if (rc >= 0)
			*model_slot(s) = (struct mslot){ URB_OWN_REGISTERED, URB_FD_FILE, pipe_w, -1 };
		return;
	}
}

/* A ring fd to send to: a target's (@*t), the fuzzed bearer's own, or no ring's. */
static int pick_ring(unsigned *t, bool *bogus)
{
	uint32_t r = rnd(20);

	*bogus = false;
	if (r < 17 && ntargets) {
		*t = rnd(ntargets);
		return urb_bearer_ring_fd(T[*t].b);
	}
	*t = NTARGETS;
	if (r < 19)
		return urb_bearer_ring_fd(B);
	*bogus = true;
	return pipe_r;
}

static void do_msg_ring(void)
{
	unsigned t;
	bool bogus;
	int fd = pick_ring(&t, &bogus), rc;
	uint32_t flags = pick_flags(URB_OP_MSG_RING), value = chance(20) ? (uint32_t)-ENOMEM : rnd(1000);
	uint64_t data = ++counter << 20 | 0x5a;
	struct send *s = send_new();
	struct push p;

	if (!s)
		return;
	if (chance(30) && t < ntargets) /* shaped like the target's own keys */
		data = chance(50) ? URB__KEY_INTERNAL(T[t].b->key_salt, (uint32_t)counter) :
		       URB__KEY_FD_MESSAGE(T[t].b->fd_message_salt, (uint32_t)counter, URB_FD_FILE);
	push_init(&p, URB_OP_MSG_RING, flags);
	p.refuse_scen = SCEN_MSG_RING;
	snprintf(p.args, sizeof(p.args), "to %s data %#llx value %d", bogus ? "a pipe" : tname(t),
		 (unsigned long long)data, (int32_t)value);
	push_before(&p);
	rc = urb_push_msg_ring(B, URB_FD(fd), data, value, &(struct urb_msg_ring_opts){
		.submit_flags = flags, .user = p.r.user, .key_out = &p.key });
	push_after(&p, rc);
	if (rc < 0) {
		s->live = false;
		return;
	}
	*s = (struct send){ .live = true, .op = URB_OP_MSG_RING, .t = (uint8_t)t, .bogus = bogus,
			    .key = p.key, .data = data, .value = (int32_t)value, .slot = -1 };
}

static void do_msg_ring_fd(void)
{
	unsigned t;
	bool bogus;
	int fd = pick_ring(&t, &bogus), ps = pipe_slot(), rc;
	uint32_t slot = ps >= 0 && chance(70) ? (uint32_t)ps : pick_slot(0x1e);
	uint32_t flags = pick_flags(URB_OP_MSG_RING_FD), data = (uint32_t)++counter;
	struct send *s = send_new();
	struct push p;

	if (!s)
		return;
	s->live = false;
	push_init(&p, URB_OP_MSG_RING_FD, flags);
	p.refuse_scen = SCEN_MSG_RING;
	need_slot(&p, slot, 0x1e, false);
	snprintf(p.args, sizeof(p.args), "slot %u%s to %s data %u", slot,
		 (int)slot == ps ? " (the pipe)" : "", bogus ? "a pipe" : tname(t), data);
	push_before(&p);
	rc = urb_push_msg_ring_fd(B, URB_FD(fd), URB_SLOT(slot), data,
				  &(struct urb_msg_ring_fd_opts){ .submit_flags = flags,
								  .user = p.r.user,
								  .key_out = &p.key });
	push_after(&p, rc);
	if (rc < 0)
		return;
	*s = (struct send){ .live = true, .op = URB_OP_MSG_RING_FD, .t = (uint8_t)t,
			    .bogus = bogus, .key = p.key, .data = data,
			    .kind = model_slot(slot)->kind, .pipe = (int)slot == ps, .slot = -1 };
}

/* The sender's completion of a msg_ring or msg_ring_fd. */
static void sent(struct send *s, int32_t res)
{
	struct target *t = s->t < ntargets ? &T[s->t] : NULL;
	char name[48];

	s->result_seen = true;
	s->result = res;
	snprintf(name, sizeof(name), "%s:%s", urb_op_name((enum urb_op)s->op),
		 s->bogus ? "no-ring" : t ? t->dims : "itself");
	if (res == -ECANCELED) { /* a link before it failed, or a cancel */
		EXPECT(!s->arrived, SCEN_MSG_RING, "%s data %#llx: cancelled, but it arrived",
		       urb_op_name((enum urb_op)s->op), (unsigned long long)s->data);
		note(name, "cancelled");
	} else if (s->bogus) {
		EXPECT(res == -EBADFD, SCEN_MSG_RING, "%s to a pipe: %d, the kernel says -EBADFD",
		       urb_op_name((enum urb_op)s->op), res);
		note(name, "EBADFD");
	} else if (s->op == URB_OP_MSG_RING) {
		EXPECT(res == 0 || res == -EOVERFLOW, SCEN_MSG_RING, "msg_ring to %s: result %d",
		       tname(s->t), res);
		EXPECT(res == 0 || !s->arrived, SCEN_MSG_RING, "msg_ring to %s: %d, but it arrived",
		       tname(s->t), res);
		note(name, res == 0 ? "posted" : "EOVERFLOW");
	} else if (!t) {
		EXPECT(res == -EINVAL, SCEN_MSG_RING, "msg_ring_fd to itself: %d, the kernel says "
		       "-EINVAL", res);
		note(name, "EINVAL");
	} else if (res == -EOVERFLOW) {
		t->blind = true; /* in its table, no completion says where */
		note(name, "EOVERFLOW");
	} else if (t->blind) {
		note(name, res >= 0 ? "installed" : "failed");
	} else if (res == -ENFILE) {
		EXPECT(filled(t) + in_flight(s->t, s) >= t->direct, SCEN_MSG_RING,
		       "msg_ring_fd to %s: -ENFILE, but %u of its %u kernel slots are free",
		       t->shape, t->direct - filled(t), t->direct);
		EXPECT(!s->arrived, SCEN_MSG_RING, "msg_ring_fd to %s: -ENFILE, but it arrived",
		       t->shape);
		note(name, "ENFILE");
	} else if (res >= 0) {
		slot_filled(t, s, res, "the sender's result");
		note(name, "installed");
	} else {
		finding(SCEN_MSG_RING, "msg_ring_fd to %s: result %d", t->shape, res);
	}
	send_done(s);
}

/* A plain liburing ring's message, shaped like urb's: the target must not track it. */
static void raw_send(struct target *t, bool descriptor)
{
	static const uint8_t kinds[] = { URB_FD_FILE, 9, URB_FD_STREAM };
	uint32_t slot = rnd(t->reg + t->direct + 2), user = (uint32_t)++counter;
	bool salted = !descriptor && chance(50);
	uint8_t kind = salted ? kinds[1 + rnd(2)] : kinds[rnd(3)];
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct send *s = send_new();
	int res;

	if (!s)
		return;
	if (salted && kind != 9 && slot >= t->reg && slot < t->reg + t->direct)
		slot = rnd(t->reg); /* salted and well-formed: only a slot urb never gets one in */
	*s = (struct send){ .live = true, .op = URB_OP_STALE, .t = (uint8_t)(t - T), .slot = -1,
			    .data = URB__KEY_FD_MESSAGE(salted ? t->b->fd_message_salt : 0, user,
							kind) };
	if (!raw_live) {
		raw_live = io_uring_queue_init(4, &raw, 0) == 0 &&
			   io_uring_register_files(&raw, &pipe_w, 1) == 0;
		if (!raw_live) {
			s->live = false;
			return;
		}
	}
	sqe = io_uring_get_sqe(&raw);
	if (descriptor) {
		io_uring_prep_rw(IORING_OP_MSG_RING, sqe, urb_bearer_ring_fd(t->b),
				 (void *)(uintptr_t)IORING_MSG_SEND_FD, 0, s->data);
		sqe->addr3 = 0;
		sqe->file_index = IORING_FILE_INDEX_ALLOC;
	} else {
		io_uring_prep_msg_ring(sqe, urb_bearer_ring_fd(t->b), slot, s->data, 0);
	}
	if (io_uring_submit_and_wait(&raw, 1) != 1 || io_uring_wait_cqe(&raw, &cqe) != 0) {
		s->live = false;
		return;
	}
	res = cqe->res;
	io_uring_cqe_seen(&raw, cqe);
	raw_sent++;
	logf_("raw msg_ring%s to %s, slot %u kind %u%s -> %d", descriptor ? " of a descriptor" : "",
	      t->shape, slot, kind, salted ? " salted" : "", res);
	note(descriptor ? "raw_msg_ring_fd" : "raw_msg_ring", res >= 0 ? "sent" : "failed");
	s->result_seen = true;
	s->result = res;
	s->value = descriptor ? res : (int32_t)slot;
	if (res < 0) {
		EXPECT(!descriptor || res == -ENFILE, SCEN_MSG_RING, "a raw descriptor to %s: %d",
		       t->shape, res);
		/* a descriptor of ours still on its way may hold the last free slot */
		EXPECT(!descriptor || t->blind ||
		       filled(t) + in_flight((unsigned)(t - T), NULL) >= t->direct, SCEN_MSG_RING,
		       "a raw descriptor to %s: -ENFILE, but %u of its %u kernel slots are free and "
		       "none is on its way", t->shape, t->direct - filled(t), t->direct);
		s->live = false;
		return;
	}
	if (descriptor) {
		if (res < (int)t->reg || res >= (int)(t->reg + t->direct) ||
		    t->fill[res - t->reg] != T_FREE)
			finding(SCEN_MSG_RING, "a raw descriptor to %s went into slot %d, which the "
				"model has %s", t->shape, res, "in use or outside the kernel area");
		else
			t->fill[res - t->reg] = T_RAW;
	}
}

/* The target shows what came; each descriptor it holds of pipe_w is proved by a write. */
static void target_settle(struct target *t)
{
	struct urb_stats st;

	target_walk(t, 6);
	for (int i = 0; i < MAX_SENDS && !fz_found(); i++) {
		struct send *s = &S[i];

		if (s->live && &T[s->t] == t && s->result_seen && s->result >= 0 && !s->arrived &&
		    !s->bogus)
			finding(SCEN_MSG_RING, "%s data %#llx to %s: its sender heard %d, the target "
				"shows nothing after %d walks", urb_op_name((enum urb_op)s->op),
				(unsigned long long)s->data, t->shape, s->result, 6);
	}
	if (urb_bearer_stats(t->b, &st) == 0)
		EXPECT(st.messages == t->messages, SCEN_MSG_RING, "%s: stats.messages %llu, its "
		       "callback saw %lu", t->shape, (unsigned long long)st.messages, t->messages);
	for (uint32_t i = 0; i < t->direct && !fz_found(); i++) {
		int rc;

		if (t->fill[i] == T_OURS && t->pipe[i] && urb_fd_kind(t->b, t->reg + i) > 0) {
			write_through(t, t->reg + i, "the pipe a message brought");
		} else if (t->fill[i] == T_RAW) {
			rc = write_through(t, t->reg + i, "another ring's descriptor");
			EXPECT(rc < 0, SCEN_MSG_RING, "%s: a write through slot %u, which only another "
			       "ring's message filled, was taken", t->shape, t->reg + i);
		}
	}
}

/* The target's own registration: its own area, never a slot the kernel filled. */
static void target_register(struct target *t)
{
	int rc, at;

	if (t->urb_pipe) {
		rc = urb_fd_unregister(t->b, t->urb_slot);
		EXPECT(rc == 0, SCEN_MSG_RING, "%s: fd_unregister %u: %s", t->shape, t->urb_slot,
		       ename(rc));
		t->urb_pipe = false;
		return;
	}
	at = (int)(t->reg + rnd(t->direct + 1));
	rc = urb_fd_register_at(t->b, (uint32_t)at, pipe_w, URB_FD_FILE);
	EXPECT(rc < 0, SCEN_MSG_RING, "%s: fd_register_at %d, a slot of the kernel area, taken",
	       t->shape, at);
	rc = urb_fd_register(t->b, pipe_w, URB_FD_FILE);
	logf_("%s: fd_register the pipe -> %d", t->shape, rc);
	registered++;
	if (rc < 0 || rc >= (int)t->reg) {
		finding(SCEN_MSG_RING, "%s: fd_register: %d (%s), its own area is 0..%u", t->shape, rc,
			ename(rc), t->reg - 1);
		return;
	}
	t->urb_pipe = true;
	t->urb_slot = (uint32_t)rc;
	write_through(t, t->urb_slot, "its own registration");
}

/* A descriptor urb took from a message goes: no send to the target may be in flight. */
static void target_unregister(struct target *t)
{
	uint32_t i = rnd(TSLOTS);
	int rc;

	if (i >= t->direct || t->fill[i] == T_FREE || in_flight((unsigned)(t - T), NULL) ||
	    t->blind)
		return;
	rc = urb_fd_unregister(t->b, t->reg + i);
	logf_("%s: fd_unregister %u -> %s", t->shape, t->reg + i, ename(rc));
	if (t->fill[i] == T_RAW) {
		EXPECT(rc < 0, SCEN_MSG_RING, "%s: fd_unregister %u, which only another ring's "
		       "message filled, succeeded", t->shape, t->reg + i);
		return;
	}
	EXPECT(rc == 0 || rc == URB_ENOTREGISTERED, SCEN_MSG_RING, "%s: fd_unregister %u: %s",
	       t->shape, t->reg + i, ename(rc));
	if (rc == 0)
		t->fill[i] = T_FREE;
}

static void msg_step(void)
{
	struct target *t = &T[rnd(ntargets)];

	for (unsigned i = 0; i < ntargets; i++)
		target_walk(&T[i], 1);
	if (pipe_slot() < 0 && chance(30))
		pipe_register();
	switch (rnd(12)) {
	case 0: case 1: case 2:
		for (uint32_t n = 1 + rnd(3); n-- > 0 && !fz_found();)
			do_msg_ring();
		break;
	case 3: case 4: case 5:
		do_msg_ring_fd();
		break;
	case 6:
		raw_send(t, false);
		break;
	case 7:
		raw_send(t, true);
		break;
	case 8: case 9:
		target_settle(t);
		break;
	case 10:
		target_register(t);
		break;
	default:
		target_unregister(t);
		break;
	}
}

/* ---- fork */

static enum urb_disposition child_shown(struct urb_bearer *b, const struct urb_completion *c,
					void *user)
{
	(void)b, (void)c;
	(*(int *)user)++;
	return URB_DEFAULT;
}

static int child_calls(char *why, size_t len)
{
	struct timespec ts = { .tv_nsec = 1000000 };
	urb_buf_t buf = pick_buf(false);
	struct urb_stats st;
	struct urb_ring_setup_info info;
	enum urb_capacity_kind kind;
	uint64_t setting;
	uint32_t *word, mine = 0, cap;
	const void *view;
	void *data;
	int shown = 0, n = 0;

	for (uint32_t k = 1 + rnd(8); k-- > 0;) {
		struct urb_bearer *b = ntargets && chance(25) ? T[rnd(ntargets)].b : B;
		const char *call;
		int rc;

		switch (rnd(24)) {
#define CALL(x) call = #x, rc = (x); break
		case 0: CALL(urb_push_nop(b, NULL));
		case 1: CALL(urb_push_madvise(b, buf, MADV_DONTNEED_LOCKED, NULL));
		case 2: CALL(urb_push_msg_ring(b, URB_FD(urb_bearer_ring_fd(B)), 1, 1, NULL));
		case 3: CALL(urb_bearer_submit(b));
		case 4: CALL(urb_bearer_submit_and_wait(b, 1, &ts));
		case 5: CALL(urb_bearer_completions(b, child_shown, &shown));
		case 6: CALL(urb_bearer_drain(b));
		case 7: CALL(urb_release(b, URB__KEY(1, 0)));
		case 8: CALL(urb_fd_register(b, pipe_w, URB_FD_FILE));
		case 9: CALL(urb_fd_unregister(b, 0));
		case 10: CALL(urb_fd_kind(b, 0));
		case 11: CALL(urb_bufset_create(b, 1, 64));
		case 12: CALL(urb_bufset_destroy(b, URB_BUF_SET(buf)));
		case 13: CALL(urb_buf_fill(b, buf, &data, &cap));
		case 14: CALL(urb_buf_view(b, buf, &view, &cap));
		case 15: CALL(urb_buf_release(b, buf));
		case 16: CALL(urb_buf_owner(b, buf));
		case 17: CALL(urb_buf_recycle(b, buf));
		case 18: CALL(urb_bufring_audit(b, URB_BUF_SET(buf)));
		case 19: CALL(urb_futex_create(b, 0, &word));
		case 20: CALL(urb_futex_adopt(b, &mine));
		case 21: CALL(urb_bearer_stats(b, &st));
		case 22: CALL(urb_bearer_at_capacity(b, &kind, &setting));
		default: CALL(urb_bearer_setup(b, &info));
#undef CALL
		}
		n++;
		if (rc != URB_EFORKED && !*why)
			snprintf(why, len, "in the child, %s on %s returned %s, not URB_EFORKED", call,
				 b == B ? "the fuzzed bearer" : "a target", ename(rc));
	}
	if (urb_bearer_ring_fd(B) != URB_EFORKED && !*why)
		snprintf(why, len, "in the child, urb_bearer_ring_fd was not refused");
	if (shown && !*why)
		snprintf(why, len, "in the child, a walk showed %d of the parent's completions", shown);
	return n;
}

static void child(int out)
{
	char why[300] = "";
	int rc;

	child_calls(why, sizeof(why));
	rc = urb_bearer_free(B);
	if (rc != 0 && !*why)
		snprintf(why, sizeof(why), "in the child, urb_bearer_free: %s", ename(rc));
	for (unsigned i = 0; i < ntargets; i++) {
		rc = urb_bearer_free(T[i].b);
		if (rc != 0 && !*why)
			snprintf(why, sizeof(why), "in the child, urb_bearer_free of %s: %s",
				 T[i].shape, ename(rc));
	}
	_exit(write(out, why, strlen(why)) == (ssize_t)strlen(why) ? 0 : 3);
}

static void do_fork(void)
{
	char why[301] = "";
	struct urb_stats st;
	size_t got = 0;
	int fds[2], status = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		child(fds[1]);
	}
	close(fds[1]);
	while (pid > 0 && got < sizeof(why) - 1) {
		ssize_t n = read(fds[0], why + got, sizeof(why) - 1 - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	if (pid < 0)
		return;
	forks++;
	urb_bearer_stats(B, &st);
	note("fork", st.pending ? "pending" : "idle");
	logf_("fork: the child %s", got ? why : "was refused everything, freed, exited");
	EXPECT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       SCEN_FORK, "the forked child ended with status %#x", status);
	EXPECT(!got, SCEN_FORK, "%s", why);
}

/* ---- the hooks */

void more_begin(struct urb_bearer *b)
{
	int fds[2];

	B = b;
	counter = 0;
	memset(S, 0, sizeof(S));
	memset(adv, 0, sizeof(adv));
	audit_due = false;
	ntargets = 0;
	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
		perror("api_fuzz: pipe");
		exit(2);
	}
	pipe_r = fds[0];
	pipe_w = fds[1];
	if (avoid(SCEN_MSG_RING))
		return;
	if (chance(70))
		pipe_register();
	if (chance(80))
		ntargets = chance(60) ? 1 : 2;
	for (unsigned i = 0; i < ntargets; i++)
		target_new(i);
}

bool more_step(void)
{
	uint32_t r = rnd(1000);

	if (!B || fz_found())
		return false;
	if (r < 5 && !avoid(SCEN_FORK))
		do_fork();
	else if (r >= 5 && r < 45 && !avoid(SCEN_MADVISE))
		do_madvise();
	else if (r >= 45 && r < 105 && !avoid(SCEN_MSG_RING) && ntargets)
		msg_step();
	else
		return false;
	return true;
}

bool more_cqe(const struct urb_completion *c)
{
	if (c->op == URB_OP_MESSAGE || (c->op == URB_OP_STALE && find_send(URB_OP_STALE,
									   NTARGETS, c->key))) {
		arrived(NTARGETS, c);
		return true;
	}
	for (int i = 0; i < MAX_ADVISED; i++)
		if (adv[i].live && adv[i].key == c->key && c->op == URB_OP_MADVISE && c->final)
			advised_done(&adv[i], c->result);
	for (int i = 0; i < MAX_SENDS; i++)
		if (S[i].live && S[i].op != URB_OP_STALE && S[i].key == c->key && c->op == S[i].op &&
		    !S[i].result_seen && c->final)
			sent(&S[i], c->result);
	return false;
}

void more_check(void)
{
	zeroing = false;
	if (audit_due && B)
		audit_rings();
}

bool more_zeroing(void)
{
	for (int i = 0; i < MAX_ADVISED; i++)
		if (adv[i].live && zeroes(adv[i].a->v))
			return true;
	return zeroing;
}

void more_end(void)
{
	for (unsigned i = 0; i < ntargets; i++) {
		int rc;

		if (!fz_found())
			target_settle(&T[i]);
		rc = urb_bearer_free(T[i].b);
		EXPECT(rc == 0, SCEN_MSG_RING, "urb_bearer_free of %s: %s", T[i].shape, ename(rc));
	}
	ntargets = 0;
	for (int i = 0; i < MAX_ADVISED; i++)
		free(adv[i].before);
	memset(adv, 0, sizeof(adv));
	if (raw_live)
		io_uring_queue_exit(&raw);
	raw_live = false;
	if (pipe_r >= 0) {
		close(pipe_r);
		close(pipe_w);
	}
	pipe_r = pipe_w = -1;
	B = NULL;
	for (int i = 0; i < NCOVER && cover[i].name[0]; i++) {
		cover[i].seqs += cover[i].seen;
		cover[i].seen = false;
	}
}

void more_report(void)
{
	printf("api_fuzz: madvise: %lu judged by their bytes, %lu pages zeroed; messages: %lu "
	       "delivered, %lu raw, %lu descriptors proved by a write, %lu registrations beside "
	       "them; %lu forks\n", madvised, zeroed_pages, delivered, raw_sent, proved, registered,
	       forks);
	if (!R.coverage)
		return;
	for (int i = 0; i < NCOVER && cover[i].name[0]; i++)
		if (cover[i].seqs)
			printf("api_fuzz: coverage %s 0 %s %lu\n", cover[i].name, cover[i].what,
			       cover[i].seqs);
}
