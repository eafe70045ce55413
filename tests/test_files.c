/* SPDX-License-Identifier: MIT */
/*
 * The file, pipe and poll ops against the real kernel: real files in a
 * temporary directory, real pipes and sockets.  Each op is one YAML file
 * in spec/ops/ and no C of its own; these tests say it does what its spec
 * says, with a plain fd and with a registered slot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <unistd.h>

#include <liburing.h>

#include "support.h"

/* The bytes the read completions showed, by log index (their view lasts only the callback). */
static char kept_data[T_LOG_MAX][64];

static void keep_data(struct t_log *log, int i, const struct urb_completion *c)
{
	const struct urb_data *d = c->op == URB_OP_READ ? &c->u.read.data :
				   c->op == URB_OP_READ_FIXED ? &c->u.read_fixed.data :
				   c->op == URB_OP_READ_MULTISHOT ? &c->u.read_multishot.data :
				   c->op == URB_OP_RECV ? &c->u.recv.data :
				   c->op == URB_OP_RECV_MULTI ? &c->u.recv_multi.data : NULL;

	(void)log;
	memset(kept_data[i], 0, sizeof(kept_data[i]));
	if (d && c->result > 0)
		memcpy(kept_data[i], d->data, d->len < 63 ? d->len : 63);
}

/* Pushes, waits for the final completion of @key and gives its result. */
#define RUN_FD(b, s, key, push)                                                 \
	({                                                                      \
		assert_int_equal((push), 0);                                    \
		(s)->c[t_await_final((b), (s), (key))].result;                    \
	})

/* A new empty file in a temporary directory, open read-write. */
static int temp_file(void)
{
	char path[PATH_MAX];
	int fd = mkstemp(t_temp_name(path, sizeof(path), "files"));

	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

static struct urb_bearer *files_bearer(void)
{
	struct urb_capacity cap = {
		.core_queue = 16, .registered_fd = 8, .pending_completions = 16,
		.buffers = 8, .buffer_bytes = 64 * 1024, .buffer_rings = 2,
		.record_bytes = 16 * 1024,
	};

	return t_bearer_cap(&cap);
}

/* write at an offset through a plain fd, read back through a slot, at an offset and a slice */
static void read_and_write(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	int fd = temp_file(), slot, i;
	urb_buf_t out = t_filled_buffer(b, "hello world"), in = t_buffer(b);
	struct urb_write_opts wo = { .key_out = &key };
	struct urb_read_opts ro = { .buf_offset = 3, .key_out = &key };
	char got[32] = { 0 };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_WRITE);
	assert_int_equal(urb_push_write(b, URB_FD(fd), out, 4, &wo), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 11);
	assert_int_equal(urb_buf_owner(b, out), URB_OWN_RETURNED);
	assert_int_equal(pread(fd, got, sizeof(got), 0), 15);
	assert_memory_equal(got, "\0\0\0\0hello world", 15);

	slot = urb_fd_register(b, dup(fd), URB_FD_FILE);
	assert_true(slot >= 0);
	assert_int_equal(urb_push_read(b, URB_SLOT(slot), in, 10, &ro), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 5);
	assert_memory_equal(kept_data[i], "world", 5); /* the view: the slice's new bytes */
	t_assert_view(b, in, "abcworld", 8);         /* valid: the offset plus the bytes read */

	/* at the file position: UINT64_MAX moves it, as write(2) does */
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	wo = (struct urb_write_opts){ .buf_len = 5, .key_out = &key };
	assert_int_equal(urb_push_write(b, URB_FD(fd), out, UINT64_MAX, &wo), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 5);
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 5);
	/* the end of the file reads 0 bytes */
	ro = (struct urb_read_opts){ .key_out = &key };
	assert_int_equal(urb_push_read(b, URB_SLOT(slot), in, 100, &ro), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 0);
	t_assert_view(b, in, "", 0);
	/* an fd that is not open fails in the kernel, and gives the buffer back */
	assert_int_equal(urb_push_read(b, URB_FD(1000), in, 100, &ro), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, -EBADF);
	assert_int_equal(urb_buf_owner(b, in), URB_OWN_RETURNED);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)slot), 0);
	close(fd);
	t_free(b);
}

/*
 * No plain fd names a slot: with /dev/zero in slot 0, a read of a failed
 * open()'s -1, or of a -errno, is refused with words before anything is
 * queued or held, and the buffer keeps its bytes.  A slot and a plain fd
 * both work on the same op, a file op and a socket op alike.
 */
