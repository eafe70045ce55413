/* SPDX-License-Identifier: MIT */
/*
 * The path ops against the real kernel, in a temporary directory: openat,
 * statx, mkdirat, unlinkat, renameat, symlinkat and linkat, each one YAML
 * file.  Their paths are copied at push into the bearer's record storage
 * (the record_bytes capacity) and statx's struct comes back in it; both
 * stay until the record is released, and not longer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "support.h"

/* What the statx completions showed, by log index (their pointer lasts only the callback). */
static struct statx kept_st[T_LOG_MAX];
static bool kept_has_st[T_LOG_MAX];

static void keep_statx(struct t_log *log, int i, const struct urb_completion *c)
{
	(void)log;
	kept_has_st[i] = c->op == URB_OP_STATX && c->u.statx.st;
	if (kept_has_st[i])
		kept_st[i] = *c->u.statx.st;
}

static uint64_t store_used(const struct urb_bearer *b)
{
	struct urb_stats st;

	assert_int_equal(urb_bearer_stats(b, &st), 0);
	return st.capacity_used[URB_CAP_RECORD_BYTES];
}

/* One op on the real kernel: its result, with the storage all back afterwards. */
#define RUN(b, s, key, push)                                                    \
	({                                                                      \
		assert_int_equal((push), 0);                                    \
		int i_ = t_await_final((b), (s), (key));                          \
		assert_int_equal(store_used(b), 0);                             \
		(s)->c[i_].result;                                              \
	})

