/* End-to-end test harness: starts the real `bianmin serve` on a free loopback port with a
 * throwaway data directory, drives it over real SSH (libssh client sessions), and reads what a
 * person would see through a real terminal emulator (libvterm), so tests assert on the screen.
 *
 * Conventions:
 * - Rows and columns are 0-based screen cells (row 0 is the title line).
 * - Functions returning int give 1/0 for yes/no questions, 0/-1 for success/failure, and write
 *   a "# ..." line (a TAP comment) to stderr whenever something fails, so a failing test's log
 *   says why without a debugger.
 * - Every wait pumps every open terminal, not only the one waited on, so idle sessions keep
 *   answering the server's keepalives while a test watches another one.
 * - Whatever a test leaves open (it failed an assert and jumped out) is closed at exit; a server
 *   still running then is stopped and its data directory kept for the post-mortem.
 *
 * Environment: BIANMIN_BIN (binary under test; default build/bianmin), BIANMIN_WRAPPER (prefix
 * for the serve command, e.g. "valgrind --error-exitcode=99"), BMT_KEEP=1 (keep data dirs),
 * BMT_VERBOSE=1 (echo the server log as TAP comments when a server stops), BMT_SSH_LOG=N
 * (libssh's client log level, to stderr).
 *
 * A test, in tests/e2e/e2e_NAME.c (cmocka):
 *
 *     bmt_server *s = bmt_server_start(NULL);
 *     assert_non_null(s);
 *     char *why = NULL;
 *     bmt_term *t = bmt_connect(s, &(bmt_login){.user = "clerk", .password = "demo"}, &why);
 *     assert_non_null(t);
 *     assert_true(bmt_wait_text(t, "首页", 5000));
 *     assert_int_equal(bmt_send_keys(t, "Esc 1"), 0);
 *     assert_true(bmt_wait_text(t, "帮助", 5000));
 *     bmt_close(t);
 *     assert_int_equal(bmt_server_stop(s), 0);
 *
 * To check that something does NOT appear, let the screen settle (bmt_wait_quiet) and look at
 * bmt_screen_text: a timed-out bmt_wait_text counts as a failure (it dumps the screen and keeps
 * the server's data dir). */
#ifndef BIANMIN_TESTS_E2E_HARNESS_H
#define BIANMIN_TESTS_E2E_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

/* ---- The server under test -------------------------------------------------------------- */

typedef struct bmt_server bmt_server;

/* Makes a temp data dir, runs `BIANMIN_BIN init --demo --data DIR`, picks a free loopback port,
 * starts `[BIANMIN_WRAPPER] BIANMIN_BIN serve --listen 127.0.0.1 --port P --data DIR extra_args...`
 * with stdout and stderr going to DIR/server.log, and waits (20 s) for "listening on" in it.
 * extra_args is NULL-terminated, or NULL. Returns NULL (reason on stderr) on failure. */
bmt_server *bmt_server_start(const char *const *extra_args);

/* A second server process on the first one's database (another host in a cluster): a data
 * directory of its own with copies of the first's audit key, audit head and host key, its own
 * free port and log. NULL (reason on stderr) on failure. */
bmt_server *bmt_server_start_beside(bmt_server *first, const char *const *extra_args);

/* SIGTERM, wait up to 20 s (then SIGKILL), and free. Returns the exit status (128+N when killed
 * by signal N, -1 when it could not be waited for). The data dir is removed unless the status is
 * not 0, a wait on one of its terminals timed out, bmt_server_note_failure was called, or
 * BMT_KEEP=1; a kept dir is named in a TAP comment. */
int bmt_server_stop(bmt_server *s);

int bmt_server_port(const bmt_server *s);
pid_t bmt_server_pid(const bmt_server *s);
const char *bmt_server_datadir(const bmt_server *s);
/* The server's database as bm_store_open takes it: its own database on the PostgreSQL server
 * BIANMIN_TEST_PG names when that is set (the demo county made there by init, or with
 * BIANMIN_TEST_PG_MIGRATE=1 made on SQLite and moved by `bianmin migrate`), else bianmin.db
 * in the data directory. */
const char *bmt_server_db(const bmt_server *s);
/* 1 when the servers this process starts keep their data on PostgreSQL (BIANMIN_TEST_PG), for
 * the checks that are about SQLite's own file and so run on SQLite only. */
int bmt_on_postgresql(void);
long bmt_server_rss_kb(const bmt_server *s);   /* VmRSS in kB, -1 if unreadable */

