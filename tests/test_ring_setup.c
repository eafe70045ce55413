/* SPDX-License-Identifier: MIT */
/*
 * The ring set-up a bearer runs with (urb_bearer_setup), and each fallback
 * on a kernel that lacks a flag.  liburing's io_uring_queue_init_params()
 * and io_uring_register_ring_fd() are wrapped (-Wl,--wrap, see
 * tests/ring.cmake): the wrapper answers -EINVAL, as a kernel without the
 * flag does, to every set-up that asks for a flag the test says this
 * "kernel" lacks, and passes everything else to the real kernel.  Each
 * case then runs a NOP and a recv round trip on the ring the bearer fell
 * back to, the recv's completion read by the completion walk alone (no
 * wait): on a DEFER_TASKRUN ring the walk must flush the work the kernel
 * holds back until the owner enters it.
 *
 * Also: the default set-up on this kernel, a bearer driven from another
 * thread (refused, or allowed with URB_RING_THREAD_BOUND avoided), and
 * SQPOLL (with its poller gone to sleep and woken again).
 */
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "internal.h"

static uint32_t lacks_setup; /* IORING_SETUP_* flags this "kernel" lacks */
static bool lacks_ring_fds;  /* ... and IORING_REGISTER_RING_FDS */
static unsigned setups;      /* set-ups tried since the last reset */

int __real_io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
				      struct io_uring_params *p);
int __wrap_io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
				      struct io_uring_params *p);
int __real_io_uring_register_ring_fd(struct io_uring *ring);
int __wrap_io_uring_register_ring_fd(struct io_uring *ring);

int __wrap_io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
				      struct io_uring_params *p)
{
	setups++;
	if (p->flags & lacks_setup)
		return -EINVAL;
	return __real_io_uring_queue_init_params(entries, ring, p);
}

int __wrap_io_uring_register_ring_fd(struct io_uring *ring)
{
	if (lacks_ring_fds)
		return -EINVAL;
	return __real_io_uring_register_ring_fd(ring);
}

static void kernel_lacks(uint32_t setup_flags, bool ring_fds)
{
	lacks_setup = setup_flags;
	lacks_ring_fds = ring_fds;
	setups = 0;
}

static int reset(void **state)
{
	(void)state;
	kernel_lacks(0, false);
	return 0;
}

static const struct urb_capacity base_cap = {
	.core_queue = 16, .registered_fd = 4, .pending_completions = 32,
	.buffers = 2, .buffer_bytes = 16 * 1024,
};

static struct urb_ring_setup_info setup_of(const struct urb_bearer *b)
{
	struct urb_ring_setup_info s;

	memset(&s, 0xa5, sizeof(s));
	assert_int_equal(urb_bearer_setup(b, &s), 0);
	assert_int_equal(s.features, urb_bearer_ring_features(b));
	return s;
}

struct seen {
	int nops, recvs;
	char data[64];
	uint32_t len;
};

static enum urb_disposition on_seen(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct seen *s = user;

	(void)b;
	if (c->op == URB_OP_NOP) {
		assert_int_equal(c->result, 0);
		s->nops++;
	} else if (c->op == URB_OP_RECV) {
		assert_true(c->result > 0);
		assert_non_null(c->u.recv.data.data);
		s->len = c->u.recv.data.len < sizeof(s->data) ? c->u.recv.data.len : sizeof(s->data);
		memcpy(s->data, c->u.recv.data.data, s->len);
		s->recvs++;
	}
	return URB_DEFAULT;
}

