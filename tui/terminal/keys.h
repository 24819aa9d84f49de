/* The per-session key decoder: terminal bytes (UTF-8) in, key events out. It knows xterm,
 * PuTTY (ESC[11~), the Linux console (ESC[[A), vt100/vt220 keypads, CR/LF, BS/DEL and UTF-8,
 * and reads Esc followed by a digit as F1…F10 (Esc 0 = F10). What a terminal answers rather
 * than types (cursor-position reports outside a probe, device attributes, OSC/DCS/APC/PM
 * strings) is dropped whole. An incomplete sequence waits for its own session's timer, never
 * for the process. */
#ifndef TUI_KEYS_H
#define TUI_KEYS_H

#include <stddef.h>
#include <stdint.h>
#include "forms/key.h"

#define KEYDEC_ESC_TIMEOUT_MS 800   /* a lone Esc becomes "cancel" after this */

typedef void (*keydec_emit_fn)(void *ctx, fm_key k);
/* A cursor-position report (ESC [ row ; col R), answered by the terminal to a probe. */
typedef void (*keydec_report_fn)(void *ctx, int row, int col);

typedef struct keydec {
    unsigned char buf[64];   /* bytes of an incomplete sequence */
    size_t len;
    int64_t since_ms;        /* when buf last became non-empty */
    int after_cr;            /* swallow the LF of a CR LF */
    int expect_reports;      /* > 0 while a probe waits: ESC[n;mR is a report, not Shift-F3 */
    int dropping;            /* inside a terminal's string answer (OSC, DCS…) or the rest of an
                                overlong CSI: bytes are dropped up to its end (enum in keys.c) */
    int esc_pair;            /* the buffer starts with the second Esc of Esc Esc: no key itself */
    keydec_emit_fn emit;
    keydec_report_fn report;
    void *ctx;
} keydec;

void keydec_init(keydec *d, keydec_emit_fn emit, keydec_report_fn report, void *ctx);
void keydec_feed(keydec *d, const void *bytes, size_t n, int64_t now_ms);
/* The time (ms) at which keydec_tick must run, or -1 when nothing waits. */
int64_t keydec_deadline(const keydec *d);
/* Resolves a waiting sequence once its time has come (a lone Esc becomes FM_KEY_ESC). */
void keydec_tick(keydec *d, int64_t now_ms);

#endif
