/* SPDX-License-Identifier: MIT */
/*
 * The user-memory kind (src/kind_umem.c) in test_kinds' conformance suite:
 * a read_mem from a pipe into 64 bytes of the test's own memory, between
 * two 16-byte canaries, run through every ending.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "kinds_suite.h"
#include "umem_ops.h"

#define CANARY 16
#define LEN 64
#define FILL 0xa5

static unsigned char mem[CANARY + LEN + CANARY];
static int pfd[2] = { -1, -1 };

/* The kind keeps no region: its books are its count alone. */
static bool none_held(const struct urb_bearer *b)
{
	return urb__kinds[URB__KIND_UMEM]->books(b, NULL, 0) == sizeof(uint32_t);
}

static void make(struct fx *f)
{
	(void)f;
	assert_int_equal(umem_register(), 0);
	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	memset(mem, FILL, sizeof(mem));
}

static void unmake(struct fx *f)
{
	(void)f;
	for (int i = 0; i < 2; i++)
		if (pfd[i] >= 0)
			close(pfd[i]);
	pfd[0] = pfd[1] = -1;
}

static int push(struct fx *f, uint32_t flags)
{
	struct iovec m = { mem + CANARY, LEN };
	struct umem_read_mem_opts o = { .submit_flags = flags, .key_out = &f->key };

	return umem_push_read_mem(f->b, URB_FD(pfd[0]), &m, &o);
}

/* A valid region, a file that is no fd: refused after the hold (the memory comes first). */
static int push_refused(struct fx *f)
{
	struct iovec m = { mem + CANARY, LEN };

	return umem_push_write_mem(f->b, &m, URB_FD(-1), NULL);
}

/* While the read holds it, no op may read or write memory that overlaps it. */
static void taken(struct fx *f)
{
	struct iovec over = { mem + CANARY + LEN - 1, 2 }, beside = { mem, CANARY };

	assert_false(none_held(f->b));
	assert_int_equal(umem_push_write_mem(f->b, &over, URB_FD(pfd[1]), NULL), URB_EBUSY);
	assert_int_equal(umem_push_read_mem(f->b, URB_FD(pfd[0]), &over, NULL), URB_EBUSY);
	/* memory beside it is free: the push is refused only for its fd */
	assert_int_equal(umem_push_read_mem(f->b, URB_FD(-1), &beside, NULL), URB_EINVAL);
}

static void write_pipe(struct fx *f)
{
	(void)f;
	assert_int_equal(write(pfd[1], "user memory", 11), 11);
}

/* Before the submit: the SQE names an fd that is gone, so the read fails (-EBADF). */
static void close_pipe(struct fx *f)
{
	(void)f;
	close(pfd[0]);
	pfd[0] = -1;
}

static void back(struct fx *f, enum ending how, int32_t res)
{
	assert_true(none_held(f->b));
	for (int i = 0; i < CANARY; i++) {
		assert_int_equal(mem[i], FILL);
		assert_int_equal(mem[CANARY + LEN + i], FILL);
	}
	if (how == END_SUCCESS) {
		assert_int_equal(res, 11);
		assert_memory_equal(mem + CANARY, "user memory", 11);
		assert_int_equal(mem[CANARY + 11], FILL);
	} else {
		assert_true(res < 0);
		assert_int_equal(mem[CANARY], FILL);
	}
}

static const struct kind umem_kind = {
	"user memory read into", URB__KIND_UMEM, true, make, push, push_refused, taken,
	write_pipe, close_pipe, true, back, unmake,
};
KINDS_SUITE_ENTRY(umem_kind)
