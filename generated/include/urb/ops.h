/* Generated from spec/ops/ (one YAML file per op) by codegen/urb_gen.py - do not edit. */
/* SPDX-License-Identifier: MIT */
#ifndef URB_OPS_H
#define URB_OPS_H

#include <stdint.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/mman.h>
struct __kernel_timespec; /* only pointers to it here: its header declares it */
struct epoll_event; /* only pointers to it here: its header declares it */
struct open_how; /* only pointers to it here: its header declares it */
struct statx; /* only pointers to it here: its header declares it */
struct urb_fd_pair; /* only pointers to it here: its header declares it */

#include <urb/api.h>
#include <urb/types.h>

struct urb_bearer;

/* Kernel constants the specs use that older headers may lack. */
#ifndef FUTEX2_PRIVATE
#define FUTEX2_PRIVATE 128 /* spec/ops/futex_wait.yaml */
#endif
#ifndef FUTEX2_SIZE_U32
#define FUTEX2_SIZE_U32 2 /* spec/ops/futex_wait.yaml */
#endif
#ifndef IORING_FIXED_FD_NO_CLOEXEC
#define IORING_FIXED_FD_NO_CLOEXEC 1 /* spec/ops/fixed_fd_install.yaml */
#endif
#ifndef IORING_MSG_RING_FLAGS_PASS
#define IORING_MSG_RING_FLAGS_PASS 2 /* spec/ops/msg_ring.yaml */
#endif
#ifndef IORING_RECVSEND_BUNDLE
#define IORING_RECVSEND_BUNDLE 16 /* spec/ops/recv_bundle.yaml */
#endif
#ifndef MADV_COLD
#define MADV_COLD 20 /* spec/ops/madvise.yaml */
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 /* spec/ops/madvise.yaml */
#endif
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED 24 /* spec/ops/madvise.yaml */
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21 /* spec/ops/madvise.yaml */
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22 /* spec/ops/madvise.yaml */
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* spec/ops/madvise.yaml */
#endif
#ifndef SOCKET_URING_OP_GETSOCKOPT
#define SOCKET_URING_OP_GETSOCKOPT 2 /* spec/ops/getsockopt.yaml */
#endif
#ifndef SOCKET_URING_OP_SETSOCKOPT
#define SOCKET_URING_OP_SETSOCKOPT 3 /* spec/ops/setsockopt.yaml */
#endif
#ifndef SOCKET_URING_OP_SIOCINQ
#define SOCKET_URING_OP_SIOCINQ 0 /* spec/ops/sock_inq.yaml */
#endif
#ifndef SOCKET_URING_OP_SIOCOUTQ
#define SOCKET_URING_OP_SIOCOUTQ 1 /* spec/ops/sock_outq.yaml */
#endif

/* Every op urb knows: one per file in spec/ops. */
enum urb_op {
	URB_OP_ACCEPT, /* Accept one connection on a listening socket, like accept4(2). */
	URB_OP_ACCEPT_MULTI, /* Accept connections repeatedly on a listening socket, like accept4(2) in a loop. */
	URB_OP_BIND, /* Give a socket its local address, like bind(2). */
	URB_OP_CANCEL, /* Cancel a pending operation by its key, like io_uring's async cancel. */
	URB_OP_CLOSE, /* Close a plain fd or a direct descriptor, like close(2). */
	URB_OP_CONNECT, /* Connect a socket to an address, like connect(2). */
	URB_OP_EPOLL_CTL, /* Add, change or remove an fd in an epoll set, like epoll_ctl(2). */
	URB_OP_EPOLL_WAIT, /* Wait for events on an epoll set, like epoll_wait(2) with no timeout. */
	URB_OP_FADVISE, /* Declare how a range of a file will be accessed, like posix_fadvise(2). */
	URB_OP_FALLOCATE, /* Allocate, punch or zero a range of a file, like fallocate(2). */
	URB_OP_FGETXATTR, /* Read an extended attribute of an open file, like fgetxattr(2). */
	URB_OP_FILES_UPDATE, /* Put plain fds into fixed-file slots, like IORING_REGISTER_FILES_UPDATE from the ring. */
	URB_OP_FIXED_FD_INSTALL, /* Give a plain fd for a direct descriptor, like dup(2) of a fixed file. */
	URB_OP_FSETXATTR, /* Set an extended attribute of an open file, like fsetxattr(2). */
	URB_OP_FSYNC, /* Flush a file's data and metadata to its device, like fsync(2). */
	URB_OP_FTRUNCATE, /* Set a file's length, like ftruncate(2). */
	URB_OP_FUTEX_WAIT, /* Wait until a futex word is woken, like futex(2) FUTEX_WAIT. */
	URB_OP_FUTEX_WAITV, /* Wait on several futex words at once, like futex_waitv(2). */
	URB_OP_FUTEX_WAKE, /* Wake waiters of a futex word, like futex(2) FUTEX_WAKE. */
	URB_OP_GETSOCKOPT, /* Read a socket option into a bearer buffer, like getsockopt(2). */
	URB_OP_GETXATTR, /* Read an extended attribute of a file by path, like getxattr(2). */
	URB_OP_LINK_TIMEOUT, /* Bound the op pushed just before it (with URB_SUBMIT_LINK) by a time. */
	URB_OP_LINKAT, /* Make a hard link, like linkat(2). */
	URB_OP_LISTEN, /* Make a socket listen for connections, like listen(2). */
	URB_OP_MADVISE, /* Advise the kernel how a bearer buffer will be used, like madvise(2). */
	URB_OP_MKDIRAT, /* Make a directory, like mkdirat(2). */
	URB_OP_MSG_RING, /* Post a message into another bearer's ring, which shows it as URB_OP_MESSAGE. */
	URB_OP_MSG_RING_FD, /* Send a registered descriptor into another bearer's fixed-file table, like msg_ring with IORING_MSG_SEND_FD. */
	URB_OP_NOP, /* Do nothing and complete, like a syscall that always succeeds. */
	URB_OP_OPENAT, /* Open a file relative to a directory fd, like openat(2). */
	URB_OP_OPENAT2, /* Open a file with the extended arguments of openat2(2) (struct open_how). */
	URB_OP_PIPE, /* Make a pipe, like pipe2(2). */
	URB_OP_POLL_ADD, /* Wait until an fd is ready for the events asked, like poll(2) on one fd. */
	URB_OP_POLL_MULTI, /* Report an fd's readiness each time it changes, until cancelled, like a poll(2) loop. */
	URB_OP_POLL_REMOVE, /* End a pending poll_add, whose completion then reports -ECANCELED. */
	URB_OP_PROVIDE_BUFFERS, /* Hand every buffer of a set to the kernel as a buffer group, like io_uring's provide buffers. */
	URB_OP_READ, /* Read from a file, pipe or socket into a bearer buffer, like pread(2). */
	URB_OP_READ_FIXED, /* Read into a buffer of a set registered as fixed buffers, like pread(2) without the page mapping. */
	URB_OP_READ_MULTISHOT, /* Read repeatedly into buffers the kernel picks from a group, like read(2) in a loop. */
	URB_OP_READV, /* Read into several bearer buffers in order, like preadv(2). */
	URB_OP_READV_FIXED, /* As readv, through a set registered as fixed buffers. */
	URB_OP_RECV, /* Receive once into a bearer buffer, like recv(2). */
	URB_OP_RECV_BUNDLE, /* Receive into a run of buffers the kernel takes from a ring, like recv(2) into several buffers. */
	URB_OP_RECV_MULTI, /* Receive repeatedly into buffers the kernel selects from a group, like recv(2) in a loop. */
	URB_OP_RECVMSG, /* Receive a message into several bearer buffers, like recvmsg(2). */
	URB_OP_RECVMSG_MULTI, /* Receive messages repeatedly into buffers the kernel selects from a group, like recvmsg(2) in a loop. */
	URB_OP_REMOVE_BUFFERS, /* Take a provided buffer group back from the kernel, like io_uring's remove buffers. */
	URB_OP_RENAMEAT, /* Rename a file, like renameat2(2). */
	URB_OP_SEND, /* Send the valid bytes of a bearer buffer, like send(2). */
	URB_OP_SEND_BUNDLE, /* Send the buffers queued on a send ring, in order, like send(2) of several buffers. */
	URB_OP_SEND_ZC, /* Send the valid bytes of a bearer buffer without copying them, like send(2) with MSG_ZEROCOPY. */
	URB_OP_SENDMSG, /* Send a message from several bearer buffers, like sendmsg(2). */
	URB_OP_SENDMSG_ZC, /* Send a message from several bearer buffers without copying them, like sendmsg(2) with MSG_ZEROCOPY. */
	URB_OP_SETSOCKOPT, /* Set a socket option from a bearer buffer, like setsockopt(2). */
	URB_OP_SETXATTR, /* Set an extended attribute of a file by path, like setxattr(2). */
	URB_OP_SHUTDOWN, /* Shut down part of a full-duplex connection, like shutdown(2). */
	URB_OP_SOCK_INQ, /* Count the bytes waiting in a socket's receive queue, like ioctl(2) SIOCINQ. */
	URB_OP_SOCK_OUTQ, /* Count the bytes a socket has not had acknowledged yet, like ioctl(2) SIOCOUTQ. */
	URB_OP_SOCKET, /* Create a socket, like socket(2). */
	URB_OP_SPLICE, /* Move bytes between two fds, one of them a pipe, without copying them to user memory, like splice(2). */
	URB_OP_STATX, /* Get a file's status, like statx(2). */
	URB_OP_SYMLINKAT, /* Make a symbolic link, like symlinkat(2). */
	URB_OP_SYNC_FILE_RANGE, /* Start or wait for writeback of a range of a file, like sync_file_range(2). */
	URB_OP_TEE, /* Copy bytes from one pipe to another without taking them out, like tee(2). */
	URB_OP_TIMEOUT, /* Complete after a time, or once a number of other completions have arrived. */
	URB_OP_TIMEOUT_REMOVE, /* End a pending timeout, which then reports -ECANCELED. */
	URB_OP_TIMEOUT_UPDATE, /* Give a pending timeout a new time, counted from now. */
	URB_OP_UNLINKAT, /* Remove a file, or with AT_REMOVEDIR a directory, like unlinkat(2). */
	URB_OP_WAITID, /* Wait for a child process to change state, like waitid(2). */
	URB_OP_WRITE, /* Write the valid bytes of a bearer buffer to a file, pipe or socket, like pwrite(2). */
	URB_OP_WRITE_FIXED, /* Write from a buffer of a set registered as fixed buffers, like pwrite(2) without the page mapping. */
	URB_OP_WRITE_SET, /* Write every buffer of a bearer buffer set, in one go, to a file, pipe or socket, like pwrite(2). */
	URB_OP_WRITEV, /* Write the valid bytes of several bearer buffers in order, like pwritev(2). */
	URB_OP_WRITEV_FIXED, /* As writev, through a set registered as fixed buffers. */
	URB_OP__COUNT,
	URB_OP_FD_MESSAGE = 253, /* a descriptor another bearer sent (msg_ring_fd): c->key its data, c->result the slot it is registered in now */
	URB_OP_MESSAGE = 254, /* a message another bearer posted (msg_ring): c->key its data, c->result its value */
	URB_OP_STALE = 255, /* a CQE whose key names no live record */
};

