/* The parts of the intake screen (BM210) share its state: the screen (scr_intake.c), the
 * matter or bundle with its situations and materials (intake_matter.c), and accepting
 * (intake_accept.c). */
#ifndef TUI_SCREENS_INTAKE_H
#define TUI_SCREENS_INTAKE_H

#include "core/case.h"
#include "core/catalogue.h"
#include "forms/dialog.h"
#include "forms/form.h"
#include "tui/kit/applicant_block.h"
#include "tui/kit/pick.h"
#include "tui/session/app.h"

#define PLAN_MAX 64
#define COMMIT_DEFAULT_DAYS 5     /* working days a promise to bring materials gets by default */

typedef struct bundle_item {
    char code[24];
    char name[192];
    int promised;
} bundle_item;

typedef struct intake_state {
    app *a;
    fm_form form;
    char lang[16];
    applicant_block ab;          /* the applicant: chosen or being registered */
    /* the matter or bundle */
    char code[24];
    int is_bundle;
    bm_matter *matter;
    bm_bundle bundle;
    bundle_item items[BM_BUNDLE_MATTERS];
    int nitems;
    int promised;
    bm_material plan[PLAN_MAX];
    int nplan;
    char deadline[11];           /* what accepting today would promise */
    /* required materials missing: the notice-or-commitment choice is on the page */
    int deciding;
    int commit_ok;
    char missing[512];
    fm_dialog dialog;
    int confirm;
} intake_state;

/* The screen (scr_intake.c): a field's value, the focus, the page built again with typed
 * values kept (drop_matter_fields forgets the answers and ticks of a matter no longer
 * chosen), and the page emptied for the next applicant. */
const char *intake_value(intake_state *s, const char *name, char *buf, size_t cap);
void intake_focus(intake_state *s, const char *name);
void intake_rebuild(intake_state *s, const char *focus, int drop_matter_fields);
void intake_reset(intake_state *s);

/* The matter (intake_matter.c). Its fields: situations "s1".., materials "m:<name>", and the
 * decision fields that follow from them. */
int intake_is_matter_field(const char *name);
void intake_material_field_name(const bm_material *m, char *out, size_t cap);
/* The situation answers as core wants them, "YN..." */
void intake_answers(intake_state *s, char out[BM_MATTER_SITUATIONS + 1]);
/* The material plan for the current answers, and the date accepting today would promise. */
void intake_replan(intake_state *s);
int intake_build_matter_info(intake_state *s, int row);
int intake_build_materials(intake_state *s, int row);
int intake_choose_matter(intake_state *s, const char *code, int is_bundle, bm_err *err);
int intake_leave_matter(intake_state *s, fm_form_item *it, char *why, size_t cap);
int intake_leave_answer(intake_state *s, fm_form_item *it, char *why, size_t cap);
int intake_leave_tick(intake_state *s, fm_form_item *it, char *why, size_t cap);
/* BM212, the catalogue by department. */
extern const pick_spec intake_matter_pick;

/* F2 (intake_accept.c): checks the page, registers a new applicant, and accepts, or asks
 * for the notice-or-commitment choice when required materials are missing. */
void intake_accept(intake_state *s);

#endif