/* 1 when text appears in server.log within timeout_ms, 0 otherwise (the log tail is then
 * printed). Terminals are pumped while waiting. */
int bmt_server_log_wait(bmt_server *s, const char *text, int timeout_ms);

/* The whole server.log so far (caller frees), or NULL. */
char *bmt_server_log(const bmt_server *s);

/* Marks the server's test as failed, so bmt_server_stop keeps its data dir. */
void bmt_server_note_failure(bmt_server *s);

/* Runs `BIANMIN_BIN args... --data DIR` (and `--db URL` on PostgreSQL; 60 s limit) and returns
 * its exit status (128+N on signal N, -1 if it could not be run); *output (if output != NULL)
 * gets stdout and stderr together, caller frees. */
int bmt_run_bianmin(bmt_server *s, const char *const *args, char **output);

/* ---- A terminal: one SSH session with a pty, rendered by libvterm --------------------------- */

typedef struct bmt_term bmt_term;

typedef struct bmt_login {
    const char *user;
    const char *password;       /* used when keyfile is NULL */
    const char *keyfile;        /* OpenSSH private key file: public-key auth instead */
    const char *term;           /* TERM sent in the pty request; NULL = "xterm" */
    int cols, rows;             /* 0 = 80 x 24 */
    const char *const *env;     /* {"LANG", "zh_CN.GBK", ..., NULL}, or NULL */
    const char *charset;        /* the terminal's charset ("GBK", "GB18030", "BIG5" …) as an
                                 * old Windows emulator would have it: what the server sends
                                 * is decoded from it before the emulator sees it (a byte it
                                 * cannot decode shows as '?'), and typed text is encoded to
                                 * it; NULL = UTF-8 */
    int mute;                   /* the terminal answers no queries (no cursor reports), as
                                 * some thin terminals do */
} bmt_login;

/* Connects as login->user, authenticates, opens a session channel, requests a pty, sends the env
 * pairs (a refused env request is reported, not fatal, as with OpenSSH) and starts a shell.
 * On failure returns NULL and, if why != NULL, a reason in *why (caller frees) that includes
 * the server's userauth banner when one was sent. */
bmt_term *bmt_connect(bmt_server *s, const bmt_login *login, char **why);

/* A terminal with no connection: bytes come from bmt_feed and whatever it would send (keys,
 * terminal replies) is only recorded (bmt_sent_bytes). For testing the harness itself. */
bmt_term *bmt_term_offline(int cols, int rows);
void bmt_feed(bmt_term *t, const void *bytes, size_t n);

/* Key spec: space-separated tokens.
 *   F1..F12          xterm: F1-F4 ESC O P..S, F5 ESC[15~, F6 [17~ .. F10 [21~, F11 [23~, F12 [24~
 *   putty:F1..F12    PuTTY's default ESC[11~ .. ESC[14~ for F1-F4, as xterm above
 *   linux:F1..F12    Linux console ESC[[A .. ESC[[E for F1-F5, as xterm above
 *   vt100:F1..F4     PF1-PF4 (ESC O P..S); a vt100 has no F5 and up (an error)
 *   Esc Tab BTab Enter Bksp     ESC, HT, ESC[Z, CR, DEL (0x7f)
 *   Up Down Left Right Home End ESC[A.. / ESC[H ESC[F, or ESC O A.. when the screen has set
 *                    application cursor mode (DECCKM), exactly as xterm does
 *   PgUp PgDn Ins Del           ESC[5~ ESC[6~ ESC[2~ ESC[3~ (putty: and linux: Home/End ESC[1~ ESC[4~)
 *   C-a..C-z         0x01..0x1a
 *   0..9             that digit ("Esc 3" is Esc then '3')
 *   "text"           UTF-8 text, spaces allowed, \" and \\ escaped
 * Anything else (a bare word, an unknown key) is an error: -1 and nothing is sent.
 * bmt_send_keys writes the whole spec in one channel write; bmt_send_keys_slow writes token by
 * token with gap_ms between them (pumping meanwhile). Both return 0 or -1. */
int bmt_send_keys(bmt_term *t, const char *spec);
int bmt_send_keys_slow(bmt_term *t, const char *spec, int gap_ms);
int bmt_send_raw(bmt_term *t, const void *bytes, size_t n);  /* exactly these bytes, one write */
/* Switches the emulated terminal's charset (as a user would in PuTTY's settings); NULL or
 * "UTF-8" = none. 0, or -1 when iconv does not know it. */