static void a_directory_lifecycle(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { .keep = keep_statx };
	uint64_t key = 0;
	char dir[256];
	char path[PATH_MAX];
	int dfd, fd, i;
	struct stat st;
	struct urb_mkdirat_opts mo = { .key_out = &key };
	struct urb_openat_opts create = { .flags = O_CREAT | O_WRONLY | O_CLOEXEC, .mode = 0600,
					  .key_out = &key };
	struct urb_openat_opts direct = { .flags = O_RDONLY, .target = URB_AUTO_SLOT,
					  .key_out = &key };
	struct urb_statx_opts so = { .mask = STATX_SIZE | STATX_TYPE, .key_out = &key };
	struct urb_renameat_opts ro = { .key_out = &key };
	struct urb_symlinkat_opts lo = { .key_out = &key };
	struct urb_linkat_opts ho = { .key_out = &key };
	struct urb_unlinkat_opts uo = { .key_out = &key };
	struct urb_unlinkat_opts rmd = { .flags = AT_REMOVEDIR, .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MKDIRAT);
	assert_non_null(mkdtemp(t_temp_name(dir, sizeof(dir), "paths")));
	dfd = open(dir, O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);

	assert_int_equal(RUN(b, &s, key, urb_push_mkdirat(b, URB_FD(dfd), "d", 0700, &mo)), 0);
	snprintf(path, sizeof(path), "%s/d", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(RUN(b, &s, key, urb_push_mkdirat(b, URB_FD(dfd), "d", 0700, &mo)), -EEXIST);

	/* create a file (a plain fd), write it, look at it with statx */
	fd = RUN(b, &s, key, urb_push_openat(b, URB_FD(dfd), "d/f", &create));
	assert_true(fd >= 0);
	assert_int_equal(s.c[s.n - 1].u.openat.file.fd, fd);
	assert_int_equal(write(fd, "twelve bytes", 12), 12);
	close(fd);
	assert_int_equal(RUN(b, &s, key, urb_push_statx(b, URB_FD(dfd), "d/f", &so)), 0);
	i = s.n - 1;
	assert_true(kept_has_st[i]);
	assert_int_equal(kept_st[i].stx_size, 12);
	assert_true(S_ISREG(kept_st[i].stx_mode));
	assert_int_equal(RUN(b, &s, key, urb_push_statx(b, URB_FD(dfd), "d/none", &so)), -ENOENT);
	assert_false(kept_has_st[s.n - 1]); /* no struct on failure */

	/* open it again into a slot the kernel picks */
	assert_true(RUN(b, &s, key, urb_push_openat(b, URB_FD(dfd), "d/f", &direct)) >= 0);
	i = s.n - 1;
	assert_int_equal(s.c[i].u.openat.file.fd, -1);
	assert_true(s.c[i].u.openat.file.slot >= T_REGISTERED_FD);
	assert_int_equal(urb_fd_kind(b, (uint32_t)s.c[i].u.openat.file.slot), URB_FD_FILE);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)s.c[i].u.openat.file.slot), 0);
	direct.flags = O_RDONLY | O_CLOEXEC; /* O_CLOEXEC goes with a plain fd only */
	assert_int_equal(urb_push_openat(b, URB_FD(dfd), "d/f", &direct), URB_EINVAL);

	/* rename, link, symlink, unlink, rmdir */
	assert_int_equal(RUN(b, &s, key, urb_push_renameat(b, URB_FD(dfd), "d/f", URB_FD(dfd), "d/g", &ro)), 0);
	assert_int_equal(RUN(b, &s, key, urb_push_linkat(b, URB_FD(dfd), "d/g", URB_FD(dfd), "d/h", &ho)), 0);
	assert_int_equal(RUN(b, &s, key, urb_push_symlinkat(b, "g", URB_FD(dfd), "d/l", &lo)), 0);
	snprintf(path, sizeof(path), "%s/d/l", dir);
	assert_int_equal(stat(path, &st), 0); /* through the link */
	assert_int_equal(st.st_size, 12);
	assert_int_equal(st.st_nlink, 2);
	assert_int_equal(RUN(b, &s, key, urb_push_unlinkat(b, URB_FD(dfd), "d", &rmd)), -ENOTEMPTY);
	assert_int_equal(RUN(b, &s, key, urb_push_unlinkat(b, URB_FD(dfd), "d/l", &uo)), 0);
	assert_int_equal(RUN(b, &s, key, urb_push_unlinkat(b, URB_FD(dfd), "d/h", &uo)), 0);
	assert_int_equal(RUN(b, &s, key, urb_push_unlinkat(b, URB_FD(dfd), "d/g", &uo)), 0);
	assert_int_equal(RUN(b, &s, key, urb_push_unlinkat(b, URB_FD(dfd), "d", &rmd)), 0);
	close(dfd);
	assert_int_equal(rmdir(dir), 0);
	assert_int_equal(t_pending(b), 0);
	t_free(b);
}

/* The path is copied at push; a retained statx keeps its struct until it is released. */
static void storage_lives_as_long_as_the_record(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { .keep = keep_statx, .answer = URB_RETAIN };
	uint64_t key = 0;
	struct urb_statx_opts so = { .key_out = &key };
	char mine[64];
	int i;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_STATX);
	snprintf(mine, sizeof(mine), "/");
	assert_int_equal(urb_push_statx(b, URB_CWD, mine, &so), 0);
	assert_true(store_used(b) > 0);
	snprintf(mine, sizeof(mine), "/no/such/path"); /* before the kernel read it */
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 0);
	assert_true(S_ISDIR(kept_st[i].stx_mode));
	assert_true(store_used(b) > 0); /* retained: the struct is still there */
	assert_int_equal(t_pending(b), 1);
	assert_int_equal(urb_release(b, key), 0);
	assert_int_equal(store_used(b), 0);
	t_free(b);
}