static void sleep_1ms(void)
{
	struct timespec ts = { .tv_nsec = 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/*
 * A NOP through submit_and_wait, then a recv armed before its bytes come,
 * whose completion the walk alone must find (tried up to 5000 times, 1 ms
 * apart: no clock is asserted).  The bearer works, and its walk misses
 * nothing the kernel holds back.
 */
static void round_trips(struct urb_bearer *b)
{
	static const char msg[] = "ring set-up";
	struct timespec ts = { .tv_sec = 5 };
	struct seen s = { 0 };
	urb_buf_t buf;
	uint32_t slot;
	int sv[2];

	assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), 1);
	assert_int_equal(urb_bearer_completions(b, on_seen, &s), 1);
	assert_int_equal(s.nops, 1);

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	slot = t_register(b, sv[0], URB_FD_STREAM);
	buf = t_buffer(b);
	assert_int_equal(urb_push_recv(b, URB_SLOT(slot), buf, NULL), 0);
	assert_int_equal(urb_bearer_submit(b), 1);
	assert_int_equal(urb_bearer_completions(b, on_seen, &s), 0); /* nothing sent yet */
	assert_int_equal(send(sv[1], msg, sizeof(msg), MSG_NOSIGNAL), (ssize_t)sizeof(msg));
	for (int i = 0; i < 5000 && s.recvs == 0; i++) {
		if (urb_bearer_completions(b, on_seen, &s) == 0)
			sleep_1ms();
	}
	assert_int_equal(s.recvs, 1);
	assert_int_equal(s.len, sizeof(msg));
	assert_memory_equal(s.data, msg, sizeof(msg));
	assert_int_equal(t_pending(b), 0);
	assert_int_equal(urb_fd_unregister(b, slot), 0);
	close(sv[1]);
}

/* A bearer on a "kernel" without @setup_flags (and ring fd registration): it must run with @want. */
static void falls_back(uint32_t setup_flags, bool ring_fds, uint32_t want, uint32_t refused)
{
	struct urb_bearer *b;
	struct urb_ring_setup_info s;

	kernel_lacks(setup_flags, ring_fds);
	b = t_bearer_cap(&base_cap);
	s = setup_of(b);
	if (s.used != want || s.refused != refused)
		fail_msg("lacking %#x%s: runs with %#x (want %#x), refused %#x (want %#x)",
			 setup_flags, ring_fds ? " and ring fds" : "", s.used, want, s.refused,
			 refused);
	assert_int_equal(s.setup_flags & lacks_setup, 0);
	assert_int_equal(s.avoided, 0);
	assert_int_equal(s.sqpoll_cpu, -1);
	assert_int_equal(b->setup_flags, s.setup_flags);
	/* liburing enters through the registered index exactly when the fd is registered */
	assert_int_equal(b->ring.enter_ring_fd != b->ring.ring_fd, !!(want & URB_RING_REGISTERED_FD));
	round_trips(b);
	t_free(b);
	kernel_lacks(0, false);
}

#define DEFAULT_BITS                                                            \
	(URB_RING_SINGLE_ISSUER | URB_RING_DEFER_TASKRUN | URB_RING_TASKRUN_FLAG | \
	 URB_RING_SUBMIT_ALL | URB_RING_REGISTERED_FD)

/* This kernel (6.1 or later): everything by default, in one set-up. */
static void default_setup(void **state)
{
	struct urb_ring_setup_info s;
	struct urb_bearer *b;
	const char *why;

	(void)state;
	b = t_bearer_cap(&base_cap);
	s = setup_of(b);
	if (s.refused) {
		print_message("note: this kernel refused %#x (older than 6.1?)\n", s.refused);
	} else {
		assert_int_equal(s.used, DEFAULT_BITS);
		assert_int_equal(s.setup_flags,
				 IORING_SETUP_CQSIZE | IORING_SETUP_SINGLE_ISSUER |
				 IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG |
				 IORING_SETUP_SUBMIT_ALL);
		assert_int_equal(setups, 1);
	}
	assert_false(s.used & (URB_RING_SQPOLL | URB_RING_NO_SQARRAY));
	round_trips(b);
	t_free(b);

	/* names, and why NO_SQARRAY is not used */
	assert_string_equal(urb_ring_setup_name(URB_RING_DEFER_TASKRUN, NULL), "DEFER_TASKRUN");
	assert_string_equal(urb_ring_setup_name(URB_RING_NO_SQARRAY, &why), "NO_SQARRAY");
	assert_non_null(strstr(why, "liburing 2.3"));
	assert_null(urb_ring_setup_name(URB_RING_SINGLE_ISSUER | URB_RING_SQPOLL, &why));
	assert_null(why);
	assert_null(urb_ring_setup_name(0, NULL));
	assert_int_equal(urb_bearer_setup(NULL, &s), URB_EINVAL);
}

