/* SPDX-License-Identifier: MIT */
/*
 * One conformance suite over every kind of resource an op can hold (every
 * entry of the core's kind table, urb__kinds), as test_slab.c runs one
 * over every slab: a fixed-file slot an op uses, a slot an op creates a
 * descriptor in, a buffer the kernel writes, a buffer the kernel reads
 * until its notification, a vector of buffers, a buffer group the kernel
 * selects from, a buffer set handed over, a futex word waited on, record
 * storage holding the paths the kernel reads, a range of slots filled with
 * plain fds, a message (its msghdr and control buffer).
 *
 * For each kind and each way its op can end (success, failed by the chain
 * it was linked into, cancelled, torn down in flight, torn down before it
 * was submitted), against the real kernel:
 *  - a push refused for another argument leaves no trace in the books;
 *  - while the op is pending the resource refuses to be destroyed, refilled
 *    or unregistered;
 *  - it comes back at the final completion, exactly once (its counters at
 *    zero, nothing more happens after), and a drain returns it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kinds_suite.h"
#include "store.h"

static const char *const ending_names[END__COUNT] = {
	"success", "failed", "chain failed", "cancelled", "drained in flight", "drained unsubmitted",
};

static struct urb_stats stats(const struct urb_bearer *b)
{
	struct urb_stats s;

	assert_int_equal(urb_bearer_stats(b, &s), 0);
	return s;
}

/* ---- waiting */

struct seen {
	uint64_t key;
	int finals;  /* final completions of key */
	int32_t res; /* the op's result (not its notification's) */
	urb_buf_t selected[8];
	int nselected;
};

static enum urb_disposition on_cqe(struct urb_bearer *b, const struct urb_completion *c,
				   void *user)
{
	struct seen *s = user;

	(void)b;
	if (c->key != s->key || c->op == URB_OP_STALE)
		return URB_DEFAULT;
	if (c->selected != URB_BUF_NONE && s->nselected < 8)
		s->selected[s->nselected++] = c->selected;
	if (!c->notif)
		s->res = c->result;
	s->finals += c->final;
	return URB_DEFAULT;
}

static void pump(struct urb_bearer *b, struct seen *s, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		struct timespec ts = { .tv_nsec = 5 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, on_cqe, s) >= 0);
	}
}

static void await_final(struct urb_bearer *b, struct seen *s)
{
	for (int i = 0; i < 400 && !s->finals; i++)
		pump(b, s, 1);
	assert_int_equal(s->finals, 1);
}

/* ---- the world */

static void make_world(struct fx *f)
{
	int server, lfd, sfd;
	socklen_t len = sizeof(f->laddr);

	memset(f, 0, sizeof(*f));
	f->client = -1;
	f->b = t_bearer();
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	f->laddr = t_loopback();
	f->laddr.sin_port = 0;
	assert_int_equal(bind(lfd, (struct sockaddr *)&f->laddr, sizeof(f->laddr)), 0);
	assert_int_equal(listen(lfd, 8), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&f->laddr, &len), 0);
	f->peer = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(f->peer, (struct sockaddr *)&f->laddr, sizeof(f->laddr)), 0);
	server = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	assert_true(server >= 0);
	f->slot = t_register(f->b, server, URB_FD_STREAM);
	sfd = dup(lfd);
	f->lslot = t_register(f->b, sfd, URB_FD_ACCEPTOR);
	f->lfd = lfd;
	f->buf = t_buffer(f->b);
	f->set = t_set(f->b);
	f->futex = (uint32_t)urb_futex_create(f->b, 7, &f->word);
	f->target = 40;
	assert_non_null(mkdtemp(t_temp_name(f->dir, sizeof(f->dir), "kinds")));
	snprintf(f->from, sizeof(f->from), "%s/from", f->dir);
	snprintf(f->to, sizeof(f->to), "%s/to", f->dir);
}

static void free_world(struct fx *f)
{
	assert_int_equal(urb_bearer_drain(f->b), 0);
	assert_int_equal(t_pending(f->b), 0);
	t_free(f->b);
	close(f->lfd);
	if (f->peer >= 0)
		close(f->peer);
	if (f->client >= 0)
		close(f->client);
	unlink(f->from);
	unlink(f->to);
	assert_int_equal(rmdir(f->dir), 0);
}

/* ---- fd slot: a recv uses it */

static int slot_push(struct fx *f, uint32_t flags)
{
	struct urb_recv_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_recv(f->b, URB_SLOT(f->slot), URB_BUF(f->set, 0), &o);
}

