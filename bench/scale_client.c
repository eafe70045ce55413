/* SPDX-License-Identifier: MIT */
/*
 * scale_client: the load for the scaling step.  Opens N loopback
 * connections to a server, holds them idle, reads the server's RSS, then
 * makes every connection active at once (request, wait for the whole
 * response, next request) for W windows, and reads the RSS again.
 *
 *   scale_client --port P --conns N --server-pid PID
 *                [--idle-ms 1000] [--windows 5] [--window-ms 1000]
 *
 * Prints one line:
 *   SCALE conns=N connect_ms=.. rss_idle_kib=.. rss_active_kib=..
 *         rps_median=.. rps_min=.. rps_max=.. server_cpu_us_per_req=.. errors=..
 */
#include <sys/epoll.h>
#include <sys/resource.h>

#include "http.h"

#define MAX_WINDOWS 64
#define MAX_CONNECTING 1000

struct cl {
	int fd;
	uint32_t got;   /* bytes of the current response received */
	bool connected;
};

struct run {
	int ep;
	uint32_t n;
	struct cl *cls;
	uint64_t responses, errors;
};

static unsigned long cpu_ticks(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = 0;
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			 &ut, &st) != 2)
		return 0;
	return ut + st;
}

static void start_connect(struct run *r, uint32_t i, const struct sockaddr_in *sa)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.u32 = i };
	struct cl *c = &r->cls[i];

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		BENCH_DIE("scale_client: socket %u: %s", i, strerror(errno));
	if (connect(c->fd, (const struct sockaddr *)sa, sizeof(*sa)) < 0 && errno != EINPROGRESS)
		BENCH_DIE("scale_client: connect %u: %s", i, strerror(errno));
	if (epoll_ctl(r->ep, EPOLL_CTL_ADD, c->fd, &ev) < 0)
		BENCH_DIE("scale_client: epoll_ctl: %s", strerror(errno));
}

/* Connects all N, at most MAX_CONNECTING at a time; returns how long it took. */
static double connect_all(struct run *r, unsigned port)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct epoll_event evs[256];
	uint64_t t0 = bench_now_ns(), deadline = t0 + 60ull * 1000000000u;
	uint32_t started = 0, done = 0;

	while (done < r->n) {
		int k;

		while (started < r->n && started - done < MAX_CONNECTING)
			start_connect(r, started++, &sa);
		if (bench_now_ns() > deadline)
			BENCH_DIE("scale_client: only %u of %u connected in 60 s", done, r->n);
		k = epoll_wait(r->ep, evs, 256, 100);
		for (int j = 0; j < k; j++) {
			struct cl *c = &r->cls[evs[j].data.u32];
			struct epoll_event ev = { .events = EPOLLIN, .data.u32 = evs[j].data.u32 };
			int err = 0;
			socklen_t len = sizeof(err);

			if (c->connected)
				continue;
			getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
			if (err)
				BENCH_DIE("scale_client: connect: %s", strerror(err));
			c->connected = true;
			epoll_ctl(r->ep, EPOLL_CTL_MOD, c->fd, &ev);
			done++;
		}
	}
	return (double)(bench_now_ns() - t0) / 1e6;
}

static void send_request(struct run *r, struct cl *c)
{
	if (write(c->fd, http_request, HTTP_REQUEST_LEN) != (ssize_t)HTTP_REQUEST_LEN)
		r->errors++;
}

/* Reads what @c has; each whole response sends the next request unless @stopping. */
static void on_readable(struct run *r, struct cl *c, bool stopping)
{
	uint8_t buf[4096];
	ssize_t got = read(c->fd, buf, sizeof(buf));

	if (got <= 0) {
		if (got < 0 && errno == EAGAIN)
			return;
		r->errors++;
		epoll_ctl(r->ep, EPOLL_CTL_DEL, c->fd, NULL);
		return;
	}
	c->got += (uint32_t)got;
	while (c->got >= HTTP_RESPONSE_LEN) {
		c->got -= (uint32_t)HTTP_RESPONSE_LEN;
		r->responses++;
		if (!stopping)
			send_request(r, c);
	}
}