/* Linux 6.0: no DEFER_TASKRUN; COOP_TASKRUN takes its place. */
static void without_defer_taskrun(void **state)
{
	(void)state;
	falls_back(IORING_SETUP_DEFER_TASKRUN, false,
		   URB_RING_SINGLE_ISSUER | URB_RING_COOP_TASKRUN | URB_RING_TASKRUN_FLAG |
		   URB_RING_SUBMIT_ALL | URB_RING_REGISTERED_FD,
		   URB_RING_DEFER_TASKRUN);
}

/* Linux 5.19: no SINGLE_ISSUER either. */
static void without_single_issuer(void **state)
{
	(void)state;
	falls_back(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER, false,
		   URB_RING_COOP_TASKRUN | URB_RING_TASKRUN_FLAG | URB_RING_SUBMIT_ALL |
		   URB_RING_REGISTERED_FD,
		   URB_RING_DEFER_TASKRUN | URB_RING_SINGLE_ISSUER);
}

/* Linux 5.18: no COOP_TASKRUN or TASKRUN_FLAG either. */
static void without_coop_taskrun(void **state)
{
	(void)state;
	falls_back(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER |
		   IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG, false,
		   URB_RING_SUBMIT_ALL | URB_RING_REGISTERED_FD,
		   URB_RING_DEFER_TASKRUN | URB_RING_SINGLE_ISSUER | URB_RING_TASKRUN_FLAG |
		   URB_RING_COOP_TASKRUN);
}

/* Linux 5.17: none of them, and no registered ring fds. */
static void without_any(void **state)
{
	(void)state;
	falls_back(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER |
		   IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG |
		   IORING_SETUP_SUBMIT_ALL, true, 0,
		   URB_RING_DEFER_TASKRUN | URB_RING_SINGLE_ISSUER | URB_RING_TASKRUN_FLAG |
		   URB_RING_COOP_TASKRUN | URB_RING_SUBMIT_ALL | URB_RING_REGISTERED_FD);
}

/* Only the ring fd registration refused: every set-up flag stays. */
static void without_registered_ring(void **state)
{
	(void)state;
	falls_back(0, true, DEFAULT_BITS & ~URB_RING_REGISTERED_FD, URB_RING_REGISTERED_FD);
}

/* A kernel that refuses every ring: its answer, after one try per flag it could leave out. */
static void ring_refused_altogether(void **state)
{
	struct urb_bearer *b = (struct urb_bearer *)&b;

	(void)state;
	kernel_lacks(IORING_SETUP_CQSIZE, false);
	assert_int_equal(urb_bearer_new(&base_cap, &b), -EINVAL);
	assert_null(b);
	/* all, then without DEFER (COOP instead), SINGLE, TASKRUN_FLAG, COOP, SUBMIT_ALL */
	assert_int_equal(setups, 6);
	kernel_lacks(0, false);
}

/* DEFER_TASKRUN without TASKRUN_FLAG: the walk flushes every time the CQ looks empty. */
static void defer_without_taskrun_flag(void **state)
{
	struct urb_capacity cap = base_cap;
	struct urb_ring_setup_info s;
	struct urb_bearer *b;

	(void)state;
	cap.ring_avoid = URB_RING_TASKRUN_FLAG;
	b = t_bearer_cap(&cap);
	s = setup_of(b);
	if (s.refused)
		skip();
	assert_int_equal(s.used, DEFAULT_BITS & ~URB_RING_TASKRUN_FLAG);
	assert_int_equal(s.avoided, URB_RING_TASKRUN_FLAG);
	round_trips(b);
	t_free(b);
}

