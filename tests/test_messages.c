/* SPDX-License-Identifier: MIT */
/*
 * msg_ring between bearers against the real kernel: the target shows each
 * message as URB_OP_MESSAGE, never as one of its keys, two bearers on two
 * threads exchange values, and a descriptor goes from one bearer's table
 * into another's (msg_ring_fd), where the other thread uses it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include <time.h>

#include "support.h"
#include "internal.h"

struct inbox {
	int messages, others;
	uint64_t data[8];
	int32_t value[8];
};

static enum urb_disposition to_inbox(struct urb_bearer *b, const struct urb_completion *c,
				     void *user)
{
	struct inbox *in = user;

	(void)b;
	if (c->op != URB_OP_MESSAGE) {
		in->others++;
		return URB_DEFAULT;
	}
	assert_true(c->final);
	assert_null(c->user);
	if (in->messages < 8) {
		in->data[in->messages] = c->key;
		in->value[in->messages] = c->result;
	}
	in->messages++;
	return URB_DEFAULT;
}

static void pump(struct urb_bearer *b, struct inbox *in, int want)
{
	for (int round = 0; round < 200 && in->messages < want; round++) {
		struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, to_inbox, in) >= 0);
	}
}

static void a_message_is_no_key(void **state)
{
	struct urb_bearer *from = t_bearer(), *to = t_bearer();
	struct inbox out = { 0 }, in = { 0 };
	uint64_t pending = t_pending_key(to); /* a nop of the target's */
	struct urb_stats st;

	(void)state;
	T_REQUIRE_OP(from, URB_OP_MSG_RING);
	assert_true(urb_bearer_ring_fd(to) >= 0);
	assert_int_equal(urb_bearer_ring_fd(NULL), URB_EINVAL);
	assert_int_equal(urb_push_msg_ring(from, URB_FD(urb_bearer_ring_fd(to)), 0x1122334455667788ull,
					   7, NULL), 0);
	/* data that looks like a pending key of the target's, and like urb's own keys */
	assert_int_equal(urb_push_msg_ring(from, URB_FD(urb_bearer_ring_fd(to)), pending, 8, NULL), 0);
	assert_int_equal(urb_push_msg_ring(from, URB_FD(urb_bearer_ring_fd(to)),
					   URB__KEY_INTERNAL(to->key_salt, URB_BUF(0, 0)),
					   (uint32_t)-ENOMEM, NULL), 0);
	assert_int_equal(urb_bearer_submit_and_wait(from, 3, NULL), 3);
	assert_int_equal(urb_bearer_completions(from, to_inbox, &out), 3);
	assert_int_equal(out.others, 3); /* the sender's own three completions */
	pump(to, &in, 3);
	assert_int_equal(in.messages, 3);
	pump(to, &in, 3);
	assert_int_equal(in.others, 1); /* the nop's own completion, once, as a nop */
	assert_int_equal(in.data[0], 0x1122334455667788ull);
	assert_int_equal(in.value[0], 7);
	assert_int_equal(in.data[1], pending);
	assert_int_equal(in.value[1], 8);
	assert_int_equal(in.value[2], -ENOMEM);
	assert_int_equal(t_pending(to), 0);
	assert_int_equal(urb_bearer_stats(to, &st), 0);
	assert_int_equal(st.messages, 3);
	assert_int_equal(st.stale_cqes + st.unknown_cqes + st.recycle_failures, 0);
	/* no ring behind the fd: the kernel refuses */
	assert_int_equal(urb_push_msg_ring(from, URB_FD(t_new_fd()), 1, 1, NULL), 0);
	assert_int_equal(urb_bearer_submit_and_wait(from, 1, NULL), 1);
	out = (struct inbox){ 0 };
	assert_int_equal(urb_bearer_completions(from, to_inbox, &out), 1);
	t_free(from);
	t_free(to);
}

/* ---- two bearers, two threads: one sends, the other answers each message */

#define ROUNDS 200

struct peer {
	pthread_t thread;
	int *peer_fd;        /* the other bearer's ring fd, once it has one */
	int my_fd;
	bool answers;        /* answer each message with value + 1000 */
	int got;
	int64_t sum;
	int rc;
};

