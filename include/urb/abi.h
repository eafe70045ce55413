/* SPDX-License-Identifier: MIT */
#ifndef URB_ABI_H
#define URB_ABI_H

/*
 * The generated-code ABI: the contract between generated op code and
 * liburb, for ops generated outside the library (urb-gen --external, see
 * docs/ADDING_AN_OPCODE.md and urb-abi(7)) as much as for the library's
 * own.  It is what an op tells the core (struct urb__opdef) and the calls
 * its urb_push_<op>() makes.  Names with two underscores are for generated
 * code, not for people; a program registers such ops with
 * urb_op_register() (<urb/opdef.h>).
 *
 * URB_ABI_VERSION counts changes to this contract: it goes up whenever a
 * declaration here changes its meaning, its arguments or its layout, or one
 * is removed (adding a call does not change it).  liburb.so exports these
 * calls under the symbol version URB_ABI_<URB_ABI_VERSION>, so code
 * generated against another version fails to load rather than misbehave,
 * and code urb-gen wrote for another version fails to compile.
 */
#define URB_ABI_VERSION 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <liburing.h>

#include <urb.h>
#include <urb/sqe.h>

struct urb__rec;

enum urb__lifetime {
	URB__LIFE_SINGLE,    /* one CQE ends it */
	URB__LIFE_MULTISHOT, /* ends on the first CQE without IORING_CQE_F_MORE */
	URB__LIFE_NOTIF,     /* a result CQE with F_MORE, then the F_NOTIF CQE ends it */
};

enum urb__result {
	URB__RES_NONE,  /* res >= 0 carries nothing */
	URB__RES_BYTES, /* res >= 0 is a byte count */
	URB__RES_FD,    /* res >= 0 is a new fd, or a slot */
	URB__RES_COUNT, /* res >= 0 counts things (woken waiters, events, buffers) */
	URB__RES_INDEX, /* res >= 0 says which one (futex_waitv: the index of the word woken) */
	URB__RES_MASK,  /* res >= 0 is a set of event bits (poll_add: POLLIN, POLLOUT, ...) */
};

struct urb__opdef {
	const char *name;            /* spec op name */
	uint8_t opcode;              /* IORING_OP_* number from the spec */
	uint8_t since_major;         /* first kernel that runs it as specified */
	uint8_t since_minor;
	uint8_t lifetime;            /* enum urb__lifetime */
	uint8_t result;              /* enum urb__result */
	bool skip_success_ok;        /* may carry URB_SUBMIT_SKIP_SUCCESS */
	bool retain_ok;              /* the callback may answer URB_RETAIN */
	uint8_t out_fds;             /* new plain fds at the start of a value_out (pipe: 2), or 0 */
	uint8_t out_fds_run;         /* the record storage run that value_out is in */
	/* fills c->u.<op> from the record at dispatch */
	void (*fill)(const struct urb_bearer *b, const struct urb__rec *rec,
		     struct urb_completion *c);
};


/* Bytes of record an op from outside may use for what the kernel reads or writes. */
#define URB__REC_EXT_BYTES 256

/* The op's own record area: @rec's union of per-op fields (URB__REC_EXT_BYTES). */
URB_API void *urb__rec_area(struct urb__rec *rec);
URB_API const void *urb__rec_area_const(const struct urb__rec *rec);

enum urb__set_action {
	URB__SET_NONE,
	URB__SET_PROVIDE, /* hands a whole set to the kernel as a buffer group */
	URB__SET_REMOVE,  /* takes a group's buffers back */
};

/* ---- pushing: begin, name the resources, commit (or abort) */

#define URB__ALLOW_PLAIN (1u << 0)
#define URB__ALLOW_AUTO (1u << 1)
#define URB__ALLOW_SLOT (1u << 2)
#define URB__ALLOW_CWD (1u << 3) /* an fd argument: URB_CWD (AT_FDCWD) */
#define URB__FDK(kind) (1u << (kind))

struct urb__push {
	struct urb_bearer *b;
	struct urb__rec *rec;
	struct io_uring_sqe *sqe; /* in the ring, zeroed; flushed only after commit */
};

URB_API int urb__push_begin(struct urb_bearer *b, int op, uint32_t submit_flags,
		    void *user, struct urb__push *p);