int main(int argc, char **argv)
{
	unsigned long port = 0, conns = 0, pid = 0, idle_ms = 1000, windows = 5,
		      window_ms = 1000;
	double rps[MAX_WINDOWS], connect_ms;
	unsigned long rss_idle, rss_active, ticks0, ticks1;
	struct epoll_event evs[512];
	struct rlimit rl;
	struct run r;
	uint64_t t0, resp0;

	for (int i = 1; i < argc; i++) {
		if (bench_opt_ul(argc, argv, &i, "--port", &port) ||
		    bench_opt_ul(argc, argv, &i, "--conns", &conns) ||
		    bench_opt_ul(argc, argv, &i, "--server-pid", &pid) ||
		    bench_opt_ul(argc, argv, &i, "--idle-ms", &idle_ms) ||
		    bench_opt_ul(argc, argv, &i, "--windows", &windows) ||
		    bench_opt_ul(argc, argv, &i, "--window-ms", &window_ms))
			continue;
		fprintf(stderr, "usage: scale_client --port P --conns N --server-pid PID "
				"[--idle-ms MS] [--windows W] [--window-ms MS]\n");
		return 2;
	}
	if (!port || !conns || !pid || !windows || windows > MAX_WINDOWS || !window_ms)
		BENCH_DIE("scale_client: --port, --conns and --server-pid are required; "
			  "--windows is 1..%d", MAX_WINDOWS);
	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	memset(&r, 0, sizeof(r));
	r.n = (uint32_t)conns;
	r.cls = calloc(r.n, sizeof(*r.cls));
	r.ep = epoll_create1(EPOLL_CLOEXEC);
	if (!r.cls || r.ep < 0)
		BENCH_DIE("scale_client: set-up: %s", strerror(errno));

	connect_ms = connect_all(&r, (unsigned)port);
	usleep((useconds_t)idle_ms * 1000);
	rss_idle = bench_rss_kib((int)pid);

	/* every connection active at once */
	ticks0 = cpu_ticks((int)pid);
	for (uint32_t i = 0; i < r.n; i++)
		send_request(&r, &r.cls[i]);
	for (unsigned long w = 0; w < windows; w++) {
		uint64_t end;

		t0 = bench_now_ns();
		end = t0 + window_ms * 1000000ull;
		resp0 = r.responses;
		while (bench_now_ns() < end) {
			int k = epoll_wait(r.ep, evs, 512, 10);

			for (int j = 0; j < k; j++)
				on_readable(&r, &r.cls[evs[j].data.u32], false);
		}
		rps[w] = (double)(r.responses - resp0) * 1e9 / (double)(bench_now_ns() - t0);
	}
	ticks1 = cpu_ticks((int)pid);
	resp0 = r.responses;
	rss_active = bench_rss_kib((int)pid);
	/* let the requests in flight finish so the server sees clean EOFs */
	t0 = bench_now_ns();
	while (bench_now_ns() < t0 + 200000000ull) {
		int k = epoll_wait(r.ep, evs, 512, 10);

		for (int j = 0; j < k; j++)
			on_readable(&r, &r.cls[evs[j].data.u32], true);
	}

	printf("SCALE conns=%u connect_ms=%.0f rss_idle_kib=%lu rss_active_kib=%lu "
	       "rps_median=%.0f rps_min=%.0f rps_max=%.0f server_cpu_us_per_req=%.2f "
	       "errors=%llu\n",
	       r.n, connect_ms, rss_idle, rss_active, bench_median(rps, (int)windows),
	       bench_min(rps, (int)windows), bench_max(rps, (int)windows),
	       resp0 ? (double)(ticks1 - ticks0) * 1e6 / (double)sysconf(_SC_CLK_TCK) /
				(double)resp0 : 0.0,
	       (unsigned long long)r.errors);
	for (uint32_t i = 0; i < r.n; i++)
		close(r.cls[i].fd);
	close(r.ep);
	free(r.cls);
	return 0;
}