static void fd_forms(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	static const int32_t no_fd[] = { -1, -EBADF, -ENOENT, INT32_MIN };
	uint64_t key = 0;
	struct urb_read_opts ro = { .key_out = &key };
	struct urb_recv_opts rvo = { .key_out = &key };
	urb_buf_t in = t_filled_buffer(b, "kept");
	int zero = open("/dev/zero", O_RDONLY | O_CLOEXEC), file = temp_file(), sv[2], slot, i;
	struct urb_stats st;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ);
	T_REQUIRE_OP(b, URB_OP_RECV);
	assert_true(zero >= 0);
	assert_int_equal(urb_fd_register(b, zero, URB_FD_FILE), 0);
	assert_int_equal(open("/nonexistent/urb", O_RDONLY), -1);

	for (unsigned n = 0; n < sizeof(no_fd) / sizeof(no_fd[0]); n++) {
		char words[64];

		snprintf(words, sizeof(words), "read: fd %d is no descriptor", (int)no_fd[n]);
		assert_int_equal(urb_push_read(b, URB_FD(no_fd[n]), in, 0, &ro), URB_EINVAL);
		if (!strstr(urb_bearer_detail(b), words))
			fail_msg("refusal words: \"%s\", want \"%s\"", urb_bearer_detail(b), words);
		assert_int_equal(t_pending(b), 0);            /* no record used */
		assert_int_equal(urb_bearer_submit(b), 0);    /* nothing queued */
		assert_int_equal(urb_buf_owner(b, in), URB_OWN_TAKEN);
	}
	assert_int_equal(urb_push_read(b, URB_PLAIN, in, 0, &ro), URB_EINVAL);
	assert_int_equal(urb_push_read(b, URB_AUTO_SLOT, in, 0, &ro), URB_EINVAL);
	assert_int_equal(urb_bearer_stats(b, &st), 0);
	assert_int_equal(st.pending_per_op[URB_OP_READ], 0);
	t_assert_view(b, in, "kept", 4);

	/* the same op through the slot and through a plain fd, bytes checked */
	assert_int_equal(urb_push_read(b, URB_SLOT(0), in, 0, &ro), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 64);
	t_assert_view(b, in, (char[64]){ 0 }, 64);
	assert_int_equal(pwrite(file, "plain bytes", 11, 0), 11);
	assert_int_equal(urb_push_read(b, URB_FD(file), in, 0, &ro), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 11);
	t_assert_view(b, in, "plain bytes", 11);

	/* a socket op takes both too */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	slot = urb_fd_register(b, sv[0], URB_FD_STREAM);
	assert_true(slot > 0);
	assert_int_equal(write(sv[1], "to a slot", 9), 9);
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), in, &rvo), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 9);
	t_assert_view(b, in, "to a slot", 9);
	assert_int_equal(write(sv[1], "to an fd", 8), 8);
	assert_int_equal(urb_push_recv(b, URB_FD(sv[0]), in, &rvo), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 8);
	t_assert_view(b, in, "to an fd", 8);
	assert_int_equal(urb_push_recv(b, URB_FD(-1), in, &rvo), URB_EINVAL);

	assert_int_equal(t_pending(b), 0);
	close(sv[0]);
	close(sv[1]);
	close(file);
	close(zero);
	t_free(b);
}

/* fsync, sync_file_range, fallocate, fadvise and ftruncate on a real file */
static void file_calls(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	int fd = temp_file(), slot;
	struct stat st;
	struct urb_fsync_opts so = { .fsync_flags = IORING_FSYNC_DATASYNC, .key_out = &key };
	struct urb_fallocate_opts fo = { .key_out = &key };
	struct urb_fadvise_opts ao = { .key_out = &key };
	struct urb_sync_file_range_opts ro = { .key_out = &key };
	struct urb_ftruncate_opts to = { .key_out = &key };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FALLOCATE);
	slot = urb_fd_register(b, dup(fd), URB_FD_FILE);
	assert_true(slot >= 0);

	assert_int_equal(urb_push_fallocate(b, URB_SLOT(slot), 0, 0, 8192, &fo), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 8192);
	assert_int_equal(urb_push_fsync(b, URB_SLOT(slot), &so), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 0);
	assert_int_equal(urb_push_sync_file_range(b, URB_FD(fd), 0, 4096, SYNC_FILE_RANGE_WRITE, &ro), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 0);
	assert_int_equal(urb_push_fadvise(b, URB_FD(fd), 0, 0, POSIX_FADV_SEQUENTIAL, &ao), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 0);
	assert_int_equal(urb_push_fadvise(b, URB_FD(fd), 0, 0, 12345, &ao), 0); /* no such advice */
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, -EINVAL);
	if (urb_op_supported(b, URB_OP_FTRUNCATE)) {
		assert_int_equal(urb_push_ftruncate(b, URB_SLOT(slot), 100, &to), 0);
		assert_int_equal(s.c[t_await_final(b, &s, key)].result, 0);
		assert_int_equal(fstat(fd, &st), 0);
		assert_int_equal(st.st_size, 100);
	} else {
		print_message("ftruncate: skipped, the kernel lacks it\n");
	}
	/* a slot of another kind is refused at push */
	assert_int_equal(urb_push_fsync(b, URB_SLOT(t_slot(b, URB_FD_SOCKET)), NULL),
			 URB_EFDKIND);
	assert_int_equal(t_pending(b), 0);
	close(fd);
	t_free(b);
}

/* poll_add completes with the ready events; poll_remove ends a pending one */
static void poll_add_and_remove(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t pkey = 0, rkey = 0;
	struct urb_poll_add_opts po = { .key_out = &pkey };
	struct urb_poll_remove_opts ro = { .key_out = &rkey };
	int pipefd[2], slot, i;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_ADD);
	assert_int_equal(pipe2(pipefd, O_CLOEXEC), 0);
	slot = urb_fd_register(b, dup(pipefd[0]), URB_FD_FILE);
	assert_true(slot >= 0);

	assert_int_equal(urb_push_poll_add(b, URB_SLOT(slot), POLLIN, &po), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)slot), URB_EBUSY);
	assert_int_equal(write(pipefd[1], "x", 1), 1);
	i = t_await_final(b, &s, pkey);
	assert_int_equal(s.c[i].op, URB_OP_POLL_ADD);
	assert_true(s.c[i].result & POLLIN);

	/* nothing to read on the write end's peer for POLLPRI: it waits until removed */
	assert_int_equal(urb_push_poll_add(b, URB_FD(pipefd[1]), POLLPRI, &po), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_push_poll_remove(b, pkey, &ro), 0);
	assert_int_equal(s.c[t_await_final(b, &s, rkey)].result, 0);
	assert_int_equal(s.c[t_await_final(b, &s, pkey)].result, -ECANCELED);
	assert_int_equal(urb_push_poll_remove(b, pkey, NULL), URB_ESTALE); /* it has ended */
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)slot), 0);
	close(pipefd[0]);
	close(pipefd[1]);
	t_free(b);
}

