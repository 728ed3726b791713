/*
 * The C ceiling of bin/bench: libcurl's multi interface with nothing on top.
 *
 *   curl_multi_bench [-o DIR] [-b BYTES] [-3] URL REQUESTS CONCURRENCY [CA_PEM]
 *   curl_multi_bench -V
 *
 * Fetches URL REQUESTS times with CONCURRENCY transfers in flight, reusing CONCURRENCY easy
 * handles (as a tuned C client would), counting body bytes in the write callback and throwing
 * them away. With CA_PEM the transfers ask for HTTP/2 over TLS and multiplex on one connection.
 * The loop is the classic curl_multi_perform + curl_multi_poll one.
 *
 * With -3 (and CA_PEM) they ask for HTTP/3 only (CURL_HTTP_VERSION_3ONLY, 31) instead: a libcurl
 * built with HTTP/3 must be the one loaded (bin/bench-http3 links a build against each libcurl it
 * measures: 8.14.1's GnuTLS flavour, the bundled one).
 * With -V it prints the libcurl it loaded (curl_version(): "libcurl/8.14.1 OpenSSL/3.0.17 ...") and exits:
 * the benchmarks check that it is the libcurl they built it for, since a library missing from its
 * run-time path would silently be replaced by the system's.
 * With -b BYTES the receive buffer is BYTES (CURLOPT_BUFFERSIZE) instead of libcurl's 16 KiB.
 * With -o DIR each body is written to DIR/file-N.part through a 128 KiB stdio buffer and renamed
 * to DIR/file-N when its transfer succeeds: the ceiling for the download-to-file path, which does
 * the same. The files are removed after the clock stops.
 * Prints one line: "<elapsed ns> <body bytes> <peak RSS KiB> <CPU ns>", the CPU being the
 * process's user + system time (getrusage) over the same timed region as the elapsed time, as the
 * Java workers measure theirs. Exits 1 on any failed transfer.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define FILE_BUFFER_BYTES (128 * 1024)

/* One transfer in flight; with -o it owns the file its body goes to. */
struct slot {
    CURL *easy;
    curl_off_t *bytes;
    FILE *file;
    char *buffer;
    long index;
};

static const char *out_dir = NULL;

static size_t count_body(char *data, size_t size, size_t n, void *user) {
    struct slot *slot = user;
    *slot->bytes += (curl_off_t) (size * n);
    if (slot->file != NULL && fwrite(data, 1, size * n, slot->file) != size * n) {
        return 0;
    }
    return size * n;
}

static void file_name(char *name, size_t length, long index, int part) {
    snprintf(name, length, "%s/file-%ld%s", out_dir, index, part ? ".part" : "");
}

/* Opens the file of the transfer about to start as slot->index. */
static int open_file(struct slot *slot) {
    char name[4096];
    file_name(name, sizeof name, slot->index, 1);
    slot->file = fopen(name, "wb");
    if (slot->file == NULL) {
        perror(name);
        return 0;
    }
    setvbuf(slot->file, slot->buffer, _IOFBF, FILE_BUFFER_BYTES);
    return 1;
}

/* Closes the finished transfer's file and gives it its final name. */
static int close_file(struct slot *slot) {
    char part[4096], done[4096];
    if (fclose(slot->file) != 0) {
        perror("fclose");
        return 0;
    }
    slot->file = NULL;
    file_name(part, sizeof part, slot->index, 1);
    file_name(done, sizeof done, slot->index, 0);
    if (rename(part, done) != 0) {
        perror("rename");
        return 0;
    }
    return 1;
}

