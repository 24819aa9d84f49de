/* End-to-end test harness, inside view: what the harness's own files (harness*.c) share and
 * tests never use: timeouts, growing byte buffers, the server and terminal records, the state
 * of everything open, and the helpers each part lends the others. Tests include harness.h. */
#ifndef BIANMIN_TESTS_E2E_HARNESS_INTERNAL_H
#define BIANMIN_TESTS_E2E_HARNESS_INTERNAL_H

#include "tests/e2e/harness.h"

#include <iconv.h>
#include <stddef.h>
#include <sys/types.h>

#include <libssh/libssh.h>
#include <vterm.h>

enum {
    START_TIMEOUT_MS = 20000,   /* serve until "listening on" */
    STOP_TIMEOUT_MS = 20000,    /* SIGTERM until exit, then SIGKILL */
    RUN_TIMEOUT_MS = 60000,     /* init and other one-off subcommands */
    SSH_TIMEOUT_S = 20,         /* libssh's limit for each blocking step */
    PUMP_STEP_MS = 20,          /* how often waits re-check their condition */
    LOG_TAIL_LINES = 20,        /* server log lines shown with a failure */
};

/* ---- Small utilities (harness.c) -------------------------------------------------------- */

typedef struct bytes {
    char *p;
    size_t n, cap;
} bytes;

void oom(void) __attribute__((noreturn));
void bytes_add(bytes *b, const void *data, size_t n);
void bytes_addf(bytes *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the contents over as a NUL-terminated string (never NULL) and empties b. */
char *bytes_take(bytes *b);
void bytes_free(bytes *b);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long long now_ms(void);
void sleep_ms(int ms);
/* Prints text as TAP comments: every line gets "# ". */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int env_flag(const char *name);
int decode_status(int wstatus);
char *read_file(const char *path);
/* The last `lines` lines of text, pointing into it. */
const char *tail_lines(const char *text, int lines);

/* ---- Global state: everything open, for pumping and for the clean-up at exit ------------- */

struct bmt_server {
    bmt_server *next;
    pid_t pid;
    int port;
    int failed;          /* a wait timed out or the test said so: keep the data dir */
    char *dir;
    char *log_path;
    char *db_url;        /* the database init and serve are given; NULL: the data dir's file */
};

struct bmt_term {
    bmt_term *next;
    bmt_server *server;  /* NULL offline, or once the server was stopped */
    char label[96];      /* "clerk xterm 80x24", for messages */
    ssh_session session; /* NULL offline */
    ssh_channel channel;
    int in_event;        /* its session is in g.event (pumped) */
    int vanished;
    int closed;          /* the server closed the channel or the connection dropped */
    VTerm *vt;
    VTermScreen *screen;
    bytes received;      /* every byte from the server */
    bytes sent;          /* every byte to the server */
    bytes replies;       /* VTerm's answers not yet sent */
    bytes *capture;      /* when set, VTerm output goes here instead (key encoding) */
    char *text;          /* cached screen text; NULL when the screen changed */
    long long last_rx_ms;
    iconv_t decode;      /* terminal charset → UTF-8 for the emulator, or (iconv_t)-1 */
    iconv_t encode;      /* UTF-8 → terminal charset for typed text, or (iconv_t)-1 */
    unsigned char pending[8];   /* a character cut between two packets */
    size_t npending;
    int mute;            /* answers no queries */
};

struct harness_state {
    int ready;
    ssh_event event;
    int event_sessions;
    bmt_term *terms;
    bmt_server *servers;
};
extern struct harness_state g;

/* Once per process: libssh, OpenSSL, SIGPIPE and the clean-up at exit. */
void harness_init(void);

/* ---- Child processes (harness.c) -------------------------------------------------------- */

/* Forks and execs argv (PATH searched), stdin from /dev/null, stdout+stderr to out_fd. */
pid_t spawn(char *const argv[], int out_fd);
/* Waits for pid up to timeout_ms (pumping the terminals when pump_terms); then SIGKILL. */
int wait_child(pid_t pid, int timeout_ms, int pump_terms);
/* Runs argv to completion (timeout_ms), collecting stdout+stderr. Returns its status. */
int run_capture(char *const argv[], char **output, int timeout_ms);
const char *bianmin_bin(void);

/* ---- The server (harness_server.c) ------------------------------------------------------ */

void print_log_tail(const bmt_server *s, int lines);

/* ---- The demo county on PostgreSQL (harness_pg.c) --------------------------------------- */

/* Puts a copy of the demo county made once for this clock in the database db_url names, its
 * audit key and head in data_dir: 0, -1 failed (said), 1 when there is no master to copy
 * (BIANMIN_TEST_PG_SHARED unset): then init makes it. */
int pg_demo_copy(const char *db_url, const char *data_dir);
/* A PostgreSQL URL with its database name replaced by name (caller frees). */
char *pg_url_with_db(const char *url, const char *name);

/* ---- SSH sessions (harness_ssh.c) ------------------------------------------------------- */

/* Waits a little for the half-made session ss, pumping the open terminals meanwhile. Returns 0,
 * or -1 once deadline has passed. */
int step_wait(ssh_session ss, long long deadline);
/* Connects and authenticates one session, non-blocking, by deadline; NULL with *why set. */
ssh_session open_session(const bmt_server *s, const char *user, const char *password,
                         const char *keyfile, long long deadline, char **why);

/* ---- Terminals (harness_term.c) --------------------------------------------------------- */

bmt_term *term_new(int cols, int rows);
/* One channel write of exactly these bytes; offline it is only recorded. 0 or -1. */
int term_write(bmt_term *t, const void *data, size_t n);
/* Typed text in the terminal's charset (keys are ASCII and pass unchanged). */
void encode_typed(bmt_term *t, bytes *b);
/* Moves whatever every session has buffered into its emulator. Returns the bytes taken. */
size_t drain_all(void);
/* Takes in what has arrived; if nothing had, waits up to timeout_ms for more. */
void pump_all(int timeout_ms);

#endif