/* read_multishot over a pipe: a buffer of the group per chunk, until the end of the stream */
static void read_multishot_pipe(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	struct urb_read_multishot_opts o = { .key_out = &key };
	int pipefd[2], set, last, chunks = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_MULTISHOT);
	assert_int_equal(pipe2(pipefd, O_CLOEXEC), 0);
	set = urb_bufset_create(b, 4, 64);
	assert_true(set >= 0);
	assert_int_equal(urb_bufring_create(b, (uint32_t)set), 0);
	assert_int_equal(urb_push_read_multishot(b, URB_FD(pipefd[0]), (uint32_t)set, &o), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	for (int i = 0; i < 3; i++) {
		char msg[16];
		int n = snprintf(msg, sizeof(msg), "chunk %d", i);
		int before = s.n;

		assert_int_equal(write(pipefd[1], msg, (size_t)n), n);
		for (int round = 0; round < 200 && s.n == before; round++) {
			struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

			urb_bearer_submit_and_wait(b, 1, &ts);
			urb_bearer_completions(b, t_log_cb, &s);
		}
		assert_int_equal(s.n, before + 1);
		assert_true(s.c[before].more);
		assert_int_equal(s.c[before].result, n);
		assert_memory_equal(kept_data[before], msg, (size_t)n);
		assert_int_equal(urb_buf_recycle(b, s.c[before].selected), 0);
		chunks++;
	}
	close(pipefd[1]); /* the end of the stream ends the op */
	last = t_await_final(b, &s, key);
	assert_int_equal(s.c[last].result, 0);
	assert_int_equal(chunks, 3);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_bufring_destroy(b, (uint32_t)set), 0);
	close(pipefd[0]);
	t_free(b);
}

/* bind gives a registered socket its address */
static void bind_socket(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	struct urb_bind_opts o = { .key_out = &key };
	struct sockaddr_in sa = t_loopback();
	socklen_t len = sizeof(sa);
	int fd, slot;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_BIND);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	slot = urb_fd_register(b, dup(fd), URB_FD_SOCKET);
	assert_true(slot >= 0);
	sa.sin_port = 0;
	assert_int_equal(urb_push_bind(b, URB_SLOT(slot), (struct sockaddr *)&sa, sizeof(sa), &o), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 0);
	memset(&sa, 0, sizeof(sa));
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	assert_true(sa.sin_port != 0);
	assert_int_equal(sa.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	/* bound already: the kernel says so */
	assert_int_equal(urb_push_bind(b, URB_SLOT(slot), (struct sockaddr *)&sa, sizeof(sa), &o), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, -EINVAL);
	close(fd);
	t_free(b);
}

/*
 * read_fixed and write_fixed go through a registered set, and refuse one
 * that is not; the _user form reads at the offset it is given.
 */
static void fixed_buffers(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	int fd = temp_file(), set, plain;
	urb_buf_t buf;
	struct urb_write_fixed_opts wo = { .key_out = &key };
	struct urb_read_fixed_opts ro = { .buf_offset = 5, .key_out = &key };
	void *data;
	uint32_t cap;
	int i;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_FIXED);
	set = urb_bufset_create(b, 2, 64);
	assert_true(set >= 0);
	buf = URB_BUF(set, 0);
	assert_int_equal(urb_buf_fill(b, buf, &data, &cap), 0);
	memcpy(data, "fixed bytes", 11);
	assert_int_equal(urb_buf_filled(b, buf, 11), 0);
	assert_int_equal(urb_push_write_fixed(b, URB_FD(fd), buf, 0, &wo), URB_EINVAL); /* not registered */
	assert_non_null(strstr(urb_bearer_detail(b), "urb_bufset_register_fixed"));
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set), 0);
	assert_int_equal(urb_push_write_fixed(b, URB_FD(fd), buf, 0, &wo), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 11);
	assert_int_equal(urb_push_read_fixed(b, URB_FD(fd), URB_BUF(set, 1), 0, &ro), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 11);
	assert_memory_equal(kept_data[i], "fixed bytes", 11);
	assert_int_equal(urb_buf_owner(b, URB_BUF(set, 1)), URB_OWN_RETURNED);
	/* the one-call form of a positioned read: the offset and a user pointer, no struct */
	s.n = 0;
	assert_int_equal(urb_push_read_fixed_user(b, URB_FD(fd), URB_BUF(set, 1), 6, &s), 0);
	t_settle(b, &s);
	assert_int_equal(s.n, 1);
	assert_ptr_equal(s.c[0].user, &s);
	assert_int_equal(s.c[0].result, 5);
	assert_memory_equal(kept_data[0], "bytes", 5);
	t_assert_view(b, URB_BUF(set, 1), "bytes", 5);
	plain = urb_bufset_create(b, 1, 64);
	assert_int_equal(urb_push_read_fixed(b, URB_FD(fd), URB_BUF(plain, 0), 0, &ro), URB_EINVAL);
	assert_int_equal(t_pending(b), 0);
	close(fd);
	t_free(b);
}

/*
 * A push with opts NULL is one with every option at its default: no user
 * pointer, the whole buffer, no flags.  Each op's fast path is written
 * twice, once for opts NULL; each copy runs here, through a slot and a plain
 * fd, and must agree with a push of zeroed opts.
 */