/* A path too long or NULL is refused; storage runs out with a clear error and comes back. */
static void storage_is_bounded(void **state)
{
	struct urb_capacity cap = {
		.core_queue = 8, .pending_completions = 8, .record_bytes = 4096 + 64,
	};
	struct urb_capacity none = { .core_queue = 8, .pending_completions = 8 };
	struct urb_bearer *b = t_bearer_cap(&cap), *nb;
	struct t_log s = { .keep = keep_statx };
	uint64_t key = 0;
	struct urb_mkdirat_opts mo = { .key_out = &key };
	char *longest = malloc(PATH_MAX + 1);
	enum urb_capacity_kind kind;
	uint64_t setting;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MKDIRAT);
	assert_non_null(longest);
	memset(longest, 'a', PATH_MAX);
	longest[PATH_MAX] = '\0';
	assert_int_equal(urb_push_mkdirat(b, URB_CWD, longest, 0700, &mo), URB_ERANGE);
	assert_non_null(strstr(urb_bearer_detail(b), "PATH_MAX"));
	assert_int_equal(urb_push_mkdirat(b, URB_CWD, NULL, 0700, &mo), URB_EINVAL);
	assert_int_equal(store_used(b), 0);
	longest[PATH_MAX - 1] = '\0'; /* PATH_MAX with its NUL: the longest there is */
	assert_int_equal(urb_push_mkdirat(b, URB_CWD, longest, 0700, &mo), 0);
	assert_int_equal(store_used(b), 4096);
	/* one block is left: a path of 64 bytes fits, one of 65 does not */
	assert_int_equal(urb_push_mkdirat(b, URB_CWD, longest + PATH_MAX - 65, 0700, NULL),
			 URB_EATCAPACITY);
	assert_int_equal(urb_bearer_at_capacity(b, &kind, &setting), 0);
	assert_int_equal(kind, URB_CAP_RECORD_BYTES);
	assert_non_null(strstr(urb_bearer_detail(b), "record_bytes"));
	assert_int_equal(store_used(b), 4096); /* the refused push took nothing */
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, -ENAMETOOLONG);
	assert_int_equal(store_used(b), 0);
	free(longest);
	t_free(b);

	nb = t_bearer_cap(&none);
	assert_int_equal(urb_push_mkdirat(nb, URB_CWD, "x", 0700, NULL), URB_EATCAPACITY);
	assert_non_null(strstr(urb_bearer_detail(nb), "record_bytes"));
	t_free(nb);
}

/* openat2: the struct open_how is copied at push; RESOLVE_BENEATH keeps a path inside dfd */
static void openat2_resolves_beneath(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { .keep = keep_statx };
	uint64_t key = 0;
	struct urb_openat2_opts o = { .target = URB_AUTO_SLOT, .key_out = &key };
	struct open_how how = { .flags = O_RDONLY, .resolve = RESOLVE_BENEATH };
	char dir[256];
	int dfd, fd, slot;

	(void)state;
	_Static_assert(sizeof(struct open_how) == 24, "the spec's len: 24");
	T_REQUIRE_OP(b, URB_OP_OPENAT2);
	assert_non_null(mkdtemp(t_temp_name(dir, sizeof(dir), "openat2")));
	dfd = open(dir, O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	fd = openat(dfd, "f", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);

	slot = RUN(b, &s, key, urb_push_openat2(b, URB_FD(dfd), "f", &how, &o));
	assert_true(slot >= T_REGISTERED_FD);
	assert_int_equal(urb_fd_kind(b, (uint32_t)slot), URB_FD_FILE);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)slot), 0);
	assert_int_equal(urb_push_openat2(b, URB_FD(dfd), "../f", &how, &o), 0);
	how.resolve = 0; /* after the push: the kernel reads the record's copy */
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, -EXDEV);
	assert_int_equal(urb_push_openat2(b, URB_FD(dfd), "f", NULL, &o), URB_EINVAL);
	assert_int_equal(t_pending(b), 0);
	unlinkat(dfd, "f", 0);
	close(dfd);
	rmdir(dir);
	t_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(openat2_resolves_beneath),
		cmocka_unit_test(a_directory_lifecycle),
		cmocka_unit_test(storage_lives_as_long_as_the_record),
		cmocka_unit_test(storage_is_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
