/* SPDX-License-Identifier: MIT */
/*
 * The user-memory kind (src/kind_umem.c) against the real kernel, through
 * the ops this folder defines (spec/ops/: read_mem, write_mem):
 *  - the bytes land where the caller's memory is, and nowhere else
 *    (canaries around it), and a write takes them from there;
 *  - while an op holds memory, an op that would write memory overlapping
 *    it, or read memory it writes, is refused; reads share; the memory is
 *    free again at the op's last word, a cancel's or a drain's too;
 *  - every refusal site of src/kind_umem.c is walked, with its words, and
 *    a refused push leaves every kind's books as they were (the hold a
 *    later refusal takes out again too).
 *
 * refusal sites of src/kind_umem.c: 4 (tests/test_errors.c reads this line)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "kinds_suite.h"
#include "umem_ops.h"

#define CANARY 32
#define FILL 0x5a

/* Memory of the test's own: @len bytes between two canaries. */
struct guarded {
	unsigned char *all;
	size_t len;
};

static struct guarded guarded(size_t len)
{
	struct guarded g = { malloc(len + 2 * CANARY), len };

	assert_non_null(g.all);
	memset(g.all, FILL, len + 2 * CANARY);
	return g;
}

static unsigned char *inside(const struct guarded *g)
{
	return g->all + CANARY;
}

static void assert_canaries(const struct guarded *g)
{
	for (size_t i = 0; i < CANARY; i++) {
		assert_int_equal(g->all[i], FILL);
		assert_int_equal(g->all[CANARY + g->len + i], FILL);
	}
}

static size_t umem_books(const struct urb_bearer *b)
{
	return urb__kinds[URB__KIND_UMEM]->books(b, NULL, 0);
}

/* The completions a test saw (each test starts it empty). */
static struct t_log seen;

static int setup(void **state)
{
	(void)state;
	return umem_register() == 0 ? 0 : -1;
}

static int empty_log(void **state)
{
	(void)state;
	memset(&seen, 0, sizeof(seen));
	return 0;
}

static char *temp_file(char *name, size_t size, const char *content)
{
	int fd = mkstemp(t_temp_name(name, size, "umem"));

	assert_true(fd >= 0);
	if (content)
		assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
	return name;
}

static struct urb_completion wait_key(struct urb_bearer *b, uint64_t key)
{
	return seen.c[t_await_final(b, &seen, key)];
}

/* A file's bytes read into the caller's memory, then written from it into another file. */
static void bytes_land_in_user_memory(void **state)
{
	static const char text[] = "the kernel writes the caller's own memory";
	struct urb_bearer *b = t_bearer();
	struct guarded g = guarded(100);
	struct iovec m = { inside(&g), 100 }, part = { inside(&g), 10 };
	char from[256], to[256], got[64] = { 0 };
	uint64_t key = 0;
	struct umem_read_mem_opts ro = { .offset = 4, .key_out = &key };
	struct umem_write_mem_opts wo = { .offset = 3, .key_out = &key };
	int in, out;

	(void)state;
	temp_file(from, sizeof(from), text);
	temp_file(to, sizeof(to), "xyz");
	in = open(from, O_RDONLY | O_CLOEXEC);
	out = open(to, O_RDWR | O_CLOEXEC);
	assert_true(in >= 0 && out >= 0);

	assert_int_equal(umem_push_read_mem(b, URB_FD(in), &m, &ro), 0);
	assert_int_equal(wait_key(b, key).result, (int32_t)strlen(text) - 4);
	assert_memory_equal(inside(&g), text + 4, strlen(text) - 4);
	assert_int_equal(inside(&g)[strlen(text) - 4], FILL); /* past what the file had */
	assert_canaries(&g);

	/* "kernel writ" from the memory, to the other file at 3 */
	assert_int_equal(umem_push_write_mem(b, &part, URB_FD(out), &wo), 0);
	assert_int_equal(wait_key(b, key).result, 10);
	assert_int_equal(pread(out, got, sizeof(got), 0), 13);
	assert_string_equal(got, "xyzkernel wri");
	assert_int_equal(umem_books(b), sizeof(uint32_t));

	close(in);
	close(out);
	unlink(from);
	unlink(to);
	free(g.all);
	t_free(b);
}

