/* SPDX-License-Identifier: MIT */
/*
 * http_epoll: the HTTP hello server on epoll, one thread, the classic way:
 * a non-blocking listener and connections, level-triggered EPOLLIN,
 * accept4() until EAGAIN, read() then one write() of the response per
 * request, close() at EOF.
 *
 *   http_epoll [--port P] [--max-conns N] [--exit-after REQUESTS]
 */
#include <sys/epoll.h>

#include "alloc_count.h"
#include "http.h"

#define MAX_EVENTS 256

struct srv {
	int ep, lfd;
	uint32_t nfds;      /* size of match[], by fd */
	uint8_t *match;
	uint32_t open;
	uint64_t accepted, requests, errors;
};

static void conn_close(struct srv *s, int fd)
{
	close(fd); /* also leaves the epoll set: nothing else holds the file */
	s->open--;
}

static void on_listener(struct srv *s)
{
	for (;;) {
		struct epoll_event ev = { .events = EPOLLIN };
		int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				s->errors++;
			return;
		}
		if ((uint32_t)fd >= s->nfds) {
			s->errors++;
			close(fd);
			continue;
		}
		s->match[fd] = 0;
		ev.data.fd = fd;
		if (epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
			s->errors++;
			close(fd);
			continue;
		}
		s->open++;
		s->accepted++;
	}
}

static void on_conn(struct srv *s, int fd)
{
	uint8_t buf[HTTP_RECV_LEN];
	ssize_t got = read(fd, buf, sizeof(buf));
	unsigned n;

	if (got <= 0) {
		if (got < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		s->errors += got < 0 && !http_peer_gone(errno);
		conn_close(s, fd);
		return;
	}
	n = http_count(&s->match[fd], buf, (size_t)got);
	s->requests += n;
	while (n--) {
		if (write(fd, http_response, HTTP_RESPONSE_LEN) != (ssize_t)HTTP_RESPONSE_LEN) {
			s->errors += !http_peer_gone(errno);
			conn_close(s, fd);
			return;
		}
	}
}

static void report(struct srv *s)
{
	printf("STATS server=epoll requests=%llu accepted=%llu open=%u errors=%llu "
	       "allocs_after_setup=%lu rss_kib=%lu\n",
	       (unsigned long long)s->requests, (unsigned long long)s->accepted, s->open,
	       (unsigned long long)s->errors, bench_allocs(), bench_rss_kib(getpid()));
	fflush(stdout);
}

/* The event loop, apart so that a profiler can count it alone (serve*). */
static __attribute__((noinline)) void serve(struct srv *s)
{
	struct epoll_event evs[MAX_EVENTS];

	while (!http_done(s->requests)) {
		int n = epoll_wait(s->ep, evs, MAX_EVENTS, -1);

		if (n < 0 && errno != EINTR)
			BENCH_DIE("http_epoll: epoll_wait: %s", strerror(errno));
		for (int i = 0; i < n; i++) {
			if (evs[i].data.fd == s->lfd)
				on_listener(s);
			else
				on_conn(s, evs[i].data.fd);
		}
		if (http_report) {
			http_report = 0;
			report(s);
		}
	}
}

int main(int argc, char **argv)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct http_args a;
	struct srv s;

	http_parse_args(argc, argv, &a);
	http_signals();
	memset(&s, 0, sizeof(s));
	s.nfds = (uint32_t)a.max_conns + 64; /* fds: connections plus a few of our own */
	s.match = calloc(s.nfds, 1);
	s.ep = epoll_create1(EPOLL_CLOEXEC);
	if (!s.match || s.ep < 0)
		BENCH_DIE("http_epoll: set-up: %s", strerror(errno));
	s.lfd = http_listen((unsigned)a.port, SOCK_NONBLOCK);
	ev.data.fd = s.lfd;
	if (epoll_ctl(s.ep, EPOLL_CTL_ADD, s.lfd, &ev) < 0)
		BENCH_DIE("http_epoll: epoll_ctl: %s", strerror(errno));
	printf("READY server=epoll port=%lu max_conns=%lu rss_kib=%lu\n", a.port, a.max_conns,
	       bench_rss_kib(getpid()));
	fflush(stdout);
	bench_alloc_arm();
	serve(&s);
	report(&s);
	close(s.lfd);
	close(s.ep);
	free(s.match);
	return 0;
}
