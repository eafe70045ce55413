/* SPDX-License-Identifier: MIT */
/*
 * What the kernel did, judged apart from the fuzzer's model of urb.
 *
 * The wire: NCONNS connected stream sockets whose bearer ends the fuzzer
 * registers.  Every byte our peer ends write is the next of a per-
 * connection sequence (pat()), so a completion that says "these bytes are
 * in these buffers" is checked byte by byte against the sequence: each
 * byte exactly once, in order, where the completion says.  Every byte the
 * bearer sends is what the user last saw in the buffer the completion
 * names; our peers read with plain recv() and must get exactly the bytes
 * the completions said went, in their order, and nothing else.
 *
 * The rings: for a buffer ring no pending op takes from, the kernel's
 * head (IORING_REGISTER_PBUF_STATUS) and urb's tail give the entries the
 * kernel may still take; they must be exactly the buffers the model has
 * in the group, each once (a send ring's in the order they were queued).
 * A buffer urb counts in but the kernel has passed is stranded; one the
 * kernel may take that urb handed out is shared with the user.
 * urb_bufring_audit() must agree.
 *
 * The coverage: which op, submit flag and ring kind reached the kernel
 * in how many sequences.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "internal.h"
#include "api_fuzz.h"

/* ---- the byte sequences */

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Byte @n of the sequence @salt: no run of a few bytes repeats elsewhere. */
static uint8_t pat(uint64_t salt, uint64_t n)
{
	return (uint8_t)(mix64(salt ^ (n >> 3)) >> (8 * (n & 7)));
}

enum { SEGS = 64, TX_CAP = 4 << 20 };

struct wconn {
	int fd, peer;          /* the bearer's end, ours (-1 once closed) */
	uint64_t salt;
	uint64_t wrote, got;   /* bytes our peer wrote, bytes completions said arrived */
	bool dead;             /* our peer shut down: nothing more is read or judged */
	/* bearer -> peer: what completions said went, what the peer read, not yet matched */
	uint8_t *want, *seen;
	size_t want_len, seen_len;
	uint64_t matched;      /* stream offset of want[0] and seen[0] */
	struct { uint64_t end; int scen; char what[56]; } seg[SEGS]; /* who said which bytes went */
	unsigned nseg;
};

static struct wconn W[NCONNS];
static uint64_t wire_seq;

static int connect_tcp(const struct sockaddr_in *addr, int listener, int sv[2])
{
	sv[1] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sv[1] < 0 || connect(sv[1], (const struct sockaddr *)addr, sizeof(*addr)) != 0)
		return -1;
	sv[0] = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
	return sv[0] < 0 ? -1 : 0;
}

void wire_open(const struct sockaddr_in *addr, int listener)
{
	int small = 4096;

	wire_seq++;
	for (int c = 0; c < NCONNS; c++) {
		struct wconn *w = &W[c];
		int sv[2];
		int rc = c == NCONNS - 1 ? connect_tcp(addr, listener, sv) :
			 socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);

		if (rc != 0) {
			perror("api_fuzz: connection");
			exit(2);
		}
		fcntl(sv[0], F_SETFL, O_NONBLOCK);
		fcntl(sv[1], F_SETFL, O_NONBLOCK);
		/* a small send side, so that a bundle of big buffers blocks part way */
		if (c != NCONNS - 1)
			setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
		free(w->want);
		free(w->seen);
		*w = (struct wconn){ .fd = sv[0], .peer = sv[1],
				     .salt = mix64(wire_seq * 131 + (uint64_t)c + R.seed) };
		w->want = malloc(TX_CAP);
		w->seen = malloc(TX_CAP);
		if (!w->want || !w->seen) {
			perror("api_fuzz: malloc");
			exit(2);
		}
	}
}

void wire_close(void)
{
	for (int c = 0; c < NCONNS; c++) {
		close(W[c].fd);
		if (W[c].peer >= 0)
			close(W[c].peer);
		W[c].fd = W[c].peer = -1;
	}
}

int wire_fd(int conn)
{
	return W[conn].fd;
}

int wire_peer(int conn)
{
	return W[conn].peer;
}

bool wire_dead(int conn)
{
	return W[conn].dead;
}

