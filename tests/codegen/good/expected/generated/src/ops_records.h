/* Generated from spec/ops/ (one YAML file per op) by codegen/urb_gen.py - do not edit. */
/* SPDX-License-Identifier: MIT */
#ifndef URB_OPS_RECORDS_H
#define URB_OPS_RECORDS_H

/*
 * Per-op record fields: what the kernel points into between push and
 * completion.  They live inside the bearer's record slab and never move.
 */

#include <stdint.h>
#include <linux/futex.h>
#include <sys/epoll.h>
#include <sys/socket.h>

/* poke (spec/ops/poke.yaml) */
struct urb_poke_rec {
	struct sockaddr_storage dest; /* copy of the caller's address */
};

/* take (spec/ops/take.yaml) */
struct urb_take_rec {
	struct sockaddr_storage from_addr; /* written by the kernel */
	socklen_t from_addr_len;
};

union urb__rec_arms {
	struct urb_poke_rec poke;
	struct urb_take_rec take;
	uint64_t ext[URB__REC_EXT_BYTES / 8]; /* an op registered from outside (<urb/abi.h>) */
};

#endif