static int await_fd(int *fd)
{
	for (int i = 0; i < 2000 && __atomic_load_n(fd, __ATOMIC_ACQUIRE) < 0; i++)
		nanosleep(&(struct timespec){ .tv_nsec = 1000 * 1000 }, NULL);
	return __atomic_load_n(fd, __ATOMIC_ACQUIRE);
}

static enum urb_disposition count(struct urb_bearer *b, const struct urb_completion *c,
				  void *user)
{
	struct peer *p = user;

	if (c->op == URB_OP_MESSAGE) {
		p->got++;
		p->sum += c->result;
		if (p->answers &&
		    urb_push_msg_ring(b, URB_FD(*p->peer_fd), c->key, (uint32_t)c->result + 1000, NULL) < 0)
			p->rc = 2;
	} else if (c->result < 0) {
		p->rc = 3; /* a message this side sent was not posted */
	}
	return URB_DEFAULT;
}

static void *peer_main(void *arg)
{
	struct peer *p = arg;
	struct urb_capacity cap = { .core_queue = 64, .pending_completions = 512 };
	struct urb_bearer *b = NULL;
	int sent = 0, other;

	if (urb_bearer_new(&cap, &b) < 0) {
		p->rc = 1;
		return NULL;
	}
	__atomic_store_n(&p->my_fd, urb_bearer_ring_fd(b), __ATOMIC_RELEASE);
	other = await_fd(p->peer_fd);
	for (int round = 0; round < 5000 && !p->rc && p->got < ROUNDS; round++) {
		struct timespec ts = { .tv_nsec = 1000 * 1000 };

		while (!p->answers && sent < ROUNDS && sent - p->got < 32 &&
		       urb_push_msg_ring(b, URB_FD(other), (uint64_t)sent, (uint32_t)sent, NULL) == 0)
			sent++;
		if (urb_bearer_submit_and_wait(b, 1, &ts) == -ETIME)
			nanosleep(&ts, NULL); /* a real sleep: under valgrind the other thread runs */
		if (urb_bearer_completions(b, count, p) < 0)
			p->rc = 4;
	}
	/* the answers this side pushed last go out before it stops */
	for (int i = 0; i < 20 && urb_bearer_submit_and_wait(b, 0, NULL) > 0; i++)
		;
	urb_bearer_completions(b, count, p);
	if (urb_bearer_free(b) != 0)
		p->rc = 5;
	return NULL;
}

static void two_threads_exchange_values(void **state)
{
	struct peer *a = calloc(1, sizeof(*a)), *z = calloc(1, sizeof(*z));
	struct urb_bearer *probe = t_bearer();
	bool ok = urb_op_supported(probe, URB_OP_MSG_RING);

	(void)state;
	t_free(probe);
	if (!ok) {
		free(a);
		free(z);
		skip();
	}
	assert_non_null(a);
	assert_non_null(z);
	a->my_fd = z->my_fd = -1;
	a->peer_fd = &z->my_fd;
	z->peer_fd = &a->my_fd;
	z->answers = true;
	assert_int_equal(pthread_create(&z->thread, NULL, peer_main, z), 0);
	assert_int_equal(pthread_create(&a->thread, NULL, peer_main, a), 0);
	assert_int_equal(pthread_join(a->thread, NULL), 0);
	assert_int_equal(pthread_join(z->thread, NULL), 0);
	assert_int_equal(a->rc, 0);
	assert_int_equal(z->rc, 0);
	assert_int_equal(z->got, ROUNDS);
	assert_int_equal(a->got, ROUNDS);
	assert_int_equal(z->sum, (int64_t)ROUNDS * (ROUNDS - 1) / 2);
	assert_int_equal(a->sum, z->sum + 1000 * ROUNDS); /* every answer came back */
	free(a);
	free(z);
}

/* The bearer a descriptor is sent to, on a thread of its own. */
struct receiver {
	pthread_t thread;
	int ring_fd;       /* its ring, once it is up (atomic) */
	uint32_t data;     /* what the message's key said */
	int32_t slot;      /* where the descriptor landed, or -errno */
	int kind;          /* the kind the slot has there */
	int rc;
};

static enum urb_disposition on_fd_message(struct urb_bearer *b, const struct urb_completion *c,
					  void *user)
{
	struct receiver *r = user;

	(void)b;
	if (c->op == URB_OP_FD_MESSAGE) {
		r->data = (uint32_t)c->key;
		r->slot = c->result;
	}
	return URB_DEFAULT;
}

