/* SPDX-License-Identifier: MIT */

/*
 * Every allocation happens at construction: once a bearer is built,
 * pushing, submitting and reaping allocate nothing.  The test is linked
 * with --wrap for the allocator and mmap, and links the static library, so
 * the library's own calls land in the counters below.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.h"

enum alloc_fn {
	A_MALLOC, A_CALLOC, A_REALLOC, A_FREE, A_POSIX_MEMALIGN, A_ALIGNED_ALLOC, A_MMAP,
	A__COUNT
};

static const char *const fn_names[A__COUNT] = {
	"malloc", "calloc", "realloc", "free", "posix_memalign", "aligned_alloc", "mmap",
};

static unsigned long calls[A__COUNT];
static bool counting;

static void counted(enum alloc_fn fn)
{
	if (counting)
		calls[fn]++;
}

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
int __real_posix_memalign(void **p, size_t align, size_t size);
void *__real_aligned_alloc(size_t align, size_t size);
void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);
int __wrap_posix_memalign(void **p, size_t align, size_t size);
void *__wrap_aligned_alloc(size_t align, size_t size);
void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);

void *__wrap_malloc(size_t size)
{
	counted(A_MALLOC);
	return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	counted(A_CALLOC);
	return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	counted(A_REALLOC);
	return __real_realloc(p, size);
}

void __wrap_free(void *p)
{
	if (p)
		counted(A_FREE);
	__real_free(p);
}

int __wrap_posix_memalign(void **p, size_t align, size_t size)
{
	counted(A_POSIX_MEMALIGN);
	return __real_posix_memalign(p, align, size);
}

void *__wrap_aligned_alloc(size_t align, size_t size)
{
	counted(A_ALIGNED_ALLOC);
	return __real_aligned_alloc(align, size);
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	counted(A_MMAP);
	return __real_mmap(addr, len, prot, flags, fd, off);
}

static void count_start(void)
{
	memset(calls, 0, sizeof(calls));
	counting = true;
}

static unsigned long count_stop(void)
{
	unsigned long total = 0;

	counting = false;
	for (int i = 0; i < A__COUNT; i++) {
		if (calls[i])
			print_message("%s: %lu calls\n", fn_names[i], calls[i]);
		total += calls[i];
	}
	return total;
}

static const struct urb_capacity cap = {
	.core_queue = 8, .registered_fd = 4, .direct_fd = 1, .pending_completions = 16,
	.buffers = 2, .buffer_bytes = 64 * 1024, .futexes = 1,
};

struct loop {
	struct urb_bearer *b;
	uint32_t slot;
	int peer;
	urb_buf_t rbuf, sbuf;
	unsigned long nops, recvs, sends, others;
	unsigned long received, sent;
};

static enum urb_disposition on_done(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct loop *l = user;

	(void)b;
	switch (c->op) {
	case URB_OP_NOP:
		l->nops++;
		break;
	case URB_OP_RECV:
		l->recvs++;
		l->received += c->result > 0 ? (unsigned long)c->result : 0;
		break;
	case URB_OP_SEND:
		l->sends++;
		l->sent += c->result > 0 ? (unsigned long)c->result : 0;
		break;
	default:
		l->others++;
		break;
	}
	return URB_DEFAULT;
}

static void reap(struct loop *l, int want)
{
	struct timespec ts = { .tv_sec = 2 };
	int got = 0;

	for (int tries = 0; got < want && tries < 10; tries++) {
		int rc = urb_bearer_submit_and_wait(l->b, (unsigned)(want - got), &ts);

		assert_true(rc >= 0 || rc == -ETIME);
		rc = urb_bearer_completions(l->b, on_done, l);
		assert_true(rc >= 0);
		got += rc;
	}
	assert_int_equal(got, want);
}

static void round_trip(struct loop *l)
{
	const void *view;
	uint32_t room, len;
	char back[8];
	void *data;

	assert_int_equal(write(l->peer, "ping", 4), 4);
	assert_int_equal(urb_push_nop(l->b, NULL), 0);
	assert_int_equal(urb_push_recv(l->b, URB_SLOT(l->slot), l->rbuf, NULL), 0);
	assert_int_equal(urb_buf_fill(l->b, l->sbuf, &data, &room), 0);
	memcpy(data, "pong", 4);
	assert_int_equal(urb_buf_filled(l->b, l->sbuf, 4), 0);
	assert_int_equal(urb_push_send(l->b, URB_SLOT(l->slot), l->sbuf, NULL), 0);
	reap(l, 3);
	assert_int_equal(urb_buf_view(l->b, l->rbuf, &view, &len), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(view, "ping", 4);
	assert_int_equal(read(l->peer, back, sizeof(back)), 4);
	assert_memory_equal(back, "pong", 4);
}

static void loop_setup(struct loop *l)
{
	int pair[2], set;

	memset(l, 0, sizeof(*l));
	assert_int_equal(urb_bearer_new(&cap, &l->b), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
	set = urb_fd_register(l->b, pair[0], URB_FD_STREAM);
	assert_true(set >= 0);
	l->slot = (uint32_t)set;
	close(pair[0]);
	l->peer = pair[1];
	set = urb_bufset_create(l->b, 2, 256);
	assert_true(set >= 0);
	l->rbuf = URB_BUF(set, 0);
	l->sbuf = URB_BUF(set, 1);
}

static void no_allocation_after_construction(void **state)
{
	struct loop l;

	(void)state;
	loop_setup(&l);
	count_start();
	for (int i = 0; i < 1000; i++)
		round_trip(&l);
	assert_int_equal(count_stop(), 0);
	assert_int_equal(l.nops, 1000);
	assert_int_equal(l.recvs, 1000);
	assert_int_equal(l.sends, 1000);
	assert_int_equal(l.others, 0);
	assert_int_equal(l.received, 4000);
	assert_int_equal(l.sent, 4000);
	assert_int_equal(t_pending(l.b), 0);
	close(l.peer);
	t_free(l.b);
}

/* The counters see the library's own calls: construction allocates, teardown frees. */
static void counters_see_the_library(void **state)
{
	struct urb_bearer *b = NULL;

	(void)state;
	count_start();
	assert_int_equal(urb_bearer_new(&cap, &b), 0);
	counting = false;
	assert_true(calls[A_CALLOC] > 0);
	assert_true(calls[A_MMAP] > 0);
	count_start();
	assert_int_equal(urb_bearer_free(b), 0);
	counting = false;
	assert_true(calls[A_FREE] > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counters_see_the_library),
		cmocka_unit_test(no_allocation_after_construction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