static int slot_push_refused(struct fx *f)
{
	return urb_push_recv(f->b, URB_SLOT(f->slot), URB_BUF(7, 7), NULL);
}

static void slot_taken(struct fx *f)
{
	assert_int_equal(urb_fd_unregister(f->b, f->slot), URB_EBUSY);
	assert_int_equal(urb_push_close(f->b, URB_SLOT(f->slot), NULL), URB_EBUSY);
	assert_int_equal(f->b->fds[f->slot].users, 1);
}

static void write_peer(struct fx *f)
{
	assert_int_equal(write(f->peer, "ping", 4), 4);
}

/* The peer goes with a reset: the connection's ops fail with -ECONNRESET or -EPIPE. */
static void reset_peer(struct fx *f)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	assert_int_equal(setsockopt(f->peer, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0);
	close(f->peer);
	f->peer = -1;
	usleep(10 * 1000);
}

static void slot_back(struct fx *f, enum ending how, int32_t res)
{
	(void)how, (void)res;
	assert_int_equal(f->b->fds[f->slot].users, 0);
	assert_int_equal(urb_fd_kind(f->b, f->slot), URB_FD_STREAM);
	assert_int_equal(urb_fd_unregister(f->b, f->slot), 0);
}

/* ---- buffer the kernel writes: the same recv, seen from its buffer */

static void wbuf_taken(struct fx *f)
{
	urb_buf_t buf = URB_BUF(f->set, 0);
	void *data;
	uint32_t cap;

	assert_int_equal(urb_buf_owner(f->b, buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_fill(f->b, buf, &data, &cap), URB_EOWNERSHIP);
	assert_int_equal(urb_buf_release(f->b, buf), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(f->b, f->set), URB_EOWNERSHIP);
	assert_int_equal(urb_push_send(f->b, URB_SLOT(f->slot), buf, NULL), URB_EOWNERSHIP);
}

static void wbuf_back(struct fx *f, enum ending how, int32_t res)
{
	urb_buf_t buf = URB_BUF(f->set, 0);
	const void *data;
	uint32_t len;

	(void)how;
	assert_int_equal(urb_buf_owner(f->b, buf), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_view(f->b, buf, &data, &len), 0);
	assert_int_equal(len, res > 0 ? (uint32_t)res : 0);
	if (how == END_SUCCESS)
		assert_memory_equal(data, "ping", 4);
	assert_int_equal(urb_bufset_destroy(f->b, f->set), 0);
}

/* ---- buffer the kernel reads until its notification: send_zc */

static int rbuf_push(struct fx *f, uint32_t flags)
{
	struct urb_send_zc_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_send_zc(f->b, URB_SLOT(f->slot), f->buf, &o);
}

static int rbuf_push_refused(struct fx *f)
{
	struct urb_send_zc_opts o = { .buf_offset = 4 }; /* "abc" has 3 valid bytes */

	return urb_push_send_zc(f->b, URB_SLOT(f->slot), f->buf, &o);
}

static void rbuf_taken(struct fx *f)
{
	void *data;
	uint32_t cap;

	assert_int_equal(urb_buf_owner(f->b, f->buf), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_fill(f->b, f->buf, &data, &cap), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(f->b, URB_BUF_SET(f->buf)), URB_EOWNERSHIP);
}

static void nothing(struct fx *f)
{
	(void)f;
}

static void rbuf_back(struct fx *f, enum ending how, int32_t res)
{
	char got[3];

	assert_int_equal(urb_buf_owner(f->b, f->buf), URB_OWN_RETURNED);
	t_assert_view(f->b, f->buf, "abc", 3); /* what it held, untouched */
	if (how == END_FAILURE)
		assert_true(res < 0);
	if (how == END_SUCCESS) {
		assert_int_equal(res, 3);
		assert_int_equal(read(f->peer, got, 3), 3);
		assert_memory_equal(got, "abc", 3);
	}
	assert_int_equal(urb_bufset_destroy(f->b, URB_BUF_SET(f->buf)), 0);
}

/* ---- slot a descriptor is created in: accept into URB_SLOT(n) */

static int target_push(struct fx *f, uint32_t flags)
{
	struct urb_accept_opts o = { .target = URB_SLOT(f->target), .submit_flags = flags,
				     .key_out = &f->key };

	return urb_push_accept(f->b, URB_SLOT(f->lslot), &o);
}

static int target_push_refused(struct fx *f)
{
	struct urb_accept_opts o = { .target = URB_SLOT(f->target), .flags = SOCK_CLOEXEC };

	return urb_push_accept(f->b, URB_SLOT(f->lslot), &o); /* CLOEXEC goes with plain fds only */
}

static void target_taken(struct fx *f)
{
	struct urb_accept_opts o = { .target = URB_SLOT(f->target) };
	int fd = t_new_fd();

	assert_int_equal(urb_push_accept(f->b, URB_SLOT(f->lslot), &o), URB_EBUSY);
	assert_int_equal(urb_fd_register_at(f->b, f->target, fd, URB_FD_FILE), URB_EBUSY);
	close(fd);
	assert_int_equal(urb_fd_kind(f->b, f->target), URB_ENOTREGISTERED);
}

static void connect_client(struct fx *f)
{
	f->client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(f->client, (struct sockaddr *)&f->laddr, sizeof(f->laddr)), 0);
}

