/* SPDX-License-Identifier: MIT */
#ifndef URB_EXAMPLE_H
#define URB_EXAMPLE_H

/*
 * What the examples share: command-line options, a loopback listener, the
 * monotonic clock, valgrind's flag, a bearer made with the reason it could
 * not be, a server's descriptor limit, and for the hello servers a request
 * reader that knows where a request (and its body) ends.
 */

#include <errno.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <urb.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/*
 * urb_bearer_new() that says on stderr, as @prog, why it refused: the
 * code, and the capacity's shortfall in words when the capacity or this
 * process's environment is at fault (urb_capacity_check).
 */
static inline int example_bearer_new(const char *prog, const struct urb_capacity *cap,
				     struct urb_bearer **b)
{
	struct urb_capacity_shortfall why;
	int rc = urb_bearer_new(cap, b);

	if (rc < 0) {
		fprintf(stderr, "%s: bearer: %s\n", prog, urb_strerror(rc));
		if (urb_capacity_check(cap, &why) < 0)
			fprintf(stderr, "%s: %s\n", prog, why.detail);
	}
	return rc;
}

/*
 * A server's descriptors: the soft RLIMIT_NOFILE raised to the hard limit,
 * as servers do, so that the default connection counts fit a default
 * shell's 1024.  A bearer counts its slots against it.
 */
static inline void example_nofile_max(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/*
 * A listening socket on 127.0.0.1:*@port (0: any free port; *@port then
 * says which), SO_REUSEPORT when @reuseport so that more can share the
 * port.  Returns the fd, or -errno.
 */
static inline int example_listen(uint16_t *port, bool reuseport)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(*port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(sa);
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, SOMAXCONN) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/* Seconds on the monotonic clock. */
static inline double example_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- command-line options */

enum example_opt_kind {
	EXAMPLE_FLAG,		/* --name: out is a bool *, set to true */
	EXAMPLE_NUM,		/* --name N: out is a uint32_t *, N a whole number in [min, max] */
	EXAMPLE_SECS,		/* --name S: out is a double *, S seconds (decimals allowed) in [min, max] */
	EXAMPLE_STR,		/* --name TEXT: out is a const char ** */
};

/* One option of an example; a table of them ends with a zeroed entry (32 at most). */
struct example_opt {
	const char *name;	/* "port" for --port */
	enum example_opt_kind kind;
	void *out;		/* where the value goes; left alone when the option is not given */
	double min, max;	/* the range of EXAMPLE_NUM and EXAMPLE_SECS */
	bool required;		/* an error when not given */
};

/* Entries of a table of options. */
#define EXAMPLE_OPT_FLAG(n, p) { .name = (n), .kind = EXAMPLE_FLAG, .out = (p) }
#define EXAMPLE_OPT_NUM(n, p, lo, hi) \
	{ .name = (n), .kind = EXAMPLE_NUM, .out = (p), .min = (lo), .max = (hi) }
#define EXAMPLE_OPT_SECS(n, p, lo, hi) \
	{ .name = (n), .kind = EXAMPLE_SECS, .out = (p), .min = (lo), .max = (hi) }
#define EXAMPLE_OPT_STR(n, p, req) \
	{ .name = (n), .kind = EXAMPLE_STR, .out = (p), .required = (req) }
#define EXAMPLE_OPT_END { .name = NULL }

/* Says what was wrong (printf-style), then the usage; exits 2. */
__attribute__((format(printf, 3, 4), noreturn))
static inline void example_args_fail(const char *prog, const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	exit(2);
}

/*
 * Reads argv by @opts ("--name value" or "--name=value").  --help (or -h)
 * prints @usage on stdout and exits 0 without running anything; an unknown
 * option, a missing or bad value, a missing required option or a stray
 * argument prints what was wrong, naming the option and the value, then
 * @usage on stderr, and exits 2.
 */
static inline void example_args(int argc, char **argv, const char *prog, const char *usage,
				const struct example_opt *opts)
{
	bool given[32] = { false };

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val, *eq;
		const struct example_opt *o;
		size_t len;
		int k;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage, stdout);
			exit(0);
		}
		if (strncmp(arg, "--", 2) != 0)
			example_args_fail(prog, usage, "unexpected argument '%s'", arg);
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		for (k = 0; k < 31 && opts[k].name; k++)
			if (strlen(opts[k].name) == len && strncmp(arg + 2, opts[k].name, len) == 0)
				break;
		o = &opts[k];
		if (!o->name)
			example_args_fail(prog, usage, "unknown option '%s'", arg);
		given[k] = true;
		if (o->kind == EXAMPLE_FLAG) {
			if (eq)
				example_args_fail(prog, usage, "--%s takes no value ('%s')", o->name,
						  arg);
			*(bool *)o->out = true;
			continue;
		}
		val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
		if (!val)
			example_args_fail(prog, usage, "--%s needs a value", o->name);
		if (o->kind == EXAMPLE_STR) {
			if (!*val)
				example_args_fail(prog, usage, "--%s '': empty", o->name);
			*(const char **)o->out = val;
		} else {
			char *end;
			double v;

			errno = 0;
			v = o->kind == EXAMPLE_NUM ? (double)strtoull(val, &end, 10) : strtod(val, &end);
			if (*val < '0' || *val > '9' || *end || errno || !(v >= o->min && v <= o->max)) {
				if (o->kind == EXAMPLE_NUM)
					example_args_fail(prog, usage, "--%s '%s': not a whole number "
							  "from %.0f to %.0f", o->name, val, o->min,
							  o->max);
				example_args_fail(prog, usage, "--%s '%s': not a number of seconds "
						  "from %g to %g", o->name, val, o->min, o->max);
			}
			if (o->kind == EXAMPLE_NUM)
				*(uint32_t *)o->out = (uint32_t)v;
			else
				*(double *)o->out = v;
		}
	}
	for (int k = 0; k < 31 && opts[k].name; k++)
		if (opts[k].required && !given[k])
			example_args_fail(prog, usage, "--%s is required", opts[k].name);
}