/* DEFER_TASKRUN left out by choice: COOP_TASKRUN takes its place, as on a kernel without it. */
static void defer_taskrun_avoided(void **state)
{
	struct urb_capacity cap = base_cap;
	struct urb_ring_setup_info s;
	struct urb_bearer *b;

	(void)state;
	cap.ring_avoid = URB_RING_DEFER_TASKRUN;
	b = t_bearer_cap(&cap);
	s = setup_of(b);
	if (s.refused)
		skip();
	assert_int_equal(s.used, URB_RING_SINGLE_ISSUER | URB_RING_COOP_TASKRUN |
				 URB_RING_TASKRUN_FLAG | URB_RING_SUBMIT_ALL | URB_RING_REGISTERED_FD);
	assert_int_equal(s.avoided, URB_RING_DEFER_TASKRUN);
	assert_int_equal(setups, 1);
	round_trips(b);
	t_free(b);
}

/* ---- threads */

struct driver {
	struct urb_bearer *b;
	int fd; /* to register */
	int submit_rc, register_rc;
	char words[256]; /* urb_bearer_explain() of the submit's refusal */
	bool round_trips; /* run round_trips() on this thread */
};

static void *driver_main(void *arg)
{
	struct driver *d = arg;

	if (d->round_trips) {
		round_trips(d->b);
		return NULL;
	}
	d->submit_rc = urb_bearer_submit(d->b);
	snprintf(d->words, sizeof(d->words), "%s", urb_bearer_explain(d->b, d->submit_rc));
	d->register_rc = urb_fd_register(d->b, d->fd, URB_FD_STREAM);
	return NULL;
}

