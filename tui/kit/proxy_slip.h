/* The papers of a proxy request (代办件) for the person, as plain text for an 80-column printer:
 * the 代办受理单 (the slip the agent hands over when taking a request: its number, what was
 * taken, the agent's name and phone, and when the person will hear back) and the one-time
 * notice of a request the township sent back (what is missing, all at once). Always in
 * Chinese; the ID number masked. Made again from the request whenever shown or printed. */
#ifndef TUI_PROXY_SLIP_H
#define TUI_PROXY_SLIP_H

#include "core/proxy.h"

enum proxy_paper {
    PROXY_SLIP = 1,      /* 代办受理单 */
    PROXY_NOTICE         /* 一次性告知书 of a request sent back */
};

/* The paper's text (lines ending in '\n', none wider than 78 columns), malloc'd; NULL with
 * err set when core refuses to read what it needs. */
char *proxy_paper_text(bm_db *db, const bm_actor *who, const bm_proxy *p, int kind,
                       bm_err *err);
/* The hand-over list of a trip to the township (移交清单): every request travelling, with the
 * materials and the originals to come back, and the lines the centre signs on receipt. */
char *proxy_handover_text(const bm_proxy *rows, int n, bm_err *err);
#define PROXY_HANDOVER 3

/* Its title in the current UI language. */
const char *proxy_paper_title(int kind);

#endif
