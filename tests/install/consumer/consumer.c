/* SPDX-License-Identifier: MIT */
/* A C user's first program against an installed urb: a bearer, one nop. */
#include <stdio.h>

#include <urb.h>

static int seen;

static enum urb_disposition on_done(struct urb_bearer *b, const struct urb_completion *c,
				    void *user)
{
	(void)b;
	(void)user;
	if (c->op == URB_OP_NOP && c->result == 0 && c->final)
		seen++;
	return URB_DEFAULT;
}

int main(void)
{
	const struct urb_capacity cap = {
		.core_queue = 8, .registered_fd = 1, .direct_fd = 1,
		.pending_completions = 8, .buffers = 1, .buffer_bytes = 4096,
		.futexes = 1,
	};
	struct urb_bearer *b;
	int rc = urb_bearer_new(&cap, &b);

	if (rc < 0) {
		fprintf(stderr, "urb_bearer_new: %s\n", urb_strerror(rc));
		return 1;
	}
	rc = urb_push_nop(b, NULL);
	if (rc == 0)
		rc = urb_bearer_submit_and_wait(b, 1, NULL);
	if (rc >= 0)
		rc = urb_bearer_completions(b, on_done, NULL);
	if (rc < 0)
		fprintf(stderr, "urb: %s (%s)\n", urb_err_name(rc), urb_strerror(rc));
	if (urb_bearer_free(b) < 0 && rc >= 0)
		rc = -1;
	if (rc < 0 || seen != 1) {
		fprintf(stderr, "FAILED: rc %d, nops reaped %d\n", rc, seen);
		return 1;
	}
	printf("ok\n");
	return 0;
}
