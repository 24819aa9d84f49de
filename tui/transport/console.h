/* `bianmin console`: the UI on the local terminal for the admin at the server's keyboard. */
#ifndef TUI_CONSOLE_H
#define TUI_CONSOLE_H

int console_run(const char *data_dir, const char *login);

#endif
