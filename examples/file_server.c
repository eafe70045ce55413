/* SPDX-License-Identifier: MIT */
/*
 * file_server: a static-file HTTP/1.1 server on one urb bearer, on one
 * thread.  GET and HEAD, keep-alive, files of any size through a bounded
 * buffer per connection.
 *
 *   file_server --root DIR [--port N] [--conns N] [--requests N] [--seconds S]
 *               [--first-timeout S] [--idle-timeout S] [--head-timeout S]
 *               [--stop-grace S]
 *
 * What happens to a connection, one op at a time:
 *
 *   accept (target URB_AUTO_SLOT)      the connection lands in a direct slot
 *   recv into the request buffer       at the slice after the bytes already
 *     + link_timeout                   there, until a head ("\r\n\r\n") is in;
 *                                      the timeout is what is left of the
 *                                      request's deadline (see below)
 *   openat2(root, path, BENEATH)       a plain fd: statx has no fixed-file form
 *   statx(fd, "", AT_EMPTY_PATH)       size and type of the file just opened
 *   read into the response buffer      the first piece after the response head
 *   send the buffer                    a short send goes on from the slice
 *                                      after the bytes sent: nothing is copied
 *   read / send ...                    until the whole file went
 *   close(fd)                          once the last piece is read
 *   (next request, or close(URB_SLOT(n)); when the server closes first,
 *    shutdown(SHUT_WR) and a short drain come before: see linger())
 *
 * Bounds: everything lives in the bearer, sized from --conns (see
 * server_up()): a direct slot, a request buffer and a response buffer per
 * connection, records for the ops a connection can have in flight, record
 * storage for the paths and the struct statx.  Each connection holds at
 * most one plain fd (the file it is sending), so --conns bounds those too.
 * One slot more than --conns takes a newcomer when all are in use: the
 * connection idle longest (waiting for a request, no byte of it in) is
 * shed to make room, or when none is idle the newcomer is answered 503
 * and closed.  While that spare slot is in use new connections wait in
 * the listen backlog.
 *
 * Deadlines: a new connection's first request must begin within
 * --first-timeout (default 5 s), a kept-alive connection's next one
 * within --idle-timeout (default 30 s); from its first byte a request
 * head must be whole within --head-timeout (default 10 s), however slowly
 * it trickles in.  A connection past its deadline is closed (counted as
 * an idle timeout).  A response has no deadline but the stop's grace.
 *
 * Requests are answered in order; a pipelined request waits in the
 * request buffer until the response before it went.  Strict HTTP/1.1
 * framing: lines end in "\r\n" (a bare "\n" or "\r" is a 400), a NUL
 * anywhere in the head, a control character in the target, a second Host
 * field and a head over REQ_BUF_LEN bytes are 400s.  Paths: the query is
 * dropped, %XX decoded, "." and empty segments skipped, a ".." segment is
 * a 400, a path ending in "/" means its index.html, anything not a
 * regular file is a 404.  The root is a jail: every path is opened with
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) below the root's fd, so
 * the kernel refuses any lookup that would leave it, whatever the path or
 * the symbolic links on the way say: a link to an absolute path (even one
 * inside the root), a relative link climbing out, a /proc magic link, all
 * are 404s; a relative link that stays inside the root is followed.  400
 * and 5xx responses close the connection, as does a request with a body
 * (this server reads none).
 *
 * At exit (--requests N responses sent, --seconds S passed, SIGINT or
 * SIGTERM) it stops accepting, closes the connections waiting for a
 * request, gives the responses under way --stop-grace seconds (default
 * 5), then cancels every op still in flight (a send to a client that does
 * not read, say), counts those responses cut short, and prints
 *   requests: N ok, M 4xx (400: a, 404: b, 405: c), K 5xx, C connections, ...
 * It exits 0 whatever state the clients are in.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/time_types.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <urb.h>

#include "example.h"

#define REQ_BUF_LEN 4096	/* per connection: the request head being received */
#define OUT_BUF_LEN 16384	/* per connection: the response head and file pieces */
#define MAX_PATH_LEN 1024	/* decoded path below the root */
#define FIRST_DIRECT 1		/* slot 0: the listener; the kernel fills the rest */
#define CUT_WAIT_S 2.0		/* at exit, how long cancelled ops may take to end */
#define DRAIN_MAX (64u << 10)	/* a lingering close reads at most this much */
#define LINGER_S 1.0		/* a lingering close waits this long for the client's end */

struct conn {
	bool open;		/* the slot holds this connection (until its close completes) */
	uint32_t slot;
	urb_buf_t req;		/* request bytes, gathered by recv */
	urb_buf_t out;		/* response bytes: the head, then file pieces */
	uint32_t req_len;	/* valid bytes in req */
	bool busy;		/* recv, openat2, statx, read, send or shutdown in flight */
	bool recv_armed;	/* that op is the recv (cancelled at exit) */
	uint64_t op_key;	/* the key of that op */
	bool cancel_sent;	/* the recv's cancel: at exit, or the connection shed */
	bool cut;		/* at exit after the grace: every op of it cancelled */
	bool answered;		/* a response went: the next request is kept-alive's */
	double wait_start;	/* when it began to wait for the next request */
	double head_start;	/* when the first byte of the request head came */
	bool closing;		/* no more requests: close once nothing is in flight */
	bool close_sent;
	bool file_closing;	/* close(fd) in flight */
	bool linger;		/* we close first: shut down our side, drain, then close */
	bool shut_sent, drained;
	uint32_t drained_bytes;
	/* the response under way */
	bool responding;
	bool keep_alive;	/* after this response */
	bool head_only;		/* HEAD: no body */
	int status;
	uint32_t head_used;	/* bytes of req this request takes */
	int file;		/* the plain fd being sent, or -1 */
	uint64_t file_size, file_off;
	uint32_t out_len, out_sent; /* valid bytes in out, bytes of them sent */
	const char *ctype;
};

struct server {
	struct urb_bearer *b;
	int root;		/* plain fd of --root, for openat */
	uint32_t listener;	/* slot */
	int req_set, out_set;
	struct conn *conns;	/* indexed by slot */
	uint32_t nslots, max_conns, nopen;
	bool listening, accept_armed, stopping, listener_closed, failed;
	uint64_t accept_key;
	double first_s, idle_s, head_s, grace_s;	/* the deadlines (options) */
	uint64_t accepted, served, ok, s400, s404, s405, s5xx, resets, timeouts, aborted, shed;
};

