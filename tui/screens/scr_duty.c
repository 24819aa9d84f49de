/* Who is on duty, as every screen says it: the duty line of the home screen ("今日值班: 孙磊
 * 18781837702") and the people of a shift. The roster itself is scr_roster.c. */
#include "tui/screens/duty.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"
#include "core/authz.h"
#include "core/date.h"
#include "core/roster.h"

#include <stdio.h>
#include <string.h>

const char *duty_weekday(int weekday)
{
    static const char *const names[] = {
        N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"),
    };
    return weekday >= 0 && weekday < 7 ? _(names[weekday]) : "";
}

void duty_shift_people(const bm_shift *s, char *buf, size_t cap)
{
    if (s->second_id)
        snprintf(buf, cap, "%s %s, %s", s->name, s->phone, s->second_name);
    else
        snprintf(buf, cap, "%s %s", s->name, s->phone);
}

static int64_t user_centre(app *a)
{
    bm_place p;
    if (bm_actor_place(a->db, &a->actor, &p, NULL) != BM_OK)
        return 0;
    return p.centre_id;
}

void duty_today_line(app *a, char *buf, size_t cap)
{
    buf[0] = '\0';
    int64_t centre = user_centre(a);
    if (!centre)
        return;
    time_t now = bm_now();
    bm_shift s;
    int found, on_now;
    bm_err err;
    if (bm_roster_on_duty(a->db, centre, now, &s, &found, &on_now, &err) != BM_OK) {
        snprintf(buf, cap, "%s", _(err.reason));
        return;
    }
    if (!found || (!on_now && s.day != bm_day_of(now))) {
        snprintf(buf, cap, "%s", _("On duty today: nobody on the roster"));
        return;
    }
    char people[160];
    duty_shift_people(&s, people, sizeof people);
    snprintf(buf, cap, _("On duty today: %s"), people);
}