/* User + system CPU time of this process so far. */
static long long cpu_ns(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return ((long long) usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000LL
           + ((long long) usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000LL;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    long buffer_size = 0;
    long version_with_ca = (long) CURL_HTTP_VERSION_2TLS;
    if (argc == 2 && strcmp(argv[1], "-V") == 0) {
        printf("%s\n", curl_version());
        return 0;
    }
    while (argc > 2 && argv[1][0] == '-') {
        if (strcmp(argv[1], "-3") == 0) {
            version_with_ca = 31L; /* CURL_HTTP_VERSION_3ONLY */
            argv += 1;
            argc -= 1;
            continue;
        }
        if (strcmp(argv[1], "-o") == 0) {
            out_dir = argv[2];
        } else if (strcmp(argv[1], "-b") == 0) {
            buffer_size = atol(argv[2]);
        } else {
            break;
        }
        argv += 2;
        argc -= 2;
    }
    if (argc < 4) {
        fprintf(stderr, "usage: %s [-o DIR] [-b BYTES] [-3] URL REQUESTS CONCURRENCY [CA_PEM]\n", argv[0]);
        return 2;
    }
    const char *url = argv[1];
    long requests = atol(argv[2]);
    int concurrency = atoi(argv[3]);
    const char *ca = argc > 4 ? argv[4] : NULL;
    if (concurrency > requests) {
        concurrency = (int) requests;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, ca ? CURLPIPE_MULTIPLEX : CURLPIPE_NOTHING);
    curl_off_t bytes = 0;
    struct slot *slots = calloc((size_t) concurrency, sizeof(struct slot));
    long started = 0, finished = 0;
    long long start = now_ns();
    long long cpu_start = cpu_ns();
    for (int i = 0; i < concurrency; i++) {
        CURL *easy = curl_easy_init();
        struct slot *slot = &slots[i];
        slot->easy = easy;
        slot->bytes = &bytes;
        slot->index = started;
        if (out_dir != NULL) {
            slot->buffer = malloc(FILE_BUFFER_BYTES);
            if (!open_file(slot)) {
                return 1;
            }
        }
        curl_easy_setopt(easy, CURLOPT_URL, url);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        if (buffer_size > 0) {
            curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, buffer_size);
        }
        curl_easy_setopt(easy, CURLOPT_PRIVATE, slot);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, count_body);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, slot);
        if (ca) {
            curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, version_with_ca);
            curl_easy_setopt(easy, CURLOPT_CAINFO, ca);
            curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
        } else {
            curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
        }
        curl_multi_add_handle(multi, easy);
        started++;
    }
    while (finished < requests) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(multi, &running);
        if (mc != CURLM_OK) {
            fprintf(stderr, "curl_multi_perform: %s\n", curl_multi_strerror(mc));
            return 1;
        }
        CURLMsg *msg;
        int queued;
        while ((msg = curl_multi_info_read(multi, &queued)) != NULL) {
            if (msg->msg != CURLMSG_DONE) {
                continue;
            }
            CURL *easy = msg->easy_handle;
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            if (msg->data.result != CURLE_OK || status != 200) {
                fprintf(stderr, "transfer failed: %s, status %ld\n", curl_easy_strerror(msg->data.result), status);
                return 1;
            }
            struct slot *slot;
            curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **) &slot);
            if (slot->file != NULL && !close_file(slot)) {
                return 1;
            }
            finished++;
            curl_multi_remove_handle(multi, easy);
            if (started < requests) {
                slot->index = started;
                if (out_dir != NULL && !open_file(slot)) {
                    return 1;
                }
                curl_multi_add_handle(multi, easy);
                started++;
            }
        }
        if (finished < requests) {
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
        }
    }
    long long elapsed = now_ns() - start;
    long long cpu = cpu_ns() - cpu_start;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("%lld %lld %ld %lld\n", elapsed, (long long) bytes, usage.ru_maxrss, cpu);
    for (long i = 0; out_dir != NULL && i < requests; i++) {
        char name[4096];
        file_name(name, sizeof name, i, 0);
        remove(name);
    }
    for (int i = 0; i < concurrency; i++) {
        curl_multi_remove_handle(multi, slots[i].easy);
        curl_easy_cleanup(slots[i].easy);
        free(slots[i].buffer);
    }
    free(slots);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return 0;
}
