/* Generated from spec/schema.yaml (kinds, kind_args) by codegen/urb_gen.py - do not edit. */
/* SPDX-License-Identifier: MIT */
#ifndef URB_KINDS_H
#define URB_KINDS_H

/*
 * The kinds of resource a pushed record may hold, from spec/schema.yaml's
 * kinds: each is src/kind_<name>.c's urb__kind_<name> (internal.h declares
 * them, kinds.c tables them through URB__KIND_LIST).
 */

enum urb__kind {
	URB__KIND_FD, /* a fixed-file slot the op uses */
	URB__KIND_TARGET, /* where the op creates a descriptor: a slot, or a plain fd */
	URB__KIND_BUF, /* a bearer buffer (a slice of it) the kernel reads or writes */
	URB__KIND_BUFVEC, /* a vector of bearer buffers, its ids and iovec in record storage */
	URB__KIND_GROUP, /* a buffer set the kernel selects buffers from */
	URB__KIND_SET, /* a buffer set handed to the kernel, or taken back from it */
	URB__KIND_FUTEX, /* futex words waited on */
	URB__KIND_STORE, /* a run of record storage: a path, an output struct, a vector */
	URB__KIND_SLOTS, /* fixed-file slots an op puts plain fds into */
	URB__KIND_MSG, /* a message's msghdr (after its vector) and control buffer */
	URB__KIND_SETREAD, /* every buffer of a set, read by the kernel in one op */
	URB__KIND_UMEM, /* memory of the caller's own (no bearer buffer) the kernel reads or writes */
	URB__KIND__COUNT
};

/* X(NAME, name) for every kind, in order. */
#define URB__KIND_LIST(X) \
	X(FD, fd) \
	X(TARGET, target) \
	X(BUF, buf) \
	X(BUFVEC, bufvec) \
	X(GROUP, group) \
	X(SET, set) \
	X(FUTEX, futex) \
	X(STORE, store) \
	X(SLOTS, slots) \
	X(MSG, msg) \
	X(SETREAD, setread) \
	X(UMEM, umem)

/*
 * The kinds that have an each or a release hook: a record whose holds are
 * of none of them (rec->kinds) skips that walk, which most records do.
 * test_kinds checks these against urb__kinds.
 */
#define URB__KINDS_EACH (1u << URB__KIND_TARGET | 1u << URB__KIND_GROUP)
#define URB__KINDS_RELEASE (1u << URB__KIND_STORE)

/* The push calls of the kinds' argument types that no header declares (kind_args' decl). */
int urb__setread_push(struct urb__push *p, uint32_t set, uint64_t *addr, uint32_t *len);
int urb__umem_push(struct urb__push *p, const struct iovec *mem, bool write, uint64_t *addr, uint32_t *len);

#endif