static void null_opts_are_the_defaults(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	int fd = temp_file(), sv[2], set, slot, a, z, i;
	urb_buf_t out = t_filled_buffer(b, "defaults"), in = t_buffer(b);

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READ_FIXED);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	a = (int)t_register(b, sv[0], URB_FD_SOCKET);
	z = sv[1];
	slot = (int)t_register(b, dup(fd), URB_FD_FILE);
	set = urb_bufset_create(b, 2, 64);
	assert_true(set >= 0);
	assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)set), 0);
	assert_int_equal(pwrite(fd, "fixed default", 13, 0), 13);
	for (int round = 0; round < 2; round++) { /* opts NULL, then zeroed opts */
		bool null = round == 0;

		s.n = 0;
		assert_int_equal(urb_push_nop(b, null ? NULL : &(struct urb_nop_opts){ 0 }), 0);
		assert_int_equal(urb_push_send(b, URB_SLOT(a), out,
					       null ? NULL : &(struct urb_send_opts){ 0 }), 0);
		assert_int_equal(urb_push_recv(b, URB_FD(z), in,
					       null ? NULL : &(struct urb_recv_opts){ 0 }), 0);
		assert_int_equal(urb_push_read_fixed(b, URB_SLOT(slot), URB_BUF(set, round), 0,
						     null ? NULL : &(struct urb_read_fixed_opts){ 0 }), 0);
		t_settle(b, &s);
		assert_int_equal(s.n, 4);
		for (i = 0; i < s.n; i++) {
			assert_null(s.c[i].user);
			assert_true(s.c[i].final);
			if (s.c[i].op == URB_OP_NOP) {
				assert_int_equal(s.c[i].result, 0);
			} else if (s.c[i].op == URB_OP_SEND) { /* all its valid bytes */
				assert_int_equal(s.c[i].result, 8);
			} else if (s.c[i].op == URB_OP_RECV) { /* into its whole 64 bytes */
				assert_int_equal(s.c[i].result, 8);
				assert_memory_equal(kept_data[i], "defaults", 8);
			} else { /* from offset 0 of the file, into its whole buffer */
				assert_int_equal(s.c[i].op, URB_OP_READ_FIXED);
				assert_int_equal(s.c[i].result, 13);
				assert_memory_equal(kept_data[i], "fixed default", 13);
			}
		}
	}
	close(z);
	close(fd);
	t_free(b);
}

/* fixed_fd_install gives a plain fd for a slot; a drain closes one nobody read */
static void fixed_fd_install(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	struct urb_fixed_fd_install_opts o = { .key_out = &key };
	struct urb_stats st;
	int fd = temp_file(), slot, plain;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FIXED_FD_INSTALL);
	assert_int_equal(write(fd, "in the slot", 11), 11);
	slot = urb_fd_register(b, dup(fd), URB_FD_FILE);
	assert_true(slot >= 0);
	plain = RUN_FD(b, &s, key, urb_push_fixed_fd_install(b, URB_SLOT(slot), &o));
	assert_true(plain >= 0);
	assert_true(fcntl(plain, F_GETFD) & FD_CLOEXEC);
	{
		char got[16] = { 0 };

		assert_int_equal(pread(plain, got, sizeof(got), 0), 11);
		assert_memory_equal(got, "in the slot", 11);
	}
	close(plain);
	assert_int_equal(urb_fd_kind(b, (uint32_t)slot), URB_FD_FILE); /* still registered */
	/* pushed and completed, never read: the drain closes the fd it carries */
	assert_int_equal(urb_push_fixed_fd_install(b, URB_SLOT(slot), &o), 0);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, NULL), 1);
	assert_int_equal(urb_bearer_drain(b), 0);
	assert_int_equal(urb_bearer_stats(b, &st), 0);
	assert_int_equal(st.drain_fds_closed, 1);
	close(fd);
	t_free(b);
}

/* poll_multi reports readiness again and again until removed */
static void poll_multi(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0, rkey = 0;
	struct urb_poll_multi_opts o = { .key_out = &key };
	struct urb_poll_remove_opts ro = { .key_out = &rkey };
	int pipefd[2], i;
	char c;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_POLL_MULTI);
	assert_int_equal(pipe2(pipefd, O_CLOEXEC), 0);
	assert_int_equal(urb_push_poll_multi(b, URB_FD(pipefd[0]), POLLIN, &o), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	for (int round = 0; round < 3; round++) {
		int before = s.n;

		assert_int_equal(write(pipefd[1], "x", 1), 1);
		for (int w = 0; w < 200 && s.n == before; w++) {
			struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

			urb_bearer_submit_and_wait(b, 1, &ts);
			urb_bearer_completions(b, t_log_cb, &s);
		}
		assert_int_equal(s.n, before + 1);
		assert_true(s.c[before].more);
		assert_true(s.c[before].result & POLLIN);
		assert_int_equal(read(pipefd[0], &c, 1), 1); /* not ready again until the next byte */
	}
	assert_int_equal(t_pending(b), 1);
	assert_int_equal(urb_push_poll_remove(b, key, &ro), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, -ECANCELED);
	t_await_final(b, &s, rkey);
	assert_int_equal(t_pending(b), 0);
	close(pipefd[0]);
	close(pipefd[1]);
	t_free(b);
}

