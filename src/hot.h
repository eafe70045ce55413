/* SPDX-License-Identifier: MIT */
#ifndef URB_HOT_H
#define URB_HOT_H

/*
 * The hot path's steps, inline: a record from the slab, push begin and
 * commit, and the checks of the two resources nearly every op names (a
 * fixed-file slot, a buffer).  The library's own generated ops call these
 * *_inline forms; the exported urb__push_* calls of <urb/abi.h> (for
 * ops generated outside) are these same functions.  Each check here only
 * lets the plain case through: anything else, and every refusal with its
 * words, goes to the full check out of line, which decides alone.
 * internal.h includes it at its end.
 */

/* Inline even where the compiler would rather share one copy: that copy's call is the cost. */
#define URB__HOT static inline __attribute__((always_inline))

/* A free record, Created, taken from the front of the free list; NULL when none is. */
URB__HOT struct urb__rec *urb__rec_alloc(struct urb_bearer *b)
{
	uint32_t at = b->free_head;
	struct urb__rec *rec;

	if (at == URB__NO_REC)
		return NULL;
	rec = urb__rec_at(b, at);
	b->free_head = rec->next_free;
	urb__own_known(&rec->state, URB_OWN_REUSABLE, URB_OWN_CREATED); /* as every free one is */
	return rec;
}

/*
 * Whether the SQ is full with its tail at @tail: liburing's
 * io_uring_get_sqe() test without its set-up tests (urb's rings never
 * take 128-byte SQEs).  The kernel's head is read only when the SQ's end
 * as last seen (b->sq_end: that head + the ring's entries) is reached:
 * the kernel only moves the head on, so that end is never past the true
 * one, and however many SQEs were taken since, the difference says.  The
 * acquire load of the head is what SQPOLL needs and costs the others
 * nothing on x86.
 */
URB__HOT bool urb__sq_full(struct urb_bearer *b, unsigned tail)
{
	const struct io_uring_sq *sq = &b->ring.sq;

	if (__builtin_expect((int32_t)(tail - b->sq_end) < 0, 1)) /* one compare, its sign */
		return false;
	b->sq_end = io_uring_smp_load_acquire(sq->khead) + sq->ring_entries;
	urb__sq_count(b);
	return (int32_t)(b->sq_end - tail) <= 0; /* tail - head >= ring_entries */
}

/*
 * The SQE at @tail, the SQ's tail read before urb__sq_full() said it has
 * room (read once: the acquire load would have it read again): never NULL,
 * which a caller then need not test.
 */
URB__HOT struct io_uring_sqe *urb__sqe_take(struct urb_bearer *b, unsigned tail)
{
	struct io_uring_sq *sq = &b->ring.sq;

	sq->sqe_tail = tail + 1;
	return &sq->sqes[tail & sq->ring_mask];
}

URB__HOT struct io_uring_sqe *urb__sqe_get(struct urb_bearer *b)
{
	unsigned tail = b->ring.sq.sqe_tail;

	return urb__sq_full(b, tail) ? NULL : urb__sqe_take(b, tail);
}

/* The refusal of a push that did not pass the op gate, or 0 when it may go on (push.c). */
int urb__begin_refusal(struct urb_bearer *b, int op, uint32_t submit_flags);
/* No SQE or no record for a push: records the capacity hit; URB_EATCAPACITY (push.c). */
int urb__begin_at_capacity(struct urb_bearer *b, enum urb_capacity_kind kind);

/*
 * The SQE's first word, in one store (an immediate where the flags are
 * known): @opcode, the IOSQE_* flags of @submit_flags and @iosqe, ioprio 0.
 */
URB__HOT void urb__sqe_head(struct io_uring_sqe *sqe, uint8_t opcode, uint32_t submit_flags,
			    uint8_t iosqe)
{
	/* URB_SUBMIT_* bits drain..async are IOSQE_* bits shifted by one (push.c) */
	uint32_t head = opcode | (submit_flags & 0xf) << 9 | (uint32_t)iosqe << 8;

	memcpy(sqe, &head, sizeof(head));
}

