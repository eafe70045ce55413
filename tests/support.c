/* SPDX-License-Identifier: MIT */
#include "support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

enum urb_disposition t_record(struct urb_bearer *b, const struct urb_completion *c, void *user)
{
	struct t_seen *seen = user;

	(void)b;
	seen->calls++;
	if (c->op == URB_OP_STALE)
		seen->stale++;
	seen->last = *c;
	return seen->answer;
}

struct urb_bearer *t_bearer_cap(const struct urb_capacity *cap)
{
	struct urb_bearer *b = NULL;

	assert_int_equal(urb_bearer_new(cap, &b), 0);
	assert_non_null(b);
	return b;
}

struct urb_bearer *t_bearer(void)
{
	struct urb_capacity cap = {
		.core_queue = 64, .registered_fd = T_REGISTERED_FD, .direct_fd = T_DIRECT_FD, .pending_completions = 64,
		.buffers = 8, .buffer_bytes = 64 * 1024, .buffer_rings = 4, .futexes = 8,
		.record_bytes = 16 * 1024,
	};
	return t_bearer_cap(&cap);
}

void t_free(struct urb_bearer *b)
{
	assert_int_equal(urb_bearer_free(b), 0);
}

uint32_t t_pending(const struct urb_bearer *b)
{
	struct urb_stats s;

	assert_int_equal(urb_bearer_stats(b, &s), 0);
	return s.pending;
}

uint64_t t_stale(const struct urb_bearer *b)
{
	struct urb_stats s;

	assert_int_equal(urb_bearer_stats(b, &s), 0);
	return s.stale_cqes;
}

static int kind_fd(enum urb_fd_kind kind)
{
	int fd = -1, pair[2];
	struct sockaddr_in sa = t_loopback();

	switch (kind) {
	case URB_FD_ACCEPTOR:
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		sa.sin_port = 0;
		assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
		assert_int_equal(listen(fd, 16), 0);
		break;
	case URB_FD_STREAM:
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
		close(pair[1]);
		fd = pair[0];
		break;
	case URB_FD_SOCKET:
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		break;
	case URB_FD_FILE:
		fd = t_new_fd();
		break;
	}
	assert_true(fd >= 0);
	return fd;
}

uint32_t t_slot(struct urb_bearer *b, enum urb_fd_kind kind)
{
	return t_register(b, kind_fd(kind), kind);
}

enum urb_fd_kind t_other_kind(uint32_t allowed)
{
	for (int k = URB_FD_ACCEPTOR; k <= URB_FD_FILE; k++)
		if (!(allowed & (1u << k)))
			return (enum urb_fd_kind)k;
	return 0;
}

int t_new_fd(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

void t_fill(struct urb_bearer *b, urb_buf_t buf, const char *msg)
{
	uint32_t len = (uint32_t)strlen(msg);
	void *data;
	uint32_t cap;

	assert_int_equal(urb_buf_fill(b, buf, &data, &cap), 0);
	assert_true(len <= cap);
	memcpy(data, msg, len);
	assert_int_equal(urb_buf_filled(b, buf, len), 0);
}

urb_buf_t t_filled_buffer(struct urb_bearer *b, const char *msg)
{
	int set = urb_bufset_create(b, 1, 64);

	assert_true(set >= 0);
	t_fill(b, URB_BUF(set, 0), msg);
	return URB_BUF(set, 0);
}

urb_buf_t t_buffer(struct urb_bearer *b)
{
	return t_filled_buffer(b, "abc");
}

urb_buf_t t_page_buffer(struct urb_bearer *b)
{
	int set = urb_bufset_create(b, 1, (uint32_t)sysconf(_SC_PAGESIZE));

	assert_true(set >= 0);
	t_fill(b, URB_BUF(set, 0), "abc");
	return URB_BUF(set, 0);
}

void t_assert_view(struct urb_bearer *b, urb_buf_t buf, const void *want, uint32_t want_len)
{
	const void *data;
	uint32_t len;

	assert_int_equal(urb_buf_view(b, buf, &data, &len), 0);
	assert_int_equal(len, want_len);
	if (want_len)
		assert_memory_equal(data, want, want_len);
}

uint32_t t_register(struct urb_bearer *b, int fd, enum urb_fd_kind kind)
{
	int slot = urb_fd_register(b, fd, kind);

	assert_true(slot >= 0);
	close(fd); /* the fixed-file table holds its own reference */
	return (uint32_t)slot;
}

const void *t_buf_data(struct urb_bearer *b, urb_buf_t buf)
{
	uint8_t *data;
	uint32_t cap;

	assert_non_null(urb__buf_meta(b, buf, &data, &cap));
	return data;
}

struct sockaddr_in t_loopback(void)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(9);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sa;
}

uint64_t t_pending_key(struct urb_bearer *b)
{
	uint64_t key = 0;
	struct urb_nop_opts opts = { .key_out = &key };

	assert_int_equal(urb_push_nop(b, &opts), 0);
	assert_true(key != 0);
	return key;
}

uint64_t t_pending_key_of(struct urb_bearer *b, int op)
{
	static int pipe_fds[2] = { -1, -1 };
	static const struct __kernel_timespec hour = { .tv_sec = 3600 };
	uint64_t key = 0;

	if (op == URB_OP_POLL_ADD || op == URB_OP_POLL_MULTI) {
		struct urb_poll_add_opts opts = { .key_out = &key };

		if (pipe_fds[0] < 0)
			assert_int_equal(pipe(pipe_fds), 0); /* kept open for the process's life */
		assert_int_equal(urb_push_poll_add(b, URB_FD(pipe_fds[0]), POLLIN, &opts), 0);
	} else if (op == URB_OP_TIMEOUT) {
		struct urb_timeout_opts opts = { .key_out = &key };

		assert_int_equal(urb_push_timeout(b, &hour, &opts), 0);
	} else {
		assert_int_equal(op, URB_OP_NOP);
		return t_pending_key(b);
	}
	assert_true(key != 0);
	return key;
}

