/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/*
 * Pushing, in three steps that every generated urb_push_<op>() follows:
 * begin (a record, and a zeroed SQE in the ring filled in place), one call
 * per resource argument that validates it and notes it in the record, then
 * commit (move every noted resource to the kernel) or abort (give the SQE
 * and the record back).  Validation never changes state, so an abort has
 * nothing else to undo, and nothing the kernel reads is flushed before
 * commit.
 */

/* URB_SUBMIT_* bits drain..async are IOSQE_* bits shifted by one. */
_Static_assert(URB_SUBMIT_DRAIN << 1 == IOSQE_IO_DRAIN && URB_SUBMIT_LINK << 1 == IOSQE_IO_LINK &&
	       URB_SUBMIT_HARDLINK << 1 == IOSQE_IO_HARDLINK && URB_SUBMIT_ASYNC << 1 == IOSQE_ASYNC,
	       "submit flag layout");

/*
 * URB_SUBMIT_SKIP_SUCCESS never reaches the kernel: the kernel would then
 * say nothing of a success, and urb could not know when the record may go.
 * urb asks for every CQE and does not show a success to the callback.
 */
static uint8_t sqe_flags(uint32_t submit_flags)
{
	return (uint8_t)((submit_flags & 0xf) << 1);
}

#define LINK_FLAGS (IOSQE_IO_LINK | IOSQE_IO_HARDLINK)

/* The newest SQE not yet flushed to the kernel, @back places back; NULL if none. */
static struct io_uring_sqe *unflushed_sqe(struct urb_bearer *b, unsigned back)
{
	struct io_uring_sq *sq = &b->ring.sq;

	if (sq->sqe_tail - sq->sqe_head <= back)
		return NULL;
	return &sq->sqes[(sq->sqe_tail - 1 - back) & sq->ring_mask];
}

/*
 * A push was refused: if the SQE before it asked to be linked to it, that
 * chain would take in whatever is pushed next.  Cut it: the SQE before
 * runs without the refused one, and the refusal's words say so.
 */
static int cut_open_link(struct urb_bearer *b, int err)
{
	struct io_uring_sqe *prev = unflushed_sqe(b, 0);
	size_t n;

	if (!prev || !(prev->flags & LINK_FLAGS))
		return err;
	prev->flags &= (uint8_t)~LINK_FLAGS;
	b->stats.links_cut++;
	n = strlen(b->detail);
	snprintf(b->detail + n, sizeof(b->detail) - n,
		 "; the link from the push before was cut, it runs alone");
	return err;
}

/*
 * The user's last push asked to be linked to the next one.  urb's own SQEs
 * stay out of such a chain: inside it they would wait for the chain's ops
 * (a recv may never end) and run after urb's books moved on.
 */
bool urb__chain_open(struct urb_bearer *b)
{
	struct io_uring_sqe *prev = unflushed_sqe(b, 0);

	return prev && (prev->flags & LINK_FLAGS);
}

int urb__push_begin(struct urb_bearer *b, int op, uint32_t submit_flags,
		    void *user, struct urb__push *p)
{
	const struct urb__opdef *def = op >= 0 ? urb__def((unsigned)op) : NULL;
	struct io_uring_sqe *sqe;
	struct urb__rec *rec;

	if (!b)
		return URB_EINVAL;
	if (!def)
		return cut_open_link(b, urb__refuse(b, URB_EINVAL, "op %d is not registered", op));
	if (submit_flags & ~URB_SUBMIT__ALL)
		return cut_open_link(b, urb__refuse(b, URB_EINVAL, "%s: unknown submit flags %#x",
						    def->name, submit_flags & ~URB_SUBMIT__ALL));
	if ((submit_flags & URB_SUBMIT_SKIP_SUCCESS) && !def->skip_success_ok)
		return cut_open_link(b, urb__refuse(b, URB_ENOTALLOWED,
			"%s: skip-success refused: its completion gives something back", def->name));
	if (!urb__supported(b, def))
		return cut_open_link(b, urb__refuse(b, URB_ENOTSUP,
			"%s: needs an io_uring opcode this kernel lacks (kernel %u.%u or later)",
			def->name, def->since_major, def->since_minor));
	sqe = io_uring_get_sqe(&b->ring);
	if (!sqe)
		return cut_open_link(b, urb__at_capacity(b, URB_CAP_CORE_QUEUE));
	rec = urb__rec_alloc(b);
	if (!rec) {
		b->ring.sq.sqe_tail--; /* the SQE just taken: nobody took one since */
		return cut_open_link(b, urb__at_capacity(b, URB_CAP_PENDING_COMPLETIONS));
	}
	rec->op = (uint8_t)op;
	rec->user = user;
	rec->h.skip_success = !!(submit_flags & URB_SUBMIT_SKIP_SUCCESS);
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = def->opcode;
	sqe->flags = sqe_flags(submit_flags);
	sqe->user_data = urb__rec_key(b, rec);
	p->b = b;
	p->rec = rec;
	p->sqe = sqe;
	return 0;
}

