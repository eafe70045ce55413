/* Generated from spec/schema.yaml (sqe_layout) by codegen/urb_gen.py - do not edit. */
/* SPDX-License-Identifier: MIT */
#ifndef URB_SQE_H
#define URB_SQE_H

/*
 * The 64-byte SQE, field by field, as the kernel reads it.  Generated op
 * code fills SQEs through these setters, not through the members of the
 * liburing header it is built with, so fields that header lacks work the
 * same.  For generated code (<urb/abi.h>); the names keep their meaning
 * within a minor version.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <liburing.h>

/* ioprio: 2 bytes at 2 */
static inline void urb__sqe_ioprio(struct io_uring_sqe *sqe, uint16_t v)
{
	memcpy((unsigned char *)sqe + 2, &v, sizeof(v));
}

static inline uint16_t urb__sqe_get_ioprio(const struct io_uring_sqe *sqe)
{
	uint16_t v;

	memcpy(&v, (const unsigned char *)sqe + 2, sizeof(v));
	return v;
}

/* fd: 4 bytes at 4 */
static inline void urb__sqe_fd(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 4, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_fd(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 4, sizeof(v));
	return v;
}

/* addr2: 8 bytes at 8 */
static inline void urb__sqe_addr2(struct io_uring_sqe *sqe, uint64_t v)
{
	memcpy((unsigned char *)sqe + 8, &v, sizeof(v));
}

static inline uint64_t urb__sqe_get_addr2(const struct io_uring_sqe *sqe)
{
	uint64_t v;

	memcpy(&v, (const unsigned char *)sqe + 8, sizeof(v));
	return v;
}

/* off: 8 bytes at 8 */
static inline void urb__sqe_off(struct io_uring_sqe *sqe, uint64_t v)
{
	memcpy((unsigned char *)sqe + 8, &v, sizeof(v));
}

static inline uint64_t urb__sqe_get_off(const struct io_uring_sqe *sqe)
{
	uint64_t v;

	memcpy(&v, (const unsigned char *)sqe + 8, sizeof(v));
	return v;
}

/* cmd_op: 4 bytes at 8 */
static inline void urb__sqe_cmd_op(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 8, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_cmd_op(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 8, sizeof(v));
	return v;
}

/* addr: 8 bytes at 16 */
static inline void urb__sqe_addr(struct io_uring_sqe *sqe, uint64_t v)
{
	memcpy((unsigned char *)sqe + 16, &v, sizeof(v));
}

static inline uint64_t urb__sqe_get_addr(const struct io_uring_sqe *sqe)
{
	uint64_t v;

	memcpy(&v, (const unsigned char *)sqe + 16, sizeof(v));
	return v;
}

/* splice_off_in: 8 bytes at 16 */
static inline void urb__sqe_splice_off_in(struct io_uring_sqe *sqe, uint64_t v)
{
	memcpy((unsigned char *)sqe + 16, &v, sizeof(v));
}

static inline uint64_t urb__sqe_get_splice_off_in(const struct io_uring_sqe *sqe)
{
	uint64_t v;

	memcpy(&v, (const unsigned char *)sqe + 16, sizeof(v));
	return v;
}

/* level: 4 bytes at 16 */
static inline void urb__sqe_level(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 16, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_level(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 16, sizeof(v));
	return v;
}

/* optname: 4 bytes at 20 */
static inline void urb__sqe_optname(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 20, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_optname(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 20, sizeof(v));
	return v;
}

/* len: 4 bytes at 24 */
static inline void urb__sqe_len(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 24, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_len(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 24, sizeof(v));
	return v;
}

