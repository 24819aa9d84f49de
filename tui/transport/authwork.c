/* Password checks off the event loop (see authwork.h). */
#include "tui/transport/authwork.h"
#include "core/user.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct job {
    struct job *next;
    uint64_t ticket;
    char *password;
    char *hash;
} job;

#define MAX_THREADS 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static job *queue_head, *queue_tail;
static int stopping;
static pthread_t threads[MAX_THREADS];
static int nthreads;
static int result_pipe[2] = { -1, -1 };

static void job_free(job *j)
{
    if (j->password) {
        explicit_bzero(j->password, strlen(j->password));
        free(j->password);
    }
    free(j->hash);
    free(j);
}

static void *worker(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (!queue_head && !stopping)
            pthread_cond_wait(&wake, &lock);
        if (stopping) {
            pthread_mutex_unlock(&lock);
            return NULL;
        }
        job *j = queue_head;
        queue_head = j->next;
        if (!queue_head)
            queue_tail = NULL;
        pthread_mutex_unlock(&lock);

        authwork_result r;
        memset(&r, 0, sizeof r);   /* padding too: the whole struct goes through the pipe */
        r.ticket = j->ticket;
        r.matches = bm_password_matches(j->password, j->hash);
        job_free(j);
        /* A result is 16 bytes, less than PIPE_BUF: the write is atomic. */
        ssize_t n;
        do
            n = write(result_pipe[1], &r, sizeof r);
        while (n < 0 && errno == EINTR);
    }
}

int authwork_start(int count)
{
    if (pipe2(result_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return -1;
    if (count < 1)
        count = 1;
    if (count > MAX_THREADS)
        count = MAX_THREADS;
    stopping = 0;
    for (nthreads = 0; nthreads < count; nthreads++)
        if (pthread_create(&threads[nthreads], NULL, worker, NULL) != 0)
            break;
    if (nthreads == 0) {
        close(result_pipe[0]);
        close(result_pipe[1]);
        return -1;
    }
    return result_pipe[0];
}

void authwork_stop(void)
{
    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < nthreads; i++)
        pthread_join(threads[i], NULL);
    nthreads = 0;
    while (queue_head) {
        job *j = queue_head;
        queue_head = j->next;
        job_free(j);
    }
    queue_tail = NULL;
    if (result_pipe[0] >= 0) {
        close(result_pipe[0]);
        close(result_pipe[1]);
        result_pipe[0] = result_pipe[1] = -1;
    }
}

int authwork_submit(uint64_t ticket, const char *password, const char *hash)
{
    job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    j->ticket = ticket;
    j->password = strdup(password);
    j->hash = strdup(hash);
    if (!j->password || !j->hash) {
        job_free(j);
        return -1;
    }
    pthread_mutex_lock(&lock);
    if (queue_tail)
        queue_tail->next = j;
    else
        queue_head = j;
    queue_tail = j;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    return 0;
}

int authwork_take(authwork_result *out)
{
    ssize_t n = read(result_pipe[0], out, sizeof *out);
    return n == (ssize_t)sizeof *out;
}