/*
 * An fd argument in one of the forms @allow_mask takes (URB__ALLOW_PLAIN,
 * _SLOT, _CWD): 1 for a slot, held (of @kinds_mask; @closes: the op
 * closes it), 0 for a plain fd or URB_CWD, whose number urb__fd_num()
 * gives; else the refusal.
 */
URB_API int urb__push_fd(struct urb__push *p, urb_fd_t fd, uint32_t allow_mask,
			 uint32_t kinds_mask, bool closes);
/* What the SQE takes for a plain fd or URB_CWD that urb__push_fd() passed. */
static inline uint32_t urb__fd_num(urb_fd_t fd)
{
	return fd.v == URB__FORM_CWD ? (uint32_t)AT_FDCWD : (uint32_t)fd.v;
}
URB_API int urb__push_target(struct urb__push *p, urb_fd_t target, uint32_t allow_mask,
		     enum urb_fd_kind kind, uint32_t *file_index);
URB_API int urb__push_plain_only(struct urb__push *p, urb_fd_t target, uint64_t bits,
			 const char *what);
/* @offset and @len: the slice of the buffer the op uses (0: to its end); checked here. */
URB_API int urb__push_buffer(struct urb__push *p, urb_buf_t buf, bool write, uint32_t offset,
			     uint32_t len, uint64_t *addr, uint32_t *sqe_len);
/*
 * @key names a pending op; when @ops is not NULL, one of those ops
 * (a list ended by -1): URB_ESTALE for no pending op, URB_EINVAL for
 * another op.
 */
URB_API int urb__push_key(struct urb__push *p, uint64_t key, const int *ops);
/* An op bound to the one before it (link_timeout): that op, not submitted yet, asked for a link. */
URB_API int urb__push_bound(const struct urb__push *p);
/* Refuses the buffer arg @name: it has no bytes, and the op takes none empty. */
URB_API int urb__push_empty(struct urb__push *p, const char *name);
/*
 * The slice of @buf (checked by urb__push_buffer first: *@addr, *@len) is
 * whole pages of it: it starts on a page, and the page its last byte is in
 * lies wholly in the buffer.  For ops the kernel runs on whole pages
 * (madvise rounds the length up to one).
 */
URB_API int urb__push_whole_pages(struct urb__push *p, urb_buf_t buf, uint64_t addr,
				  uint32_t len);
/* Refuses @value of the arg @name, which is none of those the op takes. */
URB_API int urb__push_not_one_of(struct urb__push *p, const char *name, uint32_t value);
/* @buf (checked by urb__push_buffer first) must be in a set registered as fixed buffers. */
URB_API int urb__push_fixed_buffer(struct urb__push *p, urb_buf_t buf);
/*
 * @fd, a slot (of @kinds_mask) held as by urb__push_fd, to be sent into
 * another bearer's table: *@index is the slot, *@data the target CQE's
 * key, which tells the target it is a descriptor (with its kind) and
 * carries @user_data.
 */
URB_API int urb__push_msg_fd(struct urb__push *p, urb_fd_t fd, uint32_t kinds_mask,
			     uint32_t user_data, uint32_t *index, uint64_t *data);
/* The op's fixed slot (its last urb__push_fd) takes @kind when the op succeeds. */
URB_API void urb__push_slot_becomes(struct urb__push *p, enum urb_fd_kind kind);
/*
 * @set as the group an op selects from.  This call, urb__push_bundle and
 * urb__push_set write the SQE's buf_group themselves: the kernel's id of
 * the set, which is not the set id.  Generated code writes no group.
 */
URB_API int urb__push_group(struct urb__push *p, uint32_t set);
/*
 * @set as a group a bundle takes a run of buffers from: for a recv a plain
 * ring (*@len: the ring's room; refused with IOSQE_ASYNC), for a send
 * (@send) a send ring (*@len 0: every queued buffer).  Each CQE writes its
 * run into @run (in the record area); urb__fill_bundle() shows it.
 */
URB_API int urb__push_bundle(struct urb__push *p, uint32_t set, bool send,
			     struct urb_bundle *run, uint32_t *len);
URB_API int urb__push_set(struct urb__push *p, uint32_t set, enum urb__set_action action,
		  uint64_t *addr, uint32_t *len, int32_t *nbufs);
URB_API int urb__push_futex(struct urb__push *p, uint32_t id, uint64_t *addr);
/* Up to URB__FUTEXV_MAX words: each word into @dst, each futex id into @ids (both in the record area). */
#define URB__FUTEXV_MAX 8
URB_API int urb__push_futexv(struct urb__push *p, const struct urb_futex_wait *waits,
			     uint32_t count, uint32_t flags, struct futex_waitv *dst, uint32_t *ids);