int urb__push_fixed_fd(struct urb__push *p, uint32_t slot, uint32_t kinds_mask,
		       bool closes)
{
	struct urb__rec *rec = p->rec;
	int rc = urb__fd_check_use(p->b, slot, kinds_mask, urb__def(rec->op)->name);

	if (rc < 0)
		return rc;
	if (closes && p->b->fds[slot].users > 0)
		return urb__refuse(p->b, URB_EBUSY, "%s: slot %u is in use by %u pending ops",
				   urb__def(rec->op)->name, slot, p->b->fds[slot].users);
	rec->h.fds[rec->h.nfds++] = slot;
	rec->h.closes = closes;
	return 0;
}

int urb__push_raw_fd(struct urb__push *p, int32_t fd)
{
	if (fd < 0)
		return urb__refuse(p->b, URB_EINVAL, "%s: fd %d is not a plain fd",
				   urb__def(p->rec->op)->name, fd);
	return 0;
}

int urb__push_target(struct urb__push *p, int32_t target, uint32_t allow_mask,
		     enum urb_fd_kind kind, uint32_t *file_index)
{
	int rc = urb__fd_check_target(p->b, target, allow_mask, urb__def(p->rec->op)->name);

	if (rc < 0)
		return rc;
	p->rec->h.has_target = 1;
	p->rec->h.target = target;
	p->rec->h.target_kind = (uint8_t)kind;
	if (target == URB_PLAIN)
		*file_index = 0;
	else if (target == URB_AUTO_SLOT)
		*file_index = IORING_FILE_INDEX_ALLOC;
	else
		*file_index = URB_SLOT_INDEX(target) + 1;
	return 0;
}

/* Flags the kernel refuses with a direct target (SOCK_CLOEXEC): refused here instead. */
int urb__push_plain_only(struct urb__push *p, int32_t target, uint64_t bits,
			 const char *what)
{
	if (target == URB_PLAIN || !bits)
		return 0;
	return urb__refuse(p->b, URB_EINVAL, "%s: %s goes only with a plain fd target",
			   urb__def(p->rec->op)->name, what);
}

