/* Generated from spec/ops/ (one YAML file per op) by codegen/urb_gen.py - do not edit. */
/* SPDX-License-Identifier: MIT */

/*
 * One urb_push_<op>() per spec, the payload fillers, and the op table the
 * core reads.  Opcodes are the spec's numbers, so ops newer than the
 * liburing headers at hand still build.
 */

#include "internal.h"


/* ---- accept (spec/ops/accept.yaml) */

int urb_push_accept(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_accept_opts *opts)
{
	static const struct urb_accept_opts defaults;
	struct urb__push p;
	struct urb_accept_rec *r;
	uint32_t sqe_index;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_ACCEPT, 13, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.accept;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_target(&p, opts->target, URB__ALLOW_PLAIN | URB__ALLOW_AUTO | URB__ALLOW_SLOT, URB_FD_STREAM, &sqe_index);
	if (rc < 0)
		goto fail;
	urb__sqe_file_index(p.sqe, sqe_index);
	rc = urb__push_plain_only(&p, opts->target, (uint64_t)opts->flags & (SOCK_CLOEXEC),
				  "SOCK_CLOEXEC in flags");
	if (rc < 0)
		goto fail;
	urb__sqe_accept_flags(p.sqe, opts->flags);
	r->peer_len = sizeof(r->peer);
	urb__sqe_addr(p.sqe, (uintptr_t)&r->peer);
	urb__sqe_addr2(p.sqe, (uintptr_t)&r->peer_len);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_accept_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user)
{
	const struct urb_accept_opts opts = { .user = user };

	return urb_push_accept(b, fd, &opts);
}

static void fill_accept(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	const struct urb_accept_rec *r = &rec->u.accept;

	urb__fill_new_fd(rec, c->result, &c->u.accept.conn);
	urb__fill_peer(&r->peer, r->peer_len,
		       c->result, &c->u.accept.peer);
	(void)b;
}

/* A plain final CQE of accept (dispatch.c): its holds back, found by position, and its payload. */
static void done_accept(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	const struct urb_accept_rec *r = &rec->u.accept;

	urb__fill_new_fd(rec, c->result, &c->u.accept.conn);
	urb__fill_peer(&r->peer, r->peer_len,
		       c->result, &c->u.accept.peer);
	(void)b;
}

/* ---- accept_multi (spec/ops/accept_multi.yaml) */

int urb_push_accept_multi(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_accept_multi_opts *opts)
{
	static const struct urb_accept_multi_opts defaults;
	struct urb__push p;
	uint32_t sqe_index;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_ACCEPT_MULTI, 13, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_target(&p, opts->target, URB__ALLOW_PLAIN | URB__ALLOW_AUTO, URB_FD_STREAM, &sqe_index);
	if (rc < 0)
		goto fail;
	urb__sqe_file_index(p.sqe, sqe_index);
	rc = urb__push_plain_only(&p, opts->target, (uint64_t)opts->flags & (SOCK_CLOEXEC),
				  "SOCK_CLOEXEC in flags");
	if (rc < 0)
		goto fail;
	urb__sqe_accept_flags(p.sqe, opts->flags);
	urb__sqe_ioprio(p.sqe, IORING_ACCEPT_MULTISHOT);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_accept_multi_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user)
{
	const struct urb_accept_multi_opts opts = { .user = user };

	return urb_push_accept_multi(b, fd, &opts);
}

static void fill_accept_multi(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_new_fd(rec, c->result, &c->u.accept_multi.conn);
	(void)b;
}

/* A plain final CQE of accept_multi (dispatch.c): its holds back, found by position, and its payload. */
static void done_accept_multi(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	urb__fill_new_fd(rec, c->result, &c->u.accept_multi.conn);
	(void)b;
}

/* ---- bind (spec/ops/bind.yaml) */

int urb_push_bind(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *addr,
		socklen_t addr_len,
		const struct urb_bind_opts *opts)
{
	static const struct urb_bind_opts defaults;
	struct urb__push p;
	struct urb_bind_rec *r;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_BIND, 56, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.bind;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_sockaddr(&p, addr, addr_len, &r->addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, (uintptr_t)&r->addr);
	urb__sqe_addr2(p.sqe, addr_len);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_bind_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *addr,
		socklen_t addr_len,
		void *user)
{
	const struct urb_bind_opts opts = { .user = user };

	return urb_push_bind(b, fd, addr, addr_len, &opts);
}

