/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include "internal.h"

int urb_epoll_create(void)
{
	int fd = epoll_create1(EPOLL_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int urb_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout_ms)
{
	int n;

	if (epfd < 0 || !events || maxevents <= 0)
		return URB_EINVAL;
	do
		n = epoll_wait(epfd, events, maxevents, timeout_ms);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}