static void shut_listener(struct fx *f)
{
	assert_int_equal(shutdown(f->lfd, SHUT_RD), 0); /* a waiting accept fails with -EINVAL */
}

static void target_back(struct fx *f, enum ending how, int32_t res)
{
	int fd = t_new_fd();

	(void)res;
	if (how == END_SUCCESS) { /* the kernel filled the slot: a stream now, the user's to close */
		assert_int_equal(urb_fd_kind(f->b, f->target), URB_FD_STREAM);
		assert_int_equal(urb_fd_unregister(f->b, f->target), 0);
	}
	/* free again: it can be registered, and unregistered */
	assert_int_equal(urb_fd_register_at(f->b, f->target, fd, URB_FD_FILE), (int)f->target);
	assert_int_equal(urb_fd_unregister(f->b, f->target), 0);
	close(fd);
}

/* ---- buffer group the kernel selects from: recv_multi over a ring */

static void group_make(struct fx *f)
{
	assert_int_equal(urb_bufring_create(f->b, f->set), 0);
}

static int group_push(struct fx *f, uint32_t flags)
{
	struct urb_recv_multi_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_recv_multi(f->b, URB_SLOT(f->slot), f->set, &o);
}

static int group_push_refused(struct fx *f)
{
	return urb_push_recv_multi(f->b, URB_SLOT(63), f->set, NULL); /* no such slot */
}

static void group_taken(struct fx *f)
{
	assert_int_equal(f->b->sets[f->set].users, 1);
	assert_int_equal(urb_bufring_destroy(f->b, f->set), URB_EBUSY);
	assert_int_equal(urb_bufset_destroy(f->b, f->set), URB_EOWNERSHIP);
}

/* A multishot recv succeeds for as long as data comes, and ends at the end of the stream. */
static void write_and_hang_up(struct fx *f)
{
	write_peer(f);
	assert_int_equal(shutdown(f->peer, SHUT_WR), 0);
}

static void group_back(struct fx *f, enum ending how, int32_t res)
{
	(void)how, (void)res;
	assert_int_equal(f->b->sets[f->set].users, 0);
	for (uint32_t i = 0; i < 4; i++)
		if (urb_buf_owner(f->b, URB_BUF(f->set, i)) == URB_OWN_RETURNED)
			assert_int_equal(urb_buf_recycle(f->b, URB_BUF(f->set, i)), 0);
	assert_int_equal(urb_bufring_destroy(f->b, f->set), 0);
	assert_int_equal(urb_bufset_destroy(f->b, f->set), 0);
}

/* ---- buffer set handed over: provide_buffers */

static int set_push(struct fx *f, uint32_t flags)
{
	struct urb_provide_buffers_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_provide_buffers(f->b, f->set, &o);
}

static int set_push_refused(struct fx *f)
{
	struct urb_provide_buffers_opts o = { .submit_flags = 1u << 30 };

	return urb_push_provide_buffers(f->b, f->set, &o);
}

/* Every buffer of the fixture's set is the kernel's: none refills, the set stays. */
static void whole_set_taken(struct fx *f)
{
	void *data;
	uint32_t cap;

	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(urb_buf_owner(f->b, URB_BUF(f->set, i)), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_fill(f->b, URB_BUF(f->set, 0), &data, &cap), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(f->b, f->set), URB_EOWNERSHIP);
}

static void set_taken(struct fx *f)
{
	whole_set_taken(f);
	assert_int_equal(urb_bufring_create(f->b, f->set), URB_EBUSY);
	assert_int_equal(urb_push_provide_buffers(f->b, f->set, NULL), URB_EBUSY);
}

