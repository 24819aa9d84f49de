/* Pages that start from a person (see applicant_page.h). */
#include "tui/kit/applicant_page.h"
#include "tui/session/i18n.h"

int applicant_page_ready(applicant_block *b)
{
    int r = fm_form_check_all(b->form);
    if (r < 0)
        app_message(b->a, 1, "%s", b->form->why);
    if (r != 0)
        return -1;   /* refused, or a check took over (a chooser opened) */
    if (b->registering && applicant_block_register(b) != 0)
        return -1;
    if (!b->ap.id) {
        int i = fm_form_find(b->form, "find");
        if (i >= 0)
            fm_form_focus(b->form, i);
        app_message(b->a, 1, "%s", _("Find or register the applicant first."));
        return -1;
    }
    return 0;
}

void applicant_page_new(applicant_block *b)
{
    char typed[256];
    fm_form_value(b->form, "find", typed, sizeof typed);
    applicant_block_start(b, b->ap.id ? "" : typed);
    app_message(b->a, 0, "%s", _("New applicant: the ID number and phone are checked as each "
                                 "field is left."));
}