/*
 * A push's record and SQE, just taken, filled: the SQE zeroed but for what
 * begin knows.  (The record's op is its caller's to write.)  @head: write
 * the SQE's first word now; a fast path that splits on a slot or plain fd
 * writes it in each copy instead, IOSQE_FIXED_FILE in the slot's
 * (push.j2), where a flag set on its own would cost a store more.
 */
URB__HOT void urb__push_begin_fill(struct urb_bearer *b, uint8_t opcode, uint32_t submit_flags,
				   void *user, struct io_uring_sqe *sqe, struct urb__rec *rec,
				   struct urb__push *p, bool head)
{
	rec->user = user;
	memset(sqe, 0, sizeof(*sqe));
	if (head)
		urb__sqe_head(sqe, opcode, submit_flags, 0);
	sqe->user_data = rec->key;
	p->b = b;
	p->rec = rec;
	p->sqe = sqe;
}

/*
 * @opcode is the op's IORING_OP_* number: a constant in the library's own
 * generated ops, urb__def(op)->opcode from urb__push_begin().
 */
URB__HOT int urb__push_begin_inline(struct urb_bearer *b, int op, uint8_t opcode,
				    uint32_t submit_flags, void *user, struct urb__push *p)
{
	struct io_uring_sqe *sqe;
	struct urb__rec *rec;

	/*
	 * the library's own ops pass the bearer's gate; an op from outside, or
	 * a push in a fork (where every gate is closed), is checked in full;
	 * so are flags holding the gate's own bit, which the test would not see
	 */
	if (__builtin_expect(!b || (unsigned)op >= URB_OP__COUNT ||
			     ((submit_flags | URB__GATE_OPEN) & ~urb__op_gate(b)[op]) ||
			     (submit_flags & URB__GATE_OPEN), 0)) {
		int rc = urb__begin_refusal(b, op, submit_flags);

		if (rc < 0)
			return rc;
	}
	sqe = urb__sqe_get(b);
	if (__builtin_expect(!sqe, 0))
		return urb__begin_at_capacity(b, URB_CAP_CORE_QUEUE);
	rec = urb__rec_alloc(b);
	if (__builtin_expect(!rec, 0)) {
		b->ring.sq.sqe_tail--; /* the SQE just taken: nobody took one since */
		return urb__begin_at_capacity(b, URB_CAP_PENDING_COMPLETIONS);
	}
	rec->op = (uint8_t)op;
	rec->skip_success = !!(submit_flags & URB_SUBMIT_SKIP_SUCCESS);
	rec->slow = rec->skip_success ? URB__SLOW_FULL : URB__SLOW_PLAIN;
	urb__push_begin_fill(b, opcode, submit_flags, user, sqe, rec, p, true);
	return 0;
}

/*
 * A push's NULL @opts handed on as its _user form's @user (the same
 * register, the last argument of each): hidden from the compiler, which
 * would otherwise load a zero again before the jump.
 */
static inline void *urb__null_as_user(const void *opts)
{
	void *user = (void *)(uintptr_t)opts;

	__asm__("" : "+r"(user));
	return user;
}

/*
 * Push begin's plain case alone, with no call (the fast path of a
 * generated push): false, having changed nothing, for anything else (a
 * closed gate, SKIP_SUCCESS, a full SQ or slab), which the op's full path
 * then decides.  The record stays Reusable, its word 0 (not even its op
 * written), until urb__push_commit_plain() hands it to the kernel, writing
 * the whole word at once: nothing looks at it in between.
 */
URB__HOT bool urb__push_begin_try(struct urb_bearer *b, int op, uint8_t opcode,
				  uint32_t submit_flags, void *user, struct urb__push *p, bool head)
{
	struct io_uring_sqe *sqe;
	struct urb__rec *rec;
	uint32_t at;
	unsigned tail;

	if (__builtin_expect(!b, 0))
		return false;
	/* the op runs and its flags are ones a fast path takes: one compare (internal.h) */
	if (__builtin_expect(submit_flags >= urb__op_gate_fast(b)[op], 0))
		return false;
	if (submit_flags > URB__FAST_FLAGS) { /* as the limit says: never */
#ifdef URB_CHECK_MOVES
		__builtin_trap();
#endif
		__builtin_unreachable();
	}
	tail = b->ring.sq.sqe_tail;
	at = b->free_head;
	if (__builtin_expect(urb__sq_full(b, tail) || at == URB__NO_REC, 0))
		return false;
	sqe = urb__sqe_take(b, tail);
	rec = urb__rec_at(b, at);
	b->free_head = rec->next_free;
	urb__push_begin_fill(b, opcode, submit_flags, user, sqe, rec, p, head);
	return true;
}