int urb__push_buffer(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
		     uint32_t len, uint64_t *addr, uint32_t *sqe_len)
{
	const char *op = urb__def(p->rec->op)->name;
	struct urb__buf_meta *m;
	uint8_t *data;
	uint32_t cap, end;

	m = urb__buf_meta(p->b, buf, &data, &cap);
	if (!m)
		return urb__refuse(p->b, URB_EINVAL, "%s: buffer %u.%u does not exist", op,
				   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
	if (!urb__own_can_move(m->state, URB_OWN_KERNEL))
		return urb__refuse(p->b, URB_EOWNERSHIP, "%s: buffer %u.%u is %s, not the user's",
				   op, URB_BUF_SET(buf), URB_BUF_INDEX(buf),
				   urb_owner_name(m->state));
	/* a write may use the whole buffer, a read only what it holds */
	end = write ? cap : m->len;
	if (offset > end || len > end - offset || (write && offset == end))
		return urb__refuse(p->b, URB_ERANGE,
				   "%s: bytes %u..%u of buffer %u.%u, which has %u %s", op, offset,
				   offset + (len ? len : end - offset), URB_BUF_SET(buf),
				   URB_BUF_INDEX(buf), end, write ? "bytes of room" : "valid bytes");
	p->rec->h.has_buf = 1;
	p->rec->h.buf_write = write;
	p->rec->h.buf = buf;
	p->rec->h.buf_offset = offset;
	*addr = (uint64_t)(uintptr_t)(data + offset);
	*sqe_len = len ? len : end - offset;
	return 0;
}

int urb__push_fixed_buffer(struct urb__push *p, urb_buf_t buf)
{
	if (urb__set_fixed(p->b, buf))
		return 0;
	return urb__refuse(p->b, URB_EINVAL, "%s: buffer %u.%u: its set is not registered as "
			   "fixed buffers (urb_bufset_register_fixed)", urb__def(p->rec->op)->name,
			   URB_BUF_SET(buf), URB_BUF_INDEX(buf));
}

void urb__push_slot_becomes(struct urb__push *p, enum urb_fd_kind kind)
{
	p->rec->h.fd_becomes = (uint8_t)(kind + 1);
}

int urb__push_key(struct urb__push *p, uint64_t key)
{
	bool stale;
	struct urb__rec *target = urb__rec_lookup(p->b, key, &stale);

	if (!target || target->state != URB_OWN_KERNEL)
		return urb__refuse(p->b, URB_ESTALE, "%s: key %#llx names no pending op",
				   urb__def(p->rec->op)->name, (unsigned long long)key);
	return 0;
}

int urb__push_group(struct urb__push *p, uint32_t set)
{
	int rc = urb__group_check(p->b, set, urb__def(p->rec->op)->name);

	if (rc < 0)
		return rc;
	p->rec->h.has_group = 1;
	p->rec->h.group = set;
	return 0;
}

int urb__push_set(struct urb__push *p, uint32_t set, enum urb__set_action action,
		  uint64_t *addr, uint32_t *len, int32_t *nbufs)
{
	int rc = urb__set_check(p->b, set, action, urb__def(p->rec->op)->name);
	const struct urb__bufset *s;

	if (rc < 0)
		return rc;
	s = &p->b->sets[set];
	p->rec->h.set_action = action;
	p->rec->h.group = set;
	*addr = (uint64_t)(uintptr_t)s->data;
	*len = s->len;
	*nbufs = (int32_t)s->nbufs;
	return 0;
}

int urb__push_copy(struct urb__push *p, const void *src, size_t len, void *dst,
		   bool may_be_null, const char *null_refusal)
{
	if (!src && !may_be_null)
		return urb__refuse(p->b, URB_EINVAL, "%s: %s", urb__def(p->rec->op)->name,
				   null_refusal);
	if (src)
		memcpy(dst, src, len);
	else
		memset(dst, 0, len);
	return 0;
}

int urb__push_sockaddr(struct urb__push *p, const struct sockaddr *sa,
		       socklen_t len, struct sockaddr_storage *dst)
{
	if (!sa || len < sizeof(sa_family_t) || len > sizeof(*dst))
		return urb__refuse(p->b, URB_EINVAL, "%s: address %s", urb__def(p->rec->op)->name,
				   sa ? "length out of range" : "is NULL");
	memcpy(dst, sa, len);
	return 0;
}

/* Every resource the push noted becomes the kernel's. */
static void commit_holds(struct urb_bearer *b, struct urb__rec *rec)
{
	if (rec->h.has_target && URB_IS_SLOT(rec->h.target))
		urb__fd_reserve(b, URB_SLOT_INDEX(rec->h.target));

	for (unsigned i = 0; i < rec->h.nfds; i++) {
		b->fds[rec->h.fds[i]].users++;
		if (rec->h.closes)
			b->fds[rec->h.fds[i]].closing = 1;
	}
	if (rec->h.has_buf) {
		uint8_t *data;
		uint32_t cap;

		urb__own_move(&urb__buf_meta(b, rec->h.buf, &data, &cap)->state, URB_OWN_KERNEL);
	}
	if (rec->h.nvec)
		urb__bufvec_commit(b, rec);
	if (rec->h.has_group)
		b->sets[rec->h.group].users++;
	if (rec->h.set_action)
		urb__set_commit(b, rec->h.group, rec->h.set_action);
	for (unsigned i = 0; i < rec->h.nfutexes; i++)
		b->futex[rec->h.futexes[i]].waiters++;
}

int urb__push_commit(struct urb__push *p, uint64_t *key_out)
{
	struct urb_bearer *b = p->b;
	struct urb__rec *rec = p->rec;
	uint64_t key = p->sqe->user_data;

	if (urb__holds_any(&rec->h))
		commit_holds(b, rec);
	if (key_out)
		*key_out = key;
	urb__own_move(&rec->state, URB_OWN_KERNEL);
	b->stats.pending_per_op[rec->op]++;
	return 0;
}

int urb__push_abort(struct urb__push *p, int err)
{
	urb__rec_free(p->b, p->rec); /* never pushed: its generation stays */
	p->b->ring.sq.sqe_tail--;    /* begin's SQE, never flushed */
	return cut_open_link(p->b, err);
}
