/* SPDX-License-Identifier: MIT */
#ifndef URB_ERROR_H
#define URB_ERROR_H

#include <urb/api.h>

/*
 * Every urb function returns 0 (or a non-negative value) on success and a
 * negative code on failure.  Kernel errors pass through unchanged as -errno
 * (-4095 .. -1); urb's own codes count up from URB__ERR_BASE (-10000), so
 * the two ranges never meet.  urb never sets errno.
 *
 * X(NAME, message): one line per library error, in a fixed order.
 */
#define URB_ERRORS(X)                                                          \
	X(EINVAL, "invalid argument passed to urb")                            \
	X(EATCAPACITY, "a declared capacity is exhausted")                     \
	X(ELIMIT, "the environment cannot meet the declared capacity")         \
	X(EOWNERSHIP, "illegal ownership transition for this resource")        \
	X(ENOTREGISTERED, "fixed fd slot is not registered")                   \
	X(EFDKIND, "fixed fd slot has a kind this operation does not take")    \
	X(EBUSY, "resource is in use by a pending operation, or taken already (an op name, a slot, a set)") \
	X(ENOTSUP, "operation not supported by the running kernel")            \
	X(ESTALE, "key names no pending record")                               \
	X(ENOTALLOWED, "the operation's spec does not allow this")             \
	X(ERANGE, "value out of range")                                        \
	X(EREENTER, "function may not be called from a completion callback")   \
	X(ETHREAD, "bearer called from a thread that does not drive it")       \
	X(EFORKED, "bearer used in a process forked from the one that built it")

#define URB__ERR_BASE (-10000)

enum urb_error {
	URB__ERR_FIRST = URB__ERR_BASE,
#define URB__ERR_ENUM(name, msg) URB_##name,
	URB_ERRORS(URB__ERR_ENUM)
#undef URB__ERR_ENUM
	URB__ERR_END
};
/* True for urb's own codes, false for kernel -errno values. */
#define URB_IS_LIB_ERROR(e) ((e) > URB__ERR_BASE && (e) < URB__ERR_END)

/* A readable message for any return code: urb's own or a kernel -errno. */
URB_API const char *urb_strerror(int err);

/* The symbolic name ("URB_EATCAPACITY", "ECONNREFUSED", ...) of a code. */
URB_API const char *urb_err_name(int err);

#endif