/* splice moves bytes from a file (a slot) into a pipe; tee copies a pipe's bytes into another */
static void splice_and_tee(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	struct urb_splice_opts so = { .key_out = &key };
	struct urb_tee_opts to = { .key_out = &key };
	int fd = temp_file(), p1[2], p2[2], slot;
	char got[32] = { 0 };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SPLICE);
	assert_int_equal(write(fd, "spliced bytes", 13), 13);
	slot = urb_fd_register(b, dup(fd), URB_FD_FILE);
	assert_true(slot >= 0);
	assert_int_equal(pipe2(p1, O_CLOEXEC), 0);
	assert_int_equal(pipe2(p2, O_CLOEXEC), 0);
	assert_int_equal(RUN_FD(b, &s, key, urb_push_splice(b, URB_SLOT(slot), 0, URB_FD(p1[1]), UINT64_MAX,
							   13, &so)), 13);
	assert_int_equal(RUN_FD(b, &s, key, urb_push_tee(b, URB_FD(p1[0]), URB_FD(p2[1]), 13, &to)), 13);
	assert_int_equal(read(p2[0], got, sizeof(got)), 13); /* the copy */
	assert_memory_equal(got, "spliced bytes", 13);
	memset(got, 0, sizeof(got));
	assert_int_equal(read(p1[0], got, sizeof(got)), 13); /* still in the first pipe */
	assert_memory_equal(got, "spliced bytes", 13);
	/* a pipe's offset must be UINT64_MAX: the kernel says so */
	assert_int_equal(RUN_FD(b, &s, key, urb_push_splice(b, URB_FD(p1[0]), 0, URB_FD(fd), 0, 1, &so)), -ESPIPE);
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, (uint32_t)slot), 0);
	for (int i = 0; i < 2; i++) {
		close(p1[i]);
		close(p2[i]);
	}
	close(fd);
	t_free(b);
}

/* set and get an extended attribute, by path and by fd */
static void xattrs(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	struct urb_setxattr_opts so = { .key_out = &key };
	struct urb_getxattr_opts go = { .key_out = &key };
	struct urb_fsetxattr_opts fso = { .key_out = &key };
	struct urb_fgetxattr_opts fgo = { .key_out = &key };
	char path[PATH_MAX];
	int fd = mkstemp(t_temp_name(path, sizeof(path), "xattr")), rc;
	urb_buf_t value = t_filled_buffer(b, "value"), out = t_buffer(b);

	(void)state;
	T_REQUIRE_OP(b, URB_OP_SETXATTR);
	assert_true(fd >= 0);
	rc = RUN_FD(b, &s, key, urb_push_setxattr(b, path, "user.urb", value, &so));
	if (rc == -EOPNOTSUPP) {
		print_message("skipped: %s has no user xattrs\n", path);
		unlink(path);
		close(fd);
		t_free(b);
		skip();
	}
	assert_int_equal(rc, 0);
	assert_int_equal(RUN_FD(b, &s, key, urb_push_getxattr(b, path, "user.urb", out, &go)), 5);
	t_assert_view(b, out, "value", 5);
	assert_int_equal(RUN_FD(b, &s, key, urb_push_getxattr(b, path, "user.none", out, &go)),
			 -ENODATA);
	fso.buf_len = 3; /* a slice: "val" */
	assert_int_equal(RUN_FD(b, &s, key, urb_push_fsetxattr(b, URB_FD(fd), "user.f", value, &fso)), 0);
	assert_int_equal(RUN_FD(b, &s, key, urb_push_fgetxattr(b, URB_FD(fd), "user.f", out, &fgo)), 3);
	t_assert_view(b, out, "val", 3);
	assert_int_equal(t_pending(b), 0);
	unlink(path);
	close(fd);
	t_free(b);
}

/* madvise over a bearer buffer: it is the kernel's meanwhile, the user's after */
static void madvise_a_buffer(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	struct urb_madvise_opts o = { .key_out = &key };
	int set = urb_bufset_create(b, 1, 3 * 4096);
	urb_buf_t buf = URB_BUF(set, 0);
	const void *data;
	uint32_t len;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MADVISE);
	assert_true(set >= 0);
	/* madvise(2) wants whole pages: the slice of the buffer that starts on one */
	assert_int_equal(urb_buf_view(b, buf, &data, &len), 0);
	o.buf_offset = (uint32_t)((4096 - (uintptr_t)data % 4096) % 4096);
	o.buf_len = 4096;
	assert_int_equal(urb_push_madvise(b, buf, MADV_WILLNEED, &o), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_KERNEL);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_RETURNED);
	t_free(b);
}

/*
 * Set a: two buffers of 4032 bytes; set c, made next, behind a buffer
 * ring; and a stream socket in the bearer whose peer end *peer is.
 */