bool wire_rx(int conn, const uint8_t *p, uint32_t n, const char *what, int scen)
{
	struct wconn *w = &W[conn];

	if (w->got + n > w->wrote) {
		finding(scen, "conn %d: %s says %u bytes arrived at stream byte %llu, the peer "
			"wrote only %llu", conn, what, n, (unsigned long long)w->got,
			(unsigned long long)w->wrote);
		return false;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint8_t want = pat(w->salt, w->got + i);

		if (p[i] != want) {
			finding(scen, "conn %d: %s: byte %u of its %u should be stream byte %llu "
				"(%#04x), the buffer holds %#04x", conn, what, i, n,
				(unsigned long long)(w->got + i), want, p[i]);
			return false;
		}
	}
	w->got += n;
	R.rx_bytes += n;
	return true;
}

/* Match what the peer read against what the completions said went. */
static void tx_match(int conn)
{
	struct wconn *w = &W[conn];
	size_t n = w->want_len < w->seen_len ? w->want_len : w->seen_len;
	unsigned k = 0;

	for (size_t i = 0; i < n; i++) {
		if (w->want[i] == w->seen[i])
			continue;
		while (k + 1 < w->nseg && w->seg[k].end <= w->matched + i)
			k++;
		finding(w->nseg ? w->seg[k].scen : SCEN_OTHER,
			"conn %d: the peer read %#04x at stream byte %llu, %s sent %#04x there",
			conn, w->seen[i], (unsigned long long)(w->matched + i),
			w->nseg ? w->seg[k].what : "nothing", w->want[i]);
		return;
	}
	memmove(w->want, w->want + n, w->want_len - n);
	memmove(w->seen, w->seen + n, w->seen_len - n);
	w->want_len -= n;
	w->seen_len -= n;
	w->matched += n;
	R.tx_bytes += n;
	while (w->nseg && w->seg[0].end <= w->matched && w->want_len == 0 && w->nseg > 1) {
		memmove(w->seg, w->seg + 1, (w->nseg - 1) * sizeof(w->seg[0]));
		w->nseg--;
	}
}

void wire_tx(int conn, const uint8_t *p, uint32_t n, const char *what, int scen)
{
	struct wconn *w = &W[conn];

	if (w->dead || n == 0)
		return;
	if (w->want_len + n > TX_CAP)
		wire_peer_read(conn, true); /* a late reader has to read some time */
	if (w->want_len + n > TX_CAP) {
		finding(SCEN_OTHER, "conn %d: more than %d bytes sent and never read", conn, TX_CAP);
		return;
	}
	memcpy(w->want + w->want_len, p, n);
	w->want_len += n;
	if (w->nseg == SEGS) {
		memmove(w->seg, w->seg + 1, (SEGS - 1) * sizeof(w->seg[0]));
		w->nseg--;
	}
	w->seg[w->nseg].end = w->matched + w->want_len;
	w->seg[w->nseg].scen = scen;
	snprintf(w->seg[w->nseg].what, sizeof(w->seg[0].what), "%s", what);
	w->nseg++;
	tx_match(conn);
}

