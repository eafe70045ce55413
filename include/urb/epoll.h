/* SPDX-License-Identifier: MIT */
#ifndef URB_EPOLL_H
#define URB_EPOLL_H

#include <sys/epoll.h>

#include <urb/api.h>

/*
 * A small epoll helper beside the epoll_ctl and epoll_wait ops: create an
 * instance, and wait on it with a plain syscall (for kernels before 6.15,
 * which have no IORING_OP_EPOLL_WAIT, or for a thread of its own).
 */

/* epoll_create1(EPOLL_CLOEXEC): the new epoll fd, or -errno. */
URB_API int urb_epoll_create(void);

/* epoll_wait(2), retried on EINTR: the number of events, or -errno. */
URB_API int urb_epoll_wait(int epfd, struct epoll_event *events, int maxevents,
			   int timeout_ms);

#endif