static void books_scene(struct urb_bearer *b, int *a, int *c, uint32_t *slot, int *peer)
{
	int sv[2];

	*a = urb_bufset_create(b, 2, 4032);
	*c = urb_bufset_create(b, 1, 64);
	assert_true(*a >= 0 && *c >= 0);
	assert_int_equal(urb_bufring_create(b, (uint32_t)*c), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	*slot = t_register(b, sv[0], URB_FD_STREAM);
	*peer = sv[1];
}

/* Set c's buffer is the kernel's, and a recv_multi lands the peer's bytes in it. */
static void books_intact(struct urb_bearer *b, int c, uint32_t slot, int peer)
{
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	struct urb_recv_multi_opts o = { .key_out = &key };
	void *data;
	uint32_t cap;
	int last;

	assert_int_equal(urb_buf_owner(b, URB_BUF(c, 0)), URB_OWN_KERNEL);
	assert_int_equal(urb_buf_fill(b, URB_BUF(c, 0), &data, &cap), URB_EOWNERSHIP);
	assert_int_equal(urb_push_recv_multi(b, URB_SLOT(slot), (uint32_t)c, &o), 0);
	assert_int_equal(write(peer, "peer bytes", 10), 10);
	close(peer); /* the end of the stream ends the op */
	last = t_await_final(b, &s, key);
	assert_true(last >= 1);
	assert_int_equal(s.c[0].result, 10);
	assert_int_equal(s.c[0].selected, URB_BUF(c, 0));
	assert_memory_equal(kept_data[0], "peer bytes", 10);
	assert_true(s.c[last].result <= 0);
	assert_int_equal(urb_buf_recycle(b, URB_BUF(c, 0)), 0);
	assert_int_equal(t_pending(b), 0);
}

/*
 * madvise over the whole room of a buffer that starts on a page and ends
 * short of the next: the kernel rounds the range up to whole pages, and
 * the page's last bytes were set c's books.  With them zeroed c's buffer
 * was the user's to fill while the ring still offered it to the kernel.
 */
static void madvise_never_reaches_the_books(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { 0 };
	uint64_t key = 0;
	struct urb_madvise_opts o = { .key_out = &key };
	int a, c, peer, rc;
	uint32_t slot;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MADVISE);
	T_REQUIRE_OP(b, URB_OP_RECV_MULTI);
	books_scene(b, &a, &c, &slot, &peer);
	t_fill(b, URB_BUF(a, 0), "canary zero");
	t_fill(b, URB_BUF(a, 1), "canary one");
	rc = urb_push_madvise(b, URB_BUF(a, 1), MADV_DONTNEED_LOCKED, &o);
	if (rc == 0) /* whatever urb answers, the books must come through */
		t_await_final(b, &s, key);
	books_intact(b, c, slot, peer);
	t_assert_view(b, URB_BUF(a, 0), "canary zero", 11);
	t_assert_view(b, URB_BUF(a, 1), "canary one", 10);
	assert_int_equal(rc, URB_EINVAL); /* not whole pages of the buffer */
	t_free(b);
}

/*
 * urb's books share no page with buffer memory: whatever a user does to
 * the pages of buffers they hold (madvise(2) here), set c's books and its
 * ring, made between and after them, come through.
 */
static void books_share_no_page_with_buffers(void **state)
{
	struct urb_bearer *b = files_bearer();
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	int a, c, d, peer;
	uint32_t slot;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_RECV_MULTI);
	books_scene(b, &a, &c, &slot, &peer);
	d = urb_bufset_create(b, 1, 4096);
	assert_true(d >= 0);
	for (int i = 0; i < 2; i++) {
		urb_buf_t buf = i ? URB_BUF(d, 0) : URB_BUF(a, 1);
		void *data;
		uint32_t cap;
		uintptr_t first, end;

		assert_int_equal(urb_buf_fill(b, buf, &data, &cap), 0);
		first = (uintptr_t)data & ~(page - 1);
		end = ((uintptr_t)data + cap + page - 1) & ~(page - 1);
		assert_int_equal(madvise((void *)first, end - first, MADV_DONTNEED_LOCKED), 0);
		assert_int_equal(urb_buf_filled(b, buf, 0), 0);
	}
	books_intact(b, c, slot, peer);
	t_free(b);
}

/*
 * madvise takes whole pages of the buffer only: a slice that starts off a
 * page, or whose last page reaches past the buffer, is refused at push,
 * as is advice that outlives the op or reaches beyond its bytes.  A
 * whole page of the buffer is zeroed and nothing else.
 */
static void madvise_whole_pages_only(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { 0 };
	uint32_t page = (uint32_t)sysconf(_SC_PAGESIZE);
	uint64_t key = 0;
	int set = urb_bufset_create(b, 1, 2 * page + 100), ring = (int)t_group(b);
	urb_buf_t buf = URB_BUF(set, 0);
	urb_buf_t other = t_filled_buffer(b, "neighbour");
	static const uint32_t refused[] = { MADV_WIPEONFORK, MADV_DONTFORK, MADV_REMOVE,
					    MADV_HWPOISON, 102 /* MADV_GUARD_INSTALL */, 12345 };
	struct urb_madvise_opts o = { .key_out = &key };
	char page_words[32];
	uint8_t *data;
	uint32_t cap, first, i;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_MADVISE);
	assert_true(set >= 0);
	assert_int_equal(urb_buf_fill(b, buf, (void **)&data, &cap), 0);
	memset(data, 'x', cap);
	assert_int_equal(urb_buf_filled(b, buf, cap), 0);
	first = (uint32_t)((page - (uintptr_t)data % page) % page);
	snprintf(page_words, sizeof(page_words), "%u-byte page", page);

	o.buf_offset = first + 1; /* off a page */
	o.buf_len = page;
	assert_int_equal(urb_push_madvise(b, buf, MADV_WILLNEED, &o), URB_EINVAL);
	assert_non_null(strstr(urb_bearer_explain(b, URB_EINVAL), page_words));
	o.buf_offset = first; /* to the end of the room, which is not a page's end */
	o.buf_len = 0;
	assert_int_equal(urb_push_madvise(b, buf, MADV_WILLNEED, &o), URB_EINVAL);
	assert_non_null(strstr(urb_bearer_explain(b, URB_EINVAL), page_words));
	o.buf_len = page;
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		assert_int_equal(urb_push_madvise(b, buf, refused[i], &o), URB_EINVAL);
		assert_non_null(strstr(urb_bearer_explain(b, URB_EINVAL), "advice"));
	}
	assert_int_equal(urb_push_madvise(b, URB_BUF(ring, 0), MADV_WILLNEED, NULL),
			 URB_EOWNERSHIP); /* the kernel's: in its ring */
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_buf_owner(b, buf), URB_OWN_TAKEN);

	assert_int_equal(urb_push_madvise(b, buf, MADV_DONTNEED_LOCKED, &o), 0);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 0);
	for (i = 0; i < cap; i++)
		if (data[i] != (i >= first && i < first + page ? 0 : 'x'))
			fail_msg("byte %u of the buffer is %#x", i, data[i]);
	t_assert_view(b, other, "neighbour", 9);
	t_free(b);
}