/*
 * A record's hold count and kinds while a fast path's steps add holds:
 * kept here, in registers, rather than in the record, where every byte
 * store of a step would make the compiler load them again.
 * urb__tally_put() writes them to the record: at commit, and before the
 * full path takes the push back (urb__push_undo() reads them).
 */
struct urb__tally {
	unsigned nholds;
	unsigned kinds;
};

/* The tally of a record from free, as every free record has it: no holds. */
#define URB__TALLY_NONE ((struct urb__tally){ 0, 0 })

URB__HOT void urb__tally_put(struct urb__rec *rec, struct urb__tally t)
{
	rec->nholds = (uint8_t)t.nholds;
	rec->kinds = (uint16_t)t.kinds;
}

/*
 * A hold added to @rec, whose tally is @t, or the record's own if NULL; its
 * arg 0.  (Field by field with a tally, whole without: what GCC makes
 * fewest instructions of in a fast path and in a full path.)
 */
URB__HOT void urb__hold_put(struct urb__rec *rec, struct urb__tally *t, uint8_t kind,
			    uint8_t flags, uint16_t aux, uint32_t id)
{
	struct urb__hold *h;

	if (t) {
		h = &rec->holds[t->nholds++];
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		{
			uint32_t head = kind | (uint32_t)flags << 8 | (uint32_t)aux << 16;
			uint64_t id_arg = id; /* and arg 0 */

			memcpy(h, &head, sizeof(head)); /* kind, flags and aux: one store */
			memcpy(&h->id, &id_arg, sizeof(id_arg)); /* id and arg: one more */
		}
#else
		h->kind = kind;
		h->flags = flags;
		h->aux = aux;
		h->id = id;
		h->arg = 0;
#endif
		t->kinds |= 1u << kind;
	} else {
		h = &rec->holds[rec->nholds++];
		*h = (struct urb__hold){ .kind = kind, .flags = flags, .aux = aux, .id = id };
		rec->kinds |= 1u << kind;
	}
}

/*
 * Push commit of @op, whose holds can only be fd slots and buffers (or
 * none), from begin_try; @t: the tally of the holds its steps added, NULL
 * when it can add none.  The record's word (op, state, slow, holds) in
 * one store: begin_try left it 0, and the fast path has no SKIP_SUCCESS.
 */
URB__HOT int urb__push_commit_plain(struct urb__push *p, int op, const struct urb__tally *t,
				    uint64_t *key_out)
{
	struct urb__rec *rec = p->rec;

	if (key_out)
		*key_out = p->sqe->user_data;
	urb__own_known(&rec->state, URB_OWN_REUSABLE, URB_OWN_KERNEL); /* checks it, in checked builds */
	rec->word = urb__rec_word((uint8_t)op, URB_OWN_KERNEL, URB__SLOW_PLAIN,
				  t ? (uint8_t)t->nholds : 0, t ? (uint16_t)t->kinds : 0);
	return 0;
}

/*
 * Takes back what a fast path's begin and plain steps did, when one of its
 * arguments is no plain case: nothing else happened on the bearer since,
 * so its record goes back to the front of the free list and its SQE is the
 * newest (push.c).  The full path then makes the push again.
 */
void urb__push_undo(struct urb_bearer *b, struct urb__rec *rec);

/* A checked slot becomes the kernel's for a push: one more user, and closing if it closes it. */
URB__HOT void urb__fd_take(struct urb__fd_slot *s, bool closes)
{
	s->users++;
	if (closes) {
		s->closing = 1;
		urb__fd_slot_sync(s);
	}
}

/* The full check of an fd argument, with its refusals (kind_fd.c). */
int urb__push_fd_checked(struct urb__push *p, urb_fd_t fd, uint32_t allow_mask,
			 uint32_t kinds_mask, bool closes);

