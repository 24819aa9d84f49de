/* Words the proxy-request screens share (代办件): a request's stage and the next thing to do,
 * how it came, how the person was told, and the name of each move, as the UI shows them. */
#ifndef TUI_PROXYUI_H
#define TUI_PROXYUI_H

/* Translated; "" for a value with no word. */
const char *proxy_stage_word(int stage);
const char *proxy_next_word(int stage);
const char *proxy_came_word(int came);
const char *proxy_told_word(int how);
const char *proxy_move_word(int move);
/* The msgid of how a request came, for paper printed in Chinese whatever the UI language. */
const char *proxy_came_msgid(int came);

#endif
