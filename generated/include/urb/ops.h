/* Generated from spec/ops/ (one YAML file per op) by codegen/urb_gen.py - do not edit. */
/* SPDX-License-Identifier: MIT */
#ifndef URB_OPS_H
#define URB_OPS_H

#include <stdint.h>
#include <sys/socket.h>

#include <urb/api.h>
#include <urb/types.h>

struct urb_bearer;

/* Every op urb knows: one per file in spec/ops. */
enum urb_op {
	URB_OP_ACCEPT, /* Accept one connection on a listening socket, like accept4(2). */
	URB_OP_ACCEPT_MULTI, /* Accept connections repeatedly on a listening socket, like accept4(2) in a loop. */
	URB_OP_CANCEL, /* Cancel a pending operation by its key, like io_uring's async cancel. */
	URB_OP_CLOSE, /* Close a plain fd or a direct descriptor, like close(2). */
	URB_OP_CONNECT, /* Connect a socket to an address, like connect(2). */
	URB_OP_NOP, /* Do nothing and complete, like a syscall that always succeeds. */
	URB_OP_RECV, /* Receive once into a bearer buffer, like recv(2). */
	URB_OP_SEND, /* Send the valid bytes of a bearer buffer, like send(2). */
	URB_OP_SHUTDOWN, /* Shut down part of a full-duplex connection, like shutdown(2). */
	URB_OP_SOCKET, /* Create a socket, like socket(2). */
	URB_OP__COUNT,
	URB_OP_STALE = 255, /* a CQE whose key names no live record */
};

/* The op's spec name ("recv", ...), or NULL when out of range. */
URB_API const char *urb_op_name(enum urb_op op);

/* ---- accept (spec/ops/accept.yaml) */