/*
 * The plain cases of an fd argument, with no call: 1 for a registered slot
 * of a kind the op takes, not closing (held now, a hold counted in @t, or
 * in the record if NULL: a refused push gives it back, untake), 0 for a
 * plain fd >= 0, -1 for anything else, which only the full check decides.
 * @room: the record has room for one more hold (a fast path knows it from
 * the spec).
 */
URB__HOT int urb__push_fd_try(struct urb__push *p, struct urb__tally *t, urb_fd_t fd,
			      uint32_t allow_mask, uint32_t kinds_mask, bool closes, bool room)
{
	struct urb_bearer *b = p->b;
	uint64_t slot = fd.v - URB__FORM_SLOT; /* below fd_slots only for URB_SLOT(n) */

	if (__builtin_expect((allow_mask & URB__ALLOW_SLOT) && slot < b->fd_slots && !closes &&
			     room, 1)) {
		struct urb__fd_slot *s = &b->fds[slot];

		urb__fd_slot_assert(s);
		/* Registered, not closing, of a kind the op takes: one test (urb__fd_slot_sync) */
		if (__builtin_expect((s->usable & kinds_mask) != 0, 1)) {
			urb__hold_put(p->rec, t, URB__KIND_FD, 0, 0, (uint32_t)slot);
			urb__fd_take(s, false);
			return 1;
		}
	}
	if ((allow_mask & URB__ALLOW_PLAIN) && fd.v - URB__FORM_FD <= INT32_MAX)
		return 0;
	return -1;
}

URB__HOT int urb__push_fd_inline(struct urb__push *p, urb_fd_t fd, uint32_t allow_mask,
				 uint32_t kinds_mask, bool closes)
{
	int rc = urb__push_fd_try(p, NULL, fd, allow_mask, kinds_mask, closes,
				  p->rec->nholds < URB__REC_MAX_HOLDS);

	return rc >= 0 ? rc : urb__push_fd_checked(p, fd, allow_mask, kinds_mask, closes);
}

/* The full check of a buffer slice, with its refusals (kind_buf.c). */
int urb__push_buffer_checked(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
			     uint32_t len, uint64_t *addr, uint32_t *sqe_len);

/*
 * Whether a buffer's slice is the whole buffer: its offset and length, the
 * two words at @offset_then_len in an op's opts (the generated push asserts
 * that they are), both 0.  One load, not two.
 */
URB__HOT bool urb__slice_whole(const void *offset_then_len)
{
	uint64_t both;

	memcpy(&both, offset_then_len, sizeof(both));
	return !both;
}

/*
 * The plain case of a buffer argument, with no call: the whole (@whole:
 * the opts ask for all of it) of an existing buffer the user holds (a
 * read: its valid bytes, if any), in a set registered as fixed buffers if
 * @need_fixed, held now (counted as for the fd above: a refused push puts
 * the owner back, untake): 0, and whether its set is fixed in @fixed if
 * not NULL.  -1 for anything else, which only the full check decides.
 * @room as for the fd above.  Everything it reads is read before its
 * first store, which would make the compiler read it again.
 */
URB__HOT int urb__push_buffer_try(struct urb__push *p, struct urb__tally *t, urb_buf_t buf,
				  bool write, bool whole, bool room, bool need_fixed,
				  uint64_t *addr, uint32_t *sqe_len, bool *fixed)
{
	struct urb_bearer *b = p->b;
	uint32_t set = URB_BUF_SET(buf);
	uint64_t idx = URB_BUF_INDEX(buf);

	if (__builtin_expect(set < b->cap.buffers && whole && room, 1)) {
		const struct urb__bufset *s = &b->sets[set];

#ifdef URB_CHECK_MOVES
		if (s->mem.live != (s->nbufs != 0) || (s->nbufs && !s->len))
			__builtin_trap();
#endif
		/* a set that is not live has no buffers (nbufs 0): the bound is that test too */
		if (__builtin_expect(idx < s->nbufs && (s->fixed || !need_fixed), 1)) {
			uint8_t *data = s->data + idx * s->len;
			struct urb__buf_meta *m = &s->meta[idx];
			uint32_t bytes = write ? s->len : m->len;
			size_t owner = m->state;

			/* a write's bytes, the buffer's length, are never 0 (urb_bufset_create) */
			if (__builtin_expect((write || bytes) && (b->own_legal[owner] & URB__TO(KERNEL)),
					     1)) {
				*addr = (uint64_t)(uintptr_t)data;
				*sqe_len = bytes;
				if (fixed)
					*fixed = s->fixed;
				urb__hold_put(p->rec, t, URB__KIND_BUF, write ? URB__BUF_WRITE : 0,
					      (uint16_t)owner, buf);
				p->rec->buf.meta = m;
				if (write) { /* the whole buffer: its start, all its room */
					p->rec->buf.at = data;
					p->rec->buf.room = bytes;
				}
				urb__own_known(&m->state, (enum urb_owner)owner, URB_OWN_KERNEL);
				return 0;
			}
		}
	}
	return -1;
}