static volatile sig_atomic_t stop_signal;

/* A request as parse_request() found it. */
struct request {
	int status;		/* 0, or the error to answer with */
	bool head_only, keep_alive;
	char path[MAX_PATH_LEN + 16]; /* relative to the root, room for "index.html" */
};

static void urb_fail(struct server *s, const char *what, int rc)
{
	fprintf(stderr, "file_server: %s: %s\n", what, urb_bearer_explain(s->b, rc));
	s->failed = true;
}

static void result_fail(struct server *s, const char *what, uint32_t slot, int res)
{
	fprintf(stderr, "file_server: %s on slot %u: %s\n", what, slot, urb_strerror(res));
	s->failed = true;
}

/* ---- HTTP: parsing a request head, naming a file */

static const char *status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

static const char *content_type(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".png", "image/png" },
	};
	const char *dot = strrchr(path, '.');

	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * The target of a request ("/a/b.txt?x=1") as a path below the root
 * ("a/b.txt") in @out.  Returns 0, or -1 for a target to answer with 400:
 * not starting with "/", a control character (raw or as %XX: a NUL would
 * cut the path short), a bad %XX, too long, or a ".." segment.
 */
static int map_path(const char *t, size_t len, char *out)
{
	char seg[MAX_PATH_LEN + 1];
	size_t o = 0, n = 0;

	if (len == 0 || t[0] != '/')
		return -1;
	for (size_t i = 1; i <= len; i++) {
		char c = i < len ? t[i] : '/';

		if ((unsigned char)c < 0x20 || c == 0x7f)
			return -1;
		if (c == '?' || c == '#') {	/* the query goes, the path ends */
			len = i;
			c = '/';
		}
		if (c == '%') {
			if (i + 2 >= len || hex(t[i + 1]) < 0 || hex(t[i + 2]) < 0)
				return -1;
			c = (char)(hex(t[i + 1]) << 4 | hex(t[i + 2]));
			i += 2;
			if ((unsigned char)c < 0x20 || c == 0x7f)
				return -1;
		}
		if (c != '/') {
			if (n == MAX_PATH_LEN)
				return -1;
			seg[n++] = c;
			continue;
		}
		/* a segment ends: skip "" and ".", refuse "..", append the rest */
		seg[n] = '\0';
		if (strcmp(seg, "..") == 0)
			return -1;
		if (n && strcmp(seg, ".") != 0) {
			if (o + (o > 0) + n > MAX_PATH_LEN)
				return -1;
			if (o)
				out[o++] = '/';
			memcpy(out + o, seg, n);
			o += n;
		}
		n = 0;
	}
	/* "/" and "/dir/" mean the directory's index.html */
	if (o == 0 || t[len - 1] == '/') {
		if (o)
			out[o++] = '/';
		memcpy(out + o, "index.html", 10);
		o += 10;
	}
	out[o] = '\0';
	return 0;
}

