/* SPDX-License-Identifier: MIT */
/*
 * A project's own op, generated outside liburb (urb-gen --external extop
 * from spec/ops/pread.yaml) and plugged into the installed library at run
 * time: read a file through the bearer and check the bytes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <urb/opdef.h>

#include "extop_ops.h"

static const char text[] = "bytes from an op liburb does not ship";

struct seen {
	int calls;
	char data[64];
	int32_t result;
};

static enum urb_disposition on_done(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	struct seen *s = user;
	const struct extop_pread_done *d = URB_EXT_PAYLOAD(c, struct extop_pread_done);

	(void)b;
	/* The library's op ids are constants: case labels. */
	switch (c->op) {
	case URB_OP_NOP:
	case URB_OP_STALE:
		return URB_DEFAULT;
	default:
		break;
	}
	/* Ids of ops from outside are given at registration: switch on their index. */
	switch (extop_op_index(c->op)) {
	case EXTOP_INDEX_PREAD:
		s->calls++;
		s->result = c->result;
		if (c->result > 0 && d->data.len < sizeof(s->data))
			memcpy(s->data, d->data.data, d->data.len);
		break;
	default: /* not one of extop's ops */
		break;
	}
	return URB_DEFAULT;
}

static int fail(const char *what, int rc)
{
	fprintf(stderr, "consumer_ext: %s: %s\n", what, urb_strerror(rc));
	return 1;
}

int main(void)
{
	struct urb_capacity cap = { .core_queue = 4, .registered_fd = 1,
				    .pending_completions = 4, .buffers = 1,
				    .buffer_bytes = 8192, .futexes = 1 }; /* a set's books page and data page */
	static const struct urb__opdef clash = { .name = "recv" }; /* the library's own */
	struct extop_pread_opts opts = { .offset = 6 };
	char path[] = "/tmp/urb-extop-XXXXXX";
	struct seen seen = { 0 };
	struct urb_bearer *b;
	int rc, fd, set;

	rc = urb_bearer_new(&cap, &b);
	if (rc < 0)
		return fail("bearer", rc);
	set = urb_bufset_create(b, 1, 64);
	if (set < 0)
		return fail("buffer set", set);
	if (extop_push_pread(b, URB_FD(0), URB_BUF(set, 0), NULL) != URB_EINVAL)
		return fail("a push before registering must be refused", URB_EINVAL);
	if (urb_op_register(&clash) != URB_EBUSY)
		return fail("a name clash must be refused", URB_EINVAL);
	rc = extop_register();
	if (rc < 0)
		return fail("register", rc);
	if (EXTOP_OP_PREAD < URB_OP__COUNT || strcmp(urb_op_name(EXTOP_OP_PREAD), "pread"))
		return fail("op id", URB_EINVAL);
	if (extop_op_index(EXTOP_OP_PREAD) != EXTOP_INDEX_PREAD || extop_op_index(URB_OP_RECV) != -1)
		return fail("op index", URB_EINVAL);
	if (extop_register() != 0)
		return fail("registering again", URB_EINVAL);
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, sizeof(text) - 1) != (ssize_t)sizeof(text) - 1)
		return fail("temp file", -1);
	unlink(path);
	rc = extop_push_pread(b, URB_FD(fd), URB_BUF(set, 0), &opts);
	if (rc < 0)
		return fail("push read", rc);
	if (urb_buf_owner(b, URB_BUF(set, 0)) != URB_OWN_KERNEL)
		return fail("buffer not the kernel's while the read is pending", URB_EOWNERSHIP);
	rc = urb_bearer_submit_and_wait(b, 1, NULL);
	if (rc < 0)
		return fail("submit", rc);
	urb_bearer_completions(b, on_done, &seen);
	if (seen.calls != 1 || seen.result != (int32_t)sizeof(text) - 1 - 6 ||
	    strcmp(seen.data, text + 6))
		return fail("read result", URB_EINVAL);
	if (urb_buf_owner(b, URB_BUF(set, 0)) != URB_OWN_RETURNED)
		return fail("buffer not back with the user", URB_EOWNERSHIP);
	close(fd);
	rc = urb_bearer_free(b);
	if (rc < 0)
		return fail("free", rc);
	printf("read %d bytes through extop_push_pread: \"%s\"\nok\n", seen.result, seen.data);
	return 0;
}
