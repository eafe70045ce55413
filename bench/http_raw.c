/* SPDX-License-Identifier: MIT */
/*
 * http_raw: http_urb written directly on liburing, as one would without
 * urb: the same ring (flags, SQ and CQ sizes), the same fixed-file table
 * (listener in slot 0, the kernel allocating connection slots after it),
 * multishot accept into direct slots, recv into a per-connection buffer,
 * one send per request, close of the slot at EOF.  The response is one
 * static buffer shared by every send; user_data is op << 32 | slot.
 *
 *   http_raw [--port P] [--max-conns N] [--exit-after REQUESTS]
 */
#include <sys/mman.h>

#include <liburing.h>

#include "alloc_count.h"
#include "http.h"
#include "ring.h"

enum { OP_ACCEPT = 1, OP_RECV, OP_SEND, OP_CLOSE };

#define LISTENER 0u
#define UD(op, slot) ((uint64_t)(op) << 32 | (slot))

struct conn {
	bool open;
	uint8_t match;
	uint32_t owed;
};

struct srv {
	struct io_uring ring;
	uint32_t max_conns;
	uint8_t *rbufs;       /* max_conns receive buffers */
	struct conn *conns;   /* by slot - 1 */
	uint32_t open;
	uint64_t accepted, requests, errors;
};

static struct io_uring_sqe *get_sqe(struct srv *s)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&s->ring);

	if (!sqe) { /* SQ full: hand what is queued to the kernel */
		io_uring_submit(&s->ring);
		sqe = io_uring_get_sqe(&s->ring);
		if (!sqe)
			BENCH_DIE("http_raw: SQ full");
	}
	return sqe;
}

