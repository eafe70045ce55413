/* SPDX-License-Identifier: MIT */
#ifndef URB_EXAMPLE_H
#define URB_EXAMPLE_H

/* What the example servers share: a loopback listener, number options, valgrind's flag. */

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/*
 * A listening socket on 127.0.0.1:*@port (0: any free port; *@port then
 * says which), SO_REUSEPORT when @reuseport so that more can share the
 * port.  Returns the fd, or -errno.
 */
static inline int example_listen(uint16_t *port, bool reuseport)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(*port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(sa);
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, SOMAXCONN) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/* Seconds on the monotonic clock. */
static inline double example_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A decimal number in [@min, @max] into *@out: 0, or -1 for anything else. */
static inline int example_parse_num(const char *s, unsigned long min, unsigned long max,
				    uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v < min || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

#endif
