/* SPDX-License-Identifier: MIT */
#include "fd_table.h"
#include "groups.h"

/*
 * Completion dispatch: one CQE -> its record -> a typed completion -> the
 * callback -> the op's lifetime.  Generic code only: what differs between
 * ops comes from the op table, and from the kinds of the record's holds.
 */

/*
 * The running walk's callback (urb__walk_set), shown @c: read from the
 * bearer where it is called, so that the walk keeps no register for it.
 */
static inline enum urb_disposition callback(struct urb_bearer *b, const struct urb_completion *c)
{
	return b->walk_fn(b, c, b->walk_user);
}

/* A completion with no record behind it (a message, a stale key): final, nothing held. */
static void show_alone(struct urb_bearer *b, enum urb_op op, uint64_t key, int32_t res,
		       uint32_t flags)
{
	struct urb_completion c = { .key = key, .op = op, .result = res, .cqe_flags = flags,
				    .final = true, .selected = URB_BUF_NONE };

	b->plain_view.key = 0; /* urb__shown_key(): no record's */
	callback(b, &c);
}

/* What another bearer sent: a completion of its own kind, no record of ours. */
static int message(struct urb_bearer *b, enum urb_op op, uint64_t key, int32_t res,
		   uint32_t flags)
{
	b->stats.messages++;
	show_alone(b, op, key, res, flags);
	return 0;
}

/* A CQE that names no live record of ours: liburing's, urb's own, a message, or stale. */
static __attribute__((noinline)) int dispatch_other(struct urb_bearer *b, uint64_t user_data,
						    int32_t res, uint32_t flags)
{
	bool stale;

	if (user_data == LIBURING_UDATA_TIMEOUT)
		return 0; /* liburing's own wait timeout on old kernels */
	if (flags & URB_CQE_F_MESSAGE) /* another bearer's message: no record of ours */
		return message(b, URB_OP_MESSAGE, user_data, res, flags);
	if (URB__KEY_IS_FD_MESSAGE(b->fd_message_salt, user_data) &&
	    urb__fd_message_landed(b, user_data, res)) /* another bearer's descriptor, now ours */
		return message(b, URB_OP_FD_MESSAGE, URB__KEY_GEN(user_data), res, flags);
	if (URB__KEY_IS_INTERNAL(b->key_salt, user_data) &&
	    urb__recycle_done(b, URB__KEY_INTERNAL_BUF(user_data), res))
		return 0;
	/* a record the kernel already said its last word on (retained) is stale too */
	if (urb__rec_lookup(b, user_data, &stale) || stale)
		b->stats.stale_cqes++;
	else
		b->stats.unknown_cqes++;
	show_alone(b, URB_OP_STALE, user_data, res, flags);
	return 0;
}

/* The CQE of @rec, pending with the kernel: its typed completion, the callback, its lifetime. */
static __attribute__((noinline)) int dispatch_rec(struct urb_bearer *b, struct urb__rec *rec,
						  uint64_t user_data, int32_t res, uint32_t flags)
{
	const struct urb__opdef *def = urb__def(rec->op);
	struct urb_completion c;
	enum urb_disposition disp;

	/* every field but the payload, which only the op's filler writes */
	c.key = user_data;
	c.user = rec->user;
	c.op = (enum urb_op)rec->op;
	c.result = res;
	c.cqe_flags = flags;
	c.more = flags & IORING_CQE_F_MORE;
	c.final = !c.more;
	c.notif = flags & IORING_CQE_F_NOTIF;
	c.selected = URB_BUF_NONE;
	c.selected_more = false;
	c.selected_offset = 0;
	b->stats.completions++;
	if (rec->kinds & URB__KINDS_EACH)
		urb__holds_each(b, rec, &c);
	if (c.final) {
		urb__own_known(&rec->state, URB_OWN_KERNEL, URB_OWN_RETURNED); /* its last word */
		if (rec->nholds)
			urb__holds_give_back_inline(b, rec, res);
	}
	if (def->fill)
		def->fill(b, rec, &c);
	if (rec->skip_success && res >= 0) {
		disp = URB_DEFAULT; /* the push asked not to hear of a success */
	} else {
		b->plain_view.key = user_data; /* urb__shown_key(), until the next callback */
		disp = callback(b, &c);
	}

	if (!c.final) {
		if (disp == URB_FORGET)
			b->stats.refused_dispositions++; /* the kernel still holds it */
		return 0;
	}
	if (disp == URB_RETAIN && def->retain_ok)
		return 0;
	if (disp == URB_RETAIN)
		b->stats.refused_dispositions++;
	urb__rec_free_inline(b, rec);
	return 0;
}

