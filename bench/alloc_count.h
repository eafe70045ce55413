/* SPDX-License-Identifier: MIT */
#ifndef URB_BENCH_ALLOC_COUNT_H
#define URB_BENCH_ALLOC_COUNT_H

/*
 * Counts the process's heap allocations and mmaps once armed: the servers
 * arm it when they are set up and report how many happened while serving.
 * (alloc_count.c overrides malloc and friends for the whole process,
 * liburb.so and liburing included.)
 */
void bench_alloc_arm(void);
unsigned long bench_allocs(void);

#endif