/* A plain final CQE of bind (dispatch.c): its holds back, found by position, and its payload. */
static void done_bind(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- cancel (spec/ops/cancel.yaml) */

int urb_push_cancel(struct urb_bearer *b,
		uint64_t target,
		const struct urb_cancel_opts *opts)
{
	static const struct urb_cancel_opts defaults;
	struct urb__push p;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_CANCEL, 14, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_key(&p, target, NULL);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, target);
	urb__sqe_cancel_flags(p.sqe, opts->cancel_flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_cancel_user(struct urb_bearer *b,
		uint64_t target,
		void *user)
{
	const struct urb_cancel_opts opts = { .user = user };

	return urb_push_cancel(b, target, &opts);
}

/* ---- close (spec/ops/close.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_close_full(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_close_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_CLOSE, 19, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE), true);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_file_index(p.sqe, URB_SLOT_INDEX(fd) + 1);
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_close_fast(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_close_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_CLOSE, 19, opts->submit_flags, user, &p, true))
		return urb_push_close_full(b, fd, opts, user, NULL);
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE), true, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_file_index(p.sqe, URB_SLOT_INDEX(fd) + 1);
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	return urb__push_commit_plain(&p, URB_OP_CLOSE, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_close_full(b, fd, opts, p.rec->user, p.rec);
}

int urb_push_close(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_close_opts *opts)
{
	if (!opts)
		return urb_push_close_user(b, fd, urb__null_as_user(opts));
	return urb_push_close_fast(b, fd, opts, NULL, true);
}

int urb_push_close_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user)
{
	static const struct urb_close_opts defaults;

	return urb_push_close_fast(b, fd, &defaults, user, false);
}

/* A plain final CQE of close (dispatch.c): its holds back, found by position, and its payload. */
static void done_close(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back(b, h++, c->result);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- connect (spec/ops/connect.yaml) */

int urb_push_connect(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *addr,
		socklen_t addr_len,
		const struct urb_connect_opts *opts)
{
	static const struct urb_connect_opts defaults;
	struct urb__push p;
	struct urb_connect_rec *r;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_CONNECT, 16, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.connect;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_STREAM), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_sockaddr(&p, addr, addr_len, &r->addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, (uintptr_t)&r->addr);
	urb__sqe_off(p.sqe, addr_len);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_connect_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *addr,
		socklen_t addr_len,
		void *user)
{
	const struct urb_connect_opts opts = { .user = user };

	return urb_push_connect(b, fd, addr, addr_len, &opts);
}

/* A plain final CQE of connect (dispatch.c): its holds back, found by position, and its payload. */
static void done_connect(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- epoll_ctl (spec/ops/epoll_ctl.yaml) */

int urb_push_epoll_ctl(struct urb_bearer *b,
		urb_fd_t epfd,
		int32_t op,
		urb_fd_t fd,
		const struct epoll_event *event,
		const struct urb_epoll_ctl_opts *opts)
{
	static const struct urb_epoll_ctl_opts defaults;
	struct urb__push p;
	struct urb_epoll_ctl_rec *r;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_EPOLL_CTL, 29, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.epoll_ctl;
	rc = urb__push_fd_inline(&p, epfd, URB__ALLOW_PLAIN, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(epfd));
	urb__sqe_len(p.sqe, op);
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_off(p.sqe, urb__fd_num(fd));
	rc = urb__push_copy(&p, event, sizeof(r->event), &r->event,
			    op == EPOLL_CTL_DEL,
			    "the epoll_event is NULL, and this push needs one (only EPOLL_CTL_DEL may omit it)");
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, (uintptr_t)&r->event);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_epoll_ctl_user(struct urb_bearer *b,
		urb_fd_t epfd,
		int32_t op,
		urb_fd_t fd,
		const struct epoll_event *event,
		void *user)
{
	const struct urb_epoll_ctl_opts opts = { .user = user };

	return urb_push_epoll_ctl(b, epfd, op, fd, event, &opts);
}

/* ---- epoll_wait (spec/ops/epoll_wait.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_epoll_wait_full(struct urb_bearer *b,
		urb_fd_t epfd,
		const struct urb_epoll_wait_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	struct urb_epoll_wait_rec *r;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_EPOLL_WAIT, 59, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.epoll_wait;
	rc = urb__push_fd_inline(&p, epfd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(epfd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(epfd));
	}
	urb__sqe_addr(p.sqe, (uintptr_t)r->events);
	urb__sqe_len(p.sqe, 16);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_epoll_wait_fast(struct urb_bearer *b,
		urb_fd_t epfd,
		const struct urb_epoll_wait_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb_epoll_wait_rec *r;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_EPOLL_WAIT, 59, opts->submit_flags, user, &p, true))
		return urb_push_epoll_wait_full(b, epfd, opts, user, NULL);
	r = &p.rec->u.epoll_wait;
	rc = urb__push_fd_try(&p, &tally, epfd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(epfd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(epfd));
	}
	urb__sqe_addr(p.sqe, (uintptr_t)r->events);
	urb__sqe_len(p.sqe, 16);
	return urb__push_commit_plain(&p, URB_OP_EPOLL_WAIT, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_epoll_wait_full(b, epfd, opts, p.rec->user, p.rec);
}

int urb_push_epoll_wait(struct urb_bearer *b,
		urb_fd_t epfd,
		const struct urb_epoll_wait_opts *opts)
{
	if (!opts)
		return urb_push_epoll_wait_user(b, epfd, urb__null_as_user(opts));
	return urb_push_epoll_wait_fast(b, epfd, opts, NULL, true);
}

int urb_push_epoll_wait_user(struct urb_bearer *b,
		urb_fd_t epfd,
		void *user)
{
	static const struct urb_epoll_wait_opts defaults;

	return urb_push_epoll_wait_fast(b, epfd, &defaults, user, false);
}

static void fill_epoll_wait(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	const struct urb_epoll_wait_rec *r = &rec->u.epoll_wait;

	urb__fill_events(r->events, sizeof(r->events) / sizeof(r->events[0]), c->result, &c->u.epoll_wait.ready);
	(void)b;
}

/* A plain final CQE of epoll_wait (dispatch.c): its holds back, found by position, and its payload. */
static void done_epoll_wait(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	const struct urb_epoll_wait_rec *r = &rec->u.epoll_wait;

	urb__fill_events(r->events, sizeof(r->events) / sizeof(r->events[0]), c->result, &c->u.epoll_wait.ready);
	(void)b;
}

/* ---- fadvise (spec/ops/fadvise.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_fadvise_full(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t advice,
		const struct urb_fadvise_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_FADVISE, 24, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_off(p.sqe, offset);
	urb__sqe_len(p.sqe, len);
	urb__sqe_fadvise_advice(p.sqe, advice);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_fadvise_fast(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t advice,
		const struct urb_fadvise_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_FADVISE, 24, opts->submit_flags, user, &p, true))
		return urb_push_fadvise_full(b, fd, offset, len, advice, opts, user, NULL);
	urb__sqe_off(p.sqe, offset); /* now: the full path reads it back */
	urb__sqe_len(p.sqe, len); /* now: the full path reads it back */
	urb__sqe_fadvise_advice(p.sqe, advice); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	return urb__push_commit_plain(&p, URB_OP_FADVISE, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_fadvise_full(b, fd, (uint64_t)urb__sqe_get_off(p.sqe), (uint32_t)urb__sqe_get_len(p.sqe), (uint32_t)urb__sqe_get_fadvise_advice(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_fadvise(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t advice,
		const struct urb_fadvise_opts *opts)
{
	if (!opts)
		return urb_push_fadvise_user(b, fd, offset, len, advice, urb__null_as_user(opts));
	return urb_push_fadvise_fast(b, fd, offset, len, advice, opts, NULL, true);
}

int urb_push_fadvise_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t advice,
		void *user)
{
	static const struct urb_fadvise_opts defaults;

	return urb_push_fadvise_fast(b, fd, offset, len, advice, &defaults, user, false);
}

/* A plain final CQE of fadvise (dispatch.c): its holds back, found by position, and its payload. */
static void done_fadvise(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- fallocate (spec/ops/fallocate.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_fallocate_full(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t mode,
		uint64_t offset,
		uint64_t len,
		const struct urb_fallocate_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_FALLOCATE, 17, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_len(p.sqe, mode);
	urb__sqe_off(p.sqe, offset);
	urb__sqe_addr(p.sqe, len);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_fallocate_fast(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t mode,
		uint64_t offset,
		uint64_t len,
		const struct urb_fallocate_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_FALLOCATE, 17, opts->submit_flags, user, &p, true))
		return urb_push_fallocate_full(b, fd, mode, offset, len, opts, user, NULL);
	urb__sqe_len(p.sqe, mode); /* now: the full path reads it back */
	urb__sqe_off(p.sqe, offset); /* now: the full path reads it back */
	urb__sqe_addr(p.sqe, len); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	return urb__push_commit_plain(&p, URB_OP_FALLOCATE, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_fallocate_full(b, fd, (int32_t)urb__sqe_get_len(p.sqe), (uint64_t)urb__sqe_get_off(p.sqe), (uint64_t)urb__sqe_get_addr(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_fallocate(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t mode,
		uint64_t offset,
		uint64_t len,
		const struct urb_fallocate_opts *opts)
{
	if (!opts)
		return urb_push_fallocate_user(b, fd, mode, offset, len, urb__null_as_user(opts));
	return urb_push_fallocate_fast(b, fd, mode, offset, len, opts, NULL, true);
}

int urb_push_fallocate_user(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t mode,
		uint64_t offset,
		uint64_t len,
		void *user)
{
	static const struct urb_fallocate_opts defaults;

	return urb_push_fallocate_fast(b, fd, mode, offset, len, &defaults, user, false);
}

/* A plain final CQE of fallocate (dispatch.c): its holds back, found by position, and its payload. */
static void done_fallocate(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- fgetxattr (spec/ops/fgetxattr.yaml) */

int urb_push_fgetxattr(struct urb_bearer *b,
		urb_fd_t fd,
		const char *name,
		urb_buf_t buf,
		const struct urb_fgetxattr_opts *opts)
{
	static const struct urb_fgetxattr_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_FGETXATTR, 43, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_path(&p, name, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	rc = urb__push_buffer_inline(&p, buf, true,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_fgetxattr_user(struct urb_bearer *b,
		urb_fd_t fd,
		const char *name,
		urb_buf_t buf,
		void *user)
{
	const struct urb_fgetxattr_opts opts = { .user = user };

	return urb_push_fgetxattr(b, fd, name, buf, &opts);
}

static void fill_fgetxattr(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_data_inline(b, rec, c->result, &c->u.fgetxattr.value);
}

/* A plain final CQE of fgetxattr (dispatch.c): its holds back, found by position, and its payload. */
static void done_fgetxattr(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, true,
				&c->u.fgetxattr.value);
	(void)h;
}

/* ---- files_update (spec/ops/files_update.yaml) */

int urb_push_files_update(struct urb_bearer *b,
		const int32_t *fds,
		uint32_t fds_count,
		urb_fd_t fds_target,
		enum urb_fd_kind fds_kind,
		const struct urb_files_update_opts *opts)
{
	static const struct urb_files_update_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	uint32_t sqe_off;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_FILES_UPDATE, 20, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_slots(&p, fds, fds_count, fds_target, fds_kind,
			     &sqe_addr, &sqe_len, &sqe_off);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_off(p.sqe, sqe_off);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_files_update_user(struct urb_bearer *b,
		const int32_t *fds,
		uint32_t fds_count,
		urb_fd_t fds_target,
		enum urb_fd_kind fds_kind,
		void *user)
{
	const struct urb_files_update_opts opts = { .user = user };

	return urb_push_files_update(b, fds, fds_count, fds_target, fds_kind, &opts);
}

static void fill_files_update(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	c->u.files_update.slots = c->result >= 0 ? urb__rec_store(b, rec, 0) : NULL;
}

/* A plain final CQE of files_update (dispatch.c): its holds back, found by position, and its payload. */
static void done_files_update(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */

	c->u.files_update.slots = c->result >= 0 ? urb__rec_store(b, rec, 0) : NULL;
}

/* ---- fixed_fd_install (spec/ops/fixed_fd_install.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_fixed_fd_install_full(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_fixed_fd_install_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_FIXED_FD_INSTALL, 54, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	p.sqe->flags |= IOSQE_FIXED_FILE;
	urb__sqe_install_fd_flags(p.sqe, opts->flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_fixed_fd_install_fast(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_fixed_fd_install_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_FIXED_FD_INSTALL, 54, opts->submit_flags, user, &p, true))
		return urb_push_fixed_fd_install_full(b, fd, opts, user, NULL);
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	p.sqe->flags |= IOSQE_FIXED_FILE;
	if (!__builtin_constant_p(opts->flags) || opts->flags) /* a known 0: the SQE's already */
		urb__sqe_install_fd_flags(p.sqe, opts->flags);
	return urb__push_commit_plain(&p, URB_OP_FIXED_FD_INSTALL, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_fixed_fd_install_full(b, fd, opts, p.rec->user, p.rec);
}

int urb_push_fixed_fd_install(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_fixed_fd_install_opts *opts)
{
	if (!opts)
		return urb_push_fixed_fd_install_user(b, fd, urb__null_as_user(opts));
	return urb_push_fixed_fd_install_fast(b, fd, opts, NULL, true);
}

int urb_push_fixed_fd_install_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user)
{
	static const struct urb_fixed_fd_install_opts defaults;

	return urb_push_fixed_fd_install_fast(b, fd, &defaults, user, false);
}

/* A plain final CQE of fixed_fd_install (dispatch.c): its holds back, found by position, and its payload. */
static void done_fixed_fd_install(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- fsetxattr (spec/ops/fsetxattr.yaml) */

int urb_push_fsetxattr(struct urb_bearer *b,
		urb_fd_t fd,
		const char *name,
		urb_buf_t buf,
		const struct urb_fsetxattr_opts *opts)
{
	static const struct urb_fsetxattr_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_FSETXATTR, 41, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_path(&p, name, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	rc = urb__push_buffer_inline(&p, buf, false,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_xattr_flags(p.sqe, opts->flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_fsetxattr_user(struct urb_bearer *b,
		urb_fd_t fd,
		const char *name,
		urb_buf_t buf,
		void *user)
{
	const struct urb_fsetxattr_opts opts = { .user = user };

	return urb_push_fsetxattr(b, fd, name, buf, &opts);
}

/* A plain final CQE of fsetxattr (dispatch.c): its holds back, found by position, and its payload. */
static void done_fsetxattr(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, false, NULL);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- fsync (spec/ops/fsync.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_fsync_full(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_fsync_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_FSYNC, 3, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_fsync_flags(p.sqe, opts->fsync_flags);
	urb__sqe_off(p.sqe, opts->offset);
	urb__sqe_len(p.sqe, opts->len);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_fsync_fast(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_fsync_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_FSYNC, 3, opts->submit_flags, user, &p, true))
		return urb_push_fsync_full(b, fd, opts, user, NULL);
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	if (!__builtin_constant_p(opts->fsync_flags) || opts->fsync_flags) /* a known 0: the SQE's already */
		urb__sqe_fsync_flags(p.sqe, opts->fsync_flags);
	if (!__builtin_constant_p(opts->offset) || opts->offset) /* a known 0: the SQE's already */
		urb__sqe_off(p.sqe, opts->offset);
	if (!__builtin_constant_p(opts->len) || opts->len) /* a known 0: the SQE's already */
		urb__sqe_len(p.sqe, opts->len);
	return urb__push_commit_plain(&p, URB_OP_FSYNC, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_fsync_full(b, fd, opts, p.rec->user, p.rec);
}

int urb_push_fsync(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_fsync_opts *opts)
{
	if (!opts)
		return urb_push_fsync_user(b, fd, urb__null_as_user(opts));
	return urb_push_fsync_fast(b, fd, opts, NULL, true);
}

int urb_push_fsync_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user)
{
	static const struct urb_fsync_opts defaults;

	return urb_push_fsync_fast(b, fd, &defaults, user, false);
}

/* A plain final CQE of fsync (dispatch.c): its holds back, found by position, and its payload. */
static void done_fsync(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- ftruncate (spec/ops/ftruncate.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_ftruncate_full(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t length,
		const struct urb_ftruncate_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_FTRUNCATE, 55, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_off(p.sqe, length);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_ftruncate_fast(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t length,
		const struct urb_ftruncate_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_FTRUNCATE, 55, opts->submit_flags, user, &p, true))
		return urb_push_ftruncate_full(b, fd, length, opts, user, NULL);
	urb__sqe_off(p.sqe, length); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	return urb__push_commit_plain(&p, URB_OP_FTRUNCATE, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_ftruncate_full(b, fd, (uint64_t)urb__sqe_get_off(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_ftruncate(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t length,
		const struct urb_ftruncate_opts *opts)
{
	if (!opts)
		return urb_push_ftruncate_user(b, fd, length, urb__null_as_user(opts));
	return urb_push_ftruncate_fast(b, fd, length, opts, NULL, true);
}

int urb_push_ftruncate_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t length,
		void *user)
{
	static const struct urb_ftruncate_opts defaults;

	return urb_push_ftruncate_fast(b, fd, length, &defaults, user, false);
}

/* A plain final CQE of ftruncate (dispatch.c): its holds back, found by position, and its payload. */
static void done_ftruncate(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- futex_wait (spec/ops/futex_wait.yaml) */

int urb_push_futex_wait(struct urb_bearer *b,
		uint32_t futex,
		uint32_t val,
		const struct urb_futex_wait_opts *opts)
{
	static const struct urb_futex_wait_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_FUTEX_WAIT, 51, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_futex(&p, futex, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_off(p.sqe, val);
	urb__sqe_fd(p.sqe, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE);
	urb__sqe_addr3(p.sqe, FUTEX_BITSET_MATCH_ANY);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_futex_wait_user(struct urb_bearer *b,
		uint32_t futex,
		uint32_t val,
		void *user)
{
	const struct urb_futex_wait_opts opts = { .user = user };

	return urb_push_futex_wait(b, futex, val, &opts);
}

/* ---- futex_waitv (spec/ops/futex_waitv.yaml) */

int urb_push_futex_waitv(struct urb_bearer *b,
		const struct urb_futex_wait *waits,
		uint32_t waits_count,
		const struct urb_futex_waitv_opts *opts)
{
	static const struct urb_futex_waitv_opts defaults;
	struct urb__push p;
	struct urb_futex_waitv_rec *r;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_FUTEX_WAITV, 53, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.futex_waitv;
	rc = urb__push_futexv(&p, waits, waits_count, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, r->waits,
			      r->waits_ids);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, (uintptr_t)r->waits);
	urb__sqe_len(p.sqe, waits_count);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_futex_waitv_user(struct urb_bearer *b,
		const struct urb_futex_wait *waits,
		uint32_t waits_count,
		void *user)
{
	const struct urb_futex_waitv_opts opts = { .user = user };

	return urb_push_futex_waitv(b, waits, waits_count, &opts);
}

/* ---- futex_wake (spec/ops/futex_wake.yaml) */

int urb_push_futex_wake(struct urb_bearer *b,
		uint32_t futex,
		uint32_t count,
		const struct urb_futex_wake_opts *opts)
{
	static const struct urb_futex_wake_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_FUTEX_WAKE, 52, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_futex(&p, futex, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_off(p.sqe, count);
	urb__sqe_fd(p.sqe, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE);
	urb__sqe_addr3(p.sqe, FUTEX_BITSET_MATCH_ANY);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_futex_wake_user(struct urb_bearer *b,
		uint32_t futex,
		uint32_t count,
		void *user)
{
	const struct urb_futex_wake_opts opts = { .user = user };

	return urb_push_futex_wake(b, futex, count, &opts);
}

/* ---- getsockopt (spec/ops/getsockopt.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_getsockopt_full(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		const struct urb_getsockopt_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_GETSOCKOPT, 46, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_level(p.sqe, level);
	urb__sqe_optname(p.sqe, optname);
	rc = urb__push_buffer_inline(&p, buf, true,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_optval(p.sqe, sqe_addr);
	urb__sqe_optlen(p.sqe, sqe_len);
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_GETSOCKOPT);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_getsockopt_fast(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		const struct urb_getsockopt_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_GETSOCKOPT, 46, opts->submit_flags, user, &p, false))
		return urb_push_getsockopt_full(b, fd, level, optname, buf, opts, user, NULL);
	urb__sqe_level(p.sqe, level); /* now: the full path reads it back */
	urb__sqe_optname(p.sqe, optname); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (!rc)
		goto fd_plain;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	urb__sqe_head(p.sqe, 46, opts->submit_flags, IOSQE_FIXED_FILE);
	_Static_assert(offsetof(struct urb_getsockopt_opts, buf_len) == offsetof(struct urb_getsockopt_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, true,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_getsockopt_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_optval(p.sqe, sqe_addr);
	urb__sqe_optlen(p.sqe, sqe_len);
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_GETSOCKOPT);
	return urb__push_commit_plain(&p, URB_OP_GETSOCKOPT, &tally, opts->key_out);

fd_plain: /* the steps after it again, for a plain fd */
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	urb__sqe_head(p.sqe, 46, opts->submit_flags, 0);
	_Static_assert(offsetof(struct urb_getsockopt_opts, buf_len) == offsetof(struct urb_getsockopt_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, true,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_getsockopt_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_optval(p.sqe, sqe_addr);
	urb__sqe_optlen(p.sqe, sqe_len);
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_GETSOCKOPT);
	return urb__push_commit_plain(&p, URB_OP_GETSOCKOPT, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_getsockopt_full(b, fd, (int32_t)urb__sqe_get_level(p.sqe), (int32_t)urb__sqe_get_optname(p.sqe), buf, opts, p.rec->user, p.rec);
}

int urb_push_getsockopt(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		const struct urb_getsockopt_opts *opts)
{
	if (!opts)
		return urb_push_getsockopt_user(b, fd, level, optname, buf, urb__null_as_user(opts));
	return urb_push_getsockopt_fast(b, fd, level, optname, buf, opts, NULL, true);
}

int urb_push_getsockopt_user(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		void *user)
{
	static const struct urb_getsockopt_opts defaults;

	return urb_push_getsockopt_fast(b, fd, level, optname, buf, &defaults, user, false);
}

static void fill_getsockopt(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_data_inline(b, rec, c->result, &c->u.getsockopt.value);
}

/* A plain final CQE of getsockopt (dispatch.c): its holds back, found by position, and its payload. */
static void done_getsockopt(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, true,
				&c->u.getsockopt.value);
	(void)h;
}

/* ---- getxattr (spec/ops/getxattr.yaml) */

int urb_push_getxattr(struct urb_bearer *b,
		const char *path,
		const char *name,
		urb_buf_t buf,
		const struct urb_getxattr_opts *opts)
{
	static const struct urb_getxattr_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_GETXATTR, 44, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_path(&p, path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr3(p.sqe, sqe_addr);
	rc = urb__push_path(&p, name, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	rc = urb__push_buffer_inline(&p, buf, true,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_getxattr_user(struct urb_bearer *b,
		const char *path,
		const char *name,
		urb_buf_t buf,
		void *user)
{
	const struct urb_getxattr_opts opts = { .user = user };

	return urb_push_getxattr(b, path, name, buf, &opts);
}

static void fill_getxattr(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_data_inline(b, rec, c->result, &c->u.getxattr.value);
}

/* A plain final CQE of getxattr (dispatch.c): its holds back, found by position, and its payload. */
static void done_getxattr(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	urb__buf_give_back_kept(b, rec, h++, c->result, true,
				&c->u.getxattr.value);
	(void)h;
}

/* ---- link_timeout (spec/ops/link_timeout.yaml) */

int urb_push_link_timeout(struct urb_bearer *b,
		const struct __kernel_timespec *ts,
		const struct urb_link_timeout_opts *opts)
{
	static const struct urb_link_timeout_opts defaults;
	struct urb__push p;
	struct urb_link_timeout_rec *r;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_LINK_TIMEOUT, 15, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.link_timeout;
	rc = urb__push_copy(&p, ts, sizeof(r->ts), &r->ts,
			    false,
			    "the __kernel_timespec is NULL, and this push needs one");
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, (uintptr_t)&r->ts);
	urb__sqe_timeout_flags(p.sqe, opts->flags);
	urb__sqe_len(p.sqe, 1);
	rc = urb__push_bound(&p);
	if (rc < 0)
		goto fail;
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_link_timeout_user(struct urb_bearer *b,
		const struct __kernel_timespec *ts,
		void *user)
{
	const struct urb_link_timeout_opts opts = { .user = user };

	return urb_push_link_timeout(b, ts, &opts);
}

/* ---- linkat (spec/ops/linkat.yaml) */

int urb_push_linkat(struct urb_bearer *b,
		urb_fd_t old_dfd,
		const char *old_path,
		urb_fd_t new_dfd,
		const char *new_path,
		const struct urb_linkat_opts *opts)
{
	static const struct urb_linkat_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_LINKAT, 39, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, old_dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(old_dfd));
	rc = urb__push_path(&p, old_path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	rc = urb__push_fd_inline(&p, new_dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_len(p.sqe, urb__fd_num(new_dfd));
	rc = urb__push_path(&p, new_path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, sqe_addr);
	urb__sqe_hardlink_flags(p.sqe, opts->flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_linkat_user(struct urb_bearer *b,
		urb_fd_t old_dfd,
		const char *old_path,
		urb_fd_t new_dfd,
		const char *new_path,
		void *user)
{
	const struct urb_linkat_opts opts = { .user = user };

	return urb_push_linkat(b, old_dfd, old_path, new_dfd, new_path, &opts);
}

/* ---- listen (spec/ops/listen.yaml) */

int urb_push_listen(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t backlog,
		const struct urb_listen_opts *opts)
{
	static const struct urb_listen_opts defaults;
	struct urb__push p;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_LISTEN, 57, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__push_slot_becomes(&p, URB_FD_ACCEPTOR);
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_len(p.sqe, backlog);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_listen_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t backlog,
		void *user)
{
	const struct urb_listen_opts opts = { .user = user };

	return urb_push_listen(b, fd, backlog, &opts);
}

/* A plain final CQE of listen (dispatch.c): its holds back, found by position, and its payload. */
static void done_listen(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back(b, h++, c->result);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- madvise (spec/ops/madvise.yaml) */

int urb_push_madvise(struct urb_bearer *b,
		urb_buf_t buf,
		uint32_t advice,
		const struct urb_madvise_opts *opts)
{
	static const struct urb_madvise_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_MADVISE, 25, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_buffer_inline(&p, buf, true,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	rc = urb__push_whole_pages(&p, buf, sqe_addr, sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_COLD:
	case MADV_PAGEOUT:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
	case MADV_DONTNEED_LOCKED:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_COLLAPSE:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
		break;
	default:
		rc = urb__push_not_one_of(&p, "advice", advice);
		goto fail;
	}
	urb__sqe_fadvise_advice(p.sqe, advice);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_madvise_user(struct urb_bearer *b,
		urb_buf_t buf,
		uint32_t advice,
		void *user)
{
	const struct urb_madvise_opts opts = { .user = user };

	return urb_push_madvise(b, buf, advice, &opts);
}

/* A plain final CQE of madvise (dispatch.c): its holds back, found by position, and its payload. */
static void done_madvise(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	urb__buf_give_back_kept(b, rec, h++, c->result, true, NULL);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- mkdirat (spec/ops/mkdirat.yaml) */

int urb_push_mkdirat(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		uint32_t mode,
		const struct urb_mkdirat_opts *opts)
{
	static const struct urb_mkdirat_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_MKDIRAT, 37, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(dfd));
	rc = urb__push_path(&p, path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, mode);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_mkdirat_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		uint32_t mode,
		void *user)
{
	const struct urb_mkdirat_opts opts = { .user = user };

	return urb_push_mkdirat(b, dfd, path, mode, &opts);
}

/* ---- msg_ring (spec/ops/msg_ring.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_msg_ring_full(struct urb_bearer *b,
		urb_fd_t ring_fd,
		uint64_t data,
		uint32_t value,
		const struct urb_msg_ring_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_MSG_RING, 40, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, ring_fd, URB__ALLOW_PLAIN, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(ring_fd));
	urb__sqe_off(p.sqe, data);
	urb__sqe_len(p.sqe, value);
	urb__sqe_addr(p.sqe, IORING_MSG_DATA);
	urb__sqe_msg_ring_flags(p.sqe, IORING_MSG_RING_FLAGS_PASS);
	urb__sqe_file_index(p.sqe, URB_CQE_F_MESSAGE);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_msg_ring_fast(struct urb_bearer *b,
		urb_fd_t ring_fd,
		uint64_t data,
		uint32_t value,
		const struct urb_msg_ring_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_MSG_RING, 40, opts->submit_flags, user, &p, true))
		return urb_push_msg_ring_full(b, ring_fd, data, value, opts, user, NULL);
	urb__sqe_off(p.sqe, data); /* now: the full path reads it back */
	urb__sqe_len(p.sqe, value); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, ring_fd, URB__ALLOW_PLAIN, 0, false, true);
	if (rc < 0)
		goto retry;
	urb__sqe_fd(p.sqe, urb__fd_num(ring_fd));
	urb__sqe_addr(p.sqe, IORING_MSG_DATA);
	urb__sqe_msg_ring_flags(p.sqe, IORING_MSG_RING_FLAGS_PASS);
	urb__sqe_file_index(p.sqe, URB_CQE_F_MESSAGE);
	return urb__push_commit_plain(&p, URB_OP_MSG_RING, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_msg_ring_full(b, ring_fd, (uint64_t)urb__sqe_get_off(p.sqe), (uint32_t)urb__sqe_get_len(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_msg_ring(struct urb_bearer *b,
		urb_fd_t ring_fd,
		uint64_t data,
		uint32_t value,
		const struct urb_msg_ring_opts *opts)
{
	if (!opts)
		return urb_push_msg_ring_user(b, ring_fd, data, value, urb__null_as_user(opts));
	return urb_push_msg_ring_fast(b, ring_fd, data, value, opts, NULL, true);
}

int urb_push_msg_ring_user(struct urb_bearer *b,
		urb_fd_t ring_fd,
		uint64_t data,
		uint32_t value,
		void *user)
{
	static const struct urb_msg_ring_opts defaults;

	return urb_push_msg_ring_fast(b, ring_fd, data, value, &defaults, user, false);
}

/* ---- msg_ring_fd (spec/ops/msg_ring_fd.yaml) */

int urb_push_msg_ring_fd(struct urb_bearer *b,
		urb_fd_t ring_fd,
		urb_fd_t fd,
		uint32_t fd_data,
		const struct urb_msg_ring_fd_opts *opts)
{
	static const struct urb_msg_ring_fd_opts defaults;
	struct urb__push p;
	uint32_t sqe_slot;
	uint64_t sqe_data;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_MSG_RING_FD, 40, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, ring_fd, URB__ALLOW_PLAIN, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(ring_fd));
	rc = urb__push_msg_fd(&p, fd, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE), fd_data, &sqe_slot, &sqe_data);
	if (rc < 0)
		goto fail;
	urb__sqe_addr3(p.sqe, sqe_slot);
	urb__sqe_off(p.sqe, sqe_data);
	urb__sqe_addr(p.sqe, IORING_MSG_SEND_FD);
	urb__sqe_file_index(p.sqe, IORING_FILE_INDEX_ALLOC);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_msg_ring_fd_user(struct urb_bearer *b,
		urb_fd_t ring_fd,
		urb_fd_t fd,
		uint32_t fd_data,
		void *user)
{
	const struct urb_msg_ring_fd_opts opts = { .user = user };

	return urb_push_msg_ring_fd(b, ring_fd, fd, fd_data, &opts);
}

/* A plain final CQE of msg_ring_fd (dispatch.c): its holds back, found by position, and its payload. */
static void done_msg_ring_fd(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back(b, h++, c->result);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- nop (spec/ops/nop.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_nop_full(struct urb_bearer *b,
		const struct urb_nop_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_NOP, 0, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	return urb__push_commit_inline(&p, opts->key_out);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_nop_fast(struct urb_bearer *b,
		const struct urb_nop_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;

	if (!urb__push_begin_try(b, URB_OP_NOP, 0, opts->submit_flags, user, &p, true))
		return urb_push_nop_full(b, opts, user, NULL);
	return urb__push_commit_plain(&p, URB_OP_NOP, NULL, opts->key_out);
}

int urb_push_nop(struct urb_bearer *b,
		const struct urb_nop_opts *opts)
{
	if (!opts)
		return urb_push_nop_user(b, urb__null_as_user(opts));
	return urb_push_nop_fast(b, opts, NULL, true);
}

int urb_push_nop_user(struct urb_bearer *b,
		void *user)
{
	static const struct urb_nop_opts defaults;

	return urb_push_nop_fast(b, &defaults, user, false);
}

/* ---- openat (spec/ops/openat.yaml) */

int urb_push_openat(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct urb_openat_opts *opts)
{
	static const struct urb_openat_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_index;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_OPENAT, 18, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(dfd));
	rc = urb__push_path(&p, path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_open_flags(p.sqe, opts->flags);
	urb__sqe_len(p.sqe, opts->mode);
	rc = urb__push_target(&p, opts->target, URB__ALLOW_PLAIN | URB__ALLOW_AUTO | URB__ALLOW_SLOT, URB_FD_FILE, &sqe_index);
	if (rc < 0)
		goto fail;
	urb__sqe_file_index(p.sqe, sqe_index);
	rc = urb__push_plain_only(&p, opts->target, (uint64_t)opts->flags & (O_CLOEXEC),
				  "O_CLOEXEC in flags");
	if (rc < 0)
		goto fail;
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_openat_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		void *user)
{
	const struct urb_openat_opts opts = { .user = user };

	return urb_push_openat(b, dfd, path, &opts);
}

static void fill_openat(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_new_fd(rec, c->result, &c->u.openat.file);
	(void)b;
}

/* A plain final CQE of openat (dispatch.c): its holds back, found by position, and its payload. */
static void done_openat(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */

	urb__fill_new_fd(rec, c->result, &c->u.openat.file);
	(void)b;
}

/* ---- openat2 (spec/ops/openat2.yaml) */

int urb_push_openat2(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct open_how *how,
		const struct urb_openat2_opts *opts)
{
	static const struct urb_openat2_opts defaults;
	struct urb__push p;
	struct urb_openat2_rec *r;
	uint64_t sqe_addr;
	uint32_t sqe_index;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_OPENAT2, 28, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.openat2;
	rc = urb__push_fd_inline(&p, dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(dfd));
	rc = urb__push_path(&p, path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	rc = urb__push_copy(&p, how, sizeof(r->how), &r->how,
			    false,
			    "the open_how is NULL, and this push needs one");
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, (uintptr_t)&r->how);
	rc = urb__push_target(&p, opts->target, URB__ALLOW_PLAIN | URB__ALLOW_AUTO | URB__ALLOW_SLOT, URB_FD_FILE, &sqe_index);
	if (rc < 0)
		goto fail;
	urb__sqe_file_index(p.sqe, sqe_index);
	urb__sqe_len(p.sqe, 24);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_openat2_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct open_how *how,
		void *user)
{
	const struct urb_openat2_opts opts = { .user = user };

	return urb_push_openat2(b, dfd, path, how, &opts);
}

static void fill_openat2(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_new_fd(rec, c->result, &c->u.openat2.file);
	(void)b;
}

/* A plain final CQE of openat2 (dispatch.c): its holds back, found by position, and its payload. */
static void done_openat2(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */

	urb__fill_new_fd(rec, c->result, &c->u.openat2.file);
	(void)b;
}

/* ---- pipe (spec/ops/pipe.yaml) */

int urb_push_pipe(struct urb_bearer *b,
		const struct urb_pipe_opts *opts)
{
	static const struct urb_pipe_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_PIPE, 62, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	urb__sqe_pipe_flags(p.sqe, opts->flags);
	rc = urb__push_out(&p, sizeof(struct urb_fd_pair), &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_pipe_user(struct urb_bearer *b,
		void *user)
{
	const struct urb_pipe_opts opts = { .user = user };

	return urb_push_pipe(b, &opts);
}

static void fill_pipe(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	c->u.pipe.ends = c->result >= 0 ? urb__rec_store(b, rec, 0) : NULL;
}

/* A plain final CQE of pipe (dispatch.c): its holds back, found by position, and its payload. */
static void done_pipe(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */

	c->u.pipe.ends = c->result >= 0 ? urb__rec_store(b, rec, 0) : NULL;
}

/* ---- poll_add (spec/ops/poll_add.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_poll_add_full(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		const struct urb_poll_add_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_POLL_ADD, 6, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_poll32_events(p.sqe, events);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_poll_add_fast(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		const struct urb_poll_add_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_POLL_ADD, 6, opts->submit_flags, user, &p, true))
		return urb_push_poll_add_full(b, fd, events, opts, user, NULL);
	urb__sqe_poll32_events(p.sqe, events); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	return urb__push_commit_plain(&p, URB_OP_POLL_ADD, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_poll_add_full(b, fd, (uint32_t)urb__sqe_get_poll32_events(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_poll_add(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		const struct urb_poll_add_opts *opts)
{
	if (!opts)
		return urb_push_poll_add_user(b, fd, events, urb__null_as_user(opts));
	return urb_push_poll_add_fast(b, fd, events, opts, NULL, true);
}

int urb_push_poll_add_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		void *user)
{
	static const struct urb_poll_add_opts defaults;

	return urb_push_poll_add_fast(b, fd, events, &defaults, user, false);
}

/* A plain final CQE of poll_add (dispatch.c): its holds back, found by position, and its payload. */
static void done_poll_add(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- poll_multi (spec/ops/poll_multi.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_poll_multi_full(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		const struct urb_poll_multi_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_POLL_MULTI, 6, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_poll32_events(p.sqe, events);
	urb__sqe_len(p.sqe, IORING_POLL_ADD_MULTI);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_poll_multi_fast(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		const struct urb_poll_multi_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_POLL_MULTI, 6, opts->submit_flags, user, &p, true))
		return urb_push_poll_multi_full(b, fd, events, opts, user, NULL);
	urb__sqe_poll32_events(p.sqe, events); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET) | URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_len(p.sqe, IORING_POLL_ADD_MULTI);
	return urb__push_commit_plain(&p, URB_OP_POLL_MULTI, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_poll_multi_full(b, fd, (uint32_t)urb__sqe_get_poll32_events(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_poll_multi(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		const struct urb_poll_multi_opts *opts)
{
	if (!opts)
		return urb_push_poll_multi_user(b, fd, events, urb__null_as_user(opts));
	return urb_push_poll_multi_fast(b, fd, events, opts, NULL, true);
}

int urb_push_poll_multi_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		void *user)
{
	static const struct urb_poll_multi_opts defaults;

	return urb_push_poll_multi_fast(b, fd, events, &defaults, user, false);
}

/* A plain final CQE of poll_multi (dispatch.c): its holds back, found by position, and its payload. */
static void done_poll_multi(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- poll_remove (spec/ops/poll_remove.yaml) */

int urb_push_poll_remove(struct urb_bearer *b,
		uint64_t target,
		const struct urb_poll_remove_opts *opts)
{
	static const struct urb_poll_remove_opts defaults;
	struct urb__push p;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_POLL_REMOVE, 7, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_key(&p, target, (const int[]){ URB_OP_POLL_ADD, URB_OP_POLL_MULTI, -1 });
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, target);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_poll_remove_user(struct urb_bearer *b,
		uint64_t target,
		void *user)
{
	const struct urb_poll_remove_opts opts = { .user = user };

	return urb_push_poll_remove(b, target, &opts);
}

/* ---- provide_buffers (spec/ops/provide_buffers.yaml) */

int urb_push_provide_buffers(struct urb_bearer *b,
		uint32_t set,
		const struct urb_provide_buffers_opts *opts)
{
	static const struct urb_provide_buffers_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int32_t sqe_nbufs;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_PROVIDE_BUFFERS, 31, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_set(&p, set, URB__SET_PROVIDE, &sqe_addr, &sqe_len, &sqe_nbufs);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_fd(p.sqe, (uint32_t)sqe_nbufs); /* the group: urb__push_set() */
	urb__sqe_off(p.sqe, 0);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_provide_buffers_user(struct urb_bearer *b,
		uint32_t set,
		void *user)
{
	const struct urb_provide_buffers_opts opts = { .user = user };

	return urb_push_provide_buffers(b, set, &opts);
}

/* ---- read (spec/ops/read.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_read_full(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_read_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_READ, 22, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_buffer_inline(&p, buf, true,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_off(p.sqe, offset);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_read_fast(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_read_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_READ, 22, opts->submit_flags, user, &p, false))
		return urb_push_read_full(b, fd, buf, offset, opts, user, NULL);
	urb__sqe_off(p.sqe, offset); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (!rc)
		goto fd_plain;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	urb__sqe_head(p.sqe, 22, opts->submit_flags, IOSQE_FIXED_FILE);
	_Static_assert(offsetof(struct urb_read_opts, buf_len) == offsetof(struct urb_read_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, true,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_read_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_plain(&p, URB_OP_READ, &tally, opts->key_out);

fd_plain: /* the steps after it again, for a plain fd */
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	urb__sqe_head(p.sqe, 22, opts->submit_flags, 0);
	_Static_assert(offsetof(struct urb_read_opts, buf_len) == offsetof(struct urb_read_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, true,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_read_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_plain(&p, URB_OP_READ, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_read_full(b, fd, buf, (uint64_t)urb__sqe_get_off(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_read(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_read_opts *opts)
{
	if (!opts)
		return urb_push_read_user(b, fd, buf, offset, urb__null_as_user(opts));
	return urb_push_read_fast(b, fd, buf, offset, opts, NULL, true);
}

int urb_push_read_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		void *user)
{
	static const struct urb_read_opts defaults;

	return urb_push_read_fast(b, fd, buf, offset, &defaults, user, false);
}

static void fill_read(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_data_inline(b, rec, c->result, &c->u.read.data);
}

/* A plain final CQE of read (dispatch.c): its holds back, found by position, and its payload. */
static void done_read(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, true,
				&c->u.read.data);
	(void)h;
}

/* ---- read_fixed (spec/ops/read_fixed.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_read_fixed_full(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_read_fixed_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_READ_FIXED, 4, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_buffer_inline(&p, buf, true,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	rc = urb__push_fixed_buffer_inline(&p, buf);
	if (rc < 0)
		goto fail;
	urb__sqe_buf_index(p.sqe, (uint16_t)URB_BUF_SET(buf));
	urb__sqe_off(p.sqe, offset);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_read_fixed_fast(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_read_fixed_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_READ_FIXED, 4, opts->submit_flags, user, &p, false))
		return urb_push_read_fixed_full(b, fd, buf, offset, opts, user, NULL);
	urb__sqe_off(p.sqe, offset); /* now: the full path reads it back */
	urb__sqe_buf_index(p.sqe, (uint16_t)URB_BUF_SET(buf));
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (!rc)
		goto fd_plain;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	urb__sqe_head(p.sqe, 4, opts->submit_flags, IOSQE_FIXED_FILE);
	_Static_assert(offsetof(struct urb_read_fixed_opts, buf_len) == offsetof(struct urb_read_fixed_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, true,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_read_fixed_opts, buf_offset)),
				  true, true, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_plain(&p, URB_OP_READ_FIXED, &tally, opts->key_out);

fd_plain: /* the steps after it again, for a plain fd */
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	urb__sqe_head(p.sqe, 4, opts->submit_flags, 0);
	_Static_assert(offsetof(struct urb_read_fixed_opts, buf_len) == offsetof(struct urb_read_fixed_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, true,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_read_fixed_opts, buf_offset)),
				  true, true, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_plain(&p, URB_OP_READ_FIXED, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_read_fixed_full(b, fd, buf, (uint64_t)urb__sqe_get_off(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_read_fixed(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_read_fixed_opts *opts)
{
	if (!opts)
		return urb_push_read_fixed_user(b, fd, buf, offset, urb__null_as_user(opts));
	return urb_push_read_fixed_fast(b, fd, buf, offset, opts, NULL, true);
}

int urb_push_read_fixed_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		void *user)
{
	static const struct urb_read_fixed_opts defaults;

	return urb_push_read_fixed_fast(b, fd, buf, offset, &defaults, user, false);
}

static void fill_read_fixed(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_data_inline(b, rec, c->result, &c->u.read_fixed.data);
}

/* A plain final CQE of read_fixed (dispatch.c): its holds back, found by position, and its payload. */
static void done_read_fixed(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, true,
				&c->u.read_fixed.data);
	(void)h;
}

/* ---- read_multishot (spec/ops/read_multishot.yaml) */

int urb_push_read_multishot(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_read_multishot_opts *opts)
{
	static const struct urb_read_multishot_opts defaults;
	struct urb__push p;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_READ_MULTISHOT, 49, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_group(&p, group);
	if (rc < 0)
		goto fail;
	p.sqe->flags |= IOSQE_BUFFER_SELECT; /* the group: urb__push_group() */
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_read_multishot_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		void *user)
{
	const struct urb_read_multishot_opts opts = { .user = user };

	return urb_push_read_multishot(b, fd, group, &opts);
}

static void fill_read_multishot(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_selected(b, c, &c->u.read_multishot.data);
	(void)rec;
}

/* A plain final CQE of read_multishot (dispatch.c): its holds back, found by position, and its payload. */
static void done_read_multishot(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	urb__fill_selected(b, c, &c->u.read_multishot.data);
	(void)rec;
}

/* ---- readv (spec/ops/readv.yaml) */

int urb_push_readv(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		const struct urb_readv_opts *opts)
{
	static const struct urb_readv_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	uint32_t sqe_set;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_READV, 1, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_bufvec(&p, bufs, bufs_count, true,
			      false, &sqe_addr, &sqe_len, &sqe_set);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	(void)sqe_set;
	urb__sqe_off(p.sqe, offset);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_readv_user(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		void *user)
{
	const struct urb_readv_opts opts = { .user = user };

	return urb_push_readv(b, fd, bufs, bufs_count, offset, &opts);
}

/* A plain final CQE of readv (dispatch.c): its holds back, found by position, and its payload. */
static void done_readv(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- readv_fixed (spec/ops/readv_fixed.yaml) */

int urb_push_readv_fixed(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		const struct urb_readv_fixed_opts *opts)
{
	static const struct urb_readv_fixed_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	uint32_t sqe_set;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_READV_FIXED, 60, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_bufvec(&p, bufs, bufs_count, true,
			      true, &sqe_addr, &sqe_len, &sqe_set);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_buf_index(p.sqe, (uint16_t)sqe_set);
	urb__sqe_off(p.sqe, offset);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_readv_fixed_user(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		void *user)
{
	const struct urb_readv_fixed_opts opts = { .user = user };

	return urb_push_readv_fixed(b, fd, bufs, bufs_count, offset, &opts);
}

/* A plain final CQE of readv_fixed (dispatch.c): its holds back, found by position, and its payload. */
static void done_readv_fixed(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- recv (spec/ops/recv.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_recv_full(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_recv_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_RECV, 27, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_buffer_inline(&p, buf, true,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_recv_fast(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_recv_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_RECV, 27, opts->submit_flags, user, &p, false))
		return urb_push_recv_full(b, fd, buf, opts, user, NULL);
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (!rc)
		goto fd_plain;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	urb__sqe_head(p.sqe, 27, opts->submit_flags, IOSQE_FIXED_FILE);
	_Static_assert(offsetof(struct urb_recv_opts, buf_len) == offsetof(struct urb_recv_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, true,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_recv_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	if (!__builtin_constant_p(opts->msg_flags) || opts->msg_flags) /* a known 0: the SQE's already */
		urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	return urb__push_commit_plain(&p, URB_OP_RECV, &tally, opts->key_out);

fd_plain: /* the steps after it again, for a plain fd */
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	urb__sqe_head(p.sqe, 27, opts->submit_flags, 0);
	_Static_assert(offsetof(struct urb_recv_opts, buf_len) == offsetof(struct urb_recv_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, true,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_recv_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	if (!__builtin_constant_p(opts->msg_flags) || opts->msg_flags) /* a known 0: the SQE's already */
		urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	return urb__push_commit_plain(&p, URB_OP_RECV, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_recv_full(b, fd, buf, opts, p.rec->user, p.rec);
}

int urb_push_recv(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_recv_opts *opts)
{
	if (!opts)
		return urb_push_recv_user(b, fd, buf, urb__null_as_user(opts));
	return urb_push_recv_fast(b, fd, buf, opts, NULL, true);
}

int urb_push_recv_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		void *user)
{
	static const struct urb_recv_opts defaults;

	return urb_push_recv_fast(b, fd, buf, &defaults, user, false);
}

static void fill_recv(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_data_inline(b, rec, c->result, &c->u.recv.data);
}

/* A plain final CQE of recv (dispatch.c): its holds back, found by position, and its payload. */
static void done_recv(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, true,
				&c->u.recv.data);
	(void)h;
}

/* ---- recv_bundle (spec/ops/recv_bundle.yaml) */

int urb_push_recv_bundle(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_recv_bundle_opts *opts)
{
	static const struct urb_recv_bundle_opts defaults;
	struct urb__push p;
	struct urb_recv_bundle_rec *r;
	uint32_t sqe_len;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_RECV_BUNDLE, 27, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.recv_bundle;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_bundle(&p, group, false,
			      &r->group_run, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_len(p.sqe, sqe_len); /* the group: urb__push_bundle() */
	p.sqe->flags |= IOSQE_BUFFER_SELECT;
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	urb__sqe_ioprio(p.sqe, IORING_RECVSEND_BUNDLE);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_recv_bundle_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		void *user)
{
	const struct urb_recv_bundle_opts opts = { .user = user };

	return urb_push_recv_bundle(b, fd, group, &opts);
}

static void fill_recv_bundle(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_bundle(b, rec, c, &c->u.recv_bundle.run);
}

/* A plain final CQE of recv_bundle (dispatch.c): its holds back, found by position, and its payload. */
static void done_recv_bundle(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	urb__fill_bundle(b, rec, c, &c->u.recv_bundle.run);
}

/* ---- recv_multi (spec/ops/recv_multi.yaml) */

int urb_push_recv_multi(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_recv_multi_opts *opts)
{
	static const struct urb_recv_multi_opts defaults;
	struct urb__push p;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_RECV_MULTI, 27, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_group(&p, group);
	if (rc < 0)
		goto fail;
	p.sqe->flags |= IOSQE_BUFFER_SELECT; /* the group: urb__push_group() */
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	urb__sqe_ioprio(p.sqe, IORING_RECV_MULTISHOT);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_recv_multi_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		void *user)
{
	const struct urb_recv_multi_opts opts = { .user = user };

	return urb_push_recv_multi(b, fd, group, &opts);
}

static void fill_recv_multi(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_selected(b, c, &c->u.recv_multi.data);
	(void)rec;
}

/* A plain final CQE of recv_multi (dispatch.c): its holds back, found by position, and its payload. */
static void done_recv_multi(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	urb__fill_selected(b, c, &c->u.recv_multi.data);
	(void)rec;
}

/* ---- recvmsg (spec/ops/recvmsg.yaml) */

int urb_push_recvmsg(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		const struct urb_recvmsg_opts *opts)
{
	static const struct urb_recvmsg_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_RECVMSG, 10, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_msg(&p, msg, true, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	urb__sqe_len(p.sqe, 1);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_recvmsg_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		void *user)
{
	const struct urb_recvmsg_opts opts = { .user = user };

	return urb_push_recvmsg(b, fd, msg, &opts);
}

static void fill_recvmsg(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_msg(b, rec, c->result, &c->u.recvmsg.msg);
}

/* A plain final CQE of recvmsg (dispatch.c): its holds back, found by position, and its payload. */
static void done_recvmsg(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	urb__fill_msg(b, rec, c->result, &c->u.recvmsg.msg);
}

/* ---- recvmsg_multi (spec/ops/recvmsg_multi.yaml) */

int urb_push_recvmsg_multi(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_msg_room *room,
		const struct urb_recvmsg_multi_opts *opts)
{
	static const struct urb_recvmsg_multi_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_RECVMSG_MULTI, 10, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_group(&p, group);
	if (rc < 0)
		goto fail;
	p.sqe->flags |= IOSQE_BUFFER_SELECT; /* the group: urb__push_group() */
	rc = urb__push_msg_room(&p, room, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	urb__sqe_ioprio(p.sqe, IORING_RECV_MULTISHOT);
	urb__sqe_len(p.sqe, 1);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_recvmsg_multi_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_msg_room *room,
		void *user)
{
	const struct urb_recvmsg_multi_opts opts = { .user = user };

	return urb_push_recvmsg_multi(b, fd, group, room, &opts);
}

static void fill_recvmsg_multi(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_msg_part(b, rec, c, &c->u.recvmsg_multi.part);
}

/* A plain final CQE of recvmsg_multi (dispatch.c): its holds back, found by position, and its payload. */
static void done_recvmsg_multi(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	urb__fill_msg_part(b, rec, c, &c->u.recvmsg_multi.part);
}

/* ---- remove_buffers (spec/ops/remove_buffers.yaml) */

int urb_push_remove_buffers(struct urb_bearer *b,
		uint32_t set,
		const struct urb_remove_buffers_opts *opts)
{
	static const struct urb_remove_buffers_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int32_t sqe_nbufs;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_REMOVE_BUFFERS, 32, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_set(&p, set, URB__SET_REMOVE, &sqe_addr, &sqe_len, &sqe_nbufs);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, (uint32_t)sqe_nbufs); /* the group: urb__push_set() */
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_remove_buffers_user(struct urb_bearer *b,
		uint32_t set,
		void *user)
{
	const struct urb_remove_buffers_opts opts = { .user = user };

	return urb_push_remove_buffers(b, set, &opts);
}

/* ---- renameat (spec/ops/renameat.yaml) */

int urb_push_renameat(struct urb_bearer *b,
		urb_fd_t old_dfd,
		const char *old_path,
		urb_fd_t new_dfd,
		const char *new_path,
		const struct urb_renameat_opts *opts)
{
	static const struct urb_renameat_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_RENAMEAT, 35, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, old_dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(old_dfd));
	rc = urb__push_path(&p, old_path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	rc = urb__push_fd_inline(&p, new_dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_len(p.sqe, urb__fd_num(new_dfd));
	rc = urb__push_path(&p, new_path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, sqe_addr);
	urb__sqe_rename_flags(p.sqe, opts->flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_renameat_user(struct urb_bearer *b,
		urb_fd_t old_dfd,
		const char *old_path,
		urb_fd_t new_dfd,
		const char *new_path,
		void *user)
{
	const struct urb_renameat_opts opts = { .user = user };

	return urb_push_renameat(b, old_dfd, old_path, new_dfd, new_path, &opts);
}

/* ---- send (spec/ops/send.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_send_full(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_send_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_SEND, 26, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_buffer_inline(&p, buf, false,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_send_fast(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_send_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_SEND, 26, opts->submit_flags, user, &p, false))
		return urb_push_send_full(b, fd, buf, opts, user, NULL);
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (!rc)
		goto fd_plain;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	urb__sqe_head(p.sqe, 26, opts->submit_flags, IOSQE_FIXED_FILE);
	_Static_assert(offsetof(struct urb_send_opts, buf_len) == offsetof(struct urb_send_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_send_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	if (!__builtin_constant_p(opts->msg_flags) || opts->msg_flags) /* a known 0: the SQE's already */
		urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	return urb__push_commit_plain(&p, URB_OP_SEND, &tally, opts->key_out);

fd_plain: /* the steps after it again, for a plain fd */
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	urb__sqe_head(p.sqe, 26, opts->submit_flags, 0);
	_Static_assert(offsetof(struct urb_send_opts, buf_len) == offsetof(struct urb_send_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_send_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	if (!__builtin_constant_p(opts->msg_flags) || opts->msg_flags) /* a known 0: the SQE's already */
		urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	return urb__push_commit_plain(&p, URB_OP_SEND, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_send_full(b, fd, buf, opts, p.rec->user, p.rec);
}

int urb_push_send(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_send_opts *opts)
{
	if (!opts)
		return urb_push_send_user(b, fd, buf, urb__null_as_user(opts));
	return urb_push_send_fast(b, fd, buf, opts, NULL, true);
}

int urb_push_send_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		void *user)
{
	static const struct urb_send_opts defaults;

	return urb_push_send_fast(b, fd, buf, &defaults, user, false);
}

/* A plain final CQE of send (dispatch.c): its holds back, found by position, and its payload. */
static void done_send(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, false, NULL);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- send_bundle (spec/ops/send_bundle.yaml) */

int urb_push_send_bundle(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_send_bundle_opts *opts)
{
	static const struct urb_send_bundle_opts defaults;
	struct urb__push p;
	struct urb_send_bundle_rec *r;
	uint32_t sqe_len;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_SEND_BUNDLE, 26, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.send_bundle;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_bundle(&p, group, true,
			      &r->group_run, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_len(p.sqe, sqe_len); /* the group: urb__push_bundle() */
	p.sqe->flags |= IOSQE_BUFFER_SELECT;
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	urb__sqe_ioprio(p.sqe, IORING_RECVSEND_BUNDLE);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_send_bundle_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		void *user)
{
	const struct urb_send_bundle_opts opts = { .user = user };

	return urb_push_send_bundle(b, fd, group, &opts);
}

static void fill_send_bundle(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_bundle(b, rec, c, &c->u.send_bundle.run);
}

/* A plain final CQE of send_bundle (dispatch.c): its holds back, found by position, and its payload. */
static void done_send_bundle(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	urb__fill_bundle(b, rec, c, &c->u.send_bundle.run);
}

/* ---- send_zc (spec/ops/send_zc.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_send_zc_full(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_send_zc_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_SEND_ZC, 47, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_buffer_inline(&p, buf, false,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	if (urb__set_fixed_inline(b, buf)) {
		urb__sqe_ioprio(p.sqe, urb__sqe_get_ioprio(p.sqe) | IORING_RECVSEND_FIXED_BUF);
		urb__sqe_buf_index(p.sqe, (uint16_t)URB_BUF_SET(buf));
	}
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_send_zc_fast(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_send_zc_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	bool sqe_fixed;
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_SEND_ZC, 47, opts->submit_flags, user, &p, false))
		return urb_push_send_zc_full(b, fd, buf, opts, user, NULL);
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (!rc)
		goto fd_plain;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	urb__sqe_head(p.sqe, 47, opts->submit_flags, IOSQE_FIXED_FILE);
	_Static_assert(offsetof(struct urb_send_zc_opts, buf_len) == offsetof(struct urb_send_zc_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_send_zc_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  &sqe_fixed);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	if (sqe_fixed) {
		urb__sqe_ioprio(p.sqe, urb__sqe_get_ioprio(p.sqe) | IORING_RECVSEND_FIXED_BUF);
		urb__sqe_buf_index(p.sqe, (uint16_t)URB_BUF_SET(buf));
	}
	if (!__builtin_constant_p(opts->msg_flags) || opts->msg_flags) /* a known 0: the SQE's already */
		urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	return urb__push_commit_plain(&p, URB_OP_SEND_ZC, &tally, opts->key_out);

fd_plain: /* the steps after it again, for a plain fd */
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	urb__sqe_head(p.sqe, 47, opts->submit_flags, 0);
	_Static_assert(offsetof(struct urb_send_zc_opts, buf_len) == offsetof(struct urb_send_zc_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_send_zc_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  &sqe_fixed);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	if (sqe_fixed) {
		urb__sqe_ioprio(p.sqe, urb__sqe_get_ioprio(p.sqe) | IORING_RECVSEND_FIXED_BUF);
		urb__sqe_buf_index(p.sqe, (uint16_t)URB_BUF_SET(buf));
	}
	if (!__builtin_constant_p(opts->msg_flags) || opts->msg_flags) /* a known 0: the SQE's already */
		urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	return urb__push_commit_plain(&p, URB_OP_SEND_ZC, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_send_zc_full(b, fd, buf, opts, p.rec->user, p.rec);
}

int urb_push_send_zc(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_send_zc_opts *opts)
{
	if (!opts)
		return urb_push_send_zc_user(b, fd, buf, urb__null_as_user(opts));
	return urb_push_send_zc_fast(b, fd, buf, opts, NULL, true);
}

int urb_push_send_zc_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		void *user)
{
	static const struct urb_send_zc_opts defaults;

	return urb_push_send_zc_fast(b, fd, buf, &defaults, user, false);
}

/* A plain final CQE of send_zc (dispatch.c): its holds back, found by position, and its payload. */
static void done_send_zc(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, false, NULL);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- sendmsg (spec/ops/sendmsg.yaml) */

int urb_push_sendmsg(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		const struct urb_sendmsg_opts *opts)
{
	static const struct urb_sendmsg_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_SENDMSG, 9, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_msg(&p, msg, false, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	urb__sqe_len(p.sqe, 1);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_sendmsg_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		void *user)
{
	const struct urb_sendmsg_opts opts = { .user = user };

	return urb_push_sendmsg(b, fd, msg, &opts);
}

/* A plain final CQE of sendmsg (dispatch.c): its holds back, found by position, and its payload. */
static void done_sendmsg(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- sendmsg_zc (spec/ops/sendmsg_zc.yaml) */

int urb_push_sendmsg_zc(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		const struct urb_sendmsg_zc_opts *opts)
{
	static const struct urb_sendmsg_zc_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_SENDMSG_ZC, 48, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_msg(&p, msg, false, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_msg_flags(p.sqe, opts->msg_flags);
	urb__sqe_len(p.sqe, 1);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_sendmsg_zc_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		void *user)
{
	const struct urb_sendmsg_zc_opts opts = { .user = user };

	return urb_push_sendmsg_zc(b, fd, msg, &opts);
}

/* A plain final CQE of sendmsg_zc (dispatch.c): its holds back, found by position, and its payload. */
static void done_sendmsg_zc(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- setsockopt (spec/ops/setsockopt.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_setsockopt_full(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		const struct urb_setsockopt_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_SETSOCKOPT, 46, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_level(p.sqe, level);
	urb__sqe_optname(p.sqe, optname);
	rc = urb__push_buffer_inline(&p, buf, false,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	if (!sqe_len) {
		rc = urb__push_empty(&p, "buf");
		goto fail;
	}
	urb__sqe_optval(p.sqe, sqe_addr);
	urb__sqe_optlen(p.sqe, sqe_len);
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_SETSOCKOPT);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_setsockopt_fast(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		const struct urb_setsockopt_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_SETSOCKOPT, 46, opts->submit_flags, user, &p, false))
		return urb_push_setsockopt_full(b, fd, level, optname, buf, opts, user, NULL);
	urb__sqe_level(p.sqe, level); /* now: the full path reads it back */
	urb__sqe_optname(p.sqe, optname); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_ACCEPTOR) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (!rc)
		goto fd_plain;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	urb__sqe_head(p.sqe, 46, opts->submit_flags, IOSQE_FIXED_FILE);
	_Static_assert(offsetof(struct urb_setsockopt_opts, buf_len) == offsetof(struct urb_setsockopt_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_setsockopt_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	if (!sqe_len)
		goto retry;
	urb__sqe_optval(p.sqe, sqe_addr);
	urb__sqe_optlen(p.sqe, sqe_len);
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_SETSOCKOPT);
	return urb__push_commit_plain(&p, URB_OP_SETSOCKOPT, &tally, opts->key_out);

fd_plain: /* the steps after it again, for a plain fd */
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	urb__sqe_head(p.sqe, 46, opts->submit_flags, 0);
	_Static_assert(offsetof(struct urb_setsockopt_opts, buf_len) == offsetof(struct urb_setsockopt_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_setsockopt_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	if (!sqe_len)
		goto retry;
	urb__sqe_optval(p.sqe, sqe_addr);
	urb__sqe_optlen(p.sqe, sqe_len);
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_SETSOCKOPT);
	return urb__push_commit_plain(&p, URB_OP_SETSOCKOPT, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_setsockopt_full(b, fd, (int32_t)urb__sqe_get_level(p.sqe), (int32_t)urb__sqe_get_optname(p.sqe), buf, opts, p.rec->user, p.rec);
}

int urb_push_setsockopt(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		const struct urb_setsockopt_opts *opts)
{
	if (!opts)
		return urb_push_setsockopt_user(b, fd, level, optname, buf, urb__null_as_user(opts));
	return urb_push_setsockopt_fast(b, fd, level, optname, buf, opts, NULL, true);
}

int urb_push_setsockopt_user(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		void *user)
{
	static const struct urb_setsockopt_opts defaults;

	return urb_push_setsockopt_fast(b, fd, level, optname, buf, &defaults, user, false);
}

/* A plain final CQE of setsockopt (dispatch.c): its holds back, found by position, and its payload. */
static void done_setsockopt(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, false, NULL);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- setxattr (spec/ops/setxattr.yaml) */

int urb_push_setxattr(struct urb_bearer *b,
		const char *path,
		const char *name,
		urb_buf_t buf,
		const struct urb_setxattr_opts *opts)
{
	static const struct urb_setxattr_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_SETXATTR, 42, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_path(&p, path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr3(p.sqe, sqe_addr);
	rc = urb__push_path(&p, name, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	rc = urb__push_buffer_inline(&p, buf, false,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_xattr_flags(p.sqe, opts->flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_setxattr_user(struct urb_bearer *b,
		const char *path,
		const char *name,
		urb_buf_t buf,
		void *user)
{
	const struct urb_setxattr_opts opts = { .user = user };

	return urb_push_setxattr(b, path, name, buf, &opts);
}

/* A plain final CQE of setxattr (dispatch.c): its holds back, found by position, and its payload. */
static void done_setxattr(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	urb__buf_give_back_kept(b, rec, h++, c->result, false, NULL);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- shutdown (spec/ops/shutdown.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_shutdown_full(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t how,
		const struct urb_shutdown_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_SHUTDOWN, 34, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_len(p.sqe, how);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_shutdown_fast(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t how,
		const struct urb_shutdown_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_SHUTDOWN, 34, opts->submit_flags, user, &p, true))
		return urb_push_shutdown_full(b, fd, how, opts, user, NULL);
	urb__sqe_len(p.sqe, how); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	return urb__push_commit_plain(&p, URB_OP_SHUTDOWN, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_shutdown_full(b, fd, (int32_t)urb__sqe_get_len(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_shutdown(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t how,
		const struct urb_shutdown_opts *opts)
{
	if (!opts)
		return urb_push_shutdown_user(b, fd, how, urb__null_as_user(opts));
	return urb_push_shutdown_fast(b, fd, how, opts, NULL, true);
}

int urb_push_shutdown_user(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t how,
		void *user)
{
	static const struct urb_shutdown_opts defaults;

	return urb_push_shutdown_fast(b, fd, how, &defaults, user, false);
}

/* A plain final CQE of shutdown (dispatch.c): its holds back, found by position, and its payload. */
static void done_shutdown(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- sock_inq (spec/ops/sock_inq.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_sock_inq_full(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_sock_inq_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_SOCK_INQ, 46, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_SIOCINQ);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_sock_inq_fast(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_sock_inq_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_SOCK_INQ, 46, opts->submit_flags, user, &p, true))
		return urb_push_sock_inq_full(b, fd, opts, user, NULL);
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_SIOCINQ);
	return urb__push_commit_plain(&p, URB_OP_SOCK_INQ, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_sock_inq_full(b, fd, opts, p.rec->user, p.rec);
}

int urb_push_sock_inq(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_sock_inq_opts *opts)
{
	if (!opts)
		return urb_push_sock_inq_user(b, fd, urb__null_as_user(opts));
	return urb_push_sock_inq_fast(b, fd, opts, NULL, true);
}

int urb_push_sock_inq_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user)
{
	static const struct urb_sock_inq_opts defaults;

	return urb_push_sock_inq_fast(b, fd, &defaults, user, false);
}

/* A plain final CQE of sock_inq (dispatch.c): its holds back, found by position, and its payload. */
static void done_sock_inq(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- sock_outq (spec/ops/sock_outq.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_sock_outq_full(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_sock_outq_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_SOCK_OUTQ, 46, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_SIOCOUTQ);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_sock_outq_fast(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_sock_outq_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_SOCK_OUTQ, 46, opts->submit_flags, user, &p, true))
		return urb_push_sock_outq_full(b, fd, opts, user, NULL);
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_cmd_op(p.sqe, SOCKET_URING_OP_SIOCOUTQ);
	return urb__push_commit_plain(&p, URB_OP_SOCK_OUTQ, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_sock_outq_full(b, fd, opts, p.rec->user, p.rec);
}

int urb_push_sock_outq(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_sock_outq_opts *opts)
{
	if (!opts)
		return urb_push_sock_outq_user(b, fd, urb__null_as_user(opts));
	return urb_push_sock_outq_fast(b, fd, opts, NULL, true);
}

int urb_push_sock_outq_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user)
{
	static const struct urb_sock_outq_opts defaults;

	return urb_push_sock_outq_fast(b, fd, &defaults, user, false);
}

/* A plain final CQE of sock_outq (dispatch.c): its holds back, found by position, and its payload. */
static void done_sock_outq(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- socket (spec/ops/socket.yaml) */

int urb_push_socket(struct urb_bearer *b,
		int32_t domain,
		int32_t type,
		int32_t protocol,
		const struct urb_socket_opts *opts)
{
	static const struct urb_socket_opts defaults;
	struct urb__push p;
	uint32_t sqe_index;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_SOCKET, 45, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	urb__sqe_fd(p.sqe, domain);
	urb__sqe_off(p.sqe, type);
	urb__sqe_len(p.sqe, protocol);
	rc = urb__push_target(&p, opts->target, URB__ALLOW_PLAIN | URB__ALLOW_AUTO | URB__ALLOW_SLOT, URB_FD_SOCKET, &sqe_index);
	if (rc < 0)
		goto fail;
	urb__sqe_file_index(p.sqe, sqe_index);
	rc = urb__push_plain_only(&p, opts->target, (uint64_t)type & (SOCK_CLOEXEC),
				  "SOCK_CLOEXEC in type");
	if (rc < 0)
		goto fail;
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_socket_user(struct urb_bearer *b,
		int32_t domain,
		int32_t type,
		int32_t protocol,
		void *user)
{
	const struct urb_socket_opts opts = { .user = user };

	return urb_push_socket(b, domain, type, protocol, &opts);
}

static void fill_socket(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	urb__fill_new_fd(rec, c->result, &c->u.socket.sock);
	(void)b;
}

/* A plain final CQE of socket (dispatch.c): its holds back, found by position, and its payload. */
static void done_socket(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */

	urb__fill_new_fd(rec, c->result, &c->u.socket.sock);
	(void)b;
}

/* ---- splice (spec/ops/splice.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_splice_full(struct urb_bearer *b,
		urb_fd_t fd_in,
		uint64_t off_in,
		urb_fd_t fd_out,
		uint64_t off_out,
		uint32_t len,
		const struct urb_splice_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_SPLICE, 30, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd_in, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_splice_fd_in(p.sqe, URB_SLOT_INDEX(fd_in)); /* SPLICE_F_FD_IN_FIXED below */
	} else {
		urb__sqe_splice_fd_in(p.sqe, urb__fd_num(fd_in));
	}
	urb__sqe_splice_off_in(p.sqe, off_in);
	rc = urb__push_fd_inline(&p, fd_out, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd_out));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd_out));
	}
	urb__sqe_off(p.sqe, off_out);
	urb__sqe_len(p.sqe, len);
	urb__sqe_splice_flags(p.sqe, opts->flags);
	if (URB_IS_SLOT(fd_in)) /* after the flags args: they set splice_flags whole */
		urb__sqe_splice_flags(p.sqe, urb__sqe_get_splice_flags(p.sqe) | SPLICE_F_FD_IN_FIXED);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_splice_fast(struct urb_bearer *b,
		urb_fd_t fd_in,
		uint64_t off_in,
		urb_fd_t fd_out,
		uint64_t off_out,
		uint32_t len,
		const struct urb_splice_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_SPLICE, 30, opts->submit_flags, user, &p, true))
		return urb_push_splice_full(b, fd_in, off_in, fd_out, off_out, len, opts, user, NULL);
	urb__sqe_splice_off_in(p.sqe, off_in); /* now: the full path reads it back */
	urb__sqe_off(p.sqe, off_out); /* now: the full path reads it back */
	urb__sqe_len(p.sqe, len); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd_in, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_splice_fd_in(p.sqe, URB_SLOT_INDEX(fd_in)); /* SPLICE_F_FD_IN_FIXED below */
	} else {
		urb__sqe_splice_fd_in(p.sqe, urb__fd_num(fd_in));
	}
	rc = urb__push_fd_try(&p, &tally, fd_out, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd_out));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd_out));
	}
	if (!__builtin_constant_p(opts->flags) || opts->flags) /* a known 0: the SQE's already */
		urb__sqe_splice_flags(p.sqe, opts->flags);
	if (URB_IS_SLOT(fd_in)) /* after the flags args: they set splice_flags whole */
		urb__sqe_splice_flags(p.sqe, urb__sqe_get_splice_flags(p.sqe) | SPLICE_F_FD_IN_FIXED);
	return urb__push_commit_plain(&p, URB_OP_SPLICE, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_splice_full(b, fd_in, (uint64_t)urb__sqe_get_splice_off_in(p.sqe), fd_out, (uint64_t)urb__sqe_get_off(p.sqe), (uint32_t)urb__sqe_get_len(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_splice(struct urb_bearer *b,
		urb_fd_t fd_in,
		uint64_t off_in,
		urb_fd_t fd_out,
		uint64_t off_out,
		uint32_t len,
		const struct urb_splice_opts *opts)
{
	if (!opts)
		return urb_push_splice_user(b, fd_in, off_in, fd_out, off_out, len, urb__null_as_user(opts));
	return urb_push_splice_fast(b, fd_in, off_in, fd_out, off_out, len, opts, NULL, true);
}

int urb_push_splice_user(struct urb_bearer *b,
		urb_fd_t fd_in,
		uint64_t off_in,
		urb_fd_t fd_out,
		uint64_t off_out,
		uint32_t len,
		void *user)
{
	static const struct urb_splice_opts defaults;

	return urb_push_splice_fast(b, fd_in, off_in, fd_out, off_out, len, &defaults, user, false);
}

/* ---- statx (spec/ops/statx.yaml) */

int urb_push_statx(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct urb_statx_opts *opts)
{
	static const struct urb_statx_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_STATX, 21, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(dfd));
	rc = urb__push_path(&p, path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_statx_flags(p.sqe, opts->flags);
	urb__sqe_len(p.sqe, opts->mask);
	rc = urb__push_out(&p, sizeof(struct statx), &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, sqe_addr);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_statx_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		void *user)
{
	const struct urb_statx_opts opts = { .user = user };

	return urb_push_statx(b, dfd, path, &opts);
}

static void fill_statx(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	c->u.statx.st = c->result >= 0 ? urb__rec_store(b, rec, 1) : NULL;
}

/* A plain final CQE of statx (dispatch.c): its holds back, found by position, and its payload. */
static void done_statx(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */

	c->u.statx.st = c->result >= 0 ? urb__rec_store(b, rec, 1) : NULL;
}

/* ---- symlinkat (spec/ops/symlinkat.yaml) */

int urb_push_symlinkat(struct urb_bearer *b,
		const char *target,
		urb_fd_t new_dfd,
		const char *link_path,
		const struct urb_symlinkat_opts *opts)
{
	static const struct urb_symlinkat_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_SYMLINKAT, 38, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_path(&p, target, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	rc = urb__push_fd_inline(&p, new_dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(new_dfd));
	rc = urb__push_path(&p, link_path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, sqe_addr);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_symlinkat_user(struct urb_bearer *b,
		const char *target,
		urb_fd_t new_dfd,
		const char *link_path,
		void *user)
{
	const struct urb_symlinkat_opts opts = { .user = user };

	return urb_push_symlinkat(b, target, new_dfd, link_path, &opts);
}

/* ---- sync_file_range (spec/ops/sync_file_range.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_sync_file_range_full(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t flags,
		const struct urb_sync_file_range_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_SYNC_FILE_RANGE, 8, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	urb__sqe_off(p.sqe, offset);
	urb__sqe_len(p.sqe, len);
	urb__sqe_sync_range_flags(p.sqe, flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_sync_file_range_fast(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t flags,
		const struct urb_sync_file_range_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(1 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_SYNC_FILE_RANGE, 8, opts->submit_flags, user, &p, true))
		return urb_push_sync_file_range_full(b, fd, offset, len, flags, opts, user, NULL);
	urb__sqe_off(p.sqe, offset); /* now: the full path reads it back */
	urb__sqe_len(p.sqe, len); /* now: the full path reads it back */
	urb__sqe_sync_range_flags(p.sqe, flags); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	return urb__push_commit_plain(&p, URB_OP_SYNC_FILE_RANGE, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_sync_file_range_full(b, fd, (uint64_t)urb__sqe_get_off(p.sqe), (uint32_t)urb__sqe_get_len(p.sqe), (uint32_t)urb__sqe_get_sync_range_flags(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_sync_file_range(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t flags,
		const struct urb_sync_file_range_opts *opts)
{
	if (!opts)
		return urb_push_sync_file_range_user(b, fd, offset, len, flags, urb__null_as_user(opts));
	return urb_push_sync_file_range_fast(b, fd, offset, len, flags, opts, NULL, true);
}

int urb_push_sync_file_range_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t flags,
		void *user)
{
	static const struct urb_sync_file_range_opts defaults;

	return urb_push_sync_file_range_fast(b, fd, offset, len, flags, &defaults, user, false);
}

/* A plain final CQE of sync_file_range (dispatch.c): its holds back, found by position, and its payload. */
static void done_sync_file_range(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- tee (spec/ops/tee.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_tee_full(struct urb_bearer *b,
		urb_fd_t fd_in,
		urb_fd_t fd_out,
		uint32_t len,
		const struct urb_tee_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_TEE, 33, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd_in, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_splice_fd_in(p.sqe, URB_SLOT_INDEX(fd_in)); /* SPLICE_F_FD_IN_FIXED below */
	} else {
		urb__sqe_splice_fd_in(p.sqe, urb__fd_num(fd_in));
	}
	rc = urb__push_fd_inline(&p, fd_out, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd_out));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd_out));
	}
	urb__sqe_len(p.sqe, len);
	urb__sqe_splice_flags(p.sqe, opts->flags);
	if (URB_IS_SLOT(fd_in)) /* after the flags args: they set splice_flags whole */
		urb__sqe_splice_flags(p.sqe, urb__sqe_get_splice_flags(p.sqe) | SPLICE_F_FD_IN_FIXED);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_tee_fast(struct urb_bearer *b,
		urb_fd_t fd_in,
		urb_fd_t fd_out,
		uint32_t len,
		const struct urb_tee_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_TEE, 33, opts->submit_flags, user, &p, true))
		return urb_push_tee_full(b, fd_in, fd_out, len, opts, user, NULL);
	urb__sqe_len(p.sqe, len); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd_in, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_splice_fd_in(p.sqe, URB_SLOT_INDEX(fd_in)); /* SPLICE_F_FD_IN_FIXED below */
	} else {
		urb__sqe_splice_fd_in(p.sqe, urb__fd_num(fd_in));
	}
	rc = urb__push_fd_try(&p, &tally, fd_out, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE), false, true);
	if (rc < 0)
		goto retry;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd_out));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd_out));
	}
	if (!__builtin_constant_p(opts->flags) || opts->flags) /* a known 0: the SQE's already */
		urb__sqe_splice_flags(p.sqe, opts->flags);
	if (URB_IS_SLOT(fd_in)) /* after the flags args: they set splice_flags whole */
		urb__sqe_splice_flags(p.sqe, urb__sqe_get_splice_flags(p.sqe) | SPLICE_F_FD_IN_FIXED);
	return urb__push_commit_plain(&p, URB_OP_TEE, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_tee_full(b, fd_in, fd_out, (uint32_t)urb__sqe_get_len(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_tee(struct urb_bearer *b,
		urb_fd_t fd_in,
		urb_fd_t fd_out,
		uint32_t len,
		const struct urb_tee_opts *opts)
{
	if (!opts)
		return urb_push_tee_user(b, fd_in, fd_out, len, urb__null_as_user(opts));
	return urb_push_tee_fast(b, fd_in, fd_out, len, opts, NULL, true);
}

int urb_push_tee_user(struct urb_bearer *b,
		urb_fd_t fd_in,
		urb_fd_t fd_out,
		uint32_t len,
		void *user)
{
	static const struct urb_tee_opts defaults;

	return urb_push_tee_fast(b, fd_in, fd_out, len, &defaults, user, false);
}

/* ---- timeout (spec/ops/timeout.yaml) */

int urb_push_timeout(struct urb_bearer *b,
		const struct __kernel_timespec *ts,
		const struct urb_timeout_opts *opts)
{
	static const struct urb_timeout_opts defaults;
	struct urb__push p;
	struct urb_timeout_rec *r;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_TIMEOUT, 11, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.timeout;
	rc = urb__push_copy(&p, ts, sizeof(r->ts), &r->ts,
			    false,
			    "the __kernel_timespec is NULL, and this push needs one");
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, (uintptr_t)&r->ts);
	urb__sqe_off(p.sqe, opts->count);
	urb__sqe_timeout_flags(p.sqe, opts->flags);
	urb__sqe_len(p.sqe, 1);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_timeout_user(struct urb_bearer *b,
		const struct __kernel_timespec *ts,
		void *user)
{
	const struct urb_timeout_opts opts = { .user = user };

	return urb_push_timeout(b, ts, &opts);
}

/* ---- timeout_remove (spec/ops/timeout_remove.yaml) */

int urb_push_timeout_remove(struct urb_bearer *b,
		uint64_t target,
		const struct urb_timeout_remove_opts *opts)
{
	static const struct urb_timeout_remove_opts defaults;
	struct urb__push p;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_TIMEOUT_REMOVE, 12, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_key(&p, target, (const int[]){ URB_OP_TIMEOUT, -1 });
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, target);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_timeout_remove_user(struct urb_bearer *b,
		uint64_t target,
		void *user)
{
	const struct urb_timeout_remove_opts opts = { .user = user };

	return urb_push_timeout_remove(b, target, &opts);
}

/* ---- timeout_update (spec/ops/timeout_update.yaml) */

int urb_push_timeout_update(struct urb_bearer *b,
		uint64_t target,
		const struct __kernel_timespec *ts,
		const struct urb_timeout_update_opts *opts)
{
	static const struct urb_timeout_update_opts defaults;
	struct urb__push p;
	struct urb_timeout_update_rec *r;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_TIMEOUT_UPDATE, 12, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	r = &p.rec->u.timeout_update;
	rc = urb__push_key(&p, target, (const int[]){ URB_OP_TIMEOUT, -1 });
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, target);
	rc = urb__push_copy(&p, ts, sizeof(r->ts), &r->ts,
			    false,
			    "the __kernel_timespec is NULL, and this push needs one");
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, (uintptr_t)&r->ts);
	urb__sqe_timeout_flags(p.sqe, IORING_TIMEOUT_UPDATE);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_timeout_update_user(struct urb_bearer *b,
		uint64_t target,
		const struct __kernel_timespec *ts,
		void *user)
{
	const struct urb_timeout_update_opts opts = { .user = user };

	return urb_push_timeout_update(b, target, ts, &opts);
}

/* ---- unlinkat (spec/ops/unlinkat.yaml) */

int urb_push_unlinkat(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct urb_unlinkat_opts *opts)
{
	static const struct urb_unlinkat_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_UNLINKAT, 36, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, dfd, URB__ALLOW_PLAIN | URB__ALLOW_CWD, 0, false);
	if (rc < 0)
		goto fail;
	urb__sqe_fd(p.sqe, urb__fd_num(dfd));
	rc = urb__push_path(&p, path, &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_unlink_flags(p.sqe, opts->flags);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_unlinkat_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		void *user)
{
	const struct urb_unlinkat_opts opts = { .user = user };

	return urb_push_unlinkat(b, dfd, path, &opts);
}

/* ---- waitid (spec/ops/waitid.yaml) */

int urb_push_waitid(struct urb_bearer *b,
		int32_t idtype,
		uint32_t id,
		uint32_t options,
		const struct urb_waitid_opts *opts)
{
	static const struct urb_waitid_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_WAITID, 50, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	urb__sqe_len(p.sqe, idtype);
	urb__sqe_fd(p.sqe, id);
	urb__sqe_file_index(p.sqe, options);
	rc = urb__push_out(&p, sizeof(siginfo_t), &sqe_addr);
	if (rc < 0)
		goto fail;
	urb__sqe_addr2(p.sqe, sqe_addr);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_waitid_user(struct urb_bearer *b,
		int32_t idtype,
		uint32_t id,
		uint32_t options,
		void *user)
{
	const struct urb_waitid_opts opts = { .user = user };

	return urb_push_waitid(b, idtype, id, options, &opts);
}

static void fill_waitid(const struct urb_bearer *b, const struct urb__rec *rec,
		struct urb_completion *c)
{
	c->u.waitid.info = c->result >= 0 ? urb__rec_store(b, rec, 0) : NULL;
}

/* A plain final CQE of waitid (dispatch.c): its holds back, found by position, and its payload. */
static void done_waitid(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */

	c->u.waitid.info = c->result >= 0 ? urb__rec_store(b, rec, 0) : NULL;
}

/* ---- write (spec/ops/write.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_write_full(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_write_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_WRITE, 23, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_buffer_inline(&p, buf, false,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_off(p.sqe, offset);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_write_fast(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_write_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_WRITE, 23, opts->submit_flags, user, &p, false))
		return urb_push_write_full(b, fd, buf, offset, opts, user, NULL);
	urb__sqe_off(p.sqe, offset); /* now: the full path reads it back */
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (!rc)
		goto fd_plain;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	urb__sqe_head(p.sqe, 23, opts->submit_flags, IOSQE_FIXED_FILE);
	_Static_assert(offsetof(struct urb_write_opts, buf_len) == offsetof(struct urb_write_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_write_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_plain(&p, URB_OP_WRITE, &tally, opts->key_out);

fd_plain: /* the steps after it again, for a plain fd */
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	urb__sqe_head(p.sqe, 23, opts->submit_flags, 0);
	_Static_assert(offsetof(struct urb_write_opts, buf_len) == offsetof(struct urb_write_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_write_opts, buf_offset)),
				  true, false, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_plain(&p, URB_OP_WRITE, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_write_full(b, fd, buf, (uint64_t)urb__sqe_get_off(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_write(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_write_opts *opts)
{
	if (!opts)
		return urb_push_write_user(b, fd, buf, offset, urb__null_as_user(opts));
	return urb_push_write_fast(b, fd, buf, offset, opts, NULL, true);
}

int urb_push_write_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		void *user)
{
	static const struct urb_write_opts defaults;

	return urb_push_write_fast(b, fd, buf, offset, &defaults, user, false);
}

/* A plain final CQE of write (dispatch.c): its holds back, found by position, and its payload. */
static void done_write(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, false, NULL);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- write_fixed (spec/ops/write_fixed.yaml) */

/* The whole push, every refusal with its words; @undo: a fast path's start to take back first. */
static __attribute__((noinline)) int urb_push_write_fixed_full(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_write_fixed_opts *opts, void *user, struct urb__rec *undo)
{
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (undo)
		urb__push_undo(b, undo);
	rc = urb__push_begin_inline(b, URB_OP_WRITE_FIXED, 5, opts->submit_flags, user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_buffer_inline(&p, buf, false,
			      opts->buf_offset, opts->buf_len, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	rc = urb__push_fixed_buffer_inline(&p, buf);
	if (rc < 0)
		goto fail;
	urb__sqe_buf_index(p.sqe, (uint16_t)URB_BUF_SET(buf));
	urb__sqe_off(p.sqe, offset);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

/*
 * The fast path: each plain-case step inline, anything else to the full
 * path.  Inlined twice below: in the _user form, with the defaults (the
 * compiler folds them in: no loads and no tests of what they fix), and
 * for the caller's opts (@user_in_opts: the user pointer is theirs).
 */
static inline __attribute__((always_inline)) int urb_push_write_fixed_fast(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_write_fixed_opts *opts, void *user_arg, bool user_in_opts)
{
	void *user = user_in_opts ? opts->user : user_arg;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	struct urb__tally tally = URB__TALLY_NONE; /* the holds the steps add: the record's at commit */
	int rc;

	_Static_assert(2 <= URB__REC_MAX_HOLDS, "the fast path's holds fit a record");
	if (!urb__push_begin_try(b, URB_OP_WRITE_FIXED, 5, opts->submit_flags, user, &p, false))
		return urb_push_write_fixed_full(b, fd, buf, offset, opts, user, NULL);
	urb__sqe_off(p.sqe, offset); /* now: the full path reads it back */
	urb__sqe_buf_index(p.sqe, (uint16_t)URB_BUF_SET(buf));
	rc = urb__push_fd_try(&p, &tally, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false, true);
	if (rc < 0)
		goto retry;
	if (!rc)
		goto fd_plain;
	urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
	urb__sqe_head(p.sqe, 5, opts->submit_flags, IOSQE_FIXED_FILE);
	_Static_assert(offsetof(struct urb_write_fixed_opts, buf_len) == offsetof(struct urb_write_fixed_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_write_fixed_opts, buf_offset)),
				  true, true, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_plain(&p, URB_OP_WRITE_FIXED, &tally, opts->key_out);

fd_plain: /* the steps after it again, for a plain fd */
	urb__sqe_fd(p.sqe, urb__fd_num(fd));
	urb__sqe_head(p.sqe, 5, opts->submit_flags, 0);
	_Static_assert(offsetof(struct urb_write_fixed_opts, buf_len) == offsetof(struct urb_write_fixed_opts, buf_offset) + 4,
		       "buf_offset and buf_len: one word to urb__slice_whole()");
	rc = urb__push_buffer_try(&p, &tally, buf, false,
				  urb__slice_whole((const char *)opts + offsetof(struct urb_write_fixed_opts, buf_offset)),
				  true, true, &sqe_addr, &sqe_len,
				  NULL);
	if (rc < 0)
		goto retry;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	return urb__push_commit_plain(&p, URB_OP_WRITE_FIXED, &tally, opts->key_out);
retry:
	urb__tally_put(p.rec, tally); /* what urb__push_undo() takes back */
	/* @user is in the record: not kept live for this */
	return urb_push_write_fixed_full(b, fd, buf, (uint64_t)urb__sqe_get_off(p.sqe), opts, p.rec->user, p.rec);
}

int urb_push_write_fixed(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_write_fixed_opts *opts)
{
	if (!opts)
		return urb_push_write_fixed_user(b, fd, buf, offset, urb__null_as_user(opts));
	return urb_push_write_fixed_fast(b, fd, buf, offset, opts, NULL, true);
}

int urb_push_write_fixed_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		void *user)
{
	static const struct urb_write_fixed_opts defaults;

	return urb_push_write_fixed_fast(b, fd, buf, offset, &defaults, user, false);
}

/* A plain final CQE of write_fixed (dispatch.c): its holds back, found by position, and its payload. */
static void done_write_fixed(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	urb__buf_give_back_kept(b, rec, h++, c->result, false, NULL);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- write_set (spec/ops/write_set.yaml) */

int urb_push_write_set(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t set,
		uint64_t offset,
		const struct urb_write_set_opts *opts)
{
	static const struct urb_write_set_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_WRITE_SET, 23, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__setread_push(&p, set, &sqe_addr, &sqe_len);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_off(p.sqe, offset);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_write_set_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t set,
		uint64_t offset,
		void *user)
{
	const struct urb_write_set_opts opts = { .user = user };

	return urb_push_write_set(b, fd, set, offset, &opts);
}

/* A plain final CQE of write_set (dispatch.c): its holds back, found by position, and its payload. */
static void done_write_set(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- writev (spec/ops/writev.yaml) */

int urb_push_writev(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		const struct urb_writev_opts *opts)
{
	static const struct urb_writev_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	uint32_t sqe_set;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_WRITEV, 2, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_bufvec(&p, bufs, bufs_count, false,
			      false, &sqe_addr, &sqe_len, &sqe_set);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	(void)sqe_set;
	urb__sqe_off(p.sqe, offset);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_writev_user(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		void *user)
{
	const struct urb_writev_opts opts = { .user = user };

	return urb_push_writev(b, fd, bufs, bufs_count, offset, &opts);
}

/* A plain final CQE of writev (dispatch.c): its holds back, found by position, and its payload. */
static void done_writev(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

/* ---- writev_fixed (spec/ops/writev_fixed.yaml) */

int urb_push_writev_fixed(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		const struct urb_writev_fixed_opts *opts)
{
	static const struct urb_writev_fixed_opts defaults;
	struct urb__push p;
	uint64_t sqe_addr;
	uint32_t sqe_len;
	uint32_t sqe_set;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = urb__push_begin_inline(b, URB_OP_WRITEV_FIXED, 61, opts->submit_flags, opts->user, &p);
	if (rc < 0)
		return rc;
	rc = urb__push_fd_inline(&p, fd, URB__ALLOW_PLAIN | URB__ALLOW_SLOT, URB__FDK(URB_FD_FILE) | URB__FDK(URB_FD_STREAM) | URB__FDK(URB_FD_SOCKET), false);
	if (rc < 0)
		goto fail;
	if (rc) { /* a slot */
		urb__sqe_fd(p.sqe, URB_SLOT_INDEX(fd));
		p.sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		urb__sqe_fd(p.sqe, urb__fd_num(fd));
	}
	rc = urb__push_bufvec(&p, bufs, bufs_count, false,
			      true, &sqe_addr, &sqe_len, &sqe_set);
	if (rc < 0)
		goto fail;
	urb__sqe_addr(p.sqe, sqe_addr);
	urb__sqe_len(p.sqe, sqe_len);
	urb__sqe_buf_index(p.sqe, (uint16_t)sqe_set);
	urb__sqe_off(p.sqe, offset);
	return urb__push_commit_inline(&p, opts->key_out);
fail:
	return urb__push_abort(&p, rc);
}

int urb_push_writev_fixed_user(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		void *user)
{
	const struct urb_writev_fixed_opts opts = { .user = user };

	return urb_push_writev_fixed(b, fd, bufs, bufs_count, offset, &opts);
}

/* A plain final CQE of writev_fixed (dispatch.c): its holds back, found by position, and its payload. */
static void done_writev_fixed(struct urb_bearer *b, struct urb__rec *rec)
{
	struct urb_completion *c = &b->plain_view; /* what the callback is shown next */
	const struct urb__hold *h = rec->holds;

	if (rec->kinds & (1u << URB__KIND_FD)) /* a slot, not a plain fd */
		urb__fd_give_back_used(b, h++);
	(void)h;
	(void)b;
	(void)c;
}

const struct urb__opdef urb__ops[] = {
	[URB_OP_ACCEPT] = {
		.name = "accept",
		.opcode = 13, /* IORING_OP_ACCEPT */
		.since_major = 5,
		.since_minor = 5,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_FD,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_accept,
	},
	[URB_OP_ACCEPT_MULTI] = {
		.name = "accept_multi",
		.opcode = 13, /* IORING_OP_ACCEPT */
		.since_major = 5,
		.since_minor = 19,
		.lifetime = URB__LIFE_MULTISHOT,
		.result = URB__RES_FD,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_accept_multi,
	},
	[URB_OP_BIND] = {
		.name = "bind",
		.opcode = 56, /* IORING_OP_BIND */
		.since_major = 6,
		.since_minor = 11,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_CANCEL] = {
		.name = "cancel",
		.opcode = 14, /* IORING_OP_ASYNC_CANCEL */
		.since_major = 5,
		.since_minor = 5,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = true,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_CLOSE] = {
		.name = "close",
		.opcode = 19, /* IORING_OP_CLOSE */
		.since_major = 5,
		.since_minor = 15,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_CONNECT] = {
		.name = "connect",
		.opcode = 16, /* IORING_OP_CONNECT */
		.since_major = 5,
		.since_minor = 5,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_EPOLL_CTL] = {
		.name = "epoll_ctl",
		.opcode = 29, /* IORING_OP_EPOLL_CTL */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_EPOLL_WAIT] = {
		.name = "epoll_wait",
		.opcode = 59, /* IORING_OP_EPOLL_WAIT */
		.since_major = 6,
		.since_minor = 15,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_COUNT,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_epoll_wait,
	},
	[URB_OP_FADVISE] = {
		.name = "fadvise",
		.opcode = 24, /* IORING_OP_FADVISE */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_FALLOCATE] = {
		.name = "fallocate",
		.opcode = 17, /* IORING_OP_FALLOCATE */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_FGETXATTR] = {
		.name = "fgetxattr",
		.opcode = 43, /* IORING_OP_FGETXATTR */
		.since_major = 5,
		.since_minor = 19,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_fgetxattr,
	},
	[URB_OP_FILES_UPDATE] = {
		.name = "files_update",
		.opcode = 20, /* IORING_OP_FILES_UPDATE */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_COUNT,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_files_update,
	},
	[URB_OP_FIXED_FD_INSTALL] = {
		.name = "fixed_fd_install",
		.opcode = 54, /* IORING_OP_FIXED_FD_INSTALL */
		.since_major = 6,
		.since_minor = 8,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_FD,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_FSETXATTR] = {
		.name = "fsetxattr",
		.opcode = 41, /* IORING_OP_FSETXATTR */
		.since_major = 5,
		.since_minor = 19,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_FSYNC] = {
		.name = "fsync",
		.opcode = 3, /* IORING_OP_FSYNC */
		.since_major = 5,
		.since_minor = 1,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_FTRUNCATE] = {
		.name = "ftruncate",
		.opcode = 55, /* IORING_OP_FTRUNCATE */
		.since_major = 6,
		.since_minor = 9,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_FUTEX_WAIT] = {
		.name = "futex_wait",
		.opcode = 51, /* IORING_OP_FUTEX_WAIT */
		.since_major = 6,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_FUTEX_WAITV] = {
		.name = "futex_waitv",
		.opcode = 53, /* IORING_OP_FUTEX_WAITV */
		.since_major = 6,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_INDEX,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_FUTEX_WAKE] = {
		.name = "futex_wake",
		.opcode = 52, /* IORING_OP_FUTEX_WAKE */
		.since_major = 6,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_COUNT,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_GETSOCKOPT] = {
		.name = "getsockopt",
		.opcode = 46, /* IORING_OP_URING_CMD */
		.since_major = 6,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_getsockopt,
	},
	[URB_OP_GETXATTR] = {
		.name = "getxattr",
		.opcode = 44, /* IORING_OP_GETXATTR */
		.since_major = 5,
		.since_minor = 19,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_getxattr,
	},
	[URB_OP_LINK_TIMEOUT] = {
		.name = "link_timeout",
		.opcode = 15, /* IORING_OP_LINK_TIMEOUT */
		.since_major = 5,
		.since_minor = 5,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_LINKAT] = {
		.name = "linkat",
		.opcode = 39, /* IORING_OP_LINKAT */
		.since_major = 5,
		.since_minor = 15,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_LISTEN] = {
		.name = "listen",
		.opcode = 57, /* IORING_OP_LISTEN */
		.since_major = 6,
		.since_minor = 11,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_MADVISE] = {
		.name = "madvise",
		.opcode = 25, /* IORING_OP_MADVISE */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_MKDIRAT] = {
		.name = "mkdirat",
		.opcode = 37, /* IORING_OP_MKDIRAT */
		.since_major = 5,
		.since_minor = 15,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_MSG_RING] = {
		.name = "msg_ring",
		.opcode = 40, /* IORING_OP_MSG_RING */
		.since_major = 6,
		.since_minor = 3,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_MSG_RING_FD] = {
		.name = "msg_ring_fd",
		.opcode = 40, /* IORING_OP_MSG_RING */
		.since_major = 6,
		.since_minor = 3,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_INDEX,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_NOP] = {
		.name = "nop",
		.opcode = 0, /* IORING_OP_NOP */
		.since_major = 5,
		.since_minor = 1,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = true,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_OPENAT] = {
		.name = "openat",
		.opcode = 18, /* IORING_OP_OPENAT */
		.since_major = 5,
		.since_minor = 15,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_FD,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_openat,
	},
	[URB_OP_OPENAT2] = {
		.name = "openat2",
		.opcode = 28, /* IORING_OP_OPENAT2 */
		.since_major = 5,
		.since_minor = 15,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_FD,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_openat2,
	},
	[URB_OP_PIPE] = {
		.name = "pipe",
		.opcode = 62, /* IORING_OP_PIPE */
		.since_major = 6,
		.since_minor = 16,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.out_fds = 2,
		.out_fds_run = 0,
		.fill = fill_pipe,
	},
	[URB_OP_POLL_ADD] = {
		.name = "poll_add",
		.opcode = 6, /* IORING_OP_POLL_ADD */
		.since_major = 5,
		.since_minor = 1,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_MASK,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_POLL_MULTI] = {
		.name = "poll_multi",
		.opcode = 6, /* IORING_OP_POLL_ADD */
		.since_major = 5,
		.since_minor = 13,
		.lifetime = URB__LIFE_MULTISHOT,
		.result = URB__RES_MASK,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_POLL_REMOVE] = {
		.name = "poll_remove",
		.opcode = 7, /* IORING_OP_POLL_REMOVE */
		.since_major = 5,
		.since_minor = 1,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = true,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_PROVIDE_BUFFERS] = {
		.name = "provide_buffers",
		.opcode = 31, /* IORING_OP_PROVIDE_BUFFERS */
		.since_major = 5,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_READ] = {
		.name = "read",
		.opcode = 22, /* IORING_OP_READ */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_read,
	},
	[URB_OP_READ_FIXED] = {
		.name = "read_fixed",
		.opcode = 4, /* IORING_OP_READ_FIXED */
		.since_major = 5,
		.since_minor = 1,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_read_fixed,
	},
	[URB_OP_READ_MULTISHOT] = {
		.name = "read_multishot",
		.opcode = 49, /* IORING_OP_READ_MULTISHOT */
		.since_major = 6,
		.since_minor = 7,
		.lifetime = URB__LIFE_MULTISHOT,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_read_multishot,
	},
	[URB_OP_READV] = {
		.name = "readv",
		.opcode = 1, /* IORING_OP_READV */
		.since_major = 5,
		.since_minor = 1,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_READV_FIXED] = {
		.name = "readv_fixed",
		.opcode = 60, /* IORING_OP_READV_FIXED */
		.since_major = 6,
		.since_minor = 15,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_RECV] = {
		.name = "recv",
		.opcode = 27, /* IORING_OP_RECV */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_recv,
	},
	[URB_OP_RECV_BUNDLE] = {
		.name = "recv_bundle",
		.opcode = 27, /* IORING_OP_RECV */
		.since_major = 6,
		.since_minor = 10,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_recv_bundle,
	},
	[URB_OP_RECV_MULTI] = {
		.name = "recv_multi",
		.opcode = 27, /* IORING_OP_RECV */
		.since_major = 6,
		.since_minor = 0,
		.lifetime = URB__LIFE_MULTISHOT,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_recv_multi,
	},
	[URB_OP_RECVMSG] = {
		.name = "recvmsg",
		.opcode = 10, /* IORING_OP_RECVMSG */
		.since_major = 5,
		.since_minor = 3,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_recvmsg,
	},
	[URB_OP_RECVMSG_MULTI] = {
		.name = "recvmsg_multi",
		.opcode = 10, /* IORING_OP_RECVMSG */
		.since_major = 6,
		.since_minor = 0,
		.lifetime = URB__LIFE_MULTISHOT,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_recvmsg_multi,
	},
	[URB_OP_REMOVE_BUFFERS] = {
		.name = "remove_buffers",
		.opcode = 32, /* IORING_OP_REMOVE_BUFFERS */
		.since_major = 5,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_COUNT,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_RENAMEAT] = {
		.name = "renameat",
		.opcode = 35, /* IORING_OP_RENAMEAT */
		.since_major = 5,
		.since_minor = 11,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SEND] = {
		.name = "send",
		.opcode = 26, /* IORING_OP_SEND */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SEND_BUNDLE] = {
		.name = "send_bundle",
		.opcode = 26, /* IORING_OP_SEND */
		.since_major = 6,
		.since_minor = 10,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_send_bundle,
	},
	[URB_OP_SEND_ZC] = {
		.name = "send_zc",
		.opcode = 47, /* IORING_OP_SEND_ZC */
		.since_major = 6,
		.since_minor = 0,
		.lifetime = URB__LIFE_NOTIF,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SENDMSG] = {
		.name = "sendmsg",
		.opcode = 9, /* IORING_OP_SENDMSG */
		.since_major = 5,
		.since_minor = 3,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SENDMSG_ZC] = {
		.name = "sendmsg_zc",
		.opcode = 48, /* IORING_OP_SENDMSG_ZC */
		.since_major = 6,
		.since_minor = 1,
		.lifetime = URB__LIFE_NOTIF,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SETSOCKOPT] = {
		.name = "setsockopt",
		.opcode = 46, /* IORING_OP_URING_CMD */
		.since_major = 6,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SETXATTR] = {
		.name = "setxattr",
		.opcode = 42, /* IORING_OP_SETXATTR */
		.since_major = 5,
		.since_minor = 19,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SHUTDOWN] = {
		.name = "shutdown",
		.opcode = 34, /* IORING_OP_SHUTDOWN */
		.since_major = 5,
		.since_minor = 11,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SOCK_INQ] = {
		.name = "sock_inq",
		.opcode = 46, /* IORING_OP_URING_CMD */
		.since_major = 6,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_COUNT,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SOCK_OUTQ] = {
		.name = "sock_outq",
		.opcode = 46, /* IORING_OP_URING_CMD */
		.since_major = 6,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_COUNT,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SOCKET] = {
		.name = "socket",
		.opcode = 45, /* IORING_OP_SOCKET */
		.since_major = 5,
		.since_minor = 19,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_FD,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_socket,
	},
	[URB_OP_SPLICE] = {
		.name = "splice",
		.opcode = 30, /* IORING_OP_SPLICE */
		.since_major = 5,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_STATX] = {
		.name = "statx",
		.opcode = 21, /* IORING_OP_STATX */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_statx,
	},
	[URB_OP_SYMLINKAT] = {
		.name = "symlinkat",
		.opcode = 38, /* IORING_OP_SYMLINKAT */
		.since_major = 5,
		.since_minor = 15,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_SYNC_FILE_RANGE] = {
		.name = "sync_file_range",
		.opcode = 8, /* IORING_OP_SYNC_FILE_RANGE */
		.since_major = 5,
		.since_minor = 2,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_TEE] = {
		.name = "tee",
		.opcode = 33, /* IORING_OP_TEE */
		.since_major = 5,
		.since_minor = 8,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_TIMEOUT] = {
		.name = "timeout",
		.opcode = 11, /* IORING_OP_TIMEOUT */
		.since_major = 5,
		.since_minor = 4,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_TIMEOUT_REMOVE] = {
		.name = "timeout_remove",
		.opcode = 12, /* IORING_OP_TIMEOUT_REMOVE */
		.since_major = 5,
		.since_minor = 5,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = true,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_TIMEOUT_UPDATE] = {
		.name = "timeout_update",
		.opcode = 12, /* IORING_OP_TIMEOUT_REMOVE */
		.since_major = 5,
		.since_minor = 11,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_UNLINKAT] = {
		.name = "unlinkat",
		.opcode = 36, /* IORING_OP_UNLINKAT */
		.since_major = 5,
		.since_minor = 11,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_WAITID] = {
		.name = "waitid",
		.opcode = 50, /* IORING_OP_WAITID */
		.since_major = 6,
		.since_minor = 7,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_NONE,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = fill_waitid,
	},
	[URB_OP_WRITE] = {
		.name = "write",
		.opcode = 23, /* IORING_OP_WRITE */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_WRITE_FIXED] = {
		.name = "write_fixed",
		.opcode = 5, /* IORING_OP_WRITE_FIXED */
		.since_major = 5,
		.since_minor = 1,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_WRITE_SET] = {
		.name = "write_set",
		.opcode = 23, /* IORING_OP_WRITE */
		.since_major = 5,
		.since_minor = 6,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_WRITEV] = {
		.name = "writev",
		.opcode = 2, /* IORING_OP_WRITEV */
		.since_major = 5,
		.since_minor = 1,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
	[URB_OP_WRITEV_FIXED] = {
		.name = "writev_fixed",
		.opcode = 61, /* IORING_OP_WRITEV_FIXED */
		.since_major = 6,
		.since_minor = 15,
		.lifetime = URB__LIFE_SINGLE,
		.result = URB__RES_BYTES,
		.skip_success_ok = false,
		.retain_ok = true,
		.fill = NULL,
	},
};

/*
 * Each op's hook for a plain final CQE (dispatch.c), never NULL:
 * urb__done_none when there is nothing to give back and no payload,
 * urb__done_generic when the op may hold more than one fd slot or buffer.
 */
urb__done_fn *const urb__op_done[URB_OP__COUNT] = {
	[URB_OP_ACCEPT] = done_accept,
	[URB_OP_ACCEPT_MULTI] = done_accept_multi,
	[URB_OP_BIND] = done_bind,
	[URB_OP_CANCEL] = urb__done_none,
	[URB_OP_CLOSE] = done_close,
	[URB_OP_CONNECT] = done_connect,
	[URB_OP_EPOLL_CTL] = urb__done_none,
	[URB_OP_EPOLL_WAIT] = done_epoll_wait,
	[URB_OP_FADVISE] = done_fadvise,
	[URB_OP_FALLOCATE] = done_fallocate,
	[URB_OP_FGETXATTR] = done_fgetxattr,
	[URB_OP_FILES_UPDATE] = done_files_update,
	[URB_OP_FIXED_FD_INSTALL] = done_fixed_fd_install,
	[URB_OP_FSETXATTR] = done_fsetxattr,
	[URB_OP_FSYNC] = done_fsync,
	[URB_OP_FTRUNCATE] = done_ftruncate,
	[URB_OP_FUTEX_WAIT] = urb__done_none,
	[URB_OP_FUTEX_WAITV] = urb__done_none,
	[URB_OP_FUTEX_WAKE] = urb__done_none,
	[URB_OP_GETSOCKOPT] = done_getsockopt,
	[URB_OP_GETXATTR] = done_getxattr,
	[URB_OP_LINK_TIMEOUT] = urb__done_none,
	[URB_OP_LINKAT] = urb__done_none,
	[URB_OP_LISTEN] = done_listen,
	[URB_OP_MADVISE] = done_madvise,
	[URB_OP_MKDIRAT] = urb__done_none,
	[URB_OP_MSG_RING] = urb__done_none,
	[URB_OP_MSG_RING_FD] = done_msg_ring_fd,
	[URB_OP_NOP] = urb__done_none,
	[URB_OP_OPENAT] = done_openat,
	[URB_OP_OPENAT2] = done_openat2,
	[URB_OP_PIPE] = done_pipe,
	[URB_OP_POLL_ADD] = done_poll_add,
	[URB_OP_POLL_MULTI] = done_poll_multi,
	[URB_OP_POLL_REMOVE] = urb__done_none,
	[URB_OP_PROVIDE_BUFFERS] = urb__done_none,
	[URB_OP_READ] = done_read,
	[URB_OP_READ_FIXED] = done_read_fixed,
	[URB_OP_READ_MULTISHOT] = done_read_multishot,
	[URB_OP_READV] = done_readv,
	[URB_OP_READV_FIXED] = done_readv_fixed,
	[URB_OP_RECV] = done_recv,
	[URB_OP_RECV_BUNDLE] = done_recv_bundle,
	[URB_OP_RECV_MULTI] = done_recv_multi,
	[URB_OP_RECVMSG] = done_recvmsg,
	[URB_OP_RECVMSG_MULTI] = done_recvmsg_multi,
	[URB_OP_REMOVE_BUFFERS] = urb__done_none,
	[URB_OP_RENAMEAT] = urb__done_none,
	[URB_OP_SEND] = done_send,
	[URB_OP_SEND_BUNDLE] = done_send_bundle,
	[URB_OP_SEND_ZC] = done_send_zc,
	[URB_OP_SENDMSG] = done_sendmsg,
	[URB_OP_SENDMSG_ZC] = done_sendmsg_zc,
	[URB_OP_SETSOCKOPT] = done_setsockopt,
	[URB_OP_SETXATTR] = done_setxattr,
	[URB_OP_SHUTDOWN] = done_shutdown,
	[URB_OP_SOCK_INQ] = done_sock_inq,
	[URB_OP_SOCK_OUTQ] = done_sock_outq,
	[URB_OP_SOCKET] = done_socket,
	[URB_OP_SPLICE] = urb__done_generic,
	[URB_OP_STATX] = done_statx,
	[URB_OP_SYMLINKAT] = urb__done_none,
	[URB_OP_SYNC_FILE_RANGE] = done_sync_file_range,
	[URB_OP_TEE] = urb__done_generic,
	[URB_OP_TIMEOUT] = urb__done_none,
	[URB_OP_TIMEOUT_REMOVE] = urb__done_none,
	[URB_OP_TIMEOUT_UPDATE] = urb__done_none,
	[URB_OP_UNLINKAT] = urb__done_none,
	[URB_OP_WAITID] = done_waitid,
	[URB_OP_WRITE] = done_write,
	[URB_OP_WRITE_FIXED] = done_write_fixed,
	[URB_OP_WRITE_SET] = done_write_set,
	[URB_OP_WRITEV] = done_writev,
	[URB_OP_WRITEV_FIXED] = done_writev_fixed,
};

/*
 * The ops whose CQEs with more to come may take dispatch's select path
 * (dispatch.c): their whole payload is the buffer the kernel selected,
 * a struct urb_data at the start of their arm of the payload union.
 */
const bool urb__op_selects[URB_OP__COUNT] = {
	[URB_OP_READ_MULTISHOT] = true,
	[URB_OP_RECV_MULTI] = true,
};
_Static_assert(offsetof(union urb_op_payload, read_multishot.data) == 0 &&
	       __builtin_types_compatible_p(__typeof__(((union urb_op_payload *)0)->read_multishot.data),
					    struct urb_data),
	       "read_multishot: the selected buffer, a struct urb_data, starts its payload");
_Static_assert(offsetof(union urb_op_payload, recv_multi.data) == 0 &&
	       __builtin_types_compatible_p(__typeof__(((union urb_op_payload *)0)->recv_multi.data),
					    struct urb_data),
	       "recv_multi: the selected buffer, a struct urb_data, starts its payload");

_Static_assert(sizeof(urb__ops) / sizeof(urb__ops[0]) == URB_OP__COUNT,
	       "one op table entry per op");