/*
 * The done hook of an op with nothing to give back and no payload: called
 * all the same, which costs such an op (a NOP) two instructions and saves
 * every other op the test for a hook.
 */
void urb__done_none(struct urb_bearer *b, struct urb__rec *rec)
{
	(void)b, (void)rec;
}

void urb__done_generic(struct urb_bearer *b, struct urb__rec *rec)
{
	const struct urb__opdef *def = urb__def(rec->op);

	if (rec->nholds)
		urb__holds_give_back_inline(b, rec, b->plain_view.result);
	if (def->fill)
		def->fill(b, rec, &b->plain_view);
}

/*
 * &@b->recs[@idx] in one multiply: of a record's size (not a power of two)
 * GCC makes two LEAs and a shift.
 */
static inline struct urb__rec *rec_at(const struct urb_bearer *b, uint32_t idx)
{
#if defined(__x86_64__)
	uint64_t off;

	__asm__("imul %2, %1, %0" : "=r"(off) : "rm"((uint64_t)idx), "i"(sizeof(struct urb__rec)));
	return (struct urb__rec *)(void *)((char *)b->recs + off);
#else
	return &b->recs[idx];
#endif
}

/*
 * The final CQE of a plain record (rec->slow clear: one of the library's
 * own ops holding nothing but fd slots and buffers, no SKIP_SUCCESS): what
 * dispatch_rec does for it, without the tests for what such a record
 * cannot have.  The callback sees b->plain_view, whose more, final, notif
 * and selected* always hold a plain final CQE's values (a notification
 * takes dispatch_rec); its key is urb__shown_key() too.  Every caller of
 * the walk passes a callback.  @fifo: the bearer's slab_fifo.
 */
static inline int dispatch_plain(struct urb_bearer *b, struct urb__rec *rec,
				 uint64_t user_data, int32_t res, uint32_t flags, bool fifo)
{
	unsigned op = rec->op;
	urb__done_fn *done = urb__op_done[op];
	struct urb_completion *c = &b->plain_view;
	enum urb_disposition disp;

	c->key = user_data;
	c->user = rec->user;
	c->op = (enum urb_op)op;
	c->result = res;
	c->cqe_flags = flags;
	b->stats.completions++;
	urb__own_known(&rec->state, URB_OWN_KERNEL, URB_OWN_RETURNED); /* its last word */
	done(b, rec); /* into c, the plain view */
	disp = callback(b, c);
	if (__builtin_expect(disp == URB_RETAIN, 0)) {
		if (urb__ops[rec->op].retain_ok) /* read again: nothing kept across the callback */
			return 0;
		b->stats.refused_dispositions++;
	}
	urb__rec_free_plain(b, rec, fifo);
	return 0;
}

/*
 * &@b->@view, worked out where it is used: the compiler would otherwise
 * work it out once, early, and keep it on the stack across the select
 * path's stores (a store and a load more than this).
 */
#define ANEW_VIEW(b, view)                             \
	({                                             \
		struct urb_bearer *anew_ = (b);        \
		__asm__("" : "+r"(anew_));             \
		&anew_->view;                          \
	})