/* Whether the comma-separated header value @v (@len bytes) has the token @tok. */
static bool has_token(const char *v, size_t len, const char *tok)
{
	size_t tl = strlen(tok);

	for (size_t i = 0; i < len;) {
		size_t j = i;

		while (j < len && v[j] != ',')
			j++;
		size_t a = i, e = j;
		while (a < e && (v[a] == ' ' || v[a] == '\t'))
			a++;
		while (e > a && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (e - a == tl && strncasecmp(v + a, tok, tl) == 0)
			return true;
		i = j + 1;
	}
	return false;
}

/*
 * Parses the head @h of @len bytes (up to and with its "\r\n\r\n"; its
 * lines end in "\r\n" and it holds no NUL: see head_end()).  A request
 * with a body (Content-Length other than 0, or Transfer-Encoding) is
 * answered, then its connection closed: this server reads no bodies.
 */
static void parse_request(const char *h, size_t len, struct request *r)
{
	const char *end = h + len - 2, *eol = memmem(h, len, "\r\n", 2);
	const char *sp1 = memchr(h, ' ', (size_t)(eol - h));
	const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
	bool http11, host = false, body = false;

	*r = (struct request){ .status = 400 };
	if (!sp2 || sp1 == h || sp2 == sp1 + 1 || memchr(sp2 + 1, ' ', (size_t)(eol - sp2 - 1)))
		return;
	for (const char *p = h; p < sp1; p++)
		if (*p < 'A' || *p > 'Z')
			return;
	if (eol - sp2 - 1 != 8 || (memcmp(sp2 + 1, "HTTP/1.1", 8) != 0 &&
				   memcmp(sp2 + 1, "HTTP/1.0", 8) != 0))
		return;
	http11 = sp2[8] == '1';
	r->keep_alive = http11;
	/* header lines: "Name: value", no folding */
	for (const char *l = eol + 2; l < end;) {
		const char *le = memmem(l, (size_t)(end + 2 - l), "\r\n", 2);
		const char *colon = memchr(l, ':', (size_t)(le - l));
		const char *v;
		size_t nlen, vlen;

		if (!colon || colon == l || memchr(l, ' ', (size_t)(colon - l)) ||
		    memchr(l, '\t', (size_t)(colon - l)))
			return;
		nlen = (size_t)(colon - l);
		v = colon + 1;
		vlen = (size_t)(le - v);
		if (nlen == 4 && strncasecmp(l, "Host", 4) == 0) {
			if (host)
				return;	/* RFC 9112: a second Host is a 400 */
			host = true;
		} else if (nlen == 10 && strncasecmp(l, "Connection", 10) == 0) {
			if (has_token(v, vlen, "close"))
				r->keep_alive = false;
			else if (has_token(v, vlen, "keep-alive"))
				r->keep_alive = true;
		} else if (nlen == 14 && strncasecmp(l, "Content-Length", 14) == 0) {
			while (vlen && (*v == ' ' || *v == '\t'))
				v++, vlen--;
			body |= !(vlen >= 1 && *v == '0' && (vlen == 1 || v[1] == ' ' || v[1] == '\t'));
		} else if (nlen == 17 && strncasecmp(l, "Transfer-Encoding", 17) == 0) {
			body = true;
		}
		l = le + 2;
	}
	if (http11 && !host)
		return;		/* RFC 9112: a 1.1 request without Host is a 400 */
	if (body)
		r->keep_alive = false;
	if (map_path(sp1 + 1, (size_t)(sp2 - sp1 - 1), r->path) < 0)
		return;
	r->head_only = sp1 - h == 4 && memcmp(h, "HEAD", 4) == 0;
	if (!r->head_only && !(sp1 - h == 3 && memcmp(h, "GET", 3) == 0))
		r->status = 405;
	else
		r->status = 0;
}

/* ---- a connection's steps; each pushes the next op, or marks it closing */

static void conn_progress(struct server *s, struct conn *cn);

/*
 * Receives into the slice of req after what is there: a request may
 * arrive in pieces (while draining, req_len is 0: the bytes are dropped).
 * A link_timeout bounds the wait by @secs: when it passes, the kernel
 * cancels the recv (-ECANCELED).  The timeout's own completion carries no
 * user pointer and is ignored: it holds nothing of the connection's.
 */
static void push_recv(struct server *s, struct conn *cn, double secs)
{
	struct urb_recv_opts o = {
		.buf_offset = cn->req_len, .buf_len = REQ_BUF_LEN - cn->req_len,
		.submit_flags = URB_SUBMIT_LINK, .user = cn, .key_out = &cn->op_key,
	};
	struct __kernel_timespec ts = {		/* copied at push */
		.tv_sec = (long long)secs,
		.tv_nsec = (long long)((secs - (double)(long long)secs) * 1e9),
	};
	int rc = urb_push_recv(s->b, URB_SLOT(cn->slot), cn->req, &o);

	if (rc < 0) {
		urb_fail(s, "push recv", rc);
		cn->closing = true;
		return;
	}
	cn->busy = cn->recv_armed = true;
	rc = urb_push_link_timeout(s->b, &ts, NULL);
	if (rc < 0)	/* the recv runs unbounded: its link was cut */
		urb_fail(s, "push link_timeout", rc);
}

/*
 * The recv of a request, bounded by what is left of its deadline: from
 * its first byte (head_start) the head has head_s seconds; before that
 * byte the connection may wait first_s (a new one) or idle_s (kept alive)
 * from wait_start.  The deadline does not move with each recv: a head
 * trickled in a byte at a time ends at the same time as one sent whole.
 * Past it the connection closes.
 */
static void push_request_recv(struct server *s, struct conn *cn)
{
	double left = cn->req_len ? cn->head_start + s->head_s - example_now_s() :
		cn->wait_start + (cn->answered ? s->idle_s : s->first_s) - example_now_s();

	if (left <= 0) {
		s->timeouts++;
		cn->closing = true;
		return;
	}
	push_recv(s, cn, left);
}

static void push_send(struct server *s, struct conn *cn)
{
	/* after a short send, the rest: the slice from the bytes sent */
	struct urb_send_opts o = {
		.msg_flags = MSG_NOSIGNAL, .buf_offset = cn->out_sent,
		.buf_len = cn->out_len - cn->out_sent, .user = cn, .key_out = &cn->op_key,
	};
	int rc = urb_push_send(s->b, URB_SLOT(cn->slot), cn->out, &o);

	if (rc < 0) {
		urb_fail(s, "push send", rc);
		cn->closing = true;
		return;
	}
	cn->busy = true;
}

/* Reads the next piece of the file into out, after the out_len bytes already there. */
static void push_read(struct server *s, struct conn *cn)
{
	uint64_t left = cn->file_size - cn->file_off;
	uint32_t room = OUT_BUF_LEN - cn->out_len;
	struct urb_read_opts o = {
		.buf_offset = cn->out_len, .buf_len = left < room ? (uint32_t)left : room,
		.user = cn, .key_out = &cn->op_key,
	};
	int rc = urb_push_read(s->b, URB_FD(cn->file), cn->out, cn->file_off, &o);

	if (rc < 0) {
		urb_fail(s, "push read", rc);
		cn->closing = true;
		return;
	}
	cn->busy = true;
}

/* Closes the file (a plain fd) with the close op; the fd is not ours from here on. */
static void close_file(struct server *s, struct conn *cn)
{
	int rc;

	if (cn->file < 0)
		return;
	rc = urb_push_close_user(s->b, URB_FD(cn->file), cn);
	if (rc < 0) {
		urb_fail(s, "push close (file)", rc);
		close(cn->file);	/* not through the ring, but not leaked */
	} else {
		cn->file_closing = true;
	}
	cn->file = -1;
}

/*
 * Writes the response head (and for an error, its short body) into out:
 * the buffer is ours, nothing is in flight on it.  Returns the bytes, or
 * 0 after a refusal.
 */
static uint32_t write_head(struct server *s, struct conn *cn, uint64_t length,
			   const char *body)
{
	char *p;
	uint32_t cap;
	int n, rc = urb_buf_fill(s->b, cn->out, (void **)&p, &cap);

	if (rc < 0) {
		urb_fail(s, "fill response buffer", rc);
		return 0;
	}
	n = snprintf(p, cap, "HTTP/1.1 %d %s\r\nServer: urb-file_server\r\n"
		     "Content-Type: %s\r\nContent-Length: %llu\r\n%s%s\r\n%s",
		     cn->status, status_text(cn->status), cn->ctype,
		     (unsigned long long)length,
		     cn->status == 405 ? "Allow: GET, HEAD\r\n" : "",
		     cn->keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n",
		     body && !cn->head_only ? body : "");
	rc = urb_buf_filled(s->b, cn->out, (uint32_t)n); /* a head fits: n < cap */
	if (rc < 0) {
		urb_fail(s, "fill response buffer", rc);
		return 0;
	}
	return (uint32_t)n;
}

/* Answers with an error status and a one-line text body. */
static void respond_error(struct server *s, struct conn *cn, int status)
{
	char body[64];

	cn->status = status;
	cn->ctype = "text/plain; charset=utf-8";
	if (status == 400 || status >= 500)
		cn->keep_alive = false;	/* we may not know where the next request starts */
	snprintf(body, sizeof(body), "%d %s\n", status, status_text(status));
	cn->out_len = write_head(s, cn, strlen(body), body);
	cn->out_sent = 0;
	if (cn->out_len == 0) {
		cn->closing = true;
		return;
	}
	push_send(s, cn);
}

/* The response went: count it, drop its request from req, go on. */
static void response_done(struct server *s, struct conn *cn)
{
	uint8_t *p;
	uint32_t cap;
	int rc;

	s->served++;
	if (cn->status == 200)
		s->ok++;
	else if (cn->status == 400)
		s->s400++;
	else if (cn->status == 404)
		s->s404++;
	else if (cn->status == 405)
		s->s405++;
	else
		s->s5xx++;
	cn->responding = false;
	cn->answered = true;
	cn->wait_start = cn->head_start = example_now_s();	/* a pipelined head's time starts now */
	if (!cn->keep_alive)
		cn->closing = cn->linger = true;
	/* a pipelined request may follow the one answered: move it to the front */
	rc = urb_buf_fill(s->b, cn->req, (void **)&p, &cap);
	if (rc == 0) {
		memmove(p, p + cn->head_used, cn->req_len - cn->head_used);
		cn->req_len -= cn->head_used;
		rc = urb_buf_filled(s->b, cn->req, cn->req_len);
	}
	if (rc < 0) {
		urb_fail(s, "compact request buffer", rc);
		cn->closing = true;
	}
}

/* A whole request head is in req: start its response. */
static void start_request(struct server *s, struct conn *cn, const char *head, uint32_t len)
{
	struct request r;
	/*
	 * The jail: the kernel resolves the path beneath the root's fd and
	 * refuses (-EXDEV) any step out of it: "..", an absolute symbolic
	 * link, a relative one climbing out; and no /proc magic link.
	 */
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, /* no waiting on a FIFO */
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	struct urb_openat2_opts o = { .user = cn, .key_out = &cn->op_key };
	int rc;

	parse_request(head, len, &r);
	cn->responding = true;
	cn->head_used = len;
	cn->keep_alive = r.keep_alive;
	cn->head_only = r.head_only;
	cn->file = -1;
	cn->file_size = cn->file_off = 0;
	if (r.status) {
		respond_error(s, cn, r.status);
		return;
	}
	cn->ctype = content_type(r.path);
	/* the path and how are copied into the record storage at push: r may go */
	rc = urb_push_openat2(s->b, URB_FD(s->root), r.path, &how, &o);
	if (rc < 0) {
		urb_fail(s, "push openat2", rc);
		respond_error(s, cn, 500);
		return;
	}
	cn->busy = true;
}

/*
 * The length of the request head at the start of @p (@len bytes), up to
 * and with its "\r\n\r\n"; 0 while it is not whole yet, -1 when what is
 * there cannot be a head: a NUL, a "\n" without its "\r" (a head ending
 * in "\n\n" would otherwise wait for ever), a "\r" without its "\n".
 */
static int head_end(const char *p, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		if (p[i] == '\0' || (p[i] == '\n' && (i == 0 || p[i - 1] != '\r')) ||
		    (p[i] == '\r' && i + 1 < len && p[i + 1] != '\n'))
			return -1;
		if (i >= 3 && p[i] == '\n' && memcmp(p + i - 3, "\r\n\r\n", 4) == 0)
			return (int)i + 1;
	}
	return 0;
}