URB__HOT int urb__push_buffer_inline(struct urb__push *p, urb_buf_t buf, bool write,
				     uint32_t offset, uint32_t len, uint64_t *addr,
				     uint32_t *sqe_len)
{
	if (urb__push_buffer_try(p, NULL, buf, write, !offset && !len,
				 p->rec->nholds < URB__REC_MAX_HOLDS, false, addr, sqe_len, NULL) == 0)
		return 0;
	return urb__push_buffer_checked(p, buf, write, offset, len, addr, sqe_len);
}

/* Is the set of @buf, which a buffer check just passed, registered as fixed buffers? */
URB__HOT bool urb__set_fixed_inline(const struct urb_bearer *b, urb_buf_t buf)
{
	return b->sets[URB_BUF_SET(buf)].fixed;
}

/*
 * Is the set of @buf, which a buffer check just passed, registered as fixed
 * buffers?  Its refusal with words out of line (kind_buf.c).
 */
URB__HOT int urb__push_fixed_buffer_inline(struct urb__push *p, urb_buf_t buf)
{
	if (__builtin_expect(urb__set_fixed_inline(p->b, buf), 1))
		return 0;
	return urb__push_fixed_buffer(p, buf);
}

/*
 * The give-back hooks of the two kinds nearly every op holds, which the
 * final CQE's walk below calls directly; their table entries are these
 * same hooks.
 */

#define URB__FD_CLOSES 1u /* a fixed-fd hold's flag: the op closes the slot */

/* What a close's last word does to its slot (kind_fd.c). */
void urb__fd_closed(struct urb_bearer *b, struct urb__fd_slot *slot, uint32_t id, int32_t res);

/* The give-back of a slot an op only used: it neither closes it nor changes its kind. */
URB__HOT void urb__fd_give_back_used(struct urb_bearer *b, const struct urb__hold *h)
{
	b->fds[h->id].users--;
}

URB__HOT void urb__fd_give_back(struct urb_bearer *b, const struct urb__hold *h, int32_t res)
{
	struct urb__fd_slot *slot = &b->fds[h->id];

	urb__fd_give_back_used(b, h);
	if (h->aux && res >= 0) { /* the slot takes the kind its op made of it */
		slot->kind = (uint8_t)(h->aux - 1);
		urb__fd_slot_sync(slot);
	}
	if (h->flags & URB__FD_CLOSES)
		urb__fd_closed(b, slot, h->id, res);
}

/* The books of a buffer a hold names: it exists while the hold does. */
URB__HOT struct urb__buf_meta *urb__held_buf(const struct urb_bearer *b, urb_buf_t buf)
{
	return &b->sets[URB_BUF_SET(buf)].meta[URB_BUF_INDEX(buf)];
}

/* Bytes the kernel wrote at a buffer hold's slice, as far as the buffer goes. */
URB__HOT uint32_t urb__buf_written(const struct urb__hold *h, int32_t res, uint32_t cap)
{
	uint32_t room = cap - h->arg;

	return res > 0 ? ((uint32_t)res < room ? (uint32_t)res : room) : 0;
}

/*
 * A buffer hold given back, @write its URB__BUF_WRITE: a constant in a
 * done hook, where the op's spec fixes it (a send's buffer is only read,
 * its length stays), the hold's own flag elsewhere.
 */