/* ---- a request reader for the hello servers */

#define EXAMPLE_HTTP_MAX_HEAD 8192	/* a longer request head is a 400 */
#define EXAMPLE_HTTP_LINE 128		/* bytes of a header line looked at */

enum example_http_end {
	EXAMPLE_HTTP_MORE,		/* read on */
	EXAMPLE_HTTP_CLOSE,		/* answer the requests counted, then close */
	EXAMPLE_HTTP_BAD,		/* answer them, then a 400, then close */
};

/*
 * Where each request ends, bytes fed in any pieces: a head ends at an empty
 * line (lines end in "\n" or "\r\n"); a Content-Length body after it is
 * skipped, not taken for the next request.  A request that asks to close
 * (HTTP/1.0, "Connection: close") ends the reading after it; one that
 * cannot be delimited (Transfer-Encoding, a bad or second Content-Length,
 * a head over EXAMPLE_HTTP_MAX_HEAD bytes) gets a 400 as the last answer.
 * Nothing else of a request is looked at.  Zeroed: ready for the first.
 */
struct example_http {
	enum example_http_end end;
	uint32_t head_len;	/* bytes of the head under way (0: between requests) */
	uint32_t lines;		/* lines of the head ended so far */
	uint32_t line_len;	/* bytes of the line under way */
	char line[EXAMPLE_HTTP_LINE];
	bool close, bad, has_length;
	uint64_t length;	/* the head's Content-Length */
	uint64_t body_left;	/* bytes of a body still to skip */
};

/* Whether the line @l (@len bytes) is the header @name ("Name:"), case aside; its value in *@v. */
static inline bool example_http_header(const char *l, uint32_t len, const char *name,
				       const char **v, uint32_t *vlen)
{
	uint32_t n = (uint32_t)strlen(name);

	if (len < n || strncasecmp(l, name, n) != 0)
		return false;
	*v = l + n;
	*vlen = len - n;
	while (*vlen && (**v == ' ' || **v == '\t'))
		(*v)++, (*vlen)--;
	while (*vlen && ((*v)[*vlen - 1] == ' ' || (*v)[*vlen - 1] == '\t'))
		(*vlen)--;
	return true;
}