static void set_back(struct fx *f, enum ending how, int32_t res)
{
	struct seen s = { 0 };
	struct urb_remove_buffers_opts o = { .key_out = &s.key };

	assert_int_equal(f->b->sets[f->set].users, 0);
	if (how == END_SUCCESS) { /* the kernel has them as a group: a remove takes them back */
		assert_int_equal(res, 0);
		assert_int_equal(urb_push_remove_buffers(f->b, f->set, &o), 0);
		await_final(f->b, &s);
		assert_int_equal(s.res, 4);
	}
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(urb_buf_owner(f->b, URB_BUF(f->set, i)), URB_OWN_RETURNED);
	assert_int_equal(urb_bufset_destroy(f->b, f->set), 0);
}

/* ---- futex word waited on: futex_wait */

static int futex_push(struct fx *f, uint32_t flags)
{
	struct urb_futex_wait_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_futex_wait(f->b, f->futex, 7, &o);
}

static int futex_push_refused(struct fx *f)
{
	struct urb_futex_wait_opts o = { .submit_flags = URB_SUBMIT_SKIP_SUCCESS };

	return urb_push_futex_wait(f->b, f->futex, 7, &o);
}

static void futex_taken(struct fx *f)
{
	assert_int_equal(f->b->futex[f->futex].waiters, 1);
	assert_int_equal(urb_futex_destroy(f->b, f->futex), URB_EBUSY);
}

static void wake(struct fx *f)
{
	usleep(10 * 1000); /* let the wait arm first */
	assert_int_equal(urb_futex_wake(f->b, f->futex, 8, 1), 1);
}

static void change_word(struct fx *f)
{
	__atomic_store_n(f->word, 8, __ATOMIC_RELEASE); /* the wait expects 7: -EAGAIN */
}

static void futex_back(struct fx *f, enum ending how, int32_t res)
{
	(void)how, (void)res;
	assert_int_equal(f->b->futex[f->futex].waiters, 0);
	assert_int_equal(urb_futex_destroy(f->b, f->futex), 0);
}

/* ---- a vector of buffers the kernel writes: readv from the stream slot */

static const urb_buf_t *vec(const struct fx *f)
{
	static urb_buf_t bufs[2];

	bufs[0] = URB_BUF(f->set, 1);
	bufs[1] = URB_BUF(f->set, 2);
	return bufs;
}

static int vec_push(struct fx *f, uint32_t flags)
{
	struct urb_readv_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_readv(f->b, URB_SLOT(f->slot), vec(f), 2, 0, &o);
}

static int vec_push_refused(struct fx *f)
{
	urb_buf_t twice[2] = { URB_BUF(f->set, 1), URB_BUF(f->set, 1) };

	return urb_push_readv(f->b, URB_SLOT(f->slot), twice, 2, 0, NULL);
}

static void vec_taken(struct fx *f)
{
	void *data;
	uint32_t cap;

	for (int i = 0; i < 2; i++) {
		assert_int_equal(urb_buf_owner(f->b, vec(f)[i]), URB_OWN_KERNEL);
		assert_int_equal(urb_buf_fill(f->b, vec(f)[i], &data, &cap), URB_EOWNERSHIP);
	}
	assert_int_equal(urb_bufset_destroy(f->b, f->set), URB_EOWNERSHIP);
	assert_int_equal(urb_push_readv(f->b, URB_SLOT(f->slot), vec(f), 2, 0, NULL), URB_EOWNERSHIP);
	assert_true(f->b->store_used > 0); /* the iovec the kernel reads */
}