/*
 * A CQE with more to come that hands the user one whole buffer of its
 * record's group (rec->slow SELECT: urb__group_selects_whole): what
 * dispatch_rec and urb__group_selected do for it, without the walks over
 * the holds.  The callback sees b->select_view, whose more, final, notif,
 * selected_more and selected_offset always hold such a CQE's values.
 * False, having changed nothing, when the id is no buffer the group's
 * kernel side holds: the full path decides, and counts, that.
 */
static inline bool dispatch_select(struct urb_bearer *b, struct urb__rec *rec,
				   uint64_t user_data, int32_t res, uint32_t flags)
{
	uint32_t set = (rec->holds + rec->nholds - 1)->id; /* the group, its last hold */
	const struct urb__bufset *s = &b->sets[set];
	uint32_t idx = flags >> IORING_CQE_BUFFER_SHIFT, got;
	struct urb_completion *c = &b->select_view;
	struct urb_data *data = (struct urb_data *)(void *)&c->u; /* urb__op_selects */
	struct urb__buf_meta *m = urb__group_picked(s, idx);
	uint32_t len;
	uint8_t *bytes;
	urb_buf_t sel;

	if (!m)
		return false;
	/* read before the first store, a byte's, after which they would be read again */
	len = s->len;
	bytes = s->data + (uint64_t)idx * len;
	sel = URB_BUF(set, idx);
	got = (uint32_t)res < len ? (uint32_t)res : len; /* whole buffers: nothing consumed */
	urb__group_hand_over(m, got);
	c->key = user_data;
	c->user = rec->user;
	c->op = (enum urb_op)rec->op;
	c->result = res;
	c->cqe_flags = flags;
	c->selected = sel;
	data->buf = sel;
	data->data = bytes;
	data->len = got;
	b->stats.completions++;
	b->plain_view.key = user_data; /* urb__shown_key(), until the next callback */
	if (callback(b, ANEW_VIEW(b, select_view)) == URB_FORGET)
		b->stats.refused_dispositions++; /* the kernel still holds it */
	return true;
}

/* A CQE the plain path does not take: a record's other CQEs, and everything that is no record's. */
static __attribute__((noinline)) int dispatch_cqe_other(struct urb_bearer *b, uint64_t user_data,
							int32_t res, uint32_t flags)
{
	uint32_t idx = URB__KEY_IDX(user_data);

	/*
	 * A message may carry any 64 bits, a live key's too, so its flag is
	 * looked at first.  No other key of a non-record (internal, fd
	 * message, liburing's timeout) has a low word below the record count.
	 */
	if (!(flags & URB_CQE_F_MESSAGE) && idx < b->cap.pending_completions) {
		struct urb__rec *rec = rec_at(b, idx);

		if (rec->key == user_data && rec->state == URB_OWN_KERNEL)
			return dispatch_rec(b, rec, user_data, res, flags);
	}
	return dispatch_other(b, user_data, res, flags);
}

/*
 * The flags that keep a CQE off the plain path: a message (which may carry
 * any key), one more to come, a zero-copy notification (the plain path's
 * view says notif false).
 */
#define NOT_PLAIN_FLAGS (URB_CQE_F_MESSAGE | IORING_CQE_F_MORE | IORING_CQE_F_NOTIF)
/* ... and the flags of a CQE the select path may take: more to come, a buffer */
#define SELECT_FLAGS (IORING_CQE_F_MORE | IORING_CQE_F_BUFFER)

/* One CQE to its path; inlined in the walk.  @fifo: the bearer's slab_fifo. */
static inline __attribute__((always_inline)) int dispatch_cqe(struct urb_bearer *b,
							      uint64_t user_data, int32_t res,
							      uint32_t flags, bool fifo)
{
	uint32_t idx = URB__KEY_IDX(user_data);

	if (__builtin_expect(!(flags & NOT_PLAIN_FLAGS) && idx < b->cap.pending_completions, 1)) {
		struct urb__rec *rec = rec_at(b, idx);

		if (__builtin_expect(rec->key == user_data && rec->mode == URB__REC_PLAIN_PENDING, 1))
			return dispatch_plain(b, rec, user_data, res, flags, fifo);
	} else if ((flags & (NOT_PLAIN_FLAGS | SELECT_FLAGS)) == SELECT_FLAGS && res >= 0 &&
		   idx < b->cap.pending_completions) {
		struct urb__rec *rec = rec_at(b, idx);

		if (rec->key == user_data && rec->mode == URB__REC_SELECT_PENDING &&
		    dispatch_select(b, rec, user_data, res, flags))
			return 0;
	}
	return dispatch_cqe_other(b, user_data, res, flags);
}