/* Nothing in flight, no response under way: the next request, or more bytes of it. */
static void next_request(struct server *s, struct conn *cn)
{
	const void *data;
	uint32_t len;
	int end, rc = urb_buf_view(s->b, cn->req, &data, &len);

	if (rc < 0) {
		urb_fail(s, "view request buffer", rc);
		cn->closing = true;
		return;
	}
	end = head_end(data, len);
	if (end > 0) {
		start_request(s, cn, data, (uint32_t)end);
	} else if (end < 0 || len == REQ_BUF_LEN) {
		/* not a head, or one that does not fit: 400; req is emptied by the close */
		cn->responding = true;
		cn->head_used = len;
		cn->head_only = false;
		cn->keep_alive = false;
		respond_error(s, cn, 400);
	} else {
		push_request_recv(s, cn);
	}
}

/*
 * A close we start, after a response the client may still be sending to
 * (a request we did not read all of, a pipelined one after "Connection:
 * close"): closing a socket with unread bytes sends a reset, which can
 * destroy the response before the client read it.  So shut our side down
 * (the client sees the end of the response), read and drop what comes
 * until the client's end of file or DRAIN_MAX bytes, then close.  Any
 * other close (a deadline, an error, the exit) shuts both sides down first,
 * with nothing to drain: Linux 6.1 keeps the socket of a closed slot open
 * while ops that were in flight on fixed files then (the accept) have not
 * ended, so the close alone would not end the connection there.  Returns
 * true while that is under way.
 */
static bool linger(struct server *s, struct conn *cn)
{
	struct urb_shutdown_opts o = { .user = cn, .key_out = &cn->op_key };
	bool drain = cn->linger && !s->stopping;
	int rc;

	if (cn->drained)
		return false;
	if (cn->shut_sent) {
		cn->req_len = 0;
		push_recv(s, cn, LINGER_S);
		return cn->busy;
	}
	rc = urb_push_shutdown(s->b, URB_SLOT(cn->slot), drain ? SHUT_WR : SHUT_RDWR, &o);
	if (rc < 0) {
		urb_fail(s, "push shutdown", rc);
		return false;
	}
	cn->busy = cn->shut_sent = true;
	cn->drained = !drain;	/* then close once it completes */
	return true;
}

/*
 * After every completion of @cn: start what comes next, or close the
 * connection once nothing is in flight on it.  The slot close waits for
 * the file close too: the conn struct is the user pointer of both, and the
 * slot (hence the struct) is reused once the connection's close completes.
 */