URB__HOT void urb__buf_give_back_as(struct urb_bearer *b, const struct urb__hold *h, int32_t res,
				    bool write)
{
	struct urb__buf_meta *m = urb__held_buf(b, h->id);

#ifdef URB_CHECK_MOVES
	if (write != !!(h->flags & URB__BUF_WRITE))
		__builtin_trap();
#endif
	if (write) /* valid: up to the last byte received; never past the buffer */
		m->len = h->arg + urb__buf_written(h, res, b->sets[URB_BUF_SET(h->id)].len);
	urb__own_known(&m->state, URB_OWN_KERNEL, URB_OWN_RETURNED); /* last: a byte's store aliases any load */
}

URB__HOT void urb__buf_give_back(struct urb_bearer *b, const struct urb__hold *h, int32_t res)
{
	urb__buf_give_back_as(b, h, res, h->flags & URB__BUF_WRITE);
}

/*
 * The fd slot and buffer kinds take their resource when the hold is added
 * (the checks above), so push commit has nothing to do for them; the
 * final CQE's walk over a record holding only those (most do) is here,
 * without a call.  Any other record goes through the kinds' table
 * (kinds.c).
 */
#define URB__KINDS_HOT (1u << URB__KIND_FD | 1u << URB__KIND_BUF)

URB__HOT void urb__holds_give_back_inline(struct urb_bearer *b, struct urb__rec *rec,
					  int32_t res)
{
	if (rec->kinds & ~URB__KINDS_HOT) {
		urb__holds_give_back(b, rec, res);
		return;
	}
	for (unsigned i = 0; i < rec->nholds; i++) {
		if (rec->holds[i].kind == URB__KIND_FD)
			urb__fd_give_back(b, &rec->holds[i], res);
		else
			urb__buf_give_back(b, &rec->holds[i], res);
	}
}

/* Push commit for a record holding more than fd slots and buffers (push.c). */
int urb__push_commit_slow(struct urb__push *p, uint64_t *key_out);

URB__HOT int urb__push_commit_inline(struct urb__push *p, uint64_t *key_out)
{
	struct urb__rec *rec = p->rec;

	if (__builtin_expect(rec->kinds & ~URB__KINDS_HOT, 0))
		return urb__push_commit_slow(p, key_out);
	if (key_out)
		*key_out = p->sqe->user_data;
	urb__own_known(&rec->state, URB_OWN_CREATED, URB_OWN_KERNEL); /* as begin left it */
	return 0;
}

/* A buffer op's payload from its buffer hold @h: the bytes it read into the buffer. */
URB__HOT void urb__fill_data_hold(const struct urb_bearer *b, const struct urb__hold *h,
				  int32_t res, struct urb_data *out)
{
	const struct urb__bufset *s = &b->sets[URB_BUF_SET(h->id)]; /* held: it exists */

	out->buf = h->id;
	out->data = NULL;
	out->len = 0;
	if (res >= 0) {
		out->data = s->data + (uint64_t)URB_BUF_INDEX(h->id) * s->len + h->arg;
		out->len = urb__buf_written(h, res, s->len);
	}
}

/*
 * The books a buffer hold's record keeps (urb__buf_books) against the
 * set's, in the builds that check the hot path's beliefs (URB_CHECK_MOVES):
 * the slice and room are kept for a buffer the kernel writes, the only
 * kind whose payload (@out) shows bytes.
 */
static inline void urb__buf_books_check(const struct urb_bearer *b, const struct urb__rec *rec,
					const struct urb__hold *h, bool write,
					const struct urb_data *out)
{
#ifdef URB_CHECK_MOVES
	const struct urb__bufset *s = &b->sets[URB_BUF_SET(h->id)];
	uint32_t idx = URB_BUF_INDEX(h->id);

	if (h->kind != URB__KIND_BUF || write != !!(h->flags & URB__BUF_WRITE) ||
	    (out && !write) || rec->buf.meta != &s->meta[idx] ||
	    (write && (rec->buf.at != s->data + (uint64_t)idx * s->len + h->arg ||
		       rec->buf.room != s->len - h->arg)))
		__builtin_trap();
#else
	(void)b, (void)rec, (void)h, (void)write, (void)out;
#endif
}

