/* UI languages: message catalogues (compiled .po files) read at start-up, one language chosen
 * per session. glibc's gettext picks one language per process from the system locales, which
 * need not be generated on the machine; sessions here switch languages within one process. */
#ifndef TUI_I18N_H
#define TUI_I18N_H

/* Loads DIR/<lang>/LC_MESSAGES/bianmin.mo for every language found. DIR is, in order:
 * $BIANMIN_LOCALEDIR, <binary's dir>/locale (a build tree), <binary's dir>/../share/locale,
 * the compiled-in default. Returns the number of languages loaded. */
int i18n_init(void);
void i18n_free(void);
/* Selects the language for the strings that follow (the current session's): "zh_CN", "en".
 * Unknown or empty means the default, zh_CN. */
void i18n_use(const char *lang);
const char *i18n_current(void);
/* Whether a catalogue for lang was loaded. */
int i18n_has(const char *lang);
/* The translation of msgid in the current language, or msgid itself. */
const char *tr(const char *msgid);
/* The translation of msgid in the catalogue of lang, or NULL when that catalogue is missing
 * or does not translate it (printouts fall back to Chinese, not to the msgid). */
const char *tr_in(const char *lang, const char *msgid);

#define _(s) tr(s)
#ifndef N_
#define N_(s) (s)
#endif

#define I18N_DEFAULT "zh_CN"

#endif