static void conn_progress(struct server *s, struct conn *cn)
{
	int rc;

	if (cn->busy || cn->close_sent)
		return;
	if (!cn->closing && !cn->responding && s->stopping)
		cn->closing = true;	/* between requests at exit */
	/* the next request waits for the last file's close: one close in flight at most */
	if (!cn->closing && !cn->responding && !cn->file_closing)
		next_request(s, cn);
	if (cn->busy || !cn->closing)
		return;
	close_file(s, cn);	/* a response cut short still holds its file */
	if (cn->file_closing || linger(s, cn))
		return;
	rc = urb_push_close_user(s->b, URB_SLOT(cn->slot), cn);
	if (rc < 0) {
		urb_fail(s, "push close", rc);
		return;
	}
	cn->close_sent = true;
}

/* ---- completions */

static void arm_accept(struct server *s)
{
	/* one connection per accept, so that none is taken when every slot is full */
	struct urb_accept_opts o = { .target = URB_AUTO_SLOT, .key_out = &s->accept_key };
	int rc;

	if (s->accept_armed || s->stopping || s->nopen > s->max_conns)
		return;
	rc = urb_push_accept(s->b, URB_SLOT(s->listener), &o);
	if (rc < 0) {
		urb_fail(s, "push accept", rc);
		return;
	}
	s->accept_armed = true;
}

/*
 * A new connection in a slot: the slot's request buffer may still hold
 * what the last connection there sent and never had answered (it left
 * first).  None of that is this connection's.
 */
static void forget_requests(struct server *s, struct conn *cn)
{
	void *p;
	uint32_t cap;
	int rc = urb_buf_fill(s->b, cn->req, &p, &cap);

	if (rc == 0)
		rc = urb_buf_filled(s->b, cn->req, 0);
	if (rc < 0) {
		urb_fail(s, "empty request buffer", rc);
		cn->closing = true;
	}
}

/*
 * The newcomer @cn took the spare slot: --conns connections were open.
 * Shed the one idle longest (waiting for a request, none of it in: its
 * recv is cancelled and it closes), or answer the newcomer 503 when none
 * is idle (each of the others is in a response, or in a request head that
 * its deadline bounds).
 */
static void make_room(struct server *s, struct conn *cn)
{
	struct conn *old = NULL;
	int rc;

	for (uint32_t i = FIRST_DIRECT; i < s->nslots; i++) {
		struct conn *o = &s->conns[i];

		if (o != cn && o->open && o->recv_armed && !o->cancel_sent && !o->closing &&
		    !o->responding && o->req_len == 0 && (!old || o->wait_start < old->wait_start))
			old = o;
	}
	if (old) {
		rc = urb_push_cancel(s->b, old->op_key, NULL);
		if (rc < 0) {
			urb_fail(s, "push cancel (shed)", rc);
		} else {
			old->cancel_sent = true;
			s->shed++;
		}
		return;
	}
	cn->responding = true;
	cn->head_used = 0;
	cn->file = -1;
	respond_error(s, cn, 503);	/* keep_alive is false: it closes after */
}

static void on_accept(struct server *s, const struct urb_completion *c)
{
	s->accept_armed = false;
	if (c->result >= 0) {
		uint32_t slot = (uint32_t)c->u.accept.conn.slot;
		struct conn *cn;

		if (slot < FIRST_DIRECT || slot >= s->nslots || s->conns[slot].open) {
			fprintf(stderr, "file_server: accept: slot %u is %s\n", slot,
				slot < FIRST_DIRECT || slot >= s->nslots ? "out of range" :
				"still open");
			s->failed = true;
			return;
		}
		cn = &s->conns[slot];
		/* the buffers are the slot's own: index slot - FIRST_DIRECT of each set */
		*cn = (struct conn){
			.open = true, .slot = slot, .file = -1,
			.req = URB_BUF(s->req_set, slot - FIRST_DIRECT),
			.out = URB_BUF(s->out_set, slot - FIRST_DIRECT),
			.wait_start = example_now_s(),
		};
		s->nopen++;
		s->accepted++;
		forget_requests(s, cn);
		if (s->nopen > s->max_conns && !cn->closing)
			make_room(s, cn);
		conn_progress(s, cn);
	} else if (c->result == -ECONNABORTED || c->result == -EINTR) {
		/* the client left before we took it; nothing to do */
	} else if (!(s->stopping && c->result == -ECANCELED)) {
		result_fail(s, "accept", s->listener, c->result);
		return;
	}
	arm_accept(s);
}

static void on_recv(struct server *s, struct conn *cn, const struct urb_completion *c)
{
	cn->busy = cn->recv_armed = false;
	if (cn->shut_sent) {	/* draining before a close of ours */
		cn->drained_bytes += c->result > 0 ? (uint32_t)c->result : 0;
		cn->drained = c->result <= 0 || cn->drained_bytes >= DRAIN_MAX;
		return;
	}
	if (c->result > 0) {
		cn->cancel_sent = false;	/* a shed's cancel came too late: it goes on */
		if (cn->req_len == 0)
			cn->head_start = example_now_s();	/* the head's deadline starts */
		cn->req_len += (uint32_t)c->result;
		return;		/* conn_progress() looks for a whole head */
	}
	cn->closing = true;
	if (c->result == -ECONNRESET)
		s->resets++;
	else if (c->result == -ECANCELED && !cn->cancel_sent)
		s->timeouts++;	/* the link_timeout: the request's deadline passed */
	else if (c->result < 0 && !(c->result == -ECANCELED && cn->cancel_sent))
		result_fail(s, "recv", cn->slot, c->result);
	/* 0: the client closed its end */
}

static void on_openat2(struct server *s, struct conn *cn, const struct urb_completion *c)
{
	struct urb_statx_opts o = {
		.flags = AT_EMPTY_PATH, .mask = STATX_TYPE | STATX_SIZE, .user = cn,
		.key_out = &cn->op_key,
	};
	int rc;

	cn->busy = false;
	if (c->result < 0) {
		/* -EXDEV: the path leads out of the root (a symbolic link): as if not there */
		bool missing = c->result == -ENOENT || c->result == -ENOTDIR ||
			       c->result == -EACCES || c->result == -ELOOP ||
			       c->result == -ENAMETOOLONG || c->result == -ENXIO ||
			       c->result == -EXDEV;

		if (!missing)
			fprintf(stderr, "file_server: openat2: %s\n", urb_strerror(c->result));
		respond_error(s, cn, missing ? 404 : 500);
		return;
	}
	/* a plain fd, ours until close_file(); statx looks at it, not at the path again */
	cn->file = c->u.openat2.file.fd;
	rc = urb_push_statx(s->b, URB_FD(cn->file), "", &o);
	if (rc < 0) {
		urb_fail(s, "push statx", rc);
		close_file(s, cn);
		respond_error(s, cn, 500);
		return;
	}
	cn->busy = true;
}