/* Waits for one descriptor, writes "hi" through the slot it landed in, and lets it go. */
static void *receiver_main(void *arg)
{
	struct receiver *r = arg;
	struct urb_capacity cap = { .core_queue = 8, .registered_fd = 2, .direct_fd = 4,
				    .pending_completions = 8, .buffers = 1,
				    .buffer_bytes = (uint64_t)urb_bufset_bytes(1, 64) };
	struct urb_bearer *b = NULL;
	int set;
	void *data;
	uint32_t room;

	r->slot = 1;
	if (urb_bearer_new(&cap, &b) < 0) {
		r->rc = 1;
		return NULL;
	}
	__atomic_store_n(&r->ring_fd, urb_bearer_ring_fd(b), __ATOMIC_RELEASE);
	for (int round = 0; round < 2000 && r->slot == 1; round++) {
		struct timespec ts = { .tv_nsec = 5 * 1000 * 1000 };

		if (urb_bearer_submit_and_wait(b, 1, &ts) == -ETIME)
			nanosleep(&ts, NULL); /* a real sleep: under valgrind the other thread runs */
		urb_bearer_completions(b, on_fd_message, r);
	}
	r->kind = r->slot >= 0 ? urb_fd_kind(b, (uint32_t)r->slot) : -1;
	set = urb_bufset_create(b, 1, 64);
	if (r->slot < 0 || set < 0 || urb_buf_fill(b, URB_BUF(set, 0), &data, &room) < 0 ||
	    (memcpy(data, "hi", 2), urb_buf_filled(b, URB_BUF(set, 0), 2)) < 0 ||
	    urb_push_write(b, URB_SLOT(r->slot), URB_BUF(set, 0), UINT64_MAX, NULL) < 0)
		r->rc = 2;
	else if (urb_bearer_submit_and_wait(b, 1, NULL) < 0 ||
		 urb_bearer_completions(b, on_fd_message, r) < 0 ||
		 urb_fd_unregister(b, (uint32_t)r->slot) != 0)
		r->rc = 3;
	if (urb_bearer_free(b) != 0)
		r->rc = 4;
	return NULL;
}

static void a_descriptor_between_bearers(void **state)
{
	struct receiver *r = calloc(1, sizeof(*r));
	struct urb_bearer *b = t_bearer();
	struct t_log s = { 0 };
	uint64_t key = 0;
	int p[2], target;
	uint32_t slot;
	int32_t landed;
	char got[2] = { 0 };

	(void)state;
	assert_non_null(r);
	if (!urb_op_supported(b, URB_OP_MSG_RING_FD)) {
		t_free(b);
		free(r);
		skip();
	}
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	slot = t_register(b, p[1], URB_FD_FILE); /* the write end: only the slot holds it now */
	r->ring_fd = -1;
	assert_int_equal(pthread_create(&r->thread, NULL, receiver_main, r), 0);
	while ((target = __atomic_load_n(&r->ring_fd, __ATOMIC_ACQUIRE)) < 0)
		usleep(1000);
	assert_int_equal(urb_push_msg_ring_fd(b, URB_FD(target), URB_SLOT(slot), 77,
		&(struct urb_msg_ring_fd_opts){ .key_out = &key }), 0);
	assert_int_equal(urb_fd_unregister(b, slot), URB_EBUSY); /* held until it went */
	landed = s.c[t_await_final(b, &s, key)].result; /* the slot in the receiver's table */
	assert_int_equal(urb_fd_unregister(b, slot), 0); /* the other table has its own reference */
	assert_int_equal(pthread_join(r->thread, NULL), 0);
	assert_int_equal(r->rc, 0);
	assert_int_equal(r->data, 77);
	assert_true(r->slot >= 2); /* in the kernel's area of the receiver's table */
	assert_int_equal(landed, r->slot);
	assert_int_equal(r->kind, URB_FD_FILE);
	assert_int_equal(read(p[0], got, 2), 2); /* written through the receiver's slot */
	assert_memory_equal(got, "hi", 2);
	close(p[0]);
	t_free(b);
	free(r);
}

