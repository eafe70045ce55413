/* SPDX-License-Identifier: MIT */
/*
 * The kinds conformance suite (tests/test_kinds.c) as a kind's own tests
 * see it.  A kind added from its own files (tests/kinds/<name>/) brings
 * its entry in a file of its folder that its kind.cmake adds to test_kinds,
 * and registers it with KINDS_SUITE_ENTRY(): the suite runs it through
 * every ending as it runs the core's, and every_kind_has_an_entry counts it.
 */
#ifndef URB_TESTS_KINDS_SUITE_H
#define URB_TESTS_KINDS_SUITE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "support.h"
#include "internal.h"

enum ending {
	END_SUCCESS,     /* the kernel completes it */
	END_FAILURE,     /* the kernel runs it and it fails */
	END_CHAIN,       /* linked behind an op that fails: -ECANCELED, never issued */
	END_CANCEL,      /* a cancel op ends it while it waits */
	END_DRAIN,       /* urb_bearer_drain() with it in the kernel */
	END_UNSUBMITTED, /* urb_bearer_drain() before it was ever submitted */
	END__COUNT
};

/* One kind's world: a bearer and the real fds and resources around it. */
struct fx {
	struct urb_bearer *b;
	uint32_t slot;   /* a registered stream socket */
	int peer;        /* its peer, a TCP socket of the test's */
	uint32_t lslot;  /* a registered listener */
	int lfd;         /* the listener, the test's own reference */
	struct sockaddr_in laddr;
	int client;      /* a client the success of an accept connected */
	urb_buf_t buf;   /* a buffer holding "abc" */
	uint32_t set;    /* a set of 4 buffers of 64 bytes */
	uint32_t futex;
	uint32_t *word;
	uint32_t target; /* the slot an accept creates its descriptor in */
	uint64_t key;    /* the key of the op push() pushed */
	char dir[256];   /* a temporary directory, for ops on paths */
	int pipe[2];     /* plain fds a files_update puts into slots */
	char from[272], to[272];
};

struct kind {
	const char *name;
	enum urb__kind kind;                 /* the entry of urb__kinds it exercises */
	bool waits;                          /* its op waits in the kernel (cancel, drain apply) */
	void (*make)(struct fx *f);          /* the resource, ready for its op */
	int (*push)(struct fx *f, uint32_t submit_flags);
	int (*push_refused)(struct fx *f);   /* the resource valid, another argument not */
	void (*taken)(struct fx *f);         /* it refuses to go or change while pending */
	void (*succeed)(struct fx *f);       /* what makes the kernel complete the op */
	void (*break_it)(struct fx *f);      /* what makes it fail once issued (NULL: nothing) */
	bool fail_first;                     /* break_it() goes before the submit */
	void (*back)(struct fx *f, enum ending how, int32_t res); /* it is the user's again */
	void (*unmake)(struct fx *f);        /* what make() made beyond the world (NULL: nothing) */
};

/*
 * The books a refused push must leave as they were: the core's (records,
 * SQEs) and every kind's own, through its books hook, so a kind nobody
 * lists is checked too.  Compare two snapshots whole.
 */
#define BOOKS_MAX (64 * 1024)

struct books {
	uint32_t recs_used;
	unsigned sqe_tail;
	size_t len;
	uint8_t kinds[BOOKS_MAX];
};

static inline void books_take(const struct urb_bearer *b, struct books *k)
{
	memset(k, 0, sizeof(*k));
	k->recs_used = urb__recs_used(b);
	k->sqe_tail = b->ring.sq.sqe_tail;
	k->len = urb__kinds_books(b, k->kinds, sizeof(k->kinds));
	assert_true(k->len <= sizeof(k->kinds));
}

/* Adds @k to the suite (KINDS_SUITE_ENTRY does, before main). */
void kinds_suite_add(const struct kind *k);

#define KINDS_SUITE_ENTRY(entry)                                              \
	__attribute__((constructor)) static void kinds_suite_add_##entry(void) \
	{                                                                     \
		kinds_suite_add(&(entry));                                    \
	}

#endif