static void on_statx(struct server *s, struct conn *cn, const struct urb_completion *c)
{
	/* c->u.statx.st points into the record storage: valid in this callback only */
	const struct statx *st = c->u.statx.st;

	cn->busy = false;
	if (c->result < 0 || !st) {
		fprintf(stderr, "file_server: statx: %s\n", urb_strerror(c->result));
		close_file(s, cn);
		respond_error(s, cn, 500);
		return;
	}
	if (!S_ISREG(st->stx_mode)) {	/* a directory, a FIFO, ... */
		close_file(s, cn);
		respond_error(s, cn, 404);
		return;
	}
	cn->status = 200;
	cn->file_size = st->stx_size;
	cn->out_len = write_head(s, cn, cn->file_size, NULL);
	cn->out_sent = 0;
	if (cn->out_len == 0) {
		cn->closing = true;
		return;
	}
	if (cn->head_only || cn->file_size == 0) {
		close_file(s, cn);
		push_send(s, cn);
	} else {
		push_read(s, cn);	/* the first piece goes right after the head */
	}
}

static void on_read(struct server *s, struct conn *cn, const struct urb_completion *c)
{
	cn->busy = false;
	if (c->result <= 0) {
		/* the file shrank or failed under us: the promised length cannot be kept */
		fprintf(stderr, "file_server: read on slot %u: %s\n", cn->slot,
			c->result ? urb_strerror(c->result) : "end of file before its size");
		s->aborted++;
		cn->closing = true;
		return;
	}
	/* the buffer's valid bytes are now the slice's offset plus the bytes read */
	cn->out_len += (uint32_t)c->result;
	cn->file_off += (uint64_t)c->result;
	if (cn->file_off >= cn->file_size)
		close_file(s, cn);	/* all read; the send needs only the buffer */
	push_send(s, cn);
}

static void on_send(struct server *s, struct conn *cn, const struct urb_completion *c)
{
	cn->busy = false;
	if (c->result <= 0) {
		/* the client is gone (or worse): drop the rest and close */
		if (c->result == -EPIPE || c->result == -ECONNRESET || c->result == 0)
			s->resets++;
		else
			result_fail(s, "send", cn->slot, c->result);
		cn->closing = true;
		return;
	}
	cn->out_sent += (uint32_t)c->result;
	if (cn->out_sent < cn->out_len) {
		push_send(s, cn);	/* short send: the rest of the same buffer */
	} else if (cn->file_off < cn->file_size && !cn->head_only) {
		cn->out_len = cn->out_sent = 0;
		push_read(s, cn);	/* the next piece, from the buffer's start */
	} else {
		response_done(s, cn);
	}
}

static void on_close(struct server *s, struct conn *cn, const struct urb_completion *c)
{
	if (!cn) {	/* the listener */
		if (c->result < 0)
			result_fail(s, "close (listener)", s->listener, c->result);
		s->listener_closed = true;
		return;
	}
	/* the file's close: the slot's close is pushed only after it completed */
	if (cn->file_closing && !cn->close_sent) {
		cn->file_closing = false;
		if (c->result < 0)
			result_fail(s, "close (file)", cn->slot, c->result);
		conn_progress(s, cn);
		return;
	}
	if (c->result < 0)
		result_fail(s, "close", cn->slot, c->result);
	cn->open = false;	/* the slot is free: the next accept may reuse it */
	s->nopen--;
	arm_accept(s);
}

static enum urb_disposition on_completion(struct urb_bearer *b,
					  const struct urb_completion *c, void *user)
{
	struct server *s = user;
	struct conn *cn = c->user;

	(void)b;
	if (cn && cn->cut && (c->op == URB_OP_RECV || c->op == URB_OP_OPENAT2 ||
			      c->op == URB_OP_STATX || c->op == URB_OP_READ ||
			      c->op == URB_OP_SEND || c->op == URB_OP_SHUTDOWN)) {
		/* cancelled at exit (or ended before the cancel): no next step */
		cn->busy = cn->recv_armed = false;
		if (c->op == URB_OP_OPENAT2 && c->result >= 0)
			cn->file = c->u.openat2.file.fd;	/* to close */
		cn->closing = true;
		conn_progress(s, cn);
		return URB_DEFAULT;
	}
	switch (c->op) {
	case URB_OP_ACCEPT:
		on_accept(s, c);
		return URB_DEFAULT;
	case URB_OP_CLOSE:
		on_close(s, cn, c);
		return URB_DEFAULT;
	case URB_OP_LINK_TIMEOUT:
		/* -ETIME: it cancelled the recv; -ECANCELED: the recv came first */
		if (c->result < 0 && c->result != -ETIME && c->result != -ECANCELED)
			result_fail(s, "link_timeout", 0, c->result);
		return URB_DEFAULT;
	case URB_OP_SHUTDOWN:
		cn->busy = false;
		if (c->result < 0) {	/* the client is gone already: just close */
			cn->drained = true;
			if (c->result != -ENOTCONN && c->result != -ECONNRESET)
				result_fail(s, "shutdown", cn->slot, c->result);
		}
		break;
	case URB_OP_CANCEL:
		/* -ENOENT, -EALREADY: the op was ending anyway; its own CQE says how */
		if (c->result < 0 && c->result != -ENOENT && c->result != -EALREADY)
			result_fail(s, "cancel", 0, c->result);
		return URB_DEFAULT;
	case URB_OP_RECV:
		on_recv(s, cn, c);
		break;
	case URB_OP_OPENAT2:
		on_openat2(s, cn, c);
		break;
	case URB_OP_STATX:
		on_statx(s, cn, c);
		break;
	case URB_OP_READ:
		on_read(s, cn, c);
		break;
	case URB_OP_SEND:
		on_send(s, cn, c);
		break;
	default:
		fprintf(stderr, "file_server: unexpected completion of %s\n",
			c->op == URB_OP_STALE ? "a stale key" : urb_op_name(c->op));
		s->failed = true;
		return URB_DEFAULT;
	}
	conn_progress(s, cn);
	return URB_DEFAULT;	/* the spec's lifetime releases the record */
}