/* accept_flags: 4 bytes at 28 */
static inline void urb__sqe_accept_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_accept_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* cancel_flags: 4 bytes at 28 */
static inline void urb__sqe_cancel_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_cancel_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* fadvise_advice: 4 bytes at 28 */
static inline void urb__sqe_fadvise_advice(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_fadvise_advice(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* fsync_flags: 4 bytes at 28 */
static inline void urb__sqe_fsync_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_fsync_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* futex_flags: 4 bytes at 28 */
static inline void urb__sqe_futex_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_futex_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* hardlink_flags: 4 bytes at 28 */
static inline void urb__sqe_hardlink_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_hardlink_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* install_fd_flags: 4 bytes at 28 */
static inline void urb__sqe_install_fd_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_install_fd_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* msg_flags: 4 bytes at 28 */
static inline void urb__sqe_msg_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_msg_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* msg_ring_flags: 4 bytes at 28 */
static inline void urb__sqe_msg_ring_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_msg_ring_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* nop_flags: 4 bytes at 28 */
static inline void urb__sqe_nop_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_nop_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* op_flags: 4 bytes at 28 */
static inline void urb__sqe_op_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_op_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* open_flags: 4 bytes at 28 */
static inline void urb__sqe_open_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_open_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* pipe_flags: 4 bytes at 28 */
static inline void urb__sqe_pipe_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_pipe_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* poll32_events: 4 bytes at 28 */
static inline void urb__sqe_poll32_events(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_poll32_events(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* rename_flags: 4 bytes at 28 */
static inline void urb__sqe_rename_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_rename_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* rw_flags: 4 bytes at 28 */
static inline void urb__sqe_rw_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_rw_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* splice_flags: 4 bytes at 28 */
static inline void urb__sqe_splice_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_splice_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* statx_flags: 4 bytes at 28 */
static inline void urb__sqe_statx_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_statx_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* sync_range_flags: 4 bytes at 28 */
static inline void urb__sqe_sync_range_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_sync_range_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* timeout_flags: 4 bytes at 28 */
static inline void urb__sqe_timeout_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_timeout_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* unlink_flags: 4 bytes at 28 */
static inline void urb__sqe_unlink_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_unlink_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* uring_cmd_flags: 4 bytes at 28 */
static inline void urb__sqe_uring_cmd_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_uring_cmd_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* waitid_flags: 4 bytes at 28 */
static inline void urb__sqe_waitid_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_waitid_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* xattr_flags: 4 bytes at 28 */
static inline void urb__sqe_xattr_flags(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_xattr_flags(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* poll_events: 2 bytes at 28 */
static inline void urb__sqe_poll_events(struct io_uring_sqe *sqe, uint16_t v)
{
	memcpy((unsigned char *)sqe + 28, &v, sizeof(v));
}

static inline uint16_t urb__sqe_get_poll_events(const struct io_uring_sqe *sqe)
{
	uint16_t v;

	memcpy(&v, (const unsigned char *)sqe + 28, sizeof(v));
	return v;
}

/* buf_group: 2 bytes at 40 */
static inline void urb__sqe_buf_group(struct io_uring_sqe *sqe, uint16_t v)
{
	memcpy((unsigned char *)sqe + 40, &v, sizeof(v));
}

static inline uint16_t urb__sqe_get_buf_group(const struct io_uring_sqe *sqe)
{
	uint16_t v;

	memcpy(&v, (const unsigned char *)sqe + 40, sizeof(v));
	return v;
}

/* buf_index: 2 bytes at 40 */
static inline void urb__sqe_buf_index(struct io_uring_sqe *sqe, uint16_t v)
{
	memcpy((unsigned char *)sqe + 40, &v, sizeof(v));
}

static inline uint16_t urb__sqe_get_buf_index(const struct io_uring_sqe *sqe)
{
	uint16_t v;

	memcpy(&v, (const unsigned char *)sqe + 40, sizeof(v));
	return v;
}

/* personality: 2 bytes at 42 */
static inline void urb__sqe_personality(struct io_uring_sqe *sqe, uint16_t v)
{
	memcpy((unsigned char *)sqe + 42, &v, sizeof(v));
}

static inline uint16_t urb__sqe_get_personality(const struct io_uring_sqe *sqe)
{
	uint16_t v;

	memcpy(&v, (const unsigned char *)sqe + 42, sizeof(v));
	return v;
}

/* file_index: 4 bytes at 44 */
static inline void urb__sqe_file_index(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 44, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_file_index(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 44, sizeof(v));
	return v;
}

/* optlen: 4 bytes at 44 */
static inline void urb__sqe_optlen(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 44, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_optlen(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 44, sizeof(v));
	return v;
}

/* splice_fd_in: 4 bytes at 44 */
static inline void urb__sqe_splice_fd_in(struct io_uring_sqe *sqe, uint32_t v)
{
	memcpy((unsigned char *)sqe + 44, &v, sizeof(v));
}

static inline uint32_t urb__sqe_get_splice_fd_in(const struct io_uring_sqe *sqe)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)sqe + 44, sizeof(v));
	return v;
}

/* addr_len: 2 bytes at 44 */
static inline void urb__sqe_addr_len(struct io_uring_sqe *sqe, uint16_t v)
{
	memcpy((unsigned char *)sqe + 44, &v, sizeof(v));
}

static inline uint16_t urb__sqe_get_addr_len(const struct io_uring_sqe *sqe)
{
	uint16_t v;

	memcpy(&v, (const unsigned char *)sqe + 44, sizeof(v));
	return v;
}

/* addr3: 8 bytes at 48 */
static inline void urb__sqe_addr3(struct io_uring_sqe *sqe, uint64_t v)
{
	memcpy((unsigned char *)sqe + 48, &v, sizeof(v));
}

static inline uint64_t urb__sqe_get_addr3(const struct io_uring_sqe *sqe)
{
	uint64_t v;

	memcpy(&v, (const unsigned char *)sqe + 48, sizeof(v));
	return v;
}

/* optval: 8 bytes at 48 */
static inline void urb__sqe_optval(struct io_uring_sqe *sqe, uint64_t v)
{
	memcpy((unsigned char *)sqe + 48, &v, sizeof(v));
}

static inline uint64_t urb__sqe_get_optval(const struct io_uring_sqe *sqe)
{
	uint64_t v;

	memcpy(&v, (const unsigned char *)sqe + 48, sizeof(v));
	return v;
}

/* The fields liburing's header names are where the layout says. */
_Static_assert(sizeof(struct io_uring_sqe) == 64, "a 64-byte SQE");
_Static_assert(offsetof(struct io_uring_sqe, opcode) == 0 &&
	       sizeof(((struct io_uring_sqe *)0)->opcode) == 1, "SQE field opcode");
_Static_assert(offsetof(struct io_uring_sqe, flags) == 1 &&
	       sizeof(((struct io_uring_sqe *)0)->flags) == 1, "SQE field flags");
_Static_assert(offsetof(struct io_uring_sqe, ioprio) == 2 &&
	       sizeof(((struct io_uring_sqe *)0)->ioprio) == 2, "SQE field ioprio");
_Static_assert(offsetof(struct io_uring_sqe, fd) == 4 &&
	       sizeof(((struct io_uring_sqe *)0)->fd) == 4, "SQE field fd");
_Static_assert(offsetof(struct io_uring_sqe, addr2) == 8 &&
	       sizeof(((struct io_uring_sqe *)0)->addr2) == 8, "SQE field addr2");
_Static_assert(offsetof(struct io_uring_sqe, off) == 8 &&
	       sizeof(((struct io_uring_sqe *)0)->off) == 8, "SQE field off");
_Static_assert(offsetof(struct io_uring_sqe, cmd_op) == 8 &&
	       sizeof(((struct io_uring_sqe *)0)->cmd_op) == 4, "SQE field cmd_op");
_Static_assert(offsetof(struct io_uring_sqe, addr) == 16 &&
	       sizeof(((struct io_uring_sqe *)0)->addr) == 8, "SQE field addr");
_Static_assert(offsetof(struct io_uring_sqe, splice_off_in) == 16 &&
	       sizeof(((struct io_uring_sqe *)0)->splice_off_in) == 8, "SQE field splice_off_in");
_Static_assert(offsetof(struct io_uring_sqe, len) == 24 &&
	       sizeof(((struct io_uring_sqe *)0)->len) == 4, "SQE field len");
_Static_assert(offsetof(struct io_uring_sqe, accept_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->accept_flags) == 4, "SQE field accept_flags");
_Static_assert(offsetof(struct io_uring_sqe, cancel_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->cancel_flags) == 4, "SQE field cancel_flags");
_Static_assert(offsetof(struct io_uring_sqe, fadvise_advice) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->fadvise_advice) == 4, "SQE field fadvise_advice");
_Static_assert(offsetof(struct io_uring_sqe, fsync_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->fsync_flags) == 4, "SQE field fsync_flags");
_Static_assert(offsetof(struct io_uring_sqe, hardlink_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->hardlink_flags) == 4, "SQE field hardlink_flags");
_Static_assert(offsetof(struct io_uring_sqe, msg_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->msg_flags) == 4, "SQE field msg_flags");
_Static_assert(offsetof(struct io_uring_sqe, msg_ring_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->msg_ring_flags) == 4, "SQE field msg_ring_flags");
_Static_assert(offsetof(struct io_uring_sqe, rw_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->rw_flags) == 4, "SQE field op_flags");
_Static_assert(offsetof(struct io_uring_sqe, open_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->open_flags) == 4, "SQE field open_flags");
_Static_assert(offsetof(struct io_uring_sqe, poll32_events) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->poll32_events) == 4, "SQE field poll32_events");
_Static_assert(offsetof(struct io_uring_sqe, rename_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->rename_flags) == 4, "SQE field rename_flags");
_Static_assert(offsetof(struct io_uring_sqe, rw_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->rw_flags) == 4, "SQE field rw_flags");
_Static_assert(offsetof(struct io_uring_sqe, splice_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->splice_flags) == 4, "SQE field splice_flags");
_Static_assert(offsetof(struct io_uring_sqe, statx_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->statx_flags) == 4, "SQE field statx_flags");
_Static_assert(offsetof(struct io_uring_sqe, sync_range_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->sync_range_flags) == 4, "SQE field sync_range_flags");
_Static_assert(offsetof(struct io_uring_sqe, timeout_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->timeout_flags) == 4, "SQE field timeout_flags");
_Static_assert(offsetof(struct io_uring_sqe, unlink_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->unlink_flags) == 4, "SQE field unlink_flags");
_Static_assert(offsetof(struct io_uring_sqe, uring_cmd_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->uring_cmd_flags) == 4, "SQE field uring_cmd_flags");
_Static_assert(offsetof(struct io_uring_sqe, xattr_flags) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->xattr_flags) == 4, "SQE field xattr_flags");
_Static_assert(offsetof(struct io_uring_sqe, poll_events) == 28 &&
	       sizeof(((struct io_uring_sqe *)0)->poll_events) == 2, "SQE field poll_events");
