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
#include <linux/openat2.h>
#include <linux/time_types.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>

/* accept (spec/ops/accept.yaml) */
struct urb_accept_rec {
	struct sockaddr_storage peer; /* the peer's address, written by the kernel */
	socklen_t peer_len;
};

/* bind (spec/ops/bind.yaml) */
struct urb_bind_rec {
	struct sockaddr_storage addr; /* copy of the caller's address */
};

/* connect (spec/ops/connect.yaml) */
struct urb_connect_rec {
	struct sockaddr_storage addr; /* copy of the caller's address */
};

/* epoll_ctl (spec/ops/epoll_ctl.yaml) */
struct urb_epoll_ctl_rec {
	struct epoll_event event; /* copy of the caller's value */
};

/* epoll_wait (spec/ops/epoll_wait.yaml) */
struct urb_epoll_wait_rec {
	struct epoll_event events[16]; /* the ready events */
};

/* futex_waitv (spec/ops/futex_waitv.yaml) */
struct urb_futex_waitv_rec {
	struct futex_waitv waits[URB__FUTEXV_MAX]; /* the words, as the kernel reads them */
	uint32_t waits_ids[URB__FUTEXV_MAX]; /* the futexes held */
};

/* link_timeout (spec/ops/link_timeout.yaml) */
struct urb_link_timeout_rec {
	struct __kernel_timespec ts; /* copy of the caller's value */
};

/* openat2 (spec/ops/openat2.yaml) */
struct urb_openat2_rec {
	struct open_how how; /* copy of the caller's value */
};

/* recv_bundle (spec/ops/recv_bundle.yaml) */
struct urb_recv_bundle_rec {
	struct urb_bundle group_run; /* the run of buffers a completion handed out */
};

/* send_bundle (spec/ops/send_bundle.yaml) */
struct urb_send_bundle_rec {
	struct urb_bundle group_run; /* the run of buffers a completion handed out */
};

/* timeout (spec/ops/timeout.yaml) */
struct urb_timeout_rec {
	struct __kernel_timespec ts; /* copy of the caller's value */
};

/* timeout_update (spec/ops/timeout_update.yaml) */
struct urb_timeout_update_rec {
	struct __kernel_timespec ts; /* copy of the caller's value */
};

union urb__rec_arms {
	struct urb_accept_rec accept;
	struct urb_bind_rec bind;
	struct urb_connect_rec connect;
	struct urb_epoll_ctl_rec epoll_ctl;
	struct urb_epoll_wait_rec epoll_wait;
	struct urb_futex_waitv_rec futex_waitv;
	struct urb_link_timeout_rec link_timeout;
	struct urb_openat2_rec openat2;
	struct urb_recv_bundle_rec recv_bundle;
	struct urb_send_bundle_rec send_bundle;
	struct urb_timeout_rec timeout;
	struct urb_timeout_update_rec timeout_update;
	uint64_t ext[URB__REC_EXT_BYTES / 8]; /* an op registered from outside (<urb/abi.h>) */
};

#endif
