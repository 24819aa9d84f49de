/* One log line per event to stderr (see log.h). */
#include "tui/session/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

int log_silenced;
int log_worker;

void log_event(const char *event, const char *fmt, ...)
{
    if (log_silenced)
        return;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* One fprintf per line so lines from one process never interleave. */
    if (log_worker)
        fprintf(stderr, "%s bianmin: %s %s worker=%d\n", when, event, line, log_worker);
    else
        fprintf(stderr, "%s bianmin: %s %s\n", when, event, line);
    fflush(stderr);
}

const char *log_clean(const char *s, char *buf, size_t cap)
{
    size_t n = 0;
    if (cap == 0)
        return "";
    for (; s && *s && n + 1 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        buf[n++] = (c <= 0x20 || c == 0x7f || c == '"' || c == '=' || c == '\\') ? '_' : (char)c;
    }
    buf[n] = 0;
    return buf;
}
