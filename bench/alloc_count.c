/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "alloc_count.h"

#ifdef BENCH_NO_ALLOC_COUNT
/* Sanitizer builds: the sanitizer owns malloc; nothing is counted. */
void bench_alloc_arm(void)
{
}

unsigned long bench_allocs(void)
{
	return 0;
}
#else

/* glibc's own entry points, which its malloc() and friends are aliases of. */
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t align, size_t size);

static int armed;
static unsigned long count;

void bench_alloc_arm(void)
{
	count = 0;
	armed = 1;
}

unsigned long bench_allocs(void)
{
	return count;
}

void *malloc(size_t size)
{
	count += armed;
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	count += armed;
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	count += armed;
	return __libc_realloc(p, size);
}

int posix_memalign(void **p, size_t align, size_t size)
{
	count += armed;
	*p = __libc_memalign(align, size);
	return *p ? 0 : ENOMEM;
}

void *aligned_alloc(size_t align, size_t size)
{
	count += armed;
	return __libc_memalign(align, size);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long rc;

	count += armed;
	rc = syscall(SYS_mmap, addr, len, prot, flags, fd, off);
	return (void *)rc;
}
#endif
