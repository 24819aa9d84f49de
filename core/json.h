/* A small builder for the compact JSON objects stored in the audit log's before/after fields. */
#ifndef BM_JSON_H
#define BM_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef struct bm_json {
    char *buf;
    size_t len, cap;
    int fields;
    int oom;
} bm_json;

void bm_json_begin(bm_json *j);                 /* "{" */
void bm_json_str(bm_json *j, const char *key, const char *val);   /* NULL val -> null */
void bm_json_int(bm_json *j, const char *key, int64_t val);
void bm_json_raw(bm_json *j, const char *key, const char *json);  /* an already-built value */
/* "}"; returns the text (caller frees) or NULL when out of memory. */
char *bm_json_end(bm_json *j);

#endif