/* One trip round the ring: submit, wait up to @ms for a completion, handle them all. */
static int ring_turn(struct server *s, long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };
	int rc = urb_bearer_submit_and_wait(s->b, 1, &ts);

	/*
	 * valgrind delivers no signal while a thread waits in io_uring_enter():
	 * a short sleep after an idle wait lets SIGTERM's handler run (README,
	 * "Running your program under valgrind").
	 */
	if (rc == -ETIME && RUNNING_ON_VALGRIND) {
		struct timespec nap = { .tv_nsec = 1000 * 1000 };

		nanosleep(&nap, NULL);
	}
	if (rc < 0 && rc != -ETIME && rc != -EINTR) {
		urb_fail(s, "submit and wait", rc);
		return rc;
	}
	rc = urb_bearer_completions(s->b, on_completion, s);
	if (rc < 0) {
		urb_fail(s, "completions", rc);
		return rc;
	}
	return 0;
}

/* ---- setting up and tearing down */

/*
 * The capacity, sized from max_conns so that no push can find the bearer
 * full, for max_conns + 1 connections (the spare slot takes a newcomer
 * while an idle one is shed).  In flight per connection at most: one of
 * recv/openat2/statx/read/send/shutdown, the recv's link_timeout, the
 * file's close, two cancels (the recv's when shed or at exit, every op's
 * after the stop's grace); the slot's close waits for all but the
 * timeout.  Plus the accept, its cancel and the listener's close.  Record
 * storage: one openat2 path (at most MAX_PATH_LEN + 1 bytes) and its
 * struct open_how, or one statx (an empty path and a struct statx), per
 * connection, with room to spare for the blocks' first-fit placement.
 */
static int server_up(struct server *s, const char *root, uint16_t *port)
{
	uint32_t n = s->max_conns + 1, records = 5 * n + 3, sq = 1;
	struct urb_capacity cap;
	int lfd, rc;

	s->root = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->root < 0) {
		fprintf(stderr, "file_server: --root %s: %s\n", root, strerror(errno));
		return -1;
	}
	while (sq < records)
		sq *= 2;
	cap = (struct urb_capacity){
		.core_queue = sq,
		.pending_completions = sq,
		.registered_fd = FIRST_DIRECT,	/* the listener */
		.direct_fd = n,			/* the kernel's slots for connections */
		.buffers = 2,			/* request buffers, response buffers */
		.buffer_bytes = (uint64_t)(urb_bufset_bytes(n, REQ_BUF_LEN) +
					   urb_bufset_bytes(n, OUT_BUF_LEN)),
		.record_bytes = (uint64_t)n * 4096,
	};
	if (example_bearer_new("file_server", &cap, &s->b) < 0)
		return -1;
	s->req_set = urb_bufset_create(s->b, n, REQ_BUF_LEN);
	if (s->req_set < 0) {
		urb_fail(s, "request buffers", s->req_set);
		return -1;
	}
	s->out_set = urb_bufset_create(s->b, n, OUT_BUF_LEN);
	if (s->out_set < 0) {
		urb_fail(s, "response buffers", s->out_set);
		return -1;
	}
	s->nslots = FIRST_DIRECT + n;
	s->conns = calloc(s->nslots, sizeof(*s->conns));
	if (!s->conns)
		return -1;

	lfd = example_listen(port, false);
	if (lfd < 0) {
		fprintf(stderr, "file_server: listen: %s\n", strerror(-lfd));
		return -1;
	}
	rc = urb_fd_register(s->b, lfd, URB_FD_ACCEPTOR);
	close(lfd);	/* the fixed-file table holds its own reference */
	if (rc < 0) {
		urb_fail(s, "register listener", rc);
		return -1;
	}
	s->listener = (uint32_t)rc;
	s->listening = true;
	arm_accept(s);
	return s->accept_armed ? 0 : -1;
}

/*
 * After the stop's grace: cancels every op still in flight on every
 * connection (a send to a client that does not read, a recv), so that
 * each connection closes; a response under way counts as cut short.
 */
static void cut_all(struct server *s)
{
	int rc;

	for (uint32_t i = 0; i < s->nslots; i++) {
		struct conn *cn = &s->conns[i];

		if (!cn->open || cn->cut || cn->close_sent)
			continue;
		cn->cut = true;
		s->aborted += cn->responding;
		if (cn->busy) {
			rc = urb_push_cancel(s->b, cn->op_key, NULL);
			if (rc < 0)
				urb_fail(s, "push cancel (at exit)", rc);
		}
		cn->closing = true;
		conn_progress(s, cn);
	}
}

/*
 * Stops accepting, closes the connections waiting for a request, lets
 * responses under way finish (grace_s at most), cuts short what is left,
 * closes every connection and the listener, checks the books.
 */
