/* The applicant block: find the applicant by ID number, phone, name or pinyin initials, or
 * register them on the spot. Intake uses it; village-agent intake, work orders and
 * appointments will too. Its fields (find; id_no, name, phone, village, group, lang, flags
 * while registering) live on the owner's form. */
#ifndef TUI_APPLICANT_BLOCK_H
#define TUI_APPLICANT_BLOCK_H

#include <stdint.h>
#include "core/applicant.h"
#include "forms/form.h"
#include "tui/session/app.h"

#define AB_MAX_VILLAGES 32
/* From applicant_block_leave / _choose: the item is not one of the block's. */
#define AB_NOT_MINE (-100)

typedef struct ab_place {
    int64_t id;
    char name[128];
} ab_place;

typedef struct applicant_block {
    app *a;
    fm_form *form;                     /* the owner's page */
    ab_place villages[AB_MAX_VILLAGES];   /* of the user's centre */
    int nvillages;
    bm_applicant ap;                   /* the applicant chosen (ap.id != 0) */
    int registering;                   /* a new applicant is being typed */
    /* The owner builds its page again, typed values kept, the focus on `focus` (NULL: where
     * it was). */
    void (*rebuild)(void *owner, const char *focus);
    /* An applicant was found, chosen from the list, or is already registered: move on. */
    void (*chosen)(void *owner);
    void *owner;
} applicant_block;

/* Reads the villages of the user's centre. */
void applicant_block_init(applicant_block *b, app *a, fm_form *form, void *owner,
                          void (*rebuild)(void *owner, const char *focus),
                          void (*chosen)(void *owner));
/* Forgets the applicant (the owner builds its page afterwards). */
void applicant_block_reset(applicant_block *b);
/* Adds the block's fields from row on (labels label_cols wide); returns the next free row. */
int applicant_block_build(applicant_block *b, int row, int label_cols);
/* Whether anything was typed or chosen. */
int applicant_block_typed(applicant_block *b);
/* The check on leaving one of the block's fields (an FM_LEAVE_* result), or AB_NOT_MINE. */
int applicant_block_leave(applicant_block *b, fm_form_item *it, char *why, size_t cap);
/* F4 on one of the block's fields: FM_HANDLED, or AB_NOT_MINE. */
int applicant_block_choose(applicant_block *b, int item);
/* Starts registering a new applicant, with what was typed to find them put where it belongs. */
void applicant_block_start(applicant_block *b, const char *typed);
/* Registers the applicant being typed: 0, or -1 with the reason on the message line and the
 * cursor on the field at fault. */
int applicant_block_register(applicant_block *b);

#endif
