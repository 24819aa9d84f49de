/* Inside core only: what the catalogue's parser (catalogue_parse.c) and store
 * (catalogue_store.c) share. */
#ifndef BM_CATALOGUE_INTERNAL_H
#define BM_CATALOGUE_INTERNAL_H

#include <stddef.h>
#include "core/actor.h"
#include "core/db.h"

/* 1 when s is a well-formed matter or bundle code. */
int bm_catalogue_valid_code(const char *s);

/* Retires a matter inside the caller's transaction, permission already checked: *did 1 when
 * it was retired now, 0 when it already was; name gets the matter's name. BM_ENOTFOUND when
 * the catalogue has no such matter. */
int bm_matter_retire_tx(bm_db *db, const bm_actor *who, const char *code, const char *reason,
                        char *name, size_t name_cap, int *did, bm_err *err);

#endif
