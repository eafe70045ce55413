/* SPDX-License-Identifier: MIT */
#ifndef URB_TYPES_H
#define URB_TYPES_H

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <urb/buf.h>
#include <urb/fd.h>

/*
 * Submission flags, for opts->submit_flags of every push.  A drained push
 * waits for every op pushed before it to end, multishot ones included, and
 * the kernel holds every later push behind it: behind a multishot that
 * runs on, nothing more runs until that one is cancelled.
 */
#define URB_SUBMIT_DRAIN (1u << 0)        /* IOSQE_IO_DRAIN: run after everything before it */
/*
 * A chain (LINK, HARDLINK) is only ever made of pushes that succeeded: when
 * a push is refused, the link of the push before it is cut (that one runs
 * alone), stats.links_cut counts it and the refusal's detail says so.
 */
#define URB_SUBMIT_LINK (1u << 1)         /* IOSQE_IO_LINK: the next push runs only if this succeeds */
#define URB_SUBMIT_HARDLINK (1u << 2)     /* IOSQE_IO_HARDLINK: the next push runs after this, whatever its result */
#define URB_SUBMIT_ASYNC (1u << 3)        /* IOSQE_ASYNC: go to a worker at once */
/*
 * The callback is not shown a success (where the spec allows the flag); a
 * failure is shown with its op, key and user pointer.  urb keeps the
 * record until the kernel's CQE, so the kernel still posts one: the flag
 * saves callbacks, not CQ entries.
 */
#define URB_SUBMIT_SKIP_SUCCESS (1u << 4)
#define URB_SUBMIT__ALL ((1u << 5) - 1)

/* Completion payload pieces shared by the ops' generated arms. */

/*
 * The CQE flag msg_ring sets on the message it posts into another bearer's
 * ring: the target shows such a CQE as URB_OP_MESSAGE, never as a key.
 */
#define URB_CQE_F_MESSAGE (1u << 13)

/* The two ends of a pipe an op made: new plain fds, the caller's to close. */
struct urb_fd_pair {
	int32_t fds[2]; /* [0] the read end, [1] the write end */
};

/* A descriptor an op created: exactly one of fd and slot is >= 0 on success. */
struct urb_new_fd {
	int32_t fd;   /* plain fd, or -1 */
	int32_t slot; /* direct slot, or -1 */
};

/* A peer address the kernel wrote into the record. */
struct urb_peer {
	const struct sockaddr *addr; /* NULL on failure */
	socklen_t len;
};

/*
 * A read-only view of exactly the bytes the kernel wrote into a buffer.
 * For a buffer the kernel selected from a group, buf is URB_BUF_NONE when
 * the completion carries none (an error, the end of a stream).
 */
struct urb_data {
	urb_buf_t buf;
	const void *data;
	uint32_t len;
};

/*
 * A message for sendmsg and recvmsg: bearer buffers in order (1 to 64,
 * none twice), for sendmsg a destination address (NULL for a connected
 * socket), and a bearer buffer for ancillary data or NULL.  The address is
 * copied at push; the buffers are the kernel's until the completion.
 */
struct urb_msg {
	const urb_buf_t *bufs;
	uint32_t count;
	const struct sockaddr *name; /* sendmsg: the destination, or NULL; recvmsg: unused */
	socklen_t name_len;
	const urb_buf_t *control;    /* sendmsg: its valid bytes are sent; recvmsg: room for them */
};

/* What a recvmsg received besides the bytes its buffers now hold. */
struct urb_msg_done {
	struct urb_peer peer;    /* the sender's address (addr NULL on failure) */
	uint32_t flags;          /* the message's flags: MSG_TRUNC, MSG_CTRUNC, ... */
	struct urb_data control; /* the ancillary data received into the control buffer */
};

/*
 * The room a multishot recvmsg leaves at the start of each buffer it
 * selects, before the payload: for the sender's address (0, or up to
 * sizeof(struct sockaddr_storage)) and for ancillary data.
 */
struct urb_msg_room {
	uint32_t name_len;
	uint32_t control_len;
};

/* One message of a multishot recvmsg, parsed out of the buffer it landed in. */
struct urb_msg_part {
	urb_buf_t buf;           /* the group's buffer, the user's until urb_buf_recycle(); URB_BUF_NONE: none */
	struct urb_peer peer;    /* the sender (addr NULL without room for it, or on failure) */
	uint32_t name_len;       /* the sender's address length: above peer.len when the room cut it */
	uint32_t flags;          /* MSG_TRUNC: the payload was cut to the buffer; MSG_CTRUNC: the control */
	const void *control;     /* the ancillary data, in the buffer */
	uint32_t control_len;
	const void *data;        /* the payload, in the buffer */
	uint32_t len;
};

/* Buffers a send ring holds (one send bundle takes them all). */
#define URB_BUNDLE_MAX 16

/*
 * A run of group buffers one bundle filled in order (a receive) or sent
 * (a send): each is the user's (a receive's until urb_buf_recycle()), and
 * together they hold, or sent, @bytes.  @bufs lists them, in order; it
 * lasts as long as the callback: copy what is wanted later.
 */
struct urb_bundle {
	uint32_t count;
	uint32_t bytes;
	const urb_buf_t *bufs;
};

/* Events an epoll_wait op received into its record. */
struct urb_events {
	const struct epoll_event *events; /* NULL on failure */
	uint32_t count;
};

/* One word of a futex_waitv: wait while the bearer futex @futex holds @val. */
struct urb_futex_wait {
	uint32_t futex;
	uint32_t val;
};

#endif
