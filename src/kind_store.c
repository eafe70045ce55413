/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <string.h>

#include "internal.h"

/*
 * The storage kind: a run of record storage (store.c) a record holds from
 * its push until it is released, for a path the kernel reads, an output
 * struct it writes, or a buffer vector's ids and iovec.  A hold: id is the
 * run's handle.  Retained completions keep it: a payload may point into it.
 */

int urb__store_take(struct urb__push *p, size_t bytes, void **at, uint32_t *hold)
{
	struct urb__hold *h;
	uint32_t run;
	int rc = urb__store_alloc(p->b, bytes, urb__def(p->rec->op)->name, &run);

	if (rc < 0)
		return rc;
	rc = urb__hold_add(p, URB__KIND_STORE, run, &h);
	if (rc < 0) {
		urb__store_free(p->b, run);
		return rc;
	}
	*at = urb__store_at(p->b, run);
	if (hold)
		*hold = (uint32_t)(h - p->rec->holds);
	return 0;
}

static void release(struct urb_bearer *b, struct urb__hold *h)
{
	urb__store_free(b, h->id);
}

const struct urb__kind_ops urb__kind_store = {
	.name = "record storage",
	.release = release,
};

int urb__push_path(struct urb__push *p, const char *path, uint64_t *addr)
{
	const char *op = urb__def(p->rec->op)->name;
	size_t len;
	void *at;
	int rc;

	if (!path)
		return urb__refuse(p->b, URB_EINVAL, "%s: the path is NULL", op);
	len = strnlen(path, PATH_MAX);
	if (len == PATH_MAX)
		return urb__refuse(p->b, URB_ERANGE, "%s: the path is %d bytes or longer "
				   "(PATH_MAX with its NUL)", op, PATH_MAX);
	rc = urb__store_take(p, len + 1, &at, NULL);
	if (rc < 0)
		return rc;
	memcpy(at, path, len + 1);
	*addr = (uint64_t)(uintptr_t)at;
	return 0;
}

int urb__push_out(struct urb__push *p, size_t size, uint64_t *addr)
{
	void *at;
	int rc = urb__store_take(p, size, &at, NULL);

	if (rc < 0)
		return rc;
	memset(at, 0, size);
	*addr = (uint64_t)(uintptr_t)at;
	return 0;
}

const void *urb__rec_store(const struct urb_bearer *b, const struct urb__rec *rec, unsigned i)
{
	for (unsigned k = 0; k < rec->nholds; k++)
		if (rec->holds[k].kind == URB__KIND_STORE && i-- == 0)
			return urb__store_at(b, rec->holds[k].id);
	return NULL;
}