/* Writes @msg through @slot of @b and reads it back from @rd, the pipe's other end. */
static void write_through(struct urb_bearer *b, uint32_t slot, int rd, const char *msg)
{
	struct t_log s = { 0 };
	uint64_t key = 0;
	size_t len = strlen(msg);
	char got[16] = { 0 };
	int at;

	assert_int_equal(urb_push_write(b, URB_SLOT(slot), t_filled_buffer(b, msg), UINT64_MAX,
		&(struct urb_write_opts){ .key_out = &key }), 0);
	at = t_await_final(b, &s, key);
	assert_int_equal(s.c[at].result, (int)len);
	assert_int_equal(read(rd, got, sizeof(got)), (ssize_t)len);
	assert_memory_equal(got, msg, len);
}

/*
 * A target with no kernel area (direct_fd 0): the kernel has no slot to
 * put the descriptor in, the sender hears -ENFILE, and the target nothing;
 * its table is as it was, and its own next registration is its own.
 */
static void a_descriptor_to_a_bearer_without_direct_slots(void **state)
{
	struct urb_capacity cap = { .core_queue = 8, .registered_fd = 2, .direct_fd = 0,
				    .pending_completions = 8, .buffers = 1, .buffer_bytes = 4 * 4096 };
	struct urb_bearer *b = t_bearer(), *to = t_bearer_cap(&cap);
	struct t_log s = { 0 }, in = { 0 };
	struct urb_stats st;
	uint64_t key = 0;
	int sent[2], mine[2];
	uint32_t slot;
	char got;

	(void)state;
	if (!urb_op_supported(b, URB_OP_MSG_RING_FD)) {
		t_free(to);
		T_REQUIRE_OP(b, URB_OP_MSG_RING_FD);
	}
	assert_int_equal(pipe2(sent, O_CLOEXEC), 0);
	assert_int_equal(pipe2(mine, O_CLOEXEC), 0);
	slot = t_register(b, sent[1], URB_FD_FILE);
	assert_int_equal(urb_push_msg_ring_fd(b, URB_FD(urb_bearer_ring_fd(to)), URB_SLOT(slot), 77,
		&(struct urb_msg_ring_fd_opts){ .key_out = &key }), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, -ENFILE);
	for (int round = 0; round < 3; round++) {
		urb_bearer_submit_and_wait(to, 0, NULL);
		assert_true(urb_bearer_completions(to, t_log_cb, &in) >= 0);
	}
	assert_int_equal(in.n, 0); /* the target heard nothing */
	assert_int_equal(urb_bearer_stats(to, &st), 0);
	assert_int_equal(st.messages + st.stale_cqes + st.unknown_cqes, 0);
	assert_int_equal(urb_fd_kind(to, 0), URB_ENOTREGISTERED);
	assert_int_equal(urb_fd_kind(to, 1), URB_ENOTREGISTERED);
	assert_int_equal(urb_fd_unregister(b, slot), 0); /* the sender's was the only reference */
	assert_int_equal(read(sent[0], &got, 1), 0);
	close(sent[0]);
	/* the target's own registration takes slot 0 and holds what it registered */
	assert_int_equal(urb_fd_register(to, mine[1], URB_FD_FILE), 0);
	close(mine[1]);
	write_through(to, 0, mine[0], "mine");
	close(mine[0]);
	t_free(b);
	t_free(to);
}

/*
 * A data message shaped like a descriptor's (another program's msg_ring, or
 * garbage) installs nothing: the target shows it as a CQE of no record of
 * its own, whatever slot and kind it names, a free slot of the kernel's
 * area too.
 */
