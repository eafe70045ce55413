/* SPDX-License-Identifier: MIT */
#ifndef URB_BENCH_H
#define URB_BENCH_H

/*
 * What every in-process benchmark shares: a monotonic clock, medians, CPU
 * pinning, option parsing of "--name value" pairs, and the one output
 * format bench/run collects:
 *
 *   RESULT <name> <metric> <urb> <baseline> <ratio>
 *   SPREAD <name> <lo> <hi>
 *
 * followed by a human table.  "NA" stands where a figure does not exist;
 * bench_paired() says what the figures are.
 */

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of @n samples (sorts a copy; n <= 64). */
static inline double bench_median(const double *v, int n)
{
	double s[64];

	if (n <= 0)
		return 0;
	if (n > 64)
		n = 64;
	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), bench_cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static inline double bench_min(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static inline double bench_max(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/* Pins the calling thread to @cpu unless it is negative; quiet when it cannot. */
static inline void bench_pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		fprintf(stderr, "bench: cannot pin to CPU %d: %s\n", cpu, strerror(errno));
}

/* "--name value" as an unsigned long; exits on a malformed value. */
static inline bool bench_opt_ul(int argc, char **argv, int *i, const char *name,
				unsigned long *out)
{
	char *end;

	if (strcmp(argv[*i], name) != 0)
		return false;
	if (*i + 1 >= argc) {
		fprintf(stderr, "bench: %s needs a value\n", name);
		exit(2);
	}
	*out = strtoul(argv[++*i], &end, 10);
	if (*end || end == argv[*i]) {
		fprintf(stderr, "bench: %s: bad value %s\n", name, argv[*i]);
		exit(2);
	}
	return true;
}

/*
 * The ratios urb[i] / base[i] of @n paired repetitions into @r (n <= 64),
 * leaving out pairs whose baseline is not above 0; returns how many.  A
 * repetition runs both sides within moments of each other, so whatever slows
 * the machine for a while falls on both sides of one pair alike and cancels
 * in its ratio.
 */
static inline int bench_ratios(const double *urb, const double *base, int n, double r[64])
{
	int k = 0;

	for (int i = 0; i < n && i < 64; i++)
		if (base[i] > 0)
			r[k++] = urb[i] / base[i];
	return k;
}

/* The ratio of @n paired repetitions: the median of their ratios; NaN with none. */
static inline double bench_paired_ratio(const double *urb, const double *base, int n)
{
	double r[64];
	int k = bench_ratios(urb, base, n, r);

	return k ? bench_median(r, k) : NAN;
}

/*
 * The comparison of urb with its baseline over @n repetitions, as two lines:
 *
 *   RESULT <name> <metric> <urb> <baseline> <ratio>
 *   SPREAD <name> <lo> <hi>
 *
 * urb and baseline are each side's median (to @decimals places), ratio the
 * median of the per-repetition ratios, lo and hi the least and greatest of
 * those ratios, for the chart's error bars.  With no pair to compare the
 * ratio is NA and there is no SPREAD line.
 */
static inline void bench_paired(const char *name, const char *metric, const double *urb,
				const double *base, int n, int decimals)
{
	double r[64];
	int k = bench_ratios(urb, base, n, r);

	printf("RESULT %s %s %.*f %.*f ", name, metric, decimals, bench_median(urb, n), decimals,
	       bench_median(base, n));
	if (k == 0) {
		printf("NA\n");
		return;
	}
	printf("%.3f\n", bench_median(r, k));
	printf("SPREAD %s %.3f %.3f\n", name, bench_min(r, k), bench_max(r, k));
}

static inline void bench_result_na(const char *name, const char *metric)
{
	printf("RESULT %s %s NA NA NA\n", name, metric);
}

/*
 * A benchmark's per-op step (the push of one op of its state machine): inlined
 * into its caller on every side alike, so that no side's ratio turns on where
 * the compiler chose to keep a call.
 */
#define BENCH_STEP static inline __attribute__((always_inline))

#define BENCH_DIE(...)                                                          \
	do {                                                                   \
		fprintf(stderr, "bench: " __VA_ARGS__);                        \
		fputc('\n', stderr);                                           \
		exit(1);                                                       \
	} while (0)

#endif
