/* SPDX-License-Identifier: MIT */
#ifndef URB_H
#define URB_H

/*
 * urb, the uring bearer: an io_uring whose every piece of memory the kernel
 * may point into lives in fixed-capacity storage owned by the bearer.
 */

#include <urb/error.h>
#include <urb/types.h>
#include <urb/buf.h>
#include <urb/fd.h>
#include <urb/futex.h>
#include <urb/epoll.h>
#include <urb/ops.h>
#include <urb/completion.h>
#include <urb/bearer.h>

#endif
