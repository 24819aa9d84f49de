/* The home screen's notes, in the order they are drawn upward from the prompt (see home_notes.h). */
#include "tui/kit/home_notes.h"
#include "tui/screens/admin.h"
#include "tui/screens/duty.h"
#include "tui/screens/orders.h"
#include "tui/screens/sup.h"

const home_note_fn home_notes[HOME_NOTES_MAX + 1] = {
    duty_today_line,
    desk_home_line,
    orders_reminder_line,
    handover_unread_line,
    admin_calendar_note,
    NULL,
};
