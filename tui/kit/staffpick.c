/* The staff chooser and the words of a whereabouts note (see staffpick.h). */
#include "tui/kit/staffpick.h"
#include "core/date.h"
#include "core/whereabouts.h"
#include "tui/kit/pick.h"
#include "tui/session/i18n.h"

#include <stdio.h>
#include <string.h>

void staff_where_text(int kind, const char *place, time_t back_at, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (!kind)
        return;
    int m = bm_minute_of(back_at);
    char back[24];
    if (bm_day_of(back_at) == bm_day_of(bm_now())) {
        snprintf(back, sizeof back, "%02d:%02d", m / 60, m % 60);
    } else {
        int y, mo, d;
        bm_day_to_ymd(bm_day_of(back_at), &y, &mo, &d);
        snprintf(back, sizeof back, "%02d-%02d %02d:%02d", mo, d, m / 60, m % 60);
    }
    snprintf(buf, cap, _("%s %s back %s"), _(bm_where_kind_label(kind)), place ? place : "",
             back);
}

struct fill {
    pick_rows *out;
    const char *filter;
};

static int add_staff(const bm_staff *s, void *ctx)
{
    struct fill *f = ctx;
    if (f->filter[0] && !strstr(s->name, f->filter) && !strstr(s->login, f->filter))
        return 0;
    char where[160];
    staff_where_text(s->where.kind, s->where.place, s->where.back_at, where, sizeof where);
    return pick_add(f->out, s->login, s->name, s->login, app_role_label(s->role), s->phone,
                    where) != 0;
}

static void fill(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)ctx;
    struct fill f = {out, filter};
    bm_staff_of_centre(a->db, &a->actor, add_staff, &f, NULL);
}

static void chosen(app *a, void *ctx, const char *key)
{
    staff_pick *p = ctx;
    pick_set_field(a, p->form, p->field, key);
}

static const fm_column cols[] = {
    { N_("Name"), 8, 0 }, { N_("Login"), 10, 0 }, { N_("Role"), 10, 0 }, { N_("Phone"), 12, 0 },
    { N_("Whereabouts"), 30, 0 },
};

static const pick_spec spec = { cols, 5, N_("Type part of a name or login"), fill, chosen };

void staff_pick_open(app *a, staff_pick *p, fm_form *form, const char *field)
{
    p->form = form;
    snprintf(p->field, sizeof p->field, "%s", field);
    pick_open(a, &screen_pick_list, &spec, p, "");
}
