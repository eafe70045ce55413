/* SPDX-License-Identifier: MIT */
#ifndef URB_BENCH_HTTP_H
#define URB_BENCH_HTTP_H

/*
 * What the three HTTP hello servers (http_urb, http_raw, http_epoll) and
 * the scaling client share, so that they differ only in how they do I/O:
 * the fixed response, the request counter, the listening socket, the
 * command line and the signals that stop them or make them report.
 *
 * A request is counted at each "\r\n\r\n" (wrk sends GETs without bodies)
 * and each one is answered with the same fixed keep-alive response, sized
 * like the one nginx sends for `return 200 "hello\n"`.
 */

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"

static const char http_response[] =
	"HTTP/1.1 200 OK\r\n"
	"Server: urb-bench\r\n"
	"Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
	"Content-Type: text/plain\r\n"
	"Content-Length: 6\r\n"
	"Connection: keep-alive\r\n"
	"\r\n"
	"hello\n";
#define HTTP_RESPONSE_LEN (sizeof(http_response) - 1)
#define HTTP_RECV_LEN 1024

/* A request for the scaling client, which counts responses by their length. */
static const char http_request[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
#define HTTP_REQUEST_LEN (sizeof(http_request) - 1)

/*
 * Counts the requests that end in @p[0..n), carrying how much of
 * "\r\n\r\n" was matched in *@state across calls.
 */
static inline unsigned http_count(uint8_t *state, const uint8_t *p, size_t n)
{
	static const char end[4] = { '\r', '\n', '\r', '\n' };
	unsigned count = 0;
	uint8_t s = *state;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == end[s]) {
			if (++s == 4) {
				count++;
				s = 0;
			}
		} else {
			s = p[i] == '\r';
		}
	}
	*state = s;
	return count;
}

struct http_args {
	unsigned long port;
	unsigned long max_conns;
};

/* SIGTERM/SIGINT stop the server, SIGUSR1 makes it print a STATS line. */
static volatile sig_atomic_t http_stop, http_report;

/*
 * --exit-after N: stop once N requests are answered.  For profilers such
 * as valgrind, which hold signals while the server sleeps in
 * io_uring_enter and so never let SIGTERM in.
 */
static unsigned long http_exit_after;

static inline bool http_done(uint64_t requests)
{
	return http_stop || (http_exit_after && requests >= http_exit_after);
}

static inline void http_parse_args(int argc, char **argv, struct http_args *a)
{
	a->port = 8080;
	a->max_conns = 1024;
	for (int i = 1; i < argc; i++) {
		if (bench_opt_ul(argc, argv, &i, "--port", &a->port) ||
		    bench_opt_ul(argc, argv, &i, "--max-conns", &a->max_conns) ||
		    bench_opt_ul(argc, argv, &i, "--exit-after", &http_exit_after))
			continue;
		fprintf(stderr, "usage: %s [--port P] [--max-conns N] [--exit-after REQUESTS]\n",
			argv[0]);
		exit(2);
	}
	if (a->port == 0 || a->port > 65535 || a->max_conns < 1 || a->max_conns > 65536)
		BENCH_DIE("--port is 1..65535, --max-conns 1..65536");
}

/* A listening TCP socket on 127.0.0.1:@port. */
static inline int http_listen(unsigned port, int type_flags)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | type_flags, 0);

	if (fd < 0)
		BENCH_DIE("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/*
	 * A ring's files are released after the ring's own teardown, a little
	 * after its process exits: a listener that a previous run left in a
	 * ring's fixed-file table may hold the port for a moment.
	 */
	for (int tries = 0; bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0; tries++) {
		if (errno != EADDRINUSE || tries == 40)
			BENCH_DIE("bind 127.0.0.1:%u: %s", port, strerror(errno));
		usleep(50000);
	}
	if (listen(fd, 4096) < 0)
		BENCH_DIE("listen on 127.0.0.1:%u: %s", port, strerror(errno));
	return fd;
}

static inline void http_on_signal(int sig)
{
	if (sig == SIGUSR1)
		http_report = 1;
	else
		http_stop = 1;
}

static inline void http_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = http_on_signal; /* no SA_RESTART: a waiting syscall returns EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Resident set size of process @pid in KiB, or 0.  Allocates nothing. */
static inline unsigned long bench_rss_kib(int pid)
{
	char path[64], buf[4096], *p;
	unsigned long kib = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strstr(buf, "VmRSS:");
	if (p)
		sscanf(p, "VmRSS: %lu kB", &kib);
	return kib;
}

/* Whether a failed receive or send is just the peer going away. */
static inline bool http_peer_gone(int err)
{
	return err == ECONNRESET || err == EPIPE;
}

#endif
