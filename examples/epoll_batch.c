/* SPDX-License-Identifier: MIT */
/*
 * epoll_batch: managing an epoll set in batches through the ring.
 *
 *   1. NPAIRS socketpairs.  The read end of pair i is watched for EPOLLIN
 *      with epoll_data.u64 = TAG | i, so an event names its pair directly.
 *   2. All NPAIRS EPOLL_CTL_ADDs are pushed, then one io_uring_enter
 *      submits them and waits for their completions: one syscall where
 *      plain epoll_ctl(2) takes NPAIRS.
 *   3. A subset (every pair i with i % 5 == 2) gets one byte, i, written to
 *      its other end.
 *   4. Readiness is collected with epoll_wait ops (up to 16 events each,
 *      kernel 6.15+) or, on older kernels, urb_epoll_wait().  Each ready
 *      pair is drained (its byte read and checked), so the level-triggered
 *      set reports it once.  Exactly the subset must show up.
 *   5. One more epoll_wait op must find nothing: after 20 ms it is
 *      cancelled (urb_push_cancel) and ends with -ECANCELED.
 *   6. All NPAIRS EPOLL_CTL_DELs go out in one batch again; afterwards,
 *      with every pair readable, the set reports nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <urb.h>

#include "example.h"
#include "needs.h"

#define NPAIRS 256u
#define TAG 0xe9011ull		/* high half of every epoll_data we hand out */
#define EV_DATA(i) ((TAG << 32) | (i))

struct demo {
	struct urb_bearer *b;
	int epfd;
	int rd[NPAIRS], wr[NPAIRS];
	bool expect[NPAIRS];	/* made readable */
	bool seen[NPAIRS];	/* reported ready */
	uint32_t nexpect, nseen;
	uint32_t ctl_done;	/* epoll_ctl completions of the current batch */
	bool wait_pending;
	bool failed;
};

static void urb_fail(struct demo *d, const char *what, int rc)
{
	fprintf(stderr, "epoll_batch: %s: %s\n", what, urb_bearer_explain(d->b, rc));
	d->failed = true;
}

/* One ready event: check it names an expected pair, then drain the pair. */
static void on_event(struct demo *d, const struct epoll_event *ev)
{
	uint64_t i = ev->data.u64 & 0xffffffffu;
	uint8_t byte;

	if (ev->data.u64 >> 32 != TAG || i >= NPAIRS || !d->expect[i] || d->seen[i]) {
		fprintf(stderr, "epoll_batch: unexpected event %#llx (events %#x)\n",
			(unsigned long long)ev->data.u64, ev->events);
		d->failed = true;
		return;
	}
	d->seen[i] = true;
	d->nseen++;
	if (read(d->rd[i], &byte, 1) != 1 || byte != (uint8_t)i) {
		fprintf(stderr, "epoll_batch: pair %llu: wrong or missing byte\n",
			(unsigned long long)i);
		d->failed = true;
	}
}

static enum urb_disposition on_completion(struct urb_bearer *b,
					  const struct urb_completion *c, void *user)
{
	struct demo *d = user;

	(void)b;
	switch (c->op) {
	case URB_OP_EPOLL_CTL:
		d->ctl_done++;
		if (c->result < 0) {
			fprintf(stderr, "epoll_batch: epoll_ctl of pair %zu: %s\n",
				(size_t)(uintptr_t)c->user, urb_strerror(c->result));
			d->failed = true;
		}
		break;
	case URB_OP_EPOLL_WAIT:
		d->wait_pending = false;
		if (c->result == -ECANCELED)
			break;	/* step 5: the wait that was to find nothing */
		if (c->result < 0) {
			fprintf(stderr, "epoll_batch: epoll_wait: %s\n", urb_strerror(c->result));
			d->failed = true;
			break;
		}
		/* the events live in the record: read them before returning */
		for (uint32_t k = 0; k < c->u.epoll_wait.ready.count; k++)
			on_event(d, &c->u.epoll_wait.ready.events[k]);
		break;
	case URB_OP_CANCEL:
		if (c->result < 0) {
			fprintf(stderr, "epoll_batch: cancel: %s\n", urb_strerror(c->result));
			d->failed = true;
		}
		break;
	default:
		fprintf(stderr, "epoll_batch: unexpected completion of %s\n",
			c->op == URB_OP_STALE ? "a stale key" : urb_op_name(c->op));
		d->failed = true;
	}
	return URB_DEFAULT;
}

static int completions(struct demo *d)
{
	int rc = urb_bearer_completions(d->b, on_completion, d);

	if (rc < 0)
		urb_fail(d, "completions", rc);
	return rc;
}

