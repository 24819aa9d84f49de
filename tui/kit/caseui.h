/* Words and small pieces the case screens share: status, channel, step and rating names as the
 * UI shows them, the days-left cell with its marks (! overdue, * due soon), dates, staff names,
 * and core's refusals put on the message line. */
#ifndef TUI_CASEUI_H
#define TUI_CASEUI_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "core/case.h"
#include "tui/session/app.h"

/* Translated names. */
const char *ui_status(int status);
const char *ui_channel(int channel);
const char *ui_verb(int verb);
const char *ui_rating(int rating);
/* What a history line's action was ("intake", a verb name, "take", "note" ...). */
const char *ui_history_action(const char *action);

/* The days-left cell of a list row: "-2 !" overdue, "1 *" due soon, "5", "paused" while
 * waiting for corrections, "on time"/"late" once done, "" without a deadline. *mark gets the
 * fm_list mark (FM_MARK_ALERT overdue, FM_MARK_WARN due soon). */
const char *ui_days_left(int clock, int days_left, char *buf, size_t cap, int *mark);

/* "promised 5 working days" / "promised: immediate". */
const char *ui_promise(int days, char *buf, size_t cap);

/* Colour pairs for deadline marks, where the terminal has colour (the marks ! and * carry the
 * meaning without it). ui_colour_pair() returns 0 when there is no colour. */
enum { UI_PAIR_OVERDUE = 9, UI_PAIR_DUE_SOON = 10 };
int ui_colour_pair(int clock);

/* "YYYY-MM-DD HH:MM" in Beijing time. */
void ui_time(time_t t, char out[17]);
/* Today in Beijing time, "YYYY-MM-DD". */
void ui_today(char out[11]);

/* The display name of a member of staff by id (cached per call site by the caller), or the
 * login when the account cannot be read. */
void ui_staff_name(app *a, int64_t user_id, const char *login, char *out, size_t cap);

/* Puts core's refusal on the message line (reverse video): the translated reason, then the
 * untranslated detail when there is one. */
void ui_error(app *a, const bm_err *e);

/* The steps of a case besides the status machine's verbs (BM_DO_*). */
enum { STEP_TAKE = BM_STEP_TAKE, STEP_NOTE = BM_STEP_NOTE, STEP_RATE = BM_STEP_RATE };

/* A step's label (translated): a verb of the status machine or one of STEP_*. */
const char *case_step_label(int step);

/* What case_steps_offer looks at: the user and the case. */
struct case_offer {
    app *a;
    const bm_case *c;
};

/* The steps core allows this user on the case now, in core's order (a steps_fill callback,
 * ctx a struct case_offer). */
struct steps_menu;
void case_steps_offer(void *ctx, struct steps_menu *m);

/* The material's form and count, "original x1" / "copy x2" (translated). */
const char *ui_material_form(const bm_material *m, char *buf, size_t cap);

/* Copies src into dst, cut (at a character boundary) to fit cap bytes with the NUL. */
void ui_copy(char *dst, size_t cap, const char *src);

/* Copies utf8 into out padded with spaces to exactly cols columns (clipped when longer). */
void ui_pad(const char *utf8, int cols, char *out, size_t cap);

#endif
