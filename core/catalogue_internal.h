/* Inside core only: what the catalogue's parser (catalogue_parse.c) and store
 * (catalogue_store.c) share. */
#ifndef BM_CATALOGUE_INTERNAL_H
#define BM_CATALOGUE_INTERNAL_H

/* 1 when s is a well-formed matter or bundle code. */
int bm_catalogue_valid_code(const char *s);

#endif