void wire_peer_write(int conn, uint32_t n)
{
	struct wconn *w = &W[conn];
	static uint8_t msg[8192];
	ssize_t sent;

	if (w->dead)
		return;
	if (!n || n > sizeof(msg))
		n = chance(80) ? 1 + rnd(MAX_LEN * 2) : 1 + rnd(4096);
	for (uint32_t i = 0; i < n; i++)
		msg[i] = pat(w->salt, w->wrote + i);
	sent = send(w->peer, msg, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (sent > 0)
		w->wrote += (uint64_t)sent;
	logf_("peer %d writes %u bytes -> %zd (stream at %llu)", conn, n, sent,
	      (unsigned long long)w->wrote);
}

void wire_peer_read(int conn, bool all)
{
	struct wconn *w = &W[conn];
	size_t total = 0;
	ssize_t n;

	if (w->dead)
		return;
	do {
		size_t room = TX_CAP - w->seen_len;

		if (!all && room > 4096)
			room = 1 + rnd(4096);
		n = room ? recv(w->peer, w->seen + w->seen_len, room, MSG_DONTWAIT) : 0;
		if (n > 0) {
			w->seen_len += (size_t)n;
			total += (size_t)n;
		}
	} while (all && n > 0);
	logf_("peer %d reads %zu bytes", conn, total);
	tx_match(conn);
}

void wire_peer_shut(int conn)
{
	struct wconn *w = &W[conn];

	if (w->dead)
		return;
	wire_peer_read(conn, true);
	w->dead = true;
	if (chance(50)) {
		shutdown(w->peer, SHUT_RDWR);
		logf_("peer %d shuts down", conn);
	} else {
		close(w->peer);
		w->peer = -1;
		logf_("peer %d closes", conn);
	}
}

void wire_stuff(int conn)
{
	struct wconn *w = &W[conn];
	uint8_t buf[4096];
	uint64_t salt = mix64(w->salt + w->matched + w->want_len);
	size_t total = 0;
	ssize_t n;

	if (w->dead)
		return;
	for (uint32_t i = 0; i < sizeof(buf); i++)
		buf[i] = pat(salt, i);
	while (w->want_len + total + sizeof(buf) <= TX_CAP &&
	       (n = send(w->fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_NOSIGNAL)) > 0) {
		wire_tx(conn, buf, (uint32_t)n, "the harness's own write", SCEN_OTHER);
		total += (size_t)n;
	}
	logf_("conn %d: the bearer's send side stuffed with %zu bytes", conn, total);
}

void wire_settle(void)
{
	for (int c = 0; c < NCONNS; c++) {
		struct wconn *w = &W[c];

		/* loopback TCP may still be carrying the last bytes */
		for (int tries = 0; tries < 50; tries++) {
			wire_peer_read(c, true);
			if (w->dead || !w->want_len || fz_found())
				break;
			usleep(1000);
		}
		if (w->dead || fz_found())
			continue;
		if (w->want_len)
			finding(w->nseg ? w->seg[w->nseg - 1].scen : SCEN_OTHER,
				"conn %d: %zu bytes completions said went never reached the peer "
				"(the last: %s)", c, w->want_len, w->nseg ? w->seg[w->nseg - 1].what : "-");
		else if (w->seen_len)
			finding(w->nseg ? w->seg[w->nseg - 1].scen : SCEN_OTHER,
				"conn %d: the peer read %zu bytes no completion said went "
				"(the last that did: %s)", c, w->seen_len,
				w->nseg ? w->seg[w->nseg - 1].what : "none");
	}
}

/* ---- the kernel's ring against the model */

#ifndef IORING_REGISTER_PBUF_STATUS
#define IORING_REGISTER_PBUF_STATUS 26 /* Linux 6.8 */
#endif

struct pbuf_status {
	uint32_t buf_group;
	uint32_t head;
	uint32_t resv[8];
};

static bool judge_off;

int ring_scen(const struct mset *m)
{
	static const int order[] = { SCEN_ASYNC_RUN, SCEN_BUNDLE_ROUND, SCEN_SEND_ORDER,
				     SCEN_SEND_CUT };

	for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (m->taint & (1u << order[i]))
			return order[i];
	return SCEN_OTHER;
}

static const char *const kind_name[RK__COUNT] = {
	[RK_NONE] = "-", [RK_PLAIN] = "plain", [RK_INC] = "incremental", [RK_SEND] = "send",
	[RK_LEGACY] = "provided",
};

void ring_judge(struct urb_bearer *b, uint32_t set, const struct mset *m)
{
	const struct urb__bufset *bs = &b->sets[set];
	const struct urb__bufring *r;
	struct pbuf_status st = { .buf_group = urb__bgid(set) };
	uint8_t seen[MAX_BUFS] = { 0 };
	uint16_t head, tail;

	if (judge_off || m->group != URB__GROUP_RING || bs->group != URB__GROUP_RING)
		return;
	r = bs->ring;
	if (syscall(__NR_io_uring_register, b->ring.ring_fd, IORING_REGISTER_PBUF_STATUS, &st,
		    1) != 0) {
		printf("api_fuzz: IORING_REGISTER_PBUF_STATUS: %s: the rings are not judged\n",
		       strerror(errno));
		judge_off = true;
		return;
	}
	R.judged++;
	head = (uint16_t)st.head;
	tail = __atomic_load_n(&r->br->tail, __ATOMIC_ACQUIRE);
	if ((uint16_t)(tail - head) > r->entries) {
		finding(ring_scen(m), "%s ring %u: the kernel's head %u is %u entries behind the "
			"tail %u, the ring has %u", kind_name[m->ring], set, head,
			(uint16_t)(tail - head), tail, r->entries);
		return;
	}
	for (uint16_t p = head; p != tail; p++) {
		uint16_t bid = r->br->bufs[p & (r->entries - 1)].bid, at = (uint16_t)(p - head);

		if (bid >= m->nbufs || seen[bid]++) {
			finding(ring_scen(m), "%s ring %u: the kernel may take buffer %u at position "
				"%u %s", kind_name[m->ring], set, bid, p,
				bid >= m->nbufs ? "(no such buffer)" : "a second time");
			return;
		}
		if (m->ring == RK_SEND && (at >= m->ninring || m->inring[at] != bid)) {
			finding(ring_scen(m), "send ring %u: the kernel would send buffer %u %uth "
				"(head %u, tail %u), the model queued %u there", set, bid, at + 1, head,
				tail, at < m->ninring ? m->inring[at] : 0xffff);
			return;
		}
	}
	for (uint32_t i = 0; i < m->nbufs; i++) {
		if (m->place[i] == MB_GROUP && !seen[i])
			finding(ring_scen(m), "%s ring %u: buffer %u.%u is stranded: urb has it %s, "
				"the kernel has passed it (head %u, tail %u) and no op is pending",
				kind_name[m->ring], set, set, i,
				m->ring == RK_SEND ? "queued" : "in the ring", head, tail);
		else if (m->place[i] != MB_GROUP && seen[i])
			finding(ring_scen(m), "%s ring %u: the kernel may still take buffer %u.%u "
				"(head %u, tail %u), which urb handed to the user", kind_name[m->ring],
				set, set, i, head, tail);
		if (fz_found())
			return;
	}
	if (urb_bufring_audit(b, set) != 0)
		finding(ring_scen(m), "%s ring %u: urb_bufring_audit: %s", kind_name[m->ring], set,
			urb_bearer_detail(b));
}

/* ---- coverage: op x submit flag x ring kind -> sequences that reached the kernel */

enum { CF_NONE, CF_DRAIN, CF_LINK, CF_HARDLINK, CF_ASYNC, CF_SKIP, CF__COUNT };

static const char *const flag_name[CF__COUNT] = {
	"0", "DRAIN", "LINK", "HARDLINK", "ASYNC", "SKIP_SUCCESS",
};

static bool seq_seen[URB_OP__COUNT][CF__COUNT][RK__COUNT];
static unsigned long seq_count[URB_OP__COUNT][CF__COUNT][RK__COUNT];

void cover_note(enum urb_op op, uint32_t flags, uint8_t kind)
{
	static const uint32_t bit[CF__COUNT] = {
		0, URB_SUBMIT_DRAIN, URB_SUBMIT_LINK, URB_SUBMIT_HARDLINK, URB_SUBMIT_ASYNC,
		URB_SUBMIT_SKIP_SUCCESS,
	};

	if (!flags)
		seq_seen[op][CF_NONE][kind] = true;
	for (int f = 1; f < CF__COUNT; f++)
		if (flags & bit[f])
			seq_seen[op][f][kind] = true;
}

void cover_seq_end(void)
{
	for (int op = 0; op < URB_OP__COUNT; op++)
		for (int f = 0; f < CF__COUNT; f++)
			for (int k = 0; k < RK__COUNT; k++) {
				seq_count[op][f][k] += seq_seen[op][f][k];
				seq_seen[op][f][k] = false;
			}
}

void cover_print(void)
{
	for (int op = 0; op < URB_OP__COUNT; op++)
		for (int k = 0; k < RK__COUNT; k++)
			for (int f = 0; f < CF__COUNT; f++)
				if (seq_count[op][f][k])
					printf("api_fuzz: coverage %s %s %s %lu\n",
					       urb_op_name((enum urb_op)op), flag_name[f], kind_name[k],
					       seq_count[op][f][k]);
}

/* Bytes no other fill wrote: a buffer sent by mistake shows. */
void wire_fill(uint8_t *p, uint32_t n)
{
	static uint64_t fills;
	uint64_t salt = mix64(++fills ^ 0x5eedull);

	for (uint32_t i = 0; i < n; i++)
		p[i] = pat(salt, i);
}
