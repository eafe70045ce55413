/* SPDX-License-Identifier: MIT */
#ifndef URB_FUTEX_H
#define URB_FUTEX_H

#include <urb/api.h>

#include <stdint.h>

struct urb_bearer;

/*
 * Bearer-owned 32-bit futex words at stable addresses, as many as the
 * futexes capacity (URB_EATCAPACITY past it, and always for a bearer built
 * with futexes = 0).  Returns the word's id (>= 0); *word points at it.
 */
URB_API int urb_futex_create(struct urb_bearer *b, uint32_t initial, uint32_t **word);

/*
 * Lets the bearer's futex ops use a word the caller owns.  Unsafe by
 * nature: the caller must keep *@word alive and in place until
 * urb_futex_destroy() succeeds.  Returns the entry's id (>= 0).
 */
URB_API int urb_futex_adopt(struct urb_bearer *b, uint32_t *word);

/* Frees a futex entry.  URB_EBUSY while a pending op waits on it. */
URB_API int urb_futex_destroy(struct urb_bearer *b, uint32_t id);

/*
 * Stores @value in the word and wakes up to @nwake waiters (futex_wait ops
 * of any bearer, or threads in futex(2) with FUTEX_PRIVATE_FLAG).  Returns
 * the number woken.  Safe from any thread, also while the bearer's thread
 * creates and destroys futexes: it wakes the word the entry @id has at that
 * moment, or returns URB_EINVAL when @id has none, and never touches a word
 * after urb_futex_destroy() of its entry has returned (so an adopted word
 * may be freed then).  An id names an entry, not a word: after a destroy,
 * the next create or adopt may reuse the id.  The bearer itself must
 * outlive every call.  Its refusals (URB_EINVAL: no such entry, nwake 0 or
 * above INT32_MAX) set no words on the bearer, since it may run beside the
 * bearer's thread: explain them with urb_strerror(), not urb_bearer_explain().
 */
URB_API int urb_futex_wake(const struct urb_bearer *b, uint32_t id, uint32_t value,
			   uint32_t nwake);

#endif
