/* SPDX-License-Identifier: MIT */
/*
 * urb-probe: what the running kernel offers urb.  For every op urb knows it
 * prints whether this kernel runs it, the first kernel that does and its
 * lifetime; then the ring's IORING_FEAT_* bits, the ring set-up a bearer
 * runs with here (URB_RING_* bits used, refused by this kernel, and not
 * used, with why), the kernel release and the liburing version.  `--json`
 * prints the same as one JSON object.
 *
 * Exits 0 whenever it could report, also when io_uring itself is not
 * available (then every op is reported unsupported and "io_uring" says
 * why); 2 on a usage error.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <liburing.h>
#include <urb.h>

#ifndef URB_PROBE_VERSION
#define URB_PROBE_VERSION "unknown"
#endif

/* The IORING_FEAT_* names the liburing header we are built against knows. */
static const struct {
	uint32_t bit;
	const char *name;
} feats[] = {
#define FEAT(n) { IORING_FEAT_##n, #n },
#ifdef IORING_FEAT_SINGLE_MMAP
	FEAT(SINGLE_MMAP)
#endif
#ifdef IORING_FEAT_NODROP
	FEAT(NODROP)
#endif
#ifdef IORING_FEAT_SUBMIT_STABLE
	FEAT(SUBMIT_STABLE)
#endif
#ifdef IORING_FEAT_RW_CUR_POS
	FEAT(RW_CUR_POS)
#endif
#ifdef IORING_FEAT_CUR_PERSONALITY
	FEAT(CUR_PERSONALITY)
#endif
#ifdef IORING_FEAT_FAST_POLL
	FEAT(FAST_POLL)
#endif
#ifdef IORING_FEAT_POLL_32BITS
	FEAT(POLL_32BITS)
#endif
#ifdef IORING_FEAT_SQPOLL_NONFIXED
	FEAT(SQPOLL_NONFIXED)
#endif
#ifdef IORING_FEAT_EXT_ARG
	FEAT(EXT_ARG)
#endif
#ifdef IORING_FEAT_NATIVE_WORKERS
	FEAT(NATIVE_WORKERS)
#endif
#ifdef IORING_FEAT_RSRC_TAGS
	FEAT(RSRC_TAGS)
#endif
#ifdef IORING_FEAT_CQE_SKIP
	FEAT(CQE_SKIP)
#endif
#ifdef IORING_FEAT_LINKED_FILE
	FEAT(LINKED_FILE)
#endif
#ifdef IORING_FEAT_REG_REG_RING
	FEAT(REG_REG_RING)
#endif
#ifdef IORING_FEAT_RECVSEND_BUNDLE
	FEAT(RECVSEND_BUNDLE)
#endif
#ifdef IORING_FEAT_MIN_TIMEOUT
	FEAT(MIN_TIMEOUT)
#endif
#ifdef IORING_FEAT_RW_ATTR
	FEAT(RW_ATTR)
#endif
#ifdef IORING_FEAT_NO_IOWAIT
	FEAT(NO_IOWAIT)
#endif
#undef FEAT
};
#define NFEATS (sizeof(feats) / sizeof(feats[0]))

struct probe {
	char kernel[sizeof(((struct utsname *)0)->release)];
	char liburing[64];           /* "2.4", or "unknown" */
	bool liburing_known;         /* the header has IO_URING_VERSION_* */
	int bearer_rc;               /* urb_bearer_new()'s answer */
	uint32_t features;
	uint32_t unknown_features;   /* bits this liburing header has no name for */
	struct urb_ring_setup_info setup; /* what a default bearer runs with */
	bool supported[URB_OP__COUNT];
};