URB_API int urb__push_copy(struct urb__push *p, const void *src, size_t len, void *dst,
		   bool may_be_null, const char *null_refusal);
URB_API int urb__push_sockaddr(struct urb__push *p, const struct sockaddr *sa,
		       socklen_t len, struct sockaddr_storage *dst);
/*
 * Out-of-line record storage (the record_bytes capacity): a copy of the
 * NUL-terminated @path (at most PATH_MAX bytes with its NUL), or @size
 * zeroed bytes the kernel writes; *@addr is where.  Kept until the record
 * is released; urb__rec_store() finds the @i-th taken again.
 */
URB_API int urb__push_path(struct urb__push *p, const char *path, uint64_t *addr);
URB_API int urb__push_out(struct urb__push *p, size_t size, uint64_t *addr);
URB_API const void *urb__rec_store(const struct urb_bearer *b, const struct urb__rec *rec,
				   unsigned i);
/*
 * A vector of @count bearer buffers (readv, writev): each must be the
 * user's, none twice, and with @fixed all in one set registered as fixed
 * buffers (its id in *@set).  The iovec (*@addr, *@len entries) lives in
 * record storage; every buffer is the kernel's until the final completion.
 */
URB_API int urb__push_bufvec(struct urb__push *p, const urb_buf_t *bufs, uint32_t count,
			     bool write, bool fixed, uint64_t *addr, uint32_t *len, uint32_t *set);
/*
 * @count plain fds the kernel puts into fixed-file slots: URB_SLOT(n) (slots
 * n .. n + @count - 1, each free, of urb's area) or URB_AUTO_SLOT (the
 * kernel's area), each taking @kind.  The array (*@addr, *@len entries; the
 * SQE's offset in *@off) lives in record storage; after the final CQE it
 * holds the slots the first `result` fds went into.
 */
URB_API int urb__push_slots(struct urb__push *p, const int32_t *fds, uint32_t count,
			    urb_fd_t target, enum urb_fd_kind kind, uint64_t *addr, uint32_t *len,
			    uint32_t *off);
/*
 * A message (sendmsg: @recv false; recvmsg: true): its buffers as for
 * urb__push_bufvec(), its control buffer held, the msghdr and the address
 * built in record storage (*@addr).  urb__fill_msg() reads what recvmsg got.
 */
URB_API int urb__push_msg(struct urb__push *p, const struct urb_msg *msg, bool recv,
			  uint64_t *addr);
/*
 * The msghdr of a multishot recvmsg (@room: NULL for no address and no
 * control) in record storage (*@addr); each buffer of @group the kernel
 * selects starts with a header, the address and the control, which
 * urb__fill_msg_part() parses.  The group must be pushed first.
 */
URB_API int urb__push_msg_room(struct urb__push *p, const struct urb_msg_room *room,
			       uint64_t *addr);
URB_API int urb__push_commit(struct urb__push *p, uint64_t *key_out);
URB_API int urb__push_abort(struct urb__push *p, int err);

/* ---- filling completion payloads */

URB_API void urb__fill_new_fd(const struct urb__rec *rec, int32_t res,
		      struct urb_new_fd *out);
URB_API void urb__fill_peer(const struct sockaddr_storage *ss, socklen_t len,
		    int32_t res, struct urb_peer *out);
URB_API void urb__fill_data(const struct urb_bearer *b, const struct urb__rec *rec,
		    int32_t res, struct urb_data *out);
URB_API void urb__fill_selected(const struct urb_bearer *b, const struct urb_completion *c,
			struct urb_data *out);
URB_API void urb__fill_msg(const struct urb_bearer *b, const struct urb__rec *rec, int32_t res,
			   struct urb_msg_done *out);
URB_API void urb__fill_msg_part(const struct urb_bearer *b, const struct urb__rec *rec,
				const struct urb_completion *c, struct urb_msg_part *out);
URB_API void urb__fill_bundle(const struct urb_bearer *b, const struct urb__rec *rec,
			      const struct urb_completion *c, struct urb_bundle *out);
URB_API void urb__fill_events(const struct epoll_event *events, uint32_t max, int32_t res,
		      struct urb_events *out);

#endif
