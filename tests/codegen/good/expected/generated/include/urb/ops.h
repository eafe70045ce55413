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
	URB_OP_PEEK, /* Receive repeatedly into a buffer, like recv(2) in a loop. */
	URB_OP_POKE, /* Send a datagram to an address and cancel a key, for no good reason. */
	URB_OP_TAKE, /* Take one connection off a listener, like accept4(2). */
	URB_OP__COUNT,
	URB_OP_FD_MESSAGE = 253, /* a descriptor another bearer sent (msg_ring_fd): c->key its data, c->result the slot it is registered in now */
	URB_OP_MESSAGE = 254, /* a message another bearer posted (msg_ring): c->key its data, c->result its value */
	URB_OP_STALE = 255, /* a CQE whose key names no live record */
};

/* The op's spec name ("recv", ...), or NULL when out of range. */
URB_API const char *urb_op_name(enum urb_op op);

/* ---- peek (spec/ops/peek.yaml) */

/* Optional arguments of urb_push_peek(); NULL or zeroed means the defaults. */
struct urb_peek_opts {
	uint32_t msg_flags; /* u32 */
	uint32_t buf_offset; /* buf: first byte the op uses (0: the start) */
	uint32_t buf_len; /* buf: bytes the op uses (0: every one of its bytes of room from the offset) */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of peek carries, as c->u.peek. */
struct urb_peek_done {
	struct urb_data data; /* buf */
};

/*
 * Receive repeatedly into a buffer, like recv(2) in a loop.
 *
 * @sock: fixed_fd
 * @buf: where the bytes go
 *
 * Lifetime: multishot; holds sock, buf until its final completion.
 * Completion: result bytes; c->u.peek (data).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_peek(struct urb_bearer *b,
		urb_fd_t sock,
		urb_buf_t buf,
		const struct urb_peek_opts *opts);

/* urb_push_peek() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_peek_user(struct urb_bearer *b,
		urb_fd_t sock,
		urb_buf_t buf,
		void *user);

/* ---- poke (spec/ops/poke.yaml) */

/* Optional arguments of urb_push_poke(); NULL or zeroed means the defaults. */
struct urb_poke_opts {
	int32_t prio; /* i32 */
	uint64_t cookie; /* lands in off */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/*
 * Send a datagram to an address and cancel a key, for no good reason.
 *
 * @fd: a plain fd
 * @dest: sockaddr_in
 * @victim: key of an op to name
 *
 * Lifetime: single.
 * Completion: result none.
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_poke(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *dest,
		socklen_t dest_len,
		uint64_t victim,
		const struct urb_poke_opts *opts);

/* urb_push_poke() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_poke_user(struct urb_bearer *b,
		urb_fd_t fd,
		const struct sockaddr *dest,
		socklen_t dest_len,
		uint64_t victim,
		void *user);

/* ---- take (spec/ops/take.yaml) */

/* Optional arguments of urb_push_take(); NULL or zeroed means the defaults. */
struct urb_take_opts {
	urb_fd_t into; /* fd_target */
	uint32_t flags; /* SOCK_* flags */
	uint32_t submit_flags; /* URB_SUBMIT_* */
	void *user;            /* handed back in every completion */
	uint64_t *key_out;     /* where to store the op's key, or NULL */
};

/* What a completion of take carries, as c->u.take. */
struct urb_take_done {
	struct urb_new_fd conn; /* the new connection */
	struct urb_peer who; /* from_addr */
};

/*
 * Take one connection off a listener, like accept4(2).
 *
 * Golden-test op: not shipped.  The peer lands in the record.
 * 
 * A second paragraph, after a blank line.
 *
 * @lsn: slot of the listener
 *
 * Lifetime: single; holds lsn, into until its final completion.
 * Completion: result fd; c->u.take (conn, who).
 * Returns 0 or a negative urb error; the kernel's answer comes in the completion.
 */
URB_API int urb_push_take(struct urb_bearer *b,
		urb_fd_t lsn,
		const struct urb_take_opts *opts);

/* urb_push_take() with the default options but @user: opts { .user = user }. */
URB_API int urb_push_take_user(struct urb_bearer *b,
		urb_fd_t lsn,
		void *user);

/* Bytes of payload an op registered from outside the library may fill. */
#define URB_EXT_PAYLOAD_BYTES 64
/* The payload of such an op, as its generated header's struct @type. */
#define URB_EXT_PAYLOAD(c, type) ((const type *)(const void *)(c)->u.ext)

/* The op's own fields of struct urb_completion, one arm per op that has any. */
union urb_op_payload {
	struct urb_peek_done peek;
	struct urb_take_done take;
	uint64_t ext[URB_EXT_PAYLOAD_BYTES / 8]; /* an op registered from outside: URB_EXT_PAYLOAD() */
};

#endif