_Static_assert(offsetof(struct io_uring_sqe, user_data) == 32 &&
	       sizeof(((struct io_uring_sqe *)0)->user_data) == 8, "SQE field user_data");
_Static_assert(offsetof(struct io_uring_sqe, buf_group) == 40 &&
	       sizeof(((struct io_uring_sqe *)0)->buf_group) == 2, "SQE field buf_group");
_Static_assert(offsetof(struct io_uring_sqe, buf_index) == 40 &&
	       sizeof(((struct io_uring_sqe *)0)->buf_index) == 2, "SQE field buf_index");
_Static_assert(offsetof(struct io_uring_sqe, personality) == 42 &&
	       sizeof(((struct io_uring_sqe *)0)->personality) == 2, "SQE field personality");
_Static_assert(offsetof(struct io_uring_sqe, file_index) == 44 &&
	       sizeof(((struct io_uring_sqe *)0)->file_index) == 4, "SQE field file_index");
_Static_assert(offsetof(struct io_uring_sqe, splice_fd_in) == 44 &&
	       sizeof(((struct io_uring_sqe *)0)->splice_fd_in) == 4, "SQE field splice_fd_in");
_Static_assert(offsetof(struct io_uring_sqe, addr_len) == 44 &&
	       sizeof(((struct io_uring_sqe *)0)->addr_len) == 2, "SQE field addr_len");
_Static_assert(offsetof(struct io_uring_sqe, addr3) == 48 &&
	       sizeof(((struct io_uring_sqe *)0)->addr3) == 8, "SQE field addr3");

#endif