/* writev and readv over vectors of buffers, plain and through a registered set */
static void vectors(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	struct urb_writev_opts wo = { .key_out = &key };
	struct urb_readv_opts ro = { .key_out = &key };
	int fd = temp_file(), out, in;
	urb_buf_t w[3], r[2];
	const void *data;
	uint32_t len;
	char got[32] = { 0 };

	(void)state;
	T_REQUIRE_OP(b, URB_OP_READV);
	w[0] = t_filled_buffer(b, "one ");
	w[1] = t_filled_buffer(b, "two ");
	w[2] = t_filled_buffer(b, "three");
	assert_int_equal(RUN_FD(b, &s, key, urb_push_writev(b, URB_FD(fd), w, 3, 0, &wo)), 13);
	for (int i = 0; i < 3; i++)
		assert_int_equal(urb_buf_owner(b, w[i]), URB_OWN_RETURNED);
	assert_int_equal(pread(fd, got, sizeof(got), 0), 13);
	assert_memory_equal(got, "one two three", 13);

	/* 11 bytes from offset 2 over buffers of 8 and 64: the first fills, the second gets the rest */
	out = urb_bufset_create(b, 1, 8);
	in = urb_bufset_create(b, 1, 64);
	r[0] = URB_BUF(out, 0);
	r[1] = URB_BUF(in, 0);
	assert_int_equal(urb_push_readv(b, URB_FD(fd), r, 2, 2, &ro), 0);
	assert_int_equal(urb_buf_owner(b, r[1]), URB_OWN_KERNEL);
	assert_int_equal(urb_bufset_destroy(b, (uint32_t)in), URB_EOWNERSHIP);
	assert_int_equal(s.c[t_await_final(b, &s, key)].result, 11);
	assert_int_equal(urb_buf_view(b, r[0], &data, &len), 0);
	assert_int_equal(len, 8);
	assert_memory_equal(data, "e two th", 8);
	assert_int_equal(urb_buf_view(b, r[1], &data, &len), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(data, "ree", 3);

	if (urb_op_supported(b, URB_OP_READV_FIXED)) {
		int fixed = urb_bufset_create(b, 2, 16);
		urb_buf_t f[2] = { URB_BUF(fixed, 0), URB_BUF(fixed, 1) };
		struct urb_readv_fixed_opts fo = { .key_out = &key };

		assert_int_equal(urb_push_readv_fixed(b, URB_FD(fd), f, 2, 0, &fo), URB_EINVAL); /* not registered */
		assert_int_equal(urb_bufset_register_fixed(b, (uint32_t)fixed), 0);
		assert_int_equal(RUN_FD(b, &s, key, urb_push_readv_fixed(b, URB_FD(fd), f, 2, 0, &fo)), 13);
		t_assert_view(b, f[0], "one two three\0\0\0", 13 < 16 ? 13 : 16);
		t_assert_view(b, f[1], "", 0);
		assert_int_equal(urb_bufset_unregister_fixed(b, (uint32_t)fixed), 0);
	} else {
		print_message("readv_fixed: skipped, the kernel lacks it (6.15)\n");
	}
	assert_int_equal(t_pending(b), 0);
	close(fd);
	t_free(b);
}

static int open_fds(void)
{
	char path[64];
	int n = 0;

	for (int fd = 0; fd < 4096; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n += access(path, F_OK) == 0;
	}
	return n;
}

/* pipe makes two plain fds that work; a drain closes those of a pipe nobody read */
static void pipe_op(void **state)
{
	struct urb_bearer *b = files_bearer();
	struct t_log s = { .keep = keep_data };
	uint64_t key = 0;
	struct urb_pipe_opts o = { .flags = O_CLOEXEC, .key_out = &key };
	struct urb_stats st;
	struct urb_fd_pair ends;
	int i, before;
	char c = 0;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_PIPE);
	assert_int_equal(urb_push_pipe(b, &o), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 0);
	assert_non_null(s.c[i].u.pipe.ends);
	ends = *s.c[i].u.pipe.ends;
	assert_true(fcntl(ends.fds[0], F_GETFD) & FD_CLOEXEC);
	assert_int_equal(write(ends.fds[1], "p", 1), 1);
	assert_int_equal(read(ends.fds[0], &c, 1), 1);
	assert_int_equal(c, 'p');
	close(ends.fds[0]);
	close(ends.fds[1]);

	before = open_fds();
	assert_int_equal(urb_push_pipe(b, NULL), 0);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, NULL), 1);
	assert_int_equal(urb_bearer_drain(b), 0);
	assert_int_equal(urb_bearer_stats(b, &st), 0);
	assert_int_equal(st.drain_fds_closed, 2);
	assert_int_equal(open_fds(), before);
	t_free(b);
}

/* The slots a files_update completion named, by log index (they live in its record). */
static int32_t kept_slots[T_LOG_MAX][4];

static void keep_slots(struct t_log *log, int i, const struct urb_completion *c)
{
	(void)log;
	memset(kept_slots[i], 0xff, sizeof(kept_slots[i]));
	if (c->op == URB_OP_FILES_UPDATE && c->result > 0)
		memcpy(kept_slots[i], c->u.files_update.slots,
		       (size_t)(c->result < 4 ? c->result : 4) * sizeof(int32_t));
}

