/* SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "internal.h"

/*
 * The op table: the library's own ops (generated/src/ops.c) at ids
 * 0 .. URB_OP__COUNT-1, then ops registered from outside at run time.
 * Registered entries are published with a release store of the count, so
 * readers need no lock.
 */

static const struct urb__opdef *ext_ops[URB_EXT_OPS_MAX];
static unsigned ext_count;
static pthread_mutex_t ext_lock = PTHREAD_MUTEX_INITIALIZER;

const struct urb__opdef *urb__ext_def(unsigned op)
{
	op -= URB_OP__COUNT;
	return op < __atomic_load_n(&ext_count, __ATOMIC_ACQUIRE) ? ext_ops[op] : NULL;
}

static bool valid(const struct urb__opdef *d)
{
	return d->name && d->name[0] && d->lifetime <= URB__LIFE_NOTIF &&
	       d->result <= URB__RES_MASK;
}

int urb_op_register(const struct urb__opdef *def)
{
	int rc = URB_EATCAPACITY;

	if (!def || !valid(def))
		return URB_EINVAL;
	for (unsigned op = 0; op < URB_OP__COUNT; op++)
		if (!strcmp(urb__ops[op].name, def->name))
			return URB_EBUSY;
	pthread_mutex_lock(&ext_lock);
	for (unsigned i = 0; i < ext_count; i++) {
		if (ext_ops[i] == def) {
			rc = (int)(URB_OP__COUNT + i);
			goto out;
		}
		if (!strcmp(ext_ops[i]->name, def->name)) {
			rc = URB_EBUSY;
			goto out;
		}
	}
	if (ext_count < URB_EXT_OPS_MAX) {
		ext_ops[ext_count] = def;
		rc = (int)(URB_OP__COUNT + ext_count);
		__atomic_store_n(&ext_count, ext_count + 1, __ATOMIC_RELEASE);
	}
out:
	pthread_mutex_unlock(&ext_lock);
	return rc;
}

const char *urb_op_name(enum urb_op op)
{
	const struct urb__opdef *d = (int)op >= 0 ? urb__def(op) : NULL;

	return d ? d->name : NULL;
}

int urb_op_info(int op, struct urb_op_info *out)
{
	static const char *const lifetimes[] = {
		[URB__LIFE_SINGLE] = "single", [URB__LIFE_MULTISHOT] = "multishot",
		[URB__LIFE_NOTIF] = "notif",
	};
	static const char *const results[] = {
		[URB__RES_NONE] = "none", [URB__RES_BYTES] = "bytes", [URB__RES_FD] = "fd",
		[URB__RES_COUNT] = "count", [URB__RES_INDEX] = "index", [URB__RES_MASK] = "mask",
	};
	const struct urb__opdef *d = op >= 0 ? urb__def((unsigned)op) : NULL;

	if (!d || !out)
		return URB_EINVAL;
	*out = (struct urb_op_info){
		.name = d->name, .opcode = d->opcode,
		.since_major = d->since_major, .since_minor = d->since_minor,
		.lifetime = lifetimes[d->lifetime], .result = results[d->result],
		.skip_success_ok = d->skip_success_ok,
	};
	return 0;
}

/* Supported = the kernel knows the opcode and is at least the spec's version. */
bool urb_op_supported(const struct urb_bearer *b, int op)
{
	const struct urb__opdef *d = b && op >= 0 ? urb__def((unsigned)op) : NULL;

	return d && urb__supported(b, d);
}

int urb__probe(struct urb_bearer *b)
{
	struct io_uring_probe *p = io_uring_get_probe_ring(&b->ring);
	struct utsname u;
	unsigned major = 0, minor = 0;

	if (!p)
		return -ENOMEM;
	if (uname(&u) == 0 && sscanf(u.release, "%u.%u", &major, &minor) == 2)
		b->kernel_version = (uint16_t)((major > 255 ? 255 : major) << 8 | (minor > 255 ? 255 : minor));
	for (unsigned op = 0; op < 256; op++)
		if (io_uring_opcode_supported(p, (int)op))
			b->opcodes[op / 32] |= 1u << (op % 32);
	io_uring_free_probe(p);
	for (unsigned op = 0; op < URB_OP__COUNT; op++)
		urb__op_gate_set(b, op);
	return 0;
}

void *urb__rec_area(struct urb__rec *rec)
{
	return &rec->u;
}

const void *urb__rec_area_const(const struct urb__rec *rec)
{
	return &rec->u;
}
