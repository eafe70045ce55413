/* SPDX-License-Identifier: MIT */
/*
 * A driver for the fuzz harnesses without libFuzzer: runs every file of the
 * corpus directories (or files) named, then -n inputs of pseudo-random
 * bytes from a fixed seed.  A finding aborts, as under libFuzzer.
 *
 *   replay [-n N] [-seed S] [-max_len L] [CORPUS_DIR_OR_FILE ...]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cqe_fuzz.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* Under valgrind an input costs ~20 times more: a shorter run. */
#define VALGRIND_MAX_N 5000

static unsigned long from_corpus, generated;
static const uint8_t *current;
static size_t current_len;
static char current_name[256];

/* A finding aborts: keep the input that found it, as libFuzzer would. */
static void keep_input(int sig)
{
	const char *path = getenv("URB_FUZZ_ARTIFACT") ? getenv("URB_FUZZ_ARTIFACT")
						       : "replay-finding";
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		if (write(fd, current, current_len) < 0)
			current_len = 0;
		close(fd);
	}
	dprintf(2, "replay: finding on %s; input kept in %s\n", current_name, path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void run_one(const uint8_t *data, size_t len)
{
	current = data;
	current_len = len;
	LLVMFuzzerTestOneInput(data, len);
}

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void run_file(const char *path)
{
	static uint8_t buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		exit(2);
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	snprintf(current_name, sizeof(current_name), "%s", path);
	run_one(buf, n);
	from_corpus++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void run_path(const char *path)
{
	struct dirent **names;
	struct stat st;
	int n;

	if (stat(path, &st) != 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	n = scandir(path, &names, NULL, by_name);
	if (n < 0) {
		perror(path);
		exit(2);
	}
	for (int i = 0; i < n; i++) {
		char file[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(file, sizeof(file), "%s/%s", path, names[i]->d_name);
			run_file(file);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	unsigned long n = 0, max_len = 512;
	uint64_t seed = 1, s;
	static uint8_t buf[1 << 16];

	signal(SIGABRT, keep_input);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-max_len") && i + 1 < argc)
			max_len = strtoul(argv[++i], NULL, 0);
		else
			run_path(argv[i]);
	}
	if (RUNNING_ON_VALGRIND && n > VALGRIND_MAX_N) {
		printf("replay: under valgrind: %d generated inputs instead of %lu\n",
		       VALGRIND_MAX_N, n);
		n = VALGRIND_MAX_N;
	}
	if (max_len == 0 || max_len > sizeof(buf))
		max_len = sizeof(buf);
	s = seed ? seed : 1;
	for (unsigned long i = 0; i < n; i++) {
		size_t len = 1 + next(&s) % max_len;

		for (size_t j = 0; j < len; j++)
			buf[j] = (uint8_t)(next(&s) >> 24);
		snprintf(current_name, sizeof(current_name), "generated input %lu", i);
		run_one(buf, len);
		generated++;
	}
	printf("replay: %lu inputs run (%lu from the corpus, %lu generated from seed %llu), 0 findings\n",
	       from_corpus + generated, from_corpus, generated, (unsigned long long)seed);
	urb_fuzz_cqe_report(stdout);
	return 0;
}