/* A walk of one CQE, the test seam's. */
int urb__dispatch_cqe(struct urb_bearer *b, uint64_t user_data, int32_t res,
		      uint32_t flags, urb_completion_fn fn, void *user)
{
	int rc;

	urb__walk_set(b, fn, user);
	b->in_walk = true;
	rc = dispatch_cqe(b, user_data, res, flags, b->slab_fifo);
	b->in_walk = false;
	return rc;
}

/*
 * Whether a walk that found the CQ empty enters the kernel for CQEs it may
 * hold back: overflowed ones, and (DEFER_TASKRUN, or COOP_TASKRUN)
 * completion work the kernel runs only when this thread enters it with
 * GETEVENTS.  TASKRUN_FLAG makes the kernel say so; without it,
 * DEFER_TASKRUN flushes whenever it may.
 */
static inline bool flush_due(const struct urb_bearer *b)
{
	uint32_t kflags = IO_URING_READ_ONCE(*b->ring.sq.kflags);

	return (kflags & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) || b->flush_when_empty;
}

/*
 * Walks the CQ ring directly: each CQE is copied and consumed before its
 * callback runs (the callback may submit and wait), and the walk stops
 * after one ring's worth so a callback that keeps the ring busy cannot
 * keep the caller here.  A walk that finds the CQ empty at its start
 * flushes what the kernel holds back (flush_due) once and looks again; a
 * walk that delivered something stops at an empty CQ without asking: it is
 * followed by a submit or a wait, which enters the kernel anyway (and
 * urb's submit asks for the flush when the kernel says it holds CQEs), or
 * by another walk, which flushes when it finds nothing; a flush here would
 * be one more system call than raw liburing makes.
 *
 * One body for both slab policies, @fifo (the bearer's slab_fifo) a
 * constant in each copy.
 */
static inline __attribute__((always_inline)) int walk(struct urb_bearer *b, bool fifo)
{
	struct io_uring_cq *cq = &b->ring.cq;
	unsigned head = *cq->khead; /* only this walk moves it: no callback may walk too */
	unsigned tail = io_uring_smp_load_acquire(cq->ktail);

	if (head == tail) {
		if (!flush_due(b))
			return 0;
		io_uring_get_events(&b->ring);
		tail = io_uring_smp_load_acquire(cq->ktail);
		if (head == tail)
			return 0;
	}
	/* the CQ holds at most one ring's worth: the first look needs no bound */
	b->walk_start = head; /* in the bearer: no register to keep across the callbacks */
	b->in_walk = true;
	for (;;) {
		do {
			const struct io_uring_cqe *cqe = &cq->cqes[head & cq->ring_mask];
			uint64_t key = cqe->user_data;
			int32_t res = cqe->res;
			uint32_t flags = cqe->flags;

			io_uring_smp_store_release(cq->khead, ++head); /* consumed before its callback */
			dispatch_cqe(b, key, res, flags, fifo);
			if (urb__forked(b)) { /* the callback forked, and this is the child */
				b->in_walk = false;
				return urb__forked_refusal(b, "bearer_completions");
			}
		} while (head != tail);
		tail = io_uring_smp_load_acquire(cq->ktail);
		if (head == tail)
			break;
		if (tail - b->walk_start > cq->ring_entries) { /* one ring's worth per walk */
			tail = b->walk_start + cq->ring_entries;
			if (head == tail)
				break;
		}
	}
	b->in_walk = false; /* the walk is over */
	return (int)(head - b->walk_start);
}

