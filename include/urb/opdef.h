/* SPDX-License-Identifier: MIT */
#ifndef URB_OPDEF_H
#define URB_OPDEF_H

/*
 * Ops from outside the library: a project generates them with
 * urb-gen --external PREFIX (docs/ADDING_AN_OPCODE.md), builds the
 * generated PREFIX_ops.c with its program, and calls the generated
 * PREFIX_register() once before pushing them, which calls
 * urb_op_register() for each.  What that generated code calls into
 * liburb is the generated-code ABI, <urb/abi.h> (urb-abi(7)); this header
 * includes it.
 */

#include <urb.h>
#include <urb/abi.h>

/*
 * Registers an op generated outside the library and returns its op id
 * (>= URB_OP__COUNT).  Registering the same definition again (the same
 * @def) returns the same id, so registering a set of ops twice is
 * harmless.  URB_EBUSY when another definition already has the name (one
 * of the library's ops, or another op from outside), URB_EATCAPACITY past
 * URB_EXT_OPS_MAX ops, URB_EINVAL for a malformed definition.
 * Process-wide and thread-safe; register before pushing.
 */
URB_API int urb_op_register(const struct urb__opdef *def);

#endif