/* A line of the head ended (@trunc: it was longer than the @len bytes kept). */
static inline void example_http_line(struct example_http *h, const char *l, uint32_t len,
				     bool trunc)
{
	const char *v;
	uint32_t vlen;

	if (h->lines++ == 0) {	/* the request line: HTTP/1.0 closes after its answer */
		h->close = !trunc && len >= 8 && memcmp(l + len - 8, "HTTP/1.0", 8) == 0;
		return;
	}
	if (example_http_header(l, len, "Content-Length:", &v, &vlen)) {
		uint64_t n = 0;

		h->bad |= trunc || h->has_length || vlen == 0 || vlen > 15;
		for (uint32_t i = 0; i < vlen && !h->bad; i++) {
			h->bad = v[i] < '0' || v[i] > '9';
			n = n * 10 + (uint64_t)(v[i] - '0');
		}
		h->has_length = true;
		h->length = n;
	} else if (example_http_header(l, len, "Transfer-Encoding:", &v, &vlen)) {
		h->bad = true;		/* a chunked body: not read here */
	} else if (example_http_header(l, len, "Connection:", &v, &vlen)) {
		for (uint32_t i = 0; i + 5 <= vlen; i++)
			if (strncasecmp(v + i, "close", 5) == 0 &&
			    (i == 0 || v[i - 1] == ',' || v[i - 1] == ' ') &&
			    (i + 5 == vlen || v[i + 5] == ',' || v[i + 5] == ' '))
				h->close = true;
	}
}

/*
 * Feeds @len bytes; returns the requests that ended in them, each owed one
 * answer.  Once h->end is not EXAMPLE_HTTP_MORE the rest is ignored.
 */
static inline uint32_t example_http_feed(struct example_http *h, const uint8_t *p, uint32_t len)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < len && h->end == EXAMPLE_HTTP_MORE; i++) {
		char c = (char)p[i];

		if (h->body_left) {	/* the last request's body: skipped */
			uint32_t skip = len - i < h->body_left ? len - i : (uint32_t)h->body_left;

			h->body_left -= skip;
			i += skip - 1;
			continue;
		}
		if (++h->head_len > EXAMPLE_HTTP_MAX_HEAD) {
			h->end = EXAMPLE_HTTP_BAD;
			break;
		}
		if (c != '\n') {
			if (h->line_len < EXAMPLE_HTTP_LINE)
				h->line[h->line_len] = c;
			h->line_len++;
			continue;
		}
		bool trunc = h->line_len > EXAMPLE_HTTP_LINE;
		uint32_t kept = trunc ? EXAMPLE_HTTP_LINE : h->line_len;

		if (!trunc && kept && h->line[kept - 1] == '\r')
			kept--;		/* "\r\n" */
		h->line_len = 0;
		if (kept == 0 && h->lines == 0) {
			h->head_len = 0;	/* an empty line before a request: skipped */
			continue;
		}
		if (kept) {
			example_http_line(h, h->line, kept, trunc);
			continue;
		}
		/* the empty line: the head is whole */
		if (h->bad) {
			h->end = EXAMPLE_HTTP_BAD;	/* its answer is the 400 */
			break;
		}
		n++;
		if (h->close)
			h->end = EXAMPLE_HTTP_CLOSE;
		h->body_left = h->has_length ? h->length : 0;
		h->head_len = h->lines = 0;
		h->has_length = false;
		h->length = 0;
	}
	return n;
}

/* What a hello server's usage says of the requests it reads, and does not. */
#define EXAMPLE_HTTP_USAGE                                                              \
	"What it reads of a request: where its head ends, Content-Length (the body is\n" \
	"skipped), Connection: close and HTTP/1.0 (closed after the answer).  Not\n"      \
	"implemented: methods, paths and every other header (all are answered alike),\n" \
	"chunked bodies and other Transfer-Encodings (answered 400, then closed).\n"

/* Whether @h is between requests: no byte of a head or a body is pending. */
static inline bool example_http_idle(const struct example_http *h)
{
	return h->head_len == 0 && h->body_left == 0 && h->end == EXAMPLE_HTTP_MORE;
}

#endif