uint64_t t_end(struct urb_bearer *b, uint64_t key)
{
	struct t_seen seen = { 0 };

	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.last.key, key);
	return key;
}

static uint64_t link_head_key;

void t_link_head(struct urb_bearer *b)
{
	struct urb_nop_opts opts = { .key_out = &link_head_key, .submit_flags = URB_SUBMIT_LINK };

	if (b)
		assert_int_equal(urb_push_nop(b, &opts), 0);
}

int t_link_done(struct urb_bearer *b, int rc)
{
	if (b)
		t_end(b, link_head_key);
	return rc;
}

uint64_t t_last_key(const struct urb_bearer *b)
{
	const struct io_uring_sq *sq = &b->ring.sq;

	assert_true(sq->sqe_tail != sq->sqe_head); /* something was pushed, not yet submitted */
	return sq->sqes[(sq->sqe_tail - 1) & sq->ring_mask].user_data;
}

int t_inject(struct urb_bearer *b, uint64_t key, int32_t res, uint32_t flags,
	     struct t_seen *seen)
{
	return urb__dispatch_cqe(b, key, res, flags, t_record, seen);
}

uint32_t t_set(struct urb_bearer *b)
{
	int set = urb_bufset_create(b, 4, 64);

	assert_true(set >= 0);
	return (uint32_t)set;
}

uint32_t t_group(struct urb_bearer *b)
{
	uint32_t set = t_set(b);

	assert_int_equal(urb_bufring_create(b, set), 0);
	return set;
}

uint32_t t_send_ring(struct urb_bearer *b)
{
	uint32_t set = t_set(b);

	assert_int_equal(urb_bufring_create_send(b, set), 0);
	t_fill(b, URB_BUF(set, 1), "abc");
	assert_int_equal(urb_buf_queue(b, URB_BUF(set, 1)), 0);
	return set;
}

uint32_t t_legacy_group(struct urb_bearer *b)
{
	uint32_t set = t_set(b);
	uint64_t key = 0;
	struct urb_provide_buffers_opts opts = { .key_out = &key };
	struct t_seen seen = { 0 };

	assert_int_equal(urb_push_provide_buffers(b, set, &opts), 0);
	assert_int_equal(t_inject(b, key, 0, 0, &seen), 0); /* as if the kernel took them */
	assert_true(seen.last.final);
	return set;
}

char *t_temp_name(char *buf, size_t size, const char *what)
{
	const char *dir = getenv("TMPDIR");
	int n = snprintf(buf, size, "%s/urb-%s-XXXXXX", dir && dir[0] ? dir : "/tmp", what);

	assert_true(n > 0 && (size_t)n < size);
	return buf;
}

uint32_t t_futex(struct urb_bearer *b)
{
	uint32_t *word;
	int id = urb_futex_create(b, 0, &word);

	assert_true(id >= 0);
	return (uint32_t)id;
}

static enum urb_disposition wait_cb(struct urb_bearer *b, const struct urb_completion *c, void *user)
{
	struct t_wait *w = user;

	(void)b;
	if (c->key == w->key && c->op != URB_OP_STALE && c->final) {
		w->done = true;
		w->c = *c;
	}
	return URB_DEFAULT;
}

int t_wait_for(struct urb_bearer *b, struct t_wait *w)
{
	struct timespec ts = { .tv_sec = 2 };

	while (!w->done) {
		int rc = urb_bearer_submit_and_wait(b, 1, &ts);

		if (rc < 0)
			return rc;
		rc = urb_bearer_completions(b, wait_cb, w);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int t_push_failing_link(struct urb_bearer *b)
{
	uint32_t *word;
	int id = urb_futex_create(b, 1, &word);
	struct urb_futex_wait_opts opts = { .submit_flags = URB_SUBMIT_LINK };

	if (id < 0)
		return id;
	return urb_push_futex_wait(b, (uint32_t)id, 0, &opts); /* the word holds 1: -EAGAIN */
}

enum urb_disposition t_log_cb(struct urb_bearer *b, const struct urb_completion *c, void *user)
{
	struct t_log *log = user;

	(void)b;
	if (log->n < T_LOG_MAX) {
		log->c[log->n] = *c;
		if (log->keep)
			log->keep(log, log->n, c);
		log->n++;
	}
	return log->answer;
}

/* One short wait and a completions walk. */
static void t_log_turn(struct urb_bearer *b, struct t_log *log)
{
	struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

	urb_bearer_submit_and_wait(b, 1, &ts);
	assert_true(urb_bearer_completions(b, t_log_cb, log) >= 0);
}

int t_await_final(struct urb_bearer *b, struct t_log *log, uint64_t key)
{
	for (int round = 0; round < 500; round++) {
		for (int i = 0; i < log->n; i++)
			if (log->c[i].key == key && log->c[i].final)
				return i;
		t_log_turn(b, log);
	}
	fail_msg("no final completion for key %#llx", (unsigned long long)key);
	return -1;
}

void t_settle(struct urb_bearer *b, struct t_log *log)
{
	for (int round = 0; round < 500 && t_pending(b); round++)
		t_log_turn(b, log);
	assert_int_equal(t_pending(b), 0);
}