/* The op's spec name ("recv", ...), or NULL when out of range. */
URB_API const char *urb_op_name(enum urb_op op);

/* ---- accept (spec/ops/accept.yaml) */

/* Optional arguments of urb_push_accept(); NULL or zeroed means the defaults. */
struct urb_accept_opts {
	urb_fd_t target; /* where the new connection goes */
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
 * @fd: the listening socket
 *
 * Lifetime: single; holds fd, target until its final completion.
 * Completion: result fd; c->u.accept (conn, peer).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_accept(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_accept_opts *opts);

/* urb_push_accept() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_accept_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user);

/* ---- accept_multi (spec/ops/accept_multi.yaml) */

/* Optional arguments of urb_push_accept_multi(); NULL or zeroed means the defaults. */
struct urb_accept_multi_opts {
	urb_fd_t target; /* where each new connection goes */
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
 * @fd: the listening socket
 *
 * Lifetime: multishot; holds fd, target until its final completion.
 * Completion: result fd; c->u.accept_multi (conn).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_accept_multi(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_accept_multi_opts *opts);

/* urb_push_accept_multi() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_accept_multi_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user);

/* ---- bind (spec/ops/bind.yaml) */

/* Optional arguments of urb_push_bind(); NULL or zeroed means the defaults. */
struct urb_bind_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Give a socket its local address, like bind(2).
 *
 * @fd: the socket
 * @addr: the address to bind to
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_bind(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *addr,
		socklen_t addr_len,
		const struct urb_bind_opts *opts);

/* urb_push_bind() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_bind_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *addr,
		socklen_t addr_len,
		void *user);

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
 * own final completion.  This op's result is >= 0 when a request was
 * found (0, or for some ops the number cancelled), -ENOENT when none was,
 * -EALREADY when it was already running.
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

/* urb_push_cancel() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_cancel_user(struct urb_bearer *b,
		uint64_t target,
		void *user);

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
 * Pass URB_FD(fd) to close a plain fd, or URB_SLOT(n) to close the direct
 * descriptor in slot n.  A closing slot takes no new pushes; it is free
 * again once the close succeeds.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n), to close
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_close(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_close_opts *opts);

/* urb_push_close() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_close_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user);

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
 * @fd: the socket
 * @addr: the address to connect to
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_connect(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *addr,
		socklen_t addr_len,
		const struct urb_connect_opts *opts);

/* urb_push_connect() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_connect_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *addr,
		socklen_t addr_len,
		void *user);

/* ---- epoll_ctl (spec/ops/epoll_ctl.yaml) */

/* Optional arguments of urb_push_epoll_ctl(); NULL or zeroed means the defaults. */
struct urb_epoll_ctl_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Add, change or remove an fd in an epoll set, like epoll_ctl(2).
 *
 * Batching many of these in one submit replaces as many syscalls.  The
 * event (with the epoll_data you choose) is copied into the record; it
 * may be NULL for EPOLL_CTL_DEL only: with EPOLL_CTL_ADD or EPOLL_CTL_MOD
 * a NULL event is refused with URB_EINVAL.
 *
 * @epfd: the epoll instance
 * @op: EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL
 * @fd: the fd to watch
 * @event: events and data, as for epoll_ctl(2); NULL only with EPOLL_CTL_DEL
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_epoll_ctl(struct urb_bearer *b,
		urb_fd_t epfd,
		int32_t op,
		urb_fd_t fd,
		const struct epoll_event *event,
		const struct urb_epoll_ctl_opts *opts);

/* urb_push_epoll_ctl() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_epoll_ctl_user(struct urb_bearer *b,
		urb_fd_t epfd,
		int32_t op,
		urb_fd_t fd,
		const struct epoll_event *event,
		void *user);

/* ---- epoll_wait (spec/ops/epoll_wait.yaml) */

/* Optional arguments of urb_push_epoll_wait(); NULL or zeroed means the defaults. */
struct urb_epoll_wait_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of epoll_wait carries, as c->u.epoll_wait. */
struct urb_epoll_wait_done {
	struct urb_events ready; /* the ready events */
};

/*
 * Wait for events on an epoll set, like epoll_wait(2) with no timeout.
 *
 * Up to 16 ready events land in the record; the completion points at
 * them.  Cancel it to stop waiting.
 *
 * @epfd: the epoll instance
 *
 * Lifetime: single; holds epfd until its final completion.
 * Completion: result count; c->u.epoll_wait (ready).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_epoll_wait(struct urb_bearer *b,
		urb_fd_t epfd,
		const struct urb_epoll_wait_opts *opts);

/* urb_push_epoll_wait() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_epoll_wait_user(struct urb_bearer *b,
		urb_fd_t epfd,
		void *user);

/* ---- fadvise (spec/ops/fadvise.yaml) */

/* Optional arguments of urb_push_fadvise(); NULL or zeroed means the defaults. */
struct urb_fadvise_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Declare how a range of a file will be accessed, like posix_fadvise(2).
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @offset: first byte of the range
 * @len: bytes in the range (0: to the end of the file)
 * @advice: POSIX_FADV_* advice
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_fadvise(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t advice,
		const struct urb_fadvise_opts *opts);

/* urb_push_fadvise() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_fadvise_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t advice,
		void *user);

/* ---- fallocate (spec/ops/fallocate.yaml) */

/* Optional arguments of urb_push_fallocate(); NULL or zeroed means the defaults. */
struct urb_fallocate_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Allocate, punch or zero a range of a file, like fallocate(2).
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @mode: 0 or FALLOC_FL_* flags, as for fallocate(2)
 * @offset: first byte of the range
 * @len: bytes in the range
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_fallocate(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t mode,
		uint64_t offset,
		uint64_t len,
		const struct urb_fallocate_opts *opts);

/* urb_push_fallocate() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_fallocate_user(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t mode,
		uint64_t offset,
		uint64_t len,
		void *user);

/* ---- fgetxattr (spec/ops/fgetxattr.yaml) */

/* Optional arguments of urb_push_fgetxattr(); NULL or zeroed means the defaults. */
struct urb_fgetxattr_opts {
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its bytes of room from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of fgetxattr carries, as c->u.fgetxattr. */
struct urb_fgetxattr_done {
	struct urb_data value; /* the attribute's value */
};

/*
 * Read an extended attribute of an open file, like fgetxattr(2).
 *
 * @fd: the file: URB_FD(fd) or URB_SLOT(n)
 * @name: the attribute, as user.x
 * @buf: where the value goes
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes; c->u.fgetxattr (value).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_fgetxattr(struct urb_bearer *b,
		urb_fd_t fd,
		const char *name,
		urb_buf_t buf,
		const struct urb_fgetxattr_opts *opts);

/* urb_push_fgetxattr() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_fgetxattr_user(struct urb_bearer *b,
		urb_fd_t fd,
		const char *name,
		urb_buf_t buf,
		void *user);

/* ---- files_update (spec/ops/files_update.yaml) */

/* Optional arguments of urb_push_files_update(); NULL or zeroed means the defaults. */
struct urb_files_update_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of files_update carries, as c->u.files_update. */
struct urb_files_update_done {
	const int32_t * slots; /* the slot each of the first result fds went into */
};

/*
 * Put plain fds into fixed-file slots, like IORING_REGISTER_FILES_UPDATE from the ring.
 *
 * Each fd goes into its own slot: URB_SLOT(n) fills slots n, n + 1, ...
 * of urb's area (each must be free; they are reserved until the
 * completion), URB_AUTO_SLOT lets the kernel pick each in its area.  The
 * result counts the fds that went in; the payload's slots says where the
 * first `result` went, and every other slot is free again.  The fds stay
 * the caller's: close them when they are no longer needed as plain fds.
 * Emptying or skipping a slot (fd -1, IORING_REGISTER_FILES_SKIP) is not
 * taken: urb_fd_unregister() empties a slot urb knows is idle.
 *
 * @fds: the plain fds
 *
 * Lifetime: single; holds fds until its final completion.
 * Completion: result count; c->u.files_update (slots).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_files_update(struct urb_bearer *b,
		const int32_t *fds,
		uint32_t fds_count,
		urb_fd_t fds_target,
		enum urb_fd_kind fds_kind,
		const struct urb_files_update_opts *opts);

/* urb_push_files_update() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_files_update_user(struct urb_bearer *b,
		const int32_t *fds,
		uint32_t fds_count,
		urb_fd_t fds_target,
		enum urb_fd_kind fds_kind,
		void *user);

/* ---- fixed_fd_install (spec/ops/fixed_fd_install.yaml) */

/* Optional arguments of urb_push_fixed_fd_install(); NULL or zeroed means the defaults. */
struct urb_fixed_fd_install_opts {
	uint32_t flags; /* 0 or IORING_FIXED_FD_NO_CLOEXEC */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Give a plain fd for a direct descriptor, like dup(2) of a fixed file.
 *
 * The slot stays registered; the new plain fd is the caller's to close.
 * It is close-on-exec unless opts.flags has IORING_FIXED_FD_NO_CLOEXEC.
 *
 * @fd: the slot
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result fd.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_fixed_fd_install(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_fixed_fd_install_opts *opts);

/* urb_push_fixed_fd_install() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_fixed_fd_install_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user);

/* ---- fsetxattr (spec/ops/fsetxattr.yaml) */

/* Optional arguments of urb_push_fsetxattr(); NULL or zeroed means the defaults. */
struct urb_fsetxattr_opts {
	uint32_t flags; /* 0, XATTR_CREATE or XATTR_REPLACE */
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its valid bytes from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Set an extended attribute of an open file, like fsetxattr(2).
 *
 * @fd: the file: URB_FD(fd) or URB_SLOT(n)
 * @name: the attribute, as user.x
 * @buf: the value
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_fsetxattr(struct urb_bearer *b,
		urb_fd_t fd,
		const char *name,
		urb_buf_t buf,
		const struct urb_fsetxattr_opts *opts);

/* urb_push_fsetxattr() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_fsetxattr_user(struct urb_bearer *b,
		urb_fd_t fd,
		const char *name,
		urb_buf_t buf,
		void *user);

/* ---- fsync (spec/ops/fsync.yaml) */

/* Optional arguments of urb_push_fsync(); NULL or zeroed means the defaults. */
struct urb_fsync_opts {
	uint32_t fsync_flags; /* 0 or IORING_FSYNC_DATASYNC */
	uint64_t offset; /* first byte of the range */
	uint32_t len; /* bytes in the range (0: to the end) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Flush a file's data and metadata to its device, like fsync(2).
 *
 * With IORING_FSYNC_DATASYNC in opts.fsync_flags, like fdatasync(2).
 * opts.offset and opts.len limit it to a range (0 and 0: the whole file).
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_fsync(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_fsync_opts *opts);

/* urb_push_fsync() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_fsync_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user);

/* ---- ftruncate (spec/ops/ftruncate.yaml) */

/* Optional arguments of urb_push_ftruncate(); NULL or zeroed means the defaults. */
struct urb_ftruncate_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Set a file's length, like ftruncate(2).
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @length: the new length in bytes
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_ftruncate(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t length,
		const struct urb_ftruncate_opts *opts);

/* urb_push_ftruncate() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_ftruncate_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t length,
		void *user);

/* ---- futex_wait (spec/ops/futex_wait.yaml) */

/* Optional arguments of urb_push_futex_wait(); NULL or zeroed means the defaults. */
struct urb_futex_wait_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Wait until a futex word is woken, like futex(2) FUTEX_WAIT.
 *
 * Completes with 0 when woken (urb_futex_wake(), or FUTEX_WAKE_PRIVATE
 * from any thread), or at once with -EAGAIN when the word does not hold
 * `val` at the time of the wait.  The futex cannot be destroyed while the
 * wait is pending.
 *
 * @futex: the bearer futex (urb_futex_create or urb_futex_adopt)
 * @val: the value the word must hold for the wait to sleep
 *
 * Lifetime: single; holds futex until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_futex_wait(struct urb_bearer *b,
		uint32_t futex,
		uint32_t val,
		const struct urb_futex_wait_opts *opts);

/* urb_push_futex_wait() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_futex_wait_user(struct urb_bearer *b,
		uint32_t futex,
		uint32_t val,
		void *user);

/* ---- futex_waitv (spec/ops/futex_waitv.yaml) */

/* Optional arguments of urb_push_futex_waitv(); NULL or zeroed means the defaults. */
struct urb_futex_waitv_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Wait on several futex words at once, like futex_waitv(2).
 *
 * Up to 8 words, each with the value it must hold.  Completes when any
 * of them is woken; the result is the index of the one that was (or
 * -EAGAIN when a word did not hold its value).
 *
 * @waits: the words and values; copied into the record
 *
 * Lifetime: single; holds waits until its final completion.
 * Completion: result index.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_futex_waitv(struct urb_bearer *b,
		const struct urb_futex_wait *waits,
		uint32_t waits_count,
		const struct urb_futex_waitv_opts *opts);

/* urb_push_futex_waitv() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_futex_waitv_user(struct urb_bearer *b,
		const struct urb_futex_wait *waits,
		uint32_t waits_count,
		void *user);

/* ---- futex_wake (spec/ops/futex_wake.yaml) */

/* Optional arguments of urb_push_futex_wake(); NULL or zeroed means the defaults. */
struct urb_futex_wake_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Wake waiters of a futex word, like futex(2) FUTEX_WAKE.
 *
 * The result counts the waiters woken.  Store the new value in the word
 * before pushing this (urb_futex_wake() does both, synchronously).
 *
 * @futex: the bearer futex
 * @count: how many waiters to wake at most
 *
 * Lifetime: single; holds futex until its final completion.
 * Completion: result count.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_futex_wake(struct urb_bearer *b,
		uint32_t futex,
		uint32_t count,
		const struct urb_futex_wake_opts *opts);

/* urb_push_futex_wake() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_futex_wake_user(struct urb_bearer *b,
		uint32_t futex,
		uint32_t count,
		void *user);

/* ---- getsockopt (spec/ops/getsockopt.yaml) */

/* Optional arguments of urb_push_getsockopt(); NULL or zeroed means the defaults. */
struct urb_getsockopt_opts {
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its bytes of room from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of getsockopt carries, as c->u.getsockopt. */
struct urb_getsockopt_done {
	struct urb_data value; /* the option's value */
};

/*
 * Read a socket option into a bearer buffer, like getsockopt(2).
 *
 * A socket command of IORING_OP_URING_CMD.  The option's value lands in
 * the buffer (opts.buf_offset and opts.buf_len: a slice of its room); the
 * result is its length, which the buffer's valid bytes become.  The kernel
 * takes level SOL_SOCKET only here (-EOPNOTSUPP otherwise).
 *
 * @fd: the socket
 * @level: SOL_SOCKET
 * @optname: SO_RCVBUF, SO_ERROR, ...
 * @buf: room for the value
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes; c->u.getsockopt (value).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_getsockopt(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		const struct urb_getsockopt_opts *opts);

/* urb_push_getsockopt() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_getsockopt_user(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		void *user);

/* ---- getxattr (spec/ops/getxattr.yaml) */

/* Optional arguments of urb_push_getxattr(); NULL or zeroed means the defaults. */
struct urb_getxattr_opts {
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its bytes of room from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of getxattr carries, as c->u.getxattr. */
struct urb_getxattr_done {
	struct urb_data value; /* the attribute's value */
};

/*
 * Read an extended attribute of a file by path, like getxattr(2).
 *
 * The value lands in the buffer (its whole room, or a slice); the result
 * is its size.  The name and the path are copied at push into the record
 * storage.
 *
 * @path: the file
 * @name: the attribute, as user.x
 * @buf: where the value goes
 *
 * Lifetime: single; holds buf until its final completion.
 * Completion: result bytes; c->u.getxattr (value).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_getxattr(struct urb_bearer *b,
		const char *path,
		const char *name,
		urb_buf_t buf,
		const struct urb_getxattr_opts *opts);

/* urb_push_getxattr() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_getxattr_user(struct urb_bearer *b,
		const char *path,
		const char *name,
		urb_buf_t buf,
		void *user);

/* ---- link_timeout (spec/ops/link_timeout.yaml) */

/* Optional arguments of urb_push_link_timeout(); NULL or zeroed means the defaults. */
struct urb_link_timeout_opts {
	uint32_t flags; /* IORING_TIMEOUT_* flags */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Bound the op pushed just before it (with URB_SUBMIT_LINK) by a time.
 *
 * Push it right after an op pushed with URB_SUBMIT_LINK.  If the time passes
 * first, that op is cancelled (its result -ECANCELED) and this one reports
 * -ETIME; if the op completes first, this one reports -ECANCELED.
 *
 * @ts: how long (or, with IORING_TIMEOUT_ABS, until when)
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_link_timeout(struct urb_bearer *b,
		const struct __kernel_timespec *ts,
		const struct urb_link_timeout_opts *opts);

/* urb_push_link_timeout() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_link_timeout_user(struct urb_bearer *b,
		const struct __kernel_timespec *ts,
		void *user);

/* ---- linkat (spec/ops/linkat.yaml) */

/* Optional arguments of urb_push_linkat(); NULL or zeroed means the defaults. */
struct urb_linkat_opts {
	uint32_t flags; /* 0 or AT_SYMLINK_FOLLOW */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Make a hard link, like linkat(2).
 *
 * @old_dfd: the old path's directory fd, or URB_CWD
 * @old_path: an existing name
 * @new_dfd: the new path's directory fd, or URB_CWD
 * @new_path: the new name
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_linkat(struct urb_bearer *b,
		urb_fd_t old_dfd,
		const char *old_path,
		urb_fd_t new_dfd,
		const char *new_path,
		const struct urb_linkat_opts *opts);

/* urb_push_linkat() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_linkat_user(struct urb_bearer *b,
		urb_fd_t old_dfd,
		const char *old_path,
		urb_fd_t new_dfd,
		const char *new_path,
		void *user);

/* ---- listen (spec/ops/listen.yaml) */

/* Optional arguments of urb_push_listen(); NULL or zeroed means the defaults. */
struct urb_listen_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Make a socket listen for connections, like listen(2).
 *
 * On success the slot holds an acceptor: accept and accept_multi take it.
 *
 * @fd: a bound socket
 * @backlog: the queue of pending connections, as for listen(2)
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_listen(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t backlog,
		const struct urb_listen_opts *opts);

/* urb_push_listen() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_listen_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t backlog,
		void *user);

/* ---- madvise (spec/ops/madvise.yaml) */

/* Optional arguments of urb_push_madvise(); NULL or zeroed means the defaults. */
struct urb_madvise_opts {
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its bytes of room from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Advise the kernel how a bearer buffer will be used, like madvise(2).
 *
 * Only over whole pages of one bearer buffer, since the kernel rounds the
 * length up to a page: the slice (opts.buf_offset, opts.buf_len of the
 * buffer's room) must start on a page, and the page its last byte is in
 * must lie wholly in the buffer, or the push is refused (URB_EINVAL, naming
 * the page size).  A set's data starts on a page (urb_buf_view() gives a
 * buffer's address): a buffer whose length is a multiple of the page size
 * can be advised whole.  The buffer must be the user's (one in a group,
 * or held by another op, is refused with URB_EOWNERSHIP); it is the
 * kernel's until the completion, since some advice changes its bytes.
 * The advice taken leaves every byte and every access as it is, or zeroes
 * the advised pages (MADV_DONTNEED_LOCKED; the kernel refuses MADV_DONTNEED
 * and MADV_FREE on bearer memory, which is locked).  Advice that outlives
 * the op or reaches past its pages is refused at push: MADV_DONTFORK,
 * MADV_DOFORK, MADV_WIPEONFORK, MADV_KEEPONFORK (what a child sees of
 * memory that later holds other sets), MADV_GUARD_INSTALL,
 * MADV_GUARD_REMOVE, MADV_REMOVE, MADV_HWPOISON, MADV_SOFT_OFFLINE, and
 * any value not listed.
 *
 * @buf: the buffer advised about
 * @advice: MADV_* advice: one of MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE, MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_DONTNEED_LOCKED, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_COLLAPSE, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_DONTDUMP, MADV_DODUMP
 *
 * Lifetime: single; holds buf until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_madvise(struct urb_bearer *b,
		urb_buf_t buf,
		uint32_t advice,
		const struct urb_madvise_opts *opts);

/* urb_push_madvise() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_madvise_user(struct urb_bearer *b,
		urb_buf_t buf,
		uint32_t advice,
		void *user);

/* ---- mkdirat (spec/ops/mkdirat.yaml) */

/* Optional arguments of urb_push_mkdirat(); NULL or zeroed means the defaults. */
struct urb_mkdirat_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Make a directory, like mkdirat(2).
 *
 * @dfd: a directory fd, or URB_CWD
 * @path: the directory to make
 * @mode: its mode
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_mkdirat(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		uint32_t mode,
		const struct urb_mkdirat_opts *opts);

/* urb_push_mkdirat() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_mkdirat_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		uint32_t mode,
		void *user);

/* ---- msg_ring (spec/ops/msg_ring.yaml) */

/* Optional arguments of urb_push_msg_ring(); NULL or zeroed means the defaults. */
struct urb_msg_ring_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Post a message into another bearer's ring, which shows it as URB_OP_MESSAGE.
 *
 * The target's callback sees c->op == URB_OP_MESSAGE with c->key = data and
 * c->result = value (as a 32-bit int): a completion of its own kind, never
 * taken for a key of its records.  ring_fd is the target's
 * urb_bearer_ring_fd(), which may be read from any thread; the bearers may
 * run on different threads.  This op's own completion says whether the
 * message was posted (-EOVERFLOW: the target's completion queue is full).
 * A registered descriptor goes with msg_ring_fd.
 *
 * @ring_fd: URB_FD(urb_bearer_ring_fd(target)): the target bearer's ring, a plain fd (the kernel keeps rings out of fixed-file tables)
 * @data: what the target sees as c->key
 * @value: what the target sees as c->result
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_msg_ring(struct urb_bearer *b,
		urb_fd_t ring_fd,
		uint64_t data,
		uint32_t value,
		const struct urb_msg_ring_opts *opts);

/* urb_push_msg_ring() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_msg_ring_user(struct urb_bearer *b,
		urb_fd_t ring_fd,
		uint64_t data,
		uint32_t value,
		void *user);

/* ---- msg_ring_fd (spec/ops/msg_ring_fd.yaml) */

/* Optional arguments of urb_push_msg_ring_fd(); NULL or zeroed means the defaults. */
struct urb_msg_ring_fd_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Send a registered descriptor into another bearer's fixed-file table, like msg_ring with IORING_MSG_SEND_FD.
 *
 * The descriptor in slot fd goes into a free slot the kernel picks in the
 * target bearer's own area (its direct_fd slots), never into one of
 * urb's; it stays registered here too.  ring_fd is the target's
 * urb_bearer_ring_fd(), a bearer of this process.  This op's own result
 * is that slot (the index in the target's table), or -errno: -ENFILE when
 * the target's area has no free slot (always when its direct_fd is 0),
 * and the target is told nothing; -EOVERFLOW when the target's completion
 * queue was full, in which case the descriptor is in the target's table
 * without the target being told (it is closed when the target is freed).
 * The target's callback sees c->op == URB_OP_FD_MESSAGE with c->key =
 * fd_data and c->result = the slot the descriptor is in now, registered
 * there with the kind it had here (never an error).  The message's key
 * carries bits only this process's bearers know: a completion that merely
 * looks like one (another ring's msg_ring) shows as URB_OP_STALE and
 * changes nothing in the target's table; a descriptor another ring sends
 * that way stays in the target's kernel area, unknown to urb, until the
 * target is freed.
 *
 * @ring_fd: URB_FD(urb_bearer_ring_fd(target)): the target bearer's ring, a plain fd (the kernel keeps rings out of fixed-file tables)
 * @fd: the slot to send; fd_data is what the target sees as c->key
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result index.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_msg_ring_fd(struct urb_bearer *b,
		urb_fd_t ring_fd,
		urb_fd_t fd,
		uint32_t fd_data,
		const struct urb_msg_ring_fd_opts *opts);

/* urb_push_msg_ring_fd() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_msg_ring_fd_user(struct urb_bearer *b,
		urb_fd_t ring_fd,
		urb_fd_t fd,
		uint32_t fd_data,
		void *user);

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

/* urb_push_nop() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_nop_user(struct urb_bearer *b,
		void *user);

/* ---- openat (spec/ops/openat.yaml) */

/* Optional arguments of urb_push_openat(); NULL or zeroed means the defaults. */
struct urb_openat_opts {
	uint32_t flags; /* O_* flags, as for openat(2) */
	uint32_t mode; /* the mode of a file O_CREAT makes */
	urb_fd_t target; /* where the new descriptor goes */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of openat carries, as c->u.openat. */
struct urb_openat_done {
	struct urb_new_fd file; /* the new descriptor */
};

/*
 * Open a file relative to a directory fd, like openat(2).
 *
 * dfd is a directory's plain fd, URB_FD(fd), or URB_CWD (the kernel takes
 * no slot there).  The new descriptor goes where opts.target says: a plain
 * fd (URB_PLAIN, the default), a slot the kernel picks (URB_AUTO_SLOT) or a
 * chosen free slot (URB_SLOT(n)); O_CLOEXEC goes with a plain fd only.  The path is copied at push into the record storage.
 *
 * @dfd: a directory fd, or URB_CWD
 * @path: the path to open
 *
 * Lifetime: single; holds target until its final completion.
 * Completion: result fd; c->u.openat (file).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_openat(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct urb_openat_opts *opts);

/* urb_push_openat() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_openat_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		void *user);

/* ---- openat2 (spec/ops/openat2.yaml) */

/* Optional arguments of urb_push_openat2(); NULL or zeroed means the defaults. */
struct urb_openat2_opts {
	urb_fd_t target; /* where the new descriptor goes */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of openat2 carries, as c->u.openat2. */
struct urb_openat2_done {
	struct urb_new_fd file; /* the new descriptor */
};

/*
 * Open a file with the extended arguments of openat2(2) (struct open_how).
 *
 * As openat, with flags, mode and the RESOLVE_* rules in a struct
 * open_how, copied into the record at push.  O_CLOEXEC in how.flags goes
 * with a plain fd target only (the kernel refuses it with a slot).
 *
 * @dfd: a directory fd, or URB_CWD
 * @path: the path to open
 * @how: flags, mode and resolve, as for openat2(2)
 *
 * Lifetime: single; holds target until its final completion.
 * Completion: result fd; c->u.openat2 (file).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_openat2(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct open_how *how,
		const struct urb_openat2_opts *opts);

/* urb_push_openat2() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_openat2_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct open_how *how,
		void *user);

/* ---- pipe (spec/ops/pipe.yaml) */

/* Optional arguments of urb_push_pipe(); NULL or zeroed means the defaults. */
struct urb_pipe_opts {
	uint32_t flags; /* O_CLOEXEC, O_NONBLOCK, O_DIRECT, as for pipe2(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of pipe carries, as c->u.pipe. */
struct urb_pipe_done {
	const struct urb_fd_pair * ends; /* the two fds; NULL on failure */
};

/*
 * Make a pipe, like pipe2(2).
 *
 * Both ends are new plain fds, the caller's to close; the kernel writes
 * them into the record storage and the completion points at them, valid
 * until the record is released.  A drain closes the ends of a pipe whose
 * completion nobody read.
 *
 * Lifetime: single.
 * Completion: result none; c->u.pipe (ends).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_pipe(struct urb_bearer *b,
		const struct urb_pipe_opts *opts);

/* urb_push_pipe() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_pipe_user(struct urb_bearer *b,
		void *user);

/* ---- poll_add (spec/ops/poll_add.yaml) */

/* Optional arguments of urb_push_poll_add(); NULL or zeroed means the defaults. */
struct urb_poll_add_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Wait until an fd is ready for the events asked, like poll(2) on one fd.
 *
 * Completes once, with the ready events (POLLIN, POLLOUT, POLLHUP, ...)
 * as its result.  poll_remove (or cancel) ends a pending one.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @events: POLLIN, POLLOUT, ... as for poll(2)
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result mask.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_poll_add(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		const struct urb_poll_add_opts *opts);

/* urb_push_poll_add() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_poll_add_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		void *user);

/* ---- poll_multi (spec/ops/poll_multi.yaml) */

/* Optional arguments of urb_push_poll_multi(); NULL or zeroed means the defaults. */
struct urb_poll_multi_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Report an fd's readiness each time it changes, until cancelled, like a poll(2) loop.
 *
 * poll_add with IORING_POLL_ADD_MULTI: every completion with `more` set
 * carries the ready events; poll_remove (or cancel) ends it with
 * -ECANCELED.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @events: POLLIN, POLLOUT, ... as for poll(2)
 *
 * Lifetime: multishot; holds fd until its final completion.
 * Completion: result mask.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_poll_multi(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		const struct urb_poll_multi_opts *opts);

/* urb_push_poll_multi() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_poll_multi_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t events,
		void *user);

/* ---- poll_remove (spec/ops/poll_remove.yaml) */

/* Optional arguments of urb_push_poll_remove(); NULL or zeroed means the defaults. */
struct urb_poll_remove_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * End a pending poll_add, whose completion then reports -ECANCELED.
 *
 * @target: key of the pending poll_add
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_poll_remove(struct urb_bearer *b,
		uint64_t target,
		const struct urb_poll_remove_opts *opts);

/* urb_push_poll_remove() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_poll_remove_user(struct urb_bearer *b,
		uint64_t target,
		void *user);

/* ---- provide_buffers (spec/ops/provide_buffers.yaml) */

/* Optional arguments of urb_push_provide_buffers(); NULL or zeroed means the defaults. */
struct urb_provide_buffers_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Hand every buffer of a set to the kernel as a buffer group, like io_uring's provide buffers.
 *
 * The legacy way to make a group (kernels before 5.19 have no buffer
 * rings); ops name the group by its set id.  Every buffer is the kernel's from
 * the push on; once this succeeds ops select from the group, and
 * urb_buf_recycle() gives a handed-out buffer back with one more provide.
 * If it fails the buffers come back to the user.
 *
 * @set: the buffer set to provide
 *
 * Lifetime: single; holds set until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_provide_buffers(struct urb_bearer *b,
		uint32_t set,
		const struct urb_provide_buffers_opts *opts);

/* urb_push_provide_buffers() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_provide_buffers_user(struct urb_bearer *b,
		uint32_t set,
		void *user);

/* ---- read (spec/ops/read.yaml) */

/* Optional arguments of urb_push_read(); NULL or zeroed means the defaults. */
struct urb_read_opts {
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its bytes of room from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of read carries, as c->u.read. */
struct urb_read_done {
	struct urb_data data; /* the bytes read */
};

/*
 * Read from a file, pipe or socket into a bearer buffer, like pread(2).
 *
 * Reads at offset, or at the file's position (moving it, as read(2)
 * does) when offset is UINT64_MAX; pipes and sockets ignore the
 * offset.  The buffer is the kernel's until the completion, which then
 * shows exactly the bytes read; its valid bytes are the slice's offset
 * plus them.  A result of 0 is the end of the file.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @buf: buffer to read into (its whole room, or the slice opts.buf_offset, opts.buf_len)
 * @offset: file offset to read at; UINT64_MAX: the file position
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes; c->u.read (data).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_read(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_read_opts *opts);

/* urb_push_read() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_read_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		void *user);

/* ---- read_fixed (spec/ops/read_fixed.yaml) */

/* Optional arguments of urb_push_read_fixed(); NULL or zeroed means the defaults. */
struct urb_read_fixed_opts {
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its bytes of room from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of read_fixed carries, as c->u.read_fixed. */
struct urb_read_fixed_done {
	struct urb_data data; /* the bytes read */
};

/*
 * Read into a buffer of a set registered as fixed buffers, like pread(2) without the page mapping.
 *
 * As read, but the kernel uses the set's registration
 * (urb_bufset_register_fixed()) instead of mapping the pages on every
 * read; a buffer of a set that is not registered is refused at push.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @buf: a buffer of a registered set (its whole room, or the slice opts.buf_offset, opts.buf_len)
 * @offset: file offset to read at; UINT64_MAX: the file position
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes; c->u.read_fixed (data).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_read_fixed(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_read_fixed_opts *opts);

/* urb_push_read_fixed() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_read_fixed_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		void *user);

/* ---- read_multishot (spec/ops/read_multishot.yaml) */

/* Optional arguments of urb_push_read_multishot(); NULL or zeroed means the defaults. */
struct urb_read_multishot_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of read_multishot carries, as c->u.read_multishot. */
struct urb_read_multishot_done {
	struct urb_data data; /* the bytes read into the buffer the kernel picked */
};

/*
 * Read repeatedly into buffers the kernel picks from a group, like read(2) in a loop.
 *
 * For pipes and other fds that are not seekable files.  Each completion
 * with data hands one buffer of the group to the user, who gives it back
 * with urb_buf_recycle(); the op stays armed while completions have
 * `more` set, and ends at the end of the stream, on an error, or when
 * the group runs out of buffers (-ENOBUFS).
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @group: the group buffers come from
 *
 * Lifetime: multishot; holds fd, group until its final completion.
 * Completion: result bytes; c->u.read_multishot (data).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_read_multishot(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_read_multishot_opts *opts);

/* urb_push_read_multishot() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_read_multishot_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		void *user);

/* ---- readv (spec/ops/readv.yaml) */

/* Optional arguments of urb_push_readv(); NULL or zeroed means the defaults. */
struct urb_readv_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Read into several bearer buffers in order, like preadv(2).
 *
 * The bytes fill the buffers in the order given, each up to its room; the
 * buffers are the kernel's until the completion, then each holds the bytes
 * that landed in it (its valid bytes).  The iovec is built in the record
 * storage.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @bufs: the buffers, 1 to 64, none twice
 * @offset: file offset to read at; UINT64_MAX: the file position
 *
 * Lifetime: single; holds fd, bufs until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_readv(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		const struct urb_readv_opts *opts);

/* urb_push_readv() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_readv_user(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		void *user);

/* ---- readv_fixed (spec/ops/readv_fixed.yaml) */

/* Optional arguments of urb_push_readv_fixed(); NULL or zeroed means the defaults. */
struct urb_readv_fixed_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * As readv, through a set registered as fixed buffers.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @bufs: buffers of one registered set, 1 to 64, none twice
 * @offset: file offset to read at; UINT64_MAX: the file position
 *
 * Lifetime: single; holds fd, bufs until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_readv_fixed(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		const struct urb_readv_fixed_opts *opts);

/* urb_push_readv_fixed() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_readv_fixed_user(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		void *user);

/* ---- recv (spec/ops/recv.yaml) */

/* Optional arguments of urb_push_recv(); NULL or zeroed means the defaults. */
struct urb_recv_opts {
	uint32_t msg_flags; /* MSG_* flags as for recv(2) */
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its bytes of room from the offset) */
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
 * A result of 0 means the peer closed the connection.  opts.buf_offset and
 * opts.buf_len receive into a slice of the buffer (by default all of it):
 * its valid bytes are then the offset plus the bytes received, so a
 * message can be gathered in pieces.  A stream socket gives what has
 * arrived, which may be less than the slice; MSG_WAITALL in msg_flags makes
 * the kernel wait for the whole slice (or the end of the stream).
 *
 * @fd: the socket
 * @buf: buffer to receive into (its whole room, or the slice opts.buf_offset, opts.buf_len)
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes; c->u.recv (data).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_recv(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_recv_opts *opts);

/* urb_push_recv() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_recv_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		void *user);

/* ---- recv_bundle (spec/ops/recv_bundle.yaml) */

/* Optional arguments of urb_push_recv_bundle(); NULL or zeroed means the defaults. */
struct urb_recv_bundle_opts {
	uint32_t msg_flags; /* MSG_* flags as for recv(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of recv_bundle carries, as c->u.recv_bundle. */
struct urb_recv_bundle_done {
	struct urb_bundle run; /* the buffers filled, in order; recycle each when done */
};

/*
 * Receive into a run of buffers the kernel takes from a ring, like recv(2) into several buffers.
 *
 * A bundle (Linux 6.10): the kernel fills as many buffers of the ring as
 * the bytes waiting need, in ring order, and may go round once more into
 * the same completion when more is waiting.  The completion's payload
 * (c->u.recv_bundle.run) lists every buffer it took (run.bufs lasts as
 * long as the callback): each is the user's until urb_buf_recycle(),
 * holding run.bytes in all.  c->selected is the first.  It runs alone:
 * refused (URB_ENOTALLOWED) with URB_SUBMIT_ASYNC, with URB_SUBMIT_LINK or
 * HARDLINK, and after a push linked to it.  The kernel runs such an op in
 * a worker (an ASYNC one always, a chain's ops whenever the chain goes
 * there), where a bundle takes its buffers one at a time from wherever the
 * ring is then, and no completion can say which.
 *
 * @fd: the socket
 * @group: a buffer ring (not incremental) to take the buffers from
 *
 * Lifetime: single; holds fd, group until its final completion.
 * Completion: result bytes; c->u.recv_bundle (run).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_recv_bundle(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_recv_bundle_opts *opts);

/* urb_push_recv_bundle() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_recv_bundle_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		void *user);

/* ---- recv_multi (spec/ops/recv_multi.yaml) */

/* Optional arguments of urb_push_recv_multi(); NULL or zeroed means the defaults. */
struct urb_recv_multi_opts {
	uint32_t msg_flags; /* MSG_* flags as for recv(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of recv_multi carries, as c->u.recv_multi. */
struct urb_recv_multi_done {
	struct urb_data data; /* the buffer the kernel filled; recycle it when done */
};

/*
 * Receive repeatedly into buffers the kernel selects from a group, like recv(2) in a loop.
 *
 * One completion per message while `more` is set; each hands the user one
 * buffer of the group (c->u.recv_multi.data) holding exactly the bytes
 * received, to give back with urb_buf_recycle().  A completion without
 * `more` ends the stream: result 0 is the peer's end of file, -ENOBUFS an
 * empty group (recycle, then push again), -ECANCELED a cancel, anything
 * else an error.
 *
 * @fd: the socket
 * @group: the buffer set (a ring or a provided group) to select from
 *
 * Lifetime: multishot; holds fd, group until its final completion.
 * Completion: result bytes; c->u.recv_multi (data).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_recv_multi(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_recv_multi_opts *opts);

/* urb_push_recv_multi() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_recv_multi_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		void *user);

/* ---- recvmsg (spec/ops/recvmsg.yaml) */

/* Optional arguments of urb_push_recvmsg(); NULL or zeroed means the defaults. */
struct urb_recvmsg_opts {
	uint32_t msg_flags; /* MSG_* flags as for recvmsg(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of recvmsg carries, as c->u.recvmsg. */
struct urb_recvmsg_done {
	struct urb_msg_done msg; /* the sender, the message's flags and the ancillary data */
};

/*
 * Receive a message into several bearer buffers, like recvmsg(2).
 *
 * The message fills msg's buffers in order, each up to its room; each then
 * holds the bytes that landed in it.  The payload gives the sender's
 * address, the message's flags (MSG_TRUNC: a datagram longer than the
 * buffers, its rest dropped; MSG_CTRUNC: ancillary data longer than the
 * control buffer) and the ancillary data, which msg->control now holds.
 * The buffers are the kernel's until the completion; the msghdr, the
 * iovec and the address live in record storage.
 *
 * @fd: the socket
 * @msg: the message: buffers and control room
 *
 * Lifetime: single; holds fd, msg until its final completion.
 * Completion: result bytes; c->u.recvmsg (msg).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_recvmsg(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		const struct urb_recvmsg_opts *opts);

/* urb_push_recvmsg() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_recvmsg_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		void *user);

/* ---- recvmsg_multi (spec/ops/recvmsg_multi.yaml) */

/* Optional arguments of urb_push_recvmsg_multi(); NULL or zeroed means the defaults. */
struct urb_recvmsg_multi_opts {
	uint32_t msg_flags; /* MSG_* flags as for recvmsg(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of recvmsg_multi carries, as c->u.recvmsg_multi. */
struct urb_recvmsg_multi_done {
	struct urb_msg_part part; /* the message in the selected buffer; recycle the buffer when done */
};

/*
 * Receive messages repeatedly into buffers the kernel selects from a group, like recvmsg(2) in a loop.
 *
 * One completion per message while `more` is set; each hands the user one
 * buffer of the group, to give back with urb_buf_recycle().  The kernel
 * starts each buffer with a 16-byte header (struct io_uring_recvmsg_out),
 * then the room the `room` argument asks for (room->name_len bytes for the
 * sender's address, room->control_len for the ancillary data), then the
 * payload: size the group's buffers at 16 + name_len + control_len bytes
 * plus the largest payload wanted at once (the kernel fails a receive into
 * a smaller buffer with -EFAULT).  The payload
 * (c->u.recvmsg_multi.part) gives them parsed, with MSG_TRUNC when the
 * payload was longer than the buffer and MSG_CTRUNC when the ancillary data
 * was.  A completion without `more` ends it: -ENOBUFS an empty group
 * (recycle, then push again), -ECANCELED a cancel, anything else an error.
 * An incremental ring is refused (URB_ENOTALLOWED): the kernel writes each
 * header where the buffer's unused rest starts and fails the receive
 * (-EFAULT) once that rest is shorter than the header.
 *
 * @fd: the socket
 * @group: the buffer set (a ring or a provided group) to select from
 * @room: room for the address and the ancillary data, or NULL for none
 *
 * Lifetime: multishot; holds fd, group, room until its final completion.
 * Completion: result bytes; c->u.recvmsg_multi (part).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_recvmsg_multi(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_msg_room *room,
		const struct urb_recvmsg_multi_opts *opts);

/* urb_push_recvmsg_multi() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_recvmsg_multi_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_msg_room *room,
		void *user);

/* ---- remove_buffers (spec/ops/remove_buffers.yaml) */

/* Optional arguments of urb_push_remove_buffers(); NULL or zeroed means the defaults. */
struct urb_remove_buffers_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Take a provided buffer group back from the kernel, like io_uring's remove buffers.
 *
 * Refused while a pending op selects from the group.  On success the
 * buffers still in the group are the user's again (Returned, no bytes) and
 * the set is a plain set; the result counts them.
 *
 * @set: the provided group to take back
 *
 * Lifetime: single; holds set until its final completion.
 * Completion: result count.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_remove_buffers(struct urb_bearer *b,
		uint32_t set,
		const struct urb_remove_buffers_opts *opts);

/* urb_push_remove_buffers() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_remove_buffers_user(struct urb_bearer *b,
		uint32_t set,
		void *user);

/* ---- renameat (spec/ops/renameat.yaml) */

/* Optional arguments of urb_push_renameat(); NULL or zeroed means the defaults. */
struct urb_renameat_opts {
	uint32_t flags; /* RENAME_* flags, as for renameat2(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Rename a file, like renameat2(2).
 *
 * @old_dfd: the old path's directory fd, or URB_CWD
 * @old_path: the name it has
 * @new_dfd: the new path's directory fd, or URB_CWD
 * @new_path: the name it gets
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_renameat(struct urb_bearer *b,
		urb_fd_t old_dfd,
		const char *old_path,
		urb_fd_t new_dfd,
		const char *new_path,
		const struct urb_renameat_opts *opts);

/* urb_push_renameat() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_renameat_user(struct urb_bearer *b,
		urb_fd_t old_dfd,
		const char *old_path,
		urb_fd_t new_dfd,
		const char *new_path,
		void *user);

/* ---- send (spec/ops/send.yaml) */

/* Optional arguments of urb_push_send(); NULL or zeroed means the defaults. */
struct urb_send_opts {
	uint32_t msg_flags; /* MSG_* flags as for send(2) */
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its valid bytes from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Send the valid bytes of a bearer buffer, like send(2).
 *
 * Sends what the buffer holds: the bytes written before urb_buf_filled(),
 * or the bytes a recv left in it; opts.buf_offset and opts.buf_len send a
 * slice of them instead.  The buffer is the kernel's until the completion;
 * a short send reports how many bytes went, and the rest goes with a push
 * of the same buffer at buf_offset = the bytes sent (no copy).  MSG_WAITALL
 * in msg_flags makes the kernel retry a stream send until all of it went.
 *
 * @fd: the socket
 * @buf: buffer whose valid bytes are sent
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_send(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_send_opts *opts);

/* urb_push_send() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_send_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		void *user);

/* ---- send_bundle (spec/ops/send_bundle.yaml) */

/* Optional arguments of urb_push_send_bundle(); NULL or zeroed means the defaults. */
struct urb_send_bundle_opts {
	uint32_t msg_flags; /* MSG_* flags as for send(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of send_bundle carries, as c->u.send_bundle. */
struct urb_send_bundle_done {
	struct urb_bundle run; /* the buffers that went, in order, the user's again */
};

/*
 * Send the buffers queued on a send ring, in order, like send(2) of several buffers.
 *
 * A bundle (Linux 6.10): the kernel takes every buffer queued with
 * urb_buf_queue() on a send ring (urb_bufring_create_send()) when it runs
 * the send, and sends their valid bytes in queue order.  The completion's
 * payload (c->u.send_bundle.run) lists the buffers it took (run.bufs
 * lasts as long as the callback), each the user's again with its valid
 * bytes as they were, also when the send failed, was cut short or was
 * cancelled; run.bytes is what went.  A buffer queued while a send bundle
 * is pending on the ring waits for its completion and goes to the next
 * send; a second send bundle pushed meanwhile finds nothing (-ENOBUFS)
 * unless the first has not run yet.
 *
 * @fd: the socket
 * @group: a send ring whose queued buffers go
 *
 * Lifetime: single; holds fd, group until its final completion.
 * Completion: result bytes; c->u.send_bundle (run).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_send_bundle(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		const struct urb_send_bundle_opts *opts);

/* urb_push_send_bundle() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_send_bundle_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t group,
		void *user);

/* ---- send_zc (spec/ops/send_zc.yaml) */

/* Optional arguments of urb_push_send_zc(); NULL or zeroed means the defaults. */
struct urb_send_zc_opts {
	uint32_t msg_flags; /* MSG_* flags as for send(2) */
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its valid bytes from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Send the valid bytes of a bearer buffer without copying them, like send(2) with MSG_ZEROCOPY.
 *
 * Two completions: the first reports the result (with `more` set when a
 * notification follows), the second (`notif` set) says the kernel no
 * longer reads the buffer.  The buffer stays the kernel's until that
 * notification, so it cannot be refilled or destroyed between the two.  A
 * failed send may or may not be followed by a notification (kernels
 * differ); either way the op ends on its completion without `more`.  A set
 * registered with urb_bufset_register_fixed() goes as fixed buffers.
 * opts.buf_offset and opts.buf_len send a slice of the valid bytes: after a
 * short send, push the rest at buf_offset = the bytes sent, without moving
 * them (MSG_WAITALL makes the kernel retry until all of it went).
 *
 * @fd: the socket
 * @buf: buffer whose valid bytes are sent
 *
 * Lifetime: notif; holds fd, buf until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_send_zc(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		const struct urb_send_zc_opts *opts);

/* urb_push_send_zc() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_send_zc_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		void *user);

/* ---- sendmsg (spec/ops/sendmsg.yaml) */

/* Optional arguments of urb_push_sendmsg(); NULL or zeroed means the defaults. */
struct urb_sendmsg_opts {
	uint32_t msg_flags; /* MSG_* flags as for sendmsg(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Send a message from several bearer buffers, like sendmsg(2).
 *
 * The valid bytes of msg's buffers go out in order as one message, to
 * msg->name when it is set (a datagram socket that is not connected),
 * with the valid bytes of msg->control as ancillary data.  The address is
 * copied at push; the buffers and the control buffer are the kernel's
 * until the completion.  The msghdr and the iovec live in record storage.
 *
 * @fd: the socket
 * @msg: the message: buffers, destination, control
 *
 * Lifetime: single; holds fd, msg until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_sendmsg(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		const struct urb_sendmsg_opts *opts);

/* urb_push_sendmsg() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_sendmsg_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		void *user);

/* ---- sendmsg_zc (spec/ops/sendmsg_zc.yaml) */

/* Optional arguments of urb_push_sendmsg_zc(); NULL or zeroed means the defaults. */
struct urb_sendmsg_zc_opts {
	uint32_t msg_flags; /* MSG_* flags as for sendmsg(2) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Send a message from several bearer buffers without copying them, like sendmsg(2) with MSG_ZEROCOPY.
 *
 * As sendmsg, in two completions as send_zc: the first reports the result
 * (with `more` set when a notification follows), the second (`notif` set)
 * says the kernel no longer reads the buffers.  The buffers and the
 * control buffer stay the kernel's until that notification; a failed send
 * may or may not be followed by one, and the op ends on its completion
 * without `more` either way.
 *
 * @fd: the socket
 * @msg: the message: buffers, destination, control
 *
 * Lifetime: notif; holds fd, msg until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_sendmsg_zc(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		const struct urb_sendmsg_zc_opts *opts);

/* urb_push_sendmsg_zc() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_sendmsg_zc_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_msg *msg,
		void *user);

/* ---- setsockopt (spec/ops/setsockopt.yaml) */

/* Optional arguments of urb_push_setsockopt(); NULL or zeroed means the defaults. */
struct urb_setsockopt_opts {
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its valid bytes from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Set a socket option from a bearer buffer, like setsockopt(2).
 *
 * A socket command of IORING_OP_URING_CMD.  The buffer's valid bytes (or
 * the slice opts.buf_offset and opts.buf_len give) are the value, the
 * kernel's until the completion.
 *
 * @fd: the socket
 * @level: SOL_SOCKET, IPPROTO_TCP, ...
 * @optname: SO_KEEPALIVE, TCP_NODELAY, ...
 * @buf: the value
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_setsockopt(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		const struct urb_setsockopt_opts *opts);

/* urb_push_setsockopt() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_setsockopt_user(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t level,
		int32_t optname,
		urb_buf_t buf,
		void *user);

/* ---- setxattr (spec/ops/setxattr.yaml) */

/* Optional arguments of urb_push_setxattr(); NULL or zeroed means the defaults. */
struct urb_setxattr_opts {
	uint32_t flags; /* 0, XATTR_CREATE or XATTR_REPLACE */
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its valid bytes from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Set an extended attribute of a file by path, like setxattr(2).
 *
 * The value is the buffer's valid bytes (or a slice of them).  The name and
 * the path are copied at push into the record storage.
 *
 * @path: the file
 * @name: the attribute, as user.x
 * @buf: the value
 *
 * Lifetime: single; holds buf until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_setxattr(struct urb_bearer *b,
		const char *path,
		const char *name,
		urb_buf_t buf,
		const struct urb_setxattr_opts *opts);

/* urb_push_setxattr() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_setxattr_user(struct urb_bearer *b,
		const char *path,
		const char *name,
		urb_buf_t buf,
		void *user);

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
 * @fd: the socket
 * @how: SHUT_RD, SHUT_WR or SHUT_RDWR
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_shutdown(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t how,
		const struct urb_shutdown_opts *opts);

/* urb_push_shutdown() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_shutdown_user(struct urb_bearer *b,
		urb_fd_t fd,
		int32_t how,
		void *user);

/* ---- sock_inq (spec/ops/sock_inq.yaml) */

/* Optional arguments of urb_push_sock_inq(); NULL or zeroed means the defaults. */
struct urb_sock_inq_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Count the bytes waiting in a socket's receive queue, like ioctl(2) SIOCINQ.
 *
 * A socket command of IORING_OP_URING_CMD.  The result is the number of
 * bytes a recv would find now (for a listening socket, the kernel's
 * answer for SIOCINQ).
 *
 * @fd: the socket
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result count.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_sock_inq(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_sock_inq_opts *opts);

/* urb_push_sock_inq() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_sock_inq_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user);

/* ---- sock_outq (spec/ops/sock_outq.yaml) */

/* Optional arguments of urb_push_sock_outq(); NULL or zeroed means the defaults. */
struct urb_sock_outq_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Count the bytes a socket has not had acknowledged yet, like ioctl(2) SIOCOUTQ.
 *
 * A socket command of IORING_OP_URING_CMD.  The result is the number of
 * bytes sent that the peer has not acknowledged yet: the send queue's
 * length, as ioctl(2) SIOCOUTQ gives it.
 *
 * @fd: the socket
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result count.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_sock_outq(struct urb_bearer *b,
		urb_fd_t fd,
		const struct urb_sock_outq_opts *opts);

/* urb_push_sock_outq() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_sock_outq_user(struct urb_bearer *b,
		urb_fd_t fd,
		void *user);

/* ---- socket (spec/ops/socket.yaml) */

/* Optional arguments of urb_push_socket(); NULL or zeroed means the defaults. */
struct urb_socket_opts {
	urb_fd_t target; /* where the new socket goes */
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

/* urb_push_socket() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_socket_user(struct urb_bearer *b,
		int32_t domain,
		int32_t type,
		int32_t protocol,
		void *user);

/* ---- splice (spec/ops/splice.yaml) */

/* Optional arguments of urb_push_splice(); NULL or zeroed means the defaults. */
struct urb_splice_opts {
	uint32_t flags; /* SPLICE_F_* flags */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Move bytes between two fds, one of them a pipe, without copying them to user memory, like splice(2).
 *
 * fd_in and fd_out are plain fds or URB_SLOT(n).  An offset applies to a
 * file; a pipe's offset must be UINT64_MAX (as NULL is for splice(2)), and
 * so must a file's to use (and move) its position.
 *
 * @fd_in: where bytes come from: URB_FD(fd) or URB_SLOT(n)
 * @off_in: offset in fd_in, or UINT64_MAX
 * @fd_out: where they go: URB_FD(fd) or URB_SLOT(n)
 * @off_out: offset in fd_out, or UINT64_MAX
 * @len: bytes to move at most
 *
 * Lifetime: single; holds fd_in, fd_out until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_splice(struct urb_bearer *b,
		urb_fd_t fd_in,
		uint64_t off_in,
		urb_fd_t fd_out,
		uint64_t off_out,
		uint32_t len,
		const struct urb_splice_opts *opts);

/* urb_push_splice() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_splice_user(struct urb_bearer *b,
		urb_fd_t fd_in,
		uint64_t off_in,
		urb_fd_t fd_out,
		uint64_t off_out,
		uint32_t len,
		void *user);

/* ---- statx (spec/ops/statx.yaml) */

/* Optional arguments of urb_push_statx(); NULL or zeroed means the defaults. */
struct urb_statx_opts {
	uint32_t flags; /* AT_* flags, as for statx(2) */
	uint32_t mask; /* STATX_* fields wanted (0: the kernel's basic set) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of statx carries, as c->u.statx. */
struct urb_statx_done {
	const struct statx * st; /* the file's status; NULL on failure */
};

/*
 * Get a file's status, like statx(2).
 *
 * dfd is a directory's plain fd, URB_FD(fd), or URB_CWD (the kernel takes
 * no slot there); with AT_EMPTY_PATH in opts.flags and an empty path, dfd
 * itself.  The kernel writes the struct
 * statx into the record storage; the completion points at it, valid until
 * the record is released (answer URB_RETAIN to keep it longer).
 *
 * @dfd: a directory fd, or URB_CWD
 * @path: the path to look at
 *
 * Lifetime: single.
 * Completion: result none; c->u.statx (st).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_statx(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct urb_statx_opts *opts);

/* urb_push_statx() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_statx_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		void *user);

/* ---- symlinkat (spec/ops/symlinkat.yaml) */

/* Optional arguments of urb_push_symlinkat(); NULL or zeroed means the defaults. */
struct urb_symlinkat_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Make a symbolic link, like symlinkat(2).
 *
 * @target: what the link points to
 * @new_dfd: the link's directory fd, or URB_CWD
 * @link_path: the link's name
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_symlinkat(struct urb_bearer *b,
		const char *target,
		urb_fd_t new_dfd,
		const char *link_path,
		const struct urb_symlinkat_opts *opts);

/* urb_push_symlinkat() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_symlinkat_user(struct urb_bearer *b,
		const char *target,
		urb_fd_t new_dfd,
		const char *link_path,
		void *user);

/* ---- sync_file_range (spec/ops/sync_file_range.yaml) */

/* Optional arguments of urb_push_sync_file_range(); NULL or zeroed means the defaults. */
struct urb_sync_file_range_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Start or wait for writeback of a range of a file, like sync_file_range(2).
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @offset: first byte of the range
 * @len: bytes in the range (0: to the end of the file)
 * @flags: SYNC_FILE_RANGE_* flags
 *
 * Lifetime: single; holds fd until its final completion.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_sync_file_range(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t flags,
		const struct urb_sync_file_range_opts *opts);

/* urb_push_sync_file_range() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_sync_file_range_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint64_t offset,
		uint32_t len,
		uint32_t flags,
		void *user);

/* ---- tee (spec/ops/tee.yaml) */

/* Optional arguments of urb_push_tee(); NULL or zeroed means the defaults. */
struct urb_tee_opts {
	uint32_t flags; /* SPLICE_F_* flags */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Copy bytes from one pipe to another without taking them out, like tee(2).
 *
 * @fd_in: the pipe bytes are read from: URB_FD(fd) or URB_SLOT(n)
 * @fd_out: the pipe they are copied to: URB_FD(fd) or URB_SLOT(n)
 * @len: bytes to copy at most
 *
 * Lifetime: single; holds fd_in, fd_out until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_tee(struct urb_bearer *b,
		urb_fd_t fd_in,
		urb_fd_t fd_out,
		uint32_t len,
		const struct urb_tee_opts *opts);

/* urb_push_tee() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_tee_user(struct urb_bearer *b,
		urb_fd_t fd_in,
		urb_fd_t fd_out,
		uint32_t len,
		void *user);

/* ---- timeout (spec/ops/timeout.yaml) */

/* Optional arguments of urb_push_timeout(); NULL or zeroed means the defaults. */
struct urb_timeout_opts {
	uint32_t count; /* complete once this many other completions have arrived (0: only the time counts) */
	uint32_t flags; /* IORING_TIMEOUT_* flags */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Complete after a time, or once a number of other completions have arrived.
 *
 * The time is relative unless opts.flags has IORING_TIMEOUT_ABS
 * (IORING_TIMEOUT_BOOTTIME or IORING_TIMEOUT_REALTIME pick the clock).  When
 * the time passes the result is -ETIME, which is the normal end of a timer;
 * when opts.count other completions arrive first it is 0; timeout_remove
 * ends it with -ECANCELED.  The time is copied at push.
 *
 * @ts: how long (or, with IORING_TIMEOUT_ABS, until when)
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_timeout(struct urb_bearer *b,
		const struct __kernel_timespec *ts,
		const struct urb_timeout_opts *opts);

/* urb_push_timeout() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_timeout_user(struct urb_bearer *b,
		const struct __kernel_timespec *ts,
		void *user);

/* ---- timeout_remove (spec/ops/timeout_remove.yaml) */

/* Optional arguments of urb_push_timeout_remove(); NULL or zeroed means the defaults. */
struct urb_timeout_remove_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * End a pending timeout, which then reports -ECANCELED.
 *
 * @target: key of the pending timeout
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_timeout_remove(struct urb_bearer *b,
		uint64_t target,
		const struct urb_timeout_remove_opts *opts);

/* urb_push_timeout_remove() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_timeout_remove_user(struct urb_bearer *b,
		uint64_t target,
		void *user);

/* ---- timeout_update (spec/ops/timeout_update.yaml) */

/* Optional arguments of urb_push_timeout_update(); NULL or zeroed means the defaults. */
struct urb_timeout_update_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Give a pending timeout a new time, counted from now.
 *
 * The timeout_remove opcode in its update form (IORING_TIMEOUT_UPDATE).
 * The pending timeout keeps its key; -ENOENT when it has ended already.
 *
 * @target: key of the pending timeout
 * @ts: the new time, relative
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_timeout_update(struct urb_bearer *b,
		uint64_t target,
		const struct __kernel_timespec *ts,
		const struct urb_timeout_update_opts *opts);

/* urb_push_timeout_update() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_timeout_update_user(struct urb_bearer *b,
		uint64_t target,
		const struct __kernel_timespec *ts,
		void *user);

/* ---- unlinkat (spec/ops/unlinkat.yaml) */

/* Optional arguments of urb_push_unlinkat(); NULL or zeroed means the defaults. */
struct urb_unlinkat_opts {
	uint32_t flags; /* 0 or AT_REMOVEDIR */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Remove a file, or with AT_REMOVEDIR a directory, like unlinkat(2).
 *
 * @dfd: a directory fd, or URB_CWD
 * @path: what to remove
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_unlinkat(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		const struct urb_unlinkat_opts *opts);

/* urb_push_unlinkat() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_unlinkat_user(struct urb_bearer *b,
		urb_fd_t dfd,
		const char *path,
		void *user);

/* ---- waitid (spec/ops/waitid.yaml) */

/* Optional arguments of urb_push_waitid(); NULL or zeroed means the defaults. */
struct urb_waitid_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of waitid carries, as c->u.waitid. */
struct urb_waitid_done {
	const siginfo_t * info; /* the child's siginfo; NULL on failure */
};

/*
 * Wait for a child process to change state, like waitid(2).
 *
 * The kernel writes the child's siginfo into the record storage; the
 * completion points at it (si_pid, si_code, si_status), valid until the
 * record is released.
 *
 * @idtype: P_PID, P_PGID, P_ALL or P_PIDFD
 * @id: the pid (or group, or pidfd) the idtype names
 * @options: WEXITED, WSTOPPED, WCONTINUED, WNOHANG, WNOWAIT
 *
 * Lifetime: single.
 * Completion: result none; c->u.waitid (info).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_waitid(struct urb_bearer *b,
		int32_t idtype,
		uint32_t id,
		uint32_t options,
		const struct urb_waitid_opts *opts);

/* urb_push_waitid() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_waitid_user(struct urb_bearer *b,
		int32_t idtype,
		uint32_t id,
		uint32_t options,
		void *user);

/* ---- write (spec/ops/write.yaml) */

/* Optional arguments of urb_push_write(); NULL or zeroed means the defaults. */
struct urb_write_opts {
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its valid bytes from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Write the valid bytes of a bearer buffer to a file, pipe or socket, like pwrite(2).
 *
 * Writes at offset, or at the file's position (moving it, as write(2)
 * does) when offset is UINT64_MAX; pipes and sockets ignore the
 * offset.  A short write reports how many bytes went; the rest goes with
 * a push of the same buffer at opts.buf_offset = the bytes written.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @buf: buffer whose valid bytes (or the slice opts.buf_offset, opts.buf_len of them) are written
 * @offset: file offset to write at; UINT64_MAX: the file position
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_write(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_write_opts *opts);

/* urb_push_write() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_write_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		void *user);

/* ---- write_fixed (spec/ops/write_fixed.yaml) */

/* Optional arguments of urb_push_write_fixed(); NULL or zeroed means the defaults. */
struct urb_write_fixed_opts {
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its valid bytes from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Write from a buffer of a set registered as fixed buffers, like pwrite(2) without the page mapping.
 *
 * As write, but the kernel uses the set's registration
 * (urb_bufset_register_fixed()); a buffer of a set that is not registered
 * is refused at push.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @buf: a buffer of a registered set whose valid bytes (or the slice opts.buf_offset, opts.buf_len of them) are written
 * @offset: file offset to write at; UINT64_MAX: the file position
 *
 * Lifetime: single; holds fd, buf until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_write_fixed(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		const struct urb_write_fixed_opts *opts);

/* urb_push_write_fixed() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_write_fixed_user(struct urb_bearer *b,
		urb_fd_t fd,
		urb_buf_t buf,
		uint64_t offset,
		void *user);

/* ---- write_set (spec/ops/write_set.yaml) */

/* Optional arguments of urb_push_write_set(); NULL or zeroed means the defaults. */
struct urb_write_set_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Write every buffer of a bearer buffer set, in one go, to a file, pipe or socket, like pwrite(2).
 *
 * The kernel reads the set's nbufs * len bytes from its first buffer on
 * (a set's buffers are contiguous), every buffer whole whatever its valid
 * bytes: for a set filled as one stretch, such as a file's blocks.
 * Writes at offset, or at the file's position (moving it, as write(2)
 * does) when offset is UINT64_MAX; pipes and sockets ignore the
 * offset.  A short write reports how many bytes went.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @set: buffer set whose buffers are all written
 * @offset: file offset to write at; UINT64_MAX: the file position
 *
 * Lifetime: single; holds fd, set until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_write_set(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t set,
		uint64_t offset,
		const struct urb_write_set_opts *opts);

/* urb_push_write_set() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_write_set_user(struct urb_bearer *b,
		urb_fd_t fd,
		uint32_t set,
		uint64_t offset,
		void *user);

/* ---- writev (spec/ops/writev.yaml) */

/* Optional arguments of urb_push_writev(); NULL or zeroed means the defaults. */
struct urb_writev_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Write the valid bytes of several bearer buffers in order, like pwritev(2).
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @bufs: the buffers, 1 to 64, none twice
 * @offset: file offset to write at; UINT64_MAX: the file position
 *
 * Lifetime: single; holds fd, bufs until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_writev(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		const struct urb_writev_opts *opts);

/* urb_push_writev() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_writev_user(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		void *user);

/* ---- writev_fixed (spec/ops/writev_fixed.yaml) */

/* Optional arguments of urb_push_writev_fixed(); NULL or zeroed means the defaults. */
struct urb_writev_fixed_opts {
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * As writev, through a set registered as fixed buffers.
 *
 * @fd: URB_FD(fd) or URB_SLOT(n)
 * @bufs: buffers of one registered set, 1 to 64, none twice
 * @offset: file offset to write at; UINT64_MAX: the file position
 *
 * Lifetime: single; holds fd, bufs until its final completion.
 * Completion: result bytes.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_writev_fixed(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		const struct urb_writev_fixed_opts *opts);

/* urb_push_writev_fixed() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_writev_fixed_user(struct urb_bearer *b,
		urb_fd_t fd,
		const urb_buf_t *bufs,
		uint32_t bufs_count,
		uint64_t offset,
		void *user);

/* Bytes of payload an op registered from outside the library may fill. */
#define URB_EXT_PAYLOAD_BYTES 64
/* The payload of such an op, as its generated header's struct @type. */
#define URB_EXT_PAYLOAD(c, type) ((const type *)(const void *)(c)->u.ext)

/* The op's own fields of struct urb_completion, one arm per op that has any. */
union urb_op_payload {
	struct urb_accept_done accept;
	struct urb_accept_multi_done accept_multi;
	struct urb_epoll_wait_done epoll_wait;
	struct urb_fgetxattr_done fgetxattr;
	struct urb_files_update_done files_update;
	struct urb_getsockopt_done getsockopt;
	struct urb_getxattr_done getxattr;
	struct urb_openat_done openat;
	struct urb_openat2_done openat2;
	struct urb_pipe_done pipe;
	struct urb_read_done read;
	struct urb_read_fixed_done read_fixed;
	struct urb_read_multishot_done read_multishot;
	struct urb_recv_done recv;
	struct urb_recv_bundle_done recv_bundle;
	struct urb_recv_multi_done recv_multi;
	struct urb_recvmsg_done recvmsg;
	struct urb_recvmsg_multi_done recvmsg_multi;
	struct urb_send_bundle_done send_bundle;
	struct urb_socket_done socket;
	struct urb_statx_done statx;
	struct urb_waitid_done waitid;
	uint64_t ext[URB_EXT_PAYLOAD_BYTES / 8]; /* an op registered from outside: URB_EXT_PAYLOAD() */
};

#endif