static void probe(struct probe *p)
{
	/* As small as a bearer gets: every capacity is required, none matters. */
	const struct urb_capacity cap = {
		.core_queue = 4, .registered_fd = 1, .direct_fd = 1,
		.pending_completions = 4, .buffers = 1, .buffer_bytes = 4096,
		.futexes = 1,
	};
	struct urb_bearer *b = NULL;
	struct utsname u;

	memset(p, 0, sizeof(*p));
	if (uname(&u) == 0)
		snprintf(p->kernel, sizeof(p->kernel), "%s", u.release);
	else
		snprintf(p->kernel, sizeof(p->kernel), "unknown");

#if defined(IO_URING_VERSION_MAJOR) && defined(IO_URING_VERSION_MINOR)
	snprintf(p->liburing, sizeof(p->liburing), "%d.%d",
		 IO_URING_VERSION_MAJOR, IO_URING_VERSION_MINOR);
	p->liburing_known = true;
#else
	snprintf(p->liburing, sizeof(p->liburing), "unknown");
#endif

	p->bearer_rc = urb_bearer_new(&cap, &b);
	if (p->bearer_rc < 0)
		return;
	p->features = urb_bearer_ring_features(b);
	urb_bearer_setup(b, &p->setup);
	p->unknown_features = p->features;
	for (size_t i = 0; i < NFEATS; i++)
		p->unknown_features &= ~feats[i].bit;
	for (int op = 0; op < URB_OP__COUNT; op++)
		p->supported[op] = urb_op_supported(b, op);
	urb_bearer_free(b);
}

/* A JSON string: quotes, backslashes and control bytes escaped. */
static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Every URB_RING_* bit, low to high (urb_ring_setup_name() knows them). */
#define RING_BITS 32

/* The names of the URB_RING_* bits in @bits, as a JSON array. */
static void json_ring_bits(uint32_t bits)
{
	const char *sep = "";

	putchar('[');
	for (unsigned i = 0; i < RING_BITS; i++) {
		const char *name = urb_ring_setup_name(1u << i, NULL);

		if (!(bits & (1u << i)) || !name)
			continue;
		printf("%s", sep);
		json_str(name);
		sep = ", ";
	}
	putchar(']');
}

/* The bits a bearer here does not run with, opt-ins and refusals included, with why. */
static uint32_t ring_not_used(const struct probe *p)
{
	uint32_t all = 0;

	for (unsigned i = 0; i < RING_BITS; i++)
		if (urb_ring_setup_name(1u << i, NULL))
			all |= 1u << i;
	return all & ~p->setup.used;
}

static void print_json(const struct probe *p)
{
	const char *sep = "";

	printf("{\n  \"urb\": ");
	json_str(URB_PROBE_VERSION);
	printf(",\n  \"kernel\": ");
	json_str(p->kernel);
	printf(",\n  \"liburing\": ");
	json_str(p->liburing);
	printf(",\n  \"io_uring\": {\"available\": %s, \"error\": ",
	       p->bearer_rc < 0 ? "false" : "true");
	if (p->bearer_rc < 0)
		json_str(urb_err_name(p->bearer_rc));
	else
		printf("null");
	printf("},\n  \"ring_features\": {\"value\": %u, \"names\": [", p->features);
	for (size_t i = 0; i < NFEATS; i++) {
		if (!(p->features & feats[i].bit))
			continue;
		printf("%s", sep);
		json_str(feats[i].name);
		sep = ", ";
	}
	printf("], \"unknown_bits\": %u},\n  \"ring_setup\": {\"setup_flags\": %u, \"used\": ",
	       p->unknown_features, p->setup.setup_flags);
	json_ring_bits(p->setup.used);
	printf(", \"refused\": ");
	json_ring_bits(p->setup.refused);
	printf(", \"not_used\": [");
	sep = "";
	for (unsigned i = 0; i < RING_BITS; i++) {
		const char *why, *name = urb_ring_setup_name(1u << i, &why);

		if (!name || !(ring_not_used(p) & (1u << i)))
			continue;
		printf("%s{\"name\": ", sep);
		json_str(name);
		printf(", \"why\": ");
		json_str((p->setup.refused & (1u << i)) ? "this kernel refused it" : why);
		printf("}");
		sep = ", ";
	}
	printf("]},\n  \"ops\": [");
	sep = "\n";
	for (int op = 0; op < URB_OP__COUNT; op++) {
		struct urb_op_info info;

		if (urb_op_info(op, &info) < 0)
			continue;
		printf("%s    {\"name\": ", sep);
		json_str(info.name);
		printf(", \"opcode\": %u, \"supported\": %s, \"min_kernel\": \"%u.%u\", "
		       "\"lifetime\": ",
		       info.opcode, p->supported[op] ? "true" : "false",
		       info.since_major, info.since_minor);
		json_str(info.lifetime);
		printf(", \"result\": ");
		json_str(info.result);
		printf(", \"skip_success_ok\": %s}", info.skip_success_ok ? "true" : "false");
		sep = ",\n";
	}
	printf("\n  ]\n}\n");
}