/* Built on this thread, driven from another: refused in words, and nothing lost. */
static void another_thread_is_refused(void **state)
{
	struct urb_bearer *b = t_bearer_cap(&base_cap);
	struct driver d = { .b = b, .fd = t_new_fd() };
	struct seen s = { 0 };
	pthread_t t;

	(void)state;
	if (!(setup_of(b).used & URB_RING_SINGLE_ISSUER)) {
		t_free(b);
		skip();
	}
	assert_int_equal(urb_push_nop(b, NULL), 0);
	assert_int_equal(pthread_create(&t, NULL, driver_main, &d), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(d.submit_rc, URB_ETHREAD);
	assert_non_null(strstr(d.words, "URB_RING_THREAD_BOUND"));
	assert_int_equal(d.register_rc, -EEXIST); /* the kernel's answer, passed on */
	close(d.fd);
	assert_int_equal(urb_bearer_submit_and_wait(b, 1, NULL), 1);
	assert_int_equal(urb_bearer_completions(b, on_seen, &s), 1);
	assert_int_equal(s.nops, 1);
	round_trips(b); /* the fd table is as it was */
	t_free(b);
}

/* With URB_RING_THREAD_BOUND avoided, one thread builds it and another drives it. */
static void thread_bound_avoided(void **state)
{
	struct urb_capacity cap = base_cap;
	struct urb_ring_setup_info s;
	struct urb_bearer *b;
	struct driver d = { .round_trips = true };
	pthread_t t;

	(void)state;
	cap.ring_avoid = URB_RING_THREAD_BOUND;
	b = t_bearer_cap(&cap);
	s = setup_of(b);
	assert_int_equal(s.used & URB_RING_THREAD_BOUND, 0);
	assert_int_equal(s.avoided, URB_RING_SINGLE_ISSUER | URB_RING_DEFER_TASKRUN |
				    URB_RING_TASKRUN_FLAG | URB_RING_REGISTERED_FD);
	d.b = b;
	assert_int_equal(pthread_create(&t, NULL, driver_main, &d), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	round_trips(b); /* and back on this one */
	t_free(b);
}

/* ---- SQPOLL */

static void sqpoll_runs(uint32_t options, uint32_t lacks, uint32_t want)
{
	struct urb_capacity cap = base_cap;
	struct urb_ring_setup_info s;
	struct timespec ts = { .tv_sec = 5 };
	struct seen seen = { 0 };
	struct urb_bearer *b = NULL;
	int rc;

	cap.ring_options = options;
	cap.sqpoll_idle_ms = 2;
	kernel_lacks(lacks, false);
	rc = urb_bearer_new(&cap, &b);
	if (rc == -EPERM) {
		print_message("note: SQPOLL needs privileges this process lacks\n");
		kernel_lacks(0, false);
		skip();
	}
	assert_int_equal(rc, 0);
	s = setup_of(b);
	assert_int_equal(s.used, want);
	assert_true(s.setup_flags & IORING_SETUP_SQPOLL);
	assert_false(s.setup_flags & (IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_COOP_TASKRUN |
				      IORING_SETUP_TASKRUN_FLAG));
	assert_int_equal(s.sqpoll_idle_ms, 2);
	assert_int_equal(s.sqpoll_cpu, (options & URB_RING_SQ_AFF) ? 0 : -1);
	round_trips(b);
	/* the poller sleeps after 2 ms idle; the next submit must wake it */
	for (int i = 0; i < 3; i++) {
		for (int j = 0; j < 20; j++)
			sleep_1ms();
		assert_int_equal(urb_push_nop(b, NULL), 0);
		assert_int_equal(urb_bearer_submit_and_wait(b, 1, &ts), 1);
		assert_int_equal(urb_bearer_completions(b, on_seen, &seen), 1);
	}
	/* an untimed submit must wake it too: walks alone never enter the kernel here */
	for (int i = 0; i < 3; i++) {
		int got = 0;

		for (int j = 0; j < 20; j++)
			sleep_1ms();
		assert_int_equal(urb_push_nop(b, NULL), 0);
		assert_int_equal(urb_bearer_submit(b), 1);
		for (int j = 0; j < 1000 && !got; j++) {
			got = urb_bearer_completions(b, on_seen, &seen);
			if (!got)
				sleep_1ms();
		}
		assert_int_equal(got, 1);
	}
	/* and the one-call turn, untimed (a polled ring takes it off the plain path) */
	for (int i = 0; i < 3; i++) {
		for (int j = 0; j < 20; j++)
			sleep_1ms();
		assert_int_equal(urb_push_nop(b, NULL), 0);
		assert_int_equal(urb_bearer_submit_and_complete(b, 1, NULL, on_seen, &seen), 1);
	}
	assert_int_equal(seen.nops, 9);
	t_free(b);
	kernel_lacks(0, false);
}

static void sqpoll(void **state)
{
	(void)state;
	sqpoll_runs(URB_RING_SQPOLL, 0,
		    URB_RING_SQPOLL | URB_RING_SINGLE_ISSUER | URB_RING_SUBMIT_ALL |
		    URB_RING_REGISTERED_FD);
}

static void sqpoll_pinned(void **state)
{
	(void)state;
	sqpoll_runs(URB_RING_SQPOLL | URB_RING_SQ_AFF, 0,
		    URB_RING_SQPOLL | URB_RING_SQ_AFF | URB_RING_SINGLE_ISSUER |
		    URB_RING_SUBMIT_ALL | URB_RING_REGISTERED_FD);
}

/* SQPOLL on a kernel without SINGLE_ISSUER and SUBMIT_ALL: SQPOLL stays. */
static void sqpoll_without_single_issuer(void **state)
{
	(void)state;
	sqpoll_runs(URB_RING_SQPOLL, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_SUBMIT_ALL,
		    URB_RING_SQPOLL | URB_RING_REGISTERED_FD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(default_setup, reset),
		cmocka_unit_test_setup(without_defer_taskrun, reset),
		cmocka_unit_test_setup(without_single_issuer, reset),
		cmocka_unit_test_setup(without_coop_taskrun, reset),
		cmocka_unit_test_setup(without_any, reset),
		cmocka_unit_test_setup(without_registered_ring, reset),
		cmocka_unit_test_setup(ring_refused_altogether, reset),
		cmocka_unit_test_setup(defer_without_taskrun_flag, reset),
		cmocka_unit_test_setup(defer_taskrun_avoided, reset),
		cmocka_unit_test_setup(another_thread_is_refused, reset),
		cmocka_unit_test_setup(thread_bound_avoided, reset),
		cmocka_unit_test_setup(sqpoll, reset),
		cmocka_unit_test_setup(sqpoll_pinned, reset),
		cmocka_unit_test_setup(sqpoll_without_single_issuer, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
