/* SPDX-License-Identifier: MIT */
#ifndef URB_COMPLETION_H
#define URB_COMPLETION_H

#include <stdbool.h>
#include <stdint.h>

#include <urb/ops.h>

/*
 * One CQE as the callback sees it.  The struct itself is valid only until
 * the callback returns (copy what you keep).  Pointers in the payload (a
 * peer address, a view of received bytes) stay valid until the callback
 * returns, or until urb_release() when the callback returned URB_RETAIN.
 */
struct urb_completion {
	uint64_t key;       /* the key the push reported through opts->key_out */
	void *user;         /* the push's opts->user */
	enum urb_op op;     /* the op, or URB_OP_STALE for a CQE that names no live record */
	int32_t result;     /* >= 0 as the op's spec says (bytes, fd, slot), or -errno */
	uint32_t cqe_flags; /* the raw IORING_CQE_F_* flags */
	bool more;          /* the op stays armed: more completions follow */
	bool final;         /* the op has ended: its resources are back with the user */
	bool notif;         /* a zero-copy notification: the kernel is done with the buffer */
	urb_buf_t selected; /* the group buffer this CQE hands to the user, or URB_BUF_NONE */
	bool selected_more; /* an incremental ring keeps filling @selected: not the user's yet */
	uint32_t selected_offset; /* where this CQE's bytes start in @selected (incremental rings) */
	union urb_op_payload u; /* u.<op>: the op's own fields (see urb/ops.h); only the
				   arm of c->op is written, and only for ops that have one */
};

#endif