/*
 * The walk of a bearer with a LIFO slab (the default), and with a FIFO
 * one: each a frame of its own, which urb_bearer_completions() and
 * urb_bearer_submit_and_complete() enter by a jump once their tests pass
 * and the callback is set (urb__walk_set), with nothing of their own to
 * save.
 */
__attribute__((noinline)) int urb__walk_lifo(struct urb_bearer *b)
{
	return walk(b, false);
}

__attribute__((noinline)) int urb__walk_fifo(struct urb_bearer *b)
{
	return walk(b, true);
}

int urb__completions(struct urb_bearer *b, urb_completion_fn fn, void *user)
{
	urb__walk_set(b, fn, user);
	return b->slab_fifo ? urb__walk_fifo(b) : urb__walk_lifo(b);
}

/*
 * urb_bearer_completions() off its path: its refusals, and the walk of a
 * bearer with a FIFO slab (whose bit is tested with in_walk's).
 */
static __attribute__((noinline)) int completions_other(struct urb_bearer *b,
						       urb_completion_fn fn, void *user)
{
	int rc = urb__bearer_check(b, "bearer_completions");

	if (rc < 0)
		return rc;
	if (!fn)
		return urb__refuse(b, URB_EINVAL, "bearer_completions: fn is NULL");
	if (urb__in_walk(b))
		return urb__refuse(b, URB_EREENTER, "bearer_completions: called from its own callback");
	return urb__completions(b, fn, user);
}

int urb_bearer_completions(struct urb_bearer *b, urb_completion_fn fn, void *user)
{
	if (__builtin_expect(!b || urb__forked(b) || !fn || b->walk_off, 0))
		return completions_other(b, fn, user);
	urb__walk_set(b, fn, user);
	return urb__walk_lifo(b);
}

int urb_release(struct urb_bearer *b, uint64_t key)
{
	struct urb__rec *rec;
	bool stale;
	int rc = urb__bearer_check(b, "release");

	if (rc < 0)
		return rc;
	rec = urb__rec_lookup(b, key, &stale);
	if (!rec)
		return urb__refuse(b, URB_ESTALE, "release: key %#llx names no record (never issued, released, or reused)",
				   (unsigned long long)key);
	if (rec->state != URB_OWN_RETURNED)
		return urb__refuse(b, URB_EOWNERSHIP, "release: key %#llx names a pending %s: "
				   "the kernel holds its record (cancel it, or let it complete)",
				   (unsigned long long)key, urb__def(rec->op)->name);
	if (urb__in_walk(b) && key == urb__shown_key(b))
		return urb__refuse(b, URB_EBUSY, "release: the callback is looking at this "
				   "completion; return URB_FORGET or URB_DEFAULT instead");
	urb__rec_free(b, rec);
	return 0;
}

void urb__fill_selected(const struct urb_bearer *b, const struct urb_completion *c,
			struct urb_data *out)
{
	uint8_t *data;
	uint32_t cap;

	out->buf = c->selected; /* after a failure too: the user holds it, with no bytes */
	out->data = NULL;
	out->len = 0;
	if (c->result >= 0 && c->selected != URB_BUF_NONE &&
	    urb__buf_meta(b, c->selected, &data, &cap) && c->selected_offset <= cap) {
		uint32_t room = cap - c->selected_offset;

		out->data = data + c->selected_offset;
		out->len = (uint32_t)c->result < room ? (uint32_t)c->result : room;
	}
}

void urb__fill_events(const struct epoll_event *events, uint32_t max, int32_t res,
		      struct urb_events *out)
{
	out->events = res >= 0 ? events : NULL;
	out->count = res < 0 ? 0 : (uint32_t)res < max ? (uint32_t)res : max;
}

void urb__fill_peer(const struct sockaddr_storage *ss, socklen_t len, int32_t res,
		    struct urb_peer *out)
{
	out->addr = res >= 0 ? (const struct sockaddr *)ss : NULL;
	out->len = res >= 0 ? len : 0;
}