static void a_forged_descriptor_message(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct io_uring raw;
	struct io_uring_cqe *cqe;
	struct urb_stats st;
	/* salted: with the salt of this process's bearers, which no other program knows */
	static const struct { bool salted; uint32_t kind; uint32_t slot; } forged[] = {
		{ false, URB_FD_FILE, T_REGISTERED_FD + 3 }, /* a free slot of the kernel's area */
		{ true, 9, T_REGISTERED_FD },                /* no fd kind urb knows */
		{ true, URB_FD_FILE, 3 },                    /* a slot of urb's own area, never the kernel's pick */
		{ true, URB_FD_FILE, T_REGISTERED_FD + T_DIRECT_FD }, /* past the table */
	};

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING_FD);
	assert_int_equal(io_uring_queue_init(4, &raw, 0), 0);
	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&raw);
		uint64_t data = URB__KEY_FD_MESSAGE(forged[i].salted ? b->fd_message_salt : 0, 5,
						    forged[i].kind);
		struct t_log in = { 0 };

		io_uring_prep_msg_ring(sqe, urb_bearer_ring_fd(b), forged[i].slot, data, 0);
		assert_int_equal(io_uring_submit_and_wait(&raw, 1), 1);
		assert_int_equal(io_uring_wait_cqe(&raw, &cqe), 0);
		assert_int_equal(cqe->res, 0);
		io_uring_cqe_seen(&raw, cqe);
		for (int round = 0; round < 100 && in.n == 0; round++) {
			struct timespec ts = { .tv_nsec = 5 * 1000 * 1000 };

			urb_bearer_submit_and_wait(b, 1, &ts);
			assert_true(urb_bearer_completions(b, t_log_cb, &in) >= 0);
		}
		assert_int_equal(urb_fd_kind(b, forged[i].slot), URB_ENOTREGISTERED);
		assert_int_equal(in.n, 1);
		assert_int_equal(in.c[0].op, URB_OP_STALE);
		assert_int_equal(in.c[0].key, data);
		assert_int_equal(in.c[0].result, (int32_t)forged[i].slot);
	}
	assert_int_equal(urb_bearer_stats(b, &st), 0);
	assert_int_equal(st.messages, 0);
	assert_int_equal(st.unknown_cqes, 4);
	io_uring_queue_exit(&raw);
	t_free(b);
}

/*
 * A descriptor another program's ring sends (no urb bearer of this
 * process): the kernel puts it in a free slot of the target's kernel area,
 * but the target cannot tell its CQE from a forged one, so it shows it as a
 * CQE of no record of its own and does not track the slot; the kernel holds
 * the descriptor there until the bearer is freed.
 */
static void a_descriptor_from_another_program(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct io_uring raw;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct t_log in = { 0 };
	uint64_t data = URB__KEY_FD_MESSAGE(0, 5, URB_FD_FILE);
	int p[2], slot;
	char got;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MSG_RING_FD);
	assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	assert_int_equal(io_uring_queue_init(4, &raw, 0), 0);
	assert_int_equal(io_uring_register_files(&raw, &p[1], 1), 0);
	close(p[1]);
	sqe = io_uring_get_sqe(&raw);
	io_uring_prep_rw(IORING_OP_MSG_RING, sqe, urb_bearer_ring_fd(b),
			 (void *)(uintptr_t)IORING_MSG_SEND_FD, 0, data);
	sqe->addr3 = 0;
	sqe->file_index = IORING_FILE_INDEX_ALLOC;
	assert_int_equal(io_uring_submit_and_wait(&raw, 1), 1);
	assert_int_equal(io_uring_wait_cqe(&raw, &cqe), 0);
	slot = cqe->res;
	io_uring_cqe_seen(&raw, cqe);
	io_uring_queue_exit(&raw); /* the target's table holds the only reference now */
	assert_true(slot >= T_REGISTERED_FD && slot < T_REGISTERED_FD + T_DIRECT_FD);
	for (int round = 0; round < 100 && in.n == 0; round++) {
		struct timespec ts = { .tv_nsec = 5 * 1000 * 1000 };

		urb_bearer_submit_and_wait(b, 1, &ts);
		assert_true(urb_bearer_completions(b, t_log_cb, &in) >= 0);
	}
	assert_int_equal(in.n, 1);
	assert_int_equal(in.c[0].op, URB_OP_STALE);
	assert_int_equal(in.c[0].key, data);
	assert_int_equal(in.c[0].result, slot);
	assert_int_equal(urb_fd_kind(b, (uint32_t)slot), URB_ENOTREGISTERED);
	assert_int_equal(read(p[0], &got, 1), -1); /* the write end is still open: in the table */
	assert_int_equal(errno, EAGAIN);
	t_free(b);
	assert_int_equal(fcntl(p[0], F_SETFL, 0), 0);
	assert_int_equal(read(p[0], &got, 1), 0); /* let go when the kernel tears the ring down */
	close(p[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_message_is_no_key),
		cmocka_unit_test(two_threads_exchange_values),
		cmocka_unit_test(a_descriptor_between_bearers),
		cmocka_unit_test(a_descriptor_to_a_bearer_without_direct_slots),
		cmocka_unit_test(a_forged_descriptor_message),
		cmocka_unit_test(a_descriptor_from_another_program),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
