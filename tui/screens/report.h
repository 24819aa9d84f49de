/* The reports screen (BM600) counts a report a part at a time between keys: how long one
 * slice of counting may take before the screen shows how far it got and reads the keys. */
#ifndef TUI_SCREENS_REPORT_H
#define TUI_SCREENS_REPORT_H

/* Milliseconds (default 100): a report done within one slice never shows its progress; 0
 * counts one part per slice (the tests watch the progress that way). */
extern int report_slice_ms;

#endif