/* Steps 2 and 6: one epoll_ctl op per pair, all in one submit. */
static int ctl_batch(struct demo *d, int op, const char *name)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int rc;

	for (uint32_t i = 0; i < NPAIRS; i++) {
		ev.data.u64 = EV_DATA(i);	/* copied into the record */
		/* the pair number is handed back in the completion */
		rc = urb_push_epoll_ctl_user(d->b, URB_FD(d->epfd), op, URB_FD(d->rd[i]),
					     op == EPOLL_CTL_DEL ? NULL : &ev, (void *)(uintptr_t)i);
		if (rc < 0) {
			urb_fail(d, "push epoll_ctl", rc);
			return rc;
		}
	}
	d->ctl_done = 0;
	/* one io_uring_enter: submit all, wait for all */
	rc = urb_bearer_submit_and_wait(d->b, NPAIRS, NULL);
	if (rc < 0) {
		urb_fail(d, "submit and wait", rc);
		return rc;
	}
	if (rc != (int)NPAIRS) {
		fprintf(stderr, "epoll_batch: %s: submitted %d of %u\n", name, rc, NPAIRS);
		d->failed = true;
	}
	if (completions(d) < 0)
		return -1;
	if (d->ctl_done != NPAIRS) {
		fprintf(stderr, "epoll_batch: %s: %u of %u completions\n", name, d->ctl_done,
			NPAIRS);
		d->failed = true;
	}
	printf("%s: %u epoll_ctl ops in 1 io_uring_enter (%u syscalls saved)\n", name,
	       NPAIRS, NPAIRS - 1);
	return d->failed ? -1 : 0;
}

static int push_wait(struct demo *d, uint64_t *key)
{
	struct urb_epoll_wait_opts o = { .key_out = key };
	int rc = urb_push_epoll_wait(d->b, URB_FD(d->epfd), &o);

	if (rc < 0) {
		urb_fail(d, "push epoll_wait", rc);
		return rc;
	}
	d->wait_pending = true;
	return 0;
}

/* Step 4 with the epoll_wait op; then step 5. */
static int collect_ring(struct demo *d)
{
	struct timespec limit = { .tv_sec = 2 }, brief = { .tv_nsec = 20 * 1000 * 1000 };
	uint32_t waits = 0;
	uint64_t key;
	int rc;

	while (d->nseen < d->nexpect && !d->failed) {
		if (push_wait(d, &key) < 0)
			return -1;
		rc = urb_bearer_submit_and_wait(d->b, 1, &limit);
		if (rc < 0) {
			urb_fail(d, "submit and wait (epoll_wait)", rc);
			return rc;
		}
		if (completions(d) < 0)
			return -1;
		waits++;
	}
	printf("collected with %u epoll_wait ops\n", waits);

	/* step 5: nothing else is ready, so this one waits until cancelled */
	if (push_wait(d, &key) < 0)
		return -1;
	rc = urb_bearer_submit_and_wait(d->b, 1, &brief);
	if (rc < 0 && rc != -ETIME) {
		urb_fail(d, "submit and wait (idle epoll_wait)", rc);
		return rc;
	}
	if (completions(d) < 0)
		return -1;
	if (!d->wait_pending) {
		fprintf(stderr, "epoll_batch: an epoll_wait with nothing ready completed\n");
		d->failed = true;
	} else {
		rc = urb_push_cancel(d->b, key, NULL);
		if (rc < 0) {
			urb_fail(d, "push cancel", rc);
			return rc;
		}
		while (d->wait_pending && !d->failed) {
			rc = urb_bearer_submit_and_wait(d->b, 1, &limit);
			if (rc < 0) {
				urb_fail(d, "submit and wait (cancel)", rc);
				return rc;
			}
			if (completions(d) < 0)
				return -1;
		}
	}
	return d->failed ? -1 : 0;
}

/* Step 4 with the plain syscall, for kernels without the epoll_wait op. */
static int collect_syscall(struct demo *d)
{
	struct epoll_event ev[64];
	int n;

	while (d->nseen < d->nexpect && !d->failed) {
		n = urb_epoll_wait(d->epfd, ev, 64, 2000);
		if (n <= 0) {
			fprintf(stderr, "epoll_batch: urb_epoll_wait: %s\n",
				n < 0 ? urb_strerror(n) : "timed out");
			return -1;
		}
		for (int k = 0; k < n; k++)
			on_event(d, &ev[k]);
	}
	n = urb_epoll_wait(d->epfd, ev, 64, 20);
	if (n != 0) {
		fprintf(stderr, "epoll_batch: %d more events than expected\n", n);
		d->failed = true;
	}
	return d->failed ? -1 : 0;
}