static void print_text(const struct probe *p)
{
	printf("urb:       %s\n", URB_PROBE_VERSION);
	printf("kernel:    %s\n", p->kernel);
	if (p->liburing_known)
		printf("liburing:  %s\n", p->liburing);
	else
		printf("liburing:  unknown (its header has no IO_URING_VERSION_MAJOR/MINOR; "
		       "liburing < 2.4)\n");
	if (p->bearer_rc < 0) {
		printf("io_uring:  not available: %s (%s)\n", urb_err_name(p->bearer_rc),
		       urb_strerror(p->bearer_rc));
	} else {
		printf("io_uring:  available\n");
		printf("features:  0x%08x", p->features);
		for (size_t i = 0; i < NFEATS; i++)
			if (p->features & feats[i].bit)
				printf(" %s", feats[i].name);
		if (p->unknown_features)
			printf(" +0x%x (bits this liburing header has no name for)",
			       p->unknown_features);
		printf("\n");
		printf("setup:     0x%08x", p->setup.setup_flags);
		for (unsigned i = 0; i < RING_BITS; i++)
			if (p->setup.used & (1u << i))
				printf(" %s", urb_ring_setup_name(1u << i, NULL));
		printf(" (IORING_SETUP_* flags; URB_RING_* in use)\n");
		for (unsigned i = 0; i < RING_BITS; i++) {
			const char *why, *name = urb_ring_setup_name(1u << i, &why);

			if (!name || !(ring_not_used(p) & (1u << i)))
				continue;
			printf("  not used: %-13s %s\n", name,
			       (p->setup.refused & (1u << i)) ? "this kernel refused it" : why);
		}
	}
	int w = (int)strlen("op");
	for (int op = 0; op < URB_OP__COUNT; op++) {
		struct urb_op_info info;

		if (urb_op_info(op, &info) == 0 && (int)strlen(info.name) > w)
			w = (int)strlen(info.name);
	}
	printf("\n%-*s  %-9s  %-10s  %-9s  %s\n", w, "op", "supported", "min_kernel",
	       "lifetime", "result");
	for (int op = 0; op < URB_OP__COUNT; op++) {
		struct urb_op_info info;
		char since[16];

		if (urb_op_info(op, &info) < 0)
			continue;
		snprintf(since, sizeof(since), "%u.%u", info.since_major, info.since_minor);
		printf("%-*s  %-9s  %-10s  %-9s  %s\n", w, info.name,
		       p->supported[op] ? "yes" : "no", since, info.lifetime, info.result);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: urb-probe [--json]\n"
		   "Prints which urb ops the running kernel supports, the minimum kernel\n"
		   "and lifetime of each, the ring's features and the kernel and liburing\n"
		   "versions.  --json prints the same as one JSON object.\n");
}

int main(int argc, char **argv)
{
	bool json = false;
	struct probe p;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "urb-probe: unknown argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	probe(&p);
	if (json)
		print_json(&p);
	else
		print_text(&p);
	return fflush(stdout) == 0 ? 0 : 1;
}