/*
 * A buffer op's plain final CQE (the generated done hooks): the buffer back
 * with the user, from the books its record keeps, and @out, when there is
 * one, the bytes it read (a buffer the kernel writes: @write, which the
 * op's spec fixes).
 */
URB__HOT void urb__buf_give_back_kept(struct urb_bearer *b, const struct urb__rec *rec,
				      const struct urb__hold *h, int32_t res, bool write,
				      struct urb_data *out)
{
	/* every load before the first store, which might otherwise alias them */
	struct urb__buf_meta *m = rec->buf.meta;
	uint32_t arg = h->arg, room = rec->buf.room;
	uint32_t written = res > 0 ? ((uint32_t)res < room ? (uint32_t)res : room) : 0;
	uint8_t *at = rec->buf.at;
	urb_buf_t id = h->id;

	urb__buf_books_check(b, rec, h, write, out);
	if (out) {
		out->buf = id;
		out->data = res >= 0 ? at : NULL;
		out->len = written;
	}
	if (write) /* valid: up to the last byte received */
		m->len = arg + written;
	urb__own_known(&m->state, URB_OWN_KERNEL, URB_OWN_RETURNED); /* last: a byte's store aliases any load */
}

/* The same, finding the record's buffer hold (urb__fill_data). */
URB__HOT void urb__fill_data_inline(const struct urb_bearer *b, const struct urb__rec *rec,
				    int32_t res, struct urb_data *out)
{
	const struct urb__hold *h = urb__rec_hold(rec, URB__KIND_BUF);

	if (h) { /* the record still holds it */
		urb__fill_data_hold(b, h, res, out);
		return;
	}
	out->buf = URB_BUF_NONE;
	out->data = NULL;
	out->len = 0;
}

/* ---- releasing a record */

/*
 * A record back on the free list, @fifo the bearer's slab_fifo: a constant
 * in each copy of the walk (dispatch.c), so that a LIFO walk makes no test.
 */
URB__HOT void urb__slab_give_as(struct urb_bearer *b, struct urb__rec *rec, bool fifo)
{
	if (!fifo) { /* the front of the list; its back is FIFO's alone */
		rec->next_free = b->free_head;
		b->free_head = rec->at;
	} else if (b->free_head == URB__NO_REC) {
		rec->next_free = URB__NO_REC;
		b->free_head = b->free_tail = rec->at;
	} else {
		rec->next_free = URB__NO_REC;
		urb__rec_at(b, b->free_tail)->next_free = rec->at;
		b->free_tail = rec->at;
	}
}

URB__HOT void urb__slab_give(struct urb_bearer *b, struct urb__rec *rec)
{
	urb__slab_give_as(b, rec, b->slab_fifo);
}

/*
 * A record's generation moves on only when a pushed record is released: a
 * refused push never handed its key out, so it leaves the generation as it
 * was.  Generations are odd (the first is 1) and step by 2, so none is 0,
 * which names no record, and the wrap needs no test: a slot's keys repeat
 * only after 2^31 pushes through that very slot.
 */
URB__HOT void urb__gen_next(struct urb__rec *rec)
{
	rec->gen += 2;
}

/*
 * The release of a record the kernel has said its last word on
 * (Returned), with nothing but fd-slot and buffer holds, already given
 * back: the final CQE's plain path.  @fifo: the bearer's slab_fifo.
 */
URB__HOT void urb__rec_free_plain(struct urb_bearer *b, struct urb__rec *rec, bool fifo)
{
	urb__gen_next(rec);
	urb__own_known(&rec->state, URB_OWN_RETURNED, URB_OWN_REUSABLE);
	rec->word = 0; /* Reusable (0), no holds, plain */
	urb__slab_give_as(b, rec, fifo);
}

URB__HOT void urb__rec_free_inline(struct urb_bearer *b, struct urb__rec *rec)
{
	if (rec->state != URB_OWN_CREATED) /* it was pushed */
		urb__gen_next(rec);
	rec->state = URB_OWN_REUSABLE;
	if (rec->kinds & URB__KINDS_RELEASE)
		urb__holds_release(b, rec);
	rec->word = 0; /* Reusable (0), no holds, plain */
	urb__slab_give(b, rec);
}

#endif