/* Optional arguments of urb_push_accept(); NULL or zeroed means the defaults. */
struct urb_accept_opts {
	int32_t target; /* where the new connection goes */
	uint32_t flags; /* SOCK_NONBLOCK, SOCK_CLOEXEC (SOCK_CLOEXEC with a plain fd target only) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of accept carries, as c->u.accept. */
struct urb_accept_done {
	struct urb_new_fd conn; /* the new connection */
	struct urb_peer peer; /* the peer's address */
};

/*
 * Accept one connection on a listening socket, like accept4(2).
 *
 * The peer address lands in the record, which is large enough for IPv4,
 * IPv6 and UNIX listeners; the completion points at it.  The new
 * connection is a plain fd, or a direct descriptor in a slot the kernel
 * picks (URB_AUTO_SLOT) or in a chosen free slot (URB_SLOT(n)).
 *
 * @fd: slot of the listening socket
 *
 * Lifetime: single; holds fd, target until its final completion.
 * Completion: result fd; c->u.accept (conn, peer).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_accept(struct urb_bearer *b,
		uint32_t fd,
		const struct urb_accept_opts *opts);

/* ---- accept_multi (spec/ops/accept_multi.yaml) */

/* Optional arguments of urb_push_accept_multi(); NULL or zeroed means the defaults. */
struct urb_accept_multi_opts {
	int32_t target; /* where each new connection goes */
	uint32_t flags; /* SOCK_NONBLOCK, SOCK_CLOEXEC (SOCK_CLOEXEC with a plain fd target only) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of accept_multi carries, as c->u.accept_multi. */
struct urb_accept_multi_done {
	struct urb_new_fd conn; /* the new connection */
};

/*
 * Accept connections repeatedly on a listening socket, like accept4(2) in a loop.
 *
 * One completion per connection while `more` is set.  When a completion
 * arrives without `more` (an error, a cancel) the op has ended; push it
 * again to keep accepting.  Connections are plain fds or direct
 * descriptors in slots the kernel picks.
 *
 * @fd: slot of the listening socket
 *
 * Lifetime: multishot; holds fd, target until its final completion.
 * Completion: result fd; c->u.accept_multi (conn).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_accept_multi(struct urb_bearer *b,
		uint32_t fd,
		const struct urb_accept_multi_opts *opts);

/* ---- cancel (spec/ops/cancel.yaml) */

/* Optional arguments of urb_push_cancel(); NULL or zeroed means the defaults. */
struct urb_cancel_opts {
	uint32_t cancel_flags; /* IORING_ASYNC_CANCEL_* flags */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Cancel a pending operation by its key, like io_uring's async cancel.
 *
 * Cancelling only asks: the cancelled op still completes (usually with
 * -ECANCELED), and its record and resources are released on that, its
 * own final completion.  This op's result is 0 when a request was found,
 * -ENOENT when none was, -EALREADY when it was already running.
 *
 * @target: key of the pending op to cancel
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_cancel(struct urb_bearer *b,
		uint64_t target,
		const struct urb_cancel_opts *opts);

/* ---- close (spec/ops/close.yaml) */

/* Optional arguments of urb_push_close(); NULL or zeroed means the defaults. */
struct urb_close_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Close a plain fd or a direct descriptor, like close(2).
 *
 * Pass a plain fd, or URB_SLOT(n) to close the direct descriptor in slot
 * n.  A closing slot takes no new pushes; it is free again once the close
 * succeeds.
 *
 * @fd: the fd or URB_SLOT(n) to close
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_close(struct urb_bearer *b,
		int32_t fd,
		const struct urb_close_opts *opts);

/* ---- connect (spec/ops/connect.yaml) */

/* Optional arguments of urb_push_connect(); NULL or zeroed means the defaults. */
struct urb_connect_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Connect a socket to an address, like connect(2).
 *
 * The address is copied into the record, so the caller's copy may go
 * away as soon as the push returns.
 *
 * @fd: slot of the socket
 * @addr: the address to connect to
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_connect(struct urb_bearer *b,
		uint32_t fd,
		const struct sockaddr *addr,
		socklen_t addr_len,
		const struct urb_connect_opts *opts);

/* ---- nop (spec/ops/nop.yaml) */

/* Optional arguments of urb_push_nop(); NULL or zeroed means the defaults. */
struct urb_nop_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Do nothing and complete, like a syscall that always succeeds.
 *
 * Useful to wake a waiter, to measure the ring's own cost, and as the last
 * link of a chain.
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_nop(struct urb_bearer *b,
		const struct urb_nop_opts *opts);

/* ---- recv (spec/ops/recv.yaml) */

/* Optional arguments of urb_push_recv(); NULL or zeroed means the defaults. */
struct urb_recv_opts {
	uint32_t msg_flags; /* MSG_* flags as for recv(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of recv carries, as c->u.recv. */
struct urb_recv_done {
	struct urb_data data; /* the bytes received */
};

/*
 * Receive once into a bearer buffer, like recv(2).
 *
 * The kernel owns the buffer until the completion; the completion then
 * shows exactly the bytes received, and the buffer is the user's again.
 * A result of 0 means the peer closed the connection.
 *
 * @fd: slot of the socket
 * @buf: buffer to receive into (its whole capacity)
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes; c->u.recv (data).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_recv(struct urb_bearer *b,
		uint32_t fd,
		urb_buf_t buf,
		const struct urb_recv_opts *opts);

/* ---- send (spec/ops/send.yaml) */

/* Optional arguments of urb_push_send(); NULL or zeroed means the defaults. */
struct urb_send_opts {
	uint32_t msg_flags; /* MSG_* flags as for send(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Send the valid bytes of a bearer buffer, like send(2).
 *
 * Sends what the buffer holds: the bytes written before urb_buf_filled(),
 * or the bytes a recv left in it.  The buffer is the kernel's until the
 * completion; a short send reports how many bytes went.
 *
 * @fd: slot of the socket
 * @buf: buffer whose valid bytes are sent
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_send(struct urb_bearer *b,
		uint32_t fd,
		urb_buf_t buf,
		const struct urb_send_opts *opts);

/* ---- shutdown (spec/ops/shutdown.yaml) */

/* Optional arguments of urb_push_shutdown(); NULL or zeroed means the defaults. */
struct urb_shutdown_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Shut down part of a full-duplex connection, like shutdown(2).
 *
 * SHUT_WR sends the peer an end of file while this side can still
 * receive: the polite way to end an echo.
 *
 * @fd: slot of the socket
 * @how: SHUT_RD, SHUT_WR or SHUT_RDWR
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_shutdown(struct urb_bearer *b,
		uint32_t fd,
		int32_t how,
		const struct urb_shutdown_opts *opts);

/* ---- socket (spec/ops/socket.yaml) */

/* Optional arguments of urb_push_socket(); NULL or zeroed means the defaults. */
struct urb_socket_opts {
	int32_t target; /* where the new socket goes */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of socket carries, as c->u.socket. */
struct urb_socket_done {
	struct urb_new_fd sock; /* the new socket */
};

/*
 * Create a socket, like socket(2).
 *
 * The socket is a plain fd, or a direct descriptor in a slot the kernel
 * picks (URB_AUTO_SLOT) or in a chosen free slot (URB_SLOT(n)).
 *
 * @domain: AF_INET, AF_INET6, AF_UNIX, ...
 * @type: SOCK_STREAM, SOCK_DGRAM, ... with SOCK_NONBLOCK, SOCK_CLOEXEC (SOCK_CLOEXEC with a plain fd target only)
 * @protocol: protocol number, usually 0
 *
 * Lifetime: single; holds target until its final completion.
 * Completion: result fd; c->u.socket (sock).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_socket(struct urb_bearer *b,
		int32_t domain,
		int32_t type,
		int32_t protocol,
		const struct urb_socket_opts *opts);

/* The op's own fields of struct urb_completion, one arm per op that has any. */
union urb_op_payload {
	struct urb_accept_done accept;
	struct urb_accept_multi_done accept_multi;
	struct urb_recv_done recv;
	struct urb_socket_done socket;
	char none; /* ops whose completion carries only the result */
};

#endif