static void server_down(struct server *s)
{
	double deadline = example_now_s() + s->grace_s;
	struct urb_stats st;
	int rc;

	s->stopping = true;
	if (s->b && s->accept_armed) {
		rc = urb_push_cancel(s->b, s->accept_key, NULL);
		if (rc < 0)
			urb_fail(s, "push cancel (accept)", rc);
	}
	for (uint32_t i = 0; s->b && i < s->nslots; i++) {
		struct conn *cn = &s->conns[i];

		if (!cn->open)
			continue;
		if (cn->recv_armed && !cn->cancel_sent && !cn->responding) {	/* waiting for a request */
			rc = urb_push_cancel(s->b, cn->op_key, NULL);
			if (rc < 0)
				urb_fail(s, "push cancel (recv)", rc);
			else
				cn->cancel_sent = true;
		}
		conn_progress(s, cn);
	}
	while (s->b && (s->nopen || s->accept_armed) && example_now_s() < deadline)
		if (ring_turn(s, 10) < 0)
			break;
	if (s->b && s->nopen) {
		cut_all(s);
		deadline = example_now_s() + CUT_WAIT_S;
		while ((s->nopen || s->accept_armed) && example_now_s() < deadline)
			if (ring_turn(s, 10) < 0)
				break;
	}
	deadline = example_now_s() + CUT_WAIT_S;
	if (s->listening && !s->accept_armed && !s->nopen) {
		struct urb_close_opts o = { .user = NULL };

		rc = urb_push_close(s->b, URB_SLOT(s->listener), &o);
		if (rc < 0)
			urb_fail(s, "push close (listener)", rc);
		while (rc == 0 && !s->listener_closed && example_now_s() < deadline)
			if (ring_turn(s, 10) < 0)
				break;
	}
	if (s->listening && (s->nopen || s->accept_armed || !s->listener_closed)) {
		fprintf(stderr, "file_server: teardown left %u connections%s%s\n", s->nopen,
			s->accept_armed ? ", the accept" : "",
			s->listener_closed ? "" : ", the listener");
		s->failed = true;
	}
	if (s->b) {
		rc = urb_bearer_stats(s->b, &st);
		if (rc < 0 || st.pending || st.stale_cqes || st.unknown_cqes) {
			fprintf(stderr, "file_server: the bearer did not end clean (pending %u, "
				"stale %llu, unknown %llu)\n", st.pending,
				(unsigned long long)st.stale_cqes,
				(unsigned long long)st.unknown_cqes);
			s->failed = true;
		}
		/* frees the slots too; a file still open at the deadline is closed below */
		rc = urb_bearer_free(s->b);
		if (rc < 0) {
			fprintf(stderr, "file_server: bearer free: %s\n", urb_strerror(rc));
			s->failed = true;
		}
	}
	for (uint32_t i = 0; s->conns && i < s->nslots; i++)
		if (s->conns[i].open && s->conns[i].file >= 0)
			close(s->conns[i].file);
	free(s->conns);
	if (s->root >= 0)
		close(s->root);
}

/* ---- main */

static void on_signal(int sig)
{
	(void)sig;
	stop_signal = 1;
}

static const char usage[] =
	"usage: file_server --root DIR [--port N] [--conns N] [--requests N] [--seconds S]\n"
	"                   [--first-timeout S] [--idle-timeout S] [--head-timeout S]\n"
	"                   [--stop-grace S]\n"
	"A static-file HTTP/1.1 server: GET and HEAD, keep-alive, pipelining.\n"
	"  --root DIR           the directory served (GET /a/b is DIR/a/b); no lookup\n"
	"                       leaves it, symbolic links included (those that would: 404)\n"
	"  --port N             listen on 127.0.0.1:N (default 0: any free port)\n"
	"  --conns N            connections served at once (default 64, at most 4096);\n"
	"                       when all are open a newcomer takes the place of the one\n"
	"                       idle longest, or is answered 503 when none is idle\n"
	"  --requests N         exit after N responses (default: no limit)\n"
	"  --seconds S          exit after S seconds (default: no limit)\n"
	"  --first-timeout S    a new connection's first request must begin within S\n"
	"                       seconds (default 5)\n"
	"  --idle-timeout S     a kept-alive connection's next request must begin within\n"
	"                       S seconds (default 30)\n"
	"  --head-timeout S     a request head must be whole S seconds after its first\n"
	"                       byte (default 10)\n"
	"  --stop-grace S       at exit, responses under way get S seconds to finish\n"
	"                       before they are cut short (default 5)\n"
	"Without a limit it serves until SIGINT or SIGTERM.  Not implemented: request\n"
	"bodies (a request with one is answered, then the connection closed), ranges,\n"
	"conditional requests, directory listings, TLS.\n";

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: wake the wait */
	struct server s = {
		.root = -1, .max_conns = 64,
		.first_s = 5, .idle_s = 30, .head_s = 10, .grace_s = 5,
	};
	uint32_t port = 0, requests = 0;
	double seconds = 0;
	const char *root = NULL;
	const struct example_opt opts[] = {
		EXAMPLE_OPT_STR("root", &root, true),
		EXAMPLE_OPT_NUM("port", &port, 0, 65535),
		EXAMPLE_OPT_NUM("conns", &s.max_conns, 1, 4096),
		EXAMPLE_OPT_NUM("requests", &requests, 1, UINT32_MAX),
		EXAMPLE_OPT_SECS("seconds", &seconds, 0.001, 86400.0 * 365),
		EXAMPLE_OPT_SECS("first-timeout", &s.first_s, 0.001, 86400),
		EXAMPLE_OPT_SECS("idle-timeout", &s.idle_s, 0.001, 86400),
		EXAMPLE_OPT_SECS("head-timeout", &s.head_s, 0.001, 86400),
		EXAMPLE_OPT_SECS("stop-grace", &s.grace_s, 0, 3600),
		EXAMPLE_OPT_END,
	};
	uint16_t port16;
	double start;

	example_args(argc, argv, "file_server", usage, opts);
	example_nofile_max();
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	port16 = (uint16_t)port;
	if (server_up(&s, root, &port16) < 0) {
		server_down(&s);
		printf("FAILED\n");
		return 1;
	}
	printf("listening on 127.0.0.1:%u\n", port16);
	fflush(stdout);

	start = example_now_s();
	while (!stop_signal && !s.failed) {
		if (ring_turn(&s, 100) < 0)
			break;
		if (requests && s.served >= requests)
			break;
		if (seconds > 0 && example_now_s() - start >= seconds)
			break;
	}
	server_down(&s);

	printf("requests: %llu ok, %llu 4xx (400: %llu, 404: %llu, 405: %llu), %llu 5xx, "
	       "%llu connections, %llu resets, %llu idle timeouts, %llu shed, %llu cut short\n",
	       (unsigned long long)s.ok,
	       (unsigned long long)(s.s400 + s.s404 + s.s405), (unsigned long long)s.s400,
	       (unsigned long long)s.s404, (unsigned long long)s.s405,
	       (unsigned long long)s.s5xx, (unsigned long long)s.accepted,
	       (unsigned long long)s.resets, (unsigned long long)s.timeouts,
	       (unsigned long long)s.shed, (unsigned long long)s.aborted);
	if (s.failed) {
		printf("FAILED\n");
		return 1;
	}
	return 0;
}
