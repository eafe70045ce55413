/* Generated from spec/ops/ (one YAML file per op) by codegen/urb_gen.py - do not edit. */
/* SPDX-License-Identifier: MIT */
#ifndef URB_OPS_RECORDS_H
#define URB_OPS_RECORDS_H

/*
 * Per-op record fields: what the kernel points into between push and
 * completion.  They live inside the bearer's record slab and never move.
 */

#include <sys/socket.h>

/* accept (spec/ops/accept.yaml) */
struct urb_accept_rec {
	struct sockaddr_storage peer; /* the peer's address, written by the kernel */
	socklen_t peer_len;
};

/* connect (spec/ops/connect.yaml) */
struct urb_connect_rec {
	struct sockaddr_storage addr; /* copy of the caller's address */
};

union urb__rec_arms {
	struct urb_accept_rec accept;
	struct urb_connect_rec connect;
	char none;
};

#endif
