/* bianmin catalogue: the shell twin of the admin's catalogue screens (BM940-BM946): list and
 * find, show a matter (as a block of the catalogue file), its versions and what changed
 * between two, edit fields (a new version), retire a matter, import a file (with --preview:
 * the new, changed and retired entries, nothing written). */
#include "tui/cli/cli.h"
#include "core/catalogue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int print_brief(const bm_matter_brief *m, void *ctx)
{
    (*(int *)ctx)++;
    if (m->is_bundle)
        printf("%-10s %-7s v%-3d %s\n", m->code, "bundle", m->version, m->name);
    else
        printf("%-10s %3d/%-3d v%-3d %s%s\n", m->code, m->promised_days, m->legal_days,
               m->version, m->name, m->retired ? "  (retired)" : "");
    return 0;
}

static void print_material(const char *key, const bm_material *m)
{
    printf("%s%s | %s | %d | %s%s\n", key, m->name, m->original ? "original" : "copy", m->copies,
           m->required ? "required" : "optional", m->commit_ok ? " | commit" : "");
}

/* The matter as a block of the catalogue file, after comment lines on its version. */
static void print_matter(const bm_matter *m, int retired, const bm_matter_retired_info *ri)
{
    char when[32], fee[24], flags[64];
    struct tm tm;
    time_t at = m->created_at;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime_r(&at, &tm));
    printf("# version %d%s, saved %s\n", m->version, m->current ? " (current)" : "", when);
    if (retired) {
        at = ri->at;
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime_r(&at, &tm));
        printf("# retired %s by %s: %s\n", when, ri->by[0] ? ri->by : "the shell", ri->reason);
    }
    printf("matter: %s\nname: %s\ntitle: %s\ndept: %s\nlevel: %s\ntype: %s\nbasis: %s\n"
           "legal: %d\npromised: %d\nfee: %s\n", m->code, m->name, m->title, m->dept, m->level,
           m->type, m->basis, m->legal_days, m->promised_days,
           bm_fee_text(m->fee_fen, fee, sizeof fee));
    if (m->fee_basis[0])
        printf("fee_basis: %s\n", m->fee_basis);
    if (m->flags)
        printf("flags: %s\n", bm_flag_names(m->flags, flags, sizeof flags));
    for (int i = 0; i < m->nmaterials; i++)
        print_material("material: ", &m->materials[i]);
    for (int i = 0; i < m->nsituations; i++) {
        printf("situation: %s\n", m->situations[i].question);
        for (int k = 0; k < m->situations[i].neffects; k++) {
            const bm_situation_effect *e = &m->situations[i].effects[k];
            if (e->add)
                print_material("  add: ", &e->material);
            else
                printf("  remove: %s\n", e->material.name);
        }
    }
}

struct find_version {
    int want;
    int64_t id;
    int count;
};

static int note_version(int64_t id, int version, void *ctx)
{
    struct find_version *f = ctx;
    f->count++;
    if (version == f->want)
        f->id = id;
    return 0;
}

/* The matter CODE as version `version` (0: the current one) into m. */
static int load_version(bm_db *db, const char *code, int version, bm_matter *m, bm_err *e)
{
    if (!version)
        return bm_matter_current(db, code, m, e);
    struct find_version f = {version, 0, 0};
    int rc = bm_matter_versions(db, code, note_version, &f, e);
    if (rc == BM_OK && !f.id)
        rc = bm_fail(e, BM_ENOTFOUND, N_("The catalogue has no such matter"), "%s version %d",
                     code, version);
    return rc == BM_OK ? bm_matter_by_id(db, f.id, m, e) : rc;
}

static int print_version(int64_t id, int version, void *ctx)
{
    bm_matter *m = malloc(sizeof *m);
    bm_err e;
    if (m && bm_matter_by_id(ctx, id, m, &e) == BM_OK)
        printf("version %-3d promised %-3d legal %-3d fee %-8s %s%s\n", version,
               m->promised_days, m->legal_days, bm_fee_text(m->fee_fen, (char[24]){0}, 24),
               m->name, m->current ? "  (current)" : "");
    free(m);
    return 0;
}

static void print_diff(const char *label, const char *before, const char *after, void *ctx)
{
    (void)ctx;
    printf("%s: %s -> %s\n", label, before[0] ? before : "-", after[0] ? after : "-");
}

static int print_change(const char *kind, const char *code, const char *name, int change,
                        void *ctx)
{
    (*(int *)ctx)++;
    printf("%-7s %-6s %-10s %s\n", change == BM_CAT_NEW       ? "new"
                                   : change == BM_CAT_RETIRED ? "retired"
                                                              : "changed",
           kind, code, name);
    return 0;
}