/* A pipe's ends into chosen slots, used through them; a bad fd stops the update half way. */
static void files_update(void **state)
{
	struct urb_bearer *b = t_bearer();
	struct t_log s = { .keep = keep_slots };
	uint64_t key = 0;
	struct urb_files_update_opts o = { .key_out = &key };
	uint32_t n = T_REGISTERED_FD - 4;
	urb_buf_t out = t_filled_buffer(b, "through slots"), in = t_buffer(b);
	const void *data;
	uint32_t len;
	int p[2], i, spare;

	(void)state;
	T_REQUIRE_OP(b, URB_OP_FILES_UPDATE);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(urb_push_files_update(b, p, 2, URB_SLOT(n), URB_FD_FILE, &o), 0);
	i = t_await_final(b, &s, key);
	assert_int_equal(s.c[i].result, 2);
	assert_int_equal(kept_slots[i][0], (int32_t)n);
	assert_int_equal(kept_slots[i][1], (int32_t)n + 1);
	assert_int_equal(urb_fd_kind(b, n), URB_FD_FILE);
	assert_int_equal(urb_fd_kind(b, n + 1), URB_FD_FILE);
	close(p[0]); /* the slots keep the pipe: the kernel took its own references */
	close(p[1]);
	assert_int_equal(RUN_FD(b, &s, key, urb_push_write(b, URB_SLOT(n + 1), out, UINT64_MAX,
			 &(struct urb_write_opts){ .key_out = &key })), 13);
	assert_int_equal(RUN_FD(b, &s, key, urb_push_read(b, URB_SLOT(n), in, UINT64_MAX,
			 &(struct urb_read_opts){ .key_out = &key })), 13);
	assert_int_equal(urb_buf_view(b, in, &data, &len), 0);
	assert_int_equal(len, 13);
	assert_memory_equal(data, "through slots", 13);
	assert_int_equal(urb_fd_unregister(b, n), 0);
	assert_int_equal(urb_fd_unregister(b, n + 1), 0);

	/* the second fd is no descriptor: the kernel stops there, its slot is free again */
	spare = t_new_fd();
	{
		int32_t half[2] = { spare, 999999 };

		assert_int_equal(urb_push_files_update(b, half, 2, URB_SLOT(n), URB_FD_STREAM, &o), 0);
		i = t_await_final(b, &s, key);
		assert_int_equal(s.c[i].result, 1);
		assert_int_equal(kept_slots[i][0], (int32_t)n);
		assert_int_equal(urb_fd_kind(b, n), URB_FD_STREAM);
		assert_int_equal(urb_fd_kind(b, n + 1), URB_ENOTREGISTERED);
		assert_int_equal(urb_fd_register_at(b, n + 1, spare, URB_FD_FILE), (int)n + 1);
		assert_int_equal(urb_fd_unregister(b, n), 0);
		assert_int_equal(urb_fd_unregister(b, n + 1), 0);
	}
	/* nothing went in: every slot free, no payload */
	{
		int32_t none[1] = { 999999 };

		assert_int_equal(urb_push_files_update(b, none, 1, URB_SLOT(n), URB_FD_FILE, &o), 0);
		i = t_await_final(b, &s, key);
		assert_int_equal(s.c[i].result, -EBADF);
		assert_null(s.c[i].u.files_update.slots);
		assert_int_equal(urb_fd_kind(b, n), URB_ENOTREGISTERED);
	}
	/* the kernel picks the slot, in its own area */
	{
		int32_t one[1] = { spare };
		int rc = urb_push_files_update(b, one, 1, URB_AUTO_SLOT, URB_FD_FILE, &o);

		if (rc == URB_ENOTSUP) {
			print_message("URB_AUTO_SLOT: kernel lacks slot allocation\n");
		} else {
			assert_int_equal(rc, 0);
			i = t_await_final(b, &s, key);
			assert_int_equal(s.c[i].result, 1);
			assert_true(kept_slots[i][0] >= T_REGISTERED_FD);
			assert_int_equal(urb_fd_kind(b, (uint32_t)kept_slots[i][0]), URB_FD_FILE);
			assert_int_equal(urb_fd_unregister(b, (uint32_t)kept_slots[i][0]), 0);
		}
	}
	close(spare);
	{
		struct urb_stats st;

		assert_int_equal(urb_bearer_stats(b, &st), 0);
		assert_int_equal(st.capacity_used[URB_CAP_RECORD_BYTES], 0); /* every array back */
	}
	t_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pipe_op),
		cmocka_unit_test(files_update),
		cmocka_unit_test(vectors),
		cmocka_unit_test(splice_and_tee),
		cmocka_unit_test(xattrs),
		cmocka_unit_test(madvise_a_buffer),
		cmocka_unit_test(madvise_never_reaches_the_books),
		cmocka_unit_test(books_share_no_page_with_buffers),
		cmocka_unit_test(madvise_whole_pages_only),
		cmocka_unit_test(fixed_buffers),
		cmocka_unit_test(null_opts_are_the_defaults),
		cmocka_unit_test(fixed_fd_install),
		cmocka_unit_test(poll_multi),
		cmocka_unit_test(fd_forms),
		cmocka_unit_test(read_and_write),
		cmocka_unit_test(file_calls),
		cmocka_unit_test(poll_add_and_remove),
		cmocka_unit_test(read_multishot_pipe),
		cmocka_unit_test(bind_socket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