static void arm_accept(struct srv *s)
{
	struct io_uring_sqe *sqe = get_sqe(s);

	io_uring_prep_multishot_accept_direct(sqe, LISTENER, NULL, NULL, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data64(sqe, UD(OP_ACCEPT, 0));
}

static void push_recv(struct srv *s, uint32_t slot)
{
	struct io_uring_sqe *sqe = get_sqe(s);

	io_uring_prep_recv(sqe, (int)slot, s->rbufs + (size_t)(slot - 1) * HTTP_RECV_LEN,
			   HTTP_RECV_LEN, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data64(sqe, UD(OP_RECV, slot));
}

static void push_send(struct srv *s, uint32_t slot)
{
	struct io_uring_sqe *sqe = get_sqe(s);

	io_uring_prep_send(sqe, (int)slot, http_response, HTTP_RESPONSE_LEN, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data64(sqe, UD(OP_SEND, slot));
}

static void push_close(struct srv *s, uint32_t slot)
{
	struct io_uring_sqe *sqe = get_sqe(s);

	io_uring_prep_close_direct(sqe, slot);
	io_uring_sqe_set_data64(sqe, UD(OP_CLOSE, slot));
}

static void on_cqe(struct srv *s, const struct io_uring_cqe *cqe)
{
	uint32_t slot = (uint32_t)cqe->user_data;
	struct conn *cn = slot ? &s->conns[slot - 1] : NULL;
	int res = cqe->res;
	unsigned n;

	switch (cqe->user_data >> 32) {
	case OP_ACCEPT:
		if (res >= 0) {
			slot = (uint32_t)res;
			cn = &s->conns[slot - 1];
			cn->open = true;
			cn->match = 0;
			cn->owed = 0;
			s->open++;
			s->accepted++;
			push_recv(s, slot);
		} else if (res != -ECANCELED) {
			s->errors++;
		}
		if (!(cqe->flags & IORING_CQE_F_MORE) && !http_stop)
			arm_accept(s);
		break;
	case OP_RECV:
		if (res <= 0) {
			s->errors += res < 0 && !http_peer_gone(-res);
			push_close(s, slot);
			break;
		}
		n = http_count(&cn->match, s->rbufs + (size_t)(slot - 1) * HTTP_RECV_LEN,
			       (size_t)res);
		if (n == 0) {
			push_recv(s, slot);
			break;
		}
		cn->owed = n;
		s->requests += n;
		push_send(s, slot);
		break;
	case OP_SEND:
		if (res != (int)HTTP_RESPONSE_LEN) {
			s->errors += !http_peer_gone(-res);
			push_close(s, slot);
		} else if (--cn->owed > 0) {
			push_send(s, slot);
		} else {
			push_recv(s, slot);
		}
		break;
	case OP_CLOSE:
		cn->open = false;
		s->open--;
		break;
	}
}

static void report(struct srv *s)
{
	printf("STATS server=raw requests=%llu accepted=%llu open=%u errors=%llu "
	       "allocs_after_setup=%lu rss_kib=%lu\n",
	       (unsigned long long)s->requests, (unsigned long long)s->accepted, s->open,
	       (unsigned long long)s->errors, bench_allocs(), bench_rss_kib(getpid()));
	fflush(stdout);
}

/*
 * The ring urb's ring_init() builds for http_urb's capacity: its sizes,
 * and the set-up a bearer runs with here (flags, registered ring fd).
 */
static void setup(struct srv *s, const struct http_args *a)
{
	uint32_t records = (uint32_t)a->max_conns + 8, sq = 1, cq;
	struct urb_capacity like = { .core_queue = 1, .pending_completions = 1 };
	struct urb_ring_setup_info info;
	size_t rbytes = (size_t)a->max_conns * HTTP_RECV_LEN;
	int lfd, rc;

	while (sq < records)
		sq *= 2;
	cq = 2 * sq;
	while (cq < records && cq < 65536)
		cq *= 2;
	bench_setup_info(&like, &info);
	bench_raw_ring(&s->ring, sq, cq, &info, "raw");
	s->max_conns = (uint32_t)a->max_conns;
	rc = io_uring_register_files_sparse(&s->ring, 1 + s->max_conns);
	if (rc == 0)
		rc = io_uring_register_file_alloc_range(&s->ring, 1, s->max_conns);
	if (rc < 0)
		BENCH_DIE("http_raw: fixed files: %s", strerror(-rc));
	/* like urb's buffer memory: mapped, populated and locked up front */
	s->rbufs = mmap(NULL, rbytes, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (s->rbufs == MAP_FAILED)
		BENCH_DIE("http_raw: mmap: %s", strerror(errno));
	mlock(s->rbufs, rbytes);
	s->conns = calloc(a->max_conns, sizeof(*s->conns));
	if (!s->conns)
		BENCH_DIE("http_raw: out of memory");
	lfd = http_listen((unsigned)a->port, 0);
	rc = io_uring_register_files_update(&s->ring, LISTENER, &lfd, 1);
	if (rc < 0)
		BENCH_DIE("http_raw: register listener: %s", strerror(-rc));
	close(lfd);
	arm_accept(s);
}

/* The event loop, apart so that a profiler can count it alone (serve*). */
static __attribute__((noinline)) void serve(struct srv *s)
{
	while (!http_done(s->requests)) {
		struct io_uring_cqe *cqe;
		unsigned head, n = 0;
		int rc = io_uring_submit_and_wait(&s->ring, 1);

		if (rc < 0 && rc != -EINTR)
			BENCH_DIE("http_raw: submit: %s", strerror(-rc));
		io_uring_for_each_cqe(&s->ring, head, cqe) {
			on_cqe(s, cqe);
			n++;
		}
		io_uring_cq_advance(&s->ring, n);
		if (http_report) {
			http_report = 0;
			report(s);
		}
	}
}

int main(int argc, char **argv)
{
	struct http_args a;
	struct srv s;

	http_parse_args(argc, argv, &a);
	http_signals();
	memset(&s, 0, sizeof(s));
	setup(&s, &a);
	printf("READY server=raw port=%lu max_conns=%lu rss_kib=%lu buffer_kib=%lu\n", a.port,
	       a.max_conns, bench_rss_kib(getpid()),
	       (unsigned long)(a.max_conns * HTTP_RECV_LEN / 1024));
	fflush(stdout);
	bench_alloc_arm();
	serve(&s);
	report(&s);
	io_uring_queue_exit(&s.ring);
	free(s.conns);
	return 0;
}