/* show CODE [--version N] | diff CODE V1 V2: a matter read back, or two compared. */
static int show_or_diff(bm_db *db, const cli_args *a, int diff, bm_err *e)
{
    const char *code = a->positional[2];
    int v1 = 0, v2 = 0;
    const char *ver = cli_opt(a, "--version");
    if ((!diff && ver && cli_parse_int("--version", ver, 1, 100000, &v1)) ||
        (diff && (a->npositional < 5 ||
                  cli_parse_int("diff", a->positional[3], 1, 100000, &v1) ||
                  cli_parse_int("diff", a->positional[4], 1, 100000, &v2))))
        return -2;
    bm_matter *x = malloc(sizeof *x), *y = malloc(sizeof *y);
    int rc = x && y ? load_version(db, code, v1, x, e) : bm_fail(e, BM_EDB, N_("Out of memory"),
                                                                 NULL);
    if (rc == BM_OK && diff && (rc = load_version(db, code, v2, y, e)) == BM_OK) {
        printf("%s version %d -> version %d\n", code, v1, v2);
        if (bm_matter_diff(x, y, NULL, print_diff, NULL) == 0)
            printf("no differences\n");
    } else if (rc == BM_OK && !diff) {
        bm_matter_retired_info ri;
        int r = bm_matter_is_retired(db, code, &ri, e);
        if (r < 0)
            rc = BM_EDB;
        else
            print_matter(x, r, &ri);
    }
    free(x);
    free(y);
    return rc;
}

/* edit CODE key=value ... (the catalogue file's keys) and set-days CODE DAYS. */
static int edit(bm_db *db, const cli_args *a, bm_err *e)
{
    const char *keys[8], *values[8];
    char pairs[8][512];
    int n = 0;
    if (!strcmp(a->positional[1], "set-days")) {
        if (a->npositional != 4)
            return -2;
        keys[0] = "promised";
        values[0] = a->positional[3];
        n = 1;
    }
    for (int i = 3; !n && i < a->npositional && i - 3 < 8; i++) {
        char *eq;
        snprintf(pairs[i - 3], sizeof pairs[0], "%s", a->positional[i]);
        if (!(eq = strchr(pairs[i - 3], '='))) {
            fprintf(stderr, "bianmin: catalogue edit: expected key=value, not %s\n",
                    a->positional[i]);
            return -2;
        }
        *eq = '\0';
        keys[i - 3] = pairs[i - 3];
        values[i - 3] = eq + 1;
    }
    if (!n)
        n = a->npositional - 3 > 8 ? 8 : a->npositional - 3;
    if (n < 1)
        return -2;
    int v = 0;
    int rc = bm_matter_edit(db, &cli_shell_actor, a->positional[2], keys, values, n, &v, e);
    if (rc == BM_OK)
        printf("%s: version %d in force for new cases; cases accepted before keep theirs\n",
               a->positional[2], v);
    return rc;
}

static int import(bm_db *db, const cli_args *a, bm_err *e)
{
    const char *file = a->positional[2];
    int rc, count = 0, added = 0, changed = 0, same = 0;
    if (cli_opt(a, "--preview")) {
        rc = bm_catalogue_preview_file(db, &cli_shell_actor, file, print_change, &count, e);
        if (rc == BM_OK)
            printf("%d differences; nothing written (import without --preview to load)\n", count);
        return rc;
    }
    rc = bm_catalogue_import(db, &cli_shell_actor, file, &added, &changed, &same, e);
    if (rc == BM_OK)
        printf("catalogue %s: %d new, %d changed (new versions) or retired, %d unchanged\n", file,
               added, changed, same);
    return rc;
}

int cli_catalogue(const cli_args *a)
{
    static const char *const verbs[] = {"list", "show", "versions", "diff", "edit",
                                        "set-days", "retire", "import"};
    const char *verb = a->npositional >= 2 ? a->positional[1] : "";
    int known = 0;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        known |= strcmp(verb, verbs[i]) == 0;
    if (!known || (a->npositional < 3 && strcmp(verb, "list")))
        return cli_usage(2);
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_err e;
    int rc, count = 0;
    if (!strcmp(verb, "list")) {
        rc = bm_catalogue_browse(db, cli_opt(a, "--find"), print_brief, &count, &e);
    } else if (!strcmp(verb, "versions")) {
        rc = bm_matter_versions(db, a->positional[2], print_version, db, &e);
        struct find_version f = {0, 0, 0};
        if (rc == BM_OK && bm_matter_versions(db, a->positional[2], note_version, &f, &e) ==
                               BM_OK && !f.count)
            rc = bm_fail(&e, BM_ENOTFOUND, N_("The catalogue has no such matter"), "%s",
                         a->positional[2]);
    } else if (!strcmp(verb, "show") || !strcmp(verb, "diff")) {
        rc = show_or_diff(db, a, !strcmp(verb, "diff"), &e);
    } else if (!strcmp(verb, "retire")) {
        const char *reason = cli_opt(a, "--reason");
        rc = bm_matter_retire(db, &cli_shell_actor, a->positional[2], reason ? reason : "", &e);
        if (rc == BM_OK)
            printf("%s retired: new intake of it is refused; its cases stay as they are\n",
                   a->positional[2]);
    } else if (!strcmp(verb, "import")) {
        rc = import(db, a, &e);
    } else {
        rc = edit(db, a, &e);
    }
    bm_db_close(db);
    if (rc == -2)
        return cli_usage(2);
    if (rc != BM_OK) {
        cli_print_err(a->positional[2] ? a->positional[2] : "catalogue", &e);
        return 1;
    }
    return 0;
}