/* Writers exclude overlapping memory; readers share it; the last word frees it. */
static void overlap_refused_while_held(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct guarded g = guarded(256);
	unsigned char *p = inside(&g);
	struct iovec held = { p + 64, 64 }, head = { p + 127, 8 }, tail = { p + 60, 5 },
		     before = { p, 64 }, after = { p + 128, 64 };
	int pfd[2], null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	uint64_t rkey = 0, w1 = 0, w2 = 0;
	struct umem_read_mem_opts ro = { .key_out = &rkey };
	struct umem_write_mem_opts o1 = { .key_out = &w1 }, o2 = { .key_out = &w2 };

	(void)state;
	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	assert_true(null >= 0);
	/* a read from an empty pipe: the kernel holds the memory until it is written */
	assert_int_equal(umem_push_read_mem(b, URB_FD(pfd[0]), &held, &ro), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(umem_push_read_mem(b, URB_FD(pfd[0]), &head, NULL), URB_EBUSY);
	assert_non_null(strstr(urb_bearer_detail(b), "read_mem writes"));
	assert_int_equal(umem_push_write_mem(b, &tail, URB_FD(null), NULL), URB_EBUSY);
	/* memory just beside it is free, to read and to write */
	assert_int_equal(umem_push_write_mem(b, &before, URB_FD(null), &o1), 0);
	assert_int_equal(umem_push_write_mem(b, &before, URB_FD(null), &o2), 0); /* readers share */
	assert_int_equal(umem_push_read_mem(b, URB_FD(pfd[0]), &before, NULL), URB_EBUSY);
	assert_non_null(strstr(urb_bearer_detail(b), "reads, and this op writes"));
	assert_int_equal(wait_key(b, w1).result, 64);
	assert_int_equal(wait_key(b, w2).result, 64);
	assert_int_equal(umem_push_write_mem(b, &after, URB_FD(null), &o1), 0);
	assert_int_equal(wait_key(b, w1).result, 64);

	/* the read completes: its memory is the user's again, and another op may write it */
	assert_int_equal(write(pfd[1], "ok", 2), 2);
	assert_int_equal(wait_key(b, rkey).result, 2);
	assert_memory_equal(p + 64, "ok", 2);
	assert_int_equal(umem_books(b), sizeof(uint32_t));
	assert_int_equal(umem_push_read_mem(b, URB_FD(pfd[0]), &head, &ro), 0);

	/* a drain ends it (-ECANCELED) and frees it too */
	assert_int_equal(urb_bearer_drain(b), 0);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(umem_books(b), sizeof(uint32_t));
	assert_canaries(&g);
	close(pfd[0]);
	close(pfd[1]);
	close(null);
	free(g.all);
	t_free(b);
}

/*
 * A refusal: the code, words of its own (not the sentinel left before), and
 * urb_bearer_explain() saying them; and every kind's books as they were.
 */
#define SENTINEL "SENTINEL words of an older refusal"
static unsigned walked;

static void refused(struct urb_bearer *b, int rc, int want, const char *needle,
		    const struct books *before, int line)
{
	struct books *after = malloc(sizeof(*after));
	const char *d = urb_bearer_detail(b);

	assert_non_null(after);
	walked++;
	if (rc != want)
		fail_msg("line %d: %s, not %s (%s)", line, urb_err_name(rc), urb_err_name(want), d);
	if (!strstr(d, needle) || strstr(d, SENTINEL))
		fail_msg("line %d: words \"%s\" do not say \"%s\"", line, d, needle);
	if (!strstr(urb_bearer_explain(b, rc), d))
		fail_msg("line %d: explain does not give the words", line);
	books_take(b, after);
	assert_memory_equal(before, after, sizeof(*after));
	free(after);
}

#define REFUSED(b, want, needle, call)                                      \
	do {                                                                \
		struct books *before_ = malloc(sizeof(*before_));           \
		assert_non_null(before_);                                   \
		snprintf((b)->detail, sizeof((b)->detail), "%s", SENTINEL); \
		(b)->detail_rc = (want);                                    \
		books_take((b), before_);                                   \
		refused((b), (call), (want), (needle), before_, __LINE__);  \
		free(before_);                                              \
	} while (0)

/* Each refusal site of src/kind_umem.c, and refusals after its hold was added. */
static void refusals_walked(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct guarded g = guarded(64);
	urb_buf_t buf = t_buffer(b);
	void *arena;
	uint32_t cap;
	int pfd[2], null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	struct iovec m = { inside(&g), 64 }, zero = { inside(&g), 0 },
		     huge = { inside(&g), (size_t)INT32_MAX + 1 }, nul = { NULL, 8 },
		     wrap = { (void *)(UINTPTR_MAX - 4), 8 };

	(void)state;
	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	assert_true(null >= 0);
	assert_int_equal(urb_buf_fill(b, buf, &arena, &cap), 0);
	REFUSED(b, URB_EINVAL, "is NULL", umem_push_read_mem(b, URB_FD(pfd[0]), NULL, NULL));
	REFUSED(b, URB_EINVAL, "starts at NULL", umem_push_write_mem(b, &nul, URB_FD(null), NULL));
	REFUSED(b, URB_EINVAL, "wraps", umem_push_read_mem(b, URB_FD(pfd[0]), &wrap, NULL));
	REFUSED(b, URB_ERANGE, "0 bytes", umem_push_read_mem(b, URB_FD(pfd[0]), &zero, NULL));
	REFUSED(b, URB_ERANGE, "2147483648 bytes",
		umem_push_write_mem(b, &huge, URB_FD(null), NULL));
	{
		struct iovec in_arena = { (unsigned char *)arena + 8, 8 };

		REFUSED(b, URB_EINVAL, "buffer arena",
			umem_push_read_mem(b, URB_FD(pfd[0]), &in_arena, NULL));
	}
	assert_int_equal(urb_buf_filled(b, buf, 0), 0);
	/* a hold added, then the fd refused: the hold goes again */
	REFUSED(b, URB_EINVAL, "fd", umem_push_write_mem(b, &m, URB_FD(-1), NULL));
	assert_int_equal(umem_push_read_mem(b, URB_FD(pfd[0]), &m, NULL), 0);
	REFUSED(b, URB_EBUSY, "overlaps memory a pending read_mem writes",
		umem_push_write_mem(b, &m, URB_FD(null), NULL));
	assert_int_equal(walked, 8);

	assert_int_equal(urb_bearer_drain(b), 0);
	assert_canaries(&g);
	close(pfd[0]);
	close(pfd[1]);
	close(null);
	free(g.all);
	t_free(b);
}

/*
 * The books move with every region taken and given back, and come back
 * byte for byte; a region given back out of order moves the last one into
 * its place, and the ops still end holding what they held.
 */
static void books_move(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct guarded g = guarded(48);
	struct books *s0 = malloc(sizeof(*s0)), *s1 = malloc(sizeof(*s1));
	struct iovec m[3], over;
	int pfd[3][2], null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	uint64_t key[3] = { 0 }, wkey = 0;
	struct umem_write_mem_opts wo = { .key_out = &wkey };

	(void)state;
	assert_non_null(s0);
	assert_non_null(s1);
	assert_true(null >= 0);
	books_take(b, s0);
	for (int i = 0; i < 3; i++) {
		struct umem_read_mem_opts o = { .key_out = &key[i] };

		m[i] = (struct iovec){ inside(&g) + 16 * i, 16 };
		assert_int_equal(pipe2(pfd[i], O_CLOEXEC), 0);
		assert_int_equal(umem_push_read_mem(b, URB_FD(pfd[i][0]), &m[i], &o), 0);
		assert_int_equal(umem_books(b), sizeof(uint32_t) + (i + 1) * 24);
	}
	books_take(b, s1);
	assert_true(s1->len > s0->len);
	/* the first ends: the third's region takes its place */
	assert_int_equal(write(pfd[0][1], "abcd", 4), 4);
	assert_int_equal(wait_key(b, key[0]).result, 4);
	assert_int_equal(umem_books(b), sizeof(uint32_t) + 2 * 24);
	/* then the third: the second's memory is still held, the third's is free */
	assert_int_equal(write(pfd[2][1], "ijkl", 4), 4);
	assert_int_equal(wait_key(b, key[2]).result, 4);
	assert_int_equal(umem_books(b), sizeof(uint32_t) + 24);
	over = m[1];
	assert_int_equal(umem_push_write_mem(b, &over, URB_FD(null), NULL), URB_EBUSY);
	over = m[2];
	assert_int_equal(umem_push_write_mem(b, &over, URB_FD(null), &wo), 0);
	assert_int_equal(wait_key(b, wkey).result, 16);
	assert_int_equal(write(pfd[1][1], "efgh", 4), 4);
	assert_int_equal(wait_key(b, key[1]).result, 4);
	books_take(b, s1);
	assert_int_equal(s1->len, s0->len);
	assert_memory_equal(s0->kinds, s1->kinds, s0->len);
	assert_memory_equal(inside(&g), "abcd", 4);
	assert_memory_equal(inside(&g) + 16, "efgh", 4);
	assert_memory_equal(inside(&g) + 32, "ijkl", 4);
	assert_canaries(&g);
	for (int i = 0; i < 3; i++) {
		close(pfd[i][0]);
		close(pfd[i][1]);
	}
	close(null);
	free(s0);
	free(s1);
	free(g.all);
	t_free(b);
}

/* A bearer freed with a read pending: the drain gives the memory back, nothing leaks. */
static void freed_with_a_read_pending(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct guarded g = guarded(32);
	struct iovec m = { inside(&g), 32 };
	int pfd[2];

	(void)state;
	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	assert_int_equal(umem_push_read_mem(b, URB_FD(pfd[0]), &m, NULL), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_bearer_free(b), 0);
	assert_int_equal(write(pfd[1], "late", 4), 4); /* after the free: lands nowhere */
	assert_canaries(&g);
	assert_int_equal(inside(&g)[0], FILL);
	close(pfd[0]);
	close(pfd[1]);
	free(g.all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(bytes_land_in_user_memory, empty_log),
		cmocka_unit_test_setup(overlap_refused_while_held, empty_log),
		cmocka_unit_test_setup(refusals_walked, empty_log),
		cmocka_unit_test_setup(books_move, empty_log),
		cmocka_unit_test_setup(freed_with_a_read_pending, empty_log),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
