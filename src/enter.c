/* SPDX-License-Identifier: MIT */
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/*
 * io_uring_enter(2), the one system call of a submit without a timeout.
 * In a file of its own so that a test can stand in for the kernel here
 * (tests/test_enter_faults.c wraps it); the library's link-time
 * optimization inlines it into the untimed submit (submit.c).
 */
int urb__ring_enter(struct urb_bearer *b, unsigned to_submit, unsigned *min_complete,
		    unsigned flags)
{
	int fd = b->ring.enter_ring_fd;
#if defined(__x86_64__)
	/*
	 * Every load first: the register variables below hold their values
	 * only if no call comes between them and the asm, and a sanitizer's
	 * check of a load is a call.
	 */
	unsigned long wait_nr = *min_complete;
	register long r10 __asm__("r10") = flags;
	register long r8 __asm__("r8") = 0;          /* no signal mask */
	long ret;

	/*
	 * The sixth argument, the size of the signal mask, is left out: the
	 * kernel reads it only for a mask, or an IORING_ENTER_EXT_ARG, and
	 * this call passes neither.  Its register stays free to keep the
	 * bearer across the call, where a saved one would cost a push and a
	 * pop.  The kernel keeps every register but rax, rcx and r11: what
	 * it leaves in rdx is @min_complete, which the compiler is told (an
	 * operand read and written) so that the caller needs no copy of it.
	 */
	__asm__ volatile("syscall"
			 : "=a"(ret), "+d"(wait_nr)
			 : "0"((long)__NR_io_uring_enter), "D"((long)fd), "S"((long)to_submit),
			   "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	*min_complete = (unsigned)wait_nr;
	return (int)ret;
#else
	long ret = syscall(__NR_io_uring_enter, fd, to_submit, *min_complete, flags, NULL,
			   _NSIG / 8);

	return ret < 0 ? -errno : (int)ret;
#endif
}