static int run(struct demo *d)
{
	struct epoll_event ev[8];
	bool ring = urb_op_supported(d->b, URB_OP_EPOLL_WAIT);
	int n;

	for (uint32_t i = 0; i < NPAIRS; i++) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) < 0) {
			perror("epoll_batch: socketpair");
			return -1;
		}
		d->rd[i] = sv[0];
		d->wr[i] = sv[1];
	}
	if (ctl_batch(d, EPOLL_CTL_ADD, "add") < 0)
		return -1;

	for (uint32_t i = 0; i < NPAIRS; i++) {
		uint8_t byte = (uint8_t)i;

		if (i % 5 != 2)
			continue;
		d->expect[i] = true;
		d->nexpect++;
		if (write(d->wr[i], &byte, 1) != 1) {
			perror("epoll_batch: write");
			return -1;
		}
	}
	printf("made %u of %u pairs readable; waiting with %s\n", d->nexpect, NPAIRS,
	       ring ? "epoll_wait ops" : "urb_epoll_wait() (no epoll_wait op before 6.15)");
	if ((ring ? collect_ring(d) : collect_syscall(d)) < 0)
		return -1;

	if (ctl_batch(d, EPOLL_CTL_DEL, "del") < 0)
		return -1;
	for (uint32_t i = 0; i < NPAIRS; i++) {
		uint8_t byte = (uint8_t)i;

		if (write(d->wr[i], &byte, 1) != 1) {
			perror("epoll_batch: write");
			return -1;
		}
	}
	n = urb_epoll_wait(d->epfd, ev, 8, 0);
	if (n != 0) {
		fprintf(stderr, "epoll_batch: after the deletes epoll_wait gave %d\n", n);
		return -1;
	}
	return d->nseen == d->nexpect ? 0 : -1;
}

static const char usage[] =
	"usage: epoll_batch\n"
	"Adds 256 socketpairs to an epoll set in one batch of epoll_ctl ops, makes 51\n"
	"of them readable, collects exactly those with epoll_wait, deletes all in one\n"
	"batch again; prints \"ready: 51 of 256 ok\".  It takes no options.\n";

int main(int argc, char **argv)
{
	const struct example_opt opts[] = { EXAMPLE_OPT_END };
	/* the whole batch must fit in the SQ and in the records at once */
	struct urb_capacity cap = {
		.core_queue = NPAIRS, .registered_fd = 1, .pending_completions = NPAIRS + 2,
		.buffers = 1, .buffer_bytes = 4096, .futexes = 1,
	};
	/* epoll_wait too where the kernel has it (6.15); else epoll_wait(2) */
	static const int needs[] = { URB_OP_EPOLL_CTL, URB_OP_CANCEL };
	struct demo d = { .epfd = -1 };
	struct urb_stats st;
	int rc;

	example_args(argc, argv, "epoll_batch", usage, opts);
	if (!example_kernel_has("epoll_batch", needs, sizeof(needs) / sizeof(needs[0])))
		return EXAMPLE_UNSUPPORTED;
	rc = urb_bearer_new(&cap, &d.b);
	if (rc < 0) {
		fprintf(stderr, "epoll_batch: bearer: %s\n", urb_strerror(rc));
		return 1;
	}
	d.epfd = urb_epoll_create();
	if (d.epfd < 0) {
		fprintf(stderr, "epoll_batch: epoll create: %s\n", urb_strerror(d.epfd));
		return 1;
	}
	memset(d.rd, -1, sizeof(d.rd));
	memset(d.wr, -1, sizeof(d.wr));

	if (run(&d) < 0)
		d.failed = true;

	rc = urb_bearer_stats(d.b, &st);
	if (rc < 0 || st.pending || st.stale_cqes || st.unknown_cqes) {
		fprintf(stderr, "epoll_batch: the bearer did not end clean\n");
		d.failed = true;
	}
	rc = urb_bearer_free(d.b);
	if (rc < 0) {
		fprintf(stderr, "epoll_batch: bearer free: %s\n", urb_strerror(rc));
		d.failed = true;
	}
	for (uint32_t i = 0; i < NPAIRS; i++) {
		if (d.rd[i] >= 0)
			close(d.rd[i]);
		if (d.wr[i] >= 0)
			close(d.wr[i]);
	}
	close(d.epfd);
	if (d.failed) {
		printf("FAILED\n");
		return 1;
	}
	printf("ready: %u of %u ok\n", d.nseen, NPAIRS);
	return 0;
}
