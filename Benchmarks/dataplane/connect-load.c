/*
 * connect-load: new TCP connections per second, for LocalVPC's data-plane benchmark (bench.py compiles it with cc).
 *
 *   connect-load listen PORT [THREADS]
 *       Accepts on 0.0.0.0:PORT and closes each connection at once. Prints "listening" when ready; ends once no
 *       connection has come for a second (after the first) and prints {"accepted": N, "seconds": S}, S the time from
 *       the first accept to the last.
 *
 *   connect-load connect ADDRESS PORT SECONDS [WORKERS] [CONCURRENCY]
 *       WORKERS threads, each keeping CONCURRENCY non-blocking connects in flight for SECONDS: as each completes, the
 *       socket is closed with a reset (SO_LINGER 0), so neither side keeps a TIME_WAIT and ports come back at once,
 *       and a new connect starts. Prints {"connected": N, "failed": F, "seconds": S}.
 *
 * Each connection is a new flow: its SYN is a conntrack NEW packet, which LocalVPC's router hands to the evaluator.
 * A reset leaves the conntrack entry in CLOSE state; when a port is reused, conntrack replaces that entry with a new
 * one (a new flow again).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void fail(const char *what) {
    perror(what);
    exit(2);
}

/* ---- listen ---- */

static atomic_long accepted;
static int listener;

static void *accept_loop(void *unused) {
    (void)unused;
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) continue;
            fail("accept");
        }
        atomic_fetch_add_explicit(&accepted, 1, memory_order_relaxed);
        close(fd);
    }
    return NULL;
}

static int listen_main(int port, int threads) {
    listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0) fail("socket");
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0) fail("bind");
    if (listen(listener, 65535) < 0) fail("listen");
    for (int i = 0; i < threads; i++) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, accept_loop, NULL) != 0) fail("pthread_create");
    }
    printf("listening\n");
    fflush(stdout);
    long last = 0;
    double first = 0, latest = 0;
    for (;;) {
        usleep(5000);
        long count = atomic_load(&accepted);
        double t = now();
        if (count != last) {
            if (last == 0) first = t;
            latest = t;
            last = count;
        } else if (count > 0 && t - latest > 1.0) {
            break;
        }
    }
    printf("{\"accepted\": %ld, \"seconds\": %.6f}\n", last, latest - first);
    fflush(stdout);
    _exit(0);
}

/* ---- connect ---- */

struct worker {
    struct sockaddr_in address;
    double seconds;
    int concurrency;
    long connected, failed;
};

static int start_connect(int epoll, const struct sockaddr_in *address) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, (const struct sockaddr *)address, sizeof *address) < 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    struct epoll_event event = {.events = EPOLLOUT, .data.fd = fd};
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) < 0) fail("epoll_ctl");
    return fd;
}

static void *connect_loop(void *argument) {
    struct worker *w = argument;
    int epoll = epoll_create1(EPOLL_CLOEXEC);
    if (epoll < 0) fail("epoll_create1");
    int in_flight = 0;
    for (int i = 0; i < w->concurrency; i++) {
        if (start_connect(epoll, &w->address) >= 0) in_flight++;
        else w->failed++;
    }
    double end = now() + w->seconds;
    struct epoll_event events[256];
    while (now() < end) {
        int n = epoll_wait(epoll, events, 256, 50);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd, error = 0;
            socklen_t length = sizeof error;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error == 0) w->connected++;
            else w->failed++;
            struct linger reset = {.l_onoff = 1, .l_linger = 0};
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
            close(fd);  // also removes it from the epoll set
            in_flight--;
            if (start_connect(epoll, &w->address) >= 0) in_flight++;
            else w->failed++;
        }
        while (in_flight < w->concurrency && now() < end) {  // after failures to start (ports exhausted, say)
            if (start_connect(epoll, &w->address) < 0) break;
            in_flight++;
        }
    }
    return NULL;
}

static int connect_main(const char *host, int port, double seconds, int workers, int concurrency) {
    struct worker *all = calloc((size_t)workers, sizeof *all);
    pthread_t *threads = calloc((size_t)workers, sizeof *threads);
    if (!all || !threads) fail("calloc");
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        fprintf(stderr, "connect-load: not an IPv4 address: %s\n", host);
        return 2;
    }
    double started = now();
    for (int i = 0; i < workers; i++) {
        all[i] = (struct worker){.address = address, .seconds = seconds, .concurrency = concurrency};
        if (pthread_create(&threads[i], NULL, connect_loop, &all[i]) != 0) fail("pthread_create");
    }
    long connected = 0, failed = 0;
    for (int i = 0; i < workers; i++) {
        pthread_join(threads[i], NULL);
        connected += all[i].connected;
        failed += all[i].failed;
    }
    printf("{\"connected\": %ld, \"failed\": %ld, \"seconds\": %.6f}\n", connected, failed, now() - started);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "listen") == 0) {
        return listen_main(atoi(argv[2]), argc > 3 ? atoi(argv[3]) : 2);
    }
    if (argc >= 5 && strcmp(argv[1], "connect") == 0) {
        return connect_main(argv[2], atoi(argv[3]), atof(argv[4]), argc > 5 ? atoi(argv[5]) : 1, argc > 6 ? atoi(argv[6]) : 64);
    }
    fprintf(stderr, "usage: connect-load listen PORT [THREADS]\n"
                    "       connect-load connect ADDRESS PORT SECONDS [WORKERS] [CONCURRENCY]\n");
    return 2;
}
