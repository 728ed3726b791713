/*
 * The C ceiling of bin/bench: libcurl's multi interface with nothing on top.
 *
 *   curl_multi_bench URL REQUESTS CONCURRENCY [CA_PEM]
 *
 * Fetches URL REQUESTS times with CONCURRENCY transfers in flight, reusing CONCURRENCY easy
 * handles (as a tuned C client would), counting body bytes in the write callback and throwing
 * them away. With CA_PEM the transfers ask for HTTP/2 over TLS and multiplex on one connection.
 * The loop is the classic curl_multi_perform + curl_multi_poll one.
 * Prints one line: "<elapsed ns> <body bytes> <peak RSS KiB>". Exits 1 on any failed transfer.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static size_t count_body(char *data, size_t size, size_t n, void *user) {
    (void) data;
    *(curl_off_t *) user += (curl_off_t) (size * n);
    return size * n;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s URL REQUESTS CONCURRENCY [CA_PEM]\n", argv[0]);
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
    CURL **handles = calloc((size_t) concurrency, sizeof(CURL *));
    long started = 0, finished = 0;
    long long start = now_ns();
    for (int i = 0; i < concurrency; i++) {
        CURL *easy = curl_easy_init();
        curl_easy_setopt(easy, CURLOPT_URL, url);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, count_body);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &bytes);
        if (ca) {
            curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_2TLS);
            curl_easy_setopt(easy, CURLOPT_CAINFO, ca);
            curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
        } else {
            curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
        }
        handles[i] = easy;
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
            finished++;
            curl_multi_remove_handle(multi, easy);
            if (started < requests) {
                curl_multi_add_handle(multi, easy);
                started++;
            }
        }
        if (finished < requests) {
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
        }
    }
    long long elapsed = now_ns() - start;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("%lld %lld %ld\n", elapsed, (long long) bytes, usage.ru_maxrss);
    for (int i = 0; i < concurrency; i++) {
        curl_multi_remove_handle(multi, handles[i]);
        curl_easy_cleanup(handles[i]);
    }
    free(handles);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return 0;
}