int bmt_set_charset(bmt_term *t, const char *charset);

/* Waits: each pumps input into the emulator until the condition holds.
 * bmt_wait_text / bmt_wait_gone return 1 when the UTF-8 text is / is no longer on the screen,
 * 0 on timeout, after printing the screen (and the server log tail) as TAP comments.
 * bmt_wait_quiet returns 1 once no byte has arrived for quiet_ms, 0 if output kept coming.
 * bmt_closed returns 1 once the server has closed the channel or the connection. */
int bmt_wait_text(bmt_term *t, const char *utf8, int timeout_ms);
int bmt_wait_gone(bmt_term *t, const char *utf8, int timeout_ms);
int bmt_wait_quiet(bmt_term *t, int quiet_ms, int timeout_ms);
int bmt_closed(bmt_term *t, int timeout_ms);

/* Pumps every open terminal for ms milliseconds: an idle pause that still answers keepalives. */
void bmt_pump(int ms);

/* The screen as text: rows joined by '\n', UTF-8, a double-width character once (no padding
 * for its second cell), trailing spaces trimmed per row. Caller frees. NULL if row is out of
 * range. */
char *bmt_screen_text(bmt_term *t);
/* 1 when the UTF-8 text is on the screen now (no waiting). */
int bmt_screen_has(bmt_term *t, const char *utf8);
/* The key of the numbered menu line that reads label ("  3  办结" gives '3'), or 0 (the
 * screen is then dumped) when no line reads so. */
char bmt_menu_key(bmt_term *t, const char *label);
char *bmt_screen_row(bmt_term *t, int row);
void bmt_screen_dump(bmt_term *t, const char *headline);  /* the screen as TAP comments */

int bmt_cursor(bmt_term *t, int *row, int *col);             /* 0, or -1 */
int bmt_cell_attr(bmt_term *t, int row, int col, int *reverse, int *bold);  /* 0, or -1 off-screen */
int bmt_size(bmt_term *t, int *cols, int *rows);

/* Sends a window-change request and resizes the emulator. 0 or -1. */
int bmt_resize(bmt_term *t, int cols, int rows);

size_t bmt_raw_output(bmt_term *t, const char **bytes);  /* every byte received so far */
size_t bmt_sent_bytes(bmt_term *t, const char **bytes);  /* every byte sent: keys and replies */

/* The server's host key as OpenSSH prints it ("SHA256:..."), caller frees; NULL offline. */
char *bmt_host_fingerprint(bmt_term *t);

/* Stops reading and answering entirely (no keepalive replies, no window adjust) while keeping
 * the socket open: to the server the client has vanished without a FIN. bmt_close frees it. */
void bmt_vanish(bmt_term *t);

/* Closes the channel and the connection as a client would, and frees. NULL is ignored. */
void bmt_close(bmt_term *t);

/* ---- One-shot requests the server must refuse ------------------------------------------------
 * Each logs in with a password on a fresh connection, makes one request, and returns 0 when it
 * was refused (request or channel open denied, a non-zero exit status, or the channel closed
 * with none), 1 when it was granted (exit status 0, or the channel still open after 5 s with no
 * exit status), -1 when the harness could not get that far (connect or login failed). *what
 * (if not NULL) gets what the client saw, caller frees: lines "request: ...", "stderr: ...",
 * "stdout: ...", "exit status: N", "channel: ...", "banner: ...". A server that sends its
 * reason and status but never closes the channel shows "channel: still open after 5 s". */
int bmt_try_exec(bmt_server *s, const char *user, const char *pw, const char *command, char **what);
int bmt_try_subsystem(bmt_server *s, const char *user, const char *pw, const char *subsystem,
                      char **what);
int bmt_try_forward(bmt_server *s, const char *user, const char *pw, char **what); /* ssh -L */
int bmt_try_x11(bmt_server *s, const char *user, const char *pw, char **what);     /* ssh -X */
int bmt_try_agent(bmt_server *s, const char *user, const char *pw, char **what);   /* ssh -A */

/* Makes an ed25519 key pair with libssh: the private key in OpenSSH format at *private_path
 * (mode 0600, inside dir) and the public key as an authorized_keys line "ssh-ed25519 AAAA...
 * bmt-test" in *public_line. Both caller frees. 0, or -1. */
int bmt_make_keypair(const char *dir, char **private_path, char **public_line);

#endif