static void vec_back(struct fx *f, enum ending how, int32_t res)
{
	const void *data;
	uint32_t len;

	assert_int_equal(f->b->store_used, 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(urb_buf_owner(f->b, vec(f)[i]), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_view(f->b, vec(f)[0], &data, &len), 0);
	assert_int_equal(len, res > 0 ? (uint32_t)res : 0);
	if (how == END_SUCCESS)
		assert_memory_equal(data, "ping", 4);
	assert_int_equal(urb_buf_view(f->b, vec(f)[1], &data, &len), 0);
	assert_int_equal(len, 0);
	assert_int_equal(urb_bufset_destroy(f->b, f->set), 0);
}

/* ---- a message: recvmsg from the stream slot into a buffer, with room for control data */

static struct urb_msg *message(struct fx *f, urb_buf_t *data, urb_buf_t *control)
{
	static struct urb_msg m;

	*data = URB_BUF(f->set, 1);
	*control = URB_BUF(f->set, 2);
	m = (struct urb_msg){ .bufs = data, .count = 1, .control = control };
	return &m;
}

static int msg_push(struct fx *f, uint32_t flags)
{
	static urb_buf_t data, control;
	struct urb_recvmsg_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_recvmsg(f->b, URB_SLOT(f->slot), message(f, &data, &control), &o);
}

static int msg_push_refused(struct fx *f)
{
	urb_buf_t data, control;
	struct urb_msg *m = message(f, &data, &control);

	m->control = &data; /* the data buffer as control too */
	return urb_push_recvmsg(f->b, URB_SLOT(f->slot), m, NULL);
}

static void msg_taken(struct fx *f)
{
	void *data;
	uint32_t cap;

	assert_int_equal(urb_buf_owner(f->b, URB_BUF(f->set, 1)), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_owner(f->b, URB_BUF(f->set, 2)), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_fill(f->b, URB_BUF(f->set, 2), &data, &cap), URB_EOWNERSHIP);
	assert_int_equal(urb_bufset_destroy(f->b, f->set), URB_EOWNERSHIP);
	assert_true(f->b->store_used > 0); /* the msghdr and the iovec the kernel reads */
}

static void msg_back(struct fx *f, enum ending how, int32_t res)
{
	const void *data;
	uint32_t len;

	assert_int_equal(f->b->store_used, 0);
	assert_int_equal(urb_buf_owner(f->b, URB_BUF(f->set, 1)), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_owner(f->b, URB_BUF(f->set, 2)), URB_OWN_RETURNED);
	assert_int_equal(urb_buf_view(f->b, URB_BUF(f->set, 1), &data, &len), 0);
	assert_int_equal(len, res > 0 ? (uint32_t)res : 0);
	if (how == END_SUCCESS)
		assert_memory_equal(data, "ping", 4);
	assert_int_equal(urb_buf_view(f->b, URB_BUF(f->set, 2), &data, &len), 0);
	assert_int_equal(len, 0); /* a stream carries no control data */
	assert_int_equal(urb_bufset_destroy(f->b, f->set), 0);
}

/* ---- record storage: the two paths of a renameat */

static void storage_make(struct fx *f)
{
	int fd = open(f->from, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	close(fd);
}

static int storage_push(struct fx *f, uint32_t flags)
{
	struct urb_renameat_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_renameat(f->b, URB_CWD, f->from, URB_CWD, f->to, &o);
}

/* the first path is copied into storage before the second is refused: the abort gives it back */
static int storage_push_refused(struct fx *f)
{
	return urb_push_renameat(f->b, URB_CWD, f->from, URB_CWD, NULL, NULL);
}

static void storage_taken(struct fx *f)
{
	assert_int_equal(f->b->store_used, 2); /* a 64-byte block per path */
}

static void storage_break(struct fx *f)
{
	assert_int_equal(unlink(f->from), 0); /* the rename then fails with -ENOENT */
}

static void storage_back(struct fx *f, enum ending how, int32_t res)
{
	assert_int_equal(f->b->store_used, 0);
	assert_int_equal(access(f->to, F_OK) == 0, how == END_SUCCESS);
	if (how == END_FAILURE)
		assert_int_equal(res, -ENOENT);
}

/* ---- a range of slots filled with plain fds: files_update into URB_SLOT(50), 51 */

#define RANGE 50u

static void range_make(struct fx *f)
{
	assert_int_equal(pipe2(f->pipe, O_CLOEXEC), 0);
}

static int range_push(struct fx *f, uint32_t flags)
{
	struct urb_files_update_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_files_update(f->b, f->pipe, 2, URB_SLOT(RANGE), URB_FD_FILE, &o);
}

static int range_push_refused(struct fx *f)
{
	return urb_push_files_update(f->b, f->pipe, 2, URB_SLOT(RANGE), (enum urb_fd_kind)9, NULL);
}

static void range_taken(struct fx *f)
{
	for (uint32_t i = 0; i < 2; i++) {
		assert_int_equal(f->b->fds[RANGE + i].state, URB_OWN_KERNEL);
		assert_int_equal(urb_fd_register_at(f->b, RANGE + i, f->pipe[0], URB_FD_FILE), URB_EBUSY);
		assert_int_equal(urb_fd_unregister(f->b, RANGE + i), URB_EOWNERSHIP);
	}
	assert_int_equal(urb_push_files_update(f->b, f->pipe, 1, URB_SLOT(RANGE + 1), URB_FD_FILE,
					       NULL), URB_EBUSY);
}

static void range_break(struct fx *f)
{
	close(f->pipe[0]); /* no descriptor any more: the update fails at its first fd */
	f->pipe[0] = 999999;
}

static void range_back(struct fx *f, enum ending how, int32_t res)
{
	for (uint32_t i = 0; i < 2; i++) {
		if (how == END_SUCCESS) {
			assert_int_equal(res, 2);
			assert_int_equal(urb_fd_kind(f->b, RANGE + i), URB_FD_FILE);
			assert_int_equal(urb_fd_unregister(f->b, RANGE + i), 0);
		}
		assert_int_equal(f->b->fds[RANGE + i].state, URB_OWN_REUSABLE);
	}
	if (f->pipe[0] != 999999)
		close(f->pipe[0]);
	close(f->pipe[1]);
}

/* ---- a whole set the kernel reads: write_set to the socket slot */

static int setread_push(struct fx *f, uint32_t flags)
{
	struct urb_write_set_opts o = { .submit_flags = flags, .key_out = &f->key };

	return urb_push_write_set(f->b, URB_SLOT(f->slot), f->set, 0, &o);
}

static int setread_push_refused(struct fx *f)
{
	return urb_push_write_set(f->b, URB_FD(-1), f->set, 0, NULL);
}

static void setread_taken(struct fx *f)
{
	whole_set_taken(f);
	assert_int_equal(urb_bufring_create(f->b, f->set), URB_EOWNERSHIP);
	assert_int_equal(urb_push_write_set(f->b, URB_SLOT(f->slot), f->set, 0, NULL), URB_EOWNERSHIP);
}

static void setread_back(struct fx *f, enum ending how, int32_t res)
{
	char got[4 * 64];

	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(urb_buf_owner(f->b, URB_BUF(f->set, i)), URB_OWN_RETURNED);
	if (how == END_FAILURE)
		assert_true(res < 0);
	if (how == END_SUCCESS) { /* every buffer whole, in order */
		assert_int_equal(res, (int32_t)sizeof(got));
		assert_int_equal(recv(f->peer, got, sizeof(got), MSG_WAITALL), (ssize_t)sizeof(got));
	}
	assert_int_equal(urb_bufset_destroy(f->b, f->set), 0);
}

static void no_make(struct fx *f)
{
	(void)f;
}

static const struct kind kinds[] = {
	{ "fd slot used", URB__KIND_FD, true, no_make, slot_push, slot_push_refused, slot_taken,
	  write_peer, reset_peer, false, slot_back, NULL },
	{ "buffer written", URB__KIND_BUF, true, no_make, slot_push, slot_push_refused, wbuf_taken,
	  write_peer, reset_peer, false, wbuf_back, NULL },
	{ "buffer read until notif", URB__KIND_BUF, false, no_make, rbuf_push, rbuf_push_refused,
	  rbuf_taken, nothing, reset_peer, true, rbuf_back, NULL },
	{ "buffer vector written", URB__KIND_BUFVEC, true, no_make, vec_push, vec_push_refused,
	  vec_taken, write_peer, reset_peer, false, vec_back, NULL },
	{ "slot created in", URB__KIND_TARGET, true, no_make, target_push, target_push_refused,
	  target_taken, connect_client, shut_listener, false, target_back, NULL },
	{ "buffer group selected from", URB__KIND_GROUP, true, group_make, group_push,
	  group_push_refused, group_taken, write_and_hang_up, reset_peer, false, group_back, NULL },
	{ "buffer set handed over", URB__KIND_SET, false, no_make, set_push, set_push_refused,
	  set_taken, nothing, NULL, false, set_back, NULL },
	{ "futex word waited on", URB__KIND_FUTEX, true, no_make, futex_push, futex_push_refused,
	  futex_taken, wake, change_word, true, futex_back, NULL },
	{ "record storage of paths", URB__KIND_STORE, false, storage_make, storage_push,
	  storage_push_refused, storage_taken, nothing, storage_break, true, storage_back, NULL },
	{ "message received", URB__KIND_MSG, true, no_make, msg_push, msg_push_refused, msg_taken,
	  write_peer, reset_peer, false, msg_back, NULL },
	{ "slot range filled", URB__KIND_SLOTS, false, range_make, range_push, range_push_refused,
	  range_taken, nothing, range_break, true, range_back, NULL },
	{ "whole buffer set read", URB__KIND_SETREAD, false, no_make, setread_push,
	  setread_push_refused, setread_taken, nothing, reset_peer, true, setread_back, NULL },
};

/* The entries of kinds added from their own files (tests/kinds/<name>/). */
#define ADDED_MAX 16
static const struct kind *added[ADDED_MAX];
static unsigned nadded, dropped;

void kinds_suite_add(const struct kind *k)
{
	if (nadded < ADDED_MAX)
		added[nadded++] = k;
	else
		dropped++; /* every_kind_has_an_entry fails */
}

static void run(const struct kind *k, enum ending how)
{
	struct fx f;
	struct seen s = { 0 };
	struct books before, after;
	uint64_t ckey = 0;
	struct urb_cancel_opts copts = { .key_out = &ckey };

	make_world(&f);
	k->make(&f);
	print_message("  %s, %s\n", k->name, ending_names[how]);

	/* a refused push leaves no trace */
	books_take(f.b, &before);
	assert_true(k->push_refused(&f) < 0);
	books_take(f.b, &after);
	assert_memory_equal(&before, &after, sizeof(before));

	if (how == END_CHAIN)
		assert_int_equal(t_push_failing_link(f.b), 0);
	assert_int_equal(k->push(&f, 0), 0);
	s.key = f.key;
	assert_non_null(urb__rec_hold(&f.b->recs[URB__KEY_IDX(f.key)], k->kind));
	/* the record's kinds say which walks it takes */
	assert_true(f.b->recs[URB__KEY_IDX(f.key)].kinds & (1u << k->kind));
	k->taken(&f);

	switch (how) {
	case END_SUCCESS:
		assert_int_equal(urb_bearer_submit(f.b), 1);
		k->succeed(&f);
		await_final(f.b, &s);
		break;
	case END_FAILURE:
		if (k->fail_first)
			k->break_it(&f);
		assert_int_equal(urb_bearer_submit(f.b), 1);
		if (!k->fail_first) {
			pump(f.b, &s, 2);
			k->break_it(&f);
		}
		await_final(f.b, &s);
		assert_true(s.res < 0);
		break;
	case END_CHAIN:
		await_final(f.b, &s);
		assert_int_equal(s.res, -ECANCELED);
		break;
	case END_CANCEL:
		assert_int_equal(urb_bearer_submit(f.b), 1);
		pump(f.b, &s, 2);
		assert_int_equal(s.finals, 0);
		k->taken(&f);
		assert_int_equal(urb_push_cancel(f.b, f.key, &copts), 0);
		await_final(f.b, &s);
		assert_int_equal(s.res, -ECANCELED);
		break;
	case END_DRAIN:
		assert_int_equal(urb_bearer_submit(f.b), 1);
		pump(f.b, &s, 2);
		assert_int_equal(s.finals, 0);
		assert_int_equal(urb_bearer_drain(f.b), 0);
		s.res = -ECANCELED;
		break;
	case END_UNSUBMITTED:
		assert_int_equal(urb_bearer_drain(f.b), 0);
		s.res = -ECANCELED;
		break;
	default:
		fail();
	}
	assert_int_equal(t_pending(f.b), 0);
	k->back(&f, how, s.res);
	/* exactly once: nothing more comes for the key, and nothing moves */
	books_take(f.b, &before);
	pump(f.b, &s, 3);
	books_take(f.b, &after);
	assert_true(s.finals <= 1);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(stats(f.b).bad_buffer_ids, 0);
	if (k->unmake)
		k->unmake(&f);
	free_world(&f);
}

static void every_ending(const struct kind *k)
{
	for (int how = 0; how < END__COUNT; how++)
		if ((k->waits || (how != END_CANCEL && how != END_DRAIN)) &&
		    (k->break_it || how != END_FAILURE))
			run(k, (enum ending)how);
}

static void every_kind_every_ending(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		every_ending(&kinds[i]);
	for (unsigned i = 0; i < nadded; i++)
		every_ending(added[i]);
}

/*
 * The books hooks see what they keep: each change of a kind's books
 * through the public calls (and record storage's own) moves the snapshot
 * the suite compares.
 */
#define MOVED(b, what, call)                                                          \
	do {                                                                          \
		books_take((b), before);                                                    \
		assert_true((call) >= 0);                                             \
		books_take((b), after);                                                     \
		if (before->len == after->len &&                                      \
		    memcmp(before->kinds, after->kinds, before->len) == 0)            \
			fail_msg("%s: no kind's books moved", (what));                \
	} while (0)

static void books_see_each_change(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct books *before = malloc(sizeof(*before)), *after = malloc(sizeof(*after));
	uint32_t *word, run = 0;
	int sv[2], slot = 0, set = 0, futex = 0;

	(void)state;
	assert_non_null(before);
	assert_non_null(after);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	MOVED(b, "fd_register", slot = urb_fd_register(b, sv[0], URB_FD_STREAM));
	MOVED(b, "bufset_create", set = urb_bufset_create(b, 4, 64));
	MOVED(b, "buf_fill", urb_buf_fill(b, URB_BUF((uint32_t)set, 1), &(void *){ NULL },
					  &(uint32_t){ 0 }));
	MOVED(b, "buf_release", urb_buf_release(b, URB_BUF((uint32_t)set, 1)));
	MOVED(b, "bufring_create", urb_bufring_create(b, (uint32_t)set));
	MOVED(b, "bufring_destroy", urb_bufring_destroy(b, (uint32_t)set));
	MOVED(b, "futex_create", futex = urb_futex_create(b, 1, &word));
	MOVED(b, "store_alloc", urb__store_alloc(b, 100, "books_see_each_change", &run));
	MOVED(b, "store_free", (urb__store_free(b, run), 0));
	MOVED(b, "futex_destroy", urb_futex_destroy(b, (uint32_t)futex));
	MOVED(b, "bufset_destroy", urb_bufset_destroy(b, (uint32_t)set));
	MOVED(b, "fd_unregister", urb_fd_unregister(b, (uint32_t)slot));
	close(sv[0]);
	close(sv[1]);
	free(before);
	free(after);
	t_free(b);
}

/*
 * The suite covers the core's kind table: a new kind fails this until it
 * has an entry above, or (a kind added from its own files) one its folder
 * tests/kinds/<name>/ adds with KINDS_SUITE_ENTRY().
 */
static void every_kind_has_an_entry(void **state)
{
	(void)state;
	if (dropped)
		fail_msg("%u entries added past ADDED_MAX (%u): raise it", dropped, ADDED_MAX);
	for (unsigned k = 0; k < URB__KIND__COUNT; k++) {
		bool covered = false;

		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			covered |= kinds[i].kind == k;
		for (unsigned i = 0; i < nadded; i++)
			covered |= added[i]->kind == k;
		if (!covered)
			fail_msg("kind %u (%s) has no entry in test_kinds.c or tests/kinds/", k,
				 urb__kinds[k]->name);
		/* the walks a record skips when it holds no kind with that hook */
		if (!urb__kinds[k]->each != !(URB__KINDS_EACH & (1u << k)))
			fail_msg("kind %u (%s): its each hook and URB__KINDS_EACH disagree", k,
				 urb__kinds[k]->name);
		if (!urb__kinds[k]->release != !(URB__KINDS_RELEASE & (1u << k)))
			fail_msg("kind %u (%s): its release hook and URB__KINDS_RELEASE disagree", k,
				 urb__kinds[k]->name);
		/* taken at commit, or as the hold is added: never both, and commit skips the hot kinds */
		if (urb__kinds[k]->take && urb__kinds[k]->untake)
			fail_msg("kind %u (%s) has both take and untake", k, urb__kinds[k]->name);
		if ((URB__KINDS_HOT & (1u << k)) && urb__kinds[k]->take)
			fail_msg("kind %u (%s) is taken at push: commit would skip its take", k,
				 urb__kinds[k]->name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_has_an_entry),
		cmocka_unit_test(books_see_each_change),
		cmocka_unit_test(every_kind_every_ending),
	};
	struct urb_bearer *b;
	struct urb_capacity cap = { .core_queue = 8, .registered_fd = 1, .pending_completions = 1,
				    .buffers = 1, .buffer_bytes = 4096, .futexes = 1 };

	/* the kinds need ops this kernel may lack: say so and skip the suite */
	if (urb_bearer_new(&cap, &b) == 0) {
		bool ok = urb_op_supported(b, URB_OP_SEND_ZC) && urb_op_supported(b, URB_OP_FUTEX_WAIT) &&
			  urb_op_supported(b, URB_OP_RECV_MULTI);

		urb_bearer_free(b);
		if (!ok) {
			printf("skipped: the kernel lacks send_zc, futex_wait or recv_multi\n");
			return 0;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
