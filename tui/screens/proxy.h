/* Ways into the proxy-request screens (代办件) from the ledger (BM250) and the centre's list of
 * forwarded requests (BM253), and into a person of the special-group ledger (BM254). */
#ifndef TUI_SCREENS_PROXY_H
#define TUI_SCREENS_PROXY_H

#include <stdint.h>
#include "core/proxy.h"
#include "tui/session/app.h"

/* BM252: one request with what the user can do on it now; a request core does not let the
 * user see stays closed, core's reason on the message line. */
void proxy_request_open(app *a, int64_t id);
/* BM240 with the request's paper for the person: the one-time notice while the township has
 * sent it back, else its receipt (代办受理单); F9 prints it. */
void proxy_paper_open(app *a, const bm_proxy *p);

/* BM255: a person of the special-group ledger, their visits and today's to log; applicant_id 0
 * pairs someone new. */
void special_person_open(app *a, int64_t applicant_id);

#endif
